//! The conversation list with 100,000 conversations (R-KPI-4): a channel's
//! ledger is filled through the benchmark-only route, then pages sorted and
//! filtered every way are timed beside the same pages of a channel with
//! 1,000, and beside `/api/me` (the session check every list call makes
//! too), all in one run.

use std::time::Instant;

use canal_shared::ids::{ChannelId, ConversationId, UserId};
use canal_shared::kpi::ResponseStats;
use canal_shared::ledger::ConversationRecord;
use canal_shared::protocol::{ChannelInfo, OperatorInfo, Status, Verdict};
use canal_shared::time::Timestamp;
use canal_tests::api::{get, login, post};
use canal_tests::worker::Worker;
use serde_json::json;

/// Conversations in the big channel.
const BIG: usize = 100_000;
/// Conversations in the small one.
const SMALL: usize = 1_000;
/// Records per seeding call.
const BATCH: usize = 1_000;
/// Timed calls per query.
const ROUNDS: usize = 30;
const DAY_MS: i64 = 86_400_000;
/// 2026-12-01T00:00Z: the seeded conversations start in the 90 days before.
const END: i64 = 1_796_083_200_000;

/// A deterministic spread of conversations: 90 days, 20 operators, first
/// answers from seconds to hours, one in eight late, some rated.
fn record(channel: &ChannelInfo, i: usize) -> ConversationRecord {
    let mix = (i as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    let first = 5_000 + (mix % 7_200_000) as i64;
    let count = 1 + (mix >> 20) as u32 % 8;
    let late = u32::from(mix.is_multiple_of(8));
    let op = (mix >> 40) % 20;
    ConversationRecord {
        id: ConversationId::parse(&format!("bench{i:06}")).expect("an id"),
        channel: channel.clone(),
        visitor_name: format!("Visitor {i}"),
        status: Status::Closed,
        operator: Some(OperatorInfo {
            id: UserId::parse(&format!("op{op}")).expect("an id"),
            name: format!("Operator {op}"),
        }),
        started_at: Timestamp(END - (mix % (90 * DAY_MS as u64)) as i64),
        closed_at: Some(Timestamp(END)),
        response: ResponseStats {
            first_ms: Some(first),
            total_ms: first * i64::from(count),
            count,
            max_ms: first * 2,
            late,
        },
        rating: match mix % 5 {
            0 => Some(Verdict::Like),
            1 => Some(Verdict::Dislike),
            _ => None,
        },
        supervisor_rating: None,
        rev: 1,
        number: None,
    }
}

fn seed(w: &Worker, channel: &ChannelInfo, n: usize) {
    for start in (0..n).step_by(BATCH) {
        let records: Vec<ConversationRecord> = (start..(start + BATCH).min(n))
            .map(|i| record(channel, i))
            .collect();
        let (status, res) = post(
            w,
            &format!("/api/bench/ledger?channel={}", channel.id),
            None,
            &records,
        );
        assert_eq!(status, 200, "seeding: {res}");
    }
}

fn median_ms(mut f: impl FnMut()) -> f64 {
    f();
    let mut times: Vec<f64> = (0..ROUNDS)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    times.sort_by(f64::total_cmp);
    times[ROUNDS / 2]
}

/// Fills the ledgers and times the list.
pub fn list(w: &Worker, password: &str) -> String {
    let admin = login(w, "admin@example.com", password);
    let token = admin.token.as_str();
    let (status, small) = post(w, "/api/channels", Some(token), &json!({}));
    assert_eq!(status, 200, "{small}");
    let small = ChannelInfo {
        id: ChannelId::parse(small["id"].as_str().expect("an id")).expect("an id"),
        name: "Small".into(),
    };
    let big = ChannelInfo {
        id: ChannelId::parse("demo").expect("an id"),
        name: "Demo".into(),
    };
    let t = Instant::now();
    seed(w, &big, BIG);
    let seeding = t.elapsed().as_secs_f64();
    seed(w, &small, SMALL);

    let call = |path: &str| {
        let (status, res) = get(w, path, Some(token));
        assert_eq!(status, 200, "{path}: {res}");
        res
    };
    let me = median_ms(|| {
        call("/api/me");
    });
    // The 20th page by keyset, to show a deep page costs what the first does.
    let mut after = String::new();
    for _ in 0..19 {
        let page = call(&format!(
            "/api/ledger/conversations?channel={}&sort=first_response&dir=asc{after}",
            big.id
        ));
        let next = page["next"].clone();
        let cursor = format!("{}.{}", next["key"], next["id"].as_str().expect("a cursor"));
        after = format!("&after={cursor}");
    }
    let queries: [(&str, String); 6] = [
        ("newest first (first page)", "sort=started&dir=desc".into()),
        ("by first response", "sort=first_response&dir=asc".into()),
        (
            "by first response, 20th page",
            format!("sort=first_response&dir=asc{after}"),
        ),
        (
            "late only, by average",
            "late=late&sort=average_response&dir=desc".into(),
        ),
        (
            "one operator, one month",
            "operator=op7&from=2026-10-01&to=2026-10-31".into(),
        ),
        (
            "by longest response, 200 rows",
            "sort=max_response&dir=desc&limit=200".into(),
        ),
    ];
    let mut rows = String::new();
    for (what, q) in &queries {
        let on = |c: &ChannelId| {
            median_ms(|| {
                call(&format!("/api/ledger/conversations?channel={c}&{q}"));
            })
        };
        let (b, s) = (on(&big.id), on(&small.id));
        rows.push_str(&format!(
            "| {what} | {s:.1} ms | {b:.1} ms | {:.2}× | {:.2}× |\n",
            b / s,
            b / me
        ));
    }
    let stats = |c: &ChannelId| {
        median_ms(|| {
            call(&format!(
                "/api/ledger/stats?channel={c}&from=2026-09-02&to=2026-11-30"
            ));
        })
    };
    let (sb, ss) = (stats(&big.id), stats(&small.id));
    rows.push_str(&format!(
        "| statistics, 90 days | {ss:.1} ms | {sb:.1} ms | {:.2}× | {:.2}× |\n",
        sb / ss,
        sb / me
    ));
    format!(
        "### Conversation list: {BIG} vs {SMALL} conversations ({ROUNDS} calls each, median)\n\n\
         Seeding {BIG} records through the ledger's upsert (which also keeps the days): {seeding:.1} s.\n\
         `/api/me` (the session check every list call makes too): {me:.1} ms.\n\n\
         | query (50 rows unless said) | {SMALL} | {BIG} | ratio {BIG} / {SMALL} | ratio to `/api/me` |\n\
         |---|---:|---:|---:|---:|\n{rows}"
    )
}
