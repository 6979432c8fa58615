//! The supervisors' pages in real headless Chromium against a real
//! `wrangler dev`: All conversations (sort, filter, CSV; R-KPI-4), the
//! message log's search (R-CH-6), the Statistics charts, and who sees them
//! and who may give the supervisor's rating (R-QA-3).
//!
//! Screenshots: target/test-artefacts/ledger.png, stats.png.

use canal_shared::ids::ConversationId;
use canal_tests::api::get;
use canal_tests::browser::{Browser, Driver};
use canal_tests::cases;
use canal_tests::scenario::Team;
use canal_tests::suite;
use canal_tests::wait::until;
use serde_json::json;

struct Ctx {
    team: Team,
    driver: Driver,
    /// Answered by Ana at once.
    quick: ConversationId,
    /// Answered by Ana after the 1-second limit: late.
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
                "Where is my order?",
                "I want a <b>refund</b> <img src=x onerror=alert(1)>",
            );
            // Both records reached the ledger.
            until("the ledger", || {
                let (_, res) = get(
                    &team.w,
                    "/api/ledger/conversations",
                    Some(&team.admin.token),
                );
                (res["total"] == 2
                    && res["rows"][0]["closed_at"].is_number()
                    && res["rows"][1]["closed_at"].is_number())
                .then_some(())
            })
            .unwrap();
            Ctx {
                team,
                driver: Driver::start(),
                quick,
                slow,
            }
        },
        cases![
            r_kpi_4_the_list_sorts_filters_and_exports_csv,
            r_kpi_4_the_statistics_draw_the_days,
            r_ch_6_the_message_log_finds_words_and_shows_them_as_text,
            r_qa_3_only_supervisors_and_admins_see_the_pages_and_rate,
        ],
    )
}

fn sign_in(ctx: &Ctx, b: &Browser, email: &str) {
    b.sign_in(&ctx.w.url("/console/"), email, &ctx.demo.admin.password);
    b.wait_for("[data-testid=user-name]");
}

/// The conversation ids of the list's rows, in order, once there are `n`
/// (read in one script: the rows are re-rendered as pages load).
fn rows(b: &Browser, n: usize) -> Vec<String> {
    b.wait("the list's rows", || {
        let ids: Vec<String> = serde_json::from_value(b.run(
            "return [...document.querySelectorAll('[data-testid=ledger-row]')].map(r => r.dataset.id);",
            json!([]),
        ))
        .ok()?;
        (ids.len() == n).then_some(ids)
    })
}

fn open_list(b: &Browser) {
    b.click(&b.wait_for("[data-testid=nav-ledger]"));
    b.wait_for("[data-testid=ledger-page]");
}

fn aria_sort(b: &Browser, sort: &str) -> Option<String> {
    b.run(
        "const e = document.querySelector(`[data-testid=sort-${arguments[0]}]`); \
         return e && e.closest('th').getAttribute('aria-sort');",
        json!([sort]),
    )
    .as_str()
    .map(str::to_owned)
}

fn r_kpi_4_the_list_sorts_filters_and_exports_csv(ctx: &Ctx) {
    let b = ctx.driver.browser();
    sign_in(ctx, &b, "admin@example.com");
    open_list(&b);
    let (quick, slow) = (ctx.quick.to_string(), ctx.slow.to_string());
    // Newest first by default.
    assert_eq!(rows(&b, 2), [slow.clone(), quick.clone()]);
    b.wait("the total", || {
        let total = b.run(
            "return document.querySelector('[data-testid=ledger-total]').textContent;",
            json!([]),
        );
        (total == "2 conversations").then_some(())
    });

    // By first response: slowest first, then fastest first.
    b.click(&b.wait_for("[data-testid=sort-first_response]"));
    b.wait("descending", || {
        (aria_sort(&b, "first_response").as_deref() == Some("descending")).then_some(())
    });
    assert_eq!(aria_sort(&b, "started").as_deref(), Some("none"));
    assert_eq!(rows(&b, 2), [slow.clone(), quick.clone()]);
    b.click(&b.wait_for("[data-testid=sort-first_response]"));
    b.wait("ascending", || {
        let ids = rows(&b, 2);
        (aria_sort(&b, "first_response").as_deref() == Some("ascending")
            && ids == [quick.clone(), slow.clone()])
        .then_some(())
    });
    b.screenshot("ledger");

    // Only those with a late answer.
    b.set_value("[data-testid=ledger-late]", "late");
    assert_eq!(rows(&b, 1), std::slice::from_ref(&slow));

    // The CSV of the filtered list.
    b.click(&b.wait_for("[data-testid=ledger-export]"));
    let link = b.wait_for("[data-testid=ledger-csv-link]");
    assert_eq!(
        b.attr(&link, "download").as_deref(),
        Some("conversations.csv")
    );
    let csv = b.run_async(
        "const done = arguments[arguments.length - 1]; \
         fetch(document.querySelector('[data-testid=ledger-csv-link]').href).then(r => r.text()).then(done);",
        json!([]),
    );
    let lines: Vec<&str> = csv.as_str().unwrap().lines().collect();
    assert_eq!(lines.len(), 2, "{csv}");
    assert!(lines[0].starts_with("conversation,channel,client,operator"));
    assert!(lines[1].starts_with(&slow), "{csv}");
    b.set_value("[data-testid=ledger-late]", "any");
    rows(&b, 2);
}

