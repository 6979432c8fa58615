//! One object per operator: the live list of their conversations, pushed to
//! every console socket they have open, and their presence (R-Q-4).
//!
//! - **List**: conversations update it when something changes for this
//!   operator (offered to them, assigned to them, a new message). A
//!   conversation that is neither offered to them nor theirs leaves the list.
//!   The console never polls.
//! - **Presence**: the operator's choice (online / away) while a console is
//!   connected; offline once the last socket closed and a short grace passed
//!   (a reload does not make them miss offers). Changes are numbered and sent
//!   through the [`Outbox`] to every channel whose queue they are in.

use canal_shared::ids::{ChannelId, UserId};
use canal_shared::preferences::Preferences;
use canal_shared::presence::Liveness;
use canal_shared::protocol::Done;
use canal_shared::protocol::{
    error_frame, ConversationSummary, ErrorCode, InboxClientFrame, InboxFrame, OperatorNotice,
};
use canal_shared::routing::Presence;
use canal_shared::time::Timestamp;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use wasm_bindgen::{JsCast, JsValue};
use worker::worker_sys::DurableObjectState;
use worker::{
    durable_object, DurableObject, Env, Request, Response, Result, SqlStorage, State, WebSocket,
    WebSocketIncomingMessage, WebSocketPair, WebSocketRequestResponsePair,
};

use crate::channel::{PresenceReport, Subscribe};
use crate::crypto::now;
use crate::failure::{ApiResult, Failure};
use crate::internal::{json, json_body, respond, to_json, AUTH_HEADER};
use crate::outbox::Outbox;

/// Most conversations sent in a snapshot.
const SNAPSHOT_LIMIT: i64 = 200;

/// What each socket remembers across hibernation.
#[derive(Serialize, Deserialize)]
struct SocketMeta {
    /// When it was opened (it counts as heard from then).
    opened_at: Timestamp,
}

/// `/upsert`: a conversation changed for `owner`.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct InboxUpsert {
    /// Whose inbox (this object's operator).
    pub owner: UserId,
    /// The conversation now.
    pub conversation: ConversationSummary,
}

/// `/presence/now`: a channel asks for the operator's presence.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct PresenceAsked {
    /// This inbox's operator.
    pub operator: UserId,
}

/// Who opens an inbox socket (set by the Worker after checking the session).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct InboxCaller {
    /// The operator.
    pub user: UserId,
    /// The channels whose queue they are in.
    pub channels: Vec<ChannelId>,
}

#[derive(Deserialize)]
struct Row {
    summary: String,
}

#[derive(Deserialize)]
struct NoticeRow {
    notice: String,
}

/// Notices sent again to a console that connects: those of the last day…
const NOTICE_REPLAY_MS: i64 = 24 * 3600 * 1000;
/// …at most this many.
const NOTICE_REPLAY_LIMIT: i64 = 20;
/// How long a notice is kept.
const NOTICE_KEEP_MS: i64 = 7 * 24 * 3600 * 1000;

/// When the runtime last answered `ping` on `ws` by itself
/// (`getWebSocketAutoResponseTimestamp`, which the `worker` crate does not
/// wrap); `None` if it never did.
fn last_auto_response(raw: &DurableObjectState, ws: &WebSocket) -> Option<Timestamp> {
    let raw: &JsValue = raw.as_ref();
    let f: js_sys::Function =
        js_sys::Reflect::get(raw, &JsValue::from_str("getWebSocketAutoResponseTimestamp"))
            .ok()?
            .dyn_into()
            .ok()?;
    let socket: &JsValue = ws.as_ref().as_ref();
    let at: js_sys::Date = f.call1(raw, socket).ok()?.dyn_into().ok()?;
    Some(Timestamp(at.get_time() as i64))
}

#[derive(Deserialize)]
struct KvRow {
    v: String,
}

/// An operator's inbox object.
#[durable_object]
pub struct Inbox {
    /// The runtime's object state, for the one call `State` does not wrap.
    raw: DurableObjectState,
    state: State,
    env: Env,
    sql: SqlStorage,
    outbox: Outbox,
    /// The heartbeat timings ([`Liveness::STANDARD`] but in tests), read
    /// from the configuration once.
    liveness: Liveness,
}

impl DurableObject for Inbox {
    fn new(state: State, env: Env) -> Self {
        let raw = state._inner();
        let state = State::from(raw.clone().unchecked_into::<DurableObjectState>());
        let sql = state.storage().sql();
        crate::schema::migrate(
            &state.storage(),
            &[&crate::schema::INBOX, &crate::schema::OUTBOX],
        );
        if let Ok(pair) = WebSocketRequestResponsePair::new("ping", "pong") {
            state.set_websocket_auto_response(&pair);
        }
        Self {
            raw,
            state,
            liveness: crate::tuning::liveness(&env),
            env,
            outbox: Outbox::new(sql.clone()),
            sql,
        }
    }

