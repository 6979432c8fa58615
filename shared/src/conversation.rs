//! One conversation: stores messages once, acknowledges them with sequence
//! numbers, replays history, relays typing and read marks, and tracks who
//! answers (R-D-1, R-RT-1, R-RT-2), what visitors see of them (R-A-1), the
//! visitor's acceptance of the personal-data notice (R-C-1) and the email
//! left in the offline form (R-WH-3).
//!
//! The Durable Object of a conversation owns one [`Conversation`]. For each
//! input it calls [`Conversation::handle`] and carries out the returned
//! [`Effect`]s in order. The object looks up what the machine needs from
//! storage before the call (has this client message id been stored already?),
//! so the machine itself holds only a small, serializable [`ConversationState`].

use std::collections::VecDeque;

use serde::{Deserialize, Serialize};

use crate::automation::Automation;
use crate::bot::{BotAnswer, BotAssignment, BotRequest};
use crate::connectors::ConnectorLink;
use crate::consent::{ConsentAcceptance, ConsentError, ConsentKey, ConsentNotice};
use crate::crm::{CrmSettings, Sighting};
use crate::ids::{ChannelId, ClientId, ConversationId, Seq, UserId, VisitorId};
use crate::kpi::{Kind, KpiSettings, LateNotice, ResponseClock};
use crate::ledger::ConversationRecord;
use crate::limits::{Limiter, Limits};
use crate::people::Supervision;
use crate::protocol::{
    error_frame, ChannelInfo, ClientFrame, ConversationSummary, ErrorCode, FileRef, Message,
    OperatorInfo, Rating, ServerFrame, Side, Status, SupervisorRating,
};
use crate::routing::Phase;
use crate::time::Timestamp;
use crate::widget_settings::OperatorCard;

/// What an operator reads when they write in a switched-off channel (R-CH-5).
pub const CHANNEL_DISABLED_MESSAGE: &str =
    "this channel is switched off: its clients' messages are kept, but nobody can answer until an admin switches it on again (Channels page)";

/// What an operator who writes in a closed conversation is told (R-AA-4):
/// closed, waiting for the rating or ended, it is the visitor's to reopen.
pub const CLOSED_MESSAGE: &str =
    "this conversation is closed: nobody answers in it until the visitor writes again";

/// What a supervisor who writes in a conversation they read is told (R-KPI-3).
pub const SUPERVISOR_READS_MESSAGE: &str =
    "you read this conversation as a supervisor: only the operator who answers it writes here (ask an admin to add you to the channel's queue to answer)";

/// What a visitor who rates a session a second time is told (R-QA-1,
/// R-AA-4): the first rating stays.
pub const ALREADY_RATED_MESSAGE: &str =
    "you already rated this conversation; the first rating stays";

/// What the supervisor's rating answers when the conversation does not
/// exist or is in a channel the caller does not see (R-S-2, R-QA-3): the
/// same words for both, so nothing about it is told.
pub const NO_SUCH_CONVERSATION: &str = "there is no such conversation in the channels you see";

/// What a visitor who writes before accepting the notice is told (R-C-1).
pub const CONSENT_REQUIRED_MESSAGE: &str = "accept the personal-data notice before writing";

/// What a visitor who sends a private note is told (#20).
pub const NOTES_ARE_OPERATORS_MESSAGE: &str = "only operators write private notes";

/// What a visitor who leaves a malformed email is told (R-WH-3).
pub const BAD_EMAIL_MESSAGE: &str = "enter an email address such as name@example.com";

/// Checks that `key` names the notice the channel shows now (R-C-1): a
/// visitor accepts exactly the words they were shown.
pub fn check_consent(notice: Option<&ConsentNotice>, key: &ConsentKey) -> Result<(), ConsentError> {
    match notice {
        None => Err(ConsentError::NotAsked),
        Some(n) if &n.key != key => Err(ConsentError::Outdated),
        Some(_) => Ok(()),
    }
}

/// Most unread messages counted exactly (the saved state stays small).
pub const MAX_UNREAD: usize = 999;

