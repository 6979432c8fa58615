//! The calls of the built-in CRM (R-CRM-1…6): a conversation's client and
//! "Create lead" (the channel's operators and admins); the list of client
//! cards, one card, merging two, each channel's CRM settings and the webhook
//! of changes (admins).
//!
//! Cards are [`ClientCard`]s of [`canal_shared::crm`]; the wrappers the
//! worker answers with are declared here as they read on the wire. The worker
//! answers 403 to whoever may not see a channel (or to anyone but an admin),
//! 400 with a reason for a lead that cannot be made (R-CRM-3) or a merge
//! that cannot be done, and 409 for a client who is a lead already.

use canal_shared::crm::{ClientCard, CrmSettings, CrmWebhook, SavedWebhook};
use canal_shared::ids::{ChannelId, ClientId, ConversationId};
use canal_shared::time::Timestamp;
use serde::{Deserialize, Serialize};

use crate::admin::post;
use crate::api::{call, parse, Failure};
use crate::widget_api::encode;

/// What an operator sees of a conversation's client.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct ConversationClient {
    /// The card, once the client wrote (`None` before).
    pub client: Option<ClientCard>,
    /// Whether "Create lead" is possible, and if not why.
    pub lead: LeadState,
}

/// Whether a lead can be made of a conversation's client (R-CRM-3).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct LeadState {
    /// It can.
    pub allowed: bool,
    /// Why not, when it cannot (a sentence in lower case, without a stop).
    #[serde(default)]
    pub reason: Option<String>,
}

/// A page of cards, newest change first.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct ClientPage {
    /// The cards.
    pub clients: Vec<ClientCard>,
    /// Where the next page starts (`before`), if there is one.
    #[serde(default)]
    pub next: Option<Timestamp>,
}

/// A channel's CRM settings, as read and saved.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChannelCrm {
    /// The channel.
    pub channel: ChannelId,
    /// Its settings.
    pub settings: CrmSettings,
}

#[derive(Serialize)]
struct MakeLead<'a> {
    channel: &'a ChannelId,
    conversation: &'a ConversationId,
}

#[derive(Serialize)]
struct Merge<'a> {
    into: &'a ClientId,
    from: &'a ClientId,
}

#[derive(Serialize)]
struct SaveWebhook<'a> {
    url: Option<&'a str>,
}

/// `GET /api/crm/conversation?channel=&conversation=`: the card of a
/// conversation's client, and whether a lead can be made.
pub async fn conversation_client(
    token: &str,
    channel: &ChannelId,
    conversation: &ConversationId,
) -> Result<ConversationClient, Failure> {
    let path = conversation_path(channel, conversation);
    let text = call("GET", &path, Some(token), None).await?;
    parse(&text)
}

/// `POST /api/crm/leads`: "Create lead" (R-CRM-2…4); the answer is the card
/// with its lead. The one who makes it becomes responsible if nobody was.
pub async fn create_lead(
    token: &str,
    channel: &ChannelId,
    conversation: &ConversationId,
) -> Result<ClientCard, Failure> {
    let body = MakeLead {
        channel,
        conversation,
    };
    post(token, "/api/crm/leads", &body).await
}

/// `GET /api/crm/clients?q=&before=` (admins): a page of cards (50), newest
/// change first; `q` searches names, emails and phones.
pub async fn clients(
    token: &str,
    q: &str,
    before: Option<Timestamp>,
) -> Result<ClientPage, Failure> {
    let text = call("GET", &clients_path(q, before), Some(token), None).await?;
    parse(&text)
}

/// `GET /api/crm/client?id=` (admins): one card.
pub async fn client(token: &str, id: &ClientId) -> Result<ClientCard, Failure> {
    let path = format!("/api/crm/client?id={}", encode(id.as_str()));
    let text = call("GET", &path, Some(token), None).await?;
    parse(&text)
}

/// `POST /api/crm/merge` (admins): `from` goes into `into` (R-CRM-1); the
/// answer is the card that stays.
pub async fn merge(token: &str, into: &ClientId, from: &ClientId) -> Result<ClientCard, Failure> {
    post(token, "/api/crm/merge", &Merge { into, from }).await
}

/// `GET /api/crm/settings?channel=` (admins): a channel's CRM settings.
pub async fn settings(token: &str, channel: &ChannelId) -> Result<ChannelCrm, Failure> {
    let path = format!("/api/crm/settings?channel={}", encode(channel.as_str()));
    let text = call("GET", &path, Some(token), None).await?;
    parse(&text)
}

