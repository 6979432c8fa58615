//! A plain, scanning implementation of the router: the model the indexed
//! router must agree with, and the benchmark's baseline.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::{
    Conv, Mode, NotCounted, Offer, Phase, Presence, Refusal, RouterEffect, RouterInput,
    RoutingSettings,
};
use crate::ids::{ConversationId, UserId};
use crate::time::Timestamp;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
struct Operator {
    presence: Presence,
    last_assigned: Option<Timestamp>,
}

/// The straightforward router: every decision scans every operator and
/// conversation. The reference the indexed [`super::Router`] is tested
/// against, and the baseline of its benchmark.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NaiveRouter {
    settings: RoutingSettings,
    queue: Vec<UserId>,
    operators: BTreeMap<UserId, Operator>,
    conversations: BTreeMap<ConversationId, Conv>,
    /// Unassigned conversations with no offer out, oldest first.
    waiting: BTreeSet<(Timestamp, ConversationId)>,
}

impl NaiveRouter {
    /// An empty router with these settings.
    pub fn new(settings: RoutingSettings) -> Self {
        Self {
            settings,
            queue: Vec::new(),
            operators: BTreeMap::new(),
            conversations: BTreeMap::new(),
            waiting: BTreeSet::new(),
        }
    }

    /// The settings in force.
    pub fn settings(&self) -> &RoutingSettings {
        &self.settings
    }

    /// When to send the next [`RouterInput::Tick`], if anything is timed.
    pub fn next_deadline(&self) -> Option<Timestamp> {
        self.conversations
            .values()
            .filter_map(|c| c.offer.as_ref()?.expires)
            .min()
    }

    /// Who answers `conversation`, if anyone.
    pub fn assignee(&self, conversation: &ConversationId) -> Option<&UserId> {
        self.conversations.get(conversation)?.assignee.as_ref()
    }

    /// Who `conversation` is offered to now.
    pub fn offered_to(&self, conversation: &ConversationId) -> Vec<UserId> {
        self.conversations
            .get(conversation)
            .and_then(|c| c.offer.as_ref())
            .map(|o| o.to.iter().cloned().collect())
            .unwrap_or_default()
    }

    /// Conversations waiting with no offer out, oldest first.
    pub fn waiting(&self) -> impl Iterator<Item = &ConversationId> {
        self.waiting.iter().map(|(_, id)| id)
    }

    /// The operator's load as R-Q-5 counts it.
    pub fn load(&self, operator: &UserId) -> u32 {
        let rule = self
            .settings
            .capacity
            .map_or(NotCounted::Closed, |c| c.not_counted);
        let n = self
            .conversations
            .values()
            .filter(|c| c.assignee.as_ref() == Some(operator) && counted(c, rule))
            .count();
        u32::try_from(n).unwrap_or(u32::MAX)
    }

    /// An operator's presence (unknown operators are offline).
    pub fn presence(&self, operator: &UserId) -> Presence {
        self.operators
            .get(operator)
            .map_or(Presence::Offline, |o| o.presence)
    }

    /// Whether `operator` could take one more conversation now, queue aside:
    /// online if the check is on, and under the limit counting the offers out
    /// to them.
    pub fn has_room(&self, operator: &UserId) -> bool {
        self.room(operator, &self.loads())
    }

