//! The CRM in the console, in real headless Chromium against a real
//! `wrangler dev`: the operator's "Client" panel beside a conversation and
//! "Create lead" (R-CRM-2, R-CRM-3, R-CRM-4); the admins' Clients page —
//! finding two cards of one person and merging them (R-CRM-1) — with each
//! channel's CRM settings and the signed webhook of changes.
//!
//! Screenshots: target/test-artefacts/client-card.png, clients.png,
//! clients-merge.png.

use canal_shared::connectors::webhook;
use canal_shared::connectors::InboundRequest;
use canal_shared::crm::ClientCard;
use canal_shared::identity;
use canal_shared::ids::{ClientMsgId, ConversationId};
use canal_shared::protocol::{ClientFrame, LoginResponse, ServerFrame, VisitorSessionResponse};
use canal_shared::time::Timestamp;
use canal_tests::api::{get, login, post};
use canal_tests::browser::{Browser, Console};
use canal_tests::cases;
use canal_tests::socket::join;
use canal_tests::standin::StandIn;
use canal_tests::suite;
use canal_tests::wait::until;
use serde_json::{json, Value};

/// One worker with the demo account and one browser driver; the cases
/// that change the same settings take turns.
type Ctx = Console;

fn main() {
    suite::run(
        || Console::start(&[]),
        cases![
            an_operator_makes_a_lead_once_the_client_can_be_reached,
            an_admin_finds_two_cards_of_one_person_and_merges_them,
            an_admin_sets_automatic_leads_and_the_crm_webhook,
        ],
    )
}

/// Waits until the checkbox `css` is checked (`true`) or not.
fn wait_checked(b: &Browser, css: &str, checked: bool) {
    b.wait(&format!("{css} to be checked: {checked}"), || {
        b.find(css)?;
        let v = b.run(
            "return document.querySelector(arguments[0]).checked;",
            json!([css]),
        );
        (v == json!(checked)).then_some(())
    });
}

fn wait_focus(b: &Browser, testid: &str) {
    b.wait(&format!("the focus on {testid}"), || {
        (b.focused() == json!(testid)).then_some(())
    });
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

fn now_s() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or_default()
}

/// Ana alone in the demo queue, in strict order: offered every conversation.
fn ana_alone_in_the_queue(ctx: &Ctx, admin: &LoginResponse, ana: &LoginResponse) {
    let body = json!({
        "channel": ctx.demo.channel.id,
        "settings": {"mode": "strict", "idle_ms": 180_000, "check_online": false, "capacity": null},
        "entries": [{"kind": "user", "id": ana.user.id}],
    });
    let (status, res) = post(&ctx.w, "/api/queue", Some(&admin.token), &body);
    assert_eq!(status, 200, "{res}");
}

/// A widget visitor of the demo channel (signed in on the site with
/// `identity`, if given) who writes `text`.
fn visitor_writes(ctx: &Ctx, identity: Option<&str>, text: &str) -> VisitorSessionResponse {
    let (status, res) = post(
        &ctx.w,
        "/api/visitor/session",
        None,
        &json!({"channel": ctx.demo.channel.id, "identity": identity}),
    );
    assert_eq!(status, 200, "{res}");
    let v: VisitorSessionResponse = serde_json::from_value(res).expect("a visitor session");
    let mut s = join(&ctx.w.ws_url(&format!(
        "/ws/visitor?conversation={}&token={}",
        v.conversation, v.token
    )));
    s.send(&ClientFrame::Send {
        id: ClientMsgId::parse("m1").expect("a message id"),
        text: text.into(),
        file: None,
    });
    s.until("the ack", |f| {
        matches!(f, ServerFrame::Ack { .. }).then_some(())
    });
    v
}

/// The visitor leaves an email (the offline form's call).
fn leave_email(ctx: &Ctx, v: &VisitorSessionResponse, email: &str) {
    let (status, res) = post(
        &ctx.w,
        "/api/visitor/contact",
        Some(&v.token),
        &json!({"conversation": v.conversation, "email": email}),
    );
    assert_eq!(status, 200, "{res}");
}

