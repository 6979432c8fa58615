//! Canal's task runner. `cargo xtask dev` and `cargo xtask test` do all the
//! set-up a fresh machine needs (see the README); the other tasks are steps of
//! those two.

mod backup;
mod build;
mod dev;
mod fuzz;
mod http;
mod imports;
mod serve;
#[cfg(test)]
mod tidy;
mod tools;
mod util;

use std::process::ExitCode;

const USAGE: &str = "\
usage: cargo xtask <task>

  dev      install what is missing, build, start the worker locally with a demo
           account, and print the URLs of the demo page and the console
  test     formatting, lints, unit, integration and browser tests in Chromium,
           WebKit and Firefox (what CI runs)
  build    install what is missing and build widget, console and worker into dist/
           (`build widget|console|worker` builds one part)
  bench    widget and console size, time to a usable composer, the
           console's sign-in → inbox listed, and message latency
           (`bench size|open|console|latency|router|list|files` runs one part)
  load     1,000 conversations and 50 operators on the local worker for 60 s:
           latency, throughput, errors, lost and duplicated messages
           (`load --conversations N --operators M --seconds S --every S`)
  chaos    `load` with kill -9 of workerd in the middle, and an alarm that
           throws (same options)
  fuzz     the fuzz targets from their seeds, 60 s each
           (`fuzz [seconds] [protocol|settings|hours|router]`)
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("dev") => dev::run(),
        Some("test") => test(),
        Some("build") => tools::ensure_build_tools().and_then(|t| build::parts(&t, &args[1..])),
        Some("bench") => bench(&args[1..]),
        Some(task @ ("load" | "chaos")) => load(task, &args[1..]),
        Some("fuzz") => fuzz::run(&args[1..]),
        Some("serve") => serve::run(&args[1..]),
        Some("backup") => backup::run(&args[1..]),
        _ => {
            eprintln!("{USAGE}{}\n{}", serve::USAGE, backup::USAGE);
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: {e}");
            ExitCode::FAILURE
        }
    }
}

/// The whole check, as CI runs it.
fn test() -> util::Result<()> {
    let cargo = util::cargo();
    util::step(
        "formatting",
        util::cmd(&cargo).args(["fmt", "--all", "--check"]),
    )?;
    util::step(
        "lints (native crates)",
        util::cmd(&cargo).args(["clippy", "--all-targets", "--", "-D", "warnings"]),
    )?;
    fuzz::build_check()?;
    let tools = tools::ensure_build_tools()?;
    util::step(
        "lints (wasm crates)",
        util::cmd(&cargo).args([
            "clippy",
            "-p",
            "canal-worker",
            "-p",
            "canal-widget",
            "-p",
            "canal-console",
            "--target",
            "wasm32-unknown-unknown",
            "--",
            "-D",
            "warnings",
        ]),
    )?;
    util::step(
        "unit tests",
        util::cmd(&cargo).args([
            "test",
            "-p",
            "canal-shared",
            "-p",
            "xtask",
            "-p",
            "canal-widget",
            "-p",
            "canal-console",
        ]),
    )?;
    build::all(&tools)?;
    build::check_widget_size()?;
    tools::ensure_browsers()?;
    util::step(
        "integration and browser tests (Chromium, WebKit, Firefox)",
        util::cmd(&cargo)
            .args(["test", "-p", "canal-tests", "--", "--test-threads=1"])
            .envs(tools.test_env()),
    )?;
    // The self-hosted server runs the same worker on plain workerd: the
    // suites that exercise the runtime itself run there again.
    let mut on_serve = util::cmd(&cargo);
    on_serve.args(["test", "-p", "canal-tests"]);
    for suite in SUITES_ON_SERVE {
        on_serve.args(["--test", suite]);
    }
    util::step(
        "the same suites on plain workerd (cargo xtask serve)",
        on_serve
            .args(["--", "--test-threads=1"])
            .envs(tools.test_env())
            .env("CANAL_SERVER", "workerd"),
    )
}

/// The suites `cargo xtask test` runs a second time on plain workerd: the
/// API, a kill -9 and a restart, the short chaos run and the widget in a
/// browser.
const SUITES_ON_SERVE: [&str; 4] = ["api", "restart", "chaos", "browser"];

fn bench(parts: &[String]) -> util::Result<()> {
    release_bin("benchmarks", "bench", &[], parts, true)
}

/// `cargo xtask load` and `cargo xtask chaos`: the `load` binary of the
/// tests crate against the built worker.
fn load(task: &str, args: &[String]) -> util::Result<()> {
    release_bin(task, "load", &[task], args, false)
}

/// Builds everything, then runs the tests crate's binary `bin` in release
/// mode with `lead` and `args`, in the tests' environment (with Chromium
/// installed first when `browser`).
fn release_bin(
    step: &str,
    bin: &str,
    lead: &[&str],
    args: &[String],
    browser: bool,
) -> util::Result<()> {
    let tools = tools::ensure_build_tools()?;
    build::all(&tools)?;
    if browser {
        tools::ensure_chromium()?;
    }
    util::step(
        step,
        util::cmd(util::cargo())
            .args(["run", "--release", "-p", "canal-tests", "--bin", bin, "--"])
            .args(lead)
            .args(args)
            .envs(tools.test_env()),
    )
}
