//! Who the visitor is and where (issue #20): the widget reports the host
//! page, the browser's language, time zone and user agent in a `visit`
//! frame; the conversation machine checks and bounds it (R-S-3), keeps it
//! for operators only, and not before the personal-data notice is accepted
//! (R-C-1); the console shows it beside the conversation, following the
//! visitor from page to page of the site.

use std::time::{Duration, Instant};

use canal_shared::channels::ChannelDetails;
use canal_shared::protocol::{
    ClientFrame, ErrorCode, LoginResponse, ServerFrame, VisitorSessionResponse,
};
use canal_shared::visit::VisitorContext;
use canal_shared::widget_settings::WidgetConfig;
use canal_tests::api::{get, login, post, visitor};
use canal_tests::browser::{Browser, Driver, ENTER};
use canal_tests::cases;
use canal_tests::host::{Host, Page};
use canal_tests::scenario::{hello, send};
use canal_tests::socket::{connect, Socket};
use canal_tests::suite;
use canal_tests::worker::{Demo, Worker};
use serde_json::{json, Value};

struct Ctx {
    w: Worker,
    demo: Demo,
    host: Host,
    driver: Driver,
}

fn main() {
    suite::run(
        || {
            let w = Worker::start();
            let demo = w.setup_with("shop", &[("ana@example.com", "Ana")]);
            let host = Host::start(Page::new(&w.url(""), &demo.channel.id));
            Ctx {
                host,
                driver: Driver::start(),
                demo,
                w,
            }
        },
        cases![
            a_visit_is_checked_and_reaches_operators_only,
            nothing_is_reported_before_the_notice_is_accepted,
            the_console_follows_the_visitor_through_the_site,
        ],
    )
}

impl Ctx {
    fn admin(&self) -> LoginResponse {
        login(&self.w, "admin@example.com", &self.demo.admin.password)
    }

    fn visitor_socket(&self, v: &VisitorSessionResponse) -> Socket {
        let mut s = connect(&self.w.ws_url(&format!(
            "/ws/visitor?conversation={}&token={}",
            v.conversation, v.token
        )))
        .expect("the visitor's socket");
        hello(&mut s);
        s
    }

    /// `who`'s socket on `v`'s conversation and its welcome's view of the
    /// visitor.
    fn operator_socket(
        &self,
        who: &LoginResponse,
        v: &VisitorSessionResponse,
    ) -> (Socket, Option<VisitorContext>) {
        let mut s = connect(&self.w.ws_url(&format!(
            "/ws/operator?conversation={}&token={}",
            v.conversation, who.token
        )))
        .expect("the operator's socket");
        hello(&mut s);
        let visitor = s.until("the welcome", |f| match f {
            ServerFrame::Welcome { conversation, .. } => Some(conversation.visitor.clone()),
            _ => None,
        });
        (s, visitor)
    }
}

fn visit(url: &str) -> ClientFrame {
    ClientFrame::Visit {
        url: url.into(),
        title: "Pricing — Shop".into(),
        referrer: Some("https://search.example/?q=shop".into()),
        lang: Some("pt-BR".into()),
        time_zone: Some("America/Sao_Paulo".into()),
        user_agent: Some(
            "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"
                .into(),
        ),
    }
}

/// [`visit`] of `url`, come from `referrer`.
fn visit_from(url: &str, referrer: &str) -> ClientFrame {
    match visit(url) {
        ClientFrame::Visit {
            url,
            title,
            lang,
            time_zone,
            user_agent,
            ..
        } => ClientFrame::Visit {
            url,
            title,
            referrer: Some(referrer.into()),
            lang,
            time_zone,
            user_agent,
        },
        other => other,
    }
}

/// Every text frame `s` receives within `d`, as JSON.
fn raw_frames(s: &mut Socket, d: Duration) -> Vec<Value> {
    let end = Instant::now() + d;
    let mut got = Vec::new();
    while let Some(left) = end.checked_duration_since(Instant::now()) {
        match s.next_within::<Value>(left) {
            Some(f) => got.push(f),
            None => break,
        }
    }
    got
}

/// The next error frame on `s`: its code and message.
fn refusal(s: &mut Socket) -> (ErrorCode, String) {
    s.until("the refusal", |f| match f {
        ServerFrame::Error { code, message, .. } => Some((*code, message.clone())),
        _ => None,
    })
}

