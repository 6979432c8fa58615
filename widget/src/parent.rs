//! Messages with the page that embeds the frame (the loader, `widget.js`).
//!
//! To the parent: `{canal:"ready"}` once listening, `{canal:"close"}` when
//! the visitor closes the panel, `{canal:"focus"}` when the open panel could
//! not take the browser's focus itself, `{canal:"unread", count}` for the
//! launcher's badge, and the visitor's session, which the loader keeps in
//! the host site's storage (a third-party frame's own storage may be blocked
//! or partitioned): `{canal:"store", value}` saves it (`null` forgets it),
//! `{canal:"claim"}` asks to create it — the loader answers
//! `{canal:"claimed"}` when this tab is the one to create it, or with the
//! session another tab made — and `{canal:"release"}` gives the claim back
//! after a failure. The files not sent yet (#21) go to the loader from the
//! frame's file glue (`canalFiles` in frame.html, [`crate::files`]):
//! `{canal:"keep", id, name, f, n, t}`, `{canal:"drop", id}` and
//! `{canal:"files"}`, which the loader answers with `{canal:"files", list}`.
//!
//! From the parent: `{canal:"session", value}` (on `ready`, and when another
//! tab saves one), `{canal:"open"}` / `{canal:"closed"}`, `{canal:"claimed"}`,
//! and `{canal:"page", url, title, ref}`: the page the visitor is on (issue
//! #20), on `ready` and when the page's history moves.
//! Messages go only to the host's origin and are accepted only from the
//! parent window at that origin.

use wasm_bindgen::prelude::*;
use web_sys::MessageEvent;

use crate::env::window;

/// What the parent page tells the frame.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FromParent {
    /// The panel is shown.
    Open,
    /// The panel is hidden.
    Closed,
    /// The session saved in the host site's storage (as the frame wrote it),
    /// if any.
    Session(Option<String>),
    /// This tab may create the session (the others wait).
    Claimed,
    /// The page the visitor is on.
    Page(crate::visit::HostPage),
}

/// The embedding page, if there is one with a known origin.
#[derive(Clone, Debug)]
pub struct Parent {
    origin: Option<String>,
}

impl Parent {
    /// The parent at `origin` (`None` when the frame is not embedded or the
    /// host's origin is unknown: nothing is then posted nor accepted).
    pub fn new(origin: Option<String>) -> Self {
        Parent { origin }
    }

    /// Whether there is a page to talk to.
    pub fn is_present(&self) -> bool {
        self.origin.is_some()
    }

    fn post(&self, build: impl FnOnce(&js_sys::Object)) {
        let (Some(origin), Ok(Some(parent))) = (&self.origin, window().parent()) else {
            return;
        };
        let msg = js_sys::Object::new();
        build(&msg);
        let _ = parent.post_message(&msg, origin);
    }

    /// Sends `{canal: kind}`.
    pub fn say(&self, kind: &str) {
        self.post(|m| set(m, "canal", &kind.into()));
    }

    /// Sends `{canal:"store", value}`: the session to keep (`None`: forget it).
    pub fn store(&self, value: Option<&str>) {
        self.post(|m| {
            set(m, "canal", &"store".into());
            set(m, "value", &value.map_or(JsValue::NULL, JsValue::from));
        });
    }

    /// Sends `{canal:"unread", count}`.
    pub fn unread(&self, count: u32) {
        self.post(|m| {
            set(m, "canal", &"unread".into());
            set(m, "count", &count.into());
        });
    }

    /// Calls `on_message` for every valid message of the parent, for ever.
    pub fn listen(&self, on_message: impl Fn(FromParent) + 'static) {
        let Some(origin) = self.origin.clone() else {
            return;
        };
        let cb = Closure::<dyn Fn(MessageEvent)>::new(move |e: MessageEvent| {
            let from_parent = match (e.source(), window().parent()) {
                (Some(src), Ok(Some(p))) => JsValue::from(src).loose_eq(&p),
                _ => false,
            };
            if !from_parent || e.origin() != origin {
                return;
            }
            let data = e.data();
            let field = |k: &str| js_sys::Reflect::get(&data, &k.into()).ok();
            match field("canal").and_then(|v| v.as_string()).as_deref() {
                Some("open") => on_message(FromParent::Open),
                Some("closed") => on_message(FromParent::Closed),
                Some("claimed") => on_message(FromParent::Claimed),
                Some("page") => {
                    let text = |k: &str| field(k).and_then(|v| v.as_string()).unwrap_or_default();
                    on_message(FromParent::Page(crate::visit::HostPage {
                        url: text("url"),
                        title: text("title"),
                        referrer: text("ref"),
                    }))
                }
                Some("session") => on_message(FromParent::Session(
                    field("value").and_then(|v| v.as_string()),
                )),
                _ => {}
            }
        });
        let _ = window().add_event_listener_with_callback("message", cb.as_ref().unchecked_ref());
        cb.forget();
    }
}

fn set(obj: &js_sys::Object, k: &str, v: &JsValue) {
    let _ = js_sys::Reflect::set(obj, &k.into(), v);
}
