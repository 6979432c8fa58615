//! The consent page (admins): the account's personal-data notices (R-C-1),
//! each versioned, and the acceptances recorded on a channel — who accepted
//! which text, at which version, when and on which page.
//!
//! A text is never edited in place: saving a changed body makes a new
//! version, so every acceptance names the words the visitor saw. Every text
//! here is shown as text.

use canal_shared::consent::{
    ConsentAcceptance, ConsentError, ConsentKey, ConsentText, ConsentTextInput, MAX_CONSENT_CHARS,
};
use canal_shared::ids::{ChannelId, ConsentTextId};
use canal_shared::protocol::ChannelInfo;
use canal_shared::text::MAX_NAME_CHARS;
use canal_shared::time::Timestamp;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::format::{date_time, full_time};
use crate::view::focus::{focus_first, focus_id};
use crate::view::form::{char_count, sentence, ChannelPicker, FieldError, Problems};
use crate::widget_api;

/// Loads the account's consent texts into `texts`, or says why not in
/// `error`.
fn load_texts(
    token: StoredValue<String>,
    texts: RwSignal<Option<Vec<ConsentText>>>,
    error: RwSignal<Option<String>>,
) {
    spawn_local(async move {
        match widget_api::consent_texts(&token.get_value()).await {
            Ok(t) => texts.set(Some(t.texts)),
            Err(f) => error.set(Some(f.message)),
        }
    });
}

/// The account's consent texts (Settings → Personal-data notices).
#[component]
pub fn ConsentPage(
    /// The signed-in admin's session token.
    token: String,
) -> impl IntoView {
    let token = StoredValue::new(token);
    let texts = RwSignal::new(None::<Vec<ConsentText>>);
    let error = RwSignal::new(None::<String>);
    let saved = RwSignal::new(None::<String>);
    load_texts(token, texts, error);

    view! {
        <section class="admin-page" aria-labelledby="consent-title" data-testid="consent-page">
            <h1 id="consent-title">"Personal-data notices"</h1>
            <p class="admin-intro">
                "The personal-data notices visitors accept before they write. A channel picks its notice in its settings, which also keep the record of who accepted which one."
            </p>
            <div class="admin-messages">
                {move || {
                    error
                        .get()
                        .map(|e| view! { <p role="alert" class="error" data-testid="consent-error">{e}</p> })
                }}
                <p role="status" class="admin-saved" data-testid="consent-saved">
                    {move || saved.get()}
                </p>
            </div>
            <Texts token texts error saved />
        </section>
    }
}

/// The acceptances recorded on one channel (its settings' Personal-data
/// notice section).
#[component]
pub fn ChannelAcceptances(
    /// The signed-in admin's session token.
    token: String,
    /// The channel.
    channel: ChannelInfo,
) -> impl IntoView {
    let token = StoredValue::new(token);
    let texts = RwSignal::new(None::<Vec<ConsentText>>);
    let error = RwSignal::new(None::<String>);
    load_texts(token, texts, error);
    view! {
        <section class="admin-page" aria-labelledby="consent-acceptances-title" data-testid="consent-page">
            {move || {
                error
                    .get()
                    .map(|e| view! { <p role="alert" class="error" data-testid="consent-error">{e}</p> })
            }}
            <Acceptances token channels=vec![channel] texts />
        </section>
    }
}

