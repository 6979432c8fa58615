//! The emails Canal sends, as plain data: the conversation history a client
//! asks for, in the channel's language (R-CH-7), and the late-answer notice
//! to staff (R-KPI-3), with their RFC 5322 form for the Worker's
//! `send_email` binding. Texts come from `locales/email/`.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use thiserror::Error;

use crate::files::{size_text, FileLink};
use crate::i18n::{Arg, EmailMsg, Lang};
use crate::protocol::Side;
use crate::time::Timestamp;

/// The most messages one history email holds (the newest are kept).
pub const MAX_HISTORY_MESSAGES: usize = 2000;
/// The most text one history email holds, in bytes.
pub const MAX_HISTORY_BYTES: usize = 500_000;
/// History emails per conversation within [`HISTORY_WINDOW_MS`].
pub const MAX_HISTORY_EMAILS: usize = 3;
/// The window of [`MAX_HISTORY_EMAILS`].
pub const HISTORY_WINDOW_MS: i64 = 3_600_000;

/// A plain-text email. Its fields may hold anything: [`Email::to_mime`]
/// makes them safe to send.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Email {
    /// The sender's address.
    pub from: String,
    /// The sender's name.
    pub from_name: String,
    /// The recipient's address.
    pub to: String,
    /// The subject.
    pub subject: String,
    /// The body.
    pub text: String,
}

/// The longest header line written (RFC 5322 recommends 78 characters).
const MAX_LINE: usize = 78;
/// The length of a body line in base64 (RFC 2045).
const BASE64_LINE: usize = 76;
/// Bytes of UTF-8 per encoded word: 56 base64 characters, 68 with the
/// `=?UTF-8?B?…?=` markers, so that "Subject: " and a word fit in a line.
const WORD_BYTES: usize = 42;

/// A header value on one line: control characters (CR, LF, tab…) and the
/// Unicode line and paragraph separators become spaces, so no value can
/// start another header.
fn one_line(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}') {
                ' '
            } else {
                c
            }
        })
        .collect::<String>()
        .trim()
        .to_owned()
}

/// An address as a header value: only the characters an address has.
fn address(s: &str) -> String {
    one_line(s)
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '<' | '>' | '"' | ',' | ';' | '\\'))
        .collect()
}

/// Whether `s` can go in a header as it is: printable ASCII, and nothing a
/// reader would take for an encoded word.
fn plain(s: &str) -> bool {
    s.chars().all(|c| c.is_ascii_graphic() || c == ' ') && !s.contains("=?")
}

/// `value` as RFC 2047 encoded words (UTF-8, base64), none splitting a
/// character; readers join adjacent words without the space between them.
fn encoded_words(value: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut chunk = String::new();
    for c in value.chars() {
        if chunk.len() + c.len_utf8() > WORD_BYTES {
            words.push(std::mem::take(&mut chunk));
        }
        chunk.push(c);
    }
    if !chunk.is_empty() || words.is_empty() {
        words.push(chunk);
    }
    words
        .iter()
        .map(|w| format!("=?UTF-8?B?{}?=", STANDARD.encode(w)))
        .collect()
}

/// A header line `name: atoms…`, folded (CRLF and a space) between atoms
/// so that no line is longer than [`MAX_LINE`] when the atoms allow it.
fn header(name: &str, atoms: &[String]) -> String {
    let mut out = format!("{name}:");
    let mut line = out.len();
    let mut first = true;
    for atom in atoms {
        if !first && line + 1 + atom.len() > MAX_LINE {
            out.push_str("\r\n");
            line = 0;
        }
        out.push(' ');
        out.push_str(atom);
        line += 1 + atom.len();
        first = false;
    }
    out.push_str("\r\n");
    out
}

/// A free-text header value (the subject): as it is when plain and short
/// enough for one line, else encoded words.
fn text_atoms(name: &str, value: &str) -> Vec<String> {
    let value = one_line(value);
    if plain(&value) && name.len() + 2 + value.len() <= MAX_LINE {
        vec![value]
    } else {
        encoded_words(&value)
    }
}

