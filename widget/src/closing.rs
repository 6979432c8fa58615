//! The end of a conversation as the visitor sees it (R-QA-1): closed, asked
//! to rate, thanked — and opened again by their next message.
//!
//! Plain state fed with the server's frames, like
//! [`canal_shared::client::ClientSession`]; [`crate::chat`] shows its
//! [`Ending`].

use canal_shared::ids::Seq;
use canal_shared::protocol::{
    ClientFrame, Rating, ServerFrame, Side, Status, Verdict, MAX_COMMENT_CHARS,
};

/// What the end of the message list shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Ending {
    /// Nothing: the conversation is open.
    #[default]
    Open,
    /// That it is closed (and can no longer be rated).
    Closed,
    /// That it is closed, and the rating form.
    Asked {
        /// Like or Dislike, once pressed.
        choice: Option<Verdict>,
        /// The rating is on its way.
        sending: bool,
    },
    /// That it is closed, and thanks for the stored rating.
    Thanked,
}

/// Whether the conversation is closed and where its rating stands.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Closing {
    closed: bool,
    rating_open: bool,
    rated: bool,
    choice: Option<Verdict>,
    /// Sent and not answered yet; sent again on the next socket.
    sent: Option<Rating>,
    /// `last_seq` of the last `Welcome`: later messages are live, not replayed.
    live_after: Seq,
}

impl Closing {
    /// What to show.
    pub fn ending(&self) -> Ending {
        match self {
            Closing { closed: false, .. } => Ending::Open,
            Closing { rated: true, .. } => Ending::Thanked,
            Closing {
                rating_open: false, ..
            } => Ending::Closed,
            Closing { choice, sent, .. } => Ending::Asked {
                choice: *choice,
                sending: sent.is_some(),
            },
        }
    }

    /// The visitor presses Like or Dislike, which sends the rating with
    /// `comment` (one click, whether or not they wrote one): the frame to
    /// send, or `None` if there is nothing to send now (not asked, already
    /// sending). The comment is trimmed and cut to [`MAX_COMMENT_CHARS`]; a
    /// blank one is none.
    pub fn send(&mut self, verdict: Verdict, comment: &str) -> Option<ClientFrame> {
        let Ending::Asked { sending: false, .. } = self.ending() else {
            return None;
        };
        self.choice = Some(verdict);
        let comment: String = comment.trim().chars().take(MAX_COMMENT_CHARS).collect();
        let rating = Rating {
            verdict,
            comment: (!comment.is_empty()).then_some(comment),
        };
        self.sent = Some(rating.clone());
        Some(ClientFrame::Rate { rating })
    }

    /// Applies a frame from the server; returns a rating to send again (on
    /// `Welcome`, when the last one was never answered and still may be).
    pub fn receive(&mut self, frame: &ServerFrame) -> Option<ClientFrame> {
        match frame {
            ServerFrame::Welcome { conversation, .. } => {
                self.live_after = conversation.last_seq;
                self.closed = conversation.status == Status::Closed;
                self.rating_open = conversation.rating_open;
                self.rated = conversation.rating.is_some();
                if !matches!(self.ending(), Ending::Asked { .. }) {
                    self.sent = None;
                }
                let rating = self.sent.clone()?;
                return Some(ClientFrame::Rate { rating });
            }
            ServerFrame::Status {
                status,
                rating_open,
            } => {
                if *status != Status::Closed {
                    self.reopen();
                    return None;
                }
                self.closed = true;
                self.rating_open = *rating_open;
            }
            ServerFrame::Rated { .. } => {
                self.rated = true;
                self.sent = None;
            }
            // A live message of the visitor starts a new session.
            ServerFrame::Message { message }
                if self.closed
                    && message.side == Side::Visitor
                    && message.seq > self.live_after =>
            {
                self.reopen();
            }
            // The rating was refused (or another frame: Send works again).
            ServerFrame::Error { id: None, .. } => self.sent = None,
            _ => {}
        }
        None
    }

    fn reopen(&mut self) {
        *self = Closing {
            live_after: self.live_after,
            ..Closing::default()
        };
    }
}

#[cfg(test)]
mod tests {
    use canal_shared::ids::{ChannelId, ClientMsgId, ConversationId};
    use canal_shared::protocol::{ChannelInfo, ConversationView, ErrorCode, Message};
    use canal_shared::time::Timestamp;

    use super::*;

    const ASKED: Ending = Ending::Asked {
        choice: None,
        sending: false,
    };

    fn asked(choice: Verdict, sending: bool) -> Ending {
        Ending::Asked {
            choice: Some(choice),
            sending,
        }
    }

