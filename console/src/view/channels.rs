//! The Channels page (admins): the account's open channels (R-CH-1) by
//! number, a new one within the plan limit (R-CH-2), renaming (R-CH-4),
//! switching one off and on (R-CH-5), deleting one with its name typed again
//! (R-CH-8), each channel's embed code, ready to copy, its connectors
//! (R-CH-3, R-CH-9; `view::connectors`) and its identity secret
//! (`view::identity`).
//!
//! Settings → Channels lists them, each with a link to its settings page
//! (`view::settings`), whose Other settings section is this page narrowed to
//! that channel, with every control.
//!
//! After every change the signed-in admin's `/api/me` is asked again, so the
//! menu and the other pages follow.

use std::future::Future;

use canal_shared::channels::{
    check_delete, ChannelDelete, ChannelDetails, ChannelList, ChannelUpdate,
};
use canal_shared::i18n::Lang;
use canal_shared::ids::ChannelId;
use canal_shared::text::{parse_name, MAX_NAME_CHARS};
use leptos::ev::SubmitEvent;
use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::Failure;
use crate::auth::Auth;
use crate::channels_api;
use crate::format::{date_time, full_time};
use crate::place::{Place, Setting};
use crate::view::connectors::ConnectorsSection;
use crate::view::focus::{focus_first, focus_id};
use crate::view::form::{FieldError, Problems};
use crate::view::identity::IdentitySection;
use crate::view::secret::write_clipboard;

/// Every channel of the account, and what admins do with them.
#[component]
pub fn ChannelsPage(
    /// The signed-in admin's session token.
    token: String,
    /// The signed-in state: its channels are asked again after each change.
    auth: Auth,
    /// The one channel to show with all its controls (its settings page);
    /// none for the list of every channel.
    only: Option<ChannelId>,
) -> impl IntoView {
    let single = only.is_some();
    let page = Page {
        token: StoredValue::new(token),
        auth,
        only: StoredValue::new(only),
        list: RwSignal::new(None),
        error: RwSignal::new(None),
        saved: RwSignal::new(None),
        busy: RwSignal::new(false),
        renaming: RwSignal::new(None),
        deleting: RwSignal::new(None),
        refocus: StoredValue::new(None),
    };
    page.reload();

    view! {
        <section class="admin-page" aria-labelledby="channels-title" data-testid="channels-page">
            {if single {
                view! {
                    <h1 id="channels-title">"Other settings"</h1>
                    <p class="admin-intro">
                        "The channel's name, whether operators answer it, the language of its emails, the sites that show it, its embed code, connectors and identity verification."
                    </p>
                }
                    .into_any()
            } else {
                view! {
                    <h1 id="channels-title">"Channels"</h1>
                    <p class="admin-intro">
                        "Each open channel is a chat of its own, with its own queue, settings and conversations. Configure a channel to change any of its settings on one page."
                    </p>
                }
                    .into_any()
            }}
            <div class="admin-messages">
                {move || {
                    page.error
                        .get()
                        .map(|e| view! { <p role="alert" class="error" data-testid="channels-error">{e}</p> })
                }}
                <p role="status" class="admin-saved" data-testid="channels-saved">
                    {move || page.saved.get()}
                </p>
            </div>
            {move || {
                (page.list.with(Option::is_none) && page.error.with(Option::is_none))
                    .then(|| view! { <p class="empty" role="status">"Loading the channels…"</p> })
            }}
            <Show when=move || page.list.with(Option::is_some)>
                {(!single).then(|| view! { <NewChannel page /> })}
                <ChannelCards page />
            </Show>
        </section>
    }
}

/// The page's shared state. Cheap to copy.
#[derive(Clone, Copy)]
struct Page {
    token: StoredValue<String>,
    auth: Auth,
    /// The one channel shown, on its settings page.
    only: StoredValue<Option<ChannelId>>,
    /// The last `GET /api/channels`.
    list: RwSignal<Option<ChannelList>>,
    /// The last failure, in `[data-testid=channels-error]`.
    error: RwSignal<Option<String>>,
    /// The last success, in `[data-testid=channels-saved]`.
    saved: RwSignal<Option<String>>,
    /// A change is on its way to the server.
    busy: RwSignal<bool>,
    /// The channel whose rename form is open.
    renaming: RwSignal<Option<ChannelId>>,
    /// The channel whose deletion waits for its name.
    deleting: RwSignal<Option<ChannelId>>,
    /// What to focus once the list is drawn again.
    refocus: StoredValue<Option<String>>,
}

