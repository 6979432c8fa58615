//! Integration tests of the worker's API and sockets against a real
//! `wrangler dev` (one per suite, fresh state): authentication, authorization,
//! validation and delivery.

use std::time::Duration;

use canal_shared::ids::{ClientMsgId, Seq};
use canal_shared::protocol::{
    ClientFrame, ErrorCode, InboxFrame, ServerFrame, Side, Status, PROTOCOL_VERSION,
};
use canal_tests::api::{get, login, post, post_raw, visitor};
use canal_tests::cases;
use canal_tests::socket::{connect, Socket};
use canal_tests::suite;
use canal_tests::worker::{Demo, Worker};
use serde_json::json;

struct Ctx {
    w: Worker,
    demo: Demo,
}

fn main() {
    suite::run(
        || {
            let w = Worker::start();
            let demo = w.setup("shop");
            Ctx { w, demo }
        },
        cases![
            setup_is_guarded_and_happens_once,
            login_and_sessions,
            bad_bodies_get_clear_errors,
            visitor_sessions,
            sockets_refuse_missing_or_forged_tokens,
            a_visitor_cannot_open_another_visitors_conversation,
            malformed_frames_get_an_error_and_the_socket_stays_open,
            an_over_long_message_is_refused_clearly,
            an_over_long_draft_is_called_a_draft,
            a_conversation_flows_between_visitor_and_operator,
            resends_are_stored_once_and_resume_replays_the_rest,
            a_socket_hears_nothing_before_its_welcome,
            static_assets_are_served,
            automation_settings_are_validated,
        ],
    )
}

fn password(ctx: &Ctx) -> String {
    ctx.demo.admin.password.clone()
}

fn hello(s: &mut Socket, after: u64) -> ServerFrame {
    s.send(&ClientFrame::Hello {
        version: PROTOCOL_VERSION,
        after: Seq(after),
    });
    s.frame()
}

fn send(s: &mut Socket, id: &str, text: &str) {
    s.send(&ClientFrame::Send {
        id: ClientMsgId::parse(id).unwrap(),
        text: text.into(),
        file: None,
    });
}

fn ack_of(s: &mut Socket, id: &str) -> Seq {
    s.until(&format!("ack of {id}"), |f| match f {
        ServerFrame::Ack { id: got, seq, .. } if got.as_str() == id => Some(*seq),
        _ => None,
    })
}

fn visitor_socket(ctx: &Ctx) -> (canal_shared::protocol::VisitorSessionResponse, Socket) {
    let v = visitor(&ctx.w, ctx.demo.channel.id.as_str());
    let s = connect(&ctx.w.ws_url(&format!(
        "/ws/visitor?conversation={}&token={}",
        v.conversation, v.token
    )))
    .expect("visitor socket opens");
    (v, s)
}

fn operator_socket(ctx: &Ctx, token: &str, conversation: &str) -> Socket {
    connect(&ctx.w.ws_url(&format!(
        "/ws/operator?conversation={conversation}&token={token}"
    )))
    .expect("operator socket opens")
}

// R-S-1: only the holder of the deployment secret sets up, once.
fn setup_is_guarded_and_happens_once(ctx: &Ctx) {
    let body = json!({"admin": {"email": "x@example.com", "name": "X", "password": "long enough pw"},
                      "operators": [], "channel_id": "other"});
    let (status, _) = post(&ctx.w, "/api/setup", None, &body);
    assert_eq!(status, 401);
    let (status, _) = post(&ctx.w, "/api/setup", Some("wrong-secret"), &body);
    assert_eq!(status, 401);
    let (status, err) = post(&ctx.w, "/api/setup", Some(ctx.w.secret()), &body);
    assert_eq!(status, 409, "{err}");
    assert!(err["message"].as_str().unwrap().contains("already set up"));
}

