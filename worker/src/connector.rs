//! One object per connector (R-CH-3, R-CH-9): the single holder of its
//! credentials, the door its source posts to, and its queue of replies.
//!
//! Inbound, it checks the request with the connector's rules
//! (`canal_shared::connectors`) and hands each client message to the
//! client's conversation object — whose id follows from the connector and the
//! client, so no directory is asked per message — opening it on the first
//! message. Outbound, conversations post their replies here; each is tried at
//! once, then retried by the alarm with backoff until the source has it or
//! refuses it for good, and the conversation hears the receipt.
//!
//! A connector's traffic is one source's (a Telegram bot takes about 30
//! messages a second at most), so one object per connector is never the
//! bottleneck; a channel's other connectors and its widget do not pass here.

use std::cell::RefCell;
use std::collections::BTreeMap;

use canal_shared::connectors::telegram::{Telegram, TELEGRAM_API};
use canal_shared::connectors::webhook::Webhook;
use canal_shared::connectors::{
    conversation_for, Connector, ConnectorError, ConnectorKind, ConnectorLink, ConnectorSettings,
    Delivery, InboundMessage, InboundRequest, Outbound, OutboundMessage,
};
use canal_shared::conversation::Opening;
use canal_shared::crm::keys as crm_keys;
use canal_shared::ids::{ChannelId, ConnectorId, ConversationId, VisitorId};
use canal_shared::protocol::ErrorCode;
use serde::{Deserialize, Serialize};
use worker::{durable_object, DurableObject, Env, Request, Response, Result, SqlStorage, State};

use crate::account::{ChannelEntry, ChannelLookup, ACCOUNT};
use crate::crm::recognise;
use crate::crypto::now;
use crate::deliveries::Deliveries;
use crate::failure::{ApiResult, Failure};
use crate::internal::{call, internal_error, json, json_body, respond, to_json};

/// A connector as its object keeps it (secrets included).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ConnectorConfig {
    /// Its id.
    pub id: ConnectorId,
    /// Its channel.
    pub channel: ChannelId,
    /// What it connects to.
    pub settings: ConnectorSettings,
    /// Its secret (Telegram's webhook token, or the webhook's signing key).
    pub secret: String,
}

impl ConnectorConfig {
    /// The connector's rules, with its settings.
    fn connector(&self) -> Box<dyn Connector> {
        match &self.settings {
            ConnectorSettings::Telegram {
                bot_token,
                api_base,
            } => Box::new(Telegram {
                bot_token: bot_token.clone(),
                api_base: api_base.clone().unwrap_or_else(|| TELEGRAM_API.into()),
                secret: self.secret.clone(),
            }),
            ConnectorSettings::Webhook { url } => Box::new(Webhook {
                url: url.clone(),
                secret: self.secret.clone(),
            }),
        }
    }
}

/// `/configure`: the connector's settings, or `None` once it is removed.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Configure {
    /// The connector now.
    pub config: Option<ConnectorConfig>,
}

/// `/inbound`: a request from the source, as the Worker got it.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Inbound {
    /// Headers, names in lower case.
    pub headers: BTreeMap<String, String>,
    /// The body.
    pub body: String,
}

/// `/inbound` on a conversation: a client message from a connector.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ConnectorMessage {
    /// The message.
    pub message: InboundMessage,
}

/// The answer to a conversation's `/inbound`: the message's number.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Accepted {
    /// Its sequence number in the conversation.
    pub seq: u64,
}

/// `/receipt` on a conversation: what became of a reply.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Receipt {
    /// The reply.
    pub seq: u64,
    /// Delivered, or why not.
    pub delivery: Delivery,
}

#[derive(Deserialize)]
struct ConfigRow {
    v: String,
}

/// A connector's object.
#[durable_object]
pub struct ConnectorObject {
    state: State,
    env: Env,
    sql: SqlStorage,
    deliveries: Deliveries,
    config: RefCell<Option<ConnectorConfig>>,
}

