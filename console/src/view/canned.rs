//! The Responses page (admins, R-PR-1): the account's lists of predefined
//! responses (a title, a text and an optional shortcut each), and which list
//! a channel uses — one of them, a new one, or none. Operators insert them
//! from the reply composer. Every text here is shown as text.
//!
//! Every text shown here is in the console's catalog (#22).

use canal_shared::canned::{
    response_problems, CannedList, CannedListInput, CannedListRef, CannedResponse, ChannelCanned,
    ResponseField, ResponseProblem, MAX_LIST_NAME_CHARS, MAX_RESPONSES, MAX_SHORTCUT_CHARS,
    MAX_TEXT_CHARS, MAX_TITLE_CHARS,
};
use canal_shared::i18n::{Arg, ConsoleMsg, Lang};
use canal_shared::ids::{CannedListId, ChannelId};
use canal_shared::protocol::ChannelInfo;
use canal_shared::text::parse_name;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::auth::Session;
use crate::canned_api;
use crate::i18n::{t, text, Locale};
use crate::view::focus::{focus_first, focus_id};
use crate::view::form::{channel_heading, ChannelPicker, Problems};
use crate::view::kit::list::{
    refuse, DeleteIds, DeleteTwice, DeleteWords, EditActions, ItemTable, Lines, ListSection,
    MoveButtons, MoveWords, Outcome, RowButton, SaveWords, TextInput,
};

/// What the list form's Save says.
const SAVE_WORDS: SaveWords = SaveWords {
    saving: ConsoleMsg::CannedSaving,
    save: ConsoleMsg::CannedSaveList,
    add: ConsoleMsg::CannedAddList,
};

/// The lists, the channel's choice, and the form that adds or edits a list.
#[component]
pub fn CannedPage(
    /// The channel whose list is chosen here, on its settings page; none on
    /// the account's page of lists.
    channels: Vec<ChannelInfo>,
) -> impl IntoView {
    let page = Page {
        session: Session::current(),
        lists: RwSignal::new(None),
        error: RwSignal::new(None),
        saved: RwSignal::new(None),
        channel: RwSignal::new(channels.first().map(|c| c.id.clone())),
        current: RwSignal::new(None),
    };
    let form = Form::new();

    spawn_local(async move {
        match canned_api::lists(&page.session.token()).await {
            Ok(l) => page.lists.set(Some(l.lists)),
            Err(f) => page.error.set(Some(f.message)),
        }
    });

    view! {
        <section class="admin-page" aria-labelledby="canned-title" data-testid="canned-page">
            <h1 id="canned-title">{t(ConsoleMsg::CannedTitle)}</h1>
            <p class="admin-intro">{t(ConsoleMsg::CannedIntro)}</p>
            <Outcome prefix="canned" error=page.error saved=page.saved />
            {(!channels.is_empty()).then(|| view! { <ChannelChoice page form channels /> })}
            <Lists page form />
            <ListForm page form />
        </section>
    }
}

/// What the page's parts share.
#[derive(Clone, Copy)]
struct Page {
    session: Session,
    /// Every list, by name (`None` while loading).
    lists: RwSignal<Option<Vec<CannedList>>>,
    error: RwSignal<Option<String>>,
    saved: RwSignal<Option<String>>,
    /// The channel whose list is shown.
    channel: RwSignal<Option<ChannelId>>,
    /// The list it uses (`None` while loading).
    current: RwSignal<Option<ChannelCanned>>,
}

impl Page {
    /// Shows a success, clearing any error.
    fn done(&self, message: String) {
        self.error.set(None);
        self.saved.set(Some(message));
    }

    /// Shows a failure.
    fn failed(&self, message: String) {
        self.saved.set(None);
        self.error.set(Some(message));
    }

    /// The name of list `id`.
    fn name_of(&self, id: &CannedListId) -> Option<String> {
        self.lists.with_untracked(|l| {
            l.iter()
                .flatten()
                .find(|l| &l.id == id)
                .map(|l| l.name.clone())
        })
    }
}

/// A response as the form holds it: its fields as typed, and a key that
/// stays with it when it moves.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Row {
    key: u32,
    title: String,
    text: String,
    shortcut: String,
}

/// The form's state.
#[derive(Clone, Copy)]
struct Form {
    /// The list edited, or `None` for a new one.
    editing: RwSignal<Option<CannedListId>>,
    /// Its name when the edit started, for the form's title.
    editing_name: RwSignal<String>,
    name: RwSignal<String>,
    rows: RwSignal<Vec<Row>>,
    next_key: RwSignal<u32>,
    /// A new list that this channel uses once it is saved.
    use_for: RwSignal<Option<ChannelId>>,
    problems: RwSignal<Problems>,
    busy: RwSignal<bool>,
}

