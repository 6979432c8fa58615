//! The wire protocol between clients (widget, console) and the worker.
//!
//! Every frame is one JSON object with a `type` field. A socket starts with the
//! client's [`ClientFrame::Hello`] (protocol version and the last sequence
//! number it holds) and the server's [`ServerFrame::Welcome`], followed by the
//! history the client lacks. Then:
//!
//! - A client sends [`ClientFrame::Send`] with its own message id. The server
//!   stores the message once, answers [`ServerFrame::Ack`] with its sequence
//!   number, and relays [`ServerFrame::Message`] to every socket of the
//!   conversation. Sending the same id again (after a reconnect) gets the same
//!   ack and stores nothing (R-D-1).
//! - A client that reconnects sends `Hello { after }` with the highest
//!   sequence number it has, receives what it missed, then resends every
//!   message that was never acknowledged.
//! - Typing: the visitor sends its draft, which operators see live (R-RT-1);
//!   operators see the draft, the visitor only that the operator is typing
//!   (R-RT-2).
//! - A malformed or refused frame gets [`ServerFrame::Error`]; the socket stays
//!   open (R-S-3).
//!
//! Operator consoles also hold an inbox socket that receives [`InboxFrame`]s.
//! HTTP bodies of the worker's API are the `*Request` / `*Response` types here.

use serde::{Deserialize, Serialize};

use crate::ids::{ChannelId, ClientMsgId, ConversationId, Seq, UserId, VisitorId};
use crate::time::Timestamp;

/// The protocol version this build speaks. A client with another gets
/// [`ErrorCode::UnsupportedVersion`].
pub const PROTOCOL_VERSION: u32 = 1;

/// Consoles send the text frame `ping` on their sockets this often; the
/// runtime answers `pong` without waking the object. A console that heard no
/// `pong` by its next `ping` drops the connection and reconnects.
pub const HEARTBEAT_MS: i64 = 25_000;

/// The server closes an inbox socket that sent no `ping` for this long (its
/// console is gone without closing it: a sleeping laptop, a lost network).
pub const STALE_MS: i64 = 70_000;

/// Largest frame a client may send, in bytes.
pub const MAX_FRAME_BYTES: usize = 32 * 1024;

/// Who wrote a message or is typing.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Side {
    /// The website's visitor.
    Visitor,
    /// An operator of the channel.
    Operator,
    /// The channel itself: greetings and auto-replies (R-AA).
    System,
}

/// A frame from a client (widget or console) to a conversation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum ClientFrame {
    /// First frame on a socket: the client's protocol version and the highest
    /// sequence number it already has (`0` for none).
    Hello {
        /// Must equal [`PROTOCOL_VERSION`].
        version: u32,
        /// Replay every message after this one.
        after: Seq,
    },
    /// A new message. `id` is chosen by the client and unique per conversation.
    Send {
        /// The client's id for this message (idempotency key).
        id: ClientMsgId,
        /// The text, 1 to [`crate::text::MAX_MESSAGE_CHARS`] characters;
        /// with a file, its caption, which may be empty.
        text: String,
        /// The id of a file this side uploaded to the conversation first
        /// (`PUT /api/files`, #21), which the message carries.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        file: Option<ClientMsgId>,
    },
    /// Operators only: a private note (#20), idempotent by `id` like
    /// [`ClientFrame::Send`]. Only operators and admins who may read the
    /// conversation see it; it never reaches the visitor, the bot, a
    /// connector or the history email, and changes nothing of where the
    /// conversation stands.
    Note {
        /// The client's id for this note (idempotency key).
        id: ClientMsgId,
        /// The text, 1 to [`crate::text::MAX_MESSAGE_CHARS`] characters.
        text: String,
    },
    /// What the client is typing. Empty means it stopped.
    Typing {
        /// The draft (visitor) or any non-empty text (operator).
        draft: String,
    },
    /// The client has seen every message up to `seq`.
    Read {
        /// Highest sequence number seen.
        seq: Seq,
    },
    /// Operator only: the conversation is over (R-QA-1: the visitor is asked
    /// to rate it).
    Close,
    /// The links to the conversation's files are about to expire (#21):
    /// every message that carries a file comes again as a
    /// [`ServerFrame::Message`] with a fresh link. A client that stays open
    /// sends it before [`ConversationView::links_ms`] has passed since the
    /// links it holds came.
    Relink,
    /// Visitor only: their rating of a closed conversation (R-QA-1).
    Rate {
        /// Like or dislike, and an optional comment.
        rating: Rating,
    },
    /// Visitor only: the page the widget is on, with the browser's
    /// language, time zone and user agent (issue #20), after `welcome` and
    /// when the page changes; never before the personal-data notice is
    /// accepted (R-C-1). Checked by [`crate::visit::Visit::cleaned`];
    /// operators see it, the visitor never does.
    Visit {
        /// The page's address (`http` or `https`).
        url: String,
        /// The page's title.
        #[serde(default)]
        title: String,
        /// The page the visitor came from.
        #[serde(default)]
        referrer: Option<String>,
        /// The browser's language (BCP 47).
        #[serde(default)]
        lang: Option<String>,
        /// The browser's time zone (IANA).
        #[serde(default)]
        time_zone: Option<String>,
        /// The browser's user agent.
        #[serde(default)]
        user_agent: Option<String>,
    },
}

