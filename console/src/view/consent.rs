//! The consent page (admins): the account's personal-data notices (R-C-1),
//! each versioned, and the acceptances recorded on a channel — who accepted
//! which text, at which version, when and on which page.
//!
//! A text is never edited in place: saving a changed body makes a new
//! version, so every acceptance names the words the visitor saw. Every text
//! here is shown as text.
//!
//! Every text shown here is in the console's catalog (#22).

use canal_shared::consent::{
    ConsentAcceptance, ConsentKey, ConsentText, ConsentTextInput, MAX_CONSENT_CHARS,
};
use canal_shared::i18n::{Arg, ConsoleMsg, Lang};
use canal_shared::ids::{ChannelId, ConsentTextId};
use canal_shared::protocol::ChannelInfo;
use canal_shared::text::MAX_NAME_CHARS;
use canal_shared::time::Timestamp;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::auth::Session;
use crate::errors::consent_error;
use crate::format::{date_time, full_time};
use crate::i18n::{t, Locale};
use crate::view::focus::{focus_first, focus_id};
use crate::view::form::{channel_heading, ChannelPicker, Problems};
use crate::view::kit::list::{
    refuse, EditActions, ItemTable, Lines, ListSection, Outcome, RowButton, SaveWords, TextInput,
};
use crate::view::kit::OpenChannel;
use crate::widget_api;

/// What the text form's Save says.
const SAVE_WORDS: SaveWords = SaveWords {
    saving: ConsoleMsg::ConsentSaving,
    save: ConsoleMsg::ConsentSave,
    add: ConsoleMsg::ConsentAdd,
};

/// Loads the account's consent texts into `texts`, or says why not in
/// `error`.
fn load_texts(
    session: Session,
    texts: RwSignal<Option<Vec<ConsentText>>>,
    error: RwSignal<Option<String>>,
) {
    spawn_local(async move {
        match widget_api::consent_texts(&session.token()).await {
            Ok(t) => texts.set(Some(t.texts)),
            Err(f) => error.set(Some(f.message)),
        }
    });
}

/// The account's consent texts (Settings → Personal-data notices).
#[component]
pub fn ConsentPage() -> impl IntoView {
    let session = Session::current();
    let texts = RwSignal::new(None::<Vec<ConsentText>>);
    let error = RwSignal::new(None::<String>);
    let saved = RwSignal::new(None::<String>);
    load_texts(session, texts, error);

    view! {
        <section class="admin-page" aria-labelledby="consent-title" data-testid="consent-page">
            <h1 id="consent-title">{t(ConsoleMsg::ConsentTitle)}</h1>
            <p class="admin-intro">{t(ConsoleMsg::ConsentIntro)}</p>
            <Outcome prefix="consent" error saved />
            <Texts texts error saved />
        </section>
    }
}

/// The acceptances recorded on one channel (its settings' Personal-data
/// notice section).
#[component]
pub fn ChannelAcceptances() -> impl IntoView {
    let channel = OpenChannel::current().info();
    let session = Session::current();
    let texts = RwSignal::new(None::<Vec<ConsentText>>);
    let error = RwSignal::new(None::<String>);
    load_texts(session, texts, error);
    view! {
        <section class="admin-page" aria-labelledby="consent-acceptances-title" data-testid="consent-page">
            {move || {
                error
                    .get()
                    .map(|e| view! { <p role="alert" class="error" data-testid="consent-error">{e}</p> })
            }}
            <Acceptances channels=vec![channel] texts />
        </section>
    }
}

