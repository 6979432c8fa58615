//! A real `wrangler dev` on a free port with a fresh state directory, or
//! with `CANAL_SERVER=workerd` Canal on plain workerd (`cargo xtask serve`).

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use canal_shared::protocol::{ChannelInfo, NewUser, SetupRequest, SetupResponse};

/// The repository's root.
pub fn root() -> PathBuf {
    // `cargo test` sets it at run time too: a binary built in another clone
    // that shares the target directory still tests this one.
    std::env::var_os("CARGO_MANIFEST_DIR")
        .map_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")), PathBuf::from)
        .parent()
        .expect("tests/ lives in the repository")
        .to_path_buf()
}

/// A free TCP port on loopback.
pub fn free_port() -> u16 {
    let l = TcpListener::bind("127.0.0.1:0").expect("bind an ephemeral port");
    l.local_addr().expect("local address").port()
}

/// A running local worker. Dropping it stops wrangler and workerd and
/// removes its state directory (kept, and its path printed, when
/// `CANAL_KEEP_STATE` is set: each object is a SQLite file to inspect).
pub struct Worker {
    port: u16,
    /// wrangler's devtools port (its inspector proxy).
    inspector: u16,
    state: PathBuf,
    secret: String,
    vars: Vec<(String, String)>,
    /// Whether it runs on plain workerd (`cargo xtask serve`).
    workerd: AtomicBool,
    child: Mutex<Option<Child>>,
}

/// Rate limits no suite reaches (`CANAL_LIMITS`), unless it sets its own.
pub const GENEROUS_LIMITS: &str =
    "message=100000/1,frame=100000/1,session=100000/1,login=100000/1,connect=100000/1,email=100000/1";

/// The people and channel created by [`Worker::setup`].
pub struct Demo {
    pub admin: NewUser,
    pub operators: Vec<NewUser>,
    pub channel: ChannelInfo,
}

impl Worker {
    /// Starts a worker with a fresh state directory and waits until it answers.
    pub fn start() -> Worker {
        Self::start_with(&[])
    }

    /// Like [`Worker::start`], with extra wrangler vars (`--var KEY:VALUE`).
    pub fn start_with(vars: &[(&str, &str)]) -> Worker {
        Self::start_in(&std::env::temp_dir(), vars)
    }

    /// Like [`Worker::start_with`], with the state directory made in `base`.
    pub fn start_in(base: &Path, vars: &[(&str, &str)]) -> Worker {
        Self::start_on(base, vars, on_workerd())
    }

    /// Like [`Worker::start_with`], on plain workerd (`cargo xtask serve`)
    /// whatever `CANAL_SERVER` says.
    pub fn start_served(vars: &[(&str, &str)]) -> Worker {
        Self::start_on(&std::env::temp_dir(), vars, true)
    }

    fn start_on(base: &Path, vars: &[(&str, &str)], workerd: bool) -> Worker {
        let root = root();
        for needed in [
            "worker/build/worker/shim.mjs",
            "dist/widget.js",
            "dist/console/index.html",
        ] {
            assert!(
                root.join(needed).exists(),
                "{needed} is missing: run `cargo xtask build` (or `cargo xtask test`) first"
            );
        }
        let state = base.join(format!("canal-test-{}-{}", std::process::id(), free_port()));
        let w = Worker {
            port: free_port(),
            inspector: free_port(),
            state,
            secret: format!("test-secret-{:032x}", random_u128()),
            vars: vars
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            workerd: AtomicBool::new(workerd),
            child: Mutex::new(None),
        };
        w.launch();
        w
    }

    fn launch(&self) {
        if self.on_workerd() {
            return self.start_until_up(&mut self.serve_command(), "cargo xtask serve");
        }
        let wrangler = std::env::var("CANAL_WRANGLER")
            .map(PathBuf::from)
            .unwrap_or_else(|_| root().join("node_modules/.bin/wrangler"));
        let mut cmd = Command::new(wrangler);
        cmd.current_dir(root())
            .args([
                "dev",
                "--config",
                "worker/wrangler.toml",
                "--local",
                "--ip",
                "127.0.0.1",
            ])
            .args(["--port", &self.port.to_string()])
            .args(["--inspector-port", &self.inspector.to_string()])
            .arg("--persist-to")
            .arg(&self.state)
            .args(["--show-interactive-dev-session=false", "--var"])
            .arg(format!("CANAL_SECRET:{}", self.secret));
        for (k, v) in self.all_vars() {
            cmd.arg("--var").arg(format!("{k}:{v}"));
        }
        cmd.env("WRANGLER_SEND_METRICS", "false")
            .env("XDG_CONFIG_HOME", self.state.join("xdg"));
        self.start_until_up(&mut cmd, "wrangler dev");
    }