/// Most characters in a rating's comment.
pub const MAX_COMMENT_CHARS: usize = 1000;

/// The visitor's verdict (R-QA-1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// Thumbs up.
    Like,
    /// Thumbs down.
    Dislike,
}

/// A rating of a conversation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rating {
    /// Like or dislike.
    pub verdict: Verdict,
    /// Up to [`MAX_COMMENT_CHARS`] characters.
    #[serde(default)]
    pub comment: Option<String>,
}

impl Rating {
    /// The rating with its comment trimmed (a blank one is none), or why it
    /// is refused.
    pub fn cleaned(&self) -> Result<Rating, String> {
        let comment = self
            .comment
            .as_deref()
            .map(str::trim)
            .filter(|c| !c.is_empty());
        if comment.is_some_and(|c| c.chars().count() > MAX_COMMENT_CHARS) {
            return Err(format!(
                "the comment is longer than {MAX_COMMENT_CHARS} characters"
            ));
        }
        Ok(Rating {
            verdict: self.verdict,
            comment: comment.map(str::to_owned),
        })
    }
}

/// A supervisor's rating of a conversation (R-QA-3), beside the client's.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SupervisorRating {
    /// Who rated: the head of the operator's department, or an admin.
    pub by: OperatorInfo,
    /// Like or dislike, and a comment.
    pub rating: Rating,
}

/// `POST /api/conversations/supervisor-rating`: a supervisor or an admin
/// rates a conversation (R-QA-3).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SupervisorRatingRequest {
    /// The conversation.
    pub conversation: ConversationId,
    /// The rating.
    pub rating: Rating,
}

/// A stored message, as clients receive it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Message {
    /// Its place in the conversation.
    pub seq: Seq,
    /// The id its author's client gave it.
    pub id: ClientMsgId,
    /// Who wrote it.
    pub side: Side,
    /// The author's display name.
    pub author: String,
    /// The text (render as text, never HTML).
    pub text: String,
    /// When the server stored it.
    pub at: Timestamp,
    /// A private note of the operators (#20): operators' sockets only.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub note: bool,
    /// What happened, for an event line of the channel's own (#20): the
    /// clients word it in their language; `text` is empty.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event: Option<ChatEvent>,
    /// The file it carries (#21); `text` is then its caption.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<FileRef>,
}

/// A file in a conversation (#21), stored once under the id its
/// uploader's client gave it. Its bytes are read through `url`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileRef {
    /// The uploader's id for it, unique per side of the conversation.
    pub id: ClientMsgId,
    /// Who uploaded it.
    pub side: Side,
    /// Its name, as cleaned by `files::clean_name`.
    pub name: String,
    /// Its size in bytes.
    pub size: u64,
    /// Its media type, read from its bytes (`files::sniff`).
    pub mime: String,
    /// A picture's width in pixels, when its header says it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub width: Option<u32>,
    /// A picture's height in pixels, when its header says it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub height: Option<u32>,
    /// A signed link that reads it, valid for a while from when the frame
    /// that carries it was sent (`token::FILE_LINK_MS`); set per delivery.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

