//! The built-in CRM (R-CRM-1…6): client cards that join every conversation
//! of the same person, leads, the responsible operator, and the events an
//! outgoing webhook reports.
//!
//! A person is recognised by keys (R-CRM-1): the site's verified user id,
//! an email, a phone, or a messenger account. A conversation reports what it
//! knows as a [`Sighting`]; [`sight`] finds the card with one of its keys
//! (the oldest if several), or makes one, and attaches the conversation.
//! Cards are merged by hand ([`merge`]). Everything here is pure: the CRM's
//! object loads the cards a sighting's keys point at and stores the result.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::connectors::ConnectorKind;
use crate::ids::{ChannelId, ClientId, ConversationId, UserId};
use crate::time::Timestamp;

/// A channel's CRM settings.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CrmSettings {
    /// Create a lead for a new client on their first message, when they can
    /// be reached again (R-CRM-2, R-CRM-3).
    #[serde(default)]
    pub auto_lead: bool,
    /// A recognised client's conversation goes straight to their
    /// responsible operator, queue or not (R-CRM-5).
    #[serde(default = "yes")]
    pub route_to_responsible: bool,
    /// A manual transfer makes the new operator the responsible one (R-CRM-6).
    #[serde(default = "yes")]
    pub change_responsible_on_transfer: bool,
}

fn yes() -> bool {
    true
}

impl Default for CrmSettings {
    fn default() -> Self {
        Self {
            auto_lead: false,
            route_to_responsible: true,
            change_responsible_on_transfer: true,
        }
    }
}

/// What a conversation knows of its client, reported to the CRM.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sighting {
    /// The conversation.
    pub conversation: ConversationId,
    /// Its channel.
    pub channel: ChannelId,
    /// Where the client writes from (R-CRM-4).
    pub source: ConnectorKind,
    /// The name the client goes by, if known (a verified name, a messenger's).
    #[serde(default)]
    pub name: Option<String>,
    /// What the console calls the client in the conversation ("Visitor
    /// 1234"), for a client who gave no name.
    #[serde(default)]
    pub alias: Option<String>,
    /// The keys the client is recognised by (see [`keys`]).
    pub keys: Vec<String>,
    /// Emails they gave or that their identity carries.
    #[serde(default)]
    pub emails: Vec<String>,
    /// Phones they gave.
    #[serde(default)]
    pub phones: Vec<String>,
    /// When.
    pub at: Timestamp,
}

/// The keys a client is recognised by (R-CRM-1).
pub fn keys(
    identity: Option<&str>,
    emails: &[String],
    phones: &[String],
    messenger: Option<(ConnectorKind, &str)>,
) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(id) = identity {
        out.push(format!("user:{id}"));
    }
    out.extend(
        emails
            .iter()
            .map(|e| format!("email:{}", e.trim().to_lowercase())),
    );
    out.extend(
        phones
            .iter()
            .filter_map(|p| normalize_phone(p))
            .map(|p| format!("phone:{p}")),
    );
    if let Some((kind, account)) = messenger {
        let kind = match kind {
            ConnectorKind::LiveChat => "visitor",
            ConnectorKind::Telegram => "telegram",
            ConnectorKind::Webhook => "webhook",
        };
        out.push(format!("{kind}:{account}"));
    }
    out.sort();
    out.dedup();
    out
}

/// A phone as digits with an optional leading `+` (7 to 15 digits), or `None`.
pub fn normalize_phone(p: &str) -> Option<String> {
    let plus = p.trim_start().starts_with('+');
    let digits: String = p.chars().filter(char::is_ascii_digit).collect();
    ((7..=15).contains(&digits.len())).then(|| if plus { format!("+{digits}") } else { digits })
}

/// A client's conversation, as their card lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClientConversation {
    /// The conversation.
    pub id: ConversationId,
    /// Its channel.
    pub channel: ChannelId,
    /// Where the client wrote from.
    pub source: ConnectorKind,
    /// When it was first seen.
    pub at: Timestamp,
}

