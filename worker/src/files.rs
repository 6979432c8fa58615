//! Files in conversations (#21): uploads into R2, signed links out of it.
//!
//! `PUT /api/files?conversation=&id=&name=` (the visitor's token or an
//! operator's session as `Authorization: Bearer`) stores a file under the
//! uploader's client id. The conversation's object decides first whether
//! the caller may write there now and whether the announced size is within
//! the account's limit (nothing is read before); then the first bytes say
//! what the file is (`canal_shared::files::sniff`), the rest streams into
//! R2 without being held whole, and the object records it. A resend of the
//! same id gets the file already stored, and nothing is stored twice.
//!
//! `GET /api/files/<conversation>/<side>/<id>?t=` serves it to whoever
//! holds a link the conversation's object signed for that file, for a
//! short while: with its own media type, `nosniff`, a download for anything
//! that is not a raster image, and a CSP that lets nothing run.

use canal_shared::conversation::Caller;
use canal_shared::files::{self, FileLimits, FileLink, FileType, Refusal, SNIFF_BYTES};
use canal_shared::ids::{ClientMsgId, ConversationId};
use canal_shared::protocol::{file_key, ErrorCode, FileRef, Side};
use canal_shared::token::{FileClaims, TokenError, VisitorClaims, FILE_LINK_MS};
use futures_util::StreamExt;
use serde::{Deserialize, Serialize};
use worker::{
    Bucket, ByteStream, Env, FixedLengthStream, Headers, HttpMetadata, Request, Response,
};

use crate::account::ACCOUNT;
use crate::crypto::now;
use crate::failure::{ApiResult, Failure};
use crate::internal::{call, json};
use crate::routes::common::{admin, bearer, conversation_param, query, session, signer};

/// The R2 binding that holds the files.
const BUCKET: &str = "FILES";

/// `/file/reserve`: may `caller` upload `size` bytes as file `id`?
#[derive(Serialize, Deserialize)]
pub struct Reserve {
    /// Who asks, as the Worker authenticated them.
    pub caller: Caller,
    /// The uploader's id for the file.
    pub id: ClientMsgId,
    /// The announced size.
    pub size: u64,
}

/// The conversation's answer to [`Reserve`].
#[derive(Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Reserved {
    /// Store it, under this side, within these limits.
    Upload {
        /// The uploader's side.
        side: Side,
        /// The account's rules for files.
        limits: FileLimits,
    },
    /// Stored already (a resend).
    Stored {
        /// As it was stored.
        file: FileRef,
    },
}

/// `/file/stored`: the bytes of `file` are in R2.
#[derive(Serialize, Deserialize)]
pub struct Recorded {
    /// Who uploaded it.
    pub caller: Caller,
    /// What was stored.
    pub file: FileRef,
}

/// The files' bucket, or why this deployment keeps no files.
pub(crate) fn bucket(env: &Env) -> ApiResult<Bucket> {
    env.bucket(BUCKET).map_err(|_| {
        Failure::new(
            503,
            ErrorCode::Internal,
            "this server keeps no files: it has no R2 bucket bound as FILES (worker/wrangler.toml)",
        )
    })
}

/// The object key of a file of `conversation`.
pub fn object_key(conversation: &ConversationId, key: &str) -> String {
    format!("conversations/{}/{key}", conversation.as_str())
}

/// A link that reads `file` of `conversation` until `valid_ms` from now.
pub fn link(
    env: &Env,
    conversation: &ConversationId,
    file: &FileRef,
    valid_ms: i64,
) -> ApiResult<String> {
    let claims = FileClaims {
        conversation: conversation.clone(),
        file: file.key(),
        exp: now().plus_ms(valid_ms),
    };
    let token = signer(env)?.sign(&claims);
    Ok(format!(
        "/api/files/{}/{}?t={token}",
        conversation.as_str(),
        file.key()
    ))
}

/// `file` as a webhook, a bot or an email gets it (#21): a link valid for
/// `valid_ms`, absolute under the site's public address (`CANAL_CONSOLE_URL`,
/// where the console and the API are), or the path alone when the
/// deployment does not say its address.
pub fn outside(
    env: &Env,
    conversation: &ConversationId,
    file: &FileRef,
    valid_ms: i64,
) -> ApiResult<FileLink> {
    let path = link(env, conversation, file, valid_ms)?;
    let url = match crate::email::console_url(env) {
        Some(base) => format!("{base}{path}"),
        None => path,
    };
    Ok(FileLink::new(file, url, now().plus_ms(valid_ms)))
}

/// `file` with a link valid for [`link_ms`].
pub fn linked(env: &Env, conversation: &ConversationId, mut file: FileRef) -> FileRef {
    file.url = link(env, conversation, &file, link_ms(env)).ok();
    file
}

