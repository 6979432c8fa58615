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

use canal_shared::automation::{
    AutoText, AutomationConfig, AutomationSettings, NoAnswer, RatingWait, Timeout, MAX_DELAY_MS,
    MAX_RATING_WAIT_MS, MIN_DELAY_MS,
};
use canal_shared::i18n::{Lang, ServerMsg};
use canal_shared::ids::ChannelId;
use canal_shared::protocol::ChannelInfo;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::automation_api;
use crate::i18n::Locale;
use crate::view::focus::focus_id;
use crate::view::form::{minutes_to_ms, ms_to_minutes, sentence, ChannelPicker};
use crate::view::hours::{browser_zone, HoursEditor, HoursForm};

/// The automatic actions of one channel at a time.
#[component]
pub fn AutomationPage(
    /// The signed-in admin's session token.
    token: String,
    /// The channels whose automation can be edited (a picker shows when there
    /// are several).
    channels: Vec<ChannelInfo>,
) -> impl IntoView {
    let locale = Locale::current();
    let token = StoredValue::new(token);
    let channel = RwSignal::new(channels.first().map(|c| c.id.clone()));
    let page = Page::new();
    // The working hours as edited, and why they were not saved.
    let hours = RwSignal::new(HoursForm::new(&browser_zone()));
    let hours_error = RwSignal::new(None::<String>);
    let loaded = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);

    let fill = move |config: AutomationConfig| {
        page.fill(AutomationForm::from_settings(&config.settings));
        hours.update(|h| h.load(config.hours.as_ref()));
    };
    let load = move |id: ChannelId| {
        loaded.set(false);
        error.set(None);
        hours_error.set(None);
        page.problems.set(Problems::default());
        page.saved.set(false);
        spawn_local(async move {
            let result = automation_api::automation(&token.get_value(), &id).await;
            if channel.get_untracked().as_ref() != Some(&id) {
                return;
            }
            match result {
                Ok(config) => {
                    fill(config);
                    loaded.set(true);
                }
                Err(f) => error.set(Some(f.message)),
            }
        });
    };
    if let Some(id) = channel.get_untracked() {
        load(id);
    }

    let save = move |ev: SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let Some(id) = channel.get_untracked() else {
            return;
        };
        page.saved.set(false);
        error.set(None);
        let lang = untrack(|| locale.lang());
        let working = hours.with_untracked(|h| h.to_hours(lang));
        hours_error.set(working.as_ref().err().map(|p| p.message.clone()));
        let settings = match page.form.with_untracked(AutomationForm::to_settings) {
            Ok(s) => s,
            Err(p) => {
                error.set(Some(p.summary()));
                if let Some(field) = p.first_field() {
                    focus_id(field);
                }
                page.problems.set(p);
                return;
            }
        };
        page.problems.set(Problems::default());
        let working = match working {
            Ok(w) => w,
            Err(p) => {
                focus_id(&p.field);
                return;
            }
        };
        let config = AutomationConfig {
            channel: id.clone(),
            settings,
            hours: working,
        };
        busy.set(true);
        spawn_local(async move {
            let result = automation_api::save_automation(&token.get_value(), &config).await;
            busy.set(false);
            if channel.get_untracked().as_ref() != Some(&id) {
                return;
            }
            match result {
                Ok(saved) => {
                    fill(saved);
                    page.saved.set(true);
                }
                Err(f) => error.set(Some(f.message)),
            }
        });
    };

    let picker = view! {
        <ChannelPicker
            prefix="automation"
            channels=channels.clone()
            on_pick=Callback::new(move |id: ChannelId| {
                channel.set(Some(id.clone()));
                load(id);
            })
        />
    };
    let subtitle = match channels.as_slice() {
        [only] => format!("What {} does on its own while the client waits.", only.name),
        _ => "What a channel does on its own while the client waits.".to_owned(),
    };
    let error_view = move || {
        error
            .get()
            .map(|e| view! { <p role="alert" class="error" data-testid="automation-error">{e}</p> })
    };

    let no_answer_off =
        Signal::derive(move || page.form.with(|f| f.no_answer != NoAnswerChoice::Reply));
    let timeout_off = Signal::derive(move || page.form.with(|f| f.timeout == TimeoutChoice::Off));
    let timeout_text_off = Signal::derive(move || {
        page.form
            .with(|f| f.timeout != TimeoutChoice::CloseWithText)
    });
    let max_delay = MAX_DELAY_MS / MS_PER_MINUTE;
    let max_rating = MAX_RATING_WAIT_MS / MS_PER_MINUTE;

    view! {
        <section class="admin-page" aria-labelledby="automation-title" data-testid="automation-page">
            <h1 id="automation-title">"Automation"</h1>
            <p class="admin-intro">{subtitle}</p>
            {picker}
            <Show
                when=move || loaded.get()
                fallback=move || {
                    view! {
                        {error_view}
                        {move || {
                            (error.with(Option::is_none) && channel.with(Option::is_some))
                                .then(|| view! { <p role="status" class="empty">"Loading the automation…"</p> })
                        }}
                    }
                }
            >
                <form class="admin-form" on:submit=save novalidate>
                    <fieldset class="admin-fieldset">
                        <legend>"Greeting"</legend>
                        <p class="hint">"Sent right after the client's first message."</p>
                        <Toggle
                            page
                            lens=Lens { get: |f| f.greeting_on, set: |f, v| f.greeting_on = v }
                            key="automation-greeting-on"
                            title="Send a greeting"
                            hint="The client knows at once that the message arrived."
                        />
                        <TextField
                            page
                            lens=Lens { get: |f| f.greeting_text.clone(), set: |f, v| f.greeting_text = v }
                            key="automation-greeting-text"
                            label="Greeting text"
                            hint="Leave it empty to send the default text, in the visitor's language (English shown in the box). Kept when the greeting is off."
                            placeholder=default_text(ServerMsg::AutoGreeting)
                        />
                    </fieldset>

                    <fieldset class="admin-fieldset">
                        <legend>"Out of hours"</legend>
                        <p class="hint">"Sent when a client writes outside working hours, or when no operator is online."</p>
                        <Toggle
                            page
                            lens=Lens { get: |f| f.ooh_on, set: |f, v| f.ooh_on = v }
                            key="automation-ooh-on"
                            title="Send an out-of-hours reply"
                            hint="The client learns that nobody can answer right now; the conversation waits in the queue."
                        />
                        <TextField
                            page
                            lens=Lens { get: |f| f.ooh_text.clone(), set: |f, v| f.ooh_text = v }
                            key="automation-ooh-text"
                            label="Out-of-hours reply"
                            hint="Leave it empty to send the default text shown in the box. Kept when the reply is off."
                            placeholder=default_text(ServerMsg::AutoOutOfHours)
                        />
                    </fieldset>

                    <HoursEditor
                        form=hours
                        error=hours_error
                        on_edit=Callback::new(move |()| page.saved.set(false))
                    />

                    <fieldset class="admin-fieldset">
                        <legend>"No answer"</legend>
                        <p class="hint">"What happens when no operator has taken the conversation within the set time."</p>
                        <Choice
                            page
                            lens=Lens { get: |f| f.no_answer, set: |f, v| f.no_answer = v }
                            value=NoAnswerChoice::Nothing
                            name="no_answer"
                            key="automation-noanswer-nothing"
                            title="Do nothing"
                            hint="The conversation waits in the queue without any message."
                        />
                        <Choice
                            page
                            lens=Lens { get: |f| f.no_answer, set: |f, v| f.no_answer = v }
                            value=NoAnswerChoice::Reply
                            name="no_answer"
                            key="automation-noanswer-reply"
                            title="Send a reply and keep the conversation in the queue"
                            hint="The client is told they are still waiting; the first operator free takes the conversation."
                        />
                        <div class="admin-indent">
                            <MinutesField
                                page
                                lens=Lens { get: |f| f.no_answer_minutes.clone(), set: |f, v| f.no_answer_minutes = v }
                                key="automation-noanswer-minutes"
                                label="Time before the reply, in minutes"
                                hint=format!("Counted from the client's first message: 1 minute to 24 hours ({max_delay} minutes).")
                                min=1
                                max=max_delay
                                disabled=no_answer_off
                            />
                            <TextField
                                page
                                lens=Lens { get: |f| f.no_answer_text.clone(), set: |f, v| f.no_answer_text = v }
                                key="automation-noanswer-text"
                                label="Reply text"
                                hint="Leave it empty to send the default text shown in the box."
                                placeholder=default_text(ServerMsg::AutoNoAnswer)
                                disabled=no_answer_off
                            />
                        </div>
                    </fieldset>

                    <fieldset class="admin-fieldset">
                        <legend>"Conversation timeout"</legend>
                        <p class="hint">"Closes the conversation when the client has not answered the operator's message within the set time."</p>
                        <Choice
                            page
                            lens=Lens { get: |f| f.timeout, set: |f, v| f.timeout = v }
                            value=TimeoutChoice::Off
                            name="timeout"
                            key="automation-timeout-off"
                            title="Off"
                            hint="The conversation stays open until an operator closes it."
                        />
                        <Choice
                            page
                            lens=Lens { get: |f| f.timeout, set: |f, v| f.timeout = v }
                            value=TimeoutChoice::CloseWithText
                            name="timeout"
                            key="automation-timeout-close-text"
                            title="Send this text, then close"
                            hint="The client reads the text below, then the conversation closes."
                        />
                        <Choice
                            page
                            lens=Lens { get: |f| f.timeout, set: |f, v| f.timeout = v }
                            value=TimeoutChoice::Close
                            name="timeout"
                            key="automation-timeout-close"
                            title="Close without any action"
                            hint="The conversation closes without a message."
                        />
                        <div class="admin-indent">
                            <MinutesField
                                page
                                lens=Lens { get: |f| f.timeout_minutes.clone(), set: |f, v| f.timeout_minutes = v }
                                key="automation-timeout-minutes"
                                label="Time without an answer, in minutes"
                                hint=format!("Counted from the operator's last message: 1 minute to 24 hours ({max_delay} minutes).")
                                min=1
                                max=max_delay
                                disabled=timeout_off
                            />
                            <TextField
                                page
                                lens=Lens { get: |f| f.timeout_text.clone(), set: |f, v| f.timeout_text = v }
                                key="automation-timeout-text"
                                label="Text sent before closing"
                                hint="Required with “Send this text, then close”."
                                disabled=timeout_text_off
                            />
                        </div>
                    </fieldset>

                    <fieldset class="admin-fieldset">
                        <legend>"Rating"</legend>
                        <p class="hint">"After an operator closes the conversation, the client may still rate it."</p>
                        <MinutesField
                            page
                            lens=Lens { get: |f| f.rating_minutes.clone(), set: |f, v| f.rating_minutes = v }
                            key="automation-rating-minutes"
                            label="Wait for the rating, in minutes"
                            hint=format!("0 to {max_rating} minutes. With 0 the session closes at once; a rating that comes later is still attached to the conversation.")
                            min=0
                            max=max_rating
                        />
                        <Toggle
                            page
                            lens=Lens { get: |f| f.close_on_rating, set: |f, v| f.close_on_rating = v }
                            key="automation-close-on-rating"
                            title="Close the session when the client's rating is received"
                            hint="Otherwise the session stays open until the wait is over."
                        />
                    </fieldset>

                    {error_view}
                    <div class="admin-actions">
                        <button type="submit" data-testid="automation-save" disabled=move || busy.get()>
                            {move || if busy.get() { "Saving…" } else { "Save" }}
                        </button>
                        <p role="status" class="admin-saved" data-testid="automation-saved">
                            {move || page.saved.get().then_some("Saved")}
                        </p>
                    </div>
                </form>
            </Show>
        </section>
    }
}

