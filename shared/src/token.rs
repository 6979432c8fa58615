//! Signed tokens (R-S-1, R-S-2): `base64url(claims JSON) "." base64url(HMAC-SHA256)`.
//!
//! Visitors hold a [`VisitorClaims`] token that names their visitor id and
//! channel; operators and admins hold a [`SessionClaims`] token after login.
//! Each kind carries its own tag, so one can never be used as the other. The
//! secret comes from the deployment (a wrangler secret); the caller reads the
//! clock and passes `now`.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use hmac::{Hmac, Mac};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use sha2::Sha256;
use thiserror::Error;

use crate::ids::{ChannelId, ConversationId, UserId, VisitorId};
use crate::time::Timestamp;

type HmacSha256 = Hmac<Sha256>;

/// Shortest secret accepted, in bytes.
pub const MIN_SECRET_LEN: usize = 32;
/// How long a visitor token is valid: 90 days.
pub const VISITOR_TOKEN_MS: i64 = 90 * 24 * 3600 * 1000;
/// How long an operator session is valid: 12 hours.
pub const SESSION_MS: i64 = 12 * 3600 * 1000;
/// How long a link to a file in a conversation is valid: 1 hour (#21).
pub const FILE_LINK_MS: i64 = 3600 * 1000;
/// How long a link to a file in a history email is valid: 7 days, time to
/// open the email later (#21).
pub const EMAILED_FILE_LINK_MS: i64 = 7 * 24 * 3600 * 1000;

/// Why a token was refused. Every variant means "401 Unauthorized".
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum TokenError {
    /// Not two base64url parts separated by a dot, or not the expected claims.
    #[error("the token is malformed")]
    Malformed,
    /// The signature does not match: forged or signed with another secret.
    #[error("the token's signature is invalid")]
    BadSignature,
    /// A token of another kind (for example a visitor token used as a session).
    #[error("the token is of the wrong kind")]
    WrongKind,
    /// An operator's or admin's session past its expiry.
    #[error("the token has expired; sign in again")]
    Expired,
    /// A visitor's token past its expiry: visitors have nothing to sign in
    /// to, a new chat starts on its own.
    #[error("this chat session has expired; reload the page to start a new one")]
    VisitorExpired,
    /// A link to a file past its expiry: the conversation gives a new one.
    #[error("this link has expired; open the file from the conversation again")]
    LinkExpired,
}

/// Why a secret cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error(
    "the signing secret must be at least {MIN_SECRET_LEN} bytes long (got {0}); set CANAL_SECRET"
)]
pub struct WeakSecret(pub usize);

/// A key for signing and verifying tokens.
#[derive(Clone)]
pub struct Signer {
    secret: Vec<u8>,
}

impl Signer {
    /// A signer over `secret`, which must be at least [`MIN_SECRET_LEN`] bytes.
    pub fn new(secret: &[u8]) -> Result<Self, WeakSecret> {
        if secret.len() < MIN_SECRET_LEN {
            return Err(WeakSecret(secret.len()));
        }
        Ok(Self {
            secret: secret.to_vec(),
        })
    }

    fn mac(&self) -> HmacSha256 {
        // Invariant: HMAC accepts keys of any length.
        HmacSha256::new_from_slice(&self.secret).expect("HMAC takes any key length")
    }

