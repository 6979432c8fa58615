//! The built-in CRM (R-CRM-1…6) against a real `wrangler dev`: a client
//! recognised over two channels and two connectors, merged by hand; leads
//! with and without a way to reach the client; routing to the responsible
//! operator and its change on a manual transfer; the signed webhook of
//! changes. Each case starts its own worker.

use canal_shared::connectors::webhook::{sign as sign_webhook, SIGNATURE_HEADER, TIMESTAMP_HEADER};
use canal_shared::crm::ClientCard;
use canal_shared::identity::sign as sign_identity;
use canal_shared::ids::{ClientMsgId, ConversationId, Seq};
use canal_shared::protocol::{
    ClientFrame, InboxFrame, LoginResponse, ServerFrame, VisitorSessionResponse, PROTOCOL_VERSION,
};
use canal_tests::api::{get, login, post};
use canal_tests::cases;
use canal_tests::socket::{connect, join, Socket};
use canal_tests::standin::StandIn;
use canal_tests::suite;
use canal_tests::wait::{until, PATIENCE};
use canal_tests::worker::{Demo, Worker};
use serde_json::{json, Value};

fn main() {
    suite::run(
        || (),
        cases![
            a_client_is_recognised_over_two_channels_and_two_connectors(),
            leads_need_a_way_to_reach_the_client(),
            a_known_client_goes_to_the_responsible_who_changes_on_transfer(),
            the_responsible_outside_the_queue_takes_and_answers_their_client(),
            the_responsible_outside_the_queue_is_offered_their_client_while_online(),
            the_first_operator_who_accepts_becomes_responsible(),
            a_lead_comes_as_soon_as_the_client_can_be_reached(),
        ],
    )
}

struct Team {
    w: Worker,
    demo: Demo,
    admin: LoginResponse,
    ana: LoginResponse,
    bruno: LoginResponse,
}

fn now_s() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
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

    fn shop(&self) -> String {
        self.demo.channel.id.to_string()
    }

    fn admin_post(&self, path: &str, body: &Value) -> Value {
        let (status, res) = post(&self.w, path, Some(&self.admin.token), body);
        assert_eq!(status, 200, "{path}: {res}");
        res
    }

    fn admin_get(&self, path: &str) -> Value {
        let (status, res) = get(&self.w, path, Some(&self.admin.token));
        assert_eq!(status, 200, "{path}: {res}");
        res
    }

    /// A queue in strict order, without the online check.
    fn queue(&self, channel: &str, people: &[&LoginResponse]) {
        let entries: Vec<Value> = people
            .iter()
            .map(|p| json!({"kind": "user", "id": p.user.id}))
            .collect();
        self.admin_post(
            "/api/queue",
            &json!({"channel": channel, "entries": entries,
                    "settings": {"mode": "strict", "idle_ms": 180_000, "check_online": false, "capacity": null}}),
        );
    }

    /// The shop's identity secret.
    fn identity_secret(&self) -> String {
        let res = self.admin_post("/api/channels/identity", &json!({"channel": self.shop()}));
        res["secret"].as_str().unwrap().to_owned()
    }

    /// A signed identity token for the site's user `sub` named `name`
    /// (rita@example.com), valid for ten minutes.
    fn site_user(&self, sub: &str, name: &str) -> String {
        sign_identity(
            &self.identity_secret(),
            &json!({"sub": sub, "name": name, "email": "rita@example.com", "exp": now_s() + 600}),
        )
    }

    /// `who` makes a lead of the client of `conversation` in the shop: the
    /// answer's status and body.
    fn make_lead(&self, who: &LoginResponse, conversation: &ConversationId) -> (u16, Value) {
        post(
            &self.w,
            "/api/crm/leads",
            Some(&who.token),
            &json!({"channel": self.shop(), "conversation": conversation}),
        )
    }

    /// A widget visitor (signed in on the site if `token`) who writes.
    fn visitor_writes(
        &self,
        channel: &str,
        token: Option<&str>,
        text: &str,
    ) -> VisitorSessionResponse {
        let (status, res) = post(
            &self.w,
            "/api/visitor/session",
            None,
            &json!({"channel": channel, "identity": token}),
        );
        assert_eq!(status, 200, "{res}");
        let v: VisitorSessionResponse = serde_json::from_value(res).unwrap();
        let mut s = join(&self.w.ws_url(&format!(
            "/ws/visitor?conversation={}&token={}",
            v.conversation, v.token
        )));
        s.send(&ClientFrame::Send {
            id: ClientMsgId::parse("m1").unwrap(),
            text: text.into(),
            file: None,
        });
        s.until("the ack", |f| {
            matches!(f, ServerFrame::Ack { .. }).then_some(())
        });
        v
    }

    /// The shop's CRM settings.
    fn crm_settings(&self, auto_lead: bool, change_on_transfer: bool) {
        self.admin_post(
            "/api/crm/settings",
            &json!({"channel": self.shop(), "settings": {"auto_lead": auto_lead,
                "route_to_responsible": true, "change_responsible_on_transfer": change_on_transfer}}),
        );
    }

    /// `who` posts an operator's action on a conversation of the shop.
    fn act(&self, who: &LoginResponse, action: &str, body: Value) -> (u16, Value) {
        let mut body = body;
        body["channel"] = json!(self.shop());
        post(
            &self.w,
            &format!("/api/conversations/{action}"),
            Some(&who.token),
            &body,
        )
    }

    /// A visitor who writes, then leaves `email` in the offline form.
    fn visitor_leaves_email(&self, text: &str, email: &str) -> VisitorSessionResponse {
        let v = self.visitor_writes(&self.shop(), None, text);
        let (status, res) = post(
            &self.w,
            "/api/visitor/contact",
            Some(&v.token),
            &json!({"conversation": v.conversation, "email": email}),
        );
        assert_eq!(status, 200, "{res}");
        v
    }

    /// The card of a conversation's client, once the CRM has it.
    fn card_of(&self, channel: &str, who: &LoginResponse, c: &ConversationId) -> Value {
        until("the client's card", || {
            let (status, res) = get(
                &self.w,
                &format!("/api/crm/conversation?channel={channel}&conversation={c}"),
                Some(&who.token),
            );
            assert_eq!(status, 200, "{res}");
            (!res["client"].is_null()).then_some(res)
        })
        .unwrap_or_else(|e| panic!("{e}"))
    }
}

