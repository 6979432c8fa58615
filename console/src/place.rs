//! Where in the console a person is, as the URL's fragment says it
//! (`#/settings/channels/<id>/queue`): parsed and written here, pure and
//! unit-tested; `view::console` follows it.
//!
//! The top level is short (#22): Inbox, Conversations, Statistics, Clients
//! and Settings; under Settings the channels (each with its own page of
//! sections), people and departments, and the account's shared lists.
//!
//! Every text shown here is in the console's catalog (#22).

use canal_shared::i18n::ConsoleMsg;
use canal_shared::ids::ChannelId;

/// A page of the console.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Place {
    /// The person's conversations and the open one.
    Inbox,
    /// Every conversation they may read, with its KPI columns (the ledger).
    Conversations,
    /// The statistics (R-KPI-4).
    Statistics,
    /// The CRM's client cards.
    Clients,
    /// A page under Settings (admins).
    Settings(Setting),
    /// The person's own settings.
    Me,
}

/// A page under Settings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Setting {
    /// The list of channels.
    Channels,
    /// One channel's settings, scrolled to `section` when one is named.
    Channel {
        /// The channel.
        id: ChannelId,
        /// The section to show first.
        section: Option<ChannelSection>,
    },
    /// People and departments.
    People,
    /// The account's personal-data notice texts.
    Consent,
    /// The account's predefined-response lists.
    Responses,
    /// The account's chat bots.
    Bots,
    /// The account's file limits.
    Files,
}

/// The sections of a channel's settings page, in the seed's order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChannelSection {
    /// Who gets the conversations, and how.
    Queue,
    /// What visitors see of the channel and the operator who answers.
    Widget,
    /// The CRM's settings of the channel.
    Crm,
    /// Working hours and the automatic actions.
    Automation,
    /// The personal-data notice the channel shows.
    Consent,
    /// The predefined-response list the channel uses.
    Responses,
    /// The chat bot that answers first.
    Bot,
    /// Response-time limits (KPIs).
    Kpi,
    /// Name, state, language, sites, embed code, connectors, identity,
    /// deleting.
    Other,
}

impl ChannelSection {
    /// Every section, in the page's order.
    pub const ALL: [ChannelSection; 9] = [
        ChannelSection::Queue,
        ChannelSection::Widget,
        ChannelSection::Crm,
        ChannelSection::Automation,
        ChannelSection::Consent,
        ChannelSection::Responses,
        ChannelSection::Bot,
        ChannelSection::Kpi,
        ChannelSection::Other,
    ];

    /// Its part of the URL, and of its element's id.
    pub fn slug(self) -> &'static str {
        match self {
            ChannelSection::Queue => "queue",
            ChannelSection::Widget => "widget",
            ChannelSection::Crm => "crm",
            ChannelSection::Automation => "automation",
            ChannelSection::Consent => "consent",
            ChannelSection::Responses => "responses",
            ChannelSection::Bot => "bot",
            ChannelSection::Kpi => "kpi",
            ChannelSection::Other => "other",
        }
    }

    /// Its name in the section menu.
    pub fn label(self) -> ConsoleMsg {
        match self {
            ChannelSection::Queue => ConsoleMsg::SectionQueue,
            ChannelSection::Widget => ConsoleMsg::SectionWidget,
            ChannelSection::Crm => ConsoleMsg::SectionCrm,
            ChannelSection::Automation => ConsoleMsg::SectionAutomation,
            ChannelSection::Consent => ConsoleMsg::SectionConsent,
            ChannelSection::Responses => ConsoleMsg::SectionResponses,
            ChannelSection::Bot => ConsoleMsg::SectionBot,
            ChannelSection::Kpi => ConsoleMsg::SectionKpi,
            ChannelSection::Other => ConsoleMsg::SectionOther,
        }
    }

    fn from_slug(slug: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.slug() == slug)
    }
}

impl Setting {
    /// The pages of the Settings menu, in its order.
    pub const MENU: [Setting; 6] = [
        Setting::Channels,
        Setting::People,
        Setting::Consent,
        Setting::Responses,
        Setting::Bots,
        Setting::Files,
    ];

