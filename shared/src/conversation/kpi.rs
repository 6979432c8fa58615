//! The conversation's response clock (R-KPI-1…3): fed by the client's
//! messages in the queue and the operator's replies, timed by the
//! conversation's alarm for the late notices.

use super::{Conversation, Effect, LateReport};
use crate::kpi::{ClockEffect, ClockInput, Rules};
use crate::time::Timestamp;

impl Conversation {
    fn kpi_rules(&self) -> Rules<'_> {
        let o = &self.state.opening;
        Rules {
            settings: &o.kpi,
            hours: o.automation.hours.as_ref(),
        }
    }

    /// When the running wait's late notice is due, if one is.
    pub(super) fn kpi_deadline(&self) -> Option<Timestamp> {
        self.state.clock.deadline(self.kpi_rules())
    }

    /// Feeds the clock; a notice that fell due becomes [`Effect::Late`].
    pub(super) fn clock(&mut self, now: Timestamp, input: ClockInput) -> Vec<Effect> {
        let o = &self.state.opening;
        let rules = Rules {
            settings: &o.kpi,
            hours: o.automation.hours.as_ref(),
        };
        let fx = self.state.clock.handle(rules, now, input);
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
