//! How a channel's widget presents itself, as an admin sets it: who the
//! visitor sees answering (R-A-1), what it shows out of working hours
//! (R-WH-3) and its personal-data notice (R-C-1); and the [`WidgetConfig`]
//! a widget reads before it opens.

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::consent::{parse_body, ConsentChoice, ConsentError, ConsentNotice};
use crate::ids::{ChannelId, UserId};
use crate::protocol::ChannelInfo;
pub use crate::protocol::OperatorCard;
use crate::text::parse_name;
use crate::time::Timestamp;

/// Most characters of a position ("Support lead").
pub const MAX_POSITION_CHARS: usize = 80;
/// Most characters of an avatar's address.
pub const MAX_AVATAR_CHARS: usize = 500;

/// Why widget settings or a profile are refused.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum WidgetSettingsError {
    /// A name is empty, too long or has control characters.
    #[error("each operator entry needs a name of 1 to 80 characters")]
    Name,
    /// A position is too long or has control characters.
    #[error("a position is at most {MAX_POSITION_CHARS} characters, on one line")]
    Position,
    /// An avatar is not an https address.
    #[error("an avatar must be an https:// address of at most {MAX_AVATAR_CHARS} characters, without spaces")]
    Avatar,
    /// Two entries for the same operator.
    #[error("{0} has two entries: keep one")]
    Duplicate(UserId),
    /// The consent choice is wrong.
    #[error(transparent)]
    Consent(#[from] ConsentError),
    /// The chat title is too long or has control characters.
    #[error("the chat title is at most 80 characters, on one line; leave it empty to show the channel's name")]
    Title,
}

/// Who the visitor sees answering (R-A-1).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OperatorDisplay {
    /// The operator's own profile: name, position, avatar.
    #[default]
    Profile,
    /// The channel's own entries (an operator without one shows nothing).
    Custom,
    /// Nothing about the operator.
    Hidden,
}

impl OperatorCard {
    /// The card with its fields trimmed and checked; empty optional fields
    /// become `None`.
    pub fn validate(&self) -> Result<OperatorCard, WidgetSettingsError> {
        Ok(OperatorCard {
            name: parse_name(&self.name).map_err(|_| WidgetSettingsError::Name)?,
            position: parse_position(self.position.as_deref())?,
            avatar: parse_avatar(self.avatar.as_deref())?,
        })
    }
}

/// Checks an optional position: trimmed, one line, at most
/// [`MAX_POSITION_CHARS`]; blank is `None`.
pub fn parse_position(s: Option<&str>) -> Result<Option<String>, WidgetSettingsError> {
    let Some(t) = s.map(str::trim).filter(|t| !t.is_empty()) else {
        return Ok(None);
    };
    if t.chars().count() > MAX_POSITION_CHARS || t.chars().any(char::is_control) {
        return Err(WidgetSettingsError::Position);
    }
    Ok(Some(t.to_owned()))
}

/// Checks an optional avatar address: `https://…`, no spaces, quotes or
/// angle brackets, at most [`MAX_AVATAR_CHARS`]; blank is `None`.
pub fn parse_avatar(s: Option<&str>) -> Result<Option<String>, WidgetSettingsError> {
    let Some(t) = s.map(str::trim).filter(|t| !t.is_empty()) else {
        return Ok(None);
    };
    let host = t.strip_prefix("https://").unwrap_or_default();
    let clean = t.len() <= MAX_AVATAR_CHARS
        && !host.is_empty()
        && !host.starts_with('/')
        && !t.chars().any(|c| {
            c.is_whitespace() || c.is_control() || matches!(c, '"' | '\'' | '<' | '>' | '\\')
        });
    if !clean {
        return Err(WidgetSettingsError::Avatar);
    }
    Ok(Some(t.to_owned()))
}

/// The channel's entry for one operator (R-A-1, [`OperatorDisplay::Custom`]).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomCard {
    /// Which operator.
    pub user: UserId,
    /// What visitors see instead of their profile.
    pub card: OperatorCard,
}

/// What the widget does out of working hours (R-WH-3).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OfflineDisplay {
    /// The chat as usual (the out-of-hours reply answers).
    #[default]
    Chat,
    /// An offline state with a leave-a-message form (email and message).
    Form,
    /// No launcher at all.
    Hide,
}