/// `POST /api/crm/settings` (admins): replaces a channel's CRM settings; the
/// answer is what was saved.
pub async fn save_settings(token: &str, settings: &ChannelCrm) -> Result<ChannelCrm, Failure> {
    post(token, "/api/crm/settings", settings).await
}

/// `GET /api/crm/webhook` (admins): where changes are posted.
pub async fn webhook(token: &str) -> Result<CrmWebhook, Failure> {
    let text = call("GET", "/api/crm/webhook", Some(token), None).await?;
    parse(&text)
}

/// `POST /api/crm/webhook` (admins): posts changes to `url` from now on, with
/// a new signing secret; `None` stops posting them.
pub async fn save_webhook(token: &str, url: Option<&str>) -> Result<SavedWebhook, Failure> {
    post(token, "/api/crm/webhook", &SaveWebhook { url }).await
}

/// The address of a conversation's client.
fn conversation_path(channel: &ChannelId, conversation: &ConversationId) -> String {
    format!(
        "/api/crm/conversation?channel={}&conversation={}",
        encode(channel.as_str()),
        encode(conversation.as_str())
    )
}

/// The address of a page of cards: `q` trimmed (left out when blank), and
/// where the page starts.
fn clients_path(q: &str, before: Option<Timestamp>) -> String {
    let mut params = Vec::new();
    let q = q.trim();
    if !q.is_empty() {
        params.push(format!("q={}", encode(q)));
    }
    if let Some(before) = before {
        params.push(format!("before={}", before.0));
    }
    if params.is_empty() {
        "/api/crm/clients".into()
    } else {
        format!("/api/crm/clients?{}", params.join("&"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_of_clients_carry_the_search_and_where_to_go_on() {
        assert_eq!(clients_path("", None), "/api/crm/clients");
        assert_eq!(clients_path("  ", None), "/api/crm/clients");
        assert_eq!(
            clients_path(" rita lee ", None),
            "/api/crm/clients?q=rita%20lee"
        );
        assert_eq!(
            clients_path("+55 11", Some(Timestamp(1_700_000_000_123))),
            "/api/crm/clients?q=%2B55%2011&before=1700000000123"
        );
        assert_eq!(
            clients_path("", Some(Timestamp(5))),
            "/api/crm/clients?before=5"
        );
        assert_eq!(
            conversation_path(
                &ChannelId::parse("demo").unwrap(),
                &ConversationId::parse("c-1").unwrap()
            ),
            "/api/crm/conversation?channel=demo&conversation=c-1"
        );
    }

    #[test]
    fn the_worker_s_answers_are_read() {
        let state: ConversationClient = serde_json::from_str(
            r#"{"client":null,"lead":{"allowed":false,"reason":"the client has not written yet"}}"#,
        )
        .unwrap();
        assert_eq!(state.client, None);
        assert!(!state.lead.allowed);
        let state: ConversationClient = serde_json::from_str(
            r#"{"client":{"id":"cl_1","name":"Rita","emails":["rita@example.com"],"phones":[],"keys":["email:rita@example.com"],"responsible":"ana","lead":{"source":"live_chat","by":"ana","created_at":5},"conversations":[{"id":"c1","channel":"demo","source":"live_chat","at":1}],"created_at":1,"updated_at":5},"lead":{"allowed":false,"reason":"this client is already a lead"}}"#,
        )
        .unwrap();
        let card = state.client.unwrap();
        assert_eq!(card.name.as_deref(), Some("Rita"));
        assert_eq!(card.merged_into, None);
        let page: ClientPage = serde_json::from_str(r#"{"clients":[],"next":null}"#).unwrap();
        assert_eq!(page.next, None);
        let hook: SavedWebhook =
            serde_json::from_str(r#"{"url":"https://crm.example/in","secret":"crm_ab"}"#).unwrap();
        assert_eq!(hook.secret.as_deref(), Some("crm_ab"));
        let stopped: SavedWebhook = serde_json::from_str(r#"{"url":null}"#).unwrap();
        assert_eq!((stopped.url, stopped.secret), (None, None));
        assert_eq!(
            serde_json::to_string(&SaveWebhook { url: None }).unwrap(),
            r#"{"url":null}"#
        );
    }
}
