//! Signing in and each person's own: login, logout, `me`, console
//! preferences (#20) and profile (R-A-1), the operator's and inbox's
//! sockets, and what an operator's work needs of a channel (its predefined
//! responses, R-PR-1, and its queue's members).

use canal_shared::canned::ChannelResponses;
use canal_shared::limits::Kind as Limited;
use canal_shared::people::{Person, ProfileInput, QueueMembers};
use canal_shared::preferences::Preferences;
use canal_shared::protocol::{Done, LoginRequest, LoginResponse, MeResponse, Role};
use canal_shared::token::SessionClaims;
use worker::{Env, Request, Response};

use crate::account::{ChannelLookup, LoginCheck, LoginGranted, Logout, ACCOUNT};
use crate::crypto::now;
use crate::failure::{ApiResult, Failure};
use crate::gate;
use crate::inbox::InboxCaller;
use crate::internal::{call, json, json_body};
use crate::lease::SessionLease;
use crate::routes::common::{
    bearer, channel_param, conversation_param, forward, forward_socket, member, query,
    require_upgrade, session, signer,
};

pub(crate) async fn login(req: &mut Request, env: &Env) -> ApiResult<Response> {
    gate::check(env, req, Limited::Login).await?;
    let LoginRequest { email, password } = json_body(req).await?;
    let granted: LoginGranted = call(
        env,
        "ACCOUNT",
        ACCOUNT,
        "/login",
        &LoginCheck {
            email,
            password,
            now: now(),
        },
    )
    .await?;
    let token = signer(env)?.sign(&SessionClaims {
        user: granted.user.id.clone(),
        session: granted.session,
        exp: granted.expires_at,
    });
    json(&LoginResponse {
        token,
        expires_at: granted.expires_at,
        user: granted.user,
    })
}

pub(crate) async fn logout(req: &mut Request, env: &Env) -> ApiResult<Response> {
    let (claims, _) = session(env, bearer(req)?).await?;
    let res: Done = call(
        env,
        "ACCOUNT",
        ACCOUNT,
        "/logout",
        &Logout {
            session: claims.session,
        },
    )
    .await?;
    json(&res)
}

pub(crate) async fn me(req: &mut Request, env: &Env) -> ApiResult<Response> {
    let (_, info) = session(env, bearer(req)?).await?;
    json(&MeResponse {
        user: info.user,
        channels: info.channels,
        supervises: info.supervises,
        supervised: info.supervised,
    })
}

/// The signed-in person's console settings (#20), kept by their inbox:
/// read, or replaced by `save` (checked there by `shared`).
pub(crate) async fn preferences(
    req: &Request,
    env: &Env,
    save: Option<Preferences>,
) -> ApiResult<Response> {
    let (claims, _) = session(env, bearer(req)?).await?;
    let kept: Preferences = match save {
        Some(p) => call(env, "INBOX", claims.user.as_str(), "/preferences/save", &p).await?,
        None => call(env, "INBOX", claims.user.as_str(), "/preferences", &()).await?,
    };
    json(&kept)
}

/// `POST /api/me/preferences`: see [`preferences`].
pub(crate) async fn save_preferences(req: &mut Request, env: &Env) -> ApiResult<Response> {
    let body = json_body(req).await?;
    preferences(req, env, Some(body)).await
}

/// `POST /api/people/profile`: what visitors see of an operator (R-A-1);
/// admins change anyone's, operators their own.
pub(crate) async fn save_profile(req: &mut Request, env: &Env) -> ApiResult<Response> {
    let (_, info) = session(env, bearer(req)?).await?;
    let input: ProfileInput = json_body(req).await?;
    if info.user.role != Role::Admin && info.user.id != input.user {
        return Err(Failure::forbidden(
            "you may change only your own profile; ask an admin",
        ));
    }
    let res: Person = call(env, "ACCOUNT", ACCOUNT, "/people/profile", &input).await?;
    json(&res)
}

pub(crate) async fn operator_socket(req: &mut Request, env: &Env) -> ApiResult<Response> {
    require_upgrade(req)?;
    gate::check(env, req, Limited::Connect).await?;
    let (claims, info) = session(env, query(req, "token")?).await?;
    let conversation = conversation_param(req)?;
    let lease = SessionLease {
        user: claims.user,
        session: claims.session,
    };
    let caller = info.caller();
    forward_socket(
        env,
        "CONVERSATION",
        conversation.as_str(),
        &caller,
        Some(&lease),
    )
    .await
}

pub(crate) async fn inbox_socket(req: &mut Request, env: &Env) -> ApiResult<Response> {
    require_upgrade(req)?;
    gate::check(env, req, Limited::Connect).await?;
    let (claims, info) = session(env, query(req, "token")?).await?;
    let caller = InboxCaller {
        user: claims.user.clone(),
        channels: info.channels.into_iter().map(|c| c.id).collect(),
    };
    forward_socket(env, "INBOX", claims.user.as_str(), &caller, None).await
}

/// `GET /api/canned?channel=` (R-PR-1): the responses of the list the
/// channel uses, for the operators of its queue and admins.
pub(crate) async fn canned_responses(req: &mut Request, env: &Env) -> ApiResult<Response> {
    let id = channel_param(req)?;
    member(req, env, &id).await?;
    forward::<ChannelResponses>(env, "/canned/responses", &ChannelLookup { id, lang: None }).await
}

/// `GET /api/queue/members?channel=`: whom a conversation can go to.
pub(crate) async fn queue_members(req: &mut Request, env: &Env) -> ApiResult<Response> {
    let channel = channel_param(req)?;
    member(req, env, &channel).await?;
    let res: QueueMembers = call(env, "CHANNEL", channel.as_str(), "/members", &()).await?;
    json(&res)
}
