//! An operator's own console settings (#20): which alerts they get, whether
//! alerts make a sound, and the presence their console starts in. Kept by
//! their inbox object, so they follow the person from browser to browser.
//!
//! Desktop notifications also need the browser's permission, which is asked
//! when the person turns them on, never on page load: `desktop` is their
//! wish, the browser decides whether it can be honoured.

use serde::{Deserialize, Serialize};

use crate::i18n::Lang;
use crate::routing::Presence;

/// What an alert is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AlertKind {
    /// A conversation is offered to me (Accept / Skip).
    Offered,
    /// The visitor wrote in a conversation that is mine.
    Message,
    /// A conversation was transferred to me.
    Transferred,
    /// A client waits longer than the channel's limit (R-KPI-3).
    Late,
}

impl AlertKind {
    /// Every kind, in the order the settings page lists them.
    pub const ALL: [AlertKind; 4] = [
        AlertKind::Offered,
        AlertKind::Message,
        AlertKind::Transferred,
        AlertKind::Late,
    ];
}

/// An operator's console settings. Every field has a default, so settings
/// saved by an older console (or none at all) load.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Preferences {
    /// Show desktop notifications while the console is not in front.
    pub desktop: bool,
    /// Play a short sound with each alert.
    pub sound: bool,
    /// Alert for conversations offered to me.
    pub offered: bool,
    /// Alert for new visitor messages in my conversations.
    pub message: bool,
    /// Alert for conversations transferred to me.
    pub transferred: bool,
    /// Alert for late-answer notices (R-KPI-3).
    pub late: bool,
    /// The presence the console starts in when I was offline: online or
    /// away (R-Q-4).
    pub start: Presence,
    /// The console's language (#22), a tag of the catalog ([`Lang::tag`]);
    /// none for the browser's.
    pub language: Option<String>,
}

impl Default for Preferences {
    /// Every alert kind on, with sound; desktop notifications off until the
    /// person turns them on (that is when the browser asks); start online.
    fn default() -> Self {
        Preferences {
            desktop: false,
            sound: true,
            offered: true,
            message: true,
            transferred: true,
            late: true,
            start: Presence::Online,
            language: None,
        }
    }
}

/// Why preferences were refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PreferencesError {
    /// `start` was offline, which only closing the console means.
    StartOffline,
    /// `language` is not a language of the catalog.
    UnknownLanguage,
}

impl std::fmt::Display for PreferencesError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PreferencesError::StartOffline => f.write_str(
                "the console starts online or away; closing it is what makes you offline",
            ),
            PreferencesError::UnknownLanguage => write!(
                f,
                "the console speaks {}; choose one of them, or none for the browser's",
                Lang::ALL
                    .iter()
                    .map(|l| l.tag())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        }
    }
}

impl Preferences {
    /// Whether alerts of `kind` are on.
    pub fn wants(&self, kind: AlertKind) -> bool {
        match kind {
            AlertKind::Offered => self.offered,
            AlertKind::Message => self.message,
            AlertKind::Transferred => self.transferred,
            AlertKind::Late => self.late,
        }
    }

    /// Turns alerts of `kind` on or off.
    pub fn set(&mut self, kind: AlertKind, on: bool) {
        match kind {
            AlertKind::Offered => self.offered = on,
            AlertKind::Message => self.message = on,
            AlertKind::Transferred => self.transferred = on,
            AlertKind::Late => self.late = on,
        }
    }

    /// Checks preferences sent by a console before they are kept.
    pub fn validate(&self) -> Result<(), PreferencesError> {
        if self.start == Presence::Offline {
            return Err(PreferencesError::StartOffline);
        }
        if let Some(tag) = &self.language {
            if !Lang::ALL.iter().any(|l| l.tag() == tag) {
                return Err(PreferencesError::UnknownLanguage);
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nothing_saved_means_every_alert_with_sound_and_no_desktop_until_asked() {
        let p: Preferences = serde_json::from_str("{}").unwrap();
        assert_eq!(p, Preferences::default());
        assert!(AlertKind::ALL.iter().all(|k| p.wants(*k)));
        assert!(p.sound && !p.desktop);
        assert_eq!(p.start, Presence::Online);
    }

    #[test]
    fn the_language_is_one_of_the_catalogs_or_none() {
        let mut p = Preferences::default();
        assert_eq!(p.validate(), Ok(()));
        for lang in Lang::ALL {
            p.language = Some(lang.tag().to_owned());
            assert_eq!(p.validate(), Ok(()));
        }
        for bad in ["fr", "pt", "PT-BR", "", "<script>"] {
            p.language = Some(bad.to_owned());
            assert_eq!(
                p.validate(),
                Err(PreferencesError::UnknownLanguage),
                "{bad}"
            );
        }
        // Saved before the setting existed: the browser's language.
        let old: Preferences = serde_json::from_str(r#"{"sound":false}"#).unwrap();
        assert_eq!(old.language, None);
    }

    #[test]
    fn each_kind_is_switched_on_its_own() {
        for kind in AlertKind::ALL {
            let mut p = Preferences::default();
            p.set(kind, false);
            for other in AlertKind::ALL {
                assert_eq!(p.wants(other), other != kind);
            }
        }
    }

    #[test]
    fn a_console_cannot_start_offline_nor_send_unknown_fields() {
        let p = Preferences {
            start: Presence::Offline,
            ..Preferences::default()
        };
        assert_eq!(p.validate(), Err(PreferencesError::StartOffline));
        assert!(serde_json::from_str::<Preferences>(r#"{"volume":3}"#).is_err());
        let away: Preferences = serde_json::from_str(r#"{"start":"away"}"#).unwrap();
        assert_eq!(away.validate(), Ok(()));
    }
}
