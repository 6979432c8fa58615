//! Cross-site scripting in real headless Chromium (issue #8, "Hardening"): a
//! corpus of script tags, event handlers, `javascript:` and `data:` links,
//! markdown and template tricks, sent by a visitor and by an operator, and put
//! in an operator's profile and in a site's signed identity, shows as the very
//! text that was typed, in the widget and in the console, and no script runs
//! (R-W-3: "Message text is always rendered as text, never as HTML").
//!
//! How "no script ran" is seen: before anything of the corpus can render,
//! every window involved (the host page, the widget's frame, the console) has
//! its `alert`, `confirm`, `prompt`, `print` and `open` replaced by a trap that
//! sets `window.__xss`; every script payload sets `window.__xss` and
//! `top.__xss` itself and calls `alert(1)` (a real dialog would also fail the
//! next WebDriver command: "unexpected alert open"). The checks run only once
//! every payload was seen verbatim, so they cannot pass on an empty page.
//!
//! Links (issue #20): `http(s)` URLs and email addresses in a message become
//! `<a target="_blank" rel="noopener noreferrer nofollow">`, nothing else does
//! (`javascript:`, `data:`, look-alikes); [`LINKS`] says which, in both
//! directions, and a real link opens a new tab that cannot reach back.

use std::sync::Mutex;
use std::time::Duration;

use canal_shared::identity::sign;
use canal_shared::ids::UserId;
use canal_shared::protocol::VisitorSessionResponse;
use canal_tests::api::{get, login, post};
use canal_tests::browser::{Browser, Driver, ENTER};
use canal_tests::cases;
use canal_tests::files::png;
use canal_tests::scenario::{hello, send};
use canal_tests::socket::connect;
use canal_tests::suite;
use canal_tests::wait;
use canal_tests::worker::{Demo, Worker};
use serde::Deserialize;
use serde_json::{json, Value};

/// What every script payload does: marks the window it runs in and the top
/// page, then calls `alert` (trapped, see the module's documentation).
macro_rules! act {
    () => {
        "window.__xss=1;top.__xss=1;alert(1)"
    };
}

/// The corpus: each a valid message (1 to 4,000 characters, no control
/// characters, nothing to trim), each one that would show differently, or
/// run, if it were inserted as HTML or read as markdown.
const CORPUS: &[&str] = &[
    concat!("<script>", act!(), "</script>"),
    concat!("<img src=x onerror=\"", act!(), "\">"),
    concat!("<svg onload=\"", act!(), "\"><circle r=\"9\"/></svg>"),
    "<iframe srcdoc=\"<script>parent.__xss=1;top.__xss=1;alert(1)</script>\"></iframe>",
    concat!("javascript:", act!()),
    concat!("[click me](javascript:", act!(), ")"),
    concat!("<a href=\"javascript:", act!(), "\">click me</a>"),
    "**bold** _italic_ `code` ~~struck~~ # heading > quote [link](https://example.com)",
    concat!("</textarea></p></li><script>", act!(), "</script>"),
    concat!(
        "\"><img src=x onerror=",
        act!(),
        "> '><svg onload=",
        act!(),
        ">"
    ),
    concat!(
        "{{constructor.constructor('",
        act!(),
        "')()}} ${",
        act!(),
        "}"
    ),
    "&lt;b&gt;not bold&lt;/b&gt; &amp; &#60;script&#62; &quot;",
    // `<script>parent.__xss=1;top.__xss=1;alert(1)</script>`, base64.
    "[open](data:text/html;base64,PHNjcmlwdD5wYXJlbnQuX194c3M9MTt0b3AuX194c3M9MTthbGVydCgxKTwvc2NyaXB0Pg==) data:text/html,<script>alert(1)</script>",
    "\u{202E}gpj.exe\u{202C} <b dir=\"rtl\">reversed</b>",
    concat!(
        "<noscript><p title=\"</noscript><img src=x onerror=",
        act!(),
        ">\">"
    ),
];

/// Messages with links and look-alikes (issue #20), each with the links it
/// must show as `(text, href)`, in order; every other character stays text.
const LINKS: &[(&str, &[(&str, &str)])] = &[
    (concat!("javascript:", act!()), &[]),
    (
        "See https://example.com/docs?a=1&b=2 (the docs).",
        &[(
            "https://example.com/docs?a=1&b=2",
            "https://example.com/docs?a=1&b=2",
        )],
    ),
    (
        "Write to help@example.com, or HTTPS://Example.org/Path!",
        &[
            ("help@example.com", "mailto:help@example.com"),
            ("HTTPS://Example.org/Path", "https://Example.org/Path"),
        ],
    ),
    (
        "<https://example.net/a> and (https://en.wikipedia.org/wiki/Rust_(language))",
        &[
            ("https://example.net/a", "https://example.net/a"),
            (
                "https://en.wikipedia.org/wiki/Rust_(language)",
                "https://en.wikipedia.org/wiki/Rust_(language)",
            ),
        ],
    ),
    (
        concat!("http://example.com\"onmouseover=\"", act!(), "\""),
        &[("http://example.com", "http://example.com")],
    ),
    (
        concat!(
            "javascript&colon;",
            act!(),
            " jav&#x09;ascript:",
            act!(),
            " jav\u{200B}ascript:",
            act!()
        ),
        &[],
    ),
    (
        "data:text/html,<script>alert(1)</script> vbscript:msgbox(1) file:///etc/passwd",
        &[],
    ),
    (
        concat!("javascript:", act!(), "//https://example.com/"),
        &[],
    ),
    (
        concat!(
            "<a href=\"https://example.com\" onclick=\"",
            act!(),
            "\">x</a> x=https://example.com"
        ),
        &[],
    ),
    (
        "\u{202E}https://evil.example/exe.txt https://evil.example\u{202E}txt.exe",
        &[],
    ),
];