/// The next `visitor` frame on an operator's socket.
fn context(s: &mut Socket) -> VisitorContext {
    s.until("the visitor's context", |f| match f {
        ServerFrame::Visitor { context } => Some(context.clone()),
        _ => None,
    })
}

// Issue #20, R-S-3: what a raw client sends as the page is checked like any
// input; operators get it live and in their welcome, the visitor never.
fn a_visit_is_checked_and_reaches_operators_only(ctx: &Ctx) {
    let v = visitor(&ctx.w, ctx.demo.channel.id.as_str());
    let mut vs = ctx.visitor_socket(&v);
    send(&mut vs, "m1", "Hello, a question about pricing");
    let admin = ctx.admin();
    let (mut os, before) = ctx.operator_socket(&admin, &v);
    assert_eq!(before, None, "nothing reported yet");

    let bad = |frame: ClientFrame| serde_json::to_string(&frame).unwrap();
    let long_url = format!("https://shop.example/{}", "a".repeat(2048));
    for (raw, code, says) in [
        (
            bad(visit("javascript:alert(1)")),
            ErrorCode::Invalid,
            "the url must be an http or https address",
        ),
        (
            bad(visit("data:text/html,<script>alert(1)</script>")),
            ErrorCode::Invalid,
            "the url must be an http or https address",
        ),
        (
            bad(visit(&long_url)),
            ErrorCode::TooLarge,
            "the url is 2069 characters long; the limit is 2048",
        ),
        (
            json!({"type": "visit", "url": "https://shop.example/", "title": "t".repeat(201)})
                .to_string(),
            ErrorCode::TooLarge,
            "the title is 201 characters long; the limit is 200",
        ),
        (
            json!({"type": "visit", "url": "https://shop.example/", "user_agent": "u".repeat(513)})
                .to_string(),
            ErrorCode::TooLarge,
            "the user agent is 513 characters long; the limit is 512",
        ),
        (
            json!({"type": "visit", "url": "https://shop.example/", "time_zone": "Mars/Olympus_Mons"})
                .to_string(),
            ErrorCode::Invalid,
            "the time zone must be an IANA name such as Europe/Lisbon",
        ),
        (
            json!({"type": "visit", "url": "https://shop.example/", "lang": "<script>"}).to_string(),
            ErrorCode::Invalid,
            "the language must be a BCP 47 tag such as pt-BR",
        ),
        (
            json!({"type": "visit", "url": "https://shop.example/", "referrer": "file:///etc/passwd"})
                .to_string(),
            ErrorCode::Invalid,
            "the referrer must be an http or https address",
        ),
    ] {
        vs.send_text(&raw);
        assert_eq!(refusal(&mut vs), (code, says.to_owned()), "{raw:.120}");
    }
    for raw in [
        r#"{"type":"visit"}"#.to_owned(),
        json!({"type": "visit", "url": "https://shop.example/", "cookie": "x"}).to_string(),
    ] {
        vs.send_text(&raw);
        assert_eq!(refusal(&mut vs).0, ErrorCode::BadFrame, "{raw}");
    }
    // Operators do not report pages.
    os.send(&visit("https://shop.example/from-an-operator"));
    assert_eq!(refusal(&mut os).0, ErrorCode::Forbidden);
    // Nothing of the refused frames reached the operators.
    assert!(
        raw_frames(&mut os, Duration::from_millis(500))
            .iter()
            .all(|f| f["type"] != "visitor"),
        "a refused visit reached the operators"
    );

    // A good one: the title's control characters go, the rest is kept.
    vs.send_text(
        &json!({
            "type": "visit",
            "url": "https://shop.example/pricing?plan=pro",
            "title": "Pricing\u{0007} — Shop",
            "referrer": "https://search.example/?q=shop",
            "lang": "pt-BR",
            "time_zone": "America/Sao_Paulo",
            "user_agent": "Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0.0.0 Safari/537.36",
        })
        .to_string(),
    );
    let live = context(&mut os);
    assert_eq!(live.page.url, "https://shop.example/pricing?plan=pro");
    assert_eq!(live.page.title, "Pricing — Shop");
    assert_eq!(
        live.referrer.as_deref(),
        Some("https://search.example/?q=shop")
    );
    assert_eq!(live.time_zone.as_deref(), Some("America/Sao_Paulo"));
    // The next page of the site: first in the trail, the search engine
    // still where they came from.
    vs.send(&visit_from(
        "https://shop.example/cart",
        "https://shop.example/pricing?plan=pro",
    ));
    let live = context(&mut os);
    let trail: Vec<&str> = live.trail.iter().map(|p| p.url.as_str()).collect();
    assert_eq!(
        trail,
        [
            "https://shop.example/cart",
            "https://shop.example/pricing?plan=pro"
        ]
    );
    assert_eq!(
        live.referrer.as_deref(),
        Some("https://search.example/?q=shop")
    );

    // A console that opens it now gets it in its welcome.
    let (_again, welcomed) = ctx.operator_socket(&admin, &v);
    assert_eq!(welcomed, Some(live));

    // The visitor never receives any of it: not live, not in a welcome.
    let mut seen = raw_frames(&mut vs, Duration::from_millis(500));
    let mut fresh = ctx.visitor_socket(&v);
    seen.extend(raw_frames(&mut fresh, Duration::from_millis(1500)));
    assert!(
        seen.iter().any(|f| f["type"] == "welcome"),
        "the visitor's welcome came: {seen:?}"
    );
    for f in &seen {
        let text = f.to_string();
        assert!(
            f["type"] != "visitor"
                && f["conversation"].get("visitor").is_none()
                && !text.contains("shop.example")
                && !text.contains("Sao_Paulo"),
            "the visitor got their context: {text}"
        );
    }
}

