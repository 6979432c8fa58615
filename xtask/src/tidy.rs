//! Tidy checks (issue #23): rules of the code base that plain `cargo test`
//! holds, as rust-analyzer's `tidy` does. Each failure names the rule, the
//! file and the line.
//!
//! - `shared` reads no clock and touches no runtime: it is the sans-IO core
//!   (ARCHITECTURE.md, "Architecture invariant").
//! - No `.unwrap()` outside tests: code says what it expects (`expect` with
//!   the invariant) or handles the error.
//! - `protocol` is a leaf: the wire types use nothing of `shared` but its
//!   ids and time, which use nothing of it; the modules that give them
//!   meaning import `protocol`, never the other way round.
//!
//! Test code is what follows a file's first `#[cfg(test)]`, and files named
//! `tests.rs` or `*_tests.rs` (and this one).

use std::path::{Path, PathBuf};

use crate::util;

/// Every `.rs` file below `dir`, sorted.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "rs") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

fn is_test_file(path: &Path) -> bool {
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default();
    // This file names what it looks for.
    name == "tests.rs" || name.ends_with("_tests.rs") || name == "tidy.rs"
}

/// The lines of `path` before its tests, numbered from 1.
fn code_lines(path: &Path) -> Vec<(usize, String)> {
    if is_test_file(path) {
        return Vec::new();
    }
    let text = std::fs::read_to_string(path).unwrap_or_default();
    text.lines()
        .enumerate()
        .take_while(|(_, l)| !l.trim_start().starts_with("#[cfg(test)]"))
        .map(|(i, l)| (i + 1, l.to_owned()))
        .collect()
}

/// Where `needles` appear in the code (not the tests, not comments) of the
/// `.rs` files below each of `dirs`: `file:line: needle`.
fn find(dirs: &[&str], needles: &[&str]) -> Vec<String> {
    let root = util::root();
    let mut found = Vec::new();
    for dir in dirs {
        for file in rust_files(&root.join(dir)) {
            for (n, line) in code_lines(&file) {
                let code = line.split("//").next().unwrap_or_default();
                for needle in needles {
                    if code.contains(needle) {
                        let shown = file.strip_prefix(&root).unwrap_or(&file);
                        found.push(format!("{}:{n}: {needle}", shown.display()));
                    }
                }
            }
        }
    }
    found
}

#[test]
fn shared_reads_no_clock_and_touches_no_runtime() {
    let found = find(
        &["shared/src"],
        &[
            "Instant::now",
            "SystemTime",
            "js_sys",
            "web_sys",
            "worker::",
            "std::fs",
            "std::env",
            "TcpStream",
            "UdpSocket",
        ],
    );
    assert!(
        found.is_empty(),
        "tidy: `shared` is the sans-IO core: no clock, no runtime, no IO (time and \
         randomness are inputs). Found:\n{}",
        found.join("\n")
    );
}

#[test]
fn no_unwrap_outside_tests() {
    let found = find(
        &[
            "shared/src",
            "worker/src",
            "widget/src",
            "console/src",
            "xtask/src",
        ],
        &[".unwrap()"],
    );
    assert!(
        found.is_empty(),
        "tidy: no `.unwrap()` outside tests; say what is expected with `expect(\"…\")` \
         or handle the error. Found:\n{}",
        found.join("\n")
    );
}

/// The modules of `shared` that a line of code names (`crate::name`).
fn crate_modules(code: &str) -> Vec<String> {
    code.match_indices("crate::")
        .map(|(at, _)| {
            code[at + "crate::".len()..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect()
        })
        .collect()
}

#[test]
fn protocol_is_a_leaf() {
    let root = util::root();
    let file = root.join("shared/src/protocol.rs");
    let found: Vec<String> = code_lines(&file)
        .into_iter()
        .filter(|(_, line)| !line.trim_start().starts_with("//"))
        .flat_map(|(n, line)| {
            let code = line.split("//").next().unwrap_or_default().to_owned();
            crate_modules(&code)
                .into_iter()
                .filter(|m| m != "ids" && m != "time")
                .map(move |m| format!("shared/src/protocol.rs:{n}: crate::{m}"))
                .collect::<Vec<_>>()
        })
        .collect();
    assert!(
        found.is_empty(),
        "tidy: `protocol` is a leaf: it may use `ids` and `time` only; move the type \
         it needs into it (its rules stay in their module) instead. Found:\n{}",
        found.join("\n")
    );
    assert_eq!(
        crate_modules("use crate::kpi::X; crate::ids::Y"),
        ["kpi", "ids"]
    );
}

#[test]
fn the_checks_see_the_code() {
    // A rule that reads no file holds vacuously: make sure they read some.
    let root = util::root();
    assert!(rust_files(&root.join("shared/src")).len() > 20);
    assert!(!code_lines(&root.join("shared/src/conversation.rs")).is_empty());
    assert!(code_lines(&root.join("shared/src/conversation/tests.rs")).is_empty());
}
