//! Who the visitor is and where (issue #20): the page they are on, the page
//! they came from, their browser, language and time zone, as the widget
//! reports them in [`crate::protocol::ClientFrame::Visit`].
//!
//! What the browser says is input like any other (R-S-3): [`Visit::cleaned`]
//! bounds and checks it, the conversation keeps the current page and a short
//! trail ([`VisitorContext`]) and shows them to operators only, and only once
//! the visitor accepted the personal-data notice when the channel shows one
//! (R-C-1).

use std::str::FromStr;

use serde::{Deserialize, Serialize};
use thiserror::Error;

pub use crate::protocol::PageView;
pub use crate::protocol::VisitorContext;
use crate::time::Timestamp;

/// Longest page address (and referrer), in characters.
pub const MAX_URL_CHARS: usize = 2048;
/// Longest page title, in characters.
pub const MAX_TITLE_CHARS: usize = 200;
/// Longest user agent, in characters.
pub const MAX_AGENT_CHARS: usize = 512;
/// Longest language tag, in characters (BCP 47's practical limit).
pub const MAX_LANG_CHARS: usize = 35;
/// How many pages of the visit are kept, newest first.
pub const TRAIL_LEN: usize = 10;

/// What the widget reports of the page it is on.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Visit {
    /// The page's address: `http` or `https`.
    pub url: String,
    /// The page's title (may be empty).
    pub title: String,
    /// The page the visitor came from, if the browser tells.
    pub referrer: Option<String>,
    /// The browser's language, a BCP 47 tag (`pt-BR`).
    pub lang: Option<String>,
    /// The browser's time zone, an IANA name (`America/Sao_Paulo`).
    pub time_zone: Option<String>,
    /// The browser's user agent.
    pub user_agent: Option<String>,
}

/// Why a visit frame was refused.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum VisitError {
    /// Not an `http(s)` address.
    #[error("the {field} must be an http or https address")]
    NotWeb {
        /// `url` or `referrer`.
        field: &'static str,
    },
    /// Over its limit.
    #[error("the {field} is {len} characters long; the limit is {max}")]
    TooLong {
        /// Which field.
        field: &'static str,
        /// Characters received.
        len: usize,
        /// The limit.
        max: usize,
    },
    /// Not an IANA time zone.
    #[error("the time zone must be an IANA name such as Europe/Lisbon")]
    TimeZone,
    /// Control characters where none may be.
    #[error("the {field} contains control characters")]
    Control {
        /// Which field.
        field: &'static str,
    },
    /// Not a language tag.
    #[error("the language must be a BCP 47 tag such as pt-BR")]
    Lang,
}

impl Visit {
    /// The visit with its title cleaned (control characters removed,
    /// trimmed) and empty optional fields as none, or why it is refused.
    pub fn cleaned(&self) -> Result<Visit, VisitError> {
        let url = web_url("url", &self.url)?;
        let title: String = self
            .title
            .chars()
            .filter(|c| !c.is_control())
            .collect::<String>()
            .trim()
            .to_owned();
        bounded("title", &title, MAX_TITLE_CHARS)?;
        let referrer = match blank(&self.referrer) {
            Some(r) => Some(web_url("referrer", r)?),
            None => None,
        };
        let lang = blank(&self.lang).map(str::to_owned);
        if lang.as_deref().is_some_and(|l| !is_lang_tag(l)) {
            return Err(VisitError::Lang);
        }
        let time_zone = blank(&self.time_zone).map(str::to_owned);
        if time_zone
            .as_deref()
            .is_some_and(|z| chrono_tz::Tz::from_str(z).is_err())
        {
            return Err(VisitError::TimeZone);
        }
        let user_agent = blank(&self.user_agent).map(str::to_owned);
        if let Some(ua) = &user_agent {
            bounded("user agent", ua, MAX_AGENT_CHARS)?;
            if ua.chars().any(char::is_control) {
                return Err(VisitError::Control {
                    field: "user agent",
                });
            }
        }
        Ok(Visit {
            url,
            title,
            referrer,
            lang,
            time_zone,
            user_agent,
        })
    }
}

