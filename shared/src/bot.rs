//! The first-line chat bot (R-BOT-1): "assign a chat bot when a client query
//! arrives". While a bot holds a conversation every client message goes to it
//! and no operator is offered the conversation; when the bot hands over, the
//! conversation enters the queue as usual and operators read the bot's part
//! of the history.
//!
//! A bot is either the built-in FAQ bot ([`faq_answer`], answering from the
//! channel's predefined responses) or any HTTP service that speaks the bot
//! protocol (`docs/bots.md`): Canal posts a signed [`BotRequest`] and the bot
//! answers with a [`BotAnswer`]: replies, then go on, hand over or close.
//! Every bot declares whether it can serve open channels ([`BotManifest`]);
//! one that cannot is never assigned to a channel ([`may_assign`]).
//!
//! The rules that hold a conversation for its bot are in the conversation
//! machine (`conversation::bot`); the worker makes the calls.

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::canned::{fold, CannedResponse};
use crate::connectors::{parse_url, webhook, HttpCall};
use crate::files::FileLink;
use crate::i18n::{Lang, ServerMsg};
use crate::ids::{BotId, ChannelId, ConversationId, Seq};
use crate::text::MessageText;
use crate::time::Timestamp;

/// The built-in FAQ bot's id.
pub const FAQ_BOT_ID: &str = "faq";
/// Most characters of a bot's name.
pub const MAX_BOT_NAME_CHARS: usize = 60;
/// Most bots an account registers (besides the built-in one).
pub const MAX_BOTS: usize = 20;
/// Most replies a bot gives to one message.
pub const MAX_REPLIES: usize = 5;
/// Most bytes of a bot's answer.
pub const MAX_ANSWER_BYTES: usize = 64 * 1024;
/// How long a client waits for the bot before the conversation is handed
/// over to the queue anyway: a bot that is down never traps a client.
pub const ANSWER_WAIT_MS: i64 = 20_000;

/// How a bot is reached.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum BotKind {
    /// The built-in FAQ bot: it runs inside Canal.
    Faq,
    /// A service that speaks the bot protocol at this URL.
    Http {
        /// Where Canal posts.
        url: String,
    },
}

/// A bot the account knows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BotInfo {
    /// Its id ([`FAQ_BOT_ID`] for the built-in one).
    pub id: BotId,
    /// The name clients read on its messages.
    pub name: String,
    /// How it is reached.
    #[serde(flatten)]
    pub kind: BotKind,
    /// It declared that it can serve open channels (R-BOT-1).
    pub open_channels: bool,
}

impl BotInfo {
    /// The built-in FAQ bot: it answers from the channel's predefined
    /// responses and serves open channels.
    pub fn faq() -> Self {
        Self {
            // Invariant: a valid id.
            id: BotId::parse(FAQ_BOT_ID).expect("a valid bot id"),
            name: "FAQ bot".into(),
            kind: BotKind::Faq,
            open_channels: true,
        }
    }
}

/// Why a bot cannot be registered, assigned or used. A refusal of the
/// bots' API carries it as [`ApiError::detail`](crate::protocol::ApiError),
/// for the console to say in the admin's language and under the right field.
#[derive(Clone, Debug, PartialEq, Eq, Error, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BotError {
    /// R-BOT-1: a bot that cannot serve open channels is not chosen.
    #[error("{0} declared that it cannot serve open channels; pick another bot or none")]
    NotForOpenChannels(String),
    /// The URL is not one Canal may call.
    #[error("{0}")]
    BadUrl(String),
    /// The name is empty, too long or has control characters.
    #[error("the bot's name must be 1 to {MAX_BOT_NAME_CHARS} characters of text")]
    BadName,
    /// Nothing answered at the URL (what the network said).
    #[error("the bot did not answer: {0}")]
    NoAnswer(String),
    /// The bot gave no name and the admin none either.
    #[error("the bot did not say its name; give it one")]
    NoName,
    /// The bot answered with another status than 2xx.
    #[error("the bot answered HTTP {0}; it must answer 200 with JSON")]
    Status(u16),
    /// The bot's answer is not what the protocol says.
    #[error("the bot's answer is not valid: {0}")]
    BadAnswer(String),
    /// The account has as many bots as it may.
    #[error("the account already has {MAX_BOTS} bots; delete one first")]
    TooMany,
    /// The built-in bot cannot be removed.
    #[error("the FAQ bot is built in and cannot be deleted")]
    BuiltIn,
}

