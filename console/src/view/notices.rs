//! Notices for the signed-in person above their conversation list: a client
//! waits too long for an answer (R-KPI-3). Each links its conversation.
//!
//! Every text shown here is in the console's catalog (#22).

use canal_shared::i18n::ConsoleMsg;
use canal_shared::ids::ConversationId;
use canal_shared::protocol::OperatorNotice;
use leptos::prelude::*;

use crate::format::list_time;
use crate::i18n::t;

/// The notices, newest first, with Open and Dismiss.
#[component]
pub fn Notices(
    /// What the inbox socket received.
    notices: RwSignal<Vec<OperatorNotice>>,
    /// The open conversation (Open sets it).
    selected: RwSignal<Option<ConversationId>>,
) -> impl IntoView {
    view! {
        <section
            class="notices"
            aria-label=t(ConsoleMsg::NoticesTitle)
            aria-live="polite"
            data-testid="notices"
            hidden=move || notices.with(Vec::is_empty)
        >
            <h2>{t(ConsoleMsg::NoticesTitle)}</h2>
            <ul>
                <For each=move || notices.get() key=|n| n.id.clone() let:notice>
                    <NoticeItem notice notices selected />
                </For>
            </ul>
        </section>
    }
}

#[component]
fn NoticeItem(
    notice: OperatorNotice,
    notices: RwSignal<Vec<OperatorNotice>>,
    selected: RwSignal<Option<ConversationId>>,
) -> impl IntoView {
    let id = notice.id.clone();
    let conversation = notice.conversation.clone();
    view! {
        <li class="notice" data-testid="notice" data-conversation=notice.conversation.to_string()>
            <p>{notice.text.clone()}</p>
            <p class="meta"><time>{move || list_time(crate::i18n::Locale::current().lang(), notice.at)}</time></p>
            <div class="row">
                <button
                    type="button"
                    data-testid="notice-open"
                    on:click=move |_| selected.set(Some(conversation.clone()))
                >
                    {t(ConsoleMsg::NoticesOpen)}
                </button>
                <button
                    type="button"
                    class="secondary"
                    data-testid="notice-dismiss"
                    on:click=move |_| notices.update(|l| l.retain(|n| n.id != id))
                >
                    {t(ConsoleMsg::NoticesDismiss)}
                </button>
            </div>
        </li>
    }
}