fn card(v: &Value) -> ClientCard {
    serde_json::from_value(v["client"].clone()).expect("a card")
}

/// The next conversation offered in this inbox, and to whom.
fn offered(inbox: &mut Socket, c: &ConversationId) -> Vec<String> {
    inbox.until_inbox("the offer", PATIENCE, |f| match f {
        InboxFrame::Upsert { conversation }
            if &conversation.id == c && !conversation.offered.is_empty() =>
        {
            Some(conversation.offered.iter().map(|u| u.to_string()).collect())
        }
        InboxFrame::Snapshot { conversations } => conversations
            .iter()
            .find(|x| &x.id == c && !x.offered.is_empty())
            .map(|x| x.offered.iter().map(|u| u.to_string()).collect()),
        _ => None,
    })
}

fn inbox(t: &Team, who: &LoginResponse) -> Socket {
    let mut s = connect(&t.w.ws_url(&format!("/ws/inbox?token={}", who.token))).expect("inbox");
    assert!(matches!(s.next_inbox(), InboxFrame::Snapshot { .. }));
    s
}

// R-CRM-1: the same person — signed in on the shop's site, then writing to
// a second channel through a webhook with the same email — has one card with
// both conversations; a Telegram chat of theirs starts a card of its own,
// which an admin merges by hand. The webhook of changes reports it, signed.
fn a_client_is_recognised_over_two_channels_and_two_connectors() {
    let t = Team::new();
    let hooks = StandIn::start();
    let res = t.admin_post(
        "/api/crm/webhook",
        &json!({"url": format!("{}/crm", hooks.url())}),
    );
    let crm_secret = res["secret"]
        .as_str()
        .expect("the webhook's secret, once")
        .to_owned();
    let rita = t.site_user("u-1", "Rita Lee");
    let v1 = t.visitor_writes(&t.shop(), Some(&rita), "Hello from the shop");
    let first = card(&t.card_of(&t.shop(), &t.admin, &v1.conversation));
    assert_eq!(first.name.as_deref(), Some("Rita Lee"));

    // A second channel, with a webhook connector; the same email.
    let support = t.admin_post("/api/channels", &json!({}));
    let support = support["id"].as_str().unwrap().to_owned();
    // A conversation's card is shown in its own channel only (R-S-2): asked
    // through another channel, there is none.
    let (status, res) = get(
        &t.w,
        &format!(
            "/api/crm/conversation?channel={support}&conversation={}",
            v1.conversation
        ),
        Some(&t.admin.token),
    );
    assert_eq!(status, 200, "{res}");
    assert!(res["client"].is_null(), "another channel's client: {res}");
    let hook = t.admin_post(
        "/api/connectors",
        &json!({"channel": support, "settings": {"kind": "webhook", "url": format!("{}/replies", hooks.url())}}),
    );
    let (path, key) = (
        hook["connector"]["inbound_path"]
            .as_str()
            .unwrap()
            .to_owned(),
        hook["secret"].as_str().unwrap().to_owned(),
    );
    let body = json!({"client": {"id": "crm-7", "name": "R. Lee", "email": "RITA@example.com"},
                      "message": {"id": "w1", "text": "It's me again"}})
    .to_string();
    let ts = now_s();
    let r = ureq::post(&t.w.url(&path))
        .set("content-type", "application/json")
        .set(TIMESTAMP_HEADER, &ts.to_string())
        .set(SIGNATURE_HEADER, &sign_webhook(&key, ts, &body))
        .send_string(&body)
        .expect("the webhook takes it");
    assert_eq!(r.status(), 200);
    let second_conversation = canal_shared::connectors::conversation_for(
        &canal_shared::ids::ConnectorId::parse(hook["connector"]["id"].as_str().unwrap()).unwrap(),
        "crm-7",
    );
    let joined = card(&t.card_of(&support, &t.admin, &second_conversation));
    assert_eq!(joined.id, first.id, "recognised by the email");
    assert_eq!(joined.conversations.len(), 2);
    let channels: Vec<String> = joined
        .conversations
        .iter()
        .map(|c| c.channel.to_string())
        .collect();
    assert_eq!(channels, [t.shop(), support.clone()]);

    // A Telegram chat: nothing in common yet, so a card of its own.
    let api = StandIn::start();
    let bot = t.admin_post(
        "/api/connectors",
        &json!({"channel": t.shop(), "settings": {"kind": "telegram", "bot_token": "123456:AAbbCCddEEffGGhhIIjjKKllMMnnOOppQQ", "api_base": api.url()}}),
    );
    let tg_secret = api.wait_calls("/setWebhook", 1)[0].json()["secret_token"]
        .as_str()
        .unwrap()
        .to_owned();
    let update = json!({"update_id": 1, "message": {"message_id": 5, "date": 0,
        "chat": {"id": 4242, "type": "private"}, "from": {"id": 4242, "first_name": "Rita"}, "text": "oi"}});
    let r = ureq::post(&t.w.url(bot["connector"]["inbound_path"].as_str().unwrap()))
        .set("x-telegram-bot-api-secret-token", &tg_secret)
        .send_json(&update)
        .expect("the bot's update is taken");
    assert_eq!(r.status(), 200);
    let tg_conversation = canal_shared::connectors::conversation_for(
        &canal_shared::ids::ConnectorId::parse(bot["connector"]["id"].as_str().unwrap()).unwrap(),
        "4242",
    );
    let tg = card(&t.card_of(&t.shop(), &t.admin, &tg_conversation));
    assert_ne!(tg.id, first.id);

    // Merged by hand: one card, three conversations; the other points to it.
    let (status, res) = post(
        &t.w,
        "/api/crm/merge",
        Some(&t.ana.token),
        &json!({"into": first.id, "from": tg.id}),
    );
    assert_eq!(status, 403, "admins merge: {res}");
    let merged: ClientCard = serde_json::from_value(
        t.admin_post("/api/crm/merge", &json!({"into": first.id, "from": tg.id})),
    )
    .unwrap();
    assert_eq!(merged.conversations.len(), 3);
    assert!(merged.keys.contains("telegram:4242"));
    let again = card(&t.card_of(&t.shop(), &t.admin, &tg_conversation));
    assert_eq!(again.id, first.id);
    let page = t.admin_get("/api/crm/clients?q=rita");
    assert_eq!(page["clients"].as_array().unwrap().len(), 1, "{page}");

    // The changes were posted, signed with the webhook's secret.
    let events = hooks.wait_calls("/crm", 4);
    for e in &events {
        let req = canal_shared::connectors::InboundRequest {
            headers: e.headers.clone(),
            body: e.body.clone(),
        };
        let at = canal_shared::time::Timestamp(now_s() * 1000);
        assert_eq!(
            canal_shared::connectors::webhook::verify(&crm_secret, at, &req),
            Ok(())
        );
    }
    let kinds: Vec<String> = events
        .iter()
        .map(|e| e.json()["event"].as_str().unwrap_or_default().to_owned())
        .collect();
    assert_eq!(
        kinds.iter().filter(|k| *k == "client_created").count(),
        2,
        "{kinds:?}"
    );
    assert!(kinds.contains(&"client_changed".to_owned()), "{kinds:?}");
}

