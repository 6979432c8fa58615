//! A Durable Object alarm that throws (`CANAL_FAULTS=alarm`).

use std::time::{Duration, Instant};

use canal_shared::protocol::{ServerFrame, Side};
use serde_json::json;

use crate::worker::Worker;

/// With the `alarm` fault injected (`CANAL_FAULTS=alarm` on `w`, and
/// `CANAL_MIN_DELAY_MS` at most 1000), a visitor's no-answer reply is due
/// one second after they write; the conversation's first alarm throws. The
/// reply must still come, once, after the runtime retried the alarm.
/// Returns how long after the visitor wrote it came.
pub fn alarm_fault_is_retried(w: &Worker, password: &str) -> Result<Duration, String> {
    let admin = crate::api::login(w, "admin@example.com", password);
    let settings = json!({
        "greeting": {"enabled": false, "text": null},
        "no_answer": {"action": "reply", "after_ms": 1000, "text": "Still looking for someone."},
        "out_of_hours": {"enabled": false, "text": null},
        "timeout": {"action": "off"},
        "rating": {"wait_ms": 600_000, "close_on_rating": true}
    });
    let (status, res) = crate::api::post(
        w,
        "/api/automation",
        Some(&admin.token),
        &json!({"channel": "demo", "settings": settings, "hours": null}),
    );
    if status != 200 {
        return Err(format!("saving the automation: {status} {res}"));
    }
    let v = crate::api::visitor(w, "demo");
    let mut s = crate::socket::connect(&w.ws_url(&format!(
        "/ws/visitor?conversation={}&token={}",
        v.conversation, v.token
    )))
    .map_err(|status| format!("the visitor socket: {status}"))?;
    crate::scenario::hello(&mut s);
    let wrote = Instant::now();
    crate::scenario::send(&mut s, "v1", "Is anyone there?");
    let mut replies = Vec::new();
    while wrote.elapsed() < Duration::from_secs(90) {
        if let Some(ServerFrame::Message { message }) =
            s.next_within::<ServerFrame>(Duration::from_millis(200))
        {
            if message.side == Side::System {
                replies.push((message.text, wrote.elapsed()));
            }
        }
        if !replies.is_empty() && wrote.elapsed() > replies[0].1 + Duration::from_secs(5) {
            break;
        }
    }
    let thrown = w.log().matches("injected fault").count();
    match replies.as_slice() {
        [(text, after)] if text == "Still looking for someone." && thrown >= 1 => Ok(*after),
        _ => Err(format!(
            "expected the no-answer reply once after {thrown} thrown alarm(s); got {replies:?}"
        )),
    }
}
