//! The Channels admin page, the chat title on the Widget page, and what an
//! operator sees of a switched-off channel (R-CH-1, R-CH-2, R-CH-4, R-CH-5,
//! R-CH-8); a channel's connectors (R-CH-3, R-CH-9) and identity secret, and
//! a verified visitor in the operator's console; in real headless Chromium
//! against a real `wrangler dev` whose plan allows two channels.
//!
//! Settings (#22): the short top bar, the Settings menu, and a channel's
//! one page of settings with its section menu; an admin sets a channel up
//! on that page in Portuguese (`one_page`).
//!
//! Accessible and checked (`checked`): axe-core on every page, a channel's
//! page with the keyboard alone, each section at 1280 and 1024 px; and the
//! Channels list's counts.
//!
//! Screenshots: target/test-artefacts/settings-channels.png, the
//! Portuguese walk's inbox-conversation-pt-BR.png (and -1024), ledger-pt-BR.png,
//! statistics-pt-BR.png, clients-pt-BR.png (and -1024),
//! settings-channel-pt-BR.png (and -1024), settings-channel-responses-pt-BR.png,
//! settings-channel-consent-pt-BR.png, settings-<entry>-pt-BR.png,
//! settings-channel-1280.png, settings-channel-1024.png,
//! settings-channel-kpi.png, channels.png, channel-delete.png,
//! channel-paused.png, connectors.png, identity-secret.png,
//! visitor-verified.png.

use canal_shared::channels::{ChannelDetails, ChannelList};
use canal_shared::connectors::{webhook, ConnectorKind, ConnectorList};
use canal_shared::identity;
use canal_shared::ids::UserId;
use canal_tests::api::{get, login, post};
use canal_tests::browser::{Browser, Console, ENTER};
use canal_tests::cases;
use canal_tests::host::{Host, Page};
use canal_tests::scenario::visitor_writes;
use canal_tests::standin::StandIn;
use canal_tests::suite;
use serde_json::{json, Value};

use checked::{
    settings_22_every_setting_of_a_channel_is_reached_with_the_keyboard,
    settings_22_no_console_page_has_a_serious_accessibility_violation,
    settings_22_the_channels_list_counts_operators_online_and_conversations_waiting,
};
use one_page::settings_22_an_admin_sets_a_channel_up_on_its_one_page_in_portuguese;

#[path = "admin_channels/checked.rs"]
mod checked;
#[path = "admin_channels/one_page.rs"]
mod one_page;

/// One worker with the demo account and one browser driver; the cases
/// that change the same settings take turns.
type Ctx = Console;

fn main() {
    suite::run(
        || Console::start(&[("CANAL_CHANNEL_LIMIT", "2"), ("CANAL_MIN_DELAY_MS", "1000")]),
        cases![
            admins_create_rename_switch_and_delete_channels,
            settings_22_the_channels_list_counts_operators_online_and_conversations_waiting,
            settings_22_no_console_page_has_a_serious_accessibility_violation,
            settings_22_every_setting_of_a_channel_is_reached_with_the_keyboard,
            settings_22_a_channels_settings_are_one_page_in_the_seeds_order,
            settings_22_in_portuguese_the_console_shows_none_of_its_english,
            settings_22_a_section_says_it_is_unsaved_and_leaving_asks_first,
            settings_22_an_admin_sets_a_channel_up_on_its_one_page_in_portuguese,
            admins_set_the_chat_title_on_the_widget_page,
            operators_see_that_a_channel_is_switched_off,
            admins_add_and_remove_connectors,
            admins_make_the_identity_secret_and_operators_see_verified_visitors,
        ],
    )
}

/// Opens `channel`'s settings page and waits until every section of it
/// has loaded.
fn open_whole_channel_page(b: &Browser, channel: &str) {
    b.open_channel_settings(channel, "queue");
    for field in [
        "queue-save",
        "widget-save",
        "automation-save",
        "bot-channel-save",
        "canned-channel-save",
    ] {
        b.wait_for(&format!(
            "[data-testid=channel-settings] [data-testid={field}]"
        ));
    }
    b.wait_for("[data-testid=channel-settings] [data-testid=consent-acceptances], [data-testid=channel-settings] [data-testid=consent-acceptances-empty]");
}

/// Accepts the conversation open in `b`, offered to them, and waits for
/// its reply box to open.
fn accept_open_conversation(b: &Browser) {
    b.click_on("[data-testid=chat-accept]");
    b.wait_enabled("[data-testid=reply]", true);
}

fn wait_focus(b: &Browser, testid: &str) {
    b.wait(&format!("the focus on {testid}"), || {
        (b.focused() == json!(testid)).then_some(())
    });
}

/// The element `testid` in the card of channel `id`.
fn in_card(id: &str, testid: &str) -> String {
    format!("[data-testid=channel-row][data-id=\"{id}\"] [data-testid={testid}]")
}

fn channels(ctx: &Ctx, token: &str) -> ChannelList {
    let (status, res) = get(&ctx.w, "/api/channels", Some(token));
    assert_eq!(status, 200, "{res}");
    serde_json::from_value(res).expect("the channels")
}

/// Puts `user` alone in the demo channel's queue, offered every
/// conversation.
fn alone_in_queue(ctx: &Ctx, token: &str, user: &UserId) {
    let body = json!({
        "channel": ctx.demo.channel.id,
        "settings": {"mode": "strict", "idle_ms": 180_000, "check_online": false, "capacity": null},
        "entries": [{"kind": "user", "id": user}],
    });
    let (status, res) = post(&ctx.w, "/api/queue", Some(token), &body);
    assert_eq!(status, 200, "{res}");
}

/// Switches the demo channel on or off through the API.
fn set_demo_active(ctx: &Ctx, token: &str, active: bool) {
    let (status, res) = post(
        &ctx.w,
        "/api/channels/update",
        Some(token),
        &json!({"id": ctx.demo.channel.id, "active": active}),
    );
    assert_eq!(status, 200, "{res}");
}

