//! The client for the CRM: the email left in the offline form (R-WH-3) and who they are (R-CRM-1).

use super::{Conversation, Effect, BAD_EMAIL_MESSAGE, CONSENT_REQUIRED_MESSAGE};
use crate::connectors::ConnectorKind;
use crate::crm::{keys as crm_keys, Sighting};
use crate::protocol::{error_frame, ErrorCode};
use crate::time::Timestamp;
use crate::widget_settings::parse_email;

impl Conversation {
    /// Keeps the email left in the offline form for operators (R-WH-3).
    pub(super) fn contact(&mut self, now: Timestamp, email: &str) -> Vec<Effect> {
        if self.consent_needed() {
            return vec![Effect::Reply(error_frame(
                ErrorCode::ConsentRequired,
                CONSENT_REQUIRED_MESSAGE,
                None,
            ))];
        }
        let Some(email) = parse_email(email) else {
            return vec![Effect::Reply(error_frame(
                ErrorCode::Invalid,
                BAD_EMAIL_MESSAGE,
                None,
            ))];
        };
        if self.state.contact.as_deref() == Some(email.as_str()) {
            return Vec::new();
        }
        self.state.contact = Some(email);
        vec![
            Effect::SaveState,
            self.notify(),
            Effect::Sight(self.sighting(now)),
        ]
    }

    /// What this conversation knows of its client, for the CRM (R-CRM-1).
    pub(super) fn sighting(&self, now: Timestamp) -> Sighting {
        let o = &self.state.opening;
        let emails: Vec<String> = o
            .identity
            .iter()
            .filter_map(|i| i.email.clone())
            .chain(o.connector.as_ref().and_then(|c| c.email.clone()))
            .chain(self.state.contact.clone())
            .collect();
        let (source, account) = match &o.connector {
            Some(c) => (
                c.kind,
                match c.kind {
                    // A Telegram user is the same in every bot's chat.
                    ConnectorKind::Telegram => c.client.clone(),
                    _ => format!("{}/{}", c.id, c.client),
                },
            ),
            None => (ConnectorKind::LiveChat, o.visitor.to_string()),
        };
        let name = o
            .identity
            .as_ref()
            .and_then(|i| i.name.clone())
            .or_else(|| o.connector.as_ref().and_then(|c| c.name.clone()));
        Sighting {
            conversation: o.id.clone(),
            channel: o.channel.id.clone(),
            source,
            name,
            alias: Some(o.visitor_name.clone()),
            keys: crm_keys(
                o.identity.as_ref().map(|i| i.id.as_str()),
                &emails,
                &[],
                Some((source, &account)),
            ),
            emails,
            phones: Vec::new(),
            at: now,
        }
    }
}
