//! `cargo xtask bench`: the widget's size, the time from a click on the
//! launcher to a usable composer in headless Chromium, and visitor → operator
//! latency through the local worker beside a raw Durable Object echo measured
//! in the same run. Prints a Markdown report for BENCHMARKS.md.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use canal_shared::ids::{ClientMsgId, Seq};
use canal_shared::protocol::{ClientFrame, ServerFrame, PROTOCOL_VERSION};
use canal_tests::api::{login, visitor};
use canal_tests::browser::Driver;
use canal_tests::socket::connect;
use canal_tests::worker::{root, Worker};
use serde_json::json;

/// Messages timed per latency series.
const MESSAGES: usize = 1000;
/// Cold opens of the widget timed.
const OPENS: usize = 20;

fn main() {
    let mut report = String::new();
    report.push_str(&sizes());
    let w = Worker::start_with(&[("CANAL_BENCH", "1")]);
    let demo = w.setup("demo");
    report.push_str(&open_times(&w));
    report.push_str(&latency(&w, &demo.admin.password));
    println!("\n{report}");
}

fn gzip_len(path: &Path) -> usize {
    let out = Command::new("gzip")
        .args(["-9", "-c"])
        .arg(path)
        .output()
        .expect("gzip is available");
    out.stdout.len()
}

fn kb(bytes: usize) -> String {
    format!("{:.1} KB", bytes as f64 / 1024.0)
}

/// Bytes of each part of the widget, raw and gzip -9.
fn sizes() -> String {
    let dist = root().join("dist");
    let parts = [
        ("loader `widget.js`", dist.join("widget.js")),
        ("frame `widget/frame.html`", dist.join("widget/frame.html")),
        (
            "JS glue `canal_widget.js`",
            dist.join("widget/canal_widget.js"),
        ),
        (
            "wasm `canal_widget_bg.wasm`",
            dist.join("widget/canal_widget_bg.wasm"),
        ),
    ];
    let mut s = String::from("### Widget size\n\n| part | raw | gzip -9 |\n|---|---:|---:|\n");
    let (mut raw_total, mut gz_total) = (0, 0);
    for (name, path) in &parts {
        let raw = std::fs::metadata(path)
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
            .len() as usize;
        let gz = gzip_len(path);
        raw_total += raw;
        gz_total += gz;
        s.push_str(&format!("| {name} | {} | {} |\n", kb(raw), kb(gz)));
    }
    s.push_str(&format!(
        "| **whole widget** | {} | {} |\n\n",
        kb(raw_total),
        kb(gz_total)
    ));
    s
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i]
}

fn summarize(mut v: Vec<f64>) -> (f64, f64) {
    v.sort_by(f64::total_cmp);
    (percentile(&v, 0.5), percentile(&v, 0.99))
}

/// Clicks the launcher on a fresh page load and times until the composer is
/// there and enabled, and until the socket is open.
const OPEN_SCRIPT: &str = r#"
const done = arguments[arguments.length - 1];
const host = [...document.body.children].find(e => e.shadowRoot && e.shadowRoot.querySelector('[data-testid=canal-launcher]'));
if (!host) return done(null);
const root = host.shadowRoot;
const t0 = performance.now();
let usable = null;
root.querySelector('[data-testid=canal-launcher]').click();
(function poll() {
  const f = root.querySelector('[data-testid=canal-frame]');
  let doc = null;
  try { doc = f && f.contentDocument; } catch (e) {}
  const c = doc && doc.querySelector('[data-testid=composer]');
  if (usable === null && c && !c.disabled) usable = performance.now() - t0;
  const st = doc && doc.querySelector('[data-testid=status]');
  if (usable !== null && st && st.getAttribute('data-state') === 'open') return done([usable, performance.now() - t0]);
  if (performance.now() - t0 > 15000) return done(null);
  setTimeout(poll, 1);
})();
"#;

fn open_times(w: &Worker) -> String {
    let driver = Driver::start();
    let mut usable = Vec::new();
    let mut connected = Vec::new();
    for i in 0..OPENS {
        // A new browser each time: nothing cached, no session stored.
        let b = driver.browser();
        b.goto(&w.url("/bench/cold.html"));
        b.wait_for("body");
        let v = b.run_async(OPEN_SCRIPT, json!([]));
        let pair = v
            .as_array()
            .unwrap_or_else(|| panic!("open {i} did not reach a usable composer: {v}"));
        usable.push(pair[0].as_f64().expect("ms"));
        connected.push(pair[1].as_f64().expect("ms"));
    }
    let (u50, _) = summarize(usable);
    let (c50, _) = summarize(connected);
    format!(
        "### Opening the widget ({OPENS} cold opens, new browser profile each, headless Chromium)\n\n\
         | from a click on the launcher to | median |\n|---|---:|\n\
         | a usable composer | {u50:.0} ms |\n| the socket open (\"Connected\") | {c50:.0} ms |\n\n"
    )
}

fn latency(w: &Worker, password: &str) -> String {
    // Raw echo through a bare Durable Object.
    let mut echo = connect(&w.ws_url("/ws/echo")).expect("echo socket");
    let mut raw = Vec::with_capacity(MESSAGES);
    for i in 0..MESSAGES + 50 {
        let t = Instant::now();
        echo.send_text(&format!("{{\"n\":{i}}}"));
        let _: serde_json::Value = echo
            .next_within(Duration::from_secs(10))
            .expect("echo answers");
        if i >= 50 {
            raw.push(t.elapsed().as_secs_f64() * 1000.0);
        }
    }

    // Canal: a visitor sends, the operator's socket receives the message.
    let v = visitor(w, "demo");
    let ana = login(w, "ana@example.com", password);
    let mut vs = connect(&w.ws_url(&format!(
        "/ws/visitor?conversation={}&token={}",
        v.conversation, v.token
    )))
    .expect("visitor socket");
    let mut os = connect(&w.ws_url(&format!(
        "/ws/operator?conversation={}&token={}",
        v.conversation, ana.token
    )))
    .expect("operator socket");
    for s in [&mut vs, &mut os] {
        s.send(&ClientFrame::Hello {
            version: PROTOCOL_VERSION,
            after: Seq(0),
        });
        assert!(matches!(s.frame(), ServerFrame::Welcome { .. }));
    }
    let mut canal = Vec::with_capacity(MESSAGES);
    for i in 0..MESSAGES + 50 {
        let id = ClientMsgId::parse(&format!("b{i}")).expect("id");
        let t = Instant::now();
        vs.send(&ClientFrame::Send {
            id: id.clone(),
            text: format!("benchmark message {i}"),
        });
        os.until("the message at the operator", |f| match f {
            ServerFrame::Message { message } if message.id == id => Some(()),
            _ => None,
        });
        if i >= 50 {
            canal.push(t.elapsed().as_secs_f64() * 1000.0);
        }
        // Keep the visitor's socket drained (ack, echo of its own message).
        while vs
            .next_within::<ServerFrame>(Duration::from_millis(0))
            .is_some()
        {}
    }
    let (r50, r99) = summarize(raw);
    let (c50, c99) = summarize(canal);
    format!(
        "### Message latency ({MESSAGES} messages each, sequential, after 50 warm-up)\n\n\
         | path | p50 | p99 |\n|---|---:|---:|\n\
         | raw Durable Object echo (one socket, round trip) | {r50:.2} ms | {r99:.2} ms |\n\
         | Canal visitor → operator (store, ack, relay, inbox update) | {c50:.2} ms | {c99:.2} ms |\n\
         | **ratio Canal / echo** | **{:.2}×** | {:.2}× |\n",
        c50 / r50,
        c99 / r99
    )
}
