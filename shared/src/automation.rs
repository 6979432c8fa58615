//! What a channel does on its own between the visitor and the operators
//! (R-AA-1…5, R-WH-2, R-QA-1, R-QA-2): the settings an admin edits, validated,
//! and the [`Automation`] a conversation carries, with its texts resolved.
//!
//! The rules themselves run in the conversation machine
//! ([`crate::conversation`]), timed by its `next_deadline`.

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::hours::WorkingHours;
use crate::i18n::{Lang, ServerMsg};
use crate::text::{MessageText, TextError};
use crate::time::span;

/// Shortest delay of a timed action (no answer, timeout): one minute.
pub const MIN_DELAY_MS: i64 = 60 * 1000;
/// Longest delay of a timed action: one day.
pub const MAX_DELAY_MS: i64 = 24 * 3600 * 1000;
/// Longest wait for the client's rating after closing (R-AA-4): one hour.
pub const MAX_RATING_WAIT_MS: i64 = 3600 * 1000;

/// The default texts of the automatic messages, when an admin set none, are
/// in the message catalog ([`crate::i18n`]), in the visitor's language:
/// `auto-greeting` (R-AA-1), `auto-no-answer` (R-AA-2) and
/// `auto-out-of-hours` (R-WH-2, R-AA-3).
fn default_text(lang: Lang, msg: ServerMsg) -> String {
    lang.server_text(msg).into_owned()
}

/// An automatic message that can be switched off (R-AA-1, R-WH-2).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AutoText {
    /// Whether it is sent.
    pub enabled: bool,
    /// Custom text, or `None` for the default.
    pub text: Option<String>,
}

impl AutoText {
    /// On, with the default text.
    pub fn on() -> Self {
        Self {
            enabled: true,
            text: None,
        }
    }

    /// Off.
    pub fn off() -> Self {
        Self {
            enabled: false,
            text: None,
        }
    }

    fn resolve(&self, default: impl FnOnce() -> String) -> Option<String> {
        self.enabled
            .then(|| self.text.clone().unwrap_or_else(default))
    }
}

/// R-AA-2: when nobody took the conversation within `after_ms`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum NoAnswer {
    /// Do nothing.
    Nothing,
    /// Send `text` (the default if `None`) and keep it in the queue.
    Reply {
        /// How long after the first message.
        after_ms: i64,
        /// Custom text, or the default.
        text: Option<String>,
    },
}

/// R-AA-5: when the client has not answered the operator within `after_ms`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum Timeout {
    /// Never close on its own.
    Off,
    /// Close the conversation, sending `text` first if set.
    Close {
        /// How long after the operator's last message.
        after_ms: i64,
        /// Sent before closing; `None` closes without any message.
        text: Option<String>,
    },
}

/// R-AA-4, R-QA-2: what happens after the operator closes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RatingWait {
    /// How long the client may still rate, 0 to one hour; 0 ends the session
    /// at once (a later rating reopens it).
    pub wait_ms: i64,
    /// End the session as soon as the rating comes.
    pub close_on_rating: bool,
}

/// A channel's automatic actions, as the admin set them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AutomationSettings {
    /// R-AA-1: greet after the first message.
    pub greeting: AutoText,
    /// R-AA-2.
    pub no_answer: NoAnswer,
    /// R-WH-2, R-AA-3: reply out of hours or with nobody online. On by
    /// default.
    pub out_of_hours: AutoText,
    /// R-AA-5.
    pub timeout: Timeout,
    /// R-AA-4, R-QA-2.
    pub rating: RatingWait,
}

impl Default for AutomationSettings {
    fn default() -> Self {
        Self {
            greeting: AutoText::off(),
            no_answer: NoAnswer::Nothing,
            out_of_hours: AutoText::on(),
            timeout: Timeout::Off,
            rating: RatingWait {
                wait_ms: 10 * 60 * 1000,
                close_on_rating: true,
            },
        }
    }
}

