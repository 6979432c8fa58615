//! The routing backend of a channel (R-Q-1…6): which operator gets which
//! conversation, and when an offer moves on.
//!
//! A [`Router`] is fed [`RouterInput`]s with the current time and answers with
//! [`RouterEffect`]s (offer, withdraw, assign, refuse); [`Router::next_deadline`]
//! says when to call it again with [`RouterInput::Tick`] (a Durable Object
//! alarm). A late or repeated tick changes nothing. Departments are expanded
//! into their members by the caller (R-Q-1); the router sees operators only.
//!
//! Every decision is O(log n) in operators and conversations: the router keeps
//! each operator's load, the operators with room ordered by queue position and
//! by load, the waiting conversations by age, and the offers by deadline and
//! by operator, and updates them as things change. (The scanning `naive`
//! router, behind a feature, is the model it is tested against.)

#[cfg(any(test, feature = "naive-router"))]
pub mod naive;
mod settings;
#[cfg(test)]
mod tests;

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

pub use settings::{
    Capacity, Mode, NotCounted, RoutingSettings, SettingsError, MAX_CAPACITY, MAX_IDLE_MS,
    MIN_IDLE_MS,
};

use crate::ids::{ConversationId, UserId};
pub use crate::protocol::Presence;
use crate::time::Timestamp;

/// Where an assigned conversation stands, for counting load (R-Q-5).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    /// Open.
    Open,
    /// Closed by the operator.
    Closed,
    /// Closed, waiting for the client's rating.
    AwaitingRating,
}

/// An input to the router.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RouterInput {
    /// A conversation needs an operator; `preferred` gets it first, queue or
    /// not (R-CRM-5).
    Arrived {
        /// The conversation.
        conversation: ConversationId,
        /// Its CRM responsible, if the client is known.
        preferred: Option<UserId>,
    },
    /// An operator accepts an offer.
    Accepted {
        /// The conversation.
        conversation: ConversationId,
        /// Who accepts.
        operator: UserId,
    },
    /// An operator skips an offer.
    Declined {
        /// The conversation.
        conversation: ConversationId,
        /// Who skips.
        operator: UserId,
    },
    /// An operator's presence changed.
    Presence {
        /// Who.
        operator: UserId,
        /// Now.
        presence: Presence,
    },
    /// The assigned operator answered.
    Answered {
        /// The conversation.
        conversation: ConversationId,
    },
    /// The client wrote after the operator's answer.
    ClientReplied {
        /// The conversation.
        conversation: ConversationId,
    },
    /// The conversation was closed or waits for a rating.
    PhaseChanged {
        /// The conversation.
        conversation: ConversationId,
        /// Its phase now.
        phase: Phase,
    },
    /// The conversation is over for good; the router forgets it.
    Finished {
        /// The conversation.
        conversation: ConversationId,
    },
    /// A manual transfer to an operator, or back to the queue (R-Q-6).
    Transfer {
        /// The conversation.
        conversation: ConversationId,
        /// The new operator; `None` puts it back in the queue.
        to: Option<UserId>,
    },
    /// New settings (already validated).
    Settings(RoutingSettings),
    /// The queue's operators, in order (departments expanded).
    Queue(Vec<UserId>),
    /// A deadline passed.
    Tick,
}

/// Why an accept or a transfer was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Refusal {
    /// Someone else has it (the losing side of a race).
    Taken,
    /// It was not offered to this operator (or the offer was withdrawn).
    NotOffered,
    /// The operator is at their limit.
    Full,
    /// No such conversation or operator.
    Unknown,
}