impl FileRef {
    /// Its key within the conversation: `<side>/<id>`.
    pub fn key(&self) -> String {
        file_key(self.side, &self.id)
    }
}

/// The key within a conversation of the file `id` of `side`.
pub fn file_key(side: Side, id: &ClientMsgId) -> String {
    let side = match side {
        Side::Visitor => "visitor",
        Side::Operator => "operator",
        Side::System => "system",
    };
    format!("{side}/{}", id.as_str())
}

/// What an event line says happened (#20). Its message's `author` is who
/// it is about: for a transfer the new operator, as each side sees them
/// (R-A-1: empty when the channel hides operators); the channel otherwise.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChatEvent {
    /// Another operator answers now (R-Q-6).
    Transferred,
    /// The conversation was closed (R-QA-1, R-AA-5).
    Closed,
    /// The visitor wrote again after it was closed (R-AA-4).
    Reopened,
    /// The bot passed the client to the operators (R-BOT-1).
    HandedOver,
}

impl ChatEvent {
    /// Its name on the wire and in storage.
    pub fn as_str(self) -> &'static str {
        match self {
            ChatEvent::Transferred => "transferred",
            ChatEvent::Closed => "closed",
            ChatEvent::Reopened => "reopened",
            ChatEvent::HandedOver => "handed_over",
        }
    }

    /// The event named `s` (see [`ChatEvent::as_str`]).
    pub fn parse(s: &str) -> Option<ChatEvent> {
        [
            ChatEvent::Transferred,
            ChatEvent::Closed,
            ChatEvent::Reopened,
            ChatEvent::HandedOver,
        ]
        .into_iter()
        .find(|e| e.as_str() == s)
    }

    /// The line operators read (the console is in English).
    pub fn english(self, author: &str) -> String {
        match self {
            ChatEvent::Transferred if author.is_empty() => "Another operator answers now".into(),
            ChatEvent::Transferred => format!("{author} answers now"),
            ChatEvent::Closed => "The conversation was closed".into(),
            ChatEvent::Reopened => "The visitor wrote again: the conversation is open".into(),
            ChatEvent::HandedOver => "The bot passed the conversation to the operators".into(),
        }
    }
}

/// The id prefix of the channel's event lines (#20).
pub const EVENT_MESSAGE: &str = "event";

/// The id prefix of the messages a channel's bot writes (R-BOT-1).
pub const BOT_MESSAGE: &str = "bot";
/// The id prefix of the channel's automatic messages (R-AA).
pub const AUTO_MESSAGE: &str = "auto";

/// Which of the channel's own voices wrote a message: operators see "Bot"
/// or "Auto-reply" beside it, in their language.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChannelVoice {
    /// Its bot's replies (R-BOT-1).
    Bot,
    /// The automatic messages (R-AA-1…5).
    Auto,
}

impl Message {
    /// Who of the channel's own wrote this message: its bot (R-BOT-1) or the
    /// automatic messages (R-AA-1…5); `None` for a person's message.
    pub fn channel_voice(&self) -> Option<ChannelVoice> {
        if self.side != Side::System || self.event.is_some() {
            return None;
        }
        let bot = self
            .id
            .as_str()
            .strip_prefix(BOT_MESSAGE)
            .is_some_and(|rest| rest.starts_with('-'));
        Some(if bot {
            ChannelVoice::Bot
        } else {
            ChannelVoice::Auto
        })
    }
}

/// An operator as shown to visitors and other operators.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OperatorInfo {
    /// Their user id.
    pub id: UserId,
    /// Display name.
    pub name: String,
}

/// A channel as shown to visitors and operators.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChannelInfo {
    /// Public id.
    pub id: ChannelId,
    /// Display name ("Open Channel 1" until renamed, R-CH-4).
    pub name: String,
}

