//! The console operators live in all day (#20), in real headless Chromium:
//! alerts while the console is a background tab (a desktop notification and
//! a sound, once per event, clicking it opens the conversation), nothing for
//! what the operator looks at, their own settings, keyboard shortcuts and
//! the phone layout. The visitor is on a host site of its own (another site
//! than the worker, third-party storage blocked).
//!
//! Notifications and sounds are the browser's real ones (permission granted
//! through the DevTools protocol); a script the test adds before the console
//! loads watches `new Notification(…)` and each tone started, and tells a
//! second tab of the same browser over a `BroadcastChannel` — the console's
//! tab stays in the background while the test reads.

use std::sync::Mutex;
use std::time::Duration;

use canal_shared::ids::{ClientMsgId, ConversationId};
use canal_shared::protocol::LoginResponse;
use canal_shared::protocol::{ClientFrame, FileRef, InboxFrame, ServerFrame, Side};
use canal_tests::api::{get, login, post, put_bytes, visitor};
use canal_tests::browser::{Browser, Driver, ENTER, SHIFT};
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
    admin: LoginResponse,
    bruno: LoginResponse,
    /// The cases change the one channel's settings: one at a time.
    lock: Mutex<()>,
}

fn main() {
    suite::run(
        || {
            // Links to files work for 5 seconds here (a test-only
            // setting): every file case shows they are renewed in time.
            let w = Worker::start_with(&[
                ("CANAL_MIN_DELAY_MS", "1000"),
                ("CANAL_FILE_LINK_MS", &LINK_MS.to_string()),
            ]);
            let demo = w.setup("demo");
            let pw = demo.admin.password.clone();
            Ctx {
                host: Host::start(Page::new(&w.url(""), &demo.channel.id)),
                admin: login(&w, "admin@example.com", &pw),
                bruno: login(&w, "bruno@example.com", &pw),
                driver: Driver::start(),
                lock: Mutex::new(()),
                w,
                demo,
            }
        },
        cases![
            each_person_keeps_their_settings_and_starts_in_their_presence,
            settings_22_the_console_speaks_the_persons_language_else_the_browsers,
            an_operator_in_a_background_tab_is_alerted_once_per_event_and_answers_with_the_keyboard,
            in_front_nothing_alerts_for_the_conversation_being_read,
            shortcuts_are_listed_and_none_fires_while_typing,
            on_a_phone_the_list_a_conversation_and_the_reply_box_are_usable,
            files_21_an_admin_sets_the_accounts_file_limits_which_the_server_holds,
            files_21_the_widget_shows_an_operators_file_as_a_card_that_opens_it,
            files_21_an_operator_sees_the_visitors_picture_and_sends_a_screenshot_and_a_pdf,
            files_21_links_stay_fresh_in_a_console_in_the_background_and_in_the_widget,
            files_21_a_visitor_pastes_a_screenshot_and_attaches_a_file_and_gets_a_pdf_back,
            files_21_a_visitor_drops_files_and_a_refused_one_says_why_in_their_language,
            files_21_a_file_uploading_when_the_host_page_reloads_goes_once_in_its_place,
            files_21_an_operators_file_uploading_when_the_console_reloads_goes_once_in_its_place,
        ],
    )
}

/// Watches the console's notifications and tones, and tells every tab of
/// the same origin about each (see the module's comment).
const SPY: &str = r#"
(() => {
  const bc = new BroadcastChannel('canal-test-alerts');
  window.__alerts = [];
  const tell = (what) => bc.postMessage(Object.assign({ hidden: document.visibilityState !== 'visible' }, what));
  const N = window.Notification;
  if (N) {
    window.Notification = class extends N {
      constructor(title, options) {
        super(title, options);
        const o = options || {};
        window.__alerts.push(this);
        tell({ what: 'notification', title, body: o.body || '', tag: o.tag || '', index: window.__alerts.length - 1 });
      }
    };
  }
  const start = AudioScheduledSourceNode.prototype.start;
  AudioScheduledSourceNode.prototype.start = function (...args) {
    tell({ what: 'tone' });
    return start.apply(this, args);
  };
})();
"#;

/// Ana's console in a browser that allows its notifications and is
/// watched by [`SPY`]; signed in, its inbox connected.
fn operator_console(ctx: &Ctx, email: &str) -> Browser {
    let b = ctx.driver.browser();
    b.cdp(
        "Browser.grantPermissions",
        json!({ "origin": ctx.w.url("").trim_end_matches('/'), "permissions": ["notifications"] }),
    );
    b.cdp(
        "Page.addScriptToEvaluateOnNewDocument",
        json!({ "source": SPY }),
    );
    b.sign_in(&ctx.w.url("/console/"), email, &ctx.demo.admin.password);
    wait_connected(&b);
    b
}

fn wait_connected(b: &Browser) {
    b.wait("the console to connect", || {
        let c = b.find("[data-testid=connection]")?;
        (b.attr(&c, "data-state").as_deref() == Some("open")).then_some(())
    });
}

/// Turns desktop notifications on in My settings and saves.
fn turn_notifications_on(b: &Browser) {
    b.click(&b.wait_for("[data-testid=nav-me]"));
    let desktop = b.wait_for("[data-testid=alert-desktop]");
    if b.run(
        "return document.querySelector('[data-testid=alert-desktop]').checked",
        json!([]),
    ) != json!(true)
    {
        b.click(&desktop);
    }
    b.wait_text_in("[data-testid=my-settings]", "This browser shows them.");
    b.click(&b.wait_for("[data-testid=my-settings-save]"));
    b.wait_text_in("[data-testid=my-settings-status]", "Saved");
    b.screenshot("operator-my-settings");
    b.click(&b.wait_for("[data-testid=nav-inbox]"));
}

/// Puts the console in the background: a second tab of the same browser,
/// on the worker's origin, comes in front and listens for the spy's news.
/// Returns the console's handle.
fn to_background(ctx: &Ctx, b: &Browser) -> String {
    let console = b.handle();
    b.new_tab();
    b.goto(&ctx.w.url("/api/health"));
    b.run(
        "window.__heard = []; window.__bc = new BroadcastChannel('canal-test-alerts'); window.__bc.onmessage = (e) => window.__heard.push(e.data);",
        json!([]),
    );
    console
}

/// What the spy told the tab in front so far.
fn heard(b: &Browser) -> Vec<Value> {
    b.run("return window.__heard || [];", json!([]))
        .as_array()
        .cloned()
        .unwrap_or_default()
}

fn notifications(b: &Browser) -> Vec<Value> {
    heard(b)
        .into_iter()
        .filter(|h| h["what"] == "notification")
        .collect()
}

/// Waits for a notification whose tag names `kind` (`Offered`, `Message`,
/// `Transferred`, `Late`) and conversation `c`.
fn wait_notification(b: &Browser, kind: &str, c: &str) -> Value {
    let tag = format!("canal-{kind}-{c}");
    canal_tests::wait::until(&format!("the {kind} notification"), || {
        notifications(b)
            .into_iter()
            .find(|n| n["tag"] == json!(tag))
    })
    .unwrap_or_else(|e| panic!("{e}; heard: {:?}", heard(b)))
}

/// Back to the console's tab (closing the listener's).
fn to_front(b: &Browser, console: &str) {
    let listener = b.handle();
    b.close_tab(&listener);
    b.switch_to(console);
}

/// Presses each character of `text` where the focus is, as a person types.
fn keys(b: &Browser, text: &str) {
    for c in text.chars() {
        b.press(&c.to_string());
    }
}

fn widget_messages(b: &Browser) -> Vec<String> {
    b.texts("[data-testid=message-text]")
}

fn kpi(ctx: &Ctx, settings: Value) {
    let (status, res) = post(
        &ctx.w,
        "/api/kpi",
        Some(&ctx.admin.token),
        &json!({"channel": ctx.demo.channel.id, "settings": settings}),
    );
    assert_eq!(status, 200, "{res}");
}

fn queue_to_all(ctx: &Ctx, people: &[&str]) {
    let entries: Vec<Value> = people
        .iter()
        .map(|id| json!({"kind": "user", "id": id}))
        .collect();
    let body = json!({
        "channel": ctx.demo.channel.id,
        "settings": {"mode": "to_all", "idle_ms": 180_000, "check_online": true, "capacity": null},
        "entries": entries,
    });
    let (status, res) = post(&ctx.w, "/api/queue", Some(&ctx.admin.token), &body);
    assert_eq!(status, 200, "saving the queue: {res}");
}

fn inbox(ctx: &Ctx, who: &LoginResponse) -> Socket {
    let mut s = connect(&ctx.w.ws_url(&format!("/ws/inbox?token={}", who.token))).expect("inbox");
    s.next_inbox();
    s
}

/// A visitor of the API writes `text`; returns their conversation and socket.
fn raw_visitor_writes(ctx: &Ctx, text: &str) -> (String, Socket) {
    let v = visitor(&ctx.w, ctx.demo.channel.id.as_str());
    let mut s = connect(&ctx.w.ws_url(&format!(
        "/ws/visitor?conversation={}&token={}",
        v.conversation, v.token
    )))
    .expect("visitor socket");
    hello(&mut s);
    send(&mut s, "m1", text);
    (v.conversation.to_string(), s)
}

fn ana_id(ctx: &Ctx) -> String {
    let ana = login(&ctx.w, "ana@example.com", &ctx.demo.admin.password);
    ana.user.id.to_string()
}

