use proptest::prelude::*;

use super::*;
use crate::automation::Automation;
use crate::client::ClientSession;
use crate::ids::{ClientMsgId, UserId};
use crate::protocol::{ChannelInfo, Message, OperatorInfo, Side, PROTOCOL_VERSION};

fn channel() -> ChannelInfo {
    ChannelInfo {
        id: ChannelId::parse("demo").unwrap(),
        name: "Open Channel 1".into(),
    }
}

fn op(id: &str) -> OperatorInfo {
    OperatorInfo {
        id: UserId::parse(id).unwrap(),
        name: format!("Operator {id}"),
    }
}

fn convo() -> Conversation {
    Conversation::open(
        Opening {
            live_typing: true,
            title: None,
            connector: None,
            identity: None,
            client: None,
            crm: Default::default(),
            kpi: Default::default(),
            bot: None,
            id: ConversationId::parse("c1").unwrap(),
            channel: channel(),
            visitor: VisitorId::parse("v1").unwrap(),
            visitor_name: "Visitor 1".into(),
            automation: Automation::default(),
            consent_required: false,
        },
        Timestamp(0),
    )
}

/// The opening of conversation `c1` of visitor `v1` in the channel "Shop",
/// with nothing set: other test modules change what they test.
pub(super) fn shop() -> Opening {
    Opening {
        live_typing: true,
        title: None,
        connector: None,
        identity: None,
        client: None,
        crm: Default::default(),
        kpi: Default::default(),
        bot: None,
        id: ConversationId::parse("c1").unwrap(),
        channel: ChannelInfo {
            id: ChannelId::parse("demo").unwrap(),
            name: "Shop".into(),
        },
        visitor: VisitorId::parse("v1").unwrap(),
        visitor_name: "Visitor 1".into(),
        automation: Automation::default(),
        consent_required: false,
    }
}

fn mid(s: &str) -> ClientMsgId {
    ClientMsgId::parse(s).unwrap()
}

pub(super) fn frame(from: Peer, frame: ClientFrame) -> Input {
    Input::Frame {
        from,
        greeted: true,
        frame,
        existing: None,
        file: None,
    }
}

pub(super) fn send(from: Peer, id: &str, text: &str) -> Input {
    frame(
        from,
        ClientFrame::Send {
            id: mid(id),
            text: text.into(),
            file: None,
        },
    )
}

fn replies(effects: &[Effect]) -> Vec<&ServerFrame> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::Reply(f) => Some(f),
            _ => None,
        })
        .collect()
}

fn error_code(effects: &[Effect]) -> Option<ErrorCode> {
    replies(effects).into_iter().find_map(|f| match f {
        ServerFrame::Error { code, .. } => Some(*code),
        _ => None,
    })
}

#[test]
fn only_the_owner_and_the_channels_operators_are_admitted() {
    // R-S-2
    let c = convo();
    let visitor = |v: &str, ch: &str| Caller::Visitor {
        visitor: VisitorId::parse(v).unwrap(),
        channel: ChannelId::parse(ch).unwrap(),
    };
    assert_eq!(c.admit(visitor("v1", "demo")), Ok(Peer::Visitor));
    assert_eq!(c.admit(visitor("v2", "demo")), Err(AccessError::NotYours));
    assert_eq!(c.admit(visitor("v1", "other")), Err(AccessError::NotYours));
    let operator = |channels: &[&str]| Caller::Operator {
        operator: op("ana"),
        channels: channels
            .iter()
            .map(|c| ChannelId::parse(c).unwrap())
            .collect(),
        supervision: Default::default(),
    };
    assert_eq!(
        c.admit(operator(&["other", "demo"])),
        Ok(Peer::Operator(op("ana")))
    );
    assert_eq!(
        c.admit(operator(&["other"])),
        Err(AccessError::NotYourChannel)
    );
    assert_eq!(c.admit(operator(&[])), Err(AccessError::NotYourChannel));
}

#[test]
fn hello_welcomes_and_replays() {
    let mut c = convo();
    let fx = c.handle(
        Timestamp(1),
        Input::Frame {
            from: Peer::Visitor,
            greeted: false,
            frame: ClientFrame::Hello {
                version: PROTOCOL_VERSION,
                after: Seq(4),
            },
            existing: None,
            file: None,
        },
    );
    assert_eq!(fx[0], Effect::Greeted);
    assert!(matches!(
        fx[1],
        Effect::Reply(ServerFrame::Welcome {
            you: Side::Visitor,
            ..
        })
    ));
    assert_eq!(fx[2], Effect::Replay { after: Seq(4) });
}

