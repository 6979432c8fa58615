//! The Channels admin page, the chat title on the Widget page, and what an
//! operator sees of a switched-off channel (R-CH-1, R-CH-2, R-CH-4, R-CH-5,
//! R-CH-8), in real headless Chromium against a real `wrangler dev` whose
//! plan allows two channels.
//!
//! Screenshots: target/test-artefacts/channels.png, channel-delete.png,
//! channel-paused.png.

use std::sync::Mutex;

use canal_shared::channels::{ChannelDetails, ChannelList};
use canal_tests::api::{get, login, post, visitor};
use canal_tests::browser::{Browser, Driver};
use canal_tests::socket::connect;
use canal_tests::suite;
use canal_tests::worker::{Demo, Worker};
use serde_json::{json, Value};

struct Ctx {
    w: Worker,
    demo: Demo,
    driver: Driver,
    /// The cases change the same account's channels; one at a time.
    lock: Mutex<()>,
}

fn main() {
    suite::run(
        || {
            let w = Worker::start_with(&[("CANAL_CHANNEL_LIMIT", "2")]);
            let demo = w.setup("demo");
            Ctx {
                w,
                demo,
                driver: Driver::start(),
                lock: Mutex::new(()),
            }
        },
        vec![
            (
                "admins_create_rename_switch_and_delete_channels",
                admins_create_rename_switch_and_delete_channels,
            ),
            (
                "admins_set_the_chat_title_on_the_widget_page",
                admins_set_the_chat_title_on_the_widget_page,
            ),
            (
                "operators_see_that_a_channel_is_switched_off",
                operators_see_that_a_channel_is_switched_off,
            ),
        ],
    )
}

fn sign_in(ctx: &Ctx, b: &Browser, email: &str) {
    b.goto(&ctx.w.url("/console/"));
    let email_box = b.wait_for("[data-testid=login-email]");
    b.type_into(&email_box, email);
    // Every demo user has the same password.
    b.type_into(
        &b.wait_for("[data-testid=login-password]"),
        &ctx.demo.admin.password,
    );
    b.click(&b.wait_for("[data-testid=login-submit]"));
}

/// Sets a field's value as typing would (an `input` and a `change` event).
fn set_value(b: &Browser, css: &str, value: &str) {
    b.wait_for(css);
    b.run(
        "const e = document.querySelector(arguments[0]); e.value = arguments[1]; e.dispatchEvent(new Event('input', {bubbles: true})); e.dispatchEvent(new Event('change', {bubbles: true}));",
        json!([css, value]),
    );
}

fn click(b: &Browser, css: &str) {
    b.click(&b.wait_for(css));
}

fn wait_text_in(b: &Browser, css: &str, needle: &str) -> String {
    b.wait(&format!("{css} to say {needle:?}"), || {
        b.find_all(css)
            .into_iter()
            .map(|e| b.text(&e))
            .find(|t| t.contains(needle))
    })
}

/// Waits until the element `css` is enabled (`true`) or disabled.
fn wait_enabled(b: &Browser, css: &str, enabled: bool) {
    let what = if enabled { "enabled" } else { "disabled" };
    b.wait(&format!("{css} to be {what}"), || {
        let e = b.find(css)?;
        (b.attr(&e, "disabled").is_none() == enabled).then_some(())
    });
}

/// The `data-testid` of the focused element.
fn focused(b: &Browser) -> Value {
    b.run(
        "const e = document.activeElement; return e && e.dataset ? (e.dataset.testid || null) : null;",
        json!([]),
    )
}

