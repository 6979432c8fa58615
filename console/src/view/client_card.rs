//! A client's CRM card (R-CRM-1…4): the operator's "Client" panel beside an
//! open conversation — who the client is, their responsible operator, their
//! lead and their other conversations, and "Create lead" — and the parts of
//! a card the admins' Clients page shows too ([`CardFacts`],
//! [`CardConversations`]).
//!
//! The CRM hears of a conversation shortly after the client's first message
//! and of an email they leave shortly after that, so the panel asks again
//! every few seconds while it knows less than the conversation shows (no
//! card yet, or not the email in the header), for half a minute at most.
//!
//! Above the card, the panel shows who the visitor is and where
//! ([`VisitorInfo`], issue #20).
//!
//! Every text shown here is in the console's catalog (#22).

use canal_shared::connectors::ConnectorKind;
use canal_shared::crm::{ClientCard, ClientConversation, Lead};
use canal_shared::i18n::{Arg, ConsoleMsg, Lang};
use canal_shared::ids::{ChannelId, ConversationId, UserId};
use canal_shared::people::{PeopleResponse, QueueMembers};
use canal_shared::protocol::{ChannelInfo, FileRef, Role, UserView};
use canal_shared::time::Timestamp;
use canal_shared::visit::VisitorContext;
use leptos::prelude::*;
use leptos::prelude::{set_timeout_with_handle, TimeoutHandle};
use leptos::task::spawn_local;

use crate::auth::Session;
use crate::crm_api::{self, ConversationClient, LeadState};
use crate::format::{date_time, full_time, now};
use crate::i18n::{t, Locale};
use crate::view::attachment::ConversationFiles;
use crate::view::focus::focus_id;
use crate::view::visitor_info::VisitorInfo;
use crate::{admin, api};

/// How often the panel asks again while it knows less than the conversation.
const POLL_MS: u64 = 2_500;

/// For how long after the conversation opens (or shows a new email) it does.
const POLL_WINDOW_MS: i64 = 30_000;

/// Who is who: the names of the people a card may mention (its responsible
/// operator, who made its lead).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Names(Vec<(UserId, String)>);

impl Names {
    /// Everyone of the account (admins).
    pub fn from_people(people: &PeopleResponse) -> Names {
        Names(
            people
                .people
                .iter()
                .map(|p| (p.id.clone(), p.name.clone()))
                .collect(),
        )
    }

    /// The operators of a channel's queue, and whoever is signed in.
    pub fn from_members(members: &QueueMembers, me: Option<&UserView>) -> Names {
        let mut names: Vec<(UserId, String)> = members
            .members
            .iter()
            .map(|m| (m.operator.id.clone(), m.operator.name.clone()))
            .collect();
        if let Some(me) = me {
            names.push((me.id.clone(), me.name.clone()));
        }
        Names(names)
    }

    /// `id`'s name, or what to say of someone not listed (an operator
    /// outside the queue, a person deleted since).
    pub fn of(&self, lang: Lang, id: &UserId) -> String {
        self.0
            .iter()
            .find(|(u, _)| u == id)
            .map(|(_, n)| n.clone())
            .unwrap_or_else(|| lang.console(ConsoleMsg::CardSomeone, &[]))
    }
}

/// What the card is called ([`ClientCard::title`]): the client's name,
/// else their first email or phone, else what the conversations call them.
pub fn client_title(lang: Lang, card: &ClientCard) -> String {
    card.known_title()
        .unwrap_or_else(|| lang.console(ConsoleMsg::CardUnnamed, &[]))
}

/// A list of contacts on one line, or "None".
pub fn contacts(lang: Lang, list: &std::collections::BTreeSet<String>) -> String {
    if list.is_empty() {
        return lang.console(ConsoleMsg::CardContactsNone, &[]);
    }
    list.iter().cloned().collect::<Vec<_>>().join(", ")
}

/// Who is responsible for the client.
pub fn responsible_text(lang: Lang, card: &ClientCard, names: &Names) -> String {
    match &card.responsible {
        Some(id) => names.of(lang, id),
        None => lang.console(ConsoleMsg::CardNobody, &[]),
    }
}

