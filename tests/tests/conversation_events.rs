//! Issue #20 against a real `wrangler dev`: the operators' private notes
//! never reach the visitor (live, on replay, or in the emailed history,
//! R-CH-7), and a visitor cannot write one; the channel's real-time typing
//! setting (R-RT-1) and the personal-data notice (R-C-1) keep the visitor's
//! draft from operators, whatever a raw client sends; and a transfer,
//! closing and reopening are said in the chat as event lines that replay
//! in order.
//!
//! In headless Chromium (`console_and_widget_show_a_note_and_event_lines`):
//! the widget on a host page of another site, the console beside it.
//!
//! Screenshots: target/test-artefacts/events-console.png,
//! events-widget.png.

use std::sync::{Mutex, OnceLock};
use std::time::Duration;

use canal_shared::ids::{ClientMsgId, ConversationId, Seq};
use canal_shared::protocol::{
    ChatEvent, ClientFrame, ConversationView, ErrorCode, Message, ServerFrame, Side,
    VisitorSessionResponse, PROTOCOL_VERSION,
};
use canal_tests::api::{get, post, visitor};
use canal_tests::browser::{Browser, Driver, ENTER};
use canal_tests::cases;
use canal_tests::host::{Host, Page};
use canal_tests::mail::parse;
use canal_tests::scenario::{hello, send, take, Team};
use canal_tests::socket::{connect, Socket};
use canal_tests::suite;
use canal_tests::wait::until;
use serde_json::{json, Value};

struct Ctx {
    team: Team,
    /// The cases that change the channel's settings run one at a time.
    settings: Mutex<()>,
    /// Started by the browser case.
    driver: OnceLock<Driver>,
}

impl std::ops::Deref for Ctx {
    type Target = Team;
    fn deref(&self) -> &Team {
        &self.team
    }
}

fn main() {
    suite::run(
        || Ctx {
            team: Team::start(),
            settings: Mutex::new(()),
            driver: OnceLock::new(),
        },
        cases![
            notes_20_never_reach_the_visitor_live_on_replay_or_by_email,
            r_rt_1_with_real_time_typing_off_operators_see_only_that_the_visitor_types,
            r_c_1_no_draft_reaches_operators_before_the_notice_is_accepted,
            events_20_a_transfer_closing_and_reopening_are_said_in_the_chat,
            console_and_widget_show_a_note_and_event_lines,
        ],
    )
}

/// A visitor's socket, said hello, with its welcome.
fn visitor_socket(ctx: &Ctx, v: &VisitorSessionResponse, after: u64) -> (Socket, ConversationView) {
    let mut s = connect(&ctx.w.ws_url(&format!(
        "/ws/visitor?conversation={}&token={}",
        v.conversation, v.token
    )))
    .expect("visitor socket");
    s.send(&ClientFrame::Hello {
        version: PROTOCOL_VERSION,
        after: Seq(after),
    });
    let view = s.until("the welcome", |f| match f {
        ServerFrame::Welcome { conversation, .. } => Some(conversation.clone()),
        _ => None,
    });
    (s, view)
}

/// An operator's socket on `c`, said hello.
fn operator_socket(ctx: &Ctx, token: &str, c: &ConversationId) -> Socket {
    let mut s = connect(
        &ctx.w
            .ws_url(&format!("/ws/operator?conversation={c}&token={token}")),
    )
    .expect("operator socket");
    hello(&mut s);
    s.until("the welcome", |f| {
        matches!(f, ServerFrame::Welcome { .. }).then_some(())
    });
    s
}

/// A visitor who wrote `text`, with their socket, and the conversation
/// accepted by Ana, with her socket.
fn taken(ctx: &Ctx, text: &str) -> (VisitorSessionResponse, Socket, Socket) {
    let mut inbox =
        connect(&ctx.w.ws_url(&format!("/ws/inbox?token={}", ctx.ana.token))).expect("Ana's inbox");
    let v = visitor(&ctx.w, ctx.demo.channel.id.as_str());
    let (mut vs, _) = visitor_socket(ctx, &v, 0);
    send(&mut vs, "m1", text);
    let c = v.conversation.clone();
    take(&ctx.w, &ctx.demo.channel.id, &ctx.ana, &mut inbox, &c);
    let os = operator_socket(ctx, &ctx.ana.token, &c);
    (v, vs, os)
}

