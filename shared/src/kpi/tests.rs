use super::*;
use crate::hours::{DayTime, Span};

const MIN: i64 = 60_000;
const HOUR: i64 = 60 * MIN;

fn limit(after_ms: i64, notify: bool) -> Option<Limit> {
    Some(Limit {
        after_ms,
        notify: notify.then_some(LateNotice {
            to: NotifyWho::Supervisor,
            text: None,
        }),
    })
}

fn settings(first_ms: i64, next_ms: i64) -> KpiSettings {
    KpiSettings {
        first: limit(first_ms, true),
        next: limit(next_ms, true),
        working_hours_only: false,
    }
}

fn rules(s: &KpiSettings) -> Rules<'_> {
    Rules {
        settings: s,
        hours: None,
    }
}

/// 09:00–17:00 every weekday in `zone`, closed on weekends.
fn office(zone: &str) -> WorkingHours {
    let span = Span {
        start: DayTime::parse("09:00").unwrap(),
        end: DayTime::parse("17:00").unwrap(),
    };
    let week = std::array::from_fn(|d| if d < 5 { vec![span] } else { vec![] });
    WorkingHours::new(zone, week, vec![]).unwrap()
}

fn measured(fx: &[ClockEffect]) -> Vec<(Kind, i64, bool)> {
    fx.iter()
        .filter_map(|e| match e {
            ClockEffect::Measured { kind, ms, late } => Some((*kind, *ms, *late)),
            _ => None,
        })
        .collect()
}

fn at(ms: i64) -> Timestamp {
    Timestamp(ms)
}

#[test]
fn r_kpi_1_the_first_reply_is_measured_against_the_first_limit() {
    let s = settings(5 * MIN, 2 * MIN);
    let mut c = ResponseClock::default();
    c.handle(rules(&s), at(0), ClockInput::ClientMessage);
    let fx = c.handle(rules(&s), at(3 * MIN), ClockInput::OperatorReply);
    assert_eq!(measured(&fx), vec![(Kind::First, 3 * MIN, false)]);
    assert_eq!(c.stats.first_ms, Some(3 * MIN));
}

#[test]
fn r_kpi_2_later_replies_are_measured_against_the_subsequent_limit() {
    let s = settings(5 * MIN, 2 * MIN);
    let mut c = ResponseClock::default();
    c.handle(rules(&s), at(0), ClockInput::ClientMessage);
    c.handle(rules(&s), at(MIN), ClockInput::OperatorReply);
    c.handle(rules(&s), at(10 * MIN), ClockInput::ClientMessage);
    let fx = c.handle(rules(&s), at(13 * MIN), ClockInput::OperatorReply);
    // Three minutes: in time for a first reply, late for a later one.
    assert_eq!(measured(&fx), vec![(Kind::Next, 3 * MIN, true)]);
    assert_eq!(c.stats.first_ms, Some(MIN), "the first stays the first");
}

#[test]
fn r_kpi_1_several_client_messages_before_one_reply_are_one_wait_from_the_first() {
    let s = settings(5 * MIN, 2 * MIN);
    let mut c = ResponseClock::default();
    c.handle(rules(&s), at(0), ClockInput::ClientMessage);
    c.handle(rules(&s), at(2 * MIN), ClockInput::ClientMessage);
    c.handle(rules(&s), at(4 * MIN), ClockInput::ClientMessage);
    let fx = c.handle(rules(&s), at(6 * MIN), ClockInput::OperatorReply);
    assert_eq!(measured(&fx), vec![(Kind::First, 6 * MIN, true)]);
    // A second reply in a row measures nothing: nobody waited.
    assert!(c
        .handle(rules(&s), at(7 * MIN), ClockInput::OperatorReply)
        .is_empty());
    assert_eq!(c.stats.count, 1);
}

#[test]
fn r_kpi_1_a_reply_exactly_at_the_limit_is_in_time() {
    let s = settings(5 * MIN, 2 * MIN);
    let mut c = ResponseClock::default();
    c.handle(rules(&s), at(0), ClockInput::ClientMessage);
    let fx = c.handle(rules(&s), at(5 * MIN), ClockInput::OperatorReply);
    assert_eq!(measured(&fx), vec![(Kind::First, 5 * MIN, false)]);
    let mut c = ResponseClock::default();
    c.handle(rules(&s), at(0), ClockInput::ClientMessage);
    let fx = c.handle(rules(&s), at(5 * MIN + 1), ClockInput::OperatorReply);
    assert_eq!(measured(&fx), vec![(Kind::First, 5 * MIN + 1, true)]);
}

