//! A small WebDriver client for three browser engines: Debian's Chromium
//! (chromedriver), WebKit (WebKitGTK's MiniBrowser through WebKitWebDriver, on
//! a virtual X display) and Firefox ESR (geckodriver).
//!
//! Only what the tests use: sessions, navigation, elements, frames, tabs, keys
//! and scripts, over the W3C WebDriver protocol (JSON over HTTP on loopback).
//! What differs by engine is how a driver and a session start ([`Driver`]);
//! every other call is the same for all three.
//!
//! # Third-party storage
//!
//! A real deployment puts the widget's iframe (the worker's origin,
//! `127.0.0.1`) on a page of another site ([`crate::host`], `localhost`).
//! Sessions model a browser that keeps such a frame from sharing storage with
//! the worker's own site ([`ThirdParty`]):
//!
//! - **Chromium** blocks third-party cookies (prefs
//!   `profile.block_third_party_cookies` and `profile.cookie_controls_mode`
//!   = 1). That alone only *partitions* the frame's `localStorage` (Chromium
//!   148); [`ThirdParty::Blocked`], the default, also blocks cookies and site
//!   data of `127.0.0.1` under `localhost` and back (a cookie content-setting
//!   exception, `profile.content_settings.exceptions.cookies`), so the
//!   frame's `localStorage` throws a `SecurityError`, as for a user who
//!   blocks the site's data. First-party pages (the console, `/demo/`) keep
//!   their storage.
//! - **Firefox** takes `network.cookie.cookieBehavior`: 1 (reject third-party
//!   cookies; the frame's `localStorage` throws a `SecurityError`) for
//!   [`ThirdParty::Blocked`], 5 (its default, total cookie protection:
//!   partitioned) for [`ThirdParty::Partitioned`].
//! - **WebKit** keeps its defaults: third-party cookies are refused and the
//!   frame's `localStorage` works but is partitioned by top-level site; it has
//!   no setting to block it, so its sessions are always partitioned
//!   ([`Engine::third_party`]).
//!
//! # Engines' quirks
//!
//! WebKitWebDriver and geckodriver hold one session each: a [`Browser`] of
//! those engines starts its own driver process (a few tens of milliseconds),
//! while one chromedriver serves every Chromium session. WebKit's MiniBrowser
//! needs an X display: its [`Driver`] runs one Xvfb for all its sessions.
//! Firefox runs in a window on such a display too, not headless: its
//! headless clipboard kept no picture, and a test pastes a screenshot.

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

use serde_json::{json, Value};

use crate::wait;
use crate::worker::{free_port, kill_group, own_process_group, random_u128, Demo, Worker};

const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

/// The Enter key.
pub const ENTER: &str = "\u{E007}";
/// The Shift key (held until the end of the keys sent).
pub const SHIFT: &str = "\u{E008}";
/// The Control key.
pub const CONTROL: &str = "\u{E009}";
/// The Tab key.
pub const TAB: &str = "\u{E004}";
/// The space bar.
pub const SPACE: &str = "\u{E00D}";
/// The down arrow.
pub const ARROW_DOWN: &str = "\u{E015}";
/// The up arrow.
pub const ARROW_UP: &str = "\u{E013}";

/// A browser engine the tests drive.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Engine {
    /// Debian's Chromium through chromedriver.
    Chromium,
    /// WebKitGTK's MiniBrowser (Safari's engine) through WebKitWebDriver.
    WebKit,
    /// Firefox ESR through geckodriver.
    Firefox,
}

impl Engine {
    /// Every engine, Chromium first.
    pub const ALL: [Engine; 3] = [Engine::Chromium, Engine::WebKit, Engine::Firefox];

    /// A short lower-case name (`chromium`, `webkit`, `firefox`).
    pub fn name(self) -> &'static str {
        match self {
            Engine::Chromium => "chromium",
            Engine::WebKit => "webkit",
            Engine::Firefox => "firefox",
        }
    }

    /// What a session asked for `wanted` gets: WebKit cannot block a
    /// third-party frame's storage, only partition it.
    pub fn third_party(self, wanted: ThirdParty) -> ThirdParty {
        match self {
            Engine::WebKit => ThirdParty::Partitioned,
            _ => wanted,
        }
    }
}

