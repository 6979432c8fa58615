//! A channel's dispatcher: the [`Router`] plus what its Durable Object needs
//! around it — operator names and the cards visitors see of them (R-A-1), numbered routing decisions for each
//! conversation, guards against stale or repeated updates, and the checks of
//! who may accept, skip or transfer.
//!
//! Feed [`DispatchInput`]s with the time; carry out the [`DispatchEffect`]s
//! (deliver each [`Route`] to its conversation's object); call again with
//! [`DispatchInput::Tick`] at [`Dispatcher::next_deadline`].

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::conversation::{Lifecycle, Route};
use crate::crm::Takeover;
use crate::ids::{ConversationId, UserId};
use crate::people::QueueMember;
use crate::protocol::{ErrorCode, OperatorInfo};
use crate::routing::{
    NotCounted, Presence, Refusal, Router, RouterEffect, RouterInput, RoutingSettings,
};
use crate::time::Timestamp;
use crate::widget_settings::OperatorCard;

/// An input to a channel's dispatcher. Inputs are serializable: the
/// channel's object logs each one and replays them on its last snapshot
/// ([`Dispatcher::handle`] depends only on the state, the time and the
/// input), so an event costs a small row instead of the whole state.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DispatchInput {
    /// A conversation's first visitor message (or the first after it was
    /// closed: a new session): it needs an operator.
    Arrived {
        /// The conversation.
        conversation: ConversationId,
        /// The client's CRM responsible, if known (R-CRM-5).
        preferred: Option<UserId>,
        /// Its lifecycle number now: older lifecycle updates are ignored.
        rev: u64,
    },
    /// A conversation's lifecycle changed (answered, client replied).
    Lifecycle(Lifecycle),
    /// An operator's presence, numbered by their inbox.
    Presence {
        /// Who.
        operator: UserId,
        /// Now.
        presence: Presence,
        /// Grows with every change; older ones are ignored.
        seq: u64,
    },
    /// The queue and settings changed (admins' edit, a department's members,
    /// a deactivation).
    Configure {
        /// Validated settings.
        settings: RoutingSettings,
        /// The queue, departments expanded, in order.
        queue: Vec<OperatorInfo>,
        /// People deactivated: their conversations go back to the queue.
        deactivated: Vec<UserId>,
        /// What visitors see of each operator of the queue (R-A-1), from the
        /// channel's widget settings; an operator without one shows nothing.
        cards: BTreeMap<UserId, OperatorCard>,
        /// The channel is on; off, no operator may answer (R-CH-5).
        active: bool,
    },
    /// An operator accepts an offer.
    Accept {
        /// The conversation.
        conversation: ConversationId,
        /// Who.
        operator: UserId,
        /// Their name, for an operator outside the queue (a client's
        /// responsible, R-CRM-5), whose name the queue does not give.
        #[serde(default)]
        name: Option<String>,
    },
    /// An operator skips an offer.
    Decline {
        /// The conversation.
        conversation: ConversationId,
        /// Who.
        operator: UserId,
    },
    /// A manual transfer (R-Q-6).
    Transfer {
        /// The conversation.
        conversation: ConversationId,
        /// Who asks.
        by: UserId,
        /// Whether they are an admin (who may transfer any conversation).
        admin: bool,
        /// The operator who gets it, or `None` for back to the queue.
        to: Option<UserId>,
    },
    /// A deadline passed.
    Tick,
}

/// Why an operator's action was refused, with what to tell them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(rename_all = "snake_case")]
pub enum ActionError {
    /// Another operator accepted first.
    #[error("another operator has already accepted this conversation")]
    Taken,
    /// The offer is gone (withdrawn, expired) or was never theirs.
    #[error("this conversation is no longer offered to you")]
    NotOffered,
    /// The operator is at their limit (R-Q-5).
    #[error("that operator already has as many conversations as the limit allows")]
    Full,
    /// Unknown conversation.
    #[error("this conversation is not waiting in this channel's queue")]
    UnknownConversation,
    /// The transfer's target is not in this channel's queue.
    #[error("that operator is not in this channel's queue")]
    UnknownOperator,
    /// Only the conversation's operator (or an admin) may transfer it.
    #[error("only the operator answering this conversation, or an admin, may transfer it")]
    NotYours,
    /// The channel is switched off: nobody may take a conversation that
    /// nobody may answer (R-CH-5).
    #[error("this channel is switched off: nobody can answer its conversations until an admin switches it on")]
    ChannelOff,
}

impl ActionError {
    /// The HTTP status and error code that answer this refusal.
    pub fn status(self) -> (u16, ErrorCode) {
        match self {
            ActionError::Taken | ActionError::NotOffered | ActionError::Full => {
                (409, ErrorCode::Conflict)
            }
            ActionError::UnknownConversation => (404, ErrorCode::NotFound),
            ActionError::UnknownOperator => (400, ErrorCode::Invalid),
            ActionError::NotYours => (403, ErrorCode::Forbidden),
            ActionError::ChannelOff => (409, ErrorCode::ChannelDisabled),
        }
    }
}

