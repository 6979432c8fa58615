//! R-CH-3, R-CH-9: a channel's connectors — at most one of each kind —
//! kept with their secrets; each connector's object gets its settings.

use canal_shared::connectors::telegram::{public_token, TELEGRAM_API};
use canal_shared::connectors::{
    may_attach, ConnectorDelete, ConnectorKind, ConnectorList, ConnectorSettings, ConnectorView,
};

use super::*;
use crate::connector::{Configure as ConfigureConnector, ConnectorConfig};

/// `/connectors/create`: a connector checked by the Worker (and, for
/// Telegram, accepted by the Bot API).
#[derive(Serialize, Deserialize)]
pub struct CreateConnector {
    pub config: ConnectorConfig,
    pub now: Timestamp,
}

/// Answer to `/connectors/delete`: what was removed, secrets included, so
/// the Worker can tell the source to stop (Telegram's `deleteWebhook`).
#[derive(Serialize, Deserialize)]
pub struct Removed {
    pub config: ConnectorConfig,
}

#[derive(Deserialize)]
struct ConnectorRow {
    config: String,
    created_at: i64,
}

impl ConnectorRow {
    fn parse(self) -> ApiResult<(ConnectorConfig, Timestamp)> {
        Ok((
            serde_json::from_str(&self.config).map_err(internal_error)?,
            Timestamp(self.created_at),
        ))
    }
}

/// What admins see of a connector: never its secrets.
fn connector_view(config: &ConnectorConfig, created_at: Timestamp) -> ConnectorView {
    let target = match &config.settings {
        ConnectorSettings::Telegram {
            bot_token,
            api_base,
        } => format!(
            "bot {} on {}",
            public_token(bot_token),
            api_base.as_deref().unwrap_or(TELEGRAM_API)
        ),
        ConnectorSettings::Webhook { url } => url.clone(),
    };
    ConnectorView {
        id: config.id.clone(),
        channel: config.channel.clone(),
        kind: config.settings.kind(),
        inbound_path: inbound_path(&config.id),
        target,
        created_at,
    }
}

/// Where a connector's source posts.
pub fn inbound_path(id: &canal_shared::ids::ConnectorId) -> String {
    format!("/api/connectors/{id}/inbound")
}

impl Account {
    /// A channel's connectors, oldest first.
    pub(super) fn connectors(
        &self,
        channel: &ChannelId,
    ) -> ApiResult<Vec<(ConnectorConfig, Timestamp)>> {
        let rows: Vec<ConnectorRow> = self
            .sql
            .exec(
                "SELECT config, created_at FROM connectors WHERE channel_id = ? ORDER BY created_at, id",
                vec![channel.to_string().into()],
            )?
            .to_array()?;
        rows.into_iter().map(ConnectorRow::parse).collect()
    }

    pub(super) fn list_connectors(&self, lookup: ChannelLookup) -> ApiResult<Response> {
        self.require_channel(&lookup.id)?;
        json(&ConnectorList {
            connectors: self
                .connectors(&lookup.id)?
                .iter()
                .map(|(c, at)| connector_view(c, *at))
                .collect(),
        })
    }

    /// R-CH-3: refused when the channel has one of that kind already.
    pub(super) async fn create_connector(&self, c: CreateConnector) -> ApiResult<Response> {
        self.require_channel(&c.config.channel)?;
        let kinds: Vec<ConnectorKind> = self
            .connectors(&c.config.channel)?
            .iter()
            .map(|(k, _)| k.settings.kind())
            .collect();
        may_attach(&kinds, c.config.settings.kind())
            .map_err(|e| Failure::new(409, ErrorCode::Conflict, e.to_string()))?;
        self.sql.exec(
            "INSERT INTO connectors (id, channel_id, kind, config, created_at) VALUES (?, ?, ?, ?, ?)",
            vec![
                c.config.id.to_string().into(),
                c.config.channel.to_string().into(),
                c.config.settings.kind().label().into(),
                to_json(&c.config)?.into(),
                c.now.0.into(),
            ],
        )?;
        self.configure_connector(&c.config.id, Some(c.config.clone()))
            .await?;
        json(&connector_view(&c.config, c.now))
    }

    pub(super) async fn delete_connector(&self, d: ConnectorDelete) -> ApiResult<Response> {
        let rows: Vec<ConnectorRow> = self
            .sql
            .exec(
                "SELECT config, created_at FROM connectors WHERE id = ?",
                vec![d.id.to_string().into()],
            )?
            .to_array()?;
        let Some((config, _)) = rows
            .into_iter()
            .next()
            .map(ConnectorRow::parse)
            .transpose()?
        else {
            return Err(Failure::not_found(format!(
                "there is no connector {}; it may have been removed",
                d.id
            )));
        };
        self.sql.exec(
            "DELETE FROM connectors WHERE id = ?",
            vec![d.id.to_string().into()],
        )?;
        self.configure_connector(&d.id, None).await?;
        json(&Removed { config })
    }

    /// Removes every connector of a deleted channel (their objects stop
    /// taking messages).
    pub(super) async fn drop_connectors(&self, channel: &ChannelId) -> ApiResult<()> {
        for (config, _) in self.connectors(channel)? {
            self.sql.exec(
                "DELETE FROM connectors WHERE id = ?",
                vec![config.id.to_string().into()],
            )?;
            self.configure_connector(&config.id, None).await?;
        }
        Ok(())
    }

    /// Gives a connector's object its settings (through the outbox, so it
    /// happens even if the object is briefly unreachable).
    async fn configure_connector(
        &self,
        id: &canal_shared::ids::ConnectorId,
        config: Option<ConnectorConfig>,
    ) -> ApiResult<()> {
        self.outbox.put(
            &format!("connector:{id}"),
            "CONNECTOR",
            id.as_str(),
            "/configure",
            &ConfigureConnector { config },
        )?;
        self.outbox.arm(&self.state.storage(), None).await?;
        if let Err(e) = self.outbox.flush(&self.env).await {
            worker::console_warn!("account: configuring a connector failed, will retry: {e}");
            self.outbox.arm(&self.state.storage(), None).await?;
        }
        Ok(())
    }
}
