//! The widget's components. Every text (messages, names, errors, the
//! notice) is rendered as a text node, never as HTML.

mod closed;
mod composer;
mod gate;
mod header;
mod messages;

use canal_shared::i18n::{Arg, Msg};
use leptos::prelude::*;

use crate::chat::Chat;
use crate::gate::Gate;
use crate::i18n::{t, tf};

pub use closed::{Closed, EmailHistory};
pub use composer::Composer;
pub use header::Header;
pub use messages::MessageList;

/// The whole panel: the header, then the notice or the offline form (R-C-1,
/// R-WH-3), or the chat: messages (and the rating), typing indicator,
/// errors, composer. Esc closes the panel (the loader gives the focus back
/// to the launcher); the focus goes to what is shown when that changes.
pub fn app(chat: Chat) -> impl IntoView {
    let sig = chat.signals();
    let on_key = {
        let chat = chat.clone();
        move |ev: leptos::ev::KeyboardEvent| {
            if ev.key() == "Escape" && chat.embedded() {
                chat.close();
            }
        }
    };
    let gates = gate::Gates::new();
    Effect::new(move |_| {
        let gate = sig.gate.get();
        request_animation_frame(move || gates.focus(&gate));
    });
    let typing = move || {
        sig.operator_typing.get().then(|| match sig.operator.get() {
            Some(card) => tf(Msg::OperatorTyping, &[("name", Arg::Str(&card.name))]),
            None => t(Msg::SomeoneTyping).into_owned(),
        })
    };
    view! {
        <main class="panel" on:keydown=on_key>
            <Header chat=chat.clone() />
            {gate::consent(chat.clone(), gates)}
            {gate::offline(chat.clone(), gates)}
            <div class="chat" hidden=move || !matches!(sig.gate.get(), Gate::Loading | Gate::Chat)>
                <MessageList chat=chat.clone() />
                <p class="left" data-testid="offline-sent" role="status" hidden=move || !sig.left.get()>
                    {t(Msg::OfflineSent)}
                </p>
                <p class="typing" data-testid="typing" hidden=move || !sig.operator_typing.get()>
                    {typing}
                </p>
                <p class="error" data-testid="error" role="alert" hidden=move || sig.error.with(Option::is_none)>
                    {move || sig.error.get()}
                </p>
                <Composer chat=chat />
            </div>
        </main>
    }
}
