//! The signed-in console: a top bar (Inbox, Conversations, Statistics,
//! Clients and Settings as the person may see them; connection, presence,
//! who, sign out), then the page the URL names (`crate::place`): the inbox —
//! the conversation list on the left and the open conversation on the right
//! — or a page of its own.
//!
//! Every text shown here is in the console's catalog (#22).

use canal_shared::i18n::ConsoleMsg;
use canal_shared::ids::{ConversationId, UserId};
use canal_shared::preferences::Preferences;
use canal_shared::protocol::{ConversationSummary, OperatorNotice, Role, UserView};
use canal_shared::routing::Presence;
use leptos::prelude::*;

use crate::alerts::{self, Alerter};
use crate::auth::{Auth, Session};
use crate::format::{chosen_presence, presence_attr, presence_label};
use crate::i18n::{t, text, Locale};
use crate::inbox::{Change, Inbox, InboxSignals, Offers};
use crate::place::{Place, Setting};
use crate::shortcuts::{self, shortcut, Shortcut};
use crate::socket::ConnState;
use crate::view::clients::ClientsPage;
use crate::view::conversation::ConversationPane;
use crate::view::inbox::ConversationList;
use crate::view::kit::Unsaved;
use crate::view::ledger::LedgerPage;
use crate::view::my_settings::MySettingsPage;
use crate::view::notices::Notices;
use crate::view::settings::SettingsPage;
use crate::view::shortcuts::ShortcutsHelp;
use crate::view::statistics::StatisticsPage;

/// The conversation a link (`?conversation=…`, as in the late-notice
/// emails) asks to open.
fn linked_conversation() -> Option<ConversationId> {
    let search = web_sys::window()?.location().search().ok()?;
    search
        .trim_start_matches('?')
        .split('&')
        .find_map(|p| p.strip_prefix("conversation="))
        .and_then(|id| ConversationId::parse(id).ok())
}

/// The place the page's URL names.
fn current_place() -> Place {
    let hash = web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default();
    Place::parse(&hash)
}

/// Goes to `place`: the URL changes, and the page follows it.
fn go(place: &Place) {
    if let Some(w) = web_sys::window() {
        let _ = w.location().set_hash(&place.href());
    }
}

/// Asks the person `question`; yes when there is no browser to ask.
fn confirm(question: &str) -> bool {
    web_sys::window().is_none_or(|w| w.confirm_with_message(question).unwrap_or(true))
}

/// Puts `url` back in the address bar without leaving the page (the person
/// chose to stay).
fn stay(url: &str) {
    if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(url));
    }
}