impl From<Refusal> for ActionError {
    fn from(r: Refusal) -> Self {
        match r {
            Refusal::Taken => ActionError::Taken,
            Refusal::NotOffered => ActionError::NotOffered,
            Refusal::Full => ActionError::Full,
            Refusal::Unknown => ActionError::UnknownConversation,
        }
    }
}

/// What the channel's object must do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DispatchEffect {
    /// Deliver this decision to the conversation's object.
    Route {
        /// The conversation.
        conversation: ConversationId,
        /// Who is offered it and who answers it now.
        route: Route,
    },
    /// Answer the operator's action with this error.
    Refused(ActionError),
    /// An operator took a conversation, by accepting it or by a manual
    /// transfer: tell the CRM, which may make them the client's
    /// responsible (R-CRM-6).
    Took {
        /// The conversation.
        conversation: ConversationId,
        /// Who answers it now.
        operator: UserId,
        /// How they came to.
        how: Takeover,
    },
}

/// The channel's routing state (serializable, saved by its object).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dispatcher {
    router: Router,
    names: BTreeMap<UserId, String>,
    /// What visitors see of each operator (R-A-1).
    #[serde(default)]
    cards: BTreeMap<UserId, OperatorCard>,
    /// Numbers every [`Route`].
    rev: u64,
    /// Newest lifecycle revision per conversation.
    lifecycles: BTreeMap<ConversationId, u64>,
    /// Newest presence number per operator.
    presence_seq: BTreeMap<UserId, u64>,
    /// The channel is on (R-CH-5); every route says so.
    #[serde(default = "on")]
    active: bool,
}

fn on() -> bool {
    true
}

impl Default for Dispatcher {
    fn default() -> Self {
        Self::new(RoutingSettings::default())
    }
}

impl Dispatcher {
    /// An empty channel with these settings.
    pub fn new(settings: RoutingSettings) -> Self {
        Self {
            router: Router::new(settings),
            names: BTreeMap::new(),
            cards: BTreeMap::new(),
            rev: 0,
            lifecycles: BTreeMap::new(),
            presence_seq: BTreeMap::new(),
            active: true,
        }
    }

    /// The router (read-only).
    pub fn router(&self) -> &Router {
        &self.router
    }

    /// When to send the next [`DispatchInput::Tick`].
    pub fn next_deadline(&self) -> Option<Timestamp> {
        self.router.next_deadline()
    }

    /// The queue's operators with presence and load, in queue order.
    pub fn members(&self) -> Vec<QueueMember> {
        self.router
            .queue()
            .iter()
            .map(|id| QueueMember {
                operator: self.info(id),
                presence: self.router.presence(id),
                load: self.router.load(id),
            })
            .collect()
    }

    /// How many of the queue's operators are online, and how many
    /// conversations wait for one (the Channels list).
    pub fn activity(&self) -> crate::channels::QueueActivity {
        crate::channels::QueueActivity::of(
            self.router
                .queue()
                .iter()
                .map(|id| self.router.presence(id)),
            self.router.unassigned(),
        )
    }

    fn info(&self, id: &UserId) -> OperatorInfo {
        OperatorInfo {
            id: id.clone(),
            name: self
                .names
                .get(id)
                .cloned()
                .unwrap_or_else(|| id.to_string()),
        }
    }

