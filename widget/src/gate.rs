//! What the panel shows before the chat (R-C-1, R-WH-3): the personal-data
//! notice to accept, the refusal, or the leave-a-message form out of
//! working hours; decided from the channel's [`WidgetConfig`] (read with
//! [`config`]) and what this visitor already did.

use canal_shared::consent::{ConsentKey, ConsentNotice};
use canal_shared::ids::{ChannelId, ConsentTextId};
use canal_shared::time::Timestamp;
use canal_shared::widget_settings::{OfflineDisplay, WidgetConfig};

use crate::json::Json;

/// What the panel shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Gate {
    /// The channel's settings are not known yet.
    Loading,
    /// The notice, to accept before anything is sent; `changed` when the
    /// visitor accepted an older version.
    Notice {
        /// The notice.
        notice: ConsentNotice,
        /// The visitor accepted another version before.
        changed: bool,
    },
    /// The visitor declined the notice: no chat.
    Declined,
    /// Out of working hours: the leave-a-message form.
    Offline,
    /// The chat.
    Chat,
}

/// What this visitor did so far.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Visitor {
    /// The notice version they accepted, if any.
    pub accepted: Option<ConsentKey>,
    /// They declined the notice (this page only).
    pub declined: bool,
    /// Their conversation has messages (then the chat shows, whatever the
    /// hours).
    pub has_history: bool,
}

/// The notice first (unless this version was accepted), then the offline
/// form (closed, with the form setting, before the first message), else
/// the chat.
pub fn decide(config: &WidgetConfig, visitor: &Visitor) -> Gate {
    if let Some(notice) = &config.consent {
        if visitor.accepted.as_ref() != Some(&notice.key) {
            if visitor.declined {
                return Gate::Declined;
            }
            return Gate::Notice {
                notice: notice.clone(),
                changed: visitor.accepted.is_some(),
            };
        }
    }
    if !config.open && config.out_of_hours == OfflineDisplay::Form && !visitor.has_history {
        return Gate::Offline;
    }
    Gate::Chat
}

/// `GET /api/widget/config?channel=` for `channel`.
pub fn config_path(channel: &ChannelId) -> String {
    format!("/api/widget/config?channel={channel}")
}

/// Reads a [`WidgetConfig`].
pub fn config(raw: &str) -> Option<WidgetConfig> {
    let j = Json::parse(raw)?;
    let channel = j.get("channel")?;
    let name = channel.string("name")?;
    Some(WidgetConfig {
        title: j.string("title").unwrap_or_else(|| name.clone()),
        channel: canal_shared::protocol::ChannelInfo {
            id: ChannelId::parse(channel.get("id")?.str()?).ok()?,
            name,
        },
        open: j.get("open")?.bool()?,
        next_change: j.get("next_change").and_then(Json::int).map(Timestamp),
        out_of_hours: match j.get("out_of_hours")?.str()? {
            "form" => OfflineDisplay::Form,
            "hide" => OfflineDisplay::Hide,
            _ => OfflineDisplay::Chat,
        },
        consent: match j.get("consent") {
            None => None,
            Some(c) => Some(ConsentNotice {
                key: key(c.get("key")?)?,
                body: c.string("body")?,
            }),
        },
        // The loader's (#21).
        max_file_bytes: 0,
    })
}

/// Reads a [`ConsentKey`].
pub fn key(j: &Json) -> Option<ConsentKey> {
    Some(ConsentKey {
        text: match j.get("text") {
            None => None,
            Some(t) => Some(ConsentTextId::parse(t.str()?).ok()?),
        },
        version: u32::try_from(j.get("version")?.int()?).ok()?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config_with(consent: Option<u32>, open: bool, out: OfflineDisplay) -> WidgetConfig {
        WidgetConfig {
            channel: canal_shared::protocol::ChannelInfo {
                id: ChannelId::parse("demo").unwrap(),
                name: "Demo".into(),
            },
            title: "Ask us".into(),
            open,
            next_change: None,
            out_of_hours: out,
            consent: consent.map(|version| ConsentNotice {
                key: ConsentKey {
                    text: None,
                    version,
                },
                body: "We keep your messages.".into(),
            }),
            max_file_bytes: 0,
        }
    }

    fn accepted(version: u32) -> Option<ConsentKey> {
        Some(ConsentKey {
            text: None,
            version,
        })
    }

    #[test]
    fn the_notice_comes_first_until_its_version_is_accepted() {
        // R-C-1
        let c = config_with(Some(2), true, OfflineDisplay::Chat);
        let fresh = Visitor::default();
        assert!(matches!(
            decide(&c, &fresh),
            Gate::Notice { changed: false, .. }
        ));
        let old = Visitor {
            accepted: accepted(1),
            ..Visitor::default()
        };
        assert!(matches!(
            decide(&c, &old),
            Gate::Notice { changed: true, .. }
        ));
        let now = Visitor {
            accepted: accepted(2),
            ..Visitor::default()
        };
        assert_eq!(decide(&c, &now), Gate::Chat);
        let no = Visitor {
            declined: true,
            ..Visitor::default()
        };
        assert_eq!(decide(&c, &no), Gate::Declined);
        // Without a notice, nothing to accept.
        assert_eq!(
            decide(&config_with(None, true, OfflineDisplay::Chat), &fresh),
            Gate::Chat
        );
    }

    #[test]
    fn out_of_hours_the_form_shows_before_the_first_message() {
        // R-WH-3
        let fresh = Visitor::default();
        let closed = config_with(None, false, OfflineDisplay::Form);
        assert_eq!(decide(&closed, &fresh), Gate::Offline);
        let talking = Visitor {
            has_history: true,
            ..Visitor::default()
        };
        assert_eq!(decide(&closed, &talking), Gate::Chat);
        assert_eq!(
            decide(&config_with(None, true, OfflineDisplay::Form), &fresh),
            Gate::Chat
        );
        assert_eq!(
            decide(&config_with(None, false, OfflineDisplay::Chat), &fresh),
            Gate::Chat
        );
        // The notice still comes first.
        let both = config_with(Some(1), false, OfflineDisplay::Form);
        assert!(matches!(decide(&both, &fresh), Gate::Notice { .. }));
        let ok = Visitor {
            accepted: accepted(1),
            ..Visitor::default()
        };
        assert_eq!(decide(&both, &ok), Gate::Offline);
    }

    #[test]
    fn configs_read_back() {
        let c = WidgetConfig {
            consent: Some(ConsentNotice {
                key: ConsentKey {
                    text: Some(ConsentTextId::parse("t_1").unwrap()),
                    version: 3,
                },
                body: "Line 1\n<b>2</b>".into(),
            }),
            next_change: Some(Timestamp(1_700_000_000_000)),
            ..config_with(None, false, OfflineDisplay::Hide)
        };
        assert_eq!(config(&serde_json::to_string(&c).unwrap()), Some(c.clone()));
        let none = config_with(None, true, OfflineDisplay::Form);
        assert_eq!(config(&serde_json::to_string(&none).unwrap()), Some(none));
        assert_eq!(config("{}"), None);
    }
}
