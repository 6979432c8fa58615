//! The built-in CRM (R-CRM-1…6), one object for the account ("crm"): client
//! cards with an index of the keys they are recognised by, leads, each
//! channel's CRM settings, and the outgoing webhook that reports changes.
//!
//! Like the account it is off the message path: a conversation asks it once
//! when it opens (is this a known client? who is responsible?) and tells it
//! once per session and per new contact (`/sight`, through the outbox);
//! operators ask when they open a conversation's card or make a lead.

use canal_shared::connectors::webhook::sign;
use canal_shared::connectors::{Delivery, HttpCall};
use canal_shared::conversation::ClientLink;
use canal_shared::crm::{
    create_lead, merge, sight, took, ClientCard, CrmEvent, CrmSettings, CrmWebhook, LeadError,
    SavedWebhook, Sighting, Takeover,
};
use canal_shared::ids::{random_id, ChannelId, ClientId, ConversationId, UserId};
use canal_shared::protocol::Done;
use canal_shared::protocol::ErrorCode;
use canal_shared::time::Timestamp;
use serde::{Deserialize, Serialize};
use worker::{durable_object, DurableObject, Env, Request, Response, Result, SqlStorage, State};

use crate::crypto::{hex, now, random_bytes};
use crate::deliveries::Deliveries;
use crate::failure::{ApiResult, Failure};
use crate::internal::{call, internal_error, json, json_body, respond, to_json};

/// The name of the one CRM object.
pub const CRM: &str = "crm";

/// Clients per page of `/clients`.
pub const CLIENTS_PAGE: i64 = 50;

/// `/recognise`: the keys a new conversation's client is known by.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Recognise {
    /// The channel (for its settings).
    pub channel: ChannelId,
    /// The keys (`canal_shared::crm::keys`).
    pub keys: Vec<String>,
}

/// Answer to `/recognise`.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Recognised {
    /// The client's card, if one has any of the keys.
    pub client: Option<ClientLink>,
    /// The channel's CRM settings.
    pub settings: CrmSettings,
}

/// Asks the CRM who a new conversation's client is; a CRM that cannot
/// answer leaves the client unrecognised (the conversation must open).
pub async fn recognise(env: &Env, channel: &ChannelId, keys: Vec<String>) -> Recognised {
    let body = Recognise {
        channel: channel.clone(),
        keys,
    };
    match call(env, "CRM", CRM, "/recognise", &body).await {
        Ok(r) => r,
        Err(e) => {
            worker::console_warn!("crm: recognition failed, going on without: {e}");
            Recognised::default()
        }
    }
}

/// `/conversation`: the card of a conversation's client.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct OfConversation {
    /// The conversation.
    pub conversation: ConversationId,
    /// The channel the caller sees it in (checked: a card is only shown
    /// for a conversation of that channel).
    pub channel: ChannelId,
}

/// What an operator sees of a conversation's client.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ConversationClient {
    /// The card, once the client wrote.
    pub client: Option<ClientCard>,
    /// Whether "Create lead" is possible, and if not why (R-CRM-3).
    pub lead: LeadState,
}

/// Whether a lead can be made.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct LeadState {
    /// It can.
    pub allowed: bool,
    /// Why not, when it cannot.
    pub reason: Option<String>,
}

/// `/lead`: an operator makes a lead of a conversation's client.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct MakeLead {
    /// The conversation.
    pub conversation: ConversationId,
    /// Its channel, as the caller sees it (checked).
    pub channel: ChannelId,
    /// Who.
    pub by: UserId,
}

/// `/took`: an operator accepted a conversation, or it was transferred to
/// them by hand; the client may get them as responsible (R-CRM-6).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Took {
    /// The conversation.
    pub conversation: ConversationId,
    /// Its channel.
    pub channel: ChannelId,
    /// Who answers it now.
    pub operator: UserId,
    /// How they came to.
    pub how: Takeover,
}

/// `/merge`: `from` goes into `into` (admins).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Merge {
    /// The card that stays.
    pub into: ClientId,
    /// The card merged into it.
    pub from: ClientId,
}

/// `/clients`: a page of cards, newest change first, optionally searched.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ClientsQuery {
    /// Text in a name, email or phone.
    #[serde(default)]
    pub q: Option<String>,
    /// Cards changed before this time (the `next` of the previous page).
    #[serde(default)]
    pub before: Option<Timestamp>,
}

/// A page of cards.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ClientPage {
    /// The cards.
    pub clients: Vec<ClientCard>,
    /// Where the next page starts, if there is one.
    pub next: Option<Timestamp>,
}

/// `/settings/save`: a channel's CRM settings.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ChannelCrm {
    /// The channel.
    pub channel: ChannelId,
    /// Its settings.
    pub settings: CrmSettings,
}

#[derive(Deserialize)]
struct CardRow {
    card: String,
}

