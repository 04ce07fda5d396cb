// Praxis: small progressive enhancements. Every page works without this file.
(function () {
  "use strict";
  // Ask before destructive actions marked with data-confirm.
  document.addEventListener("click", function (e) {
    var el = e.target.closest("[data-confirm]");
    if (el && !window.confirm(el.getAttribute("data-confirm"))) {
      e.preventDefault();
    }
  });
  // Copy a secret shown once (API tokens, invitation links).
  document.addEventListener("click", function (e) {
    var btn = e.target.closest("[data-copy]");
    if (!btn || !navigator.clipboard) return;
    var src = document.getElementById(btn.getAttribute("data-copy"));
    if (!src) return;
    navigator.clipboard.writeText(src.textContent.trim()).then(function () {
      btn.textContent = "Copied";
    });
  });
  // New replies appear on a thread page as they are written. The server
  // renders each one for this viewer; a reload shows the same.
  var thread = document.querySelector("article[data-live]");
  var list = document.getElementById("posts");
  if (thread && list && window.EventSource) {
    var count = document.getElementById("reply-count");
    var status = document.getElementById("live-status");
    var last = 0;
    thread.querySelectorAll("[data-post]").forEach(function (el) {
      last = Math.max(last, Number(el.getAttribute("data-post")) || 0);
    });
    // On reconnecting, the browser sends the last event's id itself.
    var source = new EventSource(thread.getAttribute("data-live") + "?after=" + last);
    source.addEventListener("post", function (e) {
      var data;
      try {
        data = JSON.parse(e.data);
      } catch (err) {
        return;
      }
      if (document.getElementById("post-" + data.id)) return;
      var tpl = document.createElement("template");
      tpl.innerHTML = data.html;
      list.appendChild(tpl.content);
      if (count && data.replies) {
        var n = data.replies;
        count.textContent = n;
        var word = count.nextSibling;
        if (word && word.nodeType === Node.TEXT_NODE) {
          word.nodeValue = word.nodeValue.replace(/answers?|repl(?:y|ies)/, function (w) {
            var forms = w.charAt(0) === "a" ? ["answer", "answers"] : ["reply", "replies"];
            return forms[n === 1 ? 0 : 1];
          });
        }
      }
      if (status) status.textContent = "New reply from " + (data.author || "a former member") + ".";
    });
  }
})();
