//! Open channels run by admins (R-CH-1, R-CH-2, R-CH-4, R-CH-5, R-CH-8)
//! against a real `wrangler dev`; each case starts its own worker, with a
//! plan limit of three channels.

use canal_shared::channels::{ChannelDetails, ChannelList};
use canal_shared::ids::{ClientMsgId, ConversationId, Seq};
use canal_shared::protocol::{
    ClientFrame, ConversationSummary, ErrorCode, InboxFrame, LoginResponse, MeResponse,
    ServerFrame, VisitorSessionResponse,
};
use canal_tests::api::{get, login, post, visitor};
use canal_tests::cases;
use canal_tests::socket::{connect, join, Socket};
use canal_tests::suite;
use canal_tests::wait::PATIENCE;
use canal_tests::worker::{Demo, Worker};
use serde_json::{json, Value};

fn main() {
    suite::run(
        || (),
        cases![
            admins_create_and_rename_channels_within_the_plan_limit(),
            operators_see_only_the_channels_whose_queue_they_are_in(),
            a_switched_off_channel_keeps_the_clients_messages_but_nobody_answers(),
            visitors_see_the_chat_title_operators_the_channel_name(),
            deleting_a_channel_needs_its_name_and_empties_the_inboxes(),
            r_w_6_only_the_allowed_sites_embed_the_chat(),
        ],
    )
}

/// A worker (plan limit 3) with the demo team signed in.
struct Team {
    w: Worker,
    demo: Demo,
    admin: LoginResponse,
    ana: LoginResponse,
}

impl Team {
    fn new() -> Team {
        let w = Worker::start_with(&[("CANAL_CHANNEL_LIMIT", "3")]);
        let demo = w.setup("shop");
        let pw = demo.admin.password.clone();
        Team {
            admin: login(&w, "admin@example.com", &pw),
            ana: login(&w, "ana@example.com", &pw),
            w,
            demo,
        }
    }

    fn admin_post(&self, path: &str, body: &Value) -> (u16, Value) {
        post(&self.w, path, Some(&self.admin.token), body)
    }

    fn create(&self) -> ChannelDetails {
        let (status, res) = self.admin_post("/api/channels", &json!({}));
        assert_eq!(status, 200, "{res}");
        serde_json::from_value(res).expect("a channel")
    }

    fn list(&self) -> ChannelList {
        let (status, res) = get(&self.w, "/api/channels", Some(&self.admin.token));
        assert_eq!(status, 200, "{res}");
        serde_json::from_value(res).expect("the channels")
    }

    fn set_active(&self, active: bool) {
        let (status, res) = self.admin_post(
            "/api/channels/update",
            &json!({"id": self.demo.channel.id, "active": active}),
        );
        assert_eq!(status, 200, "{res}");
        assert_eq!(res["active"], json!(active));
    }

    /// Ana alone in the shop's queue, offered everything, her inbox open.
    fn ana_on_duty(&self) -> Socket {
        let body = json!({
            "channel": self.demo.channel.id,
            "settings": {"mode": "strict", "idle_ms": 180_000, "check_online": false, "capacity": null},
            "entries": [{"kind": "user", "id": self.ana.user.id}],
        });
        let (status, res) = self.admin_post("/api/queue", &body);
        assert_eq!(status, 200, "{res}");
        let mut inbox = connect(
            &self
                .w
                .ws_url(&format!("/ws/inbox?token={}", self.ana.token)),
        )
        .expect("inbox opens");
        assert!(matches!(inbox.next_inbox(), InboxFrame::Snapshot { .. }));
        inbox
    }

    /// A visitor who wrote a first message, and their socket.
    fn visitor_writes(&self, text: &str) -> (VisitorSessionResponse, Socket) {
        let v = visitor(&self.w, self.demo.channel.id.as_str());
        let mut s = socket(&self.w, "visitor", &v.conversation, &v.token);
        send(&mut s, "v1", text);
        assert!(acked(&mut s).is_ok());
        (v, s)
    }