    /// The vars the worker runs with: the suite's, and defaults for the rest.
    fn all_vars(&self) -> Vec<(String, String)> {
        let defaults = [
            (
                "CANAL_EMAIL_FROM".to_owned(),
                "canal@example.com".to_owned(),
            ),
            ("CANAL_CONSOLE_URL".to_owned(), self.url("")),
            // Every suite's clients share one address and write fast; the
            // limits themselves are tested with the defaults (`limits`).
            ("CANAL_LIMITS".to_owned(), GENEROUS_LIMITS.to_owned()),
        ];
        let given = |k: &str| self.vars.iter().any(|(g, _)| g == k);
        defaults
            .into_iter()
            .filter(|(k, _)| !given(k))
            .chain(self.vars.iter().cloned())
            .collect()
    }

    /// `cargo xtask serve` on this worker's port and state directory (the
    /// secret in its environment, not on its command line). It takes no
    /// build step, and becomes workerd itself.
    fn serve_command(&self) -> Command {
        let mut cmd = xtask();
        cmd.args([
            "serve",
            "--no-build",
            // The suites' stand-ins (bots, CRMs) listen on loopback.
            "--allow-private-network",
        ])
        .args(["--listen", &format!("127.0.0.1:{}", self.port)])
        .arg("--data")
        .arg(&self.state)
        .env("CANAL_SECRET", &self.secret)
        .env_remove("CANAL_LISTEN")
        .env_remove("CANAL_DATA");
        for (k, v) in self.all_vars() {
            cmd.arg("--var").arg(format!("{k}={v}"));
        }
        cmd
    }

    /// Starts `cmd` (logging to [`Worker::log`]) until the worker answers.
    fn start_until_up(&self, cmd: &mut Command, what: &str) {
        let log_path = self.log_path();
        let log = std::fs::File::create(&log_path).expect("create the server log");
        cmd.stdin(Stdio::null())
            .stdout(log.try_clone().expect("log handle"))
            .stderr(log);
        own_process_group(cmd);
        // After a crash the port can stay taken for a while (a connection the
        // dead server closed lingers in TIME_WAIT): start again until it binds.
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(120) {
            let mut child = cmd.spawn().unwrap_or_else(|e| panic!("start {what}: {e}"));
            loop {
                if let Ok(r) = ureq::get(&self.url("/api/health")).call() {
                    if r.status() == 200 {
                        *self.child.lock().expect("worker lock") = Some(child);
                        if !self.on_workerd() {
                            self.quiet_inspector();
                        }
                        return;
                    }
                }
                if let Ok(Some(_)) = child.try_wait() {
                    kill_group(&child, libc::SIGKILL);
                    break;
                }
                if start.elapsed() > Duration::from_secs(120) {
                    kill_group(&child, libc::SIGKILL);
                    let _ = child.wait();
                    break;
                }
                std::thread::sleep(Duration::from_millis(100));
            }
            std::thread::sleep(Duration::from_secs(1));
        }
        panic!(
            "{what} did not answer on port {} within 120 s (log: {})",
            self.port,
            log_path.display()
        );
    }

