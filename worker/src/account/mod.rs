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
    expand_queue, validate_department, validate_queue_with, Department, DepartmentInput, NewPerson,
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
    /// Whose conversations they rate as supervisor (R-QA-3).
    #[serde(default)]
    pub supervises: Vec<UserId>,
    /// The channels they read as supervisor, beyond `channels` (R-KPI-3).
    #[serde(default)]
    pub supervised: Vec<ChannelInfo>,
}

impl SessionInfo {
    /// Who this is on a conversation's socket: the machine's `admit`
    /// decides from this what they may do there (R-S-2, R-KPI-3).
    pub fn caller(&self) -> canal_shared::conversation::Caller {
        canal_shared::conversation::Caller::Operator {
            operator: canal_shared::protocol::OperatorInfo {
                id: self.user.id.clone(),
                name: self.user.name.clone(),
            },
            channels: self.channels.iter().map(|c| c.id.clone()).collect(),
            supervision: canal_shared::people::Supervision {
                channels: self.supervised.iter().map(|c| c.id.clone()).collect(),
                operators: self.supervises.clone(),
            },
        }
    }

    /// Every channel they see: theirs and those they read as supervisor.
    pub fn readable(&self) -> impl Iterator<Item = &ChannelInfo> {
        self.channels.iter().chain(&self.supervised)
    }
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
    /// The chat title its visitors see instead of its name (R-CH-4).
    #[serde(default)]
    pub title: Option<String>,
    /// Operators see what its visitors type (R-RT-1, #20).
    #[serde(default = "on")]
    pub live_typing: bool,
    /// The secret sites sign their user's token with, if made.
    #[serde(default)]
    pub identity_secret: Option<String>,
    /// The bot that takes its conversations first (R-BOT-1), if any.
    #[serde(default)]
    pub bot: Option<canal_shared::bot::BotAssignment>,
    /// Its response-time limits (R-KPI-1…3).
    #[serde(default)]
    pub kpi: canal_shared::kpi::KpiSettings,
    /// The sites that may embed its widget (R-W-6).
    #[serde(default)]
    pub allowed_domains: Vec<String>,
}

fn on() -> bool {
    true
}

/// `/identity/rotate`: this secret replaces the channel's identity secret.
#[derive(Serialize, Deserialize)]
pub struct RotateIdentity {
    pub channel: ChannelId,
    pub secret: String,
    pub now: Timestamp,
}

pub use canal_shared::identity::IdentityStatus;

/// `/channels/list`: every channel, with the deployment's plan limit.
#[derive(Serialize, Deserialize)]
pub struct ListChannels {
    pub limit: u32,
}

/// `/channels/create`: a new channel with this id, within the plan limit.
#[derive(Serialize, Deserialize)]
pub struct CreateChannel {
    pub new_id: ChannelId,
    pub limit: u32,
    pub now: Timestamp,
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
        crate::schema::migrate(
            &state.storage(),
            &[&crate::schema::ACCOUNT, &crate::schema::OUTBOX],
        );
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
            "/channels/list" => self.list_channels(json_body(req).await?),
            "/channels/details" => {
                let ChannelLookup { id, .. } = json_body(req).await?;
                json(&self.channel_details(&id)?)
            }
            "/channels/create" => self.create_channel(json_body(req).await?).await,
            "/channels/update" => self.update_channel(json_body(req).await?).await,
            "/channels/delete" => self.delete_channel(json_body(req).await?).await,
            "/identity/get" => {
                let ChannelLookup { id, .. } = json_body(req).await?;
                json(&self.identity_status(&id)?)
            }
            "/identity/rotate" => self.rotate_identity(json_body(req).await?),
            "/connectors/list" => self.list_connectors(json_body(req).await?),
            "/connectors/create" => self.create_connector(json_body(req).await?).await,
            "/connectors/delete" => self.delete_connector(json_body(req).await?).await,
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
            "/canned/lists" => self.canned_lists(),
            "/canned/lists/save" => self.save_canned_list(json_body(req).await?),
            "/canned/lists/delete" => self.delete_canned_list(json_body(req).await?),
            "/canned/channel/get" => self.get_channel_canned(json_body(req).await?),
            "/canned/channel/save" => self.set_channel_canned(json_body(req).await?),
            "/canned/responses" => self.channel_responses(json_body(req).await?),
            "/bots/list" => self.bots(),
            "/bots/save" => self.save_bot(json_body(req).await?),
            "/bots/delete" => self.delete_bot(json_body(req).await?),
            "/bots/channel/get" => self.get_channel_bot(json_body(req).await?),
            "/bots/channel/save" => self.set_channel_bot(json_body(req).await?),
            "/kpi/get" => self.get_kpi(json_body(req).await?),
            "/kpi/save" => self.save_kpi(json_body(req).await?),
            "/kpi/late" => self.late(json_body(req).await?).await,
            "/files/limits" => json(&self.file_limits()?),
            "/files/limits/save" => self.save_file_limits(json_body(req).await?),
            _ => Err(Failure::not_found("no such account call")),
        }
    }
}

pub use connectors::{inbound_path, CreateConnector, Removed};

mod auth;
mod bots;
mod canned;
mod channels;
mod connectors;
mod consent;
mod files;
mod kpi;
mod people;

pub use bots::SaveBot;
pub use canned::SaveCannedList;
pub use kpi::SaveKpi;
