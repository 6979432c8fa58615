//! The widget on real sites: the host page on another site than the worker
//! (`localhost` vs `127.0.0.1`), third-party storage blocked in the browser
//! (see `canal_tests::browser`), and the site's own inputs typed into. Each
//! case is a finding of a black-box test that failed before its fix, and
//! runs in Chromium, WebKit and Firefox (`chromium::…`, `webkit::…`,
//! `firefox::…`).

use std::time::{Duration, Instant};

use canal_shared::ids::ConversationId;
use canal_shared::protocol::{ChannelInfo, InboxFrame, LoginResponse, ServerFrame, Side};
use canal_tests::api::{login, post};
use canal_tests::browser::{Browser, Driver, Engine};
use canal_tests::host::{Host, Page};
use canal_tests::scenario::{hello, send};
use canal_tests::socket::{connect, Socket};
use canal_tests::suite;
use canal_tests::wait::PATIENCE;
use canal_tests::worker::Worker;
use serde_json::{json, Value};

/// An operator's name of 40 characters (the layout finding).
const LONG_NAME: &str = "Maximiliana Bernardette Constância Souza";

struct Ctx {
    w: Worker,
    channel: ChannelInfo,
    password: String,
    host: Host,
    /// One driver per engine, in [`Engine::ALL`]'s order.
    drivers: Vec<Driver>,
}

/// Each case, once per engine.
macro_rules! in_every_engine {
    ($($case:ident),* $(,)?) => {
        vec![
            $((concat!("chromium::", stringify!($case)), |c: &Ctx| $case(c, c.browser(Engine::Chromium))),)*
            $((concat!("webkit::", stringify!($case)), |c: &Ctx| $case(c, c.browser(Engine::WebKit))),)*
            $((concat!("firefox::", stringify!($case)), |c: &Ctx| $case(c, c.browser(Engine::Firefox))),)*
        ]
    };
}

fn main() {
    suite::run(
        || {
            let w = Worker::start();
            let demo = w.setup_with(
                "shop",
                &[("ana@example.com", "Ana"), ("max@example.com", LONG_NAME)],
            );
            let host = Host::start(Page::new(&w.url(""), &demo.channel.id));
            Ctx {
                channel: demo.channel,
                password: demo.admin.password,
                host,
                drivers: Engine::ALL.into_iter().map(Driver::start_engine).collect(),
                w,
            }
        },
        in_every_engine![
            a_closed_widget_never_takes_the_host_pages_keyboard,
            operator_messages_are_laid_out_like_the_visitors,
            the_conversation_survives_reloads_pages_and_tabs,
            two_tabs_opened_together_share_one_conversation,
            the_widget_loads_on_intent_and_off_means_off,
            window_canal_queues_and_never_throws,
            a_csp_that_blocks_canal_is_named_in_the_console,
            on_a_phone_targets_are_large_and_text_does_not_zoom,
        ],
    )
}

impl Ctx {
    /// A new browser (its own profile) of `engine`.
    fn browser(&self, engine: Engine) -> Browser {
        self.drivers[Engine::ALL.iter().position(|&e| e == engine).unwrap()].browser()
    }

    fn operator(&self, email: &str) -> LoginResponse {
        login(&self.w, email, &self.password)
    }

    /// The operator's inbox, open (so the channel offers them conversations).
    fn inbox(&self, who: &LoginResponse) -> Socket {
        connect(&self.w.ws_url(&format!("/ws/inbox?token={}", who.token))).expect("an inbox")
    }

    /// `who` accepts `c` once it is offered to them, and opens its socket.
    fn accept(&self, who: &LoginResponse, inbox: &mut Socket, c: &ConversationId) -> Socket {
        inbox.until_inbox("the offer", PATIENCE, |f| match f {
            InboxFrame::Upsert { conversation }
                if &conversation.id == c && conversation.offered.contains(&who.user.id) =>
            {
                Some(())
            }
            _ => None,
        });
        let (status, res) = post(
            &self.w,
            "/api/conversations/accept",
            Some(&who.token),
            &json!({"channel": self.channel.id, "conversation": c}),
        );
        assert_eq!(status, 200, "{res}");
        self.conversation_socket(who, c)
    }

