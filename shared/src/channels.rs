//! Open channels as admins run them (R-CH-1, R-CH-2, R-CH-4, R-CH-5,
//! R-CH-8): how a new one is numbered and named, the plan limit, renaming,
//! switching off and deleting with a confirmation.
//!
//! The rules are pure: the worker passes what it has stored and the
//! deployment's limit, and stores what comes back.

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::connectors::ConnectorKind;
use crate::i18n::Lang;
use crate::ids::ChannelId;
use crate::routing::Presence;
use crate::text::{parse_name, TextError};
use crate::time::Timestamp;

/// The plan limit when the deployment sets none (`CANAL_CHANNEL_LIMIT`).
pub const DEFAULT_CHANNEL_LIMIT: u32 = 10;

/// The highest plan limit a deployment may set.
pub const MAX_CHANNEL_LIMIT: u32 = 1000;

/// A channel as admins see it on the Channels page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChannelDetails {
    /// Its id: the `data-channel` of its widget's script tag.
    pub id: ChannelId,
    /// Its order of creation: "Open Channel N" (R-CH-4). Never reused.
    pub number: u32,
    /// Its name, shown to operators and clients.
    pub name: String,
    /// Operators may answer its conversations (R-CH-5).
    pub active: bool,
    /// When it was created.
    pub created_at: Timestamp,
    /// The language of the emails sent to its clients (R-CH-7), as a tag of
    /// the catalog; none for the deployment's locale (`CANAL_LOCALE`).
    #[serde(default)]
    pub email_language: Option<String>,
    /// The sites that may embed its widget (R-W-6): host names, `*.` for
    /// every subdomain; none means any site.
    #[serde(default)]
    pub allowed_domains: Vec<String>,
}

/// `GET /api/channels` (admins): every channel, in order, and the limit.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChannelList {
    /// Every channel, by number.
    pub channels: Vec<ChannelDetails>,
    /// How many channels the plan allows (R-CH-2).
    pub limit: u32,
}

/// What a channel's object knows of its queue now: how many of its
/// operators are online and how many of its conversations wait for one.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueActivity {
    /// Operators of its queue whose presence is online (not away, not
    /// offline).
    pub operators_online: u32,
    /// Open conversations nobody has taken yet (offered or not).
    pub waiting: u32,
}

impl QueueActivity {
    /// Counts the queue's `presences` that are online, and the `waiting`
    /// conversations.
    pub fn of(presences: impl IntoIterator<Item = Presence>, waiting: usize) -> Self {
        let online = presences
            .into_iter()
            .filter(|p| *p == Presence::Online)
            .count();
        Self {
            operators_online: u32::try_from(online).unwrap_or(u32::MAX),
            waiting: u32::try_from(waiting).unwrap_or(u32::MAX),
        }
    }
}

/// One channel in `GET /api/channels/activity` (admins, as `GET
/// /api/channels`): its connectors and its queue now, for the Channels list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChannelActivity {
    /// Which channel.
    pub id: ChannelId,
    /// Its connectors, the built-in live chat first, then each one added
    /// (R-CH-3), by kind.
    pub connectors: Vec<ConnectorKind>,
    /// Its queue now.
    #[serde(flatten)]
    pub queue: QueueActivity,
}

/// `GET /api/channels/activity` (admins): every channel's activity, in the
/// order of `GET /api/channels`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChannelActivityList {
    /// By channel number.
    pub channels: Vec<ChannelActivity>,
}

impl ChannelActivityList {
    /// The activity of channel `id`, if it was asked.
    pub fn of(&self, id: &ChannelId) -> Option<&ChannelActivity> {
        self.channels.iter().find(|c| &c.id == id)
    }
}

/// `POST /api/channels/update` (admins): rename, switch on or off, or both.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChannelUpdate {
    /// Which channel.
    pub id: ChannelId,
    /// A new name.
    #[serde(default)]
    pub name: Option<String>,
    /// On (operators answer) or off (R-CH-5).
    #[serde(default)]
    pub active: Option<bool>,
    /// The language of the emails to clients (R-CH-7): a catalog tag, or
    /// `""` for the deployment's locale.
    #[serde(default)]
    pub email_language: Option<String>,
    /// The sites that may embed its widget (R-W-6); empty for any site.
    #[serde(default)]
    pub allowed_domains: Option<Vec<String>>,
}

