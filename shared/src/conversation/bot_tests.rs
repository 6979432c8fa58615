//! The bot's hold on a session, with time as input (R-BOT-1).

use super::tests::{frame, send};
use super::*;
use crate::bot::{BotAction, BotAnswer, BotAssignment, BotInfo, BotRequest, ANSWER_WAIT_MS};
use crate::i18n::{Lang, ServerMsg};
use crate::ids::{ClientMsgId, UserId};
use crate::protocol::{ChannelVoice, Message, OperatorInfo, Side};

fn with_bot() -> Conversation {
    Conversation::open(
        Opening {
            live_typing: true,
            bot: Some(BotAssignment::new(BotInfo::faq(), None, Lang::PtBr)),
            ..super::tests::shop()
        },
        Timestamp(0),
    )
}

fn answer(replies: &[&str], action: BotAction) -> Result<BotAnswer, String> {
    Ok(BotAnswer {
        replies: replies.iter().map(|r| r.to_string()).collect(),
        action,
    })
}

/// The questions put to the bot among `fx`: (seq, text).
fn asked(fx: &[Effect]) -> Vec<(Seq, String)> {
    fx.iter()
        .filter_map(|e| match e {
            Effect::AskBot {
                seq,
                request: BotRequest::Message { message, .. },
                ..
            } => Some((*seq, message.text.clone())),
            _ => None,
        })
        .collect()
}

/// The bot's messages stored among `fx`: (author, text).
fn said(fx: &[Effect]) -> Vec<(String, String)> {
    fx.iter()
        .filter_map(|e| match e {
            Effect::Store { message: m, .. } if m.id.as_str().starts_with("bot-") => {
                assert_eq!(m.side, Side::System);
                Some((m.author.clone(), m.text.clone()))
            }
            _ => None,
        })
        .collect()
}

fn registered(fx: &[Effect]) -> bool {
    fx.iter().any(|e| matches!(e, Effect::Register { .. }))
}

#[test]
fn r_bot_1_the_bot_takes_the_first_message_and_the_queue_waits() {
    let mut c = with_bot();
    let fx = c.handle(Timestamp(10), send(Peer::Visitor, "m1", "horário?"));
    assert!(
        !registered(&fx),
        "no operator is offered it while the bot holds it"
    );
    assert_eq!(asked(&fx), vec![(Seq(1), "horário?".to_string())]);
    assert!(c.bot_holds());
    // The question carries the client's language.
    let lang = fx.iter().find_map(|e| match e {
        Effect::AskBot {
            request: BotRequest::Message { lang, .. },
            ..
        } => Some(lang.clone()),
        _ => None,
    });
    assert_eq!(lang.as_deref(), Some("pt-BR"));
    // The client's message is stored and acknowledged as always.
    assert!(fx
        .iter()
        .any(|e| matches!(e, Effect::Reply(ServerFrame::Ack { seq: Seq(1), .. }))));

    let fx = c.handle(
        Timestamp(20),
        Input::BotAnswered {
            seq: Seq(1),
            answer: answer(&["Das 9h às 18h."], BotAction::Continue),
        },
    );
    assert_eq!(said(&fx), vec![("FAQ bot".into(), "Das 9h às 18h.".into())]);
    assert!(!registered(&fx));
    // R-BOT-1: operators see the bot's replies labelled as the bot's, the
    // channel's automatic messages as auto-replies.
    let labels: Vec<_> = fx
        .iter()
        .filter_map(|e| match e {
            Effect::Store { message, .. } => Some(message.channel_voice()),
            _ => None,
        })
        .collect();
    assert_eq!(labels, vec![Some(ChannelVoice::Bot)]);
    let auto = Message {
        id: ClientMsgId::parse("auto-2").unwrap(),
        ..fx.iter()
            .find_map(|e| match e {
                Effect::Store { message, .. } => Some(message.clone()),
                _ => None,
            })
            .expect("the bot's reply")
    };
    assert_eq!(auto.channel_voice(), Some(ChannelVoice::Auto));
    // Every later message goes to the bot first too.
    let fx = c.handle(Timestamp(30), send(Peer::Visitor, "m2", "e sábado?"));
    assert_eq!(asked(&fx).len(), 1);
    assert!(!registered(&fx));
}

