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
//!
//! Every text shown here is in the console's catalog (#22).

use std::future::Future;

use canal_shared::channels::{
    check_delete, ChannelActivity, ChannelActivityList, ChannelDelete, ChannelDetails, ChannelList,
    ChannelUpdate,
};
use canal_shared::connectors::ConnectorKind;
use canal_shared::i18n::{Arg, ConsoleMsg, Lang};
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
use crate::i18n::{t, Locale};
use crate::place::{Place, Setting};
use crate::view::connectors::ConnectorsSection;
use crate::view::focus::{focus_first, focus_id};
use crate::view::form::{FieldError, Problems};
use crate::view::identity::IdentitySection;
use crate::view::kit::list::{Changes, Outcome};
use crate::view::secret::write_clipboard;

/// Every channel of the account, and what admins do with them.
#[component]
pub fn ChannelsPage(
    /// The signed-in state: its channels are asked again after each change.
    auth: Auth,
    /// The one channel to show with all its controls (its settings page);
    /// none for the list of every channel.
    only: Option<ChannelId>,
) -> impl IntoView {
    let single = only.is_some();
    let page = Page {
        locale: Locale::current(),
        auth,
        only: StoredValue::new(only),
        list: RwSignal::new(None),
        activity: RwSignal::new(None),
        changes: Changes::in_session(),
        renaming: RwSignal::new(None),
        deleting: RwSignal::new(None),
        refocus: StoredValue::new(None),
    };
    page.reload();
    if !single {
        // Operators come and go and visitors arrive: the list follows.
        if let Ok(h) = set_interval_with_handle(
            move || page.reload_activity(),
            std::time::Duration::from_millis(ACTIVITY_MS),
        ) {
            on_cleanup(move || h.clear());
        }
    }

    view! {
        <section class="admin-page" aria-labelledby="channels-title" data-testid="channels-page">
            {if single {
                view! {
                    <h1 id="channels-title">{t(ConsoleMsg::ChannelsOtherTitle)}</h1>
                    <p class="admin-intro">{t(ConsoleMsg::ChannelsOtherIntro)}</p>
                }
                    .into_any()
            } else {
                view! {
                    <h1 id="channels-title">{t(ConsoleMsg::ChannelsTitle)}</h1>
                    <p class="admin-intro">{t(ConsoleMsg::ChannelsIntro)}</p>
                }
                    .into_any()
            }}
            <Outcome prefix="channels" error=page.changes.error saved=page.changes.saved />
            {move || {
                (page.list.with(Option::is_none) && page.changes.error.with(Option::is_none))
                    .then(|| view! { <p class="empty" role="status">{t(ConsoleMsg::ChannelsLoading)}</p> })
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
    /// The console's language, for what the page says after a change.
    locale: Locale,
    auth: Auth,
    /// The one channel shown, on its settings page.
    only: StoredValue<Option<ChannelId>>,
    /// The last `GET /api/channels`.
    list: RwSignal<Option<ChannelList>>,
    /// The last `GET /api/channels/activity` (the list's columns).
    activity: RwSignal<Option<ChannelActivityList>>,
    /// Its changes: the last failure (`[data-testid=channels-error]`), the
    /// last success (`[data-testid=channels-saved]`), whether one is on its way.
    changes: Changes,
    /// The channel whose rename form is open.
    renaming: RwSignal<Option<ChannelId>>,
    /// The channel whose deletion waits for its name.
    deleting: RwSignal<Option<ChannelId>>,
    /// What to focus once the list is drawn again.
    refocus: StoredValue<Option<String>>,
}

impl Page {
    /// `msg` with `args` in the console's language, now (not tracked).
    fn say(self, msg: ConsoleMsg, args: &[(&str, Arg<'_>)]) -> String {
        untrack(move || self.locale.lang()).console(msg, args)
    }

    /// Asks the server for the channels again.
    fn reload(self) {
        spawn_local(async move {
            match channels_api::channels(&self.changes.session.token()).await {
                Ok(list) => self.list.set(Some(list)),
                Err(f) => self.changes.error.set(Some(f.message)),
            }
            if let Some(selector) = self.refocus.try_update_value(Option::take).flatten() {
                focus_first(vec![selector]);
            }
        });
        self.reload_activity();
    }

    /// Asks the server for the list's connectors, operators online and
    /// conversations waiting again (the list only). A failure keeps what
    /// was shown: the next asking may do better.
    fn reload_activity(self) {
        if self.only.with_value(Option::is_some) {
            return;
        }
        spawn_local(async move {
            if let Ok(a) = channels_api::activity(&self.changes.session.token()).await {
                self.activity.try_set(Some(a));
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
        self.changes.run(call, done, move |result| {
            match result {
                // The other pages' channel pickers follow.
                Ok(()) => self.auth.load_me(self.changes.session.token()),
                Err(f) => failed(&f),
            }
            // Another admin may have changed the channels meanwhile.
            self.reload();
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
    let count = move || {
        let lang = page.locale.lang();
        page.list.with(|l| l.as_ref().map(|l| count_note(l, lang)))
    };
    let create = move |_| {
        page.run(
            |token| async move { channels_api::create_channel(&token).await },
            move |c: ChannelDetails| {
                page.refocus
                    .set_value(Some(in_card(&c.id, "channel-title")));
                page.say(
                    ConsoleMsg::ChannelsCreated,
                    &[("channel", Arg::Str(&c.name))],
                )
            },
            |_| focus_id(CREATE),
        );
    };
    view! {
        <section class="admin-section" aria-labelledby="channel-new-title">
            <h2 id="channel-new-title">{t(ConsoleMsg::ChannelsNew)}</h2>
            <div class="admin-inline">
                <button type="button" id=CREATE data-testid=CREATE aria-describedby="channel-count channel-limit-note"
                    disabled=move || page.changes.busy.get() || full()
                    on:click=create
                >
                    {t(ConsoleMsg::ChannelsNew)}
                </button>
                <span class="hint" id="channel-count" data-testid="channel-count">{count}</span>
            </div>
            <Show when=full>
                <p class="hint" id="channel-limit-note" data-testid="channel-limit-note">
                    {move || {
                        let lang = page.locale.lang();
                        page.list.with(|l| l.as_ref().map(|l| limit_note(l.limit, lang)))
                    }}
                </p>
            </Show>
        </section>
    }
}

/// One card per channel, by number (a channel's page), or the table of
/// every channel (the list).
#[component]
fn ChannelCards(page: Page) -> impl IntoView {
    let single = page.only.with_value(Option::is_some);
    view! {
        <section class="admin-section" aria-labelledby=LIST_TITLE>
            <h2 id=LIST_TITLE data-testid=LIST_TITLE tabindex="-1">
                {t(if single { ConsoleMsg::ChannelsThis } else { ConsoleMsg::ChannelsYours })}
            </h2>
            <Show when=move || page.list.with(Option::is_some) && page.channels().is_empty()>
                <p class="empty" data-testid="channels-empty">
                    {t(if single { ConsoleMsg::ChannelsThisDeleted } else { ConsoleMsg::ChannelsNone })}
                </p>
            </Show>
            {if single {
                view! {
                    <ul class="channel-cards" data-testid="channels-list">
                        <For
                            each=move || page.channels()
                            // A change draws that card again; the others stay as they are.
                            key=|c| (c.id.clone(), c.name.clone(), c.active)
                            children=move |channel| view! { <ChannelCard channel page /> }
                        />
                    </ul>
                }
                    .into_any()
            } else {
                view! { <ChannelTable page /> }.into_any()
            }}
        </section>
    }
}

/// Every channel, a row each: its name, whether it is active, its
/// connectors, its operators online and conversations waiting, and the link
/// to its settings.
#[component]
fn ChannelTable(page: Page) -> impl IntoView {
    view! {
        <div class="admin-table-wrap">
            <table class="admin-table channel-table" data-testid="channels-list" aria-labelledby=LIST_TITLE>
                <thead>
                    <tr>
                        <th scope="col">{t(ConsoleMsg::ChannelsColChannel)}</th>
                        <th scope="col">{t(ConsoleMsg::ChannelsColActive)}</th>
                        <th scope="col">{t(ConsoleMsg::ChannelsColConnectors)}</th>
                        <th scope="col" class="number">{t(ConsoleMsg::ChannelsColOnline)}</th>
                        <th scope="col" class="number">{t(ConsoleMsg::ChannelsColWaiting)}</th>
                        <th scope="col">
                            <span class="visually-hidden">{t(ConsoleMsg::ChannelsColActions)}</span>
                        </th>
                    </tr>
                </thead>
                <tbody>
                    <For
                        each=move || page.channels()
                        key=|c| (c.id.clone(), c.name.clone(), c.active)
                        children=move |channel| view! { <ChannelRow channel page /> }
                    />
                </tbody>
            </table>
        </div>
    }
}

/// A channel in the list, with the link to its settings.
#[component]
fn ChannelRow(channel: ChannelDetails, page: Page) -> impl IntoView {
    let href = Place::Settings(Setting::Channel {
        id: channel.id.clone(),
        section: None,
    })
    .href();
    let locale = Locale::current();
    let ChannelDetails {
        id,
        number,
        name,
        active,
        created_at,
        ..
    } = channel;
    let label = {
        let name = name.clone();
        move || {
            locale.lang().console(
                ConsoleMsg::ChannelsConfigureLabel,
                &[("channel", Arg::Str(&name))],
            )
        }
    };
    let title_id = format!("channel-{id}-title");
    let key = StoredValue::new(id.clone());
    let activity = move || {
        page.activity.with(|a| {
            a.as_ref()
                .and_then(|a| key.with_value(|id| a.of(id).cloned()))
        })
    };
    let unknown = t(ConsoleMsg::ChannelsActivityUnknown);
    let connectors = move || match activity() {
        Some(ChannelActivity { connectors, .. }) => {
            let lang = locale.lang();
            connectors
                .iter()
                .map(|k| lang.console_text(kind_name(*k)))
                .collect::<Vec<_>>()
                .join(", ")
        }
        None => unknown(),
    };
    let count = move |of: fn(&ChannelActivity) -> u32| {
        move || match activity() {
            Some(a) => of(&a).to_string(),
            None => unknown(),
        }
    };
    let col = move |msg| locale.lang().console_text(msg).into_owned();
    view! {
        <tr
            class:inactive=!active
            data-testid="channel-row"
            data-id=id.to_string()
            data-active=active.to_string()
        >
            <th scope="row" data-label=move || col(ConsoleMsg::ChannelsColChannel)>
                <span id=title_id tabindex="-1" class="channel-title" data-testid="channel-title">
                    <span class="channel-number" data-testid="channel-number">{format!("#{number}")}</span>
                    " "
                    <span class="channel-name" data-testid="channel-name">{name}</span>
                </span>
                <span class="admin-sub">
                    {t(ConsoleMsg::ChannelsCreatedAt)}
                    " "
                    <time datetime=full_time(created_at) data-testid="channel-created">
                        {move || date_time(locale.lang(), created_at)}
                    </time>
                </span>
            </th>
            <td data-label=move || col(ConsoleMsg::ChannelsColActive)>
                <span class="channel-state" data-testid="channel-state" data-active=active.to_string()>
                    {t(if active { ConsoleMsg::ChannelsOn } else { ConsoleMsg::ChannelsOff })}
                </span>
            </td>
            <td data-label=move || col(ConsoleMsg::ChannelsColConnectors) data-testid="channel-connectors">
                {connectors}
            </td>
            <td class="number" data-label=move || col(ConsoleMsg::ChannelsColOnline) data-testid="channel-online">
                {count(|a| a.queue.operators_online)}
            </td>
            <td class="number" data-label=move || col(ConsoleMsg::ChannelsColWaiting) data-testid="channel-waiting">
                {count(|a| a.queue.waiting)}
            </td>
            <td class="admin-row-actions">
                <a class="button-link" href=href data-testid="channel-configure" aria-label=label>
                    {t(ConsoleMsg::ChannelsConfigure)}
                </a>
            </td>
        </tr>
    }
}

/// A connector's kind, as the list names it.
fn kind_name(kind: ConnectorKind) -> ConsoleMsg {
    match kind {
        ConnectorKind::LiveChat => ConsoleMsg::ChannelsKindLiveChat,
        ConnectorKind::Telegram => ConsoleMsg::ChannelsKindTelegram,
        ConnectorKind::Webhook => ConsoleMsg::ChannelsKindWebhook,
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
                {t(if active { ConsoleMsg::ChannelsOn } else { ConsoleMsg::ChannelsOff })}
            </span>
            <span class="admin-sub">
                {t(ConsoleMsg::ChannelsCreatedAt)}
                " "
                <time datetime=full_time(created_at) data-testid="channel-created">
                    {move || date_time(crate::i18n::Locale::current().lang(), created_at)}
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
            <ConnectorsSection channel=channel.clone() />
            <IdentitySection channel=channel.clone() />
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
        let lang = untrack(move || page.locale.lang());
        let name = match check_name(&typed.get_untracked(), lang) {
            Ok(name) => name,
            Err(problem) => {
                let mut p = Problems::default();
                p.add(field.get_value(), Some(problem.clone()));
                problems.set(p);
                page.changes.saved.set(None);
                page.changes.error.set(Some(problem));
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
                page.say(
                    ConsoleMsg::ChannelsRenamed,
                    &[("channel", Arg::Str(&c.name))],
                )
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
    let name = channel.name.clone();
    let label = move || {
        page.locale.lang().console(
            ConsoleMsg::ChannelsRenameLabel,
            &[("channel", Arg::Str(&name))],
        )
    };
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
                            {t(ConsoleMsg::ChannelsRename)}
                        </button>
                    </div>
                }
            }
        >
            <form class="admin-form channel-rename" on:submit=submit novalidate>
                <div class="admin-field">
                    <label for=input_id.clone()>{t(ConsoleMsg::ChannelsNewName)}</label>
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
                        {move || {
                            page.locale.lang().console(
                                ConsoleMsg::ChannelsNameHint,
                                &[("max", Arg::count(MAX_NAME_CHARS))],
                            )
                        }}
                    </p>
                    <FieldError problems id=input_id.clone() testid="channel-rename-error".to_owned() />
                </div>
                <div class="admin-actions">
                    <button type="submit" data-testid="channel-rename-save" disabled=move || page.changes.busy.get()>
                        {t(ConsoleMsg::ChannelsSaveName)}
                    </button>
                    <button type="button" class="secondary" data-testid="channel-rename-cancel" on:click=cancel>
                        {t(ConsoleMsg::ChannelsCancel)}
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
                switched_message(&c.name, c.active, untrack(move || page.locale.lang()))
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
                disabled=move || page.changes.busy.get()
                on:change=change
            />
            <label for=key>
                {t(ConsoleMsg::ChannelsActive)}
                <span class="visually-hidden">{format!(": {name}")}</span>
            </label>
            <p class="hint" id=hint_id>{t(ConsoleMsg::ChannelsSwitchHint)}</p>
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
                let lang = untrack(move || page.locale.lang());
                let language = lang.console_text(language_name(c.email_language.as_deref()));
                lang.console(
                    ConsoleMsg::ChannelsEmailLanguageDone,
                    &[
                        ("channel", Arg::Str(&c.name)),
                        ("language", Arg::Str(&language)),
                    ],
                )
            },
            move |_| focus_first(vec![in_card(&id.get_value(), "channel-email-language")]),
        );
    };
    let options = std::iter::once("")
        .chain(Lang::ALL.iter().map(|l| l.tag()))
        .map(|tag| {
            view! {
                <option value=tag selected=tag == current>{t(language_name(Some(tag)))}</option>
            }
        })
        .collect_view();
    view! {
        <div class="admin-choice channel-email-language">
            <label for=key.clone()>{t(ConsoleMsg::ChannelsEmailLanguage)}</label>
            <select
                id=key
                data-testid="channel-email-language"
                aria-describedby=hint_id.clone()
                disabled=move || page.changes.busy.get()
                on:change=change
            >
                {options}
            </select>
            <p class="hint" id=hint_id>{t(ConsoleMsg::ChannelsEmailLanguageHint)}</p>
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
                let channel = ("channel", Arg::Str(&c.name));
                match c.allowed_domains.len() {
                    0 => page.say(ConsoleMsg::ChannelsDomainsAny, &[channel]),
                    n => page.say(
                        ConsoleMsg::ChannelsDomainsSome,
                        &[("count", Arg::Num(n as i64)), channel],
                    ),
                }
            },
            move |_| focus_first(vec![in_card(&id.get_value(), "channel-domains")]),
        );
    };
    view! {
        <form class="admin-field channel-domains" on:submit=save>
            <label for=key.clone()>{t(ConsoleMsg::ChannelsDomains)}</label>
            <textarea
                id=key
                data-testid="channel-domains"
                rows="3"
                aria-describedby=hint_id.clone()
                placeholder="shop.example.com\n*.example.org"
                prop:value=move || typed.get()
                on:input=move |ev| typed.set(event_target_value(&ev))
            ></textarea>
            <p class="hint" id=hint_id>{t(ConsoleMsg::ChannelsDomainsHint)}</p>
            <button type="submit" class="secondary" data-testid="channel-domains-save" disabled=move || page.changes.busy.get()>
                {t(ConsoleMsg::ChannelsDomainsSave)}
            </button>
        </form>
    }
}

/// A language's name for admins ("" is the deployment's locale).
fn language_name(tag: Option<&str>) -> ConsoleMsg {
    match tag.unwrap_or_default() {
        "" => ConsoleMsg::ChannelsLanguageDefault,
        "en" => ConsoleMsg::LanguageEn,
        "pt-BR" => ConsoleMsg::LanguagePtBr,
        "es" => ConsoleMsg::LanguageEs,
        _ => ConsoleMsg::ChannelsLanguageOther,
    }
}

/// The script tag that puts the channel's chat on a site, and "Copy".
#[component]
fn EmbedCode(channel: ChannelDetails) -> impl IntoView {
    let locale = Locale::current();
    let say = move |msg| untrack(move || locale.lang()).console(msg, &[]);
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
                status.set(Some(say(ConsoleMsg::ChannelsCopied)));
                return;
            }
            // No clipboard (refused, or an insecure page): select the code
            // so the keyboard can copy it.
            if let Some(el) = area.get_untracked() {
                let _ = el.focus();
                el.select();
            }
            status.set(Some(say(ConsoleMsg::ChannelsCopyFailed)));
        });
    };
    view! {
        <div class="admin-field channel-embed">
            <label for=key.clone()>{t(ConsoleMsg::ChannelsEmbed)}</label>
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
            <p class="hint" id=hint_id>{t(ConsoleMsg::ChannelsEmbedHint)}</p>
            <div class="admin-inline">
                <button
                    type="button"
                    class="secondary"
                    data-testid="channel-copy"
                    aria-label=move || {
                        locale.lang().console(
                            ConsoleMsg::ChannelsCopyLabel,
                            &[("channel", Arg::Str(&channel.name))],
                        )
                    }
                    on:click=copy
                >
                    {t(ConsoleMsg::ChannelsCopy)}
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
                page.say(
                    ConsoleMsg::ChannelsDeleted,
                    &[("channel", Arg::Str(&c.name))],
                )
            },
            |_| focus_id(DELETE_SUBMIT),
        );
    };
    let name = channel.name.clone();
    let label = {
        let name = name.clone();
        move || {
            page.locale.lang().console(
                ConsoleMsg::ChannelsDeleteLabel,
                &[("channel", Arg::Str(&name))],
            )
        }
    };
    let title = {
        let name = name.clone();
        move || {
            page.locale.lang().console(
                ConsoleMsg::ChannelsDeleteTitle,
                &[("channel", Arg::Str(&name))],
            )
        }
    };
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
                            {t(ConsoleMsg::ChannelsDelete)}
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
                <h4 id=panel_title.clone()>{title.clone()}</h4>
                <ul class="channel-consequences" data-testid="channel-delete-consequences">
                    {DELETE_CONSEQUENCES.iter().map(|c| view! { <li>{t(*c)}</li> }).collect_view()}
                </ul>
                <p class="hint">{t(ConsoleMsg::ChannelsDeleteInstead)}</p>
                <div class="admin-field">
                    <label for=input_id.clone()>
                        {t(ConsoleMsg::ChannelsDeleteConfirm)}
                        " "
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
                        disabled=move || !matches() || page.changes.busy.get()
                    >
                        {t(ConsoleMsg::ChannelsDeleteSubmit)}
                    </button>
                    <button type="button" class="secondary" data-testid="channel-delete-cancel" on:click=cancel>
                        {t(ConsoleMsg::ChannelsCancel)}
                    </button>
                </div>
            </form>
        </Show>
    }
}