impl DurableObject for ConnectorObject {
    fn new(state: State, env: Env) -> Self {
        let sql = state.storage().sql();
        crate::schema::migrate(
            &state.storage(),
            &[&crate::schema::CONNECTOR, &crate::schema::DELIVERIES],
        );
        let config = sql
            .exec("SELECT v FROM config WHERE k = 'config'", None)
            .and_then(|c| c.to_array::<ConfigRow>())
            .ok()
            .and_then(|rows| rows.into_iter().next())
            .and_then(|r| serde_json::from_str(&r.v).ok());
        Self {
            state,
            env,
            deliveries: Deliveries::new(sql.clone()),
            sql,
            config: RefCell::new(config),
        }
    }

    async fn fetch(&self, mut req: Request) -> Result<Response> {
        respond(match req.path().as_str() {
            "/configure" => match json_body(&mut req).await {
                Ok(c) => self.configure(c),
                Err(e) => Err(e),
            },
            "/inbound" => match json_body(&mut req).await {
                Ok(i) => self.inbound(i).await,
                Err(e) => Err(e),
            },
            "/deliver" => match json_body(&mut req).await {
                Ok(m) => self.deliver(m).await,
                Err(e) => Err(e),
            },
            _ => Err(Failure::not_found("no such connector call")),
        })
    }

    async fn alarm(&self) -> Result<Response> {
        self.flush().await?;
        Response::ok("flushed")
    }
}

impl ConnectorObject {
    fn current(&self) -> ApiResult<ConnectorConfig> {
        self.config.borrow().clone().ok_or_else(|| {
            Failure::not_found("there is no such connector; it may have been removed")
        })
    }

    fn configure(&self, c: Configure) -> ApiResult<Response> {
        match &c.config {
            Some(config) => {
                self.sql.exec(
                    "INSERT INTO config (k, v) VALUES ('config', ?) ON CONFLICT(k) DO UPDATE SET v = excluded.v",
                    vec![to_json(config)?.into()],
                )?;
            }
            None => {
                self.sql.exec("DELETE FROM config", None)?;
                self.deliveries.clear()?;
            }
        }
        *self.config.borrow_mut() = c.config;
        json(&serde_json::json!({ "ok": true }))
    }

    /// A request from the source: checked, then each client message goes to
    /// its conversation. Answers the messages' numbers.
    async fn inbound(&self, inbound: Inbound) -> ApiResult<Response> {
        let config = self.current()?;
        let request = InboundRequest {
            headers: inbound.headers,
            body: inbound.body,
        };
        let messages = config
            .connector()
            .receive(now(), &request)
            .map_err(refused)?;
        let mut accepted = Vec::new();
        for message in messages {
            let seq = self.hand_over(&config, message).await?;
            accepted.push(seq);
        }
        json(&serde_json::json!({ "ok": true, "accepted": accepted }))
    }

    /// Gives a client message to its conversation, opening it on the first.
    async fn hand_over(&self, config: &ConnectorConfig, message: InboundMessage) -> ApiResult<u64> {
        let conversation = conversation_for(&config.id, &message.client.external_id);
        let body = ConnectorMessage {
            message: message.clone(),
        };
        match call::<_, Accepted>(
            &self.env,
            "CONVERSATION",
            conversation.as_str(),
            "/inbound",
            &body,
        )
        .await
        {
            Ok(a) => return Ok(a.seq),
            Err(f) if f.status == 404 => {}
            Err(f) => return Err(f),
        }
        self.open(config, &conversation, &message).await?;
        let a: Accepted = call(
            &self.env,
            "CONVERSATION",
            conversation.as_str(),
            "/inbound",
            &body,
        )
        .await?;
        Ok(a.seq)
    }