// R-CH-1, R-CH-2, R-CH-4, R-CH-5, R-CH-8: an admin creates a channel up to
// the plan's limit, renames it (the other pages' pickers follow), copies its
// embed code, switches it off and on, and deletes it with its name typed
// again; a refusal of the server shows as it came.
fn admins_create_rename_switch_and_delete_channels(ctx: &Ctx) {
    let _one = ctx.one_at_a_time();
    let admin = login(&ctx.w, "admin@example.com", &ctx.demo.admin.password);
    let b = ctx.driver.browser();
    ctx.sign_in(&b, "admin@example.com");
    b.open_settings("channels");
    let demo = ctx.demo.channel.id.to_string();
    b.wait_text_in(&in_card(&demo, "channel-name"), "Open Channel 1");
    b.wait_text_in(&in_card(&demo, "channel-number"), "#1");
    b.wait_text_in(&in_card(&demo, "channel-state"), "On");
    b.wait_text_in("[data-testid=channel-count]", "1 of 2 channels");
    assert!(b.find("[data-testid=channel-limit-note]").is_none());

    // R-CH-4: a new channel is "Open Channel 2"; R-CH-2: then the plan is full.
    b.click_on("[data-testid=channel-create]");
    b.wait_text_in("[data-testid=channels-saved]", "Created Open Channel 2.");
    let second: ChannelDetails = channels(ctx, &admin.token)
        .channels
        .into_iter()
        .find(|c| c.number == 2)
        .expect("channel 2");
    assert_eq!(second.name, "Open Channel 2");
    let id = second.id.to_string();
    b.wait_text_in(&in_card(&id, "channel-name"), "Open Channel 2");
    wait_focus(&b, "channel-title");
    b.wait_text_in("[data-testid=channel-count]", "2 of 2 channels");
    b.wait_enabled("[data-testid=channel-create]", false);
    b.wait_text_in(
        "[data-testid=channel-limit-note]",
        "Your plan allows 2 and all are in use.",
    );
    b.screenshot("settings-channels");

    // #22: every setting of the channel is on its own page; the rest of
    // this case is in its Other settings section.
    b.click_on(&in_card(&id, "channel-configure"));
    b.wait_for(&format!("[data-testid=channel-settings][data-id=\"{id}\"]"));
    b.wait_text_in("[data-testid=channel-settings-title]", "Open Channel 2");
    b.click_on("[data-testid=section-link-other]");

    // R-CH-4: renaming checks the name before sending, and the server's
    // refusal of a name in use shows by the field.
    b.click_on(&in_card(&id, "channel-rename"));
    wait_focus(&b, "channel-rename-input");
    b.set_value(&in_card(&id, "channel-rename-input"), "   ");
    b.click_on(&in_card(&id, "channel-rename-save"));
    b.wait_text_in(
        &in_card(&id, "channel-rename-error"),
        "Enter a name of 1 to 80 characters",
    );
    b.set_value(&in_card(&id, "channel-rename-input"), "open channel 1");
    b.click_on(&in_card(&id, "channel-rename-save"));
    b.wait_text_in(&in_card(&id, "channel-rename-error"), "already a channel");
    b.wait_text_in("[data-testid=channels-error]", "already a channel");
    wait_focus(&b, "channel-rename-input");
    b.set_value(&in_card(&id, "channel-rename-input"), "  Sales desk ");
    b.click_on(&in_card(&id, "channel-rename-save"));
    b.wait_text_in("[data-testid=channels-saved]", "Renamed to Sales desk.");
    b.wait_text_in(&in_card(&id, "channel-name"), "Sales desk");
    wait_focus(&b, "channel-rename");
    assert!(b.find("[data-testid=channels-error]").is_none());

    // The embed code: this origin's loader and the channel's id.
    let snippet = b.run(
        "return document.querySelector(arguments[0]).value;",
        json!([in_card(&id, "channel-snippet")]),
    );
    let origin = ctx.w.url("");
    assert_eq!(
        snippet,
        json!(format!(
            r#"<script src="{origin}/widget.js" data-channel="{id}" async></script>"#
        )),
    );
    b.click_on(&in_card(&id, "channel-copy"));
    let status = b.wait("the copy's status", || {
        let s = b.text(&b.find(&in_card(&id, "channel-copy-status"))?);
        (!s.is_empty()).then_some(s)
    });
    // Copied, or selected for Ctrl+C when the browser refuses the clipboard.
    assert!(
        status.contains("Copied") || status.contains("selected"),
        "{status}"
    );
    b.screenshot("channels");

    // R-CH-5: switched off, then on again; the switch says what off means.
    let hint = b.run(
        "const e = document.querySelector(arguments[0]); return document.getElementById(e.getAttribute('aria-describedby')).textContent;",
        json!([in_card(&id, "channel-active")]),
    );
    let hint = hint.as_str().unwrap_or_default();
    assert!(hint.contains("widget keeps working"), "{hint}");
    assert!(hint.contains("nobody can answer"), "{hint}");
    b.click_on(&in_card(&id, "channel-active"));
    b.wait_text_in("[data-testid=channels-saved]", "Sales desk is switched off");
    b.wait_text_in(&in_card(&id, "channel-state"), "Off");
    wait_focus(&b, "channel-active");
    let active = |id: &str| {
        channels(ctx, &admin.token)
            .channels
            .into_iter()
            .find(|c| c.id.as_str() == id)
            .map(|c| c.active)
    };
    assert_eq!(active(&id), Some(false));
    b.click_on(&in_card(&id, "channel-active"));
    b.wait_text_in("[data-testid=channels-saved]", "Sales desk is switched on");
    b.wait_text_in(&in_card(&id, "channel-state"), "On");
    assert_eq!(active(&id), Some(true));

    // The page's title and the channel's other sections follow the name.
    b.wait_text_in("[data-testid=channel-settings-title]", "Sales desk");

    // R-CH-8: deleting says what happens and needs the name typed again.
    b.click_on(&in_card(&id, "channel-delete"));
    wait_focus(&b, "channel-delete-confirm");
    let consequences = b.wait_text_in(
        &in_card(&id, "channel-delete-consequences"),
        "history is kept",
    );
    for needle in [
        "its queue and its settings",
        "widget stops at once",
        "leave the operators' inboxes unanswered",
    ] {
        assert!(consequences.contains(needle), "{consequences}");
    }
    let submit = in_card(&id, "channel-delete-submit");
    b.wait_enabled(&submit, false);
    b.set_value(&in_card(&id, "channel-delete-confirm"), "Sales");
    b.wait_enabled(&submit, false);
    b.set_value(&in_card(&id, "channel-delete-confirm"), " sales DESK ");
    b.wait_enabled(&submit, true);
    b.screenshot("channel-delete");
    b.click_on(&submit);
    b.wait_text_in("[data-testid=channels-saved]", "Deleted Sales desk.");
    b.wait("the card to go", || {
        b.find(&format!("[data-testid=channel-row][data-id=\"{id}\"]"))
            .is_none()
            .then_some(())
    });
    wait_focus(&b, "channels-list-title");
    b.wait_text_in("[data-testid=channels-empty]", "was deleted");
    b.click_on("[data-testid=back-to-channels]");
    b.wait_text_in("[data-testid=channel-count]", "1 of 2 channels");
    b.wait_enabled("[data-testid=channel-create]", true);
    let left: Vec<String> = channels(ctx, &admin.token)
        .channels
        .into_iter()
        .map(|c| c.id.to_string())
        .collect();
    assert_eq!(left, [demo]);
    let (status, _) = post(
        &ctx.w,
        "/api/visitor/session",
        None,
        &json!({"channel": id}),
    );
    assert_eq!(status, 404, "its widget stops");

    // R-CH-2: another admin took the last place meanwhile; the server's
    // refusal shows, and the page catches up.
    let (status, other) = post(&ctx.w, "/api/channels", Some(&admin.token), &json!({}));
    assert_eq!(status, 200, "{other}");
    b.click_on("[data-testid=channel-create]");
    b.wait_text_in("[data-testid=channels-error]", "allows 2 open channels");
    b.wait_text_in("[data-testid=channel-count]", "2 of 2 channels");
    let other_id = other["id"].as_str().expect("an id");
    let (status, res) = post(
        &ctx.w,
        "/api/channels/delete",
        Some(&admin.token),
        &json!({"id": other_id, "confirm": other["name"]}),
    );
    assert_eq!(status, 200, "{res}");
}

