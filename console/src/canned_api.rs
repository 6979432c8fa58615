//! The calls for predefined responses (R-PR-1): the admins' lists and which
//! list a channel uses, and the responses an operator inserts into a reply.
//!
//! Bodies are the types of [`canal_shared::canned`]; the admins' calls are
//! refused (403) to operators, and an edit the worker refuses comes back as
//! a 400 with a message the admin can act on.

use canal_shared::canned::{
    CannedList, CannedListInput, CannedListRef, CannedLists, ChannelCanned, ChannelResponses,
};
use canal_shared::ids::ChannelId;

use crate::admin::post;
use crate::api::{call, parse, Failure};

/// `GET /api/canned/lists` (admins): every list, by name.
pub async fn lists(token: &str) -> Result<CannedLists, Failure> {
    let text = call("GET", "/api/canned/lists", Some(token), None).await?;
    parse(&text)
}

/// `POST /api/canned/lists` (admins): adds a list (`id: None`) or replaces
/// one; the answer is the list as saved.
pub async fn save_list(token: &str, input: &CannedListInput) -> Result<CannedList, Failure> {
    post(token, "/api/canned/lists", input).await
}

/// `POST /api/canned/lists/delete` (admins): deletes a list; the channels
/// that used it have no responses from then on.
pub async fn delete_list(token: &str, list: &CannedListRef) -> Result<(), Failure> {
    post::<serde_json::Value>(token, "/api/canned/lists/delete", list)
        .await
        .map(drop)
}

/// `GET /api/canned/channel?channel=` (admins): which list `channel` uses.
pub async fn channel_list(token: &str, channel: &ChannelId) -> Result<ChannelCanned, Failure> {
    let text = call(
        "GET",
        &channel_path("/api/canned/channel", channel),
        Some(token),
        None,
    )
    .await?;
    parse(&text)
}

/// `POST /api/canned/channel` (admins): sets the list a channel uses, or
/// none.
pub async fn set_channel_list(
    token: &str,
    choice: &ChannelCanned,
) -> Result<ChannelCanned, Failure> {
    post(token, "/api/canned/channel", choice).await
}

/// `GET /api/canned?channel=` (the channel's operators and admins): the
/// responses of the list the channel uses.
pub async fn responses(token: &str, channel: &ChannelId) -> Result<ChannelResponses, Failure> {
    let text = call(
        "GET",
        &channel_path("/api/canned", channel),
        Some(token),
        None,
    )
    .await?;
    parse(&text)
}

/// `path?channel=<channel>`. Channel ids are URL-safe already.
fn channel_path(path: &str, channel: &ChannelId) -> String {
    format!("{path}?channel={}", channel.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_name_the_channel() {
        let demo = ChannelId::parse("demo-1").unwrap();
        assert_eq!(
            channel_path("/api/canned", &demo),
            "/api/canned?channel=demo-1"
        );
    }
}