    /// Turns off the network tracing wrangler's inspector proxy asks of the
    /// runtime: with no devtools attached, the proxy relays every traced
    /// request to wrangler's node process, which then takes more CPU than
    /// the worker itself under load. Best effort: tracing only costs time.
    fn quiet_inspector(&self) {
        let url = format!("ws://127.0.0.1:{}/ws", self.inspector);
        let Ok((mut ws, _)) = tungstenite::connect(url.as_str()) else {
            return;
        };
        if let tungstenite::stream::MaybeTlsStream::Plain(s) = ws.get_ref() {
            let _ = s.set_read_timeout(Some(Duration::from_secs(2)));
        }
        let disable = r#"{"id":1,"method":"Network.disable"}"#;
        if ws.send(tungstenite::Message::text(disable)).is_ok() {
            // Until the runtime answers (events may come first).
            let start = Instant::now();
            while start.elapsed() < Duration::from_secs(2) {
                match ws.read() {
                    Ok(tungstenite::Message::Text(t)) if t.contains(r#""id":1,"#) => break,
                    Ok(_) => {}
                    Err(_) => break,
                }
            }
        }
        let _ = ws.close(None);
        let _ = ws.flush();
    }

    /// `http://127.0.0.1:PORT` + `path`.
    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    /// `ws://127.0.0.1:PORT` + `path`.
    pub fn ws_url(&self, path: &str) -> String {
        format!("ws://127.0.0.1:{}{path}", self.port)
    }

    /// The runtime's own address (`http://127.0.0.1:PORT`), past wrangler's
    /// development proxy: the load measures the worker on workerd, as
    /// production runs it, and not the proxy's node process and proxy worker
    /// in front of it, which on a small machine take as much CPU as the
    /// worker. `None` if it cannot be found (the proxy then serves).
    pub fn runtime_url(&self) -> Option<String> {
        if self.on_workerd() {
            return Some(self.url(""));
        }
        let root = self.child.lock().expect("worker lock").as_ref()?.id();
        runtime::ports(root)
            .into_iter()
            .map(|port| format!("http://127.0.0.1:{port}"))
            .find(|base| {
                ureq::get(&format!("{base}/api/health"))
                    .timeout(Duration::from_secs(2))
                    .call()
                    .is_ok_and(|r| r.status() == 200)
            })
    }

    /// The deployment secret this worker runs with.
    pub fn secret(&self) -> &str {
        &self.secret
    }

    /// Creates an admin, two operators and the channel `channel_id`.
    pub fn setup(&self, channel_id: &str) -> Demo {
        self.setup_with(
            channel_id,
            &[("ana@example.com", "Ana"), ("bruno@example.com", "Bruno")],
        )
    }

    /// Like [`Worker::setup`], with these operators (email, name).
    pub fn setup_with(&self, channel_id: &str, operators: &[(&str, &str)]) -> Demo {
        let user = |email: &str, name: &str| NewUser {
            email: email.into(),
            name: name.into(),
            password: "correct horse battery".into(),
        };
        let req = SetupRequest {
            admin: user("admin@example.com", "Alex Admin"),
            operators: operators.iter().map(|(e, n)| user(e, n)).collect(),
            channel_id: canal_shared::ids::ChannelId::parse(channel_id).expect("valid channel id"),
        };
        let res: SetupResponse = ureq::post(&self.url("/api/setup"))
            .set("authorization", &format!("Bearer {}", self.secret))
            .send_json(&req)
            .expect("set-up succeeds")
            .into_json()
            .expect("set-up answer");
        Demo {
            admin: req.admin,
            operators: req.operators,
            channel: res.channel,
        }
    }

    /// Every email the worker sent so far, as raw messages: wrangler dev
    /// keeps each one as a file and logs its path; `cargo xtask serve`
    /// writes them to its spool directory (named by time).
    pub fn emails(&self) -> Vec<String> {
        if self.on_workerd() {
            let mut files: Vec<PathBuf> = std::fs::read_dir(self.state.join("spool"))
                .into_iter()
                .flatten()
                .flatten()
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "eml"))
                .collect();
            files.sort();
            return files
                .iter()
                .filter_map(|p| std::fs::read_to_string(p).ok())
                .collect();
        }
        let log = std::fs::read_to_string(self.log_path()).unwrap_or_default();
        log.split_whitespace()
            .map(|w| w.trim_matches(|c: char| !c.is_ascii_graphic() || c == '['))
            .filter(|w| w.ends_with(".eml"))
            .filter_map(|path| std::fs::read_to_string(path).ok())
            .collect()
    }

    /// Its state directory (`cargo xtask serve`'s data directory).
    pub fn state_dir(&self) -> &Path {
        &self.state
    }

    /// What the server printed so far.
    pub fn log(&self) -> String {
        std::fs::read_to_string(self.log_path()).unwrap_or_default()
    }

    fn log_path(&self) -> PathBuf {
        std::env::temp_dir().join(format!("canal-wrangler-{}.log", self.port))
    }

    /// What the server's processes (wrangler and its workerd, or `serve`
    /// and its workerd) have used so far: CPU time, and resident memory now.
    pub fn usage(&self) -> runtime::Usage {
        let root = self
            .child
            .lock()
            .expect("worker lock")
            .as_ref()
            .map(Child::id);
        root.map(runtime::usage).unwrap_or_default()
    }

    /// Kills wrangler and workerd at once (SIGKILL), as a crash would.
    pub fn kill(&self) {
        if let Some(mut child) = self.child.lock().expect("worker lock").take() {
            kill_group(&child, libc::SIGKILL);
            let _ = child.wait();
        }
    }

    /// Starts the worker again on the same port with the same state.
    pub fn restart(&self) {
        self.kill();
        self.launch();
    }

    /// A second worker on the same runtime, with this one's secret and
    /// vars, on its own port and on `state` (a copy of a state directory,
    /// removed with it): what a restored backup runs as.
    pub fn open_copy(&self, state: PathBuf) -> Worker {
        let w = Worker {
            port: free_port(),
            inspector: free_port(),
            state,
            secret: self.secret.clone(),
            vars: self.vars.clone(),
            workerd: AtomicBool::new(self.on_workerd()),
            child: Mutex::new(None),
        };
        w.launch();
        w
    }

    /// Stops the worker and starts it again on the same port and state
    /// directory on the other runtime: `wrangler dev` if it ran on plain
    /// workerd (`cargo xtask serve`), and the other way round.
    pub fn switch_runtime(&self) {
        self.kill();
        self.workerd.fetch_xor(true, Ordering::SeqCst);
        self.launch();
    }

    /// Whether it runs on plain workerd now.
    pub fn on_workerd(&self) -> bool {
        self.workerd.load(Ordering::SeqCst)
    }
}