// #22: the top bar is Inbox, Conversations, Statistics, Clients and
// Settings on one row at 1280 and 1024 px; a channel's page holds its
// sections in the seed's order, with no element id twice; a section link
// brings its section into view, and the address names it, so a reload
// comes back to it.
fn settings_22_a_channels_settings_are_one_page_in_the_seeds_order(ctx: &Ctx) {
    let _one = ctx.one_at_a_time();
    let b = ctx.driver.browser();
    ctx.sign_in(&b, "admin@example.com");
    let top: Vec<String> = b
        .wait("the top bar", || {
            let t = b.texts(".topbar .sections a");
            (t.len() == 5).then_some(t)
        })
        .into_iter()
        .map(|t| t.trim().to_owned())
        .collect();
    assert_eq!(
        top,
        [
            "Inbox",
            "Conversations",
            "Statistics",
            "Clients",
            "Settings"
        ]
    );
    let demo = ctx.demo.channel.id.to_string();
    b.open_channel_settings(&demo, "queue");
    let order = b.run(
        "return [...document.querySelectorAll('[data-testid=channel-settings] > .channel-section')].map(e => e.dataset.testid);",
        json!([]),
    );
    assert_eq!(
        order,
        json!([
            "section-queue",
            "section-widget",
            "section-crm",
            "section-automation",
            "section-consent",
            "section-responses",
            "section-bot",
            "section-kpi",
            "section-other"
        ])
    );
    // Each section has loaded its settings.
    for field in [
        "queue-save",
        "widget-save",
        "crm-settings-save",
        "automation-save",
        "canned-channel-save",
        "bot-channel-save",
    ] {
        b.wait_for(&format!(
            "[data-testid=channel-settings] [data-testid={field}]"
        ));
    }
    let twice = b.run(
        "const seen = new Map(); for (const e of document.querySelectorAll('[id]')) seen.set(e.id, (seen.get(e.id) || 0) + 1); return [...seen].filter(([, n]) => n > 1).map(([id]) => id);",
        json!([]),
    );
    assert_eq!(twice, json!([]), "ids used twice on the page");
    for width in [1280, 1024] {
        b.resize(width, 800);
        // On one row, every item of the bar starts above the end of each.
        let one_row = b.run(
            "const r = [...document.querySelectorAll('.topbar > *, .topbar .sections > *')].filter(e => e.offsetParent && e.getBoundingClientRect().height > 4).map(e => e.getBoundingClientRect()); const end = Math.min(...r.map(x => x.bottom)); return r.every(x => x.top < end);",
            json!([]),
        );
        b.screenshot(&format!("settings-channel-{width}"));
        assert_eq!(one_row, json!(true), "the top bar on one row at {width} px");
    }
    // A section link scrolls its section to the top of the page.
    b.click_on("[data-testid=section-link-kpi]");
    b.wait("the KPI section in view", || {
        let top = b.run(
            "const s = document.querySelector('[data-testid=section-kpi]').getBoundingClientRect().top; const body = document.querySelector('.settings-body').getBoundingClientRect().top; return Math.abs(s - body) < 40;",
            json!([]),
        );
        (top == json!(true)).then_some(())
    });
    assert!(b
        .current_url()
        .ends_with(&format!("#/settings/channels/{demo}/kpi")));
    let current = b.wait_for("[data-testid=section-link-kpi]");
    assert_eq!(
        b.attr(&current, "aria-current").as_deref(),
        Some("location")
    );
    b.screenshot("settings-channel-kpi");
    b.refresh();
    b.wait_for("[data-testid=section-kpi]");
    b.wait("the KPI section in view after a reload", || {
        let focused = b.run(
            "return document.activeElement && document.activeElement.dataset.testid;",
            json!([]),
        );
        (focused == json!("section-kpi")).then_some(())
    });
}

/// The console catalog's one-line messages in `tag` (every area), by id.
fn console_catalog(tag: &str) -> std::collections::BTreeMap<String, String> {
    let dir = canal_tests::worker::root().join("shared/locales/console");
    let mut files = vec![dir.join(format!("{tag}.ftl"))];
    for area in std::fs::read_dir(&dir)
        .expect("the console catalog")
        .flatten()
    {
        if area.path().is_dir() {
            files.push(area.path().join(format!("{tag}.ftl")));
        }
    }
    let mut messages = std::collections::BTreeMap::new();
    for file in files {
        let text = std::fs::read_to_string(&file).expect("a catalog file");
        for line in text.lines() {
            if let Some((id, value)) = line.split_once(" = ") {
                if !id.starts_with([' ', '#']) && !id.contains(' ') {
                    messages.insert(id.to_owned(), value.trim().to_owned());
                }
            }
        }
    }
    messages
}

