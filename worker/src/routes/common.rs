//! What the front door's handlers share: the deployment's secret and
//! signer, the request's query and bearer token, the guards (`session`,
//! `admin`, `member`, `serving`) and forwarding to an object.

use canal_shared::ids::{ChannelId, ConversationId};
use canal_shared::protocol::{ConversationAccess, Role};
use canal_shared::token::{SessionClaims, Signer};
use serde::de::DeserializeOwned;
use serde::Serialize;
use worker::{Env, Headers, Method, Request, RequestInit, Response};

use crate::account::{ChannelLookup, SessionCheck, SessionInfo, ACCOUNT};
use crate::crypto::now;
use crate::failure::{ApiResult, Failure};
use crate::internal::{call, json, json_body, to_json, AUTH_HEADER};
use crate::lease::{SessionLease, LEASE_HEADER};

/// Whether the benchmark's echo baseline is routed (`CANAL_BENCH=1`).
pub(crate) fn bench_enabled(env: &Env) -> bool {
    env.var("CANAL_BENCH").is_ok_and(|v| v.to_string() == "1")
}

/// The deployment secret: a wrangler secret, or a var in local runs.
pub(crate) fn secret(env: &Env) -> Option<String> {
    env.secret("CANAL_SECRET")
        .map(|s| s.to_string())
        .or_else(|_| env.var("CANAL_SECRET").map(|v| v.to_string()))
        .ok()
}

/// The signing key made from [`secret`].
pub(crate) fn signer(env: &Env) -> ApiResult<Signer> {
    let not_configured = |why: &str| {
        worker::console_error!("CANAL_SECRET {why}: run `wrangler secret put CANAL_SECRET`");
        Failure::new(
            500,
            canal_shared::protocol::ErrorCode::Internal,
            format!("the server is not configured (CANAL_SECRET {why})"),
        )
    };
    let secret = secret(env).ok_or_else(|| not_configured("is missing"))?;
    Signer::new(secret.as_bytes()).map_err(|_| not_configured("is shorter than 32 bytes"))
}

pub(crate) fn query(req: &Request, key: &str) -> ApiResult<Option<String>> {
    let url = req.url()?;
    Ok(url
        .query_pairs()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.into_owned()))
}

pub(crate) fn bearer(req: &Request) -> ApiResult<Option<String>> {
    Ok(req
        .headers()
        .get("authorization")?
        .and_then(|h| h.strip_prefix("Bearer ").map(str::to_owned)))
}

/// Checks a session token (signature, expiry, then revocation in the account).
pub(crate) async fn session(
    env: &Env,
    token: Option<String>,
) -> ApiResult<(SessionClaims, SessionInfo)> {
    let token = token.ok_or_else(|| Failure::unauthorized("sign in first (no session token)"))?;
    let claims: SessionClaims = signer(env)?
        .verify(&token, now())
        .map_err(|e| Failure::unauthorized(e.to_string()))?;
    let info: SessionInfo = call(
        env,
        "ACCOUNT",
        ACCOUNT,
        "/session",
        &SessionCheck {
            user: claims.user.clone(),
            session: claims.session.clone(),
            now: now(),
        },
    )
    .await?;
    Ok((claims, info))
}

pub(crate) fn conversation_param(req: &Request) -> ApiResult<ConversationId> {
    let raw = query(req, "conversation")?
        .ok_or_else(|| Failure::bad_request("the conversation parameter is missing"))?;
    ConversationId::parse(&raw).map_err(|e| Failure::bad_request(e.to_string()))
}

pub(crate) fn channel_param(req: &Request) -> ApiResult<ChannelId> {
    let raw = query(req, "channel")?
        .ok_or_else(|| Failure::bad_request("the channel parameter is missing"))?;
    ChannelId::parse(&raw).map_err(|e| Failure::bad_request(e.to_string()))
}

pub(crate) fn require_upgrade(req: &Request) -> ApiResult<()> {
    let upgrade = req.headers().get("upgrade")?.unwrap_or_default();
    if !upgrade.eq_ignore_ascii_case("websocket") {
        return Err(Failure::new(
            426,
            canal_shared::protocol::ErrorCode::Invalid,
            "this is a WebSocket endpoint; connect with a WebSocket",
        ));
    }
    Ok(())
}