impl Page {
    /// Asks the server for the channels again.
    fn reload(self) {
        spawn_local(async move {
            match channels_api::channels(&self.token.get_value()).await {
                Ok(list) => self.list.set(Some(list)),
                Err(f) => self.error.set(Some(f.message)),
            }
            if let Some(selector) = self.refocus.try_update_value(Option::take).flatten() {
                focus_first(vec![selector]);
            }
        });
    }

    /// Sends one change: `call` gets the token; on success `done` says what
    /// happened, and the list and the admin's channels are asked again; on
    /// failure the server's message shows, `failed` gets it, and the list is
    /// asked again.
    fn run<T, Fut>(
        self,
        call: impl FnOnce(String) -> Fut,
        done: impl FnOnce(T) -> String + 'static,
        failed: impl FnOnce(&Failure) + 'static,
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
        let token = self.token.get_value();
        let request = call(token.clone());
        spawn_local(async move {
            let result = request.await;
            self.busy.set(false);
            match result {
                Ok(value) => {
                    self.saved.set(Some(done(value)));
                    self.reload();
                    // The other pages' channel pickers follow.
                    self.auth.load_me(token);
                }
                Err(f) => {
                    self.error.set(Some(f.message.clone()));
                    failed(&f);
                    // Another admin may have changed the channels meanwhile.
                    self.reload();
                }
            }
        });
    }

    /// The channels shown: every one, or the page's one.
    fn channels(self) -> Vec<ChannelDetails> {
        let mut list = self
            .list
            .with(|l| l.as_ref().map(|l| l.channels.clone()))
            .unwrap_or_default();
        if let Some(only) = self.only.get_value() {
            list.retain(|c| c.id == only);
        }
        list
    }
}

/// "New channel", with how many of the plan's channels are in use (R-CH-2).
#[component]
fn NewChannel(page: Page) -> impl IntoView {
    let full = move || page.list.with(|l| l.as_ref().is_some_and(at_limit));
    let count = move || page.list.with(|l| l.as_ref().map(count_note));
    let create = move |_| {
        page.run(
            |token| async move { channels_api::create_channel(&token).await },
            move |c: ChannelDetails| {
                page.refocus.set_value(Some(in_card(&c.id, "channel-title")));
                format!(
                    "Created {}. Add operators to its queue in its settings (Configure), then put its embed code on your site.",
                    c.name
                )
            },
            |_| focus_id(CREATE),
        );
    };
    view! {
        <section class="admin-section" aria-labelledby="channel-new-title">
            <h2 id="channel-new-title">"New channel"</h2>
            <div class="admin-inline">
                <button
                    type="button"
                    id=CREATE
                    data-testid=CREATE
                    aria-describedby="channel-count channel-limit-note"
                    disabled=move || page.busy.get() || full()
                    on:click=create
                >
                    "New channel"
                </button>
                <span class="hint" id="channel-count" data-testid="channel-count">{count}</span>
            </div>
            <Show when=full>
                <p class="hint" id="channel-limit-note" data-testid="channel-limit-note">
                    {move || page.list.with(|l| l.as_ref().map(|l| limit_note(l.limit)))}
                </p>
            </Show>
        </section>
    }
}

