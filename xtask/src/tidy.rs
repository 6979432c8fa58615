//! Tidy checks (issue #23): rules of the code base that plain `cargo test`
//! holds, as rust-analyzer's `tidy` does. Each failure names the rule, the
//! file and the line.
//!
//! - `shared` reads no clock and touches no runtime: it is the sans-IO core
//!   (ARCHITECTURE.md, "Invariants").
//! - No `.unwrap()` outside tests: code says what it expects (`expect` with
//!   the invariant) or handles the error.
//! - `protocol` is a leaf: the wire types use nothing of `shared` but its
//!   ids and time, which use nothing of it; the modules that give them
//!   meaning import `protocol`, never the other way round.
//! - No two modules of `shared` use each other: the modules form layers
//!   (a module and its submodules count as one).
//! - SECURITY.md's table of HTTP routes is the Worker's: the same routes
//!   as `canal_shared::api::ROUTES`, each with the same guard.
//! - `docs/requirements.md` indexes every requirement id the code and the
//!   tests cite (`R-Q-2`, or `r_q_2_…` in a name), and every file a row
//!   names exists; a file named as a row's test cites that row's id.
//!
//! - A console file marked as in the catalog (#22) shows no text of its
//!   own: every sentence or word it shows comes from
//!   `shared/locales/console/` (`ConsoleMsg`), so no English is left when
//!   the console speaks Portuguese. Files join as they move into it.
//!
//! Test code is what follows a file's first `#[cfg(test)]`, and files named
//! `tests.rs` or `*_tests.rs` (and this one).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use canal_shared::api::{Who, ROUTES};

use crate::util;

/// Every `.rs` file below `dir`, sorted.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    source_files(dir, &[".rs"])
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

/// The requirement ids `text` cites: `R-Q-2` as written, `r_q_2` (a test's
/// name) as `R-Q-2`; neither may follow a letter, a digit or `_`.
fn requirement_ids(text: &str) -> Vec<String> {
    let bytes = text.as_bytes();
    let ident = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    let mut found = Vec::new();
    for (at, _) in text.match_indices(['R', 'r']) {
        if at > 0 && ident(bytes[at - 1]) {
            continue;
        }
        let (sep, upper) = match &text[at..at + 1] {
            "R" => (b'-', true),
            _ => (b'_', false),
        };
        let rest = &bytes[at + 1..];
        if rest.first() != Some(&sep) {
            continue;
        }
        let letters = rest[1..]
            .iter()
            .take_while(|b| {
                if upper {
                    b.is_ascii_uppercase()
                } else {
                    b.is_ascii_lowercase()
                }
            })
            .count();
        let after = &rest[1 + letters..];
        if letters == 0 || after.first() != Some(&sep) {
            continue;
        }
        let digits = after[1..].iter().take_while(|b| b.is_ascii_digit()).count();
        if digits == 0 {
            continue;
        }
        let area = &text[at + 2..at + 2 + letters];
        let number = &text[at + 3 + letters..at + 3 + letters + digits];
        found.push(format!("R-{}-{number}", area.to_ascii_uppercase()));
    }
    found
}