/// A lead: a client worth following up (R-CRM-2…4).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Lead {
    /// Where the client came from, set on its own (R-CRM-4).
    pub source: ConnectorKind,
    /// Who made it; `None` when made automatically.
    pub by: Option<UserId>,
    /// When.
    pub created_at: Timestamp,
}

/// A client's card.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClientCard {
    /// Its id.
    pub id: ClientId,
    /// Their name, if known.
    pub name: Option<String>,
    /// Their emails.
    pub emails: BTreeSet<String>,
    /// Their phones.
    pub phones: BTreeSet<String>,
    /// Everything they are recognised by.
    pub keys: BTreeSet<String>,
    /// Their responsible operator.
    pub responsible: Option<UserId>,
    /// Their lead, if one was made.
    pub lead: Option<Lead>,
    /// Every conversation they had, oldest first.
    pub conversations: Vec<ClientConversation>,
    /// When the card was made.
    pub created_at: Timestamp,
    /// When it last changed.
    pub updated_at: Timestamp,
    /// Set when merged into another card, which holds everything now.
    #[serde(default)]
    pub merged_into: Option<ClientId>,
    /// What the console called the client in their first conversation
    /// ("Visitor 1234"): the card's title while it has no name or contact.
    #[serde(default)]
    pub alias: Option<String>,
}

impl ClientCard {
    /// What the card is called: the client's name, else their first email
    /// or phone, else what their conversation calls them ("Visitor 1234"),
    /// as everywhere else in the console; "Unnamed client" only for a card
    /// from before aliases were kept.
    pub fn title(&self) -> String {
        self.known_title()
            .unwrap_or_else(|| "Unnamed client".into())
    }

    /// The title when something names the client (its name, a contact, an
    /// alias); `None` when nothing does, for a caller that says "unnamed"
    /// in its own language.
    pub fn known_title(&self) -> Option<String> {
        self.name
            .clone()
            .filter(|n| !n.trim().is_empty())
            .or_else(|| self.emails.iter().next().cloned())
            .or_else(|| self.phones.iter().next().cloned())
            .or_else(|| self.alias.clone().filter(|n| !n.trim().is_empty()))
    }

    /// What a search of the Clients page looks in, lowercased: the name,
    /// the contacts and the alias, so "Visitor 1234" finds that client.
    pub fn search_text(&self) -> String {
        [
            self.name.clone().unwrap_or_default(),
            self.emails.iter().cloned().collect::<Vec<_>>().join(" "),
            self.phones.iter().cloned().collect::<Vec<_>>().join(" "),
            self.alias.clone().unwrap_or_default(),
        ]
        .join(" ")
        .to_lowercase()
    }

    /// How the client can be reached again, if at all (R-CRM-3): an email,
    /// a phone, or a messenger they wrote from.
    pub fn reachable_by(&self) -> Option<String> {
        if let Some(e) = self.emails.iter().next() {
            return Some(format!("email {e}"));
        }
        if let Some(p) = self.phones.iter().next() {
            return Some(format!("phone {p}"));
        }
        self.conversations
            .iter()
            .rev()
            .find(|c| c.source != ConnectorKind::LiveChat)
            .map(|c| c.source.label().to_owned())
    }

    /// The source of a lead made now: where the client last wrote from.
    fn source(&self) -> ConnectorKind {
        self.conversations
            .last()
            .map_or(ConnectorKind::LiveChat, |c| c.source)
    }
}

/// What changed, for the outgoing webhook.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum CrmEvent {
    /// A new client.
    ClientCreated {
        /// The card.
        client: ClientCard,
    },
    /// A client changed (a new conversation, contact, responsible, merge).
    ClientChanged {
        /// The card.
        client: ClientCard,
    },
    /// A lead was made.
    LeadCreated {
        /// The card with its lead.
        client: ClientCard,
    },
}