#[test]
fn handshake_errors_keep_the_socket() {
    // R-S-3: a bad frame gets an error frame, nothing else.
    let mut c = convo();
    let before = c.clone();
    let fx = c.handle(
        Timestamp(1),
        Input::Frame {
            from: Peer::Visitor,
            greeted: false,
            frame: ClientFrame::Read { seq: Seq(1) },
            existing: None,
            file: None,
        },
    );
    assert_eq!(error_code(&fx), Some(ErrorCode::BadHandshake));
    let fx = c.handle(
        Timestamp(1),
        Input::Frame {
            from: Peer::Visitor,
            greeted: false,
            frame: ClientFrame::Hello {
                version: 99,
                after: Seq(0),
            },
            existing: None,
            file: None,
        },
    );
    assert_eq!(error_code(&fx), Some(ErrorCode::UnsupportedVersion));
    assert_eq!(c, before);
}

#[test]
fn a_message_is_stored_acked_and_relayed() {
    // R-D-1
    let mut c = convo();
    let fx = c.handle(Timestamp(10), send(Peer::Visitor, "m1", " hello "));
    let stored = fx.iter().find_map(|e| match e {
        Effect::Store { message: m, .. } => Some(m.clone()),
        _ => None,
    });
    let stored = stored.expect("stored");
    assert_eq!(stored.seq, Seq(1));
    assert_eq!(stored.text, "hello");
    assert_eq!(stored.author, "Visitor 1");
    assert!(fx.contains(&Effect::Reply(ServerFrame::Ack {
        id: mid("m1"),
        seq: Seq(1),
        at: Timestamp(10)
    })));
    assert!(fx.contains(&Effect::Broadcast {
        to: Audience::Everyone,
        frame: ServerFrame::Message { message: stored }
    }));
    // The first visitor message puts it in the channel's queue.
    assert!(fx.iter().any(|e| matches!(e, Effect::Register { .. })));
    assert_eq!(c.state().status, Status::Waiting);
}

#[test]
fn a_resend_is_acked_again_and_not_stored_twice() {
    // R-D-1: a message resent after a reconnect is stored once.
    let mut c = convo();
    c.handle(Timestamp(10), send(Peer::Visitor, "m1", "hello"));
    let fx = c.handle(
        Timestamp(20),
        Input::Frame {
            from: Peer::Visitor,
            greeted: true,
            frame: ClientFrame::Send {
                id: mid("m1"),
                text: "hello".into(),
                file: None,
            },
            existing: Some(Stored {
                seq: Seq(1),
                at: Timestamp(10),
            }),
            file: None,
        },
    );
    assert_eq!(
        fx,
        vec![Effect::Reply(ServerFrame::Ack {
            id: mid("m1"),
            seq: Seq(1),
            at: Timestamp(10)
        })]
    );
    assert_eq!(c.state().last_seq, Seq(1));
}

#[test]
fn bad_text_is_refused_with_its_id() {
    // R-S-3
    let mut c = convo();
    let fx = c.handle(Timestamp(1), send(Peer::Visitor, "m1", "   "));
    assert_eq!(error_code(&fx), Some(ErrorCode::Invalid));
    let long = "x".repeat(crate::text::MAX_MESSAGE_CHARS + 1);
    let fx = c.handle(Timestamp(1), send(Peer::Visitor, "m2", &long));
    assert!(matches!(
        replies(&fx)[..],
        [ServerFrame::Error { code: ErrorCode::TooLarge, id: Some(ref id), .. }] if id.as_str() == "m2"
    ));
    assert_eq!(c.state().last_seq, Seq(0));
}

#[test]
fn operators_see_the_visitor_draft() {
    // R-RT-1
    let mut c = convo();
    let fx = c.handle(
        Timestamp(1),
        frame(
            Peer::Visitor,
            ClientFrame::Typing {
                draft: "I need he".into(),
            },
        ),
    );
    assert_eq!(
        fx,
        vec![Effect::Broadcast {
            to: Audience::Operators,
            frame: ServerFrame::Typing {
                side: Side::Visitor,
                active: true,
                draft: Some("I need he".into())
            }
        }]
    );
    // An operator who opens the conversation now sees the draft too.
    assert_eq!(
        c.view(Side::Operator).visitor_draft.as_deref(),
        Some("I need he")
    );
    assert_eq!(c.view(Side::Visitor).visitor_draft, None);
}

