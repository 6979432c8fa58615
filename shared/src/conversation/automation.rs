//! The conversation's automatic actions and its end: greeting (R-AA-1),
//! out-of-hours reply (R-WH-2), no-answer reply (R-AA-2), timeout (R-AA-5),
//! closing and the rating (R-AA-4, R-QA-1, R-QA-2). Timed by
//! [`Conversation::next_deadline`]; the object's alarm sends
//! [`super::Input::Tick`].

use super::{Audience, Conversation, Effect, ALREADY_RATED_MESSAGE};
use crate::ids::ClientMsgId;
use crate::kpi::ClockInput;
use crate::protocol::{
    error_frame, ChatEvent, ErrorCode, Message, OperatorInfo, Rating, ServerFrame, Side, Status,
};
use crate::text::{preview, MessageText};
use crate::time::Timestamp;

impl Conversation {
    /// When to send the next [`super::Input::Tick`], if anything is timed.
    pub fn next_deadline(&self) -> Option<Timestamp> {
        let t = &self.state.timers;
        let bot = self.state.bot.as_ref().and_then(|b| b.due);
        [
            t.no_answer,
            t.timeout,
            t.rating_until,
            bot,
            self.kpi_deadline(),
        ]
        .into_iter()
        .flatten()
        .min()
    }

    /// Whether the visitor may rate now: closed, and the session not yet
    /// over — or over at once (wait 0), when a later rating is still taken.
    pub(super) fn rating_open(&self) -> bool {
        let s = &self.state;
        s.status == Status::Closed
            && (s.timers.rating_until.is_some() || s.opening.automation.rating.wait_ms == 0)
    }

    /// A session starts (the first visitor message, or one after closing):
    /// the greeting (R-AA-1).
    pub(super) fn greet(&mut self, now: Timestamp) -> Vec<Effect> {
        match self.state.opening.automation.greeting.clone() {
            Some(text) => self.system_message(now, &text),
            None => Vec::new(),
        }
    }

    /// The session enters the queue (at its start, or when the bot hands it
    /// over): the out-of-hours reply, the no-answer timer, and the channel
    /// is told it waits for an operator.
    pub(super) fn enter_queue(&mut self, now: Timestamp) -> Vec<Effect> {
        let a = self.state.opening.automation.clone();
        let mut effects = Vec::new();
        if a.hours.as_ref().is_some_and(|h| !h.is_open(now)) {
            effects.extend(self.away_reply(now));
        }
        self.state.timers.no_answer = a.no_answer.map(|(ms, _)| now.plus_ms(ms));
        // R-KPI-1: the client waits for an operator from now.
        effects.extend(self.clock(now, ClockInput::ClientMessage));
        let lifecycle = self.lifecycle_now();
        let o = &self.state.opening;
        let preferred = o
            .client
            .as_ref()
            .filter(|_| o.crm.route_to_responsible)
            .and_then(|c| c.responsible.clone());
        effects.push(Effect::Register {
            summary: self.summary(),
            preferred,
            lifecycle,
        });
        effects
    }

    /// The out-of-hours reply, once per session (R-WH-2, R-AA-3): out of
    /// working hours, or when the channel finds no operator online.
    pub(super) fn away_reply(&mut self, now: Timestamp) -> Vec<Effect> {
        let text = self.state.opening.automation.out_of_hours.clone();
        match text {
            Some(text) if !self.state.away_reply_sent && self.state.status == Status::Waiting => {
                self.state.away_reply_sent = true;
                self.system_message(now, &text)
            }
            _ => Vec::new(),
        }
    }

    /// Stores and relays a message from the channel itself.
    fn system_message(&mut self, now: Timestamp, text: &str) -> Vec<Effect> {
        let author = self.state.opening.channel.name.clone();
        self.channel_message(now, crate::protocol::AUTO_MESSAGE, author, text)
    }

