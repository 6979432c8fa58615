//! The visitor's rate limits (R-S-3), with time as input.

use super::tests::{frame, send, shop};
use super::*;
use crate::ids::ClientMsgId;

fn refusal(fx: &[Effect]) -> Option<(ErrorCode, Option<ClientMsgId>, Option<i64>)> {
    fx.iter().find_map(|e| match e {
        Effect::Reply(ServerFrame::Error {
            code, id, retry_ms, ..
        }) => Some((*code, id.clone(), *retry_ms)),
        _ => None,
    })
}

fn acked(fx: &[Effect]) -> bool {
    fx.iter()
        .any(|e| matches!(e, Effect::Reply(ServerFrame::Ack { .. })))
}

fn id(s: &str) -> ClientMsgId {
    ClientMsgId::parse(s).unwrap()
}

#[test]
fn r_s_3_a_visitor_over_the_message_rate_is_told_when_to_send_again() {
    let mut c = Conversation::open(shop(), Timestamp(0));
    for i in 0..10 {
        let fx = c.handle(
            Timestamp(1_000),
            send(Peer::Visitor, &format!("m{i}"), "hi"),
        );
        assert!(acked(&fx), "message {i} within the burst");
    }
    let fx = c.handle(Timestamp(1_000), send(Peer::Visitor, "m10", "one more"));
    assert_eq!(
        refusal(&fx),
        Some((ErrorCode::TooMany, Some(id("m10")), Some(1_000)))
    );
    assert_eq!(c.state().last_seq, Seq(10), "nothing stored");
    // Sent again when told, it is stored.
    let fx = c.handle(Timestamp(2_000), send(Peer::Visitor, "m10", "one more"));
    assert!(acked(&fx));
    assert_eq!(c.state().last_seq, Seq(11));
}

#[test]
fn a_resend_of_a_stored_message_is_acked_even_over_the_rate() {
    let mut c = Conversation::open(shop(), Timestamp(0));
    for i in 0..10 {
        c.handle(Timestamp(5), send(Peer::Visitor, &format!("m{i}"), "hi"));
    }
    let fx = c.handle(
        Timestamp(5),
        Input::Frame {
            from: Peer::Visitor,
            greeted: true,
            frame: ClientFrame::Send {
                id: id("m3"),
                text: "hi".into(),
                file: None,
            },
            existing: Some(Stored {
                seq: Seq(4),
                at: Timestamp(5),
            }),
            file: None,
        },
    );
    assert!(acked(&fx), "{fx:?}");
}

#[test]
fn typing_floods_are_refused_without_naming_a_message() {
    let mut c = Conversation::open(shop(), Timestamp(0));
    let typing = || frame(Peer::Visitor, ClientFrame::Typing { draft: "h".into() });
    for _ in 0..60 {
        assert_eq!(refusal(&c.handle(Timestamp(7), typing())), None);
    }
    let refused = refusal(&c.handle(Timestamp(7), typing())).unwrap();
    assert_eq!(refused.0, ErrorCode::TooMany);
    assert_eq!(refused.1, None);
    // Typing does not spend the message allowance.
    assert!(acked(
        &c.handle(Timestamp(7), send(Peer::Visitor, "m1", "hi"))
    ));
}

#[test]
fn the_deployment_may_set_its_own_rate() {
    let limits = Limits::parse("message=2/60").unwrap();
    let mut c = Conversation::open(shop(), Timestamp(0)).with_limits(limits);
    assert!(acked(
        &c.handle(Timestamp(1), send(Peer::Visitor, "m1", "a"))
    ));
    assert!(acked(
        &c.handle(Timestamp(1), send(Peer::Visitor, "m2", "b"))
    ));
    let fx = c.handle(Timestamp(1), send(Peer::Visitor, "m3", "c"));
    assert_eq!(
        refusal(&fx).map(|r| (r.0, r.2)),
        Some((ErrorCode::TooMany, Some(30_000)))
    );
}

#[test]
fn the_pace_survives_a_restore() {
    let mut c = Conversation::open(shop(), Timestamp(0));
    for i in 0..10 {
        c.handle(Timestamp(9), send(Peer::Visitor, &format!("m{i}"), "hi"));
    }
    let saved = serde_json::to_string(c.state()).unwrap();
    let mut back = Conversation::restore(serde_json::from_str(&saved).unwrap());
    let fx = back.handle(Timestamp(9), send(Peer::Visitor, "m10", "hi"));
    assert_eq!(refusal(&fx).map(|r| r.0), Some(ErrorCode::TooMany));
}
