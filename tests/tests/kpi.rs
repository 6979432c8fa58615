//! Integration tests of the response-time KPIs (R-KPI-1…4) against a real
//! `wrangler dev`: a late answer is noticed once, through the conversation's
//! real alarm, by the responsible operator's supervisor; replies are
//! measured into the conversation's summary. The worker runs with
//! `CANAL_MIN_DELAY_MS=1000`, a setting of this test configuration only, so
//! a limit takes seconds.

use std::time::{Duration, Instant};

use canal_shared::ids::{ClientMsgId, ConversationId, Seq};
use canal_shared::protocol::{
    ClientFrame, InboxFrame, LoginResponse, OperatorNotice, ServerFrame, Status, PROTOCOL_VERSION,
};
use canal_tests::api::{get, login, post, visitor};
use canal_tests::cases;
use canal_tests::files::{upload, PDF};
use canal_tests::socket::{connect, Socket};
use canal_tests::suite;
use canal_tests::wait::PATIENCE;
use canal_tests::worker::{Demo, Worker};
use serde_json::{json, Value};

struct Ctx {
    w: Worker,
    demo: Demo,
    admin: LoginResponse,
    ana: LoginResponse,
    bruno: LoginResponse,
    /// The cases change the one channel's settings: one at a time.
    lock: std::sync::Mutex<()>,
}

fn main() {
    suite::run(
        || {
            let w = Worker::start_with(&[("CANAL_MIN_DELAY_MS", "1000")]);
            let demo = w.setup("shop");
            let pw = demo.admin.password.clone();
            Ctx {
                admin: login(&w, "admin@example.com", &pw),
                ana: login(&w, "ana@example.com", &pw),
                bruno: login(&w, "bruno@example.com", &pw),
                lock: std::sync::Mutex::new(()),
                w,
                demo,
            }
        },
        cases![
            r_kpi_3_a_late_first_answer_is_noticed_once_by_the_supervisor_through_the_alarm,
            kpi_21_a_reply_with_only_a_file_is_measured_as_an_answer,
            r_kpi_1_settings_are_validated_and_for_admins_only,
            r_qa_3_only_the_operators_supervisor_and_admins_rate_a_conversation,
        ],
    )
}

impl Ctx {
    fn inbox(&self, who: &LoginResponse) -> Socket {
        let mut s =
            connect(&self.w.ws_url(&format!("/ws/inbox?token={}", who.token))).expect("inbox");
        assert!(matches!(s.next_inbox(), InboxFrame::Snapshot { .. }));
        s
    }

    fn kpi(&self, who: &LoginResponse, settings: Value) -> (u16, Value) {
        post(
            &self.w,
            "/api/kpi",
            Some(&who.token),
            &json!({"channel": self.demo.channel.id, "settings": settings}),
        )
    }
}

/// Every notice that reaches `inbox` within `wait`.
fn notices(inbox: &mut Socket, wait: Duration) -> Vec<OperatorNotice> {
    let start = Instant::now();
    let mut out = Vec::new();
    while start.elapsed() < wait {
        if let Some(InboxFrame::Notice { notice }) =
            inbox.next_within::<InboxFrame>(Duration::from_millis(200))
        {
            out.push(notice);
        }
    }
    out
}

fn send(s: &mut Socket, id: &str, text: &str) {
    s.send(&ClientFrame::Send {
        id: ClientMsgId::parse(id).unwrap(),
        text: text.into(),
        file: None,
    });
    s.until("the ack", |f| {
        matches!(f, ServerFrame::Ack { .. }).then_some(())
    });
}

/// Waits until the queue offers `c` to Ana or to Bruno, as their inboxes
/// say; whether it was Ana.
fn offered_to_ana(ctx: &Ctx, c: &ConversationId, ana: &mut Socket, bruno: &mut Socket) -> bool {
    let start = Instant::now();
    let offered = |inbox: &mut Socket, who: &LoginResponse| {
        matches!(
            inbox.next_within::<InboxFrame>(Duration::from_millis(100)),
            Some(InboxFrame::Upsert { conversation })
                if &conversation.id == c && conversation.offered.contains(&who.user.id)
        )
    };
    loop {
        assert!(
            start.elapsed() < PATIENCE,
            "nobody was offered the conversation"
        );
        if offered(ana, &ctx.ana) {
            return true;
        }
        if offered(bruno, &ctx.bruno) {
            return false;
        }
    }
}