/// A channel's widget settings (`GET`/`POST /api/widget-settings`, admins).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WidgetSettings {
    /// Who the visitor sees answering.
    #[serde(default)]
    pub operator_display: OperatorDisplay,
    /// The channel's entries, used with [`OperatorDisplay::Custom`].
    #[serde(default)]
    pub custom_cards: Vec<CustomCard>,
    /// Out of working hours.
    #[serde(default)]
    pub out_of_hours: OfflineDisplay,
    /// The personal-data notice.
    #[serde(default)]
    pub consent: ConsentChoice,
    /// The title of the chat's header; `None` shows the channel's name
    /// (R-CH-4).
    #[serde(default)]
    pub title: Option<String>,
    /// "Real-time typing" (R-RT-1): operators see what the visitor types
    /// before it is sent; off, only that they type, and the widget sends
    /// no text (#20). On unless an admin turns it off; it applies to the
    /// conversations opened after the change.
    #[serde(default = "on")]
    pub live_typing: bool,
}

fn on() -> bool {
    true
}

impl Default for WidgetSettings {
    fn default() -> Self {
        WidgetSettings {
            operator_display: OperatorDisplay::default(),
            custom_cards: Vec::new(),
            out_of_hours: OfflineDisplay::default(),
            consent: ConsentChoice::default(),
            title: None,
            live_typing: true,
        }
    }
}

impl WidgetSettings {
    /// The settings with every field checked and trimmed. Whether a picked
    /// consent text exists is for the caller, who holds the texts.
    pub fn validate(&self) -> Result<WidgetSettings, WidgetSettingsError> {
        let mut seen = std::collections::BTreeSet::new();
        let mut custom_cards = Vec::with_capacity(self.custom_cards.len());
        for c in &self.custom_cards {
            if !seen.insert(c.user.clone()) {
                return Err(WidgetSettingsError::Duplicate(c.user.clone()));
            }
            custom_cards.push(CustomCard {
                user: c.user.clone(),
                card: c.card.validate()?,
            });
        }
        let consent = match &self.consent {
            ConsentChoice::Own { body, version } => ConsentChoice::Own {
                body: parse_body(body)?,
                version: *version,
            },
            other => other.clone(),
        };
        let title = match self.title.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(t) => Some(parse_name(t).map_err(|_| WidgetSettingsError::Title)?),
        };
        Ok(WidgetSettings {
            operator_display: self.operator_display,
            custom_cards,
            out_of_hours: self.out_of_hours,
            consent,
            title,
            live_typing: self.live_typing,
        })
    }

    /// The chat header's title: the custom title, else the channel's name
    /// (R-CH-4).
    pub fn header(&self, channel_name: &str) -> String {
        self.title
            .clone()
            .unwrap_or_else(|| channel_name.to_owned())
    }

    /// What visitors see of an operator whose profile is `profile`.
    pub fn card_for(&self, user: &UserId, profile: &OperatorCard) -> Option<OperatorCard> {
        match self.operator_display {
            OperatorDisplay::Profile => Some(profile.clone()),
            OperatorDisplay::Custom => self
                .custom_cards
                .iter()
                .find(|c| &c.user == user)
                .map(|c| c.card.clone()),
            OperatorDisplay::Hidden => None,
        }
    }
}

/// `POST /api/widget-settings` (admins).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WidgetSettingsInput {
    /// Which channel.
    pub channel: ChannelId,
    /// Its new settings.
    pub settings: WidgetSettings,
}

/// `GET /api/widget/config?channel=` (public): what the widget needs before
/// it opens. Cacheable for a minute.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WidgetConfig {
    /// The channel.
    pub channel: ChannelInfo,
    /// The chat header's title (R-CH-4): the custom one, or the channel's name.
    pub title: String,
    /// Within working hours (always, without working hours).
    pub open: bool,
    /// When `open` changes next, if it does.
    pub next_change: Option<Timestamp>,
    /// What to show while closed.
    pub out_of_hours: OfflineDisplay,
    /// The notice to accept before writing, if any.
    pub consent: Option<ConsentNotice>,
    /// The account's largest file (#21): the loader keeps a file the
    /// visitor has not sent yet in the host site's storage only up to it.
    #[serde(default)]
    pub max_file_bytes: u64,
}

/// Most characters of an email address left in the offline form.
pub const MAX_EMAIL_CHARS: usize = 254;

