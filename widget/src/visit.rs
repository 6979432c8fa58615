//! What the widget tells operators of where the visitor is (issue #20):
//! the host page the loader reports, with the browser's language, time zone
//! and user agent, bounded as the conversation machine requires
//! (`canal_shared::visit`). Sent after `welcome` and when the page changes,
//! never before the personal-data notice is accepted (R-C-1).

use canal_shared::protocol::ClientFrame;
use canal_shared::visit::{MAX_AGENT_CHARS, MAX_TITLE_CHARS, MAX_URL_CHARS};

use crate::env::{web_origin, window};

/// The host page, as the loader reports it (`{canal:"page"}`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HostPage {
    /// Its address.
    pub url: String,
    /// Its title.
    pub title: String,
    /// The page before it, if the browser tells.
    pub referrer: String,
}

/// The `visit` frame for `page`, or `None` when the page is not a web page
/// (the machine would refuse it).
pub fn frame(page: &HostPage) -> Option<ClientFrame> {
    let web = |u: &str| {
        (u.chars().count() <= MAX_URL_CHARS && web_origin(u).is_some()).then(|| u.to_owned())
    };
    let navigator = window().navigator();
    let time_zone =
        js_sys::Intl::DateTimeFormat::new(&js_sys::Array::new(), &js_sys::Object::new())
            .resolved_options();
    let time_zone = js_sys::Reflect::get(&time_zone, &"timeZone".into())
        .ok()
        .and_then(|z| z.as_string())
        // What some browsers say when they do not know.
        .filter(|z| z != "Etc/Unknown");
    Some(ClientFrame::Visit {
        url: web(&page.url)?,
        title: cut(&page.title, MAX_TITLE_CHARS),
        referrer: web(&page.referrer),
        lang: navigator.language(),
        time_zone,
        user_agent: navigator
            .user_agent()
            .ok()
            .map(|ua| cut(&ua, MAX_AGENT_CHARS)),
    })
}

/// The first `max` characters of `s`.
fn cut(s: &str, max: usize) -> String {
    s.chars().take(max).collect()
}
