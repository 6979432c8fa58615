//! `cargo xtask serve`: Canal on the plain `workerd` binary, its data on
//! local disk, no development server and no Node process. It builds Canal,
//! writes a bundle (the worker, three small JS workers from `xtask/serve/`
//! and a workerd configuration made from `worker/wrangler.toml`) into the
//! data directory, and runs workerd in the foreground.
//!
//! The data directory holds `v3/do/` (one SQLite file per Durable Object,
//! laid out as `wrangler dev --persist-to` does), `files/` (the files sent
//! in conversations, which Cloudflare keeps in R2: each object's bytes and
//! its `.meta`), `spool/` (each email as an `.eml` file), `secret` (the deployment's `CANAL_SECRET`, made on first
//! start unless given), `bundle/` (rewritten at every start), `lock`
//! (held by the running workerd: a second `serve` on the same directory
//! refuses to start) and `pid` (workerd's, for `cargo xtask backup`).

use std::collections::BTreeMap;
use std::fs::{File, TryLockError};
use std::net::{SocketAddr, TcpListener, TcpStream, ToSocketAddrs};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command};
use std::time::{Duration, Instant};

use canal_shared::client_address::trusts_proxy;

use crate::backup::PID_FILE;
use crate::build::{self, DEMO_CHANNEL};
use crate::dev;
use crate::tools;
use crate::util::{self, Result};

/// Where workerd listens unless `--listen` or `CANAL_LISTEN` says otherwise.
const DEFAULT_LISTEN: &str = "127.0.0.1:8787";

/// Settings the worker reads that `wrangler.toml` does not declare, bound
/// too (empty unless given): the deployment's secret and whether a reverse
/// proxy in front is trusted for the client's address.
const EXTRA_VARS: [&str; 2] = ["CANAL_SECRET", "CANAL_TRUST_PROXY"];

/// The JS workers and modules the bundle needs, beside the built worker.
const SCRIPTS: [(&str, &str); 5] = [
    ("front.js", include_str!("../serve/front.js")),
    ("assets.js", include_str!("../serve/assets.js")),
    ("email.js", include_str!("../serve/email.js")),
    ("mail.js", include_str!("../serve/mail.js")),
    ("r2.js", include_str!("../serve/r2.js")),
];

/// The built worker's modules (worker-build's output in `worker/build/`).
const WORKER_MODULES: [&str; 2] = ["index.js", "index_bg.wasm"];

/// What `cargo xtask serve` was asked.
struct Options {
    listen: String,
    data: PathBuf,
    vars: BTreeMap<String, String>,
    build: bool,
    demo: bool,
    private_network: bool,
    /// Where to write the self-contained executable instead of serving.
    single_binary: Option<PathBuf>,
}

impl Options {
    fn parse(args: &[String]) -> Result<Options> {
        let env = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
        let mut o = Options {
            listen: env("CANAL_LISTEN").unwrap_or_else(|| DEFAULT_LISTEN.into()),
            data: env("CANAL_DATA").map_or_else(|| util::state_dir().join("serve"), PathBuf::from),
            vars: BTreeMap::new(),
            build: true,
            demo: false,
            private_network: false,
            single_binary: None,
        };
        let mut args = args.iter();
        while let Some(a) = args.next() {
            let mut value = || {
                args.next()
                    .cloned()
                    .ok_or_else(|| format!("{a} needs a value"))
            };
            match a.as_str() {
                "--listen" => o.listen = value()?,
                "--data" => o.data = PathBuf::from(value()?),
                "--var" => {
                    let v = value()?;
                    let (k, v) = v
                        .split_once('=')
                        .ok_or_else(|| format!("--var {v}: write NAME=VALUE"))?;
                    o.vars.insert(k.to_owned(), v.to_owned());
                }
                "--no-build" => o.build = false,
                "--demo" => o.demo = true,
                "--allow-private-network" => o.private_network = true,
                "--single-binary" => o.single_binary = Some(PathBuf::from(value()?)),
                other => return Err(format!("serve: unknown argument {other:?}\n{USAGE}")),
            }
        }
        Ok(o)
    }
}

