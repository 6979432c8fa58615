//! The end of the message list while the conversation is closed: a notice,
//! the rating (R-QA-1) or the thanks for it, and the history by email
//! (R-CH-7).

use canal_shared::protocol::{Verdict, MAX_COMMENT_CHARS};
use leptos::html::{Input, Textarea};
use leptos::prelude::*;

use crate::chat::Chat;
use crate::closing::Ending;
use crate::i18n::t;
use canal_shared::i18n::Msg;

// The textarea's `maxlength` is a literal: a number attribute would add the
// integer formatting to the widget.
const _: () = assert!(MAX_COMMENT_CHARS == 1000, "update the comment's maxlength");

/// The last item of the list once the conversation is closed. Rendered
/// again in place when the ending changes (a toggle pressed, the rating
/// sent): one reactive child, as each costs the widget's size.
#[component]
pub fn Closed(chat: Chat) -> impl IntoView {
    let ending = chat.signals().ending;
    // Reactive children must be `Send`; the controller stays on this thread.
    let chat = StoredValue::new_local(chat);
    move || {
        let (asked, thanked) = match ending.get() {
            Ending::Open => return None,
            Ending::Closed => (None, false),
            Ending::Asked { choice, sending } => (Some((choice, sending)), false),
            Ending::Thanked => (None, true),
        };
        Some(view! {
            <li class="closing">
                <p class="notice" data-testid="closed-notice">{t(Msg::ClosedNotice)}</p>
                {asked.map(|(choice, sending)| form(chat.get_value(), choice, sending))}
                {thanked.then(|| view! {
                    <p class="thanks" data-testid="rating-thanks" role="status">{t(Msg::RateThanks)}</p>
                })}
            </li>
        })
    }
}

/// Like / Dislike (toggles), an optional comment and Send, which does
/// nothing until one is pressed. The icons are the stylesheet's (`::before`,
/// hidden from screen readers).
fn form(chat: Chat, choice: Option<Verdict>, sending: bool) -> impl IntoView {
    let comment = NodeRef::<Textarea>::new();
    let pressed = move |v| if choice == Some(v) { "true" } else { "false" };
    // One handler type for the three buttons: press a verdict, or send.
    let click = |verdict: Option<Verdict>| {
        let chat = chat.clone();
        move |_| match (verdict, comment.get_untracked()) {
            (Some(v), _) => chat.choose(v),
            (None, Some(el)) => chat.rate(&el.value()),
            (None, None) => {}
        }
    };
    let idle = if choice.is_none() || sending {
        "true"
    } else {
        "false"
    };
    view! {
        <div class="rate" data-testid="rating" role="group" aria-labelledby="canal-rate">
            <p id="canal-rate">{t(Msg::RateQuestion)}</p>
            <button
                type="button"
                class="like"
                data-testid="rating-like"
                aria-pressed=pressed(Verdict::Like)
                on:click=click(Some(Verdict::Like))
            >
                {t(Msg::RateLike)}
            </button>
            <button
                type="button"
                class="dislike"
                data-testid="rating-dislike"
                aria-pressed=pressed(Verdict::Dislike)
                on:click=click(Some(Verdict::Dislike))
            >
                {t(Msg::RateDislike)}
            </button>
            <textarea
                data-testid="rating-comment"
                node_ref=comment
                aria-label=t(Msg::RateCommentLabel)
                rows="2"
                maxlength="1000"
                placeholder=t(Msg::RateCommentPlaceholder)
            ></textarea>
            <button
                type="button"
                class="send"
                data-testid="rating-submit"
                aria-disabled=idle
                on:click=click(None)
            >
                {t(Msg::RateSend)}
            </button>
        </div>
    }
}

/// "Get this conversation by email" while it is closed (R-CH-7): one field
/// and a button; the outcome is announced. Its own item, so what the
/// visitor typed stays when the rating above changes.
#[component]
pub fn EmailHistory(chat: Chat) -> impl IntoView {
    let sig = chat.signals();
    let field = NodeRef::<Input>::new();
    let chat = StoredValue::new_local(chat);
    let send = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if let Some(el) = field.get_untracked() {
            chat.with_value(|c| c.email_history(&el.value()));
        }
    };
    let busy = move || sig.history.get() == Some(Msg::HistorySending);
    view! {
        <li class="history" hidden=move || sig.ending.get() == Ending::Open>
            <form data-testid="history" aria-labelledby="canal-history" on:submit=send>
                <p id="canal-history">{t(Msg::HistoryTitle)}</p>
                <input
                    type="email"
                    data-testid="history-email"
                    node_ref=field
                    autocomplete="email"
                    maxlength="254"
                    aria-label=t(Msg::HistoryEmail)
                    placeholder=t(Msg::HistoryEmail)
                />
                <button type="submit" class="send" data-testid="history-send" aria-disabled=move || busy().to_string()>
                    {t(Msg::HistorySend)}
                </button>
                <p role="status" data-testid="history-status">{move || sig.history.get().map(t)}</p>
            </form>
        </li>
    }
}
