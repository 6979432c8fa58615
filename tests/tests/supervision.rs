//! Supervisors act on what they are told (R-KPI-3) against a real
//! `wrangler dev`: the head of a department, in no queue, is told that an
//! operator of theirs answers late, opens the conversation from the notice
//! and reads it (never answers: the server says why), finds its channel in
//! the conversation list and the statistics, and rates it (R-QA-3).
//! Someone who supervises nobody there is refused, with the reason, over
//! HTTP (what a browser cannot read from a refused socket).
//!
//! In headless Chromium (the `console_*` cases): the supervisor reads the
//! conversation from the notice, in front and from a background tab; a
//! refused conversation shows its reason in front and when it loads in the
//! background; "All conversations" shows the response times at 1280 px,
//! scrolls as one page, and remembers the columns chosen (R-KPI-4).
//!
//! Screenshots: target/test-artefacts/supervisor-reads.png,
//! supervisor-stats.png, supervision-refused.png, ledger-1280.png,
//! ledger-search-number.png, ledger-columns.png,
//! ledger-1920.png.

use std::sync::OnceLock;
use std::time::{Duration, Instant};

use canal_shared::conversation::SUPERVISOR_READS_MESSAGE;
use canal_shared::ids::{ConversationId, Seq};
use canal_shared::protocol::{
    ClientFrame, ErrorCode, InboxFrame, LoginResponse, MeResponse, OperatorNotice, ServerFrame,
    Side,
};
use canal_tests::api::{get, login, post, visitor};
use canal_tests::browser::{Browser, Driver};
use canal_tests::cases;
use canal_tests::scenario::{answered, hello, send};
use canal_tests::socket::{connect, Socket};
use canal_tests::suite;
use canal_tests::wait::PATIENCE;
use canal_tests::worker::{Demo, Worker};
use serde_json::{json, Value};

struct Ctx {
    w: Worker,
    demo: Demo,
    admin: LoginResponse,
    /// In the queue; in Hugo's department.
    ana: LoginResponse,
    /// Neither in the queue nor anyone's supervisor.
    bruno: LoginResponse,
    /// Heads Ana's department; in no queue.
    hugo: LoginResponse,
    /// The conversation Ana answered late, and the notice Hugo got.
    late: ConversationId,
    notice: OperatorNotice,
    /// Started by the first browser case.
    driver: OnceLock<Driver>,
}

fn main() {
    suite::run(
        || {
            let w = Worker::start_with(&[("CANAL_MIN_DELAY_MS", "1000")]);
            let demo = w.setup_with(
                "shop",
                &[
                    ("ana@example.com", "Ana"),
                    ("bruno@example.com", "Bruno"),
                    ("hugo@example.com", "Hugo"),
                ],
            );
            let pw = demo.admin.password.clone();
            let admin = login(&w, "admin@example.com", &pw);
            let ana = login(&w, "ana@example.com", &pw);
            let bruno = login(&w, "bruno@example.com", &pw);
            let hugo = login(&w, "hugo@example.com", &pw);
            let (late, notice) = late_answer(&w, &demo, &admin, &ana, &hugo);
            // A few more rows for the list.
            let mut inbox = inbox(&w, &ana);
            for (i, question) in [
                "Do you ship to Lisbon?",
                "Can I change my order?",
                "Where is the invoice?",
            ]
            .into_iter()
            .enumerate()
            {
                answered(&w, &demo, &ana, &mut inbox, question, 400 * i as u64);
            }
            Ctx {
                driver: OnceLock::new(),
                w,
                demo,
                admin,
                ana,
                bruno,
                hugo,
                late,
                notice,
            }
        },
        cases![
            r_kpi_3_the_supervisor_reads_the_conversation_of_the_notice_and_may_not_answer,
            r_kpi_3_the_supervisor_sees_the_channels_of_their_people_in_the_list_and_statistics,
            r_kpi_3_whoever_supervises_nobody_there_is_refused_with_the_reason,
            console_r_kpi_3_the_supervisor_reads_from_the_notice_in_front_and_behind,
            console_r_kpi_3_a_refusal_says_why_in_front_and_in_a_background_tab,
            console_r_kpi_4_the_response_times_show_at_1280_and_the_columns_are_remembered,
        ],
    )
}