    /// Ana takes `c` and opens it.
    fn ana_takes(&self, inbox: &mut Socket, c: &ConversationId) -> Socket {
        news(inbox, c, |s| s.offered.contains(&self.ana.user.id));
        let (status, res) = post(
            &self.w,
            "/api/conversations/accept",
            Some(&self.ana.token),
            &json!({"channel": self.demo.channel.id, "conversation": c}),
        );
        assert_eq!(status, 200, "{res}");
        socket(&self.w, "operator", c, &self.ana.token)
    }
}

fn socket(w: &Worker, side: &str, c: &ConversationId, token: &str) -> Socket {
    let s = join(&w.ws_url(&format!("/ws/{side}?conversation={c}&token={token}")));
    s
}

fn send(s: &mut Socket, id: &str, text: &str) {
    s.send(&ClientFrame::Send {
        id: ClientMsgId::parse(id).unwrap(),
        text: text.into(),
        file: None,
    });
}

/// The ack of the last message sent, or the error that refused it.
fn acked(s: &mut Socket) -> Result<Seq, (ErrorCode, String)> {
    s.until("an ack or an error", |f| match f {
        ServerFrame::Ack { seq, .. } => Some(Ok(*seq)),
        ServerFrame::Error { code, message, .. } => Some(Err((*code, message.clone()))),
        _ => None,
    })
}

/// Waits for a summary of `c` in this inbox that passes `want`.
fn news(
    inbox: &mut Socket,
    c: &ConversationId,
    want: impl Fn(&ConversationSummary) -> bool,
) -> ConversationSummary {
    inbox.until_inbox("news of the conversation", PATIENCE, |f| match f {
        InboxFrame::Upsert { conversation } if &conversation.id == c && want(conversation) => {
            Some(conversation.clone())
        }
        _ => None,
    })
}

// R-CH-1, R-CH-2, R-CH-4: only admins create channels; a new one is "Open
// Channel N" in order of creation; renaming checks the name; the plan limit
// refuses one more with a message that says what to do.
fn admins_create_and_rename_channels_within_the_plan_limit() {
    let t = Team::new();
    let list = t.list();
    assert_eq!(list.limit, 3);
    assert_eq!(list.channels.len(), 1);
    assert_eq!(list.channels[0].name, "Open Channel 1");

    // Operators may not.
    let (status, _) = get(&t.w, "/api/channels", Some(&t.ana.token));
    assert_eq!(status, 403);
    let (status, _) = post(&t.w, "/api/channels", Some(&t.ana.token), &json!({}));
    assert_eq!(status, 403);

    let second = t.create();
    assert_eq!((second.number, second.name.as_str()), (2, "Open Channel 2"));
    assert!(second.active);
    let (status, res) = t.admin_post(
        "/api/channels/update",
        &json!({"id": second.id, "name": "  Sales  "}),
    );
    assert_eq!(status, 200, "{res}");
    assert_eq!(res["name"], json!("Sales"));
    let (status, res) = t.admin_post(
        "/api/channels/update",
        &json!({"id": second.id, "name": "open channel 1"}),
    );
    assert_eq!(status, 409, "{res}");
    assert!(res["message"]
        .as_str()
        .unwrap()
        .contains("already a channel"));
    let (status, res) = t.admin_post(
        "/api/channels/update",
        &json!({"id": second.id, "name": ""}),
    );
    assert_eq!(status, 400, "{res}");
    let (status, res) = t.admin_post(
        "/api/channels/update",
        &json!({"id": "ch_nothere", "name": "X"}),
    );
    assert_eq!(status, 404, "{res}");

    let third = t.create();
    assert_eq!((third.number, third.name.as_str()), (3, "Open Channel 3"));
    let (status, res) = t.admin_post("/api/channels", &json!({}));
    assert_eq!(status, 409, "{res}");
    let message = res["message"].as_str().unwrap();
    assert!(message.contains("allows 3 open channels"), "{message}");
    assert!(message.contains("CANAL_CHANNEL_LIMIT"), "{message}");
    // The new channel's widget works at once.
    let (status, res) = get(
        &t.w,
        &format!("/api/widget/config?channel={}", third.id),
        None,
    );
    assert_eq!(status, 200, "{res}");
    assert_eq!(res["title"], json!("Open Channel 3"));
    let names: Vec<String> = t.list().channels.into_iter().map(|c| c.name).collect();
    assert_eq!(names, ["Open Channel 1", "Sales", "Open Channel 3"]);
}

