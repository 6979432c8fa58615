//! Who the visitor is and where (issue #20): the page the widget reports,
//! kept for operators and never shown to the visitor.

use super::{Audience, Conversation, Effect, Peer};
use crate::protocol::{error_frame, ErrorCode, ServerFrame};
use crate::time::Timestamp;
use crate::visit::{Visit, VisitError, VisitorContext};

/// What an operator who sends a visit frame is told.
pub const VISIT_FROM_VISITOR_ONLY: &str = "only the visitor's widget reports the page it is on";

impl Conversation {
    /// The widget reports the page it is on. Refused when malformed
    /// (R-S-3); dropped, as the visitor's draft is, before the notice is
    /// accepted (R-C-1); operators hear of it when it changes.
    pub(super) fn visit(&mut self, now: Timestamp, from: &Peer, visit: Visit) -> Vec<Effect> {
        if *from != Peer::Visitor {
            return vec![Effect::Reply(error_frame(
                ErrorCode::Forbidden,
                VISIT_FROM_VISITOR_ONLY,
                None,
            ))];
        }
        let visit = match visit.cleaned() {
            Ok(v) => v,
            Err(e) => {
                let code = match e {
                    VisitError::TooLong { .. } => ErrorCode::TooLarge,
                    _ => ErrorCode::Invalid,
                };
                return vec![Effect::Reply(error_frame(code, e.to_string(), None))];
            }
        };
        if self.consent_needed() {
            return Vec::new();
        }
        let context = VisitorContext::after(self.state.visitor.as_ref(), visit, now);
        if self.state.visitor.as_ref() == Some(&context) {
            return Vec::new();
        }
        self.state.visitor = Some(context.clone());
        vec![
            Effect::SaveState,
            Effect::Broadcast {
                to: Audience::Operators,
                frame: ServerFrame::Visitor { context },
            },
        ]
    }
}
