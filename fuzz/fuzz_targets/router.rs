//! A channel's dispatcher (`Dispatcher::handle`) fed a fuzzed day: queue
//! and settings changes, presence, arrivals, lifecycle updates, accepts,
//! skips, transfers and ticks on a clock that never goes back, over six
//! queue operators, two outsiders (a client's preferred operator, a stray
//! name) and eight conversations.
//!
//! After every input, besides no panic:
//! - every route is numbered above the last one, says whether the channel
//!   is off, and shows the conversation as the router holds it;
//! - refusals answer only accepts, skips and transfers;
//! - no conversation is both assigned and offered; none waits while a queue
//!   operator has room; after a tick, no deadline is already due;
//! - while the settings are the first ones: with the online check on,
//!   offers go only to operators online; and until a lifecycle update or a
//!   transfer, no operator is over the limit (R-Q-5 counts a conversation
//!   again when the client writes, so those may push a load past it);
//! - a dispatcher saved as JSON and restored (as its object does) answers
//!   the next inputs exactly as the one that was never saved.
//!
//! Layout of the input: the first settings (1 byte), then records of four
//! bytes `[op, a, b, c]` (see `step`); an `op` of 0xf0 or more saves and
//! restores the copy before the input.

#![no_main]

use std::collections::BTreeMap;

use canal_shared::conversation::Lifecycle;
use canal_shared::dispatch::{DispatchEffect, DispatchInput, Dispatcher};
use canal_shared::ids::{ConversationId, UserId};
use canal_shared::protocol::OperatorInfo;
use canal_shared::routing::{
    Capacity, Mode, NotCounted, Phase, Presence, RoutingSettings, MIN_IDLE_MS,
};
use canal_shared::time::Timestamp;
use canal_shared::widget_settings::OperatorCard;
use libfuzzer_sys::fuzz_target;

/// Operators 0–5 can be in the queue; 6 and 7 never are.
const OPERATORS: u8 = 8;
const QUEUE: u8 = 6;
const CONVERSATIONS: u8 = 8;

fn op(i: u8) -> UserId {
    UserId::parse(&format!("op{}", i % OPERATORS)).expect("a valid id")
}

fn conv(i: u8) -> ConversationId {
    ConversationId::parse(&format!("c{}", i % CONVERSATIONS)).expect("a valid id")
}

/// Valid settings from one byte: every mode, the online check on or off,
/// no limit or a limit of 1 to 4 under each counting rule.
fn settings(b: u8) -> RoutingSettings {
    let max = u32::from(b / 6 % 5);
    RoutingSettings {
        mode: [Mode::Evenly, Mode::Strict, Mode::ToAll][usize::from(b % 3)],
        idle_ms: MIN_IDLE_MS,
        check_online: b / 3 % 2 == 0,
        capacity: (max > 0).then(|| Capacity {
            max,
            not_counted: [
                NotCounted::Closed,
                NotCounted::Answered,
                NotCounted::AwaitingClient,
            ][usize::from(b / 30 % 3)],
        }),
    }
}

/// The fuzzer's view of the channel, to build inputs and check answers.
struct Model {
    now: i64,
    settings: RoutingSettings,
    /// Settings never changed since the first ones.
    first_settings: bool,
    /// No input so far may have pushed a load over the limit.
    exact: bool,
    active: bool,
    last_rev: u64,
    presence_seq: [u64; OPERATORS as usize],
    lifecycle_rev: [u64; CONVERSATIONS as usize],
}

/// The input of record `[o, a, b, c]`.
fn step(m: &mut Model, [o, a, b, c]: [u8; 4]) -> DispatchInput {
    match o % 10 {
        0 => {
            // The queue: operators of mask `a`, from position `c`;
            // deactivated: those of mask `b`; settings `c` if `a` says so.
            let queue: Vec<OperatorInfo> = (0..QUEUE)
                .map(|i| (i + c % QUEUE) % QUEUE)
                .filter(|i| a & (1 << i) != 0)
                .map(|i| OperatorInfo {
                    id: op(i),
                    name: format!("Operator {i}"),
                })
                .collect();
            let cards = queue
                .iter()
                .filter(|o| b & 0x80 != 0 || o.id.as_str() != "op0")
                .map(|o| {
                    let card = OperatorCard {
                        name: o.name.clone(),
                        position: None,
                        avatar: None,
                    };
                    (o.id.clone(), card)
                })
                .collect::<BTreeMap<_, _>>();
            let deactivated: Vec<UserId> =
                (0..QUEUE).filter(|i| b & (1 << i) != 0).map(op).collect();
            if a & 0x80 != 0 {
                let s = settings(c);
                m.first_settings &= s == m.settings;
                m.exact &= s == m.settings;
                m.settings = s;
            }
            m.active = a & 0x40 == 0;
            DispatchInput::Configure {
                settings: m.settings,
                queue,
                deactivated,
                cards,
                active: m.active,
            }
        }
        1 => {
            // Presence; `c` a multiple of 4: a stale or repeated number.
            let who = a % OPERATORS;
            let seq = &mut m.presence_seq[usize::from(who)];
            if c % 4 != 0 {
                *seq += 1;
            }
            DispatchInput::Presence {
                operator: op(who),
                presence: [Presence::Online, Presence::Away, Presence::Offline][usize::from(b % 3)],
                seq: *seq,
            }
        }
        2 => {
            let i = a % CONVERSATIONS;
            let rev = &mut m.lifecycle_rev[usize::from(i)];
            *rev += u64::from(c % 3);
            DispatchInput::Arrived {
                conversation: conv(i),
                preferred: (b % 4 == 0).then(|| op(b / 4)),
                rev: *rev,
            }
        }
        3 => {
            m.exact = false;
            let i = a % CONVERSATIONS;
            let rev = &mut m.lifecycle_rev[usize::from(i)];
            *rev += u64::from(c % 3);
            DispatchInput::Lifecycle(Lifecycle {
                conversation: conv(i),
                rev: *rev,
                answered: b & 1 != 0,
                awaiting_client: b & 2 != 0,
                phase: [Phase::Open, Phase::Closed, Phase::AwaitingRating][usize::from(b / 4 % 3)],
                finished: b / 16 % 4 == 0,
            })
        }
        4 | 5 => DispatchInput::Accept {
            conversation: conv(a),
            operator: op(b),
            name: None,
        },
        6 => DispatchInput::Decline {
            conversation: conv(a),
            operator: op(b),
        },
        7 => {
            m.exact = false;
            DispatchInput::Transfer {
                conversation: conv(a),
                by: op(b),
                admin: c & 1 != 0,
                to: (c & 2 == 0).then(|| op(c >> 2)),
            }
        }
        _ => {
            // Time passes: up to about 30 minutes, or to the next deadline.
            m.now += i64::from(u16::from_le_bytes([b, c])) * 30;
            DispatchInput::Tick
        }
    }
}