/// `POST /api/channels/delete` (admins): `confirm` repeats the channel's
/// name, so a slip of the mouse deletes nothing (R-CH-8).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChannelDelete {
    /// Which channel.
    pub id: ChannelId,
    /// The channel's name, as typed by the admin.
    pub confirm: String,
}

/// Why a change to the channels is refused.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum ChannelError {
    /// R-CH-2.
    #[error(
        "your plan allows {limit} open channels and all are in use; delete one or raise the limit (CANAL_CHANNEL_LIMIT)"
    )]
    LimitReached {
        /// The plan limit.
        limit: u32,
    },
    /// The name is empty, too long or has control characters.
    #[error("channel name: {0}")]
    Name(#[from] TextError),
    /// Another channel has this name.
    #[error("there is already a channel named \"{0}\"; pick another name")]
    NameTaken(String),
    /// An update that changes nothing.
    #[error("nothing to change: send a new name, active or email_language")]
    NothingToChange,
    /// An allowed domain that is not a host name.
    #[error("\"{0}\" is not a domain: write a host name such as shop.example.com, or *.example.com for all its subdomains")]
    Domain(String),
    /// Too many allowed domains.
    #[error("a channel allows at most {MAX_DOMAINS} domains")]
    TooManyDomains,
    /// A language the catalog does not have.
    #[error("emails can be written in {known}, not \"{given}\"")]
    Language {
        /// What was asked.
        given: String,
        /// The catalog's tags.
        known: String,
    },
    /// The confirmation does not repeat the name.
    #[error("to delete it, type the channel's name exactly: \"{0}\"")]
    NotConfirmed(String),
}

/// The number and name of a new channel (R-CH-4), or why there is none
/// (R-CH-2): one more than the highest number ever given (`highest`, which
/// deleted channels had too), so numbers follow the order of creation and
/// are never reused.
pub fn next_channel(
    existing: &[ChannelDetails],
    highest: u32,
    limit: u32,
) -> Result<(u32, String), ChannelError> {
    if existing.len() >= limit as usize {
        return Err(ChannelError::LimitReached { limit });
    }
    let number = existing.iter().map(|c| c.number).fold(highest, u32::max) + 1;
    let mut name = default_name(number);
    // An admin may have named another channel so: count on.
    let mut n = number;
    while existing.iter().any(|c| same_name(&c.name, &name)) {
        n += 1;
        name = default_name(n);
    }
    Ok((number, name))
}

/// "Open Channel N".
pub fn default_name(number: u32) -> String {
    format!("Open Channel {number}")
}

/// Checks an update against the other channels; returns the new name (if
/// any) trimmed.
pub fn check_update(
    update: &ChannelUpdate,
    others: &[ChannelDetails],
) -> Result<Option<String>, ChannelError> {
    if update.name.is_none()
        && update.active.is_none()
        && update.email_language.is_none()
        && update.allowed_domains.is_none()
    {
        return Err(ChannelError::NothingToChange);
    }
    if let Some(domains) = &update.allowed_domains {
        parse_domains(domains)?;
    }
    if let Some(tag) = &update.email_language {
        email_language(tag)?;
    }
    let Some(raw) = &update.name else {
        return Ok(None);
    };
    let name = parse_name(raw)?;
    if others
        .iter()
        .any(|c| c.id != update.id && same_name(&c.name, &name))
    {
        return Err(ChannelError::NameTaken(name));
    }
    Ok(Some(name))
}

/// The most domains a channel allows (R-W-6).
pub const MAX_DOMAINS: usize = 50;