/// The files below `dir` whose names end in one of `ends`, sorted, leaving
/// out what builds write (`target`, `dist`, `build`, `pkg`, `node_modules`).
fn source_files(dir: &Path, ends: &[&str]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            let name = e.file_name().to_string_lossy().into_owned();
            if p.is_dir() {
                if !["target", "dist", "build", "pkg", "node_modules"].contains(&name.as_str()) {
                    stack.push(p);
                }
            } else if ends.iter().any(|end| name.ends_with(end)) {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// A row of docs/requirements.md: its id, its line, the files of its "Rule"
/// and "Tests" cells (between backticks), and the text of its "Tests" cell.
struct RequirementRow {
    id: String,
    line: usize,
    rule_files: Vec<String>,
    test_files: Vec<String>,
    tests_cell: String,
}

fn backticked(cell: &str) -> Vec<String> {
    cell.split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_owned)
        .collect()
}

fn requirement_rows(doc: &str) -> Vec<RequirementRow> {
    doc.lines()
        .enumerate()
        .filter(|(_, l)| l.starts_with("| R-"))
        .map(|(n, l)| {
            let cells: Vec<&str> = l.split('|').map(str::trim).collect();
            let cell = |i: usize| cells.get(i).copied().unwrap_or_default();
            RequirementRow {
                id: cell(1).to_owned(),
                line: n + 1,
                rule_files: backticked(cell(3)),
                test_files: backticked(cell(4)),
                tests_cell: cell(4).to_owned(),
            }
        })
        .collect()
}

#[test]
fn requirements_md_indexes_every_cited_id() {
    const INDEX: &str = "docs/requirements.md";
    let root = util::root();
    let doc = std::fs::read_to_string(root.join(INDEX)).expect(INDEX);
    let rows = requirement_rows(&doc);
    let mut wrong = Vec::new();

    // Every id the code and the tests cite, with where it is first cited.
    let mut cited: BTreeMap<String, String> = BTreeMap::new();
    let ends = [".rs", ".js", ".html", ".ftl", ".toml"];
    for dir in [
        "shared", "worker", "widget", "console", "tests", "xtask", "fuzz",
    ] {
        for file in source_files(&root.join(dir), &ends) {
            // This file cites ids in its own tests.
            if file.ends_with("xtask/src/tidy.rs") {
                continue;
            }
            let text = std::fs::read_to_string(&file).unwrap_or_default();
            let shown = file
                .strip_prefix(&root)
                .unwrap_or(&file)
                .display()
                .to_string();
            for (n, line) in text.lines().enumerate() {
                for id in requirement_ids(line) {
                    cited
                        .entry(id)
                        .or_insert_with(|| format!("{shown}:{}", n + 1));
                }
            }
        }
    }
    for (id, at) in &cited {
        if !rows.iter().any(|r| &r.id == id) {
            wrong.push(format!("{INDEX}: no row for {id}, which {at} cites"));
        }
    }

    let mut seen = BTreeMap::new();
    for row in &rows {
        if let Some(first) = seen.insert(row.id.clone(), row.line) {
            wrong.push(format!(
                "{INDEX}:{}: a second row for {} (the first is line {first})",
                row.line, row.id
            ));
        }
        if requirement_ids(&row.id) != [row.id.clone()] {
            wrong.push(format!("{INDEX}:{}: \"{}\" is not an id", row.line, row.id));
        }
        for file in row.rule_files.iter().chain(&row.test_files) {
            if !root.join(file).is_file() {
                wrong.push(format!(
                    "{INDEX}:{}: {} names {file}, which does not exist",
                    row.line, row.id
                ));
            }
        }
        for file in &row.test_files {
            let text = std::fs::read_to_string(root.join(file)).unwrap_or_default();
            if root.join(file).is_file() && !requirement_ids(&text).contains(&row.id) {
                wrong.push(format!(
                    "{INDEX}:{}: {} names {file} as a test, which does not cite it",
                    row.line, row.id
                ));
            }
        }
        if row.test_files.is_empty() && row.tests_cell != "no test yet" {
            wrong.push(format!(
                "{INDEX}:{}: {} names no test file: say \"no test yet\"",
                row.line, row.id
            ));
        }
    }

    assert!(
        cited.len() > 40,
        "the code was read: {} ids cited",
        cited.len()
    );
    assert!(
        wrong.is_empty(),
        "tidy: docs/requirements.md says which file holds each requirement and which \
         tests prove it, for every id the code and the tests cite:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn requirement_ids_are_read_as_cited() {
    assert_eq!(
        requirement_ids("// R-Q-2, R-CRM-10: fn r_kpi_3_late() {} R-Q and R-q-1"),
        ["R-Q-2", "R-CRM-10", "R-KPI-3"]
    );
    assert!(requirement_ids("for_r_1 xR-Q-2 r_q_ r_2_3 R--1").is_empty());
    let rows = requirement_rows(
        "| Id | x |\n|---|\n| R-Q-2 | Modes | `shared/src/routing/mod.rs` | `a.rs`, `b.rs` |",
    );
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].id, "R-Q-2");
    assert_eq!(rows[0].line, 3);
    assert_eq!(rows[0].rule_files, ["shared/src/routing/mod.rs"]);
    assert_eq!(rows[0].test_files, ["a.rs", "b.rs"]);
}

