//! A channel's ledger: one record per conversation with its response times,
//! ratings and dates, the daily figures of the statistics page, and the
//! message log's search (R-KPI-4, R-CH-6).
//!
//! The conversation machine sends its [`ConversationRecord`] when one of its
//! figures changes (an answer measured, a status, a rating), never per
//! message; the ledger keeps it and adds the change to the day's figures
//! ([`day_delta`]), so no page ever scans the messages. Lists are read a page
//! at a time, sorted by one figure with the conversation's id as tie-break,
//! and continued from a [`Cursor`] (keyset pagination: page 1,000 costs what
//! page 1 costs). A list over several channels merges each channel's page
//! ([`merge_pages`]).

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::ids::{ChannelId, ConversationId, UserId};
use crate::kpi::ResponseStats;
use crate::protocol::{ChannelInfo, Message, OperatorInfo, Role, Side, Status, Verdict};
use crate::time::Timestamp;

/// The most rows one page may hold.
pub const MAX_PAGE: u32 = 200;
/// Rows per page when the query does not say.
pub const DEFAULT_PAGE: u32 = 50;
/// The most rows one CSV export holds.
pub const MAX_EXPORT: u32 = 100_000;
/// The longest period the statistics page shows at once.
pub const MAX_STATS_DAYS: i64 = 366;
/// The sort key of a figure a conversation does not have yet (no answer):
/// such rows come last in ascending order, first in descending. Below 2^53,
/// so it survives JSON numbers.
pub const NONE_KEY: i64 = (1 << 52) - 1;
/// The upper bounds of the first-response histogram's buckets, in ms
/// (< 1 min, 1–5 min, 5–15 min, 15–60 min, and above).
pub const FIRST_BUCKETS_MS: [i64; 4] = [60_000, 300_000, 900_000, 3_600_000];
/// A search's shortest and longest text, in characters.
pub const SEARCH_CHARS: (usize, usize) = (2, 100);
/// The most hits one search returns.
pub const MAX_HITS: u32 = 50;

/// A conversation as the ledger keeps it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConversationRecord {
    /// The conversation.
    pub id: ConversationId,
    /// Its channel.
    pub channel: ChannelInfo,
    /// The client's display name.
    pub visitor_name: String,
    /// Where it stands.
    pub status: Status,
    /// Who answers (or answered), if anyone.
    pub operator: Option<OperatorInfo>,
    /// Its first message.
    pub started_at: Timestamp,
    /// When it was last closed, while it is closed.
    #[serde(default)]
    pub closed_at: Option<Timestamp>,
    /// Its operators' response times (R-KPI-4).
    #[serde(default)]
    pub response: ResponseStats,
    /// The client's verdict.
    #[serde(default)]
    pub rating: Option<Verdict>,
    /// The supervisor's verdict (R-QA-3).
    #[serde(default)]
    pub supervisor_rating: Option<Verdict>,
    /// Grows with every change: the ledger keeps the highest.
    #[serde(default)]
    pub rev: u64,
    /// The conversation number (R-KPI-3's `#DIALOG#`): short, said aloud and
    /// typed into the search; given once by the channel's ledger, in the
    /// order it first hears of conversations. `None` until then.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number: Option<u64>,
}

impl ConversationRecord {
    /// The record's value for `sort`.
    pub fn sort_key(&self, sort: SortBy) -> i64 {
        let r = &self.response;
        let some = |v: Option<i64>| v.unwrap_or(NONE_KEY);
        match sort {
            SortBy::Started => self.started_at.0,
            SortBy::FirstResponse => some(r.first_ms),
            SortBy::TotalResponse => some((r.count > 0).then_some(r.total_ms)),
            SortBy::AverageResponse => some(r.average_ms()),
            SortBy::MaxResponse => some((r.count > 0).then_some(r.max_ms)),
            SortBy::Late => i64::from(r.late),
        }
    }

    /// The same figures, whatever the revision: a record is sent again only
    /// when this changes.
    pub fn same_figures(&self, other: &ConversationRecord) -> bool {
        ConversationRecord {
            rev: 0,
            ..self.clone()
        } == ConversationRecord {
            rev: 0,
            ..other.clone()
        }
    }
}

/// What a list is sorted by.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SortBy {
    /// The first message's time.
    #[default]
    Started,
    /// The first response time.
    FirstResponse,
    /// The sum of the response times.
    TotalResponse,
    /// The average response time.
    AverageResponse,
    /// The longest response time.
    MaxResponse,
    /// How many answers were late.
    Late,
}

