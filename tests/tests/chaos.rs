//! The short version of `cargo xtask chaos` (R-D-1): kill -9 of workerd
//! under a small load, and a Durable Object alarm that throws.

use std::time::Duration;

use canal_tests::cases;
use canal_tests::load::{alarm_fault_is_retried, run, Plan};
use canal_tests::suite;
use canal_tests::worker::Worker;

fn main() {
    suite::run(
        || (),
        cases![
            acknowledged_messages_survive_kill_9_under_load_once_each(),
            an_alarm_that_throws_is_retried_and_keeps_its_timer(),
        ],
    )
}

// R-D-1: every acknowledged message is in its conversation once and in
// order, clients reconnect and resume, and what they wrote while the worker
// was down arrives once.
fn acknowledged_messages_survive_kill_9_under_load_once_each() {
    let w = Worker::start();
    let demo = w.setup("demo");
    let plan = Plan {
        conversations: 20,
        operators: 4,
        duration: Duration::from_secs(20),
        ramp: Duration::from_secs(2),
        every: Duration::from_secs(1),
        kill_at: Some(Duration::from_secs(8)),
    };
    let report = run(&w, &demo.admin.password, &plan);
    let text = report.markdown(&plan, "chaos suite");
    println!("{text}");
    assert!(report.clean(&plan), "{text}");
    assert!(
        report.reconnects >= plan.conversations as u64,
        "the kill reached the clients: {text}"
    );
    assert!(
        !report.outage_latencies.is_empty(),
        "messages were written during the outage and arrived: {text}"
    );
}

// A Durable Object's alarm that throws is retried and its timer is kept.
fn an_alarm_that_throws_is_retried_and_keeps_its_timer() {
    let w = Worker::start_with(&[("CANAL_FAULTS", "alarm"), ("CANAL_MIN_DELAY_MS", "1000")]);
    let demo = w.setup("demo");
    let after = alarm_fault_is_retried(&w, &demo.admin.password).unwrap_or_else(|e| panic!("{e}"));
    assert!(
        after > Duration::from_millis(1000),
        "the reply waited for its time and the retry ({after:?})"
    );
}
