//! The response clock inside the conversation, with time as input
//! (R-KPI-1…4).

use super::tests::send;
use super::*;
use crate::bot::{BotAnswer, BotAssignment};
use crate::ids::UserId;
use crate::kpi::{Kind, KpiSettings, LateNotice, Limit, NotifyWho};
use crate::protocol::OperatorInfo;

const MIN: i64 = 60_000;

fn with_limits() -> Conversation {
    let notify = Some(LateNotice {
        to: NotifyWho::Supervisor,
        text: None,
    });
    Conversation::open(
        Opening {
            live_typing: true,
            kpi: KpiSettings {
                first: Some(Limit {
                    after_ms: 5 * MIN,
                    notify: notify.clone(),
                }),
                next: Some(Limit {
                    after_ms: 2 * MIN,
                    notify,
                }),
                working_hours_only: false,
            },
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

fn assign(c: &mut Conversation) {
    c.handle(
        Timestamp(1),
        Input::Routed(Route {
            paused: false,
            counts_replies: true,
            rev: 1,
            offered: vec![],
            assignee: Some(ana()),
            unstaffed: false,
            card: None,
        }),
    );
}

fn late(fx: &[Effect]) -> Vec<&LateReport> {
    fx.iter()
        .filter_map(|e| match e {
            Effect::Late(r) => Some(r),
            _ => None,
        })
        .collect()
}

#[test]
fn r_kpi_4_replies_are_measured_into_the_summary() {
    let mut c = with_limits();
    c.handle(Timestamp(0), send(Peer::Visitor, "m1", "hi"));
    assign(&mut c);
    c.handle(
        Timestamp(3 * MIN),
        send(Peer::Operator(ana()), "o1", "hello"),
    );
    c.handle(
        Timestamp(4 * MIN),
        send(Peer::Visitor, "m2", "thanks, and…"),
    );
    c.handle(Timestamp(5 * MIN), send(Peer::Visitor, "m3", "one more"));
    c.handle(
        Timestamp(8 * MIN),
        send(Peer::Operator(ana()), "o2", "sure"),
    );
    let r = c.summary().response;
    assert_eq!(r.first_ms, Some(3 * MIN));
    assert_eq!((r.count, r.total_ms, r.max_ms), (2, 7 * MIN, 4 * MIN));
    assert_eq!(
        r.late, 1,
        "the second waited 4 minutes for a 2-minute limit"
    );
}

#[test]
fn r_kpi_3_the_late_notice_goes_out_once_through_the_alarm() {
    let mut c = with_limits();
    c.handle(Timestamp(0), send(Peer::Visitor, "m1", "hi"));
    assign(&mut c);
    assert_eq!(c.next_deadline(), Some(Timestamp(5 * MIN + 1)));
    assert!(late(&c.handle(Timestamp(5 * MIN), Input::Tick)).is_empty());
    let fx = c.handle(Timestamp(5 * MIN + 1), Input::Tick);
    let reports = late(&fx);
    assert_eq!(reports.len(), 1);
    assert_eq!(reports[0].kind, Kind::First);
    assert_eq!(
        reports[0].operator.as_ref().map(|o| o.name.as_str()),
        Some("Ana")
    );
    assert!(fx.contains(&Effect::SaveState), "noticed is remembered");
    assert!(late(&c.handle(Timestamp(6 * MIN), Input::Tick)).is_empty());
    // The late reply itself sends nothing more.
    let fx = c.handle(
        Timestamp(7 * MIN),
        send(Peer::Operator(ana()), "o1", "sorry"),
    );
    assert!(late(&fx).is_empty());
    assert_eq!(c.summary().response.late, 1);
}

#[test]
fn r_kpi_1_the_clock_waits_while_the_bot_holds_the_conversation() {
    let mut c = with_limits();
    c.state.opening.bot = Some(BotAssignment::new(
        crate::bot::BotInfo::faq(),
        None,
        crate::i18n::Lang::En,
    ));
    c.handle(Timestamp(0), send(Peer::Visitor, "m1", "hi"));
    c.handle(Timestamp(MIN), send(Peer::Visitor, "m2", "hours?"));
    assert_eq!(c.kpi_deadline(), None, "nobody can answer yet");
    c.handle(
        Timestamp(10 * MIN),
        Input::BotAnswered {
            seq: Seq(2),
            answer: Ok(BotAnswer {
                replies: vec![],
                action: crate::bot::BotAction::Handover,
            }),
        },
    );
    // From the hand-over on the client waits for an operator.
    assert_eq!(c.kpi_deadline(), Some(Timestamp(15 * MIN + 1)));
}

#[test]
fn closing_stops_the_clock_and_a_new_session_measures_a_first_response_again() {
    let mut c = with_limits();
    c.handle(Timestamp(0), send(Peer::Visitor, "m1", "hi"));
    assign(&mut c);
    c.handle(Timestamp(MIN), send(Peer::Operator(ana()), "o1", "hello"));
    c.handle(Timestamp(2 * MIN), send(Peer::Visitor, "m2", "bye"));
    c.handle(
        Timestamp(3 * MIN),
        super::tests::frame(Peer::Operator(ana()), ClientFrame::Close),
    );
    assert_eq!(c.kpi_deadline(), None);
    c.handle(Timestamp(60 * MIN), send(Peer::Visitor, "m3", "back again"));
    assert_eq!(
        c.kpi_deadline(),
        Some(Timestamp(65 * MIN + 1)),
        "a first response"
    );
}

fn records(fx: &[Effect]) -> Vec<&crate::ledger::ConversationRecord> {
    fx.iter()
        .filter_map(|e| match e {
            Effect::Record(r) => Some(r),
            _ => None,
        })
        .collect()
}

#[test]
fn r_kpi_4_the_ledger_hears_of_figures_that_change_not_of_every_message() {
    let mut c = with_limits();
    let fx = c.handle(Timestamp(10), send(Peer::Visitor, "m1", "hi"));
    let first = records(&fx);
    assert_eq!(first.len(), 1, "the first message makes the record");
    assert_eq!(first[0].started_at, Timestamp(10));
    assert!(fx.contains(&Effect::SaveState));
    let first_rev = first[0].rev;
    let fx = c.handle(Timestamp(20), send(Peer::Visitor, "m2", "anyone?"));
    assert!(records(&fx).is_empty(), "another message changes no figure");
    assign(&mut c);
    let fx = c.handle(
        Timestamp(3 * MIN),
        send(Peer::Operator(ana()), "o1", "hello"),
    );
    let answered = records(&fx);
    assert_eq!(answered.len(), 1);
    assert_eq!(answered[0].response.first_ms, Some(3 * MIN - 10));
    assert_eq!(answered[0].started_at, Timestamp(10), "the start is kept");
    assert!(answered[0].rev > first_rev);
    let fx = c.handle(
        Timestamp(4 * MIN),
        super::tests::frame(Peer::Operator(ana()), ClientFrame::Close),
    );
    let closed = records(&fx);
    assert_eq!(closed.len(), 1);
    assert_eq!(closed[0].status, Status::Closed);
    assert_eq!(closed[0].closed_at, Some(Timestamp(4 * MIN)));
}

/// An operator's message that carries only a file (no caption, #21).
fn file_only(from: Peer, id: &str) -> Input {
    let file = super::files_tests::pdf(from.side());
    super::files_tests::with_file(from, id, "", Some(file))
}

#[test]
fn kpi_21_a_reply_with_only_a_file_is_an_answer() {
    let mut c = with_limits();
    c.handle(Timestamp(0), send(Peer::Visitor, "m1", "a minha fatura?"));
    assign(&mut c);
    let fx = c.handle(Timestamp(3 * MIN), file_only(Peer::Operator(ana()), "o1"));
    // The first response is measured, the ledger hears of it, and no late
    // notice is due any more.
    let r = c.summary().response;
    assert_eq!((r.first_ms, r.count), (Some(3 * MIN), 1));
    let answered = records(&fx);
    assert_eq!(answered.len(), 1);
    assert_eq!(answered[0].response.first_ms, Some(3 * MIN));
    assert_eq!(c.kpi_deadline(), None);
    assert!(late(&c.handle(Timestamp(60 * MIN), Input::Tick)).is_empty());
    // A subsequent response too.
    c.handle(Timestamp(61 * MIN), send(Peer::Visitor, "m2", "e a outra?"));
    c.handle(Timestamp(62 * MIN), file_only(Peer::Operator(ana()), "o2"));
    let r = c.summary().response;
    assert_eq!((r.count, r.total_ms, r.late), (2, 4 * MIN, 0));
}
