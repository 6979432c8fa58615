//! The Widget, Consent and Responses admin pages, profiles on the People
//! page, the email a visitor left in the offline form, and predefined
//! responses in the operator's reply, in real headless Chromium
//! against a real `wrangler dev`.
//!
//! Screenshots: target/test-artefacts/consent-texts.png, widget-entries.png,
//! widget-settings.png, consent-acceptances.png, profile.png,
//! conversation-contact.png, canned-lists.png, canned-inline.png,
//! canned-picker.png.

use std::time::Duration;

use canal_shared::protocol::{ServerFrame, Side};
use canal_tests::api::{get, login, post, visitor};
use canal_tests::browser::{Browser, Console, ENTER};
use canal_tests::cases;
use canal_tests::socket::connect;
use canal_tests::suite;
use serde_json::{json, Value};

/// One worker with the demo account and one browser driver; the cases
/// that change the same settings take turns.
type Ctx = Console;

fn main() {
    suite::run(
        || Console::start(&[]),
        cases![
            admins_write_consent_texts_and_set_the_widget,
            admins_edit_a_profile_with_a_position,
            operators_see_the_email_a_visitor_left,
            operators_insert_predefined_responses,
        ],
    )
}

fn wait_focus(b: &Browser, testid: &str) {
    b.wait(&format!("the focus on {testid}"), || {
        (b.focused() == json!(testid)).then_some(())
    });
}

fn id_of(ctx: &Ctx, token: &str, email: &str) -> String {
    let (_, people) = get(&ctx.w, "/api/people", Some(token));
    people["people"]
        .as_array()
        .expect("people")
        .iter()
        .find(|p| p["email"] == json!(email))
        .and_then(|p| p["id"].as_str())
        .unwrap_or_else(|| panic!("{email} in {people}"))
        .to_owned()
}

fn settings_path(ctx: &Ctx) -> String {
    format!("/api/widget-settings?channel={}", ctx.demo.channel.id)
}

