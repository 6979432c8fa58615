//! Who may open the conversation and write in it (R-S-2), the handshake, the notice (R-C-1), the rate (R-S-3).

use super::{
    AccessError, Caller, Consented, Conversation, Effect, Peer, CHANNEL_DISABLED_MESSAGE,
    CLOSED_MESSAGE, CONSENT_REQUIRED_MESSAGE, SUPERVISOR_READS_MESSAGE,
};
use crate::consent::{clean_page, ConsentAcceptance, ConsentKey};
use crate::ids::{ClientMsgId, Seq, UserId};
use crate::limits::Kind as Limited;
use crate::protocol::{
    error_frame, ClientFrame, ConversationView, ErrorCode, OperatorInfo, ServerFrame, Status,
    PROTOCOL_VERSION,
};
use crate::time::Timestamp;

impl Conversation {
    /// Decides whether `caller` may open this conversation, and as whom (R-S-2).
    pub fn admit(&self, caller: Caller) -> Result<Peer, AccessError> {
        match caller {
            Caller::Visitor { visitor, channel } => {
                if &visitor == self.visitor() && &channel == self.channel_id() {
                    Ok(Peer::Visitor)
                } else {
                    Err(AccessError::NotYours)
                }
            }
            Caller::Operator {
                operator,
                channels,
                supervision,
            } => {
                if channels.contains(self.channel_id()) || self.serves(&operator.id) {
                    Ok(Peer::Operator(operator))
                } else if supervision.reads(
                    self.channel_id(),
                    self.state.operator.as_ref().map(|o| &o.id),
                ) {
                    // R-KPI-3: the supervisor reads; only operators answer.
                    Ok(Peer::Supervisor(operator))
                } else {
                    Err(AccessError::NotYourChannel)
                }
            }
        }
    }

    /// The notice must be accepted before the visitor writes (R-C-1).
    pub fn consent_needed(&self) -> bool {
        self.state.opening.consent_required && self.state.consent.is_none()
    }

    /// Whether the conversation is offered or assigned to `op`: they read
    /// it and may take it, in the channel's queue or not (a client's
    /// responsible, R-CRM-5).
    pub(super) fn serves(&self, op: &UserId) -> bool {
        self.state.operator.as_ref().is_some_and(|o| &o.id == op) || self.state.offered.contains(op)
    }

    /// Whether `op` may write here: only the operator it is assigned to.
    pub(super) fn may_answer(&self, op: &OperatorInfo) -> Result<(), String> {
        match &self.state.operator {
            Some(current) if current.id == op.id => Ok(()),
            Some(current) => Err(format!("{} answers this conversation", current.name)),
            None if self.state.offered.contains(&op.id) => {
                Err("accept this conversation before answering it".into())
            }
            None => Err("this conversation is not assigned to you".into()),
        }
    }

    /// The name `from` writes under, if they may write in this
    /// conversation now (a message or a file); the refusal names `id`.
    pub(super) fn author(
        &self,
        from: &Peer,
        id: Option<&ClientMsgId>,
    ) -> Result<String, Vec<Effect>> {
        let refuse = |code, message: String| {
            Err(vec![Effect::Reply(error_frame(code, message, id.cloned()))])
        };
        match from {
            Peer::Visitor if self.consent_needed() => {
                refuse(ErrorCode::ConsentRequired, CONSENT_REQUIRED_MESSAGE.into())
            }
            Peer::Visitor => Ok(self.state.opening.visitor_name.clone()),
            Peer::Supervisor(_) => refuse(ErrorCode::Forbidden, SUPERVISOR_READS_MESSAGE.into()),
            // R-AA-4: closing ends the operator's part, whether the
            // conversation still waits for the rating or not.
            Peer::Operator(_) if self.state.status == Status::Closed => {
                refuse(ErrorCode::Closed, CLOSED_MESSAGE.into())
            }
            Peer::Operator(_) if self.state.paused => {
                refuse(ErrorCode::ChannelDisabled, CHANNEL_DISABLED_MESSAGE.into())
            }
            Peer::Operator(op) => match self.may_answer(op) {
                Ok(()) => Ok(op.name.clone()),
                Err(message) => refuse(ErrorCode::Forbidden, message),
            },
        }
    }

    pub(super) fn hello(&mut self, from: &Peer, version: u32, after: Seq) -> Vec<Effect> {
        if version != PROTOCOL_VERSION {
            return vec![Effect::Reply(error_frame(
                ErrorCode::UnsupportedVersion,
                format!(
                    "this server speaks protocol version {PROTOCOL_VERSION}, not {version}; reload the page"
                ),
                None,
            ))];
        }
        vec![
            Effect::Greeted,
            Effect::Reply(ServerFrame::Welcome {
                version: PROTOCOL_VERSION,
                you: from.side(),
                conversation: ConversationView {
                    reading: matches!(from, Peer::Supervisor(_)),
                    ..self.view(from.side())
                },
            }),
            Effect::Replay { after },
        ]
    }

    /// A visitor's frame over their rate (R-S-3): the error to send back,
    /// naming the message so that the client keeps it and sends it again
    /// when told. A resend of a stored message only gets its ack again, so
    /// it is not counted.
    pub(super) fn over_limit(
        &mut self,
        now: Timestamp,
        frame: &ClientFrame,
        resend: bool,
    ) -> Option<Effect> {
        let (kind, id) = match frame {
            ClientFrame::Hello { .. } => return None,
            ClientFrame::Send { .. } if resend => return None,
            ClientFrame::Send { id, .. } => (Limited::Message, Some(id.clone())),
            ClientFrame::Note { id, .. } => (Limited::Frame, Some(id.clone())),
            _ => (Limited::Frame, None),
        };
        let limiter = match kind {
            Limited::Message => &mut self.state.pace.message,
            _ => &mut self.state.pace.frame,
        };
        let refused = limiter.take(now, kind, self.limits.rate(kind)).err()?;
        Some(Effect::Reply(refused.frame(id)))
    }

    /// Records the visitor's acceptance once per notice version (R-C-1).
    pub(super) fn consent(&mut self, now: Timestamp, key: ConsentKey, page: &str) -> Vec<Effect> {
        if self.state.consent.as_ref().is_some_and(|c| c.key == key) {
            return Vec::new();
        }
        let page = clean_page(page);
        self.state.consent = Some(Consented {
            key: key.clone(),
            at: now,
            page: page.clone(),
        });
        let s = &self.state;
        vec![
            Effect::SaveState,
            Effect::RecordConsent(ConsentAcceptance {
                visitor: s.opening.visitor.clone(),
                conversation: s.opening.id.clone(),
                channel: s.opening.channel.id.clone(),
                key,
                at: now,
                page,
            }),
        ]
    }
}