/// The list of texts and the form that adds one or saves a new version.
#[component]
fn Texts(
    token: StoredValue<String>,
    texts: RwSignal<Option<Vec<ConsentText>>>,
    error: RwSignal<Option<String>>,
    saved: RwSignal<Option<String>>,
) -> impl IntoView {
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
    let cancel = move |_| {
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
        if let Err(p) = check_text(&input) {
            error.set(Some(p.summary()));
            if let Some(field) = p.first_field() {
                focus_id(field);
            }
            problems.set(p);
            return;
        }
        problems.set(Problems::default());
        error.set(None);
        busy.set(true);
        spawn_local(async move {
            let result = widget_api::save_consent_text(&token.get_value(), &input).await;
            busy.set(false);
            match result {
                Ok(text) => {
                    saved.set(Some(text_saved_message(
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
            return view! { <p class="empty" role="status">"Loading the texts…"</p> }.into_any();
        };
        if list.is_empty() {
            return view! {
                <p class="empty" data-testid="consent-texts-empty">
                    "No consent texts yet: add the first one below."
                </p>
            }
            .into_any();
        }
        let items = list
            .into_iter()
            .map(|t| {
                let label = format!("Edit {}", t.name);
                let id = t.id.to_string();
                let (title, version, body) = (t.name.clone(), t.version, t.body.clone());
                let at = t.updated_at;
                view! {
                    <tr data-testid="consent-text" data-id=id>
                        <td data-label="Name">
                            <span class="consent-name" data-testid="consent-text-name">{title}</span>
                            <details class="consent-details">
                                <summary>"Read the text"</summary>
                                <p class="consent-body" data-testid="consent-text-body">{body}</p>
                            </details>
                        </td>
                        <td data-label="Version" data-testid="consent-text-version">{version}</td>
                        <td data-label="Last saved">
                            <time datetime=full_time(at) data-testid="consent-text-updated">{date_time(at)}</time>
                        </td>
                        <td class="admin-row-actions">
                            <button
                                type="button"
                                class="secondary"
                                data-testid="consent-text-edit"
                                aria-label=label
                                on:click=move |_| edit(t.clone())
                            >
                                "Edit"
                            </button>
                        </td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <div class="admin-table-wrap">
                <table class="admin-table" data-testid="consent-texts">
                    <thead>
                        <tr>
                            <th scope="col">"Name"</th>
                            <th scope="col">"Version"</th>
                            <th scope="col">"Last saved"</th>
                            <th scope="col"><span class="visually-hidden">"Actions"</span></th>
                        </tr>
                    </thead>
                    <tbody>{items}</tbody>
                </table>
            </div>
        }
        .into_any()
    };
    let form_title = move || {
        editing.with(|e| match e {
            Some(t) => format!("Edit “{}” (version {})", t.name, t.version),
            None => "Add a text".to_owned(),
        })
    };
    let count = move || body.with(|b| char_count(b, MAX_CONSENT_CHARS));
    let version_hint = move || {
        editing.with(|e| match e {
            Some(t) => format!(
                "Saving a changed text makes version {}; acceptances keep naming the version visitors saw.",
                t.version + 1
            ),
            None => "Visitors read it as written, line breaks included.".to_owned(),
        })
    };
    let invalid = move |field: &'static str| {
        move || problems.with(|p| p.of(field).is_some()).then_some("true")
    };

    view! {
        <section class="admin-section" aria-labelledby="consent-texts-title">
            <h2 id="consent-texts-title">"Texts"</h2>
            <p class="hint">"The account's notices. A channel shows one of them (always at its latest version) or its own."</p>
            {rows}
            <form class="admin-form" on:submit=submit novalidate aria-labelledby="consent-form-title">
                <h3 id="consent-form-title" data-testid="consent-form-title">{form_title}</h3>
                <div class="admin-field">
                    <label for=NAME>"Name"</label>
                    <input
                        id=NAME
                        type="text"
                        autocomplete="off"
                        data-testid=NAME
                        aria-describedby=format!("{NAME}-hint {NAME}-error")
                        aria-invalid=invalid(NAME)
                        prop:value=move || name.get()
                        on:input=move |ev| name.set(event_target_value(&ev))
                    />
                    <p class="hint" id=format!("{NAME}-hint")>"What admins call it, such as “Privacy notice”. Visitors do not see it."</p>
                    <FieldError problems id=NAME.to_owned() testid=format!("{NAME}-error") />
                </div>
                <div class="admin-field">
                    <label for=BODY>"Text"</label>
                    <textarea
                        id=BODY
                        rows="6"
                        class="automation-text"
                        data-testid=BODY
                        aria-describedby=format!("consent-count {BODY}-hint {BODY}-error")
                        aria-invalid=invalid(BODY)
                        prop:value=move || body.get()
                        on:input=move |ev| body.set(event_target_value(&ev))
                    ></textarea>
                    <p class="hint char-count" id="consent-count" data-testid="consent-count" class:over=move || count().1>
                        {move || count().0}
                    </p>
                    <p class="hint" id=format!("{BODY}-hint")>{version_hint}</p>
                    <FieldError problems id=BODY.to_owned() testid=format!("{BODY}-error") />
                </div>
                <div class="admin-actions">
                    <button type="submit" id=SAVE data-testid=SAVE disabled=move || busy.get()>
                        {move || match (busy.get(), editing.with(Option::is_some)) {
                            (true, _) => "Saving…",
                            (false, true) => "Save text",
                            (false, false) => "Add text",
                        }}
                    </button>
                    {move || {
                        editing
                            .with(Option::is_some)
                            .then(|| {
                                view! {
                                    <button type="button" class="secondary" data-testid="consent-cancel" on:click=cancel>
                                        "Cancel"
                                    </button>
                                }
                            })
                    }}
                </div>
            </form>
        </section>
    }
}

/// The acceptances recorded on the picked channel, newest first, a page at
/// a time.
#[component]
fn Acceptances(
    token: StoredValue<String>,
    channels: Vec<ChannelInfo>,
    /// The account's texts, to name the text of each acceptance.
    texts: RwSignal<Option<Vec<ConsentText>>>,
) -> impl IntoView {
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
            let result = widget_api::consent_acceptances(&token.get_value(), &id, before).await;
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
    let title = match channels.as_slice() {
        [only] => format!("Acceptances on {}", only.name),
        _ => "Acceptances".to_owned(),
    };
    let table = move || {
        if !loaded.get() {
            return (error.with(Option::is_none) && channel.with(Option::is_some))
                .then(|| view! { <p class="empty" role="status">"Loading the acceptances…"</p> })
                .into_any();
        }
        let list = rows.get();
        if list.is_empty() {
            return view! {
                <p class="empty" data-testid="consent-acceptances-empty">
                    "No visitor has accepted a notice on this channel yet."
                </p>
            }
            .into_any();
        }
        let names = texts.get().unwrap_or_default();
        let items = list
            .into_iter()
            .enumerate()
            .map(|(i, a)| {
                let text = key_label(&a.key, &names);
                view! {
                    <tr data-testid="consent-acceptance" data-index=i.to_string() tabindex="-1">
                        <td data-label="When">
                            <time datetime=full_time(a.at) data-testid="consent-acceptance-at">{date_time(a.at)}</time>
                        </td>
                        <td data-label="Visitor" class="admin-email" data-testid="consent-acceptance-visitor">
                            {a.visitor.to_string()}
                        </td>
                        <td data-label="Conversation" class="admin-email" data-testid="consent-acceptance-conversation">
                            {a.conversation.to_string()}
                        </td>
                        <td data-label="Text" data-testid="consent-acceptance-text">{text}</td>
                        <td data-label="Page" class="admin-email" data-testid="consent-acceptance-page">
                            {page_label(&a.page)}
                        </td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <div class="admin-table-wrap">
                <table class="admin-table" data-testid="consent-acceptances">
                    <thead>
                        <tr>
                            <th scope="col">"When"</th>
                            <th scope="col">"Visitor"</th>
                            <th scope="col">"Conversation"</th>
                            <th scope="col">"Text and version"</th>
                            <th scope="col">"Page"</th>
                        </tr>
                    </thead>
                    <tbody>{items}</tbody>
                </table>
            </div>
        }
        .into_any()
    };

    view! {
        <section class="admin-section" aria-labelledby="consent-acceptances-title">
            <h2 id="consent-acceptances-title" tabindex="-1">{title}</h2>
            <p class="hint">"Newest first. Each row is one visitor accepting the notice their channel showed."</p>
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
                        {move || if busy.get() { "Loading…" } else { "Load more" }}
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
fn check_text(input: &ConsentTextInput) -> Result<(), Problems> {
    let mut problems = Problems::default();
    let named = ConsentTextInput {
        body: "x".into(),
        ..input.clone()
    };
    problems.add(NAME, named.validate().err().map(|_| name_problem()));
    let with_body = ConsentTextInput {
        name: "x".into(),
        ..input.clone()
    };
    problems.add(BODY, with_body.validate().err().map(|e| body_problem(&e)));
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems)
    }
}

fn name_problem() -> String {
    format!("Enter the text's name (1 to {MAX_NAME_CHARS} characters, on one line).")
}

fn body_problem(error: &ConsentError) -> String {
    sentence(&error.to_string())
}

/// What saving a text did: added it, made a new version, or (a new name
/// only) kept the version.
fn text_saved_message(before: Option<u32>, text: &ConsentText) -> String {
    match before {
        None => format!("Added “{}” (version {}).", text.name, text.version),
        Some(v) if v == text.version => format!(
            "Saved “{}”. The text did not change, so it stays at version {}.",
            text.name, text.version
        ),
        Some(_) => format!("Saved “{}” as version {}.", text.name, text.version),
    }
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
fn key_label(key: &ConsentKey, texts: &[ConsentText]) -> String {
    match &key.text {
        None => format!("This channel's own text, version {}", key.version),
        Some(id) => match texts.iter().find(|t| &t.id == id) {
            Some(t) => format!("{}, version {}", t.name, key.version),
            None => format!("Text {id}, version {}", key.version),
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
        assert_eq!(check_text(&input("Privacy", "We keep your email.")), Ok(()));
        let problems = check_text(&input(" ", " ")).unwrap_err();
        assert_eq!(
            problems.of(NAME).as_deref(),
            Some("Enter the text's name (1 to 80 characters, on one line).")
        );
        assert_eq!(
            problems.of(BODY).as_deref(),
            Some("The notice is empty: write what visitors must accept.")
        );
        assert_eq!(problems.first_field(), Some(NAME));
        let problems =
            check_text(&input("Privacy", &"a".repeat(MAX_CONSENT_CHARS + 1))).unwrap_err();
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
            text_saved_message(None, &text("t1", "Privacy", 1)),
            "Added “Privacy” (version 1)."
        );
        assert_eq!(
            text_saved_message(Some(1), &text("t1", "Privacy", 2)),
            "Saved “Privacy” as version 2."
        );
        assert_eq!(
            text_saved_message(Some(2), &text("t1", "Privacy policy", 2)),
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
        assert_eq!(key_label(&key(Some("t1"), 2), &texts), "Privacy, version 2");
        assert_eq!(
            key_label(&key(None, 4), &texts),
            "This channel's own text, version 4"
        );
        assert_eq!(key_label(&key(Some("t9"), 1), &texts), "Text t9, version 1");
        assert_eq!(page_label(" "), "—");
        assert_eq!(
            page_label("https://shop.example/<b>"),
            "https://shop.example/<b>"
        );
    }
}
