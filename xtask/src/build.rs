//! Builds the three wasm artifacts into `dist/` (served as static assets) and
//! `worker/build/` (the worker), skipping what is already up to date.

use std::path::{Path, PathBuf};

use crate::tools::Tools;
use crate::util::{self, cmd, is_fresh, step, Result};

const TARGET: &str = "wasm32-unknown-unknown";

/// The directory the worker serves as static assets.
pub fn dist() -> PathBuf {
    util::root().join("dist")
}

/// Builds widget, console and worker, and writes the demo pages.
pub fn all(tools: &Tools) -> Result<()> {
    widget(tools)?;
    console(tools)?;
    worker(tools)
}

/// Builds the named parts (`widget`, `console`, `worker`), or all of them.
pub fn parts(tools: &Tools, names: &[String]) -> Result<()> {
    if names.is_empty() {
        return all(tools);
    }
    for name in names {
        match name.as_str() {
            "widget" => widget(tools)?,
            "console" => console(tools)?,
            "worker" => worker(tools)?,
            other => return Err(format!("no part {other:?}: use widget, console or worker")),
        }
    }
    Ok(())
}

/// The widget, its frame, its loader and the demo pages.
fn widget(tools: &Tools) -> Result<()> {
    let root = util::root();
    let dist = dist();
    web_app(
        tools,
        "canal-widget",
        "canal_widget",
        &dist.join("widget"),
        WIDGET_OPT,
        true,
    )?;
    frame(
        tools,
        &root.join("widget/frame.html"),
        &dist.join("widget/frame.html"),
    )?;
    loader(
        tools,
        &root.join("widget/loader/widget.js"),
        &dist.join("widget.js"),
    )?;
    widget_size()?;
    write(&dist.join("index.html"), INDEX_HTML)?;
    write(
        &dist.join("demo/index.html"),
        &demo_page(
            DEMO_CHANNEL,
            "Canal demo shop",
            "other.html",
            "Another page of this site",
        ),
    )?;
    write(
        &dist.join("demo/other.html"),
        &demo_page(
            DEMO_CHANNEL,
            "Canal demo shop: another page",
            "./",
            "Back to the first page",
        ),
    )?;
    write(
        &dist.join("demo/pt-BR.html"),
        &demo_page_in(
            "pt-BR",
            DEMO_CHANNEL,
            "Loja de demonstração do Canal",
            "./",
            "The same shop in English",
        ),
    )?;
    write(
        &dist.join("demo/any.html"),
        &demo_page_in(
            "",
            DEMO_CHANNEL,
            "Canal demo shop: a page that names no language",
            "./",
            "Back to the first page",
        ),
    )
}

/// BENCHMARKS.md's targets of the foundation issue, in bytes of gzip -9:
/// the whole widget (its wasm, its JS glue, its frame and the loader) and
/// the loader alone.
pub const WIDGET_BUDGET: u64 = 120 * 1024;
/// See [`WIDGET_BUDGET`].
pub const LOADER_BUDGET: u64 = 3 * 1024;

/// Fails when the built widget, measured by [`widget_size`], or its loader
/// is over its budget.
pub fn check_widget_size() -> Result<()> {
    let (whole, loader) = widget_size()?;
    if whole > WIDGET_BUDGET || loader > LOADER_BUDGET {
        return Err(format!(
            "the widget is over its size budget: {whole} of {WIDGET_BUDGET} bytes, loader {loader} of {LOADER_BUDGET} (BENCHMARKS.md)"
        ));
    }
    Ok(())
}

/// Measures the built widget as BENCHMARKS.md does (gzip -9 of each file
/// `build widget` writes), and says it: the whole and the loader, in bytes.
fn widget_size() -> Result<(u64, u64)> {
    let dist = dist();
    let parts = [
        "widget/canal_widget_bg.wasm",
        "widget/canal_widget.js",
        "widget/frame.html",
        "widget.js",
    ];
    let mut sizes = Vec::new();
    for part in parts {
        let out = cmd("gzip")
            .arg("-9c")
            .arg(dist.join(part))
            .output()
            .map_err(|e| format!("cannot run gzip: {e}"))?;
        if !out.status.success() {
            return Err(format!("gzip -9 of dist/{part} failed"));
        }
        sizes.push(out.stdout.len() as u64);
    }
    let (whole, loader) = (sizes.iter().sum::<u64>(), sizes[3]);
    eprintln!(
        "==> widget size: {whole} bytes of gzip -9 (budget {WIDGET_BUDGET}), loader {loader} (budget {LOADER_BUDGET})"
    );
    Ok((whole, loader))
}