fn r_kpi_4_the_statistics_draw_the_days(ctx: &Ctx) {
    let b = ctx.driver.browser();
    sign_in(ctx, &b, "admin@example.com");
    b.click(&b.wait_for("[data-testid=nav-stats]"));
    let bars = |chart: &str| {
        b.find_all(&format!("[data-testid={chart}] [data-testid=chart-bar]"))
            .len()
    };
    b.wait("the charts", || (bars("chart-per-day") == 30).then_some(()));
    assert_eq!(bars("chart-first"), 5);
    assert_eq!(bars("chart-late"), 30);
    assert_eq!(bars("chart-ratings"), 2);
    assert_eq!(
        b.text(&b.wait_for("[data-testid=stats-conversations]")),
        "2"
    );
    assert_eq!(
        b.text(&b.wait_for("[data-testid=stats-late-share]")),
        "50%",
        "one of the two first answers was late"
    );
    let label = b
        .attr(&b.wait_for("[data-testid=chart-per-day]"), "aria-label")
        .unwrap();
    assert!(label.contains("2 in 30 days, 2 answered"), "{label}");
    b.screenshot("stats");
    assert_eq!(
        b.text(&b.wait_for("[data-testid=stats-liked]")),
        "—",
        "nobody rated: no share of likes"
    );
    b.set_value("[data-testid=stats-period]", "7");
    b.wait("a week", || (bars("chart-per-day") == 7).then_some(()));

    // Two dates of one's own: they start as the week shown.
    b.set_value("[data-testid=stats-period]", "custom");
    let value = |css: &str| {
        b.run(
            "return document.querySelector(arguments[0]).value;",
            json!([css]),
        )
        .as_str()
        .unwrap_or_default()
        .to_owned()
    };
    b.wait_for("[data-testid=stats-from]");
    let today = value("[data-testid=stats-to]");
    assert_eq!(today.len(), 10, "{today:?}");
    assert!(value("[data-testid=stats-from]") < today);
    // Today alone: one bar per day chart.
    b.set_value("[data-testid=stats-from]", &today);
    b.wait("one day", || (bars("chart-per-day") == 1).then_some(()));
    assert_eq!(bars("chart-late"), 1);
    assert_eq!(
        b.text(&b.wait_for("[data-testid=stats-conversations]")),
        "2"
    );
    // A period that ends before it starts is refused, with no charts.
    b.set_value("[data-testid=stats-from]", "2099-01-02");
    b.wait("the refusal", || {
        b.find("[data-testid=stats-error]")
            .map(|e| b.text(&e))
            .filter(|t| t.contains("must not come before"))
    });
    assert_eq!(bars("chart-per-day"), 0);
    // A period without conversations says so instead of drawing empty charts.
    b.set_value("[data-testid=stats-from]", "2020-01-01");
    b.set_value("[data-testid=stats-to]", "2020-01-31");
    b.wait_for("[data-testid=stats-empty]");
    assert!(b.find("[data-testid=stats-error]").is_none());
    assert_eq!(bars("chart-per-day"), 0);
}

