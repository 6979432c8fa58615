//! Integration tests of the routing backend (R-Q-1…6) against a real
//! `wrangler dev`: each case starts its own worker with fresh state, so the
//! queue of one case never sees the conversations of another.

use std::sync::{Arc, Barrier};
use std::thread;
use std::time::Duration;

use canal_shared::ids::{ClientMsgId, ConversationId, UserId};
use canal_shared::people::QueueMembers;
use canal_shared::presence::Liveness;
use canal_shared::protocol::{
    ClientFrame, ConversationSummary, InboxFrame, LoginResponse, ServerFrame,
    VisitorSessionResponse,
};
use canal_shared::routing::Presence;
use canal_shared::widget_settings::OperatorCard;
use canal_tests::api::{get, login, post, visitor};
use canal_tests::cases;
use canal_tests::socket::{connect, join, Socket};
use canal_tests::suite;
use canal_tests::wait::PATIENCE;
use canal_tests::worker::{Demo, Worker};
use serde_json::{json, Value};

fn main() {
    suite::run(
        || (),
        cases![
            strict_mode_follows_queue_order_and_skip_moves_on(),
            evenly_mode_gives_the_next_conversation_to_the_least_loaded(),
            to_all_offers_everyone_and_exactly_one_accept_wins(),
            only_present_operators_get_offers_and_waiting_ones_go_out_at_once(),
            capacity_limits_count_as_the_settings_say(),
            admins_manage_people_departments_and_queues(),
            the_queue_survives_a_crash_of_the_runtime(),
            a_console_that_stops_pinging_goes_offline(),
            an_unaccepted_offer_moves_on_after_the_idle_time(),
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
        Self::with(&[])
    }

    /// A team on a worker with these vars (the test-only short timings).
    fn with(vars: &[(&str, &str)]) -> Team {
        let w = Worker::start_with(vars);
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

    /// Saves the queue (people by session) and settings, as an admin.
    fn configure(&self, people: &[&LoginResponse], settings: Value) {
        let entries: Vec<Value> = people
            .iter()
            .map(|p| json!({"kind": "user", "id": p.user.id}))
            .collect();
        let body = json!({"channel": self.channel(), "settings": settings, "entries": entries});
        let (status, res) = post(&self.w, "/api/queue", Some(&self.admin.token), &body);
        assert_eq!(status, 200, "saving the queue: {res}");
    }

    fn members(&self) -> QueueMembers {
        let (status, res) = get(
            &self.w,
            &format!("/api/queue/members?channel={}", self.channel()),
            Some(&self.admin.token),
        );
        assert_eq!(status, 200, "{res}");
        serde_json::from_value(res).expect("queue members")
    }

    /// Waits until the channel's router sees these presences.
    fn wait_presence(&self, want: &[(&LoginResponse, Presence)]) {
        let start = std::time::Instant::now();
        loop {
            let m = self.members();
            let ok = want.iter().all(|(who, p)| {
                m.members
                    .iter()
                    .any(|x| x.operator.id == who.user.id && x.presence == *p)
            });
            if ok {
                return;
            }
            assert!(
                start.elapsed() < PATIENCE,
                "presence never reached the channel: {m:?}"
            );
            thread::sleep(Duration::from_millis(100));
        }
    }

    /// The operator's inbox socket, past its snapshot.
    fn inbox(&self, who: &LoginResponse) -> Socket {
        let mut s = connect(&self.w.ws_url(&format!("/ws/inbox?token={}", who.token)))
            .expect("inbox opens");
        assert!(matches!(s.next_inbox(), InboxFrame::Snapshot { .. }));
        s
    }

    /// A visitor who wrote their first message (the conversation waits).
    fn visitor_writes(&self, text: &str) -> (VisitorSessionResponse, Socket) {
        let v = visitor(&self.w, &self.channel());
        let mut s = join(&self.w.ws_url(&format!(
            "/ws/visitor?conversation={}&token={}",
            v.conversation, v.token
        )));
        s.send(&ClientFrame::Send {
            id: ClientMsgId::parse("v1").unwrap(),
            text: text.into(),
            file: None,
        });
        s.until("the ack", |f| {
            matches!(f, ServerFrame::Ack { .. }).then_some(())
        });
        (v, s)
    }

    fn act(&self, who: &LoginResponse, what: &str, c: &ConversationId) -> (u16, Value) {
        post(
            &self.w,
            &format!("/api/conversations/{what}"),
            Some(&who.token),
            &json!({"channel": self.channel(), "conversation": c}),
        )
    }

    fn transfer(
        &self,
        who: &LoginResponse,
        c: &ConversationId,
        to: Option<&UserId>,
    ) -> (u16, Value) {
        post(
            &self.w,
            "/api/conversations/transfer",
            Some(&who.token),
            &json!({"channel": self.channel(), "conversation": c, "to": to}),
        )
    }
}

fn settings(mode: &str) -> Value {
    json!({"mode": mode, "idle_ms": 180_000, "check_online": true, "capacity": null})
}

/// The next summary of `c` in this inbox (or its removal: `None`).
fn next_about(inbox: &mut Socket, c: &ConversationId) -> Option<ConversationSummary> {
    inbox.until_inbox("news of the conversation", PATIENCE, |f| match f {
        InboxFrame::Upsert { conversation } if &conversation.id == c => {
            Some(Some(conversation.clone()))
        }
        InboxFrame::Snapshot { conversations } => conversations
            .iter()
            .find(|x| &x.id == c)
            .map(|x| Some(x.clone())),
        InboxFrame::Removed { id } if id == c => Some(None),
        _ => None,
    })
}

/// Waits until `c` is offered to this inbox's operator (`me`).
fn offered(inbox: &mut Socket, c: &ConversationId, me: &UserId) -> ConversationSummary {
    loop {
        if let Some(s) = next_about(inbox, c) {
            if s.offered.contains(me) {
                return s;
            }
        }
    }
}

/// Nothing about `c` reaches this inbox for a while.
fn quiet_about(inbox: &mut Socket, c: &ConversationId, wait: Duration) {
    let start = std::time::Instant::now();
    while start.elapsed() < wait {
        if let Some(f) = inbox.next_within::<InboxFrame>(Duration::from_millis(200)) {
            let about = match &f {
                InboxFrame::Upsert { conversation } => &conversation.id == c,
                InboxFrame::Removed { id } => id == c,
                _ => false,
            };
            assert!(!about, "expected nothing about {c}, got {f:?}");
        }
    }
}

/// What the visitor's socket is told of who answers (R-A-1: the card only).
fn assigned(s: &mut Socket) -> Option<OperatorCard> {
    s.until("the assignment", |f| match f {
        ServerFrame::Assigned { card, .. } => Some(card.clone()),
        _ => None,
    })
}

// R-Q-2 "strictly in queue order", R-Q-3 (moving on to the next operator).
fn strict_mode_follows_queue_order_and_skip_moves_on() {
    let t = Team::new();
    // Bruno first: queue order is priority, whatever the order of creation.
    t.configure(&[&t.bruno, &t.ana], settings("strict"));
    let mut ana = t.inbox(&t.ana);
    let mut bruno = t.inbox(&t.bruno);
    t.wait_presence(&[(&t.ana, Presence::Online), (&t.bruno, Presence::Online)]);

    let (v, mut vs) = t.visitor_writes("hello");
    let c = &v.conversation;
    let s = offered(&mut bruno, c, &t.bruno.user.id);
    assert_eq!(s.offered, vec![t.bruno.user.id.clone()]);
    quiet_about(&mut ana, c, Duration::from_millis(800));

    // Ana cannot accept what was not offered to her.
    let (status, err) = t.act(&t.ana, "accept", c);
    assert_eq!(status, 409, "{err}");
    assert!(err["message"]
        .as_str()
        .unwrap()
        .contains("no longer offered"));

    // Bruno skips: it leaves his inbox and goes to the next in order.
    let (status, res) = t.act(&t.bruno, "decline", c);
    assert_eq!(status, 200, "{res}");
    assert_eq!(next_about(&mut bruno, c), None);
    offered(&mut ana, c, &t.ana.user.id);
    let (status, res) = t.act(&t.ana, "accept", c);
    assert_eq!(status, 200, "{res}");
    assert_eq!(assigned(&mut vs).map(|o| o.name), Some("Ana".into()));
}

// R-Q-2 "evenly": the next conversation goes to whoever has the least load.
fn evenly_mode_gives_the_next_conversation_to_the_least_loaded() {
    let t = Team::new();
    t.configure(&[&t.ana, &t.bruno], settings("evenly"));
    let mut inboxes = [(t.inbox(&t.ana), &t.ana), (t.inbox(&t.bruno), &t.bruno)];
    t.wait_presence(&[(&t.ana, Presence::Online), (&t.bruno, Presence::Online)]);

    let mut winners = Vec::new();
    for text in ["first", "second"] {
        let (v, _vs) = t.visitor_writes(text);
        let c = &v.conversation;
        // Whoever it is offered to accepts it.
        let who = loop {
            let mut found = None;
            for (inbox, who) in inboxes.iter_mut() {
                if let Some(InboxFrame::Upsert { conversation }) =
                    inbox.next_within::<InboxFrame>(Duration::from_millis(200))
                {
                    if &conversation.id == c && conversation.offered.contains(&who.user.id) {
                        found = Some(*who);
                    }
                }
            }
            if let Some(w) = found {
                break w;
            }
        };
        let (status, res) = t.act(who, "accept", c);
        assert_eq!(status, 200, "{res}");
        winners.push(who.user.name.clone());
    }
    assert_ne!(winners[0], winners[1], "both went to the same operator");
    let loads: Vec<u32> = t.members().members.iter().map(|m| m.load).collect();
    assert_eq!(loads, vec![1, 1]);
}

// R-Q-2 "to all", R-Q-6 transfers.
fn to_all_offers_everyone_and_exactly_one_accept_wins() {
    let t = Team::new();
    t.configure(&[&t.ana, &t.bruno], settings("to_all"));
    let mut ana = t.inbox(&t.ana);
    let mut bruno = t.inbox(&t.bruno);
    t.wait_presence(&[(&t.ana, Presence::Online), (&t.bruno, Presence::Online)]);

    let (v, mut vs) = t.visitor_writes("anyone?");
    let c = v.conversation.clone();
    let both = vec![t.ana.user.id.clone(), t.bruno.user.id.clone()];
    let sorted = |mut v: Vec<UserId>| {
        v.sort();
        v
    };
    assert_eq!(
        sorted(offered(&mut ana, &c, &t.ana.user.id).offered),
        sorted(both.clone())
    );
    offered(&mut bruno, &c, &t.bruno.user.id);

    // Both accept at the same moment: exactly one wins.
    let barrier = Arc::new(Barrier::new(2));
    let url = t.w.url("/api/conversations/accept");
    let race: Vec<_> = [t.ana.token.clone(), t.bruno.token.clone()]
        .into_iter()
        .map(|token| {
            let barrier = Arc::clone(&barrier);
            let url = url.clone();
            let body = json!({"channel": t.channel(), "conversation": c});
            thread::spawn(move || {
                barrier.wait();
                match ureq::post(&url)
                    .set("authorization", &format!("Bearer {token}"))
                    .send_json(body)
                {
                    Ok(r) => (r.status(), String::new()),
                    Err(ureq::Error::Status(s, r)) => (s, r.into_string().unwrap_or_default()),
                    Err(e) => panic!("{e}"),
                }
            })
        })
        .collect();
    let results: Vec<(u16, String)> = race.into_iter().map(|h| h.join().unwrap()).collect();
    let mut statuses: Vec<u16> = results.iter().map(|r| r.0).collect();
    statuses.sort();
    assert_eq!(statuses, vec![200, 409], "{results:?}");
    let lost = results.iter().find(|r| r.0 == 409).unwrap();
    assert!(lost.1.contains("another operator"), "{lost:?}");
    let (winner, loser) = if results[0].0 == 200 {
        (&t.ana, &t.bruno)
    } else {
        (&t.bruno, &t.ana)
    };
    assert_eq!(
        assigned(&mut vs).map(|o| o.name),
        Some(winner.user.name.clone())
    );
    assert!(
        vs.next_within::<ServerFrame>(Duration::from_millis(800))
            .is_none(),
        "the visitor hears of one assignment only"
    );
    let loser_inbox = if loser.user.id == t.ana.user.id {
        &mut ana
    } else {
        &mut bruno
    };
    assert_eq!(
        next_about(loser_inbox, &c),
        None,
        "the other offer is withdrawn"
    );

    // R-Q-6: the loser cannot transfer it; the winner hands it to the loser.
    let (status, _) = t.transfer(loser, &c, None);
    assert_eq!(status, 403);
    let (status, res) = t.transfer(winner, &c, Some(&loser.user.id));
    assert_eq!(status, 200, "{res}");
    assert_eq!(
        assigned(&mut vs).map(|o| o.name),
        Some(loser.user.name.clone())
    );
    let now = next_about(loser_inbox, &c).expect("in the new operator's inbox");
    assert_eq!(now.operator.map(|o| o.id), Some(loser.user.id.clone()));
    // An admin sends it back to the queue: it is offered again, passing over
    // the operator who just had it.
    let (status, res) = t.transfer(&t.admin, &c, None);
    assert_eq!(status, 200, "{res}");
    assert_eq!(assigned(&mut vs), None);
}

// R-Q-4: offers go only to operators present; a waiting conversation goes
// out the moment someone comes online.
fn only_present_operators_get_offers_and_waiting_ones_go_out_at_once() {
    let t = Team::new();
    t.configure(&[&t.ana, &t.bruno], settings("strict"));
    let (v, _vs) = t.visitor_writes("is anyone there?");
    let c = &v.conversation;
    thread::sleep(Duration::from_millis(500));
    assert!(t
        .members()
        .members
        .iter()
        .all(|m| m.presence == Presence::Offline));

    // Ana opens her console: the waiting conversation is offered at once.
    let mut ana = t.inbox(&t.ana);
    offered(&mut ana, c, &t.ana.user.id);
    t.act(&t.ana, "accept", c);

    // Away: nothing new is offered to her; back online: it is.
    ana.send_text(r#"{"type":"set_presence","presence":"away"}"#);
    ana.until_inbox("away", PATIENCE, |f| {
        matches!(
            f,
            InboxFrame::Presence {
                presence: Presence::Away
            }
        )
        .then_some(())
    });
    t.wait_presence(&[(&t.ana, Presence::Away)]);
    let (v2, _vs2) = t.visitor_writes("me too");
    quiet_about(&mut ana, &v2.conversation, Duration::from_millis(1000));
    ana.send_text(r#"{"type":"set_presence","presence":"online"}"#);
    offered(&mut ana, &v2.conversation, &t.ana.user.id);

    // Offline is not a choice: closing the console is.
    ana.send_text(r#"{"type":"set_presence","presence":"offline"}"#);
    let refusal = loop {
        let f: Value = ana.next_within(PATIENCE).expect("an answer");
        if f["type"] == "error" {
            break f;
        }
    };
    assert!(refusal["message"]
        .as_str()
        .unwrap()
        .contains("online or away"));
}

// R-Q-5: the limit, and what the "answered" rule does not count.
fn capacity_limits_count_as_the_settings_say() {
    let t = Team::new();
    let limited = |rule: &str| {
        json!({"mode": "strict", "idle_ms": 180_000, "check_online": true,
               "capacity": {"max": 1, "not_counted": rule}})
    };
    t.configure(&[&t.ana, &t.bruno], limited("closed"));
    let mut ana = t.inbox(&t.ana);
    let mut bruno = t.inbox(&t.bruno);
    t.wait_presence(&[(&t.ana, Presence::Online), (&t.bruno, Presence::Online)]);

    let (v1, _s1) = t.visitor_writes("one");
    offered(&mut ana, &v1.conversation, &t.ana.user.id);
    assert_eq!(t.act(&t.ana, "accept", &v1.conversation).0, 200);
    // Ana is full: the next goes to Bruno even though she is first.
    let (v2, _s2) = t.visitor_writes("two");
    offered(&mut bruno, &v2.conversation, &t.bruno.user.id);
    assert_eq!(t.act(&t.bruno, "accept", &v2.conversation).0, 200);
    // Both full: the third waits.
    let (v3, _s3) = t.visitor_writes("three");
    quiet_about(&mut ana, &v3.conversation, Duration::from_millis(800));
    let (status, err) = t.transfer(&t.ana, &v1.conversation, Some(&t.bruno.user.id));
    assert_eq!(status, 409, "{err}");
    assert!(err["message"].as_str().unwrap().contains("limit"));

    // With "answered" not counted, Ana's answer frees her: the third is hers.
    t.configure(&[&t.ana, &t.bruno], limited("answered"));
    let mut os = join(&t.w.ws_url(&format!(
        "/ws/operator?conversation={}&token={}",
        v1.conversation, t.ana.token
    )));
    os.send(&ClientFrame::Send {
        id: ClientMsgId::parse("a1").unwrap(),
        text: "how can I help?".into(),
        file: None,
    });
    os.until("the ack", |f| {
        matches!(f, ServerFrame::Ack { .. }).then_some(())
    });
    offered(&mut ana, &v3.conversation, &t.ana.user.id);
}

// R-Q-1 and the people pages: departments stand for their members; a
// deactivated operator is signed out and their conversation waits again.
fn admins_manage_people_departments_and_queues() {
    let t = Team::new();
    let admin = Some(t.admin.token.as_str());
    let (status, _) = get(&t.w, "/api/people", Some(&t.ana.token));
    assert_eq!(status, 403, "operators do not manage people");

    let carla = json!({"email": "carla@example.com", "name": "Carla", "password": "a long password", "role": "operator"});
    let (status, person) = post(&t.w, "/api/people", admin, &carla);
    assert_eq!(status, 200, "{person}");
    let carla_id = person["id"].as_str().unwrap().to_owned();
    let (status, err) = post(&t.w, "/api/people", admin, &carla);
    assert_eq!(status, 400);
    assert!(err["message"].as_str().unwrap().contains("already a user"));

    let (status, dep) = post(
        &t.w,
        "/api/departments",
        admin,
        &json!({"id": null, "name": "Sales", "head": t.ana.user.id, "members": [carla_id]}),
    );
    assert_eq!(status, 200, "{dep}");
    let bad = json!({"channel": t.channel(), "settings": {"mode": "strict", "idle_ms": 10_000, "check_online": true, "capacity": null},
                     "entries": [{"kind": "department", "id": dep["id"]}]});
    let (status, err) = post(&t.w, "/api/queue", admin, &bad);
    assert_eq!(status, 400);
    assert!(
        err["message"].as_str().unwrap().contains("1 minute"),
        "{err}"
    );
    let mut good = bad.clone();
    good["settings"]["idle_ms"] = json!(60_000);
    let (status, saved) = post(&t.w, "/api/queue", admin, &good);
    assert_eq!(status, 200, "{saved}");
    let (_, back) = get(&t.w, &format!("/api/queue?channel={}", t.channel()), admin);
    assert_eq!(back["entries"], good["entries"]);

    // Carla is in the queue through Sales; Ana and Bruno no longer are.
    let carla = login(&t.w, "carla@example.com", "a long password");
    let (_, me) = get(&t.w, "/api/me", Some(&carla.token));
    assert_eq!(me["channels"][0]["id"], json!(t.channel()));
    let (_, me) = get(&t.w, "/api/me", Some(&t.ana.token));
    assert_eq!(me["channels"], json!([]));

    let mut inbox = t.inbox(&carla);
    let (v, mut vs) = t.visitor_writes("hi");
    offered(&mut inbox, &v.conversation, &carla.user.id);
    assert_eq!(t.act(&carla, "accept", &v.conversation).0, 200);
    assert!(assigned(&mut vs).is_some());

    let (status, err) = post(
        &t.w,
        "/api/people/active",
        admin,
        &json!({"user": t.admin.user.id, "active": false}),
    );
    assert_eq!(status, 400, "{err}");
    let (status, res) = post(
        &t.w,
        "/api/people/active",
        admin,
        &json!({"user": carla.user.id, "active": false}),
    );
    assert_eq!(status, 200, "{res}");
    assert_eq!(res["active"], json!(false));
    assert_eq!(get(&t.w, "/api/me", Some(&carla.token)).0, 401);
    assert!(inbox.closed_within(PATIENCE), "her console is closed");
    assert_eq!(assigned(&mut vs), None, "her conversation waits again");
    assert!(t.members().members.is_empty());
}

// R-Q-3: an offer nobody accepts moves on after the idle time, through the
// channel's alarm (at least a minute; two seconds on this test's worker).
fn an_unaccepted_offer_moves_on_after_the_idle_time() {
    let t = Team::with(&[("CANAL_MIN_DELAY_MS", "1000")]);
    let mut s = settings("strict");
    s["idle_ms"] = json!(2_000);
    t.configure(&[&t.ana, &t.bruno], s);
    let mut ana = t.inbox(&t.ana);
    let mut bruno = t.inbox(&t.bruno);
    t.wait_presence(&[(&t.ana, Presence::Online), (&t.bruno, Presence::Online)]);
    let (v, _vs) = t.visitor_writes("hello?");
    let c = &v.conversation;
    offered(&mut ana, c, &t.ana.user.id);
    let forwarded = bruno.until_inbox("the forwarded offer", PATIENCE, |f| match f {
        InboxFrame::Upsert { conversation } if &conversation.id == c => {
            Some(conversation.offered.clone())
        }
        _ => None,
    });
    assert_eq!(forwarded, vec![t.bruno.user.id.clone()]);
    assert_eq!(next_about(&mut ana, c), None, "it left Ana's inbox");
}

// The channel's router is saved with every decision: after a SIGKILL of
// workerd the offer is still there, and accepting it works.
fn the_queue_survives_a_crash_of_the_runtime() {
    let t = Team::new();
    t.configure(&[&t.ana, &t.bruno], settings("strict"));
    let mut ana = t.inbox(&t.ana);
    t.wait_presence(&[(&t.ana, Presence::Online)]);
    let (v, _vs) = t.visitor_writes("still there?");
    let c = &v.conversation;
    offered(&mut ana, c, &t.ana.user.id);
    ana.close();
    t.w.restart();
    // Her console reconnects within the presence grace: the offer still stands.
    let mut ana = t.inbox(&t.ana);
    let (status, res) = t.act(&t.ana, "accept", c);
    assert_eq!(status, 200, "{res}");
    let loads: Vec<(String, u32)> = t
        .members()
        .members
        .into_iter()
        .map(|m| (m.operator.name, m.load))
        .collect();
    assert_eq!(loads, vec![("Ana".into(), 1), ("Bruno".into(), 0)]);
    let mine = next_about(&mut ana, c).expect("in her inbox");
    assert_eq!(mine.operator.map(|o| o.id), Some(t.ana.user.id.clone()));
}

// R-Q-4 heartbeats: a console whose connection went silent (no `ping`) is
// closed by the server and counts as offline after the grace; one that keeps
// pinging stays online all along. The timings are the standard ones shrunk
// so that a socket goes stale after 3 s instead of 70 s.
fn a_console_that_stops_pinging_goes_offline() {
    let live = Liveness::shortened(3000);
    let t = Team::with(&[("CANAL_STALE_MS", "3000")]);
    let mut silent = t.inbox(&t.ana);
    let mut pinging = t.inbox(&t.bruno);
    t.wait_presence(&[(&t.ana, Presence::Online), (&t.bruno, Presence::Online)]);
    let start = std::time::Instant::now();
    let limit = Duration::from_millis((live.stale_ms + 2 * live.check_ms + live.grace_ms) as u64)
        + PATIENCE;
    let mut last_ping = std::time::Instant::now();
    let presence_of = |who: &LoginResponse| {
        t.members()
            .members
            .into_iter()
            .find(|m| m.operator.id == who.user.id)
            .map(|m| m.presence)
    };
    loop {
        if last_ping.elapsed() > Duration::from_millis(live.ping_ms() as u64) {
            pinging.send_text("ping");
            last_ping = std::time::Instant::now();
        }
        if presence_of(&t.ana) == Some(Presence::Offline) {
            break;
        }
        assert_eq!(
            presence_of(&t.bruno),
            Some(Presence::Online),
            "the pinging console stays online"
        );
        assert!(
            start.elapsed() < limit,
            "the silent console never went offline"
        );
        thread::sleep(Duration::from_millis(100));
    }
    assert!(
        start.elapsed() >= Duration::from_millis(live.stale_ms as u64),
        "offline only once the heartbeat was missed"
    );
    assert!(
        silent.closed_within(Duration::from_secs(1)),
        "the server closed it"
    );
}
