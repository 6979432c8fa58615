//! Connectors: the sources a channel takes client messages from, and how the
//! operators' replies go back (R-CH-3, R-CH-9).
//!
//! Every connector provides the same four things, as the [`Connector`]
//! trait: who the client is ([`ClientIdentity`]), messages in
//! ([`Connector::receive`]: an authenticated request becomes
//! [`InboundMessage`]s), messages out ([`Connector::deliver`]: a reply becomes
//! the [`HttpCall`] to make, or travels over the widget's sockets), and
//! delivery receipts ([`Connector::receipt`]: the answer to that call). All of
//! it is pure: the worker makes the calls, with the time as an input.
//!
//! The widget is the first connector ([`live_chat::LiveChat`]); a Telegram bot
//! ([`telegram::Telegram`]) and a generic signed webhook
//! ([`webhook::Webhook`]) are the others. A channel has at most one connector
//! of each kind (R-CH-3), and the messages of every connector go through the
//! same conversation machine, routing and history as the widget's (R-CH-9).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use thiserror::Error;

use crate::files::FileLink;
use crate::ids::{ChannelId, ClientMsgId, ConnectorId, ConversationId, Seq};
pub use crate::protocol::Delivery;
use crate::time::Timestamp;

pub mod live_chat;
pub mod telegram;
pub mod webhook;

/// Most characters of a connector's setting (a URL, a token).
pub const MAX_SETTING_CHARS: usize = 512;

/// How many times a reply is tried before it is given up.
pub const MAX_ATTEMPTS: u32 = 12;

/// The kinds of connector. A channel has at most one of each (R-CH-3).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConnectorKind {
    /// The widget on the site (built into every channel).
    LiveChat,
    /// A Telegram bot.
    Telegram,
    /// Any system that posts signed JSON.
    Webhook,
}

impl ConnectorKind {
    /// The name people read: also the source of a lead (R-CRM-4).
    pub fn label(self) -> &'static str {
        match self {
            ConnectorKind::LiveChat => "Live chat",
            ConnectorKind::Telegram => "Telegram",
            ConnectorKind::Webhook => "Webhook",
        }
    }
}

/// Who the client is on a connector.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClientIdentity {
    /// Where they write from.
    pub kind: ConnectorKind,
    /// Their id there (a Telegram chat, the external system's user id, a
    /// visitor id).
    pub external_id: String,
    /// Their name there, if it says.
    #[serde(default)]
    pub name: Option<String>,
    /// Their handle there (a Telegram @username), if any.
    #[serde(default)]
    pub username: Option<String>,
    /// Their email, if the source knows it.
    #[serde(default)]
    pub email: Option<String>,
}

/// Where a conversation's client writes from, when it is not the widget.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConnectorLink {
    /// The connector.
    pub id: ConnectorId,
    /// Its kind.
    pub kind: ConnectorKind,
    /// The client's id there.
    pub client: String,
    /// The client's email, if the source gave one.
    #[serde(default)]
    pub email: Option<String>,
    /// The client's name as the source gave it ("Carla Costa"), without
    /// the connector's label the console adds (R-CRM-1).
    #[serde(default)]
    pub name: Option<String>,
}

impl ClientIdentity {
    /// What operators call this client in the conversation: their name
    /// with where they write from ("Carla Costa (Webhook)"), or the
    /// source's id for them ("Telegram client 42").
    pub fn visitor_name(&self) -> String {
        match self.contact_name() {
            Some(name) => format!("{name} ({})", self.kind.label()),
            None => format!("{} client {}", self.kind.label(), self.external_id),
        }
    }

    /// The client's own name for their contact card, if the source gave a
    /// valid one: never with the connector's label (R-CRM-1).
    pub fn contact_name(&self) -> Option<String> {
        self.name
            .as_deref()
            .and_then(|n| crate::text::parse_name(n).ok())
    }
}

/// A client's message that came in through a connector.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InboundMessage {
    /// Who wrote.
    pub client: ClientIdentity,
    /// Its idempotency key, from the source's own message id: a message
    /// delivered twice is stored once.
    pub id: ClientMsgId,
    /// What they wrote: the file's caption, empty when a file has none.
    pub text: String,
    /// The file it carries, for the worker to fetch from the source (#21).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<InboundFile>,
}

