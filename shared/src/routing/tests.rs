use proptest::prelude::*;

use super::*;

fn op(i: usize) -> UserId {
    UserId::parse(&format!("op{i}")).unwrap()
}

fn cv(i: usize) -> ConversationId {
    ConversationId::parse(&format!("c{i}")).unwrap()
}

const MIN: i64 = 60_000;

fn settings(mode: Mode) -> RoutingSettings {
    RoutingSettings {
        mode,
        idle_ms: MIN,
        check_online: true,
        capacity: None,
    }
}

/// A router with `n` operators in the queue, all online.
fn router(mode: Mode, n: usize) -> Router {
    let mut r = Router::new(settings(mode));
    r.handle(Timestamp(0), RouterInput::Queue((0..n).map(op).collect()));
    for i in 0..n {
        r.handle(
            Timestamp(0),
            RouterInput::Presence {
                operator: op(i),
                presence: Presence::Online,
            },
        );
    }
    r
}

fn arrive(r: &mut Router, now: i64, i: usize) -> Vec<RouterEffect> {
    r.handle(
        Timestamp(now),
        RouterInput::Arrived {
            conversation: cv(i),
            preferred: None,
        },
    )
}

fn accept(r: &mut Router, now: i64, c: usize, o: usize) -> Vec<RouterEffect> {
    r.handle(
        Timestamp(now),
        RouterInput::Accepted {
            conversation: cv(c),
            operator: op(o),
        },
    )
}

fn offers(fx: &[RouterEffect]) -> Vec<(ConversationId, Vec<UserId>)> {
    fx.iter()
        .filter_map(|e| match e {
            RouterEffect::Offer { conversation, to } => Some((conversation.clone(), to.clone())),
            _ => None,
        })
        .collect()
}

#[test]
fn strict_follows_queue_order_and_moves_on_when_idle() {
    // R-Q-2, R-Q-3
    let mut r = router(Mode::Strict, 3);
    let fx = arrive(&mut r, 0, 0);
    assert_eq!(offers(&fx), vec![(cv(0), vec![op(0)])]);
    assert_eq!(r.next_deadline(), Some(Timestamp(MIN)));
    // A tick before the idle time changes nothing.
    assert!(r.handle(Timestamp(MIN - 1), RouterInput::Tick).is_empty());
    let fx = r.handle(Timestamp(MIN), RouterInput::Tick);
    assert!(fx.contains(&RouterEffect::Withdraw {
        conversation: cv(0),
        from: vec![op(0)]
    }));
    assert_eq!(offers(&fx), vec![(cv(0), vec![op(1)])]);
    // Skipping moves on at once.
    let fx = r.handle(
        Timestamp(MIN + 1),
        RouterInput::Declined {
            conversation: cv(0),
            operator: op(1),
        },
    );
    assert_eq!(offers(&fx), vec![(cv(0), vec![op(2)])]);
    // The whole queue was tried: it cycles from the top.
    let fx = r.handle(Timestamp(3 * MIN), RouterInput::Tick);
    assert_eq!(offers(&fx), vec![(cv(0), vec![op(0)])]);
}

#[test]
fn evenly_goes_to_the_least_loaded_then_the_longest_idle() {
    // R-Q-2
    let mut r = router(Mode::Evenly, 3);
    for (i, t) in [(0, 10), (1, 20), (2, 30)] {
        let fx = arrive(&mut r, t, i);
        let (_, to) = offers(&fx).remove(0);
        accept(&mut r, t, i, to[0].as_str()[2..].parse().unwrap());
    }
    // One each; op0 was assigned longest ago.
    assert_eq!([0, 1, 2].map(|i| r.load(&op(i))), [1, 1, 1]);
    let fx = arrive(&mut r, 40, 3);
    assert_eq!(offers(&fx), vec![(cv(3), vec![op(0)])]);
}