fn ok((status, res): (u16, Value)) -> Value {
    assert_eq!(status, 200, "{res}");
    res
}

fn inbox(w: &Worker, who: &LoginResponse) -> Socket {
    let mut s = connect(&w.ws_url(&format!("/ws/inbox?token={}", who.token))).expect("inbox");
    assert!(matches!(s.next_inbox(), InboxFrame::Snapshot { .. }));
    s
}

/// Hugo heads Support (Ana); the queue is Ana alone, with a 1-second
/// first-response limit that tells the supervisor. A visitor writes, Ana
/// accepts and says nothing: Hugo gets the notice.
fn late_answer(
    w: &Worker,
    demo: &Demo,
    admin: &LoginResponse,
    ana: &LoginResponse,
    hugo: &LoginResponse,
) -> (ConversationId, OperatorNotice) {
    let channel = demo.channel.id.to_string();
    ok(post(
        w,
        "/api/departments",
        Some(&admin.token),
        &json!({"id": null, "name": "Support", "head": hugo.user.id, "members": [ana.user.id]}),
    ));
    ok(post(
        w,
        "/api/queue",
        Some(&admin.token),
        &json!({"channel": channel, "settings": {"mode": "evenly", "idle_ms": 180_000, "check_online": true, "capacity": null}, "entries": [{"kind": "user", "id": ana.user.id}]}),
    ));
    ok(post(
        w,
        "/api/kpi",
        Some(&admin.token),
        &json!({"channel": channel, "settings": {
            "first": {"after_ms": 1000, "notify": {"to": {"who": "supervisor"}}},
            "next": null,
            "working_hours_only": false
        }}),
    ));
    let mut hugo_inbox = inbox(w, hugo);
    let mut ana_inbox = inbox(w, ana);
    let v = visitor(w, &channel);
    let mut vs = connect(&w.ws_url(&format!(
        "/ws/visitor?conversation={}&token={}",
        v.conversation, v.token
    )))
    .expect("visitor socket");
    hello(&mut vs);
    send(&mut vs, "m1", "Is my parcel lost?");
    let c = v.conversation.clone();
    ana_inbox.until_inbox("the offer", PATIENCE, |f| match f {
        InboxFrame::Upsert { conversation }
            if conversation.id == c && conversation.offered.contains(&ana.user.id) =>
        {
            Some(())
        }
        _ => None,
    });
    ok(post(
        w,
        "/api/conversations/accept",
        Some(&ana.token),
        &json!({"channel": channel, "conversation": c}),
    ));
    let notice = hugo_inbox.until_inbox("the late notice", Duration::from_secs(10), |f| match f {
        InboxFrame::Notice { notice } if notice.conversation == c => Some(notice.clone()),
        _ => None,
    });
    (c, notice)
}

/// The operator socket of `c` for `who`, welcomed.
fn open(ctx: &Ctx, who: &LoginResponse, c: &ConversationId) -> (Socket, ServerFrame) {
    let mut s = connect(&ctx.w.ws_url(&format!(
        "/ws/operator?conversation={c}&token={}",
        who.token
    )))
    .unwrap_or_else(|status| panic!("{} opens {c}: refused with {status}", who.user.name));
    hello(&mut s);
    let welcome = s.until("the welcome", |f| {
        matches!(f, ServerFrame::Welcome { .. }).then(|| f.clone())
    });
    (s, welcome)
}