    fn conversation_socket(&self, who: &LoginResponse, c: &ConversationId) -> Socket {
        let mut s = connect(&self.w.ws_url(&format!(
            "/ws/operator?conversation={c}&token={}",
            who.token
        )))
        .expect("the operator's socket");
        hello(&mut s);
        s
    }
}

/// Whether the loader has made its iframe (top document).
fn has_frame(b: &Browser) -> bool {
    b.in_loader("canal-frame").is_some()
}

/// The session the host site keeps for the widget (top document).
fn host_session(b: &Browser, channel: &str) -> Value {
    b.leave_frames();
    b.run(
        "return JSON.parse(localStorage.getItem('canal:v1:' + arguments[0]) || 'null');",
        json!([channel]),
    )
}

/// The conversation of the session the host site keeps, once there is one.
fn conversation(b: &Browser, channel: &str) -> ConversationId {
    b.wait("the session in the host site's storage", || {
        let c = host_session(b, channel)["conversation"]
            .as_str()?
            .to_owned();
        ConversationId::parse(&c).ok()
    })
}

/// Writes `text` in the open widget (the current frame) and waits for its ack.
fn write(b: &Browser, text: &str) {
    let composer = b.wait_for("[data-testid=composer]");
    b.type_into(&composer, &format!("{text}{}", canal_tests::browser::ENTER));
    write_done(b, text);
}

/// Waits until the visitor's message `text` is acknowledged.
fn write_done(b: &Browser, text: &str) {
    b.wait(&format!("{text:?} acknowledged"), || {
        b.run(
            "return [...document.querySelectorAll('[data-testid=message][data-side=visitor]')].some(m => m.querySelector('[data-testid=message-text]').textContent === arguments[0] && m.dataset.delivery !== 'sending');",
            json!([text]),
        )
        .as_bool()
        .filter(|&b| b)
    });
}

/// The texts of the visitor's and operators' messages in the open widget.
fn texts(b: &Browser) -> Vec<String> {
    serde_json::from_value(b.run(
        "return [...document.querySelectorAll('[data-testid=message]:not([data-side=system]) [data-testid=message-text]')].map(t => t.textContent);",
        json!([]),
    ))
    .unwrap_or_default()
}

/// Waits until the open widget shows exactly `want` (in any order, each once).
fn wait_texts(b: &Browser, want: &[&str]) {
    let mut want: Vec<String> = want.iter().map(|s| s.to_string()).collect();
    want.sort();
    b.wait(&format!("the messages {want:?}"), || {
        let mut got = texts(b);
        got.sort();
        (got == want).then_some(())
    });
}

/// Every frame the socket receives within `d`.
fn frames_within(s: &mut Socket, d: Duration) -> Vec<ServerFrame> {
    let end = Instant::now() + d;
    let mut got = Vec::new();
    while let Some(left) = end.checked_duration_since(Instant::now()) {
        match s.next_within::<ServerFrame>(left) {
            Some(f) => got.push(f),
            None => break,
        }
    }
    got
}

/// Presses each character of `text` where the keyboard's focus is (not into
/// a chosen element: WebDriver's element typing would move the focus).
fn keyboard(b: &Browser, text: &str) {
    for c in text.chars() {
        b.press(&c.to_string());
    }
}