#[test]
fn to_all_offers_everyone_and_exactly_one_wins() {
    // R-Q-2
    let mut r = router(Mode::ToAll, 3);
    let fx = arrive(&mut r, 0, 0);
    assert_eq!(offers(&fx), vec![(cv(0), vec![op(0), op(1), op(2)])]);
    assert_eq!(r.next_deadline(), None);
    let first = accept(&mut r, 5, 0, 2);
    let second = accept(&mut r, 5, 0, 1);
    assert!(first.contains(&RouterEffect::Assign {
        conversation: cv(0),
        operator: op(2)
    }));
    assert!(first.contains(&RouterEffect::Withdraw {
        conversation: cv(0),
        from: vec![op(0), op(1)]
    }));
    assert_eq!(
        second,
        vec![RouterEffect::Refused {
            conversation: cv(0),
            operator: op(1),
            reason: Refusal::Taken
        }]
    );
}

#[test]
fn offline_operators_get_nothing_and_waiting_ones_go_when_someone_comes_online() {
    // R-Q-4
    let mut r = Router::new(settings(Mode::Strict));
    r.handle(Timestamp(0), RouterInput::Queue(vec![op(0), op(1)]));
    assert!(offers(&arrive(&mut r, 1, 0)).is_empty());
    assert!(offers(&arrive(&mut r, 2, 1)).is_empty());
    assert_eq!(r.waiting().count(), 2);
    let fx = r.handle(
        Timestamp(3),
        RouterInput::Presence {
            operator: op(1),
            presence: Presence::Online,
        },
    );
    // Oldest first; both, since there is no limit.
    assert_eq!(
        offers(&fx),
        vec![(cv(0), vec![op(1)]), (cv(1), vec![op(1)])]
    );
    // Going away withdraws what was offered.
    let fx = r.handle(
        Timestamp(4),
        RouterInput::Presence {
            operator: op(1),
            presence: Presence::Away,
        },
    );
    assert_eq!(fx.len(), 2);
    assert_eq!(r.waiting().count(), 2);
}

#[test]
fn without_the_online_check_offline_operators_are_offered_too() {
    // R-Q-4
    let mut r = Router::new(RoutingSettings {
        check_online: false,
        ..settings(Mode::Strict)
    });
    r.handle(Timestamp(0), RouterInput::Queue(vec![op(0)]));
    assert_eq!(offers(&arrive(&mut r, 1, 0)), vec![(cv(0), vec![op(0)])]);
}

fn limited(not_counted: NotCounted) -> Router {
    let mut r = router(Mode::Strict, 1);
    r.handle(
        Timestamp(0),
        RouterInput::Settings(RoutingSettings {
            capacity: Some(Capacity {
                max: 1,
                not_counted,
            }),
            ..settings(Mode::Strict)
        }),
    );
    arrive(&mut r, 1, 0);
    accept(&mut r, 2, 0, 0);
    arrive(&mut r, 3, 1);
    r
}

#[test]
fn capacity_counts_as_the_chosen_rule_says() {
    // R-Q-5: at the limit, the next conversation waits.
    for rule in [
        NotCounted::Answered,
        NotCounted::AwaitingClient,
        NotCounted::Closed,
    ] {
        let r = limited(rule);
        assert_eq!(r.waiting().collect::<Vec<_>>(), vec![&cv(1)], "{rule:?}");
    }
    // "Answered": once the operator answered, it no longer counts.
    let mut r = limited(NotCounted::Answered);
    let fx = r.handle(
        Timestamp(4),
        RouterInput::Answered {
            conversation: cv(0),
        },
    );
    assert_eq!(offers(&fx), vec![(cv(1), vec![op(0)])]);

    // "Awaiting the client": counts again when the client replies.
    let mut r = limited(NotCounted::AwaitingClient);
    let fx = r.handle(
        Timestamp(4),
        RouterInput::Answered {
            conversation: cv(0),
        },
    );
    assert_eq!(offers(&fx), vec![(cv(1), vec![op(0)])]);
    accept(&mut r, 5, 1, 0);
    r.handle(
        Timestamp(6),
        RouterInput::ClientReplied {
            conversation: cv(0),
        },
    );
    assert_eq!(
        r.load(&op(0)),
        2,
        "over the limit only through the client's reply"
    );
    arrive(&mut r, 7, 2);
    assert_eq!(r.waiting().count(), 1);

    // "Closed": answering changes nothing; closing or awaiting a rating frees.
    let mut r = limited(NotCounted::Closed);
    let fx = r.handle(
        Timestamp(4),
        RouterInput::Answered {
            conversation: cv(0),
        },
    );
    assert!(offers(&fx).is_empty());
    let fx = r.handle(
        Timestamp(5),
        RouterInput::PhaseChanged {
            conversation: cv(0),
            phase: Phase::AwaitingRating,
        },
    );
    assert_eq!(offers(&fx), vec![(cv(1), vec![op(0)])]);
}