    /// Stores and relays a message of the channel's own (an automatic one,
    /// or its bot's), with an id made of `prefix` and its number.
    pub(super) fn channel_message(
        &mut self,
        now: Timestamp,
        prefix: &str,
        author: String,
        text: &str,
    ) -> Vec<Effect> {
        let Ok(text) = MessageText::parse(text) else {
            return Vec::new();
        };
        let seq = self.state.last_seq.next();
        let Ok(id) = ClientMsgId::parse(&format!("{prefix}-{}", seq.0)) else {
            return Vec::new();
        };
        let message = Message {
            seq,
            id,
            side: Side::System,
            author,
            text: text.as_str().to_owned(),
            at: now,
            note: false,
            event: None,
            file: None,
        };
        self.state.advance(seq, preview(text.as_str()), now);
        vec![
            Effect::Store {
                message: message.clone(),
                shown_author: None,
            },
            Effect::SaveState,
            Effect::Broadcast {
                to: Audience::Everyone,
                frame: ServerFrame::Message { message },
            },
        ]
    }

    /// The timers that are due (late or repeated ticks change nothing).
    pub(super) fn tick(&mut self, now: Timestamp) -> Vec<Effect> {
        let mut effects = Vec::new();
        let t = self.state.timers.clone();
        if t.no_answer.is_some_and(|at| at <= now) {
            self.state.timers.no_answer = None;
            effects.push(Effect::SaveState);
            let text = self.state.opening.automation.no_answer.clone();
            if let (Status::Waiting, Some((_, text))) = (self.state.status, text) {
                // R-AA-2: the reply, and it stays in the queue.
                effects.extend(self.system_message(now, &text));
                effects.push(self.notify());
            }
        }
        if t.timeout.is_some_and(|at| at <= now) {
            self.state.timers.timeout = None;
            effects.push(Effect::SaveState);
            if self.state.status == Status::Active {
                // R-AA-5: the text if set, then close.
                if let Some((_, Some(text))) = self.state.opening.automation.timeout.clone() {
                    effects.extend(self.system_message(now, &text));
                }
                effects.extend(self.close(now));
            }
        }
        if t.rating_until.is_some_and(|at| at <= now) {
            effects.extend(self.finish());
        }
        effects.extend(self.bot_tick(now));
        let late = self.clock(now, ClockInput::Tick);
        if !late.is_empty() {
            effects.push(Effect::SaveState);
            effects.extend(late);
        }
        effects
    }

    /// The assigned operator closes the conversation.
    pub(super) fn close_by(&mut self, now: Timestamp, op: &OperatorInfo) -> Vec<Effect> {
        let refuse = |message: &str| {
            vec![Effect::Reply(error_frame(
                ErrorCode::Forbidden,
                message,
                None,
            ))]
        };
        match &self.state.operator {
            _ if self.state.status == Status::Closed => {
                refuse("this conversation is already closed")
            }
            Some(o) if o.id == op.id => self.close(now),
            Some(o) => refuse(&format!(
                "{} answers this conversation; only they close it",
                o.name
            )),
            None => refuse("accept this conversation before closing it"),
        }
    }

    /// Closes: the visitor is asked to rate (R-QA-1); the session ends now
    /// (wait 0) or when the rating or the end of the wait comes (R-AA-4).
    fn close(&mut self, now: Timestamp) -> Vec<Effect> {
        let wait = self.state.opening.automation.rating.wait_ms;
        let s = &mut self.state;
        s.status = Status::Closed;
        s.timers.no_answer = None;
        s.timers.timeout = None;
        s.timers.rating_until = (wait > 0).then(|| now.plus_ms(wait));
        s.finished = wait == 0;
        // Each close asks for a rating of its own (only a session a rating
        // reopened still holds one).
        s.rating = None;
        s.visitor_draft = None;
        self.clock(now, ClockInput::Closed);
        let lifecycle = self.lifecycle();
        let mut effects = self.event(now, ChatEvent::Closed, String::new(), None);
        effects.extend([
            Effect::SaveState,
            Effect::Broadcast {
                to: Audience::Everyone,
                frame: ServerFrame::Status {
                    status: Status::Closed,
                    rating_open: self.rating_open(),
                },
            },
            lifecycle,
            self.notify(),
        ]);
        effects
    }