/// The operators' console.
fn console(tools: &Tools) -> Result<()> {
    let dist = dist();
    web_app(
        tools,
        "canal-console",
        "canal_console",
        &dist.join("console"),
        &["-Oz"],
        false,
    )?;
    copy(
        &util::root().join("console/index.html"),
        &dist.join("console/index.html"),
    )
}

/// The channel id of the demo account.
pub const DEMO_CHANNEL: &str = "demo";

/// wasm-opt's passes for the widget, which has a size budget: `--converge`
/// repeats `-Oz` while it still shrinks the code, and the names and
/// producers sections go (0.8 KB of gzip together, measured 2026-12-06).
/// `--low-memory-unused` lets loads and stores fold constant offsets: true
/// of Rust's layout, whose stack is first and grows down from 1 MiB, so the
/// lowest KB is never used (0.8 KB of gzip, measured 2026-12-07).
const WIDGET_OPT: &[&str] = &[
    "-Oz",
    "--converge",
    "--strip-debug",
    "--strip-producers",
    "--low-memory-unused",
    "-Oz",
    "--converge",
];

/// A web app: cargo, then wasm-bindgen and wasm-opt (with the passes `opt`)
/// when the wasm changed; with `short_imports`, its imports get short names
/// (`imports`: the widget, which has a size budget).
fn web_app(
    tools: &Tools,
    package: &str,
    lib: &str,
    out: &Path,
    opt: &[&str],
    short_imports: bool,
) -> Result<()> {
    step(
        &format!("building {package}"),
        cmd(util::cargo()).args(["build", "--release", "--target", TARGET, "-p", package]),
    )?;
    let wasm = util::root().join(format!("target/{TARGET}/release/{lib}.wasm"));
    let bg = out.join(format!("{lib}_bg.wasm"));
    if is_fresh(&bg, &[&wasm]) {
        return Ok(());
    }
    step(
        &format!("wasm-bindgen {lib}"),
        cmd(&tools.wasm_bindgen)
            .args(["--target", "web", "--no-typescript", "--out-dir"])
            .arg(out)
            .arg(&wasm),
    )?;
    if short_imports {
        crate::imports::shorten(&bg, &out.join(format!("{lib}.js")))?;
    }
    minify(tools, &out.join(format!("{lib}.js")))?;
    step(
        &format!("wasm-opt {lib}"),
        cmd(&tools.wasm_opt)
            .args(WASM_OPT_FEATURES)
            .args(opt)
            .arg("-o")
            .arg(&bg)
            .arg(&bg),
    )
}

/// Minifies a JavaScript module in place (the bindings wasm-bindgen writes).
fn minify(tools: &Tools, js: &Path) -> Result<()> {
    step(
        &format!("esbuild {}", js.display()),
        cmd(&tools.esbuild)
            .arg(js)
            .args([
                "--minify",
                "--format=esm",
                "--log-level=warning",
                "--allow-overwrite",
            ])
            .arg(format!("--outfile={}", js.display())),
    )
}

/// The loader, with the launcher's labels in every language of the catalog
/// put in for `/*LABELS*/`, minified.
fn loader(tools: &Tools, source: &Path, to: &Path) -> Result<()> {
    let text = std::fs::read_to_string(source)
        .map_err(|e| format!("cannot read {}: {e}", source.display()))?;
    if !text.contains(LABELS_MARK) {
        return Err(format!("{} has no {LABELS_MARK}", source.display()));
    }
    let tmp = util::root().join("target/canal-loader.src.js");
    write(&tmp, &text.replace(LABELS_MARK, &loader_labels()))?;
    if is_fresh(to, &[&tmp]) {
        return Ok(());
    }
    step(
        "esbuild widget.js",
        cmd(&tools.esbuild)
            .arg(&tmp)
            .args(["--minify", "--log-level=warning", "--allow-overwrite"])
            .arg(format!("--outfile={}", to.display())),
    )
}