#[test]
fn transfers_go_to_an_operator_or_back_to_the_queue() {
    // R-Q-6
    let mut r = router(Mode::Strict, 2);
    arrive(&mut r, 0, 0);
    accept(&mut r, 1, 0, 0);
    let fx = r.handle(
        Timestamp(2),
        RouterInput::Transfer {
            conversation: cv(0),
            to: Some(op(1)),
        },
    );
    assert!(fx.contains(&RouterEffect::Assign {
        conversation: cv(0),
        operator: op(1)
    }));
    let fx = r.handle(
        Timestamp(3),
        RouterInput::Transfer {
            conversation: cv(0),
            to: None,
        },
    );
    // Back in the queue, the one who gave it back is passed over first.
    assert_eq!(offers(&fx), vec![(cv(0), vec![op(0)])]);
    assert_eq!(r.assignee(&cv(0)), None);
}

#[test]
fn a_preferred_operator_gets_it_whether_or_not_in_the_queue() {
    // R-CRM-5 (hook)
    let mut r = router(Mode::ToAll, 2);
    let outsider = UserId::parse("crm-owner").unwrap();
    r.handle(
        Timestamp(0),
        RouterInput::Presence {
            operator: outsider.clone(),
            presence: Presence::Online,
        },
    );
    let fx = r.handle(
        Timestamp(1),
        RouterInput::Arrived {
            conversation: cv(0),
            preferred: Some(outsider.clone()),
        },
    );
    assert_eq!(offers(&fx), vec![(cv(0), vec![outsider.clone()])]);
    // If they do not take it in time, the queue gets it.
    let fx = r.handle(Timestamp(1 + MIN), RouterInput::Tick);
    assert_eq!(offers(&fx), vec![(cv(0), vec![op(0), op(1)])]);
}

#[test]
fn a_to_all_accept_counts_the_offer_reserved_for_the_operator() {
    // R-Q-5 with R-CRM-5 (found by the `router` fuzz target): a client's
    // preferred operator holds a one-operator offer, which counts toward
    // their limit; a "to all" offer they accept meanwhile must count it too,
    // or accepting both takes them past the limit.
    let mut r = router(Mode::ToAll, 2);
    r.handle(
        Timestamp(0),
        RouterInput::Settings(RoutingSettings {
            capacity: Some(Capacity {
                max: 1,
                not_counted: NotCounted::Closed,
            }),
            ..settings(Mode::ToAll)
        }),
    );
    assert_eq!(
        offers(&arrive(&mut r, 1, 0)),
        vec![(cv(0), vec![op(0), op(1)])]
    );
    let fx = r.handle(
        Timestamp(2),
        RouterInput::Arrived {
            conversation: cv(1),
            preferred: Some(op(0)),
        },
    );
    assert_eq!(offers(&fx), vec![(cv(1), vec![op(0)])]);
    assert_eq!(
        accept(&mut r, 3, 0, 0),
        vec![RouterEffect::Refused {
            conversation: cv(0),
            operator: op(0),
            reason: Refusal::Full
        }]
    );
    accept(&mut r, 4, 1, 0);
    assert_eq!(r.load(&op(0)), 1);
    assert_eq!(r.offered_to(&cv(0)), vec![op(0), op(1)]);
}

#[test]
fn accepting_what_was_not_offered_is_refused() {
    let mut r = router(Mode::Strict, 2);
    arrive(&mut r, 0, 0);
    assert_eq!(
        accept(&mut r, 1, 0, 1),
        vec![RouterEffect::Refused {
            conversation: cv(0),
            operator: op(1),
            reason: Refusal::NotOffered
        }]
    );
    assert_eq!(
        accept(&mut r, 1, 9, 1)[0],
        RouterEffect::Refused {
            conversation: cv(9),
            operator: op(1),
            reason: Refusal::Unknown
        }
    );
}

