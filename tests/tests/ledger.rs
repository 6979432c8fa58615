//! Integration tests of the channel's ledger against a real `wrangler dev`:
//! the conversation list with its response times, filtered, sorted, paged
//! on the server and exported as CSV, the statistics' days (R-KPI-4), and
//! the message log's search (R-CH-6); admins and supervisors only.

use canal_shared::ids::ConversationId;
use canal_shared::ledger::{ChannelStats, ConversationPage, SearchResults};
use canal_shared::protocol::{LoginResponse, Status};
use canal_tests::api::{get, get_text};
use canal_tests::cases;
use canal_tests::files::PDF;
use canal_tests::scenario::{Question, Team};
use canal_tests::suite;
use canal_tests::wait::until;

struct Ctx {
    team: Team,
    /// Two conversations, answered by Ana: one at once, one after the
    /// 1-second first-response limit (late).
    quick: ConversationId,
    slow: ConversationId,
}

impl std::ops::Deref for Ctx {
    type Target = Team;
    fn deref(&self) -> &Team {
        &self.team
    }
}

fn main() {
    suite::run(
        || {
            let team = Team::start();
            let (quick, slow) = team.two_answered(
                Question {
                    text: "Where is my order?",
                    file: Some(("nota-fiscal-8812.pdf", PDF)),
                },
                "I want a refund, por favor",
            );
            Ctx { team, quick, slow }
        },
        cases![
            r_kpi_4_the_list_shows_response_times_sorted_filtered_and_paged,
            r_kpi_4_the_csv_export_has_every_filtered_row,
            r_kpi_4_the_statistics_count_the_day,
            r_ch_6_the_message_log_is_searchable_by_text,
            ledger_21_the_message_log_finds_a_file_by_its_name,
            only_admins_and_supervisors_read_the_ledger,
            bad_queries_are_refused_with_the_reason,
        ],
    )
}

impl Ctx {
    /// The list at `query`, once it has `n` rows in total (records travel
    /// through the conversations' outboxes).
    fn list(&self, who: &LoginResponse, query: &str, n: u64) -> ConversationPage {
        until("the ledger's list", || {
            let (status, res) = get(
                &self.w,
                &format!("/api/ledger/conversations?{query}"),
                Some(&who.token),
            );
            assert_eq!(status, 200, "{res}");
            let page: ConversationPage = serde_json::from_value(res).unwrap();
            (page.total == n && page.rows.iter().all(|r| r.status == Status::Closed))
                .then_some(page)
        })
        .unwrap()
    }
}

// Both conversations are listed with their response times; sorting by the
// first response puts the late one last going up; the lateness filter
// keeps it alone; one row per page continues from the cursor to the end.
fn r_kpi_4_the_list_shows_response_times_sorted_filtered_and_paged(ctx: &Ctx) {
    let page = ctx.list(&ctx.admin, "sort=first_response&dir=asc", 2);
    let ids: Vec<&ConversationId> = page.rows.iter().map(|r| &r.id).collect();
    assert_eq!(ids, [&ctx.quick, &ctx.slow]);
    let slow = &page.rows[1];
    assert!(
        slow.response.first_ms.unwrap() >= 1_500,
        "{:?}",
        slow.response
    );
    assert_eq!(slow.response.late, 1);
    assert_eq!(slow.response.count, 1);
    assert_eq!(slow.operator.as_ref().unwrap().name, "Ana");
    assert_eq!(slow.channel.id, ctx.demo.channel.id);
    assert!(slow.closed_at.is_some());
    assert_eq!(page.rows[0].response.late, 0);

    let late = ctx.list(&ctx.admin, "late=late", 1);
    assert_eq!(late.rows[0].id, ctx.slow);
    let on_time = ctx.list(
        &ctx.admin,
        &format!("late=on_time&channel={}", ctx.demo.channel.id),
        1,
    );
    assert_eq!(on_time.rows[0].id, ctx.quick);
    let ana = ctx.list(&ctx.admin, &format!("operator={}", ctx.ana.user.id), 2);
    assert_eq!(ana.rows.len(), 2);
    let nobody = ctx.list(&ctx.admin, &format!("operator={}", ctx.bruno.user.id), 0);
    assert!(nobody.rows.is_empty());

    let first = ctx.list(&ctx.admin, "sort=started&dir=desc&limit=1", 2);
    assert_eq!(first.rows.len(), 1);
    let cursor = first.next.expect("a second page").encode();
    let second = ctx.list(
        &ctx.admin,
        &format!("sort=started&dir=desc&limit=1&after={cursor}"),
        2,
    );
    assert_eq!(second.rows.len(), 1);
    assert_ne!(second.rows[0].id, first.rows[0].id);
    assert!(second.next.is_none(), "the last page");
    // The supervisor sees the same list.
    ctx.list(&ctx.bruno, "", 2);
}

fn r_kpi_4_the_csv_export_has_every_filtered_row(ctx: &Ctx) {
    ctx.list(&ctx.admin, "", 2);
    let (status, kind, csv) = get_text(
        &ctx.w,
        "/api/ledger/conversations.csv?sort=first_response&dir=desc",
        Some(&ctx.admin.token),
    );
    assert_eq!(status, 200, "{csv}");
    assert_eq!(kind, "text/csv");
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 3, "{csv}");
    assert!(lines[0].starts_with("conversation,channel,client,operator,status"));
    assert!(lines[1].starts_with(ctx.slow.as_str()), "{csv}");
    assert!(lines[1].contains(",Ana,closed,"), "{csv}");
    let (_, _, late_only) = get_text(
        &ctx.w,
        "/api/ledger/conversations.csv?late=late",
        Some(&ctx.admin.token),
    );
    assert_eq!(late_only.lines().count(), 2, "{late_only}");
}