/// Where a client writes from, in words: the live chat's name is
/// translated, the others are names.
pub fn source_label(lang: Lang, kind: ConnectorKind) -> String {
    match kind {
        ConnectorKind::LiveChat => lang.console(ConsoleMsg::CardSourceLiveChat, &[]),
        other => other.label().to_owned(),
    }
}

/// A lead in words, without its date (R-CRM-4: its source, set on its own):
/// "Lead from Live chat, made by Ana" or "…, made automatically".
pub fn lead_text(lang: Lang, lead: &Lead, names: &Names) -> String {
    let source = source_label(lang, lead.source);
    match &lead.by {
        Some(id) => lang.console(
            ConsoleMsg::CardLeadBy,
            &[
                ("source", Arg::Str(&source)),
                ("name", Arg::Str(&names.of(lang, id))),
            ],
        ),
        None => lang.console(ConsoleMsg::CardLeadAuto, &[("source", Arg::Str(&source))]),
    }
}

/// "1 conversation", "3 conversations".
pub fn conversations_label(lang: Lang, n: usize) -> String {
    lang.console(ConsoleMsg::CardConversations, &[("count", Arg::count(n))])
}

/// The name of channel `id`, or what to say of a channel not listed (one
/// the operator is not in, or deleted).
pub fn channel_name(lang: Lang, id: &ChannelId, channels: &[ChannelInfo]) -> String {
    channels
        .iter()
        .find(|c| &c.id == id)
        .map(|c| c.name.clone())
        .unwrap_or_else(|| lang.console(ConsoleMsg::CardOtherChannel, &[]))
}

/// Whether the panel should ask the CRM again: it has no card yet, or the
/// card lacks the email the conversation shows (`contact`).
fn stale(state: &ConversationClient, contact: Option<&str>) -> bool {
    match &state.client {
        None => true,
        Some(card) => contact.is_some_and(|c| !card.emails.contains(&c.trim().to_lowercase())),
    }
}

/// Why "Create lead" is disabled, as a sentence; `None` when it is not.
/// The console tells the reasons apart itself (R-CRM-3): no card yet (the
/// client has not written), a lead already, else nobody can reach them.
fn lead_reason(lang: Lang, state: &ConversationClient) -> Option<String> {
    if state.lead.allowed {
        return None;
    }
    let msg = match &state.client {
        None => ConsoleMsg::CardLeadNotWritten,
        Some(card) if card.lead.is_some() => ConsoleMsg::CardLeadExists,
        Some(card) if card.reachable_by().is_none() => ConsoleMsg::CardLeadUnreachable,
        Some(_) => ConsoleMsg::CardLeadImpossible,
    };
    Some(lang.console(msg, &[]))
}

/// What is said once a lead is made by `me`.
fn lead_made_message(lang: Lang, card: &ClientCard, me: Option<&UserId>, names: &Names) -> String {
    match (&card.responsible, me) {
        (Some(r), Some(me)) if r == me => lang.console(ConsoleMsg::CardLeadMadeMine, &[]),
        (Some(r), _) => lang.console(
            ConsoleMsg::CardLeadMadeTheirs,
            &[("name", Arg::Str(&names.of(lang, r)))],
        ),
        (None, _) => lang.console(ConsoleMsg::CardLeadMade, &[]),
    }
}

/// The card's conversations to list, newest first, without `except`.
fn listed(
    conversations: &[ClientConversation],
    except: Option<&ConversationId>,
) -> Vec<ClientConversation> {
    conversations
        .iter()
        .rev()
        .filter(|c| Some(&c.id) != except)
        .cloned()
        .collect()
}