#[test]
fn evenly_keeps_loads_within_one() {
    // R-Q-2: with equal conditions, loads never differ by more than one.
    let mut r = router(Mode::Evenly, 7);
    for i in 0..100 {
        let fx = arrive(&mut r, i as i64, i);
        let (_, to) = offers(&fx).remove(0);
        let who: usize = to[0].as_str()[2..].parse().unwrap();
        accept(&mut r, i as i64, i, who);
        let loads: Vec<u32> = (0..7).map(|o| r.load(&op(o))).collect();
        let (min, max) = (loads.iter().min().unwrap(), loads.iter().max().unwrap());
        assert!(max - min <= 1, "{loads:?}");
    }
}

/// What the random tests do.
#[derive(Clone, Debug)]
enum Step {
    Arrive,
    Accept(usize, usize),
    Decline(usize, usize),
    Presence(usize, u8),
    Answer(usize),
    Reply(usize),
    Close(usize),
    Finish(usize),
    Transfer(usize, Option<usize>),
    Wait(i64),
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        3 => Just(Step::Arrive),
        4 => (0..30usize, 0..6usize).prop_map(|(c, o)| Step::Accept(c, o)),
        1 => (0..30usize, 0..6usize).prop_map(|(c, o)| Step::Decline(c, o)),
        2 => (0..6usize, 0..3u8).prop_map(|(o, p)| Step::Presence(o, p)),
        1 => (0..30usize).prop_map(Step::Answer),
        1 => (0..30usize).prop_map(Step::Reply),
        1 => (0..30usize).prop_map(Step::Close),
        1 => (0..30usize).prop_map(Step::Finish),
        1 => (0..30usize, proptest::option::of(0..6usize)).prop_map(|(c, o)| Step::Transfer(c, o)),
        2 => (0..3 * MIN).prop_map(Step::Wait),
    ]
}

fn presence(p: u8) -> Presence {
    match p {
        0 => Presence::Online,
        1 => Presence::Away,
        _ => Presence::Offline,
    }
}

/// The invariants that hold after every input (checked by the property
/// tests and the simulation).
fn check(r: &Router, ops: usize, strict_capacity: bool) -> Result<(), String> {
    let s = r.settings();
    for i in 0..ops {
        let o = op(i);
        if let (Some(c), true) = (s.capacity, strict_capacity) {
            if r.load(&o) > c.max {
                return Err(format!("{o} is over capacity: {} > {}", r.load(&o), c.max));
            }
        }
    }
    for (id, c) in &r.conversations {
        if let Some(offer) = &c.offer {
            if c.assignee.is_some() {
                return Err(format!("{id} is assigned and offered"));
            }
            if s.check_online {
                if let Some(o) = offer.to.iter().find(|o| r.presence(o) != Presence::Online) {
                    return Err(format!("{id} is offered to {o}, who is not online"));
                }
            }
        }
    }
    if r.waiting().next().is_some() {
        if let Some(o) = r.queue.iter().find(|o| r.has_room(o)) {
            return Err(format!(
                "{:?} wait while {o} has room",
                r.waiting().collect::<Vec<_>>()
            ));
        }
    }
    Ok(())
}

/// Either router, for [`apply`].
trait Handle {
    fn handle(&mut self, now: Timestamp, input: RouterInput) -> Vec<RouterEffect>;
}

impl Handle for Router {
    fn handle(&mut self, now: Timestamp, input: RouterInput) -> Vec<RouterEffect> {
        Router::handle(self, now, input)
    }
}

impl Handle for naive::NaiveRouter {
    fn handle(&mut self, now: Timestamp, input: RouterInput) -> Vec<RouterEffect> {
        naive::NaiveRouter::handle(self, now, input)
    }
}

fn apply_naive(
    r: &mut naive::NaiveRouter,
    now: &mut i64,
    next: &mut usize,
    s: Step,
) -> Vec<RouterEffect> {
    apply(r, now, next, s)
}