impl SortBy {
    /// Every sort, in the order of the list's columns.
    pub const ALL: [SortBy; 6] = [
        SortBy::Started,
        SortBy::FirstResponse,
        SortBy::TotalResponse,
        SortBy::AverageResponse,
        SortBy::MaxResponse,
        SortBy::Late,
    ];

    /// Its name in queries.
    pub fn name(self) -> &'static str {
        match self {
            SortBy::Started => "started",
            SortBy::FirstResponse => "first_response",
            SortBy::TotalResponse => "total_response",
            SortBy::AverageResponse => "average_response",
            SortBy::MaxResponse => "max_response",
            SortBy::Late => "late",
        }
    }

    /// The ledger's column holding [`ConversationRecord::sort_key`].
    pub fn column(self) -> &'static str {
        match self {
            SortBy::Started => "started_at",
            SortBy::FirstResponse => "first_ms",
            SortBy::TotalResponse => "total_ms",
            SortBy::AverageResponse => "avg_ms",
            SortBy::MaxResponse => "max_ms",
            SortBy::Late => "late",
        }
    }
}

/// Ascending or descending.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// Smallest first.
    Asc,
    /// Largest (newest) first.
    #[default]
    Desc,
}

/// Which conversations by lateness.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Lateness {
    /// All of them.
    #[default]
    Any,
    /// At least one late answer.
    Late,
    /// No late answer.
    OnTime,
}

/// Where the next page starts: after the row with this key and id.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cursor {
    /// The last row's sort key.
    pub key: i64,
    /// The last row's conversation.
    pub id: ConversationId,
}

impl Cursor {
    /// Its form in a query string: `key.id`.
    pub fn encode(&self) -> String {
        format!("{}.{}", self.key, self.id)
    }

    /// Reads [`Cursor::encode`]'s form.
    pub fn decode(s: &str) -> Result<Cursor, QueryError> {
        let (key, id) = s.split_once('.').ok_or(QueryError::Cursor)?;
        Ok(Cursor {
            key: key.parse().map_err(|_| QueryError::Cursor)?,
            id: ConversationId::parse(id).map_err(|_| QueryError::Cursor)?,
        })
    }
}

/// A list's filters, sort and page.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListQuery {
    /// Only this channel (else every channel the reader may see).
    #[serde(default)]
    pub channel: Option<ChannelId>,
    /// Only this operator's conversations.
    #[serde(default)]
    pub operator: Option<UserId>,
    /// Started at or after this instant.
    #[serde(default)]
    pub from: Option<Timestamp>,
    /// Started before this instant.
    #[serde(default)]
    pub to: Option<Timestamp>,
    /// By lateness.
    #[serde(default)]
    pub lateness: Lateness,
    /// The sort.
    #[serde(default)]
    pub sort: SortBy,
    /// Its direction.
    #[serde(default)]
    pub dir: Direction,
    /// Continue after this row.
    #[serde(default)]
    pub after: Option<Cursor>,
    /// Rows per page, 1 to [`MAX_PAGE`].
    #[serde(default = "default_page")]
    pub limit: u32,
}

fn default_page() -> u32 {
    DEFAULT_PAGE
}

/// Why a list's query is refused.
#[derive(Clone, Debug, Error, PartialEq, Eq)]
pub enum QueryError {
    /// A parameter this list does not know.
    #[error(
        "unknown parameter `{0}`: use channel, operator, from, to, late, sort, dir, after or limit"
    )]
    Unknown(String),
    /// A value that does not parse.
    #[error("`{name}` cannot be `{value}`: {expected}")]
    Value {
        /// The parameter.
        name: &'static str,
        /// What was given.
        value: String,
        /// What it may be.
        expected: &'static str,
    },
    /// A cursor not made by this list.
    #[error("the page cursor is not valid: start again from the first page")]
    Cursor,
    /// The period ends before it starts.
    #[error("the period ends before it starts")]
    Period,
}

