//! Channel lookups: for a new conversation, for the widget before it opens,
//! and the automatic actions' settings.

use super::*;

impl Account {
    /// A channel for a new conversation: its automatic actions resolved in
    /// the visitor's language, and its notice.
    pub(super) fn channel(&self, lookup: ChannelLookup) -> ApiResult<Response> {
        let channel = self.public_channel(&lookup.id)?;
        let a = self.automation(&lookup.id)?;
        json(&ChannelEntry {
            consent: self.notice(&lookup.id)?,
            channel,
            automation: a.settings.resolve(
                a.hours,
                canal_shared::i18n::Lang::negotiate(lookup.lang.as_deref()),
            ),
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
            channel,
            // Without working hours, always open.
            open: hours.as_ref().is_none_or(|h| h.is_open(lookup.now)),
            next_change: hours.as_ref().and_then(|h| h.next_change(lookup.now)),
            out_of_hours: settings.out_of_hours,
            consent: self.notice(&lookup.id)?,
        })
    }
}
