//! The admins' calls for open channels (R-CH-1, R-CH-2, R-CH-4, R-CH-5,
//! R-CH-8): the list with the plan limit, a new channel, renaming, switching
//! off and on, and deleting.
//!
//! Bodies are the types of [`canal_shared::channels`]; the worker answers
//! 403 to anyone but an admin, 409 past the plan limit or for a name already
//! taken, and 400 with a message the admin can act on otherwise.

use canal_shared::channels::{ChannelDelete, ChannelDetails, ChannelList, ChannelUpdate};
use serde_json::json;

use crate::admin::post;
use crate::api::{call, parse, Failure};

/// `GET /api/channels`: every channel, by number, and the plan limit.
pub async fn channels(token: &str) -> Result<ChannelList, Failure> {
    let text = call("GET", "/api/channels", Some(token), None).await?;
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
