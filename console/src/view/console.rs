//! The signed-in console: a top bar (who, connection, sign out), the
//! conversation list on the left and the open conversation on the right.

use canal_shared::ids::ConversationId;
use canal_shared::protocol::ConversationSummary;
use leptos::prelude::*;

use crate::auth::Auth;
use crate::inbox;
use crate::socket::ConnState;
use crate::view::conversation::ConversationPane;
use crate::view::inbox::ConversationList;

/// The console of the operator whose session token is `token`.
#[component]
pub fn Console(
    /// The signed-in state.
    auth: Auth,
    /// The session token (for the sockets).
    token: String,
    /// Whether the page is visible (read marks are sent only then).
    visible: Signal<bool>,
) -> impl IntoView {
    let conversations = RwSignal::new(Vec::<ConversationSummary>::new());
    let inbox_state = RwSignal::new(ConnState::Connecting);
    let chat_state = RwSignal::new(None::<ConnState>);
    let selected = RwSignal::new(None::<ConversationId>);
    // Setting the same conversation again does not reopen it.
    let open_id = Memo::new(move |_| selected.get());

    let expired_token = token.clone();
    let socket =
        StoredValue::new_local(inbox::open(&token, conversations, inbox_state, move || {
            auth.expired(&expired_token)
        }));
    on_cleanup(move || socket.with_value(|s| s.close()));

    let connection = Memo::new(move |_| {
        ConnState::combine(std::iter::once(inbox_state.get()).chain(chat_state.get()))
    });
    let user_name = Signal::derive(move || {
        auth.me
            .with(|m| m.as_ref().map(|m| m.user.name.clone()))
            .unwrap_or_default()
    });
    let channels = move || {
        auth.me
            .with(|m| m.as_ref().map(|m| m.channels.clone()))
            .unwrap_or_default()
    };

    view! {
        <div class="console">
            <header class="topbar">
                <span class="brand">"Canal"</span>
                <span
                    class="connection"
                    role="status"
                    data-testid="connection"
                    data-state=move || connection.get().as_str()
                >
                    {move || match connection.get() {
                        ConnState::Connecting => "Connecting…",
                        ConnState::Open => "Online",
                        ConnState::Reconnecting => "Reconnecting…",
                    }}
                </span>
                <span class="spacer"></span>
                <span class="user" data-testid="user-name">{user_name}</span>
                <button
                    type="button"
                    class="secondary"
                    data-testid="logout"
                    on:click=move |_| auth.sign_out()
                >
                    "Sign out"
                </button>
            </header>
            <div class="panes">
                <aside class="sidebar" aria-label="Conversations">
                    <section class="channels">
                        <h2>"Your channels"</h2>
                        <ul data-testid="channels">
                            {move || {
                                channels()
                                    .into_iter()
                                    .map(|c| {
                                        view! {
                                            <li data-testid="channel" data-id=c.id.to_string()>
                                                {c.name}
                                            </li>
                                        }
                                    })
                                    .collect_view()
                            }}
                        </ul>
                    </section>
                    <h2>"Conversations"</h2>
                    <ConversationList conversations selected />
                </aside>
                <main class="pane">
                    {move || match open_id.get() {
                        Some(id) => {
                            view! {
                                <ConversationPane
                                    id
                                    token=token.clone()
                                    conversations
                                    chat_state
                                    visible
                                    user_name
                                />
                            }
                                .into_any()
                        }
                        None => {
                            view! {
                                <p class="placeholder" data-testid="no-conversation">
                                    "Pick a conversation on the left."
                                </p>
                            }
                                .into_any()
                        }
                    }}
                </main>
            </div>
        </div>
    }
}
