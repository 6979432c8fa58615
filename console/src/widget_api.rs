//! The admins' calls for how a channel's widget presents itself (R-A-1,
//! R-WH-3, R-C-1): its settings, the account's consent texts and the
//! acceptances recorded.
//!
//! Bodies are the types of [`canal_shared::widget_settings`] and
//! [`canal_shared::consent`]; the worker answers 403 to anyone but an admin,
//! and 400 with a message the admin can act on when an edit is refused.

use canal_shared::consent::{ConsentAcceptances, ConsentText, ConsentTextInput, ConsentTexts};
use canal_shared::ids::ChannelId;
use canal_shared::time::Timestamp;
use canal_shared::widget_settings::{WidgetSettings, WidgetSettingsInput};

use crate::admin::post;
use crate::api::{call, parse, Failure};

/// `GET /api/widget-settings?channel=`: who `channel`'s visitors see
/// answering, what its widget shows out of hours, and its notice.
pub async fn widget_settings(token: &str, channel: &ChannelId) -> Result<WidgetSettings, Failure> {
    let path = format!("/api/widget-settings?channel={}", encode(channel.as_str()));
    let text = call("GET", &path, Some(token), None).await?;
    parse(&text)
}

/// `POST /api/widget-settings`: replaces a channel's widget settings; the
/// answer is what was saved (an own notice with its new version). A 400 says
/// what is wrong.
pub async fn save_widget_settings(
    token: &str,
    input: &WidgetSettingsInput,
) -> Result<WidgetSettings, Failure> {
    post(token, "/api/widget-settings", input).await
}

/// `GET /api/consent/texts`: the account's consent texts, each at its latest
/// version.
pub async fn consent_texts(token: &str) -> Result<ConsentTexts, Failure> {
    let text = call("GET", "/api/consent/texts", Some(token), None).await?;
    parse(&text)
}

/// `POST /api/consent/texts`: adds a text (`id: None`) or saves a new version
/// of one; the answer is the text as saved, with its version.
pub async fn save_consent_text(
    token: &str,
    input: &ConsentTextInput,
) -> Result<ConsentText, Failure> {
    post(token, "/api/consent/texts", input).await
}

/// `GET /api/consent/acceptances?channel=&before=`: the acceptances recorded
/// on `channel`, newest first, a page at a time (`before`: the previous
/// page's `next`).
pub async fn consent_acceptances(
    token: &str,
    channel: &ChannelId,
    before: Option<Timestamp>,
) -> Result<ConsentAcceptances, Failure> {
    let path = acceptances_path(channel, before);
    let text = call("GET", &path, Some(token), None).await?;
    parse(&text)
}

/// The address of a page of acceptances.
fn acceptances_path(channel: &ChannelId, before: Option<Timestamp>) -> String {
    let mut path = format!(
        "/api/consent/acceptances?channel={}",
        encode(channel.as_str())
    );
    if let Some(before) = before {
        path.push_str(&format!("&before={}", before.0));
    }
    path
}

/// `s` as a query value. Ids are already limited to URL-safe characters;
/// this keeps it so whatever they allow one day.
pub(crate) fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                char::from(b).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_of_acceptances_name_the_channel_and_where_to_go_on() {
        let demo = ChannelId::parse("demo").unwrap();
        assert_eq!(
            acceptances_path(&demo, None),
            "/api/consent/acceptances?channel=demo"
        );
        assert_eq!(
            acceptances_path(&demo, Some(Timestamp(1_700_000_000_123))),
            "/api/consent/acceptances?channel=demo&before=1700000000123"
        );
        assert_eq!(encode("a b&c=d/é"), "a%20b%26c%3Dd%2F%C3%A9");
    }
}