impl ListQuery {
    /// Reads a query string's pairs (`from` and `to` as `YYYY-MM-DD`, UTC
    /// days, `to` included).
    pub fn from_pairs<'a>(
        pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Result<ListQuery, QueryError> {
        let mut q = ListQuery {
            limit: DEFAULT_PAGE,
            ..ListQuery::default()
        };
        for (name, value) in pairs {
            if value.is_empty() {
                continue;
            }
            let bad = |name: &'static str, expected: &'static str| QueryError::Value {
                name,
                value: value.chars().take(40).collect(),
                expected,
            };
            match name {
                "channel" => {
                    q.channel = Some(ChannelId::parse(value).map_err(|_| bad("channel", "a channel's id"))?)
                }
                "operator" => {
                    q.operator = Some(UserId::parse(value).map_err(|_| bad("operator", "a person's id"))?)
                }
                "from" => q.from = Some(day_start(value).ok_or_else(|| bad("from", "a date as YYYY-MM-DD"))?),
                "to" => {
                    let start = day_start(value).ok_or_else(|| bad("to", "a date as YYYY-MM-DD"))?;
                    q.to = Some(start.plus_ms(DAY_MS));
                }
                "late" => {
                    q.lateness = match value {
                        "any" => Lateness::Any,
                        "late" => Lateness::Late,
                        "on_time" => Lateness::OnTime,
                        _ => return Err(bad("late", "any, late or on_time")),
                    }
                }
                "sort" => {
                    q.sort = SortBy::ALL
                        .into_iter()
                        .find(|s| s.name() == value)
                        .ok_or_else(|| {
                            bad(
                                "sort",
                                "started, first_response, total_response, average_response, max_response or late",
                            )
                        })?
                }
                "dir" => {
                    q.dir = match value {
                        "asc" => Direction::Asc,
                        "desc" => Direction::Desc,
                        _ => return Err(bad("dir", "asc or desc")),
                    }
                }
                "after" => q.after = Some(Cursor::decode(value)?),
                "limit" => {
                    q.limit = value
                        .parse()
                        .ok()
                        .filter(|n| (1..=MAX_PAGE).contains(n))
                        .ok_or_else(|| bad("limit", "a number from 1 to 200"))?
                }
                other => return Err(QueryError::Unknown(other.chars().take(40).collect())),
            }
        }
        if let (Some(from), Some(to)) = (q.from, q.to) {
            if to <= from {
                return Err(QueryError::Period);
            }
        }
        Ok(q)
    }

    /// Whether `r` passes the filters (the ledger's SQL says the same; the
    /// simulation and the tests use this).
    pub fn admits(&self, r: &ConversationRecord) -> bool {
        self.channel.as_ref().is_none_or(|c| c == &r.channel.id)
            && self
                .operator
                .as_ref()
                .is_none_or(|o| r.operator.as_ref().is_some_and(|op| &op.id == o))
            && self.from.is_none_or(|f| r.started_at >= f)
            && self.to.is_none_or(|t| r.started_at < t)
            && match self.lateness {
                Lateness::Any => true,
                Lateness::Late => r.response.late > 0,
                Lateness::OnTime => r.response.late == 0,
            }
            && self.after.as_ref().is_none_or(|c| self.is_after(r, c))
    }

    /// Whether `r` comes after the cursor in this query's order.
    fn is_after(&self, r: &ConversationRecord, c: &Cursor) -> bool {
        let here = (r.sort_key(self.sort), r.id.as_str());
        let there = (c.key, c.id.as_str());
        match self.dir {
            Direction::Asc => here > there,
            Direction::Desc => here < there,
        }
    }

    /// Orders two records as this query lists them.
    pub fn order(&self, a: &ConversationRecord, b: &ConversationRecord) -> std::cmp::Ordering {
        let ka = (a.sort_key(self.sort), a.id.as_str());
        let kb = (b.sort_key(self.sort), b.id.as_str());
        match self.dir {
            Direction::Asc => ka.cmp(&kb),
            Direction::Desc => kb.cmp(&ka),
        }
    }
}

/// One page of a list.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConversationPage {
    /// The rows, in the query's order.
    pub rows: Vec<ConversationRecord>,
    /// How many conversations pass the filters (every page).
    pub total: u64,
    /// Where the next page starts, if there is one.
    pub next: Option<Cursor>,
}

/// Merges the pages of several channels (each already filtered, ordered and
/// at most `q.limit` long) into the page of their union.
pub fn merge_pages(q: &ListQuery, pages: Vec<ConversationPage>) -> ConversationPage {
    let total = pages.iter().map(|p| p.total).sum();
    let more_anywhere = pages.iter().any(|p| p.next.is_some());
    let mut rows: Vec<ConversationRecord> = pages.into_iter().flat_map(|p| p.rows).collect();
    rows.sort_by(|a, b| q.order(a, b));
    let limit = q.limit as usize;
    let cut = rows.len() > limit;
    rows.truncate(limit);
    let next = (cut || more_anywhere)
        .then(|| rows.last())
        .flatten()
        .map(|r| Cursor {
            key: r.sort_key(q.sort),
            id: r.id.clone(),
        });
    ConversationPage { rows, total, next }
}