/// The card of a conversation's client, once it satisfies `ready`.
fn card_when(
    ctx: &Ctx,
    who: &LoginResponse,
    c: &ConversationId,
    ready: impl Fn(&ClientCard) -> bool,
) -> ClientCard {
    until("the client's card", || {
        let (status, res) = get(
            &ctx.w,
            &format!(
                "/api/crm/conversation?channel={}&conversation={c}",
                ctx.demo.channel.id
            ),
            Some(&who.token),
        );
        assert_eq!(status, 200, "{res}");
        let card: Option<ClientCard> = serde_json::from_value(res["client"].clone()).ok();
        card.filter(|c| ready(c))
    })
    .unwrap_or_else(|e| panic!("{e}"))
}

/// The demo channel's identity secret, made anew.
fn identity_secret(ctx: &Ctx, admin: &LoginResponse) -> String {
    let (status, res) = post(
        &ctx.w,
        "/api/channels/identity",
        Some(&admin.token),
        &json!({"channel": ctx.demo.channel.id}),
    );
    assert_eq!(status, 200, "{res}");
    res["secret"]
        .as_str()
        .expect("the identity secret")
        .to_owned()
}

// R-CRM-2, R-CRM-3, R-CRM-4: an operator opens an anonymous visitor's
// conversation; its "Client" panel says why no lead can be made yet (no way
// to reach them again). The visitor leaves an email: the panel catches up,
// the operator makes the lead by hand, sourced "Live chat", and becomes
// responsible for the client.
fn an_operator_makes_a_lead_once_the_client_can_be_reached(ctx: &Ctx) {
    let _one = ctx.one_at_a_time();
    let pw = &ctx.demo.admin.password;
    let admin = login(&ctx.w, "admin@example.com", pw);
    let ana = login(&ctx.w, "ana@example.com", pw);
    ana_alone_in_the_queue(ctx, &admin, &ana);
    let v = visitor_writes(ctx, None, "Just looking around");

    let op = ctx.driver.browser();
    ctx.sign_in(&op, "ana@example.com");
    op.click_on(&format!(
        "[data-testid=conversation][data-id=\"{}\"]",
        v.conversation
    ));
    let panel = "[data-testid=client-card]";
    op.wait_for(panel);
    // R-CRM-3: not reachable, so "Create lead" is disabled, the reason beside it.
    op.wait_text_in(
        &format!("{panel} [data-testid=lead-reason]"),
        "There is no way to reach this client again",
    );
    op.wait_enabled("[data-testid=create-lead]", false);
    let described = op.run(
        "const b = document.querySelector('[data-testid=create-lead]'); return document.getElementById(b.getAttribute('aria-describedby')).textContent;",
        json!([]),
    );
    assert!(
        described
            .as_str()
            .unwrap_or_default()
            .contains("ask for their email"),
        "{described}"
    );
    op.wait_text_in(&format!("{panel} [data-testid=client-emails]"), "None");
    op.wait_text_in(&format!("{panel} [data-testid=client-lead]"), "Not a lead");

    // The visitor leaves an email: the panel refreshes on its own.
    leave_email(ctx, &v, "sam@example.com");
    op.wait_text_in(
        &format!("{panel} [data-testid=client-emails]"),
        "sam@example.com",
    );
    op.wait_enabled("[data-testid=create-lead]", true);
    assert!(op.find("[data-testid=lead-reason]").is_none());

    // R-CRM-2, R-CRM-4: made by hand, its source set on its own.
    op.click_on("[data-testid=create-lead]");
    op.wait_text_in(
        &format!("{panel} [data-testid=client-card-done]"),
        "Lead created. You are responsible for this client.",
    );
    op.wait_text_in(
        &format!("{panel} [data-testid=client-lead]"),
        "Lead from Live chat, made by Ana",
    );
    op.wait_text_in(&format!("{panel} [data-testid=client-responsible]"), "Ana");
    wait_focus(&op, "client-lead");
    op.wait("the button to go", || {
        op.find("[data-testid=create-lead]").is_none().then_some(())
    });
    op.screenshot("client-card");

    let card = card_when(ctx, &ana, &v.conversation, |c| c.lead.is_some());
    let lead = card.lead.expect("a lead");
    assert_eq!(
        serde_json::to_value(lead.source).unwrap_or_default(),
        json!("live_chat")
    );
    assert_eq!(lead.by, Some(ana.user.id.clone()));
    assert_eq!(card.responsible, Some(ana.user.id.clone()));
}

