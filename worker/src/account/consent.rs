//! R-C-1, R-A-1, R-WH-3: consent texts and acceptances, and widget settings.

use super::*;
use canal_shared::protocol::Done;

impl Account {
    /// Every text at its latest version, by name.
    pub(super) fn texts(&self) -> ApiResult<Vec<ConsentText>> {
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
    pub(super) fn text(&self, id: &ConsentTextId) -> ApiResult<Option<ConsentText>> {
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
    pub(super) fn save_text(&self, s: SaveConsentText) -> ApiResult<Response> {
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

    pub(super) fn insert_text(
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
    pub(super) fn widget_settings(
        &self,
        channel: &ChannelId,
    ) -> ApiResult<(WidgetSettings, OwnNotice)> {
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
    pub(super) async fn save_widget_settings(
        &self,
        input: WidgetSettingsInput,
    ) -> ApiResult<Response> {
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
    pub(super) fn notice(&self, channel: &ChannelId) -> ApiResult<Option<ConsentNotice>> {
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

    /// Keeps an acceptance once per conversation and notice version.
    pub(super) fn record_consent(&self, a: ConsentAcceptance) -> ApiResult<Response> {
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
        json(&Done::OK)
    }

    /// A channel's acceptances before `before`, newest first: a page of
    /// [`ACCEPTANCES_PAGE`], plus any that share the last one's time (so the
    /// next page, before that time, misses none).
    pub(super) fn acceptances(&self, q: AcceptancesQuery) -> ApiResult<Response> {
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
}

/// A channel's own notice, remembered while it is switched off, so its
/// version only ever grows.
#[derive(Default)]
pub(super) struct OwnNotice {
    body: Option<String>,
    version: u32,
}

#[derive(Deserialize)]
pub(super) struct TextRow {
    id: String,
    version: i64,
    name: String,
    body: String,
    at: i64,
}

impl TextRow {
    pub(super) fn text(self) -> ApiResult<ConsentText> {
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
pub(super) struct AcceptanceRow {
    conversation_id: String,
    text_id: String,
    version: i64,
    visitor_id: String,
    channel_id: String,
    at: i64,
    page: String,
}

impl AcceptanceRow {
    pub(super) fn acceptance(self) -> ApiResult<ConsentAcceptance> {
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