/// An operator's display name and position (1 to 80 characters, no control
/// characters), shown to visitors on the operator's card (R-A-1).
const PROFILE_NAME: &str = concat!("<img src=x onerror=\"", act!(), "\">");
const PROFILE_POSITION: &str = concat!("<script>", act!(), "</script>");

/// What a site's signed token says of its user: name, id (`sub`, 1 to 64
/// characters) and email (one `@`, no spaces, `<`, `>` or `"`).
const IDENTITY_NAME: &str = concat!("\"><svg onload=", act!(), ">");
const IDENTITY_SUB: &str = "<iframe srcdoc=\"<script>top.__xss=1</script>\">";
const IDENTITY_EMAIL: &str = "javascript:top.__xss=1;alert(1)//'onmouseover='alert(1)'@example.com";

/// Collects every window reachable from the top page (frames, and iframes in
/// shadow roots such as the widget's): `{w, where, d}`, `d` null when the
/// window cannot be read (another origin).
const WINDOWS_JS: &str = r#"
const canalWindows = () => {
  const found = [];
  const seen = new Set();
  const walk = (w, where) => {
    if (!w || seen.has(w)) return;
    seen.add(w);
    let d = null;
    try { d = w.document; if (!d || !d.documentElement) d = null; } catch (e) { d = null; }
    found.push({ w, where, d });
    if (!d) return;
    const kids = [];
    for (let i = 0; i < w.length; i++) kids.push(w[i]);
    const roots = [d];
    for (let r = 0; r < roots.length; r++) {
      for (const e of roots[r].querySelectorAll('*')) {
        if (e.shadowRoot) roots.push(e.shadowRoot);
        if (e.contentWindow) kids.push(e.contentWindow);
      }
    }
    kids.forEach((k, i) => walk(k, where + ' > frame ' + i));
  };
  walk(window.top, 'top');
  return found;
};
"#;

/// Arms every window: the dialogs and `open` set the window's marker.
const ARM_JS: &str = r#"
let armed = 0;
for (const { w, d } of canalWindows()) {
  if (!d) continue;
  const hit = () => { w.__xss = 1; };
  for (const k of ['alert', 'confirm', 'prompt', 'print', 'open']) w[k] = hit;
  w.__xssTrap = 1;
  armed++;
}
return armed;
"#;