    async fn fetch(&self, mut req: Request) -> Result<Response> {
        respond(match req.path().as_str() {
            "/connect" => self.accept_socket(&req).await,
            "/upsert" => match json_body(&mut req).await {
                Ok(u) => self.upsert(u),
                Err(e) => Err(e),
            },
            "/subscribe" => match json_body(&mut req).await {
                Ok(s) => self.subscribe(s).await,
                Err(e) => Err(e),
            },
            "/sign-out" => self.sign_out().await,
            "/presence/now" => match json_body(&mut req).await {
                Ok(a) => self.presence_now(a),
                Err(e) => Err(e),
            },
            "/notice" => match json_body(&mut req).await {
                Ok(n) => self.notice(n),
                Err(e) => Err(e),
            },
            "/preferences" => self.preferences().and_then(|p| json(&p)),
            "/preferences/save" => match json_body(&mut req).await {
                Ok(p) => self.save_preferences(p),
                Err(e) => Err(e),
            },
            _ => Err(Failure::not_found("no such inbox call")),
        })
    }

    async fn websocket_message(&self, ws: WebSocket, msg: WebSocketIncomingMessage) -> Result<()> {
        let WebSocketIncomingMessage::String(text) = msg else {
            return ws.send(&error_frame(
                ErrorCode::BadFrame,
                "frames are JSON text",
                None,
            ));
        };
        match serde_json::from_str::<InboxClientFrame>(&text) {
            Ok(InboxClientFrame::SetPresence { presence }) if presence != Presence::Offline => {
                self.put("chosen", &presence)?;
                self.broadcast(&InboxFrame::Presence { presence });
                self.report().await
            }
            Ok(InboxClientFrame::SetPresence { .. }) => ws.send(&error_frame(
                ErrorCode::Invalid,
                "choose online or away; closing the console makes you offline",
                None,
            )),
            Err(e) => ws.send(&error_frame(
                ErrorCode::BadFrame,
                format!("the frame was not understood: {e}"),
                None,
            )),
        }
    }

    async fn websocket_close(
        &self,
        ws: WebSocket,
        _code: usize,
        _reason: String,
        _clean: bool,
    ) -> Result<()> {
        let _ = ws.close(Some(1000), Some("closed"));
        if self.live_sockets(now()).saturating_sub(1) == 0 {
            self.start_grace().await?;
        }
        Ok(())
    }

    async fn websocket_error(&self, _ws: WebSocket, _error: worker::Error) -> Result<()> {
        Ok(())
    }

    async fn alarm(&self) -> Result<Response> {
        self.outbox.flush(&self.env).await?;
        let now = now();
        // Consoles that stopped pinging are gone: close their sockets, and
        // treat the last one like a console that closed.
        let sockets = self.state.get_websockets();
        let mut live = 0;
        for ws in &sockets {
            if self.heard_within(ws, now) {
                live += 1;
            } else {
                let _ = ws.close(Some(4002), Some("no heartbeat; reconnect"));
            }
        }
        let grace: Option<Timestamp> = self.get("grace_until")?;
        if live == 0 && !sockets.is_empty() && grace.is_none() {
            self.start_grace().await?;
        }
        match self.get::<Timestamp>("grace_until")? {
            Some(until) if until <= now => {
                self.sql
                    .exec("DELETE FROM kv WHERE k = 'grace_until'", None)?;
                self.report().await?;
            }
            Some(until) => self.outbox.arm(&self.state.storage(), Some(until)).await?,
            None => {}
        }
        if live > 0 {
            self.outbox
                .arm(
                    &self.state.storage(),
                    Some(now.plus_ms(self.liveness.check_ms)),
                )
                .await?;
        }
        Response::ok("done")
    }
}

