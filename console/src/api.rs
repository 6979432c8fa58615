//! The worker's HTTP API, through `fetch`.
//!
//! Bodies are the `*Request` / `*Response` types of [`canal_shared::protocol`]
//! and [`canal_shared::people`]; a 4xx or 5xx answer carries an [`ApiError`].
//!
//! A failure speaks the person's language (#22): the console says it from
//! its catalog by the answer's stable [`ErrorCode`], never from the server's
//! English words ([`crate::errors::refusal_text`]); those words are kept apart, in
//! [`Failure::said`], for the few forms that tell their fields apart by
//! them, and are shown as they are only to a person who reads English.

use canal_shared::i18n::{ConsoleMsg, Lang};
use canal_shared::ids::{ChannelId, ConversationId};
use canal_shared::people::{OfferAnswer, QueueMembers, TransferRequest};
use canal_shared::preferences::Preferences;
use canal_shared::protocol::{
    ApiError, ConversationAccess, LoginRequest, LoginResponse, MeResponse,
};
use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use crate::i18n::lang_now;

/// Why a call failed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Failure {
    /// The HTTP status, or `None` when the server could not be reached.
    pub status: Option<u16>,
    /// What to tell the person, in their language.
    pub message: String,
    /// The server's own words (English), or empty when it said none: for
    /// code that must tell one refusal from another, never to show.
    pub said: String,
    /// The refusal as the endpoint's own error type, where it has one
    /// ([`ApiError::detail`]).
    pub detail: Option<serde_json::Value>,
}

impl Failure {
    /// Whether the server refused the credentials (401): sign in again.
    pub fn is_unauthorized(&self) -> bool {
        self.status == Some(401)
    }

    pub(crate) fn network(e: JsValue) -> Self {
        // The browser's own words stay in the developer's console.
        web_sys::console::warn_1(&e);
        Failure::local(ConsoleMsg::ErrorsNetwork)
    }

    /// A failure of the console's own (nothing came from the server).
    pub(crate) fn local(msg: ConsoleMsg) -> Self {
        Failure {
            status: None,
            message: lang_now().console(msg, &[]),
            said: String::new(),
            detail: None,
        }
    }

    /// A request the console could not write as JSON.
    pub(crate) fn unwritten(e: &serde_json::Error) -> Self {
        web_sys::console::warn_1(&JsValue::from_str(&e.to_string()));
        Failure::local(ConsoleMsg::ErrorsUnwritten)
    }
}

/// The header that carries the session token, and its value.
pub(crate) fn authorization(token: &str) -> (&'static str, String) {
    ("Authorization", ["Bearer", token].join(" "))
}

/// `POST /api/login`.
pub async fn login(email: String, password: String) -> Result<LoginResponse, Failure> {
    let body = serde_json::to_string(&LoginRequest { email, password })
        .map_err(|e| Failure::unwritten(&e))?;
    let text = call("POST", "/api/login", None, Some(&body))
        .await
        .map_err(|f| match f.status {
            // At the door, a 401 means the credentials, not a session.
            Some(401) => Failure {
                message: lang_now().console(ConsoleMsg::LoginWrong, &[]),
                ..f
            },
            _ => f,
        })?;
    parse(&text)
}

/// `GET /api/me/preferences`: the signed-in person's console settings.
pub async fn preferences(token: &str) -> Result<Preferences, Failure> {
    let text = call("GET", "/api/me/preferences", Some(token), None).await?;
    parse(&text)
}

/// `POST /api/me/preferences`: keeps them; the answer is what was kept.
pub async fn save_preferences(token: &str, p: &Preferences) -> Result<Preferences, Failure> {
    let body = serde_json::to_string(p).map_err(|e| Failure::unwritten(&e))?;
    let text = call("POST", "/api/me/preferences", Some(token), Some(&body)).await?;
    parse(&text)
}

/// `GET /api/me`: who the token belongs to, and their channels.
pub async fn me(token: &str) -> Result<MeResponse, Failure> {
    let text = call("GET", "/api/me", Some(token), None).await?;
    parse(&text)
}

/// `GET /api/conversations/access?conversation=`: whether the signed-in
/// person may open the conversation (and as a reader, R-KPI-3); a 403 or 404
/// says why not — what a refused socket cannot tell.
pub async fn access(token: &str, id: &ConversationId) -> Result<ConversationAccess, Failure> {
    let id = String::from(js_sys::encode_uri_component(id.as_str()));
    let path = format!("/api/conversations/access?conversation={id}");
    let text = call("GET", &path, Some(token), None).await?;
    parse(&text)
}