const DAY_MS: i64 = 86_400_000;

/// The UTC midnight starting `YYYY-MM-DD`.
fn day_start(s: &str) -> Option<Timestamp> {
    let d = chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()?;
    Some(Timestamp(
        d.and_hms_opt(0, 0, 0)?.and_utc().timestamp_millis(),
    ))
}

/// The UTC day of an instant, as `YYYY-MM-DD`.
pub fn day_of(at: Timestamp) -> String {
    chrono::DateTime::from_timestamp_millis(at.0)
        .map(|d| d.format("%Y-%m-%d").to_string())
        .unwrap_or_default()
}

/// One day's figures on the statistics page.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayStats {
    /// The UTC day, `YYYY-MM-DD`.
    pub day: String,
    /// Conversations started that day.
    pub conversations: i64,
    /// Of those, answered at least once.
    pub answered: i64,
    /// Answers measured.
    pub replies: i64,
    /// Of those, late.
    pub late: i64,
    /// Clients' likes.
    pub likes: i64,
    /// Clients' dislikes.
    pub dislikes: i64,
    /// First response times by [`FIRST_BUCKETS_MS`].
    pub first_buckets: [i64; 5],
}

impl DayStats {
    /// Adds `other`'s figures (same day or not).
    pub fn add(&mut self, other: &DayStats) {
        self.conversations += other.conversations;
        self.answered += other.answered;
        self.replies += other.replies;
        self.late += other.late;
        self.likes += other.likes;
        self.dislikes += other.dislikes;
        for (a, b) in self.first_buckets.iter_mut().zip(other.first_buckets) {
            *a += b;
        }
    }

    fn scaled(&self, by: i64) -> DayStats {
        DayStats {
            day: self.day.clone(),
            conversations: self.conversations * by,
            answered: self.answered * by,
            replies: self.replies * by,
            late: self.late * by,
            likes: self.likes * by,
            dislikes: self.dislikes * by,
            first_buckets: self.first_buckets.map(|b| b * by),
        }
    }
}

/// The bucket of a first response time.
pub fn first_bucket(ms: i64) -> usize {
    FIRST_BUCKETS_MS
        .iter()
        .take_while(|edge| ms >= **edge)
        .count()
}

/// What one record adds to its day.
pub fn contribution(r: &ConversationRecord) -> DayStats {
    let mut d = DayStats {
        day: day_of(r.started_at),
        conversations: 1,
        answered: i64::from(r.response.count > 0),
        replies: i64::from(r.response.count),
        late: i64::from(r.response.late),
        likes: i64::from(r.rating == Some(Verdict::Like)),
        dislikes: i64::from(r.rating == Some(Verdict::Dislike)),
        ..DayStats::default()
    };
    if let Some(first) = r.response.first_ms {
        d.first_buckets[first_bucket(first)] = 1;
    }
    d
}

/// The change to the day's figures when `old` (if the ledger had it)
/// becomes `new`: so the figures follow the records without a rescan.
pub fn day_delta(old: Option<&ConversationRecord>, new: &ConversationRecord) -> DayStats {
    let mut delta = contribution(new);
    if let Some(old) = old {
        delta.add(&contribution(old).scaled(-1));
    }
    delta
}

/// The statistics page's query: a channel and a period of UTC days.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatsQuery {
    /// The first day, `YYYY-MM-DD`.
    pub from: String,
    /// The last day, included.
    pub to: String,
}

impl StatsQuery {
    /// Checks the period: two dates, in order, at most [`MAX_STATS_DAYS`].
    pub fn new(from: &str, to: &str) -> Result<StatsQuery, QueryError> {
        let bad = |name: &'static str, value: &str| QueryError::Value {
            name,
            value: value.chars().take(40).collect(),
            expected: "a date as YYYY-MM-DD",
        };
        let f = day_start(from).ok_or_else(|| bad("from", from))?;
        let t = day_start(to).ok_or_else(|| bad("to", to))?;
        if t < f || (t.0 - f.0) / DAY_MS >= MAX_STATS_DAYS {
            return Err(QueryError::Period);
        }
        Ok(StatsQuery {
            from: from.to_owned(),
            to: to.to_owned(),
        })
    }
}

