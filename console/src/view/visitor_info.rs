//! Who the visitor is and where (issue #20), above the client's card: the
//! page they are on now and where they came from, their browser and
//! system, language, local time and time zone, how many conversations they
//! had before (from the CRM card), and the pages of this visit, newest
//! first. The widget reports it once the visitor accepted the notice
//! (R-C-1); operators only ever receive it.
//!
//! Every text shown here is in the console's catalog (#22).

use canal_shared::i18n::{Arg, ConsoleMsg, Lang};
use canal_shared::time::Timestamp;
use canal_shared::visit::{describe_agent, is_web_url, PageView, VisitorContext};
use leptos::prelude::*;

use crate::format::{full_time, now, time_of_day};
use crate::i18n::{t, Locale};
use crate::view::linked::link_rel;

/// How often the visitor's local time is read again, in milliseconds.
const CLOCK_MS: u64 = 20_000;

/// The time of day somewhere, as operators read a visitor's local time.
#[derive(Clone, Debug, PartialEq, Eq)]
struct LocalTime {
    /// `HH:MM`, 24-hour.
    clock: String,
    /// The offset from UTC then, `UTC-03:00`.
    offset: String,
}

/// The time at `at` in `zone` (an IANA name) from the browser's own
/// time-zone data (`Intl.DateTimeFormat`), or `None` for a zone it does not
/// know. The console carries no time-zone tables of its own: computing
/// offsets with chrono-tz here cost 150 KB of gzip.
fn local_time(zone: &str, at: Timestamp) -> Option<LocalTime> {
    use wasm_bindgen::{JsCast, JsValue};

    let intl = js_sys::Reflect::get(&js_sys::global(), &"Intl".into()).ok()?;
    let ctor: js_sys::Function = js_sys::Reflect::get(&intl, &"DateTimeFormat".into())
        .ok()?
        .dyn_into()
        .ok()?;
    let options = js_sys::Object::new();
    for (k, v) in [
        ("timeZone", zone),
        ("hour", "2-digit"),
        ("minute", "2-digit"),
        ("hourCycle", "h23"),
        ("timeZoneName", "longOffset"),
    ] {
        js_sys::Reflect::set(&options, &k.into(), &v.into()).ok()?;
    }
    let args = js_sys::Array::of2(&"en-GB".into(), &options);
    // An unknown zone throws a RangeError: caught here.
    let format = js_sys::Reflect::construct(&ctor, &args).ok()?;
    let parts: js_sys::Function = js_sys::Reflect::get(&format, &"formatToParts".into())
        .ok()?
        .dyn_into()
        .ok()?;
    let date = js_sys::Date::new(&JsValue::from_f64(at.0 as f64));
    let parts: js_sys::Array = parts.call1(&format, &date).ok()?.dyn_into().ok()?;
    let part = |name: &str| {
        parts.iter().find_map(|p| {
            let kind = js_sys::Reflect::get(&p, &"type".into()).ok()?.as_string()?;
            (kind == name).then(|| js_sys::Reflect::get(&p, &"value".into()).ok()?.as_string())?
        })
    };
    Some(LocalTime {
        clock: format!("{}:{}", part("hour")?, part("minute")?),
        offset: utc_offset(&part("timeZoneName")?),
    })
}

/// A language tag as people read it in `lang`, "Portuguese (Brazil)" for
/// `pt-BR` in English, from the browser's `Intl.DisplayNames`; the tag
/// itself where the browser has no name for it.
fn language_name(lang: Lang, tag: &str) -> String {
    use wasm_bindgen::JsCast;

    let name = (|| {
        let intl = js_sys::Reflect::get(&js_sys::global(), &"Intl".into()).ok()?;
        let ctor: js_sys::Function = js_sys::Reflect::get(&intl, &"DisplayNames".into())
            .ok()?
            .dyn_into()
            .ok()?;
        let options = js_sys::Object::new();
        js_sys::Reflect::set(&options, &"type".into(), &"language".into()).ok()?;
        let names =
            js_sys::Reflect::construct(&ctor, &js_sys::Array::of2(&lang.tag().into(), &options))
                .ok()?;
        let of: js_sys::Function = js_sys::Reflect::get(&names, &"of".into())
            .ok()?
            .dyn_into()
            .ok()?;
        // A malformed tag throws a RangeError: caught here.
        of.call1(&names, &tag.into()).ok()?.as_string()
    })();
    match name {
        Some(n) if n != tag => lang.console(
            ConsoleMsg::VisitorInfoLangName,
            &[("name", Arg::Str(&n)), ("tag", Arg::Str(tag))],
        ),
        _ => tag.to_owned(),
    }
}

/// `GMT-03:00` (or `GMT` for UTC itself) as `UTC-03:00`.
fn utc_offset(gmt: &str) -> String {
    match gmt.strip_prefix("GMT") {
        Some("") => "UTC+00:00".to_owned(),
        Some(rest) => format!("UTC{rest}"),
        None => gmt.to_owned(),
    }
}

/// How many conversations the client had before, in `lang`: "None: this
/// is the first", "1 conversation", "3 conversations"; `None` while the CRM
/// has no card.
pub fn before_label(lang: Lang, before: Option<usize>) -> String {
    match before {
        None => lang
            .console_text(ConsoleMsg::VisitorInfoBeforeUnknown)
            .into_owned(),
        Some(0) => lang
            .console_text(ConsoleMsg::VisitorInfoBeforeNone)
            .into_owned(),
        Some(n) => lang.console(
            ConsoleMsg::VisitorInfoBeforeCount,
            &[("count", Arg::count(n))],
        ),
    }
}