/// What the router decided.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RouterEffect {
    /// Show the conversation to these operators with Accept and Skip.
    Offer {
        /// The conversation.
        conversation: ConversationId,
        /// To whom.
        to: Vec<UserId>,
    },
    /// Take the offer back from these operators.
    Withdraw {
        /// The conversation.
        conversation: ConversationId,
        /// From whom.
        from: Vec<UserId>,
    },
    /// The conversation is this operator's now.
    Assign {
        /// The conversation.
        conversation: ConversationId,
        /// Its operator.
        operator: UserId,
    },
    /// An accept or a transfer was refused.
    Refused {
        /// The conversation.
        conversation: ConversationId,
        /// Who tried.
        operator: UserId,
        /// Why.
        reason: Refusal,
    },
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
struct Offer {
    to: BTreeSet<UserId>,
    /// When a one-operator offer moves on (`None` for "to all").
    expires: Option<Timestamp>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
struct Conv {
    arrived: Timestamp,
    preferred: Option<UserId>,
    assignee: Option<UserId>,
    offer: Option<Offer>,
    tried: BTreeSet<UserId>,
    answered: bool,
    awaiting_client: bool,
    phase: Phase,
}

/// The order of operators with room in "evenly" mode: least load (with the
/// offers out to them), then assigned longest ago, then queue position.
type EvenKey = (u32, Option<Timestamp>, usize, UserId);

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
struct Operator {
    presence: Option<Presence>,
    last_assigned: Option<Timestamp>,
    /// Assigned conversations that count (R-Q-5).
    assigned: u32,
    /// One-operator offers out to them (they would count if accepted).
    reserved: u32,
    /// Their entry in the indexes of operators with room, if any.
    indexed: Option<EvenKey>,
}

/// A channel's router (serializable, so its object can save it).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Router {
    settings: RoutingSettings,
    queue: Vec<UserId>,
    position: BTreeMap<UserId, usize>,
    operators: BTreeMap<UserId, Operator>,
    conversations: BTreeMap<ConversationId, Conv>,
    /// Unassigned conversations with no offer out, oldest first.
    waiting: BTreeSet<(Timestamp, ConversationId)>,
    /// One-operator offers by deadline.
    deadlines: BTreeSet<(Timestamp, ConversationId)>,
    /// Open "to all" offers.
    to_all: BTreeSet<ConversationId>,
    /// Every offer out to each operator.
    offers_by_op: BTreeMap<UserId, BTreeSet<ConversationId>>,
    /// Queue operators with room, by queue position.
    available: BTreeSet<(usize, UserId)>,
    /// The same operators, in "evenly" order.
    even: BTreeSet<EvenKey>,
    /// Operators who got room during the current input ("to all" widens to them).
    #[serde(skip)]
    fresh: Vec<UserId>,
}

impl Router {
    /// An empty router with these settings.
    pub fn new(settings: RoutingSettings) -> Self {
        Self {
            settings,
            queue: Vec::new(),
            position: BTreeMap::new(),
            operators: BTreeMap::new(),
            conversations: BTreeMap::new(),
            waiting: BTreeSet::new(),
            deadlines: BTreeSet::new(),
            to_all: BTreeSet::new(),
            offers_by_op: BTreeMap::new(),
            available: BTreeSet::new(),
            even: BTreeSet::new(),
            fresh: Vec::new(),
        }
    }

    /// The settings in force.
    pub fn settings(&self) -> &RoutingSettings {
        &self.settings
    }