/// The conversation open in the console, by the `?conversation=` the
/// list's item carries.
fn open_conversation_id(b: &Browser) -> Option<String> {
    let item = b.find(
        "[data-testid=conversation][aria-current=true], [data-testid=conversation].selected",
    )?;
    b.attr(&item, "data-id")
}

// #20 "Done when": Ana's console is a background tab. A visitor on another
// page of the host site writes: the offer reaches her as a notification
// and a sound, named after the visitor with the first line, once; the
// client's wait passes the channel's limit (R-KPI-3): a late notice, once.
// Clicking the offer's notification opens the conversation; she accepts,
// writes and sends with the keyboard alone, after she saw the visitor's
// page and browser, opened the link they sent and left a private note the
// visitor never gets. Back in the background, the
// visitor's next message alerts once; Bruno transfers another conversation
// to her: once. Every alert came while the console was hidden.
fn an_operator_in_a_background_tab_is_alerted_once_per_event_and_answers_with_the_keyboard(
    ctx: &Ctx,
) {
    let _one = ctx.lock.lock().unwrap_or_else(|p| p.into_inner());
    let ana = ana_id(ctx);
    queue_to_all(ctx, &[&ana, ctx.bruno.user.id.as_str()]);
    kpi(
        ctx,
        json!({
            "first": {"after_ms": 2000, "notify": {"to": {"who": "person", "user": ana}, "text": "#DIALOG# waits for an answer"}},
            "next": null,
            "working_hours_only": false
        }),
    );
    let b = operator_console(ctx, "ana@example.com");
    turn_notifications_on(&b);
    b.resize(1280, 900);
    let console = to_background(ctx, &b);

    let visitor = ctx.driver.browser();
    visitor.goto(&ctx.host.url("/shop/item"));
    visitor.open_widget();
    let composer = visitor.wait_for("[data-testid=composer]");
    let link = ctx.host.url("/orders/42");
    visitor.type_into(
        &composer,
        &format!("Where is my order?{SHIFT}{ENTER}{SHIFT}It is {link}{ENTER}"),
    );
    let first = format!("Where is my order?\nIt is {link}");
    visitor.wait("the message to be sent", || {
        widget_messages(&visitor)
            .iter()
            .any(|t| t == &first)
            .then_some(())
    });

    // The offer, then the late notice, each once, while hidden.
    let offer = b.wait("the offer's notification", || {
        notifications(&b).into_iter().find(|n| {
            n["tag"]
                .as_str()
                .is_some_and(|t| t.starts_with("canal-Offered-"))
        })
    });
    let a = offer["tag"].as_str().unwrap()["canal-Offered-".len()..].to_owned();
    assert!(
        offer["title"].as_str().unwrap().contains("Visitor"),
        "names the visitor: {offer}"
    );
    assert_eq!(offer["body"], "Where is my order?…", "the first line");
    wait_notification(&b, "Late", &a);
    kpi(
        ctx,
        json!({"first": null, "next": null, "working_hours_only": false}),
    );

    // Clicking the notification brings the console forward on it.
    let index = offer["index"].as_u64().unwrap();
    let seen_so_far = heard(&b);
    to_front(&b, &console);
    b.run(
        "window.__alerts[arguments[0]].dispatchEvent(new Event('click'));",
        json!([index]),
    );
    let header = b.wait_for("[data-testid=chat-visitor]");
    assert!(b.text(&header).contains("Visitor"));
    b.wait("the offered conversation to open", || {
        (open_conversation_id(&b).as_deref() == Some(a.as_str())).then_some(())
    });
    b.screenshot("operator-offer-opened-1280");

    // Who the visitor is and where: the page they are on, their browser.
    b.wait_text_in("[data-testid=visitor-page]", "/shop/item");
    b.wait_text_in("[data-testid=visitor-browser]", "Chrome");
    // The link they sent opens in a new tab.
    let a_link = b.wait_for("[data-testid=message-link]");
    assert_eq!(b.attr(&a_link, "href").as_deref(), Some(link.as_str()));
    let tabs = b.handles();
    b.click(&a_link);
    let opened = b.wait("the link's tab", || {
        b.handles().into_iter().find(|h| !tabs.contains(h))
    });
    b.switch_to(&opened);
    b.wait("the linked page", || {
        (b.current_url() == link).then_some(())
    });
    b.close_tab(&opened);
    b.switch_to(&console);

    // Shortcuts alone: accept, the reply box, type, send.
    b.run(
        "document.activeElement && document.activeElement.blur()",
        json!([]),
    );
    b.press("a");
    b.wait("the reply box to open", || {
        b.find("#reply:not([disabled])").map(|_| ())
    });
    // Accepting puts the cursor in the reply box; `r` does when it is not.
    let focused = || {
        b.run(
            "return document.activeElement && document.activeElement.id",
            json!([]),
        ) == json!("reply")
    };
    if !focused() {
        b.press("r");
    }
    b.wait("the reply box to have the focus", || {
        focused().then_some(())
    });
    keys(&b, "On its way!");
    b.screenshot("operator-typed-with-keys-1280");
    b.press(ENTER);
    visitor.wait("the operator's reply", || {
        widget_messages(&visitor)
            .iter()
            .any(|t| t == "On its way!")
            .then_some(())
    });
    // A private note, which the visitor never gets: the reply after it
    // reaches them, the note does not.
    b.press("\u{E00C}");
    b.press("n");
    b.wait("the note mode", || focused().then_some(()));
    keys(&b, "Customer asked twice");
    b.press(ENTER);
    b.wait_for("[data-testid=message].note");
    b.press("\u{E00C}");
    b.press("n");
    b.wait("the reply mode", || focused().then_some(()));
    keys(&b, "Checking now.");
    b.press(ENTER);
    visitor.wait("the reply after the note", || {
        widget_messages(&visitor)
            .iter()
            .any(|t| t == "Checking now.")
            .then_some(())
    });
    assert!(
        !widget_messages(&visitor)
            .iter()
            .any(|t| t.contains("Customer asked twice")),
        "the visitor never gets the note"
    );
    b.screenshot("operator-conversation-1280");
    b.resize(390, 844);
    b.screenshot("operator-conversation-390");
    b.resize(1280, 900);

    // Back in the background: the visitor's next message, a transfer.
    let console = to_background(ctx, &b);
    visitor.type_into(&composer, &format!("Thanks! It is order 42{ENTER}"));
    let message = wait_notification(&b, "Message", &a);
    assert_eq!(message["body"], "Thanks! It is order 42");
    let mut bruno = inbox(ctx, &ctx.bruno);
    let (other, _vs) = raw_visitor_writes(ctx, "Can I pay by invoice?");
    wait_notification(&b, "Offered", &other);
    bruno.until_inbox("the offer to Bruno", canal_tests::wait::PATIENCE, |f| {
        matches!(f, canal_shared::protocol::InboxFrame::Upsert { conversation } if conversation.id.as_str() == other).then_some(())
    });
    let (status, res) = post(
        &ctx.w,
        "/api/conversations/accept",
        Some(&ctx.bruno.token),
        &json!({"channel": ctx.demo.channel.id, "conversation": other}),
    );
    assert_eq!(status, 200, "{res}");
    let (status, res) = post(
        &ctx.w,
        "/api/conversations/transfer",
        Some(&ctx.bruno.token),
        &json!({"channel": ctx.demo.channel.id, "conversation": other, "to": ana}),
    );
    assert_eq!(status, 200, "{res}");
    let moved = wait_notification(&b, "Transferred", &other);
    assert!(moved["title"].as_str().unwrap().contains("is now yours"));
    // Nothing else comes late.
    b.pause(Duration::from_millis(1500));

    let all: Vec<Value> = seen_so_far
        .iter()
        .chain(&heard(&b))
        .filter(|h| h["what"] == "notification")
        .cloned()
        .collect();
    let mut tags: Vec<&str> = all.iter().filter_map(|n| n["tag"].as_str()).collect();
    tags.sort();
    let mut want = vec![
        format!("canal-Offered-{a}"),
        format!("canal-Late-{a}"),
        format!("canal-Message-{a}"),
        format!("canal-Offered-{other}"),
        format!("canal-Transferred-{other}"),
    ];
    want.sort();
    assert_eq!(
        tags, want,
        "each event once: {all:?} (before the click: {seen_so_far:?})"
    );
    assert!(
        all.iter().all(|n| n["hidden"] == json!(true)),
        "only while the console was hidden: {all:?}"
    );
    let tones = heard(&b).iter().filter(|h| h["what"] == "tone").count();
    assert_eq!(
        tones,
        2 * 3,
        "two tones an alert, for the three after the click"
    );
    let tones_before = seen_so_far.iter().filter(|h| h["what"] == "tone").count();
    assert_eq!(tones_before, 2 * 2, "and for the two before");

    // The tab's title and favicon count what waits: Bruno's transfer.
    to_front(&b, &console);
    b.wait("the waiting count in the title", || {
        let title = b.run("return document.title", json!([]));
        title
            .as_str()
            .filter(|t| t.starts_with("("))
            .map(str::to_owned)
    });
    let icon = b.run(
        "return document.querySelector(\"link[rel='icon']\").href",
        json!([]),
    );
    assert!(
        icon.as_str().unwrap().contains("%23d1242f"),
        "a badge: {icon}"
    );
}

