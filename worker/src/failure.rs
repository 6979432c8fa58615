//! HTTP errors with a status, a machine-readable code and a message people can act on.

use canal_shared::protocol::{ApiError, ErrorCode};
use worker::Response;

/// An error answer of the API.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{status} {message}")]
pub struct Failure {
    /// HTTP status.
    pub status: u16,
    /// Machine-readable reason.
    pub code: ErrorCode,
    /// What went wrong and what to do.
    pub message: String,
    /// For a 429: whole seconds to wait (the `Retry-After` header).
    pub retry_after: Option<i64>,
    /// The refusal as the endpoint's own error type ([`ApiError::detail`]).
    pub detail: Option<serde_json::Value>,
}

impl Failure {
    pub fn new(status: u16, code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            status,
            code,
            message: message.into(),
            retry_after: None,
            detail: None,
        }
    }

    /// The same failure, carrying `detail` for clients to say in the
    /// person's language.
    pub fn with_detail(self, detail: &impl serde::Serialize) -> Self {
        Self {
            detail: serde_json::to_value(detail).ok(),
            ..self
        }
    }

    /// A 429 over a rate limit (R-S-3), saying when to try again.
    pub fn too_many(refused: canal_shared::limits::Refused) -> Self {
        Self {
            retry_after: Some(refused.retry_seconds()),
            ..Self::new(429, ErrorCode::TooMany, refused.to_string())
        }
    }

    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::new(400, ErrorCode::Invalid, message)
    }

    pub fn unauthorized(message: impl Into<String>) -> Self {
        Self::new(401, ErrorCode::Unauthorized, message)
    }

    pub fn forbidden(message: impl Into<String>) -> Self {
        Self::new(403, ErrorCode::Forbidden, message)
    }

    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(404, ErrorCode::NotFound, message)
    }

    /// The JSON answer.
    pub fn response(&self) -> worker::Result<Response> {
        let res = Response::from_json(&ApiError {
            code: self.code,
            message: self.message.clone(),
            detail: self.detail.clone(),
        })?
        .with_status(self.status);
        if let Some(seconds) = self.retry_after {
            res.headers().set("retry-after", &seconds.to_string())?;
        }
        Ok(res)
    }

    /// Rebuilds a failure from an error answer of another object.
    pub async fn from_response(mut res: Response) -> Self {
        let status = res.status_code();
        let retry_after = res
            .headers()
            .get("retry-after")
            .ok()
            .flatten()
            .and_then(|s| s.parse().ok());
        match res.json::<ApiError>().await {
            Ok(e) => Self {
                retry_after,
                detail: e.detail,
                ..Self::new(status, e.code, e.message)
            },
            Err(_) => Self::new(status, ErrorCode::Internal, "an internal call failed"),
        }
    }
}

impl From<worker::Error> for Failure {
    fn from(e: worker::Error) -> Self {
        worker::console_error!("internal error: {e}");
        Self::new(500, ErrorCode::Internal, "internal error; try again")
    }
}

/// Result of an API handler.
pub type ApiResult<T> = Result<T, Failure>;

impl From<Failure> for worker::Error {
    fn from(f: Failure) -> Self {
        worker::Error::RustError(f.to_string())
    }
}
