//! What the panel shows instead of the chat: the personal-data notice
//! (R-C-1), its refusal, and the leave-a-message form out of working hours
//! (R-WH-3).
//!
//! All three stay in the document and are shown or hidden (`hidden`), as
//! the chat is. The panel moves the focus to the one shown
//! ([`focus`]).

use canal_shared::i18n::Msg;
use leptos::prelude::*;

use super::dom::{self, el, el_class, El};
use crate::chat::Chat;
use crate::gate::Gate;
use crate::i18n::t;

/// The notice, its refusal and the offline form, in the order [`focus`]
/// takes them.
pub fn parts(chat: &Chat) -> [El; 3] {
    let [notice, declined] = consent(chat);
    [notice, declined, offline(chat)]
}

/// Focuses the first child (a heading or text) of the part of `parts` that
/// `gate` shows, or the composer. Returns whether the frame itself still
/// lacks the browser's focus (Firefox gives a frame of another site the
/// focus only from its parent page: the loader is then asked).
pub fn focus(parts: &[web_sys::Element; 3], gate: &Gate) -> bool {
    let doc = crate::env::document();
    let has_focus = || doc.has_focus().unwrap_or(true);
    match gate {
        Gate::Notice { .. } => dom::focus(parts[0].first_element_child().as_ref()),
        Gate::Declined => dom::focus(parts[1].first_element_child().as_ref()),
        Gate::Offline => dom::focus(parts[2].first_element_child().as_ref()),
        Gate::Loading | Gate::Chat => {
            let composer = doc.get_element_by_id("canal-composer");
            dom::focus(composer.as_ref());
            // The visitor can type: `canal:usable` marks it.
            if composer.is_some() && doc.active_element() == composer && has_focus() {
                crate::env::mark("canal:usable");
            }
        }
    }
    !has_focus()
}

/// The part `testid` of the gate, shown while `shown` says so of the gate.
fn part(tag: &str, testid: &str, chat: &Chat, shown: fn(&Gate) -> bool) -> El {
    let gate = chat.signals().gate;
    el_class(tag, "gate")
        .testid(testid)
        .hidden(move || !gate.with(shown))
}

/// The focus target that opens a part: a heading `id` or a text.
fn heading(tag: &str, id: &str, text: Msg) -> El {
    el(tag).attr("id", id).attr("tabindex", "-1").text(&t(text))
}

/// A row of buttons.
fn actions(buttons: &[&El]) -> El {
    el_class("div", "actions").children(buttons)
}

/// The notice, as text (its line breaks kept), with Accept and Decline;
/// then, once declined, why there is no chat and the way back.
fn consent(chat: &Chat) -> [El; 2] {
    let sig = chat.signals();
    let notice = move || match sig.gate.get() {
        Gate::Notice { notice, changed } => Some((notice.body, changed)),
        _ => None,
    };
    let (yes, no, back) = (chat.clone(), chat.clone(), chat.clone());
    let accepting = sig.accepting;
    let asked = part("section", "consent", chat, |g| {
        matches!(g, Gate::Notice { .. })
    })
    .attr("aria-labelledby", "canal-notice")
    .children(&[
        &heading("h2", "canal-notice", Msg::ConsentTitle),
        &el_class("p", "hint")
            .hidden(move || !notice().is_some_and(|(_, c)| c))
            .text(&t(Msg::ConsentChanged)),
        &el_class("p", "body")
            .testid("consent-text")
            .text_of(move || notice().map(|(b, _)| b)),
        &actions(&[
            &dom::button("consent-accept", &t(Msg::ConsentAccept))
                .attr("class", "primary")
                .flag("aria-disabled", move || accepting.get())
                .on("click", move |_| yes.accept()),
            &dom::button("consent-decline", &t(Msg::ConsentDecline))
                .on("click", move |_| no.decline(true)),
        ]),
    ]);
    let declined = part("section", "consent-declined", chat, |g| {
        *g == Gate::Declined
    })
    .children(&[
        &heading("p", "canal-declined", Msg::ConsentDeclined),
        &actions(&[&dom::button("consent-review", &t(Msg::ConsentReview))
            .on("click", move |_| back.decline(false))]),
    ]);
    [asked, declined]
}

/// Out of working hours: email and message, checked here, then sent like
/// any message (stored in the conversation, never lost).
fn offline(chat: &Chat) -> El {
    let problem = RwSignal::new(None::<Msg>);
    let field = |tag: &str, id: &str, testid: &str, which: Msg| {
        el(tag)
            .attr("id", id)
            .testid(testid)
            .attr("aria-describedby", "canal-problem")
            .flag("aria-invalid", move || problem.get() == Some(which))
    };
    let email = field(
        "input",
        "canal-email",
        "offline-email",
        Msg::OfflineEmailInvalid,
    )
    .attr("type", "email")
    .attr("autocomplete", "email")
    .attr("maxlength", "254");
    let message = field(
        "textarea",
        "canal-left",
        "offline-message",
        Msg::OfflineMessageEmpty,
    )
    .attr("rows", "4");
    let label = |of: &str, text: Msg| el("label").attr("for", of).text(&t(text));
    let submit = {
        let chat = chat.clone();
        let (e, m) = (email.0.clone(), message.0.clone());
        move |ev: web_sys::Event| {
            ev.prevent_default();
            let why = chat.leave(&dom::value(&e), &dom::value(&m)).err();
            problem.set(why);
            match why {
                Some(Msg::OfflineEmailInvalid) => dom::focus(Some(&e)),
                Some(_) => dom::focus(Some(&m)),
                None => {}
            }
        }
    };
    part("form", "offline", chat, |g| *g == Gate::Offline)
        .attr("aria-labelledby", "canal-offline")
        .attr("novalidate", "")
        .on("submit", submit)
        .children(&[
            &heading("h2", "canal-offline", Msg::OfflineTitle),
            &el("p").text(&t(Msg::OfflineIntro)),
            &label("canal-email", Msg::OfflineEmail),
            &email,
            &label("canal-left", Msg::OfflineMessage),
            &message,
            &el_class("p", "problem")
                .attr("id", "canal-problem")
                .testid("offline-problem")
                .attr("role", "alert")
                .text_of(move || problem.get().map(|m| t(m).into_owned())),
            &actions(&[&el("button")
                .attr("type", "submit")
                .attr("class", "primary")
                .testid("offline-send")
                .text(&t(Msg::OfflineSend))]),
        ])
}
