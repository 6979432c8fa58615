//! Connectors (R-CH-3, R-CH-9): a channel's Telegram bot or webhook, for
//! admins, and the door their sources post to.

use canal_shared::connectors::telegram::{api_error, Telegram, TELEGRAM_API};
use canal_shared::connectors::{
    may_attach, ConnectorCreated, ConnectorDelete, ConnectorInput, ConnectorKind, ConnectorList,
    ConnectorRemoved, ConnectorSettings, ConnectorView, InboundAccepted,
};
use canal_shared::ids::{random_id, ConnectorId};
use canal_shared::protocol::ErrorCode;
use worker::{Env, Request, Response};

use crate::account::{inbound_path, CreateConnector, Removed};
use crate::account::{ChannelLookup, ACCOUNT};
use crate::connector::{ConnectorConfig, Inbound};
use crate::crypto::{hex, now, random_bytes};
use crate::deliveries::send;
use crate::failure::{ApiResult, Failure};
use crate::internal::{call, internal_error, json, json_body, MAX_BODY_BYTES};
use crate::routes::common::{admin, admin_get};

/// `GET /api/connectors?channel=` (admins): never with secrets.
pub(crate) async fn list(req: &Request, env: &Env) -> ApiResult<Response> {
    admin_get::<ConnectorList>(req, env, "/connectors/list").await
}

/// `POST /api/connectors` (admins): a Telegram bot or a webhook for a
/// channel (R-CH-3). A bot's webhook is set with Telegram first, so a wrong
/// token is refused at once; a webhook's signing secret is in the answer,
/// once.
pub(crate) async fn create(req: &mut Request, env: &Env) -> ApiResult<Response> {
    admin(req, env).await?;
    let input: ConnectorInput = json_body(req).await?;
    let settings = input
        .settings
        .validate()
        .map_err(|e| Failure::bad_request(e.to_string()))?;
    let lookup = ChannelLookup {
        id: input.channel.clone(),
        lang: None,
    };
    let list: ConnectorList = call(env, "ACCOUNT", ACCOUNT, "/connectors/list", &lookup).await?;
    let kinds: Vec<ConnectorKind> = list.connectors.iter().map(|c| c.kind).collect();
    may_attach(&kinds, settings.kind())
        .map_err(|e| Failure::new(409, ErrorCode::Conflict, e.to_string()))?;
    let config = ConnectorConfig {
        id: ConnectorId::parse(&random_id("k_", &random_bytes::<8>()?)).map_err(internal_error)?,
        channel: input.channel,
        settings,
        secret: hex(&random_bytes::<24>()?),
    };
    if let Some(bot) = telegram(&config) {
        let origin = req.url()?.origin().ascii_serialization();
        let call = bot.set_webhook(&format!("{origin}{}", inbound_path(&config.id)));
        let (status, body) = send(&call).await.map_err(|e| {
            Failure::bad_request(format!(
                "could not reach the Bot API at {}: {e}",
                bot.api_base
            ))
        })?;
        if let Some(reason) = api_error(status, &body) {
            return Err(Failure::bad_request(format!(
                "Telegram did not accept the bot: {reason}; check the token"
            )));
        }
    }
    let body = CreateConnector {
        config: config.clone(),
        now: now(),
    };
    let connector: ConnectorView =
        call(env, "ACCOUNT", ACCOUNT, "/connectors/create", &body).await?;
    json(&ConnectorCreated {
        secret: (connector.kind == ConnectorKind::Webhook).then_some(config.secret),
        connector,
    })
}

/// `POST /api/connectors/delete` (admins): the connector stops taking
/// messages; a bot's webhook is removed at Telegram (best effort).
pub(crate) async fn delete(req: &mut Request, env: &Env) -> ApiResult<Response> {
    admin(req, env).await?;
    let d: ConnectorDelete = json_body(req).await?;
    let removed: Removed = call(env, "ACCOUNT", ACCOUNT, "/connectors/delete", &d).await?;
    if let Some(bot) = telegram(&removed.config) {
        if let Err(e) = send(&bot.delete_webhook()).await {
            worker::console_warn!("deleteWebhook failed: {e}");
        }
    }
    json(&ConnectorRemoved { removed: d.id })
}

/// The bot of a Telegram connector.
fn telegram(config: &ConnectorConfig) -> Option<Telegram> {
    match &config.settings {
        ConnectorSettings::Telegram {
            bot_token,
            api_base,
        } => Some(Telegram {
            bot_token: bot_token.clone(),
            api_base: api_base.clone().unwrap_or_else(|| TELEGRAM_API.into()),
            secret: config.secret.clone(),
        }),
        ConnectorSettings::Webhook { .. } => None,
    }
}

/// `POST /api/connectors/{id}/inbound`: the source posts here; the
/// connector's object checks the secret or signature (R-CH-9).
pub(crate) async fn inbound(req: &mut Request, env: &Env, id: &str) -> ApiResult<Response> {
    let id =
        ConnectorId::parse(id).map_err(|_| Failure::not_found("there is no such connector"))?;
    let body = req.text().await?;
    if body.len() > MAX_BODY_BYTES {
        return Err(Failure::new(
            413,
            ErrorCode::TooLarge,
            format!(
                "the body is {} bytes; the limit is {MAX_BODY_BYTES}",
                body.len()
            ),
        ));
    }
    let headers = req
        .headers()
        .entries()
        .map(|(k, v)| (k.to_ascii_lowercase(), v))
        .collect();
    let res: InboundAccepted = call(
        env,
        "CONNECTOR",
        id.as_str(),
        "/inbound",
        &Inbound { headers, body },
    )
    .await?;
    json(&res)
}
