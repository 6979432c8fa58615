//! Alerts for an operator whose console is not in front (#20): a
//! conversation offered to them, a visitor's message in one of theirs, a
//! conversation transferred to them, a late-answer notice (R-KPI-3).
//!
//! What fires is decided by pure functions over the inbox's summaries
//! ([`change`], [`deliver`], [`waiting`]), unit-tested here; [`Alerter`]
//! carries the decisions out with the browser's Notification API, a short
//! sound from Web Audio, and the count of what waits in the tab's title and
//! favicon.

use std::cell::RefCell;

use canal_shared::i18n::{Arg, ConsoleMsg, Lang};
use canal_shared::ids::{ConversationId, UserId};
use canal_shared::preferences::{AlertKind, Preferences};
use canal_shared::protocol::{ConversationSummary, OperatorNotice};

use crate::inbox::offered_to_me;

/// One alert to give.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Alert {
    /// What it is about.
    pub kind: AlertKind,
    /// The conversation clicking it opens.
    pub conversation: ConversationId,
    /// The notification's title: names the visitor.
    pub title: String,
    /// Its body: the first line of what waits.
    pub body: String,
}

/// How an alert is given, once preferences and the page's state are known.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Delivery {
    /// Show a desktop notification.
    pub notify: bool,
    /// Play the sound.
    pub sound: bool,
}

/// The first line of `text`, at most 120 characters.
pub fn first_line(text: &str) -> String {
    let line = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let line = line.trim();
    match line.char_indices().nth(120) {
        Some((i, _)) => format!("{}…", &line[..i]),
        None => line.to_owned(),
    }
}

/// The alert a change of one conversation's summary in `me`'s inbox gives,
/// if any: `prev` is what the inbox held before (`None`: it just arrived);
/// `accepted_here`, whether this console accepted its offer. My own actions
/// give none: accepting an offer, my replies (they do not raise `unread`),
/// a transfer away from me (it leaves the inbox).
pub fn change(
    lang: Lang,
    prev: Option<&ConversationSummary>,
    next: &ConversationSummary,
    me: &UserId,
    accepted_here: bool,
) -> Option<Alert> {
    let mine = |s: &ConversationSummary| s.operator.as_ref().is_some_and(|o| &o.id == me);
    let kind = if offered_to_me(next, me) {
        // Offered again after a skip round, or for the first time.
        if prev.is_some_and(|p| offered_to_me(p, me)) {
            return None;
        }
        AlertKind::Offered
    } else if mine(next) {
        match prev {
            // Offered to me and now mine: I accepted it, or someone else
            // took it and transferred it to me (its inbox skipped that).
            Some(p) if offered_to_me(p, me) && accepted_here => return None,
            Some(p) if mine(p) => {
                if next.unread <= p.unread {
                    return None;
                }
                AlertKind::Message
            }
            // Someone else's before, or new to my inbox: given to me.
            _ => AlertKind::Transferred,
        }
    } else {
        return None;
    };
    let name = &next.visitor_name;
    let title = match kind {
        AlertKind::Offered => lang.console(ConsoleMsg::AlertsOffered, &[("name", Arg::Str(name))]),
        AlertKind::Transferred => {
            lang.console(ConsoleMsg::AlertsTransferred, &[("name", Arg::Str(name))])
        }
        _ => name.clone(),
    };
    Some(Alert {
        kind,
        conversation: next.id.clone(),
        title,
        body: first_line(&next.last_text),
    })
}

/// The alert for a late-answer notice (R-KPI-3), named after the visitor
/// when the inbox knows the conversation.
pub fn late(lang: Lang, notice: &OperatorNotice, list: &[ConversationSummary]) -> Alert {
    let visitor = list
        .iter()
        .find(|s| s.id == notice.conversation)
        .map(|s| s.visitor_name.clone());
    Alert {
        kind: AlertKind::Late,
        conversation: notice.conversation.clone(),
        title: match visitor {
            Some(name) => lang.console(ConsoleMsg::AlertsLate, &[("name", Arg::Str(&name))]),
            None => lang.console(ConsoleMsg::AlertsLateAnyone, &[]),
        },
        body: first_line(&notice.text),
    }
}

