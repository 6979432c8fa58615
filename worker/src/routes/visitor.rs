//! Visitors and the widget: the visitor's session (its identity, name and
//! title), consent, contact and history, the widget's config and frame
//! (R-W-6: which sites may embed it), and the visitor's socket.

use canal_shared::channels::{frame_ancestors, origin_allowed, ChannelDetails};
use canal_shared::consent::{ConsentError, ConsentNotice, ConsentRequest};
use canal_shared::conversation::{check_consent, Caller, Opening, BAD_EMAIL_MESSAGE};
use canal_shared::crm::keys as crm_keys;
use canal_shared::ids::{random_id, ChannelId, ConversationId, VisitorId};
use canal_shared::limits::Kind as Limited;
use canal_shared::protocol::{
    ChannelInfo, ContactRequest, Done, ErrorCode, HistoryRequest, VisitorSessionRequest,
    VisitorSessionResponse,
};
use canal_shared::token::{VisitorClaims, VISITOR_TOKEN_MS};
use canal_shared::visitor::{new_visitor, title_shown, NewVisitor};
use canal_shared::widget_settings::{parse_email, WidgetConfig};
use worker::{Env, Request, Response};

use crate::account::{ChannelEntry, ChannelLookup, WidgetConfigLookup, ACCOUNT};
use crate::conversation::{VisitorAction, VisitorInput};
use crate::crm;
use crate::crypto::{now, random_bytes};
use crate::failure::{ApiResult, Failure};
use crate::gate;
use crate::internal::{call, internal_error, json, json_body};
use crate::routes::common::{
    bearer, channel_param, conversation_param, forward_socket, query, require_upgrade, signer,
};

/// `POST /api/visitor/session` (anyone: the widget): a new visitor and
/// their conversation, on a channel that exists and lets the page's site
/// embed it (R-W-6); who they are is `shared::visitor`'s to say.
pub(crate) async fn visitor_session(req: &mut Request, env: &Env) -> ApiResult<Response> {
    gate::check(env, req, Limited::Session).await?;
    let VisitorSessionRequest {
        channel,
        lang,
        identity,
        host,
    } = json_body(req).await?;
    let entry: ChannelEntry = call(
        env,
        "ACCOUNT",
        ACCOUNT,
        "/channel",
        &ChannelLookup {
            id: channel.clone(),
            lang,
        },
    )
    .await?;
    embedding_allowed(&channel, &entry.allowed_domains, host.as_deref())?;
    let visitor =
        VisitorId::parse(&random_id("v_", &random_bytes::<16>()?)).map_err(internal_error)?;
    let conversation =
        ConversationId::parse(&random_id("c_", &random_bytes::<16>()?)).map_err(internal_error)?;
    let NewVisitor {
        identity,
        identity_error,
        name: visitor_name,
    } = new_visitor(
        identity.as_deref(),
        entry.identity_secret.as_deref(),
        now(),
        random_bytes::<2>()?,
    );
    // R-CRM-1, R-CRM-5: a signed-in user the CRM knows.
    let keys = crm_keys(
        identity.as_ref().map(|i| i.id.as_str()),
        &identity
            .iter()
            .filter_map(|i| i.email.clone())
            .collect::<Vec<_>>(),
        &[],
        None,
    );
    let known = if keys.is_empty() {
        crm::Recognised::default()
    } else {
        crm::recognise(env, &channel, keys).await
    };
    let opening = Opening {
        client: known.client,
        crm: known.settings,
        bot: entry.bot,
        kpi: entry.kpi,
        id: conversation.clone(),
        channel: entry.channel.clone(),
        visitor: visitor.clone(),
        visitor_name: visitor_name.clone(),
        automation: entry.automation,
        // R-C-1: the notice shown now must be accepted before writing.
        consent_required: entry.consent.is_some(),
        title: entry.title.clone(),
        live_typing: entry.live_typing,
        connector: None,
        identity: identity.clone(),
    };
    call::<_, Done>(
        env,
        "CONVERSATION",
        conversation.as_str(),
        "/open",
        &opening,
    )
    .await?;
    let token = signer(env)?.sign(&VisitorClaims {
        visitor: visitor.clone(),
        channel,
        exp: now().plus_ms(VISITOR_TOKEN_MS),
    });
    json(&VisitorSessionResponse {
        visitor,
        token,
        conversation,
        visitor_name,
        // R-CH-4: the visitor sees the chat title, if the widget has one.
        channel: ChannelInfo {
            name: title_shown(entry.title, entry.channel.name),
            id: entry.channel.id,
        },
        identity,
        identity_error,
    })
}