/// The sender's display name as a quoted string, or encoded words when it
/// is not plain ASCII or too long for one line; nothing when empty.
fn display_name(name: &str) -> Vec<String> {
    let name = one_line(name);
    let quoted = format!("\"{}\"", name.replace('\\', "\\\\").replace('"', "\\\""));
    if name.is_empty() {
        Vec::new()
    } else if plain(&name) && "From: ".len() + quoted.len() <= MAX_LINE {
        vec![quoted]
    } else {
        encoded_words(&name)
    }
}

/// A text in its canonical form for MIME (RFC 2045): CRLF line ends.
fn crlf(text: &str) -> String {
    text.replace("\r\n", "\n")
        .replace('\r', "\n")
        .replace('\n', "\r\n")
}

impl Email {
    /// The message as RFC 5322 text for the `send_email` binding: CRLF
    /// lines; `From`, `To`, `Subject`, `Date` (from `date`, in UTC),
    /// `Message-ID` (`<message_id>`) and MIME headers, none longer than 78
    /// characters unless an address is, with non-ASCII or long texts as
    /// RFC 2047 encoded words and line breaks in any field made spaces (no
    /// header injection); the body as UTF-8 in base64 lines of 76.
    pub fn to_mime(&self, message_id: &str, date: Timestamp) -> String {
        let date = chrono::DateTime::from_timestamp_millis(date.0)
            .unwrap_or_default()
            .format("%a, %d %b %Y %H:%M:%S +0000")
            .to_string();
        let mut from = display_name(&self.from_name);
        from.push(format!("<{}>", address(&self.from)));
        let mut out = String::new();
        out.push_str(&header("From", &from));
        out.push_str(&header("To", &[address(&self.to)]));
        out.push_str(&header("Subject", &text_atoms("Subject", &self.subject)));
        out.push_str(&header("Date", &[date]));
        out.push_str(&header(
            "Message-ID",
            &[format!("<{}>", address(message_id))],
        ));
        out.push_str("MIME-Version: 1.0\r\n");
        out.push_str("Content-Type: text/plain; charset=utf-8\r\n");
        out.push_str("Content-Transfer-Encoding: base64\r\n\r\n");
        let body = STANDARD.encode(crlf(&self.text));
        for line in body.as_bytes().chunks(BASE64_LINE) {
            // Base64 is ASCII: every chunk is whole characters.
            out.push_str(std::str::from_utf8(line).unwrap_or_default());
            out.push_str("\r\n");
        }
        out
    }
}

/// A message of the history, as the visitor saw it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HistoryLine {
    /// Its author, under the name the visitor saw.
    pub author: String,
    /// Who wrote it.
    pub side: Side,
    /// What it says.
    pub text: String,
    /// When.
    pub at: Timestamp,
    /// The file it carries (#21), with a link signed for
    /// [`crate::token::EMAILED_FILE_LINK_MS`].
    pub file: Option<FileLink>,
}