fn wait_focus(b: &Browser, testid: &str) {
    b.wait(&format!("the focus on {testid}"), || {
        (focused(b) == json!(testid)).then_some(())
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
    let _one = ctx.lock.lock().unwrap_or_else(|p| p.into_inner());
    let admin = login(&ctx.w, "admin@example.com", &ctx.demo.admin.password);
    let b = ctx.driver.browser();
    sign_in(ctx, &b, "admin@example.com");
    click(&b, "[data-testid=nav-channels]");
    let demo = ctx.demo.channel.id.to_string();
    wait_text_in(&b, &in_card(&demo, "channel-name"), "Open Channel 1");
    wait_text_in(&b, &in_card(&demo, "channel-number"), "#1");
    wait_text_in(&b, &in_card(&demo, "channel-state"), "On");
    wait_text_in(&b, "[data-testid=channel-count]", "1 of 2 channels");
    assert!(b.find("[data-testid=channel-limit-note]").is_none());

    // R-CH-4: a new channel is "Open Channel 2"; R-CH-2: then the plan is full.
    click(&b, "[data-testid=channel-create]");
    wait_text_in(
        &b,
        "[data-testid=channels-saved]",
        "Created Open Channel 2.",
    );
    let second: ChannelDetails = channels(ctx, &admin.token)
        .channels
        .into_iter()
        .find(|c| c.number == 2)
        .expect("channel 2");
    assert_eq!(second.name, "Open Channel 2");
    let id = second.id.to_string();
    wait_text_in(&b, &in_card(&id, "channel-name"), "Open Channel 2");
    wait_focus(&b, "channel-title");
    wait_text_in(&b, "[data-testid=channel-count]", "2 of 2 channels");
    wait_enabled(&b, "[data-testid=channel-create]", false);
    wait_text_in(
        &b,
        "[data-testid=channel-limit-note]",
        "Your plan allows 2 and all are in use.",
    );

    // R-CH-4: renaming checks the name before sending, and the server's
    // refusal of a name in use shows by the field.
    click(&b, &in_card(&id, "channel-rename"));
    wait_focus(&b, "channel-rename-input");
    set_value(&b, &in_card(&id, "channel-rename-input"), "   ");
    click(&b, &in_card(&id, "channel-rename-save"));
    wait_text_in(
        &b,
        &in_card(&id, "channel-rename-error"),
        "Enter a name of 1 to 80 characters",
    );
    set_value(&b, &in_card(&id, "channel-rename-input"), "open channel 1");
    click(&b, &in_card(&id, "channel-rename-save"));
    wait_text_in(
        &b,
        &in_card(&id, "channel-rename-error"),
        "already a channel",
    );
    wait_text_in(&b, "[data-testid=channels-error]", "already a channel");
    wait_focus(&b, "channel-rename-input");
    set_value(&b, &in_card(&id, "channel-rename-input"), "  Sales desk ");
    click(&b, &in_card(&id, "channel-rename-save"));
    wait_text_in(&b, "[data-testid=channels-saved]", "Renamed to Sales desk.");
    wait_text_in(&b, &in_card(&id, "channel-name"), "Sales desk");
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
    click(&b, &in_card(&id, "channel-copy"));
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
    click(&b, &in_card(&id, "channel-active"));
    wait_text_in(
        &b,
        "[data-testid=channels-saved]",
        "Sales desk is switched off",
    );
    wait_text_in(&b, &in_card(&id, "channel-state"), "Off");
    wait_focus(&b, "channel-active");
    let active = |id: &str| {
        channels(ctx, &admin.token)
            .channels
            .into_iter()
            .find(|c| c.id.as_str() == id)
            .map(|c| c.active)
    };
    assert_eq!(active(&id), Some(false));
    click(&b, &in_card(&id, "channel-active"));
    wait_text_in(
        &b,
        "[data-testid=channels-saved]",
        "Sales desk is switched on",
    );
    wait_text_in(&b, &in_card(&id, "channel-state"), "On");
    assert_eq!(active(&id), Some(true));

    // The other pages follow: the Widget page's picker has the new name.
    click(&b, "[data-testid=nav-widget]");
    wait_text_in(&b, "[data-testid=widget-channel]", "Sales desk");
    click(&b, "[data-testid=nav-channels]");

    // R-CH-8: deleting says what happens and needs the name typed again.
    click(&b, &in_card(&id, "channel-delete"));
    wait_focus(&b, "channel-delete-confirm");
    let consequences = wait_text_in(
        &b,
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
    wait_enabled(&b, &submit, false);
    set_value(&b, &in_card(&id, "channel-delete-confirm"), "Sales");
    wait_enabled(&b, &submit, false);
    set_value(&b, &in_card(&id, "channel-delete-confirm"), " sales DESK ");
    wait_enabled(&b, &submit, true);
    b.screenshot("channel-delete");
    click(&b, &submit);
    wait_text_in(&b, "[data-testid=channels-saved]", "Deleted Sales desk.");
    b.wait("the card to go", || {
        b.find(&format!("[data-testid=channel-row][data-id=\"{id}\"]"))
            .is_none()
            .then_some(())
    });
    wait_focus(&b, "channels-list-title");
    wait_text_in(&b, "[data-testid=channel-count]", "1 of 2 channels");
    wait_enabled(&b, "[data-testid=channel-create]", true);
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
    click(&b, "[data-testid=channel-create]");
    wait_text_in(&b, "[data-testid=channels-error]", "allows 2 open channels");
    wait_text_in(&b, "[data-testid=channel-count]", "2 of 2 channels");
    let other_id = other["id"].as_str().expect("an id");
    let (status, res) = post(
        &ctx.w,
        "/api/channels/delete",
        Some(&admin.token),
        &json!({"id": other_id, "confirm": other["name"]}),
    );
    assert_eq!(status, 200, "{res}");
}

// R-CH-4: the chat title is set on the Widget page, checked (80 characters
// at most) and saved with the rest; the widget's config shows it.
fn admins_set_the_chat_title_on_the_widget_page(ctx: &Ctx) {
    let _one = ctx.lock.lock().unwrap_or_else(|p| p.into_inner());
    let b = ctx.driver.browser();
    sign_in(ctx, &b, "admin@example.com");
    click(&b, "[data-testid=nav-widget]");
    let hint = wait_text_in(&b, "#widget-chat-title-hint", "Empty: the channel's name.");
    assert!(hint.contains("Optional"), "{hint}");
    set_value(&b, "[data-testid=widget-chat-title]", &"x".repeat(81));
    wait_text_in(
        &b,
        "[data-testid=widget-chat-title-count]",
        "81 of 80 characters: 1 too many",
    );
    click(&b, "[data-testid=widget-save]");
    wait_text_in(
        &b,
        "[data-testid=widget-chat-title-error]",
        "at most 80 characters",
    );
    wait_focus(&b, "widget-chat-title");
    set_value(&b, "[data-testid=widget-chat-title]", "  Ask the shop ");
    wait_text_in(
        &b,
        "[data-testid=widget-chat-title-count]",
        "12 of 80 characters",
    );
    click(&b, "[data-testid=widget-save]");
    wait_text_in(&b, "[data-testid=widget-saved]", "Saved");
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
    // Saved as trimmed, and shown so after a reload.
    b.refresh();
    click(&b, "[data-testid=nav-widget]");
    b.wait("the title saved", || {
        let v = b.run(
            "const e = document.querySelector('[data-testid=widget-chat-title]'); return e && e.value;",
            json!([]),
        );
        (v == json!("Ask the shop")).then_some(())
    });

    // Empty: the channel's name again.
    set_value(&b, "[data-testid=widget-chat-title]", "");
    click(&b, "[data-testid=widget-save]");
    wait_text_in(&b, "[data-testid=widget-saved]", "Saved");
    assert_eq!(config()["title"], json!(ctx.demo.channel.name));
}

// R-CH-5: an operator whose conversation's channel is switched off sees why
// in the list and in the pane, and cannot write until it is on again.
fn operators_see_that_a_channel_is_switched_off(ctx: &Ctx) {
    let _one = ctx.lock.lock().unwrap_or_else(|p| p.into_inner());
    let admin = login(&ctx.w, "admin@example.com", &ctx.demo.admin.password);
    let ana = login(&ctx.w, "ana@example.com", &ctx.demo.admin.password);
    // Ana alone in the queue, offered every conversation.
    let body = json!({
        "channel": ctx.demo.channel.id,
        "settings": {"mode": "strict", "idle_ms": 180_000, "check_online": false, "capacity": null},
        "entries": [{"kind": "user", "id": ana.user.id}],
    });
    let (status, res) = post(&ctx.w, "/api/queue", Some(&admin.token), &body);
    assert_eq!(status, 200, "{res}");

    let v = visitor(&ctx.w, ctx.demo.channel.id.as_str());
    let mut vs = connect(&ctx.w.ws_url(&format!(
        "/ws/visitor?conversation={}&token={}",
        v.conversation, v.token
    )))
    .expect("visitor socket");
    vs.send_text(r#"{"type":"hello","version":1,"after":0}"#);
    vs.send_text(r#"{"type":"send","id":"off1","text":"Is anyone there?"}"#);

    let op = ctx.driver.browser();
    sign_in(ctx, &op, "ana@example.com");
    let item = format!("[data-testid=conversation][data-id=\"{}\"]", v.conversation);
    click(&op, &item);
    click(&op, "[data-testid=chat-accept]");
    let reply = op.wait_for("[data-testid=reply]");
    op.wait("the composer to open", || {
        op.attr(&reply, "disabled").is_none().then_some(())
    });
    assert!(op.find("[data-testid=channel-paused]").is_none());

    // Switched off: a banner, a disabled composer that says why, a tag in
    // the list.
    set_demo_active(ctx, &admin.token, false);
    let banner = wait_text_in(
        &op,
        "[data-testid=channel-paused]",
        "This channel is switched off:",
    );
    assert!(banner.contains("nobody can answer"), "{banner}");
    wait_text_in(
        &op,
        &format!("{item} [data-testid=conversation-paused]"),
        "Channel off",
    );
    wait_enabled(&op, "[data-testid=reply]", false);
    wait_enabled(&op, "[data-testid=send-reply]", false);
    wait_text_in(&op, "[data-testid=composer-note]", "switched off");
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
    wait_enabled(&op, "[data-testid=reply]", true);
    vs.close();
}