    /// Feeds one input at `now`; returns what to do, in order.
    pub fn handle(&mut self, now: Timestamp, input: RouterInput) -> Vec<RouterEffect> {
        let mut fx = Vec::new();
        match input {
            RouterInput::Arrived {
                conversation,
                preferred,
            } => {
                if !self.conversations.contains_key(&conversation) {
                    // The preferred operator gets one chance, first (R-CRM-5).
                    let direct = preferred.clone().filter(|p| self.has_room(p));
                    let mut c = Conv {
                        arrived: now,
                        preferred: preferred.clone(),
                        assignee: None,
                        offer: None,
                        tried: preferred.into_iter().collect(),
                        answered: false,
                        awaiting_client: false,
                        phase: Phase::Open,
                    };
                    match direct {
                        Some(p) => {
                            c.offer = Some(Offer {
                                to: BTreeSet::from([p.clone()]),
                                expires: Some(now.plus_ms(self.settings.idle_ms)),
                            });
                            fx.push(RouterEffect::Offer {
                                conversation: conversation.clone(),
                                to: vec![p],
                            });
                        }
                        None => {
                            self.waiting.insert((now, conversation.clone()));
                        }
                    }
                    self.conversations.insert(conversation, c);
                }
            }
            RouterInput::Accepted {
                conversation,
                operator,
            } => self.accept(now, conversation, operator, &mut fx),
            RouterInput::Declined {
                conversation,
                operator,
            } => self.decline(conversation, operator, &mut fx),
            RouterInput::Presence { operator, presence } => {
                self.operators
                    .entry(operator.clone())
                    .or_insert(Operator {
                        presence,
                        last_assigned: None,
                    })
                    .presence = presence;
                if presence != Presence::Online && self.settings.check_online {
                    self.withdraw_all_from(&operator, &mut fx);
                }
            }
            RouterInput::Answered { conversation } => {
                if let Some(c) = self.conversations.get_mut(&conversation) {
                    c.answered = true;
                    c.awaiting_client = true;
                }
            }
            RouterInput::ClientReplied { conversation } => {
                if let Some(c) = self.conversations.get_mut(&conversation) {
                    c.awaiting_client = false;
                }
            }
            RouterInput::PhaseChanged {
                conversation,
                phase,
            } => {
                if let Some(c) = self.conversations.get_mut(&conversation) {
                    c.phase = phase;
                }
            }
            RouterInput::Finished { conversation } => {
                self.withdraw(&conversation, &mut fx);
                if let Some(c) = self.conversations.remove(&conversation) {
                    self.waiting.remove(&(c.arrived, conversation));
                }
            }
            RouterInput::Transfer { conversation, to } => {
                self.transfer(now, conversation, to, &mut fx)
            }
            RouterInput::Settings(settings) => {
                let mode_changed = settings.mode != self.settings.mode;
                self.settings = settings;
                if mode_changed {
                    let offered: Vec<ConversationId> = self
                        .conversations
                        .iter()
                        .filter(|(_, c)| c.offer.is_some())
                        .map(|(id, _)| id.clone())
                        .collect();
                    for id in offered {
                        self.withdraw(&id, &mut fx);
                    }
                }
            }
            RouterInput::Queue(queue) => {
                self.queue = queue;
                for op in &self.queue {
                    self.operators.entry(op.clone()).or_insert(Operator {
                        presence: Presence::Offline,
                        last_assigned: None,
                    });
                }
                let gone: Vec<UserId> = self
                    .operators
                    .keys()
                    .filter(|op| !self.queue.contains(op))
                    .cloned()
                    .collect();
                for op in gone {
                    self.withdraw_queue_offers_from(&op, &mut fx);
                }
            }
            RouterInput::Tick => self.expire(now, &mut fx),
        }
        self.dispatch(now, &mut fx);
        fx
    }

    fn accept(
        &mut self,
        now: Timestamp,
        id: ConversationId,
        op: UserId,
        fx: &mut Vec<RouterEffect>,
    ) {
        let refuse = |reason| RouterEffect::Refused {
            conversation: id.clone(),
            operator: op.clone(),
            reason,
        };
        let Some(c) = self.conversations.get(&id) else {
            return fx.push(refuse(Refusal::Unknown));
        };
        if c.assignee.is_some() {
            return fx.push(refuse(Refusal::Taken));
        }
        let Some(offer) = c.offer.as_ref().filter(|o| o.to.contains(&op)) else {
            return fx.push(refuse(Refusal::NotOffered));
        };
        let to_all = offer.expires.is_none();
        if to_all {
            if let Some(cap) = self.settings.capacity {
                // With the one-operator offers out to them.
                if self.loads().get(&op).copied().unwrap_or(0) >= cap.max {
                    return fx.push(refuse(Refusal::Full));
                }
            }
        }
        let others: Vec<UserId> = offer.to.iter().filter(|o| **o != op).cloned().collect();
        let c = self.conversations.get_mut(&id).expect("checked above");
        c.offer = None;
        c.assignee = Some(op.clone());
        if !others.is_empty() {
            fx.push(RouterEffect::Withdraw {
                conversation: id.clone(),
                from: others,
            });
        }
        self.assigned(now, id, op, fx);
    }

