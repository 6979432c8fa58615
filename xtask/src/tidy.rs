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
//! - SECURITY.md's table of HTTP routes is the Worker's: the same routes
//!   as `canal_shared::api::ROUTES`, each with the same guard.
//!
//! Test code is what follows a file's first `#[cfg(test)]`, and files named
//! `tests.rs` or `*_tests.rs` (and this one).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use canal_shared::api::{Who, ROUTES};

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

/// The guard a "Who" cell of SECURITY.md's table of HTTP routes names.
fn who_in_doc(cell: &str) -> Option<Who> {
    let starts = |p: &str| cell.starts_with(p);
    Some(if cell.contains("CANAL_BENCH") {
        Who::Bench
    } else if cell.contains("WebSocket") {
        Who::Socket
    } else if starts("Anyone") {
        Who::Anyone
    } else if starts("Whoever holds `CANAL_SECRET`") {
        Who::Secret
    } else if starts("Whoever holds a link") || starts("The connector's source") {
        Who::Door
    } else if starts("Signed in") {
        Who::SignedIn
    } else if starts("Admin, supervisor") {
        Who::Ledger
    } else if starts("Admin") {
        Who::Admin
    } else if starts("Member") {
        Who::Member
    } else if starts("Visitor") {
        Who::Visitor
    } else {
        return None;
    })
}

/// The rows of SECURITY.md's table of HTTP routes: `(method, path)` and the
/// text of its "Who" cell, with its line.
fn routes_in_security_md(doc: &str) -> BTreeMap<(String, String), (String, usize)> {
    let mut found = BTreeMap::new();
    let mut inside = false;
    for (n, line) in doc.lines().enumerate() {
        if line.starts_with('#') {
            inside = line == "### HTTP routes";
            continue;
        }
        if !inside {
            continue;
        }
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        if cells.len() < 4 || !cells[2].starts_with('`') {
            continue;
        }
        let path = cells[2].trim_matches('`');
        if !path.starts_with('/') || path.contains('*') {
            continue;
        }
        for method in cells[1].split(',').map(str::trim) {
            let key = (method.to_owned(), path.to_owned());
            found.insert(key, (cells[3].to_owned(), n + 1));
        }
    }
    found
}

#[test]
fn security_md_lists_every_route_with_its_guard() {
    let doc = std::fs::read_to_string(util::root().join("SECURITY.md")).expect("SECURITY.md");
    let rows = routes_in_security_md(&doc);
    let mut wrong = Vec::new();
    for r in ROUTES {
        let key = (r.method.as_str().to_owned(), r.path.to_owned());
        match rows.get(&key) {
            None => wrong.push(format!(
                "SECURITY.md: no row for {} {} (shared/src/api.rs says {:?})",
                r.method, r.path, r.who
            )),
            Some((cell, line)) => match who_in_doc(cell) {
                Some(who) if who == r.who => {}
                Some(who) => wrong.push(format!(
                    "SECURITY.md:{line}: {} {} is for {who:?} there, {:?} in shared/src/api.rs",
                    r.method, r.path, r.who
                )),
                None => wrong.push(format!(
                    "SECURITY.md:{line}: {} {}: whose guard is \"{cell}\"? (see tidy::who_in_doc)",
                    r.method, r.path
                )),
            },
        }
    }
    for ((method, path), (_, line)) in &rows {
        if !ROUTES
            .iter()
            .any(|r| r.method.as_str() == method && r.path == path)
        {
            wrong.push(format!(
                "SECURITY.md:{line}: {method} {path} is not a route of shared/src/api.rs"
            ));
        }
    }
    assert!(rows.len() > 60, "the table was read: {} rows", rows.len());
    assert!(
        wrong.is_empty(),
        "tidy: SECURITY.md's table of HTTP routes says who may call each route of \
         the Worker's table (shared/src/api.rs); they differ:\n{}",
        wrong.join("\n")
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