/// What every window shows: markers set, windows no longer armed (reloaded
/// or new), windows that cannot be read, elements that could run script, and
/// each window's address.
const AUDIT_JS: &str = r#"
const report = { windows: [], marker: [], unarmed: [], opaque: [], hostile: [], hrefs: {} };
const url = /^\s*(javascript|vbscript|data):/i;
for (const { w, where, d } of canalWindows()) {
  report.windows.push(where);
  if (!d) { report.opaque.push(where); continue; }
  if (w.__xss) report.marker.push(where);
  if (w.__xssTrap !== 1) report.unarmed.push(where);
  report.hrefs[where] = w.location.href;
  const roots = [d];
  for (let r = 0; r < roots.length; r++) {
    for (const e of roots[r].querySelectorAll('*')) {
      if (e.shadowRoot) roots.push(e.shadowRoot);
      const attrs = [...e.attributes];
      const bad = attrs.some(a => /^on/i.test(a.name))
        || attrs.some(a => /^(href|src|action|formaction|xlink:href|data|srcdoc)$/i.test(a.name)
          && (a.name.toLowerCase() === 'srcdoc' || (url.test(a.value) && !/^\s*data:image\//i.test(a.value))))
        || (e.tagName === 'SCRIPT' && e.textContent.includes('__xss'))
        || ['OBJECT', 'EMBED', 'BASE'].includes(e.tagName);
      if (bad) report.hostile.push(where + ': ' + e.outerHTML.slice(0, 200));
    }
  }
}
return report;
"#;

/// Every message of the current document, as shown.
const MESSAGES_JS: &str = r#"
return [...document.querySelectorAll('[data-testid=message]')].map(m => {
  const t = m.querySelector('[data-testid=message-text]');
  const a = m.querySelector('.author');
  return {
    side: m.dataset.side || '',
    delivery: m.dataset.delivery || '',
    text: t ? t.textContent : '',
    rendered: t ? t.innerText : '',
    elements: t ? t.querySelectorAll('*').length : 0,
    links: t ? [...t.querySelectorAll('a')].map(l => ({
      text: l.textContent, href: l.getAttribute('href'), target: l.getAttribute('target'),
      rel: l.getAttribute('rel'), elements: l.querySelectorAll('*').length,
    })) : [],
    html: t ? t.innerHTML.slice(0, 300) : '',
    author: a ? a.textContent : null,
    author_elements: a ? a.querySelectorAll('*').length : 0,
  };
});
"#;

struct Ctx {
    w: Worker,
    demo: Demo,
    driver: Driver,
    /// Every case uses Ana's console and the one channel; they take turns.
    lock: Mutex<()>,
}

fn main() {
    suite::run(
        || {
            let w = Worker::start();
            let demo = w.setup("demo");
            Ctx {
                w,
                demo,
                driver: Driver::start(),
                lock: Mutex::new(()),
            }
        },
        cases![
            visitor_payloads_are_inert_in_the_widget_and_the_console,
            operator_payloads_are_inert_in_the_widget_and_the_console,
            an_operator_profile_is_inert_in_the_widget_and_the_console,
            a_signed_identity_is_inert_in_the_console,
            only_http_and_email_become_links_in_the_widget_and_the_console,
            files_21_crafted_files_are_inert_in_the_widget_and_the_console,
        ],
    )
}

/// One message as the page shows it.
#[derive(Debug, Deserialize)]
struct Shown {
    side: String,
    delivery: String,
    /// `textContent`: the text exactly.
    text: String,
    /// `innerText`: the text as laid out.
    rendered: String,
    /// Elements inside the text (only its links).
    elements: u64,
    /// Its links.
    links: Vec<Link>,
    html: String,
    author: Option<String>,
    author_elements: u64,
}

/// What [`AUDIT_JS`] found.
#[derive(Debug, Deserialize, PartialEq)]
struct Audit {
    windows: Vec<String>,
    marker: Vec<String>,
    unarmed: Vec<String>,
    opaque: Vec<String>,
    hostile: Vec<String>,
    hrefs: serde_json::Map<String, Value>,
}

/// A link in a message, as the page shows it.
#[derive(Debug, Deserialize, PartialEq)]
struct Link {
    text: String,
    href: String,
    target: Option<String>,
    rel: Option<String>,
    /// Elements inside the link (none: its text is one text node).
    elements: u64,
}

fn script(body: &str) -> String {
    format!("{WINDOWS_JS}\n{body}")
}

/// Traps the dialogs of every window the page holds now; returns how many.
fn arm(b: &Browser) -> u64 {
    b.run(&script(ARM_JS), json!([])).as_u64().unwrap_or(0)
}

fn audit(b: &Browser) -> Audit {
    let v = b.run(&script(AUDIT_JS), json!([]));
    serde_json::from_value(v.clone()).unwrap_or_else(|e| panic!("audit {v}: {e}"))
}

/// No window has a marker, every window is still the armed one, none is
/// unreadable and no element could run script.
fn assert_clean(a: &Audit, who: &str) {
    assert!(
        a.marker.is_empty(),
        "{who}: a script from the corpus ran in {:?}: {a:?}",
        a.marker
    );
    assert!(
        a.unarmed.is_empty(),
        "{who}: a window was reloaded or made since it was armed: {a:?}"
    );
    assert!(
        a.opaque.is_empty(),
        "{who}: a window of another origin: {a:?}"
    );
    assert!(
        a.hostile.is_empty(),
        "{who}: elements that could run script: {:#?}",
        a.hostile
    );
}

/// The messages of the current document (the widget's frame, or the console).
fn shown(b: &Browser) -> Vec<Shown> {
    let v = b.run(MESSAGES_JS, json!([]));
    serde_json::from_value(v.clone()).unwrap_or_else(|e| panic!("messages {v}: {e}"))
}

/// The visitor's and operators' messages (not the channel's own).
fn people_messages(b: &Browser) -> Vec<Shown> {
    shown(b)
        .into_iter()
        .filter(|m| m.side != "system")
        .collect()
}

/// Waits until the visitor's and operators' messages are exactly `expected`
/// (as `textContent`), in order; fails with what is shown instead.
fn wait_messages(b: &Browser, who: &str, expected: &[&str]) -> Vec<Shown> {
    let mut last = Vec::new();
    wait::until(&format!("{who} to show the corpus"), || {
        let now = people_messages(b);
        let same =
            now.len() == expected.len() && now.iter().zip(expected).all(|(m, e)| m.text == *e);
        last = now
            .iter()
            .map(|m| (m.text.clone(), m.html.clone()))
            .collect();
        same.then_some(now)
    })
    .unwrap_or_else(|e| panic!("{e}: shown (text, html) {last:#?}, expected {expected:#?}"))
}

/// Each message is the payload verbatim, laid out as typed, text nodes
/// and the links [`canal_shared::text::segments`] finds in it: no other
/// element (`script`, `img`, `svg`, `iframe`, `b`…) was made of it.
fn assert_verbatim(who: &str, shown: &[Shown], expected: &[&str]) {
    assert_eq!(shown.len(), expected.len(), "{who}: {shown:#?}");
    for (m, e) in shown.iter().zip(expected) {
        assert_eq!(m.text, *e, "{who}: the text as typed: {m:?}");
        assert_eq!(m.rendered, *e, "{who}: the text as laid out: {m:?}");
        let links: Vec<(String, String)> = canal_shared::text::segments(e)
            .into_iter()
            .filter_map(|s| match s {
                canal_shared::text::Segment::Link { text, href } => Some((text.to_owned(), href)),
                canal_shared::text::Segment::Text(_) => None,
            })
            .collect();
        let links: Vec<(&str, &str)> = links
            .iter()
            .map(|(t, h)| (t.as_str(), h.as_str()))
            .collect();
        assert_links(who, m, &links);
        assert_eq!(
            m.author_elements, 0,
            "{who}: an element in the author: {m:?}"
        );
    }
}

/// The message's only elements are `links` (`(text, href)`, in order), each
/// opened in a new tab that cannot reach back (issue #20).
fn assert_links(who: &str, m: &Shown, links: &[(&str, &str)]) {
    let shown: Vec<(&str, &str)> = m
        .links
        .iter()
        .map(|l| (l.text.as_str(), l.href.as_str()))
        .collect();
    assert_eq!(shown, links, "{who}: the links of {:?}: {m:#?}", m.text);
    assert_eq!(
        m.elements as usize,
        links.len(),
        "{who}: an element other than its links in {:?}: {m:?}",
        m.text
    );
    for l in &m.links {
        assert_eq!(l.target.as_deref(), Some("_blank"), "{who}: {l:?}");
        assert_eq!(
            l.rel.as_deref(),
            Some("noopener noreferrer nofollow"),
            "{who}: {l:?}"
        );
        assert_eq!(l.elements, 0, "{who}: {l:?}");
    }
}

/// Clicks every message text (scrolled into view first), and checks that
/// nothing happened: no marker, no window changed its address, none was
/// made or reloaded.
fn click_every_message(b: &Browser, who: &str) {
    // A message is drawn again when its delivery state changes (the
    // console keys its lines by it): let them settle first.
    b.wait(&format!("{who}: the own messages to be seen"), || {
        let settled = b.run(
            "return [...document.querySelectorAll('[data-testid=message].mine, li.msg[data-delivery]')].every(m => m.dataset.delivery === 'seen');",
            json!([]),
        );
        (settled == json!(true)).then_some(())
    });
    let before = audit(b);
    assert_clean(&before, who);
    let count = b.find_all("[data-testid=message-text]").len();
    assert!(count > 0, "{who}: no message to click");
    for i in 0..count {
        let t = b
            .run_for_element(&format!(
                "const t = document.querySelectorAll('[data-testid=message-text]')[{i}]; t.scrollIntoView({{block: 'center'}}); return t;"
            ))
            .unwrap_or_else(|| panic!("{who}: message {i} is gone"));
        b.click(&t);
    }
    // A navigation or a handler would have started by now.
    b.pause(Duration::from_millis(500));
    let after = audit(b);
    assert_clean(&after, &format!("{who}, after clicking every message"));
    assert_eq!(
        (&after.windows, &after.hrefs),
        (&before.windows, &before.hrefs),
        "{who}: clicking a message navigated or opened something"
    );
}

/// A visitor on the demo page with the widget open and every window armed
/// (the host page and the widget's frame).
fn visitor_with_widget(ctx: &Ctx) -> Browser {
    let b = ctx.driver.browser();
    b.goto(&ctx.w.url("/demo/"));
    b.open_widget();
    assert!(
        arm(&b) >= 2,
        "the host page and the widget's frame are armed"
    );
    b
}

/// The visitor's conversation, once the widget has one.
fn widget_conversation(b: &Browser) -> String {
    b.wait("the widget's conversation", || {
        b.run(
            "return JSON.parse(localStorage.getItem('canal:v1:demo') || '{}').conversation || null;",
            json!([]),
        )
        .as_str()
        .map(str::to_owned)
    })
}

/// Types `text` in the widget and waits until it is shown and acknowledged.
fn visitor_sends(b: &Browser, text: &str) {
    b.type_into(
        &b.wait_for("[data-testid=composer]"),
        &format!("{text}{ENTER}"),
    );
    b.wait(&format!("the widget to show {text:?}"), || {
        shown(b)
            .iter()
            .any(|m| m.side == "visitor" && m.text == text && m.delivery != "sending")
            .then_some(())
    });
}

/// Signs `email` in to the console, waits for it, and arms it.
fn console_as(ctx: &Ctx, email: &str) -> Browser {
    let b = ctx.driver.browser();
    // Every demo user has the same password.
    b.sign_in(&ctx.w.url("/console/"), email, &ctx.demo.admin.password);
    b.wait_for("[data-testid=user-name]");
    assert_eq!(arm(&b), 1, "the console is armed");
    b
}

/// Waits until `user` is online for the channel's router.
fn wait_online(ctx: &Ctx, user: &UserId) {
    let admin = login(&ctx.w, "admin@example.com", &ctx.demo.admin.password);
    let path = format!("/api/queue/members?channel={}", ctx.demo.channel.id);
    let mut last = Value::Null;
    wait::until("the operator to be online", || {
        let (_, m) = get(&ctx.w, &path, Some(&admin.token));
        let online = m["members"]
            .as_array()
            .into_iter()
            .flatten()
            .any(|x| x["operator"]["id"] == json!(user) && x["presence"] == json!("online"));
        last = m;
        online.then_some(())
    })
    .unwrap_or_else(|e| panic!("{e}: {last}"));
}

/// Opens `conversation` in the console and makes it the operator's (accepts
/// the offer if it is one).
fn take(b: &Browser, conversation: &str) {
    let item = b.wait_for(&format!(
        "[data-testid=conversation][data-id='{conversation}']"
    ));
    b.click(&item);
    let reply = b.wait_for("[data-testid=reply]");
    b.wait("the conversation socket to open", || {
        b.find_all("[data-testid=connection]")
            .iter()
            .all(|c| b.attr(c, "data-state").as_deref() == Some("open"))
            .then_some(())
    });
    b.wait("the conversation to be the operator's", || {
        if b.attr(&reply, "disabled").is_none() {
            return Some(());
        }
        b.run(
            "const a = document.querySelector('[data-testid=chat-accept]'); if (a && !a.disabled) a.click();",
            json!([]),
        );
        None
    });
}

/// Types `text` in the console's reply box and waits until it is shown and
/// acknowledged.
fn operator_sends(b: &Browser, text: &str) {
    b.type_into(
        &b.wait_for("[data-testid=reply]"),
        &format!("{text}{ENTER}"),
    );
    b.wait(&format!("the console to show {text:?}"), || {
        shown(b)
            .iter()
            .any(|m| m.side == "operator" && m.text == text && m.delivery != "sending")
            .then_some(())
    });
}

/// The `textContent` and number of elements of the first match of `css`.
fn text_of(b: &Browser, css: &str) -> (String, u64) {
    let v = b.run(
        "const e = document.querySelector(arguments[0]); return e ? [e.textContent, e.querySelectorAll('*').length] : null;",
        json!([css]),
    );
    (
        v[0].as_str()
            .unwrap_or_else(|| panic!("no {css}"))
            .to_owned(),
        v[1].as_u64().unwrap_or_default(),
    )
}

/// R-W-3: everything in the corpus, written by a visitor in the widget, is
/// shown verbatim and inert in the widget and in the operator's console, live
/// and again from the history after both reload. Screenshots: xss-widget.png,
/// xss-console.png.
fn visitor_payloads_are_inert_in_the_widget_and_the_console(ctx: &Ctx) {
    let _turn = ctx.lock.lock().unwrap_or_else(|p| p.into_inner());
    let ana = login(&ctx.w, "ana@example.com", &ctx.demo.admin.password);
    let operator = console_as(ctx, "ana@example.com");
    wait_online(ctx, &ana.user.id);
    let visitor = visitor_with_widget(ctx);

    visitor_sends(&visitor, CORPUS[0]);
    let conversation = widget_conversation(&visitor);
    take(&operator, &conversation);
    for payload in &CORPUS[1..] {
        visitor_sends(&visitor, payload);
    }
    let in_widget = wait_messages(&visitor, "the widget", CORPUS);
    let in_console = wait_messages(&operator, "the console", CORPUS);
    assert_verbatim("the widget", &in_widget, CORPUS);
    assert_verbatim("the console", &in_console, CORPUS);
    assert!(
        in_console.iter().all(|m| m.side == "visitor"),
        "{in_console:?}"
    );
    // The visitor's live draft was in the console too; it is gone now.
    assert!(operator.find("[data-testid=visitor-draft]").is_none());
    assert_clean(&audit(&visitor), "the visitor's page");
    assert_clean(&audit(&operator), "the console");
    click_every_message(&visitor, "the widget");
    click_every_message(&operator, "the console");
    visitor.screenshot("xss-widget");
    operator.screenshot("xss-console");

    // From the history: both reload (the host page is armed before the
    // widget loads; the frame renders the history as it loads, so it is
    // armed after, and a real `alert` there fails the next command).
    visitor.refresh();
    visitor.leave_frames();
    arm(&visitor);
    visitor.open_widget();
    let again = wait_messages(&visitor, "the widget after a reload", CORPUS);
    arm(&visitor);
    assert_verbatim("the widget after a reload", &again, CORPUS);
    assert_clean(&audit(&visitor), "the visitor's page after a reload");
    click_every_message(&visitor, "the widget after a reload");

    operator.refresh();
    operator.wait_for("[data-testid=user-name]");
    arm(&operator);
    operator.click(&operator.wait_for(&format!(
        "[data-testid=conversation][data-id='{conversation}']"
    )));
    let again = wait_messages(&operator, "the console after a reload", CORPUS);
    assert_verbatim("the console after a reload", &again, CORPUS);
    assert_clean(&audit(&operator), "the console after a reload");
    click_every_message(&operator, "the console after a reload");
}

/// R-W-3: everything in the corpus, written by the operator in the console,
/// is shown verbatim and inert in the console and in the visitor's widget.
/// Screenshots: xss-widget-operator.png, xss-console-operator.png.
fn operator_payloads_are_inert_in_the_widget_and_the_console(ctx: &Ctx) {
    let _turn = ctx.lock.lock().unwrap_or_else(|p| p.into_inner());
    let ana = login(&ctx.w, "ana@example.com", &ctx.demo.admin.password);
    let operator = console_as(ctx, "ana@example.com");
    wait_online(ctx, &ana.user.id);
    let visitor = visitor_with_widget(ctx);

    let question = "What can you show me?";
    visitor_sends(&visitor, question);
    take(&operator, &widget_conversation(&visitor));
    for payload in CORPUS {
        operator_sends(&operator, payload);
    }
    let expected: Vec<&str> = std::iter::once(question)
        .chain(CORPUS.iter().copied())
        .collect();
    let in_console = wait_messages(&operator, "the console", &expected);
    let in_widget = wait_messages(&visitor, "the widget", &expected);
    assert_verbatim("the console", &in_console, &expected);
    assert_verbatim("the widget", &in_widget, &expected);
    assert!(
        in_widget[1..].iter().all(|m| m.side == "operator"),
        "{in_widget:?}"
    );
    assert_clean(&audit(&operator), "the console");
    assert_clean(&audit(&visitor), "the visitor's page");
    click_every_message(&operator, "the console");
    click_every_message(&visitor, "the widget");
    operator.screenshot("xss-console-operator");
    visitor.screenshot("xss-widget-operator");
}

/// Puts Ana's own name back when the case ends, however it ends.
struct Profile<'a> {
    ctx: &'a Ctx,
    token: String,
    user: UserId,
}

impl Profile<'_> {
    fn set(&self, name: &str, position: Option<&str>) -> (u16, Value) {
        post(
            &self.ctx.w,
            "/api/people/profile",
            Some(&self.token),
            &json!({"user": self.user, "card": {"name": name, "position": position}}),
        )
    }
}

impl Drop for Profile<'_> {
    fn drop(&mut self) {
        // Not asserted: this may run while a failure unwinds.
        self.set("Ana", None);
    }
}

