//! One object per conversation: its messages (SQLite), its sockets (visitor
//! and operators, hibernating), and the core's [`Conversation`] machine. Every
//! message of a conversation goes through its own object only.
//!
//! Besides sockets it takes two visitor calls over HTTP (`/visitor-input`):
//! the acceptance of the personal-data notice (R-C-1), recorded in the
//! account through the outbox, and the email left in the offline form
//! (R-WH-3).

use std::cell::{Cell, RefCell};

use canal_shared::bot::{BotAssignment, BotRequest};
use canal_shared::connectors::OutboundMessage;
use canal_shared::consent::ConsentKey;
use canal_shared::conversation::{
    Audience, Caller, Conversation, Effect, Input, Opening, Peer, Route, Stored,
    NO_SUCH_CONVERSATION,
};
use canal_shared::files::FileLimits;
use canal_shared::ids::{ChannelId, ClientMsgId, ConversationId, Seq, UserId};
use canal_shared::ledger::{IndexedMessage, LedgerUpdate};
use canal_shared::protocol::{
    error_frame, parse_client_frame, ChatEvent, ClientFrame, ConversationAccess, ErrorCode,
    FileRef, Message, OperatorInfo, Rating, ServerFrame, Side,
};
use canal_shared::time::Timestamp;
use canal_shared::token::{EMAILED_FILE_LINK_MS, FILE_LINK_MS};
use serde::{Deserialize, Serialize};
use worker::{
    durable_object, DurableObject, Env, Request, Response, Result, SqlStorage, State, WebSocket,
    WebSocketIncomingMessage, WebSocketPair, WebSocketRequestResponsePair,
};

use crate::account::{ChannelLookup, ACCOUNT};
use crate::bot::{self, FaqCache};
use crate::channel::Register;
use crate::connector::{Accepted, ConnectorMessage, Receipt};
use crate::crm::CRM;
use crate::crypto::now;
use crate::email;
use crate::failure::{ApiResult, Failure};
use crate::files::{self, Recorded, Reserve, Reserved};
use crate::gate;
use crate::inbox::InboxUpsert;
use crate::internal::call;
use crate::internal::{json, json_body, respond, to_json, AUTH_HEADER};
use crate::lease::{self, Lease, Verdict, CLOSE_ENDED, LEASE_HEADER};
use crate::ledger::INDEX_BATCH;
use crate::outbox::Outbox;
use canal_shared::channels::{email_lang_for, ChannelDetails};
use canal_shared::email::{history, HistoryLine};
use canal_shared::protocol::Done;

/// `/visitor-input`: the visitor's call over HTTP, with who the Worker
/// authenticated.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct VisitorInput {
    /// The token's visitor and channel.
    pub caller: Caller,
    /// What they did.
    pub action: VisitorAction,
}

/// `/supervisor-rating`: who rates, the channels they see, whom they
/// supervise (`None`: an admin), and the rating (R-QA-3).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct SupervisorRate {
    pub by: OperatorInfo,
    #[serde(default)]
    pub channels: Vec<ChannelId>,
    pub supervises: Option<Vec<UserId>>,
    pub rating: Rating,
}

/// What a visitor does over HTTP.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum VisitorAction {
    /// Asked for the history by email (R-CH-7).
    History {
        /// The address as typed.
        email: String,
    },
    /// Accepted the notice shown (R-C-1); the Worker checked the key.
    Consent {
        /// The words accepted.
        key: ConsentKey,
        /// The page the widget was on.
        page: String,
    },
    /// Left an email in the offline form (R-WH-3).
    Contact {
        /// The address.
        email: String,
    },
}

/// How soon after a broadcast an operator socket whose lease ran out is
/// checked again.
const RECHECK_MS: i64 = 100;

/// What each socket remembers across hibernation.
#[derive(Clone, Debug, Serialize, Deserialize)]
struct SocketMeta {
    peer: Peer,
    greeted: bool,
    /// An operator socket's session, checked again when it runs out.
    #[serde(default)]
    lease: Option<Lease>,
}

#[derive(Deserialize)]
struct StateRow {
    v: String,
}

#[derive(Deserialize)]
struct MessageRow {
    seq: i64,
    side: String,
    client_id: String,
    author: String,
    text: String,
    at: i64,
    #[serde(default)]
    note: i64,
    #[serde(default)]
    event: Option<String>,
    #[serde(default)]
    file: Option<String>,
}

impl MessageRow {
    fn message(self) -> Option<Message> {
        Some(Message {
            seq: Seq(u64::try_from(self.seq).ok()?),
            id: ClientMsgId::parse(&self.client_id).ok()?,
            side: side_from(&self.side)?,
            author: self.author,
            text: self.text,
            at: Timestamp(self.at),
            note: self.note != 0,
            event: match self.event {
                Some(e) => Some(ChatEvent::parse(&e)?),
                None => None,
            },
            file: match self.file {
                Some(f) => Some(serde_json::from_str(&f).ok()?),
                None => None,
            },
        })
    }
}