fn apply(r: &mut impl Handle, now: &mut i64, next: &mut usize, s: Step) -> Vec<RouterEffect> {
    let t = Timestamp(*now);
    match s {
        Step::Arrive => {
            *next += 1;
            r.handle(
                t,
                RouterInput::Arrived {
                    conversation: cv(*next - 1),
                    preferred: None,
                },
            )
        }
        Step::Accept(c, o) => r.handle(
            t,
            RouterInput::Accepted {
                conversation: cv(c),
                operator: op(o),
            },
        ),
        Step::Decline(c, o) => r.handle(
            t,
            RouterInput::Declined {
                conversation: cv(c),
                operator: op(o),
            },
        ),
        Step::Presence(o, p) => r.handle(
            t,
            RouterInput::Presence {
                operator: op(o),
                presence: presence(p),
            },
        ),
        Step::Answer(c) => r.handle(
            t,
            RouterInput::Answered {
                conversation: cv(c),
            },
        ),
        Step::Reply(c) => r.handle(
            t,
            RouterInput::ClientReplied {
                conversation: cv(c),
            },
        ),
        Step::Close(c) => r.handle(
            t,
            RouterInput::PhaseChanged {
                conversation: cv(c),
                phase: Phase::Closed,
            },
        ),
        Step::Finish(c) => r.handle(
            t,
            RouterInput::Finished {
                conversation: cv(c),
            },
        ),
        Step::Transfer(c, o) => r.handle(
            t,
            RouterInput::Transfer {
                conversation: cv(c),
                to: o.map(op),
            },
        ),
        Step::Wait(ms) => {
            *now += ms;
            r.handle(Timestamp(*now), RouterInput::Tick)
        }
    }
}

fn any_settings() -> impl Strategy<Value = RoutingSettings> {
    (
        prop_oneof![Just(Mode::Evenly), Just(Mode::Strict), Just(Mode::ToAll)],
        any::<bool>(),
        proptest::option::of((1u32..4, 0..3u8)),
    )
        .prop_map(|(mode, check_online, cap)| RoutingSettings {
            mode,
            idle_ms: MIN,
            check_online,
            capacity: cap.map(|(max, n)| Capacity {
                max,
                not_counted: match n {
                    0 => NotCounted::Answered,
                    1 => NotCounted::AwaitingClient,
                    _ => NotCounted::Closed,
                },
            }),
        })
}

/// What can be seen of a router from outside: each conversation's assignee
/// and offer, each operator's load, and the waiting line.
type Observed = (
    Vec<(Option<UserId>, Vec<UserId>)>,
    Vec<u32>,
    Vec<ConversationId>,
);

/// Observes a router, to compare two of them.
fn observe(
    assignee: impl Fn(&ConversationId) -> Option<UserId>,
    offered: impl Fn(&ConversationId) -> Vec<UserId>,
    load: impl Fn(&UserId) -> u32,
    waiting: Vec<ConversationId>,
) -> Observed {
    let convs = (0..40)
        .map(|i| (assignee(&cv(i)), offered(&cv(i))))
        .collect();
    let loads = (0..6).map(|i| load(&op(i))).collect();
    (convs, loads, waiting)
}

