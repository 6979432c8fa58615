//! Integration tests of the widget's settings against a real `wrangler dev`:
//! the personal-data notice and its acceptances (R-C-1), what visitors see
//! of the operator (R-A-1), the working-hours display and the offline form's
//! email (R-WH-3). Each case starts its own worker with fresh state, since
//! each changes the channel's settings.

use std::time::{Duration, Instant};

use canal_shared::consent::{ConsentAcceptances, ConsentKey, ConsentText};
use canal_shared::ids::{ClientMsgId, ConversationId, Seq};
use canal_shared::protocol::{
    ClientFrame, ConversationView, ErrorCode, InboxFrame, LoginResponse, Message, ServerFrame,
    Side, VisitorSessionResponse, PROTOCOL_VERSION,
};
use canal_shared::widget_settings::{OperatorCard, WidgetConfig};
use canal_tests::api::{get, login, post, visitor};
use canal_tests::cases;
use canal_tests::socket::{connect, Socket};
use canal_tests::suite;
use canal_tests::wait::PATIENCE;
use canal_tests::worker::{Demo, Worker};
use serde_json::{json, Value};

fn main() {
    suite::run(
        || (),
        cases![
            r_c_1_the_visitor_writes_only_after_accepting(),
            r_c_1_a_new_version_changes_the_key_and_old_ones_are_refused(),
            r_c_1_admins_list_acceptances_page_by_page(),
            r_wh_3_the_widget_config_is_public_and_knows_the_hours(),
            r_a_1_a_hidden_operator_shows_nothing_to_the_visitor(),
            r_a_1_custom_entries_replace_the_profile(),
            r_a_1_a_profile_change_shows_on_the_next_assignment(),
            r_wh_3_the_email_left_reaches_the_operator(),
        ],
    )
}

/// A worker with the demo team signed in.
struct Team {
    w: Worker,
    demo: Demo,
    admin: LoginResponse,
    ana: LoginResponse,
    bruno: LoginResponse,
}

impl Team {
    fn new() -> Team {
        let w = Worker::start();
        let demo = w.setup("shop");
        let pw = demo.admin.password.clone();
        Team {
            admin: login(&w, "admin@example.com", &pw),
            ana: login(&w, "ana@example.com", &pw),
            bruno: login(&w, "bruno@example.com", &pw),
            w,
            demo,
        }
    }

    fn channel(&self) -> String {
        self.demo.channel.id.to_string()
    }

    /// Saves the channel's widget settings as an admin; returns them as saved.
    fn settings(&self, settings: Value) -> Value {
        let body = json!({"channel": self.channel(), "settings": settings});
        let (status, res) = post(
            &self.w,
            "/api/widget-settings",
            Some(&self.admin.token),
            &body,
        );
        assert_eq!(status, 200, "saving the widget settings: {res}");
        res
    }

    /// Saves a consent text as an admin.
    fn text(&self, id: Option<&str>, name: &str, body: &str) -> ConsentText {
        let (status, res) = post(
            &self.w,
            "/api/consent/texts",
            Some(&self.admin.token),
            &json!({"id": id, "name": name, "body": body}),
        );
        assert_eq!(status, 200, "saving a consent text: {res}");
        serde_json::from_value(res).expect("a consent text")
    }

    /// The public widget config.
    fn config(&self) -> WidgetConfig {
        let (status, res) = get(
            &self.w,
            &format!("/api/widget/config?channel={}", self.channel()),
            None,
        );
        assert_eq!(status, 200, "{res}");
        serde_json::from_value(res).expect("a widget config")
    }

    /// A visitor session and its greeted socket, with the welcome's view.
    fn visitor(&self) -> (VisitorSessionResponse, Socket, ConversationView) {
        let v = visitor(&self.w, &self.channel());
        let mut s = self.visitor_socket(&v);
        let view = welcome(&mut s, 0);
        (v, s, view)
    }

    fn visitor_socket(&self, v: &VisitorSessionResponse) -> Socket {
        connect(&self.w.ws_url(&format!(
            "/ws/visitor?conversation={}&token={}",
            v.conversation, v.token
        )))
        .expect("visitor socket opens")
    }

