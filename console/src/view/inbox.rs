//! The conversation list: one button per conversation, most recent first.

use canal_shared::ids::ConversationId;
use canal_shared::protocol::ConversationSummary;
use leptos::prelude::*;

use crate::format::{full_time, list_time, status_attr, status_label};

/// The list fed by the inbox socket; clicking an item selects it.
#[component]
pub fn ConversationList(
    /// The conversations, most recent first.
    conversations: RwSignal<Vec<ConversationSummary>>,
    /// The open conversation.
    selected: RwSignal<Option<ConversationId>>,
) -> impl IntoView {
    view! {
        <ul class="conversations" data-testid="conversations">
            <For
                each=move || conversations.get()
                // Any change re-renders that item; the others stay as they are.
                key=|c| serde_json::to_string(c).unwrap_or_else(|_| c.id.to_string())
                children=move |c| view! { <ConversationItem summary=c selected /> }
            />
        </ul>
        <Show when=move || conversations.with(Vec::is_empty)>
            <p class="empty" data-testid="inbox-empty">"No conversations yet."</p>
        </Show>
    }
}

#[component]
fn ConversationItem(
    summary: ConversationSummary,
    selected: RwSignal<Option<ConversationId>>,
) -> impl IntoView {
    let ConversationSummary {
        id,
        channel,
        visitor_name,
        status,
        operator,
        last_text,
        last_at,
        unread,
        ..
    } = summary;
    let is_selected = {
        let id = id.clone();
        move || selected.with(|s| s.as_ref() == Some(&id))
    };
    let label = status_label(status, operator.as_ref());
    let click_id = id.clone();
    view! {
        <li>
            <button
                type="button"
                class="conversation"
                class:selected=is_selected.clone()
                aria-current=move || is_selected().then_some("true")
                data-testid="conversation"
                data-id=id.to_string()
                data-status=status_attr(status)
                on:click=move |_| selected.set(Some(click_id.clone()))
            >
                <span class="conversation-top">
                    <span class="visitor" data-testid="conversation-visitor">{visitor_name}</span>
                    <time datetime=full_time(last_at) data-testid="conversation-time">{list_time(last_at)}</time>
                </span>
                <span class="channel" data-testid="conversation-channel">{channel.name}</span>
                <span class="preview" data-testid="conversation-preview">{last_text}</span>
                <span class="conversation-bottom">
                    <span class="status" data-testid="conversation-status">{label}</span>
                    {(unread > 0).then(|| view! {
                        <span class="unread" data-testid="unread" aria-label=format!("{unread} unread")>
                            {unread}
                        </span>
                    })}
                </span>
            </button>
        </li>
    }
}
