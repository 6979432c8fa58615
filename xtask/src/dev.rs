//! `cargo xtask dev`: everything set up, the worker running locally with a
//! demo account, the URLs printed. Ctrl-C stops it all.

use std::net::TcpListener;
use std::process::{Child, Command};
use std::time::{Duration, Instant};

use crate::build::{self, DEMO_CHANNEL};
use crate::http;
use crate::tools::{self, Tools};
use crate::util::{self, Result};

/// Default port of the local worker (`CANAL_PORT` overrides it).
const DEFAULT_PORT: u16 = 8787;

/// The demo account's people; passwords are made on first start and kept in `.canal/demo.env`.
pub(crate) const PEOPLE: [(&str, &str, &str); 3] = [
    ("admin", "admin@example.com", "Alex Admin"),
    ("operator", "ana@example.com", "Ana Operator"),
    ("operator", "bruno@example.com", "Bruno Operator"),
];

pub fn run() -> Result<()> {
    let port = match std::env::var("CANAL_PORT") {
        Ok(p) => p
            .parse()
            .map_err(|_| format!("CANAL_PORT={p} is not a port number"))?,
        Err(_) => DEFAULT_PORT,
    };
    TcpListener::bind(("127.0.0.1", port))
        .map_err(|e| format!("port {port} is busy ({e}); stop what uses it or set CANAL_PORT"))?;
    let tools = tools::ensure_build_tools()?;
    build::all(&tools)?;
    let secrets = Secrets::load_or_create()?;
    let mut wrangler = start_wrangler(&tools, port, &secrets.secret)?;
    wait_until_up(port, &mut wrangler)?;
    seed(port, &secrets)?;
    let origin = format!("http://127.0.0.1:{port}");
    println!(
        "\nCanal is running.\n\n  demo page (the widget):  {origin}/demo/\n  console (operators):     {origin}/console/\n\n  embed snippet:\n    {}\n\n  demo account (password for all three: {}):",
        build::snippet(&origin, DEMO_CHANNEL),
        secrets.password
    );
    for (role, email, name) in PEOPLE {
        println!("    {role:<9} {email:<20} {name}");
    }
    println!("\nState is kept in .canal/state. Press Ctrl-C to stop.");
    let status = wrangler.wait().map_err(|e| e.to_string())?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("wrangler stopped ({status})"))
    }
}

/// The deployment secret and the demo password, made once and kept in `.canal/`.
pub(crate) struct Secrets {
    pub(crate) secret: String,
    pub(crate) password: String,
}

impl Secrets {
    fn load_or_create() -> Result<Self> {
        let file = util::state_dir().join("demo.env");
        if let Ok(text) = std::fs::read_to_string(&file) {
            let get = |k: &str| {
                text.lines()
                    .find_map(|l| l.strip_prefix(&format!("{k}=")))
                    .map(str::to_owned)
            };
            if let (Some(secret), Some(password)) = (get("CANAL_SECRET"), get("DEMO_PASSWORD")) {
                return Ok(Self { secret, password });
            }
        }
        let s = Self {
            secret: util::random_token(48)?,
            password: util::random_token(14)?,
        };
        std::fs::create_dir_all(util::state_dir()).map_err(|e| e.to_string())?;
        std::fs::write(
            &file,
            format!("CANAL_SECRET={}\nDEMO_PASSWORD={}\n", s.secret, s.password),
        )
        .map_err(|e| format!("cannot write {}: {e}", file.display()))?;
        Ok(s)
    }
}

fn start_wrangler(tools: &Tools, port: u16, secret: &str) -> Result<Child> {
    let state = util::state_dir().join("state");
    eprintln!("==> starting wrangler dev on 127.0.0.1:{port}");
    Command::new(&tools.wrangler)
        .current_dir(util::root())
        .args([
            "dev",
            "--config",
            "worker/wrangler.toml",
            "--local",
            "--ip",
            "127.0.0.1",
        ])
        .args(["--port", &port.to_string()])
        .arg("--persist-to")
        .arg(&state)
        .args(["--show-interactive-dev-session=false", "--var"])
        .arg(format!("CANAL_SECRET:{secret}"))
        // Locally, wrangler keeps each email as a file and logs its path.
        .args(["--var", "CANAL_EMAIL_FROM:chat@canal.localhost", "--var"])
        .arg(format!("CANAL_CONSOLE_URL:http://127.0.0.1:{port}"))
        .envs(tools.quiet_env())
        .spawn()
        .map_err(|e| format!("cannot start wrangler: {e}"))
}

fn wait_until_up(port: u16, wrangler: &mut Child) -> Result<()> {
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(60) {
        if let Ok(a) = http::request(port, "GET", "/api/health", &[], "") {
            if a.status == 200 {
                return Ok(());
            }
        }
        if let Ok(Some(status)) = wrangler.try_wait() {
            return Err(format!("wrangler exited while starting ({status})"));
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    Err("the worker did not answer within 60 s".into())
}

/// Creates the demo account on first start (the worker refuses a second set-up).
pub(crate) fn seed(port: u16, s: &Secrets) -> Result<()> {
    let user = |i: usize| {
        let (_, email, name) = PEOPLE[i];
        format!(
            r#"{{"email":"{email}","name":"{name}","password":"{}"}}"#,
            s.password
        )
    };
    let body = format!(
        r#"{{"admin":{},"operators":[{},{}],"channel_id":"{DEMO_CHANNEL}"}}"#,
        user(0),
        user(1),
        user(2)
    );
    let auth = format!("Bearer {}", s.secret);
    let a = http::request(
        port,
        "POST",
        "/api/setup",
        &[
            ("content-type", "application/json"),
            ("authorization", &auth),
        ],
        &body,
    )?;
    match a.status {
        200 => {
            eprintln!("==> created the demo account");
            Ok(())
        }
        409 => Ok(()),
        other => Err(format!(
            "setting up the demo account failed ({other}): {}",
            a.body
        )),
    }
}
