//! How times, statuses, delivery states, ratings, presences, transfer
//! targets and verified visitors read in the console, in the language
//! given (pure: the console's [`Lang`] is read by the caller).
//!
//! Every text shown here is in the console's catalog (#22).

use canal_shared::client::Delivery;
use canal_shared::i18n::{Arg, ConsoleMsg, Lang};
use canal_shared::identity::VerifiedIdentity;
use canal_shared::people::QueueMember;
use canal_shared::protocol::{OperatorInfo, Rating, Side, Status, Verdict};
use canal_shared::routing::Presence;
use canal_shared::time::Timestamp;

/// `data-status` of a conversation.
pub fn status_attr(status: Status) -> &'static str {
    match status {
        Status::New => "new",
        Status::Waiting => "waiting",
        Status::Active => "active",
        Status::Closed => "closed",
    }
}

/// What the list and the header say of a conversation's status:
/// "New", "Waiting", "Active — <operator name>" or "Closed".
pub fn status_label(lang: Lang, status: Status, operator: Option<&OperatorInfo>) -> String {
    let msg = match (status, operator) {
        (Status::New, _) => ConsoleMsg::FormatStatusNew,
        (Status::Waiting, _) => ConsoleMsg::FormatStatusWaiting,
        (Status::Active, Some(op)) => {
            let args = [("operator", Arg::Str(&op.name))];
            return lang.console(ConsoleMsg::FormatStatusActiveBy, &args);
        }
        (Status::Active, None) => ConsoleMsg::FormatStatusActive,
        (Status::Closed, _) => ConsoleMsg::FormatStatusClosed,
    };
    lang.console_text(msg).into_owned()
}

/// `data-side` of a message.
pub fn side_attr(side: Side) -> &'static str {
    match side {
        Side::Visitor => "visitor",
        Side::Operator => "operator",
        Side::System => "system",
    }
}

/// `data-verdict` of a rating: the protocol's name (`like`, `dislike`).
pub fn verdict_attr(verdict: Verdict) -> &'static str {
    match verdict {
        Verdict::Like => "like",
        Verdict::Dislike => "dislike",
    }
}

/// A verdict in plain words: "Liked" or "Disliked".
pub fn verdict_label(verdict: Verdict) -> ConsoleMsg {
    match verdict {
        Verdict::Like => ConsoleMsg::FormatVerdictLike,
        Verdict::Dislike => ConsoleMsg::FormatVerdictDislike,
    }
}

/// The whole rating for screen readers: "Visitor's rating: Liked" and, when
/// they left one, ": “comment”".
pub fn rating_label(lang: Lang, rating: &Rating) -> String {
    let verdict = lang.console_text(verdict_label(rating.verdict));
    let verdict = ("verdict", Arg::Str(&verdict));
    match rating_comment(rating) {
        Some(comment) => lang.console(
            ConsoleMsg::FormatRatingComment,
            &[verdict, ("comment", Arg::Str(comment))],
        ),
        None => lang.console(ConsoleMsg::FormatRating, &[verdict]),
    }
}

/// The rating's comment, trimmed, unless it is empty.
pub fn rating_comment(rating: &Rating) -> Option<&str> {
    rating
        .comment
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty())
}

/// `data-delivery` of a message.
pub fn delivery_attr(delivery: Delivery) -> &'static str {
    match delivery {
        Delivery::Sending => "sending",
        Delivery::Sent => "sent",
        Delivery::Seen => "seen",
    }
}

/// What the operator reads under their own message.
pub fn delivery_label(delivery: Delivery) -> ConsoleMsg {
    match delivery {
        Delivery::Sending => ConsoleMsg::FormatDeliverySending,
        Delivery::Sent => ConsoleMsg::FormatDeliverySent,
        Delivery::Seen => ConsoleMsg::FormatDeliverySeen,
    }
}

/// The value of a presence in `<option value>` and `data-presence`: the
/// protocol's name (`online`, `away`, `offline`).
pub fn presence_attr(presence: Presence) -> &'static str {
    match presence {
        Presence::Online => "online",
        Presence::Away => "away",
        Presence::Offline => "offline",
    }
}

/// What the presence switch says: "Online", "Away", "Offline".
pub fn presence_label(presence: Presence) -> ConsoleMsg {
    match presence {
        Presence::Online => ConsoleMsg::PresenceOnline,
        Presence::Away => ConsoleMsg::PresenceAway,
        Presence::Offline => ConsoleMsg::PresenceOffline,
    }
}