/// The visitor of an `Authorization: Bearer <visitor token>` call, and the
/// token's channel (R-S-2).
fn visitor_caller(req: &Request, env: &Env) -> ApiResult<(Caller, ChannelId)> {
    let token =
        bearer(req)?.ok_or_else(|| Failure::unauthorized("the visitor token is missing"))?;
    let claims: VisitorClaims = signer(env)?
        .verify(&token, now())
        .map_err(|e| Failure::unauthorized(e.to_string()))?;
    let channel = claims.channel.clone();
    Ok((
        Caller::Visitor {
            visitor: claims.visitor,
            channel: claims.channel,
        },
        channel,
    ))
}

/// Hands a visitor's action to their conversation's object, which checks
/// that it is theirs.
async fn visitor_action(
    env: &Env,
    conversation: &ConversationId,
    caller: Caller,
    action: VisitorAction,
) -> ApiResult<Response> {
    let res: Done = call(
        env,
        "CONVERSATION",
        conversation.as_str(),
        "/visitor-input",
        &VisitorInput { caller, action },
    )
    .await?;
    json(&res)
}

/// `POST /api/visitor/consent` (visitor token): the visitor accepted the
/// notice shown now (R-C-1); recorded on the conversation and in the account.
pub(crate) async fn visitor_consent(req: &mut Request, env: &Env) -> ApiResult<Response> {
    let (caller, channel) = visitor_caller(req, env)?;
    let ConsentRequest {
        conversation,
        key,
        page,
    } = json_body(req).await?;
    let notice: Option<ConsentNotice> = call(
        env,
        "ACCOUNT",
        ACCOUNT,
        "/consent/notice",
        &ChannelLookup {
            id: channel,
            lang: None,
        },
    )
    .await?;
    check_consent(notice.as_ref(), &key).map_err(|e| match e {
        ConsentError::Outdated => Failure::new(409, ErrorCode::Conflict, e.to_string()),
        _ => Failure::bad_request(e.to_string()),
    })?;
    visitor_action(
        env,
        &conversation,
        caller,
        VisitorAction::Consent { key, page },
    )
    .await
}

/// `POST /api/visitor/contact` (visitor token): the email left in the
/// offline form (R-WH-3).
pub(crate) async fn visitor_contact(req: &mut Request, env: &Env) -> ApiResult<Response> {
    let (caller, _) = visitor_caller(req, env)?;
    let ContactRequest {
        conversation,
        email,
    } = json_body(req).await?;
    let email = parse_email(&email).ok_or_else(|| Failure::bad_request(BAD_EMAIL_MESSAGE))?;
    visitor_action(env, &conversation, caller, VisitorAction::Contact { email }).await
}

/// `POST /api/visitor/history` (visitor token): the conversation, as the
/// visitor sees it, to their email, in the channel's language (R-CH-7).
pub(crate) async fn visitor_history(req: &mut Request, env: &Env) -> ApiResult<Response> {
    let (caller, _) = visitor_caller(req, env)?;
    gate::check(env, req, Limited::Email).await?;
    let HistoryRequest {
        conversation,
        email,
    } = json_body(req).await?;
    visitor_action(env, &conversation, caller, VisitorAction::History { email }).await
}

