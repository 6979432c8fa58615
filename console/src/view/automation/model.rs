//! The automation form as plain data: the automatic actions as typed, read
//! from and turned back into the channel's [`AutomationSettings`], checked
//! field by field with the worker's own rule. Pure, so it is unit-tested
//! natively.

use canal_shared::automation::{
    AutoText, AutomationSettings, NoAnswer, RatingWait, Timeout, MAX_DELAY_MS, MAX_RATING_WAIT_MS,
    MIN_DELAY_MS,
};
use canal_shared::i18n::{Arg, ConsoleMsg, Lang};

use crate::view::form::{minutes_to_ms, ms_to_minutes, Problems};
use crate::view::hours::HoursForm;

/// What the admin picked for a conversation nobody took (R-AA-2).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NoAnswerChoice {
    Nothing,
    Reply,
}

/// What the admin picked for a client who does not answer (R-AA-5).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TimeoutChoice {
    Off,
    /// "Send this text, then close".
    CloseWithText,
    /// "Close without any action".
    Close,
}

/// The form as the admin filled it in: numbers and texts as typed. Minutes
/// and texts of an action switched off are kept, so switching it back on
/// finds them again.
#[derive(Clone, Debug, PartialEq)]
pub struct AutomationForm {
    pub greeting_on: bool,
    pub greeting_text: String,
    pub ooh_on: bool,
    pub ooh_text: String,
    pub no_answer: NoAnswerChoice,
    pub no_answer_minutes: String,
    pub no_answer_text: String,
    pub timeout: TimeoutChoice,
    pub timeout_minutes: String,
    pub timeout_text: String,
    pub rating_minutes: String,
    pub close_on_rating: bool,
    /// The channel's working hours (R-WH-1), checked on their own.
    pub hours: HoursForm,
}

pub const MS_PER_MINUTE: i64 = 60_000;
/// The delay offered when the no-answer reply is switched on.
pub const DEFAULT_NO_ANSWER_MS: i64 = 5 * MS_PER_MINUTE;
/// The delay offered when the timeout is switched on.
pub const DEFAULT_TIMEOUT_MS: i64 = 30 * MS_PER_MINUTE;

// The fields' ids, also their `data-testid`.
pub const GREETING_TEXT: &str = "automation-greeting-text";
pub const OOH_TEXT: &str = "automation-ooh-text";
pub const NO_ANSWER_MINUTES: &str = "automation-noanswer-minutes";
pub const NO_ANSWER_TEXT: &str = "automation-noanswer-text";
pub const TIMEOUT_MINUTES: &str = "automation-timeout-minutes";
pub const TIMEOUT_TEXT: &str = "automation-timeout-text";
pub const RATING_MINUTES: &str = "automation-rating-minutes";
/// Where a problem no single field explains is reported.
pub const SAVE: &str = "automation-save";

impl AutomationForm {
    pub fn from_settings(settings: &AutomationSettings, hours: HoursForm) -> Self {
        let (no_answer, no_answer_ms, no_answer_text) = match &settings.no_answer {
            NoAnswer::Nothing => (NoAnswerChoice::Nothing, DEFAULT_NO_ANSWER_MS, None),
            NoAnswer::Reply { after_ms, text } => (NoAnswerChoice::Reply, *after_ms, text.clone()),
        };
        let (timeout, timeout_ms, timeout_text) = match &settings.timeout {
            Timeout::Off => (TimeoutChoice::Off, DEFAULT_TIMEOUT_MS, None),
            Timeout::Close {
                after_ms,
                text: None,
            } => (TimeoutChoice::Close, *after_ms, None),
            Timeout::Close {
                after_ms,
                text: Some(t),
            } => (TimeoutChoice::CloseWithText, *after_ms, Some(t.clone())),
        };
        AutomationForm {
            greeting_on: settings.greeting.enabled,
            greeting_text: settings.greeting.text.clone().unwrap_or_default(),
            ooh_on: settings.out_of_hours.enabled,
            ooh_text: settings.out_of_hours.text.clone().unwrap_or_default(),
            no_answer,
            no_answer_minutes: ms_to_minutes(no_answer_ms),
            no_answer_text: no_answer_text.unwrap_or_default(),
            timeout,
            timeout_minutes: ms_to_minutes(timeout_ms),
            timeout_text: timeout_text.unwrap_or_default(),
            rating_minutes: ms_to_minutes(settings.rating.wait_ms),
            close_on_rating: settings.rating.close_on_rating,
            hours,
        }
    }