fn r_kpi_4_the_statistics_count_the_day(ctx: &Ctx) {
    ctx.list(&ctx.admin, "", 2);
    let today = canal_shared::ledger::day_of(canal_shared::time::Timestamp(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_millis() as i64,
    ));
    let (status, res) = get(
        &ctx.w,
        &format!(
            "/api/ledger/stats?channel={}&from=2020-01-01&to={today}",
            ctx.demo.channel.id
        ),
        Some(&ctx.admin.token),
    );
    assert_eq!(status, 400, "more than a year: {res}");
    let (status, res) = get(
        &ctx.w,
        &format!(
            "/api/ledger/stats?channel={}&from={today}&to={today}",
            ctx.demo.channel.id
        ),
        Some(&ctx.bruno.token),
    );
    assert_eq!(status, 200, "{res}");
    let stats: ChannelStats = serde_json::from_value(res).unwrap();
    let day = &stats.days[0];
    assert_eq!((day.conversations, day.answered, day.replies), (2, 2, 2));
    assert_eq!(day.late, 1);
    assert_eq!(day.first_buckets.iter().sum::<i64>(), 2);
}

// The log finds a visitor's words, accents or not, and an operator's, in
// every conversation of the channels the reader sees.
fn r_ch_6_the_message_log_is_searchable_by_text(ctx: &Ctx) {
    let search = |text: &str| {
        let (status, res) = get(
            &ctx.w,
            &format!("/api/ledger/search?text={text}"),
            Some(&ctx.admin.token),
        );
        assert_eq!(status, 200, "{res}");
        serde_json::from_value::<SearchResults>(res).unwrap()
    };
    let found = until("the indexed message", || {
        let r = search("refund");
        (!r.hits.is_empty()).then_some(r)
    })
    .unwrap();
    assert_eq!(found.hits.len(), 1);
    assert_eq!(found.hits[0].message.conversation, ctx.slow);
    assert_eq!(found.hits[0].message.text, "I want a refund, por favor");
    assert_eq!(search("POR%20FAV").hits.len(), 1, "case and word starts");
    assert_eq!(
        search("check%20for").hits.len(),
        2,
        "the operator's replies"
    );
    assert!(search("nothing%20like%20this").hits.is_empty());
}

// The quick conversation's visitor sent a PDF without a caption: its name,
// or a part of it, finds the conversation (#21).
fn ledger_21_the_message_log_finds_a_file_by_its_name(ctx: &Ctx) {
    for text in ["nota-fiscal-8812.pdf", "fiscal%208812"] {
        let found = until("the indexed file", || {
            let (status, res) = get(
                &ctx.w,
                &format!("/api/ledger/search?text={text}"),
                Some(&ctx.admin.token),
            );
            assert_eq!(status, 200, "{res}");
            let r: SearchResults = serde_json::from_value(res).unwrap();
            (!r.hits.is_empty()).then_some(r)
        })
        .unwrap();
        assert_eq!(found.hits.len(), 1, "{text}");
        let hit = &found.hits[0].message;
        assert_eq!(hit.conversation, ctx.quick);
        assert_eq!(hit.text, "nota-fiscal-8812.pdf");
    }
}

fn only_admins_and_supervisors_read_the_ledger(ctx: &Ctx) {
    for path in [
        "/api/ledger/conversations".to_owned(),
        "/api/ledger/conversations.csv".to_owned(),
        "/api/ledger/search?text=refund".to_owned(),
        format!(
            "/api/ledger/stats?channel={}&from=2026-01-01&to=2026-01-02",
            ctx.demo.channel.id
        ),
    ] {
        let (status, res) = get(&ctx.w, &path, Some(&ctx.ana.token));
        assert_eq!(status, 403, "{path}: {res}");
        let (status, _) = get(&ctx.w, &path, None);
        assert_eq!(status, 401, "{path}");
    }
    let (status, res) = get(
        &ctx.w,
        "/api/ledger/conversations?channel=elsewhere",
        Some(&ctx.bruno.token),
    );
    assert_eq!(status, 403, "a channel he does not see: {res}");
}

fn bad_queries_are_refused_with_the_reason(ctx: &Ctx) {
    for (query, says) in [
        ("sort=name", "`sort` cannot be `name`"),
        ("limit=1000", "`limit`"),
        ("after=nonsense", "cursor"),
        ("from=2026-02-01&to=2026-01-01", "period"),
        ("colour=red", "unknown parameter"),
    ] {
        let (status, res) = get(
            &ctx.w,
            &format!("/api/ledger/conversations?{query}"),
            Some(&ctx.admin.token),
        );
        assert_eq!(status, 400, "{query}: {res}");
        assert!(
            res["message"].as_str().unwrap().contains(says),
            "{query}: {res}"
        );
    }
    let (status, res) = get(&ctx.w, "/api/ledger/search?text=a", Some(&ctx.admin.token));
    assert_eq!(status, 400, "{res}");
}