/// The columns a [`MessageRow`] reads, with the author operators see.
const MESSAGE_COLUMNS: &str = "seq, side, client_id, author, text, at, note, event, file";
/// The same with the author visitors see (R-A-1).
const SHOWN_MESSAGE_COLUMNS: &str =
    "seq, side, client_id, COALESCE(shown_author, author) AS author, text, at, note, event, file";

/// The outbox key of the ledger update that takes message `seq` (batches of
/// [`INDEX_BATCH`] messages keep each call bounded).
fn ledger_key(seq: Seq) -> String {
    format!("ledger:{}", seq.0 / INDEX_BATCH)
}

/// Whether a socket said hello (and got its welcome and replay).
fn greeted(ws: &WebSocket) -> bool {
    matches!(ws.deserialize_attachment::<SocketMeta>(), Ok(Some(m)) if m.greeted)
}

fn side_name(side: Side) -> &'static str {
    match side {
        Side::Visitor => "visitor",
        Side::Operator => "operator",
        Side::System => "system",
    }
}

fn side_from(s: &str) -> Option<Side> {
    match s {
        "visitor" => Some(Side::Visitor),
        "operator" => Some(Side::Operator),
        "system" => Some(Side::System),
        _ => None,
    }
}

/// The machine's refusal among `effects`, as the HTTP error of a call: 403
/// for what the caller may not do, 400 for what is malformed.
fn refusal(effects: &[Effect]) -> Option<Failure> {
    effects.iter().find_map(|e| match e {
        Effect::Reply(ServerFrame::Error {
            code,
            message,
            retry_ms,
            ..
        }) => {
            let status = match code {
                ErrorCode::ConsentRequired | ErrorCode::Forbidden => 403,
                ErrorCode::NotFound => 404,
                ErrorCode::TooMany => 429,
                // #21: an upload over the size limit, or of files turned off.
                ErrorCode::TooLarge => 413,
                ErrorCode::UnsupportedType => 415,
                _ => 400,
            };
            Some(Failure {
                retry_after: retry_ms.map(|ms| ((ms + 999) / 1000).max(1)),
                ..Failure::new(status, *code, message.clone())
            })
        }
        _ => None,
    })
}

/// A conversation's object.
#[durable_object]
pub struct ConversationObject {
    state: State,
    env: Env,
    sql: SqlStorage,
    outbox: Outbox,
    machine: RefCell<Option<Conversation>>,
    faq: FaqCache,
    /// An operator socket's lease ran out: the alarm checks it again.
    recheck: Cell<bool>,
    /// The injected alarm fault (`faults`) was thrown once already.
    faulted: Cell<bool>,
}

impl DurableObject for ConversationObject {
    fn new(state: State, env: Env) -> Self {
        let sql = state.storage().sql();
        crate::schema::migrate(
            &state.storage(),
            &[&crate::schema::CONVERSATION, &crate::schema::OUTBOX],
        );
        if let Ok(pair) = WebSocketRequestResponsePair::new("ping", "pong") {
            state.set_websocket_auto_response(&pair);
        }
        let machine = sql
            .exec("SELECT v FROM state WHERE k = 'machine'", None)
            .and_then(|c| c.to_array::<StateRow>())
            .ok()
            .and_then(|rows| rows.into_iter().next())
            .and_then(|row| serde_json::from_str(&row.v).ok())
            .map(|state| Conversation::restore(state).with_limits(gate::limits(&env)));
        Self {
            state,
            env,
            outbox: Outbox::new(sql.clone()),
            sql,
            machine: RefCell::new(machine),
            faq: FaqCache::default(),
            recheck: Cell::new(false),
            faulted: Cell::new(false),
        }
    }

    async fn fetch(&self, mut req: Request) -> Result<Response> {
        respond(match req.path().as_str() {
            "/open" => json_body(&mut req).await.and_then(|o| self.open(o)),
            "/route" => match json_body(&mut req).await {
                Ok(route) => self.routed(route).await,
                Err(e) => Err(e),
            },
            "/connect" => self.accept_socket(&req),
            "/access" => match json_body::<Caller>(&mut req).await {
                Ok(caller) => self.access(caller),
                Err(e) => Err(e),
            },
            "/visitor-input" => match json_body(&mut req).await {
                Ok(input) => self.visitor_input(input).await,
                Err(e) => Err(e),
            },
            "/supervisor-rating" => match json_body::<SupervisorRate>(&mut req).await {
                Ok(r) => self.supervisor_rate(r).await,
                Err(e) => Err(e),
            },
            "/inbound" => match json_body(&mut req).await {
                Ok(m) => self.connector_message(m).await,
                Err(e) => Err(e),
            },
            "/file/reserve" => match json_body::<Reserve>(&mut req).await {
                Ok(r) => self.reserve_file(r).await,
                Err(e) => Err(e),
            },
            "/file/stored" => match json_body::<Recorded>(&mut req).await {
                Ok(r) => self.record_file(r),
                Err(e) => Err(e),
            },
            "/receipt" => match json_body::<Receipt>(&mut req).await {
                Ok(r) => self
                    .feed(Input::Receipt {
                        seq: Seq(r.seq),
                        delivery: r.delivery,
                    })
                    .await
                    .and_then(|()| json(&Done::OK)),
                Err(e) => Err(e),
            },
            _ => Err(Failure::not_found("no such conversation call")),
        })
    }