// R-KPI-3: Hugo, in no queue, opens the conversation the notice links to:
// he is welcomed as a reader with its history, sees Ana's reply live, is
// told why his own reply is refused, and may rate Ana's work (R-QA-3).
fn r_kpi_3_the_supervisor_reads_the_conversation_of_the_notice_and_may_not_answer(ctx: &Ctx) {
    let c = &ctx.late;
    assert_eq!(&ctx.notice.conversation, c);
    let (status, access) = get(
        &ctx.w,
        &format!("/api/conversations/access?conversation={c}"),
        Some(&ctx.hugo.token),
    );
    assert_eq!(status, 200, "{access}");
    assert_eq!(access["reading"], json!(true), "{access}");

    let (mut hugo, welcome) = open(ctx, &ctx.hugo, c);
    match welcome {
        ServerFrame::Welcome {
            you, conversation, ..
        } => {
            assert_eq!(you, Side::Operator);
            assert!(
                conversation.reading,
                "welcomed as a reader: {conversation:?}"
            );
            assert_eq!(
                conversation.operator.map(|o| o.id),
                Some(ctx.ana.user.id.clone())
            );
        }
        other => panic!("a welcome, not {other:?}"),
    }
    hugo.until("the visitor's message", |f| match f {
        ServerFrame::Message { message } if message.text == "Is my parcel lost?" => Some(()),
        _ => None,
    });

    // Hugo writes: refused, saying why, and nothing is stored.
    hugo.send(&ClientFrame::Send {
        id: canal_shared::ids::ClientMsgId::parse("h1").unwrap(),
        text: "I'll take it from here".into(),
        file: None,
    });
    let (code, message) = hugo.until("the refusal", |f| match f {
        ServerFrame::Error { code, message, .. } => Some((*code, message.clone())),
        _ => None,
    });
    assert_eq!(code, ErrorCode::Forbidden);
    assert_eq!(message, SUPERVISOR_READS_MESSAGE);
    hugo.send(&ClientFrame::Close);
    let message = hugo.until("the refusal to close", |f| match f {
        ServerFrame::Error { message, .. } => Some(message.clone()),
        _ => None,
    });
    assert_eq!(message, SUPERVISOR_READS_MESSAGE);

    // Ana answers: Hugo reads it live.
    let (mut ana, _) = open(ctx, &ctx.ana, c);
    send(&mut ana, "a1", "Sorry! It is on its way.");
    let seq = hugo.until("Ana's reply", |f| match f {
        ServerFrame::Message { message } if message.side == Side::Operator => {
            assert_eq!(message.author, "Ana");
            Some(message.seq)
        }
        _ => None,
    });
    assert_eq!(seq, Seq(2), "Hugo's refused reply took no number");

    // The supervisor's rating of Ana's work (R-QA-3) from the same notice.
    ok(post(
        &ctx.w,
        "/api/conversations/supervisor-rating",
        Some(&ctx.hugo.token),
        &json!({"conversation": c, "rating": {"verdict": "dislike", "comment": "Too slow"}}),
    ));
}

// R-KPI-3, R-KPI-4: the channel Ana works in is Hugo's to read in the list
// (asked for by name or with every channel) and in the statistics.
fn r_kpi_3_the_supervisor_sees_the_channels_of_their_people_in_the_list_and_statistics(ctx: &Ctx) {
    let me: MeResponse =
        serde_json::from_value(ok(get(&ctx.w, "/api/me", Some(&ctx.hugo.token)))).unwrap();
    assert!(me.channels.is_empty(), "Hugo is in no queue: {me:?}");
    assert_eq!(
        me.supervised.iter().map(|c| &c.id).collect::<Vec<_>>(),
        vec![&ctx.demo.channel.id],
        "{me:?}"
    );
    let channel = ctx.demo.channel.id.to_string();
    for query in [format!("?channel={channel}"), String::new()] {
        let start = Instant::now();
        loop {
            let page = ok(get(
                &ctx.w,
                &format!("/api/ledger/conversations{query}"),
                Some(&ctx.hugo.token),
            ));
            let ids: Vec<&str> = page["rows"]
                .as_array()
                .unwrap()
                .iter()
                .filter_map(|r| r["id"].as_str())
                .collect();
            if ids.contains(&ctx.late.as_str()) {
                break;
            }
            assert!(
                start.elapsed() < PATIENCE,
                "the list{query} shows {}: {page}",
                ctx.late
            );
            std::thread::sleep(Duration::from_millis(200));
        }
    }
    ok(get(
        &ctx.w,
        &format!("/api/ledger/stats?channel={channel}&from=2026-01-01&to=2026-01-31"),
        Some(&ctx.hugo.token),
    ));

    // The notice names the conversation by its number, which the list's
    // search finds (R-KPI-3's #DIALOG#).
    let number = ctx
        .notice
        .text
        .strip_prefix("Ana has not answered conversation ")
        .and_then(|rest| rest.strip_suffix(" in time."))
        .and_then(|n| n.parse::<u64>().ok())
        .unwrap_or_else(|| panic!("a short number in {:?}", ctx.notice.text));
    for text in [format!("{number}"), format!("%23{number}")] {
        let found = ok(get(
            &ctx.w,
            &format!("/api/ledger/search?text={text}"),
            Some(&ctx.hugo.token),
        ));
        assert_eq!(found["conversations"][0]["id"], json!(ctx.late), "{found}");
        assert_eq!(
            found["conversations"][0]["number"],
            json!(number),
            "{found}"
        );
    }
}

