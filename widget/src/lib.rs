//! Canal's visitor chat widget.
//!
//! A Leptos (client-side rendered) app that runs inside the iframe the
//! loader (`loader/widget.js`) puts on the host page, on Canal's own origin:
//! the host page can neither read the conversation nor break its look, and
//! the widget cannot break the host page.
//!
//! - [`env`]: page parameters, clock and randomness;
//! - [`i18n`]: the visitor's language and the texts in it;
//! - [`gate`]: the personal-data notice and the offline form, before the
//!   chat; [`http`]: calls to the worker;
//! - [`session`]: the visitor's saved session and its creation;
//! - [`socket`]: the conversation socket and its reconnection backoff;
//! - [`parent`]: the messages with the embedding page;
//! - [`typing`]: the throttle of live drafts;
//! - [`closing`]: a closed conversation and its rating;
//! - [`files`]: the visitor's files (#21) through the frame's file glue;
//! - [`json`] and [`wire`]: reading the server's JSON into the shared types;
//! - [`chat`]: the controller that ties them to
//!   [`canal_shared::client::ClientSession`];
//! - [`view`]: the panel, built with `web_sys` and kept in step with the
//!   controller's signals.

#![warn(missing_docs)]

pub mod chat;
pub mod closing;
pub mod env;
pub mod files;
pub mod gate;
pub mod http;
pub mod i18n;
pub mod json;
pub mod parent;
pub mod session;
pub mod socket;
pub mod typing;
pub mod view;
pub mod visit;
pub mod wire;

use wasm_bindgen::prelude::*;

/// Entry point: mounts the widget into `#app` and starts the chat.
#[wasm_bindgen(start)]
pub fn start() {
    let params = env::Params::from_location();
    let lang = i18n::lang();
    let document = env::document();
    if let Some(html) = document.document_element() {
        let _ = html.set_attribute("lang", lang.tag());
    }
    document.set_title(&i18n::t(canal_shared::i18n::Msg::FrameTitle));
    let Some(root) = document
        .get_element_by_id("app")
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    else {
        web_sys::console::error_1(&"canal: no #app element".into());
        return;
    };
    let chat = chat::Chat::new(params);
    // Effects run on Leptos' executor; the panel's live as long as the page.
    let _ = any_spawner::Executor::init_wasm_bindgen();
    let owner = leptos::prelude::Owner::new();
    owner.with(|| view::app(&chat, &root));
    std::mem::forget(owner);
    chat.start();
}

/// Talc: std's dlmalloc is a twentieth of the widget's size budget
/// (docs/widget.md); talc is smaller and, unlike a bare free list, keeps
/// its bins bounded however the heap fragments.
#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();
