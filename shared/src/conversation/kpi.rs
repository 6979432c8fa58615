//! The conversation's response clock (R-KPI-1…3): fed by the client's
//! messages in the queue and the operator's replies, timed by the
//! conversation's alarm for the late notices.

use super::{Conversation, Effect, LateReport, Opening};
use crate::kpi::{ClockEffect, ClockInput, Rules};
use crate::time::Timestamp;

/// The clock's rules: the channel's limits and working hours, as resolved
/// when the conversation opened.
fn rules(o: &Opening) -> Rules<'_> {
    Rules {
        settings: &o.kpi,
        hours: o.automation.hours.as_ref(),
    }
}

impl Conversation {
    /// When the running wait's late notice is due, if one is.
    pub(super) fn kpi_deadline(&self) -> Option<Timestamp> {
        self.state.clock.deadline(rules(&self.state.opening))
    }

    /// Feeds the clock; a notice that fell due becomes [`Effect::Late`].
    pub(super) fn clock(&mut self, now: Timestamp, input: ClockInput) -> Vec<Effect> {
        let fx = self
            .state
            .clock
            .handle(rules(&self.state.opening), now, input);
        fx.into_iter()
            .filter_map(|e| match e {
                ClockEffect::Measured { .. } => None,
                ClockEffect::Late {
                    kind,
                    since,
                    notice,
                } => Some(Effect::Late(LateReport {
                    conversation: self.state.opening.id.clone(),
                    channel: self.state.opening.channel.id.clone(),
                    operator: self.state.operator.clone(),
                    kind,
                    since,
                    notice,
                })),
            })
            .collect()
    }
}
