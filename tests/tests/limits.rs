//! Rate limits against a real `wrangler dev` (R-S-3): new chats, sign-ins,
//! socket upgrades and history emails per network address, and a visitor
//! who writes too fast, told when to send again and losing nothing.
//!
//! Each case is its own address: locally `wrangler dev` keeps the
//! `CF-Connecting-IP` a client sends (on Cloudflare the edge sets it).

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use canal_shared::ids::{ClientMsgId, Seq};
use canal_shared::protocol::{
    ClientFrame, ErrorCode, ServerFrame, Side, VisitorSessionResponse, PROTOCOL_VERSION,
};
use canal_tests::browser::{Driver, ENTER};
use canal_tests::cases;
use canal_tests::host::{Host, Page};
use canal_tests::socket::{connect_from, Socket};
use canal_tests::suite;
use canal_tests::wait::PATIENCE;
use canal_tests::worker::{Demo, Worker};
use serde_json::{json, Value};

/// Small limits, so that each case reaches its own quickly; the visitor's
/// message rate keeps its default (10 per 10 s).
const LIMITS: &str = "session=3/60,login=3/60,connect=4/60,email=2/3600";

struct Ctx {
    w: Worker,
    demo: Demo,
    driver: Driver,
}

fn main() {
    suite::run(
        || {
            let w = Worker::start_with(&[("CANAL_LIMITS", LIMITS)]);
            let demo = w.setup("demo");
            Ctx {
                w,
                demo,
                driver: Driver::start(),
            }
        },
        cases![
            r_s_3_new_chats_from_one_address_are_limited,
            r_s_3_sign_in_attempts_from_one_address_are_limited,
            r_s_3_socket_upgrades_from_one_address_are_limited,
            r_s_3_history_emails_from_one_address_are_limited,
            r_s_3_a_visitor_writing_too_fast_is_told_when_and_loses_nothing,
            r_s_3_the_widget_holds_what_is_too_fast_and_sends_it_in_order,
        ],
    )
}

/// An answer: status, `Retry-After` (seconds) and JSON body.
struct Answer {
    status: u16,
    retry_after: Option<u64>,
    body: Value,
}

impl Ctx {
    fn post(&self, ip: &str, path: &str, bearer: Option<&str>, body: &Value) -> Answer {
        let mut req = ureq::post(&self.w.url(path)).set("cf-connecting-ip", ip);
        if let Some(t) = bearer {
            req = req.set("authorization", &format!("Bearer {t}"));
        }
        match req.send_json(body) {
            Ok(res) | Err(ureq::Error::Status(_, res)) => Answer {
                status: res.status(),
                retry_after: res.header("retry-after").and_then(|s| s.parse().ok()),
                body: res.into_json().unwrap_or(Value::Null),
            },
            Err(e) => panic!("request failed: {e}"),
        }
    }

    fn session(&self, ip: &str) -> Answer {
        let channel = self.demo.channel.id.as_str();
        self.post(
            ip,
            "/api/visitor/session",
            None,
            &json!({ "channel": channel }),
        )
    }

    fn visitor(&self, ip: &str) -> VisitorSessionResponse {
        let a = self.session(ip);
        assert_eq!(a.status, 200, "{}", a.body);
        serde_json::from_value(a.body).expect("a visitor session")
    }

    fn socket(&self, ip: &str, v: &VisitorSessionResponse) -> Result<Socket, u16> {
        connect_from(
            &self.w.ws_url(&format!(
                "/ws/visitor?conversation={}&token={}",
                v.conversation, v.token
            )),
            ip,
        )
    }
}

/// A 429 that says what to do and when.
fn assert_too_many(a: &Answer, what: &str) {
    assert_eq!(a.status, 429, "{what}: {}", a.body);
    assert_eq!(a.body["code"], "too_many", "{}", a.body);
    let message = a.body["message"].as_str().unwrap_or_default();
    assert!(message.contains("try again in"), "{message}");
    let wait = a.retry_after.expect("a Retry-After header");
    assert!((1..=3600).contains(&wait), "Retry-After: {wait}");
}