/// The visitor's socket of `conversation`, said hello.
fn visitor_socket(ctx: &Ctx, conversation: &ConversationId, token: &str) -> Socket {
    let path = format!("/ws/visitor?conversation={conversation}&token={token}");
    let mut s = connect(&ctx.w.ws_url(&path)).expect("visitor socket");
    hello(&mut s);
    s
}

/// The operator socket of `token` for `conversation`, said hello.
fn operator_socket(ctx: &Ctx, conversation: &ConversationId, token: &str) -> Socket {
    let path = format!("/ws/operator?conversation={conversation}&token={token}");
    let mut s = connect(&ctx.w.ws_url(&path)).expect("operator socket");
    hello(&mut s);
    s
}

fn hello(s: &mut Socket) {
    s.send(&ClientFrame::Hello {
        version: PROTOCOL_VERSION,
        after: Seq(0),
    });
}

// Bruno heads the department Ana is in. The channel's first-response limit
// is 2 s with "notify if late" to the supervisor: Ana takes the conversation
// and says nothing; when the limit passes Bruno is told once, with the
// text's #OPERATOR# and #DIALOG# filled in — live, and again when another
// console of his connects. Ana's late reply is measured as late and
// notifies nobody again.
fn r_kpi_3_a_late_first_answer_is_noticed_once_by_the_supervisor_through_the_alarm(ctx: &Ctx) {
    let _one = ctx.lock.lock().unwrap_or_else(|p| p.into_inner());
    let (status, res) = post(
        &ctx.w,
        "/api/departments",
        Some(&ctx.admin.token),
        &json!({"id": null, "name": "Support", "head": ctx.bruno.user.id, "members": [ctx.ana.user.id]}),
    );
    assert_eq!(status, 200, "{res}");
    let (status, res) = ctx.kpi(
        &ctx.admin,
        json!({
            "first": {"after_ms": 2000, "notify": {"to": {"who": "supervisor"}, "text": "#OPERATOR# is late on #DIALOG#"}},
            "next": null,
            "working_hours_only": false
        }),
    );
    assert_eq!(status, 200, "{res}");

    let mut bruno = ctx.inbox(&ctx.bruno);
    let mut ana = ctx.inbox(&ctx.ana);
    let v = visitor(&ctx.w, ctx.demo.channel.id.as_str());
    let mut vs = visitor_socket(ctx, &v.conversation, &v.token);
    send(&mut vs, "m1", "hello, anyone?");
    let c = v.conversation.clone();
    ana.summary_where(&c, |s| s.offered.iter().any(|u| u == &ctx.ana.user.id));
    let (status, res) = post(
        &ctx.w,
        "/api/conversations/accept",
        Some(&ctx.ana.token),
        &json!({"channel": ctx.demo.channel.id, "conversation": c}),
    );
    assert_eq!(status, 200, "{res}");

    let seen = notices(&mut bruno, Duration::from_secs(6));
    assert_eq!(seen.len(), 1, "one notice, once: {seen:?}");
    // #DIALOG# is the conversation number (R-KPI-3), which the list's
    // search finds.
    let number = seen[0]
        .text
        .strip_prefix("Ana is late on ")
        .and_then(|n| n.parse::<u64>().ok())
        .unwrap_or_else(|| panic!("Ana is late on <number>: {}", seen[0].text));
    let (status, found) = get(
        &ctx.w,
        &format!("/api/ledger/search?text=%23{number}"),
        Some(&ctx.bruno.token),
    );
    assert_eq!(status, 200, "{found}");
    assert_eq!(found["conversations"][0]["id"], json!(c), "{found}");
    assert_eq!(
        found["conversations"][0]["number"],
        json!(number),
        "{found}"
    );
    assert_eq!(seen[0].conversation, c);
    assert!(
        notices(&mut ana, Duration::from_millis(300)).is_empty(),
        "Ana is not her own supervisor"
    );
    // A console Bruno opens now shows it too.
    let mut again = ctx.inbox(&ctx.bruno);
    let replayed = notices(&mut again, Duration::from_secs(1));
    assert_eq!(
        replayed.iter().map(|n| &n.id).collect::<Vec<_>>(),
        vec![&seen[0].id]
    );

    // Ana's late reply: measured, late, and no second notice.
    let mut os = operator_socket(ctx, &c, &ctx.ana.token);
    send(&mut os, "o1", "Sorry for the wait!");
    let s = ana.summary_where(&c, |s| s.response.count == 1);
    assert_eq!(s.response.late, 1);
    assert!(s.response.first_ms.unwrap() > 2000, "{:?}", s.response);
    assert!(notices(&mut bruno, Duration::from_secs(3)).is_empty());
    // Closed, so that Ana's load is back to none for the other cases.
    os.send(&ClientFrame::Close);
    ana.summary_where(&c, |s| s.status == Status::Closed);
    ctx.kpi(&ctx.admin, json!({}));
}

