//! The settings form kit (#22): one way for every settings section to hold
//! its form, edit it field by field, show what is wrong under each field and
//! save it with one button — and the fields the sections are made of.
//!
//! A section keeps its form as plain data (`F`, checked by pure functions
//! that are unit-tested natively) in a [`Form`]; each field reads and writes
//! its part through a [`Lens`]. [`SectionForm`] is the `<form>` around the
//! fields: the server's or the check's error, Save (Saving… while it runs),
//! and whether what is shown is saved. A section with unsaved changes is
//! counted in [`Unsaved`], which warns before the person leaves the page.
//!
//! Every text shown here is in the console's catalog (#22).

use std::collections::BTreeSet;

pub mod list;

use std::future::Future;

use canal_shared::i18n::{Arg, ConsoleMsg, Lang, ServerMsg};
use canal_shared::ids::ChannelId;
use canal_shared::protocol::ChannelInfo;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use crate::api::Failure;
use crate::auth::Session;
use crate::i18n::{t, Locale};
use crate::view::focus::focus_id;
use crate::view::form::{FieldError, Problems};

/// One section's form: what the person typed, what the server holds, what
/// is wrong and whether "Saved" shows. Cheap to copy.
pub struct Form<F: Send + Sync + 'static> {
    /// The form as typed.
    pub value: RwSignal<F>,
    /// The form as the server last gave it (loaded or saved).
    stored: RwSignal<Option<F>>,
    /// Bumped when the form is filled from the server: text fields are
    /// rewritten then only, never while the person types.
    revision: RwSignal<u32>,
    /// What is wrong with the fields, after Save.
    pub problems: RwSignal<Problems>,
    /// Whether "Saved" shows: from a successful save to the next edit.
    pub saved: RwSignal<bool>,
}

impl<F: Send + Sync + 'static> Clone for Form<F> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<F: Send + Sync + 'static> Copy for Form<F> {}

impl<F: Clone + PartialEq + Send + Sync + 'static> Form<F> {
    /// A form showing `value` until the server's arrives.
    pub fn new(value: F) -> Self {
        Form {
            value: RwSignal::new(value),
            stored: RwSignal::new(None),
            revision: RwSignal::new(0),
            problems: RwSignal::new(Problems::default()),
            saved: RwSignal::new(false),
        }
    }

    /// Shows what the server holds (loaded, or just saved).
    pub fn fill(self, value: F) {
        self.stored.set(Some(value.clone()));
        self.value.set(value);
        self.problems.set(Problems::default());
        self.revision.update(|r| *r += 1);
    }

    /// Changes one field; "Saved" no longer holds.
    pub fn edit<T>(self, lens: Lens<F, T>, value: T) {
        self.update(|f| (lens.set)(f, value));
    }

    /// Changes the form as `change` says; "Saved" no longer holds.
    pub fn update(self, change: impl FnOnce(&mut F)) {
        self.value.update(change);
        self.saved.set(false);
    }

    /// Whether the form differs from what the server holds (reactive).
    pub fn changed(self) -> bool {
        self.stored
            .with(|stored| stored.as_ref().is_some_and(|s| self.value.with(|v| v != s)))
    }

    /// What Save sends, when the check of the form passed. Otherwise its
    /// problems show under their fields and, all of them, in the section's
    /// alert (`error`), and the first field to fix takes the focus.
    pub fn checked<T>(
        self,
        result: Result<T, Problems>,
        error: RwSignal<Option<String>>,
    ) -> Option<T> {
        match result {
            Ok(value) => {
                self.problems.set(Problems::default());
                Some(value)
            }
            // No problem said: the check showed why on its own.
            Err(p) if p.is_empty() => {
                self.problems.set(p);
                None
            }
            Err(p) => {
                list::refuse(p, self.problems, error);
                None
            }
        }
    }

    /// Tracks the fills, for a field that is rewritten on a fill only.
    pub fn track_fills(self) {
        self.revision.track();
    }
}

