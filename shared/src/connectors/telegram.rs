//! A Telegram bot as a connector: the Bot API posts each update to Canal's
//! webhook with the secret token Canal gave it (header
//! `X-Telegram-Bot-Api-Secret-Token`); replies go out as `sendMessage`.
//! Only private chats are taken; each one is a client.
//!
//! Files (#21): a client's photo or document comes as an [`InboundFile`]
//! the worker fetches through the Bot API (`getFile`, then the file's
//! download address on the same API, [`Telegram::get_file`],
//! [`parse_file`], [`Telegram::download_url`]); an operator's file goes out
//! by its signed link, which Telegram fetches: `sendPhoto` for a picture,
//! `sendDocument` for a PDF, and for what Telegram does not fetch by URL a
//! message with the file's name and link ([`Telegram::deliver`]).

use serde::Deserialize;

use super::{
    clip, message_id, ClientIdentity, Connector, ConnectorError, ConnectorKind, Delivery, HttpCall,
    InboundFile, InboundMessage, InboundRequest, Outbound, OutboundMessage,
};
use crate::files::{clean_name, shows_inline, size_text};
use crate::time::Timestamp;
use crate::token::constant_time_eq;

/// Telegram's Bot API.
pub const TELEGRAM_API: &str = "https://api.telegram.org";

/// The header Telegram sends the webhook's secret in.
pub const SECRET_HEADER: &str = "x-telegram-bot-api-secret-token";

/// The largest picture Telegram fetches by URL for `sendPhoto`: 5 MB.
pub const PHOTO_BY_URL_BYTES: u64 = 5 * 1024 * 1024;
/// The largest document Telegram fetches by URL for `sendDocument` (PDF
/// only): 20 MB.
pub const DOCUMENT_BY_URL_BYTES: u64 = 20 * 1024 * 1024;
/// The longest caption Telegram takes; a longer reply goes as a message
/// with the file's link.
pub const MAX_CAPTION_CHARS: usize = 1024;
/// The longest file path the Bot API's `getFile` may answer.
const MAX_FILE_PATH: usize = 256;

/// A Telegram bot connector.
#[derive(Clone, Debug)]
pub struct Telegram {
    /// The bot's token.
    pub bot_token: String,
    /// The Bot API's base URL.
    pub api_base: String,
    /// The secret Telegram sends with every update.
    pub secret: String,
}

impl Telegram {
    /// The call that points the bot's updates at `url` (`setWebhook`), with
    /// the secret Telegram must send back.
    pub fn set_webhook(&self, url: &str) -> HttpCall {
        self.call(
            "setWebhook",
            serde_json::json!({
                "url": url,
                "secret_token": self.secret,
                "allowed_updates": ["message"],
            }),
        )
    }

    /// The call that stops the updates (`deleteWebhook`).
    pub fn delete_webhook(&self) -> HttpCall {
        self.call("deleteWebhook", serde_json::json!({}))
    }

    /// The call that asks where a client's file is (`getFile`).
    pub fn get_file(&self, file_id: &str) -> HttpCall {
        self.call("getFile", serde_json::json!({ "file_id": file_id }))
    }

    /// Where the file at `path` (as [`parse_file`] read it) is downloaded:
    /// on the same Bot API, never an address an update names.
    pub fn download_url(&self, path: &str) -> String {
        format!("{}/file/bot{}/{path}", self.api_base, self.bot_token)
    }

    fn call(&self, method: &str, body: serde_json::Value) -> HttpCall {
        HttpCall {
            method: "POST".into(),
            url: format!("{}/bot{}/{method}", self.api_base, self.bot_token),
            headers: vec![("content-type".into(), "application/json".into())],
            body: body.to_string(),
        }
    }
}