/// The "Client" panel of conversation `conversation`: its client's card and
/// "Create lead" (R-CRM-2, R-CRM-3).
#[component]
pub fn ClientPanel(
    /// The open conversation.
    conversation: ConversationId,
    /// Its channel, once known.
    channel: Signal<Option<ChannelId>>,
    /// The email the conversation shows (left by the visitor or verified).
    contact: Signal<Option<String>>,
    /// The signed-in operator.
    me: Signal<Option<UserView>>,
    /// The channels the operator sees, to name the client's conversations'.
    channels: Signal<Vec<ChannelInfo>>,
    /// Who the visitor is and where (issue #20), shown above the card.
    visitor: Signal<Option<VisitorContext>>,
    /// The files of the conversation (#21), listed below the card.
    files: Signal<Vec<FileRef>>,
) -> impl IntoView {
    let token = Session::current().token();
    let token = StoredValue::new(token);
    let conversation = StoredValue::new(conversation);
    let channel = Memo::new(move |_| channel.get());
    let contact = Memo::new(move |_| contact.get());
    let state = RwSignal::new(None::<ConversationClient>);
    let error = RwSignal::new(None::<String>);
    let done = RwSignal::new(None::<String>);
    let names = RwSignal::new(Names::default());
    let creating = RwSignal::new(false);
    let refresher = Refresher::new(token, conversation, channel, contact, state, error);
    on_cleanup(move || refresher.stop());

    // Opened, or the header shows a new email: ask now and while stale.
    Effect::new(move |_| {
        channel.track();
        contact.track();
        refresher.watch();
    });
    // The names of the people a card may mention.
    Effect::new(move |_| {
        let Some(id) = channel.get() else { return };
        let me = me.get_untracked();
        let admin = me.as_ref().is_some_and(|m| m.role == Role::Admin);
        let token = token.get_value();
        spawn_local(async move {
            let got = if admin {
                admin::people(&token).await.map(|p| Names::from_people(&p))
            } else {
                api::queue_members(&token, &id)
                    .await
                    .map(|m| Names::from_members(&m, me.as_ref()))
            };
            // Without names, cards say "an operator not listed here".
            if let Ok(got) = got {
                names.try_set(got);
            }
        });
    });

    let create = move |_| {
        let Some(id) = channel.get_untracked() else {
            return;
        };
        if creating.get_untracked() {
            return;
        }
        creating.set(true);
        error.set(None);
        done.set(None);
        let token = token.get_value();
        let conversation = conversation.get_value();
        spawn_local(async move {
            let result = crm_api::create_lead(&token, &id, &conversation).await;
            if creating.try_set(false).is_some() {
                return;
            }
            match result {
                Ok(card) => {
                    let me = me.with_untracked(|m| m.as_ref().map(|m| m.id.clone()));
                    let lang = Locale::current().lang_now();
                    done.set(Some(names.with_untracked(|n| {
                        lead_made_message(lang, &card, me.as_ref(), n)
                    })));
                    // As the CRM says it from now on.
                    state.set(Some(ConversationClient {
                        client: Some(card),
                        lead: LeadState {
                            allowed: false,
                            reason: None,
                        },
                    }));
                    focus_id("client-card-lead");
                }
                Err(f) => {
                    error.set(Some(f.message));
                    focus_id("client-card-title");
                    // Someone else made it, or the client changed: show
                    // what the CRM holds now.
                    refresher.load();
                }
            }
        });
    };

    // The conversations the CRM knows of before this one.
    let before = Signal::derive(move || {
        state.with(|s| {
            s.as_ref().map(|s| match &s.client {
                Some(card) => {
                    conversation.with_value(|c| listed(&card.conversations, Some(c)).len())
                }
                None => 0,
            })
        })
    });
    view! {
        <aside
            class="client-card"
            aria-labelledby="client-card-title"
            data-testid="client-card"
            aria-busy=move || creating.get().then_some("true")
        >
            <VisitorInfo visitor before />
            <div class="client-card-head">
                <h2 id="client-card-title" tabindex="-1">{t(ConsoleMsg::CardTitle)}</h2>
                <button
                    type="button"
                    class="secondary"
                    data-testid="client-refresh"
                    aria-label=t(ConsoleMsg::CardRefreshLabel)
                    on:click=move |_| refresher.watch()
                >
                    {t(ConsoleMsg::CardRefresh)}
                </button>
            </div>
            {move || error.get().map(|e| view! { <p role="alert" class="error" data-testid="client-card-error">{e}</p> })}
            <p role="status" class="client-card-done" data-testid="client-card-done">{move || done.get()}</p>
            {move || match state.get() {
                None => view! { <p role="status" class="empty">{t(ConsoleMsg::CardLoading)}</p> }.into_any(),
                Some(ConversationClient { client: None, lead }) => {
                    let reason = ConversationClient { client: None, lead: lead.clone() };
                    view! {
                    <p class="client-none" data-testid="client-none">
                        {t(ConsoleMsg::CardNone)}
                    </p>
                    <LeadAction lead reason creating on_create=Callback::new(create) />
                }
                    .into_any()
                }
                Some(ConversationClient { client: Some(card), lead }) => {
                    let reason = ConversationClient { client: Some(card.clone()), lead: lead.clone() };
                    let others = conversation.with_value(|c| listed(&card.conversations, Some(c)));
                    let action = card
                        .lead
                        .is_none()
                        .then(|| view! { <LeadAction lead reason creating on_create=Callback::new(create) /> });
                    view! {
                        <CardFacts card names=names.into() prefix="client-card" />
                        {action}
                        <CardConversations conversations=others channels title=ConsoleMsg::CardOtherConversations />
                    }
                        .into_any()
                }
            }}
            <ConversationFiles files />
        </aside>
    }
}

