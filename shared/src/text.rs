//! Bounded, validated text (R-S-3).

use serde::{Deserialize, Serialize};
use thiserror::Error;

/// Longest message, in characters.
pub const MAX_MESSAGE_CHARS: usize = 4000;
/// Longest typing draft relayed to operators, in characters.
pub const MAX_DRAFT_CHARS: usize = MAX_MESSAGE_CHARS;
/// Longest display name, in characters.
pub const MAX_NAME_CHARS: usize = 80;
/// Length of the preview shown in conversation lists, in characters.
pub const PREVIEW_CHARS: usize = 140;

/// Why a text was refused.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum TextError {
    /// Nothing but white space.
    #[error("the message is empty")]
    Empty,
    /// Over the limit.
    #[error("the message is {len} characters long; the limit is {max}")]
    TooLong {
        /// Characters received.
        len: usize,
        /// The limit.
        max: usize,
    },
    /// A typing draft over the limit: it is not a message yet.
    #[error("the draft is {len} characters long; the limit is {max}")]
    DraftTooLong {
        /// Characters received.
        len: usize,
        /// The limit.
        max: usize,
    },
    /// Contains control characters other than new lines and tabs.
    #[error("the text contains control characters")]
    Control,
}

/// The text of a message: 1 to [`MAX_MESSAGE_CHARS`] characters, not blank, no
/// control characters except new line and tab. Rendered as text, never HTML.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct MessageText(String);

impl MessageText {
    /// Validates a message; surrounding white space is trimmed.
    pub fn parse(s: &str) -> Result<Self, TextError> {
        let t = s.trim();
        if t.is_empty() {
            return Err(TextError::Empty);
        }
        let len = t.chars().count();
        if len > MAX_MESSAGE_CHARS {
            return Err(TextError::TooLong {
                len,
                max: MAX_MESSAGE_CHARS,
            });
        }
        if t.chars().any(|c| c.is_control() && c != '\n' && c != '\t') {
            return Err(TextError::Control);
        }
        Ok(Self(t.to_owned()))
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The first [`PREVIEW_CHARS`] characters on one line, for lists.
    pub fn preview(&self) -> String {
        preview(&self.0)
    }
}

impl TryFrom<String> for MessageText {
    type Error = TextError;
    fn try_from(s: String) -> Result<Self, TextError> {
        Self::parse(&s)
    }
}

impl From<MessageText> for String {
    fn from(t: MessageText) -> String {
        t.0
    }
}

/// The first [`PREVIEW_CHARS`] characters of `s`, new lines as spaces, with an
/// ellipsis when cut.
pub fn preview(s: &str) -> String {
    let mut out: String = s
        .chars()
        .take(PREVIEW_CHARS)
        .map(|c| if c.is_whitespace() { ' ' } else { c })
        .collect();
    if s.chars().count() > PREVIEW_CHARS {
        out.push('…');
    }
    out
}

/// Checks a typing draft: may be empty (the visitor cleared it), bounded.
pub fn check_draft(s: &str) -> Result<(), TextError> {
    let len = s.chars().count();
    if len > MAX_DRAFT_CHARS {
        return Err(TextError::DraftTooLong {
            len,
            max: MAX_DRAFT_CHARS,
        });
    }
    Ok(())
}

/// Validates a display name: trimmed, 1 to [`MAX_NAME_CHARS`] characters.
pub fn parse_name(s: &str) -> Result<String, TextError> {
    let t = s.trim();
    if t.is_empty() {
        return Err(TextError::Empty);
    }
    let len = t.chars().count();
    if len > MAX_NAME_CHARS {
        return Err(TextError::TooLong {
            len,
            max: MAX_NAME_CHARS,
        });
    }
    if t.chars().any(char::is_control) {
        return Err(TextError::Control);
    }
    Ok(t.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn message_text_is_bounded_and_trimmed() {
        // R-S-3
        assert_eq!(MessageText::parse("  hi \n").unwrap().as_str(), "hi");
        assert_eq!(MessageText::parse(" \n\t "), Err(TextError::Empty));
        assert!(MessageText::parse(&"é".repeat(MAX_MESSAGE_CHARS)).is_ok());
        assert_eq!(
            MessageText::parse(&"é".repeat(MAX_MESSAGE_CHARS + 1)),
            Err(TextError::TooLong {
                len: MAX_MESSAGE_CHARS + 1,
                max: MAX_MESSAGE_CHARS
            })
        );
        assert_eq!(MessageText::parse("a\u{0}b"), Err(TextError::Control));
        assert!(MessageText::parse("line\nnext\tcol").is_ok());
    }

    #[test]
    fn markup_is_kept_verbatim_as_text() {
        // R-W-3: text is data; rendering as text is the views' job.
        let t = MessageText::parse("<img src=x onerror=alert(1)>").unwrap();
        assert_eq!(t.as_str(), "<img src=x onerror=alert(1)>");
    }

    #[test]
    fn preview_is_one_short_line() {
        assert_eq!(preview("a\nb"), "a b");
        let long = "x".repeat(PREVIEW_CHARS + 5);
        let p = preview(&long);
        assert_eq!(p.chars().count(), PREVIEW_CHARS + 1);
        assert!(p.ends_with('…'));
    }

    #[test]
    fn a_draft_is_bounded_and_not_called_a_message() {
        // R-RT-1, R-S-3: what the visitor is typing is not sent yet.
        assert_eq!(check_draft(""), Ok(()));
        assert_eq!(check_draft(&"é".repeat(MAX_DRAFT_CHARS)), Ok(()));
        let e = check_draft(&"é".repeat(MAX_DRAFT_CHARS + 1)).unwrap_err();
        assert_eq!(
            e,
            TextError::DraftTooLong {
                len: MAX_DRAFT_CHARS + 1,
                max: MAX_DRAFT_CHARS
            }
        );
        let text = e.to_string();
        assert!(
            text.contains("draft") && !text.contains("message"),
            "{text}"
        );
    }

    #[test]
    fn names_are_bounded() {
        assert_eq!(parse_name(" Ana ").unwrap(), "Ana");
        assert!(parse_name("").is_err());
        assert!(parse_name(&"n".repeat(MAX_NAME_CHARS + 1)).is_err());
    }
}