/// R-A-1, R-W-3: an operator whose display name and position are markup
/// (set in their own profile) is shown by that text, inert: on the operator
/// card and as the author of their messages in the widget, and as the
/// signed-in user in the console. Screenshot: xss-widget-profile.png.
fn an_operator_profile_is_inert_in_the_widget_and_the_console(ctx: &Ctx) {
    let _turn = ctx.lock.lock().unwrap_or_else(|p| p.into_inner());
    let ana = login(&ctx.w, "ana@example.com", &ctx.demo.admin.password);
    let profile = Profile {
        ctx,
        token: ana.token.clone(),
        user: ana.user.id.clone(),
    };
    let (status, res) = profile.set(PROFILE_NAME, Some(PROFILE_POSITION));
    assert_eq!(status, 200, "{res}");
    let operator = console_as(ctx, "ana@example.com");
    assert_eq!(
        text_of(&operator, "[data-testid=user-name]"),
        (PROFILE_NAME.to_owned(), 0),
        "the console's signed-in user"
    );
    wait_online(ctx, &ana.user.id);
    let visitor = visitor_with_widget(ctx);

    let question = "Who am I talking to?";
    visitor_sends(&visitor, question);
    take(&operator, &widget_conversation(&visitor));
    let answer = "Hello, how can I help?";
    operator_sends(&operator, answer);
    let in_widget = wait_messages(&visitor, "the widget", &[question, answer]);
    assert_verbatim("the widget", &in_widget, &[question, answer]);
    assert_eq!(
        in_widget[1].author.as_deref(),
        Some(PROFILE_NAME),
        "the author of the operator's message: {in_widget:?}"
    );
    let card = visitor.wait("the operator card", || {
        visitor
            .find("[data-testid=operator]")
            .map(|_| text_of(&visitor, "[data-testid=operator]"))
    });
    assert_eq!(
        card,
        (format!("{PROFILE_NAME}, {PROFILE_POSITION} answers you"), 0),
        "the operator card"
    );
    let (answered_by, elements) = text_of(&operator, "[data-testid=chat-operator]");
    assert!(answered_by.contains(PROFILE_NAME), "{answered_by}");
    assert_eq!(elements, 0, "{answered_by}");
    let in_console = wait_messages(&operator, "the console", &[question, answer]);
    assert_verbatim("the console", &in_console, &[question, answer]);
    assert_clean(&audit(&visitor), "the visitor's page");
    assert_clean(&audit(&operator), "the console");
    visitor.screenshot("xss-widget-profile");
    drop(profile);
}

