//! The account's directory (one object, named "account"): people, password
//! hashes, sessions, and the channels with their queues, widget settings
//! (R-A-1, R-WH-3) and personal-data notices with their acceptances (R-C-1).
//! Only the Worker calls it, on logins, session checks, widget start-ups and
//! new conversations: never per message.

use std::collections::{BTreeMap, BTreeSet};

use canal_shared::automation::{Automation, AutomationConfig, AutomationSettings};
use canal_shared::consent::{
    ConsentAcceptance, ConsentAcceptances, ConsentChoice, ConsentError, ConsentKey, ConsentNotice,
    ConsentText, ConsentTextInput, ConsentTexts, MAX_CONSENT_TEXTS,
};
use canal_shared::ids::{
    random_id, ChannelId, ConsentTextId, ConversationId, DepartmentId, UserId, VisitorId,
};
use canal_shared::people::{
    expand_queue, validate_department, validate_queue, Department, DepartmentInput, NewPerson,
    PeopleResponse, Person, ProfileInput, QueueConfig, QueueEntry,
};
use canal_shared::protocol::{
    ChannelInfo, ErrorCode, NewUser, OperatorInfo, Role, SetupRequest, SetupResponse, UserView,
};
use canal_shared::routing::RoutingSettings;
use canal_shared::text::parse_name;
use canal_shared::time::Timestamp;
use canal_shared::token::SESSION_MS;
use canal_shared::widget_settings::{
    OperatorCard, WidgetConfig, WidgetSettings, WidgetSettingsInput,
};
use serde::{Deserialize, Serialize};
use worker::{durable_object, DurableObject, Env, Request, Response, Result, SqlStorage, State};

use crate::channel::Configure;
use crate::crypto::{hash_password, random_bytes, verify_password};
use crate::failure::{ApiResult, Failure};
use crate::internal::{internal_error, json, json_body, respond, to_json};
use crate::outbox::Outbox;

/// The name of the one account object.
pub const ACCOUNT: &str = "account";

/// Shortest password accepted.
pub const MIN_PASSWORD_CHARS: usize = 10;

/// Acceptances per page of `GET /api/consent/acceptances`.
pub const ACCEPTANCES_PAGE: i64 = 50;

/// The columns of a [`UserRow`].
const USER_COLUMNS: &str = "id, email, name, role, password, active, position, avatar";

/// `/login`: check a password, open a session.
#[derive(Serialize, Deserialize)]
pub struct LoginCheck {
    pub email: String,
    pub password: String,
    pub now: Timestamp,
}

/// Answer to `/login`.
#[derive(Serialize, Deserialize)]
pub struct LoginGranted {
    pub user: UserView,
    pub session: String,
    pub expires_at: Timestamp,
}

/// `/session`: is this session still good?
#[derive(Serialize, Deserialize)]
pub struct SessionCheck {
    pub user: UserId,
    pub session: String,
    pub now: Timestamp,
}

/// Answer to `/session`: who it is and which channels they may see.
#[derive(Serialize, Deserialize)]
pub struct SessionInfo {
    pub user: UserView,
    pub channels: Vec<ChannelInfo>,
}

/// `/logout`: revoke a session.
#[derive(Serialize, Deserialize)]
pub struct Logout {
    pub session: String,
}

/// `/channel`: a channel and its queue.
#[derive(Serialize, Deserialize)]
pub struct ChannelLookup {
    pub id: ChannelId,
    /// The visitor's language, for the default texts of automatic messages.
    #[serde(default)]
    pub lang: Option<String>,
}

/// Answer to `/channel`.
#[derive(Serialize, Deserialize)]
pub struct ChannelEntry {
    pub channel: ChannelInfo,
    /// What a new conversation of it does on its own.
    pub automation: Automation,
    /// The personal-data notice its widget shows now (R-C-1), if any.
    #[serde(default)]
    pub consent: Option<ConsentNotice>,
}

/// `/consent/texts/save`: a new text (with the id to use) or a new version.
#[derive(Serialize, Deserialize)]
pub struct SaveConsentText {
    pub input: ConsentTextInput,
    pub new_id: ConsentTextId,
    pub now: Timestamp,
}

/// `/widget/config`: what a channel's widget needs at `now`.
#[derive(Serialize, Deserialize)]
pub struct WidgetConfigLookup {
    pub id: ChannelId,
    pub now: Timestamp,
}

/// `/consent/acceptances`: a page of a channel's acceptances, newest first.
#[derive(Serialize, Deserialize)]
pub struct AcceptancesQuery {
    pub channel: ChannelId,
    pub before: Option<Timestamp>,
}

/// `/automation/save`: validated against `min_delay_ms` (a minute, except in
/// a test configuration).
#[derive(Serialize, Deserialize)]
pub struct SaveAutomation {
    pub config: AutomationConfig,
    pub min_delay_ms: i64,
}

/// `/people/create`: an admin adds someone.
#[derive(Serialize, Deserialize)]
pub struct CreatePerson {
    pub person: NewPerson,
    pub now: Timestamp,
}

/// `/people/active`: an admin (`by`) deactivates or reactivates someone.
#[derive(Serialize, Deserialize)]
pub struct ChangeActive {
    pub by: UserId,
    pub user: UserId,
    pub active: bool,
}

/// `/departments/save`: create (with the id to use) or replace a department.
#[derive(Serialize, Deserialize)]
pub struct SaveDepartment {
    pub input: DepartmentInput,
    pub new_id: DepartmentId,
    pub now: Timestamp,
}

/// `/setup`: the first-run set-up.
#[derive(Serialize, Deserialize)]
pub struct Setup {
    pub request: SetupRequest,
    pub now: Timestamp,
}

#[derive(Deserialize)]
struct UserRow {
    id: String,
    email: String,
    name: String,
    role: String,
    password: String,
    active: i64,
    #[serde(default)]
    position: Option<String>,
    #[serde(default)]
    avatar: Option<String>,
}