impl Form {
    fn new() -> Self {
        Form {
            editing: RwSignal::new(None),
            editing_name: RwSignal::new(String::new()),
            name: RwSignal::new(String::new()),
            rows: RwSignal::new(Vec::new()),
            next_key: RwSignal::new(0),
            use_for: RwSignal::new(None),
            problems: RwSignal::new(Problems::default()),
            busy: RwSignal::new(false),
        }
    }

    fn key(&self) -> u32 {
        let key = self.next_key.get_untracked();
        self.next_key.set(key + 1);
        key
    }

    /// An empty form for a new list (used by `use_for` once saved).
    fn start_new(&self, use_for: Option<ChannelId>) {
        self.editing.set(None);
        self.editing_name.set(String::new());
        self.name.set(String::new());
        let first = self.blank_row();
        self.rows.set(vec![first]);
        self.use_for.set(use_for);
        self.problems.set(Problems::default());
    }

    /// The form filled with `list`.
    fn start_edit(&self, list: &CannedList) {
        self.editing.set(Some(list.id.clone()));
        self.editing_name.set(list.name.clone());
        self.name.set(list.name.clone());
        let rows = list
            .responses
            .iter()
            .map(|r| Row {
                key: self.key(),
                title: r.title.clone(),
                text: r.text.clone(),
                shortcut: r.shortcut.clone().unwrap_or_default(),
            })
            .collect();
        self.rows.set(rows);
        self.use_for.set(None);
        self.problems.set(Problems::default());
    }

    fn blank_row(&self) -> Row {
        Row {
            key: self.key(),
            title: String::new(),
            text: String::new(),
            shortcut: String::new(),
        }
    }

    /// Changes one field of the row `key`.
    fn set(&self, key: u32, change: impl FnOnce(&mut Row)) {
        self.rows.update(|rows| {
            if let Some(row) = rows.iter_mut().find(|r| r.key == key) {
                change(row);
            }
        });
    }

    /// A field of the row `key`, tracked.
    fn get(&self, key: u32, field: fn(&Row) -> &String) -> String {
        self.rows.with(|rows| {
            rows.iter()
                .find(|r| r.key == key)
                .map(|r| field(r).clone())
                .unwrap_or_default()
        })
    }
}