/// The `mailto:` link the console makes of `address`: every byte but
/// letters, digits and `@ . - _ + ~` percent-encoded.
fn mailto(address: &str) -> String {
    address.bytes().fold(String::from("mailto:"), |mut s, b| {
        if b.is_ascii_alphanumeric() || b"@.-_+~".contains(&b) {
            s.push(char::from(b));
        } else {
            s.push_str(&format!("%{b:02X}"));
        }
        s
    })
}

fn now_s() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("after 1970")
        .as_secs() as i64
}

/// R-W-3, R-CRM-1: a visitor whose site signs a name, id and email that
/// are markup and a `javascript:` address is shown by that text in the
/// console's list and conversation, the email a `mailto:` link and nothing
/// else. (The widget shows none of these to the visitor.) Screenshot:
/// xss-console-identity.png.
fn a_signed_identity_is_inert_in_the_console(ctx: &Ctx) {
    let _turn = ctx.lock.lock().unwrap_or_else(|p| p.into_inner());
    let admin = login(&ctx.w, "admin@example.com", &ctx.demo.admin.password);
    let ana = login(&ctx.w, "ana@example.com", &ctx.demo.admin.password);
    let channel = ctx.demo.channel.id.to_string();
    let (status, res) = post(
        &ctx.w,
        "/api/channels/identity",
        Some(&admin.token),
        &json!({"channel": channel}),
    );
    assert_eq!(status, 200, "{res}");
    let secret = res["secret"].as_str().expect("the identity secret");
    let operator = console_as(ctx, "ana@example.com");
    wait_online(ctx, &ana.user.id);

    let claims = json!({"sub": IDENTITY_SUB, "name": IDENTITY_NAME, "email": IDENTITY_EMAIL, "exp": now_s() + 600});
    let (status, res) = post(
        &ctx.w,
        "/api/visitor/session",
        None,
        &json!({"channel": channel, "identity": sign(secret, &claims)}),
    );
    assert_eq!(status, 200, "{res}");
    let v: VisitorSessionResponse = serde_json::from_value(res).expect("a visitor session");
    assert_eq!(v.identity_error, None);
    assert_eq!(v.visitor_name, IDENTITY_NAME);
    let mut vs = connect(&ctx.w.ws_url(&format!(
        "/ws/visitor?conversation={}&token={}",
        v.conversation, v.token
    )))
    .expect("the visitor socket");
    hello(&mut vs);
    let question = "I am signed in on the site";
    send(&mut vs, "m1", question);

    let row = format!("[data-testid=conversation][data-id='{}']", v.conversation);
    operator.wait_for(&row);
    assert_eq!(
        text_of(
            &operator,
            &format!("{row} [data-testid=conversation-visitor]")
        ),
        (IDENTITY_NAME.to_owned(), 0),
        "the list's visitor name"
    );
    let (contact, elements) = text_of(
        &operator,
        &format!("{row} [data-testid=conversation-contact]"),
    );
    assert!(contact.ends_with(IDENTITY_EMAIL), "{contact}");
    assert_eq!(elements, 0, "{contact}");
    take(&operator, v.conversation.as_str());
    let in_console = wait_messages(&operator, "the console", &[question]);
    assert_verbatim("the console", &in_console, &[question]);
    assert_eq!(
        text_of(&operator, "[data-testid=chat-visitor]"),
        (IDENTITY_NAME.to_owned(), 0),
        "the conversation's visitor name"
    );
    let (badge, _) = text_of(&operator, "[data-testid=visitor-verified]");
    assert!(badge.contains(IDENTITY_SUB), "{badge}");
    let link = operator.wait_for("[data-testid=chat-contact-link]");
    assert_eq!(
        text_of(&operator, "[data-testid=chat-contact-link]"),
        (IDENTITY_EMAIL.to_owned(), 0),
        "the contact link's text"
    );
    assert_eq!(
        operator.attr(&link, "href"),
        Some(mailto(IDENTITY_EMAIL)),
        "the contact link goes to that address only"
    );
    // Found again on each try: the list re-renders its rows (and badges) as
    // the conversation changes, and a badge found once can go stale.
    let title = operator.wait("the verified badge's title", || {
        operator
            .find("[data-testid=visitor-verified]")
            .and_then(|badge| operator.attr(&badge, "title"))
            .filter(|t| !t.is_empty())
    });
    assert!(
        title.contains(IDENTITY_NAME) && title.contains(IDENTITY_EMAIL),
        "{title}"
    );
    assert_clean(&audit(&operator), "the console");
    click_every_message(&operator, "the console");
    operator.screenshot("xss-console-identity");
}