/// One card per channel, by number.
#[component]
fn ChannelCards(page: Page) -> impl IntoView {
    let single = page.only.with_value(Option::is_some);
    view! {
        <section class="admin-section" aria-labelledby=LIST_TITLE>
            <h2 id=LIST_TITLE data-testid=LIST_TITLE tabindex="-1">
                {if single { "This channel" } else { "Your channels" }}
            </h2>
            <Show when=move || page.list.with(Option::is_some) && page.channels().is_empty()>
                <p class="empty" data-testid="channels-empty">
                    {if single {
                        "This channel was deleted."
                    } else {
                        "There is no channel: create one to put a chat on your site."
                    }}
                </p>
            </Show>
            <ul class="channel-cards" data-testid="channels-list">
                <For
                    each=move || page.channels()
                    // A change draws that card again; the others stay as they are.
                    key=|c| (c.id.clone(), c.name.clone(), c.active)
                    children=move |channel| {
                        if page.only.with_value(Option::is_some) {
                            view! { <ChannelCard channel page /> }.into_any()
                        } else {
                            view! { <ChannelRow channel /> }.into_any()
                        }
                    }
                />
            </ul>
        </section>
    }
}

/// A channel in the list: its number, name, state and creation, and the
/// link to its settings.
#[component]
fn ChannelRow(channel: ChannelDetails) -> impl IntoView {
    let href = Place::Settings(Setting::Channel {
        id: channel.id.clone(),
        section: None,
    })
    .href();
    let label = format!("Configure {}", channel.name);
    let (id, active) = (channel.id.to_string(), channel.active);
    view! {
        <li
            class="channel-card"
            class:inactive=!active
            data-testid="channel-row"
            data-id=id
            data-active=active.to_string()
        >
            <ChannelHead channel />
            <a class="button-link" href=href data-testid="channel-configure" aria-label=label>
                "Configure"
            </a>
        </li>
    }
}

/// A channel's number, name, state and creation.
#[component]
fn ChannelHead(channel: ChannelDetails) -> impl IntoView {
    let ChannelDetails {
        id,
        number,
        name,
        active,
        created_at,
        ..
    } = channel;
    let title_id = format!("channel-{id}-title");
    view! {
        <div class="channel-head">
            <h3 id=title_id tabindex="-1" data-testid="channel-title">
                <span class="channel-number" data-testid="channel-number">{format!("#{number}")}</span>
                " "
                <span class="channel-name" data-testid="channel-name">{name}</span>
            </h3>
            <span class="channel-state" data-testid="channel-state" data-active=active.to_string()>
                {if active { "On" } else { "Off" }}
            </span>
            <span class="admin-sub">
                "Created "
                <time datetime=full_time(created_at) data-testid="channel-created">
                    {date_time(created_at)}
                </time>
            </span>
        </div>
    }
}

/// A channel: its number, name, state and creation; renaming, the switch,
/// the embed code, its connectors, identity verification and deleting.
#[component]
fn ChannelCard(channel: ChannelDetails, page: Page) -> impl IntoView {
    let ChannelDetails { id, active, .. } = channel.clone();
    let labelled_by = format!("channel-{id}-title");
    view! {
        <li
            class="channel-card"
            class:inactive=!active
            data-testid="channel-row"
            data-id=id.to_string()
            data-active=active.to_string()
            aria-labelledby=labelled_by
        >
            <ChannelHead channel=channel.clone() />
            <Rename channel=channel.clone() page />
            <ActiveSwitch channel=channel.clone() page />
            <EmailLanguage channel=channel.clone() page />
            <AllowedDomains channel=channel.clone() page />
            <EmbedCode channel=channel.clone() />
            <ConnectorsSection channel=channel.clone() token=page.token />
            <IdentitySection channel=channel.clone() token=page.token />
            <Delete channel page />
        </li>
    }
}