impl VisitorContext {
    /// The context after `visit` (cleaned) at `now`: a new page goes to the
    /// front of the trail; the same page again (a reload, a reconnect) only
    /// updates its title. The referrer is kept from the first page that
    /// came from another site, so moving through the site does not hide
    /// where the visitor came from.
    pub fn after(previous: Option<&VisitorContext>, visit: Visit, now: Timestamp) -> Self {
        let page = PageView {
            url: visit.url,
            title: visit.title,
            at: now,
        };
        let external = visit.referrer.filter(|r| !same_site(r, &page.url));
        let (referrer, mut trail) = match previous {
            Some(p) => (external.or_else(|| p.referrer.clone()), p.trail.clone()),
            None => (external, Vec::new()),
        };
        match trail.first_mut() {
            Some(first) if first.url == page.url => first.title.clone_from(&page.title),
            _ => {
                trail.insert(0, page.clone());
                trail.truncate(TRAIL_LEN);
            }
        }
        let page = trail.first().cloned().unwrap_or(page);
        VisitorContext {
            page,
            referrer,
            lang: visit.lang,
            time_zone: visit.time_zone,
            user_agent: visit.user_agent,
            trail,
        }
    }
}

/// Whether `url` is an `http(s)` address a view may link to (what
/// [`Visit::cleaned`] lets through).
pub fn is_web_url(url: &str) -> bool {
    web_url("url", url).is_ok()
}

/// The browser and system of a user agent in a few words, "Chrome 131 ·
/// Linux", or `None` when it names neither.
pub fn describe_agent(ua: &str) -> Option<String> {
    let browser = browser(ua);
    let system = system(ua);
    match (browser, system) {
        (None, None) => None,
        (Some(b), None) => Some(b),
        (None, Some(s)) => Some(s),
        (Some(b), Some(s)) => Some(format!("{b} · {s}")),
    }
}

fn browser(ua: &str) -> Option<String> {
    // Most specific first: Edge, Opera and Samsung say Chrome too, Chrome
    // says Safari.
    const BROWSERS: [(&str, &str); 11] = [
        ("Edg/", "Edge"),
        ("EdgA/", "Edge"),
        ("EdgiOS/", "Edge"),
        ("OPR/", "Opera"),
        ("SamsungBrowser/", "Samsung Internet"),
        ("Firefox/", "Firefox"),
        ("FxiOS/", "Firefox"),
        ("CriOS/", "Chrome"),
        ("HeadlessChrome/", "Chrome"),
        ("Chrome/", "Chrome"),
        ("Chromium/", "Chromium"),
    ];
    if let Some((name, v)) = BROWSERS
        .iter()
        .find_map(|(token, name)| major_after(ua, token).map(|v| (name, v)))
    {
        return Some(format!("{name} {v}"));
    }
    if ua.contains("Safari/") {
        return Some(match major_after(ua, "Version/") {
            Some(v) => format!("Safari {v}"),
            None => "Safari".into(),
        });
    }
    None
}

fn system(ua: &str) -> Option<String> {
    if let Some(v) = major_after(ua, "iPhone OS ") {
        return Some(format!("iOS {v}"));
    }
    if ua.contains("iPad") {
        return Some(match major_after(ua, "CPU OS ") {
            Some(v) => format!("iPadOS {v}"),
            None => "iPadOS".into(),
        });
    }
    if let Some(v) = major_after(ua, "Android ") {
        return Some(format!("Android {v}"));
    }
    if ua.contains("Android") {
        return Some("Android".into());
    }
    [
        ("CrOS", "ChromeOS"),
        ("Windows", "Windows"),
        ("Mac OS X", "macOS"),
        ("Macintosh", "macOS"),
        ("Linux", "Linux"),
    ]
    .iter()
    .find(|(token, _)| ua.contains(token))
    .map(|(_, name)| (*name).to_owned())
}

/// The major version right after `token` (`Chrome/131.0` → `131`).
fn major_after<'a>(ua: &'a str, token: &str) -> Option<&'a str> {
    let at = ua.find(token)? + token.len();
    let rest = &ua[at..];
    let end = rest
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(rest.len());
    (end > 0 && end <= 6).then(|| &rest[..end])
}

