//! A generic webhook connector: any system posts a client's message as JSON
//! signed with the connector's secret, and receives the channel's replies the
//! same way.
//!
//! Signature: `X-Canal-Timestamp: <unix seconds>` and
//! `X-Canal-Signature: v1=<hex HMAC-SHA256(secret, "<timestamp>.<body>")>`.
//! A request more than [`TOLERANCE_S`] from now is refused, so an old
//! request cannot be replayed; within that window a replayed message has the
//! same message id, so it is acknowledged again and stored once.

use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;

use super::{
    clip, message_id, ClientIdentity, Connector, ConnectorError, ConnectorKind, Delivery, HttpCall,
    InboundMessage, InboundRequest, Outbound, OutboundMessage,
};
use crate::files::FileLink;
use crate::time::Timestamp;
use crate::token::constant_time_eq;

/// How far a signed timestamp may be from now, in seconds.
pub const TOLERANCE_S: i64 = 300;

/// The header with the signing time.
pub const TIMESTAMP_HEADER: &str = "x-canal-timestamp";

/// The header with the signature.
pub const SIGNATURE_HEADER: &str = "x-canal-signature";

/// A generic webhook connector.
#[derive(Clone, Debug)]
pub struct Webhook {
    /// Where replies are posted.
    pub url: String,
    /// The signing secret, both ways.
    pub secret: String,
}

/// What a system posts: one client message.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WebhookIn {
    /// Who wrote.
    pub client: WebhookClient,
    /// What they wrote.
    pub message: WebhookMessage,
}

/// The client, as the system knows them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WebhookClient {
    /// Their id in the system (1 to 64 characters).
    pub id: String,
    /// Their name.
    #[serde(default)]
    pub name: Option<String>,
    /// Their email.
    #[serde(default)]
    pub email: Option<String>,
}

/// A client's message.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WebhookMessage {
    /// Its id in the system: the idempotency key.
    pub id: String,
    /// Its text.
    pub text: String,
}

/// What Canal posts for each reply.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WebhookOut {
    /// The conversation.
    pub conversation: String,
    /// The client's id in the system.
    pub client: String,
    /// The reply.
    pub message: WebhookReply,
}

/// A reply, as posted.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WebhookReply {
    /// Its number in the conversation (the same on a retry).
    pub seq: u64,
    /// Its text.
    pub text: String,
    /// Who wrote it, as the client sees them.
    pub author: String,
    /// When, in milliseconds since 1970.
    pub at: i64,
    /// The file it carries (#21): its name, type, size and a signed link
    /// that reads it until `expires`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<FileLink>,
}

/// `v1=<hex>` for `body` signed at `timestamp` (seconds).
pub fn sign(secret: &str, timestamp: i64, body: &str) -> String {
    let mut mac =
        Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC takes any key length");
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(body.as_bytes());
    let hex: String = mac
        .finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    format!("v1={hex}")
}

/// Checks a request's timestamp and signature.
pub fn verify(
    secret: &str,
    now: Timestamp,
    request: &InboundRequest,
) -> Result<(), ConnectorError> {
    let timestamp: i64 = request
        .header(TIMESTAMP_HEADER)
        .and_then(|t| t.trim().parse().ok())
        .ok_or(ConnectorError::Unauthenticated)?;
    let given = request
        .header(SIGNATURE_HEADER)
        .ok_or(ConnectorError::Unauthenticated)?;
    let expected = sign(secret, timestamp, &request.body);
    if !constant_time_eq(given.trim().as_bytes(), expected.as_bytes()) {
        return Err(ConnectorError::Unauthenticated);
    }
    if (now.0 / 1000 - timestamp).abs() > TOLERANCE_S {
        return Err(ConnectorError::Stale(TOLERANCE_S));
    }
    Ok(())
}

impl Connector for Webhook {
    fn kind(&self) -> ConnectorKind {
        ConnectorKind::Webhook
    }