// R-C-1: before the notice is accepted, what the page is stays with the
// visitor: dropped, not kept for later, not shown to operators.
fn nothing_is_reported_before_the_notice_is_accepted(ctx: &Ctx) {
    let admin = ctx.admin();
    let (status, res) = post(&ctx.w, "/api/channels", Some(&admin.token), &json!({}));
    assert_eq!(status, 200, "{res}");
    let channel: ChannelDetails = serde_json::from_value(res).unwrap();
    let (status, res) = post(
        &ctx.w,
        "/api/widget-settings",
        Some(&admin.token),
        &json!({"channel": channel.id, "settings": {"consent": {"kind": "own", "body": "We keep what you write and the pages you visit here."}}}),
    );
    assert_eq!(status, 200, "{res}");
    let (_, config) = get(
        &ctx.w,
        &format!("/api/widget/config?channel={}", channel.id),
        None,
    );
    let config: WidgetConfig = serde_json::from_value(config).unwrap();
    let notice = config.consent.expect("the channel shows a notice");

    let v = visitor(&ctx.w, channel.id.as_str());
    let mut vs = ctx.visitor_socket(&v);
    vs.send(&visit("https://shop.example/before-the-notice"));
    let (mut os, welcomed) = ctx.operator_socket(&admin, &v);
    assert_eq!(welcomed, None);
    assert!(
        raw_frames(&mut os, Duration::from_millis(1000))
            .iter()
            .all(|f| f["type"] != "visitor"),
        "a page reported before the notice reached the operators"
    );

    let (status, res) = post(
        &ctx.w,
        "/api/visitor/consent",
        Some(&v.token),
        &json!({"conversation": v.conversation, "key": notice.key, "page": "https://shop.example/"}),
    );
    assert_eq!(status, 200, "{res}");
    let (_, welcomed) = ctx.operator_socket(&admin, &v);
    assert_eq!(welcomed, None, "what came before the notice was not kept");
    vs.send(&visit("https://shop.example/after-the-notice"));
    let live = context(&mut os);
    assert_eq!(live.page.url, "https://shop.example/after-the-notice");
    assert_eq!(live.trail.len(), 1);
}

/// The elements of the console's visitor panel, by `data-testid`.
fn panel(b: &Browser) -> Value {
    b.run(
        r#"const p = document.querySelector('[data-testid=visitor-info]');
if (!p) return null;
const t = id => { const e = p.querySelector(`[data-testid=${id}]`); return e ? e.textContent : null; };
const a = p.querySelector('[data-testid=visitor-page] a');
return {
  page: t('visitor-page'),
  href: a && a.getAttribute('href'), target: a && a.getAttribute('target'), rel: a && a.getAttribute('rel'),
  referrer: t('visitor-referrer'), browser: t('visitor-browser'), lang: t('visitor-lang'),
  time: t('visitor-time'), before: t('visitor-before'),
  trail: [...p.querySelectorAll('[data-testid=visitor-trail-page]')].map(li => li.textContent),
  clock: (() => { const c = p.querySelector('.visitor-clock'); return c ? c.getBoundingClientRect().height : 0; })(),
  width: p.getBoundingClientRect().width,
};"#,
        json!([]),
    )
}

