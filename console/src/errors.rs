//! What went wrong, in the person's language (#22): a refusal of the
//! server by its stable [`ErrorCode`], and the validation errors of
//! `shared` that the settings forms check before they send, each variant
//! its own catalog message. No English text of the server's is parsed.
//!
//! Every text shown here is in the console's catalog (#22).

use canal_shared::automation::{AutoPart, AutomationError};
use canal_shared::bot::{BotError, MAX_BOTS, MAX_BOT_NAME_CHARS};
use canal_shared::connectors::MAX_SETTING_CHARS;
use canal_shared::consent::{ConsentError, MAX_CONSENT_TEXTS};
use canal_shared::hours::HoursError;
use canal_shared::i18n::{Arg, ConsoleMsg, Lang};
use canal_shared::people::{PeopleError, MAX_DEPARTMENT_MEMBERS, MAX_QUEUE_ENTRIES};
use canal_shared::protocol::ErrorCode;
use canal_shared::routing::{SettingsError, MAX_CAPACITY};
use canal_shared::text::{TextError, MAX_NAME_CHARS};
use canal_shared::widget_settings::{WidgetSettingsError, MAX_AVATAR_CHARS, MAX_POSITION_CHARS};

use crate::format::duration;

/// What a refusal with `status` and `code` says in `lang`: the catalog's
/// message for the code; in English, the server's own sentence (`said`,
/// which names the field or the limit) when it gave one.
pub fn refusal_text(lang: Lang, status: u16, code: Option<ErrorCode>, said: &str) -> String {
    if lang == Lang::En && !said.trim().is_empty() {
        return crate::view::form::sentence(said.trim());
    }
    match code {
        None => lang.console(
            ConsoleMsg::ErrorsStatus,
            &[("status", Arg::Num(status.into()))],
        ),
        Some(code) => lang.console(code_message(code), &[]),
    }
}

/// The catalog's message for an error code.
pub fn code_message(code: ErrorCode) -> ConsoleMsg {
    match code {
        ErrorCode::BadFrame | ErrorCode::BadHandshake | ErrorCode::UnsupportedVersion => {
            ConsoleMsg::ErrorsBadFrame
        }
        ErrorCode::Invalid => ConsoleMsg::ErrorsInvalid,
        ErrorCode::TooLarge => ConsoleMsg::ErrorsTooLarge,
        ErrorCode::Forbidden => ConsoleMsg::ErrorsForbidden,
        ErrorCode::Unauthorized => ConsoleMsg::ErrorsUnauthorized,
        ErrorCode::NotFound => ConsoleMsg::ErrorsNotFound,
        ErrorCode::Conflict => ConsoleMsg::ErrorsConflict,
        ErrorCode::ConsentRequired => ConsoleMsg::ErrorsConsentRequired,
        ErrorCode::ChannelDisabled => ConsoleMsg::ErrorsChannelDisabled,
        ErrorCode::TooMany => ConsoleMsg::ErrorsTooMany,
        ErrorCode::Internal => ConsoleMsg::ErrorsInternal,
        ErrorCode::Closed => ConsoleMsg::ErrorsClosed,
        ErrorCode::AlreadyRated => ConsoleMsg::ErrorsAlreadyRated,
        ErrorCode::UnsupportedType => ConsoleMsg::ErrorsUnsupportedType,
    }
}

/// Why a message's text (or a name) cannot be sent.
pub fn text_error(lang: Lang, e: &TextError) -> String {
    match e {
        TextError::Empty => lang.console(ConsoleMsg::ConversationTextEmpty, &[]),
        TextError::TooLong { len, max } | TextError::DraftTooLong { len, max } => lang.console(
            ConsoleMsg::ConversationTextLong,
            &[("len", Arg::count(*len)), ("max", Arg::count(*max))],
        ),
        TextError::Control => lang.console(ConsoleMsg::ConversationTextControl, &[]),
    }
}

/// What is wrong with a personal-data notice (R-C-1).
pub fn consent_error(lang: Lang, error: &ConsentError) -> String {
    match error {
        ConsentError::Name => lang.console(ConsoleMsg::ConsentErrorName, &[]),
        ConsentError::Empty => lang.console(ConsoleMsg::ConsentErrorEmpty, &[]),
        ConsentError::TooLong { len, max } => lang.console(
            ConsoleMsg::ConsentErrorLong,
            &[("len", Arg::count(*len)), ("max", Arg::count(*max))],
        ),
        ConsentError::UnknownText(id) => lang.console(
            ConsoleMsg::ConsentErrorUnknown,
            &[("id", Arg::Str(id.as_str()))],
        ),
        ConsentError::TooMany => lang.console(
            ConsoleMsg::ConsentErrorTooMany,
            &[("max", Arg::count(MAX_CONSENT_TEXTS))],
        ),
        ConsentError::Outdated => lang.console(ConsoleMsg::ConsentErrorOutdated, &[]),
        ConsentError::NotAsked => lang.console(ConsoleMsg::ConsentErrorNotAsked, &[]),
    }
}