#[derive(Deserialize)]
struct SettingsRow {
    settings: String,
}

#[derive(Deserialize)]
struct HookRow {
    url: String,
    secret: String,
}

/// The CRM's object.
#[durable_object]
pub struct Crm {
    state: State,
    sql: SqlStorage,
    deliveries: Deliveries,
}

impl DurableObject for Crm {
    fn new(state: State, _env: Env) -> Self {
        let sql = state.storage().sql();
        crate::schema::migrate(
            &state.storage(),
            &[&crate::schema::CRM, &crate::schema::DELIVERIES],
        );
        Self {
            state,
            deliveries: Deliveries::new(sql.clone()),
            sql,
        }
    }

    async fn fetch(&self, mut req: Request) -> Result<Response> {
        respond(self.route(&mut req).await)
    }

    async fn alarm(&self) -> Result<Response> {
        self.deliver().await?;
        Response::ok("delivered")
    }
}

impl Crm {
    async fn route(&self, req: &mut Request) -> ApiResult<Response> {
        match req.path().as_str() {
            "/recognise" => self.recognise(json_body(req).await?),
            "/sight" => self.sight(json_body(req).await?).await,
            "/conversation" => {
                let OfConversation {
                    conversation,
                    channel,
                } = json_body(req).await?;
                json(&self.conversation_client(&conversation, &channel)?)
            }
            "/lead" => self.lead(json_body(req).await?).await,
            "/took" => self.took(json_body(req).await?).await,
            "/merge" => self.merge(json_body(req).await?).await,
            "/clients" => self.clients(json_body(req).await?),
            "/client" => {
                #[derive(Deserialize)]
                struct One {
                    id: ClientId,
                }
                let One { id } = json_body(req).await?;
                json(&self.card(&id)?.ok_or_else(no_client)?)
            }
            "/settings/get" => {
                #[derive(Deserialize)]
                struct Of {
                    channel: ChannelId,
                }
                let Of { channel } = json_body(req).await?;
                json(&ChannelCrm {
                    settings: self.settings(&channel)?,
                    channel,
                })
            }
            "/settings/save" => {
                let c: ChannelCrm = json_body(req).await?;
                self.sql.exec(
                    "INSERT INTO channel_crm (channel_id, settings) VALUES (?, ?) ON CONFLICT(channel_id) DO UPDATE SET settings = excluded.settings",
                    vec![c.channel.to_string().into(), to_json(&c.settings)?.into()],
                )?;
                json(&c)
            }
            "/webhook/get" => json(&CrmWebhook {
                url: self.hook()?.map(|h| h.url),
            }),
            "/webhook/save" => self.save_hook(json_body(req).await?),
            _ => Err(Failure::not_found("no such crm call")),
        }
    }

    fn settings(&self, channel: &ChannelId) -> ApiResult<CrmSettings> {
        let rows: Vec<SettingsRow> = self
            .sql
            .exec(
                "SELECT settings FROM channel_crm WHERE channel_id = ?",
                vec![channel.to_string().into()],
            )?
            .to_array()?;
        match rows.first() {
            Some(r) => serde_json::from_str(&r.settings).map_err(internal_error),
            None => Ok(CrmSettings::default()),
        }
    }

    fn card(&self, id: &ClientId) -> ApiResult<Option<ClientCard>> {
        let rows: Vec<CardRow> = self
            .sql
            .exec(
                "SELECT card FROM cards WHERE id = ?",
                vec![id.to_string().into()],
            )?
            .to_array()?;
        rows.first()
            .map(|r| serde_json::from_str(&r.card).map_err(internal_error))
            .transpose()
    }

    /// The live card: a merged card's heir.
    fn live(&self, id: &ClientId) -> ApiResult<Option<ClientCard>> {
        let mut card = self.card(id)?;
        for _ in 0..8 {
            match card.as_ref().and_then(|c| c.merged_into.clone()) {
                Some(heir) => card = self.card(&heir)?,
                None => break,
            }
        }
        Ok(card)
    }

    /// Cards any of `keys` points at.
    fn matching(&self, keys: &[String]) -> ApiResult<Vec<ClientCard>> {
        let mut cards: Vec<ClientCard> = Vec::new();
        for key in keys {
            #[derive(Deserialize)]
            struct Row {
                client_id: String,
            }
            let rows: Vec<Row> = self
                .sql
                .exec(
                    "SELECT client_id FROM client_keys WHERE key = ?",
                    vec![key.clone().into()],
                )?
                .to_array()?;
            for r in rows {
                let id = ClientId::parse(&r.client_id).map_err(internal_error)?;
                if let Some(c) = self.live(&id)? {
                    if !cards.iter().any(|x| x.id == c.id) {
                        cards.push(c);
                    }
                }
            }
        }
        Ok(cards)
    }

