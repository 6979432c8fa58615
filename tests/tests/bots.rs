//! Integration tests of the first-line chat bot (R-BOT-1) against a real
//! `wrangler dev`: the built-in FAQ bot on the channel's predefined
//! responses, and a bot of the site's own behind the bot protocol, played by
//! a stand-in HTTP server on loopback that records what Canal posts. The
//! cases change the one channel's bot: one at a time.

use std::time::Duration;

use canal_shared::connectors::{webhook, InboundRequest};
use canal_shared::i18n::{Lang, ServerMsg};
use canal_shared::ids::{ClientMsgId, ConversationId, Seq};
use canal_shared::protocol::{ClientFrame, InboxFrame, LoginResponse, Message, ServerFrame, Side};
use canal_shared::time::Timestamp;
use canal_shared::token::FILE_LINK_MS;
use canal_tests::api::{get, login, post, visitor};
use canal_tests::cases;
use canal_tests::files::{download, upload, PDF};
use canal_tests::socket::{connect, join, Socket};
use canal_tests::standin::StandIn;
use canal_tests::suite;
use canal_tests::wait::PATIENCE;
use canal_tests::worker::{Demo, Worker};
use serde_json::{json, Value};

struct Ctx {
    w: Worker,
    demo: Demo,
    admin: LoginResponse,
    ana: LoginResponse,
    bot: StandIn,
    lock: std::sync::Mutex<()>,
}

fn main() {
    suite::run(
        || {
            let w = Worker::start();
            let demo = w.setup("shop");
            let admin = login(&w, "admin@example.com", &demo.admin.password);
            let ana = login(&w, "ana@example.com", &demo.admin.password);
            Ctx {
                w,
                demo,
                admin,
                ana,
                bot: StandIn::start(),
                lock: std::sync::Mutex::new(()),
            }
        },
        cases![
            r_bot_1_the_faq_bot_answers_then_hands_over_and_the_operator_reads_its_part,
            r_bot_1_a_bot_of_the_site_gets_signed_questions_and_its_replies_reach_the_client,
            r_bot_1_a_failing_bot_hands_the_client_to_the_queue_at_once,
            bots_21_a_bot_gets_a_message_with_a_file_as_one_with_a_signed_link,
            r_bot_1_a_bot_that_cannot_serve_open_channels_is_not_assigned,
        ],
    )
}

impl Ctx {
    fn channel(&self) -> String {
        self.demo.channel.id.to_string()
    }

    fn admin_post(&self, path: &str, body: &Value) -> (u16, Value) {
        post(&self.w, path, Some(&self.admin.token), body)
    }

    /// Sets the channel's bot; the answer must be a 200.
    fn assign(&self, bot: Option<&str>) {
        let (status, res) = self.admin_post(
            "/api/bots/channel",
            &json!({"channel": self.channel(), "bot": bot}),
        );
        assert_eq!(status, 200, "assigning the bot: {res}");
    }

    /// Registers the stand-in's `path` as a bot: its status and answer.
    fn register(&self, path: &str) -> (u16, Value) {
        self.admin_post(
            "/api/bots",
            &json!({"url": format!("{}{path}", self.bot.url())}),
        )
    }

    /// Ana's inbox, online.
    fn inbox(&self) -> Socket {
        let mut s = connect(
            &self
                .w
                .ws_url(&format!("/ws/inbox?token={}", self.ana.token)),
        )
        .expect("inbox");
        assert!(matches!(s.next_inbox(), InboxFrame::Snapshot { .. }));
        s
    }

    /// A new visitor of the channel, greeted.
    fn visitor(&self) -> (ConversationId, Socket) {
        let v = visitor(&self.w, &self.channel());
        let s = join(&self.w.ws_url(&format!(
            "/ws/visitor?conversation={}&token={}",
            v.conversation, v.token
        )));
        (v.conversation, s)
    }
}

/// Sends `text` and waits for its ack.
fn send(s: &mut Socket, id: &str, text: &str) -> Seq {
    s.send(&ClientFrame::Send {
        id: ClientMsgId::parse(id).unwrap(),
        text: text.into(),
        file: None,
    });
    s.until("the ack", |f| match f {
        ServerFrame::Ack { seq, .. } => Some(*seq),
        _ => None,
    })
}

/// The next message of the channel's bot that reaches `s`.
fn bot_says(s: &mut Socket) -> Message {
    s.until("the bot's message", |f| match f {
        ServerFrame::Message { message }
            if message.side == Side::System && message.id.as_str().starts_with("bot-") =>
        {
            Some(message.clone())
        }
        _ => None,
    })
}