/// The presence an operator may choose from the switch's `value`: online or
/// away (offline is what closing the console means).
pub fn chosen_presence(value: &str) -> Option<Presence> {
    match value {
        "online" => Some(Presence::Online),
        "away" => Some(Presence::Away),
        _ => None,
    }
}

/// A transfer menu option: "Ana — online, 2 conversations".
pub fn member_label(lang: Lang, member: &QueueMember) -> String {
    let presence = lang.console_text(match member.presence {
        Presence::Online => ConsoleMsg::FormatMemberOnline,
        Presence::Away => ConsoleMsg::FormatMemberAway,
        Presence::Offline => ConsoleMsg::FormatMemberOffline,
    });
    lang.console(
        ConsoleMsg::FormatMember,
        &[
            ("name", Arg::Str(&member.operator.name)),
            ("presence", Arg::Str(&presence)),
            ("count", Arg::Num(i64::from(member.load))),
        ],
    )
}

/// A response time for people: `45 s`, `3 min 20 s`, `1 h 5 min`, or `—`
/// when there is none.
pub fn duration(lang: Lang, ms: Option<i64>) -> String {
    let Some(ms) = ms.filter(|ms| *ms >= 0) else {
        return "—".into();
    };
    let s = ms / 1000;
    let (msg, args): (_, &[(&str, Arg)]) = match (s / 3600, s % 3600 / 60, s % 60) {
        (0, 0, s) => (ConsoleMsg::FormatDurationS, &[("s", Arg::Num(s))]),
        (0, m, 0) => (ConsoleMsg::FormatDurationM, &[("m", Arg::Num(m))]),
        (0, m, s) => (
            ConsoleMsg::FormatDurationMS,
            &[("m", Arg::Num(m)), ("s", Arg::Num(s))],
        ),
        (h, 0, _) => (ConsoleMsg::FormatDurationH, &[("h", Arg::Num(h))]),
        (h, m, _) => (
            ConsoleMsg::FormatDurationHM,
            &[("h", Arg::Num(h)), ("m", Arg::Num(m))],
        ),
    };
    lang.console(msg, args)
}

/// `HH:MM` from hours and minutes.
pub fn hh_mm(hours: u32, minutes: u32) -> String {
    format!("{hours:02}:{minutes:02}")
}

/// The local time of `at` as `HH:MM`.
pub fn time_of_day(at: Timestamp) -> String {
    let d = date(at);
    hh_mm(d.get_hours(), d.get_minutes())
}

/// When a list item was last active: `HH:MM` today, the date before (in
/// `lang`'s order).
pub fn list_time(lang: Lang, at: Timestamp) -> String {
    let d = date(at);
    let today = js_sys::Date::new_0();
    let same_day = d.get_full_year() == today.get_full_year()
        && d.get_month() == today.get_month()
        && d.get_date() == today.get_date();
    if same_day {
        hh_mm(d.get_hours(), d.get_minutes())
    } else {
        ymd(lang, d.get_full_year(), d.get_month() + 1, d.get_date())
    }
}

/// The local date and time of `at`: `YYYY-MM-DD HH:MM` in English,
/// `DD/MM/YYYY HH:MM` in Portuguese and Spanish.
pub fn date_time(lang: Lang, at: Timestamp) -> String {
    let d = date(at);
    ymd_hm(
        lang,
        d.get_full_year(),
        d.get_month() + 1,
        d.get_date(),
        d.get_hours(),
        d.get_minutes(),
    )
}

/// A date and a time from their parts (`month` from 1), in `lang`'s order.
pub fn ymd_hm(lang: Lang, year: u32, month: u32, day: u32, hours: u32, minutes: u32) -> String {
    [ymd(lang, year, month, day), hh_mm(hours, minutes)].join(" ")
}

/// A date from its parts (`month` from 1), in `lang`'s order, zero-padded.
pub fn ymd(lang: Lang, year: u32, month: u32, day: u32) -> String {
    let (year, month, day) = (
        format!("{year:04}"),
        format!("{month:02}"),
        format!("{day:02}"),
    );
    lang.console(
        ConsoleMsg::FormatDate,
        &[
            ("year", Arg::Str(&year)),
            ("month", Arg::Str(&month)),
            ("day", Arg::Str(&day)),
        ],
    )
}

