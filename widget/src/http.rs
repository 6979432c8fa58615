//! JSON over HTTP to the worker, from the frame (same origin).

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{RequestInit, Response};

use crate::env::window;

/// An answer: its status and body.
pub struct Answer {
    /// The HTTP status.
    pub status: u16,
    /// The body, as text.
    pub body: String,
}

impl Answer {
    /// A 2xx status.
    pub fn ok(&self) -> bool {
        (200..300).contains(&self.status)
    }
}

/// `GET` (no body) or `POST` (a JSON body) to `path`, with the visitor's
/// token if given. `Err` when the network or the browser failed.
pub async fn call(path: &str, body: Option<&str>, token: Option<&str>) -> Result<Answer, JsValue> {
    let headers = js_sys::Object::new();
    let set = |k: &str, v: &str| js_sys::Reflect::set(&headers, &k.into(), &v.into());
    let init = RequestInit::new();
    if let Some(body) = body {
        set("content-type", "application/json")?;
        init.set_method("POST");
        init.set_body(&JsValue::from_str(body));
    }
    if let Some(token) = token {
        set("authorization", &format!("Bearer {token}"))?;
    }
    init.set_headers(&headers);
    let res: Response = JsFuture::from(window().fetch_with_str_and_init(path, &init))
        .await?
        .unchecked_into();
    let body = JsFuture::from(res.text()?)
        .await?
        .as_string()
        .unwrap_or_default();
    Ok(Answer {
        status: res.status(),
        body,
    })
}