/// Finding 1: with a returning visitor (whose frame loads at once and
/// connects), a host page's autofocused search box keeps every keystroke,
/// Space scrolls the page, and the operator hears no draft.
fn a_closed_widget_never_takes_the_host_pages_keyboard(ctx: &Ctx, b: Browser) {
    let ana = ctx.operator("ana@example.com");
    let mut inbox = ctx.inbox(&ana);
    b.goto(&ctx.host.url("/"));
    b.open_widget();
    write(&b, "I was looking for shoes");
    let c = conversation(&b, ctx.channel.id.as_str());
    // The visitor closes the chat and the reply comes after: it is unread
    // (with the panel open it would be read at once).
    b.leave_frames();
    let launcher = b.wait("the launcher", || b.in_loader("canal-launcher"));
    b.click(&launcher);
    b.wait("the panel closed", || {
        (b.attr(&launcher, "aria-expanded").as_deref() == Some("false")).then_some(())
    });
    let mut os = ctx.accept(&ana, &mut inbox, &c);
    send(&mut os, "o_hi", "We have them in red.");

    // The visitor comes back: the loader loads the frame for the
    // conversation going on (its unread reply shows on the launcher); the
    // panel stays closed. Watched from the page only: a WebDriver switch
    // into the frame can move the engine's keyboard into it.
    b.goto(&ctx.host.url("/"));
    b.wait("the unread reply on the launcher", || {
        let badge = b.in_loader("canal-launcher")?;
        let label = b.attr(&badge, "aria-label")?;
        label.contains('1').then_some(())
    });
    // Past the moment the old widget took the focus (its gate turning to
    // the chat once the settings came).
    b.pause(Duration::from_millis(1500));
    frames_within(&mut os, Duration::from_millis(100));

    let focused =
        "return document.activeElement === document.querySelector('[data-testid=host-search]');";
    assert_eq!(
        b.run(focused, json!([])),
        json!(true),
        "the search box keeps the focus"
    );
    if b.engine() == Engine::WebKit {
        // WebKitWebDriver's key actions reach no page here (its window has
        // no keyboard under Xvfb): typing into the element it is.
        b.type_into(&b.wait_for("[data-testid=host-search]"), "red shoes");
    } else {
        keyboard(&b, "red shoes");
    }
    let typed = b.run(
        "const s = document.querySelector('[data-testid=host-search]'); return [s.value, document.activeElement === s];",
        json!([]),
    );
    assert_eq!(
        typed,
        json!(["red shoes", true]),
        "the host's search box keeps the keyboard"
    );
    // Space scrolls the page once the visitor leaves the search box (a
    // click on the page's text). (Not in WebKit: no key action reaches it.)
    if b.engine() != Engine::WebKit {
        b.click(&b.wait_for("[data-testid=host-title]"));
        b.press(" ");
        b.wait("the page to scroll with Space", || {
            (b.run("return window.scrollY;", json!([])).as_f64()? > 0.0).then_some(())
        });
    }
    let drafts: Vec<_> = frames_within(&mut os, Duration::from_millis(1500))
        .into_iter()
        .filter(|f| {
            matches!(
                f,
                ServerFrame::Typing {
                    side: Side::Visitor,
                    ..
                }
            )
        })
        .collect();
    assert!(drafts.is_empty(), "a closed panel sent drafts: {drafts:?}");

    // Opened, the widget takes the keyboard, and its drafts go out again.
    b.open_widget();
    if b.engine() == Engine::WebKit {
        // WebKit lets a frame of another site take the focus only once the
        // visitor has used it (docs/widget.md): the visitor clicks the
        // composer.
        b.click(&b.wait_for("[data-testid=composer]"));
    } else {
        b.wait("the composer to take the focus", || {
            let focused = b.run(
                "return document.activeElement && document.activeElement.dataset.testid;",
                json!([]),
            );
            (focused == json!("composer")).then_some(())
        });
    }
    if b.engine() == Engine::WebKit {
        b.type_into(&b.wait_for("[data-testid=composer]"), "size 40");
    } else {
        keyboard(&b, "size 40");
    }
    os.until("the visitor's draft", |f| match f {
        ServerFrame::Typing {
            side: Side::Visitor,
            draft: Some(d),
            ..
        } if d == "size 40" => Some(()),
        _ => None,
    });
    b.screenshot("sites-keyboard");
}

