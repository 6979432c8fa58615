//! A small WebDriver client for Debian's Chromium through chromedriver.
//!
//! Only what the tests use: sessions, navigation, elements, frames, keys and
//! scripts, over the W3C WebDriver protocol (JSON over HTTP on loopback).

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use serde_json::{json, Value};

use crate::wait;
use crate::worker::{free_port, kill_group, own_process_group, random_u128};

const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

/// The Enter key.
pub const ENTER: &str = "\u{E007}";
/// The Shift key (held until the end of the keys sent).
pub const SHIFT: &str = "\u{E008}";

/// A chromedriver process; it can hold several browser sessions.
pub struct Driver {
    port: u16,
    child: Child,
}

impl Driver {
    /// Starts chromedriver on a free port.
    pub fn start() -> Driver {
        let bin =
            std::env::var("CANAL_CHROMEDRIVER").unwrap_or_else(|_| "/usr/bin/chromedriver".into());
        let port = free_port();
        let mut cmd = Command::new(&bin);
        cmd.arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        own_process_group(&mut cmd);
        let child = cmd.spawn().unwrap_or_else(|e| {
            panic!("cannot start {bin}: {e} (run `cargo xtask test`, which installs it)")
        });
        let d = Driver { port, child };
        wait::until("chromedriver to start", || {
            ureq::get(&d.url("/status"))
                .call()
                .ok()
                .filter(|r| r.status() == 200)
        })
        .expect("chromedriver answers");
        d
    }

    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    /// A new headless browser with its own profile (its own storage).
    pub fn browser(&self) -> Browser {
        self.browser_in("en-US")
    }

    /// Like [`Driver::browser`], with `lang` as the browser's language
    /// (`navigator.languages`).
    pub fn browser_in(&self, lang: &str) -> Browser {
        let binary = std::env::var("CANAL_CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
        let profile = std::env::temp_dir().join(format!("canal-chromium-{:x}", random_u128()));
        let caps = json!({
            "capabilities": { "alwaysMatch": {
                "browserName": "chrome",
                "goog:chromeOptions": {
                    "binary": binary,
                    "args": [
                        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                        "--no-first-run", "--disable-background-networking",
                        "--disable-component-update", "--disable-sync",
                        "--disable-dev-shm-usage", "--window-size=1280,900",
                        format!("--user-data-dir={}", profile.display()),
                        format!("--lang={lang}"),
                    ],
                    "prefs": { "intl.accept_languages": lang },
                }
            }}
        });
        let v = call(ureq::post(&self.url("/session")), Some(caps));
        let id = v["sessionId"].as_str().expect("a session id").to_owned();
        Browser {
            base: self.url(&format!("/session/{id}")),
            profile,
        }
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        kill_group(&self.child, libc::SIGKILL);
        let _ = self.child.wait();
    }
}

/// One browser session.
pub struct Browser {
    base: String,
    profile: PathBuf,
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

/// A WebDriver call's value, or the error it answered.
fn checked_call(req: ureq::Request, body: Option<Value>) -> Result<Value, String> {
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
        self.post("/url", json!({ "url": url }));
    }

    /// Reloads the page.
    pub fn refresh(&self) {
        self.post("/refresh", json!({}));
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

    /// Types `text` into an element (see [`ENTER`], [`SHIFT`]).
    pub fn type_into(&self, e: &Element, text: &str) {
        self.post(&format!("/element/{}/value", e.0), json!({ "text": text }));
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
    }

    /// Switches back to the top page.
    pub fn leave_frames(&self) {
        self.post("/frame", json!({ "id": null }));
    }

    /// On a host page with the widget's script: clicks the launcher in its
    /// shadow root, enters the widget's iframe and waits for its socket to
    /// open.
    pub fn open_widget(&self) {
        self.leave_frames();
        let in_host = |testid: &str| {
            format!(
                "for (const e of document.body.children) {{ const x = e.shadowRoot && e.shadowRoot.querySelector('[data-testid={testid}]'); if (x) return x; }} return null;"
            )
        };
        let launcher = self.wait("the launcher", || {
            self.run_for_element(&in_host("canal-launcher"))
        });
        self.click(&launcher);
        let frame = self.wait("the widget's iframe", || {
            self.run_for_element(&in_host("canal-frame"))
        });
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
    pub fn screenshot(&self, name: &str) -> PathBuf {
        use base64::Engine;
        let data = self.get("/screenshot");
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

    /// A pause for things that have no observable signal (rare).
    pub fn pause(&self, d: Duration) {
        std::thread::sleep(d);
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = ureq::delete(&self.base).call();
        let _ = std::fs::remove_dir_all(&self.profile);
    }
}
