//! The supervisor's rating (R-QA-3): the head of the operator's department,
//! or an admin, rates the conversation beside the client's rating.

use super::{Conversation, Effect, NO_SUCH_CONVERSATION};
use crate::ids::{ChannelId, UserId};
use crate::protocol::{error_frame, ErrorCode, OperatorInfo, Rating, SupervisorRating};

impl Conversation {
    /// `by` rates the session's operator's work; `channels` is what they
    /// see and `supervises` whom they supervise (`None`: an admin). A new
    /// rating replaces the last. To someone who does not see the
    /// conversation's channel it does not exist: they get the answer of a
    /// conversation that does not, whatever its state (R-S-2).
    pub(super) fn supervisor_rate(
        &mut self,
        by: OperatorInfo,
        channels: &[ChannelId],
        supervises: Option<&[UserId]>,
        rating: &Rating,
    ) -> Vec<Effect> {
        let refuse = |code: ErrorCode, message: String| {
            vec![Effect::Reply(error_frame(code, message, None))]
        };
        if !channels.contains(self.channel_id()) {
            return refuse(ErrorCode::NotFound, NO_SUCH_CONVERSATION.into());
        }
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