/// Where a conversation stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Opened by the visitor; nobody wrote yet.
    New,
    /// The visitor wrote; no operator took it yet.
    Waiting,
    /// An operator took it.
    Active,
    /// The operator (or the timeout) closed it; a new visitor message opens
    /// it again.
    Closed,
}

/// The state of a conversation sent in [`ServerFrame::Welcome`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConversationView {
    /// The conversation.
    pub id: ConversationId,
    /// Its channel.
    pub channel: ChannelInfo,
    /// The visitor's display name.
    pub visitor_name: String,
    /// Where it stands.
    pub status: Status,
    /// Who answers, if anyone took it.
    pub operator: Option<OperatorInfo>,
    /// The last message's sequence number.
    pub last_seq: Seq,
    /// The highest sequence number the visitor has seen.
    pub visitor_read: Seq,
    /// The highest sequence number an operator has seen.
    pub operator_read: Seq,
    /// The visitor's current draft (operators only, R-RT-1).
    pub visitor_draft: Option<String>,
    /// The visitor may rate it now (closed, within the wait).
    #[serde(default)]
    pub rating_open: bool,
    /// The visitor's rating, if any.
    #[serde(default)]
    pub rating: Option<Rating>,
    /// What the visitor sees of who answers (R-A-1), on visitor sockets
    /// only; `None` when nobody answers or the channel hides operators.
    #[serde(default)]
    pub card: Option<OperatorCard>,
    /// The email the visitor left in the offline form (R-WH-3), for
    /// operators only.
    #[serde(default)]
    pub contact: Option<String>,
    /// The personal-data notice must be accepted before the visitor writes
    /// (R-C-1), and has not been yet.
    #[serde(default)]
    pub consent_needed: bool,
    /// The supervisor's rating (R-QA-3), for operators only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub supervisor_rating: Option<SupervisorRating>,
    /// The socket is a supervisor's, who reads without answering (R-KPI-3).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub reading: bool,
    /// Who the visitor is and where (issue #20), for operators only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub visitor: Option<VisitorContext>,
    /// Operators see what the visitor types (R-RT-1); off, only that they
    /// type, and the widget sends no text (the channel's "real-time
    /// typing", #20).
    #[serde(default = "yes")]
    pub live_typing: bool,
    /// How long the links to files in this socket's frames work, in
    /// milliseconds (`token::FILE_LINK_MS`; 0 from older servers): the
    /// client asks for fresh ones ([`ClientFrame::Relink`]) before then.
    #[serde(default)]
    pub links_ms: u64,
}

fn yes() -> bool {
    true
}

/// A frame from the server to a conversation socket.
// Frames live for one send; boxing the view would only add an allocation.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ServerFrame {
    /// Answer to `Hello`; the history after `Hello.after` follows as `Message`s.
    Welcome {
        /// The server's protocol version.
        version: u32,
        /// Which side this socket speaks for.
        you: Side,
        /// The conversation now.
        conversation: ConversationView,
    },
    /// A stored message: live, or replayed after `Welcome`.
    Message {
        /// The message.
        message: Message,
    },
    /// The sender's message `id` is stored as `seq`.
    Ack {
        /// The client's message id.
        id: ClientMsgId,
        /// Its sequence number.
        seq: Seq,
        /// When it was stored.
        at: Timestamp,
    },
    /// The other side's typing state.
    Typing {
        /// Who types.
        side: Side,
        /// Whether they are typing now.
        active: bool,
        /// The visitor's draft, for operators only (R-RT-1).
        draft: Option<String>,
    },
    /// A side has seen the conversation up to `seq` (delivery state "seen").
    Read {
        /// Who read.
        side: Side,
        /// Up to which message.
        seq: Seq,
    },
    /// An operator took the conversation (or it was released: `None`).
    Assigned {
        /// Who answers now (operator sockets only; `None` on visitor ones).
        operator: Option<OperatorInfo>,
        /// What the visitor sees of them (visitor sockets only, R-A-1).
        #[serde(default)]
        card: Option<OperatorCard>,
    },
    /// The conversation was closed or opened again.
    Status {
        /// Where it stands now.
        status: Status,
        /// The visitor may rate it now.
        rating_open: bool,
    },
    /// The visitor rated the conversation.
    Rated {
        /// The rating.
        rating: Rating,
    },
    /// What became of a reply taken to the client by a connector (R-CH-9),
    /// for the operators.
    Receipt {
        /// The reply.
        seq: Seq,
        /// Delivered, or why not.
        delivery: Delivery,
    },
    /// The visitor's page, browser, language or time zone changed (issue
    /// #20): operator sockets only.
    Visitor {
        /// Who the visitor is and where now.
        context: VisitorContext,
    },
    /// A frame was refused. The socket stays open.
    Error {
        /// Machine-readable reason.
        code: ErrorCode,
        /// What went wrong, for people.
        message: String,
        /// The message id concerned, if any.
        id: Option<ClientMsgId>,
        /// For [`ErrorCode::TooMany`]: milliseconds until the same frame
        /// will be let through. A client keeps a message refused so and
        /// sends it again then (R-S-3: nothing is dropped).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        retry_ms: Option<i64>,
    },
}

