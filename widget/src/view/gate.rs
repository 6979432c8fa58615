//! What the panel shows instead of the chat: the personal-data notice
//! (R-C-1), its refusal, and the leave-a-message form out of working hours
//! (R-WH-3).
//!
//! All three stay in the document and are shown or hidden (`hidden`), as
//! the chat is: a static tree with a few reactive attributes and texts
//! costs the widget far less than views built and dropped on each change.
//! The panel moves the focus to the one shown ([`Gates::focus`]).

use canal_shared::i18n::Msg;
use leptos::html::{Input, Textarea, H2, P};
use leptos::prelude::*;

use crate::chat::Chat;
use crate::gate::Gate;
use crate::i18n::t;

/// The elements that take the focus when their part is shown.
#[derive(Clone, Copy)]
pub struct Gates {
    notice: NodeRef<H2>,
    declined: NodeRef<P>,
    offline: NodeRef<H2>,
}

impl Gates {
    /// New, unmounted.
    pub fn new() -> Self {
        Gates {
            notice: NodeRef::new(),
            declined: NodeRef::new(),
            offline: NodeRef::new(),
        }
    }

    /// Focuses the heading (or text) of the part `gate` shows, if any.
    pub fn focus(&self, gate: &Gate) {
        let el: Option<web_sys::HtmlElement> = match gate {
            Gate::Notice { .. } => self.notice.get_untracked().map(Into::into),
            Gate::Declined => self.declined.get_untracked().map(Into::into),
            Gate::Offline => self.offline.get_untracked().map(Into::into),
            Gate::Loading | Gate::Chat => None,
        };
        if let Some(el) = el {
            let _ = el.focus();
        }
    }
}

/// The notice, as text (its line breaks kept), with Accept and Decline;
/// then, once declined, why there is no chat and the way back.
pub fn consent(chat: Chat, gates: Gates) -> impl IntoView {
    let sig = chat.signals();
    let notice = move || match sig.gate.get() {
        Gate::Notice { notice, changed } => Some((notice.body, changed)),
        _ => None,
    };
    let hidden_notice = move || notice().is_none();
    let unchanged = move || !notice().is_some_and(|(_, c)| c);
    let body = move || notice().map(|(b, _)| b).unwrap_or_default();
    let accepting = sig.accepting;
    let (yes, no, back) = (chat.clone(), chat.clone(), chat);
    view! {
        <section class="gate" data-testid="consent" aria-labelledby="canal-notice" hidden=hidden_notice>
            <h2 id="canal-notice" tabindex="-1" node_ref=gates.notice>{t(Msg::ConsentTitle)}</h2>
            <p class="hint" hidden=unchanged>{t(Msg::ConsentChanged)}</p>
            <p class="body" data-testid="consent-text">{body}</p>
            <div class="actions">
                <button
                    type="button"
                    class="primary"
                    data-testid="consent-accept"
                    aria-disabled=move || if accepting.get() { "true" } else { "false" }
                    on:click=move |_| yes.accept()
                >
                    {t(Msg::ConsentAccept)}
                </button>
                <button type="button" data-testid="consent-decline" on:click=move |_| no.decline(true)>
                    {t(Msg::ConsentDecline)}
                </button>
            </div>
        </section>
        <section class="gate" data-testid="consent-declined" hidden=move || sig.gate.get() != Gate::Declined>
            <p tabindex="-1" node_ref=gates.declined>{t(Msg::ConsentDeclined)}</p>
            <div class="actions">
                <button type="button" data-testid="consent-review" on:click=move |_| back.decline(false)>
                    {t(Msg::ConsentReview)}
                </button>
            </div>
        </section>
    }
}

/// Out of working hours: email and message, checked here, then sent like
/// any message (stored in the conversation, never lost).
pub fn offline(chat: Chat, gates: Gates) -> impl IntoView {
    let sig = chat.signals();
    let email = NodeRef::<Input>::new();
    let message = NodeRef::<Textarea>::new();
    let problem = RwSignal::new(None::<Msg>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (Some(e), Some(m)) = (email.get_untracked(), message.get_untracked()) else {
            return;
        };
        let why = chat.leave(&e.value(), &m.value()).err();
        problem.set(why);
        let _ = match why {
            Some(Msg::OfflineEmailInvalid) => e.focus(),
            Some(_) => m.focus(),
            None => Ok(()),
        };
    };
    let invalid = move |which: Msg| {
        move || {
            if problem.get() == Some(which) {
                "true"
            } else {
                "false"
            }
        }
    };
    view! {
        <form
            class="gate"
            data-testid="offline"
            aria-labelledby="canal-offline"
            hidden=move || sig.gate.get() != Gate::Offline
            on:submit=submit
            novalidate
        >
            <h2 id="canal-offline" tabindex="-1" node_ref=gates.offline>{t(Msg::OfflineTitle)}</h2>
            <p>{t(Msg::OfflineIntro)}</p>
            <label for="canal-email">{t(Msg::OfflineEmail)}</label>
            <input
                id="canal-email"
                data-testid="offline-email"
                type="email"
                autocomplete="email"
                maxlength="254"
                node_ref=email
                aria-invalid=invalid(Msg::OfflineEmailInvalid)
                aria-describedby="canal-problem"
            />
            <label for="canal-left">{t(Msg::OfflineMessage)}</label>
            <textarea
                id="canal-left"
                data-testid="offline-message"
                rows="4"
                node_ref=message
                aria-invalid=invalid(Msg::OfflineMessageEmpty)
                aria-describedby="canal-problem"
            ></textarea>
            <p id="canal-problem" class="problem" data-testid="offline-problem" role="alert">
                {move || problem.get().map(t)}
            </p>
            <div class="actions">
                <button type="submit" class="primary" data-testid="offline-send">
                    {t(Msg::OfflineSend)}
                </button>
            </div>
        </form>
    }
}
