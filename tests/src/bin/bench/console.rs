//! The operators' console from its sign-in page to a listed inbox, in
//! headless Chromium with a new profile for every load (nothing cached):
//! navigation → the sign-in form drawn (the console's `canal:login-ready`
//! mark), and the click on "Sign in" → the inbox listed (its
//! `canal:inbox-listed` mark at the first snapshot). Both on the page's own
//! clock; the demo operator has a few conversations in the list.

use canal_tests::browser::Driver;
use canal_tests::worker::{Demo, Worker};
use serde_json::json;

use crate::summarize;

/// Loads measured.
const LOADS: usize = 10;

/// The click on the sign-in button, on the page's clock.
const MARK_CLICK: &str = "window.canalT0 = null; addEventListener('pointerdown', e => { if (window.canalT0 === null) window.canalT0 = e.timeStamp; }, true);";

/// `[login-ready, click, inbox-listed]` in ms since navigation, or null
/// until the inbox is listed.
const TIMES: &str = "const m = n => { const e = performance.getEntriesByName(n)[0]; return e ? e.startTime : null; }; const l = m('canal:inbox-listed'); return l === null ? null : [m('canal:login-ready'), window.canalT0, l];";

/// The report's section.
pub fn report(w: &Worker, demo: &Demo) -> String {
    let driver = Driver::start();
    let (mut form, mut listed) = (Vec::new(), Vec::new());
    for _ in 0..LOADS {
        let b = driver.browser();
        b.goto(&w.url("/console/"));
        b.run(MARK_CLICK, json!([]));
        b.type_into(&b.wait_for("[data-testid=login-email]"), "ana@example.com");
        b.type_into(
            &b.wait_for("[data-testid=login-password]"),
            &demo.admin.password,
        );
        b.click(&b.wait_for("[data-testid=login-submit]"));
        let times = b.wait("the inbox to be listed", || {
            let v = b.run(TIMES, json!([]));
            let t: Option<Vec<f64>> = serde_json::from_value(v).ok();
            t
        });
        form.push(times[0]);
        listed.push(times[2] - times[1]);
    }
    let (form, listed) = (summarize(form), summarize(listed));
    format!(
        "### The console: sign-in page → inbox listed ({LOADS} loads, new profile each)\n\n\
         | step | median | p99 |\n|---|---:|---:|\n\
         | navigation → sign-in form drawn | {:.0} ms | {:.0} ms |\n\
         | click on Sign in → inbox listed | {:.0} ms | {:.0} ms |\n\n",
        form.0, form.1, listed.0, listed.1
    )
}
