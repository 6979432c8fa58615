//! Faults that a test configuration injects through the `CANAL_FAULTS` var
//! (a comma-separated list), to show that the runtime's retries keep Canal's
//! promises (`cargo xtask chaos`, the `chaos` suite). A deployment never sets
//! it; without it nothing here changes behaviour.
//!
//! - `alarm`: the first alarm of each conversation object throws before it
//!   does anything. The runtime retries it; the timer it stood for must
//!   still fire.

use worker::Env;

/// Whether this deployment injects the fault `name`.
pub fn injected(env: &Env, name: &str) -> bool {
    env.var("CANAL_FAULTS")
        .is_ok_and(|v| v.to_string().split(',').any(|f| f.trim() == name))
}