    /// The settings to send, or what to fix (in the worker's words). Each
    /// field is checked on its own, so every problem shows at once.
    pub fn to_settings(&self, lang: Lang) -> Result<AutomationSettings, Problems> {
        let alone = AutomationSettings::default;
        let mut problems = Problems::default();
        let greeting = AutoText {
            enabled: self.greeting_on,
            text: custom(&self.greeting_text),
        };
        problems.add(
            GREETING_TEXT,
            refusal(
                lang,
                AutomationSettings {
                    greeting: greeting.clone(),
                    ..alone()
                },
            ),
        );
        let out_of_hours = AutoText {
            enabled: self.ooh_on,
            text: custom(&self.ooh_text),
        };
        problems.add(
            OOH_TEXT,
            refusal(
                lang,
                AutomationSettings {
                    out_of_hours: out_of_hours.clone(),
                    ..alone()
                },
            ),
        );

        let no_answer = match self.no_answer {
            NoAnswerChoice::Nothing => Some(NoAnswer::Nothing),
            NoAnswerChoice::Reply => {
                let after_ms = delay(
                    lang,
                    &self.no_answer_minutes,
                    ConsoleMsg::AutomationNoanswerNotANumber,
                    |after_ms| AutomationSettings {
                        no_answer: NoAnswer::Reply {
                            after_ms,
                            text: None,
                        },
                        ..alone()
                    },
                );
                let text = custom(&self.no_answer_text);
                let text_problem = refusal(
                    lang,
                    AutomationSettings {
                        no_answer: NoAnswer::Reply {
                            after_ms: MAX_DELAY_MS,
                            text: text.clone(),
                        },
                        ..alone()
                    },
                );
                problems.add(NO_ANSWER_MINUTES, after_ms.as_ref().err().cloned());
                problems.add(NO_ANSWER_TEXT, text_problem);
                after_ms
                    .ok()
                    .map(|after_ms| NoAnswer::Reply { after_ms, text })
            }
        };

        let timeout = match self.timeout {
            TimeoutChoice::Off => Some(Timeout::Off),
            TimeoutChoice::CloseWithText | TimeoutChoice::Close => {
                let after_ms = delay(
                    lang,
                    &self.timeout_minutes,
                    ConsoleMsg::AutomationTimeoutNotANumber,
                    |after_ms| AutomationSettings {
                        timeout: Timeout::Close {
                            after_ms,
                            text: None,
                        },
                        ..alone()
                    },
                );
                let text = match self.timeout {
                    TimeoutChoice::CloseWithText => custom(&self.timeout_text),
                    _ => None,
                };
                let text_problem = match (self.timeout, &text) {
                    (TimeoutChoice::CloseWithText, None) => {
                        Some(lang.console(ConsoleMsg::AutomationTimeoutNoText, &[]))
                    }
                    _ => refusal(
                        lang,
                        AutomationSettings {
                            timeout: Timeout::Close {
                                after_ms: MAX_DELAY_MS,
                                text: text.clone(),
                            },
                            ..alone()
                        },
                    ),
                };
                problems.add(TIMEOUT_MINUTES, after_ms.as_ref().err().cloned());
                problems.add(TIMEOUT_TEXT, text_problem);
                after_ms
                    .ok()
                    .map(|after_ms| Timeout::Close { after_ms, text })
            }
        };

        let rating = match minutes_to_ms(&self.rating_minutes) {
            None => {
                problems.add(
                    RATING_MINUTES,
                    Some(lang.console(
                        ConsoleMsg::AutomationRatingNotANumber,
                        &[("max", Arg::Num(MAX_RATING_WAIT_MS / MS_PER_MINUTE))],
                    )),
                );
                None
            }
            Some(wait_ms) => {
                let rating = RatingWait {
                    wait_ms,
                    close_on_rating: self.close_on_rating,
                };
                problems.add(
                    RATING_MINUTES,
                    refusal(lang, AutomationSettings { rating, ..alone() }),
                );
                Some(rating)
            }
        };

        let (Some(no_answer), Some(timeout), Some(rating), true) =
            (no_answer, timeout, rating, problems.is_empty())
        else {
            return Err(problems);
        };
        let settings = AutomationSettings {
            greeting,
            no_answer,
            out_of_hours,
            timeout,
            rating,
        };
        // Each part passed on its own; the whole is checked as the worker will.
        problems.add(SAVE, refusal(lang, settings.clone()));
        if !problems.is_empty() {
            return Err(problems);
        }
        Ok(settings)
    }
}