/// Every frame a socket receives within `wait`, as raw JSON.
fn frames_within(s: &mut Socket, wait: Duration) -> Vec<Value> {
    let until = std::time::Instant::now() + wait;
    let mut got = Vec::new();
    while std::time::Instant::now() < until {
        if let Some(f) = s.next_within::<Value>(Duration::from_millis(100)) {
            got.push(f);
        }
    }
    got
}

/// The messages a socket receives until one whose text is `last`.
fn messages_until(s: &mut Socket, last: &str) -> Vec<Message> {
    let mut got = Vec::new();
    s.until(&format!("the message {last:?}"), |f| match f {
        ServerFrame::Message { message } => {
            got.push(message.clone());
            (message.text == last).then_some(())
        }
        _ => None,
    });
    got
}

fn note(s: &mut Socket, id: &str, text: &str) {
    s.send(&ClientFrame::Note {
        id: ClientMsgId::parse(id).unwrap(),
        text: text.into(),
    });
}

/// Saves the channel's widget settings.
fn widget_settings(ctx: &Ctx, settings: Value) {
    let (status, res) = post(
        &ctx.w,
        "/api/widget-settings",
        Some(&ctx.admin.token),
        &json!({"channel": ctx.demo.channel.id, "settings": settings}),
    );
    assert_eq!(status, 200, "saving the widget settings: {res}");
}

