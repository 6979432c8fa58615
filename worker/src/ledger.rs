//! One object per channel: its ledger of conversations (R-KPI-4), the daily
//! figures of its statistics page, and the search index of its message log
//! (R-CH-6). Rules and types are `canal_shared::ledger`.
//!
//! Off the message path: conversations send a record when a figure changes
//! (an answer measured, a status, a rating) and their new messages in
//! batches, both through their outbox; the ack never waits for it. Records
//! are rows with one indexed column per sort, so a page is an index range
//! however many conversations the channel had; the days' figures are
//! updated with each record's change, never recomputed.

use canal_shared::ids::ConversationId;
use canal_shared::ledger::{
    day_delta, ConversationPage, ConversationRecord, DayStats, Direction, IndexedMessage, Lateness,
    LedgerUpdate, ListQuery, SearchHit, SearchQuery, SearchResults, SortBy, StatsQuery, MAX_HITS,
};
use canal_shared::protocol::Side;
use canal_shared::time::Timestamp;
use serde::de::DeserializeOwned;
use serde::Deserialize;
use worker::{
    durable_object, DurableObject, Env, Request, Response, Result, SqlStorage, SqlStorageValue,
    State,
};

use crate::failure::{ApiResult, Failure};
use crate::internal::{internal_error, json, respond, to_json, NAME_HEADER};

/// Consecutive messages of a conversation sent to the index in one call.
pub const INDEX_BATCH: u64 = 10;

#[durable_object]
pub struct Ledger {
    sql: SqlStorage,
}

impl DurableObject for Ledger {
    fn new(state: State, _env: Env) -> Self {
        let sql = state.storage().sql();
        crate::schema::migrate(&state.storage(), &[&crate::schema::LEDGER]);
        Self { sql }
    }

    async fn fetch(&self, mut req: Request) -> Result<Response> {
        respond(self.route(&mut req).await)
    }
}

/// Reads an internal call's JSON (from the Worker or another object, never
/// from outside: they carry batches larger than the public API's bound).
async fn body<T: DeserializeOwned>(req: &mut Request) -> ApiResult<T> {
    req.json()
        .await
        .map_err(|e| Failure::bad_request(format!("invalid ledger call: {e}")))
}

/// `/number`: which conversation's number.
#[derive(serde::Serialize, Deserialize)]
pub struct NumberQuery {
    pub conversation: ConversationId,
}

/// Answer to `/number`.
#[derive(serde::Serialize, Deserialize)]
pub struct NumberAnswer {
    pub number: u64,
}

#[derive(Deserialize)]
struct Count {
    n: i64,
}

#[derive(Deserialize)]
struct Body {
    body: String,
}

#[derive(Deserialize)]
struct HitRow {
    text: String,
    author: String,
    conversation: String,
    seq: i64,
    side: String,
    at: i64,
}

impl Ledger {
    async fn route(&self, req: &mut Request) -> ApiResult<Response> {
        match req.path().as_str() {
            "/records" => {
                let records: Vec<ConversationRecord> = body(req).await?;
                for record in &records {
                    self.record(record)?;
                }
                json(&serde_json::json!({ "recorded": records.len() }))
            }
            // `/index` and `/record`: calls stored by an earlier version.
            "/record" => {
                let record: ConversationRecord = body(req).await?;
                self.record(&record)?;
                json(&serde_json::json!({}))
            }
            "/update" | "/index" => {
                let update: LedgerUpdate = body(req).await?;
                self.index(&update)?;
                if let Some(record) = &update.record {
                    self.record(record)?;
                }
                json(&serde_json::json!({}))
            }
            "/list" => json(&self.list(&body(req).await?)?),
            "/number" => {
                let asked: NumberQuery = body(req).await?;
                json(&NumberAnswer {
                    number: self.number(&asked.conversation)?,
                })
            }
            "/stats" => json(&self.stats(&body(req).await?)?),
            "/search" => {
                let name = req.headers().get(NAME_HEADER)?.unwrap_or_default();
                json(&self.search(&body(req).await?, &name)?)
            }
            _ => Err(Failure::not_found("no such ledger call")),
        }
    }

    /// The number of `conversation` in this channel (R-KPI-3's `#DIALOG#`):
    /// the one it was given, or the next one. One writer per channel, so two
    /// conversations never get the same number.
    fn number(&self, conversation: &ConversationId) -> ApiResult<u64> {
        #[derive(Deserialize)]
        struct Row {
            number: i64,
        }
        let id = conversation.to_string();
        let known: Option<Row> = self
            .sql
            .exec(
                "SELECT number FROM numbers WHERE conversation = ?",
                vec![id.clone().into()],
            )?
            .to_array::<Row>()?
            .into_iter()
            .next();
        let number = match known {
            Some(r) => r.number,
            None => {
                let next: Vec<Row> = self
                    .sql
                    .exec(
                        "INSERT INTO numbers (conversation, number) SELECT ?, COALESCE(MAX(number), 0) + 1 FROM numbers RETURNING number",
                        vec![id.into()],
                    )?
                    .to_array()?;
                next.first().map_or(0, |r| r.number)
            }
        };
        u64::try_from(number).map_err(internal_error)
    }

