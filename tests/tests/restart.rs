//! The worker is killed (SIGKILL) mid-conversation and started again on the
//! same state: nothing acknowledged is lost, and a message written while it was
//! down arrives exactly once after it returns (R-D-1). And the same state
//! directory opens on the other runtime (`wrangler dev` ↔ `cargo xtask
//! serve`) and back with nothing lost (#24).

use canal_shared::client::ClientSession;
use canal_shared::ids::{ClientMsgId, ConversationId};
use canal_shared::protocol::{ClientFrame, ServerFrame, Side, VisitorSessionResponse};
use canal_shared::time::Timestamp;
use canal_tests::api::{login, visitor};
use canal_tests::cases;
use canal_tests::socket::{connect, Socket};
use canal_tests::suite;
use canal_tests::worker::{Demo, Worker};

fn main() {
    suite::run(
        || (),
        cases![
            nothing_acknowledged_is_lost_when_the_worker_is_killed(),
            a_state_directory_moves_to_the_other_runtime_and_back_with_nothing_lost(),
        ],
    )
}

/// The demo account on `w`, a visitor of its channel and their socket's URL.
fn a_visitor(w: &Worker) -> (Demo, VisitorSessionResponse, String) {
    let demo = w.setup("shop");
    let v = visitor(w, demo.channel.id.as_str());
    let url = w.ws_url(&format!(
        "/ws/visitor?conversation={}&token={}",
        v.conversation, v.token
    ));
    (demo, v, url)
}

/// Opens a socket and sends what the client session says to send on open.
fn open(url: &str, session: &ClientSession) -> Socket {
    let mut s = connect(url).expect("socket opens");
    for f in session.on_open() {
        s.send(&f);
    }
    s
}

/// Feeds frames to the session until `done` holds.
fn pump(
    s: &mut Socket,
    session: &mut ClientSession,
    what: &str,
    done: impl Fn(&ClientSession) -> bool,
) {
    s.until(what, |f| {
        session.receive(f);
        done(session).then_some(())
    });
}

fn nothing_acknowledged_is_lost_when_the_worker_is_killed() {
    let w = Worker::start();
    let (demo, v, visitor_url) = a_visitor(&w);
    let mut client = ClientSession::new(Side::Visitor, Vec::new());
    let mut s = open(&visitor_url, &client);
    let mut id = 0;
    let mut write = |client: &mut ClientSession, text: &str| {
        id += 1;
        client.compose(
            ClientMsgId::parse(&format!("m{id}")).unwrap(),
            text.into(),
            Timestamp(0),
        )
    };
    for text in ["one", "two"] {
        let f = write(&mut client, text);
        s.send(&f);
    }
    pump(&mut s, &mut client, "two acknowledged messages", |c| {
        c.outbox().is_empty() && mine(c) == 2
    });
    // A third message is sent and the worker dies before (or after) storing
    // it: the client cannot know, so it stays in the outbox.
    let f = write(&mut client, "three");
    s.send(&f);
    w.kill();
    drop(s);

    // Written while the worker is down.
    write(&mut client, "four");
    assert!(!client.outbox().is_empty());

    w.restart();
    let mut s = open(&visitor_url, &client);
    pump(&mut s, &mut client, "the outbox to drain", |c| {
        c.outbox().is_empty() && mine(c) == 4
    });

    // The operator sees every message once, in order.
    assert_eq!(
        operator_sees(&w, &demo, &v.conversation, 4),
        ["one", "two", "three", "four"]
    );
}

// #24: a state directory written by `wrangler dev` opens under plain
// workerd (`cargo xtask serve`), and back, with nothing lost or doubled: the
// account and its passwords, the conversation, its messages and their
// numbers (so the visitor's client resumes where it was).
fn a_state_directory_moves_to_the_other_runtime_and_back_with_nothing_lost() {
    let w = Worker::start();
    let (demo, v, visitor_url) = a_visitor(&w);
    let mut client = ClientSession::new(Side::Visitor, Vec::new());
    let texts = ["on the first runtime", "on the second", "back on the first"];
    for (i, text) in texts.iter().enumerate() {
        if i > 0 {
            let before = w.on_workerd();
            w.switch_runtime();
            assert_ne!(w.on_workerd(), before, "it runs on the other runtime");
            // The people set up on the first runtime sign in.
            login(&w, "ana@example.com", &demo.admin.password);
        }
        let mut s = open(&visitor_url, &client);
        let f = client.compose(
            ClientMsgId::parse(&format!("m{i}")).unwrap(),
            (*text).into(),
            Timestamp(0),
        );
        s.send(&f);
        pump(&mut s, &mut client, "the message acknowledged", |c| {
            c.outbox().is_empty() && mine(c) == i + 1
        });
    }
    assert_eq!(operator_sees(&w, &demo, &v.conversation, 3), texts);
}

/// The visitor's messages an operator who joins `conversation` sees, once
/// `count` came and nothing more did.
fn operator_sees(
    w: &Worker,
    demo: &Demo,
    conversation: &ConversationId,
    count: usize,
) -> Vec<String> {
    let ana = login(w, "ana@example.com", &demo.admin.password);
    let mut os = connect(&w.ws_url(&format!(
        "/ws/operator?conversation={conversation}&token={}",
        ana.token
    )))
    .expect("operator socket");
    os.send(&ClientFrame::Hello {
        version: 1,
        after: canal_shared::ids::Seq(0),
    });
    let mut texts = Vec::new();
    os.until("the whole history", |f| {
        // The channel's own messages (the away reply: nobody is online) aside.
        if let ServerFrame::Message { message } = f {
            if message.side == Side::Visitor {
                texts.push(message.text.clone());
            }
        }
        (texts.len() == count).then_some(())
    });
    assert!(
        std::iter::from_fn(|| os.next_within::<ServerFrame>(std::time::Duration::from_millis(500)))
            .all(
                |f| !matches!(f, ServerFrame::Message { message } if message.side == Side::Visitor)
            ),
        "nothing more, nothing twice"
    );
    texts
}

/// The visitor's own messages in the client's history.
fn mine(c: &ClientSession) -> usize {
    c.history().filter(|m| m.side == Side::Visitor).count()
}
