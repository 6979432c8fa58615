//! The automatic actions with time as input (R-AA-1…5, R-WH-2, R-QA-1, R-QA-2).

use super::tests::{frame, send};
use super::*;
use crate::automation::{AutomationSettings, NoAnswer, RatingWait, Timeout};
use crate::hours::{DayTime, Span, WorkingHours};
use crate::ids::UserId;
use crate::protocol::{OperatorInfo, Rating, Side, Verdict};
use crate::routing::Phase;

const MIN: i64 = 60_000;

fn with(settings: AutomationSettings, hours: Option<WorkingHours>) -> Conversation {
    Conversation::open(
        Opening {
            live_typing: true,
            automation: settings.resolve(hours, crate::i18n::Lang::En),
            ..super::tests::shop()
        },
        Timestamp(0),
    )
}

fn ana() -> OperatorInfo {
    OperatorInfo {
        id: UserId::parse("ana").unwrap(),
        name: "Ana".into(),
    }
}

fn assign(c: &mut Conversation, rev: u64) {
    c.handle(
        Timestamp(1),
        Input::Routed(Route {
            paused: false,
            counts_replies: true,
            rev,
            offered: vec![],
            assignee: Some(ana()),
            unstaffed: false,
            card: None,
        }),
    );
}

/// Texts of the channel's own messages among `fx`.
fn auto(fx: &[Effect]) -> Vec<String> {
    fx.iter()
        .filter_map(|e| match e {
            Effect::Store { message: m, .. } if m.side == Side::System && m.event.is_none() => {
                Some(m.text.clone())
            }
            _ => None,
        })
        .collect()
}

fn events(fx: &[Effect]) -> Vec<crate::protocol::ChatEvent> {
    fx.iter()
        .filter_map(|e| match e {
            Effect::Store { message: m, .. } => m.event,
            _ => None,
        })
        .collect()
}

fn lifecycles(fx: &[Effect]) -> Vec<(Phase, bool)> {
    fx.iter()
        .filter_map(|e| match e {
            Effect::Lifecycle(l) => Some((l.phase, l.finished)),
            _ => None,
        })
        .collect()
}

fn status(fx: &[Effect]) -> Option<(Status, bool)> {
    fx.iter().find_map(|e| match e {
        Effect::Broadcast {
            frame:
                ServerFrame::Status {
                    status,
                    rating_open,
                },
            ..
        } => Some((*status, *rating_open)),
        _ => None,
    })
}

#[test]
fn the_greeting_follows_the_first_message_only() {
    // R-AA-1
    let mut c = with(
        AutomationSettings {
            greeting: crate::automation::AutoText {
                enabled: true,
                text: Some("Hi! We'll be right with you.".into()),
            },
            ..AutomationSettings::default()
        },
        None,
    );
    let fx = c.handle(Timestamp(10), send(Peer::Visitor, "m1", "hello"));
    assert_eq!(auto(&fx), vec!["Hi! We'll be right with you."]);
    let stored: Vec<(Seq, Side)> = fx
        .iter()
        .filter_map(|e| match e {
            Effect::Store { message: m, .. } => Some((m.seq, m.side)),
            _ => None,
        })
        .collect();
    assert_eq!(
        stored,
        vec![(Seq(1), Side::Visitor), (Seq(2), Side::System)]
    );
    let fx = c.handle(Timestamp(20), send(Peer::Visitor, "m2", "anyone?"));
    assert!(auto(&fx).is_empty());
}

#[test]
fn out_of_hours_the_visitor_gets_the_auto_reply() {
    // R-WH-2, R-AA-3: on by default. Open 09:00–17:00 UTC every day.
    let span = Span {
        start: DayTime::parse("09:00").unwrap(),
        end: DayTime::parse("17:00").unwrap(),
    };
    let hours = WorkingHours::new("UTC", std::array::from_fn(|_| vec![span]), vec![]).unwrap();
    let at = |h: i64| Timestamp(h * 3600 * 1000);
    let mut night = with(AutomationSettings::default(), Some(hours.clone()));
    let fx = night.handle(at(20), send(Peer::Visitor, "m1", "hello"));
    assert_eq!(
        auto(&fx),
        vec![crate::i18n::Lang::En.server_text(crate::i18n::ServerMsg::AutoOutOfHours)]
    );
    let mut day = with(AutomationSettings::default(), Some(hours));
    let fx = day.handle(at(10), send(Peer::Visitor, "m1", "hello"));
    assert!(auto(&fx).is_empty());
}

