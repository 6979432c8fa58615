//! The visitor's language and the widget's texts in it (R-W-5), from the
//! shared message catalog ([`canal_shared::i18n`]).
//!
//! The language is chosen once, at start: the page's (`data-lang` on the
//! script tag, else `<html lang>`, passed by the loader), else the
//! browser's. Plural rules are the browser's own (`Intl.PluralRules`).

use std::borrow::Cow;
use std::cell::Cell;

use canal_shared::i18n::{Arg, Lang, Msg, PluralCategory};

thread_local! {
    static LANG: Cell<Lang> = const { Cell::new(Lang::En) };
}

/// Chooses the language from the page's tag (if any) and the browser's
/// preferences, and keeps it for [`t`] and [`tf`].
pub fn choose(page: Option<&str>) -> Lang {
    let browser: Vec<String> = crate::env::window()
        .navigator()
        .languages()
        .iter()
        .filter_map(|v| v.as_string())
        .collect();
    let lang = Lang::negotiate(page.into_iter().chain(browser.iter().map(String::as_str)));
    LANG.with(|l| l.set(lang));
    lang
}

/// The language chosen.
pub fn lang() -> Lang {
    LANG.with(Cell::get)
}

/// A text without variables.
pub fn t(msg: Msg) -> Cow<'static, str> {
    lang().text(msg)
}

/// A text with variables; numbers select by the browser's plural rules.
pub fn tf(msg: Msg, args: &[(&str, Arg<'_>)]) -> String {
    let lang = lang();
    let locales = js_sys::Array::of1(&lang.tag().into());
    let rules = js_sys::Intl::PluralRules::new(&locales, &js_sys::Object::new());
    lang.format(msg, args, &|n| {
        PluralCategory::from_name(&String::from(rules.select(n as f64)))
    })
}