    /// The wait for the rating is over: the session ends.
    fn finish(&mut self) -> Vec<Effect> {
        let s = &mut self.state;
        if s.finished {
            return Vec::new();
        }
        s.finished = true;
        s.timers.rating_until = None;
        let lifecycle = self.lifecycle();
        vec![
            Effect::SaveState,
            Effect::Broadcast {
                to: Audience::Everyone,
                frame: ServerFrame::Status {
                    status: Status::Closed,
                    rating_open: self.rating_open(),
                },
            },
            lifecycle,
        ]
    }

    /// The visitor's rating (R-QA-1), one per session: a second one is
    /// refused, never taken over the first. With "close when rated" the
    /// session ends on it (R-QA-2); one that comes after the session ended
    /// at once (wait 0) reopens it (R-AA-4).
    pub(super) fn rate(&mut self, now: Timestamp, rating: Rating) -> Vec<Effect> {
        if self.state.rating.is_some() {
            return vec![Effect::Reply(error_frame(
                ErrorCode::AlreadyRated,
                ALREADY_RATED_MESSAGE,
                None,
            ))];
        }
        if !self.rating_open() {
            return vec![Effect::Reply(error_frame(
                ErrorCode::Forbidden,
                "this conversation cannot be rated now",
                None,
            ))];
        }
        let rating = match rating.cleaned() {
            Ok(r) => r,
            Err(message) => {
                return vec![Effect::Reply(error_frame(
                    ErrorCode::TooLarge,
                    message,
                    None,
                ))]
            }
        };
        self.state.rating = Some(rating.clone());
        let mut effects = vec![
            Effect::SaveState,
            Effect::Broadcast {
                to: Audience::Everyone,
                frame: ServerFrame::Rated { rating },
            },
        ];
        if self.state.finished {
            // Closed at once, rated later: the session opens again.
            effects.extend(self.reopen_on_rating(now));
            return effects;
        }
        if self.state.opening.automation.rating.close_on_rating {
            effects.extend(self.finish());
        }
        effects.push(self.notify());
        effects
    }

    /// R-AA-4 "close at once (a later rating then reopens the session)":
    /// the conversation goes back to the queue as if the visitor wrote
    /// again. A rating is not a message, so there is no greeting and no bot
    /// (it speaks of the operators' work); the rating stays with the session
    /// it reopened, for the operators and the ledger, until the next close
    /// asks for a new one.
    fn reopen_on_rating(&mut self, now: Timestamp) -> Vec<Effect> {
        let rating = self.state.rating.take();
        let mut effects = self.reopen(now);
        self.state.rating = rating;
        self.state.status = Status::Waiting;
        effects.push(Effect::Broadcast {
            to: Audience::Everyone,
            frame: ServerFrame::Status {
                status: Status::Waiting,
                rating_open: false,
            },
        });
        effects.extend(self.enter_queue(now));
        effects.push(self.notify());
        effects
    }

    /// A visitor message after closing opens a new session: back to the
    /// queue (the caller registers it again), greeted again; an event line
    /// says so (#20).
    pub(super) fn reopen(&mut self, now: Timestamp) -> Vec<Effect> {
        let mut effects = self.finish();
        let s = &mut self.state;
        let previous = s.operator.take();
        s.card = None;
        s.status = Status::New;
        s.offered.clear();
        s.answered = false;
        s.awaiting_client = false;
        s.finished = false;
        s.rating = None;
        s.supervisor_rating = None;
        s.away_reply_sent = false;
        s.timers = Default::default();
        s.bot = None;
        self.clock(Timestamp(0), ClockInput::NewSession);
        effects.push(Effect::Broadcast {
            to: Audience::Everyone,
            frame: ServerFrame::Assigned {
                operator: None,
                card: None,
            },
        });
        if let Some(op) = previous {
            // Their inbox drops the old session.
            self.state.rev += 1;
            effects.push(Effect::Notify {
                to: vec![op.id],
                summary: self.summary(),
            });
        }
        effects.extend(self.event(now, ChatEvent::Reopened, String::new(), None));
        effects
    }
}