    /// Its name in the Settings menu.
    pub fn label(&self) -> ConsoleMsg {
        match self {
            Setting::Channels | Setting::Channel { .. } => ConsoleMsg::SettingsChannels,
            Setting::People => ConsoleMsg::SettingsPeople,
            Setting::Consent => ConsoleMsg::SettingsConsent,
            Setting::Responses => ConsoleMsg::SettingsResponses,
            Setting::Bots => ConsoleMsg::SettingsBots,
            Setting::Files => ConsoleMsg::SettingsFiles,
        }
    }

    /// Its menu entry's test id.
    pub fn test_id(&self) -> &'static str {
        match self {
            Setting::Channels | Setting::Channel { .. } => "settings-channels",
            Setting::People => "settings-people",
            Setting::Consent => "settings-consent",
            Setting::Responses => "settings-responses",
            Setting::Bots => "settings-bots",
            Setting::Files => "settings-files",
        }
    }

    /// Whether its menu entry is the one to mark current for `self`.
    pub fn same_entry(&self, other: &Setting) -> bool {
        self.test_id() == other.test_id()
    }

    fn slug(&self) -> &'static str {
        match self {
            Setting::Channels | Setting::Channel { .. } => "channels",
            Setting::People => "people",
            Setting::Consent => "consent",
            Setting::Responses => "responses",
            Setting::Bots => "bots",
            Setting::Files => "files",
        }
    }
}

impl Place {
    /// The top level, in the bar's order.
    pub const TOP: [Place; 5] = [
        Place::Inbox,
        Place::Conversations,
        Place::Statistics,
        Place::Clients,
        Place::Settings(Setting::Channels),
    ];

    /// The place a URL fragment names; the inbox for anything else, so an
    /// old or mistyped link still opens the console.
    pub fn parse(hash: &str) -> Place {
        let path = hash.trim_start_matches('#').trim_start_matches('/');
        let mut parts = path.split('/').filter(|p| !p.is_empty());
        match (parts.next(), parts.next(), parts.next(), parts.next()) {
            (Some("conversations"), None, ..) => Place::Conversations,
            (Some("statistics"), None, ..) => Place::Statistics,
            (Some("clients"), None, ..) => Place::Clients,
            (Some("me"), None, ..) => Place::Me,
            (Some("settings"), None, ..) => Place::Settings(Setting::Channels),
            (Some("settings"), Some("channels"), Some(id), section) => match ChannelId::parse(id) {
                Ok(id) => Place::Settings(Setting::Channel {
                    id,
                    section: section.and_then(ChannelSection::from_slug),
                }),
                Err(_) => Place::Settings(Setting::Channels),
            },
            (Some("settings"), Some(page), None, _) => Setting::MENU
                .into_iter()
                .find(|s| s.slug() == page)
                .map_or(Place::Settings(Setting::Channels), Place::Settings),
            _ => Place::Inbox,
        }
    }

    /// Its URL fragment, `#/…`.
    pub fn href(&self) -> String {
        match self {
            Place::Inbox => "#/inbox".into(),
            Place::Conversations => "#/conversations".into(),
            Place::Statistics => "#/statistics".into(),
            Place::Clients => "#/clients".into(),
            Place::Me => "#/me".into(),
            Place::Settings(Setting::Channel { id, section }) => match section {
                Some(s) => format!("#/settings/channels/{id}/{}", s.slug()),
                None => format!("#/settings/channels/{id}"),
            },
            Place::Settings(s) => format!("#/settings/{}", s.slug()),
        }
    }

    /// Its name in the top bar.
    pub fn label(&self) -> ConsoleMsg {
        match self {
            Place::Inbox => ConsoleMsg::NavInbox,
            Place::Conversations => ConsoleMsg::NavConversations,
            Place::Statistics => ConsoleMsg::NavStatistics,
            Place::Clients => ConsoleMsg::NavClients,
            Place::Settings(_) => ConsoleMsg::NavSettings,
            Place::Me => ConsoleMsg::NavMySettings,
        }
    }