/// What must hold after `input` answered with `fx`.
fn check(m: &mut Model, d: &Dispatcher, input: &DispatchInput, fx: &[DispatchEffect]) {
    let r = d.router();
    for e in fx {
        match e {
            DispatchEffect::Route {
                conversation,
                route,
            } => {
                assert!(route.rev > m.last_rev, "route numbers go up: {fx:?}");
                m.last_rev = route.rev;
                assert_eq!(route.paused, !m.active);
                // R-CH-5: a switched-off channel offers nobody anything.
                let offered = if m.active { r.offered_to(conversation) } else { Vec::new() };
                assert_eq!(route.offered, offered, "{conversation}");
                assert_eq!(
                    route.assignee.as_ref().map(|a| &a.id),
                    r.assignee(conversation),
                    "{conversation}"
                );
                assert!(!route.unstaffed || matches!(input, DispatchInput::Arrived { .. }));
            }
            DispatchEffect::Took { conversation, operator, .. } => {
                assert!(
                    matches!(
                        input,
                        DispatchInput::Accept { .. } | DispatchInput::Transfer { .. }
                    ),
                    "took on {input:?}"
                );
                assert_eq!(r.assignee(conversation), Some(operator), "{conversation}");
            }
            DispatchEffect::Refused(_) => assert!(
                matches!(
                    input,
                    DispatchInput::Accept { .. }
                        | DispatchInput::Decline { .. }
                        | DispatchInput::Transfer { .. }
                ),
                "refused {input:?}"
            ),
        }
    }
    for i in 0..CONVERSATIONS {
        let c = conv(i);
        let offered = r.offered_to(&c);
        assert!(
            r.assignee(&c).is_none() || offered.is_empty(),
            "{c} is assigned and offered"
        );
        if m.first_settings && m.settings.check_online {
            for o in &offered {
                assert_eq!(r.presence(o), Presence::Online, "{c} offered to {o}");
            }
        }
    }
    if r.waiting().next().is_some() {
        assert!(
            !r.queue().iter().any(|o| r.has_room(o)),
            "conversations wait while someone has room"
        );
    }
    if let (Some(cap), true) = (m.settings.capacity, m.exact && m.first_settings) {
        for i in 0..OPERATORS {
            assert!(r.load(&op(i)) <= cap.max, "op{i} over the limit");
        }
    }
    if matches!(input, DispatchInput::Tick) {
        assert!(d.next_deadline().is_none_or(|t| t.0 > m.now));
    }
    let members = d.members();
    assert_eq!(members.len(), r.queue().len());
}

fn restore(d: &Dispatcher) -> Dispatcher {
    let json = serde_json::to_string(d).expect("a dispatcher saves");
    serde_json::from_str(&json).expect("a saved dispatcher restores")
}

fuzz_target!(|data: &[u8]| {
    let Some((&first, records)) = data.split_first() else {
        return;
    };
    let mut m = Model {
        now: 1_780_000_000_000,
        settings: settings(first),
        first_settings: true,
        exact: true,
        active: true,
        last_rev: 0,
        presence_seq: [0; OPERATORS as usize],
        lifecycle_rev: [0; CONVERSATIONS as usize],
    };
    let mut d = Dispatcher::new(m.settings);
    let mut saved = d.clone();
    for record in records.chunks_exact(4).take(500) {
        let record: [u8; 4] = record.try_into().expect("four bytes");
        if record[0] >= 0xf0 {
            saved = restore(&saved);
        }
        let input = step(&mut m, record);
        if record[0] % 10 == 9 {
            // Exactly at the next deadline, when there is one.
            if let Some(t) = d.next_deadline() {
                m.now = m.now.max(t.0);
            }
        }
        let now = Timestamp(m.now);
        let fx = d.handle(now, input.clone());
        let fx_saved = saved.handle(now, input.clone());
        assert_eq!(
            fx, fx_saved,
            "the restored dispatcher answers {input:?} alike"
        );
        check(&mut m, &d, &input, &fx);
    }
});