/// The options, for the usage text.
pub const USAGE: &str =
    "  serve    build, then run Canal on plain workerd with its data on local disk
           (`serve --listen ADDR:PORT --data DIR --var NAME=VALUE --no-build
           --demo --allow-private-network`; CANAL_LISTEN, CANAL_DATA and the
           worker's vars from the environment too; `--single-binary DIR`
           writes DIR/canal, one executable, and DIR/dist instead of serving)";

pub fn run(args: &[String]) -> Result<()> {
    let o = Options::parse(args)?;
    let root = util::root();
    if o.build {
        let tools = tools::ensure_build_tools()?;
        build::all(&tools)?;
    }
    for needed in ["worker/build/index.js", "dist/widget.js"] {
        if !root.join(needed).exists() {
            return Err(format!(
                "{needed} is missing: run `cargo xtask build` (or serve without --no-build)"
            ));
        }
    }
    let wrangler = Wrangler::read(&root.join("worker/wrangler.toml"))?;
    let data = absolute(&o.data)?;
    let dirs = Dirs {
        dist: build::dist(),
        objects: data.join("v3/do"),
        files: data.join("files"),
        spool: data.join("spool"),
    };
    for dir in [&dirs.objects, &dirs.files, &dirs.spool] {
        mkdir(dir)?;
    }
    let lock = lock(&data)?;
    let bundle = data.join("bundle");
    let secret = secret(&data, &o.vars)?;
    let listen = o.listen.clone();
    let addr = listen
        .to_socket_addrs()
        .ok()
        .and_then(|mut a| a.next())
        .ok_or_else(|| format!("--listen {listen}: give ADDRESS:PORT, e.g. 127.0.0.1:8787"))?;
    let vars = values(&wrangler, &o.vars, &secret);
    let net = Net {
        listen: listen.clone(),
        trust_proxy: vars
            .iter()
            .any(|(k, v)| k == "CANAL_TRUST_PROXY" && trusts_proxy(Some(v))),
        private_network: o.private_network,
    };
    write_bundle(&root, &bundle, &wrangler, &dirs, &net, &o.vars)?;
    if let Some(out) = &o.single_binary {
        drop(lock);
        return single_binary(&bundle, out, &data, &listen);
    }
    let origin = format!("http://{}", shown(addr));
    let urls = format!(
        "  demo page (the widget):  {origin}/demo/\n  console (operators):     {origin}/console/"
    );
    let kept = format!(
        "Data is kept in {} (files in files/, emails in spool/). Press Ctrl-C to stop.",
        data.display()
    );
    TcpListener::bind(addr)
        .map_err(|e| format!("{listen} is busy ({e}); stop what uses it or give --listen"))?;
    if !o.demo {
        let given = if data.join("secret").exists() {
            format!("$(cat {})", data.join("secret").display())
        } else {
            "$CANAL_SECRET".into()
        };
        println!(
            "\nCanal is starting.\n\n{urls}\n\n  embed snippet:\n    {}\n\n  set up the account once:\n    curl -H \"authorization: Bearer {given}\" -H content-type:application/json -d \\\n      '{{\"admin\":{{\"email\":…,\"name\":…,\"password\":…}},\"operators\":[],\"channel_id\":\"{DEMO_CHANNEL}\"}}' \\\n      {origin}/api/setup\n\n{kept}",
            build::snippet(&origin, DEMO_CHANNEL),
        );
        // workerd takes this process's place: one process, signals straight to it.
        write(&data.join(PID_FILE), &std::process::id().to_string())?;
        let e = command(&bundle, &vars, lock)?.exec();
        return Err(format!("cannot start workerd: {e}"));
    }
    let started = Instant::now();
    let mut workerd = command(&bundle, &vars, lock)?
        .spawn()
        .map_err(|e| format!("cannot start workerd: {e}"))?;
    write(&data.join(PID_FILE), &workerd.id().to_string())?;
    wait_until_up(addr, &mut workerd)?;
    eprintln!(
        "==> workerd answered {} ms after it started",
        started.elapsed().as_millis()
    );
    let secrets = dev::Secrets {
        secret,
        password: demo_password(&data)?,
    };
    dev::seed(addr.port(), &secrets)?;
    println!(
        "\nCanal is running.\n\n{urls}\n\n  demo account (password for all three: {}):",
        secrets.password
    );
    for (role, email, name) in dev::PEOPLE {
        println!("    {role:<9} {email:<20} {name}");
    }
    println!("\n{kept}");
    let status = workerd.wait().map_err(|e| e.to_string())?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("workerd stopped ({status})"))
    }
}