/// Which list the picked channel uses: none, one of the lists, or a new one
/// (the form below, used once saved).
#[component]
fn ChannelChoice(page: Page, form: Form, channels: Vec<ChannelInfo>) -> impl IntoView {
    // What the select shows: "" for none, a list's id, or NEW.
    let choice = RwSignal::new(String::new());
    let busy = RwSignal::new(false);

    let load = move |id: ChannelId| {
        page.current.set(None);
        spawn_local(async move {
            let result = canned_api::channel_list(&page.session.token(), &id).await;
            if page.channel.get_untracked().as_ref() != Some(&id) {
                return;
            }
            match result {
                Ok(c) => {
                    choice.set(c.list.as_ref().map(|l| l.to_string()).unwrap_or_default());
                    page.current.set(Some(c));
                }
                Err(f) => page.failed(f.message),
            }
        });
    };
    if let Some(id) = page.channel.get_untracked() {
        load(id);
    }
    // A list saved or deleted elsewhere on the page shows here.
    Effect::new(move |_| {
        if let Some(c) = page.current.get() {
            choice.set(c.list.as_ref().map(|l| l.to_string()).unwrap_or_default());
        }
    });

    let on_change = move |ev| {
        let value = event_target_value(&ev);
        choice.set(value.clone());
        if value == NEW {
            form.start_new(page.channel.get_untracked());
            focus_id(NAME);
        } else if form.use_for.with_untracked(Option::is_some) {
            form.use_for.set(None);
        }
    };
    let save = move |_| {
        let Some(channel) = page.channel.get_untracked() else {
            return;
        };
        let value = choice.get_untracked();
        let list = match value.as_str() {
            "" => None,
            NEW => return,
            id => CannedListId::parse(id).ok(),
        };
        let request = ChannelCanned { channel, list };
        busy.set(true);
        spawn_local(async move {
            let result = canned_api::set_channel_list(&page.session.token(), &request).await;
            busy.set(false);
            match result {
                Ok(c) => {
                    let message = match &c.list {
                        None => text(ConsoleMsg::CannedSavedNone, &[]),
                        Some(id) => {
                            let name = page.name_of(id).unwrap_or_else(|| id.to_string());
                            text(ConsoleMsg::CannedSavedUses, &[("name", Arg::Str(&name))])
                        }
                    };
                    page.current.set(Some(c));
                    page.done(message);
                }
                Err(f) => page.failed(f.message),
            }
        });
    };

    let options = move || {
        page.lists
            .get()
            .unwrap_or_default()
            .into_iter()
            .map(|l| {
                let value = l.id.to_string();
                let selected = value.clone();
                view! {
                    <option value=value prop:selected=move || choice.get() == selected>
                        {format!("{} ({})", l.name, responses_count(Locale::current().lang(), l.responses.len()))}
                    </option>
                }
            })
            .collect_view()
    };
    let title = channel_heading(
        &channels,
        ConsoleMsg::CannedChannelTitleOne,
        ConsoleMsg::CannedChannelTitle,
    );
    let picker = view! {
        <ChannelPicker
            prefix="canned"
            channels=channels.clone()
            on_pick=Callback::new(move |id: ChannelId| {
                page.channel.set(Some(id.clone()));
                load(id);
            })
        />
    };
    let creating = move || choice.with(|c| c == NEW);
    view! {
        <section class="admin-section" aria-labelledby="canned-channel-title">
            <h2 id="canned-channel-title">{title}</h2>
            {picker}
            <Show when=move || page.channel.with(Option::is_some)>
                <div class="admin-field">
                    <label for="canned-channel-list">{t(ConsoleMsg::CannedTitle)}</label>
                    <div class="admin-inline">
                        <select
                            id="canned-channel-list"
                            data-testid="canned-channel-list"
                            aria-describedby="canned-channel-hint"
                            disabled=move || page.current.with(Option::is_none)
                            on:change=on_change
                        >
                            <option value="" prop:selected=move || choice.with(String::is_empty)>
                                {t(ConsoleMsg::CannedNoList)}
                            </option>
                            {options}
                            <option value=NEW prop:selected=creating>{t(ConsoleMsg::CannedNewList)}</option>
                        </select>
                        <button
                            type="button"
                            data-testid="canned-channel-save"
                            disabled=move || busy.get() || creating() || page.current.with(Option::is_none)
                            on:click=save
                        >
                            {move || t(if busy.get() { ConsoleMsg::CannedSaving } else { ConsoleMsg::CannedUse })()}
                        </button>
                    </div>
                    <p class="hint" id="canned-channel-hint">
                        {move || {
                            t(if creating() {
                                ConsoleMsg::CannedHintNew
                            } else {
                                ConsoleMsg::CannedHint
                            })()
                        }}
                    </p>
                </div>
            </Show>
        </section>
    }
}

/// The lists, with Edit and Delete (asked twice).
#[component]
fn Lists(page: Page, form: Form) -> impl IntoView {
    let confirming = RwSignal::new(None::<CannedListId>);
    let deleting = RwSignal::new(false);

    let edit = move |list: CannedList| {
        confirming.set(None);
        form.start_edit(&list);
        page.saved.set(None);
        focus_id(NAME);
    };
    let delete = move |id: CannedListId| {
        deleting.set(true);
        let name = page.name_of(&id).unwrap_or_else(|| id.to_string());
        spawn_local(async move {
            let request = CannedListRef { id: id.clone() };
            let result = canned_api::delete_list(&page.session.token(), &request).await;
            deleting.set(false);
            confirming.set(None);
            match result {
                Ok(()) => {
                    page.lists
                        .update(|l| l.iter_mut().for_each(|l| l.retain(|l| l.id != id)));
                    let used = page
                        .current
                        .with_untracked(|c| c.as_ref().and_then(|c| c.list.clone()))
                        == Some(id.clone());
                    if used {
                        page.current.update(|c| {
                            if let Some(c) = c {
                                c.list = None;
                            }
                        });
                    }
                    if form.editing.with_untracked(|e| e.as_ref() == Some(&id)) {
                        form.start_new(None);
                    }
                    page.done(deleted_message(Locale::current().lang_now(), &name, used));
                    focus_id("canned-lists-title");
                }
                Err(f) => page.failed(f.message),
            }
        });
    };
    let cancel = move |id: CannedListId| {
        confirming.set(None);
        focus_first(vec![row_button(&id, "canned-list-delete")]);
    };

    let rows = move || {
        let Some(lists) = page.lists.get() else {
            return view! { <p class="empty" role="status">{t(ConsoleMsg::CannedLoading)}</p> }
                .into_any();
        };
        if lists.is_empty() {
            return view! {
                <p class="empty" data-testid="canned-lists-empty">
                    {t(ConsoleMsg::CannedListsEmpty)}
                </p>
            }
            .into_any();
        }
        let items = lists
            .into_iter()
            .map(|l| view! { <ListRow list=l confirming deleting edit delete cancel /> })
            .collect_view();
        view! {
            <ItemTable testid="canned-lists" columns=&[ConsoleMsg::CannedName, ConsoleMsg::CannedResponses, ConsoleMsg::CannedShortcuts] actions=ConsoleMsg::CannedActions>
                {items}
            </ItemTable>
        }
        .into_any()
    };
    view! {
        <ListSection title_id="canned-lists-title" title=ConsoleMsg::CannedLists hint=ConsoleMsg::CannedListsHint>
            {rows}
        </ListSection>
    }
}