// R-CRM-2, R-CRM-3, R-CRM-4: an anonymous visitor cannot be made a lead
// (the reason is given); once they leave an email they can, by hand; with
// the setting on, a Telegram client becomes a lead on their own, sourced
// "telegram".
fn leads_need_a_way_to_reach_the_client() {
    let t = Team::new();
    let v = t.visitor_writes(&t.shop(), None, "Just looking");
    let state = t.card_of(&t.shop(), &t.ana, &v.conversation);
    assert_eq!(state["lead"]["allowed"], json!(false));
    assert!(state["lead"]["reason"]
        .as_str()
        .unwrap()
        .contains("no way to reach"));
    let (status, res) = t.make_lead(&t.ana, &v.conversation);
    assert_eq!(status, 400, "{res}");
    // The visitor leaves an email (the offline form's call).
    let (status, res) = post(
        &t.w,
        "/api/visitor/contact",
        Some(&v.token),
        &json!({"conversation": v.conversation, "email": "sam@example.com"}),
    );
    assert_eq!(status, 200, "{res}");
    until("the email to reach the card", || {
        let s = t.card_of(&t.shop(), &t.ana, &v.conversation);
        (s["lead"]["allowed"] == json!(true)).then_some(())
    })
    .unwrap();
    let (status, res) = t.make_lead(&t.ana, &v.conversation);
    assert_eq!(status, 200, "{res}");
    let lead: ClientCard = serde_json::from_value(res).unwrap();
    let l = lead.lead.expect("a lead");
    assert_eq!(
        serde_json::to_value(l.source).unwrap(),
        json!("live_chat"),
        "R-CRM-4"
    );
    assert_eq!(lead.responsible, Some(t.ana.user.id.clone()));
    let (status, _) = t.make_lead(&t.ana, &v.conversation);
    assert_eq!(status, 409, "one lead per client");

    // Automatic leads for a messenger client.
    t.admin_post(
        "/api/crm/settings",
        &json!({"channel": t.shop(), "settings": {"auto_lead": true, "route_to_responsible": true, "change_responsible_on_transfer": true}}),
    );
    let api = StandIn::start();
    let bot = t.admin_post(
        "/api/connectors",
        &json!({"channel": t.shop(), "settings": {"kind": "telegram", "bot_token": "123456:AAbbCCddEEffGGhhIIjjKKllMMnnOOppQQ", "api_base": api.url()}}),
    );
    let tg_secret = api.wait_calls("/setWebhook", 1)[0].json()["secret_token"]
        .as_str()
        .unwrap()
        .to_owned();
    let update = json!({"update_id": 1, "message": {"message_id": 9, "date": 0,
        "chat": {"id": 777, "type": "private"}, "from": {"id": 777, "first_name": "Tom"}, "text": "hi"}});
    ureq::post(&t.w.url(bot["connector"]["inbound_path"].as_str().unwrap()))
        .set("x-telegram-bot-api-secret-token", &tg_secret)
        .send_json(&update)
        .expect("taken");
    let c = canal_shared::connectors::conversation_for(
        &canal_shared::ids::ConnectorId::parse(bot["connector"]["id"].as_str().unwrap()).unwrap(),
        "777",
    );
    let tom = card(&t.card_of(&t.shop(), &t.ana, &c));
    let l = tom.lead.expect("an automatic lead");
    assert_eq!(serde_json::to_value(l.source).unwrap(), json!("telegram"));
    assert_eq!(l.by, None);
    // Someone outside the channel's queue sees nothing.
    let other = t.admin_post("/api/channels", &json!({}));
    t.queue(other["id"].as_str().unwrap(), &[&t.bruno]);
    t.queue(&t.shop(), &[&t.ana]);
    let (status, _) = get(
        &t.w,
        &format!(
            "/api/crm/conversation?channel={}&conversation={c}",
            t.shop()
        ),
        Some(&t.bruno.token),
    );
    assert_eq!(status, 403);
}