// In front, reading a conversation: its visitor's messages alert nothing;
// another conversation only sounds (no desktop notification while the
// console is in front).
fn in_front_nothing_alerts_for_the_conversation_being_read(ctx: &Ctx) {
    let _one = ctx.lock.lock().unwrap_or_else(|p| p.into_inner());
    let ana = ana_id(ctx);
    queue_to_all(ctx, &[&ana]);
    let b = operator_console(ctx, "ana@example.com");
    turn_notifications_on(&b);
    b.run(
        "window.__heard = []; window.__bc2 = new BroadcastChannel('canal-test-alerts'); window.__bc2.onmessage = (e) => window.__heard.push(e.data);",
        json!([]),
    );
    // A BroadcastChannel does not hear its own page: a second one does.
    let (c, mut vs) = raw_visitor_writes(ctx, "I am here");
    b.wait("the offer in the list", || {
        b.find(&format!("[data-testid=conversation][data-id='{c}']"))
    });
    b.click(&b.wait_for(&format!("[data-testid=conversation][data-id='{c}']")));
    b.click(&b.wait_for("[data-testid=chat-accept]"));
    b.wait_for("#reply:not([disabled])");
    let in_front = b.run(
        "return document.visibilityState === 'visible' && document.hasFocus()",
        json!([]),
    );
    assert_eq!(in_front, json!(true), "the console is in front");
    let before = heard(&b).len();
    send(&mut vs, "m2", "are you reading this?");
    b.wait("the message in the thread", || {
        b.texts("[data-testid=message-text]")
            .iter()
            .any(|t| t == "are you reading this?")
            .then_some(())
    });
    b.pause(Duration::from_millis(500));
    assert_eq!(
        heard(&b).len(),
        before,
        "nothing for what I read: {:?}",
        heard(&b)
    );

    let (other, _vs2) = raw_visitor_writes(ctx, "hello from elsewhere");
    b.wait("the other conversation's sound", || {
        heard(&b).iter().any(|h| h["what"] == "tone").then_some(())
    });
    assert!(
        notifications(&b).is_empty(),
        "no desktop notification in front: {:?}",
        heard(&b)
    );
    b.wait_for(&format!("[data-testid=conversation][data-id='{other}']"));
}

// #22: the console speaks the browser's language (Spanish here) until the
// person chooses one in My settings (Portuguese), which the server keeps,
// so it holds after a reload; the page's `lang` follows; a language the
// catalog does not have is refused by the server with the reason.
fn settings_22_the_console_speaks_the_persons_language_else_the_browsers(ctx: &Ctx) {
    let _one = ctx.lock.lock().unwrap_or_else(|p| p.into_inner());
    let path = "/api/me/preferences";
    let (status, res) = post(
        &ctx.w,
        path,
        Some(&ctx.bruno.token),
        &json!({"language": "fr"}),
    );
    assert_eq!(status, 400, "{res}");
    let message = res["message"].as_str().unwrap_or_default();
    assert!(message.contains("en, es, pt-BR"), "{res}");

    let b = ctx.driver.browser_in("es-MX");
    b.sign_in(
        &ctx.w.url("/console/"),
        "bruno@example.com",
        &ctx.demo.admin.password,
    );
    wait_connected(&b);
    let lang = |b: &Browser| b.run("return document.documentElement.lang;", json!([]));
    b.wait_text_in("[data-testid=logout]", "Cerrar sesión");
    assert_eq!(lang(&b), json!("es"));
    b.click(&b.wait_for("[data-testid=nav-me]"));
    b.wait_text_in("[data-testid=my-language]", "Como el navegador (Español)");
    b.set_value("[data-testid=my-language]", "pt-BR");
    b.click(&b.wait_for("[data-testid=my-settings-save]"));
    b.wait_text_in("[data-testid=logout]", "Sair");
    let (_, kept) = get(&ctx.w, path, Some(&ctx.bruno.token));
    assert_eq!(kept["language"], json!("pt-BR"), "{kept}");
    b.refresh();
    wait_connected(&b);
    b.wait_text_in("[data-testid=nav-me]", "Bruno");
    b.wait_text_in("[data-testid=logout]", "Sair");
    assert_eq!(lang(&b), json!("pt-BR"));
    b.click(&b.wait_for("[data-testid=nav-inbox]"));
    b.wait_text_in("[data-testid=no-conversation]", "Escolha uma conversa");
    b.screenshot("console-pt-BR");

    // Back to the browser's.
    b.click(&b.wait_for("[data-testid=nav-me]"));
    b.set_value("[data-testid=my-language]", "");
    b.click(&b.wait_for("[data-testid=my-settings-save]"));
    b.wait_text_in("[data-testid=logout]", "Cerrar sesión");
    let (_, kept) = get(&ctx.w, path, Some(&ctx.bruno.token));
    assert_eq!(kept["language"], json!(null), "{kept}");
}

// Each person's settings are their own and checked by the server: unknown
// fields and "start offline" are refused with the reason; Bruno starts
// away, so a console he opens is away and nothing is offered to him.
fn each_person_keeps_their_settings_and_starts_in_their_presence(ctx: &Ctx) {
    let _one = ctx.lock.lock().unwrap_or_else(|p| p.into_inner());
    let path = "/api/me/preferences";
    let (status, res) = get(&ctx.w, path, Some(&ctx.bruno.token));
    assert_eq!(status, 200, "{res}");
    assert_eq!(res["sound"], true, "sound on by default: {res}");
    assert_eq!(
        res["desktop"], false,
        "desktop notifications are asked for: {res}"
    );
    let (status, res) = post(
        &ctx.w,
        path,
        Some(&ctx.bruno.token),
        &json!({"start": "offline"}),
    );
    assert_eq!(status, 400, "{res}");
    assert!(
        res["message"].as_str().unwrap().contains("online or away"),
        "{res}"
    );
    let (status, _) = post(&ctx.w, path, Some(&ctx.bruno.token), &json!({"volume": 11}));
    assert_eq!(status, 400);
    let (status, _) = get(&ctx.w, path, None);
    assert_eq!(status, 401);

    let (status, res) = post(
        &ctx.w,
        path,
        Some(&ctx.bruno.token),
        &json!({"start": "away", "message": false}),
    );
    assert_eq!(status, 200, "{res}");
    // Ana's are not Bruno's.
    let ana = login(&ctx.w, "ana@example.com", &ctx.demo.admin.password);
    let (_, mine) = get(&ctx.w, path, Some(&ana.token));
    assert_eq!(mine["message"], true, "{mine}");

    let b = operator_console(ctx, "bruno@example.com");
    b.wait("Bruno to start away", || {
        let p = b.find("[data-testid=presence]")?;
        let v = b.run(
            "return document.querySelector('[data-testid=presence]').value",
            json!([]),
        );
        (v == json!("away")).then_some(p)
    });
    b.click(&b.wait_for("[data-testid=nav-me]"));
    b.wait("his saved settings", || {
        let v = b.run(
            "return [document.querySelector('[data-testid=start-away]').checked, document.querySelector('[data-testid=alert-message]').checked]",
            json!([]),
        );
        (v == json!([true, false])).then_some(())
    });
    // Back to the defaults and online for the other cases.
    let (status, _) = post(&ctx.w, path, Some(&ctx.bruno.token), &json!({}));
    assert_eq!(status, 200);
    b.set_value("[data-testid=presence]", "online");
    b.wait("Bruno online", || {
        let v = b.run(
            "return document.querySelector('.presence').dataset.presence",
            json!([]),
        );
        (v == json!("online")).then_some(())
    });
}

// `?` lists the shortcuts; keys typed in the reply box stay text; Escape
// leaves the box and `j` / `k` move through the list.
fn shortcuts_are_listed_and_none_fires_while_typing(ctx: &Ctx) {
    let _one = ctx.lock.lock().unwrap_or_else(|p| p.into_inner());
    let b = operator_console(ctx, "ana@example.com");
    b.resize(1280, 900);
    b.wait("two conversations in the list", || {
        (b.find_all("[data-testid=conversation]").len() >= 2).then_some(())
    });
    b.run(
        "document.activeElement && document.activeElement.blur()",
        json!([]),
    );
    b.press("?");
    let help = b.wait_for("[data-testid=shortcuts-help]");
    assert!(b.text(&help).contains("Next conversation"));
    b.screenshot("operator-shortcuts-1280");
    b.press("\u{E00C}");
    b.wait("the list of shortcuts to close", || {
        b.find("[data-testid=shortcuts-help]")
            .is_none()
            .then_some(())
    });

    b.press("j");
    let first = b.wait("the first conversation to open", || {
        open_conversation_id(&b)
    });
    b.press("j");
    let second = b.wait("the second conversation to open", || {
        open_conversation_id(&b).filter(|id| id != &first)
    });
    b.press("k");
    b.wait("back to the first", || {
        (open_conversation_id(&b).as_deref() == Some(first.as_str())).then_some(())
    });
    // Typing in the reply box: "j" is a letter, not a shortcut.
    let reply = b.wait_for("[data-testid=reply]");
    if b.attr(&reply, "disabled").is_none() {
        b.click(&reply);
        keys(&b, "jk?");
        assert_eq!(open_conversation_id(&b).as_deref(), Some(first.as_str()));
        assert!(b.find("[data-testid=shortcuts-help]").is_none());
        let v = b.run("return document.getElementById('reply').value", json!([]));
        assert!(v.as_str().unwrap().ends_with("jk?"), "{v}");
        b.press("\u{E00C}");
        b.press("j");
        b.wait("the next conversation after Escape", || {
            (open_conversation_id(&b).as_deref() == Some(second.as_str())).then_some(())
        });
    }
}

