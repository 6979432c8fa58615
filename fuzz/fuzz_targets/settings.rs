//! What admins post, and the small parsers of untrusted text: never a panic.
//!
//! The input is read as JSON of every settings body the console posts
//! (automation and working hours, widget settings, channel updates, KPI
//! settings, consent texts, canned responses, departments, queues,
//! connectors), each checked by its own validation; a value that passes
//! must pass again once validated (what is stored is read back and checked
//! again). The same text goes through the small parsers (ids, message
//! text, names, emails, avatars, domains, rate limits, times of day,
//! languages) and, as the claims of a site's signed token, through identity
//! verification. Parsers that clean their input must accept what they
//! return, and give it back unchanged where they promise to.

#![no_main]

use std::collections::BTreeSet;

use canal_shared::automation::{AutomationConfig, AutomationSettings, MIN_DELAY_MS};
use canal_shared::canned::{self, CannedListInput};
use canal_shared::channels::{self, ChannelDelete, ChannelDetails, ChannelUpdate};
use canal_shared::connectors::ConnectorInput;
use canal_shared::consent::{self, ConsentRequest, ConsentTextInput};
use canal_shared::crm;
use canal_shared::hours::{DayTime, WorkingHours};
use canal_shared::i18n::Lang;
use canal_shared::identity;
use canal_shared::ids::{self, ChannelId, UserId};
use canal_shared::kpi::{self, KpiConfig, KpiSettings, MIN_LIMIT_MS};
use canal_shared::limits::Limits;
use canal_shared::people::{self, Department, DepartmentInput, QueueConfig};
use canal_shared::protocol::Rating;
use canal_shared::routing::RoutingSettings;
use canal_shared::text::{self, MessageText};
use canal_shared::time::Timestamp;
use canal_shared::widget_settings::{self, OperatorCard, WidgetSettings, WidgetSettingsInput};
use libfuzzer_sys::fuzz_target;
use serde::de::DeserializeOwned;

/// Some instant in 2026, for what depends on the time.
const NOW: Timestamp = Timestamp(1_780_000_000_000);
/// The identity secret of the fuzzed site tokens.
const SECRET: &str = "fuzz-identity-secret-of-a-channel";

fn decode<T: DeserializeOwned>(raw: &str) -> Option<T> {
    serde_json::from_str(raw).ok()
}

fn user(s: &str) -> UserId {
    UserId::parse(s).expect("a valid id")
}

/// The active people of the account the bodies are checked against.
fn active() -> BTreeSet<UserId> {
    ["ana", "bo", "u1"].into_iter().map(user).collect()
}

/// The other channels a channel update is checked against.
fn channels() -> Vec<ChannelDetails> {
    ["Open Channel 1", "Sales"]
        .into_iter()
        .enumerate()
        .map(|(i, name)| ChannelDetails {
            id: ChannelId::parse(&format!("ch{i}")).expect("a valid id"),
            number: i as u32 + 1,
            name: name.into(),
            active: true,
            created_at: Timestamp(0),
            email_language: None,
            allowed_domains: Vec::new(),
        })
        .collect()
}

fn automation(settings: &AutomationSettings, hours: Option<WorkingHours>) {
    if settings.validate(MIN_DELAY_MS).is_ok() {
        for lang in Lang::ALL {
            settings.resolve(hours.clone(), *lang);
        }
    }
}

fn working_hours(hours: &WorkingHours) {
    let encoded = serde_json::to_string(hours).expect("hours encode");
    let again: WorkingHours = serde_json::from_str(&encoded).expect("encoded hours decode");
    assert_eq!(&again, hours);
    hours.is_open(NOW);
    if let Some(t) = hours.next_change(NOW) {
        assert!(t > NOW);
    }
}

fn widget(settings: &WidgetSettings) {
    if let Ok(clean) = settings.validate() {
        assert!(
            clean.validate().is_ok(),
            "validated widget settings: {clean:?}"
        );
        clean.header("Open Channel 1");
        let profile = OperatorCard {
            name: "Ana".into(),
            position: None,
            avatar: None,
        };
        clean.card_for(&user("ana"), &profile);
    }
}

