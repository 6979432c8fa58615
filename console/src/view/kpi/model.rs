//! The response-time KPIs form as plain data: the two limits as typed, read
//! from and turned back into the channel's [`KpiSettings`], with what is
//! wrong by field. Pure, so it is unit-tested natively.

use canal_shared::i18n::{ConsoleMsg, Lang};
use canal_shared::ids::UserId;
use canal_shared::kpi::{KpiSettings, LateNotice, Limit, NotifyWho};

use crate::view::form::{minutes_to_ms, ms_to_minutes, Problems};

/// One limit as edited.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LimitForm {
    /// A limit is set.
    pub on: bool,
    /// Its minutes, as typed.
    pub minutes: String,
    /// "Notify if late".
    pub notify: bool,
    /// [`SUPERVISOR`], or a person's id.
    pub who: String,
    /// The notice's text (empty: the default).
    pub text: String,
}

/// Which limit a form edits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Which {
    /// The first response.
    First,
    /// The subsequent responses.
    Next,
}

impl Which {
    /// Both limits, in the page's order (their index in [`KpiForm::limits`]).
    pub const ALL: [Which; 2] = [Which::First, Which::Next];

    /// The ids (and test ids) of the limit's fields.
    pub fn ids(self) -> LimitIds {
        match self {
            Which::First => LimitIds {
                on: "kpi-first-on",
                minutes: "kpi-first-minutes",
                notify: "kpi-first-notify",
                who: "kpi-first-who",
                text: "kpi-first-text",
            },
            Which::Next => LimitIds {
                on: "kpi-next-on",
                minutes: "kpi-next-minutes",
                notify: "kpi-next-notify",
                who: "kpi-next-who",
                text: "kpi-next-text",
            },
        }
    }
}

/// The ids of one limit's fields.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LimitIds {
    /// "Set a limit".
    pub on: &'static str,
    /// Its minutes.
    pub minutes: &'static str,
    /// "Notify if late".
    pub notify: &'static str,
    /// Who is told.
    pub who: &'static str,
    /// The notice's text.
    pub text: &'static str,
}

/// Why a limit cannot be read, by its field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LimitProblem {
    /// The minutes are not a positive number.
    Minutes,
    /// The person to tell is not a person.
    Who,
}

/// "Who to notify" meaning the responsible operator's supervisor.
pub const SUPERVISOR: &str = "supervisor";

impl LimitForm {
    /// The form of `limit`.
    pub fn from_limit(limit: Option<&Limit>) -> Self {
        let Some(l) = limit else {
            return LimitForm {
                minutes: "5".into(),
                who: SUPERVISOR.into(),
                ..LimitForm::default()
            };
        };
        let (notify, who, text) = match &l.notify {
            None => (false, SUPERVISOR.to_owned(), String::new()),
            Some(n) => (
                true,
                match &n.to {
                    NotifyWho::Supervisor => SUPERVISOR.to_owned(),
                    NotifyWho::Person { user } => user.to_string(),
                },
                n.text.clone().unwrap_or_default(),
            ),
        };
        LimitForm {
            on: true,
            minutes: ms_to_minutes(l.after_ms),
            notify,
            who,
            text,
        }
    }

    /// The limit, or which field is wrong.
    pub fn to_limit(&self) -> Result<Option<Limit>, LimitProblem> {
        if !self.on {
            return Ok(None);
        }
        let after_ms = minutes_to_ms(&self.minutes)
            .filter(|ms| *ms > 0)
            .ok_or(LimitProblem::Minutes)?;
        let notify = if self.notify {
            let to = if self.who == SUPERVISOR {
                NotifyWho::Supervisor
            } else {
                NotifyWho::Person {
                    user: UserId::parse(&self.who).map_err(|_| LimitProblem::Who)?,
                }
            };
            let text = self.text.trim();
            Some(LateNotice {
                to,
                text: (!text.is_empty()).then(|| text.to_owned()),
            })
        } else {
            None
        };
        Ok(Some(Limit { after_ms, notify }))
    }
}

