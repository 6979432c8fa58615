//! `cargo xtask fuzz [seconds] [target]`: runs the cargo-fuzz targets of
//! `fuzz/` (default: each for 60 s) from their committed seeds and past
//! findings; and the check that they still compile.
//!
//! cargo-fuzz passes nightly-only `-Z` flags to rustc. `RUSTC_BOOTSTRAP=1`
//! lets the stable compiler take them; it is set on the fuzz commands only,
//! never for the normal build. The targets are built without a sanitizer
//! (the code under test is safe Rust; AddressSanitizer made them about seven
//! times slower) but with debug assertions and overflow checks.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::util::{self, cmd, step, Result};

/// The cargo-fuzz installed (once per machine) when missing.
pub const CARGO_FUZZ_VERSION: &str = "0.13.2";

/// The targets in `fuzz/fuzz_targets/`.
pub const TARGETS: [&str; 4] = ["protocol", "settings", "hours", "router"];

/// How long each target runs unless told.
const DEFAULT_SECONDS: u32 = 60;

/// Runs each target, or the one named, for the seconds given (default 60).
/// What it learns is kept in `target/fuzz-corpus/<target>`; a crash stops
/// the run and is written to `fuzz/artifacts/<target>/`.
pub fn run(args: &[String]) -> Result<()> {
    let (seconds, targets) = parse_args(args)?;
    let cargo_fuzz = ensure_cargo_fuzz()?;
    let root = util::root();
    for target in targets {
        let corpus = root.join("target/fuzz-corpus").join(target);
        std::fs::create_dir_all(&corpus)
            .map_err(|e| format!("cannot create {}: {e}", corpus.display()))?;
        // The first directory receives new inputs; the others are only read.
        let mut c = fuzz_command(&cargo_fuzz);
        c.args(["run", "--sanitizer", "none", target])
            .arg(&corpus)
            .arg(format!("fuzz/seeds/{target}"));
        let regressions = format!("fuzz/regressions/{target}");
        if root.join(&regressions).is_dir() {
            c.arg(regressions);
        }
        c.args([
            "--",
            &format!("-max_total_time={seconds}"),
            "-timeout=5",
            "-rss_limit_mb=2048",
        ]);
        step(&format!("fuzzing {target} for {seconds} s"), &mut c)?;
    }
    Ok(())
}

/// Builds every target (unoptimized: the quickest build that links them).
pub fn build_check() -> Result<()> {
    let cargo_fuzz = ensure_cargo_fuzz()?;
    step(
        "fuzz targets compile",
        fuzz_command(&cargo_fuzz).args(["build", "--dev", "--sanitizer", "none"]),
    )
}

/// `[seconds] [target]`, in any order.
fn parse_args(args: &[String]) -> Result<(u32, Vec<&'static str>)> {
    let mut seconds = DEFAULT_SECONDS;
    let mut targets = TARGETS.to_vec();
    for a in args {
        if let Ok(n) = a.parse::<u32>() {
            if n == 0 {
                return Err("fuzz: give at least one second".into());
            }
            seconds = n;
        } else if let Some(t) = TARGETS.iter().find(|t| **t == a) {
            targets = vec![t];
        } else {
            return Err(format!(
                "fuzz: \"{a}\" is neither a number of seconds nor a target ({})",
                TARGETS.join(", ")
            ));
        }
    }
    Ok((seconds, targets))
}

/// cargo-fuzz, from the repository root, allowed the nightly flags.
fn fuzz_command(cargo_fuzz: &Path) -> Command {
    let mut c = cmd(cargo_fuzz);
    c.env("RUSTC_BOOTSTRAP", "1");
    c
}

/// cargo-fuzz, installed once per machine with its own lockfile.
fn ensure_cargo_fuzz() -> Result<PathBuf> {
    crate::tools::ensure_cargo_tool(
        "cargo-fuzz",
        CARGO_FUZZ_VERSION,
        "cargo-fuzz",
        &["--locked"],
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(a: &[&str]) -> Vec<String> {
        a.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn every_target_for_a_minute_unless_told() {
        assert_eq!(parse_args(&[]).unwrap(), (60, TARGETS.to_vec()));
        assert_eq!(
            parse_args(&args(&["300", "hours"])).unwrap(),
            (300, vec!["hours"])
        );
        assert_eq!(
            parse_args(&args(&["router", "5"])).unwrap(),
            (5, vec!["router"])
        );
        assert!(parse_args(&args(&["0"])).is_err());
        assert!(parse_args(&args(&["nope"])).is_err());
    }

    #[test]
    fn every_target_has_seeds() {
        for t in TARGETS {
            let seeds = util::root().join("fuzz/seeds").join(t);
            let n = std::fs::read_dir(&seeds).map_or(0, |d| d.count());
            assert!(n > 0, "no seeds in {}", seeds.display());
            assert!(util::root()
                .join(format!("fuzz/fuzz_targets/{t}.rs"))
                .is_file());
        }
    }
}
