//! People, departments and queues (R-Q-1), expanded for each channel's router.

use super::*;

impl Account {
    pub(super) fn people(&self) -> ApiResult<Response> {
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

    pub(super) fn find_person(&self, id: &UserId) -> ApiResult<Person> {
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

    pub(super) async fn create_person(&self, c: CreatePerson) -> ApiResult<Response> {
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

    pub(super) async fn set_active(&self, c: ChangeActive) -> ApiResult<Response> {
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

    pub(super) async fn save_department(&self, s: SaveDepartment) -> ApiResult<Response> {
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

    pub(super) async fn save_queue(&self, config: QueueConfig) -> ApiResult<Response> {
        self.require_channel(&config.channel)?;
        validate_queue_with(
            &config,
            &self.active_users()?,
            &self.departments()?,
            crate::tuning::min_idle_ms(&self.env),
        )
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

    pub(super) fn write_entries(
        &self,
        channel: &ChannelId,
        entries: &[QueueEntry],
    ) -> ApiResult<()> {
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

    pub(super) fn entries(&self, channel: &ChannelId) -> ApiResult<Vec<QueueEntry>> {
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

    pub(super) fn settings(&self, channel: &ChannelId) -> ApiResult<RoutingSettings> {
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

    pub(super) fn active_users(&self) -> ApiResult<BTreeSet<UserId>> {
        let rows: Vec<IdRow> = self
            .sql
            .exec("SELECT id FROM users WHERE active = 1", None)?
            .to_array()?;
        rows.iter()
            .map(|r| UserId::parse(&r.id).map_err(internal_error))
            .collect()
    }

    pub(super) fn departments(&self) -> ApiResult<Vec<Department>> {
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
    pub(super) fn expanded(&self, channel: &ChannelId) -> ApiResult<Configure> {
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
            active: self.channel_active(channel)?,
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
    pub(super) async fn rebuild(&self) -> ApiResult<()> {
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

    /// An operator's profile as visitors see it (R-A-1): their name,
    /// position and avatar. The channels get the new cards.
    pub(super) async fn save_profile(&self, input: ProfileInput) -> ApiResult<Response> {
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

pub(super) fn person(u: &UserRow) -> ApiResult<Person> {
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