    /// Keeps a record unless a newer one is kept, and adds its change to
    /// its day (R-KPI-4).
    fn record(&self, r: &ConversationRecord) -> ApiResult<()> {
        let r = &ConversationRecord {
            number: Some(self.number(&r.id)?),
            ..r.clone()
        };
        let old: Option<ConversationRecord> = self
            .sql
            .exec(
                "SELECT body FROM records WHERE id = ?",
                vec![r.id.to_string().into()],
            )?
            .to_array::<Body>()?
            .into_iter()
            .next()
            .map(|b| serde_json::from_str(&b.body).map_err(internal_error))
            .transpose()?;
        if old.as_ref().is_some_and(|o| o.rev >= r.rev) {
            return Ok(());
        }
        let key = |s: SortBy| SqlStorageValue::from(r.sort_key(s));
        self.sql.exec(
            "INSERT INTO records (id, rev, operator, started_at, first_ms, total_ms, avg_ms, max_ms, late, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) \
             ON CONFLICT(id) DO UPDATE SET rev = excluded.rev, operator = excluded.operator, started_at = excluded.started_at, first_ms = excluded.first_ms, total_ms = excluded.total_ms, avg_ms = excluded.avg_ms, max_ms = excluded.max_ms, late = excluded.late, body = excluded.body",
            vec![
                r.id.to_string().into(),
                (r.rev as i64).into(),
                r.operator.as_ref().map(|o| o.id.to_string()).into(),
                key(SortBy::Started),
                key(SortBy::FirstResponse),
                key(SortBy::TotalResponse),
                key(SortBy::AverageResponse),
                key(SortBy::MaxResponse),
                key(SortBy::Late),
                to_json(r)?.into(),
            ],
        )?;
        let delta = day_delta(old.as_ref(), r);
        let mut day: DayStats = self
            .sql
            .exec(
                "SELECT body FROM days WHERE day = ?",
                vec![delta.day.clone().into()],
            )?
            .to_array::<Body>()?
            .into_iter()
            .next()
            .and_then(|b| serde_json::from_str(&b.body).ok())
            .unwrap_or_else(|| DayStats {
                day: delta.day.clone(),
                ..DayStats::default()
            });
        day.add(&delta);
        self.sql.exec(
            "INSERT INTO days (day, body) VALUES (?, ?) ON CONFLICT(day) DO UPDATE SET body = excluded.body",
            vec![day.day.clone().into(), to_json(&day)?.into()],
        )?;
        Ok(())
    }

    /// Adds messages to the log's index, each once however often it comes.
    fn index(&self, update: &LedgerUpdate) -> ApiResult<()> {
        for m in &update.messages {
            let conversation = m.conversation.to_string();
            let seq = m.seq as i64;
            let known = self
                .sql
                .exec(
                    "SELECT COUNT(*) AS n FROM indexed WHERE conversation = ? AND seq = ?",
                    vec![conversation.clone().into(), seq.into()],
                )?
                .to_array::<Count>()?
                .first()
                .is_some_and(|c| c.n > 0);
            if known {
                continue;
            }
            self.sql.exec(
                "INSERT INTO indexed (conversation, seq) VALUES (?, ?)",
                vec![conversation.clone().into(), seq.into()],
            )?;
            self.sql.exec(
                "INSERT INTO message_index (text, author, conversation, seq, side, at) VALUES (?, ?, ?, ?, ?, ?)",
                vec![
                    m.text.clone().into(),
                    m.author.clone().into(),
                    conversation.into(),
                    seq.into(),
                    side_name(m.side).into(),
                    m.at.0.into(),
                ],
            )?;
        }
        Ok(())
    }

