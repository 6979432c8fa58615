//! The emails Canal sends, as plain data: the conversation history a client
//! asks for, in the channel's language (R-CH-7), and the late-answer notice
//! to staff (R-KPI-3), with their RFC 5322 form for the Worker's
//! `send_email` binding. Texts come from `locales/email/`.

use base64::Engine;
use thiserror::Error;

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

/// A plain-text email.
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

/// No header may carry a line break (that would inject headers).
fn one_line(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect::<String>()
        .trim()
        .to_owned()
}

/// An address as a header value: only the characters an address has.
fn address(s: &str) -> String {
    one_line(s)
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '<' | '>' | '"' | ',' | ';'))
        .collect()
}

/// A header value as RFC 2047 encoded words (UTF-8, base64), each short
/// enough that a folded line stays under 78 characters; plain when it is
/// short printable ASCII.
fn encode_words(value: &str) -> String {
    let value = one_line(value);
    if value.len() <= 60 && value.chars().all(|c| c.is_ascii_graphic() || c == ' ') {
        return value;
    }
    // 39 bytes of UTF-8 → 52 base64 characters, 64 with the markers: a
    // line stays under 78 even after "Subject: ".
    let mut words = Vec::new();
    let mut chunk = String::new();
    for c in value.chars() {
        if chunk.len() + c.len_utf8() > 39 {
            words.push(std::mem::take(&mut chunk));
        }
        chunk.push(c);
    }
    if !chunk.is_empty() {
        words.push(chunk);
    }
    words
        .iter()
        .map(|w| {
            format!(
                "=?UTF-8?B?{}?=",
                base64::engine::general_purpose::STANDARD.encode(w)
            )
        })
        .collect::<Vec<_>>()
        .join("\r\n ")
}

/// The sender's display name as a quoted string or encoded words.
fn display_name(name: &str) -> String {
    let name = one_line(name);
    if name.chars().all(|c| c.is_ascii_graphic() || c == ' ') && name.len() <= 40 {
        format!("\"{}\"", name.replace('\\', "\\\\").replace('"', "\\\""))
    } else {
        encode_words(&name)
    }
}

impl Email {
    /// The message as RFC 5322 text: CRLF lines, encoded headers, the body
    /// as UTF-8 in base64 lines of 76 characters.
    pub fn to_mime(&self, message_id: &str, date: Timestamp) -> String {
        let date = chrono::DateTime::from_timestamp_millis(date.0)
            .unwrap_or_default()
            .format("%a, %d %b %Y %H:%M:%S +0000");
        let body = base64::engine::general_purpose::STANDARD.encode(self.text.as_bytes());
        let lines: Vec<&str> = body
            .as_bytes()
            .chunks(76)
            .map(|c| std::str::from_utf8(c).unwrap_or_default())
            .collect();
        format!(
            "From: {} <{}>\r\nTo: {}\r\nSubject: {}\r\nDate: {date}\r\nMessage-ID: <{}>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n{}\r\n",
            display_name(&self.from_name),
            address(&self.from),
            address(&self.to),
            encode_words(&self.subject),
            address(message_id),
            lines.join("\r\n"),
        )
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
}

/// The history's subject and text in `lang`, times in `zone` (R-CH-7). The
/// visitor's own messages are "You"; a history longer than one email keeps
/// its newest messages and says how many were left out.
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
            Side::Operator | Side::System => line.author.clone(),
        };
        let when = chrono::DateTime::from_timestamp_millis(line.at.0)
            .unwrap_or_default()
            .with_timezone(&zone)
            .format("%Y-%m-%d %H:%M");
        let block = format!("[{when}] {author}:\n{}\n", line.text);
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
    /// Too many within the hour.
    #[error("you asked for this conversation by email {MAX_HISTORY_EMAILS} times in the last hour; try again later")]
    TooMany,
}

/// Whether one more history email may go, given those sent (R-CH-7): at
/// most [`MAX_HISTORY_EMAILS`] within [`HISTORY_WINDOW_MS`].
pub fn history_allowed(sent: &[Timestamp], now: Timestamp) -> Result<(), HistoryRefusal> {
    let recent = sent
        .iter()
        .filter(|at| now.since(**at) < HISTORY_WINDOW_MS)
        .count();
    if recent >= MAX_HISTORY_EMAILS {
        Err(HistoryRefusal::TooMany)
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests;
