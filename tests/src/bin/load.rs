//! `cargo xtask load` and `cargo xtask chaos`: visitors and operators on a
//! real local worker, with kill -9 of workerd in the middle for `chaos`, and
//! (for `chaos`) a Durable Object alarm that throws. Prints a Markdown
//! report for BENCHMARKS.md; exits with 1 if anything was lost, duplicated,
//! out of order or refused.
//!
//! `load [--conversations N] [--operators M] [--seconds S] [--every S]
//! [--ramp S] [--kill-at S]`; `chaos` is `load` with `--kill-at` at the
//! middle of the run, then the alarm fault.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use canal_tests::load::{alarm_fault_is_retried, raise_fd_limit, run, Plan};
use canal_tests::worker::Worker;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let chaos = args.first().is_some_and(|a| a == "chaos");
    let number = |name: &str, default: f64| -> f64 {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .map(|v| {
                v.parse()
                    .unwrap_or_else(|_| panic!("{name} takes a number, not {v:?}"))
            })
            .unwrap_or(default)
    };
    let seconds = |s: f64| Duration::from_secs_f64(s);
    let ramp = number("--ramp", 20.0);
    let duration = number("--seconds", 60.0);
    let kill_default = if chaos { ramp + duration / 2.0 } else { -1.0 };
    let kill_at = number("--kill-at", kill_default);
    let plan = Plan {
        conversations: number("--conversations", 1000.0) as usize,
        operators: number("--operators", 50.0) as usize,
        duration: seconds(duration),
        ramp: seconds(ramp),
        every: seconds(number("--every", 10.0)),
        kill_at: (kill_at >= 0.0).then(|| seconds(kill_at)),
    };
    raise_fd_limit();
    let starting = Instant::now();
    let w = Worker::start_in(&state_base(), &[]);
    let start_time = starting.elapsed();
    let demo = w.setup("demo");
    eprintln!("driving {plan:?}");
    let before = w.usage();
    let done = AtomicBool::new(false);
    let (report, peak) = std::thread::scope(|s| {
        let sampler = s.spawn(|| {
            let mut peak = 0;
            while !done.load(Ordering::Relaxed) {
                peak = peak.max(w.usage().rss);
                std::thread::sleep(Duration::from_millis(500));
            }
            peak
        });
        let report = run(&w, &demo.admin.password, &plan);
        done.store(true, Ordering::Relaxed);
        (report, sampler.join().expect("memory sampler"))
    });
    let after = w.usage();
    let title = if chaos {
        "Load with kill -9 of workerd"
    } else {
        "Load"
    };
    println!("\n{}", report.markdown(&plan, title));
    println!(
        "{}",
        server_usage(
            start_time,
            after.cpu.saturating_sub(before.cpu),
            peak,
            report.written
        )
    );
    let mut ok = report.clean(&plan);
    drop(w);
    if chaos {
        let w = Worker::start_in(
            &state_base(),
            &[("CANAL_FAULTS", "alarm"), ("CANAL_MIN_DELAY_MS", "1000")],
        );
        let demo = w.setup("demo");
        match alarm_fault_is_retried(&w, &demo.admin.password) {
            Ok(after) => println!(
                "An alarm that throws (`CANAL_FAULTS=alarm`): retried by the runtime; the \
                 no-answer reply due 1 s after the message came once, {:.1} s after it.\n",
                after.as_secs_f64()
            ),
            Err(e) => {
                println!("An alarm that throws: FAILED: {e}\n");
                ok = false;
            }
        }
    }
    if ok {
        ExitCode::SUCCESS
    } else {
        eprintln!("load: the run was not clean (see the report)");
        ExitCode::FAILURE
    }
}

/// What the server's processes used (wrangler's and workerd's, or
/// `serve`'s and workerd's): how long they took to answer, CPU per message
/// written over the run (a kill -9 restarts the count at 0 for the new
/// process, so under `chaos` it is a floor), and the most memory seen.
fn server_usage(start: Duration, cpu: Duration, peak_rss: u64, written: u64) -> String {
    let per_message = cpu.as_secs_f64() * 1000.0 / written.max(1) as f64;
    format!(
        "| server | |\n|---|---:|\n| start (command to first answer) | {:.1} s |\n\
         | CPU over the run | {:.1} s ({per_message:.2} ms per message written) |\n\
         | resident memory, most seen | {} MB |\n",
        start.as_secs_f64(),
        cpu.as_secs_f64(),
        peak_rss / 1_000_000,
    )
}

/// Where the worker keeps its state: in memory when the machine has a
/// `tmpfs` at `/dev/shm`. Locally every storage commit is an fsync of a
/// SQLite file; on a small machine's disk those waits, not the worker,
/// bound the load (BENCHMARKS.md has both). Production storage is not a
/// local disk.
fn state_base() -> PathBuf {
    let shm = Path::new("/dev/shm");
    if shm.is_dir() {
        shm.to_path_buf()
    } else {
        std::env::temp_dir()
    }
}
