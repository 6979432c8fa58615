//! The authorization matrix (R-S-1, R-S-2): every HTTP route of the
//! Worker's table (`canal_shared::api::ROUTES`) and every frame of the
//! conversation and inbox sockets, tried by every actor of SECURITY.md
//! against a real `wrangler dev`. This file holds the expected answer of
//! each pair. A route of the table without a row here, or whose row names
//! another guard, fails the suite (one without its row in SECURITY.md's
//! table fails xtask's tidy check under plain `cargo test`); a new client
//! frame does not compile until [`frame_answers`] says who may send it.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::time::Duration;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use canal_shared::api::{Who, ROUTES};
use canal_shared::ids::{ClientMsgId, ConversationId, Seq};
use canal_shared::protocol::{
    ClientFrame, ErrorCode, InboxFrame, LoginResponse, Rating, ServerFrame, Verdict,
    PROTOCOL_VERSION,
};
use canal_shared::time::Timestamp;
use canal_shared::token::{SessionClaims, Signer, VisitorClaims};
use canal_tests::api::{get, login, post, put_bytes, visitor};
use canal_tests::cases;
use canal_tests::socket::{connect, Socket};
use canal_tests::suite;
use canal_tests::wait::PATIENCE;
use canal_tests::worker::Worker;
use serde_json::{json, Value};

fn main() {
    suite::run(
        Ctx::start,
        cases![
            every_route_of_the_table_has_a_row_here,
            every_actor_gets_the_expected_answer_on_every_route,
            only_the_deployment_secret_sets_up,
            sockets_admit_only_their_actors,
            every_frame_is_decided_by_who_sends_it,
            supervisor_rating_tells_an_outsider_nothing,
            an_expired_visitor_token_is_not_told_to_sign_in,
        ],
    )
}

/// Who tries a door. SECURITY.md section 2 names them; the forged, expired
/// and revoked ones are the credentials an attacker could hold.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Actor {
    /// No credential at all.
    Anon,
    /// The admin's claims signed with another secret.
    ForgedAdmin,
    /// Visitor A's claims signed with another secret.
    ForgedVisitor,
    /// The admin's session, correctly signed, past its expiry.
    ExpiredAdmin,
    /// Visitor A's token, correctly signed, past its expiry.
    ExpiredVisitor,
    /// Ana's session after she signed out.
    Revoked,
    /// The visitor whose conversation the requests name.
    VisitorA,
    /// Another visitor of the same channel.
    VisitorB,
    /// Ana: an operator in the demo channel's queue.
    OpX,
    /// Yara: an operator in another channel's queue only.
    OpY,
    /// Bruno: in the demo queue, head of Ana's department.
    Sup,
    /// The admin.
    Admin,
}

const ACTORS: [Actor; 12] = [
    Actor::Anon,
    Actor::ForgedAdmin,
    Actor::ForgedVisitor,
    Actor::ExpiredAdmin,
    Actor::ExpiredVisitor,
    Actor::Revoked,
    Actor::VisitorA,
    Actor::VisitorB,
    Actor::OpX,
    Actor::OpY,
    Actor::Sup,
    Actor::Admin,
];

impl Actor {
    /// Holds a valid session (operator, supervisor or admin).
    fn signed_in(self) -> bool {
        matches!(self, Actor::OpX | Actor::OpY | Actor::Sup | Actor::Admin)
    }
}

/// The status `actor` gets from a route guarded by `who`, when the guard
/// refuses; `None` when it lets them through.
fn refusal(who: Who, actor: Actor) -> Option<u16> {
    match who {
        Who::Anyone => None,
        Who::Secret => Some(401),
        Who::Door => Some(401),
        Who::Socket => Some(426),
        Who::Bench => Some(404),
        Who::SignedIn if actor.signed_in() => None,
        Who::Admin if actor == Actor::Admin => None,
        Who::Admin if actor.signed_in() => Some(403),
        Who::Member if matches!(actor, Actor::OpX | Actor::Sup | Actor::Admin) => None,
        Who::Member if actor == Actor::OpY => Some(403),
        Who::Ledger if matches!(actor, Actor::Sup | Actor::Admin) => None,
        Who::Ledger if actor.signed_in() => Some(403),
        Who::Visitor if actor == Actor::VisitorA => None,
        Who::Visitor if actor == Actor::VisitorB => Some(403),
        Who::SignedIn | Who::Admin | Who::Member | Who::Ledger | Who::Visitor => Some(401),
    }
}

/// One request of the matrix.
struct Row {
    method: &'static str,
    /// The path as the Worker's table writes it (`{id}` for a path parameter).
    path: &'static str,
    who: Who,
    /// The query (GET) the request carries.
    query: String,
    /// The body (POST). Mutating routes get bodies that are refused after
    /// the guard (usually `{}`, a 400), so the matrix changes nothing.
    body: Value,
    /// What an actor the guard lets through gets with this request.
    ok: u16,
    /// Pairs decided after the guard, by the object behind it.
    except: Vec<(Actor, u16)>,
}