/// "Create lead", disabled with the reason beside it when a lead cannot be
/// made (R-CRM-3).
#[component]
fn LeadAction(
    /// Whether a lead can be made.
    lead: LeadState,
    /// The conversation's client and lead, to say why not.
    reason: ConversationClient,
    /// A lead is on its way.
    creating: RwSignal<bool>,
    /// Makes it.
    on_create: Callback<()>,
) -> impl IntoView {
    let reason = lead_reason(Locale::current().lang_now(), &reason);
    let allowed = lead.allowed;
    view! {
        <div class="client-lead-action">
            <button
                type="button"
                data-testid="create-lead"
                disabled=move || !allowed || creating.get()
                aria-describedby=reason.is_some().then_some("lead-reason")
                on:click=move |_| on_create.run(())
            >
                {move || t(if creating.get() { ConsoleMsg::CardCreatingLead } else { ConsoleMsg::CardCreateLead })()}
            </button>
            {reason.map(|r| view! { <p class="hint" id="lead-reason" data-testid="lead-reason">{r}</p> })}
        </div>
    }
}

/// Asks the CRM for the conversation's client, again every few seconds
/// while the answer is stale, within a window. Cheap to copy.
#[derive(Clone, Copy)]
struct Refresher {
    token: StoredValue<String>,
    conversation: StoredValue<ConversationId>,
    channel: Memo<Option<ChannelId>>,
    contact: Memo<Option<String>>,
    state: RwSignal<Option<ConversationClient>>,
    error: RwSignal<Option<String>>,
    /// Until when to ask again while stale.
    until: StoredValue<Timestamp>,
    /// The next ask.
    timer: StoredValue<Option<TimeoutHandle>>,
    /// The number of the latest ask: older answers are dropped.
    generation: StoredValue<u64>,
}

impl Refresher {
    fn new(
        token: StoredValue<String>,
        conversation: StoredValue<ConversationId>,
        channel: Memo<Option<ChannelId>>,
        contact: Memo<Option<String>>,
        state: RwSignal<Option<ConversationClient>>,
        error: RwSignal<Option<String>>,
    ) -> Refresher {
        Refresher {
            token,
            conversation,
            channel,
            contact,
            state,
            error,
            until: StoredValue::new(Timestamp(0)),
            timer: StoredValue::new(None),
            generation: StoredValue::new(0),
        }
    }

    /// Asks now, and again while stale for the next half minute.
    fn watch(self) {
        self.until.set_value(Timestamp(now().0 + POLL_WINDOW_MS));
        self.load();
    }

