//! The signed-in console: a top bar (sections for admins, connection,
//! presence, who, sign out), then the conversation list on the left and the
//! open conversation on the right — or, for admins and supervisors, All
//! conversations and Statistics, and for admins the Clients, Channels,
//! People, Queue, Automation, Response times, Widget, Consent, Responses or
//! Bots page.

use canal_shared::ids::{ConversationId, UserId};
use canal_shared::preferences::Preferences;
use canal_shared::protocol::{ConversationSummary, OperatorNotice, Role, UserView};
use canal_shared::routing::Presence;
use leptos::prelude::*;

use crate::alerts::{self, Alerter};
use crate::auth::Auth;
use crate::format::{chosen_presence, presence_attr, presence_label};
use crate::inbox::{Change, Inbox, InboxSignals, Offers};
use crate::shortcuts::{self, shortcut, Shortcut};
use crate::socket::ConnState;
use crate::view::automation::AutomationPage;
use crate::view::bots::BotsPage;
use crate::view::canned::CannedPage;
use crate::view::channels::ChannelsPage;
use crate::view::clients::ClientsPage;
use crate::view::consent::ConsentPage;
use crate::view::conversation::ConversationPane;
use crate::view::files_settings::FilesPage;
use crate::view::inbox::ConversationList;
use crate::view::kpi::KpiPage;
use crate::view::ledger::LedgerPage;
use crate::view::my_settings::MySettingsPage;
use crate::view::notices::Notices;
use crate::view::people::PeoplePage;
use crate::view::queue::QueuePage;
use crate::view::shortcuts::ShortcutsHelp;
use crate::view::statistics::StatisticsPage;
use crate::view::widget::WidgetPage;

/// What the console shows; admins switch between them in the top bar.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Section {
    Conversations,
    Ledger,
    Statistics,
    Clients,
    Channels,
    People,
    Queue,
    Automation,
    Kpi,
    Widget,
    Consent,
    Canned,
    Bots,
    Files,
    /// The person's own settings (#20), for everyone; not in the sections
    /// bar.
    Me,
}

impl Section {
    const ALL: [Section; 14] = [
        Section::Conversations,
        Section::Ledger,
        Section::Statistics,
        Section::Clients,
        Section::Channels,
        Section::People,
        Section::Queue,
        Section::Automation,
        Section::Kpi,
        Section::Widget,
        Section::Consent,
        Section::Canned,
        Section::Bots,
        Section::Files,
    ];

    fn label(self) -> &'static str {
        match self {
            Section::Conversations => "Conversations",
            Section::Ledger => "All conversations",
            Section::Statistics => "Statistics",
            Section::Clients => "Clients",
            Section::Channels => "Channels",
            Section::People => "People",
            Section::Queue => "Queue",
            Section::Automation => "Automation",
            Section::Kpi => "Response times",
            Section::Widget => "Widget",
            Section::Consent => "Consent",
            Section::Canned => "Responses",
            Section::Bots => "Bots",
            Section::Files => "Files",
            Section::Me => "My settings",
        }
    }

    fn test_id(self) -> &'static str {
        match self {
            Section::Conversations => "nav-conversations",
            Section::Ledger => "nav-ledger",
            Section::Statistics => "nav-stats",
            Section::Clients => "nav-clients",
            Section::Channels => "nav-channels",
            Section::People => "nav-people",
            Section::Queue => "nav-queue",
            Section::Automation => "nav-automation",
            Section::Kpi => "nav-kpi",
            Section::Widget => "nav-widget",
            Section::Consent => "nav-consent",
            Section::Canned => "nav-canned",
            Section::Bots => "nav-bots",
            Section::Files => "nav-files",
            Section::Me => "nav-me",
        }
    }
}