/// Forwards the upgrade to an object, with who the caller is.
pub(crate) async fn forward_socket(
    env: &Env,
    binding: &str,
    name: &str,
    caller: &impl serde::Serialize,
    lease: Option<&SessionLease>,
) -> ApiResult<Response> {
    let headers = Headers::new();
    headers.set("upgrade", "websocket")?;
    let auth = to_json(caller)?;
    headers.set(AUTH_HEADER, &auth)?;
    if let Some(lease) = lease {
        headers.set(LEASE_HEADER, &to_json(lease)?)?;
    }
    let mut init = RequestInit::new();
    init.with_method(Method::Get).with_headers(headers);
    let inner = Request::new_with_init("https://canal.internal/connect", &init)?;
    Ok(env
        .durable_object(binding)?
        .get_by_name(name)?
        .fetch_with_request(inner)
        .await?)
}

/// The signed-in caller, who must be an admin.
pub(crate) async fn admin(req: &Request, env: &Env) -> ApiResult<SessionInfo> {
    let (_, info) = session(env, bearer(req)?).await?;
    if info.user.role != Role::Admin {
        return Err(Failure::forbidden("only admins may do this"));
    }
    Ok(info)
}

/// The signed-in caller, who must see `channel` (in its queue, or an admin).
pub(crate) async fn member(
    req: &Request,
    env: &Env,
    channel: &ChannelId,
) -> ApiResult<SessionInfo> {
    let (_, info) = session(env, bearer(req)?).await?;
    if !info.channels.iter().any(|c| &c.id == channel) {
        return Err(Failure::forbidden(
            "you are not in the queue of this channel",
        ));
    }
    Ok(info)
}

/// The signed-in caller, who sees `channel` (see [`member`]), or who answers
/// `conversation` without being in the channel's queue: the conversation's
/// machine admits them as its operator (a client's responsible, R-CRM-5).
/// The CRM then shows a card only for a conversation of `channel`.
pub(crate) async fn serving(
    req: &Request,
    env: &Env,
    channel: &ChannelId,
    conversation: &ConversationId,
) -> ApiResult<SessionInfo> {
    let (_, info) = session(env, bearer(req)?).await?;
    if info.channels.iter().any(|c| &c.id == channel) {
        return Ok(info);
    }
    let access: ApiResult<ConversationAccess> = call(
        env,
        "CONVERSATION",
        conversation.as_str(),
        "/access",
        &info.caller(),
    )
    .await;
    match access {
        Ok(a) if !a.reading => Ok(info),
        _ => Err(Failure::forbidden(
            "you are not in the queue of this channel, and this conversation is not offered or assigned to you",
        )),
    }
}

/// An admin's `GET …?channel=`: the account's answer to `path` for that
/// channel, checked against `T`.
pub(crate) async fn admin_get<T: DeserializeOwned + Serialize>(
    req: &Request,
    env: &Env,
    path: &str,
) -> ApiResult<Response> {
    admin(req, env).await?;
    let id = channel_param(req)?;
    forward::<T>(env, path, &ChannelLookup { id, lang: None }).await
}

/// An admin's `POST`: the body, checked against `B`, goes to the account's
/// `path`; its answer, checked against `A`, is the response.
pub(crate) async fn admin_post<B, A>(
    req: &mut Request,
    env: &Env,
    path: &str,
) -> ApiResult<Response>
where
    B: DeserializeOwned + Serialize,
    A: DeserializeOwned + Serialize,
{
    admin(req, env).await?;
    let body: B = json_body(req).await?;
    forward::<A>(env, path, &body).await
}

/// The answer of object `name` of `binding` to `path`, as the response.
pub(crate) async fn forward_to<T: DeserializeOwned + Serialize>(
    env: &Env,
    binding: &str,
    name: &str,
    path: &str,
    body: &impl Serialize,
) -> ApiResult<Response> {
    let res: T = call(env, binding, name, path, body).await?;
    json(&res)
}

/// The account's answer to `path`, checked against `T`, as the response.
pub(crate) async fn forward<T: DeserializeOwned + Serialize>(
    env: &Env,
    path: &str,
    body: &impl Serialize,
) -> ApiResult<Response> {
    forward_to::<T>(env, "ACCOUNT", ACCOUNT, path, body).await
}