/// What a sighting did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sighted {
    /// The card now.
    pub card: ClientCard,
    /// What to report.
    pub events: Vec<CrmEvent>,
}

/// Attaches a sighting to the card one of its keys points at — the oldest of
/// `matching` that is not merged away — or to a new card `new_id`
/// (R-CRM-1); with `auto_lead`, a client without a lead gets one as soon as
/// they can be reached (R-CRM-2…4).
pub fn sight(
    matching: &[ClientCard],
    s: &Sighting,
    settings: CrmSettings,
    new_id: ClientId,
) -> Sighted {
    let existing = matching
        .iter()
        .filter(|c| c.merged_into.is_none())
        .min_by_key(|c| (c.created_at, c.id.clone()));
    let created = existing.is_none();
    let mut card = existing.cloned().unwrap_or_else(|| ClientCard {
        id: new_id,
        name: None,
        emails: BTreeSet::new(),
        phones: BTreeSet::new(),
        keys: BTreeSet::new(),
        responsible: None,
        lead: None,
        conversations: Vec::new(),
        created_at: s.at,
        updated_at: s.at,
        merged_into: None,
        alias: None,
    });
    let before = card.clone();
    if card.name.is_none() {
        card.name.clone_from(&s.name);
    }
    if card.alias.is_none() {
        card.alias.clone_from(&s.alias);
    }
    card.emails
        .extend(s.emails.iter().map(|e| e.trim().to_lowercase()));
    card.phones
        .extend(s.phones.iter().filter_map(|p| normalize_phone(p)));
    card.keys.extend(s.keys.iter().cloned());
    if !card.conversations.iter().any(|c| c.id == s.conversation) {
        card.conversations.push(ClientConversation {
            id: s.conversation.clone(),
            channel: s.channel.clone(),
            source: s.source,
            at: s.at,
        });
    }
    let mut events = Vec::new();
    if card != before || created {
        card.updated_at = s.at;
        events.push(if created {
            CrmEvent::ClientCreated {
                client: card.clone(),
            }
        } else {
            CrmEvent::ClientChanged {
                client: card.clone(),
            }
        });
    }
    // R-CRM-2, R-CRM-3: a lead the moment a client who has none can be
    // reached, whether the way back came with their first message or later
    // (an email left in the offline form, a later conversation).
    if settings.auto_lead && card.lead.is_none() && card.reachable_by().is_some() {
        card.lead = Some(Lead {
            source: card.source(),
            by: None,
            created_at: s.at,
        });
        events.push(CrmEvent::LeadCreated {
            client: card.clone(),
        });
    }
    Sighted { card, events }
}

/// Why a lead cannot be made.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum LeadError {
    /// R-CRM-3.
    #[error("there is no way to reach this client again: ask for their email, or wait for them to write from a messenger")]
    Unreachable,
    /// One lead per client.
    #[error("this client is already a lead")]
    Exists,
}

/// Makes a lead of the card by operator `by` (R-CRM-2…4); `by` becomes
/// responsible if nobody is.
pub fn create_lead(
    card: &mut ClientCard,
    by: &UserId,
    now: Timestamp,
) -> Result<CrmEvent, LeadError> {
    if card.lead.is_some() {
        return Err(LeadError::Exists);
    }
    if card.reachable_by().is_none() {
        return Err(LeadError::Unreachable);
    }
    card.lead = Some(Lead {
        source: card.source(),
        by: Some(by.clone()),
        created_at: now,
    });
    if card.responsible.is_none() {
        card.responsible = Some(by.clone());
    }
    card.updated_at = now;
    Ok(CrmEvent::LeadCreated {
        client: card.clone(),
    })
}

/// The operator a recognised client's new conversation goes to first
/// (R-CRM-5), if the channel says so.
pub fn preferred(card: Option<&ClientCard>, settings: CrmSettings) -> Option<UserId> {
    card.filter(|_| settings.route_to_responsible)
        .and_then(|c| c.responsible.clone())
}