    fn assigned(
        &mut self,
        now: Timestamp,
        id: ConversationId,
        op: UserId,
        fx: &mut Vec<RouterEffect>,
    ) {
        if let Some(o) = self.operators.get_mut(&op) {
            o.last_assigned = Some(now);
        } else {
            self.operators.insert(
                op.clone(),
                Operator {
                    presence: Presence::Offline,
                    last_assigned: Some(now),
                },
            );
        }
        fx.push(RouterEffect::Assign {
            conversation: id,
            operator: op,
        });
    }

    fn decline(&mut self, id: ConversationId, op: UserId, fx: &mut Vec<RouterEffect>) {
        let Some(c) = self.conversations.get_mut(&id) else {
            return;
        };
        let Some(offer) = c.offer.as_mut() else {
            return;
        };
        if !offer.to.remove(&op) {
            return;
        }
        c.tried.insert(op.clone());
        fx.push(RouterEffect::Withdraw {
            conversation: id.clone(),
            from: vec![op],
        });
        if offer.to.is_empty() {
            c.offer = None;
            self.waiting.insert((c.arrived, id));
        }
    }

    fn transfer(
        &mut self,
        now: Timestamp,
        id: ConversationId,
        to: Option<UserId>,
        fx: &mut Vec<RouterEffect>,
    ) {
        let Some(c) = self.conversations.get(&id) else {
            if let Some(op) = to {
                fx.push(RouterEffect::Refused {
                    conversation: id,
                    operator: op,
                    reason: Refusal::Unknown,
                });
            }
            return;
        };
        let previous = c.assignee.clone();
        if let Some(op) = &to {
            if let Some(cap) = self.settings.capacity {
                if previous.as_ref() != Some(op) && self.load(op) >= cap.max {
                    return fx.push(RouterEffect::Refused {
                        conversation: id,
                        operator: op.clone(),
                        reason: Refusal::Full,
                    });
                }
            }
        }
        self.withdraw(&id, fx);
        let c = self.conversations.get_mut(&id).expect("checked above");
        c.assignee = None;
        c.answered = false;
        c.awaiting_client = false;
        match to {
            Some(op) => {
                self.waiting.remove(&(c.arrived, id.clone()));
                c.assignee = Some(op.clone());
                self.assigned(now, id, op, fx);
            }
            None => {
                // Back to the queue: the previous operator is passed over first.
                c.tried = previous.into_iter().collect();
                self.waiting.insert((c.arrived, id));
            }
        }
    }

    /// Takes back an offer of `id`, if any; it waits again.
    fn withdraw(&mut self, id: &ConversationId, fx: &mut Vec<RouterEffect>) {
        let Some(c) = self.conversations.get_mut(id) else {
            return;
        };
        if let Some(offer) = c.offer.take() {
            fx.push(RouterEffect::Withdraw {
                conversation: id.clone(),
                from: offer.to.into_iter().collect(),
            });
            if c.assignee.is_none() {
                self.waiting.insert((c.arrived, id.clone()));
            }
        }
    }

