//! `/api/ledger/*`: the conversation list with its figures, its CSV export,
//! a channel's statistics and the message log's search (R-KPI-4, R-CH-6),
//! for admins and supervisors. Each channel's ledger answers for its own
//! conversations; a question about several channels is asked of each and
//! merged here.

use canal_shared::ids::ChannelId;
use canal_shared::ledger::{
    csv_header, csv_line, fill_days, may_read, merge_hits, merge_pages, ConversationPage,
    ConversationRecord, DayStats, ListQuery, SearchQuery, SearchResults, StatsQuery, MAX_EXPORT,
    MAX_PAGE,
};
use worker::{Env, Request, Response};

use super::common::{bearer, channel_param, query, session};
use crate::account::SessionInfo;
use crate::failure::{ApiResult, Failure};
use crate::internal::{call, json};

/// The signed-in reader, who must be an admin or a supervisor.
async fn reader(req: &Request, env: &Env) -> ApiResult<SessionInfo> {
    let (_, info) = session(env, bearer(req)?).await?;
    may_read(info.user.role, &info.supervises).map_err(|e| Failure::forbidden(e.to_string()))?;
    Ok(info)
}

/// The channels a question covers: the one asked for (if the reader sees
/// it), or every channel the reader sees.
fn channels(info: &SessionInfo, asked: Option<&ChannelId>) -> ApiResult<Vec<ChannelId>> {
    // R-KPI-3: a supervisor sees the channels of the people they supervise.
    match asked {
        Some(c) if info.readable().any(|s| &s.id == c) => Ok(vec![c.clone()]),
        Some(_) => Err(Failure::forbidden(
            "you do not see this channel: you are not in its queue and nobody you supervise is",
        )),
        None => Ok(info.readable().map(|c| c.id.clone()).collect()),
    }
}

fn list_query(req: &Request) -> ApiResult<ListQuery> {
    let url = req.url()?;
    let pairs: Vec<(String, String)> = url.query_pairs().into_owned().collect();
    ListQuery::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))
        .map_err(|e| Failure::bad_request(e.to_string()))
}

/// One page of the list over `channels`.
async fn page(env: &Env, channels: &[ChannelId], q: &ListQuery) -> ApiResult<ConversationPage> {
    let mut pages = Vec::with_capacity(channels.len());
    for c in channels {
        pages.push(call(env, "LEDGER", c.as_str(), "/list", q).await?);
    }
    Ok(merge_pages(q, pages))
}

/// `GET /api/ledger/conversations?channel=&operator=&from=&to=&late=&sort=&dir=&after=&limit=`.
pub async fn conversations(req: &Request, env: &Env) -> ApiResult<Response> {
    let info = reader(req, env).await?;
    let q = list_query(req)?;
    let channels = channels(&info, q.channel.as_ref())?;
    json(&page(env, &channels, &q).await?)
}

/// `GET /api/ledger/conversations.csv?…`: every row of the filtered list
/// (up to [`MAX_EXPORT`]), in its order.
pub async fn export(req: &Request, env: &Env) -> ApiResult<Response> {
    let info = reader(req, env).await?;
    let mut q = list_query(req)?;
    let channels = channels(&info, q.channel.as_ref())?;
    q.limit = MAX_PAGE;
    q.after = None;
    let mut csv = csv_header();
    let mut written: u32 = 0;
    loop {
        let p = page(env, &channels, &q).await?;
        let rows: &[ConversationRecord] = &p.rows;
        for r in rows {
            csv.push_str(&csv_line(r));
        }
        written += rows.len() as u32;
        match p.next {
            Some(next) if written < MAX_EXPORT => q.after = Some(next),
            _ => break,
        }
    }
    let mut res = Response::ok(csv)?;
    let headers = res.headers_mut();
    headers.set("content-type", "text/csv; charset=utf-8")?;
    headers.set(
        "content-disposition",
        "attachment; filename=\"conversations.csv\"",
    )?;
    Ok(res)
}

/// `GET /api/ledger/stats?channel=&from=&to=`: a channel's days.
pub async fn stats(req: &Request, env: &Env) -> ApiResult<Response> {
    let info = reader(req, env).await?;
    let channel = channel_param(req)?;
    channels(&info, Some(&channel))?;
    let from = query(req, "from")?.unwrap_or_default();
    let to = query(req, "to")?.unwrap_or_default();
    let q = StatsQuery::new(&from, &to).map_err(|e| Failure::bad_request(e.to_string()))?;
    let days: Vec<DayStats> = call(env, "LEDGER", channel.as_str(), "/stats", &q).await?;
    json(&fill_days(&q, days))
}

/// `GET /api/ledger/search?text=&channel=`: the newest messages with every
/// word, in the channels the reader sees; for a number, the conversation
/// given it too (R-KPI-3).
pub async fn search(req: &Request, env: &Env) -> ApiResult<Response> {
    let info = reader(req, env).await?;
    let channel = match query(req, "channel")?.filter(|c| !c.is_empty()) {
        Some(c) => Some(ChannelId::parse(&c).map_err(|e| Failure::bad_request(e.to_string()))?),
        None => None,
    };
    let q = SearchQuery {
        text: query(req, "text")?.unwrap_or_default(),
        channel: channel.clone(),
    };
    q.check().map_err(|e| Failure::bad_request(e.to_string()))?;
    let mut results = Vec::new();
    for c in channels(&info, channel.as_ref())? {
        let r: SearchResults = call(env, "LEDGER", c.as_str(), "/search", &q).await?;
        results.push(r);
    }
    json(&merge_hits(results))
}
