// Progressive enhancement only: every page works without this file.
document.addEventListener("htmx:responseError", function (event) {
  var region = document.getElementById("htmx-errors");
  if (region) {
    region.textContent = "Something went wrong (" + event.detail.xhr.status + "). Please try again.";
  }
});

document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll(".js-print").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
});
