//! Canal's operators' console: a Leptos (client-side rendered) app served at
//! `/console/`.
//!
//! - [`api`]: the HTTP calls (`/api/login`, `/api/me`, `/api/logout`).
//! - [`alerts`]: desktop notifications, sound and the waiting count in the
//!   tab for an operator whose console is not in front.
//! - [`shortcuts`]: the keyboard shortcuts of the conversation screen.
//! - [`admin`]: the admins' calls: people, profiles, departments and queues.
//! - [`automation_api`]: the admins' calls for a channel's automatic actions.
//! - [`widget_api`]: the admins' calls for a channel's widget: who visitors
//!   see answering, out of hours, and the personal-data notice.
//! - [`bots_api`]: the admins' calls for chat bots: the account's bots,
//!   registering and deleting one, and the bot each channel assigns.
//! - [`canned_api`]: predefined responses: the admins' lists, and the
//!   responses operators insert into a reply.
//! - [`channels_api`]: the admins' calls for open channels: the list, a
//!   new one, renaming, switching off and on, deleting.
//! - [`crm_api`]: the built-in CRM: a conversation's client and "Create
//!   lead" for operators; client cards, merging, each channel's CRM settings
//!   and the webhook of changes for admins.
//! - [`auth`]: who is signed in.
//! - [`storage`]: the session token and unsent replies in `sessionStorage`.
//! - [`socket`]: a WebSocket that reconnects with backoff.
//! - [`inbox`]: the inbox socket and the conversation list it feeds.
//! - [`chat`]: the socket of the open conversation, around
//!   [`canal_shared::client::ClientSession`].
//! - [`format`]: how times, statuses and delivery states read.
//! - [`i18n`]: the console's language and its texts in it.
//! - [`place`]: where in the console a person is, as the URL says it.
//! - [`view`]: the components.

#![warn(missing_docs)]

use wasm_bindgen::prelude::*;

pub mod admin;
pub mod alerts;
pub mod api;
pub mod auth;
pub mod automation_api;
pub mod bots_api;
pub mod canned_api;
pub mod channels_api;
pub mod chat;
pub mod crm_api;
pub mod errors;
pub mod format;
pub mod i18n;
pub mod inbox;
pub mod kpi_api;
pub mod place;
pub mod shortcuts;
pub mod socket;
pub mod stats_api;
pub mod storage;
pub mod upload;
pub mod view;
pub mod widget_api;

/// Leaves a User Timing mark (`canal:login-ready`, `canal:inbox-listed`)
/// that `cargo xtask bench console` reads.
pub fn mark(name: &str) {
    if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
        let _ = p.mark(name);
    }
}

/// Entry point: mounts the app into `#app` (or the body if it is missing).
#[wasm_bindgen(start)]
pub fn start() {
    use wasm_bindgen::JsCast;

    let root = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("app"))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    match root {
        Some(root) => {
            // Drop the "Loading…" placeholder the page may hold.
            root.set_text_content(None);
            leptos::mount::mount_to(root, view::App).forget();
        }
        None => leptos::mount::mount_to_body(view::App),
    }
}