    /// Asks now.
    fn load(self) {
        self.stop();
        let Some(channel) = self.channel.get_untracked() else {
            return;
        };
        let Some(generation) = self.generation.try_update_value(|g| {
            *g += 1;
            *g
        }) else {
            return;
        };
        let token = self.token.get_value();
        let conversation = self.conversation.get_value();
        spawn_local(async move {
            let result = crm_api::conversation_client(&token, &channel, &conversation).await;
            if self.generation.try_get_value() != Some(generation) {
                // Gone, or a newer ask is on its way.
                return;
            }
            let again = match result {
                Ok(s) => {
                    let again = stale(&s, self.contact.get_untracked().as_deref());
                    if self.error.with_untracked(Option::is_some) {
                        self.error.set(None);
                    }
                    // The same answer again leaves the panel (and the focus
                    // in it) alone.
                    if self.state.with_untracked(|now| now.as_ref() != Some(&s)) {
                        self.state.set(Some(s));
                    }
                    again
                }
                Err(f) => {
                    self.error.set(Some(f.message));
                    true
                }
            };
            if again && now() < self.until.get_value() {
                self.schedule();
            }
        });
    }

    fn schedule(self) {
        let handle = set_timeout_with_handle(
            move || {
                if self.generation.try_get_value().is_some() {
                    self.load();
                }
            },
            std::time::Duration::from_millis(POLL_MS),
        );
        if let Ok(handle) = handle {
            self.timer.set_value(Some(handle));
        }
    }

    /// Cancels the next ask, if any.
    fn stop(self) {
        if let Some(Some(handle)) = self.timer.try_update_value(Option::take) {
            handle.clear();
        }
    }
}

/// The facts of a card: name, emails, phones, responsible, lead (R-CRM-1,
/// R-CRM-4). The lead's line has the id `<prefix>-lead` (focused once made).
#[component]
pub fn CardFacts(
    /// The card.
    card: ClientCard,
    /// Who is who.
    names: Signal<Names>,
    /// The prefix of the element ids.
    prefix: &'static str,
) -> impl IntoView {
    let locale = Locale::current();
    let name = card.name.clone().filter(|n| !n.trim().is_empty());
    let (emails, phones) = (card.emails.clone(), card.phones.clone());
    let emails = move || contacts(locale.lang(), &emails);
    let phones = move || contacts(locale.lang(), &phones);
    let responsible = {
        let card = card.clone();
        move || names.with(|n| responsible_text(locale.lang(), &card, n))
    };
    let lead = card.lead.clone();
    let lead_line = move || match &lead {
        None => view! { {t(ConsoleMsg::CardNotLead)} }.into_any(),
        Some(l) => {
            let text = names.with(|n| lead_text(locale.lang(), l, n));
            view! {
                {text}
                " — "
                <time datetime=full_time(l.created_at)>{date_time(locale.lang(), l.created_at)}</time>
            }
            .into_any()
        }
    };
    view! {
        <dl class="client-facts">
            <dt>{t(ConsoleMsg::CardName)}</dt>
            <dd data-testid="client-name">
                {match name {
                    Some(n) => view! { {n} }.into_any(),
                    None => view! { <span class="client-unknown">{t(ConsoleMsg::CardUnknown)}</span> }.into_any(),
                }}
            </dd>
            <dt>{t(ConsoleMsg::CardEmails)}</dt>
            <dd data-testid="client-emails">{emails}</dd>
            <dt>{t(ConsoleMsg::CardPhones)}</dt>
            <dd data-testid="client-phones">{phones}</dd>
            <dt>{t(ConsoleMsg::CardResponsible)}</dt>
            <dd data-testid="client-responsible">{responsible}</dd>
            <dt>{t(ConsoleMsg::CardLead)}</dt>
            <dd
                id=format!("{prefix}-lead")
                tabindex="-1"
                data-testid="client-lead"
                data-lead=card.lead.is_some().to_string()
            >
                {lead_line}
            </dd>
        </dl>
    }
}