/// What a frame from another site than the page may store (see the module's
/// documentation for how each engine does it).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ThirdParty {
    /// Nothing: the frame's `localStorage` and `sessionStorage` throw a
    /// `SecurityError`. The default where the engine can (not WebKit).
    #[default]
    Blocked,
    /// Its own storage, partitioned by the top-level site: it does not see
    /// what the same origin stored as a first party, nor under another site.
    Partitioned,
}

/// A WebDriver process on a free port.
struct Server {
    port: u16,
    child: Child,
}

impl Server {
    /// Starts `cmd` (which must listen on `port`) and waits until it answers.
    fn start(mut cmd: Command, port: u16, what: &str) -> Server {
        cmd.stdout(Stdio::null()).stderr(Stdio::null());
        own_process_group(&mut cmd);
        let program = cmd.get_program().to_string_lossy().into_owned();
        let child = cmd.spawn().unwrap_or_else(|e| {
            panic!("cannot start {program}: {e} (run `cargo xtask test`, which installs it)")
        });
        let s = Server { port, child };
        wait::until(&format!("{what} to start"), || {
            ureq::get(&s.url("/status"))
                .call()
                .ok()
                .filter(|r| r.status() == 200)
        })
        .unwrap_or_else(|e| panic!("{e}"));
        s
    }

    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        kill_group(&self.child, libc::SIGKILL);
        let _ = self.child.wait();
    }
}

/// A path from the environment variable `var`, else `default`.
fn tool(var: &str, default: &str) -> String {
    std::env::var(var).unwrap_or_else(|_| default.to_owned())
}

/// WebKitGTK's MiniBrowser: `CANAL_MINIBROWSER`, else where Debian puts it.
fn minibrowser() -> String {
    std::env::var("CANAL_MINIBROWSER").unwrap_or_else(|_| {
        std::fs::read_dir("/usr/lib")
            .into_iter()
            .flatten()
            .flatten()
            .map(|d| d.path().join("webkit2gtk-4.1/MiniBrowser"))
            .find(|p| p.exists())
            .map_or_else(
                || "/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser".into(),
                |p| p.display().to_string(),
            )
    })
}

/// geckodriver: `CANAL_GECKODRIVER`, else the one `cargo xtask test`
/// installs in the per-user tool cache, else the `PATH`'s.
fn geckodriver() -> String {
    std::env::var("CANAL_GECKODRIVER").unwrap_or_else(|_| {
        let cache = std::env::var_os("XDG_CACHE_HOME")
            .map(PathBuf::from)
            .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")));
        cache
            .map(|c| c.join("canal/tools/geckodriver-0.37.1/bin/geckodriver"))
            .filter(|p| p.exists())
            .map_or_else(|| "geckodriver".into(), |p| p.display().to_string())
    })
}

/// An Xvfb display for WebKit's windows (`:N`), found free by the server
/// itself (`-displayfd`).
struct Display {
    name: String,
    child: Child,
}

impl Display {
    fn start() -> Display {
        use std::io::Read;
        use std::os::fd::FromRawFd;
        use std::os::unix::process::CommandExt;
        let mut fds = [0; 2];
        // SAFETY: pipe2 fills the two descriptors, which we then own.
        assert_eq!(
            unsafe { libc::pipe2(fds.as_mut_ptr(), libc::O_CLOEXEC) },
            0,
            "a pipe for Xvfb"
        );
        let (r, w) = (fds[0], fds[1]);
        let mut cmd = Command::new(tool("CANAL_XVFB", "/usr/bin/Xvfb"));
        cmd.args(["-displayfd", &w.to_string()])
            .args(["-screen", "0", "1600x1200x24", "-nolisten", "tcp"])
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        own_process_group(&mut cmd);
        // SAFETY: fcntl is async-signal-safe; it keeps the write end open in
        // the child only.
        unsafe {
            cmd.pre_exec(move || {
                libc::fcntl(w, libc::F_SETFD, 0);
                Ok(())
            });
        }
        let spawned = cmd.spawn();
        // SAFETY: both descriptors are ours; each is wrapped or closed once.
        let mut reader = unsafe {
            libc::close(w);
            std::fs::File::from_raw_fd(r)
        };
        let child = spawned.unwrap_or_else(|e| {
            panic!("cannot start Xvfb: {e} (run `cargo xtask test`, which installs it)")
        });
        // Xvfb writes its display number once it accepts clients (EOF if it died).
        let mut number = String::new();
        let _ = reader.read_to_string(&mut number);
        let number = number.trim();
        assert!(!number.is_empty(), "Xvfb did not start");
        Display {
            name: format!(":{number}"),
            child,
        }
    }
}

