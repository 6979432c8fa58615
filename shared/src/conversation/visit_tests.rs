//! Who the visitor is and where (issue #20): bounded, for operators only,
//! and only after the personal-data notice (R-C-1).

use super::tests::{frame, send};
use super::*;
use crate::consent::ConsentKey;
use crate::ids::UserId;
use crate::protocol::{OperatorInfo, Side, PROTOCOL_VERSION};

fn opened(consent_required: bool) -> Conversation {
    Conversation::open(
        Opening {
            consent_required,
            ..super::tests::shop()
        },
        Timestamp(0),
    )
}

fn visit(url: &str) -> ClientFrame {
    ClientFrame::Visit {
        url: url.into(),
        title: "Pricing".into(),
        referrer: Some("https://search.example/?q=canal".into()),
        lang: Some("pt-BR".into()),
        time_zone: Some("America/Sao_Paulo".into()),
        user_agent: Some("Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0.0.0".into()),
    }
}

fn ana() -> Peer {
    Peer::Operator(OperatorInfo {
        id: UserId::parse("ana").unwrap(),
        name: "Ana".into(),
    })
}

fn errors(fx: &[Effect]) -> Vec<ErrorCode> {
    fx.iter()
        .filter_map(|e| match e {
            Effect::Reply(ServerFrame::Error { code, .. }) => Some(*code),
            _ => None,
        })
        .collect()
}

/// Every frame that would reach a visitor's socket.
fn to_visitors(fx: &[Effect]) -> Vec<&ServerFrame> {
    fx.iter()
        .filter_map(|e| match e {
            Effect::Broadcast {
                to: Audience::Visitors | Audience::Everyone,
                frame,
            } => Some(frame),
            _ => None,
        })
        .collect()
}

#[test]
fn operators_see_where_the_visitor_is_and_visitors_never_do() {
    let mut c = opened(false);
    let fx = c.handle(
        Timestamp(10),
        frame(Peer::Visitor, visit("https://shop.example/")),
    );
    assert!(fx.contains(&Effect::SaveState));
    assert!(to_visitors(&fx).is_empty());
    let context = fx
        .iter()
        .find_map(|e| match e {
            Effect::Broadcast {
                to: Audience::Operators,
                frame: ServerFrame::Visitor { context },
            } => Some(context.clone()),
            _ => None,
        })
        .expect("operators hear of it");
    assert_eq!(context.page.url, "https://shop.example/");
    assert_eq!(context.time_zone.as_deref(), Some("America/Sao_Paulo"));
    assert_eq!(c.view(Side::Operator).visitor, Some(context));
    assert_eq!(c.view(Side::Visitor).visitor, None);
    // The same page again (a reconnect) changes nothing.
    assert!(c
        .handle(
            Timestamp(11),
            frame(Peer::Visitor, visit("https://shop.example/"))
        )
        .is_empty());
    // The next page leads the trail.
    c.handle(
        Timestamp(12),
        frame(Peer::Visitor, visit("https://shop.example/cart")),
    );
    let trail: Vec<String> = c
        .view(Side::Operator)
        .visitor
        .unwrap()
        .trail
        .into_iter()
        .map(|p| p.url)
        .collect();
    assert_eq!(
        trail,
        ["https://shop.example/cart", "https://shop.example/"]
    );
    let json = serde_json::to_string(&ServerFrame::Welcome {
        version: PROTOCOL_VERSION,
        you: Side::Visitor,
        conversation: c.view(Side::Visitor),
    })
    .unwrap();
    assert!(!json.contains("shop.example"), "{json}");
}

#[test]
fn a_bad_visit_is_refused_and_changes_nothing() {
    // R-S-3
    let mut c = opened(false);
    for (bad, code) in [
        (visit("javascript:alert(1)"), ErrorCode::Invalid),
        (
            visit(&format!("https://shop.example/{}", "a".repeat(3000))),
            ErrorCode::TooLarge,
        ),
        (
            ClientFrame::Visit {
                url: "https://shop.example/".into(),
                title: String::new(),
                referrer: None,
                lang: None,
                time_zone: Some("Nowhere/Atlantis".into()),
                user_agent: None,
            },
            ErrorCode::Invalid,
        ),
    ] {
        let fx = c.handle(Timestamp(10), frame(Peer::Visitor, bad));
        assert_eq!(errors(&fx), [code]);
        assert!(!fx.contains(&Effect::SaveState));
    }
    assert_eq!(c.view(Side::Operator).visitor, None);
    // Operators do not report pages.
    let fx = c.handle(Timestamp(10), frame(ana(), visit("https://shop.example/")));
    assert_eq!(errors(&fx), [ErrorCode::Forbidden]);
}

#[test]
fn nothing_is_kept_before_the_notice_is_accepted() {
    // R-C-1: the notice covers what the widget reports.
    let mut c = opened(true);
    let fx = c.handle(
        Timestamp(10),
        frame(Peer::Visitor, visit("https://shop.example/")),
    );
    assert!(fx.is_empty(), "{fx:?}");
    assert_eq!(c.view(Side::Operator).visitor, None);
    c.handle(
        Timestamp(11),
        Input::Consent {
            key: ConsentKey {
                text: None,
                version: 1,
            },
            page: "https://shop.example/".into(),
        },
    );
    c.handle(
        Timestamp(12),
        frame(Peer::Visitor, visit("https://shop.example/")),
    );
    assert!(c.view(Side::Operator).visitor.is_some());
}

#[test]
fn visit_frames_count_against_the_visitors_rate() {
    // R-S-3: one more visitor frame, limited like the others.
    let mut c = opened(false);
    c.handle(Timestamp(1), send(Peer::Visitor, "m1", "hi"));
    let refused = (0..500).any(|n| {
        let fx = c.handle(
            Timestamp(2),
            frame(Peer::Visitor, visit(&format!("https://shop.example/{n}"))),
        );
        errors(&fx).contains(&ErrorCode::TooMany)
    });
    assert!(refused);
}

#[test]
fn state_saved_before_visits_loads() {
    let c = opened(false);
    let mut json = serde_json::to_value(c.state()).unwrap();
    json.as_object_mut().unwrap().remove("visitor");
    let state: ConversationState = serde_json::from_value(json).unwrap();
    assert_eq!(
        Conversation::restore(state).view(Side::Operator).visitor,
        None
    );
}
