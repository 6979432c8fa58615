//! The channels: created, renamed, switched off and deleted by admins
//! (R-CH-1, 2, 4, 5, 8), and looked up for a new conversation, for the widget
//! before it opens, and for the automatic actions' settings.

use canal_shared::channels::{
    check_delete, check_update, email_language, next_channel, parse_domains, ChannelDelete,
    ChannelDetails, ChannelError, ChannelList, ChannelUpdate,
};

use super::*;

/// The channel tables a deleted channel leaves (its conversations and the
/// consent acceptances stay: they are the history).
const CHANNEL_TABLES: &[(&str, &str)] = &[
    ("queue", "channel_id"),
    ("queue_entries", "channel_id"),
    ("channel_settings", "channel_id"),
    ("channel_automation", "channel_id"),
    ("widget_settings", "channel_id"),
    ("channel_canned", "channel_id"),
    ("channel_bot", "channel_id"),
    ("channel_kpi", "channel_id"),
    ("channel_identity", "channel_id"),
    ("channels", "id"),
];

#[derive(Deserialize)]
struct DetailsRow {
    id: String,
    number: i64,
    name: String,
    active: i64,
    created_at: i64,
    email_language: Option<String>,
    allowed_domains: Option<String>,
}

impl DetailsRow {
    fn details(self) -> ApiResult<ChannelDetails> {
        Ok(ChannelDetails {
            id: ChannelId::parse(&self.id).map_err(internal_error)?,
            number: u32::try_from(self.number).map_err(internal_error)?,
            name: self.name,
            active: self.active != 0,
            created_at: Timestamp(self.created_at),
            email_language: self.email_language.filter(|l| !l.is_empty()),
            allowed_domains: self
                .allowed_domains
                .and_then(|d| serde_json::from_str(&d).ok())
                .unwrap_or_default(),
        })
    }
}

fn refused(e: ChannelError) -> Failure {
    match e {
        ChannelError::LimitReached { .. } | ChannelError::NameTaken(_) => {
            Failure::new(409, ErrorCode::Conflict, e.to_string())
        }
        _ => Failure::bad_request(e.to_string()),
    }
}

impl Account {
    /// Every channel, by number.
    fn all_channels(&self) -> ApiResult<Vec<ChannelDetails>> {
        let rows: Vec<DetailsRow> = self
            .sql
            .exec(
                "SELECT id, number, name, active, created_at, email_language, allowed_domains FROM channels ORDER BY number",
                None,
            )?
            .to_array()?;
        rows.into_iter().map(DetailsRow::details).collect()
    }

    /// One channel, or a not-found an admin understands.
    pub(super) fn channel_details(&self, id: &ChannelId) -> ApiResult<ChannelDetails> {
        self.all_channels()?
            .into_iter()
            .find(|c| &c.id == id)
            .ok_or_else(|| {
                Failure::not_found(format!(
                    "there is no channel \"{id}\"; it may have been deleted"
                ))
            })
    }

    pub(super) fn list_channels(
        &self,
        ListChannels { limit }: ListChannels,
    ) -> ApiResult<Response> {
        json(&ChannelList {
            channels: self.all_channels()?,
            limit,
        })
    }

    /// R-CH-2, R-CH-4: "Open Channel N", within the plan limit; its router
    /// learns its (empty) queue at once.
    pub(super) async fn create_channel(&self, c: CreateChannel) -> ApiResult<Response> {
        let highest: Vec<CountRow> = self
            .sql
            .exec(
                "SELECT v AS n FROM counters WHERE k = 'channel_number'",
                None,
            )?
            .to_array()?;
        let highest = highest
            .first()
            .map_or(Ok(0), |r| u32::try_from(r.n))
            .map_err(internal_error)?;
        let (number, name) =
            next_channel(&self.all_channels()?, highest, c.limit).map_err(refused)?;
        self.sql.exec(
            "INSERT INTO counters (k, v) VALUES ('channel_number', ?) ON CONFLICT(k) DO UPDATE SET v = excluded.v",
            vec![i64::from(number).into()],
        )?;
        self.sql.exec(
            "INSERT INTO channels (id, number, name, created_at, active) VALUES (?, ?, ?, ?, 1)",
            vec![
                c.new_id.to_string().into(),
                i64::from(number).into(),
                name.into(),
                c.now.0.into(),
            ],
        )?;
        self.rebuild().await?;
        json(&self.channel_details(&c.new_id)?)
    }

    /// R-CH-4, R-CH-5: a new name, on or off; the router tells every open
    /// conversation whether operators may answer.
    pub(super) async fn update_channel(&self, u: ChannelUpdate) -> ApiResult<Response> {
        self.channel_details(&u.id)?;
        let name = check_update(&u, &self.all_channels()?).map_err(refused)?;
        if let Some(name) = name {
            self.sql.exec(
                "UPDATE channels SET name = ? WHERE id = ?",
                vec![name.into(), u.id.to_string().into()],
            )?;
        }
        if let Some(tag) = &u.email_language {
            // R-CH-7: the catalog's own spelling of the tag, or none.
            let lang = email_language(tag)
                .map_err(refused)?
                .map(|l| l.tag().to_owned());
            self.sql.exec(
                "UPDATE channels SET email_language = ? WHERE id = ?",
                vec![lang.into(), u.id.to_string().into()],
            )?;
        }
        if let Some(typed) = &u.allowed_domains {
            // R-W-6: the sites that may embed its widget.
            let domains = parse_domains(typed).map_err(refused)?;
            self.sql.exec(
                "UPDATE channels SET allowed_domains = ? WHERE id = ?",
                vec![to_json(&domains)?.into(), u.id.to_string().into()],
            )?;
        }
        if let Some(active) = u.active {
            self.sql.exec(
                "UPDATE channels SET active = ? WHERE id = ?",
                vec![i64::from(active).into(), u.id.to_string().into()],
            )?;
        }
        self.rebuild().await?;
        json(&self.channel_details(&u.id)?)
    }

