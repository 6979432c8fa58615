use chrono::Utc;

use super::*;

fn t(s: &str) -> DayTime {
    DayTime::parse(s).unwrap()
}

fn span(a: &str, b: &str) -> Span {
    Span {
        start: t(a),
        end: t(b),
    }
}

/// Milliseconds of a UTC date and time.
fn utc(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> Timestamp {
    Timestamp(
        Utc.with_ymd_and_hms(y, mo, d, h, mi, 0)
            .single()
            .unwrap()
            .timestamp_millis(),
    )
}

fn every_day(spans: Vec<Span>) -> [Vec<Span>; 7] {
    std::array::from_fn(|_| spans.clone())
}

fn weekdays(spans: Vec<Span>) -> [Vec<Span>; 7] {
    std::array::from_fn(|i| if i < 5 { spans.clone() } else { Vec::new() })
}

#[test]
fn times_of_day_are_validated() {
    assert_eq!(t("09:30").minutes(), 570);
    assert_eq!(t("24:00").minutes(), 1440);
    for bad in [
        "9:30", "24:01", "12:60", "ab:cd", "1230", "", "+9:30", "09:+5", "-0:30",
    ] {
        assert!(DayTime::parse(bad).is_err(), "{bad}");
    }
}

#[test]
fn settings_are_validated() {
    // R-WH-1
    assert_eq!(
        WorkingHours::new("Mars/Olympus", every_day(vec![]), vec![]),
        Err(HoursError::UnknownZone("Mars/Olympus".into()))
    );
    assert_eq!(
        WorkingHours::new(
            "UTC",
            every_day(vec![span("09:00", "12:00"), span("11:00", "13:00")]),
            vec![]
        ),
        Err(HoursError::Overlap(Weekday::Mon))
    );
    assert_eq!(
        WorkingHours::new(
            "UTC",
            every_day(vec![]),
            vec![Holiday::Yearly { month: 2, day: 30 }]
        ),
        Err(HoursError::BadHoliday { month: 2, day: 30 })
    );
    let ok = WorkingHours::new(
        "UTC",
        every_day(vec![]),
        vec![Holiday::Yearly { month: 2, day: 29 }],
    );
    assert!(ok.is_ok());
}

#[test]
fn weekdays_days_off_and_spans_past_midnight() {
    // R-WH-1: Monday to Friday 09:00–12:00 and 13:00–18:00, Friday also
    // 22:00–02:00; weekends off. 2026-11-20 is a Friday.
    let mut week = weekdays(vec![span("09:00", "12:00"), span("13:00", "18:00")]);
    week[4].push(span("22:00", "02:00"));
    let h = WorkingHours::new("UTC", week, vec![]).unwrap();
    assert!(h.is_open(utc(2026, 11, 20, 9, 0)));
    assert!(!h.is_open(utc(2026, 11, 20, 12, 30)));
    assert!(!h.is_open(utc(2026, 11, 20, 18, 0)));
    assert!(h.is_open(utc(2026, 11, 20, 23, 0)));
    assert!(
        h.is_open(utc(2026, 11, 21, 1, 59)),
        "Friday's span runs into Saturday"
    );
    assert!(!h.is_open(utc(2026, 11, 21, 2, 0)));
    assert!(!h.is_open(utc(2026, 11, 22, 10, 0)), "Sunday is a day off");
    assert_eq!(
        h.next_change(utc(2026, 11, 20, 10, 0)),
        Some(utc(2026, 11, 20, 12, 0))
    );
    assert_eq!(
        h.next_change(utc(2026, 11, 20, 12, 0)),
        Some(utc(2026, 11, 20, 13, 0))
    );
    assert_eq!(
        h.next_change(utc(2026, 11, 21, 1, 0)),
        Some(utc(2026, 11, 21, 2, 0))
    );
    assert_eq!(
        h.next_change(utc(2026, 11, 21, 2, 0)),
        Some(utc(2026, 11, 23, 9, 0)),
        "closed over the weekend until Monday"
    );
}

#[test]
fn holidays_close_the_day_but_not_the_night_before() {
    // R-WH-1: 25 December every year and one date. 2026-12-25 is a Friday.
    let mut week = weekdays(vec![span("09:00", "18:00")]);
    week[3].push(span("22:00", "02:00"));
    let h = WorkingHours::new(
        "UTC",
        week,
        vec![
            Holiday::Yearly { month: 12, day: 25 },
            Holiday::Date(NaiveDate::from_ymd_opt(2026, 12, 28).unwrap()),
        ],
    )
    .unwrap();
    assert!(!h.is_open(utc(2026, 12, 25, 10, 0)));
    assert!(
        h.is_open(utc(2026, 12, 25, 1, 0)),
        "Thursday's night span ends on the holiday"
    );
    // Yearly: 2029-12-25 is a Tuesday; the Monday before is a normal day.
    assert!(h.is_open(utc(2029, 12, 24, 10, 0)));
    assert!(!h.is_open(utc(2029, 12, 25, 10, 0)));
    assert!(!h.is_open(utc(2026, 12, 28, 10, 0)));
    assert!(h.is_open(utc(2026, 12, 29, 10, 0)));
    assert_eq!(
        h.next_change(utc(2026, 12, 25, 3, 0)),
        Some(utc(2026, 12, 29, 9, 0))
    );
}

#[test]
fn lisbon_on_the_day_clocks_go_forward() {
    // R-WH-1: on 2026-03-29 Lisbon goes from UTC+0 to UTC+1 at 01:00 UTC.
    let h = WorkingHours::new(
        "Europe/Lisbon",
        every_day(vec![span("09:00", "18:00")]),
        vec![],
    )
    .unwrap();
    assert!(
        !h.is_open(utc(2026, 3, 28, 8, 30)),
        "08:30 local the day before"
    );
    assert!(h.is_open(utc(2026, 3, 29, 8, 30)), "09:30 local on the day");
    assert_eq!(
        h.next_change(utc(2026, 3, 29, 0, 0)),
        Some(utc(2026, 3, 29, 8, 0))
    );
    assert_eq!(
        h.next_change(utc(2026, 3, 29, 9, 0)),
        Some(utc(2026, 3, 29, 17, 0))
    );
    // A span that starts in the hour that does not exist opens when it ends.
    let night = WorkingHours::new(
        "Europe/Lisbon",
        every_day(vec![span("01:30", "03:00")]),
        vec![],
    )
    .unwrap();
    assert_eq!(
        night.next_change(utc(2026, 3, 29, 0, 0)),
        Some(utc(2026, 3, 29, 1, 0))
    );
    assert!(night.is_open(utc(2026, 3, 29, 1, 30)));
    assert!(
        !night.is_open(utc(2026, 3, 29, 2, 0)),
        "03:00 local is 02:00 UTC"
    );
}

#[test]
fn new_york_on_both_transition_days() {
    // R-WH-1: 2026-03-08 02:00 EST becomes 03:00 EDT (07:00 UTC);
    // 2026-11-01 02:00 EDT becomes 01:00 EST (06:00 UTC).
    let h = WorkingHours::new(
        "America/New_York",
        every_day(vec![span("01:00", "04:00")]),
        vec![],
    )
    .unwrap();
    assert!(h.is_open(utc(2026, 3, 8, 6, 0)), "01:00 EST");
    assert_eq!(
        h.next_change(utc(2026, 3, 8, 6, 30)),
        Some(utc(2026, 3, 8, 8, 0)),
        "04:00 EDT: two hours of real time"
    );
    // In autumn 01:00–02:00 happens twice: open from the first 01:00.
    assert_eq!(
        h.next_change(utc(2026, 11, 1, 4, 0)),
        Some(utc(2026, 11, 1, 5, 0))
    );
    assert!(h.is_open(utc(2026, 11, 1, 6, 30)), "the second 01:30");
    assert_eq!(
        h.next_change(utc(2026, 11, 1, 5, 0)),
        Some(utc(2026, 11, 1, 9, 0)),
        "04:00 EST: four hours of real time"
    );
}

#[test]
fn sao_paulo_keeps_one_offset_all_year() {
    // R-WH-1: Brazil dropped daylight saving in 2019; UTC-3 all year.
    let h = WorkingHours::new(
        "America/Sao_Paulo",
        every_day(vec![span("09:00", "18:00")]),
        vec![],
    )
    .unwrap();
    for (mo, d) in [(1, 15), (11, 1), (11, 8), (2, 20)] {
        assert!(h.is_open(utc(2026, mo, d, 12, 0)), "{mo}/{d}");
        assert!(!h.is_open(utc(2026, mo, d, 11, 59)), "{mo}/{d}");
        assert_eq!(
            h.next_change(utc(2026, mo, d, 12, 0)),
            Some(utc(2026, mo, d, 21, 0))
        );
    }
}

#[test]
fn always_closed_never_changes() {
    let h = WorkingHours::new("UTC", every_day(vec![]), vec![]).unwrap();
    assert!(!h.is_open(utc(2026, 1, 1, 0, 0)));
    assert_eq!(h.next_change(utc(2026, 1, 1, 0, 0)), None);
}

#[test]
fn round_trips_through_json_and_validates_on_the_way_in() {
    let h = WorkingHours::new(
        "Europe/Lisbon",
        weekdays(vec![span("09:00", "18:00")]),
        vec![Holiday::Yearly { month: 6, day: 13 }],
    )
    .unwrap();
    let json = serde_json::to_string(&h).unwrap();
    assert!(json.contains(r#""start":"09:00""#), "{json}");
    let back: WorkingHours = serde_json::from_str(&json).unwrap();
    assert_eq!(back, h);
    let bad = json.replace("Europe/Lisbon", "Nowhere/Else");
    assert!(serde_json::from_str::<WorkingHours>(&bad).is_err());
}

#[test]
fn a_span_inside_the_repeated_hour_opens_twice_when_clocks_go_back() {
    // R-WH-1 (found by the `hours` fuzz target): on 2026-11-01 New York
    // lives 01:00-02:00 twice (EDT, then EST). A 01:00-01:30 span is open
    // in both, and `next_change` finds the second opening too.
    let h = WorkingHours::new(
        "America/New_York",
        every_day(vec![span("01:00", "01:30")]),
        vec![],
    )
    .unwrap();
    assert!(h.is_open(utc(2026, 11, 1, 5, 15)), "01:15 EDT");
    assert!(!h.is_open(utc(2026, 11, 1, 5, 45)), "01:45 EDT");
    assert!(h.is_open(utc(2026, 11, 1, 6, 15)), "01:15 EST");
    assert_eq!(
        h.next_change(utc(2026, 11, 1, 5, 30)),
        Some(utc(2026, 11, 1, 6, 0))
    );
    assert_eq!(
        h.next_change(utc(2026, 11, 1, 6, 0)),
        Some(utc(2026, 11, 1, 6, 30))
    );
}
