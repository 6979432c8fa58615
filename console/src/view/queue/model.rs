//! The queue form as plain data: the distribution, forwarding and workload
//! settings as typed and the ordered queue, read from and turned back into
//! the channel's [`QueueConfig`], checked with the worker's own rules
//! ([`RoutingSettings::validate`], [`validate_queue`]). Pure, so it is
//! unit-tested natively.

use std::collections::BTreeSet;

use canal_shared::i18n::{Arg, ConsoleMsg, Lang};
use canal_shared::ids::{ChannelId, DepartmentId, UserId};
use canal_shared::people::{
    validate_queue, Department, PeopleError, Person, QueueConfig, QueueEntry,
};
use canal_shared::routing::{
    Capacity, Mode, NotCounted, RoutingSettings, SettingsError, MAX_CAPACITY, MAX_IDLE_MS,
    MIN_IDLE_MS,
};

use crate::view::form::{self, minutes_to_ms, ms_to_minutes};

/// The form as the admin filled it in: numbers as typed.
#[derive(Clone, Debug, PartialEq)]
pub struct QueueForm {
    pub mode: Mode,
    pub idle_minutes: String,
    pub check_online: bool,
    pub capacity_on: bool,
    pub capacity_max: String,
    pub not_counted: NotCounted,
    pub entries: Vec<QueueEntry>,
}

/// The limit offered when capacity is switched on.
pub const DEFAULT_CAPACITY: u32 = 3;
pub const MS_PER_MINUTE: i64 = 60_000;

// The fields' ids, also their `data-testid`.
pub const IDLE: &str = "queue-idle-minutes";
pub const CAPACITY: &str = "queue-capacity-max";

/// What is wrong with the form, by field.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Problems {
    pub idle: Option<String>,
    pub capacity: Option<String>,
    pub queue: Option<String>,
}

impl Problems {
    pub fn is_empty(&self) -> bool {
        self.idle.is_none() && self.capacity.is_none() && self.queue.is_none()
    }

    /// The problems under their fields; the queue's has none.
    pub fn shown(self) -> form::Problems {
        let mut shown = form::Problems::default();
        shown.add(IDLE, self.idle);
        shown.add(CAPACITY, self.capacity);
        shown.add_general(self.queue);
        shown
    }

    /// Every problem, for the alert.
    pub fn summary(&self) -> String {
        [&self.idle, &self.capacity, &self.queue]
            .into_iter()
            .flatten()
            .cloned()
            .collect::<Vec<_>>()
            .join(" ")
    }
}

impl QueueForm {
    pub fn from_config(settings: &RoutingSettings, entries: Vec<QueueEntry>) -> Self {
        QueueForm {
            mode: settings.mode,
            idle_minutes: ms_to_minutes(settings.idle_ms),
            check_online: settings.check_online,
            capacity_on: settings.capacity.is_some(),
            capacity_max: settings
                .capacity
                .map_or(DEFAULT_CAPACITY, |c| c.max)
                .to_string(),
            not_counted: settings
                .capacity
                .map_or(NotCounted::Closed, |c| c.not_counted),
            entries,
        }
    }