/// How the server meets the network.
struct Net {
    /// The address it listens on.
    listen: String,
    /// Whether a reverse proxy in front is trusted (`CANAL_TRUST_PROXY`).
    trust_proxy: bool,
    /// Whether the worker's own requests may reach private and loopback
    /// addresses (off: public ones only, against request forgery).
    private_network: bool,
}

/// The directories the configuration names (absolute).
struct Dirs {
    dist: PathBuf,
    objects: PathBuf,
    files: PathBuf,
    spool: PathBuf,
}

/// What the configuration takes from `wrangler.toml`.
#[derive(Debug, Default)]
struct Wrangler {
    name: String,
    compatibility_date: String,
    /// `[vars]`, with their defaults.
    vars: BTreeMap<String, String>,
    /// `(binding, class)` of each Durable Object namespace.
    objects: Vec<(String, String)>,
    /// The `send_email` bindings' names.
    emails: Vec<String>,
    /// The R2 buckets' binding names.
    buckets: Vec<String>,
    /// The `[assets]` binding's name and its `run_worker_first` patterns.
    assets: Option<(String, Vec<String>)>,
}

impl Wrangler {
    fn read(path: &Path) -> Result<Wrangler> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        Wrangler::parse(&text).map_err(|e| format!("{}: {e}", path.display()))
    }

    fn parse(text: &str) -> Result<Wrangler> {
        let t: toml::Table = text.parse().map_err(|e| format!("{e}"))?;
        let str_of = |v: &toml::Value, what: &str| {
            v.as_str()
                .map(str::to_owned)
                .ok_or_else(|| format!("{what} is not a string"))
        };
        let field = |t: &toml::Table, k: &str| {
            t.get(k)
                .ok_or_else(|| format!("no {k}"))
                .and_then(|v| str_of(v, k))
        };
        let tables = |k: &str| -> Vec<toml::Table> {
            t.get(k)
                .and_then(toml::Value::as_array)
                .map(|a| a.iter().filter_map(|v| v.as_table().cloned()).collect())
                .unwrap_or_default()
        };
        let mut w = Wrangler {
            name: field(&t, "name")?,
            compatibility_date: field(&t, "compatibility_date")?,
            ..Wrangler::default()
        };
        if let Some(vars) = t.get("vars").and_then(toml::Value::as_table) {
            for (k, v) in vars {
                let value = match v {
                    toml::Value::String(s) => s.clone(),
                    other => other.to_string(),
                };
                w.vars.insert(k.clone(), value);
            }
        }
        let objects = t
            .get("durable_objects")
            .and_then(|d| d.get("bindings"))
            .and_then(toml::Value::as_array)
            .cloned()
            .unwrap_or_default();
        for b in objects {
            let b = b
                .as_table()
                .ok_or("a durable object binding is not a table")?;
            w.objects.push((field(b, "name")?, field(b, "class_name")?));
        }
        for e in tables("send_email") {
            w.emails.push(field(&e, "name")?);
        }
        for b in tables("r2_buckets") {
            w.buckets.push(field(&b, "binding")?);
        }
        if let Some(a) = t.get("assets").and_then(toml::Value::as_table) {
            let first = a
                .get("run_worker_first")
                .and_then(toml::Value::as_array)
                .map(|v| {
                    v.iter()
                        .filter_map(|p| p.as_str().map(str::to_owned))
                        .collect()
                })
                .unwrap_or_default();
            w.assets = Some((field(a, "binding")?, first));
        }
        Ok(w)
    }
}

/// The names of every var the worker gets: `[vars]`, [`EXTRA_VARS`] and
/// those given with `--var`.
fn var_names(w: &Wrangler, given: &BTreeMap<String, String>) -> Vec<String> {
    let mut names: Vec<String> = w
        .vars
        .keys()
        .chain(given.keys())
        .cloned()
        .chain(EXTRA_VARS.iter().map(|s| (*s).to_owned()))
        .collect();
    names.sort();
    names.dedup();
    names
}

