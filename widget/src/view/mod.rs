//! The widget's components. Every text (messages, names, errors) is
//! rendered as a text node, never as HTML.

mod closed;
mod composer;
mod header;
mod messages;

use leptos::prelude::*;

use crate::chat::Chat;

pub use closed::Closed;
pub use composer::Composer;
pub use header::Header;
pub use messages::MessageList;

/// The whole panel: header, messages (and the rating), typing indicator,
/// errors, composer.
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
    view! {
        <main class="panel" on:keydown=on_key>
            <Header chat=chat.clone() />
            <MessageList chat=chat.clone() />
            {move || {
                sig.operator_typing.get().then(|| {
                    let who = sig.operator.get().unwrap_or_else(|| "The operator".into());
                    view! { <p class="typing" data-testid="typing">{who}" is typing…"</p> }
                })
            }}
            {move || {
                sig.error.get().map(|e| view! {
                    <p class="error" data-testid="error" role="alert">{e}</p>
                })
            }}
            <Composer chat=chat />
        </main>
    }
}