/// Which automatic action a refusal is about: a stable name the console
/// says in the admin's language (#22).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AutoPart {
    /// The greeting (R-AA-1).
    Greeting,
    /// The out-of-hours reply (R-WH-2).
    OutOfHours,
    /// The no-answer reply and its delay (R-AA-2).
    NoAnswer,
    /// The timeout, its delay and its message (R-AA-3).
    Timeout,
}

impl AutoPart {
    /// Its delay, in the server's English.
    fn delay(self) -> &'static str {
        match self {
            AutoPart::NoAnswer => "time before the no-answer reply",
            _ => "conversation timeout",
        }
    }

    /// Its text, in the server's English.
    fn text(self) -> &'static str {
        match self {
            AutoPart::Greeting => "greeting",
            AutoPart::OutOfHours => "out-of-hours reply",
            AutoPart::NoAnswer => "no-answer reply",
            AutoPart::Timeout => "timeout message",
        }
    }
}

/// Why automation settings were refused.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum AutomationError {
    /// A delay out of range.
    #[error("the {} must be between {} and 24 hours", .what.delay(), span(*.min_ms))]
    Delay {
        /// Which setting.
        what: AutoPart,
        /// The shortest accepted.
        min_ms: i64,
    },
    /// The rating wait out of range.
    #[error("the wait for the rating must be between 0 and 60 minutes")]
    RatingWait,
    /// A text that is empty or too long.
    #[error("the {} text: {reason}", .what.text())]
    Text {
        /// Which text.
        what: AutoPart,
        /// What is wrong with it.
        reason: TextError,
    },
}

impl AutomationSettings {
    /// Checks the settings. `min_delay_ms` is [`MIN_DELAY_MS`] in every
    /// deployment; only a test configuration lowers it.
    pub fn validate(&self, min_delay_ms: i64) -> Result<(), AutomationError> {
        let delay = |what, ms: i64| {
            if (min_delay_ms..=MAX_DELAY_MS).contains(&ms) {
                Ok(())
            } else {
                Err(AutomationError::Delay {
                    what,
                    min_ms: min_delay_ms,
                })
            }
        };
        let text = |what, t: &Option<String>| match t {
            Some(t) => MessageText::parse(t)
                .map(drop)
                .map_err(|reason| AutomationError::Text { what, reason }),
            None => Ok(()),
        };
        text(AutoPart::Greeting, &self.greeting.text)?;
        text(AutoPart::OutOfHours, &self.out_of_hours.text)?;
        if let NoAnswer::Reply { after_ms, text: t } = &self.no_answer {
            delay(AutoPart::NoAnswer, *after_ms)?;
            text(AutoPart::NoAnswer, t)?;
        }
        if let Timeout::Close { after_ms, text: t } = &self.timeout {
            delay(AutoPart::Timeout, *after_ms)?;
            text(AutoPart::Timeout, t)?;
        }
        if !(0..=MAX_RATING_WAIT_MS).contains(&self.rating.wait_ms) {
            return Err(AutomationError::RatingWait);
        }
        Ok(())
    }

    /// What a new conversation carries: the texts resolved (custom, or the
    /// default in the visitor's language `lang`) and the channel's working
    /// hours.
    pub fn resolve(&self, hours: Option<WorkingHours>, lang: Lang) -> Automation {
        let default = |msg| move || default_text(lang, msg);
        Automation {
            greeting: self.greeting.resolve(default(ServerMsg::AutoGreeting)),
            no_answer: match &self.no_answer {
                NoAnswer::Nothing => None,
                NoAnswer::Reply { after_ms, text } => Some((
                    *after_ms,
                    text.clone()
                        .unwrap_or_else(default(ServerMsg::AutoNoAnswer)),
                )),
            },
            out_of_hours: self
                .out_of_hours
                .resolve(default(ServerMsg::AutoOutOfHours)),
            hours,
            timeout: match &self.timeout {
                Timeout::Off => None,
                Timeout::Close { after_ms, text } => Some((*after_ms, text.clone())),
            },
            rating: self.rating,
        }
    }
}

