//! Typing and read marks (R-RT-1, R-RT-2), relayed between the sides, and a side's last socket closing.

use super::{Audience, Conversation, Effect, Peer};
use crate::ids::Seq;
use crate::protocol::{error_frame, ErrorCode, ServerFrame, Side};
use crate::text::check_draft;

impl Conversation {
    pub(super) fn typing(&mut self, from: &Peer, draft: String) -> Vec<Effect> {
        if let Err(e) = check_draft(&draft) {
            return vec![Effect::Reply(error_frame(
                ErrorCode::TooLarge,
                e.to_string(),
                None,
            ))];
        }
        let active = !draft.trim().is_empty();
        match from {
            // R-C-1: nothing the visitor types reaches operators before
            // they accepted the notice.
            Peer::Visitor if self.consent_needed() => Vec::new(),
            Peer::Visitor => {
                // #20: with real-time typing off, operators learn only that
                // the visitor types, whatever a client sends.
                let draft = Some(draft).filter(|_| self.state.opening.live_typing);
                self.state.visitor_draft = draft.clone().filter(|_| active);
                vec![Effect::Broadcast {
                    to: Audience::Operators,
                    frame: ServerFrame::Typing {
                        side: Side::Visitor,
                        active,
                        draft,
                    },
                }]
            }
            // Visitors see only the operator who answers them type; anyone
            // else watching (a supervisor, an operator it was only offered
            // to, one it was transferred away from) types unseen.
            Peer::Operator(op) if self.may_answer(op).is_err() => Vec::new(),
            Peer::Supervisor(_) => Vec::new(),
            Peer::Operator(_) => vec![Effect::Broadcast {
                to: Audience::Visitors,
                frame: ServerFrame::Typing {
                    side: Side::Operator,
                    active,
                    draft: None,
                },
            }],
        }
    }

    pub(super) fn read(&mut self, from: &Peer, seq: Seq) -> Vec<Effect> {
        let seq = seq.min(self.state.last_seq);
        let s = &mut self.state;
        let (mark, to) = match from {
            Peer::Visitor => (&mut s.visitor_read, Audience::Operators),
            Peer::Operator(_) => (&mut s.operator_read, Audience::Visitors),
            // R-KPI-3: a supervisor reading leaves the operator's unread.
            Peer::Supervisor(_) => return Vec::new(),
        };
        if seq <= *mark {
            return Vec::new();
        }
        *mark = seq;
        let mut effects = vec![
            Effect::SaveState,
            Effect::Broadcast {
                to,
                frame: ServerFrame::Read {
                    side: from.side(),
                    seq,
                },
            },
        ];
        if from.side() == Side::Operator {
            while s.unread.front().is_some_and(|&u| u <= seq) {
                s.unread.pop_front();
            }
            effects.push(self.notify());
        }
        effects
    }

    pub(super) fn handle_closed(&mut self, side: Side, remaining: usize) -> Vec<Effect> {
        if remaining > 0 {
            return Vec::new();
        }
        match side {
            Side::Visitor => {
                self.state.visitor_draft = None;
                vec![Effect::Broadcast {
                    to: Audience::Operators,
                    frame: ServerFrame::Typing {
                        side: Side::Visitor,
                        active: false,
                        draft: None,
                    },
                }]
            }
            Side::Operator => vec![Effect::Broadcast {
                to: Audience::Visitors,
                frame: ServerFrame::Typing {
                    side: Side::Operator,
                    active: false,
                    draft: None,
                },
            }],
            Side::System => Vec::new(),
        }
    }
}
