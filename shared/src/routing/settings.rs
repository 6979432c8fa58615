//! The queue's settings (R-Q-2…5), validated.

use serde::{Deserialize, Serialize};
use thiserror::Error;

/// Shortest idle time before forwarding (R-Q-3): one minute.
pub const MIN_IDLE_MS: i64 = 60 * 1000;
/// Longest idle time before forwarding (R-Q-3): twelve hours.
pub const MAX_IDLE_MS: i64 = 12 * 3600 * 1000;
/// Largest per-operator limit accepted (R-Q-5).
pub const MAX_CAPACITY: u32 = 1000;

/// How conversations are handed out (R-Q-2).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    /// To the operator with the least load; ties to whoever was assigned longest ago.
    Evenly,
    /// To the first available operator in queue order, then the next.
    Strict,
    /// Offered to every eligible operator; the first to accept gets it.
    ToAll,
}

/// Which conversations do not count toward an operator's limit (R-Q-5).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NotCounted {
    /// Once the operator answered at least once (and closed / awaiting rating).
    Answered,
    /// While the operator answered and the client has not replied yet (and
    /// closed / awaiting rating).
    AwaitingClient,
    /// Only closed and awaiting-rating conversations.
    Closed,
}

/// The per-operator limit of simultaneous conversations (R-Q-5).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Capacity {
    /// Most conversations counted at once, 1 to [`MAX_CAPACITY`].
    pub max: u32,
    /// What is not counted.
    pub not_counted: NotCounted,
}

/// The queue's settings.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoutingSettings {
    /// Distribution mode.
    pub mode: Mode,
    /// Idle time before an unaccepted offer moves on, in milliseconds (R-Q-3).
    pub idle_ms: i64,
    /// Offer only to operators who are online (R-Q-4).
    pub check_online: bool,
    /// The per-operator limit, if any (R-Q-5).
    pub capacity: Option<Capacity>,
}

impl Default for RoutingSettings {
    fn default() -> Self {
        Self {
            mode: Mode::Evenly,
            idle_ms: 3 * 60 * 1000,
            check_online: true,
            capacity: None,
        }
    }
}

/// Why settings were refused.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum SettingsError {
    /// R-Q-3.
    #[error("the idle time before forwarding must be between 1 minute and 12 hours")]
    IdleOutOfRange,
    /// R-Q-5.
    #[error("the limit of simultaneous conversations must be between 1 and {MAX_CAPACITY}")]
    CapacityOutOfRange,
}

impl RoutingSettings {
    /// Checks every field; the first problem found is returned.
    pub fn validate(&self) -> Result<(), SettingsError> {
        self.validate_with(MIN_IDLE_MS)
    }

    /// Like [`RoutingSettings::validate`], with the idle time's floor
    /// `min_idle_ms` instead of [`MIN_IDLE_MS`]: the same in every
    /// deployment, shorter in the integration tests' (`CANAL_MIN_DELAY_MS`).
    pub fn validate_with(&self, min_idle_ms: i64) -> Result<(), SettingsError> {
        if !(min_idle_ms..=MAX_IDLE_MS).contains(&self.idle_ms) {
            return Err(SettingsError::IdleOutOfRange);
        }
        if let Some(c) = self.capacity {
            if !(1..=MAX_CAPACITY).contains(&c.max) {
                return Err(SettingsError::CapacityOutOfRange);
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn idle_time_is_one_minute_to_twelve_hours() {
        // R-Q-3
        let s = |idle_ms| RoutingSettings {
            idle_ms,
            ..RoutingSettings::default()
        };
        assert_eq!(
            s(MIN_IDLE_MS - 1).validate(),
            Err(SettingsError::IdleOutOfRange)
        );
        assert_eq!(s(MIN_IDLE_MS).validate(), Ok(()));
        assert_eq!(s(1000).validate_with(1000), Ok(()));
        assert_eq!(
            s(999).validate_with(1000),
            Err(SettingsError::IdleOutOfRange)
        );
        assert_eq!(s(MAX_IDLE_MS).validate(), Ok(()));
        assert_eq!(
            s(MAX_IDLE_MS + 1).validate(),
            Err(SettingsError::IdleOutOfRange)
        );
    }

    #[test]
    fn capacity_is_bounded() {
        // R-Q-5
        let s = |max| RoutingSettings {
            capacity: Some(Capacity {
                max,
                not_counted: NotCounted::Closed,
            }),
            ..RoutingSettings::default()
        };
        assert_eq!(s(0).validate(), Err(SettingsError::CapacityOutOfRange));
        assert_eq!(s(1).validate(), Ok(()));
        assert_eq!(
            s(MAX_CAPACITY + 1).validate(),
            Err(SettingsError::CapacityOutOfRange)
        );
    }
}