    /// The configuration to send, or what to fix first (the same rules as the
    /// worker's).
    pub fn to_config(
        &self,
        lang: Lang,
        channel: ChannelId,
        people: &[Person],
        departments: &[Department],
    ) -> Result<QueueConfig, Problems> {
        let mut problems = Problems::default();
        let idle_ms = minutes_to_ms(&self.idle_minutes);
        match idle_ms {
            None => problems.idle = Some(idle_message(lang, false)),
            Some(idle_ms) => {
                let alone = RoutingSettings {
                    idle_ms,
                    capacity: None,
                    ..RoutingSettings::default()
                };
                if alone.validate().is_err() {
                    problems.idle = Some(idle_message(lang, true));
                }
            }
        }
        let capacity = if self.capacity_on {
            match self.capacity_max.trim().parse::<u32>() {
                Ok(max) => Some(Capacity {
                    max,
                    not_counted: self.not_counted,
                }),
                Err(_) => {
                    problems.capacity = Some(capacity_message(lang, false));
                    None
                }
            }
        } else {
            None
        };
        let alone = RoutingSettings {
            idle_ms: MIN_IDLE_MS,
            capacity,
            ..RoutingSettings::default()
        };
        if alone.validate().is_err() {
            problems.capacity = Some(capacity_message(lang, true));
        }
        let (Some(idle_ms), true) = (idle_ms, problems.is_empty()) else {
            return Err(problems);
        };
        let config = QueueConfig {
            channel,
            settings: RoutingSettings {
                mode: self.mode,
                idle_ms,
                check_online: self.check_online,
                capacity,
            },
            entries: self.entries.clone(),
        };
        let active: BTreeSet<UserId> = people
            .iter()
            .filter(|p| p.active)
            .map(|p| p.id.clone())
            .collect();
        match validate_queue(&config, &active, departments) {
            Ok(()) => Ok(config),
            Err(e) => Err(queue_problem(lang, &e, &self.entries, people, departments)),
        }
    }
}

pub fn idle_message(lang: Lang, out_of_range: bool) -> String {
    let msg = if out_of_range {
        ConsoleMsg::QueueIdleOutOfRange
    } else {
        ConsoleMsg::QueueIdleNotANumber
    };
    lang.console(msg, &[("max", Arg::Num(MAX_IDLE_MS / MS_PER_MINUTE))])
}

pub fn capacity_message(lang: Lang, out_of_range: bool) -> String {
    let msg = if out_of_range {
        ConsoleMsg::QueueCapacityOutOfRange
    } else {
        ConsoleMsg::QueueCapacityNotANumber
    };
    lang.console(msg, &[("max", Arg::Num(MAX_CAPACITY.into()))])
}

/// A refused queue, in the admin's words (names rather than ids).
pub fn queue_problem(
    lang: Lang,
    error: &PeopleError,
    entries: &[QueueEntry],
    people: &[Person],
    departments: &[Department],
) -> Problems {
    let label = |entry: &QueueEntry| entry_label(lang, entry, people, departments);
    let queue = match error {
        PeopleError::Settings(SettingsError::IdleOutOfRange) => {
            return Problems {
                idle: Some(idle_message(lang, true)),
                ..Problems::default()
            }
        }
        PeopleError::Settings(SettingsError::CapacityOutOfRange) => {
            return Problems {
                capacity: Some(capacity_message(lang, true)),
                ..Problems::default()
            }
        }
        PeopleError::UnknownUser(u) => lang.console(
            ConsoleMsg::QueueProblemInactive,
            &[("name", Arg::Str(&label(&QueueEntry::User(u.clone()))))],
        ),
        PeopleError::UnknownDepartment(d) => lang.console(
            ConsoleMsg::QueueProblemNoDepartment,
            &[("id", Arg::Str(d.as_str()))],
        ),
        PeopleError::Duplicate(id) => {
            let name = entries
                .iter()
                .find(|e| match e {
                    QueueEntry::User(u) => u.as_str() == id,
                    QueueEntry::Department(d) => d.as_str() == id,
                })
                .map_or_else(|| id.clone(), label);
            lang.console(ConsoleMsg::QueueProblemTwice, &[("name", Arg::Str(&name))])
        }
        other => crate::errors::people_error(lang, other, |id| id.to_owned()),
    };
    Problems {
        queue: Some(queue),
        ..Problems::default()
    }
}

/// Moves the item at `index` one place up; `false` if it is first (or absent).
pub fn move_up<T>(items: &mut [T], index: usize) -> bool {
    if index == 0 || index >= items.len() {
        return false;
    }
    items.swap(index - 1, index);
    true
}

/// Moves the item at `index` one place down; `false` if it is last (or absent).
pub fn move_down<T>(items: &mut [T], index: usize) -> bool {
    if index + 1 >= items.len() {
        return false;
    }
    items.swap(index, index + 1);
    true
}

/// An entry as the value of an `<option>`: `user:<id>` or `department:<id>`.
pub fn entry_value(entry: &QueueEntry) -> String {
    match entry {
        QueueEntry::User(u) => format!("user:{u}"),
        QueueEntry::Department(d) => format!("department:{d}"),
    }
}

