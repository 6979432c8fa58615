//! The Bots admin page (R-BOT-1, "assign a chat bot when a client query
//! arrives"): choosing a channel's bot, and registering and deleting a bot of
//! the site's own, played by a stand-in HTTP server on loopback; in real
//! headless Chromium against a real `wrangler dev`.
//!
//! Screenshots: target/test-artefacts/bots.png, bot-message.png,
//! bot-registered.png.

use std::sync::Mutex;

use canal_shared::ids::ClientMsgId;
use canal_shared::protocol::{ClientFrame, ServerFrame, Side};
use canal_tests::api::{get, login, visitor};
use canal_tests::browser::{Browser, Driver};
use canal_tests::cases;
use canal_tests::socket::join;
use canal_tests::standin::StandIn;
use canal_tests::suite;
use canal_tests::worker::{Demo, Worker};
use serde_json::{json, Value};

struct Ctx {
    w: Worker,
    demo: Demo,
    driver: Driver,
    /// Plays the site's own bots.
    bot: StandIn,
    /// The cases change the same channel's bot; one at a time.
    lock: Mutex<()>,
}

fn main() {
    suite::run(
        || {
            let w = Worker::start();
            let demo = w.setup("demo");
            Ctx {
                w,
                demo,
                driver: Driver::start(),
                bot: StandIn::start(),
                lock: Mutex::new(()),
            }
        },
        cases![
            r_bot_1_admins_choose_the_faq_bot_for_a_channel,
            r_bot_1_a_bot_that_cannot_serve_open_channels_is_listed_but_not_selectable,
        ],
    )
}

fn sign_in(ctx: &Ctx, b: &Browser, email: &str) {
    b.sign_in_demo(&ctx.w, &ctx.demo, email);
}

/// The `value` property of the element `css`.
fn value_of(b: &Browser, css: &str) -> Value {
    b.run(
        "const e = document.querySelector(arguments[0]); return e ? e.value : null;",
        json!([css]),
    )
}

fn wait_focus(b: &Browser, testid: &str) {
    b.wait(&format!("the focus on {testid}"), || {
        (b.focused() == json!(testid)).then_some(())
    });
}

/// The element `testid` in the row of bot `id`.
fn in_row(id: &str, testid: &str) -> String {
    format!("[data-testid=bot-row][data-id=\"{id}\"] [data-testid={testid}]")
}

/// The option of bot `id` in the channel's select.
fn option_of(id: &str) -> String {
    format!("[data-testid=bot-channel-select] option[value=\"{id}\"]")
}

/// Opens Settings → Chat bots: the account's bots.
fn open_bots(b: &Browser) {
    b.open_settings("bots");
    b.wait_for("[data-testid=bots-page]");
}

/// Opens the demo channel's Chat bot section and waits until its bot is
/// loaded.
fn open_channel_bot(ctx: &Ctx, b: &Browser) {
    b.open_channel_settings(ctx.demo.channel.id.as_str(), "bot");
    b.wait_enabled("[data-testid=bot-channel-select]", true);
}

/// The channel's bot, through the API.
fn channel_bot(ctx: &Ctx, token: &str) -> Value {
    let (status, res) = get(
        &ctx.w,
        &format!("/api/bots/channel?channel={}", ctx.demo.channel.id),
        Some(token),
    );
    assert_eq!(status, 200, "{res}");
    res
}

/// The account's bots, through the API.
fn bots(ctx: &Ctx, token: &str) -> Vec<Value> {
    let (status, res) = get(&ctx.w, "/api/bots", Some(token));
    assert_eq!(status, 200, "{res}");
    res["bots"].as_array().cloned().expect("the bots")
}

