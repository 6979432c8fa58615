//! #20: private notes, the channel's real-time typing setting, and the
//! event lines that say in the chat what happened.

use super::tests::{frame, send};
use super::*;
use crate::automation::Automation;
use crate::bot::{BotAction, BotAnswer, BotAssignment, BotInfo};
use crate::i18n::Lang;
use crate::ids::{ClientMsgId, UserId};
use crate::protocol::{ChatEvent, Message, OperatorInfo, Side};
use crate::widget_settings::OperatorCard;

fn person(id: &str, name: &str) -> OperatorInfo {
    OperatorInfo {
        id: UserId::parse(id).unwrap(),
        name: name.into(),
    }
}

fn ana() -> OperatorInfo {
    person("ana", "Ana Lima")
}

fn bruno() -> OperatorInfo {
    person("bruno", "Bruno Costa")
}

fn card(name: &str) -> OperatorCard {
    OperatorCard {
        name: name.into(),
        position: None,
        avatar: None,
    }
}

fn route(rev: u64, assignee: Option<OperatorInfo>, card: Option<OperatorCard>) -> Input {
    Input::Routed(Route {
        paused: false,
        counts_replies: true,
        rev,
        offered: vec![],
        assignee,
        unstaffed: false,
        card,
    })
}

fn note(from: Peer, id: &str, text: &str) -> Input {
    frame(
        from,
        ClientFrame::Note {
            id: ClientMsgId::parse(id).unwrap(),
            text: text.into(),
        },
    )
}

/// A conversation Ana answers: the visitor wrote, Ana replied, the
/// visitor wrote again (so the client waits for an answer, R-KPI-2).
fn answered() -> Conversation {
    let mut c = Conversation::open(
        Opening {
            automation: Automation {
                timeout: Some((60_000, None)),
                ..Automation::default()
            },
            ..super::tests::shop()
        },
        Timestamp(0),
    );
    c.handle(Timestamp(1), send(Peer::Visitor, "m1", "hi"));
    c.handle(Timestamp(2), route(1, Some(ana()), Some(card("Ana"))));
    c.handle(Timestamp(3), send(Peer::Operator(ana()), "r1", "hello"));
    c.handle(Timestamp(4), send(Peer::Visitor, "m2", "my order?"));
    c
}

/// Who each message broadcast among `fx` goes to.
fn audiences(fx: &[Effect]) -> Vec<(Audience, Message)> {
    fx.iter()
        .filter_map(|e| match e {
            Effect::Broadcast {
                to,
                frame: ServerFrame::Message { message },
            } => Some((*to, message.clone())),
            _ => None,
        })
        .collect()
}

fn stored(fx: &[Effect]) -> Vec<(Message, Option<String>)> {
    fx.iter()
        .filter_map(|e| match e {
            Effect::Store {
                message,
                shown_author,
            } => Some((message.clone(), shown_author.clone())),
            _ => None,
        })
        .collect()
}

fn events(fx: &[Effect]) -> Vec<ChatEvent> {
    stored(fx)
        .into_iter()
        .filter_map(|(m, _)| m.event)
        .collect()
}

fn error(fx: &[Effect]) -> Option<(ErrorCode, Option<ClientMsgId>)> {
    fx.iter().find_map(|e| match e {
        Effect::Reply(ServerFrame::Error { code, id, .. }) => Some((*code, id.clone())),
        _ => None,
    })
}