/// The allowed domains as admins typed them (R-W-6), cleaned: lower case,
/// without a scheme, path or port, each once, blank lines skipped; a host
/// name or `*.` and a host name.
pub fn parse_domains(typed: &[String]) -> Result<Vec<String>, ChannelError> {
    let mut out: Vec<String> = Vec::new();
    for raw in typed {
        let t = raw.trim().to_lowercase();
        if t.is_empty() {
            continue;
        }
        let t = t.split_once("://").map_or(t.as_str(), |(_, rest)| rest);
        let host = t.split(['/', '?', '#']).next().unwrap_or_default();
        let host = host.rsplit_once(':').map_or(host, |(h, port)| {
            if port.chars().all(|c| c.is_ascii_digit()) {
                h
            } else {
                host
            }
        });
        let bare = host.strip_prefix("*.").unwrap_or(host);
        let label_ok = |l: &str| {
            !l.is_empty()
                && l.len() <= 63
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        };
        if bare.len() > 253 || !bare.split('.').all(label_ok) {
            return Err(ChannelError::Domain(raw.trim().chars().take(80).collect()));
        }
        if !out.iter().any(|d| d == host) {
            out.push(host.to_owned());
        }
    }
    if out.len() > MAX_DOMAINS {
        return Err(ChannelError::TooManyDomains);
    }
    Ok(out)
}

/// Whether a page of `origin` (`https://shop.example.com:8443`) may embed a
/// channel that allows `domains` (R-W-6): any page when there are none; else
/// its host is one of them, or a subdomain of a `*.` one.
pub fn origin_allowed(domains: &[String], origin: &str) -> bool {
    if domains.is_empty() {
        return true;
    }
    let rest = origin.split_once("://").map_or(origin, |(_, r)| r);
    let host_port = rest.split('/').next().unwrap_or_default();
    let host = host_port
        .rsplit_once(':')
        .map_or(host_port, |(h, _)| h)
        .to_lowercase();
    domains.iter().any(|d| match d.strip_prefix("*.") {
        Some(parent) => host.ends_with(&format!(".{parent}")),
        None => &host == d,
    })
}

/// The `frame-ancestors` of the widget's frame for a channel that allows
/// `domains`, so that the browser itself refuses other sites (R-W-6);
/// none when every site may.
pub fn frame_ancestors(domains: &[String]) -> Option<String> {
    (!domains.is_empty()).then(|| {
        let sources: Vec<String> = domains.iter().map(|d| format!("{d}:*")).collect();
        format!("frame-ancestors 'self' {}", sources.join(" "))
    })
}

/// The language of a channel's emails (R-CH-7): a tag of the catalog, or
/// none (`""`) for the deployment's locale.
pub fn email_language(tag: &str) -> Result<Option<Lang>, ChannelError> {
    let tag = tag.trim();
    if tag.is_empty() {
        return Ok(None);
    }
    Lang::ALL
        .iter()
        .find(|l| l.tag().eq_ignore_ascii_case(tag))
        .map(|l| Some(*l))
        .ok_or_else(|| ChannelError::Language {
            given: tag.chars().take(20).collect(),
            known: Lang::ALL
                .iter()
                .map(|l| l.tag())
                .collect::<Vec<_>>()
                .join(", "),
        })
}

/// The language an email to a channel's client is written in: the
/// channel's, else the deployment's locale (if the catalog has it), else
/// the catalog's default.
pub fn email_lang_for(channel: Option<&str>, deployment: Option<&str>) -> Lang {
    channel
        .and_then(|t| email_language(t).ok().flatten())
        .or_else(|| deployment.and_then(|t| email_language(t).ok().flatten()))
        .unwrap_or(Lang::ALL[0])
}

/// Checks that the admin typed the channel's name to delete it (spaces
/// around and letter case do not matter).
pub fn check_delete(channel: &ChannelDetails, confirm: &str) -> Result<(), ChannelError> {
    if same_name(&channel.name, confirm.trim()) {
        Ok(())
    } else {
        Err(ChannelError::NotConfirmed(channel.name.clone()))
    }
}

