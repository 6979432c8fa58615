//! One object per channel: the single writer of its queue. It owns the
//! channel's [`Dispatcher`] (the router of `canal_shared`): each input is
//! logged as a small row and the whole dispatcher is saved every
//! [`SNAPSHOT_EVERY`] inputs (and on each configuration), so an event costs
//! the same with ten open conversations or a thousand; a new instance
//! replays the inputs logged since the snapshot. Its timers are the
//! object's alarm. It hears of lifecycle events
//! only — a conversation arrives, is answered, an operator's presence changes,
//! an offer is accepted — never of every message, so a busy channel's messages
//! never pass through it.
//!
//! Each routing decision goes to its conversation's object through the
//! durable [`Outbox`]; for an operator's own action (accept, skip, transfer)
//! the outbox is flushed before answering, so the conversation knows its new
//! operator by the time their console opens it. Who took a conversation
//! (accepted, or got it by a manual transfer) goes to the CRM the same way,
//! which may make them the client's responsible (R-CRM-6).

use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;

use canal_shared::conversation::Lifecycle;
use canal_shared::dispatch::{ActionError, DispatchEffect, DispatchInput, Dispatcher};
use canal_shared::ids::{ChannelId, ConversationId, UserId};
use canal_shared::people::QueueMembers;
use canal_shared::protocol::Done;
use canal_shared::protocol::{ConversationSummary, OperatorInfo};
use canal_shared::routing::{Presence, RoutingSettings};
use canal_shared::time::Timestamp;
use canal_shared::widget_settings::OperatorCard;
use serde::{Deserialize, Serialize};
use worker::{
    console_error, durable_object, DurableObject, Env, Request, Response, Result, SqlStorage, State,
};

use crate::account::{ChannelLookup, ACCOUNT};
use crate::crm::{Took, CRM};
use crate::crypto::now;
use crate::failure::{ApiResult, Failure};
use crate::inbox::PresenceAsked;
use crate::internal::{call, internal_error, json, json_body, respond, to_json, NAME_HEADER};
use crate::outbox::Outbox;

/// `/configure`: the queue and settings, from the account.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Configure {
    /// Validated settings.
    pub settings: RoutingSettings,
    /// The queue, departments expanded, in order.
    pub queue: Vec<OperatorInfo>,
    /// People just deactivated.
    pub deactivated: Vec<UserId>,
    /// What visitors see of each operator (R-A-1): absent for hidden ones.
    #[serde(default)]
    pub cards: BTreeMap<UserId, OperatorCard>,
    /// The channel is on; off, operators may not answer (R-CH-5).
    #[serde(default = "on")]
    pub active: bool,
}

fn on() -> bool {
    true
}

/// `/register`: a conversation (a new session of it) waits for an operator.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Register {
    /// The conversation now.
    pub summary: ConversationSummary,
    /// Its lifecycle, numbered.
    pub lifecycle: Lifecycle,
    /// Who gets it first: a recognised client's responsible (R-CRM-5).
    #[serde(default)]
    pub preferred: Option<UserId>,
}

/// `/presence`: an operator's presence, from their inbox.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct PresenceReport {
    /// Who.
    pub operator: UserId,
    /// Now.
    pub presence: Presence,
    /// Grows with every report of this operator.
    pub seq: u64,
}

/// `/accept`, `/decline`: an operator's answer to an offer.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Action {
    /// The conversation.
    pub conversation: ConversationId,
    /// Who.
    pub operator: UserId,
    /// Their name (the queue does not give it for a client's responsible
    /// from outside it, R-CRM-5).
    #[serde(default)]
    pub name: Option<String>,
}

/// `/transfer`: a manual transfer (R-Q-6).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Transfer {
    /// The conversation.
    pub conversation: ConversationId,
    /// Who asks.
    pub by: UserId,
    /// Whether they are an admin.
    pub admin: bool,
    /// The new operator, or `None` for the queue.
    pub to: Option<UserId>,
}

/// `/subscribe` to an inbox: report your presence to this channel too.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Subscribe {
    /// The channel.
    pub channel: ChannelId,
}

#[derive(Deserialize)]
struct StateRow {
    v: String,
}