/// The widget's frame, with its inline style and classic script minified
/// and its comments gone (0.4 KB of gzip, measured 2026-12-07): it is
/// part of every visitor's download.
fn frame(tools: &Tools, source: &Path, to: &Path) -> Result<()> {
    let mut html = std::fs::read_to_string(source)
        .map_err(|e| format!("cannot read {}: {e}", source.display()))?;
    for (open, close, ext) in [
        ("<style>", "</style>", "css"),
        ("<script>", "</script>", "js"),
    ] {
        let (start, end) = inline_block(&html, open, close)
            .ok_or_else(|| format!("{} has no {open}…{close}", source.display()))?;
        let tmp = util::root().join(format!("target/canal-frame.{ext}"));
        write(&tmp, &html[start..end])?;
        step(
            &format!("esbuild frame {ext}"),
            cmd(&tools.esbuild)
                .arg(&tmp)
                .args(["--minify", "--log-level=warning", "--allow-overwrite"])
                .arg(format!("--outfile={}", tmp.display())),
        )?;
        let min = std::fs::read_to_string(&tmp)
            .map_err(|e| format!("cannot read {}: {e}", tmp.display()))?;
        html.replace_range(start..end, min.trim_end());
    }
    write(to, &strip_comments(&html))
}

/// The byte range between `open` and the next `close`.
fn inline_block(html: &str, open: &str, close: &str) -> Option<(usize, usize)> {
    let start = html.find(open)? + open.len();
    let end = start + html[start..].find(close)?;
    Some((start, end))
}