/// How an operator came to answer a client's conversation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Takeover {
    /// They accepted it.
    Accepted,
    /// It was transferred to them by hand (R-Q-6).
    Transferred,
}

/// Operator `to` took a conversation of the card's client (R-CRM-6): the
/// first one becomes responsible when nobody is; later, a manual transfer
/// moves the responsibility to them only with "change the responsible on
/// manual transfer" on. Returns the event when the card changed.
pub fn took(
    card: &mut ClientCard,
    to: &UserId,
    how: Takeover,
    settings: CrmSettings,
    now: Timestamp,
) -> Option<CrmEvent> {
    let moves = match (&card.responsible, how) {
        (None, _) => true,
        (Some(r), _) if r == to => false,
        (Some(_), Takeover::Accepted) => false,
        (Some(_), Takeover::Transferred) => settings.change_responsible_on_transfer,
    };
    if !moves {
        return None;
    }
    card.responsible = Some(to.clone());
    card.updated_at = now;
    Some(CrmEvent::ClientChanged {
        client: card.clone(),
    })
}

/// Why two cards cannot be merged.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum MergeError {
    /// The same card twice.
    #[error("pick two different cards to merge")]
    Same,
    /// One of them was merged already.
    #[error("{0} was merged into another card; merge that one instead")]
    Merged(ClientId),
}

/// Merges `from` into `into` (by hand, R-CRM-1): `into` gets everything
/// (its name, responsible and lead win when both have one); `from` is marked
/// as merged. Returns both, changed.
pub fn merge(
    mut into: ClientCard,
    mut from: ClientCard,
    now: Timestamp,
) -> Result<(ClientCard, ClientCard, CrmEvent), MergeError> {
    if into.id == from.id {
        return Err(MergeError::Same);
    }
    for c in [&into, &from] {
        if c.merged_into.is_some() {
            return Err(MergeError::Merged(c.id.clone()));
        }
    }
    if into.name.is_none() {
        into.name = from.name.clone();
    }
    if into.alias.is_none() {
        into.alias = from.alias.clone();
    }
    if into.responsible.is_none() {
        into.responsible = from.responsible.clone();
    }
    if into.lead.is_none() {
        into.lead = from.lead.clone();
    }
    into.emails.extend(from.emails.iter().cloned());
    into.phones.extend(from.phones.iter().cloned());
    into.keys.extend(from.keys.iter().cloned());
    for c in &from.conversations {
        if !into.conversations.iter().any(|x| x.id == c.id) {
            into.conversations.push(c.clone());
        }
    }
    into.conversations.sort_by_key(|c| c.at);
    into.created_at = into.created_at.min(from.created_at);
    into.updated_at = now;
    from.merged_into = Some(into.id.clone());
    from.updated_at = now;
    let event = CrmEvent::ClientChanged {
        client: into.clone(),
    };
    Ok((into, from, event))
}

/// `GET /api/crm/webhook` and the body of `POST /api/crm/webhook`
/// (admins): where the CRM posts its changes, if anywhere.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CrmWebhook {
    /// The address; `None` when changes are not posted (or, saved, stops
    /// posting them).
    #[serde(default)]
    pub url: Option<String>,
}