impl UserRow {
    fn view(&self) -> ApiResult<UserView> {
        Ok(UserView {
            id: UserId::parse(&self.id).map_err(internal_error)?,
            email: self.email.clone(),
            name: self.name.clone(),
            role: if self.role == "admin" {
                Role::Admin
            } else {
                Role::Operator
            },
        })
    }
}

#[derive(Deserialize)]
struct SessionRow {
    expires_at: i64,
    revoked: i64,
}

#[derive(Deserialize)]
struct ChannelRow {
    id: String,
    name: String,
}

impl ChannelRow {
    fn info(&self) -> ApiResult<ChannelInfo> {
        Ok(ChannelInfo {
            id: ChannelId::parse(&self.id).map_err(internal_error)?,
            name: self.name.clone(),
        })
    }
}

#[derive(Deserialize)]
struct CountRow {
    n: i64,
}

#[derive(Deserialize)]
struct IdRow {
    id: String,
}

#[derive(Deserialize)]
struct DepartmentRow {
    id: String,
    name: String,
    head: Option<String>,
}

#[derive(Deserialize)]
struct MemberRow {
    department_id: String,
    user_id: String,
}

#[derive(Deserialize)]
struct EntryRow {
    kind: String,
    ref_id: String,
}

#[derive(Deserialize)]
struct SettingsRow {
    settings: String,
}

/// The account's directory object.
#[durable_object]
pub struct Account {
    state: State,
    env: Env,
    sql: SqlStorage,
    outbox: Outbox,
}

impl DurableObject for Account {
    fn new(state: State, env: Env) -> Self {
        let sql = state.storage().sql();
        for ddl in [
            "CREATE TABLE IF NOT EXISTS users (id TEXT PRIMARY KEY, email TEXT NOT NULL UNIQUE, name TEXT NOT NULL, role TEXT NOT NULL, password TEXT NOT NULL, active INTEGER NOT NULL DEFAULT 1, created_at INTEGER NOT NULL)",
            "CREATE TABLE IF NOT EXISTS sessions (id TEXT PRIMARY KEY, user_id TEXT NOT NULL, created_at INTEGER NOT NULL, expires_at INTEGER NOT NULL, revoked INTEGER NOT NULL DEFAULT 0)",
            "CREATE TABLE IF NOT EXISTS channels (id TEXT PRIMARY KEY, number INTEGER NOT NULL UNIQUE, name TEXT NOT NULL, created_at INTEGER NOT NULL)",
            // The queue as operators, departments expanded (kept by `rebuild`).
            "CREATE TABLE IF NOT EXISTS queue (channel_id TEXT NOT NULL, position INTEGER NOT NULL, user_id TEXT NOT NULL, PRIMARY KEY (channel_id, user_id))",
            // The queue as the admin built it (R-Q-1).
            "CREATE TABLE IF NOT EXISTS queue_entries (channel_id TEXT NOT NULL, position INTEGER NOT NULL, kind TEXT NOT NULL, ref_id TEXT NOT NULL, PRIMARY KEY (channel_id, kind, ref_id))",
            "CREATE TABLE IF NOT EXISTS channel_settings (channel_id TEXT PRIMARY KEY, settings TEXT NOT NULL)",
            "CREATE TABLE IF NOT EXISTS channel_automation (channel_id TEXT PRIMARY KEY, settings TEXT NOT NULL, hours TEXT)",
            "CREATE TABLE IF NOT EXISTS departments (id TEXT PRIMARY KEY, name TEXT NOT NULL, head TEXT, created_at INTEGER NOT NULL)",
            "CREATE TABLE IF NOT EXISTS department_members (department_id TEXT NOT NULL, position INTEGER NOT NULL, user_id TEXT NOT NULL, PRIMARY KEY (department_id, user_id))",
            // R-C-1: every version of every text is kept, so an acceptance
            // names the exact words.
            "CREATE TABLE IF NOT EXISTS consent_texts (id TEXT NOT NULL, version INTEGER NOT NULL, name TEXT NOT NULL, body TEXT NOT NULL, at INTEGER NOT NULL, PRIMARY KEY (id, version))",
            // R-A-1, R-WH-3, R-C-1: one JSON row per channel; the channel's
            // own notice's last body and version stay when it is switched off.
            "CREATE TABLE IF NOT EXISTS widget_settings (channel_id TEXT PRIMARY KEY, settings TEXT NOT NULL, own_body TEXT, own_version INTEGER NOT NULL DEFAULT 0)",
            // R-C-1: who accepted which words, when, where (`text_id` is
            // empty for a channel's own notice).
            "CREATE TABLE IF NOT EXISTS consent_acceptances (conversation_id TEXT NOT NULL, text_id TEXT NOT NULL, version INTEGER NOT NULL, visitor_id TEXT NOT NULL, channel_id TEXT NOT NULL, at INTEGER NOT NULL, page TEXT NOT NULL, PRIMARY KEY (conversation_id, text_id, version))",
            "CREATE INDEX IF NOT EXISTS consent_acceptances_by_channel ON consent_acceptances (channel_id, at)",
            // Channels set up before queues had entries keep their people.
            "INSERT OR IGNORE INTO queue_entries (channel_id, position, kind, ref_id) SELECT channel_id, position, 'user', user_id FROM queue WHERE channel_id NOT IN (SELECT channel_id FROM queue_entries)",
        ] {
            // Invariant: fixed, valid SQL.
            sql.exec(ddl, None).expect("account schema");
        }
        // R-A-1: the profile visitors see (added after the first release).
        let columns = sql
            .exec("SELECT * FROM users LIMIT 0", None)
            .map(|c| c.column_names())
            .unwrap_or_default();
        for column in ["position", "avatar"] {
            if !columns.iter().any(|c| c == column) {
                // Invariant: fixed, valid SQL.
                sql.exec(&format!("ALTER TABLE users ADD COLUMN {column} TEXT"), None)
                    .expect("account schema");
            }
        }
        Self {
            state,
            env,
            outbox: Outbox::new(sql.clone()),
            sql,
        }
    }