    async fn websocket_message(&self, ws: WebSocket, msg: WebSocketIncomingMessage) -> Result<()> {
        let Some(mut meta) = ws.deserialize_attachment::<SocketMeta>()? else {
            let _ = ws.close(Some(1011), Some("socket lost its state; reconnect"));
            return Ok(());
        };
        let text = match msg {
            WebSocketIncomingMessage::String(s) => s,
            WebSocketIncomingMessage::Binary(_) => {
                ws.send(&error_frame(
                    ErrorCode::BadFrame,
                    "frames are JSON text, not binary",
                    None,
                ))?;
                return Ok(());
            }
        };
        let frame = match parse_client_frame(&text) {
            Ok(f) => f,
            Err(error) => {
                ws.send(&error)?;
                return Ok(());
            }
        };
        let existing = match &frame {
            ClientFrame::Send { id, .. } | ClientFrame::Note { id, .. } => {
                self.lookup(meta.peer.side(), id)?
            }
            _ => None,
        };
        let file = match &frame {
            ClientFrame::Send { file: Some(id), .. } => self.file(meta.peer.side(), id)?,
            _ => None,
        };
        let input = Input::Frame {
            from: meta.peer.clone(),
            greeted: meta.greeted,
            frame,
            existing,
            file,
        };
        let effects = {
            let mut machine = self.machine.borrow_mut();
            let Some(m) = machine.as_mut() else {
                ws.send(&error_frame(
                    ErrorCode::NotFound,
                    "this conversation does not exist",
                    None,
                ))?;
                return Ok(());
            };
            m.handle(now(), input)
        };
        self.apply(Some((&ws, &mut meta)), effects).await
    }

    async fn websocket_close(
        &self,
        ws: WebSocket,
        _code: usize,
        _reason: String,
        _clean: bool,
    ) -> Result<()> {
        let _ = ws.close(Some(1000), Some("closed"));
        let Some(meta) = ws.deserialize_attachment::<SocketMeta>()? else {
            return Ok(());
        };
        let side = meta.peer.side();
        let remaining = self
            .state
            .get_websockets_with_tag(side_name(side))
            .len()
            .saturating_sub(1);
        let effects = match self.machine.borrow_mut().as_mut() {
            Some(m) => m.handle(now(), Input::Closed { side, remaining }),
            None => Vec::new(),
        };
        self.apply(None, effects).await
    }

    async fn websocket_error(&self, _ws: WebSocket, _error: worker::Error) -> Result<()> {
        Ok(())
    }

    async fn alarm(&self) -> Result<Response> {
        self.injected_alarm_fault()?;
        self.outbox.flush(&self.env).await?;
        // The automatic actions that are due (a tick too early does nothing).
        let effects = match self.machine.borrow_mut().as_mut() {
            Some(m) => m.handle(now(), Input::Tick),
            None => Vec::new(),
        };
        self.apply(None, effects).await?;
        self.recheck_leases().await?;
        self.arm().await?;
        Response::ok("done")
    }
}

impl ConversationObject {
    /// Throws from this object's first alarm when the test configuration
    /// injects the `alarm` fault; remembered in memory and in storage, so
    /// the runtime's retry goes through.
    fn injected_alarm_fault(&self) -> Result<()> {
        if self.faulted.get() || !crate::faults::injected(&self.env, "alarm") {
            return Ok(());
        }
        let thrown = self
            .sql
            .exec("SELECT v FROM state WHERE k = 'fault_alarm'", None)
            .and_then(|c| c.to_array::<StateRow>())
            .is_ok_and(|rows| !rows.is_empty());
        self.faulted.set(true);
        if thrown {
            return Ok(());
        }
        self.sql.exec(
            "INSERT OR REPLACE INTO state (k, v) VALUES ('fault_alarm', 'thrown')",
            None,
        )?;
        worker::console_log!("canal: injected fault: this alarm throws (CANAL_FAULTS=alarm)");
        Err(worker::Error::RustError(
            "injected fault: the alarm throws once (CANAL_FAULTS=alarm)".into(),
        ))
    }

    fn open(&self, opening: Opening) -> ApiResult<Response> {
        let mut machine = self.machine.borrow_mut();
        if let Some(m) = machine.as_ref() {
            if m.visitor() != &opening.visitor {
                return Err(Failure::new(
                    409,
                    ErrorCode::Forbidden,
                    "this conversation already exists",
                ));
            }
            return json(&Done::OK);
        }
        let m = Conversation::open(opening, now()).with_limits(gate::limits(&self.env));
        self.save(&m)?;
        *machine = Some(m);
        json(&Done::OK)
    }

    /// The channel's routing decision: who is offered it, who answers.
    async fn routed(&self, route: Route) -> ApiResult<Response> {
        let effects = match self.machine.borrow_mut().as_mut() {
            Some(m) => m.handle(now(), Input::Routed(route)),
            None => return Err(Failure::not_found("there is no such conversation")),
        };
        self.apply(None, effects).await?;
        json(&Done::OK)
    }