/// "Rename", then a form for the new name (R-CH-4).
#[component]
fn Rename(channel: ChannelDetails, page: Page) -> impl IntoView {
    let id = StoredValue::new(channel.id.clone());
    let input_id = format!("channel-rename-{}", channel.id);
    let field = StoredValue::new(input_id.clone());
    let typed = RwSignal::new(channel.name.clone());
    let problems = RwSignal::new(Problems::default());
    let open = move || {
        page.renaming
            .with(|r| id.with_value(|id| r.as_ref() == Some(id)))
    };
    let current = channel.name.clone();
    let start = move |_| {
        typed.set(current.clone());
        problems.set(Problems::default());
        page.deleting.set(None);
        page.renaming.set(Some(id.get_value()));
        field.with_value(|f| focus_id(f));
    };
    let cancel = move |_| {
        page.renaming.set(None);
        problems.set(Problems::default());
        focus_first(vec![in_card(&id.get_value(), "channel-rename")]);
    };
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let name = match check_name(&typed.get_untracked()) {
            Ok(name) => name,
            Err(problem) => {
                let mut p = Problems::default();
                p.add(field.get_value(), Some(problem.clone()));
                problems.set(p);
                page.saved.set(None);
                page.error.set(Some(problem));
                field.with_value(|f| focus_id(f));
                return;
            }
        };
        problems.set(Problems::default());
        let update = ChannelUpdate {
            id: id.get_value(),
            name: Some(name),
            active: None,
            email_language: None,
            allowed_domains: None,
        };
        page.run(
            move |token| async move { channels_api::update_channel(&token, &update).await },
            move |c: ChannelDetails| {
                page.renaming.set(None);
                page.refocus
                    .set_value(Some(in_card(&c.id, "channel-rename")));
                format!("Renamed to {}.", c.name)
            },
            move |f: &Failure| {
                let mut p = Problems::default();
                p.add(field.get_value(), Some(f.message.clone()));
                problems.set(p);
                field.with_value(|f| focus_id(f));
            },
        );
    };
    let hint_id = format!("{input_id}-hint");
    let describedby = format!("{hint_id} {input_id}-error");
    let label = format!("Rename {}", channel.name);
    view! {
        <Show
            when=open
            fallback=move || {
                view! {
                    <div class="admin-inline">
                        <button
                            type="button"
                            class="secondary"
                            data-testid="channel-rename"
                            aria-label=label.clone()
                            on:click=start.clone()
                        >
                            "Rename"
                        </button>
                    </div>
                }
            }
        >
            <form class="admin-form channel-rename" on:submit=submit novalidate>
                <div class="admin-field">
                    <label for=input_id.clone()>"New name"</label>
                    <input
                        id=input_id.clone()
                        type="text"
                        autocomplete="off"
                        data-testid="channel-rename-input"
                        aria-describedby=describedby.clone()
                        aria-invalid=move || {
                            problems.with(|p| field.with_value(|f| p.of(f).is_some())).then_some("true")
                        }
                        prop:value=move || typed.get()
                        on:input=move |ev| typed.set(event_target_value(&ev))
                    />
                    <p class="hint" id=hint_id.clone()>
                        {format!("1 to {MAX_NAME_CHARS} characters. Operators see it in their lists; visitors see it in the chat's header unless its widget settings set a chat title.")}
                    </p>
                    <FieldError problems id=input_id.clone() testid="channel-rename-error".to_owned() />
                </div>
                <div class="admin-actions">
                    <button type="submit" data-testid="channel-rename-save" disabled=move || page.busy.get()>
                        "Save name"
                    </button>
                    <button type="button" class="secondary" data-testid="channel-rename-cancel" on:click=cancel>
                        "Cancel"
                    </button>
                </div>
            </form>
        </Show>
    }
}

/// "Channel is active": off, nobody can answer its conversations (R-CH-5).
#[component]
fn ActiveSwitch(channel: ChannelDetails, page: Page) -> impl IntoView {
    let ChannelDetails {
        id, name, active, ..
    } = channel;
    let key = format!("channel-active-{id}");
    let hint_id = format!("{key}-hint");
    // What the switch shows; put back when the server refuses the change.
    let checked = RwSignal::new(active);
    let id = StoredValue::new(id);
    let change = move |ev| {
        let on = event_target_checked(&ev);
        checked.set(on);
        let update = ChannelUpdate {
            id: id.get_value(),
            name: None,
            active: Some(on),
            email_language: None,
            allowed_domains: None,
        };
        page.run(
            move |token| async move { channels_api::update_channel(&token, &update).await },
            move |c: ChannelDetails| {
                page.refocus
                    .set_value(Some(in_card(&c.id, "channel-active")));
                switched_message(&c.name, c.active)
            },
            move |_| {
                checked.set(active);
                focus_first(vec![in_card(&id.get_value(), "channel-active")]);
            },
        );
    };
    view! {
        <div class="admin-choice channel-switch">
            <input
                type="checkbox"
                role="switch"
                id=key.clone()
                data-testid="channel-active"
                aria-describedby=hint_id.clone()
                prop:checked=move || checked.get()
                disabled=move || page.busy.get()
                on:change=change
            />
            <label for=key>
                "Channel is active"
                <span class="visually-hidden">{format!(": {name}")}</span>
            </label>
            <p class="hint" id=hint_id>{SWITCH_HINT}</p>
        </div>
    }
}