    /// Feeds one input; returns what to do, in order.
    pub fn handle(&mut self, now: Timestamp, input: DispatchInput) -> Vec<DispatchEffect> {
        let mut out = Vec::new();
        // Conversations to tell of a change that is not the router's.
        let mut also = Vec::new();
        let arrived = match &input {
            DispatchInput::Arrived { conversation, .. } => Some(conversation.clone()),
            _ => None,
        };
        // Who would take which conversation if the action succeeds (R-CRM-6).
        let taking = match &input {
            DispatchInput::Accept {
                conversation,
                operator,
                ..
            } => Some((conversation.clone(), operator.clone(), Takeover::Accepted)),
            DispatchInput::Transfer {
                conversation,
                to: Some(to),
                ..
            } => Some((conversation.clone(), to.clone(), Takeover::Transferred)),
            _ => None,
        };
        let fx = match input {
            DispatchInput::Arrived {
                conversation,
                preferred,
                rev,
            } => {
                let last = self.lifecycles.entry(conversation.clone()).or_default();
                if rev <= *last && self.router.knows(&conversation) {
                    return out;
                }
                *last = (*last).max(rev);
                let mut fx = Vec::new();
                if self.router.knows(&conversation) {
                    // A new session: the old one is over.
                    fx.extend(self.router.handle(
                        now,
                        RouterInput::Finished {
                            conversation: conversation.clone(),
                        },
                    ));
                }
                fx.extend(self.router.handle(
                    now,
                    RouterInput::Arrived {
                        conversation,
                        preferred,
                    },
                ));
                fx
            }
            DispatchInput::Lifecycle(l) => self.lifecycle(now, l),
            DispatchInput::Presence {
                operator,
                presence,
                seq,
            } => {
                let last = self.presence_seq.entry(operator.clone()).or_default();
                if seq <= *last {
                    return out;
                }
                *last = seq;
                self.router
                    .handle(now, RouterInput::Presence { operator, presence })
            }
            DispatchInput::Configure {
                settings,
                queue,
                deactivated,
                cards,
                active,
            } => {
                self.cards = cards;
                let counted = self.counts_replies();
                if self.active != active {
                    // R-CH-5: every conversation learns it may (not) be answered.
                    self.active = active;
                    also = self.known();
                }
                let mut fx = Vec::new();
                for op in &deactivated {
                    for conversation in self.router.assigned_to(op) {
                        fx.extend(self.router.handle(
                            now,
                            RouterInput::Transfer {
                                conversation,
                                to: None,
                            },
                        ));
                    }
                }
                for o in &queue {
                    self.names.insert(o.id.clone(), o.name.clone());
                }
                fx.extend(self.router.handle(now, RouterInput::Settings(settings)));
                fx.extend(self.router.handle(
                    now,
                    RouterInput::Queue(queue.into_iter().map(|o| o.id).collect()),
                ));
                if self.counts_replies() != counted {
                    // Every conversation learns whether to report replies.
                    also = self.known();
                }
                fx
            }
            DispatchInput::Accept {
                conversation,
                operator,
                name,
            } => {
                if !self.active && self.router.knows(&conversation) {
                    // R-CH-5: nobody may answer, so nobody takes it.
                    out.push(DispatchEffect::Refused(ActionError::ChannelOff));
                    return out;
                }
                let fx = self.router.handle(
                    now,
                    RouterInput::Accepted {
                        conversation,
                        operator: operator.clone(),
                    },
                );
                let took = fx.iter().any(|e| matches!(e, RouterEffect::Assign { .. }));
                if let Some(name) =
                    name.filter(|_| took && !self.router.queue().contains(&operator))
                {
                    // R-CRM-5: the responsible from outside the queue.
                    self.names.insert(operator, name);
                }
                fx
            }
            DispatchInput::Decline {
                conversation,
                operator,
            } => {
                if !self.offered_to(&conversation).contains(&operator) {
                    out.push(DispatchEffect::Refused(ActionError::NotOffered));
                    return out;
                }
                self.router.handle(
                    now,
                    RouterInput::Declined {
                        conversation,
                        operator,
                    },
                )
            }
            DispatchInput::Transfer {
                conversation,
                by,
                admin,
                to,
            } => {
                if let Err(e) = self.may_transfer(&conversation, &by, admin, to.as_ref()) {
                    out.push(DispatchEffect::Refused(e));
                    return out;
                }
                self.router
                    .handle(now, RouterInput::Transfer { conversation, to })
            }
            DispatchInput::Tick => self.router.handle(now, RouterInput::Tick),
        };
        let took = taking.filter(|(conversation, operator, _)| {
            fx.iter().any(|e| {
                matches!(e, RouterEffect::Assign { conversation: c, operator: o }
                    if c == conversation && o == operator)
            })
        });
        self.routes(fx, also, &mut out);
        if let Some((conversation, operator, how)) = took {
            out.push(DispatchEffect::Took {
                conversation,
                operator,
                how,
            });
        }
        if let Some(conversation) = arrived.filter(|_| self.unstaffed()) {
            self.mark_unstaffed(conversation, &mut out);
        }
        out
    }

    /// The conversations the router holds now (waiting, offered, assigned).
    fn known(&self) -> Vec<ConversationId> {
        self.lifecycles
            .keys()
            .filter(|c| self.router.knows(c))
            .cloned()
            .collect()
    }

    /// Who is offered `conversation`: nobody while the channel is switched
    /// off, since nobody may answer it then (R-CH-5); the router keeps its
    /// offers, shown again when the channel is switched on.
    fn offered_to(&self, conversation: &ConversationId) -> Vec<UserId> {
        if self.active {
            self.router.offered_to(conversation)
        } else {
            Vec::new()
        }
    }

    /// The online check is on and no operator of the queue is online.
    fn unstaffed(&self) -> bool {
        let r = &self.router;
        r.settings().check_online
            && !r
                .queue()
                .iter()
                .any(|op| r.presence(op) == Presence::Online)
    }

    /// Tells the conversation it arrived with nobody online (R-WH-2).
    fn mark_unstaffed(&mut self, conversation: ConversationId, out: &mut Vec<DispatchEffect>) {
        for e in out.iter_mut() {
            if let DispatchEffect::Route {
                conversation: c,
                route,
            } = e
            {
                if *c == conversation {
                    route.unstaffed = true;
                    return;
                }
            }
        }
        self.rev += 1;
        out.push(DispatchEffect::Route {
            conversation,
            route: Route {
                rev: self.rev,
                offered: Vec::new(),
                assignee: None,
                unstaffed: true,
                card: None,
                paused: !self.active,
                counts_replies: self.counts_replies(),
            },
        });
    }

    fn may_transfer(
        &self,
        conversation: &ConversationId,
        by: &UserId,
        admin: bool,
        to: Option<&UserId>,
    ) -> Result<(), ActionError> {
        if !self.router.knows(conversation) {
            return Err(ActionError::UnknownConversation);
        }
        if !admin && self.router.assignee(conversation) != Some(by) {
            return Err(ActionError::NotYours);
        }
        if to.is_some_and(|t| !self.router.queue().contains(t)) {
            return Err(ActionError::UnknownOperator);
        }
        Ok(())
    }