fn row(method: &'static str, path: &'static str, who: Who, ok: u16) -> Row {
    Row {
        method,
        path,
        who,
        query: String::new(),
        body: json!({}),
        ok,
        except: vec![],
    }
}

impl Row {
    fn query(mut self, q: String) -> Row {
        self.query = q;
        self
    }
    fn body(mut self, b: Value) -> Row {
        self.body = b;
        self
    }
    fn except(mut self, actor: Actor, status: u16) -> Row {
        self.except.push((actor, status));
        self
    }
    fn expected(&self, actor: Actor) -> u16 {
        if let Some((_, s)) = self.except.iter().find(|(a, _)| *a == actor) {
            return *s;
        }
        refusal(self.who, actor).unwrap_or(self.ok)
    }
}

/// The worker, its people and the credentials of every actor.
struct Ctx {
    w: Worker,
    admin: LoginResponse,
    ana: LoginResponse,
    bruno: LoginResponse,
    yara: LoginResponse,
    /// Ana's signed-out session.
    revoked: String,
    forged_admin: String,
    forged_visitor: String,
    expired_admin: String,
    expired_visitor: String,
    /// Visitor A, who wrote once in `written`.
    visitor_a: String,
    /// Visitor A's conversation with one message.
    written: ConversationId,
    /// Visitor B's conversation, never written in, never offered.
    quiet: ConversationId,
    /// Another visitor's conversation, which Ana answers.
    taken: ConversationId,
    visitor_b: String,
    /// A webhook connector's inbound path.
    door: String,
}

impl Ctx {
    fn start() -> Ctx {
        // Two open channels at most: the matrix's own create is refused.
        let w = Worker::start_with(&[("CANAL_CHANNEL_LIMIT", "2")]);
        let demo = w.setup("demo");
        let pw = demo.admin.password.clone();
        let admin = login(&w, "admin@example.com", &pw);
        let ana = login(&w, "ana@example.com", &pw);
        let bruno = login(&w, "bruno@example.com", &pw);
        let ok = |(status, res): (u16, Value)| {
            assert_eq!(status, 200, "{res}");
            res
        };
        // Yara serves another channel only.
        let yara_id = ok(post(
            &w,
            "/api/people",
            Some(&admin.token),
            &json!({"email": "yara@example.com", "name": "Yara", "password": pw, "role": "operator"}),
        ))["id"]
            .clone();
        let other = ok(post(&w, "/api/channels", Some(&admin.token), &json!({})))["id"].clone();
        let queue = |channel: &Value, ids: Vec<Value>| {
            let entries: Vec<_> = ids
                .into_iter()
                .map(|id| json!({"kind": "user", "id": id}))
                .collect();
            ok(post(
                &w,
                "/api/queue",
                Some(&admin.token),
                &json!({
                    "channel": channel,
                    "settings": {"mode": "strict", "idle_ms": 180_000, "check_online": false, "capacity": null},
                    "entries": entries,
                }),
            ));
        };
        queue(&other, vec![yara_id]);
        queue(
            &json!("demo"),
            vec![json!(ana.user.id), json!(bruno.user.id)],
        );
        ok(post(
            &w,
            "/api/departments",
            Some(&admin.token),
            &json!({"id": null, "name": "Support", "head": bruno.user.id, "members": [ana.user.id]}),
        ));
        let yara = login(&w, "yara@example.com", &pw);
        let revoked = login(&w, "ana@example.com", &pw).token;
        ok(post(&w, "/api/logout", Some(&revoked), &json!({})));

        let a = visitor(&w, "demo");
        let mut s = connect(&w.ws_url(&format!(
            "/ws/visitor?conversation={}&token={}",
            a.conversation, a.token
        )))
        .expect("visitor A's socket");
        canal_tests::scenario::hello(&mut s);
        canal_tests::scenario::send(&mut s, "a1", "Hello, is anyone there?");
        s.close();
        // A third visitor's conversation, taken by Ana.
        let mut inbox =
            connect(&w.ws_url(&format!("/ws/inbox?token={}", ana.token))).expect("Ana's inbox");
        let t = visitor(&w, "demo");
        let mut s = connect(&w.ws_url(&format!(
            "/ws/visitor?conversation={}&token={}",
            t.conversation, t.token
        )))
        .expect("a visitor's socket");
        canal_tests::scenario::hello(&mut s);
        canal_tests::scenario::send(&mut s, "t1", "Please help");
        s.close();
        inbox.until_inbox("the offer to Ana", PATIENCE, |f| match f {
            InboxFrame::Upsert { conversation }
                if conversation.id == t.conversation
                    && conversation.offered.contains(&ana.user.id) =>
            {
                Some(())
            }
            _ => None,
        });
        ok(post(
            &w,
            "/api/conversations/accept",
            Some(&ana.token),
            &json!({"channel": "demo", "conversation": t.conversation}),
        ));
        inbox.close();

        // Visitor B opens a conversation and never writes in it.
        let b = visitor(&w, "demo");

        let door = ok(post(
            &w,
            "/api/connectors",
            Some(&admin.token),
            &json!({"channel": "demo", "settings": {"kind": "webhook", "url": "https://crm.example/in"}}),
        ))["connector"]["inbound_path"]
            .as_str()
            .expect("an inbound path")
            .to_owned();

        let real = Signer::new(w.secret().as_bytes()).expect("the test secret is long enough");
        let fake = Signer::new(&[42u8; 32]).expect("a 32-byte secret");
        let admin_claims: SessionClaims = claims(&admin.token);
        let visitor_claims: VisitorClaims = claims(&a.token);
        let past = Timestamp(1_000);
        Ctx {
            forged_admin: fake.sign(&admin_claims),
            forged_visitor: fake.sign(&visitor_claims),
            expired_admin: real.sign(&SessionClaims {
                exp: past,
                ..admin_claims
            }),
            expired_visitor: real.sign(&VisitorClaims {
                exp: past,
                ..visitor_claims
            }),
            revoked,
            visitor_a: a.token,
            written: a.conversation,
            quiet: b.conversation,
            taken: t.conversation,
            visitor_b: b.token,
            door,
            w,
            admin,
            ana,
            bruno,
            yara,
        }
    }

