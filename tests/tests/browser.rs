//! The first live conversation in real headless Chromium: a visitor on the
//! demo page and an operator in the console, through a real `wrangler dev`.

use std::sync::Mutex;

use canal_shared::protocol::InboxFrame;
use canal_tests::api::{get, login, post};
use canal_tests::browser::{Browser, Driver, ENTER, SHIFT};
use canal_tests::cases;
use canal_tests::host::{Host, Page};
use canal_tests::socket::connect;
use canal_tests::suite;
use canal_tests::wait::PATIENCE;
use canal_tests::worker::{Demo, Worker};
use serde_json::{json, Value};

struct Ctx {
    w: Worker,
    demo: Demo,
    /// The site that embeds the demo channel, on another site than the
    /// worker (third-party storage is blocked in the browser).
    host: Host,
    driver: Driver,
    /// The cases share one story; they run in order.
    lock: Mutex<()>,
}

fn main() {
    suite::run(
        || {
            let w = Worker::start();
            let demo = w.setup("demo");
            Ctx {
                host: Host::start(Page::new(&w.url(""), &demo.channel.id)),
                w,
                demo,
                driver: Driver::start(),
                lock: Mutex::new(()),
            }
        },
        cases![
            a_visitor_and_an_operator_chat_live,
            text_is_rendered_as_text,
            the_host_page_and_the_widget_do_not_affect_each_other,
            admins_manage_people_and_the_queue_in_the_console,
            the_visitor_is_greeted_and_rates_the_closed_conversation,
            two_consoles_race_to_accept_and_one_wins,
            the_widget_follows_the_browser_language_spanish,
            the_visitor_accepts_the_notice_before_writing,
            out_of_hours_the_visitor_leaves_a_message,
            the_widget_speaks_portuguese_and_works_with_the_keyboard_on_a_phone,
            what_the_visitor_types_before_the_code_arrives_is_kept,
        ],
    )
}

fn wait_connected(b: &Browser) {
    b.wait("the socket to open", || {
        let s = b.find("[data-testid=status]")?;
        (b.attr(&s, "data-state").as_deref() == Some("open")).then_some(())
    });
}

/// `(side, text, delivery)` of every message shown in the current document.
fn messages(b: &Browser) -> Vec<(String, String, String)> {
    let v = b.run(
        "return [...document.querySelectorAll('[data-testid=message]')].map(m => [m.dataset.side || '', (m.querySelector('[data-testid=message-text]') || m).textContent, m.dataset.delivery || '']);",
        json!([]),
    );
    v.as_array()
        .into_iter()
        .flatten()
        .map(|m| {
            let s = |i: usize| m[i].as_str().unwrap_or_default().to_owned();
            (s(0), s(1), s(2))
        })
        .collect()
}

/// The visitor's and operators' messages (not the channel's own).
fn texts(b: &Browser) -> Vec<String> {
    messages(b)
        .into_iter()
        .filter(|(side, _, _)| side != "system")
        .map(|(_, t, _)| t)
        .collect()
}

fn wait_text(b: &Browser, text: &str) {
    b.wait(&format!("the message {text:?}"), || {
        texts(b).iter().any(|t| t == text).then_some(())
    });
}

fn sign_in(ctx: &Ctx, b: &Browser, email: &str) {
    b.sign_in_demo(&ctx.w, &ctx.demo, email);
}

fn open_first_conversation(b: &Browser) {
    let item = b.wait_for("[data-testid=conversation]");
    b.click(&item);
    b.wait_for("[data-testid=reply]");
    wait_connected_console(b);
}

fn wait_connected_console(b: &Browser) {
    b.wait("the conversation socket to open", || {
        b.find_all("[data-testid=connection]")
            .iter()
            .all(|c| b.attr(c, "data-state").as_deref() == Some("open"))
            .then_some(())
    });
}

