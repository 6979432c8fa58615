//! Asks a conversation's chat bot (R-BOT-1): the built-in FAQ bot runs here
//! on the channel's predefined responses; any other bot is called over HTTP
//! with a signed request. What it answers, or why it could not, goes back to
//! the conversation machine, which decides everything else.

use std::cell::RefCell;

use canal_shared::bot::{self, BotAnswer, BotAssignment, BotKind, BotRequest};
use canal_shared::canned::{CannedResponse, ChannelResponses};
use canal_shared::ids::ChannelId;
use worker::Env;

use crate::account::{ChannelLookup, ACCOUNT};
use crate::crypto::now;
use crate::deliveries;
use crate::internal::call;

/// The FAQ bot's knowledge, kept while the object lives: the account is
/// asked once per object, not per message.
#[derive(Default)]
pub struct FaqCache(RefCell<Option<Vec<CannedResponse>>>);

impl FaqCache {
    async fn responses(
        &self,
        env: &Env,
        channel: &ChannelId,
    ) -> Result<Vec<CannedResponse>, String> {
        if let Some(r) = self.0.borrow().as_ref() {
            return Ok(r.clone());
        }
        let answer: ChannelResponses = call(
            env,
            "ACCOUNT",
            ACCOUNT,
            "/canned/responses",
            &ChannelLookup {
                id: channel.clone(),
                lang: None,
            },
        )
        .await
        .map_err(|e| e.message)?;
        *self.0.borrow_mut() = Some(answer.responses.clone());
        Ok(answer.responses)
    }
}

/// Asks `bot` the `request`; an error says what went wrong, for the log.
pub async fn ask(
    env: &Env,
    faq: &FaqCache,
    bot: &BotAssignment,
    request: &BotRequest,
) -> Result<BotAnswer, String> {
    match &bot.bot.kind {
        BotKind::Faq => {
            let BotRequest::Message {
                channel, message, ..
            } = request
            else {
                return Err("the FAQ bot answers messages only".into());
            };
            let responses = faq.responses(env, channel).await?;
            Ok(bot::faq_answer(&responses, &message.text, bot.lang()))
        }
        BotKind::Http { url } => {
            let secret = bot.secret.as_deref().unwrap_or_default();
            let (status, body) = deliveries::send(&bot::call(url, secret, now(), request))
                .await
                .map_err(|e| format!("{} did not answer: {e}", bot.bot.name))?;
            bot::parse_answer(status, &body).map_err(|e| e.to_string())
        }
    }
}
