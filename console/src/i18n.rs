//! The console's language (#22) and its texts in it, from shared's console
//! catalog (`shared/locales/console/*.ftl`, [`ConsoleMsg`]).
//!
//! The language is the person's choice (their preferences, kept by the
//! server, so it follows them), else the browser's first language the
//! catalog has. It is a signal in a context: choosing another language
//! redraws every text at once, without a reload. The page's `<html lang>`
//! follows it, for screen readers and the browser's own widgets.
//!
//! Every text shown here is in the console's catalog (#22).

use std::cell::Cell;

use canal_shared::i18n::{Arg, ConsoleMsg, Lang};
use leptos::prelude::*;

/// The console's language, provided at the root as a context.
#[derive(Clone, Copy, Debug)]
pub struct Locale(RwSignal<Lang>);

thread_local! {
    /// The app's locale, for code that runs outside the components' tree
    /// (event handlers, tasks), where no context is found.
    static APP: Cell<Option<Locale>> = const { Cell::new(None) };
}

impl Locale {
    /// Starts in the browser's language and provides it to the whole app.
    pub fn provide() -> Locale {
        let locale = Locale(RwSignal::new(browser_lang()));
        provide_context(locale);
        APP.with(|a| a.set(Some(locale)));
        Effect::new(move |_| {
            let tag = locale.0.get().tag();
            if let Some(html) = document().document_element() {
                let _ = html.set_attribute("lang", tag);
            }
        });
        locale
    }

    /// The locale the app provided (from anywhere: a component, an event
    /// handler, a task), or the browser's language before it did.
    pub fn current() -> Locale {
        use_context::<Locale>()
            .or_else(|| APP.with(Cell::get))
            .unwrap_or_else(|| Locale(RwSignal::new(browser_lang())))
    }

    /// The language, tracked.
    pub fn lang(self) -> Lang {
        self.0.get()
    }

    /// The language now, not tracked.
    pub fn lang_now(self) -> Lang {
        self.0.get_untracked()
    }

    /// Follows a person's choice: a catalog tag, or none for the browser's.
    pub fn choose(self, tag: Option<&str>) {
        let lang = match tag {
            Some(tag) => Lang::negotiate([tag]),
            None => browser_lang(),
        };
        if self.0.get_untracked() != lang {
            self.0.set(lang);
        }
    }
}

/// The browser's first language the catalog has (English if none, or
/// outside a browser, as in unit tests).
pub fn browser_lang() -> Lang {
    let languages: Vec<String> = web_sys::window()
        .map(|w| w.navigator().languages())
        .map(|l| l.iter().filter_map(|v| v.as_string()).collect())
        .unwrap_or_default();
    Lang::negotiate(languages.iter().map(String::as_str))
}

/// The text of `msg` in the console's language, as a reactive closure for a
/// view (it redraws when the language changes).
pub fn t(msg: ConsoleMsg) -> impl Fn() -> String + Copy + Send + Sync + 'static {
    let locale = Locale::current();
    move || locale.lang().console_text(msg).into_owned()
}

/// The console's language now (not tracked): for an event handler or a
/// task that builds several texts.
pub fn lang_now() -> Lang {
    Locale::current().lang_now()
}

/// The text of `msg` with `args`, now (not tracked): for a message built in
/// an event handler or a task.
pub fn text(msg: ConsoleMsg, args: &[(&str, Arg<'_>)]) -> String {
    Locale::current().lang_now().console(msg, args)
}
