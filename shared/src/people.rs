//! People, departments and queues as the admin pages edit them (R-Q-1), and
//! the one rule that turns a queue of people and departments into the ordered
//! list of operators the router sees.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::ids::{ChannelId, DepartmentId, UserId};
use crate::protocol::{OperatorInfo, Role};
use crate::routing::{Presence, RoutingSettings, SettingsError, MIN_IDLE_MS};
use crate::text::{parse_name, MAX_NAME_CHARS};

/// Most entries in one queue.
pub const MAX_QUEUE_ENTRIES: usize = 500;
/// Most members in one department.
pub const MAX_DEPARTMENT_MEMBERS: usize = 1000;

/// A user as the people page lists them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Person {
    /// Their id.
    pub id: UserId,
    /// Login email.
    pub email: String,
    /// Display name.
    pub name: String,
    /// Admin or operator.
    pub role: Role,
    /// A deactivated person cannot sign in and is in no queue.
    pub active: bool,
    /// Their position ("Support lead"), shown to visitors (R-A-1).
    #[serde(default)]
    pub position: Option<String>,
    /// An https address of their picture, shown to visitors (R-A-1).
    #[serde(default)]
    pub avatar: Option<String>,
}

/// `POST /api/people/profile` (admins, or anyone for themselves): what
/// visitors see of an operator with the channel's "profile" display (R-A-1).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProfileInput {
    /// Whose profile.
    pub user: UserId,
    /// Display name, position and avatar (checked by
    /// [`crate::widget_settings::OperatorCard::validate`]).
    pub card: crate::widget_settings::OperatorCard,
}

/// A department: its members stand for it in a queue; its head supervises them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Department {
    /// Its id.
    pub id: DepartmentId,
    /// Display name.
    pub name: String,
    /// The supervisor, if any.
    pub head: Option<UserId>,
    /// Current members.
    pub members: Vec<UserId>,
}

/// Whose conversations `head` may rate as supervisor (R-QA-3): the members
/// of the departments they head, sorted, each once.
pub fn supervised_by(departments: &[Department], head: &UserId) -> Vec<UserId> {
    let mut out: Vec<UserId> = departments
        .iter()
        .filter(|d| d.head.as_ref() == Some(head))
        .flat_map(|d| d.members.iter().cloned())
        .collect();
    out.sort();
    out.dedup();
    out
}

/// What a supervisor reads without answering (R-KPI-3): the conversations
/// of the channels where someone they supervise works, and any conversation
/// one of them answers (wherever it is). Empty for someone who heads no
/// department.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Supervision {
    /// The channels whose queue holds someone they supervise
    /// ([`supervised_channels`]).
    #[serde(default)]
    pub channels: Vec<ChannelId>,
    /// Whom they supervise ([`supervised_by`]).
    #[serde(default)]
    pub operators: Vec<UserId>,
}

impl Supervision {
    /// Whether a conversation of `channel`, answered by `operator` (if
    /// anyone), is one this supervisor reads (R-KPI-3).
    pub fn reads(&self, channel: &ChannelId, operator: Option<&UserId>) -> bool {
        self.channels.contains(channel) || operator.is_some_and(|o| self.operators.contains(o))
    }
}

/// The channels a supervisor reads (R-KPI-3): those whose queue, expanded
/// into operators (`queues`: channel and operator pairs), holds one of the
/// people they supervise; sorted, each once.
pub fn supervised_channels(
    supervises: &[UserId],
    queues: &[(ChannelId, UserId)],
) -> Vec<ChannelId> {
    let mut out: Vec<ChannelId> = queues
        .iter()
        .filter(|(_, user)| supervises.contains(user))
        .map(|(channel, _)| channel.clone())
        .collect();
    out.sort();
    out.dedup();
    out
}

/// `GET /api/people` (admins).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PeopleResponse {
    /// Everyone, active or not, by name.
    pub people: Vec<Person>,
    /// Every department, by name.
    pub departments: Vec<Department>,
}