fn r_s_3_new_chats_from_one_address_are_limited(ctx: &Ctx) {
    for i in 0..3 {
        assert_eq!(ctx.session("198.51.100.1").status, 200, "chat {i}");
    }
    let refused = ctx.session("198.51.100.1");
    assert_too_many(&refused, "the fourth chat");
    assert!(
        refused.retry_after.unwrap() <= 20,
        "one allowance every 20 s"
    );
    // Another address is not concerned.
    assert_eq!(ctx.session("198.51.100.2").status, 200);
    // An IPv6 host is limited with its /64.
    for i in 0..3 {
        let ip = format!("2001:db8:0:1::{}", i + 1);
        assert_eq!(ctx.session(&ip).status, 200, "chat {i}");
    }
    assert_too_many(&ctx.session("2001:db8:0:1::99"), "same /64");
    assert_eq!(ctx.session("2001:db8:0:2::1").status, 200);
}

fn r_s_3_sign_in_attempts_from_one_address_are_limited(ctx: &Ctx) {
    let attempt = |ip: &str, password: &str| {
        ctx.post(
            ip,
            "/api/login",
            None,
            &json!({"email": "ana@example.com", "password": password}),
        )
    };
    for i in 0..3 {
        assert_eq!(attempt("203.0.113.1", "a wrong guess").status, 401, "{i}");
    }
    // Even the right password waits: guessing gains nothing.
    assert_too_many(&attempt("203.0.113.1", "correct horse battery"), "login");
    assert_eq!(attempt("203.0.113.9", "correct horse battery").status, 200);
}

fn r_s_3_socket_upgrades_from_one_address_are_limited(ctx: &Ctx) {
    let v = ctx.visitor("203.0.113.2");
    let open: Vec<Socket> = (0..4)
        .map(|i| {
            ctx.socket("203.0.113.2", &v)
                .unwrap_or_else(|s| panic!("socket {i}: {s}"))
        })
        .collect();
    assert_eq!(ctx.socket("203.0.113.2", &v).err(), Some(429));
    assert!(ctx.socket("203.0.113.3", &v).is_ok());
    drop(open);
}

fn r_s_3_history_emails_from_one_address_are_limited(ctx: &Ctx) {
    let ip = "203.0.113.4";
    let a = ctx.visitor(ip);
    let b = ctx.visitor(ip);
    for v in [&a, &b] {
        let mut s = ctx.socket(ip, v).expect("a socket");
        hello(&mut s);
        s.send(&send("m1", "hello"));
        s.until("the ack", |f| {
            matches!(f, ServerFrame::Ack { .. }).then_some(())
        });
    }
    let ask = |v: &VisitorSessionResponse| {
        ctx.post(
            ip,
            "/api/visitor/history",
            Some(&v.token),
            &json!({"conversation": v.conversation, "email": "cliente@example.com"}),
        )
    };
    assert_eq!(ask(&a).status, 200);
    assert_eq!(ask(&b).status, 200);
    // Each conversation would allow more; the address does not.
    assert_too_many(&ask(&a), "a third email");
}