// #22: an admin whose browser reads Portuguese walks the console — the
// inbox with an offered, then accepted conversation, its client card and
// the predefined responses' picker, Conversations, Statistics, Clients with
// a card open and its merge, a channel's settings page with every section,
// People and departments, Chat bots, Files, the predefined responses and
// the personal-data notices, My settings — and no page shows a text of the
// console's catalog in English (runs of 12 characters or more whose
// Portuguese differs, the fixed parts of messages with variables too).
fn settings_22_in_portuguese_the_console_shows_none_of_its_english(ctx: &Ctx) {
    let _one = ctx.one_at_a_time();
    let en = console_catalog("en");
    let pt = console_catalog("pt-BR");
    // The English texts, and of those with variables their fixed parts
    // ("Lead from { $source }, made by { $name }" gives ", made by "), long
    // enough not to be a word both languages share.
    let english: Vec<String> = en
        .iter()
        .filter(|(id, text)| pt.get(*id) != Some(*text))
        .flat_map(|(_, text)| {
            text.split(['{', '}'])
                .step_by(2)
                .map(str::trim)
                .filter(|part| part.chars().count() >= 12)
                .map(str::to_owned)
                .collect::<Vec<_>>()
        })
        .collect();
    assert!(
        english.len() > 400,
        "the catalog is read: {}",
        english.len()
    );
    let admin = login(&ctx.w, "admin@example.com", &ctx.demo.admin.password);
    // The admin alone in the queue: the visitor's conversation is offered
    // to them, and its card is theirs to see.
    alone_in_queue(ctx, &admin.token, &admin.user.id);
    let (v, vs) = visitor_writes(
        &ctx.w,
        ctx.demo.channel.id.as_str(),
        "pt1",
        "Olá, vocês entregam em Campinas?",
    );

    let b = ctx.driver.browser_in("pt-BR");
    ctx.sign_in(&b, "admin@example.com");
    let shown = |b: &Browser| -> String {
        b.run("return document.body.innerText;", json!([]))
            .as_str()
            .unwrap_or_default()
            .to_owned()
    };
    let check = |b: &Browser, page: &str| {
        let text = shown(b);
        let left: Vec<&String> = english
            .iter()
            .filter(|e| text.contains(e.as_str()))
            .collect();
        assert!(left.is_empty(), "{page} shows English: {left:?}");
    };
    b.wait_text_in("[data-testid=nav-settings]", "Configurações");
    check(&b, "the inbox");

    // The inbox with the conversation open, accepted, and its client card.
    let item = format!("[data-testid=conversation][data-id=\"{}\"]", v.conversation);
    b.click_on(&item);
    b.wait_text_in("[data-testid=composer-note]", "Aceite esta conversa");
    check(&b, "an offered conversation");
    accept_open_conversation(&b);
    b.wait_for("[data-testid=client-card] [data-testid=client-name], [data-testid=client-none]");
    b.wait_text_in("[data-testid=create-lead]", "Criar lead");
    b.click_on("[data-testid=canned-open]");
    b.wait_for("[data-testid=canned-panel]");
    check(&b, "the open conversation");
    b.screenshot("inbox-conversation-pt-BR");
    b.resize(1024, 800);
    b.screenshot("inbox-conversation-pt-BR-1024");
    b.resize(1280, 800);

    // Conversations (the ledger and its search), Statistics, Clients.
    b.click_on("[data-testid=nav-ledger]");
    b.wait_for("[data-testid=ledger-row]");
    b.wait_text_in("[data-testid=ledger-total]", "conversa");
    check(&b, "Conversations");
    b.screenshot("ledger-pt-BR");
    b.click_on("[data-testid=nav-stats]");
    b.wait_for("[data-testid=stats-totals]");
    check(&b, "Statistics");
    b.screenshot("statistics-pt-BR");
    b.click_on("[data-testid=nav-clients]");
    b.wait_for("[data-testid=client-row]");
    b.click_on("[data-testid=client-row] [data-testid=client-open]");
    b.wait_for("[data-testid=client-details]");
    b.click_on("[data-testid=client-merge]");
    b.wait_for("[data-testid=client-merge-panel]");
    check(&b, "Clients");
    b.screenshot("clients-pt-BR");
    b.resize(1024, 800);
    b.screenshot("clients-pt-BR-1024");
    b.resize(1280, 800);

    // Every section of the channel's settings, Responses and Consent too.
    let demo = ctx.demo.channel.id.to_string();
    open_whole_channel_page(&b, &demo);
    b.wait_text_in("[data-testid=section-link-queue]", "Fila");
    check(&b, "the channel's settings");
    b.screenshot("settings-channel-pt-BR");
    b.open_channel_settings(&demo, "responses");
    b.screenshot("settings-channel-responses-pt-BR");
    b.open_channel_settings(&demo, "consent");
    b.screenshot("settings-channel-consent-pt-BR");
    // Portuguese is longer: the bar still holds on one row at 1024 px.
    b.resize(1024, 800);
    b.screenshot("settings-channel-pt-BR-1024");
    let one_row = b.run(
        "const r = [...document.querySelectorAll('.topbar > *, .topbar .sections > *')].filter(e => e.offsetParent && e.getBoundingClientRect().height > 4).map(e => e.getBoundingClientRect()); const end = Math.min(...r.map(x => x.bottom)); return r.every(x => x.top < end);",
        json!([]),
    );
    assert_eq!(
        one_row,
        json!(true),
        "the top bar on one row at 1024 px, in Portuguese"
    );
    b.resize(1280, 800);
    for (entry, ready) in [
        ("people", "[data-testid=people] [data-testid=person]"),
        ("bots", "[data-testid=bot-row]"),
        ("files", "[data-testid=files-page]"),
        (
            "responses",
            "[data-testid=canned-page] [data-testid=canned-save]",
        ),
        (
            "consent",
            "[data-testid=consent-page] [data-testid=consent-save]",
        ),
    ] {
        b.open_settings(entry);
        b.wait_for(ready);
        check(&b, entry);
        b.screenshot(&format!("settings-{entry}-pt-BR"));
    }
    b.click(&b.wait_for("[data-testid=nav-me]"));
    b.wait_for("[data-testid=my-language]");
    check(&b, "my settings");
    vs.close();
}