/// Whether `c` is offered to Ana within `wait`.
fn offered_within(inbox: &mut Socket, c: &ConversationId, wait: Duration) -> bool {
    let start = std::time::Instant::now();
    while start.elapsed() < wait {
        match inbox.next_within::<InboxFrame>(Duration::from_millis(200)) {
            Some(InboxFrame::Upsert { conversation })
                if &conversation.id == c && !conversation.offered.is_empty() =>
            {
                return true;
            }
            _ => {}
        }
    }
    false
}

// The FAQ bot answers from the channel's predefined responses; nobody is
// offered the conversation meanwhile; asked for a person it hands over, the
// queue offers it, and the operator who accepts reads the bot's part.
fn r_bot_1_the_faq_bot_answers_then_hands_over_and_the_operator_reads_its_part(ctx: &Ctx) {
    let _one = ctx.lock.lock().unwrap_or_else(|p| p.into_inner());
    let (status, list) = ctx.admin_post(
        "/api/canned/lists",
        &json!({"name": "Shop FAQ", "responses": [
            {"title": "Opening hours", "text": "We are open 9 to 6, Monday to Friday.", "shortcut": "hours"},
            {"title": "Shipping", "text": "Shipping is free over 50 euros.", "shortcut": null},
        ]}),
    );
    assert_eq!(status, 200, "{list}");
    let (status, res) = ctx.admin_post(
        "/api/canned/channel",
        &json!({"channel": ctx.channel(), "list": list["id"]}),
    );
    assert_eq!(status, 200, "{res}");
    ctx.assign(Some("faq"));

    let mut inbox = ctx.inbox();
    let (c, mut vs) = ctx.visitor();
    send(&mut vs, "m1", "What are your opening hours?");
    let answer = bot_says(&mut vs);
    assert_eq!(answer.text, "We are open 9 to 6, Monday to Friday.");
    assert_eq!(answer.author, "FAQ bot");
    assert!(
        !offered_within(&mut inbox, &c, Duration::from_secs(2)),
        "no operator is offered a conversation the bot holds"
    );

    send(&mut vs, "m2", "I want to talk to a person");
    let mut said = bot_says(&mut vs);
    while said.text != Lang::En.server_text(ServerMsg::BotHandover) {
        said = bot_says(&mut vs);
    }
    assert!(
        offered_within(&mut inbox, &c, PATIENCE),
        "after the hand-over the queue offers it"
    );
    let (status, res) = post(
        &ctx.w,
        "/api/conversations/accept",
        Some(&ctx.ana.token),
        &json!({"channel": ctx.channel(), "conversation": c}),
    );
    assert_eq!(status, 200, "{res}");

    // Ana reads the whole history, the bot's part included.
    let mut os = join(&ctx.w.ws_url(&format!(
        "/ws/operator?conversation={c}&token={}",
        ctx.ana.token
    )));
    let mut history = Vec::new();
    while history.len() < 5 {
        if let ServerFrame::Message { message } = os.frame() {
            history.push((message.author.clone(), message.text.clone()));
        }
    }
    let texts: Vec<&str> = history.iter().map(|(_, t)| t.as_str()).collect();
    assert!(
        texts.contains(&"What are your opening hours?"),
        "{history:?}"
    );
    assert!(
        texts.contains(&"We are open 9 to 6, Monday to Friday."),
        "{history:?}"
    );
    assert!(texts.contains(&"I want to talk to a person"), "{history:?}");
    assert!(history.iter().any(|(a, _)| a == "FAQ bot"), "{history:?}");
    // Now Ana answers: the bot is out of it.
    send(&mut os, "o1", "Hi, Ana here.");
    vs.until("Ana's reply", |f| match f {
        ServerFrame::Message { message } if message.side == Side::Operator => Some(()),
        _ => None,
    });
    ctx.assign(None);
}