impl Section {
    /// Supervisors who are not admins see their inbox, the list and the
    /// statistics (R-KPI-4); admins see everything.
    fn for_supervisors(self) -> bool {
        matches!(
            self,
            Section::Conversations | Section::Ledger | Section::Statistics
        )
    }
}

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
    let section = RwSignal::new(Section::Conversations);
    let open = Callback::new(move |id: ConversationId| {
        selected.set(Some(id));
        section.set(Section::Conversations);
    });
    let admin_token = token.clone();
    let choose = move |p: Presence| inbox.with_value(|i| i.set_presence(p));
    let prefs = RwSignal::new(Preferences::default());
    let alerter = StoredValue::new_local(Alerter::new());
    let looking_at = Signal::derive(move || {
        (section.get() == Section::Conversations)
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
                section.set(Section::Conversations);
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
                    {move || match connection.get() {
                        ConnState::Connecting => "Connecting…",
                        ConnState::Open => "Connected",
                        ConnState::Reconnecting => "Reconnecting…",
                    }}
                </span>
                <Show when=move || is_admin.get() || is_supervisor.get()>
                    <nav class="sections" aria-label="Sections">
                        {Section::ALL
                            .into_iter()
                            .filter(move |s| is_admin.get_untracked() || s.for_supervisors())
                            .map(|s| {
                                view! {
                                    <button
                                        type="button"
                                        class="section"
                                        data-testid=s.test_id()
                                        aria-current=move || (section.get() == s).then_some("page")
                                        on:click=move |_| section.set(s)
                                    >
                                        {s.label()}
                                    </button>
                                }
                            })
                            .collect_view()}
                    </nav>
                </Show>
                // Operators' way back from My settings.
                <Show when=move || {
                    !(is_admin.get() || is_supervisor.get()) && section.get() != Section::Conversations
                }>
                    <button
                        type="button"
                        class="section"
                        data-testid="nav-conversations"
                        on:click=move |_| section.set(Section::Conversations)
                    >
                        "Conversations"
                    </button>
                </Show>
                <span class="spacer"></span>
                <button
                    type="button"
                    class="secondary help-button"
                    data-testid="shortcuts-open"
                    title="Keyboard shortcuts (?)"
                    aria-label="Keyboard shortcuts"
                    on:click=move |_| help.set(true)
                >
                    "?"
                </button>
                <button
                    type="button"
                    class="section"
                    data-testid="nav-me"
                    aria-current=move || (section.get() == Section::Me).then_some("page")
                    on:click=move |_| section.set(Section::Me)
                >
                    "My settings"
                </button>
                <PresenceSwitch presence connected choose />
                <span class="user" data-testid="user-name">{user_name}</span>
                <button
                    type="button"
                    class="secondary"
                    data-testid="logout"
                    on:click=move |_| auth.sign_out()
                >
                    "Sign out"
                </button>
            </header>
            <ShortcutsHelp open=help />
            {move || match section.get() {
                Section::Me => {
                    view! {
                        <div class="panes single">
                            <main class="pane">
                                <MySettingsPage token=admin_token.clone() prefs alerter />
                            </main>
                        </div>
                    }
                        .into_any()
                }
                Section::Ledger => {
                    view! {
                        <div class="panes single">
                            <main class="pane">
                                <LedgerPage token=admin_token.clone() channels=readable() open />
                            </main>
                        </div>
                    }
                        .into_any()
                }
                Section::Statistics => {
                    view! {
                        <div class="panes single">
                            <main class="pane">
                                <StatisticsPage token=admin_token.clone() channels=readable() />
                            </main>
                        </div>
                    }
                        .into_any()
                }
                Section::Clients => {
                    view! {
                        <div class="panes single">
                            <main class="pane">
                                <ClientsPage token=admin_token.clone() channels=channels() />
                            </main>
                        </div>
                    }
                        .into_any()
                }
                Section::Channels => {
                    view! {
                        <div class="panes single">
                            <main class="pane">
                                <ChannelsPage token=admin_token.clone() auth />
                            </main>
                        </div>
                    }
                        .into_any()
                }
                Section::People => {
                    view! {
                        <div class="panes single">
                            <main class="pane">
                                <PeoplePage token=admin_token.clone() />
                            </main>
                        </div>
                    }
                        .into_any()
                }
                Section::Queue => {
                    view! {
                        <div class="panes single">
                            <main class="pane">
                                <QueuePage token=admin_token.clone() channels=channels() />
                            </main>
                        </div>
                    }
                        .into_any()
                }
                Section::Automation => {
                    view! {
                        <div class="panes single">
                            <main class="pane">
                                <AutomationPage token=admin_token.clone() channels=channels() />
                            </main>
                        </div>
                    }
                        .into_any()
                }
                Section::Files => {
                    view! {
                        <div class="panes single">
                            <main class="pane">
                                <FilesPage token=admin_token.clone() />
                            </main>
                        </div>
                    }
                        .into_any()
                }
                Section::Kpi => {
                    view! {
                        <div class="panes single">
                            <main class="pane">
                                <KpiPage token=admin_token.clone() channels=channels() />
                            </main>
                        </div>
                    }
                        .into_any()
                }
                Section::Widget => {
                    view! {
                        <div class="panes single">
                            <main class="pane">
                                <WidgetPage token=admin_token.clone() channels=channels() />
                            </main>
                        </div>
                    }
                        .into_any()
                }
                Section::Consent => {
                    view! {
                        <div class="panes single">
                            <main class="pane">
                                <ConsentPage token=admin_token.clone() channels=channels() />
                            </main>
                        </div>
                    }
                        .into_any()
                }
                Section::Canned => {
                    view! {
                        <div class="panes single">
                            <main class="pane">
                                <CannedPage token=admin_token.clone() channels=channels() />
                            </main>
                        </div>
                    }
                        .into_any()
                }
                Section::Bots => {
                    view! {
                        <div class="panes single">
                            <main class="pane">
                                <BotsPage token=admin_token.clone() channels=channels() />
                            </main>
                        </div>
                    }
                        .into_any()
                }
                Section::Conversations => {
                    let token = token.clone();
                    view! {
            <div
                class="panes"
                class:has-open=move || open_id.with(Option::is_some)
                class:show-details=move || details.get()
            >
                <aside class="sidebar" aria-label="Conversations">
                    <section class="channels">
                        <h2>"Your channels"</h2>
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
                                                title="You read its conversations as a supervisor"
                                            >
                                                {c.name}
                                                <span class="muted">" (you supervise)"</span>
                                            </li>
                                        }
                                    })
                                    .collect_view()
                            }}
                        </ul>
                    </section>
                    <Notices notices selected />
                    <h2>"Conversations"</h2>
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
                                "← Conversations"
                            </button>
                            <button
                                type="button"
                                class="link-button"
                                data-testid="show-details"
                                aria-pressed=move || if details.get() { "true" } else { "false" }
                                on:click=move |_| details.update(|d| *d = !*d)
                            >
                                {move || if details.get() { "Hide details" } else { "Visitor and client" }}
                            </button>
                        </div>
                    </Show>
                    {move || match open_id.get() {
                        Some(id) => {
                            view! {
                                <ConversationPane
                                    id
                                    token=token.clone()
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
                                    "Pick a conversation on the left."
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
                {presence_label(p)}
            </option>
        }
    };
    view! {
        <div class="presence" data-presence=move || presence_attr(shown())>
            <label for="presence">"Presence"</label>
            <select
                id="presence"
                data-testid="presence"
                title="Away: no new conversations are offered to you"
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
        conversations.with(|list| alerts::show_count(alerts::waiting(list, &me)));
    });
    Effect::new(move |_| {
        changes.track();
        let Some(me) = me.get_untracked() else { return };
        let batch = changes
            .try_update_untracked(std::mem::take)
            .unwrap_or_default();
        for (prev, next) in batch {
            let here = offers.accepted_here(&next.id);
            if let Some(alert) = alerts::change(prev.as_ref(), &next, &me, here) {
                give(alert);
            }
        }
    });
    Effect::new(move |_| {
        notices.with(|list| {
            for notice in list.iter().rev() {
                if alerts::first_time(&notice.id) {
                    give(conversations.with_untracked(|c| alerts::late(notice, c)));
                }
            }
        });
    });
    on_cleanup(|| alerts::show_count(0));
}
