//! The end of the message list while the conversation is closed: a notice,
//! the rating (R-QA-1) or the thanks for it, and the history by email
//! (R-CH-7).

use canal_shared::i18n::Msg;
use canal_shared::protocol::{Verdict, MAX_COMMENT_CHARS};
use leptos::prelude::*;

use super::dom::{self, el, el_class, El};
use crate::chat::Chat;
use crate::closing::Ending;
use crate::i18n::t;

// The textarea's `maxlength` is a literal: a number attribute would add the
// integer formatting to the widget.
const _: () = assert!(MAX_COMMENT_CHARS == 1000, "update the comment's maxlength");

/// The last item of the list once the conversation is closed: the notice,
/// then the rating form while it is asked, or the thanks once rated. The
/// form and the thanks are in the document only while they apply; the form
/// stays as it is (with what the visitor typed) while a toggle is pressed
/// or the rating is on its way.
pub fn closed(chat: &Chat) -> El {
    let ending = chat.signals().ending;
    let form = rating(chat, ending);
    let thanks = el_class("p", "thanks")
        .testid("rating-thanks")
        .attr("role", "status")
        .text(&t(Msg::RateThanks));
    let item = el_class("li", "closing")
        .hidden(move || ending.get() == Ending::Open)
        .children(&[&el_class("p", "notice")
            .testid("closed-notice")
            .text(&t(Msg::ClosedNotice))]);
    let li = item.0.clone();
    dom::watch(move || {
        let now = ending.get();
        dom::place(&li, &form.0, None, matches!(now, Ending::Asked { .. }));
        dom::place(&li, &thanks.0, None, now == Ending::Thanked);
        if now == Ending::Open {
            if let Some(comment) = form.0.query_selector("textarea").ok().flatten() {
                dom::set_value(&comment, "");
            }
        }
    });
    item
}

/// An optional comment, then Like and Dislike, each of which sends the
/// rating at once. The icons are the stylesheet's (an SVG mask on
/// `::before`, hidden from screen readers: no emoji font needed).
fn rating(chat: &Chat, ending: RwSignal<Ending>) -> El {
    let choice = move || match ending.get() {
        Ending::Asked { choice, .. } => choice,
        _ => None,
    };
    let sending = move || matches!(ending.get(), Ending::Asked { sending: true, .. });
    let comment = el("textarea")
        .testid("rating-comment")
        .attr("aria-label", &t(Msg::RateCommentLabel))
        .attr("rows", "2")
        .attr("maxlength", "1000")
        .attr("placeholder", &t(Msg::RateCommentPlaceholder));
    let verdict = |class: &str, testid: &str, label: Msg, v: Verdict| {
        let (chat, comment) = (chat.clone(), comment.0.clone());
        dom::button(testid, &t(label))
            .attr("class", class)
            .flag("aria-pressed", move || choice() == Some(v))
            .flag("aria-disabled", sending)
            .on("click", move |_| chat.rate(v, &dom::value(&comment)))
    };
    el_class("div", "rate")
        .testid("rating")
        .attr("role", "group")
        .attr("aria-labelledby", "canal-rate")
        .children(&[
            &el("p").attr("id", "canal-rate").text(&t(Msg::RateQuestion)),
            &comment,
            &verdict("like", "rating-like", Msg::RateLike, Verdict::Like),
            &verdict(
                "dislike",
                "rating-dislike",
                Msg::RateDislike,
                Verdict::Dislike,
            ),
        ])
}

/// "Get this conversation by email" while it is closed (R-CH-7): one field
/// and a button; the outcome is announced. Its own item, so what the
/// visitor typed stays when the rating above changes.
pub fn email_history(chat: &Chat) -> El {
    let sig = chat.signals();
    let field = el("input")
        .attr("type", "email")
        .testid("history-email")
        .attr("autocomplete", "email")
        .attr("maxlength", "254")
        .attr("aria-label", &t(Msg::HistoryEmail))
        .attr("placeholder", &t(Msg::HistoryEmail));
    let send = {
        let (chat, field) = (chat.clone(), field.0.clone());
        move |ev: web_sys::Event| {
            ev.prevent_default();
            chat.email_history(&dom::value(&field));
        }
    };
    let busy = move || sig.history.get() == Some(Msg::HistorySending);
    el_class("li", "history")
        .hidden(move || sig.ending.get() == Ending::Open)
        .children(&[&el("form")
            .testid("history")
            .attr("aria-labelledby", "canal-history")
            .on("submit", send)
            .children(&[
                &el("p")
                    .attr("id", "canal-history")
                    .text(&t(Msg::HistoryTitle)),
                &field,
                &el("button")
                    .attr("type", "submit")
                    .attr("class", "send")
                    .testid("history-send")
                    .flag("aria-disabled", busy)
                    .text(&t(Msg::HistorySend)),
                &el("p")
                    .attr("role", "status")
                    .testid("history-status")
                    .text_of(move || sig.history.get().map(|m| t(m).into_owned())),
            ])])
}