impl BotError {
    /// Whether it is about the name the admin gave (else the URL, or the
    /// bot itself).
    pub fn about_name(&self) -> bool {
        matches!(self, BotError::BadName | BotError::NoName)
    }
}

/// What a bot says of itself when it is registered: its answer to
/// [`BotRequest::Hello`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BotManifest {
    /// Its name, if the admin gave none.
    #[serde(default)]
    pub name: Option<String>,
    /// Whether it can serve open channels; a bot that does not say cannot.
    #[serde(default)]
    pub open_channels: bool,
}

/// `POST /api/bots` (admins): register the bot at `url`. Canal asks it
/// [`BotRequest::Hello`] first and keeps what it declares.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BotInput {
    /// Where the bot listens.
    pub url: String,
    /// Its name; the bot's own if empty.
    #[serde(default)]
    pub name: Option<String>,
}

impl BotInput {
    /// The URL, checked: `https://`, or `http://` to this machine.
    pub fn url(&self) -> Result<String, BotError> {
        parse_url("the bot's URL", self.url.trim()).map_err(|e| BotError::BadUrl(e.to_string()))
    }
}

/// A bot's name, trimmed and checked.
pub fn parse_name(name: &str) -> Result<String, BotError> {
    let name = name.trim();
    if name.is_empty()
        || name.chars().count() > MAX_BOT_NAME_CHARS
        || name.chars().any(char::is_control)
    {
        return Err(BotError::BadName);
    }
    Ok(name.to_owned())
}

/// Reads a bot's answer to `hello`: 2xx and a [`BotManifest`].
pub fn parse_manifest(status: u16, body: &str) -> Result<BotManifest, BotError> {
    let manifest: BotManifest = parse_json(status, body)?;
    if let Some(name) = &manifest.name {
        parse_name(name)?;
    }
    Ok(manifest)
}

/// Answer to `POST /api/bots`: the bot and its signing secret, shown once.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BotCreated {
    /// The bot as registered.
    pub bot: BotInfo,
    /// The secret Canal signs its requests with (shown only now).
    pub secret: String,
}

/// `GET /api/bots` (admins): every bot, the built-in one first.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BotList {
    /// The bots.
    pub bots: Vec<BotInfo>,
}

/// `POST /api/bots/delete` (admins).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BotRef {
    /// Which bot.
    pub id: BotId,
}

/// `GET`/`POST /api/bots/channel` (admins): the bot a channel assigns when a
/// client query arrives (R-BOT-1), or none.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChannelBot {
    /// The channel.
    pub channel: ChannelId,
    /// Its bot, if any.
    #[serde(default)]
    pub bot: Option<BotId>,
}

/// Whether `bot` may be a channel's first line (R-BOT-1).
pub fn may_assign(bot: &BotInfo) -> Result<(), BotError> {
    if bot.open_channels {
        Ok(())
    } else {
        Err(BotError::NotForOpenChannels(bot.name.clone()))
    }
}

/// A channel's bot as a conversation carries it, resolved when it opens.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BotAssignment {
    /// The bot.
    pub bot: BotInfo,
    /// The secret its requests are signed with (`None` for the built-in one).
    #[serde(default)]
    pub secret: Option<String>,
    /// The client's language (a BCP 47 tag).
    pub lang: String,
    /// What the client reads when the bot fails or is too slow and the
    /// conversation goes to the queue, in their language.
    pub handover_text: String,
}

impl BotAssignment {
    /// `bot` for a client who speaks `lang`.
    pub fn new(bot: BotInfo, secret: Option<String>, lang: Lang) -> Self {
        Self {
            bot,
            secret,
            lang: lang.tag().to_owned(),
            handover_text: lang.server_text(ServerMsg::BotHandover).into_owned(),
        }
    }

    /// The client's language.
    pub fn lang(&self) -> Lang {
        Lang::negotiate([self.lang.as_str()])
    }
}

