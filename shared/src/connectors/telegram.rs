//! A Telegram bot as a connector: the Bot API posts each update to Canal's
//! webhook with the secret token Canal gave it (header
//! `X-Telegram-Bot-Api-Secret-Token`); replies go out as `sendMessage`.
//! Only private chats are taken; each one is a client.

use serde::Deserialize;

use super::{
    clip, message_id, ClientIdentity, Connector, ConnectorError, ConnectorKind, Delivery, HttpCall,
    InboundMessage, InboundRequest, Outbound, OutboundMessage,
};
use crate::time::Timestamp;
use crate::token::constant_time_eq;

/// Telegram's Bot API.
pub const TELEGRAM_API: &str = "https://api.telegram.org";

/// The header Telegram sends the webhook's secret in.
pub const SECRET_HEADER: &str = "x-telegram-bot-api-secret-token";

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
    photo: Option<serde_json::Value>,
    document: Option<serde_json::Value>,
    sticker: Option<serde_json::Value>,
    voice: Option<serde_json::Value>,
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
        let text = m
            .text
            .as_deref()
            .or(m.caption.as_deref())
            .and_then(clip)
            .or_else(|| {
                let what = if m.photo.is_some() {
                    "a photo"
                } else if m.document.is_some() {
                    "a file"
                } else if m.sticker.is_some() {
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
            id: message_id("tg", &m.message_id.to_string())?,
            text,
        }])
    }

    fn deliver(&self, _now: Timestamp, message: &OutboundMessage) -> Outbound {
        Outbound::Call(self.call(
            "sendMessage",
            serde_json::json!({ "chat_id": message.client, "text": message.text }),
        ))
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
        let mut photo = update(serde_json::Value::Null);
        photo["message"]["photo"] = serde_json::json!([{"file_id": "x"}]);
        let got = b
            .receive(Timestamp(0), &request("s3cret-token", photo))
            .unwrap();
        assert!(got[0].text.contains("a photo"), "{got:?}");
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
}
