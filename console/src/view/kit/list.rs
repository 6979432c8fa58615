//! The kit's lists (#22): what the account's lists (bots, predefined
//! responses, consent texts) and the ordered lists of a form (a channel's
//! queue, a list's responses) are made of — the page's last word, the table
//! of items, Delete asked twice, Up / Down / Remove, and the text fields of
//! an item's form.
//!
//! Every text shown here is in the console's catalog (#22).

use std::future::Future;

use canal_shared::i18n::ConsoleMsg;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::Failure;
use crate::auth::Session;
use crate::i18n::t;
use crate::view::focus::focus_id;
use crate::view::form::{char_count, FieldError, Problems};

/// Shows why a form was not sent: every problem in the page's alert
/// (`error`), each under its field (`problems`); the first field to fix
/// takes the focus.
pub fn refuse(found: Problems, problems: RwSignal<Problems>, error: RwSignal<Option<String>>) {
    error.set(Some(found.summary()));
    if let Some(field) = found.first_field() {
        focus_id(field);
    }
    problems.set(found);
}

/// A page's changes, sent one at a time: whether one is under way, why the
/// last failed and what the last one did (shown by [`Outcome`]). Cheap to
/// copy.
#[derive(Clone, Copy)]
pub struct Changes {
    /// Whose changes they are.
    pub session: Session,
    /// Whether a change is under way.
    pub busy: RwSignal<bool>,
    /// Why the last change failed.
    pub error: RwSignal<Option<String>>,
    /// What the last change did.
    pub saved: RwSignal<Option<String>>,
}

impl Changes {
    /// No change yet, in the signed-in session.
    pub fn in_session() -> Self {
        Changes {
            session: Session::current(),
            busy: RwSignal::new(false),
            error: RwSignal::new(None),
            saved: RwSignal::new(None),
        }
    }

    /// Sends one change, unless one is under way: `call` gets the session
    /// token; on success `done` says what happened, on failure the server's
    /// message shows; then `after` gets the outcome.
    pub fn run<T, Fut>(
        self,
        call: impl FnOnce(String) -> Fut,
        done: impl FnOnce(T) -> String + 'static,
        after: impl FnOnce(Result<(), Failure>) + 'static,
    ) where
        T: 'static,
        Fut: Future<Output = Result<T, Failure>> + 'static,
    {
        if self.busy.get_untracked() {
            return;
        }
        self.busy.set(true);
        self.error.set(None);
        self.saved.set(None);
        let request = call(self.session.token());
        spawn_local(async move {
            let result = request.await;
            self.busy.set(false);
            after(match result {
                Ok(value) => {
                    self.saved.set(Some(done(value)));
                    Ok(())
                }
                Err(f) => {
                    self.error.set(Some(f.message.clone()));
                    Err(f)
                }
            });
        });
    }
}

/// What a page said last, where people look for it: why the last change
/// failed (`{prefix}-error`) and what the last one did (`{prefix}-saved`).
#[component]
pub fn Outcome(
    /// The test-id prefix (`bot`, `canned`).
    prefix: &'static str,
    /// Why the last change failed.
    error: RwSignal<Option<String>>,
    /// What the last change did.
    saved: RwSignal<Option<String>>,
) -> impl IntoView {
    view! {
        <div class="admin-messages">
            {move || {
                error
                    .get()
                    .map(|e| view! { <p role="alert" class="error" data-testid=format!("{prefix}-error")>{e}</p> })
            }}
            <p role="status" class="admin-saved" data-testid=format!("{prefix}-saved")>
                {move || saved.get()}
            </p>
        </div>
    }
}

/// A part of a page with its title (`title_id`, where the focus goes after
/// a row is deleted) and its hint.
#[component]
pub fn ListSection(
    /// The title's id.
    title_id: &'static str,
    /// The title.
    title: ConsoleMsg,
    /// What the part is for.
    #[prop(optional)]
    hint: Option<ConsoleMsg>,
    /// The part.
    children: Children,
) -> impl IntoView {
    view! {
        <section class="admin-section" aria-labelledby=title_id>
            <h2 id=title_id tabindex="-1">{t(title)}</h2>
            {hint.map(|hint| view! { <p class="hint">{t(hint)}</p> })}
            {children()}
        </section>
    }
}

/// What a list form's Save button says: while it saves, while an item is
/// open, and while none is (a new item).
#[derive(Clone, Copy)]
pub struct SaveWords {
    /// While it saves.
    pub saving: ConsoleMsg,
    /// While an item is open.
    pub save: ConsoleMsg,
    /// While none is.
    pub add: ConsoleMsg,
}

