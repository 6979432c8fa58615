//! The visitor asks for the conversation's history by email (R-CH-7): who
//! may, to which address, and how often.

use super::*;
use crate::email::history_allowed;
use crate::widget_settings::parse_email;

/// How long the machine remembers a history email (the rate's window).
const WINDOW_MS: i64 = 3_600_000;

impl Conversation {
    /// Checks the request; the shell writes and sends the email.
    pub(super) fn history_requested(&mut self, now: Timestamp, email: &str) -> Vec<Effect> {
        let refuse = |code, message: &str| vec![Effect::Reply(error_frame(code, message, None))];
        if self.consent_needed() {
            return refuse(ErrorCode::ConsentRequired, CONSENT_REQUIRED_MESSAGE);
        }
        if self.state.last_seq == Seq(0) {
            return refuse(ErrorCode::Invalid, NOTHING_TO_SEND_MESSAGE);
        }
        let Some(to) = parse_email(email) else {
            return refuse(ErrorCode::Invalid, BAD_EMAIL_MESSAGE);
        };
        let s = &mut self.state;
        s.history_sent.retain(|at| now.since(*at) < WINDOW_MS);
        if let Err(refusal) = history_allowed(&s.history_sent, now) {
            return refuse(ErrorCode::TooMany, &refusal.to_string());
        }
        s.history_sent.push(now);
        vec![Effect::SaveState, Effect::EmailHistory { to }]
    }

    /// The time zone the history's times are written in: the channel's
    /// working hours', else UTC.
    pub fn email_zone(&self) -> chrono_tz::Tz {
        self.state
            .opening
            .automation
            .hours
            .as_ref()
            .map_or(chrono_tz::UTC, |h| h.tz())
    }
}

/// Why an empty conversation is not sent.
pub const NOTHING_TO_SEND_MESSAGE: &str = "there is nothing to send yet: write a message first";