/// The list of texts and the form that adds one or saves a new version.
#[component]
fn Texts(
    texts: RwSignal<Option<Vec<ConsentText>>>,
    error: RwSignal<Option<String>>,
    saved: RwSignal<Option<String>>,
) -> impl IntoView {
    let session = Session::current();
    // `None`: the form adds a text.
    let editing = RwSignal::new(None::<ConsentText>);
    let name = RwSignal::new(String::new());
    let body = RwSignal::new(String::new());
    let problems = RwSignal::new(Problems::default());
    let busy = RwSignal::new(false);

    let reset = move || {
        editing.set(None);
        name.set(String::new());
        body.set(String::new());
        problems.set(Problems::default());
    };
    let edit = move |t: ConsentText| {
        name.set(t.name.clone());
        body.set(t.body.clone());
        editing.set(Some(t));
        problems.set(Problems::default());
        error.set(None);
        saved.set(None);
        focus_id(NAME);
    };
    let cancel = move |()| {
        let id = editing.with_untracked(|e| e.as_ref().map(|t| t.id.clone()));
        reset();
        match id {
            Some(id) => focus_edit_button(&id),
            None => focus_id(NAME),
        }
    };

    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let before = editing.get_untracked();
        let input = ConsentTextInput {
            id: before.as_ref().map(|t| t.id.clone()),
            name: name.get_untracked(),
            body: body.get_untracked(),
        };
        saved.set(None);
        let lang = Locale::current().lang_now();
        if let Err(p) = check_text(lang, &input) {
            return refuse(p, problems, error);
        }
        problems.set(Problems::default());
        error.set(None);
        busy.set(true);
        spawn_local(async move {
            let result = widget_api::save_consent_text(&session.token(), &input).await;
            busy.set(false);
            match result {
                Ok(text) => {
                    saved.set(Some(text_saved_message(
                        lang,
                        before.as_ref().map(|t| t.version),
                        &text,
                    )));
                    let id = text.id.clone();
                    texts.update(|list| upsert_text(list.get_or_insert_with(Vec::new), text));
                    reset();
                    // The row shows the new version; its Edit button is
                    // where the admin left off.
                    focus_edit_button(&id);
                }
                Err(f) => {
                    error.set(Some(f.message));
                    focus_id(SAVE);
                }
            }
        });
    };

    let rows = move || {
        let Some(list) = texts.get() else {
            return view! { <p class="empty" role="status">{t(ConsoleMsg::ConsentLoading)}</p> }
                .into_any();
        };
        if list.is_empty() {
            return view! {
                <p class="empty" data-testid="consent-texts-empty">
                    {t(ConsoleMsg::ConsentEmpty)}
                </p>
            }
            .into_any();
        }
        let items = list
            .into_iter()
            .map(|shown| {
                let label = Locale::current()
                    .lang()
                    .console(ConsoleMsg::ConsentEditLabel, &[("name", Arg::Str(&shown.name))]);
                let id = shown.id.to_string();
                let (title, version, body) = (shown.name.clone(), shown.version, shown.body.clone());
                let at = shown.updated_at;
                view! {
                    <tr data-testid="consent-text" data-id=id>
                        <td data-label=t(ConsoleMsg::ConsentName)>
                            <span class="consent-name" data-testid="consent-text-name">{title}</span>
                            <details class="consent-details">
                                <summary>{t(ConsoleMsg::ConsentRead)}</summary>
                                <p class="consent-body" data-testid="consent-text-body">{body}</p>
                            </details>
                        </td>
                        <td data-label=t(ConsoleMsg::ConsentVersion) data-testid="consent-text-version">{version}</td>
                        <td data-label=t(ConsoleMsg::ConsentLastSaved)>
                            <time datetime=full_time(at) data-testid="consent-text-updated">{move || date_time(Locale::current().lang(), at)}</time>
                        </td>
                        <td class="admin-row-actions">
                            <RowButton
                                testid="consent-text-edit"
                                label
                                text=ConsoleMsg::ConsentEdit
                                on_click=Callback::new(move |()| edit(shown.clone()))
                            />
                        </td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <ItemTable testid="consent-texts" columns=&[ConsoleMsg::ConsentName, ConsoleMsg::ConsentVersion, ConsoleMsg::ConsentLastSaved] actions=ConsoleMsg::ConsentActions>
                {items}
            </ItemTable>
        }
        .into_any()
    };
    let locale = Locale::current();
    let form_title = move || {
        let lang = locale.lang();
        editing.with(|e| match e {
            Some(t) => lang.console(
                ConsoleMsg::ConsentFormEdit,
                &[
                    ("name", Arg::Str(&t.name)),
                    ("version", Arg::Num(t.version.into())),
                ],
            ),
            None => lang.console(ConsoleMsg::ConsentFormAdd, &[]),
        })
    };
    let version_hint = move || {
        let lang = locale.lang();
        editing.with(|e| match e {
            Some(t) => lang.console(
                ConsoleMsg::ConsentVersionHint,
                &[("version", Arg::Num(i64::from(t.version) + 1))],
            ),
            None => lang.console(ConsoleMsg::ConsentBodyHint, &[]),
        })
    };

    view! {
        <ListSection title_id="consent-texts-title" title=ConsoleMsg::ConsentTexts hint=ConsoleMsg::ConsentTextsHint>
            {rows}
            <form class="admin-form" on:submit=submit novalidate aria-labelledby="consent-form-title">
                <h3 id="consent-form-title" data-testid="consent-form-title">{form_title}</h3>
                <TextInput
                    id=NAME
                    label=ConsoleMsg::ConsentName
                    hint=ConsoleMsg::ConsentNameHint
                    bind=name
                    problems
                />
                <TextInput
                    id=BODY
                    label=ConsoleMsg::ConsentText
                    lines=Lines {
                        lines: 6,
                        limit: MAX_CONSENT_CHARS,
                        count_id: "consent-count".to_owned(),
                        count_testid: true,
                    }
                    hint=Signal::derive(version_hint)
                    bind=body
                    problems
                />
                <EditActions
                    save_id=SAVE
                    words=SAVE_WORDS
                    busy
                    editing=Signal::derive(move || editing.with(Option::is_some))
                    cancel_id="consent-cancel"
                    cancel=ConsoleMsg::ConsentCancel
                    on_cancel=Callback::new(cancel)
                />
            </form>
        </ListSection>
    }
}

/// The acceptances recorded on the picked channel, newest first, a page at
/// a time.
#[component]
fn Acceptances(
    channels: Vec<ChannelInfo>,
    /// The account's texts, to name the text of each acceptance.
    texts: RwSignal<Option<Vec<ConsentText>>>,
) -> impl IntoView {
    let session = Session::current();
    let channel = RwSignal::new(channels.first().map(|c| c.id.clone()));
    let rows = RwSignal::new(Vec::<ConsentAcceptance>::new());
    let next = RwSignal::new(None::<Timestamp>);
    let loaded = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);

    // Fetches the page before `before` (the first with `None`) and adds it.
    let fetch = move |id: ChannelId, before: Option<Timestamp>| {
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            let result = widget_api::consent_acceptances(&session.token(), &id, before).await;
            if channel.get_untracked().as_ref() != Some(&id) {
                return;
            }
            busy.set(false);
            match result {
                Ok(page) => {
                    let first_new = rows.with_untracked(Vec::len);
                    let added = !page.acceptances.is_empty();
                    rows.update(|r| r.extend(page.acceptances));
                    next.set(page.next);
                    loaded.set(true);
                    if before.is_some() {
                        // "Load more" may be gone: go on where the new rows start.
                        if added {
                            focus_first(vec![format!(
                                "[data-testid=consent-acceptance][data-index=\"{first_new}\"]"
                            )]);
                        } else {
                            focus_id("consent-acceptances-title");
                        }
                    }
                }
                Err(f) => error.set(Some(f.message)),
            }
        });
    };
    let load = move |id: ChannelId| {
        rows.set(Vec::new());
        next.set(None);
        loaded.set(false);
        fetch(id, None);
    };
    if let Some(id) = channel.get_untracked() {
        load(id);
    }
    let more = move |_| {
        if busy.get_untracked() {
            return;
        }
        if let (Some(id), Some(before)) = (channel.get_untracked(), next.get_untracked()) {
            fetch(id, Some(before));
        }
    };

    let picker = view! {
        <ChannelPicker
            prefix="consent"
            channels=channels.clone()
            on_pick=Callback::new(move |id: ChannelId| {
                channel.set(Some(id.clone()));
                load(id);
            })
        />
    };
    let locale = Locale::current();
    let title = channel_heading(
        &channels,
        ConsoleMsg::ConsentAcceptancesOn,
        ConsoleMsg::ConsentAcceptances,
    );
    let table = move || {
        if !loaded.get() {
            return (error.with(Option::is_none) && channel.with(Option::is_some))
                .then(|| view! { <p class="empty" role="status">{t(ConsoleMsg::ConsentAcceptancesLoading)}</p> })
                .into_any();
        }
        let list = rows.get();
        if list.is_empty() {
            return view! {
                <p class="empty" data-testid="consent-acceptances-empty">
                    {t(ConsoleMsg::ConsentAcceptancesEmpty)}
                </p>
            }
            .into_any();
        }
        let names = texts.get().unwrap_or_default();
        let items = list
            .into_iter()
            .enumerate()
            .map(|(i, a)| {
                let text = key_label(locale.lang(), &a.key, &names);
                view! {
                    <tr data-testid="consent-acceptance" data-index=i.to_string() tabindex="-1">
                        <td data-label=t(ConsoleMsg::ConsentWhen)>
                            <time datetime=full_time(a.at) data-testid="consent-acceptance-at">{date_time(locale.lang(), a.at)}</time>
                        </td>
                        <td data-label=t(ConsoleMsg::ConsentVisitor) class="admin-email" data-testid="consent-acceptance-visitor">
                            {a.visitor.to_string()}
                        </td>
                        <td data-label=t(ConsoleMsg::ConsentConversation) class="admin-email" data-testid="consent-acceptance-conversation">
                            {a.conversation.to_string()}
                        </td>
                        <td data-label=t(ConsoleMsg::ConsentTextVersion) data-testid="consent-acceptance-text">{text}</td>
                        <td data-label=t(ConsoleMsg::ConsentPage) class="admin-email" data-testid="consent-acceptance-page">
                            {page_label(&a.page)}
                        </td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <ItemTable testid="consent-acceptances" columns=&[ConsoleMsg::ConsentWhen, ConsoleMsg::ConsentVisitor, ConsoleMsg::ConsentConversation, ConsoleMsg::ConsentTextVersion, ConsoleMsg::ConsentPage]>
                {items}
            </ItemTable>
        }
        .into_any()
    };

    view! {
        <section class="admin-section" aria-labelledby="consent-acceptances-title">
            <h2 id="consent-acceptances-title" tabindex="-1">{title}</h2>
            <p class="hint">{t(ConsoleMsg::ConsentAcceptancesHint)}</p>
            {picker}
            {move || {
                error
                    .get()
                    .map(|e| {
                        view! { <p role="alert" class="error" data-testid="consent-acceptances-error">{e}</p> }
                    })
            }}
            {table}
            <Show when=move || loaded.get() && next.with(Option::is_some)>
                <div class="admin-actions consent-more">
                    <button
                        type="button"
                        class="secondary"
                        data-testid="consent-more"
                        disabled=move || busy.get()
                        on:click=more
                    >
                        {move || t(if busy.get() { ConsoleMsg::ConsentLoadingMore } else { ConsoleMsg::ConsentMore })()}
                    </button>
                </div>
            </Show>
        </section>
    }
}

// The form's fields, by id (also their `data-testid`).
const NAME: &str = "consent-name";
const BODY: &str = "consent-body";
const SAVE: &str = "consent-save";

/// Checks a text as the worker does ([`ConsentTextInput::validate`]), the
/// name and the body each on its own.
fn check_text(lang: Lang, input: &ConsentTextInput) -> Result<(), Problems> {
    let mut problems = Problems::default();
    let named = ConsentTextInput {
        body: "x".into(),
        ..input.clone()
    };
    problems.add(NAME, named.validate().err().map(|_| name_problem(lang)));
    let with_body = ConsentTextInput {
        name: "x".into(),
        ..input.clone()
    };
    problems.add(
        BODY,
        with_body.validate().err().map(|e| consent_error(lang, &e)),
    );
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems)
    }
}

