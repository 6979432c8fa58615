//! Stored state evolves by numbered migrations (issue #21): a state directory
//! written by the code before migrations existed opens with this code, and
//! every conversation, message, queued conversation and setting is still
//! there and works; a fresh state directory gets every migration.
//!
//! The fixture, `tests/fixtures/before-migrations.tar.gz` (the objects'
//! SQLite files) with `before-migrations.json` (what the scenario read back
//! from them then), was written by this suite's own scenario, run against
//! the worker of commit eb75fe9 (the last before migrations). To write it
//! again from a checkout of that commit in `/tmp/canal-old` (with
//! `node_modules` and `dist` linked from this one; a target directory of its
//! own, never this one's):
//!
//! ```text
//! (cd /tmp/canal-old && CARGO_TARGET_DIR=/tmp/canal-old-target cargo xtask build worker)
//! cargo test -p canal-tests --test migrations --no-run   # prints the binary
//! CARGO_MANIFEST_DIR=/tmp/canal-old/tests \
//!   CANAL_WRITE_FIXTURE=$PWD/tests/fixtures target/debug/deps/migrations-…
//! ```
//!
//! (`CARGO_MANIFEST_DIR` makes the harness start the old checkout's worker.)
//! The schema versions are read from the objects' SQLite files with the
//! `sqlite3` command, after the worker is stopped.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use canal_shared::ids::{ChannelId, ClientMsgId, ConversationId, Seq, VisitorId};
use canal_shared::protocol::{
    ClientFrame, ConversationSummary, InboxFrame, LoginResponse, Message, NewUser, ServerFrame,
    SetupRequest, SetupResponse, Status,
};
use canal_shared::time::Timestamp;
use canal_shared::token::{Signer, VisitorClaims};
use canal_tests::api::{get, login, post, visitor};
use canal_tests::cases;
use canal_tests::scenario::{answered, hello, send};
use canal_tests::socket::{connect, Socket};
use canal_tests::suite;
use canal_tests::wait::{until, PATIENCE};
use canal_tests::worker::{Demo, Worker};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

/// The secret of both the fixture's worker and the ones here, so a visitor
/// token signed now opens a conversation stored then.
const SECRET: &str = "migrations-fixture-secret-0123456789abcdef";

const PASSWORD: &str = "correct horse battery";

/// Each part's last migration, read from `worker/src/schema.rs` (each
/// `pub const …: Part` there: its `name` and its highest `version`).
fn latest() -> BTreeMap<String, u32> {
    let path = canal_tests::worker::root().join("worker/src/schema.rs");
    let source = std::fs::read_to_string(&path).expect("worker/src/schema.rs");
    let mut latest = BTreeMap::new();
    for part in source.split("pub const ").skip(1) {
        let Some(name) = part
            .split("name: \"")
            .nth(1)
            .and_then(|r| r.split('"').next())
        else {
            continue;
        };
        let last = part
            .split("version: ")
            .skip(1)
            .filter_map(|r| {
                r.split(|c: char| !c.is_ascii_digit())
                    .next()?
                    .parse::<u32>()
                    .ok()
            })
            .max();
        if let Some(v) = last {
            latest.insert(name.to_owned(), v);
        }
    }
    for (_, parts) in KINDS {
        for p in parts {
            assert!(latest.contains_key(*p), "no part {p} in {}", path.display());
        }
    }
    latest
}

/// The parts each object kind holds (by its class name); kinds not listed
/// (the gate) hold none.
const KINDS: [(&str, &[&str]); 7] = [
    ("Account", &["account", "outbox"]),
    ("Channel", &["channel", "outbox"]),
    ("ConnectorObject", &["connector", "deliveries"]),
    ("ConversationObject", &["conversation", "outbox"]),
    ("Crm", &["crm", "deliveries"]),
    ("Inbox", &["inbox", "outbox"]),
    ("Ledger", &["ledger"]),
];

fn parts_of(class: &str) -> &'static [&'static str] {
    KINDS
        .iter()
        .find(|(c, _)| *c == class)
        .map_or(&[], |(_, parts)| parts)
}

