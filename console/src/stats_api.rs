//! The supervisors' calls: the conversation list with its response times,
//! its CSV, a channel's statistics and the message log's search (R-KPI-4,
//! R-CH-6). Queries are the worker's query strings; answers are the types
//! of [`canal_shared::ledger`].

use canal_shared::ids::ChannelId;
use canal_shared::ledger::{ChannelStats, ConversationPage, SearchResults};

use crate::api::{call, parse, Failure};

fn encode(s: &str) -> String {
    String::from(js_sys::encode_uri_component(s))
}

/// A query string of the pairs with a value.
pub fn query(pairs: &[(&str, String)]) -> String {
    pairs
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| format!("{k}={}", encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// `GET /api/ledger/conversations?…`: one page.
pub async fn list(token: &str, query: &str) -> Result<ConversationPage, Failure> {
    let text = call(
        "GET",
        &format!("/api/ledger/conversations?{query}"),
        Some(token),
        None,
    )
    .await?;
    parse(&text)
}

/// `GET /api/ledger/conversations.csv?…`: every filtered row, as CSV.
pub async fn csv(token: &str, query: &str) -> Result<String, Failure> {
    call(
        "GET",
        &format!("/api/ledger/conversations.csv?{query}"),
        Some(token),
        None,
    )
    .await
}

/// `GET /api/ledger/stats?channel=&from=&to=`: the channel's days.
pub async fn stats(
    token: &str,
    channel: &ChannelId,
    from: &str,
    to: &str,
) -> Result<ChannelStats, Failure> {
    let q = query(&[
        ("channel", channel.to_string()),
        ("from", from.to_owned()),
        ("to", to.to_owned()),
    ]);
    let text = call("GET", &format!("/api/ledger/stats?{q}"), Some(token), None).await?;
    parse(&text)
}

/// `GET /api/ledger/search?text=`: the newest messages with every word.
pub async fn search(token: &str, text: &str) -> Result<SearchResults, Failure> {
    let q = query(&[("text", text.to_owned())]);
    let answer = call("GET", &format!("/api/ledger/search?{q}"), Some(token), None).await?;
    parse(&answer)
}