/// How to give `alert`: not at all when its kind is off, or when the person
/// is looking at its conversation in a console that is in front; a desktop
/// notification only while the console is not in front and they asked for
/// them (and the browser allows it); the sound when it is on.
pub fn deliver(
    alert: &Alert,
    prefs: &Preferences,
    in_front: bool,
    looking_at: Option<&ConversationId>,
    permitted: bool,
) -> Delivery {
    if !prefs.wants(alert.kind) || (in_front && looking_at == Some(&alert.conversation)) {
        return Delivery::default();
    }
    Delivery {
        notify: !in_front && prefs.desktop && permitted,
        sound: prefs.sound,
    }
}

/// How many things wait for `me`: conversations offered to me, and mine
/// with unread visitor messages.
pub fn waiting(list: &[ConversationSummary], me: &UserId) -> usize {
    list.iter()
        .filter(|s| {
            offered_to_me(s, me)
                || (s.unread > 0 && s.operator.as_ref().is_some_and(|o| &o.id == me))
        })
        .count()
}

/// The tab's title with `count` things waiting.
pub fn title(lang: Lang, count: usize) -> String {
    let title = lang.console(ConsoleMsg::AlertsTitle, &[]);
    match count {
        0 => title,
        n => format!("({n}) {title}"),
    }
}

/// The favicon: Canal's speech bubble, with a red badge carrying `count`
/// (9+ above nine) when something waits. An SVG data URL.
pub fn favicon(count: usize) -> String {
    let bubble = "<path d='M6 8h40a6 6 0 0 1 6 6v22a6 6 0 0 1-6 6H24l-10 10v-10H6a6 6 0 0 1-6-6V14a6 6 0 0 1 6-6z' fill='%231f5fbf'/>";
    let badge = match count {
        0 => String::new(),
        n => {
            let label = if n > 9 {
                "9+".to_owned()
            } else {
                n.to_string()
            };
            format!(
                "<circle cx='48' cy='16' r='16' fill='%23d1242f'/><text x='48' y='23' font-family='Arial,sans-serif' font-size='{}' font-weight='700' fill='white' text-anchor='middle'>{label}</text>",
                if n > 9 { 16 } else { 20 }
            )
        }
    };
    format!("data:image/svg+xml,<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 64 64'>{bubble}{badge}</svg>")
}

/// Notice ids already alerted in this browser, so a notice sent again when
/// a console connects (within a day) alerts once.
const ALERTED_KEY: &str = "canal:alerted-notices";
const ALERTED_KEPT: usize = 100;

/// Gives alerts in the browser. One per console.
pub struct Alerter {
    audio: RefCell<Option<web_sys::AudioContext>>,
}

impl Default for Alerter {
    fn default() -> Self {
        Self::new()
    }
}

impl Alerter {
    /// An alerter; its sound is prepared on the person's first click or key
    /// (browsers let a page play sound only after one).
    pub fn new() -> Self {
        Alerter {
            audio: RefCell::new(None),
        }
    }

    /// Prepares the sound, from a click or a key of the person's.
    pub fn unlock(&self) {
        let mut audio = self.audio.borrow_mut();
        if audio.is_none() {
            *audio = web_sys::AudioContext::new().ok();
        }
        if let Some(ctx) = audio.as_ref() {
            if ctx.state() == web_sys::AudioContextState::Suspended {
                let _ = ctx.resume();
            }
        }
    }

    /// Gives `alert` as `how` says; `open` runs when the notification is
    /// clicked (after the console was brought forward).
    pub fn give(&self, alert: &Alert, how: Delivery, open: impl Fn(ConversationId) + 'static) {
        if how.notify {
            notify(alert, open);
        }
        if how.sound {
            self.play();
        }
    }

    /// The alert's sound: two short soft tones.
    pub fn play(&self) {
        let audio = self.audio.borrow();
        let Some(ctx) = audio.as_ref() else {
            return;
        };
        let _ = ctx.resume();
        let t = ctx.current_time();
        for (i, freq) in [880.0_f32, 1320.0].into_iter().enumerate() {
            let start = t + 0.12 * i as f64;
            let (Ok(osc), Ok(gain)) = (ctx.create_oscillator(), ctx.create_gain()) else {
                return;
            };
            osc.frequency().set_value(freq);
            let g = gain.gain();
            g.set_value(0.0);
            let _ = g.linear_ramp_to_value_at_time(0.15, start + 0.01);
            let _ = g.linear_ramp_to_value_at_time(0.0, start + 0.1);
            let _ = osc
                .connect_with_audio_node(&gain)
                .and_then(|_| gain.connect_with_audio_node(&ctx.destination()));
            let _ = osc.start_with_when(start);
            let _ = osc.stop_with_when(start + 0.11);
        }
    }
}