    /// Opens the conversation of a client's first message, with the
    /// channel's settings as for a widget visitor.
    async fn open(
        &self,
        config: &ConnectorConfig,
        conversation: &ConversationId,
        message: &InboundMessage,
    ) -> ApiResult<()> {
        let entry: ChannelEntry = call(
            &self.env,
            "ACCOUNT",
            ACCOUNT,
            "/channel",
            &ChannelLookup {
                id: config.channel.clone(),
                lang: None,
            },
        )
        .await?;
        let kind = message.client.kind;
        let visitor = VisitorId::parse(conversation.as_str()).map_err(internal_error)?;
        let visitor_name = message.client.visitor_name();
        // R-CRM-1, R-CRM-5: the same messenger account, known to the CRM.
        let account = match kind {
            ConnectorKind::Telegram => message.client.external_id.clone(),
            _ => format!("{}/{}", config.id, message.client.external_id),
        };
        let keys = crm_keys(
            None,
            &message.client.email.iter().cloned().collect::<Vec<_>>(),
            &[],
            Some((kind, &account)),
        );
        let known = recognise(&self.env, &config.channel, keys).await;
        let opening = Opening {
            client: known.client,
            crm: known.settings,
            bot: entry.bot,
            kpi: entry.kpi,
            id: conversation.clone(),
            channel: entry.channel,
            visitor,
            visitor_name: canal_shared::text::parse_name(&visitor_name)
                .unwrap_or_else(|_| kind.label().to_owned()),
            automation: entry.automation,
            // The notice is the widget's; other sources have their own terms.
            consent_required: false,
            title: None,
            // Its clients type in their messenger: no draft comes.
            live_typing: true,
            identity: None,
            connector: Some(ConnectorLink {
                id: config.id.clone(),
                kind,
                client: message.client.external_id.clone(),
                email: message.client.email.clone(),
                name: message.client.contact_name(),
            }),
        };
        call::<_, serde_json::Value>(
            &self.env,
            "CONVERSATION",
            conversation.as_str(),
            "/open",
            &opening,
        )
        .await?;
        Ok(())
    }

    /// A conversation's reply: kept (once per message) and tried at once.
    async fn deliver(&self, message: OutboundMessage) -> ApiResult<Response> {
        let config = self.current()?;
        match config.connector().deliver(now(), &message) {
            Outbound::Sockets => {}
            Outbound::Call(c) => {
                let key = format!("{}:{}", message.conversation, message.seq.0);
                self.deliveries.put(&key, &c)?;
                self.flush().await?;
            }
        }
        json(&serde_json::json!({ "ok": true }))
    }

    /// Tries every reply that is due; tells each conversation what became
    /// of its replies that are done.
    async fn flush(&self) -> Result<()> {
        let Some(config) = self.config.borrow().clone() else {
            return Ok(());
        };
        let connector = config.connector();
        let done = self
            .deliveries
            .flush(&self.state.storage(), |status, body| {
                connector.receipt(status, body)
            })
            .await?;
        for (key, delivery) in done {
            let Some((conversation, seq)) = key
                .rsplit_once(':')
                .and_then(|(c, s)| Some((c.to_owned(), s.parse::<u64>().ok()?)))
            else {
                continue;
            };
            // The receipt is for the operators watching; a lost one loses
            // nothing of the conversation.
            if let Err(e) = call::<_, serde_json::Value>(
                &self.env,
                "CONVERSATION",
                &conversation,
                "/receipt",
                &Receipt { seq, delivery },
            )
            .await
            {
                worker::console_warn!("connector {}: receipt not delivered: {e}", config.id);
            }
        }
        Ok(())
    }
}

/// An inbound request the connector refused, as an HTTP error.
fn refused(e: ConnectorError) -> Failure {
    match e {
        ConnectorError::Unauthenticated | ConnectorError::Stale(_) => {
            Failure::new(401, ErrorCode::Unauthorized, e.to_string())
        }
        ConnectorError::BadBody(_) | ConnectorError::BadSetting(_) => {
            Failure::bad_request(e.to_string())
        }
    }
}
