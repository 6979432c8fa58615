//! Integration tests of the emails against a real `wrangler dev`, whose
//! `send_email` binding keeps each message as a file the tests read: a late
//! answer's notice emailed once to the supervisor (R-KPI-3), and the
//! history a visitor asks for, in the channel's language (R-CH-7).

use std::time::Duration;

use canal_shared::ids::ClientMsgId;
use canal_shared::ledger::day_of;
use canal_shared::protocol::{ClientFrame, ServerFrame, Status, VisitorSessionResponse};
use canal_shared::time::Timestamp;
use canal_shared::token::EMAILED_FILE_LINK_MS;
use canal_tests::api::{post, visitor};
use canal_tests::cases;
use canal_tests::files::{download, upload, PDF};
use canal_tests::mail::{parse, Mail};
use canal_tests::scenario::{hello, send, take, Team};
use canal_tests::socket::{connect, Socket};
use canal_tests::suite;
use canal_tests::wait::until;
use canal_tests::worker::Worker;
use serde_json::json;

struct Ctx {
    team: Team,
    lock: std::sync::Mutex<()>,
}

impl std::ops::Deref for Ctx {
    type Target = Team;
    fn deref(&self) -> &Team {
        &self.team
    }
}

fn main() {
    suite::run(
        || Ctx {
            team: Team::start(),
            lock: std::sync::Mutex::new(()),
        },
        cases![
            r_kpi_3_a_late_answer_is_emailed_once_to_the_supervisor,
            r_ch_7_the_visitor_gets_the_history_in_the_channels_language,
            emails_21_the_history_lists_each_file_as_a_link_that_expires,
            r_ch_7_a_deployment_without_a_sender_says_so(),
        ],
    )
}

impl Ctx {
    /// A visitor who wrote `text`, and the conversation accepted by Ana.
    fn taken(&self, text: &str) -> (VisitorSessionResponse, Socket) {
        let mut inbox = connect(
            &self
                .w
                .ws_url(&format!("/ws/inbox?token={}", self.ana.token)),
        )
        .expect("Ana's inbox");
        let v = visitor(&self.w, self.demo.channel.id.as_str());
        let mut vs = connect(&self.w.ws_url(&format!(
            "/ws/visitor?conversation={}&token={}",
            v.conversation, v.token
        )))
        .expect("visitor socket");
        hello(&mut vs);
        send(&mut vs, "m1", text);
        let c = v.conversation.clone();
        take(&self.w, &self.demo.channel.id, &self.ana, &mut inbox, &c);
        let mut os = connect(&self.w.ws_url(&format!(
            "/ws/operator?conversation={c}&token={}",
            self.ana.token
        )))
        .expect("operator socket");
        hello(&mut os);
        (v, os)
    }

    fn mails_to(&self, to: &str) -> Vec<Mail> {
        self.w
            .emails()
            .iter()
            .map(|raw| parse(raw))
            .filter(|m| m.to == to)
            .collect()
    }

    fn close(&self, os: &mut Socket) {
        os.send(&ClientFrame::Close);
        os.until("closed", |f| match f {
            ServerFrame::Status {
                status: Status::Closed,
                ..
            } => Some(()),
            _ => None,
        });
    }
}

// The first-response limit is 1 s with "notify if late" to the supervisor:
// Bruno gets one email, with the conversation's link to the console, and
// not another when the alarm or the late reply comes again.
fn r_kpi_3_a_late_answer_is_emailed_once_to_the_supervisor(ctx: &Ctx) {
    let _one = ctx.lock.lock().unwrap_or_else(|p| p.into_inner());
    let (status, res) = post(
        &ctx.w,
        "/api/kpi",
        Some(&ctx.admin.token),
        &json!({"channel": ctx.demo.channel.id, "settings": {
            "first": {"after_ms": 1000, "notify": {"to": {"who": "supervisor"}, "text": "#OPERATOR# keeps #DIALOG# waiting"}}
        }}),
    );
    assert_eq!(status, 200, "{res}");
    let (v, mut os) = ctx.taken("Is anyone there?");
    let c = v.conversation.clone();
    let mail = until("the supervisor's email", || {
        ctx.mails_to("bruno@example.com").into_iter().next()
    })
    .unwrap();
    // #DIALOG# is the conversation number, short enough to say aloud.
    let number = mail
        .text
        .split("Ana keeps ")
        .nth(1)
        .and_then(|rest| rest.split(" waiting").next())
        .and_then(|n| n.parse::<u64>().ok());
    assert!(number.is_some(), "Ana keeps <number> waiting: {mail:?}");
    let link = ctx.w.url(&format!("/console/?conversation={c}"));
    assert!(mail.text.contains(&link), "{mail:?}");
    assert!(!mail.subject.is_empty());
    send(&mut os, "o1", "Sorry for the wait!");
    std::thread::sleep(Duration::from_secs(3));
    assert_eq!(ctx.mails_to("bruno@example.com").len(), 1, "once");
    assert!(ctx.mails_to("ana@example.com").is_empty(), "not Ana");
    ctx.close(&mut os);
    post(
        &ctx.w,
        "/api/kpi",
        Some(&ctx.admin.token),
        &json!({"channel": ctx.demo.channel.id, "settings": {}}),
    );
}