impl Drop for Display {
    fn drop(&mut self) {
        kill_group(&self.child, libc::SIGKILL);
        let _ = self.child.wait();
    }
}

/// What runs for an engine: one chromedriver for every Chromium session; an
/// X display for WebKit's; nothing for Firefox (its sessions start their own
/// driver).
pub struct Driver {
    engine: Engine,
    chromedriver: Option<Server>,
    display: Option<Display>,
}

impl Driver {
    /// Starts chromedriver on a free port.
    pub fn start() -> Driver {
        Driver::start_engine(Engine::Chromium)
    }

    /// Starts what `engine`'s sessions need (chromedriver, or Xvfb for WebKit).
    pub fn start_engine(engine: Engine) -> Driver {
        let (mut chromedriver, mut display) = (None, None);
        match engine {
            Engine::Chromium => {
                let port = free_port();
                let mut cmd = Command::new(tool("CANAL_CHROMEDRIVER", "/usr/bin/chromedriver"));
                cmd.arg(format!("--port={port}"));
                chromedriver = Some(Server::start(cmd, port, "chromedriver"));
            }
            Engine::WebKit | Engine::Firefox => display = Some(Display::start()),
        }
        Driver {
            engine,
            chromedriver,
            display,
        }
    }

    /// The engine it drives.
    pub fn engine(&self) -> Engine {
        self.engine
    }

    /// A new headless browser with its own profile (its own storage), in
    /// American English, with third-party storage blocked where the engine can.
    pub fn browser(&self) -> Browser {
        self.browser_in("en-US")
    }

    /// Like [`Driver::browser`], with `lang` as the browser's language
    /// (`navigator.languages`; not in WebKit, which takes the machine's locale).
    pub fn browser_in(&self, lang: &str) -> Browser {
        self.browser_with(lang, ThirdParty::default())
    }

    /// A new browser in `lang` whose frames from another site get
    /// `third_party` storage (WebKit's are always partitioned).
    pub fn browser_with(&self, lang: &str, third_party: ThirdParty) -> Browser {
        let third_party = self.engine.third_party(third_party);
        let mut profile = None;
        let (server, caps) = match self.engine {
            Engine::Chromium => {
                let dir = std::env::temp_dir().join(format!("canal-chromium-{:x}", random_u128()));
                let caps = chromium_caps(lang, third_party, &dir);
                profile = Some(dir);
                (None, caps)
            }
            Engine::WebKit => {
                let port = free_port();
                let display = self.display.as_ref().expect("WebKit's display");
                let mut cmd = Command::new(tool("CANAL_WEBKITDRIVER", "/usr/bin/WebKitWebDriver"));
                cmd.arg(format!("--port={port}"))
                    .env("DISPLAY", &display.name);
                let caps = json!({
                    "browserName": "MiniBrowser",
                    "webkitgtk:browserOptions": {
                        "binary": minibrowser(),
                        "args": ["--automation"],
                    },
                });
                (Some(Server::start(cmd, port, "WebKitWebDriver")), caps)
            }
            Engine::Firefox => {
                let port = free_port();
                let mut cmd = Command::new(geckodriver());
                // Each geckodriver gives its Firefox a debugging port: the
                // default (9222) would clash between two sessions.
                let display = self.display.as_ref().expect("Firefox's display");
                cmd.arg(format!("--port={port}"))
                    .arg(format!("--websocket-port={}", free_port()))
                    .env("DISPLAY", &display.name);
                let behavior = match third_party {
                    ThirdParty::Blocked => 1,
                    ThirdParty::Partitioned => 5,
                };
                let caps = json!({
                    "browserName": "firefox",
                    "moz:firefoxOptions": {
                        "binary": tool("CANAL_FIREFOX", "/usr/bin/firefox-esr"),
                        "args": ["--width=1280", "--height=900"],
                        "prefs": {
                            "network.cookie.cookieBehavior": behavior,
                            "intl.accept_languages": lang,
                            // The page may write the clipboard without a
                            // click first (a test puts a screenshot there
                            // to paste it for real).
                            "dom.events.testing.asyncClipboard": true,
                        },
                    },
                });
                (Some(Server::start(cmd, port, "geckodriver")), caps)
            }
        };
        let at = server
            .as_ref()
            .or(self.chromedriver.as_ref())
            .expect("a WebDriver server");
        let v = call(
            ureq::post(&at.url("/session")),
            Some(json!({ "capabilities": { "alwaysMatch": caps } })),
        );
        let id = v["sessionId"].as_str().expect("a session id").to_owned();
        let b = Browser {
            engine: self.engine,
            third_party,
            base: at.url(&format!("/session/{id}")),
            profile,
            _server: server,
            frame: Default::default(),
        };
        if self.engine == Engine::WebKit {
            b.resize(1280, 900);
        }
        b
    }
}

