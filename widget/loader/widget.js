/* Canal chat loader: <script src="https://CANAL/widget.js" data-channel="ID" async>
 * Why an iframe: the conversation, the visitor token and the widget's code run
 * on Canal's origin, so neither the host page's CSS nor its scripts (third-party
 * ones included) can read or break them, and the widget cannot break the page.
 * This file only draws the launcher (in a shadow root) and that iframe. */
(function (w, d) {
  "use strict";
  var s = d.currentScript,
    ch = s && s.dataset.channel;
  // Included twice, or without a channel: do nothing.
  if (!ch || (w.canal && typeof w.canal.open == "function")) return;
  // The launcher's labels by language (open, close, unread, frame title),
  // put in from the message catalog by the build.
  var T = /*LABELS*/,
    O = new URL(s.src).origin,
    lang = s.dataset.lang || d.documentElement.lang || "",
    t = T[lang.slice(0, 2).toLowerCase()] || T[(navigator.language || "").slice(0, 2).toLowerCase()] || T.en,
    open = false,
    unread = 0,
    // Out of working hours with "hide the launcher" (R-WH-3), unless the
    // visitor has a conversation going (the frame says so).
    away = false,
    active = false,
    r, W, L, B, f;
  var css =
    ".l{position:fixed;right:20px;bottom:20px;z-index:2147483647;display:grid;place-items:center;width:56px;height:56px;padding:0;border:0;border-radius:50%;background:#0b57d0;color:#fff;cursor:pointer;box-shadow:0 4px 14px rgba(0,0,0,.3)}" +
    ".l[hidden]{display:none}.l:focus-visible{outline:3px solid #0b57d0;outline-offset:3px}" +
    ".l svg{width:28px;height:28px}.x,.o .c{display:none}.o .x{display:block}" +
    ".b{position:absolute;top:-2px;right:-2px;min-width:20px;height:20px;padding:0 5px;box-sizing:border-box;border-radius:10px;background:#d1242f;font:600 12px/20px system-ui,sans-serif}" +
    ".f{position:fixed;right:20px;bottom:88px;z-index:2147483647;width:370px;height:560px;max-width:calc(100vw - 40px);max-height:calc(100vh - 108px);border:0;border-radius:12px;background:#fff;box-shadow:0 8px 32px rgba(0,0,0,.3);visibility:hidden;opacity:0;transition:opacity .15s,visibility .15s}" +
    ".o .f{visibility:visible;opacity:1}" +
    "@media (max-width:480px){.f{inset:0;width:100%;height:100%;max-width:none;max-height:none;border-radius:0}}";

  // Messages go to Canal's origin only.
  function post(m) {
    f && f.contentWindow && f.contentWindow.postMessage(m, O);
  }

  // The iframe, made once: on first click, or earlier when the page is idle.
  function frame() {
    if (f) return;
    f = d.createElement("iframe");
    f.className = "f";
    f.title = t[3];
    f.setAttribute("data-testid", "canal-frame");
    f.src =
      O + "/widget/frame.html?channel=" + encodeURIComponent(ch) +
      "&lang=" + encodeURIComponent(lang) +
      "&host=" + encodeURIComponent(location.origin) +
      "&page=" + encodeURIComponent(location.href.slice(0, 2e3)) +
      // The site's signed user, in the fragment: never sent to a server.
      (s.dataset.userToken ? "#identity=" + encodeURIComponent(s.dataset.userToken) : "");
    W.appendChild(f);
  }

  // Whether the channel wants the launcher hidden now; asked again when
  // that changes (within a day).
  function hours() {
    fetch(O + "/api/widget/config?channel=" + encodeURIComponent(ch))
      .then(function (r) {
        return r.json().then(function (c) {
          // This site may not embed the channel (R-W-6): say why, show nothing.
          if (r.status == 403) {
            console.error("Canal: " + c.message);
            if (W && W.parentNode) W.parentNode.host.remove();
            f = 1;
            throw 0;
          }
          return c;
        });
      })
      .then(function (c) {
        away = !c.open && c.out_of_hours == "hide";
        L.hidden = away && !active && !open;
        var ms = c.next_change - Date.now();
        if (ms > 0 && ms < 864e5) setTimeout(hours, ms + 1e3);
      }, function () {});
  }

  function badge() {
    B.textContent = unread > 99 ? "99+" : unread;
    B.hidden = open || !unread;
    L.setAttribute("aria-label", t[open ? 1 : 0] + (unread && !open ? ". " + t[2].replace("%n", unread) : ""));
  }

  function toggle(o, fromFrame) {
    frame();
    open = o;
    W.className = o ? "o" : "";
    L.setAttribute("aria-expanded", o);
    badge();
    post({ canal: o ? "open" : "closed" });
    if (o) f.focus();
    else if (fromFrame) L.focus();
  }

  function init() {
    var h = d.createElement("div");
    // Host CSS may target every div: reset this one.
    h.style.cssText = "all:initial!important";
    r = h.attachShadow({ mode: "open" });
    try {
      // Not subject to the host's style-src CSP, unlike a <style>.
      var sheet = new CSSStyleSheet();
      sheet.replaceSync(css);
      r.adoptedStyleSheets = [sheet];
    } catch (e) {
      r.appendChild(d.createElement("style")).textContent = css;
    }
    r.innerHTML +=
      '<div><button class="l" type="button" data-testid="canal-launcher" aria-expanded="false">' +
      '<svg class="c" viewBox="0 0 24 24" aria-hidden="true"><path fill="currentColor" d="M4 3h16a2 2 0 012 2v11a2 2 0 01-2 2H9l-5 4v-4a2 2 0 01-2-2V5a2 2 0 012-2z"/></svg>' +
      '<svg class="x" viewBox="0 0 24 24" aria-hidden="true"><path stroke="currentColor" stroke-width="2.5" d="M6 6l12 12M18 6L6 18"/></svg>' +
      '<span class="b" aria-hidden="true" hidden></span></button></div>';
    W = r.lastChild;
    L = W.firstChild;
    B = L.lastChild;
    badge();
    hours();
    L.onclick = function () {
      toggle(!open);
    };
    d.body.appendChild(h);
    // data-preload="off": nothing is fetched from Canal until the visitor clicks.
    if (s.dataset.preload != "off")
      w.requestIdleCallback ? w.requestIdleCallback(frame, { timeout: 5e3 }) : setTimeout(frame, 2e3);
  }

  // Only the frame, at Canal's origin, is listened to.
  w.addEventListener("message", function (e) {
    var m = e.data;
    if (!f || !m || e.origin !== O || e.source !== f.contentWindow) return;
    if (m.canal == "ready") {
      active = !!m.active;
      L.hidden = away && !active && !open;
      post({ canal: open ? "open" : "closed" });
    }
    else if (m.canal == "close") toggle(false, 1);
    else if (m.canal == "unread") {
      unread = m.count >>> 0;
      badge();
    }
  });

  w.canal = {
    open: function () {
      W && toggle(true);
    },
    close: function () {
      W && toggle(false);
    },
  };
  d.body ? init() : d.addEventListener("DOMContentLoaded", init);
})(window, document);
