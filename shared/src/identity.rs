//! Identity verification: a site tells Canal who its logged-in user is with
//! a signed token — a JWT (HS256) made with the channel's identity secret —
//! so that the visitor is known by id, name and email. A token that is
//! malformed, signed with another key or algorithm, or expired is refused
//! with a reason, and the visitor stays anonymous.
//!
//! Claims: `sub` (the user's id on the site, required), `exp` (seconds since
//! 1970, required, at most [`MAX_LIFETIME_S`] ahead), `name` and `email`
//! (optional).

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;
use thiserror::Error;

pub use crate::protocol::VerifiedIdentity;
use crate::text::parse_name;
use crate::time::Timestamp;
use crate::widget_settings::parse_email;

/// The longest a token may live ahead of now: a site signs it per page load.
pub const MAX_LIFETIME_S: i64 = 7 * 24 * 3600;

/// Longest user id accepted.
pub const MAX_SUBJECT_CHARS: usize = 64;

/// Longest token accepted, in bytes.
pub const MAX_TOKEN_BYTES: usize = 2048;

/// `GET /api/channels/identity` (admins): whether a channel has an identity
/// secret, and since when (never the secret itself: it is shown once).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IdentityStatus {
    /// The channel.
    pub channel: crate::ids::ChannelId,
    /// When its current secret was made; `None` when it has none.
    pub since: Option<Timestamp>,
}

/// `POST /api/channels/identity` (admins): the channel's new identity
/// secret, shown this once; the old one stops working.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IdentitySecret {
    /// The channel.
    pub channel: crate::ids::ChannelId,
    /// When it was made.
    pub since: Option<Timestamp>,
    /// The secret the site signs its users' tokens with.
    pub secret: String,
}

/// Why an identity token is refused.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum IdentityError {
    /// Not three base64url parts of JSON.
    #[error("the identity token is not a JWT (three base64url parts separated by dots)")]
    Malformed,
    /// Another algorithm than HS256 (including `none`).
    #[error("the identity token must be signed with HS256, not {0}")]
    Algorithm(String),
    /// The signature does not match the channel's secret.
    #[error("the identity token's signature does not match this channel's identity secret; sign it with the current secret")]
    BadSignature,
    /// Past `exp`.
    #[error("the identity token expired; sign a new one for each page load")]
    Expired,
    /// A required claim is missing or wrong.
    #[error("the identity token's claims are wrong: {0}")]
    Claims(String),
    /// The channel has no identity secret yet.
    #[error("this channel has no identity secret; create one in the channel's settings (Other settings)")]
    NoSecret,
}

#[derive(Deserialize)]
struct Header {
    alg: String,
}

#[derive(Deserialize)]
struct Claims {
    sub: Option<serde_json::Value>,
    exp: Option<i64>,
    name: Option<String>,
    email: Option<String>,
}

/// Verifies `token` against `secret` at `now`.
pub fn verify(
    secret: &str,
    token: &str,
    now: Timestamp,
) -> Result<VerifiedIdentity, IdentityError> {
    if token.len() > MAX_TOKEN_BYTES {
        return Err(IdentityError::Malformed);
    }
    let mut parts = token.trim().split('.');
    let (Some(h), Some(c), Some(sig), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(IdentityError::Malformed);
    };
    let decode = |p: &str| {
        URL_SAFE_NO_PAD
            .decode(p)
            .map_err(|_| IdentityError::Malformed)
    };
    let header: Header =
        serde_json::from_slice(&decode(h)?).map_err(|_| IdentityError::Malformed)?;
    if header.alg != "HS256" {
        return Err(IdentityError::Algorithm(header.alg));
    }
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("any key length");
    mac.update(h.as_bytes());
    mac.update(b".");
    mac.update(c.as_bytes());
    mac.verify_slice(&decode(sig)?)
        .map_err(|_| IdentityError::BadSignature)?;
    let claims: Claims =
        serde_json::from_slice(&decode(c)?).map_err(|_| IdentityError::Malformed)?;
    let now_s = now.0.div_euclid(1000);
    let exp = claims
        .exp
        .ok_or_else(|| IdentityError::Claims("exp (the expiry, in seconds) is required".into()))?;
    if exp <= now_s {
        return Err(IdentityError::Expired);
    }
    if exp > now_s + MAX_LIFETIME_S {
        return Err(IdentityError::Claims(format!(
            "exp is more than {} days ahead; sign tokens that live shorter",
            MAX_LIFETIME_S / 86_400
        )));
    }
    let id = match claims.sub {
        Some(serde_json::Value::String(s)) => s.trim().to_owned(),
        Some(serde_json::Value::Number(n)) => n.to_string(),
        _ => {
            return Err(IdentityError::Claims(
                "sub (the user's id) is required".into(),
            ))
        }
    };
    if id.is_empty() || id.chars().count() > MAX_SUBJECT_CHARS || id.chars().any(char::is_control) {
        return Err(IdentityError::Claims(format!(
            "sub must be 1 to {MAX_SUBJECT_CHARS} characters"
        )));
    }
    let name = match claims.name.as_deref() {
        None => None,
        Some(n) => Some(parse_name(n).map_err(|e| IdentityError::Claims(format!("name: {e}")))?),
    };
    let email = match claims.email.as_deref() {
        None => None,
        Some(e) => Some(
            parse_email(e)
                .ok_or_else(|| IdentityError::Claims(format!("email \"{e}\" is not an address")))?,
        ),
    };
    Ok(VerifiedIdentity { id, name, email })
}