/// The answer to `POST /api/crm/webhook`: the address as saved and, for a
/// new one, its signing secret, shown this once.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedWebhook {
    /// The address as saved; `None` when the webhook was stopped.
    #[serde(default)]
    pub url: Option<String>,
    /// The new signing secret.
    #[serde(default)]
    pub secret: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cid(s: &str) -> ClientId {
        ClientId::parse(s).unwrap()
    }

    fn uid(s: &str) -> UserId {
        UserId::parse(s).unwrap()
    }

    fn seen(
        conversation: &str,
        channel: &str,
        source: ConnectorKind,
        keys: Vec<String>,
        at: i64,
    ) -> Sighting {
        Sighting {
            conversation: ConversationId::parse(conversation).unwrap(),
            channel: ChannelId::parse(channel).unwrap(),
            source,
            name: None,
            alias: None,
            keys,
            emails: Vec::new(),
            phones: Vec::new(),
            at: Timestamp(at),
        }
    }

    // R-CRM-1: an anonymous client's card is called what their conversation
    // calls them ("Visitor 1234"), as the rest of the console does, until
    // they give a contact or a name.
    #[test]
    fn r_crm_1_an_anonymous_client_is_called_as_in_their_conversation() {
        let mut s = seen(
            "c1",
            "shop",
            ConnectorKind::LiveChat,
            keys(None, &[], &[], Some((ConnectorKind::LiveChat, "v1"))),
            1,
        );
        s.alias = Some("Visitor 1234".into());
        let a = sight(&[], &s, CrmSettings::default(), cid("cl1"));
        assert_eq!(a.card.title(), "Visitor 1234");
        assert!(a.card.search_text().contains("visitor 1234"));
        // A later conversation's alias does not rename them.
        let mut s2 = s.clone();
        s2.conversation = ConversationId::parse("c2").unwrap();
        s2.alias = Some("Visitor 5678".into());
        let b = sight(
            std::slice::from_ref(&a.card),
            &s2,
            CrmSettings::default(),
            cid("cl2"),
        );
        assert_eq!(b.card.title(), "Visitor 1234");
        // A contact, then a name, say more.
        let mut s3 = s.clone();
        s3.emails = vec!["sam@example.com".into()];
        let c = sight(
            std::slice::from_ref(&b.card),
            &s3,
            CrmSettings::default(),
            cid("cl3"),
        );
        assert_eq!(c.card.title(), "sam@example.com");
        let mut named = c.card.clone();
        named.name = Some("Sam".into());
        assert_eq!(named.title(), "Sam");
        // A card from before aliases were kept.
        let mut old = a.card.clone();
        old.alias = None;
        assert_eq!(old.title(), "Unnamed client");
    }

    #[test]
    fn r_crm_1_a_returning_client_is_recognised_across_channels_and_connectors() {
        // First on the widget of "shop", signed in on the site.
        let s1 = seen(
            "c1",
            "shop",
            ConnectorKind::LiveChat,
            keys(Some("u-1"), &["Rita@Example.com".into()], &[], None),
            1,
        );
        let a = sight(&[], &s1, CrmSettings::default(), cid("cl1"));
        assert!(matches!(a.events[..], [CrmEvent::ClientCreated { .. }]));
        assert!(a.card.keys.contains("email:rita@example.com"));
        // Then on Telegram in "support", leaving the same email.
        let mut s2 = seen(
            "c2",
            "support",
            ConnectorKind::Telegram,
            keys(
                None,
                &["rita@example.com".into()],
                &[],
                Some((ConnectorKind::Telegram, "4242")),
            ),
            2,
        );
        s2.name = Some("Rita (Telegram)".into());
        let b = sight(
            std::slice::from_ref(&a.card),
            &s2,
            CrmSettings::default(),
            cid("cl2"),
        );
        assert_eq!(b.card.id, cid("cl1"), "the same card");
        assert_eq!(b.card.conversations.len(), 2);
        assert!(b.card.keys.contains("telegram:4242"));
        assert!(matches!(b.events[..], [CrmEvent::ClientChanged { .. }]));
        // Then on Telegram again, with nothing else: the messenger account.
        let s3 = seen(
            "c3",
            "support",
            ConnectorKind::Telegram,
            keys(None, &[], &[], Some((ConnectorKind::Telegram, "4242"))),
            3,
        );
        let c = sight(
            std::slice::from_ref(&b.card),
            &s3,
            CrmSettings::default(),
            cid("cl3"),
        );
        assert_eq!(c.card.id, cid("cl1"));
        // The same conversation seen again changes nothing.
        let d = sight(
            std::slice::from_ref(&c.card),
            &s3,
            CrmSettings::default(),
            cid("cl4"),
        );
        assert_eq!(d.events, vec![]);
    }

    #[test]
    fn r_crm_1_the_oldest_card_wins_and_merged_cards_are_skipped() {
        let old = sight(
            &[],
            &seen(
                "c1",
                "shop",
                ConnectorKind::LiveChat,
                keys(None, &["a@x.io".into()], &[], None),
                1,
            ),
            CrmSettings::default(),
            cid("old"),
        )
        .card;
        let mut young = sight(
            &[],
            &seen(
                "c2",
                "shop",
                ConnectorKind::LiveChat,
                keys(Some("u"), &[], &[], None),
                5,
            ),
            CrmSettings::default(),
            cid("young"),
        )
        .card;
        let s = seen(
            "c3",
            "shop",
            ConnectorKind::LiveChat,
            keys(Some("u"), &["a@x.io".into()], &[], None),
            9,
        );
        assert_eq!(
            sight(
                &[young.clone(), old.clone()],
                &s,
                CrmSettings::default(),
                cid("n")
            )
            .card
            .id,
            cid("old")
        );
        let mut gone = old.clone();
        gone.merged_into = Some(cid("young"));
        young.updated_at = Timestamp(6);
        assert_eq!(
            sight(&[young, gone], &s, CrmSettings::default(), cid("n"))
                .card
                .id,
            cid("young")
        );
    }

    #[test]
    fn r_crm_2_r_crm_3_r_crm_4_leads_need_a_way_back_and_know_their_source() {
        let auto = CrmSettings {
            auto_lead: true,
            ..CrmSettings::default()
        };
        // Anonymous on the widget: no way back, no lead.
        let anon = sight(
            &[],
            &seen(
                "c1",
                "shop",
                ConnectorKind::LiveChat,
                keys(None, &[], &[], Some((ConnectorKind::LiveChat, "v_1"))),
                1,
            ),
            auto,
            cid("a"),
        );
        assert_eq!(anon.card.lead, None);
        let mut card = anon.card.clone();
        assert_eq!(
            create_lead(&mut card, &uid("ana"), Timestamp(2)),
            Err(LeadError::Unreachable)
        );
        assert!(LeadError::Unreachable.to_string().contains("email"));
        // On Telegram: the messenger is the way back; the source is Telegram.
        let tg = sight(
            &[],
            &seen(
                "c2",
                "sup",
                ConnectorKind::Telegram,
                keys(None, &[], &[], Some((ConnectorKind::Telegram, "42"))),
                3,
            ),
            auto,
            cid("t"),
        );
        let lead = tg.card.lead.clone().expect("an automatic lead");
        assert_eq!((lead.source, lead.by), (ConnectorKind::Telegram, None));
        assert!(matches!(
            tg.events[..],
            [CrmEvent::ClientCreated { .. }, CrmEvent::LeadCreated { .. }]
        ));
        // Without the setting, by hand: an email is enough; the operator
        // becomes responsible.
        let mut s = seen("c3", "shop", ConnectorKind::LiveChat, vec![], 4);
        s.emails = vec!["bo@x.io".into()];
        let mut card = sight(&[], &s, CrmSettings::default(), cid("b")).card;
        assert_eq!(card.lead, None);
        assert!(create_lead(&mut card, &uid("ana"), Timestamp(5)).is_ok());
        assert_eq!(
            card.lead.as_ref().map(|l| l.source),
            Some(ConnectorKind::LiveChat)
        );
        assert_eq!(card.responsible, Some(uid("ana")));
        assert_eq!(
            create_lead(&mut card, &uid("bo"), Timestamp(6)),
            Err(LeadError::Exists)
        );
    }

    #[test]
    fn r_crm_5_r_crm_6_the_responsible_operator_gets_the_client_and_changes_on_transfer() {
        let mut card = sight(
            &[],
            &seen(
                "c1",
                "shop",
                ConnectorKind::LiveChat,
                vec!["user:u".into()],
                1,
            ),
            CrmSettings::default(),
            cid("a"),
        )
        .card;
        assert_eq!(preferred(Some(&card), CrmSettings::default()), None);
        card.responsible = Some(uid("ana"));
        assert_eq!(
            preferred(Some(&card), CrmSettings::default()),
            Some(uid("ana"))
        );
        let off = CrmSettings {
            route_to_responsible: false,
            change_responsible_on_transfer: false,
            ..CrmSettings::default()
        };
        assert_eq!(preferred(Some(&card), off), None);
        assert_eq!(preferred(None, CrmSettings::default()), None);
        // A manual transfer to Bo: with the setting on, Bo is responsible.
        let moved = Takeover::Transferred;
        assert_eq!(took(&mut card, &uid("bo"), moved, off, Timestamp(2)), None);
        assert_eq!(card.responsible, Some(uid("ana")));
        assert!(took(
            &mut card,
            &uid("bo"),
            moved,
            CrmSettings::default(),
            Timestamp(3)
        )
        .is_some());
        assert_eq!(card.responsible, Some(uid("bo")));
        assert_eq!(
            took(
                &mut card,
                &uid("bo"),
                moved,
                CrmSettings::default(),
                Timestamp(4)
            ),
            None
        );
    }

    #[test]
    fn r_crm_6_the_first_operator_who_accepts_becomes_responsible() {
        let mut card = sight(
            &[],
            &seen(
                "c1",
                "shop",
                ConnectorKind::LiveChat,
                vec!["user:u".into()],
                1,
            ),
            CrmSettings::default(),
            cid("a"),
        )
        .card;
        let off = CrmSettings {
            change_responsible_on_transfer: false,
            ..CrmSettings::default()
        };
        // Nobody is responsible: whoever accepts first is.
        let event = took(
            &mut card,
            &uid("ana"),
            Takeover::Accepted,
            off,
            Timestamp(2),
        );
        assert!(matches!(event, Some(CrmEvent::ClientChanged { .. })));
        assert_eq!(card.responsible, Some(uid("ana")));
        assert_eq!(card.updated_at, Timestamp(2));
        // Accepting a later conversation does not take it from them.
        assert_eq!(
            took(
                &mut card,
                &uid("bo"),
                Takeover::Accepted,
                CrmSettings::default(),
                Timestamp(3)
            ),
            None
        );
        // Off: a manual transfer leaves the first operator responsible.
        assert_eq!(
            took(
                &mut card,
                &uid("bo"),
                Takeover::Transferred,
                off,
                Timestamp(4)
            ),
            None
        );
        assert_eq!(card.responsible, Some(uid("ana")));
        // A client nobody is responsible for, transferred by hand: the
        // operator who gets it is the first to take it, setting or not.
        let mut fresh = sight(
            &[],
            &seen(
                "c2",
                "shop",
                ConnectorKind::LiveChat,
                vec!["user:v".into()],
                5,
            ),
            CrmSettings::default(),
            cid("b"),
        )
        .card;
        assert!(took(
            &mut fresh,
            &uid("bo"),
            Takeover::Transferred,
            off,
            Timestamp(6)
        )
        .is_some());
        assert_eq!(fresh.responsible, Some(uid("bo")));
    }

    #[test]
    fn r_crm_2_r_crm_3_a_lead_comes_with_the_way_back_whatever_the_order() {
        let auto = CrmSettings {
            auto_lead: true,
            ..CrmSettings::default()
        };
        let visitor = |c: &str, v: &str, at| {
            seen(
                c,
                "shop",
                ConnectorKind::LiveChat,
                keys(None, &[], &[], Some((ConnectorKind::LiveChat, v))),
                at,
            )
        };
        let with_email = |mut s: Sighting, email: &str| {
            s.emails = vec![email.into()];
            s.keys.extend(keys(None, &[email.into()], &[], None));
            s
        };
        // Writes first, anonymous: no way back, no lead.
        let first = sight(&[], &visitor("c1", "v_1", 1), auto, cid("a"));
        assert_eq!(first.card.lead, None);
        // Then leaves an email in the offline form: a lead at once.
        let later = sight(
            std::slice::from_ref(&first.card),
            &with_email(visitor("c1", "v_1", 2), "sam@x.io"),
            auto,
            cid("n"),
        );
        let lead = later.card.lead.clone().expect("a lead once reachable");
        assert_eq!(
            (lead.source, lead.by, lead.created_at),
            (ConnectorKind::LiveChat, None, Timestamp(2))
        );
        assert!(matches!(
            later.events[..],
            [CrmEvent::ClientChanged { .. }, CrmEvent::LeadCreated { .. }]
        ));
        // Seen again: still one lead, nothing new to report.
        let again = sight(
            std::slice::from_ref(&later.card),
            &with_email(visitor("c1", "v_1", 3), "sam@x.io"),
            auto,
            cid("n"),
        );
        assert_eq!(again.card.lead, later.card.lead);
        assert_eq!(again.events, vec![]);
        // Reachable while automatic leads were off: their next conversation
        // with the same email, once they are on, makes the lead.
        let off = sight(
            &[],
            &with_email(visitor("c2", "v_2", 4), "bo@x.io"),
            CrmSettings::default(),
            cid("b"),
        );
        assert_eq!(off.card.lead, None);
        let next = sight(
            std::slice::from_ref(&off.card),
            &with_email(visitor("c3", "v_3", 5), "bo@x.io"),
            auto,
            cid("n"),
        );
        assert_eq!(next.card.id, cid("b"));
        assert!(next.card.lead.is_some());
    }

    #[test]
    fn r_crm_1_two_cards_merge_by_hand() {
        let mut a = sight(
            &[],
            &seen(
                "c1",
                "shop",
                ConnectorKind::LiveChat,
                keys(None, &["a@x.io".into()], &[], None),
                1,
            ),
            CrmSettings::default(),
            cid("a"),
        )
        .card;
        a.responsible = Some(uid("ana"));
        let mut s = seen(
            "c2",
            "sup",
            ConnectorKind::Telegram,
            keys(
                None,
                &[],
                &["+55 81 9999-0000".into()],
                Some((ConnectorKind::Telegram, "42")),
            ),
            2,
        );
        s.phones = vec!["+55 81 9999-0000".into()];
        s.name = Some("Rita".into());
        let b = sight(&[], &s, CrmSettings::default(), cid("b")).card;
        let (into, from, _) = merge(a.clone(), b.clone(), Timestamp(9)).unwrap();
        assert_eq!(into.conversations.len(), 2);
        assert_eq!(into.name.as_deref(), Some("Rita"));
        assert_eq!(into.responsible, Some(uid("ana")));
        assert!(into.phones.contains("+558199990000"));
        assert!(into.keys.contains("telegram:42"));
        assert_eq!(from.merged_into, Some(cid("a")));
        assert_eq!(
            merge(a.clone(), a.clone(), Timestamp(9)).unwrap_err(),
            MergeError::Same
        );
        assert!(matches!(
            merge(into, from, Timestamp(10)),
            Err(MergeError::Merged(_))
        ));
    }

    #[test]
    fn phones_are_normalised() {
        assert_eq!(
            normalize_phone("+55 (81) 9999-0000"),
            Some("+558199990000".into())
        );
        assert_eq!(normalize_phone("555-0100"), Some("5550100".into()));
        assert_eq!(normalize_phone("12"), None);
    }
}
