//! Integration tests of the automatic actions (R-AA-1, R-AA-2, R-AA-5,
//! R-QA-1, R-QA-2) against a real `wrangler dev`, through the conversation
//! object's real alarm. The worker runs with `CANAL_MIN_DELAY_MS=1000`, a
//! setting only this test configuration uses, so a timer takes seconds.

use std::time::{Duration, Instant};

use canal_shared::i18n::{Lang, ServerMsg};
use canal_shared::ids::{ClientMsgId, Seq};
use canal_shared::protocol::{
    ClientFrame, ErrorCode, InboxFrame, LoginResponse, Rating, ServerFrame, Side, Status, Verdict,
    VisitorSessionResponse,
};
use canal_tests::api::{get, login, post, visitor};
use canal_tests::cases;
use canal_tests::socket::{connect, join, Socket};
use canal_tests::suite;
use canal_tests::wait::PATIENCE;
use canal_tests::worker::{Demo, Worker};
use serde_json::{json, Value};

struct Ctx {
    w: Worker,
    demo: Demo,
    admin: LoginResponse,
    /// The cases change the one channel's settings: one at a time.
    lock: std::sync::Mutex<()>,
}

fn main() {
    suite::run(
        || {
            let w = Worker::start_with(&[("CANAL_MIN_DELAY_MS", "1000")]);
            let demo = w.setup("shop");
            let admin = login(&w, "admin@example.com", &demo.admin.password);
            Ctx {
                w,
                demo,
                admin,
                lock: std::sync::Mutex::new(()),
            }
        },
        cases![
            the_greeting_and_the_no_answer_reply_come_once_each,
            a_silent_client_is_timed_out_then_rates_and_a_new_message_reopens,
            out_of_working_hours_the_visitor_gets_the_away_reply,
            an_operator_cannot_write_in_a_closed_conversation,
            closed_at_once_a_later_rating_reopens_the_session_once,
        ],
    )
}

impl Ctx {
    fn automation(&self, settings: Value) {
        self.automation_with_hours(settings, Value::Null);
    }

    fn automation_with_hours(&self, settings: Value, hours: Value) {
        let body = json!({"channel": self.demo.channel.id, "settings": settings, "hours": hours});
        let (status, res) = post(&self.w, "/api/automation", Some(&self.admin.token), &body);
        assert_eq!(status, 200, "saving the automation: {res}");
    }

    fn visitor_writes(&self, text: &str) -> (VisitorSessionResponse, Socket) {
        let v = visitor(&self.w, self.demo.channel.id.as_str());
        let mut s = join(&self.w.ws_url(&format!(
            "/ws/visitor?conversation={}&token={}",
            v.conversation, v.token
        )));
        send(&mut s, "v1", text);
        (v, s)
    }

    /// A visitor writes; Ana is offered the conversation, accepts it and
    /// says hello on her operator socket. Returns Ana, her inbox, the
    /// visitor's session and socket, and Ana's conversation socket.
    fn taken_by_ana(
        &self,
    ) -> (
        LoginResponse,
        Socket,
        VisitorSessionResponse,
        Socket,
        Socket,
    ) {
        let ana = login(&self.w, "ana@example.com", &self.demo.admin.password);
        let mut inbox =
            connect(&self.w.ws_url(&format!("/ws/inbox?token={}", ana.token))).expect("inbox");
        let (v, vs) = self.visitor_writes("I have a question");
        inbox.until_inbox("the offer", PATIENCE, |f| match f {
            InboxFrame::Upsert { conversation }
                if conversation.id == v.conversation
                    && conversation.offered.contains(&ana.user.id) =>
            {
                Some(())
            }
            _ => None,
        });
        let body = json!({"channel": self.demo.channel.id, "conversation": v.conversation});
        let (status, res) = post(
            &self.w,
            "/api/conversations/accept",
            Some(&ana.token),
            &body,
        );
        assert_eq!(status, 200, "{res}");
        let os = join(&self.w.ws_url(&format!(
            "/ws/operator?conversation={}&token={}",
            v.conversation, ana.token
        )));
        (ana, inbox, v, vs, os)
    }
}

