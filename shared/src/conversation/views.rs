//! What each side sees of the conversation (R-A-1): its view, the inbox's line and the inbox updates.

use super::{Conversation, Effect};
use crate::protocol::{ConversationSummary, ConversationView, Side};

impl Conversation {
    /// How the conversation looks to `side`: operators see who answers and
    /// the visitor's contact; visitors see the operator's card (R-A-1).
    pub fn view(&self, side: Side) -> ConversationView {
        let s = &self.state;
        let operators = side == Side::Operator;
        let mut channel = s.opening.channel.clone();
        if let (Side::Visitor, Some(title)) = (side, &s.opening.title) {
            channel.name.clone_from(title);
        }
        ConversationView {
            id: s.opening.id.clone(),
            channel,
            visitor_name: s.opening.visitor_name.clone(),
            status: s.status,
            operator: s.operator.clone().filter(|_| operators),
            last_seq: s.last_seq,
            visitor_read: s.visitor_read,
            operator_read: s.operator_read,
            visitor_draft: match side {
                Side::Operator => s.visitor_draft.clone(),
                Side::Visitor | Side::System => None,
            },
            rating_open: self.rating_open(),
            rating: s.rating.clone(),
            card: s.card.clone().filter(|_| side == Side::Visitor),
            contact: s.contact.clone().filter(|_| operators),
            consent_needed: self.consent_needed(),
            supervisor_rating: s.supervisor_rating.clone().filter(|_| operators),
            reading: false,
            visitor: s.visitor.clone().filter(|_| operators),
            live_typing: s.opening.live_typing,
            links_ms: crate::token::FILE_LINK_MS.unsigned_abs(),
        }
    }

    /// The line shown in operators' lists.
    pub fn summary(&self) -> ConversationSummary {
        let s = &self.state;
        ConversationSummary {
            id: s.opening.id.clone(),
            channel: s.opening.channel.clone(),
            visitor_name: s.opening.visitor_name.clone(),
            status: s.status,
            operator: s.operator.clone(),
            last_text: s.last_text.clone(),
            last_at: s.last_at,
            last_seq: s.last_seq,
            unread: u32::try_from(s.unread.len()).unwrap_or(u32::MAX),
            rev: s.rev,
            offered: s.offered.clone(),
            rating: s.rating.clone(),
            contact: s
                .contact
                .clone()
                .or_else(|| s.opening.identity.as_ref().and_then(|i| i.email.clone())),
            paused: s.paused,
            identity: s.opening.identity.clone(),
            response: s.clock.stats.clone(),
            supervisor_rating: s.supervisor_rating.clone(),
        }
    }

    /// Inbox update for whoever should see this conversation now: its
    /// operator, or the operators it is offered to.
    pub(super) fn notify(&mut self) -> Effect {
        self.state.rev += 1;
        let to = match &self.state.operator {
            Some(op) => vec![op.id.clone()],
            None => self.state.offered.clone(),
        };
        Effect::Notify {
            to,
            summary: self.summary(),
        }
    }
}