/// The form's state. Cheap to copy.
#[derive(Clone, Copy)]
struct Page {
    form: RwSignal<AutomationForm>,
    /// Bumped when the form is filled from the server: the text fields are
    /// rewritten then only, never while the admin types.
    revision: RwSignal<u32>,
    /// What is wrong with the fields, after "Save".
    problems: RwSignal<Problems>,
    /// Whether "Saved" shows: from a successful save to the next edit.
    saved: RwSignal<bool>,
}

impl Page {
    fn new() -> Self {
        Page {
            form: RwSignal::new(AutomationForm::from_settings(&AutomationSettings::default())),
            revision: RwSignal::new(0),
            problems: RwSignal::new(Problems::default()),
            saved: RwSignal::new(false),
        }
    }

    fn fill(self, form: AutomationForm) {
        self.form.set(form);
        self.revision.update(|r| *r += 1);
    }

    /// Changes one field; "Saved" no longer holds.
    fn edit<T>(self, lens: Lens<T>, value: T) {
        self.form.update(|f| (lens.set)(f, value));
        self.saved.set(false);
    }
}

/// One field of the form, read and written.
struct Lens<T> {
    get: fn(&AutomationForm) -> T,
    set: fn(&mut AutomationForm, T),
}

// Not derived: a derive would ask `T: Copy`, and function pointers are `Copy`
// whatever `T` is.
impl<T> Clone for Lens<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Lens<T> {}

