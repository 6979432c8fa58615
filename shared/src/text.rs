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

/// The first line of `s` that has text, at most [`PREVIEW_CHARS`]
/// characters (other whitespace as spaces), with an ellipsis when anything
/// was left out: the list's preview and an alert's body (#20).
pub fn preview(s: &str) -> String {
    let s = s.trim();
    let line = s
        .lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("")
        .trim();
    let mut out: String = line
        .chars()
        .take(PREVIEW_CHARS)
        .map(|c| if c.is_whitespace() { ' ' } else { c })
        .collect();
    if out.chars().count() < s.chars().count() {
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

/// A piece of a message as views render it: text, or a link (issue #20).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Segment<'a> {
    /// Plain text, rendered as a text node.
    Text(&'a str),
    /// An `http(s)` URL or an email address, rendered as `<a href=href>`
    /// whose text is `text`.
    Link {
        /// The text as written.
        text: &'a str,
        /// Where it goes: the URL with its scheme in lower case, or
        /// `mailto:` and the address. Never any other scheme.
        href: String,
    },
}

/// Longest URL made a link, in bytes.
pub const MAX_LINK_BYTES: usize = 2048;

/// Splits a message into text and links: `http://` and `https://` URLs and
/// email addresses become links, nothing else does (no `javascript:`,
/// `data:`, `file:`, no scheme spelt with entities or hidden characters).
///
/// A link starts at the start of the text, after white space or an opening
/// `(`, `[`, `{`, `<`, or after a quote that does not follow `=` (so
/// `href="https://…"` or `x=https://…` stays text, as does a URL glued to a
/// word or another scheme, `javascript:alert(1)//https://x`). It ends
/// before white space, control characters, quotes, `<`, `>`, `` ` ``, `\`,
/// `{`, `}`, `|`, `^`; trailing `.,!?:;*` and an unbalanced closing `)` or
/// `]` are left out. A URL that runs into an invisible formatting character
/// (a bidi override, a zero-width space) is no link at all. A URL's host is
/// letters, digits, `-` and dots, with an optional port (no `user@`); an
/// email is `local@domain.tld` in ASCII.
pub fn segments(s: &str) -> Vec<Segment<'_>> {
    // Bytes, not chars: a link is ASCII where it starts and ends, so every
    // index below is a char boundary; and the widget does not carry
    // Unicode tables for it (its size budget).
    let b = s.as_bytes();
    let sub = |from: usize, to: usize| s.get(from..to).unwrap_or_default();
    let mut out = Vec::new();
    let (mut text_from, mut i) = (0, 0);
    while i < b.len() {
        let found = if starts_link(b, i) {
            url_at(b, i).or_else(|| email_at(b, i))
        } else {
            None
        };
        match found {
            Some((end, href)) => {
                if text_from < i {
                    out.push(Segment::Text(sub(text_from, i)));
                }
                out.push(Segment::Link {
                    text: sub(i, end),
                    href,
                });
                text_from = end;
                i = end;
            }
            None => i += 1,
        }
    }
    if text_from < b.len() {
        out.push(Segment::Text(sub(text_from, b.len())));
    }
    out
}

/// What a byte of a message is to a link.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    /// May be inside a link.
    Word,
    /// Ends a link: white space, control characters, quotes, brackets.
    End,
    /// Starts an invisible formatting character (bidi overrides and
    /// isolates, zero-width characters): what reads as one link would go
    /// elsewhere, so none is made.
    Hidden,
}