// R-S-1: passwords checked, sessions signed, expiring and revocable.
fn login_and_sessions(ctx: &Ctx) {
    let (status, err) = post(
        &ctx.w,
        "/api/login",
        None,
        &json!({"email": "ana@example.com", "password": "wrong password"}),
    );
    assert_eq!(status, 401);
    assert_eq!(err["code"], "unauthorized");
    let (status, _) = post(
        &ctx.w,
        "/api/login",
        None,
        &json!({"email": "nobody@example.com", "password": "wrong password"}),
    );
    assert_eq!(status, 401);

    let s = login(&ctx.w, "ANA@example.com ", &password(ctx));
    assert_eq!(s.user.name, "Ana");
    let (status, me) = get(&ctx.w, "/api/me", Some(&s.token));
    assert_eq!(status, 200, "{me}");
    assert_eq!(me["channels"][0]["name"], "Open Channel 1"); // R-CH-4

    let (status, _) = get(&ctx.w, "/api/me", None);
    assert_eq!(status, 401);
    let forged = format!("{}x", s.token);
    let (status, _) = get(&ctx.w, "/api/me", Some(&forged));
    assert_eq!(status, 401);

    let (status, _) = post(&ctx.w, "/api/logout", Some(&s.token), &json!({}));
    assert_eq!(status, 200);
    let (status, err) = get(&ctx.w, "/api/me", Some(&s.token));
    assert_eq!(status, 401, "a revoked session is refused");
    assert!(err["message"].as_str().unwrap().contains("sign in again"));
}

// R-S-3: bad input gets a clear error and changes nothing.
fn bad_bodies_get_clear_errors(ctx: &Ctx) {
    let (status, err) = post_raw(&ctx.w, "/api/login", "{not json");
    assert_eq!(status, 400);
    assert!(err["message"].as_str().unwrap().contains("invalid JSON"));
    let big = format!("{{\"email\":\"{}\"}}", "a".repeat(70_000));
    let (status, err) = post_raw(&ctx.w, "/api/login", &big);
    assert_eq!(status, 413, "{err}");
    let (status, _) = get(&ctx.w, "/api/nothing-here", None);
    assert_eq!(status, 404);
}

fn visitor_sessions(ctx: &Ctx) {
    let v = visitor(&ctx.w, ctx.demo.channel.id.as_str());
    assert_eq!(v.channel.name, "Open Channel 1"); // R-CH-4
    assert!(v.visitor_name.starts_with("Visitor "));
    let (status, err) = post(
        &ctx.w,
        "/api/visitor/session",
        None,
        &json!({"channel": "nope"}),
    );
    assert_eq!(status, 404);
    assert!(err["message"].as_str().unwrap().contains("data-channel"));
    let (status, _) = post(
        &ctx.w,
        "/api/visitor/session",
        None,
        &json!({"channel": "<bad>"}),
    );
    assert_eq!(status, 400);
}

// R-S-2: a forged or missing token gets 401.
fn sockets_refuse_missing_or_forged_tokens(ctx: &Ctx) {
    let v = visitor(&ctx.w, ctx.demo.channel.id.as_str());
    let base = format!("/ws/visitor?conversation={}", v.conversation);
    assert_eq!(connect(&ctx.w.ws_url(&base)).err(), Some(401));
    let forged = v.token.replace('.', ".A");
    assert_eq!(
        connect(&ctx.w.ws_url(&format!("{base}&token={forged}"))).err(),
        Some(401)
    );
    assert_eq!(
        connect(&ctx.w.ws_url(&format!(
            "/ws/operator?conversation={}&token={}",
            v.conversation, v.token
        )))
        .err(),
        Some(401),
        "a visitor token is not an operator session"
    );
    assert_eq!(connect(&ctx.w.ws_url("/ws/inbox")).err(), Some(401));
}

// R-S-2: a visitor reads and writes only their own conversation.
fn a_visitor_cannot_open_another_visitors_conversation(ctx: &Ctx) {
    let a = visitor(&ctx.w, ctx.demo.channel.id.as_str());
    let b = visitor(&ctx.w, ctx.demo.channel.id.as_str());
    let url = ctx.w.ws_url(&format!(
        "/ws/visitor?conversation={}&token={}",
        b.conversation, a.token
    ));
    assert_eq!(connect(&url).err(), Some(403));
    let url = ctx.w.ws_url(&format!(
        "/ws/visitor?conversation=c_doesnotexist&token={}",
        a.token
    ));
    assert_eq!(connect(&url).err(), Some(404));
}