// R-CRM-1: a signed-in visitor and an anonymous one who leaves another
// email are two cards of one person; an admin finds both on the Clients
// page, merges one into the other after a confirmation that says what
// happens, and the list shows one card with both conversations.
fn an_admin_finds_two_cards_of_one_person_and_merges_them(ctx: &Ctx) {
    let _one = ctx.one_at_a_time();
    let pw = &ctx.demo.admin.password;
    let admin = login(&ctx.w, "admin@example.com", pw);
    let secret = identity_secret(ctx, &admin);
    let token = identity::sign(
        &secret,
        &json!({"sub": "u-rita", "name": "Rita Lee", "email": "rita@example.com", "exp": now_s() + 600}),
    );
    let signed_in = visitor_writes(ctx, Some(&token), "Hello from my account");
    let anonymous = visitor_writes(ctx, None, "Hello again, from my phone");
    leave_email(ctx, &anonymous, "rita.lee@example.org");
    let rita = card_when(ctx, &admin, &signed_in.conversation, |_| true);
    let other = card_when(ctx, &admin, &anonymous.conversation, |c| {
        c.emails.contains("rita.lee@example.org")
    });
    assert_ne!(rita.id, other.id, "two cards so far");
    let stranger = visitor_writes(ctx, None, "Just looking");
    let unknown = card_when(ctx, &admin, &stranger.conversation, |_| true);
    let row = |id: &str| format!("[data-testid=client-row][data-id=\"{id}\"]");

    let b = ctx.driver.browser();
    ctx.sign_in(&b, "admin@example.com");
    b.click_on("[data-testid=nav-clients]");
    b.wait_for("[data-testid=clients-page]");
    b.set_value("[data-testid=clients-search]", "rita");
    b.click_on("[data-testid=clients-search-submit]");
    b.wait_text_in(
        "[data-testid=clients-count]",
        "Showing 2 cards matching “rita”",
    );
    let first = row(rita.id.as_str());
    b.wait_text_in(
        &format!("{first} [data-testid=client-row-name]"),
        "Rita Lee",
    );
    b.wait_text_in(
        &format!("{first} [data-testid=client-row-emails]"),
        "rita@example.com",
    );
    b.wait_text_in(
        &format!("{first} [data-testid=client-row-conversations]"),
        "1 conversation",
    );
    b.wait_text_in(
        &format!("{} [data-testid=client-row-emails]", row(other.id.as_str())),
        "rita.lee@example.org",
    );
    b.screenshot("clients");

    // R-CRM-1: a client who gave neither name nor contact is called what
    // their conversation calls them, and found by it.
    b.set_value("[data-testid=clients-search]", &stranger.visitor_name);
    b.click_on("[data-testid=clients-search-submit]");
    let name = format!("{} [data-testid=client-row-name]", row(unknown.id.as_str()));
    let shown = b.wait_text_in(&name, &stranger.visitor_name);
    assert!(shown.starts_with("Visitor "), "{shown}");
    b.screenshot("clients-anonymous");
    b.set_value("[data-testid=clients-search]", "rita");
    b.click_on("[data-testid=clients-search-submit]");
    b.wait_text_in(
        "[data-testid=clients-count]",
        "Showing 2 cards matching “rita”",
    );

    // The card: its facts and its conversation.
    b.click_on(&format!("{first} [data-testid=client-open]"));
    let details = format!("[data-testid=client-details][data-id=\"{}\"]", rita.id);
    b.wait_for(&details);
    wait_focus(&b, "client-details-title");
    b.wait_text_in(&format!("{details} [data-testid=client-name]"), "Rita Lee");
    b.wait_text_in(
        &format!("{details} [data-testid=client-conversation]"),
        "Live chat",
    );
    // R-CH-6: the card links each conversation's history in the console.
    let read = b.wait_for(&format!("{details} [data-testid=client-conversation-open]"));
    let href = b.attr(&read, "href").unwrap_or_default();
    assert!(href.contains("?conversation="), "{href}");

    // Merge: find the other card, choose it, read what happens, confirm.
    b.click_on("[data-testid=client-merge]");
    wait_focus(&b, "client-merge-search");
    b.set_value("[data-testid=client-merge-search]", "example.org");
    b.click_on("[data-testid=client-merge-find]");
    let candidate = format!(
        "[data-testid=client-merge-candidate][data-id=\"{}\"]",
        other.id
    );
    b.wait_text_in(&candidate, "rita.lee@example.org");
    assert!(
        b.find(&format!(
            "[data-testid=client-merge-candidate][data-id=\"{}\"]",
            rita.id
        ))
        .is_none(),
        "a card is not merged into itself"
    );
    b.click_on(&format!("{candidate} [data-testid=client-merge-pick]"));
    let question = b.wait_text_in(
        "[data-testid=client-merge-confirm-panel]",
        "Merge “rita.lee@example.org” into “Rita Lee”?",
    );
    for needle in [
        "Its conversation moves to “Rita Lee”, which then has 2 conversations.",
        "(rita.lee@example.org)",
        "disappears from the list",
    ] {
        assert!(question.contains(needle), "{question}");
    }
    wait_focus(&b, "client-merge-cancel");
    b.screenshot("clients-merge");
    b.click_on("[data-testid=client-merge-confirm]");
    b.wait_text_in(
        "[data-testid=clients-saved]",
        "Merged “rita.lee@example.org” into “Rita Lee”: it has 2 conversations now.",
    );
    wait_focus(&b, "client-details-title");
    b.wait("both conversations on the card", || {
        (b.find_all(&format!("{details} [data-testid=client-conversation]"))
            .len()
            == 2)
            .then_some(())
    });
    b.wait_text_in(
        &format!("{details} [data-testid=client-emails]"),
        "rita.lee@example.org",
    );

    // The list: one card, with both conversations.
    b.wait_text_in(
        "[data-testid=clients-count]",
        "Showing 1 card matching “rita”",
    );
    b.wait("the merged card to leave the list", || {
        b.find(&row(other.id.as_str())).is_none().then_some(())
    });
    assert_eq!(b.find_all("[data-testid=client-row]").len(), 1);
    b.wait_text_in(
        &format!("{first} [data-testid=client-row-conversations]"),
        "2 conversations",
    );
    let (status, page) = get(&ctx.w, "/api/crm/clients?q=rita", Some(&admin.token));
    assert_eq!(status, 200, "{page}");
    let clients = page["clients"].as_array().cloned().unwrap_or_default();
    assert_eq!(clients.len(), 1, "{page}");
    assert_eq!(
        clients[0]["conversations"].as_array().map(Vec::len),
        Some(2)
    );
}