    /// Signs `claims`.
    pub fn sign<C: Claims>(&self, claims: &C) -> String {
        let body = Envelope {
            kind: C::KIND.to_owned(),
            claims,
        };
        // Invariant: claims are plain data that always serialize.
        let json = serde_json::to_vec(&body).expect("claims serialize");
        let payload = URL_SAFE_NO_PAD.encode(json);
        let mut mac = self.mac();
        mac.update(payload.as_bytes());
        let sig = URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes());
        format!("{payload}.{sig}")
    }

    /// Checks the signature, the kind and the expiry of `token` at `now`.
    pub fn verify<C: Claims>(&self, token: &str, now: Timestamp) -> Result<C, TokenError> {
        let (payload, sig) = token.split_once('.').ok_or(TokenError::Malformed)?;
        let sig = URL_SAFE_NO_PAD
            .decode(sig)
            .map_err(|_| TokenError::Malformed)?;
        let mut mac = self.mac();
        mac.update(payload.as_bytes());
        mac.verify_slice(&sig)
            .map_err(|_| TokenError::BadSignature)?;
        let json = URL_SAFE_NO_PAD
            .decode(payload)
            .map_err(|_| TokenError::Malformed)?;
        let kind: KindOnly = serde_json::from_slice(&json).map_err(|_| TokenError::Malformed)?;
        if kind.kind != C::KIND {
            return Err(TokenError::WrongKind);
        }
        let env: Envelope<C> = serde_json::from_slice(&json).map_err(|_| TokenError::Malformed)?;
        if now >= env.claims.expires() {
            return Err(C::EXPIRED);
        }
        Ok(env.claims)
    }

    /// HMAC-SHA256 of `data`, for callers that need a keyed digest.
    pub fn digest(&self, data: &[u8]) -> [u8; 32] {
        let mut mac = self.mac();
        mac.update(data);
        mac.finalize().into_bytes().into()
    }
}

/// Compares two byte strings in time that depends only on their lengths.
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// The claims a token can carry.
pub trait Claims: Serialize + DeserializeOwned {
    /// The tag that tells this kind of token from the others.
    const KIND: &'static str;
    /// How an expired token of this kind is refused (its holder reads it).
    const EXPIRED: TokenError;
    /// When the token stops being valid.
    fn expires(&self) -> Timestamp;
}

#[derive(Serialize, Deserialize)]
struct Envelope<C> {
    #[serde(rename = "k")]
    kind: String,
    #[serde(rename = "c")]
    claims: C,
}

#[derive(Deserialize)]
struct KindOnly {
    #[serde(rename = "k")]
    kind: String,
}

/// What a visitor's token proves: who they are and on which channel.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VisitorClaims {
    /// The visitor.
    pub visitor: VisitorId,
    /// The channel whose widget minted the token.
    pub channel: ChannelId,
    /// Expiry.
    pub exp: Timestamp,
}

impl Claims for VisitorClaims {
    const KIND: &'static str = "visitor";
    const EXPIRED: TokenError = TokenError::VisitorExpired;
    fn expires(&self) -> Timestamp {
        self.exp
    }
}

/// What an operator's or admin's session token proves. The session id lets
/// the account revoke it before it expires.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionClaims {
    /// The user.
    pub user: UserId,
    /// The session, as stored by the account (revocable).
    pub session: String,
    /// Expiry.
    pub exp: Timestamp,
}

impl Claims for SessionClaims {
    const KIND: &'static str = "session";
    const EXPIRED: TokenError = TokenError::Expired;
    fn expires(&self) -> Timestamp {
        self.exp
    }
}

/// What a link to a file proves: that the conversation's object let its
/// holder read that file until `exp` (#21).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileClaims {
    /// The conversation.
    #[serde(rename = "v")]
    pub conversation: ConversationId,
    /// The file's key in the conversation (see `files::FileRef::key`).
    #[serde(rename = "f")]
    pub file: String,
    /// Expiry.
    pub exp: Timestamp,
}

