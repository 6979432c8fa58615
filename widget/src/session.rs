//! The visitor's session: kept in `localStorage`, created once per channel
//! with `POST /api/visitor/session`.

use canal_shared::client::Pending;
use canal_shared::consent::ConsentKey;
use canal_shared::i18n::{Arg, Msg};
use canal_shared::ids::{ChannelId, ConversationId};
use canal_shared::protocol::{VisitorSessionRequest, VisitorSessionResponse};
use serde::Serialize;
use web_sys::Storage;

use crate::env::window;
use crate::i18n::{self, t, tf};
use crate::json::Json;
use crate::{http, wire};

/// What survives a reload, under `canal:v1:<channel>` (written with serde,
/// read with [`StoredSession::decode`]).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct StoredSession {
    /// Signed visitor token for the socket's `?token=`.
    pub token: String,
    /// The visitor's conversation.
    pub conversation: ConversationId,
    /// The name operators see.
    pub visitor_name: String,
    /// The channel's display name, shown before the socket says `Welcome`.
    pub channel_name: String,
    /// Messages written and not acknowledged yet, resent on the next socket.
    pub outbox: Vec<Pending>,
    /// The personal-data notice this visitor accepted (R-C-1), if any.
    pub consent: Option<ConsentKey>,
}

impl StoredSession {
    /// Reads a saved session; `None` if it is not one. Unreadable outbox
    /// entries are dropped.
    pub fn decode(raw: &str) -> Option<Self> {
        let j = Json::parse(raw)?;
        Some(StoredSession {
            token: j.string("token")?,
            conversation: ConversationId::parse(j.get("conversation")?.str()?).ok()?,
            visitor_name: j.string("visitor_name")?,
            channel_name: j.string("channel_name")?,
            outbox: match j.get("outbox") {
                None => Vec::new(),
                Some(a) => a.arr()?.iter().filter_map(wire::pending).collect(),
            },
            consent: j.get("consent").and_then(crate::gate::key),
        })
    }

    fn from_response(r: VisitorSessionResponse) -> Self {
        StoredSession {
            token: r.token,
            conversation: r.conversation,
            visitor_name: r.visitor_name,
            channel_name: r.channel.name,
            outbox: Vec::new(),
            consent: None,
        }
    }
}

fn key(channel: &ChannelId) -> String {
    format!("canal:v1:{channel}")
}

/// `localStorage`, when the browser lets this frame use it (it may not, e.g.
/// when third-party storage is blocked); the widget then works for the
/// lifetime of the page only.
fn storage() -> Option<Storage> {
    window().local_storage().ok().flatten()
}

/// The saved session of `channel`, if any and readable.
pub fn load(channel: &ChannelId) -> Option<StoredSession> {
    let raw = storage()?.get_item(&key(channel)).ok()??;
    StoredSession::decode(&raw)
}

/// Saves the session (best effort: a full or blocked storage is ignored).
pub fn save(channel: &ChannelId, s: &StoredSession) {
    if let (Some(st), Ok(raw)) = (storage(), serde_json::to_string(s)) {
        let _ = st.set_item(&key(channel), &raw);
    }
}

/// Forgets the saved session.
pub fn forget(channel: &ChannelId) {
    if let Some(st) = storage() {
        let _ = st.remove_item(&key(channel));
    }
}

/// Why a session could not be created.
#[derive(Clone, Debug)]
pub struct CreateError {
    /// For the visitor.
    pub message: String,
    /// Whether trying again later may work (network or server trouble, not
    /// a refusal such as an unknown channel).
    pub retry: bool,
}

/// `POST /api/visitor/session` for `channel`, in the visitor's language
/// (for the channel's automatic messages), from the page of origin `host`
/// (R-W-6), with an empty outbox.
pub async fn create(
    channel: &ChannelId,
    host: Option<String>,
) -> Result<StoredSession, CreateError> {
    let body = serde_json::to_string(&VisitorSessionRequest {
        channel: channel.clone(),
        lang: Some(i18n::lang().tag().to_owned()),
        identity: crate::env::identity_token(),
        host,
    })
    .unwrap_or_default();
    let answer = http::call("/api/visitor/session", Some(&body), None)
        .await
        .map_err(|_| CreateError {
            message: t(Msg::ErrorUnreachable).into_owned(),
            retry: true,
        })?;
    if answer.ok() {
        let response = wire::visitor_session(&answer.body);
        if let Some(e) = response.as_ref().and_then(|r| r.identity_error.as_ref()) {
            // For the site's developers: the chat goes on, anonymous.
            web_sys::console::warn_1(&format!("Canal: {e}").into());
        }
        return response
            .map(StoredSession::from_response)
            .ok_or_else(|| CreateError {
                message: t(Msg::ErrorBadAnswer).into_owned(),
                retry: false,
            });
    }
    let retry = answer.status >= 500 || answer.status == 429;
    Err(CreateError {
        message: refusal(&answer, retry),
        retry,
    })
}

/// What to tell the visitor about a refused call: the server's reason, or
/// the status (and that it is retried).
pub fn refusal(answer: &http::Answer, retry: bool) -> String {
    wire::api_error(&answer.body).map_or_else(
        || {
            let mut m = tf(
                Msg::ErrorFailed,
                &[("status", Arg::Num(answer.status.into()))],
            );
            if retry {
                m.push(' ');
                m.push_str(&t(Msg::ErrorRetrying));
            }
            m
        },
        |e| tf(Msg::ErrorRefused, &[("reason", Arg::Str(&e.message))]),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use canal_shared::ids::ClientMsgId;
    use canal_shared::time::Timestamp;

    #[test]
    fn saved_sessions_read_back() {
        let s = StoredSession {
            token: "tok".into(),
            conversation: ConversationId::parse("c_1").unwrap(),
            visitor_name: "Visitor 3".into(),
            channel_name: "Open \"Channel\" 1".into(),
            outbox: vec![Pending {
                id: ClientMsgId::parse("m_1").unwrap(),
                text: "hi\nthere".into(),
                written: Timestamp(1_764_000_000_000),
                note: false,
                file: None,
            }],
            consent: Some(ConsentKey {
                text: None,
                version: 2,
            }),
        };
        let raw = serde_json::to_string(&s).unwrap();
        assert!(
            raw.starts_with(r#"{"token":"tok","conversation":"c_1","#),
            "{raw}"
        );
        assert_eq!(StoredSession::decode(&raw), Some(s));
        let old = r#"{"token":"t","conversation":"c_1","visitor_name":"v","channel_name":"c"}"#;
        assert_eq!(StoredSession::decode(old).map(|s| s.outbox.len()), Some(0));
        assert_eq!(StoredSession::decode(r#"{"token":"t"}"#), None);
    }
}
