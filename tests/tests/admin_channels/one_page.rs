//! #22's "done when": an admin whose console speaks Portuguese changes a
//! channel's distribution mode, working hours, greeting, chat bot and
//! first-response limit on the channel's one settings page, and a visitor's
//! conversation shows each change.
//!
//! Screenshots: target/test-artefacts/one-page-queue.png, one-page-hours.png,
//! one-page-bot.png, one-page-kpi.png.

use std::time::Duration;

use canal_shared::ids::ClientMsgId;
use canal_shared::protocol::{ClientFrame, Message, ServerFrame, Side, Status};
use canal_tests::api::{get, login, post, visitor};
use canal_tests::browser::Browser;
use canal_tests::socket::{connect, join, Socket};
use serde_json::{json, Value};

use super::Ctx;

const GREETING: &str = "Olá! Já vamos te atender.";
const AWAY: &str = "Hoje é feriado: deixe sua mensagem e responderemos amanhã.";
const ANSWER: &str = "Atendemos das 9h às 18h, de segunda a sexta.";

/// Waits until the section's saved state says "Salvo".
fn wait_saved(b: &Browser, prefix: &str) {
    b.wait_text_in(&format!("[data-testid={prefix}-saved]"), "Salvo");
}

/// Checks the box `css` if it is not.
fn check(b: &Browser, css: &str) {
    let checked = b.run(
        "return document.querySelector(arguments[0]).checked;",
        json!([css]),
    );
    if checked != json!(true) {
        b.click_on(css);
    }
}