    async fn fetch(&self, mut req: Request) -> Result<Response> {
        respond(self.route(&mut req).await)
    }

    async fn alarm(&self) -> Result<Response> {
        self.outbox.flush(&self.env).await?;
        self.outbox.arm(&self.state.storage(), None).await?;
        Response::ok("flushed")
    }
}

impl Account {
    async fn route(&self, req: &mut Request) -> ApiResult<Response> {
        match req.path().as_str() {
            "/setup" => self.setup(json_body(req).await?).await,
            "/login" => self.login(json_body(req).await?).await,
            "/session" => self.session(json_body(req).await?),
            "/logout" => self.logout(json_body(req).await?),
            "/channel" => self.channel(json_body(req).await?),
            "/people" => self.people(),
            "/people/create" => self.create_person(json_body(req).await?).await,
            "/people/active" => self.set_active(json_body(req).await?).await,
            "/departments/save" => self.save_department(json_body(req).await?).await,
            "/queue/get" => {
                let ChannelLookup { id, .. } = json_body(req).await?;
                self.require_channel(&id)?;
                json(&QueueConfig {
                    settings: self.settings(&id)?,
                    entries: self.entries(&id)?,
                    channel: id,
                })
            }
            "/queue/save" => self.save_queue(json_body(req).await?).await,
            "/automation/get" => {
                let ChannelLookup { id, .. } = json_body(req).await?;
                self.require_channel(&id)?;
                json(&self.automation(&id)?)
            }
            "/automation/save" => {
                let SaveAutomation {
                    config,
                    min_delay_ms,
                } = json_body(req).await?;
                self.require_channel(&config.channel)?;
                config
                    .settings
                    .validate(min_delay_ms)
                    .map_err(|e| Failure::bad_request(e.to_string()))?;
                let hours = config.hours.as_ref().map(to_json).transpose()?;
                self.sql.exec(
                    "INSERT INTO channel_automation (channel_id, settings, hours) VALUES (?, ?, ?) ON CONFLICT(channel_id) DO UPDATE SET settings = excluded.settings, hours = excluded.hours",
                    vec![
                        config.channel.to_string().into(),
                        to_json(&config.settings)?.into(),
                        hours.into(),
                    ],
                )?;
                json(&config)
            }
            "/consent/texts" => json(&ConsentTexts {
                texts: self.texts()?,
            }),
            "/consent/texts/save" => self.save_text(json_body(req).await?),
            "/consent/notice" => {
                let ChannelLookup { id, .. } = json_body(req).await?;
                self.require_channel(&id)?;
                json(&self.notice(&id)?)
            }
            "/consent/record" => self.record_consent(json_body(req).await?),
            "/consent/acceptances" => self.acceptances(json_body(req).await?),
            "/widget-settings/get" => {
                let ChannelLookup { id, .. } = json_body(req).await?;
                self.require_channel(&id)?;
                json(&self.widget_settings(&id)?.0)
            }
            "/widget-settings/save" => self.save_widget_settings(json_body(req).await?).await,
            "/widget/config" => self.widget_config(json_body(req).await?),
            "/people/profile" => self.save_profile(json_body(req).await?).await,
            "/queue/expanded" => {
                let ChannelLookup { id, .. } = json_body(req).await?;
                self.require_channel(&id)?;
                json(&self.expanded(&id)?)
            }
            _ => Err(Failure::not_found("no such account call")),
        }
    }

    async fn setup(&self, Setup { request, now }: Setup) -> ApiResult<Response> {
        let users: Vec<CountRow> = self
            .sql
            .exec("SELECT COUNT(*) AS n FROM users", None)?
            .to_array()?;
        if users.first().map_or(0, |r| r.n) > 0 {
            return Err(Failure::new(
                409,
                ErrorCode::Forbidden,
                "this deployment is already set up; sign in to the console instead",
            ));
        }
        let mut queue = Vec::new();
        self.create_user(&request.admin, "admin", now).await?;
        for op in &request.operators {
            queue.push(self.create_user(op, "operator", now).await?);
        }
        let channel = ChannelInfo {
            id: request.channel_id.clone(),
            // R-CH-4: the first channel is "Open Channel 1".
            name: "Open Channel 1".into(),
        };
        self.sql.exec(
            "INSERT INTO channels (id, number, name, created_at) VALUES (?, 1, ?, ?)",
            vec![
                channel.id.to_string().into(),
                channel.name.clone().into(),
                now.0.into(),
            ],
        )?;
        let entries: Vec<QueueEntry> = queue.into_iter().map(QueueEntry::User).collect();
        self.write_entries(&channel.id, &entries)?;
        self.rebuild().await?;
        json(&SetupResponse { channel })
    }