    /// The credential `actor` presents, if any.
    fn token(&self, actor: Actor) -> Option<&str> {
        Some(match actor {
            Actor::Anon => return None,
            Actor::ForgedAdmin => &self.forged_admin,
            Actor::ForgedVisitor => &self.forged_visitor,
            Actor::ExpiredAdmin => &self.expired_admin,
            Actor::ExpiredVisitor => &self.expired_visitor,
            Actor::Revoked => &self.revoked,
            Actor::VisitorA => &self.visitor_a,
            Actor::VisitorB => &self.visitor_b,
            Actor::OpX => &self.ana.token,
            Actor::OpY => &self.yara.token,
            Actor::Sup => &self.bruno.token,
            Actor::Admin => &self.admin.token,
        })
    }

    /// A fresh session of the same person, for a row that ends sessions.
    fn fresh_token(&self, actor: Actor) -> Option<String> {
        let email = match actor {
            Actor::OpX => "ana@example.com",
            Actor::OpY => "yara@example.com",
            Actor::Sup => "bruno@example.com",
            Actor::Admin => "admin@example.com",
            _ => return self.token(actor).map(str::to_owned),
        };
        Some(login(&self.w, email, "correct horse battery").token)
    }

    /// Every route of the Worker's table, with the request that tries it.
    fn rows(&self) -> Vec<Row> {
        use Who::*;
        let demo = "?channel=demo".to_owned();
        let written = &self.written;
        let quiet = &self.quiet;
        let offer = json!({"channel": "demo", "conversation": quiet});
        let mut rows = vec![
            row("GET", "/api/health", Anyone, 200),
            row("POST", "/api/setup", Secret, 0),
            row("POST", "/api/login", Anyone, 400),
            row("POST", "/api/logout", SignedIn, 200),
            row("GET", "/api/me", SignedIn, 200),
            // #20: each person's own console settings, in their own inbox.
            row("GET", "/api/me/preferences", SignedIn, 200),
            // #21: files. Only the visitor of a conversation, or the
            // operator who answers it, uploads (the machine refuses the
            // other operators after `admit`); a file is read only through
            // a link the conversation signed.
            row("PUT", "/api/files", Visitor, 201)
                .query(format!("?conversation={written}&id=authz&name=a.txt"))
                .except(Actor::OpX, 403)
                .except(Actor::OpY, 403)
                .except(Actor::Sup, 403)
                .except(Actor::Admin, 403),
            row("GET", FILE_PATH, Door, 0),
            row("GET", "/api/files/limits", Admin, 200),
            row("POST", "/api/files/limits", Admin, 400),
            row("POST", "/api/me/preferences", SignedIn, 200).body(json!({"sound": true})),
            row("POST", "/api/visitor/session", Anyone, 200).body(json!({"channel": "demo"})),
            // No notice on the demo channel: refused before `admit`, for B too.
            row("POST", "/api/visitor/consent", Visitor, 400)
                .body(json!({"conversation": written, "key": {"text": null, "version": 1}, "page": "https://shop.example/"}))
                .except(Actor::VisitorB, 400),
            row("POST", "/api/visitor/contact", Visitor, 200)
                .body(json!({"conversation": written, "email": "a@example.com"})),
            row("POST", "/api/visitor/history", Visitor, 200)
                .body(json!({"conversation": written, "email": "a@example.com"})),
            row("GET", "/api/widget/config", Anyone, 200).query(demo.clone()),
            row("GET", "/widget/frame.html", Anyone, 200).query(demo.clone()),
            row("GET", "/api/widget-settings", Admin, 200).query(demo.clone()),
            row("POST", "/api/widget-settings", Admin, 400),
            row("GET", "/api/consent/texts", Admin, 200),
            row("POST", "/api/consent/texts", Admin, 400),
            row("GET", "/api/consent/acceptances", Admin, 200).query(demo.clone()),
            // Ana's own card: Ana and admins may change it, nobody else.
            row("POST", "/api/people/profile", SignedIn, 200)
                .body(json!({"user": self.ana.user.id, "card": {"name": "Ana"}}))
                .except(Actor::OpY, 403)
                .except(Actor::Sup, 403),
            row("GET", "/api/canned", Member, 200).query(demo.clone()),
            row("GET", "/api/canned/lists", Admin, 200),
            row("POST", "/api/canned/lists", Admin, 400),
            row("POST", "/api/canned/lists/delete", Admin, 400),
            row("GET", "/api/canned/channel", Admin, 200).query(demo.clone()),
            row("POST", "/api/canned/channel", Admin, 400),
            row("GET", "/api/bots", Admin, 200),
            row("POST", "/api/bots", Admin, 400),
            row("POST", "/api/bots/delete", Admin, 400),
            row("GET", "/api/bots/channel", Admin, 200).query(demo.clone()),
            row("POST", "/api/bots/channel", Admin, 400),
            row("GET", "/ws/visitor", Socket, 0),
            row("GET", "/ws/operator", Socket, 0),
            row("GET", "/ws/inbox", Socket, 0),
            row("GET", "/api/channels", Admin, 200),
            row("GET", "/api/channels/activity", Admin, 200),
            // The plan allows two open channels, and there are two.
            row("POST", "/api/channels", Admin, 409),
            row("POST", "/api/channels/update", Admin, 400),
            row("POST", "/api/channels/delete", Admin, 400),
            row("GET", "/api/channels/identity", Admin, 200).query(demo.clone()),
            row("POST", "/api/channels/identity", Admin, 400),
            row("GET", "/api/crm/conversation", Member, 200)
                .query(format!("?channel=demo&conversation={written}")),
            // The visitor left no way to reach them in `quiet`.
            row("POST", "/api/crm/leads", Member, 409).body(offer.clone()),
            row("GET", "/api/crm/clients", Admin, 200),
            row("GET", "/api/crm/client", Admin, 400),
            row("POST", "/api/crm/merge", Admin, 400),
            row("GET", "/api/crm/settings", Admin, 200).query(demo.clone()),
            row("POST", "/api/crm/settings", Admin, 400),
            row("GET", "/api/crm/webhook", Admin, 200),
            // No URL: the webhook stays off.
            row("POST", "/api/crm/webhook", Admin, 200),
            row("GET", "/api/connectors", Admin, 200).query(demo.clone()),
            row("POST", "/api/connectors", Admin, 400),
            row("POST", "/api/connectors/delete", Admin, 400),
            row("POST", "/api/connectors/{id}/inbound", Door, 0),
            row("GET", "/api/people", Admin, 200),
            row("POST", "/api/people", Admin, 400),
            row("POST", "/api/people/active", Admin, 400),
            row("POST", "/api/departments", Admin, 400),
            row("GET", "/api/queue", Admin, 200).query(demo.clone()),
            row("POST", "/api/queue", Admin, 400),
            row("GET", "/api/queue/members", Member, 200).query(demo.clone()),
            row("GET", "/api/automation", Admin, 200).query(demo.clone()),
            row("GET", "/api/kpi", Admin, 200).query(demo.clone()),
            row("POST", "/api/kpi", Admin, 400),
            row("POST", "/api/automation", Admin, 400),
            // `quiet` never entered the queue. The channel's dispatcher
            // decides who may act (an offer made to them, their own
            // conversation): a client's responsible may be outside the
            // queue (R-CRM-5).
            row("POST", "/api/conversations/accept", SignedIn, 404).body(offer.clone()),
            row("POST", "/api/conversations/decline", SignedIn, 409).body(offer.clone()),
            row("POST", "/api/conversations/transfer", SignedIn, 404)
                .body(json!({"channel": "demo", "conversation": quiet, "to": null})),
            // Ana's work: rated by her supervisor or an admin, not by her;
            // to an operator of another channel it does not exist.
            row("POST", "/api/conversations/supervisor-rating", SignedIn, 200)
                .body(json!({"conversation": self.taken, "rating": {"verdict": "like"}}))
                .except(Actor::OpX, 403)
                .except(Actor::OpY, 404),
            // Who may open a conversation's socket, and why not (R-S-2,
            // R-KPI-3): the machine's `admit`, as for the socket.
            row("GET", "/api/conversations/access", SignedIn, 200)
                .query(format!("?conversation={}", self.written))
                .except(Actor::OpY, 403),
            row("GET", "/api/ledger/conversations", Ledger, 200).query(demo.clone()),
            row("GET", "/api/ledger/conversations.csv", Ledger, 200).query(demo.clone()),
            row("GET", "/api/ledger/stats", Ledger, 200)
                .query("?channel=demo&from=2026-01-01&to=2026-01-31".into()),
            row("GET", "/api/ledger/search", Ledger, 200).query("?channel=demo&text=anyone".into()),
            row("POST", "/api/bench/ledger", Bench, 0),
            row("PUT", "/api/bench/r2", Bench, 0),
            row("GET", "/ws/echo", Bench, 0),
        ];
        // Signing out goes last: it ends the session that signs out.
        rows.sort_by_key(|r| r.path == "/api/logout");
        rows
    }