/// `POST /api/people` (admins): a new operator or admin.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewPerson {
    /// Login email.
    pub email: String,
    /// Display name.
    pub name: String,
    /// First password (10 to 256 characters).
    pub password: String,
    /// Admin or operator.
    pub role: Role,
}

/// `POST /api/people/active` (admins): deactivate (signs them out, takes them
/// out of every queue, sends their conversations back to the queue) or
/// reactivate someone.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SetActive {
    /// Who.
    pub user: UserId,
    /// The new state.
    pub active: bool,
}

/// `POST /api/departments` (admins): create (no `id`) or replace a department.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DepartmentInput {
    /// The department to replace, or `None` to create one.
    pub id: Option<DepartmentId>,
    /// Display name.
    pub name: String,
    /// The supervisor, if any (must be an active person).
    pub head: Option<UserId>,
    /// Members (active people).
    pub members: Vec<UserId>,
}

/// One line of a queue: a person, or a department standing for its members.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", content = "id", rename_all = "snake_case")]
pub enum QueueEntry {
    /// A person.
    User(UserId),
    /// A department's current members, in their listed order.
    Department(DepartmentId),
}

/// A channel's queue and its settings: `GET` and `POST /api/queue` (admins).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueConfig {
    /// The channel.
    pub channel: ChannelId,
    /// Distribution, idle time, online check, capacity (R-Q-2…5).
    pub settings: RoutingSettings,
    /// The queue, in priority order (R-Q-1).
    pub entries: Vec<QueueEntry>,
}

/// An operator of a channel as the transfer menu shows them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueMember {
    /// Who.
    pub operator: OperatorInfo,
    /// Their presence now.
    pub presence: Presence,
    /// Conversations counted toward their limit (R-Q-5).
    pub load: u32,
}

/// `GET /api/queue/members?channel=`: the operators a conversation can be
/// transferred to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueMembers {
    /// In queue order.
    pub members: Vec<QueueMember>,
}

/// `POST /api/conversations/accept` and `/decline`: an offer's answer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfferAnswer {
    /// The conversation's channel.
    pub channel: ChannelId,
    /// The conversation.
    pub conversation: crate::ids::ConversationId,
}

/// `POST /api/conversations/transfer` (R-Q-6).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TransferRequest {
    /// The conversation's channel.
    pub channel: ChannelId,
    /// The conversation.
    pub conversation: crate::ids::ConversationId,
    /// The operator who gets it, or `None` for back to the queue.
    pub to: Option<UserId>,
}

/// Why an admin's edit was refused.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum PeopleError {
    /// A name that is empty, too long or has control characters.
    #[error("a name must be 1 to {MAX_NAME_CHARS} characters, without control characters")]
    Name,
    /// The queue names someone or something that does not exist.
    #[error("the queue names {0}, who is not an active person")]
    UnknownUser(UserId),
    /// The queue names a department that does not exist.
    #[error("the queue names the department {0}, which does not exist")]
    UnknownDepartment(DepartmentId),
    /// The same person or department twice.
    #[error("{0} is in the queue twice; keep one")]
    Duplicate(String),
    /// Too many entries.
    #[error("a queue holds at most {MAX_QUEUE_ENTRIES} entries")]
    TooManyEntries,
    /// Too many members.
    #[error("a department holds at most {MAX_DEPARTMENT_MEMBERS} members")]
    TooManyMembers,
    /// A member or head who is not an active person.
    #[error("{0} is not an active person")]
    NotAPerson(UserId),
    /// Invalid routing settings.
    #[error(transparent)]
    Settings(#[from] SettingsError),
}