/// A list form's buttons: Save, which submits the form, and Cancel while
/// there is something to cancel.
#[component]
pub fn EditActions(
    /// Save's id and `data-testid`.
    save_id: &'static str,
    /// What Save says.
    words: SaveWords,
    /// Whether a save is under way.
    #[prop(into)]
    busy: Signal<bool>,
    /// Whether an item is open.
    #[prop(into)]
    editing: Signal<bool>,
    /// Whether Cancel shows (by default, while an item is open).
    #[prop(optional, into)]
    cancelable: Option<Signal<bool>>,
    /// Cancel's `data-testid`.
    cancel_id: &'static str,
    /// What Cancel says.
    cancel: ConsoleMsg,
    /// What Cancel does.
    on_cancel: Callback<()>,
) -> impl IntoView {
    let cancelable = cancelable.unwrap_or(editing);
    let label = move || {
        let words = match (busy.get(), editing.get()) {
            (true, _) => words.saving,
            (false, true) => words.save,
            (false, false) => words.add,
        };
        t(words)()
    };
    view! {
        <div class="admin-actions">
            <button type="submit" id=save_id data-testid=save_id disabled=move || busy.get()>
                {label}
            </button>
            <Show when=move || cancelable.get()>
                <button type="button" class="secondary" data-testid=cancel_id on:click=move |_| on_cancel.run(())>
                    {t(cancel)}
                </button>
            </Show>
        </div>
    }
}

/// The table of a list's items: a header row (`columns`, then the buttons'
/// column, named for screen readers only) and the rows (`children`).
#[component]
pub fn ItemTable(
    /// The table's `data-testid`.
    testid: &'static str,
    /// A class of its own, besides `admin-table`.
    #[prop(optional)]
    class: &'static str,
    /// The columns' headers, in order.
    columns: &'static [ConsoleMsg],
    /// The buttons' column, if the rows have buttons.
    #[prop(optional)]
    actions: Option<ConsoleMsg>,
    /// The rows.
    children: Children,
) -> impl IntoView {
    let class = match class {
        "" => "admin-table".to_owned(),
        own => format!("admin-table {own}"),
    };
    let headers = columns
        .iter()
        .map(|&c| view! { <th scope="col">{t(c)}</th> })
        .collect_view();
    view! {
        <div class="admin-table-wrap">
            <table class=class data-testid=testid>
                <thead>
                    <tr>
                        {headers}
                        {actions.map(|a| view! { <th scope="col"><span class="visually-hidden">{t(a)}</span></th> })}
                    </tr>
                </thead>
                <tbody>{children()}</tbody>
            </table>
        </div>
    }
}

/// A secondary button of a row or an item: what it shows (`text`) and, for
/// screen readers, a label that names the row (`label`).
#[component]
pub fn RowButton(
    /// Its `data-testid`.
    #[prop(into)]
    testid: String,
    /// Its label for screen readers.
    #[prop(into)]
    label: Signal<String>,
    /// What it shows.
    text: ConsoleMsg,
    /// Whether it is greyed out.
    #[prop(optional, into)]
    disabled: Signal<bool>,
    /// Called on a click.
    on_click: Callback<()>,
) -> impl IntoView {
    view! {
        <button
            type="button"
            class="secondary"
            data-testid=testid
            aria-label=move || label.get()
            disabled=move || disabled.get()
            on:click=move |_| on_click.run(())
        >
            {t(text)}
        </button>
    }
}

/// The test ids of a row's Delete, its confirmation and its Cancel.
#[derive(Clone, Copy)]
pub struct DeleteIds {
    /// "Delete".
    pub ask: &'static str,
    /// "Yes, delete".
    pub confirm: &'static str,
    /// "Cancel".
    pub cancel: &'static str,
}

/// What a row's Delete, its question and its answers say.
#[derive(Clone, Copy)]
pub struct DeleteWords {
    /// "Delete".
    pub ask: ConsoleMsg,
    /// "Delete $name", for screen readers.
    pub ask_label: ConsoleMsg,
    /// "Delete $name?"
    pub question: ConsoleMsg,
    /// "Yes, delete".
    pub confirm: ConsoleMsg,
    /// "Deleting…".
    pub deleting: ConsoleMsg,
    /// "Cancel".
    pub cancel: ConsoleMsg,
}