    /// Takes back every offer out to `op` (they went away or offline).
    fn withdraw_all_from(&mut self, op: &UserId, fx: &mut Vec<RouterEffect>) {
        let ids: Vec<ConversationId> = self
            .conversations
            .iter()
            .filter(|(_, c)| c.offer.as_ref().is_some_and(|o| o.to.contains(op)))
            .map(|(id, _)| id.clone())
            .collect();
        for id in ids {
            self.decline(id, op.clone(), fx);
        }
    }

    /// Takes back offers out to `op` that came from the queue (they left it);
    /// an offer made to them as the preferred operator stays.
    fn withdraw_queue_offers_from(&mut self, op: &UserId, fx: &mut Vec<RouterEffect>) {
        let ids: Vec<ConversationId> = self
            .conversations
            .iter()
            .filter(|(_, c)| {
                c.preferred.as_ref() != Some(op)
                    && c.offer.as_ref().is_some_and(|o| o.to.contains(op))
            })
            .map(|(id, _)| id.clone())
            .collect();
        for id in ids {
            self.decline(id, op.clone(), fx);
        }
    }

    /// Offers whose idle time ran out move on (R-Q-3).
    fn expire(&mut self, now: Timestamp, fx: &mut Vec<RouterEffect>) {
        let expired: Vec<(ConversationId, Vec<UserId>)> = self
            .conversations
            .iter()
            .filter_map(|(id, c)| {
                let o = c.offer.as_ref()?;
                (o.expires? <= now).then(|| (id.clone(), o.to.iter().cloned().collect()))
            })
            .collect();
        for (id, ops) in expired {
            for op in ops {
                self.decline(id.clone(), op, fx);
            }
        }
    }

    /// Every operator's load plus timed offers out to them, computed once
    /// per dispatch.
    fn loads(&self) -> BTreeMap<UserId, u32> {
        let rule = self
            .settings
            .capacity
            .map_or(NotCounted::Closed, |c| c.not_counted);
        let mut loads: BTreeMap<UserId, u32> = BTreeMap::new();
        for c in self.conversations.values() {
            if let Some(op) = c.assignee.as_ref().filter(|_| counted(c, rule)) {
                *loads.entry(op.clone()).or_default() += 1;
            }
            if let Some(o) = c.offer.as_ref().filter(|o| o.expires.is_some()) {
                for op in &o.to {
                    *loads.entry(op.clone()).or_default() += 1;
                }
            }
        }
        loads
    }

    fn room(&self, op: &UserId, loads: &BTreeMap<UserId, u32>) -> bool {
        let available = !self.settings.check_online || self.presence(op) == Presence::Online;
        let room = self
            .settings
            .capacity
            .is_none_or(|c| loads.get(op).copied().unwrap_or(0) < c.max);
        available && room
    }

    /// Hands out waiting conversations, oldest first, while anyone has room;
    /// in "to all" mode, also shows open offers to operators who became
    /// eligible since.
    fn dispatch(&mut self, now: Timestamp, fx: &mut Vec<RouterEffect>) {
        let mut loads = self.loads();
        let waiting: Vec<(Timestamp, ConversationId)> = self.waiting.iter().cloned().collect();
        for (arrived, id) in waiting {
            if !self.queue.iter().any(|op| self.room(op, &loads)) {
                // Nobody can take anything: the rest keeps waiting, in order.
                break;
            }
            let Some((to, timed)) = self.choose(&id, &loads) else {
                continue;
            };
            let expires = timed.then(|| now.plus_ms(self.settings.idle_ms));
            if timed {
                for op in &to {
                    *loads.entry(op.clone()).or_default() += 1;
                }
            }
            self.waiting.remove(&(arrived, id.clone()));
            let c = self.conversations.get_mut(&id).expect("waiting ones exist");
            c.offer = Some(Offer {
                to: to.iter().cloned().collect(),
                expires,
            });
            fx.push(RouterEffect::Offer {
                conversation: id,
                to,
            });
        }
        if self.settings.mode == Mode::ToAll {
            self.widen_offers(&loads, fx);
        }
    }