/// A channel's object.
#[durable_object]
pub struct Channel {
    state: State,
    env: Env,
    sql: SqlStorage,
    outbox: Outbox,
    desk: RefCell<Option<Dispatcher>>,
    /// Inputs logged since the dispatcher's last snapshot.
    logged: Cell<u32>,
    name: RefCell<Option<ChannelId>>,
}

/// Inputs logged before the dispatcher is saved whole again: the snapshot
/// grows with the open conversations, a logged input does not.
const SNAPSHOT_EVERY: u32 = 256;

#[derive(Deserialize)]
struct LoggedInput {
    at: i64,
    input: String,
}

impl DurableObject for Channel {
    fn new(state: State, env: Env) -> Self {
        let sql = state.storage().sql();
        crate::schema::migrate(
            &state.storage(),
            &[&crate::schema::CHANNEL, &crate::schema::OUTBOX],
        );
        // `None` until the account configured the queue (pulled on first use).
        let mut desk: Option<Dispatcher> = sql
            .exec("SELECT v FROM state WHERE k = 'dispatcher'", None)
            .and_then(|c| c.to_array::<StateRow>())
            .ok()
            .and_then(|rows| rows.into_iter().next())
            .and_then(|row| serde_json::from_str(&row.v).ok());
        // The inputs since that snapshot, replayed (their effects were
        // stored when they first came).
        let logged = sql
            .exec("SELECT at, input FROM inputs ORDER BY n", None)
            .and_then(|c| c.to_array::<LoggedInput>())
            .unwrap_or_default();
        if let Some(d) = desk.as_mut() {
            for row in &logged {
                match serde_json::from_str::<DispatchInput>(&row.input) {
                    Ok(input) => {
                        d.handle(Timestamp(row.at), input);
                    }
                    Err(e) => console_error!("canal: a logged routing input is unreadable: {e}"),
                }
            }
        }
        Self {
            state,
            env,
            outbox: Outbox::new(sql.clone()),
            sql,
            desk: RefCell::new(desk),
            logged: Cell::new(logged.len() as u32),
            name: RefCell::new(None),
        }
    }

    async fn fetch(&self, mut req: Request) -> Result<Response> {
        respond(self.route(&mut req).await)
    }

    async fn alarm(&self) -> Result<Response> {
        self.outbox.flush(&self.env).await?;
        if self.desk.borrow().is_some() {
            self.feed(DispatchInput::Tick)?;
            // Decisions of the tick go out at once.
            self.outbox.flush(&self.env).await?;
        }
        self.arm().await?;
        Response::ok("done")
    }
}

impl Channel {
    async fn route(&self, req: &mut Request) -> ApiResult<Response> {
        self.learn_name(req)?;
        let path = req.path();
        if path != "/configure" {
            self.ensure_configured().await?;
        }
        match path.as_str() {
            "/register" => {
                let Register {
                    summary,
                    lifecycle,
                    preferred,
                } = json_body(req).await?;
                if let Some(p) = &preferred {
                    self.learn_presence(p).await?;
                }
                self.register(&summary)?;
                self.feed(DispatchInput::Arrived {
                    conversation: summary.id,
                    preferred,
                    rev: lifecycle.rev,
                })?;
                self.settle(false).await
            }
            "/lifecycle" => {
                let l: Lifecycle = json_body(req).await?;
                self.feed(DispatchInput::Lifecycle(l))?;
                self.settle(false).await
            }
            "/presence" => {
                let p: PresenceReport = json_body(req).await?;
                self.feed(DispatchInput::Presence {
                    operator: p.operator,
                    presence: p.presence,
                    seq: p.seq,
                })?;
                self.settle(false).await
            }
            "/configure" => {
                let c: Configure = json_body(req).await?;
                self.configure(c)?;
                self.settle(false).await
            }
            "/accept" => {
                let a: Action = json_body(req).await?;
                self.act(DispatchInput::Accept {
                    conversation: a.conversation,
                    operator: a.operator,
                    name: a.name,
                })
                .await
            }
            "/decline" => {
                let a: Action = json_body(req).await?;
                self.act(DispatchInput::Decline {
                    conversation: a.conversation,
                    operator: a.operator,
                })
                .await
            }
            "/transfer" => {
                let t: Transfer = json_body(req).await?;
                self.act(DispatchInput::Transfer {
                    conversation: t.conversation,
                    by: t.by,
                    admin: t.admin,
                    to: t.to,
                })
                .await
            }
            "/members" => {
                let members = self
                    .desk
                    .borrow()
                    .as_ref()
                    .map(Dispatcher::members)
                    .unwrap_or_default();
                json(&QueueMembers { members })
            }
            "/activity" => {
                let activity = self
                    .desk
                    .borrow()
                    .as_ref()
                    .map(Dispatcher::activity)
                    .unwrap_or_default();
                json(&activity)
            }
            _ => Err(Failure::not_found("no such channel call")),
        }
    }