// R-C-1, R-A-1, R-WH-3: an admin writes a consent text and a new version of
// it, sets who visitors see answering, what the widget does out of hours and
// which notice it shows; then reads the acceptances, a page at a time.
fn admins_write_consent_texts_and_set_the_widget(ctx: &Ctx) {
    let _one = ctx.one_at_a_time();
    let admin = login(&ctx.w, "admin@example.com", &ctx.demo.admin.password);
    let ana = id_of(ctx, &admin.token, "ana@example.com");
    let b = ctx.driver.browser();
    ctx.sign_in(&b, "admin@example.com");

    // Texts: a name is needed (checked before sending); the body shows as
    // text; a changed body is a new version.
    b.open_settings("consent");
    b.wait_for("[data-testid=consent-texts-empty]");
    let first_body = "<b>We keep</b> your email\nto answer you.";
    b.set_value("[data-testid=consent-body]", first_body);
    b.wait_text_in("[data-testid=consent-count]", "40 of 5000 characters");
    b.click_on("[data-testid=consent-save]");
    b.wait_text_in("[data-testid=consent-name-error]", "name");
    wait_focus(&b, "consent-name");
    b.set_value("[data-testid=consent-name]", "Privacy notice");
    b.click_on("[data-testid=consent-save]");
    b.wait_text_in("[data-testid=consent-saved]", "(version 1)");
    b.wait_text_in("[data-testid=consent-text-name]", "Privacy notice");
    let shown = b.run(
        "const e = document.querySelector('[data-testid=consent-text-body]'); return [e.textContent, e.querySelectorAll('b').length];",
        json!([]),
    );
    assert_eq!(shown, json!([first_body, 0]), "rendered as text");

    b.click_on("[data-testid=consent-text-edit]");
    wait_focus(&b, "consent-name");
    b.wait_text_in("[data-testid=consent-form-title]", "version 1");
    b.set_value(
        "[data-testid=consent-body]",
        "We keep your email to answer you.",
    );
    b.click_on("[data-testid=consent-save]");
    b.wait_text_in("[data-testid=consent-saved]", "as version 2");
    b.wait_text_in("[data-testid=consent-text-version]", "2");
    wait_focus(&b, "consent-text-edit");
    b.screenshot("consent-texts");
    let (_, texts) = get(&ctx.w, "/api/consent/texts", Some(&admin.token));
    assert_eq!(texts["texts"][0]["version"], json!(2), "{texts}");
    let text_id = texts["texts"][0]["id"].as_str().expect("an id").to_owned();

    // The widget: the channel's own entries, with an avatar that must be an
    // https address; the leave-a-message form; the account's text.
    b.open_channel_settings(ctx.demo.channel.id.as_str(), "widget");
    b.wait_text_in(
        "[data-testid=widget-ooh-hours-note]",
        "this channel's Working hours section",
    );
    b.click_on("[data-testid=widget-display-custom]");
    let row = format!("[data-testid=widget-card][data-user=\"{ana}\"]");
    b.set_value(
        &format!("{row} [data-testid=widget-card-name]"),
        "Sales team",
    );
    b.set_value(
        &format!("{row} [data-testid=widget-card-avatar]"),
        "http://cdn.example/sales.png",
    );
    b.click_on("[data-testid=widget-save]");
    b.wait_text_in(
        &format!("{row} [data-testid=widget-card-avatar-error]"),
        "https://",
    );
    wait_focus(&b, "widget-card-avatar");
    b.set_value(
        &format!("{row} [data-testid=widget-card-avatar]"),
        "https://cdn.example/sales.png",
    );
    b.set_value(
        &format!("{row} [data-testid=widget-card-position]"),
        "Sales",
    );
    b.click_on("[data-testid=widget-ooh-form]");
    b.click_on("[data-testid=widget-consent-text]");
    b.set_value("[data-testid=widget-consent-select]", &text_id);
    b.click_on("[data-testid=widget-save]");
    b.wait_text_in("[data-testid=widget-saved]", "Saved");
    b.run(
        "document.querySelector('[data-testid=widget-cards]').scrollIntoView()",
        json!([]),
    );
    b.screenshot("widget-entries");
    let (_, s) = get(&ctx.w, &settings_path(ctx), Some(&admin.token));
    assert_eq!(s["operator_display"], json!("custom"), "{s}");
    assert_eq!(
        s["custom_cards"],
        json!([{"user": ana, "card": {
            "name": "Sales team",
            "position": "Sales",
            "avatar": "https://cdn.example/sales.png",
        }}]),
        "{s}"
    );
    assert_eq!(s["out_of_hours"], json!("form"), "{s}");
    assert_eq!(s["consent"], json!({"kind": "text", "id": text_id}), "{s}");

    // The channel's own notice, counted and versioned.
    b.click_on("[data-testid=widget-consent-own]");
    b.set_value("[data-testid=widget-consent-body]", "Our own words.");
    b.wait_text_in(
        "[data-testid=widget-consent-count]",
        "14 of 5000 characters",
    );
    b.click_on("[data-testid=widget-save]");
    b.wait_text_in("[data-testid=widget-saved]", "own notice is at version");
    let (_, s) = get(&ctx.w, &settings_path(ctx), Some(&admin.token));
    let version = s["consent"]["version"].as_u64().expect("a version");
    assert_eq!(s["consent"]["body"], json!("Our own words."), "{s}");
    b.wait_text_in(
        "[data-testid=widget-consent-version]",
        &format!("Version {version}."),
    );
    b.set_value(
        "[data-testid=widget-consent-body]",
        "Our own words, changed.",
    );
    b.wait_text_in(
        "[data-testid=widget-consent-version]",
        "makes a new version",
    );
    b.click_on("[data-testid=widget-save]");
    let version = version + 1;
    b.wait_text_in(
        "[data-testid=widget-saved]",
        &format!("at version {version}."),
    );
    wait_focus(&b, "widget-save");
    b.screenshot("widget-settings");

    // 51 visitors accept it: the newest 50 first, then "Load more".
    for i in 0..51 {
        let v = visitor(&ctx.w, ctx.demo.channel.id.as_str());
        let (status, res) = post(
            &ctx.w,
            "/api/visitor/consent",
            Some(&v.token),
            &json!({
                "conversation": v.conversation,
                "key": {"text": null, "version": version},
                "page": format!("https://shop.example/p/{i}?q=<b>x</b>"),
            }),
        );
        assert_eq!(status, 200, "acceptance {i}: {res}");
        // Distinct times, so pages split cleanly.
        std::thread::sleep(Duration::from_millis(3));
    }
    b.open_channel_settings(ctx.demo.channel.id.as_str(), "consent");
    b.wait("the first page of acceptances", || {
        (b.find_all("[data-testid=consent-acceptance]").len() == 50).then_some(())
    });
    let first = b.wait_for("[data-testid=consent-acceptance][data-index=\"0\"]");
    let text = b.text(&first);
    assert!(
        text.contains(&format!("This channel's own text, version {version}")),
        "{text}"
    );
    let page = b.text(&b.wait_for(
        "[data-testid=consent-acceptance][data-index=\"0\"] [data-testid=consent-acceptance-page]",
    ));
    assert_eq!(page, "https://shop.example/p/50?q=<b>x</b>", "newest first");
    b.click_on("[data-testid=consent-more]");
    b.wait("the second page of acceptances", || {
        (b.find_all("[data-testid=consent-acceptance]").len() == 51).then_some(())
    });
    let last = b.text(&b.wait_for(
        "[data-testid=consent-acceptance][data-index=\"50\"] [data-testid=consent-acceptance-page]",
    ));
    assert_eq!(last, "https://shop.example/p/0?q=<b>x</b>");
    assert!(
        b.find("[data-testid=consent-more]").is_none(),
        "nothing more to load"
    );
    b.screenshot("consent-acceptances");

    // Back to no notice, for the other cases.
    let (status, res) = post(
        &ctx.w,
        "/api/widget-settings",
        Some(&admin.token),
        &json!({"channel": ctx.demo.channel.id, "settings": {}}),
    );
    assert_eq!(status, 200, "{res}");
}