/// `POST /api/logout`: revokes the token.
pub async fn logout(token: &str) -> Result<(), Failure> {
    call("POST", "/api/logout", Some(token), None)
        .await
        .map(drop)
}

/// `POST /api/conversations/accept`: takes a conversation offered to the
/// signed-in operator. A 409 says another operator was faster, or the offer
/// is gone (a 400 may say so too).
pub async fn accept(token: &str, answer: &OfferAnswer) -> Result<(), Failure> {
    post(token, "/api/conversations/accept", answer).await
}

/// `POST /api/conversations/decline`: skips an offer, which goes to the next
/// operator.
pub async fn decline(token: &str, answer: &OfferAnswer) -> Result<(), Failure> {
    post(token, "/api/conversations/decline", answer).await
}

/// `POST /api/conversations/transfer`: gives a conversation to another
/// operator, or back to the queue (`to: None`). Only its operator or an admin
/// may; a 403 or 409 says why not.
pub async fn transfer(token: &str, request: &TransferRequest) -> Result<(), Failure> {
    post(token, "/api/conversations/transfer", request).await
}

/// `GET /api/queue/members?channel=`: the operators of `channel`'s queue, in
/// order, with their presence and load (the transfer menu).
pub async fn queue_members(token: &str, channel: &ChannelId) -> Result<QueueMembers, Failure> {
    let channel = String::from(js_sys::encode_uri_component(channel.as_str()));
    let path = format!("/api/queue/members?channel={channel}");
    let text = call("GET", &path, Some(token), None).await?;
    parse(&text)
}

/// Posts `body` as JSON with the session token; the answer's body is not
/// needed (`{"ok":true}`).
async fn post(token: &str, path: &str, body: &impl Serialize) -> Result<(), Failure> {
    let body = serde_json::to_string(body).map_err(|e| Failure::unwritten(&e))?;
    call("POST", path, Some(token), Some(&body)).await.map(drop)
}

pub(crate) fn parse<T: DeserializeOwned>(text: &str) -> Result<T, Failure> {
    serde_json::from_str(text).map_err(|e| {
        web_sys::console::warn_1(&JsValue::from_str(&e.to_string()));
        Failure::local(ConsoleMsg::ErrorsNotUnderstood)
    })
}

/// Sends one request; the body of a 2xx answer, or the failure.
pub(crate) async fn call(
    method: &str,
    path: &str,
    token: Option<&str>,
    body: Option<&str>,
) -> Result<String, Failure> {
    let window = web_sys::window().ok_or_else(|| Failure::local(ConsoleMsg::ErrorsNetwork))?;
    let headers = web_sys::Headers::new().map_err(Failure::network)?;
    headers
        .set("Accept", "application/json")
        .map_err(Failure::network)?;
    if let Some(token) = token {
        let (header, value) = authorization(token);
        headers.set(header, &value).map_err(Failure::network)?;
    }
    let init = web_sys::RequestInit::new();
    init.set_method(method);
    if let Some(body) = body {
        headers
            .set("Content-Type", "application/json")
            .map_err(Failure::network)?;
        init.set_body(&JsValue::from_str(body));
    }
    init.set_headers(&headers);
    let request = web_sys::Request::new_with_str_and_init(path, &init).map_err(Failure::network)?;
    let response: web_sys::Response = JsFuture::from(window.fetch_with_request(&request))
        .await
        .map_err(Failure::network)?
        .unchecked_into();
    let text = match response.text() {
        Ok(p) => JsFuture::from(p)
            .await
            .ok()
            .and_then(|v| v.as_string())
            .unwrap_or_default(),
        Err(_) => String::new(),
    };
    if response.ok() {
        return Ok(text);
    }
    Err(refusal(lang_now(), response.status(), &text))
}

/// The failure a non-2xx answer with body `text` says, in `lang`.
pub(crate) fn refusal(lang: Lang, status: u16, text: &str) -> Failure {
    let (code, said, detail) = match serde_json::from_str::<ApiError>(text) {
        Ok(e) => (Some(e.code), e.message, e.detail),
        Err(_) => (None, String::new(), None),
    };
    Failure {
        status: Some(status),
        message: crate::errors::refusal_text(lang, status, code, &said),
        said,
        detail,
    }
}
