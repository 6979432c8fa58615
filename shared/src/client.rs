//! The client half of the delivery protocol, shared by the widget, the
//! console and the test clients (R-D-1).
//!
//! A [`ClientSession`] keeps the outbox of messages not yet acknowledged, the
//! history received so far and the other side's read mark. On every (re)connect
//! it says `Hello` with the last sequence number it holds and resends the
//! outbox; the server acknowledges each message once, whatever the number of
//! resends. The outbox is plain data so a page can save it and resend after a
//! reload.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::ids::{ClientMsgId, Seq};
use crate::protocol::{ClientFrame, ErrorCode, Message, ServerFrame, Side, PROTOCOL_VERSION};
use crate::time::Timestamp;

/// A message written here and not yet acknowledged.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pending {
    /// Its client id (the idempotency key).
    pub id: ClientMsgId,
    /// Its text.
    pub text: String,
    /// When it was written (client clock, for display only).
    pub written: Timestamp,
    /// A private note of the operators (#20), sent as [`ClientFrame::Note`].
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub note: bool,
    /// The id of the file it carries (#21), stored already (`PUT
    /// /api/files`); the text is then its caption, which may be empty. The
    /// timeline shows the file once the server has the message.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<ClientMsgId>,
}

impl Pending {
    /// The frame that sends it.
    fn frame(&self) -> ClientFrame {
        let (id, text) = (self.id.clone(), self.text.clone());
        match self.note {
            true => ClientFrame::Note { id, text },
            false => ClientFrame::Send {
                id,
                text,
                file: self.file.clone(),
            },
        }
    }
}

/// Delivery state of a line in the timeline (R-W-3).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Delivery {
    /// In the outbox: not acknowledged yet.
    Sending,
    /// Stored by the server.
    Sent,
    /// The other side has read it.
    Seen,
}

/// One line of the timeline, as a view renders it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Line {
    /// The message (for pending ones: `seq` 0, the author is this side).
    pub message: Message,
    /// Whether this side wrote it.
    pub mine: bool,
    /// Its delivery state (meaningful for `mine` lines).
    pub delivery: Delivery,
}

/// Client-side state of one conversation socket.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClientSession {
    side: Side,
    history: BTreeMap<Seq, Message>,
    outbox: Vec<Pending>,
    other_read: Seq,
    held: bool,
}

impl ClientSession {
    /// A session for `side`, with an outbox restored from storage.
    pub fn new(side: Side, outbox: Vec<Pending>) -> Self {
        Self {
            side,
            history: BTreeMap::new(),
            outbox,
            other_read: Seq(0),
            held: false,
        }
    }

    /// The frames to send when a socket opens: `Hello` from
    /// [`ClientSession::resume_after`], then every unacknowledged message,
    /// oldest first.
    pub fn on_open(&self) -> Vec<ClientFrame> {
        let mut frames = vec![ClientFrame::Hello {
            version: PROTOCOL_VERSION,
            after: self.resume_after(),
        }];
        frames.extend(self.unacknowledged());
        frames
    }