/// One field of a form `F`, read and written.
///
/// Written with [`lens!`](crate::lens): `lens!(greeting_on)` is the field
/// `greeting_on` of the form of the `Lens` alias in scope.
pub struct Lens<F, T> {
    /// Reads the field.
    pub get: fn(&F) -> T,
    /// Writes the field.
    pub set: fn(&mut F, T),
}

// Not derived: a derive would ask `F: Copy, T: Copy`, and function pointers
// are `Copy` whatever they take.
impl<F, T> Clone for Lens<F, T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<F, T> Copy for Lens<F, T> {}

/// The lens of one field (or a part of one: `lens!(limits[0].on)`) of
/// the form named by the `Lens` in scope where it is written — a section
/// aliases it, `type Lens<T> = kit::Lens<QueueForm, T>`.
#[macro_export]
macro_rules! lens {
    ($($path:tt)+) => {
        Lens {
            get: |f| ::std::clone::Clone::clone(&f.$($path)+),
            set: |f, v| f.$($path)+ = v,
        }
    };
}

/// The channel whose settings page is open. Its sections read it from the
/// context, as they read the [`Session`]. Cheap to copy.
#[derive(Clone, Copy)]
pub struct OpenChannel(StoredValue<ChannelInfo>);

impl OpenChannel {
    /// Makes `channel` the open one for the views made below this owner.
    pub fn provide(channel: ChannelInfo) {
        provide_context(OpenChannel(StoredValue::new(channel)));
    }

    /// The open channel. Panics outside a channel's settings page.
    pub fn current() -> Self {
        expect_context()
    }

    /// Its id.
    pub fn id(self) -> ChannelId {
        self.0.with_value(|c| c.id.clone())
    }

    /// All that is known of it.
    pub fn info(self) -> ChannelInfo {
        self.0.get_value()
    }

    /// `msg`, which names the channel as `{ $channel }`, in the console's
    /// language.
    pub fn says(self, msg: ConsoleMsg) -> Signal<String> {
        let locale = Locale::current();
        Signal::derive(move || {
            self.0.with_value(|c| {
                locale
                    .lang()
                    .console(msg, &[("channel", Arg::Str(&c.name))])
            })
        })
    }
}

/// A settings section's life with the server: its form loaded once (a
/// [`LocalResource`]), then checked and saved (an [`Action`]) — what
/// [`SectionPage`] shows. Cheap to copy.
pub struct Section<F: Send + Sync + 'static> {
    /// The section's form.
    pub form: Form<F>,
    /// The section's test-id prefix (`automation`, `widget`).
    pub prefix: &'static str,
    /// Whether the form is loaded; `Some(Err)` says why it is not.
    loaded: Signal<Option<Result<(), String>>>,
    /// Why the last check or save failed.
    pub error: RwSignal<Option<String>>,
    /// Whether a save is under way.
    pub busy: Signal<bool>,
    /// Checks the form and, if it passes, saves it.
    pub save: Callback<()>,
}

impl<F: Send + Sync + 'static> Clone for Section<F> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<F: Send + Sync + 'static> Copy for Section<F> {}