/// The ack of message `id` on `s`, or the error that refused it.
fn answer_to(s: &mut Socket, id: &str) -> Result<Seq, (ErrorCode, String)> {
    s.until(&format!("the answer to {id}"), |f| match f {
        ServerFrame::Ack { id: got, seq, .. } if got.as_str() == id => Some(Ok(*seq)),
        ServerFrame::Error {
            code,
            message,
            id: Some(got),
            ..
        } if got.as_str() == id => Some(Err((*code, message.clone()))),
        _ => None,
    })
}

/// The next `status` frame on `s`.
fn next_status(s: &mut Socket) -> (Status, bool) {
    s.until("a status", |f| match f {
        ServerFrame::Status {
            status,
            rating_open,
        } => Some((*status, *rating_open)),
        _ => None,
    })
}

fn like(comment: &str) -> ClientFrame {
    ClientFrame::Rate {
        rating: Rating {
            verdict: Verdict::Like,
            comment: Some(comment.into()),
        },
    }
}

fn send(s: &mut Socket, id: &str, text: &str) {
    s.send(&ClientFrame::Send {
        id: ClientMsgId::parse(id).unwrap(),
        text: text.into(),
        file: None,
    });
}

fn settings(extra: Value) -> Value {
    let mut s = json!({
        "greeting": {"enabled": false, "text": null},
        "no_answer": {"action": "nothing"},
        "out_of_hours": {"enabled": true, "text": null},
        "timeout": {"action": "off"},
        "rating": {"wait_ms": 600_000, "close_on_rating": true}
    });
    for (k, v) in extra.as_object().unwrap() {
        s[k] = v.clone();
    }
    s
}

/// The channel's own messages that reach `s` within `wait`.
fn auto_messages(s: &mut Socket, wait: Duration) -> Vec<(String, Instant)> {
    let start = Instant::now();
    let mut out = Vec::new();
    while start.elapsed() < wait {
        if let Some(ServerFrame::Message { message }) =
            s.next_within::<ServerFrame>(Duration::from_millis(200))
        {
            if message.side == Side::System {
                out.push((message.text, Instant::now()));
            }
        }
    }
    out
}

// R-AA-1, R-AA-2 ("keep in queue"), through the conversation's alarm.
fn the_greeting_and_the_no_answer_reply_come_once_each(ctx: &Ctx) {
    let _one = ctx.lock.lock().unwrap_or_else(|p| p.into_inner());
    ctx.automation(settings(json!({
        "greeting": {"enabled": true, "text": null},
        "no_answer": {"action": "reply", "after_ms": 2000, "text": null},
    })));
    // Whether anyone is online decides the away reply (R-WH-2); an operator
    // of the other case may still be within the presence grace.
    let path = format!("/api/queue/members?channel={}", ctx.demo.channel.id);
    let (_, m) = get(&ctx.w, &path, Some(&ctx.admin.token));
    let nobody_online = m["members"]
        .as_array()
        .unwrap()
        .iter()
        .all(|x| x["presence"] != json!("online"));
    let start = Instant::now();
    let (_v, mut vs) = ctx.visitor_writes("hello?");
    let got = auto_messages(&mut vs, Duration::from_secs(6));
    let texts: Vec<&str> = got.iter().map(|(t, _)| t.as_str()).collect();
    let [greeting, away, no_answer] = [
        ServerMsg::AutoGreeting,
        ServerMsg::AutoOutOfHours,
        ServerMsg::AutoNoAnswer,
    ]
    .map(|m| Lang::En.server_text(m));
    let expected = if nobody_online {
        vec![&*greeting, &*away, &*no_answer]
    } else {
        vec![&*greeting, &*no_answer]
    };
    assert_eq!(texts, expected);
    let after = got.last().unwrap().1.duration_since(start);
    assert!(
        after >= Duration::from_millis(2000),
        "the no-answer reply waited for its time ({after:?})"
    );
}