/// Who sent an input: the visitor, or an operator allowed on this channel.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Peer {
    /// The conversation's visitor.
    Visitor,
    /// An operator (the shell checked they may see this channel).
    Operator(OperatorInfo),
    /// A supervisor who reads the conversation without answering in it
    /// (R-KPI-3): they see what operators see, and the machine refuses
    /// what they would write.
    Supervisor(OperatorInfo),
}

impl Peer {
    /// The side this peer speaks for.
    pub fn side(&self) -> Side {
        match self {
            Peer::Visitor => Side::Visitor,
            Peer::Operator(_) | Peer::Supervisor(_) => Side::Operator,
        }
    }
}

/// Who the Worker authenticated for a socket on a conversation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Caller {
    /// A visitor with a valid token.
    Visitor {
        /// The token's visitor.
        visitor: VisitorId,
        /// The token's channel.
        channel: ChannelId,
    },
    /// A signed-in operator and the channels they may see.
    Operator {
        /// Who they are.
        operator: OperatorInfo,
        /// The channels whose queue they are in (every channel for admins).
        channels: Vec<ChannelId>,
        /// What they read as a supervisor (R-KPI-3).
        #[serde(default)]
        supervision: Supervision,
    },
}

/// Why a caller may not open a conversation (HTTP 403).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum AccessError {
    /// A visitor asked for someone else's conversation.
    #[error("this conversation belongs to another visitor")]
    NotYours,
    /// An operator asked for a conversation of a channel they are not in,
    /// and that no one they supervise works in or answers.
    #[error("you are not in the queue of this conversation's channel, and nobody you supervise works in it; ask an admin to add you to its queue")]
    NotYourChannel,
}

/// What was stored earlier under a client message id (looked up by the shell).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Stored {
    /// Its sequence number.
    pub seq: Seq,
    /// When it was stored.
    pub at: Timestamp,
}

/// An input to the machine.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Input {
    /// What became of a reply a connector took to the client (R-CH-9).
    Receipt {
        /// The reply.
        seq: Seq,
        /// Delivered, or why not.
        delivery: crate::connectors::Delivery,
    },
    /// A parsed frame from a socket.
    Frame {
        /// Who sent it.
        from: Peer,
        /// Whether this socket already said `Hello`.
        greeted: bool,
        /// The frame.
        frame: ClientFrame,
        /// For `Send`: what is stored under its id by the same side, if anything.
        existing: Option<Stored>,
        /// For a `Send` that names a file: that file, if this side stored
        /// it in this conversation (#21).
        file: Option<FileRef>,
    },
    /// A client asks to upload a file of `size` bytes (#21): allowed when
    /// it could send a message now and the account's limits let the size
    /// through. The shell then stores the bytes and the file's row.
    Upload {
        /// Who asks.
        from: Peer,
        /// Its size, as announced.
        size: u64,
        /// The account's rules for files.
        limits: crate::files::FileLimits,
    },
    /// The channel's router decided who is offered the conversation and who
    /// answers it.
    Routed(Route),
    /// A deadline of [`Conversation::next_deadline`] passed (the object's
    /// alarm). A late or repeated tick changes nothing.
    Tick,
    /// A socket closed; `remaining` sockets of the same side are still open.
    Closed {
        /// Whose socket.
        side: Side,
        /// How many of that side remain.
        remaining: usize,
    },
    /// The visitor accepted the personal-data notice (R-C-1). The shell
    /// checked `key` against the channel's notice ([`check_consent`]).
    Consent {
        /// The words accepted.
        key: ConsentKey,
        /// The page the widget was on.
        page: String,
    },
    /// The visitor left their email in the offline form (R-WH-3).
    Contact {
        /// The address as typed (checked here again).
        email: String,
    },
    /// The visitor asks for the conversation's history by email (R-CH-7).
    HistoryRequested {
        /// The address as typed (checked here).
        email: String,
    },
    /// A supervisor or an admin rates the conversation (R-QA-3). The shell
    /// says which channels `by` sees and whose conversations they supervise
    /// (`None`: an admin, anyone's).
    SupervisorRate {
        /// Who rates.
        by: OperatorInfo,
        /// The channels they see (every channel for an admin).
        channels: Vec<ChannelId>,
        /// The operators they supervise; `None` for an admin.
        supervises: Option<Vec<UserId>>,
        /// The rating.
        rating: Rating,
    },
    /// The bot answered the client's message `seq` (R-BOT-1), or could not
    /// be asked (the reason, for the log).
    BotAnswered {
        /// The message it answers.
        seq: Seq,
        /// Its answer, or what went wrong.
        answer: Result<BotAnswer, String>,
    },
}