// #22: a section whose fields differ from what is saved says so beside its
// Save; moving to another section of the channel's page just scrolls, but
// leaving the page for another asks first — staying keeps what was typed
// and the address, leaving drops it (the browser's own question on a reload
// or a closed tab is the `beforeunload` the same register answers).
// Screenshot: settings-unsaved.png.
fn settings_22_a_section_says_it_is_unsaved_and_leaving_asks_first(ctx: &Ctx) {
    let _one = ctx.one_at_a_time();
    let b = ctx.driver.browser();
    ctx.sign_in(&b, "admin@example.com");
    let demo = ctx.demo.channel.id.to_string();
    b.open_channel_settings(&demo, "automation");
    let greeting = "[data-testid=automation-greeting-text]";
    let stored = value_of(&b, greeting);
    let state = "[data-testid=automation-saved]";
    assert_eq!(b.text(&b.wait_for(state)), "");
    b.set_value(greeting, "Olá! Já vamos responder.");
    b.wait_text_in(state, "Unsaved changes");
    // Typing it back as it was is no change.
    b.set_value(greeting, &stored);
    b.wait("the state to clear", || {
        b.text(&b.wait_for(state)).is_empty().then_some(())
    });
    assert!(b.find("[data-testid=section-unsaved]").is_none());
    b.set_value(greeting, "Olá! Já vamos responder.");
    b.wait_text_in(state, "Unsaved changes");
    // The section menu, always in view, marks the section too.
    b.wait_for("[data-testid=section-link-automation] [data-testid=section-unsaved]");
    assert!(b
        .find("[data-testid=section-link-kpi] [data-testid=section-unsaved]")
        .is_none());
    b.screenshot("settings-unsaved");
    // The browser's question, answered by the test.
    let answer = |yes: bool| {
        b.run(
            "const yes = arguments[0]; window.asked = []; window.confirm = q => { window.asked.push(q); return yes; };",
            json!([yes]),
        );
    };
    let asked = || b.run("return window.asked;", json!([]));
    answer(false);
    b.click_on("[data-testid=section-link-kpi]");
    b.wait_for("[data-testid=section-kpi]");
    assert!(b.current_url().ends_with("/kpi"), "{}", b.current_url());
    assert_eq!(
        asked(),
        json!([]),
        "a section of the same page asks nothing"
    );
    b.click_on("[data-testid=nav-inbox]");
    b.wait("the question", || {
        (asked().as_array().map_or(0, Vec::len) == 1).then_some(())
    });
    assert!(
        asked()[0]
            .as_str()
            .unwrap_or_default()
            .contains("not saved"),
        "{}",
        asked()
    );
    // Staying: the page, its address and what was typed are kept.
    assert!(b
        .current_url()
        .contains(&format!("/settings/channels/{demo}")));
    assert_eq!(value_of(&b, greeting), "Olá! Já vamos responder.");
    assert!(b.find("[data-testid=channel-settings]").is_some());
    // Leaving: the inbox, and nothing was saved.
    answer(true);
    b.click_on("[data-testid=nav-inbox]");
    b.wait("the inbox", || {
        b.find("[data-testid=channel-settings]")
            .is_none()
            .then_some(())
    });
    assert!(b.current_url().ends_with("#/inbox"), "{}", b.current_url());
    b.open_channel_settings(&demo, "automation");
    b.wait("the stored greeting", || {
        (value_of(&b, greeting) == stored).then_some(())
    });
    // Once saved, leaving asks nothing.
    b.set_value(greeting, "Olá! Já vamos responder.");
    b.click_on("[data-testid=automation-save]");
    b.wait_text_in(state, "Saved");
    answer(false);
    b.click_on("[data-testid=nav-inbox]");
    b.wait("the inbox", || {
        b.find("[data-testid=channel-settings]")
            .is_none()
            .then_some(())
    });
    assert_eq!(asked(), json!([]));
    let admin = login(&ctx.w, "admin@example.com", &ctx.demo.admin.password);
    let path = format!("/api/automation?channel={demo}");
    let (_, mut automation) = get(&ctx.w, &path, Some(&admin.token));
    assert_eq!(
        automation["settings"]["greeting"]["text"],
        json!("Olá! Já vamos responder.")
    );
    automation["settings"]["greeting"]["text"] = if stored.is_empty() {
        Value::Null
    } else {
        json!(stored)
    };
    let (status, res) = post(&ctx.w, "/api/automation", Some(&admin.token), &automation);
    assert_eq!(status, 200, "{res}");
}

// R-CH-4: the chat title is set on the Widget page, checked (80 characters
// at most) and saved with the rest; the widget's config shows it.
fn admins_set_the_chat_title_on_the_widget_page(ctx: &Ctx) {
    let _one = ctx.one_at_a_time();
    let b = ctx.driver.browser();
    ctx.sign_in(&b, "admin@example.com");
    b.open_channel_settings(ctx.demo.channel.id.as_str(), "widget");
    let hint = b.wait_text_in("#widget-chat-title-hint", "Empty: the channel's name.");
    assert!(hint.contains("Optional"), "{hint}");
    b.set_value("[data-testid=widget-chat-title]", &"x".repeat(81));
    b.wait_text_in(
        "[data-testid=widget-chat-title-count]",
        "81 of 80 characters: 1 too many",
    );
    b.click_on("[data-testid=widget-save]");
    b.wait_text_in(
        "[data-testid=widget-chat-title-error]",
        "at most 80 characters",
    );
    wait_focus(&b, "widget-chat-title");
    b.set_value("[data-testid=widget-chat-title]", "  Ask the shop ");
    b.wait_text_in(
        "[data-testid=widget-chat-title-count]",
        "12 of 80 characters",
    );
    b.click_on("[data-testid=widget-save]");
    b.wait_text_in("[data-testid=widget-saved]", "Saved");
    let config = || {
        let (status, res) = get(
            &ctx.w,
            &format!("/api/widget/config?channel={}&fresh=1", ctx.demo.channel.id),
            None,
        );
        assert_eq!(status, 200, "{res}");
        res
    };
    assert_eq!(config()["title"], json!("Ask the shop"));
    // Saved as trimmed, and shown so after a reload, which stays on the
    // channel's page (#22: the URL says where).
    b.refresh();
    b.wait_for("[data-testid=section-widget]");
    b.wait("the title saved", || {
        let v = b.run(
            "const e = document.querySelector('[data-testid=widget-chat-title]'); return e && e.value;",
            json!([]),
        );
        (v == json!("Ask the shop")).then_some(())
    });

    // Empty: the channel's name again.
    b.set_value("[data-testid=widget-chat-title]", "");
    b.click_on("[data-testid=widget-save]");
    b.wait_text_in("[data-testid=widget-saved]", "Saved");
    assert_eq!(config()["title"], json!(ctx.demo.channel.name));
}