/// The date `days` from today (UTC), as a date field takes it.
fn date(days: i64) -> String {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("a clock after 1970")
        .as_secs() as i64;
    let day = now / 86_400 + days;
    // Days since 1970-01-01 to a civil date (Howard Hinnant's algorithm).
    let z = day + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

fn send(s: &mut Socket, id: &str, text: &str) {
    s.send(&ClientFrame::Send {
        id: ClientMsgId::parse(id).expect("a client id"),
        text: text.into(),
        file: None,
    });
    s.until("the ack", |f| match f {
        ServerFrame::Ack { .. } => Some(()),
        _ => None,
    });
}

/// The next message of the channel itself (automatic or its bot's).
fn channel_says(s: &mut Socket) -> Message {
    s.until("the channel's message", |f| match f {
        ServerFrame::Message { message } if message.side == Side::System => Some(message.clone()),
        _ => None,
    })
}

/// An operator's inbox socket, online.
fn inbox(ctx: &Ctx, token: &str) -> Socket {
    connect(&ctx.w.ws_url(&format!("/ws/inbox?token={token}"))).expect("the inbox socket opens")
}

// #22 (done when), R-Q-2, R-WH-1, R-WH-2, R-AA-1, R-BOT-1, R-KPI-1.
pub fn settings_22_an_admin_sets_a_channel_up_on_its_one_page_in_portuguese(ctx: &Ctx) {
    let _one = ctx.one_at_a_time();
    let demo = ctx.demo.channel.id.to_string();
    let admin = login(&ctx.w, "admin@example.com", &ctx.demo.admin.password);
    let api = |path: &str| {
        let (status, res) = get(&ctx.w, path, Some(&admin.token));
        assert_eq!(status, 200, "{path}: {res}");
        res
    };
    let queue_path = format!("/api/queue?channel={demo}");
    let automation_path = format!("/api/automation?channel={demo}");
    let queue_before = api(&queue_path);
    let automation_before = api(&automation_path);
    let responses_before = api(&format!("/api/canned/channel?channel={demo}"));
    // Both operators in the queue, handed conversations one by one (other
    // cases of the suite leave the queue as they need it).
    let ana = login(&ctx.w, "ana@example.com", &ctx.demo.operators[0].password);
    let bruno = login(&ctx.w, "bruno@example.com", &ctx.demo.operators[1].password);
    let (status, res) = post(
        &ctx.w,
        "/api/queue",
        Some(&admin.token),
        &json!({
            "channel": demo,
            "settings": {"mode": "evenly", "idle_ms": 180_000, "check_online": false, "capacity": null},
            "entries": [{"kind": "user", "id": ana.user.id}, {"kind": "user", "id": bruno.user.id}],
        }),
    );
    assert_eq!(status, 200, "{res}");
    // The FAQ bot answers from the channel's predefined responses.
    let (status, list) = post(
        &ctx.w,
        "/api/canned/lists",
        Some(&admin.token),
        &json!({"name": "Perguntas frequentes", "responses": [
            {"title": "Horário de atendimento", "text": ANSWER, "shortcut": null},
        ]}),
    );
    assert_eq!(status, 200, "{list}");
    let (status, res) = post(
        &ctx.w,
        "/api/canned/channel",
        Some(&admin.token),
        &json!({"channel": demo, "list": list["id"]}),
    );
    assert_eq!(status, 200, "{res}");

    let b = ctx.driver.browser_in("pt-BR");
    ctx.sign_in(&b, "admin@example.com");
    b.wait_text_in("[data-testid=nav-settings]", "Configurações");
    b.open_channel_settings(&demo, "queue");
    // Distribution: everyone at once.
    b.click_on("[data-testid=queue-mode-to_all]");
    b.click_on("[data-testid=queue-save]");
    wait_saved(&b, "queue");
    b.screenshot("one-page-queue");
    // Working hours: closed on the holidays around today; and the greeting
    // and the out-of-hours reply in the channel's words.
    b.click_on("[data-testid=section-link-automation]");
    check(&b, "[data-testid=automation-greeting-on]");
    b.set_value("[data-testid=automation-greeting-text]", GREETING);
    b.set_value("[data-testid=automation-ooh-text]", AWAY);
    check(&b, "[data-testid=hours-on]");
    b.set_value("[data-testid=hours-zone]", "America/Sao_Paulo");
    for days in [-1, 0, 1] {
        b.set_value("[data-testid=hours-holiday-date]", &date(days));
        b.click_on("[data-testid=hours-holiday-add-date]");
    }
    b.wait("three holidays", || {
        (b.find_all("[data-testid=hours-holiday]").len() == 3).then_some(())
    });
    b.wait_text_in("[data-testid=automation-saved]", "não salvas");
    b.click_on("[data-testid=automation-save]");
    wait_saved(&b, "automation");
    b.screenshot("one-page-hours");
    // The chat bot.
    b.click_on("[data-testid=section-link-bot]");
    b.set_value("[data-testid=bot-channel-select]", "faq");
    b.click_on("[data-testid=bot-channel-save]");
    b.wait("the bot saved", || {
        let (_, bot) = get(
            &ctx.w,
            &format!("/api/bots/channel?channel={demo}"),
            Some(&admin.token),
        );
        (bot["bot"] == json!("faq")).then_some(())
    });
    b.screenshot("one-page-bot");
    // The first-response limit: 1.2 seconds (the suite's worker allows
    // limits from a second).
    b.click_on("[data-testid=section-link-kpi]");
    check(&b, "[data-testid=kpi-first-on]");
    b.set_value("[data-testid=kpi-first-minutes]", "0.02");
    b.click_on("[data-testid=kpi-save]");
    wait_saved(&b, "kpi");
    b.screenshot("one-page-kpi");
    assert_eq!(api(&queue_path)["settings"]["mode"], json!("to_all"));

    // A visitor writes: the greeting, then the bot's answer.
    let mut ana_inbox = inbox(ctx, &ana.token);
    let mut bruno_inbox = inbox(ctx, &bruno.token);
    let v = visitor(&ctx.w, &demo);
    let mut vs = join(&ctx.w.ws_url(&format!(
        "/ws/visitor?conversation={}&token={}",
        v.conversation, v.token
    )));
    send(&mut vs, "v1", "Qual é o horário de atendimento?");
    assert_eq!(channel_says(&mut vs).text, GREETING);
    let answer = channel_says(&mut vs);
    assert_eq!(answer.text, ANSWER);
    assert!(answer.id.as_str().starts_with("bot-"), "{answer:?}");
    // Handed over: out of hours, the channel's reply; offered to both.
    send(&mut vs, "v2", "Quero falar com uma pessoa");
    vs.until("the out-of-hours reply", |f| match f {
        ServerFrame::Message { message } if message.text == AWAY => Some(()),
        _ => None,
    });
    let c = v.conversation.clone();
    let offered = ana_inbox.summary_where(&c, |s| s.offered.len() == 2);
    assert!(offered.offered.contains(&bruno.user.id), "{offered:?}");
    bruno_inbox.summary_where(&c, |s| s.offered.contains(&bruno.user.id));
    // Ana answers after the limit: measured as late.
    std::thread::sleep(Duration::from_millis(1500));
    let (status, res) = post(
        &ctx.w,
        "/api/conversations/accept",
        Some(&ana.token),
        &json!({"channel": demo, "conversation": c}),
    );
    assert_eq!(status, 200, "{res}");
    let mut os = join(&ctx.w.ws_url(&format!(
        "/ws/operator?conversation={c}&token={}",
        ana.token
    )));
    send(&mut os, "o1", "Oi, aqui é a Ana.");
    let s = ana_inbox.summary_where(&c, |s| s.response.count == 1);
    assert_eq!(s.response.late, 1, "{:?}", s.response);
    os.send(&ClientFrame::Close);
    ana_inbox.summary_where(&c, |s| s.status == Status::Closed);

    // As it was, for the other cases.
    for (path, body) in [
        ("/api/queue", queue_before),
        ("/api/automation", automation_before),
        (
            "/api/canned/channel",
            json!({"channel": demo, "list": responses_before["list"]}),
        ),
        (
            "/api/bots/channel",
            json!({"channel": demo, "bot": Value::Null}),
        ),
        ("/api/kpi", json!({"channel": demo, "settings": {}})),
    ] {
        let (status, res) = post(&ctx.w, path, Some(&admin.token), &body);
        assert_eq!(status, 200, "{path}: {res}");
    }
}