// R-S-3: a malformed frame gets an error frame; the socket stays open.
fn malformed_frames_get_an_error_and_the_socket_stays_open(ctx: &Ctx) {
    let (_, mut s) = visitor_socket(ctx);
    send(&mut s, "m1", "before hello");
    assert!(matches!(
        s.frame(),
        ServerFrame::Error {
            code: ErrorCode::BadHandshake,
            ..
        }
    ));
    assert!(matches!(
        hello(&mut s, 0),
        ServerFrame::Welcome {
            you: Side::Visitor,
            ..
        }
    ));
    for bad in [
        "{nope",
        r#"{"type":"launch"}"#,
        r#"{"type":"send","id":"a b","text":"x"}"#,
    ] {
        s.send_text(bad);
        assert!(
            matches!(
                s.frame(),
                ServerFrame::Error {
                    code: ErrorCode::BadFrame,
                    ..
                }
            ),
            "{bad}"
        );
    }
    send(&mut s, "m2", "still here");
    assert_eq!(ack_of(&mut s, "m2"), Seq(1));
}

// R-S-3: an over-long message is refused with a clear error.
fn an_over_long_message_is_refused_clearly(ctx: &Ctx) {
    let (_, mut s) = visitor_socket(ctx);
    hello(&mut s, 0);
    send(&mut s, "long", &"x".repeat(4001));
    match s.frame() {
        ServerFrame::Error {
            code, message, id, ..
        } => {
            assert_eq!(code, ErrorCode::TooLarge);
            assert!(message.contains("4000"), "{message}");
            assert_eq!(id.unwrap().as_str(), "long");
        }
        other => panic!("expected an error, got {other:?}"),
    }
    s.send_text(&format!(
        r#"{{"type":"typing","draft":"{}"}}"#,
        "y".repeat(40_000)
    ));
    assert!(matches!(
        s.frame(),
        ServerFrame::Error {
            code: ErrorCode::TooLarge,
            ..
        }
    ));
    send(&mut s, "ok", "short");
    assert_eq!(ack_of(&mut s, "ok"), Seq(1));
}

// R-RT-1, R-S-3: what the visitor is typing is not a message yet; the
// refusal of an over-long draft says "draft", and the socket goes on.
fn an_over_long_draft_is_called_a_draft(ctx: &Ctx) {
    let (_, mut s) = visitor_socket(ctx);
    hello(&mut s, 0);
    s.send(&ClientFrame::Typing {
        draft: "y".repeat(4001),
    });
    match s.frame() {
        ServerFrame::Error {
            code, message, id, ..
        } => {
            assert_eq!(code, ErrorCode::TooLarge);
            assert!(message.contains("draft"), "{message}");
            assert!(message.contains("4000"), "{message}");
            assert!(!message.contains("message"), "{message}");
            assert_eq!(id, None);
        }
        other => panic!("expected an error, got {other:?}"),
    }
    send(&mut s, "ok", "short");
    ack_of(&mut s, "ok");
}