#[test]
fn with_nobody_online_the_visitor_gets_the_away_reply_once() {
    // R-WH-2, R-AA-3: the channel reports that no operator is online.
    let mut c = with(AutomationSettings::default(), None);
    c.handle(Timestamp(0), send(Peer::Visitor, "m1", "hello"));
    let unstaffed = |rev| {
        Input::Routed(Route {
            paused: false,
            counts_replies: true,
            rev,
            offered: vec![],
            assignee: None,
            unstaffed: true,
            card: None,
        })
    };
    let fx = c.handle(Timestamp(1), unstaffed(1));
    assert_eq!(
        auto(&fx),
        vec![crate::i18n::Lang::En.server_text(crate::i18n::ServerMsg::AutoOutOfHours)]
    );
    assert!(
        auto(&c.handle(Timestamp(2), unstaffed(2))).is_empty(),
        "once"
    );
}

#[test]
fn nobody_took_it_in_time_so_the_no_answer_reply_goes_once() {
    // R-AA-2: "keep in queue" — the reply, and it still waits.
    let settings = AutomationSettings {
        no_answer: NoAnswer::Reply {
            after_ms: 2 * MIN,
            text: None,
        },
        ..AutomationSettings::default()
    };
    let mut c = with(settings.clone(), None);
    c.handle(Timestamp(0), send(Peer::Visitor, "m1", "hello"));
    assert_eq!(c.next_deadline(), Some(Timestamp(2 * MIN)));
    assert!(auto(&c.handle(Timestamp(2 * MIN - 1), Input::Tick)).is_empty());
    let fx = c.handle(Timestamp(2 * MIN), Input::Tick);
    assert_eq!(
        auto(&fx),
        vec![crate::i18n::Lang::En.server_text(crate::i18n::ServerMsg::AutoNoAnswer)]
    );
    assert_eq!(c.state().status, Status::Waiting);
    assert_eq!(c.next_deadline(), None);
    assert!(c.handle(Timestamp(3 * MIN), Input::Tick).is_empty());

    // Taken in time: no reply.
    let mut c = with(settings, None);
    c.handle(Timestamp(0), send(Peer::Visitor, "m1", "hello"));
    assign(&mut c, 1);
    assert_eq!(c.next_deadline(), None);
    assert!(auto(&c.handle(Timestamp(2 * MIN), Input::Tick)).is_empty());
}

#[test]
fn a_client_who_does_not_answer_the_operator_is_timed_out() {
    // R-AA-5 "send this text, then close".
    let mut c = with(
        AutomationSettings {
            timeout: Timeout::Close {
                after_ms: 5 * MIN,
                text: Some("Closing for now; write again anytime.".into()),
            },
            ..AutomationSettings::default()
        },
        None,
    );
    c.handle(Timestamp(0), send(Peer::Visitor, "m1", "hello"));
    assign(&mut c, 1);
    c.handle(
        Timestamp(MIN),
        send(Peer::Operator(ana()), "r1", "how can I help?"),
    );
    assert_eq!(c.next_deadline(), Some(Timestamp(6 * MIN)));
    // The client answers: the clock stops, and starts again on the next reply.
    c.handle(Timestamp(2 * MIN), send(Peer::Visitor, "m2", "my order"));
    assert_eq!(c.next_deadline(), None);
    c.handle(
        Timestamp(3 * MIN),
        send(Peer::Operator(ana()), "r2", "which one?"),
    );
    let fx = c.handle(Timestamp(8 * MIN), Input::Tick);
    assert_eq!(auto(&fx), vec!["Closing for now; write again anytime."]);
    assert_eq!(status(&fx), Some((Status::Closed, true)));
    assert_eq!(lifecycles(&fx), vec![(Phase::AwaitingRating, false)]);
}