/// Whether the browser allows desktop notifications for the console.
pub fn permitted() -> bool {
    web_sys::Notification::permission() == web_sys::NotificationPermission::Granted
}

/// Whether the browser has notifications at all.
pub fn supported() -> bool {
    let window = leptos::prelude::window();
    js_sys::Reflect::has(&window, &"Notification".into()).unwrap_or(false)
}

/// Asks the browser's permission (from a click of the person's); `done`
/// gets whether it was granted.
pub fn ask_permission(done: impl FnOnce(bool) + 'static) {
    if !supported() {
        done(false);
        return;
    }
    let Ok(promise) = web_sys::Notification::request_permission() else {
        done(false);
        return;
    };
    wasm_bindgen_futures::spawn_local(async move {
        let answer = wasm_bindgen_futures::JsFuture::from(promise).await;
        done(answer.ok().and_then(|v| v.as_string()).as_deref() == Some("granted"));
    });
}

fn notify(alert: &Alert, open: impl Fn(ConversationId) + 'static) {
    use wasm_bindgen::prelude::*;

    let options = web_sys::NotificationOptions::new();
    options.set_body(&alert.body);
    options.set_tag(&format!("canal-{:?}-{}", alert.kind, alert.conversation));
    let Ok(n) = web_sys::Notification::new_with_options(&alert.title, &options) else {
        return;
    };
    let id = alert.conversation.clone();
    let shown = n.clone();
    let on_click = Closure::<dyn Fn()>::new(move || {
        let _ = leptos::prelude::window().focus();
        open(id.clone());
        shown.close();
    });
    n.set_onclick(Some(on_click.as_ref().unchecked_ref()));
    // Lives as long as the notification may be clicked: the console's life.
    on_click.forget();
}

/// Whether the console is in front: its tab visible and its window focused.
pub fn in_front() -> bool {
    let document = leptos::prelude::document();
    document.visibility_state() == web_sys::VisibilityState::Visible
        && document.has_focus().unwrap_or(false)
}

/// Shows `count` in the tab's title and favicon.
pub fn show_count(lang: Lang, count: usize) {
    use wasm_bindgen::JsCast;

    let document = leptos::prelude::document();
    document.set_title(&title(lang, count));
    let link = document
        .query_selector("link[rel='icon']")
        .ok()
        .flatten()
        .or_else(|| {
            let link = document.create_element("link").ok()?;
            let _ = link.set_attribute("rel", "icon");
            document.head()?.append_child(&link).ok()?;
            Some(link)
        });
    if let Some(link) = link.and_then(|l| l.dyn_into::<web_sys::HtmlLinkElement>().ok()) {
        link.set_href(&favicon(count));
    }
}