/// The console of the operator whose session token is `token`.
#[component]
pub fn Console(
    /// The signed-in state.
    auth: Auth,
    /// The session token (for the sockets).
    token: String,
    /// Whether the page is visible (read marks are sent only then).
    visible: Signal<bool>,
) -> impl IntoView {
    Session::provide(token.clone());
    let inbox_signals = InboxSignals::new();
    let InboxSignals {
        conversations,
        state: inbox_state,
        presence,
        notices,
        snapshots: _,
        changes,
    } = inbox_signals;
    let chat_state = RwSignal::new(None::<ConnState>);
    let selected = RwSignal::new(linked_conversation());
    // Setting the same conversation again does not reopen it.
    let open_id = Memo::new(move |_| selected.get());
    let offers = Offers::new(token.clone(), selected);

    let expired_token = token.clone();
    let inbox = StoredValue::new_local(Inbox::open(&token, inbox_signals, move || {
        auth.expired(&expired_token)
    }));
    on_cleanup(move || inbox.with_value(|i| i.close()));

    let connection = Memo::new(move |_| {
        ConnState::combine(std::iter::once(inbox_state.get()).chain(chat_state.get()))
    });
    let me: Signal<Option<UserView>> =
        Memo::new(move |_| auth.me.with(|m| m.as_ref().map(|m| m.user.clone()))).into();
    let supervises: Signal<Vec<UserId>> = Memo::new(move |_| {
        auth.me
            .with(|m| m.as_ref().map(|m| m.supervises.clone()))
            .unwrap_or_default()
    })
    .into();
    let my_id = Signal::derive(move || me.with(|m| m.as_ref().map(|u| u.id.clone())));
    let user_name = Signal::derive(move || {
        me.with(|m| m.as_ref().map(|u| u.name.clone()))
            .unwrap_or_default()
    });
    let channels = move || {
        auth.me
            .with(|m| m.as_ref().map(|m| m.channels.clone()))
            .unwrap_or_default()
    };
    // R-KPI-3: the list and the statistics show the channels of the people
    // they supervise too.
    let readable = move || {
        auth.me
            .with(|m| {
                m.as_ref()
                    .map(|m| m.channels.iter().chain(&m.supervised).cloned().collect())
            })
            .unwrap_or_default()
    };
    let connected = Signal::derive(move || inbox_state.get() == ConnState::Open);
    let is_admin =
        Signal::derive(move || me.with(|m| m.as_ref().is_some_and(|u| u.role == Role::Admin)));
    let is_supervisor = Signal::derive(move || !supervises.with(Vec::is_empty));
    // Where the URL says the person is; the inbox where they may not be.
    let place = RwSignal::new(current_place());
    // Leaving a page with unsaved settings asks first (#22); moving between
    // a channel's sections does not leave it.
    let unsaved = Unsaved::provide();
    let on_hash = window_event_listener(leptos::ev::hashchange, move |ev| {
        let next = current_place();
        if next.page() != place.get_untracked().page() && unsaved.any_untracked() {
            if !confirm(&text(ConsoleMsg::FormLeaveUnsaved, &[])) {
                stay(&ev.old_url());
                return;
            }
            unsaved.clear();
        }
        place.set(next);
    });
    on_cleanup(move || on_hash.remove());
    let here = Memo::new(move |_| {
        let p = place.get();
        if p.allowed(is_admin.get(), is_supervisor.get()) {
            p
        } else {
            Place::Inbox
        }
    });
    // The page drawn: moving between a channel's sections only scrolls.
    let page = Memo::new(move |_| here.get().page());
    let channel_section = Signal::derive(move || match here.get() {
        Place::Settings(Setting::Channel { section, .. }) => section,
        _ => None,
    });
    let open = Callback::new(move |id: ConversationId| {
        selected.set(Some(id));
        go(&Place::Inbox);
    });
    let choose = move |p: Presence| inbox.with_value(|i| i.set_presence(p));
    let prefs = RwSignal::new(Preferences::default());
    // The person's language, once their preferences are in (#22).
    let locale = Locale::current();
    Effect::new(move |_| prefs.with(|p| locale.choose(p.language.as_deref())));
    let alerter = StoredValue::new_local(Alerter::new());
    let looking_at = Signal::derive(move || {
        (page.get() == Place::Inbox)
            .then(|| open_id.get())
            .flatten()
    });
    watch_alerts(AlertInputs {
        token: token.clone(),
        conversations,
        notices,
        changes,
        me: my_id,
        prefs,
        alerter,
        looking_at,
        open,
        offers,
    });
    let list_ids =
        move || conversations.with(|l| l.iter().map(|s| s.id.clone()).collect::<Vec<_>>());
    let help = RwSignal::new(false);
    // Phones: the visitor's and client's panel is shown on demand.
    let details = RwSignal::new(false);
    let on_key = window_event_listener(leptos::ev::keydown, move |ev| {
        // A field or a menu of the page handled the key already.
        if ev.default_prevented() {
            return;
        }
        let modified = ev.ctrl_key() || ev.alt_key() || ev.meta_key();
        let Some(action) = shortcut(&ev.key(), modified, shortcuts::in_field(&ev)) else {
            return;
        };
        let done = match action {
            Shortcut::Help => {
                help.update(|h| *h = !*h);
                true
            }
            Shortcut::Next | Shortcut::Previous => {
                go(&Place::Inbox);
                let next = shortcuts::step(
                    &list_ids(),
                    selected.get_untracked().as_ref(),
                    action == Shortcut::Next,
                );
                if next.is_some() {
                    selected.set(next);
                }
                true
            }
            other => other.run(),
        };
        if done {
            ev.prevent_default();
        }
    });
    on_cleanup(move || on_key.remove());

    view! {
        <div class="console">
            <header class="topbar">
                <span class="brand">"Canal"</span>
                <span
                    class="connection"
                    role="status"
                    data-testid="connection"
                    data-state=move || connection.get().as_str()
                >
                    {move || {
                        locale.lang().console_text(match connection.get() {
                            ConnState::Connecting => ConsoleMsg::ConnectionConnecting,
                            ConnState::Open => ConsoleMsg::ConnectionOpen,
                            ConnState::Reconnecting => ConsoleMsg::ConnectionReconnecting,
                        })
                    }}
                </span>
                <nav class="sections" aria-label=t(ConsoleMsg::NavSections)>
                    {move || {
                        let entries: Vec<Place> = Place::TOP
                            .into_iter()
                            .filter(|p| p.allowed(is_admin.get(), is_supervisor.get()))
                            .collect();
                        // An operator's only way is back to the inbox, from
                        // their own settings.
                        let lone = entries.len() == 1;
                        entries
                            .into_iter()
                            .filter(|p| !lone || !here.get().under(p))
                            .map(|p| {
                                let current = here.get().under(&p).then_some("page");
                                view! {
                                    <a
                                        class="section"
                                        href=p.href()
                                        data-testid=p.test_id()
                                        aria-current=current
                                    >
                                        {t(p.label())}
                                    </a>
                                }
                            })
                            .collect_view()
                    }}
                </nav>
                <span class="spacer"></span>
                <button
                    type="button"
                    class="secondary help-button"
                    data-testid="shortcuts-open"
                    title=t(ConsoleMsg::ShortcutsOpenTitle)
                    aria-label=t(ConsoleMsg::ShortcutsOpen)
                    on:click=move |_| help.set(true)
                >
                    "?"
                </button>
                <PresenceSwitch presence connected choose />
                // The person's name opens their own settings.
                <a
                    class="section me"
                    href=Place::Me.href()
                    data-testid="nav-me"
                    title=t(ConsoleMsg::NavMySettings)
                    aria-current=move || (here.get() == Place::Me).then_some("page")
                >
                    <span class="user" data-testid="user-name">{user_name}</span>
                    <span class="visually-hidden">" — " {t(ConsoleMsg::NavMySettings)}</span>
                </a>
                <button
                    type="button"
                    class="secondary"
                    data-testid="logout"
                    on:click=move |_| auth.sign_out()
                >
                    {t(ConsoleMsg::SignOut)}
                </button>
            </header>
            <ShortcutsHelp open=help />
            {move || match page.get() {
                Place::Me => {
                    view! {
                        <div class="panes single">
                            <main class="pane">
                                <MySettingsPage prefs alerter />
                            </main>
                        </div>
                    }
                        .into_any()
                }
                Place::Conversations => {
                    view! {
                        <div class="panes single">
                            <main class="pane">
                                <LedgerPage channels=readable() open />
                            </main>
                        </div>
                    }
                        .into_any()
                }
                Place::Statistics => {
                    view! {
                        <div class="panes single">
                            <main class="pane">
                                <StatisticsPage channels=readable() />
                            </main>
                        </div>
                    }
                        .into_any()
                }
                Place::Clients => {
                    view! {
                        <div class="panes single">
                            <main class="pane">
                                <ClientsPage channels=channels() />
                            </main>
                        </div>
                    }
                        .into_any()
                }
                Place::Settings(setting) => {
                    view! {
                        <div class="panes single">
                            <main class="pane">
                                <SettingsPage setting section=channel_section auth />
                            </main>
                        </div>
                    }
                        .into_any()
                }
                Place::Inbox => {
                    view! {
            <div
                class="panes"
                class:has-open=move || open_id.with(Option::is_some)
                class:show-details=move || details.get()
            >
                <aside class="sidebar" aria-label=t(ConsoleMsg::InboxConversations)>
                    <section class="channels">
                        <h2>{t(ConsoleMsg::InboxYourChannels)}</h2>
                        <ul data-testid="channels">
                            {move || {
                                channels()
                                    .into_iter()
                                    .map(|c| {
                                        view! {
                                            <li data-testid="channel" data-id=c.id.to_string()>
                                                {c.name}
                                            </li>
                                        }
                                    })
                                    .collect_view()
                            }}
                            // R-KPI-3: where the people they supervise work.
                            {move || {
                                auth.me
                                    .with(|m| m.as_ref().map(|m| m.supervised.clone()))
                                    .unwrap_or_default()
                                    .into_iter()
                                    .map(|c| {
                                        view! {
                                            <li
                                                data-testid="supervised-channel"
                                                data-id=c.id.to_string()
                                                title=t(ConsoleMsg::InboxSupervisedTitle)
                                            >
                                                {c.name}
                                                <span class="muted">" " {t(ConsoleMsg::InboxYouSupervise)}</span>
                                            </li>
                                        }
                                    })
                                    .collect_view()
                            }}
                        </ul>
                    </section>
                    <Notices notices selected />
                    <h2>{t(ConsoleMsg::InboxConversations)}</h2>
                    <ConversationList conversations selected me=my_id offers />
                </aside>
                <main class="pane">
                    // Phones show the list or one conversation, its visitor
                    // and client on demand (#20).
                    <Show when=move || open_id.with(Option::is_some)>
                        <div class="phone-bar">
                            <button
                                type="button"
                                class="link-button"
                                data-testid="back-to-list"
                                on:click=move |_| selected.set(None)
                            >
                                {t(ConsoleMsg::InboxBack)}
                            </button>
                            <button
                                type="button"
                                class="link-button"
                                data-testid="show-details"
                                aria-pressed=move || if details.get() { "true" } else { "false" }
                                on:click=move |_| details.update(|d| *d = !*d)
                            >
                                {move || {
                                    locale.lang().console_text(if details.get() {
                                        ConsoleMsg::InboxHideDetails
                                    } else {
                                        ConsoleMsg::InboxShowDetails
                                    })
                                }}
                            </button>
                        </div>
                    </Show>
                    {move || match open_id.get() {
                        Some(id) => {
                            view! {
                                <ConversationPane
                                    id
                                    conversations
                                    chat_state
                                    visible
                                    user_name
                                    me
                                    offers
                                    channels=Signal::derive(channels)
                                    supervises
                                />
                            }
                                .into_any()
                        }
                        None => {
                            view! {
                                <p class="placeholder" data-testid="no-conversation">
                                    {t(ConsoleMsg::InboxPick)}
                                </p>
                            }
                                .into_any()
                        }
                    }}
                </main>
            </div>
                    }
                        .into_any()
                }
            }}
        </div>
    }
}