fn name_problem(lang: Lang) -> String {
    lang.console(
        ConsoleMsg::ConsentNameInvalid,
        &[("max", Arg::count(MAX_NAME_CHARS))],
    )
}

/// What saving a text did: added it, made a new version, or (a new name
/// only) kept the version.
fn text_saved_message(lang: Lang, before: Option<u32>, text: &ConsentText) -> String {
    let msg = match before {
        None => ConsoleMsg::ConsentAdded,
        Some(v) if v == text.version => ConsoleMsg::ConsentSavedSame,
        Some(_) => ConsoleMsg::ConsentSaved,
    };
    lang.console(
        msg,
        &[
            ("name", Arg::Str(&text.name)),
            ("version", Arg::Num(text.version.into())),
        ],
    )
}

/// Puts the saved `text` in the list (replacing its former version), kept
/// in the server's order: by name.
fn upsert_text(list: &mut Vec<ConsentText>, text: ConsentText) {
    list.retain(|t| t.id != text.id);
    let at = list
        .iter()
        .position(|t| t.name.to_lowercase() > text.name.to_lowercase())
        .unwrap_or(list.len());
    list.insert(at, text);
}

/// Which words an acceptance names: "Privacy notice, version 2", "This
/// channel's own text, version 3".
fn key_label(lang: Lang, key: &ConsentKey, texts: &[ConsentText]) -> String {
    let version = ("version", Arg::Num(key.version.into()));
    match &key.text {
        None => lang.console(ConsoleMsg::ConsentOwnVersion, &[version]),
        Some(id) => match texts.iter().find(|t| &t.id == id) {
            Some(t) => lang.console(
                ConsoleMsg::ConsentNamedVersion,
                &[("name", Arg::Str(&t.name)), version],
            ),
            None => lang.console(
                ConsoleMsg::ConsentIdVersion,
                &[("id", Arg::Str(id.as_str())), version],
            ),
        },
    }
}