    /// R-CH-8: the channel, its queue and settings go; its router hands
    /// every conversation back with nobody to answer it, so they leave the
    /// operators' inboxes. The conversations' history stays.
    pub(super) async fn delete_channel(&self, d: ChannelDelete) -> ApiResult<Response> {
        let channel = self.channel_details(&d.id)?;
        check_delete(&channel, &d.confirm).map_err(refused)?;
        let mut last = self.expanded(&d.id)?;
        last.deactivated = last.queue.drain(..).map(|o| o.id).collect();
        last.active = false;
        self.drop_connectors(&d.id).await?;
        for (table, column) in CHANNEL_TABLES {
            self.sql.exec(
                &format!("DELETE FROM {table} WHERE {column} = ?"),
                vec![d.id.to_string().into()],
            )?;
        }
        self.outbox.put(
            &format!("configure:{}", d.id),
            "CHANNEL",
            d.id.as_str(),
            "/configure",
            &last,
        )?;
        self.rebuild().await?;
        json(&channel)
    }

    /// Whether a channel is on (R-CH-5).
    pub(super) fn channel_active(&self, id: &ChannelId) -> ApiResult<bool> {
        Ok(self.channel_details(id)?.active)
    }
}

impl Account {
    /// A channel for a new conversation: its automatic actions resolved in
    /// the visitor's language, and its notice.
    pub(super) fn channel(&self, lookup: ChannelLookup) -> ApiResult<Response> {
        let channel = self.public_channel(&lookup.id)?;
        let a = self.automation(&lookup.id)?;
        let lang = canal_shared::i18n::Lang::negotiate(lookup.lang.as_deref());
        let (widget, _) = self.widget_settings(&lookup.id)?;
        json(&ChannelEntry {
            allowed_domains: self.channel_details(&lookup.id)?.allowed_domains,
            identity_secret: self.identity_secret(&lookup.id)?,
            bot: self.bot_for(&lookup.id, lang)?,
            kpi: self.kpi(&lookup.id)?,
            title: widget.title,
            live_typing: widget.live_typing,
            consent: self.notice(&lookup.id)?,
            channel,
            automation: a.settings.resolve(a.hours, lang),
        })
    }

    /// A channel for a widget, or a not-found that points at the script tag.
    pub(super) fn public_channel(&self, id: &ChannelId) -> ApiResult<ChannelInfo> {
        let rows: Vec<ChannelRow> = self
            .sql
            .exec(
                "SELECT id, name FROM channels WHERE id = ?",
                vec![id.to_string().into()],
            )?
            .to_array()?;
        match rows.first() {
            Some(row) => row.info(),
            None => Err(Failure::not_found(format!(
                "there is no channel \"{id}\"; check the data-channel of the script tag"
            ))),
        }
    }

    pub(super) fn require_channel(&self, id: &ChannelId) -> ApiResult<()> {
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

    pub(super) fn automation(&self, channel: &ChannelId) -> ApiResult<AutomationConfig> {
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

    /// What a channel's widget needs before it opens (R-WH-3, R-C-1).
    pub(super) fn widget_config(&self, lookup: WidgetConfigLookup) -> ApiResult<Response> {
        let channel = self.public_channel(&lookup.id)?;
        let hours = self.automation(&lookup.id)?.hours;
        let (settings, _) = self.widget_settings(&lookup.id)?;
        json(&WidgetConfig {
            title: settings.header(&channel.name),
            channel,
            // Without working hours, always open.
            open: hours.as_ref().is_none_or(|h| h.is_open(lookup.now)),
            next_change: hours.as_ref().and_then(|h| h.next_change(lookup.now)),
            out_of_hours: settings.out_of_hours,
            consent: self.notice(&lookup.id)?,
            max_file_bytes: self.file_limits()?.max_bytes,
        })
    }

    /// The secret sites sign their user's token with.
    fn identity_secret(&self, channel: &ChannelId) -> ApiResult<Option<String>> {
        #[derive(Deserialize)]
        struct Row {
            secret: String,
        }
        let rows: Vec<Row> = self
            .sql
            .exec(
                "SELECT secret FROM channel_identity WHERE channel_id = ?",
                vec![channel.to_string().into()],
            )?
            .to_array()?;
        Ok(rows.into_iter().next().map(|r| r.secret))
    }

    pub(super) fn identity_status(&self, channel: &ChannelId) -> ApiResult<IdentityStatus> {
        self.require_channel(channel)?;
        #[derive(Deserialize)]
        struct Row {
            created_at: i64,
        }
        let rows: Vec<Row> = self
            .sql
            .exec(
                "SELECT created_at FROM channel_identity WHERE channel_id = ?",
                vec![channel.to_string().into()],
            )?
            .to_array()?;
        Ok(IdentityStatus {
            channel: channel.clone(),
            since: rows.first().map(|r| Timestamp(r.created_at)),
        })
    }

    /// A new identity secret: tokens signed with the old one are refused
    /// from now on.
    pub(super) fn rotate_identity(&self, r: RotateIdentity) -> ApiResult<Response> {
        self.require_channel(&r.channel)?;
        self.sql.exec(
            "INSERT INTO channel_identity (channel_id, secret, created_at) VALUES (?, ?, ?) \
             ON CONFLICT(channel_id) DO UPDATE SET secret = excluded.secret, created_at = excluded.created_at",
            vec![r.channel.to_string().into(), r.secret.into(), r.now.0.into()],
        )?;
        json(&self.identity_status(&r.channel)?)
    }
}
