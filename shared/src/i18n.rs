//! Visitor-facing texts in every language Canal speaks (R-W-5): the widget's
//! own, its launcher's, and the defaults of the channel's automatic messages.
//!
//! The texts live in `shared/locales/<tag>.ftl`, in Fluent syntax. The build
//! script parses them with `fluent-syntax` and turns them into the tables
//! below, checking that every language has every message of the reference
//! (`en`) with the same variables; a missing or extra message fails the build.
//! What remains at run time is small enough for the widget: text,
//! `{ $variables }` and selectors on a number (exact values first, then the
//! plural category the caller's rules give, as Fluent does) or a string.
//! Unlike Fluent's own runtime, placeables are not wrapped in bidi isolation
//! marks.
//!
//! The plural rules are the caller's ([`Lang::format`]): the browser has them
//! (`Intl.PluralRules`), so the widget does not carry a copy.
//!
//! The emails' texts (`shared/locales/email/`, [`EmailMsg`]) are a second
//! catalog in the same languages, resolved by [`Lang::email`] with the same
//! resolver and the small CLDR rules of [`Lang::plural`] (the worker has no
//! `Intl`); the widget never names them, so they stay out of it. So are
//! what the server and the loader say (`shared/locales/server/`,
//! [`ServerMsg`], [`Lang::server`]): the launcher's labels, the channel's
//! automatic messages and the bot's lines. The console's texts
//! (`shared/locales/console/`, [`ConsoleMsg`], [`Lang::console`]) are a
//! fourth.

use std::borrow::Cow;

include!(concat!(env!("OUT_DIR"), "/catalog.rs"));
include!(concat!(env!("OUT_DIR"), "/email_catalog.rs"));
include!(concat!(env!("OUT_DIR"), "/server_catalog.rs"));
include!(concat!(env!("OUT_DIR"), "/console_catalog.rs"));

/// One piece of a message.
#[derive(Debug)]
enum Part {
    Text(&'static str),
    Var(&'static str),
    Select {
        var: &'static str,
        variants: &'static [(Key, &'static [Part])],
        default: usize,
    },
}

/// A variant's key: a plural category or string (`[one]`), or a number (`[0]`).
#[derive(Debug)]
enum Key {
    Name(&'static str),
    Number(i64),
}

/// A CLDR plural category, as the caller's plural rules give it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PluralCategory {
    /// `zero`.
    Zero,
    /// `one`.
    One,
    /// `two`.
    Two,
    /// `few`.
    Few,
    /// `many`.
    Many,
    /// `other`.
    Other,
}

impl PluralCategory {
    /// Its CLDR name, as in a variant key.
    pub fn name(self) -> &'static str {
        match self {
            PluralCategory::Zero => "zero",
            PluralCategory::One => "one",
            PluralCategory::Two => "two",
            PluralCategory::Few => "few",
            PluralCategory::Many => "many",
            PluralCategory::Other => "other",
        }
    }

    /// From a CLDR name (`Intl.PluralRules#select` gives one); unknown is
    /// `other`.
    pub fn from_name(name: &str) -> PluralCategory {
        match name {
            "zero" => PluralCategory::Zero,
            "one" => PluralCategory::One,
            "two" => PluralCategory::Two,
            "few" => PluralCategory::Few,
            "many" => PluralCategory::Many,
            _ => PluralCategory::Other,
        }
    }
}

/// A value for a message's variable.
#[derive(Clone, Copy, Debug)]
pub enum Arg<'a> {
    /// Text, put in as is.
    Str(&'a str),
    /// A whole number: written in digits, and selects by plural category.
    Num(i64),
}

impl Arg<'_> {
    /// A count or a size (beyond `i64`, the largest `i64`).
    pub fn count(n: usize) -> Self {
        Arg::Num(i64::try_from(n).unwrap_or(i64::MAX))
    }
}