/// Each var's value: `--var`, else the environment, else its default
/// (`[vars]`, or empty). Every bound var gets one: workerd makes an unset
/// environment variable a null binding, which the worker cannot read.
fn values(w: &Wrangler, given: &BTreeMap<String, String>, secret: &str) -> Vec<(String, String)> {
    var_names(w, given)
        .into_iter()
        .map(|k| {
            let v = given
                .get(&k)
                .cloned()
                .or_else(|| std::env::var(&k).ok())
                .or_else(|| (k == "CANAL_SECRET").then(|| secret.to_owned()))
                .or_else(|| w.vars.get(&k).cloned())
                .unwrap_or_default();
            (k, v)
        })
        .collect()
}

/// The deployment's secret: given (`--var` or the environment), else the
/// one kept in `data/secret`, else a new one kept there (owner-only).
fn secret(data: &Path, given: &BTreeMap<String, String>) -> Result<String> {
    if let Some(s) = given
        .get("CANAL_SECRET")
        .cloned()
        .or_else(|| std::env::var("CANAL_SECRET").ok().filter(|s| !s.is_empty()))
    {
        return Ok(s);
    }
    keep(&data.join("secret"), 48)
}

/// The demo people's password, kept in `data/demo-password`.
fn demo_password(data: &Path) -> Result<String> {
    keep(&data.join("demo-password"), 14)
}

/// The token kept in `file`, or a new one of `n` characters written there.
fn keep(file: &Path, n: usize) -> Result<String> {
    if let Ok(s) = std::fs::read_to_string(file) {
        if !s.trim().is_empty() {
            return Ok(s.trim().to_owned());
        }
    }
    let s = util::random_token(n)?;
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(file)
        .and_then(|mut f| f.write_all(format!("{s}\n").as_bytes()))
        .map_err(|e| format!("cannot write {}: {e}", file.display()))?;
    Ok(s)
}

/// Writes the worker's modules, the JS workers and `canal.capnp` into
/// `bundle` (replacing what was there).
fn write_bundle(
    root: &Path,
    bundle: &Path,
    w: &Wrangler,
    dirs: &Dirs,
    net: &Net,
    given: &BTreeMap<String, String>,
) -> Result<()> {
    mkdir(bundle)?;
    for m in WORKER_MODULES {
        let from = root.join("worker/build").join(m);
        std::fs::copy(&from, bundle.join(m))
            .map_err(|e| format!("cannot copy {}: {e}", from.display()))?;
    }
    for (name, text) in SCRIPTS {
        write(&bundle.join(name), text)?;
    }
    write(
        &bundle.join("canal.capnp"),
        &config(w, dirs, net, &var_names(w, given)),
    )
}