impl Inbox {
    async fn accept_socket(&self, req: &Request) -> ApiResult<Response> {
        let caller: InboxCaller = req
            .headers()
            .get(AUTH_HEADER)?
            .and_then(|h| serde_json::from_str(&h).ok())
            .ok_or_else(|| Failure::unauthorized("not authenticated"))?;
        self.put("user", &caller.user)?;
        self.put("channels", &caller.channels)?;
        if self.presence()? == Presence::Offline {
            // A console opens after they were offline: it starts in the
            // presence they chose for that (#20).
            self.put("chosen", &self.preferences()?.start)?;
        }
        let pair = WebSocketPair::new()?;
        self.state.accept_web_socket(&pair.server);
        pair.server
            .serialize_attachment(SocketMeta { opened_at: now() })?;
        self.outbox
            .arm(
                &self.state.storage(),
                Some(now().plus_ms(self.liveness.check_ms)),
            )
            .await?;
        let rows: Vec<Row> = self
            .sql
            .exec(
                "SELECT summary FROM conversations ORDER BY last_at DESC LIMIT ?",
                vec![SNAPSHOT_LIMIT.into()],
            )?
            .to_array()?;
        let conversations = rows
            .iter()
            .filter_map(|r| serde_json::from_str(&r.summary).ok())
            .collect();
        pair.server.send(&InboxFrame::Snapshot { conversations })?;
        self.sql
            .exec("DELETE FROM kv WHERE k = 'grace_until'", None)?;
        pair.server.send(&InboxFrame::Presence {
            presence: self.presence()?,
        })?;
        // R-KPI-3: what was noticed in the last day, for a console that was
        // closed when it came.
        let rows: Vec<NoticeRow> = self
            .sql
            .exec(
                "SELECT notice FROM notices WHERE at > ? ORDER BY at DESC LIMIT ?",
                vec![
                    (now().0 - NOTICE_REPLAY_MS).into(),
                    NOTICE_REPLAY_LIMIT.into(),
                ],
            )?
            .to_array()?;
        for notice in rows
            .iter()
            .rev()
            .filter_map(|r| serde_json::from_str::<OperatorNotice>(&r.notice).ok())
        {
            pair.server.send(&InboxFrame::Notice { notice })?;
        }
        self.report().await?;
        Ok(Response::from_websocket(pair.client)?)
    }

    /// A notice for this person (R-KPI-3): kept, and shown live once.
    fn notice(&self, notice: OperatorNotice) -> ApiResult<Response> {
        self.sql.exec(
            "DELETE FROM notices WHERE at < ?",
            vec![(now().0 - NOTICE_KEEP_MS).into()],
        )?;
        let written = self
            .sql
            .exec(
                "INSERT OR IGNORE INTO notices (id, at, notice) VALUES (?, ?, ?)",
                vec![
                    notice.id.clone().into(),
                    notice.at.0.into(),
                    to_json(&notice)?.into(),
                ],
            )?
            .rows_written();
        if written > 0 {
            self.broadcast(&InboxFrame::Notice { notice });
        }
        json(&Done::OK)
    }

    fn upsert(&self, u: InboxUpsert) -> ApiResult<Response> {
        let s = u.conversation;
        let mine =
            s.offered.contains(&u.owner) || s.operator.as_ref().is_some_and(|o| o.id == u.owner);
        if !mine {
            let removed = self
                .sql
                .exec(
                    "DELETE FROM conversations WHERE id = ? AND rev < ?",
                    vec![s.id.to_string().into(), (s.rev as i64).into()],
                )?
                .rows_written();
            if removed > 0 {
                self.broadcast(&InboxFrame::Removed { id: s.id });
            }
            return json(&Done::OK);
        }
        let summary = to_json(&s)?;
        // Updates may arrive out of order: keep the newest revision only.
        let written = self
            .sql
            .exec(
                "INSERT INTO conversations (id, last_at, rev, summary) VALUES (?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET last_at = excluded.last_at, rev = excluded.rev, summary = excluded.summary WHERE excluded.rev > conversations.rev",
                vec![
                    s.id.to_string().into(),
                    s.last_at.0.into(),
                    (s.rev as i64).into(),
                    summary.into(),
                ],
            )?
            .rows_written();
        if written == 0 {
            return json(&serde_json::json!({ "ok": true, "stale": true }));
        }
        self.broadcast(&InboxFrame::Upsert { conversation: s });
        json(&Done::OK)
    }

    /// A channel whose queue this operator just joined wants their presence.
    async fn subscribe(&self, s: Subscribe) -> ApiResult<Response> {
        let mut channels: Vec<ChannelId> = self.get("channels")?.unwrap_or_default();
        if !channels.contains(&s.channel) {
            channels.push(s.channel);
            self.put("channels", &channels)?;
        }
        // Everyone hears the current state again; old numbers are ignored.
        self.sql.exec("DELETE FROM kv WHERE k = 'reported'", None)?;
        self.report().await?;
        json(&Done::OK)
    }

    /// The operator's console settings (#20), the defaults until they save.
    fn preferences(&self) -> ApiResult<Preferences> {
        Ok(self.get("preferences")?.unwrap_or_default())
    }

