//! What the visitor sees of the operator (R-A-1), the personal-data notice
//! (R-C-1) and the email left in the offline form (R-WH-3).

use super::tests::{frame, send};
use super::*;
use crate::consent::ConsentAcceptance;
use crate::ids::{ClientId, UserId};
use crate::protocol::{OperatorInfo, Side};
use crate::widget_settings::OperatorCard;

fn opened(consent_required: bool) -> Conversation {
    Conversation::open(
        Opening {
            live_typing: true,
            consent_required,
            ..super::tests::shop()
        },
        Timestamp(0),
    )
}

fn ana() -> OperatorInfo {
    OperatorInfo {
        id: UserId::parse("ana").unwrap(),
        name: "Ana Lima".into(),
    }
}

fn card(name: &str) -> OperatorCard {
    OperatorCard {
        name: name.into(),
        position: Some("Support".into()),
        avatar: None,
    }
}

fn key(version: u32) -> ConsentKey {
    ConsentKey {
        text: Some(crate::ids::ConsentTextId::parse("t_privacy").unwrap()),
        version,
    }
}

fn assign(c: &mut Conversation, rev: u64, card: Option<OperatorCard>) -> Vec<Effect> {
    c.handle(
        Timestamp(5),
        Input::Routed(Route {
            paused: false,
            counts_replies: true,
            rev,
            offered: vec![],
            assignee: Some(ana()),
            unstaffed: false,
            card,
        }),
    )
}

fn error(fx: &[Effect]) -> Option<(ErrorCode, String)> {
    fx.iter().find_map(|e| match e {
        Effect::Reply(ServerFrame::Error { code, message, .. }) => Some((*code, message.clone())),
        _ => None,
    })
}

fn broadcasts(fx: &[Effect], audience: Audience) -> Vec<ServerFrame> {
    fx.iter()
        .filter_map(|e| match e {
            Effect::Broadcast { to, frame } if *to == audience => Some(frame.clone()),
            _ => None,
        })
        .collect()
}

fn accept(c: &mut Conversation, version: u32, page: &str) -> Vec<Effect> {
    c.handle(
        Timestamp(3),
        Input::Consent {
            key: key(version),
            page: page.into(),
        },
    )
}

