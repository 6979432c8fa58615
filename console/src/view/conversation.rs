//! The open conversation: header with Take, the messages, the visitor's live
//! draft and the reply composer.

use canal_shared::client::Line;
use canal_shared::ids::ConversationId;
use canal_shared::protocol::{ConversationSummary, OperatorInfo, Status};
use leptos::ev::KeyboardEvent;
use leptos::html;
use leptos::prelude::*;

use crate::chat::{Chat, ChatSignals};
use crate::format::{
    delivery_attr, delivery_label, full_time, side_attr, status_attr, status_label, time_of_day,
};
use crate::socket::ConnState;

/// What the header shows.
#[derive(Clone, Debug, PartialEq)]
struct Header {
    visitor: String,
    channel: String,
    status: Status,
    operator: Option<OperatorInfo>,
}

/// The pane of conversation `id`, with its own socket (closed when the pane
/// goes away).
#[component]
pub fn ConversationPane(
    /// The conversation.
    id: ConversationId,
    /// The session token.
    token: String,
    /// The inbox's list, for the header until the socket's `Welcome` comes.
    conversations: RwSignal<Vec<ConversationSummary>>,
    /// Where the socket's state goes (for the connection indicator).
    chat_state: RwSignal<Option<ConnState>>,
    /// Whether the page is visible (read marks are sent only then).
    visible: Signal<bool>,
    /// The signed-in operator's name, shown on replies not yet stored.
    user_name: Signal<String>,
) -> impl IntoView {
    let signals = ChatSignals::new(chat_state);
    let chat = StoredValue::new_local(Chat::open(id.clone(), &token, signals, visible));
    on_cleanup(move || chat.with_value(|c| c.close()));

    // Send a read mark whenever the page becomes visible again.
    Effect::new(move |_| {
        if visible.get() {
            chat.with_value(|c| c.schedule_read());
        }
    });

    // The socket's view of the conversation, or the inbox's until it comes.
    let header = Memo::new(move |_| {
        signals
            .conversation
            .with(|c| {
                c.as_ref().map(|c| Header {
                    visitor: c.visitor_name.clone(),
                    channel: c.channel.name.clone(),
                    status: c.status,
                    operator: c.operator.clone(),
                })
            })
            .or_else(|| {
                conversations.with(|list| {
                    list.iter().find(|c| c.id == id).map(|c| Header {
                        visitor: c.visitor_name.clone(),
                        channel: c.channel.name.clone(),
                        status: c.status,
                        operator: c.operator.clone(),
                    })
                })
            })
    });

    // Keep the newest message in view.
    let scroller: NodeRef<html::Div> = NodeRef::new();
    Effect::new(move |_| {
        signals.lines.track();
        signals.visitor_draft.track();
        if let Some(el) = scroller.get() {
            request_animation_frame(move || el.set_scroll_top(el.scroll_height()));
        }
    });

    let draft = signals.composer;
    let submit = move || {
        let text = draft.get_untracked();
        if text.trim().is_empty() {
            return;
        }
        match chat.with_value(|c| c.send_reply(&text)) {
            Ok(()) => draft.set(String::new()),
            Err(message) => signals.error.set(Some(message)),
        }
    };
    let on_keydown = move |ev: KeyboardEvent| {
        if ev.key() == "Enter" && !ev.shift_key() && !ev.is_composing() {
            ev.prevent_default();
            submit();
        }
    };
    let on_input = move |ev| {
        let value = event_target_value(&ev);
        chat.with_value(|c| c.typing(&value));
        draft.set(value);
    };

    view! {
        <section class="chat" aria-label="Conversation" data-testid="chat">
            <header class="chat-header">
                {move || {
                    header
                        .get()
                        .map(|h| {
                            let operator = h
                                .operator
                                .as_ref()
                                .map(|o| format!("Answered by {}", o.name))
                                .unwrap_or_else(|| "Unassigned".into());
                            view! {
                                <div class="chat-title">
                                    <h2 data-testid="chat-visitor">{h.visitor.clone()}</h2>
                                    <span class="channel" data-testid="chat-channel">{h.channel.clone()}</span>
                                </div>
                                <span
                                    class="status"
                                    data-testid="chat-status"
                                    data-status=status_attr(h.status)
                                >
                                    {status_label(h.status, None)}
                                </span>
                                <span class="operator" data-testid="chat-operator">{operator}</span>
                            }
                        })
                }}
            </header>
            <div class="scroller" node_ref=scroller>
                <ol class="messages" data-testid="messages" aria-live="polite">
                    <For
                        each=move || signals.lines.get()
                        key=|l: &Line| {
                            (
                                l.message.side,
                                l.message.id.clone(),
                                l.message.seq,
                                delivery_attr(l.delivery),
                            )
                        }
                        children=move |l: Line| view! { <MessageLine line=l user_name /> }
                    />
                </ol>
                {move || {
                    signals
                        .visitor_draft
                        .get()
                        .map(|d| {
                            let label = if d.is_empty() {
                                "Visitor is typing…"
                            } else {
                                "Visitor is typing: "
                            };
                            view! {
                                <p class="visitor-draft" data-testid="visitor-draft">
                                    <span class="label">{label}</span>
                                    <span class="text">{d}</span>
                                </p>
                            }
                        })
                }}
            </div>
            {move || {
                signals
                    .error
                    .get()
                    .map(|e| view! { <p class="error" role="alert" data-testid="chat-error">{e}</p> })
            }}
            <form
                class="composer"
                on:submit=move |ev| {
                    ev.prevent_default();
                    submit();
                }
            >
                <label for="reply" class="visually-hidden">"Reply"</label>
                <textarea
                    id="reply"
                    rows="3"
                    placeholder="Write a reply — Enter sends, Shift+Enter adds a line"
                    data-testid="reply"
                    prop:value=move || draft.get()
                    on:input=on_input
                    on:keydown=on_keydown
                ></textarea>
                <button type="submit" data-testid="send-reply">"Send"</button>
            </form>
        </section>
    }
}

/// One message of the timeline.
#[component]
fn MessageLine(line: Line, user_name: Signal<String>) -> impl IntoView {
    let Line {
        message,
        mine,
        delivery,
    } = line;
    let author = if message.author.is_empty() && mine {
        user_name.get_untracked()
    } else {
        message.author
    };
    view! {
        <li
            class="message"
            class:mine=mine
            data-testid="message"
            data-side=side_attr(message.side)
            data-seq=message.seq.0.to_string()
            data-delivery=delivery_attr(delivery)
        >
            <div class="meta">
                <span class="author">{author}</span>
                <time datetime=full_time(message.at)>{time_of_day(message.at)}</time>
            </div>
            <p class="text" data-testid="message-text">{message.text}</p>
            {mine
                .then(|| {
                    view! {
                        <span class="delivery" data-testid="message-delivery">
                            {delivery_label(delivery)}
                        </span>
                    }
                })}
        </li>
    }
}
