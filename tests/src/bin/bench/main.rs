//! `cargo xtask bench`: the widget's and the console's size, the console's
//! sign-in → inbox listed, the time from a click on the
//! launcher to a usable composer in headless Chromium, and visitor → operator
//! latency through the local worker beside a raw Durable Object echo measured
//! in the same run. Prints a Markdown report for BENCHMARKS.md.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use canal_shared::ids::{ClientMsgId, Seq};
use canal_shared::protocol::{ClientFrame, ServerFrame, PROTOCOL_VERSION};
use canal_tests::api::{login, visitor};
use canal_tests::socket::{connect, Socket};
use canal_tests::worker::{root, Worker};

mod console;
mod files;
mod ledger;
mod open;
mod router;

/// Messages timed per latency series.
const MESSAGES: usize = 1000;

fn main() {
    // `cargo xtask bench latency` (or `size`, `open`, `router`, `list`, `files`) runs one part only.
    let only = std::env::args().nth(1);
    let wants = |part: &str| only.as_deref().is_none_or(|o| o == part);
    let mut report = String::new();
    if wants("size") {
        report.push_str(&sizes());
    }
    if wants("router") {
        report.push_str(&router::decisions());
    }
    if wants("list") {
        let w = Worker::start_with(&[("CANAL_BENCH", "1")]);
        let demo = w.setup("demo");
        report.push_str(&ledger::list(&w, &demo.admin.password));
    }
    if wants("console") {
        let w = Worker::start_with(&[("CANAL_BENCH", "1")]);
        let demo = w.setup("demo");
        report.push_str(&console::report(&w, &demo));
    }
    if wants("files") {
        let w = Worker::start_with(&[("CANAL_BENCH", "1")]);
        let demo = w.setup("demo");
        report.push_str(&files::report(&w, &demo.admin.password));
    }
    if wants("open") || wants("latency") {
        let w = Worker::start_with(&[("CANAL_BENCH", "1")]);
        let demo = w.setup("demo");
        if wants("open") {
            report.push_str(&open::report(&w));
        }
        if wants("latency") {
            report.push_str(&latency(&w, &demo.admin.password));
        }
    }
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

/// Bytes of each part of the widget and of the console, raw and gzip -9.
fn sizes() -> String {
    let dist = root().join("dist");
    let widget = [
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
    let console = [
        ("page `console/index.html`", dist.join("console/index.html")),
        (
            "JS glue `canal_console.js`",
            dist.join("console/canal_console.js"),
        ),
        (
            "wasm `canal_console_bg.wasm`",
            dist.join("console/canal_console_bg.wasm"),
        ),
    ];
    size_table("Widget", "widget", &widget) + &size_table("Console", "console", &console)
}

/// A Markdown table of `parts`' sizes with their total.
fn size_table(title: &str, whole: &str, parts: &[(&str, std::path::PathBuf)]) -> String {
    let mut s = format!("### {title} size\n\n| part | raw | gzip -9 |\n|---|---:|---:|\n");
    let (mut raw_total, mut gz_total) = (0, 0);
    for (name, path) in parts {
        let raw = std::fs::metadata(path)
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
            .len() as usize;
        let gz = gzip_len(path);
        raw_total += raw;
        gz_total += gz;
        s.push_str(&format!("| {name} | {} | {} |\n", kb(raw), kb(gz)));
    }
    s.push_str(&format!(
        "| **whole {whole}** | {} | {} |\n\n",
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

/// Messages sent before timing starts.
const WARM_UP: usize = 50;

/// Times `round` [`MESSAGES`] times after [`WARM_UP`] untimed rounds, each
/// followed by `after` (untimed), and returns p50 and p99 in milliseconds.
fn series<C>(ctx: &mut C, round: impl Fn(&mut C, usize), after: impl Fn(&mut C)) -> (f64, f64) {
    let mut times = Vec::with_capacity(MESSAGES);
    for i in 0..MESSAGES + WARM_UP {
        let t = Instant::now();
        round(ctx, i);
        if i >= WARM_UP {
            times.push(t.elapsed().as_secs_f64() * 1000.0);
        }
        after(ctx);
    }
    summarize(times)
}

/// A socket on the echo object `room`, reading without sleeping.
fn echo_socket(w: &Worker, room: &str) -> Socket {
    let mut s = connect(&w.ws_url(&format!("/ws/echo?room={room}"))).expect("echo socket");
    s.spin();
    s
}

fn ping(i: usize) -> String {
    format!("{{\"n\":{i}}}")
}

/// One round trip on an echo socket.
fn echo_round(s: &mut Socket, i: usize) {
    s.send_text(&ping(i));
    let _: serde_json::Value = s.next_within(Duration::from_secs(10)).expect("an echo");
}

/// Reads whatever is waiting on a socket (untimed).
fn drain(s: &mut Socket) {
    while s
        .next_within::<serde_json::Value>(Duration::from_millis(1))
        .is_some()
    {}
}

fn send_message(s: &mut Socket, id: &str) -> ClientMsgId {
    let id = ClientMsgId::parse(id).expect("id");
    s.send(&ClientFrame::Send {
        id: id.clone(),
        text: format!("benchmark message {id}"),
        file: None,
    });
    id
}

fn latency(w: &Worker, password: &str) -> String {
    // Baselines: a bare object that echoes, stores then echoes, or relays.
    let (r50, r99) = series(&mut echo_socket(w, "echo"), echo_round, |_| {});
    let (d50, d99) = series(&mut echo_socket(w, "store"), echo_round, |_| {});
    let mut pair = (echo_socket(w, "relay"), echo_socket(w, "relay"));
    let (x50, x99) = series(
        &mut pair,
        |(a, b), i| {
            a.send_text(&ping(i));
            let _: serde_json::Value = b.next_within(Duration::from_secs(10)).expect("relayed");
        },
        |(a, _)| drain(a),
    );

    // Canal: a visitor and an operator on one conversation.
    let v = visitor(w, "demo");
    let ana = login(w, "ana@example.com", password);
    let url = |path: String| w.ws_url(&path);
    let mut vs = connect(&url(format!(
        "/ws/visitor?conversation={}&token={}",
        v.conversation, v.token
    )))
    .expect("visitor socket");
    let mut os = connect(&url(format!(
        "/ws/operator?conversation={}&token={}",
        v.conversation, ana.token
    )))
    .expect("operator socket");
    for s in [&mut vs, &mut os] {
        s.spin();
        s.send(&ClientFrame::Hello {
            version: PROTOCOL_VERSION,
            after: Seq(0),
        });
        assert!(matches!(s.frame(), ServerFrame::Welcome { .. }));
    }
    let mut sockets = (vs, os);
    // The sender's ack: validated, stored once, acknowledged.
    let (a50, a99) = series(
        &mut sockets,
        |(vs, _), i| {
            let id = send_message(vs, &format!("a{i}"));
            vs.until("the ack", |f| match f {
                ServerFrame::Ack { id: got, .. } if *got == id => Some(()),
                _ => None,
            });
        },
        |(_, os)| drain(os),
    );
    // The operator's copy: stored, acknowledged and relayed.
    let (c50, c99) = series(
        &mut sockets,
        |(vs, os), i| {
            let id = send_message(vs, &format!("b{i}"));
            os.until("the message at the operator", |f| match f {
                ServerFrame::Message { message } if message.id == id => Some(()),
                _ => None,
            });
        },
        |(vs, _)| drain(vs),
    );
    format!(
        "### Message latency ({MESSAGES} messages each, sequential, after {WARM_UP} warm-up)\n\n\
         | path | p50 | p99 |\n|---|---:|---:|\n\
         | raw Durable Object echo (one socket, round trip) | {r50:.2} ms | {r99:.2} ms |\n\
         | raw Durable Object relay (socket A → socket B) | {x50:.2} ms | {x99:.2} ms |\n\
         | raw Durable Object echo after one SQL insert | {d50:.2} ms | {d99:.2} ms |\n\
         | Canal visitor → own ack (validate, store once, ack) | {a50:.2} ms | {a99:.2} ms |\n\
         | Canal visitor → operator (store, ack, relay to the operator) | {c50:.2} ms | {c99:.2} ms |\n\
         | **ratio Canal / echo** | **{:.2}×** | {:.2}× |\n\
         | ratio Canal / echo after one SQL insert | {:.2}× | {:.2}× |\n",
        c50 / r50,
        c99 / r99,
        c50 / d50,
        c99 / d99
    )
}