impl<F: Clone + PartialEq + Send + Sync + 'static> Section<F> {
    /// A section showing `blank` until `load` (given the session token)
    /// brings the server's form. Save checks the form with `check` (in the
    /// console's language), sends what it gives with `send`, shows the form
    /// `send` brings back as saved and puts the focus back on Save.
    pub fn new<P, Load, LoadFut, Check, Send, SendFut>(
        prefix: &'static str,
        blank: F,
        load: Load,
        check: Check,
        send: Send,
    ) -> Self
    where
        P: Clone + std::marker::Send + Sync + 'static,
        Load: Fn(String) -> LoadFut + 'static,
        LoadFut: Future<Output = Result<F, Failure>> + 'static,
        Check: Fn(&F, Lang) -> Result<P, Problems> + std::marker::Send + Sync + 'static,
        Send: Fn(String, P) -> SendFut + 'static,
        SendFut: Future<Output = Result<F, Failure>> + 'static,
    {
        let form = Form::new(blank);
        let session = Session::current();
        let error = RwSignal::new(None::<String>);
        let resource = LocalResource::new(move || {
            let loading = load(session.token());
            async move {
                let value = loading.await.map_err(|f| f.message)?;
                form.fill(value);
                Ok(())
            }
        });
        let saving = Action::new_local(move |payload: &P| {
            let sending = send(session.token(), payload.clone());
            async move {
                match sending.await {
                    Ok(value) => {
                        form.fill(value);
                        form.saved.set(true);
                    }
                    Err(f) => error.set(Some(f.message)),
                }
            }
        });
        let busy: Signal<bool> = saving.pending().into();
        // The button was disabled while saving, which drops the focus: put
        // it back beside the result.
        Effect::watch(
            move || busy.get(),
            move |now, before, _| {
                if !now && before == Some(&true) {
                    focus_id(&format!("{prefix}-save"));
                }
            },
            false,
        );
        let locale = Locale::current();
        let save = Callback::new(move |()| {
            form.saved.set(false);
            error.set(None);
            let lang = untrack(|| locale.lang());
            let checked = form.value.with_untracked(|f| check(f, lang));
            if let Some(payload) = form.checked(checked, error) {
                saving.dispatch(payload);
            }
        });
        Section {
            form,
            prefix,
            loaded: Signal::derive(move || resource.get()),
            error,
            busy,
            save,
        }
    }
}

/// A settings section on the kit: its [`SectionBody`] around its
/// [`SectionForm`], for a [`Section`].
#[component]
pub fn SectionPage<F>(
    /// The section.
    section: Section<F>,
    /// Its title.
    title: ConsoleMsg,
    /// What it is for, under the title.
    #[prop(into)]
    intro: Signal<String>,
    /// What shows while it loads.
    loading: ConsoleMsg,
    /// What "Saved" says, when the section says more than that.
    #[prop(optional, into)]
    saved_note: Option<Signal<Option<String>>>,
    /// The section's fields.
    children: ChildrenFn,
) -> impl IntoView
where
    F: Clone + PartialEq + Send + Sync + 'static,
{
    let loaded = Signal::derive(move || section.loaded.with(|l| matches!(l, Some(Ok(())))));
    let load_error = Signal::derive(move || {
        section
            .loaded
            .with(|l| l.as_ref().and_then(|l| l.as_ref().err().cloned()))
    });
    let children = StoredValue::new(children);
    view! {
        <SectionBody prefix=section.prefix title intro loaded error=load_error loading>
            <SectionForm
                form=section.form
                prefix=section.prefix
                on_save=section.save
                busy=section.busy
                error=section.error
                saved_note=saved_note.unwrap_or_default()
            >
                {children.with_value(|c| c())}
            </SectionForm>
        </SectionBody>
    }
}