    /// Feeds an input that answers nobody in particular.
    async fn feed(&self, input: Input) -> ApiResult<()> {
        let effects = match self.machine.borrow_mut().as_mut() {
            Some(m) => m.handle(now(), input),
            None => return Err(Failure::not_found("there is no such conversation")),
        };
        self.apply(None, effects).await?;
        Ok(())
    }

    /// A client's message from a connector (R-CH-9): stored once, like a
    /// visitor's `send`; the answer is its number. A 404 asks the connector
    /// to open the conversation first.
    async fn connector_message(&self, m: ConnectorMessage) -> ApiResult<Response> {
        let existing = self.lookup(Side::Visitor, &m.message.id)?;
        // #21: the file the connector stored first.
        let file = match &m.file {
            Some(id) => self.file(Side::Visitor, id)?,
            None => None,
        };
        let effects = {
            let mut machine = self.machine.borrow_mut();
            let Some(c) = machine.as_mut() else {
                return Err(Failure::not_found("this conversation is not open yet"));
            };
            c.handle(
                now(),
                Input::Frame {
                    from: Peer::Visitor,
                    greeted: true,
                    frame: ClientFrame::Send {
                        id: m.message.id,
                        text: m.message.text,
                        file: m.file,
                    },
                    existing,
                    file,
                },
            )
        };
        let mut answer = Err(Failure::new(
            500,
            ErrorCode::Internal,
            "the message was neither stored nor refused",
        ));
        for e in &effects {
            match e {
                Effect::Reply(ServerFrame::Ack { seq, .. }) => answer = Ok(seq.0),
                Effect::Reply(ServerFrame::Error {
                    code: ErrorCode::TooMany,
                    message,
                    retry_ms,
                    ..
                }) => {
                    // The connector's sender tries again later (R-S-3).
                    answer = Err(Failure {
                        retry_after: retry_ms.map(|ms| (ms + 999) / 1000),
                        ..Failure::new(429, ErrorCode::TooMany, message.clone())
                    });
                }
                Effect::Reply(ServerFrame::Error { code, message, .. }) => {
                    answer = Err(Failure::new(400, *code, message.clone()));
                }
                _ => {}
            }
        }
        self.apply(None, effects).await?;
        json(&Accepted { seq: answer? })
    }

    /// A supervisor's rating (R-QA-3): refused with the machine's reason, or
    /// the conversation's summary with it.
    async fn supervisor_rate(&self, r: SupervisorRate) -> ApiResult<Response> {
        let effects = {
            let mut machine = self.machine.borrow_mut();
            let Some(m) = machine.as_mut() else {
                return Err(Failure::not_found(NO_SUCH_CONVERSATION));
            };
            m.handle(
                now(),
                Input::SupervisorRate {
                    by: r.by,
                    channels: r.channels,
                    supervises: r.supervises,
                    rating: r.rating,
                },
            )
        };
        if let Some(refused) = refusal(&effects) {
            return Err(refused);
        }
        self.apply(None, effects).await?;
        let summary = self.machine.borrow().as_ref().map(Conversation::summary);
        json(&summary)
    }

    /// The visitor's call over HTTP: checked like a socket (R-S-2), fed to the
    /// machine; a refusal becomes the HTTP error. The calls it causes (the
    /// acceptance's record, inbox updates) go out before answering.
    async fn visitor_input(&self, call: VisitorInput) -> ApiResult<Response> {
        let effects = {
            let mut machine = self.machine.borrow_mut();
            let Some(m) = machine.as_mut() else {
                return Err(Failure::not_found("there is no such conversation"));
            };
            if m.admit(call.caller)
                .map_err(|e| Failure::forbidden(e.to_string()))?
                != Peer::Visitor
            {
                return Err(Failure::forbidden("only the visitor does this"));
            }
            let input = match call.action {
                VisitorAction::Consent { key, page } => Input::Consent { key, page },
                VisitorAction::Contact { email } => Input::Contact { email },
                VisitorAction::History { email } => {
                    // No sender, no email: say so before anything counts.
                    email::sender(&self.env)?;
                    Input::HistoryRequested { email }
                }
            };
            m.handle(now(), input)
        };
        if let Some(refused) = refusal(&effects) {
            return Err(refused);
        }
        let emails: Vec<String> = effects
            .iter()
            .filter_map(|e| match e {
                Effect::EmailHistory { to } => Some(to.clone()),
                _ => None,
            })
            .collect();
        self.apply(None, effects).await?;
        for to in emails {
            self.email_history(&to).await?;
        }
        // A failure here is retried by the alarm: the calls stay stored.
        if let Err(e) = self.outbox.flush(&self.env).await {
            worker::console_warn!("conversation: sending calls failed, will retry: {e}");
        }
        self.arm().await?;
        json(&Done::OK)
    }

