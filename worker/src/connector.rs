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

use canal_shared::connectors::telegram::{parse_file, Telegram, TelegramFile, TELEGRAM_API};
use canal_shared::connectors::webhook::Webhook;
use canal_shared::connectors::{
    conversation_for, refused_file_text, Connector, ConnectorError, ConnectorKind, ConnectorLink,
    ConnectorSettings, Delivery, InboundAccepted, InboundFile, InboundMessage, InboundRequest,
    Outbound, OutboundMessage,
};
use canal_shared::conversation::Caller;
use canal_shared::conversation::Opening;
use canal_shared::crm::keys as crm_keys;
use canal_shared::files::Refusal;
use canal_shared::ids::{ChannelId, ClientMsgId, ConnectorId, ConversationId, Seq, VisitorId};
use canal_shared::protocol::Done;
use canal_shared::protocol::ErrorCode;
use serde::{Deserialize, Serialize};
use worker::{
    durable_object, DurableObject, Env, Fetch, Request, Response, Result, SqlStorage, State, Url,
};

use crate::account::{ChannelEntry, ChannelLookup, ACCOUNT};
use crate::crm::recognise;
use crate::crypto::now;
use crate::deliveries::{self, Deliveries};
use crate::failure::{ApiResult, Failure};
use crate::files::{self, Reserved, Upload};
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
    /// The Telegram bot, if it is one.
    fn telegram(&self) -> Option<Telegram> {
        match &self.settings {
            ConnectorSettings::Telegram {
                bot_token,
                api_base,
            } => Some(telegram_bot(bot_token, api_base.as_deref(), &self.secret)),
            ConnectorSettings::Webhook { .. } => None,
        }
    }

    /// The connector's rules, with its settings.
    fn connector(&self) -> Box<dyn Connector> {
        match &self.settings {
            ConnectorSettings::Telegram {
                bot_token,
                api_base,
            } => Box::new(telegram_bot(bot_token, api_base.as_deref(), &self.secret)),
            ConnectorSettings::Webhook { url } => Box::new(Webhook {
                url: url.clone(),
                secret: self.secret.clone(),
            }),
        }
    }
}

/// A Telegram bot's rules, on Telegram's Bot API unless `api_base` says.
fn telegram_bot(bot_token: &str, api_base: Option<&str>, secret: &str) -> Telegram {
    Telegram {
        bot_token: bot_token.to_owned(),
        api_base: api_base.unwrap_or(TELEGRAM_API).to_owned(),
        secret: secret.to_owned(),
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
    /// The client's file it carries, stored in the conversation already
    /// (#21).
    #[serde(default)]
    pub file: Option<ClientMsgId>,
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
        json(&Done::OK)
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
            accepted.push(Seq(seq));
        }
        json(&InboundAccepted { ok: true, accepted })
    }

    /// Gives a client message to its conversation, opening it on the first;
    /// with a file, the file is fetched and stored first (#21), or the
    /// message says why it was not.
    async fn hand_over(
        &self,
        config: &ConnectorConfig,
        mut message: InboundMessage,
    ) -> ApiResult<u64> {
        let conversation = conversation_for(&config.id, &message.client.external_id);
        let mut stored = None;
        if let Some(file) = message.file.take() {
            match self
                .take_file(config, &conversation, &message, &file)
                .await?
            {
                Ok(()) => stored = Some(file.id),
                Err(reason) => message.text = refused_file_text(&message.text, &reason),
            }
        }
        let body = ConnectorMessage {
            message: message.clone(),
            file: stored,
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

    /// Fetches a client's file from the source and stores it in their
    /// conversation as the visitor's, within the account's limits and
    /// sniffed like any upload (#21); a file stored already (the source
    /// delivered the message again) is not fetched again. `Ok(Err(reason))`
    /// when the file cannot be taken; an error when the source should try
    /// again later.
    async fn take_file(
        &self,
        config: &ConnectorConfig,
        conversation: &ConversationId,
        message: &InboundMessage,
        file: &InboundFile,
    ) -> ApiResult<std::result::Result<(), String>> {
        let Some(bot) = config.telegram() else {
            return Ok(Err("this source sends no files".into()));
        };
        let caller = Caller::Visitor {
            visitor: VisitorId::parse(conversation.as_str()).map_err(internal_error)?,
            channel: config.channel.clone(),
        };
        // The size the update announced lets a message delivered again
        // find its file stored without asking Telegram anything.
        let mut found = None;
        let size = match file.size {
            Some(size) => size,
            None => {
                let f = match locate(&bot, &file.source).await? {
                    Ok(f) => f,
                    Err(reason) => return Ok(Err(reason)),
                };
                let Some(size) = f.size else {
                    return Ok(Err(Refusal::LengthRequired.to_string()));
                };
                found = Some(f);
                size
            }
        };
        let reserved = match files::reserve(&self.env, conversation, &caller, &file.id, size).await
        {
            Err(f) if f.status == 404 => {
                self.open(config, conversation, message).await?;
                files::reserve(&self.env, conversation, &caller, &file.id, size).await
            }
            other => other,
        };
        let (side, limits) = match reserved {
            Ok(Reserved::Stored { .. }) => return Ok(Ok(())),
            Ok(Reserved::Upload { side, limits }) => (side, limits),
            Err(f) if matches!(f.status, 400 | 413 | 415) => return Ok(Err(f.message)),
            Err(f) => return Err(f),
        };
        let found = match found {
            Some(f) => f,
            None => match locate(&bot, &file.source).await? {
                Ok(f) => f,
                Err(reason) => return Ok(Err(reason)),
            },
        };
        let url = Url::parse(&bot.download_url(&found.path)).map_err(internal_error)?;
        let mut download = Fetch::Url(url).send().await?;
        match download.status_code() {
            200 => {}
            s if s == 429 || s >= 500 => {
                return Err(Failure::new(
                    502,
                    ErrorCode::Internal,
                    format!("Telegram's file answered HTTP {s}"),
                ));
            }
            s => return Ok(Err(format!("Telegram's file answered HTTP {s}"))),
        }
        let upload = Upload {
            caller,
            id: file.id.clone(),
            name: file.name.clone(),
            size,
            side,
            limits,
        };
        let mut rest = None;
        match files::write(
            &self.env,
            conversation,
            upload,
            download.stream()?,
            &mut rest,
        )
        .await
        {
            Ok(_) => Ok(Ok(())),
            Err(f) if matches!(f.status, 400 | 413 | 415) => Ok(Err(f.message)),
            Err(f) => Err(f),
        }
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
        json(&Done::OK)
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

/// Where Telegram keeps the file `source` (`getFile`); `Ok(Err(reason))`
/// when it will not give it, an error when it should be asked again later.
async fn locate(
    bot: &Telegram,
    source: &str,
) -> ApiResult<std::result::Result<TelegramFile, String>> {
    let (status, answer) = deliveries::send(&bot.get_file(source))
        .await
        .map_err(|e| Failure::new(502, ErrorCode::Internal, format!("getFile: {e}")))?;
    match parse_file(status, &answer) {
        Ok(found) => Ok(Ok(found)),
        Err(e) if status == 429 || status >= 500 => Err(Failure::new(502, ErrorCode::Internal, e)),
        Err(e) => Ok(Err(e)),
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