fn blank(s: &Option<String>) -> Option<&str> {
    s.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

fn bounded(field: &'static str, s: &str, max: usize) -> Result<(), VisitError> {
    let len = s.chars().count();
    if len > max {
        return Err(VisitError::TooLong { field, len, max });
    }
    Ok(())
}

/// An `http(s)` address with a host, bounded, without white space or
/// control characters.
fn web_url(field: &'static str, url: &str) -> Result<String, VisitError> {
    let url = url.trim();
    bounded(field, url, MAX_URL_CHARS)?;
    let web = origin(url).is_some_and(|o| !o.ends_with("//"))
        && !url.chars().any(|c| c.is_whitespace() || c.is_control());
    if !web {
        return Err(VisitError::NotWeb { field });
    }
    Ok(url.to_owned())
}

/// `scheme://host[:port]` of an `http(s)` address.
fn origin(url: &str) -> Option<&str> {
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    let scheme = ["https://", "http://"]
        .into_iter()
        .find(|s| lower.starts_with(s))?;
    let rest = &url[scheme.len()..];
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    Some(&url[..scheme.len() + end])
}

fn same_site(a: &str, b: &str) -> bool {
    match (origin(a), origin(b)) {
        (Some(a), Some(b)) => a.eq_ignore_ascii_case(b),
        _ => false,
    }
}

/// A language tag: a primary subtag of 2 or 3 letters, then subtags of 1
/// to 8 letters or digits, separated by `-`.
fn is_lang_tag(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let primary = parts.next().unwrap_or_default();
    tag.len() <= MAX_LANG_CHARS
        && (2..=3).contains(&primary.len())
        && primary.bytes().all(|b| b.is_ascii_alphabetic())
        && parts.all(|p| (1..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn visit(url: &str) -> Visit {
        Visit {
            url: url.into(),
            title: "Pricing".into(),
            referrer: Some("https://www.google.com/".into()),
            lang: Some("pt-BR".into()),
            time_zone: Some("America/Sao_Paulo".into()),
            user_agent: Some("Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0.0.0".into()),
        }
    }

    #[test]
    fn real_user_agents_read_short() {
        for (ua, short) in [
            (
                "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
                "Chrome 131 · Linux",
            ),
            (
                "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/120.0.6099.224 Safari/537.36",
                "Chrome 120 · Linux",
            ),
            (
                "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
                "Chrome 131 · Windows",
            ),
            (
                "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0",
                "Firefox 128 · Linux",
            ),
            (
                "Mozilla/5.0 (Macintosh; Intel Mac OS X 10.15; rv:133.0) Gecko/20100101 Firefox/133.0",
                "Firefox 133 · macOS",
            ),
            (
                "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
                "Safari 17 · iOS 17",
            ),
            (
                "Mozilla/5.0 (iPad; CPU OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/16.6 Mobile/15E148 Safari/604.1",
                "Safari 16 · iPadOS 16",
            ),
            (
                "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15",
                "Safari 18 · macOS",
            ),
            (
                "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/131.0.6778.73 Mobile/15E148 Safari/604.1",
                "Chrome 131 · iOS 17",
            ),
            (
                "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0",
                "Edge 131 · Windows",
            ),
            (
                "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36 EdgA/131.0.0.0",
                "Edge 131 · Android 10",
            ),
            (
                "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36",
                "Chrome 131 · Android 10",
            ),
            (
                "Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/26.0 Chrome/122.0.0.0 Mobile Safari/537.36",
                "Samsung Internet 26 · Android 14",
            ),
            (
                "Mozilla/5.0 (Android 14; Mobile; rv:133.0) Gecko/133.0 Firefox/133.0",
                "Firefox 133 · Android 14",
            ),
            (
                "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36 OPR/115.0.0.0",
                "Opera 115 · Windows",
            ),
            (
                "Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
                "Chrome 131 · ChromeOS",
            ),
        ] {
            assert_eq!(describe_agent(ua).as_deref(), Some(short), "{ua}");
        }
        assert_eq!(describe_agent("curl/8.5.0"), None);
        assert_eq!(describe_agent(""), None);
    }

    #[test]
    fn a_visit_is_bounded_and_checked() {
        // R-S-3: what the browser says is input like any other.
        let ok = visit("https://shop.example/pricing?x=1").cleaned().unwrap();
        assert_eq!(ok.url, "https://shop.example/pricing?x=1");
        for (v, error) in [
            (
                visit("javascript:alert(1)"),
                VisitError::NotWeb { field: "url" },
            ),
            (
                visit("data:text/html,x"),
                VisitError::NotWeb { field: "url" },
            ),
            (visit("https://"), VisitError::NotWeb { field: "url" }),
            (
                visit("https://a b.example/"),
                VisitError::NotWeb { field: "url" },
            ),
            (
                Visit {
                    referrer: Some("file:///etc/passwd".into()),
                    ..visit("https://shop.example/")
                },
                VisitError::NotWeb { field: "referrer" },
            ),
            (
                Visit {
                    time_zone: Some("Mars/Olympus".into()),
                    ..visit("https://shop.example/")
                },
                VisitError::TimeZone,
            ),
            (
                Visit {
                    lang: Some("<script>".into()),
                    ..visit("https://shop.example/")
                },
                VisitError::Lang,
            ),
            (
                Visit {
                    lang: Some("english-language".into()),
                    ..visit("https://shop.example/")
                },
                VisitError::Lang,
            ),
        ] {
            assert_eq!(v.cleaned(), Err(error), "{v:?}");
        }
        let long = format!("https://shop.example/{}", "a".repeat(MAX_URL_CHARS));
        assert!(matches!(
            visit(&long).cleaned(),
            Err(VisitError::TooLong { field: "url", .. })
        ));
        let title = Visit {
            title: "t".repeat(MAX_TITLE_CHARS + 1),
            ..visit("https://shop.example/")
        };
        assert!(matches!(
            title.cleaned(),
            Err(VisitError::TooLong { field: "title", .. })
        ));
        let agent = Visit {
            user_agent: Some("u".repeat(MAX_AGENT_CHARS + 1)),
            ..visit("https://shop.example/")
        };
        assert!(matches!(
            agent.cleaned(),
            Err(VisitError::TooLong {
                field: "user agent",
                ..
            })
        ));
        // Control characters leave the title; blank fields are none.
        let v = Visit {
            title: " Sale\u{0}\u{1b}[31m now\n ".into(),
            referrer: Some(" ".into()),
            lang: Some(String::new()),
            time_zone: None,
            user_agent: Some("  ".into()),
            ..visit("https://shop.example/")
        }
        .cleaned()
        .unwrap();
        assert_eq!(v.title, "Sale[31m now");
        assert_eq!((v.referrer, v.lang, v.user_agent), (None, None, None));
        assert_eq!(
            Visit {
                user_agent: Some("Mozilla\u{0}".into()),
                ..visit("https://shop.example/")
            }
            .cleaned(),
            Err(VisitError::Control {
                field: "user agent"
            })
        );
    }

    #[test]
    fn only_web_addresses_are_linked() {
        assert!(is_web_url("https://shop.example/a"));
        assert!(!is_web_url("javascript:alert(1)"));
    }

    #[test]
    fn the_trail_keeps_the_newest_pages_and_where_they_came_from() {
        let first = VisitorContext::after(None, visit("https://shop.example/"), Timestamp(1));
        assert_eq!(first.referrer.as_deref(), Some("https://www.google.com/"));
        // Page 2, from page 1 of the same site: the outside referrer stays.
        let second = VisitorContext::after(
            Some(&first),
            Visit {
                referrer: Some("https://shop.example/".into()),
                title: "Cart".into(),
                ..visit("https://shop.example/cart")
            },
            Timestamp(2),
        );
        assert_eq!(second.referrer.as_deref(), Some("https://www.google.com/"));
        assert_eq!(second.page.url, "https://shop.example/cart");
        let urls: Vec<&str> = second.trail.iter().map(|p| p.url.as_str()).collect();
        assert_eq!(urls, ["https://shop.example/cart", "https://shop.example/"]);
        // The same page again (a reconnect) is not a new step.
        let again = VisitorContext::after(
            Some(&second),
            visit("https://shop.example/cart"),
            Timestamp(3),
        );
        assert_eq!(again.trail.len(), 2);
        assert_eq!(again.page.at, Timestamp(2));
        let mut c = again;
        for n in 0..20 {
            c = VisitorContext::after(
                Some(&c),
                visit(&format!("https://shop.example/{n}")),
                Timestamp(10 + n),
            );
        }
        assert_eq!(c.trail.len(), TRAIL_LEN);
        assert_eq!(c.trail[0].url, "https://shop.example/19");
        assert_eq!(c.page, c.trail[0]);
    }
}
