//! What the machine remembers between inputs: how the conversation opened and its saved state.

use std::collections::VecDeque;

use serde::{Deserialize, Serialize};

use super::bot;
use super::types::yes;
use crate::automation::Automation;
use crate::bot::BotAssignment;
use crate::connectors::ConnectorLink;
use crate::consent::ConsentKey;
use crate::crm::CrmSettings;
use crate::ids::{ClientId, ConversationId, Seq, UserId, VisitorId};
use crate::kpi::{KpiSettings, ResponseClock};
use crate::ledger::ConversationRecord;
use crate::limits::Limiter;
use crate::protocol::{ChannelInfo, OperatorInfo, Rating, Status, SupervisorRating};
use crate::time::Timestamp;
use crate::widget_settings::OperatorCard;

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
    pub(super) unread: VecDeque<Seq>,
    /// Revision of the summary sent to inboxes.
    #[serde(default)]
    pub(super) rev: u64,
    /// What the visitor is typing now (not persisted meaningfully: it is live).
    #[serde(default)]
    pub(super) visitor_draft: Option<String>,
    /// Operators it is offered to now.
    #[serde(default)]
    pub(super) offered: Vec<UserId>,
    /// The newest routing decision applied.
    #[serde(default)]
    pub(super) route_rev: u64,
    /// The operator answered at least once since it was assigned.
    #[serde(default)]
    pub(super) answered: bool,
    /// The operator answered and the client has not replied since.
    #[serde(default)]
    pub(super) awaiting_client: bool,
    /// Revision of the [`Lifecycle`](super::Lifecycle) sent to the channel.
    #[serde(default)]
    pub(super) lifecycle_rev: u64,
    /// The automatic actions' timers.
    #[serde(default)]
    pub(super) timers: Timers,
    /// The session is over (closed, and the wait for the rating too).
    #[serde(default)]
    pub(super) finished: bool,
    /// The visitor's rating.
    #[serde(default)]
    pub(super) rating: Option<Rating>,
    /// The out-of-hours reply went out in this session.
    #[serde(default)]
    pub(super) away_reply_sent: bool,
    /// What visitors see of the operator (R-A-1).
    #[serde(default)]
    pub(super) card: Option<OperatorCard>,
    /// The visitor's acceptance of the notice (R-C-1).
    #[serde(default)]
    pub(super) consent: Option<Consented>,
    /// The email the visitor left (R-WH-3).
    #[serde(default)]
    pub(super) contact: Option<String>,
    /// The channel is switched off: no operator may answer (R-CH-5).
    #[serde(default)]
    pub(super) paused: bool,
    /// The channel counts replies (see
    /// [`Route::counts_replies`](super::Route::counts_replies)).
    #[serde(default = "yes")]
    pub(super) counts_replies: bool,
    /// The bot holds this session: the client's messages go to it and no
    /// operator is offered the conversation (R-BOT-1).
    #[serde(default)]
    pub(super) bot: Option<bot::BotHold>,
    /// The operators' response times (R-KPI-1, R-KPI-2).
    #[serde(default)]
    pub(super) clock: ResponseClock,
    /// The supervisor's rating (R-QA-3).
    #[serde(default)]
    pub(super) supervisor_rating: Option<SupervisorRating>,
    /// The record last sent to the channel's ledger (R-KPI-4).
    #[serde(default)]
    pub(super) recorded: Option<ConversationRecord>,
    /// When the history was emailed lately (R-CH-7).
    #[serde(default)]
    pub(super) history_sent: Vec<Timestamp>,
    /// How fast the visitor has been writing (R-S-3).
    #[serde(default)]
    pub(super) pace: VisitorPace,
    /// Who the visitor is and where (issue #20), for operators.
    #[serde(default)]
    pub(super) visitor: Option<crate::visit::VisitorContext>,
}

impl ConversationState {
    /// Message `seq`, stored at `at`, is the conversation's last: the list
    /// shows `preview` (a message, a note or an automatic reply).
    pub(super) fn advance(&mut self, seq: Seq, preview: String, at: Timestamp) {
        self.last_seq = seq;
        self.last_text = preview;
        self.last_at = at;
    }
}

/// The visitor's rate limits in this conversation (R-S-3).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(super) struct VisitorPace {
    /// `send` frames (and connector messages).
    pub(super) message: Limiter,
    /// Every other frame after `hello`.
    pub(super) frame: Limiter,
    /// Files uploaded (#21).
    #[serde(default)]
    pub(super) file: Limiter,
}

/// The visitor's acceptance, as the conversation remembers it (R-C-1).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(super) struct Consented {
    /// The words accepted.
    pub(super) key: ConsentKey,
    /// When.
    pub(super) at: Timestamp,
    /// On which page.
    pub(super) page: String,
}

/// When the automatic actions are due.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(super) struct Timers {
    /// R-AA-2: the no-answer reply.
    pub(super) no_answer: Option<Timestamp>,
    /// R-AA-5: the timeout.
    pub(super) timeout: Option<Timestamp>,
    /// R-AA-4: the end of the wait for the rating.
    pub(super) rating_until: Option<Timestamp>,
}
