//! Compiles the message catalog (`locales/*.ftl`, Fluent syntax) into Rust
//! tables, so that a wasm client carries the texts but no Fluent parser.
//!
//! The build fails, with the file and message named, when a file does not
//! parse, uses a construct the small runtime in `src/i18n.rs` does not
//! resolve (terms with arguments, functions, attributes, message
//! references), or when a language lacks a message of the reference (`en`),
//! has one the reference does not, or uses other variables.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::Path;

use fluent_syntax::ast;

/// The reference language: every other file must have its messages.
const REFERENCE: &str = "en";

fn main() {
    println!("cargo:rerun-if-changed=locales");
    let catalogs = load(Path::new("locales"));
    // The emails' texts (R-KPI-3, R-CH-7) are a catalog of their own, so
    // that the widget, which resolves `Msg` only, does not carry them.
    let emails = load(Path::new("locales/email"));
    let tags = |c: &[(String, BTreeMap<String, Pattern>)]| -> Vec<String> {
        c.iter().map(|(t, _)| t.clone()).collect()
    };
    assert_eq!(
        tags(&emails),
        tags(&catalogs),
        "locales/email/ must have one file for each language of locales/"
    );
    let mut out = generate(&catalogs);
    out.push_str(&messages(
        "EmailMsg",
        "EMAIL_",
        "email_patterns",
        "An email's message (`locales/email/*.ftl`); its text comes from [`Lang::email`].",
        &emails,
    ));
    let dir = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    std::fs::write(Path::new(&dir).join("catalog.rs"), out).expect("OUT_DIR is writable");
}

