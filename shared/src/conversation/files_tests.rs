//! #21: who may upload a file, and a message that carries one.

use super::tests::{frame, send, shop};
use super::*;
use crate::files::{FileKind, FileLimits};
use crate::ids::{ClientMsgId, UserId};
use crate::protocol::{Message, OperatorInfo, Side};

fn ana() -> OperatorInfo {
    OperatorInfo {
        id: UserId::parse("ana").unwrap(),
        name: "Ana Lima".into(),
    }
}

fn route(assignee: Option<OperatorInfo>) -> Input {
    Input::Routed(Route {
        paused: false,
        counts_replies: true,
        rev: 1,
        offered: vec![],
        assignee,
        unstaffed: false,
        card: None,
    })
}

fn upload(from: Peer, size: u64) -> Input {
    Input::Upload {
        from,
        size,
        limits: FileLimits::default(),
    }
}

fn shot(side: Side) -> FileRef {
    FileRef {
        id: ClientMsgId::parse("f1").unwrap(),
        side,
        name: "tela.png".into(),
        size: 2048,
        mime: "image/png".into(),
        width: Some(640),
        height: Some(480),
        url: None,
    }
}

/// A PDF of `side`, stored as `f1`.
pub(super) fn pdf(side: Side) -> FileRef {
    FileRef {
        id: ClientMsgId::parse("f1").unwrap(),
        side,
        name: "fatura.pdf".into(),
        size: 2048,
        mime: "application/pdf".into(),
        width: None,
        height: None,
        url: None,
    }
}

/// `from` sends message `id` with `text` and the file `f1`, stored as `file`.
pub(super) fn with_file(from: Peer, id: &str, text: &str, file: Option<FileRef>) -> Input {
    Input::Frame {
        from,
        greeted: true,
        frame: ClientFrame::Send {
            id: ClientMsgId::parse(id).unwrap(),
            text: text.into(),
            file: Some(ClientMsgId::parse("f1").unwrap()),
        },
        existing: None,
        file,
    }
}

fn error(effects: &[Effect]) -> Option<(ErrorCode, String)> {
    effects.iter().find_map(|e| match e {
        Effect::Reply(ServerFrame::Error { code, message, .. }) => Some((*code, message.clone())),
        _ => None,
    })
}

fn stored(effects: &[Effect]) -> Option<&Message> {
    effects.iter().find_map(|e| match e {
        Effect::Store { message, .. } => Some(message),
        _ => None,
    })
}

#[test]
fn who_may_write_may_upload_and_nobody_else() {
    let mut c = Conversation::open(shop(), Timestamp(0));
    assert_eq!(
        error(&c.handle(Timestamp(1), upload(Peer::Visitor, 10))),
        None
    );
    // An operator who does not answer it, a supervisor who reads it.
    let refused = c.handle(Timestamp(2), upload(Peer::Operator(ana()), 10));
    assert_eq!(error(&refused).map(|e| e.0), Some(ErrorCode::Forbidden));
    let reader = c.handle(Timestamp(3), upload(Peer::Supervisor(ana()), 10));
    assert_eq!(error(&reader).map(|e| e.0), Some(ErrorCode::Forbidden));
    c.handle(Timestamp(4), send(Peer::Visitor, "m1", "Olá"));
    c.handle(Timestamp(5), route(Some(ana())));
    assert_eq!(
        error(&c.handle(Timestamp(6), upload(Peer::Operator(ana()), 10))),
        None
    );
}

#[test]
fn a_visitor_uploads_only_after_the_notice() {
    let mut c = Conversation::open(
        Opening {
            consent_required: true,
            ..shop()
        },
        Timestamp(0),
    );
    let refused = c.handle(Timestamp(1), upload(Peer::Visitor, 10));
    assert_eq!(
        error(&refused).map(|e| e.0),
        Some(ErrorCode::ConsentRequired)
    );
}