    async fn create_user(&self, user: &NewUser, role: &str, now: Timestamp) -> ApiResult<UserId> {
        let email = normalize_email(&user.email)?;
        let name =
            parse_name(&user.name).map_err(|e| Failure::bad_request(format!("name: {e}")))?;
        let chars = user.password.chars().count();
        if !(MIN_PASSWORD_CHARS..=256).contains(&chars) {
            return Err(Failure::bad_request(format!(
                "the password must be {MIN_PASSWORD_CHARS} to 256 characters long"
            )));
        }
        let id = UserId::parse(&random_id("u_", &random_bytes::<8>()?)).map_err(internal_error)?;
        let hash = hash_password(&user.password).await?;
        self.sql
            .exec(
                "INSERT INTO users (id, email, name, role, password, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                vec![
                    id.to_string().into(),
                    email.into(),
                    name.into(),
                    role.to_string().into(),
                    hash.into(),
                    now.0.into(),
                ],
            )
            .map_err(|_| Failure::bad_request(format!("{} is already a user", user.email)))?;
        Ok(id)
    }

    async fn login(&self, check: LoginCheck) -> ApiResult<Response> {
        let refused = || Failure::unauthorized("wrong email or password");
        let email = normalize_email(&check.email).map_err(|_| refused())?;
        let rows: Vec<UserRow> = self
            .sql
            .exec(
                &format!("SELECT {USER_COLUMNS} FROM users WHERE email = ?"),
                vec![email.into()],
            )?
            .to_array()?;
        let Some(user) = rows.into_iter().next() else {
            // Same work as a real check, so timing does not tell which emails exist.
            let _ = verify_password(&check.password, DUMMY_HASH).await?;
            return Err(refused());
        };
        if !verify_password(&check.password, &user.password).await? || user.active == 0 {
            return Err(refused());
        }
        let session = random_id("s_", &random_bytes::<16>()?);
        let expires_at = check.now.plus_ms(SESSION_MS);
        self.sql.exec(
            "INSERT INTO sessions (id, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)",
            vec![
                session.clone().into(),
                user.id.clone().into(),
                check.now.0.into(),
                expires_at.0.into(),
            ],
        )?;
        json(&LoginGranted {
            user: user.view()?,
            session,
            expires_at,
        })
    }

    fn session(&self, check: SessionCheck) -> ApiResult<Response> {
        let expired = || Failure::unauthorized("your session has ended; sign in again");
        let sessions: Vec<SessionRow> = self
            .sql
            .exec(
                "SELECT expires_at, revoked FROM sessions WHERE id = ? AND user_id = ?",
                vec![check.session.into(), check.user.to_string().into()],
            )?
            .to_array()?;
        let Some(s) = sessions.first() else {
            return Err(expired());
        };
        if s.revoked != 0 || check.now.0 >= s.expires_at {
            return Err(expired());
        }
        let users: Vec<UserRow> = self
            .sql
            .exec(
                &format!("SELECT {USER_COLUMNS} FROM users WHERE id = ?"),
                vec![check.user.to_string().into()],
            )?
            .to_array()?;
        let Some(user) = users.into_iter().find(|u| u.active != 0) else {
            return Err(expired());
        };
        let view = user.view()?;
        let rows: Vec<ChannelRow> = match view.role {
            Role::Admin => self
                .sql
                .exec("SELECT id, name FROM channels ORDER BY number", None)?
                .to_array()?,
            Role::Operator => self
                .sql
                .exec(
                    "SELECT c.id AS id, c.name AS name FROM channels c JOIN queue q ON q.channel_id = c.id WHERE q.user_id = ? ORDER BY c.number",
                    vec![view.id.to_string().into()],
                )?
                .to_array()?,
        };
        let channels = rows
            .iter()
            .map(ChannelRow::info)
            .collect::<ApiResult<_>>()?;
        json(&SessionInfo {
            user: view,
            channels,
        })
    }

    fn logout(&self, logout: Logout) -> ApiResult<Response> {
        self.sql.exec(
            "UPDATE sessions SET revoked = 1 WHERE id = ?",
            vec![logout.session.into()],
        )?;
        json(&serde_json::json!({ "ok": true }))
    }

    fn channel(&self, lookup: ChannelLookup) -> ApiResult<Response> {
        let rows: Vec<ChannelRow> = self
            .sql
            .exec(
                "SELECT id, name FROM channels WHERE id = ?",
                vec![lookup.id.to_string().into()],
            )?
            .to_array()?;
        let Some(row) = rows.first() else {
            return Err(Failure::not_found(format!(
                "there is no channel \"{}\"; check the data-channel of the script tag",
                lookup.id
            )));
        };
        let a = self.automation(&lookup.id)?;
        json(&ChannelEntry {
            consent: self.notice(&lookup.id)?,
            channel: row.info()?,
            automation: a.settings.resolve(
                a.hours,
                canal_shared::i18n::Lang::negotiate(lookup.lang.as_deref()),
            ),
        })
    }
}

impl Account {
    fn people(&self) -> ApiResult<Response> {
        let rows: Vec<UserRow> = self
            .sql
            .exec(
                &format!("SELECT {USER_COLUMNS} FROM users ORDER BY name COLLATE NOCASE"),
                None,
            )?
            .to_array()?;
        let people = rows.iter().map(person).collect::<ApiResult<_>>()?;
        json(&PeopleResponse {
            people,
            departments: self.departments()?,
        })
    }

    fn find_person(&self, id: &UserId) -> ApiResult<Person> {
        let rows: Vec<UserRow> = self
            .sql
            .exec(
                &format!("SELECT {USER_COLUMNS} FROM users WHERE id = ?"),
                vec![id.to_string().into()],
            )?
            .to_array()?;
        rows.first()
            .map(person)
            .transpose()?
            .ok_or_else(|| Failure::not_found(format!("there is nobody with the id {id}")))
    }

    async fn create_person(&self, c: CreatePerson) -> ApiResult<Response> {
        let role = match c.person.role {
            Role::Admin => "admin",
            Role::Operator => "operator",
        };
        let user = NewUser {
            email: c.person.email,
            name: c.person.name,
            password: c.person.password,
        };
        let id = self.create_user(&user, role, c.now).await?;
        json(&self.find_person(&id)?)
    }

    async fn set_active(&self, c: ChangeActive) -> ApiResult<Response> {
        let person = self.find_person(&c.user)?;
        if !c.active && c.by == c.user {
            return Err(Failure::bad_request(
                "you cannot deactivate yourself; ask another admin",
            ));
        }
        self.sql.exec(
            "UPDATE users SET active = ? WHERE id = ?",
            vec![i64::from(c.active).into(), c.user.to_string().into()],
        )?;
        if !c.active && person.active {
            // Signed out everywhere, at once.
            self.sql.exec(
                "UPDATE sessions SET revoked = 1 WHERE user_id = ?",
                vec![c.user.to_string().into()],
            )?;
            self.outbox.put(
                &format!("sign-out:{}", c.user),
                "INBOX",
                c.user.as_str(),
                "/sign-out",
                &serde_json::json!({}),
            )?;
        }
        self.rebuild().await?;
        json(&self.find_person(&c.user)?)
    }

