//! The widget's panel. Every text (messages, names, errors, the notice) is
//! rendered as a text node, never as HTML.
//!
//! Every part is built with DOM calls ([`dom`]) and follows the
//! controller's signals; the message list and the composer's files are
//! kept in step by key ([`messages`], [`files`]).

mod closed;
mod composer;
mod dom;
mod files;
mod gate;
mod header;
mod links;
mod messages;

use canal_shared::i18n::{Arg, Msg};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::chat::Chat;
use crate::gate::Gate;
use crate::i18n::{t, tf};

/// Builds the whole panel into `root`: the header, then the notice or the
/// offline form (R-C-1, R-WH-3), or the chat: messages (and the rating),
/// typing indicator, errors, composer. Esc closes the panel (the loader
/// gives the focus back to the launcher); while the panel is open, the focus
/// goes to what is shown when that changes. Call it inside the app's
/// reactive owner.
pub fn app(chat: &Chat, root: &web_sys::HtmlElement) {
    let sig = chat.signals();
    let on_key = {
        let chat = chat.clone();
        move |ev: web_sys::Event| {
            let ev: &web_sys::KeyboardEvent = ev.unchecked_ref();
            if ev.key() == "Escape" && chat.embedded() {
                chat.close();
            }
        }
    };
    let gates = gate::parts(chat);
    let shown = gates.each_ref().map(|g| g.0.clone());
    // Only an open panel takes the focus: a hidden one would take the host
    // page's keyboard.
    let asks = chat.clone();
    dom::watch(move || {
        let (gate, shown, chat) = (sig.gate.get(), shown.clone(), asks.clone());
        sig.focus.track();
        if sig.open.get_untracked() {
            request_animation_frame(move || {
                if gate::focus(&shown, &gate) {
                    chat.ask_focus();
                }
            });
        }
    });
    let typing = move || {
        sig.operator_typing.get().then(|| match sig.operator.get() {
            Some(card) => tf(Msg::OperatorTyping, &[("name", Arg::Str(&card.name))]),
            None => t(Msg::SomeoneTyping).into_owned(),
        })
    };
    let chat_part = dom::el_class("div", "chat")
        .hidden(move || !matches!(sig.gate.get(), Gate::Loading | Gate::Chat))
        .children(&[
            &messages::message_list(chat),
            &dom::el_class("p", "left")
                .testid("offline-sent")
                .attr("role", "status")
                .hidden(move || !sig.left.get())
                .text(&t(Msg::OfflineSent)),
            &dom::el_class("p", "typing")
                .testid("typing")
                .hidden(move || !sig.operator_typing.get())
                .text_of(typing),
            &dom::el_class("p", "error")
                .testid("error")
                .attr("role", "alert")
                .hidden(move || sig.error.with(Option::is_none))
                .text_of(move || sig.error.get()),
            &files::uploads(chat),
            &composer::composer(chat),
        ]);
    let panel = dom::el_class("main", "panel")
        .on("keydown", on_key)
        .children(&[
            &header::header(chat),
            &gates[0],
            &gates[1],
            &gates[2],
            &chat_part,
        ]);
    let _ = root.append_child(&panel.0);
    composer::adopt_early();
}