/// A client's file that a source keeps, for the worker to fetch (#21): it
/// is stored, sniffed and limited like any upload, under `id` (the same
/// for the same message, so a message delivered twice stores it once).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InboundFile {
    /// The file's id in the conversation.
    pub id: ClientMsgId,
    /// The source's id for it (Telegram's `file_id`).
    pub source: String,
    /// Its name, cleaned ([`crate::files::clean_name`]).
    pub name: String,
    /// Its size as the source announced it, if it did.
    pub size: Option<u64>,
}

/// The text of a message whose file could not be taken (too large, of a
/// kind not allowed, unreadable), with the reason: the client's message
/// still reaches the operators (#21).
pub fn refused_file_text(caption: &str, reason: &str) -> String {
    let note = format!("[a file Canal could not take: {reason}]");
    match clip(caption) {
        Some(c) => clip(&format!("{c}\n{note}")).unwrap_or(note),
        None => note,
    }
}

/// A message of the channel (an operator's reply, an automatic message) to
/// take to the client.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutboundMessage {
    /// The conversation.
    pub conversation: ConversationId,
    /// The message's number in it: the delivery's idempotency key.
    pub seq: Seq,
    /// The client's id on the connector.
    pub client: String,
    /// The text.
    pub text: String,
    /// Who the client sees as its author (empty when operators are hidden).
    pub author: String,
    /// When it was stored.
    pub at: Timestamp,
    /// The file it carries, with a signed link to read it (#21).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<FileLink>,
}

/// The answer to a source's inbound request: the server sequence numbers
/// of the client messages it carried, in order (none for an update with
/// no message).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct InboundAccepted {
    /// Always `true`.
    pub ok: bool,
    /// Each message's sequence number in its conversation.
    pub accepted: Vec<Seq>,
}

/// An inbound request, as the worker got it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct InboundRequest {
    /// Its headers, names in lower case.
    pub headers: BTreeMap<String, String>,
    /// Its body, as text.
    pub body: String,
}

impl InboundRequest {
    /// A header's value (the name in any case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .get(&name.to_ascii_lowercase())
            .map(String::as_str)
    }
}

/// An HTTP call for the worker to make.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HttpCall {
    /// Always `POST` for now.
    pub method: String,
    /// Where.
    pub url: String,
    /// Headers to send.
    pub headers: Vec<(String, String)>,
    /// The JSON body.
    pub body: String,
}

/// How a reply reaches the client.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outbound {
    /// Over the conversation's sockets (the widget): nothing to call.
    Sockets,
    /// By this call.
    Call(HttpCall),
}

/// Why an inbound request is refused.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum ConnectorError {
    /// The secret or signature is missing or wrong (401).
    #[error("the request is not signed by this connector's secret")]
    Unauthenticated,
    /// The signed time is too far from now: an old request replayed (401).
    #[error("the request's timestamp is more than {0} seconds away from now; sign it again")]
    Stale(i64),
    /// The body is not what this connector expects (400).
    #[error("{0}")]
    BadBody(String),
    /// A setting is wrong (400).
    #[error("{0}")]
    BadSetting(String),
}

/// The interface every connector implements (R-CH-9).
pub trait Connector {
    /// Which kind it is.
    fn kind(&self) -> ConnectorKind;
    /// Checks that `request` comes from the source (its secret or
    /// signature) and reads the client's messages from it. Updates with no
    /// message for operators give an empty list.
    fn receive(
        &self,
        now: Timestamp,
        request: &InboundRequest,
    ) -> Result<Vec<InboundMessage>, ConnectorError>;
    /// How `message` reaches the client.
    fn deliver(&self, now: Timestamp, message: &OutboundMessage) -> Outbound;
    /// What the answer (`status`, `body`) to a delivery call means.
    fn receipt(&self, status: u16, body: &str) -> Delivery;
}

/// What an admin sets for a connector (the live chat needs nothing).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ConnectorSettings {
    /// A Telegram bot: its token from @BotFather, and the Bot API's address
    /// (Telegram's unless set; tests use a stand-in).
    Telegram {
        /// The bot's token.
        bot_token: String,
        /// The Bot API's base URL; `None` for Telegram's.
        #[serde(default)]
        api_base: Option<String>,
    },
    /// A generic webhook: where the replies are posted.
    Webhook {
        /// The URL that receives replies.
        url: String,
    },
}

impl ConnectorSettings {
    /// The kind these settings are for.
    pub fn kind(&self) -> ConnectorKind {
        match self {
            ConnectorSettings::Telegram { .. } => ConnectorKind::Telegram,
            ConnectorSettings::Webhook { .. } => ConnectorKind::Webhook,
        }
    }