/// Waits until these operators are online for the channel's router.
fn wait_online(ctx: &Ctx, names: &[&str]) {
    let admin = login(&ctx.w, "admin@example.com", &ctx.demo.admin.password);
    let path = format!("/api/queue/members?channel={}", ctx.demo.channel.id);
    let start = std::time::Instant::now();
    loop {
        let (_, m) = get(&ctx.w, &path, Some(&admin.token));
        let online = |n: &&str| {
            m["members"]
                .as_array()
                .into_iter()
                .flatten()
                .any(|x| x["operator"]["name"] == json!(n) && x["presence"] == json!("online"))
        };
        if names.iter().all(online) {
            return;
        }
        assert!(
            start.elapsed() < PATIENCE,
            "{names:?} never came online: {m}"
        );
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
}

fn draft_text(b: &Browser) -> Option<String> {
    b.find("[data-testid=visitor-draft]").map(|d| b.text(&d))
}

// R-RT-1, R-RT-2, R-W-3, R-W-4, R-D-1, R-CH-4
fn a_visitor_and_an_operator_chat_live(ctx: &Ctx) {
    let _story = ctx.lock.lock().unwrap_or_else(|p| p.into_inner());
    let visitor = ctx.driver.browser();
    let operator = ctx.driver.browser();

    visitor.goto(&ctx.host.url("/"));
    visitor.open_widget();
    let header = visitor.wait_for("[data-testid=header]");
    assert!(visitor.text(&header).contains("Open Channel 1"));
    let composer = visitor.wait_for("[data-testid=composer]");
    visitor.type_into(
        &composer,
        &format!("Hello!{SHIFT}{ENTER}{SHIFT}Anyone there?{ENTER}"),
    );
    wait_text(&visitor, "Hello!\nAnyone there?");

    // Nobody was online: it waits, and is offered to Ana once she signs in
    // (R-Q-4); she accepts it before answering.
    sign_in(ctx, &operator, "ana@example.com");
    open_first_conversation(&operator);
    wait_text(&operator, "Hello!\nAnyone there?");
    let reply = operator.wait_for("[data-testid=reply]");
    assert!(
        operator.attr(&reply, "disabled").is_some(),
        "no answer before accepting"
    );
    operator.click(&operator.wait_for("[data-testid=chat-accept]"));
    operator.wait("the composer to open", || {
        operator.attr(&reply, "disabled").is_none().then_some(())
    });

    // The operator sees the draft before it is sent.
    visitor.type_into(&composer, "I need help with my order");
    let draft = operator.wait("the visitor's draft", || {
        draft_text(&operator).filter(|d| d.contains("I need help with my order"))
    });
    assert!(draft.contains("I need help with my order"));
    visitor.type_into(&composer, ENTER);
    wait_text(&operator, "I need help with my order");
    operator.wait("the draft to clear", || {
        draft_text(&operator).is_none().then_some(())
    });

    // The visitor sees that the operator types, then the reply.
    let reply = operator.wait_for("[data-testid=reply]");
    operator.type_into(&reply, "Sure, what is the order number?");
    visitor.wait_for("[data-testid=typing]:not([hidden])");
    operator.type_into(&reply, ENTER);
    wait_text(&visitor, "Sure, what is the order number?");
    let operator_name = visitor.wait_for("[data-testid=operator]");
    assert!(visitor.text(&operator_name).contains("Ana"));
    visitor.wait("the typing indicator to go", || {
        visitor
            .find("[data-testid=typing]:not([hidden])")
            .is_none()
            .then_some(())
    });
    // The operator has the conversation open, so the visitor's messages are seen.
    visitor.wait("the visitor's messages to be seen", || {
        messages(&visitor)
            .iter()
            .filter(|(side, _, _)| side == "visitor")
            .all(|(_, _, d)| d == "seen")
            .then_some(())
    });

    // Both reload: the history is intact.
    let expected = vec![
        "Hello!\nAnyone there?".to_owned(),
        "I need help with my order".to_owned(),
        "Sure, what is the order number?".to_owned(),
    ];
    visitor.refresh();
    visitor.open_widget();
    visitor.wait("the history after a reload", || {
        (texts(&visitor) == expected).then_some(())
    });
    operator.refresh();
    open_first_conversation(&operator);
    operator.wait("the operator's history after a reload", || {
        (texts(&operator) == expected).then_some(())
    });

    // Another page of the same site continues the conversation.
    visitor.leave_frames();
    visitor.goto(&ctx.host.url("/other"));
    visitor.open_widget();
    visitor.wait("the history on another page", || {
        (texts(&visitor) == expected).then_some(())
    });

    // The worker dies mid-conversation; a message written meanwhile arrives once.
    ctx.w.kill();
    visitor.wait("the widget to notice", || {
        let s = visitor.find("[data-testid=status]")?;
        (visitor.attr(&s, "data-state").as_deref() == Some("reconnecting")).then_some(())
    });
    let composer = visitor.wait_for("[data-testid=composer]");
    visitor.type_into(&composer, &format!("written while you were away{ENTER}"));
    let line = visitor.wait("the message pending", || {
        messages(&visitor)
            .into_iter()
            .find(|(_, t, _)| t == "written while you were away")
    });
    assert_eq!(line.2, "sending");
    ctx.w.restart();
    wait_text(&operator, "written while you were away");
    visitor.wait("the message to be acknowledged", || {
        messages(&visitor)
            .iter()
            .any(|(_, t, d)| t == "written while you were away" && d != "sending")
            .then_some(())
    });
    let mut all = expected.clone();
    all.push("written while you were away".into());
    operator.wait("exactly once, in order, at the operator", || {
        (texts(&operator) == all).then_some(())
    });
    assert_eq!(
        texts(&visitor),
        all,
        "exactly once, in order, at the visitor"
    );

    // The outbox survives a reload: written while the worker is down, kept in
    // the browser's storage, sent once after the page is loaded again.
    ctx.w.kill();
    let composer = visitor.wait_for("[data-testid=composer]");
    visitor.type_into(&composer, &format!("kept across a reload{ENTER}"));
    // In the host site's storage: the frame's own is blocked.
    visitor.leave_frames();
    let stored = visitor.wait("the message in the stored outbox", || {
        let outbox = visitor.run(
            "const s = JSON.parse(localStorage.getItem('canal:v1:demo') || '{}'); return (s.outbox || []).map(p => p.text);",
            json!([]),
        );
        (outbox == json!(["kept across a reload"])).then_some(outbox)
    });
    assert_eq!(stored, json!(["kept across a reload"]));
    ctx.w.restart();
    visitor.refresh();
    visitor.open_widget();
    all.push("kept across a reload".into());
    visitor.wait("the reloaded page to send it", || {
        // The channel's own messages (the away reply) aside.
        let lines: Vec<_> = messages(&visitor)
            .into_iter()
            .filter(|(side, _, _)| side != "system")
            .collect();
        let texts: Vec<&String> = lines.iter().map(|(_, t, _)| t).collect();
        (texts == all.iter().collect::<Vec<_>>() && lines.iter().all(|(_, _, d)| d != "sending"))
            .then_some(())
    });
    operator.wait("the reloaded page's message, once, at the operator", || {
        (texts(&operator) == all).then_some(())
    });
}

// R-W-3: markup in messages is shown as text; no script runs.
fn text_is_rendered_as_text(ctx: &Ctx) {
    let _story = ctx.lock.lock().unwrap_or_else(|p| p.into_inner());
    let visitor = ctx.driver.browser();
    let operator = ctx.driver.browser();
    // Bruno is online first; evenly mode gives it to him (Ana already has one).
    sign_in(ctx, &operator, "bruno@example.com");
    wait_online(ctx, &["Bruno"]);
    visitor.goto(&ctx.host.url("/"));
    visitor.open_widget();
    let evil = r#"<img src=x onerror="window.top.__xss=1;window.__xss=1"><script>window.__xss=1</script><b>bold</b>"#;
    visitor.type_into(
        &visitor.wait_for("[data-testid=composer]"),
        &format!("{evil}{ENTER}"),
    );
    wait_text(&visitor, evil);
    let item = operator.wait("the new conversation", || {
        operator
            .find_all("[data-testid=conversation]")
            .into_iter()
            .find(|c| operator.text(c).contains("bold"))
    });
    operator.click(&item);
    wait_text(&operator, evil);
    for b in [&visitor, &operator] {
        // (The host page is on another site: the frame cannot reach it.)
        let ran = b.run(
            "let top = null; try { top = window.top.__xss; } catch (e) {} return window.__xss || top || null;",
            json!([]),
        );
        assert_eq!(ran, Value::Null, "no script from a message ran");
        let injected = b.run("return document.querySelectorAll('[data-testid=message-text] img, [data-testid=message-text] b').length;", json!([]));
        assert_eq!(injected, json!(0), "no element was made from a message");
    }
    visitor.leave_frames();
    let ran = visitor.run("return window.__xss || null;", json!([]));
    assert_eq!(
        ran,
        Value::Null,
        "no script from a message ran on the host page"
    );
}

// R-W-2: the host page styles every `button` hotpink at 40 px and every `div`
// with a dashed border; the launcher keeps its own look, and the widget adds
// nothing to the host page but its one host element and one global.
fn the_host_page_and_the_widget_do_not_affect_each_other(ctx: &Ctx) {
    let _story = ctx.lock.lock().unwrap_or_else(|p| p.into_inner());
    // A site with hostile styles: the widget must not be affected by them.
    let host = Host::start(Page::new(&ctx.w.url(""), &ctx.demo.channel.id).head(
        "<style>body { font: 16px/1.5 Georgia, serif; } button { background: hotpink !important; font-size: 40px !important; } div { border: 3px dashed orange; }</style>",
    ));
    let b = ctx.driver.browser();
    b.goto(&host.url("/"));
    b.open_widget();
    b.leave_frames();
    let v = b.run(
        r#"
        const hosts = [...document.body.children].filter(e => e.shadowRoot);
        const launcher = hosts[0].shadowRoot.querySelector('[data-testid=canal-launcher]');
        const ls = getComputedStyle(launcher);
        const hs = getComputedStyle(hosts[0]);
        return {
          hosts: hosts.length,
          launcherBackground: ls.backgroundColor,
          launcherWidth: ls.width,
          launcherFont: ls.fontSize,
          hostBorder: hs.borderTopStyle,
          pageStyles: document.querySelectorAll('style, link[rel=stylesheet]').length,
          globals: Object.keys(window).filter(k => k.toLowerCase().includes('canal')),
          bodyFont: getComputedStyle(document.body).fontFamily,
        };
        "#,
        json!([]),
    );
    assert_eq!(v["hosts"], 1, "{v}");
    assert_ne!(
        v["launcherBackground"], "rgb(255, 105, 180)",
        "host CSS leaked in: {v}"
    );
    assert_eq!(v["launcherWidth"], "56px", "{v}");
    assert_ne!(v["launcherFont"], "40px", "{v}");
    assert_ne!(
        v["hostBorder"], "dashed",
        "host CSS reached the widget's host element: {v}"
    );
    assert_eq!(
        v["pageStyles"], 1,
        "the widget added styles to the host page: {v}"
    );
    assert_eq!(v["globals"], json!(["canal"]), "{v}");
    assert!(
        v["bodyFont"]
            .as_str()
            .unwrap_or_default()
            .contains("Georgia"),
        "{v}"
    );
}

// R-Q-2 "to all": two consoles are offered the same conversation and both
// press Accept; one gets it, the other loses the offer and is told why.
fn two_consoles_race_to_accept_and_one_wins(ctx: &Ctx) {
    let _story = ctx.lock.lock().unwrap_or_else(|p| p.into_inner());
    let admin = login(&ctx.w, "admin@example.com", &ctx.demo.admin.password);
    let (_, mut queue) = get(
        &ctx.w,
        &format!("/api/queue?channel={}", ctx.demo.channel.id),
        Some(&admin.token),
    );
    queue["settings"]["mode"] = json!("to_all");
    let (status, res) = post(&ctx.w, "/api/queue", Some(&admin.token), &queue);
    assert_eq!(status, 200, "{res}");

    let ana = ctx.driver.browser();
    let bruno = ctx.driver.browser();
    sign_in(ctx, &ana, "ana@example.com");
    sign_in(ctx, &bruno, "bruno@example.com");
    wait_online(ctx, &["Ana", "Bruno"]);

    let (v, mut vs) = canal_tests::scenario::visitor_writes(
        &ctx.w,
        ctx.demo.channel.id.as_str(),
        "race1",
        "who is first?",
    );

    let accept = format!(
        "const li = [...document.querySelectorAll('[data-testid=conversation][data-offered=true]')].find(c => c.dataset.id === '{}'); const b = li && li.closest('li').querySelector('[data-testid=accept]'); if (b && !b.disabled) {{ b.click(); return true; }} return false;",
        v.conversation
    );
    for b in [&ana, &bruno] {
        b.wait("the offer with Accept", || {
            let offered = b.run(
                &format!("return !![...document.querySelectorAll('[data-testid=conversation][data-offered=true]')].find(c => c.dataset.id === '{}');", v.conversation),
                json!([]),
            );
            (offered == json!(true)).then_some(())
        });
    }
    // Both press Accept, back to back.
    let pressed = [ana.run(&accept, json!([])), bruno.run(&accept, json!([]))];
    assert_eq!(pressed, [json!(true), json!(true)], "both pressed Accept");

    // Exactly one console can answer it; the other no longer lists it.
    let mine = |b: &Browser| {
        b.find("[data-testid=reply]")
            .is_some_and(|r| b.attr(&r, "disabled").is_none())
    };
    let listed = |b: &Browser| {
        b.run(
            &format!("return !![...document.querySelectorAll('[data-testid=conversation]')].find(c => c.dataset.id === '{}');", v.conversation),
            json!([]),
        ) == json!(true)
    };
    let (winner, loser) = ana.wait("one winner", || {
        if mine(&ana) {
            Some((&ana, &bruno))
        } else if mine(&bruno) {
            Some((&bruno, &ana))
        } else {
            None
        }
    });
    loser.wait("the offer to leave the loser's list", || {
        (!listed(loser)).then_some(())
    });
    if let Some(e) = loser.find("[data-testid=offer-error]") {
        assert!(
            loser.text(&e).to_lowercase().contains("another operator"),
            "{}",
            loser.text(&e)
        );
    }
    assert!(!mine(loser), "the loser cannot answer it");
    let who = vs.until("the assignment", |f| match f {
        // R-A-1: visitors get the operator's card (their profile by default).
        canal_shared::protocol::ServerFrame::Assigned { card, .. } => card.clone(),
        _ => None,
    });
    let winner_name = winner.text(&winner.wait_for("[data-testid=user-name]"));
    assert_eq!(who.name, winner_name);
}

// R-Q-1, R-Q-3 and the people page: an admin adds an operator and a
// department, puts the department in the queue, and gets a clear message for
// an idle time out of range.
fn admins_manage_people_and_the_queue_in_the_console(ctx: &Ctx) {
    let _story = ctx.lock.lock().unwrap_or_else(|p| p.into_inner());
    let b = ctx.driver.browser();
    sign_in(ctx, &b, "admin@example.com");
    b.open_settings("people");

    b.set_value("[data-testid=person-name]", "Carla");
    b.set_value("[data-testid=person-email]", "carla@example.com");
    b.set_value("[data-testid=person-password]", "short");
    b.click(&b.wait_for("[data-testid=person-create]"));
    b.wait_text_in("[data-testid=people-error]", "10");
    b.set_value("[data-testid=person-password]", "a long enough password");
    b.click(&b.wait_for("[data-testid=person-create]"));
    b.wait_text_in("[data-testid=person]", "carla@example.com");

    let admin = login(&ctx.w, "admin@example.com", &ctx.demo.admin.password);
    let (_, people) = get(&ctx.w, "/api/people", Some(&admin.token));
    let id_of = |email: &str| {
        people["people"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["email"] == json!(email))
            .map(|p| p["id"].as_str().unwrap().to_owned())
            .unwrap()
    };
    let (carla, ana) = (id_of("carla@example.com"), id_of("ana@example.com"));
    b.set_value("[data-testid=department-name]", "Support");
    b.set_value("[data-testid=department-head]", &ana);
    b.click(&b.wait_for(&format!("[data-testid=department-member][value={carla}]")));
    b.click(&b.wait_for("[data-testid=department-save]"));
    let dep = b.wait_text_in("[data-testid=department]", "Support");
    assert!(dep.contains("Carla"), "{dep}");

    let queue_path = format!("/api/queue?channel={}", ctx.demo.channel.id);
    let (_, before) = get(&ctx.w, &queue_path, Some(&admin.token));
    b.open_channel_settings(ctx.demo.channel.id.as_str(), "queue");
    b.set_value("[data-testid=queue-idle-minutes]", "0.5");
    b.click(&b.wait_for("[data-testid=queue-save]"));
    b.wait_text_in(".admin-page", "between 1 minute and 12 hours");
    b.set_value("[data-testid=queue-idle-minutes]", "2");
    let (_, people) = get(&ctx.w, "/api/people", Some(&admin.token));
    let support = people["departments"][0]["id"].as_str().unwrap().to_owned();
    b.set_value("[data-testid=queue-add]", &format!("department:{support}"));
    b.click(&b.wait_for("[data-testid=queue-add-button]"));
    b.wait_text_in("[data-testid=queue-entry]", "Support");
    b.click(&b.wait_for("[data-testid=queue-save]"));
    b.wait_text_in("[data-testid=queue-saved]", "Saved");

    let (_, queue) = get(&ctx.w, &queue_path, Some(&admin.token));
    assert_eq!(queue["settings"]["idle_ms"], json!(120_000));
    assert_eq!(
        queue["settings"]["mode"], before["settings"]["mode"],
        "the rest is kept: {queue}"
    );
    assert!(queue["entries"]
        .as_array()
        .unwrap()
        .contains(&json!({"kind": "department", "id": support})));

    // R-AA-1, R-AA-2: the Automation page, with a clear message for a delay
    // out of range; the settings are restored after.
    let automation_path = format!("/api/automation?channel={}", ctx.demo.channel.id);
    let (_, automation_before) = get(&ctx.w, &automation_path, Some(&admin.token));
    b.click(&b.wait_for("[data-testid=section-link-automation]"));
    b.click(&b.wait_for("[data-testid=automation-noanswer-reply]"));
    b.set_value("[data-testid=automation-noanswer-minutes]", "0.5");
    b.click(&b.wait_for("[data-testid=automation-save]"));
    b.wait_text_in(".admin-page", "between 1 min and 24 hours");
    b.set_value("[data-testid=automation-noanswer-minutes]", "3");
    b.click(&b.wait_for("[data-testid=automation-save]"));
    b.wait_text_in("[data-testid=automation-saved]", "Saved");
    let (_, automation) = get(&ctx.w, &automation_path, Some(&admin.token));
    assert_eq!(
        automation["settings"]["no_answer"],
        json!({"action": "reply", "after_ms": 180_000, "text": null})
    );
    // R-WH-1: working hours in the channel's zone.
    b.click(&b.wait_for("[data-testid=hours-on]"));
    b.set_value("[data-testid=hours-zone]", "Europe/Lisbon");
    // Switching the limit on starts from weekdays 09:00–18:00; a second
    // span on top of Monday's is refused as an overlap.
    b.click(&b.wait_for("[data-testid=hours-day][data-day='0'] [data-testid=hours-span-add]"));
    b.click(&b.wait_for("[data-testid=automation-save]"));
    b.wait_text_in("[data-testid=hours-error]", "overlap");
    b.click(&b.wait_for("[data-testid=hours-day][data-day='0'] [data-testid=hours-span-remove]"));
    b.click(&b.wait_for("[data-testid=hours-copy-weekdays]"));
    b.click(&b.wait_for("[data-testid=automation-save]"));
    b.wait("the hours to be saved", || {
        let (_, a) = get(&ctx.w, &automation_path, Some(&admin.token));
        (a["hours"]["zone"] == json!("Europe/Lisbon")).then_some(a)
    });
    let (_, a) = get(&ctx.w, &automation_path, Some(&admin.token));
    let week = a["hours"]["week"].as_array().unwrap().clone();
    assert_eq!(
        week[4],
        json!([{"start": "09:00", "end": "18:00"}]),
        "Friday: {a}"
    );
    assert_eq!(week[5], json!([]), "Saturday closed");
    let (status, res) = post(
        &ctx.w,
        "/api/automation",
        Some(&admin.token),
        &automation_before,
    );
    assert_eq!(status, 200, "{res}");
}

// R-AA-1, R-QA-1, R-QA-2: the greeting follows the first message; the
// operator closes; the widget asks for a rating, the operator sees it.
// Then the visitor asks for the conversation by email (R-CH-7).
// Screenshots: target/test-artefacts/greeting.png, rating.png, rated.png,
// history-sent.png.
fn the_visitor_is_greeted_and_rates_the_closed_conversation(ctx: &Ctx) {
    let _story = ctx.lock.lock().unwrap_or_else(|p| p.into_inner());
    let admin = login(&ctx.w, "admin@example.com", &ctx.demo.admin.password);
    let path = format!("/api/automation?channel={}", ctx.demo.channel.id);
    let (_, before) = get(&ctx.w, &path, Some(&admin.token));
    let mut config = before.clone();
    config["settings"]["greeting"] =
        json!({"enabled": true, "text": "Hi! Ana or Bruno will answer you here."});
    config["settings"]["rating"] = json!({"wait_ms": 600_000, "close_on_rating": true});
    let (status, res) = post(&ctx.w, "/api/automation", Some(&admin.token), &config);
    assert_eq!(status, 200, "{res}");
    // Offered to everyone online, so Ana sees it whoever else is still there.
    let queue_path = format!("/api/queue?channel={}", ctx.demo.channel.id);
    let (_, queue_before) = get(&ctx.w, &queue_path, Some(&admin.token));
    let mut queue = queue_before.clone();
    queue["settings"]["mode"] = json!("to_all");
    let (status, res) = post(&ctx.w, "/api/queue", Some(&admin.token), &queue);
    assert_eq!(status, 200, "{res}");

    let visitor = ctx.driver.browser();
    let operator = ctx.driver.browser();
    sign_in(ctx, &operator, "ana@example.com");
    wait_online(ctx, &["Ana"]);
    visitor.goto(&ctx.host.url("/"));
    visitor.open_widget();
    visitor.type_into(
        &visitor.wait_for("[data-testid=composer]"),
        &format!("Do you ship to Porto?{ENTER}"),
    );
    let greeting = visitor.wait("the greeting", || {
        messages(&visitor)
            .into_iter()
            .find(|(side, _, _)| side == "system")
    });
    assert_eq!(greeting.1, "Hi! Ana or Bruno will answer you here.");
    visitor.screenshot("greeting");

    // Ana accepts, answers and closes. (The list shows the latest message:
    // the greeting.)
    let item = operator.wait("the offer", || {
        operator
            .find_all("[data-testid=conversation][data-offered=true]")
            .into_iter()
            .find(|c| operator.text(c).contains("Ana or Bruno will answer"))
    });
    operator.click(&item);
    operator.click(&operator.wait_for("[data-testid=chat-accept]"));
    let reply = operator.wait_for("[data-testid=reply]");
    operator.wait("the composer to open", || {
        operator.attr(&reply, "disabled").is_none().then_some(())
    });
    operator.type_into(&reply, &format!("Yes, in two days.{ENTER}"));
    wait_text(&visitor, "Yes, in two days.");
    operator.click(&operator.wait_for("[data-testid=close-conversation]"));
    operator.click(&operator.wait_for("[data-testid=close-confirm]"));

    // The widget asks for a rating; the visitor comments, then likes it:
    // one click on Like sends both (R-QA-1).
    visitor.wait_for("[data-testid=rating]");
    visitor.screenshot("rating");
    // Its icons are drawn (an SVG mask), not emoji a machine may lack.
    let icons = visitor.run(
        "return ['like', 'dislike'].map(k => { const s = getComputedStyle(document.querySelector(`[data-testid=rating-${k}]`), '::before'); return [s.content, s.maskImage || s.webkitMaskImage, s.width]; });",
        json!([]),
    );
    for icon in icons.as_array().unwrap() {
        assert_eq!(icon[0], json!("\"\""), "no text in the icon: {icons}");
        assert!(icon[1].as_str().unwrap().contains("svg"), "{icons}");
        assert_eq!(icon[2], json!("18px"), "{icons}");
    }
    visitor.type_into(
        &visitor.wait_for("[data-testid=rating-comment]"),
        "Quick and clear",
    );
    visitor.click(&visitor.wait_for("[data-testid=rating-like]"));
    visitor.wait_for("[data-testid=rating-thanks]");
    visitor.screenshot("rated");
    let shown = operator.wait("the rating in the console", || {
        operator
            .find("[data-testid=chat-rating]")
            .map(|r| operator.text(&r))
            .filter(|t| t.contains("Quick and clear"))
    });
    assert!(shown.contains("Liked"), "{shown}");

    // R-CH-7: the visitor gets the conversation by email.
    visitor.type_into(
        &visitor.wait_for("[data-testid=history-email]"),
        "rated@example.com",
    );
    visitor.click(&visitor.wait_for("[data-testid=history-send]"));
    let status = visitor.wait("the history sent", || {
        visitor
            .find("[data-testid=history-status]")
            .map(|s| visitor.text(&s))
            .filter(|t| t.starts_with("Sent"))
    });
    assert_eq!(status, "Sent! Check your inbox.");
    visitor.screenshot("history-sent");
    let mail = canal_tests::wait::until("the history email", || {
        ctx.w
            .emails()
            .iter()
            .map(|raw| canal_tests::mail::parse(raw))
            .find(|m| m.to == "rated@example.com")
    })
    .unwrap();
    assert!(mail.text.contains("You:"), "{mail:?}");

    let (status, res) = post(&ctx.w, "/api/automation", Some(&admin.token), &before);
    assert_eq!(status, 200, "{res}");
    let (status, res) = post(&ctx.w, "/api/queue", Some(&admin.token), &queue_before);
    assert_eq!(status, 200, "{res}");
}

/// Sets the demo channel's widget settings; returns the ones before.
fn widget_settings(ctx: &Ctx, token: &str, settings: Value) -> Value {
    let path = format!("/api/widget-settings?channel={}", ctx.demo.channel.id);
    let (status, before) = get(&ctx.w, &path, Some(token));
    assert_eq!(status, 200, "{before}");
    let body = json!({"channel": ctx.demo.channel.id, "settings": settings});
    let (status, res) = post(&ctx.w, "/api/widget-settings", Some(token), &body);
    assert_eq!(status, 200, "{res}");
    before
}

/// The launcher button inside the loader's shadow root, if shown.
fn launcher(b: &Browser) -> Option<canal_tests::browser::Element> {
    b.run_for_element(
        "for (const e of document.body.children) { const l = e.shadowRoot && e.shadowRoot.querySelector('[data-testid=canal-launcher]'); if (l && !l.hidden) return l; } return null;",
    )
}

// R-C-1: the widget shows the channel's notice before anything can be sent;
// declining blocks the chat, accepting records who, which version, when and
// on which page, and an admin lists it. R-W-5: no serious axe violation on
// the notice. Screenshots: consent.png, consent-declined.png.
fn the_visitor_accepts_the_notice_before_writing(ctx: &Ctx) {
    let _story = ctx.lock.lock().unwrap_or_else(|p| p.into_inner());
    let admin = login(&ctx.w, "admin@example.com", &ctx.demo.admin.password);
    let notice =
        "We keep your messages and email for 30 days to answer you.\nSee our privacy policy.";
    let before = widget_settings(
        ctx,
        &admin.token,
        json!({"consent": {"kind": "own", "body": notice}}),
    );

    let b = ctx.driver.browser();
    b.goto(&ctx.host.url("/"));
    b.open_widget();
    let text = b.wait_for("[data-testid=consent-text]");
    b.wait("the notice", || {
        (b.text(&text) == notice.replace('\n', " ") || b.text(&text) == notice).then_some(())
    });
    let composer = b
        .find("[data-testid=composer]")
        .expect("the composer exists");
    let shown = b.run(
        "return arguments[0].offsetParent !== null",
        json!([composer.to_json()]),
    );
    assert_eq!(
        shown,
        json!(false),
        "the composer is hidden until the notice is accepted"
    );
    assert_eq!(b.axe(), Vec::<String>::new(), "axe on the notice");
    b.screenshot("consent");

    b.click(&b.wait_for("[data-testid=consent-decline]"));
    b.wait_for("[data-testid=consent-declined]:not([hidden])");
    b.screenshot("consent-declined");
    b.click(&b.wait_for("[data-testid=consent-review]"));
    b.click(&b.wait_for("[data-testid=consent-accept]"));
    b.wait_for("[data-testid=consent][hidden]");
    let composer = b.wait_for("[data-testid=composer]");
    b.type_into(&composer, &format!("Hello after accepting{ENTER}"));
    b.wait("the message to be acknowledged", || {
        messages(&b).into_iter().find(|(side, t, d)| {
            side == "visitor" && t == "Hello after accepting" && d != "sending"
        })
    });

    let path = format!("/api/consent/acceptances?channel={}", ctx.demo.channel.id);
    let (status, list) = get(&ctx.w, &path, Some(&admin.token));
    assert_eq!(status, 200, "{list}");
    let first = &list["acceptances"][0];
    assert_eq!(first["key"]["text"], Value::Null, "{list}");
    assert!(first["key"]["version"].as_u64().unwrap() >= 1, "{list}");
    assert!(
        first["page"].as_str() == Some(ctx.host.url("/").as_str()),
        "{list}"
    );

    // After a reload the notice is not asked again.
    b.refresh();
    b.open_widget();
    b.wait_for("[data-testid=consent][hidden]");
    widget_settings(ctx, &admin.token, before);
}

// R-WH-3: out of working hours, with the "form" setting, the widget shows a
// leave-a-message form; a bad email is refused in the visitor's words; the
// message reaches the operators with the email. With "hide", the launcher
// is gone. R-W-5: no serious axe violation on the form.
// Screenshots: offline-form.png, offline-sent.png.
fn out_of_hours_the_visitor_leaves_a_message(ctx: &Ctx) {
    let _story = ctx.lock.lock().unwrap_or_else(|p| p.into_inner());
    let admin = login(&ctx.w, "admin@example.com", &ctx.demo.admin.password);
    let path = format!("/api/automation?channel={}", ctx.demo.channel.id);
    let (_, automation_before) = get(&ctx.w, &path, Some(&admin.token));
    let mut closed = automation_before.clone();
    closed["hours"] =
        json!({"zone": "Europe/Lisbon", "week": [[], [], [], [], [], [], []], "holidays": []});
    let (status, res) = post(&ctx.w, "/api/automation", Some(&admin.token), &closed);
    assert_eq!(status, 200, "{res}");
    let before = widget_settings(ctx, &admin.token, json!({"out_of_hours": "form"}));

    let b = ctx.driver.browser();
    b.goto(&ctx.host.url("/"));
    b.open_widget();
    let email = b.wait_for("[data-testid=offline-email]");
    assert_eq!(b.axe(), Vec::<String>::new(), "axe on the offline form");
    b.screenshot("offline-form");
    b.type_into(&email, "not-an-email");
    b.type_into(
        &b.wait_for("[data-testid=offline-message]"),
        "Please call me back",
    );
    b.click(&b.wait_for("[data-testid=offline-send]"));
    let problem = b.wait_for("[data-testid=offline-problem]");
    b.wait("the email to be refused", || {
        b.text(&problem).contains("name@example.com").then_some(())
    });
    assert_eq!(b.attr(&email, "aria-invalid").as_deref(), Some("true"));
    b.run("arguments[0].value = ''", json!([email.to_json()]));
    b.type_into(&email, "rita@example.com");
    b.click(&b.wait_for("[data-testid=offline-send]"));
    b.wait_for("[data-testid=offline-sent]:not([hidden])");
    b.wait("the message to be acknowledged", || {
        messages(&b)
            .into_iter()
            .find(|(side, t, d)| side == "visitor" && t == "Please call me back" && d != "sending")
    });
    b.screenshot("offline-sent");

    // The operators see the email with the conversation.
    let ana = login(&ctx.w, "ana@example.com", &ctx.demo.operators[0].password);
    let mut inbox = connect(&ctx.w.ws_url(&format!("/ws/inbox?token={}", ana.token)))
        .expect("the inbox socket opens");
    let summary = inbox.until_inbox("the summary with the email", PATIENCE, |f| {
        let list = match f {
            InboxFrame::Snapshot { conversations } => conversations.clone(),
            InboxFrame::Upsert { conversation } => vec![conversation.clone()],
            _ => Vec::new(),
        };
        list.into_iter()
            .find(|c| c.contact.as_deref() == Some("rita@example.com"))
    });
    // (Its last message may be the channel's out-of-hours reply.)
    assert_eq!(summary.channel.id, ctx.demo.channel.id);

    // Hidden launcher: a new visitor on a fresh page sees no launcher.
    widget_settings(ctx, &admin.token, json!({"out_of_hours": "hide"}));
    let other = ctx.driver.browser();
    other.goto(&ctx.host.url("/other"));
    // The loader asks the worker (the answer may be cached for a minute:
    // this is a fresh browser).
    other.wait("the launcher to hide", || {
        let hidden = other.run(
            "for (const e of document.body.children) { const l = e.shadowRoot && e.shadowRoot.querySelector('[data-testid=canal-launcher]'); if (l) return l.hidden; } return null;",
            json!([]),
        );
        (hidden == json!(true)).then_some(())
    });
    widget_settings(ctx, &admin.token, before);
    let (status, res) = post(
        &ctx.w,
        "/api/automation",
        Some(&admin.token),
        &automation_before,
    );
    assert_eq!(status, 200, "{res}");
}

// R-W-5: on a page in Portuguese the launcher and the widget speak it; on a
// phone (360 px) the panel fills the screen; the keyboard alone opens it
// (Tab, Enter), writes, and closes it (Esc), the focus going back to the
// launcher; new messages are in a live region; axe finds no serious or
// critical violation. Screenshot: phone-pt-BR.png.
fn the_widget_speaks_portuguese_and_works_with_the_keyboard_on_a_phone(ctx: &Ctx) {
    let _story = ctx.lock.lock().unwrap_or_else(|p| p.into_inner());
    let b = ctx.driver.browser();
    b.resize(360, 740);
    let host = Host::start(Page::new(&ctx.w.url(""), &ctx.demo.channel.id).lang("pt-BR"));
    b.goto(&host.url("/"));
    let l = b.wait("the launcher", || launcher(&b));
    assert_eq!(b.attr(&l, "aria-label").as_deref(), Some("Abrir o chat"));
    // Keyboard only: focus the launcher (the page has one link and the
    // launcher), press Enter.
    b.run("arguments[0].focus()", json!([l.to_json()]));
    b.press("\u{E007}");
    let frame = b.wait("the widget's iframe", || {
        b.run_for_element(
            "for (const e of document.body.children) { const f = e.shadowRoot && e.shadowRoot.querySelector('[data-testid=canal-frame]'); if (f) return f; } return null;",
        )
    });
    let rect = b.run(
        "const r = arguments[0].getBoundingClientRect(); const d = document.documentElement; return [r.width, r.height, d.clientWidth, d.clientHeight];",
        json!([frame.to_json()]),
    );
    assert_eq!(rect[0], rect[2], "full width on a phone: {rect}");
    assert_eq!(rect[1], rect[3], "full height on a phone: {rect}");
    b.enter_frame(&frame);
    wait_connected(&b);
    assert_eq!(
        b.run("return document.documentElement.lang", json!([])),
        json!("pt-BR")
    );
    let composer = b.wait_for("[data-testid=composer]");
    assert_eq!(
        b.attr(&composer, "placeholder").as_deref(),
        Some("Escreva uma mensagem…")
    );
    // The focus is in the composer: type and send with the keyboard.
    b.wait("the composer to have the focus", || {
        (b.run(
            "return document.activeElement && document.activeElement.dataset.testid",
            json!([]),
        ) == json!("composer"))
        .then_some(())
    });
    for c in "Olá, vocês entregam em Recife?".chars() {
        b.press(&c.to_string());
    }
    b.press("\u{E007}");
    b.wait("the message to be acknowledged", || {
        messages(&b).into_iter().find(|(side, t, d)| {
            side == "visitor" && t == "Olá, vocês entregam em Recife?" && d != "sending"
        })
    });
    let meta = b.run(
        "const l = document.querySelector('ol.log'); return [l.getAttribute('aria-live'), l.getAttribute('aria-label'), document.querySelector('[data-testid=message] .meta').textContent];",
        json!([]),
    );
    assert_eq!(meta[0], json!("polite"));
    assert_eq!(meta[1], json!("Mensagens"));
    assert!(
        meta[2].as_str().unwrap().contains("Enviada")
            || meta[2].as_str().unwrap().contains("Vista"),
        "{meta}"
    );
    assert_eq!(b.axe(), Vec::<String>::new(), "axe on the chat");
    b.screenshot("phone-pt-BR");
    // Esc closes the panel; the focus is back on the launcher.
    b.press("\u{E00C}");
    b.leave_frames();
    b.wait("the focus back on the launcher", || {
        let on = b.run(
            "for (const e of document.body.children) { const r = e.shadowRoot; if (r && r.querySelector('[data-testid=canal-launcher]')) return r.activeElement === r.querySelector('[data-testid=canal-launcher]'); } return false;",
            json!([]),
        );
        (on == json!(true)).then_some(())
    });
    let l = launcher(&b).expect("the launcher");
    assert_eq!(b.attr(&l, "aria-expanded").as_deref(), Some("false"));
    b.resize(1280, 900);
}

// R-W-5, R-AA-1: on a page that names no language, the browser's decides. A
// visitor whose browser prefers Spanish gets the launcher, the widget and the
// channel's default greeting in Spanish. Screenshot: spanish.png.
fn the_widget_follows_the_browser_language_spanish(ctx: &Ctx) {
    let _story = ctx.lock.lock().unwrap_or_else(|p| p.into_inner());
    let admin = login(&ctx.w, "admin@example.com", &ctx.demo.admin.password);
    let path = format!("/api/automation?channel={}", ctx.demo.channel.id);
    let (_, before) = get(&ctx.w, &path, Some(&admin.token));
    let mut config = before.clone();
    config["settings"]["greeting"] = json!({"enabled": true, "text": null});
    let (status, res) = post(&ctx.w, "/api/automation", Some(&admin.token), &config);
    assert_eq!(status, 200, "{res}");

    let b = ctx.driver.browser_in("es-ES");
    let host = Host::start(Page::new(&ctx.w.url(""), &ctx.demo.channel.id).lang(""));
    b.goto(&host.url("/"));
    assert_eq!(
        b.run(
            "return [document.documentElement.lang, navigator.language]",
            json!([])
        ),
        json!(["", "es-ES"])
    );
    let l = b.wait("the launcher", || launcher(&b));
    assert_eq!(b.attr(&l, "aria-label").as_deref(), Some("Abrir el chat"));
    b.open_widget();
    assert_eq!(
        b.run("return document.documentElement.lang", json!([])),
        json!("es")
    );
    let composer = b.wait_for("[data-testid=composer]");
    assert_eq!(
        b.attr(&composer, "placeholder").as_deref(),
        Some("Escribe un mensaje…")
    );
    b.type_into(&composer, &format!("¿Envían a Sevilla?{ENTER}"));
    let greeting = b.wait("the greeting", || {
        messages(&b)
            .into_iter()
            .find(|(side, _, _)| side == "system")
    });
    assert_eq!(
        greeting.1,
        "¡Hola! Gracias por escribir. Un agente te atenderá enseguida."
    );
    b.wait("the message to be acknowledged", || {
        messages(&b)
            .into_iter()
            .find(|(side, t, d)| side == "visitor" && t == "¿Envían a Sevilla?" && d != "sending")
    });
    b.screenshot("spanish");
    let (status, res) = post(&ctx.w, "/api/automation", Some(&admin.token), &before);
    assert_eq!(status, 200, "{res}");
}

/// Opened without warning on a slow connection, the panel takes the
/// keyboard before the widget's code has arrived (frame.html's plain
/// composer); what the visitor typed there, Enter included, is sent once
/// the code runs — nothing typed is lost (R-D-1). Chromium throttles the
/// page's network, which covers the frame only when it runs in the page's
/// process: the worker's own demo page, not another site's.
fn what_the_visitor_types_before_the_code_arrives_is_kept(ctx: &Ctx) {
    let _story = ctx.lock.lock().unwrap_or_else(|p| p.into_inner());
    let b = ctx.driver.browser();
    b.cdp("Network.enable", json!({}));
    b.goto(&ctx.w.url("/demo/"));
    let launcher = b.wait("the launcher", || b.in_loader("canal-launcher"));
    // About 1.5 s for the widget's code from now on.
    b.cdp(
        "Network.emulateNetworkConditions",
        json!({"offline": false, "latency": 40, "downloadThroughput": 80_000, "uploadThroughput": -1}),
    );
    b.click(&launcher);
    let frame = b.wait("the widget's iframe", || b.in_loader("canal-frame"));
    b.enter_frame(&frame);
    let early = b.wait("the plain composer to take the focus", || {
        let e = b.find("#canal-early-text")?;
        (b.run(
            "return document.activeElement === arguments[0];",
            json!([e.to_json()]),
        ) == json!(true))
        .then_some(e)
    });
    b.type_into(&early, &format!("typed before the code{ENTER}"));
    assert_eq!(
        b.run(
            "return !!document.getElementById('canal-composer');",
            json!([])
        ),
        json!(false),
        "the widget's code came before the visitor typed: the test proves nothing"
    );
    b.screenshot("widget-early-composer");
    b.cdp(
        "Network.emulateNetworkConditions",
        json!({"offline": false, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1}),
    );
    b.wait("the early message sent", || {
        messages(&b)
            .into_iter()
            .any(|(_, t, d)| t == "typed before the code" && d != "sending")
            .then_some(())
    });
    assert_eq!(
        b.run(
            "const c = document.getElementById('canal-composer'); return [c.value, document.activeElement === c, !!document.getElementById('canal-early')];",
            json!([])
        ),
        json!(["", true, false]),
        "the widget's composer, empty, has the keyboard; the plain one is gone"
    );
}
