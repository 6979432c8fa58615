//! The channel's routing decisions (who is offered it, who answers it) and the router's lifecycle (R-Q-5).

use super::{Audience, Conversation, Effect, Lifecycle, Route};
use crate::ids::UserId;
use crate::protocol::{ChatEvent, ServerFrame, Status};
use crate::routing::Phase;
use crate::time::Timestamp;

impl Conversation {
    /// Applies the channel's routing decision (ignoring stale ones).
    pub(super) fn routed(&mut self, now: Timestamp, route: Route) -> Vec<Effect> {
        if route.rev <= self.state.route_rev {
            return Vec::new();
        }
        let paused_changed = self.state.paused != route.paused;
        self.state.paused = route.paused;
        // Counting replies from now on: the channel learns where this
        // conversation stands.
        let recount = route.counts_replies && !self.state.counts_replies;
        self.state.counts_replies = route.counts_replies;
        if self.state.status == Status::Closed {
            // The session is over; a late decision must not apply to the next.
            self.state.route_rev = route.rev;
            let mut effects = vec![Effect::SaveState];
            if paused_changed {
                effects.push(self.notify());
            }
            return effects;
        }
        if route.assignee.is_some() {
            // Someone took it: no "no answer" reply (R-AA-2).
            self.state.timers.no_answer = None;
        }
        let mut away = Vec::new();
        if route.unstaffed {
            away = self.away_reply(now);
        }
        let s = &mut self.state;
        s.route_rev = route.rev;
        // Everyone who saw it before or sees it now gets the new summary:
        // the ones it left drop it from their inbox.
        let mut to: Vec<UserId> = s.offered.iter().chain(&route.offered).cloned().collect();
        to.extend(
            s.operator
                .iter()
                .chain(&route.assignee)
                .map(|o| o.id.clone()),
        );
        to.sort();
        to.dedup();
        s.offered = route.offered;
        let mut effects = vec![Effect::SaveState];
        let changed = s.operator.as_ref().map(|o| &o.id) != route.assignee.as_ref().map(|o| &o.id);
        let previous = s.operator.clone();
        // Nobody answers: nothing to show.
        let card = route.card.filter(|_| route.assignee.is_some());
        let card_changed = s.card != card;
        s.card = card.clone();
        if changed {
            s.operator = route.assignee.clone();
            s.answered = false;
            s.awaiting_client = false;
            if s.status != Status::New {
                s.status = match s.operator {
                    Some(_) => Status::Active,
                    None => Status::Waiting,
                };
            }
            effects.push(Effect::Broadcast {
                to: Audience::Operators,
                frame: ServerFrame::Assigned {
                    operator: route.assignee,
                    card: None,
                },
            });
        }
        if changed || card_changed {
            // R-A-1: visitors see the card only, never who the operator is.
            effects.push(Effect::Broadcast {
                to: Audience::Visitors,
                frame: ServerFrame::Assigned {
                    operator: None,
                    card,
                },
            });
        }
        if let (true, Some(_), Some(to)) = (changed, &previous, self.state.operator.clone()) {
            // #20: "Bruno answers you now", under the name each side sees.
            let shown = self.shown_author();
            effects.extend(self.event(now, ChatEvent::Transferred, to.name, Some(shown)));
        }
        effects.extend(away);
        if recount && !changed && self.state.answered {
            effects.push(self.lifecycle());
        }
        self.state.rev += 1;
        effects.push(Effect::Notify {
            to,
            summary: self.summary(),
        });
        effects
    }

    /// The router's view of this conversation, numbered, as an effect.
    pub(super) fn lifecycle(&mut self) -> Effect {
        Effect::Lifecycle(self.lifecycle_now())
    }

    /// The router's view of this conversation, with a new number.
    pub(super) fn lifecycle_now(&mut self) -> Lifecycle {
        self.state.lifecycle_rev += 1;
        let s = &self.state;
        Lifecycle {
            conversation: s.opening.id.clone(),
            rev: s.lifecycle_rev,
            answered: s.answered,
            awaiting_client: s.awaiting_client,
            phase: match (s.status, s.timers.rating_until) {
                (Status::Closed, Some(_)) => Phase::AwaitingRating,
                (Status::Closed, None) => Phase::Closed,
                _ => Phase::Open,
            },
            finished: s.finished,
        }
    }
}