/// A checkbox with its label and one-line explanation.
#[component]
fn Toggle(
    page: Page,
    lens: Lens<bool>,
    /// Its id and `data-testid`.
    key: &'static str,
    title: &'static str,
    hint: &'static str,
) -> impl IntoView {
    let hint_id = format!("{key}-hint");
    view! {
        <div class="admin-choice">
            <input
                type="checkbox"
                id=key
                data-testid=key
                aria-describedby=hint_id.clone()
                prop:checked=move || page.form.with(lens.get)
                on:change=move |ev| page.edit(lens, event_target_checked(&ev))
            />
            <label for=key>{title}</label>
            <p class="hint" id=hint_id>{hint}</p>
        </div>
    }
}

/// A radio button with its label and one-line explanation.
#[component]
fn Choice<T>(
    page: Page,
    lens: Lens<T>,
    value: T,
    name: &'static str,
    /// Its id and `data-testid`.
    key: &'static str,
    title: &'static str,
    hint: &'static str,
) -> impl IntoView
where
    T: Copy + PartialEq + Send + Sync + 'static,
{
    let hint_id = format!("{key}-hint");
    view! {
        <div class="admin-choice">
            <input
                type="radio"
                id=key
                name=name
                value=key
                data-testid=key
                aria-describedby=hint_id.clone()
                prop:checked=move || page.form.with(lens.get) == value
                on:change=move |_| page.edit(lens, value)
            />
            <label for=key>{title}</label>
            <p class="hint" id=hint_id>{hint}</p>
        </div>
    }
}