/// The sections of the page with unsaved changes, by their test-id prefix
/// (a channel's section's prefix is its slug, `automation`, `widget`).
/// Leaving the page (another place of the console, a reload, closing the
/// tab) asks first while it is not empty.
#[derive(Clone, Copy)]
pub struct Unsaved(RwSignal<BTreeSet<&'static str>>);

impl Unsaved {
    /// Makes the page's register and watches the tab being closed or
    /// reloaded.
    pub fn provide() -> Self {
        let unsaved = Unsaved(RwSignal::new(BTreeSet::new()));
        provide_context(unsaved);
        let handle = window_event_listener(leptos::ev::beforeunload, move |ev| {
            if unsaved.any_untracked() {
                ev.prevent_default();
                // Older browsers ask only when a value is returned.
                ev.set_return_value("unsaved");
            }
        });
        on_cleanup(move || handle.remove());
        unsaved
    }

    /// The page's register, if it has one.
    pub fn current() -> Option<Self> {
        use_context::<Unsaved>()
    }

    fn set(self, section: &'static str, changed: bool) {
        self.0.update(|s| {
            if changed {
                s.insert(section);
            } else {
                s.remove(section);
            }
        });
    }

    /// Whether the section `prefix` holds unsaved changes (reactive).
    pub fn has(self, prefix: &str) -> bool {
        self.0.with(|s| s.contains(prefix))
    }

    /// Whether a section holds unsaved changes (untracked).
    pub fn any_untracked(self) -> bool {
        self.0.with_untracked(|s| !s.is_empty())
    }

    /// Forgets every section (the person chose to leave them).
    pub fn clear(self) {
        self.0.set(BTreeSet::new());
    }
}

/// A settings section: its title and introduction, then its fields
/// (`children`, usually a [`SectionForm`]) once they are loaded — until
/// then "Loading…" (`loading`), or why they could not be loaded. Test ids
/// `{prefix}-page` and `{prefix}-error`; the title's id is `{prefix}-title`.
#[component]
pub fn SectionBody(
    /// The section's test-id prefix (`automation`, `widget`).
    prefix: &'static str,
    /// Its title.
    title: ConsoleMsg,
    /// What it is for, under the title.
    #[prop(into)]
    intro: Signal<String>,
    /// Whether the fields are loaded.
    #[prop(into)]
    loaded: Signal<bool>,
    /// Why they could not be loaded.
    #[prop(into)]
    error: Signal<Option<String>>,
    /// What shows while they load.
    loading: ConsoleMsg,
    /// The section's fields.
    children: ChildrenFn,
) -> impl IntoView {
    let title_id = format!("{prefix}-title");
    let labelled_by = title_id.clone();
    let waiting = move || match error.get() {
        Some(e) => alert(prefix, e).into_any(),
        None => view! { <p role="status" class="empty">{t(loading)}</p> }.into_any(),
    };
    view! {
        <section class="admin-page" aria-labelledby=labelled_by data-testid=format!("{prefix}-page")>
            <h1 id=title_id>{t(title)}</h1>
            <p class="admin-intro">{move || intro.get()}</p>
            <Show when=move || loaded.get() fallback=waiting>
                {children()}
            </Show>
        </section>
    }
}

/// The section's one alert: why it could not be loaded or saved.
fn alert(prefix: &'static str, error: String) -> impl IntoView {
    view! { <p role="alert" class="error" data-testid=format!("{prefix}-error")>{error}</p> }
}

/// A settings section's `<form>`: its fields (`children`), then the error
/// of the check or of the server, Save and the saved state. Test ids
/// `{prefix}-error`, `{prefix}-save` (also the button's id, where the focus
/// goes back after saving) and `{prefix}-saved`.
#[component]
pub fn SectionForm<F>(
    /// The section's form.
    form: Form<F>,
    /// The section's test-id prefix (`automation`, `widget`).
    prefix: &'static str,
    /// Called on Save; the section checks and sends the form.
    on_save: Callback<()>,
    /// Whether a save is under way.
    #[prop(into)]
    busy: Signal<bool>,
    /// Why the last check or save failed.
    #[prop(into)]
    error: Signal<Option<String>>,
    /// What "Saved" says, when the section says more than that.
    #[prop(optional, into)]
    saved_note: Option<Signal<Option<String>>>,
    /// The section's fields.
    children: Children,
) -> impl IntoView
where
    F: Clone + PartialEq + Send + Sync + 'static,
{
    let locale = Locale::current();
    let changed = move || form.changed();
    if let Some(unsaved) = Unsaved::current() {
        Effect::new(move |_| unsaved.set(prefix, changed()));
        on_cleanup(move || unsaved.set(prefix, false));
    }
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if !busy.get_untracked() {
            on_save.run(());
        }
    };
    let state = move || {
        if form.saved.get() {
            let note = saved_note.and_then(|n| n.get());
            Some(note.unwrap_or_else(|| locale.lang().console(ConsoleMsg::FormSaved, &[])))
        } else if changed() {
            Some(locale.lang().console(ConsoleMsg::FormUnsaved, &[]))
        } else {
            None
        }
    };
    let save_id = format!("{prefix}-save");
    view! {
        <form class="admin-form" on:submit=submit novalidate>
            {children()}
            {move || error.get().map(|e| alert(prefix, e))}
            <div class="admin-actions">
                <button type="submit" id=save_id.clone() data-testid=save_id disabled=move || busy.get()>
                    {move || {
                        locale.lang().console_text(if busy.get() {
                            ConsoleMsg::FormSaving
                        } else {
                            ConsoleMsg::FormSave
                        })
                    }}
                </button>
                <p
                    role="status"
                    class="admin-saved"
                    class:admin-unsaved=move || !form.saved.get() && changed()
                    data-testid=format!("{prefix}-saved")
                >
                    {state}
                </p>
            </div>
        </form>
    }
}

