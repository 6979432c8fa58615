//! Opening the widget as a site embeds it: the host page on another site
//! than the worker (`localhost` vs `127.0.0.1`), third-party storage
//! blocked, a new browser profile for every load (nothing cached, no
//! session saved). Every figure of one report comes from one run.
//!
//! - What a page view costs before any interaction, for each preload mode:
//!   what the host page fetched from Canal (gzip -9 of each part), and the
//!   host page's main-thread time (`Performance.getMetrics`' `TaskDuration`
//!   in thread CPU time) over the same page without the widget, the two
//!   loaded in turn. A cross-site frame runs in a
//!   renderer process of its own, so the frame's own work (preload `idle`)
//!   is not in that column; its bytes are.
//! - Click → usable composer (the composer has the keyboard focus): with
//!   warning (the pointer rested on the launcher 150 ms before the click)
//!   and without (the launcher gets the focus and Enter at once). The
//!   user's event is timed in the host page, the focus by the widget's own
//!   `canal:usable` mark in the frame, on the clock both documents share
//!   (`timeOrigin` plus the event's or entry's time).

use std::time::Duration;

use canal_tests::browser::{Driver, ENTER};
use canal_tests::host::{Host, Page};
use canal_tests::worker::{root, Worker};
use serde_json::json;

use crate::{gzip_len, kb, summarize};

/// Page views per preload mode, and opens per way of opening.
const LOADS: usize = 10;
const OPENS: usize = 20;
/// How long a page sits before its cost is read.
const SETTLE: Duration = Duration::from_millis(3000);

/// Records, in the host page, the time of the visitor's first pointer
/// press or Enter.
const MARK_USER: &str = "window.canalT0 = null; const at = e => { if (window.canalT0 === null) window.canalT0 = performance.timeOrigin + e.timeStamp; }; addEventListener('pointerdown', at, true); addEventListener('keydown', e => e.key === 'Enter' && at(e), true);";

/// In the frame: the milliseconds, on the clock both documents share,
/// at which the widget's own `canal:usable` mark says the composer took
/// the focus, and at which the frame's document and its code arrived;
/// What the frame shows of its focus, when no usable composer came.
const STATE: &str = "const a = document.activeElement; return { focused: document.hasFocus(), active: a && (a.id || a.tagName), early: !!document.getElementById('canal-early'), composer: !!document.getElementById('canal-composer'), marks: performance.getEntriesByType('mark').map(m => m.name) };";

/// `null` until the mark is there.
const USABLE: &str = "const m = performance.getEntriesByName('canal:usable')[0]; if (!m) return null; const o = performance.timeOrigin, r = n => { const e = performance.getEntriesByType('resource').find(e => e.name.includes(n)); return e ? o + e.responseEnd : null; }; return { start: o, html: o + performance.getEntriesByType('navigation')[0].responseEnd, wasm: r('.wasm'), usable: o + m.startTime };";

pub fn report(w: &Worker) -> String {
    let driver = Driver::start();
    let mut s = String::from(
        "### Opening the widget, the host page on another site (third-party storage blocked)\n\n\
         Before any interaction, median of page views (new profile each):\n\n\
         | preload | fetched from Canal | gzip -9 | host main thread added |\n|---|---|---:|---:|\n",
    );
    let bare = Host::start(Page::new(&w.url(""), "demo").without_widget());
    for (mode, page) in [
        ("intent (default)", Page::new(&w.url(""), "demo")),
        (
            "idle",
            Page::new(&w.url(""), "demo").data("preload", "idle"),
        ),
        ("off", Page::new(&w.url(""), "demo").data("preload", "off")),
    ] {
        let host = Host::start(page);
        let (names, bytes) = fetched(&driver, &host, w);
        let task = added_task_ms(&driver, &bare, &host);
        s.push_str(&format!(
            "| {mode} | {} | {} | {task:+.1} ms |\n",
            names.join(", "),
            kb(bytes)
        ));
    }
    let host = Host::start(Page::new(&w.url(""), "demo"));
    s.push_str(&format!(
        "\nClick → usable composer ({OPENS} opens each, new profile each; the \
         widget's `canal:usable` mark), with the medians of when the frame's \
         document and its code had arrived:\n\n\
         | how | median | p99 | frame's document | widget's code |\n|---|---:|---:|---:|---:|\n"
    ));
    for (how, warned) in [
        ("pointer on the launcher 150 ms before the click", true),
        ("no warning: focus and Enter at once", false),
    ] {
        let o = opens(&driver, &host, warned);
        s.push_str(&format!(
            "| {how} | {:.0} ms | {:.0} ms | {:.0} ms | {:.0} ms |\n",
            o.usable.0, o.usable.1, o.html, o.wasm
        ));
    }
    s.push('\n');
    s
}