/// Reads and checks the catalog in `dir`: the reference first, every
/// language with the reference's messages and variables.
fn load(dir: &Path) -> Vec<(String, BTreeMap<String, Pattern>)> {
    println!("cargo:rerun-if-changed={}", dir.display());
    let where_ = dir.display().to_string();
    let mut files: Vec<(String, String)> = std::fs::read_dir(dir)
        .unwrap_or_else(|_| panic!("{where_} is readable"))
        .map(|e| e.expect("a directory entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "ftl"))
        .map(|p| {
            println!("cargo:rerun-if-changed={}", p.display());
            let tag = p.file_stem().unwrap().to_string_lossy().into_owned();
            let text = std::fs::read_to_string(&p).expect("a readable .ftl file");
            (tag, text)
        })
        .collect();
    // The reference first, then by tag: the first language is the default.
    files.sort_by_key(|(tag, _)| (tag != REFERENCE, tag.clone()));
    assert!(
        files.first().is_some_and(|(t, _)| t == REFERENCE),
        "{where_}/{REFERENCE}.ftl, the reference catalog, is missing"
    );
    let catalogs: Vec<(String, BTreeMap<String, Pattern>)> = files
        .iter()
        .map(|(tag, text)| (tag.clone(), compile(&format!("{where_}/{tag}"), text)))
        .collect();
    let reference = &catalogs[0].1;
    for (tag, messages) in &catalogs[1..] {
        for id in reference.keys() {
            assert!(
                messages.contains_key(id),
                "{where_}/{tag}.ftl: message `{id}` is missing (it is in {REFERENCE}.ftl)"
            );
        }
        for (id, pattern) in messages {
            let Some(reference) = reference.get(id) else {
                panic!("{where_}/{tag}.ftl: message `{id}` is not in {REFERENCE}.ftl");
            };
            assert_eq!(
                variables(pattern),
                variables(reference),
                "{where_}/{tag}.ftl: message `{id}` must use the same variables as in {REFERENCE}.ftl"
            );
        }
    }
    catalogs
}

/// A message value, reduced to what the runtime resolves.
#[derive(Debug)]
enum Part {
    Text(String),
    Var(String),
    Select {
        var: String,
        variants: Vec<(Key, Pattern)>,
        default: usize,
    },
}

#[derive(Debug)]
enum Key {
    Name(String),
    Number(i64),
}

type Pattern = Vec<Part>;

fn compile(tag: &str, text: &str) -> BTreeMap<String, Pattern> {
    let resource = fluent_syntax::parser::parse(text).unwrap_or_else(|(_, errors)| {
        panic!("{tag}.ftl does not parse: {errors:?}");
    });
    let terms: BTreeMap<&str, &ast::Pattern<&str>> = resource
        .body
        .iter()
        .filter_map(|e| match e {
            ast::Entry::Term(t) => Some((t.id.name, &t.value)),
            _ => None,
        })
        .collect();
    let mut messages = BTreeMap::new();
    for entry in &resource.body {
        match entry {
            ast::Entry::Message(m) => {
                let id = m.id.name;
                let where_ = format!("{tag}.ftl, message `{id}`");
                assert!(
                    m.attributes.is_empty(),
                    "{where_}: attributes are not supported"
                );
                let value = m
                    .value
                    .as_ref()
                    .unwrap_or_else(|| panic!("{where_} has no value"));
                let pattern = pattern(value, &terms, &where_);
                assert!(
                    messages.insert(id.to_owned(), merge(pattern)).is_none(),
                    "{where_} is defined twice"
                );
            }
            ast::Entry::Junk { content } => {
                panic!("{tag}.ftl: cannot read {content:?}")
            }
            _ => {}
        }
    }
    messages
}

fn pattern(
    p: &ast::Pattern<&str>,
    terms: &BTreeMap<&str, &ast::Pattern<&str>>,
    at: &str,
) -> Pattern {
    let mut out = Vec::new();
    for element in &p.elements {
        match element {
            ast::PatternElement::TextElement { value } => out.push(Part::Text((*value).to_owned())),
            ast::PatternElement::Placeable { expression } => {
                expression_into(expression, terms, at, &mut out)
            }
        }
    }
    out
}

fn expression_into(
    e: &ast::Expression<&str>,
    terms: &BTreeMap<&str, &ast::Pattern<&str>>,
    at: &str,
    out: &mut Pattern,
) {
    match e {
        ast::Expression::Inline(inline) => inline_into(inline, terms, at, out),
        ast::Expression::Select { selector, variants } => {
            let ast::InlineExpression::VariableReference { id } = selector else {
                panic!("{at}: only a variable ({{ $count -> … }}) can select a variant");
            };
            let default = variants
                .iter()
                .position(|v| v.default)
                .unwrap_or_else(|| panic!("{at}: a selector needs a default variant (*[other])"));
            let variants = variants
                .iter()
                .map(|v| {
                    let key = match &v.key {
                        ast::VariantKey::Identifier { name } => Key::Name((*name).to_owned()),
                        ast::VariantKey::NumberLiteral { value } => {
                            Key::Number(value.parse().unwrap_or_else(|_| {
                                panic!("{at}: variant key {value} must be a whole number")
                            }))
                        }
                    };
                    (key, merge(pattern(&v.value, terms, at)))
                })
                .collect();
            out.push(Part::Select {
                var: id.name.to_owned(),
                variants,
                default,
            });
        }
    }
}

fn inline_into(
    e: &ast::InlineExpression<&str>,
    terms: &BTreeMap<&str, &ast::Pattern<&str>>,
    at: &str,
    out: &mut Pattern,
) {
    match e {
        ast::InlineExpression::VariableReference { id } => out.push(Part::Var(id.name.to_owned())),
        ast::InlineExpression::StringLiteral { value } => out.push(Part::Text(
            fluent_syntax::unicode::unescape_unicode_to_string(value).into_owned(),
        )),
        ast::InlineExpression::NumberLiteral { value } => out.push(Part::Text((*value).to_owned())),
        ast::InlineExpression::TermReference {
            id,
            attribute: None,
            arguments: None,
        } => {
            let term = terms
                .get(id.name)
                .unwrap_or_else(|| panic!("{at}: no term -{}", id.name));
            out.extend(pattern(term, terms, at));
        }
        ast::InlineExpression::Placeable { expression } => {
            expression_into(expression, terms, at, out)
        }
        other => panic!("{at}: {other:?} is not supported (use text, $variables and selectors)"),
    }
}

/// Joins adjacent texts (string literals and terms split them).
fn merge(parts: Pattern) -> Pattern {
    let mut out: Pattern = Vec::with_capacity(parts.len());
    for part in parts {
        match (out.last_mut(), part) {
            (Some(Part::Text(a)), Part::Text(b)) => a.push_str(&b),
            (_, part) => out.push(part),
        }
    }
    out
}

fn variables(p: &Pattern) -> BTreeSet<String> {
    let mut vars = BTreeSet::new();
    for part in p {
        match part {
            Part::Text(_) => {}
            Part::Var(v) => {
                vars.insert(v.clone());
            }
            Part::Select { var, variants, .. } => {
                vars.insert(var.clone());
                for (_, v) in variants {
                    vars.extend(variables(v));
                }
            }
        }
    }
    vars
}

/// `operator-answers` → `OperatorAnswers`; `pt-BR` → `PtBr`.
fn camel(id: &str) -> String {
    id.split(['-', '_'])
        .map(|w| {
            let mut c = w.chars();
            match c.next() {
                Some(f) => f
                    .to_uppercase()
                    .chain(c.flat_map(char::to_lowercase))
                    .collect(),
                None => String::new(),
            }
        })
        .collect()
}

fn generate(catalogs: &[(String, BTreeMap<String, Pattern>)]) -> String {
    let mut s =
        String::from("// Generated by shared/build.rs from locales/*.ftl. Do not edit.\n\n");

    s.push_str("/// A language of the catalog (one `locales/<tag>.ftl` each).\n");
    s.push_str(
        "#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]\npub enum Lang {\n",
    );
    for (tag, _) in catalogs {
        let _ = writeln!(s, "    /// `{tag}`.\n    {},", camel(tag));
    }
    s.push_str("}\n\nimpl Lang {\n    /// Every language, the default first.\n    pub const ALL: &'static [Lang] = &[");
    for (tag, _) in catalogs {
        let _ = write!(s, "Lang::{}, ", camel(tag));
    }
    s.push_str("];\n\n    /// Its BCP 47 tag.\n    pub fn tag(self) -> &'static str {\n        match self {\n");
    for (tag, _) in catalogs {
        let _ = writeln!(s, "            Lang::{} => {tag:?},", camel(tag));
    }
    s.push_str("        }\n    }\n}\n\n");
    s.push_str(&messages(
        "Msg",
        "",
        "patterns",
        "A message of the catalog; its text comes from [`Lang::format`].",
        catalogs,
    ));
    s
}

/// The enum `name` of a catalog's messages, its tables (`prefix` + the
/// language) and `Lang::<patterns>`, which picks a language's table.
fn messages(
    name: &str,
    prefix: &str,
    patterns: &str,
    doc: &str,
    catalogs: &[(String, BTreeMap<String, Pattern>)],
) -> String {
    let ids: Vec<&String> = catalogs[0].1.keys().collect();
    let mut s = String::new();
    let _ = writeln!(
        s,
        "impl Lang {{\n    fn {patterns}(self) -> &'static [&'static [Part]] {{\n        match self {{"
    );
    for (tag, _) in catalogs {
        let _ = writeln!(
            s,
            "            Lang::{} => &{prefix}{},",
            camel(tag),
            camel(tag).to_uppercase()
        );
    }
    s.push_str("        }\n    }\n}\n\n");
    let _ = writeln!(s, "/// {doc}");
    let _ = writeln!(
        s,
        "#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]\npub enum {name} {{"
    );
    for id in &ids {
        let _ = writeln!(s, "    /// `{id}`.\n    {},", camel(id));
    }
    let _ = write!(
        s,
        "}}\n\nimpl {name} {{\n    /// Every message.\n    pub const ALL: &'static [{name}] = &["
    );
    for id in &ids {
        let _ = write!(s, "{name}::{}, ", camel(id));
    }
    s.push_str("];\n\n    /// Its id in the `.ftl` files.\n    pub fn id(self) -> &'static str {\n        match self {\n");
    for id in &ids {
        let _ = writeln!(s, "            {name}::{} => {id:?},", camel(id));
    }
    s.push_str("        }\n    }\n}\n\n");

    for (tag, messages) in catalogs {
        let _ = writeln!(
            s,
            "static {prefix}{}: [&[Part]; {}] = [",
            camel(tag).to_uppercase(),
            ids.len()
        );
        for id in &ids {
            let _ = writeln!(s, "    {},", emit(&messages[*id]));
        }
        s.push_str("];\n\n");
    }
    s
}

fn emit(p: &Pattern) -> String {
    let parts: Vec<String> = p
        .iter()
        .map(|part| match part {
            Part::Text(t) => format!("Part::Text({t:?})"),
            Part::Var(v) => format!("Part::Var({v:?})"),
            Part::Select {
                var,
                variants,
                default,
            } => {
                let vs: Vec<String> = variants
                    .iter()
                    .map(|(k, v)| {
                        let key = match k {
                            Key::Name(n) => format!("Key::Name({n:?})"),
                            Key::Number(n) => format!("Key::Number({n})"),
                        };
                        format!("({key}, {})", emit(v))
                    })
                    .collect();
                format!(
                    "Part::Select {{ var: {var:?}, variants: &[{}], default: {default} }}",
                    vs.join(", ")
                )
            }
        })
        .collect();
    format!("&[{}]", parts.join(", "))
}