#[test]
fn an_over_long_draft_is_refused_as_a_draft() {
    // R-RT-1, R-S-3: it is not a message yet, and is not called one.
    let mut c = convo();
    let fx = c.handle(
        Timestamp(1),
        frame(
            Peer::Visitor,
            ClientFrame::Typing {
                draft: "y".repeat(crate::text::MAX_DRAFT_CHARS + 1),
            },
        ),
    );
    match &fx[..] {
        [Effect::Reply(ServerFrame::Error {
            code: ErrorCode::TooLarge,
            message,
            id: None,
            ..
        })] => assert!(
            message.contains("draft") && !message.contains("message"),
            "{message}"
        ),
        other => panic!("expected the refusal, got {other:?}"),
    }
    assert_eq!(c.view(Side::Operator).visitor_draft, None);
}

#[test]
fn visitors_see_only_that_the_operator_types() {
    // R-RT-2
    let mut c = convo();
    c.handle(Timestamp(0), send(Peer::Visitor, "m1", "hi"));
    c.handle(Timestamp(0), routed(1, &[], Some("ana")));
    let fx = c.handle(
        Timestamp(1),
        frame(
            Peer::Operator(op("ana")),
            ClientFrame::Typing {
                draft: "secret draft".into(),
            },
        ),
    );
    assert_eq!(
        fx,
        vec![Effect::Broadcast {
            to: Audience::Visitors,
            frame: ServerFrame::Typing {
                side: Side::Operator,
                active: true,
                draft: None
            }
        }]
    );
    // R-S-2: another operator watching types unseen.
    let fx = c.handle(
        Timestamp(2),
        frame(
            Peer::Operator(op("bruno")),
            ClientFrame::Typing {
                draft: "not my conversation".into(),
            },
        ),
    );
    assert_eq!(fx, vec![]);
}

fn uid(id: &str) -> UserId {
    UserId::parse(id).unwrap()
}

fn routed(rev: u64, offered: &[&str], assignee: Option<&str>) -> Input {
    Input::Routed(Route {
        paused: false,
        counts_replies: true,
        rev,
        offered: offered.iter().map(|o| uid(o)).collect(),
        assignee: assignee.map(op),
        unstaffed: false,
        card: None,
    })
}

#[test]
fn offers_and_assignments_come_from_the_channel() {
    let mut c = convo();
    c.handle(Timestamp(1), send(Peer::Visitor, "m1", "hi"));
    // Offered to ana and bo: both inboxes show it, with Accept.
    let fx = c.handle(Timestamp(2), routed(1, &["ana", "bo"], None));
    assert!(fx.iter().any(|e| matches!(
        e,
        Effect::Notify { to, summary } if to == &vec![uid("ana"), uid("bo")] && summary.offered.len() == 2
    )));
    // Nobody answers before accepting.
    let fx = c.handle(Timestamp(3), send(Peer::Operator(op("ana")), "r1", "hello"));
    assert_eq!(error_code(&fx), Some(ErrorCode::Forbidden));
    // ana wins: the visitor learns who answers; bo's inbox drops it.
    let fx = c.handle(Timestamp(4), routed(2, &[], Some("ana")));
    assert!(fx.contains(&Effect::Broadcast {
        to: Audience::Operators,
        frame: ServerFrame::Assigned {
            operator: Some(op("ana")),
            card: None,
        }
    }));
    assert!(fx.iter().any(|e| matches!(
        e,
        Effect::Notify { to, summary } if to == &vec![uid("ana"), uid("bo")] && summary.offered.is_empty()
    )));
    assert_eq!(c.state().status, Status::Active);
    let fx = c.handle(Timestamp(5), send(Peer::Operator(op("bo")), "r2", "me too"));
    assert_eq!(error_code(&fx), Some(ErrorCode::Forbidden));
    // A stale decision delivered late changes nothing.
    assert!(c
        .handle(Timestamp(6), routed(1, &["ana", "bo"], None))
        .is_empty());
    assert_eq!(c.state().operator, Some(op("ana")));
}