    /// Writes the history as the visitor sees it, in the channel's language
    /// (R-CH-7), and sends it.
    async fn email_history(&self, to: &str) -> ApiResult<()> {
        let sender = email::sender(&self.env)?;
        let (channel, zone) = {
            let machine = self.machine.borrow();
            let m = machine
                .as_ref()
                .ok_or_else(|| Failure::not_found("there is no such conversation"))?;
            let o = &m.state().opening;
            let name = o.title.clone().unwrap_or_else(|| o.channel.name.clone());
            ((o.channel.id.clone(), name), m.email_zone())
        };
        let details: ChannelDetails = call(
            &self.env,
            "ACCOUNT",
            ACCOUNT,
            "/channels/details",
            &ChannelLookup {
                id: channel.0,
                lang: None,
            },
        )
        .await?;
        let lang = email_lang_for(
            details.email_language.as_deref(),
            email::locale(&self.env).as_deref(),
        );
        // As the visitor sees it: no notes (#20); no event lines either,
        // which the email's catalog does not word.
        let rows: Vec<MessageRow> = self
            .sql
            .exec(
                &format!("SELECT {SHOWN_MESSAGE_COLUMNS} FROM messages WHERE note = 0 AND event IS NULL ORDER BY seq"),
                None,
            )?
            .to_array()?;
        // #21: each file as a link that lasts as an email is kept.
        let id = self.id()?;
        let lines = rows
            .into_iter()
            .filter_map(MessageRow::message)
            .map(|m| {
                let file = match &m.file {
                    Some(f) => Some(files::outside(&self.env, &id, f, EMAILED_FILE_LINK_MS)?),
                    None => None,
                };
                Ok(HistoryLine {
                    author: m.author,
                    side: m.side,
                    text: m.text,
                    at: m.at,
                    file,
                })
            })
            .collect::<ApiResult<Vec<HistoryLine>>>()?;
        let (subject, text) = history(lang, &channel.1, zone, &lines);
        email::send(&self.env, &sender, to, subject, text).await
    }

    /// Whether `caller` may open this conversation's socket, and as whom:
    /// the machine's `admit`, told over HTTP, since a browser never sees
    /// why an upgrade was refused.
    fn access(&self, caller: Caller) -> ApiResult<Response> {
        let peer = self.admitted(caller)?;
        json(&ConversationAccess {
            reading: matches!(peer, Peer::Supervisor(_)),
        })
    }

    /// The machine's `admit` of `caller`, as an answer's failure when not.
    fn admitted(&self, caller: Caller) -> ApiResult<Peer> {
        let machine = self.machine.borrow();
        let Some(m) = machine.as_ref() else {
            return Err(Failure::not_found("there is no such conversation"));
        };
        m.admit(caller)
            .map_err(|e| Failure::forbidden(e.to_string()))
    }

    fn accept_socket(&self, req: &Request) -> ApiResult<Response> {
        let caller: Caller = req
            .headers()
            .get(AUTH_HEADER)?
            .and_then(|h| serde_json::from_str(&h).ok())
            .ok_or_else(|| Failure::unauthorized("not authenticated"))?;
        let peer = self.admitted(caller)?;
        let pair = WebSocketPair::new()?;
        let tag = side_name(peer.side());
        let lease = match (&peer, req.headers().get(LEASE_HEADER)?) {
            (Peer::Operator(_) | Peer::Supervisor(_), Some(h)) => serde_json::from_str(&h)
                .ok()
                .map(|session| Lease::new(&self.env, session)),
            _ => None,
        };
        self.state.accept_websocket_with_tags(&pair.server, &[tag]);
        pair.server.serialize_attachment(SocketMeta {
            peer,
            greeted: false,
            lease,
        })?;
        Ok(Response::from_websocket(pair.client)?)
    }

    /// This conversation's id.
    fn id(&self) -> Result<ConversationId> {
        self.machine
            .borrow()
            .as_ref()
            .map(|m| m.state().opening.id.clone())
            .ok_or_else(|| worker::Error::RustError("the conversation is not open".into()))
    }

    /// Its channel's id, the name of the channel's objects.
    fn channel_name(&self) -> Result<String> {
        self.machine
            .borrow()
            .as_ref()
            .map(|m| m.channel_id().to_string())
            .ok_or_else(|| worker::Error::RustError("the conversation is not open".into()))
    }

    fn save(&self, m: &Conversation) -> Result<()> {
        let v = to_json(m.state())?;
        self.sql.exec(
            "INSERT INTO state (k, v) VALUES ('machine', ?) ON CONFLICT(k) DO UPDATE SET v = excluded.v",
            vec![v.into()],
        )?;
        Ok(())
    }

    fn lookup(&self, side: Side, id: &ClientMsgId) -> Result<Option<Stored>> {
        #[derive(Deserialize)]
        struct Row {
            seq: i64,
            at: i64,
        }
        let rows: Vec<Row> = self
            .sql
            .exec(
                "SELECT seq, at FROM messages WHERE side = ? AND client_id = ?",
                vec![side_name(side).into(), id.to_string().into()],
            )?
            .to_array()?;
        Ok(rows.first().map(|r| Stored {
            seq: Seq(r.seq as u64),
            at: Timestamp(r.at),
        }))
    }