    /// Its top-bar entry's test id.
    pub fn test_id(&self) -> &'static str {
        match self {
            Place::Inbox => "nav-inbox",
            Place::Conversations => "nav-ledger",
            Place::Statistics => "nav-stats",
            Place::Clients => "nav-clients",
            Place::Settings(_) => "nav-settings",
            Place::Me => "nav-me",
        }
    }

    /// The page that shows it: a channel's sections are one page, between
    /// which the console only scrolls.
    pub fn page(&self) -> Place {
        match self {
            Place::Settings(Setting::Channel { id, .. }) => Place::Settings(Setting::Channel {
                id: id.clone(),
                section: None,
            }),
            other => other.clone(),
        }
    }

    /// Whether the top-bar entry `entry` is the one to mark current here.
    pub fn under(&self, entry: &Place) -> bool {
        std::mem::discriminant(self) == std::mem::discriminant(entry)
    }

    /// Whether a person may open it: supervisors who are not admins see
    /// their inbox, the list and the statistics (R-KPI-4); operators their
    /// inbox and their own settings; admins everything.
    pub fn allowed(&self, admin: bool, supervisor: bool) -> bool {
        match self {
            Place::Inbox | Place::Me => true,
            Place::Conversations | Place::Statistics => admin || supervisor,
            Place::Clients | Place::Settings(_) => admin,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn channel() -> ChannelId {
        ChannelId::parse("ch_0123456789abcdef").unwrap()
    }

    #[test]
    fn a_channels_sections_are_one_page() {
        let section = |s| {
            Place::Settings(Setting::Channel {
                id: channel(),
                section: s,
            })
        };
        assert_eq!(
            section(Some(ChannelSection::Kpi)).page(),
            section(Some(ChannelSection::Queue)).page()
        );
        assert_eq!(section(Some(ChannelSection::Kpi)).page(), section(None));
        assert_ne!(section(None).page(), Place::Settings(Setting::Channels));
        assert_eq!(Place::Statistics.page(), Place::Statistics);
    }

    #[test]
    fn every_place_reads_back_from_its_own_url() {
        let id = channel();
        let mut places = vec![
            Place::Inbox,
            Place::Conversations,
            Place::Statistics,
            Place::Clients,
            Place::Me,
            Place::Settings(Setting::Channel {
                id: id.clone(),
                section: None,
            }),
        ];
        places.extend(Setting::MENU.into_iter().map(Place::Settings));
        places.extend(ChannelSection::ALL.into_iter().map(|s| {
            Place::Settings(Setting::Channel {
                id: id.clone(),
                section: Some(s),
            })
        }));
        for place in places {
            assert_eq!(Place::parse(&place.href()), place, "{}", place.href());
        }
    }

    #[test]
    fn an_unknown_or_empty_url_opens_the_inbox_or_the_settings_home() {
        assert_eq!(Place::parse(""), Place::Inbox);
        assert_eq!(Place::parse("#"), Place::Inbox);
        assert_eq!(Place::parse("#/nowhere"), Place::Inbox);
        assert_eq!(
            Place::parse("#/settings"),
            Place::Settings(Setting::Channels)
        );
        assert_eq!(
            Place::parse("#/settings/nowhere"),
            Place::Settings(Setting::Channels)
        );
        assert_eq!(
            Place::parse("#/settings/channels/bad.id"),
            Place::Settings(Setting::Channels)
        );
        // An unknown section still opens the channel, at its top.
        let id = channel();
        assert_eq!(
            Place::parse(&format!("#/settings/channels/{id}/nowhere")),
            Place::Settings(Setting::Channel { id, section: None })
        );
    }

    #[test]
    fn operators_reach_only_their_inbox_and_settings() {
        let settings = Place::Settings(Setting::People);
        assert!(Place::Inbox.allowed(false, false));
        assert!(Place::Me.allowed(false, false));
        assert!(!Place::Conversations.allowed(false, false));
        assert!(Place::Conversations.allowed(false, true));
        assert!(Place::Statistics.allowed(false, true));
        assert!(!Place::Clients.allowed(false, true));
        assert!(!settings.allowed(false, true));
        assert!(settings.allowed(true, false));
    }

    #[test]
    fn a_channels_page_marks_the_settings_entry_and_the_channels_entry() {
        let here = Place::Settings(Setting::Channel {
            id: channel(),
            section: None,
        });
        assert!(here.under(&Place::Settings(Setting::Channels)));
        assert!(!here.under(&Place::Inbox));
        let Place::Settings(s) = here else {
            unreachable!()
        };
        assert!(s.same_entry(&Setting::Channels));
        assert!(!s.same_entry(&Setting::People));
    }
}
