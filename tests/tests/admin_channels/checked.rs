//! #22, item 4 and the Channels list's columns: the list shows each
//! channel's connectors, operators online and conversations waiting, and
//! follows them; axe-core finds no serious or critical violation on any
//! page of the console; every setting of a channel's page is reached with
//! the keyboard alone, each with a visible focus ring, and a choice, a
//! toggle and a Save are worked with keys; each settings section is shot at
//! 1280 and 1024 px with the top bar on one row.
//!
//! Screenshots: target/test-artefacts/channels-list-activity.png,
//! section-<id>-1280.png and section-<id>-1024.png for each section.

use canal_tests::api::{get, login};
use canal_tests::browser::{Browser, ARROW_DOWN, ARROW_UP, ENTER, SHIFT, SPACE, TAB};
use canal_tests::scenario::visitor_writes;
use serde_json::{json, Value};

use super::{accept_open_conversation, alone_in_queue, in_card, open_whole_channel_page, Ctx};

/// A channel's sections, in the page's order.
const SECTIONS: [&str; 9] = [
    "queue",
    "widget",
    "crm",
    "automation",
    "consent",
    "responses",
    "bot",
    "kpi",
    "other",
];

/// The text of `css`, once it is there.
fn text_of(b: &Browser, css: &str) -> Option<String> {
    b.find(css).map(|e| b.text(&e))
}

/// Waits until the element `css` says exactly `want`.
fn wait_exact(b: &Browser, css: &str, want: &str) {
    b.wait(&format!("{css} to say {want}"), || {
        (text_of(b, css).as_deref() == Some(want)).then_some(())
    });
}

// #22: the Channels list has a column each for whether the channel is
// active, its connectors, its operators online and its conversations
// waiting; the counts follow an operator who signs in and a visitor who
// writes and is answered, while the list stays open. Only admins may ask.
// Screenshot: channels-list-activity.png.
pub fn settings_22_the_channels_list_counts_operators_online_and_conversations_waiting(ctx: &Ctx) {
    let _one = ctx.one_at_a_time();
    let admin = login(&ctx.w, "admin@example.com", &ctx.demo.admin.password);
    let ana = login(&ctx.w, "ana@example.com", &ctx.demo.admin.password);
    alone_in_queue(ctx, &admin.token, &ana.user.id);
    let (status, res) = get(&ctx.w, "/api/channels/activity", Some(&ana.token));
    assert_eq!(
        status, 403,
        "an operator may not see the list's counts: {res}"
    );

    let demo = ctx.demo.channel.id.to_string();
    let b = ctx.driver.browser();
    ctx.sign_in(&b, "admin@example.com");
    b.open_settings("channels");
    let cell = |testid: &str| in_card(&demo, testid);
    b.wait_for(&cell("channel-name"));
    let headers = b.texts("[data-testid=channels-list] thead th");
    for column in [
        "Channel",
        "Active",
        "Connectors",
        "Operators online",
        "Conversations waiting",
    ] {
        assert!(
            headers.iter().any(|h| h.eq_ignore_ascii_case(column)),
            "{column} in {headers:?}"
        );
    }
    wait_exact(&b, &cell("channel-connectors"), "Live chat");
    wait_exact(&b, &cell("channel-state"), "On");
    // Ana, alone in the queue, has not signed in.
    wait_exact(&b, &cell("channel-online"), "0");
    let waiting: u64 = b.wait("the conversations waiting", || {
        text_of(&b, &cell("channel-waiting"))?.parse().ok()
    });
    let (status, res) = get(&ctx.w, "/api/channels/activity", Some(&admin.token));
    assert_eq!(status, 200, "{res}");
    let mine = res["channels"]
        .as_array()
        .and_then(|l| l.iter().find(|c| c["id"] == json!(demo)))
        .cloned()
        .unwrap_or(Value::Null);
    assert_eq!(mine["connectors"], json!(["live_chat"]), "{res}");
    assert_eq!(mine["operators_online"], json!(0), "{res}");

    // A visitor writes: one more waits.
    let (v, vs) = visitor_writes(&ctx.w, &demo, "list1", "Is anyone there?");
    wait_exact(&b, &cell("channel-waiting"), &(waiting + 1).to_string());
    // Ana signs in: one operator online.
    let op = ctx.driver.browser();
    ctx.sign_in(&op, "ana@example.com");
    wait_exact(&b, &cell("channel-online"), "1");
    b.screenshot("channels-list-activity");
    // She takes the conversation: it waits no more.
    op.click_on(&format!(
        "[data-testid=conversation][data-id=\"{}\"]",
        v.conversation
    ));
    accept_open_conversation(&op);
    wait_exact(&b, &cell("channel-waiting"), &waiting.to_string());
    vs.close();
}