/// The workerd configuration: a socket for the front worker, Canal's
/// worker with every var (from the environment), Durable Object namespace
/// and binding of `wrangler.toml`, the assets worker over `dist/`, the
/// email binding over the spool directory and each R2 bucket over the
/// files directory. Behind a trusted proxy, its
/// `X-Forwarded-Proto` gives request URLs their scheme (`https`).
fn config(w: &Wrangler, dirs: &Dirs, net: &Net, vars: &[String]) -> String {
    let q = capnp_string;
    let (assets_binding, first) = w
        .assets
        .clone()
        .unwrap_or_else(|| ("ASSETS".into(), Vec::new()));
    let mut bindings: Vec<String> = vars
        .iter()
        .map(|v| format!("(name = {}, fromEnvironment = {})", q(v), q(v)))
        .collect();
    bindings.extend(
        w.objects
            .iter()
            .map(|(b, c)| format!("(name = {}, durableObjectNamespace = {})", q(b), q(c))),
    );
    bindings.push(format!(
        "(name = {}, service = \"assets\")",
        q(&assets_binding)
    ));
    bindings.extend(w.emails.iter().map(|e| {
        format!(
            "(name = {}, wrapped = (moduleName = \"canal-serve:mail\", innerBindings = [(name = \"spool\", service = \"spool\")]))",
            q(e)
        )
    }));
    bindings.extend(w.buckets.iter().map(|b| {
        format!(
            "(name = {}, wrapped = (moduleName = \"canal-serve:r2\", innerBindings = [(name = \"disk\", service = \"files\")]))",
            q(b)
        )
    }));
    let namespaces: Vec<String> = w
        .objects
        .iter()
        .map(|(_, c)| {
            // wrangler dev's key: its state directory opens here, and back.
            let key = format!("{}-{c}", w.name);
            format!(
                "(className = {}, uniqueKey = {}, enableSql = true)",
                q(c),
                q(&key)
            )
        })
        .collect();
    let routes = format!(
        "{{\"workerFirst\":[{}]}}",
        first.iter().map(|p| q(p)).collect::<Vec<_>>().join(",")
    );
    let proto = if net.trust_proxy {
        "forwardedProtoHeader = \"X-Forwarded-Proto\", "
    } else {
        ""
    };
    // workerd's default "internet" reaches public addresses only.
    let internet = if net.private_network {
        "\n    (name = \"internet\", network = (allow = [\"public\", \"private\"], tlsOptions = (trustBrowserCas = true))),"
    } else {
        ""
    };
    let date = q(&w.compatibility_date);
    let list = |items: &[String]| {
        items
            .iter()
            .map(|i| format!("\n    {i},"))
            .collect::<String>()
    };
    format!(
        r#"# Written by `cargo xtask serve` from worker/wrangler.toml at every start.
using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [
    (name = "front", worker = .front),
    (name = "canal", worker = .canal),
    (name = "assets", worker = .assets),
    (name = "dist", disk = (path = {dist})),
    (name = "objects", disk = (path = {objects}, writable = true)),
    (name = "files", disk = (path = {files}, writable = true)),
    (name = "spool", disk = (path = {spool}, writable = true)),{internet}
  ],
  sockets = [
    # A client's own CF-Connecting-IP never reaches Canal: the runtime
    # gives the peer's address in request.cf.
    (name = "http", address = {listen}, service = "front",
     http = ({proto}injectRequestHeaders = [(name = "cf-connecting-ip")])),
  ],
  extensions = [(modules = [
    (name = "cloudflare-internal:email", esModule = embed "email.js", internal = true),
    (name = "canal-serve:mail", esModule = embed "mail.js", internal = true),
    (name = "canal-serve:r2", esModule = embed "r2.js", internal = true),
  ])],
);

const front :Workerd.Worker = (
  compatibilityDate = {date},
  modules = [(name = "front.js", esModule = embed "front.js")],
  bindings = [
    (name = "CANAL", service = "canal"),
    (name = "ASSETS", service = "assets"),
    (name = "routes", json = {routes}),
  ],
);

const assets :Workerd.Worker = (
  compatibilityDate = {date},
  modules = [(name = "assets.js", esModule = embed "assets.js")],
  bindings = [(name = "files", service = "dist")],
);

const canal :Workerd.Worker = (
  compatibilityDate = {date},
  modules = [
    (name = "index.js", esModule = embed "index.js"),
    (name = "index_bg.wasm", wasm = embed "index_bg.wasm"),
  ],
  bindings = [{bindings}
  ],
  durableObjectNamespaces = [{namespaces}
  ],
  durableObjectStorage = (localDisk = "objects"),
);
"#,
        dist = q(&dirs.dist.display().to_string()),
        objects = q(&dirs.objects.display().to_string()),
        files = q(&dirs.files.display().to_string()),
        spool = q(&dirs.spool.display().to_string()),
        listen = q(&net.listen),
        routes = q(&routes),
        bindings = list(&bindings),
        namespaces = list(&namespaces),
    )
}