    /// An operator's greeted socket on `c`, with the welcome's view.
    fn operator(&self, who: &LoginResponse, c: &ConversationId) -> (Socket, ConversationView) {
        let mut s = connect(&self.w.ws_url(&format!(
            "/ws/operator?conversation={c}&token={}",
            who.token
        )))
        .expect("operator socket opens");
        let view = welcome(&mut s, 0);
        (s, view)
    }

    /// The operator's inbox socket, past its snapshot.
    fn inbox(&self, who: &LoginResponse) -> Socket {
        let mut s = connect(&self.w.ws_url(&format!("/ws/inbox?token={}", who.token)))
            .expect("inbox opens");
        assert!(matches!(s.next_inbox(), InboxFrame::Snapshot { .. }));
        s
    }

    /// An admin gives `c` to `who` (once the channel knows it).
    fn assign(&self, c: &ConversationId, who: &LoginResponse) {
        let start = Instant::now();
        loop {
            let (status, res) = post(
                &self.w,
                "/api/conversations/transfer",
                Some(&self.admin.token),
                &json!({"channel": self.channel(), "conversation": c, "to": who.user.id}),
            );
            if status == 200 {
                return;
            }
            assert!(
                status == 404 && start.elapsed() < PATIENCE,
                "transfer: {status} {res}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// A visitor's call with their token.
    fn visitor_call(&self, v: &VisitorSessionResponse, path: &str, body: &Value) -> (u16, Value) {
        post(&self.w, path, Some(&v.token), body)
    }

    fn accept(&self, v: &VisitorSessionResponse, key: &ConsentKey, page: &str) -> (u16, Value) {
        self.visitor_call(
            v,
            "/api/visitor/consent",
            &json!({"conversation": v.conversation, "key": key, "page": page}),
        )
    }

    fn acceptances(&self, who: &LoginResponse, before: Option<i64>) -> (u16, Value) {
        let mut path = format!("/api/consent/acceptances?channel={}", self.channel());
        if let Some(b) = before {
            path.push_str(&format!("&before={b}"));
        }
        get(&self.w, &path, Some(&who.token))
    }
}

fn welcome(s: &mut Socket, after: u64) -> ConversationView {
    s.send(&ClientFrame::Hello {
        version: PROTOCOL_VERSION,
        after: Seq(after),
    });
    match s.frame() {
        ServerFrame::Welcome { conversation, .. } => conversation,
        other => panic!("expected welcome, got {other:?}"),
    }
}

fn send(s: &mut Socket, id: &str, text: &str) {
    s.send(&ClientFrame::Send {
        id: ClientMsgId::parse(id).unwrap(),
        text: text.into(),
        file: None,
    });
}

/// The ack of `id`, or the error refusing it.
fn answer(s: &mut Socket, id: &str) -> Result<Seq, (ErrorCode, String)> {
    s.until(&format!("the answer to {id}"), |f| match f {
        ServerFrame::Ack { id: got, seq, .. } if got.as_str() == id => Some(Ok(*seq)),
        ServerFrame::Error {
            id: Some(got),
            code,
            message,
            ..
        } if got.as_str() == id => Some(Err((*code, message.clone()))),
        _ => None,
    })
}

/// What a visitor's socket is told of who answers.
fn assigned_card(s: &mut Socket) -> Option<OperatorCard> {
    s.until("the assignment", |f| match f {
        ServerFrame::Assigned { operator, card } => {
            assert_eq!(operator, &None, "visitors never get the operator");
            Some(card.clone())
        }
        _ => None,
    })
}

/// The next operator message on a socket.
fn operator_message(s: &mut Socket) -> Message {
    s.until("the operator's message", |f| match f {
        ServerFrame::Message { message } if message.side == Side::Operator => Some(message.clone()),
        _ => None,
    })
}

fn message_of(body: &Value) -> &str {
    body["message"].as_str().unwrap_or_default()
}

// R-C-1: with a notice on, the visitor's messages are refused until they
// accept it; then they go through, and a second acceptance changes nothing.
fn r_c_1_the_visitor_writes_only_after_accepting() {
    let t = Team::new();
    let text = t.text(None, "Privacy", "We keep your messages for a year.");
    assert_eq!(text.version, 1);
    t.settings(json!({"consent": {"kind": "text", "id": text.id}}));
    let notice = t.config().consent.expect("the notice is in the config");
    assert_eq!(notice.body, "We keep your messages for a year.");

    let (v, mut vs, view) = t.visitor();
    assert!(view.consent_needed);
    send(&mut vs, "m1", "hello");
    assert_eq!(
        answer(&mut vs, "m1"),
        Err((
            ErrorCode::ConsentRequired,
            "accept the personal-data notice before writing".into()
        ))
    );

    // Only the conversation's visitor accepts for it.
    let (status, _) = post(
        &t.w,
        "/api/visitor/consent",
        None,
        &json!({"conversation": v.conversation, "key": notice.key, "page": "p"}),
    );
    assert_eq!(status, 401);
    let other = visitor(&t.w, &t.channel());
    let (status, err) = t.visitor_call(
        &other,
        "/api/visitor/consent",
        &json!({"conversation": v.conversation, "key": notice.key, "page": "p"}),
    );
    assert_eq!(status, 403, "{err}");

    let (status, res) = t.accept(&v, &notice.key, "https://shop.example/");
    assert_eq!(status, 200, "{res}");
    send(&mut vs, "m1", "hello");
    assert_eq!(answer(&mut vs, "m1"), Ok(Seq(1)));
    // A reconnecting widget learns it was accepted.
    let mut again = t.visitor_socket(&v);
    assert!(!welcome(&mut again, 1).consent_needed);

    let (status, res) = t.accept(&v, &notice.key, "https://shop.example/other");
    assert_eq!(status, 200, "idempotent: {res}");
    let (_, list) = t.acceptances(&t.admin, None);
    let list: ConsentAcceptances = serde_json::from_value(list).unwrap();
    let mine: Vec<_> = list
        .acceptances
        .iter()
        .filter(|a| a.conversation == v.conversation)
        .collect();
    assert_eq!(mine.len(), 1, "recorded once: {list:?}");
    assert_eq!(mine[0].page, "https://shop.example/");
}

// R-C-1: saving a new body makes a new version, which the config shows;
// acceptances of the old one are refused; a channel without a notice asks
// for none.
fn r_c_1_a_new_version_changes_the_key_and_old_ones_are_refused() {
    let t = Team::new();
    let (v, mut vs, view) = t.visitor();
    assert!(!view.consent_needed, "no notice, nothing asked");
    let (status, err) = t.accept(
        &v,
        &ConsentKey {
            text: None,
            version: 1,
        },
        "p",
    );
    assert_eq!(status, 400, "{err}");
    assert_eq!(
        message_of(&err),
        "this channel shows no personal-data notice"
    );
    send(&mut vs, "m1", "hello");
    assert_eq!(answer(&mut vs, "m1"), Ok(Seq(1)));

    let first = t.text(None, "Privacy", "Version one.");
    t.settings(json!({"consent": {"kind": "text", "id": first.id}}));
    let old = t.config().consent.unwrap().key;
    assert_eq!(old.version, 1);
    let (v, _, view) = t.visitor();
    assert!(view.consent_needed);

    // A new name alone keeps the version; a new body makes version 2.
    let renamed = t.text(Some(first.id.as_str()), "Privacy notice", "Version one.");
    assert_eq!(
        (renamed.version, renamed.name.as_str()),
        (1, "Privacy notice")
    );
    let second = t.text(Some(first.id.as_str()), "Privacy notice", "Version two.");
    assert_eq!(second.version, 2);
    let notice = t.config().consent.unwrap();
    assert_eq!(notice.key.version, 2);
    assert_eq!(notice.body, "Version two.");
    let (status, texts) = get(&t.w, "/api/consent/texts", Some(&t.admin.token));
    assert_eq!(status, 200, "{texts}");
    assert_eq!(texts["texts"].as_array().unwrap().len(), 1);
    assert_eq!(texts["texts"][0]["version"], json!(2));

    let (status, err) = t.accept(&v, &old, "p");
    assert_eq!(status, 409, "{err}");
    assert_eq!(
        message_of(&err),
        "this notice has changed since it was shown: read it again and accept"
    );
    let (status, res) = t.accept(&v, &notice.key, "p");
    assert_eq!(status, 200, "{res}");

    // A picked text must exist; operators may not change settings.
    let body =
        json!({"channel": t.channel(), "settings": {"consent": {"kind": "text", "id": "t_nope"}}});
    let (status, err) = post(&t.w, "/api/widget-settings", Some(&t.admin.token), &body);
    assert_eq!(status, 400, "{err}");
    assert_eq!(
        message_of(&err),
        "there is no consent text t_nope: pick one from the list"
    );
    let (status, _) = post(&t.w, "/api/widget-settings", Some(&t.ana.token), &body);
    assert_eq!(status, 403);
    let (status, _) = post(
        &t.w,
        "/api/consent/texts",
        Some(&t.ana.token),
        &json!({"name": "x", "body": "y"}),
    );
    assert_eq!(status, 403);
}

// R-C-1: admins read who accepted which version where, newest first, fifty a
// page; operators may not. The channel's own text counts its versions too.
fn r_c_1_admins_list_acceptances_page_by_page() {
    let t = Team::new();
    let saved =
        t.settings(json!({"consent": {"kind": "own", "body": "Our own notice.", "version": 7}}));
    assert_eq!(
        saved["consent"],
        json!({"kind": "own", "body": "Our own notice.", "version": 1}),
        "the server counts the versions"
    );
    let again = t.settings(json!({"consent": {"kind": "own", "body": "Our own notice."}}));
    assert_eq!(
        again["consent"]["version"],
        json!(1),
        "same body, same version"
    );
    let (status, got) = get(
        &t.w,
        &format!("/api/widget-settings?channel={}", t.channel()),
        Some(&t.admin.token),
    );
    assert_eq!(status, 200, "{got}");
    assert_eq!(got["consent"]["version"], json!(1));
    t.settings(json!({"consent": {"kind": "own", "body": "Our new notice."}}));
    let key = t.config().consent.unwrap().key;
    assert_eq!(
        key,
        ConsentKey {
            text: None,
            version: 2
        }
    );

    let mut visitors = Vec::new();
    for i in 0..52 {
        let v = visitor(&t.w, &t.channel());
        let (status, res) = t.accept(&v, &key, &format!("https://shop.example/{i}\n"));
        assert_eq!(status, 200, "{res}");
        visitors.push(v);
    }
    let (status, _) = t.acceptances(&t.ana, None);
    assert_eq!(status, 403, "admins only");

    let (status, first) = t.acceptances(&t.admin, None);
    assert_eq!(status, 200, "{first}");
    let first: ConsentAcceptances = serde_json::from_value(first).unwrap();
    assert!(first.acceptances.len() >= 50, "{}", first.acceptances.len());
    let newest = &first.acceptances[0];
    let last = visitors.last().unwrap();
    assert_eq!(newest.visitor, last.visitor);
    assert_eq!(newest.conversation, last.conversation);
    assert_eq!(newest.key, key);
    assert_eq!(
        newest.page, "https://shop.example/51",
        "control characters dropped"
    );
    assert!(first.acceptances.windows(2).all(|w| w[0].at >= w[1].at));
    let next = first.next.expect("a second page");
    let (_, second) = t.acceptances(&t.admin, Some(next.0));
    let second: ConsentAcceptances = serde_json::from_value(second).unwrap();
    assert_eq!(second.next, None);
    let mut all: Vec<_> = first
        .acceptances
        .iter()
        .chain(&second.acceptances)
        .map(|a| a.conversation.clone())
        .collect();
    all.sort();
    all.dedup();
    assert_eq!(all.len(), 52, "every acceptance once across the pages");
}

// R-WH-3: anyone reads the config (it is cacheable); out of hours it says
// closed, with what to show.
fn r_wh_3_the_widget_config_is_public_and_knows_the_hours() {
    let t = Team::new();
    let r = ureq::get(&t.w.url(&format!("/api/widget/config?channel={}", t.channel())))
        .call()
        .expect("the config");
    assert_eq!(r.header("cache-control"), Some("public, max-age=60"));
    let config: WidgetConfig = r.into_json().unwrap();
    assert!(config.open, "always open without working hours");
    assert_eq!(config.next_change, None);
    assert_eq!(config.consent, None);
    assert_eq!(config.channel.name, "Open Channel 1");
    assert_eq!(
        serde_json::to_value(config.out_of_hours).unwrap(),
        json!("chat")
    );
    let (status, _) = get(&t.w, "/api/widget/config?channel=nope", None);
    assert_eq!(status, 404);

    // Closed every day of the week, and the widget shows the form.
    let path = format!("/api/automation?channel={}", t.channel());
    let (_, mut automation) = get(&t.w, &path, Some(&t.admin.token));
    automation["hours"] =
        json!({"zone": "Europe/Lisbon", "week": [[], [], [], [], [], [], []], "holidays": []});
    let (status, res) = post(&t.w, "/api/automation", Some(&t.admin.token), &automation);
    assert_eq!(status, 200, "{res}");
    t.settings(json!({"out_of_hours": "form"}));
    let config = t.config();
    assert!(!config.open);
    assert_eq!(config.next_change, None, "it never opens");
    assert_eq!(
        serde_json::to_value(config.out_of_hours).unwrap(),
        json!("form")
    );

    // Open all day, every day: open, and it never closes.
    let day = json!([{"start": "00:00", "end": "24:00"}]);
    automation["hours"]["week"] = json!([day, day, day, day, day, day, day]);
    let (status, res) = post(&t.w, "/api/automation", Some(&t.admin.token), &automation);
    assert_eq!(status, 200, "{res}");
    assert!(t.config().open);
}

// R-A-1: with operators hidden the visitor learns nothing about who answers
// (no card, no name on the replies), while the operator's side shows it.
fn r_a_1_a_hidden_operator_shows_nothing_to_the_visitor() {
    let t = Team::new();
    let saved = t.settings(json!({"operator_display": "hidden"}));
    assert_eq!(saved["operator_display"], json!("hidden"));
    let (v, mut vs, _) = t.visitor();
    send(&mut vs, "m1", "hello");
    answer(&mut vs, "m1").unwrap();
    t.assign(&v.conversation, &t.ana);
    assert_eq!(assigned_card(&mut vs), None);

    let (mut os, view) = t.operator(&t.ana, &v.conversation);
    assert_eq!(view.operator.map(|o| o.name), Some("Ana".into()));
    assert_eq!(view.card, None);
    send(&mut os, "r1", "How can I help?");
    answer(&mut os, "r1").unwrap();
    assert_eq!(operator_message(&mut os).author, "Ana");
    assert_eq!(
        operator_message(&mut vs).author,
        "",
        "no name for the visitor"
    );

    // Nor after a reload (the history is replayed).
    let mut again = t.visitor_socket(&v);
    let view = welcome(&mut again, 0);
    assert_eq!((view.operator, view.card), (None, None));
    assert_eq!(operator_message(&mut again).author, "");
}

// R-A-1: the channel's entry replaces the operator's profile.
fn r_a_1_custom_entries_replace_the_profile() {
    let t = Team::new();
    let entry = json!({"name": "Sales team", "position": "Sales", "avatar": "https://cdn.example/sales.png"});
    t.settings(json!({
        "operator_display": "custom",
        "custom_cards": [{"user": t.ana.user.id, "card": entry}],
    }));
    let (v, mut vs, _) = t.visitor();
    send(&mut vs, "m1", "hello");
    answer(&mut vs, "m1").unwrap();
    t.assign(&v.conversation, &t.ana);
    let card = assigned_card(&mut vs).expect("the channel's entry");
    assert_eq!(serde_json::to_value(&card).unwrap(), entry);
    let mut again = t.visitor_socket(&v);
    assert_eq!(welcome(&mut again, 0).card, Some(card));

    let (mut os, _) = t.operator(&t.ana, &v.conversation);
    send(&mut os, "r1", "Hi!");
    answer(&mut os, "r1").unwrap();
    assert_eq!(operator_message(&mut vs).author, "Sales team");

    // Bruno has no entry: visitors see nothing of him.
    let (v2, mut vs2, _) = t.visitor();
    send(&mut vs2, "m1", "hello");
    answer(&mut vs2, "m1").unwrap();
    t.assign(&v2.conversation, &t.bruno);
    assert_eq!(assigned_card(&mut vs2), None);
}

// R-A-1: an operator edits their own profile (an admin anyone's); visitors
// see it from the next assignment on.
fn r_a_1_a_profile_change_shows_on_the_next_assignment() {
    let t = Team::new();
    let (v, mut vs, _) = t.visitor();
    send(&mut vs, "m1", "hello");
    answer(&mut vs, "m1").unwrap();
    t.assign(&v.conversation, &t.ana);
    assert_eq!(
        assigned_card(&mut vs),
        Some(OperatorCard {
            name: "Ana".into(),
            position: None,
            avatar: None
        })
    );

    let profile = |card: Value| json!({"user": t.ana.user.id, "card": card});
    let (status, _) = post(
        &t.w,
        "/api/people/profile",
        Some(&t.bruno.token),
        &profile(json!({"name": "Not Ana"})),
    );
    assert_eq!(status, 403, "only herself or an admin");
    let (status, err) = post(
        &t.w,
        "/api/people/profile",
        Some(&t.ana.token),
        &profile(json!({"name": "Ana", "avatar": "javascript:alert(1)"})),
    );
    assert_eq!(status, 400);
    assert!(message_of(&err).contains("https://"), "{err}");
    let card = json!({"name": "Ana Lima", "position": "Support lead", "avatar": "https://cdn.example/ana.png"});
    let (status, person) = post(
        &t.w,
        "/api/people/profile",
        Some(&t.ana.token),
        &profile(card.clone()),
    );
    assert_eq!(status, 200, "{person}");
    assert_eq!(person["position"], json!("Support lead"));
    let (_, people) = get(&t.w, "/api/people", Some(&t.admin.token));
    assert!(people["people"]
        .as_array()
        .unwrap()
        .iter()
        .any(|p| p["name"] == json!("Ana Lima") && p["avatar"] == card["avatar"]));

    let (v2, mut vs2, _) = t.visitor();
    send(&mut vs2, "m1", "hello");
    answer(&mut vs2, "m1").unwrap();
    t.assign(&v2.conversation, &t.ana);
    let seen = assigned_card(&mut vs2).expect("her profile");
    assert_eq!(serde_json::to_value(seen).unwrap(), card);
}

// R-WH-3: the email left in the offline form reaches the operator's view
// and inbox, never the visitor's view; a malformed one is refused.
fn r_wh_3_the_email_left_reaches_the_operator() {
    let t = Team::new();
    let mut inbox = t.inbox(&t.ana);
    let (v, mut vs, _) = t.visitor();
    send(&mut vs, "m1", "Please write back");
    answer(&mut vs, "m1").unwrap();
    t.assign(&v.conversation, &t.ana);

    let contact = |email: &str| json!({"conversation": v.conversation, "email": email});
    let (status, err) = t.visitor_call(&v, "/api/visitor/contact", &contact("not an email"));
    assert_eq!(status, 400);
    assert_eq!(
        message_of(&err),
        "enter an email address such as name@example.com"
    );
    let (status, _) = post(
        &t.w,
        "/api/visitor/contact",
        None,
        &contact("client@example.com"),
    );
    assert_eq!(status, 401);
    let other = visitor(&t.w, &t.channel());
    let (status, _) = t.visitor_call(&other, "/api/visitor/contact", &contact("x@example.com"));
    assert_eq!(status, 403, "another visitor's conversation");

    let (status, res) =
        t.visitor_call(&v, "/api/visitor/contact", &contact(" client@example.com "));
    assert_eq!(status, 200, "{res}");
    inbox.until_inbox("the contact in the inbox", PATIENCE, |f| match f {
        InboxFrame::Upsert { conversation }
            if conversation.id == v.conversation
                && conversation.contact.as_deref() == Some("client@example.com") =>
        {
            Some(())
        }
        _ => None,
    });
    let (_, view) = t.operator(&t.ana, &v.conversation);
    assert_eq!(view.contact.as_deref(), Some("client@example.com"));
    let mut again = t.visitor_socket(&v);
    assert_eq!(welcome(&mut again, 0).contact, None);
}