/// The language of the emails to the channel's clients (R-CH-7): the
/// conversation history they ask for.
#[component]
fn EmailLanguage(channel: ChannelDetails, page: Page) -> impl IntoView {
    let key = format!("channel-email-language-{}", channel.id);
    let hint_id = format!("{key}-hint");
    let current = channel.email_language.clone().unwrap_or_default();
    let id = StoredValue::new(channel.id.clone());
    let change = move |ev| {
        let update = ChannelUpdate {
            id: id.get_value(),
            name: None,
            active: None,
            email_language: Some(event_target_value(&ev)),
            allowed_domains: None,
        };
        page.run(
            move |token| async move { channels_api::update_channel(&token, &update).await },
            move |c: ChannelDetails| {
                page.refocus
                    .set_value(Some(in_card(&c.id, "channel-email-language")));
                format!(
                    "Emails to the clients of {} are now in {}.",
                    c.name,
                    language_name(c.email_language.as_deref())
                )
            },
            move |_| focus_first(vec![in_card(&id.get_value(), "channel-email-language")]),
        );
    };
    let options = std::iter::once("")
        .chain(Lang::ALL.iter().map(|l| l.tag()))
        .map(|tag| {
            view! {
                <option value=tag selected=tag == current>{language_name(Some(tag))}</option>
            }
        })
        .collect_view();
    view! {
        <div class="admin-choice channel-email-language">
            <label for=key.clone()>"Language of emails to clients"</label>
            <select
                id=key
                data-testid="channel-email-language"
                aria-describedby=hint_id.clone()
                disabled=move || page.busy.get()
                on:change=change
            >
                {options}
            </select>
            <p class="hint" id=hint_id>
                "The conversation history a client asks for by email is written in it."
            </p>
        </div>
    }
}

/// The sites that may embed the channel's chat (R-W-6): one domain a line;
/// none, any site.
#[component]
fn AllowedDomains(channel: ChannelDetails, page: Page) -> impl IntoView {
    let key = format!("channel-domains-{}", channel.id);
    let hint_id = format!("{key}-hint");
    let typed = RwSignal::new(channel.allowed_domains.join("\n"));
    let id = StoredValue::new(channel.id.clone());
    let save = move |ev: SubmitEvent| {
        ev.prevent_default();
        let domains: Vec<String> = typed.get_untracked().lines().map(str::to_owned).collect();
        let update = ChannelUpdate {
            id: id.get_value(),
            name: None,
            active: None,
            email_language: None,
            allowed_domains: Some(domains),
        };
        page.run(
            move |token| async move { channels_api::update_channel(&token, &update).await },
            move |c: ChannelDetails| {
                page.refocus
                    .set_value(Some(in_card(&c.id, "channel-domains")));
                match c.allowed_domains.len() {
                    0 => format!("Any site may embed the chat of {}.", c.name),
                    n => format!("{n} domains may embed the chat of {}.", c.name),
                }
            },
            move |_| focus_first(vec![in_card(&id.get_value(), "channel-domains")]),
        );
    };
    view! {
        <form class="admin-field channel-domains" on:submit=save>
            <label for=key.clone()>"Sites that may embed the chat"</label>
            <textarea
                id=key
                data-testid="channel-domains"
                rows="3"
                aria-describedby=hint_id.clone()
                placeholder="shop.example.com\n*.example.org"
                prop:value=move || typed.get()
                on:input=move |ev| typed.set(event_target_value(&ev))
            ></textarea>
            <p class="hint" id=hint_id>
                "One domain a line; *.example.org allows its subdomains. Empty: any site. \
                 Other sites get no launcher, and browsers refuse to show the chat in them."
            </p>
            <button type="submit" class="secondary" data-testid="channel-domains-save" disabled=move || page.busy.get()>
                "Save sites"
            </button>
        </form>
    }
}