/// Machine-readable reasons in [`ServerFrame::Error`] and HTTP error bodies.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// Not valid JSON or not a known frame.
    BadFrame,
    /// The first frame was not `Hello`, or came twice.
    BadHandshake,
    /// The client speaks another protocol version.
    UnsupportedVersion,
    /// A field failed validation (length, characters).
    Invalid,
    /// Over a size limit.
    TooLarge,
    /// Not allowed for this side or in this state.
    Forbidden,
    /// Missing, forged or expired credentials.
    Unauthorized,
    /// No such thing.
    NotFound,
    /// Someone else got there first (an offer accepted by another operator).
    Conflict,
    /// The visitor must accept the personal-data notice first (R-C-1).
    ConsentRequired,
    /// The channel is switched off: operators may not answer (R-CH-5).
    ChannelDisabled,
    /// Asked too often: try again later.
    TooMany,
    /// Something broke on the server.
    Internal,
    /// The conversation is closed (waiting for the rating, or ended):
    /// operators may not write in it until the visitor writes again (R-AA-4).
    Closed,
    /// The visitor already rated this session (R-QA-1, R-AA-4).
    AlreadyRated,
    /// A file of a type that may not be sent (#21).
    UnsupportedType,
}

/// The answer of a request that has nothing more to say than that it was
/// done.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Done {
    /// Always `true`.
    pub ok: bool,
}

impl Done {
    /// The answer.
    pub const OK: Done = Done { ok: true };
}

/// Body of every HTTP error answer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiError {
    /// Machine-readable reason.
    pub code: ErrorCode,
    /// What went wrong and what to do, for people.
    pub message: String,
    /// The refusal as the endpoint's own error type, where it has one (the
    /// bots' API: a [`BotError`](crate::bot::BotError)), for a client to say
    /// in the person's language.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<serde_json::Value>,
}

/// One line of an operator's conversation list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConversationSummary {
    /// The conversation.
    pub id: ConversationId,
    /// Its channel.
    pub channel: ChannelInfo,
    /// The visitor's display name.
    pub visitor_name: String,
    /// Where it stands.
    pub status: Status,
    /// Who answers, if anyone.
    pub operator: Option<OperatorInfo>,
    /// The last message's preview (one line).
    pub last_text: String,
    /// When the last message was stored.
    pub last_at: Timestamp,
    /// The last message's sequence number.
    pub last_seq: Seq,
    /// Visitor messages no operator has read yet.
    pub unread: u32,
    /// Grows with every change: an inbox keeps the summary with the highest,
    /// so updates that arrive out of order never roll it back.
    pub rev: u64,
    /// Operators it is offered to now (they see Accept and Skip).
    #[serde(default)]
    pub offered: Vec<UserId>,
    /// The visitor's rating, if any.
    #[serde(default)]
    pub rating: Option<Rating>,
    /// The email the visitor left in the offline form, if any (R-WH-3).
    #[serde(default)]
    pub contact: Option<String>,
    /// Its channel is switched off: nobody may answer (R-CH-5).
    #[serde(default)]
    pub paused: bool,
    /// The site's user, verified by the site's signed token.
    #[serde(default)]
    pub identity: Option<VerifiedIdentity>,
    /// Its operators' response times so far (R-KPI-4).
    #[serde(default)]
    pub response: ResponseStats,
    /// The supervisor's rating, if any (R-QA-3).
    #[serde(default)]
    pub supervisor_rating: Option<SupervisorRating>,
}