#[test]
fn r_bot_1_after_the_hand_over_routing_starts_as_usual() {
    let mut c = with_bot();
    c.handle(Timestamp(10), send(Peer::Visitor, "m1", "a person please"));
    let fx = c.handle(
        Timestamp(20),
        Input::BotAnswered {
            seq: Seq(1),
            answer: answer(&["Passing you on."], BotAction::Handover),
        },
    );
    assert_eq!(said(&fx).len(), 1, "the bot's own words, no other text");
    assert!(registered(&fx), "the conversation enters the queue");
    assert!(!c.bot_holds());
    // From now on messages go to the operators, not to the bot.
    let fx = c.handle(Timestamp(30), send(Peer::Visitor, "m2", "hello?"));
    assert!(asked(&fx).is_empty());
    assert!(!registered(&fx));
    // A late answer of the bot changes nothing.
    let fx = c.handle(
        Timestamp(40),
        Input::BotAnswered {
            seq: Seq(1),
            answer: answer(&["late"], BotAction::Continue),
        },
    );
    assert!(fx.is_empty());
}

#[test]
fn r_bot_1_a_failing_or_silent_bot_never_traps_the_client() {
    let handover = Lang::PtBr.server_text(ServerMsg::BotHandover).into_owned();
    // The call failed: to the queue at once, with a word to the client.
    let mut c = with_bot();
    c.handle(Timestamp(10), send(Peer::Visitor, "m1", "oi"));
    let fx = c.handle(
        Timestamp(20),
        Input::BotAnswered {
            seq: Seq(1),
            answer: Err("HTTP 500".into()),
        },
    );
    assert_eq!(said(&fx), vec![("FAQ bot".into(), handover.clone())]);
    assert!(registered(&fx));

    // No answer at all: the conversation's alarm hands it over.
    let mut c = with_bot();
    c.handle(Timestamp(10), send(Peer::Visitor, "m1", "oi"));
    assert_eq!(c.next_deadline(), Some(Timestamp(10 + ANSWER_WAIT_MS)));
    assert!(c
        .handle(Timestamp(10 + ANSWER_WAIT_MS - 1), Input::Tick)
        .is_empty());
    let fx = c.handle(Timestamp(10 + ANSWER_WAIT_MS), Input::Tick);
    assert_eq!(said(&fx), vec![("FAQ bot".into(), handover)]);
    assert!(registered(&fx));
    // A repeated tick does nothing more.
    assert!(!registered(
        &c.handle(Timestamp(10 + ANSWER_WAIT_MS + 1), Input::Tick)
    ));
}

#[test]
fn r_bot_1_an_answer_clears_the_wait_only_for_the_newest_question() {
    let mut c = with_bot();
    c.handle(Timestamp(10), send(Peer::Visitor, "m1", "one"));
    c.handle(Timestamp(15), send(Peer::Visitor, "m2", "two"));
    c.handle(
        Timestamp(20),
        Input::BotAnswered {
            seq: Seq(1),
            answer: answer(&["about one"], BotAction::Continue),
        },
    );
    assert_eq!(
        c.next_deadline(),
        Some(Timestamp(15 + ANSWER_WAIT_MS)),
        "the second question still waits"
    );
    c.handle(
        Timestamp(25),
        Input::BotAnswered {
            seq: Seq(2),
            answer: answer(&["about two"], BotAction::Continue),
        },
    );
    assert_eq!(c.next_deadline(), None);
}