    fn save(&self, card: &ClientCard) -> ApiResult<()> {
        let search = card.search_text();
        self.sql.exec(
            "INSERT INTO cards (id, card, search, updated_at, merged) VALUES (?, ?, ?, ?, ?) \
             ON CONFLICT(id) DO UPDATE SET card = excluded.card, search = excluded.search, updated_at = excluded.updated_at, merged = excluded.merged",
            vec![
                card.id.to_string().into(),
                to_json(card)?.into(),
                search.into(),
                card.updated_at.0.into(),
                i64::from(card.merged_into.is_some()).into(),
            ],
        )?;
        if card.merged_into.is_none() {
            for key in &card.keys {
                self.sql.exec(
                    "INSERT INTO client_keys (key, client_id) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET client_id = excluded.client_id",
                    vec![key.clone().into(), card.id.to_string().into()],
                )?;
            }
            for c in &card.conversations {
                self.sql.exec(
                    "INSERT INTO conversation_clients (conversation_id, client_id, channel_id) VALUES (?, ?, ?) \
                     ON CONFLICT(conversation_id) DO UPDATE SET client_id = excluded.client_id",
                    vec![
                        c.id.to_string().into(),
                        card.id.to_string().into(),
                        c.channel.to_string().into(),
                    ],
                )?;
            }
        }
        Ok(())
    }

    fn recognise(&self, r: Recognise) -> ApiResult<Response> {
        let client = self
            .matching(&r.keys)?
            .into_iter()
            .min_by_key(|c| (c.created_at, c.id.clone()))
            .map(|c| ClientLink {
                id: c.id,
                responsible: c.responsible,
            });
        json(&Recognised {
            client,
            settings: self.settings(&r.channel)?,
        })
    }

    async fn sight(&self, s: Sighting) -> ApiResult<Response> {
        let matching = self.matching(&s.keys)?;
        let settings = self.settings(&s.channel)?;
        let new_id =
            ClientId::parse(&random_id("cl_", &random_bytes::<8>()?)).map_err(internal_error)?;
        let out = sight(&matching, &s, settings, new_id);
        self.save(&out.card)?;
        self.report(out.events).await?;
        json(&out.card)
    }

    /// The card of a conversation of `channel` (none for another channel's:
    /// an operator reads only the clients of the channels they work in).
    fn of_conversation(
        &self,
        conversation: &ConversationId,
        channel: &ChannelId,
    ) -> ApiResult<Option<ClientCard>> {
        #[derive(Deserialize)]
        struct Row {
            client_id: String,
        }
        let rows: Vec<Row> = self
            .sql
            .exec(
                "SELECT client_id FROM conversation_clients WHERE conversation_id = ? AND channel_id = ?",
                vec![conversation.to_string().into(), channel.to_string().into()],
            )?
            .to_array()?;
        match rows.first() {
            Some(r) => self.live(&ClientId::parse(&r.client_id).map_err(internal_error)?),
            None => Ok(None),
        }
    }

    fn conversation_client(
        &self,
        conversation: &ConversationId,
        channel: &ChannelId,
    ) -> ApiResult<ConversationClient> {
        let client = self.of_conversation(conversation, channel)?;
        let lead = match &client {
            None => LeadState {
                allowed: false,
                reason: Some("the client has not written yet".into()),
            },
            Some(c) if c.lead.is_some() => LeadState {
                allowed: false,
                reason: Some(LeadError::Exists.to_string()),
            },
            Some(c) if c.reachable_by().is_none() => LeadState {
                allowed: false,
                reason: Some(LeadError::Unreachable.to_string()),
            },
            Some(_) => LeadState {
                allowed: true,
                reason: None,
            },
        };
        Ok(ConversationClient { client, lead })
    }

    async fn lead(&self, m: MakeLead) -> ApiResult<Response> {
        let Some(mut card) = self.of_conversation(&m.conversation, &m.channel)? else {
            return Err(Failure::new(
                409,
                ErrorCode::Conflict,
                "the client has not written yet",
            ));
        };
        let event = create_lead(&mut card, &m.by, now()).map_err(|e| match e {
            LeadError::Exists => Failure::new(409, ErrorCode::Conflict, e.to_string()),
            LeadError::Unreachable => Failure::bad_request(e.to_string()),
        })?;
        self.save(&card)?;
        self.report(vec![event]).await?;
        json(&card)
    }

    /// An operator took a conversation (R-CRM-6). A conversation the CRM
    /// never heard of (its client never wrote) changes no card.
    async fn took(&self, t: Took) -> ApiResult<Response> {
        if let Some(mut card) = self.of_conversation(&t.conversation, &t.channel)? {
            let settings = self.settings(&t.channel)?;
            if let Some(event) = took(&mut card, &t.operator, t.how, settings, now()) {
                self.save(&card)?;
                self.report(vec![event]).await?;
            }
        }
        json(&Done::OK)
    }

