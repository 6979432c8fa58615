//! The supervisor's rating (R-QA-3).

use super::tests::send;
use super::*;
use crate::ids::UserId;
use crate::people::{supervised_by, Department, Supervision};
use crate::protocol::PROTOCOL_VERSION;
use crate::protocol::{OperatorInfo, Rating, Side, Verdict};

fn person(id: &str, name: &str) -> OperatorInfo {
    OperatorInfo {
        id: UserId::parse(id).unwrap(),
        name: name.into(),
    }
}

fn answered_by_ana() -> Conversation {
    let mut c = Conversation::open(super::tests::shop(), Timestamp(0));
    c.handle(Timestamp(1), send(Peer::Visitor, "m1", "hi"));
    c.handle(
        Timestamp(2),
        Input::Routed(Route {
            paused: false,
            counts_replies: true,
            rev: 1,
            offered: vec![],
            assignee: Some(person("ana", "Ana")),
            unstaffed: false,
            card: None,
        }),
    );
    c
}

fn rate(by: OperatorInfo, supervises: Option<Vec<&str>>, comment: &str) -> Input {
    rate_seeing(&["demo"], by, supervises, comment)
}

/// A rating by someone who sees `channels` (the conversation's is `demo`).
fn rate_seeing(
    channels: &[&str],
    by: OperatorInfo,
    supervises: Option<Vec<&str>>,
    comment: &str,
) -> Input {
    Input::SupervisorRate {
        by,
        channels: channels
            .iter()
            .map(|c| ChannelId::parse(c).unwrap())
            .collect(),
        supervises: supervises.map(|s| s.into_iter().map(|u| UserId::parse(u).unwrap()).collect()),
        rating: Rating {
            verdict: Verdict::Dislike,
            comment: Some(comment.into()),
        },
    }
}

fn refused(fx: &[Effect]) -> Option<String> {
    match fx {
        [Effect::Reply(ServerFrame::Error { message, .. })] => Some(message.clone()),
        _ => None,
    }
}

#[test]
fn r_qa_3_the_head_of_the_operators_department_rates_beside_the_client() {
    let mut c = answered_by_ana();
    let fx = c.handle(
        Timestamp(3),
        rate(
            person("bruno", "Bruno"),
            Some(vec!["ana", "carla"]),
            "  too slow  ",
        ),
    );
    assert!(refused(&fx).is_none(), "{fx:?}");
    assert!(fx.contains(&Effect::SaveState));
    let s = c.summary().supervisor_rating.expect("the rating");
    assert_eq!(s.by.name, "Bruno");
    assert_eq!(s.rating.comment.as_deref(), Some("too slow"));
    assert_eq!(c.summary().rating, None, "the client's stays apart");
    // An admin rates anyone's; the newest rating stands.
    c.handle(Timestamp(4), rate(person("root", "Admin"), None, "fine"));
    assert_eq!(c.summary().supervisor_rating.unwrap().by.name, "Admin");
}

#[test]
fn r_qa_3_only_supervisors_of_that_operator_and_admins_may() {
    let mut c = answered_by_ana();
    let fx = c.handle(
        Timestamp(3),
        rate(person("carla", "Carla"), Some(vec![]), "x"),
    );
    let message = refused(&fx).expect("refused");
    assert!(message.contains("head of Ana's department"), "{message}");
    let fx = c.handle(
        Timestamp(3),
        rate(person("dora", "Dora"), Some(vec!["bruno"]), "x"),
    );
    assert!(refused(&fx).is_some(), "the head of another department");
    assert_eq!(c.summary().supervisor_rating, None);
    // Nobody took it yet: nothing to rate, even for an admin.
    let mut fresh = Conversation::open(super::tests::shop(), Timestamp(0));
    let fx = fresh.handle(Timestamp(3), rate(person("root", "Admin"), None, "x"));
    assert!(refused(&fx).unwrap().contains("no operator"));
    // Too long a comment.
    let fx = c.handle(
        Timestamp(5),
        rate(person("root", "Admin"), None, &"x".repeat(MAX_COMMENT + 1)),
    );
    assert!(refused(&fx).unwrap().contains("longer than"));
}

const MAX_COMMENT: usize = crate::protocol::MAX_COMMENT_CHARS;

#[test]
fn r_s_2_to_someone_who_does_not_see_the_channel_it_does_not_exist() {
    // R-QA-3 through R-S-2: whatever the conversation's state, one answer —
    // the one the shell gives for a conversation that does not exist.
    let not_found = vec![Effect::Reply(error_frame(
        ErrorCode::NotFound,
        NO_SUCH_CONVERSATION,
        None,
    ))];
    let yara = || person("yara", "Yara");
    let new = Conversation::open(super::tests::shop(), Timestamp(0));
    let mut waiting = new.clone();
    waiting.handle(Timestamp(1), send(Peer::Visitor, "m1", "hi"));
    let taken = answered_by_ana();
    let mut closed = answered_by_ana();
    closed.handle(
        Timestamp(3),
        super::tests::frame(Peer::Operator(person("ana", "Ana")), ClientFrame::Close),
    );
    assert_eq!(closed.state().status, Status::Closed);
    for (what, mut c) in [
        ("new", new),
        ("waiting", waiting),
        ("taken", taken),
        ("closed", closed),
    ] {
        for supervises in [None, Some(vec![]), Some(vec!["ana"])] {
            let fx = c.handle(
                Timestamp(4),
                rate_seeing(&["other"], yara(), supervises, "x"),
            );
            assert_eq!(fx, not_found, "{what}");
        }
        assert_eq!(c.summary().supervisor_rating, None, "{what}");
    }
}