    /// The path a row's request goes to.
    fn url_path(&self, row: &Row) -> String {
        let file = format!("/api/files/{}/visitor/authz", self.written);
        let path = row
            .path
            .replace("/api/connectors/{id}/inbound", &self.door)
            .replace(FILE_PATH, &file);
        format!("{path}{}", row.query)
    }
}

/// The claims inside a token this test was given.
fn claims<C: serde::de::DeserializeOwned>(token: &str) -> C {
    let payload = token.split('.').next().expect("a token");
    let json: Value = serde_json::from_slice(&URL_SAFE_NO_PAD.decode(payload).expect("base64url"))
        .expect("JSON claims");
    serde_json::from_value(json["c"].clone()).expect("the claims")
}

/// A file's path, as the matrix and SECURITY.md name it.
const FILE_PATH: &str = "/api/files/{conversation}/{side}/{id}";

fn every_route_of_the_table_has_a_row_here(ctx: &Ctx) {
    let table: BTreeMap<(String, String), Who> = ROUTES
        .iter()
        .map(|r| ((r.method.as_str().to_owned(), r.path.to_owned()), r.who))
        .collect();
    let here: BTreeMap<(String, String), Who> = ctx
        .rows()
        .iter()
        .map(|r| ((r.method.to_owned(), r.path.to_owned()), r.who))
        .collect();
    let missing_here: Vec<_> = table.keys().filter(|k| !here.contains_key(*k)).collect();
    let stale_here: Vec<_> = here.keys().filter(|k| !table.contains_key(*k)).collect();
    let other_guard: Vec<_> = here
        .iter()
        .filter_map(|(k, who)| {
            let want = table.get(k)?;
            (want != who).then(|| format!("{} {}: here {who:?}, the table {want:?}", k.0, k.1))
        })
        .collect();
    assert!(
        missing_here.is_empty() && stale_here.is_empty() && other_guard.is_empty(),
        "the matrix and the Worker's table (shared/src/api.rs) differ: routes without a row \
         {missing_here:?}, rows without a route {stale_here:?}, other guards {other_guard:?}"
    );
}

