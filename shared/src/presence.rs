//! When an operator's console counts as gone (R-Q-4).
//!
//! A console pings every [`HEARTBEAT_MS`]. Its inbox checks its sockets every
//! [`Liveness::check_ms`] while any is open, closes one not heard from within
//! [`Liveness::stale_ms`], and keeps the operator present for
//! [`Liveness::grace_ms`] after their last console went (a reload, a
//! reconnect), then counts them offline.

use crate::protocol::{HEARTBEAT_MS, STALE_MS};
use crate::time::Timestamp;

/// The shortest a deployment may make [`Liveness::stale_ms`]: a console
/// must have time to ping at least once.
pub const MIN_STALE_MS: i64 = 1000;

/// The inbox's timings for its consoles' heartbeats.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Liveness {
    /// A socket not heard from for longer is gone.
    pub stale_ms: i64,
    /// How often an inbox with open sockets checks them.
    pub check_ms: i64,
    /// How long an operator whose last console went stays present.
    pub grace_ms: i64,
}

impl Liveness {
    /// What every deployment uses: a console that misses two pings is gone
    /// within [`STALE_MS`] plus a check, and stays present 20 s more.
    pub const STANDARD: Self = Self {
        stale_ms: STALE_MS,
        check_ms: 30_000,
        grace_ms: 20_000,
    };

    /// The standard timings shrunk in proportion so that a socket goes stale
    /// after `stale_ms` ([`MIN_STALE_MS`] to [`STALE_MS`]: never longer than
    /// the standard). The integration tests use it to see a silent console
    /// go offline in seconds.
    pub fn shortened(stale_ms: i64) -> Self {
        let stale_ms = stale_ms.clamp(MIN_STALE_MS, STALE_MS);
        let scale = |ms: i64| (ms * stale_ms / STALE_MS).max(1);
        Self {
            stale_ms,
            check_ms: scale(Self::STANDARD.check_ms),
            grace_ms: scale(Self::STANDARD.grace_ms),
        }
    }

    /// How often a client that wants to stay present pings at these
    /// timings: [`HEARTBEAT_MS`], or sooner when sockets go stale sooner.
    pub fn ping_ms(&self) -> i64 {
        HEARTBEAT_MS.min(self.stale_ms * HEARTBEAT_MS / STALE_MS)
    }

    /// Whether a socket last heard from at `last` is still there at `now`.
    pub fn heard(&self, last: Timestamp, now: Timestamp) -> bool {
        now.0 - last.0 <= self.stale_ms
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_console_is_gone_once_it_missed_its_pings() {
        // R-Q-4
        let l = Liveness::STANDARD;
        assert!(l.stale_ms > 2 * HEARTBEAT_MS, "two pings may be missed");
        assert!(l.heard(Timestamp(0), Timestamp(STALE_MS)));
        assert!(!l.heard(Timestamp(0), Timestamp(STALE_MS + 1)));
        assert_eq!(l.ping_ms(), HEARTBEAT_MS);
    }

    #[test]
    fn shortened_timings_keep_their_proportions_and_never_lengthen() {
        let l = Liveness::shortened(7000);
        assert_eq!((l.stale_ms, l.check_ms, l.grace_ms), (7000, 3000, 2000));
        assert_eq!(l.ping_ms(), 2500);
        assert_eq!(Liveness::shortened(10 * STALE_MS), Liveness::STANDARD);
        assert_eq!(Liveness::shortened(0).stale_ms, MIN_STALE_MS);
        assert!(Liveness::shortened(0).check_ms >= 1);
    }
}
