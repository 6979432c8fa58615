/* Canal chat loader: <script src="https://CANAL/widget.js" data-channel="ID" async>
 * Why an iframe: the conversation and the widget's code run on Canal's origin,
 * so neither the host page's CSS nor its scripts can break them, and the widget
 * cannot break the page. This file draws the launcher (in a shadow root) and
 * that iframe, and keeps the visitor's session for the frame: a frame on
 * another site than the page may not use its own storage (browsers block or
 * partition third-party storage), so the session lives in this site's
 * localStorage under `canal:v1:<channel>` and goes to and from the frame by
 * postMessage, at Canal's origin only. So do the files the visitor has not
 * sent yet (#21): kept in this site's IndexedDB for a reload of this tab. */
(function (w, d) {
  "use strict";
  var s = d.currentScript,
    ch = s && s.dataset.channel,
    // Calls the page made before this ran: `window.canal = window.canal || []`
    // then `canal.push("open")`.
    queue = w.canal;
  // Included twice, or without a channel: do nothing.
  if (!ch || (queue && typeof queue.open == "function")) return;
  // The launcher's labels by language (open, close, unread, frame title),
  // put in from the message catalog by the build.
  var T = /*LABELS*/,
    O = new URL(s.src).origin,
    K = "canal:v1:" + ch,
    lang = s.dataset.lang || d.documentElement.lang || "",
    t = T[lang.slice(0, 2).toLowerCase()] || T[(navigator.language || "").slice(0, 2).toLowerCase()] || T.en,
    // "off": nothing from Canal before the click; "idle": the frame when the
    // page is idle; else (the default) when the visitor shows intent — the
    // pointer on the launcher, its focus, a touch — or at idle for a visitor
    // who has a conversation (its unread replies show on the launcher).
    preload = s.dataset.preload,
    open = false,
    unread = 0,
    // Out of working hours with "hide the launcher" (R-WH-3), unless the
    // visitor has a conversation going.
    away = false,
    // This site may not embed the channel (R-W-6): nothing is shown.
    refused = false,
    // The session when this site's storage is unavailable: this page only.
    kept = null,
    // Ends the lock the frame holds while it creates the session.
    release = null,
    warned = {},
    // The account's largest file: a file is kept only up to it (#21).
    max,
    // This tab (its files are its own), and the files' database.
    T,
    Q,
    r, W, L, B, f;
  try {
    T = sessionStorage[K + "t"] = sessionStorage[K + "t"] || Math.random();
  } catch (e) {
    T = Math.random();
  }
  var css =
    ".l{position:fixed;right:20px;bottom:20px;z-index:2147483647;display:grid;place-items:center;width:56px;height:56px;padding:0;border:0;border-radius:50%;background:#0b57d0;color:#fff;cursor:pointer;box-shadow:0 4px 14px rgba(0,0,0,.3)}" +
    ".l[hidden]{display:none}.l:focus-visible{outline:3px solid #0b57d0;outline-offset:3px}" +
    ".l svg{width:28px;height:28px}.x,.o .c{display:none}.o .x{display:block}" +
    ".b{position:absolute;top:-2px;right:-2px;min-width:20px;height:20px;padding:0 5px;box-sizing:border-box;border-radius:10px;background:#d1242f;font:600 12px/20px system-ui,sans-serif}" +
    ".f{position:fixed;right:20px;bottom:88px;z-index:2147483647;width:370px;height:560px;max-width:calc(100vw - 40px);max-height:calc(100vh - 108px);border:0;border-radius:12px;background:#fff;box-shadow:0 8px 32px rgba(0,0,0,.3);visibility:hidden;opacity:0;transition:opacity .15s,visibility 0s .15s}" +
    // Visible at once when opened (so it can be given the focus), hidden once faded out.
    ".o .f{visibility:visible;opacity:1;transition:opacity .15s}" +
    "@media (max-width:480px){.f{inset:0;width:100%;height:100%;max-width:none;max-height:none;border-radius:0}}";

  // The saved session (a string the frame wrote), or null.
  function get() {
    try {
      return localStorage.getItem(K);
    } catch (e) {
      return kept;
    }
  }

  function put(v) {
    kept = v;
    try {
      v == null ? localStorage.removeItem(K) : localStorage.setItem(K, v);
    } catch (e) {}
  }

  // Runs `f` on the store of files not sent yet; nothing without IndexedDB.
  function db(f) {
    try {
      Q = Q || new Promise(function (ok) {
        var q = indexedDB.open("canal:files");
        q.onupgradeneeded = function () {
          q.result.createObjectStore("f");
        };
        q.onsuccess = function () {
          ok(q.result);
        };
      });
      Q.then(function (b) {
        f(b.transaction("f", "readwrite").objectStore("f"));
      }).catch(function () {});
    } catch (e) {}
  }

  // Messages go to Canal's origin only.
  function post(m) {
    f && f.contentWindow && f.contentWindow.postMessage(m, O);
  }

  // The page the visitor is on, for the operators (the frame sends it only
  // once the personal-data notice is accepted, if the channel shows one).
  function page() {
    post({ canal: "page", url: location.href, title: d.title, ref: d.referrer });
  }

  // The iframe, made once: on intent, on the first click, or earlier when
  // the page is idle.
  function frame() {
    if (f || refused) return;
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

  // What the page's Content-Security-Policy blocks of Canal, said once per
  // directive (the fetch below only sees a network error).
  d.addEventListener("securitypolicyviolation", function (e) {
    var k = e.effectiveDirective;
    if ((e.blockedURI || "").indexOf(O) || warned[k]) return;
    warned[k] = 1;
    console.error("Canal: this page's Content-Security-Policy (" + k + ") blocks " + O + "; allow it in script-src, frame-src and connect-src.");
  });

  // Whether the channel wants the launcher hidden now; asked again when
  // that changes (within a day).
  function hours() {
    fetch(O + "/api/widget/config?channel=" + encodeURIComponent(ch))
      .then(function (r) {
        return r.json().then(function (c) {
          // This site may not embed the channel (R-W-6): say why, show nothing.
          if (r.status == 403) {
            console.error("Canal: " + c.message);
            refused = true;
            open = false;
            if (W && W.parentNode) W.parentNode.host.remove();
            throw 0;
          }
          return c;
        });
      })
      .then(function (c) {
        max = c.max_file_bytes;
        away = !c.open && c.out_of_hours == "hide";
        shown();
        var ms = c.next_change - Date.now();
        if (ms > 0 && ms < 864e5) setTimeout(hours, ms + 1e3);
      }, function () {});
  }

  // The launcher shows unless the channel hides it and the visitor has no
  // conversation going.
  function shown() {
    L.hidden = away && !get() && !open;
  }

  function badge() {
    B.textContent = unread > 99 ? "99+" : unread;
    B.hidden = open || !unread;
    L.setAttribute("aria-label", t[open ? 1 : 0] + (unread && !open ? ". " + t[2].replace("%n", unread) : ""));
  }

  function toggle(o, fromFrame) {
    if (refused || !W) return;
    frame();
    open = o;
    W.className = o ? "o" : "";
    L.setAttribute("aria-expanded", o);
    badge();
    post({ canal: o ? "open" : "closed" });
    // Opened, the frame focuses what it shows, or asks for the focus
    // ("focus" below): focusing it from here while its document may still
    // be loading leaves Chromium's keyboard on this page.
    if (!o && fromFrame) L.focus();
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
    if (preload != "off") {
      // The frame loads while the visitor moves to the button.
      L.onpointerenter = L.onfocus = L.ontouchstart = frame;
      if (preload == "idle" || get())
        w.requestIdleCallback ? w.requestIdleCallback(frame, { timeout: 5e3 }) : setTimeout(frame, 2e3);
    }
    d.body.appendChild(h);
    // Calls queued before the loader ran.
    if (queue && queue.length) for (var i = 0; i < queue.length; i++) w.canal.push(queue[i]);
  }

  // Only the frame, at Canal's origin, is listened to.
  w.addEventListener("message", function (e) {
    var m = e.data;
    if (!f || !m || e.origin !== O || e.source !== f.contentWindow) return;
    var k = m.canal;
    if (k == "ready") {
      post({ canal: "session", value: get() });
      post({ canal: open ? "open" : "closed" });
      page();
    } else if (k == "store") {
      put(typeof m.value == "string" ? m.value : null);
      shown();
      release && release();
    } else if (k == "release") {
      release && release();
    } else if (k == "claim") {
      // One session for all tabs of this site: the first tab that needs
      // one creates it while the others wait, then they find it saved.
      var grant = function () {
        return new Promise(function (done) {
          var end = function () {
            if (release == end) release = null;
            done();
          };
          var v = get();
          if (v) {
            post({ canal: "session", value: v });
            done();
          } else {
            release = end;
            post({ canal: "claimed" });
            // A frame that never answers does not hold the others for ever.
            setTimeout(end, 15e3);
          }
        });
      };
      navigator.locks ? navigator.locks.request(K, grant) : grant();
    } else if (k == "keep") {
      // A file not stored yet, or sent and waiting (#21): {id, name, f: its
      // bytes, or null once stored, n: its place, t: its caption and the
      // texts sent behind it}, under the channel and the file's id.
      if (!m.f || m.f.size <= max)
        db(function (s) {
          m.tab = T;
          s.put(m, K + " " + m.id);
        });
    } else if (k == "drop")
      db(function (s) {
        s.delete(K + " " + m.id);
      });
    else if (k == "files")
      // This tab's files, back after a reload; another tab's are its own,
      // dropped after a day (that tab is gone).
      db(function (s) {
        var q = s.getAll(IDBKeyRange.bound(K + " ", K + " \uffff"));
        q.onsuccess = function () {
          post({
            canal: "files",
            list: q.result.filter(function (v) {
              return v.tab == T || (v.n < Date.now() - 864e5 && s.delete(K + " " + v.id) && 0);
            }),
          });
        };
      });
    else if (k == "focus") {
      // The open frame could not take the focus itself (Firefox).
      open && f.focus();
    } else if (k == "close") toggle(false, 1);
    else if (k == "unread") {
      unread = m.count >>> 0;
      badge();
    }
  });

  // A page of a single-page site.
  w.addEventListener("popstate", page);

  // Another tab of this site saved or replaced the session.
  w.addEventListener("storage", function (e) {
    if (e.key == K && e.newValue) post({ canal: "session", value: e.newValue });
  });

  // Never throws: calls made before the launcher exists apply once it does.
  w.canal = {
    open: function () {
      W ? toggle(true) : (queue = [].concat(queue || [], "open"));
    },
    close: function () {
      toggle(false);
    },
    push: function (c) {
      c = typeof c == "string" ? c : c && c[0];
      if (c == "open" || c == "close") w.canal[c]();
    },
  };
  d.body ? init() : d.addEventListener("DOMContentLoaded", init);
})(window, document);
