//! The admins' calls for a channel's response-time limits (R-KPI-1…3).
//! Bodies are [`KpiConfig`]; a 400 says what is wrong in the admin's words.

use canal_shared::ids::ChannelId;
use canal_shared::kpi::KpiConfig;

use crate::admin::post;
use crate::api::{call, parse, Failure};

/// `GET /api/kpi?channel=`: the channel's limits.
pub async fn kpi(token: &str, channel: &ChannelId) -> Result<KpiConfig, Failure> {
    let channel = String::from(js_sys::encode_uri_component(channel.as_str()));
    let text = call(
        "GET",
        &format!("/api/kpi?channel={channel}"),
        Some(token),
        None,
    )
    .await?;
    parse(&text)
}

/// `POST /api/kpi`: replaces the channel's limits; the answer is what was
/// saved.
pub async fn save_kpi(token: &str, config: &KpiConfig) -> Result<KpiConfig, Failure> {
    post(token, "/api/kpi", config).await
}