#[test]
fn the_size_is_refused_before_any_byte_with_the_limit() {
    let mut c = Conversation::open(shop(), Timestamp(0));
    let big = c.handle(Timestamp(1), upload(Peer::Visitor, 10 * 1024 * 1024 + 1));
    assert_eq!(
        error(&big),
        Some((
            ErrorCode::TooLarge,
            "the file is larger than the limit of 10 MB".into()
        ))
    );
    let empty = c.handle(Timestamp(2), upload(Peer::Visitor, 0));
    assert_eq!(error(&empty).map(|e| e.0), Some(ErrorCode::Invalid));
    let off = c.handle(
        Timestamp(3),
        Input::Upload {
            from: Peer::Visitor,
            size: 10,
            limits: FileLimits {
                max_bytes: 100,
                allowed: vec![],
            },
        },
    );
    assert_eq!(error(&off).map(|e| e.0), Some(ErrorCode::UnsupportedType));
    let pdfs = FileLimits {
        max_bytes: 100,
        allowed: vec![FileKind::Pdf],
    };
    let ok = c.handle(
        Timestamp(4),
        Input::Upload {
            from: Peer::Visitor,
            size: 100,
            limits: pdfs,
        },
    );
    assert_eq!(error(&ok), None);
}

#[test]
fn a_visitor_uploading_fast_is_told_when_to_try_again() {
    // R-S-3: files have their own rate, 10 a minute by default.
    let mut c = Conversation::open(shop(), Timestamp(0));
    for i in 0..10 {
        assert_eq!(
            error(&c.handle(Timestamp(i), upload(Peer::Visitor, 10))),
            None
        );
    }
    let refused = c.handle(Timestamp(10), upload(Peer::Visitor, 10));
    let (code, message) = error(&refused).unwrap();
    assert_eq!(code, ErrorCode::TooMany);
    assert!(message.contains("files too fast"), "{message}");
}

#[test]
fn a_message_carries_a_file_of_its_side_with_or_without_a_caption() {
    let mut c = Conversation::open(shop(), Timestamp(0));
    let effects = c.handle(
        Timestamp(1),
        with_file(Peer::Visitor, "m1", "", Some(shot(Side::Visitor))),
    );
    let message = stored(&effects).expect("stored");
    assert_eq!(message.file, Some(shot(Side::Visitor)));
    assert_eq!(message.text, "");
    assert_eq!(c.state.last_text, "tela.png");
    // Relayed to everyone with the file.
    let relayed = effects
        .iter()
        .filter(|e| matches!(e, Effect::Broadcast { to: Audience::Everyone, frame: ServerFrame::Message { message } } if message.file.is_some()))
        .count();
    assert_eq!(relayed, 1);
    let captioned = c.handle(
        Timestamp(2),
        with_file(
            Peer::Visitor,
            "m2",
            "Veja o erro",
            Some(shot(Side::Visitor)),
        ),
    );
    assert_eq!(stored(&captioned).unwrap().text, "Veja o erro");
}

// #21: whoever reads the conversation on a greeted socket may ask for its
// files' links again (the shell sends every message with a file, freshly
// signed); a socket not greeted yet may not.
#[test]
fn a_greeted_socket_asks_for_fresh_links() {
    let mut c = Conversation::open(shop(), Timestamp(0));
    for from in [
        Peer::Visitor,
        Peer::Operator(ana()),
        Peer::Supervisor(ana()),
    ] {
        let relink = |greeted| Input::Frame {
            from: from.clone(),
            greeted,
            frame: ClientFrame::Relink,
            existing: None,
            file: None,
        };
        assert_eq!(c.handle(Timestamp(1), relink(true)), vec![Effect::Relink]);
        assert_eq!(
            error(&c.handle(Timestamp(1), relink(false))).map(|(code, _)| code),
            Some(ErrorCode::BadHandshake)
        );
    }
}

#[test]
fn a_message_cannot_carry_a_file_that_is_not_there_or_not_its_own() {
    let mut c = Conversation::open(shop(), Timestamp(0));
    let missing = c.handle(Timestamp(1), with_file(Peer::Visitor, "m1", "x", None));
    assert_eq!(error(&missing).map(|e| e.0), Some(ErrorCode::NotFound));
    assert!(stored(&missing).is_none());
    // The operator's file of the same id is not the visitor's.
    let other = c.handle(
        Timestamp(2),
        with_file(Peer::Visitor, "m1", "x", Some(shot(Side::Operator))),
    );
    assert_eq!(error(&other).map(|e| e.0), Some(ErrorCode::NotFound));
    // Without a file, an empty text is still refused.
    let empty = c.handle(
        Timestamp(3),
        frame(
            Peer::Visitor,
            ClientFrame::Send {
                id: ClientMsgId::parse("m3").unwrap(),
                text: " ".into(),
                file: None,
            },
        ),
    );
    assert_eq!(error(&empty).map(|e| e.0), Some(ErrorCode::Invalid));
}
