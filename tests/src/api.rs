//! HTTP calls to the worker's API, returning status and JSON body.

use canal_shared::protocol::{LoginRequest, LoginResponse};
use serde::Serialize;
use serde_json::Value;

use crate::worker::Worker;

/// Status code and JSON body (`Null` when the body is not JSON).
pub fn post(w: &Worker, path: &str, bearer: Option<&str>, body: &impl Serialize) -> (u16, Value) {
    let mut req = ureq::post(&w.url(path));
    if let Some(t) = bearer {
        req = req.set("authorization", &format!("Bearer {t}"));
    }
    answer(req.send_json(body))
}

/// A POST with a raw body.
pub fn post_raw(w: &Worker, path: &str, body: &str) -> (u16, Value) {
    answer(
        ureq::post(&w.url(path))
            .set("content-type", "application/json")
            .send_string(body),
    )
}

/// A PUT of raw bytes (an upload).
pub fn put_bytes(w: &Worker, path: &str, bearer: Option<&str>, body: &[u8]) -> (u16, Value) {
    let mut req = ureq::put(&w.url(path));
    if let Some(t) = bearer {
        req = req.set("authorization", &format!("Bearer {t}"));
    }
    answer(req.send_bytes(body))
}

/// A GET.
pub fn get(w: &Worker, path: &str, bearer: Option<&str>) -> (u16, Value) {
    let mut req = ureq::get(&w.url(path));
    if let Some(t) = bearer {
        req = req.set("authorization", &format!("Bearer {t}"));
    }
    answer(req.call())
}

/// A GET whose answer is text: its status, content type and body.
pub fn get_text(w: &Worker, path: &str, bearer: Option<&str>) -> (u16, String, String) {
    let mut req = ureq::get(&w.url(path));
    if let Some(t) = bearer {
        req = req.set("authorization", &format!("Bearer {t}"));
    }
    match req.call() {
        Ok(res) | Err(ureq::Error::Status(_, res)) => {
            let status = res.status();
            let kind = res.content_type().to_owned();
            (status, kind, res.into_string().unwrap_or_default())
        }
        Err(e) => panic!("request failed: {e}"),
    }
}

fn answer(r: Result<ureq::Response, ureq::Error>) -> (u16, Value) {
    match r {
        Ok(res) | Err(ureq::Error::Status(_, res)) => {
            let status = res.status();
            (status, res.into_json().unwrap_or(Value::Null))
        }
        Err(e) => panic!("request failed: {e}"),
    }
}

/// Signs in and returns the session.
pub fn login(w: &Worker, email: &str, password: &str) -> LoginResponse {
    let (status, body) = post(
        w,
        "/api/login",
        None,
        &LoginRequest {
            email: email.into(),
            password: password.into(),
        },
    );
    assert_eq!(status, 200, "login of {email}: {body}");
    serde_json::from_value(body).expect("login answer")
}

/// Opens a visitor session on `channel`.
pub fn visitor(w: &Worker, channel: &str) -> canal_shared::protocol::VisitorSessionResponse {
    let (status, body) = post(
        w,
        "/api/visitor/session",
        None,
        &serde_json::json!({ "channel": channel }),
    );
    assert_eq!(status, 200, "visitor session: {body}");
    serde_json::from_value(body).expect("visitor session answer")
}