/// Refuses a page of another site than the channel allows (R-W-6), with
/// what to do about it.
fn embedding_allowed(
    channel: &ChannelId,
    domains: &[String],
    origin: Option<&str>,
) -> ApiResult<()> {
    if domains.is_empty() || origin.is_some_and(|o| origin_allowed(domains, o)) {
        return Ok(());
    }
    let site = origin.unwrap_or("this page");
    Err(Failure::forbidden(format!(
        "{site} may not embed the chat of channel {channel}: an admin can add its domain to the channel's allowed domains"
    )))
}

/// The channel's allowed domains (R-W-6).
async fn allowed_domains(env: &Env, id: &ChannelId) -> ApiResult<Vec<String>> {
    let details: ChannelDetails = call(
        env,
        "ACCOUNT",
        ACCOUNT,
        "/channels/details",
        &ChannelLookup {
            id: id.clone(),
            lang: None,
        },
    )
    .await?;
    Ok(details.allowed_domains)
}

/// `GET /widget/frame.html?channel=`: the widget's frame, with the
/// channel's `frame-ancestors`, so that browsers themselves refuse to show
/// it in a page of another site (R-W-6).
pub(crate) async fn widget_frame(req: &Request, env: &Env) -> ApiResult<Response> {
    let assets = env.assets("ASSETS")?;
    let mut asset = assets.fetch(req.url()?.to_string(), None).await?;
    let status = asset.status_code();
    let body = asset.text().await?;
    let mut res = Response::from_html(body)?.with_status(status);
    let channel = query(req, "channel")?.and_then(|c| ChannelId::parse(&c).ok());
    if let Some(id) = channel {
        // A channel that does not exist shows its own error in the frame.
        if let Some(csp) = allowed_domains(env, &id)
            .await
            .ok()
            .and_then(|d| frame_ancestors(&d))
        {
            res.headers_mut().set("content-security-policy", &csp)?;
        }
    }
    Ok(res)
}

/// `GET /api/widget/config?channel=` (public, cacheable for a minute): open
/// or not now (R-WH-3), what to show when closed, the notice (R-C-1); a
/// page of another site than the channel allows is refused (R-W-6).
pub(crate) async fn widget_config(req: &mut Request, env: &Env) -> ApiResult<Response> {
    let id = channel_param(req)?;
    // Browsers say which page asks, except the frame's own same-origin calls.
    let own = req.url()?.origin().ascii_serialization();
    if let Some(origin) = req.headers().get("origin")?.filter(|o| *o != own) {
        if let Err(refused) =
            embedding_allowed(&id, &allowed_domains(env, &id).await?, Some(&origin))
        {
            // Readable by the loader, which tells the site's developer.
            let mut res = refused.response()?;
            res.headers_mut().set("access-control-allow-origin", "*")?;
            return Ok(res);
        }
    }
    let config: WidgetConfig = call(
        env,
        "ACCOUNT",
        ACCOUNT,
        "/widget/config",
        &WidgetConfigLookup { id, now: now() },
    )
    .await?;
    let mut res = Response::from_json(&config)?;
    res.headers_mut()
        .set("cache-control", "public, max-age=60")?;
    // Public data: the loader on the host page may read it too.
    res.headers_mut().set("access-control-allow-origin", "*")?;
    Ok(res)
}

pub(crate) async fn visitor_socket(req: &mut Request, env: &Env) -> ApiResult<Response> {
    require_upgrade(req)?;
    gate::check(env, req, Limited::Connect).await?;
    let token = query(req, "token")?
        .ok_or_else(|| Failure::unauthorized("the visitor token is missing"))?;
    let claims: VisitorClaims = signer(env)?
        .verify(&token, now())
        .map_err(|e| Failure::unauthorized(e.to_string()))?;
    let conversation = conversation_param(req)?;
    let caller = Caller::Visitor {
        visitor: claims.visitor,
        channel: claims.channel,
    };
    forward_socket(env, "CONVERSATION", conversation.as_str(), &caller, None).await
}