/// Finding 2: an operator's message is laid out like the visitor's — its
/// time on one line, a 40-character name and a 4,000-character word
/// wrapped, not one letter a line — before and after a transfer.
fn operator_messages_are_laid_out_like_the_visitors(ctx: &Ctx, b: Browser) {
    let ana = ctx.operator("ana@example.com");
    let max = ctx.operator("max@example.com");
    let mut inbox = ctx.inbox(&ana);
    b.goto(&ctx.host.url("/"));
    b.open_widget();
    write(&b, "Can you read this?");
    let c = conversation(&b, ctx.channel.id.as_str());
    b.enter_frame(&b.in_loader("canal-frame").unwrap());
    let mut os = ctx.accept(&ana, &mut inbox, &c);
    send(&mut os, "o_long", &"W".repeat(4000));
    let (status, res) = post(
        &ctx.w,
        "/api/conversations/transfer",
        Some(&ana.token),
        &json!({"channel": ctx.channel.id, "conversation": c, "to": max.user.id}),
    );
    assert_eq!(status, 200, "{res}");
    let mut ms = ctx.conversation_socket(&max, &c);
    send(&mut ms, "o_max", "Hello, I take over from Ana.");
    b.wait("the new operator's message", || {
        texts(&b)
            .iter()
            .any(|t| t.starts_with("Hello, I take over"))
            .then_some(())
    });
    b.pause(Duration::from_millis(300));
    b.screenshot("sites-operator-layout");
    let boxes = b.run(
        "return [...document.querySelectorAll('.msg.operator')].map(m => { const r = s => m.querySelector(s).getBoundingClientRect(); return {time: r('time').height, meta: r('.meta').height, text: r('.text').width, author: m.querySelector('.author') ? r('.author').width : 0}; });",
        json!([]),
    );
    let boxes = boxes.as_array().expect("operator messages");
    assert_eq!(boxes.len(), 2, "{boxes:?}");
    for m in boxes {
        let px = |k: &str| m[k].as_f64().unwrap();
        assert!(px("meta") < 24.0, "the time wraps: {m}");
        assert!(px("text") > 150.0, "the text is squeezed: {m}");
        assert!(px("author") > 150.0, "the name is squeezed: {m}");
    }
    let header = b.run(
        "const o = document.querySelector('[data-testid=operator]'); return [o.textContent, o.scrollWidth <= o.clientWidth + 1];",
        json!([]),
    );
    assert!(header[0].as_str().unwrap().contains(LONG_NAME), "{header}");
    assert_eq!(header[1], json!(true), "the header's name overflows");
}

/// Finding 3: the frame cannot use its own storage on another site; the
/// session the loader keeps in the host site's storage survives a reload,
/// another page of the site and another tab.
fn the_conversation_survives_reloads_pages_and_tabs(ctx: &Ctx, b: Browser) {
    b.goto(&ctx.host.url("/"));
    b.open_widget();
    // What this test is about: the third-party frame's own storage is
    // unusable here (WebKit partitions it by the top site instead, its
    // default; the conversation must survive either way).
    let own = b.run(
        "try { localStorage.setItem('canal:probe', '1'); return 'usable'; } catch (e) { return 'blocked'; }",
        json!([]),
    );
    if b.engine() != Engine::WebKit {
        assert_eq!(own, json!("blocked"), "third-party storage is blocked");
    }
    write(&b, "Where is my order?");
    let c = conversation(&b, ctx.channel.id.as_str());

    b.refresh();
    b.open_widget();
    wait_texts(&b, &["Where is my order?"]);
    write(&b, "It is order 42.");

    b.goto(&ctx.host.url("/page2"));
    b.open_widget();
    wait_texts(&b, &["Where is my order?", "It is order 42."]);
    // (Here: WebKit paints no window but the first.)
    b.screenshot("sites-survives");

    b.leave_frames();
    let first = b.handle();
    let tab = b.new_tab();
    b.switch_to(&tab);
    b.goto(&ctx.host.url("/"));
    b.open_widget();
    wait_texts(&b, &["Where is my order?", "It is order 42."]);
    assert_eq!(conversation(&b, ctx.channel.id.as_str()), c);
    b.close_tab(&tab);
    b.switch_to(&first);
}

