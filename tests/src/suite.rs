//! Runs a suite's cases against one shared context (libtest-mimic), so one
//! worker serves the suite and is stopped when it ends.

use std::sync::Arc;

use libtest_mimic::{Arguments, Failed, Trial};

/// A named case of a suite.
pub type Case<C> = (&'static str, fn(&C));

/// A suite's cases, each named once, by its function: `cases![a, b()]` is
/// `vec![("a", a), ("b", |_| b())]` — `a` takes the suite's context, `b`
/// takes nothing.
#[macro_export]
macro_rules! cases {
    (@acc [$($done:expr,)*]) => {
        vec![$($done),*]
    };
    (@acc [$($done:expr,)*] $case:ident () $(, $($rest:tt)*)?) => {
        $crate::cases!(@acc [$($done,)* (stringify!($case), (|_: &_| $case()) as fn(&_)),] $($($rest)*)?)
    };
    (@acc [$($done:expr,)*] $case:ident $(, $($rest:tt)*)?) => {
        $crate::cases!(@acc [$($done,)* (stringify!($case), $case as fn(&_)),] $($($rest)*)?)
    };
    ($($rest:tt)*) => {
        $crate::cases!(@acc [] $($rest)*)
    };
}

/// Builds the context, runs the cases (filtered by the usual test arguments),
/// drops the context, and exits with the result.
///
/// Under plain `cargo test` on a checkout that was never built (no
/// `CANAL_WRANGLER`, which `cargo xtask test` always sets, and no `dist/` or
/// pinned wrangler), it says in one line how to run the suite and passes:
/// the unit tests are what plain `cargo test` is for (issue #23).
pub fn run<C: Send + Sync + 'static>(setup: impl FnOnce() -> C, cases: Vec<Case<C>>) -> ! {
    if std::env::var_os("CANAL_WRANGLER").is_none() && !built() {
        let suite = std::env::args()
            .next()
            .and_then(|a| {
                let name = std::path::Path::new(&a).file_name()?.to_str()?.to_owned();
                Some(
                    name.rsplit_once('-')
                        .map_or(name.clone(), |(n, _)| n.to_owned()),
                )
            })
            .unwrap_or_default();
        println!("{suite}: not run; the integration suites need a built Canal: `cargo xtask test`");
        std::process::exit(0);
    }
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

/// Whether this checkout has what the suites start: the built `dist/` and
/// the pinned wrangler.
fn built() -> bool {
    let root = crate::worker::root();
    root.join("dist/widget.js").exists() && root.join("node_modules/.bin/wrangler").exists()
}