/// `mailto:` and `address`, each character outside the few an address
/// needs percent-encoded, so the link opens a message to exactly that
/// address and nothing else (no `?subject=`, no second recipient).
pub fn mailto_href(address: &str) -> String {
    let mut href = String::from("mailto:");
    for b in address.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'@' | b'.' | b'-' | b'_' | b'+' | b'~' => {
                href.push(char::from(b))
            }
            _ => href.push_str(&format!("%{b:02X}")),
        }
    }
    href
}

/// The badge of a visitor the site's signed token identifies: their id there.
pub fn verified_label(lang: Lang, identity: &VerifiedIdentity) -> String {
    lang.console(
        ConsoleMsg::FormatVerified,
        &[("id", Arg::Str(&identity.id))],
    )
}

/// What the badge means, as its tooltip: who the site says it is.
pub fn verified_title(lang: Lang, identity: &VerifiedIdentity) -> String {
    let known: Vec<&str> = [identity.name.as_deref(), identity.email.as_deref()]
        .into_iter()
        .flatten()
        .collect();
    let id = ("id", Arg::Str(&identity.id));
    if known.is_empty() {
        lang.console(ConsoleMsg::FormatVerifiedTitle, &[id])
    } else {
        let known = known.join(", ");
        lang.console(
            ConsoleMsg::FormatVerifiedTitleKnown,
            &[id, ("known", Arg::Str(&known))],
        )
    }
}

/// What comes before a conversation's email: the site's, for a verified
/// visitor whose token gave it, or the one left in the offline form; a
/// space ends it.
pub fn contact_prefix(lang: Lang, contact: &str, identity: Option<&VerifiedIdentity>) -> String {
    let msg = if identity.is_some_and(|i| i.email.as_deref() == Some(contact)) {
        ConsoleMsg::FormatContactEmail
    } else {
        ConsoleMsg::FormatContactLeft
    };
    format!("{} ", lang.console_text(msg))
}

/// `at` in ISO 8601 (UTC), for `datetime` attributes.
pub fn full_time(at: Timestamp) -> String {
    String::from(date(at).to_iso_string())
}

fn date(at: Timestamp) -> js_sys::Date {
    js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(at.0 as f64))
}