    async fn save_department(&self, s: SaveDepartment) -> ApiResult<Response> {
        let input = validate_department(&s.input, &self.active_users()?)
            .map_err(|e| Failure::bad_request(e.to_string()))?;
        let id = match &input.id {
            Some(id) => {
                if !self.departments()?.iter().any(|d| &d.id == id) {
                    return Err(Failure::not_found(format!(
                        "there is no department {id}; it may have been deleted"
                    )));
                }
                id.clone()
            }
            None => s.new_id,
        };
        self.sql.exec(
            "INSERT INTO departments (id, name, head, created_at) VALUES (?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET name = excluded.name, head = excluded.head",
            vec![
                id.to_string().into(),
                input.name.clone().into(),
                input.head.as_ref().map(|h| h.to_string()).into(),
                s.now.0.into(),
            ],
        )?;
        self.sql.exec(
            "DELETE FROM department_members WHERE department_id = ?",
            vec![id.to_string().into()],
        )?;
        for (pos, m) in input.members.iter().enumerate() {
            self.sql.exec(
                "INSERT INTO department_members (department_id, position, user_id) VALUES (?, ?, ?)",
                vec![id.to_string().into(), (pos as i64).into(), m.to_string().into()],
            )?;
        }
        self.rebuild().await?;
        json(&Department {
            id,
            name: input.name,
            head: input.head,
            members: input.members,
        })
    }

    async fn save_queue(&self, config: QueueConfig) -> ApiResult<Response> {
        self.require_channel(&config.channel)?;
        validate_queue(&config, &self.active_users()?, &self.departments()?)
            .map_err(|e| Failure::bad_request(e.to_string()))?;
        self.sql.exec(
            "INSERT INTO channel_settings (channel_id, settings) VALUES (?, ?) ON CONFLICT(channel_id) DO UPDATE SET settings = excluded.settings",
            vec![
                config.channel.to_string().into(),
                to_json(&config.settings)?.into(),
            ],
        )?;
        self.write_entries(&config.channel, &config.entries)?;
        self.rebuild().await?;
        json(&config)
    }

    fn automation(&self, channel: &ChannelId) -> ApiResult<AutomationConfig> {
        #[derive(Deserialize)]
        struct Row {
            settings: String,
            hours: Option<String>,
        }
        let rows: Vec<Row> = self
            .sql
            .exec(
                "SELECT settings, hours FROM channel_automation WHERE channel_id = ?",
                vec![channel.to_string().into()],
            )?
            .to_array()?;
        let (settings, hours) = match rows.first() {
            Some(r) => (
                serde_json::from_str(&r.settings).map_err(internal_error)?,
                r.hours
                    .as_deref()
                    .map(serde_json::from_str)
                    .transpose()
                    .map_err(internal_error)?,
            ),
            None => (AutomationSettings::default(), None),
        };
        Ok(AutomationConfig {
            channel: channel.clone(),
            settings,
            hours,
        })
    }

    fn require_channel(&self, id: &ChannelId) -> ApiResult<()> {
        let rows: Vec<IdRow> = self
            .sql
            .exec(
                "SELECT id FROM channels WHERE id = ?",
                vec![id.to_string().into()],
            )?
            .to_array()?;
        if rows.is_empty() {
            return Err(Failure::not_found(format!("there is no channel \"{id}\"")));
        }
        Ok(())
    }

    fn write_entries(&self, channel: &ChannelId, entries: &[QueueEntry]) -> ApiResult<()> {
        self.sql.exec(
            "DELETE FROM queue_entries WHERE channel_id = ?",
            vec![channel.to_string().into()],
        )?;
        for (pos, e) in entries.iter().enumerate() {
            let (kind, id) = match e {
                QueueEntry::User(u) => ("user", u.to_string()),
                QueueEntry::Department(d) => ("department", d.to_string()),
            };
            self.sql.exec(
                "INSERT INTO queue_entries (channel_id, position, kind, ref_id) VALUES (?, ?, ?, ?)",
                vec![
                    channel.to_string().into(),
                    (pos as i64).into(),
                    kind.into(),
                    id.into(),
                ],
            )?;
        }
        Ok(())
    }

    fn entries(&self, channel: &ChannelId) -> ApiResult<Vec<QueueEntry>> {
        let rows: Vec<EntryRow> = self
            .sql
            .exec(
                "SELECT kind, ref_id FROM queue_entries WHERE channel_id = ? ORDER BY position",
                vec![channel.to_string().into()],
            )?
            .to_array()?;
        rows.iter()
            .map(|r| {
                Ok(match r.kind.as_str() {
                    "department" => QueueEntry::Department(
                        DepartmentId::parse(&r.ref_id).map_err(internal_error)?,
                    ),
                    _ => QueueEntry::User(UserId::parse(&r.ref_id).map_err(internal_error)?),
                })
            })
            .collect()
    }

    fn settings(&self, channel: &ChannelId) -> ApiResult<RoutingSettings> {
        let rows: Vec<SettingsRow> = self
            .sql
            .exec(
                "SELECT settings FROM channel_settings WHERE channel_id = ?",
                vec![channel.to_string().into()],
            )?
            .to_array()?;
        match rows.first() {
            Some(r) => serde_json::from_str(&r.settings).map_err(internal_error),
            None => Ok(RoutingSettings::default()),
        }
    }