fn r_ch_6_the_message_log_finds_words_and_shows_them_as_text(ctx: &Ctx) {
    let b = ctx.driver.browser();
    sign_in(ctx, &b, "admin@example.com");
    open_list(&b);
    b.set_value("[data-testid=search-text]", "refund");
    b.click(&b.wait_for("[data-testid=search-submit]"));
    let hit = b.wait("the hit", || {
        b.find("[data-testid=search-hit-text]").map(|h| b.text(&h))
    });
    assert_eq!(hit, "I want a <b>refund</b> <img src=x onerror=alert(1)>");
    let markup = b.run(
        "return document.querySelectorAll('[data-testid=search-hits] b, [data-testid=search-hits] img').length;",
        json!([]),
    );
    assert_eq!(markup, json!(0), "message text is never HTML");
    // The hit opens its conversation.
    b.click(&b.wait_for("[data-testid=search-hit] [data-testid=ledger-open]"));
    b.wait_for("[data-testid=supervisor-rating]");
}

/// Whether the console at this moment shows the nav entry `testid`.
fn has_nav(b: &Browser, testid: &str) -> bool {
    b.find(&format!("[data-testid={testid}]")).is_some()
}

fn r_qa_3_only_supervisors_and_admins_see_the_pages_and_rate(ctx: &Ctx) {
    let link = ctx.w.url(&format!("/console/?conversation={}", ctx.quick));
    // Ana answered it: she sees the conversation, not the pages nor the form.
    let ana = ctx.driver.browser();
    sign_in(ctx, &ana, "ana@example.com");
    ana.goto(&link);
    ana.wait_for("[data-testid=supervisor-rating]");
    ana.wait_for("[data-testid=user-name]");
    assert!(!has_nav(&ana, "nav-ledger") && !has_nav(&ana, "nav-stats"));
    assert!(
        ana.find(".supervisor-form").is_none(),
        "Ana may not rate her own work"
    );

    // Bruno heads her department: the pages, and the form.
    let bruno = ctx.driver.browser();
    sign_in(ctx, &bruno, "bruno@example.com");
    bruno.wait("the nav", || has_nav(&bruno, "nav-ledger").then_some(()));
    assert!(has_nav(&bruno, "nav-stats"));
    assert!(
        !has_nav(&bruno, "nav-settings"),
        "admins' pages stay the admins'"
    );
    // #22: a supervisor who types Settings' address gets the inbox.
    bruno.goto(&ctx.w.url("/console/#/settings/people"));
    bruno.wait_for("[data-testid=no-conversation]");
    assert!(bruno.find("[data-testid=people-page]").is_none());
    bruno.goto(&link);
    bruno.click(&bruno.wait_for("[data-testid=supervisor-like]"));
    bruno.click(&bruno.wait_for("[data-testid=supervisor-save]"));
    let shown = bruno.wait_for("[data-testid=supervisor-rating-shown]");
    assert_eq!(bruno.attr(&shown, "data-verdict").as_deref(), Some("like"));
    // Its thumb is drawn, not an emoji (an empty box without an emoji font).
    assert_eq!(
        bruno.run(
            "const t = arguments[0].querySelector('.thumb'); return t ? [t.textContent, getComputedStyle(t).maskImage.includes('svg'), t.getBoundingClientRect().width > 0] : null;",
            json!([shown.to_json()])
        ),
        json!(["", true, true]),
        "the verdict's thumb is a drawn mask"
    );

    // The list shows it beside the client's, once the ledger has it: the
    // conversation sends its record through its outbox, after answering,
    // so the list is loaded again until then.
    let row = format!("[data-testid=ledger-row][data-id={}]", ctx.quick);
    // The ratings' column is one to choose (the gear; remembered).
    bruno.goto(&ctx.w.url("/console/"));
    open_list(&bruno);
    bruno.click(&bruno.wait_for("[data-testid=ledger-columns-toggle]"));
    bruno.click(&bruno.wait_for("[data-testid=ledger-column-rating]"));
    bruno.wait("the ratings' column", || {
        bruno.find("th[data-column=rating]").map(|_| ())
    });
    bruno.wait("the supervisor's verdict in the list", || {
        bruno.goto(&ctx.w.url("/console/"));
        open_list(&bruno);
        let r = bruno.wait_for(&row);
        Some(bruno.text(&r)).filter(|t| t.contains("Supervisor: Liked"))
    });
}