/// Issue #20: `http(s)` URLs and emails become links, in the widget and in
/// the console, both ways; `javascript:`, `data:` and look-alikes stay
/// text, and nothing runs. A real link clicked in the console opens a new
/// tab whose page cannot reach the console (`window.opener` is null).
/// Screenshots: xss-links-widget.png, xss-links-console.png.
fn only_http_and_email_become_links_in_the_widget_and_the_console(ctx: &Ctx) {
    let _turn = ctx.lock.lock().unwrap_or_else(|p| p.into_inner());
    let ana = login(&ctx.w, "ana@example.com", &ctx.demo.admin.password);
    let operator = console_as(ctx, "ana@example.com");
    wait_online(ctx, &ana.user.id);
    let visitor = visitor_with_widget(ctx);

    // A link to a page that exists, to click: the demo page.
    let demo = ctx.w.url("/demo/");
    let real = format!("Our page: {demo}.");
    visitor_sends(&visitor, &real);
    take(&operator, &widget_conversation(&visitor));
    let (by_visitor, by_operator) = LINKS.split_at(LINKS.len() / 2);
    for (text, _) in by_visitor {
        visitor_sends(&visitor, text);
    }
    for (text, _) in by_operator {
        operator_sends(&operator, text);
    }
    let real_links = [(demo.as_str(), demo.as_str())];
    let expected: Vec<(&str, &[(&str, &str)])> = std::iter::once((real.as_str(), &real_links[..]))
        .chain(LINKS.iter().copied())
        .collect();
    let texts: Vec<&str> = expected.iter().map(|(t, _)| *t).collect();
    for (who, b) in [("the widget", &visitor), ("the console", &operator)] {
        let shown = wait_messages(b, who, &texts);
        for (m, (text, links)) in shown.iter().zip(&expected) {
            assert_eq!(m.text, *text, "{who}");
            assert_links(who, m, links);
        }
        assert_clean(&audit(b), who);
    }
    visitor.screenshot("xss-links-widget");
    operator.screenshot("xss-links-console");

    // The real link, clicked in the console: a new tab, on the page, with
    // no way back to the console.
    operator.leave_frames();
    let console_tab = operator.handle();
    let before = operator.handles();
    let link = operator
        .run_for_element(
            "const a = document.querySelector('[data-testid=message-text] a'); a.scrollIntoView({block: 'center'}); return a;",
        )
        .expect("the real link");
    operator.click(&link);
    let tab = operator.wait("the link's new tab", || {
        operator.handles().into_iter().find(|h| !before.contains(h))
    });
    operator.switch_to(&tab);
    let opened = operator.wait("the linked page", || {
        let v = operator.run(
            "return document.readyState === 'complete' ? [location.href, window.opener === null] : null;",
            json!([]),
        );
        (!v.is_null()).then_some(v)
    });
    assert_eq!(opened, json!([demo, true]), "the new tab");
    operator.close_tab(&tab);
    operator.switch_to(&console_tab);
    assert_clean(&audit(&operator), "the console after the link");
    assert_clean(&audit(&visitor), "the visitor's page");
}