    fn receive(
        &self,
        now: Timestamp,
        request: &InboundRequest,
    ) -> Result<Vec<InboundMessage>, ConnectorError> {
        verify(&self.secret, now, request)?;
        let posted: WebhookIn = serde_json::from_str(&request.body).map_err(|e| {
            ConnectorError::BadBody(format!(
                "expected {{\"client\": {{\"id\": …}}, \"message\": {{\"id\": …, \"text\": …}}}}: {e}"
            ))
        })?;
        let id = posted.client.id.trim();
        if id.is_empty() || id.chars().count() > 64 || id.chars().any(char::is_control) {
            return Err(ConnectorError::BadBody(
                "client.id must be 1 to 64 characters".into(),
            ));
        }
        let text = clip(&posted.message.text)
            .ok_or_else(|| ConnectorError::BadBody("message.text is empty".into()))?;
        let name = posted
            .client
            .name
            .as_deref()
            .and_then(|n| crate::text::parse_name(n).ok());
        let email = posted
            .client
            .email
            .as_deref()
            .and_then(crate::widget_settings::parse_email);
        Ok(vec![InboundMessage {
            file: None,
            client: ClientIdentity {
                kind: ConnectorKind::Webhook,
                external_id: id.to_owned(),
                name,
                username: None,
                email,
            },
            id: message_id("wh", posted.message.id.trim())?,
            text,
        }])
    }

    fn deliver(&self, now: Timestamp, message: &OutboundMessage) -> Outbound {
        let body = serde_json::to_string(&WebhookOut {
            conversation: message.conversation.to_string(),
            client: message.client.clone(),
            message: WebhookReply {
                seq: message.seq.0,
                text: message.text.clone(),
                author: message.author.clone(),
                at: message.at.0,
                file: message.file.clone(),
            },
        })
        .unwrap_or_default();
        let timestamp = now.0 / 1000;
        Outbound::Call(HttpCall {
            method: "POST".into(),
            url: self.url.clone(),
            headers: vec![
                ("content-type".into(), "application/json".into()),
                (TIMESTAMP_HEADER.into(), timestamp.to_string()),
                (
                    SIGNATURE_HEADER.into(),
                    sign(&self.secret, timestamp, &body),
                ),
            ],
            body,
        })
    }

