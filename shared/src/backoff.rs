//! When to try a dropped connection again: exponential backoff with jitter,
//! shared by the widget and the console. Randomness is an input.

/// First delay before reconnecting, in milliseconds.
pub const FIRST_DELAY_MS: f64 = 500.0;
/// Longest delay between two attempts, in milliseconds.
pub const MAX_DELAY_MS: f64 = 10_000.0;

/// 0.5 s, 1 s, 2 s… up to 10 s, each delay drawn between half and all of its
/// step, so that many clients dropped at once (a deploy, a network blip) do
/// not all come back at the same instant.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Backoff {
    attempt: u32,
}

impl Backoff {
    /// The delay before the next attempt, given `random` in `[0, 1)`.
    pub fn next_delay_ms(&mut self, random: f64) -> u32 {
        let step = (FIRST_DELAY_MS * 2f64.powi(self.attempt.min(16) as i32)).min(MAX_DELAY_MS);
        self.attempt = self.attempt.saturating_add(1);
        (step * (0.5 + 0.5 * random.clamp(0.0, 1.0))) as u32
    }

    /// Whether no attempt failed since the last [`Backoff::reset`].
    pub fn is_fresh(&self) -> bool {
        self.attempt == 0
    }

    /// Back to the first delay (after a connection that worked).
    pub fn reset(&mut self) {
        self.attempt = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_to_a_cap_with_jitter_and_resets() {
        let mut b = Backoff::default();
        assert!(b.is_fresh());
        assert_eq!(b.next_delay_ms(1.0), 500);
        assert_eq!(b.next_delay_ms(1.0), 1000);
        assert_eq!(b.next_delay_ms(0.0), 1000);
        for _ in 0..20 {
            b.next_delay_ms(0.5);
        }
        assert_eq!(b.next_delay_ms(1.0), 10_000);
        assert_eq!(b.next_delay_ms(0.0), 5_000);
        b.reset();
        assert!(b.is_fresh());
        assert_eq!(b.next_delay_ms(0.0), 250);
    }
}