/// A Cap'n Proto text literal.
fn capnp_string(s: &str) -> String {
    let mut out = String::from('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The pinned workerd binary wrangler installs for this platform
/// (`CANAL_WORKERD` overrides it).
fn workerd_binary() -> Result<PathBuf> {
    if let Some(p) = std::env::var_os("CANAL_WORKERD") {
        return Ok(PathBuf::from(p));
    }
    let platform = match (std::env::consts::OS, std::env::consts::ARCH) {
        ("linux", "x86_64") => "linux-64",
        ("linux", "aarch64") => "linux-arm64",
        ("macos", "x86_64") => "darwin-64",
        ("macos", "aarch64") => "darwin-arm64",
        (os, arch) => return Err(format!("no pinned workerd for {os} on {arch}")),
    };
    let path = util::root().join(format!(
        "node_modules/@cloudflare/workerd-{platform}/bin/workerd"
    ));
    if path.exists() {
        Ok(path)
    } else {
        Err(format!(
            "{} is missing: run `cargo xtask build` (it installs the pinned npm tools)",
            path.display()
        ))
    }
}

/// Takes the data directory's lock (`data/lock`), held while the returned
/// file is open: one data directory belongs to one process.
fn lock(data: &Path) -> Result<File> {
    let path = data.join("lock");
    let file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(|e| format!("cannot open {}: {e}", path.display()))?;
    match file.try_lock() {
        Ok(()) => Ok(file),
        Err(TryLockError::WouldBlock) => Err(format!(
            "{} is in use by another Canal: one data directory belongs to one process",
            data.display()
        )),
        Err(TryLockError::Error(e)) => Err(format!("cannot lock {}: {e}", path.display())),
    }
}

/// The workerd command for the bundle, with every var's value in its
/// environment. It gets the data directory's `lock` as its standard input
/// (workerd reads none): the lock then lasts as long as workerd does.
fn command(bundle: &Path, vars: &[(String, String)], lock: File) -> Result<Command> {
    let workerd = workerd_binary()?;
    eprintln!(
        "==> starting workerd ({})",
        bundle.join("canal.capnp").display()
    );
    let mut c = Command::new(workerd);
    c.current_dir(bundle)
        // localDisk storage is marked experimental in workerd (its version is pinned).
        .args(["serve", "canal.capnp", "--experimental"])
        .envs(vars.iter().map(|(k, v)| (k, v)))
        .stdin(lock);
    Ok(c)
}

/// `workerd compile`: the bundle as one executable, `out/canal`, with a
/// copy of `dist/` beside it (the static files stay files). The data
/// directory, the address and the vars are given when it runs.
fn single_binary(bundle: &Path, out: &Path, data: &Path, listen: &str) -> Result<()> {
    mkdir(out)?;
    let out = absolute(out)?;
    let exe = out.join("canal");
    let file = File::create(&exe).map_err(|e| format!("cannot write {}: {e}", exe.display()))?;
    util::step(
        "workerd compile",
        Command::new(workerd_binary()?)
            .current_dir(bundle)
            .args(["compile", "canal.capnp", "config"])
            .stdout(file),
    )?;
    std::fs::set_permissions(&exe, std::os::unix::fs::PermissionsExt::from_mode(0o755))
        .map_err(|e| format!("cannot make {} executable: {e}", exe.display()))?;
    let dist = out.join("dist");
    let _ = std::fs::remove_dir_all(&dist);
    util::step(
        "copy dist/",
        Command::new("cp").arg("-R").arg(build::dist()).arg(&dist),
    )?;
    println!(
        "\n{} is Canal in one executable, with its static files in {}. Run it from there:\n\n  cd {} && CANAL_SECRET=$(cat {}) ./canal --experimental \\\n    --socket-addr http={listen} --directory-path dist=dist \\\n    --directory-path objects={} --directory-path files={} --directory-path spool={}\n\n(the other settings as CANAL_* environment variables; one process per data directory).",
        exe.display(),
        dist.display(),
        out.display(),
        data.join("secret").display(),
        data.join("v3/do").display(),
        data.join("files").display(),
        data.join("spool").display(),
    );
    Ok(())
}

/// Until the socket accepts connections.
fn wait_until_up(addr: SocketAddr, workerd: &mut Child) -> Result<()> {
    let addr = SocketAddr::new(reachable(addr), addr.port());
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(60) {
        if TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_ok() {
            return Ok(());
        }
        if let Ok(Some(status)) = workerd.try_wait() {
            return Err(format!("workerd exited while starting ({status})"));
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    Err(format!("workerd did not listen on {addr} within 60 s"))
}

/// An address to reach a socket bound to `addr` from this machine.
fn reachable(addr: SocketAddr) -> std::net::IpAddr {
    match addr.ip() {
        ip if ip.is_unspecified() => std::net::Ipv4Addr::LOCALHOST.into(),
        ip => ip,
    }
}

/// `addr` as shown in URLs.
fn shown(addr: SocketAddr) -> String {
    SocketAddr::new(reachable(addr), addr.port()).to_string()
}

fn absolute(p: &Path) -> Result<PathBuf> {
    mkdir(p)?;
    p.canonicalize()
        .map_err(|e| format!("cannot resolve {}: {e}", p.display()))
}

fn mkdir(p: &Path) -> Result<()> {
    std::fs::create_dir_all(p).map_err(|e| format!("cannot create {}: {e}", p.display()))
}

fn write(to: &Path, text: &str) -> Result<()> {
    std::fs::write(to, text).map_err(|e| format!("cannot write {}: {e}", to.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOML: &str = r#"
name = "canal"
compatibility_date = "2026-04-01"
[vars]
CANAL_CHANNEL_LIMIT = "10"
CANAL_LIMITS = ""
[[send_email]]
name = "EMAIL"
[[r2_buckets]]
binding = "FILES"
bucket_name = "canal-files"
[assets]
directory = "../dist"
binding = "ASSETS"
run_worker_first = ["/api/*", "/widget/frame.html"]
[durable_objects]
bindings = [{ name = "GATE", class_name = "Gate" }]
"#;

    #[test]
    fn wrangler_toml_gives_vars_objects_email_buckets_and_assets() {
        let w = Wrangler::parse(TOML).unwrap();
        assert_eq!(w.vars["CANAL_CHANNEL_LIMIT"], "10");
        assert_eq!(w.objects, [("GATE".to_owned(), "Gate".to_owned())]);
        assert_eq!(w.emails, ["EMAIL"]);
        assert_eq!(w.buckets, ["FILES"]);
        assert_eq!(
            w.assets.unwrap().1,
            ["/api/*".to_owned(), "/widget/frame.html".to_owned()]
        );
    }

    #[test]
    fn the_config_binds_every_var_and_opens_wrangler_dev_state() {
        let w = Wrangler::parse(TOML).unwrap();
        let dirs = Dirs {
            dist: "/d".into(),
            objects: "/o".into(),
            files: "/f".into(),
            spool: "/s".into(),
        };
        let given = BTreeMap::from([("CANAL_FAULTS".to_owned(), "x".to_owned())]);
        let net = Net {
            listen: "127.0.0.1:1".into(),
            trust_proxy: false,
            private_network: false,
        };
        let c = config(&w, &dirs, &net, &var_names(&w, &given));
        for v in [
            "CANAL_CHANNEL_LIMIT",
            "CANAL_LIMITS",
            "CANAL_SECRET",
            "CANAL_TRUST_PROXY",
            "CANAL_FAULTS",
        ] {
            assert!(c.contains(&format!("fromEnvironment = \"{v}\"")), "{v}");
        }
        assert!(c.contains(r#"(className = "Gate", uniqueKey = "canal-Gate", enableSql = true)"#));
        assert!(c.contains(r#"json = "{\"workerFirst\":[\"/api/*\",\"/widget/frame.html\"]}""#));
        assert!(c.contains(r#"(name = "EMAIL", wrapped"#));
        assert!(c.contains(r#"(name = "FILES", wrapped = (moduleName = "canal-serve:r2""#));
        assert!(c.contains(r#"(name = "files", disk = (path = "/f", writable = true))"#));
    }

    #[test]
    fn every_bound_var_has_a_value() {
        let w = Wrangler::parse(TOML).unwrap();
        let v = values(&w, &BTreeMap::new(), "s3cret");
        let get = |k: &str| v.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
        assert_eq!(get("CANAL_CHANNEL_LIMIT"), Some("10"));
        assert_eq!(get("CANAL_SECRET"), Some("s3cret"));
        assert!(get("CANAL_TRUST_PROXY").is_some());
    }
}