/// Runs axe on the page and keeps its violations, named by `page`.
fn axe(b: &Browser, page: &str, found: &mut Vec<String>) {
    found.extend(b.axe().into_iter().map(|v| format!("{page}: {v}")));
}

/// Whether the top bar's first and last items are on one row.
fn top_bar_on_one_row(b: &Browser) -> Value {
    b.run(
        "const first = document.querySelector('.topbar .sections a').getBoundingClientRect();\
         const last = document.querySelector('[data-testid=logout]').getBoundingClientRect();\
         return last.top < first.bottom && first.top < last.bottom;",
        json!([]),
    )
}

// #22, item 4: axe-core finds no serious or critical violation on any page
// a person opens: sign-in, the inbox with a conversation open, Conversations,
// Statistics, Clients with a card, Settings → Channels, a channel's page
// (every section is on it), People and departments, the account's lists
// and My settings. Each section of the channel's page is shot at 1280 and
// 1024 px, the top bar on one row at both.
// Screenshots: section-<id>-1280.png, section-<id>-1024.png.
pub fn settings_22_no_console_page_has_a_serious_accessibility_violation(ctx: &Ctx) {
    let _one = ctx.one_at_a_time();
    let admin = login(&ctx.w, "admin@example.com", &ctx.demo.admin.password);
    alone_in_queue(ctx, &admin.token, &admin.user.id);
    let demo = ctx.demo.channel.id.to_string();
    let (v, vs) = visitor_writes(&ctx.w, &demo, "axe1", "Do you deliver abroad?");
    let mut found = Vec::new();

    let b = ctx.driver.browser();
    b.resize(1280, 900);
    b.goto(&ctx.w.url("/console/"));
    b.wait_for("[data-testid=login-email]");
    axe(&b, "sign-in", &mut found);
    ctx.sign_in(&b, "admin@example.com");

    b.click_on(&format!(
        "[data-testid=conversation][data-id=\"{}\"]",
        v.conversation
    ));
    accept_open_conversation(&b);
    b.wait_for("[data-testid=client-card] [data-testid=client-name], [data-testid=client-none]");
    axe(&b, "the inbox", &mut found);

    b.click_on("[data-testid=nav-ledger]");
    b.wait_for("[data-testid=ledger-row]");
    axe(&b, "Conversations", &mut found);
    b.click_on("[data-testid=nav-stats]");
    b.wait_for("[data-testid=stats-totals]");
    axe(&b, "Statistics", &mut found);
    b.click_on("[data-testid=nav-clients]");
    b.wait_for("[data-testid=client-row]");
    b.click_on("[data-testid=client-row] [data-testid=client-open]");
    b.wait_for("[data-testid=client-details]");
    axe(&b, "Clients", &mut found);

    b.open_settings("channels");
    b.wait("the list's counts", || {
        let t = text_of(&b, &in_card(&demo, "channel-waiting"))?;
        t.parse::<u64>().ok()
    });
    axe(&b, "Settings → Channels", &mut found);

    open_whole_channel_page(&b, &demo);
    axe(&b, "a channel's page", &mut found);
    for width in [1280, 1024] {
        b.resize(width, 900);
        for section in SECTIONS {
            b.click_on(&format!("[data-testid=section-link-{section}]"));
            b.wait(&format!("{section} at the top"), || {
                let top = b.run(
                    "const e = document.querySelector(arguments[0]); return e ? Math.round(e.getBoundingClientRect().top) : null;",
                    json!([format!("[data-testid=section-{section}]")]),
                );
                let header = b.run(
                    "return Math.round(document.querySelector('.topbar').getBoundingClientRect().bottom);",
                    json!([]),
                );
                // Scrolled to the top of the settings' column.
                (top.as_i64()? <= header.as_i64()? + 40).then_some(())
            });
            b.screenshot(&format!("section-{section}-{width}"));
            assert_eq!(
                top_bar_on_one_row(&b),
                json!(true),
                "the top bar on one row at {width} px, on {section}"
            );
        }
    }
    b.resize(1280, 900);

    for (entry, ready) in [
        ("people", "[data-testid=people] [data-testid=person]"),
        (
            "consent",
            "[data-testid=consent-page] [data-testid=consent-save]",
        ),
        (
            "responses",
            "[data-testid=canned-page] [data-testid=canned-save]",
        ),
        ("bots", "[data-testid=bots-page] [data-testid=bot-form]"),
        ("files", "[data-testid=files-page]"),
    ] {
        b.open_settings(entry);
        b.wait_for(ready);
        axe(&b, &format!("Settings → {entry}"), &mut found);
    }
    b.click_on("[data-testid=nav-me]");
    b.wait_for("[data-testid=my-language]");
    axe(&b, "My settings", &mut found);
    vs.close();
    assert!(
        found.is_empty(),
        "serious or critical violations:\n{}",
        found.join("\n")
    );
}