// R-S-2: Bruno supervises nobody and is in no queue: the conversation, its
// list and statistics are refused to him with a reason he can act on.
fn r_kpi_3_whoever_supervises_nobody_there_is_refused_with_the_reason(ctx: &Ctx) {
    let c = &ctx.late;
    let (status, res) = get(
        &ctx.w,
        &format!("/api/conversations/access?conversation={c}"),
        Some(&ctx.bruno.token),
    );
    assert_eq!(status, 403, "{res}");
    let why = res["message"].as_str().unwrap_or_default();
    assert!(
        why.contains("not in the queue") && why.contains("ask an admin"),
        "{res}"
    );
    let refused = connect(&ctx.w.ws_url(&format!(
        "/ws/operator?conversation={c}&token={}",
        ctx.bruno.token
    )));
    assert_eq!(refused.err(), Some(403));
    let (status, _) = get(
        &ctx.w,
        "/api/conversations/access?conversation=c_nosuchconversation",
        Some(&ctx.hugo.token),
    );
    assert_eq!(status, 404);
    let (status, res) = get(
        &ctx.w,
        &format!("/api/ledger/conversations?channel={}", ctx.demo.channel.id),
        Some(&ctx.bruno.token),
    );
    assert_eq!(status, 403, "{res}");
    let _ = &ctx.admin;
}

impl Ctx {
    fn browser(&self) -> Browser {
        self.driver.get_or_init(Driver::start).browser()
    }

    fn sign_in(&self, b: &Browser, email: &str, path: &str) {
        b.sign_in(&self.w.url(path), email, &self.demo.admin.password);
        b.wait_for("[data-testid=user-name]");
    }
}

/// The connection indicator's `data-state`.
fn connection(b: &Browser) -> String {
    b.run(
        "const e = document.querySelector('[data-testid=connection]'); return e ? e.dataset.state : '';",
        json!([]),
    )
    .as_str()
    .unwrap_or_default()
    .to_owned()
}

/// Whether this page was hidden at some point (Chromium's
/// `visibility-state` timeline; empty elsewhere, then `None`).
fn was_hidden(b: &Browser) -> Option<bool> {
    let states = b.run(
        "try { return performance.getEntriesByType('visibility-state').map(e => e.name); } catch (e) { return []; }",
        json!([]),
    );
    let states: Vec<String> = serde_json::from_value(states).unwrap_or_default();
    (!states.is_empty()).then(|| states.iter().any(|s| s == "hidden"))
}

// R-KPI-3 in the console: Hugo signs in, sees the notice, opens the
// conversation from it and reads it: the history, who answers, and a
// composer that says he reads as a supervisor instead of "Loading…" or
// "Reconnecting…". Behind another tab, Ana's reply still reaches him.
fn console_r_kpi_3_the_supervisor_reads_from_the_notice_in_front_and_behind(ctx: &Ctx) {
    let b = ctx.browser();
    b.resize(1280, 800);
    ctx.sign_in(&b, "hugo@example.com", "/console/");
    let notice = format!(
        "[data-testid=notice][data-conversation='{}'] [data-testid=notice-open]",
        ctx.late
    );
    b.click(&b.wait_for(&notice));
    b.wait_text_in("[data-testid=messages]", "Is my parcel lost?");
    let note = b.wait_text_in(
        "[data-testid=composer-note]",
        "You read this conversation as a supervisor",
    );
    assert!(note.contains("Ana answers it"), "{note}");
    assert_eq!(
        b.attr(&b.wait_for("[data-testid=reply]"), "disabled")
            .as_deref(),
        Some("true")
    );
    b.wait("connected", || (connection(&b) == "open").then_some(()));
    assert!(b.find("[data-testid=chat-refused]").is_none());
    // Where the visitor is (#20), without the client's card.
    b.wait_for("[data-testid=reader-visitor] [data-testid=visitor-info]");
    assert!(b.find("#client-card-title").is_none());
    // His channels: none of his own, Ana's as the one he supervises.
    let supervised = b.wait_text_in("[data-testid=supervised-channel]", &ctx.demo.channel.name);
    assert!(supervised.contains("you supervise"), "{supervised}");
    assert!(b.find("[data-testid=channel]").is_none());
    let shot = b.screenshot("supervisor-reads");
    eprintln!("screenshot: {}", shot.display());

    // Behind another tab, Ana writes: Hugo's console has it on return.
    let front = b.handle();
    let other = b.new_tab();
    let (mut ana, _) = open(ctx, &ctx.ana, &ctx.late);
    send(&mut ana, "a-behind", "Written while Hugo looked elsewhere.");
    std::thread::sleep(Duration::from_secs(2));
    b.switch_to(&front);
    b.wait_text_in(
        "[data-testid=messages]",
        "Written while Hugo looked elsewhere.",
    );
    if let Some(hidden) = was_hidden(&b) {
        assert!(hidden, "the console was behind the other tab");
    }
    b.close_tab(&other);

    // The statistics show Ana's channel to him (R-KPI-3, R-KPI-4).
    b.click(&b.wait_for("[data-testid=nav-stats]"));
    b.wait_text_in("[data-testid=stats-channel-name]", &ctx.demo.channel.name);
    b.wait("today's conversations", || {
        b.find("[data-testid=stats-conversations]")
            .filter(|e| b.text(e) == "4")
            .map(|_| ())
    });
    let shot = b.screenshot("supervisor-stats");
    eprintln!("screenshot: {}", shot.display());
}