/// Chromium's session: headless, its own profile in `profile`, in `lang`,
/// third-party cookies blocked, and site data too when `Blocked`.
fn chromium_caps(lang: &str, third_party: ThirdParty, profile: &std::path::Path) -> Value {
    let mut prefs = json!({
        "intl.accept_languages": lang,
        "profile.block_third_party_cookies": true,
        "profile.cookie_controls_mode": 1,
    });
    if third_party == ThirdParty::Blocked {
        // "primary,secondary": the frame's site under the top-level site.
        prefs["profile.content_settings.exceptions.cookies"] = json!({
            "127.0.0.1,localhost": { "setting": 2 },
            "localhost,127.0.0.1": { "setting": 2 },
        });
    }
    json!({
        "browserName": "chrome",
        "goog:chromeOptions": {
            "binary": tool("CANAL_CHROMIUM", "/usr/bin/chromium"),
            "args": [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1280,900",
                format!("--user-data-dir={}", profile.display()),
                format!("--lang={lang}"),
            ],
            "prefs": prefs,
        }
    })
}

/// One browser session.
pub struct Browser {
    engine: Engine,
    third_party: ThirdParty,
    base: String,
    /// Chromium's profile folder, removed at the end.
    profile: Option<PathBuf>,
    /// The session's own driver (WebKit, Firefox), stopped after it.
    _server: Option<Server>,
    /// The frame the commands go to, if not the top page (a screenshot in
    /// Firefox must be taken from the top).
    frame: std::cell::RefCell<Option<Element>>,
}

/// An element of the current page (or frame).
#[derive(Clone, Debug)]
pub struct Element(String);

impl Element {
    /// The element as a script argument (`arguments[i]` in [`Browser::run`]).
    pub fn to_json(&self) -> Value {
        json!({ ELEMENT: self.0 })
    }
}

fn call(req: ureq::Request, body: Option<Value>) -> Value {
    checked_call(req, body).unwrap_or_else(|e| panic!("{e}"))
}

/// The longest one WebDriver call may take: a page whose main thread hangs
/// fails its case with a message instead of holding the suite forever
/// (browsers give up on a page load after 300 s by default; a case's own
/// waits poll in short calls).
const CALL_TIMEOUT: Duration = Duration::from_secs(120);

/// A WebDriver call's value, or the error it answered.
fn checked_call(req: ureq::Request, body: Option<Value>) -> Result<Value, String> {
    let req = req.timeout(CALL_TIMEOUT);
    let res = match body {
        Some(b) => req.send_json(b),
        None => req.call(),
    };
    match res {
        Ok(r) => Ok(r.into_json::<Value>().expect("WebDriver JSON")["value"].take()),
        Err(ureq::Error::Status(code, r)) => {
            let v: Value = r.into_json().unwrap_or(Value::Null);
            Err(format!("WebDriver error {code}: {}", v["value"]["message"]))
        }
        Err(e) => panic!("WebDriver unreachable: {e}"),
    }
}

fn try_call(req: ureq::Request, body: Value) -> Option<Value> {
    match req.send_json(body) {
        Ok(r) => r.into_json::<Value>().ok().map(|mut v| v["value"].take()),
        Err(_) => None,
    }
}

impl Browser {
    fn post(&self, path: &str, body: Value) -> Value {
        call(ureq::post(&format!("{}{path}", self.base)), Some(body))
    }

    fn get(&self, path: &str) -> Value {
        call(ureq::get(&format!("{}{path}", self.base)), None)
    }

