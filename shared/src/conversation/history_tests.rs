//! The history by email (R-CH-7), with time as input.

use super::tests::send;
use super::*;

fn ask(c: &mut Conversation, at: i64, email: &str) -> Vec<Effect> {
    c.handle(
        Timestamp(at),
        Input::HistoryRequested {
            email: email.into(),
        },
    )
}

fn refused(fx: &[Effect]) -> Option<ErrorCode> {
    fx.iter().find_map(|e| match e {
        Effect::Reply(ServerFrame::Error { code, .. }) => Some(*code),
        _ => None,
    })
}

#[test]
fn r_ch_7_the_visitor_gets_the_history_at_a_valid_address_a_few_times_an_hour() {
    let mut c = Conversation::open(super::tests::shop(), Timestamp(0));
    assert_eq!(
        refused(&ask(&mut c, 1, "ana@example.com")),
        Some(ErrorCode::Invalid),
        "nothing written yet"
    );
    c.handle(Timestamp(2), send(Peer::Visitor, "m1", "hello"));
    assert_eq!(
        refused(&ask(&mut c, 3, "not an address")),
        Some(ErrorCode::Invalid)
    );
    for at in [10, 20, 30] {
        let fx = ask(&mut c, at, " ana@example.com ");
        assert!(fx.contains(&Effect::EmailHistory {
            to: "ana@example.com".into()
        }));
        assert!(fx.contains(&Effect::SaveState));
    }
    assert_eq!(
        refused(&ask(&mut c, 40, "ana@example.com")),
        Some(ErrorCode::TooMany)
    );
    // An hour after the first, one more is allowed.
    let fx = ask(&mut c, 10 + 3_600_000, "ana@example.com");
    assert_eq!(refused(&fx), None);
}

#[test]
fn r_ch_7_no_history_before_the_notice_is_accepted() {
    let mut c = Conversation::open(
        Opening {
            live_typing: true,
            consent_required: true,
            ..super::tests::shop()
        },
        Timestamp(0),
    );
    assert_eq!(
        refused(&ask(&mut c, 1, "ana@example.com")),
        Some(ErrorCode::ConsentRequired)
    );
}