    fn lifecycle(&mut self, now: Timestamp, l: Lifecycle) -> Vec<RouterEffect> {
        let last = self.lifecycles.entry(l.conversation.clone()).or_default();
        if l.rev <= *last {
            return Vec::new();
        }
        *last = l.rev;
        let mut fx = Vec::new();
        if l.finished {
            self.lifecycles.remove(&l.conversation);
            self.lifecycles.insert(l.conversation.clone(), l.rev);
            return self.router.handle(
                now,
                RouterInput::Finished {
                    conversation: l.conversation,
                },
            );
        }
        fx.extend(self.router.handle(
            now,
            RouterInput::PhaseChanged {
                conversation: l.conversation.clone(),
                phase: l.phase,
            },
        ));
        if l.answered {
            fx.extend(self.router.handle(
                now,
                RouterInput::Answered {
                    conversation: l.conversation.clone(),
                },
            ));
            if !l.awaiting_client {
                fx.extend(self.router.handle(
                    now,
                    RouterInput::ClientReplied {
                        conversation: l.conversation,
                    },
                ));
            }
        }
        fx
    }

    /// Whether the capacity rule needs every reply (R-Q-5's "awaiting the
    /// user's reaction"); see [`Route::counts_replies`].
    fn counts_replies(&self) -> bool {
        self.router.not_counted() == Some(NotCounted::AwaitingClient)
    }