/// The class of the byte at `j` (non-ASCII characters are words, but for
/// the spaces and formatting characters recognised by their UTF-8 bytes).
fn class(b: &[u8], j: usize) -> Class {
    let at = |k: usize| b.get(j + k).copied().unwrap_or(0);
    match (at(0), at(1), at(2)) {
        (c, _, _) if c <= b' ' || c == 0x7f => Class::End,
        (c, _, _) if b"\"'<>`\\{}|^".contains(&c) => Class::End,
        (c, _, _) if c < 0x80 => Class::Word,
        // U+0080–U+009F (controls), U+00A0 (no-break space).
        (0xc2, 0x80..=0xa0, _) => Class::End,
        // U+00AD (soft hyphen), U+061C (Arabic letter mark).
        (0xc2, 0xad, _) | (0xd8, 0x9c, _) => Class::Hidden,
        // U+1680, U+2000–U+200A, U+2028, U+2029, U+202F, U+205F, U+3000.
        (0xe1, 0x9a, 0x80)
        | (0xe2, 0x80, 0x80..=0x8a | 0xa8 | 0xa9 | 0xaf)
        | (0xe2, 0x81, 0x9f)
        | (0xe3, 0x80, 0x80) => Class::End,
        // U+200B–U+200F, U+202A–U+202E, U+2060–U+206F, U+FEFF.
        (0xe2, 0x80, 0x8b..=0x8f | 0xaa..=0xae)
        | (0xe2, 0x81, 0xa0..=0xaf)
        | (0xef, 0xbb, 0xbf) => Class::Hidden,
        _ => Class::Word,
    }
}

/// Whether a link may start at `i`: at the start, after white space or an
/// opening bracket, or after a quote that does not follow `=`.
fn starts_link(b: &[u8], i: usize) -> bool {
    let before = |k: usize| i.checked_sub(k).and_then(|j| b.get(j)).copied();
    match before(1) {
        None => true,
        Some(c) if c.is_ascii_whitespace() || b"([{<".contains(&c) => true,
        // A quoted link, but not an attribute's value.
        Some(b'"' | b'\'') => before(2) != Some(b'='),
        _ => false,
    }
}

/// The end of an `http(s)` URL starting at `i`, and its href.
fn url_at(b: &[u8], i: usize) -> Option<(usize, String)> {
    let rest = b.get(i..)?;
    let scheme = ["https://", "http://"].into_iter().find(|p| {
        rest.get(..p.len())
            .is_some_and(|h| h.eq_ignore_ascii_case(p.as_bytes()))
    })?;
    let host = i + scheme.len();
    let mut end = host;
    while end < b.len() {
        match class(b, end) {
            Class::Word => end += 1,
            Class::End => break,
            Class::Hidden => return None,
        }
    }
    // Punctuation that ends a sentence, and a closing bracket it does not
    // open, are not part of it.
    while end > host {
        let url = &b[i..end];
        let count = |c: u8| url.iter().filter(|&&x| x == c).count();
        let last = url[url.len() - 1];
        let unbalanced = (last == b')' && count(b')') > count(b'('))
            || (last == b']' && count(b']') > count(b'['));
        if b".,!?:;*".contains(&last) || unbalanced {
            end -= 1;
        } else {
            break;
        }
    }
    if end - i > MAX_LINK_BYTES {
        return None;
    }
    let after = &b[host..end];
    let authority = after
        .iter()
        .position(|c| b"/?#".contains(c))
        .map_or(after, |k| &after[..k]);
    if !valid_authority(authority) {
        return None;
    }
    let rest = std::str::from_utf8(after).ok()?;
    Some((end, format!("{scheme}{rest}")))
}

/// `host[:port]`: dot-separated labels of letters, digits and `-` (and
/// non-ASCII letters), with a port of 1 to 5 digits.
fn valid_authority(authority: &[u8]) -> bool {
    let (host, port) = match authority.iter().rposition(|&c| c == b':') {
        Some(k) => (&authority[..k], Some(&authority[k + 1..])),
        None => (authority, None),
    };
    let port_ok =
        port.is_none_or(|p| (1..=5).contains(&p.len()) && p.iter().all(u8::is_ascii_digit));
    port_ok
        && !host.is_empty()
        && host.split(|&c| c == b'.').all(|label| {
            !label.is_empty()
                && label
                    .iter()
                    .all(|&c| c.is_ascii_alphanumeric() || c == b'-' || c >= 0x80)
        })
}