/// One list in the table.
#[component]
fn ListRow(
    list: CannedList,
    confirming: RwSignal<Option<CannedListId>>,
    deleting: RwSignal<bool>,
    edit: impl Fn(CannedList) + Copy + Send + Sync + 'static,
    delete: impl Fn(CannedListId) + Copy + Send + Sync + 'static,
    cancel: impl Fn(CannedListId) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let shortcuts = shortcuts_label(&list.responses);
    let lang = Locale::current().lang_now();
    let count = responses_count(lang, list.responses.len());
    let name = list.name.clone();
    let stored = StoredValue::new(list.clone());
    let edit_label = lang.console(ConsoleMsg::CannedEditLabel, &[("name", Arg::Str(&name))]);
    view! {
        <tr data-testid="canned-list-row" data-id=list.id.to_string()>
            <td data-label=t(ConsoleMsg::CannedName) class="canned-list-name" data-testid="canned-list-name">{name.clone()}</td>
            <td data-label=t(ConsoleMsg::CannedResponses) data-testid="canned-list-count">{count}</td>
            <td data-label=t(ConsoleMsg::CannedShortcuts) class="canned-list-shortcuts">{shortcuts}</td>
            <td class="admin-row-actions">
                <DeleteTwice
                    id=list.id.clone()
                    name
                    confirming
                    deleting
                    question_id=format!("canned-delete-question-{}", list.id)
                    ids=DeleteIds {
                        ask: "canned-list-delete",
                        confirm: "canned-delete-confirm",
                        cancel: "canned-delete-cancel",
                    }
                    words=DeleteWords {
                        ask: ConsoleMsg::CannedDelete,
                        ask_label: ConsoleMsg::CannedDeleteLabel,
                        question: ConsoleMsg::CannedDeleteQuestion,
                        confirm: ConsoleMsg::CannedDeleteConfirm,
                        deleting: ConsoleMsg::CannedDeleting,
                        cancel: ConsoleMsg::CannedCancel,
                    }
                    on_ask=Callback::new(|id| focus_first(vec![row_button(&id, "canned-delete-confirm")]))
                    on_delete=Callback::new(delete)
                    on_cancel=Callback::new(cancel)
                >
                    <RowButton
                        testid="canned-list-edit"
                        label=edit_label.clone()
                        text=ConsoleMsg::CannedEdit
                        on_click=Callback::new(move |()| edit(stored.get_value()))
                    />
                </DeleteTwice>
            </td>
        </tr>
    }
}

