//! The router's decision time at the size of a big deployment, beside the
//! scanning reference router in the same run.

use std::time::Instant;

use canal_shared::ids::{ConversationId, UserId};
use canal_shared::routing::naive::NaiveRouter;
use canal_shared::routing::{
    Capacity, Mode, NotCounted, Presence, Router, RouterEffect, RouterInput, RoutingSettings,
};
use canal_shared::time::Timestamp;

const OPERATORS: usize = 10_000;
const PER_OPERATOR: u32 = 10;
const WAITING: usize = 100_000;
/// Decisions timed on the indexed router (two per freed slot: offer, accept).
const FREED: usize = 1_000;
/// Decisions timed on the scanning router (it is slow).
const NAIVE_FREED: usize = 5;

fn op(i: usize) -> UserId {
    UserId::parse(&format!("op{i}")).expect("id")
}

fn cv(i: usize) -> ConversationId {
    ConversationId::parse(&format!("c{i}")).expect("id")
}

fn settings(mode: Mode) -> RoutingSettings {
    RoutingSettings {
        mode,
        idle_ms: 60_000,
        check_online: true,
        capacity: Some(Capacity {
            max: PER_OPERATOR,
            not_counted: NotCounted::Closed,
        }),
    }
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// Every operator full, then 100,000 more conversations waiting.
fn full_router(mode: Mode) -> Router {
    let t = Timestamp(0);
    let mut r = Router::new(settings(mode));
    r.handle(t, RouterInput::Queue((0..OPERATORS).map(op).collect()));
    for i in 0..OPERATORS {
        r.handle(
            t,
            RouterInput::Presence {
                operator: op(i),
                presence: Presence::Online,
            },
        );
    }
    let total = OPERATORS * PER_OPERATOR as usize;
    for i in 0..total + WAITING {
        for e in r.handle(
            t,
            RouterInput::Arrived {
                conversation: cv(i),
                preferred: None,
            },
        ) {
            if let RouterEffect::Offer { conversation, to } = e {
                r.handle(
                    t,
                    RouterInput::Accepted {
                        conversation,
                        operator: to[0].clone(),
                    },
                );
            }
        }
    }
    assert_eq!(r.waiting().count(), WAITING, "every operator is full");
    r
}

/// Frees a slot (a conversation ends), then the offered operator accepts:
/// two decisions, each timed.
fn free_and_accept<R>(
    r: &mut R,
    finished: usize,
    handle: impl Fn(&mut R, RouterInput) -> Vec<RouterEffect>,
) -> [f64; 2] {
    let t0 = Instant::now();
    let fx = handle(
        r,
        RouterInput::Finished {
            conversation: cv(finished),
        },
    );
    let first = t0.elapsed().as_secs_f64() * 1e6;
    let (conversation, to) = fx
        .into_iter()
        .find_map(|e| match e {
            RouterEffect::Offer { conversation, to } => Some((conversation, to)),
            _ => None,
        })
        .expect("the freed slot is offered");
    let t1 = Instant::now();
    handle(
        r,
        RouterInput::Accepted {
            conversation,
            operator: to[0].clone(),
        },
    );
    [first, t1.elapsed().as_secs_f64() * 1e6]
}

/// The report section.
pub fn decisions() -> String {
    let mut rows = String::new();
    for mode in [Mode::Evenly, Mode::Strict] {
        let mut r = full_router(mode);
        let fast: Vec<f64> = (0..FREED)
            .flat_map(|i| free_and_accept(&mut r, i * 97, |r, input| r.handle(Timestamp(1), input)))
            .collect();
        let mut naive = NaiveRouter::from_state(
            settings(mode),
            (0..OPERATORS).map(op).collect(),
            (0..OPERATORS * PER_OPERATOR as usize)
                .map(|i| (cv(i), op(i % OPERATORS)))
                .collect(),
            (0..WAITING)
                .map(|i| cv(OPERATORS * PER_OPERATOR as usize + i))
                .collect(),
            Timestamp(0),
        );
        let slow: Vec<f64> = (0..NAIVE_FREED)
            .flat_map(|i| {
                free_and_accept(&mut naive, i * 97, |r, input| r.handle(Timestamp(1), input))
            })
            .collect();
        let (f, s) = (median(fast), median(slow));
        rows.push_str(&format!(
            "| {mode:?} | {f:.1} µs | {:.0} µs | {:.0}× |\n",
            s,
            s / f
        ));
    }
    format!(
        "### Router decisions ({OPERATORS} operators all at their limit of {PER_OPERATOR}, {WAITING} conversations waiting)\n\n\
         A conversation ends, the freed slot is offered to the oldest waiting one, the operator accepts: \
         both decisions timed ({} on the indexed router, {} on the scanning one).\n\n\
         | mode | indexed router, median | scanning router, median | speed-up |\n|---|---:|---:|---:|\n{rows}\n",
        2 * FREED,
        2 * NAIVE_FREED
    )
}