    /// Keeps the operator's console settings, checked by `shared`.
    fn save_preferences(&self, preferences: Preferences) -> ApiResult<Response> {
        preferences
            .validate()
            .map_err(|e| Failure::bad_request(e.to_string()))?;
        self.put("preferences", &preferences)?;
        json(&preferences)
    }

    /// The operator was deactivated: close their consoles at once.
    async fn sign_out(&self) -> ApiResult<Response> {
        for ws in self.state.get_websockets() {
            let _ = ws.close(Some(4001), Some("signed out"));
        }
        self.sql
            .exec("DELETE FROM kv WHERE k = 'grace_until'", None)?;
        self.put("signed_out", &true)?;
        self.report().await?;
        self.sql
            .exec("DELETE FROM kv WHERE k = 'signed_out'", None)?;
        json(&Done::OK)
    }

    /// The last operator socket is gone: they stay present for a short
    /// grace (a reload, a reconnect), then count as offline.
    async fn start_grace(&self) -> Result<()> {
        let until = now().plus_ms(self.liveness.grace_ms);
        self.put("grace_until", &until)?;
        self.outbox.arm(&self.state.storage(), Some(until)).await
    }

    /// Whether `ws` pinged (or opened) recently enough.
    fn heard_within(&self, ws: &WebSocket, now: Timestamp) -> bool {
        let opened = ws
            .deserialize_attachment::<SocketMeta>()
            .ok()
            .flatten()
            .map_or(now, |m| m.opened_at);
        let pinged = last_auto_response(&self.raw, ws).unwrap_or(opened);
        self.liveness.heard(opened.max(pinged), now)
    }

    /// Sockets whose console still pings.
    fn live_sockets(&self, now: Timestamp) -> usize {
        self.state
            .get_websockets()
            .iter()
            .filter(|ws| self.heard_within(ws, now))
            .count()
    }

    /// Online or away (their choice) while a console is connected or within
    /// the grace; offline otherwise.
    fn presence(&self) -> Result<Presence> {
        if self.get::<bool>("signed_out")?.unwrap_or(false) {
            return Ok(Presence::Offline);
        }
        let present =
            self.live_sockets(now()) > 0 || self.get::<Timestamp>("grace_until")?.is_some();
        Ok(if present {
            self.get("chosen")?.unwrap_or(Presence::Online)
        } else {
            Presence::Offline
        })
    }

    /// The operator's presence now, numbered after every report so far, for
    /// a channel whose queue they are not in but whose client they are
    /// responsible for (R-CRM-5): it asks as the client's conversation
    /// arrives.
    fn presence_now(&self, asked: PresenceAsked) -> ApiResult<Response> {
        let seq = self.get::<u64>("seq")?.unwrap_or(0) + 1;
        self.put("seq", &seq)?;
        json(&PresenceReport {
            operator: asked.operator,
            presence: self.presence()?,
            seq,
        })
    }

    /// Tells every channel of this operator their presence, if it changed.
    async fn report(&self) -> Result<()> {
        let presence = self.presence()?;
        if self.get::<Presence>("reported")? == Some(presence) {
            return Ok(());
        }
        let (Some(user), Some(channels)) = (
            self.get::<UserId>("user")?,
            self.get::<Vec<ChannelId>>("channels")?,
        ) else {
            return Ok(());
        };
        let seq = self.get::<u64>("seq")?.unwrap_or(0) + 1;
        self.put("seq", &seq)?;
        self.put("reported", &presence)?;
        for channel in channels {
            self.outbox.put(
                &format!("presence:{channel}"),
                "CHANNEL",
                channel.as_str(),
                "/presence",
                &PresenceReport {
                    operator: user.clone(),
                    presence,
                    seq,
                },
            )?;
        }
        self.outbox.arm(&self.state.storage(), None).await
    }

    fn broadcast(&self, frame: &InboxFrame) {
        for ws in self.state.get_websockets() {
            // A socket that is closing must not stop the others.
            let _ = ws.send(frame);
        }
    }

    fn get<T: DeserializeOwned>(&self, k: &str) -> Result<Option<T>> {
        let rows: Vec<KvRow> = self
            .sql
            .exec("SELECT v FROM kv WHERE k = ?", vec![k.into()])?
            .to_array()?;
        Ok(rows.first().and_then(|r| serde_json::from_str(&r.v).ok()))
    }

    fn put(&self, k: &str, v: &impl Serialize) -> Result<()> {
        self.sql.exec(
            "INSERT INTO kv (k, v) VALUES (?, ?) ON CONFLICT(k) DO UPDATE SET v = excluded.v",
            vec![k.into(), to_json(v)?.into()],
        )?;
        Ok(())
    }
}
