//! Polling with a deadline: the bound is for correctness (something never
//! happens), never a performance assertion.

use std::time::{Duration, Instant};

/// How long a test waits for something that should happen.
pub const PATIENCE: Duration = Duration::from_secs(20);

/// Calls `f` until it returns `Some`, or fails after [`PATIENCE`] with `what`.
pub fn until<T>(what: &str, mut f: impl FnMut() -> Option<T>) -> Result<T, String> {
    let start = Instant::now();
    loop {
        if let Some(v) = f() {
            return Ok(v);
        }
        if start.elapsed() > PATIENCE {
            return Err(format!("timed out waiting for {what}"));
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}