// R-S-1, R-S-2: the whole matrix; every mismatch is listed at once.
fn every_actor_gets_the_expected_answer_on_every_route(ctx: &Ctx) {
    let mut wrong = String::new();
    let mut tried = 0;
    for r in ctx.rows() {
        for actor in ACTORS {
            let token = if r.path == "/api/logout" {
                ctx.fresh_token(actor)
            } else {
                ctx.token(actor).map(str::to_owned)
            };
            let path = ctx.url_path(&r);
            let (status, res) = match r.method {
                "GET" => get(&ctx.w, &path, token.as_deref()),
                "PUT" => put_bytes(&ctx.w, &path, token.as_deref(), b"hello"),
                _ => post(&ctx.w, &path, token.as_deref(), &r.body),
            };
            tried += 1;
            let want = r.expected(actor);
            if status != want {
                let _ = writeln!(
                    wrong,
                    "{} {} as {actor:?}: got {status}, expected {want} ({res})",
                    r.method, r.path
                );
            }
        }
    }
    assert!(tried > 800, "the matrix ran: {tried} requests");
    assert!(wrong.is_empty(), "unexpected answers:\n{wrong}");
}

fn only_the_deployment_secret_sets_up(ctx: &Ctx) {
    let (status, res) = post(&ctx.w, "/api/setup", Some(ctx.w.secret()), &json!({}));
    assert!(
        status == 400 || status == 409,
        "the secret passes the guard (then the body or the existing account refuses): {status} {res}"
    );
    let (status, _) = post(
        &ctx.w,
        "/api/setup",
        Some(&format!("{}x", ctx.w.secret())),
        &json!({}),
    );
    assert_eq!(status, 401, "a near miss of the secret is refused");
}

/// Whether a socket opened, or the status of its refusal.
fn open(ctx: &Ctx, path: &str, actor: Actor) -> Result<Socket, u16> {
    let token = ctx.token(actor).unwrap_or("");
    let sep = if path.contains('?') { '&' } else { '?' };
    connect(&ctx.w.ws_url(&format!("{path}{sep}token={token}")))
}