/// A language's name for admins ("" is the deployment's locale).
fn language_name(tag: Option<&str>) -> &'static str {
    match tag.unwrap_or_default() {
        "" => "the deployment's language",
        "en" => "English",
        "pt-BR" => "Português (Brasil)",
        "es" => "Español",
        _ => "another language",
    }
}

/// The script tag that puts the channel's chat on a site, and "Copy".
#[component]
fn EmbedCode(channel: ChannelDetails) -> impl IntoView {
    let origin = window().location().origin().unwrap_or_default();
    let snippet = embed_snippet(&origin, &channel.id);
    let key = format!("channel-snippet-{}", channel.id);
    let hint_id = format!("{key}-hint");
    let area: NodeRef<html::Textarea> = NodeRef::new();
    let status = RwSignal::new(None::<String>);
    let text = StoredValue::new(snippet.clone());
    let copy = move |_| {
        status.set(None);
        spawn_local(async move {
            if write_clipboard(&text.get_value()).await {
                status.set(Some("Copied the embed code.".into()));
                return;
            }
            // No clipboard (refused, or an insecure page): select the code
            // so the keyboard can copy it.
            if let Some(el) = area.get_untracked() {
                let _ = el.focus();
                el.select();
            }
            status.set(Some(
                "It could not be copied automatically: the code is selected, press Ctrl+C (⌘C on a Mac)."
                    .into(),
            ));
        });
    };
    view! {
        <div class="admin-field channel-embed">
            <label for=key.clone()>"Embed code"</label>
            <textarea
                id=key
                class="channel-snippet"
                rows="2"
                readonly
                spellcheck="false"
                data-testid="channel-snippet"
                aria-describedby=hint_id.clone()
                node_ref=area
                prop:value=snippet
            ></textarea>
            <p class="hint" id=hint_id>
                "Paste it before </body> on every page of your site where this channel's chat should appear."
            </p>
            <div class="admin-inline">
                <button
                    type="button"
                    class="secondary"
                    data-testid="channel-copy"
                    aria-label=format!("Copy the embed code of {}", channel.name)
                    on:click=copy
                >
                    "Copy"
                </button>
                <span role="status" class="hint" data-testid="channel-copy-status">{move || status.get()}</span>
            </div>
        </div>
    }
}

/// "Delete…", then what deleting does and the name to type (R-CH-8).
#[component]
fn Delete(channel: ChannelDetails, page: Page) -> impl IntoView {
    let id = StoredValue::new(channel.id.clone());
    let details = StoredValue::new(channel.clone());
    let input_id = format!("channel-delete-{}", channel.id);
    let panel_title = format!("{input_id}-title");
    let typed = RwSignal::new(String::new());
    let open = move || {
        page.deleting
            .with(|d| id.with_value(|id| d.as_ref() == Some(id)))
    };
    let matches = move || typed.with(|t| details.with_value(|c| confirms(c, t)));
    let focus_field = input_id.clone();
    let ask = move |_| {
        typed.set(String::new());
        page.renaming.set(None);
        page.deleting.set(Some(id.get_value()));
        focus_id(&focus_field);
    };
    let cancel = move |_| {
        page.deleting.set(None);
        focus_first(vec![in_card(&id.get_value(), "channel-delete")]);
    };
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if !matches() {
            return;
        }
        let delete = ChannelDelete {
            id: id.get_value(),
            confirm: typed.get_untracked(),
        };
        page.run(
            move |token| async move { channels_api::delete_channel(&token, &delete).await },
            move |c: ChannelDetails| {
                page.deleting.set(None);
                page.refocus.set_value(Some(format!("#{LIST_TITLE}")));
                format!(
                    "Deleted {}. Its conversations' history is kept; remove its embed code from your site.",
                    c.name
                )
            },
            |_| focus_id(DELETE_SUBMIT),
        );
    };
    let name = channel.name.clone();
    let label = format!("Delete {}", channel.name);
    view! {
        <Show
            when=open
            fallback=move || {
                view! {
                    <div class="admin-inline">
                        <button
                            type="button"
                            class="secondary"
                            data-testid="channel-delete"
                            aria-label=label.clone()
                            on:click=ask.clone()
                        >
                            "Delete…"
                        </button>
                    </div>
                }
            }
        >
            <form
                class="channel-delete-panel"
                role="group"
                aria-labelledby=panel_title.clone()
                data-testid="channel-delete-panel"
                on:submit=submit
                novalidate
            >
                <h4 id=panel_title.clone()>{format!("Delete {name}?")}</h4>
                <ul class="channel-consequences" data-testid="channel-delete-consequences">
                    {DELETE_CONSEQUENCES.iter().map(|c| view! { <li>{*c}</li> }).collect_view()}
                </ul>
                <p class="hint">
                    "To stop answering for a while instead, switch the channel off: its widget keeps working and nothing is deleted."
                </p>
                <div class="admin-field">
                    <label for=input_id.clone()>
                        "Type the channel's name to confirm: "
                        <strong>{name.clone()}</strong>
                    </label>
                    <input
                        id=input_id.clone()
                        type="text"
                        autocomplete="off"
                        spellcheck="false"
                        data-testid="channel-delete-confirm"
                        prop:value=move || typed.get()
                        on:input=move |ev| typed.set(event_target_value(&ev))
                    />
                </div>
                <div class="admin-actions">
                    <button
                        type="submit"
                        id=DELETE_SUBMIT
                        class="danger"
                        data-testid="channel-delete-submit"
                        disabled=move || !matches() || page.busy.get()
                    >
                        "Delete channel"
                    </button>
                    <button type="button" class="secondary" data-testid="channel-delete-cancel" on:click=cancel>
                        "Cancel"
                    </button>
                </div>
            </form>
        </Show>
    }
}