#[test]
fn r_c_1_the_visitor_writes_only_after_accepting_the_notice() {
    let mut c = opened(true);
    assert!(c.view(Side::Visitor).consent_needed);
    let fx = c.handle(Timestamp(1), send(Peer::Visitor, "m1", "my email is a@b.c"));
    assert_eq!(
        error(&fx),
        Some((
            ErrorCode::ConsentRequired,
            "accept the personal-data notice before writing".into()
        ))
    );
    assert!(matches!(
        &fx[..],
        [Effect::Reply(ServerFrame::Error { id: Some(id), .. })] if id.as_str() == "m1"
    ));
    assert_eq!(c.state().last_seq, Seq(0), "nothing stored");
    // The draft does not reach operators either.
    let fx = c.handle(
        Timestamp(1),
        frame(
            Peer::Visitor,
            ClientFrame::Typing {
                draft: "my email".into(),
            },
        ),
    );
    assert!(fx.is_empty(), "{fx:?}");

    let fx = accept(&mut c, 2, "https://shop.example/cart\n");
    assert!(fx.contains(&Effect::SaveState));
    let recorded: Vec<_> = fx
        .iter()
        .filter_map(|e| match e {
            Effect::RecordConsent(a) => Some(a.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(
        recorded,
        vec![ConsentAcceptance {
            visitor: VisitorId::parse("v1").unwrap(),
            conversation: ConversationId::parse("c1").unwrap(),
            channel: ChannelId::parse("demo").unwrap(),
            key: key(2),
            at: Timestamp(3),
            page: "https://shop.example/cart".into(),
        }]
    );
    assert!(!c.view(Side::Visitor).consent_needed);
    let fx = c.handle(Timestamp(4), send(Peer::Visitor, "m1", "hello"));
    assert_eq!(error(&fx), None);
    assert_eq!(c.state().last_seq, Seq(1));
}

#[test]
fn r_c_1_accepting_twice_records_once_and_a_new_version_again() {
    let mut c = opened(true);
    accept(&mut c, 1, "p");
    assert!(accept(&mut c, 1, "p").is_empty(), "idempotent");
    let fx = accept(&mut c, 2, "p");
    assert!(fx
        .iter()
        .any(|e| matches!(e, Effect::RecordConsent(a) if a.key == key(2))));
    // The acceptance survives a save and restore.
    let back: ConversationState =
        serde_json::from_str(&serde_json::to_string(c.state()).unwrap()).unwrap();
    assert!(!Conversation::restore(back).consent_needed());
}

#[test]
fn r_c_1_without_a_notice_nothing_is_asked() {
    let mut c = opened(false);
    assert!(!c.view(Side::Visitor).consent_needed);
    let fx = c.handle(Timestamp(1), send(Peer::Visitor, "m1", "hello"));
    assert_eq!(error(&fx), None);
    // A conversation saved before notices existed asks nothing.
    let mut json = serde_json::to_value(c.state()).unwrap();
    json["opening"]
        .as_object_mut()
        .unwrap()
        .remove("consent_required");
    let old: ConversationState = serde_json::from_value(json).unwrap();
    assert!(!Conversation::restore(old).consent_needed());
}

#[test]
fn r_c_1_only_the_notice_shown_now_can_be_accepted() {
    let notice = ConsentNotice {
        key: key(3),
        body: "We keep your email.".into(),
    };
    assert_eq!(check_consent(Some(&notice), &key(3)), Ok(()));
    assert_eq!(
        check_consent(Some(&notice), &key(2)),
        Err(ConsentError::Outdated)
    );
    let own = ConsentKey {
        text: None,
        version: 3,
    };
    assert_eq!(
        check_consent(Some(&notice), &own),
        Err(ConsentError::Outdated)
    );
    assert_eq!(check_consent(None, &key(3)), Err(ConsentError::NotAsked));
}

#[test]
fn r_a_1_visitors_see_the_card_and_operators_who_answers() {
    let mut c = opened(false);
    c.handle(Timestamp(1), send(Peer::Visitor, "m1", "hi"));
    let fx = assign(&mut c, 1, Some(card("Sales team")));
    assert_eq!(
        broadcasts(&fx, Audience::Visitors),
        vec![ServerFrame::Assigned {
            operator: None,
            card: Some(card("Sales team")),
        }]
    );
    assert_eq!(
        broadcasts(&fx, Audience::Operators),
        vec![ServerFrame::Assigned {
            operator: Some(ana()),
            card: None,
        }]
    );
    assert!(broadcasts(&fx, Audience::Everyone).is_empty());
    let v = c.view(Side::Visitor);
    assert_eq!((v.operator, v.card), (None, Some(card("Sales team"))));
    let o = c.view(Side::Operator);
    assert_eq!((o.operator, o.card), (Some(ana()), None));

    // The operator's messages carry the card's name for visitors only.
    let fx = c.handle(Timestamp(6), send(Peer::Operator(ana()), "r1", "Hello!"));
    assert!(fx.iter().any(|e| matches!(
        e,
        Effect::Store { message, shown_author: Some(a) }
            if message.author == "Ana Lima" && a == "Sales team"
    )));
    let author = |frames: Vec<ServerFrame>| {
        let messages: Vec<String> = frames
            .iter()
            .filter_map(|f| match f {
                ServerFrame::Message { message } => Some(message.author.clone()),
                _ => None,
            })
            .collect();
        match &messages[..] {
            [one] => one.clone(),
            other => panic!("{other:?}"),
        }
    };
    assert_eq!(author(broadcasts(&fx, Audience::Visitors)), "Sales team");
    assert_eq!(author(broadcasts(&fx, Audience::Operators)), "Ana Lima");
}

#[test]
fn r_a_1_a_hidden_operator_shows_nothing_to_visitors() {
    let mut c = opened(false);
    c.handle(Timestamp(1), send(Peer::Visitor, "m1", "hi"));
    let fx = assign(&mut c, 1, None);
    assert_eq!(
        broadcasts(&fx, Audience::Visitors),
        vec![ServerFrame::Assigned {
            operator: None,
            card: None,
        }]
    );
    let v = c.view(Side::Visitor);
    assert_eq!((v.operator, v.card), (None, None));
    assert_eq!(c.view(Side::Operator).operator, Some(ana()));
    let fx = c.handle(Timestamp(6), send(Peer::Operator(ana()), "r1", "Hello!"));
    let seen: Vec<String> = broadcasts(&fx, Audience::Visitors)
        .into_iter()
        .filter_map(|f| match f {
            ServerFrame::Message { message } => Some(message.author),
            _ => None,
        })
        .collect();
    assert_eq!(
        seen,
        vec![String::new()],
        "no name on the operator's messages"
    );
    // The visitor's own messages keep their author, for everyone.
    let fx = c.handle(Timestamp(7), send(Peer::Visitor, "m2", "thanks"));
    assert!(fx.iter().any(|e| matches!(
        e,
        Effect::Store {
            shown_author: None,
            ..
        }
    )));
    assert_eq!(broadcasts(&fx, Audience::Everyone).len(), 1);
}

#[test]
fn r_a_1_a_new_card_reaches_visitors_and_a_new_session_forgets_it() {
    let mut c = opened(false);
    c.handle(Timestamp(1), send(Peer::Visitor, "m1", "hi"));
    assign(&mut c, 1, Some(card("Ana")));
    // Same operator, another card (the settings changed): visitors only.
    let fx = assign(&mut c, 2, Some(card("Team")));
    assert_eq!(broadcasts(&fx, Audience::Operators), vec![]);
    assert_eq!(
        broadcasts(&fx, Audience::Visitors),
        vec![ServerFrame::Assigned {
            operator: None,
            card: Some(card("Team")),
        }]
    );
    c.handle(
        Timestamp(8),
        frame(Peer::Operator(ana()), ClientFrame::Close),
    );
    c.handle(Timestamp(9), send(Peer::Visitor, "m2", "one more thing"));
    assert_eq!(c.view(Side::Visitor).card, None);
}

#[test]
fn r_wh_3_the_email_left_reaches_operators_only() {
    let mut c = opened(false);
    c.handle(Timestamp(1), send(Peer::Visitor, "m1", "hi"));
    c.handle(
        Timestamp(2),
        Input::Routed(Route {
            paused: false,
            counts_replies: true,
            rev: 1,
            offered: vec![ana().id],
            assignee: None,
            unstaffed: false,
            card: None,
        }),
    );
    let rev = c.summary().rev;
    let fx = c.handle(
        Timestamp(3),
        Input::Contact {
            email: " ana@example.com ".into(),
        },
    );
    assert!(fx.contains(&Effect::SaveState));
    assert!(fx.iter().any(|e| matches!(
        e,
        Effect::Notify { to, summary }
            if to == &vec![ana().id] && summary.contact.as_deref() == Some("ana@example.com")
                && summary.rev > rev
    )));
    assert_eq!(c.summary().contact.as_deref(), Some("ana@example.com"));
    assert_eq!(
        c.view(Side::Operator).contact.as_deref(),
        Some("ana@example.com")
    );
    assert_eq!(c.view(Side::Visitor).contact, None);
    // The same address again changes nothing.
    assert!(c
        .handle(
            Timestamp(4),
            Input::Contact {
                email: "ana@example.com".into()
            }
        )
        .is_empty());
    let fx = c.handle(
        Timestamp(5),
        Input::Contact {
            email: "not an email".into(),
        },
    );
    assert_eq!(
        error(&fx),
        Some((
            ErrorCode::Invalid,
            "enter an email address such as name@example.com".into()
        ))
    );
    assert_eq!(c.summary().contact.as_deref(), Some("ana@example.com"));
}

#[test]
fn r_wh_3_r_c_1_no_email_is_kept_before_the_notice_is_accepted() {
    let mut c = opened(true);
    let fx = c.handle(
        Timestamp(1),
        Input::Contact {
            email: "ana@example.com".into(),
        },
    );
    assert_eq!(error(&fx).map(|e| e.0), Some(ErrorCode::ConsentRequired));
    assert_eq!(c.summary().contact, None);
}

#[test]
fn r_ch_4_visitors_see_the_chat_title_operators_the_channel_name() {
    let mut c = opened(false);
    c.state.opening.title = Some("Ask us anything".into());
    assert_eq!(c.view(Side::Visitor).channel.name, "Ask us anything");
    assert_eq!(c.view(Side::Operator).channel.name, "Shop");
    assert_eq!(c.summary().channel.name, "Shop");
}

#[test]
fn operators_see_the_sites_verified_user_and_their_email() {
    let mut c = opened(false);
    c.state.opening.identity = Some(crate::identity::VerifiedIdentity {
        id: "u-1".into(),
        name: Some("Rita Lee".into()),
        email: Some("rita@example.com".into()),
    });
    let s = c.summary();
    assert_eq!(s.identity.as_ref().map(|i| i.id.as_str()), Some("u-1"));
    assert_eq!(s.contact.as_deref(), Some("rita@example.com"));
    // An email left in the offline form wins: it is the newest.
    c.handle(
        Timestamp(1),
        Input::Contact {
            email: "r@work.example".into(),
        },
    );
    assert_eq!(c.summary().contact.as_deref(), Some("r@work.example"));
}

#[test]
fn r_crm_5_a_recognised_clients_conversation_goes_to_their_responsible_first() {
    let with = |route: bool| {
        let mut c = opened(false);
        c.state.opening.client = Some(ClientLink {
            id: ClientId::parse("cl_1").unwrap(),
            responsible: Some(UserId::parse("ana").unwrap()),
        });
        c.state.opening.crm.route_to_responsible = route;
        let fx = c.handle(Timestamp(1), send(Peer::Visitor, "m1", "hi"));
        fx.into_iter().find_map(|e| match e {
            Effect::Register { preferred, .. } => Some(preferred),
            _ => None,
        })
    };
    assert_eq!(with(true), Some(Some(UserId::parse("ana").unwrap())));
    assert_eq!(with(false), Some(None));
}

#[test]
fn r_crm_1_the_crm_hears_who_the_client_is_when_they_write_and_leave_an_email() {
    let mut c = opened(false);
    c.state.opening.identity = Some(crate::identity::VerifiedIdentity {
        id: "u-1".into(),
        name: Some("Rita".into()),
        email: None,
    });
    let sighting = |fx: Vec<Effect>| {
        fx.into_iter().find_map(|e| match e {
            Effect::Sight(s) => Some(s),
            _ => None,
        })
    };
    let s = sighting(c.handle(Timestamp(1), send(Peer::Visitor, "m1", "hi"))).expect("a sighting");
    assert_eq!(s.name.as_deref(), Some("Rita"));
    assert!(s.keys.contains(&"user:u-1".to_owned()), "{:?}", s.keys);
    assert!(s.keys.contains(&"visitor:v1".to_owned()), "{:?}", s.keys);
    // The next message of the same session tells nothing new.
    assert_eq!(
        sighting(c.handle(Timestamp(2), send(Peer::Visitor, "m2", "?"))),
        None
    );
    let s = sighting(c.handle(
        Timestamp(3),
        Input::Contact {
            email: "rita@example.com".into(),
        },
    ))
    .expect("a sighting with the email");
    assert!(s.keys.contains(&"email:rita@example.com".to_owned()));
}

// R-CRM-1: a client who writes through a connector is called by their own
// name on their card ("Carla Costa"), not by the conversation's
// "Carla Costa (Webhook)"; the console keeps the label for the conversation.
#[test]
fn r_crm_1_a_connectors_client_is_named_on_their_card_without_its_label() {
    use crate::connectors::{ClientIdentity, ConnectorKind, ConnectorLink};
    let client = ClientIdentity {
        kind: ConnectorKind::Webhook,
        external_id: "crm-77".into(),
        name: Some("Carla Costa".into()),
        username: None,
        email: None,
    };
    assert_eq!(client.visitor_name(), "Carla Costa (Webhook)");
    let mut c = opened(false);
    c.state.opening.visitor_name = client.visitor_name();
    c.state.opening.connector = Some(ConnectorLink {
        id: crate::ids::ConnectorId::parse("wh1").unwrap(),
        kind: ConnectorKind::Webhook,
        client: "crm-77".into(),
        email: None,
        name: client.contact_name(),
    });
    let s = c
        .handle(Timestamp(1), send(Peer::Visitor, "m1", "hi"))
        .into_iter()
        .find_map(|e| match e {
            Effect::Sight(s) => Some(s),
            _ => None,
        })
        .expect("a sighting");
    assert_eq!(s.name.as_deref(), Some("Carla Costa"));
    // Without a name from the source, the card has none, and is called
    // what the conversation calls the client.
    let nameless = ClientIdentity {
        name: None,
        ..client
    };
    assert_eq!(nameless.contact_name(), None);
    assert_eq!(nameless.visitor_name(), "Webhook client crm-77");
}
