//! The admins' calls for a channel's automatic actions (R-AA-1…5, R-WH-2,
//! R-QA-2): greeting, out-of-hours reply, no-answer reply, timeout and the
//! wait for the rating.
//!
//! Bodies are [`AutomationConfig`]; the worker answers 403 to anyone but an
//! admin, and 400 with a message the admin can act on when settings are
//! refused.

use canal_shared::automation::AutomationConfig;
use canal_shared::ids::ChannelId;

use crate::api::{call, parse, Failure};

/// `GET /api/automation?channel=`: `channel`'s automatic actions and its
/// working hours (`None`: always open).
pub async fn automation(token: &str, channel: &ChannelId) -> Result<AutomationConfig, Failure> {
    let channel = String::from(js_sys::encode_uri_component(channel.as_str()));
    let path = format!("/api/automation?channel={channel}");
    let text = call("GET", &path, Some(token), None).await?;
    parse(&text)
}

/// `POST /api/automation`: replaces a channel's automatic actions (and its
/// working hours, sent back as read); the answer is what was saved. A 400
/// says what is wrong.
pub async fn save_automation(
    token: &str,
    config: &AutomationConfig,
) -> Result<AutomationConfig, Failure> {
    let body = serde_json::to_string(config).map_err(|e| Failure::unwritten(&e))?;
    let text = call("POST", "/api/automation", Some(token), Some(&body)).await?;
    parse(&text)
}