#[test]
fn r_ch_5_a_switched_off_channel_keeps_the_clients_messages_but_nobody_answers() {
    let mut c = convo();
    c.handle(Timestamp(1), send(Peer::Visitor, "m1", "hi"));
    c.handle(Timestamp(2), routed(1, &[], Some("ana")));
    let mut off = routed(2, &[], Some("ana"));
    if let Input::Routed(r) = &mut off {
        r.paused = true;
    }
    let fx = c.handle(Timestamp(3), off);
    // ana's inbox learns it at once.
    assert!(fx.iter().any(|e| matches!(
        e,
        Effect::Notify { to, summary } if to == &vec![uid("ana")] && summary.paused
    )));
    let fx = c.handle(Timestamp(4), send(Peer::Operator(op("ana")), "r1", "hello"));
    assert_eq!(error_code(&fx), Some(ErrorCode::ChannelDisabled));
    assert!(!fx.iter().any(|e| matches!(e, Effect::Store { .. })));
    // The client still writes, and it is stored.
    let fx = c.handle(Timestamp(5), send(Peer::Visitor, "m2", "anyone?"));
    assert!(fx.iter().any(|e| matches!(e, Effect::Store { .. })));
    // Switched on again: ana answers.
    let fx = c.handle(Timestamp(6), routed(3, &[], Some("ana")));
    assert!(fx.iter().any(|e| matches!(
        e,
        Effect::Notify { summary, .. } if !summary.paused
    )));
    let fx = c.handle(Timestamp(7), send(Peer::Operator(op("ana")), "r2", "hello"));
    assert_eq!(error_code(&fx), None);
    assert!(fx.iter().any(|e| matches!(e, Effect::Store { .. })));
}

#[test]
fn back_to_the_queue_makes_it_wait_again() {
    // R-Q-6
    let mut c = convo();
    c.handle(Timestamp(1), send(Peer::Visitor, "m1", "hi"));
    c.handle(Timestamp(2), routed(1, &[], Some("ana")));
    c.handle(Timestamp(3), routed(2, &[], None));
    assert_eq!(c.state().status, Status::Waiting);
    assert_eq!(c.state().operator, None);
}

#[test]
fn answers_and_client_replies_reach_the_router_once() {
    // R-Q-5: the router counts load from these.
    let mut c = convo();
    c.handle(Timestamp(1), send(Peer::Visitor, "m1", "hi"));
    c.handle(Timestamp(2), routed(1, &[], Some("ana")));
    let fx = c.handle(Timestamp(3), send(Peer::Operator(op("ana")), "r1", "hello"));
    assert_eq!(lifecycles(&fx), vec![(true, true)]);
    // A second answer in a row changes nothing for the router.
    let fx = c.handle(
        Timestamp(4),
        send(Peer::Operator(op("ana")), "r2", "still here"),
    );
    assert!(lifecycles(&fx).is_empty());
    let fx = c.handle(Timestamp(5), send(Peer::Visitor, "m2", "thanks"));
    assert_eq!(lifecycles(&fx), vec![(true, false)]);
}

fn lifecycles(fx: &[Effect]) -> Vec<(bool, bool)> {
    fx.iter()
        .filter_map(|e| match e {
            Effect::Lifecycle(l) => Some((l.answered, l.awaiting_client)),
            _ => None,
        })
        .collect()
}

#[test]
fn a_channel_that_does_not_count_replies_hears_only_the_first_answer() {
    // R-Q-5: without "awaiting the user's reaction", a busy chat costs the
    // channel nothing per message; when the rule changes, it learns where
    // the conversation stands.
    let mut c = convo();
    c.handle(Timestamp(1), send(Peer::Visitor, "m1", "hi"));
    let Input::Routed(mut route) = routed(1, &[], Some("ana")) else {
        unreachable!()
    };
    route.counts_replies = false;
    c.handle(Timestamp(2), Input::Routed(route.clone()));
    let fx = c.handle(Timestamp(3), send(Peer::Operator(op("ana")), "r1", "hello"));
    assert_eq!(lifecycles(&fx), vec![(true, true)], "the first answer");
    let fx = c.handle(Timestamp(4), send(Peer::Visitor, "m2", "thanks"));
    assert!(lifecycles(&fx).is_empty());
    let fx = c.handle(Timestamp(5), send(Peer::Operator(op("ana")), "r2", "ok"));
    assert!(lifecycles(&fx).is_empty());
    route.rev = 2;
    route.counts_replies = true;
    let fx = c.handle(Timestamp(6), Input::Routed(route));
    assert_eq!(lifecycles(&fx), vec![(true, true)], "where it stands");
    let fx = c.handle(Timestamp(7), send(Peer::Visitor, "m3", "one more"));
    assert_eq!(lifecycles(&fx), vec![(true, false)]);
}

