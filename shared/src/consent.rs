//! The personal-data notice (R-C-1): the account's consent texts, each
//! versioned; which one a channel shows (or its own); and the record of a
//! visitor's acceptance.
//!
//! A text is never edited in place: saving a new body makes a new version,
//! so every acceptance names exactly the words the visitor saw.

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::ids::{ChannelId, ConsentTextId, ConversationId, VisitorId};
use crate::text::parse_name;
use crate::time::Timestamp;

/// Most characters in a consent text's body.
pub const MAX_CONSENT_CHARS: usize = 5000;
/// Most characters of the page address kept with an acceptance.
pub const MAX_PAGE_CHARS: usize = 2000;
/// Most consent texts in an account.
pub const MAX_CONSENT_TEXTS: usize = 50;

/// Why a consent text or choice is refused.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ConsentError {
    /// The name is empty, too long or has control characters.
    #[error("the text needs a name of 1 to 80 characters")]
    Name,
    /// The body is empty.
    #[error("the notice is empty: write what visitors must accept")]
    Empty,
    /// The body is too long.
    #[error("the notice is {len} characters long; the limit is {max}")]
    TooLong {
        /// Its length.
        len: usize,
        /// [`MAX_CONSENT_CHARS`].
        max: usize,
    },
    /// The channel picks a text the account does not have.
    #[error("there is no consent text {0}: pick one from the list")]
    UnknownText(ConsentTextId),
    /// The account has [`MAX_CONSENT_TEXTS`] texts already.
    #[error("an account keeps at most {MAX_CONSENT_TEXTS} consent texts")]
    TooMany,
    /// The acceptance names another version than the one shown now.
    #[error("this notice has changed since it was shown: read it again and accept")]
    Outdated,
    /// The channel does not ask for consent.
    #[error("this channel shows no personal-data notice")]
    NotAsked,
}

/// Validates a notice's body: trimmed, 1 to [`MAX_CONSENT_CHARS`] characters
/// (line breaks allowed; it is shown as text).
pub fn parse_body(s: &str) -> Result<String, ConsentError> {
    let t = s.trim();
    if t.is_empty() {
        return Err(ConsentError::Empty);
    }
    let len = t.chars().count();
    if len > MAX_CONSENT_CHARS {
        return Err(ConsentError::TooLong {
            len,
            max: MAX_CONSENT_CHARS,
        });
    }
    Ok(t.replace("\r\n", "\n"))
}

/// One of the account's consent texts, at its latest version.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsentText {
    /// Its id.
    pub id: ConsentTextId,
    /// What admins call it ("Privacy notice").
    pub name: String,
    /// 1 for the first body, +1 on every change of the body.
    pub version: u32,
    /// What visitors read.
    pub body: String,
    /// When this version was saved.
    pub updated_at: Timestamp,
}

/// `POST /api/consent/texts` (admins): a new text (`id: None`) or a new
/// version of one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsentTextInput {
    /// The text to change, or `None` to add one.
    #[serde(default)]
    pub id: Option<ConsentTextId>,
    /// Its name.
    pub name: String,
    /// Its body.
    pub body: String,
}

impl ConsentTextInput {
    /// The name and body, trimmed and checked.
    pub fn validate(&self) -> Result<(String, String), ConsentError> {
        let name = parse_name(&self.name).map_err(|_| ConsentError::Name)?;
        Ok((name, parse_body(&self.body)?))
    }
}

/// `GET /api/consent/texts`: every text of the account, at its latest version.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsentTexts {
    /// By name.
    pub texts: Vec<ConsentText>,
}

/// Which notice a channel shows (R-C-1), as an admin sets it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ConsentChoice {
    /// No notice.
    #[default]
    Off,
    /// One of the account's texts, always at its latest version.
    Text {
        /// Which.
        id: ConsentTextId,
    },
    /// The channel's own text.
    Own {
        /// Its body.
        body: String,
        /// Its version: the server counts it up when the body changes (what
        /// a client sends here is ignored).
        #[serde(default)]
        version: u32,
    },
}

/// Which words a visitor accepted: a text of the account or the channel's
/// own, at one version.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ConsentKey {
    /// The account's text, or `None` for the channel's own.
    pub text: Option<ConsentTextId>,
    /// The version shown.
    pub version: u32,
}

/// The notice as the widget shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsentNotice {
    /// What the visitor accepts by clicking Accept.
    pub key: ConsentKey,
    /// The words, shown as text.
    pub body: String,
}

/// `POST /api/visitor/consent` (visitor token): the visitor accepted the
/// notice shown.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsentRequest {
    /// Their conversation.
    pub conversation: ConversationId,
    /// The notice's key, as the widget received it.
    pub key: ConsentKey,
    /// The address of the page the widget is on (cut to
    /// [`MAX_PAGE_CHARS`]).
    pub page: String,
}

/// A recorded acceptance: who, which words, when, where.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsentAcceptance {
    /// The visitor.
    pub visitor: VisitorId,
    /// Their conversation.
    pub conversation: ConversationId,
    /// The channel whose widget showed it.
    pub channel: ChannelId,
    /// The words accepted.
    pub key: ConsentKey,
    /// When.
    pub at: Timestamp,
    /// On which page.
    pub page: String,
}

/// `GET /api/consent/acceptances?channel=&before=` (admins): newest first,
/// a page at a time.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsentAcceptances {
    /// Newest first.
    pub acceptances: Vec<ConsentAcceptance>,
    /// Pass as `before=` for the next page; `None` at the end.
    pub next: Option<Timestamp>,
}

/// Cuts a page address to [`MAX_PAGE_CHARS`] characters and drops control
/// characters, so any string can be recorded.
pub fn clean_page(page: &str) -> String {
    page.chars()
        .filter(|c| !c.is_control())
        .take(MAX_PAGE_CHARS)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_are_trimmed_bounded_and_not_empty() {
        // R-C-1
        assert_eq!(
            parse_body("  We keep your email.\r\nOK? "),
            Ok("We keep your email.\nOK?".into())
        );
        assert_eq!(parse_body(" \n "), Err(ConsentError::Empty));
        let long = "a".repeat(MAX_CONSENT_CHARS + 1);
        assert!(matches!(
            parse_body(&long),
            Err(ConsentError::TooLong { .. })
        ));
    }

    #[test]
    fn inputs_need_a_name() {
        let input = ConsentTextInput {
            id: None,
            name: " ".into(),
            body: "text".into(),
        };
        assert_eq!(input.validate(), Err(ConsentError::Name));
    }

    #[test]
    fn choices_read_their_json() {
        let c: ConsentChoice = serde_json::from_str(r#"{"kind":"own","body":"x"}"#).unwrap();
        assert_eq!(
            c,
            ConsentChoice::Own {
                body: "x".into(),
                version: 0
            }
        );
        let c: ConsentChoice = serde_json::from_str(r#"{"kind":"text","id":"t_1"}"#).unwrap();
        assert!(matches!(c, ConsentChoice::Text { .. }));
    }

    #[test]
    fn pages_are_cut_and_cleaned() {
        assert_eq!(clean_page("https://a.example/\n?x"), "https://a.example/?x");
        assert_eq!(clean_page(&"p".repeat(3000)).len(), MAX_PAGE_CHARS);
    }
}