#[test]
fn notes_20_reach_operators_only_and_change_nothing_of_where_the_conversation_stands() {
    let mut c = answered();
    let before = c.state().clone();
    let deadline = c.next_deadline();
    let fx = c.handle(
        Timestamp(5),
        note(Peer::Operator(ana()), "n1", "VIP: refund without asking"),
    );
    let [(m, None)] = &stored(&fx)[..] else {
        panic!("one note stored, with no author for visitors: {fx:?}")
    };
    assert!(m.note && m.event.is_none());
    assert_eq!(
        (m.seq, m.side, m.author.as_str()),
        (Seq(4), Side::Operator, "Ana Lima")
    );
    assert!(fx.contains(&Effect::Reply(ServerFrame::Ack {
        id: ClientMsgId::parse("n1").unwrap(),
        seq: Seq(4),
        at: Timestamp(5),
    })));
    // Only operators' sockets get it (the visitor's replay is the
    // worker's, which leaves notes out).
    let to: Vec<Audience> = audiences(&fx).into_iter().map(|(a, _)| a).collect();
    assert_eq!(to, vec![Audience::Operators]);
    // Not an answer (R-KPI-1, R-KPI-2), nothing for the channel's router
    // (R-Q-5), the bot (R-BOT-1) or the ledger's figures (R-KPI-4).
    assert!(!fx.iter().any(|e| matches!(
        e,
        Effect::Lifecycle(_)
            | Effect::Register { .. }
            | Effect::AskBot { .. }
            | Effect::Late(_)
            | Effect::Record(_)
            | Effect::Broadcast {
                frame: ServerFrame::Read { .. },
                ..
            }
    )));
    let after = c.state();
    assert_eq!(after.status, before.status);
    assert_eq!(
        after.unread, before.unread,
        "the client's message stays unread"
    );
    assert_eq!(
        (after.visitor_read, after.operator_read),
        (before.visitor_read, before.operator_read)
    );
    assert_eq!(
        (after.answered, after.awaiting_client),
        (before.answered, before.awaiting_client)
    );
    assert_eq!(after.timers, before.timers, "R-AA-5: no timeout starts");
    assert_eq!(after.clock, before.clock, "R-KPI: the client still waits");
    assert_eq!(c.next_deadline(), deadline);
    // The operators' list says what it is.
    assert_eq!(c.summary().last_text, "Note: VIP: refund without asking");
    assert_eq!(c.summary().unread, 1);
}

#[test]
fn notes_20_are_stored_once_per_client_id() {
    let mut c = answered();
    c.handle(Timestamp(5), note(Peer::Operator(ana()), "n1", "call back"));
    let fx = c.handle(
        Timestamp(9),
        Input::Frame {
            from: Peer::Operator(ana()),
            greeted: true,
            frame: ClientFrame::Note {
                id: ClientMsgId::parse("n1").unwrap(),
                text: "call back".into(),
            },
            existing: Some(Stored {
                seq: Seq(4),
                at: Timestamp(5),
            }),
            file: None,
        },
    );
    assert_eq!(
        fx,
        vec![Effect::Reply(ServerFrame::Ack {
            id: ClientMsgId::parse("n1").unwrap(),
            seq: Seq(4),
            at: Timestamp(5),
        })]
    );
    assert_eq!(c.state().last_seq, Seq(4));
}

#[test]
fn notes_20_a_visitor_may_not_write_one() {
    let mut c = answered();
    let fx = c.handle(Timestamp(5), note(Peer::Visitor, "n1", "let me in"));
    assert_eq!(
        error(&fx),
        Some((
            ErrorCode::Forbidden,
            Some(ClientMsgId::parse("n1").unwrap())
        ))
    );
    assert!(stored(&fx).is_empty());
    assert_eq!(c.state().last_seq, Seq(3));
}

#[test]
fn notes_20_anyone_who_reads_it_writes_one_even_closed_and_it_stays_closed() {
    // R-KPI-3: a supervisor reads without answering, and leaves a note.
    let mut c = answered();
    let fx = c.handle(
        Timestamp(5),
        note(Peer::Supervisor(bruno()), "n1", "well done"),
    );
    assert_eq!(stored(&fx).len(), 1);
    // An operator of the channel it is not assigned to, too.
    let fx = c.handle(
        Timestamp(6),
        note(Peer::Operator(bruno()), "n2", "I know them"),
    );
    assert_eq!(stored(&fx).len(), 1);
    c.handle(
        Timestamp(7),
        frame(Peer::Operator(ana()), ClientFrame::Close),
    );
    assert_eq!(c.state().status, Status::Closed);
    let fx = c.handle(
        Timestamp(8),
        note(Peer::Operator(ana()), "n3", "sent the refund"),
    );
    assert_eq!(stored(&fx).len(), 1);
    // R-AA-4: only the visitor reopens it.
    assert_eq!(c.state().status, Status::Closed);
    assert!(!fx.iter().any(|e| matches!(e, Effect::Register { .. })));
    assert_eq!(c.state().operator, Some(ana()));
}