// R-CRM-2: an admin switches automatic leads on for the demo channel, and
// points the CRM's webhook at a stand-in: its signing secret is shown once,
// and signs what the CRM posts (a new, reachable client becomes a lead on
// their own); "Stop" ends it.
fn an_admin_sets_automatic_leads_and_the_crm_webhook(ctx: &Ctx) {
    let _one = ctx.one_at_a_time();
    let pw = &ctx.demo.admin.password;
    let admin = login(&ctx.w, "admin@example.com", pw);
    let settings = || {
        let (status, res) = get(
            &ctx.w,
            &format!("/api/crm/settings?channel={}", ctx.demo.channel.id),
            Some(&admin.token),
        );
        assert_eq!(status, 200, "{res}");
        res["settings"].clone()
    };

    let b = ctx.driver.browser();
    ctx.sign_in(&b, "admin@example.com");
    // #22: the channel's CRM settings are in its settings page.
    b.open_channel_settings(ctx.demo.channel.id.as_str(), "crm");

    // The settings, with R-CRM's wording; the defaults.
    let auto = "[data-testid=crm-auto-lead]";
    b.wait_enabled(auto, true);
    wait_checked(&b, auto, false);
    wait_checked(&b, "[data-testid=crm-route-to-responsible]", true);
    wait_checked(&b, "[data-testid=crm-change-responsible]", true);
    let section = "[data-testid=crm-settings]";
    for needle in [
        "Create leads automatically",
        "Transfer to the responsible person if the client is recognised",
        "Change the responsible person when a conversation is transferred by hand",
    ] {
        b.wait_text_in(section, needle);
    }
    b.click_on(auto);
    b.click_on("[data-testid=crm-settings-save]");
    b.wait_text_in(
        "[data-testid=crm-settings-saved]",
        "Saved the CRM settings of",
    );
    assert_eq!(
        settings(),
        json!({"auto_lead": true, "route_to_responsible": true, "change_responsible_on_transfer": true})
    );

    b.screenshot("channel-settings-crm");

    // The webhook: a bad address is refused by its field; a good one shows
    // the secret once.
    b.click_on("[data-testid=nav-clients]");
    let hooks = StandIn::start();
    b.wait_text_in(
        "[data-testid=crm-webhook-status]",
        "Changes are not posted anywhere.",
    );
    b.set_value("[data-testid=crm-webhook-url]", "http://crm.example.com/in");
    b.click_on("[data-testid=crm-webhook-save]");
    b.wait_text_in(
        "[data-testid=crm-webhook-url-error]",
        "must be an https:// address",
    );
    wait_focus(&b, "crm-webhook-url");
    let url = format!("{}/crm", hooks.url());
    b.set_value("[data-testid=crm-webhook-url]", &url);
    b.click_on("[data-testid=crm-webhook-save]");
    b.wait_text_in(
        "[data-testid=crm-webhook-saved]",
        &format!("Changes are posted to {url} from now on."),
    );
    b.wait_text_in(
        "[data-testid=crm-webhook-status]",
        &format!("Changes are posted to {url}."),
    );
    let secret = value_of(&b, "[data-testid=crm-webhook-secret]");
    assert!(secret.len() >= 32, "{secret:?}");
    wait_focus(&b, "crm-webhook-secret");
    let (status, res) = get(&ctx.w, "/api/crm/webhook", Some(&admin.token));
    assert_eq!((status, res["url"].clone()), (200, json!(url)), "{res}");

    // R-CRM-2: a new client who can be reached (a signed-in user with an
    // email) is a lead on their own; the event is signed with that secret.
    let identity = identity_secret(ctx, &admin);
    let tom = identity::sign(
        &identity,
        &json!({"sub": "u-tom", "name": "Tom Jobim", "email": "tom@example.com", "exp": now_s() + 600}),
    );
    visitor_writes(ctx, Some(&tom), "Hi, I would like a quote");
    let lead = until("the lead_created event", || {
        hooks.calls("/crm").into_iter().find(|c| {
            let e = c.json();
            e["event"] == json!("lead_created") && e["client"]["name"] == json!("Tom Jobim")
        })
    })
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(lead.json()["client"]["lead"]["source"], json!("live_chat"));
    assert_eq!(lead.json()["client"]["lead"]["by"], Value::Null);
    let req = InboundRequest {
        headers: lead.headers.clone(),
        body: lead.body.clone(),
    };
    assert_eq!(
        webhook::verify(&secret, Timestamp(now_s() * 1000), &req),
        Ok(())
    );

    // Once: kept, it is gone, and it is not shown again.
    b.click_on("[data-testid=crm-webhook-secret-done]");
    wait_focus(&b, "crm-webhook-url");
    assert!(b.find("[data-testid=crm-webhook-secret]").is_none());
    b.refresh();
    b.click_on("[data-testid=nav-clients]");
    b.wait_text_in(
        "[data-testid=crm-webhook-status]",
        &format!("Changes are posted to {url}."),
    );
    assert_eq!(value_of(&b, "[data-testid=crm-webhook-url]"), url);
    assert!(b.find("[data-testid=crm-webhook-secret]").is_none());

    // Stop, after a confirmation.
    b.click_on("[data-testid=crm-webhook-stop]");
    wait_focus(&b, "crm-webhook-stop-cancel");
    b.click_on("[data-testid=crm-webhook-stop-confirm]");
    b.wait_text_in(
        "[data-testid=crm-webhook-status]",
        "Changes are not posted anywhere.",
    );
    b.wait_text_in("[data-testid=crm-webhook-saved]", "Stopped");
    let (status, res) = get(&ctx.w, "/api/crm/webhook", Some(&admin.token));
    assert_eq!((status, res["url"].clone()), (200, Value::Null), "{res}");

    // Back to the defaults for whatever runs next.
    let (status, res) = post(
        &ctx.w,
        "/api/crm/settings",
        Some(&admin.token),
        &json!({"channel": ctx.demo.channel.id, "settings": {"auto_lead": false, "route_to_responsible": true, "change_responsible_on_transfer": true}}),
    );
    assert_eq!(status, 200, "{res}");
}