    /// The presence of a client's responsible who is not in the queue, so
    /// not reporting it here, asked as their client's conversation arrives
    /// (R-CRM-5: they get it first if they could take it now). An inbox that
    /// does not answer leaves them as last known.
    async fn learn_presence(&self, operator: &UserId) -> ApiResult<()> {
        let in_queue = self
            .desk
            .borrow()
            .as_ref()
            .is_some_and(|d| d.router().queue().contains(operator));
        if in_queue {
            return Ok(());
        }
        let asked = PresenceAsked {
            operator: operator.clone(),
        };
        match call::<_, PresenceReport>(
            &self.env,
            "INBOX",
            operator.as_str(),
            "/presence/now",
            &asked,
        )
        .await
        {
            Ok(p) => {
                self.feed(DispatchInput::Presence {
                    operator: p.operator,
                    presence: p.presence,
                    seq: p.seq,
                })?;
            }
            Err(e) => worker::console_warn!("channel: the responsible's presence is unknown: {e}"),
        }
        Ok(())
    }

    /// A channel that never got its queue asks the account for it (a new
    /// channel, or one created before routing existed).
    async fn ensure_configured(&self) -> ApiResult<()> {
        if self.desk.borrow().is_some() {
            return Ok(());
        }
        let id = self.channel_id()?;
        let config: Configure = call(
            &self.env,
            "ACCOUNT",
            ACCOUNT,
            "/queue/expanded",
            &ChannelLookup { id, lang: None },
        )
        .await?;
        if self.desk.borrow().is_none() {
            self.configure(config)?;
        }
        Ok(())
    }

    fn configure(&self, c: Configure) -> ApiResult<()> {
        c.settings
            .validate_with(crate::tuning::min_idle_ms(&self.env))
            .map_err(|e| Failure::bad_request(e.to_string()))?;
        let known: Vec<UserId> = self
            .desk
            .borrow()
            .as_ref()
            .map(|d| d.router().queue().to_vec())
            .unwrap_or_default();
        // Operators new to this queue report their presence here from now on.
        for op in c.queue.iter().filter(|o| !known.contains(&o.id)) {
            let channel = self.channel_id()?;
            self.outbox.put(
                &format!("subscribe:{}", op.id),
                "INBOX",
                op.id.as_str(),
                "/subscribe",
                &Subscribe { channel },
            )?;
        }
        self.desk
            .borrow_mut()
            .get_or_insert_with(|| Dispatcher::new(c.settings));
        self.feed(DispatchInput::Configure {
            settings: c.settings,
            queue: c.queue,
            deactivated: c.deactivated,
            cards: c.cards,
            active: c.active,
        })?;
        Ok(())
    }

    /// Keeps this object's channel id, which every call carries.
    fn learn_name(&self, req: &Request) -> ApiResult<()> {
        if self.name.borrow().is_some() {
            return Ok(());
        }
        let name = req
            .headers()
            .get(NAME_HEADER)?
            .ok_or_else(|| Failure::bad_request("the call does not name its channel"))?;
        let id = ChannelId::parse(&name).map_err(|e| Failure::bad_request(e.to_string()))?;
        *self.name.borrow_mut() = Some(id);
        Ok(())
    }

    fn channel_id(&self) -> ApiResult<ChannelId> {
        self.name
            .borrow()
            .clone()
            .ok_or_else(|| internal_error("the channel does not know its id"))
    }