/// A checkbox with its label and one-line explanation.
#[component]
pub fn Toggle<F>(
    /// The section's form.
    form: Form<F>,
    /// The field it shows.
    lens: Lens<F, bool>,
    /// Its id and `data-testid`.
    key: &'static str,
    /// Its label.
    title: ConsoleMsg,
    /// Its one-line explanation, if it needs one.
    #[prop(optional)]
    hint: Option<ConsoleMsg>,
    /// Whether it is greyed out (what it belongs to is off).
    #[prop(optional, into)]
    disabled: Signal<bool>,
) -> impl IntoView
where
    F: Clone + PartialEq + Send + Sync + 'static,
{
    let hint_id = format!("{key}-hint");
    let described = hint.map(|_| hint_id.clone());
    view! {
        <div class="admin-choice">
            <input
                type="checkbox"
                id=key
                data-testid=key
                aria-describedby=described
                disabled=move || disabled.get()
                prop:checked=move || form.value.with(lens.get)
                on:change=move |ev| form.edit(lens, event_target_checked(&ev))
            />
            <label for=key>{t(title)}</label>
            {hint.map(|hint| view! { <p class="hint" id=hint_id>{t(hint)}</p> })}
        </div>
    }
}

/// A radio button with its label, one-line explanation and problem. Its
/// value is the part of `key` after the last `-`.
#[component]
pub fn Choice<F, T>(
    /// The section's form.
    form: Form<F>,
    /// The field it shows.
    lens: Lens<F, T>,
    /// The field's value when it is chosen.
    value: T,
    /// Its group's name.
    name: &'static str,
    /// Its id and `data-testid`; `{key}-error` is its problem's.
    key: &'static str,
    /// Its label.
    title: ConsoleMsg,
    /// Its one-line explanation.
    hint: ConsoleMsg,
    /// Whether it is greyed out (what it belongs to is off).
    #[prop(optional, into)]
    disabled: Signal<bool>,
) -> impl IntoView
where
    F: Clone + PartialEq + Send + Sync + 'static,
    T: Copy + PartialEq + Send + Sync + 'static,
{
    let hint_id = format!("{key}-hint");
    view! {
        <div class="admin-choice">
            <input
                type="radio"
                id=key
                name=name
                value=key.rsplit('-').next()
                data-testid=key
                aria-describedby=format!("{hint_id} {key}-error")
                disabled=move || disabled.get()
                prop:checked=move || form.value.with(lens.get) == value
                on:change=move |_| form.edit(lens, value)
            />
            <label for=key>{t(title)}</label>
            <p class="hint" id=hint_id>{t(hint)}</p>
            <div class="admin-choice-error">
                <FieldError problems=form.problems id=key.to_owned() testid=format!("{key}-error") />
            </div>
        </div>
    }
}