// 390 px wide: the list fills the screen; a conversation replaces it with
// a way back, and its reply box works.
fn on_a_phone_the_list_a_conversation_and_the_reply_box_are_usable(ctx: &Ctx) {
    let _one = ctx.lock.lock().unwrap_or_else(|p| p.into_inner());
    let b = operator_console(ctx, "ana@example.com");
    b.resize(390, 844);
    let item = b.wait_for("[data-testid=conversation]");
    b.screenshot("operator-list-390");
    let width = b.run("return document.documentElement.scrollWidth", json!([]));
    assert!(
        width.as_u64().unwrap() <= 390,
        "no sideways scrolling: {width}"
    );
    b.click(&item);
    let back = b.wait_for("[data-testid=back-to-list]");
    let sidebar_shown = b.run(
        "const s = document.querySelector('.sidebar'); return s && s.offsetParent !== null",
        json!([]),
    );
    assert_eq!(
        sidebar_shown,
        json!(false),
        "the list gives way to the conversation"
    );
    let reply = b.wait_for("[data-testid=reply]");
    let rect = b.run(
        "const r = document.querySelector('[data-testid=reply]').getBoundingClientRect(); return [r.left, r.right, r.bottom, window.innerHeight];",
        json!([]),
    );
    let r: Vec<f64> = serde_json::from_value(rect.clone()).unwrap();
    assert!(
        r[0] >= 0.0 && r[1] <= 390.0 && r[2] <= r[3],
        "the reply box is on screen: {rect}"
    );
    if b.attr(&reply, "disabled").is_none() {
        b.type_into(&reply, &format!("From my phone{ENTER}"));
        b.wait("the reply in the thread", || {
            b.texts("[data-testid=message-text]")
                .iter()
                .any(|t| t == "From my phone")
                .then_some(())
        });
    }
    b.screenshot("operator-conversation-phone-390");
    // The visitor's and client's panel, on demand.
    let shown = || {
        b.run(
            "const c = document.querySelector('[data-testid=client-card]'); return !!c && c.offsetParent !== null",
            json!([]),
        )
    };
    assert_eq!(shown(), json!(false), "the thread has the screen");
    b.click(&b.wait_for("[data-testid=show-details]"));
    b.wait("the client's panel", || {
        (shown() == json!(true)).then_some(())
    });
    b.screenshot("operator-details-phone-390");
    b.click(&b.wait_for("[data-testid=show-details]"));
    b.click(&back);
    b.wait_for("[data-testid=conversation]");
}

/// Draws a `width` × `height` picture in the page and returns it as PNG.
fn drawn_png(b: &Browser, width: u32, height: u32) -> Vec<u8> {
    use base64::Engine as _;
    let data = b.run(
        "const c = document.createElement('canvas'); c.width = arguments[0]; c.height = arguments[1]; \
         const g = c.getContext('2d'); g.fillStyle = '#1f5fbf'; g.fillRect(0, 0, c.width, c.height); \
         g.fillStyle = '#fff'; g.fillRect(20, 20, c.width / 2, c.height / 3); \
         return c.toDataURL('image/png').split(',')[1];",
        json!([width, height]),
    );
    base64::engine::general_purpose::STANDARD
        .decode(data.as_str().expect("a data URL"))
        .expect("base64")
}

/// Pastes a `width` × `height` screenshot named `image.png` into the
/// field `selector` (the console's reply box, the widget's composer), as
/// the browser does for Ctrl+V of a copied screen; gives back what was
/// pasted there as text.
const PASTE_SCREENSHOT: &str = r#"
const [w, h, selector, done] = arguments;
const c = document.createElement('canvas'); c.width = w; c.height = h;
const g = c.getContext('2d'); g.fillStyle = '#2da44e'; g.fillRect(0, 0, w, h);
g.fillStyle = '#fff'; g.fillRect(w / 8, h / 8, w / 2, h / 4);
c.toBlob((blob) => {
  const data = new DataTransfer();
  data.items.add(new File([blob], 'image.png', { type: 'image/png' }));
  const field = document.querySelector(selector);
  field.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  done(field.value);
}, 'image/png');
"#;

/// Waits for the conversation's first picture to load through its link,
/// `width` pixels wide.
fn wait_picture(b: &Browser, width: u32) {
    b.wait("the picture to load through its link", || {
        b.run(
            "const i = document.querySelector('[data-testid=message-picture] img'); return i.complete && i.naturalWidth === arguments[0];",
            json!([width]),
        )
        .as_bool()
        .filter(|&x| x)
    });
}

/// Sets the account's largest file, every kind allowed (10 MB: the
/// defaults back).
fn file_limits(ctx: &Ctx, max_bytes: u64) {
    let (status, res) = post(
        &ctx.w,
        "/api/files/limits",
        Some(&ctx.admin.token),
        &json!({"max_bytes": max_bytes, "allowed": ["image", "pdf", "text", "csv", "office"]}),
    );
    assert_eq!(status, 200, "the file limits: {res}");
}

/// The stages of the composer's files, in order.
fn upload_stages(b: &Browser) -> Vec<String> {
    read(
        b,
        "return [...document.querySelectorAll('[data-testid=upload]')].map(u => u.dataset.stage)",
    )
}