/// A frame from the server on an operator's inbox socket.
// Frames live for one send; boxing the summary would only add an allocation.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum InboxFrame {
    /// Every conversation of this operator, sent when the socket opens.
    Snapshot {
        /// Most recent first.
        conversations: Vec<ConversationSummary>,
    },
    /// A conversation was added or changed.
    Upsert {
        /// Its new summary.
        conversation: ConversationSummary,
    },
    /// A conversation left this inbox (offered to someone else, transferred).
    Removed {
        /// Which.
        id: ConversationId,
    },
    /// The operator's presence, as every console of theirs should show it.
    Presence {
        /// Online, away or offline.
        presence: Presence,
    },
    /// A notice for this person: a client waits too long (R-KPI-3). Sent
    /// live, and again when a console connects within a day.
    Notice {
        /// The notice.
        notice: OperatorNotice,
    },
}

/// A notice shown in a person's console (R-KPI-3).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OperatorNotice {
    /// Its id (the same notice delivered twice is shown once).
    pub id: String,
    /// What it says, `#OPERATOR#` and `#DIALOG#` filled in.
    pub text: String,
    /// The conversation it is about (the console links it).
    pub conversation: ConversationId,
    /// Its channel.
    pub channel: crate::ids::ChannelId,
    /// When the limit passed.
    pub at: Timestamp,
}

/// A frame from a console on its inbox socket.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum InboxClientFrame {
    /// The operator switched between online and away (R-Q-4).
    SetPresence {
        /// `online` or `away` (offline is what closing the console means).
        presence: Presence,
    },
}

/// What an operator or admin may do.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Answers conversations of the channels whose queue they are in.
    Operator,
    /// Configures everything, and may answer too.
    Admin,
}

/// A signed-in user, as the console sees them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserView {
    /// Their id.
    pub id: UserId,
    /// Login email.
    pub email: String,
    /// Display name.
    pub name: String,
    /// Admin or operator.
    pub role: Role,
}

/// `POST /api/login`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoginRequest {
    /// Login email.
    pub email: String,
    /// Password.
    pub password: String,
}

/// Answer to `POST /api/login`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoginResponse {
    /// Bearer token for the API and `?token=` for sockets.
    pub token: String,
    /// When the token expires.
    pub expires_at: Timestamp,
    /// Who signed in.
    pub user: UserView,
}

/// Answer to `GET /api/me`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeResponse {
    /// Who is signed in.
    pub user: UserView,
    /// The channels whose queue they are in (all channels for admins).
    pub channels: Vec<ChannelInfo>,
    /// The members of the departments they head: whose conversations they
    /// may rate as supervisor (R-QA-3; admins rate any).
    #[serde(default)]
    pub supervises: Vec<UserId>,
    /// The channels they read as supervisor without being in their queue
    /// (R-KPI-3): where the people they supervise work.
    #[serde(default)]
    pub supervised: Vec<ChannelInfo>,
}

/// `GET /api/conversations/access?conversation=`: the caller may open the
/// conversation's socket (a refusal is a 403 that says why, R-S-2).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConversationAccess {
    /// They read it as a supervisor, without answering (R-KPI-3).
    pub reading: bool,
}

