//! Messages, private notes (#20) and event lines: stored once, acknowledged, relayed (R-D-1, R-A-1).

use super::{
    bot, Audience, Conversation, Effect, Peer, Stored, MAX_UNREAD, NOTES_ARE_OPERATORS_MESSAGE,
};
use crate::ids::ClientMsgId;
use crate::kpi::ClockInput;
use crate::protocol::{
    error_frame, ChatEvent, ErrorCode, FileRef, Message, ServerFrame, Side, Status, EVENT_MESSAGE,
};
use crate::text::MessageText;
use crate::time::Timestamp;

impl Conversation {
    pub(super) fn send(
        &mut self,
        now: Timestamp,
        from: Peer,
        id: ClientMsgId,
        text: &str,
        file: Option<FileRef>,
        existing: Option<Stored>,
    ) -> Vec<Effect> {
        if let Some(stored) = existing {
            // A resend after a reconnect: same ack, nothing stored twice.
            return vec![Effect::Reply(ServerFrame::Ack {
                id,
                seq: stored.seq,
                at: stored.at,
            })];
        }
        let author = match self.author(&from, Some(&id)) {
            Ok(author) => author,
            Err(refused) => return refused,
        };
        // With a file, the caption may be empty (#21).
        let (text, preview) = match &file {
            Some(f) if text.trim().is_empty() => (String::new(), crate::text::preview(&f.name)),
            _ => match message_text(text, &id) {
                Ok(t) => (t.as_str().to_owned(), t.preview()),
                Err(refused) => return refused,
            },
        };
        let mut effects = Vec::new();
        if from.side() == Side::Visitor && self.state.status == Status::Closed {
            // A new session of the same conversation (R-AA-4).
            effects.extend(self.reopen(now));
        }
        let seq = self.state.last_seq.next();
        let message = Message {
            seq,
            id: id.clone(),
            side: from.side(),
            author,
            text,
            at: now,
            note: false,
            event: None,
            file,
        };
        self.state.advance(seq, preview, now);
        let s = &mut self.state;
        let first_visitor_message = from.side() == Side::Visitor && s.status == Status::New;
        match from.side() {
            Side::Visitor => {
                s.unread.push_back(seq);
                if s.unread.len() > MAX_UNREAD {
                    // The oldest would be read first anyway: the count stays
                    // exact up to the cap and reads "at least the cap" above it.
                    s.unread.pop_front();
                }
                s.visitor_draft = None;
                s.visitor_read = seq;
                if first_visitor_message {
                    s.status = Status::Waiting;
                }
                // The client answered: no timeout (R-AA-5).
                s.timers.timeout = None;
                if s.bot.is_none() && !first_visitor_message {
                    // R-KPI-1, R-KPI-2: the client waits for an answer.
                    effects.extend(self.clock(now, ClockInput::ClientMessage));
                }
                let s = &mut self.state;
                if s.awaiting_client {
                    s.awaiting_client = false;
                    if s.counts_replies {
                        effects.push(self.lifecycle());
                    }
                }
            }
            Side::Operator => {
                // Answering means the operator saw everything before; the
                // visitor is told, since a read mark sent after this reply
                // would change nothing.
                if s.operator_read.0 + 1 < seq.0 {
                    effects.push(Effect::Broadcast {
                        to: Audience::Visitors,
                        frame: ServerFrame::Read {
                            side: Side::Operator,
                            seq,
                        },
                    });
                }
                s.operator_read = seq;
                s.unread.clear();
                effects.extend(self.clock(now, ClockInput::OperatorReply));
                let s = &mut self.state;
                s.timers.timeout = s
                    .opening
                    .automation
                    .timeout
                    .as_ref()
                    .map(|(ms, _)| now.plus_ms(*ms));
                if !(s.answered && s.awaiting_client) {
                    let first = !s.answered;
                    s.answered = true;
                    s.awaiting_client = true;
                    if first || s.counts_replies {
                        effects.push(self.lifecycle());
                    }
                }
            }
            Side::System => {}
        }
        // Visitors see an operator's message under their card (R-A-1).
        let shown_author = (from.side() == Side::Operator).then(|| self.shown_author());
        effects.push(Effect::Store {
            message: message.clone(),
            shown_author: shown_author.clone(),
        });
        effects.push(Effect::SaveState);
        effects.push(Effect::Reply(ServerFrame::Ack { id, seq, at: now }));
        // The bot reads a file's caption, or its name, and gets the file
        // (#21).
        let asked = match &message.file {
            Some(f) if message.text.is_empty() => f.name.clone(),
            _ => message.text.clone(),
        };
        let asked_file = message.file.clone();
        relay(message, shown_author, &mut effects);
        if first_visitor_message {
            effects.extend(self.greet(now));
            if self.state.opening.bot.is_some() {
                // R-BOT-1: the bot is the first line; the queue waits.
                self.state.bot = Some(bot::BotHold::default());
            } else {
                effects.extend(self.enter_queue(now));
            }
            effects.push(Effect::Sight(self.sighting(now)));
        }
        if from.side() == Side::Visitor {
            effects.extend(self.ask_bot(now, seq, &asked, asked_file));
        }
        if self.state.status != Status::New {
            effects.push(self.notify());
        }
        effects
    }