/// The `data-kb` of the focused element: where it is and what it is
/// (`<section>|<n>`, a radio group `<section>|radio:<name>`), or `out`;
/// and whether a focus ring shows on it.
fn focus_now(b: &Browser) -> (String, bool) {
    let v = b.run(
        "const e = document.activeElement;\
         if (!e || !e.dataset || !e.dataset.kb) return ['out', true];\
         const s = getComputedStyle(e);\
         const ring = (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2) || s.boxShadow !== 'none';\
         return [e.dataset.kb, ring && e.matches(':focus-visible')];",
        json!([]),
    );
    (
        v[0].as_str().unwrap_or("out").to_owned(),
        v[1].as_bool().unwrap_or(false),
    )
}

/// Marks every element of each section that Tab should reach (enabled,
/// shown, in the tab order; one per radio group) with `data-kb`, and
/// returns their marks and descriptions, in document order.
fn mark_tabbables(b: &Browser) -> Vec<(String, String)> {
    let v = b.run(
        "const out = [];\
         for (const slug of arguments[0]) {\
           const root = document.querySelector('[data-testid=section-' + slug + ']');\
           if (!root) { out.push([slug + '|missing', location.hash]); continue; }\
           const groups = new Set();\
           let n = 0;\
           for (const e of root.querySelectorAll('a[href], button, input, select, textarea, iframe, summary, [tabindex]')) {\
             delete e.dataset.kb;\
             if (e.tabIndex < 0 || e.disabled || e.type === 'hidden' || !e.getClientRects().length) continue;\
             if (getComputedStyle(e).visibility === 'hidden' || e.closest('[inert], [hidden]')) continue;\
             const what = e.tagName.toLowerCase() + (e.type ? '[' + e.type + ']' : '') + ' ' + (e.dataset.testid || e.id || e.textContent.trim().slice(0, 30));\
             if (e.type === 'radio') {\
               const kb = slug + '|radio:' + e.name;\
               e.dataset.kb = kb;\
               if (!groups.has(e.name)) { groups.add(e.name); out.push([kb, what]); }\
               continue;\
             }\
             const kb = slug + '|' + (n++);\
             e.dataset.kb = kb;\
             out.push([kb, what]);\
           }\
         }\
         return out;",
        json!([SECTIONS]),
    );
    v.as_array()
        .into_iter()
        .flatten()
        .map(|p| {
            (
                p[0].as_str().unwrap_or_default().to_owned(),
                p[1].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect()
}

/// Presses `key` until the focus is on `testid` (at most `max` times).
fn press_until(b: &Browser, keys: &[&str], testid: &str, max: usize) {
    for _ in 0..max {
        let on = b.run(
            "return document.activeElement && document.activeElement.dataset ? document.activeElement.dataset.testid || null : null;",
            json!([]),
        );
        if on == json!(testid) {
            return;
        }
        b.press_chord(keys);
    }
    panic!("{testid} not reached with {keys:?} in {max} presses");
}

// #22, item 4: with the keyboard alone an admin tabs from the section menu
// through a channel's whole page and reaches every input, choice and
// button of every section, in order, each with a visible focus ring; then
// changes the distribution mode with an arrow key and a toggle with Space,
// saves with Enter, and puts both back (Shift+Tab).
pub fn settings_22_every_setting_of_a_channel_is_reached_with_the_keyboard(ctx: &Ctx) {
    let _one = ctx.one_at_a_time();
    let demo = ctx.demo.channel.id.to_string();
    let b = ctx.driver.browser();
    b.resize(1280, 900);
    ctx.sign_in(&b, "admin@example.com");
    b.open_channel_settings(&demo, "queue");
    b.wait_for("[data-testid=channel-settings] [data-testid=queue-save]");
    b.wait_for("[data-testid=channel-settings] [data-testid=kpi-save]");
    b.wait_for("[data-testid=channel-settings] [data-testid=channel-rename]");

    // Working them, from the Queue section its menu link focused: the
    // distribution mode with an arrow, a toggle with Space, Save with Enter.
    let mode = || {
        b.run(
            "return document.querySelector('input[name=mode]:checked').value;",
            json!([]),
        )
    };
    let checked_radio = || {
        b.run(
            "return document.querySelector('input[name=mode]:checked').dataset.testid;",
            json!([]),
        )
        .as_str()
        .unwrap_or_default()
        .to_owned()
    };
    let online = || {
        b.run(
            "return document.querySelector('[data-testid=queue-check-online]').checked;",
            json!([]),
        )
    };
    let (mode_before, online_before) = (mode(), online());
    press_until(&b, &[TAB], &checked_radio(), 30);
    b.press(ARROW_DOWN);
    b.wait("the mode to change", || {
        (mode() != mode_before).then_some(())
    });
    press_until(&b, &[TAB], "queue-check-online", 30);
    b.press(SPACE);
    assert_ne!(online(), online_before);
    b.wait_text_in("[data-testid=queue-saved]", "Unsaved changes");
    press_until(&b, &[TAB], "queue-save", 60);
    b.press(ENTER);
    b.wait_text_in("[data-testid=queue-saved]", "Saved");
    // Back with Shift+Tab: both as they were, saved again.
    press_until(&b, &[SHIFT, TAB], "queue-check-online", 60);
    b.press(SPACE);
    assert_eq!(online(), online_before);
    press_until(&b, &[SHIFT, TAB], &checked_radio(), 30);
    for _ in 0..3 {
        if mode() == mode_before {
            break;
        }
        b.press(ARROW_UP);
    }
    assert_eq!(mode(), mode_before);
    press_until(&b, &[TAB], "queue-save", 60);
    b.press(ENTER);
    b.wait_text_in("[data-testid=queue-saved]", "Saved");

    // Up to the section menu with Shift+Tab, then through the whole page
    // with Tab.
    press_until(&b, &[SHIFT, TAB], "section-link-queue", 80);
    b.press(ENTER);
    let expected = mark_tabbables(&b);
    assert!(expected.len() > 40, "the page's controls: {expected:?}");
    let mut reached = Vec::new();
    let mut no_ring = Vec::new();
    for _ in 0..expected.len() + 30 {
        b.press(TAB);
        let (kb, ring) = focus_now(&b);
        if kb == "out" {
            if !reached.is_empty() {
                break;
            }
            continue;
        }
        if !ring {
            no_ring.push(kb.clone());
        }
        reached.push(kb);
    }
    let missed: Vec<&(String, String)> = expected
        .iter()
        .filter(|(kb, _)| !reached.contains(kb))
        .collect();
    assert!(missed.is_empty(), "not reached with Tab: {missed:?}");
    let wanted: Vec<&String> = expected.iter().map(|(kb, _)| kb).collect();
    let got: Vec<&String> = reached.iter().collect();
    assert_eq!(got, wanted, "Tab follows the page's order");
    let ringless: Vec<&(String, String)> = expected
        .iter()
        .filter(|(kb, _)| no_ring.contains(kb))
        .collect();
    assert!(ringless.is_empty(), "no visible focus ring: {ringless:?}");
    // Every section but the notice's acceptances (a list, empty here) has
    // settings to reach.
    for section in SECTIONS.into_iter().filter(|s| *s != "consent") {
        assert!(
            expected
                .iter()
                .any(|(kb, _)| kb.starts_with(&format!("{section}|"))),
            "{section} has controls"
        );
    }
}