    async fn merge(&self, m: Merge) -> ApiResult<Response> {
        let into = self.card(&m.into)?.ok_or_else(no_client)?;
        let from = self.card(&m.from)?.ok_or_else(no_client)?;
        let (into, from, event) =
            merge(into, from, now()).map_err(|e| Failure::bad_request(e.to_string()))?;
        self.save(&from)?;
        self.save(&into)?;
        self.report(vec![event]).await?;
        json(&into)
    }

    fn clients(&self, q: ClientsQuery) -> ApiResult<Response> {
        let before = q.before.map_or(i64::MAX, |t| t.0);
        let pattern = format!(
            "%{}%",
            q.q.unwrap_or_default()
                .trim()
                .to_lowercase()
                .replace(['%', '_'], "")
        );
        let rows: Vec<CardRow> = self
            .sql
            .exec(
                "SELECT card FROM cards WHERE merged = 0 AND updated_at < ? AND search LIKE ? ORDER BY updated_at DESC LIMIT ?",
                vec![before.into(), pattern.into(), (CLIENTS_PAGE + 1).into()],
            )?
            .to_array()?;
        let mut clients: Vec<ClientCard> = rows
            .iter()
            .map(|r| serde_json::from_str(&r.card).map_err(internal_error))
            .collect::<ApiResult<_>>()?;
        let next = (clients.len() as i64 > CLIENTS_PAGE).then(|| {
            clients.truncate(CLIENTS_PAGE as usize);
            clients.last().map(|c| c.updated_at)
        });
        json(&ClientPage {
            clients,
            next: next.flatten(),
        })
    }

    fn hook(&self) -> ApiResult<Option<HookRow>> {
        let rows: Vec<HookRow> = self
            .sql
            .exec("SELECT url, secret FROM crm_webhook WHERE k = 'hook'", None)?
            .to_array()?;
        Ok(rows.into_iter().next())
    }

    /// Sets where changes are posted; a new URL gets a new secret, shown
    /// once in the answer.
    fn save_hook(&self, h: CrmWebhook) -> ApiResult<Response> {
        let Some(url) = h.url.filter(|u| !u.trim().is_empty()) else {
            self.sql.exec("DELETE FROM crm_webhook", None)?;
            return json(&SavedWebhook::default());
        };
        let url = canal_shared::connectors::ConnectorSettings::Webhook { url }
            .validate()
            .map_err(|e| Failure::bad_request(e.to_string()))
            .map(|s| match s {
                canal_shared::connectors::ConnectorSettings::Webhook { url } => url,
                _ => String::new(),
            })?;
        let secret = format!("crm_{}", hex(&random_bytes::<24>()?));
        self.sql.exec(
            "INSERT INTO crm_webhook (k, url, secret) VALUES ('hook', ?, ?) ON CONFLICT(k) DO UPDATE SET url = excluded.url, secret = excluded.secret",
            vec![url.clone().into(), secret.clone().into()],
        )?;
        json(&SavedWebhook {
            url: Some(url),
            secret: Some(secret),
        })
    }

    /// Queues each event for the webhook, signed as the webhook connector's
    /// replies are, and tries at once.
    async fn report(&self, events: Vec<CrmEvent>) -> ApiResult<()> {
        let Some(hook) = self.hook()? else {
            return Ok(());
        };
        if events.is_empty() {
            return Ok(());
        }
        let t = now();
        for event in events {
            let body = to_json(&event)?;
            let timestamp = t.0 / 1000;
            let c = HttpCall {
                method: "POST".into(),
                url: hook.url.clone(),
                headers: vec![
                    ("content-type".into(), "application/json".into()),
                    ("x-canal-timestamp".into(), timestamp.to_string()),
                    (
                        "x-canal-signature".into(),
                        sign(&hook.secret, timestamp, &body),
                    ),
                ],
                body,
            };
            let key = format!("{}:{}", t.0, hex(&random_bytes::<6>()?));
            self.deliveries.put(&key, &c)?;
        }
        self.deliver().await?;
        Ok(())
    }

    async fn deliver(&self) -> Result<()> {
        let done = self
            .deliveries
            .flush(&self.state.storage(), |status, _| match status {
                200..=299 => Delivery::Delivered,
                408 | 425 | 429 | 500..=599 => Delivery::Retry {
                    reason: format!("HTTP {status}"),
                },
                _ => Delivery::Failed {
                    reason: format!("HTTP {status}"),
                },
            })
            .await?;
        for (key, outcome) in done {
            if let Delivery::Failed { reason } = outcome {
                worker::console_warn!("crm: webhook event {key} not delivered: {reason}");
            }
        }
        Ok(())
    }
}

fn no_client() -> Failure {
    Failure::not_found("there is no such client")
}