/// What is wrong with a channel's widget settings.
pub fn widget_error(lang: Lang, error: &WidgetSettingsError) -> String {
    match error {
        WidgetSettingsError::Name => name_error(lang),
        WidgetSettingsError::Position => lang.console(
            ConsoleMsg::ErrorsPosition,
            &[("max", Arg::count(MAX_POSITION_CHARS))],
        ),
        WidgetSettingsError::Avatar => lang.console(
            ConsoleMsg::ErrorsAvatar,
            &[("max", Arg::count(MAX_AVATAR_CHARS))],
        ),
        WidgetSettingsError::Duplicate(id) => {
            lang.console(ConsoleMsg::ErrorsTwice, &[("name", Arg::Str(id.as_str()))])
        }
        WidgetSettingsError::Consent(e) => consent_error(lang, e),
        WidgetSettingsError::Title => lang.console(ConsoleMsg::ErrorsChatTitle, &[]),
    }
}

/// A person's or a department's name that is not one.
pub fn name_error(lang: Lang) -> String {
    lang.console(
        ConsoleMsg::ErrorsName,
        &[("max", Arg::count(MAX_NAME_CHARS))],
    )
}

/// An address that is not `https://` (a bot's, a webhook's, a Bot API's).
pub fn url_error(lang: Lang) -> String {
    lang.console(
        ConsoleMsg::ErrorsUrl,
        &[("max", Arg::count(MAX_SETTING_CHARS))],
    )
}

/// What is wrong with a bot or its registration (R-BOT-1).
pub fn bot_error(lang: Lang, error: &BotError) -> String {
    match error {
        BotError::NotForOpenChannels(name) => {
            lang.console(ConsoleMsg::ErrorsBotDeclined, &[("name", Arg::Str(name))])
        }
        BotError::BadUrl(_) => url_error(lang),
        BotError::BadName => lang.console(
            ConsoleMsg::ErrorsBotName,
            &[("max", Arg::count(MAX_BOT_NAME_CHARS))],
        ),
        BotError::Status(status) => lang.console(
            ConsoleMsg::ErrorsBotStatus,
            &[("status", Arg::Num((*status).into()))],
        ),
        BotError::BadAnswer(_) => lang.console(ConsoleMsg::ErrorsBotAnswer, &[]),
        BotError::NoAnswer(_) => lang.console(ConsoleMsg::ErrorsBotNoAnswer, &[]),
        BotError::NoName => lang.console(ConsoleMsg::ErrorsBotNoName, &[]),
        BotError::TooMany => lang.console(
            ConsoleMsg::ErrorsBotTooMany,
            &[("max", Arg::count(MAX_BOTS))],
        ),
        BotError::BuiltIn => lang.console(ConsoleMsg::ErrorsBotBuiltIn, &[]),
    }
}

/// What is wrong with a channel's automatic actions, naming the action.
pub fn automation_error(lang: Lang, error: &AutomationError) -> String {
    match error {
        AutomationError::Delay { what, min_ms } => lang.console(
            match what {
                AutoPart::NoAnswer => ConsoleMsg::ErrorsDelayNoAnswer,
                _ => ConsoleMsg::ErrorsDelayTimeout,
            },
            &[("min", Arg::Str(&duration(lang, Some(*min_ms))))],
        ),
        AutomationError::RatingWait => lang.console(ConsoleMsg::ErrorsRatingWait, &[]),
        AutomationError::Text { what, reason } => {
            let part = lang.console(
                match what {
                    AutoPart::Greeting => ConsoleMsg::ErrorsPartGreeting,
                    AutoPart::OutOfHours => ConsoleMsg::ErrorsPartOutOfHours,
                    AutoPart::NoAnswer => ConsoleMsg::ErrorsPartNoAnswer,
                    AutoPart::Timeout => ConsoleMsg::ErrorsPartTimeout,
                },
                &[],
            );
            // The reason goes on after a colon: in lower case.
            let reason = text_error(lang, reason);
            let mut chars = reason.chars();
            let reason: String = chars
                .next()
                .map(|c| c.to_lowercase().chain(chars).collect())
                .unwrap_or_default();
            lang.console(
                ConsoleMsg::ErrorsPartText,
                &[("part", Arg::Str(&part)), ("reason", Arg::Str(&reason))],
            )
        }
    }
}