    /// One page of the list, with the count of all that pass the filters.
    fn list(&self, q: &ListQuery) -> ApiResult<ConversationPage> {
        let mut filters: Vec<String> = Vec::new();
        let mut args: Vec<SqlStorageValue> = Vec::new();
        if let Some(op) = &q.operator {
            filters.push("operator = ?".into());
            args.push(op.to_string().into());
        }
        if let Some(from) = q.from {
            filters.push("started_at >= ?".into());
            args.push(from.0.into());
        }
        if let Some(to) = q.to {
            filters.push("started_at < ?".into());
            args.push(to.0.into());
        }
        match q.lateness {
            Lateness::Any => {}
            Lateness::Late => filters.push("late > 0".into()),
            Lateness::OnTime => filters.push("late = 0".into()),
        }
        let where_ = |extra: Option<&str>| {
            let all: Vec<&str> = filters.iter().map(String::as_str).chain(extra).collect();
            if all.is_empty() {
                String::new()
            } else {
                format!(" WHERE {}", all.join(" AND "))
            }
        };
        let total = self
            .sql
            .exec(
                &format!("SELECT COUNT(*) AS n FROM records{}", where_(None)),
                args.clone(),
            )?
            .to_array::<Count>()?
            .first()
            .map_or(0, |c| c.n.max(0) as u64);
        // The column and direction come from closed enums, never from input.
        let col = q.sort.column();
        let (dir, cmp) = match q.dir {
            Direction::Asc => ("ASC", ">"),
            Direction::Desc => ("DESC", "<"),
        };
        let cursor = format!("({col}, id) {cmp} (?, ?)");
        let mut page_args = args;
        if let Some(after) = &q.after {
            page_args.push(after.key.into());
            page_args.push(after.id.to_string().into());
        }
        let sql = format!(
            "SELECT body FROM records{} ORDER BY {col} {dir}, id {dir} LIMIT ?",
            where_(q.after.as_ref().map(|_| cursor.as_str()))
        );
        page_args.push(i64::from(q.limit + 1).into());
        let mut rows: Vec<ConversationRecord> = self
            .sql
            .exec(&sql, page_args)?
            .to_array::<Body>()?
            .into_iter()
            .map(|b| serde_json::from_str(&b.body).map_err(internal_error))
            .collect::<ApiResult<_>>()?;
        let more = rows.len() > q.limit as usize;
        rows.truncate(q.limit as usize);
        let next = more
            .then(|| rows.last())
            .flatten()
            .map(|r| canal_shared::ledger::Cursor {
                key: r.sort_key(q.sort),
                id: r.id.clone(),
            });
        Ok(ConversationPage { rows, total, next })
    }

    /// The days of a period that had conversations.
    fn stats(&self, q: &StatsQuery) -> ApiResult<Vec<DayStats>> {
        self.sql
            .exec(
                "SELECT body FROM days WHERE day >= ? AND day <= ? ORDER BY day",
                vec![q.from.clone().into(), q.to.clone().into()],
            )?
            .to_array::<Body>()?
            .into_iter()
            .map(|b| serde_json::from_str(&b.body).map_err(internal_error))
            .collect()
    }

    /// The newest messages that have every word of the search.
    fn search(&self, q: &SearchQuery, channel: &str) -> ApiResult<SearchResults> {
        q.check().map_err(|e| Failure::bad_request(e.to_string()))?;
        // R-KPI-3: a number finds the conversation it was given to.
        let conversations = match q.number() {
            Some(n) => self
                .sql
                .exec(
                    "SELECT r.body AS body FROM records r JOIN numbers n ON n.conversation = r.id WHERE n.number = ?",
                    vec![i64::try_from(n).unwrap_or(i64::MAX).into()],
                )?
                .to_array::<Body>()?
                .into_iter()
                .filter_map(|b| serde_json::from_str(&b.body).ok())
                .collect(),
            None => Vec::new(),
        };
        let Ok(expression) = q.match_expression() else {
            return Ok(SearchResults {
                hits: Vec::new(),
                conversations,
            });
        };
        let rows: Vec<HitRow> = self
            .sql
            .exec(
                "SELECT text, author, conversation, seq, side, at FROM message_index WHERE message_index MATCH ? ORDER BY at DESC LIMIT ?",
                vec![expression.into(), i64::from(MAX_HITS).into()],
            )?
            .to_array()?;
        let channel = canal_shared::ids::ChannelId::parse(channel).map_err(internal_error)?;
        let hits = rows
            .into_iter()
            .filter_map(|r| {
                Some(SearchHit {
                    channel: channel.clone(),
                    message: IndexedMessage {
                        conversation: canal_shared::ids::ConversationId::parse(&r.conversation)
                            .ok()?,
                        seq: u64::try_from(r.seq).ok()?,
                        side: match r.side.as_str() {
                            "visitor" => Side::Visitor,
                            "operator" => Side::Operator,
                            _ => Side::System,
                        },
                        author: r.author,
                        text: r.text,
                        at: Timestamp(r.at),
                    },
                })
            })
            .collect();
        Ok(SearchResults {
            hits,
            conversations,
        })
    }
}

fn side_name(side: Side) -> &'static str {
    match side {
        Side::Visitor => "visitor",
        Side::Operator => "operator",
        Side::System => "system",
    }
}