// #21: whoever the queue offers the conversation to answers with a PDF and
// no caption: the summary counts it as the first response, measured.
fn kpi_21_a_reply_with_only_a_file_is_measured_as_an_answer(ctx: &Ctx) {
    let _one = ctx.lock.lock().unwrap_or_else(|p| p.into_inner());
    let mut ana = ctx.inbox(&ctx.ana);
    let mut bruno = ctx.inbox(&ctx.bruno);
    let v = visitor(&ctx.w, ctx.demo.channel.id.as_str());
    let mut vs = visitor_socket(ctx, &v.conversation, &v.token);
    send(&mut vs, "m1", "the invoice?");
    let c = v.conversation.clone();
    let (taker, inbox) = if offered_to_ana(ctx, &c, &mut ana, &mut bruno) {
        (&ctx.ana, &mut ana)
    } else {
        (&ctx.bruno, &mut bruno)
    };
    let (status, res) = post(
        &ctx.w,
        "/api/conversations/accept",
        Some(&taker.token),
        &json!({"channel": ctx.demo.channel.id, "conversation": c}),
    );
    assert_eq!(status, 200, "{res}");
    let (status, res) = upload(&ctx.w, &taker.token, &c, "f1", "invoice.pdf", PDF);
    assert_eq!(status, 201, "{res}");
    let mut os = operator_socket(ctx, &c, &taker.token);
    os.send(&ClientFrame::Send {
        id: ClientMsgId::parse("o1").unwrap(),
        text: String::new(),
        file: Some(ClientMsgId::parse("f1").unwrap()),
    });
    let s = inbox.summary_where(&c, |s| s.response.count == 1);
    assert!(s.response.first_ms.is_some(), "{:?}", s.response);
    os.send(&ClientFrame::Close);
    inbox.summary_where(&c, |s| s.status == Status::Closed);
}

// Limits shorter than the configuration's minimum or longer than a week,
// and a person to notify who does not exist, are refused with a reason;
// operators may neither read nor change the settings.
fn r_kpi_1_settings_are_validated_and_for_admins_only(ctx: &Ctx) {
    let _one = ctx.lock.lock().unwrap_or_else(|p| p.into_inner());
    let (status, res) = ctx.kpi(&ctx.admin, json!({"first": {"after_ms": 500}}));
    assert_eq!(status, 400, "{res}");
    // The range said is the one this deployment allows (a second here).
    assert!(
        res["message"]
            .as_str()
            .unwrap()
            .contains("first-response limit must be between 1 second and 7 days"),
        "{res}"
    );
    let (status, res) = ctx.kpi(
        &ctx.admin,
        json!({"next": {"after_ms": 8 * 24 * 3600 * 1000_i64}}),
    );
    assert_eq!(status, 400, "{res}");
    let (status, res) = ctx.kpi(
        &ctx.admin,
        json!({"first": {"after_ms": 60000, "notify": {"to": {"who": "person", "user": "nobody"}}}}),
    );
    assert_eq!(status, 400, "{res}");
    assert!(res["message"].as_str().unwrap().contains("nobody"), "{res}");
    let (status, _) = ctx.kpi(&ctx.ana, json!({}));
    assert_eq!(status, 403);
    let path = format!("/api/kpi?channel={}", ctx.demo.channel.id);
    let (status, _) = get(&ctx.w, &path, Some(&ctx.ana.token));
    assert_eq!(status, 403);
    let (status, res) = ctx.kpi(
        &ctx.admin,
        json!({"first": {"after_ms": 300000}, "working_hours_only": true}),
    );
    assert_eq!(status, 200, "{res}");
    let (_, res) = get(&ctx.w, &path, Some(&ctx.admin.token));
    assert_eq!(res["settings"]["first"]["after_ms"], 300000);
    assert_eq!(res["settings"]["working_hours_only"], true);
    ctx.kpi(&ctx.admin, json!({}));
}