/// Checks a department before it is saved: a name, active members listed
/// once, an active head.
pub fn validate_department(
    input: &DepartmentInput,
    active: &BTreeSet<UserId>,
) -> Result<DepartmentInput, PeopleError> {
    let name = parse_name(&input.name).map_err(|_| PeopleError::Name)?;
    if input.members.len() > MAX_DEPARTMENT_MEMBERS {
        return Err(PeopleError::TooManyMembers);
    }
    let mut seen = BTreeSet::new();
    let mut members = Vec::new();
    for m in &input.members {
        if !active.contains(m) {
            return Err(PeopleError::NotAPerson(m.clone()));
        }
        if seen.insert(m.clone()) {
            members.push(m.clone());
        }
    }
    if let Some(h) = input.head.as_ref().filter(|h| !active.contains(*h)) {
        return Err(PeopleError::NotAPerson(h.clone()));
    }
    Ok(DepartmentInput {
        id: input.id.clone(),
        name,
        head: input.head.clone(),
        members,
    })
}

/// Checks a queue before it is saved: valid settings, at most
/// [`MAX_QUEUE_ENTRIES`] entries, each an active person or an existing
/// department, none twice.
pub fn validate_queue(
    config: &QueueConfig,
    active: &BTreeSet<UserId>,
    departments: &[Department],
) -> Result<(), PeopleError> {
    validate_queue_with(config, active, departments, MIN_IDLE_MS)
}

/// Like [`validate_queue`], with the idle time's floor `min_idle_ms` (see
/// [`RoutingSettings::validate_with`]).
pub fn validate_queue_with(
    config: &QueueConfig,
    active: &BTreeSet<UserId>,
    departments: &[Department],
    min_idle_ms: i64,
) -> Result<(), PeopleError> {
    config.settings.validate_with(min_idle_ms)?;
    if config.entries.len() > MAX_QUEUE_ENTRIES {
        return Err(PeopleError::TooManyEntries);
    }
    let mut seen = BTreeSet::new();
    for entry in &config.entries {
        match entry {
            QueueEntry::User(u) if !active.contains(u) => {
                return Err(PeopleError::UnknownUser(u.clone()))
            }
            QueueEntry::Department(d) if !departments.iter().any(|x| &x.id == d) => {
                return Err(PeopleError::UnknownDepartment(d.clone()))
            }
            _ => {}
        }
        let label = match entry {
            QueueEntry::User(u) => u.to_string(),
            QueueEntry::Department(d) => d.to_string(),
        };
        if !seen.insert(label.clone()) {
            return Err(PeopleError::Duplicate(label));
        }
    }
    Ok(())
}