// #21 (items 2 and 3, the console): the visitor's picture shows in the
// conversation at the size reserved for it before it loads, through its
// signed link; Ana pastes a screenshot into the reply while her connection
// is lost (it goes once the connection is back), and attaches a PDF and a
// program with the Attach button: each shows its progress, the program is
// refused with the reason and removed; Send sends her caption with the
// screenshot and the PDF as a message of its own, in that order; the
// visitor gets both and downloads the PDF. Screenshots kept as artefacts.
fn files_21_an_operator_sees_the_visitors_picture_and_sends_a_screenshot_and_a_pdf(ctx: &Ctx) {
    let _one = ctx.lock.lock().unwrap_or_else(|p| p.into_inner());
    let ana = ana_id(ctx);
    queue_to_all(ctx, &[&ana]);
    let b = operator_console(ctx, "ana@example.com");
    let v = visitor(&ctx.w, ctx.demo.channel.id.as_str());
    let c = v.conversation.to_string();
    let mut vs = connect(
        &ctx.w
            .ws_url(&format!("/ws/visitor?conversation={c}&token={}", v.token)),
    )
    .expect("visitor socket");
    hello(&mut vs);
    send(&mut vs, "m1", "this is what I see");
    b.click(&b.wait_for(&format!("[data-testid=conversation][data-id='{c}']")));
    b.click(&b.wait_for("[data-testid=chat-accept]"));
    b.wait_for("#reply:not([disabled])");

    let png = drawn_png(&b, 640, 400);
    let path = format!("/api/files?conversation={c}&id=f1&name=screen.png");
    let (status, res) = put_bytes(&ctx.w, &path, Some(&v.token), &png);
    assert_eq!(status, 201, "the visitor's upload: {res}");
    vs.send(&ClientFrame::Send {
        id: ClientMsgId::parse("m2").unwrap(),
        text: String::new(),
        file: Some(ClientMsgId::parse("f1").unwrap()),
    });
    let img = b.wait_for("[data-testid=message-picture] img");
    assert_eq!(
        (b.attr(&img, "width"), b.attr(&img, "height")),
        (Some("360".into()), Some("225".into())),
        "640 × 400 is reserved as 360 × 225 before it loads"
    );
    wait_picture(&b, 640);

    // A screenshot pasted while the connection is lost: a file, not text,
    // which fails and goes again by itself once the connection is back.
    let network = |offline: bool| {
        b.cdp(
            "Network.emulateNetworkConditions",
            json!({"offline": offline, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1}),
        );
    };
    b.cdp("Network.enable", json!({}));
    network(true);
    let pasted = b.run_async(PASTE_SCREENSHOT, json!([800, 500, "#reply"]));
    assert_eq!(pasted, json!(""), "nothing pasted as text");
    b.wait("the upload to fail for the lost connection", || {
        (upload_stages(&b) == ["failed"]).then_some(())
    });
    b.wait_for("[data-testid=upload-retry]");
    network(false);
    b.wait("the upload to go again once online", || {
        (upload_stages(&b) == ["stored"]).then_some(())
    });
    let dir = std::env::temp_dir().join(format!("canal-files-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temporary folder");
    let pdf = dir.join("relatório.pdf");
    let pdf_bytes = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n".to_vec();
    std::fs::write(&pdf, &pdf_bytes).expect("the PDF");
    let program = dir.join("setup.exe");
    std::fs::write(&program, b"MZ\x90\0\x03\0\0\0\x04\0\0\0\xff\xff").expect("the program");
    let input = b
        .find("[data-testid=attach-input]")
        .expect("the file picker");
    b.type_into(&input, &format!("{}\n{}", pdf.display(), program.display()));
    b.wait("the program refused with the reason", || {
        let why = b.texts("[data-testid=upload-error]");
        why.iter()
            .any(|t| t.contains("cannot be sent") && t.contains("pdf"))
            .then_some(())
    });
    b.wait("the others stored", || {
        (upload_stages(&b) == ["stored", "stored", "failed"]).then_some(())
    });
    assert!(
        b.find("[data-testid=upload-retry]").is_none(),
        "a refusal is not offered again"
    );
    b.screenshot("operator-files-composer");
    b.click(&b.find_all("[data-testid=upload-remove]")[2]);
    b.wait("the program removed", || {
        (upload_stages(&b).len() == 2).then_some(())
    });

    b.type_into(&b.wait_for("#reply"), "Segue o relatório");
    b.click(&b.wait_for("[data-testid=send-reply]"));
    let mut got: Vec<(String, FileRef)> = Vec::new();
    while got.len() < 2 {
        let (text, file) = vs.until("the operator's files", |f| match f {
            ServerFrame::Message { message } if message.side == Side::Operator => message
                .file
                .clone()
                .map(|file| (message.text.clone(), file)),
            _ => None,
        });
        got.push((text, file));
    }
    assert_eq!(
        got[0].0, "Segue o relatório",
        "the caption goes with the first"
    );
    assert_eq!(got[0].1.mime, "image/png");
    assert_eq!((got[0].1.width, got[0].1.height), (Some(800), Some(500)));
    assert_eq!(
        (got[1].0.as_str(), got[1].1.mime.as_str()),
        ("", "application/pdf")
    );
    assert_eq!(got[1].1.name, "relatório.pdf");
    let url = got[1].1.url.clone().expect("a link for the visitor");
    let res = ureq::get(&ctx.w.url(&url))
        .call()
        .expect("the PDF downloads");
    assert!(
        res.header("content-disposition")
            .is_some_and(|d| d.starts_with("attachment")),
        "a PDF is a download"
    );
    let mut body = Vec::new();
    std::io::Read::read_to_end(&mut res.into_reader(), &mut body).expect("its bytes");
    assert_eq!(body, pdf_bytes, "the same bytes");

    b.wait("both in the console's thread", || {
        (b.find_all("[data-testid=message-picture]").len() == 2
            && b.find_all("[data-testid=message-file]").len() == 1)
            .then_some(())
    });
    assert!(upload_stages(&b).is_empty(), "the composer is empty again");
    b.wait("the client's card to list the conversation's files", || {
        let files = b.texts("[data-testid=client-file]");
        (files.len() == 3
            && files[0].contains("screen.png")
            && files[0].contains("from the client")
            && files[2].contains("relatório.pdf"))
        .then_some(())
    });
    b.screenshot("operator-files-conversation");
    let _ = std::fs::remove_dir_all(&dir);
}

// #21 item 4: an admin sets the account's limits on the Files page (a
// typed "0" is refused with the reason, nothing saved; "1,5" MB with PDF
// turned off is saved); the server then refuses a 2 MB upload with the
// new limit (413) and a PDF with the allowed list (415). The defaults are
// put back after.
fn files_21_an_admin_sets_the_accounts_file_limits_which_the_server_holds(ctx: &Ctx) {
    let _one = ctx.lock.lock().unwrap_or_else(|p| p.into_inner());
    let b = ctx.driver.browser();
    b.sign_in(
        &ctx.w.url("/console/"),
        "admin@example.com",
        &ctx.demo.admin.password,
    );
    b.open_settings("files");
    b.wait_for("[data-testid=files-max]");
    b.wait("the limits loaded", || {
        (b.run(
            "return document.querySelector('[data-testid=files-max]').value",
            json!([]),
        ) == json!("10"))
        .then_some(())
    });
    b.set_value("[data-testid=files-max]", "0");
    b.click(&b.wait_for("[data-testid=files-save]"));
    b.wait_text_in("[data-testid=files-error]", "number of megabytes");
    let (_, before) = get(&ctx.w, "/api/files/limits", Some(&ctx.admin.token));
    assert_eq!(
        before["max_bytes"],
        10 * 1024 * 1024,
        "nothing saved: {before}"
    );

    b.set_value("[data-testid=files-max]", "1,5");
    b.click(&b.wait_for("[data-testid=files-kind-pdf]"));
    b.click(&b.wait_for("[data-testid=files-save]"));
    b.wait_text_in("[data-testid=files-saved]", "Saved");
    b.screenshot("admin-files");
    let (status, limits) = get(&ctx.w, "/api/files/limits", Some(&ctx.admin.token));
    assert_eq!(status, 200, "{limits}");
    assert_eq!(
        limits,
        json!({"max_bytes": 1_572_864, "allowed": ["image", "text", "csv", "office"]})
    );

    let v = visitor(&ctx.w, ctx.demo.channel.id.as_str());
    let put = |id: &str, name: &str, bytes: &[u8]| {
        let path = format!(
            "/api/files?conversation={}&id={id}&name={name}",
            v.conversation
        );
        put_bytes(&ctx.w, &path, Some(&v.token), bytes)
    };
    let (status, res) = put("big", "big.txt", &vec![b'a'; 2 * 1024 * 1024]);
    assert_eq!(status, 413, "{res}");
    assert!(
        res["message"]
            .as_str()
            .unwrap_or_default()
            .contains("1.5 MB"),
        "{res}"
    );
    let (status, res) = put("doc", "doc.pdf", b"%PDF-1.4\n%%EOF\n");
    assert_eq!(status, 415, "{res}");
    assert!(
        res["message"]
            .as_str()
            .unwrap_or_default()
            .contains("image, text, csv, office"),
        "{res}"
    );

    file_limits(ctx, 10 * 1024 * 1024);
}

// #21: a file an operator sends reaches the visitor's widget (on a host
// site of its own, third-party storage blocked) as a card: its name, its
// size and a link that downloads it, the caption under it; the link opens
// the file; a name is text, never markup.
fn files_21_the_widget_shows_an_operators_file_as_a_card_that_opens_it(ctx: &Ctx) {
    let _one = ctx.lock.lock().unwrap_or_else(|p| p.into_inner());
    let (v, ana, c) = a_visitor_asks_ana(ctx, "may I see the invoice?");
    let (status, res) = post(
        &ctx.w,
        "/api/conversations/accept",
        Some(&ana.token),
        &json!({"channel": ctx.demo.channel.id, "conversation": c}),
    );
    assert_eq!(status, 200, "{res}");
    let mut os = connect(&ctx.w.ws_url(&format!(
        "/ws/operator?conversation={c}&token={}",
        ana.token
    )))
    .expect("the operator's socket");
    hello(&mut os);
    let pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n";
    let name = "<img src=x onerror=alert(1)>fatura março.pdf";
    let encoded: String = name
        .bytes()
        .map(|b| match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'.' => char::from(b).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect();
    let path = format!("/api/files?conversation={c}&id=f1&name={encoded}");
    let (status, res) = put_bytes(&ctx.w, &path, Some(&ana.token), pdf);
    assert_eq!(status, 201, "{res}");
    os.send(&ClientFrame::Send {
        id: ClientMsgId::parse("o1").unwrap(),
        text: "Here it is: https://example.com/help".into(),
        file: Some(ClientMsgId::parse("f1").unwrap()),
    });
    let card = v.wait("the file's card in the widget", || {
        v.find("[data-testid=message][data-side=operator] [data-testid=message-file]")
    });
    let shown = v.run(
        "const c = arguments[0]; return [c.querySelector('b').textContent, c.querySelector('span').textContent, c.target, c.getAttribute('download')];",
        json!([card.to_json()]),
    );
    assert_eq!(
        shown,
        json!([name, format!("{} B", pdf.len()), "_blank", name]),
        "the name, as text, its size, a link that downloads it"
    );
    let texts = v.texts("[data-testid=message][data-side=operator] [data-testid=message-text]");
    assert!(
        texts
            .iter()
            .any(|t| t == "Here it is: https://example.com/help"),
        "the caption under the card: {texts:?}"
    );
    let links = v.run(
        "return [...document.querySelectorAll('[data-testid=message][data-side=operator] a')].map(a => [a.textContent, a.target])",
        json!([]),
    );
    assert_eq!(
        links,
        json!([
            [format!("{name}{} B", pdf.len()), "_blank"],
            ["https://example.com/help", "_blank"]
        ]),
        "the file's link, then the caption's"
    );
    let injected = v.run(
        "return document.querySelectorAll('[data-testid=message] img, [data-testid=message] b *').length",
        json!([]),
    );
    assert_eq!(injected, json!(0), "no element made from a name");
    let fetched = v.run_async(
        "const done = arguments[arguments.length - 1]; const a = document.querySelector('[data-testid=message][data-side=operator] [data-testid=message-file]'); fetch(a.href).then(r => r.arrayBuffer().then(b => done([r.status, b.byteLength, r.headers.get('content-disposition')]))).catch(e => done(String(e)));",
        json!([]),
    );
    assert_eq!(fetched[0], 200, "the link opens the file: {fetched}");
    assert_eq!(fetched[1], pdf.len(), "{fetched}");
    assert!(
        fetched[2]
            .as_str()
            .is_some_and(|d| d.starts_with("attachment")),
        "a PDF downloads: {fetched}"
    );
    v.screenshot("widget-file-card");
}

/// In the widget's frame: drags files onto the message list and drops
/// them there, each `[name, type, text or null, width, height]` (a picture
/// drawn at that size when the text is null); gives back whether the page
/// took the drop (its default prevented).
const WIDGET_DROP: &str = r#"
const [files, done] = arguments;
const made = files.map(([name, type, text, w, h]) => text !== null
  ? Promise.resolve(new File([text], name, { type }))
  : new Promise((ok) => {
      const c = document.createElement('canvas'); c.width = w; c.height = h;
      c.getContext('2d').fillRect(0, 0, w, h);
      c.toBlob((b) => ok(new File([b], name, { type })), 'image/png');
    }));
Promise.all(made).then((list) => {
  const data = new DataTransfer();
  list.forEach((f) => data.items.add(f));
  const log = document.querySelector('ol.log');
  const over = new DragEvent('dragover', { dataTransfer: data, bubbles: true, cancelable: true });
  log.dispatchEvent(over);
  const drop = new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true });
  log.dispatchEvent(drop);
  done([over.defaultPrevented, drop.defaultPrevented]);
});
"#;