/// The plan limit from the deployment's setting: a number from 1 to
/// [`MAX_CHANNEL_LIMIT`], else the default.
pub fn parse_limit(raw: Option<&str>) -> u32 {
    raw.and_then(|s| s.trim().parse::<u32>().ok())
        .filter(|n| (1..=MAX_CHANNEL_LIMIT).contains(n))
        .unwrap_or(DEFAULT_CHANNEL_LIMIT)
}

fn same_name(a: &str, b: &str) -> bool {
    a.trim().to_lowercase() == b.trim().to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ch(id: &str, number: u32, name: &str) -> ChannelDetails {
        ChannelDetails {
            id: ChannelId::parse(id).unwrap(),
            number,
            name: name.into(),
            active: true,
            created_at: Timestamp(0),
            email_language: None,
            allowed_domains: Vec::new(),
        }
    }

    #[test]
    fn r_w_6_allowed_domains_are_host_names_and_match_origins() {
        let typed = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let domains = parse_domains(&typed(&[
            " Shop.Example.com ",
            "https://shop.example.com/cart",
            "*.example.org",
            "localhost:8787",
            "",
        ]))
        .unwrap();
        assert_eq!(domains, ["shop.example.com", "*.example.org", "localhost"]);
        assert!(origin_allowed(&domains, "https://shop.example.com"));
        assert!(origin_allowed(&domains, "http://localhost:8787"));
        assert!(origin_allowed(&domains, "https://a.b.example.org:8443"));
        assert!(
            !origin_allowed(&domains, "https://example.org"),
            "only subdomains"
        );
        assert!(!origin_allowed(
            &domains,
            "https://shop.example.com.evil.net"
        ));
        assert!(!origin_allowed(&domains, "https://evilshop.example.com"));
        assert!(!origin_allowed(&domains, "null"));
        assert!(origin_allowed(&[], "https://anything.example"));
        for bad in ["exa mple.com", "<script>", "-x.com", "a..b"] {
            assert!(
                matches!(parse_domains(&typed(&[bad])), Err(ChannelError::Domain(_))),
                "{bad}"
            );
        }
        let many: Vec<String> = (0..=MAX_DOMAINS)
            .map(|i| format!("s{i}.example.com"))
            .collect();
        assert_eq!(parse_domains(&many), Err(ChannelError::TooManyDomains));
        assert_eq!(
            frame_ancestors(&domains).unwrap(),
            "frame-ancestors 'self' shop.example.com:* *.example.org:* localhost:*"
        );
        assert_eq!(frame_ancestors(&[]), None);
    }

    #[test]
    fn r_ch_7_emails_are_in_the_channels_language_else_the_deployments() {
        assert_eq!(
            email_language("pt-br"),
            Ok(Lang::ALL.iter().copied().find(|l| l.tag() == "pt-BR"))
        );
        assert_eq!(email_language(" "), Ok(None));
        let err = email_language("klingon").unwrap_err();
        assert!(err.to_string().contains("en, "), "{err}");
        assert_eq!(email_lang_for(Some("es"), Some("pt-BR")).tag(), "es");
        assert_eq!(email_lang_for(None, Some("pt-BR")).tag(), "pt-BR");
        assert_eq!(email_lang_for(Some(""), Some("xx")).tag(), "en");
        let update = ChannelUpdate {
            id: ChannelId::parse("a").unwrap(),
            name: None,
            active: None,
            email_language: Some("fr-CA".into()),
            allowed_domains: None,
        };
        assert!(matches!(
            check_update(&update, &[]),
            Err(ChannelError::Language { .. })
        ));
    }

    #[test]
    fn r_ch_4_new_channels_are_numbered_in_order_of_creation() {
        assert_eq!(next_channel(&[], 0, 3), Ok((1, "Open Channel 1".into())));
        let existing = [ch("a", 1, "Sales"), ch("b", 3, "Open Channel 3")];
        // Channel 2 was deleted: numbers are never reused.
        assert_eq!(
            next_channel(&existing, 3, 3),
            Ok((4, "Open Channel 4".into()))
        );
        // Nor when the newest ones were deleted.
        assert_eq!(
            next_channel(&existing, 7, 3),
            Ok((8, "Open Channel 8".into()))
        );
        assert_eq!(next_channel(&[], 7, 3), Ok((8, "Open Channel 8".into())));
    }

    #[test]
    fn r_ch_4_a_default_name_taken_by_a_rename_is_skipped() {
        let existing = [ch("a", 1, "open channel 2")];
        assert_eq!(
            next_channel(&existing, 1, 5),
            Ok((2, "Open Channel 3".into()))
        );
    }

    #[test]
    fn r_ch_2_creating_past_the_plan_limit_is_refused() {
        let existing = [ch("a", 1, "A"), ch("b", 2, "B")];
        let err = next_channel(&existing, 2, 2).unwrap_err();
        assert_eq!(err, ChannelError::LimitReached { limit: 2 });
        assert!(err.to_string().contains("allows 2 open channels"));
        assert!(next_channel(&existing, 2, 3).is_ok());
    }

    #[test]
    fn r_ch_2_the_limit_comes_from_the_deployment_or_defaults() {
        assert_eq!(parse_limit(Some("3")), 3);
        assert_eq!(parse_limit(Some(" 25 ")), 25);
        for bad in [
            None,
            Some(""),
            Some("0"),
            Some("-1"),
            Some("ten"),
            Some("5000"),
        ] {
            assert_eq!(parse_limit(bad), DEFAULT_CHANNEL_LIMIT, "{bad:?}");
        }
    }

    #[test]
    fn r_ch_4_renaming_checks_the_name_and_that_it_is_free() {
        let others = [ch("a", 1, "Sales"), ch("b", 2, "Support")];
        let rename = |id: &str, name: &str| ChannelUpdate {
            id: ChannelId::parse(id).unwrap(),
            name: Some(name.into()),
            active: None,
            email_language: None,
            allowed_domains: None,
        };
        assert_eq!(
            check_update(&rename("a", "  Shop  "), &others),
            Ok(Some("Shop".into()))
        );
        // Its own name, in other letters, is fine.
        assert_eq!(
            check_update(&rename("a", "SALES"), &others),
            Ok(Some("SALES".into()))
        );
        assert_eq!(
            check_update(&rename("a", "support"), &others),
            Err(ChannelError::NameTaken("support".into()))
        );
        assert_eq!(
            check_update(&rename("a", "   "), &others),
            Err(ChannelError::Name(TextError::Empty))
        );
        let nothing = ChannelUpdate {
            id: ChannelId::parse("a").unwrap(),
            name: None,
            active: None,
            email_language: None,
            allowed_domains: None,
        };
        assert_eq!(
            check_update(&nothing, &others),
            Err(ChannelError::NothingToChange)
        );
    }

    #[test]
    fn the_list_counts_online_operators_and_untaken_conversations() {
        use Presence::{Away, Offline, Online};
        assert_eq!(QueueActivity::of([], 0), QueueActivity::default());
        assert_eq!(
            QueueActivity::of([Online, Away, Offline, Online], 3),
            QueueActivity {
                operators_online: 2,
                waiting: 3
            }
        );
        let list = ChannelActivityList {
            channels: vec![ChannelActivity {
                id: ChannelId::parse("a").unwrap(),
                connectors: vec![ConnectorKind::LiveChat, ConnectorKind::Telegram],
                queue: QueueActivity::of([Away], 1),
            }],
        };
        let wire = serde_json::to_value(&list).unwrap();
        assert_eq!(
            wire,
            serde_json::json!({"channels": [{"id": "a", "connectors": ["live_chat", "telegram"], "operators_online": 0, "waiting": 1}]})
        );
        assert_eq!(
            serde_json::from_value::<ChannelActivityList>(wire).unwrap(),
            list
        );
        assert!(list.of(&ChannelId::parse("b").unwrap()).is_none());
    }

    #[test]
    fn r_ch_8_deleting_needs_the_name_typed_again() {
        let c = ch("a", 1, "Sales desk");
        assert_eq!(check_delete(&c, " sales DESK "), Ok(()));
        let err = check_delete(&c, "Sales").unwrap_err();
        assert!(err.to_string().contains("\"Sales desk\""), "{err}");
    }
}
