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
    conversation_for, retry_delay_ms, Connector, ConnectorError, ConnectorLink, ConnectorSettings,
    Delivery, HttpCall, InboundMessage, InboundRequest, Outbound, OutboundMessage,
};
use canal_shared::conversation::Opening;
use canal_shared::ids::{ChannelId, ConnectorId, ConversationId, VisitorId};
use canal_shared::protocol::ErrorCode;
use serde::{Deserialize, Serialize};
use worker::{
    durable_object, DurableObject, Env, Fetch, Headers, Method, Request, RequestInit, Response,
    Result, SqlStorage, State,
};

use crate::account::{ChannelEntry, ChannelLookup, ACCOUNT};
use crate::crypto::now;
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

#[derive(Deserialize)]
struct DeliveryRow {
    conversation: String,
    seq: i64,
    call: String,
    attempts: i64,
}

#[derive(Deserialize)]
struct AtRow {
    at: Option<i64>,
}

/// A connector's object.
#[durable_object]
pub struct ConnectorObject {
    state: State,
    env: Env,
    sql: SqlStorage,
    config: RefCell<Option<ConnectorConfig>>,
}

impl DurableObject for ConnectorObject {
    fn new(state: State, env: Env) -> Self {
        let sql = state.storage().sql();
        for ddl in [
            "CREATE TABLE IF NOT EXISTS config (k TEXT PRIMARY KEY, v TEXT NOT NULL)",
            // Replies on their way: one per conversation message.
            "CREATE TABLE IF NOT EXISTS deliveries (conversation TEXT NOT NULL, seq INTEGER NOT NULL, call TEXT NOT NULL, attempts INTEGER NOT NULL, next_at INTEGER NOT NULL, PRIMARY KEY (conversation, seq))",
        ] {
            // Invariant: fixed, valid DDL.
            sql.exec(ddl, None).expect("connector schema");
        }
        let config = sql
            .exec("SELECT v FROM config WHERE k = 'config'", None)
            .and_then(|c| c.to_array::<ConfigRow>())
            .ok()
            .and_then(|rows| rows.into_iter().next())
            .and_then(|r| serde_json::from_str(&r.v).ok());
        Self {
            state,
            env,
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
                self.sql.exec("DELETE FROM deliveries", None)?;
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
        let visitor_name = match &message.client.name {
            Some(name) => format!("{name} ({})", kind.label()),
            None => format!("{} client {}", kind.label(), message.client.external_id),
        };
        let opening = Opening {
            id: conversation.clone(),
            channel: entry.channel,
            visitor,
            visitor_name: canal_shared::text::parse_name(&visitor_name)
                .unwrap_or_else(|_| kind.label().to_owned()),
            automation: entry.automation,
            // The notice is the widget's; other sources have their own terms.
            consent_required: false,
            title: None,
            identity: None,
            connector: Some(ConnectorLink {
                id: config.id.clone(),
                kind,
                client: message.client.external_id.clone(),
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
                self.sql.exec(
                    "INSERT OR IGNORE INTO deliveries (conversation, seq, call, attempts, next_at) VALUES (?, ?, ?, 0, 0)",
                    vec![
                        message.conversation.to_string().into(),
                        (message.seq.0 as i64).into(),
                        to_json(&c)?.into(),
                    ],
                )?;
                self.flush().await?;
            }
        }
        json(&serde_json::json!({ "ok": true }))
    }

    /// Tries every reply that is due; sets the alarm for the next retry.
    async fn flush(&self) -> Result<()> {
        let Some(config) = self.config.borrow().clone() else {
            return Ok(());
        };
        let connector = config.connector();
        let t = now();
        let due: Vec<DeliveryRow> = self
            .sql
            .exec(
                "SELECT conversation, seq, call, attempts FROM deliveries WHERE next_at <= ? ORDER BY next_at, seq LIMIT 50",
                vec![t.0.into()],
            )?
            .to_array()?;
        for row in due {
            let outcome = match serde_json::from_str::<HttpCall>(&row.call) {
                Ok(c) => match send(&c).await {
                    Ok((status, body)) => connector.receipt(status, &body),
                    Err(e) => Delivery::Retry {
                        reason: e.to_string(),
                    },
                },
                Err(e) => Delivery::Failed {
                    reason: format!("unreadable delivery: {e}"),
                },
            };
            let attempts = u32::try_from(row.attempts).unwrap_or(u32::MAX);
            let outcome = match outcome {
                Delivery::Retry { reason } => match retry_delay_ms(attempts) {
                    Some(delay) => {
                        worker::console_warn!(
                            "connector {}: delivery of {}#{} failed ({reason}); retrying in {delay} ms",
                            config.id,
                            row.conversation,
                            row.seq
                        );
                        self.sql.exec(
                            "UPDATE deliveries SET attempts = attempts + 1, next_at = ? WHERE conversation = ? AND seq = ?",
                            vec![
                                t.plus_ms(delay).0.into(),
                                row.conversation.clone().into(),
                                row.seq.into(),
                            ],
                        )?;
                        continue;
                    }
                    None => Delivery::Failed {
                        reason: format!("gave up after {attempts} attempts: {reason}"),
                    },
                },
                other => other,
            };
            self.sql.exec(
                "DELETE FROM deliveries WHERE conversation = ? AND seq = ?",
                vec![row.conversation.clone().into(), row.seq.into()],
            )?;
            let receipt = Receipt {
                seq: row.seq as u64,
                delivery: outcome,
            };
            // The receipt is for the operators watching; a lost one loses
            // nothing of the conversation.
            if let Err(e) = call::<_, serde_json::Value>(
                &self.env,
                "CONVERSATION",
                &row.conversation,
                "/receipt",
                &receipt,
            )
            .await
            {
                worker::console_warn!("connector {}: receipt not delivered: {e}", config.id);
            }
        }
        self.arm().await
    }

    /// The alarm at the next retry, if any.
    async fn arm(&self) -> Result<()> {
        let next: Vec<AtRow> = self
            .sql
            .exec("SELECT MIN(next_at) AS at FROM deliveries", None)?
            .to_array()?;
        if let Some(at) = next.first().and_then(|r| r.at) {
            // An `i64` alarm is an offset from now, in milliseconds.
            let offset = (at - now().0).max(10);
            self.state.storage().set_alarm(offset).await?;
        }
        Ok(())
    }
}

/// Makes an HTTP call; the answer's status and body.
pub async fn send(c: &HttpCall) -> Result<(u16, String)> {
    let headers = Headers::new();
    for (k, v) in &c.headers {
        headers.set(k, v)?;
    }
    let mut init = RequestInit::new();
    init.with_method(Method::Post)
        .with_headers(headers)
        .with_body(Some(c.body.clone().into()));
    let req = Request::new_with_init(&c.url, &init)?;
    let mut res = Fetch::Request(req).send().await?;
    let status = res.status_code();
    Ok((status, res.text().await.unwrap_or_default()))
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
