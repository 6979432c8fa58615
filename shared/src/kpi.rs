//! Response-time KPIs (R-KPI-1, R-KPI-2) and when a late answer is reported
//! (R-KPI-3).
//!
//! Each conversation keeps a [`ResponseClock`]. A client message starts the
//! clock if it is not running (several client messages before one reply
//! are one wait, from the first of them); the operator's next reply stops it
//! and is measured: the first reply of a session against the first-response
//! limit, every later one against the subsequent-response limit. A reply
//! after the limit is late; one exactly at the limit is not. With
//! `working_hours_only`, only the time the channel is open counts.
//!
//! A late notice is due once per wait, when the limit passes
//! ([`ResponseClock::deadline`], the object's alarm): not when the operator
//! finally answers, since by then nobody needs to hurry.
//!
//! Time is an input; the clock is plain data, saved with its conversation.

use serde::{Deserialize, Serialize};
use thiserror::Error;

use std::collections::BTreeSet;

use crate::hours::WorkingHours;
use crate::ids::{DepartmentId, UserId};
use crate::people::Department;
pub use crate::protocol::ResponseStats;
use crate::time::{span, Timestamp};

/// Shortest limit an admin may set: one minute.
pub const MIN_LIMIT_MS: i64 = 60 * 1000;
/// Longest limit: seven days.
pub const MAX_LIMIT_MS: i64 = 7 * 24 * 3600 * 1000;
/// Most characters of a notice's text.
pub const MAX_NOTICE_CHARS: usize = 1000;
/// The placeholder for the responsible operator's name (R-KPI-3).
pub const OPERATOR_PLACEHOLDER: &str = "#OPERATOR#";
/// The placeholder for the conversation's number, linked to it (R-KPI-3).
pub const DIALOG_PLACEHOLDER: &str = "#DIALOG#";
/// The text of a notice when the admin wrote none.
pub const DEFAULT_NOTICE: &str = "#OPERATOR# has not answered conversation #DIALOG# in time.";

/// Which limit a wait is measured against.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// The first reply of a session (R-KPI-1).
    First,
    /// Every later reply (R-KPI-2).
    Next,
}

/// Who is told of a late answer (R-KPI-3).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "who", rename_all = "snake_case")]
pub enum NotifyWho {
    /// This person.
    Person {
        /// Who.
        user: UserId,
    },
    /// The head of the responsible operator's department.
    Supervisor,
}

/// "Notify if late" for one limit (R-KPI-3).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LateNotice {
    /// Who is told.
    pub to: NotifyWho,
    /// The text, with `#OPERATOR#` and `#DIALOG#`; the default if `None`.
    #[serde(default)]
    pub text: Option<String>,
}

/// One response-time limit.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Limit {
    /// A reply after this long is late.
    pub after_ms: i64,
    /// Who is told when it passes, if anyone.
    #[serde(default)]
    pub notify: Option<LateNotice>,
}

/// A channel's response-time settings (R-KPI-1…3).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct KpiSettings {
    /// The first-response limit (R-KPI-1); `None`: replies are measured,
    /// never late.
    #[serde(default)]
    pub first: Option<Limit>,
    /// The subsequent-response limit (R-KPI-2).
    #[serde(default)]
    pub next: Option<Limit>,
    /// Count only the time the channel is open (its working hours); else
    /// every minute counts.
    #[serde(default)]
    pub working_hours_only: bool,
}

/// `GET`/`POST /api/kpi` (admins): a channel's response-time settings.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct KpiConfig {
    /// The channel.
    pub channel: crate::ids::ChannelId,
    /// Its settings.
    #[serde(default)]
    pub settings: KpiSettings,
}

/// Why settings are refused.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum KpiError {
    /// A limit out of range: the range said is the one this deployment
    /// allows.
    #[error("the {what} limit must be between {} and {}", span(*.min_ms), span(MAX_LIMIT_MS))]
    Limit {
        /// Which limit.
        what: &'static str,
        /// The shortest accepted here.
        min_ms: i64,
    },
    /// A notice's text is too long or has control characters.
    #[error("the {0} notice's text must be 1 to {MAX_NOTICE_CHARS} characters")]
    Text(&'static str),
    /// The person to notify is not an active person of the account.
    #[error("there is no active person \"{0}\" to notify; pick someone on the People page")]
    NoSuchPerson(UserId),
}

