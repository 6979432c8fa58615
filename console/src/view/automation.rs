//! The automation page (admins): what a channel does on its own between the
//! client and the operators — the greeting (R-AA-1), the out-of-hours reply
//! (R-WH-2, R-AA-3), the no-answer reply (R-AA-2), the conversation timeout
//! (R-AA-5) and the wait for the rating (R-AA-4, R-QA-2).
//!
//! The form is plain data (`AutomationForm`) checked with the worker's own
//! rule ([`AutomationSettings::validate`]) before it is sent; one signal
//! holds it. The channel's working hours (R-WH-1) are edited in their own
//! fieldset ([`HoursEditor`]) and checked the same way, with the rule of
//! [`canal_shared::hours::WorkingHours`].
//!
//! Every text shown here is in the console's catalog (#22).

mod model;

use canal_shared::automation::{
    AutomationConfig, AutomationSettings, MAX_DELAY_MS, MAX_RATING_WAIT_MS,
};
use canal_shared::i18n::{ConsoleMsg, ServerMsg};
use leptos::prelude::*;

use crate::view::focus::focus_id;
use crate::view::form::Problems;
use crate::view::hours::{browser_zone, HoursEditor, HoursForm};
use crate::view::kit::{
    self, ChoiceOf, Choices, Field, FieldKind, Fieldset, OpenChannel, Placeholder, Section,
    SectionPage, Toggle,
};
use crate::{automation_api, lens};

use model::{AutomationForm, NoAnswerChoice, TimeoutChoice, MS_PER_MINUTE};

/// What happens when nobody answers the client in time.
#[rustfmt::skip]
static NO_ANSWER: [ChoiceOf<NoAnswerChoice>; 2] = [
    (NoAnswerChoice::Nothing, "automation-noanswer-nothing", ConsoleMsg::AutomationNoanswerNothing, ConsoleMsg::AutomationNoanswerNothingHint),
    (NoAnswerChoice::Reply, "automation-noanswer-reply", ConsoleMsg::AutomationNoanswerReply, ConsoleMsg::AutomationNoanswerReplyHint),
];

/// What happens when the client does not answer (R-AA-5).
#[rustfmt::skip]
static TIMEOUT: [ChoiceOf<TimeoutChoice>; 3] = [
    (TimeoutChoice::Off, "automation-timeout-off", ConsoleMsg::AutomationTimeoutOff, ConsoleMsg::AutomationTimeoutOffHint),
    (TimeoutChoice::CloseWithText, "automation-timeout-close-text", ConsoleMsg::AutomationTimeoutCloseText, ConsoleMsg::AutomationTimeoutCloseTextHint),
    (TimeoutChoice::Close, "automation-timeout-close", ConsoleMsg::AutomationTimeoutClose, ConsoleMsg::AutomationTimeoutCloseHint),
];

/// One field of the automation form.
type Lens<T> = kit::Lens<AutomationForm, T>;