/// What went wrong with a Bot API call (its `description`), or `None` when
/// it succeeded.
pub fn api_error(status: u16, body: &str) -> Option<String> {
    let answer: Option<Answer> = serde_json::from_str(body).ok();
    if (200..300).contains(&status) && answer.as_ref().is_some_and(|a| a.ok) {
        return None;
    }
    Some(
        answer
            .and_then(|a| a.description)
            .unwrap_or_else(|| format!("HTTP {status}")),
    )
}

/// Where `getFile` says a file is, and its size if it says: the path
/// checked (letters, digits, `_ . - /`, no `..`), so the download stays on
/// the Bot API.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TelegramFile {
    /// Its path under the bot's file address.
    pub path: String,
    /// Its size in bytes.
    pub size: Option<u64>,
}

/// Reads `getFile`'s answer.
pub fn parse_file(status: u16, body: &str) -> Result<TelegramFile, String> {
    #[derive(Deserialize)]
    struct FileAnswer {
        result: Option<FileResult>,
    }
    #[derive(Deserialize)]
    struct FileResult {
        file_path: Option<String>,
        file_size: Option<u64>,
    }
    if let Some(e) = api_error(status, body) {
        return Err(format!("Telegram did not give the file: {e}"));
    }
    let result = serde_json::from_str::<FileAnswer>(body)
        .ok()
        .and_then(|a| a.result)
        .ok_or("Telegram's answer to getFile has no file")?;
    let path = result
        .file_path
        .filter(|p| {
            !p.is_empty()
                && p.len() <= MAX_FILE_PATH
                && !p.starts_with('/')
                && !p
                    .split('/')
                    .any(|part| part.is_empty() || part == "." || part == "..")
                && p.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"_.-/".contains(&b))
        })
        .ok_or("Telegram gave no usable path for the file (too large for bots?)")?;
    Ok(TelegramFile {
        path,
        size: result.file_size,
    })
}

/// The token's public half (`123456:…`), safe to show.
pub fn public_token(token: &str) -> String {
    let id = token.split(':').next().unwrap_or_default();
    format!("{id}:…")
}

/// Checks a bot token as @BotFather gives it: `<digits>:<30+ of A-Z a-z 0-9 _ ->`.
pub fn parse_bot_token(token: &str) -> Result<String, ConnectorError> {
    let t = token.trim();
    let ok = t.split_once(':').is_some_and(|(id, secret)| {
        !id.is_empty()
            && id.len() <= 20
            && id.bytes().all(|b| b.is_ascii_digit())
            && (30..=100).contains(&secret.len())
            && secret
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
    });
    if ok {
        Ok(t.to_owned())
    } else {
        Err(ConnectorError::BadSetting(
            "the bot token is not one @BotFather gives (123456789:AA…); copy it again".into(),
        ))
    }
}

#[derive(Deserialize)]
struct Update {
    message: Option<Message>,
}

#[derive(Deserialize)]
struct Message {
    message_id: i64,
    chat: Chat,
    from: Option<User>,
    text: Option<String>,
    caption: Option<String>,
    photo: Option<Vec<TgFile>>,
    document: Option<TgFile>,
    sticker: Option<serde_json::Value>,
    voice: Option<serde_json::Value>,
}

/// A photo size or a document, as an update describes it.
#[derive(Deserialize)]
struct TgFile {
    file_id: String,
    file_name: Option<String>,
    file_size: Option<u64>,
}

#[derive(Deserialize)]
struct Chat {
    id: i64,
    #[serde(rename = "type")]
    kind: String,
}

#[derive(Deserialize)]
struct User {
    first_name: String,
    last_name: Option<String>,
    username: Option<String>,
}

#[derive(Deserialize)]
struct Answer {
    ok: bool,
    description: Option<String>,
}

impl Connector for Telegram {
    fn kind(&self) -> ConnectorKind {
        ConnectorKind::Telegram
    }