/// The form that adds a list or saves one: its name and its responses, each
/// with a title, a text and a shortcut, in order.
#[component]
fn ListForm(page: Page, form: Form) -> impl IntoView {
    form.start_new(None);

    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if form.busy.get_untracked() {
            return;
        }
        let input = match check_list(
            Locale::current().lang_now(),
            form.editing.get_untracked(),
            &form.name.get_untracked(),
            &form.rows.get_untracked(),
        ) {
            Ok(input) => input,
            Err(p) => {
                page.saved.set(None);
                return refuse(p, form.problems, page.error);
            }
        };
        form.problems.set(Problems::default());
        page.error.set(None);
        form.busy.set(true);
        let use_for = form.use_for.get_untracked();
        let added = input.id.is_none();
        spawn_local(async move {
            let token = page.session.token();
            let result = canned_api::save_list(&token, &input).await;
            let list = match result {
                Ok(list) => list,
                Err(f) => {
                    form.busy.set(false);
                    page.failed(f.message);
                    focus_id(SAVE);
                    return;
                }
            };
            let lang = Locale::current().lang_now();
            let mut message = saved_message(lang, added, &list);
            if let Some(channel) = use_for {
                let choice = ChannelCanned {
                    channel,
                    list: Some(list.id.clone()),
                };
                match canned_api::set_channel_list(&token, &choice).await {
                    Ok(c) => {
                        message.push(' ');
                        message.push_str(&lang.console(ConsoleMsg::CannedChannelUses, &[]));
                        page.current.set(Some(c));
                    }
                    Err(f) => {
                        message.push(' ');
                        message.push_str(&lang.console(
                            ConsoleMsg::CannedChannelFailed,
                            &[("error", Arg::Str(&f.message))],
                        ));
                    }
                }
            }
            form.busy.set(false);
            let id = list.id.clone();
            page.lists
                .update(|l| upsert_list(l.get_or_insert_with(Vec::new), list));
            form.start_new(None);
            page.done(message);
            focus_first(vec![
                row_button(&id, "canned-list-edit"),
                format!("#{NAME}"),
            ]);
        });
    };
    let cancel = move |()| {
        let id = form.editing.get_untracked();
        let was_new = form.use_for.with_untracked(Option::is_some);
        form.start_new(None);
        if was_new {
            // The channel's select shows its list again.
            page.current.update(|_| {});
        }
        match id {
            Some(id) => focus_first(vec![row_button(&id, "canned-list-edit")]),
            None => focus_id(NAME),
        }
    };
    let locale = Locale::current();
    let add = move |_| {
        if form.rows.with_untracked(Vec::len) >= MAX_RESPONSES {
            page.failed(text(
                ConsoleMsg::CannedTooMany,
                &[("max", Arg::count(MAX_RESPONSES))],
            ));
            return;
        }
        let row = form.blank_row();
        let key = row.key;
        form.rows.update(|r| r.push(row));
        focus_id(&field_id(TITLE, key));
    };

    let title = move || match (
        form.editing.with(Option::is_some),
        form.use_for.with(Option::is_some),
    ) {
        (true, _) => locale.lang().console(
            ConsoleMsg::CannedFormEdit,
            &[("name", Arg::Str(&form.editing_name.get()))],
        ),
        (false, true) => locale
            .lang()
            .console(ConsoleMsg::CannedFormNewForChannel, &[]),
        (false, false) => locale.lang().console(ConsoleMsg::CannedFormAdd, &[]),
    };
    let count = move || form.rows.with(Vec::len);
    let keys = move || {
        form.rows
            .with(|rows| rows.iter().map(|r| r.key).collect::<Vec<u32>>())
    };

    view! {
        <section class="admin-section" aria-labelledby="canned-form-title">
            <form class="admin-form canned-form" on:submit=submit novalidate aria-labelledby="canned-form-title">
                <h2 id="canned-form-title" data-testid="canned-form-title">{title}</h2>
                <TextInput
                    id=NAME
                    label=ConsoleMsg::CannedName
                    hint=ConsoleMsg::CannedNameHint
                    value=form.name
                    on_input=move |v: String| form.name.set(v)
                    problems=form.problems
                />
                <ol class="canned-responses" data-testid="canned-responses">
                    <For
                        each=keys
                        key=|k| *k
                        children=move |key| view! { <ResponseFields form key count /> }
                    />
                </ol>
                <Show when=move || count() == 0>
                    <p class="empty" data-testid="canned-responses-empty">{t(ConsoleMsg::CannedResponsesEmpty)}</p>
                </Show>
                <div class="admin-actions">
                    <button type="button" class="secondary" id="canned-add-response" data-testid="canned-add-response" on:click=add>
                        {t(ConsoleMsg::CannedAddResponse)}
                    </button>
                </div>
                <EditActions
                    save_id=SAVE
                    words=SAVE_WORDS
                    busy=form.busy
                    editing=Signal::derive(move || form.editing.with(Option::is_some))
                    cancelable=Signal::derive(move || form.editing.with(Option::is_some) || form.use_for.with(Option::is_some))
                    cancel_id="canned-cancel"
                    cancel=ConsoleMsg::CannedCancel
                    on_cancel=Callback::new(cancel)
                />
            </form>
        </section>
    }
}

