//! The account's directory (one object, named "account"): people, password
//! hashes, sessions, and the channels with their queues. Only the Worker calls
//! it, on logins, session checks and new conversations: never per message.

use canal_shared::ids::{random_id, ChannelId, UserId};
use canal_shared::protocol::{
    ChannelInfo, ErrorCode, NewUser, OperatorInfo, Role, SetupRequest, SetupResponse, UserView,
};
use canal_shared::text::parse_name;
use canal_shared::time::Timestamp;
use canal_shared::token::SESSION_MS;
use serde::{Deserialize, Serialize};
use worker::{durable_object, DurableObject, Env, Request, Response, Result, SqlStorage, State};

use crate::crypto::{hash_password, random_bytes, verify_password};
use crate::failure::{ApiResult, Failure};
use crate::internal::{internal_error, json, json_body, respond};

/// The name of the one account object.
pub const ACCOUNT: &str = "account";

/// Shortest password accepted.
pub const MIN_PASSWORD_CHARS: usize = 10;

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
}

/// Answer to `/channel`.
#[derive(Serialize, Deserialize)]
pub struct ChannelEntry {
    pub channel: ChannelInfo,
    pub queue: Vec<OperatorInfo>,
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

/// The account's directory object.
#[durable_object]
pub struct Account {
    sql: SqlStorage,
}

impl DurableObject for Account {
    fn new(state: State, _env: Env) -> Self {
        let sql = state.storage().sql();
        for ddl in [
            "CREATE TABLE IF NOT EXISTS users (id TEXT PRIMARY KEY, email TEXT NOT NULL UNIQUE, name TEXT NOT NULL, role TEXT NOT NULL, password TEXT NOT NULL, active INTEGER NOT NULL DEFAULT 1, created_at INTEGER NOT NULL)",
            "CREATE TABLE IF NOT EXISTS sessions (id TEXT PRIMARY KEY, user_id TEXT NOT NULL, created_at INTEGER NOT NULL, expires_at INTEGER NOT NULL, revoked INTEGER NOT NULL DEFAULT 0)",
            "CREATE TABLE IF NOT EXISTS channels (id TEXT PRIMARY KEY, number INTEGER NOT NULL UNIQUE, name TEXT NOT NULL, created_at INTEGER NOT NULL)",
            "CREATE TABLE IF NOT EXISTS queue (channel_id TEXT NOT NULL, position INTEGER NOT NULL, user_id TEXT NOT NULL, PRIMARY KEY (channel_id, user_id))",
        ] {
            // Invariant: fixed, valid DDL.
            sql.exec(ddl, None).expect("account schema");
        }
        Self { sql }
    }

    async fn fetch(&self, mut req: Request) -> Result<Response> {
        respond(self.route(&mut req).await)
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
        for (pos, user) in queue.iter().enumerate() {
            self.sql.exec(
                "INSERT INTO queue (channel_id, position, user_id) VALUES (?, ?, ?)",
                vec![
                    channel.id.to_string().into(),
                    (pos as i64).into(),
                    user.to_string().into(),
                ],
            )?;
        }
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
                "SELECT id, email, name, role, password, active FROM users WHERE email = ?",
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
                "SELECT id, email, name, role, password, active FROM users WHERE id = ?",
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
        let queue: Vec<UserRow> = self
            .sql
            .exec(
                "SELECT u.id AS id, u.email AS email, u.name AS name, u.role AS role, u.password AS password, u.active AS active FROM queue q JOIN users u ON u.id = q.user_id WHERE q.channel_id = ? AND u.active = 1 ORDER BY q.position",
                vec![lookup.id.to_string().into()],
            )?
            .to_array()?;
        let queue = queue
            .iter()
            .map(|u| {
                let v = u.view()?;
                Ok(OperatorInfo {
                    id: v.id,
                    name: v.name,
                })
            })
            .collect::<ApiResult<_>>()?;
        json(&ChannelEntry {
            channel: row.info()?,
            queue,
        })
    }
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
