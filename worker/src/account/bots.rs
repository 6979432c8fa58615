//! R-BOT-1: the account's chat bots (the built-in FAQ bot and those
//! registered by URL, with what each declared) and the bot each channel
//! assigns when a client query arrives (no row: none).

use canal_shared::bot::{
    may_assign, BotAssignment, BotError, BotInfo, BotKind, BotList, BotRef, ChannelBot, FAQ_BOT_ID,
    MAX_BOTS,
};
use canal_shared::i18n::Lang;
use canal_shared::ids::BotId;

use super::*;

/// `/bots/save`: a bot the Worker has asked `hello`, with its secret.
#[derive(Serialize, Deserialize)]
pub struct SaveBot {
    pub bot: BotInfo,
    pub secret: String,
    pub now: Timestamp,
}

#[derive(Deserialize)]
struct BotRow {
    id: String,
    name: String,
    url: String,
    secret: String,
    open_channels: i64,
}

impl BotRow {
    fn info(&self) -> ApiResult<BotInfo> {
        Ok(BotInfo {
            id: BotId::parse(&self.id).map_err(internal_error)?,
            name: self.name.clone(),
            kind: BotKind::Http {
                url: self.url.clone(),
            },
            open_channels: self.open_channels != 0,
        })
    }
}

fn bad(e: BotError) -> Failure {
    let status = match e {
        BotError::TooMany => 409,
        _ => 400,
    };
    Failure::new(status, ErrorCode::Invalid, e.to_string()).with_detail(&e)
}

impl Account {
    fn bot_rows(&self, id: Option<&BotId>) -> ApiResult<Vec<BotRow>> {
        let select = "SELECT id, name, url, secret, open_channels FROM bots";
        Ok(match id {
            Some(id) => self
                .sql
                .exec(
                    &format!("{select} WHERE id = ?"),
                    vec![id.to_string().into()],
                )?
                .to_array()?,
            None => self
                .sql
                .exec(&format!("{select} ORDER BY name COLLATE NOCASE, id"), None)?
                .to_array()?,
        })
    }

    /// A bot and its secret (none for the built-in one), or a not-found.
    fn bot(&self, id: &BotId) -> ApiResult<(BotInfo, Option<String>)> {
        if id.as_str() == FAQ_BOT_ID {
            return Ok((BotInfo::faq(), None));
        }
        match self.bot_rows(Some(id))?.first() {
            Some(row) => Ok((row.info()?, Some(row.secret.clone()))),
            None => Err(Failure::not_found(format!("there is no bot \"{id}\""))),
        }
    }

    /// Every bot, the built-in one first.
    pub(super) fn bots(&self) -> ApiResult<Response> {
        let mut bots = vec![BotInfo::faq()];
        for row in self.bot_rows(None)? {
            bots.push(row.info()?);
        }
        json(&BotList { bots })
    }

    /// Keeps a bot that answered `hello`.
    pub(super) fn save_bot(&self, save: SaveBot) -> ApiResult<Response> {
        if self.bot_rows(None)?.len() >= MAX_BOTS {
            return Err(bad(BotError::TooMany));
        }
        let BotKind::Http { url } = &save.bot.kind else {
            return Err(bad(BotError::BuiltIn));
        };
        self.sql.exec(
            "INSERT INTO bots (id, name, url, secret, open_channels, created_at) VALUES (?, ?, ?, ?, ?, ?)",
            vec![
                save.bot.id.to_string().into(),
                save.bot.name.clone().into(),
                url.clone().into(),
                save.secret.into(),
                i64::from(save.bot.open_channels).into(),
                save.now.0.into(),
            ],
        )?;
        json(&save.bot)
    }

    /// Removes a bot; the channels that assigned it have none afterwards.
    pub(super) fn delete_bot(&self, r: BotRef) -> ApiResult<Response> {
        if r.id.as_str() == FAQ_BOT_ID {
            return Err(bad(BotError::BuiltIn));
        }
        self.bot(&r.id)?;
        for sql in [
            "DELETE FROM channel_bot WHERE bot_id = ?",
            "DELETE FROM bots WHERE id = ?",
        ] {
            self.sql.exec(sql, vec![r.id.to_string().into()])?;
        }
        json(&r)
    }

    fn channel_bot_id(&self, channel: &ChannelId) -> ApiResult<Option<BotId>> {
        #[derive(Deserialize)]
        struct Row {
            bot_id: String,
        }
        let rows: Vec<Row> = self
            .sql
            .exec(
                "SELECT bot_id FROM channel_bot WHERE channel_id = ?",
                vec![channel.to_string().into()],
            )?
            .to_array()?;
        rows.first()
            .map(|r| BotId::parse(&r.bot_id).map_err(internal_error))
            .transpose()
    }

    /// The bot a channel assigns, if any.
    pub(super) fn get_channel_bot(&self, lookup: ChannelLookup) -> ApiResult<Response> {
        self.require_channel(&lookup.id)?;
        json(&ChannelBot {
            bot: self.channel_bot_id(&lookup.id)?,
            channel: lookup.id,
        })
    }

    /// Sets the bot a channel assigns: only one that can serve open channels.
    pub(super) fn set_channel_bot(&self, choice: ChannelBot) -> ApiResult<Response> {
        self.require_channel(&choice.channel)?;
        match &choice.bot {
            Some(id) => {
                let (bot, _) = self.bot(id)?;
                may_assign(&bot).map_err(bad)?;
                self.sql.exec(
                    "INSERT INTO channel_bot (channel_id, bot_id) VALUES (?, ?) ON CONFLICT(channel_id) DO UPDATE SET bot_id = excluded.bot_id",
                    vec![choice.channel.to_string().into(), id.to_string().into()],
                )?;
            }
            None => {
                self.sql.exec(
                    "DELETE FROM channel_bot WHERE channel_id = ?",
                    vec![choice.channel.to_string().into()],
                )?;
            }
        }
        json(&choice)
    }

    /// The bot a new conversation of `channel` starts with, for a client who
    /// speaks `lang`.
    pub(super) fn bot_for(
        &self,
        channel: &ChannelId,
        lang: Lang,
    ) -> ApiResult<Option<BotAssignment>> {
        let Some(id) = self.channel_bot_id(channel)? else {
            return Ok(None);
        };
        let (bot, secret) = self.bot(&id)?;
        Ok(may_assign(&bot)
            .is_ok()
            .then(|| BotAssignment::new(bot, secret, lang)))
    }
}
