//! An operator of the load: accepts from their inbox every conversation
//! offered to them.

use std::collections::HashSet;
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::{Duration, Instant};

use canal_shared::backoff::Backoff;
use canal_shared::ids::ConversationId;
use canal_shared::protocol::{ConversationSummary, InboxFrame, HEARTBEAT_MS};
use serde_json::json;

use super::net::{call_through, poll, redial_delay, Link};
use super::Shared;

/// The address the operators work from.
pub(super) const OFFICE: &str = "10.16.0.0";

/// Accepts every conversation offered to this operator, from their inbox.
pub(super) fn operator(token: String, user: String, shared: Arc<Shared>) {
    let path = format!("/ws/inbox?token={token}");
    let mut link: Option<Link> = None;
    let mut accepted: HashSet<ConversationId> = HashSet::new();
    let mut backoff = Backoff::default();
    // Like the console, ping every HEARTBEAT_MS, or the inbox closes the
    // socket and the operator goes offline.
    let mut next_ping = Instant::now();
    while !shared.done.load(Ordering::Relaxed) {
        let Some(l) = link.as_mut() else {
            match Link::dial(&shared.ws_url(&path), OFFICE) {
                Ok(mut l) => {
                    let presence = json!({"type": "set_presence", "presence": "online"});
                    let _ = l.send(presence.to_string());
                    link = Some(l);
                    backoff.reset();
                }
                Err(e) => {
                    if !shared.in_outage() {
                        shared.error("an inbox did not open".into(), e);
                    }
                    std::thread::sleep(redial_delay(&mut backoff));
                }
            }
            continue;
        };
        if Instant::now() >= next_ping {
            let _ = l.send("ping".into());
            next_ping = Instant::now() + Duration::from_millis(HEARTBEAT_MS as u64);
        }
        poll(&[l], Duration::from_millis(100));
        let mut offers: Vec<ConversationSummary> = Vec::new();
        loop {
            match l.read() {
                Ok(Some(text)) if text == "pong" => {}
                Ok(Some(text)) => match serde_json::from_str::<InboxFrame>(&text) {
                    Ok(InboxFrame::Snapshot { conversations, .. }) => offers.extend(conversations),
                    Ok(InboxFrame::Upsert { conversation }) => offers.push(conversation),
                    Ok(_) => {}
                    Err(_) => shared.error("an inbox frame that does not parse".into(), text),
                },
                Ok(None) => break,
                Err(e) => {
                    if !shared.in_outage() {
                        shared.error("an inbox dropped".into(), e);
                    }
                    link = None;
                    break;
                }
            }
        }
        for c in offers {
            let mine = c.operator.as_ref().is_some_and(|o| o.id.as_str() == user);
            let offered = c.offered.iter().any(|u| u.as_str() == user);
            if accepted.contains(&c.id) || !(mine || offered) {
                continue;
            }
            if !mine {
                let (status, res) = call_through(
                    &shared,
                    OFFICE,
                    "POST",
                    "/api/conversations/accept",
                    Some(&token),
                    &json!({"channel": "demo", "conversation": c.id}),
                );
                if status == 409 {
                    continue;
                }
                if status != 200 {
                    shared.error(format!("accept: {status}"), res.to_string());
                    continue;
                }
            }
            accepted.insert(c.id.clone());
            shared
                .assigned
                .lock()
                .expect("assigned lock")
                .insert(c.id, token.clone());
        }
    }
}