#[test]
fn replying_clears_unread() {
    let mut c = convo();
    c.handle(Timestamp(1), send(Peer::Visitor, "m1", "hi"));
    c.handle(Timestamp(2), send(Peer::Visitor, "m2", "anyone?"));
    assert_eq!(c.summary().unread, 2);
    c.handle(Timestamp(3), routed(1, &[], Some("ana")));
    c.handle(Timestamp(3), send(Peer::Operator(op("ana")), "r1", "hello"));
    assert_eq!(c.summary().unread, 0);
    assert_eq!(c.summary().status, Status::Active);
    // Only the assignee's inbox is updated.
    let fx = c.handle(Timestamp(4), send(Peer::Visitor, "m3", "thanks"));
    assert!(fx.iter().any(|e| matches!(
        e,
        Effect::Notify { to, summary } if to == &vec![uid("ana")] && summary.unread == 1
    )));
}

#[test]
fn every_inbox_update_has_a_higher_revision() {
    let mut c = convo();
    let mut revs = Vec::new();
    let mut collect = |fx: Vec<Effect>| {
        revs.extend(fx.into_iter().filter_map(|e| match e {
            Effect::Notify { summary, .. } => Some(summary.rev),
            _ => None,
        }))
    };
    collect(c.handle(Timestamp(1), send(Peer::Visitor, "m1", "a")));
    collect(c.handle(Timestamp(2), routed(1, &[], Some("ana"))));
    collect(c.handle(
        Timestamp(3),
        frame(Peer::Operator(op("ana")), ClientFrame::Read { seq: Seq(1) }),
    ));
    collect(c.handle(Timestamp(4), send(Peer::Operator(op("ana")), "r1", "b")));
    assert_eq!(revs.len(), 4);
    assert!(revs.windows(2).all(|w| w[0] < w[1]), "{revs:?}");
}

#[test]
fn unread_counts_are_capped() {
    let mut c = convo();
    for i in 0..MAX_UNREAD + 10 {
        // One a second: within the visitor's rate limit.
        let at = Timestamp(1 + 1_000 * i as i64);
        c.handle(at, send(Peer::Visitor, &format!("m{i}"), "x"));
    }
    assert_eq!(c.summary().unread as usize, MAX_UNREAD);
    let last = c.state().last_seq;
    c.handle(
        Timestamp(2),
        frame(
            Peer::Operator(op("ana")),
            ClientFrame::Read {
                seq: Seq(last.0 - 3),
            },
        ),
    );
    assert_eq!(c.summary().unread, 3);
}

#[test]
fn read_marks_move_forward_only() {
    let mut c = convo();
    c.handle(Timestamp(1), send(Peer::Visitor, "m1", "a"));
    c.handle(Timestamp(2), send(Peer::Visitor, "m2", "b"));
    let fx = c.handle(
        Timestamp(3),
        frame(Peer::Operator(op("ana")), ClientFrame::Read { seq: Seq(1) }),
    );
    assert!(fx.contains(&Effect::Broadcast {
        to: Audience::Visitors,
        frame: ServerFrame::Read {
            side: Side::Operator,
            seq: Seq(1)
        }
    }));
    assert_eq!(c.summary().unread, 1);
    let fx = c.handle(
        Timestamp(4),
        frame(Peer::Operator(op("ana")), ClientFrame::Read { seq: Seq(1) }),
    );
    assert!(fx.is_empty());
    // A read mark past the end is clamped.
    c.handle(
        Timestamp(5),
        frame(
            Peer::Operator(op("ana")),
            ClientFrame::Read { seq: Seq(99) },
        ),
    );
    assert_eq!(c.state().operator_read, Seq(2));
}

#[test]
fn state_survives_a_save_and_restore() {
    let mut c = convo();
    c.handle(Timestamp(1), send(Peer::Visitor, "m1", "a"));
    let json = serde_json::to_string(c.state()).unwrap();
    let back = Conversation::restore(serde_json::from_str(&json).unwrap());
    assert_eq!(back, c);
}

/// The shell of the simulation: a message table and the sockets' inboxes.
struct SimServer {
    machine: Conversation,
    rows: Vec<Message>,
}