/// The entry an `<option>` value stands for.
pub fn parse_entry(value: &str) -> Option<QueueEntry> {
    match value.split_once(':')? {
        ("user", id) => UserId::parse(id).ok().map(QueueEntry::User),
        ("department", id) => DepartmentId::parse(id).ok().map(QueueEntry::Department),
        _ => None,
    }
}

/// How an entry reads: the person's name, or "Department: Sales (3 members)".
pub fn entry_label(
    lang: Lang,
    entry: &QueueEntry,
    people: &[Person],
    departments: &[Department],
) -> String {
    match entry {
        QueueEntry::User(u) => match people.iter().find(|p| &p.id == u) {
            Some(p) if p.active => p.name.clone(),
            Some(p) => lang.console(
                ConsoleMsg::QueueEntryDeactivated,
                &[("name", Arg::Str(&p.name))],
            ),
            None => lang.console(
                ConsoleMsg::QueueEntryUnknownPerson,
                &[("id", Arg::Str(u.as_str()))],
            ),
        },
        QueueEntry::Department(d) => match departments.iter().find(|x| &x.id == d) {
            Some(dep) => department_label(lang, dep),
            None => lang.console(
                ConsoleMsg::QueueEntryUnknownDepartment,
                &[("id", Arg::Str(d.as_str()))],
            ),
        },
    }
}

pub fn department_label(lang: Lang, dep: &Department) -> String {
    let count = i64::try_from(dep.members.len()).unwrap_or(i64::MAX);
    lang.console(
        ConsoleMsg::QueueDepartment,
        &[("name", Arg::Str(&dep.name)), ("count", Arg::Num(count))],
    )
}

/// What the "Add" list offers, as `(value, label)`.
#[derive(Debug, Default, PartialEq)]
pub struct AddOptions {
    pub people: Vec<(String, String)>,
    pub departments: Vec<(String, String)>,
}

