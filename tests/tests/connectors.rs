//! Connectors beyond the widget (R-CH-3, R-CH-9) against a real `wrangler
//! dev`: a Telegram bot through a stand-in Bot API on loopback, and a
//! generic signed webhook. Each case starts its own worker.

use std::collections::BTreeMap;

use canal_shared::connectors::webhook::{sign, verify, SIGNATURE_HEADER, TIMESTAMP_HEADER};
use canal_shared::connectors::{ConnectorCreated, Delivery, InboundRequest};
use canal_shared::ids::{ClientMsgId, ConversationId, Seq};
use canal_shared::protocol::{
    ClientFrame, ConversationSummary, InboxFrame, LoginResponse, ServerFrame,
};
use canal_shared::time::Timestamp;
use canal_tests::api::{get, login, post};
use canal_tests::cases;
use canal_tests::files::{download, upload, PDF, PNG};
use canal_tests::socket::{connect, join, Socket};
use canal_tests::standin::StandIn;
use canal_tests::suite;
use canal_tests::wait::{until, PATIENCE};
use canal_tests::worker::{Demo, Worker};
use serde_json::{json, Value};

const BOT_TOKEN: &str = "123456:AAbbCCddEEffGGhhIIjjKKllMMnnOOppQQ";

fn main() {
    suite::run(
        || (),
        cases![
            a_telegram_bot_brings_clients_and_takes_the_replies_back(),
            a_signed_webhook_brings_messages_once_and_gets_signed_replies(),
            connectors_21_telegram_photos_and_documents_go_both_ways_once(),
            connectors_21_the_webhook_gets_an_operators_file_as_a_signed_link(),
        ],
    )
}

struct Team {
    w: Worker,
    demo: Demo,
    admin: LoginResponse,
    ana: LoginResponse,
}

impl Team {
    fn new() -> Team {
        let w = Worker::start();
        let demo = w.setup("shop");
        let pw = demo.admin.password.clone();
        Team {
            admin: login(&w, "admin@example.com", &pw),
            ana: login(&w, "ana@example.com", &pw),
            w,
            demo,
        }
    }

    fn admin_post(&self, path: &str, body: &Value) -> (u16, Value) {
        post(&self.w, path, Some(&self.admin.token), body)
    }

    fn add(&self, settings: Value) -> (u16, Value) {
        self.admin_post(
            "/api/connectors",
            &json!({"channel": self.demo.channel.id, "settings": settings}),
        )
    }

    /// Ana alone in the queue, her inbox open.
    fn ana_on_duty(&self) -> Socket {
        let body = json!({
            "channel": self.demo.channel.id,
            "settings": {"mode": "strict", "idle_ms": 180_000, "check_online": false, "capacity": null},
            "entries": [{"kind": "user", "id": self.ana.user.id}],
        });
        let (status, res) = self.admin_post("/api/queue", &body);
        assert_eq!(status, 200, "{res}");
        let mut inbox = connect(
            &self
                .w
                .ws_url(&format!("/ws/inbox?token={}", self.ana.token)),
        )
        .expect("inbox opens");
        assert!(matches!(inbox.next_inbox(), InboxFrame::Snapshot { .. }));
        inbox
    }

    /// Ana takes the conversation offered to her and opens it.
    fn ana_takes(&self, inbox: &mut Socket) -> (ConversationSummary, Socket) {
        let s = inbox.until_inbox("an offer", PATIENCE, |f| match f {
            InboxFrame::Upsert { conversation }
                if conversation.offered.contains(&self.ana.user.id) =>
            {
                Some(conversation.clone())
            }
            _ => None,
        });
        let (status, res) = post(
            &self.w,
            "/api/conversations/accept",
            Some(&self.ana.token),
            &json!({"channel": self.demo.channel.id, "conversation": s.id}),
        );
        assert_eq!(status, 200, "{res}");
        let ws = join(&self.w.ws_url(&format!(
            "/ws/operator?conversation={}&token={}",
            s.id, self.ana.token
        )));
        (s, ws)
    }