proptest! {
    /// The indexed router decides exactly as the scanning one, step by step.
    #[test]
    fn the_indexed_router_agrees_with_the_naive_one(settings in any_settings(), steps in proptest::collection::vec(step(), 1..150)) {
        let mut fast = Router::new(settings);
        let mut model = naive::NaiveRouter::new(settings);
        let queue: Vec<UserId> = (0..5).map(op).collect();
        fast.handle(Timestamp(0), RouterInput::Queue(queue.clone()));
        model.handle(Timestamp(0), RouterInput::Queue(queue));
        let (mut now_a, mut next_a, mut now_b, mut next_b) = (0, 0, 0, 0);
        for s in steps {
            apply(&mut fast, &mut now_a, &mut next_a, s.clone());
            apply_naive(&mut model, &mut now_b, &mut next_b, s);
            let a = observe(|c| fast.assignee(c).cloned(), |c| fast.offered_to(c), |o| fast.load(o), fast.waiting().cloned().collect());
            let b = observe(|c| model.assignee(c).cloned(), |c| model.offered_to(c), |o| model.load(o), model.waiting().cloned().collect());
            prop_assert_eq!(a, b);
            prop_assert_eq!(fast.next_deadline(), model.next_deadline());
        }
    }

    /// Never over capacity (but through a client's reply, which R-Q-5 counts
    /// again), never an operator who is not online when the check is on, never
    /// a conversation waiting while a queue operator has room; exactly one
    /// assignment per accept race.
    #[test]
    fn the_router_keeps_its_invariants(settings in any_settings(), steps in proptest::collection::vec(step(), 1..120)) {
        let mut r = Router::new(settings);
        r.handle(Timestamp(0), RouterInput::Queue((0..5).map(op).collect()));
        let (mut now, mut next) = (0, 0);
        // Replies and transfers can push a load past the limit (R-Q-5 counts
        // a conversation again when the client writes); accepts never do.
        let strict = |s: &Step| !matches!(s, Step::Reply(_) | Step::Transfer(..) | Step::Answer(_) | Step::Close(_));
        let mut exact = true;
        for s in steps {
            exact &= strict(&s);
            let fx = apply(&mut r, &mut now, &mut next, s);
            let assigns = fx.iter().filter(|e| matches!(e, RouterEffect::Assign { .. })).count();
            prop_assert!(assigns <= 1);
            if let Err(e) = check(&r, 6, exact) {
                return Err(TestCaseError::fail(e));
            }
        }
    }
}

/// A busy day: 10,000 conversations, 50 operators coming and going, replies,
/// closes and skips, on a simulated clock; the invariants hold after every
/// input.
#[test]
fn a_busy_day_keeps_the_invariants() {
    let mut seed = 0x9e37_79b9_7f4a_7c15u64;
    let mut rand = move |n: u64| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed % n
    };
    for mode in [Mode::Evenly, Mode::Strict, Mode::ToAll] {
        let ops = 50;
        let mut r = Router::new(RoutingSettings {
            mode,
            idle_ms: MIN,
            check_online: true,
            capacity: Some(Capacity {
                max: 4,
                not_counted: NotCounted::Closed,
            }),
        });
        r.handle(Timestamp(0), RouterInput::Queue((0..ops).map(op).collect()));
        let (mut now, mut arrived, mut assigned) = (0i64, 0usize, 0usize);
        let mut live: Vec<usize> = Vec::new();
        while arrived < 10_000 {
            now += 1 + rand(3000) as i64;
            let fx = match rand(10) {
                0..=1 => {
                    arrived += 1;
                    live.push(arrived - 1);
                    arrive(&mut r, now, arrived - 1)
                }
                3 => r.handle(
                    Timestamp(now),
                    RouterInput::Presence {
                        operator: op(rand(ops as u64) as usize),
                        presence: presence((rand(4) as u8).min(2)),
                    },
                ),
                4..=6 if !live.is_empty() => {
                    let c = live.swap_remove(rand(live.len() as u64) as usize);
                    r.handle(
                        Timestamp(now),
                        RouterInput::Finished {
                            conversation: cv(c),
                        },
                    )
                }
                _ => r.handle(Timestamp(now), RouterInput::Tick),
            };
            // Operators answer their offers: most accept, some skip.
            let mut pending: Vec<(ConversationId, Vec<UserId>)> = offers(&fx);
            while let Some((c, to)) = pending.pop() {
                let who = to[rand(to.len() as u64) as usize].clone();
                let input = if rand(5) == 0 {
                    RouterInput::Declined {
                        conversation: c,
                        operator: who,
                    }
                } else {
                    RouterInput::Accepted {
                        conversation: c,
                        operator: who,
                    }
                };
                let fx = r.handle(Timestamp(now), input);
                assigned += fx
                    .iter()
                    .filter(|e| matches!(e, RouterEffect::Assign { .. }))
                    .count();
                pending.extend(offers(&fx));
            }
            check(&r, ops, true).unwrap_or_else(|e| panic!("{mode:?} at {now}: {e}"));
        }
        assert!(
            assigned > 5_000,
            "{mode:?}: only {assigned} of {arrived} assigned"
        );
    }
}