fn r_s_3_a_visitor_writing_too_fast_is_told_when_and_loses_nothing(ctx: &Ctx) {
    let ip = "203.0.113.5";
    let v = ctx.visitor(ip);
    let mut s = ctx.socket(ip, &v).expect("a socket");
    hello(&mut s);
    let ids: Vec<String> = (0..13).map(|i| format!("m{i}")).collect();
    for id in &ids {
        s.send(&send(id, &format!("text of {id}")));
    }
    // Ten are taken at once; the others are refused by name, with a time.
    let mut acked = BTreeMap::new();
    let mut held = Vec::new();
    let mut wait_ms = 0;
    while acked.len() + held.len() < ids.len() {
        match s.frame() {
            ServerFrame::Ack { id, seq, .. } => {
                acked.insert(id.as_str().to_owned(), seq);
            }
            ServerFrame::Error {
                code: ErrorCode::TooMany,
                id: Some(id),
                retry_ms: Some(ms),
                message,
            } => {
                assert!(message.contains("too fast"), "{message}");
                held.push(id.as_str().to_owned());
                wait_ms = wait_ms.max(ms);
            }
            _ => {}
        }
    }
    assert_eq!(acked.len(), 10, "the burst");
    assert_eq!(held, ["m10", "m11", "m12"]);
    assert!((1..=1_000).contains(&wait_ms), "{wait_ms}");
    // The client sends the held ones again when told, in order, as often
    // as it is told to wait.
    let deadline = Instant::now() + PATIENCE;
    while !held.is_empty() {
        assert!(Instant::now() < deadline, "still held: {held:?}");
        std::thread::sleep(Duration::from_millis(wait_ms.max(1) as u64));
        for id in &held {
            s.send(&send(id, &format!("text of {id}")));
        }
        let mut still = Vec::new();
        for _ in 0..held.len() {
            let (id, outcome) = s.until("an answer", |f| match f {
                ServerFrame::Ack { id, seq, .. } => Some((id.clone(), Ok(*seq))),
                ServerFrame::Error {
                    code: ErrorCode::TooMany,
                    id: Some(id),
                    retry_ms,
                    ..
                } => Some((id.clone(), Err(retry_ms.unwrap_or(1_000)))),
                _ => None,
            });
            match outcome {
                Ok(seq) => {
                    acked.insert(id.as_str().to_owned(), seq);
                }
                Err(ms) => {
                    still.push(id.as_str().to_owned());
                    wait_ms = ms;
                }
            }
        }
        held = still;
    }
    // Every message is stored once, in the order written (the channel's
    // greeting comes in between).
    let mut r = ctx.socket(ip, &v).expect("a second socket");
    hello(&mut r);
    let mut stored = Vec::new();
    let mut seqs = Vec::new();
    while stored.len() < ids.len() {
        if let ServerFrame::Message { message } = r.frame() {
            if message.side == Side::Visitor {
                stored.push(message.id.as_str().to_owned());
                seqs.push(message.seq);
            }
        }
    }
    assert_eq!(stored, ids);
    assert!(seqs.windows(2).all(|w| w[0] < w[1]), "{seqs:?}");
    let by_ack: Vec<Seq> = stored.iter().map(|id| acked[id]).collect();
    assert_eq!(by_ack, seqs, "each stored under the number its ack gave");
    let more = r.next_within::<ServerFrame>(Duration::from_millis(500));
    assert!(
        !matches!(more, Some(ServerFrame::Message { .. })),
        "nothing stored twice: {more:?}"
    );
}

fn hello(s: &mut Socket) {
    s.send(&ClientFrame::Hello {
        version: PROTOCOL_VERSION,
        after: Seq(0),
    });
}

fn send(id: &str, text: &str) -> ClientFrame {
    ClientFrame::Send {
        id: ClientMsgId::parse(id).unwrap(),
        text: text.into(),
        file: None,
    }
}

/// In the browser: a visitor who sends 13 messages at once sees why some
/// wait, and every one is delivered once, in order.
fn r_s_3_the_widget_holds_what_is_too_fast_and_sends_it_in_order(ctx: &Ctx) {
    // The site on another site than the worker, as deployed.
    let host = Host::start(Page::new(&ctx.w.url(""), &ctx.demo.channel.id));
    let b = ctx.driver.browser();
    b.goto(&host.url("/"));
    b.open_widget();
    let composer = b.wait_for("[data-testid=composer]");
    let written: Vec<String> = (0..13).map(|i| format!("quick {i}")).collect();
    let keys: String = written.iter().map(|t| format!("{t}{ENTER}")).collect();
    b.type_into(&composer, &keys);
    let notice = b.wait("the notice that some wait", || {
        let e = b.find("[data-testid=error]:not([hidden])")?;
        let text = b.text(&e);
        text.contains("faster").then_some(text)
    });
    assert!(notice.contains("second"), "{notice}");
    b.screenshot("limits-held");
    // All delivered: each shown once, in order, none left sending.
    let mine = || -> Vec<(String, String)> {
        let v = b.run(
            "return [...document.querySelectorAll('[data-testid=message][data-side=visitor]')].map(m => [m.querySelector('[data-testid=message-text]').textContent, m.dataset.delivery || '']);",
            json!([]),
        );
        v.as_array()
            .into_iter()
            .flatten()
            .map(|m| {
                let s = |i: usize| m[i].as_str().unwrap_or_default().to_owned();
                (s(0), s(1))
            })
            .collect()
    };
    b.wait("every message delivered", || {
        let m = mine();
        (m.len() == written.len() && m.iter().all(|(_, d)| d != "sending")).then_some(())
    });
    let shown: Vec<String> = mine().into_iter().map(|(t, _)| t).collect();
    assert_eq!(shown, written);
}