    /// Posts to a connector's inbound path with these headers.
    fn inbound(&self, path: &str, headers: &[(&str, String)], body: &str) -> (u16, Value) {
        let mut req = ureq::post(&self.w.url(path)).set("content-type", "application/json");
        for (k, v) in headers {
            req = req.set(k, v);
        }
        match req.send_string(body) {
            Ok(r) => (r.status(), r.into_json().unwrap_or_default()),
            Err(ureq::Error::Status(code, r)) => (code, r.into_json().unwrap_or_default()),
            Err(e) => panic!("POST {path}: {e}"),
        }
    }
}

/// Sends a reply on the operator's socket and waits for its ack.
fn reply(ws: &mut Socket, id: &str, text: &str) -> Seq {
    ws.send(&ClientFrame::Send {
        id: ClientMsgId::parse(id).unwrap(),
        text: text.into(),
        file: None,
    });
    ws.until("the ack", |f| match f {
        ServerFrame::Ack { seq, .. } => Some(*seq),
        ServerFrame::Error { message, .. } => panic!("refused: {message}"),
        _ => None,
    })
}

/// How many stored messages of `c` have this text (read as its operator).
fn count(t: &Team, c: &ConversationId, text: &str) -> usize {
    let mut ws = join(&t.w.ws_url(&format!(
        "/ws/operator?conversation={c}&token={}",
        t.ana.token
    )));
    let last = ws.until("the welcome", |f| match f {
        ServerFrame::Welcome { conversation, .. } => Some(conversation.last_seq),
        _ => None,
    });
    let mut n = 0;
    let mut seen = Seq(0);
    while seen < last {
        if let ServerFrame::Message { message } = ws.frame() {
            seen = message.seq;
            n += usize::from(message.text == text);
        }
    }
    n
}

fn update(message_id: i64, text: &str) -> String {
    json!({
        "update_id": message_id + 1000,
        "message": {
            "message_id": message_id,
            "date": 0,
            "chat": {"id": 4242, "type": "private"},
            "from": {"id": 4242, "is_bot": false, "first_name": "Rita", "username": "rita"},
            "text": text,
        }
    })
    .to_string()
}

