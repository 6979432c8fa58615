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

use canal_shared::i18n::{Arg, ConsoleMsg, ServerMsg};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use crate::i18n::{t, Locale};
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

    /// Tracks the fills, for a field that is rewritten on a fill only.
    pub fn track_fills(self) {
        self.revision.track();
    }
}

/// One field of a form `F`, read and written.
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
    /// Whether a part the section edits outside `form` (the working hours)
    /// differs from what is saved.
    #[prop(optional, into)]
    changed: Option<Signal<bool>>,
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
    let changed = move || form.changed() || changed.is_some_and(|c| c.get());
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
            {move || {
                error
                    .get()
                    .map(|e| {
                        view! { <p role="alert" class="error" data-testid=format!("{prefix}-error")>{e}</p> }
                    })
            }}
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
    /// Its one-line explanation.
    hint: ConsoleMsg,
) -> impl IntoView
where
    F: Clone + PartialEq + Send + Sync + 'static,
{
    let hint_id = format!("{key}-hint");
    view! {
        <div class="admin-choice">
            <input
                type="checkbox"
                id=key
                data-testid=key
                aria-describedby=hint_id.clone()
                prop:checked=move || form.value.with(lens.get)
                on:change=move |ev| form.edit(lens, event_target_checked(&ev))
            />
            <label for=key>{t(title)}</label>
            <p class="hint" id=hint_id>{t(hint)}</p>
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

/// A number of minutes between `min` and `max`, with its hint (which may
/// name `max`) and its problem.
#[component]
pub fn MinutesField<F>(
    /// The section's form.
    form: Form<F>,
    /// The field it shows, as typed.
    lens: Lens<F, String>,
    /// Its id and `data-testid`; `{key}-error` is its problem's.
    key: &'static str,
    /// Its label.
    label: ConsoleMsg,
    /// Its hint, which may name `max`.
    hint: ConsoleMsg,
    /// The fewest minutes allowed.
    min: i64,
    /// The most minutes allowed.
    max: i64,
    /// Whether it is greyed out (its action is off).
    #[prop(optional, into)]
    disabled: Signal<bool>,
) -> impl IntoView
where
    F: Clone + PartialEq + Send + Sync + 'static,
{
    let locale = Locale::current();
    let hint_id = format!("{key}-hint");
    let error_id = format!("{key}-error");
    view! {
        <div class="admin-field">
            <label for=key>{t(label)}</label>
            <input
                id=key
                type="number"
                inputmode="decimal"
                min=min.to_string()
                max=max.to_string()
                step="1"
                data-testid=key
                aria-describedby=[hint_id.as_str(), error_id.as_str()].join(" ")
                aria-invalid=move || form.problems.with(|p| p.of(key).is_some()).then_some("true")
                disabled=move || disabled.get()
                prop:value=move || {
                    form.track_fills();
                    form.value.with_untracked(lens.get)
                }
                on:input=move |ev| form.edit(lens, event_target_value(&ev))
            />
            <p class="hint" id=hint_id>
                {move || locale.lang().console(hint, &[("max", Arg::Num(max))])}
            </p>
            <FieldError problems=form.problems id=key.to_owned() testid=error_id.clone() />
        </div>
    }
}

/// A text the channel sends, with its hint, its problem and, when left
/// empty, the default text as its placeholder (in the console's language;
/// visitors get it in theirs).
#[component]
pub fn TextField<F>(
    /// The section's form.
    form: Form<F>,
    /// The field it shows, as typed.
    lens: Lens<F, String>,
    /// Its id and `data-testid`; `{key}-error` is its problem's.
    key: &'static str,
    /// Its label.
    label: ConsoleMsg,
    /// Its one-line explanation.
    hint: ConsoleMsg,
    /// The default text, sent when it is left empty.
    #[prop(optional)]
    placeholder: Option<ServerMsg>,
    /// Whether it is greyed out (its action is off).
    #[prop(optional, into)]
    disabled: Signal<bool>,
) -> impl IntoView
where
    F: Clone + PartialEq + Send + Sync + 'static,
{
    let locale = Locale::current();
    let hint_id = format!("{key}-hint");
    let error_id = format!("{key}-error");
    view! {
        <div class="admin-field">
            <label for=key>{t(label)}</label>
            <textarea
                id=key
                rows="3"
                class="automation-text"
                data-testid=key
                placeholder=move || placeholder.map(|msg| locale.lang().server_text(msg).into_owned())
                aria-describedby=[hint_id.as_str(), error_id.as_str()].join(" ")
                aria-invalid=move || form.problems.with(|p| p.of(key).is_some()).then_some("true")
                disabled=move || disabled.get()
                prop:value=move || {
                    form.track_fills();
                    form.value.with_untracked(lens.get)
                }
                on:input=move |ev| form.edit(lens, event_target_value(&ev))
            ></textarea>
            <p class="hint" id=hint_id>{t(hint)}</p>
            <FieldError problems=form.problems id=key.to_owned() testid=error_id.clone() />
        </div>
    }
}