/// `html` without its `<!-- … -->` comments and blank lines.
fn strip_comments(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find("<!--") {
        out.push_str(&rest[..at]);
        rest = rest[at..]
            .find("-->")
            .map_or("", |end| &rest[at + end + 3..]);
    }
    out.push_str(rest);
    out.lines()
        .filter(|l| !l.trim().is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Where the loader wants its labels.
const LABELS_MARK: &str = "/*LABELS*/";

/// `{"en":["Open chat","Close chat","Unread messages: %n","Chat"],…}`, keyed
/// by the primary language subtag (one language each in the catalog), in the
/// loader's order: open, close, unread (`%n` for the count), frame title.
fn loader_labels() -> String {
    use canal_shared::i18n::{Arg, Lang, Msg, PluralCategory, ServerMsg};
    let count = [("count", Arg::Str("%n"))];
    let entries: Vec<String> = Lang::ALL
        .iter()
        .map(|lang| {
            let labels = [
                lang.server(ServerMsg::LauncherOpen, &[]),
                lang.server(ServerMsg::LauncherClose, &[]),
                lang.server(ServerMsg::LauncherUnread, &count),
                lang.format(Msg::FrameTitle, &[], &|_| PluralCategory::Other),
            ]
            .map(|text| json_string(&text));
            let primary = lang.tag().split('-').next().unwrap_or_default();
            format!("{}:[{}]", json_string(primary), labels.join(","))
        })
        .collect();
    format!("{{{}}}", entries.join(","))
}

fn json_string(s: &str) -> String {
    let mut out = String::from('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 || c == '<' => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The features rustc's wasm32 target emits, which wasm-opt must accept.
const WASM_OPT_FEATURES: &[&str] = &[
    "--enable-bulk-memory",
    "--enable-nontrapping-float-to-int",
    "--enable-sign-ext",
    "--enable-mutable-globals",
    "--enable-reference-types",
    "--enable-multivalue",
];

/// The worker: cargo, then worker-build (bindgen, shim, bundle) when the wasm changed.
fn worker(tools: &Tools) -> Result<()> {
    let root = util::root();
    step(
        "building canal-worker",
        cmd(util::cargo()).args([
            "build",
            "--release",
            "--target",
            TARGET,
            "-p",
            "canal-worker",
        ]),
    )?;
    let wasm = root.join(format!("target/{TARGET}/release/canal_worker.wasm"));
    let shim = root.join("worker/build/worker/shim.mjs");
    if is_fresh(&shim, &[&wasm]) {
        return Ok(());
    }
    step(
        "worker-build",
        cmd(&tools.worker_build)
            .arg("--release")
            .current_dir(root.join("worker"))
            .envs(tools.quiet_env()),
    )
}

fn copy(from: &Path, to: &Path) -> Result<()> {
    let text = std::fs::read(from).map_err(|e| format!("cannot read {}: {e}", from.display()))?;
    if std::fs::read(to).ok().as_deref() == Some(&text[..]) {
        return Ok(());
    }
    if let Some(dir) = to.parent() {
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    }
    std::fs::write(to, text).map_err(|e| format!("cannot write {}: {e}", to.display()))
}

fn write(to: &Path, text: &str) -> Result<()> {
    if std::fs::read_to_string(to).ok().as_deref() == Some(text) {
        return Ok(());
    }
    if let Some(dir) = to.parent() {
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    }
    std::fs::write(to, text).map_err(|e| format!("cannot write {}: {e}", to.display()))
}

/// The embed snippet for a channel served from `origin`.
pub fn snippet(origin: &str, channel: &str) -> String {
    format!(r#"<script src="{origin}/widget.js" data-channel="{channel}" async></script>"#)
}

/// A plain page of a pretend shop that embeds the widget by its script tag.
fn demo_page(channel: &str, title: &str, link: &str, link_text: &str) -> String {
    demo_page_in("en", channel, title, link, link_text)
}

/// A demo page whose `<html lang>` is `lang`: the widget speaks it. Without
/// one (`""`), the widget speaks the browser's language.
fn demo_page_in(lang: &str, channel: &str, title: &str, link: &str, link_text: &str) -> String {
    let html = if lang.is_empty() {
        "<html>".to_owned()
    } else {
        format!(r#"<html lang="{lang}">"#)
    };
    format!(
        r#"<!doctype html>
{html}
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
  body {{ font: 16px/1.5 Georgia, serif; max-width: 40rem; margin: 3rem auto; padding: 0 1rem; color: #222; }}
  pre {{ white-space: pre-wrap; overflow-wrap: anywhere; }}
  /* Hostile host styles: the widget must not be affected by them. */
  button {{ background: hotpink !important; font-size: 40px !important; }}
  div {{ border: 3px dashed orange; }}
</style>
</head>
<body>
<h1>{title}</h1>
<p>This is a plain page of a pretend website. The chat launcher in the corner is
Canal's widget, embedded with one script tag:</p>
<pre><code>{snippet}</code></pre>
<p>Open the console in another window, sign in as an operator and answer.</p>
<p><a href="{link}">{link_text}</a>: the conversation follows you.</p>
<script src="/widget.js" data-channel="{channel}" async></script>
</body>
</html>
"#,
        snippet = html_escape(&snippet("", channel)),
    )
}

fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

const INDEX_HTML: &str = r#"<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Canal</title>
<meta http-equiv="refresh" content="0; url=/console/"></head>
<body><p><a href="/console/">Canal console</a> · <a href="/demo/">demo page</a></p></body></html>
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_frame_loses_its_comments_and_blank_lines() {
        let html = "<p>\n<!-- why -->\n\n<b>x</b><!--y--></p>\n";
        assert_eq!(strip_comments(html), "<p>\n<b>x</b></p>");
        assert_eq!(
            inline_block("a<style>b{}</style>", "<style>", "</style>"),
            Some((8, 11))
        );
    }

    #[test]
    fn the_demo_page_embeds_the_widget_by_its_script_tag() {
        // R-W-1
        let page = demo_page("demo", "Shop", "other.html", "Other");
        assert!(page.contains(r#"<script src="/widget.js" data-channel="demo" async></script>"#));
        assert!(page.contains("&lt;script src=&quot;/widget.js&quot;"));
    }
}