// R-AA-5 "send this text, then close", R-QA-1, R-QA-2, and a new session.
fn a_silent_client_is_timed_out_then_rates_and_a_new_message_reopens(ctx: &Ctx) {
    let _one = ctx.lock.lock().unwrap_or_else(|p| p.into_inner());
    ctx.automation(settings(json!({
        "timeout": {"action": "close", "after_ms": 2000, "text": "Closing for now; write again any time."},
    })));
    let ana = login(&ctx.w, "ana@example.com", &ctx.demo.admin.password);
    let mut inbox =
        connect(&ctx.w.ws_url(&format!("/ws/inbox?token={}", ana.token))).expect("inbox");
    let (v, mut vs) = ctx.visitor_writes("I have a question");
    // Offered to Ana, who accepts and answers.
    inbox.until_inbox("the offer", PATIENCE, |f| match f {
        InboxFrame::Upsert { conversation }
            if conversation.id == v.conversation && conversation.offered.contains(&ana.user.id) =>
        {
            Some(())
        }
        _ => None,
    });
    let body = json!({"channel": ctx.demo.channel.id, "conversation": v.conversation});
    let (status, res) = post(&ctx.w, "/api/conversations/accept", Some(&ana.token), &body);
    assert_eq!(status, 200, "{res}");
    let mut os = join(&ctx.w.ws_url(&format!(
        "/ws/operator?conversation={}&token={}",
        v.conversation, ana.token
    )));
    send(&mut os, "a1", "What is it about?");
    // The client stays silent: the text, then the conversation closes.
    let text = vs.until("the timeout text", |f| match f {
        ServerFrame::Message { message } if message.side == Side::System => {
            Some(message.text.clone())
        }
        _ => None,
    });
    assert_eq!(text, "Closing for now; write again any time.");
    let closed = vs.until("the close", |f| match f {
        ServerFrame::Status {
            status,
            rating_open,
        } => Some((*status, *rating_open)),
        _ => None,
    });
    assert_eq!(closed, (Status::Closed, true));

    // The client rates; the operator sees it; the session ends (R-QA-2).
    vs.send(&ClientFrame::Rate {
        rating: Rating {
            verdict: Verdict::Like,
            comment: Some("Thanks!".into()),
        },
    });
    let rating = os.until("the rating", |f| match f {
        ServerFrame::Rated { rating } => Some(rating.clone()),
        _ => None,
    });
    assert_eq!(rating.verdict, Verdict::Like);
    let ended = vs.until("the end of the rating window", |f| match f {
        ServerFrame::Status { rating_open, .. } => Some(*rating_open),
        _ => None,
    });
    assert!(!ended);
    // Ana is free again: her load went back to 0.
    let path = format!("/api/queue/members?channel={}", ctx.demo.channel.id);
    let start = Instant::now();
    loop {
        let (_, m) = get(&ctx.w, &path, Some(&ctx.admin.token));
        let load = m["members"]
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["operator"]["id"] == json!(ana.user.id))
            .map(|x| x["load"].clone());
        if load == Some(json!(0)) {
            break;
        }
        assert!(
            start.elapsed() < PATIENCE,
            "Ana's load never went down: {m}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }

    // Writing again opens a new session: back to the queue, offered again.
    send(&mut vs, "v2", "One more thing");
    assert_eq!(
        vs.until("the new session", |f| match f {
            ServerFrame::Assigned { card, .. } => Some(card.clone()),
            _ => None,
        }),
        None
    );
    inbox.until_inbox("the new offer", PATIENCE, |f| match f {
        InboxFrame::Upsert { conversation }
            if conversation.id == v.conversation
                && conversation.status == Status::Waiting
                && conversation.offered.contains(&ana.user.id) =>
        {
            Some(())
        }
        _ => None,
    });
}

// R-WH-1, R-WH-2: a channel whose working hours are closed now answers with
// the out-of-hours reply (custom text here), once.
fn out_of_working_hours_the_visitor_gets_the_away_reply(ctx: &Ctx) {
    let _one = ctx.lock.lock().unwrap_or_else(|p| p.into_inner());
    // A week with no opening at all is closed whenever the test runs.
    let closed =
        json!({"zone": "Europe/Lisbon", "week": [[], [], [], [], [], [], []], "holidays": []});
    ctx.automation_with_hours(
        settings(json!({"out_of_hours": {"enabled": true, "text": "We are closed; we answer from 9 am."}})),
        closed,
    );
    let (_v, mut vs) = ctx.visitor_writes("hello?");
    let got = auto_messages(&mut vs, Duration::from_secs(2));
    let texts: Vec<&str> = got.iter().map(|(t, _)| t.as_str()).collect();
    assert_eq!(texts, vec!["We are closed; we answer from 9 am."], "once");
    ctx.automation(settings(json!({})));
}

// R-AA-4: once the operator closed, the conversation is over for them —
// while it waits for the rating and after the session ended. Their message
// is refused with the reason and never reaches the visitor.
fn an_operator_cannot_write_in_a_closed_conversation(ctx: &Ctx) {
    let _one = ctx.lock.lock().unwrap_or_else(|p| p.into_inner());
    ctx.automation(settings(json!({})));
    let (_ana, _inbox, _v, mut vs, mut os) = ctx.taken_by_ana();
    send(&mut os, "a1", "How can I help?");
    assert!(answer_to(&mut os, "a1").is_ok());
    os.send(&ClientFrame::Close);
    assert_eq!(next_status(&mut vs), (Status::Closed, true));

    // Waiting for the rating.
    send(&mut os, "late1", "One more thing from me");
    let (code, message) =
        answer_to(&mut os, "late1").expect_err("refused while awaiting the rating");
    assert_eq!(code, ErrorCode::Closed, "{message}");
    assert!(message.contains("closed"), "{message}");

    // Rated: with "close when rated" the session is over.
    vs.send(&like("thanks"));
    assert_eq!(next_status(&mut vs), (Status::Closed, false));
    send(&mut os, "late2", "Are you still there?");
    let (code, message) = answer_to(&mut os, "late2").expect_err("refused after the end");
    assert_eq!(code, ErrorCode::Closed, "{message}");

    // Neither reached the visitor.
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(1) {
        if let Some(ServerFrame::Message { message }) =
            vs.next_within::<ServerFrame>(Duration::from_millis(200))
        {
            assert_ne!(
                message.side,
                Side::Operator,
                "{message:?} reached the visitor"
            );
        }
    }
}

// R-AA-4 "close at once (a later rating then reopens the session)": the
// rating puts the conversation back in the queue, as a visitor who writes
// again would; a second rating of that session is refused, not taken over
// the first.
fn closed_at_once_a_later_rating_reopens_the_session_once(ctx: &Ctx) {
    let _one = ctx.lock.lock().unwrap_or_else(|p| p.into_inner());
    ctx.automation(settings(json!({
        "rating": {"wait_ms": 0, "close_on_rating": true},
    })));
    let (ana, mut inbox, v, mut vs, mut os) = ctx.taken_by_ana();
    send(&mut os, "a1", "Done, anything else?");
    assert!(answer_to(&mut os, "a1").is_ok());
    os.send(&ClientFrame::Close);
    assert_eq!(
        next_status(&mut vs),
        (Status::Closed, true),
        "closed, and rating is still taken"
    );

    vs.send(&like("quick"));
    let rating = os.until("the rating", |f| match f {
        ServerFrame::Rated { rating } => Some(rating.clone()),
        _ => None,
    });
    assert_eq!(rating.verdict, Verdict::Like);
    let (status, rating_open) = next_status(&mut vs);
    assert_ne!(status, Status::Closed, "the rating reopened the session");
    assert!(!rating_open);
    // Back to routing: offered again, with the rating beside it.
    inbox.until_inbox("the new offer", PATIENCE, |f| match f {
        InboxFrame::Upsert { conversation }
            if conversation.id == v.conversation
                && conversation.status == Status::Waiting
                && conversation.offered.contains(&ana.user.id) =>
        {
            assert_eq!(
                conversation.rating.as_ref().map(|r| r.verdict),
                Some(Verdict::Like)
            );
            Some(())
        }
        _ => None,
    });

    // The same session rated again: refused, and the first rating stays.
    vs.send(&ClientFrame::Rate {
        rating: Rating {
            verdict: Verdict::Dislike,
            comment: None,
        },
    });
    let (code, message) = vs.until("the refusal", |f| match f {
        ServerFrame::Error {
            code,
            message,
            id: None,
            ..
        } => Some((*code, message.clone())),
        ServerFrame::Rated { rating } => panic!("a second rating was taken: {rating:?}"),
        _ => None,
    });
    assert_eq!(code, ErrorCode::AlreadyRated, "{message}");
    assert!(message.contains("already rated"), "{message}");
    ctx.automation(settings(json!({})));
}