/// Finding 4: two tabs whose launchers are clicked together get one
/// conversation; a message from each is in both, once, after a reload. The
/// worker is down while both ask for a session, so that both ask again at
/// about the same moment when it is back: a race the loader's lock decides.
fn two_tabs_opened_together_share_one_conversation(ctx: &Ctx, b: Browser) {
    let one = b.handle();
    b.goto(&ctx.host.url("/"));
    let two = b.new_tab();
    b.goto(&ctx.host.url("/page2"));
    // Both frames ready, neither with a session (the pointer's arrival is
    // played by a script: a window in the background gets no pointer).
    for tab in [&one, &two] {
        b.switch_to(tab);
        let launcher = b.wait("the launcher", || b.in_loader("canal-launcher"));
        b.run(
            "arguments[0].dispatchEvent(new PointerEvent('pointerenter'));",
            json!([launcher.to_json()]),
        );
        let frame = b.wait("the frame", || b.in_loader("canal-frame"));
        b.enter_frame(&frame);
        b.wait_for("[data-testid=composer]");
        b.leave_frames();
    }
    ctx.w.kill();
    for (tab, text) in [(&one, "From the first tab"), (&two, "From the second tab")] {
        b.switch_to(tab);
        let launcher = b.wait("the launcher", || b.in_loader("canal-launcher"));
        b.click(&launcher);
        let frame = b.wait("the frame", || b.in_loader("canal-frame"));
        b.enter_frame(&frame);
        b.wait_for("[data-testid=composer]");
        // Written by a script: WebKit runs no transition in a window in the
        // background, so its panel never fades in there to take keys.
        b.run(
            "const c = document.querySelector('[data-testid=composer]'); c.value = arguments[0]; c.dispatchEvent(new Event('input', {bubbles: true})); c.dispatchEvent(new KeyboardEvent('keydown', {key: 'Enter', bubbles: true, cancelable: true}));",
            json!([text]),
        );
        b.leave_frames();
    }
    ctx.w.restart();
    // (The first calls after a restart may meet a 503 while workerd warms up.)
    b.wait("the worker back", || {
        let (status, _) = post(
            &ctx.w,
            "/api/login",
            None,
            &json!({"email": "ana@example.com", "password": ctx.password}),
        );
        (status == 200).then_some(())
    });
    for (tab, text) in [(&one, "From the first tab"), (&two, "From the second tab")] {
        b.switch_to(tab);
        b.enter_frame(&b.in_loader("canal-frame").unwrap());
        write_done(&b, text);
    }
    let both = ["From the first tab", "From the second tab"];
    let mut seen = Vec::new();
    for tab in [&one, &two] {
        b.switch_to(tab);
        b.refresh();
        b.open_widget();
        wait_texts(&b, &both);
        seen.push(conversation(&b, ctx.channel.id.as_str()));
    }
    assert_eq!(seen[0], seen[1], "one conversation");
    b.close_tab(&two);
    b.switch_to(&one);
    b.open_widget();
    b.screenshot("sites-two-tabs");
}

/// Finding 6 and the first half of 5: by default nothing but the loader and
/// the channel's config is fetched before the visitor shows intent; the
/// pointer on the launcher loads the frame before the click. With
/// `data-preload="off"`, not even that: only the click does, and the frame
/// it makes takes the keyboard.
fn the_widget_loads_on_intent_and_off_means_off(ctx: &Ctx, b: Browser) {
    let fetched = |b: &Browser| -> Vec<String> {
        serde_json::from_value(b.run(
            "return performance.getEntriesByType('resource').map(e => e.name).filter(n => n.startsWith(arguments[0]));",
            json!([ctx.w.url("")]),
        ))
        .unwrap()
    };
    let only_loader = |b: &Browser| {
        let got = fetched(b);
        assert!(
            got.iter()
                .all(|u| u.ends_with("/widget.js") || u.contains("/api/widget/config?")),
            "fetched before any intent: {got:?}"
        );
        assert!(!has_frame(b), "the frame before any intent");
    };
    b.goto(&ctx.host.url("/"));
    let launcher = b.wait("the launcher", || b.in_loader("canal-launcher"));
    b.pause(Duration::from_millis(2500));
    only_loader(&b);
    b.hover(&launcher);
    b.wait("the frame on intent", || has_frame(&b).then_some(()));

    let off = Host::start(Page::new(&ctx.w.url(""), &ctx.channel.id).data("preload", "off"));
    let b = ctx.browser(b.engine());
    b.goto(&off.url("/"));
    let launcher = b.wait("the launcher", || b.in_loader("canal-launcher"));
    b.hover(&launcher);
    b.pause(Duration::from_millis(2500));
    only_loader(&b);
    b.open_widget();
    // Opened by the click that made it, the frame has the keyboard: what the
    // visitor types lands in its composer, not on the page. (Not in WebKit,
    // where no key action reaches a page.)
    if b.engine() != Engine::WebKit {
        b.wait("the composer to take the focus", || {
            let focused = b.run(
                "return document.activeElement && document.activeElement.dataset.testid;",
                json!([]),
            );
            (focused == json!("composer")).then_some(())
        });
        keyboard(&b, "typed at once");
        b.wait("the keys in the composer", || {
            (b.run(
                "return document.getElementById('canal-composer').value;",
                json!([]),
            ) == json!("typed at once"))
            .then_some(())
        });
    }
    b.screenshot("sites-preload-off");
}