    fn active_users(&self) -> ApiResult<BTreeSet<UserId>> {
        let rows: Vec<IdRow> = self
            .sql
            .exec("SELECT id FROM users WHERE active = 1", None)?
            .to_array()?;
        rows.iter()
            .map(|r| UserId::parse(&r.id).map_err(internal_error))
            .collect()
    }

    fn departments(&self) -> ApiResult<Vec<Department>> {
        let rows: Vec<DepartmentRow> = self
            .sql
            .exec(
                "SELECT id, name, head FROM departments ORDER BY name COLLATE NOCASE",
                None,
            )?
            .to_array()?;
        let members: Vec<MemberRow> = self
            .sql
            .exec(
                "SELECT department_id, user_id FROM department_members ORDER BY department_id, position",
                None,
            )?
            .to_array()?;
        rows.iter()
            .map(|r| {
                Ok(Department {
                    id: DepartmentId::parse(&r.id).map_err(internal_error)?,
                    name: r.name.clone(),
                    head: r
                        .head
                        .as_deref()
                        .map(UserId::parse)
                        .transpose()
                        .map_err(internal_error)?,
                    members: members
                        .iter()
                        .filter(|m| m.department_id == r.id)
                        .map(|m| UserId::parse(&m.user_id).map_err(internal_error))
                        .collect::<ApiResult<_>>()?,
                })
            })
            .collect()
    }

    /// What a channel's router needs: settings, the expanded queue with
    /// names, and who is deactivated (their conversations go back to the queue).
    fn expanded(&self, channel: &ChannelId) -> ApiResult<Configure> {
        let users: Vec<UserRow> = self
            .sql
            .exec(&format!("SELECT {USER_COLUMNS} FROM users"), None)?
            .to_array()?;
        let active: BTreeSet<UserId> = self.active_users()?;
        let order = expand_queue(&self.entries(channel)?, &self.departments()?, &active);
        let name = |id: &UserId| {
            users
                .iter()
                .find(|u| u.id == id.as_str())
                .map_or_else(|| id.to_string(), |u| u.name.clone())
        };
        let deactivated = users
            .iter()
            .filter(|u| u.active == 0)
            .map(|u| UserId::parse(&u.id).map_err(internal_error))
            .collect::<ApiResult<_>>()?;
        // R-A-1: what visitors see of each operator, by the channel's display.
        let (widget, _) = self.widget_settings(channel)?;
        let mut cards = BTreeMap::new();
        for id in &order {
            let Some(u) = users.iter().find(|u| u.id == id.as_str()) else {
                continue;
            };
            let profile = OperatorCard {
                name: u.name.clone(),
                position: u.position.clone(),
                avatar: u.avatar.clone(),
            };
            if let Some(card) = widget.card_for(id, &profile) {
                cards.insert(id.clone(), card);
            }
        }
        Ok(Configure {
            cards,
            settings: self.settings(channel)?,
            queue: order
                .iter()
                .map(|id| OperatorInfo {
                    id: id.clone(),
                    name: name(id),
                })
                .collect(),
            deactivated,
        })
    }

    /// Recomputes every channel's expanded queue (who may see it) and sends
    /// it to the channel's router. Called after any change to people,
    /// departments or queues; a handful of channels, so all of them.
    async fn rebuild(&self) -> ApiResult<()> {
        let channels: Vec<IdRow> = self.sql.exec("SELECT id FROM channels", None)?.to_array()?;
        for row in channels {
            let id = ChannelId::parse(&row.id).map_err(internal_error)?;
            let config = self.expanded(&id)?;
            self.sql.exec(
                "DELETE FROM queue WHERE channel_id = ?",
                vec![id.to_string().into()],
            )?;
            for (pos, op) in config.queue.iter().enumerate() {
                self.sql.exec(
                    "INSERT INTO queue (channel_id, position, user_id) VALUES (?, ?, ?)",
                    vec![
                        id.to_string().into(),
                        (pos as i64).into(),
                        op.id.to_string().into(),
                    ],
                )?;
            }
            self.outbox.put(
                &format!("configure:{id}"),
                "CHANNEL",
                id.as_str(),
                "/configure",
                &config,
            )?;
        }
        self.outbox.arm(&self.state.storage(), None).await?;
        // Channels learn of the change now; the alarm retries what failed.
        if let Err(e) = self.outbox.flush(&self.env).await {
            worker::console_warn!("account: configuring channels failed, will retry: {e}");
            self.outbox.arm(&self.state.storage(), None).await?;
        }
        Ok(())
    }
}

/// R-C-1, R-A-1, R-WH-3: consent texts, widget settings and profiles.
impl Account {
    /// Every text at its latest version, by name.
    fn texts(&self) -> ApiResult<Vec<ConsentText>> {
        let rows: Vec<TextRow> = self
            .sql
            .exec(
                "SELECT t.id AS id, t.version AS version, t.name AS name, t.body AS body, t.at AS at FROM consent_texts t \
                 WHERE t.version = (SELECT MAX(version) FROM consent_texts WHERE id = t.id) ORDER BY t.name COLLATE NOCASE, t.id",
                None,
            )?
            .to_array()?;
        rows.into_iter().map(TextRow::text).collect()
    }

    /// One text at its latest version.
    fn text(&self, id: &ConsentTextId) -> ApiResult<Option<ConsentText>> {
        let rows: Vec<TextRow> = self
            .sql
            .exec(
                "SELECT id, version, name, body, at FROM consent_texts WHERE id = ? ORDER BY version DESC LIMIT 1",
                vec![id.to_string().into()],
            )?
            .to_array()?;
        rows.into_iter().next().map(TextRow::text).transpose()
    }