/// One radio button of [`Choices`]: the value it sets, its key (as
/// [`Choice`]'s), its label and its one-line explanation.
pub type ChoiceOf<T> = (T, &'static str, ConsoleMsg, ConsoleMsg);

/// A group's radio buttons, one [`Choice`] for each option, in order.
#[component]
pub fn Choices<F, T>(
    /// The section's form.
    form: Form<F>,
    /// The field they set.
    lens: Lens<F, T>,
    /// The group's name.
    name: &'static str,
    /// The options.
    options: &'static [ChoiceOf<T>],
    /// Whether they are greyed out (what they belong to is off).
    #[prop(optional, into)]
    disabled: Signal<bool>,
) -> impl IntoView
where
    F: Clone + PartialEq + Send + Sync + 'static,
    T: Copy + PartialEq + Send + Sync + 'static,
{
    options
        .iter()
        .map(|&(value, key, title, hint)| {
            view! { <Choice form lens value name key title hint disabled /> }
        })
        .collect_view()
}

/// Settings that belong together, under their legend and an optional
/// one-line explanation.
#[component]
pub fn Fieldset(
    /// What the settings are.
    legend: ConsoleMsg,
    /// What they are for.
    #[prop(optional)]
    hint: Option<ConsoleMsg>,
    /// The explanation's `data-testid`, where a test reads it.
    #[prop(optional)]
    hint_testid: Option<&'static str>,
    /// Whether it stands inside another group.
    #[prop(optional)]
    nested: bool,
    /// The settings.
    children: Children,
) -> impl IntoView {
    view! {
        <fieldset class="admin-fieldset" class:admin-nested=nested>
            <legend>{t(legend)}</legend>
            {hint.map(|hint| view! { <p class="hint" data-testid=hint_testid>{t(hint)}</p> })}
            {children()}
        </fieldset>
    }
}

/// A list to pick one value from, with its label and its problem. The
/// option whose value the field holds is the one shown.
#[component]
pub fn Select<F>(
    /// The section's form.
    form: Form<F>,
    /// The field it shows: an option's value.
    lens: Lens<F, String>,
    /// The options, as value and label, in order.
    #[prop(into)]
    options: Signal<Vec<(String, String)>>,
    /// Its id and `data-testid`; `{key}-error` is its problem's.
    key: &'static str,
    /// Its label.
    label: ConsoleMsg,
    /// Whether it is greyed out (what it belongs to is off).
    #[prop(optional, into)]
    disabled: Signal<bool>,
) -> impl IntoView
where
    F: Clone + PartialEq + Send + Sync + 'static,
{
    let error_id = format!("{key}-error");
    let options = move || {
        options
            .get()
            .into_iter()
            .map(|(value, label)| {
                let chosen = value.clone();
                view! {
                    <option value=value selected=move || form.value.with(|f| (lens.get)(f) == chosen)>
                        {label}
                    </option>
                }
            })
            .collect_view()
    };
    view! {
        <div class="admin-field">
            <label for=key>{t(label)}</label>
            <select
                id=key
                data-testid=key
                aria-describedby=error_id.clone()
                aria-invalid=move || form.problems.with(|p| p.of(key).is_some()).then_some("true")
                disabled=move || disabled.get()
                on:change=move |ev| form.edit(lens, event_target_value(&ev))
            >
                {options}
            </select>
            <FieldError problems=form.problems id=key.to_owned() testid=error_id.clone() />
        </div>
    }
}

/// What a [`Field`] holds, and so how it is typed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldKind {
    /// A number of minutes between `min` and `max`; its hint may name the
    /// most minutes (`$max`) or the most whole days (`$days`).
    Minutes {
        /// The fewest minutes allowed.
        min: i64,
        /// The most minutes allowed.
        max: i64,
    },
    /// A whole number of things between `min` and `max`; its hint may name
    /// the most (`$max`).
    Count {
        /// The fewest allowed.
        min: i64,
        /// The most allowed.
        max: i64,
    },
    /// A text, several lines long, with what is used when it is left empty
    /// as its placeholder.
    Text(Placeholder),
}

/// What a text field shows while it is empty.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Placeholder {
    /// Nothing.
    None,
    /// A text the server sends when the field is left empty, in the
    /// console's language (visitors get it in theirs).
    Server(ServerMsg),
    /// A text that is the same in every language (a template with its
    /// `#MARKS#`).
    Fixed(&'static str),
}

