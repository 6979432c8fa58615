//! Runs a suite's cases against one shared context (libtest-mimic), so one
//! worker serves the suite and is stopped when it ends.

use std::sync::Arc;

use libtest_mimic::{Arguments, Failed, Trial};

/// A named case of a suite.
pub type Case<C> = (&'static str, fn(&C));

/// Builds the context, runs the cases (filtered by the usual test arguments),
/// drops the context, and exits with the result.
pub fn run<C: Send + Sync + 'static>(setup: impl FnOnce() -> C, cases: Vec<Case<C>>) -> ! {
    let args = Arguments::from_args();
    let ctx = Arc::new(setup());
    let trials = cases
        .into_iter()
        .map(|(name, f)| {
            let ctx = Arc::clone(&ctx);
            Trial::test(name, move || {
                std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| f(&ctx))).map_err(|e| {
                    Failed::from(
                        e.downcast_ref::<String>()
                            .cloned()
                            .or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()))
                            .unwrap_or_else(|| "panicked".into()),
                    )
                })
            })
        })
        .collect();
    let conclusion = libtest_mimic::run(&args, trials);
    drop(ctx);
    conclusion.exit()
}