impl KpiSettings {
    /// The settings checked; texts trimmed, a blank text is the default.
    /// `min_ms` is [`MIN_LIMIT_MS`] except in test configurations.
    pub fn validate(&self, min_ms: i64) -> Result<KpiSettings, KpiError> {
        let check = |limit: &Option<Limit>, what: &'static str| -> Result<_, KpiError> {
            let Some(l) = limit else { return Ok(None) };
            if !(min_ms..=MAX_LIMIT_MS).contains(&l.after_ms) {
                return Err(KpiError::Limit { what, min_ms });
            }
            let notify = match &l.notify {
                None => None,
                Some(n) => {
                    let text = n.text.as_deref().map(str::trim).filter(|t| !t.is_empty());
                    if text.is_some_and(|t| {
                        t.chars().count() > MAX_NOTICE_CHARS || t.chars().any(char::is_control)
                    }) {
                        return Err(KpiError::Text(what));
                    }
                    Some(LateNotice {
                        to: n.to.clone(),
                        text: text.map(str::to_owned),
                    })
                }
            };
            Ok(Some(Limit {
                after_ms: l.after_ms,
                notify,
            }))
        };
        Ok(KpiSettings {
            first: check(&self.first, "first-response")?,
            next: check(&self.next, "subsequent-response")?,
            working_hours_only: self.working_hours_only,
        })
    }

    /// Checks that every person named to notify is among `active`.
    pub fn check_people(&self, active: &BTreeSet<UserId>) -> Result<(), KpiError> {
        let named = [&self.first, &self.next]
            .into_iter()
            .flatten()
            .filter_map(|l| match l.notify.as_ref().map(|n| &n.to) {
                Some(NotifyWho::Person { user }) => Some(user),
                _ => None,
            });
        for user in named {
            if !active.contains(user) {
                return Err(KpiError::NoSuchPerson(user.clone()));
            }
        }
        Ok(())
    }

    /// The limit a wait of `kind` is measured against.
    pub fn limit(&self, kind: Kind) -> Option<&Limit> {
        match kind {
            Kind::First => self.first.as_ref(),
            Kind::Next => self.next.as_ref(),
        }
    }
}

/// A notice's text with its placeholders filled: the operator's name and
/// the conversation's number (the caller links it).
pub fn notice_text(notice: &LateNotice, operator: &str, dialog: &str) -> String {
    notice
        .text
        .as_deref()
        .unwrap_or(DEFAULT_NOTICE)
        .replace(OPERATOR_PLACEHOLDER, operator)
        .replace(DIALOG_PLACEHOLDER, dialog)
}

/// Who gets a late notice (R-KPI-3): the person named, or the heads of
/// the departments the responsible operator is in — of the departments in
/// the channel's queue, while nobody took the conversation. Only active
/// people; each once.
pub fn recipients(
    who: &NotifyWho,
    operator: Option<&UserId>,
    departments: &[Department],
    queue_departments: &[DepartmentId],
    active: &BTreeSet<UserId>,
) -> Vec<UserId> {
    let mut out: Vec<UserId> = match who {
        NotifyWho::Person { user } => vec![user.clone()],
        NotifyWho::Supervisor => departments
            .iter()
            .filter(|d| match operator {
                Some(op) => d.members.contains(op),
                None => queue_departments.contains(&d.id),
            })
            .filter_map(|d| d.head.clone())
            .collect(),
    };
    out.retain(|u| active.contains(u));
    out.sort();
    out.dedup();
    out
}

/// The rules a clock runs by: the channel's settings and, when only open
/// time counts, its working hours.
#[derive(Clone, Copy, Debug)]
pub struct Rules<'a> {
    /// The settings.
    pub settings: &'a KpiSettings,
    /// The channel's working hours, if it has any.
    pub hours: Option<&'a WorkingHours>,
}

impl Rules<'_> {
    fn hours(&self) -> Option<&WorkingHours> {
        self.hours.filter(|_| self.settings.working_hours_only)
    }

    /// How long from `from` to `to` counts.
    pub fn elapsed_ms(&self, from: Timestamp, to: Timestamp) -> i64 {
        match self.hours() {
            None => (to.0 - from.0).max(0),
            Some(h) => open_ms(h, from, to),
        }
    }

    /// When `ms` of counted time will have passed since `from`; `None` if
    /// never (a channel that never opens again).
    pub fn after(&self, from: Timestamp, ms: i64) -> Option<Timestamp> {
        match self.hours() {
            None => Some(from.plus_ms(ms)),
            Some(h) => open_after(h, from, ms),
        }
    }
}

/// Most open/closed changes walked in one computation (about a year of
/// two spans a day): bounds the work on any input.
const MAX_CHANGES: usize = 1500;

/// The open time of `h` between `from` and `to`.
fn open_ms(h: &WorkingHours, from: Timestamp, to: Timestamp) -> i64 {
    let mut t = from;
    let mut total = 0;
    for _ in 0..MAX_CHANGES {
        if t >= to {
            break;
        }
        let next = h.next_change(t).map_or(to, |c| c.min(to));
        if h.is_open(t) {
            total += next.0 - t.0;
        }
        t = next;
    }
    total
}