/// Now, on the browser's clock.
pub fn now() -> Timestamp {
    Timestamp(js_sys::Date::now() as i64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use canal_shared::ids::UserId;

    #[test]
    fn durations_read_like_people_say_them() {
        let en = Lang::En;
        assert_eq!(duration(en, None), "—");
        assert_eq!(duration(en, Some(45_400)), "45 s");
        assert_eq!(duration(en, Some(180_000)), "3 min");
        assert_eq!(duration(en, Some(200_000)), "3 min 20 s");
        assert_eq!(duration(en, Some(3_900_000)), "1 h 5 min");
        assert_eq!(duration(en, Some(7_200_000)), "2 h");
    }

    #[test]
    fn labels() {
        let op = OperatorInfo {
            id: UserId::parse("u1").unwrap(),
            name: "Ada".into(),
        };
        let en = Lang::En;
        assert_eq!(status_label(en, Status::Active, Some(&op)), "Active — Ada");
        assert_eq!(status_label(en, Status::Waiting, None), "Waiting");
        assert_eq!(status_attr(Status::Active), "active");
        assert_eq!(status_label(en, Status::Closed, Some(&op)), "Closed");
        assert_eq!(status_label(en, Status::Closed, None), "Closed");
        assert_eq!(hh_mm(9, 5), "09:05");
        assert_eq!(
            en.console_text(delivery_label(Delivery::Sending)),
            "Sending…"
        );
    }

    #[test]
    fn verified_visitors() {
        let mut rita = VerifiedIdentity {
            id: "u-42".into(),
            name: Some("Rita Lee".into()),
            email: Some("rita@example.com".into()),
        };
        let en = Lang::En;
        assert_eq!(verified_label(en, &rita), "Verified: u-42");
        assert_eq!(
            verified_title(en, &rita),
            "Signed in on the site as u-42 (Rita Lee, rita@example.com)"
        );
        assert_eq!(
            contact_prefix(en, "rita@example.com", Some(&rita)),
            "Email: "
        );
        assert_eq!(
            contact_prefix(en, "other@example.com", Some(&rita)),
            "Left an email: "
        );
        assert_eq!(
            contact_prefix(en, "rita@example.com", None),
            "Left an email: "
        );
        rita.name = None;
        assert_eq!(
            verified_title(en, &rita),
            "Signed in on the site as u-42 (rita@example.com)"
        );
        rita.email = None;
        assert_eq!(verified_title(en, &rita), "Signed in on the site as u-42");
    }

    #[test]
    fn dates_and_mail_links() {
        assert_eq!(ymd_hm(Lang::En, 2025, 3, 7, 9, 5), "2025-03-07 09:05");
        assert_eq!(ymd_hm(Lang::PtBr, 2025, 3, 7, 9, 5), "07/03/2025 09:05");
        assert_eq!(ymd(Lang::Es, 2025, 12, 31), "31/12/2025");
        assert_eq!(
            mailto_href("ana.lima+news@example.com"),
            "mailto:ana.lima+news@example.com"
        );
        // Nothing in the address can add headers or recipients.
        assert_eq!(
            mailto_href("a?cc=b@x.com&subject=hi#"),
            "mailto:a%3Fcc%3Db@x.com%26subject%3Dhi%23"
        );
        assert_eq!(
            mailto_href("jo%2C@x.com,b@y.com"),
            "mailto:jo%252C@x.com%2Cb@y.com"
        );
        assert_eq!(mailto_href("zé@x.com"), "mailto:z%C3%A9@x.com");
    }

    #[test]
    fn attributes_are_the_protocols_names() {
        for status in [Status::New, Status::Waiting, Status::Active, Status::Closed] {
            let json = serde_json::to_string(&status).unwrap();
            assert_eq!(json, format!("\"{}\"", status_attr(status)));
        }
        for side in [Side::Visitor, Side::Operator, Side::System] {
            let json = serde_json::to_string(&side).unwrap();
            assert_eq!(json, format!("\"{}\"", side_attr(side)));
        }
        for verdict in [Verdict::Like, Verdict::Dislike] {
            let json = serde_json::to_string(&verdict).unwrap();
            assert_eq!(json, format!("\"{}\"", verdict_attr(verdict)));
        }
    }

    #[test]
    fn ratings() {
        let rating = |verdict, comment: Option<&str>| Rating {
            verdict,
            comment: comment.map(str::to_owned),
        };
        let en = Lang::En;
        assert_eq!(en.console_text(verdict_label(Verdict::Like)), "Liked");
        assert_eq!(en.console_text(verdict_label(Verdict::Dislike)), "Disliked");
        assert_eq!(
            rating_label(en, &rating(Verdict::Like, None)),
            "Visitor's rating: Liked"
        );
        assert_eq!(
            rating_label(en, &rating(Verdict::Dislike, Some(" Too slow "))),
            "Visitor's rating: Disliked: “Too slow”"
        );
        // A blank comment is no comment.
        assert_eq!(rating_comment(&rating(Verdict::Like, Some("  "))), None);
        assert_eq!(
            rating_label(en, &rating(Verdict::Like, Some(""))),
            "Visitor's rating: Liked"
        );
    }

    #[test]
    fn presences() {
        for p in [Presence::Online, Presence::Away, Presence::Offline] {
            // The attribute is the protocol's own name.
            let json = serde_json::to_string(&p).unwrap();
            assert_eq!(json, format!("\"{}\"", presence_attr(p)));
        }
        assert_eq!(presence_label(Presence::Away), ConsoleMsg::PresenceAway);
        assert_eq!(chosen_presence("online"), Some(Presence::Online));
        assert_eq!(chosen_presence("away"), Some(Presence::Away));
        // Offline cannot be chosen.
        assert_eq!(chosen_presence("offline"), None);
        assert_eq!(chosen_presence(""), None);
    }

    #[test]
    fn transfer_options() {
        let member = |name: &str, presence, load| QueueMember {
            operator: OperatorInfo {
                id: UserId::parse("u1").unwrap(),
                name: name.into(),
            },
            presence,
            load,
        };
        assert_eq!(
            member_label(Lang::En, &member("Ana", Presence::Online, 2)),
            "Ana — online, 2 conversations"
        );
        assert_eq!(
            member_label(Lang::En, &member("Bo", Presence::Away, 1)),
            "Bo — away, 1 conversation"
        );
        assert_eq!(
            member_label(Lang::En, &member("Cy", Presence::Offline, 0)),
            "Cy — offline, 0 conversations"
        );
    }
}