    /// The file `id` that `side` stored here (#21).
    fn file(&self, side: Side, id: &ClientMsgId) -> Result<Option<FileRef>> {
        #[derive(Deserialize)]
        struct Row {
            file: String,
        }
        let rows: Vec<Row> = self
            .sql
            .exec(
                "SELECT file FROM files WHERE side = ? AND client_id = ?",
                vec![side_name(side).into(), id.to_string().into()],
            )?
            .to_array()?;
        Ok(rows
            .first()
            .and_then(|r| serde_json::from_str(&r.file).ok()))
    }

    /// `/file/reserve` (#21): the machine says whether the caller may
    /// upload that much now; a file stored already is answered again.
    async fn reserve_file(&self, r: Reserve) -> ApiResult<Response> {
        let peer = self.admitted(r.caller)?;
        if let Some(file) = self.file(peer.side(), &r.id)? {
            return json(&Reserved::Stored { file });
        }
        let limits: FileLimits = call(&self.env, "ACCOUNT", ACCOUNT, "/files/limits", &()).await?;
        let side = peer.side();
        let input = Input::Upload {
            from: peer,
            size: r.size,
            limits: limits.clone(),
        };
        let effects = match self.machine.borrow_mut().as_mut() {
            Some(m) => m.handle(now(), input),
            None => return Err(Failure::not_found("there is no such conversation")),
        };
        if let Some(refused) = refusal(&effects) {
            // The limiter's state is kept even when it refuses.
            self.apply(None, effects).await?;
            return Err(refused);
        }
        self.apply(None, effects).await?;
        json(&Reserved::Upload { side, limits })
    }

    /// `/file/stored` (#21): its row, once; a second record of the same
    /// id keeps the first.
    fn record_file(&self, r: Recorded) -> ApiResult<Response> {
        let peer = self.admitted(r.caller)?;
        if peer.side() != r.file.side {
            return Err(Failure::forbidden("a file is recorded by its uploader"));
        }
        let file = FileRef {
            url: None,
            ..r.file
        };
        self.sql.exec(
            "INSERT OR IGNORE INTO files (side, client_id, file, at) VALUES (?, ?, ?, ?)",
            vec![
                side_name(file.side).into(),
                file.id.to_string().into(),
                to_json(&file)?.into(),
                now().0.into(),
            ],
        )?;
        let stored = self
            .file(file.side, &file.id)?
            .ok_or_else(|| Failure::not_found("the file was not recorded"))?;
        json(&stored)
    }

    /// `frame` with a fresh link to the file of a message it carries.
    fn linked(&self, frame: &ServerFrame) -> ServerFrame {
        match (frame, self.id()) {
            (ServerFrame::Message { message }, Ok(id)) if message.file.is_some() => {
                let mut message = message.clone();
                message.file = message.file.map(|f| files::linked(&self.env, &id, f));
                ServerFrame::Message { message }
            }
            _ => frame.clone(),
        }
    }

    fn sockets(&self, to: Audience) -> Vec<WebSocket> {
        match to {
            Audience::Everyone => self.state.get_websockets(),
            Audience::Visitors => self.state.get_websockets_with_tag("visitor"),
            Audience::Operators => self.state.get_websockets_with_tag("operator"),
        }
    }