/// The end of an email address starting at `i`, and its `mailto:` href.
fn email_at(b: &[u8], i: usize) -> Option<(usize, String)> {
    let run =
        |from: usize, ok: fn(u8) -> bool| (from..b.len()).find(|&k| !ok(b[k])).unwrap_or(b.len());
    let at = run(i, |c| c.is_ascii_alphanumeric() || b"._%+-".contains(&c));
    let local = &b[i..at];
    if local.is_empty() || local.len() > 64 || local[0] == b'.' || local[local.len() - 1] == b'.' {
        return None;
    }
    if b.get(at) != Some(&b'@') {
        return None;
    }
    let mut end = run(at + 1, |c| {
        c.is_ascii_alphanumeric() || c == b'-' || c == b'.'
    });
    while end > at + 1 && matches!(b[end - 1], b'.' | b'-') {
        end -= 1;
    }
    // Not the start of a longer word or address.
    if b.get(end).is_some_and(|&c| {
        c == b'@'
            || c == b'_'
            || c.is_ascii_alphanumeric()
            || (c >= 0x80 && class(b, end) == Class::Word)
    }) {
        return None;
    }
    let domain = &b[at + 1..end];
    let labels = domain.split(|&c| c == b'.');
    let tld = domain.rsplit(|&c| c == b'.').next().unwrap_or_default();
    let ok = labels.clone().count() >= 2
        && labels
            .into_iter()
            .all(|l| !l.is_empty() && l[0] != b'-' && l[l.len() - 1] != b'-')
        && tld.len() >= 2
        && tld.iter().all(u8::is_ascii_alphabetic);
    if !ok {
        return None;
    }
    let address = std::str::from_utf8(&b[i..end]).ok()?;
    Some((end, format!("mailto:{address}")))
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
        assert_eq!(preview("a\nb"), "a…");
        assert_eq!(
            preview("\n  Where is it?\n\nhttps://x.example"),
            "Where is it?…"
        );
        assert_eq!(preview("one\ttab"), "one tab");
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

    fn links(s: &str) -> Vec<(String, String)> {
        segments(s)
            .into_iter()
            .filter_map(|seg| match seg {
                Segment::Link { text, href } => Some((text.to_owned(), href)),
                Segment::Text(_) => None,
            })
            .collect()
    }

    fn link(s: &str) -> Vec<(String, String)> {
        vec![(s.to_owned(), s.to_owned())]
    }

    #[test]
    fn urls_and_emails_become_links() {
        // Issue #20: what operators and visitors expect to click.
        assert_eq!(
            segments("see https://example.com/a?b=1#c now"),
            vec![
                Segment::Text("see "),
                Segment::Link {
                    text: "https://example.com/a?b=1#c",
                    href: "https://example.com/a?b=1#c".into()
                },
                Segment::Text(" now"),
            ]
        );
        assert_eq!(
            links("http://localhost:8787/x"),
            link("http://localhost:8787/x")
        );
        assert_eq!(
            links("HTTPS://Example.com/Path"),
            vec![(
                "HTTPS://Example.com/Path".into(),
                "https://Example.com/Path".into()
            )]
        );
        assert_eq!(
            links("mail ana.b+x@mail.example.com, please"),
            vec![(
                "ana.b+x@mail.example.com".into(),
                "mailto:ana.b+x@mail.example.com".into()
            )]
        );
        assert_eq!(
            links("two: https://a.example and b@c.io."),
            vec![
                ("https://a.example".into(), "https://a.example".into()),
                ("b@c.io".into(), "mailto:b@c.io".into()),
            ]
        );
        assert_eq!(
            links("line\nhttps://a.example\n"),
            link("https://a.example")
        );
        assert_eq!(
            links("https://en.wikipedia.org/wiki/Rust_(programming_language)"),
            link("https://en.wikipedia.org/wiki/Rust_(programming_language)")
        );
        assert_eq!(links("\"https://a.example\""), link("https://a.example"));
        assert_eq!(links("https://exämple.com"), link("https://exämple.com"));
        assert_eq!(
            segments("no links at all"),
            vec![Segment::Text("no links at all")]
        );
        assert_eq!(segments(""), vec![]);
    }

    #[test]
    fn trailing_punctuation_and_brackets_are_text() {
        for (s, url) in [
            ("(see https://x.example/a).", "https://x.example/a"),
            ("https://x.example!", "https://x.example"),
            ("https://x.example/?", "https://x.example/"),
            ("is it https://x.example/a?", "https://x.example/a"),
            ("https://x.example,", "https://x.example"),
            ("<https://x>", "https://x"),
            ("[https://x.example]", "https://x.example"),
            ("https://x.example:", "https://x.example"),
            ("https://x.example;", "https://x.example"),
        ] {
            assert_eq!(links(s), link(url), "{s}");
        }
        let parts = segments("<https://x>");
        assert_eq!(parts.first(), Some(&Segment::Text("<")));
        assert_eq!(parts.last(), Some(&Segment::Text(">")));
    }

    #[test]
    fn nothing_but_http_and_email_becomes_a_link() {
        // Issue #20, R-W-3: no other scheme, however it is spelt.
        for s in [
            "javascript:alert(1)",
            "JavaScript:alert(document.domain)",
            " javascript:alert(1)",
            "javascript&colon;alert(1)",
            "jav\u{0}ascript:alert(1)",
            "jav&#x09;ascript:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
            "vbscript:msgbox(1)",
            "file:///etc/passwd",
            "ftp://example.com",
            "javascript:alert(1)//https://x.example",
            "javascript://https://x.example/%0aalert(1)",
            "<a href=\"https://x.example\">x</a>",
            "<a href='https://x.example'>x</a>",
            "<a href=https://x.example>x</a>",
            "[x](javascript:alert(1))",
            "xhttps://x.example",
            "https://",
            "https:///x",
            "https://user@evil.example",
            "https://a..b",
            "https://x.example:99999999/",
            "mailto:a@b.example",
            "a@b",
            "a@b.c",
            "a@b.example@c.example",
            "@b.example",
            ".a@b.example",
            "a@-b.example",
            "a@b.example1",
        ] {
            assert_eq!(links(s), vec![], "{s:?}");
        }
    }

    #[test]
    fn a_link_stops_at_what_could_break_out_of_it() {
        // The attribute is set through the DOM anyway; the link still ends
        // where a quote, a bracket or a hidden character is.
        assert_eq!(
            segments("http://example.com\"onmouseover=alert(1)"),
            vec![
                Segment::Link {
                    text: "http://example.com",
                    href: "http://example.com".into()
                },
                Segment::Text("\"onmouseover=alert(1)"),
            ]
        );
        assert_eq!(
            links("https://x.example'><script>"),
            link("https://x.example")
        );
        assert_eq!(links("https://x.example`x"), link("https://x.example"));
        assert_eq!(
            links("https://x.example\\@evil.example"),
            link("https://x.example")
        );
        // Bidi overrides and zero-width characters: what reads as one link
        // would go elsewhere, so none is made.
        assert_eq!(links("https://evil.example\u{202E}moc.elgoog"), vec![]);
        assert_eq!(links("https://evil.example\u{2066}x"), vec![]);
        assert_eq!(links("https://a\u{200B}.example"), vec![]);
        assert_eq!(links("\u{202E}https://evil.example"), vec![]);
        assert_eq!(
            links("https://x.example\u{a0}now"),
            link("https://x.example")
        );
        assert_eq!(
            links("https://x.example\u{3000}"),
            link("https://x.example")
        );
        // The segments give the text back whole.
        for s in [
            "http://example.com\"onmouseover=alert(1)",
            "a https://x.example/(b) c@d.example <https://y>.",
            "é https://ü.example/ç?q=ß e",
        ] {
            let whole: String = segments(s)
                .iter()
                .map(|seg| match seg {
                    Segment::Text(t) => *t,
                    Segment::Link { text, .. } => text,
                })
                .collect();
            assert_eq!(whole, s);
        }
    }

    #[test]
    fn an_overlong_url_stays_text() {
        let long = format!("https://x.example/{}", "a".repeat(MAX_LINK_BYTES));
        assert_eq!(links(&long), vec![]);
    }
}