/// Checks an email address left by a visitor: trimmed, one `@` with text on
/// both sides and a dot in the domain, no spaces, at most
/// [`MAX_EMAIL_CHARS`]. Deliberately loose: the operator reads it.
pub fn parse_email(s: &str) -> Option<String> {
    let t = s.trim();
    let (local, domain) = t.split_once('@')?;
    let ok = t.chars().count() <= MAX_EMAIL_CHARS
        && !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains('@')
        && !t
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || matches!(c, '<' | '>' | '"'));
    ok.then(|| t.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(s: &str) -> UserId {
        UserId::parse(s).unwrap()
    }

    fn card(name: &str) -> OperatorCard {
        OperatorCard {
            name: name.into(),
            position: None,
            avatar: None,
        }
    }

    #[test]
    fn r_ch_4_the_header_shows_the_channel_name_unless_a_title_is_set() {
        let mut s = WidgetSettings::default();
        assert_eq!(s.header("Open Channel 2"), "Open Channel 2");
        s.title = Some("   ".into());
        let s = s.validate().unwrap();
        assert_eq!(s.title, None, "an empty title means the channel's name");
        let mut t = s.clone();
        t.title = Some("  Ask us anything ".into());
        let t = t.validate().unwrap();
        assert_eq!(t.header("Open Channel 2"), "Ask us anything");
        let long = WidgetSettings {
            title: Some("x".repeat(81)),
            ..WidgetSettings::default()
        };
        assert_eq!(long.validate(), Err(WidgetSettingsError::Title));
    }

    #[test]
    fn r_rt_1_real_time_typing_is_on_unless_turned_off_also_in_older_settings() {
        // #20: the channel's "real-time typing".
        assert!(WidgetSettings::default().live_typing);
        let old: WidgetSettings = serde_json::from_str(r#"{"operator_display":"hidden"}"#).unwrap();
        assert!(old.live_typing);
        let off = WidgetSettings {
            live_typing: false,
            ..WidgetSettings::default()
        };
        assert!(!off.validate().unwrap().live_typing);
    }

    #[test]
    fn the_visitor_sees_the_profile_the_channel_entry_or_nothing() {
        // R-A-1
        let ana = user("u_ana");
        let profile = OperatorCard {
            name: "Ana Lima".into(),
            position: Some("Support".into()),
            avatar: Some("https://cdn.example/ana.png".into()),
        };
        let mut s = WidgetSettings::default();
        assert_eq!(s.card_for(&ana, &profile), Some(profile.clone()));
        s.operator_display = OperatorDisplay::Custom;
        assert_eq!(s.card_for(&ana, &profile), None);
        s.custom_cards.push(CustomCard {
            user: ana.clone(),
            card: card("Sales team"),
        });
        assert_eq!(s.card_for(&ana, &profile), Some(card("Sales team")));
        s.operator_display = OperatorDisplay::Hidden;
        assert_eq!(s.card_for(&ana, &profile), None);
    }

    #[test]
    fn avatars_must_be_https_addresses() {
        assert_eq!(parse_avatar(Some(" ")), Ok(None));
        assert!(parse_avatar(Some("https://cdn.example/a.png"))
            .unwrap()
            .is_some());
        for bad in [
            "http://cdn.example/a.png",
            "javascript:alert(1)",
            "https://",
            "https:///x",
            "https://a.example/\" onerror=\"x",
            "https://a.example/a b",
        ] {
            assert_eq!(
                parse_avatar(Some(bad)),
                Err(WidgetSettingsError::Avatar),
                "{bad}"
            );
        }
        assert!(parse_avatar(Some(&format!("https://a.example/{}", "x".repeat(500)))).is_err());
    }

    #[test]
    fn settings_refuse_two_entries_for_one_operator() {
        let s = WidgetSettings {
            custom_cards: vec![
                CustomCard {
                    user: user("u_a"),
                    card: card("A"),
                },
                CustomCard {
                    user: user("u_a"),
                    card: card("B"),
                },
            ],
            ..Default::default()
        };
        assert_eq!(
            s.validate(),
            Err(WidgetSettingsError::Duplicate(user("u_a")))
        );
    }

    #[test]
    fn settings_check_cards_and_own_notices() {
        let s = WidgetSettings {
            custom_cards: vec![CustomCard {
                user: user("u_a"),
                card: card(" "),
            }],
            ..Default::default()
        };
        assert_eq!(s.validate(), Err(WidgetSettingsError::Name));
        let s = WidgetSettings {
            consent: ConsentChoice::Own {
                body: "  ".into(),
                version: 0,
            },
            ..Default::default()
        };
        assert_eq!(
            s.validate(),
            Err(WidgetSettingsError::Consent(ConsentError::Empty))
        );
        let s = WidgetSettings {
            custom_cards: vec![CustomCard {
                user: user("u_a"),
                card: OperatorCard {
                    name: " Ana ".into(),
                    position: Some(" ".into()),
                    avatar: None,
                },
            }],
            ..Default::default()
        };
        assert_eq!(s.validate().unwrap().custom_cards[0].card, card("Ana"));
    }

    #[test]
    fn emails_are_checked_loosely() {
        assert_eq!(
            parse_email(" ana@example.com "),
            Some("ana@example.com".into())
        );
        for bad in [
            "",
            "ana",
            "@example.com",
            "ana@",
            "ana@example",
            "a b@example.com",
            "ana@.com",
            "a@b@c.com",
        ] {
            assert_eq!(parse_email(bad), None, "{bad}");
        }
    }
}
