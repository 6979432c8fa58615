//! Files (#21): whether a client may upload one now, by its size and the visitor's file rate.

use super::{Conversation, Effect, Peer};
use crate::limits::Kind as Limited;
use crate::protocol::{error_frame, ErrorCode};
use crate::time::Timestamp;

impl Conversation {
    /// A client asks to upload a file (#21): the same rule as writing a
    /// message, the visitor's file rate (R-S-3) and the account's size
    /// limit. `Effect::Reply(Error)` refuses; no effect allows it.
    pub(super) fn upload(
        &mut self,
        now: Timestamp,
        from: &Peer,
        size: u64,
        limits: &crate::files::FileLimits,
    ) -> Vec<Effect> {
        if let Err(refused) = self.author(from, None) {
            return refused;
        }
        if let Err(refused) = limits.check_size(size) {
            let code = match refused {
                crate::files::Refusal::TooLarge { .. } => ErrorCode::TooLarge,
                crate::files::Refusal::NotAllowed { .. } => ErrorCode::UnsupportedType,
                _ => ErrorCode::Invalid,
            };
            return vec![Effect::Reply(error_frame(code, refused.to_string(), None))];
        }
        if *from == Peer::Visitor {
            let rate = self.limits.rate(Limited::File);
            if let Err(refused) = self.state.pace.file.take(now, Limited::File, rate) {
                return vec![Effect::Reply(refused.frame(None)), Effect::SaveState];
            }
            return vec![Effect::SaveState];
        }
        Vec::new()
    }
}