/// A custom text, or `None` (the default, or no text) when left blank.
pub fn custom(text: &str) -> Option<String> {
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_owned())
}

/// Why the worker would refuse `settings`, as a sentence.
pub fn refusal(lang: Lang, settings: AutomationSettings) -> Option<String> {
    settings
        .validate(MIN_DELAY_MS)
        .err()
        .map(|e| crate::errors::automation_error(lang, &e))
}

/// The delay typed in `minutes`, in milliseconds, or what is wrong with it:
/// not a number (`not_a_number`, in `lang`), or out of range (checked on the
/// settings `alone` makes of it, in the worker's words).
pub fn delay(
    lang: Lang,
    minutes: &str,
    not_a_number: ConsoleMsg,
    alone: impl Fn(i64) -> AutomationSettings,
) -> Result<i64, String> {
    let Some(ms) = minutes_to_ms(minutes) else {
        return Err(lang.console(
            not_a_number,
            &[
                ("min", Arg::Str(&ms_to_minutes(MIN_DELAY_MS))),
                ("max", Arg::Num(MAX_DELAY_MS / MS_PER_MINUTE)),
            ],
        ));
    };
    match refusal(lang, alone(ms)) {
        None => Ok(ms),
        Some(problem) => Err(problem),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use canal_shared::text::MAX_MESSAGE_CHARS;
    use serde_json::json;

    fn form() -> AutomationForm {
        AutomationForm::from_settings(&AutomationSettings::default(), HoursForm::new("UTC"))
    }

    #[test]
    fn settings_read_and_write_a_switch_and_a_text() {
        // `Option<Option<String>>` could not tell "the default text" from
        // "off": serde_json writes both `Some(None)` and `None` as `null`.
        let off: Option<Option<String>> = None;
        let default_text: Option<Option<String>> = Some(None);
        assert_eq!(serde_json::to_string(&off).unwrap(), "null");
        assert_eq!(serde_json::to_string(&default_text).unwrap(), "null");
        // `AutoText` can.
        let settings = AutomationSettings::default();
        let written = serde_json::to_value(&settings).unwrap();
        assert_eq!(
            written,
            json!({
                "greeting": {"enabled": false, "text": null},
                "no_answer": {"action": "nothing"},
                "out_of_hours": {"enabled": true, "text": null},
                "timeout": {"action": "off"},
                "rating": {"wait_ms": 600_000, "close_on_rating": true},
            })
        );
        let read: AutomationSettings = serde_json::from_value(written).unwrap();
        assert_eq!(read, settings);
    }

    #[test]
    fn minutes_and_milliseconds_convert_exactly() {
        assert_eq!(minutes_to_ms("1"), Some(MIN_DELAY_MS));
        assert_eq!(minutes_to_ms(" 1440 "), Some(MAX_DELAY_MS));
        assert_eq!(minutes_to_ms("60"), Some(MAX_RATING_WAIT_MS));
        assert_eq!(minutes_to_ms("0"), Some(0));
        assert_eq!(minutes_to_ms("1.5"), Some(90_000));
        assert_eq!(minutes_to_ms(".5"), Some(30_000));
        assert_eq!(minutes_to_ms("-1"), Some(-60_000));
        assert_eq!(minutes_to_ms("99999999999999999999"), Some(i64::MAX));
        for bad in ["", " ", "-", ".", "abc", "1e3", "1,5", "1.2.3", "+1"] {
            assert_eq!(minutes_to_ms(bad), None, "{bad:?}");
        }
        assert_eq!(ms_to_minutes(MAX_DELAY_MS), "1440");
        assert_eq!(ms_to_minutes(90_000), "1.5");
        assert_eq!(ms_to_minutes(60_001), "1.000017");
        // Whatever the server holds comes back to the same millisecond.
        for ms in (0..=130_000).chain(MAX_DELAY_MS - 70_000..=MAX_DELAY_MS + 1) {
            assert_eq!(minutes_to_ms(&ms_to_minutes(ms)), Some(ms), "{ms}");
        }
    }

    #[test]
    fn the_form_round_trips() {
        assert_eq!(
            form().to_settings(Lang::En),
            Ok(AutomationSettings::default())
        );
        let every = [
            AutomationSettings {
                greeting: AutoText {
                    enabled: true,
                    text: Some("Hi!\nWe read every message.".into()),
                },
                no_answer: NoAnswer::Reply {
                    after_ms: 90_000,
                    text: None,
                },
                out_of_hours: AutoText {
                    enabled: false,
                    text: Some("Closed for today.".into()),
                },
                timeout: Timeout::Close {
                    after_ms: MAX_DELAY_MS,
                    text: Some("Closing for now; write again any time.".into()),
                },
                rating: RatingWait {
                    wait_ms: 0,
                    close_on_rating: false,
                },
            },
            AutomationSettings {
                greeting: AutoText::on(),
                no_answer: NoAnswer::Reply {
                    after_ms: MIN_DELAY_MS,
                    text: Some("Still there!".into()),
                },
                out_of_hours: AutoText::off(),
                timeout: Timeout::Close {
                    after_ms: 3 * MIN_DELAY_MS,
                    text: None,
                },
                rating: RatingWait {
                    wait_ms: MAX_RATING_WAIT_MS,
                    close_on_rating: true,
                },
            },
        ];
        for settings in every {
            let form = AutomationForm::from_settings(&settings, HoursForm::new("UTC"));
            assert_eq!(form.to_settings(Lang::En), Ok(settings));
        }

        // The radios pick the shape; a blank text is the default (or none).
        let f = form();
        assert_eq!(f.no_answer, NoAnswerChoice::Nothing);
        assert_eq!(f.no_answer_minutes, "5");
        assert_eq!(f.timeout, TimeoutChoice::Off);
        assert_eq!(f.timeout_minutes, "30");
        assert_eq!(f.rating_minutes, "10");
        let sent = AutomationForm {
            greeting_on: true,
            greeting_text: "  \n ".into(),
            no_answer: NoAnswerChoice::Reply,
            no_answer_text: " Please hold on. ".into(),
            timeout: TimeoutChoice::Close,
            timeout_text: "Kept in the form, not sent.".into(),
            ..f
        }
        .to_settings(Lang::En)
        .unwrap();
        assert_eq!(sent.greeting, AutoText::on());
        assert_eq!(
            sent.no_answer,
            NoAnswer::Reply {
                after_ms: DEFAULT_NO_ANSWER_MS,
                text: Some("Please hold on.".into()),
            }
        );
        assert_eq!(
            sent.timeout,
            Timeout::Close {
                after_ms: DEFAULT_TIMEOUT_MS,
                text: None,
            }
        );
    }

    #[test]
    fn problems_read_like_the_worker_s() {
        let on = AutomationForm {
            no_answer: NoAnswerChoice::Reply,
            timeout: TimeoutChoice::CloseWithText,
            ..form()
        };
        let problems = AutomationForm {
            no_answer_minutes: "0.5".into(),
            timeout_minutes: "1441".into(),
            rating_minutes: "61".into(),
            ..on.clone()
        }
        .to_settings(Lang::En)
        .unwrap_err();
        assert_eq!(
            problems.of(NO_ANSWER_MINUTES).as_deref(),
            Some("The time before the no-answer reply must be between 1 min and 24 hours.")
        );
        assert_eq!(
            problems.of(TIMEOUT_MINUTES).as_deref(),
            Some("The conversation timeout must be between 1 min and 24 hours.")
        );
        assert_eq!(
            problems.of(TIMEOUT_TEXT).as_deref(),
            Some("Enter the text to send before closing, or choose “Close without any action”.")
        );
        assert_eq!(
            problems.of(RATING_MINUTES).as_deref(),
            Some("The wait for the rating must be between 0 and 60 minutes.")
        );
        assert_eq!(problems.first_field(), Some(NO_ANSWER_MINUTES));
        assert_eq!(
            problems.summary(),
            "The time before the no-answer reply must be between 1 min and 24 hours. \
             The conversation timeout must be between 1 min and 24 hours. \
             Enter the text to send before closing, or choose “Close without any action”. \
             The wait for the rating must be between 0 and 60 minutes."
        );

        let problems = AutomationForm {
            no_answer_minutes: "soon".into(),
            timeout_minutes: "".into(),
            rating_minutes: "ten".into(),
            timeout_text: "Bye.".into(),
            ..on.clone()
        }
        .to_settings(Lang::En)
        .unwrap_err();
        assert_eq!(
            problems.of(NO_ANSWER_MINUTES).as_deref(),
            Some(
                "Enter the time before the no-answer reply as a number of minutes, from 1 to 1440."
            )
        );
        assert_eq!(
            problems.of(TIMEOUT_MINUTES).as_deref(),
            Some("Enter the conversation timeout as a number of minutes, from 1 to 1440.")
        );
        assert_eq!(
            problems.of(RATING_MINUTES).as_deref(),
            Some("Enter the wait for the rating as a number of minutes, from 0 to 60.")
        );
        assert_eq!(problems.of(TIMEOUT_TEXT), None);

        // Texts: the worker's words, even for a message that is switched off.
        let long = "a".repeat(MAX_MESSAGE_CHARS + 1);
        let problems = AutomationForm {
            greeting_on: false,
            greeting_text: long.clone(),
            ooh_text: "bell \u{7}".into(),
            no_answer_text: long,
            timeout_text: "Bye.".into(),
            ..on
        }
        .to_settings(Lang::En)
        .unwrap_err();
        assert_eq!(
            problems.of(GREETING_TEXT).as_deref(),
            Some("The greeting text: the message is 4001 characters long; the limit is 4000.")
        );
        assert_eq!(
            problems.of(OOH_TEXT).as_deref(),
            Some("The out-of-hours reply text: the text contains control characters.")
        );
        assert_eq!(
            problems.of(NO_ANSWER_TEXT).as_deref(),
            Some(
                "The no-answer reply text: the message is 4001 characters long; the limit is 4000."
            )
        );
        assert_eq!(problems.first_field(), Some(GREETING_TEXT));

        // Minutes of an action switched off are not checked.
        let off = AutomationForm {
            no_answer_minutes: "".into(),
            timeout_minutes: "never".into(),
            timeout_text: "".into(),
            ..form()
        };
        assert_eq!(off.to_settings(Lang::En), Ok(AutomationSettings::default()));
    }
}