/// A row's Delete, asked twice: "Delete" (after the row's other buttons,
/// `children`), then the question with "Yes, delete" and "Cancel" (Escape
/// cancels too).
#[component]
pub fn DeleteTwice<I>(
    /// The row's item.
    id: I,
    /// Its name, in the labels and the question.
    name: String,
    /// The item whose deletion waits for its confirmation.
    confirming: RwSignal<Option<I>>,
    /// Whether a deletion is under way.
    #[prop(into)]
    deleting: Signal<bool>,
    /// The question's id.
    question_id: String,
    /// The buttons' test ids.
    ids: DeleteIds,
    /// What they say.
    words: DeleteWords,
    /// Called once the question shows (to move the focus to it).
    on_ask: Callback<I>,
    /// Called on "Yes, delete".
    on_delete: Callback<I>,
    /// Called on "Cancel" or Escape.
    on_cancel: Callback<I>,
    /// The row's other buttons, shown beside Delete.
    #[prop(optional)]
    children: Option<ChildrenFn>,
) -> impl IntoView
where
    I: Clone + PartialEq + Send + Sync + 'static,
{
    let locale = crate::i18n::Locale::current();
    let id = StoredValue::new(id);
    let name = StoredValue::new(name);
    let asking = move || confirming.with(|c| id.with_value(|id| c.as_ref() == Some(id)));
    let said = move |msg: ConsoleMsg| {
        move || {
            name.with_value(|name| {
                locale
                    .lang()
                    .console(msg, &[("name", canal_shared::i18n::Arg::Str(name))])
            })
        }
    };
    let escape = move |ev: leptos::ev::KeyboardEvent| {
        if ev.key() == "Escape" {
            on_cancel.run(id.get_value());
        }
    };
    let children = StoredValue::new(children);
    view! {
        <Show
            when=asking
            fallback=move || {
                view! {
                    <div class="admin-inline">
                        {children.with_value(|c| c.as_ref().map(|c| c()))}
                        <RowButton
                            testid=ids.ask
                            label=Signal::derive(said(words.ask_label))
                            text=words.ask
                            on_click=Callback::new(move |()| {
                                confirming.set(Some(id.get_value()));
                                on_ask.run(id.get_value());
                            })
                        />
                    </div>
                }
            }
        >
            <div class="admin-inline" role="group" aria-labelledby=question_id.clone()>
                <span class="close-question" id=question_id.clone()>{said(words.question)}</span>
                <button
                    type="button"
                    class="danger"
                    data-testid=ids.confirm
                    disabled=move || deleting.get()
                    on:click=move |_| on_delete.run(id.get_value())
                    on:keydown=escape
                >
                    {move || t(if deleting.get() { words.deleting } else { words.confirm })()}
                </button>
                <button
                    type="button"
                    class="secondary"
                    data-testid=ids.cancel
                    on:click=move |_| on_cancel.run(id.get_value())
                    on:keydown=escape
                >
                    {t(words.cancel)}
                </button>
            </div>
        </Show>
    }
}

/// What they say: each button's text, then its label for screen readers
/// (which names the item, see [`MoveButtons::label`]).
#[derive(Clone, Copy)]
pub struct MoveWords {
    /// "Up" and its label.
    pub up: (ConsoleMsg, ConsoleMsg),
    /// "Down" and its label.
    pub down: (ConsoleMsg, ConsoleMsg),
    /// "Remove" and its label.
    pub remove: (ConsoleMsg, ConsoleMsg),
}

/// An item of an ordered list: Up (off for the first), Down (off for the
/// last) and Remove.
#[component]
pub fn MoveButtons(
    /// Their test ids' prefix: `{prefix}-up`, `{prefix}-down`,
    /// `{prefix}-remove`.
    prefix: &'static str,
    /// What they say.
    words: MoveWords,
    /// A button's label for screen readers, from its message.
    label: Callback<ConsoleMsg, String>,
    /// Whether the item is the first.
    #[prop(into)]
    first: Signal<bool>,
    /// Whether the item is the last.
    #[prop(into)]
    last: Signal<bool>,
    /// Moves the item up one place.
    on_up: Callback<()>,
    /// Moves the item down one place.
    on_down: Callback<()>,
    /// Removes the item.
    on_remove: Callback<()>,
) -> impl IntoView {
    let button = move |testid: String,
                       (text, aria): (ConsoleMsg, ConsoleMsg),
                       disabled: Signal<bool>,
                       click: Callback<()>| {
        view! {
            <RowButton
                testid
                label=Signal::derive(move || label.run(aria))
                text
                disabled
                on_click=click
            />
        }
    };
    view! {
        <div class="queue-buttons">
            {button(format!("{prefix}-up"), words.up, first, on_up)}
            {button(format!("{prefix}-down"), words.down, last, on_down)}
            {button(format!("{prefix}-remove"), words.remove, Signal::default(), on_remove)}
        </div>
    }
}