#[test]
fn r_kpi_4_total_average_and_maximum_add_up_as_replies_come() {
    let s = settings(5 * MIN, 2 * MIN);
    let mut c = ResponseClock::default();
    for (asked, answered) in [(0, MIN), (10 * MIN, 13 * MIN), (20 * MIN, 22 * MIN)] {
        c.handle(rules(&s), at(asked), ClockInput::ClientMessage);
        c.handle(rules(&s), at(answered), ClockInput::OperatorReply);
    }
    let st = &c.stats;
    assert_eq!(
        (st.count, st.total_ms, st.max_ms, st.late),
        (3, 6 * MIN, 3 * MIN, 1)
    );
    assert_eq!(st.average_ms(), Some(2 * MIN));
    assert_eq!(ResponseStats::default().average_ms(), None);
}

#[test]
fn r_kpi_3_the_late_notice_is_due_once_when_the_limit_passes() {
    let s = settings(5 * MIN, 2 * MIN);
    let mut c = ResponseClock::default();
    assert_eq!(c.deadline(rules(&s)), None, "nobody waits");
    c.handle(rules(&s), at(0), ClockInput::ClientMessage);
    let due = c.deadline(rules(&s)).unwrap();
    assert_eq!(due, at(5 * MIN + 1));
    assert!(c
        .handle(rules(&s), at(5 * MIN), ClockInput::Tick)
        .is_empty());
    let fx = c.handle(rules(&s), due, ClockInput::Tick);
    assert!(matches!(
        fx.as_slice(),
        [ClockEffect::Late {
            kind: Kind::First,
            since: Timestamp(0),
            ..
        }]
    ));
    // Once: a late or repeated alarm gives nothing more, and no deadline.
    assert!(c
        .handle(rules(&s), at(9 * MIN), ClockInput::Tick)
        .is_empty());
    assert_eq!(c.deadline(rules(&s)), None);
    // The late reply is still measured as late, and notifies nobody.
    let fx = c.handle(rules(&s), at(10 * MIN), ClockInput::OperatorReply);
    assert_eq!(
        fx,
        vec![ClockEffect::Measured {
            kind: Kind::First,
            ms: 10 * MIN,
            late: true
        }]
    );
}

#[test]
fn r_kpi_3_a_reply_in_time_means_no_notice() {
    let s = settings(5 * MIN, 2 * MIN);
    let mut c = ResponseClock::default();
    c.handle(rules(&s), at(0), ClockInput::ClientMessage);
    c.handle(rules(&s), at(MIN), ClockInput::OperatorReply);
    assert_eq!(c.deadline(rules(&s)), None);
    assert!(c
        .handle(rules(&s), at(6 * MIN), ClockInput::Tick)
        .is_empty());
    // Without "notify if late" nothing is due, though replies can be late.
    let quiet = KpiSettings {
        first: limit(5 * MIN, false),
        ..KpiSettings::default()
    };
    let mut c = ResponseClock::default();
    c.handle(rules(&quiet), at(0), ClockInput::ClientMessage);
    assert_eq!(c.deadline(rules(&quiet)), None);
    let fx = c.handle(rules(&quiet), at(6 * MIN), ClockInput::OperatorReply);
    assert_eq!(measured(&fx), vec![(Kind::First, 6 * MIN, true)]);
}

#[test]
fn a_new_session_starts_with_a_first_response_and_closing_stops_the_wait() {
    let s = settings(5 * MIN, 2 * MIN);
    let mut c = ResponseClock::default();
    c.handle(rules(&s), at(0), ClockInput::ClientMessage);
    c.handle(rules(&s), at(MIN), ClockInput::OperatorReply);
    c.handle(rules(&s), at(2 * MIN), ClockInput::ClientMessage);
    c.handle(rules(&s), at(3 * MIN), ClockInput::Closed);
    assert_eq!(c.deadline(rules(&s)), None, "closed: nobody is late");
    c.handle(rules(&s), at(HOUR), ClockInput::NewSession);
    c.handle(rules(&s), at(HOUR), ClockInput::ClientMessage);
    let fx = c.handle(rules(&s), at(HOUR + 4 * MIN), ClockInput::OperatorReply);
    assert_eq!(measured(&fx), vec![(Kind::First, 4 * MIN, false)]);
}

