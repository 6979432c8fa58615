//! Installs what a fresh machine lacks: the wasm target, pinned cargo tools in a
//! per-user cache, the pinned npm tools, and Debian's Chromium for tests.

use std::path::{Path, PathBuf};

use crate::util::{self, cmd, output, step, Result};

/// Must equal the `worker` crate's version (worker-build shares its minor).
pub const WORKER_BUILD_VERSION: &str = "0.8.7";
/// Must equal the workspace's pinned `wasm-bindgen` exactly.
pub const WASM_BINDGEN_VERSION: &str = "0.2.130";
/// The browser the tests drive.
pub const CHROMIUM: &str = "/usr/bin/chromium";
/// Its WebDriver.
pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// Paths of the build tools, all installed.
pub struct Tools {
    pub worker_build: PathBuf,
    pub wasm_bindgen: PathBuf,
    pub wasm_opt: PathBuf,
    pub esbuild: PathBuf,
    pub wrangler: PathBuf,
}

impl Tools {
    /// Environment for tools that must not write to the home folder or phone home.
    pub fn quiet_env(&self) -> Vec<(String, String)> {
        let state = util::state_dir();
        vec![
            (
                "XDG_CONFIG_HOME".into(),
                state.join("xdg/config").display().to_string(),
            ),
            ("WRANGLER_SEND_METRICS".into(), "false".into()),
            (
                "WASM_BINDGEN_BIN".into(),
                self.wasm_bindgen.display().to_string(),
            ),
            ("WASM_OPT_BIN".into(), self.wasm_opt.display().to_string()),
            ("ESBUILD_BIN".into(), self.esbuild.display().to_string()),
        ]
    }

    /// Environment for the test and bench binaries.
    pub fn test_env(&self) -> Vec<(String, String)> {
        let mut env = self.quiet_env();
        env.push(("CANAL_WRANGLER".into(), self.wrangler.display().to_string()));
        env.push(("CANAL_CHROMIUM".into(), CHROMIUM.into()));
        env.push(("CANAL_CHROMEDRIVER".into(), CHROMEDRIVER.into()));
        env
    }
}

/// The per-user cache of installed cargo tools (`$XDG_CACHE_HOME/canal/tools`).
fn tools_cache() -> PathBuf {
    let base = std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))
        .unwrap_or_else(|| util::state_dir().join("cache"));
    base.join("canal").join("tools")
}

/// Installs whatever is missing and returns where the tools are.
pub fn ensure_build_tools() -> Result<Tools> {
    ensure_wasm_target()?;
    let worker_build =
        ensure_cargo_tool("worker-build", WORKER_BUILD_VERSION, "worker-build", &[])?;
    let wasm_bindgen = ensure_cargo_tool(
        "wasm-bindgen-cli",
        WASM_BINDGEN_VERSION,
        "wasm-bindgen",
        &[],
    )?;
    ensure_npm()?;
    let bin = util::root().join("node_modules/.bin");
    Ok(Tools {
        worker_build,
        wasm_bindgen,
        wasm_opt: bin.join("wasm-opt"),
        esbuild: bin.join("esbuild"),
        wrangler: bin.join("wrangler"),
    })
}

fn ensure_wasm_target() -> Result<()> {
    let installed = output(cmd("rustup").args(["target", "list", "--installed"]))
        .map_err(|e| format!("rustup is needed to add the wasm target: {e}"))?;
    if installed
        .lines()
        .any(|l| l.trim() == "wasm32-unknown-unknown")
    {
        return Ok(());
    }
    step(
        "adding the wasm32-unknown-unknown target",
        cmd("rustup").args(["target", "add", "wasm32-unknown-unknown"]),
    )
}

/// `cargo install --root <cache>/<crate>-<version>` (with `extra`
/// arguments, such as `--locked`) unless already there; returns the path of
/// its binary `bin`.
pub(crate) fn ensure_cargo_tool(
    krate: &str,
    version: &str,
    bin: &str,
    extra: &[&str],
) -> Result<PathBuf> {
    let root = tools_cache().join(format!("{krate}-{version}"));
    let path = root.join("bin").join(bin);
    if path.exists() {
        return Ok(path);
    }
    step(
        &format!("installing {krate} {version} (once per machine, a few minutes)"),
        cmd(util::cargo())
            .args(["install", krate, "--version", version])
            .args(extra)
            .arg("--root")
            .arg(&root),
    )?;
    Ok(path)
}

/// `npm ci` from the committed lockfile, when `node_modules` does not match it.
fn ensure_npm() -> Result<()> {
    let root = util::root();
    let lock = root.join("package-lock.json");
    let stamp = root.join("node_modules/.canal-lock.json");
    let same = std::fs::read(&lock)
        .ok()
        .is_some_and(|l| std::fs::read(&stamp).ok() == Some(l));
    if same && root.join("node_modules/.bin/wrangler").exists() {
        return Ok(());
    }
    step(
        "installing the pinned npm tools (wrangler, binaryen, axe-core)",
        cmd("npm").args(["ci", "--no-audit", "--no-fund"]),
    )?;
    std::fs::copy(&lock, &stamp).map_err(|e| format!("cannot write {}: {e}", stamp.display()))?;
    Ok(())
}

/// Debian's Chromium and ChromeDriver, installed with apt when missing.
pub fn ensure_chromium() -> Result<()> {
    if Path::new(CHROMIUM).exists() && Path::new(CHROMEDRIVER).exists() {
        return Ok(());
    }
    let sudo = !is_root();
    let apt = |args: &[&str]| {
        let mut c = if sudo { cmd("sudo") } else { cmd("apt-get") };
        if sudo {
            c.arg("apt-get");
        }
        c.args(args).env("DEBIAN_FRONTEND", "noninteractive");
        c
    };
    step("apt-get update", &mut apt(&["update"]))?;
    step(
        "installing Debian's chromium and chromium-driver",
        &mut apt(&["install", "-y", "chromium", "chromium-driver"]),
    )
}

fn is_root() -> bool {
    output(std::process::Command::new("id").arg("-u")).is_ok_and(|s| s.trim() == "0")
}