    /// Saves a new text, or a text's name and (when its body changed) a new
    /// version: old versions stay, for the acceptances that name them.
    fn save_text(&self, s: SaveConsentText) -> ApiResult<Response> {
        let (name, body) = s
            .input
            .validate()
            .map_err(|e| Failure::bad_request(e.to_string()))?;
        let id = match s.input.id {
            Some(id) => {
                let Some(current) = self.text(&id)? else {
                    return Err(Failure::not_found(
                        ConsentError::UnknownText(id).to_string(),
                    ));
                };
                self.sql.exec(
                    "UPDATE consent_texts SET name = ? WHERE id = ?",
                    vec![name.clone().into(), id.to_string().into()],
                )?;
                if current.body != body {
                    self.insert_text(&id, current.version + 1, &name, &body, s.now)?;
                }
                id
            }
            None => {
                let n: Vec<CountRow> = self
                    .sql
                    .exec("SELECT COUNT(DISTINCT id) AS n FROM consent_texts", None)?
                    .to_array()?;
                if n.first().map_or(0, |r| r.n) >= MAX_CONSENT_TEXTS as i64 {
                    return Err(Failure::bad_request(ConsentError::TooMany.to_string()));
                }
                self.insert_text(&s.new_id, 1, &name, &body, s.now)?;
                s.new_id
            }
        };
        json(&self.text(&id)?)
    }

    fn insert_text(
        &self,
        id: &ConsentTextId,
        version: u32,
        name: &str,
        body: &str,
        now: Timestamp,
    ) -> ApiResult<()> {
        self.sql.exec(
            "INSERT INTO consent_texts (id, version, name, body, at) VALUES (?, ?, ?, ?, ?)",
            vec![
                id.to_string().into(),
                i64::from(version).into(),
                name.into(),
                body.into(),
                now.0.into(),
            ],
        )?;
        Ok(())
    }

    /// A channel's widget settings (the defaults until saved), with its own
    /// notice's last body and version.
    fn widget_settings(&self, channel: &ChannelId) -> ApiResult<(WidgetSettings, OwnNotice)> {
        #[derive(Deserialize)]
        struct Row {
            settings: String,
            own_body: Option<String>,
            own_version: i64,
        }
        let rows: Vec<Row> = self
            .sql
            .exec(
                "SELECT settings, own_body, own_version FROM widget_settings WHERE channel_id = ?",
                vec![channel.to_string().into()],
            )?
            .to_array()?;
        match rows.into_iter().next() {
            Some(r) => Ok((
                serde_json::from_str(&r.settings).map_err(internal_error)?,
                OwnNotice {
                    body: r.own_body,
                    version: u32::try_from(r.own_version).map_err(internal_error)?,
                },
            )),
            None => Ok((WidgetSettings::default(), OwnNotice::default())),
        }
    }

    /// Saves a channel's widget settings: a picked text must exist; the
    /// channel's own notice gets a new version when its body changes. The
    /// channel's router gets the new operator cards.
    async fn save_widget_settings(&self, input: WidgetSettingsInput) -> ApiResult<Response> {
        self.require_channel(&input.channel)?;
        let mut settings = input
            .settings
            .validate()
            .map_err(|e| Failure::bad_request(e.to_string()))?;
        let (_, mut own) = self.widget_settings(&input.channel)?;
        match &mut settings.consent {
            ConsentChoice::Off => {}
            ConsentChoice::Text { id } => {
                if self.text(id)?.is_none() {
                    return Err(Failure::bad_request(
                        ConsentError::UnknownText(id.clone()).to_string(),
                    ));
                }
            }
            ConsentChoice::Own { body, version } => {
                if own.body.as_deref() != Some(body.as_str()) {
                    own.version += 1;
                    own.body = Some(body.clone());
                }
                *version = own.version;
            }
        }
        self.sql.exec(
            "INSERT INTO widget_settings (channel_id, settings, own_body, own_version) VALUES (?, ?, ?, ?) \
             ON CONFLICT(channel_id) DO UPDATE SET settings = excluded.settings, own_body = excluded.own_body, own_version = excluded.own_version",
            vec![
                input.channel.to_string().into(),
                to_json(&settings)?.into(),
                own.body.into(),
                i64::from(own.version).into(),
            ],
        )?;
        self.rebuild().await?;
        json(&settings)
    }

    /// The notice a channel's widget shows now, if any (R-C-1): a text at
    /// its latest version, or the channel's own.
    fn notice(&self, channel: &ChannelId) -> ApiResult<Option<ConsentNotice>> {
        let (settings, _) = self.widget_settings(channel)?;
        Ok(match settings.consent {
            ConsentChoice::Off => None,
            ConsentChoice::Text { id } => self.text(&id)?.map(|t| ConsentNotice {
                key: ConsentKey {
                    text: Some(t.id),
                    version: t.version,
                },
                body: t.body,
            }),
            ConsentChoice::Own { body, version } => Some(ConsentNotice {
                key: ConsentKey {
                    text: None,
                    version,
                },
                body,
            }),
        })
    }

    /// What a channel's widget needs before it opens (R-WH-3, R-C-1).
    fn widget_config(&self, lookup: WidgetConfigLookup) -> ApiResult<Response> {
        let rows: Vec<ChannelRow> = self
            .sql
            .exec(
                "SELECT id, name FROM channels WHERE id = ?",
                vec![lookup.id.to_string().into()],
            )?
            .to_array()?;
        let Some(row) = rows.first() else {
            return Err(Failure::not_found(format!(
                "there is no channel \"{}\"; check the data-channel of the script tag",
                lookup.id
            )));
        };
        let hours = self.automation(&lookup.id)?.hours;
        let (settings, _) = self.widget_settings(&lookup.id)?;
        json(&WidgetConfig {
            channel: row.info()?,
            // Without working hours, always open.
            open: hours.as_ref().is_none_or(|h| h.is_open(lookup.now)),
            next_change: hours.as_ref().and_then(|h| h.next_change(lookup.now)),
            out_of_hours: settings.out_of_hours,
            consent: self.notice(&lookup.id)?,
        })
    }