    /// A read of an element that the page may have re-rendered meanwhile:
    /// a stale element reads as nothing (a waiting caller looks again).
    fn read(&self, path: &str) -> Value {
        match checked_call(ureq::get(&format!("{}{path}", self.base)), None) {
            Ok(v) => v,
            Err(e) if e.contains("stale element") => Value::Null,
            Err(e) => panic!("{e}"),
        }
    }

    /// Opens `url`.
    pub fn goto(&self, url: &str) {
        self.frame.take();
        self.post("/url", json!({ "url": url }));
    }

    /// Reloads the page.
    pub fn refresh(&self) {
        self.frame.take();
        self.post("/refresh", json!({}));
    }

    /// The engine of this session.
    pub fn engine(&self) -> Engine {
        self.engine
    }

    /// What frames from another site may store in this session.
    pub fn third_party(&self) -> ThirdParty {
        self.third_party
    }

    /// The URL of the current page.
    pub fn current_url(&self) -> String {
        self.get("/url").as_str().unwrap_or_default().to_owned()
    }

    /// Opens a new tab (same profile, so the same storage), switches to it
    /// and returns its handle.
    pub fn new_tab(&self) -> String {
        let v = self.post("/window/new", json!({ "type": "tab" }));
        let handle = v["handle"].as_str().expect("a window handle").to_owned();
        self.switch_to(&handle);
        handle
    }

    /// Switches to the tab (or window) `handle`, at its top page.
    pub fn switch_to(&self, handle: &str) {
        self.frame.take();
        self.post("/window", json!({ "handle": handle }));
    }

    /// The current tab's handle.
    pub fn handle(&self) -> String {
        self.get("/window").as_str().unwrap_or_default().to_owned()
    }

    /// Every open tab's handle, in the order the browser gives them.
    pub fn handles(&self) -> Vec<String> {
        serde_json::from_value(self.get("/window/handles")).unwrap_or_default()
    }

    /// Closes the tab `handle` and switches to the first one left, if any.
    pub fn close_tab(&self, handle: &str) {
        self.switch_to(handle);
        let left = call(ureq::delete(&format!("{}/window", self.base)), None);
        if let Some(first) = left
            .as_array()
            .and_then(|a| a.first())
            .and_then(Value::as_str)
        {
            self.switch_to(first);
        }
    }

    /// The first element matching `css`, if any.
    pub fn find(&self, css: &str) -> Option<Element> {
        let v = try_call(
            ureq::post(&format!("{}/element", self.base)),
            json!({ "using": "css selector", "value": css }),
        )?;
        v[ELEMENT].as_str().map(|s| Element(s.to_owned()))
    }

    /// Every element matching `css`.
    pub fn find_all(&self, css: &str) -> Vec<Element> {
        let v = self.post(
            "/elements",
            json!({ "using": "css selector", "value": css }),
        );
        v.as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|e| e[ELEMENT].as_str().map(|s| Element(s.to_owned())))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Waits for an element matching `css`.
    pub fn wait_for(&self, css: &str) -> Element {
        wait::until(css, || self.find(css)).unwrap_or_else(|e| panic!("{e}"))
    }

    /// Clicks an element.
    pub fn click(&self, e: &Element) {
        self.post(&format!("/element/{}/click", e.0), json!({}));
    }

    /// Waits for an element matching `css` and clicks it.
    pub fn click_on(&self, css: &str) {
        self.click(&self.wait_for(css));
    }

    /// Waits until the element `css` is enabled (`true`) or disabled.
    pub fn wait_enabled(&self, css: &str, enabled: bool) {
        let what = if enabled { "enabled" } else { "disabled" };
        self.wait(&format!("{css} to be {what}"), || {
            let e = self.find(css)?;
            (self.attr(&e, "disabled").is_none() == enabled).then_some(())
        });
    }

    /// The `data-testid` of the focused element (`null` if it has none).
    pub fn focused(&self) -> Value {
        self.run(
            "const e = document.activeElement; return e && e.dataset ? (e.dataset.testid || null) : null;",
            json!([]),
        )
    }

    /// Signs `email` of the demo account into `w`'s console (every demo
    /// user has the admin's password).
    pub fn sign_in_demo(&self, w: &Worker, demo: &Demo, email: &str) {
        self.sign_in(&w.url("/console/"), email, &demo.admin.password);
    }