// Ids (and `data-testid`s) the focus goes back to.
const CREATE: &str = "channel-create";
const LIST_TITLE: &str = "channels-list-title";
const DELETE_SUBMIT: &str = "channel-delete-submit";

/// What the switch means (R-CH-5).
const SWITCH_HINT: &str = "On: operators answer its conversations. Off: its widget keeps working and clients' messages are kept, but nobody can answer until it is switched on again.";

/// What deleting a channel does (R-CH-8).
const DELETE_CONSEQUENCES: [&str; 4] = [
    "The channel, its queue and its settings are deleted.",
    "Its widget stops at once: new visitors get an error instead of the chat.",
    "Its open conversations leave the operators' inboxes unanswered.",
    "Their history is kept.",
];

/// The script tag of `channel`'s widget, served from `origin` (the page's
/// `window.location.origin`), with the attribute values escaped.
fn embed_snippet(origin: &str, channel: &ChannelId) -> String {
    format!(
        r#"<script src="{}/widget.js" data-channel="{}" async></script>"#,
        attribute(origin.trim_end_matches('/')),
        attribute(channel.as_str())
    )
}

/// `value` safe inside a double-quoted HTML attribute.
pub(crate) fn attribute(value: &str) -> String {
    value
        .replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// "N of LIMIT channels" (R-CH-2).
fn count_note(list: &ChannelList) -> String {
    let unit = if list.limit == 1 {
        "channel"
    } else {
        "channels"
    };
    format!("{} of {} {unit}", list.channels.len(), list.limit)
}

/// Whether the plan allows no more channel (R-CH-2).
fn at_limit(list: &ChannelList) -> bool {
    list.channels.len() >= list.limit as usize
}

/// Why "New channel" is disabled.
fn limit_note(limit: u32) -> String {
    format!(
        "Your plan allows {limit} and all are in use. To create another, delete one, or raise the deployment's limit (CANAL_CHANNEL_LIMIT)."
    )
}

/// The new name as the worker will keep it, or what is wrong with it.
fn check_name(typed: &str) -> Result<String, String> {
    parse_name(typed)
        .map_err(|_| format!("Enter a name of 1 to {MAX_NAME_CHARS} characters, on one line."))
}

/// Whether `typed` repeats the channel's name, as the worker checks it
/// (letter case and spaces around do not matter).
fn confirms(channel: &ChannelDetails, typed: &str) -> bool {
    check_delete(channel, typed).is_ok()
}

/// What switching did (R-CH-5).
fn switched_message(name: &str, active: bool) -> String {
    if active {
        format!("{name} is switched on: operators can answer its conversations.")
    } else {
        format!("{name} is switched off: its widget keeps working and clients' messages are kept, but nobody can answer until it is switched on again.")
    }
}

/// The selector of the element `testid` in `channel`'s card.
fn in_card(channel: &ChannelId, testid: &str) -> String {
    format!("[data-testid=channel-row][data-id=\"{channel}\"] [data-testid={testid}]")
}

#[cfg(test)]
mod tests {
    use super::*;
    use canal_shared::time::Timestamp;

    fn channel(id: &str, number: u32, name: &str) -> ChannelDetails {
        ChannelDetails {
            id: ChannelId::parse(id).unwrap(),
            number,
            name: name.into(),
            active: true,
            created_at: Timestamp(0),
            email_language: None,
            allowed_domains: Vec::new(),
        }
    }

    fn list(n: u32, limit: u32) -> ChannelList {
        ChannelList {
            channels: (1..=n)
                .map(|i| channel(&format!("ch_{i}"), i, &format!("Open Channel {i}")))
                .collect(),
            limit,
        }
    }

    #[test]
    fn the_snippet_loads_the_widget_of_the_channel_from_this_origin() {
        let id = ChannelId::parse("ch_abc123").unwrap();
        assert_eq!(
            embed_snippet("https://chat.example.com", &id),
            r#"<script src="https://chat.example.com/widget.js" data-channel="ch_abc123" async></script>"#
        );
        assert_eq!(
            embed_snippet("http://127.0.0.1:8787/", &id),
            r#"<script src="http://127.0.0.1:8787/widget.js" data-channel="ch_abc123" async></script>"#
        );
        // Whatever an origin holds, it stays inside its attribute.
        assert_eq!(attribute(r#"a"b<c>&"#), "a&quot;b&lt;c&gt;&amp;");
    }

    #[test]
    fn r_ch_2_the_count_and_the_limit() {
        assert_eq!(count_note(&list(1, 2)), "1 of 2 channels");
        assert!(!at_limit(&list(1, 2)));
        assert_eq!(count_note(&list(2, 2)), "2 of 2 channels");
        assert!(at_limit(&list(2, 2)));
        assert_eq!(count_note(&list(1, 1)), "1 of 1 channel");
        assert_eq!(count_note(&list(0, 10)), "0 of 10 channels");
        // A limit lowered below what exists still reads as full.
        assert!(at_limit(&list(3, 2)));
        assert!(limit_note(2).starts_with("Your plan allows 2 and all are in use."));
    }

    #[test]
    fn r_ch_8_deleting_needs_the_name_as_the_worker_checks_it() {
        let c = channel("ch_1", 1, "Sales desk");
        assert!(confirms(&c, "Sales desk"));
        assert!(confirms(&c, "  sales DESK "));
        assert!(!confirms(&c, "Sales"));
        assert!(!confirms(&c, ""));
        assert!(!confirms(&c, "Sales  desk"));
    }

    #[test]
    fn r_ch_4_names_are_checked_before_sending() {
        assert_eq!(check_name("  Sales  "), Ok("Sales".into()));
        let problem = "Enter a name of 1 to 80 characters, on one line.";
        assert_eq!(check_name("   "), Err(problem.into()));
        assert_eq!(check_name(&"x".repeat(81)), Err(problem.into()));
        assert_eq!(check_name("a\nb"), Err(problem.into()));
    }

    #[test]
    fn r_ch_5_switching_says_what_it_means() {
        assert_eq!(
            switched_message("Sales", true),
            "Sales is switched on: operators can answer its conversations."
        );
        let off = switched_message("Sales", false);
        assert!(off.starts_with("Sales is switched off:"), "{off}");
        assert!(off.contains("widget keeps working"), "{off}");
        assert!(off.contains("nobody can answer"), "{off}");
        assert_eq!(
            in_card(&ChannelId::parse("ch_1").unwrap(), "channel-active"),
            "[data-testid=channel-row][data-id=\"ch_1\"] [data-testid=channel-active]"
        );
    }
}