    fn receive(
        &self,
        _now: Timestamp,
        request: &InboundRequest,
    ) -> Result<Vec<InboundMessage>, ConnectorError> {
        let secret = request.header(SECRET_HEADER).unwrap_or_default();
        if !constant_time_eq(secret.as_bytes(), self.secret.as_bytes()) {
            return Err(ConnectorError::Unauthenticated);
        }
        let update: Update = serde_json::from_str(&request.body)
            .map_err(|e| ConnectorError::BadBody(format!("not a Telegram update: {e}")))?;
        let Some(m) = update.message.filter(|m| m.chat.kind == "private") else {
            // Edits, channel posts, groups: nothing for operators.
            return Ok(Vec::new());
        };
        let id = message_id("tg", &m.message_id.to_string())?;
        // #21: the largest size of a photo (Telegram lists them smallest
        // first), or the document, under the message's own id.
        let photo = m
            .photo
            .as_ref()
            .and_then(|sizes| sizes.last())
            .map(|p| (p, format!("photo-{}.jpg", m.message_id)));
        let document = m.document.as_ref().map(|d| {
            let name = d
                .file_name
                .as_deref()
                .and_then(|n| clean_name(n).ok())
                .unwrap_or_else(|| format!("file-{}", m.message_id));
            (d, name)
        });
        let file = photo
            .or(document)
            .filter(|(f, _)| !f.file_id.is_empty() && f.file_id.len() <= 256)
            .map(|(f, name)| InboundFile {
                id: id.clone(),
                source: f.file_id.clone(),
                name,
                size: f.file_size,
            });
        let text = m
            .text
            .as_deref()
            .or(m.caption.as_deref())
            .and_then(clip)
            .or_else(|| {
                if file.is_some() {
                    // A file without a caption.
                    return Some(String::new());
                }
                let what = if m.sticker.is_some() {
                    "a sticker"
                } else if m.voice.is_some() {
                    "a voice message"
                } else {
                    "a message"
                };
                Some(format!("[{what}, which Canal does not show yet]"))
            })
            .unwrap_or_default();
        let name = m.from.as_ref().map(|u| match &u.last_name {
            Some(last) => format!("{} {last}", u.first_name),
            None => u.first_name.clone(),
        });
        Ok(vec![InboundMessage {
            client: ClientIdentity {
                kind: ConnectorKind::Telegram,
                external_id: m.chat.id.to_string(),
                name,
                username: m.from.and_then(|u| u.username),
                email: None,
            },
            id,
            text,
            file,
        }])
    }

    /// A reply as `sendMessage`; with a file (#21), a picture Telegram may
    /// fetch by its link as `sendPhoto`, a PDF as `sendDocument` (the
    /// reply's text as the caption), anything else as a message with the
    /// file's name, size and link.
    fn deliver(&self, _now: Timestamp, message: &OutboundMessage) -> Outbound {
        let chat = &message.client;
        let mut body = serde_json::json!({ "chat_id": chat });
        let captioned = message.text.chars().count() <= MAX_CAPTION_CHARS;
        let method = match &message.file {
            Some(f) if captioned && shows_inline(&f.mime) && f.size <= PHOTO_BY_URL_BYTES => {
                body["photo"] = f.url.clone().into();
                "sendPhoto"
            }
            Some(f)
                if captioned && f.mime == "application/pdf" && f.size <= DOCUMENT_BY_URL_BYTES =>
            {
                body["document"] = f.url.clone().into();
                "sendDocument"
            }
            Some(f) => {
                let line = format!("{} ({}): {}", f.name, size_text(f.size), f.url);
                body["text"] = match message.text.is_empty() {
                    true => line,
                    false => format!("{}\n{line}", message.text),
                }
                .into();
                "sendMessage"
            }
            None => {
                body["text"] = message.text.clone().into();
                "sendMessage"
            }
        };
        if message.file.is_some() && method != "sendMessage" && !message.text.is_empty() {
            body["caption"] = message.text.clone().into();
        }
        Outbound::Call(self.call(method, body))
    }