// R-CH-5: an operator whose conversation's channel is switched off sees why
// in the list and in the pane, and cannot write until it is on again.
fn operators_see_that_a_channel_is_switched_off(ctx: &Ctx) {
    let _one = ctx.one_at_a_time();
    let admin = login(&ctx.w, "admin@example.com", &ctx.demo.admin.password);
    let ana = login(&ctx.w, "ana@example.com", &ctx.demo.admin.password);
    alone_in_queue(ctx, &admin.token, &ana.user.id);
    let (v, vs) = visitor_writes(
        &ctx.w,
        ctx.demo.channel.id.as_str(),
        "off1",
        "Is anyone there?",
    );

    let op = ctx.driver.browser();
    ctx.sign_in(&op, "ana@example.com");
    let item = format!("[data-testid=conversation][data-id=\"{}\"]", v.conversation);
    op.click_on(&item);
    accept_open_conversation(&op);
    assert!(op.find("[data-testid=channel-paused]").is_none());

    // Switched off: a banner, a disabled composer that says why, a tag in
    // the list.
    set_demo_active(ctx, &admin.token, false);
    let banner = op.wait_text_in(
        "[data-testid=channel-paused]",
        "This channel is switched off:",
    );
    assert!(banner.contains("nobody can answer"), "{banner}");
    op.wait_text_in(
        &format!("{item} [data-testid=conversation-paused]"),
        "Channel off",
    );
    op.wait_enabled("[data-testid=reply]", false);
    op.wait_enabled("[data-testid=send-reply]", false);
    op.wait_text_in("[data-testid=composer-note]", "switched off");
    op.screenshot("channel-paused");

    // On again: the operator answers.
    set_demo_active(ctx, &admin.token, true);
    op.wait("the banner to go", || {
        op.find("[data-testid=channel-paused]")
            .is_none()
            .then_some(())
    });
    assert!(op
        .find(&format!("{item} [data-testid=conversation-paused]"))
        .is_none());
    op.wait_enabled("[data-testid=reply]", true);
    vs.close();
}

/// A well-formed bot token (the stand-in Bot API takes any).
const BOT_TOKEN: &str = "123456:AAbbCCddEEffGGhhIIjjKKllMMnnOOppQQ";

fn now_s() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or_default()
}

/// The element `testid` in the section `section` of channel `id`'s card.
fn in_part(id: &str, section: &str, testid: &str) -> String {
    format!("{} [data-testid={testid}]", in_card(id, section))
}

/// A field's value.
fn value_of(b: &Browser, css: &str) -> String {
    b.wait_for(css);
    b.run(
        "return document.querySelector(arguments[0]).value;",
        json!([css]),
    )
    .as_str()
    .unwrap_or_default()
    .to_owned()
}

/// The channel's connectors, through the API.
fn connector_list(ctx: &Ctx, token: &str) -> ConnectorList {
    let (status, res) = get(
        &ctx.w,
        &format!("/api/connectors?channel={}", ctx.demo.channel.id),
        Some(token),
    );
    assert_eq!(status, 200, "{res}");
    serde_json::from_value(res).expect("the connectors")
}

/// Removes the connector of row `row` through the page, after its
/// confirmation, and waits until the row is gone.
fn remove_in_page(b: &Browser, channel: &str, row: &str, label: &str) {
    let row_css = format!(
        "{} [data-testid=connector-row][data-id=\"{row}\"]",
        in_card(channel, "connectors-section")
    );
    b.click_on(&format!("{row_css} [data-testid=connector-remove]"));
    wait_focus(b, "connector-remove-cancel");
    b.wait_text_in(
        &format!("{row_css} [data-testid=connector-remove-panel]"),
        "history is kept",
    );
    b.click_on(&format!("{row_css} [data-testid=connector-remove-confirm]"));
    b.wait_text_in(
        &in_part(channel, "connectors-section", "connectors-saved"),
        &format!("Removed the {label} connector."),
    );
    b.wait("the connector's row to go", || {
        b.find(&row_css).is_none().then_some(())
    });
    wait_focus(b, "connectors-title");
}

