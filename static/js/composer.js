// The composer's counter, as on X: a ring that fills with the post's weighted length, amber with 20 or fewer
// characters left, red with a negative count past 280; the characters past the limit highlighted behind the
// text; Post disabled while the text is empty or too long. The count is twitter-text's parseTweet (vendored as
// static/vendor/twitter-text-3.1.0.min.js), the rules practice.tweettext follows on the server, applied to the
// text the server will judge (line breaks as LF, surrounding whitespace stripped).
//
// app.js loads this file only on pages with a composer. Without it, or without JavaScript, the server counts
// and refuses an over-long post with a message, as before.
(function () {
  "use strict";
  if (window.TweetCampComposer || !window.twttr || !window.twttr.txt) {
    return;
  }
  var txt = window.twttr.txt;
  var LIMIT = 280;
  var NEAR = 20;
  // A text this long is counted in pieces split at spaces and line breaks (no URL or emoji spans one), so a
  // pasted essay costs time in proportion to its length: twitter-text's URL pattern is slow on long runs of
  // text without spaces. A run longer than any URL the rules accept is cut where it reaches this length.
  var WHOLE = 2000;
  var RUN = 4200;
  var LONG_TEXT_DELAY = 150;
  // The server's message templates carry this number where the count goes (see composer_meter.html).
  var PLACEHOLDER = "99999";

  // Python's str.isspace(): what the server's strip() removes before it counts.
  function isSpace(code) {
    return (code >= 9 && code <= 13) || (code >= 0x1c && code <= 0x20) || code === 0x85 || code === 0xa0 ||
      code === 0x1680 || (code >= 0x2000 && code <= 0x200a) || code === 0x2028 || code === 0x2029 ||
      code === 0x202f || code === 0x205f || code === 0x3000;
  }

  function isBreak(code) {
    return code === 0x20 || code === 0x0a || code === 0x09;
  }

  // Where the piece starting at `start` ends: after its run of non-spaces and the spaces that follow it.
  function pieceEnd(text, start) {
    var end = start;
    var n = text.length;
    while (end < n && !isBreak(text.charCodeAt(end)) && end - start < RUN) {
      end += 1;
    }
    var code = text.charCodeAt(end - 1);
    if (end < n && end - start >= RUN && code >= 0xd800 && code <= 0xdbff) {
      end += 1; // never split a surrogate pair
    }
    while (end < n && isBreak(text.charCodeAt(end))) {
      end += 1;
    }
    return end;
  }

  function withLimit(config, limit) {
    return Object.assign({}, config, { maxWeightedTweetLength: limit });
  }

  // Where `text` first goes past `limit` (a UTF-16 offset), given that its whole weight does. parseTweet
  // reports its first element as valid even when that element alone is over the limit, so the text is
  // measured behind a space (weight 1; it changes no URL or emoji next to it) that always fits.
  function overflowStart(text, config, limit) {
    return txt.parseTweet(" " + text, withLimit(config, limit + 1)).validRangeEnd;
  }

  // The weighted length of `text` as parseTweet counts it, and the offset of the first character past the
  // limit (-1 when within it).
  function weigh(text, config) {
    config = config || txt.configs.defaults;
    var limit = config.maxWeightedTweetLength;
    var total = 0;
    var overFrom = -1;
    var start = 0;
    while (start < text.length) {
      var end = text.length <= WHOLE ? text.length : pieceEnd(text, start);
      var piece = text.slice(start, end);
      var weight = txt.parseTweet(piece, config).weightedLength;
      if (overFrom < 0 && total + weight > limit) {
        overFrom = start + (total >= limit ? 0 : overflowStart(piece, config, limit - total));
      }
      total += weight;
      start = end;
    }
    return { weighted: total, overFrom: overFrom };
  }

  // The count the server gives the composer's text: practice.services.text.count().
  function measure(raw) {
    var text = raw.indexOf("\r") < 0 ? raw : raw.replace(/\r\n?/g, "\n");
    var start = 0;
    var end = text.length;
    while (start < end && isSpace(text.charCodeAt(start))) {
      start += 1;
    }
    while (end > start && isSpace(text.charCodeAt(end - 1))) {
      end -= 1;
    }
    if (start === end) {
      return { weighted: 0, left: LIMIT, empty: true, overFrom: -1 };
    }
    var counted = weigh(text.slice(start, end));
    return {
      weighted: counted.weighted,
      left: LIMIT - counted.weighted,
      empty: false,
      overFrom: counted.overFrom < 0 ? -1 : start + counted.overFrom,
    };
  }

  function band(left) {
    return left < 0 ? "over" : left <= NEAR ? "near" : "ok";
  }

  function sentence(meter, left) {
    var n = Math.abs(left);
    var key = (left < 0 ? "over" : "left") + (n === 1 ? "One" : "Other");
    return (meter.dataset[key] || "").replace(PLACEHOLDER, String(n));
  }

  function attach(form) {
    if (form.dataset.composerReady) {
      return;
    }
    var box = form.querySelector("[data-composer-text]");
    var meter = form.querySelector("[data-composer-meter]");
    if (!box || !meter) {
      return;
    }
    form.dataset.composerReady = "1";
    var submit = form.querySelector("[data-composer-submit]");
    var live = form.querySelector("[data-composer-live]");
    var now = form.querySelector("[data-composer-now]");
    var fill = meter.querySelector(".ring__fill");
    var number = meter.querySelector("[data-composer-left]");
    var serverCount = form.querySelector("[data-composer-server-count]");

    // The overflow highlight: a copy of the text behind the (transparent) textarea, the part past the limit
    // marked. Built from text nodes only, never parsed as HTML.
    var wrap = document.createElement("div");
    wrap.className = "composer__box";
    var backdrop = document.createElement("div");
    backdrop.className = "composer__backdrop";
    backdrop.setAttribute("aria-hidden", "true");
    box.parentNode.insertBefore(wrap, box);
    wrap.appendChild(backdrop);
    wrap.appendChild(box);

    form.classList.add("composer--live");
    meter.hidden = false;
    if (serverCount) {
      // This script announces the count now, at thresholds, rather than the server's sentence on every pause.
      serverCount.removeAttribute("aria-live");
    }
    var heard = { band: null, step: null, warned: !!(serverCount && serverCount.querySelector(".policy-warnings")) };
    var timer = null;

    function paint(m) {
      var state = m.empty ? "empty" : band(m.left);
      meter.classList.toggle("composer__meter--near", state === "near");
      meter.classList.toggle("composer__meter--over", state === "over");
      fill.setAttribute("stroke-dashoffset", String(100 - Math.min(100, (m.weighted / LIMIT) * 100)));
      number.textContent = !m.empty && m.left <= NEAR ? String(m.left) : "";
      if (now) {
        now.textContent = sentence(meter, m.left);
      }
      if (submit) {
        submit.disabled = m.empty || m.left < 0;
      }
      var value = box.value;
      backdrop.textContent = "";
      if (m.overFrom >= 0) {
        backdrop.appendChild(document.createTextNode(value.slice(0, m.overFrom)));
        var mark = document.createElement("mark");
        mark.textContent = value.slice(m.overFrom);
        backdrop.appendChild(mark);
      }
      backdrop.scrollTop = box.scrollTop;
    }

    // Spoken politely when the count enters a band (20 left, over the limit) and at every ten within them;
    // never on each keystroke.
    function announce(m) {
      var b = m.empty ? "ok" : band(m.left);
      var step = Math.ceil(m.left / 10);
      var first = heard.band === null;
      if (!first && b !== heard.band) {
        live.textContent = sentence(meter, m.left);
      } else if (!first && b !== "ok" && step !== heard.step) {
        live.textContent = sentence(meter, m.left);
      }
      heard.band = b;
      heard.step = step;
    }

    function grow() {
      box.style.height = "auto";
      box.style.height = box.scrollHeight + 2 + "px";
    }

    function update() {
      timer = null;
      var m = measure(box.value);
      paint(m);
      if (live) {
        announce(m);
      }
    }

    box.addEventListener("input", function () {
      // A message the server gave about the text sent before is stale once the text changes.
      form.querySelectorAll("[data-composer-error]").forEach(function (error) {
        error.remove();
      });
      box.removeAttribute("aria-invalid");
      grow();
      if (timer !== null) {
        window.clearTimeout(timer);
      }
      if (box.value.length > WHOLE) {
        timer = window.setTimeout(update, LONG_TEXT_DELAY);
      } else {
        update();
      }
    });
    box.addEventListener("scroll", function () {
      backdrop.scrollTop = box.scrollTop;
    });
    box.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        if (submit && !submit.disabled) {
          form.requestSubmit(submit);
        }
      }
    });
    if (serverCount && live) {
      // The policy checker's warnings arrive from the server a moment after typing stops: say when they appear.
      serverCount.addEventListener("htmx:afterSwap", function () {
        var warning = serverCount.querySelector(".policy-warnings p");
        if (warning && !heard.warned) {
          live.textContent = warning.textContent;
        }
        heard.warned = !!warning;
      });
    }
    if (window.ResizeObserver) {
      // A narrower composer (a phone turned, a window resized) wraps to more lines: grow to fit them.
      var width = wrap.clientWidth;
      new ResizeObserver(function () {
        if (wrap.clientWidth !== width) {
          width = wrap.clientWidth;
          grow();
        }
      }).observe(wrap);
    }
    grow();
    update();
  }

  function attachAll(root) {
    if (root.matches && root.matches("[data-composer]")) {
      attach(root);
    }
    if (root.querySelectorAll) {
      root.querySelectorAll("[data-composer]").forEach(attach);
    }
  }

  window.TweetCampComposer = { attach: attach, measure: measure, weigh: weigh };
  document.addEventListener("htmx:load", function (event) {
    attachAll(event.target);
  });
  attachAll(document);
})();