#[test]
fn the_checks_see_the_code() {
    // A rule that reads no file holds vacuously: make sure they read some.
    let root = util::root();
    assert!(rust_files(&root.join("shared/src")).len() > 20);
    assert!(!code_lines(&root.join("shared/src/conversation.rs")).is_empty());
    assert!(code_lines(&root.join("shared/src/conversation/tests.rs")).is_empty());
}

/// The line that marks a console file whose texts are all in the console's
/// catalog (#22).
const IN_CATALOG: &str = "//! Every text shown here is in the console's catalog (#22).";

/// Words a file may show as they are: names, not language (keys' names,
/// as `KeyboardEvent.key` gives them or the shortcuts' list prints them,
/// and `Intl`, the browser's object a file asks for names and times).
const NAMES: &[&str] = &["Canal", "Rita Lee", "Escape", "Enter", "Esc", "Intl"];

/// The string literals of a line of code, outside its comment.
fn literals(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut chars = line.chars().peekable();
    let mut current: Option<String> = None;
    while let Some(c) = chars.next() {
        match (&mut current, c) {
            (Some(s), '\\') => {
                s.push(c);
                if let Some(n) = chars.next() {
                    s.push(n);
                }
            }
            (Some(_), '"') => out.extend(current.take()),
            (Some(s), _) => s.push(c),
            (None, '"') => current = Some(String::new()),
            (None, '/') if chars.peek() == Some(&'/') => break,
            // A char literal such as '"' holds no string.
            (None, '\'') => {
                let rest: String = chars.clone().take(3).collect();
                if rest.starts_with("\"'") || rest.starts_with("\\\"") {
                    chars.nth(1);
                }
            }
            (None, _) => {}
        }
    }
    out
}

/// A line without its `class="…"` attributes (CSS classes are names).
fn without_classes(line: &str) -> String {
    let mut out = String::new();
    let mut rest = line;
    while let Some(at) = rest.find("class=\"") {
        out.push_str(&rest[..at]);
        let after = &rest[at + "class=\"".len()..];
        rest = after.find('"').map_or("", |end| &after[end + 1..]);
    }
    out.push_str(rest);
    out
}

/// Whether a literal reads as language: two words, or a capitalised word.
fn reads_as_text(literal: &str) -> bool {
    if NAMES.contains(&literal.trim()) {
        return false;
    }
    // CSS selectors.
    if literal.contains("[data-") {
        return false;
    }
    // Element ids, as `aria-describedby` lists them, `{prefix}-hint` too.
    let mut bare = String::new();
    let mut depth = 0;
    for c in literal.chars() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            _ if depth == 0 => bare.push(c),
            _ => {}
        }
    }
    let ids = bare.split_whitespace().all(|w| {
        w.contains('-')
            && w.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    });
    if ids {
        return false;
    }
    let words: Vec<&str> = literal
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
        .collect();
    let spaced = literal.contains(' ') && words.len() >= 2;
    let capitalised = words.first().is_some_and(|w| {
        let mut cs = w.chars();
        cs.next().is_some_and(char::is_uppercase) && cs.all(char::is_lowercase)
    }) && literal
        .trim_start()
        .starts_with(|c: char| c.is_alphabetic());
    spaced || capitalised
}

/// Where the marked console files show a text of their own.
fn console_texts_outside_the_catalog(root: &Path) -> Vec<String> {
    let mut found = Vec::new();
    for path in rust_files(&root.join("console/src")) {
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        if !text.lines().any(|l| l.trim() == IN_CATALOG) {
            continue;
        }
        for (n, line) in code_lines(&path) {
            let code = line.trim_start();
            // An invariant's message is for developers, and a text looked for
            // is not shown.
            if code.starts_with("//") || code.contains(".expect(") || code.contains(".contains(\"")
            {
                continue;
            }
            for literal in literals(&without_classes(&line)) {
                if reads_as_text(&literal) {
                    let file = path.strip_prefix(root).unwrap_or(&path).display();
                    found.push(format!("{file}:{n}: \"{literal}\""));
                }
            }
        }
    }
    found
}

