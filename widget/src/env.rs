//! The browser around the widget: page parameters, clock, randomness.

use canal_shared::i18n::Msg;
use canal_shared::ids::{random_id, ChannelId, ClientMsgId};
use canal_shared::time::Timestamp;
use wasm_bindgen::JsValue;
use web_sys::{Url, UrlSearchParams};

use crate::i18n::t;

/// What the loader put in the frame's query string.
#[derive(Clone, Debug)]
pub struct Params {
    /// The channel of the embedding script tag, if valid.
    pub channel: Result<ChannelId, String>,
    /// The language the host page asked for (`lang=`), if any; the
    /// visitor's language is chosen from it when the parameters are read.
    pub lang: Option<String>,
    /// The origin of the page embedding the frame, if the frame is embedded
    /// and that origin is known and well formed.
    pub host: Option<String>,
    /// The address of the page embedding the frame (`page=`, else the
    /// referrer), recorded with an accepted notice (R-C-1).
    pub page: String,
}

impl Params {
    /// Reads `channel`, `lang` and `host` from the frame's own URL.
    pub fn from_location() -> Self {
        let search = window().location().search().unwrap_or_default();
        let q = UrlSearchParams::new_with_str(&search).ok();
        let get = |k: &str| q.as_ref().and_then(|q| q.get(k)).filter(|v| !v.is_empty());
        // A BCP 47 tag (`pt-BR`); the visitor's language is chosen first, for
        // the errors below.
        let lang = get("lang")
            .filter(|l| l.len() <= 35 && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'));
        crate::i18n::choose(lang.as_deref());
        let channel = match get("channel") {
            None => Err(t(Msg::ErrorNoChannel).into_owned()),
            Some(c) => ChannelId::parse(&c).map_err(|_| t(Msg::ErrorBadChannel).into_owned()),
        };
        let host = if is_embedded() {
            // The loader passes the host page's origin; the referrer is the
            // fallback (it may be stripped by the host's referrer policy).
            get("host")
                .and_then(|h| web_origin(&h))
                .or_else(|| web_origin(&window().document()?.referrer()))
        } else {
            None
        };
        Params {
            channel,
            lang,
            host,
            page: get("page")
                .or_else(|| window().document().map(|d| d.referrer()))
                .unwrap_or_default(),
        }
    }
}

/// The browser window (the widget always runs in one).
pub fn window() -> web_sys::Window {
    web_sys::window().expect("the widget runs in a browser window")
}

/// The frame's document.
pub fn document() -> web_sys::Document {
    window().document().expect("a document")
}

/// Whether the frame is inside another page (the loader's iframe) rather than
/// opened on its own.
pub fn is_embedded() -> bool {
    let w = window();
    match w.parent() {
        Ok(Some(p)) => !JsValue::from(p).loose_eq(&JsValue::from(w)),
        _ => false,
    }
}

/// The `scheme://host[:port]` of an `http(s)` URL, or `None`.
pub fn web_origin(url: &str) -> Option<String> {
    let u = Url::new(url).ok()?;
    matches!(u.protocol().as_str(), "http:" | "https:").then(|| u.origin())
}

/// Whether the widget's document is hidden (background tab, minimised).
pub fn page_hidden() -> bool {
    window().document().is_some_and(|d| d.hidden())
}

/// Leaves a User Timing mark `name` in the frame's performance timeline (seen
/// by `cargo xtask bench open` and in the browser's profiler).
pub fn mark(name: &str) {
    if let Some(p) = window().performance() {
        let _ = p.mark(name);
    }
}

/// Milliseconds since the epoch, from the browser's clock.
pub fn now() -> Timestamp {
    Timestamp(js_sys::Date::now() as i64)
}

/// A fresh message id: 16 bytes from `crypto.getRandomValues`, as hex.
pub fn new_message_id() -> ClientMsgId {
    let mut bytes = [0u8; 16];
    if let Ok(c) = window().crypto() {
        // Only fails for arrays over 64 KiB.
        let _ = c.get_random_values_with_u8_array(&mut bytes);
    }
    ClientMsgId::parse(&random_id("m_", &bytes)).expect("hex ids are valid")
}

/// `HH:MM` in the visitor's local time.
pub fn clock(at: Timestamp) -> String {
    let d = js_sys::Date::new(&JsValue::from_f64(at.0 as f64));
    format!("{:02}:{:02}", d.get_hours(), d.get_minutes())
}

/// The site's signed token for its logged-in user, passed by the loader in
/// the frame's fragment (`#identity=`), which is never sent to a server.
pub fn identity_token() -> Option<String> {
    let hash = window().location().hash().ok()?;
    let q = UrlSearchParams::new_with_str(hash.trim_start_matches('#')).ok()?;
    q.get("identity")
        .filter(|t| !t.is_empty() && t.len() <= canal_shared::identity::MAX_TOKEN_BYTES)
}