/// The page an acceptance was recorded on, or a dash when the widget did not
/// say.
fn page_label(page: &str) -> String {
    if page.trim().is_empty() {
        "—".to_owned()
    } else {
        page.to_owned()
    }
}

/// Focuses the Edit button of `text`'s row once it is drawn.
fn focus_edit_button(text: &ConsentTextId) {
    focus_first(vec![
        format!("[data-testid=consent-text][data-id=\"{text}\"] [data-testid=consent-text-edit]"),
        format!("#{NAME}"),
    ]);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(id: &str, name: &str, version: u32) -> ConsentText {
        ConsentText {
            id: ConsentTextId::parse(id).unwrap(),
            name: name.into(),
            version,
            body: "Body".into(),
            updated_at: Timestamp(1),
        }
    }

    #[test]
    fn texts_are_checked_field_by_field() {
        let input = |name: &str, body: &str| ConsentTextInput {
            id: None,
            name: name.into(),
            body: body.into(),
        };
        assert_eq!(
            check_text(Lang::En, &input("Privacy", "We keep your email.")),
            Ok(())
        );
        let problems = check_text(Lang::En, &input(" ", " ")).unwrap_err();
        assert_eq!(
            problems.of(NAME).as_deref(),
            Some("Enter the text's name (1 to 80 characters, on one line).")
        );
        assert_eq!(
            problems.of(BODY).as_deref(),
            Some("The notice is empty: write what visitors must accept.")
        );
        assert_eq!(problems.first_field(), Some(NAME));
        let problems = check_text(
            Lang::En,
            &input("Privacy", &"a".repeat(MAX_CONSENT_CHARS + 1)),
        )
        .unwrap_err();
        assert_eq!(problems.of(NAME), None);
        assert_eq!(
            problems.of(BODY).as_deref(),
            Some("The notice is 5001 characters long; the limit is 5000.")
        );
    }

    #[test]
    fn saving_says_which_version_is_now_shown() {
        // R-C-1
        assert_eq!(
            text_saved_message(Lang::En, None, &text("t1", "Privacy", 1)),
            "Added “Privacy” (version 1)."
        );
        assert_eq!(
            text_saved_message(Lang::En, Some(1), &text("t1", "Privacy", 2)),
            "Saved “Privacy” as version 2."
        );
        assert_eq!(
            text_saved_message(Lang::En, Some(2), &text("t1", "Privacy policy", 2)),
            "Saved “Privacy policy”. The text did not change, so it stays at version 2."
        );
    }

    #[test]
    fn a_saved_text_replaces_its_former_version_in_name_order() {
        let mut list = vec![text("t1", "Cookies", 1), text("t2", "privacy", 1)];
        upsert_text(&mut list, text("t3", "Marketing", 1));
        upsert_text(&mut list, text("t1", "Cookies", 2));
        upsert_text(&mut list, text("t4", "Zebra", 1));
        let got: Vec<_> = list.iter().map(|t| (t.id.as_str(), t.version)).collect();
        assert_eq!(got, [("t1", 2), ("t3", 1), ("t2", 1), ("t4", 1)]);
    }

    #[test]
    fn acceptances_name_the_words_accepted() {
        let texts = [text("t1", "Privacy", 3)];
        let key = |id: Option<&str>, version| ConsentKey {
            text: id.map(|i| ConsentTextId::parse(i).unwrap()),
            version,
        };
        // The version accepted, not the text's latest.
        assert_eq!(
            key_label(Lang::En, &key(Some("t1"), 2), &texts),
            "Privacy, version 2"
        );
        assert_eq!(
            key_label(Lang::En, &key(None, 4), &texts),
            "This channel's own text, version 4"
        );
        assert_eq!(
            key_label(Lang::En, &key(Some("t9"), 1), &texts),
            "Text t9, version 1"
        );
        assert_eq!(page_label(" "), "—");
        assert_eq!(
            page_label("https://shop.example/<b>"),
            "https://shop.example/<b>"
        );
    }
}