/// Signs claims as a site would (for tests and examples).
pub fn sign(secret: &str, claims: &serde_json::Value) -> String {
    let h = URL_SAFE_NO_PAD.encode(br#"{"alg":"HS256","typ":"JWT"}"#);
    let c = URL_SAFE_NO_PAD.encode(claims.to_string());
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("any key length");
    mac.update(h.as_bytes());
    mac.update(b".");
    mac.update(c.as_bytes());
    let sig = URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes());
    format!("{h}.{c}.{sig}")
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    const NOW: Timestamp = Timestamp(1_800_000_000_000);
    const NOW_S: i64 = 1_800_000_000;

    #[test]
    fn a_good_token_names_the_user() {
        let t = sign(
            "s",
            &json!({"sub": "u-1", "name": " Rita Lee ", "email": "Rita@Example.com", "exp": NOW_S + 60}),
        );
        assert_eq!(
            verify("s", &t, NOW),
            Ok(VerifiedIdentity {
                id: "u-1".into(),
                name: Some("Rita Lee".into()),
                email: parse_email("Rita@Example.com"),
            })
        );
        let numeric = sign("s", &json!({"sub": 42, "exp": NOW_S + 60}));
        assert_eq!(verify("s", &numeric, NOW).unwrap().id, "42");
    }

    #[test]
    fn forged_expired_and_odd_tokens_are_refused_with_a_reason() {
        let good = json!({"sub": "u-1", "exp": NOW_S + 60});
        assert_eq!(
            verify("other", &sign("s", &good), NOW),
            Err(IdentityError::BadSignature)
        );
        assert_eq!(
            verify("s", &sign("s", &json!({"sub": "u-1", "exp": NOW_S})), NOW),
            Err(IdentityError::Expired)
        );
        assert!(matches!(
            verify("s", &sign("s", &json!({"sub": "u-1"})), NOW),
            Err(IdentityError::Claims(_))
        ));
        assert!(matches!(
            verify("s", &sign("s", &json!({"exp": NOW_S + 60})), NOW),
            Err(IdentityError::Claims(_))
        ));
        assert!(matches!(
            verify(
                "s",
                &sign("s", &json!({"sub": "u", "exp": NOW_S + MAX_LIFETIME_S + 1})),
                NOW
            ),
            Err(IdentityError::Claims(_))
        ));
        assert!(matches!(
            verify(
                "s",
                &sign("s", &json!({"sub": "u", "email": "nope", "exp": NOW_S + 9})),
                NOW
            ),
            Err(IdentityError::Claims(_))
        ));
        for bad in ["", "a.b", "a.b.c.d", "!!.??.**"] {
            assert_eq!(
                verify("s", bad, NOW),
                Err(IdentityError::Malformed),
                "{bad}"
            );
        }
        // "alg": "none" with no signature: the classic forgery.
        let h = URL_SAFE_NO_PAD.encode(br#"{"alg":"none"}"#);
        let c = URL_SAFE_NO_PAD.encode(good.to_string());
        assert_eq!(
            verify("s", &format!("{h}.{c}."), NOW),
            Err(IdentityError::Algorithm("none".into()))
        );
        // A tampered payload under the old signature.
        let t = sign("s", &good);
        let mut parts: Vec<&str> = t.split('.').collect();
        let evil = URL_SAFE_NO_PAD.encode(json!({"sub": "admin", "exp": NOW_S + 60}).to_string());
        parts[1] = &evil;
        assert_eq!(
            verify("s", &parts.join("."), NOW),
            Err(IdentityError::BadSignature)
        );
    }
}