    /// Types `text` into an element (see [`ENTER`], [`SHIFT`]).
    ///
    /// WebKit does not let a frame from another site than the page focus
    /// a field from a script before the visitor has interacted with that
    /// frame, and its WebDriver focuses by script: there, a field it calls
    /// "not focusable" is clicked first, as a visitor would, and typed into.
    pub fn type_into(&self, e: &Element, text: &str) {
        let path = format!("/element/{}/value", e.0);
        let body = json!({ "text": text });
        match checked_call(
            ureq::post(&format!("{}{path}", self.base)),
            Some(body.clone()),
        ) {
            Ok(_) => {}
            Err(err) if self.engine == Engine::WebKit && err.contains("not focusable") => {
                self.click(e);
                self.post(&path, body);
            }
            Err(err) => panic!("{err}"),
        }
    }

    /// The visible text of an element (empty if it was re-rendered away).
    pub fn text(&self, e: &Element) -> String {
        self.read(&format!("/element/{}/text", e.0))
            .as_str()
            .unwrap_or_default()
            .to_owned()
    }

    /// The rendered text of every element `css` matches, read in one script,
    /// so that elements re-rendered meanwhile cannot go stale.
    pub fn texts(&self, css: &str) -> Vec<String> {
        serde_json::from_value(self.run(
            "return [...document.querySelectorAll(arguments[0])].map(e => e.innerText);",
            json!([css]),
        ))
        .unwrap_or_default()
    }

    /// Waits until an element `css` matches says `needle`; returns its text.
    pub fn wait_text_in(&self, css: &str, needle: &str) -> String {
        self.wait(&format!("{css} to say {needle:?}"), || {
            self.texts(css).into_iter().find(|t| t.contains(needle))
        })
    }

    /// An attribute of an element (none if it was re-rendered away).
    pub fn attr(&self, e: &Element, name: &str) -> Option<String> {
        self.read(&format!("/element/{}/attribute/{name}", e.0))
            .as_str()
            .map(str::to_owned)
    }

    /// Runs `script` in the page and returns its result (elements come back as references).
    pub fn run(&self, script: &str, args: Value) -> Value {
        self.post("/execute/sync", json!({ "script": script, "args": args }))
    }

    /// Signs in to the console at `console_url` (the worker's `/console/`).
    pub fn sign_in(&self, console_url: &str, email: &str, password: &str) {
        self.goto(console_url);
        let email_box = self.wait_for("[data-testid=login-email]");
        self.type_into(&email_box, email);
        self.type_into(&self.wait_for("[data-testid=login-password]"), password);
        self.click(&self.wait_for("[data-testid=login-submit]"));
    }

    /// In the console, opens Settings and its menu entry `entry` (`people`,
    /// `consent`, `responses`, `bots`, `files`, `channels`), as a person
    /// clicks them.
    pub fn open_settings(&self, entry: &str) {
        self.click(&self.wait_for("[data-testid=nav-settings]"));
        self.click(&self.wait_for(&format!("[data-testid=settings-{entry}]")));
    }

    /// In the console, opens Settings → Channels → the channel `channel`'s
    /// Configure, then its section `section` (`queue`, `widget`, `crm`,
    /// `automation`, `consent`, `responses`, `bot`, `kpi`, `other`) from the
    /// section menu; waits for the section to be shown.
    pub fn open_channel_settings(&self, channel: &str, section: &str) {
        self.open_settings("channels");
        let configure = format!(
            "[data-testid=channel-row][data-id=\"{channel}\"] [data-testid=channel-configure]"
        );
        self.click(&self.wait_for(&configure));
        self.wait_for(&format!(
            "[data-testid=channel-settings][data-id=\"{channel}\"]"
        ));
        self.click(&self.wait_for(&format!("[data-testid=section-link-{section}]")));
        self.wait_for(&format!("[data-testid=section-{section}]"));
    }

    /// Sets the value of the field `css` as typing would (an `input` and a
    /// `change` event).
    pub fn set_value(&self, css: &str, value: &str) {
        self.wait_for(css);
        self.run(
            "const e = document.querySelector(arguments[0]); e.value = arguments[1]; e.dispatchEvent(new Event('input', {bubbles: true})); e.dispatchEvent(new Event('change', {bubbles: true}));",
            json!([css, value]),
        );
    }