/// The host page's main-thread time (`TaskDuration` in the thread's own
/// CPU time, so another process's load does not count) that the widget
/// adds: the median over [`LOADS`] pairs of fresh page views, one with and
/// one without it, taken in turn so both see the same machine.
fn added_task_ms(driver: &Driver, bare: &Host, host: &Host) -> f64 {
    let task = |host: &Host| {
        let b = driver.browser();
        b.cdp("Performance.enable", json!({ "timeDomain": "threadTicks" }));
        b.goto(&host.url("/"));
        b.pause(SETTLE);
        let m = b.cdp("Performance.getMetrics", json!({}));
        let task = m["metrics"]
            .as_array()
            .and_then(|a| a.iter().find(|x| x["name"] == "TaskDuration"))
            .and_then(|x| x["value"].as_f64())
            .expect("TaskDuration");
        task * 1000.0
    };
    let added = (0..LOADS).map(|_| task(host) - task(bare)).collect();
    summarize(added).0
}

/// What a page view fetched from Canal before any interaction (the host
/// page's resource entries; a frame brings the widget's code with it), and
/// those parts' gzip -9 bytes.
fn fetched(driver: &Driver, host: &Host, w: &Worker) -> (Vec<String>, usize) {
    let b = driver.browser();
    b.goto(&host.url("/"));
    b.pause(SETTLE);
    let names: Vec<String> = serde_json::from_value(b.run(
        "return performance.getEntriesByType('resource').map(e => e.name).filter(n => n.startsWith(arguments[0])).map(n => { const u = new URL(n); return u.pathname + u.search; });",
        json!([w.url("")]),
    ))
    .expect("resource names");
    let dist = root().join("dist");
    let mut bytes = 0;
    let mut shown = Vec::new();
    for name in &names {
        let parts: &[&str] = match name.split('?').next().unwrap_or_default() {
            "/widget.js" => &["widget.js"],
            "/widget/frame.html" => &[
                "widget/frame.html",
                "widget/canal_widget.js",
                "widget/canal_widget_bg.wasm",
            ],
            _ => &[],
        };
        for p in parts {
            bytes += gzip_len(&dist.join(p));
        }
        if parts.is_empty() {
            // An API answer: its body as served.
            let body = ureq::get(&w.url(name))
                .call()
                .ok()
                .and_then(|r| r.into_string().ok())
                .unwrap_or_default();
            let tmp = root().join("target/bench-answer.json");
            std::fs::write(&tmp, body).expect("write the answer");
            bytes += gzip_len(&tmp);
            let path = name.split('?').next().unwrap_or(name);
            shown.push(format!("`{path}`"));
        } else if parts.len() > 1 {
            shown.push("the frame and the widget's code".into());
        } else {
            shown.push(format!("`{name}`"));
        }
    }
    (shown, bytes)
}

/// What [`opens`] measured, in milliseconds from the visitor's event.
struct Opens {
    /// Median and p99 to a usable composer.
    usable: (f64, f64),
    /// Median to the frame's document, and to the widget's code.
    html: f64,
    wasm: f64,
}

/// [`OPENS`] opens, each in a new profile.
fn opens(driver: &Driver, host: &Host, warned: bool) -> Opens {
    let (mut usable, mut html, mut wasm) = (Vec::new(), Vec::new(), Vec::new());
    for i in 0..OPENS {
        let b = driver.browser();
        b.goto(&host.url("/"));
        let launcher = b.wait("the launcher", || b.in_loader("canal-launcher"));
        b.run(MARK_USER, json!([]));
        if warned {
            b.hover(&launcher);
            b.pause(Duration::from_millis(150));
            b.click(&launcher);
        } else {
            b.run("arguments[0].focus();", json!([launcher.to_json()]));
            b.press(ENTER);
        }
        let frame = b.wait("the frame", || b.in_loader("canal-frame"));
        b.enter_frame(&frame);
        let t = canal_tests::wait::until("a usable composer", || {
            let v = b.run(USABLE, json!([]));
            (!v.is_null()).then_some(v)
        })
        .unwrap_or_else(|e| {
            let state = b.run(STATE, json!([]));
            panic!(
                "{e} ({} open {i} of {OPENS}; the frame: {state})",
                if warned { "warned" } else { "unwarned" }
            )
        });
        b.leave_frames();
        let t0 = b
            .run("return window.canalT0;", json!([]))
            .as_f64()
            .expect("the click's time");
        let at = |k: &str| t[k].as_f64().map(|x| x - t0);
        usable.push(at("usable").expect("the mark"));
        html.extend(at("html"));
        wasm.extend(at("wasm"));
    }
    Opens {
        usable: summarize(usable),
        html: summarize(html).0,
        wasm: summarize(wasm).0,
    }
}