// A refusal says why (R-S-2): Bruno, who supervises nobody, opens the
// link: the pane says why instead of "Reconnecting…" — when the page is in
// front, and when it loads behind another tab.
fn console_r_kpi_3_a_refusal_says_why_in_front_and_in_a_background_tab(ctx: &Ctx) {
    let b = ctx.browser();
    b.resize(1280, 800);
    let link = format!("/console/?conversation={}", ctx.late);
    ctx.sign_in(&b, "bruno@example.com", &link);
    let why = b.wait_text_in("[data-testid=chat-refused]", "not in the queue");
    assert!(why.contains("ask an admin"), "{why}");
    // It stays said: no retry turns into "Reconnecting…".
    std::thread::sleep(Duration::from_secs(3));
    assert_ne!(connection(&b), "reconnecting");
    assert!(b.find("[data-testid=chat-refused]").is_some());
    // Nothing to write in: the composer is gone, the card not asked for.
    assert_eq!(
        b.run(
            "const f = document.querySelector('form.composer'); return !!f && f.hidden && f.offsetHeight === 0;",
            json!([])
        ),
        json!(true)
    );
    assert!(b.find("[data-testid=client-card]").is_none());
    let shot = b.screenshot("supervision-refused");
    eprintln!("screenshot: {}", shot.display());

    // The same page loads again behind another tab.
    let front = b.handle();
    b.run("setTimeout(() => location.reload(), 800);", json!([]));
    let other = b.new_tab();
    std::thread::sleep(Duration::from_secs(6));
    b.switch_to(&front);
    let why = b.wait_text_in("[data-testid=chat-refused]", "not in the queue");
    assert!(why.contains("ask an admin"), "{why}");
    assert_ne!(connection(&b), "reconnecting");
    if let Some(hidden) = was_hidden(&b) {
        assert!(hidden, "the page loaded behind the other tab");
    }
    b.close_tab(&other);
}

/// Where the cells of a row's response times end, and the page's width.
fn overflow(b: &Browser) -> Value {
    b.run(
        "const row = document.querySelector('[data-testid=ledger-row]'); \
         const right = s => { const e = row.querySelector(s); return e ? e.getBoundingClientRect().right : null; }; \
         const box = document.querySelector('.table-scroll'); \
         const table = document.querySelector('[data-testid=ledger-table]'); \
         return { width: document.documentElement.clientWidth, \
                  first: right('[data-testid=ledger-first]'), average: right('[data-testid=ledger-average]'), \
                  longest: right('[data-testid=ledger-longest]'), total: right('[data-testid=ledger-total-time]'), \
                  scroll: box.scrollWidth - box.clientWidth, \
                  box_height: box.clientHeight, table_height: table.offsetHeight, \
                  headings: [...table.querySelectorAll('thead th')].map(th => th.textContent.replace(/[▲▼]/g, '').trim()) };",
        json!([]),
    )
}

