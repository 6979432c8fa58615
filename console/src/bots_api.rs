//! The admins' calls for chat bots (R-BOT-1): the account's bots, registering
//! one by its URL and deleting one, and the bot each channel assigns when a
//! client query arrives.
//!
//! Bodies are the types of [`canal_shared::bot`]; the worker answers 403 to
//! anyone but an admin, and 400 with a message the admin can act on when a
//! bot cannot be registered or chosen.

use canal_shared::bot::{BotCreated, BotInput, BotList, BotRef, ChannelBot};
use canal_shared::ids::ChannelId;

use crate::admin::post;
use crate::api::{call, parse, Failure};

/// `GET /api/bots`: every bot, the built-in FAQ bot first.
pub async fn bots(token: &str) -> Result<BotList, Failure> {
    let text = call("GET", "/api/bots", Some(token), None).await?;
    parse(&text)
}

/// `POST /api/bots`: registers the bot at a URL. Canal asks it `hello` first
/// and keeps what it declares; the answer holds its signing secret, shown
/// only this once. A 400 says why not (unreachable, a bad answer, a bad URL).
pub async fn register(token: &str, input: &BotInput) -> Result<BotCreated, Failure> {
    post(token, "/api/bots", input).await
}

/// `POST /api/bots/delete`: deletes a registered bot; the channels that used
/// it have no bot from then on. The built-in one stays (400).
pub async fn delete(token: &str, bot: &BotRef) -> Result<(), Failure> {
    post::<serde_json::Value>(token, "/api/bots/delete", bot)
        .await
        .map(drop)
}

/// `GET /api/bots/channel?channel=`: the bot `channel` assigns, if any.
pub async fn channel_bot(token: &str, channel: &ChannelId) -> Result<ChannelBot, Failure> {
    let text = call("GET", &channel_path(channel), Some(token), None).await?;
    parse(&text)
}

/// `POST /api/bots/channel`: sets the bot a channel assigns, or none; the
/// answer is what was saved. A 400 says why not (a bot that cannot serve open
/// channels).
pub async fn set_channel_bot(token: &str, choice: &ChannelBot) -> Result<ChannelBot, Failure> {
    post(token, "/api/bots/channel", choice).await
}

/// `/api/bots/channel?channel=<channel>`. Channel ids are URL-safe already.
fn channel_path(channel: &ChannelId) -> String {
    format!("/api/bots/channel?channel={}", channel.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_channel_path_names_the_channel() {
        let demo = ChannelId::parse("demo-1").unwrap();
        assert_eq!(channel_path(&demo), "/api/bots/channel?channel=demo-1");
    }
}