// R-BOT-1: the page explains the bot's place; the built-in FAQ bot is listed
// and cannot be deleted; an admin chooses it for the channel, the choice
// holds after a reload and the API reads the same; "None" removes it.
fn r_bot_1_admins_choose_the_faq_bot_for_a_channel(ctx: &Ctx) {
    let _one = ctx.lock.lock().unwrap_or_else(|p| p.into_inner());
    let admin = login(&ctx.w, "admin@example.com", &ctx.demo.admin.password);
    let b = ctx.driver.browser();
    sign_in(ctx, &b, "admin@example.com");
    open_bots(&b);
    b.wait_text_in(
        "[data-testid=bots-intro]",
        "answers every new conversation first",
    );
    b.wait_text_in(&in_row("faq", "bot-row-name"), "FAQ bot");
    b.wait_text_in(&in_row("faq", "bot-row-kind"), "Built in");
    b.wait_text_in(&in_row("faq", "bot-row-open"), "Yes");
    assert!(
        b.find(&in_row("faq", "bot-delete")).is_none(),
        "the built-in bot has no Delete"
    );
    b.screenshot("settings-bots");
    // #22: the channel picks its bot on its own settings page.
    open_channel_bot(ctx, &b);
    assert_eq!(channel_bot(ctx, &admin.token)["bot"], Value::Null);
    assert_eq!(value_of(&b, "[data-testid=bot-channel-select]"), json!(""));
    b.wait_text_in("[data-testid=bot-channel-hint]", "No bot");

    // The select and the button are labelled.
    let label = b.run(
        "return document.querySelector('label[for=\"bot-channel-select\"]').textContent;",
        json!([]),
    );
    assert_eq!(label, json!("Chat bot for new conversations"));

    b.set_value("[data-testid=bot-channel-select]", "faq");
    b.wait_text_in("[data-testid=bot-channel-hint]", "predefined responses");
    b.click_on("[data-testid=bot-channel-save]");
    b.wait_text_in(
        "[data-testid=bot-saved]",
        "Saved: “FAQ bot” answers this channel's new conversations first.",
    );
    assert!(b.find("[data-testid=bot-error]").is_none());
    assert_eq!(channel_bot(ctx, &admin.token)["bot"], json!("faq"));
    b.screenshot("bots");

    // A client asks what no predefined response answers: the bot says it
    // passes them on, and operators see that reply labelled as the bot's.
    let v = visitor(&ctx.w, ctx.demo.channel.id.as_str());
    let mut s = join(&ctx.w.ws_url(&format!(
        "/ws/visitor?conversation={}&token={}",
        v.conversation, v.token
    )));
    s.send(&ClientFrame::Send {
        id: ClientMsgId::parse("m1").expect("a message id"),
        text: "Do you ship to the moon?".into(),
        file: None,
    });
    let reply = s.until("the bot's reply", |f| match f {
        ServerFrame::Message { message } if message.side == Side::System => Some(message.clone()),
        _ => None,
    });
    b.goto(
        &ctx.w
            .url(&format!("/console/?conversation={}", v.conversation)),
    );
    let line = format!("[data-testid=message][data-seq=\"{}\"]", reply.seq.0);
    b.wait_text_in(&format!("{line} [data-testid=message-text]"), &reply.text);
    // Its text, not its look (the label is shown in capitals).
    let label = format!("{line} [data-testid=message-auto]");
    b.wait("the bot's label", || {
        let text = b.run(
            "const e = document.querySelector(arguments[0]); return e && e.textContent;",
            json!([label]),
        );
        (text == json!("Bot")).then_some(())
    });
    b.wait_text_in(&line, "FAQ bot");
    b.screenshot("bot-message");

    // After a reload the page reads the choice back from the server.
    open_channel_bot(ctx, &b);
    b.refresh();
    b.wait_enabled("[data-testid=bot-channel-select]", true);
    b.wait("the FAQ bot chosen after the reload", || {
        (value_of(&b, "[data-testid=bot-channel-select]") == json!("faq")).then_some(())
    });

    // "None": no bot any more.
    b.set_value("[data-testid=bot-channel-select]", "");
    b.click_on("[data-testid=bot-channel-save]");
    b.wait_text_in("[data-testid=bot-saved]", "this channel has no bot");
    assert_eq!(channel_bot(ctx, &admin.token)["bot"], Value::Null);
}

