//! Admin: channels (R-CH-1…2: open, rename, switch off, delete, within the
//! plan's limit), their identity secrets and their widget's settings.

use canal_shared::channels::{
    parse_limit, ChannelActivity, ChannelActivityList, ChannelDelete, ChannelDetails, ChannelList,
    ChannelUpdate, QueueActivity,
};
use canal_shared::connectors::{ConnectorKind, ConnectorList};
use canal_shared::identity::IdentitySecret;
use canal_shared::ids::{random_id, ChannelId};
use canal_shared::widget_settings::{WidgetSettings, WidgetSettingsInput};
use worker::{Env, Request, Response};

use crate::account::{ChannelLookup, CreateChannel, ListChannels, ACCOUNT};
use crate::account::{IdentityStatus, RotateIdentity};
use crate::crypto::{hex, now, random_bytes};
use crate::failure::ApiResult;
use crate::internal::{call, internal_error, json, json_body};
use crate::routes::common::{admin, admin_get, admin_post, forward};

/// `GET /api/channels` (admins).
pub(crate) async fn list(req: &Request, env: &Env) -> ApiResult<Response> {
    admin(req, env).await?;
    let limit = channel_limit(env);
    forward::<ChannelList>(env, "/channels/list", &ListChannels { limit }).await
}

/// `GET /api/channels/activity` (admins): each channel's connectors (the
/// account's) and its operators online and conversations waiting (its
/// object's), every channel asked at once.
pub(crate) async fn activity(req: &Request, env: &Env) -> ApiResult<Response> {
    admin(req, env).await?;
    let limit = channel_limit(env);
    let list: ChannelList = call(
        env,
        "ACCOUNT",
        ACCOUNT,
        "/channels/list",
        &ListChannels { limit },
    )
    .await?;
    let asked = list.channels.into_iter().map(|c| async move {
        let lookup = ChannelLookup {
            id: c.id.clone(),
            lang: None,
        };
        let connectors: ConnectorList =
            call(env, "ACCOUNT", ACCOUNT, "/connectors/list", &lookup).await?;
        let queue: QueueActivity = call(env, "CHANNEL", c.id.as_str(), "/activity", &()).await?;
        ApiResult::Ok(ChannelActivity {
            id: c.id,
            connectors: std::iter::once(ConnectorKind::LiveChat)
                .chain(connectors.connectors.iter().map(|k| k.kind))
                .collect(),
            queue,
        })
    });
    let channels = futures_util::future::join_all(asked)
        .await
        .into_iter()
        .collect::<ApiResult<Vec<_>>>()?;
    json(&ChannelActivityList { channels })
}

/// `POST /api/channels` (admins): "Open Channel N", within the plan limit.
pub(crate) async fn create(req: &mut Request, env: &Env) -> ApiResult<Response> {
    admin(req, env).await?;
    let new_id =
        ChannelId::parse(&random_id("ch_", &random_bytes::<8>()?)).map_err(internal_error)?;
    let body = CreateChannel {
        new_id,
        limit: channel_limit(env),
        now: now(),
    };
    forward::<ChannelDetails>(env, "/channels/create", &body).await
}

/// `POST /api/channels/update` (admins: name, on/off, email language, allowed domains).
pub(crate) async fn update(req: &mut Request, env: &Env) -> ApiResult<Response> {
    admin_post::<ChannelUpdate, ChannelDetails>(req, env, "/channels/update").await
}

/// `POST /api/channels/delete` (admins: the channel's name typed again).
pub(crate) async fn delete(req: &mut Request, env: &Env) -> ApiResult<Response> {
    admin_post::<ChannelDelete, ChannelDetails>(req, env, "/channels/delete").await
}

/// `GET /api/channels/identity?channel=` (admins: whether the channel has an identity secret, and since when).
pub(crate) async fn identity(req: &Request, env: &Env) -> ApiResult<Response> {
    admin_get::<IdentityStatus>(req, env, "/identity/get").await
}

/// `POST /api/channels/identity` (admins) `{channel}`: a new identity
/// secret for the channel, shown this once; the old one stops working.
pub(crate) async fn rotate_identity(req: &mut Request, env: &Env) -> ApiResult<Response> {
    admin(req, env).await?;
    #[derive(serde::Deserialize)]
    struct Body {
        channel: ChannelId,
    }
    let Body { channel } = json_body(req).await?;
    let secret = format!("cis_{}", hex(&random_bytes::<24>()?));
    let body = RotateIdentity {
        channel,
        secret: secret.clone(),
        now: now(),
    };
    let status: IdentityStatus = call(env, "ACCOUNT", ACCOUNT, "/identity/rotate", &body).await?;
    json(&IdentitySecret {
        channel: status.channel,
        since: status.since,
        secret,
    })
}

/// `GET /api/widget-settings?channel=` (admins).
pub(crate) async fn widget_settings(req: &Request, env: &Env) -> ApiResult<Response> {
    admin_get::<WidgetSettings>(req, env, "/widget-settings/get").await
}

/// `POST /api/widget-settings` (admins).
pub(crate) async fn save_widget_settings(req: &mut Request, env: &Env) -> ApiResult<Response> {
    admin_post::<WidgetSettingsInput, WidgetSettings>(req, env, "/widget-settings/save").await
}

/// The plan's channel limit (R-CH-2): the deployment's `CANAL_CHANNEL_LIMIT`.
fn channel_limit(env: &Env) -> u32 {
    parse_limit(
        env.var("CANAL_CHANNEL_LIMIT")
            .ok()
            .map(|v| v.to_string())
            .as_deref(),
    )
}
