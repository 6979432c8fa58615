//! R-CRM-5: a client's responsible operator, in the channel's queue or not,
//! reads and answers their client's conversation once it is offered or
//! assigned to them, and no longer once it went to someone else.

use super::tests::{send, shop};
use super::*;
use crate::ids::UserId;
use crate::protocol::OperatorInfo;

fn op(id: &str) -> OperatorInfo {
    OperatorInfo {
        id: UserId::parse(id).unwrap(),
        name: format!("Operator {id}"),
    }
}

/// An operator in the queue of another channel only. Built from its wire
/// form, so that only the fields this rule reads are spelled out.
fn outsider(id: &str) -> Caller {
    serde_json::from_value(serde_json::json!({
        "operator": {"operator": op(id), "channels": ["other"]}
    }))
    .expect("an operator caller")
}

fn route(rev: u64, offered: &[&str], assignee: Option<&str>) -> Input {
    Input::Routed(Route {
        rev,
        offered: offered.iter().map(|o| UserId::parse(o).unwrap()).collect(),
        assignee: assignee.map(op),
        unstaffed: false,
        card: None,
        paused: false,
        counts_replies: true,
    })
}

#[test]
fn r_crm_5_the_responsible_outside_the_queue_reads_and_answers_their_client() {
    let mut c = Conversation::open(shop(), Timestamp(0));
    c.handle(Timestamp(1), send(Peer::Visitor, "m1", "It's me again"));
    assert_eq!(c.admit(outsider("bruno")), Err(AccessError::NotYourChannel));
    // Offered to them as the client's responsible: they may open it.
    c.handle(Timestamp(2), route(1, &["bruno"], None));
    assert_eq!(c.admit(outsider("bruno")), Ok(Peer::Operator(op("bruno"))));
    assert_eq!(c.admit(outsider("zed")), Err(AccessError::NotYourChannel));
    // Accepted: they answer.
    c.handle(Timestamp(3), route(2, &[], Some("bruno")));
    let bruno = c.admit(outsider("bruno")).expect("the assignee reads it");
    let fx = c.handle(Timestamp(4), send(bruno, "o1", "Hello again, Rita"));
    assert!(
        fx.iter()
            .any(|e| matches!(e, Effect::Reply(ServerFrame::Ack { .. }))),
        "{fx:?}"
    );
    // Transferred to the queue's Ana: it is not theirs to read any more.
    c.handle(Timestamp(5), route(3, &[], Some("ana")));
    assert_eq!(c.admit(outsider("bruno")), Err(AccessError::NotYourChannel));
}