// R-CRM-5: a recognised client's new conversation goes to their responsible
// first, even when the queue's order says otherwise; R-CRM-6: a manual
// transfer makes the new operator responsible, unless the setting is off.
fn a_known_client_goes_to_the_responsible_who_changes_on_transfer() {
    let t = Team::new();
    t.queue(&t.shop(), &[&t.ana, &t.bruno]);
    let rita = t.site_user("u-9", "Rita");
    let mut ana_inbox = inbox(&t, &t.ana);
    let mut bruno_inbox = inbox(&t, &t.bruno);

    // First time: the queue's order, Ana. Bruno takes it over and makes a
    // lead: he is responsible.
    let v1 = t.visitor_writes(&t.shop(), Some(&rita), "first");
    assert_eq!(
        offered(&mut ana_inbox, &v1.conversation),
        [t.ana.user.id.to_string()]
    );
    t.card_of(&t.shop(), &t.bruno, &v1.conversation);
    let (status, res) = t.make_lead(&t.bruno, &v1.conversation);
    assert_eq!(status, 200, "{res}");

    // Next time: straight to Bruno, though Ana is first in the queue.
    let v2 = t.visitor_writes(&t.shop(), Some(&rita), "second");
    assert_eq!(
        offered(&mut bruno_inbox, &v2.conversation),
        [t.bruno.user.id.to_string()]
    );

    // Bruno accepts and transfers it to Ana by hand: Ana is responsible now.
    let (status, res) = post(
        &t.w,
        "/api/conversations/accept",
        Some(&t.bruno.token),
        &json!({"channel": t.shop(), "conversation": v2.conversation}),
    );
    assert_eq!(status, 200, "{res}");
    let (status, res) = post(
        &t.w,
        "/api/conversations/transfer",
        Some(&t.bruno.token),
        &json!({"channel": t.shop(), "conversation": v2.conversation, "to": t.ana.user.id}),
    );
    assert_eq!(status, 200, "{res}");
    until("Ana to be responsible", || {
        let c = card(&t.card_of(&t.shop(), &t.admin, &v2.conversation));
        (c.responsible == Some(t.ana.user.id.clone())).then_some(())
    })
    .unwrap();

    // With "change the responsible on manual transfer" off, a transfer
    // changes nothing; with "transfer to the responsible" off, the queue's
    // order applies.
    t.admin_post(
        "/api/crm/settings",
        &json!({"channel": t.shop(), "settings": {"auto_lead": false, "route_to_responsible": false, "change_responsible_on_transfer": false}}),
    );
    let (status, res) = post(
        &t.w,
        "/api/conversations/transfer",
        Some(&t.ana.token),
        &json!({"channel": t.shop(), "conversation": v2.conversation, "to": t.bruno.user.id}),
    );
    assert_eq!(status, 200, "{res}");
    let c = card(&t.card_of(&t.shop(), &t.admin, &v2.conversation));
    assert_eq!(c.responsible, Some(t.ana.user.id.clone()));
    // Bruno has room for none now? He has v2; Ana has v1 offered. A new
    // conversation follows the queue: Ana first.
    let v3 = t.visitor_writes(&t.shop(), Some(&rita), "third");
    let to = offered(&mut ana_inbox, &v3.conversation);
    assert_eq!(to, [t.ana.user.id.to_string()]);
}