/// `GET /api/ledger/stats`: one channel's days, with no gaps.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChannelStats {
    /// Every day of the period, oldest first (days without conversations
    /// are zeros).
    pub days: Vec<DayStats>,
}

/// Fills the days the ledger had nothing for with zeros.
pub fn fill_days(q: &StatsQuery, known: Vec<DayStats>) -> ChannelStats {
    let (Some(mut at), Some(end)) = (day_start(&q.from), day_start(&q.to)) else {
        return ChannelStats::default();
    };
    let mut known = known.into_iter().peekable();
    let mut days = Vec::new();
    while at <= end {
        let day = day_of(at);
        while known.next_if(|d| d.day < day).is_some() {}
        match known.next_if(|d| d.day == day) {
            Some(d) => days.push(d),
            None => days.push(DayStats {
                day,
                ..DayStats::default()
            }),
        }
        at = at.plus_ms(DAY_MS);
    }
    ChannelStats { days }
}

/// A message as the log's search index keeps it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndexedMessage {
    /// Its conversation.
    pub conversation: ConversationId,
    /// Its place there.
    pub seq: u64,
    /// Who wrote it.
    pub side: Side,
    /// Under which name.
    pub author: String,
    /// What it says.
    pub text: String,
    /// When.
    pub at: Timestamp,
}

impl IndexedMessage {
    /// `message` of `conversation` as the index keeps it: a file's name
    /// before its caption, so the search finds a file by its name (#21).
    pub fn of(conversation: ConversationId, message: &Message) -> Self {
        let text = match &message.file {
            Some(f) if message.text.is_empty() => f.name.clone(),
            Some(f) => format!("{} {}", f.name, message.text),
            None => message.text.clone(),
        };
        Self {
            conversation,
            seq: message.seq.0,
            side: message.side,
            author: message.author.clone(),
            text,
            at: message.at,
        }
    }
}

/// A conversation's news for its channel's ledger, in one call: new
/// messages for the index (in the conversation's order) and its record when
/// it changed. Both are taken idempotently, so a batch sent twice is harmless.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LedgerUpdate {
    /// The messages.
    pub messages: Vec<IndexedMessage>,
    /// The conversation's record now (the ledger keeps the newest).
    #[serde(default)]
    pub record: Option<ConversationRecord>,
}

/// A search of the message log (R-CH-6).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchQuery {
    /// The words to find, every one of them, as word starts; or a
    /// conversation number (`42`, `#42`).
    pub text: String,
    /// Only this channel.
    #[serde(default)]
    pub channel: Option<ChannelId>,
}

/// Why a search is refused.
#[derive(Clone, Debug, Error, PartialEq, Eq)]
pub enum SearchError {
    /// Too short or too long.
    #[error("search for a conversation number, or for 2 to 100 characters with at least one letter or digit")]
    Length,
}

/// The conversation number `text` names (`42`, `#42`, ` 42 `), if it is one
/// (R-KPI-3: what a late notice calls the conversation).
pub fn conversation_number(text: &str) -> Option<u64> {
    let digits = text.trim().trim_start_matches('#');
    if digits.is_empty() || digits.len() > 15 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok().filter(|n| *n > 0)
}

impl SearchQuery {
    /// The conversation number asked for, if the text is one.
    pub fn number(&self) -> Option<u64> {
        conversation_number(&self.text)
    }

    /// Whether the search may run: a conversation number, or words
    /// ([`SearchQuery::match_expression`]).
    pub fn check(&self) -> Result<(), SearchError> {
        match self.number() {
            Some(_) => Ok(()),
            None => self.match_expression().map(drop),
        }
    }

    /// The full-text query for the index: every word, quoted (so nothing the
    /// user types is read as an operator), as a prefix.
    pub fn match_expression(&self) -> Result<String, SearchError> {
        let text = self.text.trim();
        let n = text.chars().count();
        if n < SEARCH_CHARS.0 || n > SEARCH_CHARS.1 {
            return Err(SearchError::Length);
        }
        let words: Vec<String> = text
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .take(10)
            .map(|w| format!("\"{w}\"*"))
            .collect();
        if words.is_empty() {
            return Err(SearchError::Length);
        }
        Ok(words.join(" "))
    }
}

