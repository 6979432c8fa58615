//! Working hours (R-WH-1): `is_open` and `next_change` at fuzzed instants.
//!
//! The input builds a week of valid spans (some past midnight, some ending
//! at 24:00), holidays (yearly, possibly a day no year has, or dates near
//! the instants) in one of a few time zones chosen for their daylight-saving
//! rules, and instants from 1970 to 2200. Checked:
//!
//! - `WorkingHours::new` refuses only a yearly holiday on a day that does
//!   not exist;
//! - never a panic;
//! - `next_change(at)`, when there is one, is after `at`, and `is_open`
//!   there differs from `is_open(at)`;
//! - in zones without clock changes, nothing changes before it: `is_open`
//!   is the same at a fuzzed instant between `at` and the change (and just
//!   before it), where `next_change` also gives the same answer; and
//!   without a change, `is_open` stays the same for the next year.
//!
//! Layout of the input (missing bytes read as zero): zone (1 byte); the
//! first instant (8, little endian); per weekday from Monday a span count
//! (1) and per span the offset of its start after the previous end and its
//! length (2 + 2, in minutes); a holiday count (1) and per holiday kind,
//! `a`, `b` (1 each); then up to eight more instants as offsets from the
//! first (4 each, signed, in steps of 64 ms).

#![no_main]

use canal_shared::hours::{DayTime, Holiday, HoursError, Span, WorkingHours};
use canal_shared::time::Timestamp;
use chrono::{Duration, NaiveDate};
use libfuzzer_sys::fuzz_target;

/// Time zones, and whether their offset is the same all through 1970–2200.
const ZONES: [(&str, bool); 10] = [
    ("UTC", true),
    ("Asia/Tokyo", true),
    ("Europe/Lisbon", false),
    ("America/New_York", false),
    ("America/Sao_Paulo", false),
    // Half an hour of daylight saving.
    ("Australia/Lord_Howe", false),
    // Skipped 30 December 2011 altogether.
    ("Pacific/Apia", false),
    ("America/St_Johns", false),
    ("Pacific/Chatham", false),
    ("Europe/Dublin", false),
];

/// 2200-01-01T00:00:00Z, in milliseconds.
const END: i64 = 7_258_118_400_000;
const DAY_MS: i64 = 86_400_000;
/// Instants checked per input, besides the first.
const MAX_INSTANTS: usize = 8;

struct Input<'a>(&'a [u8]);

impl Input<'_> {
    fn bytes<const N: usize>(&mut self) -> [u8; N] {
        let mut out = [0; N];
        let n = N.min(self.0.len());
        out[..n].copy_from_slice(&self.0[..n]);
        self.0 = &self.0[n..];
        out
    }

    fn u8(&mut self) -> u8 {
        self.bytes::<1>()[0]
    }

    fn u16(&mut self) -> u16 {
        u16::from_le_bytes(self.bytes())
    }
}

fn time(minutes: u16) -> DayTime {
    DayTime::parse(&format!("{:02}:{:02}", minutes / 60, minutes % 60)).expect("a time of day")
}

/// One day's spans: in order, none overlapping, the last possibly past
/// midnight.
fn day(input: &mut Input) -> Vec<Span> {
    let mut spans = Vec::new();
    let mut t = 0u16;
    for _ in 0..input.u8() % 4 {
        if t >= 1440 {
            break;
        }
        let start = t + input.u16() % (1440 - t);
        let len = input.u16() % 1441;
        let end = start + len;
        if len == 0 || end > 1440 {
            // Past midnight (all day when `len` is 0): it must be last.
            spans.push(Span {
                start: time(start),
                end: time(end % 1440),
            });
            break;
        }
        spans.push(Span {
            start: time(start),
            end: time(end),
        });
        t = end;
    }
    spans
}

fn holiday(input: &mut Input, at: i64) -> Holiday {
    let [kind, a, b] = input.bytes();
    if kind % 2 == 0 {
        // Months and days a little out of range too.
        Holiday::Yearly {
            month: u32::from(a % 14),
            day: u32::from(b % 33),
        }
    } else {
        let date = chrono::DateTime::from_timestamp_millis(at)
            .expect("in range")
            .date_naive();
        Holiday::Date(date + Duration::days(i64::from(a % 16) - 4))
    }
}

fn check(hours: &WorkingHours, fixed: bool, at: Timestamp, probe: u64) {
    let open = hours.is_open(at);
    let Some(next) = hours.next_change(at) else {
        if fixed {
            // Nothing changes for the next year (the search spans more).
            let later = Timestamp(at.0 + 1 + (probe % (365 * DAY_MS) as u64) as i64);
            assert_eq!(hours.is_open(later), open, "no change after {at:?}");
        }
        return;
    };
    assert!(next > at, "{next:?} is not after {at:?}");
    assert_ne!(hours.is_open(next), open, "nothing changes at {next:?}");
    let gap = next.0 - at.0;
    if fixed && gap > 1 {
        let between = Timestamp(at.0 + 1 + (probe % (gap - 1) as u64) as i64);
        assert_eq!(hours.is_open(between), open, "{between:?} before {next:?}");
        assert_eq!(hours.next_change(between), Some(next), "from {between:?}");
        assert_eq!(hours.is_open(Timestamp(next.0 - 1)), open);
    }
}

fuzz_target!(|data: &[u8]| {
    let mut input = Input(data);
    let (zone, fixed) = ZONES[usize::from(input.u8()) % ZONES.len()];
    let first = (u64::from_le_bytes(input.bytes()) % END as u64) as i64;
    let week: [Vec<Span>; 7] = std::array::from_fn(|_| day(&mut input));
    let holidays: Vec<Holiday> = (0..input.u8() % 4)
        .map(|_| holiday(&mut input, first))
        .collect();
    let hours = match WorkingHours::new(zone, week, holidays.clone()) {
        Ok(h) => h,
        Err(HoursError::BadHoliday { month, day }) => {
            assert!(NaiveDate::from_ymd_opt(2024, month, day).is_none());
            return;
        }
        Err(e) => panic!("valid hours refused: {e}"),
    };
    for h in &holidays {
        if let Holiday::Yearly { month, day } = *h {
            assert!(NaiveDate::from_ymd_opt(2024, month, day).is_some());
        }
    }
    let mut probe = first as u64;
    check(&hours, fixed, Timestamp(first), probe.rotate_left(17));
    for _ in 0..MAX_INSTANTS {
        if input.0.is_empty() {
            break;
        }
        let delta = i64::from(i32::from_le_bytes(input.bytes()));
        let at = (first + delta * 64).clamp(0, END - 1);
        probe = probe
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(at as u64);
        check(&hours, fixed, Timestamp(at), probe >> 1);
    }
});