#[test]
fn r_qa_3_a_supervisor_supervises_the_members_of_the_departments_they_head() {
    let id = |s: &str| UserId::parse(s).unwrap();
    let dept = |d: &str, head: Option<&str>, members: &[&str]| Department {
        id: crate::ids::DepartmentId::parse(d).unwrap(),
        name: d.into(),
        head: head.map(id),
        members: members.iter().map(|m| id(m)).collect(),
    };
    let departments = [
        dept("sales", Some("bruno"), &["ana", "carla"]),
        dept("support", Some("bruno"), &["ana", "dora"]),
        dept("nights", Some("eva"), &["bruno"]),
        dept("loose", None, &["fabio"]),
    ];
    assert_eq!(
        supervised_by(&departments, &id("bruno")),
        vec![id("ana"), id("carla"), id("dora")]
    );
    assert_eq!(supervised_by(&departments, &id("eva")), vec![id("bruno")]);
    assert!(supervised_by(&departments, &id("ana")).is_empty());
}

/// What `who` supervises: the channels of their people and the people.
fn supervision(channels: &[&str], operators: &[&str]) -> Supervision {
    Supervision {
        channels: channels
            .iter()
            .map(|c| ChannelId::parse(c).unwrap())
            .collect(),
        operators: operators
            .iter()
            .map(|u| UserId::parse(u).unwrap())
            .collect(),
    }
}

fn caller(who: OperatorInfo, channels: &[&str], supervision: Supervision) -> Caller {
    Caller::Operator {
        operator: who,
        channels: channels
            .iter()
            .map(|c| ChannelId::parse(c).unwrap())
            .collect(),
        supervision,
    }
}

#[test]
fn a_supervisor_reads_the_conversations_of_the_people_they_supervise() {
    // R-KPI-3: the head of Ana's department is told Ana is late; they open
    // the conversation although they are in no queue, as a reader.
    let c = answered_by_ana();
    let head = person("hugo", "Hugo");
    // Through the channel: Ana works in `demo`.
    assert_eq!(
        c.admit(caller(head.clone(), &[], supervision(&["demo"], &["ana"]))),
        Ok(Peer::Supervisor(head.clone()))
    );
    // Through the operator: Ana answers it, wherever it is.
    assert_eq!(
        c.admit(caller(head.clone(), &[], supervision(&[], &["ana"]))),
        Ok(Peer::Supervisor(head.clone()))
    );
    // In the queue themselves: an operator as before.
    assert_eq!(
        c.admit(caller(
            head.clone(),
            &["demo"],
            supervision(&["demo"], &["ana"])
        )),
        Ok(Peer::Operator(head.clone()))
    );
    // Someone else's people, elsewhere: refused, saying what to do.
    let refused = c
        .admit(caller(
            head.clone(),
            &["other"],
            supervision(&["other"], &["bruno"]),
        ))
        .unwrap_err();
    assert_eq!(refused, AccessError::NotYourChannel);
    assert!(refused.to_string().contains("ask an admin"));
    // Nobody answers yet: the channel decides.
    let waiting = {
        let mut c = Conversation::open(super::tests::shop(), Timestamp(0));
        c.handle(Timestamp(1), send(Peer::Visitor, "m1", "hi"));
        c
    };
    assert_eq!(
        waiting.admit(caller(head.clone(), &[], supervision(&[], &["ana"]))),
        Err(AccessError::NotYourChannel)
    );
    assert_eq!(
        waiting.admit(caller(head.clone(), &[], supervision(&["demo"], &["ana"]))),
        Ok(Peer::Supervisor(head))
    );
}

#[test]
fn a_supervisor_reads_but_does_not_answer() {
    // R-KPI-3: a supervisor sees what operators see, is told why a reply is
    // refused, and changes nothing by reading.
    let mut c = answered_by_ana();
    let head = Peer::Supervisor(person("hugo", "Hugo"));
    let fx = c.handle(
        Timestamp(3),
        Input::Frame {
            from: head.clone(),
            greeted: false,
            frame: ClientFrame::Hello {
                version: PROTOCOL_VERSION,
                after: Seq(0),
            },
            existing: None,
            file: None,
        },
    );
    let welcome = fx.iter().find_map(|e| match e {
        Effect::Reply(ServerFrame::Welcome {
            you, conversation, ..
        }) => Some((*you, conversation.clone())),
        _ => None,
    });
    let (you, view) = welcome.expect("a welcome");
    assert_eq!(you, Side::Operator);
    assert!(view.reading);
    assert_eq!(view.operator.map(|o| o.name), Some("Ana".to_owned()));

    let before = c.state().clone();
    let fx = c.handle(Timestamp(4), send(head.clone(), "s1", "let me help"));
    match fx.as_slice() {
        [Effect::Reply(ServerFrame::Error {
            code, message, id, ..
        })] => {
            assert_eq!(*code, ErrorCode::Forbidden);
            assert_eq!(message, SUPERVISOR_READS_MESSAGE);
            assert_eq!(id.as_ref().map(|i| i.as_str()), Some("s1"));
        }
        other => panic!("a refusal naming the message, not {other:?}"),
    }
    let fx = c.handle(
        Timestamp(5),
        super::tests::frame(head.clone(), ClientFrame::Close),
    );
    assert!(matches!(
        fx.as_slice(),
        [Effect::Reply(ServerFrame::Error { message, .. })] if message == SUPERVISOR_READS_MESSAGE
    ));
    // Reading and typing change nothing: Ana's unread stays hers.
    assert!(c
        .handle(
            Timestamp(6),
            super::tests::frame(head.clone(), ClientFrame::Read { seq: Seq(1) })
        )
        .is_empty());
    assert!(c
        .handle(
            Timestamp(7),
            super::tests::frame(head, ClientFrame::Typing { draft: "hm".into() })
        )
        .is_empty());
    assert_eq!(c.state(), &before);
}