/// One response of the form: its title, shortcut and text, and the buttons
/// that move or remove it.
#[component]
fn ResponseFields(
    form: Form,
    key: u32,
    count: impl Fn() -> usize + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let index = move || {
        form.rows
            .with(|r| r.iter().position(|r| r.key == key).unwrap_or(0))
    };
    let number = move || index() + 1;
    let locale = Locale::current();
    let legend = move || {
        locale.lang().console(
            ConsoleMsg::CannedResponse,
            &[("number", Arg::count(number()))],
        )
    };
    let moved = move |by: isize, button: &'static str| {
        form.rows.update(|rows| {
            if let Some(at) = rows.iter().position(|r| r.key == key) {
                let to = at as isize + by;
                if (0..rows.len() as isize).contains(&to) {
                    rows.swap(at, to as usize);
                }
            }
        });
        focus_first(vec![
            format!("[data-testid=canned-response][data-key=\"{key}\"] [data-testid={button}]:not([disabled])"),
            format!("#{}", field_id(TITLE, key)),
        ]);
    };
    let remove = move || {
        let at = index();
        form.rows.update(|rows| rows.retain(|r| r.key != key));
        // The next response's title, or the previous one's, or "Add".
        let next = form.rows.with_untracked(|rows| {
            rows.get(at)
                .or_else(|| at.checked_sub(1).and_then(|i| rows.get(i)))
                .map(|r| r.key)
        });
        match next {
            Some(k) => focus_id(&field_id(TITLE, k)),
            None => focus_id("canned-add-response"),
        }
    };
    let value = move |field: fn(&Row) -> &String| Signal::derive(move || form.get(key, field));
    view! {
        <li class="canned-response" data-testid="canned-response" data-key=key.to_string() data-index=move || index().to_string()>
            <fieldset class="admin-fieldset admin-nested">
                <legend>{legend}</legend>
                <div class="admin-grid">
                    <TextInput
                        id=field_id(TITLE, key)
                        testid="canned-response-title"
                        error_testid="canned-response-title-error"
                        label=ConsoleMsg::CannedResponseTitle
                        value=value(|r| &r.title)
                        on_input=move |v: String| form.set(key, |r| r.title = v)
                        problems=form.problems
                    />
                    <TextInput
                        id=field_id(SHORTCUT, key)
                        testid="canned-response-shortcut"
                        error_testid="canned-response-shortcut-error"
                        label=ConsoleMsg::CannedResponseShortcut
                        hint=ConsoleMsg::CannedResponseShortcutHint
                        no_spellcheck=true
                        value=value(|r| &r.shortcut)
                        on_input=move |v: String| form.set(key, |r| r.shortcut = v)
                        problems=form.problems
                    />
                </div>
                <TextInput
                    id=field_id(TEXT, key)
                    testid="canned-response-text"
                    error_testid="canned-response-text-error"
                    label=ConsoleMsg::CannedResponseText
                    lines=Lines {
                        lines: 3,
                        limit: MAX_TEXT_CHARS,
                        count_id: format!("canned-count-{key}"),
                        count_testid: false,
                    }
                    value=value(|r| &r.text)
                    on_input=move |v: String| form.set(key, |r| r.text = v)
                    problems=form.problems
                />
                <MoveButtons
                    prefix="canned-response"
                    words=MoveWords {
                        up: (ConsoleMsg::CannedUp, ConsoleMsg::CannedMoveUp),
                        down: (ConsoleMsg::CannedDown, ConsoleMsg::CannedMoveDown),
                        remove: (ConsoleMsg::CannedRemove, ConsoleMsg::CannedRemoveLabel),
                    }
                    label=Callback::new(move |what| {
                        locale.lang().console(what, &[("number", Arg::count(number()))])
                    })
                    first=Signal::derive(move || index() == 0)
                    last=Signal::derive(move || index() + 1 >= count())
                    on_up=Callback::new(move |()| moved(-1, "canned-response-up"))
                    on_down=Callback::new(move |()| moved(1, "canned-response-down"))
                    on_remove=Callback::new(move |()| remove())
                />
            </fieldset>
        </li>
    }
}

// The form's fields, by id (also their `data-testid`); a response's are
// `<field>-<key>`.
const NAME: &str = "canned-name";
const SAVE: &str = "canned-save";
const TITLE: &str = "canned-title";
const TEXT: &str = "canned-text";
const SHORTCUT: &str = "canned-shortcut";
/// The channel select's value for "Create a new list…".
const NEW: &str = "new";

/// The id of a response's field.
fn field_id(field: &str, key: u32) -> String {
    format!("{field}-{key}")
}