// R-CRM-5: the conversation goes to the client's responsible "whether or not
// they are in the queue". Bruno, responsible for Rita, is taken out of the
// shop's queue; Rita writes again: it is offered to him, he accepts it and
// answers it, and nobody else may take it meanwhile. When he skips it, the
// queue gets it as ever.
fn the_responsible_outside_the_queue_takes_and_answers_their_client() {
    let t = Team::new();
    t.queue(&t.shop(), &[&t.ana, &t.bruno]);
    let rita = t.site_user("u-5", "Rita");
    let v1 = t.visitor_writes(&t.shop(), Some(&rita), "first");
    t.card_of(&t.shop(), &t.bruno, &v1.conversation);
    let (status, res) = t.make_lead(&t.bruno, &v1.conversation);
    assert_eq!(status, 200, "Bruno is responsible: {res}");
    t.queue(&t.shop(), &[&t.ana]);
    let mut bruno_inbox = inbox(&t, &t.bruno);
    let mut ana_inbox = inbox(&t, &t.ana);

    let v2 = t.visitor_writes(&t.shop(), Some(&rita), "It's me again");
    assert_eq!(
        offered(&mut bruno_inbox, &v2.conversation),
        [t.bruno.user.id.to_string()]
    );
    let c2 = json!({"conversation": v2.conversation});
    let (status, res) = t.act(&t.ana, "accept", c2.clone());
    assert_eq!(status, 409, "offered to Bruno only: {res}");
    let (status, res) = t.act(&t.bruno, "accept", c2.clone());
    assert_eq!(status, 200, "the responsible accepts: {res}");
    let mut os = connect(&t.w.ws_url(&format!(
        "/ws/operator?conversation={}&token={}",
        v2.conversation, t.bruno.token
    )))
    .unwrap_or_else(|status| panic!("Bruno opens his client's conversation: {status}"));
    os.send(&ClientFrame::Hello {
        version: PROTOCOL_VERSION,
        after: Seq(0),
    });
    os.until("the welcome", |f| {
        matches!(f, ServerFrame::Welcome { .. }).then_some(())
    });
    os.send(&ClientFrame::Send {
        id: ClientMsgId::parse("o1").unwrap(),
        text: "Hello again, Rita".into(),
        file: None,
    });
    os.until("the ack of Bruno's answer", |f| match f {
        ServerFrame::Ack { .. } => Some(()),
        ServerFrame::Error { message, .. } => panic!("Bruno may not answer: {message}"),
        _ => None,
    });
    // Beside it, his client's card.
    let client = card(&t.card_of(&t.shop(), &t.bruno, &v2.conversation));
    assert_eq!(client.responsible, Some(t.bruno.user.id.clone()));

    // He skips her next conversation: the queue's Ana gets it.
    let v3 = t.visitor_writes(&t.shop(), Some(&rita), "one more thing");
    assert_eq!(
        offered(&mut bruno_inbox, &v3.conversation),
        [t.bruno.user.id.to_string()]
    );
    let (status, res) = t.act(
        &t.bruno,
        "decline",
        json!({"conversation": v3.conversation}),
    );
    assert_eq!(status, 200, "{res}");
    assert_eq!(
        offered(&mut ana_inbox, &v3.conversation),
        [t.ana.user.id.to_string()]
    );
}

