//! Time as data: the core never reads a clock.

use serde::{Deserialize, Serialize};

/// Milliseconds since the Unix epoch (UTC). Fits the Durable Object SQL integer
/// range and JavaScript's `Date.now()`.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Timestamp(pub i64);

impl Timestamp {
    /// This instant plus `ms` milliseconds (saturating).
    pub fn plus_ms(self, ms: i64) -> Timestamp {
        Timestamp(self.0.saturating_add(ms))
    }

    /// Milliseconds from `earlier` to `self` (negative if `earlier` is later).
    pub fn since(self, earlier: Timestamp) -> i64 {
        self.0.saturating_sub(earlier.0)
    }
}

/// A duration in words for people: "7 days", "24 hours", "1 minute",
/// "5 seconds" — the largest unit that divides it exactly.
pub fn span(ms: i64) -> String {
    let (n, unit) = [(86_400_000, "day"), (3_600_000, "hour"), (60_000, "minute")]
        .into_iter()
        .find(|(u, _)| ms != 0 && ms % u == 0)
        .map_or((ms / 1000, "second"), |(u, w)| (ms / u, w));
    format!("{n} {unit}{}", if n == 1 { "" } else { "s" })
}

#[cfg(test)]
mod tests {
    use super::span;

    #[test]
    fn spans_read_in_the_largest_exact_unit() {
        assert_eq!(span(7 * 86_400_000), "7 days");
        assert_eq!(span(24 * 3_600_000), "1 day");
        assert_eq!(span(90 * 60_000), "90 minutes");
        assert_eq!(span(60_000), "1 minute");
        assert_eq!(span(1000), "1 second");
        assert_eq!(span(0), "0 seconds");
    }
}
