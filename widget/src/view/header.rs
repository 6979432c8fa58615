//! The panel's header: channel, operator, connection state, close button.

use leptos::prelude::*;

use crate::chat::Chat;

/// Channel name, who answers, the connection state and (when embedded) a
/// close button.
#[component]
pub fn Header(chat: Chat) -> impl IntoView {
    let sig = chat.signals();
    let close = chat.embedded().then(|| {
        view! {
            <button
                class="close"
                type="button"
                data-testid="close"
                aria-label="Close chat"
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
                        if name.is_empty() { "Chat".to_owned() } else { name }
                    }}
                </h1>
                {move || {
                    sig.operator.get().map(|name| view! {
                        <p class="operator" data-testid="operator">{name}" answers you"</p>
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