/// A number of minutes, with its hint and its problem.
#[component]
fn MinutesField(
    page: Page,
    lens: Lens<String>,
    /// Its id and `data-testid`; `{key}-error` is its problem's.
    key: &'static str,
    label: &'static str,
    hint: String,
    min: i64,
    max: i64,
    #[prop(optional, into)] disabled: Signal<bool>,
) -> impl IntoView {
    let hint_id = format!("{key}-hint");
    let error_id = format!("{key}-error");
    view! {
        <div class="admin-field">
            <label for=key>{label}</label>
            <input
                id=key
                type="number"
                inputmode="decimal"
                min=min.to_string()
                max=max.to_string()
                step="1"
                data-testid=key
                aria-describedby=format!("{hint_id} {error_id}")
                aria-invalid=move || page.problems.with(|p| p.of(key).is_some()).then_some("true")
                disabled=move || disabled.get()
                prop:value=move || {
                    page.revision.track();
                    page.form.with_untracked(lens.get)
                }
                on:input=move |ev| page.edit(lens, event_target_value(&ev))
            />
            <p class="hint" id=hint_id>{hint}</p>
            <FieldError page key />
        </div>
    }
}

/// A text the channel sends, with its hint and its problem.
#[component]
fn TextField(
    page: Page,
    lens: Lens<String>,
    /// Its id and `data-testid`; `{key}-error` is its problem's.
    key: &'static str,
    label: &'static str,
    hint: &'static str,
    /// The default text, sent when the field is left empty.
    #[prop(optional)]
    placeholder: &'static str,
    #[prop(optional, into)] disabled: Signal<bool>,
) -> impl IntoView {
    let hint_id = format!("{key}-hint");
    let error_id = format!("{key}-error");
    view! {
        <div class="admin-field">
            <label for=key>{label}</label>
            <textarea
                id=key
                rows="3"
                class="automation-text"
                data-testid=key
                placeholder=(!placeholder.is_empty()).then_some(placeholder)
                aria-describedby=format!("{hint_id} {error_id}")
                aria-invalid=move || page.problems.with(|p| p.of(key).is_some()).then_some("true")
                disabled=move || disabled.get()
                prop:value=move || {
                    page.revision.track();
                    page.form.with_untracked(lens.get)
                }
                on:input=move |ev| page.edit(lens, event_target_value(&ev))
            ></textarea>
            <p class="hint" id=hint_id>{hint}</p>
            <FieldError page key />
        </div>
    }
}

/// A field's problem, when it has one.
#[component]
fn FieldError(page: Page, key: &'static str) -> impl IntoView {
    let id = format!("{key}-error");
    move || {
        page.problems.with(|p| p.of(key)).map(|e| {
            view! { <p class="field-error" id=id.clone() data-testid=id.clone()>{e}</p> }
        })
    }
}

/// What the admin picked for a conversation nobody took (R-AA-2).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum NoAnswerChoice {
    Nothing,
    Reply,
}

/// What the admin picked for a client who does not answer (R-AA-5).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum TimeoutChoice {
    Off,
    /// "Send this text, then close".
    CloseWithText,
    /// "Close without any action".
    Close,
}

/// The form as the admin filled it in: numbers and texts as typed. Minutes
/// and texts of an action switched off are kept, so switching it back on
/// finds them again.
#[derive(Clone, Debug, PartialEq)]
struct AutomationForm {
    greeting_on: bool,
    greeting_text: String,
    ooh_on: bool,
    ooh_text: String,
    no_answer: NoAnswerChoice,
    no_answer_minutes: String,
    no_answer_text: String,
    timeout: TimeoutChoice,
    timeout_minutes: String,
    timeout_text: String,
    rating_minutes: String,
    close_on_rating: bool,
}