#[test]
fn r_kpi_1_with_working_hours_only_the_open_time_counts() {
    let hours = office("UTC");
    let s = KpiSettings {
        working_hours_only: true,
        ..settings(30 * MIN, 10 * MIN)
    };
    let r = Rules {
        settings: &s,
        hours: Some(&hours),
    };
    // 1 January 2024 is a Monday. A client writes at 16:50; the operator
    // answers at 09:25 the next morning: 10 + 25 minutes of open time.
    let day = 1_704_067_200_000;
    let mut c = ResponseClock::default();
    c.handle(r, at(day + 16 * HOUR + 50 * MIN), ClockInput::ClientMessage);
    // The notice is due when 30 open minutes have passed: 09:20 Tuesday.
    assert_eq!(
        c.deadline(r),
        Some(at(day + 24 * HOUR + 9 * HOUR + 20 * MIN + 1))
    );
    let fx = c.handle(
        r,
        at(day + 24 * HOUR + 9 * HOUR + 25 * MIN),
        ClockInput::OperatorReply,
    );
    assert_eq!(measured(&fx), vec![(Kind::First, 35 * MIN, true)]);
    // Friday 16:55 to Monday 09:02: the weekend does not count.
    let friday = day + 4 * 24 * HOUR;
    assert_eq!(
        r.elapsed_ms(
            at(friday + 16 * HOUR + 55 * MIN),
            at(friday + 3 * 24 * HOUR + 9 * HOUR + 2 * MIN)
        ),
        7 * MIN
    );
    // Without the option every minute counts.
    let all = settings(30 * MIN, 10 * MIN);
    let r = Rules {
        settings: &all,
        hours: Some(&hours),
    };
    assert_eq!(r.elapsed_ms(at(0), at(HOUR)), HOUR);
}

#[test]
fn working_hours_count_right_across_a_daylight_saving_change() {
    // Lisbon moves its clocks forward at 01:00 UTC on 31 March 2024 (a
    // Sunday) and keeps 09:00–17:00 local: Monday opens at 08:00 UTC.
    let hours = office("Europe/Lisbon");
    let s = KpiSettings {
        working_hours_only: true,
        ..settings(30 * MIN, 10 * MIN)
    };
    let r = Rules {
        settings: &s,
        hours: Some(&hours),
    };
    let friday_29 = 1_711_670_400_000; // 2024-03-29 00:00 UTC
    let from = at(friday_29 + 16 * HOUR + 30 * MIN); // 16:30 local (UTC+0)
    let monday_0800_utc = at(friday_29 + 3 * 24 * HOUR + 8 * HOUR);
    assert_eq!(
        r.elapsed_ms(from, monday_0800_utc.plus_ms(10 * MIN)),
        40 * MIN
    );
    // 30 open minutes end as it closes on Friday; 35 end at 08:05 UTC Monday.
    assert_eq!(r.after(from, 30 * MIN), Some(at(friday_29 + 17 * HOUR)));
    assert_eq!(
        r.after(from, 35 * MIN),
        Some(monday_0800_utc.plus_ms(5 * MIN))
    );
}

#[test]
fn a_channel_that_never_opens_never_makes_anyone_late() {
    let closed = WorkingHours::new("UTC", std::array::from_fn(|_| vec![]), vec![]).unwrap();
    let s = KpiSettings {
        working_hours_only: true,
        ..settings(30 * MIN, 10 * MIN)
    };
    let r = Rules {
        settings: &s,
        hours: Some(&closed),
    };
    let mut c = ResponseClock::default();
    c.handle(r, at(0), ClockInput::ClientMessage);
    assert_eq!(c.deadline(r), None);
    assert_eq!(r.elapsed_ms(at(0), at(48 * HOUR)), 0);
}

#[test]
fn r_kpi_3_notice_texts_fill_the_operator_and_the_conversation() {
    let n = LateNotice {
        to: NotifyWho::Supervisor,
        text: Some("#OPERATOR# is late on #DIALOG# (#DIALOG#)".into()),
    };
    assert_eq!(notice_text(&n, "Ana", "42"), "Ana is late on 42 (42)");
    let default = LateNotice {
        to: NotifyWho::Supervisor,
        text: None,
    };
    assert_eq!(
        notice_text(&default, "Ana", "42"),
        "Ana has not answered conversation 42 in time."
    );
}