// R-S-2: who may open which socket (SECURITY.md, "WebSocket endpoints").
fn sockets_admit_only_their_actors(ctx: &Ctx) {
    let written = &ctx.written;
    let mut wrong = String::new();
    for actor in ACTORS {
        let expect = |endpoint: &str| -> Option<u16> {
            match endpoint {
                "visitor" => match actor {
                    Actor::VisitorA => None,
                    Actor::VisitorB => Some(403),
                    _ => Some(401),
                },
                "operator" => match actor {
                    Actor::OpX | Actor::Sup | Actor::Admin => None,
                    Actor::OpY => Some(403),
                    _ => Some(401),
                },
                _ => (!actor.signed_in()).then_some(401),
            }
        };
        for (endpoint, path) in [
            ("visitor", format!("/ws/visitor?conversation={written}")),
            ("operator", format!("/ws/operator?conversation={written}")),
            ("inbox", "/ws/inbox".to_owned()),
        ] {
            let got = match open(ctx, &path, actor) {
                Ok(s) => {
                    s.close();
                    None
                }
                Err(status) => Some(status),
            };
            if got != expect(endpoint) {
                let _ = writeln!(
                    wrong,
                    "/ws/{endpoint} as {actor:?}: got {got:?}, expected {:?}",
                    expect(endpoint)
                );
            }
        }
    }
    assert!(wrong.is_empty(), "unexpected answers:\n{wrong}");
}

/// Who sends a frame on `written`'s sockets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Side {
    /// Visitor A, whose conversation it is.
    Visitor,
    /// Ana, who accepted it.
    Assignee,
    /// Bruno, who sees the channel but does not answer it.
    Watcher,
    /// The admin, who does not answer it either.
    Admin,
}

/// What a frame gets: nothing (it was taken), an ack, or an error code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Answer {
    Taken,
    Ack,
    Refused(ErrorCode),
}

/// The expected answer of each frame from each side while the conversation
/// is open, answered by Ana. No wildcard: a new frame does not compile
/// until it has its row.
fn frame_answers(frame: &ClientFrame, side: Side) -> Answer {
    use Answer::*;
    match (frame, side) {
        (ClientFrame::Hello { .. }, _) => Refused(ErrorCode::BadHandshake),
        (ClientFrame::Send { .. }, Side::Visitor | Side::Assignee) => Ack,
        (ClientFrame::Send { .. }, Side::Watcher | Side::Admin) => Refused(ErrorCode::Forbidden),
        // Issue #20: a private note, from anyone who reads it but the visitor.
        (ClientFrame::Note { .. }, Side::Visitor) => Refused(ErrorCode::Forbidden),
        (ClientFrame::Note { .. }, Side::Assignee | Side::Watcher | Side::Admin) => Ack,
        (ClientFrame::Typing { .. }, _) => Taken,
        (ClientFrame::Read { .. }, _) => Taken,
        // #21: fresh links for whoever reads it (none here: no file yet).
        (ClientFrame::Relink, _) => Taken,
        // Tried by the others here; Ana closes last.
        (ClientFrame::Close, _) => Refused(ErrorCode::Forbidden),
        // Nothing to rate while the conversation is open.
        (ClientFrame::Rate { .. }, _) => Refused(ErrorCode::Forbidden),
        // Issue #20: the visitor's widget reports its page, nobody else.
        (ClientFrame::Visit { .. }, Side::Visitor) => Taken,
        (ClientFrame::Visit { .. }, _) => Refused(ErrorCode::Forbidden),
    }
}

fn frames(n: usize) -> Vec<ClientFrame> {
    vec![
        ClientFrame::Hello {
            version: PROTOCOL_VERSION,
            after: Seq(0),
        },
        ClientFrame::Send {
            id: ClientMsgId::parse(&format!("matrix-{n}")).unwrap(),
            text: format!("matrix message {n}"),
            file: None,
        },
        ClientFrame::Note {
            id: ClientMsgId::parse(&format!("matrix-note-{n}")).unwrap(),
            text: format!("matrix note {n}"),
        },
        ClientFrame::Relink,
        ClientFrame::Typing {
            draft: "typing…".into(),
        },
        ClientFrame::Read { seq: Seq(1) },
        ClientFrame::Close,
        ClientFrame::Rate {
            rating: Rating {
                verdict: Verdict::Like,
                comment: None,
            },
        },
        ClientFrame::Visit {
            url: format!("https://shop.example/matrix/{n}"),
            title: "Matrix".into(),
            referrer: None,
            lang: Some("en".into()),
            time_zone: Some("UTC".into()),
            user_agent: None,
        },
    ]
}