// R-RT-1, R-RT-2, R-D-1: the first live path, through the sockets.
fn a_conversation_flows_between_visitor_and_operator(ctx: &Ctx) {
    let ana = login(&ctx.w, "ana@example.com", &password(ctx));
    let mut inbox =
        connect(&ctx.w.ws_url(&format!("/ws/inbox?token={}", ana.token))).expect("inbox opens");
    assert!(matches!(inbox.next_inbox(), InboxFrame::Snapshot { .. }));

    let (v, mut vs) = visitor_socket(ctx);
    hello(&mut vs, 0);
    let mut os = operator_socket(ctx, &ana.token, v.conversation.as_str());
    match hello(&mut os, 0) {
        ServerFrame::Welcome {
            you, conversation, ..
        } => {
            assert_eq!(you, Side::Operator);
            assert_eq!(conversation.status, Status::New);
        }
        other => panic!("expected welcome, got {other:?}"),
    }

    vs.send(&ClientFrame::Typing {
        draft: "Hello, I ne".into(),
    });
    let draft = os.until("the visitor's draft", |f| match f {
        ServerFrame::Typing {
            side: Side::Visitor,
            draft,
            ..
        } => draft.clone(),
        _ => None,
    });
    assert_eq!(draft, "Hello, I ne");

    send(&mut vs, "v1", "Hello, I need help");
    assert_eq!(ack_of(&mut vs, "v1"), Seq(1));
    let m = os.until("the visitor's message", |f| match f {
        ServerFrame::Message { message } => Some(message.clone()),
        _ => None,
    });
    assert_eq!(
        (m.text.as_str(), m.side),
        ("Hello, I need help", Side::Visitor)
    );

    // The waiting conversation shows up in the queue operator's inbox.
    let summary = loop {
        if let InboxFrame::Upsert { conversation } = inbox.next_inbox() {
            if conversation.id == v.conversation {
                break conversation;
            }
        }
    };
    assert_eq!(summary.status, Status::Waiting);
    assert_eq!(summary.unread, 1);
    // R-Q-4: only ana is online, so it is offered to her; she accepts.
    assert_eq!(summary.offered, vec![ana.user.id.clone()]);
    send(&mut os, "o0", "too early");
    let early = os.until("the refusal", |f| match f {
        ServerFrame::Error { code, message, .. } => Some((*code, message.clone())),
        _ => None,
    });
    assert_eq!(early.0, ErrorCode::Forbidden);
    assert!(early.1.contains("accept"), "{early:?}");
    let body = json!({"channel": ctx.demo.channel.id, "conversation": v.conversation});
    let (status, res) = post(&ctx.w, "/api/conversations/accept", Some(&ana.token), &body);
    assert_eq!(status, 200, "{res}");
    // R-A-1: the visitor sees the operator's card (her profile by default).
    let who = vs.until("the assignment", |f| match f {
        ServerFrame::Assigned { card, .. } => card.clone(),
        _ => None,
    });
    assert_eq!(who.name, "Ana");

    os.send(&ClientFrame::Typing {
        draft: "Sure".into(),
    });
    let typing = vs.until("the operator typing", |f| match f {
        ServerFrame::Typing {
            side: Side::Operator,
            active,
            draft,
        } => Some((*active, draft.clone())),
        _ => None,
    });
    assert_eq!(
        typing,
        (true, None),
        "visitors see that the operator types, not the draft"
    );

    send(&mut os, "o1", "Sure, how can I help?");
    assert_eq!(ack_of(&mut os, "o1"), Seq(2));
    let reply = vs.until("the reply", |f| match f {
        ServerFrame::Message { message } if message.side == Side::Operator => Some(message.clone()),
        _ => None,
    });
    assert_eq!(reply.author, "Ana");
    vs.send(&ClientFrame::Read { seq: Seq(2) });
    let read = os.until("the read mark", |f| match f {
        ServerFrame::Read {
            side: Side::Visitor,
            seq,
        } => Some(*seq),
        _ => None,
    });
    assert_eq!(read, Seq(2));
}

// R-D-1: a resent message is acknowledged again and stored once; resuming
// from a sequence number replays only what came after.
fn resends_are_stored_once_and_resume_replays_the_rest(ctx: &Ctx) {
    let (v, mut s) = visitor_socket(ctx);
    hello(&mut s, 0);
    // The channel may add its own message (the away reply when nobody is
    // online): compare with the acks received, not with fixed numbers.
    let acks: Vec<Seq> = (1..=3)
        .map(|i| {
            send(&mut s, &format!("m{i}"), &format!("message {i}"));
            ack_of(&mut s, &format!("m{i}"))
        })
        .collect();
    assert!(acks.windows(2).all(|w| w[0] < w[1]), "{acks:?}");
    s.close();
    let mut s = connect(&ctx.w.ws_url(&format!(
        "/ws/visitor?conversation={}&token={}",
        v.conversation, v.token
    )))
    .unwrap();
    assert!(matches!(
        hello(&mut s, acks[0].0),
        ServerFrame::Welcome { .. }
    ));
    let mut replayed = Vec::new();
    while replayed.len() < 2 {
        match s.frame() {
            ServerFrame::Message { message } => {
                assert!(message.seq > acks[0], "only what came after");
                if message.side == Side::Visitor {
                    replayed.push(message.seq);
                }
            }
            other => panic!("expected a replayed message, got {other:?}"),
        }
    }
    assert_eq!(replayed, acks[1..]);
    send(&mut s, "m2", "message 2");
    assert_eq!(
        ack_of(&mut s, "m2"),
        acks[1],
        "the same ack as the first time"
    );
    assert!(
        std::iter::from_fn(|| s.next_within::<ServerFrame>(Duration::from_millis(500))).all(
            |f| !matches!(f, ServerFrame::Message { ref message } if message.id.as_str() == "m2")
        ),
        "a resend is not relayed again"
    );
    send(&mut s, "m4", "message 4");
    assert!(ack_of(&mut s, "m4") > acks[2]);
}