/// The operators a queue stands for, in order (R-Q-1): people as listed,
/// departments as their current active members; someone listed twice (in
/// person and through a department, say) keeps their first place; inactive
/// people are left out.
pub fn expand_queue(
    entries: &[QueueEntry],
    departments: &[Department],
    active: &BTreeSet<UserId>,
) -> Vec<UserId> {
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    let mut push = |u: &UserId| {
        if active.contains(u) && seen.insert(u.clone()) {
            out.push(u.clone());
        }
    };
    for entry in entries {
        match entry {
            QueueEntry::User(u) => push(u),
            QueueEntry::Department(d) => {
                if let Some(dep) = departments.iter().find(|x| &x.id == d) {
                    dep.members.iter().for_each(&mut push);
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn u(s: &str) -> UserId {
        UserId::parse(s).unwrap()
    }

    fn dep(id: &str, members: &[&str]) -> Department {
        Department {
            id: DepartmentId::parse(id).unwrap(),
            name: id.into(),
            head: None,
            members: members.iter().map(|m| u(m)).collect(),
        }
    }

    #[test]
    fn a_supervisor_reads_the_channels_their_people_work_in() {
        // R-KPI-3: Hugo heads Sales (Ana); Ana is in the queue of `shop`
        // (through Sales) and `help`; `b2b` is Bruno's alone.
        let ch = |s: &str| ChannelId::parse(s).unwrap();
        let queues = vec![
            (ch("shop"), u("ana")),
            (ch("b2b"), u("bruno")),
            (ch("help"), u("ana")),
            (ch("help"), u("bruno")),
        ];
        let mut sales = dep("sales", &["ana"]);
        sales.head = Some(u("hugo"));
        let people = supervised_by(&[sales], &u("hugo"));
        let channels = supervised_channels(&people, &queues);
        assert_eq!(channels, vec![ch("help"), ch("shop")]);
        let s = Supervision {
            channels,
            operators: people,
        };
        assert!(s.reads(&ch("shop"), None));
        assert!(!s.reads(&ch("b2b"), Some(&u("bruno"))));
        // Ana answers a conversation of `b2b` (her client's, say).
        assert!(s.reads(&ch("b2b"), Some(&u("ana"))));
        // Heading nothing, one reads nothing.
        assert!(supervised_channels(&[], &queues).is_empty());
        assert!(!Supervision::default().reads(&ch("shop"), Some(&u("ana"))));
    }

    #[test]
    fn departments_stand_for_their_current_members() {
        // R-Q-1
        let active: BTreeSet<UserId> = ["a", "b", "c", "d"].iter().map(|s| u(s)).collect();
        let sales = dep("sales", &["c", "a", "x"]);
        let entries = vec![
            QueueEntry::User(u("b")),
            QueueEntry::Department(sales.id.clone()),
            QueueEntry::User(u("a")),
            QueueEntry::User(u("d")),
        ];
        // "a" keeps the place of their first appearance; "x" is not active.
        assert_eq!(
            expand_queue(&entries, std::slice::from_ref(&sales), &active),
            vec![u("b"), u("c"), u("a"), u("d")]
        );
        // A new member appears in the queue without touching the queue.
        let grown = dep("sales", &["c", "a", "d"]);
        assert_eq!(
            expand_queue(&entries[..2], &[grown], &active),
            vec![u("b"), u("c"), u("a"), u("d")]
        );
    }

    #[test]
    fn queues_are_validated_with_clear_errors() {
        let active: BTreeSet<UserId> = [u("a")].into();
        let config = |entries| QueueConfig {
            channel: ChannelId::parse("demo").unwrap(),
            settings: RoutingSettings::default(),
            entries,
        };
        assert!(validate_queue(&config(vec![QueueEntry::User(u("a"))]), &active, &[]).is_ok());
        let twice = validate_queue(
            &config(vec![QueueEntry::User(u("a")), QueueEntry::User(u("a"))]),
            &active,
            &[],
        );
        assert_eq!(twice, Err(PeopleError::Duplicate("a".into())));
        let ghost = validate_queue(&config(vec![QueueEntry::User(u("z"))]), &active, &[]);
        assert_eq!(
            ghost.unwrap_err().to_string(),
            "the queue names z, who is not an active person"
        );
        let mut short = config(vec![]);
        short.settings.idle_ms = 2000;
        assert!(validate_queue(&short, &active, &[]).is_err());
        assert!(validate_queue_with(&short, &active, &[], 1000).is_ok());
        let mut bad = config(vec![]);
        bad.settings.idle_ms = 10;
        assert!(matches!(
            validate_queue(&bad, &active, &[]),
            Err(PeopleError::Settings(_))
        ));
    }

    #[test]
    fn queue_entries_are_tagged_json() {
        let e = QueueEntry::Department(DepartmentId::parse("d1").unwrap());
        assert_eq!(
            serde_json::to_string(&e).unwrap(),
            r#"{"kind":"department","id":"d1"}"#
        );
    }

    #[test]
    fn departments_keep_members_once_and_need_active_people() {
        let active: BTreeSet<UserId> = [u("a"), u("b")].into();
        let input = DepartmentInput {
            id: None,
            name: "  Sales ".into(),
            head: Some(u("a")),
            members: vec![u("a"), u("b"), u("a")],
        };
        let ok = validate_department(&input, &active).unwrap();
        assert_eq!(ok.name, "Sales");
        assert_eq!(ok.members, vec![u("a"), u("b")]);
        let mut ghost = input.clone();
        ghost.head = Some(u("z"));
        assert_eq!(
            validate_department(&ghost, &active),
            Err(PeopleError::NotAPerson(u("z")))
        );
    }
}