    /// When to send the next [`RouterInput::Tick`], if anything is timed.
    pub fn next_deadline(&self) -> Option<Timestamp> {
        self.deadlines.first().map(|(t, _)| *t)
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

    /// The conversations assigned to `operator` (a scan: for rare events such
    /// as a deactivation).
    pub fn assigned_to(&self, operator: &UserId) -> Vec<ConversationId> {
        self.conversations
            .iter()
            .filter(|(_, c)| c.assignee.as_ref() == Some(operator))
            .map(|(id, _)| id.clone())
            .collect()
    }

    /// Whether the router knows `conversation`.
    pub fn knows(&self, conversation: &ConversationId) -> bool {
        self.conversations.contains_key(conversation)
    }

    /// The queue's operators, in order.
    pub fn queue(&self) -> &[UserId] {
        &self.queue
    }

    /// Conversations waiting with no offer out, oldest first.
    pub fn waiting(&self) -> impl Iterator<Item = &ConversationId> {
        self.waiting.iter().map(|(_, id)| id)
    }

    /// Open conversations with no operator yet, offered or not.
    pub fn unassigned(&self) -> usize {
        self.conversations
            .values()
            .filter(|c| c.assignee.is_none())
            .count()
    }

    /// The operator's load as R-Q-5 counts it.
    pub fn load(&self, operator: &UserId) -> u32 {
        self.operators.get(operator).map_or(0, |o| o.assigned)
    }

    /// An operator's presence (unknown operators are offline).
    pub fn presence(&self, operator: &UserId) -> Presence {
        self.operators
            .get(operator)
            .and_then(|o| o.presence)
            .unwrap_or(Presence::Offline)
    }

    /// Whether `operator` could take one more conversation now, queue aside:
    /// online if the check is on, and under the limit counting the offers out
    /// to them.
    pub fn has_room(&self, operator: &UserId) -> bool {
        let default = Operator::default();
        self.room(self.operators.get(operator).unwrap_or(&default))
    }

    fn room(&self, o: &Operator) -> bool {
        let online = o.presence.unwrap_or(Presence::Offline) == Presence::Online;
        (!self.settings.check_online || online)
            && self
                .settings
                .capacity
                .is_none_or(|c| o.assigned + o.reserved < c.max)
    }

    /// What the operators' limit leaves out, when there is a limit (R-Q-5).
    pub fn not_counted(&self) -> Option<NotCounted> {
        self.settings.capacity.map(|c| c.not_counted)
    }

    /// The rule in force (without a limit, which one does not matter).
    fn rule(&self) -> NotCounted {
        self.not_counted().unwrap_or(NotCounted::Closed)
    }

    /// Puts `op` in (or takes them out of) the indexes of operators with room.
    fn refresh(&mut self, op: &UserId) {
        let Some(o) = self.operators.get(op) else {
            return;
        };
        let key = match (self.position.get(op), self.room(o)) {
            (Some(&pos), true) => Some((o.assigned + o.reserved, o.last_assigned, pos, op.clone())),
            _ => None,
        };
        if key == o.indexed {
            return;
        }
        let old = o.indexed.clone();
        if let Some(k) = &old {
            self.available.remove(&(k.2, op.clone()));
            self.even.remove(k);
        }
        if let Some(k) = &key {
            self.available.insert((k.2, op.clone()));
            self.even.insert(k.clone());
            if old.is_none() {
                self.fresh.push(op.clone());
            }
        }
        self.operators.get_mut(op).expect("checked above").indexed = key;
    }

    fn refresh_all(&mut self) {
        let ops: Vec<UserId> = self.operators.keys().cloned().collect();
        for op in ops {
            self.refresh(&op);
        }
    }

    fn operator(&mut self, op: &UserId) -> &mut Operator {
        self.operators.entry(op.clone()).or_default()
    }

    /// Changes a conversation and keeps its operator's load right.
    fn update_conv(&mut self, id: &ConversationId, f: impl FnOnce(&mut Conv)) {
        let rule = self.rule();
        let Some(c) = self.conversations.get_mut(id) else {
            return;
        };
        let counts = |c: &Conv| {
            c.assignee
                .clone()
                .filter(|_| counted(c.phase, c.answered, c.awaiting_client, rule))
        };
        let before = counts(c);
        f(c);
        let after = counts(c);
        if before != after {
            if let Some(op) = before {
                self.operator(&op).assigned -= 1;
                self.refresh(&op);
            }
            if let Some(op) = after {
                self.operator(&op).assigned += 1;
                self.refresh(&op);
            }
        }
    }

    /// Replaces a conversation's offer, keeping the offer indexes right.
    fn set_offer(&mut self, id: &ConversationId, offer: Option<Offer>) -> Option<Offer> {
        let c = self.conversations.get_mut(id)?;
        let old = std::mem::replace(&mut c.offer, offer.clone());
        if let Some(o) = &old {
            match o.expires {
                Some(t) => {
                    self.deadlines.remove(&(t, id.clone()));
                }
                None => {
                    self.to_all.remove(id);
                }
            }
            for op in &o.to {
                if let Some(set) = self.offers_by_op.get_mut(op) {
                    set.remove(id);
                }
                if o.expires.is_some() {
                    self.operator(op).reserved -= 1;
                    self.refresh(op);
                }
            }
        }
        if let Some(o) = &offer {
            match o.expires {
                Some(t) => {
                    self.deadlines.insert((t, id.clone()));
                }
                None => {
                    self.to_all.insert(id.clone());
                }
            }
            for op in &o.to {
                self.offers_by_op
                    .entry(op.clone())
                    .or_default()
                    .insert(id.clone());
                if o.expires.is_some() {
                    self.operator(op).reserved += 1;
                    self.refresh(op);
                }
            }
        }
        old
    }

    /// Feeds one input at `now`; returns what to do, in order.
    pub fn handle(&mut self, now: Timestamp, input: RouterInput) -> Vec<RouterEffect> {
        let mut fx = Vec::new();
        self.fresh.clear();
        match input {
            RouterInput::Arrived {
                conversation,
                preferred,
            } => self.arrive(now, conversation, preferred, &mut fx),
            RouterInput::Accepted {
                conversation,
                operator,
            } => self.accept(now, conversation, operator, &mut fx),
            RouterInput::Declined {
                conversation,
                operator,
            } => self.decline(&conversation, &operator, &mut fx),
            RouterInput::Presence { operator, presence } => {
                self.operator(&operator).presence = Some(presence);
                self.refresh(&operator);
                if presence != Presence::Online && self.settings.check_online {
                    self.withdraw_all_from(&operator, false, &mut fx);
                }
            }
            RouterInput::Answered { conversation } => self.update_conv(&conversation, |c| {
                c.answered = true;
                c.awaiting_client = true;
            }),
            RouterInput::ClientReplied { conversation } => {
                self.update_conv(&conversation, |c| c.awaiting_client = false)
            }
            RouterInput::PhaseChanged {
                conversation,
                phase,
            } => self.update_conv(&conversation, |c| c.phase = phase),
            RouterInput::Finished { conversation } => {
                self.withdraw(&conversation, &mut fx);
                self.update_conv(&conversation, |c| c.assignee = None);
                if let Some(c) = self.conversations.remove(&conversation) {
                    self.waiting.remove(&(c.arrived, conversation));
                }
            }
            RouterInput::Transfer { conversation, to } => {
                self.transfer(now, conversation, to, &mut fx)
            }
            RouterInput::Settings(settings) => {
                let mode_changed = settings.mode != self.settings.mode;
                let rule_changed = settings.capacity.map(|c| c.not_counted)
                    != self.settings.capacity.map(|c| c.not_counted);
                self.settings = settings;
                if rule_changed {
                    self.recount();
                }
                if mode_changed {
                    let offered: Vec<ConversationId> = self
                        .deadlines
                        .iter()
                        .map(|(_, id)| id.clone())
                        .chain(self.to_all.iter().cloned())
                        .collect();
                    for id in offered {
                        self.withdraw(&id, &mut fx);
                    }
                }
                self.refresh_all();
            }
            RouterInput::Queue(queue) => {
                self.position = queue
                    .iter()
                    .enumerate()
                    .map(|(i, op)| (op.clone(), i))
                    .collect();
                self.queue = queue;
                for op in self.queue.clone() {
                    self.operator(&op);
                }
                let gone: Vec<UserId> = self
                    .operators
                    .keys()
                    .filter(|op| !self.position.contains_key(*op))
                    .cloned()
                    .collect();
                for op in gone {
                    self.withdraw_all_from(&op, true, &mut fx);
                }
                // Positions changed: every index entry is rebuilt.
                for o in self.operators.values_mut() {
                    o.indexed = None;
                }
                self.available.clear();
                self.even.clear();
                self.refresh_all();
            }
            RouterInput::Tick => self.expire(now, &mut fx),
        }
        self.dispatch(now, &mut fx);
        fx
    }

    /// Counts every operator's load again (the counting rule changed).
    fn recount(&mut self) {
        let rule = self.rule();
        let mut loads: BTreeMap<UserId, u32> = BTreeMap::new();
        for c in self.conversations.values() {
            if let Some(op) = &c.assignee {
                if counted(c.phase, c.answered, c.awaiting_client, rule) {
                    *loads.entry(op.clone()).or_default() += 1;
                }
            }
        }
        for (op, o) in self.operators.iter_mut() {
            o.assigned = loads.get(op).copied().unwrap_or(0);
        }
    }

    fn arrive(
        &mut self,
        now: Timestamp,
        id: ConversationId,
        preferred: Option<UserId>,
        fx: &mut Vec<RouterEffect>,
    ) {
        if self.conversations.contains_key(&id) {
            return;
        }
        // The preferred operator gets one chance, first (R-CRM-5).
        let direct = preferred.clone().filter(|p| self.has_room(p));
        self.conversations.insert(
            id.clone(),
            Conv {
                arrived: now,
                preferred: preferred.clone(),
                assignee: None,
                offer: None,
                tried: preferred.into_iter().collect(),
                answered: false,
                awaiting_client: false,
                phase: Phase::Open,
            },
        );
        match direct {
            Some(p) => {
                self.set_offer(
                    &id,
                    Some(Offer {
                        to: BTreeSet::from([p.clone()]),
                        expires: Some(now.plus_ms(self.settings.idle_ms)),
                    }),
                );
                fx.push(RouterEffect::Offer {
                    conversation: id,
                    to: vec![p],
                });
            }
            None => {
                self.waiting.insert((now, id));
            }
        }
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
        if offer.expires.is_none() {
            if let Some(cap) = self.settings.capacity {
                // The one-operator offers out to them count too.
                let o = self.operators.get(&op);
                if o.map_or(0, |o| o.assigned + o.reserved) >= cap.max {
                    return fx.push(refuse(Refusal::Full));
                }
            }
        }
        let others: Vec<UserId> = offer.to.iter().filter(|o| **o != op).cloned().collect();
        self.set_offer(&id, None);
        if !others.is_empty() {
            fx.push(RouterEffect::Withdraw {
                conversation: id.clone(),
                from: others,
            });
        }
        self.assign(now, id, op, fx);
    }

    fn assign(
        &mut self,
        now: Timestamp,
        id: ConversationId,
        op: UserId,
        fx: &mut Vec<RouterEffect>,
    ) {
        self.update_conv(&id, |c| c.assignee = Some(op.clone()));
        self.operator(&op).last_assigned = Some(now);
        self.refresh(&op);
        fx.push(RouterEffect::Assign {
            conversation: id,
            operator: op,
        });
    }

    fn decline(&mut self, id: &ConversationId, op: &UserId, fx: &mut Vec<RouterEffect>) {
        let Some(c) = self.conversations.get_mut(id) else {
            return;
        };
        let Some(mut offer) = c.offer.clone() else {
            return;
        };
        if !offer.to.remove(op) {
            return;
        }
        c.tried.insert(op.clone());
        let arrived = c.arrived;
        fx.push(RouterEffect::Withdraw {
            conversation: id.clone(),
            from: vec![op.clone()],
        });
        if offer.to.is_empty() {
            self.set_offer(id, None);
            self.waiting.insert((arrived, id.clone()));
        } else {
            self.set_offer(id, Some(offer));
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
        if let (Some(op), Some(cap)) = (&to, self.settings.capacity) {
            if previous.as_ref() != Some(op) && self.load(op) >= cap.max {
                return fx.push(RouterEffect::Refused {
                    conversation: id,
                    operator: op.clone(),
                    reason: Refusal::Full,
                });
            }
        }
        self.withdraw(&id, fx);
        self.update_conv(&id, |c| {
            c.assignee = None;
            c.answered = false;
            c.awaiting_client = false;
        });
        let arrived = self.conversations[&id].arrived;
        match to {
            Some(op) => {
                self.waiting.remove(&(arrived, id.clone()));
                self.assign(now, id, op, fx);
            }
            None => {
                // Back to the queue: the previous operator is passed over first.
                self.conversations.get_mut(&id).expect("exists").tried =
                    previous.into_iter().collect();
                self.waiting.insert((arrived, id));
            }
        }
    }

    /// Takes back an offer of `id`, if any; it waits again.
    fn withdraw(&mut self, id: &ConversationId, fx: &mut Vec<RouterEffect>) {
        if let Some(offer) = self.set_offer(id, None) {
            fx.push(RouterEffect::Withdraw {
                conversation: id.clone(),
                from: offer.to.into_iter().collect(),
            });
            let c = &self.conversations[id];
            if c.assignee.is_none() {
                self.waiting.insert((c.arrived, id.clone()));
            }
        }
    }

    /// Takes back the offers out to `op`; with `queue_only`, not those made
    /// to them as the preferred operator.
    fn withdraw_all_from(&mut self, op: &UserId, queue_only: bool, fx: &mut Vec<RouterEffect>) {
        let ids: Vec<ConversationId> = self
            .offers_by_op
            .get(op)
            .map(|s| s.iter().cloned().collect())
            .unwrap_or_default();
        for id in ids {
            if queue_only && self.conversations[&id].preferred.as_ref() == Some(op) {
                continue;
            }
            self.decline(&id, op, fx);
        }
    }

    /// Offers whose idle time ran out move on (R-Q-3).
    fn expire(&mut self, now: Timestamp, fx: &mut Vec<RouterEffect>) {
        while let Some((t, id)) = self.deadlines.first().cloned() {
            if t > now {
                break;
            }
            for op in self.offered_to(&id) {
                self.decline(&id, &op, fx);
            }
        }
    }

    /// Hands out waiting conversations, oldest first, while a queue operator
    /// has room; in "to all" mode, also shows open offers to operators who got
    /// room since.
    fn dispatch(&mut self, now: Timestamp, fx: &mut Vec<RouterEffect>) {
        while !self.available.is_empty() {
            let Some((arrived, id)) = self.waiting.first().cloned() else {
                break;
            };
            let (to, timed) = self.choose(&id);
            self.waiting.remove(&(arrived, id.clone()));
            let expires = timed.then(|| now.plus_ms(self.settings.idle_ms));
            self.set_offer(
                &id,
                Some(Offer {
                    to: to.iter().cloned().collect(),
                    expires,
                }),
            );
            fx.push(RouterEffect::Offer {
                conversation: id,
                to,
            });
        }
        if self.settings.mode == Mode::ToAll {
            self.widen_offers(fx);
        }
    }

    /// "To all": operators who got room see the open offers they have not
    /// skipped.
    fn widen_offers(&mut self, fx: &mut Vec<RouterEffect>) {
        let fresh: Vec<UserId> = std::mem::take(&mut self.fresh)
            .into_iter()
            .filter(|op| self.operators.get(op).is_some_and(|o| o.indexed.is_some()))
            .collect();
        if fresh.is_empty() {
            return;
        }
        let open: Vec<ConversationId> = self.to_all.iter().cloned().collect();
        for id in open {
            let c = &self.conversations[&id];
            let Some(offer) = c.offer.as_ref() else {
                continue;
            };
            let new: Vec<UserId> = fresh
                .iter()
                .filter(|op| !offer.to.contains(*op) && !c.tried.contains(*op))
                .cloned()
                .collect();
            if new.is_empty() {
                continue;
            }
            let mut widened = offer.clone();
            widened.to.extend(new.iter().cloned());
            self.set_offer(&id, Some(widened));
            fx.push(RouterEffect::Offer {
                conversation: id,
                to: new,
            });
        }
    }

    /// Whom to offer `id` to (someone has room), and whether the offer times
    /// out. Clears the tried list once every operator with room was tried, so
    /// it cycles through the queue.
    fn choose(&mut self, id: &ConversationId) -> (Vec<UserId>, bool) {
        if let Some(pick) = self.pick(&self.conversations[id]) {
            return pick;
        }
        self.conversations
            .get_mut(id)
            .expect("exists")
            .tried
            .clear();
        // Invariant: someone has room and nobody is tried now.
        self.pick(&self.conversations[id])
            .expect("an operator with room")
    }

    fn pick(&self, c: &Conv) -> Option<(Vec<UserId>, bool)> {
        let untried = |op: &UserId| !c.tried.contains(op);
        match self.settings.mode {
            Mode::Strict => self
                .available
                .iter()
                .map(|(_, op)| op)
                .find(|op| untried(op))
                .map(|op| (vec![op.clone()], true)),
            Mode::Evenly => self
                .even
                .iter()
                .map(|k| &k.3)
                .find(|op| untried(op))
                .map(|op| (vec![op.clone()], true)),
            Mode::ToAll => {
                let all: Vec<UserId> = self
                    .available
                    .iter()
                    .map(|(_, op)| op)
                    .filter(|op| untried(op))
                    .cloned()
                    .collect();
                (!all.is_empty()).then_some((all, false))
            }
        }
    }
}

/// Whether an assigned conversation counts toward its operator's limit (R-Q-5).
fn counted(phase: Phase, answered: bool, awaiting_client: bool, rule: NotCounted) -> bool {
    if phase != Phase::Open {
        return false;
    }
    match rule {
        NotCounted::Answered => !answered,
        NotCounted::AwaitingClient => !(answered && awaiting_client),
        NotCounted::Closed => true,
    }
}