#[test]
fn timing_out_without_a_text_just_closes() {
    // R-AA-5 "close without any action".
    let mut c = with(
        AutomationSettings {
            timeout: Timeout::Close {
                after_ms: MIN,
                text: None,
            },
            ..AutomationSettings::default()
        },
        None,
    );
    c.handle(Timestamp(0), send(Peer::Visitor, "m1", "hello"));
    assign(&mut c, 1);
    c.handle(Timestamp(0), send(Peer::Operator(ana()), "r1", "hi"));
    let fx = c.handle(Timestamp(MIN), Input::Tick);
    assert!(auto(&fx).is_empty());
    assert_eq!(c.state().status, Status::Closed);
}

fn rated(wait_ms: i64, close_on_rating: bool) -> Conversation {
    let mut c = with(
        AutomationSettings {
            rating: RatingWait {
                wait_ms,
                close_on_rating,
            },
            ..AutomationSettings::default()
        },
        None,
    );
    c.handle(Timestamp(0), send(Peer::Visitor, "m1", "hello"));
    assign(&mut c, 1);
    c
}

fn like() -> Input {
    frame(
        Peer::Visitor,
        ClientFrame::Rate {
            rating: Rating {
                verdict: Verdict::Like,
                comment: Some("  quick and kind  ".into()),
            },
        },
    )
}

#[test]
fn closing_asks_for_a_rating_and_the_rating_ends_the_session() {
    // R-QA-1, R-QA-2 "close the session when the rating is received", R-AA-4.
    let mut c = rated(10 * MIN, true);
    let fx = c.handle(
        Timestamp(MIN),
        frame(Peer::Operator(ana()), ClientFrame::Close),
    );
    assert_eq!(status(&fx), Some((Status::Closed, true)));
    assert_eq!(lifecycles(&fx), vec![(Phase::AwaitingRating, false)]);
    assert_eq!(c.next_deadline(), Some(Timestamp(11 * MIN)));
    let fx = c.handle(Timestamp(2 * MIN), like());
    assert!(fx.contains(&Effect::Broadcast {
        to: Audience::Everyone,
        frame: ServerFrame::Rated {
            rating: Rating {
                verdict: Verdict::Like,
                comment: Some("quick and kind".into())
            }
        }
    }));
    assert_eq!(lifecycles(&fx), vec![(Phase::Closed, true)]);
    assert_eq!(c.summary().rating.map(|r| r.verdict), Some(Verdict::Like));
    assert_eq!(c.next_deadline(), None);
}

#[test]
fn without_close_on_rating_the_session_waits_out_the_rating_time() {
    // R-AA-4: wait up to the set time; the rating does not end it.
    let mut c = rated(10 * MIN, false);
    c.handle(
        Timestamp(MIN),
        frame(Peer::Operator(ana()), ClientFrame::Close),
    );
    let fx = c.handle(Timestamp(2 * MIN), like());
    assert!(lifecycles(&fx).is_empty());
    let fx = c.handle(Timestamp(11 * MIN), Input::Tick);
    assert_eq!(lifecycles(&fx), vec![(Phase::Closed, true)]);
    assert_eq!(status(&fx), Some((Status::Closed, false)));
    // Rated already; and unrated, the wait is over.
    assert_eq!(
        refusal(&c.handle(Timestamp(12 * MIN), like())),
        Some(ErrorCode::AlreadyRated)
    );
    let mut unrated = rated(10 * MIN, false);
    unrated.handle(
        Timestamp(MIN),
        frame(Peer::Operator(ana()), ClientFrame::Close),
    );
    unrated.handle(Timestamp(11 * MIN), Input::Tick);
    assert_eq!(
        refusal(&unrated.handle(Timestamp(12 * MIN), like())),
        Some(ErrorCode::Forbidden)
    );
}

/// The code of the one error `fx` answers with, if that is all it does.
fn refusal(fx: &[Effect]) -> Option<ErrorCode> {
    match fx {
        [Effect::Reply(ServerFrame::Error { code, .. })] => Some(*code),
        _ => None,
    }
}

fn dislike() -> Input {
    frame(
        Peer::Visitor,
        ClientFrame::Rate {
            rating: Rating {
                verdict: Verdict::Dislike,
                comment: None,
            },
        },
    )
}

