//! The benchmark's routes, only with `CANAL_BENCH=1` (404 otherwise):
//! records for its 100,000-conversation list, and the echo room its
//! message latency is compared with.

use canal_shared::ledger::ConversationRecord;
use worker::{Env, FixedLengthStream, Request, Response};

use crate::failure::{ApiResult, Failure};
use crate::internal::{call, json};
use crate::routes::common::{channel_param, forward_socket, query};

/// `POST /api/bench/ledger?channel=` (only with `CANAL_BENCH=1`): records
/// for the benchmark's 100,000-conversation list.
pub(crate) async fn ledger(req: &mut Request, env: &Env) -> ApiResult<Response> {
    let channel = channel_param(req)?;
    let records: Vec<ConversationRecord> = req
        .json()
        .await
        .map_err(|e| Failure::bad_request(format!("invalid records: {e}")))?;
    let answer: serde_json::Value =
        call(env, "LEDGER", channel.as_str(), "/records", &records).await?;
    json(&answer)
}

/// `PUT /api/bench/r2?key=` (only with `CANAL_BENCH=1`): the upload
/// benchmark's baseline, its body streamed into the files' bucket as it
/// comes, nothing else.
pub(crate) async fn r2(req: &mut Request, env: &Env) -> ApiResult<Response> {
    let key = query(req, "key")?.unwrap_or_else(|| "file".into());
    let size: u64 = req
        .headers()
        .get("content-length")?
        .and_then(|v| v.parse().ok())
        .ok_or_else(|| Failure::bad_request("a length (Content-Length) is needed"))?;
    crate::files::bucket(env)?
        .put(
            format!("bench/{key}"),
            FixedLengthStream::wrap(req.stream()?, size),
        )
        .execute()
        .await
        .map_err(|e| Failure::bad_request(format!("not stored: {e}")))?;
    Ok(Response::empty()?.with_status(201))
}

/// `GET /ws/echo?room=` (only with `CANAL_BENCH=1`): the benchmark's
/// baseline room.
pub(crate) async fn echo(req: &Request, env: &Env) -> ApiResult<Response> {
    let room = query(req, "room")?.unwrap_or_else(|| "echo".into());
    forward_socket(env, "ECHO", &room, &(), None).await
}