    /// Keeps an acceptance once per conversation and notice version.
    fn record_consent(&self, a: ConsentAcceptance) -> ApiResult<Response> {
        self.sql.exec(
            "INSERT OR IGNORE INTO consent_acceptances (conversation_id, text_id, version, visitor_id, channel_id, at, page) VALUES (?, ?, ?, ?, ?, ?, ?)",
            vec![
                a.conversation.to_string().into(),
                a.key.text.as_ref().map_or(String::new(), |t| t.to_string()).into(),
                i64::from(a.key.version).into(),
                a.visitor.to_string().into(),
                a.channel.to_string().into(),
                a.at.0.into(),
                a.page.into(),
            ],
        )?;
        json(&serde_json::json!({ "ok": true }))
    }

    /// A channel's acceptances before `before`, newest first: a page of
    /// [`ACCEPTANCES_PAGE`], plus any that share the last one's time (so the
    /// next page, before that time, misses none).
    fn acceptances(&self, q: AcceptancesQuery) -> ApiResult<Response> {
        self.require_channel(&q.channel)?;
        let channel = q.channel.to_string();
        let before = q.before.map_or(i64::MAX, |t| t.0);
        #[derive(Deserialize)]
        struct AtRow {
            at: i64,
        }
        let cutoff: Vec<AtRow> = self
            .sql
            .exec(
                "SELECT at FROM consent_acceptances WHERE channel_id = ? AND at < ? ORDER BY at DESC LIMIT 1 OFFSET ?",
                vec![
                    channel.clone().into(),
                    before.into(),
                    (ACCEPTANCES_PAGE - 1).into(),
                ],
            )?
            .to_array()?;
        let from = cutoff.first().map_or(i64::MIN, |r| r.at);
        let rows: Vec<AcceptanceRow> = self
            .sql
            .exec(
                "SELECT conversation_id, text_id, version, visitor_id, channel_id, at, page FROM consent_acceptances \
                 WHERE channel_id = ? AND at < ? AND at >= ? ORDER BY at DESC, conversation_id",
                vec![channel.clone().into(), before.into(), from.into()],
            )?
            .to_array()?;
        let more: Vec<CountRow> = self
            .sql
            .exec(
                "SELECT COUNT(*) AS n FROM consent_acceptances WHERE channel_id = ? AND at < ?",
                vec![channel.into(), from.into()],
            )?
            .to_array()?;
        let next = (!cutoff.is_empty() && more.first().is_some_and(|r| r.n > 0))
            .then_some(Timestamp(from));
        json(&ConsentAcceptances {
            acceptances: rows
                .into_iter()
                .map(AcceptanceRow::acceptance)
                .collect::<ApiResult<_>>()?,
            next,
        })
    }

    /// An operator's profile as visitors see it (R-A-1): their name,
    /// position and avatar. The channels get the new cards.
    async fn save_profile(&self, input: ProfileInput) -> ApiResult<Response> {
        let card = input
            .card
            .validate()
            .map_err(|e| Failure::bad_request(e.to_string()))?;
        self.find_person(&input.user)?;
        self.sql.exec(
            "UPDATE users SET name = ?, position = ?, avatar = ? WHERE id = ?",
            vec![
                card.name.into(),
                card.position.into(),
                card.avatar.into(),
                input.user.to_string().into(),
            ],
        )?;
        self.rebuild().await?;
        json(&self.find_person(&input.user)?)
    }
}

/// A channel's own notice, remembered while it is switched off, so its
/// version only ever grows.
#[derive(Default)]
struct OwnNotice {
    body: Option<String>,
    version: u32,
}

#[derive(Deserialize)]
struct TextRow {
    id: String,
    version: i64,
    name: String,
    body: String,
    at: i64,
}

impl TextRow {
    fn text(self) -> ApiResult<ConsentText> {
        Ok(ConsentText {
            id: ConsentTextId::parse(&self.id).map_err(internal_error)?,
            name: self.name,
            version: u32::try_from(self.version).map_err(internal_error)?,
            body: self.body,
            updated_at: Timestamp(self.at),
        })
    }
}

#[derive(Deserialize)]
struct AcceptanceRow {
    conversation_id: String,
    text_id: String,
    version: i64,
    visitor_id: String,
    channel_id: String,
    at: i64,
    page: String,
}

impl AcceptanceRow {
    fn acceptance(self) -> ApiResult<ConsentAcceptance> {
        Ok(ConsentAcceptance {
            visitor: VisitorId::parse(&self.visitor_id).map_err(internal_error)?,
            conversation: ConversationId::parse(&self.conversation_id).map_err(internal_error)?,
            channel: ChannelId::parse(&self.channel_id).map_err(internal_error)?,
            key: ConsentKey {
                text: (!self.text_id.is_empty())
                    .then(|| ConsentTextId::parse(&self.text_id))
                    .transpose()
                    .map_err(internal_error)?,
                version: u32::try_from(self.version).map_err(internal_error)?,
            },
            at: Timestamp(self.at),
            page: self.page,
        })
    }
}

fn person(u: &UserRow) -> ApiResult<Person> {
    let v = u.view()?;
    Ok(Person {
        id: v.id,
        email: v.email,
        name: v.name,
        role: v.role,
        active: u.active != 0,
        position: u.position.clone(),
        avatar: u.avatar.clone(),
    })
}

/// A well-formed hash of a random password, checked when the email is unknown.
const DUMMY_HASH: &str = "pbkdf2-sha256$100000$00000000000000000000000000000000$0000000000000000000000000000000000000000000000000000000000000000";

fn normalize_email(email: &str) -> ApiResult<String> {
    let e = email.trim().to_lowercase();
    let valid = e.len() <= 254
        && e.split_once('@')
            .is_some_and(|(local, domain)| !local.is_empty() && domain.contains('.'))
        && !e.chars().any(|c| c.is_whitespace() || c.is_control());
    if valid {
        Ok(e)
    } else {
        Err(Failure::bad_request(format!(
            "\"{email}\" is not an email address"
        )))
    }
}