/// What a limit's problem says, and the field it is under.
fn problem_of(which: Which, problem: LimitProblem) -> (&'static str, ConsoleMsg) {
    match (which, problem) {
        (Which::First, LimitProblem::Minutes) => {
            (which.ids().minutes, ConsoleMsg::KpiFirstMinutesInvalid)
        }
        (Which::Next, LimitProblem::Minutes) => {
            (which.ids().minutes, ConsoleMsg::KpiNextMinutesInvalid)
        }
        (Which::First, LimitProblem::Who) => (which.ids().who, ConsoleMsg::KpiFirstWhoInvalid),
        (Which::Next, LimitProblem::Who) => (which.ids().who, ConsoleMsg::KpiNextWhoInvalid),
    }
}

/// The KPI form of a channel.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct KpiForm {
    /// The first-response and subsequent-response limits ([`Which::ALL`]).
    pub limits: [LimitForm; 2],
    /// Whether only working hours count.
    pub hours_only: bool,
}

impl KpiForm {
    /// The form of `settings`.
    pub fn from_settings(settings: &KpiSettings) -> Self {
        KpiForm {
            limits: [
                LimitForm::from_limit(settings.first.as_ref()),
                LimitForm::from_limit(settings.next.as_ref()),
            ],
            hours_only: settings.working_hours_only,
        }
    }

    /// The settings to send, or what to fix (in `lang`, by field).
    pub fn to_settings(&self, lang: Lang) -> Result<KpiSettings, Problems> {
        let mut problems = Problems::default();
        let [first, next] = [0, 1].map(|i| {
            self.limits[i].to_limit().map_err(|p| {
                let (field, msg) = problem_of(Which::ALL[i], p);
                problems.add(field, Some(lang.console(msg, &[])));
            })
        });
        match (first, next) {
            (Ok(first), Ok(next)) => Ok(KpiSettings {
                first,
                next,
                working_hours_only: self.hours_only,
            }),
            _ => Err(problems),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn r_kpi_3_a_limit_goes_back_and_forth_through_the_form() {
        let limit = Limit {
            after_ms: 90_000,
            notify: Some(LateNotice {
                to: NotifyWho::Person {
                    user: UserId::parse("u_ana").unwrap(),
                },
                text: Some("#OPERATOR# is late".into()),
            }),
        };
        let form = LimitForm::from_limit(Some(&limit));
        assert_eq!(form.minutes, "1.5");
        assert_eq!(form.who, "u_ana");
        assert_eq!(form.to_limit().unwrap(), Some(limit));
        let off = LimitForm::from_limit(None);
        assert!(!off.on);
        assert_eq!(off.to_limit().unwrap(), None);
        let bad = LimitForm {
            on: true,
            minutes: "soon".into(),
            ..off
        };
        assert_eq!(bad.to_limit().unwrap_err(), LimitProblem::Minutes);
    }

    #[test]
    fn r_kpi_3_settings_go_back_and_forth_through_the_form() {
        let settings = KpiSettings {
            first: Some(Limit {
                after_ms: 300_000,
                notify: None,
            }),
            next: None,
            working_hours_only: true,
        };
        let form = KpiForm::from_settings(&settings);
        assert!(form.hours_only);
        assert_eq!(form.limits[0].minutes, "5");
        assert!(!form.limits[1].on);
        assert_eq!(form.to_settings(Lang::En).unwrap(), settings);
    }

    #[test]
    fn r_kpi_3_each_problem_is_under_its_own_field_in_the_person_s_language() {
        let mut form = KpiForm::default();
        form.limits[0] = LimitForm {
            on: true,
            minutes: "soon".into(),
            ..LimitForm::default()
        };
        form.limits[1] = LimitForm {
            on: true,
            minutes: "5".into(),
            notify: true,
            who: "not a person".into(),
            ..LimitForm::default()
        };
        let problems = form.to_settings(Lang::En).unwrap_err();
        assert_eq!(problems.first_field(), Some("kpi-first-minutes"));
        assert_eq!(
            problems.of("kpi-first-minutes").as_deref(),
            Some("Enter the first-response limit in minutes, such as 5 or 1.5.")
        );
        assert_eq!(
            problems.of("kpi-next-who").as_deref(),
            Some("Pick who is told when the subsequent-response limit passes.")
        );
        let pt = form.to_settings(Lang::PtBr).unwrap_err();
        assert_ne!(pt.of("kpi-first-minutes"), problems.of("kpi-first-minutes"));
    }
}
