//! Reads the raw emails `wrangler dev` recorded ([`crate::worker::Worker::emails`]):
//! headers, the RFC 2047 subject and the base64 body.

use base64::Engine;

/// An email as a test reads it.
#[derive(Debug)]
pub struct Mail {
    /// The `To:` header.
    pub to: String,
    /// The decoded subject.
    pub subject: String,
    /// The decoded plain-text body.
    pub text: String,
}

fn b64(s: &str) -> String {
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(s.trim())
        .unwrap_or_default();
    String::from_utf8_lossy(&bytes).into_owned()
}

/// Decodes `=?UTF-8?B?…?=` words (the rest as is).
fn words(value: &str) -> String {
    value
        .split_whitespace()
        .map(|w| {
            match w
                .strip_prefix("=?UTF-8?B?")
                .and_then(|w| w.strip_suffix("?="))
            {
                Some(encoded) => b64(encoded),
                None => format!(" {w}"),
            }
        })
        .collect::<String>()
        .trim()
        .to_owned()
}

/// Parses a raw message (CRLF lines, folded headers, a base64 body).
pub fn parse(raw: &str) -> Mail {
    let (head, body) = raw.split_once("\r\n\r\n").unwrap_or((raw, ""));
    let unfolded = head.replace("\r\n ", " ").replace("\r\n\t", " ");
    let header = |name: &str| {
        unfolded
            .lines()
            .find_map(|l| l.strip_prefix(&format!("{name}: ")))
            .unwrap_or_default()
            .to_owned()
    };
    let text = if header("Content-Transfer-Encoding").eq_ignore_ascii_case("base64") {
        b64(&body.replace("\r\n", ""))
    } else {
        body.to_owned()
    };
    Mail {
        to: header("To"),
        subject: words(&header("Subject")),
        text,
    }
}
