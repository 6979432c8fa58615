//! Identifiers, validated at the edge so the rest of the code can trust them.

use std::fmt;

use serde::{Deserialize, Serialize};
use thiserror::Error;

/// Why a string is not a valid identifier.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum IdError {
    /// Empty or longer than the limit.
    #[error("{kind} must be 1 to {max} characters long (got {len})")]
    Length {
        /// Which identifier.
        kind: &'static str,
        /// Its maximum length.
        max: usize,
        /// The length received.
        len: usize,
    },
    /// A character outside `A-Z a-z 0-9 - _`.
    #[error("{kind} may only contain letters, digits, '-' and '_'")]
    Charset {
        /// Which identifier.
        kind: &'static str,
    },
}

fn check(kind: &'static str, max: usize, s: &str) -> Result<(), IdError> {
    if s.is_empty() || s.len() > max {
        return Err(IdError::Length {
            kind,
            max,
            len: s.chars().count(),
        });
    }
    if !s
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    {
        return Err(IdError::Charset { kind });
    }
    Ok(())
}

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident, $kind:literal, $max:literal) => {
        $(#[$doc])*
        #[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(try_from = "String", into = "String")]
        pub struct $name(String);

        impl $name {
            /// Longest accepted value, in bytes.
            pub const MAX_LEN: usize = $max;

            /// Validates `s` as this identifier.
            pub fn parse(s: &str) -> Result<Self, IdError> {
                check($kind, $max, s)?;
                Ok(Self(s.to_owned()))
            }

            /// The identifier as text.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl TryFrom<String> for $name {
            type Error = IdError;
            fn try_from(s: String) -> Result<Self, IdError> {
                check($kind, $max, &s)?;
                Ok(Self(s))
            }
        }

        impl From<$name> for String {
            fn from(id: $name) -> String {
                id.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

id_type!(
    /// A channel's public id, the `data-channel` of the widget's script tag.
    ChannelId, "channel id", 40
);
id_type!(
    /// A conversation (one Durable Object each).
    ConversationId, "conversation id", 40
);
id_type!(
    /// An anonymous visitor, minted with their first session.
    VisitorId, "visitor id", 40
);
id_type!(
    /// An operator or admin.
    UserId, "user id", 40
);
id_type!(
    /// A department: a named group of users with a head (R-Q-1).
    DepartmentId, "department id", 40
);
id_type!(
    /// One of the account's consent texts (R-C-1).
    ConsentTextId, "consent text id", 40
);
id_type!(
    /// One of the account's lists of predefined responses (R-PR-1).
    CannedListId, "list id", 40
);
id_type!(
    /// A channel's connector to another source of messages (R-CH-3, R-CH-9).
    ConnectorId, "connector id", 40
);
id_type!(
    /// A chat bot: the built-in FAQ bot or one registered by URL (R-BOT-1).
    BotId, "bot id", 40
);
id_type!(
    /// A client's card in the built-in CRM (R-CRM-1).
    ClientId, "client id", 40
);
id_type!(
    /// The id a client gives each message it sends: its idempotency key.
    ClientMsgId, "message id", 64
);

/// A message's place in its conversation: 1, 2, 3… assigned by the server.
/// `Seq(0)` means "nothing yet".
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Seq(pub u64);

impl Seq {
    /// The sequence number after this one.
    pub fn next(self) -> Seq {
        Seq(self.0 + 1)
    }
}

/// Encodes random bytes (from the caller's CSPRNG) as an id: lowercase hex
/// behind a short prefix such as `c_` or `v_`.
pub fn random_id(prefix: &str, bytes: &[u8]) -> String {
    let mut s = String::with_capacity(prefix.len() + bytes.len() * 2);
    s.push_str(prefix);
    for b in bytes {
        s.push_str(&format!("{b:02x}"));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_accept_safe_characters_only() {
        assert!(ChannelId::parse("demo-1_x").is_ok());
        assert!(matches!(ChannelId::parse(""), Err(IdError::Length { .. })));
        assert!(matches!(
            ChannelId::parse("a/b"),
            Err(IdError::Charset { .. })
        ));
        assert!(ClientMsgId::parse(&"x".repeat(65)).is_err());
        assert!(ClientMsgId::parse(&"x".repeat(64)).is_ok());
    }

    #[test]
    fn ids_are_validated_when_deserialized() {
        let bad: Result<ChannelId, _> = serde_json::from_str("\"<script>\"");
        assert!(bad.is_err());
        let good: ChannelId = serde_json::from_str("\"demo\"").unwrap();
        assert_eq!(good.as_str(), "demo");
    }

    #[test]
    fn random_ids_are_hex() {
        assert_eq!(random_id("c_", &[0, 255, 16]), "c_00ff10");
        assert!(ConversationId::parse(&random_id("c_", &[7; 16])).is_ok());
    }
}