/// What Canal posts to a bot (`docs/bots.md`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum BotRequest {
    /// Sent once when an admin registers the bot: the bot answers with its
    /// [`BotManifest`]. Signed with the new secret, which the bot cannot know
    /// yet.
    Hello,
    /// A client's message while the bot holds the conversation.
    Message {
        /// The conversation.
        conversation: ConversationId,
        /// Its channel.
        channel: ChannelId,
        /// The client's name as operators see it.
        client: String,
        /// The client's language (a BCP 47 tag).
        lang: String,
        /// The message.
        message: BotQuestion,
    },
}

/// A client's message as a bot gets it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BotQuestion {
    /// Its number in the conversation.
    pub seq: Seq,
    /// Its text.
    pub text: String,
    /// When it was written (milliseconds since 1970).
    pub at: Timestamp,
    /// The file it carries (#21), with a signed link to read it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<Box<FileLink>>,
}

impl BotRequest {
    /// Puts `file` in the message, which carries it (#21).
    pub fn attach(&mut self, file: FileLink) {
        if let BotRequest::Message { message, .. } = self {
            message.file = Some(Box::new(file));
        }
    }
}

/// What the bot does after its replies.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BotAction {
    /// Keep the conversation: the next client message comes to the bot too.
    #[default]
    Continue,
    /// Pass it to the queue: operators are offered it as usual.
    Handover,
    /// Close it: the client's question is answered.
    Close,
}

/// A bot's answer to a message.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BotAnswer {
    /// Messages for the client, in order.
    #[serde(default)]
    pub replies: Vec<String>,
    /// What comes next.
    #[serde(default)]
    pub action: BotAction,
}

/// The signed call that asks `url` this request: a JSON body with the
/// webhook connector's signature headers (`x-canal-timestamp`,
/// `x-canal-signature: v1=<HMAC-SHA256 of "timestamp.body">`).
pub fn call(url: &str, secret: &str, now: Timestamp, request: &BotRequest) -> HttpCall {
    // Invariant: the request types always serialize.
    let body = serde_json::to_string(request).expect("a bot request serializes");
    let timestamp = now.0 / 1000;
    HttpCall {
        method: "POST".into(),
        url: url.to_owned(),
        headers: vec![
            ("content-type".into(), "application/json".into()),
            (webhook::TIMESTAMP_HEADER.into(), timestamp.to_string()),
            (
                webhook::SIGNATURE_HEADER.into(),
                webhook::sign(secret, timestamp, &body),
            ),
        ],
        body,
    }
}

/// Reads a bot's answer to a message: 2xx, at most [`MAX_REPLIES`] replies,
/// each a valid message.
pub fn parse_answer(status: u16, body: &str) -> Result<BotAnswer, BotError> {
    let answer: BotAnswer = parse_json(status, body)?;
    if answer.replies.len() > MAX_REPLIES {
        return Err(BotError::BadAnswer(format!(
            "{} replies; at most {MAX_REPLIES} per message",
            answer.replies.len()
        )));
    }
    let replies = answer
        .replies
        .iter()
        .map(|r| {
            MessageText::parse(r)
                .map(|t| t.as_str().to_owned())
                .map_err(|e| BotError::BadAnswer(format!("a reply: {e}")))
        })
        .collect::<Result<_, _>>()?;
    Ok(BotAnswer {
        replies,
        action: answer.action,
    })
}

fn parse_json<T: for<'de> Deserialize<'de>>(status: u16, body: &str) -> Result<T, BotError> {
    if !(200..300).contains(&status) {
        return Err(BotError::Status(status));
    }
    if body.len() > MAX_ANSWER_BYTES {
        return Err(BotError::BadAnswer(format!(
            "{} bytes; at most {MAX_ANSWER_BYTES}",
            body.len()
        )));
    }
    serde_json::from_str(body).map_err(|e| BotError::BadAnswer(e.to_string()))
}

/// Words that ask for a person, in the three languages (folded).
const PERSON_WORDS: &[&str] = &[
    "operator",
    "human",
    "person",
    "agent",
    "someone",
    "somebody",
    "representative",
    "operador",
    "operadora",
    "humano",
    "humana",
    "pessoa",
    "atendente",
    "alguem",
    "persona",
    "agente",
    "alguien",
    "representante",
];