/// The history's subject and text in `lang` (R-CH-7): a greeting, "here is
/// your conversation with `channel`", one block per message (`[date time
/// zone] author:` and its text; times in `zone`, as `YYYY-MM-DD HH:MM` and
/// the zone's abbreviation or UTC offset; the visitor's own messages by
/// "You") and a closing line. A file is a line of its own after the text:
/// its name, size and link, and until when the link works. A history longer than [`MAX_HISTORY_MESSAGES`]
/// or [`MAX_HISTORY_BYTES`] keeps its newest messages and says, first, how
/// many were left out.
pub fn history(
    lang: Lang,
    channel: &str,
    zone: chrono_tz::Tz,
    lines: &[HistoryLine],
) -> (String, String) {
    let channel = one_line(channel);
    let ch = [("channel", Arg::Str(&channel))];
    let subject = lang.email(EmailMsg::HistorySubject, &ch);
    let mut blocks: Vec<String> = Vec::new();
    let mut bytes = 0;
    for line in lines.iter().rev().take(MAX_HISTORY_MESSAGES) {
        let author = match line.side {
            Side::Visitor => lang.email(EmailMsg::HistoryYou, &[]),
            Side::Operator | Side::System => one_line(&line.author),
        };
        let when = local_time(line.at, zone);
        let mut block = format!("[{when}] {author}:\n");
        if !line.text.is_empty() {
            block.push_str(&line.text);
            block.push('\n');
        }
        if let Some(f) = &line.file {
            let name = one_line(&f.name);
            let size = size_text(f.size);
            let until = local_time(f.expires, zone);
            let args = [
                ("name", Arg::Str(&name)),
                ("size", Arg::Str(&size)),
                ("link", Arg::Str(&one_line(&f.url))),
                ("until", Arg::Str(&until)),
            ];
            block.push_str(&lang.email(EmailMsg::HistoryFile, &args));
            block.push('\n');
        }
        bytes += block.len();
        if bytes > MAX_HISTORY_BYTES {
            break;
        }
        blocks.push(block);
    }
    blocks.reverse();
    let left_out = lines.len() - blocks.len();
    let zone_name = zone.name();
    let mut text = format!(
        "{}\n\n{}\n{}\n\n",
        lang.email(EmailMsg::HistoryGreeting, &[]),
        lang.email(EmailMsg::HistoryIntro, &ch),
        lang.email(EmailMsg::HistoryTimes, &[("zone", Arg::Str(zone_name))]),
    );
    if left_out > 0 {
        let count = [("count", Arg::Num(left_out as i64))];
        text.push_str(&lang.email(EmailMsg::HistoryCut, &count));
        text.push_str("\n\n");
    }
    text.push_str(&blocks.join("\n"));
    text.push('\n');
    text.push_str(&lang.email(EmailMsg::HistoryClosing, &[]));
    text.push('\n');
    (subject, text)
}

/// `at` in `zone`, as `YYYY-MM-DD HH:MM` and the zone's abbreviation or
/// UTC offset.
fn local_time(at: Timestamp, zone: chrono_tz::Tz) -> String {
    chrono::DateTime::from_timestamp_millis(at.0)
        .unwrap_or_default()
        .with_timezone(&zone)
        .format("%Y-%m-%d %H:%M %Z")
        .to_string()
}

/// The late-answer notice to a person (R-KPI-3): its subject and text, the
/// notice's own words (`kpi::notice_text`) and the conversation's link.
pub fn late_notice(lang: Lang, notice_text: &str, link: &str) -> (String, String) {
    let text = format!(
        "{notice_text}\n\n{}\n",
        lang.email(EmailMsg::LateOpen, &[("link", Arg::Str(link))])
    );
    (lang.email(EmailMsg::LateSubject, &[]), text)
}

/// Why a history email is refused.
#[derive(Clone, Debug, Error, PartialEq, Eq)]
pub enum HistoryRefusal {
    /// Too many within the hour; the next may go in `minutes` (at least 1).
    #[error("you asked for this conversation by email {MAX_HISTORY_EMAILS} times in the last hour; try again in {minutes} min")]
    TooMany {
        /// Whole minutes until one more is allowed.
        minutes: i64,
    },
}

/// Whether one more history email of a conversation may go, given when
/// the earlier ones went (R-CH-7): at most [`MAX_HISTORY_EMAILS`] within
/// [`HISTORY_WINDOW_MS`] before `now`.
pub fn history_allowed(sent: &[Timestamp], now: Timestamp) -> Result<(), HistoryRefusal> {
    let mut recent: Vec<Timestamp> = sent
        .iter()
        .copied()
        .filter(|at| now.since(*at) < HISTORY_WINDOW_MS)
        .collect();
    if recent.len() < MAX_HISTORY_EMAILS {
        return Ok(());
    }
    // One more may go once all but MAX - 1 of them are out of the window.
    recent.sort_unstable();
    let frees = recent[recent.len() - MAX_HISTORY_EMAILS].plus_ms(HISTORY_WINDOW_MS);
    let minutes = frees.since(now).saturating_add(59_999) / 60_000;
    Err(HistoryRefusal::TooMany {
        minutes: minutes.clamp(1, HISTORY_WINDOW_MS / 60_000),
    })
}

#[cfg(test)]
mod tests;