// R-BOT-1: a bot registered by its URL is asked hello, its secret is shown
// once, and it is listed; one that does not declare open channels is shown
// disabled in the select and cannot be chosen; a bad URL or a failing bot
// shows the server's reason; a registered bot can be deleted.
fn r_bot_1_a_bot_that_cannot_serve_open_channels_is_listed_but_not_selectable(ctx: &Ctx) {
    let _one = ctx.lock.lock().unwrap_or_else(|p| p.into_inner());
    let admin = login(&ctx.w, "admin@example.com", &ctx.demo.admin.password);
    ctx.bot
        .answer("/billing", &[(200, r#"{"name":"Billing bot"}"#)]);
    ctx.bot.answer("/nobot", &[(404, "not found")]);
    let b = ctx.driver.browser();
    sign_in(ctx, &b, "admin@example.com");
    open_bots(&b);
    b.wait_text_in(&in_row("faq", "bot-row-name"), "FAQ bot");

    // Every field is labelled.
    for id in ["bot-url", "bot-name"] {
        let label = b.run(
            "const l = document.querySelector('label[for=\"' + arguments[0] + '\"]'); return l ? l.textContent : null;",
            json!([id]),
        );
        assert!(label.is_string(), "{id} has a label");
    }

    // No URL: said before anything is sent.
    b.click_on("[data-testid=bot-register]");
    b.wait_text_in("[data-testid=bot-error]", "Enter the bot's URL.");
    let alert = b.wait_for("[data-testid=bot-error]");
    assert_eq!(b.attr(&alert, "role").as_deref(), Some("alert"));
    wait_focus(&b, "bot-url");

    // A bot that answers 404: the server's reason, by the URL.
    let nobot = format!("{}/nobot", ctx.bot.url());
    b.set_value("[data-testid=bot-url]", &nobot);
    b.click_on("[data-testid=bot-register]");
    b.wait_text_in("[data-testid=bot-error]", "HTTP 404");
    b.wait_text_in("[data-testid=bot-url-error]", "HTTP 404");
    let url_box = b.wait_for("[data-testid=bot-url]");
    assert_eq!(b.attr(&url_box, "aria-invalid").as_deref(), Some("true"));
    assert!(b.find("[data-testid=bot-secret]").is_none());
    assert_eq!(bots(ctx, &admin.token).len(), 1, "nothing registered");

    // The billing bot: no name given, so its own; no open_channels.
    let billing = format!("{}/billing", ctx.bot.url());
    b.set_value("[data-testid=bot-url]", &billing);
    b.set_value("[data-testid=bot-name]", "  ");
    b.click_on("[data-testid=bot-register]");
    b.wait_text_in("[data-testid=bot-saved]", "Registered “Billing bot”.");
    b.wait_text_in("[data-testid=bot-saved]", "cannot serve open channels");
    assert!(b.find("[data-testid=bot-error]").is_none());
    let hello = ctx.bot.wait_calls("/billing", 1);
    assert_eq!(hello[0].json()["type"], json!("hello"), "{}", hello[0].body);

    // The secret, once.
    b.wait_for("[data-testid=bot-secret]");
    wait_focus(&b, "bot-secret");
    let secret = value_of(&b, "[data-testid=bot-secret]");
    let secret = secret.as_str().expect("the secret").to_owned();
    assert!(
        secret.len() >= 32 && secret.chars().all(|c| c.is_ascii_hexdigit()),
        "{secret}"
    );
    assert_eq!(value_of(&b, "[data-testid=bot-url]"), json!(""));

    let listed = bots(ctx, &admin.token);
    let bot = listed
        .iter()
        .find(|b| b["name"] == json!("Billing bot"))
        .unwrap_or_else(|| panic!("the billing bot in {listed:?}"));
    assert_eq!(bot["open_channels"], json!(false));
    let id = bot["id"].as_str().expect("its id").to_owned();

    // Listed, with its URL, as not serving open channels.
    b.wait_text_in(&in_row(&id, "bot-row-name"), "Billing bot");
    b.wait_text_in(&in_row(&id, "bot-row-kind"), &billing);
    b.wait_text_in(&in_row(&id, "bot-row-open"), "No");
    b.click_on("[data-testid=bot-secret-done]");
    b.wait("the secret to go", || {
        b.find("[data-testid=bot-secret]").is_none().then_some(())
    });
    wait_focus(&b, "bot-url");

    // In the channel's select, disabled and saying why.
    open_channel_bot(ctx, &b);
    let option = b.wait("the billing bot's option", || {
        let v = b.run(
            "const o = document.querySelector(arguments[0]); return o ? [o.disabled, o.textContent] : null;",
            json!([option_of(&id)]),
        );
        (!v.is_null()).then_some(v)
    });
    assert_eq!(
        option,
        json!([true, "Billing bot (cannot serve open channels)"])
    );
    let faq = b.run(
        "const o = document.querySelector(arguments[0]); return o.disabled;",
        json!([option_of("faq")]),
    );
    assert_eq!(faq, json!(false));
    b.screenshot("bot-registered");

    // Deleting asks first, and says what it means for channels.
    open_bots(&b);
    b.click_on(&in_row(&id, "bot-delete"));
    let question = b.wait_text_in("[data-testid=bot-row] .close-question", "Billing bot");
    assert!(question.contains("will have no bot"), "{question}");
    b.click_on(&in_row(&id, "bot-delete-cancel"));
    wait_focus(&b, "bot-delete");
    b.click_on(&in_row(&id, "bot-delete"));
    b.click_on(&in_row(&id, "bot-delete-confirm"));
    b.wait_text_in("[data-testid=bot-saved]", "Deleted “Billing bot”.");
    b.wait("the billing bot's row to go", || {
        b.find(&format!("[data-testid=bot-row][data-id=\"{id}\"]"))
            .is_none()
            .then_some(())
    });
    assert_eq!(bots(ctx, &admin.token).len(), 1, "only the FAQ bot is left");
    open_channel_bot(ctx, &b);
    b.wait_for(&option_of("faq"));
    assert!(b.find(&option_of(&id)).is_none());
}