    fn receipt(&self, status: u16, _body: &str) -> Delivery {
        match status {
            200..=299 => Delivery::Delivered,
            408 | 425 | 429 | 500..=599 => Delivery::Retry {
                reason: format!("the webhook answered HTTP {status}"),
            },
            _ => Delivery::Failed {
                reason: format!("the webhook refused the reply with HTTP {status}"),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::ids::{ConversationId, Seq};

    const NOW: Timestamp = Timestamp(1_800_000_000_000);

    fn hook() -> Webhook {
        Webhook {
            url: "https://crm.example/canal".into(),
            secret: "whsec_test".into(),
        }
    }

    fn signed(secret: &str, timestamp: i64, body: &str) -> InboundRequest {
        InboundRequest {
            headers: BTreeMap::from([
                (TIMESTAMP_HEADER.to_owned(), timestamp.to_string()),
                (SIGNATURE_HEADER.to_owned(), sign(secret, timestamp, body)),
            ]),
            body: body.to_owned(),
        }
    }

    const BODY: &str = r#"{"client":{"id":"u-7","name":"Rita","email":"rita@example.com"},"message":{"id":"m-1","text":"Hello"}}"#;

    #[test]
    fn r_ch_9_a_signed_post_becomes_the_clients_message() {
        let got = hook()
            .receive(NOW, &signed("whsec_test", NOW.0 / 1000, BODY))
            .unwrap();
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].client.external_id, "u-7");
        assert_eq!(got[0].client.email.as_deref(), Some("rita@example.com"));
        assert_eq!(got[0].id.as_str(), "wh-m-1");
        assert_eq!(got[0].text, "Hello");
    }

    #[test]
    fn bad_old_and_tampered_signatures_are_refused() {
        let h = hook();
        let now_s = NOW.0 / 1000;
        assert_eq!(
            h.receive(NOW, &signed("other", now_s, BODY)),
            Err(ConnectorError::Unauthenticated)
        );
        let mut tampered = signed("whsec_test", now_s, BODY);
        tampered.body = tampered.body.replace("Hello", "Hellp");
        assert_eq!(
            h.receive(NOW, &tampered),
            Err(ConnectorError::Unauthenticated)
        );
        // An old request, replayed: refused even though its signature is good.
        assert_eq!(
            h.receive(NOW, &signed("whsec_test", now_s - TOLERANCE_S - 1, BODY)),
            Err(ConnectorError::Stale(TOLERANCE_S))
        );
        assert!(h
            .receive(NOW, &signed("whsec_test", now_s - TOLERANCE_S, BODY))
            .is_ok());
        let unsigned = InboundRequest {
            headers: BTreeMap::new(),
            body: BODY.into(),
        };
        assert_eq!(
            h.receive(NOW, &unsigned),
            Err(ConnectorError::Unauthenticated)
        );
    }

    #[test]
    fn malformed_bodies_say_what_is_expected() {
        let h = hook();
        let now_s = NOW.0 / 1000;
        for body in [
            "{}",
            r#"{"client":{"id":""},"message":{"id":"1","text":"x"}}"#,
            r#"{"client":{"id":"a"},"message":{"id":"1","text":"  "}}"#,
        ] {
            assert!(
                matches!(
                    h.receive(NOW, &signed("whsec_test", now_s, body)),
                    Err(ConnectorError::BadBody(_))
                ),
                "{body}"
            );
        }
    }

    #[test]
    fn replies_are_signed_posts_and_answers_become_receipts() {
        let h = hook();
        let out = OutboundMessage {
            conversation: ConversationId::parse("k_1").unwrap(),
            seq: Seq(4),
            client: "u-7".into(),
            text: "Hi Rita".into(),
            author: "Ana".into(),
            at: Timestamp(5),
            file: None,
        };
        let Outbound::Call(call) = h.deliver(NOW, &out) else {
            panic!("a call");
        };
        assert_eq!(call.url, "https://crm.example/canal");
        // The receiver checks it the way Canal checks what it receives.
        let back = InboundRequest {
            headers: call.headers.iter().cloned().collect(),
            body: call.body.clone(),
        };
        assert_eq!(verify("whsec_test", NOW, &back), Ok(()));
        let posted: WebhookOut = serde_json::from_str(&call.body).unwrap();
        assert_eq!(posted.message.seq, 4);
        assert_eq!(posted.message.text, "Hi Rita");
        assert_eq!(h.receipt(204, ""), Delivery::Delivered);
        assert!(matches!(h.receipt(503, ""), Delivery::Retry { .. }));
        assert!(matches!(h.receipt(410, ""), Delivery::Failed { .. }));
    }

    #[test]
    fn connectors_21_a_reply_with_a_file_posts_its_signed_link() {
        let h = hook();
        let link = FileLink {
            name: "orçamento.pdf".into(),
            mime: "application/pdf".into(),
            size: 1234,
            url: "https://chat.example/api/files/k_1/operator/f1?t=abc".into(),
            expires: Timestamp(3_600_000),
        };
        let out = OutboundMessage {
            conversation: ConversationId::parse("k_1").unwrap(),
            seq: Seq(5),
            client: "u-7".into(),
            text: String::new(),
            author: "Ana".into(),
            at: Timestamp(5),
            file: Some(link),
        };
        let Outbound::Call(call) = h.deliver(NOW, &out) else {
            panic!("a call");
        };
        let posted: serde_json::Value = serde_json::from_str(&call.body).unwrap();
        assert_eq!(
            posted["message"]["file"],
            serde_json::json!({"name": "orçamento.pdf", "type": "application/pdf", "size": 1234,
                "url": "https://chat.example/api/files/k_1/operator/f1?t=abc", "expires": 3_600_000})
        );
        // Without a file, the payload is as it always was.
        let plain = OutboundMessage { file: None, ..out };
        let Outbound::Call(call) = h.deliver(NOW, &plain) else {
            panic!("a call");
        };
        assert!(!call.body.contains("\"file\""), "{}", call.body);
    }
}