// Ids (and `data-testid`s) the focus goes back to.
const CREATE: &str = "channel-create";
/// How often the list asks for its channels' activity again.
const ACTIVITY_MS: u64 = 3_000;
const LIST_TITLE: &str = "channels-list-title";
const DELETE_SUBMIT: &str = "channel-delete-submit";

/// What deleting a channel does (R-CH-8).
const DELETE_CONSEQUENCES: [ConsoleMsg; 4] = [
    ConsoleMsg::ChannelsDeleteGone,
    ConsoleMsg::ChannelsDeleteWidget,
    ConsoleMsg::ChannelsDeleteOpen,
    ConsoleMsg::ChannelsDeleteHistory,
];

/// The script tag of `channel`'s widget, served from `origin` (the page's
/// `window.location.origin`), with the attribute values escaped.
fn embed_snippet(origin: &str, channel: &ChannelId) -> String {
    let origin = attribute(origin.trim_end_matches('/'));
    let channel = attribute(channel.as_str());
    [
        "<script",
        &format!("src=\"{origin}/widget.js\""),
        &format!("data-channel=\"{channel}\""),
        "async></script>",
    ]
    .join(" ")
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
fn count_note(list: &ChannelList, lang: Lang) -> String {
    lang.console(
        ConsoleMsg::ChannelsCount,
        &[
            ("count", Arg::count(list.channels.len())),
            ("limit", Arg::Num(list.limit.into())),
        ],
    )
}

/// Whether the plan allows no more channel (R-CH-2).
fn at_limit(list: &ChannelList) -> bool {
    list.channels.len() >= list.limit as usize
}

/// Why "New channel" is disabled.
fn limit_note(limit: u32, lang: Lang) -> String {
    lang.console(
        ConsoleMsg::ChannelsLimit,
        &[("limit", Arg::Num(limit.into()))],
    )
}

/// The new name as the worker will keep it, or what is wrong with it.
fn check_name(typed: &str, lang: Lang) -> Result<String, String> {
    parse_name(typed).map_err(|_| {
        lang.console(
            ConsoleMsg::ChannelsNameInvalid,
            &[("max", Arg::count(MAX_NAME_CHARS))],
        )
    })
}

/// Whether `typed` repeats the channel's name, as the worker checks it
/// (letter case and spaces around do not matter).
fn confirms(channel: &ChannelDetails, typed: &str) -> bool {
    check_delete(channel, typed).is_ok()
}

/// What switching did (R-CH-5).
fn switched_message(name: &str, active: bool, lang: Lang) -> String {
    let msg = if active {
        ConsoleMsg::ChannelsSwitchedOn
    } else {
        ConsoleMsg::ChannelsSwitchedOff
    };
    lang.console(msg, &[("channel", Arg::Str(name))])
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
        assert_eq!(count_note(&list(1, 2), Lang::En), "1 of 2 channels");
        assert!(!at_limit(&list(1, 2)));
        assert_eq!(count_note(&list(2, 2), Lang::En), "2 of 2 channels");
        assert!(at_limit(&list(2, 2)));
        assert_eq!(count_note(&list(1, 1), Lang::En), "1 of 1 channel");
        assert_eq!(count_note(&list(0, 10), Lang::En), "0 of 10 channels");
        // A limit lowered below what exists still reads as full.
        assert!(at_limit(&list(3, 2)));
        assert!(limit_note(2, Lang::En).starts_with("Your plan allows 2 and all are in use."));
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
        assert_eq!(check_name("  Sales  ", Lang::En), Ok("Sales".into()));
        let problem = "Enter a name of 1 to 80 characters, on one line.";
        assert_eq!(check_name("   ", Lang::En), Err(problem.into()));
        assert_eq!(check_name(&"x".repeat(81), Lang::En), Err(problem.into()));
        assert_eq!(check_name("a\nb", Lang::En), Err(problem.into()));
    }

    #[test]
    fn r_ch_5_switching_says_what_it_means() {
        assert_eq!(
            switched_message("Sales", true, Lang::En),
            "Sales is switched on: operators can answer its conversations."
        );
        let off = switched_message("Sales", false, Lang::En);
        assert!(off.starts_with("Sales is switched off:"), "{off}");
        assert!(off.contains("widget keeps working"), "{off}");
        assert!(off.contains("nobody can answer"), "{off}");
        assert_eq!(
            in_card(&ChannelId::parse("ch_1").unwrap(), "channel-active"),
            "[data-testid=channel-row][data-id=\"ch_1\"] [data-testid=channel-active]"
        );
    }
}