/// `POST /api/visitor/session`: a visitor opens the widget for the first time.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VisitorSessionRequest {
    /// The channel of the widget's script tag.
    pub channel: ChannelId,
    /// The visitor's language (a BCP 47 tag such as `pt-BR`): the channel's
    /// automatic messages use it. Unknown or missing means the default.
    #[serde(default)]
    pub lang: Option<String>,
    /// The site's signed token for its logged-in user (a JWT, HS256, with
    /// the channel's identity secret), if any.
    #[serde(default)]
    pub identity: Option<String>,
    /// The origin of the page that embeds the widget, checked against the
    /// channel's allowed domains (R-W-6).
    #[serde(default)]
    pub host: Option<String>,
}

/// `POST /api/visitor/contact` (visitor token): the email left in the
/// offline form (R-WH-3), kept on the conversation for operators.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactRequest {
    /// Their conversation.
    pub conversation: ConversationId,
    /// The address (checked by [`crate::widget_settings::parse_email`]).
    pub email: String,
}

/// `POST /api/visitor/history` (visitor token): email me this
/// conversation (R-CH-7).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryRequest {
    /// Their conversation.
    pub conversation: ConversationId,
    /// Where to send it.
    pub email: String,
}

/// Answer to `POST /api/visitor/session`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VisitorSessionResponse {
    /// The visitor's new id.
    pub visitor: VisitorId,
    /// Signed visitor token, for `?token=` on the visitor socket.
    pub token: String,
    /// The conversation opened for them.
    pub conversation: ConversationId,
    /// The name operators see for them.
    pub visitor_name: String,
    /// The channel.
    pub channel: ChannelInfo,
    /// Who the site's token says the visitor is, when it was good.
    #[serde(default)]
    pub identity: Option<VerifiedIdentity>,
    /// Why the site's token was refused (the visitor stays anonymous).
    #[serde(default)]
    pub identity_error: Option<String>,
}

/// `POST /api/setup`: the first-run set-up of an empty deployment.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SetupRequest {
    /// The first admin.
    pub admin: NewUser,
    /// Operators to create.
    pub operators: Vec<NewUser>,
    /// Public id for the first channel ("Open Channel 1"), all operators in its queue.
    pub channel_id: ChannelId,
}

/// A user to create.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewUser {
    /// Login email.
    pub email: String,
    /// Display name.
    pub name: String,
    /// Password, at least 10 characters.
    pub password: String,
}

/// Answer to `POST /api/setup`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SetupResponse {
    /// The channel created.
    pub channel: ChannelInfo,
}

/// Parses one text frame from a client, with the error frame to send back
/// when it is refused (too large, not JSON, unknown type, invalid field).
#[allow(clippy::result_large_err)] // The error is the frame to send back; once per refused frame.
pub fn parse_client_frame(raw: &str) -> Result<ClientFrame, ServerFrame> {
    if raw.len() > MAX_FRAME_BYTES {
        return Err(error_frame(
            ErrorCode::TooLarge,
            format!(
                "the frame is {} bytes; the limit is {MAX_FRAME_BYTES}",
                raw.len()
            ),
            None,
        ));
    }
    serde_json::from_str(raw).map_err(|e| {
        error_frame(
            ErrorCode::BadFrame,
            format!("the frame was not understood: {e}"),
            None,
        )
    })
}

/// Builds an [`ServerFrame::Error`].
pub fn error_frame(
    code: ErrorCode,
    message: impl Into<String>,
    id: Option<ClientMsgId>,
) -> ServerFrame {
    ServerFrame::Error {
        code,
        message: message.into(),
        id,
        retry_ms: None,
    }
}

// What other modules give meaning to (their rules stay there), kept here so
// that `protocol` imports nothing of `shared` but ids and time (#23).

/// What a visitor sees of one operator (R-A-1): their profile or the
/// channel's entry for them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OperatorCard {
    /// Display name.
    pub name: String,
    /// Position ("Support"), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub position: Option<String>,
    /// An https address of a picture, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub avatar: Option<String>,
}

/// A page the visitor saw.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PageView {
    /// Its address.
    pub url: String,
    /// Its title (may be empty).
    pub title: String,
    /// When the conversation heard of it.
    pub at: Timestamp,
}

