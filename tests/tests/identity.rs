//! Identity verification against a real `wrangler dev`: a site signs its
//! logged-in user's token (a JWT, HS256) with the channel's identity secret;
//! the visitor is then known by id, name and email. A bad, forged or expired
//! token is refused with its reason and the visitor stays anonymous.

use canal_shared::identity::sign;
use canal_shared::ids::ClientMsgId;
use canal_shared::protocol::{ClientFrame, InboxFrame, ServerFrame, VisitorSessionResponse};
use canal_tests::api::{get, login, post};
use canal_tests::cases;
use canal_tests::socket::{connect, join};
use canal_tests::suite;
use canal_tests::wait::PATIENCE;
use canal_tests::worker::Worker;
use serde_json::{json, Value};

fn main() {
    suite::run(
        || (),
        cases![a_sites_signed_user_is_known_and_a_bad_token_stays_anonymous(),],
    )
}

fn now_s() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

fn a_sites_signed_user_is_known_and_a_bad_token_stays_anonymous() {
    let w = Worker::start();
    let demo = w.setup("shop");
    let pw = demo.admin.password.clone();
    let admin = login(&w, "admin@example.com", &pw);
    let ana = login(&w, "ana@example.com", &pw);
    let channel = demo.channel.id.to_string();
    let session = |identity: Option<&str>| -> VisitorSessionResponse {
        let (status, res) = post(
            &w,
            "/api/visitor/session",
            None,
            &json!({"channel": channel, "identity": identity}),
        );
        assert_eq!(status, 200, "{res}");
        serde_json::from_value(res).unwrap()
    };
    let user = json!({"sub": "u-1", "name": "Rita Lee", "email": "rita@example.com", "exp": now_s() + 600});

    // No secret yet: refused with what to do.
    let s = session(Some(&sign("guess", &user)));
    assert!(s.identity.is_none());
    assert!(s.identity_error.unwrap().contains("no identity secret"));

    // Only admins make or read the secret.
    let path = format!("/api/channels/identity?channel={channel}");
    let (status, _) = get(&w, &path, Some(&ana.token));
    assert_eq!(status, 403);
    let (status, _) = post(
        &w,
        "/api/channels/identity",
        Some(&ana.token),
        &json!({"channel": channel}),
    );
    assert_eq!(status, 403);
    let (status, res) = get(&w, &path, Some(&admin.token));
    assert_eq!((status, &res["since"]), (200, &Value::Null), "{res}");
    let (status, res) = post(
        &w,
        "/api/channels/identity",
        Some(&admin.token),
        &json!({"channel": channel}),
    );
    assert_eq!(status, 200, "{res}");
    let secret = res["secret"].as_str().unwrap().to_owned();
    let (_, res) = get(&w, &path, Some(&admin.token));
    assert!(res["since"].is_number(), "{res}");
    assert!(res.get("secret").is_none(), "shown once only: {res}");

    // A good token: known by id, name and email.
    let s = session(Some(&sign(&secret, &user)));
    assert_eq!(s.identity_error, None);
    assert_eq!(s.visitor_name, "Rita Lee");
    let identity = s.identity.clone().expect("verified");
    assert_eq!(
        (identity.id.as_str(), identity.email.as_deref()),
        ("u-1", Some("rita@example.com"))
    );
    // Operators see who it is.
    let body = json!({
        "channel": channel,
        "settings": {"mode": "to_all", "idle_ms": 180_000, "check_online": false, "capacity": null},
        "entries": [{"kind": "user", "id": ana.user.id}],
    });
    let (status, res) = post(&w, "/api/queue", Some(&admin.token), &body);
    assert_eq!(status, 200, "{res}");
    let mut inbox =
        connect(&w.ws_url(&format!("/ws/inbox?token={}", ana.token))).expect("inbox opens");
    let mut vs = join(&w.ws_url(&format!(
        "/ws/visitor?conversation={}&token={}",
        s.conversation, s.token
    )));
    vs.send(&ClientFrame::Send {
        id: ClientMsgId::parse("m1").unwrap(),
        text: "Where is my order?".into(),
        file: None,
    });
    vs.until("the ack", |f| {
        matches!(f, ServerFrame::Ack { .. }).then_some(())
    });
    let summary = inbox.until_inbox("the conversation", PATIENCE, |f| match f {
        InboxFrame::Upsert { conversation } if conversation.id == s.conversation => {
            Some(conversation.clone())
        }
        InboxFrame::Snapshot { conversations } => conversations
            .iter()
            .find(|c| c.id == s.conversation)
            .cloned(),
        _ => None,
    });
    assert_eq!(summary.visitor_name, "Rita Lee");
    assert_eq!(summary.identity, Some(identity));
    assert_eq!(summary.contact.as_deref(), Some("rita@example.com"));

    // Forged, expired, or signed with a secret since replaced: anonymous,
    // with the reason.
    let forged = session(Some(&sign("not-the-secret", &user)));
    assert!(forged.identity.is_none());
    assert!(forged.visitor_name.starts_with("Visitor "));
    assert!(forged.identity_error.unwrap().contains("signature"));
    let expired = json!({"sub": "u-1", "exp": now_s() - 1});
    let e = session(Some(&sign(&secret, &expired)));
    assert!(e.identity.is_none());
    assert!(e.identity_error.unwrap().contains("expired"));
    let e = session(Some("not-a-jwt"));
    assert!(e.identity_error.unwrap().contains("not a JWT"));
    let (_, res) = post(
        &w,
        "/api/channels/identity",
        Some(&admin.token),
        &json!({"channel": channel}),
    );
    assert_ne!(res["secret"].as_str().unwrap(), secret);
    let old = session(Some(&sign(&secret, &user)));
    assert!(old.identity.is_none(), "the old secret no longer works");
    // Without a token, nothing to refuse.
    let plain = session(None);
    assert_eq!((plain.identity, plain.identity_error), (None, None));
}