// R-CH-3, R-CH-9: adding a bot sets its webhook with a secret; updates
// with the secret become the client's messages (once, however often
// Telegram retries), routed like the widget's; the operator's reply goes out
// as sendMessage; a refusal reaches the operator; a second bot on the same
// channel is refused.
fn a_telegram_bot_brings_clients_and_takes_the_replies_back() {
    let t = Team::new();
    let api = StandIn::start();
    let bot = json!({"kind": "telegram", "bot_token": BOT_TOKEN, "api_base": api.url()});

    // A token the Bot API refuses is refused at once.
    api.answer(
        "/setWebhook",
        &[(401, r#"{"ok":false,"description":"Unauthorized"}"#)],
    );
    let (status, res) = t.add(bot.clone());
    assert_eq!(status, 400, "{res}");
    assert!(
        res["message"].as_str().unwrap().contains("Unauthorized"),
        "{res}"
    );
    api.answer("/setWebhook", &[(200, r#"{"ok":true,"result":true}"#)]);

    let (status, res) = t.add(bot.clone());
    assert_eq!(status, 200, "{res}");
    let created: ConnectorCreated = serde_json::from_value(res).unwrap();
    assert_eq!(created.secret, None, "a bot's secret stays with Telegram");
    let set = api.wait_calls("/setWebhook", 2).pop().unwrap();
    assert_eq!(set.path, format!("/bot{BOT_TOKEN}/setWebhook"));
    let hook = set.json();
    let secret = hook["secret_token"].as_str().unwrap().to_owned();
    assert!(hook["url"]
        .as_str()
        .unwrap()
        .ends_with(&created.connector.inbound_path));
    assert!(!created.connector.target.contains("AAbb"), "no token shown");

    // R-CH-3: one bot per channel.
    let (status, res) = t.add(bot);
    assert_eq!(status, 409, "{res}");
    assert!(res["message"].as_str().unwrap().contains("another channel"));

    let mut inbox = t.ana_on_duty();
    let path = created.connector.inbound_path.clone();
    let with = |s: &str| vec![("x-telegram-bot-api-secret-token", s.to_owned())];
    let (status, res) = t.inbound(&path, &with("wrong"), &update(1, "Oi, tudo bem?"));
    assert_eq!(status, 401, "{res}");
    let (status, _) = t.inbound(&path, &[], &update(1, "Oi, tudo bem?"));
    assert_eq!(status, 401);
    let (status, first) = t.inbound(&path, &with(&secret), &update(1, "Oi, tudo bem?"));
    assert_eq!(status, 200, "{first}");
    // Telegram retries an update it got no answer to: stored once.
    let (status, again) = t.inbound(&path, &with(&secret), &update(1, "Oi, tudo bem?"));
    assert_eq!(status, 200, "{again}");
    assert_eq!(first["accepted"], again["accepted"]);

    let (summary, mut ana) = t.ana_takes(&mut inbox);
    assert_eq!(summary.visitor_name, "Rita (Telegram)");
    assert_eq!(count(&t, &summary.id, "Oi, tudo bem?"), 1);
    reply(&mut ana, "a1", "Tudo! Como posso ajudar?");
    let sent = api.wait_calls("/sendMessage", 1).pop().unwrap();
    assert_eq!(
        sent.json(),
        json!({"chat_id": "4242", "text": "Tudo! Como posso ajudar?"})
    );
    let delivery = ana.until("the delivery receipt", |f| match f {
        ServerFrame::Receipt { delivery, .. } => Some(delivery.clone()),
        _ => None,
    });
    assert_eq!(delivery, Delivery::Delivered);

    // The client blocked the bot: the operator is told.
    api.answer(
        "/sendMessage",
        &[(
            403,
            r#"{"ok":false,"description":"Forbidden: bot was blocked by the user"}"#,
        )],
    );
    reply(&mut ana, "a2", "Are you still there?");
    let reason = ana.until("the failed receipt", |f| match f {
        ServerFrame::Receipt {
            delivery: Delivery::Failed { reason },
            ..
        } => Some(reason.clone()),
        _ => None,
    });
    assert!(reason.contains("blocked"), "{reason}");

    // Removed: Telegram is told, and updates are no longer taken.
    let (status, res) = t.admin_post(
        "/api/connectors/delete",
        &json!({"id": created.connector.id}),
    );
    assert_eq!(status, 200, "{res}");
    api.wait_calls("/deleteWebhook", 1);
    let (status, _) = t.inbound(&path, &with(&secret), &update(2, "hello?"));
    assert_eq!(status, 404);
}

// R-CH-9: a signed post is the client's message; a bad or old signature is
// refused; a replay within the window is acknowledged with the same number
// and stored once; the operator's reply is posted signed, retried with
// backoff while the receiver fails. A switched-off channel still takes its
// messages (R-CH-5).
fn a_signed_webhook_brings_messages_once_and_gets_signed_replies() {
    let t = Team::new();
    let receiver = StandIn::start();
    let (status, res) =
        t.add(json!({"kind": "webhook", "url": format!("{}/hook", receiver.url())}));
    assert_eq!(status, 200, "{res}");
    let created: ConnectorCreated = serde_json::from_value(res).unwrap();
    let secret = created.secret.clone().expect("the signing secret, once");
    let path = created.connector.inbound_path.clone();
    let (status, res) = t.add(json!({"kind": "webhook", "url": "https://crm.example/in"}));
    assert_eq!(status, 409, "R-CH-3: {res}");
    let (status, res) = t.add(json!({"kind": "webhook", "url": "http://crm.example/in"}));
    assert_eq!(status, 400, "plain http only to localhost: {res}");

    let mut inbox = t.ana_on_duty();
    let now_s = || {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs() as i64
    };
    let body = json!({"client": {"id": "crm-77", "name": "Rita", "email": "rita@example.com"},
                      "message": {"id": "m-1", "text": "Is my order on its way?"}})
    .to_string();
    let signed = |key: &str, ts: i64, body: &str| {
        vec![
            (TIMESTAMP_HEADER, ts.to_string()),
            (SIGNATURE_HEADER, sign(key, ts, body)),
        ]
    };
    let ts = now_s();
    let (status, res) = t.inbound(&path, &signed("not-the-secret", ts, &body), &body);
    assert_eq!(status, 401, "bad signature: {res}");
    let (status, res) = t.inbound(&path, &signed(&secret, ts - 3600, &body), &body);
    assert_eq!(status, 401, "old signature: {res}");
    assert!(res["message"].as_str().unwrap().contains("timestamp"));
    let (status, first) = t.inbound(&path, &signed(&secret, ts, &body), &body);
    assert_eq!(status, 200, "{first}");
    let (status, replayed) = t.inbound(&path, &signed(&secret, ts, &body), &body);
    assert_eq!(status, 200, "{replayed}");
    assert_eq!(first["accepted"], replayed["accepted"]);
    let (status, res) = t.inbound(&path, &signed(&secret, ts, "{}"), "{}");
    assert_eq!(status, 400, "{res}");

    let (summary, mut ana) = t.ana_takes(&mut inbox);
    assert_eq!(summary.visitor_name, "Rita (Webhook)");
    // R-CRM-1: her card has her own name, without the connector's label.
    let card = until("the client's card", || {
        let (status, res) = get(
            &t.w,
            &format!(
                "/api/crm/conversation?channel={}&conversation={}",
                t.demo.channel.id, summary.id
            ),
            Some(&t.ana.token),
        );
        assert_eq!(status, 200, "{res}");
        Some(res["client"].clone()).filter(|c| !c.is_null())
    })
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(card["name"], json!("Rita"), "{card}");
    assert_eq!(count(&t, &summary.id, "Is my order on its way?"), 1);

    // The receiver is down at first: the reply is retried until it takes it.
    receiver.answer("/hook", &[(503, "{}"), (200, "{}")]);
    let seq = reply(&mut ana, "a1", "It left this morning.");
    let calls = receiver.wait_calls("/hook", 2);
    for call in &calls {
        let req = InboundRequest {
            headers: call.headers.clone().into_iter().collect::<BTreeMap<_, _>>(),
            body: call.body.clone(),
        };
        let at = Timestamp(now_s() * 1000);
        assert_eq!(verify(&secret, at, &req), Ok(()), "signed: {call:?}");
        let posted = call.json();
        assert_eq!(posted["client"], json!("crm-77"));
        assert_eq!(posted["message"]["seq"], json!(seq.0));
        assert_eq!(posted["message"]["text"], json!("It left this morning."));
    }
    let delivery = ana.until("the delivery receipt", |f| match f {
        ServerFrame::Receipt { delivery, .. } => Some(delivery.clone()),
        _ => None,
    });
    assert_eq!(delivery, Delivery::Delivered);

    // R-CH-5: switched off, the channel still takes the client's messages.
    let (status, res) = t.admin_post(
        "/api/channels/update",
        &json!({"id": t.demo.channel.id, "active": false}),
    );
    assert_eq!(status, 200, "{res}");
    let body = json!({"client": {"id": "crm-77"}, "message": {"id": "m-2", "text": "Thanks!"}})
        .to_string();
    let (status, res) = t.inbound(&path, &signed(&secret, now_s(), &body), &body);
    assert_eq!(status, 200, "{res}");
    assert_eq!(count(&t, &summary.id, "Thanks!"), 1);
}

// #21: an operator's file reaches the webhook's receiver as the message's
// `file` (name, type, size, a link signed for it and its expiry); the link
// reads the bytes, and a reply without a file has no `file` at all.
fn connectors_21_the_webhook_gets_an_operators_file_as_a_signed_link() {
    let t = Team::new();
    let receiver = StandIn::start();
    let (status, res) =
        t.add(json!({"kind": "webhook", "url": format!("{}/hook", receiver.url())}));
    assert_eq!(status, 200, "{res}");
    let created: ConnectorCreated = serde_json::from_value(res).unwrap();
    let secret = created.secret.clone().expect("the signing secret, once");
    let mut inbox = t.ana_on_duty();
    let body =
        json!({"client": {"id": "crm-9"}, "message": {"id": "m-1", "text": "The invoice, please"}})
            .to_string();
    let ts = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    let headers = vec![
        (TIMESTAMP_HEADER, ts.to_string()),
        (SIGNATURE_HEADER, sign(&secret, ts, &body)),
    ];
    let (status, res) = t.inbound(&created.connector.inbound_path, &headers, &body);
    assert_eq!(status, 200, "{res}");
    let (summary, mut ana) = t.ana_takes(&mut inbox);
    let (status, res) = upload(&t.w, &t.ana.token, &summary.id, "f1", "fatura.pdf", PDF);
    assert_eq!(status, 201, "{res}");
    ana.send(&ClientFrame::Send {
        id: ClientMsgId::parse("a1").unwrap(),
        text: String::new(),
        file: Some(ClientMsgId::parse("f1").unwrap()),
    });
    let posted = receiver.wait_calls("/hook", 1).remove(0).json();
    let message = &posted["message"];
    assert_eq!(message["text"], "", "{posted}");
    let file = &message["file"];
    assert_eq!(
        (&file["name"], &file["type"], &file["size"]),
        (
            &json!("fatura.pdf"),
            &json!("application/pdf"),
            &json!(PDF.len())
        ),
        "{posted}"
    );
    let url = file["url"].as_str().expect("a link");
    assert!(url.starts_with(&t.w.url("/api/files/")), "{url}");
    let expires = file["expires"].as_i64().expect("an expiry");
    assert!(
        expires > ts * 1000 && expires <= (ts + 3700) * 1000,
        "{file}"
    );
    assert_eq!(download(url), (200, PDF.to_vec()));
    reply(&mut ana, "a2", "Anything else?");
    let calls = receiver.wait_calls("/hook", 2);
    let plain = calls[1].json();
    assert_eq!(plain["message"]["text"], "Anything else?");
    assert!(plain["message"].get("file").is_none(), "{plain}");
}

/// A private chat's update with a file (`photo` sizes or a `document`).
fn file_update(message_id: i64, file: (&str, Value), caption: Option<&str>) -> String {
    let mut update = json!({
        "update_id": message_id + 1000,
        "message": {
            "message_id": message_id,
            "date": 0,
            "chat": {"id": 4242, "type": "private"},
            "from": {"id": 4242, "is_bot": false, "first_name": "Rita"},
        }
    });
    update["message"][file.0] = file.1;
    if let Some(c) = caption {
        update["message"]["caption"] = c.into();
    }
    update.to_string()
}

/// `getFile`'s answer for a file at `path` of `size` bytes.
fn found(path: &str, size: usize) -> String {
    json!({"ok": true, "result": {"file_id": "x", "file_unique_id": "u", "file_size": size, "file_path": path}})
        .to_string()
}

// #21: a client's document and photo are fetched through the Bot API
// (getFile, then the file), stored once however often Telegram delivers
// the update, and typed by their bytes; a file of a kind not allowed still
// brings the message, which says why the file is missing. An operator's
// picture goes out as sendPhoto and a PDF as sendDocument, each by a link
// that reads it.
fn connectors_21_telegram_photos_and_documents_go_both_ways_once() {
    let t = Team::new();
    let api = StandIn::start();
    let (status, res) =
        t.add(json!({"kind": "telegram", "bot_token": BOT_TOKEN, "api_base": api.url()}));
    assert_eq!(status, 200, "{res}");
    let created: ConnectorCreated = serde_json::from_value(res).unwrap();
    let secret = api.wait_calls("/setWebhook", 1)[0].json()["secret_token"]
        .as_str()
        .unwrap()
        .to_owned();
    let path = created.connector.inbound_path.clone();
    let with = vec![("x-telegram-bot-api-secret-token", secret)];
    let mut inbox = t.ana_on_duty();
    let html: &[u8] = b"<html><script>alert(1)</script></html>";
    api.answer(
        "/getFile",
        &[
            (200, &found("documents/file_1.pdf", PDF.len())),
            (200, &found("photos/file_2.jpg", PNG.len())),
            (200, &found("documents/file_3.png", html.len())),
        ],
    );
    api.answer_bytes("/documents/file_1.pdf", &[(200, PDF)]);
    api.answer_bytes("/photos/file_2.jpg", &[(200, PNG)]);
    api.answer_bytes("/documents/file_3.png", &[(200, html)]);

    let doc = json!({"file_id": "DOC1", "file_unique_id": "d1", "file_name": "fatura.pdf", "mime_type": "application/pdf", "file_size": PDF.len()});
    let update = file_update(1, ("document", doc), None);
    let (status, first) = t.inbound(&path, &with, &update);
    assert_eq!(status, 200, "{first}");
    let (status, again) = t.inbound(&path, &with, &update);
    assert_eq!(status, 200, "{again}");
    assert_eq!(first["accepted"], again["accepted"], "one message");
    let photo = json!([
        {"file_id": "P0", "file_unique_id": "p0", "width": 1, "height": 1, "file_size": 10},
        {"file_id": "P1", "file_unique_id": "p1", "width": 1, "height": 1, "file_size": PNG.len()},
    ]);
    let (status, res) = t.inbound(
        &path,
        &with,
        &file_update(2, ("photo", photo), Some("Olha a tela")),
    );
    assert_eq!(status, 200, "{res}");
    let fake = json!({"file_id": "H1", "file_unique_id": "h1", "file_name": "tela.png", "file_size": html.len()});
    let (status, res) = t.inbound(&path, &with, &file_update(3, ("document", fake), None));
    assert_eq!(
        status, 200,
        "a file refused still brings the message: {res}"
    );
    assert_eq!(api.calls("/documents/file_1.pdf").len(), 1, "fetched once");
    assert_eq!(api.calls("/getFile").len(), 3, "asked once per file");
    let asked: Vec<String> = api
        .calls("/getFile")
        .iter()
        .map(|c| c.json()["file_id"].as_str().unwrap_or_default().to_owned())
        .collect();
    assert_eq!(asked, ["DOC1", "P1", "H1"], "the largest photo size");

    let (summary, mut ana) = t.ana_takes(&mut inbox);
    let mut messages = Vec::new();
    while messages.len() < 3 {
        if let ServerFrame::Message { message } = ana.frame() {
            messages.push(message.clone());
        }
    }
    let pdf = messages[0].file.clone().expect("the document");
    assert_eq!(
        (pdf.name.as_str(), pdf.mime.as_str(), pdf.size),
        ("fatura.pdf", "application/pdf", PDF.len() as u64)
    );
    assert_eq!(messages[0].text, "");
    let (status, bytes) = download(&t.w.url(&pdf.url.expect("a link")));
    assert_eq!((status, bytes.as_slice()), (200, PDF));
    let shot = messages[1].file.clone().expect("the photo");
    assert_eq!(
        (shot.mime.as_str(), shot.width),
        ("image/png", Some(1)),
        "typed by its bytes"
    );
    assert_eq!(messages[1].text, "Olha a tela");
    assert!(messages[2].file.is_none());
    assert!(
        messages[2].text.contains("a file Canal could not take"),
        "{:?}",
        messages[2]
    );

    // Ana's picture goes out as sendPhoto, her PDF as sendDocument with its
    // caption, each by a link that reads it.
    for (id, name, bytes) in [("f1", "tela.png", PNG), ("f2", "orcamento.pdf", PDF)] {
        let (status, res) = upload(&t.w, &t.ana.token, &summary.id, id, name, bytes);
        assert_eq!(status, 201, "{res}");
    }
    for (id, file, caption) in [("a1", "f1", ""), ("a2", "f2", "Segue")] {
        ana.send(&ClientFrame::Send {
            id: ClientMsgId::parse(id).unwrap(),
            text: caption.into(),
            file: Some(ClientMsgId::parse(file).unwrap()),
        });
    }
    let photo = api.wait_calls("/sendPhoto", 1).remove(0).json();
    assert_eq!(photo["chat_id"], "4242", "{photo}");
    assert!(photo.get("caption").is_none(), "{photo}");
    let url = photo["photo"].as_str().expect("a link");
    assert_eq!(download(url), (200, PNG.to_vec()));
    let doc = api.wait_calls("/sendDocument", 1).remove(0).json();
    assert_eq!(doc["caption"], "Segue", "{doc}");
    let url = doc["document"].as_str().expect("a link");
    assert_eq!(download(url), (200, PDF.to_vec()));
    assert!(api.calls("/sendMessage").is_empty(), "no text message");
}
