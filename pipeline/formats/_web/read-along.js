/* Read-along for the pipeline's web edition: highlights the sentence being heard, seeks
   from the text and the chapter list, and switches language at the same place. Plain
   script, no framework; works from file:// and any static host. */
(function () {
  "use strict";
  var root = document.documentElement;

  // index.html: open the page in the browser's language, else the first listed (English).
  if (root.hasAttribute("data-pages")) {
    var pages = root.getAttribute("data-pages").split(" ");
    var asked = navigator.languages && navigator.languages.length
      ? navigator.languages : [navigator.language || ""];
    var chosen = pages[0];
    for (var a = 0; a < asked.length; a++) {
      var code = String(asked[a]).toLowerCase().split("-")[0];
      if (pages.indexOf(code) >= 0) { chosen = code; break; }
    }
    location.replace(chosen + ".html" + location.search + location.hash);
    return;
  }

  var dataNode = document.getElementById("read-along-data");
  var main = document.querySelector("main");
  if (!dataNode || !main) return;
  var data = JSON.parse(dataNode.textContent);
  var cues = data.cues; // [anchor, start, end] in seconds of the book, in reading order
  var chapters = data.chapters; // {id, title, start, end}; no times for a chapter not heard
  var audio = document.getElementById("book");
  var player = document.querySelector(".player");
  var follow = document.getElementById("follow");
  var resume = document.getElementById("resume");
  var tocLinks = [].slice.call(document.querySelectorAll(".toc a"));
  var switches = [].slice.call(document.querySelectorAll("a.switch"));
  var sentences = [].slice.call(main.querySelectorAll(".s"));
  var reduced = window.matchMedia ? matchMedia("(prefers-reduced-motion: reduce)") : null;
  // A seek lands a few milliseconds off on some MP3s: still the sentence asked for.
  var EPS = 0.02;

  var cueIndex = {};
  var cueChapter = [];
  var chapterFirstCue = chapters.map(function () { return -1; });
  cues.forEach(function (cue, i) {
    cueIndex[cue[0]] = i;
    var chapter = parseInt(cue[0].slice(1), 10) - 1;
    cueChapter.push(chapter);
    if (chapterFirstCue[chapter] === -1) chapterFirstCue[chapter] = i;
  });

  var current = -1;
  var currentChapter = -1;
  var started = false; // nothing is marked until the reader plays or seeks
  var roving = null; // the one sentence reached by Tab; arrow keys move it

  function setRoving(el) {
    if (!el || el === roving) return;
    if (roving) roving.tabIndex = -1;
    el.tabIndex = 0;
    roving = el;
  }
  // Tab reaches the text at its first sentence (the title is one arrow key above it).
  setRoving(document.querySelector("#text .s") || sentences[0]);

  function behaviour() {
    return reduced && reduced.matches ? "auto" : "smooth";
  }

  function chapterAt(t) {
    var found = 0;
    for (var i = 0; i < chapters.length; i++) {
      if (chapters[i].start !== null && chapters[i].start <= t + EPS) found = i;
    }
    return found;
  }

  function cueAt(t) {
    var lo = 0, hi = cues.length - 1, found = -1;
    while (lo <= hi) {
      var mid = (lo + hi) >> 1;
      if (cues[mid][1] <= t + EPS) { found = mid; lo = mid + 1; } else hi = mid - 1;
    }
    return found;
  }

  // The sentence heard at t: the last one begun in this chapter, or, in the pause before a
  // chapter's first words, the one about to be heard.
  function sentenceAt(t) {
    if (!cues.length) return -1;
    var chapter = chapterAt(t);
    var i = cueAt(t);
    if (i < 0 || cueChapter[i] !== chapter) i = chapterFirstCue[chapter];
    return i;
  }

  function keepInView(el) {
    if (!follow || !follow.checked) return;
    var box = el.getBoundingClientRect();
    var top = player ? Math.max(0, player.getBoundingClientRect().bottom) : 0;
    if (box.top >= top && box.bottom <= window.innerHeight * 0.85) return;
    el.scrollIntoView({ block: "center", behavior: behaviour() });
  }

  function mark(el, on) {
    if (!el) return;
    el.classList.toggle("is-current", on);
    if (on) el.setAttribute("aria-current", "true"); else el.removeAttribute("aria-current");
  }

  function render(t, scroll) {
    if (!started) return;
    var i = sentenceAt(t);
    if (i !== current) {
      if (current >= 0) mark(document.getElementById(cues[current][0]), false);
      current = i;
      var el = i >= 0 ? document.getElementById(cues[i][0]) : null;
      if (el) {
        mark(el, true);
        setRoving(el);
        if (scroll) keepInView(el);
      }
    }
    var chapter = chapters.length ? chapterAt(t) : -1;
    if (chapter !== currentChapter) {
      if (tocLinks[currentChapter]) tocLinks[currentChapter].removeAttribute("aria-current");
      currentChapter = chapter;
      if (tocLinks[chapter]) tocLinks[chapter].setAttribute("aria-current", "true");
    }
  }

  function seek(t) {
    if (!audio) return;
    started = true;
    audio.currentTime = t;
    render(t, false);
  }

  function firstSentenceOf(chapter) {
    var prefix = "s" + (chapter + 1) + "-";
    for (var i = 0; i < sentences.length; i++) {
      if (sentences[i].id.indexOf(prefix) === 0) return sentences[i];
    }
    return null;
  }

  function target(id) {
    var el = document.getElementById(id);
    return el && el.classList.contains("s") ? el : null;
  }

  // An anchor from either language's page ("s2-b3-n2", a table row's "s2-b4-r3"): that
  // sentence or row, else the nearest earlier one of its block (its announcement, for a
  // row), else its chapter's first sentence.
  function resolve(anchor) {
    var parts = /^s(\d+)(?:-b(\d+)(?:-([nr])(\d+))?)?$/.exec(anchor);
    if (!parts) return null;
    var el = target(anchor);
    if (el) return el;
    if (parts[2]) {
      var block = "s" + parts[1] + "-b" + parts[2] + "-";
      var kind = parts[3] || "n";
      for (var n = (parseInt(parts[4] || "1", 10)) - 1; n >= 1; n--) {
        el = target(block + kind + n);
        if (el) return el;
      }
      el = target(block + "n1");
      if (el) return el;
    }
    return firstSentenceOf(parseInt(parts[1], 10) - 1);
  }

  function playFromHere() {
    var playing = audio.play();
    if (playing && playing.catch) {
      playing.catch(function () {
        // The browser wants a gesture first: say so beside the player.
        if (resume) resume.textContent = resume.getAttribute("data-text");
      });
    }
  }

  function openChapter(n) {
    var section = document.getElementById(chapters[n].id);
    if (audio && chapters[n].start !== null) seek(chapters[n].start);
    var first = firstSentenceOf(n);
    if (first) {
      setRoving(first);
      first.focus({ preventScroll: true });
    }
    if (section) section.scrollIntoView({ block: "start", behavior: behaviour() });
    try { history.replaceState(null, "", "#" + chapters[n].id); } catch (e) { /* file:// */ }
  }

  tocLinks.forEach(function (link, n) {
    link.addEventListener("click", function (event) {
      event.preventDefault();
      openChapter(n);
    });
  });

  main.addEventListener("click", function (event) {
    if (!event.target.closest || event.target.closest("a")) return; // a link goes, not seeks
    var el = event.target.closest(".s");
    if (!el || !(el.id in cueIndex)) return;
    var selection = window.getSelection ? getSelection() : null;
    if (selection && !selection.isCollapsed) return; // selecting text, not seeking
    setRoving(el);
    seek(cues[cueIndex[el.id]][1]);
  });

  main.addEventListener("keydown", function (event) {
    var el = event.target;
    if (!el.classList || !el.classList.contains("s")) return;
    var k = sentences.indexOf(el);
    var next = null;
    if (event.key === "Enter") {
      if (el.id in cueIndex) seek(cues[cueIndex[el.id]][1]);
    } else if (event.key === " ") {
      if (audio) { if (audio.paused) playFromHere(); else audio.pause(); }
    } else if (event.key === "ArrowDown" || event.key === "ArrowRight") {
      next = sentences[k + 1];
    } else if (event.key === "ArrowUp" || event.key === "ArrowLeft") {
      next = sentences[k - 1];
    } else if (event.key === "Home") {
      next = sentences[0];
    } else if (event.key === "End") {
      next = sentences[sentences.length - 1];
    } else {
      return;
    }
    event.preventDefault();
    if (next) {
      setRoving(next);
      next.focus();
    }
  });

  // Where to go on in another language: the sentence heard, else the first on screen.
  function position() {
    if (current >= 0) return cues[current][0];
    var top = player ? Math.max(0, player.getBoundingClientRect().bottom) : 0;
    for (var i = 0; i < sentences.length; i++) {
      if (sentences[i].getBoundingClientRect().bottom > top) return sentences[i].id;
    }
    return "";
  }

  switches.forEach(function (link) {
    var page = link.getAttribute("href").split(/[?#]/)[0];
    link.addEventListener("click", function () {
      var anchor = position();
      var playing = audio && !audio.paused;
      link.href = page + (playing ? "?play=1" : "") + (anchor ? "#" + anchor : "");
    });
  });

  if (audio) {
    var frame = 0;
    var tick = function () {
      render(audio.currentTime, true);
      frame = requestAnimationFrame(tick);
    };
    audio.addEventListener("play", function () {
      started = true;
      if (resume) resume.textContent = "";
      if (!frame) frame = requestAnimationFrame(tick);
    });
    audio.addEventListener("pause", function () {
      cancelAnimationFrame(frame);
      frame = 0;
      render(audio.currentTime, false);
    });
    audio.addEventListener("seeked", function () {
      started = true;
      render(audio.currentTime, true);
    });
  }

  // Arriving from a link: "#s3" opens chapter 3, "#s3-b2-n1" that sentence (or the nearest);
  // "?play=1" (the other language was playing) plays on.
  function arrive() {
    var anchor = decodeURIComponent(location.hash.slice(1));
    var chapter = /^s(\d+)$/.exec(anchor);
    if (chapter) {
      var n = parseInt(chapter[1], 10) - 1;
      if (chapters[n] && audio && chapters[n].start !== null) seek(chapters[n].start);
      return;
    }
    var el = resolve(anchor);
    if (!el) return;
    setRoving(el);
    if (audio && el.id in cueIndex) seek(cues[cueIndex[el.id]][1]);
    el.scrollIntoView({ block: "center" });
    try {
      history.replaceState(null, "", location.pathname + "#" + el.id); // a reload won't play
    } catch (e) { /* some browsers refuse on file:// */ }
  }

  var playOn = /(^|[?&])play=1(&|$)/.test(location.search.slice(1));
  arrive();
  window.addEventListener("hashchange", arrive);
  if (audio && playOn) playFromHere();
})();
