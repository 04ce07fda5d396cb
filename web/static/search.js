// Praxis search: "/" jumps to the search box, and the ask form shows the
// questions and articles that may already answer a draft, and the people
// who answered them. Every page works without this file.
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

  // Similar questions, and the people who answered them, while asking.
  var form = document.getElementById("ask-form");
  var panel = document.getElementById("similar");
  if (!form || !panel || !window.fetch) return;
  var title = form.querySelector("#title");
  var body = form.querySelector("#body");
  var endpoint = form.getAttribute("data-similar");
  if (!title || !endpoint) return;
  var expertsPanel = document.getElementById("experts");
  var expertsEndpoint = form.getAttribute("data-experts");

  var MIN_TITLE = 3, DELAY = 350, LIMIT = 5, EXPERTS = 3, MAX_BODY = 2000;
  var timer = 0, seq = 0, last = "", controller = null;

  function clear(p) {
    if (!p) return;
    p.hidden = true;
    while (p.firstChild) p.removeChild(p.firstChild);
  }

  function el(tag, cls, text) {
    var n = document.createElement(tag);
    if (cls) n.className = cls;
    if (text) n.textContent = text;
    return n;
  }

  function plural(n, one, many) {
    return n === 1 ? "1 " + one : n + " " + many;
  }

  function show(hits) {
    clear(panel);
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
      var meta = h.kind === "article" ? "Article" : plural(h.reply_count || 0, "reply", "replies");
      li.appendChild(document.createTextNode(" "));
      li.appendChild(el("span", "meta", meta));
      list.appendChild(li);
    });
    panel.appendChild(list);
    panel.hidden = false;
  }

  function showExperts(experts) {
    clear(expertsPanel);
    if (!expertsPanel || !experts.length) return;
    expertsPanel.appendChild(el("h2", "similar-heading", "People who may know"));
    var list = el("ul", "plain similar-list");
    experts.forEach(function (e) {
      var li = el("li", "similar-hit");
      var a = el("a", "", e.person.name || "@" + e.person.handle);
      a.href = "/u/" + encodeURIComponent(e.person.handle);
      li.appendChild(a);
      var parts = [];
      if (e.answers) parts.push(plural(e.answers, "answer", "answers") + " to questions like this" +
        (e.accepted ? " (" + e.accepted + " accepted)" : ""));
      if (e.articles) parts.push("wrote " + plural(e.articles, "article", "articles") + " on it");
      li.appendChild(document.createTextNode(" "));
      li.appendChild(el("span", "meta", parts.join(" · ")));
      list.appendChild(li);
    });
    expertsPanel.appendChild(list);
    expertsPanel.hidden = false;
  }

  function get(url, signal) {
    return fetch(url, {
      credentials: "same-origin",
      headers: { Accept: "application/json" },
      signal: signal
    }).then(function (r) {
      if (!r.ok) throw new Error(url + ": " + r.status);
      return r.json();
    });
  }

  function lookUp() {
    var t = title.value.trim();
    if (t.length < MIN_TITLE) {
      last = "";
      clear(panel);
      clear(expertsPanel);
      return;
    }
    var b = body ? body.value.trim().slice(0, MAX_BODY) : "";
    var params = "title=" + encodeURIComponent(t) + "&body=" + encodeURIComponent(b);
    if (params === last) return;
    last = params;
    if (controller) controller.abort();
    controller = window.AbortController ? new AbortController() : null;
    var signal = controller ? controller.signal : undefined;
    var mine = ++seq;
    var failed = function () {
      if (mine === seq) last = ""; // try again on the next keystroke
    };
    get(endpoint + "?" + params + "&limit=" + LIMIT, signal).then(function (data) {
      if (mine === seq) show((data && data.similar) || []); // else a newer draft was sent since
    }).catch(failed);
    if (expertsPanel && expertsEndpoint) {
      get(expertsEndpoint + "?" + params + "&limit=" + EXPERTS, signal).then(function (data) {
        if (mine === seq) showExperts((data && data.experts) || []);
      }).catch(failed);
    }
  }

  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(lookUp, DELAY);
  }

  title.addEventListener("input", schedule);
  if (body) body.addEventListener("input", schedule);
  if (title.value.trim().length >= MIN_TITLE) schedule();
})();
