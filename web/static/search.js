// Praxis search: "/" jumps to the search box, and the ask form shows the
// questions and articles that may already answer a draft. Every page works
// without this file.
(function () {
  "use strict";

  // "/" focuses the search box in the header, unless one is typing.
  document.addEventListener("keydown", function (e) {
    if (e.key !== "/" || e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented) return;
    var t = e.target;
    if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return;
    var box = document.getElementById("site-search");
    if (!box) return;
    e.preventDefault();
    box.focus();
    box.select();
  });

  // Similar questions while asking.
  var form = document.getElementById("ask-form");
  var panel = document.getElementById("similar");
  if (!form || !panel || !window.fetch) return;
  var title = form.querySelector("#title");
  var body = form.querySelector("#body");
  var endpoint = form.getAttribute("data-similar");
  if (!title || !endpoint) return;

  var MIN_TITLE = 3, DELAY = 350, LIMIT = 5, MAX_BODY = 2000;
  var timer = 0, seq = 0, last = "", controller = null;

  function clear() {
    panel.hidden = true;
    while (panel.firstChild) panel.removeChild(panel.firstChild);
  }

  function el(tag, cls, text) {
    var n = document.createElement(tag);
    if (cls) n.className = cls;
    if (text) n.textContent = text;
    return n;
  }

  function show(hits) {
    clear();
    if (!hits.length) return;
    panel.appendChild(el("h2", "similar-heading", "These may already answer your question"));
    var list = el("ul", "plain similar-list");
    hits.forEach(function (h) {
      var li = el("li", "similar-hit");
      var a = el("a", "", h.title);
      a.href = h.url; // same tab: the draft is kept by the browser's history
      li.appendChild(a);
      if (h.solved) {
        li.appendChild(document.createTextNode(" "));
        li.appendChild(el("span", "badge badge-solved", "Solved"));
      }
      var meta = h.kind === "article" ? "Article" :
        h.reply_count === 1 ? "1 reply" : (h.reply_count || 0) + " replies";
      li.appendChild(document.createTextNode(" "));
      li.appendChild(el("span", "meta", meta));
      list.appendChild(li);
    });
    panel.appendChild(list);
    panel.hidden = false;
  }

  function lookUp() {
    var t = title.value.trim();
    if (t.length < MIN_TITLE) {
      last = "";
      clear();
      return;
    }
    var b = body ? body.value.trim().slice(0, MAX_BODY) : "";
    var params = "title=" + encodeURIComponent(t) + "&body=" + encodeURIComponent(b) + "&limit=" + LIMIT;
    if (params === last) return;
    last = params;
    if (controller) controller.abort();
    controller = window.AbortController ? new AbortController() : null;
    var mine = ++seq;
    fetch(endpoint + "?" + params, {
      credentials: "same-origin",
      headers: { Accept: "application/json" },
      signal: controller ? controller.signal : undefined
    }).then(function (r) {
      if (!r.ok) throw new Error("similar: " + r.status);
      return r.json();
    }).then(function (data) {
      if (mine !== seq) return; // a newer draft was sent since
      show((data && data.similar) || []);
    }).catch(function () {
      if (mine === seq) last = ""; // try again on the next keystroke
    });
  }

  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(lookUp, DELAY);
  }

  title.addEventListener("input", schedule);
  if (body) body.addEventListener("input", schedule);
  if (title.value.trim().length >= MIN_TITLE) schedule();
})();