impl Drop for Worker {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.lock().map(|mut c| c.take()).ok().flatten() {
            kill_group(&child, libc::SIGTERM);
            std::thread::sleep(Duration::from_millis(300));
            kill_group(&child, libc::SIGKILL);
            let _ = child.wait();
        }
        if std::env::var_os("CANAL_KEEP_STATE").is_some() {
            eprintln!(
                "CANAL_KEEP_STATE: the state is kept in {}",
                self.state.display()
            );
        } else {
            let _ = std::fs::remove_dir_all(&self.state);
        }
    }
}

/// `cargo xtask` (quiet, from the repository's root); add the task and
/// its arguments.
pub fn xtask() -> Command {
    let mut cmd = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    cmd.current_dir(root())
        .args(["run", "--quiet", "--package", "xtask", "--"]);
    cmd
}

/// Whether the suites run against plain workerd (`CANAL_SERVER=workerd`,
/// `cargo xtask serve`) rather than `wrangler dev`.
pub fn on_workerd() -> bool {
    std::env::var("CANAL_SERVER").is_ok_and(|s| s == "workerd")
}

/// Puts the child in its own process group, killed with the test process.
pub fn own_process_group(cmd: &mut Command) {
    use std::os::unix::process::CommandExt;
    cmd.process_group(0);
    // SAFETY: prctl is async-signal-safe and only affects the child.
    unsafe {
        cmd.pre_exec(|| {
            libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL);
            Ok(())
        });
    }
}

/// Sends `signal` to the child's whole process group.
pub fn kill_group(child: &Child, signal: i32) {
    // SAFETY: kill(2) on the group we created; a stale id only fails.
    unsafe {
        libc::kill(-(child.id() as i32), signal);
    }
}

/// 128 random bits from the OS.
pub fn random_u128() -> u128 {
    use std::io::Read;
    let mut b = [0u8; 16];
    std::fs::File::open("/dev/urandom")
        .and_then(|mut f| f.read_exact(&mut b))
        .expect("read /dev/urandom");
    u128::from_le_bytes(b)
}

/// Finding workerd's own listening sockets under a wrangler process, and
/// what a process tree uses (Linux `/proc`).
pub mod runtime {
    use std::collections::HashSet;
    use std::time::Duration;