    /// Runs an asynchronous `script` (it calls its last argument with the result).
    pub fn run_async(&self, script: &str, args: Value) -> Value {
        self.post("/execute/async", json!({ "script": script, "args": args }))
    }

    /// Runs `script` and returns the element it returns, if any.
    pub fn run_for_element(&self, script: &str) -> Option<Element> {
        self.run(script, json!([]))[ELEMENT]
            .as_str()
            .map(|s| Element(s.to_owned()))
    }

    /// Switches into an iframe element.
    pub fn enter_frame(&self, frame: &Element) {
        self.post("/frame", json!({ "id": { ELEMENT: frame.0 } }));
        self.frame.replace(Some(frame.clone()));
    }

    /// Switches back to the top page.
    pub fn leave_frames(&self) {
        self.frame.take();
        self.post("/frame", json!({ "id": null }));
    }

    /// On a host page (the top document): the loader's element
    /// `[data-testid=<testid>]` in its shadow root (`canal-launcher`,
    /// `canal-frame`), if it is there.
    pub fn in_loader(&self, testid: &str) -> Option<Element> {
        self.run_for_element(&format!(
            "for (const e of document.body.children) {{ const x = e.shadowRoot && e.shadowRoot.querySelector('[data-testid={testid}]'); if (x) return x; }} return null;"
        ))
    }

    /// On a host page with the widget's script: clicks the launcher in its
    /// shadow root, enters the widget's iframe and waits for its socket to
    /// open.
    pub fn open_widget(&self) {
        self.leave_frames();
        let launcher = self.wait("the launcher", || self.in_loader("canal-launcher"));
        self.click(&launcher);
        let frame = self.wait("the widget's iframe", || self.in_loader("canal-frame"));
        self.enter_frame(&frame);
        self.wait("the widget's socket to open", || {
            let s = self.find("[data-testid=status]")?;
            (self.attr(&s, "data-state").as_deref() == Some("open")).then_some(())
        });
    }

    /// Waits until `f` returns `Some`.
    pub fn wait<T>(&self, what: &str, f: impl FnMut() -> Option<T>) -> T {
        wait::until(what, f).unwrap_or_else(|e| panic!("{e}"))
    }

    /// Saves a screenshot of the page as `target/test-artefacts/<name>.png`
    /// (kept for people to look at; not compared), and returns its path.
    ///
    /// WebKit's screenshot is the last frame it painted, which can lag the
    /// page by one: there, the page paints twice first.
    pub fn screenshot(&self, name: &str) -> PathBuf {
        use base64::Engine as _;
        if self.engine == Engine::WebKit {
            // (A window in the background paints nothing: not for ever.)
            self.run_async(
                "const done = arguments[arguments.length - 1]; requestAnimationFrame(() => requestAnimationFrame(() => done(null))); setTimeout(() => done(null), 500);",
                json!([]),
            );
        }
        // Firefox shoots only from the top page; back to the frame after.
        let frame = self
            .frame
            .borrow()
            .clone()
            .filter(|_| self.engine == Engine::Firefox);
        if frame.is_some() {
            self.post("/frame", json!({ "id": null }));
        }
        let data = self.get("/screenshot");
        if let Some(f) = frame {
            self.post("/frame", json!({ "id": { ELEMENT: f.0 } }));
        }
        let png = base64::engine::general_purpose::STANDARD
            .decode(data.as_str().unwrap_or_default())
            .expect("a PNG screenshot");
        let dir = crate::worker::root().join("target/test-artefacts");
        std::fs::create_dir_all(&dir).expect("the artefacts folder");
        let path = dir.join(format!("{name}.png"));
        std::fs::write(&path, png).expect("write the screenshot");
        path
    }

    /// Sets the window's size in CSS pixels (a phone: 360 × 740).
    pub fn resize(&self, width: u32, height: u32) {
        self.post("/window/rect", json!({ "width": width, "height": height }));
    }

    /// Presses and releases one key where the focus is (WebDriver key
    /// codes: `\u{E004}` Tab, `\u{E007}` Enter, `\u{E00C}` Escape).
    pub fn press(&self, key: &str) {
        self.post(
            "/actions",
            json!({ "actions": [{ "type": "key", "id": "keyboard", "actions": [
                { "type": "keyDown", "value": key },
                { "type": "keyUp", "value": key },
            ] }] }),
        );
    }