/// What is wrong with working hours; a day's overlap is said with the
/// day's name by the hours' form.
pub fn hours_error(lang: Lang, error: &HoursError) -> String {
    match error {
        HoursError::UnknownZone(zone) => {
            lang.console(ConsoleMsg::ErrorsZone, &[("zone", Arg::Str(zone))])
        }
        HoursError::BadTime(time) => {
            lang.console(ConsoleMsg::ErrorsTime, &[("time", Arg::Str(time))])
        }
        HoursError::StartsAtMidnightEnd => lang.console(ConsoleMsg::ErrorsMidnight, &[]),
        HoursError::Overlap(day) => {
            let day = crate::view::hours::DAYS[day.num_days_from_monday() as usize];
            lang.console(
                ConsoleMsg::HoursOverlap,
                &[("day", Arg::Str(&lang.console_text(day)))],
            )
        }
        HoursError::BadHoliday { month, day } => lang.console(
            ConsoleMsg::ErrorsHoliday,
            &[
                ("month", Arg::Num((*month).into())),
                ("day", Arg::Num((*day).into())),
            ],
        ),
    }
}

/// What is wrong with a queue, a department or the routing settings;
/// `name` names a person or an entry by its id.
pub fn people_error(lang: Lang, error: &PeopleError, name: impl Fn(&str) -> String) -> String {
    match error {
        PeopleError::Name => name_error(lang),
        PeopleError::UnknownUser(u) | PeopleError::NotAPerson(u) => lang.console(
            ConsoleMsg::ErrorsNotAPerson,
            &[("name", Arg::Str(&name(u.as_str())))],
        ),
        PeopleError::UnknownDepartment(d) => lang.console(
            ConsoleMsg::QueueProblemNoDepartment,
            &[("id", Arg::Str(d.as_str()))],
        ),
        PeopleError::Duplicate(id) => {
            lang.console(ConsoleMsg::ErrorsTwice, &[("name", Arg::Str(&name(id)))])
        }
        PeopleError::TooManyEntries => lang.console(
            ConsoleMsg::ErrorsQueueTooLong,
            &[("max", Arg::count(MAX_QUEUE_ENTRIES))],
        ),
        PeopleError::TooManyMembers => lang.console(
            ConsoleMsg::ErrorsDepartmentTooBig,
            &[("max", Arg::count(MAX_DEPARTMENT_MEMBERS))],
        ),
        PeopleError::Settings(SettingsError::IdleOutOfRange) => {
            lang.console(ConsoleMsg::ErrorsIdle, &[])
        }
        PeopleError::Settings(SettingsError::CapacityOutOfRange) => lang.console(
            ConsoleMsg::ErrorsCapacity,
            &[("max", Arg::Num(MAX_CAPACITY.into()))],
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refusal_speaks_the_persons_language_by_its_code() {
        // English keeps the server's own, more precise sentence.
        assert_eq!(
            refusal_text(
                Lang::En,
                409,
                Some(ErrorCode::Conflict),
                "there is already a channel named Shop"
            ),
            "There is already a channel named Shop."
        );
        // Other languages say the code's message, never the English words.
        let pt = refusal_text(
            Lang::PtBr,
            409,
            Some(ErrorCode::Conflict),
            "there is already a channel named Shop",
        );
        assert_eq!(
            pt,
            "Alguém chegou antes, ou isto já existe. Recarregue e tente de novo."
        );
        assert_eq!(
            refusal_text(Lang::Es, 502, None, ""),
            "El servidor respondió 502. Inténtalo de nuevo."
        );
        assert_eq!(
            refusal_text(Lang::En, 403, Some(ErrorCode::Forbidden), " "),
            "You may not do this."
        );
    }

    #[test]
    fn validation_errors_have_a_message_in_every_language() {
        let hours = HoursError::BadTime("25:00".into());
        assert_eq!(
            hours_error(Lang::PtBr, &hours),
            "“25:00” não é uma hora do dia (use HH:MM, de 00:00 a 24:00)."
        );
        assert_eq!(
            widget_error(Lang::Es, &WidgetSettingsError::Title),
            "El título del chat tiene como máximo 80 caracteres, en una línea; déjalo vacío para mostrar el nombre del canal."
        );
        assert_eq!(
            bot_error(Lang::En, &BotError::Status(404)),
            "The bot answered HTTP 404; it must answer 200 with JSON."
        );
        assert!(url_error(Lang::PtBr).contains("https://"));
        assert_eq!(
            automation_error(Lang::En, &AutomationError::RatingWait),
            "The wait for the rating must be between 0 and 60 minutes."
        );
    }
}