#[test]
fn settings_are_validated_with_reasons() {
    let ok = KpiSettings {
        first: Some(Limit {
            after_ms: 5 * MIN,
            notify: Some(LateNotice {
                to: NotifyWho::Supervisor,
                text: Some("   ".into()),
            }),
        }),
        ..KpiSettings::default()
    };
    let v = ok.validate(MIN_LIMIT_MS).unwrap();
    assert_eq!(
        v.first.unwrap().notify.unwrap().text,
        None,
        "blank is the default"
    );
    let short = settings(1000, 5 * MIN);
    let e = short.validate(MIN_LIMIT_MS).unwrap_err();
    assert_eq!(
        e,
        KpiError::Limit {
            what: "first-response",
            min_ms: MIN_LIMIT_MS
        }
    );
    assert!(e.to_string().contains("between 1 minute and 7 days"), "{e}");
    // R-KPI-1: the range said is the one that applies where the shortest
    // limit is lower (a test configuration).
    let e = settings(500, 5 * MIN).validate(1000).unwrap_err();
    assert!(e.to_string().contains("between 1 second and 7 days"), "{e}");
    assert!(
        short.validate(1000).is_ok(),
        "test configurations allow seconds"
    );
    let long = settings(5 * MIN, MAX_LIMIT_MS + 1);
    assert_eq!(
        long.validate(MIN_LIMIT_MS),
        Err(KpiError::Limit {
            what: "subsequent-response",
            min_ms: MIN_LIMIT_MS
        })
    );
    let mut wordy = settings(5 * MIN, 5 * MIN);
    wordy.next.as_mut().unwrap().notify.as_mut().unwrap().text = Some("x".repeat(1001));
    assert_eq!(
        wordy.validate(MIN_LIMIT_MS),
        Err(KpiError::Text("subsequent-response"))
    );
}

#[test]
fn r_kpi_3_the_supervisor_is_the_head_of_the_operators_department() {
    let id = |s: &str| UserId::parse(s).unwrap();
    let dept = |d: &str, head: Option<&str>, members: &[&str]| Department {
        id: DepartmentId::parse(d).unwrap(),
        name: d.into(),
        head: head.map(id),
        members: members.iter().map(|m| id(m)).collect(),
    };
    let departments = vec![
        dept("sales", Some("sofia"), &["ana", "bruno"]),
        dept("support", Some("paulo"), &["carla", "ana"]),
        dept("nights", None, &["bruno"]),
    ];
    let active: BTreeSet<UserId> = ["ana", "bruno", "carla", "sofia", "paulo"]
        .into_iter()
        .map(id)
        .collect();
    let sup = NotifyWho::Supervisor;
    assert_eq!(
        recipients(&sup, Some(&id("ana")), &departments, &[], &active),
        vec![id("paulo"), id("sofia")]
    );
    assert_eq!(
        recipients(&sup, Some(&id("bruno")), &departments, &[], &active),
        vec![id("sofia")]
    );
    // Nobody took it yet: the heads of the queue's departments.
    let queue = [DepartmentId::parse("support").unwrap()];
    assert_eq!(
        recipients(&sup, None, &departments, &queue, &active),
        vec![id("paulo")]
    );
    // A chosen person; a deactivated one gets nothing.
    let carla = NotifyWho::Person { user: id("carla") };
    assert_eq!(
        recipients(&carla, None, &departments, &[], &active),
        vec![id("carla")]
    );
    let mut fewer = active.clone();
    fewer.remove(&id("carla"));
    assert!(recipients(&carla, None, &departments, &[], &fewer).is_empty());
}

#[test]
fn r_kpi_3_the_person_to_notify_must_be_an_active_person() {
    let ana = UserId::parse("ana").unwrap();
    let mut s = settings(5 * MIN, 5 * MIN);
    s.next.as_mut().unwrap().notify.as_mut().unwrap().to = NotifyWho::Person { user: ana.clone() };
    let active: BTreeSet<UserId> = [ana.clone()].into_iter().collect();
    assert_eq!(s.check_people(&active), Ok(()));
    let e = s.check_people(&BTreeSet::new()).unwrap_err();
    assert_eq!(e, KpiError::NoSuchPerson(ana));
    assert!(e.to_string().contains("pick someone on the People page"));
    // The supervisor needs nobody named.
    assert_eq!(
        settings(5 * MIN, 5 * MIN).check_people(&BTreeSet::new()),
        Ok(())
    );
}
