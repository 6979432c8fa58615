//! The supervisor's rating (R-QA-3): the head of the operator's department,
//! or an admin, rates the conversation beside the client's rating.

use super::{Conversation, Effect};
use crate::ids::UserId;
use crate::protocol::{error_frame, ErrorCode, OperatorInfo, Rating, SupervisorRating};

impl Conversation {
    /// `by` rates the session's operator's work; `supervises` is whom they
    /// supervise (`None`: an admin). A new rating replaces the last.
    pub(super) fn supervisor_rate(
        &mut self,
        by: OperatorInfo,
        supervises: Option<&[UserId]>,
        rating: &Rating,
    ) -> Vec<Effect> {
        let refuse = |code: ErrorCode, message: String| {
            vec![Effect::Reply(error_frame(code, message, None))]
        };
        let Some(operator) = &self.state.operator else {
            return refuse(
                ErrorCode::Forbidden,
                "no operator has taken this conversation: there is no work to rate yet".into(),
            );
        };
        if supervises.is_some_and(|s| !s.contains(&operator.id)) {
            return refuse(
                ErrorCode::Forbidden,
                format!(
                    "only the head of {}'s department or an admin rates this conversation",
                    operator.name
                ),
            );
        }
        let rating = match rating.cleaned() {
            Ok(r) => r,
            Err(message) => return refuse(ErrorCode::TooLarge, message),
        };
        self.state.supervisor_rating = Some(SupervisorRating { by, rating });
        vec![Effect::SaveState, self.notify()]
    }
}