/// The visitor's messages in the widget: `[caption, file name or "",
/// delivery]` each.
fn widget_sent(b: &Browser) -> Vec<(String, String, String)> {
    read(
        b,
        "return [...document.querySelectorAll('[data-testid=message][data-side=visitor]')].map(m => [(m.querySelector('[data-testid=message-text]') || {}).textContent || '', (m.querySelector('.att img') || {}).alt || ((m.querySelector('.att b') || m.querySelector('.att') || {}).textContent || ''), m.dataset.delivery || ''])",
    )
}

/// What `script` returns in the page, read as `T`.
fn read<T: serde::de::DeserializeOwned>(b: &Browser, script: &str) -> T {
    let v = b.run(script, json!([]));
    serde_json::from_value(v.clone()).unwrap_or_else(|e| panic!("{e}: {v}"))
}

/// A visitor on the host site opens the widget and writes `question`,
/// which is offered to Ana (the queue is hers alone): her credentials and
/// the conversation.
fn a_visitor_asks_ana(ctx: &Ctx, question: &str) -> (Browser, LoginResponse, ConversationId) {
    let ana = login(&ctx.w, "ana@example.com", &ctx.demo.admin.password);
    queue_to_all(ctx, &[ana.user.id.as_str()]);
    let mut inbox = inbox(ctx, &ana);
    let v = ctx.driver.browser();
    v.goto(&ctx.host.url("/"));
    v.open_widget();
    v.type_into(
        &v.wait_for("[data-testid=composer]"),
        &format!("{question}{ENTER}"),
    );
    let c = inbox.until_inbox("the offer", canal_tests::wait::PATIENCE, |f| match f {
        InboxFrame::Upsert { conversation }
            if conversation.last_text == question
                && conversation.offered.contains(&ana.user.id) =>
        {
            Some(conversation.id.clone())
        }
        _ => None,
    });
    (v, ana, c)
}