/// The second half of finding 5: calls the page makes before the loader
/// are queued and run, and `window.canal` never throws — closed, open, or
/// on a site that may not embed the channel.
fn window_canal_queues_and_never_throws(ctx: &Ctx, b: Browser) {
    let queued = Host::start(Page::new(&ctx.w.url(""), &ctx.channel.id).before_script(
        r#"<script>window.canal = window.canal || []; canal.push("open");</script>"#,
    ));
    b.goto(&queued.url("/"));
    b.wait("the queued open", || {
        let l = b.in_loader("canal-launcher")?;
        (b.attr(&l, "aria-expanded").as_deref() == Some("true")).then_some(())
    });
    let calls = "try { canal.close(); canal.open(); canal.push('close'); canal.push(['open']); canal.push(null); canal.close(); return 'ok'; } catch (e) { return String(e); }";
    assert_eq!(b.run(calls, json!([])), json!("ok"));

    // A channel that only its own site may embed.
    let admin = ctx.operator("admin@example.com");
    let (status, res) = post(&ctx.w, "/api/channels", Some(&admin.token), &json!({}));
    assert_eq!(status, 200, "{res}");
    let other = res["id"].as_str().unwrap().to_owned();
    let (status, res) = post(
        &ctx.w,
        "/api/channels/update",
        Some(&admin.token),
        &json!({"id": other, "allowed_domains": ["shop.example.com"]}),
    );
    assert_eq!(status, 200, "{res}");
    let refused = Host::start(Page::new(&ctx.w.url(""), &other));
    let b = ctx.browser(b.engine());
    b.goto(&refused.url("/"));
    b.wait("the loader to give up", || {
        b.run(
            "return !!window.canal && ![...document.body.children].some(e => e.shadowRoot);",
            json!([]),
        )
        .as_bool()
        .filter(|&x| x)
    });
    assert_eq!(b.run(calls, json!([])), json!("ok"));
    assert!(!has_frame(&b), "no frame for a refused site");
}

/// Finding 8: a site whose Content-Security-Policy blocks Canal's config
/// call gets one clear line in the browser's console.
fn a_csp_that_blocks_canal_is_named_in_the_console(ctx: &Ctx, b: Browser) {
    let page = Page::new(&ctx.w.url(""), &ctx.channel.id)
        .header(
            "Content-Security-Policy",
            &format!(
                "script-src 'unsafe-inline' {0}; connect-src 'self'; frame-src {0}",
                ctx.w.url("")
            ),
        )
        .before_script(
            "<script>window.logged = []; const e = console.error; console.error = (...a) => { logged.push(a.join(' ')); e(...a); };</script>",
        );
    let host = Host::start(page);
    b.goto(&host.url("/"));
    b.wait("the loader's line", || {
        let v = b.run("return window.logged || [];", json!([]));
        let lines: Vec<String> = serde_json::from_value(v).ok()?;
        (!lines.is_empty()).then_some(())
    });
    b.pause(Duration::from_millis(300));
    let logged: Vec<String> =
        serde_json::from_value(b.run("return window.logged;", json!([]))).unwrap();
    assert_eq!(logged.len(), 1, "one line: {logged:?}");
    assert!(
        logged[0].contains("Content-Security-Policy") && logged[0].contains("connect-src"),
        "{logged:?}"
    );
}

/// Finding 7: on a phone, touch targets are at least 44 px and the
/// composer's text 16 px (smaller makes iOS Safari zoom).
fn on_a_phone_targets_are_large_and_text_does_not_zoom(ctx: &Ctx, b: Browser) {
    b.resize(360, 740);
    b.goto(&ctx.host.url("/"));
    b.open_widget();
    let sizes = b.run(
        "const r = s => document.querySelector(s).getBoundingClientRect(); const c = document.querySelector('[data-testid=composer]'); return {close: [r('[data-testid=close]').width, r('[data-testid=close]').height], send: r('[data-testid=send]').height, font: parseFloat(getComputedStyle(c).fontSize)};",
        json!([]),
    );
    b.screenshot("sites-phone");
    assert!(sizes["close"][0].as_f64().unwrap() >= 44.0, "{sizes}");
    assert!(sizes["close"][1].as_f64().unwrap() >= 44.0, "{sizes}");
    assert!(sizes["send"].as_f64().unwrap() >= 44.0, "{sizes}");
    assert!(sizes["font"].as_f64().unwrap() >= 16.0, "{sizes}");
}