    /// The settings checked and trimmed.
    pub fn validate(&self) -> Result<ConnectorSettings, ConnectorError> {
        match self {
            ConnectorSettings::Telegram {
                bot_token,
                api_base,
            } => {
                let bot_token = telegram::parse_bot_token(bot_token)?;
                let api_base = match api_base.as_deref().map(str::trim) {
                    None | Some("") => None,
                    Some(url) => Some(parse_url("the Bot API address", url)?),
                };
                Ok(ConnectorSettings::Telegram {
                    bot_token,
                    api_base,
                })
            }
            ConnectorSettings::Webhook { url } => Ok(ConnectorSettings::Webhook {
                url: parse_url("the webhook URL", url.trim())?,
            }),
        }
    }
}

/// `POST /api/connectors` (admins): a new connector for a channel.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConnectorInput {
    /// The channel.
    pub channel: ChannelId,
    /// What it connects to.
    pub settings: ConnectorSettings,
}

/// A connector as admins see it: never its secrets.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConnectorView {
    /// Its id.
    pub id: ConnectorId,
    /// Its channel.
    pub channel: ChannelId,
    /// Its kind.
    pub kind: ConnectorKind,
    /// Where the source posts (a path on this deployment).
    pub inbound_path: String,
    /// The webhook URL, or the Bot API address and the bot token's public
    /// half (`123456:…`).
    pub target: String,
    /// When it was added.
    pub created_at: Timestamp,
}

/// The answer to adding a connector: the view, and the secret, shown once.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConnectorCreated {
    /// The connector.
    pub connector: ConnectorView,
    /// The signing secret of a webhook connector (keep it: it is not shown
    /// again); Telegram's secret stays between Canal and Telegram.
    #[serde(default)]
    pub secret: Option<String>,
}

/// `GET /api/connectors?channel=` (admins).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConnectorList {
    /// The channel's connectors (the live chat is built in and not listed).
    pub connectors: Vec<ConnectorView>,
}

/// `POST /api/connectors/delete` (admins).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConnectorDelete {
    /// Which connector.
    pub id: ConnectorId,
}

/// The answer to `POST /api/connectors/delete`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConnectorRemoved {
    /// The connector removed.
    pub removed: ConnectorId,
}

/// Why a connector cannot be added.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum AttachError {
    /// R-CH-3.
    #[error("this channel already has a {0} connector; a second one needs another channel")]
    Duplicate(&'static str),
    /// The live chat is part of every channel.
    #[error("the live chat is built into every channel; embed its widget instead")]
    LiveChat,
}

/// Checks that a channel whose connectors are of `existing` kinds may take
/// one of `kind` (R-CH-3).
pub fn may_attach(existing: &[ConnectorKind], kind: ConnectorKind) -> Result<(), AttachError> {
    if kind == ConnectorKind::LiveChat {
        return Err(AttachError::LiveChat);
    }
    if existing.contains(&kind) {
        return Err(AttachError::Duplicate(kind.label()));
    }
    Ok(())
}

/// The conversation of a client on a connector: the same client always
/// lands in the same conversation (a new session of it once closed), and no
/// lookup is needed to find it.
pub fn conversation_for(connector: &ConnectorId, client: &str) -> ConversationId {
    let mut h = Sha256::new();
    h.update(connector.as_str().as_bytes());
    h.update([0]);
    h.update(client.as_bytes());
    let hex: String = h.finalize()[..15]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    // Invariant: "k_" and 30 hex digits is a valid id.
    ConversationId::parse(&format!("k_{hex}")).expect("a valid conversation id")
}

/// How long to wait before the `attempt`-th retry of a delivery (1 s,
/// doubling, at most 10 minutes), or `None` once [`MAX_ATTEMPTS`] were made.
pub fn retry_delay_ms(attempt: u32) -> Option<i64> {
    (attempt < MAX_ATTEMPTS).then(|| (1000_i64 << attempt.min(20)).min(600_000))
}

/// An `https://` URL, or `http://` to this machine (a local stand-in).
pub(crate) fn parse_url(what: &str, url: &str) -> Result<String, ConnectorError> {
    let bad = || {
        ConnectorError::BadSetting(format!(
            "{what} must be an https:// address (http:// only for localhost), at most {MAX_SETTING_CHARS} characters, without spaces"
        ))
    };
    if url.chars().count() > MAX_SETTING_CHARS || url.chars().any(char::is_whitespace) {
        return Err(bad());
    }
    let rest = if let Some(rest) = url.strip_prefix("https://") {
        rest
    } else if let Some(rest) = url.strip_prefix("http://") {
        let host = rest.split(['/', ':']).next().unwrap_or_default();
        if !matches!(host, "127.0.0.1" | "localhost") && !rest.starts_with("[::1]") {
            return Err(bad());
        }
        rest
    } else {
        return Err(bad());
    };
    if rest.is_empty() || rest.starts_with('/') {
        return Err(bad());
    }
    Ok(url.trim_end_matches('/').to_owned())
}