/// The operator's presence (R-Q-4): Online or Away, chosen here; Offline
/// while the inbox socket is not open.
#[component]
fn PresenceSwitch(
    /// The presence the server last reported (or the last one chosen).
    presence: RwSignal<Option<Presence>>,
    /// Whether the inbox socket is open (the switch works only then).
    connected: Signal<bool>,
    /// Sends a choice; returns whether it was sent.
    choose: impl Fn(Presence) -> bool + 'static,
) -> impl IntoView {
    let shown = move || {
        if connected.get() {
            // Connected means online until the server says more.
            presence.get().unwrap_or(Presence::Online)
        } else {
            Presence::Offline
        }
    };
    let on_change = move |ev| {
        let sent = chosen_presence(&event_target_value(&ev)).is_some_and(&choose);
        if !sent {
            // Put the switch back to what is true.
            presence.notify();
        }
    };
    let option = move |p: Presence| {
        view! {
            <option
                value=presence_attr(p)
                disabled=p == Presence::Offline
                prop:selected=move || shown() == p
            >
                {t(presence_label(p))}
            </option>
        }
    };
    view! {
        <div class="presence" data-presence=move || presence_attr(shown())>
            <label for="presence">{t(ConsoleMsg::Presence)}</label>
            <select
                id="presence"
                data-testid="presence"
                title=t(ConsoleMsg::PresenceHint)
                disabled=move || !connected.get()
                on:change=on_change
            >
                {option(Presence::Online)}
                {option(Presence::Away)}
                {option(Presence::Offline)}
            </select>
        </div>
    }
}