// R-CH-1: an operator sees the channels whose queue they are in, and no
// other; joining a queue shows its channel.
fn operators_see_only_the_channels_whose_queue_they_are_in() {
    let t = Team::new();
    let second = t.create();
    let channels = |who: &LoginResponse| -> Vec<String> {
        let (status, res) = get(&t.w, "/api/me", Some(&who.token));
        assert_eq!(status, 200, "{res}");
        let me: MeResponse = serde_json::from_value(res).unwrap();
        me.channels.into_iter().map(|c| c.name).collect()
    };
    assert_eq!(channels(&t.ana), ["Open Channel 1"]);
    assert_eq!(channels(&t.admin), ["Open Channel 1", "Open Channel 2"]);
    let body = json!({
        "channel": second.id,
        "settings": {"mode": "strict", "idle_ms": 180_000, "check_online": false, "capacity": null},
        "entries": [{"kind": "user", "id": t.ana.user.id}],
    });
    let (status, res) = t.admin_post("/api/queue", &body);
    assert_eq!(status, 200, "{res}");
    assert_eq!(channels(&t.ana), ["Open Channel 1", "Open Channel 2"]);
}

// R-CH-5: switched off, the channel still takes (and stores) the client's
// messages, but its operator cannot answer and is told why, and a new
// conversation cannot be accepted; switched on, they answer and accept.
fn a_switched_off_channel_keeps_the_clients_messages_but_nobody_answers() {
    let t = Team::new();
    let mut inbox = t.ana_on_duty();
    let (v, mut vs) = t.visitor_writes("hello");
    let c = &v.conversation;
    let mut ana = t.ana_takes(&mut inbox, c);

    t.set_active(false);
    news(&mut inbox, c, |s| s.paused);
    send(&mut ana, "a1", "hi, how can I help?");
    let (code, message) = acked(&mut ana).expect_err("refused while switched off");
    assert_eq!(code, ErrorCode::ChannelDisabled);
    assert!(message.contains("switched off"), "{message}");
    // The client writes on, and it is kept.
    send(&mut vs, "v2", "anyone there?");
    let seq = acked(&mut vs).expect("stored while switched off");
    // A new visitor can still start a conversation.
    let (status, _) = post(
        &t.w,
        "/api/visitor/session",
        None,
        &json!({"channel": t.demo.channel.id}),
    );
    assert_eq!(status, 200);
    // Its conversation is offered to nobody, since nobody may answer it:
    // accepting it is refused with the reason.
    let (v2, _vs2) = t.visitor_writes("is anyone there?");
    let accept = || {
        post(
            &t.w,
            "/api/conversations/accept",
            Some(&t.ana.token),
            &json!({"channel": t.demo.channel.id, "conversation": v2.conversation}),
        )
    };
    // Not found until the conversation has reached its channel.
    let since = std::time::Instant::now();
    let (status, res) = loop {
        let (status, res) = accept();
        if status != 404 || since.elapsed() > PATIENCE {
            break (status, res);
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    };
    assert_eq!(status, 409, "{res}");
    assert_eq!(res["code"], json!("channel_disabled"), "{res}");
    assert!(
        res["message"]
            .as_str()
            .unwrap_or("")
            .contains("switched off"),
        "{res}"
    );

    t.set_active(true);
    // Both conversations hear of it, in either order: the one she answers,
    // and the new one, offered to her now.
    let (mut answered, mut offered) = (false, false);
    while !(answered && offered) {
        inbox.until_inbox("news of the conversations", PATIENCE, |f| match f {
            InboxFrame::Upsert { conversation: s } if &s.id == c => {
                answered |= !s.paused && s.last_seq >= seq;
                Some(())
            }
            InboxFrame::Upsert { conversation: s } if s.id == v2.conversation => {
                offered |= s.offered.contains(&t.ana.user.id);
                Some(())
            }
            _ => None,
        });
    }
    send(&mut ana, "a2", "sorry for the wait");
    assert!(acked(&mut ana).is_ok());
    vs.until("the operator's reply", |f| match f {
        ServerFrame::Message { message } if message.text == "sorry for the wait" => Some(()),
        _ => None,
    });
    // Switched on, the new conversation is taken.
    let (status, res) = accept();
    assert_eq!(status, 200, "{res}");
    let mut ana2 = socket(&t.w, "operator", &v2.conversation, &t.ana.token);
    send(&mut ana2, "a3", "hello, I am here now");
    assert!(acked(&mut ana2).is_ok());
}

// R-CH-4: the header shows the channel's name unless the widget settings
// give a chat title; operators always see the channel's name.
fn visitors_see_the_chat_title_operators_the_channel_name() {
    let t = Team::new();
    let channel = t.demo.channel.id.to_string();
    let config = || {
        let (status, res) = get(&t.w, &format!("/api/widget/config?channel={channel}"), None);
        assert_eq!(status, 200, "{res}");
        res
    };
    assert_eq!(config()["title"], json!("Open Channel 1"));
    let (_, mut settings) = get(
        &t.w,
        &format!("/api/widget-settings?channel={channel}"),
        Some(&t.admin.token),
    );
    settings["title"] = json!("Ask the shop");
    let (status, res) = t.admin_post(
        "/api/widget-settings",
        &json!({"channel": channel, "settings": settings}),
    );
    assert_eq!(status, 200, "{res}");
    settings["title"] = json!("x".repeat(81));
    let (status, res) = t.admin_post(
        "/api/widget-settings",
        &json!({"channel": channel, "settings": settings}),
    );
    assert_eq!(status, 400, "{res}");
    assert!(res["message"].as_str().unwrap().contains("chat title"));
    // The config is cached for a minute; ask past the cache.
    let (_, fresh) = get(
        &t.w,
        &format!("/api/widget/config?channel={channel}&fresh=1"),
        None,
    );
    assert_eq!(fresh["title"], json!("Ask the shop"));
    assert_eq!(fresh["channel"]["name"], json!("Open Channel 1"));

    let mut inbox = t.ana_on_duty();
    let v = visitor(&t.w, &channel);
    assert_eq!(v.channel.name, "Ask the shop");
    let mut vs = socket(&t.w, "visitor", &v.conversation, &v.token);
    let name = vs.until("the welcome", |f| match f {
        ServerFrame::Welcome { conversation, .. } => Some(conversation.channel.name.clone()),
        _ => None,
    });
    assert_eq!(name, "Ask the shop");
    send(&mut vs, "v1", "hi");
    assert!(acked(&mut vs).is_ok());
    let s = news(&mut inbox, &v.conversation, |_| true);
    assert_eq!(s.channel.name, "Open Channel 1");
}

// R-CH-8: deleting asks for the name; then the widget of the channel is
// gone, and its conversations leave the operators' inboxes.
fn deleting_a_channel_needs_its_name_and_empties_the_inboxes() {
    let t = Team::new();
    let mut inbox = t.ana_on_duty();
    let (v, _vs) = t.visitor_writes("hello");
    let c = &v.conversation;
    let _ana = t.ana_takes(&mut inbox, c);
    let channel = t.demo.channel.id.to_string();

    let (status, res) = t.admin_post(
        "/api/channels/delete",
        &json!({"id": channel, "confirm": "Open Channel"}),
    );
    assert_eq!(status, 400, "{res}");
    assert!(res["message"]
        .as_str()
        .unwrap()
        .contains("\"Open Channel 1\""));
    let (status, _) = post(
        &t.w,
        "/api/channels/delete",
        Some(&t.ana.token),
        &json!({"id": channel, "confirm": "Open Channel 1"}),
    );
    assert_eq!(status, 403);
    let (status, res) = t.admin_post(
        "/api/channels/delete",
        &json!({"id": channel, "confirm": " open channel 1 "}),
    );
    assert_eq!(status, 200, "{res}");

    inbox.until_inbox("the conversation to leave the inbox", PATIENCE, |f| {
        matches!(f, InboxFrame::Removed { id } if id == c).then_some(())
    });
    let (status, res) = post(
        &t.w,
        "/api/visitor/session",
        None,
        &json!({"channel": channel}),
    );
    assert_eq!(status, 404, "{res}");
    assert!(t.list().channels.is_empty());
    let (_, res) = get(&t.w, "/api/me", Some(&t.ana.token));
    assert_eq!(res["channels"], json!([]));
    // The next channel keeps counting.
    assert_eq!(t.create().name, "Open Channel 2");
}

/// A GET with an `Origin` header (as a page of that site would send):
/// status, the CORS header, the CSP header and the body.
fn get_from(w: &Worker, path: &str, origin: Option<&str>) -> (u16, String, String, String) {
    let mut req = ureq::get(&w.url(path));
    if let Some(o) = origin {
        req = req.set("origin", o);
    }
    match req.call() {
        Ok(res) | Err(ureq::Error::Status(_, res)) => (
            res.status(),
            res.header("access-control-allow-origin")
                .unwrap_or_default()
                .to_owned(),
            res.header("content-security-policy")
                .unwrap_or_default()
                .to_owned(),
            res.into_string().unwrap_or_default(),
        ),
        Err(e) => panic!("request failed: {e}"),
    }
}

// R-W-6: with no allowed domains any site embeds the chat; once set, a page
// of another site gets a clear refusal (readable by the loader), cannot
// open a session, and the browser is told not to frame the widget there;
// an allowed site keeps working.
fn r_w_6_only_the_allowed_sites_embed_the_chat() {
    let t = Team::new();
    let channel = t.demo.channel.id.clone();
    let config = format!("/api/widget/config?channel={channel}");
    let frame = format!("/widget/frame.html?channel={channel}");
    assert_eq!(get_from(&t.w, &config, Some("https://evil.example")).0, 200);
    let (_, _, csp, body) = get_from(&t.w, &frame, None);
    assert!(csp.is_empty(), "{csp}");
    assert!(body.contains("<html"), "the frame itself: {body}");

    let (status, res) = t.admin_post(
        "/api/channels/update",
        &json!({"id": channel, "allowed_domains": ["https://Shop.Example.com/cart", "*.example.org"]}),
    );
    assert_eq!(status, 200, "{res}");
    assert_eq!(
        res["allowed_domains"],
        json!(["shop.example.com", "*.example.org"])
    );
    let (status, res) = t.admin_post(
        "/api/channels/update",
        &json!({"id": channel, "allowed_domains": ["not a domain"]}),
    );
    assert_eq!(status, 400, "{res}");
    assert!(
        res["message"].as_str().unwrap().contains("is not a domain"),
        "{res}"
    );

    let (status, cors, _, _) = get_from(&t.w, &config, Some("https://shop.example.com"));
    assert_eq!((status, cors.as_str()), (200, "*"));
    assert_eq!(
        get_from(&t.w, &config, Some("https://a.example.org")).0,
        200
    );
    let (status, cors, _, body) = get_from(&t.w, &config, Some("https://evil.example"));
    assert_eq!((status, cors.as_str()), (403, "*"), "{body}");
    assert!(
        body.contains("https://evil.example may not embed"),
        "{body}"
    );
    // The frame's own calls (same origin, no Origin header) still work.
    assert_eq!(get_from(&t.w, &config, None).0, 200);

    let session = |host: Option<&str>| {
        post(
            &t.w,
            "/api/visitor/session",
            None,
            &json!({"channel": channel, "host": host}),
        )
    };
    assert_eq!(session(Some("https://shop.example.com")).0, 200);
    let (status, res) = session(Some("https://evil.example"));
    assert_eq!(status, 403, "{res}");
    assert!(
        res["message"].as_str().unwrap().contains("allowed domains"),
        "{res}"
    );
    assert_eq!(session(None).0, 403, "a page that does not say where it is");

    let (_, _, csp, _) = get_from(&t.w, &frame, None);
    assert_eq!(
        csp,
        "frame-ancestors 'self' shop.example.com:* *.example.org:*"
    );

    let (status, res) = t.admin_post(
        "/api/channels/update",
        &json!({"id": channel, "allowed_domains": []}),
    );
    assert_eq!(status, 200, "{res}");
    assert_eq!(
        session(Some("https://evil.example")).0,
        200,
        "any site again"
    );
}
