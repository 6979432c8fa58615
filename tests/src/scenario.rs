//! Conversations set up through the real API for the suites that read
//! what comes of them (the ledger, its pages in the console).

use canal_shared::ids::{ChannelId, ClientMsgId, ConversationId, Seq};
use canal_shared::protocol::{
    ClientFrame, InboxFrame, LoginResponse, ServerFrame, Status, VisitorSessionResponse,
    PROTOCOL_VERSION,
};
use serde_json::json;

use crate::api::{post, visitor};
use crate::files::upload;
use crate::socket::{connect, Socket};
use crate::wait::PATIENCE;
use crate::worker::{Demo, Worker};

/// Says `hello` from the start.
pub fn hello(s: &mut Socket) {
    s.send(&ClientFrame::Hello {
        version: PROTOCOL_VERSION,
        after: Seq(0),
    });
}

/// Sends `text` as message `id` and waits for its ack.
pub fn send(s: &mut Socket, id: &str, text: &str) {
    s.send(&ClientFrame::Send {
        id: ClientMsgId::parse(id).unwrap(),
        text: text.into(),
        file: None,
    });
    s.until("the ack", |f| {
        matches!(f, ServerFrame::Ack { .. }).then_some(())
    });
}

/// Once conversation `c` of `channel` is offered to `operator` (on their
/// inbox socket `inbox`), they accept it.
pub fn take(
    w: &Worker,
    channel: &ChannelId,
    operator: &LoginResponse,
    inbox: &mut Socket,
    c: &ConversationId,
) {
    inbox.until_inbox("the offer", PATIENCE, |f| match f {
        InboxFrame::Upsert { conversation }
            if &conversation.id == c && conversation.offered.contains(&operator.user.id) =>
        {
            Some(())
        }
        _ => None,
    });
    let (status, res) = post(
        w,
        "/api/conversations/accept",
        Some(&operator.token),
        &json!({"channel": channel, "conversation": c}),
    );
    assert_eq!(status, 200, "{res}");
}

/// What a visitor asks: a text, then, if given, a file without a caption
/// (its name and bytes, #21).
#[derive(Clone, Copy)]
pub struct Question<'a> {
    /// The first message.
    pub text: &'a str,
    /// The file sent after it.
    pub file: Option<(&'a str, &'a [u8])>,
}

impl<'a> From<&'a str> for Question<'a> {
    fn from(text: &'a str) -> Self {
        Question { text, file: None }
    }
}

/// A new visitor of `channel` opens their socket and writes `text` (as
/// message `id`, acknowledged): their session and socket.
pub fn visitor_writes(
    w: &Worker,
    channel: &str,
    id: &str,
    text: &str,
) -> (VisitorSessionResponse, Socket) {
    let v = visitor(w, channel);
    let mut vs = connect(&w.ws_url(&format!(
        "/ws/visitor?conversation={}&token={}",
        v.conversation, v.token
    )))
    .expect("visitor socket");
    hello(&mut vs);
    send(&mut vs, id, text);
    (v, vs)
}

/// A visitor asks `question`; `operator` (whose inbox socket is `inbox`)
/// accepts it, waits `wait_ms`, answers and closes it.
pub fn answered<'a>(
    w: &Worker,
    demo: &Demo,
    operator: &LoginResponse,
    inbox: &mut Socket,
    question: impl Into<Question<'a>>,
    wait_ms: u64,
) -> ConversationId {
    let question = question.into();
    let (v, mut vs) = visitor_writes(w, demo.channel.id.as_str(), "m1", question.text);
    if let Some((name, bytes)) = question.file {
        let (status, res) = upload(w, &v.token, &v.conversation, "f1", name, bytes);
        assert_eq!(status, 201, "{res}");
        vs.send(&ClientFrame::Send {
            id: ClientMsgId::parse("m2").unwrap(),
            text: String::new(),
            file: Some(ClientMsgId::parse("f1").unwrap()),
        });
        vs.until("the ack", |f| {
            matches!(f, ServerFrame::Ack { .. }).then_some(())
        });
    }
    let c = v.conversation.clone();
    take(w, &demo.channel.id, operator, inbox, &c);
    std::thread::sleep(std::time::Duration::from_millis(wait_ms));
    let mut os = connect(&w.ws_url(&format!(
        "/ws/operator?conversation={c}&token={}",
        operator.token
    )))
    .expect("operator socket");
    hello(&mut os);
    send(&mut os, "o1", "Let me check that for you.");
    os.send(&ClientFrame::Close);
    inbox.until_inbox("closed", PATIENCE, |f| match f {
        InboxFrame::Upsert { conversation }
            if conversation.id == c && conversation.status == Status::Closed =>
        {
            Some(())
        }
        _ => None,
    });
    c
}

/// Makes `head` the head of a department with `members`.
pub fn department(
    w: &Worker,
    admin: &LoginResponse,
    head: &LoginResponse,
    members: &[&LoginResponse],
) {
    let members: Vec<_> = members.iter().map(|m| m.user.id.clone()).collect();
    let (status, res) = post(
        w,
        "/api/departments",
        Some(&admin.token),
        &json!({"id": null, "name": "Support", "head": head.user.id, "members": members}),
    );
    assert_eq!(status, 200, "{res}");
}

/// The demo team on a worker of its own (limits may be seconds, as the
/// test configuration allows), with Bruno heading Ana's department.
pub struct Team {
    /// The worker.
    pub w: Worker,
    /// The demo account and its channel.
    pub demo: Demo,
    /// The admin's session.
    pub admin: LoginResponse,
    /// An operator.
    pub ana: LoginResponse,
    /// Ana's supervisor.
    pub bruno: LoginResponse,
}

impl Team {
    /// Starts the worker and signs everyone in.
    pub fn start() -> Team {
        Team::start_with(&[])
    }

    /// Like [`Team::start`], with more of the worker's variables.
    pub fn start_with(vars: &[(&str, &str)]) -> Team {
        let mut all = vec![("CANAL_MIN_DELAY_MS", "1000")];
        all.extend_from_slice(vars);
        let w = Worker::start_with(&all);
        let demo = w.setup("shop");
        let pw = demo.admin.password.clone();
        let admin = crate::api::login(&w, "admin@example.com", &pw);
        let ana = crate::api::login(&w, "ana@example.com", &pw);
        let bruno = crate::api::login(&w, "bruno@example.com", &pw);
        department(&w, &admin, &bruno, &[&ana]);
        Team {
            w,
            demo,
            admin,
            ana,
            bruno,
        }
    }

    /// With a 1-second first-response limit, Ana answers and closes two
    /// conversations: `quick` at once (question `first`), `slow` late
    /// (question `second`).
    pub fn two_answered<'a>(
        &self,
        first: impl Into<Question<'a>>,
        second: impl Into<Question<'a>>,
    ) -> (ConversationId, ConversationId) {
        let (status, res) = post(
            &self.w,
            "/api/kpi",
            Some(&self.admin.token),
            &json!({"channel": self.demo.channel.id, "settings": {"first": {"after_ms": 1000}}}),
        );
        assert_eq!(status, 200, "{res}");
        let mut inbox = connect(
            &self
                .w
                .ws_url(&format!("/ws/inbox?token={}", self.ana.token)),
        )
        .expect("Ana's inbox");
        let quick = answered(&self.w, &self.demo, &self.ana, &mut inbox, first, 0);
        let slow = answered(&self.w, &self.demo, &self.ana, &mut inbox, second, 1_500);
        (quick, slow)
    }
}