/// A picture whose bytes also read as a page with a script (a polyglot).
fn polyglot() -> Vec<u8> {
    let mut bytes = png(240, 120, [0x2b, 0x6c, 0xb0]);
    bytes.extend_from_slice(concat!("<html><script>", act!(), "</script></html>").as_bytes());
    bytes
}

/// Names of crafted files: markup that would run if it were inserted as
/// HTML (no `/`, which no file name may hold).
const PICTURE_NAME: &str = concat!("\"><img src=x onerror=", act!(), ">.png");
const TEXT_NAME: &str = concat!("<svg onload=", act!(), ">.txt");

/// The upload stages the composer shows (widget or console).
fn upload_stages(b: &Browser) -> Vec<String> {
    serde_json::from_value(b.run(
        "return [...document.querySelectorAll('[data-testid=upload]')].map(u => u.dataset.stage)",
        json!([]),
    ))
    .unwrap_or_default()
}

/// Waits until the document shows `pictures` pictures loaded and `cards`
/// file cards; gives back the pictures' links and accessible names and the
/// cards' `textContent`s and element counts.
fn files_shown(b: &Browser, who: &str, pictures: usize, cards: usize) -> Value {
    b.wait(&format!("{who}: the files shown"), || {
        let v = b.run(
            "const p = [...document.querySelectorAll('[data-testid=message-picture]')];\
             const c = [...document.querySelectorAll('[data-testid=message-file]')];\
             if (!p.every(a => { const i = a.querySelector('img'); return i && i.complete && i.naturalWidth > 0; })) return null;\
             return { pictures: p.map(a => ({ href: a.getAttribute('href'), name: a.querySelector('img').alt || a.getAttribute('aria-label') || '' })),\
                      cards: c.map(a => [a.textContent, a.querySelectorAll('*').length]) };",
            json!([]),
        );
        let ok = v["pictures"].as_array().is_some_and(|p| p.len() == pictures)
            && v["cards"].as_array().is_some_and(|c| c.len() == cards);
        ok.then_some(v)
    })
}

