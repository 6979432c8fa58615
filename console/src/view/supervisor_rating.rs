//! The supervisor's rating of a conversation (R-QA-3), beside the
//! client's: shown to the operators, and given by the head of the
//! operator's department or an admin.
//!
//! Every text shown here is in the console's catalog (#22).

use canal_shared::i18n::ConsoleMsg;
use canal_shared::ids::{ConversationId, UserId};
use canal_shared::protocol::{
    ConversationSummary, OperatorInfo, Rating, SupervisorRating, SupervisorRatingRequest, Verdict,
};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::admin::post;
use crate::auth::Session;
use crate::format::{verdict_attr, verdict_label};
use crate::i18n::t;
use crate::view::form::sentence;

/// Whether someone who supervises `supervises` (everyone, for an admin) may
/// rate the work of `operator`.
pub fn may_rate(admin: bool, supervises: &[UserId], operator: Option<&OperatorInfo>) -> bool {
    operator.is_some_and(|o| admin || supervises.contains(&o.id))
}

/// The rating, and the form for those who may give it.
#[component]
pub fn SupervisorRatingPanel(
    /// The conversation.
    conversation: ConversationId,
    /// The rating as the server last described it.
    current: Signal<Option<SupervisorRating>>,
    /// Whether the signed-in person may rate it.
    may: Signal<bool>,
) -> impl IntoView {
    let token = Session::current().token();
    let token = StoredValue::new(token);
    let conversation = StoredValue::new(conversation);
    // What this form saved, newer than `current` until the server says more.
    let saved = RwSignal::new(None::<SupervisorRating>);
    let shown = move || saved.get().or_else(|| current.get());
    let verdict = RwSignal::new(Verdict::Like);
    let comment = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let text = comment.get_untracked();
        let body = SupervisorRatingRequest {
            conversation: conversation.get_value(),
            rating: Rating {
                verdict: verdict.get_untracked(),
                comment: (!text.trim().is_empty()).then_some(text),
            },
        };
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            let result: Result<Option<ConversationSummary>, _> = post(
                &token.get_value(),
                "/api/conversations/supervisor-rating",
                &body,
            )
            .await;
            busy.set(false);
            match result {
                Ok(summary) => {
                    saved.set(summary.and_then(|s| s.supervisor_rating));
                    comment.set(String::new());
                }
                Err(f) => error.set(Some(sentence(&f.message))),
            }
        });
    };
    let choice = move |v: Verdict, label: ConsoleMsg| {
        view! {
            <label class="admin-choice">
                <input
                    type="radio"
                    name="supervisor-verdict"
                    data-testid=format!("supervisor-{}", verdict_attr(v))
                    prop:checked=move || verdict.get() == v
                    on:change=move |_| verdict.set(v)
                />
                " "
                {t(label)}
            </label>
        }
    };
    view! {
        <section class="supervisor-rating" aria-label=t(ConsoleMsg::SupervisorRatingTitle) data-testid="supervisor-rating">
            {move || {
                shown()
                    .map(|s| {
                        view! {
                            <p
                                class="chat-rating"
                                data-testid="supervisor-rating-shown"
                                data-verdict=verdict_attr(s.rating.verdict)
                            >
                                <span class="visually-hidden">{t(ConsoleMsg::SupervisorRatingShown)} " "</span>
                                <span class="thumb" aria-hidden="true"></span>
                                " "
                                <span class="verdict">{t(verdict_label(s.rating.verdict))}</span>
                                {s.rating.comment.map(|c| view! { " " <q>{c}</q> })}
                                " — " {s.by.name}
                            </p>
                        }
                    })
            }}
            <Show when=move || may.get()>
                <form class="supervisor-form" on:submit=save>
                    <fieldset>
                        <legend>{t(ConsoleMsg::SupervisorRatingLegend)}</legend>
                        {choice(Verdict::Like, ConsoleMsg::SupervisorRatingLike)}
                        {choice(Verdict::Dislike, ConsoleMsg::SupervisorRatingDislike)}
                        <label for="supervisor-comment">{t(ConsoleMsg::SupervisorRatingComment)}</label>
                        <input
                            id="supervisor-comment"
                            data-testid="supervisor-comment"
                            prop:value=move || comment.get()
                            on:input=move |ev| comment.set(event_target_value(&ev))
                        />
                        <button type="submit" data-testid="supervisor-save" disabled=move || busy.get()>
                            {t(ConsoleMsg::SupervisorRatingSave)}
                        </button>
                    </fieldset>
                    {move || error.get().map(|e| view! { <p class="error" role="alert" data-testid="supervisor-error">{e}</p> })}
                </form>
            </Show>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn r_qa_3_supervisors_of_the_operator_and_admins_may_rate() {
        let ana = OperatorInfo {
            id: UserId::parse("ana").unwrap(),
            name: "Ana".into(),
        };
        let heads_ana = [UserId::parse("ana").unwrap()];
        assert!(may_rate(false, &heads_ana, Some(&ana)));
        assert!(!may_rate(false, &[], Some(&ana)));
        assert!(may_rate(true, &[], Some(&ana)));
        assert!(
            !may_rate(true, &heads_ana, None),
            "nobody's work to rate yet"
        );
    }
}
