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
/// before white space, control and invisible formatting characters (bidi
/// overrides included), quotes, `<`, `>`, `` ` ``, `\`, `{`, `}`, `|`, `^`;
/// trailing `.,!?:;` and an unbalanced closing `)` or `]` are left out. A
/// URL's host is letters, digits, `-` and dots, with an optional port (no
/// `user@`); an email is `local@domain.tld` in ASCII.
pub fn segments(s: &str) -> Vec<Segment<'_>> {
    let mut out = Vec::new();
    let mut text_from = 0;
    let mut prev: [Option<char>; 2] = [None, None];
    let mut i = 0;
    while i < s.len() {
        let found = if starts_link(prev) {
            url_at(s, i).or_else(|| email_at(s, i))
        } else {
            None
        };
        if let Some((end, href)) = found {
            if text_from < i {
                out.push(Segment::Text(&s[text_from..i]));
            }
            out.push(Segment::Link {
                text: &s[i..end],
                href,
            });
            text_from = end;
            prev = [s[..end].chars().next_back(), None];
            i = end;
            continue;
        }
        let c = s[i..].chars().next().expect("i is a char boundary");
        prev = [Some(c), prev[0]];
        i += c.len_utf8();
    }
    if text_from < s.len() {
        out.push(Segment::Text(&s[text_from..]));
    }
    out
}

/// Whether a link may start after `prev` (the char before, and the one
/// before that).
fn starts_link(prev: [Option<char>; 2]) -> bool {
    match prev {
        [None, _] => true,
        [Some(c), _] if c.is_whitespace() || "([{<".contains(c) => true,
        // A quoted link, but not an attribute's value.
        [Some('"' | '\''), before] => before != Some('='),
        _ => false,
    }
}

/// Whether `c` ends a link wherever it is.
fn ends_link(c: char) -> bool {
    c.is_whitespace() || c.is_control() || invisible(c) || "\"'<>`\\{}|^".contains(c)
}

/// Formatting characters that change how text reads without showing: bidi
/// overrides and isolates, zero-width characters.
fn invisible(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{FEFF}' | '\u{061C}' | '\u{00AD}')
}

/// The end of an `http(s)` URL starting at `i`, and its href.
fn url_at(s: &str, i: usize) -> Option<(usize, String)> {
    let rest = &s[i..];
    let scheme = ["https://", "http://"].into_iter().find(|p| {
        rest.get(..p.len())
            .is_some_and(|h| h.eq_ignore_ascii_case(p))
    })?;
    let raw = rest.find(ends_link).unwrap_or(rest.len());
    if rest[raw..].starts_with(invisible) {
        // What reads as one link would go elsewhere.
        return None;
    }
    let url = trim_trailing(&rest[..raw]);
    if url.len() > MAX_LINK_BYTES {
        return None;
    }
    let after = &url[scheme.len()..];
    let authority = &after[..after.find(['/', '?', '#']).unwrap_or(after.len())];
    if !valid_authority(authority) {
        return None;
    }
    Some((i + url.len(), format!("{scheme}{after}")))
}

/// `url` without the punctuation that ends a sentence, nor a closing
/// bracket it does not open.
fn trim_trailing(mut url: &str) -> &str {
    loop {
        let Some(last) = url.chars().next_back() else {
            return url;
        };
        let unbalanced = |open: char, close: char| {
            last == close && url.matches(close).count() > url.matches(open).count()
        };
        if ".,!?:;*".contains(last) || unbalanced('(', ')') || unbalanced('[', ']') {
            url = &url[..url.len() - last.len_utf8()];
        } else {
            return url;
        }
    }
}

/// `host[:port]`: dot-separated labels of letters, digits and `-`.
fn valid_authority(authority: &str) -> bool {
    let (host, port) = match authority.rsplit_once(':') {
        Some((h, p)) => (h, Some(p)),
        None => (authority, None),
    };
    let port_ok =
        port.is_none_or(|p| (1..=5).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit()));
    port_ok
        && !host.is_empty()
        && host.split('.').all(|label| {
            !label.is_empty() && label.chars().all(|c| c.is_alphanumeric() || c == '-')
        })
}

/// The end of an email address starting at `i`, and its `mailto:` href.
fn email_at(s: &str, i: usize) -> Option<(usize, String)> {
    let rest = &s[i..];
    let local_end = rest.find(|c: char| !(c.is_ascii_alphanumeric() || "._%+-".contains(c)))?;
    let local = &rest[..local_end];
    if local.is_empty() || local.len() > 64 || local.starts_with('.') || local.ends_with('.') {
        return None;
    }
    let domain_part = rest[local_end..].strip_prefix('@')?;
    let raw = domain_part
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '.'))
        .unwrap_or(domain_part.len());
    let domain = domain_part[..raw].trim_end_matches(['.', '-']);
    let next = domain_part[domain.len()..].chars().next();
    if next.is_some_and(|c| c == '@' || c == '_' || !ends_email(c)) {
        return None;
    }
    let labels: Vec<&str> = domain.split('.').collect();
    let tld = labels.last()?;
    let ok = labels.len() >= 2
        && labels
            .iter()
            .all(|l| !l.is_empty() && !l.starts_with('-') && !l.ends_with('-'))
        && tld.len() >= 2
        && tld.bytes().all(|b| b.is_ascii_alphabetic());
    if !ok {
        return None;
    }
    let end = local_end + 1 + domain.len();
    Some((i + end, format!("mailto:{}", &rest[..end])))
}

/// Whether an email may be followed by `c` (not a letter of a longer word).
fn ends_email(c: char) -> bool {
    !c.is_alphanumeric() || ends_link(c)
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
