//! Working hours (R-WH-1): a time zone, spans of opening per weekday (a span
//! may run past midnight), days off and holidays. Answers "is the channel open
//! at this instant?" and "when does that change next?", correctly across
//! daylight-saving changes: spans are wall-clock times in the channel's zone.

use chrono::{
    Datelike, Duration, LocalResult, NaiveDate, NaiveDateTime, TimeZone, Timelike, Weekday,
};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::time::Timestamp;

/// Minutes after local midnight: `0` to `1440` ("24:00", for an end only).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct DayTime(u16);

impl DayTime {
    /// Parses `HH:MM` (00:00 to 24:00).
    pub fn parse(s: &str) -> Result<Self, HoursError> {
        let bad = || HoursError::BadTime(s.to_owned());
        let (h, m) = s.split_once(':').ok_or_else(bad)?;
        if !(h.len() == 2
            && m.len() == 2
            && (h.bytes().chain(m.bytes())).all(|b| b.is_ascii_digit()))
        {
            return Err(bad());
        }
        let (h, m): (u16, u16) = (h.parse().map_err(|_| bad())?, m.parse().map_err(|_| bad())?);
        if m >= 60 || h > 24 || (h == 24 && m != 0) || s.len() != 5 {
            return Err(bad());
        }
        Ok(Self(h * 60 + m))
    }

    /// Minutes after midnight.
    pub fn minutes(self) -> u16 {
        self.0
    }
}

impl TryFrom<String> for DayTime {
    type Error = HoursError;
    fn try_from(s: String) -> Result<Self, HoursError> {
        Self::parse(&s)
    }
}

impl From<DayTime> for String {
    fn from(t: DayTime) -> String {
        format!("{:02}:{:02}", t.0 / 60, t.0 % 60)
    }
}

/// One opening: from `start` to `end` local time; an `end` at or before
/// `start` runs past midnight into the next day.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Span {
    /// Opens.
    pub start: DayTime,
    /// Closes.
    pub end: DayTime,
}

impl Span {
    fn crosses_midnight(self) -> bool {
        self.end <= self.start
    }
}

/// A day with no opening.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Holiday {
    /// One date.
    Date(NaiveDate),
    /// The same day every year.
    Yearly {
        /// 1 to 12.
        month: u32,
        /// 1 to 31.
        day: u32,
    },
}

/// Why working hours were refused.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum HoursError {
    /// Not an IANA time zone name.
    #[error("\"{0}\" is not a time zone (use a name such as Europe/Lisbon)")]
    UnknownZone(String),
    /// Not `HH:MM`.
    #[error("\"{0}\" is not a time of day (use HH:MM, 00:00 to 24:00)")]
    BadTime(String),
    /// A span that opens at "24:00".
    #[error("a span cannot start at 24:00")]
    StartsAtMidnightEnd,
    /// Spans of one day overlap.
    #[error("the spans of {0} overlap")]
    Overlap(Weekday),
    /// A yearly holiday on a day no month has.
    #[error("{month}/{day} is not a day of the year")]
    BadHoliday {
        /// Month.
        month: u32,
        /// Day.
        day: u32,
    },
}

/// A channel's working hours (validated when built or deserialized).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "HoursData", into = "HoursData")]
pub struct WorkingHours {
    tz: Tz,
    data: HoursData,
}

/// Working hours as stored and edited.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HoursData {
    /// IANA time zone name, such as `Europe/Lisbon`.
    pub zone: String,
    /// Spans per weekday, Monday first; an empty day is a day off.
    pub week: [Vec<Span>; 7],
    /// Days with no opening.
    pub holidays: Vec<Holiday>,
}

impl TryFrom<HoursData> for WorkingHours {
    type Error = HoursError;
    fn try_from(d: HoursData) -> Result<Self, HoursError> {
        WorkingHours::new(&d.zone, d.week, d.holidays)
    }
}

impl From<WorkingHours> for HoursData {
    fn from(h: WorkingHours) -> HoursData {
        h.data
    }
}

const SEARCH_DAYS: i64 = 8;
const SEARCH_WINDOWS: i64 = 60;