// R-D-1: a socket that has not said hello yet gets no live frame; its
// replay then brings everything, in order and once. (A live message before
// the replay of older ones left a gap when the socket dropped in between.)
fn a_socket_hears_nothing_before_its_welcome(ctx: &Ctx) {
    let (v, mut first) = visitor_socket(ctx);
    hello(&mut first, 0);
    send(&mut first, "early", "before the second tab");
    let early = ack_of(&mut first, "early");
    let mut second = connect(&ctx.w.ws_url(&format!(
        "/ws/visitor?conversation={}&token={}",
        v.conversation, v.token
    )))
    .expect("a second visitor socket opens");
    send(
        &mut first,
        "late",
        "while the second tab has not said hello",
    );
    let late = ack_of(&mut first, "late");
    let before: Vec<ServerFrame> =
        std::iter::from_fn(|| second.next_within(Duration::from_millis(500))).collect();
    assert!(before.is_empty(), "frames before hello: {before:?}");
    assert!(matches!(hello(&mut second, 0), ServerFrame::Welcome { .. }));
    let mut seqs = Vec::new();
    while seqs.last() != Some(&late) {
        match second.frame() {
            ServerFrame::Message { message } => seqs.push(message.seq),
            other => panic!("expected the replay, got {other:?}"),
        }
    }
    assert!(seqs.contains(&early), "{seqs:?}");
    assert!(
        seqs.windows(2).all(|w| w[0] < w[1]),
        "in order, once: {seqs:?}"
    );
}

// R-W-1: the loader, the widget app and the console are served.
fn static_assets_are_served(ctx: &Ctx) {
    // The benchmark's echo baseline is not routed outside benchmarks.
    assert_eq!(connect(&ctx.w.ws_url("/ws/echo")).err(), Some(404));
    for path in ["/widget.js", "/widget/frame.html", "/console/", "/demo/"] {
        let r = ureq::get(&ctx.w.url(path))
            .call()
            .unwrap_or_else(|e| panic!("{path}: {e}"));
        assert_eq!(r.status(), 200, "{path}");
    }
}

// R-AA-2, R-AA-5: a deployment takes delays of one minute to a day; anything
// shorter is refused with a clear message (only a test configuration lowers it).
fn automation_settings_are_validated(ctx: &Ctx) {
    let admin = login(&ctx.w, "admin@example.com", &password(ctx));
    let path = format!("/api/automation?channel={}", ctx.demo.channel.id);
    let (status, mut config) = get(&ctx.w, &path, Some(&admin.token));
    assert_eq!(status, 200, "{config}");
    assert_eq!(
        config["settings"]["out_of_hours"]["enabled"],
        json!(true),
        "on by default"
    );
    config["settings"]["no_answer"] = json!({"action": "reply", "after_ms": 30_000, "text": null});
    let (status, err) = post(&ctx.w, "/api/automation", Some(&admin.token), &config);
    assert_eq!(status, 400);
    assert_eq!(
        err["message"],
        json!("the time before the no-answer reply must be between 1 minute and 24 hours")
    );
    let ana = login(&ctx.w, "ana@example.com", &password(ctx));
    assert_eq!(get(&ctx.w, &path, Some(&ana.token)).0, 403, "admins only");
}
