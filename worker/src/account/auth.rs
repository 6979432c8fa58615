//! First-run set-up, sign-in and sessions.

use super::*;
use canal_shared::protocol::Done;

impl Account {
    pub(super) async fn setup(&self, Setup { request, now }: Setup) -> ApiResult<Response> {
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
        self.sql.exec(
            "INSERT OR REPLACE INTO counters (k, v) VALUES ('channel_number', 1)",
            None,
        )?;
        let entries: Vec<QueueEntry> = queue.into_iter().map(QueueEntry::User).collect();
        self.write_entries(&channel.id, &entries)?;
        self.rebuild().await?;
        json(&SetupResponse { channel })
    }

    pub(super) async fn create_user(
        &self,
        user: &NewUser,
        role: &str,
        now: Timestamp,
    ) -> ApiResult<UserId> {
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

    pub(super) async fn login(&self, check: LoginCheck) -> ApiResult<Response> {
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

    pub(super) fn session(&self, check: SessionCheck) -> ApiResult<Response> {
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
            .collect::<ApiResult<Vec<_>>>()?;
        let supervises = canal_shared::people::supervised_by(&self.departments()?, &view.id);
        let supervised = self.supervised_channels(&supervises, &channels)?;
        json(&SessionInfo {
            user: view,
            channels,
            supervises,
            supervised,
        })
    }

    /// The channels a supervisor reads beyond their own (R-KPI-3): where
    /// the people they supervise work.
    fn supervised_channels(
        &self,
        supervises: &[UserId],
        own: &[ChannelInfo],
    ) -> ApiResult<Vec<ChannelInfo>> {
        if supervises.is_empty() {
            return Ok(Vec::new());
        }
        #[derive(Deserialize)]
        struct QueueRow {
            channel_id: String,
            user_id: String,
        }
        let queues: Vec<QueueRow> = self
            .sql
            .exec("SELECT channel_id, user_id FROM queue", None)?
            .to_array()?;
        let queues: Vec<(ChannelId, UserId)> = queues
            .iter()
            .filter_map(|r| {
                Some((
                    ChannelId::parse(&r.channel_id).ok()?,
                    UserId::parse(&r.user_id).ok()?,
                ))
            })
            .collect();
        let read = canal_shared::people::supervised_channels(supervises, &queues);
        let rows: Vec<ChannelRow> = self
            .sql
            .exec("SELECT id, name FROM channels ORDER BY number", None)?
            .to_array()?;
        rows.iter()
            .map(ChannelRow::info)
            .filter(|c| {
                c.as_ref().map_or(true, |c| {
                    read.contains(&c.id) && !own.iter().any(|o| o.id == c.id)
                })
            })
            .collect()
    }

    pub(super) fn logout(&self, logout: Logout) -> ApiResult<Response> {
        self.sql.exec(
            "UPDATE sessions SET revoked = 1 WHERE id = ?",
            vec![logout.session.into()],
        )?;
        json(&Done::OK)
    }
}

/// A well-formed hash of a random password, checked when the email is unknown.
const DUMMY_HASH: &str = "pbkdf2-sha256$100000$00000000000000000000000000000000$0000000000000000000000000000000000000000000000000000000000000000";

pub(super) fn normalize_email(email: &str) -> ApiResult<String> {
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