// R-CRM-5 with the online check on (the default): Bruno, responsible for
// Rita but no longer in the shop's queue (so reporting no presence there),
// gets her conversation first once his console is open; before that, the
// queue's Ana does.
fn the_responsible_outside_the_queue_is_offered_their_client_while_online() {
    let t = Team::new();
    let queue = |people: &[&LoginResponse]| {
        let entries: Vec<Value> = people
            .iter()
            .map(|p| json!({"kind": "user", "id": p.user.id}))
            .collect();
        t.admin_post(
            "/api/queue",
            &json!({"channel": t.shop(), "entries": entries,
                    "settings": {"mode": "strict", "idle_ms": 180_000, "check_online": true, "capacity": null}}),
        );
    };
    queue(&[&t.ana, &t.bruno]);
    let rita = t.site_user("u-7", "Rita");
    let mut ana_inbox = inbox(&t, &t.ana);
    let v1 = t.visitor_writes(&t.shop(), Some(&rita), "first");
    t.card_of(&t.shop(), &t.bruno, &v1.conversation);
    let (status, res) = t.make_lead(&t.bruno, &v1.conversation);
    assert_eq!(status, 200, "Bruno is responsible: {res}");
    queue(&[&t.ana]);

    let v2 = t.visitor_writes(&t.shop(), Some(&rita), "anyone there?");
    assert_eq!(
        offered(&mut ana_inbox, &v2.conversation),
        [t.ana.user.id.to_string()],
        "the responsible is offline: the queue"
    );
    let mut bruno_inbox = inbox(&t, &t.bruno);
    let v3 = t.visitor_writes(&t.shop(), Some(&rita), "me again");
    assert_eq!(
        offered(&mut bruno_inbox, &v3.conversation),
        [t.bruno.user.id.to_string()],
        "the responsible is online"
    );
}