impl SimServer {
    /// Handles one frame from the visitor's socket, returning what that socket receives.
    fn input(&mut self, now: Timestamp, greeted: &mut bool, f: ClientFrame) -> Vec<ServerFrame> {
        let existing = match &f {
            ClientFrame::Send { id, .. } => self
                .rows
                .iter()
                .find(|m| &m.id == id && m.side == Side::Visitor)
                .map(|m| Stored {
                    seq: m.seq,
                    at: m.at,
                }),
            _ => None,
        };
        let fx = self.machine.handle(
            now,
            Input::Frame {
                from: Peer::Visitor,
                greeted: *greeted,
                frame: f,
                existing,
                file: None,
            },
        );
        let mut out = Vec::new();
        for e in fx {
            match e {
                Effect::Store { message: m, .. } => self.rows.push(m),
                Effect::Greeted => *greeted = true,
                Effect::Reply(f) => out.push(f),
                Effect::Replay { after } => out.extend(
                    self.rows
                        .iter()
                        .filter(|m| m.seq > after)
                        .map(|m| ServerFrame::Message { message: m.clone() }),
                ),
                Effect::Broadcast { to, frame } if to != Audience::Operators => out.push(frame),
                _ => {}
            }
        }
        out
    }
}

proptest! {
    /// R-D-1: whatever frames the network loses in either direction, once the
    /// client reconnects every message it wrote is stored exactly once, in the
    /// order it was written, and the client ends with nothing pending.
    #[test]
    fn nothing_is_lost_or_duplicated_across_drops(
        plan in proptest::collection::vec((any::<bool>(), 0u8..4, any::<bool>()), 1..40)
    ) {
        let mut server = SimServer { machine: convo(), rows: Vec::new() };
        let mut client = ClientSession::new(Side::Visitor, Vec::new());
        let mut greeted = false;
        let mut connected = false;
        let mut written = Vec::new();
        let mut now = Timestamp(0);
        for (i, (write, drop_kind, reconnect)) in plan.into_iter().enumerate() {
            now = now.plus_ms(1);
            if reconnect || !connected {
                greeted = false;
                connected = true;
                for f in client.on_open() {
                    for back in server.input(now, &mut greeted, f) {
                        client.receive(&back);
                    }
                }
            }
            if write {
                let id = mid(&format!("m{i}"));
                written.push(id.clone());
                let f = client.compose(id, format!("text {i}"), now);
                // Held by the rate limit (R-S-3): it waits in the outbox.
                let drop_kind = if client.held() { 0 } else { drop_kind };
                match drop_kind {
                    // The frame is lost on the way to the server.
                    0 => connected = false,
                    // The server stores it but the answers are lost.
                    1 => {
                        server.input(now, &mut greeted, f);
                        connected = false;
                    }
                    _ => {
                        for back in server.input(now, &mut greeted, f) {
                            client.receive(&back);
                        }
                    }
                }
            }
        }
        // The network heals: one last reconnect, then the client sends
        // what the rate limit held, a second later each time.
        greeted = false;
        let mut frames = client.on_open();
        for _ in 0..written.len() + 1 {
            for f in frames {
                for back in server.input(now, &mut greeted, f) {
                    client.receive(&back);
                }
            }
            if !client.held() {
                break;
            }
            now = now.plus_ms(1_000);
            frames = client.release();
        }
        let stored: Vec<ClientMsgId> = server.rows.iter().map(|m| m.id.clone()).collect();
        prop_assert_eq!(&stored, &written);
        let seqs: Vec<u64> = server.rows.iter().map(|m| m.seq.0).collect();
        prop_assert_eq!(seqs, (1..=written.len() as u64).collect::<Vec<_>>());
        prop_assert!(client.outbox().is_empty());
        prop_assert_eq!(client.history().count(), written.len());
    }
}

#[test]
fn an_operator_who_replies_has_read_what_came_before() {
    let mut c = convo();
    c.handle(Timestamp(1), send(Peer::Visitor, "m1", "hi"));
    c.handle(Timestamp(2), routed(1, &[], Some("ana")));
    c.handle(Timestamp(3), send(Peer::Visitor, "m2", "anyone?"));
    let fx = c.handle(Timestamp(4), send(Peer::Operator(op("ana")), "r1", "hello"));
    assert!(
        fx.iter().any(|e| matches!(
            e,
            Effect::Broadcast {
                to: Audience::Visitors,
                frame: ServerFrame::Read {
                    side: Side::Operator,
                    seq: Seq(3),
                },
            }
        )),
        "{fx:?}"
    );
    assert_eq!(c.summary().unread, 0);
    // Nothing new to mark on the next reply.
    let fx = c.handle(
        Timestamp(5),
        send(Peer::Operator(op("ana")), "r2", "still here"),
    );
    assert!(!fx.iter().any(|e| matches!(
        e,
        Effect::Broadcast {
            frame: ServerFrame::Read { .. },
            ..
        }
    )));
}