    /// "To all": operators who became eligible see the open offers too.
    fn widen_offers(&mut self, loads: &BTreeMap<UserId, u32>, fx: &mut Vec<RouterEffect>) {
        let eligible: Vec<UserId> = self
            .queue
            .iter()
            .filter(|op| self.room(op, loads))
            .cloned()
            .collect();
        if eligible.is_empty() {
            return;
        }
        for (id, c) in self.conversations.iter_mut() {
            let Some(offer) = c.offer.as_mut().filter(|o| o.expires.is_none()) else {
                continue;
            };
            let new: Vec<UserId> = eligible
                .iter()
                .filter(|op| !offer.to.contains(*op) && !c.tried.contains(*op))
                .cloned()
                .collect();
            if !new.is_empty() {
                offer.to.extend(new.iter().cloned());
                fx.push(RouterEffect::Offer {
                    conversation: id.clone(),
                    to: new,
                });
            }
        }
    }

    /// Whom to offer `id` to now, per the mode, and whether the offer times
    /// out (every offer but a "to all" one). Clears the tried list once
    /// everyone eligible was tried, so it cycles through the queue.
    fn choose(
        &mut self,
        id: &ConversationId,
        loads: &BTreeMap<UserId, u32>,
    ) -> Option<(Vec<UserId>, bool)> {
        let c = &self.conversations[id];
        let pick = self.pick(c, loads);
        if pick.is_some() || c.tried.is_empty() {
            return pick;
        }
        self.conversations
            .get_mut(id)
            .expect("exists")
            .tried
            .clear();
        self.pick(&self.conversations[id], loads)
    }

    fn pick(&self, c: &Conv, loads: &BTreeMap<UserId, u32>) -> Option<(Vec<UserId>, bool)> {
        let mut eligible = self
            .queue
            .iter()
            .filter(|op| !c.tried.contains(*op) && self.room(op, loads));
        match self.settings.mode {
            Mode::Strict => eligible.next().map(|op| (vec![op.clone()], true)),
            Mode::Evenly => eligible
                .enumerate()
                .min_by_key(|(position, op)| {
                    let last = self.operators.get(*op).and_then(|o| o.last_assigned);
                    (loads.get(*op).copied().unwrap_or(0), last, *position)
                })
                .map(|(_, op)| (vec![op.clone()], true)),
            Mode::ToAll => {
                let all: Vec<UserId> = eligible.cloned().collect();
                (!all.is_empty()).then_some((all, false))
            }
        }
    }
}

fn counted(c: &Conv, rule: NotCounted) -> bool {
    super::counted(c.phase, c.answered, c.awaiting_client, rule)
}

impl NaiveRouter {
    /// A router built in one go, for benchmarks: `queue` all online, each of
    /// `assigned` taken by its operator at `now`, `waiting` in that order.
    pub fn from_state(
        settings: RoutingSettings,
        queue: Vec<UserId>,
        assigned: Vec<(ConversationId, UserId)>,
        waiting: Vec<ConversationId>,
        now: Timestamp,
    ) -> Self {
        let mut r = Self::new(settings);
        for op in &queue {
            r.operators.insert(
                op.clone(),
                Operator {
                    presence: Presence::Online,
                    last_assigned: None,
                },
            );
        }
        r.queue = queue;
        let conv = |assignee: Option<UserId>| Conv {
            arrived: now,
            preferred: None,
            assignee,
            offer: None,
            tried: BTreeSet::new(),
            answered: false,
            awaiting_client: false,
            phase: Phase::Open,
        };
        for (id, op) in assigned {
            if let Some(o) = r.operators.get_mut(&op) {
                o.last_assigned = Some(now);
            }
            r.conversations.insert(id, conv(Some(op)));
        }
        for (i, id) in waiting.into_iter().enumerate() {
            let mut c = conv(None);
            c.arrived = now.plus_ms(i as i64);
            r.waiting.insert((c.arrived, id.clone()));
            r.conversations.insert(id, c);
        }
        r
    }
}
