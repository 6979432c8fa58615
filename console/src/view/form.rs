//! Small helpers shared by the admin forms: the channel picker, minutes as
//! people type them, messages as sentences, problems by field, and what
//! visitors see of an operator (a name, a position, an avatar) as typed.
//!
//! Every text shown here is in the console's catalog (#22).

use canal_shared::i18n::{Arg, ConsoleMsg};
use canal_shared::ids::ChannelId;
use canal_shared::protocol::ChannelInfo;
use canal_shared::text::{parse_name, MAX_NAME_CHARS};
use canal_shared::widget_settings::{
    parse_avatar, parse_position, OperatorCard, MAX_AVATAR_CHARS, MAX_POSITION_CHARS,
};
use leptos::prelude::*;

use crate::i18n::{t, text};

/// How a message is said: [`text`] in the app, a fixed language in tests.
type Say = fn(ConsoleMsg, &[(&str, Arg<'_>)]) -> String;

/// [`text`] in the browser; English off it (native unit tests, which have no
/// browser language to read).
fn now(msg: ConsoleMsg, args: &[(&str, Arg<'_>)]) -> String {
    if cfg!(target_arch = "wasm32") {
        text(msg, args)
    } else {
        canal_shared::i18n::Lang::En.console(msg, args)
    }
}

/// Which channel a settings page edits: nothing with one channel, a note with
/// none, a select with several. Test ids `<prefix>-channel` and
/// `<prefix>-no-channel`.
#[component]
pub fn ChannelPicker(
    /// The page's test-id prefix (`queue`, `automation`).
    prefix: &'static str,
    /// The admin's channels.
    channels: Vec<ChannelInfo>,
    /// Called with the channel picked.
    on_pick: Callback<ChannelId>,
) -> impl IntoView {
    let id = format!("{prefix}-channel");
    match channels.len() {
        0 => view! {
            <p class="empty" data-testid=format!("{prefix}-no-channel")>{t(ConsoleMsg::FormNoChannel)}</p>
        }
        .into_any(),
        1 => ().into_any(),
        _ => view! {
            <div class="admin-field">
                <label for=id.clone()>{t(ConsoleMsg::FormChannel)}</label>
                <select
                    id=id.clone()
                    data-testid=id
                    on:change=move |ev| {
                        if let Ok(id) = ChannelId::parse(&event_target_value(&ev)) {
                            on_pick.run(id);
                        }
                    }
                >
                    {channels
                        .iter()
                        .map(|c| view! { <option value=c.id.to_string()>{c.name.clone()}</option> })
                        .collect_view()}
                </select>
            </div>
        }
        .into_any(),
    }
}

/// What is wrong with a form: one sentence per field, by the field's id, in
/// the page's order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Problems(Vec<(String, String)>);

impl Problems {
    /// Adds `problem` to `field`, if there is one.
    pub fn add(&mut self, field: impl Into<String>, problem: Option<String>) {
        if let Some(problem) = problem {
            self.0.push((field.into(), problem));
        }
    }

    /// Adds every problem of `other`, after these.
    pub fn append(&mut self, other: Problems) {
        self.0.extend(other.0);
    }

    /// The problem of `field`, if any.
    pub fn of(&self, field: &str) -> Option<String> {
        self.0
            .iter()
            .find(|(f, _)| f == field)
            .map(|(_, p)| p.clone())
    }

    /// Whether nothing is wrong.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Every problem, for the alert.
    pub fn summary(&self) -> String {
        self.0
            .iter()
            .map(|(_, p)| p.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// Adds `problem` of the form as a whole (no one field to fix), if
    /// there is one: it is said in the alert only.
    pub fn add_general(&mut self, problem: Option<String>) {
        self.add(String::new(), problem);
    }

    /// The id of the first field to fix.
    pub fn first_field(&self) -> Option<&str> {
        self.0
            .iter()
            .map(|(f, _)| f.as_str())
            .find(|f| !f.is_empty())
    }
}

/// The problem of the field `id`, when it has one: `#{id}-error`, which the
/// field names in its `aria-describedby`.
#[component]
pub fn FieldError(
    /// The form's problems.
    problems: RwSignal<Problems>,
    /// The field's id.
    id: String,
    /// The problem's `data-testid`.
    testid: String,
) -> impl IntoView {
    let error_id = format!("{id}-error");
    move || {
        problems.with(|p| p.of(&id)).map(|e| {
            view! { <p class="field-error" id=error_id.clone() data-testid=testid.clone()>{e}</p> }
        })
    }
}

/// What is wrong with each field of an operator's card, as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CardProblems {
    /// The name's problem.
    pub name: Option<String>,
    /// The position's problem.
    pub position: Option<String>,
    /// The avatar's problem.
    pub avatar: Option<String>,
}

/// An operator's card from its fields as typed, checked field by field with
/// the worker's rules ([`OperatorCard::validate`]): trimmed, blank optional
/// fields left out.
pub fn card_from_fields(
    name: &str,
    position: &str,
    avatar: &str,
) -> Result<OperatorCard, CardProblems> {
    card_from_fields_in(name, position, avatar, now)
}

/// [`card_from_fields`], saying its problems with `say`.
fn card_from_fields_in(
    name: &str,
    position: &str,
    avatar: &str,
    say: Say,
) -> Result<OperatorCard, CardProblems> {
    let max = i64::try_from(MAX_NAME_CHARS).unwrap_or(i64::MAX);
    let name =
        parse_name(name).map_err(|_| say(ConsoleMsg::FormNameInvalid, &[("max", Arg::Num(max))]));
    let position = parse_position(Some(position)).map_err(|_| {
        say(
            ConsoleMsg::ErrorsPosition,
            &[("max", Arg::count(MAX_POSITION_CHARS))],
        )
    });
    let avatar = parse_avatar(Some(avatar)).map_err(|_| {
        say(
            ConsoleMsg::ErrorsAvatar,
            &[("max", Arg::count(MAX_AVATAR_CHARS))],
        )
    });
    match (name, position, avatar) {
        (Ok(name), Ok(position), Ok(avatar)) => Ok(OperatorCard {
            name,
            position,
            avatar,
        }),
        (name, position, avatar) => Err(CardProblems {
            name: name.err(),
            position: position.err(),
            avatar: avatar.err(),
        }),
    }
}

/// How many characters of `limit` a text uses, as the worker counts them
/// (trimmed), and whether it is over.
pub fn char_count(typed: &str, limit: usize) -> (String, bool) {
    char_count_in(typed, limit, now)
}

/// [`char_count`], said with `say`.
fn char_count_in(typed: &str, limit: usize, say: Say) -> (String, bool) {
    let used = typed.trim().chars().count();
    let label = if used > limit {
        say(
            ConsoleMsg::FormCharCountOver,
            &[
                ("used", Arg::count(used)),
                ("limit", Arg::count(limit)),
                ("over", Arg::count(used - limit)),
            ],
        )
    } else {
        say(
            ConsoleMsg::FormCharCount,
            &[("used", Arg::count(used)), ("limit", Arg::count(limit))],
        )
    };
    (label, used > limit)
}

/// A section's heading that names the channel when it is the only one
/// shown: `one` with its name as `channel`, else `any`.
pub fn channel_heading(
    channels: &[ChannelInfo],
    one: ConsoleMsg,
    any: ConsoleMsg,
) -> impl Fn() -> String + Copy + Send + Sync + 'static {
    let only = match channels {
        [only] => Some(only.name.clone()),
        _ => None,
    };
    let only = StoredValue::new(only);
    let locale = crate::i18n::Locale::current();
    move || {
        only.with_value(|only| match only {
            Some(name) => locale.lang().console(one, &[("channel", Arg::Str(name))]),
            None => locale.lang().console(any, &[]),
        })
    }
}

/// `text` with a capital letter and a full stop.
pub fn sentence(text: &str) -> String {
    let mut chars = text.chars();
    let mut out: String = chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default();
    if !out.ends_with('.') {
        out.push('.');
    }
    out
}

/// `ms` as minutes for the form: whole minutes as an integer, anything else
/// with six decimals at most, which [`minutes_to_ms`] reads back to the same
/// millisecond.
pub fn ms_to_minutes(ms: i64) -> String {
    let sign = if ms < 0 { "-" } else { "" };
    let ms = ms.unsigned_abs();
    let (whole, rest) = (ms / 60_000, ms % 60_000);
    if rest == 0 {
        return format!("{sign}{whole}");
    }
    // rest / 60000 to six decimals, rounded: below 0.9999995, so no carry.
    let millionths = (rest * 1_000_000 * 2 + 60_000) / 120_000;
    let digits = format!("{millionths:06}");
    format!("{sign}{whole}.{}", digits.trim_end_matches('0'))
}

/// The minutes typed (`"3"`, `"1.5"`) in milliseconds, rounded to the
/// nearest; `None` if it is not a decimal number.
pub fn minutes_to_ms(text: &str) -> Option<i64> {
    let text = text.trim();
    let (negative, text) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
    if (whole.is_empty() && fraction.is_empty())
        || !whole
            .bytes()
            .chain(fraction.bytes())
            .all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let whole = whole.trim_start_matches('0');
    if whole.len() > 12 {
        // Far beyond twelve hours either way.
        return Some(if negative { i64::MIN } else { i64::MAX });
    }
    let whole: i128 = whole.parse().unwrap_or(0);
    // Digits past the ninth are below a millionth of a millisecond.
    let fraction = &fraction[..fraction.len().min(9)];
    let scale = 10_i128.pow(fraction.len() as u32);
    let numerator: i128 = fraction.parse().unwrap_or(0);
    let fraction_ms = (numerator * 60_000 * 2 + scale) / (scale * 2);
    let ms = i64::try_from(whole * 60_000 + fraction_ms).ok()?;
    Some(if negative { -ms } else { ms })
}

/// A form's Save button and, once saved, "Saved" beside it. Test ids
/// `<prefix>-save` and `<prefix>-saved`.
#[component]
pub fn SaveBar(
    /// The page's test-id prefix (`kpi`, `files`).
    prefix: &'static str,
    /// Whether what the form shows is saved.
    #[prop(into)]
    saved: Signal<bool>,
) -> impl IntoView {
    view! {
        <div class="admin-actions">
            <button type="submit" data-testid=format!("{prefix}-save")>{t(ConsoleMsg::FormSave)}</button>
            <p role="status" class="admin-saved" data-testid=format!("{prefix}-saved")>
                {move || saved.get().then(t(ConsoleMsg::FormSaved))}
            </p>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use canal_shared::i18n::Lang;

    fn en(msg: ConsoleMsg, args: &[(&str, Arg<'_>)]) -> String {
        Lang::En.console(msg, args)
    }

    fn card_from_fields(
        name: &str,
        position: &str,
        avatar: &str,
    ) -> Result<OperatorCard, CardProblems> {
        card_from_fields_in(name, position, avatar, en)
    }

    fn char_count(typed: &str, limit: usize) -> (String, bool) {
        char_count_in(typed, limit, en)
    }

    #[test]
    fn problems_keep_the_page_s_order() {
        let mut p = Problems::default();
        assert!(p.is_empty());
        p.add("b", Some("B is wrong.".into()));
        p.add("c", None);
        p.add("a", Some("A is wrong.".into()));
        assert_eq!(p.first_field(), Some("b"));
        assert_eq!(p.of("a").as_deref(), Some("A is wrong."));
        assert_eq!(p.of("c"), None);
        assert_eq!(p.summary(), "B is wrong. A is wrong.");
        let mut later = Problems::default();
        later.add("d", Some("D is wrong.".into()));
        p.append(later);
        assert_eq!(p.first_field(), Some("b"));
        assert_eq!(p.summary(), "B is wrong. A is wrong. D is wrong.");
    }

    #[test]
    fn a_problem_of_the_whole_form_is_said_but_has_no_field() {
        let mut p = Problems::default();
        p.add_general(Some("The queue is wrong.".into()));
        assert_eq!(p.first_field(), None);
        p.add("b", Some("B is wrong.".into()));
        assert_eq!(p.first_field(), Some("b"));
        assert_eq!(p.summary(), "The queue is wrong. B is wrong.");
        assert!(!p.is_empty());
    }

    #[test]
    fn cards_are_checked_field_by_field() {
        // R-A-1
        assert_eq!(
            card_from_fields(" Ana Lima ", " ", ""),
            Ok(OperatorCard {
                name: "Ana Lima".into(),
                position: None,
                avatar: None,
            })
        );
        assert_eq!(
            card_from_fields("Ana", " Support ", " https://cdn.example/ana.png "),
            Ok(OperatorCard {
                name: "Ana".into(),
                position: Some("Support".into()),
                avatar: Some("https://cdn.example/ana.png".into()),
            })
        );
        let problems = card_from_fields(" ", "Support", "http://cdn.example/a.png").unwrap_err();
        assert_eq!(
            problems.name.as_deref(),
            Some("Enter a name of 1 to 80 characters, on one line.")
        );
        assert_eq!(problems.position, None);
        assert_eq!(
            problems.avatar.as_deref(),
            Some(
                "An avatar must be an https:// address of at most 500 characters, without spaces."
            )
        );
        let problems = card_from_fields("Ana", &"p".repeat(81), "").unwrap_err();
        assert_eq!(
            problems.position.as_deref(),
            Some("A position is at most 80 characters, on one line.")
        );
    }

    #[test]
    fn counts_are_the_worker_s() {
        assert_eq!(
            char_count("  abc \n", 5),
            ("3 of 5 characters".into(), false)
        );
        assert_eq!(char_count("ééééé", 5), ("5 of 5 characters".into(), false));
        assert_eq!(
            char_count("abcdefg", 5),
            ("7 of 5 characters: 2 too many".into(), true)
        );
    }

    #[test]
    fn sentences_start_big_and_end_with_a_stop() {
        assert_eq!(sentence("the text is empty"), "The text is empty.");
        assert_eq!(sentence("Done."), "Done.");
    }
}