// R-A-1: an admin gives an operator a position and an avatar on the People
// page; the position shows under the name.
fn admins_edit_a_profile_with_a_position(ctx: &Ctx) {
    let _one = ctx.one_at_a_time();
    let admin = login(&ctx.w, "admin@example.com", &ctx.demo.admin.password);
    let ana = id_of(ctx, &admin.token, "ana@example.com");
    let b = ctx.driver.browser();
    ctx.sign_in(&b, "admin@example.com");
    b.open_settings("people");
    let row = format!("[data-testid=person][data-id=\"{ana}\"]");
    b.click_on(&format!("{row} [data-testid=person-edit-profile]"));
    wait_focus(&b, "profile-name");
    b.wait_text_in("[data-testid=profile-form]", "Profile of Ana");
    b.set_value("[data-testid=profile-position]", "Support lead");
    b.set_value("[data-testid=profile-avatar]", "javascript:alert(1)");
    b.click_on("[data-testid=profile-save]");
    b.wait_text_in("[data-testid=profile-avatar-error]", "https://");
    wait_focus(&b, "profile-avatar");
    b.set_value(
        "[data-testid=profile-avatar]",
        "https://cdn.example/ana.png",
    );
    b.click_on("[data-testid=profile-save]");
    b.wait_text_in("[data-testid=people-saved]", "Saved the profile of Ana");
    b.wait_text_in(
        &format!("{row} [data-testid=person-position]"),
        "Support lead",
    );
    wait_focus(&b, "person-edit-profile");
    assert!(b.find("[data-testid=profile-form]").is_none(), "closed");
    b.screenshot("profile");
    let (_, people) = get(&ctx.w, "/api/people", Some(&admin.token));
    let person = people["people"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == json!(ana))
        .cloned()
        .unwrap();
    assert_eq!(person["position"], json!("Support lead"), "{person}");
    assert_eq!(person["avatar"], json!("https://cdn.example/ana.png"));
    assert_eq!(person["name"], json!("Ana"));
}

