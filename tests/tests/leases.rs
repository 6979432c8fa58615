//! An operator's open socket on a conversation is not trusted forever: once
//! its lease runs out (a second here, through `CANAL_LEASE_MS`; five minutes
//! in production) the next live frame makes the conversation check the
//! session again, and an operator who was deactivated or signed out stops
//! reading (R-S-1, R-S-2), while the others keep their sockets.

use std::time::Duration;

use canal_shared::ids::{ClientMsgId, Seq};
use canal_shared::protocol::{ClientFrame, ServerFrame, PROTOCOL_VERSION};
use canal_tests::api::{login, post, visitor};
use canal_tests::cases;
use canal_tests::socket::{connect, Socket};
use canal_tests::suite;
use canal_tests::wait::PATIENCE;
use canal_tests::worker::Worker;
use serde_json::json;

fn main() {
    suite::run(
        || Worker::start_with(&[("CANAL_LEASE_MS", "1000")]),
        cases![r_s_2_a_deactivated_or_signed_out_operator_stops_reading,],
    )
}

fn hello(s: &mut Socket) {
    s.send(&ClientFrame::Hello {
        version: PROTOCOL_VERSION,
        after: Seq(0),
    });
    s.until("the welcome", |f| {
        matches!(f, ServerFrame::Welcome { .. }).then_some(())
    });
}

/// The visitor writes `id`; returns once it is acknowledged.
fn write(s: &mut Socket, id: &str) {
    s.send(&ClientFrame::Send {
        id: ClientMsgId::parse(id).unwrap(),
        text: format!("message {id}"),
        file: None,
    });
    s.until("the ack", |f| {
        matches!(f, ServerFrame::Ack { .. }).then_some(())
    });
}

/// Waits until `s` receives the visitor's message `id`.
fn receive(s: &mut Socket, id: &str) {
    s.until(&format!("the message {id}"), |f| match f {
        ServerFrame::Message { message } if message.id.as_str() == id => Some(()),
        _ => None,
    });
}

fn r_s_2_a_deactivated_or_signed_out_operator_stops_reading(w: &Worker) {
    let demo = w.setup("shop");
    let admin = login(w, &demo.admin.email, &demo.admin.password);
    let ana = login(w, &demo.operators[0].email, &demo.operators[0].password);
    let bruno = login(w, &demo.operators[1].email, &demo.operators[1].password);
    let v = visitor(w, demo.channel.id.as_str());
    let mut vs = connect(&w.ws_url(&format!(
        "/ws/visitor?conversation={}&token={}",
        v.conversation, v.token
    )))
    .expect("the visitor's socket");
    hello(&mut vs);
    write(&mut vs, "m0");
    let watch = |token: &str| {
        let mut s = connect(&w.ws_url(&format!(
            "/ws/operator?conversation={}&token={token}",
            v.conversation
        )))
        .expect("an operator's socket");
        hello(&mut s);
        s
    };
    let mut ana_s = watch(&ana.token);
    let mut bruno_s = watch(&bruno.token);

    // Bruno is deactivated; once his lease has run out, the next message
    // makes the conversation check again and close his socket.
    let (status, res) = post(
        w,
        "/api/people/active",
        Some(&admin.token),
        &json!({"user": bruno.user.id, "active": false}),
    );
    assert_eq!(status, 200, "{res}");
    std::thread::sleep(Duration::from_millis(1_200));
    write(&mut vs, "m1");
    assert!(bruno_s.closed_within(PATIENCE), "Bruno's socket is closed");
    // Ana's lease was renewed: she reads on.
    receive(&mut ana_s, "m1");
    std::thread::sleep(Duration::from_millis(1_200));
    write(&mut vs, "m2");
    receive(&mut ana_s, "m2");
    assert!(
        !ana_s.closed_within(Duration::from_millis(800)),
        "Ana keeps her socket"
    );

    // Ana signs out: the same happens to her socket.
    let (status, _) = post(w, "/api/logout", Some(&ana.token), &json!({}));
    assert_eq!(status, 200);
    std::thread::sleep(Duration::from_millis(1_200));
    write(&mut vs, "m3");
    assert!(ana_s.closed_within(PATIENCE), "Ana's socket is closed");
    // And neither can come back.
    for token in [&ana.token, &bruno.token] {
        let refused = connect(&w.ws_url(&format!(
            "/ws/operator?conversation={}&token={token}",
            v.conversation
        )));
        assert_eq!(refused.err(), Some(401));
    }
}
