//! The panel's header: channel, who answers, connection state, close button.

use canal_shared::i18n::{Arg, Msg};
use leptos::prelude::*;

use crate::chat::Chat;
use crate::i18n::{t, tf};

/// Channel name, who answers (R-A-1: their name, position and picture as
/// the channel shows them, or nothing), the connection state and (when
/// embedded) a close button.
#[component]
pub fn Header(chat: Chat) -> impl IntoView {
    let sig = chat.signals();
    let close = chat.embedded().then(|| {
        view! {
            <button
                class="close"
                type="button"
                data-testid="close"
                aria-label=t(Msg::CloseChat)
                on:click=move |_| chat.close()
            >
                <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true">
                    <path d="M6 6l12 12M18 6L6 18" stroke="currentColor" stroke-width="2" />
                </svg>
            </button>
        }
    });
    view! {
        <header class="head">
            <div class="who">
                <h1 data-testid="header">
                    {move || {
                        let name = sig.channel_name.get();
                        if name.is_empty() { t(Msg::ChatTitle).into_owned() } else { name }
                    }}
                </h1>
                {move || {
                    sig.operator.get().map(|card| {
                        let name = match &card.position {
                            Some(p) => tf(
                                Msg::OperatorPosition,
                                &[("name", Arg::Str(&card.name)), ("position", Arg::Str(p))],
                            ),
                            None => card.name.clone(),
                        };
                        let line = tf(Msg::OperatorAnswers, &[("name", Arg::Str(&name))]);
                        view! {
                            <p class="operator" data-testid="operator">
                                {card.avatar.map(|src| view! {
                                    <img class="avatar" data-testid="operator-avatar" src=src alt="" width="24" height="24" />
                                })}
                                {line}
                            </p>
                        }
                    })
                }}
                <p
                    class="status"
                    data-testid="status"
                    data-state=move || sig.conn.get().state()
                    role="status"
                >
                    {move || sig.conn.get().label()}
                </p>
            </div>
            {close}
        </header>
    }
}