impl WorkingHours {
    /// Validated working hours in the IANA zone `zone`.
    pub fn new(
        zone: &str,
        week: [Vec<Span>; 7],
        holidays: Vec<Holiday>,
    ) -> Result<Self, HoursError> {
        let tz: Tz = zone
            .parse()
            .map_err(|_| HoursError::UnknownZone(zone.to_owned()))?;
        for (i, spans) in week.iter().enumerate() {
            let day = Weekday::try_from(i as u8).expect("seven days");
            let mut sorted = spans.clone();
            sorted.sort_by_key(|s| s.start);
            for s in &sorted {
                if s.start.0 == 1440 {
                    return Err(HoursError::StartsAtMidnightEnd);
                }
            }
            for w in sorted.windows(2) {
                if w[0].crosses_midnight() || w[1].start < w[0].end {
                    return Err(HoursError::Overlap(day));
                }
            }
        }
        for h in &holidays {
            if let Holiday::Yearly { month, day } = *h {
                // 2024 is a leap year: 29 February is allowed.
                if NaiveDate::from_ymd_opt(2024, month, day).is_none() {
                    return Err(HoursError::BadHoliday { month, day });
                }
            }
        }
        Ok(Self {
            tz,
            data: HoursData {
                zone: zone.to_owned(),
                week,
                holidays,
            },
        })
    }

    /// The settings as stored.
    pub fn data(&self) -> &HoursData {
        &self.data
    }

    /// The channel's time zone.
    pub fn tz(&self) -> Tz {
        self.tz
    }

    fn is_holiday(&self, date: NaiveDate) -> bool {
        self.data.holidays.iter().any(|h| match *h {
            Holiday::Date(d) => d == date,
            Holiday::Yearly { month, day } => date.month() == month && date.day() == day,
        })
    }

    fn spans(&self, date: NaiveDate) -> &[Span] {
        if self.is_holiday(date) {
            return &[];
        }
        &self.data.week[date.weekday().num_days_from_monday() as usize]
    }

    /// Whether the channel is open at `at`.
    pub fn is_open(&self, at: Timestamp) -> bool {
        let Some(local) = self.tz().timestamp_millis_opt(at.0).single() else {
            return false;
        };
        let date = local.date_naive();
        let secs = local.num_seconds_from_midnight();
        let min = |t: DayTime| u32::from(t.0) * 60;
        let today = self
            .spans(date)
            .iter()
            .any(|s| secs >= min(s.start) && (s.crosses_midnight() || secs < min(s.end)));
        let from_yesterday = date.pred_opt().is_some_and(|y| {
            self.spans(y)
                .iter()
                .any(|s| s.crosses_midnight() && secs < min(s.end))
        });
        today || from_yesterday
    }

    /// The first instant after `at` when [`Self::is_open`] changes, if it ever
    /// does (within about sixteen months).
    pub fn next_change(&self, at: Timestamp) -> Option<Timestamp> {
        let tz = self.tz();
        let open = self.is_open(at);
        let start = tz.timestamp_millis_opt(at.0).single()?.date_naive();
        for window in 0..SEARCH_WINDOWS {
            let mut candidates: Vec<i64> = (-1..=SEARCH_DAYS)
                .filter_map(|d| start.checked_add_signed(Duration::days(window * SEARCH_DAYS + d)))
                .flat_map(|date| self.boundaries(date))
                .filter(|&t| t > at.0)
                .collect();
            candidates.sort_unstable();
            if let Some(t) = candidates
                .into_iter()
                .find(|&t| self.is_open(Timestamp(t)) != open)
            {
                return Some(Timestamp(t));
            }
        }
        None
    }

    /// Instants (ms) when spans of `date` open and close.
    fn boundaries(&self, date: NaiveDate) -> Vec<i64> {
        let tz = self.tz();
        self.spans(date)
            .iter()
            .flat_map(|s| {
                let end_date = if s.crosses_midnight() || s.end.0 == 1440 {
                    date.succ_opt()
                } else {
                    Some(date)
                };
                let end_min = if s.end.0 == 1440 { 0 } else { s.end.0 };
                let mut at = at_local(tz, date, s.start.0);
                if let Some(d) = end_date {
                    at.extend(at_local(tz, d, end_min));
                }
                at
            })
            .collect()
    }
}

/// The instants (ms) of local `date` + `minutes` in `tz`: both when the
/// clock goes back and the time comes twice, the end of the gap when it
/// jumps forward.
fn at_local(tz: Tz, date: NaiveDate, minutes: u16) -> Vec<i64> {
    let Some(midnight) = date.and_hms_opt(0, 0, 0) else {
        return Vec::new();
    };
    let base: NaiveDateTime = midnight + Duration::minutes(i64::from(minutes));
    (0..=180)
        .find_map(
            |shift| match tz.from_local_datetime(&(base + Duration::minutes(shift))) {
                LocalResult::Single(t) => Some(vec![t.timestamp_millis()]),
                LocalResult::Ambiguous(a, b) => {
                    Some(vec![a.timestamp_millis(), b.timestamp_millis()])
                }
                LocalResult::None => None,
            },
        )
        .unwrap_or_default()
}

#[cfg(test)]
mod tests;