/// What operators see of the visitor (issue #20), never the visitor.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VisitorContext {
    /// The page they are on now.
    pub page: PageView,
    /// The page of another site they came from, if the browser told.
    #[serde(default)]
    pub referrer: Option<String>,
    /// Their browser's language.
    #[serde(default)]
    pub lang: Option<String>,
    /// Their time zone (IANA).
    #[serde(default)]
    pub time_zone: Option<String>,
    /// Their browser's user agent ([`crate::visit::describe_agent`] makes it short).
    #[serde(default)]
    pub user_agent: Option<String>,
    /// The pages of this visit, newest first (the current one included),
    /// at most [`crate::visit::TRAIL_LEN`].
    #[serde(default)]
    pub trail: Vec<PageView>,
}

/// What the answer to a delivery call means.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum Delivery {
    /// The client's side has it.
    Delivered,
    /// Try again later (the other side was busy or down).
    Retry {
        /// What went wrong.
        reason: String,
    },
    /// It will never be delivered (the client blocked the bot, a bad URL).
    Failed {
        /// Why, for the operator.
        reason: String,
    },
}

/// A site's user, as its verified token says.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VerifiedIdentity {
    /// Their id on the site.
    pub id: String,
    /// Their name, if given.
    #[serde(default)]
    pub name: Option<String>,
    /// Their email, if given.
    #[serde(default)]
    pub email: Option<String>,
}

/// What was measured of each reply (R-KPI-4), kept per conversation and
/// updated as replies come: never recomputed from the messages.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResponseStats {
    /// The first response time of the newest session.
    #[serde(default)]
    pub first_ms: Option<i64>,
    /// The sum of every response time.
    #[serde(default)]
    pub total_ms: i64,
    /// How many replies were measured.
    #[serde(default)]
    pub count: u32,
    /// The longest response time.
    #[serde(default)]
    pub max_ms: i64,
    /// How many replies were late.
    #[serde(default)]
    pub late: u32,
}

/// An operator's presence, from their console's sockets (R-Q-4).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Presence {
    /// Connected and available.
    Online,
    /// Connected, not taking new conversations.
    Away,
    /// No console connected (after a short grace).
    Offline,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames_are_tagged_json() {
        let f: ClientFrame =
            serde_json::from_str(r#"{"type":"send","id":"m1","text":"hi"}"#).unwrap();
        assert_eq!(
            f,
            ClientFrame::Send {
                id: ClientMsgId::parse("m1").unwrap(),
                text: "hi".into(),
                file: None,
            }
        );
        let hello: ClientFrame =
            serde_json::from_str(r#"{"type":"hello","version":1,"after":0}"#).unwrap();
        assert_eq!(
            hello,
            ClientFrame::Hello {
                version: 1,
                after: Seq(0)
            }
        );
        let ack = ServerFrame::Ack {
            id: ClientMsgId::parse("m1").unwrap(),
            seq: Seq(3),
            at: Timestamp(5),
        };
        assert_eq!(
            serde_json::to_string(&ack).unwrap(),
            r#"{"type":"ack","id":"m1","seq":3,"at":5}"#
        );
    }

    #[test]
    fn unknown_or_malformed_frames_are_refused() {
        // R-S-3
        for bad in [
            r#"{"type":"nope"}"#,
            r#"{"type":"send","id":"m 1","text":"x"}"#,
            r#"{"type":"send","id":"m1","text":"x","extra":1}"#,
            r#"not json"#,
        ] {
            assert!(serde_json::from_str::<ClientFrame>(bad).is_err(), "{bad}");
            assert!(matches!(
                parse_client_frame(bad),
                Err(ServerFrame::Error {
                    code: ErrorCode::BadFrame,
                    ..
                })
            ));
        }
        let huge = format!(
            r#"{{"type":"typing","draft":"{}"}}"#,
            "x".repeat(MAX_FRAME_BYTES)
        );
        assert!(matches!(
            parse_client_frame(&huge),
            Err(ServerFrame::Error {
                code: ErrorCode::TooLarge,
                ..
            })
        ));
    }
}
