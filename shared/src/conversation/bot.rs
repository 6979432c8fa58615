//! The chat bot's hold on a session (R-BOT-1): every client message goes to
//! the bot first; its replies are the channel's messages under its name;
//! when it hands over (or fails, or is too slow) the session enters the
//! queue, and when it closes, the session ends without an operator.

use serde::{Deserialize, Serialize};

use super::{Audience, Conversation, Effect};
use crate::bot::{BotAction, BotAnswer, BotQuestion, BotRequest, ANSWER_WAIT_MS};
use crate::ids::Seq;
use crate::protocol::{ChatEvent, FileRef, ServerFrame, Status};
use crate::time::Timestamp;

/// A session the bot holds.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(super) struct BotHold {
    /// The newest client message the bot was asked about.
    pending: Option<Seq>,
    /// When the session goes to the queue if the bot has not answered it.
    pub(super) due: Option<Timestamp>,
}

impl Conversation {
    /// Whether the bot holds this session: no operator is offered it.
    pub fn bot_holds(&self) -> bool {
        self.state.bot.is_some()
    }

    /// Asks the bot about the client's message `seq`, if it holds the session.
    pub(super) fn ask_bot(
        &mut self,
        now: Timestamp,
        seq: Seq,
        text: &str,
        file: Option<FileRef>,
    ) -> Vec<Effect> {
        let (Some(hold), Some(bot)) = (self.state.bot.as_mut(), &self.state.opening.bot) else {
            return Vec::new();
        };
        hold.pending = Some(seq);
        hold.due = Some(now.plus_ms(ANSWER_WAIT_MS));
        let o = &self.state.opening;
        vec![
            Effect::SaveState,
            Effect::AskBot {
                bot: bot.clone(),
                seq,
                request: BotRequest::Message {
                    conversation: o.id.clone(),
                    channel: o.channel.id.clone(),
                    client: o.visitor_name.clone(),
                    lang: bot.lang.clone(),
                    message: BotQuestion {
                        seq,
                        text: text.to_owned(),
                        at: now,
                        file: None,
                    },
                },
                file,
            },
        ]
    }

    /// The bot's answer: its replies, then what it does. An answer that
    /// comes after the session left the bot changes nothing; a failed call
    /// hands the session over, so the client is never left alone.
    pub(super) fn bot_answered(
        &mut self,
        now: Timestamp,
        seq: Seq,
        answer: Result<BotAnswer, String>,
    ) -> Vec<Effect> {
        let (Some(hold), Some(bot)) = (self.state.bot.as_mut(), self.state.opening.bot.clone())
        else {
            return Vec::new();
        };
        let answer = match answer {
            Ok(a) => a,
            Err(_) => return self.hand_over(now, Some(&bot.handover_text)),
        };
        if hold.pending == Some(seq) {
            hold.pending = None;
            hold.due = None;
        }
        let mut effects = vec![Effect::SaveState];
        for reply in &answer.replies {
            effects.extend(self.channel_message(
                now,
                crate::protocol::BOT_MESSAGE,
                bot.bot.name.clone(),
                reply,
            ));
        }
        match answer.action {
            BotAction::Continue => {}
            BotAction::Handover => effects.extend(self.hand_over(now, None)),
            BotAction::Close => effects.extend(self.bot_close(now)),
        }
        effects
    }

    /// The bot did not answer in time: the session goes to the queue.
    pub(super) fn bot_tick(&mut self, now: Timestamp) -> Vec<Effect> {
        let due = self.state.bot.as_ref().and_then(|h| h.due);
        match (due, self.state.opening.bot.clone()) {
            (Some(at), Some(bot)) if at <= now => self.hand_over(now, Some(&bot.handover_text)),
            _ => Vec::new(),
        }
    }

    /// The bot lets go: `say` this, then the session enters the queue and
    /// routing starts as usual.
    fn hand_over(&mut self, now: Timestamp, say: Option<&str>) -> Vec<Effect> {
        if self.state.bot.take().is_none() {
            return Vec::new();
        }
        let mut effects = vec![Effect::SaveState];
        if let (Some(text), Some(bot)) = (say, self.state.opening.bot.clone()) {
            effects.extend(self.channel_message(
                now,
                crate::protocol::BOT_MESSAGE,
                bot.bot.name,
                text,
            ));
        }
        effects.extend(self.event(now, ChatEvent::HandedOver, String::new(), None));
        effects.extend(self.enter_queue(now));
        effects
    }

    /// The bot closes the session: it ends at once, with no operator and
    /// nothing for the channel's router, which never had it.
    fn bot_close(&mut self, now: Timestamp) -> Vec<Effect> {
        self.state.bot = None;
        let s = &mut self.state;
        s.status = Status::Closed;
        s.timers = Default::default();
        s.finished = true;
        s.visitor_draft = None;
        let mut effects = self.event(now, ChatEvent::Closed, String::new(), None);
        effects.push(Effect::Broadcast {
            to: Audience::Everyone,
            frame: ServerFrame::Status {
                status: Status::Closed,
                rating_open: self.rating_open(),
            },
        });
        effects
    }
}
