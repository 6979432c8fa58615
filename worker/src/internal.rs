//! Calls between the Worker and its Durable Objects: JSON over `fetch`.

use serde::de::DeserializeOwned;
use serde::Serialize;
use worker::{Env, Headers, Method, Request, RequestInit, Response, Stub};

use crate::failure::{ApiResult, Failure};

/// Largest JSON body the API reads, in bytes.
pub const MAX_BODY_BYTES: usize = 64 * 1024;

/// The header that carries who the Worker authenticated, to an object.
pub const AUTH_HEADER: &str = "x-canal-auth";

/// The header that tells an object its own name (a channel's id, say).
pub const NAME_HEADER: &str = "x-canal-name";

/// Serializes plain data (it cannot fail; an error is reported, not panicked).
pub fn to_json(value: &impl Serialize) -> worker::Result<String> {
    serde_json::to_string(value).map_err(|e| worker::Error::RustError(e.to_string()))
}

/// A 500 for a broken internal invariant (an invalid id in storage, say).
pub fn internal_error(e: impl std::fmt::Display) -> Failure {
    Failure::from(worker::Error::RustError(e.to_string()))
}

/// The object `name` of namespace `binding`.
fn stub(env: &Env, binding: &str, name: &str) -> ApiResult<Stub> {
    Ok(env.durable_object(binding)?.get_by_name(name)?)
}

/// POSTs `body` as JSON to `path` of object `name` in namespace `binding`
/// and reads its JSON answer.
pub async fn call<B: Serialize, R: DeserializeOwned>(
    env: &Env,
    binding: &str,
    name: &str,
    path: &str,
    body: &B,
) -> ApiResult<R> {
    let stub = stub(env, binding, name)?;
    let headers = Headers::new();
    headers.set("content-type", "application/json")?;
    headers.set(NAME_HEADER, name)?;
    let json = to_json(body)?;
    let mut init = RequestInit::new();
    init.with_method(Method::Post)
        .with_headers(headers)
        .with_body(Some(json.into()));
    let req = Request::new_with_init(&format!("https://canal.internal{path}"), &init)?;
    let mut res = stub.fetch_with_request(req).await?;
    if !(200..300).contains(&res.status_code()) {
        return Err(Failure::from_response(res).await);
    }
    Ok(res.json().await?)
}

/// Reads a bounded JSON body, with a clear error when it is too big or malformed.
pub async fn json_body<T: DeserializeOwned>(req: &mut Request) -> ApiResult<T> {
    let text = req.text().await?;
    if text.len() > MAX_BODY_BYTES {
        return Err(Failure::new(
            413,
            canal_shared::protocol::ErrorCode::TooLarge,
            format!(
                "the body is {} bytes; the limit is {MAX_BODY_BYTES}",
                text.len()
            ),
        ));
    }
    serde_json::from_str(&text).map_err(|e| Failure::bad_request(format!("invalid JSON body: {e}")))
}

/// A JSON answer.
pub fn json<T: Serialize>(value: &T) -> ApiResult<Response> {
    Ok(Response::from_json(value)?)
}

/// Turns a handler's result into a response (errors become JSON error answers).
pub fn respond(result: ApiResult<Response>) -> worker::Result<Response> {
    match result {
        Ok(r) => Ok(r),
        Err(f) => f.response(),
    }
}