/// A message id from a source's own id, with a prefix per connector kind.
fn message_id(prefix: &str, raw: &str) -> Result<ClientMsgId, ConnectorError> {
    ClientMsgId::parse(&format!("{prefix}-{raw}"))
        .map_err(|e| ConnectorError::BadBody(format!("message id: {e}")))
}

/// The text of a client's message: trimmed, never empty, at most the
/// message limit (longer text is cut, never lost silently: the cut is marked).
fn clip(text: &str) -> Option<String> {
    let t = text.trim();
    if t.is_empty() {
        return None;
    }
    let max = crate::text::MAX_MESSAGE_CHARS;
    if t.chars().count() <= max {
        return Some(t.to_owned());
    }
    let mut cut: String = t.chars().take(max - 1).collect();
    cut.push('…');
    Some(cut)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn r_ch_3_one_connector_of_each_kind_per_channel() {
        assert_eq!(may_attach(&[], ConnectorKind::Telegram), Ok(()));
        assert_eq!(
            may_attach(&[ConnectorKind::Webhook], ConnectorKind::Telegram),
            Ok(())
        );
        let err = may_attach(&[ConnectorKind::Telegram], ConnectorKind::Telegram).unwrap_err();
        assert_eq!(err, AttachError::Duplicate("Telegram"));
        assert!(err.to_string().contains("another channel"));
        assert_eq!(
            may_attach(&[], ConnectorKind::LiveChat),
            Err(AttachError::LiveChat)
        );
    }

    #[test]
    fn r_ch_9_the_same_client_always_lands_in_the_same_conversation() {
        let a = ConnectorId::parse("k1").unwrap();
        let b = ConnectorId::parse("k2").unwrap();
        assert_eq!(conversation_for(&a, "42"), conversation_for(&a, "42"));
        assert_ne!(conversation_for(&a, "42"), conversation_for(&a, "43"));
        assert_ne!(conversation_for(&a, "42"), conversation_for(&b, "42"));
        // No ambiguity between (connector, client) pairs that concatenate alike.
        let ab = ConnectorId::parse("k").unwrap();
        assert_ne!(conversation_for(&ab, "142"), conversation_for(&a, "42"));
    }

    #[test]
    fn deliveries_back_off_and_give_up() {
        assert_eq!(retry_delay_ms(0), Some(1000));
        assert_eq!(retry_delay_ms(1), Some(2000));
        assert_eq!(retry_delay_ms(5), Some(32_000));
        assert_eq!(retry_delay_ms(11), Some(600_000));
        assert_eq!(retry_delay_ms(MAX_ATTEMPTS), None);
    }

    #[test]
    fn settings_are_checked() {
        let hook = |url: &str| ConnectorSettings::Webhook { url: url.into() }.validate();
        assert_eq!(
            hook(" https://crm.example/canal/ "),
            Ok(ConnectorSettings::Webhook {
                url: "https://crm.example/canal".into()
            })
        );
        assert!(hook("http://127.0.0.1:8080/in").is_ok());
        for bad in [
            "http://crm.example/in",
            "ftp://x",
            "https://",
            "https:///x",
            "https://a b",
            "javascript:alert(1)",
        ] {
            assert!(hook(bad).is_err(), "{bad}");
        }
        let tg = |token: &str| {
            ConnectorSettings::Telegram {
                bot_token: token.into(),
                api_base: None,
            }
            .validate()
        };
        assert!(tg("123456:ABCdefGhIJKlmnOPQRstuVWXyz0123456789").is_ok());
        assert!(tg("not a token").is_err());
    }

    #[test]
    fn long_messages_are_cut_and_marked_empty_ones_dropped() {
        assert_eq!(clip("  hi "), Some("hi".into()));
        assert_eq!(clip("   "), None);
        let long = "a".repeat(crate::text::MAX_MESSAGE_CHARS + 10);
        let cut = clip(&long).unwrap();
        assert_eq!(cut.chars().count(), crate::text::MAX_MESSAGE_CHARS);
        assert!(cut.ends_with('…'));
    }
}