/// Sends `frame` and reads what comes back for it within a short while
/// (frames from the others' traffic are skipped).
fn try_frame(s: &mut Socket, frame: &ClientFrame) -> Answer {
    s.send(frame);
    let until = std::time::Instant::now() + Duration::from_millis(700);
    while std::time::Instant::now() < until {
        match s.next_within::<ServerFrame>(Duration::from_millis(100)) {
            Some(ServerFrame::Ack { id, .. }) if matches!(frame, ClientFrame::Send { id: sent, .. } | ClientFrame::Note { id: sent, .. } if *sent == id) => {
                return Answer::Ack
            }
            Some(ServerFrame::Error { code, .. }) => return Answer::Refused(code),
            _ => {}
        }
    }
    Answer::Taken
}

// R-S-2: on an admitted socket, the machine still decides each frame by who
// sent it (SECURITY.md, "Frames on a conversation socket").
fn every_frame_is_decided_by_who_sends_it(ctx: &Ctx) {
    // A conversation of its own: Ana takes it (strict mode offers it to
    // her first) and closes it at the end.
    let mut inbox = open(ctx, "/ws/inbox", Actor::OpX).expect("Ana's inbox");
    let v = visitor(&ctx.w, "demo");
    let mut s = connect(&ctx.w.ws_url(&format!(
        "/ws/visitor?conversation={}&token={}",
        v.conversation, v.token
    )))
    .expect("the visitor's socket");
    canal_tests::scenario::hello(&mut s);
    canal_tests::scenario::send(&mut s, "first", "A question for the matrix");
    s.close();
    let c = &v.conversation;
    inbox.until_inbox("the offer to Ana", PATIENCE, |f| match f {
        InboxFrame::Upsert { conversation }
            if conversation.id == *c && conversation.offered.contains(&ctx.ana.user.id) =>
        {
            Some(())
        }
        _ => None,
    });
    let (status, res) = post(
        &ctx.w,
        "/api/conversations/accept",
        Some(&ctx.ana.token),
        &json!({"channel": "demo", "conversation": c}),
    );
    assert_eq!(status, 200, "{res}");
    let visitor_token = v.token.clone();
    let path = |side: Side| match side {
        Side::Visitor => format!("/ws/visitor?conversation={c}"),
        _ => format!("/ws/operator?conversation={c}"),
    };
    let actor = |side: Side| match side {
        Side::Visitor => Actor::VisitorA,
        Side::Assignee => Actor::OpX,
        Side::Watcher => Actor::Sup,
        Side::Admin => Actor::Admin,
    };
    let sides = [Side::Visitor, Side::Assignee, Side::Watcher, Side::Admin];
    let mut sockets: Vec<(Side, Socket)> = sides
        .iter()
        .map(|&side| {
            let token = match side {
                Side::Visitor => visitor_token.as_str(),
                _ => ctx.token(actor(side)).expect("a token"),
            };
            let mut s =
                connect(&ctx.w.ws_url(&format!("{}&token={token}", path(side)))).expect("admitted");
            canal_tests::scenario::hello(&mut s);
            s.until("the welcome", |f| {
                matches!(f, ServerFrame::Welcome { .. }).then_some(())
            });
            (side, s)
        })
        .collect();
    let mut wrong = String::new();
    let mut n = 0;
    for (side, s) in sockets.iter_mut() {
        for frame in frames(n) {
            n += 1;
            if *side == Side::Assignee && frame == ClientFrame::Close {
                continue; // Ana closes last.
            }
            let got = try_frame(s, &frame);
            let want = frame_answers(&frame, *side);
            if got != want {
                let _ = writeln!(
                    wrong,
                    "{frame:?} from {side:?}: got {got:?}, expected {want:?}"
                );
            }
        }
    }
    assert!(wrong.is_empty(), "unexpected answers:\n{wrong}");

    // Ana closes; now the visitor, and only the visitor, may rate.
    let rate = &frames(0)
        .into_iter()
        .find(|f| matches!(f, ClientFrame::Rate { .. }))
        .unwrap();
    let (_, ana) = sockets
        .iter_mut()
        .find(|(s, _)| *s == Side::Assignee)
        .unwrap();
    assert_eq!(try_frame(ana, &ClientFrame::Close), Answer::Taken);
    for (side, s) in sockets.iter_mut() {
        let want = match side {
            Side::Visitor => Answer::Taken,
            _ => Answer::Refused(ErrorCode::Forbidden),
        };
        assert_eq!(
            try_frame(s, rate),
            want,
            "a rating from {side:?} once closed"
        );
    }

    // The inbox socket takes one frame, from its owner only (the socket is
    // theirs by construction): presence.
    inbox.send_text(r#"{"type":"set_presence","presence":"offline"}"#);
    let until = std::time::Instant::now() + PATIENCE;
    loop {
        assert!(std::time::Instant::now() < until, "offline was not refused");
        let f: Option<Value> = inbox.next_within(Duration::from_millis(200));
        if f.is_some_and(|f| f["type"] == "error" && f["code"] == "invalid") {
            break;
        }
    }
}

/// A conversation of the demo channel that Ana took, answered and closed,
/// and that its visitor rated: with the channel's default "close when
/// rated", its session is over.
fn ended_by_ana(ctx: &Ctx) -> ConversationId {
    let mut inbox =
        connect(&ctx.w.ws_url(&format!("/ws/inbox?token={}", ctx.ana.token))).expect("Ana's inbox");
    let v = visitor(&ctx.w, "demo");
    let mut vs = connect(&ctx.w.ws_url(&format!(
        "/ws/visitor?conversation={}&token={}",
        v.conversation, v.token
    )))
    .expect("a visitor's socket");
    canal_tests::scenario::hello(&mut vs);
    canal_tests::scenario::send(&mut vs, "e1", "A question");
    inbox.until_inbox("the offer to Ana", PATIENCE, |f| match f {
        InboxFrame::Upsert { conversation }
            if conversation.id == v.conversation
                && conversation.offered.contains(&ctx.ana.user.id) =>
        {
            Some(())
        }
        _ => None,
    });
    let (status, res) = post(
        &ctx.w,
        "/api/conversations/accept",
        Some(&ctx.ana.token),
        &json!({"channel": "demo", "conversation": v.conversation}),
    );
    assert_eq!(status, 200, "{res}");
    let mut os = connect(&ctx.w.ws_url(&format!(
        "/ws/operator?conversation={}&token={}",
        v.conversation, ctx.ana.token
    )))
    .expect("Ana's socket");
    canal_tests::scenario::hello(&mut os);
    canal_tests::scenario::send(&mut os, "e2", "The answer");
    os.send(&ClientFrame::Close);
    vs.until("the close", |f| {
        matches!(
            f,
            ServerFrame::Status {
                rating_open: true,
                ..
            }
        )
        .then_some(())
    });
    vs.send(&ClientFrame::Rate {
        rating: Rating {
            verdict: Verdict::Like,
            comment: None,
        },
    });
    vs.until("the end of the session", |f| {
        matches!(
            f,
            ServerFrame::Status {
                rating_open: false,
                ..
            }
        )
        .then_some(())
    });
    v.conversation
}

// R-S-2, R-QA-3: to a signed-in person who does not see the conversation's
// channel, the supervisor's rating answers the same whatever the
// conversation's state — it does not say whether it exists, whether anyone
// took it, who did, or whether it ended.
fn supervisor_rating_tells_an_outsider_nothing(ctx: &Ctx) {
    let rate = |token: &str, conversation: &str| {
        post(
            &ctx.w,
            "/api/conversations/supervisor-rating",
            Some(token),
            &json!({"conversation": conversation, "rating": {"verdict": "dislike"}}),
        )
    };
    let waiting = {
        let v = visitor(&ctx.w, "demo");
        let mut s = connect(&ctx.w.ws_url(&format!(
            "/ws/visitor?conversation={}&token={}",
            v.conversation, v.token
        )))
        .expect("a visitor's socket");
        canal_tests::scenario::hello(&mut s);
        canal_tests::scenario::send(&mut s, "w1", "Anyone?");
        s.close();
        v.conversation
    };
    let ended = ended_by_ana(ctx);
    let nowhere = rate(&ctx.yara.token, "c_nosuchconversation");
    assert_eq!(nowhere.0, 404, "{}", nowhere.1);
    for (what, conversation) in [
        ("opened, never written in", &ctx.quiet),
        ("waiting in the queue", &waiting),
        ("taken by Ana", &ctx.taken),
        ("closed by Ana, rated, ended", &ended),
    ] {
        let got = rate(&ctx.yara.token, conversation.as_str());
        assert_eq!(got, nowhere, "Yara probing a conversation {what}");
    }
    // Whoever sees the channel still gets the machine's answer.
    let (status, res) = rate(&ctx.bruno.token, ended.as_str());
    assert_eq!(
        status, 200,
        "Ana's supervisor rates her ended conversation: {res}"
    );
}

// A visitor's chat session is not something they sign in to: an expired
// visitor token says what to do instead. An operator's expired session
// still asks them to sign in again.
fn an_expired_visitor_token_is_not_told_to_sign_in(ctx: &Ctx) {
    let (status, res) = post(
        &ctx.w,
        "/api/visitor/contact",
        Some(&ctx.expired_visitor),
        &json!({"conversation": ctx.written, "email": "v@example.com"}),
    );
    assert_eq!(status, 401, "{res}");
    let message = res["message"].as_str().expect("a message");
    assert!(!message.contains("sign in"), "{message}");
    assert!(message.contains("reload the page"), "{message}");
    let (status, res) = get(&ctx.w, "/api/me", Some(&ctx.expired_admin));
    assert_eq!(status, 401, "{res}");
    let message = res["message"].as_str().expect("a message");
    assert!(message.contains("sign in again"), "{message}");
}
