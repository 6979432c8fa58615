//! Messages with the page that embeds the frame (the loader, `widget.js`).
//!
//! To the parent: `{canal:"ready", active}` once listening (`active`: the
//! visitor has a conversation, so the launcher stays even when the channel
//! hides it out of hours), `{canal:"close"}` when the
//! visitor closes the panel, `{canal:"unread", count}` for the launcher's
//! badge. From the parent: `{canal:"open"}` / `{canal:"closed"}`. Messages go
//! only to the host's origin and are accepted only from the parent window at
//! that origin.

use wasm_bindgen::prelude::*;
use web_sys::MessageEvent;

use crate::env::window;

/// What the parent page tells the frame.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FromParent {
    /// The panel is shown.
    Open,
    /// The panel is hidden.
    Closed,
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

    /// Sends `{canal:"ready", active}`.
    pub fn ready(&self, active: bool) {
        self.post(|m| {
            set(m, "canal", &"ready".into());
            set(m, "active", &active.into());
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
            let kind = js_sys::Reflect::get(&e.data(), &"canal".into())
                .ok()
                .and_then(|v| v.as_string());
            match kind.as_deref() {
                Some("open") => on_message(FromParent::Open),
                Some("closed") => on_message(FromParent::Closed),
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