// R-CH-3, R-CH-9: an admin adds a webhook and sees its signing secret once
// (it signs what the admin's system posts), its row with the full inbound
// address; a second webhook is refused with the server's 409 by the form;
// a malformed bot token is refused with the server's 400 by its field, and
// one Telegram refuses too; a bot through a stand-in Bot API is added with
// its webhook set at Telegram; each is removed after a confirmation.
fn admins_add_and_remove_connectors(ctx: &Ctx) {
    let _one = ctx.one_at_a_time();
    let admin = login(&ctx.w, "admin@example.com", &ctx.demo.admin.password);
    let demo = ctx.demo.channel.id.to_string();
    let part = |testid: &str| in_part(&demo, "connectors-section", testid);
    let b = ctx.driver.browser();
    ctx.sign_in(&b, "admin@example.com");
    b.open_channel_settings(&demo, "other");
    b.wait_text_in(
        &part("connectors-live-chat"),
        "The live chat (the widget) is built into every channel",
    );
    b.wait_for(&part("connectors-empty"));

    // A webhook: plain http is allowed to this machine.
    b.click_on(&part("connector-kind-webhook"));
    b.set_value(&part("connector-url"), "  ");
    b.click_on(&part("connector-add"));
    b.wait_text_in(
        &part("connector-error"),
        "Enter the URL that receives the replies.",
    );
    b.wait_text_in(&part("connector-url-error"), "Enter the URL");
    wait_focus(&b, "connector-url");
    b.set_value(&part("connector-url"), "http://127.0.0.1:9/hook");
    b.click_on(&part("connector-add"));
    b.wait_text_in(&part("connectors-saved"), "Added the webhook.");
    let secret = value_of(&b, &part("connector-secret"));
    assert!(secret.len() >= 32, "{secret:?}");
    wait_focus(&b, "connector-secret");
    let note = b.run(
        "const e = document.querySelector(arguments[0]); return document.getElementById(e.getAttribute('aria-describedby')).textContent;",
        json!([part("connector-secret")]),
    );
    let note = note.as_str().unwrap_or_default();
    assert!(note.contains("will not be shown again"), "{note}");
    assert!(
        note.contains("See docs/connectors.md for the signature"),
        "{note}"
    );
    assert!(b.find(&part("connector-error")).is_none());

    // Its row: the kind, the target, the full inbound address.
    let list = connector_list(ctx, &admin.token);
    assert_eq!(list.connectors.len(), 1, "{list:?}");
    let hook = list.connectors[0].clone();
    assert_eq!(hook.kind, ConnectorKind::Webhook);
    let row = format!(
        "{} [data-testid=connector-row][data-id=\"{}\"]",
        in_card(&demo, "connectors-section"),
        hook.id
    );
    b.wait_text_in(&format!("{row} [data-testid=connector-kind]"), "Webhook");
    b.wait_text_in(
        &format!("{row} [data-testid=connector-target]"),
        "http://127.0.0.1:9/hook",
    );
    let inbound = ctx.w.url(&hook.inbound_path);
    let shown = b.wait_text_in(
        &format!("{row} [data-testid=connector-inbound]"),
        "/inbound",
    );
    assert_eq!(shown, inbound);
    b.screenshot("connectors");

    // The secret shown is the one the connector checks (R-CH-9).
    let body = json!({"client": {"id": "crm-1", "name": "Rita"},
                      "message": {"id": "m-1", "text": "Signed with the secret the page showed"}})
    .to_string();
    let ts = now_s();
    let res = ureq::post(&inbound)
        .set("content-type", "application/json")
        .set(webhook::TIMESTAMP_HEADER, &ts.to_string())
        .set(
            webhook::SIGNATURE_HEADER,
            &webhook::sign(&secret, ts, &body),
        )
        .send_string(&body);
    assert!(matches!(&res, Ok(r) if r.status() == 200), "{res:?}");

    // R-CH-3: one webhook per channel; the form offers Telegram only.
    b.wait_enabled(&part("connector-kind-webhook"), false);
    b.wait_text_in(&part("connector-add"), "Add the Telegram bot");

    // Shown once: not after a reload.
    b.click_on(&part("connector-secret-done"));
    wait_focus(&b, "connectors-title");
    b.refresh();
    b.wait_for(&row);
    assert!(b.find(&part("connector-secret")).is_none());

    remove_in_page(&b, &demo, hook.id.as_str(), "Webhook");
    assert!(connector_list(ctx, &admin.token).connectors.is_empty());
    b.wait_enabled(&part("connector-kind-webhook"), true);

    // R-CH-3: another admin added a webhook meanwhile; this page's second
    // one is refused with the server's 409, by the form, and the list
    // catches up.
    let (status, res) = post(
        &ctx.w,
        "/api/connectors",
        Some(&admin.token),
        &json!({"channel": demo, "settings": {"kind": "webhook", "url": "https://crm.example/canal"}}),
    );
    assert_eq!(status, 200, "{res}");
    let other = res["connector"]["id"].as_str().expect("an id").to_owned();
    b.click_on(&part("connector-kind-webhook"));
    b.set_value(&part("connector-url"), "http://127.0.0.1:9/hook");
    b.click_on(&part("connector-add"));
    b.wait_text_in(
        &part("connector-error"),
        "This channel already has a Webhook connector; a second one needs another channel",
    );
    assert!(b.find(&part("connector-secret")).is_none());
    b.wait_text_in(&part("connector-target"), "https://crm.example/canal");
    b.wait_enabled(&part("connector-kind-webhook"), false);
    remove_in_page(&b, &demo, &other, "Webhook");

    // A token that is not one @BotFather gives: the server's 400, by the
    // field.
    b.click_on(&part("connector-kind-telegram"));
    let token_type = |b: &Browser| b.attr(&b.wait_for(&part("connector-token")), "type");
    assert_eq!(token_type(&b).as_deref(), Some("password"));
    b.click_on(&part("connector-token-show"));
    b.wait("the token to show", || {
        (token_type(&b).as_deref() == Some("text")).then_some(())
    });
    b.click_on(&part("connector-token-show"));
    b.set_value(&part("connector-token"), "nope");
    b.click_on(&part("connector-add"));
    b.wait_text_in(&part("connector-error"), "not one @BotFather gives");
    b.wait_text_in(&part("connector-token-error"), "not one @BotFather gives");
    wait_focus(&b, "connector-token");
    assert_eq!(
        b.attr(&b.wait_for(&part("connector-token")), "aria-invalid")
            .as_deref(),
        Some("true")
    );

    // A token Telegram refuses: its reason.
    let api = StandIn::start();
    api.answer(
        "/setWebhook",
        &[(
            401,
            r#"{"ok":false,"error_code":401,"description":"Unauthorized"}"#,
        )],
    );
    b.set_value(&part("connector-token"), BOT_TOKEN);
    b.set_value(&part("connector-api-base"), &api.url());
    b.click_on(&part("connector-add"));
    b.wait_text_in(&part("connector-error"), "Telegram did not accept the bot");
    assert!(connector_list(ctx, &admin.token).connectors.is_empty());

    // Accepted: Canal points the bot at the connector's inbound address.
    api.answer("/setWebhook", &[(200, r#"{"ok":true,"result":true}"#)]);
    b.click_on(&part("connector-add"));
    b.wait_text_in(&part("connectors-saved"), "Added the Telegram bot");
    assert!(b.find(&part("connector-error")).is_none());
    assert!(
        b.find(&part("connector-secret")).is_none(),
        "a bot has no secret to show"
    );
    let bot = connector_list(ctx, &admin.token).connectors;
    assert_eq!(bot.len(), 1, "{bot:?}");
    let bot = bot[0].clone();
    assert_eq!(bot.kind, ConnectorKind::Telegram);
    let set = api.wait_calls("/setWebhook", 2);
    assert_eq!(
        set[1].json()["url"],
        json!(ctx.w.url(&bot.inbound_path)),
        "{:?}",
        set[1]
    );
    let row = format!(
        "{} [data-testid=connector-row][data-id=\"{}\"]",
        in_card(&demo, "connectors-section"),
        bot.id
    );
    b.wait_text_in(&format!("{row} [data-testid=connector-kind]"), "Telegram");
    b.wait_text_in(&format!("{row} [data-testid=connector-target]"), "123456:");
    let target = b.text(&b.wait_for(&format!("{row} [data-testid=connector-target]")));
    assert!(
        !target.contains("AAbbCC"),
        "never the token's secret half: {target}"
    );
    remove_in_page(&b, &demo, bot.id.as_str(), "Telegram");
    api.wait_calls("/deleteWebhook", 1);
    assert!(connector_list(ctx, &admin.token).connectors.is_empty());
}

// An admin makes the channel's identity secret on the page (shown once) and
// replaces it after a confirmation; a page signs its user's token with it
// (`data-user-token`); the operator sees the visitor's name, the Verified
// badge with the site's user id, and the email.
fn admins_make_the_identity_secret_and_operators_see_verified_visitors(ctx: &Ctx) {
    let _one = ctx.one_at_a_time();
    let admin = login(&ctx.w, "admin@example.com", &ctx.demo.admin.password);
    let ana = login(&ctx.w, "ana@example.com", &ctx.demo.admin.password);
    let demo = ctx.demo.channel.id.to_string();
    let part = |testid: &str| in_part(&demo, "identity-section", testid);
    alone_in_queue(ctx, &admin.token, &ana.user.id);
    let status_path = format!("/api/channels/identity?channel={demo}");

    let b = ctx.driver.browser();
    ctx.sign_in(&b, "admin@example.com");
    b.open_channel_settings(&demo, "other");
    b.wait_text_in(&part("identity-status"), "no identity secret");
    b.wait_text_in(&part("identity-rotate"), "Create secret");
    let example = b.run(
        "return document.querySelector(arguments[0]).textContent;",
        json!([part("identity-example")]),
    );
    let example = example.as_str().unwrap_or_default();
    let origin = ctx.w.url("");
    assert!(
        example.contains(&format!(
            r#"<script src="{origin}/widget.js" data-channel="{demo}""#
        )),
        "{example}"
    );
    for needle in [
        "data-user-token=",
        "\"sub\"",
        "\"name\"",
        "\"email\"",
        "\"exp\"",
        "HS256",
    ] {
        assert!(example.contains(needle), "{needle}: {example}");
    }

    // Created at once, shown once.
    b.click_on(&part("identity-rotate"));
    b.wait_text_in(&part("identity-saved"), "Created the identity secret.");
    let first = value_of(&b, &part("identity-secret"));
    assert!(!first.is_empty());
    wait_focus(&b, "identity-secret");
    b.wait_text_in(&part("identity-status"), "has an identity secret, made");
    let (status, res) = get(&ctx.w, &status_path, Some(&admin.token));
    assert!(status == 200 && res["since"].is_number(), "{res}");
    b.screenshot("identity-secret");

    // Replacing asks first: tokens of the old secret stop working at once.
    b.click_on(&part("identity-secret-done"));
    wait_focus(&b, "identity-rotate");
    b.wait_text_in(&part("identity-rotate"), "Replace secret…");
    b.click_on(&part("identity-rotate"));
    b.wait_text_in(&part("identity-rotate-panel"), "stop working at once");
    wait_focus(&b, "identity-rotate-cancel");
    b.click_on(&part("identity-rotate-cancel"));
    wait_focus(&b, "identity-rotate");
    assert_eq!(
        get(&ctx.w, &status_path, Some(&admin.token)).1,
        res,
        "unchanged"
    );
    b.click_on(&part("identity-rotate"));
    b.click_on(&part("identity-rotate-confirm"));
    b.wait_text_in(&part("identity-saved"), "Replaced the identity secret");
    let secret = value_of(&b, &part("identity-secret"));
    assert!(!secret.is_empty() && secret != first);

    let claims = json!({"sub": "u-42", "name": "Rita Lee", "email": "rita@example.com", "exp": now_s() + 600});
    let session = |token: &str| {
        let (status, res) = post(
            &ctx.w,
            "/api/visitor/session",
            None,
            &json!({"channel": demo, "identity": token}),
        );
        assert_eq!(status, 200, "{res}");
        res
    };
    let old = session(&identity::sign(&first, &claims));
    assert!(
        old["identity"].is_null(),
        "the old secret no longer works: {old}"
    );
    let token = identity::sign(&secret, &claims);

    // The site's page (on another site than the worker): the widget's
    // script tag with the signed user.
    let host = Host::start(Page::new(&ctx.w.url(""), &demo).data("user-token", &token));
    let v = ctx.driver.browser();
    v.goto(&host.url("/"));
    v.open_widget();
    v.type_into(
        &v.wait_for("[data-testid=composer]"),
        &format!("Hello, I am signed in{ENTER}"),
    );
    // The session is kept in the site's storage (the frame's own is blocked).
    v.leave_frames();
    let key = format!("canal:v1:{demo}");
    let conversation = v.wait("the message to be stored", || {
        let c = v.run(
            "const s = JSON.parse(localStorage.getItem(arguments[0]) || 'null'); return s && s.outbox.length === 0 ? s.conversation : null;",
            json!([key]),
        );
        c.as_str().map(str::to_owned)
    });

    // The operator: the name, the badge with the site's id, the email.
    let op = ctx.driver.browser();
    ctx.sign_in(&op, "ana@example.com");
    let item = format!("[data-testid=conversation][data-id=\"{conversation}\"]");
    op.wait_text_in(
        &format!("{item} [data-testid=conversation-visitor]"),
        "Rita Lee",
    );
    let badge = format!("{item} [data-testid=visitor-verified]");
    op.wait_text_in(&badge, "Verified: u-42");
    assert_eq!(
        op.attr(&op.wait_for(&badge), "title").as_deref(),
        Some("Signed in on the site as u-42 (Rita Lee, rita@example.com)")
    );
    op.wait_text_in(
        &format!("{item} [data-testid=conversation-contact]"),
        "Email: rita@example.com",
    );
    op.click_on(&item);
    op.wait_text_in("[data-testid=chat-visitor]", "Rita Lee");
    let badge = "[data-testid=chat] [data-testid=visitor-verified]";
    op.wait_text_in(badge, "Verified: u-42");
    assert_eq!(
        op.attr(&op.wait_for(badge), "title").as_deref(),
        Some("Signed in on the site as u-42 (Rita Lee, rita@example.com)")
    );
    op.wait_text_in("[data-testid=chat-contact]", "Email: rita@example.com");
    op.screenshot("visitor-verified");
}
