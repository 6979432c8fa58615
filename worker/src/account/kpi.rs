//! R-KPI-1…3: each channel's response-time limits, and who hears of a late
//! answer: the account resolves the notice's recipients (a person, or the
//! responsible operator's supervisor) and puts it in their inboxes.

use canal_shared::conversation::LateReport;
use canal_shared::kpi::{notice_text, recipients, KpiConfig, KpiSettings};
use canal_shared::people::QueueEntry;
use canal_shared::protocol::OperatorNotice;

use super::*;
use crate::crypto::now;

/// `/kpi/save`: settings validated against `min_ms` (a minute, except in
/// test configurations).
#[derive(Serialize, Deserialize)]
pub struct SaveKpi {
    pub config: KpiConfig,
    pub min_ms: i64,
}

impl Account {
    /// A channel's response-time settings (none set: measured, never late).
    pub(super) fn kpi(&self, channel: &ChannelId) -> ApiResult<KpiSettings> {
        #[derive(Deserialize)]
        struct Row {
            settings: String,
        }
        let rows: Vec<Row> = self
            .sql
            .exec(
                "SELECT settings FROM channel_kpi WHERE channel_id = ?",
                vec![channel.to_string().into()],
            )?
            .to_array()?;
        match rows.first() {
            Some(r) => serde_json::from_str(&r.settings).map_err(internal_error),
            None => Ok(KpiSettings::default()),
        }
    }

    pub(super) fn get_kpi(&self, lookup: ChannelLookup) -> ApiResult<Response> {
        self.require_channel(&lookup.id)?;
        json(&KpiConfig {
            settings: self.kpi(&lookup.id)?,
            channel: lookup.id,
        })
    }

    pub(super) fn save_kpi(&self, save: SaveKpi) -> ApiResult<Response> {
        let channel = save.config.channel;
        self.require_channel(&channel)?;
        let settings = save
            .config
            .settings
            .validate(save.min_ms)
            .map_err(|e| Failure::bad_request(e.to_string()))?;
        settings
            .check_people(&self.active_users()?)
            .map_err(|e| Failure::bad_request(e.to_string()))?;
        self.sql.exec(
            "INSERT INTO channel_kpi (channel_id, settings) VALUES (?, ?) ON CONFLICT(channel_id) DO UPDATE SET settings = excluded.settings",
            vec![channel.to_string().into(), to_json(&settings)?.into()],
        )?;
        json(&KpiConfig { channel, settings })
    }

    /// A client waits too long (R-KPI-3): the notice goes to the inbox of
    /// each recipient, once (its id is the wait's).
    pub(super) async fn late(&self, report: LateReport) -> ApiResult<Response> {
        let queue_departments: Vec<DepartmentId> = self
            .entries(&report.channel)?
            .into_iter()
            .filter_map(|e| match e {
                QueueEntry::Department(d) => Some(d),
                _ => None,
            })
            .collect();
        let to = recipients(
            &report.notice.to,
            report.operator.as_ref().map(|o| &o.id),
            &self.departments()?,
            &queue_departments,
            &self.active_users()?,
        );
        let operator = report
            .operator
            .as_ref()
            .map_or("Nobody", |o| o.name.as_str());
        let notice = OperatorNotice {
            id: format!(
                "{}:{}:{:?}",
                report.conversation, report.since.0, report.kind
            ),
            text: notice_text(&report.notice, operator, report.conversation.as_str()),
            conversation: report.conversation,
            channel: report.channel,
            at: now(),
        };
        for user in &to {
            self.outbox.put(
                &format!("notice:{user}:{}", notice.id),
                "INBOX",
                user.as_str(),
                "/notice",
                &notice,
            )?;
        }
        self.outbox.arm(&self.state.storage(), None).await?;
        json(&serde_json::json!({ "ok": true, "to": to }))
    }
}
