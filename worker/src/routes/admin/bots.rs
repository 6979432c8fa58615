//! Admin, R-BOT-1: chat bots (registered by asking them `hello`), and the
//! one each channel assigns.

use canal_shared::bot::{
    self, BotCreated, BotError, BotInfo, BotInput, BotKind, BotList, BotRef, BotRequest, ChannelBot,
};
use canal_shared::ids::random_id;
use canal_shared::ids::BotId;
use worker::{Env, Request, Response};

use crate::account::SaveBot;
use crate::account::ACCOUNT;
use crate::crypto::{hex, now, random_bytes};
use crate::deliveries::send;
use crate::failure::{ApiResult, Failure};
use crate::internal::{call, internal_error, json, json_body};
use crate::routes::common::{admin, admin_get, admin_post, forward};

/// `GET /api/bots` (admins, R-BOT-1).
pub(crate) async fn list(req: &Request, env: &Env) -> ApiResult<Response> {
    admin(req, env).await?;
    forward::<BotList>(env, "/bots/list", &()).await
}

/// `POST /api/bots` (admins): asks the bot at the URL `hello` and keeps
/// what it declares (R-BOT-1); its signing secret is shown once.
pub(crate) async fn register(req: &mut Request, env: &Env) -> ApiResult<Response> {
    admin(req, env).await?;
    let input: BotInput = json_body(req).await?;
    let invalid = |e: BotError| Failure::bad_request(e.to_string()).with_detail(&e);
    let url = input.url().map_err(invalid)?;
    let given = match input.name.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(name) => Some(bot::parse_name(name).map_err(invalid)?),
    };
    let secret = hex(&random_bytes::<24>()?);
    let (status, body) = send(&bot::call(&url, &secret, now(), &BotRequest::Hello))
        .await
        .map_err(|e| invalid(BotError::NoAnswer(format!("{url}: {e}"))))?;
    let manifest = bot::parse_manifest(status, &body).map_err(|e| {
        Failure::bad_request(format!(
            "the bot at {url} did not answer hello as the bot protocol says: {e}"
        ))
        .with_detail(&e)
    })?;
    let name = given
        .or(manifest.name)
        .ok_or_else(|| invalid(BotError::NoName))?;
    let info = BotInfo {
        id: BotId::parse(&random_id("b_", &random_bytes::<8>()?)).map_err(internal_error)?,
        name,
        kind: BotKind::Http { url },
        open_channels: manifest.open_channels,
    };
    let bot: BotInfo = call(
        env,
        "ACCOUNT",
        ACCOUNT,
        "/bots/save",
        &SaveBot {
            bot: info,
            secret: secret.clone(),
            now: now(),
        },
    )
    .await?;
    json(&BotCreated { bot, secret })
}

/// `POST /api/bots/delete` (admins, R-BOT-1).
pub(crate) async fn delete(req: &mut Request, env: &Env) -> ApiResult<Response> {
    admin_post::<BotRef, BotRef>(req, env, "/bots/delete").await
}

/// `GET /api/bots/channel?channel=` (admins, R-BOT-1: the bot the channel assigns).
pub(crate) async fn channel(req: &Request, env: &Env) -> ApiResult<Response> {
    admin_get::<ChannelBot>(req, env, "/bots/channel/get").await
}

/// `POST /api/bots/channel` (admins, R-BOT-1).
pub(crate) async fn save_channel(req: &mut Request, env: &Env) -> ApiResult<Response> {
    admin_post::<ChannelBot, ChannelBot>(req, env, "/bots/channel/save").await
}