/// What [`watch_alerts`] watches and acts on.
struct AlertInputs {
    token: String,
    conversations: RwSignal<Vec<ConversationSummary>>,
    notices: RwSignal<Vec<OperatorNotice>>,
    changes: RwSignal<Vec<Change>>,
    me: Signal<Option<UserId>>,
    prefs: RwSignal<Preferences>,
    alerter: StoredValue<Alerter, LocalStorage>,
    looking_at: Signal<Option<ConversationId>>,
    open: Callback<ConversationId>,
    offers: Offers,
}

/// Loads the person's preferences, then alerts (#20) for each change of the
/// inbox after its first snapshot and for each new notice, and keeps the
/// count of what waits in the tab's title and favicon.
fn watch_alerts(inputs: AlertInputs) {
    let AlertInputs {
        token,
        conversations,
        notices,
        changes,
        me,
        prefs,
        alerter,
        looking_at,
        open,
        offers,
    } = inputs;
    leptos::task::spawn_local(async move {
        if let Ok(p) = crate::api::preferences(&token).await {
            prefs.try_set(p);
        }
    });
    // Browsers let a page play sound only after the person's click or key.
    let clicks = window_event_listener(leptos::ev::pointerdown, move |_| {
        alerter.with_value(Alerter::unlock)
    });
    let keys = window_event_listener(leptos::ev::keydown, move |_| {
        alerter.with_value(Alerter::unlock)
    });
    on_cleanup(move || {
        clicks.remove();
        keys.remove();
    });
    let give = move |alert: alerts::Alert| {
        let how = alerts::deliver(
            &alert,
            &prefs.get_untracked(),
            alerts::in_front(),
            looking_at.get_untracked().as_ref(),
            alerts::supported() && alerts::permitted(),
        );
        alerter.with_value(|a| a.give(&alert, how, move |id| open.run(id)));
    };
    Effect::new(move |_| {
        let Some(me) = me.get() else { return };
        let lang = crate::i18n::Locale::current().lang();
        conversations.with(|list| alerts::show_count(lang, alerts::waiting(list, &me)));
    });
    Effect::new(move |_| {
        changes.track();
        let Some(me) = me.get_untracked() else { return };
        let lang = crate::i18n::Locale::current().lang_now();
        let batch = changes
            .try_update_untracked(std::mem::take)
            .unwrap_or_default();
        for (prev, next) in batch {
            let here = offers.accepted_here(&next.id);
            if let Some(alert) = alerts::change(lang, prev.as_ref(), &next, &me, here) {
                give(alert);
            }
        }
    });
    Effect::new(move |_| {
        notices.with(|list| {
            for notice in list.iter().rev() {
                if alerts::first_time(&notice.id) {
                    let lang = crate::i18n::Locale::current().lang_now();
                    give(conversations.with_untracked(|c| alerts::late(lang, notice, c)));
                }
            }
        });
    });
    on_cleanup(|| alerts::show_count(crate::i18n::lang_now(), 0));
}