/// A card's conversations, as given: channel, where the client wrote from,
/// when, and a link that opens its history (R-CH-6).
#[component]
pub fn CardConversations(
    /// The conversations to list.
    conversations: Vec<ClientConversation>,
    /// The channels, to name them.
    channels: Signal<Vec<ChannelInfo>>,
    /// The list's heading.
    title: ConsoleMsg,
) -> impl IntoView {
    let locale = Locale::current();
    let count = conversations.len();
    let items = move || {
        let channels = channels.get();
        let lang = locale.lang();
        conversations
            .iter()
            .map(|c| {
                view! {
                    <li data-testid="client-conversation" data-id=c.id.to_string()>
                        <span class="client-conversation-channel">{channel_name(lang, &c.channel, &channels)}</span>
                        <span class="client-conversation-source">{source_label(lang, c.source)}</span>
                        <time datetime=full_time(c.at)>{date_time(lang, c.at)}</time>
                        // R-CH-6: its whole history opens in the console.
                        <a href=format!("?conversation={}", c.id) data-testid="client-conversation-open">
                            {t(ConsoleMsg::CardRead)}
                        </a>
                    </li>
                }
            })
            .collect_view()
    };
    view! {
        <section class="client-conversations-part">
            <h3>{t(title)} " (" {count} ")"</h3>
            {if count == 0 {
                view! { <p class="hint" data-testid="client-conversations-none">{t(ConsoleMsg::CardConversationsNone)}</p> }.into_any()
            } else {
                view! { <ul class="client-conversations" data-testid="client-conversations">{items}</ul> }.into_any()
            }}
        </section>
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use canal_shared::connectors::ConnectorKind;
    use canal_shared::ids::ClientId;
    use canal_shared::people::QueueMember;
    use canal_shared::protocol::OperatorInfo;
    use canal_shared::routing::Presence;

    use super::*;

    fn user(id: &str) -> UserId {
        UserId::parse(id).unwrap()
    }

    fn conversation(id: &str, at: i64) -> ClientConversation {
        ClientConversation {
            id: ConversationId::parse(id).unwrap(),
            channel: ChannelId::parse("demo").unwrap(),
            source: ConnectorKind::LiveChat,
            at: Timestamp(at),
        }
    }

    fn card() -> ClientCard {
        ClientCard {
            id: ClientId::parse("cl_1").unwrap(),
            name: None,
            emails: BTreeSet::new(),
            phones: BTreeSet::new(),
            keys: BTreeSet::new(),
            responsible: None,
            lead: None,
            conversations: vec![conversation("c1", 1)],
            created_at: Timestamp(1),
            updated_at: Timestamp(1),
            merged_into: None,
            alias: None,
        }
    }

    fn names() -> Names {
        let members = QueueMembers {
            members: vec![QueueMember {
                operator: OperatorInfo {
                    id: user("ana"),
                    name: "Ana".into(),
                },
                presence: Presence::Online,
                load: 0,
            }],
        };
        let me = UserView {
            id: user("bruno"),
            email: "bruno@example.com".into(),
            name: "Bruno".into(),
            role: Role::Operator,
        };
        Names::from_members(&members, Some(&me))
    }

    #[test]
    fn cards_read_as_people_say_them() {
        let mut c = card();
        assert_eq!(client_title(Lang::En, &c), "Unnamed client");
        assert_eq!(contacts(Lang::En, &c.emails), "None");
        c.phones.insert("+5511999990000".into());
        assert_eq!(client_title(Lang::En, &c), "+5511999990000");
        c.emails.insert("sam@example.com".into());
        c.emails.insert("b@example.com".into());
        assert_eq!(client_title(Lang::En, &c), "b@example.com");
        assert_eq!(
            contacts(Lang::En, &c.emails),
            "b@example.com, sam@example.com"
        );
        c.name = Some("Sam".into());
        assert_eq!(client_title(Lang::En, &c), "Sam");

        let n = names();
        assert_eq!(responsible_text(Lang::En, &c, &n), "Nobody yet");
        c.responsible = Some(user("ana"));
        assert_eq!(responsible_text(Lang::En, &c, &n), "Ana");
        c.responsible = Some(user("bruno"));
        assert_eq!(responsible_text(Lang::En, &c, &n), "Bruno");
        // R-CRM-5: the responsible may be outside the queue.
        c.responsible = Some(user("carla"));
        assert_eq!(
            responsible_text(Lang::En, &c, &n),
            "an operator not listed here"
        );

        assert_eq!(conversations_label(Lang::En, 1), "1 conversation");
        assert_eq!(conversations_label(Lang::En, 0), "0 conversations");
        assert_eq!(conversations_label(Lang::En, 2), "2 conversations");
        let channels = vec![ChannelInfo {
            id: ChannelId::parse("demo").unwrap(),
            name: "Shop".into(),
        }];
        assert_eq!(
            channel_name(Lang::En, &ChannelId::parse("demo").unwrap(), &channels),
            "Shop"
        );
        assert_eq!(
            channel_name(Lang::En, &ChannelId::parse("other").unwrap(), &channels),
            "another channel"
        );
    }

    #[test]
    fn r_crm_4_a_lead_says_its_source_and_who_made_it() {
        let n = names();
        let by_hand = Lead {
            source: ConnectorKind::LiveChat,
            by: Some(user("ana")),
            created_at: Timestamp(5),
        };
        assert_eq!(
            lead_text(Lang::En, &by_hand, &n),
            "Lead from Live chat, made by Ana"
        );
        let automatic = Lead {
            source: ConnectorKind::Telegram,
            by: None,
            created_at: Timestamp(5),
        };
        assert_eq!(
            lead_text(Lang::En, &automatic, &n),
            "Lead from Telegram, made automatically"
        );
        let mut c = card();
        c.responsible = Some(user("bruno"));
        assert_eq!(
            lead_made_message(Lang::En, &c, Some(&user("bruno")), &n),
            "Lead created. You are responsible for this client."
        );
        c.responsible = Some(user("ana"));
        assert_eq!(
            lead_made_message(Lang::En, &c, Some(&user("bruno")), &n),
            "Lead created. Ana stays responsible."
        );
    }

    #[test]
    fn r_crm_3_create_lead_says_why_it_is_disabled() {
        let refused = LeadState {
            allowed: false,
            reason: None,
        };
        let state = |client: Option<ClientCard>, lead: &LeadState| ConversationClient {
            client,
            lead: lead.clone(),
        };
        assert_eq!(
            lead_reason(Lang::En, &state(Some(card()), &refused)).as_deref(),
            Some("There is no way to reach this client again: ask for their email, or wait for them to write from a messenger.")
        );
        assert_eq!(
            lead_reason(Lang::PtBr, &state(None, &refused)).as_deref(),
            Some("O cliente ainda não escreveu.")
        );
        let mut lead = card();
        lead.lead = Some(Lead {
            source: ConnectorKind::LiveChat,
            by: None,
            created_at: Timestamp(5),
        });
        assert_eq!(
            lead_reason(Lang::En, &state(Some(lead), &refused)).as_deref(),
            Some("This client is already a lead.")
        );
        let allowed = LeadState {
            allowed: true,
            reason: None,
        };
        assert_eq!(lead_reason(Lang::En, &state(Some(card()), &allowed)), None);
    }

    #[test]
    fn the_panel_asks_again_while_it_knows_less_than_the_conversation() {
        let none = ConversationClient {
            client: None,
            lead: LeadState {
                allowed: false,
                reason: Some("the client has not written yet".into()),
            },
        };
        assert!(stale(&none, None));
        let mut known = ConversationClient {
            client: Some(card()),
            lead: none.lead.clone(),
        };
        assert!(!stale(&known, None));
        assert!(stale(&known, Some("Sam@Example.com")));
        if let Some(c) = known.client.as_mut() {
            c.emails.insert("sam@example.com".into());
        }
        assert!(!stale(&known, Some(" Sam@Example.com ")));
    }

    #[test]
    fn other_conversations_come_newest_first() {
        let list = vec![
            conversation("c1", 1),
            conversation("c2", 2),
            conversation("c3", 3),
        ];
        let ids = |l: Vec<ClientConversation>| {
            l.into_iter().map(|c| c.id.to_string()).collect::<Vec<_>>()
        };
        assert_eq!(ids(listed(&list, None)), ["c3", "c2", "c1"]);
        let current = ConversationId::parse("c2").unwrap();
        assert_eq!(ids(listed(&list, Some(&current))), ["c3", "c1"]);
    }
}