    /// Presses the keys together and releases them in the reverse order
    /// (`&[SHIFT, TAB]` is Shift+Tab).
    pub fn press_chord(&self, keys: &[&str]) {
        let down = keys
            .iter()
            .map(|k| json!({ "type": "keyDown", "value": k }));
        let up = keys
            .iter()
            .rev()
            .map(|k| json!({ "type": "keyUp", "value": k }));
        let actions: Vec<Value> = down.chain(up).collect();
        self.post(
            "/actions",
            json!({ "actions": [{ "type": "key", "id": "keyboard", "actions": actions }] }),
        );
    }

    /// Runs axe-core (`node_modules/axe-core`) on the current document and
    /// returns its serious and critical violations, as `rule: nodes`. The
    /// script is put in the page once: a single-page app keeps it while it
    /// moves between its places.
    pub fn axe(&self) -> Vec<String> {
        let loaded = self.run("return typeof axe !== 'undefined';", json!([]));
        if loaded != json!(true) {
            let source = std::fs::read_to_string(
                crate::worker::root().join("node_modules/axe-core/axe.min.js"),
            )
            .expect("axe-core is installed (npm ci)");
            self.run(&source, json!([]));
        }
        let result = self.run_async(
            "const done = arguments[arguments.length - 1];\
             axe.run(document, { resultTypes: ['violations'] })\
               .then(r => done(r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')\
                 .map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ') + (n.failureSummary ? ' (' + n.failureSummary.replace(/\\s+/g, ' ') + ')' : '')).join(', '))))\
               .catch(e => done(['axe failed: ' + e]));",
            json!([]),
        );
        result
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|v| v.as_str().map(str::to_owned))
            .collect()
    }

    /// Runs a DevTools protocol command (Chromium only), e.g.
    /// `Performance.getMetrics`.
    pub fn cdp(&self, cmd: &str, params: Value) -> Value {
        self.post("/goog/cdp/execute", json!({ "cmd": cmd, "params": params }))
    }

    /// Slows what this browser sends to `upload` bytes a second, in every
    /// frame of every tab (Chromium only: chromedriver's network
    /// conditions); `None` lifts it.
    pub fn throttle_uploads(&self, upload: Option<u64>) {
        let path = format!("{}/chromium/network_conditions", self.base);
        match upload {
            Some(bytes) => {
                call(
                    ureq::post(&path),
                    Some(json!({ "network_conditions": {
                        "offline": false, "latency": 0,
                        "download_throughput": 100_000_000, "upload_throughput": bytes,
                    } })),
                );
            }
            None => {
                call(ureq::delete(&path), None);
            }
        }
    }

    /// Moves the pointer onto the middle of `e` (its `pointerenter`).
    pub fn hover(&self, e: &Element) {
        self.post(
            "/actions",
            json!({ "actions": [{ "type": "pointer", "id": "mouse", "parameters": { "pointerType": "mouse" }, "actions": [
                { "type": "pointerMove", "duration": 0, "origin": e.to_json(), "x": 0, "y": 0 },
            ] }] }),
        );
    }

    /// A pause for things that have no observable signal (rare).
    pub fn pause(&self, d: Duration) {
        std::thread::sleep(d);
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = ureq::delete(&self.base).call();
        if let Some(p) = &self.profile {
            let _ = std::fs::remove_dir_all(p);
        }
    }
}

/// What the console's browser suites share: a worker with the demo account,
/// one browser driver, and a lock for the cases that change the same
/// settings.
pub struct Console {
    pub w: Worker,
    pub demo: Demo,
    pub driver: Driver,
    lock: Mutex<()>,
}

impl Console {
    /// Starts a worker with `vars` and the demo account, and a driver.
    pub fn start(vars: &[(&str, &str)]) -> Console {
        let w = Worker::start_with(vars);
        let demo = w.setup("demo");
        Console {
            w,
            demo,
            driver: Driver::start(),
            lock: Mutex::new(()),
        }
    }

    /// Signs `email` of the demo account in.
    pub fn sign_in(&self, b: &Browser, email: &str) {
        b.sign_in_demo(&self.w, &self.demo, email);
    }

    /// Held by a case while it changes what other cases read.
    pub fn one_at_a_time(&self) -> MutexGuard<'_, ()> {
        self.lock.lock().unwrap_or_else(|p| p.into_inner())
    }
}