// The channel writes to its clients in Portuguese: the visitor asks for the
// history and gets every message (the operator under the name visitors
// see) in a Portuguese email; a bad address is refused, and a fourth
// request within the hour is refused as too many.
fn r_ch_7_the_visitor_gets_the_history_in_the_channels_language(ctx: &Ctx) {
    let _one = ctx.lock.lock().unwrap_or_else(|p| p.into_inner());
    let (status, res) = post(
        &ctx.w,
        "/api/channels/update",
        Some(&ctx.admin.token),
        &json!({"id": ctx.demo.channel.id, "email_language": "pt-BR"}),
    );
    assert_eq!(status, 200, "{res}");
    assert_eq!(res["email_language"], "pt-BR");
    let (v, mut os) = ctx.taken("Quero rastrear meu pedido");
    send(&mut os, "o1", "Seu pedido chega amanhã.");
    ctx.close(&mut os);
    let ask = |email: &str| {
        post(
            &ctx.w,
            "/api/visitor/history",
            Some(&v.token),
            &json!({"conversation": v.conversation, "email": email}),
        )
    };
    let (status, res) = ask("not an address");
    assert_eq!(status, 400, "{res}");
    let (status, res) = ask("cliente@example.com");
    assert_eq!(status, 200, "{res}");
    let mail = until("the history email", || {
        ctx.mails_to("cliente@example.com").into_iter().next()
    })
    .unwrap();
    assert!(mail.text.contains("Quero rastrear meu pedido"), "{mail:?}");
    assert!(mail.text.contains("Seu pedido chega amanhã."), "{mail:?}");
    assert!(mail.text.contains("Ana"), "the operator's name: {mail:?}");
    assert!(
        mail.subject.contains("conversa") || mail.text.contains("conversa"),
        "in Portuguese: {mail:?}"
    );
    assert_eq!(ask("cliente@example.com").0, 200);
    assert_eq!(ask("cliente@example.com").0, 200);
    let (status, res) = ask("cliente@example.com");
    assert_eq!(status, 429, "{res}");
    assert!(res["message"].as_str().unwrap().contains("hour"), "{res}");
    // Another visitor's token cannot ask for this conversation.
    let other = visitor(&ctx.w, ctx.demo.channel.id.as_str());
    let (status, _) = post(
        &ctx.w,
        "/api/visitor/history",
        Some(&other.token),
        &json!({"conversation": v.conversation, "email": "thief@example.com"}),
    );
    assert_eq!(status, 403);
    assert!(ctx.mails_to("thief@example.com").is_empty());
    post(
        &ctx.w,
        "/api/channels/update",
        Some(&ctx.admin.token),
        &json!({"id": ctx.demo.channel.id, "email_language": ""}),
    );
}

// #21: Ana answers with a PDF and no caption; the history the visitor asks
// for lists it by name and size, with a link that reads it and the day the
// link stops working, a week on.
fn emails_21_the_history_lists_each_file_as_a_link_that_expires(ctx: &Ctx) {
    let _one = ctx.lock.lock().unwrap_or_else(|p| p.into_inner());
    let (v, mut os) = ctx.taken("Can I have the invoice?");
    let (status, res) = upload(
        &ctx.w,
        &ctx.ana.token,
        &v.conversation,
        "f1",
        "invoice.pdf",
        PDF,
    );
    assert_eq!(status, 201, "{res}");
    os.send(&ClientFrame::Send {
        id: ClientMsgId::parse("o1").unwrap(),
        text: String::new(),
        file: Some(ClientMsgId::parse("f1").unwrap()),
    });
    os.until("the ack", |f| {
        matches!(f, ServerFrame::Ack { .. }).then_some(())
    });
    let week_on = || {
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_millis() as i64;
        day_of(Timestamp(now + EMAILED_FILE_LINK_MS))
    };
    let before = week_on();
    let (status, res) = post(
        &ctx.w,
        "/api/visitor/history",
        Some(&v.token),
        &json!({"conversation": v.conversation, "email": "files@example.com"}),
    );
    assert_eq!(status, 200, "{res}");
    let after = week_on();
    let mail = until("the history email", || {
        ctx.mails_to("files@example.com").into_iter().next()
    })
    .unwrap();
    let line = mail
        .text
        .lines()
        .find(|l| l.starts_with("File invoice.pdf"))
        .unwrap_or_else(|| panic!("the file's line: {}", mail.text));
    let prefix = format!("File invoice.pdf ({} bytes): ", PDF.len());
    let rest = line.strip_prefix(&prefix).expect(line);
    let (url, until_text) = rest.split_once(' ').expect(line);
    assert!(url.starts_with(&ctx.w.url("/api/files/")), "{line}");
    assert!(
        [before, after]
            .iter()
            .any(|day| until_text.starts_with(&format!("(the link works until {day} "))),
        "{line}"
    );
    assert_eq!(download(url), (200, PDF.to_vec()), "the link reads it");
    ctx.close(&mut os);
}

fn r_ch_7_a_deployment_without_a_sender_says_so() {
    let w = Worker::start_with(&[("CANAL_EMAIL_FROM", "")]);
    let demo = w.setup("shop");
    let v = visitor(&w, demo.channel.id.as_str());
    let mut vs = connect(&w.ws_url(&format!(
        "/ws/visitor?conversation={}&token={}",
        v.conversation, v.token
    )))
    .expect("visitor socket");
    hello(&mut vs);
    send(&mut vs, "m1", "hello");
    let (status, res) = post(
        &w,
        "/api/visitor/history",
        Some(&v.token),
        &json!({"conversation": v.conversation, "email": "cliente@example.com"}),
    );
    assert_eq!(status, 503, "{res}");
    assert!(
        res["message"]
            .as_str()
            .unwrap()
            .contains("does not send emails"),
        "{res}"
    );
}