const MS_PER_MINUTE: i64 = 60_000;
/// The delay offered when the no-answer reply is switched on.
/// An automatic message's default text, as the box's placeholder: the
/// English one (visitors get theirs in their language).
fn default_text(msg: ServerMsg) -> &'static str {
    match Lang::En.server_text(msg) {
        std::borrow::Cow::Borrowed(text) => text,
        // Only a text with variables is built; these have none.
        std::borrow::Cow::Owned(_) => "",
    }
}

const DEFAULT_NO_ANSWER_MS: i64 = 5 * MS_PER_MINUTE;
/// The delay offered when the timeout is switched on.
const DEFAULT_TIMEOUT_MS: i64 = 30 * MS_PER_MINUTE;

/// What is wrong with the form: one sentence per field, by the field's id,
/// in the page's order.
#[derive(Clone, Debug, Default, PartialEq)]
struct Problems(Vec<(&'static str, String)>);

// The fields' ids, also their `data-testid`.
const GREETING_TEXT: &str = "automation-greeting-text";
const OOH_TEXT: &str = "automation-ooh-text";
const NO_ANSWER_MINUTES: &str = "automation-noanswer-minutes";
const NO_ANSWER_TEXT: &str = "automation-noanswer-text";
const TIMEOUT_MINUTES: &str = "automation-timeout-minutes";
const TIMEOUT_TEXT: &str = "automation-timeout-text";
const RATING_MINUTES: &str = "automation-rating-minutes";
/// Where a problem no single field explains is reported.
const SAVE: &str = "automation-save";

impl Problems {
    fn add(&mut self, field: &'static str, problem: Option<String>) {
        if let Some(problem) = problem {
            self.0.push((field, problem));
        }
    }

    /// The problem of `field`, if any.
    fn of(&self, field: &str) -> Option<String> {
        self.0
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, p)| p.clone())
    }

    fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Every problem, for the alert.
    fn summary(&self) -> String {
        self.0
            .iter()
            .map(|(_, p)| p.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// The id of the first field to fix.
    fn first_field(&self) -> Option<&'static str> {
        self.0.first().map(|(f, _)| *f)
    }
}

impl AutomationForm {
    fn from_settings(settings: &AutomationSettings) -> Self {
        let (no_answer, no_answer_ms, no_answer_text) = match &settings.no_answer {
            NoAnswer::Nothing => (NoAnswerChoice::Nothing, DEFAULT_NO_ANSWER_MS, None),
            NoAnswer::Reply { after_ms, text } => (NoAnswerChoice::Reply, *after_ms, text.clone()),
        };
        let (timeout, timeout_ms, timeout_text) = match &settings.timeout {
            Timeout::Off => (TimeoutChoice::Off, DEFAULT_TIMEOUT_MS, None),
            Timeout::Close {
                after_ms,
                text: None,
            } => (TimeoutChoice::Close, *after_ms, None),
            Timeout::Close {
                after_ms,
                text: Some(t),
            } => (TimeoutChoice::CloseWithText, *after_ms, Some(t.clone())),
        };
        AutomationForm {
            greeting_on: settings.greeting.enabled,
            greeting_text: settings.greeting.text.clone().unwrap_or_default(),
            ooh_on: settings.out_of_hours.enabled,
            ooh_text: settings.out_of_hours.text.clone().unwrap_or_default(),
            no_answer,
            no_answer_minutes: ms_to_minutes(no_answer_ms),
            no_answer_text: no_answer_text.unwrap_or_default(),
            timeout,
            timeout_minutes: ms_to_minutes(timeout_ms),
            timeout_text: timeout_text.unwrap_or_default(),
            rating_minutes: ms_to_minutes(settings.rating.wait_ms),
            close_on_rating: settings.rating.close_on_rating,
        }
    }

    /// The settings to send, or what to fix (in the worker's words). Each
    /// field is checked on its own, so every problem shows at once.
    fn to_settings(&self) -> Result<AutomationSettings, Problems> {
        let alone = AutomationSettings::default;
        let mut problems = Problems::default();
        let greeting = AutoText {
            enabled: self.greeting_on,
            text: custom(&self.greeting_text),
        };
        problems.add(
            GREETING_TEXT,
            refusal(AutomationSettings {
                greeting: greeting.clone(),
                ..alone()
            }),
        );
        let out_of_hours = AutoText {
            enabled: self.ooh_on,
            text: custom(&self.ooh_text),
        };
        problems.add(
            OOH_TEXT,
            refusal(AutomationSettings {
                out_of_hours: out_of_hours.clone(),
                ..alone()
            }),
        );

        let no_answer = match self.no_answer {
            NoAnswerChoice::Nothing => Some(NoAnswer::Nothing),
            NoAnswerChoice::Reply => {
                let after_ms = delay(
                    &self.no_answer_minutes,
                    "time before the no-answer reply",
                    |after_ms| AutomationSettings {
                        no_answer: NoAnswer::Reply {
                            after_ms,
                            text: None,
                        },
                        ..alone()
                    },
                );
                let text = custom(&self.no_answer_text);
                let text_problem = refusal(AutomationSettings {
                    no_answer: NoAnswer::Reply {
                        after_ms: MAX_DELAY_MS,
                        text: text.clone(),
                    },
                    ..alone()
                });
                problems.add(NO_ANSWER_MINUTES, after_ms.as_ref().err().cloned());
                problems.add(NO_ANSWER_TEXT, text_problem);
                after_ms
                    .ok()
                    .map(|after_ms| NoAnswer::Reply { after_ms, text })
            }
        };

        let timeout = match self.timeout {
            TimeoutChoice::Off => Some(Timeout::Off),
            TimeoutChoice::CloseWithText | TimeoutChoice::Close => {
                let after_ms = delay(&self.timeout_minutes, "conversation timeout", |after_ms| {
                    AutomationSettings {
                        timeout: Timeout::Close {
                            after_ms,
                            text: None,
                        },
                        ..alone()
                    }
                });
                let text = match self.timeout {
                    TimeoutChoice::CloseWithText => custom(&self.timeout_text),
                    _ => None,
                };
                let text_problem = match (self.timeout, &text) {
                    (TimeoutChoice::CloseWithText, None) => Some(
                        "Enter the text to send before closing, or choose “Close without any action”."
                            .to_owned(),
                    ),
                    _ => refusal(AutomationSettings {
                        timeout: Timeout::Close {
                            after_ms: MAX_DELAY_MS,
                            text: text.clone(),
                        },
                        ..alone()
                    }),
                };
                problems.add(TIMEOUT_MINUTES, after_ms.as_ref().err().cloned());
                problems.add(TIMEOUT_TEXT, text_problem);
                after_ms
                    .ok()
                    .map(|after_ms| Timeout::Close { after_ms, text })
            }
        };

        let rating = match minutes_to_ms(&self.rating_minutes) {
            None => {
                problems.add(
                    RATING_MINUTES,
                    Some(format!(
                        "Enter the wait for the rating as a number of minutes, from 0 to {}.",
                        MAX_RATING_WAIT_MS / MS_PER_MINUTE
                    )),
                );
                None
            }
            Some(wait_ms) => {
                let rating = RatingWait {
                    wait_ms,
                    close_on_rating: self.close_on_rating,
                };
                problems.add(
                    RATING_MINUTES,
                    refusal(AutomationSettings { rating, ..alone() }),
                );
                Some(rating)
            }
        };

        let (Some(no_answer), Some(timeout), Some(rating), true) =
            (no_answer, timeout, rating, problems.is_empty())
        else {
            return Err(problems);
        };
        let settings = AutomationSettings {
            greeting,
            no_answer,
            out_of_hours,
            timeout,
            rating,
        };
        // Each part passed on its own; the whole is checked as the worker will.
        problems.add(SAVE, refusal(settings.clone()));
        if !problems.is_empty() {
            return Err(problems);
        }
        Ok(settings)
    }
}

/// A custom text, or `None` (the default, or no text) when left blank.
fn custom(text: &str) -> Option<String> {
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_owned())
}