// R-WH-3: the email a visitor left in the offline form shows in the
// operator's list and in the conversation, with a mailto: link.
fn operators_see_the_email_a_visitor_left(ctx: &Ctx) {
    let _one = ctx.one_at_a_time();
    let email = "visitor+shop@example.com";
    let v = visitor(&ctx.w, ctx.demo.channel.id.as_str());
    let (status, res) = post(
        &ctx.w,
        "/api/visitor/contact",
        Some(&v.token),
        &json!({"conversation": v.conversation, "email": email}),
    );
    assert_eq!(status, 200, "{res}");
    let mut vs = connect(&ctx.w.ws_url(&format!(
        "/ws/visitor?conversation={}&token={}",
        v.conversation, v.token
    )))
    .expect("visitor socket");
    vs.send_text(r#"{"type":"hello","version":1,"after":0}"#);
    vs.send_text(r#"{"type":"send","id":"offline1","text":"Please write back."}"#);

    let b = ctx.driver.browser();
    ctx.sign_in(&b, "ana@example.com");
    let item = format!("[data-testid=conversation][data-id=\"{}\"]", v.conversation);
    b.wait_text_in(
        &format!("{item} [data-testid=conversation-contact]"),
        &format!("Left an email: {email}"),
    );
    b.click_on(&item);
    b.wait_text_in(
        "[data-testid=chat-contact]",
        &format!("Left an email: {email}"),
    );
    let link = b.wait_for("[data-testid=chat-contact-link]");
    assert_eq!(b.text(&link), email);
    assert_eq!(
        b.attr(&link, "href").as_deref(),
        Some("mailto:visitor+shop@example.com")
    );
    b.screenshot("conversation-contact");
    vs.close();
}

/// The reply's text as it is in the page.
fn reply_value(b: &Browser) -> String {
    b.run(
        "return document.querySelector('[data-testid=reply]').value;",
        json!([]),
    )
    .as_str()
    .unwrap_or_default()
    .to_owned()
}

fn wait_reply(b: &Browser, expected: &str) {
    b.wait(&format!("the reply to read {expected:?}"), || {
        (reply_value(b) == expected).then_some(())
    });
}

// R-PR-1: an admin writes a list of two responses for the demo channel
// ("Create a new list…", a missing text shown next to its field); an
// operator types `/` and a shortcut in a reply, picks the response with the
// keyboard, edits it and sends it, and the visitor receives the edited
// text; the Responses button finds the other one by searching.
fn operators_insert_predefined_responses(ctx: &Ctx) {
    let _one = ctx.one_at_a_time();
    let admin = login(&ctx.w, "admin@example.com", &ctx.demo.admin.password);
    let b = ctx.driver.browser();
    ctx.sign_in(&b, "admin@example.com");
    b.open_channel_settings(ctx.demo.channel.id.as_str(), "responses");
    b.wait_for("[data-testid=canned-lists-empty]");
    b.set_value("[data-testid=canned-channel-list]", "new");
    wait_focus(&b, "canned-name");
    b.wait_text_in("[data-testid=canned-form-title]", "new list");
    b.set_value("[data-testid=canned-name]", "Shop");
    let first = "[data-testid=canned-response][data-index=\"0\"]";
    b.set_value(
        &format!("{first} [data-testid=canned-response-title]"),
        "Order number",
    );
    b.set_value(
        &format!("{first} [data-testid=canned-response-shortcut]"),
        "Order",
    );
    b.set_value(
        &format!("{first} [data-testid=canned-response-text]"),
        "Could you tell me your order number?",
    );
    b.click_on("[data-testid=canned-add-response]");
    let second = "[data-testid=canned-response][data-index=\"1\"]";
    wait_focus(&b, "canned-response-title");
    b.set_value(
        &format!("{second} [data-testid=canned-response-title]"),
        "Thanks",
    );
    b.set_value(
        &format!("{second} [data-testid=canned-response-shortcut]"),
        "thanks",
    );
    b.click_on("[data-testid=canned-save]");
    b.wait_text_in(
        &format!("{second} [data-testid=canned-response-text-error]"),
        "Response 2: the text is empty",
    );
    wait_focus(&b, "canned-response-text");
    b.set_value(
        &format!("{second} [data-testid=canned-response-text]"),
        "Thank you for waiting!",
    );
    b.click_on("[data-testid=canned-save]");
    b.wait_text_in(
        "[data-testid=canned-saved]",
        "Added “Shop” (2 responses). The channel uses it.",
    );
    b.wait_text_in("[data-testid=canned-list-name]", "Shop");
    wait_focus(&b, "canned-list-edit");
    b.screenshot("canned-lists");
    let channel = ctx.demo.channel.id.to_string();
    let (_, used) = get(
        &ctx.w,
        &format!("/api/canned/channel?channel={channel}"),
        Some(&admin.token),
    );
    let (_, lists) = get(&ctx.w, "/api/canned/lists", Some(&admin.token));
    assert_eq!(used["list"], lists["lists"][0]["id"], "{used} {lists}");
    assert_eq!(
        lists["lists"][0]["responses"][0]["shortcut"],
        json!("order"),
        "{lists}"
    );

    // A visitor writes; Ana accepts.
    let v = visitor(&ctx.w, &channel);
    let mut vs = connect(&ctx.w.ws_url(&format!(
        "/ws/visitor?conversation={}&token={}",
        v.conversation, v.token
    )))
    .expect("visitor socket");
    vs.send_text(r#"{"type":"hello","version":1,"after":0}"#);
    vs.send_text(r#"{"type":"send","id":"canned1","text":"Where is my parcel?"}"#);
    let op = ctx.driver.browser();
    ctx.sign_in(&op, "ana@example.com");
    op.click_on(&format!(
        "[data-testid=conversation][data-id=\"{}\"]",
        v.conversation
    ));
    op.click_on("[data-testid=chat-accept]");
    let reply = op.wait_for("[data-testid=reply]");
    op.wait("the composer to open", || {
        op.attr(&reply, "disabled").is_none().then_some(())
    });

    // `/ord` shows the matching response; Enter inserts it where `/ord` was.
    op.type_into(&reply, "Hello! /ord");
    let item = op.wait("one match for /ord", || {
        let items = op.find_all("[data-testid=canned-item]");
        (items.len() == 1)
            .then(|| items.into_iter().next())
            .flatten()
    });
    assert!(
        op.text(&item).contains("Order number"),
        "{}",
        op.text(&item)
    );
    assert_eq!(
        op.attr(&reply, "aria-activedescendant").as_deref(),
        Some("canned-item-0")
    );
    op.screenshot("canned-inline");
    op.type_into(&reply, ENTER);
    wait_reply(&op, "Hello! Could you tell me your order number?");
    assert!(op.find("[data-testid=canned-item]").is_none(), "closed");
    wait_focus(&op, "reply");
    op.type_into(&reply, " It starts with A.");
    op.type_into(&reply, ENTER);
    let sent = "Hello! Could you tell me your order number? It starts with A.";
    let got = vs.until("the edited response", |f| match f {
        ServerFrame::Message { message } if message.side == Side::Operator => {
            Some(message.text.clone())
        }
        _ => None,
    });
    assert_eq!(got, sent);

    // The Responses button: search, Enter, the text in the reply.
    wait_reply(&op, "");
    op.click_on("[data-testid=canned-open]");
    wait_focus(&op, "canned-search");
    op.wait("both responses", || {
        (op.find_all("[data-testid=canned-item]").len() == 2).then_some(())
    });
    op.type_into(&op.wait_for("[data-testid=canned-search]"), "thank");
    op.wait("one match for thank", || {
        (op.find_all("[data-testid=canned-item]").len() == 1).then_some(())
    });
    op.screenshot("canned-picker");
    op.press(ENTER);
    wait_reply(&op, "Thank you for waiting!");
    wait_focus(&op, "reply");
    assert!(op.find("[data-testid=canned-panel]").is_none(), "closed");
    // Escape closes the picker and gives the focus back to the reply.
    op.click_on("[data-testid=canned-open]");
    wait_focus(&op, "canned-search");
    op.press("\u{E00C}");
    wait_focus(&op, "reply");
    assert!(op.find("[data-testid=canned-panel]").is_none(), "closed");
    op.type_into(&reply, ENTER);
    let got = vs.until("the second response", |f| match f {
        ServerFrame::Message { message } if message.side == Side::Operator => {
            Some(message.text.clone())
        }
        _ => None,
    });
    assert_eq!(got, "Thank you for waiting!");
    vs.close();

    // Deleting the list, asked twice, leaves the channel without one.
    b.click_on("[data-testid=canned-list-delete]");
    wait_focus(&b, "canned-delete-confirm");
    b.click_on("[data-testid=canned-delete-confirm]");
    b.wait_text_in(
        "[data-testid=canned-saved]",
        "Deleted “Shop”. The channel has no predefined responses now.",
    );
    b.wait_for("[data-testid=canned-lists-empty]");
    let (_, used) = get(
        &ctx.w,
        &format!("/api/canned/channel?channel={channel}"),
        Some(&admin.token),
    );
    assert_eq!(used["list"], Value::Null, "{used}");
}