fn card(card: &OperatorCard) {
    if let Ok(clean) = card.validate() {
        assert_eq!(clean.validate().as_ref(), Ok(&clean));
    }
}

fn domains(typed: &[String]) {
    let Ok(clean) = channels::parse_domains(typed) else {
        return;
    };
    assert_eq!(channels::parse_domains(&clean).as_ref(), Ok(&clean));
    channels::frame_ancestors(&clean);
    for d in &clean {
        let host = d
            .strip_prefix("*.")
            .map_or(d.clone(), |p| format!("www.{p}"));
        assert!(
            channels::origin_allowed(&clean, &format!("https://{host}")),
            "{host} under {clean:?}"
        );
    }
}

fn kpi(settings: &KpiSettings) {
    if let Ok(clean) = settings.validate(MIN_LIMIT_MS) {
        assert_eq!(clean.validate(MIN_LIMIT_MS).as_ref(), Ok(&clean));
        let _ = clean.check_people(&active());
        for limit in [&clean.first, &clean.next].into_iter().flatten() {
            if let Some(n) = &limit.notify {
                kpi::notice_text(n, "Ana", "42");
            }
        }
    }
}

/// Every settings body the console posts.
fn bodies(raw: &str) {
    if let Some(c) = decode::<AutomationConfig>(raw) {
        automation(&c.settings, c.hours.clone());
    }
    if let Some(s) = decode::<AutomationSettings>(raw) {
        automation(&s, None);
    }
    if let Some(h) = decode::<WorkingHours>(raw) {
        working_hours(&h);
    }
    if let Some(w) = decode::<WidgetSettingsInput>(raw) {
        widget(&w.settings);
    }
    if let Some(w) = decode::<WidgetSettings>(raw) {
        widget(&w);
    }
    if let Some(c) = decode::<OperatorCard>(raw) {
        card(&c);
    }
    if let Some(u) = decode::<ChannelUpdate>(raw) {
        if let Ok(Some(name)) = channels::check_update(&u, &channels()) {
            assert_eq!(text::parse_name(&name).as_ref(), Ok(&name));
        }
        if let Some(d) = &u.allowed_domains {
            domains(d);
        }
    }
    if let Some(d) = decode::<ChannelDelete>(raw) {
        let _ = channels::check_delete(&channels()[0], &d.confirm);
    }
    if let Some(k) = decode::<KpiConfig>(raw) {
        kpi(&k.settings);
    }
    if let Some(k) = decode::<KpiSettings>(raw) {
        kpi(&k);
    }
    if let Some(c) = decode::<ConsentTextInput>(raw) {
        if let Ok((name, body)) = c.validate() {
            assert_eq!(text::parse_name(&name).as_ref(), Ok(&name));
            assert!(consent::parse_body(&body).is_ok(), "{body:?}");
        }
    }
    if let Some(c) = decode::<ConsentRequest>(raw) {
        let page = consent::clean_page(&c.page);
        assert_eq!(consent::clean_page(&page), page);
    }
    if let Some(l) = decode::<CannedListInput>(raw) {
        if let Ok((name, responses)) = l.validate() {
            assert_eq!(text::parse_name(&name).as_ref(), Ok(&name));
            assert_eq!(canned::response_problems(&responses), vec![]);
            canned::search(&responses, raw);
        }
    }
    if let Some(d) = decode::<DepartmentInput>(raw) {
        if let Ok(clean) = people::validate_department(&d, &active()) {
            assert_eq!(
                people::validate_department(&clean, &active()).as_ref(),
                Ok(&clean)
            );
        }
    }
    if let Some(q) = decode::<QueueConfig>(raw) {
        let departments: Vec<Department> =
            decode(r#"[{"id":"d1","name":"Sales","head":"ana","members":["ana","bo"]}]"#)
                .expect("a department");
        if people::validate_queue(&q, &active(), &departments).is_ok() {
            people::expand_queue(&q.entries, &departments, &active());
        }
    }
    if let Some(s) = decode::<RoutingSettings>(raw) {
        let _ = s.validate();
    }
    if let Some(c) = decode::<ConnectorInput>(raw) {
        if let Ok(clean) = c.settings.validate() {
            assert!(clean.validate().is_ok(), "{clean:?}");
        }
    }
    if let Some(r) = decode::<Rating>(raw) {
        if let Ok(clean) = r.cleaned() {
            assert_eq!(clean.cleaned().as_ref(), Ok(&clean));
        }
    }
}

/// The small parsers, on the whole text.
fn parsers(s: &str) {
    macro_rules! ids {
        ($($t:ty),*) => {$(
            if let Ok(id) = <$t>::parse(s) {
                assert_eq!(id.as_str(), s);
                let json = serde_json::to_string(&id).expect("an id encodes");
                assert_eq!(serde_json::from_str::<$t>(&json).ok().as_ref(), Some(&id));
            }
        )*};
    }
    ids!(
        ids::ChannelId,
        ids::ConversationId,
        ids::VisitorId,
        ids::UserId,
        ids::DepartmentId,
        ids::ConsentTextId,
        ids::CannedListId,
        ids::ConnectorId,
        ids::BotId,
        ids::ClientId,
        ids::ClientMsgId
    );
    if let Ok(t) = MessageText::parse(s) {
        assert_eq!(MessageText::parse(t.as_str()).as_ref(), Ok(&t));
        t.preview();
    }
    text::preview(s);
    let _ = text::check_draft(s);
    if let Ok(n) = text::parse_name(s) {
        assert_eq!(text::parse_name(&n).as_ref(), Ok(&n));
    }
    if let Some(e) = widget_settings::parse_email(s) {
        assert_eq!(widget_settings::parse_email(&e).as_ref(), Some(&e));
    }
    if let Ok(Some(a)) = widget_settings::parse_avatar(Some(s)) {
        assert_eq!(widget_settings::parse_avatar(Some(&a)), Ok(Some(a.clone())));
    }
    if let Ok(Some(p)) = widget_settings::parse_position(Some(s)) {
        assert_eq!(
            widget_settings::parse_position(Some(&p)),
            Ok(Some(p.clone()))
        );
    }
    let _ = Limits::parse(s);
    if let Ok(t) = DayTime::parse(s) {
        assert!(t.minutes() <= 1440);
        assert_eq!(DayTime::parse(&String::from(t)), Ok(t));
    }
    let limit = channels::parse_limit(Some(s));
    assert!((1..=channels::MAX_CHANNEL_LIMIT).contains(&limit));
    let _ = channels::email_language(s);
    Lang::negotiate(s.split(','));
    if let Some(p) = crm::normalize_phone(s) {
        assert_eq!(crm::normalize_phone(&p).as_ref(), Some(&p));
    }
    if let Ok(t) = canned::parse_title(s) {
        assert_eq!(canned::parse_title(&t).as_ref(), Ok(&t));
    }
    if let Ok(t) = canned::parse_text(s) {
        assert!(canned::parse_text(&t).is_ok(), "{t:?}");
    }
    if let Ok(Some(t)) = canned::parse_shortcut(s) {
        assert_eq!(canned::parse_shortcut(&t), Ok(Some(t.clone())));
    }
    canned::fold(s);
    domains(&s.lines().map(str::to_owned).collect::<Vec<_>>());
}

/// A site's token for its logged-in user: as given, and as the site would
/// sign claims of this JSON.
fn site_token(s: &str) {
    let _ = identity::verify(SECRET, s, NOW);
    let Some(claims) = decode::<serde_json::Value>(s) else {
        return;
    };
    let token = identity::sign(SECRET, &claims);
    if let Ok(who) = identity::verify(SECRET, &token, NOW) {
        assert!(!who.id.is_empty());
        if let Some(n) = &who.name {
            assert_eq!(text::parse_name(n).as_ref(), Ok(n));
        }
        if let Some(e) = &who.email {
            assert_eq!(widget_settings::parse_email(e).as_ref(), Some(e));
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else {
        return;
    };
    bodies(s);
    parsers(s);
    site_token(s);
});