/// The channel's routing decision for one conversation, numbered so a late
/// or repeated delivery never rolls a newer one back.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Route {
    /// Grows with every decision of the channel.
    pub rev: u64,
    /// Operators it is offered to now (Accept / Skip in their console).
    pub offered: Vec<UserId>,
    /// Who answers it, if anyone.
    pub assignee: Option<OperatorInfo>,
    /// It arrived while the online check is on and no operator of the queue
    /// is online (R-WH-2, R-AA-3).
    #[serde(default)]
    pub unstaffed: bool,
    /// What visitors see of the assignee (R-A-1): their profile or the
    /// channel's entry; `None` when the channel hides operators.
    #[serde(default)]
    pub card: Option<OperatorCard>,
    /// The channel is switched off (R-CH-5): the client's messages are still
    /// taken and stored, but no operator may answer.
    #[serde(default)]
    pub paused: bool,
    /// The channel leaves conversations awaiting the client's reply out of
    /// its operators' limits (R-Q-5), so it hears each time the client
    /// replies and the operator answers again. Otherwise it needs only the
    /// first answer and the phase, and a busy chat costs it nothing per
    /// message.
    #[serde(default = "yes")]
    pub counts_replies: bool,
}

fn yes() -> bool {
    true
}

/// What the channel's router needs to know of a conversation to count its
/// operator's load (R-Q-5); sent when it changes, coalesced.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Lifecycle {
    /// The conversation.
    pub conversation: ConversationId,
    /// Grows with every change, so the channel keeps the newest.
    pub rev: u64,
    /// The operator answered at least once.
    pub answered: bool,
    /// The operator answered and the client has not replied since.
    pub awaiting_client: bool,
    /// Open, closed, or closed and waiting for the rating (R-Q-5 counts it).
    #[serde(default = "open_phase")]
    pub phase: Phase,
    /// The session is over: the router forgets it.
    #[serde(default)]
    pub finished: bool,
}

fn open_phase() -> Phase {
    Phase::Open
}

/// Who receives a broadcast frame.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Audience {
    /// Every socket of the conversation.
    Everyone,
    /// The visitor's sockets.
    Visitors,
    /// The operators' sockets.
    Operators,
}

/// What the shell must do, in order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Effect {
    /// Insert this message into storage (its id is new for its side).
    Store {
        /// The message as operators see it.
        message: Message,
        /// The author visitors see instead, for an operator's message: their
        /// card's name, or empty when the channel hides operators (R-A-1).
        shown_author: Option<String>,
    },
    /// Save [`Conversation::state`]: it changed.
    SaveState,
    /// Mark the sending socket as greeted.
    Greeted,
    /// Send a frame to the socket that sent the input.
    Reply(ServerFrame),
    /// Send every stored message with a sequence number above `after` to the
    /// socket that sent the input, in order.
    Replay {
        /// Replay from after this one.
        after: Seq,
    },
    /// Send a frame to a group of sockets.
    Broadcast {
        /// Who.
        to: Audience,
        /// What.
        frame: ServerFrame,
    },
    /// Update these operators' inboxes with this summary.
    Notify {
        /// Inbox owners.
        to: Vec<UserId>,
        /// The conversation now.
        summary: ConversationSummary,
    },
    /// Tell the channel that the conversation now waits for an operator (its
    /// first message, or a message after it was closed).
    Register {
        /// The conversation now.
        summary: ConversationSummary,
        /// The operator who gets it first: a recognised client's responsible
        /// (R-CRM-5).
        preferred: Option<UserId>,
        /// Its lifecycle, numbered: older updates are ignored after it.
        lifecycle: Lifecycle,
    },
    /// Tell the channel's router how the conversation stands (R-Q-5).
    Lifecycle(Lifecycle),
    /// Record the visitor's acceptance of the notice in the account (R-C-1).
    RecordConsent(ConsentAcceptance),
    /// Tell the CRM who the client is and that they wrote (R-CRM-1).
    Sight(Sighting),
    /// An operator's reply came after the limit had passed, or the limit of
    /// a client's wait passed with "notify if late" on (R-KPI-3): tell whom
    /// the notice names.
    Late(LateReport),
    /// Email the conversation's history, as the visitor sees it, to this
    /// address, in the channel's language (R-CH-7).
    EmailHistory {
        /// The visitor's address.
        to: String,
    },
    /// Send this record to the channel's ledger (R-KPI-4), replacing the
    /// last one.
    Record(ConversationRecord),
    /// Ask the conversation's bot this (R-BOT-1), then feed its answer back
    /// as [`Input::BotAnswered`]. Without an answer by the machine's
    /// deadline, the conversation goes to the queue.
    AskBot {
        /// The bot.
        bot: BotAssignment,
        /// The message it answers.
        seq: Seq,
        /// What to post.
        request: BotRequest,
    },
}