    fn unacknowledged(&self) -> impl Iterator<Item = ClientFrame> + '_ {
        self.outbox.iter().map(Pending::frame)
    }

    /// Whether the server asked to slow down (a `too_many` refusal of a
    /// message): new messages wait in the outbox, unsent, until
    /// [`ClientSession::release`] at the time the refusal named.
    pub fn held(&self) -> bool {
        self.held
    }

    /// Ends a hold: the frames to send now, every unacknowledged message
    /// oldest first, so that their order is kept.
    pub fn release(&mut self) -> Vec<ClientFrame> {
        self.held = false;
        self.unacknowledged().collect()
    }

    /// Puts a new message in the outbox; returns the frame to send now (if
    /// the socket is open).
    pub fn compose(&mut self, id: ClientMsgId, text: String, now: Timestamp) -> ClientFrame {
        self.queue(Pending {
            id,
            text,
            written: now,
            note: false,
            file: None,
        })
    }

    /// Puts a new message that carries file `file`, stored already, in the
    /// outbox, with `caption` (which may be empty); returns the frame to
    /// send now (if the socket is open).
    pub fn compose_file(
        &mut self,
        id: ClientMsgId,
        caption: String,
        file: ClientMsgId,
        now: Timestamp,
    ) -> ClientFrame {
        self.queue(Pending {
            id,
            text: caption,
            written: now,
            note: false,
            file: Some(file),
        })
    }

    /// Puts a new private note in the outbox (operators, #20); returns the
    /// frame to send now (if the socket is open).
    pub fn compose_note(&mut self, id: ClientMsgId, text: String, now: Timestamp) -> ClientFrame {
        self.queue(Pending {
            id,
            text,
            written: now,
            note: true,
            file: None,
        })
    }

    fn queue(&mut self, pending: Pending) -> ClientFrame {
        let frame = pending.frame();
        self.outbox.push(pending);
        frame
    }

    /// Drops a message from the outbox that the server refused for good (an
    /// error frame that names it); returns it so the view can show why.
    pub fn reject(&mut self, id: &ClientMsgId) -> Option<Pending> {
        let i = self.outbox.iter().position(|p| &p.id == id)?;
        Some(self.outbox.remove(i))
    }

    /// Applies a frame from the server. Returns whether the timeline changed.
    pub fn receive(&mut self, frame: &ServerFrame) -> bool {
        match frame {
            ServerFrame::Message { message } => {
                let before = self.outbox.len();
                self.outbox
                    .retain(|p| !(p.id == message.id && message.side == self.side));
                // A message that comes again may carry a fresh link to its
                // file (`Relink`): it replaces the one held.
                let old = self.history.insert(message.seq, message.clone());
                old.as_ref() != Some(message) || before != self.outbox.len()
            }
            ServerFrame::Ack { id, .. } => {
                // The message itself follows (or came) as a `Message` frame;
                // until then it stays visible as pending.
                let acked = self.outbox.iter().any(|p| &p.id == id);
                if acked
                    && self
                        .history
                        .values()
                        .any(|m| &m.id == id && m.side == self.side)
                {
                    self.outbox.retain(|p| &p.id != id);
                }
                acked
            }
            ServerFrame::Read { side, seq } if *side != self.side => {
                let changed = *seq > self.other_read;
                self.other_read = self.other_read.max(*seq);
                changed
            }
            ServerFrame::Error {
                code: ErrorCode::TooMany,
                id: Some(id),
                ..
            } => {
                // Kept in the outbox and sent again on release (R-S-3).
                self.held |= self.outbox.iter().any(|p| &p.id == id);
                false
            }
            ServerFrame::Welcome { conversation, .. } => {
                let other = match self.side {
                    Side::Visitor | Side::System => conversation.operator_read,
                    Side::Operator => conversation.visitor_read,
                };
                self.other_read = self.other_read.max(other);
                true
            }
            _ => false,
        }
    }

    /// Whether a message held carries a file, whose link expires (#21).
    pub fn holds_files(&self) -> bool {
        self.history.values().any(|m| m.file.is_some())
    }

    /// The highest sequence number held.
    pub fn last_seq(&self) -> Seq {
        self.history.keys().next_back().copied().unwrap_or_default()
    }

    /// Where to resume: the highest sequence number up to which every
    /// message is held. Numbers are dense, so a gap (a socket that dropped
    /// between a live message and the replay before it) is asked for again
    /// instead of being kept for good.
    pub fn resume_after(&self) -> Seq {
        let mut after = Seq(0);
        for seq in self.history.keys() {
            if *seq != after.next() {
                break;
            }
            after = *seq;
        }
        after
    }

    /// Messages not yet acknowledged, oldest first (save them to survive a reload).
    pub fn outbox(&self) -> &[Pending] {
        &self.outbox
    }

    /// The stored messages, in order.
    pub fn history(&self) -> impl Iterator<Item = &Message> {
        self.history.values()
    }

    /// Everything to show: stored messages in order, then pending ones.
    pub fn timeline(&self) -> Vec<Line> {
        let mut lines: Vec<Line> = self
            .history
            .values()
            .map(|m| {
                let mine = m.side == self.side;
                // Nobody on the other side reads a note (#20).
                let delivery = if mine && !m.note && m.seq <= self.other_read {
                    Delivery::Seen
                } else {
                    Delivery::Sent
                };
                Line {
                    message: m.clone(),
                    mine,
                    delivery,
                }
            })
            .collect();
        lines.extend(self.outbox.iter().map(|p| Line {
            message: Message {
                seq: Seq(0),
                id: p.id.clone(),
                side: self.side,
                author: String::new(),
                text: p.text.clone(),
                at: p.written,
                note: p.note,
                event: None,
                file: None,
            },
            mine: true,
            delivery: Delivery::Sending,
        }));
        lines
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::limits::{Kind, Refused};

    fn id(s: &str) -> ClientMsgId {
        ClientMsgId::parse(s).unwrap()
    }

    // #21: a message that comes again with a fresh link to its file
    // replaces the one held, and the timeline says it changed; the same
    // message again changes nothing.
    #[test]
    fn a_message_again_with_a_fresh_link_replaces_the_one_held() {
        use crate::protocol::FileRef;
        let mut c = ClientSession::new(Side::Operator, Vec::new());
        let with_link = |url: &str| ServerFrame::Message {
            message: Message {
                seq: Seq(1),
                id: id("m1"),
                side: Side::Visitor,
                author: "Visitor".into(),
                text: String::new(),
                at: Timestamp(1),
                note: false,
                event: None,
                file: Some(FileRef {
                    id: id("f1"),
                    side: Side::Visitor,
                    name: "tela.png".into(),
                    size: 10,
                    mime: "image/png".into(),
                    width: Some(1),
                    height: Some(1),
                    url: Some(url.into()),
                }),
            },
        };
        assert!(!c.holds_files());
        assert!(c.receive(&with_link("/old")));
        assert!(c.holds_files());
        assert!(!c.receive(&with_link("/old")), "the same message again");
        assert!(c.receive(&with_link("/fresh")), "a fresh link");
        let urls: Vec<_> = c
            .history()
            .filter_map(|m| m.file.as_ref()?.url.clone())
            .collect();
        assert_eq!(urls, ["/fresh"]);
    }

    // R-S-3: a message refused for the rate stays, and goes again in order.
    #[test]
    fn a_message_refused_for_the_rate_is_held_and_sent_again_in_order() {
        let mut c = ClientSession::new(Side::Visitor, Vec::new());
        c.compose(id("a"), "first".into(), Timestamp(1));
        c.compose(id("b"), "second".into(), Timestamp(2));
        let refused = Refused {
            kind: Kind::Message,
            retry_ms: 800,
        };
        assert!(!c.held());
        c.receive(&refused.frame(Some(id("a"))));
        assert!(c.held());
        assert_eq!(c.outbox().len(), 2, "nothing dropped");
        let again: Vec<ClientMsgId> = c
            .release()
            .into_iter()
            .filter_map(|f| match f {
                ClientFrame::Send { id, .. } => Some(id),
                _ => None,
            })
            .collect();
        assert_eq!(again, vec![id("a"), id("b")]);
        assert!(!c.held());
        // A refusal of a message this client no longer holds changes nothing.
        c.receive(&refused.frame(Some(id("zzz"))));
        assert!(!c.held());
    }

    // #21: a message with a file is resent with its file after a
    // reconnect or a reload (the outbox is saved as JSON).
    #[test]
    fn a_message_with_a_file_keeps_its_file_until_acknowledged() {
        let mut c = ClientSession::new(Side::Operator, Vec::new());
        let sent = c.compose_file(id("a"), String::new(), id("f1"), Timestamp(1));
        let expected = ClientFrame::Send {
            id: id("a"),
            text: String::new(),
            file: Some(id("f1")),
        };
        assert_eq!(sent, expected);
        let saved = serde_json::to_string(c.outbox()).unwrap();
        let c = ClientSession::new(Side::Operator, serde_json::from_str(&saved).unwrap());
        assert_eq!(c.on_open()[1], expected);
    }

    fn message(seq: u64) -> ServerFrame {
        ServerFrame::Message {
            message: Message {
                seq: Seq(seq),
                id: id(&format!("m{seq}")),
                side: Side::Operator,
                author: "Ana".into(),
                text: format!("message {seq}"),
                at: Timestamp(seq as i64),
                note: false,
                event: None,
                file: None,
            },
        }
    }

    fn hello_after(c: &ClientSession) -> Seq {
        match c.on_open().first() {
            Some(ClientFrame::Hello { after, .. }) => *after,
            other => panic!("a socket opens with hello, not {other:?}"),
        }
    }

    // R-D-1: a socket that dropped after a live message but before the
    // replay of the ones before it asks for the gap again on reconnect.
    #[test]
    fn a_reconnect_resumes_after_the_last_message_with_none_missing_before_it() {
        let mut c = ClientSession::new(Side::Visitor, Vec::new());
        assert_eq!(hello_after(&c), Seq(0));
        c.receive(&message(1));
        c.receive(&message(2));
        c.receive(&message(5));
        assert_eq!(c.last_seq(), Seq(5));
        assert_eq!(hello_after(&c), Seq(2), "3 and 4 are asked for again");
        c.receive(&message(3));
        c.receive(&message(4));
        assert_eq!(hello_after(&c), Seq(5));
        // The replay of what it held already changes nothing.
        assert!(!c.receive(&message(4)));
        assert_eq!(c.history().count(), 5);
    }
}