    /// What a process and its descendants use.
    #[derive(Clone, Copy, Debug, Default)]
    pub struct Usage {
        /// CPU time (user and system) of the living processes.
        pub cpu: Duration,
        /// Resident memory now, in bytes.
        pub rss: u64,
    }

    /// The [`Usage`] of `root` and every process below it.
    pub fn usage(root: u32) -> Usage {
        // SAFETY: sysconf reads a constant of the system.
        let ticks = unsafe { libc::sysconf(libc::_SC_CLK_TCK) }.max(1) as f64;
        let page = unsafe { libc::sysconf(libc::_SC_PAGESIZE) }.max(1) as u64;
        let mut total = Usage::default();
        for pid in descendants(root) {
            let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
            // After the command's closing parenthesis: state is field 3, so
            // utime (14) and stime (15) are the 12th and 13th.
            let fields: Vec<u64> = stat
                .rsplit_once(')')
                .map(|(_, rest)| {
                    rest.split_whitespace()
                        .map(|f| f.parse().unwrap_or(0))
                        .collect()
                })
                .unwrap_or_default();
            let time = fields.get(11).unwrap_or(&0) + fields.get(12).unwrap_or(&0);
            total.cpu += Duration::from_secs_f64(time as f64 / ticks);
            let statm = std::fs::read_to_string(format!("/proc/{pid}/statm")).unwrap_or_default();
            let resident = statm
                .split_whitespace()
                .nth(1)
                .and_then(|r| r.parse::<u64>().ok());
            total.rss += resident.unwrap_or(0) * page;
        }
        total
    }

    /// The listening TCP ports of the workerd processes started under `root`
    /// whose entry socket was given port 0 (the worker's; the proxy's has
    /// the public port).
    pub fn ports(root: u32) -> Vec<u16> {
        let mut ports = Vec::new();
        for pid in descendants(root) {
            let cmdline = std::fs::read(format!("/proc/{pid}/cmdline")).unwrap_or_default();
            let cmdline = String::from_utf8_lossy(&cmdline);
            if !(cmdline.contains("workerd") && cmdline.contains("entry=127.0.0.1:0")) {
                continue;
            }
            let inodes = sockets(pid);
            let tcp = std::fs::read_to_string(format!("/proc/{pid}/net/tcp")).unwrap_or_default();
            for line in tcp.lines().skip(1) {
                let f: Vec<&str> = line.split_whitespace().collect();
                // local address, state (0A: listen), inode
                let (Some(local), Some("0A"), Some(inode)) =
                    (f.get(1), f.get(3).copied(), f.get(9))
                else {
                    continue;
                };
                if !inodes.contains(*inode) {
                    continue;
                }
                if let Some(port) = local
                    .split(':')
                    .nth(1)
                    .and_then(|h| u16::from_str_radix(h, 16).ok())
                {
                    ports.push(port);
                }
            }
        }
        ports
    }

    fn descendants(root: u32) -> Vec<u32> {
        let mut parent = Vec::new();
        for entry in std::fs::read_dir("/proc").into_iter().flatten().flatten() {
            let Ok(pid) = entry.file_name().to_string_lossy().parse::<u32>() else {
                continue;
            };
            let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
            // After the command's closing parenthesis: state, then the parent.
            let ppid = stat
                .rsplit_once(')')
                .and_then(|(_, rest)| rest.split_whitespace().nth(1))
                .and_then(|p| p.parse::<u32>().ok());
            if let Some(ppid) = ppid {
                parent.push((pid, ppid));
            }
        }
        let mut found = vec![root];
        let mut i = 0;
        while i < found.len() {
            let p = found[i];
            found.extend(parent.iter().filter(|(_, pp)| *pp == p).map(|(c, _)| *c));
            i += 1;
        }
        found
    }

    fn sockets(pid: u32) -> HashSet<String> {
        std::fs::read_dir(format!("/proc/{pid}/fd"))
            .into_iter()
            .flatten()
            .flatten()
            .filter_map(|e| std::fs::read_link(e.path()).ok())
            .filter_map(|l| {
                let l = l.to_string_lossy().into_owned();
                l.strip_prefix("socket:[")
                    .and_then(|s| s.strip_suffix(']'))
                    .map(str::to_owned)
            })
            .collect()
    }
}