#[test]
fn notes_20_never_go_to_the_bot() {
    // R-BOT-1: the bot hears the client's messages only.
    let mut c = Conversation::open(
        Opening {
            bot: Some(BotAssignment::new(BotInfo::faq(), None, Lang::En)),
            ..super::tests::shop()
        },
        Timestamp(0),
    );
    c.handle(Timestamp(1), send(Peer::Visitor, "m1", "hours?"));
    assert!(c.bot_holds());
    let fx = c.handle(
        Timestamp(2),
        note(Peer::Operator(ana()), "n1", "bot is wrong"),
    );
    assert_eq!(stored(&fx).len(), 1);
    assert!(!fx.iter().any(|e| matches!(e, Effect::AskBot { .. })));
}

#[test]
fn r_rt_1_with_real_time_typing_off_operators_see_only_that_the_visitor_types() {
    // #20: the channel's "real-time typing" off.
    let mut c = Conversation::open(
        Opening {
            live_typing: false,
            ..super::tests::shop()
        },
        Timestamp(0),
    );
    assert!(!c.view(Side::Visitor).live_typing);
    let fx = c.handle(
        Timestamp(1),
        frame(
            Peer::Visitor,
            ClientFrame::Typing {
                draft: "my card is 4111".into(),
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
                draft: None,
            },
        }]
    );
    assert_eq!(c.view(Side::Operator).visitor_draft, None);
    // On (the default), as today (R-RT-1).
    let mut c = Conversation::open(super::tests::shop(), Timestamp(0));
    assert!(c.view(Side::Visitor).live_typing);
    let fx = c.handle(
        Timestamp(1),
        frame(
            Peer::Visitor,
            ClientFrame::Typing {
                draft: "hel".into(),
            },
        ),
    );
    assert!(fx.iter().any(|e| matches!(
        e,
        Effect::Broadcast {
            frame: ServerFrame::Typing { draft: Some(d), .. },
            ..
        } if d == "hel"
    )));
}

#[test]
fn r_rt_1_a_conversation_saved_before_the_setting_shows_the_draft() {
    let mut saved =
        serde_json::to_value(Conversation::open(super::tests::shop(), Timestamp(0)).state())
            .unwrap();
    assert!(saved["opening"]
        .as_object_mut()
        .unwrap()
        .remove("live_typing")
        .is_some());
    let state: ConversationState = serde_json::from_value(saved).unwrap();
    assert!(
        Conversation::restore(state)
            .view(Side::Operator)
            .live_typing
    );
}

#[test]
fn r_c_1_no_draft_reaches_operators_before_the_notice_is_accepted() {
    let mut c = Conversation::open(
        Opening {
            consent_required: true,
            ..super::tests::shop()
        },
        Timestamp(0),
    );
    let typing = |d: &str| frame(Peer::Visitor, ClientFrame::Typing { draft: d.into() });
    assert_eq!(c.handle(Timestamp(1), typing("my name is")), vec![]);
    assert_eq!(c.view(Side::Operator).visitor_draft, None);
}

#[test]
fn events_20_a_transfer_says_who_answers_now_as_each_side_sees_them() {
    // R-Q-6, R-A-1
    let mut c = answered();
    let unread = c.summary().unread;
    let preview = c.summary().last_text;
    let fx = c.handle(Timestamp(10), route(2, Some(bruno()), Some(card("Bruno"))));
    let [(m, Some(shown))] = &stored(&fx)[..] else {
        panic!("one event line: {fx:?}")
    };
    assert_eq!(m.event, Some(ChatEvent::Transferred));
    assert_eq!(
        (m.side, m.author.as_str(), shown.as_str()),
        (Side::System, "Bruno Costa", "Bruno")
    );
    assert!(m.id.as_str().starts_with("event-") && m.text.is_empty());
    let sent = audiences(&fx);
    assert!(sent
        .iter()
        .any(|(a, m)| *a == Audience::Operators && m.author == "Bruno Costa"));
    assert!(sent
        .iter()
        .any(|(a, m)| *a == Audience::Visitors && m.author == "Bruno"));
    assert!(!sent.iter().any(|(a, _)| *a == Audience::Everyone));
    // Not a message: no unread, the preview stays, no answer.
    assert_eq!(
        (c.summary().unread, c.summary().last_text),
        (unread, preview)
    );
    // A channel that hides its operators names nobody.
    let fx = c.handle(Timestamp(11), route(3, Some(ana()), None));
    let [(m, Some(shown))] = &stored(&fx)[..] else {
        panic!("one event line: {fx:?}")
    };
    assert_eq!((m.author.as_str(), shown.as_str()), ("Ana Lima", ""));
    // The first assignment, and back to the queue, are no transfer.
    let mut c = Conversation::open(super::tests::shop(), Timestamp(0));
    c.handle(Timestamp(1), send(Peer::Visitor, "m1", "hi"));
    assert!(events(&c.handle(Timestamp(2), route(1, Some(ana()), None))).is_empty());
    assert!(events(&c.handle(Timestamp(3), route(2, None, None))).is_empty());
}