/// A late answer to report (R-KPI-3), once per wait, when its limit passes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LateReport {
    /// The conversation.
    pub conversation: ConversationId,
    /// Its channel.
    pub channel: ChannelId,
    /// The responsible operator, if anyone took it yet.
    pub operator: Option<OperatorInfo>,
    /// Which limit passed.
    pub kind: Kind,
    /// Since when the client waits.
    pub since: Timestamp,
    /// Who is told, and the text.
    pub notice: LateNotice,
}

/// How a conversation starts: set by the visitor-session endpoint.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Opening {
    /// The conversation.
    pub id: ConversationId,
    /// Its channel.
    pub channel: ChannelInfo,
    /// Its visitor.
    pub visitor: VisitorId,
    /// The name operators see.
    pub visitor_name: String,
    /// The channel's automatic actions, resolved when it opened.
    #[serde(default)]
    pub automation: Automation,
    /// The channel showed a personal-data notice when it opened: the visitor
    /// accepts it before writing (R-C-1).
    #[serde(default)]
    pub consent_required: bool,
    /// The chat title visitors see instead of the channel's name, if the
    /// widget settings give one (R-CH-4).
    #[serde(default)]
    pub title: Option<String>,
    /// The connector the client writes through, when it is not the widget
    /// (R-CH-9): the channel's replies are taken there.
    #[serde(default)]
    pub connector: Option<ConnectorLink>,
    /// The site's user, verified by its signed token: known by id, name and
    /// email.
    #[serde(default)]
    pub identity: Option<crate::identity::VerifiedIdentity>,
    /// The client's CRM card, when they were recognised as the conversation
    /// opened (R-CRM-1).
    #[serde(default)]
    pub client: Option<ClientLink>,
    /// The channel's CRM settings (R-CRM-2, R-CRM-5, R-CRM-6).
    #[serde(default)]
    pub crm: CrmSettings,
    /// The chat bot that takes each session first, if the channel assigns
    /// one (R-BOT-1).
    #[serde(default)]
    pub bot: Option<BotAssignment>,
    /// The channel's response-time limits (R-KPI-1…3).
    #[serde(default)]
    pub kpi: KpiSettings,
    /// Operators see the visitor's draft as they type (R-RT-1); off, only
    /// that they type (#20). On for conversations opened before it existed.
    #[serde(default = "yes")]
    pub live_typing: bool,
}

/// A recognised client, as their conversation knows them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClientLink {
    /// Their card.
    pub id: ClientId,
    /// Their responsible operator, if any.
    pub responsible: Option<UserId>,
}