// #20: a private note goes to operators only. The visitor's socket never
// gets it, live or replayed; the emailed history (R-CH-7) leaves it out;
// the visitor's own `note` frame is refused; the same id is stored once.
fn notes_20_never_reach_the_visitor_live_on_replay_or_by_email(ctx: &Ctx) {
    let (v, mut vs, mut os) = taken(ctx, "Where is my refund?");
    note(&mut os, "n1", "SECRET-NOTE: VIP client, refund at once");
    let ack = os.until("the note's ack", |f| match f {
        ServerFrame::Ack { id, seq, .. } if id.as_str() == "n1" => Some(*seq),
        _ => None,
    });
    // Operators see it, marked.
    let m = os.until("the note", |f| match f {
        ServerFrame::Message { message } if message.id.as_str() == "n1" => Some(message.clone()),
        _ => None,
    });
    assert!(m.note, "{m:?}");
    // Sent again (a reconnect): the same ack, nothing stored twice.
    note(&mut os, "n1", "SECRET-NOTE: VIP client, refund at once");
    os.until("the same ack", |f| match f {
        ServerFrame::Ack { id, seq, .. } if id.as_str() == "n1" => {
            assert_eq!(*seq, ack);
            Some(())
        }
        _ => None,
    });
    send(&mut os, "o1", "Your refund is on its way.");
    // Live: the reply comes, the note never did.
    let live = messages_until(&mut vs, "Your refund is on its way.");
    assert!(
        live.iter().all(|m| !m.note && !m.text.contains("SECRET")),
        "{live:?}"
    );
    let raw = frames_within(&mut vs, Duration::from_millis(500));
    assert!(
        !raw.iter().any(|f| f.to_string().contains("SECRET")),
        "{raw:?}"
    );

    // A raw visitor client writes a note: refused, nothing stored.
    vs.send_text(r#"{"type":"note","id":"vn1","text":"let me in"}"#);
    let refused = vs.until("the refusal", |f| match f {
        ServerFrame::Error { code, id, .. } => Some((*code, id.clone())),
        _ => None,
    });
    assert_eq!(
        refused,
        (
            ErrorCode::Forbidden,
            Some(ClientMsgId::parse("vn1").unwrap())
        )
    );

    // On replay, from the start and from just before the note.
    for after in [0, ack.0 - 1] {
        let (mut again, _) = visitor_socket(ctx, &v, after);
        let replayed = messages_until(&mut again, "Your refund is on its way.");
        assert!(
            replayed.iter().all(|m| !m.note && m.seq != ack),
            "after {after}: {replayed:?}"
        );
        let raw = frames_within(&mut again, Duration::from_millis(300));
        assert!(
            !raw.iter().any(|f| f.to_string().contains("SECRET")),
            "{raw:?}"
        );
    }
    // The operators' replay has it, in its place.
    let mut os2 = connect(&ctx.w.ws_url(&format!(
        "/ws/operator?conversation={}&token={}",
        v.conversation, ctx.ana.token
    )))
    .unwrap();
    hello(&mut os2);
    let theirs = messages_until(&mut os2, "Your refund is on its way.");
    assert!(theirs.iter().any(|m| m.note && m.seq == ack), "{theirs:?}");

    // The history by email is the conversation as the visitor sees it.
    let (status, res) = post(
        &ctx.w,
        "/api/visitor/history",
        Some(&v.token),
        &json!({"conversation": v.conversation, "email": "notes@example.com"}),
    );
    assert_eq!(status, 200, "{res}");
    let mail = until("the history email", || {
        ctx.w
            .emails()
            .iter()
            .map(|raw| parse(raw))
            .find(|m| m.to == "notes@example.com")
    })
    .unwrap();
    assert!(mail.text.contains("Your refund is on its way."), "{mail:?}");
    assert!(mail.text.contains("Where is my refund?"), "{mail:?}");
    assert!(!mail.text.contains("SECRET"), "{mail:?}");
}

// R-RT-1 (#20): with the channel's real-time typing off, what a raw
// client sends as its draft never reaches operators; they see only that
// the visitor types. The widget learns the setting from its welcome.
fn r_rt_1_with_real_time_typing_off_operators_see_only_that_the_visitor_types(ctx: &Ctx) {
    let _one = ctx.settings.lock().unwrap_or_else(|p| p.into_inner());
    widget_settings(ctx, json!({"live_typing": false}));
    let (v, mut vs, mut os) = taken(ctx, "Hello there");
    widget_settings(ctx, json!({}));
    let (_, view) = visitor_socket(ctx, &v, 0);
    assert!(!view.live_typing, "{view:?}");
    vs.send(&ClientFrame::Typing {
        draft: "my card number is 4111".into(),
    });
    let typing = os.until("the visitor typing", |f| match f {
        ServerFrame::Typing {
            side: Side::Visitor,
            active,
            draft,
        } => Some((*active, draft.clone())),
        _ => None,
    });
    assert_eq!(typing, (true, None));
    // Nor on a new operator socket's welcome.
    let mut again = connect(&ctx.w.ws_url(&format!(
        "/ws/operator?conversation={}&token={}",
        v.conversation, ctx.ana.token
    )))
    .unwrap();
    hello(&mut again);
    let welcome = again.until("the welcome", |f| match f {
        ServerFrame::Welcome { conversation, .. } => Some(conversation.clone()),
        _ => None,
    });
    assert_eq!(welcome.visitor_draft, None);
    // The setting back on: a new conversation shows the draft (R-RT-1).
    let (_, mut vs, mut os) = taken(ctx, "Hello again");
    vs.send(&ClientFrame::Typing {
        draft: "my order".into(),
    });
    let draft = os.until("the draft", |f| match f {
        ServerFrame::Typing {
            side: Side::Visitor,
            draft,
            ..
        } => Some(draft.clone()),
        _ => None,
    });
    assert_eq!(draft.as_deref(), Some("my order"));
}

// R-C-1: before the visitor accepts the notice, a raw client's draft
// reaches no operator; after, it does.
fn r_c_1_no_draft_reaches_operators_before_the_notice_is_accepted(ctx: &Ctx) {
    let _one = ctx.settings.lock().unwrap_or_else(|p| p.into_inner());
    widget_settings(
        ctx,
        json!({"consent": {"kind": "own", "body": "We keep your messages for a year."}}),
    );
    let (status, config) = get(
        &ctx.w,
        &format!("/api/widget/config?channel={}", ctx.demo.channel.id),
        None,
    );
    assert_eq!(status, 200, "{config}");
    let key = config["consent"]["key"].clone();
    let v = visitor(&ctx.w, ctx.demo.channel.id.as_str());
    let (mut vs, view) = visitor_socket(ctx, &v, 0);
    assert!(view.consent_needed);
    // An operator of the channel watches the new conversation.
    let mut os = operator_socket(ctx, &ctx.ana.token, &v.conversation);
    vs.send(&ClientFrame::Typing {
        draft: "my name is Rita".into(),
    });
    let seen = frames_within(&mut os, Duration::from_millis(1_000));
    assert!(
        !seen.iter().any(|f| f["type"] == "typing"),
        "no draft before the notice: {seen:?}"
    );
    let (status, res) = post(
        &ctx.w,
        "/api/visitor/consent",
        Some(&v.token),
        &json!({"conversation": v.conversation, "key": key, "page": "https://shop.example/"}),
    );
    assert_eq!(status, 200, "{res}");
    widget_settings(ctx, json!({}));
    vs.send(&ClientFrame::Typing {
        draft: "my name is Rita".into(),
    });
    let draft = os.until("the draft once accepted", |f| match f {
        ServerFrame::Typing {
            side: Side::Visitor,
            draft,
            ..
        } => Some(draft.clone()),
        _ => None,
    });
    assert_eq!(draft.as_deref(), Some("my name is Rita"));
}

/// The event lines among `messages`, with the author each carries.
fn events(messages: &[Message]) -> Vec<(ChatEvent, String)> {
    messages
        .iter()
        .filter_map(|m| m.event.map(|e| (e, m.author.clone())))
        .collect()
}

// #20 (R-Q-6, R-A-1, R-QA-1, R-AA-4): a transfer says who answers now, as
// each side sees them; closing and the visitor writing again are said
// too; the lines replay in order, are no unread messages, and carry no
// text of their own (clients word them).
fn events_20_a_transfer_closing_and_reopening_are_said_in_the_chat(ctx: &Ctx) {
    let (v, mut vs, mut os) = taken(ctx, "Can someone from sales help?");
    let (status, res) = post(
        &ctx.w,
        "/api/conversations/transfer",
        Some(&ctx.ana.token),
        &json!({"channel": ctx.demo.channel.id, "conversation": v.conversation, "to": ctx.bruno.user.id}),
    );
    assert_eq!(status, 200, "{res}");
    let bruno = &ctx.bruno.user.name;
    let shown = vs.until("the transfer's line", |f| match f {
        ServerFrame::Message { message } if message.event.is_some() => Some(message.clone()),
        _ => None,
    });
    assert_eq!(shown.event, Some(ChatEvent::Transferred));
    assert_eq!(&shown.author, bruno, "the name on Bruno's card");
    assert!(shown.text.is_empty() && shown.side == Side::System);
    let theirs = os.until("the transfer's line", |f| match f {
        ServerFrame::Message { message } if message.event.is_some() => Some(message.clone()),
        _ => None,
    });
    assert_eq!(
        (theirs.event, theirs.seq),
        (Some(ChatEvent::Transferred), shown.seq)
    );
    // Bruno answers and closes; the visitor writes again.
    let mut bs = operator_socket(ctx, &ctx.bruno.token, &v.conversation);
    send(&mut bs, "b1", "Bruno from sales here.");
    bs.send(&ClientFrame::Close);
    vs.until("the closing line", |f| match f {
        ServerFrame::Message { message } if message.event == Some(ChatEvent::Closed) => Some(()),
        _ => None,
    });
    send(&mut vs, "m2", "One more question");
    // A reload replays it all in order.
    let (mut again, _) = visitor_socket(ctx, &v, 0);
    let all = messages_until(&mut again, "One more question");
    let lines: Vec<(String, Option<ChatEvent>)> =
        all.iter().map(|m| (m.text.clone(), m.event)).collect();
    assert_eq!(
        lines,
        vec![
            ("Can someone from sales help?".into(), None),
            (String::new(), Some(ChatEvent::Transferred)),
            ("Bruno from sales here.".into(), None),
            (String::new(), Some(ChatEvent::Closed)),
            (String::new(), Some(ChatEvent::Reopened)),
            ("One more question".into(), None),
        ]
    );
    assert_eq!(
        events(&all)[0],
        (ChatEvent::Transferred, bruno.clone()),
        "the visitor's replay names the card too"
    );
}

fn driver(ctx: &Ctx) -> &Driver {
    ctx.driver.get_or_init(Driver::start)
}

/// The conversation in the console's list whose preview or name holds
/// `needle`, clicked, and its socket open.
fn open_conversation(b: &Browser, needle: &str) {
    let item = b.wait(&format!("the conversation with {needle:?}"), || {
        b.run_for_element(&format!(
            "return [...document.querySelectorAll('[data-testid=conversation]')].find(c => c.textContent.includes({needle:?}));"
        ))
    });
    b.click(&item);
    b.wait_for("[data-testid=reply]");
}

// #20 in Chromium: the widget on a host page of another site (its storage
// blocked), the console beside it. Ana writes a private note with the
// composer's Note toggle, answers, and transfers to Bruno: the console
// shows the note marked and the event line; the widget the line only.
fn console_and_widget_show_a_note_and_event_lines(ctx: &Ctx) {
    let host = Host::start(Page::new(&ctx.w.url(""), &ctx.demo.channel.id));
    let d = driver(ctx);
    let visitor = d.browser();
    let operator = d.browser();
    operator.sign_in(
        &ctx.w.url("/console/"),
        "ana@example.com",
        &ctx.demo.admin.password,
    );

    visitor.goto(&host.url("/"));
    visitor.open_widget();
    let composer = visitor.wait_for("[data-testid=composer]");
    visitor.type_into(&composer, &format!("Browser case: I want a refund{ENTER}"));

    open_conversation(&operator, "Browser case: I want a refund");
    operator.click(&operator.wait_for("[data-testid=chat-accept]"));
    let reply = operator.wait_for("[data-testid=reply]");
    operator.wait("the composer to open", || {
        operator.attr(&reply, "disabled").is_none().then_some(())
    });
    // The Note toggle, by keyboard: focus it and press Enter.
    let toggle = operator.wait_for("[data-testid=note-toggle]");
    operator.run("arguments[0].focus();", json!([toggle.to_json()]));
    operator.press(ENTER);
    operator.wait("the toggle to be on", || {
        (operator.attr(&toggle, "aria-pressed").as_deref() == Some("true")).then_some(())
    });
    operator.type_into(
        &reply,
        &format!("VIP client: approve the refund at once{ENTER}"),
    );
    operator.wait_for("[data-testid=message].note [data-testid=message-note]");
    operator.click(&toggle);
    operator.type_into(&reply, &format!("Your refund is on its way.{ENTER}"));
    visitor.wait_text_in("[data-testid=message-text]", "Your refund is on its way.");

    let (status, res) = post(
        &ctx.w,
        "/api/conversations/transfer",
        Some(&ctx.ana.token),
        &json!({"channel": ctx.demo.channel.id, "conversation": conversation_of(&visitor, ctx.demo.channel.id.as_str()), "to": ctx.bruno.user.id}),
    );
    assert_eq!(status, 200, "{res}");
    let bruno = &ctx.bruno.user.name;
    let line = visitor.wait_text_in("[data-testid=event-line]", bruno);
    assert_eq!(line, format!("{bruno} answers you now"));
    let theirs = operator.wait_text_in("[data-testid=event-line]", bruno);
    assert!(
        theirs.starts_with(&format!("{bruno} answers now")),
        "{theirs}"
    );
    // The widget never shows the note.
    let shown = visitor.texts("[data-testid=message-text]");
    assert!(!shown.iter().any(|t| t.contains("VIP")), "{shown:?}");
    let note = operator.texts("[data-testid=message].note [data-testid=message-text]");
    assert_eq!(note, vec!["VIP client: approve the refund at once"]);
    operator.screenshot("events-console");
    visitor.screenshot("events-widget");
}

/// The visitor's conversation, from the session the loader keeps in the
/// host site's storage; back in the widget's frame after.
fn conversation_of(b: &Browser, channel: &str) -> String {
    b.leave_frames();
    let id = b.run(
        "return JSON.parse(localStorage.getItem('canal:v1:' + arguments[0])).conversation;",
        json!([channel]),
    );
    let frame = b.wait("the widget's iframe", || b.in_loader("canal-frame"));
    b.enter_frame(&frame);
    id.as_str().expect("a session").to_owned()
}
