//! Load and faults on a real worker (`cargo xtask load`, `cargo xtask
//! chaos`, the `chaos` suite). Each conversation is a visitor and an
//! operator socket driven by one thread with the clients' own
//! [`ClientSession`] (the widget's and the console's outbox and resume
//! logic); each operator's inbox accepts the offers made to them. At the
//! end every conversation is read again from a fresh socket and checked
//! against what each side sent: lost, duplicated, out of order, never
//! acknowledged (R-D-1).

mod conversation;
mod faults;
mod inbox;
mod net;
mod report;

use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

use canal_shared::ids::ConversationId;
use serde_json::{json, Value};

use crate::worker::Worker;

pub use faults::alarm_fault_is_retried;
pub use report::{percentiles, Report};

/// What to drive.
#[derive(Clone, Debug)]
pub struct Plan {
    /// Conversations open at once.
    pub conversations: usize,
    /// Operators answering them.
    pub operators: usize,
    /// How long every conversation keeps writing once all have started.
    pub duration: Duration,
    /// Conversations start spread over this time.
    pub ramp: Duration,
    /// A visitor writes a message this often; the operator answers each
    /// one (after showing it types).
    pub every: Duration,
    /// Kill -9 the worker this long after the start, and start it again.
    pub kill_at: Option<Duration>,
}

/// How long after the worker answers again its clients may still be
/// reconnecting (a thousand sockets at once, on two cores).
const RECOVERY: Duration = Duration::from_secs(30);

/// State the threads share.
struct Shared {
    /// `http://127.0.0.1:PORT` of the worker: the runtime's own socket,
    /// which moves when the runtime starts again.
    base: RwLock<String>,
    /// Stop writing new messages.
    stop: AtomicBool,
    /// Everything is checked: operators leave.
    done: AtomicBool,
    /// When the outage began and ended (the worker is down or coming back
    /// while only the first is set: drops are expected).
    outage: Mutex<(Option<Instant>, Option<Instant>)>,
    /// Conversation → the session token of the operator who accepted it.
    assigned: Mutex<HashMap<ConversationId, String>>,
    errors: AtomicU64,
    /// Errors by kind: how many, and the first one's details.
    samples: Mutex<BTreeMap<String, (u64, String)>>,
}

impl Shared {
    /// The worker's `http` URL of `path`.
    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base.read().expect("base lock"))
    }

    /// The worker's `ws` URL of `path`.
    fn ws_url(&self, path: &str) -> String {
        self.url(path).replacen("http://", "ws://", 1)
    }

    /// Counts an error of `kind`; the first of each kind keeps `detail`.
    fn error(&self, kind: String, detail: String) {
        self.errors.fetch_add(1, Ordering::Relaxed);
        let mut s = self.samples.lock().expect("samples lock");
        s.entry(kind).or_insert((0, detail)).0 += 1;
    }

    /// Whether a failure now is explained by an outage (during it, or in
    /// the seconds every client needs to reconnect after it).
    fn in_outage(&self) -> bool {
        match *self.outage.lock().expect("outage lock") {
            (Some(_), None) => true,
            (_, up) => up.is_some_and(|up| up.elapsed() < RECOVERY),
        }
    }

    /// Whether a message written at `at` was written during the outage.
    fn written_in_outage(&self, at: Instant) -> bool {
        match *self.outage.lock().expect("outage lock") {
            (Some(down), None) => at >= down,
            (Some(down), Some(up)) => at >= down && at < up + RECOVERY,
            _ => false,
        }
    }
}

/// Creates the operators, puts them in the demo channel's queue (evenly),
/// and returns their sessions and ids.
fn operators(w: &Worker, admin: &str, n: usize) -> Vec<(String, String)> {
    let pw = "correct horse battery";
    let mut people = Vec::new();
    for i in 0..n {
        let email = format!("load{i}@example.com");
        let (status, res) = crate::api::post(
            w,
            "/api/people",
            Some(admin),
            &json!({"email": email, "name": format!("Operator {i}"), "password": pw, "role": "operator"}),
        );
        assert_eq!(status, 200, "{res}");
        let session = crate::api::login(w, &email, pw);
        people.push((session.token, session.user.id.to_string()));
    }
    let entries: Vec<Value> = people
        .iter()
        .map(|(_, id)| json!({"kind": "user", "id": id}))
        .collect();
    let (status, res) = crate::api::post(
        w,
        "/api/queue",
        Some(admin),
        &json!({
            "channel": "demo",
            "settings": {"mode": "evenly", "idle_ms": 600_000, "check_online": false, "capacity": null},
            "entries": entries,
        }),
    );
    assert_eq!(status, 200, "{res}");
    people
}