    /// A private note (#20): stored once per client id like a message, for
    /// operators only. It is not an answer (R-KPI), and leaves the status,
    /// the unread count, the read marks, the timers and the channel's
    /// lifecycle as they were; the inbox's preview reads "Note: …".
    pub(super) fn note(
        &mut self,
        now: Timestamp,
        from: Peer,
        id: ClientMsgId,
        text: &str,
        existing: Option<Stored>,
    ) -> Vec<Effect> {
        let author = match &from {
            Peer::Visitor => {
                return vec![Effect::Reply(error_frame(
                    ErrorCode::Forbidden,
                    NOTES_ARE_OPERATORS_MESSAGE,
                    Some(id),
                ))]
            }
            Peer::Operator(op) | Peer::Supervisor(op) => op.name.clone(),
        };
        if let Some(stored) = existing {
            return vec![Effect::Reply(ServerFrame::Ack {
                id,
                seq: stored.seq,
                at: stored.at,
            })];
        }
        let text = match message_text(text, &id) {
            Ok(t) => t,
            Err(refused) => return refused,
        };
        let seq = self.state.last_seq.next();
        let message = Message {
            seq,
            id: id.clone(),
            side: Side::Operator,
            author,
            text: text.as_str().to_owned(),
            at: now,
            note: true,
            event: None,
            file: None,
        };
        let preview = crate::text::preview(&format!("Note: {}", text.as_str()));
        self.state.advance(seq, preview, now);
        vec![
            Effect::Store {
                message: message.clone(),
                shown_author: None,
            },
            Effect::SaveState,
            Effect::Reply(ServerFrame::Ack { id, seq, at: now }),
            Effect::Broadcast {
                to: Audience::Operators,
                frame: ServerFrame::Message { message },
            },
            self.notify(),
        ]
    }

    /// An event line (#20): stored and sent like the channel's messages,
    /// so it replays in order, but no answer, no unread message, and
    /// nothing for the bot or a connector; the preview stays the last
    /// message's. `shown` is the author visitors see instead (R-A-1).
    pub(super) fn event(
        &mut self,
        now: Timestamp,
        event: ChatEvent,
        author: String,
        shown: Option<String>,
    ) -> Vec<Effect> {
        let seq = self.state.last_seq.next();
        let Ok(id) = ClientMsgId::parse(&format!("{EVENT_MESSAGE}-{}", seq.0)) else {
            return Vec::new();
        };
        self.state.last_seq = seq;
        let message = Message {
            seq,
            id,
            side: Side::System,
            author,
            text: String::new(),
            at: now,
            note: false,
            event: Some(event),
            file: None,
        };
        let mut effects = vec![
            Effect::Store {
                message: message.clone(),
                shown_author: shown.clone(),
            },
            Effect::SaveState,
        ];
        relay(message, shown, &mut effects);
        effects
    }

    /// The author visitors see on the operator's messages: the card's name,
    /// or nothing when the channel hides operators (R-A-1).
    pub(super) fn shown_author(&self) -> String {
        self.state
            .card
            .as_ref()
            .map(|c| c.name.clone())
            .unwrap_or_default()
    }
}

/// `text` as a message's text, or the effects that refuse it (an error
/// naming message `id`, so the client drops it from its outbox).
fn message_text(text: &str, id: &ClientMsgId) -> Result<MessageText, Vec<Effect>> {
    MessageText::parse(text).map_err(|e| {
        let code = match e {
            crate::text::TextError::TooLong { .. } => ErrorCode::TooLarge,
            _ => ErrorCode::Invalid,
        };
        vec![Effect::Reply(error_frame(
            code,
            e.to_string(),
            Some(id.clone()),
        ))]
    })
}

/// Sends a stored message to every socket: as it is to operators, and with
/// `shown_author` (the card's name, or empty when the channel hides
/// operators, R-A-1) to the visitor when that differs.
fn relay(message: Message, shown_author: Option<String>, effects: &mut Vec<Effect>) {
    match shown_author {
        Some(author) => {
            let seen = Message {
                author,
                ..message.clone()
            };
            effects.push(Effect::Broadcast {
                to: Audience::Operators,
                frame: ServerFrame::Message { message },
            });
            effects.push(Effect::Broadcast {
                to: Audience::Visitors,
                frame: ServerFrame::Message { message: seen },
            });
        }
        None => effects.push(Effect::Broadcast {
            to: Audience::Everyone,
            frame: ServerFrame::Message { message },
        }),
    }
}