    /// One numbered [`Route`] per conversation the router's effects touched,
    /// in the order first touched; refusals as errors.
    fn routes(
        &mut self,
        fx: Vec<RouterEffect>,
        also: Vec<ConversationId>,
        out: &mut Vec<DispatchEffect>,
    ) {
        let mut touched: Vec<ConversationId> = Vec::new();
        for e in fx {
            let id = match e {
                RouterEffect::Refused { reason, .. } => {
                    out.push(DispatchEffect::Refused(reason.into()));
                    continue;
                }
                RouterEffect::Offer { conversation, .. }
                | RouterEffect::Withdraw { conversation, .. }
                | RouterEffect::Assign { conversation, .. } => conversation,
            };
            if !touched.contains(&id) {
                touched.push(id);
            }
        }
        for id in also {
            if !touched.contains(&id) {
                touched.push(id);
            }
        }
        for conversation in touched {
            self.rev += 1;
            let assignee = self.router.assignee(&conversation);
            let route = Route {
                rev: self.rev,
                offered: self.offered_to(&conversation),
                assignee: assignee.map(|id| self.info(id)),
                unstaffed: false,
                card: assignee.and_then(|id| self.cards.get(id).cloned()),
                paused: !self.active,
                counts_replies: self.counts_replies(),
            };
            out.push(DispatchEffect::Route {
                conversation,
                route,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::routing::Mode;

    fn u(s: &str) -> UserId {
        UserId::parse(s).unwrap()
    }

    fn c(s: &str) -> ConversationId {
        ConversationId::parse(s).unwrap()
    }

    fn info(s: &str) -> OperatorInfo {
        OperatorInfo {
            id: u(s),
            name: s.to_uppercase(),
        }
    }

    /// The channel on, with these settings and this queue, nobody
    /// deactivated and no operator cards.
    fn configure(settings: RoutingSettings, ops: &[&str]) -> DispatchInput {
        DispatchInput::Configure {
            active: true,
            settings,
            queue: ops.iter().map(|o| info(o)).collect(),
            deactivated: vec![],
            cards: BTreeMap::new(),
        }
    }

    fn channel(mode: Mode, ops: &[&str]) -> Dispatcher {
        let mut d = Dispatcher::default();
        let settings = RoutingSettings {
            mode,
            ..RoutingSettings::default()
        };
        d.handle(Timestamp(0), configure(settings, ops));
        for (i, op) in ops.iter().enumerate() {
            d.handle(
                Timestamp(0),
                DispatchInput::Presence {
                    operator: u(op),
                    presence: Presence::Online,
                    seq: i as u64 + 1,
                },
            );
        }
        d
    }

    fn routes(fx: &[DispatchEffect]) -> Vec<(String, Vec<UserId>, Option<String>)> {
        fx.iter()
            .filter_map(|e| match e {
                DispatchEffect::Route {
                    conversation,
                    route,
                } => Some((
                    conversation.to_string(),
                    route.offered.clone(),
                    route.assignee.as_ref().map(|a| a.name.clone()),
                )),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn to_all_offers_everyone_and_the_first_accept_wins() {
        // R-Q-2 "to all"
        let mut d = channel(Mode::ToAll, &["ana", "bo"]);
        let fx = d.handle(
            Timestamp(1),
            DispatchInput::Arrived {
                conversation: c("c1"),
                preferred: None,
                rev: 1,
            },
        );
        assert_eq!(
            routes(&fx),
            vec![("c1".into(), vec![u("ana"), u("bo")], None)]
        );
        let fx = d.handle(
            Timestamp(2),
            DispatchInput::Accept {
                conversation: c("c1"),
                operator: u("bo"),
                name: None,
            },
        );
        assert_eq!(routes(&fx), vec![("c1".into(), vec![], Some("BO".into()))]);
        let fx = d.handle(
            Timestamp(2),
            DispatchInput::Accept {
                conversation: c("c1"),
                operator: u("ana"),
                name: None,
            },
        );
        assert_eq!(fx, vec![DispatchEffect::Refused(ActionError::Taken)]);
    }

    #[test]
    fn a_conversation_arriving_with_nobody_online_is_told_so() {
        // R-WH-2, R-AA-3: the online check is on and nobody is online.
        let mut d = Dispatcher::default();
        d.handle(
            Timestamp(0),
            configure(RoutingSettings::default(), &["ana"]),
        );
        let arrive = |id: &str| DispatchInput::Arrived {
            conversation: c(id),
            preferred: None,
            rev: 1,
        };
        let fx = d.handle(Timestamp(1), arrive("c1"));
        assert!(matches!(
            &fx[..],
            [DispatchEffect::Route { route, .. }] if route.unstaffed && route.offered.is_empty()
        ));
        d.handle(
            Timestamp(2),
            DispatchInput::Presence {
                operator: u("ana"),
                presence: Presence::Online,
                seq: 1,
            },
        );
        let fx = d.handle(Timestamp(3), arrive("c2"));
        assert!(fx.iter().all(|e| matches!(
            e,
            DispatchEffect::Route { route, .. } if !route.unstaffed
        )));
    }

    #[test]
    fn the_route_carries_what_visitors_see_of_the_assignee() {
        // R-A-1: the card the account pushed with the queue; none for an
        // operator without one (the channel hides operators).
        let mut d = Dispatcher::default();
        let card = OperatorCard {
            name: "Sales team".into(),
            position: None,
            avatar: None,
        };
        d.handle(
            Timestamp(0),
            DispatchInput::Configure {
                active: true,
                settings: RoutingSettings {
                    mode: Mode::Strict,
                    check_online: false,
                    ..RoutingSettings::default()
                },
                queue: vec![info("ana"), info("bo")],
                deactivated: vec![],
                cards: BTreeMap::from([(u("ana"), card.clone())]),
            },
        );
        let cards = |d: &mut Dispatcher, id: &str, who: &str| {
            d.handle(
                Timestamp(1),
                DispatchInput::Arrived {
                    conversation: c(id),
                    preferred: None,
                    rev: 1,
                },
            );
            let fx = d.handle(
                Timestamp(2),
                DispatchInput::Transfer {
                    conversation: c(id),
                    by: u("root"),
                    admin: true,
                    to: Some(u(who)),
                },
            );
            match &fx[..] {
                [DispatchEffect::Route { route, .. }, DispatchEffect::Took { .. }] => {
                    assert_eq!(route.assignee.as_ref().map(|a| a.id.clone()), Some(u(who)));
                    route.card.clone()
                }
                other => panic!("{other:?}"),
            }
        };
        assert_eq!(cards(&mut d, "c1", "ana"), Some(card));
        assert_eq!(cards(&mut d, "c2", "bo"), None);
    }

    #[test]
    fn r_ch_5_switching_the_channel_off_and_on_tells_every_conversation() {
        let mut d = channel(Mode::Strict, &["ana"]);
        d.handle(
            Timestamp(1),
            DispatchInput::Arrived {
                conversation: c("c1"),
                preferred: None,
                rev: 1,
            },
        );
        d.handle(
            Timestamp(1),
            DispatchInput::Arrived {
                conversation: c("c2"),
                preferred: None,
                rev: 1,
            },
        );
        let switched = |active: bool| DispatchInput::Configure {
            active,
            settings: *d.router().settings(),
            queue: vec![info("ana")],
            deactivated: vec![],
            cards: BTreeMap::new(),
        };
        let (off, on) = (switched(false), switched(true));
        let paused = |fx: &[DispatchEffect]| {
            let mut v: Vec<(String, bool)> = fx
                .iter()
                .filter_map(|e| match e {
                    DispatchEffect::Route {
                        conversation,
                        route,
                    } => Some((conversation.to_string(), route.paused)),
                    _ => None,
                })
                .collect();
            v.sort();
            v
        };
        let fx = d.handle(Timestamp(2), off.clone());
        assert_eq!(paused(&fx), vec![("c1".into(), true), ("c2".into(), true)]);
        // Nothing changed: nothing to tell.
        assert_eq!(paused(&d.handle(Timestamp(3), off)), vec![]);
        // A conversation that arrives meanwhile learns it too.
        let fx = d.handle(
            Timestamp(4),
            DispatchInput::Arrived {
                conversation: c("c3"),
                preferred: None,
                rev: 1,
            },
        );
        assert!(paused(&fx).iter().all(|(_, p)| *p), "{fx:?}");
        let fx = d.handle(Timestamp(5), on);
        assert_eq!(
            paused(&fx),
            vec![
                ("c1".into(), false),
                ("c2".into(), false),
                ("c3".into(), false)
            ]
        );
    }

    // R-CH-5: a switched-off channel offers nobody a conversation nobody may
    // answer, and refuses an accept with the reason; switched on, the offers
    // come back and the accept goes through.
    #[test]
    fn r_ch_5_a_switched_off_channel_offers_nothing_and_refuses_accepts() {
        let mut d = channel(Mode::ToAll, &["ana", "bo"]);
        let switched = |d: &Dispatcher, active: bool| DispatchInput::Configure {
            active,
            settings: *d.router().settings(),
            queue: vec![info("ana"), info("bo")],
            deactivated: vec![],
            cards: BTreeMap::new(),
        };
        let offered = |fx: &[DispatchEffect], id: &str| -> Vec<Vec<UserId>> {
            fx.iter()
                .filter_map(|e| match e {
                    DispatchEffect::Route {
                        conversation,
                        route,
                    } if conversation == &c(id) => Some(route.offered.clone()),
                    _ => None,
                })
                .collect()
        };
        let arrive = |d: &mut Dispatcher, id: &str, t: i64| {
            d.handle(
                Timestamp(t),
                DispatchInput::Arrived {
                    conversation: c(id),
                    preferred: None,
                    rev: 1,
                },
            )
        };
        let accept = |d: &mut Dispatcher, id: &str, t: i64| {
            d.handle(
                Timestamp(t),
                DispatchInput::Accept {
                    conversation: c(id),
                    operator: u("ana"),
                    name: None,
                },
            )
        };
        // Offered before the switch: withdrawn from everyone by it.
        let fx = arrive(&mut d, "c1", 1);
        assert_eq!(offered(&fx, "c1"), vec![vec![u("ana"), u("bo")]]);
        let off = switched(&d, false);
        let fx = d.handle(Timestamp(2), off);
        assert_eq!(offered(&fx, "c1"), vec![Vec::<UserId>::new()]);
        // Arriving while off: offered to nobody.
        let fx = arrive(&mut d, "c2", 3);
        assert!(offered(&fx, "c2").iter().all(|o| o.is_empty()), "{fx:?}");
        for id in ["c1", "c2"] {
            assert_eq!(
                accept(&mut d, id, 4),
                vec![DispatchEffect::Refused(ActionError::ChannelOff)]
            );
        }
        assert_eq!(
            ActionError::ChannelOff.status(),
            (409, ErrorCode::ChannelDisabled)
        );
        let fx = d.handle(
            Timestamp(5),
            DispatchInput::Decline {
                conversation: c("c2"),
                operator: u("bo"),
            },
        );
        assert_eq!(fx, vec![DispatchEffect::Refused(ActionError::NotOffered)]);
        // Switched on: offered again, and taken.
        let on = switched(&d, true);
        let fx = d.handle(Timestamp(6), on);
        for id in ["c1", "c2"] {
            assert_eq!(offered(&fx, id), vec![vec![u("ana"), u("bo")]], "{id}");
        }
        let fx = accept(&mut d, "c2", 7);
        assert!(
            fx.iter().any(
                |e| matches!(e, DispatchEffect::Took { operator, .. } if operator == &u("ana"))
            ),
            "{fx:?}"
        );
    }

    #[test]
    fn routes_are_numbered_and_stale_updates_ignored() {
        let mut d = channel(Mode::Strict, &["ana", "bo"]);
        let fx = d.handle(
            Timestamp(1),
            DispatchInput::Arrived {
                conversation: c("c1"),
                preferred: None,
                rev: 1,
            },
        );
        let first = match &fx[0] {
            DispatchEffect::Route { route, .. } => route.rev,
            _ => panic!("{fx:?}"),
        };
        // Skip: the next operator in queue order gets it, with a newer number.
        let fx = d.handle(
            Timestamp(2),
            DispatchInput::Decline {
                conversation: c("c1"),
                operator: u("ana"),
            },
        );
        match &fx[..] {
            [DispatchEffect::Route { route, .. }] => {
                assert!(route.rev > first);
                assert_eq!(route.offered, vec![u("bo")]);
            }
            _ => panic!("{fx:?}"),
        }
        // An old presence report does not undo a newer one.
        let fx = d.handle(
            Timestamp(3),
            DispatchInput::Presence {
                operator: u("bo"),
                presence: Presence::Offline,
                seq: 1,
            },
        );
        assert!(fx.is_empty());
        assert_eq!(d.router().presence(&u("bo")), Presence::Online);
    }

    #[test]
    fn only_the_assignee_or_an_admin_transfers_and_only_to_the_queue() {
        // R-Q-6
        let mut d = channel(Mode::Strict, &["ana", "bo"]);
        d.handle(
            Timestamp(1),
            DispatchInput::Arrived {
                conversation: c("c1"),
                preferred: None,
                rev: 1,
            },
        );
        d.handle(
            Timestamp(2),
            DispatchInput::Accept {
                conversation: c("c1"),
                operator: u("ana"),
                name: None,
            },
        );
        let transfer = |by: &str, admin, to: Option<&str>| DispatchInput::Transfer {
            conversation: c("c1"),
            by: u(by),
            admin,
            to: to.map(u),
        };
        let fx = d.handle(Timestamp(3), transfer("bo", false, Some("bo")));
        assert_eq!(fx, vec![DispatchEffect::Refused(ActionError::NotYours)]);
        let fx = d.handle(Timestamp(3), transfer("ana", false, Some("zed")));
        assert_eq!(
            fx,
            vec![DispatchEffect::Refused(ActionError::UnknownOperator)]
        );
        let fx = d.handle(Timestamp(3), transfer("ana", false, Some("bo")));
        assert_eq!(routes(&fx), vec![("c1".into(), vec![], Some("BO".into()))]);
        // An admin sends it back to the queue: it is offered again, passing
        // over bo, who just had it.
        let fx = d.handle(Timestamp(4), transfer("root", true, None));
        assert_eq!(routes(&fx), vec![("c1".into(), vec![u("ana")], None)]);
    }

    #[test]
    fn r_crm_5_the_responsible_outside_the_queue_may_take_their_client() {
        let mut d = channel(Mode::Strict, &["ana"]);
        d.handle(
            Timestamp(0),
            DispatchInput::Presence {
                operator: u("bo"),
                presence: Presence::Online,
                seq: 1,
            },
        );
        let fx = d.handle(
            Timestamp(1),
            DispatchInput::Arrived {
                conversation: c("c1"),
                preferred: Some(u("bo")),
                rev: 1,
            },
        );
        assert_eq!(routes(&fx), vec![("c1".into(), vec![u("bo")], None)]);
        // Someone it is not offered to, in the queue or not, may not take it.
        for who in ["ana", "zed"] {
            let fx = d.handle(
                Timestamp(2),
                DispatchInput::Accept {
                    conversation: c("c1"),
                    operator: u(who),
                    name: Some(who.into()),
                },
            );
            assert_eq!(fx, vec![DispatchEffect::Refused(ActionError::NotOffered)]);
        }
        // The responsible does, under the name they go by.
        let fx = d.handle(
            Timestamp(3),
            DispatchInput::Accept {
                conversation: c("c1"),
                operator: u("bo"),
                name: Some("Bo Diddley".into()),
            },
        );
        assert_eq!(
            routes(&fx),
            vec![("c1".into(), vec![], Some("Bo Diddley".into()))]
        );
        assert!(fx.contains(&DispatchEffect::Took {
            conversation: c("c1"),
            operator: u("bo"),
            how: Takeover::Accepted,
        }));
        // Not taken within the idle time: the queue gets it, as ever.
        let fx = d.handle(
            Timestamp(4),
            DispatchInput::Arrived {
                conversation: c("c2"),
                preferred: Some(u("bo")),
                rev: 1,
            },
        );
        assert_eq!(routes(&fx), vec![("c2".into(), vec![u("bo")], None)]);
        let idle = d.next_deadline().expect("the offer's deadline");
        let fx = d.handle(idle, DispatchInput::Tick);
        assert_eq!(routes(&fx), vec![("c2".into(), vec![u("ana")], None)]);
    }

    #[test]
    fn r_crm_6_accepts_and_transfers_are_told_to_the_crm_refusals_are_not() {
        let mut d = channel(Mode::Strict, &["ana", "bo"]);
        d.handle(
            Timestamp(1),
            DispatchInput::Arrived {
                conversation: c("c1"),
                preferred: None,
                rev: 1,
            },
        );
        let took = |fx: &[DispatchEffect]| -> Vec<(String, Takeover)> {
            fx.iter()
                .filter_map(|e| match e {
                    DispatchEffect::Took { operator, how, .. } => {
                        Some((operator.to_string(), *how))
                    }
                    _ => None,
                })
                .collect()
        };
        let accept = |who: &str| DispatchInput::Accept {
            conversation: c("c1"),
            operator: u(who),
            name: None,
        };
        assert_eq!(took(&d.handle(Timestamp(2), accept("bo"))), vec![]);
        assert_eq!(
            took(&d.handle(Timestamp(2), accept("ana"))),
            vec![("ana".into(), Takeover::Accepted)]
        );
        assert_eq!(took(&d.handle(Timestamp(3), accept("bo"))), vec![]);
        let transfer = |by: &str, to: Option<&str>| DispatchInput::Transfer {
            conversation: c("c1"),
            by: u(by),
            admin: false,
            to: to.map(u),
        };
        assert_eq!(
            took(&d.handle(Timestamp(4), transfer("bo", Some("bo")))),
            vec![]
        );
        assert_eq!(
            took(&d.handle(Timestamp(4), transfer("ana", Some("bo")))),
            vec![("bo".into(), Takeover::Transferred)]
        );
        assert_eq!(took(&d.handle(Timestamp(5), transfer("bo", None))), vec![]);
    }

    #[test]
    fn a_deactivated_operator_leaves_the_queue_and_their_conversations_wait_again() {
        let mut d = channel(Mode::Strict, &["ana", "bo"]);
        d.handle(
            Timestamp(1),
            DispatchInput::Arrived {
                conversation: c("c1"),
                preferred: None,
                rev: 1,
            },
        );
        d.handle(
            Timestamp(2),
            DispatchInput::Accept {
                conversation: c("c1"),
                operator: u("ana"),
                name: None,
            },
        );
        let fx = d.handle(
            Timestamp(3),
            DispatchInput::Configure {
                active: true,
                settings: RoutingSettings {
                    mode: Mode::Strict,
                    ..RoutingSettings::default()
                },
                queue: vec![info("bo")],
                deactivated: vec![u("ana")],
                cards: BTreeMap::new(),
            },
        );
        assert_eq!(routes(&fx), vec![("c1".into(), vec![u("bo")], None)]);
        assert_eq!(d.members().len(), 1);
    }

    #[test]
    fn conversations_learn_whether_the_channel_counts_replies() {
        // R-Q-5: only "awaiting the user's reaction" needs every reply; a
        // change of rule reaches every conversation the channel knows.
        let mut d = channel(Mode::Evenly, &["ana"]);
        let fx = d.handle(
            Timestamp(1),
            DispatchInput::Arrived {
                conversation: c("c1"),
                preferred: None,
                rev: 1,
            },
        );
        let counts = |fx: &[DispatchEffect]| -> Vec<bool> {
            fx.iter()
                .filter_map(|e| match e {
                    DispatchEffect::Route { route, .. } => Some(route.counts_replies),
                    _ => None,
                })
                .collect()
        };
        assert_eq!(counts(&fx), vec![false], "no limit: nothing to count");
        let limit = |not_counted| {
            let capacity = Some(crate::routing::Capacity {
                max: 3,
                not_counted,
            });
            let settings = RoutingSettings {
                capacity,
                ..RoutingSettings::default()
            };
            configure(settings, &["ana"])
        };
        let fx = d.handle(Timestamp(2), limit(NotCounted::AwaitingClient));
        assert_eq!(counts(&fx), vec![true]);
        let fx = d.handle(Timestamp(3), limit(NotCounted::AwaitingClient));
        assert!(counts(&fx).is_empty(), "no change, no route");
        let fx = d.handle(Timestamp(4), limit(NotCounted::Answered));
        assert_eq!(counts(&fx), vec![false]);
    }

    #[test]
    fn lifecycle_updates_move_load_and_stale_ones_are_ignored() {
        // R-Q-5 "answered" rule: an answered conversation frees the operator.
        let mut d = Dispatcher::default();
        d.handle(
            Timestamp(0),
            configure(
                RoutingSettings {
                    mode: Mode::Strict,
                    capacity: Some(crate::routing::Capacity {
                        max: 1,
                        not_counted: crate::routing::NotCounted::Answered,
                    }),
                    ..RoutingSettings::default()
                },
                &["ana"],
            ),
        );
        d.handle(
            Timestamp(0),
            DispatchInput::Presence {
                operator: u("ana"),
                presence: Presence::Online,
                seq: 1,
            },
        );
        for id in ["c1", "c2"] {
            d.handle(
                Timestamp(1),
                DispatchInput::Arrived {
                    conversation: c(id),
                    preferred: None,
                    rev: 1,
                },
            );
        }
        d.handle(
            Timestamp(2),
            DispatchInput::Accept {
                conversation: c("c1"),
                operator: u("ana"),
                name: None,
            },
        );
        assert_eq!(d.router().offered_to(&c("c2")), Vec::<UserId>::new());
        let answered = |rev| {
            DispatchInput::Lifecycle(Lifecycle {
                conversation: c("c1"),
                rev,
                answered: true,
                awaiting_client: true,
                phase: crate::routing::Phase::Open,
                finished: false,
            })
        };
        // The arrival carried lifecycle number 1; the answer is number 2.
        let fx = d.handle(Timestamp(3), answered(2));
        // ana has room again: c2 is offered to her at once.
        assert_eq!(routes(&fx), vec![("c2".into(), vec![u("ana")], None)]);
        assert!(d.handle(Timestamp(4), answered(2)).is_empty());
    }

    #[test]
    fn a_snapshot_and_the_inputs_logged_since_restore_the_same_dispatcher() {
        // What the channel's object relies on: replaying the logged inputs
        // (as JSON, with their times) on the last snapshot gives the state
        // it had, which then decides the same way.
        let mut live = channel(Mode::Evenly, &["a", "b"]);
        let snapshot = serde_json::to_string(&live).unwrap();
        let inputs = vec![
            (
                1,
                DispatchInput::Arrived {
                    conversation: c("c1"),
                    preferred: None,
                    rev: 1,
                },
            ),
            (
                2,
                DispatchInput::Arrived {
                    conversation: c("c2"),
                    preferred: None,
                    rev: 1,
                },
            ),
            (
                3,
                DispatchInput::Accept {
                    conversation: c("c1"),
                    operator: u("a"),
                    name: None,
                },
            ),
            (
                4,
                DispatchInput::Decline {
                    conversation: c("c2"),
                    operator: u("b"),
                },
            ),
            (
                5,
                DispatchInput::Presence {
                    operator: u("b"),
                    presence: Presence::Away,
                    seq: 9,
                },
            ),
            (6, DispatchInput::Tick),
        ];
        let mut log = Vec::new();
        for (at, input) in inputs {
            log.push((at, serde_json::to_string(&input).unwrap()));
            live.handle(Timestamp(at), input);
        }
        let mut restored: Dispatcher = serde_json::from_str(&snapshot).unwrap();
        for (at, input) in &log {
            restored.handle(Timestamp(*at), serde_json::from_str(input).unwrap());
        }
        assert_eq!(restored, live);
        let next = DispatchInput::Arrived {
            conversation: c("c3"),
            preferred: None,
            rev: 1,
        };
        assert_eq!(
            restored.handle(Timestamp(7), next.clone()),
            live.handle(Timestamp(7), next)
        );
    }
}