impl Claims for FileClaims {
    const KIND: &'static str = "file";
    const EXPIRED: TokenError = TokenError::LinkExpired;
    fn expires(&self) -> Timestamp {
        self.exp
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn signer() -> Signer {
        Signer::new(&[7u8; 32]).unwrap()
    }

    fn visitor(exp: i64) -> VisitorClaims {
        VisitorClaims {
            visitor: VisitorId::parse("v_1").unwrap(),
            channel: ChannelId::parse("demo").unwrap(),
            exp: Timestamp(exp),
        }
    }

    #[test]
    fn round_trip() {
        // R-S-2
        let t = signer().sign(&visitor(1000));
        assert_eq!(
            signer().verify::<VisitorClaims>(&t, Timestamp(999)),
            Ok(visitor(1000))
        );
    }

    #[test]
    fn expiry_is_enforced() {
        let t = signer().sign(&visitor(1000));
        assert_eq!(
            signer().verify::<VisitorClaims>(&t, Timestamp(1000)),
            Err(TokenError::VisitorExpired)
        );
        let session = signer().sign(&SessionClaims {
            user: UserId::parse("ana").unwrap(),
            session: "s1".into(),
            exp: Timestamp(1000),
        });
        assert_eq!(
            signer().verify::<SessionClaims>(&session, Timestamp(1000)),
            Err(TokenError::Expired)
        );
    }

    #[test]
    fn an_expired_visitor_token_does_not_ask_to_sign_in() {
        // R-S-2: visitors have no account; operators do.
        let visitor = TokenError::VisitorExpired.to_string();
        assert!(!visitor.contains("sign in"), "{visitor}");
        assert!(visitor.contains("reload the page"), "{visitor}");
        assert!(TokenError::Expired.to_string().contains("sign in again"));
    }

    #[test]
    fn forged_and_tampered_tokens_are_refused() {
        // R-S-2: a token signed with another secret, or edited, is refused.
        let other = Signer::new(&[8u8; 32]).unwrap();
        let t = other.sign(&visitor(1000));
        assert_eq!(
            signer().verify::<VisitorClaims>(&t, Timestamp(0)),
            Err(TokenError::BadSignature)
        );
        let good = signer().sign(&visitor(1000));
        let (_, sig) = good.split_once('.').unwrap();
        let forged_payload = URL_SAFE_NO_PAD
            .encode(br#"{"k":"visitor","c":{"visitor":"v_2","channel":"demo","exp":1000}}"#);
        assert_eq!(
            signer().verify::<VisitorClaims>(&format!("{forged_payload}.{sig}"), Timestamp(0)),
            Err(TokenError::BadSignature)
        );
        assert_eq!(
            signer().verify::<VisitorClaims>("garbage", Timestamp(0)),
            Err(TokenError::Malformed)
        );
    }

    #[test]
    fn a_visitor_token_is_not_a_session() {
        let t = signer().sign(&visitor(1000));
        assert_eq!(
            signer().verify::<SessionClaims>(&t, Timestamp(0)),
            Err(TokenError::WrongKind)
        );
    }

    #[test]
    fn a_file_link_names_one_file_of_one_conversation_for_a_while() {
        // #21: links to files are short-lived and of their own kind.
        let claims = FileClaims {
            conversation: ConversationId::parse("c_1").unwrap(),
            file: "visitor/f1".into(),
            exp: Timestamp(1000),
        };
        let link = signer().sign(&claims);
        assert_eq!(
            signer().verify::<FileClaims>(&link, Timestamp(999)),
            Ok(claims)
        );
        assert_eq!(
            signer().verify::<FileClaims>(&link, Timestamp(1000)),
            Err(TokenError::LinkExpired)
        );
        assert_eq!(
            signer().verify::<VisitorClaims>(&link, Timestamp(0)),
            Err(TokenError::WrongKind)
        );
        let visitor = signer().sign(&visitor(1000));
        assert_eq!(
            signer().verify::<FileClaims>(&visitor, Timestamp(0)),
            Err(TokenError::WrongKind)
        );
    }

    #[test]
    fn constant_time_comparison() {
        assert!(constant_time_eq(b"abc", b"abc"));
        assert!(!constant_time_eq(b"abc", b"abd"));
        assert!(!constant_time_eq(b"abc", b"ab"));
    }

    #[test]
    fn short_secrets_are_refused() {
        assert_eq!(Signer::new(b"short").err(), Some(WeakSecret(5)));
    }
}
