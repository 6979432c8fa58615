//! Opening the widget as a site embeds it: the host page on another site
//! than the worker (`localhost` vs `127.0.0.1`), third-party storage
//! blocked, a new browser profile for every load (nothing cached, no
//! session saved). Every figure of one report comes from one run.
//!
//! - What a page view costs before any interaction, for each preload mode:
//!   what the host page fetched from Canal (gzip -9 of each part), and the
//!   host page's main-thread time (`Performance.getMetrics`' `TaskDuration`)
//!   over the same page without the widget. A cross-site frame runs in a
//!   renderer process of its own, so the frame's own work (preload `idle`)
//!   is not in that column; its bytes are.
//! - Click → usable composer (the composer has the keyboard focus): with
//!   warning (the pointer rested on the launcher 150 ms before the click)
//!   and without (the launcher gets the focus and Enter at once). The
//!   user's event is timed in the host page, the focus in the frame, on
//!   the clock both documents share (`timeOrigin + timeStamp`).

use std::time::Duration;

use canal_tests::browser::{Driver, ENTER};
use canal_tests::host::{Host, Page};
use canal_tests::worker::{root, Worker};
use serde_json::{json, Value};

use crate::{gzip_len, kb, summarize};

/// Page views per preload mode, and opens per way of opening.
const LOADS: usize = 10;
const OPENS: usize = 20;
/// How long a page sits before its cost is read.
const SETTLE: Duration = Duration::from_millis(3000);

/// Records, in the host page, the time of the visitor's first pointer
/// press or Enter.
const MARK_USER: &str = "window.canalT0 = null; const at = e => { if (window.canalT0 === null) window.canalT0 = performance.timeOrigin + e.timeStamp; }; addEventListener('pointerdown', at, true); addEventListener('keydown', e => e.key === 'Enter' && at(e), true);";

/// Records, in the frame, when the composer first has the focus (`null` if
/// it already had it: the watch came too late). Polled every millisecond or
/// so, and at each focus event.
const MARK_USABLE: &str = "if (window.canalUsable === undefined) { const c = () => document.getElementById('canal-composer'); const has = () => c() && document.activeElement === c(); window.canalUsable = has() ? null : 0; const seen = t => { if (window.canalUsable === 0 && has()) window.canalUsable = t; }; document.addEventListener('focusin', e => seen(performance.timeOrigin + e.timeStamp), true); (function poll() { seen(performance.timeOrigin + performance.now()); if (window.canalUsable === 0) setTimeout(poll, 1); })(); }";

/// Whether the frame's own document (not the first blank one) is loaded.
const FRAME_READY: &str =
    "return document.readyState === 'complete' && !!document.getElementById('canal-composer');";

pub fn report(w: &Worker) -> String {
    let driver = Driver::start();
    let mut s = String::from(
        "### Opening the widget, the host page on another site (third-party storage blocked)\n\n\
         Before any interaction, median of page views (new profile each):\n\n\
         | preload | fetched from Canal | gzip -9 | host main thread added |\n|---|---|---:|---:|\n",
    );
    let bare = median_task_ms(
        &driver,
        &Host::start(Page::new(&w.url(""), "demo").without_widget()),
    );
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
        let task = median_task_ms(&driver, &host) - bare;
        s.push_str(&format!(
            "| {mode} | {} | {} | {task:+.1} ms |\n",
            names.join(", "),
            kb(bytes)
        ));
    }
    let host = Host::start(Page::new(&w.url(""), "demo"));
    let warned = opens(&driver, &host, true);
    let unwarned = opens(&driver, &host, false);
    s.push_str(&format!(
        "\nClick → usable composer ({OPENS} opens each, new profile each):\n\n\
         | how | median | p99 | late listener |\n|---|---:|---:|---:|\n\
         | pointer on the launcher 150 ms before the click | {:.0} ms | {:.0} ms | {} |\n\
         | no warning: focus and Enter at once | {:.0} ms | {:.0} ms | {} |\n\n",
        warned.0, warned.1, warned.2, unwarned.0, unwarned.1, unwarned.2
    ));
    s
}

/// Median over [`LOADS`] fresh page views of the host page's main-thread
/// task time, in milliseconds, after [`SETTLE`].
fn median_task_ms(driver: &Driver, host: &Host) -> f64 {
    let times = (0..LOADS)
        .map(|_| {
            let b = driver.browser();
            b.cdp("Performance.enable", json!({}));
            b.goto(&host.url("/"));
            b.pause(SETTLE);
            let m = b.cdp("Performance.getMetrics", json!({}));
            let task = m["metrics"]
                .as_array()
                .and_then(|a| a.iter().find(|x| x["name"] == "TaskDuration"))
                .and_then(|x| x["value"].as_f64())
                .expect("TaskDuration");
            task * 1000.0
        })
        .collect();
    summarize(times).0
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

/// [`OPENS`] opens: median and p99 click → usable composer, and how many
/// opens had to be left out because the frame's listener came too late.
fn opens(driver: &Driver, host: &Host, warned: bool) -> (f64, f64, usize) {
    let mut times = Vec::new();
    let mut late = 0;
    for _ in 0..OPENS {
        let b = driver.browser();
        b.goto(&host.url("/"));
        let launcher = b.wait("the launcher", || b.in_loader("canal-launcher"));
        b.run(MARK_USER, json!([]));
        if warned {
            b.hover(&launcher);
            // Ready to listen in the frame before the click.
            let frame = b.wait("the frame", || b.in_loader("canal-frame"));
            b.enter_frame(&frame);
            b.wait("the frame's document", || {
                (b.run(FRAME_READY, json!([])) == json!(true)).then_some(())
            });
            b.run(MARK_USABLE, json!([]));
            b.leave_frames();
            b.pause(Duration::from_millis(150));
            b.click(&launcher);
        } else {
            b.run("arguments[0].focus();", json!([launcher.to_json()]));
            b.press(ENTER);
        }
        let frame = b.wait("the frame", || b.in_loader("canal-frame"));
        b.enter_frame(&frame);
        b.wait("the frame's document", || {
            (b.run(
                "return document.readyState !== 'loading' && location.href !== 'about:blank';",
                json!([]),
            ) == json!(true))
            .then_some(())
        });
        b.run(MARK_USABLE, json!([]));
        let usable = b.wait("a usable composer", || {
            let v = b.run("return window.canalUsable;", json!([]));
            match v {
                Value::Null => Some(None),
                v => v.as_f64().filter(|&t| t > 0.0).map(Some),
            }
        });
        b.leave_frames();
        let t0 = b
            .run("return window.canalT0;", json!([]))
            .as_f64()
            .expect("the click's time");
        match usable {
            Some(t) => times.push(t - t0),
            None => late += 1,
        }
    }
    assert!(!times.is_empty(), "every open came before its listener");
    let (p50, p99) = summarize(times);
    (p50, p99, late)
}