    /// Carries out the machine's effects: storage and sockets first, in order,
    /// then the calls to other objects.
    async fn apply(
        &self,
        mut sender: Option<(&WebSocket, &mut SocketMeta)>,
        effects: Vec<Effect>,
    ) -> Result<()> {
        let mut queued = false;
        let mut asks = Vec::new();
        for effect in effects {
            match effect {
                Effect::Store {
                    message: m,
                    shown_author,
                } => {
                    // R-CH-9: the channel's messages go to the client's
                    // connector; its notes and event lines stay here (#20).
                    let outward = m.side != Side::Visitor && !m.note && m.event.is_none();
                    let link = self
                        .machine
                        .borrow()
                        .as_ref()
                        .and_then(|c| c.state().opening.connector.clone())
                        .filter(|_| outward);
                    if let Some(link) = link {
                        let id = self.id()?;
                        // #21: a file goes as a link signed for it.
                        let file = match &m.file {
                            Some(f) => Some(files::outside(&self.env, &id, f, FILE_LINK_MS)?),
                            None => None,
                        };
                        let out = OutboundMessage {
                            conversation: id,
                            seq: m.seq,
                            client: link.client,
                            text: m.text.clone(),
                            author: shown_author.clone().unwrap_or_else(|| m.author.clone()),
                            at: m.at,
                            file,
                        };
                        self.outbox.put(
                            &format!("deliver:{}", m.seq.0),
                            "CONNECTOR",
                            link.id.as_str(),
                            "/deliver",
                            &out,
                        )?;
                    }
                    // R-CH-6: the message log's search, in batches: the
                    // conversation with the client, without the notes and
                    // event lines (#20).
                    if m.side == Side::Visitor || outward {
                        // #21: a file is found by its name.
                        let indexed = IndexedMessage::of(self.id()?, &m);
                        let channel = self.channel_name()?;
                        self.outbox.append(
                            &ledger_key(m.seq),
                            "LEDGER",
                            &channel,
                            "/update",
                            |u: &mut LedgerUpdate| u.messages.push(indexed),
                        )?;
                        queued = true;
                    }
                    self.sql.exec(
                        "INSERT INTO messages (seq, side, client_id, author, text, at, shown_author, note, event, file) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        vec![
                            (m.seq.0 as i64).into(),
                            side_name(m.side).into(),
                            m.id.to_string().into(),
                            m.author.into(),
                            m.text.into(),
                            m.at.0.into(),
                            shown_author.into(),
                            i64::from(m.note).into(),
                            m.event.map(|e| e.as_str().to_owned()).into(),
                            m.file.as_ref().map(to_json).transpose()?.into(),
                        ],
                    )?;
                }
                Effect::RecordConsent(acceptance) => {
                    let key = format!(
                        "consent:{}:{}",
                        acceptance.key.text.as_ref().map_or("own", |t| t.as_str()),
                        acceptance.key.version
                    );
                    self.outbox
                        .put(&key, "ACCOUNT", ACCOUNT, "/consent/record", &acceptance)?;
                    queued = true;
                }
                Effect::SaveState => {
                    if let Some(m) = self.machine.borrow().as_ref() {
                        self.save(m)?;
                    }
                }
                Effect::Greeted => {
                    if let Some((ws, meta)) = sender.as_mut() {
                        meta.greeted = true;
                        ws.serialize_attachment(&**meta)?;
                    }
                }
                Effect::Reply(mut frame) => {
                    // A welcome says how long the links this deployment
                    // signs work (#21).
                    if let ServerFrame::Welcome { conversation, .. } = &mut frame {
                        conversation.links_ms = files::link_ms(&self.env).unsigned_abs();
                    }
                    if let Some((ws, _)) = sender.as_ref() {
                        ws.send(&frame)?;
                    }
                }
                Effect::Replay { after } => {
                    if let Some((ws, meta)) = sender.as_ref() {
                        self.replay(ws, after, meta.peer.side(), false)?;
                    }
                }
                Effect::Relink => {
                    if let Some((ws, meta)) = sender.as_ref() {
                        self.replay(ws, Seq(0), meta.peer.side(), true)?;
                    }
                }
                Effect::Broadcast { to, frame } => {
                    // Nothing reaches a socket before its welcome: what it
                    // missed comes in its replay, in order (R-D-1).
                    let frame = self.linked(&frame);
                    for ws in self.sockets(to).iter().filter(|ws| greeted(ws)) {
                        // A socket that is closing must not stop the others.
                        let _ = ws.send(&frame);
                    }
                    if to != Audience::Visitors && !self.recheck.get() {
                        self.recheck.set(self.lease_expired());
                    }
                }
                Effect::Notify { to, summary } => {
                    for user in to {
                        let body = InboxUpsert {
                            owner: user.clone(),
                            conversation: summary.clone(),
                        };
                        let key = format!("inbox:{user}");
                        self.outbox
                            .put(&key, "INBOX", user.as_str(), "/upsert", &body)?;
                    }
                    queued = true;
                }
                Effect::Register {
                    summary,
                    preferred,
                    lifecycle,
                } => {
                    let channel = summary.channel.id.to_string();
                    self.outbox.put(
                        "channel:register",
                        "CHANNEL",
                        &channel,
                        "/register",
                        &Register {
                            summary,
                            lifecycle,
                            preferred,
                        },
                    )?;
                    queued = true;
                }
                Effect::AskBot {
                    bot,
                    seq,
                    mut request,
                    file,
                } => {
                    // #21: the bot gets a link to the file, as a webhook does.
                    if let Some(f) = file {
                        request.attach(files::outside(&self.env, &self.id()?, &f, FILE_LINK_MS)?);
                    }
                    asks.push((bot, seq, request));
                }
                Effect::Late(report) => {
                    let key = format!("late:{}:{:?}", report.since.0, report.kind);
                    self.outbox
                        .put(&key, "ACCOUNT", ACCOUNT, "/kpi/late", &report)?;
                    queued = true;
                }
                // Sent by the caller, which answers the visitor.
                Effect::EmailHistory { .. } => {}
                Effect::Record(record) => {
                    // With the messages that changed it: one call to the
                    // channel's ledger, not two.
                    let channel = record.channel.id.to_string();
                    let last = self
                        .machine
                        .borrow()
                        .as_ref()
                        .map_or(Seq(0), |c| c.state().last_seq);
                    self.outbox.append(
                        &ledger_key(last),
                        "LEDGER",
                        &channel,
                        "/update",
                        |u: &mut LedgerUpdate| u.record = Some(record),
                    )?;
                    queued = true;
                }
                Effect::Sight(sighting) => {
                    self.outbox
                        .put("crm:sight", "CRM", CRM, "/sight", &sighting)?;
                    queued = true;
                }
                Effect::Lifecycle(lifecycle) => {
                    let channel = self
                        .machine
                        .borrow()
                        .as_ref()
                        .map(|m| m.channel_id().clone());
                    if let Some(channel) = channel {
                        self.outbox.put(
                            "channel:lifecycle",
                            "CHANNEL",
                            channel.as_str(),
                            "/lifecycle",
                            &lifecycle,
                        )?;
                        queued = true;
                    }
                }
            }
        }
        if queued {
            self.outbox.schedule(&self.state.storage()).await?;
        }
        self.arm().await?;
        // Everything above is stored and sent: the client's message is
        // acknowledged before the bot is asked.
        for (bot, seq, request) in asks {
            Box::pin(self.ask_bot(bot, seq, request)).await?;
        }
        Ok(())
    }

    /// Asks the bot and feeds its answer (or the failure) to the machine
    /// (R-BOT-1). If this never comes back (the object was evicted), the
    /// machine's deadline hands the conversation over.
    async fn ask_bot(&self, bot: BotAssignment, seq: Seq, request: BotRequest) -> Result<()> {
        let answer = bot::ask(&self.env, &self.faq, &bot, &request).await;
        if let Err(e) = &answer {
            worker::console_warn!("conversation: the bot {} failed: {e}", bot.bot.id);
        }
        let effects = match self.machine.borrow_mut().as_mut() {
            Some(m) => m.handle(now(), Input::BotAnswered { seq, answer }),
            None => Vec::new(),
        };
        self.apply(None, effects).await
    }

    /// Keeps the alarm set for the machine's next deadline (and the outbox).
    async fn arm(&self) -> Result<()> {
        let deadline = self
            .machine
            .borrow()
            .as_ref()
            .and_then(|m| m.next_deadline());
        // A lease to check: soon, but never in the way of a broadcast.
        let deadline = match (self.recheck.get(), deadline) {
            (false, d) => d,
            (true, d) => Some(d.map_or(now().plus_ms(RECHECK_MS), |d| {
                d.min(now().plus_ms(RECHECK_MS))
            })),
        };
        self.outbox.arm(&self.state.storage(), deadline).await
    }

    /// Whether an operator socket's lease has run out.
    fn lease_expired(&self) -> bool {
        self.sockets(Audience::Operators).iter().any(|ws| {
            ws.deserialize_attachment::<SocketMeta>()
                .ok()
                .flatten()
                .and_then(|m| m.lease)
                .is_some_and(|l| l.expired())
        })
    }

    /// Checks the sessions of operator sockets whose lease ran out: renews
    /// them, or closes the sockets of operators who may no longer read.
    async fn recheck_leases(&self) -> Result<()> {
        if !self.recheck.replace(false) {
            return Ok(());
        }
        for ws in self.sockets(Audience::Operators) {
            let Some(mut meta) = ws.deserialize_attachment::<SocketMeta>()? else {
                continue;
            };
            let Some(session) = meta
                .lease
                .as_ref()
                .filter(|l| l.expired())
                .map(|l| l.session.clone())
            else {
                continue;
            };
            match lease::recheck(&self.env, &session).await {
                Verdict::Signed(info) => {
                    // The machine says again who they are here (R-S-2): a
                    // supervisor who no longer supervises anyone there, an
                    // operator taken out of the queue, are let go.
                    let admitted = self
                        .machine
                        .borrow()
                        .as_ref()
                        .map(|m| m.admit(info.caller()));
                    match admitted {
                        Some(Ok(peer)) => {
                            meta.peer = peer;
                            meta.lease = Some(Lease::new(&self.env, session));
                            ws.serialize_attachment(&meta)?;
                        }
                        Some(Err(why)) => {
                            let _ = ws.close(Some(CLOSE_ENDED), Some(&why.to_string()));
                        }
                        None => {}
                    }
                }
                Verdict::Ended(why) => {
                    let _ = ws.close(Some(CLOSE_ENDED), Some(&why));
                }
                Verdict::Unknown => self.recheck.set(true),
            }
        }
        Ok(())
    }

    /// Sends the messages after `after` (only those that carry a file when
    /// `files`); visitors see operators' messages under the author the
    /// machine chose for them (R-A-1).
    fn replay(&self, ws: &WebSocket, after: Seq, side: Side, files: bool) -> Result<()> {
        // Visitors never get the operators' notes (#20).
        let (columns, notes) = match side {
            Side::Visitor => (SHOWN_MESSAGE_COLUMNS, " AND note = 0"),
            Side::Operator | Side::System => (MESSAGE_COLUMNS, ""),
        };
        let only_files = if files { " AND file IS NOT NULL" } else { "" };
        let query =
            format!("SELECT {columns} FROM messages WHERE seq > ?{notes}{only_files} ORDER BY seq");
        let rows: Vec<MessageRow> = self
            .sql
            .exec(&query, vec![(after.0 as i64).into()])?
            .to_array()?;
        for message in rows.into_iter().filter_map(MessageRow::message) {
            ws.send(&self.linked(&ServerFrame::Message { message }))?;
        }
        Ok(())
    }
}