/// Everything the machine remembers between inputs (persisted as JSON).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConversationState {
    /// How it started.
    pub opening: Opening,
    /// Where it stands.
    pub status: Status,
    /// Who answers.
    pub operator: Option<OperatorInfo>,
    /// The last stored message.
    pub last_seq: Seq,
    /// Its preview.
    pub last_text: String,
    /// Its time.
    pub last_at: Timestamp,
    /// The visitor has seen up to here.
    pub visitor_read: Seq,
    /// An operator has seen up to here.
    pub operator_read: Seq,
    /// Visitor messages after `operator_read`.
    unread: VecDeque<Seq>,
    /// Revision of the summary sent to inboxes.
    #[serde(default)]
    rev: u64,
    /// What the visitor is typing now (not persisted meaningfully: it is live).
    #[serde(default)]
    visitor_draft: Option<String>,
    /// Operators it is offered to now.
    #[serde(default)]
    offered: Vec<UserId>,
    /// The newest routing decision applied.
    #[serde(default)]
    route_rev: u64,
    /// The operator answered at least once since it was assigned.
    #[serde(default)]
    answered: bool,
    /// The operator answered and the client has not replied since.
    #[serde(default)]
    awaiting_client: bool,
    /// Revision of the [`Lifecycle`] sent to the channel.
    #[serde(default)]
    lifecycle_rev: u64,
    /// The automatic actions' timers.
    #[serde(default)]
    timers: Timers,
    /// The session is over (closed, and the wait for the rating too).
    #[serde(default)]
    finished: bool,
    /// The visitor's rating.
    #[serde(default)]
    rating: Option<Rating>,
    /// The out-of-hours reply went out in this session.
    #[serde(default)]
    away_reply_sent: bool,
    /// What visitors see of the operator (R-A-1).
    #[serde(default)]
    card: Option<OperatorCard>,
    /// The visitor's acceptance of the notice (R-C-1).
    #[serde(default)]
    consent: Option<Consented>,
    /// The email the visitor left (R-WH-3).
    #[serde(default)]
    contact: Option<String>,
    /// The channel is switched off: no operator may answer (R-CH-5).
    #[serde(default)]
    paused: bool,
    /// The channel counts replies (see [`Route::counts_replies`]).
    #[serde(default = "yes")]
    counts_replies: bool,
    /// The bot holds this session: the client's messages go to it and no
    /// operator is offered the conversation (R-BOT-1).
    #[serde(default)]
    bot: Option<bot::BotHold>,
    /// The operators' response times (R-KPI-1, R-KPI-2).
    #[serde(default)]
    clock: ResponseClock,
    /// The supervisor's rating (R-QA-3).
    #[serde(default)]
    supervisor_rating: Option<SupervisorRating>,
    /// The record last sent to the channel's ledger (R-KPI-4).
    #[serde(default)]
    recorded: Option<ConversationRecord>,
    /// When the history was emailed lately (R-CH-7).
    #[serde(default)]
    history_sent: Vec<Timestamp>,
    /// How fast the visitor has been writing (R-S-3).
    #[serde(default)]
    pace: VisitorPace,
    /// Who the visitor is and where (issue #20), for operators.
    #[serde(default)]
    visitor: Option<crate::visit::VisitorContext>,
}

impl ConversationState {
    /// Message `seq`, stored at `at`, is the conversation's last: the list
    /// shows `preview` (a message, a note or an automatic reply).
    fn advance(&mut self, seq: Seq, preview: String, at: Timestamp) {
        self.last_seq = seq;
        self.last_text = preview;
        self.last_at = at;
    }
}

/// The visitor's rate limits in this conversation (R-S-3).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
struct VisitorPace {
    /// `send` frames (and connector messages).
    message: Limiter,
    /// Every other frame after `hello`.
    frame: Limiter,
    /// Files uploaded (#21).
    #[serde(default)]
    file: Limiter,
}

/// The visitor's acceptance, as the conversation remembers it (R-C-1).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
struct Consented {
    /// The words accepted.
    key: ConsentKey,
    /// When.
    at: Timestamp,
    /// On which page.
    page: String,
}

/// When the automatic actions are due.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
struct Timers {
    /// R-AA-2: the no-answer reply.
    no_answer: Option<Timestamp>,
    /// R-AA-5: the timeout.
    timeout: Option<Timestamp>,
    /// R-AA-4: the end of the wait for the rating.
    rating_until: Option<Timestamp>,
}

/// The conversation machine.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Conversation {
    state: ConversationState,
    limits: Limits,
}