// R-QA-3: Bruno heads Ana's department. Ana cannot rate her own work;
// Bruno can, and so can an admin; the rating reaches the operators'
// view of the conversation and never the visitor's.
fn r_qa_3_only_the_operators_supervisor_and_admins_rate_a_conversation(ctx: &Ctx) {
    let (status, res) = post(
        &ctx.w,
        "/api/departments",
        Some(&ctx.admin.token),
        &json!({"id": null, "name": "Quality", "head": ctx.bruno.user.id, "members": [ctx.ana.user.id]}),
    );
    assert_eq!(status, 200, "{res}");
    let (_, me) = get(&ctx.w, "/api/me", Some(&ctx.bruno.token));
    assert!(
        me["supervises"]
            .as_array()
            .unwrap()
            .contains(&json!(ctx.ana.user.id)),
        "{me}"
    );

    let mut ana = ctx.inbox(&ctx.ana);
    let mut bruno = ctx.inbox(&ctx.bruno);
    let v = visitor(&ctx.w, ctx.demo.channel.id.as_str());
    let mut vs = visitor_socket(ctx, &v.conversation, &v.token);
    send(&mut vs, "m1", "hello");
    let c = v.conversation.clone();
    let rate = |who: &LoginResponse, conversation: &str, verdict: &str, comment: &str| {
        post(
            &ctx.w,
            "/api/conversations/supervisor-rating",
            Some(&who.token),
            &json!({"conversation": conversation, "rating": {"verdict": verdict, "comment": comment}}),
        )
    };
    let (status, res) = rate(&ctx.bruno, c.as_str(), "like", "x");
    assert_eq!(status, 403, "nobody took it yet: {res}");
    // Whoever the queue offers it to takes it; Bruno hands it to Ana.
    let taker = if offered_to_ana(ctx, &c, &mut ana, &mut bruno) {
        &ctx.ana
    } else {
        &ctx.bruno
    };
    let (status, res) = post(
        &ctx.w,
        "/api/conversations/accept",
        Some(&taker.token),
        &json!({"channel": ctx.demo.channel.id, "conversation": c}),
    );
    assert_eq!(status, 200, "{res}");
    if taker.user.id == ctx.bruno.user.id {
        let (status, res) = post(
            &ctx.w,
            "/api/conversations/transfer",
            Some(&ctx.bruno.token),
            &json!({"channel": ctx.demo.channel.id, "conversation": c, "to": ctx.ana.user.id}),
        );
        assert_eq!(status, 200, "{res}");
    }
    ana.summary_where(&c, |s| {
        s.operator.as_ref().is_some_and(|o| o.id == ctx.ana.user.id)
    });

    let (status, res) = rate(&ctx.ana, c.as_str(), "like", "I was great");
    assert_eq!(status, 403, "{res}");
    assert!(
        res["message"]
            .as_str()
            .unwrap()
            .contains("head of Ana's department"),
        "{res}"
    );
    let (status, res) = rate(&ctx.bruno, c.as_str(), "dislike", "  too slow ");
    assert_eq!(status, 200, "{res}");
    assert_eq!(res["supervisor_rating"]["by"]["name"], "Bruno");
    assert_eq!(res["supervisor_rating"]["rating"]["comment"], "too slow");
    let (status, res) = rate(&ctx.admin, c.as_str(), "like", "");
    assert_eq!(status, 200, "{res}");
    assert_eq!(res["supervisor_rating"]["rating"]["verdict"], "like");
    assert_eq!(res["supervisor_rating"]["rating"]["comment"], Value::Null);
    let (status, _) = rate(&ctx.admin, "c_nosuchconversation", "like", "");
    assert_eq!(status, 404);

    // The operators see it; the visitor does not.
    let mut os = operator_socket(ctx, &c, &ctx.ana.token);
    let seen = os.until("the welcome", |f| match f {
        ServerFrame::Welcome { conversation, .. } => Some(conversation.supervisor_rating.clone()),
        _ => None,
    });
    assert_eq!(seen.map(|s| s.by.name).as_deref(), Some("Alex Admin"));
    let mut again = visitor_socket(ctx, &v.conversation, &v.token);
    let hidden = again.until("the welcome", |f| match f {
        ServerFrame::Welcome { conversation, .. } => Some(conversation.supervisor_rating.clone()),
        _ => None,
    });
    assert_eq!(hidden, None);
}