/// What a field's hint says: a fixed text of the catalog, or one that
/// follows the form.
#[derive(Clone, Copy)]
pub enum Hint {
    /// A text of the catalog.
    Msg(ConsoleMsg),
    /// A text made as the form changes.
    Text(Signal<String>),
}

impl From<ConsoleMsg> for Hint {
    fn from(msg: ConsoleMsg) -> Self {
        Hint::Msg(msg)
    }
}

impl From<Signal<String>> for Hint {
    fn from(text: Signal<String>) -> Self {
        Hint::Text(text)
    }
}

/// A text of several lines: its height, the most characters it may hold
/// and where their count shows (`count_id`, also the count's `data-testid`
/// when `count_testid`).
#[derive(Clone)]
pub struct Lines {
    /// Its height, in lines.
    pub lines: u32,
    /// The most characters it may hold.
    pub limit: usize,
    /// The count's id.
    pub count_id: String,
    /// Whether the count has a `data-testid` (its id).
    pub count_testid: bool,
}

/// A text of an item's form — one line, or several (`lines`) with how many
/// characters are used — with its label, its hint and its problem
/// (`{id}-error`, shown with the test id `error_testid`).
#[component]
pub fn TextInput(
    /// The field's id.
    #[prop(into)]
    id: String,
    /// Its `data-testid`, when it is not its id.
    #[prop(optional, into)]
    testid: Option<String>,
    /// The problem's `data-testid`, when it is not `{id}-error`.
    #[prop(optional, into)]
    error_testid: Option<String>,
    /// Its label.
    label: ConsoleMsg,
    /// Its hint (`{id}-hint`), if it has one.
    #[prop(optional, into)]
    hint: Option<Hint>,
    /// An address (`type="url"`, required, not spell-checked).
    #[prop(optional)]
    url: bool,
    /// Whether the spelling is not checked.
    #[prop(optional)]
    no_spellcheck: bool,
    /// Several lines, and their count.
    #[prop(optional)]
    lines: Option<Lines>,
    /// What it holds, which typing in it sets: or else `value` and
    /// `on_input`.
    #[prop(optional)]
    bind: Option<RwSignal<String>>,
    /// What it holds.
    #[prop(optional, into)]
    value: Option<Signal<String>>,
    /// Called as it is typed in.
    #[prop(optional, into)]
    on_input: Option<Callback<String>>,
    /// The form's problems, by field id, if it has any.
    #[prop(optional)]
    problems: Option<RwSignal<Problems>>,
) -> impl IntoView {
    let problems = problems.unwrap_or_default();
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let described = [
        lines.as_ref().map(|l| l.count_id.clone()),
        hint.map(|_| hint_id.clone()),
        Some(error_id.clone()),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" ");
    let field = id.clone();
    let invalid = move || problems.with(|p| p.of(&field).is_some()).then_some("true");
    let testid = testid.unwrap_or_else(|| id.clone());
    let value = bind.map(Signal::from).or(value).unwrap_or_default();
    let typed = move |ev| {
        let typed = event_target_value(&ev);
        match (bind, on_input) {
            (Some(bind), _) => bind.set(typed),
            (None, Some(on_input)) => on_input.run(typed),
            (None, None) => {}
        }
    };
    let control = match lines {
        None => view! {
            <input
                id=id.clone()
                type=if url { "url" } else { "text" }
                required=url
                autocomplete="off"
                spellcheck=(url || no_spellcheck).then_some("false")
                data-testid=testid
                aria-describedby=described
                aria-invalid=invalid
                prop:value=move || value.get()
                on:input=typed
            />
        }
        .into_any(),
        Some(Lines {
            lines,
            limit,
            count_id,
            count_testid,
        }) => {
            let count = move || value.with(|v| char_count(v, limit));
            view! {
                <textarea
                    id=id.clone()
                    rows=lines.to_string()
                    class="automation-text"
                    data-testid=testid
                    aria-describedby=described
                    aria-invalid=invalid
                    prop:value=move || value.get()
                    on:input=typed
                ></textarea>
                <p
                    class="hint char-count"
                    id=count_id.clone()
                    data-testid=count_testid.then(|| count_id.clone())
                    class:over=move || count().1
                >
                    {move || count().0}
                </p>
            }
            .into_any()
        }
    };
    let hint = hint.map(|hint| {
        let text = move || match hint {
            Hint::Msg(msg) => t(msg)(),
            Hint::Text(text) => text.get(),
        };
        view! { <p class="hint" id=hint_id>{text}</p> }
    });
    view! {
        <div class="admin-field">
            <label for=id.clone()>{t(label)}</label>
            {control}
            {hint}
            <FieldError problems id=id.clone() testid=error_testid.unwrap_or(error_id) />
        </div>
    }
}
