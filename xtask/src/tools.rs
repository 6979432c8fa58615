//! Installs what a fresh machine lacks: the wasm target, pinned cargo tools in a
//! per-user cache, the pinned npm tools, and the three browser engines the
//! tests drive (Debian's Chromium, WebKitGTK and Firefox ESR, with their
//! WebDriver servers and a virtual X display for WebKit).

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
/// WebKitGTK's WebDriver (it starts the MiniBrowser).
pub const WEBKIT_DRIVER: &str = "/usr/bin/WebKitWebDriver";
/// The virtual X display WebKit's windows need.
pub const XVFB: &str = "/usr/bin/Xvfb";
/// Firefox ESR.
pub const FIREFOX: &str = "/usr/bin/firefox-esr";
/// geckodriver, Firefox's WebDriver, built with `cargo install` (the tests look
/// for this version in the tool cache too).
pub const GECKODRIVER_VERSION: &str = "0.37.1";

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
        env.push(("CANAL_WEBKITDRIVER".into(), WEBKIT_DRIVER.into()));
        env.push(("CANAL_XVFB".into(), XVFB.into()));
        if let Some(mini) = minibrowser() {
            env.push(("CANAL_MINIBROWSER".into(), mini.display().to_string()));
        }
        env.push(("CANAL_FIREFOX".into(), FIREFOX.into()));
        env.push((
            "CANAL_GECKODRIVER".into(),
            geckodriver().display().to_string(),
        ));
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
    let path = cargo_tool_path(krate, version, bin);
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

/// Where [`ensure_cargo_tool`] puts `bin` of `krate` `version`.
fn cargo_tool_path(krate: &str, version: &str, bin: &str) -> PathBuf {
    tools_cache()
        .join(format!("{krate}-{version}"))
        .join("bin")
        .join(bin)
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

/// Debian's Chromium and ChromeDriver, installed with apt when missing
/// (what the benchmarks need).
pub fn ensure_chromium() -> Result<()> {
    ensure_apt(
        "Debian's chromium and chromium-driver",
        &[CHROMIUM, CHROMEDRIVER],
        &["chromium", "chromium-driver"],
    )
}

/// The three engines the tests drive, installed when missing: Chromium,
/// WebKitGTK (its WebDriver, and Xvfb for its windows) and Firefox ESR from
/// apt, geckodriver with cargo into the tool cache; and sqlite3, with which
/// the migrations suite reads the objects' databases.
pub fn ensure_browsers() -> Result<()> {
    ensure_chromium()?;
    ensure_apt(
        "WebKitGTK's WebDriver, Xvfb and Firefox ESR",
        &[WEBKIT_DRIVER, XVFB, FIREFOX],
        &["webkit2gtk-driver", "xvfb", "firefox-esr"],
    )?;
    // The migrations suite reads the objects' databases.
    ensure_apt("Debian's sqlite3", &["/usr/bin/sqlite3"], &["sqlite3"])?;
    if minibrowser().is_none() {
        return Err(
            "webkit2gtk-driver is installed but WebKitGTK's MiniBrowser is not under \
             /usr/lib/*/webkit2gtk-4.1/ (reinstall libwebkit2gtk-4.1-0)"
                .into(),
        );
    }
    ensure_cargo_tool("geckodriver", GECKODRIVER_VERSION, "geckodriver", &[]).map_err(|e| {
        format!("{e} (geckodriver is built with `cargo install`: is the crate registry reachable?)")
    })?;
    Ok(())
}

/// Where [`ensure_browsers`] installs geckodriver.
fn geckodriver() -> PathBuf {
    cargo_tool_path("geckodriver", GECKODRIVER_VERSION, "geckodriver")
}

/// WebKitGTK's MiniBrowser, which WebKitWebDriver starts (its folder names
/// the machine's architecture).
fn minibrowser() -> Option<PathBuf> {
    std::fs::read_dir("/usr/lib")
        .ok()?
        .flatten()
        .map(|d| d.path().join("webkit2gtk-4.1/MiniBrowser"))
        .find(|p| p.exists())
}

/// `apt-get install -y <packages>` unless every one of `files` exists; after
/// a failure, `apt-get update` and once more (the package lists may be
/// missing or stale).
fn ensure_apt(what: &str, files: &[&str], packages: &[&str]) -> Result<()> {
    if files.iter().all(|f| Path::new(f).exists()) {
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
    let install = |apt: &dyn Fn(&[&str]) -> std::process::Command| {
        let mut c = apt(&["install", "-y"]);
        c.args(packages);
        step(&format!("installing {what}"), &mut c)
    };
    if install(&apt).is_ok() {
        return Ok(());
    }
    step("apt-get update", &mut apt(&["update"]))
        .and_then(|()| install(&apt))
        .map_err(|e| {
            format!(
                "{e}: the browser tests need {} (`apt-get install {}`)",
                what,
                packages.join(" ")
            )
        })?;
    let missing: Vec<&str> = files
        .iter()
        .copied()
        .filter(|f| !Path::new(f).exists())
        .collect();
    if missing.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "installed {what}, yet {} is missing",
            missing.join(", ")
        ))
    }
}

fn is_root() -> bool {
    output(std::process::Command::new("id").arg("-u")).is_ok_and(|s| s.trim() == "0")
}