/// How long a link in a socket's frame works: [`FILE_LINK_MS`], or for the
/// tests `CANAL_FILE_LINK_MS` (a second to [`FILE_LINK_MS`]; never longer).
pub fn link_ms(env: &Env) -> i64 {
    crate::tuning::shortened(env, "CANAL_FILE_LINK_MS", FILE_LINK_MS)
}

/// The failure that says `refusal`.
fn refused(refusal: Refusal) -> Failure {
    let code = match refusal.status() {
        413 => ErrorCode::TooLarge,
        415 => ErrorCode::UnsupportedType,
        _ => ErrorCode::Invalid,
    };
    Failure::new(refusal.status(), code, refusal.to_string())
}

/// Who calls: a visitor by their token, or a signed-in operator.
async fn caller(req: &Request, env: &Env) -> ApiResult<Caller> {
    let token = bearer(req)?
        .ok_or_else(|| Failure::unauthorized("an upload needs `Authorization: Bearer <token>`"))?;
    match signer(env)?.verify::<VisitorClaims>(&token, now()) {
        Ok(claims) => Ok(Caller::Visitor {
            visitor: claims.visitor,
            channel: claims.channel,
        }),
        Err(TokenError::WrongKind) => Ok(session(env, Some(token)).await?.1.caller()),
        Err(e) => Err(Failure::unauthorized(e.to_string())),
    }
}

/// `PUT /api/files?conversation=&id=&name=`: see the module's doc. A
/// refused upload's body is read to its end first (and dropped), so the
/// client reads the refusal instead of a reset connection.
pub async fn upload(req: &mut Request, env: &Env) -> ApiResult<Response> {
    let mut rest = None;
    let answer = store(req, env, &mut rest).await;
    if answer.is_err() {
        let body = match rest {
            Some(body) => Some(body),
            None => req.stream().ok(),
        };
        if let Some(mut body) = body {
            while let Some(Ok(_)) = body.next().await {}
        }
    }
    answer
}

async fn store(req: &mut Request, env: &Env, rest: &mut Option<ByteStream>) -> ApiResult<Response> {
    bucket(env)?;
    let conversation = conversation_param(req)?;
    let id =
        query(req, "id")?.ok_or_else(|| Failure::bad_request("the id parameter is missing"))?;
    let id = ClientMsgId::parse(&id).map_err(|e| Failure::bad_request(e.to_string()))?;
    let name = files::clean_name(&query(req, "name")?.unwrap_or_default())
        .map_err(|e| refused(Refusal::Name(e)))?;
    let size = req
        .headers()
        .get("content-length")?
        .and_then(|l| l.parse::<u64>().ok())
        .ok_or_else(|| refused(Refusal::LengthRequired))?;
    let caller = caller(req, env).await?;
    let (side, limits) = match reserve(env, &conversation, &caller, &id, size).await? {
        Reserved::Stored { file } => {
            // The same answer as the first time; the body is not needed.
            if let Ok(mut body) = req.stream() {
                while let Some(Ok(_)) = body.next().await {}
            }
            return json(&linked(env, &conversation, file));
        }
        Reserved::Upload { side, limits } => (side, limits),
    };
    let upload = Upload {
        caller,
        id,
        name,
        size,
        side,
        limits,
    };
    let file = write(env, &conversation, upload, req.stream()?, rest).await?;
    Ok(json(&linked(env, &conversation, file))?.with_status(201))
}

/// Asks the conversation whether `caller` may store `size` bytes as file
/// `id` now: within which limits, or the file stored under that id already.
pub async fn reserve(
    env: &Env,
    conversation: &ConversationId,
    caller: &Caller,
    id: &ClientMsgId,
    size: u64,
) -> ApiResult<Reserved> {
    let reserve = Reserve {
        caller: caller.clone(),
        id: id.clone(),
        size,
    };
    call(
        env,
        "CONVERSATION",
        conversation.as_str(),
        "/file/reserve",
        &reserve,
    )
    .await
}

/// A file the conversation allowed ([`Reserved::Upload`]), to [`write`].
pub struct Upload {
    /// Who stores it.
    pub caller: Caller,
    /// Its id.
    pub id: ClientMsgId,
    /// Its name, cleaned.
    pub name: String,
    /// Its announced size: the body must be exactly this long.
    pub size: u64,
    /// The uploader's side.
    pub side: Side,
    /// The account's rules for files.
    pub limits: FileLimits,
}