#[test]
fn r_bot_1_the_bot_closes_without_the_router_and_the_next_session_starts_with_it() {
    let mut c = with_bot();
    c.handle(Timestamp(10), send(Peer::Visitor, "m1", "hours?"));
    let fx = c.handle(
        Timestamp(20),
        Input::BotAnswered {
            seq: Seq(1),
            answer: answer(&["9 to 6. Bye!"], BotAction::Close),
        },
    );
    assert_eq!(c.view(Side::Visitor).status, Status::Closed);
    assert!(!fx
        .iter()
        .any(|e| matches!(e, Effect::Lifecycle(_) | Effect::Register { .. })));
    assert_eq!(c.next_deadline(), None);
    // The client writes again: a new session, the bot first again.
    let fx = c.handle(Timestamp(30), send(Peer::Visitor, "m2", "one more thing"));
    assert_eq!(asked(&fx).len(), 1);
    assert!(!registered(&fx));
    assert!(c.bot_holds());
}

#[test]
fn r_bot_1_operators_cannot_answer_while_the_bot_holds_it() {
    let mut c = with_bot();
    c.handle(Timestamp(10), send(Peer::Visitor, "m1", "hi"));
    let ana = OperatorInfo {
        id: UserId::parse("ana").unwrap(),
        name: "Ana".into(),
    };
    let fx = c.handle(Timestamp(20), send(Peer::Operator(ana), "o1", "hello"));
    assert!(matches!(
        fx.as_slice(),
        [Effect::Reply(ServerFrame::Error {
            code: ErrorCode::Forbidden,
            ..
        })]
    ));
    // Typing and reading still work as ever.
    let fx = c.handle(
        Timestamp(30),
        frame(Peer::Visitor, ClientFrame::Typing { draft: "x".into() }),
    );
    assert!(!fx.is_empty());
}

#[test]
fn without_a_bot_nothing_is_asked() {
    let mut c = with_bot();
    c.state.opening.bot = None;
    let fx = c.handle(Timestamp(10), send(Peer::Visitor, "m1", "hi"));
    assert!(asked(&fx).is_empty());
    assert!(registered(&fx));
}

#[test]
fn bots_21_the_bot_is_asked_a_message_with_its_file() {
    let mut c = with_bot();
    let file = super::files_tests::pdf(Side::Visitor);
    let fx = c.handle(
        Timestamp(10),
        super::files_tests::with_file(Peer::Visitor, "m1", "", Some(file.clone())),
    );
    // Without a caption the text is the name; the caller links the file.
    assert_eq!(asked(&fx), vec![(Seq(1), "fatura.pdf".to_string())]);
    let (mut request, carried) = fx
        .into_iter()
        .find_map(|e| match e {
            Effect::AskBot { request, file, .. } => Some((request, file)),
            _ => None,
        })
        .unwrap();
    assert_eq!(carried, Some(file.clone()));
    let link = crate::files::FileLink::new(&file, "https://x/api/files/f".into(), Timestamp(99));
    request.attach(link);
    let body = serde_json::to_value(&request).unwrap();
    assert_eq!(
        body["message"]["file"],
        serde_json::json!({"name": "fatura.pdf", "type": "application/pdf", "size": 2048,
            "url": "https://x/api/files/f", "expires": 99})
    );
    // A message without a file has no `file` field at all.
    c.handle(
        Timestamp(15),
        Input::BotAnswered {
            seq: Seq(1),
            answer: answer(&[], BotAction::Continue),
        },
    );
    let fx = c.handle(Timestamp(20), send(Peer::Visitor, "m2", "e agora?"));
    let (request, file) = fx
        .into_iter()
        .find_map(|e| match e {
            Effect::AskBot { request, file, .. } => Some((request, file)),
            _ => None,
        })
        .expect("asked");
    assert_eq!(file, None);
    let body = serde_json::to_value(&request).unwrap();
    assert!(body["message"].get("file").is_none(), "{body}");
}