/// Why the worker would refuse `settings`, as a sentence.
fn refusal(settings: AutomationSettings) -> Option<String> {
    settings
        .validate(MIN_DELAY_MS)
        .err()
        .map(|e| sentence(&e.to_string()))
}

/// The delay typed in `minutes`, in milliseconds, or what is wrong with it:
/// not a number, or out of range (checked on the settings `alone` makes of
/// it, in the worker's words).
fn delay(
    minutes: &str,
    what: &str,
    alone: impl Fn(i64) -> AutomationSettings,
) -> Result<i64, String> {
    let Some(ms) = minutes_to_ms(minutes) else {
        return Err(format!(
            "Enter the {what} as a number of minutes, from {} to {}.",
            ms_to_minutes(MIN_DELAY_MS),
            MAX_DELAY_MS / MS_PER_MINUTE
        ));
    };
    match refusal(alone(ms)) {
        None => Ok(ms),
        Some(problem) => Err(problem),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use canal_shared::text::MAX_MESSAGE_CHARS;
    use serde_json::json;

    fn form() -> AutomationForm {
        AutomationForm::from_settings(&AutomationSettings::default())
    }

    #[test]
    fn settings_read_and_write_a_switch_and_a_text() {
        // `Option<Option<String>>` could not tell "the default text" from
        // "off": serde_json writes both `Some(None)` and `None` as `null`.
        let off: Option<Option<String>> = None;
        let default_text: Option<Option<String>> = Some(None);
        assert_eq!(serde_json::to_string(&off).unwrap(), "null");
        assert_eq!(serde_json::to_string(&default_text).unwrap(), "null");
        // `AutoText` can.
        let settings = AutomationSettings::default();
        let written = serde_json::to_value(&settings).unwrap();
        assert_eq!(
            written,
            json!({
                "greeting": {"enabled": false, "text": null},
                "no_answer": {"action": "nothing"},
                "out_of_hours": {"enabled": true, "text": null},
                "timeout": {"action": "off"},
                "rating": {"wait_ms": 600_000, "close_on_rating": true},
            })
        );
        let read: AutomationSettings = serde_json::from_value(written).unwrap();
        assert_eq!(read, settings);
    }

    #[test]
    fn minutes_and_milliseconds_convert_exactly() {
        assert_eq!(minutes_to_ms("1"), Some(MIN_DELAY_MS));
        assert_eq!(minutes_to_ms(" 1440 "), Some(MAX_DELAY_MS));
        assert_eq!(minutes_to_ms("60"), Some(MAX_RATING_WAIT_MS));
        assert_eq!(minutes_to_ms("0"), Some(0));
        assert_eq!(minutes_to_ms("1.5"), Some(90_000));
        assert_eq!(minutes_to_ms(".5"), Some(30_000));
        assert_eq!(minutes_to_ms("-1"), Some(-60_000));
        assert_eq!(minutes_to_ms("99999999999999999999"), Some(i64::MAX));
        for bad in ["", " ", "-", ".", "abc", "1e3", "1,5", "1.2.3", "+1"] {
            assert_eq!(minutes_to_ms(bad), None, "{bad:?}");
        }
        assert_eq!(ms_to_minutes(MAX_DELAY_MS), "1440");
        assert_eq!(ms_to_minutes(90_000), "1.5");
        assert_eq!(ms_to_minutes(60_001), "1.000017");
        // Whatever the server holds comes back to the same millisecond.
        for ms in (0..=130_000).chain(MAX_DELAY_MS - 70_000..=MAX_DELAY_MS + 1) {
            assert_eq!(minutes_to_ms(&ms_to_minutes(ms)), Some(ms), "{ms}");
        }
    }

    #[test]
    fn the_form_round_trips() {
        assert_eq!(form().to_settings(), Ok(AutomationSettings::default()));
        let every = [
            AutomationSettings {
                greeting: AutoText {
                    enabled: true,
                    text: Some("Hi!\nWe read every message.".into()),
                },
                no_answer: NoAnswer::Reply {
                    after_ms: 90_000,
                    text: None,
                },
                out_of_hours: AutoText {
                    enabled: false,
                    text: Some("Closed for today.".into()),
                },
                timeout: Timeout::Close {
                    after_ms: MAX_DELAY_MS,
                    text: Some("Closing for now; write again any time.".into()),
                },
                rating: RatingWait {
                    wait_ms: 0,
                    close_on_rating: false,
                },
            },
            AutomationSettings {
                greeting: AutoText::on(),
                no_answer: NoAnswer::Reply {
                    after_ms: MIN_DELAY_MS,
                    text: Some("Still there!".into()),
                },
                out_of_hours: AutoText::off(),
                timeout: Timeout::Close {
                    after_ms: 3 * MIN_DELAY_MS,
                    text: None,
                },
                rating: RatingWait {
                    wait_ms: MAX_RATING_WAIT_MS,
                    close_on_rating: true,
                },
            },
        ];
        for settings in every {
            let form = AutomationForm::from_settings(&settings);
            assert_eq!(form.to_settings(), Ok(settings));
        }

        // The radios pick the shape; a blank text is the default (or none).
        let f = form();
        assert_eq!(f.no_answer, NoAnswerChoice::Nothing);
        assert_eq!(f.no_answer_minutes, "5");
        assert_eq!(f.timeout, TimeoutChoice::Off);
        assert_eq!(f.timeout_minutes, "30");
        assert_eq!(f.rating_minutes, "10");
        let sent = AutomationForm {
            greeting_on: true,
            greeting_text: "  \n ".into(),
            no_answer: NoAnswerChoice::Reply,
            no_answer_text: " Please hold on. ".into(),
            timeout: TimeoutChoice::Close,
            timeout_text: "Kept in the form, not sent.".into(),
            ..f
        }
        .to_settings()
        .unwrap();
        assert_eq!(sent.greeting, AutoText::on());
        assert_eq!(
            sent.no_answer,
            NoAnswer::Reply {
                after_ms: DEFAULT_NO_ANSWER_MS,
                text: Some("Please hold on.".into()),
            }
        );
        assert_eq!(
            sent.timeout,
            Timeout::Close {
                after_ms: DEFAULT_TIMEOUT_MS,
                text: None,
            }
        );
    }

    #[test]
    fn problems_read_like_the_worker_s() {
        let on = AutomationForm {
            no_answer: NoAnswerChoice::Reply,
            timeout: TimeoutChoice::CloseWithText,
            ..form()
        };
        let problems = AutomationForm {
            no_answer_minutes: "0.5".into(),
            timeout_minutes: "1441".into(),
            rating_minutes: "61".into(),
            ..on.clone()
        }
        .to_settings()
        .unwrap_err();
        assert_eq!(
            problems.of(NO_ANSWER_MINUTES).as_deref(),
            Some("The time before the no-answer reply must be between 1 minute and 24 hours.")
        );
        assert_eq!(
            problems.of(TIMEOUT_MINUTES).as_deref(),
            Some("The conversation timeout must be between 1 minute and 24 hours.")
        );
        assert_eq!(
            problems.of(TIMEOUT_TEXT).as_deref(),
            Some("Enter the text to send before closing, or choose “Close without any action”.")
        );
        assert_eq!(
            problems.of(RATING_MINUTES).as_deref(),
            Some("The wait for the rating must be between 0 and 60 minutes.")
        );
        assert_eq!(problems.first_field(), Some(NO_ANSWER_MINUTES));
        assert_eq!(
            problems.summary(),
            "The time before the no-answer reply must be between 1 minute and 24 hours. \
             The conversation timeout must be between 1 minute and 24 hours. \
             Enter the text to send before closing, or choose “Close without any action”. \
             The wait for the rating must be between 0 and 60 minutes."
        );

        let problems = AutomationForm {
            no_answer_minutes: "soon".into(),
            timeout_minutes: "".into(),
            rating_minutes: "ten".into(),
            timeout_text: "Bye.".into(),
            ..on.clone()
        }
        .to_settings()
        .unwrap_err();
        assert_eq!(
            problems.of(NO_ANSWER_MINUTES).as_deref(),
            Some(
                "Enter the time before the no-answer reply as a number of minutes, from 1 to 1440."
            )
        );
        assert_eq!(
            problems.of(TIMEOUT_MINUTES).as_deref(),
            Some("Enter the conversation timeout as a number of minutes, from 1 to 1440.")
        );
        assert_eq!(
            problems.of(RATING_MINUTES).as_deref(),
            Some("Enter the wait for the rating as a number of minutes, from 0 to 60.")
        );
        assert_eq!(problems.of(TIMEOUT_TEXT), None);

        // Texts: the worker's words, even for a message that is switched off.
        let long = "a".repeat(MAX_MESSAGE_CHARS + 1);
        let problems = AutomationForm {
            greeting_on: false,
            greeting_text: long.clone(),
            ooh_text: "bell \u{7}".into(),
            no_answer_text: long,
            timeout_text: "Bye.".into(),
            ..on
        }
        .to_settings()
        .unwrap_err();
        assert_eq!(
            problems.of(GREETING_TEXT).as_deref(),
            Some("The greeting text: the message is 4001 characters long; the limit is 4000.")
        );
        assert_eq!(
            problems.of(OOH_TEXT).as_deref(),
            Some("The out-of-hours reply text: the text contains control characters.")
        );
        assert_eq!(
            problems.of(NO_ANSWER_TEXT).as_deref(),
            Some(
                "The no-answer reply text: the message is 4001 characters long; the limit is 4000."
            )
        );
        assert_eq!(problems.first_field(), Some(GREETING_TEXT));

        // Minutes of an action switched off are not checked.
        let off = AutomationForm {
            no_answer_minutes: "".into(),
            timeout_minutes: "never".into(),
            timeout_text: "".into(),
            ..form()
        };
        assert_eq!(off.to_settings(), Ok(AutomationSettings::default()));
    }
}