    fn register(&self, s: &ConversationSummary) -> ApiResult<()> {
        self.sql.exec(
            "INSERT INTO conversations (id, status, created_at, summary) VALUES (?, 'waiting', ?, ?) ON CONFLICT(id) DO UPDATE SET status = 'waiting', operator = NULL, summary = excluded.summary",
            vec![s.id.to_string().into(), s.last_at.0.into(), to_json(s)?.into()],
        )?;
        Ok(())
    }

    /// Feeds the dispatcher, logs the input (or saves the dispatcher whole,
    /// every [`SNAPSHOT_EVERY`] inputs and on each configuration), and
    /// stores the routes it decided in the outbox, all in the same
    /// synchronous step, so nothing decided is lost.
    fn feed(&self, input: DispatchInput) -> ApiResult<Option<ActionError>> {
        let mut desk = self.desk.borrow_mut();
        let Some(d) = desk.as_mut() else {
            return Err(internal_error("the channel's queue is not configured"));
        };
        let at = now();
        let whole = matches!(input, DispatchInput::Configure { .. })
            || self.logged.get() + 1 >= SNAPSHOT_EVERY;
        let logged = (!whole).then(|| to_json(&input)).transpose()?;
        let effects = d.handle(at, input);
        match logged {
            Some(input) => {
                self.sql.exec(
                    "INSERT INTO inputs (at, input) VALUES (?, ?)",
                    vec![at.0.into(), input.into()],
                )?;
                self.logged.set(self.logged.get() + 1);
            }
            None => {
                self.sql.exec(
                    "INSERT INTO state (k, v) VALUES ('dispatcher', ?) ON CONFLICT(k) DO UPDATE SET v = excluded.v",
                    vec![to_json(d)?.into()],
                )?;
                self.sql.exec("DELETE FROM inputs", None)?;
                self.logged.set(0);
            }
        }
        let mut refused = None;
        for effect in effects {
            match effect {
                DispatchEffect::Route {
                    conversation,
                    route,
                } => {
                    let (status, operator) = match &route.assignee {
                        Some(o) => ("active", Some(o.id.to_string())),
                        None => ("waiting", None),
                    };
                    self.sql.exec(
                        "UPDATE conversations SET status = ?, operator = ? WHERE id = ?",
                        vec![
                            status.into(),
                            operator.into(),
                            conversation.to_string().into(),
                        ],
                    )?;
                    self.outbox.put(
                        &format!("route:{conversation}"),
                        "CONVERSATION",
                        conversation.as_str(),
                        "/route",
                        &route,
                    )?;
                }
                DispatchEffect::Refused(e) => refused = Some(e),
                DispatchEffect::Took {
                    conversation,
                    operator,
                    how,
                } => {
                    // R-CRM-6: the CRM decides whether they become responsible.
                    let key = format!("crm:{how:?}:{conversation}:{}", at.0);
                    let took = Took {
                        conversation,
                        channel: self.channel_id()?,
                        operator,
                        how,
                    };
                    self.outbox.put(&key, "CRM", CRM, "/took", &took)?;
                }
            }
        }
        Ok(refused)
    }

    /// An operator's action: decided, delivered to the conversation, answered.
    async fn act(&self, input: DispatchInput) -> ApiResult<Response> {
        if let Some(e) = self.feed(input)? {
            self.arm().await?;
            let (status, code) = e.status();
            return Err(Failure::new(status, code, e.to_string()));
        }
        self.settle(true).await
    }

    /// Sends the decided routes now (`inline`) or from the alarm, and keeps the
    /// alarm set for the next deadline.
    async fn settle(&self, inline: bool) -> ApiResult<Response> {
        if inline {
            // A failure here is retried by the alarm: the routes stay stored.
            if let Err(e) = self.outbox.flush(&self.env).await {
                worker::console_warn!("channel: delivering routes failed, will retry: {e}");
            }
        }
        self.arm().await?;
        json(&Done::OK)
    }

    async fn arm(&self) -> Result<()> {
        let deadline = self.desk.borrow().as_ref().and_then(|d| d.next_deadline());
        self.outbox.arm(&self.state.storage(), deadline).await
    }
}