impl Lang {
    /// The language for the visitor: the first of `wanted` (BCP 47 tags, most
    /// preferred first: the page's `data-lang` or `lang`, then the browser's)
    /// that the catalog has, by exact tag or else by language (`pt-PT` gets
    /// `pt-BR`, `es-MX` gets `es`); the default ([`Lang::ALL`]`[0]`) if none.
    pub fn negotiate<'a>(wanted: impl IntoIterator<Item = &'a str>) -> Lang {
        for tag in wanted {
            let tag = tag.trim();
            if let Some(l) = Lang::ALL.iter().find(|l| l.tag().eq_ignore_ascii_case(tag)) {
                return *l;
            }
            let primary = tag.split(['-', '_']).next().unwrap_or_default();
            if primary.is_empty() {
                continue;
            }
            if let Some(l) = Lang::ALL.iter().find(|l| {
                l.tag()
                    .split('-')
                    .next()
                    .is_some_and(|p| p.eq_ignore_ascii_case(primary))
            }) {
                return *l;
            }
        }
        Lang::ALL[0]
    }

    /// The text of a message that has no variables (a variable would show
    /// as `{$name}`; a selector takes its default variant).
    pub fn text(self, msg: Msg) -> Cow<'static, str> {
        match self.patterns()[msg as usize] {
            [Part::Text(t)] => Cow::Borrowed(t),
            _ => Cow::Owned(self.format(msg, &[], &|_| PluralCategory::Other)),
        }
    }

    /// The text of `msg` with `args`, numbers selected by `plural` (the
    /// CLDR cardinal rules of this language).
    pub fn format(
        self,
        msg: Msg,
        args: &[(&str, Arg<'_>)],
        plural: &dyn Fn(i64) -> PluralCategory,
    ) -> String {
        let mut out = String::new();
        write(&mut out, self.patterns()[msg as usize], args, plural);
        out
    }
}

impl Lang {
    /// An email's text (`locales/email/`), with `args`; plurals by
    /// [`Lang::plural`] (the worker has no browser to ask).
    pub fn email(self, msg: EmailMsg, args: &[(&str, Arg<'_>)]) -> String {
        self.resolve(self.email_patterns()[msg as usize], args)
    }

    /// What the server or the loader says (`locales/server/`), with
    /// `args`; plurals by [`Lang::plural`].
    pub fn server(self, msg: ServerMsg, args: &[(&str, Arg<'_>)]) -> String {
        self.resolve(self.server_patterns()[msg as usize], args)
    }

    /// The text of a [`ServerMsg`] without variables, borrowed.
    pub fn server_text(self, msg: ServerMsg) -> Cow<'static, str> {
        self.plain(self.server_patterns()[msg as usize])
    }

    /// What the console says (`locales/console/`), with `args`; plurals by
    /// [`Lang::plural`].
    pub fn console(self, msg: ConsoleMsg, args: &[(&str, Arg<'_>)]) -> String {
        self.resolve(self.console_patterns()[msg as usize], args)
    }

    /// The text of a [`ConsoleMsg`] without variables, borrowed.
    pub fn console_text(self, msg: ConsoleMsg) -> Cow<'static, str> {
        self.plain(self.console_patterns()[msg as usize])
    }

    /// `pattern` with `args`, plurals by [`Lang::plural`].
    fn resolve(self, pattern: &'static [Part], args: &[(&str, Arg<'_>)]) -> String {
        let mut out = String::new();
        let rule = |n| self.plural(n);
        write(&mut out, pattern, args, &rule);
        out
    }

    /// `pattern` without variables: borrowed when it is text alone.
    fn plain(self, pattern: &'static [Part]) -> Cow<'static, str> {
        match pattern {
            [Part::Text(t)] => Cow::Borrowed(t),
            _ => Cow::Owned(self.resolve(pattern, &[])),
        }
    }

    /// CLDR's cardinal plural category of an integer in this language, as
    /// `Intl.PluralRules` gives it: English and Spanish, one for 1;
    /// Portuguese, one for 0 and 1; Spanish and Portuguese, many for whole
    /// millions; other otherwise. The sign does not count. A new language
    /// must add its rule here (the match has no catch-all).
    pub fn plural(self, n: i64) -> PluralCategory {
        let millions = n != 0 && n % 1_000_000 == 0;
        let n = n.unsigned_abs();
        let (one, many) = match self {
            Lang::En => (n == 1, false),
            Lang::Es => (n == 1, millions),
            Lang::PtBr => (n <= 1, millions),
        };
        if one {
            PluralCategory::One
        } else if many {
            PluralCategory::Many
        } else {
            PluralCategory::Other
        }
    }
}

fn write(
    out: &mut String,
    parts: &[Part],
    args: &[(&str, Arg<'_>)],
    plural: &dyn Fn(i64) -> PluralCategory,
) {
    let arg = |name: &str| args.iter().find(|(k, _)| *k == name).map(|(_, v)| *v);
    for part in parts {
        match part {
            Part::Text(t) => out.push_str(t),
            Part::Var(name) => match arg(name) {
                Some(Arg::Str(s)) => out.push_str(s),
                Some(Arg::Num(n)) => out.push_str(&n.to_string()),
                None => {
                    out.push_str("{$");
                    out.push_str(name);
                    out.push('}');
                }
            },
            Part::Select {
                var,
                variants,
                default,
            } => {
                let chosen = match arg(var) {
                    Some(Arg::Num(n)) => variants
                        .iter()
                        .position(|(k, _)| matches!(k, Key::Number(x) if *x == n))
                        .or_else(|| {
                            let category = plural(n).name();
                            variants
                                .iter()
                                .position(|(k, _)| matches!(k, Key::Name(c) if *c == category))
                        }),
                    Some(Arg::Str(s)) => variants
                        .iter()
                        .position(|(k, _)| matches!(k, Key::Name(c) if *c == s)),
                    None => None,
                };
                write(out, variants[chosen.unwrap_or(*default)].1, args, plural);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// CLDR's cardinal rule for English and Spanish integers below a million.
    fn one_or_other(n: i64) -> PluralCategory {
        if n == 1 {
            PluralCategory::One
        } else {
            PluralCategory::Other
        }
    }

    #[test]
    fn every_language_has_every_message() {
        // R-W-5: the build refuses a catalog with a missing message; here,
        // none is empty either.
        assert_eq!(Lang::ALL.len(), 3);
        for lang in Lang::ALL {
            for msg in Msg::ALL {
                let text = lang.format(*msg, &[], &one_or_other);
                assert!(!text.trim().is_empty(), "{} {}", lang.tag(), msg.id());
            }
        }
    }

    #[test]
    fn the_visitors_language_comes_from_the_page_or_the_browser() {
        // R-W-5
        assert_eq!(Lang::negotiate(["pt-BR"]), Lang::PtBr);
        assert_eq!(Lang::negotiate(["PT-br"]), Lang::PtBr);
        assert_eq!(Lang::negotiate(["pt-PT"]), Lang::PtBr);
        assert_eq!(Lang::negotiate(["pt"]), Lang::PtBr);
        assert_eq!(Lang::negotiate(["es-MX", "en"]), Lang::Es);
        assert_eq!(Lang::negotiate(["", "de-DE", "es"]), Lang::Es);
        assert_eq!(Lang::negotiate(["fr", "de"]), Lang::En);
        assert_eq!(Lang::negotiate([]), Lang::En);
        assert_eq!(Lang::negotiate(["en_GB"]), Lang::En);
    }

    #[test]
    fn variables_and_plurals_are_filled_in() {
        let name = [("name", Arg::Str("Ana"))];
        assert_eq!(
            Lang::PtBr.format(Msg::OperatorAnswers, &name, &one_or_other),
            "Ana está atendendo você"
        );
        let count = |n| [("count", Arg::Num(n))];
        assert_eq!(
            Lang::En.format(Msg::CharsLeft, &count(1), &one_or_other),
            "1 character left"
        );
        assert_eq!(
            Lang::Es.format(Msg::CharsLeft, &count(12), &one_or_other),
            "Quedan 12 caracteres"
        );
        // Portuguese puts 0 with 1 (CLDR: i = 0,1): the caller's rules decide.
        let pt = |n: i64| {
            if n == 0 || n == 1 {
                PluralCategory::One
            } else {
                PluralCategory::Other
            }
        };
        assert_eq!(
            Lang::PtBr.format(Msg::CharsLeft, &count(1), &pt),
            "Resta 1 caractere"
        );
        // An exact number wins over the category.
        assert_eq!(
            Lang::PtBr.format(Msg::CharsLeft, &count(0), &pt),
            "Nenhum caractere restante"
        );
    }

    #[test]
    fn every_language_has_every_server_text() {
        for lang in Lang::ALL {
            for msg in ServerMsg::ALL {
                let text = lang.server_text(*msg);
                assert!(!text.trim().is_empty(), "{} {}", lang.tag(), msg.id());
            }
        }
        let count = [("count", Arg::Num(3))];
        assert_eq!(
            Lang::PtBr.server(ServerMsg::LauncherUnread, &count),
            "Mensagens não lidas: 3"
        );
    }

    #[test]
    fn every_language_has_every_email_text_and_its_plurals() {
        for lang in Lang::ALL {
            for msg in EmailMsg::ALL {
                assert!(
                    !lang.email(*msg, &[]).trim().is_empty(),
                    "{} {}",
                    lang.tag(),
                    msg.id()
                );
            }
        }
        let count = |n| [("count", Arg::Num(n))];
        assert!(Lang::En
            .email(EmailMsg::HistoryCut, &count(1))
            .contains("oldest message is"));
        assert!(Lang::PtBr
            .email(EmailMsg::HistoryCut, &count(3))
            .contains("as 3 mensagens"));
        assert_eq!(Lang::PtBr.plural(0), PluralCategory::One);
        assert_eq!(Lang::PtBr.plural(1), PluralCategory::One);
        assert_eq!(Lang::PtBr.plural(2), PluralCategory::Other);
        assert_eq!(Lang::Es.plural(0), PluralCategory::Other);
        assert_eq!(Lang::En.plural(1), PluralCategory::One);
        assert_eq!(Lang::En.plural(-1), PluralCategory::One);
        assert_eq!(Lang::Es.plural(1_000_000), PluralCategory::Many);
        assert_eq!(Lang::PtBr.plural(2_000_000), PluralCategory::Many);
        assert_eq!(Lang::PtBr.plural(1_000_001), PluralCategory::Other);
        assert_eq!(Lang::En.plural(1_000_000), PluralCategory::Other);
        // A category without its variant takes the default one.
        assert!(Lang::Es
            .email(EmailMsg::HistoryCut, &count(1_000_000))
            .contains("los 1000000 mensajes"));
    }

    #[test]
    fn a_missing_variable_shows_its_name() {
        assert_eq!(Lang::En.text(Msg::OperatorAnswers), "{$name} answers you");
        assert_eq!(Lang::Es.text(Msg::Send), "Enviar");
    }
}