// #21 (items 2 and 3, the widget; "Done when"): a visitor on a host site of
// its own (third-party storage blocked) pastes a screenshot into the
// composer and attaches a text file with the Attach button; the service
// goes down while the second is on its way (it waits, and goes again under
// the same id once the socket is back); down again, the visitor sends them
// with a caption and reloads the host page before they reached the
// service: both go once the service is back, in order, the caption with the
// screenshot — nothing lost, nothing twice. Ana sees the picture inline in
// the console and answers with a PDF: the visitor sees its card and
// downloads the same bytes; the visitor's own picture shows at the size
// reserved for it. Screenshots kept as artefacts.
fn files_21_a_visitor_pastes_a_screenshot_and_attaches_a_file_and_gets_a_pdf_back(ctx: &Ctx) {
    let _one = ctx.lock.lock().unwrap_or_else(|p| p.into_inner());
    let (v, _, c) = a_visitor_asks_ana(ctx, "something looks wrong");
    let op = operator_console(ctx, "ana@example.com");
    op.click(&op.wait_for(&format!("[data-testid=conversation][data-id='{c}']")));
    op.click(&op.wait_for("[data-testid=chat-accept]"));
    op.wait_for("#reply:not([disabled])");

    let pasted = v.run_async(PASTE_SCREENSHOT, json!([800, 500, "#canal-composer"]));
    assert_eq!(pasted, json!(""), "nothing pasted as text");
    v.wait("the screenshot stored", || {
        (upload_stages(&v) == ["stored"]).then_some(())
    });
    // The service goes down while the second file goes.
    ctx.w.kill();
    let dir = std::env::temp_dir().join(format!("canal-widget-files-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temporary folder");
    let notes = dir.join("notas de março.txt");
    std::fs::write(&notes, "line 1\nline 2\n").expect("the text file");
    let input = v
        .find("[data-testid=attach-input]")
        .expect("the file picker");
    v.type_into(&input, &notes.display().to_string());
    v.wait("the text file to wait for the connection", || {
        (upload_stages(&v) == ["stored", "waiting"]).then_some(())
    });
    v.screenshot("widget-files-waiting");
    ctx.w.restart();
    v.wait("the text file to go again once the socket is back", || {
        (upload_stages(&v) == ["stored", "stored"]).then_some(())
    });
    // Down again: sent, kept, and the host page reloaded before they went.
    ctx.w.kill();
    v.type_into(
        &v.wait_for("[data-testid=composer]"),
        &format!("This is what I see{ENTER}"),
    );
    v.wait("both in the outbox", || {
        let sent = widget_sent(&v);
        (sent.len() == 3
            && sent[1]
                == (
                    "This is what I see".into(),
                    "image.png".into(),
                    "sending".into(),
                )
            && sent[2] == (String::new(), "notas de março.txt".into(), "sending".into()))
            .then_some(())
    });
    assert!(upload_stages(&v).is_empty(), "the composer is empty again");
    v.screenshot("widget-files-sending");
    // Kept in the host site's storage, each with its file's id.
    v.leave_frames();
    v.wait("the two messages in the stored outbox", || {
        let outbox = v.run(
            "const s = JSON.parse(localStorage.getItem('canal:v1:' + arguments[0]) || '{}'); return (s.outbox || []).map(p => [p.text, !!p.file]);",
            json!([ctx.demo.channel.id]),
        );
        (outbox == json!([["This is what I see", true], ["", true]])).then_some(())
    });
    v.refresh();
    ctx.w.restart();
    v.refresh();
    v.open_widget();
    v.wait("both sent once the service is back", || {
        let sent = widget_sent(&v);
        (sent.len() == 3 && sent.iter().all(|(_, _, d)| d != "sending")).then_some(sent)
    });

    // Ana: the screenshot inline with its caption, the text file as a card,
    // once each, in order.
    op.wait("the visitor's files in the console, once each", || {
        (op.find_all("[data-testid=message-picture]").len() == 1
            && op.find_all("[data-testid=message-file]").len() == 1)
            .then_some(())
    });
    wait_picture(&op, 800);
    let texts = op.texts("[data-testid=message-text]");
    assert!(
        texts.iter().any(|t| t == "This is what I see"),
        "the caption: {texts:?}"
    );
    op.wait("the client's card to list the two files, once each", || {
        let files = op.texts("[data-testid=client-file]");
        (files.len() == 2
            && files[0].contains("image.png")
            && files[1].contains("notas de março.txt"))
        .then_some(())
    });
    op.screenshot("operator-files-from-the-widget");

    // Ana answers with a PDF.
    let pdf = dir.join("fatura.pdf");
    let pdf_bytes = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n".to_vec();
    std::fs::write(&pdf, &pdf_bytes).expect("the PDF");
    let input = op
        .find("[data-testid=attach-input]")
        .expect("the console's picker");
    op.type_into(&input, &pdf.display().to_string());
    op.wait("the PDF stored", || {
        (upload_stages(&op) == ["stored"]).then_some(())
    });
    op.type_into(&op.wait_for("#reply"), "Here is the invoice");
    op.click(&op.wait_for("[data-testid=send-reply]"));

    // The visitor: the PDF's card, whose link gives the same bytes.
    let card = v.wait("the PDF's card in the widget", || {
        v.find("[data-testid=message][data-side=operator] [data-testid=message-file]")
    });
    assert_eq!(
        v.run(
            "return arguments[0].querySelector('b').textContent",
            json!([card.to_json()])
        ),
        json!("fatura.pdf")
    );
    let fetched = v.run_async(
        "const done = arguments[arguments.length - 1]; fetch(arguments[0].href).then(r => r.arrayBuffer().then(b => done([r.status, [...new Uint8Array(b)]]))).catch(e => done(String(e)));",
        json!([card.to_json()]),
    );
    assert_eq!(fetched[0], 200, "the link opens the PDF: {fetched}");
    assert_eq!(fetched[1], json!(pdf_bytes), "the same bytes");
    // The visitor's own picture: 800 × 500 in at most 360 × 320, its
    // place kept before it loads, shown no wider than the panel.
    let img =
        v.wait_for("[data-testid=message][data-side=visitor] [data-testid=message-picture] img");
    assert_eq!(
        (
            v.attr(&img, "width"),
            v.attr(&img, "height"),
            v.attr(&img, "loading")
        ),
        (Some("360".into()), Some("225".into()), Some("lazy".into())),
    );
    let fits = v.run(
        "const i = arguments[0], l = document.querySelector('ol.log').getBoundingClientRect(), r = i.getBoundingClientRect(); return r.width > 100 && r.right <= l.right && Math.abs(r.width / r.height - 1.6) < 0.05;",
        json!([img.to_json()]),
    );
    assert_eq!(
        fits,
        json!(true),
        "the picture fits the panel, its proportions kept"
    );
    let sent = widget_sent(&v);
    assert_eq!(sent.len(), 3, "nothing twice in the widget: {sent:?}");
    v.screenshot("widget-files-conversation");
    let _ = std::fs::remove_dir_all(&dir);
}

// #21: files dropped on the panel go like the picked ones; a refused file
// (here too large for the account's limit, and of a type not allowed) says
// why in the visitor's language (Portuguese), with the limit and the
// allowed kinds in it too, and is not tried again; removing it clears it.
fn files_21_a_visitor_drops_files_and_a_refused_one_says_why_in_their_language(ctx: &Ctx) {
    let _one = ctx.lock.lock().unwrap_or_else(|p| p.into_inner());
    file_limits(ctx, 2048);
    let host = Host::start(Page::new(&ctx.w.url(""), &ctx.demo.channel.id).lang("pt-BR"));
    let v = ctx.driver.browser_in("pt-BR");
    v.goto(&host.url("/"));
    v.open_widget();
    let dropped = v.run_async(
        WIDGET_DROP,
        json!([[
            ["foto.png", "image/png", null, 40, 30],
            ["grande.txt", "text/plain", "x".repeat(3000), 0, 0],
            [
                "programa.exe",
                "application/octet-stream",
                "MZ\u{90}\0\u{3}",
                0,
                0
            ]
        ]]),
    );
    assert_eq!(dropped, json!([true, true]), "the panel takes the drop");
    let why = v.wait("the refusals, and the picture stored", || {
        let stages = upload_stages(&v);
        let why = v.texts("[data-testid=upload-error]");
        (stages == ["stored", "refused", "refused"]).then_some(why)
    });
    assert!(
        why.iter()
            .any(|w| w.contains("grande.txt não foi enviado") && w.contains("limite de 2 KB")),
        "too large, with the limit, in Portuguese: {why:?}"
    );
    assert!(
        why.iter()
            .any(|w| w.contains("programa.exe não foi enviado")
                && w.contains(
                    "Aceitos: imagens, PDF, texto simples, CSV, documentos de escritório."
                )),
        "not allowed, with the kinds allowed: {why:?}"
    );
    v.screenshot("widget-files-refused-pt-BR");
    v.pause(Duration::from_secs(4));
    assert_eq!(
        upload_stages(&v),
        ["stored", "refused", "refused"],
        "a refusal is not tried again"
    );
    for _ in 0..2 {
        v.click(&v.find_all("[data-testid=upload-remove]")[1]);
    }
    v.wait("the refused ones removed", || {
        (upload_stages(&v) == ["stored"]).then_some(())
    });
    v.click(&v.wait_for("[data-testid=send]"));
    let img =
        v.wait_for("[data-testid=message][data-side=visitor] [data-testid=message-picture] img");
    assert_eq!(
        (v.attr(&img, "width"), v.attr(&img, "height")),
        (Some("40".into()), Some("30".into())),
        "a small picture keeps its size"
    );
    assert!(upload_stages(&v).is_empty());
    file_limits(ctx, 10 * 1024 * 1024);
}

/// How long links to files work in this suite (`CANAL_FILE_LINK_MS`).
const LINK_MS: u64 = 5000;

/// The link of the first picture in the document, once it has loaded.
fn picture_link(b: &Browser, who: &str) -> String {
    b.wait(&format!("{who}: the picture loaded"), || {
        b.run(
            "const a = document.querySelector('[data-testid=message-picture]'); const i = a && a.querySelector('img'); return i && i.complete && i.naturalWidth > 0 ? a.getAttribute('href') : null;",
            json!([]),
        )
        .as_str()
        .map(str::to_owned)
    })
}

/// The status of a GET of a link the page holds.
fn status_of(ctx: &Ctx, href: &str) -> u16 {
    match ureq::get(&ctx.w.url(href)).call() {
        Ok(r) => r.status(),
        Err(ureq::Error::Status(code, _)) => code,
        Err(e) => panic!("GET {href}: {e}"),
    }
}

// #21 (item 5): links to files are short-lived (5 s in this suite, an hour
// deployed). A console left open in a background tab and the visitor's
// widget ask for fresh ones before theirs expire: long after the first
// link stopped working, the picture each shows links to it with a link
// that works. Screenshot: files-links-fresh.png.
fn files_21_links_stay_fresh_in_a_console_in_the_background_and_in_the_widget(ctx: &Ctx) {
    let _one = ctx.lock.lock().unwrap_or_else(|p| p.into_inner());
    let (v, _, c) = a_visitor_asks_ana(ctx, "Look at this");
    let op = operator_console(ctx, "ana@example.com");
    op.click(&op.wait_for(&format!("[data-testid=conversation][data-id='{c}']")));
    op.click(&op.wait_for("[data-testid=chat-accept]"));
    op.wait_for("#reply:not([disabled])");
    let pasted = v.run_async(PASTE_SCREENSHOT, json!([320, 200, "#canal-composer"]));
    assert_eq!(pasted, json!(""), "nothing pasted as text");
    v.wait("the screenshot stored", || {
        (upload_stages(&v) == ["stored"]).then_some(())
    });
    v.type_into(
        &v.wait_for("[data-testid=composer]"),
        &format!("Here{ENTER}"),
    );
    let first = [
        picture_link(&v, "the widget"),
        picture_link(&op, "the console"),
    ];
    for link in &first {
        assert_eq!(status_of(ctx, link), 200, "a link works at first");
    }

    let console = to_background(ctx, &op);
    std::thread::sleep(Duration::from_millis(LINK_MS * 2));
    for link in &first {
        assert_eq!(status_of(ctx, link), 403, "the first links expired");
    }
    op.switch_to(&console);
    for (b, first, who) in [
        (&v, &first[0], "the widget"),
        (&op, &first[1], "the console"),
    ] {
        let now = picture_link(b, who);
        assert_ne!(&now, first, "{who}: a fresh link");
        assert_eq!(status_of(ctx, &now), 200, "{who}: its link works");
    }
    op.screenshot("files-links-fresh");
}

/// The composer's files: each one's stage and progress (thousandths).
fn upload_progress(b: &Browser) -> Vec<(String, Option<String>)> {
    read(
        b,
        "return [...document.querySelectorAll('[data-testid=upload]')].map(u => [u.dataset.stage, u.querySelector('progress').getAttribute('value')])",
    )
}

/// Whether the composer holds one file on its way, with a share of it
/// between `min` and `max` sent (a progress bar of `full`: 1000 in the
/// widget, 1 in the console).
fn one_on_its_way(b: &Browser, full: f64, min: f64, max: f64) -> bool {
    match upload_progress(b).as_slice() {
        [(stage, Some(n))] => {
            stage == "sending"
                && n.parse::<f64>()
                    .is_ok_and(|n| n / full >= min && n / full <= max)
        }
        _ => false,
    }
}

/// The files kept in this page's IndexedDB `db` (#21): each one's name,
/// the size of its bytes (0 once stored) and the texts kept with it.
fn kept_files(b: &Browser, db: &str) -> Value {
    b.run_async(
        "const done = arguments[arguments.length - 1]; const q = indexedDB.open(arguments[0]); q.onerror = () => done('no database'); q.onsuccess = () => { const g = q.result.transaction('f').objectStore('f').getAll(); g.onsuccess = () => done(g.result.map(r => [r.name, r.f ? r.f.size : 0, r.t || []])); };",
        json!([db]),
    )
}

/// A big text file (about `bytes` long) in a folder of this run.
fn big_text_file(name: &str, bytes: usize) -> (std::path::PathBuf, Vec<u8>) {
    let dir = std::env::temp_dir().join(format!("canal-files-21-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temporary folder");
    let body = "0123456789 canal\n".repeat(bytes / 17).into_bytes();
    let path = dir.join(name);
    std::fs::write(&path, &body).expect("the text file");
    (path, body)
}

/// What `side` wrote, as Ana's raw socket replays the conversation: each
/// message's text and file (name, id), up to the one whose text is `last`.
fn replayed(
    ctx: &Ctx,
    ana: &LoginResponse,
    c: &ConversationId,
    side: Side,
    last: &str,
) -> Vec<(String, Option<(String, ClientMsgId)>)> {
    let mut s = connect(&ctx.w.ws_url(&format!(
        "/ws/operator?conversation={c}&token={}",
        ana.token
    )))
    .expect("Ana's socket");
    hello(&mut s);
    let mut all = Vec::new();
    s.until("the conversation replayed", |f| {
        let ServerFrame::Message { message } = f else {
            return None;
        };
        if message.side == side {
            all.push((
                message.text.clone(),
                message
                    .file
                    .as_ref()
                    .map(|f| (f.name.clone(), f.id.clone())),
            ));
        }
        (message.text == last).then_some(())
    });
    all
}

// #21: a file the visitor sends while it uploads is not lost when the host
// page reloads. The widget's frame is on another site than the page, with
// third-party storage blocked: the loader keeps the file's bytes, its id
// and its caption in the host site's IndexedDB; after the reload the
// widget sends it again under the same id (stored once) and its message in
// its place. A text sent after the reload while the file still goes waits
// behind it. Ana sees the file once, with its caption, after the message
// sent before it and before the one sent after it; a raw socket replays it
// once and the same id uploaded again is "stored already". Uploads are
// slowed with chromedriver's network conditions (Chromium).
fn files_21_a_file_uploading_when_the_host_page_reloads_goes_once_in_its_place(ctx: &Ctx) {
    let _one = ctx.lock.lock().unwrap_or_else(|p| p.into_inner());
    // The account allows 100 MB (the loader reads it with the page).
    file_limits(ctx, 100 << 20);
    let (v, ana, c) = a_visitor_asks_ana(ctx, "Before the file");
    let op = operator_console(ctx, "ana@example.com");
    op.click(&op.wait_for(&format!("[data-testid=conversation][data-id='{c}']")));
    op.click(&op.wait_for("[data-testid=chat-accept]"));
    op.wait_for("#reply:not([disabled])");

    // 64 MB: seconds on its way over loopback (Chromium's network
    // conditions do not reach a frame of another site).
    let (path, bytes) = big_text_file("relatório de março.txt", 64 << 20);
    let input = v
        .find("[data-testid=attach-input]")
        .expect("the file picker");
    v.type_into(&input, &path.display().to_string());
    v.type_into(
        &v.wait_for("[data-testid=composer]"),
        &format!("Here is the report{ENTER}"),
    );
    v.wait("the file on its way, part of it sent", || {
        one_on_its_way(&v, 1000.0, 0.001, 0.4).then_some(())
    });
    // Sent while the file goes: it waits behind it.
    v.type_into(
        &v.wait_for("[data-testid=composer]"),
        &format!("After the file{ENTER}"),
    );
    v.screenshot("widget-files-21-uploading-before-the-reload");
    assert!(
        one_on_its_way(&v, 1000.0, 0.0, 0.95),
        "still on its way: {:?}",
        upload_progress(&v)
    );
    // The host page keeps it, with its caption and the text behind it, in
    // its own IndexedDB.
    v.leave_frames();
    let kept = kept_files(&v, "canal:files");
    assert_eq!(
        kept,
        json!([[
            "relatório de março.txt",
            bytes.len(),
            ["Here is the report", "After the file"]
        ]]),
        "kept in the host site's storage"
    );
    v.refresh();
    v.open_widget();
    v.wait("all three sent, in order", || {
        let sent = widget_sent(&v);
        (sent.len() == 3 && sent.iter().all(|(_, _, d)| d != "sending")).then_some(sent)
    });
    let sent = widget_sent(&v);
    assert_eq!(
        sent.iter()
            .map(|(t, f, _)| (t.as_str(), f.as_str()))
            .collect::<Vec<_>>(),
        [
            ("Before the file", ""),
            ("Here is the report", "relatório de março.txt"),
            ("After the file", "")
        ],
        "the widget shows each once, in order"
    );
    assert!(upload_stages(&v).is_empty(), "the composer is empty again");
    v.screenshot("widget-files-21-sent-after-the-reload");
    // Nothing left in the host site's storage.
    v.leave_frames();
    let left = kept_files(&v, "canal:files");
    assert_eq!(left, json!([]), "nothing kept once sent");
    let token = v.run(
        "return JSON.parse(localStorage.getItem('canal:v1:' + arguments[0])).token",
        json!([ctx.demo.channel.id]),
    );

    // Ana: the file once, its caption with it, between the two texts.
    op.wait(
        "the file once in the console, between the two texts",
        || {
            let texts = op.texts("[data-testid=message-text]");
            let at = |t: &str| texts.iter().position(|x| x == t);
            (op.find_all("[data-testid=message-file]").len() == 1
                && at("Before the file") < at("Here is the report")
                && at("Here is the report") < at("After the file")
                && at("Before the file").is_some())
            .then_some(())
        },
    );
    // Read afresh: a fresh link draws the card again (links last 5 s here).
    op.wait_text_in("[data-testid=message-file]", "relatório de março.txt");
    op.screenshot("operator-files-21-the-file-once-in-its-place");

    // Raw: replayed once, in its place; the same id again is stored already.
    let all = replayed(ctx, &ana, &c, Side::Visitor, "After the file");
    let with_file: Vec<_> = all.iter().filter(|(_, f)| f.is_some()).collect();
    assert_eq!(with_file.len(), 1, "one message with the file: {all:?}");
    assert_eq!(
        all.iter().map(|(t, _)| t.as_str()).collect::<Vec<_>>(),
        ["Before the file", "Here is the report", "After the file"]
    );
    let (name, id) = with_file[0].1.clone().expect("its file");
    assert_eq!(name, "relatório de março.txt");
    let (status, body) = put_bytes(
        &ctx.w,
        &format!("/api/files?conversation={c}&id={id}&name=again.txt"),
        token.as_str(),
        &bytes,
    );
    assert_eq!(status, 200, "stored already under its id: {body}");
    assert_eq!(body["name"], json!("relatório de março.txt"), "{body}");
    let _ = std::fs::remove_file(&path);
    file_limits(ctx, 10 << 20);
}

// #21, the console: an operator's file on its way when the console reloads
// is kept in the console's own IndexedDB and, after the reload, goes again
// under the same id (stored once); Ana sends it with a caption between a
// reply before and one after, and the visitor sees it once, in its place.
fn files_21_an_operators_file_uploading_when_the_console_reloads_goes_once_in_its_place(ctx: &Ctx) {
    let _one = ctx.lock.lock().unwrap_or_else(|p| p.into_inner());
    let (v, ana, c) = a_visitor_asks_ana(ctx, "Can you send the invoice?");
    let op = operator_console(ctx, "ana@example.com");
    let open = |op: &Browser| {
        op.click(&op.wait_for(&format!("[data-testid=conversation][data-id='{c}']")));
    };
    open(&op);
    op.click(&op.wait_for("[data-testid=chat-accept]"));
    op.type_into(
        &op.wait_for("#reply:not([disabled])"),
        &format!("Before the invoice{ENTER}"),
    );
    v.wait_text_in(
        "[data-testid=message][data-side=operator]",
        "Before the invoice",
    );

    let (path, bytes) = big_text_file("fatura de março.txt", 3 << 20);
    op.throttle_uploads(Some(128 << 10));
    let input = op
        .find("[data-testid=attach-input]")
        .expect("the console's picker");
    op.type_into(&input, &path.display().to_string());
    op.wait("the file on its way, part of it sent", || {
        one_on_its_way(&op, 1.0, 0.001, 0.6).then_some(())
    });
    op.screenshot("operator-files-21-uploading-before-the-reload");
    let kept = kept_files(&op, "canal-console-files");
    assert_eq!(
        kept,
        json!([["fatura de março.txt", bytes.len(), []]]),
        "kept in the console's storage"
    );
    op.refresh();
    wait_connected(&op);
    open(&op);
    op.wait("the file on its way again after the reload", || {
        one_on_its_way(&op, 1.0, 0.0, 0.6).then_some(())
    });
    op.screenshot("operator-files-21-uploading-after-the-reload");
    op.throttle_uploads(None);
    op.wait("the file stored", || {
        (upload_stages(&op) == ["stored"]).then_some(())
    });
    op.type_into(
        &op.wait_for("#reply:not([disabled])"),
        "Here is the invoice",
    );
    op.click(&op.wait_for("[data-testid=send-reply]"));
    op.wait("the composer empty", || {
        upload_stages(&op).is_empty().then_some(())
    });
    op.type_into(
        &op.wait_for("#reply:not([disabled])"),
        &format!("After the invoice{ENTER}"),
    );
    let left = kept_files(&op, "canal-console-files");
    assert_eq!(left, json!([]), "nothing kept once sent");

    // The visitor: the file once, with its caption, between the two replies.
    v.wait(
        "the file once in the widget, between the two replies",
        || {
            let texts =
                v.texts("[data-testid=message][data-side=operator] [data-testid=message-text]");
            let at = |t: &str| texts.iter().position(|x| x == t);
            (v.find_all("[data-testid=message][data-side=operator] [data-testid=message-file]")
                .len()
                == 1
                && at("Before the invoice").is_some()
                && at("Before the invoice") < at("Here is the invoice")
                && at("Here is the invoice") < at("After the invoice"))
            .then_some(())
        },
    );
    v.screenshot("widget-files-21-the-operators-file-once-in-its-place");
    op.screenshot("operator-files-21-sent-after-the-reload");

    // Raw: replayed once, in its place; the same id again is stored already.
    let all = replayed(ctx, &ana, &c, Side::Operator, "After the invoice");
    let with_file: Vec<_> = all.iter().filter(|(_, f)| f.is_some()).collect();
    assert_eq!(with_file.len(), 1, "one message with the file: {all:?}");
    let texts: Vec<&str> = all.iter().map(|(t, _)| t.as_str()).collect();
    assert_eq!(
        texts,
        [
            "Before the invoice",
            "Here is the invoice",
            "After the invoice"
        ]
    );
    let (name, id) = with_file[0].1.clone().expect("its file");
    assert_eq!(name, "fatura de março.txt");
    let (status, body) = put_bytes(
        &ctx.w,
        &format!("/api/files?conversation={c}&id={id}&name=again.txt"),
        Some(&ana.token),
        &bytes,
    );
    assert_eq!(status, 200, "stored already under its id: {body}");
    assert_eq!(body["name"], json!("fatura de março.txt"), "{body}");
    let _ = std::fs::remove_file(&path);
}