#[test]
fn a_session_takes_one_rating_the_first() {
    // R-QA-1, R-AA-4: a second rating within the wait does not replace the
    // first.
    let mut c = rated(10 * MIN, false);
    c.handle(
        Timestamp(MIN),
        frame(Peer::Operator(ana()), ClientFrame::Close),
    );
    c.handle(Timestamp(2 * MIN), like());
    let fx = c.handle(Timestamp(3 * MIN), dislike());
    match &fx[..] {
        [Effect::Reply(ServerFrame::Error {
            code: ErrorCode::AlreadyRated,
            message,
            ..
        })] => assert!(message.contains("already rated"), "{message}"),
        other => panic!("expected the refusal, got {other:?}"),
    }
    assert_eq!(c.summary().rating.map(|r| r.verdict), Some(Verdict::Like));
}

#[test]
fn an_operator_cannot_write_once_closed() {
    // R-AA-4: closed and waiting for the rating, or ended, the conversation
    // takes no operator message; it never reaches the visitor.
    for wait in [10 * MIN, 0] {
        let mut c = rated(wait, true);
        c.handle(
            Timestamp(MIN),
            frame(Peer::Operator(ana()), ClientFrame::Close),
        );
        let last = c.state().last_seq;
        let fx = c.handle(
            Timestamp(2 * MIN),
            send(Peer::Operator(ana()), "late", "one more thing"),
        );
        match &fx[..] {
            [Effect::Reply(ServerFrame::Error {
                code: ErrorCode::Closed,
                message,
                id: Some(id),
                ..
            })] => {
                assert_eq!(id.as_str(), "late");
                assert!(message.contains("closed"), "{message}");
            }
            other => panic!("wait {wait}: expected the refusal, got {other:?}"),
        }
        assert_eq!(c.state().last_seq, last, "nothing stored");
        assert_eq!(c.next_deadline(), (wait > 0).then_some(Timestamp(11 * MIN)));
    }
    // After the rating ended the session too.
    let mut c = rated(10 * MIN, true);
    c.handle(
        Timestamp(MIN),
        frame(Peer::Operator(ana()), ClientFrame::Close),
    );
    c.handle(Timestamp(2 * MIN), like());
    assert_eq!(
        refusal(&c.handle(
            Timestamp(3 * MIN),
            send(Peer::Operator(ana()), "late", "still there?")
        )),
        Some(ErrorCode::Closed)
    );
}

#[test]
fn with_no_wait_the_session_ends_at_once_and_a_later_rating_reopens_it() {
    // R-AA-4 "close at once (a later rating then reopens the session)".
    let mut c = rated(0, true);
    let fx = c.handle(
        Timestamp(MIN),
        frame(Peer::Operator(ana()), ClientFrame::Close),
    );
    assert_eq!(lifecycles(&fx), vec![(Phase::Closed, true)]);
    let before = c.state().lifecycle_rev;
    let fx = c.handle(Timestamp(30 * MIN), like());
    assert!(fx.iter().any(|e| matches!(
        e,
        Effect::Broadcast {
            frame: ServerFrame::Rated { .. },
            ..
        }
    )));
    // Back to the queue, as if the visitor wrote again: registered anew,
    // nobody answers it, and everyone is told it is open.
    let register = fx.iter().find_map(|e| match e {
        Effect::Register { lifecycle, .. } => Some(lifecycle.clone()),
        _ => None,
    });
    let register = register.expect("registered again");
    assert!(register.rev > before);
    assert_eq!((register.phase, register.finished), (Phase::Open, false));
    assert_eq!(status(&fx), Some((Status::Waiting, false)));
    assert_eq!(c.state().status, Status::Waiting);
    assert_eq!(c.state().operator, None);
    assert!(fx.iter().any(|e| matches!(
        e,
        Effect::Notify { to, summary } if to == &vec![UserId::parse("ana").unwrap()] && summary.operator.is_none()
    )));
    // A rating is not a message: no greeting, nothing stored but the
    // line that says it is open again (#20), after the one that said it
    // closed.
    assert!(auto(&fx).is_empty());
    assert_eq!(events(&fx), vec![crate::protocol::ChatEvent::Reopened]);
    assert_eq!(c.state().last_seq, Seq(3));
    // The rating stays with the session it reopened, for the operators and
    // the ledger.
    assert_eq!(c.summary().rating.map(|r| r.verdict), Some(Verdict::Like));
    let record = fx.iter().find_map(|e| match e {
        Effect::Record(r) => Some(r.clone()),
        _ => None,
    });
    assert_eq!(record.and_then(|r| r.rating), Some(Verdict::Like));
    // A second rating of that session is refused; the first stays.
    assert_eq!(
        refusal(&c.handle(Timestamp(31 * MIN), dislike())),
        Some(ErrorCode::AlreadyRated)
    );
    assert_eq!(c.summary().rating.map(|r| r.verdict), Some(Verdict::Like));
}