/// The selector of a button in a list's row.
fn row_button(id: &CannedListId, testid: &str) -> String {
    format!("[data-testid=canned-list-row][data-id=\"{id}\"] [data-testid={testid}]")
}

/// The list to send, checked as the worker checks it
/// ([`CannedListInput::validate`]), or every problem by field, in the
/// page's order.
fn check_list(
    lang: Lang,
    id: Option<CannedListId>,
    name: &str,
    rows: &[Row],
) -> Result<CannedListInput, Problems> {
    let responses: Vec<CannedResponse> = rows
        .iter()
        .map(|r| CannedResponse {
            title: r.title.clone(),
            text: r.text.clone(),
            shortcut: (!r.shortcut.trim().is_empty()).then(|| r.shortcut.clone()),
        })
        .collect();
    let mut problems = Problems::default();
    problems.add(
        NAME,
        parse_name(name).err().map(|_| {
            lang.console(
                ConsoleMsg::CannedNameInvalid,
                &[("max", Arg::count(MAX_LIST_NAME_CHARS))],
            )
        }),
    );
    let mut found = response_problems(&responses);
    // In the page's order: each response's title, shortcut, then text.
    found.sort_by_key(|(i, p)| (*i, field_order(p.field())));
    for (i, problem) in found {
        let field = match problem.field() {
            ResponseField::Title => TITLE,
            ResponseField::Text => TEXT,
            ResponseField::Shortcut => SHORTCUT,
        };
        problems.add(
            field_id(field, rows[i].key),
            Some(problem_text(lang, i + 1, &problem)),
        );
    }
    if responses.len() > MAX_RESPONSES {
        let too_many = lang.console(
            ConsoleMsg::CannedProblemTooMany,
            &[
                ("count", Arg::count(responses.len())),
                ("max", Arg::count(MAX_RESPONSES)),
            ],
        );
        problems.add("canned-add-response", Some(too_many));
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(CannedListInput {
        id,
        name: name.to_owned(),
        responses,
    })
}

/// What is wrong with response `number`, as the worker would refuse it.
fn problem_text(lang: Lang, number: usize, problem: &ResponseProblem) -> String {
    let number = ("number", Arg::count(number));
    match problem {
        ResponseProblem::Title => lang.console(
            ConsoleMsg::CannedProblemTitle,
            &[number, ("max", Arg::count(MAX_TITLE_CHARS))],
        ),
        ResponseProblem::TextEmpty => lang.console(ConsoleMsg::CannedProblemTextEmpty, &[number]),
        ResponseProblem::TextTooLong { len } => lang.console(
            ConsoleMsg::CannedProblemTextLong,
            &[
                number,
                ("len", Arg::count(*len)),
                ("max", Arg::count(MAX_TEXT_CHARS)),
            ],
        ),
        ResponseProblem::TextControl => {
            lang.console(ConsoleMsg::CannedProblemTextControl, &[number])
        }
        ResponseProblem::Shortcut => lang.console(
            ConsoleMsg::CannedProblemShortcut,
            &[number, ("max", Arg::count(MAX_SHORTCUT_CHARS))],
        ),
        ResponseProblem::DuplicateShortcut { shortcut, first } => lang.console(
            ConsoleMsg::CannedProblemShortcutTwice,
            &[
                number,
                ("shortcut", Arg::Str(shortcut)),
                ("first", Arg::count(*first)),
            ],
        ),
    }
}

fn field_order(field: ResponseField) -> u8 {
    match field {
        ResponseField::Title => 0,
        ResponseField::Shortcut => 1,
        ResponseField::Text => 2,
    }
}

/// "1 response", "3 responses".
fn responses_count(lang: Lang, n: usize) -> String {
    lang.console(ConsoleMsg::CannedCount, &[("count", Arg::count(n))])
}

/// A list's shortcuts as operators type them ("/hi /thanks"), or a dash.
fn shortcuts_label(responses: &[CannedResponse]) -> String {
    let all: Vec<String> = responses
        .iter()
        .filter_map(|r| r.shortcut.as_ref().map(|s| format!("/{s}")))
        .collect();
    if all.is_empty() {
        "—".to_owned()
    } else {
        all.join(" ")
    }
}

/// What saving did.
fn saved_message(lang: Lang, added: bool, list: &CannedList) -> String {
    let msg = if added {
        ConsoleMsg::CannedAddedMessage
    } else {
        ConsoleMsg::CannedSavedMessage
    };
    let count = responses_count(lang, list.responses.len());
    lang.console(
        msg,
        &[("name", Arg::Str(&list.name)), ("count", Arg::Str(&count))],
    )
}

/// What deleting did.
fn deleted_message(lang: Lang, name: &str, used: bool) -> String {
    let msg = if used {
        ConsoleMsg::CannedDeletedUsed
    } else {
        ConsoleMsg::CannedDeleted
    };
    lang.console(msg, &[("name", Arg::Str(name))])
}

/// Puts the saved `list` in `lists` (replacing its former content), kept in
/// the server's order: by name.
fn upsert_list(lists: &mut Vec<CannedList>, list: CannedList) {
    lists.retain(|l| l.id != list.id);
    let at = lists
        .iter()
        .position(|l| l.name.to_lowercase() > list.name.to_lowercase())
        .unwrap_or(lists.len());
    lists.insert(at, list);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(key: u32, title: &str, text: &str, shortcut: &str) -> Row {
        Row {
            key,
            title: title.into(),
            text: text.into(),
            shortcut: shortcut.into(),
        }
    }

    fn list(id: &str, name: &str, n: usize) -> CannedList {
        CannedList {
            id: CannedListId::parse(id).unwrap(),
            name: name.into(),
            responses: vec![
                CannedResponse {
                    title: "t".into(),
                    text: "x".into(),
                    shortcut: None,
                };
                n
            ],
        }
    }

    #[test]
    fn r_pr_1_problems_show_next_to_their_fields() {
        let rows = [row(7, "Hello", "Hi!", "hi"), row(9, " ", "", "Hi")];
        let problems = check_list(Lang::En, None, " ", &rows).unwrap_err();
        assert_eq!(
            problems.of(NAME).as_deref(),
            Some("Enter the list's name (1 to 80 characters, on one line).")
        );
        assert_eq!(
            problems.of("canned-title-9").as_deref(),
            Some("Response 2: the title must be 1 to 100 characters, on one line.")
        );
        assert_eq!(
            problems.of("canned-shortcut-9").as_deref(),
            Some("Response 2: the shortcut /hi is already used by response 1; shortcuts must differ within a list.")
        );
        assert_eq!(
            problems.of("canned-text-9").as_deref(),
            Some("Response 2: the text is empty: write what the operator sends.")
        );
        assert_eq!(problems.of("canned-title-7"), None);
        // Title, shortcut, then text, as on the page.
        assert_eq!(problems.first_field(), Some(NAME));
    }

    #[test]
    fn r_pr_1_a_good_list_is_sent_as_typed() {
        let id = CannedListId::parse("cl_1").unwrap();
        let input = check_list(
            Lang::En,
            Some(id.clone()),
            "Sales",
            &[row(1, "Hello", "Hi!", " "), row(2, "Bye", "Bye!", "/Bye")],
        )
        .unwrap();
        assert_eq!(input.id, Some(id));
        assert_eq!(input.responses[0].shortcut, None, "blank is none");
        assert_eq!(input.responses[1].shortcut.as_deref(), Some("/Bye"));
        assert!(input.validate().is_ok());
    }

    #[test]
    fn lists_read_well() {
        assert_eq!(responses_count(Lang::En, 1), "1 response");
        assert_eq!(responses_count(Lang::En, 0), "0 responses");
        let responses = [
            CannedResponse {
                title: "a".into(),
                text: "a".into(),
                shortcut: Some("hi".into()),
            },
            CannedResponse {
                title: "b".into(),
                text: "b".into(),
                shortcut: None,
            },
        ];
        assert_eq!(shortcuts_label(&responses), "/hi");
        assert_eq!(shortcuts_label(&responses[1..]), "—");
        assert_eq!(
            saved_message(Lang::En, true, &list("cl_1", "Sales", 2)),
            "Added “Sales” (2 responses)."
        );
        assert_eq!(
            deleted_message(Lang::En, "Sales", true),
            "Deleted “Sales”. The channel has no predefined responses now."
        );
    }

    #[test]
    fn a_saved_list_replaces_its_former_content_in_name_order() {
        let mut lists = vec![list("a", "Billing", 1), list("b", "sales", 1)];
        upsert_list(&mut lists, list("c", "Returns", 0));
        upsert_list(&mut lists, list("a", "Billing", 3));
        let got: Vec<_> = lists
            .iter()
            .map(|l| (l.id.as_str(), l.responses.len()))
            .collect();
        assert_eq!(got, [("a", 3), ("c", 0), ("b", 1)]);
    }
}