/// Opens a picture's link as the top page: it is a picture there, and
/// nothing of the page hidden in its bytes runs (an `alert` would fail the
/// next command).
fn opens_as_a_picture(b: &Browser, base: &Worker, href: &str, who: &str) {
    b.goto(&base.url(href));
    let seen = b.run(
        "return [document.contentType, !!window.__xss, document.querySelectorAll('script').length];",
        json!([]),
    );
    assert_eq!(seen, json!(["image/png", false, 0]), "{who}: {href}");
}

/// #21 (item 5): files crafted to run script — a picture whose bytes are
/// also a page, names made of markup, a page named `.png`, an SVG with a
/// script — sent by a visitor from the widget and by an operator from the
/// console: the page and the SVG are refused, the rest shows as pictures
/// and cards whose names are text, nothing runs in the widget or the
/// console, and a picture opened on its own is a picture. Screenshots:
/// xss-files-widget.png, xss-files-console.png.
fn files_21_crafted_files_are_inert_in_the_widget_and_the_console(ctx: &Ctx) {
    let _turn = ctx.lock.lock().unwrap_or_else(|p| p.into_inner());
    let ana = login(&ctx.w, "ana@example.com", &ctx.demo.admin.password);
    let operator = console_as(ctx, "ana@example.com");
    wait_online(ctx, &ana.user.id);
    let visitor = visitor_with_widget(ctx);
    visitor_sends(&visitor, "What I see");
    let conversation = widget_conversation(&visitor);
    take(&operator, &conversation);

    let dir = std::env::temp_dir().join(format!("canal-xss-files-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temporary folder");
    let page = concat!("<html><script>", act!(), "</script></html>");
    let files = [
        (PICTURE_NAME, polyglot()),
        (TEXT_NAME, page.as_bytes().to_vec()),
        ("cat.png", page.as_bytes().to_vec()),
        (
            "logo.svg",
            concat!(
                "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>",
                act!(),
                "</script></svg>"
            )
            .as_bytes()
            .to_vec(),
        ),
    ];
    let paths: Vec<String> = files
        .iter()
        .map(|(name, bytes)| {
            let path = dir.join(name);
            std::fs::write(&path, bytes).expect("a crafted file");
            path.display().to_string()
        })
        .collect();

    // The visitor attaches all four: the page named `.png` and the SVG
    // are refused by their bytes, with the kinds that may be sent.
    let input = visitor
        .find("[data-testid=attach-input]")
        .expect("the widget's file picker");
    visitor.type_into(&input, &paths.join("\n"));
    let mut last = Vec::new();
    wait::until("the widget: two stored, two refused", || {
        last = upload_stages(&visitor);
        last.sort();
        (last == ["refused", "refused", "stored", "stored"]).then_some(())
    })
    .unwrap_or_else(|e| {
        let why = visitor.texts("[data-testid=upload-error]");
        panic!("{e}: {last:?} {why:?}")
    });
    let refusals: Vec<String> = visitor
        .texts("[data-testid=upload-error]")
        .into_iter()
        .filter(|t| !t.is_empty())
        .collect();
    assert!(
        refusals.len() == 2 && refusals.iter().all(|t| t.contains("not accepted")),
        "{refusals:?}"
    );
    while let Some(failed) = visitor.run_for_element(
        "const u = [...document.querySelectorAll('[data-testid=upload]')].find(u => u.dataset.stage === 'refused'); return u ? u.querySelector('[data-testid=upload-remove]') : null;",
    ) {
        visitor.click(&failed);
    }
    visitor.type_into(
        &visitor.wait_for("[data-testid=composer]"),
        &format!("Two files{ENTER}"),
    );
    for (b, who) in [(&visitor, "the widget"), (&operator, "the console")] {
        let shown = files_shown(b, who, 1, 1);
        assert_eq!(
            shown["pictures"][0]["name"],
            json!(PICTURE_NAME),
            "{who}: {shown}"
        );
        let card = shown["cards"][0][0].as_str().unwrap_or_default();
        assert!(card.contains(TEXT_NAME), "{who}: the card says {card:?}");
        assert_clean(&audit(b), who);
    }
    // The client's card lists them by name, as text.
    let listed = operator.texts("[data-testid=client-file]");
    assert!(
        listed.iter().any(|t| t.contains(PICTURE_NAME))
            && listed.iter().any(|t| t.contains(TEXT_NAME)),
        "the client's files: {listed:?}"
    );
    assert_clean(&audit(&operator), "the console with the client's card");

    // Ana sends the picture back from the console.
    let input = operator
        .find("[data-testid=attach-input]")
        .expect("the console's file picker");
    operator.type_into(&input, &paths[0]);
    operator.wait("the console: the picture stored", || {
        (upload_stages(&operator) == ["stored"]).then_some(())
    });
    operator.type_into(&operator.wait_for("#reply"), "Back to you");
    operator.click(&operator.wait_for("[data-testid=send-reply]"));
    let in_widget = files_shown(&visitor, "the widget, with Ana's picture", 2, 1);
    assert_eq!(in_widget["pictures"][1]["name"], json!(PICTURE_NAME));
    files_shown(&operator, "the console, with Ana's picture", 2, 1);
    assert_clean(&audit(&visitor), "the widget with Ana's picture");
    assert_clean(&audit(&operator), "the console with Ana's picture");
    visitor.leave_frames();
    visitor.screenshot("xss-files-widget");
    operator.screenshot("xss-files-console");

    // Opened on its own, each picture is a picture.
    let shown = files_shown(&operator, "the console", 2, 1);
    for p in shown["pictures"].as_array().into_iter().flatten() {
        let href = p["href"].as_str().expect("a picture's link");
        opens_as_a_picture(&operator, &ctx.w, href, "the console's link");
    }
    let _ = std::fs::remove_dir_all(&dir);
}