#[test]
fn a_session_a_rating_reopened_asks_for_a_rating_of_its_own_when_closed() {
    // R-AA-4, R-QA-1: each close asks again.
    let mut c = rated(0, true);
    c.handle(
        Timestamp(MIN),
        frame(Peer::Operator(ana()), ClientFrame::Close),
    );
    c.handle(Timestamp(2 * MIN), dislike());
    assign(&mut c, 2);
    c.handle(
        Timestamp(3 * MIN),
        send(Peer::Operator(ana()), "r2", "Sorry, let me fix it"),
    );
    let fx = c.handle(
        Timestamp(4 * MIN),
        frame(Peer::Operator(ana()), ClientFrame::Close),
    );
    assert_eq!(status(&fx), Some((Status::Closed, true)));
    assert_eq!(c.view(Side::Visitor).rating, None);
    let fx = c.handle(Timestamp(5 * MIN), like());
    assert!(refusal(&fx).is_none(), "{fx:?}");
    assert_eq!(c.summary().rating.map(|r| r.verdict), Some(Verdict::Like));
}

#[test]
fn writing_after_closing_opens_a_new_session_in_the_queue() {
    let mut c = rated(10 * MIN, true);
    c.handle(
        Timestamp(MIN),
        frame(Peer::Operator(ana()), ClientFrame::Close),
    );
    let before = c.state().lifecycle_rev;
    let fx = c.handle(
        Timestamp(2 * MIN),
        send(Peer::Visitor, "m2", "one more thing"),
    );
    assert_eq!(c.state().status, Status::Waiting);
    assert_eq!(c.state().operator, None);
    let register = fx.iter().find_map(|e| match e {
        Effect::Register { lifecycle, .. } => Some(lifecycle.clone()),
        _ => None,
    });
    let register = register.expect("registered again");
    assert!(register.rev > before);
    assert_eq!((register.phase, register.finished), (Phase::Open, false));
    // Ana's inbox learns it is no longer hers.
    assert!(fx.iter().any(|e| matches!(
        e,
        Effect::Notify { to, summary } if to == &vec![UserId::parse("ana").unwrap()] && summary.operator.is_none()
    )));
}

#[test]
fn only_the_assignee_closes_and_only_the_visitor_rates() {
    let mut c = rated(10 * MIN, true);
    let bo = OperatorInfo {
        id: UserId::parse("bo").unwrap(),
        name: "Bo".into(),
    };
    let refused = |fx: &[Effect]| {
        matches!(
            fx,
            [Effect::Reply(ServerFrame::Error {
                code: ErrorCode::Forbidden,
                ..
            })]
        )
    };
    assert!(refused(&c.handle(
        Timestamp(1),
        frame(Peer::Operator(bo), ClientFrame::Close)
    )));
    assert!(refused(
        &c.handle(Timestamp(1), frame(Peer::Visitor, ClientFrame::Close))
    ));
    assert!(refused(&c.handle(Timestamp(1), like())), "not closed yet");
    c.handle(
        Timestamp(1),
        frame(Peer::Operator(ana()), ClientFrame::Close),
    );
    let op_rates = frame(
        Peer::Operator(ana()),
        ClientFrame::Rate {
            rating: Rating {
                verdict: Verdict::Like,
                comment: None,
            },
        },
    );
    assert!(refused(&c.handle(Timestamp(2), op_rates)));
}