/// The instant when `h` has been open `ms` since `from`.
fn open_after(h: &WorkingHours, from: Timestamp, ms: i64) -> Option<Timestamp> {
    let mut t = from;
    let mut left = ms;
    for _ in 0..MAX_CHANGES {
        let next = h.next_change(t);
        if h.is_open(t) {
            match next {
                Some(n) if n.0 - t.0 < left => left -= n.0 - t.0,
                _ => return Some(t.plus_ms(left)),
            }
        }
        t = next?;
    }
    None
}

impl ResponseStats {
    /// The average response time, once a reply was measured.
    pub fn average_ms(&self) -> Option<i64> {
        (self.count > 0).then(|| self.total_ms / i64::from(self.count))
    }
}

/// A wait for the operator's reply.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
struct Wait {
    /// The first client message not answered yet.
    since: Timestamp,
    /// What it is measured against.
    kind: Kind,
    /// Its late notice was due and given.
    noticed: bool,
}

/// An input to the clock.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ClockInput {
    /// The client wrote.
    ClientMessage,
    /// The operator replied.
    OperatorReply,
    /// A new session starts: its first reply is a first response again.
    NewSession,
    /// The session closed: what waits now is answered by nobody.
    Closed,
    /// The object's alarm: a late notice may be due.
    Tick,
}

/// What the clock reports.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ClockEffect {
    /// A reply was measured.
    Measured {
        /// Against which limit.
        kind: Kind,
        /// How long the client waited (counted time).
        ms: i64,
        /// Over the limit.
        late: bool,
    },
    /// The limit of the running wait passed: tell whoever the settings name
    /// (R-KPI-3). Given once per wait.
    Late {
        /// Which limit.
        kind: Kind,
        /// Since when the client waits.
        since: Timestamp,
        /// Who, and what to say.
        notice: LateNotice,
    },
}

/// A conversation's response clock (R-KPI-1, R-KPI-2).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResponseClock {
    /// The running wait, if the client waits.
    #[serde(default)]
    wait: Option<Wait>,
    /// The operator replied in this session.
    #[serde(default)]
    replied: bool,
    /// What was measured.
    #[serde(default)]
    pub stats: ResponseStats,
}

impl ResponseClock {
    /// Since when the client waits for a reply, if they do.
    pub fn waiting_since(&self) -> Option<Timestamp> {
        self.wait.map(|w| w.since)
    }

    /// Feeds one input; returns what happened.
    pub fn handle(
        &mut self,
        rules: Rules<'_>,
        now: Timestamp,
        input: ClockInput,
    ) -> Vec<ClockEffect> {
        match input {
            ClockInput::ClientMessage => {
                if self.wait.is_none() {
                    self.wait = Some(Wait {
                        since: now,
                        kind: if self.replied {
                            Kind::Next
                        } else {
                            Kind::First
                        },
                        noticed: false,
                    });
                }
                Vec::new()
            }
            ClockInput::OperatorReply => {
                self.replied = true;
                let Some(w) = self.wait.take() else {
                    // Writing first, or twice in a row: nobody waited.
                    return Vec::new();
                };
                let ms = rules.elapsed_ms(w.since, now);
                let late = rules
                    .settings
                    .limit(w.kind)
                    .is_some_and(|l| ms > l.after_ms);
                let s = &mut self.stats;
                if w.kind == Kind::First {
                    s.first_ms = Some(ms);
                }
                s.total_ms = s.total_ms.saturating_add(ms);
                s.count = s.count.saturating_add(1);
                s.max_ms = s.max_ms.max(ms);
                s.late += u32::from(late);
                vec![ClockEffect::Measured {
                    kind: w.kind,
                    ms,
                    late,
                }]
            }
            ClockInput::NewSession => {
                self.wait = None;
                self.replied = false;
                Vec::new()
            }
            ClockInput::Closed => {
                self.wait = None;
                Vec::new()
            }
            ClockInput::Tick => self.tick(rules, now),
        }
    }

    /// When the running wait's late notice is due, if it has one to give.
    pub fn deadline(&self, rules: Rules<'_>) -> Option<Timestamp> {
        let w = self.wait.filter(|w| !w.noticed)?;
        let limit = rules.settings.limit(w.kind)?;
        limit.notify.as_ref()?;
        // Late means over the limit: due one millisecond after it.
        rules.after(w.since, limit.after_ms).map(|t| t.plus_ms(1))
    }

    fn tick(&mut self, rules: Rules<'_>, now: Timestamp) -> Vec<ClockEffect> {
        let Some(due) = self.deadline(rules) else {
            return Vec::new();
        };
        if now < due {
            return Vec::new();
        }
        let Some(w) = self.wait.as_mut() else {
            return Vec::new();
        };
        w.noticed = true;
        let notice = rules.settings.limit(w.kind).and_then(|l| l.notify.clone());
        notice
            .map(|notice| ClockEffect::Late {
                kind: w.kind,
                since: w.since,
                notice,
            })
            .into_iter()
            .collect()
    }
}

#[cfg(test)]
mod tests;