#[test]
fn events_20_closing_and_reopening_are_said_in_order_and_replay_with_the_messages() {
    // R-QA-1, R-AA-4
    let mut c = answered();
    let fx = c.handle(
        Timestamp(10),
        frame(Peer::Operator(ana()), ClientFrame::Close),
    );
    assert_eq!(events(&fx), vec![ChatEvent::Closed]);
    assert!(audiences(&fx).iter().all(|(a, _)| *a == Audience::Everyone));
    let unread = c.summary().unread;
    let fx = c.handle(Timestamp(20), send(Peer::Visitor, "m3", "one more thing"));
    let lines: Vec<(Seq, Option<ChatEvent>)> = stored(&fx)
        .into_iter()
        .map(|(m, _)| (m.seq, m.event))
        .collect();
    assert_eq!(
        lines,
        vec![(Seq(5), Some(ChatEvent::Reopened)), (Seq(6), None)],
        "the line, then the visitor's message"
    );
    // The event is no unread message; the visitor's is.
    assert_eq!(c.summary().unread, unread + 1);
    assert_eq!(c.summary().last_text, "one more thing");
}

#[test]
fn events_20_the_timeout_and_the_bot_say_so_too() {
    // R-AA-5: closed by the timeout.
    let mut c = answered();
    c.handle(
        Timestamp(5),
        send(Peer::Operator(ana()), "r2", "which one?"),
    );
    let at = c.next_deadline().unwrap();
    assert_eq!(events(&c.handle(at, Input::Tick)), vec![ChatEvent::Closed]);
    // R-BOT-1: the bot hands over, or closes.
    let with_bot = || {
        let mut c = Conversation::open(
            Opening {
                bot: Some(BotAssignment::new(BotInfo::faq(), None, Lang::En)),
                ..super::tests::shop()
            },
            Timestamp(0),
        );
        c.handle(Timestamp(1), send(Peer::Visitor, "m1", "a person please"));
        c
    };
    let answer = |action| Input::BotAnswered {
        seq: Seq(1),
        answer: Ok(BotAnswer {
            replies: vec!["One moment.".into()],
            action,
        }),
    };
    let mut c = with_bot();
    let fx = c.handle(Timestamp(2), answer(BotAction::Handover));
    assert_eq!(events(&fx), vec![ChatEvent::HandedOver]);
    let order: Vec<String> = stored(&fx)
        .into_iter()
        .map(|(m, _)| m.id.to_string())
        .collect();
    assert_eq!(
        order,
        vec!["bot-2", "event-3"],
        "the bot's reply, then the line"
    );
    assert!(!c.bot_holds());
    let mut c = with_bot();
    assert_eq!(
        events(&c.handle(Timestamp(2), answer(BotAction::Close))),
        vec![ChatEvent::Closed]
    );
}

#[test]
fn events_20_are_not_what_operators_label_as_the_channel_s_messages() {
    let mut c = answered();
    let fx = c.handle(
        Timestamp(10),
        frame(Peer::Operator(ana()), ClientFrame::Close),
    );
    let (m, _) = stored(&fx).remove(0);
    assert_eq!(m.channel_voice(), None);
    assert_eq!(
        ChatEvent::Transferred.english("Bruno Costa"),
        "Bruno Costa answers now"
    );
    for e in [
        ChatEvent::Transferred,
        ChatEvent::Closed,
        ChatEvent::Reopened,
        ChatEvent::HandedOver,
    ] {
        assert_eq!(ChatEvent::parse(e.as_str()), Some(e));
        assert_eq!(
            serde_json::to_string(&e).unwrap(),
            format!("\"{}\"", e.as_str())
        );
    }
}