    fn receipt(&self, status: u16, body: &str) -> Delivery {
        match api_error(status, body) {
            None => Delivery::Delivered,
            Some(reason) if status == 429 || status >= 500 => Delivery::Retry { reason },
            Some(reason) => Delivery::Failed {
                reason: format!("Telegram refused the message: {reason}"),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::ids::{ConversationId, Seq};

    fn bot() -> Telegram {
        Telegram {
            bot_token: "123456:ABCdefGhIJKlmnOPQRstuVWXyz0123456789".into(),
            api_base: "http://127.0.0.1:9".into(),
            secret: "s3cret-token".into(),
        }
    }

    fn request(secret: &str, body: serde_json::Value) -> InboundRequest {
        InboundRequest {
            headers: BTreeMap::from([(SECRET_HEADER.to_owned(), secret.to_owned())]),
            body: body.to_string(),
        }
    }

    fn update(text: serde_json::Value) -> serde_json::Value {
        serde_json::json!({
            "update_id": 9,
            "message": {
                "message_id": 77,
                "date": 0,
                "chat": {"id": 4242, "type": "private"},
                "from": {"id": 4242, "is_bot": false, "first_name": "Rita", "last_name": "Lee", "username": "rita"},
                "text": text,
            }
        })
    }

    #[test]
    fn r_ch_9_an_update_becomes_the_clients_message() {
        let got = bot()
            .receive(Timestamp(0), &request("s3cret-token", update("Oi!".into())))
            .unwrap();
        assert_eq!(
            got,
            vec![InboundMessage {
                client: ClientIdentity {
                    kind: ConnectorKind::Telegram,
                    external_id: "4242".into(),
                    name: Some("Rita Lee".into()),
                    username: Some("rita".into()),
                    email: None,
                },
                id: crate::ids::ClientMsgId::parse("tg-77").unwrap(),
                text: "Oi!".into(),
                file: None,
            }]
        );
    }

    #[test]
    fn updates_without_the_secret_are_refused() {
        for secret in ["", "s3cret-tokeN", "s3cret-token-longer"] {
            assert_eq!(
                bot().receive(Timestamp(0), &request(secret, update("hi".into()))),
                Err(ConnectorError::Unauthenticated)
            );
        }
        let no_header = InboundRequest {
            headers: BTreeMap::new(),
            body: update("hi".into()).to_string(),
        };
        assert_eq!(
            bot().receive(Timestamp(0), &no_header),
            Err(ConnectorError::Unauthenticated)
        );
    }

    #[test]
    fn groups_edits_and_media_are_handled() {
        let b = bot();
        let mut group = update("hi".into());
        group["message"]["chat"]["type"] = "group".into();
        assert_eq!(
            b.receive(Timestamp(0), &request("s3cret-token", group)),
            Ok(vec![])
        );
        let edit = serde_json::json!({"update_id": 1, "edited_message": {}});
        assert_eq!(
            b.receive(Timestamp(0), &request("s3cret-token", edit)),
            Ok(vec![])
        );
        let mut sticker = update(serde_json::Value::Null);
        sticker["message"]["sticker"] = serde_json::json!({"file_id": "x"});
        let got = b
            .receive(Timestamp(0), &request("s3cret-token", sticker))
            .unwrap();
        assert!(got[0].text.contains("a sticker"), "{got:?}");
        assert_eq!(got[0].file, None);
        assert!(matches!(
            b.receive(Timestamp(0), &request("s3cret-token", "nope".into())),
            Err(ConnectorError::BadBody(_))
        ));
    }

    #[test]
    fn replies_go_out_as_send_message_and_answers_become_receipts() {
        let b = bot();
        let out = OutboundMessage {
            conversation: ConversationId::parse("k_1").unwrap(),
            seq: Seq(3),
            client: "4242".into(),
            text: "Hello Rita".into(),
            author: "Ana".into(),
            at: Timestamp(0),
            file: None,
        };
        let Outbound::Call(call) = b.deliver(Timestamp(0), &out) else {
            panic!("a call");
        };
        assert_eq!(
            call.url,
            "http://127.0.0.1:9/bot123456:ABCdefGhIJKlmnOPQRstuVWXyz0123456789/sendMessage"
        );
        let body: serde_json::Value = serde_json::from_str(&call.body).unwrap();
        assert_eq!(
            body,
            serde_json::json!({"chat_id": "4242", "text": "Hello Rita"})
        );
        assert_eq!(
            b.receipt(200, r#"{"ok":true,"result":{}}"#),
            Delivery::Delivered
        );
        assert!(matches!(
            b.receipt(429, r#"{"ok":false,"description":"Too Many Requests"}"#),
            Delivery::Retry { .. }
        ));
        assert!(matches!(
            b.receipt(502, "bad gateway"),
            Delivery::Retry { .. }
        ));
        match b.receipt(
            403,
            r#"{"ok":false,"description":"Forbidden: bot was blocked by the user"}"#,
        ) {
            Delivery::Failed { reason } => assert!(reason.contains("blocked"), "{reason}"),
            other => panic!("{other:?}"),
        }
        assert_eq!(public_token(&b.bot_token), "123456:…");
    }

    #[test]
    fn the_webhook_is_set_with_the_secret() {
        let call = bot().set_webhook("https://canal.example/api/connectors/k1/telegram");
        assert!(call.url.ends_with("/setWebhook"));
        let body: serde_json::Value = serde_json::from_str(&call.body).unwrap();
        assert_eq!(body["secret_token"], "s3cret-token");
        assert_eq!(
            body["url"],
            "https://canal.example/api/connectors/k1/telegram"
        );
    }

    fn file_ref(name: &str, mime: &str, size: u64) -> crate::files::FileLink {
        crate::files::FileLink {
            name: name.into(),
            mime: mime.into(),
            size,
            url: format!("https://chat.example/api/files/k_1/operator/{name}?t=sig"),
            expires: Timestamp(1),
        }
    }

    #[test]
    fn connectors_21_a_photo_or_a_document_comes_as_a_file_to_fetch() {
        let b = bot();
        let mut photo = update(serde_json::Value::Null);
        photo["message"]["photo"] = serde_json::json!([
            {"file_id": "small", "file_unique_id": "s", "width": 90, "height": 60, "file_size": 900},
            {"file_id": "large", "file_unique_id": "l", "width": 1280, "height": 853, "file_size": 91000},
        ]);
        photo["message"]["caption"] = "Olha o erro".into();
        let got = b
            .receive(Timestamp(0), &request("s3cret-token", photo))
            .unwrap();
        assert_eq!(got[0].text, "Olha o erro");
        assert_eq!(
            got[0].file,
            Some(InboundFile {
                id: crate::ids::ClientMsgId::parse("tg-77").unwrap(),
                source: "large".into(),
                name: "photo-77.jpg".into(),
                size: Some(91000),
            })
        );
        // A document keeps its name when it is a clean one; no caption is
        // an empty text.
        let mut doc = update(serde_json::Value::Null);
        doc["message"]["document"] = serde_json::json!({"file_id": "D1", "file_name": "fatura.pdf", "mime_type": "text/html"});
        let got = b
            .receive(Timestamp(0), &request("s3cret-token", doc.clone()))
            .unwrap();
        assert_eq!(got[0].text, "");
        let file = got[0].file.clone().unwrap();
        assert_eq!(
            (file.source.as_str(), file.name.as_str(), file.size),
            ("D1", "fatura.pdf", None)
        );
        doc["message"]["document"]["file_name"] = "../../etc/passwd".into();
        let got = b
            .receive(Timestamp(0), &request("s3cret-token", doc))
            .unwrap();
        assert_eq!(got[0].file.as_ref().unwrap().name, "file-77");
    }

    #[test]
    fn connectors_21_the_file_is_fetched_from_the_bot_api_only() {
        let b = bot();
        let call = b.get_file("D1");
        assert!(call.url.ends_with("/getFile"), "{}", call.url);
        assert_eq!(call.body, r#"{"file_id":"D1"}"#);
        let ok = r#"{"ok":true,"result":{"file_id":"D1","file_size":47,"file_path":"documents/file_3.pdf"}}"#;
        let file = parse_file(200, ok).unwrap();
        assert_eq!(
            file,
            TelegramFile {
                path: "documents/file_3.pdf".into(),
                size: Some(47)
            }
        );
        assert_eq!(
            b.download_url(&file.path),
            "http://127.0.0.1:9/file/bot123456:ABCdefGhIJKlmnOPQRstuVWXyz0123456789/documents/file_3.pdf"
        );
        for path in [
            "../../x",
            "/etc/passwd",
            "a//b",
            "https://evil.example/x",
            "a?b",
            "",
        ] {
            let body = serde_json::json!({"ok": true, "result": {"file_path": path}}).to_string();
            assert!(parse_file(200, &body).is_err(), "{path}");
        }
        let no_path = r#"{"ok":true,"result":{"file_id":"D1"}}"#;
        assert!(parse_file(200, no_path).is_err());
        let refused = r#"{"ok":false,"description":"Bad Request: file is too big"}"#;
        assert!(parse_file(400, refused).unwrap_err().contains("too big"));
    }

    #[test]
    fn connectors_21_an_operators_file_goes_out_by_its_link() {
        let b = bot();
        let out = |text: &str, file| OutboundMessage {
            conversation: ConversationId::parse("k_1").unwrap(),
            seq: Seq(3),
            client: "4242".into(),
            text: text.into(),
            author: "Ana".into(),
            at: Timestamp(0),
            file: Some(file),
        };
        let sent = |m: OutboundMessage| {
            let Outbound::Call(call) = b.deliver(Timestamp(0), &m) else {
                panic!("a call");
            };
            let method = call.url.rsplit('/').next().unwrap().to_owned();
            (
                method,
                serde_json::from_str::<serde_json::Value>(&call.body).unwrap(),
            )
        };
        let png = file_ref("tela.png", "image/png", 2048);
        assert_eq!(
            sent(out("", png.clone())),
            (
                "sendPhoto".into(),
                serde_json::json!({"chat_id": "4242", "photo": png.url})
            )
        );
        let pdf = file_ref("fatura.pdf", "application/pdf", 2048);
        assert_eq!(
            sent(out("Segue", pdf.clone())),
            (
                "sendDocument".into(),
                serde_json::json!({"chat_id": "4242", "document": pdf.url, "caption": "Segue"})
            )
        );
        // Telegram fetches no other kind by URL, nor pictures over 5 MB:
        // the name and the link go as a message.
        let csv = file_ref("lista.csv", "text/csv", 10);
        let (method, body) = sent(out("Aqui", csv.clone()));
        assert_eq!(method, "sendMessage");
        assert_eq!(
            body["text"],
            format!("Aqui\nlista.csv (10 bytes): {}", csv.url)
        );
        let big = file_ref("big.png", "image/png", PHOTO_BY_URL_BYTES + 1);
        assert_eq!(sent(out("", big)).0, "sendMessage");
        let long = "x".repeat(MAX_CAPTION_CHARS + 1);
        assert_eq!(sent(out(&long, pdf)).0, "sendMessage");
    }

    #[test]
    fn connectors_21_a_file_not_taken_still_brings_the_message() {
        use crate::connectors::refused_file_text;
        assert_eq!(
            refused_file_text("", "the file is larger than the limit of 10 MB"),
            "[a file Canal could not take: the file is larger than the limit of 10 MB]"
        );
        assert_eq!(
            refused_file_text(" Olha ", "not allowed"),
            "Olha\n[a file Canal could not take: not allowed]"
        );
    }
}
