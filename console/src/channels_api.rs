//! The admins' calls for open channels (R-CH-1, R-CH-2, R-CH-4, R-CH-5,
//! R-CH-8): the list with the plan limit, a new channel, renaming, switching
//! off and on, and deleting; a channel's connectors (R-CH-3, R-CH-9) and its
//! identity secret.
//!
//! Bodies are the types of [`canal_shared::channels`] and
//! [`canal_shared::connectors`]; the worker answers 403 to anyone but an
//! admin, 409 past the plan limit, for a name already taken or for a second
//! connector of a kind, and 400 with a message the admin can act on
//! otherwise.

use canal_shared::channels::{
    ChannelActivityList, ChannelDelete, ChannelDetails, ChannelList, ChannelUpdate,
};
use canal_shared::connectors::{
    ConnectorCreated, ConnectorDelete, ConnectorInput, ConnectorList, ConnectorRemoved,
};
use canal_shared::identity::{IdentitySecret, IdentityStatus};
use canal_shared::ids::ChannelId;
use serde_json::json;

use crate::admin::post;
use crate::api::{call, parse, Failure};

/// `GET /api/channels`: every channel, by number, and the plan limit.
pub async fn channels(token: &str) -> Result<ChannelList, Failure> {
    let text = call("GET", "/api/channels", Some(token), None).await?;
    parse(&text)
}

/// `GET /api/channels/activity`: each channel's connectors, operators online
/// and conversations waiting, for the list.
pub async fn activity(token: &str) -> Result<ChannelActivityList, Failure> {
    let text = call("GET", "/api/channels/activity", Some(token), None).await?;
    parse(&text)
}

/// `POST /api/channels`: a new channel, "Open Channel N" (R-CH-4). Past the
/// plan limit a 409 says what to do (R-CH-2).
pub async fn create_channel(token: &str) -> Result<ChannelDetails, Failure> {
    post(token, "/api/channels", &json!({})).await
}

/// `POST /api/channels/update`: renames a channel, switches it off or on
/// (R-CH-5), or both; the answer is the channel as saved.
pub async fn update_channel(
    token: &str,
    update: &ChannelUpdate,
) -> Result<ChannelDetails, Failure> {
    post(token, "/api/channels/update", update).await
}

/// `POST /api/channels/delete`: deletes a channel whose name `confirm`
/// repeats (R-CH-8); the answer is the channel deleted.
pub async fn delete_channel(
    token: &str,
    delete: &ChannelDelete,
) -> Result<ChannelDetails, Failure> {
    post(token, "/api/channels/delete", delete).await
}

/// `GET /api/connectors?channel=`: `channel`'s Telegram bot and webhook,
/// if any (the live chat is built in and not listed).
pub async fn connectors(token: &str, channel: &ChannelId) -> Result<ConnectorList, Failure> {
    let path = format!("/api/connectors?channel={}", param(channel));
    let text = call("GET", &path, Some(token), None).await?;
    parse(&text)
}

/// `POST /api/connectors`: adds a connector (R-CH-3). A webhook's signing
/// secret is in the answer, this once; a 400 says what is wrong with the
/// settings (or why Telegram refused the bot), a 409 that the channel has
/// one of that kind already.
pub async fn add_connector(
    token: &str,
    input: &ConnectorInput,
) -> Result<ConnectorCreated, Failure> {
    post(token, "/api/connectors", input).await
}

/// `POST /api/connectors/delete`: the connector stops taking messages (a
/// bot's webhook is removed at Telegram).
pub async fn remove_connector(
    token: &str,
    delete: &ConnectorDelete,
) -> Result<ConnectorRemoved, Failure> {
    post(token, "/api/connectors/delete", delete).await
}

/// `GET /api/channels/identity?channel=`: whether `channel` has an identity
/// secret.
pub async fn identity(token: &str, channel: &ChannelId) -> Result<IdentityStatus, Failure> {
    let path = format!("/api/channels/identity?channel={}", param(channel));
    let text = call("GET", &path, Some(token), None).await?;
    parse(&text)
}

/// `POST /api/channels/identity`: makes or replaces `channel`'s identity
/// secret; tokens signed with the old one stop working at once.
pub async fn rotate_identity(token: &str, channel: &ChannelId) -> Result<IdentitySecret, Failure> {
    post(
        token,
        "/api/channels/identity",
        &json!({ "channel": channel }),
    )
    .await
}

/// `channel` for a query string.
fn param(channel: &ChannelId) -> String {
    String::from(js_sys::encode_uri_component(channel.as_str()))
}