/// Words that carry no meaning for matching (folded; words under three
/// letters are dropped anyway).
const STOP_WORDS: &[&str] = &[
    // English
    "the", "and", "for", "you", "your", "are", "what", "how", "can", "with", "this", "that", "have",
    "does", "did", "any", "our", "from", "when", "where", "which", "who", "why", "will", "would",
    "there", "about", "please", "hello", "thanks", "thank", "want", "need", "know", "tell", "get",
    "has", "was", "not", "but", "all", "its", "may", "could", "should", "into", "some", "is", "do",
    "hey", "hi", // Portuguese
    "que", "qual", "quais", "como", "para", "por", "com", "uma", "uns", "umas", "dos", "das",
    "nos", "nas", "seu", "sua", "seus", "suas", "meu", "minha", "voce", "voces", "tem", "ter",
    "esta", "este", "isso", "isto", "quero", "queria", "gostaria", "preciso", "saber", "sobre",
    "quando", "onde", "ola", "obrigado", "obrigada", "favor", "pode", "posso", "mais", "muito",
    "vcs", // Spanish
    "cual", "cuales", "con", "unos", "unas", "los", "las", "del", "sus", "mis", "usted", "ustedes",
    "tiene", "tienen", "tengo", "esto", "eso", "quiero", "quisiera", "necesito", "cuando", "donde",
    "hola", "gracias", "puede", "puedo", "mas", "muy",
];

/// The folded words of `s` (letters and digits), in order.
fn words(s: &str) -> Vec<String> {
    fold(s)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The words of `s` that mean something for matching.
fn keywords(s: &str) -> Vec<String> {
    let mut out: Vec<String> = words(s)
        .into_iter()
        .filter(|w| w.chars().count() >= 3 && !STOP_WORDS.contains(&w.as_str()))
        .collect();
    out.dedup();
    out
}

/// Two words match when equal, or when the shorter (four letters or more)
/// starts the longer: "price" and "prices", "horario" and "horarios".
fn same_word(a: &str, b: &str) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    short == long || (short.chars().count() >= 4 && long.starts_with(short))
}

/// How well `r` answers a question of `keys`: (title words matched, words
/// matched), or `None` if it does not answer it. At least half the
/// question's words must be found, and a title word or two words at least.
fn score(r: &CannedResponse, keys: &[String]) -> Option<(usize, usize)> {
    let mut title = keywords(&r.title);
    title.extend(r.shortcut.iter().flat_map(|s| keywords(s)));
    let text = keywords(&r.text);
    let (mut in_title, mut found) = (0, 0);
    for k in keys {
        if title.iter().any(|w| same_word(k, w)) {
            in_title += 1;
            found += 1;
        } else if text.iter().any(|w| same_word(k, w)) {
            found += 1;
        }
    }
    (found * 2 >= keys.len() && (in_title > 0 || found >= 2)).then_some((in_title, found))
}

/// The built-in FAQ bot (R-BOT-1): answers `question` with the predefined
/// response that matches it best; hands over when the client asks for a
/// person or nothing matches; asks for a question when there is none.
/// Texts of its own are in the client's language.
pub fn faq_answer(responses: &[CannedResponse], question: &str, lang: Lang) -> BotAnswer {
    let all = words(question);
    if all.iter().any(|w| PERSON_WORDS.contains(&w.as_str())) {
        return BotAnswer {
            replies: vec![lang.server_text(ServerMsg::BotHandover).into_owned()],
            action: BotAction::Handover,
        };
    }
    let keys = keywords(question);
    if keys.is_empty() {
        return BotAnswer {
            replies: vec![lang.server_text(ServerMsg::BotAsk).into_owned()],
            action: BotAction::Continue,
        };
    }
    // The best: most words in the title, then most words; ties keep the
    // list's order.
    let best = responses
        .iter()
        .filter_map(|r| score(r, &keys).map(|s| (s, r)))
        .fold(
            None::<((usize, usize), &CannedResponse)>,
            |best, (s, r)| match best {
                Some((b, _)) if b >= s => best,
                _ => Some((s, r)),
            },
        );
    match best {
        Some((_, r)) => BotAnswer {
            replies: vec![
                r.text.clone(),
                lang.server_text(ServerMsg::BotMore).into_owned(),
            ],
            action: BotAction::Continue,
        },
        None => BotAnswer {
            replies: vec![lang.server_text(ServerMsg::BotNotFound).into_owned()],
            action: BotAction::Handover,
        },
    }
}

#[cfg(test)]
mod tests;