/// The visitor panel.
#[component]
pub fn VisitorInfo(
    /// What the conversation's socket says of the visitor.
    visitor: Signal<Option<VisitorContext>>,
    /// How many conversations the client had before this one (the CRM
    /// card's), once known.
    before: Signal<Option<usize>>,
) -> impl IntoView {
    let locale = Locale::current();
    let clock = RwSignal::new(now());
    if let Ok(h) = set_interval_with_handle(
        move || {
            clock.try_set(now());
        },
        std::time::Duration::from_millis(CLOCK_MS),
    ) {
        on_cleanup(move || h.clear());
    }
    view! {
        <section class="visitor-info" aria-labelledby="visitor-info-title" data-testid="visitor-info">
            <h2 id="visitor-info-title">{t(ConsoleMsg::VisitorInfoTitle)}</h2>
            {move || match visitor.get() {
                None => view! {
                    <p class="visitor-none" data-testid="visitor-none">
                        {t(ConsoleMsg::VisitorInfoNone)}
                    </p>
                }
                    .into_any(),
                Some(c) => {
                    let browser = c
                        .user_agent
                        .as_deref()
                        .map(|ua| describe_agent(ua).unwrap_or_else(|| ua.to_owned()));
                    let zone = c.time_zone.clone();
                    let trail = c.trail.clone();
                    view! {
                        <dl class="visitor-facts">
                            <dt>{t(ConsoleMsg::VisitorInfoPage)}</dt>
                            <dd data-testid="visitor-page">
                                <PageLink page=c.page.clone() />
                            </dd>
                            <dt>{t(ConsoleMsg::VisitorInfoReferrer)}</dt>
                            <dd data-testid="visitor-referrer">
                                {match c.referrer {
                                    Some(r) => view! { <UrlLink url=r.clone() text=r /> }.into_any(),
                                    None => view! { <span class="visitor-unknown">{t(ConsoleMsg::VisitorInfoDirect)}</span> }.into_any(),
                                }}
                            </dd>
                            <dt>{t(ConsoleMsg::VisitorInfoBrowser)}</dt>
                            <dd data-testid="visitor-browser" title=c.user_agent.clone()>
                                {move || browser.clone().unwrap_or_else(t(ConsoleMsg::VisitorInfoNotSaid))}
                            </dd>
                            <dt>{t(ConsoleMsg::VisitorInfoLang)}</dt>
                            <dd data-testid="visitor-lang" title=c.lang.clone()>
                                {
                                    let tag = c.lang.clone();
                                    move || {
                                        let lang = locale.lang();
                                        tag.as_deref()
                                            .map(|tag| language_name(lang, tag))
                                            .unwrap_or_else(t(ConsoleMsg::VisitorInfoNotSaid))
                                    }
                                }
                            </dd>
                            <dt>{t(ConsoleMsg::VisitorInfoTime)}</dt>
                            <dd data-testid="visitor-time" class="visitor-time">
                                {move || match zone.as_deref().and_then(|z| local_time(z, clock.get()).map(|t| (z, t))) {
                                    Some((z, t)) => view! {
                                        <time class="visitor-clock">{t.clock}</time>
                                        " "
                                        <span class="visitor-zone">{z.to_owned()}</span>
                                        " "
                                        <span class="visitor-offset">{format!("({})", t.offset)}</span>
                                    }
                                        .into_any(),
                                    None => view! { <span class="visitor-unknown">{t(ConsoleMsg::VisitorInfoNotSaid)}</span> }.into_any(),
                                }}
                            </dd>
                            <dt>{t(ConsoleMsg::VisitorInfoBefore)}</dt>
                            <dd data-testid="visitor-before">{move || before_label(locale.lang(), before.get())}</dd>
                        </dl>
                        <div class="visitor-trail-part">
                            <h3>{t(ConsoleMsg::VisitorInfoTrail)}</h3>
                            <ol class="visitor-trail" data-testid="visitor-trail">
                                {trail
                                    .into_iter()
                                    .map(|p| {
                                        let at = p.at;
                                        view! {
                                            <li data-testid="visitor-trail-page">
                                                <time datetime=full_time(at)>{time_of_day(at)}</time>
                                                <PageLink page=p />
                                            </li>
                                        }
                                    })
                                    .collect_view()}
                            </ol>
                        </div>
                    }
                        .into_any()
                }
            }}
        </section>
    }
}

/// A page as a link: its title (else its address), the address beneath.
#[component]
fn PageLink(page: PageView) -> impl IntoView {
    let text = if page.title.trim().is_empty() {
        page.url.clone()
    } else {
        page.title.clone()
    };
    let (link, title, url) = (page.url.clone(), page.url.clone(), page.url);
    view! {
        <span class="visitor-page">
            <UrlLink url=link text />
            <span class="visitor-url" title=title>{url}</span>
        </span>
    }
}

/// `text` linking to `url` in a new tab, when `url` is a web address (the
/// machine lets no other through); plain text otherwise.
#[component]
fn UrlLink(url: String, text: String) -> impl IntoView {
    if !is_web_url(&url) {
        return view! { <span class="visitor-link">{text}</span> }.into_any();
    }
    let title = url.clone();
    view! {
        <a class="visitor-link" href=url title=title target="_blank" rel=link_rel()>
            {text}
        </a>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_read_well() {
        assert_eq!(before_label(Lang::En, None), "Not known yet");
        assert_eq!(before_label(Lang::En, Some(0)), "None: this is the first");
        assert_eq!(before_label(Lang::En, Some(1)), "1 conversation");
        assert_eq!(before_label(Lang::En, Some(2)), "2 conversations");
    }

    #[test]
    fn offsets_read_as_utc() {
        assert_eq!(utc_offset("GMT-03:00"), "UTC-03:00");
        assert_eq!(utc_offset("GMT+05:30"), "UTC+05:30");
        assert_eq!(utc_offset("GMT"), "UTC+00:00");
    }
}