    fn welcome(status: Status, rating_open: bool, rating: Option<Rating>) -> ServerFrame {
        ServerFrame::Welcome {
            version: 1,
            you: Side::Visitor,
            conversation: ConversationView {
                id: ConversationId::parse("c_1").unwrap(),
                channel: ChannelInfo {
                    id: ChannelId::parse("demo").unwrap(),
                    name: "Demo".into(),
                },
                visitor_name: "Visitor 1".into(),
                status,
                operator: None,
                last_seq: Seq(5),
                visitor_read: Seq(5),
                operator_read: Seq(5),
                visitor_draft: None,
                rating_open,
                rating,
                card: None,
                contact: None,
                consent_needed: false,
                supervisor_rating: None,
                reading: false,
                visitor: None,
                live_typing: true,
                links_ms: 0,
            },
        }
    }

    fn message(seq: u64, side: Side) -> ServerFrame {
        ServerFrame::Message {
            message: Message {
                seq: Seq(seq),
                id: ClientMsgId::parse(&format!("m_{seq}")).unwrap(),
                side,
                author: "x".into(),
                text: "hi".into(),
                at: Timestamp(1),
                note: false,
                event: None,
                file: None,
            },
        }
    }

    fn status(status: Status, rating_open: bool) -> ServerFrame {
        ServerFrame::Status {
            status,
            rating_open,
        }
    }

    fn liked() -> Rating {
        Rating {
            verdict: Verdict::Like,
            comment: None,
        }
    }

    #[test]
    fn closing_asks_for_a_rating_and_thanks() {
        let mut c = Closing::default();
        c.receive(&welcome(Status::Active, false, None));
        assert_eq!(c.ending(), Ending::Open);
        assert_eq!(c.send(Verdict::Like, "x"), None, "not asked");
        c.receive(&status(Status::Closed, true));
        assert_eq!(c.ending(), ASKED);
        let long = format!("  {}  ", "é".repeat(MAX_COMMENT_CHARS + 5));
        let rating = match c.send(Verdict::Dislike, &long) {
            Some(ClientFrame::Rate { rating }) => rating,
            other => unreachable!("a rating frame, not {other:?}"),
        };
        assert_eq!(rating.verdict, Verdict::Dislike);
        assert_eq!(rating.comment.unwrap().chars().count(), MAX_COMMENT_CHARS);
        assert_eq!(c.ending(), asked(Verdict::Dislike, true));
        assert_eq!(c.send(Verdict::Like, ""), None, "one at a time");
        assert_eq!(c.ending(), asked(Verdict::Dislike, true));
        c.receive(&ServerFrame::Rated { rating: liked() });
        assert_eq!(c.ending(), Ending::Thanked);
        // The session ends: the thanks stay.
        c.receive(&status(Status::Closed, false));
        assert_eq!(c.ending(), Ending::Thanked);
    }

    #[test]
    fn blank_comments_are_none_and_refusals_allow_again() {
        let mut c = Closing::default();
        c.receive(&welcome(Status::Closed, true, None));
        assert_eq!(
            c.send(Verdict::Like, " \n "),
            Some(ClientFrame::Rate { rating: liked() })
        );
        c.receive(&ServerFrame::Error {
            code: ErrorCode::Forbidden,
            message: "no".into(),
            id: None,
            retry_ms: None,
        });
        assert_eq!(c.ending(), asked(Verdict::Like, false));
    }

    #[test]
    fn an_unanswered_rating_is_sent_again_while_it_may_be() {
        let mut c = Closing::default();
        c.receive(&welcome(Status::Closed, true, None));
        let frame = c.send(Verdict::Like, "good").unwrap();
        assert_eq!(c.receive(&welcome(Status::Closed, true, None)), Some(frame));
        assert_eq!(c.receive(&welcome(Status::Closed, false, None)), None);
        assert_eq!(c.ending(), Ending::Closed);
        assert_eq!(c.receive(&welcome(Status::Closed, true, None)), None);
        assert_eq!(c.ending(), asked(Verdict::Like, false));
    }

    #[test]
    fn the_wait_ending_hides_the_form_and_a_stored_rating_thanks() {
        let mut c = Closing::default();
        c.receive(&welcome(Status::Closed, true, None));
        c.receive(&status(Status::Closed, false));
        assert_eq!(c.ending(), Ending::Closed);
        c.receive(&welcome(Status::Closed, false, Some(liked())));
        assert_eq!(c.ending(), Ending::Thanked);
    }

    #[test]
    fn a_live_visitor_message_opens_again_a_replayed_one_does_not() {
        let mut c = Closing::default();
        c.receive(&welcome(Status::Closed, true, None));
        c.receive(&message(4, Side::Visitor));
        c.receive(&message(6, Side::System));
        assert_eq!(c.ending(), ASKED);
        c.send(Verdict::Like, "");
        c.receive(&message(7, Side::Visitor));
        assert_eq!(
            c,
            Closing {
                live_after: Seq(5),
                ..Closing::default()
            }
        );
        // Closed again later: asked again.
        c.receive(&status(Status::Closed, true));
        assert_eq!(c.ending(), ASKED);
        c.receive(&status(Status::Waiting, false));
        assert_eq!(c.ending(), Ending::Open);
    }
}