/// Runs `plan` against `w` (already set up with the demo channel and
/// admin password `password`).
pub fn run(w: &Worker, password: &str, plan: &Plan) -> Report {
    let admin = crate::api::login(w, "admin@example.com", password);
    let people = operators(w, &admin.token, plan.operators);
    // The runtime's own socket, as in production (found again after a
    // kill -9: the runtime comes back on another port).
    let direct = w.runtime_url();
    let shared = Arc::new(Shared {
        base: RwLock::new(direct.clone().unwrap_or_else(|| w.url(""))),
        stop: AtomicBool::new(false),
        done: AtomicBool::new(false),
        outage: Mutex::new((None, None)),
        assigned: Mutex::new(HashMap::new()),
        errors: AtomicU64::new(0),
        samples: Mutex::new(BTreeMap::new()),
    });
    let ops: Vec<_> = people
        .into_iter()
        .map(|(token, user)| {
            let shared = Arc::clone(&shared);
            std::thread::Builder::new()
                .stack_size(256 * 1024)
                .spawn(move || inbox::operator(token, user, shared))
                .expect("an operator thread")
        })
        .collect();
    let start = Instant::now();
    let pairs: Vec<_> = (0..plan.conversations)
        .map(|k| {
            let shared = Arc::clone(&shared);
            let plan = plan.clone();
            let at = start
                + plan
                    .ramp
                    .mul_f64(k as f64 / plan.conversations.max(1) as f64);
            std::thread::Builder::new()
                .stack_size(512 * 1024)
                .spawn(move || conversation::pair(k, &plan, &shared, at))
                .expect("a conversation thread")
        })
        .collect();
    let mut outage = None;
    let end = start + plan.ramp + plan.duration;
    if let Some(at) = plan.kill_at {
        std::thread::sleep((start + at).saturating_duration_since(Instant::now()));
        let down = Instant::now();
        shared.outage.lock().expect("outage lock").0 = Some(down);
        // Kills wrangler and workerd with SIGKILL, then starts them again.
        w.restart();
        if direct.is_some() {
            *shared.base.write().expect("base lock") = w.runtime_url().unwrap_or_else(|| w.url(""));
        }
        let up = Instant::now();
        shared.outage.lock().expect("outage lock").1 = Some(up);
        outage = Some(up - down);
    }
    std::thread::sleep(end.saturating_duration_since(Instant::now()));
    shared.stop.store(true, Ordering::Relaxed);
    let elapsed = start.elapsed();
    let mut report = Report {
        outage,
        elapsed,
        direct: direct.is_some(),
        ..Report::default()
    };
    for p in pairs {
        p.join().expect("a conversation thread").add_to(&mut report);
    }
    shared.done.store(true, Ordering::Relaxed);
    for o in ops {
        o.join().expect("an operator thread");
    }
    report.errors = shared.errors.load(Ordering::Relaxed);
    report.error_samples = shared
        .samples
        .lock()
        .expect("samples lock")
        .iter()
        .map(|(kind, (n, first))| format!("{kind}: {n} (the first: {first})"))
        .collect();
    report
}

/// Raises this process's open-file limit to its hard limit: a thousand
/// conversations hold two thousand sockets here, and as many in workerd,
/// which inherits the limit when it is started after this.
pub fn raise_fd_limit() {
    // SAFETY: getrlimit/setrlimit on a local struct.
    unsafe {
        let mut l = libc::rlimit {
            rlim_cur: 0,
            rlim_max: 0,
        };
        if libc::getrlimit(libc::RLIMIT_NOFILE, &mut l) == 0 && l.rlim_cur < l.rlim_max {
            l.rlim_cur = l.rlim_max;
            libc::setrlimit(libc::RLIMIT_NOFILE, &l);
        }
    }
}