/// A message found in the log.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchHit {
    /// The conversation's channel.
    pub channel: ChannelId,
    /// The message.
    pub message: IndexedMessage,
}

/// `GET /api/ledger/search`'s answer, newest first.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchResults {
    /// Up to [`MAX_HITS`].
    pub hits: Vec<SearchHit>,
    /// The conversations whose number was asked for (one per channel at
    /// most, R-KPI-3).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub conversations: Vec<ConversationRecord>,
}

/// Merges the hits of several channels: the newest [`MAX_HITS`].
pub fn merge_hits(results: Vec<SearchResults>) -> SearchResults {
    let mut conversations: Vec<ConversationRecord> = Vec::new();
    let mut hits: Vec<SearchHit> = Vec::new();
    for r in results {
        hits.extend(r.hits);
        conversations.extend(r.conversations);
    }
    conversations.sort_by_key(|c| std::cmp::Reverse(c.started_at));
    hits.sort_by(|a, b| {
        let (a, b) = (&a.message, &b.message);
        b.at.cmp(&a.at)
            .then_with(|| a.conversation.as_str().cmp(b.conversation.as_str()))
    });
    hits.truncate(MAX_HITS as usize);
    SearchResults {
        hits,
        conversations,
    }
}

/// Why someone may not read the ledger.
#[derive(Clone, Debug, Error, PartialEq, Eq)]
pub enum ReadRefusal {
    /// Neither an admin nor the head of a department.
    #[error("only admins and supervisors (heads of a department) may see the conversation list, its statistics and the message log")]
    NotSupervisor,
}

/// Who may read a channel's ledger (the list, the statistics, the log's
/// search; R-KPI-4, R-CH-6): admins, and supervisors — people who head a
/// department — for the channels they see.
pub fn may_read(role: Role, supervises: &[UserId]) -> Result<(), ReadRefusal> {
    match role {
        Role::Admin => Ok(()),
        Role::Operator if !supervises.is_empty() => Ok(()),
        Role::Operator => Err(ReadRefusal::NotSupervisor),
    }
}

/// The CSV export's first line.
pub fn csv_header() -> String {
    "conversation,channel,client,operator,status,started,closed,first_response_s,total_response_s,average_response_s,max_response_s,answers,late,rating,supervisor_rating\r\n".to_owned()
}

/// One record as a CSV line (RFC 4180; cells a spreadsheet would run as a
/// formula are prefixed with `'`).
pub fn csv_line(r: &ConversationRecord) -> String {
    let secs = |v: Option<i64>| {
        v.map(|ms| format!("{:.1}", ms as f64 / 1000.0))
            .unwrap_or_default()
    };
    let time = |t: Option<Timestamp>| {
        t.and_then(|t| chrono::DateTime::from_timestamp_millis(t.0))
            .map(|d| d.format("%Y-%m-%dT%H:%M:%SZ").to_string())
            .unwrap_or_default()
    };
    let verdict = |v: Option<Verdict>| match v {
        Some(Verdict::Like) => "like",
        Some(Verdict::Dislike) => "dislike",
        None => "",
    };
    let status = match r.status {
        Status::New => "new",
        Status::Waiting => "waiting",
        Status::Active => "active",
        Status::Closed => "closed",
    };
    let s = &r.response;
    let measured = s.count > 0;
    let cells = [
        r.id.to_string(),
        r.channel.name.clone(),
        r.visitor_name.clone(),
        r.operator
            .as_ref()
            .map(|o| o.name.clone())
            .unwrap_or_default(),
        status.to_owned(),
        time(Some(r.started_at)),
        time(r.closed_at),
        secs(s.first_ms),
        secs(measured.then_some(s.total_ms)),
        secs(s.average_ms()),
        secs(measured.then_some(s.max_ms)),
        s.count.to_string(),
        s.late.to_string(),
        verdict(r.rating).to_owned(),
        verdict(r.supervisor_rating).to_owned(),
    ];
    let mut line = cells
        .iter()
        .map(|c| csv_cell(c))
        .collect::<Vec<_>>()
        .join(",");
    line.push_str("\r\n");
    line
}

fn csv_cell(c: &str) -> String {
    let guarded = if c.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{c}")
    } else {
        c.to_owned()
    };
    if guarded.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", guarded.replace('"', "\"\""))
    } else {
        guarded
    }
}

#[cfg(test)]
mod tests;