// R-KPI-4: at 1280 × 800 the list shows First response, Average, Longest
// and Total without scrolling sideways; after a search the table keeps its
// height (the page scrolls as one); the gear chooses the columns, and the
// choice holds after a reload.
fn console_r_kpi_4_the_response_times_show_at_1280_and_the_columns_are_remembered(ctx: &Ctx) {
    let b = ctx.browser();
    b.resize(1280, 800);
    ctx.sign_in(&b, "hugo@example.com", "/console/");
    b.click(&b.wait_for("[data-testid=nav-ledger]"));
    b.wait_for("[data-testid=ledger-page]");
    b.wait("every row", || {
        (b.find_all("[data-testid=ledger-row]").len() == 4).then_some(())
    });
    let o = overflow(&b);
    let width = o["width"].as_f64().unwrap();
    for cell in ["first", "average", "longest", "total"] {
        let right = o[cell]
            .as_f64()
            .unwrap_or_else(|| panic!("{cell} shows: {o}"));
        assert!(right <= width, "{cell} ends within the window: {o}");
    }
    assert_eq!(o["scroll"], json!(0), "no sideways scroll at 1280 px: {o}");
    let headings = o["headings"].clone();
    for h in ["No.", "First response", "Average", "Longest", "Total"] {
        assert!(headings.as_array().unwrap().contains(&json!(h)), "{o}");
    }
    let shot = b.screenshot("ledger-1280");
    eprintln!("screenshot: {}", shot.display());

    // A search below the list: the table keeps every row in view.
    b.set_value("[data-testid=search-text]", "parcel");
    b.click(&b.wait_for("[data-testid=search-submit]"));
    b.wait_for("[data-testid=search-hit]");
    let o = overflow(&b);
    assert!(
        o["box_height"].as_f64().unwrap() >= o["table_height"].as_f64().unwrap(),
        "the table is not cut to what the window leaves: {o}"
    );

    // The number the notice gave, typed into the search, finds it; its
    // link opens the conversation (R-KPI-3).
    let number = ctx
        .notice
        .text
        .split_whitespace()
        .find_map(|w| w.parse::<u64>().ok())
        .expect("a number in the notice");
    b.set_value("[data-testid=search-text]", &number.to_string());
    b.click(&b.wait_for("[data-testid=search-submit]"));
    let found = format!("[data-testid=search-conversation][data-id='{}']", ctx.late);
    let line = b.wait_text_in(&found, &format!("Conversation {number}"));
    assert!(line.contains("Ana"), "{line}");
    b.run(
        "document.querySelector(arguments[0]).scrollIntoView({block: 'center'});",
        json!([found]),
    );
    let shot = b.screenshot("ledger-search-number");
    eprintln!("screenshot: {}", shot.display());

    // The gear: Channel off, Rating on; remembered after a reload.
    b.click(&b.wait_for("[data-testid=ledger-columns-toggle]"));
    b.click(&b.wait_for("[data-testid=ledger-column-channel]"));
    b.click(&b.wait_for("[data-testid=ledger-column-rating]"));
    let shot = b.screenshot("ledger-columns");
    eprintln!("screenshot: {}", shot.display());
    let headings = |b: &Browser| -> Vec<String> {
        serde_json::from_value(overflow(b)["headings"].clone()).unwrap()
    };
    let chosen = headings(&b);
    assert!(chosen.contains(&"Rating".to_owned()), "{chosen:?}");
    assert!(!chosen.contains(&"Channel".to_owned()), "{chosen:?}");
    b.refresh();
    b.click(&b.wait_for("[data-testid=nav-ledger]"));
    b.wait_for("[data-testid=ledger-row]");
    assert_eq!(headings(&b), chosen, "the choice is remembered");

    b.resize(1920, 1080);
    b.wait_for("[data-testid=ledger-row]");
    let shot = b.screenshot("ledger-1920");
    eprintln!("screenshot: {}", shot.display());

    // The search's link opens the conversation, to read.
    b.resize(1280, 800);
    b.set_value("[data-testid=search-text]", &number.to_string());
    b.click(&b.wait_for("[data-testid=search-submit]"));
    b.click(&b.wait_for(&format!("{found} [data-testid=ledger-open]")));
    b.wait_text_in(
        "[data-testid=composer-note]",
        "You read this conversation as a supervisor",
    );
}