fn main() {
    if let Some(dir) = std::env::var_os("CANAL_WRITE_FIXTURE") {
        write_fixture(Path::new(&dir));
        std::process::exit(0);
    }
    suite::run(
        || (),
        cases![
            state_written_before_migrations_opens_whole_and_works(),
            a_fresh_state_gets_every_migration(),
        ],
    )
}

/// What the scenario stored, as read back through the API then.
#[derive(Serialize, Deserialize)]
struct Manifest {
    channel: ChannelId,
    /// Taken by Ana, messages both ways and a note.
    open: Stored,
    /// Its visitor.
    open_visitor: VisitorId,
    /// Answered and closed by Ana.
    closed: Stored,
    /// Offered, taken by nobody; its visitor left an email.
    waiting: Stored,
    /// The settings' answers (`GET` path → body).
    settings: BTreeMap<String, Value>,
    /// The ledger's list of the channel.
    ledger: Vec<ConversationId>,
    /// The CRM's card of the waiting conversation's client.
    card: Value,
}

#[derive(Serialize, Deserialize)]
struct Stored {
    id: ConversationId,
    status: Status,
    messages: Vec<Message>,
}

/// A fresh state directory for a worker started in `base`, with nothing
/// in it yet but what `wrangler dev` makes on start.
fn base_dir(name: &str) -> PathBuf {
    let base = std::env::temp_dir().join(format!("canal-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&base);
    std::fs::create_dir_all(&base).expect("a base directory");
    base
}

/// The worker's state directory: the one entry `Worker::start_in` made.
fn state_dir(base: &Path) -> PathBuf {
    std::fs::read_dir(base)
        .expect("the base directory")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .find(|p| p.is_dir())
        .expect("the worker's state directory")
}

fn start(base: &Path) -> Worker {
    Worker::start_in(base, &[("CANAL_SECRET", SECRET)])
}

fn run(cmd: &mut Command) -> String {
    // `sqlite3` is Debian's package of the same name.
    let out = cmd
        .output()
        .unwrap_or_else(|e| panic!("{cmd:?}: {e} (this suite needs `tar` and `sqlite3`)"));
    assert!(
        out.status.success(),
        "{cmd:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Every object's SQLite file under `state`, with its class (each kind's
/// `metadata.sqlite`, its alarms, aside).
fn databases(state: &Path) -> Vec<(String, PathBuf)> {
    let mut found = sqlite_files(state);
    found.retain(|(_, f)| !f.ends_with("metadata.sqlite"));
    found
}

/// Every SQLite file under `state`, with its object's class.
fn sqlite_files(state: &Path) -> Vec<(String, PathBuf)> {
    let root = state.join("v3/do");
    let mut found = Vec::new();
    for dir in std::fs::read_dir(&root)
        .expect("the objects' directory")
        .flatten()
    {
        let name = dir.file_name().to_string_lossy().into_owned();
        // `<worker>-<Class>`.
        let class = name.rsplit('-').next().unwrap_or_default().to_owned();
        for f in std::fs::read_dir(dir.path())
            .expect("an object kind's directory")
            .flatten()
        {
            if f.path().extension().is_some_and(|e| e == "sqlite") {
                found.push((class.clone(), f.path()));
            }
        }
    }
    found.sort();
    found
}

/// The parts and versions one database records.
fn versions(db: &Path) -> BTreeMap<String, u32> {
    let has_table = run(Command::new("sqlite3")
        .arg(db)
        .arg("SELECT count(*) FROM sqlite_master WHERE name = 'schema_versions'"));
    if has_table.trim() == "0" {
        return BTreeMap::new();
    }
    run(Command::new("sqlite3")
        .arg(db)
        .arg("SELECT part, version FROM schema_versions"))
    .lines()
    .filter_map(|l| {
        let (part, v) = l.split_once('|')?;
        Some((part.to_owned(), v.parse().ok()?))
    })
    .collect()
}

/// Every object in the stopped worker's `state` is at the last migration of
/// each of its parts.
fn assert_latest(state: &Path) {
    let dbs = databases(state);
    assert!(dbs.len() >= 6, "the objects' databases: {dbs:?}");
    let latest = latest();
    for (class, db) in dbs {
        let expected: BTreeMap<String, u32> = parts_of(&class)
            .iter()
            .map(|p| (p.to_string(), latest[*p]))
            .collect();
        assert_eq!(
            versions(&db),
            expected,
            "the schema versions of a {class} ({})",
            db.display()
        );
    }
}

/// The conversation as an admin reads it: its status and every message.
fn read(w: &Worker, admin: &LoginResponse, c: &ConversationId) -> (Status, Vec<Message>) {
    let mut s = connect(&w.ws_url(&format!(
        "/ws/operator?conversation={c}&token={}",
        admin.token
    )))
    .expect("the admin's socket");
    hello(&mut s);
    let (status, last) = s.until("the welcome", |f| match f {
        ServerFrame::Welcome { conversation, .. } => {
            Some((conversation.status, conversation.last_seq))
        }
        _ => None,
    });
    let mut messages: Vec<Message> = Vec::new();
    if last > Seq(0) {
        s.until("the history", |f| {
            if let ServerFrame::Message { message } = f {
                messages.push(message.clone());
            }
            (messages.last().map(|m| m.seq) == Some(last)).then_some(())
        });
    }
    s.close();
    (status, messages)
}

fn stored(w: &Worker, admin: &LoginResponse, c: &ConversationId) -> Stored {
    let (status, messages) = read(w, admin, c);
    Stored {
        id: c.clone(),
        status,
        messages,
    }
}

fn visitor_socket(w: &Worker, c: &ConversationId, token: &str) -> Socket {
    let mut s = connect(&w.ws_url(&format!("/ws/visitor?conversation={c}&token={token}")))
        .expect("the visitor's socket");
    hello(&mut s);
    s
}

fn operator_socket(w: &Worker, c: &ConversationId, who: &LoginResponse) -> Socket {
    let mut s = connect(&w.ws_url(&format!(
        "/ws/operator?conversation={c}&token={}",
        who.token
    )))
    .expect("the operator's socket");
    hello(&mut s);
    s
}

fn inbox(w: &Worker, who: &LoginResponse) -> Socket {
    connect(&w.ws_url(&format!("/ws/inbox?token={}", who.token))).expect("an inbox")
}

/// Waits in `inbox` until `c` is offered to `who` (in the list the inbox
/// sends on opening, or later).
fn offered(inbox: &mut Socket, who: &LoginResponse, c: &ConversationId) {
    let to_who = |s: &ConversationSummary| &s.id == c && s.offered.contains(&who.user.id);
    inbox.until_inbox("the offer", PATIENCE, |f| match f {
        InboxFrame::Upsert { conversation } if to_who(conversation) => Some(()),
        InboxFrame::Snapshot { conversations } if conversations.iter().any(to_who) => Some(()),
        _ => None,
    });
}

fn ok(w: &Worker, path: &str, token: &str, body: &Value) -> Value {
    let (status, res) = post(w, path, Some(token), body);
    assert_eq!(status, 200, "{path}: {res}");
    res
}

fn read_ok(w: &Worker, path: &str, token: &str) -> Value {
    let (status, res) = get(w, path, Some(token));
    assert_eq!(status, 200, "{path}: {res}");
    res
}

/// The ledger's list of `channel`, once it has `n` rows.
fn ledger(w: &Worker, admin: &LoginResponse, channel: &ChannelId, n: usize) -> Vec<ConversationId> {
    until("the ledger's list", || {
        let page = read_ok(
            w,
            &format!("/api/ledger/conversations?channel={channel}"),
            &admin.token,
        );
        let ids: Vec<ConversationId> = page["rows"]
            .as_array()?
            .iter()
            .filter_map(|r| serde_json::from_value(r["id"].clone()).ok())
            .collect();
        (ids.len() >= n).then_some(ids)
    })
    .unwrap_or_else(|e| panic!("{e}"))
}

/// The CRM's card of `c`'s client, once it has one.
fn card(w: &Worker, admin: &LoginResponse, channel: &ChannelId, c: &ConversationId) -> Value {
    until("the client's card", || {
        let res = read_ok(
            w,
            &format!("/api/crm/conversation?channel={channel}&conversation={c}"),
            &admin.token,
        );
        (!res["client"].is_null()).then_some(res["client"].clone())
    })
    .unwrap_or_else(|e| panic!("{e}"))
}

/// Whether `old` is in `new`: every field `old` has, `new` has with the same
/// value (newer code may add fields, with their defaults).
fn within(old: &Value, new: &Value) -> bool {
    match (old, new) {
        (Value::Object(o), Value::Object(n)) => o
            .iter()
            .all(|(k, v)| n.get(k).is_some_and(|nv| within(v, nv))),
        _ => old == new,
    }
}

/// The demo account, its settings changed, and three conversations: open
/// (both sides wrote, and a note), closed, waiting (with the client's email).
/// What it reads back at the end is the manifest.
fn scenario(w: &Worker) -> Manifest {
    let user = |email: &str, name: &str| NewUser {
        email: email.into(),
        name: name.into(),
        password: PASSWORD.into(),
    };
    let setup = SetupRequest {
        admin: user("admin@example.com", "Alex Admin"),
        operators: vec![
            user("ana@example.com", "Ana"),
            user("bruno@example.com", "Bruno"),
        ],
        channel_id: ChannelId::parse("shop").expect("a channel id"),
    };
    let (status, res) = post(w, "/api/setup", Some(SECRET), &setup);
    assert_eq!(status, 200, "set-up: {res}");
    let info = serde_json::from_value::<SetupResponse>(res)
        .expect("the set-up's answer")
        .channel;
    let channel = info.id.clone();
    let admin = login(w, "admin@example.com", PASSWORD);
    let ana = login(w, "ana@example.com", PASSWORD);
    let t = admin.token.as_str();

    // Settings of every kind the account and the CRM keep.
    let path = format!("/api/widget-settings?channel={channel}");
    let mut widget = read_ok(w, &path, t);
    widget["title"] = json!("Ask the shop");
    ok(
        w,
        "/api/widget-settings",
        t,
        &json!({"channel": channel, "settings": widget}),
    );
    let mut automation = read_ok(w, &format!("/api/automation?channel={channel}"), t);
    automation["settings"]["greeting"] = json!({"enabled": true, "text": "Hello from the shop!"});
    // Open all day, every day (the scenario runs at any hour).
    let day = json!([{"start": "00:00", "end": "24:00"}]);
    automation["hours"] = json!({"zone": "Europe/Lisbon", "week": [day, day, day, day, day, day, day], "holidays": []});
    ok(w, "/api/automation", t, &automation);
    ok(
        w,
        "/api/kpi",
        t,
        &json!({"channel": channel, "settings": {"first": {"after_ms": 600_000}}}),
    );
    ok(
        w,
        "/api/crm/settings",
        t,
        &json!({"channel": channel, "settings": {"auto_lead": true, "route_to_responsible": true, "change_responsible_on_transfer": false}}),
    );
    ok(
        w,
        "/api/canned/lists",
        t,
        &json!({"name": "Shop", "responses": [{"title": "Hi", "text": "Hello, how can I help?", "shortcut": "hi"}]}),
    );

    let mut ana_inbox = inbox(w, &ana);
    // Open: taken by Ana, both sides wrote, and a note.
    let v = visitor(w, channel.as_str());
    let mut vs = visitor_socket(w, &v.conversation, &v.token);
    send(&mut vs, "v1", "Hello, is my order on its way?");
    offered(&mut ana_inbox, &ana, &v.conversation);
    ok(
        w,
        "/api/conversations/accept",
        &ana.token,
        &json!({"channel": channel, "conversation": v.conversation}),
    );
    let mut os = operator_socket(w, &v.conversation, &ana);
    send(&mut os, "o1", "It left this morning.");
    send(&mut vs, "v2", "Thanks! And the invoice?");
    os.send(&ClientFrame::Note {
        id: ClientMsgId::parse("n1").expect("an id"),
        text: "Check the invoice with accounting".into(),
    });
    send(&mut os, "o2", "It is in the parcel.");
    let demo = Demo {
        admin: setup.admin,
        operators: setup.operators,
        channel: info,
    };
    // Closed: answered and closed by Ana (a record in the ledger).
    let closed = answered(w, &demo, &ana, &mut ana_inbox, "I want a refund, please", 0);
    // Waiting: offered to Ana, taken by nobody; the visitor left an email.
    let waiting = visitor(w, channel.as_str());
    let mut ws = visitor_socket(w, &waiting.conversation, &waiting.token);
    send(&mut ws, "v1", "Do you ship to Lisbon?");
    offered(&mut ana_inbox, &ana, &waiting.conversation);
    ok(
        w,
        "/api/visitor/contact",
        &waiting.token,
        &json!({"conversation": waiting.conversation, "email": "rita@example.com"}),
    );

    let ledger = ledger(w, &admin, &channel, 1);
    let card = card(w, &admin, &channel, &waiting.conversation);
    let mut settings = BTreeMap::new();
    for path in [
        format!("/api/widget-settings?channel={channel}"),
        format!("/api/automation?channel={channel}"),
        format!("/api/kpi?channel={channel}"),
        format!("/api/crm/settings?channel={channel}"),
        format!("/api/queue?channel={channel}"),
        "/api/canned/lists".to_owned(),
    ] {
        let body = read_ok(w, &path, t);
        settings.insert(path, body);
    }
    Manifest {
        open: stored(w, &admin, &v.conversation),
        open_visitor: v.visitor,
        closed: stored(w, &admin, &closed),
        waiting: stored(w, &admin, &waiting.conversation),
        channel,
        settings,
        ledger,
        card,
    }
}

/// Runs the scenario on a fresh worker (the old one, see the module's
/// comment) and writes its state and manifest into `dir`.
fn write_fixture(dir: &Path) {
    let base = base_dir("migrations-fixture");
    let w = start(&base);
    let manifest = scenario(&w);
    w.kill();
    let state = state_dir(&base);
    std::fs::create_dir_all(dir).expect("the fixtures' directory");
    // Only the objects' databases, their write-ahead logs folded in, with
    // nothing of this machine (owners, times) in the archive.
    let mut files = Vec::new();
    for (_, db) in sqlite_files(&state) {
        run(Command::new("sqlite3")
            .arg(&db)
            .arg("PRAGMA wal_checkpoint(TRUNCATE);"));
        files.push(
            db.strip_prefix(&state)
                .expect("under the state")
                .to_path_buf(),
        );
    }
    run(Command::new("tar")
        .args([
            "--sort=name",
            "--owner=0",
            "--group=0",
            "--numeric-owner",
            "--mtime=@0",
        ])
        .arg("-czf")
        .arg(dir.join("before-migrations.tar.gz"))
        .arg("-C")
        .arg(&state)
        .args(&files));
    std::fs::write(
        dir.join("before-migrations.json"),
        serde_json::to_string_pretty(&manifest).expect("the manifest") + "\n",
    )
    .expect("write the manifest");
    drop(w);
    let _ = std::fs::remove_dir_all(&base);
    println!("fixture written in {}", dir.display());
}

fn fixtures() -> PathBuf {
    canal_tests::worker::root().join("tests/fixtures")
}

fn state_written_before_migrations_opens_whole_and_works() {
    let manifest: Manifest = serde_json::from_str(
        &std::fs::read_to_string(fixtures().join("before-migrations.json")).expect("the manifest"),
    )
    .expect("a manifest");
    // A worker on a fresh state, stopped, its objects replaced by the
    // fixture's, started again.
    let base = base_dir("migrations");
    let w = start(&base);
    w.kill();
    let state = state_dir(&base);
    let _ = std::fs::remove_dir_all(state.join("v3/do"));
    run(Command::new("tar")
        .arg("-xzf")
        .arg(fixtures().join("before-migrations.tar.gz"))
        .arg("-C")
        .arg(&state));
    w.restart();

    let admin = login(&w, "admin@example.com", PASSWORD);
    let ana = login(&w, "ana@example.com", PASSWORD);
    let bruno = login(&w, "bruno@example.com", PASSWORD);
    let channel = &manifest.channel;
    // Every conversation, every message, in order.
    for c in [&manifest.open, &manifest.closed, &manifest.waiting] {
        let (status, messages) = read(&w, &admin, &c.id);
        assert_eq!(status, c.status, "the status of {}", c.id);
        assert_eq!(messages, c.messages, "the messages of {}", c.id);
    }
    assert_eq!(manifest.waiting.status, Status::Waiting);
    // Every setting reads back.
    for (path, old) in &manifest.settings {
        let new = read_ok(&w, path, &admin.token);
        assert!(within(old, &new), "{path}: was {old}, now {new}");
    }
    // The ledger and its index, the CRM.
    assert_eq!(
        ledger(&w, &admin, channel, manifest.ledger.len()),
        manifest.ledger
    );
    let found = read_ok(&w, "/api/ledger/search?text=refund", &admin.token);
    assert_eq!(found["hits"].as_array().map(Vec::len), Some(1), "{found}");
    let c = card(&w, &admin, channel, &manifest.waiting.id);
    assert!(
        within(&manifest.card, &c),
        "the card: was {}, now {c}",
        manifest.card
    );

    // The waiting conversation is offered again and can be taken.
    let mut ana_inbox = inbox(&w, &ana);
    offered(&mut ana_inbox, &ana, &manifest.waiting.id);
    ok(
        &w,
        "/api/conversations/accept",
        &ana.token,
        &json!({"channel": channel, "conversation": manifest.waiting.id}),
    );
    assert_eq!(read(&w, &admin, &manifest.waiting.id).0, Status::Active);

    // The open conversation goes on both ways (its visitor with a token
    // signed now: the fixture's have expired).
    let token = Signer::new(SECRET.as_bytes())
        .expect("a long secret")
        .sign(&VisitorClaims {
            visitor: manifest.open_visitor.clone(),
            channel: channel.clone(),
            exp: Timestamp(now_ms() + 3_600_000),
        });
    let mut vs = visitor_socket(&w, &manifest.open.id, &token);
    let mut os = operator_socket(&w, &manifest.open.id, &ana);
    send(&mut os, "o3", "Anything else?");
    vs.until("Ana's new message", |f| match f {
        ServerFrame::Message { message } if message.text == "Anything else?" => Some(()),
        _ => None,
    });
    send(&mut vs, "v3", "No, thank you!");
    os.until("the visitor's new message", |f| match f {
        ServerFrame::Message { message } if message.text == "No, thank you!" => Some(()),
        _ => None,
    });
    let (_, messages) = read(&w, &admin, &manifest.open.id);
    assert_eq!(messages.len(), manifest.open.messages.len() + 2);
    assert!(messages.windows(2).all(|p| p[0].seq < p[1].seq));
    // The other inboxes open (so every object of the fixture starts).
    for who in [&admin, &bruno] {
        let mut s = inbox(&w, who);
        s.until_inbox("the inbox's first frame", PATIENCE, |_| Some(()));
    }
    drop((vs, os, ana_inbox));

    w.kill();
    assert_latest(&state);
    // A second start on migrated state changes nothing.
    w.restart();
    assert_eq!(
        read(&w, &admin, &manifest.closed.id).1,
        manifest.closed.messages
    );
    w.kill();
    assert_latest(&state);
    drop(w);
    let _ = std::fs::remove_dir_all(&base);
}

fn a_fresh_state_gets_every_migration() {
    let base = base_dir("migrations-fresh");
    let w = start(&base);
    let manifest = scenario(&w);
    assert_eq!(manifest.waiting.status, Status::Waiting);
    let admin = login(&w, "admin@example.com", PASSWORD);
    let bruno = login(&w, "bruno@example.com", PASSWORD);
    for who in [&admin, &bruno] {
        let mut s = inbox(&w, who);
        s.until_inbox("the inbox's first frame", PATIENCE, |_| Some(()));
    }
    w.kill();
    assert_latest(&state_dir(&base));
    drop(w);
    let _ = std::fs::remove_dir_all(&base);
}

fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
}