/// Stores `body` as `upload` in `conversation`: its type read from its
/// first bytes and checked against the limits, the rest streamed into R2
/// (never held whole), then recorded by the conversation. A refused
/// file leaves the unread rest of the body in `rest`.
pub async fn write(
    env: &Env,
    conversation: &ConversationId,
    upload: Upload,
    mut body: ByteStream,
    rest: &mut Option<ByteStream>,
) -> ApiResult<FileRef> {
    let r2 = bucket(env)?;
    let Upload {
        caller,
        id,
        name,
        size,
        side,
        limits,
    } = upload;
    let wanted = usize::try_from(size).unwrap_or(usize::MAX).min(SNIFF_BYTES);
    let mut head = Vec::with_capacity(wanted);
    while head.len() < wanted {
        match body.next().await {
            Some(chunk) => head.extend(chunk?),
            None => break,
        }
    }
    let sniffed = files::sniff(&head[..head.len().min(SNIFF_BYTES)], &name);
    let ty: FileType = match limits.check(size, sniffed) {
        Ok(ty) => ty,
        Err(refusal) => {
            *rest = Some(body);
            return Err(refused(refusal));
        }
    };
    let (width, height) = files::image_size(&head, ty).unzip();
    let file = FileRef {
        id,
        side,
        name,
        size,
        mime: ty.mime.to_owned(),
        width,
        height,
        url: None,
    };
    let bytes = futures_util::stream::once(async move { Ok(head) }).chain(body);
    let metadata = HttpMetadata {
        content_type: Some(ty.mime.to_owned()),
        content_disposition: Some(files::content_disposition(&file.name, ty)),
        ..Default::default()
    };
    r2.put(
        object_key(conversation, &file_key(side, &file.id)),
        FixedLengthStream::wrap(bytes, size),
    )
    .http_metadata(metadata)
    .execute()
    .await
    .map_err(|e| {
        worker::console_warn!("files: an upload did not complete: {e}");
        refused(Refusal::Truncated)
    })?;
    let recorded = Recorded { caller, file };
    call(
        env,
        "CONVERSATION",
        conversation.as_str(),
        "/file/stored",
        &recorded,
    )
    .await
}

/// `GET /api/files/<conversation>/<side>/<id>?t=`: see the module's doc.
/// `key` is `<side>/<id>`, as the route table parsed them.
pub async fn download(
    req: &Request,
    env: &Env,
    conversation: &str,
    key: &str,
) -> ApiResult<Response> {
    let conversation =
        ConversationId::parse(conversation).map_err(|_| Failure::not_found("no such file"))?;
    let token = query(req, "t")?.ok_or_else(|| {
        Failure::unauthorized("this link has no signature; open the file from the conversation")
    })?;
    let claims: FileClaims = signer(env)?
        .verify(&token, now())
        .map_err(|e| Failure::forbidden(e.to_string()))?;
    if claims.conversation != conversation || claims.file != key {
        return Err(Failure::forbidden("this link is for another file"));
    }
    let object = bucket(env)?
        .get(object_key(&conversation, key))
        .execute()
        .await?
        .ok_or_else(|| Failure::not_found("no such file"))?;
    let meta = object.http_metadata();
    let mime = meta.content_type.unwrap_or_default();
    // Only what `sniff` gives was ever stored; anything else is a download.
    let ty = FileType::from_mime(&mime);
    let headers = Headers::new();
    headers.set(
        "content-type",
        ty.map_or("application/octet-stream", |t| t.mime),
    )?;
    let inline = ty.is_some_and(FileType::inline);
    let disposition = meta
        .content_disposition
        .filter(|d| inline || d.starts_with("attachment"))
        .unwrap_or_else(|| "attachment".to_owned());
    headers.set("content-disposition", &disposition)?;
    headers.set("x-content-type-options", "nosniff")?;
    headers.set(
        "content-security-policy",
        "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox",
    )?;
    headers.set("cross-origin-resource-policy", "same-origin")?;
    headers.set("referrer-policy", "no-referrer")?;
    headers.set("cache-control", "private, max-age=3600")?;
    headers.set("content-length", &object.size().to_string())?;
    let body = object
        .body()
        .ok_or_else(|| Failure::not_found("no such file"))?
        .stream()?;
    Ok(Response::from_stream(body)?.with_headers(headers))
}

/// `GET /api/files/limits` (admins): the account's rules for files.
pub async fn get_limits(req: &Request, env: &Env) -> ApiResult<Response> {
    admin(req, env).await?;
    let limits: FileLimits = call(env, "ACCOUNT", ACCOUNT, "/files/limits", &()).await?;
    json(&limits)
}

/// `POST /api/files/limits` (admins): saves them, checked.
pub async fn save_limits(req: &mut Request, env: &Env) -> ApiResult<Response> {
    admin(req, env).await?;
    let limits: FileLimits = crate::internal::json_body(req).await?;
    let limits = limits.validate().map_err(Failure::bad_request)?;
    let saved: FileLimits = call(env, "ACCOUNT", ACCOUNT, "/files/limits/save", &limits).await?;
    json(&saved)
}