/// Active people and departments not in the queue yet, in the server's order.
pub fn add_options(
    lang: Lang,
    people: &[Person],
    departments: &[Department],
    entries: &[QueueEntry],
) -> AddOptions {
    let people = people
        .iter()
        .filter(|p| p.active)
        .map(|p| (QueueEntry::User(p.id.clone()), p.name.clone()))
        .filter(|(e, _)| !entries.contains(e))
        .map(|(e, name)| (entry_value(&e), name))
        .collect();
    let departments = departments
        .iter()
        .map(|d| {
            (
                QueueEntry::Department(d.id.clone()),
                department_label(lang, d),
            )
        })
        .filter(|(e, _)| !entries.contains(e))
        .map(|(e, label)| (entry_value(&e), label))
        .collect();
    AddOptions {
        people,
        departments,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use canal_shared::protocol::Role;

    fn person(id: &str, name: &str, active: bool) -> Person {
        Person {
            id: UserId::parse(id).unwrap(),
            email: format!("{id}@example.com"),
            name: name.into(),
            role: Role::Operator,
            active,
            position: None,
            avatar: None,
        }
    }

    fn department(id: &str, name: &str, members: &[&str]) -> Department {
        Department {
            id: DepartmentId::parse(id).unwrap(),
            name: name.into(),
            head: None,
            members: members.iter().map(|m| UserId::parse(m).unwrap()).collect(),
        }
    }

    fn user(id: &str) -> QueueEntry {
        QueueEntry::User(UserId::parse(id).unwrap())
    }

    fn dep(id: &str) -> QueueEntry {
        QueueEntry::Department(DepartmentId::parse(id).unwrap())
    }

    fn channel() -> ChannelId {
        ChannelId::parse("c1").unwrap()
    }

    #[test]
    fn minutes_and_milliseconds_convert_exactly() {
        assert_eq!(minutes_to_ms("1"), Some(MIN_IDLE_MS));
        assert_eq!(minutes_to_ms(" 720 "), Some(MAX_IDLE_MS));
        assert_eq!(minutes_to_ms("3"), Some(180_000));
        assert_eq!(minutes_to_ms("1.5"), Some(90_000));
        assert_eq!(minutes_to_ms("0.25"), Some(15_000));
        assert_eq!(minutes_to_ms(".5"), Some(30_000));
        assert_eq!(minutes_to_ms("2."), Some(120_000));
        assert_eq!(minutes_to_ms("007"), Some(420_000));
        assert_eq!(minutes_to_ms("0"), Some(0));
        assert_eq!(minutes_to_ms("-1"), Some(-60_000));
        assert_eq!(minutes_to_ms("99999999999999999999"), Some(i64::MAX));
        for bad in ["", " ", "-", ".", "abc", "1e3", "1,5", "1.2.3", "+1"] {
            assert_eq!(minutes_to_ms(bad), None, "{bad:?}");
        }

        assert_eq!(ms_to_minutes(180_000), "3");
        assert_eq!(ms_to_minutes(MAX_IDLE_MS), "720");
        assert_eq!(ms_to_minutes(90_000), "1.5");
        assert_eq!(ms_to_minutes(60_001), "1.000017");
        assert_eq!(ms_to_minutes(-60_000), "-1");
        // Whatever the server holds comes back to the same millisecond.
        for ms in (0..=200_000).chain(MAX_IDLE_MS - 70_000..=MAX_IDLE_MS + 1) {
            assert_eq!(minutes_to_ms(&ms_to_minutes(ms)), Some(ms), "{ms}");
        }
    }

    #[test]
    fn entries_move_up_and_down() {
        let mut items = vec!['a', 'b', 'c'];
        assert!(move_up(&mut items, 2));
        assert_eq!(items, ['a', 'c', 'b']);
        assert!(!move_up(&mut items, 0));
        assert!(!move_up(&mut items, 3));
        assert!(move_down(&mut items, 0));
        assert_eq!(items, ['c', 'a', 'b']);
        assert!(!move_down(&mut items, 2));
        assert!(!move_down(&mut items, 7));
        assert_eq!(items, ['c', 'a', 'b']);
        let mut empty: Vec<char> = Vec::new();
        assert!(!move_up(&mut empty, 0));
        assert!(!move_down(&mut empty, 0));
    }

    #[test]
    fn option_values_name_a_person_or_a_department() {
        assert_eq!(parse_entry("user:u_1"), Some(user("u_1")));
        assert_eq!(parse_entry("department:d_1"), Some(dep("d_1")));
        for bad in ["", "u_1", "user:", "team:x", "user:a b", "department:d:1"] {
            assert_eq!(parse_entry(bad), None, "{bad:?}");
        }
        for e in [user("u_1"), dep("d_sales")] {
            assert_eq!(parse_entry(&entry_value(&e)), Some(e));
        }
    }

    #[test]
    fn the_add_list_offers_active_people_and_departments_not_queued() {
        let people = [
            person("u_ana", "Ana", true),
            person("u_bo", "Bo", false),
            person("u_cy", "Cy", true),
        ];
        let departments = [
            department("d_sales", "Sales", &["u_ana", "u_cy", "u_bo"]),
            department("d_help", "Help", &["u_cy"]),
        ];
        let options = add_options(
            Lang::En,
            &people,
            &departments,
            &[user("u_ana"), dep("d_help")],
        );
        assert_eq!(
            options,
            AddOptions {
                people: vec![("user:u_cy".into(), "Cy".into())],
                departments: vec![(
                    "department:d_sales".into(),
                    "Department: Sales (3 members)".into()
                )],
            }
        );
        assert_eq!(
            entry_label(Lang::En, &dep("d_help"), &people, &departments),
            "Department: Help (1 member)"
        );
        assert_eq!(
            entry_label(Lang::En, &user("u_bo"), &people, &departments),
            "Bo (deactivated)"
        );
        let everyone = [user("u_ana"), user("u_cy"), dep("d_help"), dep("d_sales")];
        assert_eq!(
            add_options(Lang::En, &people, &departments, &everyone),
            AddOptions::default()
        );
    }

    #[test]
    fn the_form_round_trips_and_checks_like_the_worker() {
        let people = [person("u_ana", "Ana", true), person("u_bo", "Bo", false)];
        let departments = [department("d_sales", "Sales", &["u_ana"])];
        let settings = RoutingSettings {
            mode: Mode::Strict,
            idle_ms: 90_000,
            check_online: false,
            capacity: Some(Capacity {
                max: 4,
                not_counted: NotCounted::AwaitingClient,
            }),
        };
        let entries = vec![dep("d_sales"), user("u_ana")];
        let form = QueueForm::from_config(&settings, entries.clone());
        assert_eq!(form.idle_minutes, "1.5");
        assert_eq!(
            form.to_config(Lang::En, channel(), &people, &departments),
            Ok(QueueConfig {
                channel: channel(),
                settings,
                entries,
            })
        );

        // Switching the limit off sends no capacity; the default is offered.
        let off = QueueForm::from_config(&RoutingSettings::default(), vec![]);
        assert!(!off.capacity_on);
        assert_eq!(off.capacity_max, "3");
        let sent = off
            .to_config(Lang::En, channel(), &people, &departments)
            .unwrap();
        assert_eq!(sent.settings, RoutingSettings::default());

        let problems = QueueForm {
            idle_minutes: "721".into(),
            capacity_max: "0".into(),
            ..form.clone()
        }
        .to_config(Lang::En, channel(), &people, &departments)
        .unwrap_err();
        assert_eq!(
            problems.idle.as_deref(),
            Some("The idle time must be between 1 minute and 12 hours (1 to 720 minutes).")
        );
        assert_eq!(
            problems.capacity.as_deref(),
            Some("The limit must be between 1 and 1000 conversations.")
        );
        assert_eq!(problems.queue, None);

        let problems = QueueForm {
            idle_minutes: "soon".into(),
            capacity_max: "2.5".into(),
            ..form.clone()
        }
        .to_config(Lang::En, channel(), &people, &departments)
        .unwrap_err();
        assert_eq!(
            problems.idle.as_deref(),
            Some("Enter the idle time as a number of minutes, from 1 to 720.")
        );
        assert_eq!(
            problems.capacity.as_deref(),
            Some("Enter the limit as a whole number from 1 to 1000.")
        );
        // An unparsable limit is not checked while the limit is off.
        let ok = QueueForm {
            capacity_on: false,
            capacity_max: "".into(),
            ..form.clone()
        };
        assert!(ok
            .to_config(Lang::En, channel(), &people, &departments)
            .is_ok());

        let twice = QueueForm {
            entries: vec![user("u_ana"), user("u_ana")],
            ..form.clone()
        };
        assert_eq!(
            twice
                .to_config(Lang::En, channel(), &people, &departments)
                .unwrap_err()
                .queue
                .as_deref(),
            Some("Ana is in the queue twice: remove one.")
        );
        let ghost = QueueForm {
            entries: vec![user("u_bo")],
            ..form
        };
        assert_eq!(
            ghost
                .to_config(Lang::En, channel(), &people, &departments)
                .unwrap_err()
                .summary(),
            "Bo (deactivated) is not an active person: remove them from the queue."
        );
    }

    #[test]
    fn the_problems_show_under_their_fields_and_the_queues_in_the_alert() {
        let problems = Problems {
            idle: None,
            capacity: Some("Capacity is wrong.".into()),
            queue: Some("The queue is wrong.".into()),
        };
        let shown = problems.clone().shown();
        assert_eq!(shown.summary(), problems.summary());
        // The first field to fix takes the focus; the queue has no field.
        assert_eq!(shown.first_field(), Some(CAPACITY));
        assert_eq!(shown.of(CAPACITY).as_deref(), Some("Capacity is wrong."));
        assert_eq!(shown.of(IDLE), None);
        let queue_only = Problems {
            queue: Some("The queue is wrong.".into()),
            ..Problems::default()
        }
        .shown();
        assert_eq!(queue_only.first_field(), None);
        assert_eq!(queue_only.summary(), "The queue is wrong.");
    }
}
