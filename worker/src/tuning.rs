//! Timings the integration tests shorten through the deployment's
//! configuration, to see a timer fire in seconds through real alarms. Each
//! has its standard length; its var may make it shorter, never longer, and
//! never under a second. Deployments leave them unset.

use canal_shared::automation::MIN_DELAY_MS;
use canal_shared::presence::Liveness;
use canal_shared::protocol::STALE_MS;
use canal_shared::routing::MIN_IDLE_MS;
use worker::Env;

/// `standard`, or the var `name` when it parses: a second to `standard`.
pub fn shortened(env: &Env, name: &str, standard: i64) -> i64 {
    env.var(name)
        .ok()
        .and_then(|v| v.to_string().parse::<i64>().ok())
        .map_or(standard, |ms| ms.clamp(1000, standard))
}

/// The shortest delay an admin may set on a timer (an automatic action, a
/// response-time limit, the queue's idle time): a minute, or
/// `CANAL_MIN_DELAY_MS`.
pub fn min_delay_ms(env: &Env) -> i64 {
    shortened(env, "CANAL_MIN_DELAY_MS", MIN_DELAY_MS)
}

/// The shortest idle time before a queue's offer moves on:
/// [`MIN_IDLE_MS`], or `CANAL_MIN_DELAY_MS`.
pub fn min_idle_ms(env: &Env) -> i64 {
    shortened(env, "CANAL_MIN_DELAY_MS", MIN_IDLE_MS)
}

/// The inbox's heartbeat timings: [`Liveness::STANDARD`], or shortened to
/// go stale after `CANAL_STALE_MS`.
pub fn liveness(env: &Env) -> Liveness {
    Liveness::shortened(shortened(env, "CANAL_STALE_MS", STALE_MS))
}
