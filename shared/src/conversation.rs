//! One conversation: stores messages once, acknowledges them with sequence
//! numbers, replays history, relays typing and read marks, and tracks who
//! answers (R-D-1, R-RT-1, R-RT-2), what visitors see of them (R-A-1), the
//! visitor's acceptance of the personal-data notice (R-C-1) and the email
//! left in the offline form (R-WH-3).
//!
//! The Durable Object of a conversation owns one [`Conversation`]; how it
//! must call it is written on [`Conversation`]. This file holds the machine,
//! its constructors and the dispatch of inputs; each concern is an
//! `impl Conversation` of its own in `conversation/`: `access` (who may open
//! it and write), `messages`, `files`, `presence` (typing and read marks),
//! `routing`, `views`, `crm`, `automation` (timers, closing and rating),
//! `bot`, `kpi`, `supervisor`, `history` and `visit`; `types` holds the
//! inputs and effects and `state` what is saved, both re-exported here.

use std::collections::VecDeque;

use crate::consent::{ConsentError, ConsentKey, ConsentNotice};
use crate::ids::{ChannelId, ConversationId, Seq, VisitorId};
use crate::kpi::ResponseClock;
use crate::ledger::ConversationRecord;
use crate::limits::Limits;
use crate::protocol::{error_frame, ClientFrame, ErrorCode, FileRef, ServerFrame, Status};
use crate::time::Timestamp;

pub use state::{ClientLink, ConversationState, Opening};
use state::{Consented, Timers, VisitorPace};
pub use types::{
    AccessError, Audience, Caller, Effect, Input, LateReport, Lifecycle, Peer, Route, Stored,
};

/// What an operator reads when they write in a switched-off channel (R-CH-5).
pub const CHANNEL_DISABLED_MESSAGE: &str =
    "this channel is switched off: its clients' messages are kept, but nobody can answer until an admin switches it on again (in the channel's settings)";

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

/// The state and rules of one conversation, without IO and without a
/// clock: it takes one [`Input`] at a time and answers with the [`Effect`]s
/// its caller carries out (it never stores, sends nor waits itself). It
/// holds only a small, serializable [`ConversationState`]; what it does not
/// hold, the caller looks up.
///
/// `Conversation` has three kinds of methods:
///
/// - Constructors: [`open`](Self::open) and [`restore`](Self::restore), and
///   [`with_limits`](Self::with_limits) for the deployment's rate limits
///   (not saved: set them again on each restore).
/// - Getters, taking `&self`: [`admit`](Self::admit), [`view`](Self::view),
///   [`summary`](Self::summary), [`state`](Self::state),
///   [`next_deadline`](Self::next_deadline) and the like.
/// - [`handle`](Self::handle), the only one that changes its state: every
///   input goes through it.
///
/// The caller (the worker: its conversation object,
/// `worker/src/conversation.rs`, and the routes that call it) must:
///
/// 1. **Open it once, then restore it.** [`open`](Self::open) it when the
///    conversation starts, from an [`Opening`] that carries the channel's
///    settings as they are then (its automatic actions, bot, response-time
///    limits, CRM settings, whether a personal-data notice must be accepted),
///    and save [`state`](Self::state) at once; whenever it is loaded again,
///    [`restore`](Self::restore) it from the saved state.
/// 2. **Admit before listening.** Before it takes a socket or a visitor's
///    call, ask [`admit`](Self::admit) what the authenticated [`Caller`] is
///    here; the [`Peer`] it answers is the `from` of that socket's inputs.
/// 3. **Look up what the machine needs before each call.** For a `send` or
///    a `note` frame, what the same side stored under its client id
///    ([`Stored`]); for a `send` that names a file, that file as this side
///    stored it; whether the socket already said `hello`; for
///    [`Input::Upload`], the account's rules for files; for
///    [`Input::Consent`], that the key names the channel's notice now (the
///    visitor's route checks it with [`check_consent`]); for
///    [`Input::SupervisorRate`], the channels the rater sees and whom they
///    supervise.
/// 4. **Feed one input at a time, with the time now.** Call
///    [`handle`](Self::handle)`(now, input)`; the machine reads no clock, so
///    `now` is the only time it knows.
/// 5. **Carry out every effect, in the order given.** The machine puts
///    keeping before telling: a message's [`Effect::Store`] and
///    [`Effect::SaveState`] come before the [`Effect::Reply`] that
///    acknowledges it and the [`Effect::Broadcast`] that relays it, so a
///    message is acknowledged only once it is kept (R-D-1).
///    [`Effect::SaveState`] saves [`state`](Self::state) as it is after the
///    call. A broadcast goes only to sockets that were greeted: what a socket
///    missed before comes in its [`Effect::Replay`], in order. The calls to
///    other objects (inboxes, the channel, the account, the ledger, the CRM)
///    may go out later, but must go out: the worker keeps them in an outbox
///    its alarm retries, and the summaries, lifecycles and records they carry
///    are numbered, so the newest wins. [`Effect::AskBot`] is made last, once
///    everything else is stored and sent, and its answer is fed back as
///    [`Input::BotAnswered`]. For a call over HTTP, an error in an
///    [`Effect::Reply`] is the refusal to answer with.
/// 6. **After each call, set the alarm to [`next_deadline`](Self::next_deadline)**,
///    and feed [`Input::Tick`] when it rings. An alarm that rings early or
///    twice does no harm: a tick changes nothing before a deadline or after
///    it was met.
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
            (true, ClientFrame::Relink) => vec![Effect::Relink],
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
mod state;
mod supervisor;
#[cfg(test)]
mod supervisor_tests;
#[cfg(test)]
mod tests;
mod types;
mod views;
mod visit;
#[cfg(test)]
mod visit_tests;

#[cfg(test)]
mod widget_tests;
