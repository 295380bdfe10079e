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

// The composer's counter: its script and the twitter-text library it counts with load only on pages that have
// a composer (the composer names both, with their cache-busting static URLs). Scripts added this way run in
// order; composer.js then attaches itself to every composer, now and after each htmx swap.
var composerScriptsRequested = false;

function loadComposerScripts(root) {
  if (composerScriptsRequested || !root || !root.querySelector) {
    return;
  }
  var meter = root.matches && root.matches("[data-composer-scripts]") ? root : root.querySelector("[data-composer-scripts]");
  if (!meter) {
    return;
  }
  composerScriptsRequested = true;
  meter.getAttribute("data-composer-scripts").split(" ").forEach(function (src) {
    var script = document.createElement("script");
    script.src = src;
    script.async = false;
    document.head.appendChild(script);
  });
}

document.addEventListener("DOMContentLoaded", function () { loadComposerScripts(document); });
document.addEventListener("htmx:load", function (event) { loadComposerScripts(event.target); });

// New posts arrive at the top of the timeline; a post already shown further down (a fresh retweet of it
// brought it back up) keeps only its newest card, so no post is shown twice and no id repeats.
document.addEventListener("htmx:oobAfterSwap", function (event) {
  var timeline = document.getElementById("timeline");
  if (!timeline || event.detail.target !== timeline) { return; }
  var seen = {};
  Array.prototype.forEach.call(timeline.querySelectorAll(":scope > article[id^='post-']"), function (card) {
    if (seen[card.id]) { card.remove(); } else { seen[card.id] = true; }
  });
});