/// The minutes in a day, for a hint that names whole days.
const MINUTES_PER_DAY: i64 = 24 * 60;

/// A field typed in (a number of minutes, a count or a text) with its label, its hint
/// and its problem.
#[component]
pub fn Field<F>(
    /// The section's form.
    form: Form<F>,
    /// The field it shows, as typed.
    lens: Lens<F, String>,
    /// What it holds.
    kind: FieldKind,
    /// Its id and `data-testid`; `{key}-error` is its problem's.
    key: &'static str,
    /// Its label.
    label: ConsoleMsg,
    /// Its hint (see [`FieldKind`] for what it may name).
    hint: ConsoleMsg,
    /// Whether it is greyed out (what it belongs to is off).
    #[prop(optional, into)]
    disabled: Signal<bool>,
) -> impl IntoView
where
    F: Clone + PartialEq + Send + Sync + 'static,
{
    let locale = Locale::current();
    let hint_id = format!("{key}-hint");
    let error_id = format!("{key}-error");
    let described = [hint_id.as_str(), error_id.as_str()].join(" ");
    let invalid = move || {
        form.problems
            .with(|p| p.of(key).is_some())
            .then_some("true")
    };
    let value = move || {
        form.track_fills();
        form.value.with_untracked(lens.get)
    };
    let input = move |ev| form.edit(lens, event_target_value(&ev));
    let (control, max) = match kind {
        FieldKind::Minutes { min, max } | FieldKind::Count { min, max } => (
            view! {
                <input
                    id=key
                    type="number"
                    inputmode=if matches!(kind, FieldKind::Count { .. }) { "numeric" } else { "decimal" }
                    min=min.to_string()
                    max=max.to_string()
                    step="1"
                    data-testid=key
                    aria-describedby=described
                    aria-invalid=invalid
                    disabled=move || disabled.get()
                    prop:value=value
                    on:input=input
                />
            }
            .into_any(),
            max,
        ),
        FieldKind::Text(placeholder) => (
            view! {
                <textarea
                    id=key
                    rows="3"
                    class="automation-text"
                    data-testid=key
                    placeholder=move || match placeholder {
                        Placeholder::None => None,
                        Placeholder::Server(msg) => Some(locale.lang().server_text(msg).into_owned()),
                        Placeholder::Fixed(text) => Some(text.to_owned()),
                    }
                    aria-describedby=described
                    aria-invalid=invalid
                    disabled=move || disabled.get()
                    prop:value=value
                    on:input=input
                ></textarea>
            }
            .into_any(),
            0,
        ),
    };
    view! {
        <div class="admin-field">
            <label for=key>{t(label)}</label>
            {control}
            <p class="hint" id=hint_id>
                {move || {
                    locale
                        .lang()
                        .console(hint, &[("max", Arg::Num(max)), ("days", Arg::Num(max / MINUTES_PER_DAY))])
                }}
            </p>
            <FieldError problems=form.problems id=key.to_owned() testid=error_id.clone() />
        </div>
    }
}

#[cfg(test)]
mod tests {
    #[derive(Clone, Debug, Default, PartialEq)]
    struct Sample {
        on: bool,
        name: String,
        limits: [u32; 2],
    }

    type Lens<T> = super::Lens<Sample, T>;

    #[test]
    fn a_lens_reads_and_writes_its_field_only() {
        let on: Lens<bool> = crate::lens!(on);
        let name: Lens<String> = crate::lens!(name);
        let second: Lens<u32> = crate::lens!(limits[1]);
        let mut s = Sample::default();
        (on.set)(&mut s, true);
        (name.set)(&mut s, "Ana".into());
        (second.set)(&mut s, 7);
        assert_eq!(
            s,
            Sample {
                on: true,
                name: "Ana".into(),
                limits: [0, 7],
            }
        );
        assert!((on.get)(&s));
        assert_eq!((name.get)(&s), "Ana");
        assert_eq!((second.get)(&s), 7);
    }
}