// R-CRM-6: nobody is responsible for a new client; the first operator who
// accepts their conversation becomes responsible, and with "change the
// responsible on manual transfer" off, a transfer leaves it with them.
fn the_first_operator_who_accepts_becomes_responsible() {
    let t = Team::new();
    t.queue(&t.shop(), &[&t.ana, &t.bruno]);
    t.crm_settings(false, false);
    let rita = t.site_user("u-6", "Rita");
    let mut ana_inbox = inbox(&t, &t.ana);
    let v = t.visitor_writes(&t.shop(), Some(&rita), "hello");
    assert_eq!(
        card(&t.card_of(&t.shop(), &t.admin, &v.conversation)).responsible,
        None
    );
    assert_eq!(
        offered(&mut ana_inbox, &v.conversation),
        [t.ana.user.id.to_string()]
    );
    let c = json!({"conversation": v.conversation});
    let (status, res) = t.act(&t.ana, "accept", c.clone());
    assert_eq!(status, 200, "{res}");
    until("Ana, who accepted first, to be responsible", || {
        let c = card(&t.card_of(&t.shop(), &t.admin, &v.conversation));
        (c.responsible == Some(t.ana.user.id.clone())).then_some(())
    })
    .unwrap();
    // Transferred by hand with the setting off: Ana stays responsible. The
    // channel tells the CRM before it answers the transfer.
    let (status, res) = t.act(
        &t.ana,
        "transfer",
        json!({"conversation": v.conversation, "to": t.bruno.user.id}),
    );
    assert_eq!(status, 200, "{res}");
    let after = card(&t.card_of(&t.shop(), &t.admin, &v.conversation));
    assert_eq!(after.responsible, Some(t.ana.user.id.clone()));
}

// R-CRM-2, R-CRM-3: with automatic leads on, a visitor who writes first and
// leaves an email afterwards becomes a lead then; a client who could be
// reached while automatic leads were off becomes one with their next
// conversation under the same email.
fn a_lead_comes_as_soon_as_the_client_can_be_reached() {
    let t = Team::new();
    t.crm_settings(true, true);
    let v = t.visitor_writes(&t.shop(), None, "Do you ship abroad?");
    let state = t.card_of(&t.shop(), &t.admin, &v.conversation);
    assert!(
        state["client"]["lead"].is_null(),
        "no way back yet: {state}"
    );
    let (status, res) = post(
        &t.w,
        "/api/visitor/contact",
        Some(&v.token),
        &json!({"conversation": v.conversation, "email": "sam@example.com"}),
    );
    assert_eq!(status, 200, "{res}");
    let sam = until("a lead once Sam left an email", || {
        let c = card(&t.card_of(&t.shop(), &t.admin, &v.conversation));
        c.lead.is_some().then_some(c)
    })
    .unwrap();
    let lead = sam.lead.expect("a lead");
    assert_eq!(lead.by, None, "made automatically");
    assert_eq!(
        serde_json::to_value(lead.source).unwrap(),
        json!("live_chat")
    );

    // Automatic leads off: Bo leaves an email, no lead.
    t.crm_settings(false, true);
    let b1 = t.visitor_leaves_email("Is it in stock?", "bo@example.com");
    let bo = until("Bo's email on the card", || {
        let c = card(&t.card_of(&t.shop(), &t.admin, &b1.conversation));
        c.emails.contains("bo@example.com").then_some(c)
    })
    .unwrap();
    assert_eq!(bo.lead, None);
    // On again: Bo's next conversation, under the same email, makes the lead.
    t.crm_settings(true, true);
    let b2 = t.visitor_leaves_email("Me again", "bo@example.com");
    let again = until("a lead for Bo's card", || {
        let c = card(&t.card_of(&t.shop(), &t.admin, &b2.conversation));
        (c.id == bo.id && c.lead.is_some()).then_some(c)
    })
    .unwrap();
    assert_eq!(again.conversations.len(), 2);
}