#[test]
fn marked_console_files_show_only_the_catalogs_texts() {
    let root = util::root();
    let found = console_texts_outside_the_catalog(&root);
    assert!(
        found.is_empty(),
        "these texts are shown to people but are not in shared/locales/console/ \
         (add each to the catalog in en, pt-BR and es and show it with i18n::t):\n{}",
        found.join("\n")
    );
    // The check reads files: at least the console's frame is marked.
    let marked = rust_files(&root.join("console/src"))
        .iter()
        .filter(|p| {
            std::fs::read_to_string(p)
                .unwrap_or_default()
                .lines()
                .any(|l| l.trim() == IN_CATALOG)
        })
        .count();
    assert!(marked >= 3, "only {marked} console files are marked");
}

#[test]
fn texts_are_told_from_names_and_ids() {
    assert_eq!(
        literals(r#"view! { <p title="Hello there" data-testid="x">"Save"</p> } // "no""#),
        ["Hello there", "x", "Save"]
    );
    assert_eq!(literals(r#"let q = '"'; f("a b")"#), ["a b"]);
    assert_eq!(
        literals(&without_classes(
            r#"<td data-label="Name" class="admin email">"#
        )),
        ["Name"]
    );
    for text in [
        "Save",
        "Hello there",
        "Pick a conversation on the left.",
        "Saving…",
    ] {
        assert!(reads_as_text(text), "{text}");
    }
    for name in [
        "Canal",
        "section-link-queue",
        "Escape",
        "crm-webhook-url-hint crm-webhook-url-error",
        "{id}-hint {id}-error",
        "[data-testid=row][data-id=\"{}\"] [data-testid=remove]",
        "#/settings/channels",
        "[data-testid=x]",
        "{}",
        " — ",
        "lang",
        "pt-BR",
    ] {
        assert!(!reads_as_text(name), "{name}");
    }
}

/// For each top module of `shared` (a file and its folder count as one),
/// the other modules its code names, with where it first does.
fn shared_uses(root: &Path) -> BTreeMap<String, BTreeMap<String, String>> {
    let src = root.join("shared/src");
    let mut uses: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    for path in rust_files(&src) {
        let rel = path.strip_prefix(&src).unwrap_or(&path);
        let top = rel
            .components()
            .next()
            .map(|c| {
                c.as_os_str()
                    .to_string_lossy()
                    .trim_end_matches(".rs")
                    .to_owned()
            })
            .unwrap_or_default();
        if top == "lib" {
            continue;
        }
        for (n, line) in code_lines(&path) {
            if line.trim_start().starts_with("//") {
                continue;
            }
            let code = line.split("//").next().unwrap_or_default();
            for m in crate_modules(code) {
                if m != top {
                    uses.entry(top.clone())
                        .or_default()
                        .entry(m)
                        .or_insert_with(|| format!("shared/src/{}:{n}", rel.display()));
                }
            }
        }
    }
    uses
}

#[test]
fn no_two_modules_of_shared_use_each_other() {
    let root = util::root();
    let uses = shared_uses(&root);
    let mut found = Vec::new();
    for (a, theirs) in &uses {
        for (b, at) in theirs {
            if a < b {
                if let Some(back) = uses.get(b).and_then(|u| u.get(a)) {
                    found.push(format!("{a} uses {b} ({at}) and {b} uses {a} ({back})"));
                }
            }
        }
    }
    assert!(
        found.is_empty(),
        "tidy: two modules of shared use each other; move what both need into one \
         of them, or into a third that both use:\n{}",
        found.join("\n")
    );
    // The check reads the modules: the conversation machine uses several.
    assert!(uses.get("conversation").is_some_and(|u| u.len() > 3));
}