/// Whether notice `id` was not alerted in this browser yet; remembers it.
pub fn first_time(id: &str) -> bool {
    let Some(storage) = leptos::prelude::window().local_storage().ok().flatten() else {
        return true;
    };
    let mut seen: Vec<String> = storage
        .get_item(ALERTED_KEY)
        .ok()
        .flatten()
        .and_then(|s| serde_json::from_str(&s).ok())
        .unwrap_or_default();
    if seen.iter().any(|s| s == id) {
        return false;
    }
    seen.push(id.to_owned());
    let skip = seen.len().saturating_sub(ALERTED_KEPT);
    let kept = serde_json::to_string(&seen[skip..]).unwrap_or_default();
    let _ = storage.set_item(ALERTED_KEY, &kept);
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use canal_shared::protocol::{OperatorInfo, Status};

    fn me() -> UserId {
        UserId::parse("u_me").unwrap()
    }

    fn summary(text: &str) -> ConversationSummary {
        crate::inbox::tests::summary("c_1", 1, text)
    }

    fn offered(text: &str) -> ConversationSummary {
        ConversationSummary {
            offered: vec![me()],
            ..summary(text)
        }
    }

    fn owned_by(s: ConversationSummary, who: &str, unread: u32) -> ConversationSummary {
        ConversationSummary {
            operator: Some(OperatorInfo {
                id: UserId::parse(who).unwrap(),
                name: who.into(),
            }),
            status: Status::Active,
            offered: Vec::new(),
            unread,
            ..s
        }
    }

    #[test]
    fn an_offer_alerts_once_with_the_visitor_and_the_first_line() {
        let a = change(Lang::En, None, &offered("Hello\nsecond line"), &me(), false).unwrap();
        assert_eq!(a.kind, AlertKind::Offered);
        assert!(a.title.contains("Visitor"));
        assert_eq!(a.body, "Hello");
        let again = offered("Hello\nmore");
        assert_eq!(
            change(Lang::En, Some(&offered("Hello")), &again, &me(), false),
            None
        );
    }

    #[test]
    fn accepting_an_offer_or_writing_myself_gives_no_alert() {
        let mine = owned_by(summary("hi"), "u_me", 0);
        assert_eq!(
            change(Lang::En, Some(&offered("hi")), &mine, &me(), true),
            None
        );
        let replied = ConversationSummary {
            last_text: "my answer".into(),
            ..mine.clone()
        };
        assert_eq!(change(Lang::En, Some(&mine), &replied, &me(), true), None);
    }

    #[test]
    fn a_visitor_message_in_my_conversation_alerts() {
        let before = owned_by(summary("hi"), "u_me", 0);
        let after = owned_by(summary("  \nWhere is my order?"), "u_me", 1);
        let a = change(Lang::En, Some(&before), &after, &me(), true).unwrap();
        assert_eq!(a.kind, AlertKind::Message);
        assert_eq!(a.body, "Where is my order?");
        // Someone else's conversation: nothing.
        let theirs = owned_by(summary("x"), "u_other", 3);
        assert_eq!(change(Lang::En, Some(&theirs), &theirs, &me(), false), None);
    }

    #[test]
    fn a_conversation_given_to_me_alerts_as_a_transfer() {
        let theirs = owned_by(summary("hi"), "u_other", 0);
        let mine = owned_by(summary("hi"), "u_me", 0);
        assert_eq!(
            change(Lang::En, Some(&theirs), &mine, &me(), false)
                .unwrap()
                .kind,
            AlertKind::Transferred
        );
        assert_eq!(
            change(Lang::En, None, &mine, &me(), false).unwrap().kind,
            AlertKind::Transferred
        );
        // Offered to me, taken by someone else and handed to me: the inbox
        // saw only "offered" then "mine".
        assert_eq!(
            change(Lang::En, Some(&offered("hi")), &mine, &me(), false)
                .unwrap()
                .kind,
            AlertKind::Transferred
        );
    }

    #[test]
    fn nothing_for_a_kind_that_is_off_or_for_what_i_look_at() {
        let a = change(Lang::En, None, &offered("hi"), &me(), false).unwrap();
        let prefs = Preferences {
            desktop: true,
            ..Preferences::default()
        };
        let c = a.conversation.clone();
        assert_eq!(
            deliver(&a, &prefs, false, None, true),
            Delivery {
                notify: true,
                sound: true
            }
        );
        assert_eq!(
            deliver(&a, &prefs, true, Some(&c), true),
            Delivery::default()
        );
        // In front on another conversation: the sound, no notification.
        assert_eq!(
            deliver(&a, &prefs, true, None, true),
            Delivery {
                notify: false,
                sound: true
            }
        );
        // Not permitted by the browser, or not asked for: no notification.
        assert!(!deliver(&a, &prefs, false, None, false).notify);
        assert!(!deliver(&a, &Preferences::default(), false, None, true).notify);
        let mut off = prefs.clone();
        off.set(AlertKind::Offered, false);
        assert_eq!(deliver(&a, &off, false, None, true), Delivery::default());
    }

    #[test]
    fn the_count_is_offers_and_my_unread_conversations() {
        let list = vec![
            offered("a"),
            owned_by(summary("b"), "u_me", 2),
            owned_by(summary("c"), "u_me", 0),
            owned_by(summary("d"), "u_other", 5),
        ];
        assert_eq!(waiting(&list, &me()), 2);
        assert_eq!(title(Lang::En, 2), "(2) Canal console");
        assert_eq!(title(Lang::En, 0), "Canal console");
        assert!(favicon(3).contains(">3</text>"));
        assert!(favicon(12).contains(">9+</text>"));
        assert!(!favicon(0).contains("<text"));
    }

    #[test]
    fn first_line_is_bounded() {
        let long = "x".repeat(300);
        assert_eq!(first_line(&long).chars().count(), 121);
        assert_eq!(first_line(""), "");
    }
}