// A bot of the site's own: registered by URL (it declares its name and that
// it serves open channels), it gets each client message signed with the
// secret shown once, and its replies and hand-over drive the conversation.
fn r_bot_1_a_bot_of_the_site_gets_signed_questions_and_its_replies_reach_the_client(ctx: &Ctx) {
    let _one = ctx.lock.lock().unwrap_or_else(|p| p.into_inner());
    ctx.bot.answer(
        "/helper",
        &[
            (200, r#"{"name":"Helper","open_channels":true}"#),
            (
                200,
                r#"{"replies":["Hi, I am Helper."],"action":"continue"}"#,
            ),
            (
                200,
                r#"{"replies":["Let me find you a person."],"action":"handover"}"#,
            ),
        ],
    );
    let (status, created) = ctx.register("/helper");
    assert_eq!(status, 200, "{created}");
    assert_eq!(created["bot"]["name"], "Helper");
    assert_eq!(created["bot"]["open_channels"], true);
    let secret = created["secret"]
        .as_str()
        .expect("the secret, once")
        .to_owned();
    let id = created["bot"]["id"].as_str().unwrap().to_owned();
    let (_, list) = get(&ctx.w, "/api/bots", Some(&ctx.admin.token));
    let bots = list["bots"].as_array().unwrap();
    assert_eq!(bots[0]["id"], "faq", "the built-in bot comes first");
    assert!(bots.iter().any(|b| b["id"] == id.as_str()));
    assert!(
        !list.to_string().contains(&secret),
        "the secret is never shown again"
    );
    ctx.assign(Some(&id));

    let mut inbox = ctx.inbox();
    let (c, mut vs) = ctx.visitor();
    send(&mut vs, "m1", "hello bot");
    let hi = bot_says(&mut vs);
    assert_eq!(
        (hi.author.as_str(), hi.text.as_str()),
        ("Helper", "Hi, I am Helper.")
    );
    let calls = ctx.bot.wait_calls("/helper", 2);
    let question = &calls[1];
    let body = question.json();
    assert_eq!(body["type"], "message");
    assert_eq!(body["conversation"], c.as_str());
    assert_eq!(body["channel"], ctx.channel());
    assert_eq!(body["message"]["text"], "hello bot");
    let inbound = InboundRequest {
        headers: question.headers.clone(),
        body: question.body.clone(),
    };
    let now = Timestamp(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_millis() as i64,
    );
    assert_eq!(webhook::verify(&secret, now, &inbound), Ok(()), "signed");
    assert!(webhook::verify("another secret", now, &inbound).is_err());
    assert!(!offered_within(&mut inbox, &c, Duration::from_secs(1)));

    send(&mut vs, "m2", "I need more help");
    assert_eq!(bot_says(&mut vs).text, "Let me find you a person.");
    assert!(offered_within(&mut inbox, &c, PATIENCE));
    // Handed over: the next message goes to the operators only.
    send(&mut vs, "m3", "thanks");
    std::thread::sleep(Duration::from_millis(500));
    assert_eq!(ctx.bot.calls("/helper").len(), 3, "hello and two questions");

    let (status, res) = ctx.admin_post("/api/bots/delete", &json!({"id": id}));
    assert_eq!(status, 200, "{res}");
    let (_, res) = get(
        &ctx.w,
        &format!("/api/bots/channel?channel={}", ctx.channel()),
        Some(&ctx.admin.token),
    );
    assert_eq!(res["bot"], Value::Null, "deleting the bot unassigns it");
}

// A bot that answers with an error leaves nobody waiting: the client reads
// that a person will answer, and the queue offers the conversation.
fn r_bot_1_a_failing_bot_hands_the_client_to_the_queue_at_once(ctx: &Ctx) {
    let _one = ctx.lock.lock().unwrap_or_else(|p| p.into_inner());
    ctx.bot.answer(
        "/broken",
        &[
            (200, r#"{"name":"Broken","open_channels":true}"#),
            (500, "oops"),
        ],
    );
    let (status, created) = ctx.register("/broken");
    assert_eq!(status, 200, "{created}");
    ctx.assign(Some(created["bot"]["id"].as_str().unwrap()));
    let mut inbox = ctx.inbox();
    let (c, mut vs) = ctx.visitor();
    send(&mut vs, "m1", "hello?");
    let said = bot_says(&mut vs);
    assert_eq!(said.text, Lang::En.server_text(ServerMsg::BotHandover));
    assert!(offered_within(&mut inbox, &c, PATIENCE));
    ctx.assign(None);
}

// A client's file reaches the bot as the message's file: its name, type
// and size, and a link signed for it that reads its bytes until it expires
// (#21). Without a caption, the text is the file's name.
fn bots_21_a_bot_gets_a_message_with_a_file_as_one_with_a_signed_link(ctx: &Ctx) {
    let _one = ctx.lock.lock().unwrap_or_else(|p| p.into_inner());
    ctx.bot.answer(
        "/reader",
        &[
            (200, r#"{"name":"Reader","open_channels":true}"#),
            (200, r#"{"replies":["Got it."],"action":"continue"}"#),
        ],
    );
    let (status, created) = ctx.register("/reader");
    assert_eq!(status, 200, "{created}");
    let id = created["bot"]["id"].as_str().unwrap().to_owned();
    ctx.assign(Some(&id));
    let v = visitor(&ctx.w, &ctx.channel());
    let mut vs = join(&ctx.w.ws_url(&format!(
        "/ws/visitor?conversation={}&token={}",
        v.conversation, v.token
    )));
    let (status, res) = upload(&ctx.w, &v.token, &v.conversation, "f1", "fatura.pdf", PDF);
    assert_eq!(status, 201, "{res}");
    vs.send(&ClientFrame::Send {
        id: ClientMsgId::parse("m1").unwrap(),
        text: String::new(),
        file: Some(ClientMsgId::parse("f1").unwrap()),
    });
    assert_eq!(bot_says(&mut vs).text, "Got it.");
    let calls = ctx.bot.wait_calls("/reader", 2);
    let message = &calls[1].json()["message"];
    assert_eq!(message["text"], "fatura.pdf", "{message}");
    let file = &message["file"];
    assert_eq!(file["name"], "fatura.pdf", "{message}");
    assert_eq!(file["type"], "application/pdf");
    assert_eq!(file["size"], PDF.len());
    let url = file["url"].as_str().expect("a link");
    assert!(url.starts_with(&ctx.w.url("/api/files/")), "{url}");
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64;
    let expires = file["expires"].as_i64().expect("an expiry");
    assert!(expires > now && expires <= now + FILE_LINK_MS, "{file}");
    assert_eq!(download(url), (200, PDF.to_vec()), "the link reads it");
    let (status, _) = download(&url.replace("?t=", "?t=x"));
    assert_eq!(status, 403, "only as signed");
    let (status, res) = ctx.admin_post("/api/bots/delete", &json!({"id": id}));
    assert_eq!(status, 200, "{res}");
}

// Bots declare whether they serve open channels; one that does not is kept
// but cannot be assigned, with a reason. A URL that is no bot is refused;
// operators manage no bots.
fn r_bot_1_a_bot_that_cannot_serve_open_channels_is_not_assigned(ctx: &Ctx) {
    let _one = ctx.lock.lock().unwrap_or_else(|p| p.into_inner());
    ctx.bot
        .answer("/billing", &[(200, r#"{"name":"Billing bot"}"#)]);
    let (status, created) = ctx.register("/billing");
    assert_eq!(status, 200, "{created}");
    assert_eq!(created["bot"]["open_channels"], false);
    let (status, res) = ctx.admin_post(
        "/api/bots/channel",
        &json!({"channel": ctx.channel(), "bot": created["bot"]["id"]}),
    );
    assert_eq!(status, 400, "{res}");
    assert!(
        res["message"]
            .as_str()
            .unwrap()
            .contains("Billing bot declared that it cannot serve open channels"),
        "{res}"
    );
    // Each refusal also carries its reason as data, for the console to say
    // in the admin's language and under the right field.
    assert_eq!(
        res["detail"],
        json!({"not_for_open_channels": "Billing bot"}),
        "{res}"
    );

    ctx.bot.answer("/nobot", &[(404, "not found")]);
    let (status, res) = ctx.register("/nobot");
    assert_eq!(status, 400, "{res}");
    assert!(
        res["message"].as_str().unwrap().contains("HTTP 404"),
        "{res}"
    );
    assert_eq!(res["detail"], json!({"status": 404}), "{res}");
    ctx.bot
        .answer("/nameless", &[(200, r#"{"open_channels":true}"#)]);
    let (status, res) = ctx.register("/nameless");
    assert_eq!(status, 400, "{res}");
    assert_eq!(res["detail"], json!("no_name"), "{res}");
    let nothing = format!("http://127.0.0.1:{}/bot", canal_tests::worker::free_port());
    let (status, res) = ctx.admin_post("/api/bots", &json!({"url": nothing}));
    assert_eq!(status, 400, "{res}");
    assert!(res["detail"]["no_answer"].is_string(), "{res}");
    let (status, res) = ctx.admin_post("/api/bots", &json!({"url": "http://example.com/bot"}));
    assert_eq!(status, 400, "{res}");
    let (status, _) = ctx.admin_post("/api/bots/delete", &json!({"id": "faq"}));
    assert_eq!(status, 400, "the built-in bot stays");
    let (status, _) = post(
        &ctx.w,
        "/api/bots",
        Some(&ctx.ana.token),
        &json!({"url": format!("{}/billing", ctx.bot.url())}),
    );
    assert_eq!(status, 403, "operators register no bots");
    let (status, _) = get(&ctx.w, "/api/bots", Some(&ctx.ana.token));
    assert_eq!(status, 403);
}
