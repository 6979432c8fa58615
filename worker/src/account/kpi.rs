//! R-KPI-1…3: each channel's response-time limits, and who hears of a late
//! answer: the account resolves the notice's recipients (a person, or the
//! responsible operator's supervisor) and puts it in their inboxes.

use canal_shared::conversation::LateReport;
use canal_shared::kpi::{notice_text, recipients, KpiConfig, KpiSettings};
use canal_shared::people::QueueEntry;
use canal_shared::protocol::OperatorNotice;

use canal_shared::email::late_notice;

use super::*;
use crate::crypto::now;
use crate::email;

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
        // R-KPI-3: `#DIALOG#` is the number the channel's ledger gives the
        // conversation (asked once per notice, never per message).
        let numbered: crate::ledger::NumberAnswer = crate::internal::call(
            &self.env,
            "LEDGER",
            report.channel.as_str(),
            "/number",
            &crate::ledger::NumberQuery {
                conversation: report.conversation.clone(),
            },
        )
        .await?;
        let dialog = numbered.number.to_string();
        let notice = OperatorNotice {
            id: format!(
                "{}:{}:{:?}",
                report.conversation, report.since.0, report.kind
            ),
            text: notice_text(&report.notice, operator, &dialog),
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
        self.email_notice(&notice, &to).await?;
        json(&serde_json::json!({ "ok": true, "to": to }))
    }

    /// Emails the notice to each recipient once (R-KPI-3). A failure fails
    /// the report, which the conversation sends again; those already
    /// emailed are not emailed twice.
    async fn email_notice(&self, notice: &OperatorNotice, to: &[UserId]) -> ApiResult<()> {
        let Ok(sender) = email::sender(&self.env) else {
            return Ok(());
        };
        let link = match email::console_url(&self.env) {
            Some(url) => format!("{url}/console/?conversation={}", notice.conversation),
            None => notice.conversation.to_string(),
        };
        let (subject, text) = late_notice(email::staff_lang(&self.env), &notice.text, &link);
        let week_ago = now().plus_ms(-7 * 24 * 3_600_000);
        self.sql
            .exec("DELETE FROM emailed WHERE at < ?", vec![week_ago.0.into()])?;
        for user in to {
            let key = format!("{}:{user}", notice.id);
            let sent: Vec<CountRow> = self
                .sql
                .exec(
                    "SELECT COUNT(*) AS n FROM emailed WHERE id = ?",
                    vec![key.clone().into()],
                )?
                .to_array()?;
            if sent.first().is_some_and(|r| r.n > 0) {
                continue;
            }
            let Some(address) = self.user_email(user)? else {
                continue;
            };
            email::send(&self.env, &sender, &address, subject.clone(), text.clone()).await?;
            self.sql.exec(
                "INSERT INTO emailed (id, at) VALUES (?, ?)",
                vec![key.into(), now().0.into()],
            )?;
        }
        Ok(())
    }

    /// A person's sign-in address, where their notices go.
    fn user_email(&self, user: &UserId) -> ApiResult<Option<String>> {
        #[derive(Deserialize)]
        struct Row {
            email: String,
        }
        let rows: Vec<Row> = self
            .sql
            .exec(
                "SELECT email FROM users WHERE id = ?",
                vec![user.to_string().into()],
            )?
            .to_array()?;
        Ok(rows.into_iter().next().map(|r| r.email))
    }
}