/// `GET` and `POST /api/automation` (admins): a channel's automatic actions
/// and working hours.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AutomationConfig {
    /// The channel.
    pub channel: crate::ids::ChannelId,
    /// What it does on its own.
    pub settings: AutomationSettings,
    /// When it is open (R-WH-1); `None`: always.
    pub hours: Option<WorkingHours>,
}

/// The automatic actions of one conversation, resolved when it opens.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Automation {
    /// R-AA-1: the greeting.
    pub greeting: Option<String>,
    /// R-AA-2: after how long, and the text.
    pub no_answer: Option<(i64, String)>,
    /// R-WH-2: the reply out of hours or with nobody online.
    pub out_of_hours: Option<String>,
    /// R-WH-1: when the channel is open (`None`: always).
    pub hours: Option<WorkingHours>,
    /// R-AA-5: after how long, and the text to send first (if any).
    pub timeout: Option<(i64, Option<String>)>,
    /// R-AA-4, R-QA-2.
    pub rating: RatingWait,
}

impl Default for Automation {
    /// Nothing automatic (a conversation opened before automation existed).
    fn default() -> Self {
        Self {
            greeting: None,
            no_answer: None,
            out_of_hours: None,
            hours: None,
            timeout: None,
            rating: RatingWait {
                wait_ms: 0,
                close_on_rating: true,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delays_and_texts_are_validated_with_clear_messages() {
        let ok = AutomationSettings::default();
        assert_eq!(ok.validate(MIN_DELAY_MS), Ok(()));
        let mut s = ok.clone();
        s.no_answer = NoAnswer::Reply {
            after_ms: 30_000,
            text: None,
        };
        assert_eq!(
            s.validate(MIN_DELAY_MS).unwrap_err().to_string(),
            "the time before the no-answer reply must be between 1 minute and 24 hours"
        );
        // A test configuration may allow shorter delays; nothing else changes.
        assert_eq!(s.validate(1000), Ok(()));
        let mut s = ok.clone();
        s.rating.wait_ms = MAX_RATING_WAIT_MS + 1;
        assert_eq!(s.validate(MIN_DELAY_MS), Err(AutomationError::RatingWait));
        let mut s = ok;
        s.greeting = AutoText {
            enabled: true,
            text: Some("   ".into()),
        };
        assert!(matches!(
            s.validate(MIN_DELAY_MS),
            Err(AutomationError::Text {
                what: AutoPart::Greeting,
                ..
            })
        ));
    }

    #[test]
    fn defaults_fill_in_missing_texts() {
        let s = AutomationSettings {
            greeting: AutoText::on(),
            no_answer: NoAnswer::Reply {
                after_ms: MIN_DELAY_MS,
                text: Some("Still there!".into()),
            },
            ..AutomationSettings::default()
        };
        let a = s.resolve(None, Lang::En);
        assert_eq!(
            a.greeting.as_deref(),
            Some(&*Lang::En.server_text(ServerMsg::AutoGreeting))
        );
        assert_eq!(a.no_answer, Some((MIN_DELAY_MS, "Still there!".into())));
        // R-WH-2: on by default.
        assert_eq!(
            a.out_of_hours.as_deref(),
            Some(&*Lang::En.server_text(ServerMsg::AutoOutOfHours))
        );
        // R-W-5: the defaults speak the visitor's language.
        let pt = s.resolve(None, Lang::PtBr);
        assert_eq!(
            pt.greeting.as_deref(),
            Some(&*Lang::PtBr.server_text(ServerMsg::AutoGreeting))
        );
        assert_ne!(pt.greeting, a.greeting);
        // Off and "default text" stay apart on the wire.
        let back: AutomationSettings =
            serde_json::from_str(&serde_json::to_string(&s).unwrap()).unwrap();
        assert_eq!(back, s);
        assert_eq!(
            AutomationSettings::default()
                .resolve(None, Lang::En)
                .greeting,
            None
        );
    }
}
