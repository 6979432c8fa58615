//! What goes in and out of the machine: the inputs, who sends them, and the effects to carry out.

use serde::{Deserialize, Serialize};

use crate::bot::{BotAnswer, BotAssignment, BotRequest};
use crate::consent::{ConsentAcceptance, ConsentKey};
use crate::crm::Sighting;
use crate::ids::{ChannelId, ConversationId, Seq, UserId, VisitorId};
use crate::kpi::{Kind, LateNotice};
use crate::ledger::ConversationRecord;
use crate::people::Supervision;
use crate::protocol::{
    ClientFrame, ConversationSummary, FileRef, Message, OperatorInfo, Rating, ServerFrame, Side,
};
use crate::routing::Phase;
use crate::time::Timestamp;
use crate::widget_settings::OperatorCard;

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
    /// A deadline of
    /// [`Conversation::next_deadline`](super::Conversation::next_deadline)
    /// passed (the object's alarm). A late or repeated tick changes nothing.
    Tick,
    /// A socket closed; `remaining` sockets of the same side are still open.
    Closed {
        /// Whose socket.
        side: Side,
        /// How many of that side remain.
        remaining: usize,
    },
    /// The visitor accepted the personal-data notice (R-C-1). The shell
    /// checked `key` against the channel's notice ([`check_consent`](super::check_consent)).
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

pub(super) fn yes() -> bool {
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
    /// Save [`Conversation::state`](super::Conversation::state): it changed.
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
    /// Send again every stored message that carries a file to the socket
    /// that sent the input, in order, each with a fresh link (#21); the
    /// visitor's socket gets no note.
    Relink,
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
        /// The file the message carries (#21): the caller signs a link to
        /// it and [`BotRequest::attach`]es it.
        file: Option<FileRef>,
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