/// The automatic actions of one channel.
#[component]
pub fn AutomationPage() -> impl IntoView {
    let channel = OpenChannel::current();
    // Why the working hours were not saved.
    let hours_error = RwSignal::new(None::<String>);
    // No hours (always open) keeps the ones shown (`hours`), switched off.
    let form_of = |config: AutomationConfig, mut hours: HoursForm| {
        hours.load(config.hours.as_ref());
        AutomationForm::from_settings(&config.settings, hours)
    };
    let section = Section::new(
        "automation",
        AutomationForm::from_settings(
            &AutomationSettings::default(),
            HoursForm::new(&browser_zone()),
        ),
        move |token| async move {
            let config = automation_api::automation(&token, &channel.id()).await?;
            Ok(form_of(config, HoursForm::new(&browser_zone())))
        },
        move |f: &AutomationForm, lang| {
            let working = f.hours.to_hours(lang);
            hours_error.set(working.as_ref().err().map(|p| p.message.clone()));
            let settings = f.to_settings(lang)?;
            match working {
                Ok(hours) => {
                    let config = AutomationConfig {
                        channel: channel.id(),
                        settings,
                        hours,
                    };
                    Ok((config, f.hours.clone()))
                }
                Err(p) => {
                    // Said under the hours, not in the section's alert.
                    focus_id(&p.field);
                    Err(Problems::default())
                }
            }
        },
        move |token, (config, hours)| async move {
            let saved = automation_api::save_automation(&token, &config).await?;
            Ok(form_of(saved, hours))
        },
    );
    let form = section.form;

    let intro = channel.says(ConsoleMsg::AutomationIntroOne);

    let no_answer_off =
        Signal::derive(move || form.value.with(|f| f.no_answer != NoAnswerChoice::Reply));
    let timeout_off = Signal::derive(move || form.value.with(|f| f.timeout == TimeoutChoice::Off));
    let timeout_text_off = Signal::derive(move || {
        form.value
            .with(|f| f.timeout != TimeoutChoice::CloseWithText)
    });
    let max_delay = MAX_DELAY_MS / MS_PER_MINUTE;
    let max_rating = MAX_RATING_WAIT_MS / MS_PER_MINUTE;

    view! {
        <SectionPage
            section
            title=ConsoleMsg::AutomationTitle
            intro
            loading=ConsoleMsg::AutomationLoading
        >
                    <Fieldset legend=ConsoleMsg::AutomationGreeting hint=ConsoleMsg::AutomationGreetingHint>
                        <Toggle
                            form
                            lens=lens!(greeting_on)
                            key="automation-greeting-on"
                            title=ConsoleMsg::AutomationGreetingOn
                            hint=ConsoleMsg::AutomationGreetingOnHint
                        />
                        <Field
                            form
                            lens=lens!(greeting_text)
                            key="automation-greeting-text"
                            label=ConsoleMsg::AutomationGreetingText
                            hint=ConsoleMsg::AutomationGreetingTextHint
                            kind=FieldKind::Text(Placeholder::Server(ServerMsg::AutoGreeting))
                        />
                    </Fieldset>

                    <Fieldset legend=ConsoleMsg::AutomationOoh hint=ConsoleMsg::AutomationOohHint>
                        <Toggle
                            form
                            lens=lens!(ooh_on)
                            key="automation-ooh-on"
                            title=ConsoleMsg::AutomationOohOn
                            hint=ConsoleMsg::AutomationOohOnHint
                        />
                        <Field
                            form
                            lens=lens!(ooh_text)
                            key="automation-ooh-text"
                            label=ConsoleMsg::AutomationOohText
                            hint=ConsoleMsg::AutomationOohTextHint
                            kind=FieldKind::Text(Placeholder::Server(ServerMsg::AutoOutOfHours))
                        />
                    </Fieldset>

                    <HoursEditor
                        form
                        lens=lens!(hours)
                        error=hours_error
                    />

                    <Fieldset legend=ConsoleMsg::AutomationNoanswer hint=ConsoleMsg::AutomationNoanswerHint>
                        <Choices form lens=lens!(no_answer) name="no_answer" options=&NO_ANSWER />
                        <div class="admin-indent">
                            <Field
                                form
                                lens=lens!(no_answer_minutes)
                                key="automation-noanswer-minutes"
                                label=ConsoleMsg::AutomationNoanswerMinutes
                                hint=ConsoleMsg::AutomationNoanswerMinutesHint
                                kind=FieldKind::Minutes { min: 1, max: max_delay }
                                disabled=no_answer_off
                            />
                            <Field
                                form
                                lens=lens!(no_answer_text)
                                key="automation-noanswer-text"
                                label=ConsoleMsg::AutomationNoanswerText
                                hint=ConsoleMsg::AutomationNoanswerTextHint
                                kind=FieldKind::Text(Placeholder::Server(ServerMsg::AutoNoAnswer))
                                disabled=no_answer_off
                            />
                        </div>
                    </Fieldset>

                    <Fieldset legend=ConsoleMsg::AutomationTimeout hint=ConsoleMsg::AutomationTimeoutHint>
                        <Choices form lens=lens!(timeout) name="timeout" options=&TIMEOUT />
                        <div class="admin-indent">
                            <Field
                                form
                                lens=lens!(timeout_minutes)
                                key="automation-timeout-minutes"
                                label=ConsoleMsg::AutomationTimeoutMinutes
                                hint=ConsoleMsg::AutomationTimeoutMinutesHint
                                kind=FieldKind::Minutes { min: 1, max: max_delay }
                                disabled=timeout_off
                            />
                            <Field
                                form
                                lens=lens!(timeout_text)
                                key="automation-timeout-text"
                                label=ConsoleMsg::AutomationTimeoutText
                                hint=ConsoleMsg::AutomationTimeoutTextHint
                                kind=FieldKind::Text(Placeholder::None)
                                disabled=timeout_text_off
                            />
                        </div>
                    </Fieldset>

                    <Fieldset legend=ConsoleMsg::AutomationRating hint=ConsoleMsg::AutomationRatingHint>
                        <Field
                            form
                            lens=lens!(rating_minutes)
                            key="automation-rating-minutes"
                            label=ConsoleMsg::AutomationRatingMinutes
                            hint=ConsoleMsg::AutomationRatingMinutesHint
                            kind=FieldKind::Minutes { min: 0, max: max_rating }
                        />
                        <Toggle
                            form
                            lens=lens!(close_on_rating)
                            key="automation-close-on-rating"
                            title=ConsoleMsg::AutomationCloseOnRating
                            hint=ConsoleMsg::AutomationCloseOnRatingHint
                        />
                    </Fieldset>
        </SectionPage>
    }
}