impl Conversation {
    /// A new conversation, before any message.
    pub fn open(opening: Opening, now: Timestamp) -> Self {
        Self {
            state: ConversationState {
                opening,
                status: Status::New,
                operator: None,
                last_seq: Seq(0),
                last_text: String::new(),
                last_at: now,
                visitor_read: Seq(0),
                operator_read: Seq(0),
                unread: VecDeque::new(),
                rev: 0,
                visitor_draft: None,
                offered: Vec::new(),
                route_rev: 0,
                answered: false,
                awaiting_client: false,
                lifecycle_rev: 0,
                timers: Timers::default(),
                finished: false,
                rating: None,
                away_reply_sent: false,
                card: None,
                consent: None,
                contact: None,
                paused: false,
                counts_replies: true,
                bot: None,
                clock: ResponseClock::default(),
                supervisor_rating: None,
                recorded: None,
                history_sent: Vec::new(),
                pace: VisitorPace::default(),
                visitor: None,
            },
            limits: Limits::default(),
        }
    }

    /// Restores a machine from its saved state.
    pub fn restore(state: ConversationState) -> Self {
        Self {
            state,
            limits: Limits::default(),
        }
    }

    /// The same machine with the deployment's rate limits instead of the
    /// defaults.
    pub fn with_limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }

    /// The state to save after [`Effect::SaveState`].
    pub fn state(&self) -> &ConversationState {
        &self.state
    }

    /// The conversation's id.
    pub fn id(&self) -> &ConversationId {
        &self.state.opening.id
    }

    /// The conversation's channel.
    pub fn channel_id(&self) -> &ChannelId {
        &self.state.opening.channel.id
    }

    /// The visitor who owns it.
    pub fn visitor(&self) -> &VisitorId {
        &self.state.opening.visitor
    }

    /// Feeds one input; returns what to do.
    pub fn handle(&mut self, now: Timestamp, input: Input) -> Vec<Effect> {
        let mut effects = self.dispatch(now, input);
        if let Some(record) = self.record_change(now) {
            if !effects.contains(&Effect::SaveState) {
                effects.push(Effect::SaveState);
            }
            effects.push(Effect::Record(record));
        }
        effects
    }

    /// The record for the channel's ledger, if one of its figures changed
    /// since the last one sent (never per message: R-KPI-4 is computed as
    /// answers come, not by scanning).
    fn record_change(&mut self, now: Timestamp) -> Option<ConversationRecord> {
        let s = &self.state;
        if s.last_seq == Seq(0) {
            return None;
        }
        let prev = s.recorded.as_ref();
        let closed_at = match (s.status, prev) {
            (Status::Closed, Some(p)) if p.status == Status::Closed => p.closed_at,
            (Status::Closed, _) => Some(now),
            _ => None,
        };
        let record = ConversationRecord {
            id: s.opening.id.clone(),
            channel: s.opening.channel.clone(),
            visitor_name: s.opening.visitor_name.clone(),
            status: s.status,
            operator: s.operator.clone(),
            started_at: prev.map_or(now, |p| p.started_at),
            closed_at,
            response: s.clock.stats.clone(),
            rating: s.rating.as_ref().map(|r| r.verdict),
            supervisor_rating: s.supervisor_rating.as_ref().map(|r| r.rating.verdict),
            rev: prev.map_or(1, |p| p.rev + 1),
            // Given by the channel's ledger (R-KPI-3).
            number: None,
        };
        if prev.is_some_and(|p| p.same_figures(&record)) {
            return None;
        }
        self.state.recorded = Some(record.clone());
        Some(record)
    }

    fn dispatch(&mut self, now: Timestamp, input: Input) -> Vec<Effect> {
        match input {
            Input::Frame {
                from,
                greeted,
                frame,
                existing,
                file,
            } => self.handle_frame(now, from, greeted, frame, existing, file),
            Input::Upload { from, size, limits } => self.upload(now, &from, size, &limits),
            Input::Routed(route) => self.routed(now, route),
            Input::Tick => self.tick(now),
            Input::Closed { side, remaining } => self.handle_closed(side, remaining),
            Input::Consent { key, page } => self.consent(now, key, &page),
            Input::Contact { email } => self.contact(now, &email),
            Input::HistoryRequested { email } => self.history_requested(now, &email),
            Input::BotAnswered { seq, answer } => self.bot_answered(now, seq, answer),
            Input::SupervisorRate {
                by,
                channels,
                supervises,
                rating,
            } => self.supervisor_rate(by, &channels, supervises.as_deref(), &rating),
            Input::Receipt { seq, delivery } => vec![Effect::Broadcast {
                to: Audience::Operators,
                frame: ServerFrame::Receipt { seq, delivery },
            }],
        }
    }

    fn handle_frame(
        &mut self,
        now: Timestamp,
        from: Peer,
        greeted: bool,
        frame: ClientFrame,
        existing: Option<Stored>,
        file: Option<FileRef>,
    ) -> Vec<Effect> {
        if from == Peer::Visitor && greeted {
            if let Some(refused) = self.over_limit(now, &frame, existing.is_some()) {
                return vec![refused];
            }
        }
        match (greeted, frame) {
            (false, ClientFrame::Hello { version, after }) => self.hello(&from, version, after),
            (true, ClientFrame::Hello { .. }) => vec![Effect::Reply(error_frame(
                ErrorCode::BadHandshake,
                "hello was already received on this socket",
                None,
            ))],
            (false, _) => vec![Effect::Reply(error_frame(
                ErrorCode::BadHandshake,
                "the first frame on a socket must be hello",
                None,
            ))],
            (
                true,
                ClientFrame::Send {
                    id,
                    text,
                    file: named,
                },
            ) => {
                let file = match (named, file) {
                    (None, _) => None,
                    (Some(named), Some(file)) if file.id == named && file.side == from.side() => {
                        Some(file)
                    }
                    (Some(named), _) => {
                        return vec![Effect::Reply(error_frame(
                            ErrorCode::NotFound,
                            format!(
                                "no file {} was uploaded to this conversation; upload it first",
                                named.as_str()
                            ),
                            Some(id),
                        ))]
                    }
                };
                self.send(now, from, id, &text, file, existing)
            }
            (true, ClientFrame::Note { id, text }) => self.note(now, from, id, &text, existing),
            (true, ClientFrame::Typing { draft }) => self.typing(&from, draft),
            (true, ClientFrame::Read { seq }) => self.read(&from, seq),
            (true, ClientFrame::Close) => match from {
                Peer::Operator(op) => self.close_by(now, &op),
                Peer::Supervisor(_) => vec![Effect::Reply(error_frame(
                    ErrorCode::Forbidden,
                    SUPERVISOR_READS_MESSAGE,
                    None,
                ))],
                _ => vec![Effect::Reply(error_frame(
                    ErrorCode::Forbidden,
                    "only the operator closes a conversation",
                    None,
                ))],
            },
            (true, ClientFrame::Rate { rating }) => match from {
                Peer::Visitor => self.rate(now, rating),
                _ => vec![Effect::Reply(error_frame(
                    ErrorCode::Forbidden,
                    "only the visitor rates a conversation",
                    None,
                ))],
            },
            (
                true,
                ClientFrame::Visit {
                    url,
                    title,
                    referrer,
                    lang,
                    time_zone,
                    user_agent,
                },
            ) => self.visit(
                now,
                &from,
                crate::visit::Visit {
                    url,
                    title,
                    referrer,
                    lang,
                    time_zone,
                    user_agent,
                },
            ),
        }
    }
}

mod access;
mod automation;
#[cfg(test)]
mod automation_tests;
mod bot;
#[cfg(test)]
mod bot_tests;
mod crm;
#[cfg(test)]
mod crm_tests;
#[cfg(test)]
mod events_tests;
mod files;
#[cfg(test)]
mod files_tests;
mod history;
#[cfg(test)]
mod history_tests;
mod kpi;
#[cfg(test)]
mod kpi_tests;
#[cfg(test)]
mod limits_tests;
mod messages;
mod presence;
mod routing;
mod supervisor;
#[cfg(test)]
mod supervisor_tests;
#[cfg(test)]
mod tests;
mod views;
mod visit;
#[cfg(test)]
mod visit_tests;

#[cfg(test)]
mod widget_tests;