// Issue #20: the visitor writes on the first page of a site (another site
// than Canal's, its third-party storage blocked), then moves to a second
// page; the operator's console shows the second page's title and address,
// the trail of both, the browser, the language and the local time.
// Screenshot: visitor-info-1280.png.
fn the_console_follows_the_visitor_through_the_site(ctx: &Ctx) {
    let pw = &ctx.demo.admin.password;
    let op = ctx.driver.browser();
    op.resize(1280, 800);
    op.sign_in(&ctx.w.url("/console/"), "ana@example.com", pw);
    op.wait_for("[data-testid=user-name]");

    let b = ctx.driver.browser_in("pt-BR");
    b.goto(&ctx.host.url("/"));
    b.open_widget();
    b.type_into(
        &b.wait_for("[data-testid=composer]"),
        &format!("Hello from the first page{ENTER}"),
    );
    let conversation = b.wait("the widget's conversation", || {
        b.leave_frames();
        let c = b.run(
            "return JSON.parse(localStorage.getItem('canal:v1:' + arguments[0]) || '{}').conversation || null;",
            json!([ctx.demo.channel.id]),
        );
        c.as_str().map(str::to_owned)
    });
    b.enter_frame(&b.in_loader("canal-frame").unwrap());
    let zone = b
        .run(
            "return Intl.DateTimeFormat().resolvedOptions().timeZone;",
            json!([]),
        )
        .as_str()
        .unwrap()
        .to_owned();
    let agent = b
        .run("return navigator.userAgent;", json!([]))
        .as_str()
        .unwrap()
        .to_owned();
    b.leave_frames();

    // Ana takes it.
    op.click(&op.wait_for(&format!(
        "[data-testid=conversation][data-id='{conversation}']"
    )));
    op.wait("the conversation to be Ana's", || {
        let reply = op.find("[data-testid=reply]")?;
        if op.attr(&reply, "disabled").is_none() {
            return Some(());
        }
        op.run(
            "const a = document.querySelector('[data-testid=chat-accept]'); if (a && !a.disabled) a.click();",
            json!([]),
        );
        None
    });
    let first = ctx.host.url("/");
    op.wait("the first page in the panel", || {
        let p = panel(&op);
        p["href"].as_str().filter(|h| *h == first).map(|_| ())
    });

    // The visitor moves on; the widget stays closed (its frame loads at
    // idle for a visitor with a conversation, and reports the page).
    b.goto(&ctx.host.url("/page2"));
    let second = ctx.host.url("/page2");
    let p = op.wait("the second page in the panel", || {
        let p = panel(&op);
        (p["href"].as_str() == Some(second.as_str()) && p["trail"].as_array()?.len() == 2)
            .then_some(p)
    });
    assert!(
        p["page"].as_str().unwrap().contains("Host site /page2"),
        "{p}"
    );
    assert!(p["page"].as_str().unwrap().contains(&second), "{p}");
    assert_eq!(p["target"], json!("_blank"), "{p}");
    assert_eq!(p["rel"], json!("noopener noreferrer nofollow"), "{p}");
    let trail: Vec<String> = serde_json::from_value(p["trail"].clone()).unwrap();
    assert!(trail[0].contains("Host site /page2"), "{trail:?}");
    assert!(
        trail[1].contains("Host site /") && trail[1].contains(&first),
        "{trail:?}"
    );
    let short = canal_shared::visit::describe_agent(&agent).expect("a known browser");
    assert!(short.starts_with("Chrome "), "{short} from {agent}");
    assert_eq!(p["browser"], json!(short), "{p}");
    // Named as people read it, with the tag.
    assert_eq!(p["lang"], json!("Brazilian Portuguese (pt-BR)"), "{p}");
    let time = p["time"].as_str().unwrap();
    let clock = time.split(' ').next().unwrap();
    assert!(
        clock.len() == 5 && clock.as_bytes()[2] == b':' && time.contains(&zone),
        "the local time in {zone}: {time}"
    );
    assert_eq!(p["before"], json!("None: this is the first"), "{p}");
    // Compact: the clock on one line.
    assert!(p["clock"].as_f64().unwrap() < 24.0, "the clock wraps: {p}");
    op.pause(Duration::from_millis(300));
    op.screenshot("visitor-info-1280");
}
