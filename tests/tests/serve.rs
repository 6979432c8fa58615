//! Canal on plain workerd (`cargo xtask serve`), whatever `CANAL_SERVER`
//! says: the client address the rate limits are kept by comes from the
//! runtime (or a trusted proxy's last hop), never from a header the client
//! sent; the static files are served as wrangler's assets are; and the
//! files sent in conversations are kept in the data directory.

use std::process::{Command, Stdio};
use std::time::Duration;

use canal_shared::ids::ConversationId;
use canal_shared::protocol::{ServerFrame, Side};
use canal_tests::api::{login, visitor};
use canal_tests::cases;
use canal_tests::files::{download, fetch, png, upload, PDF, PNG};
use canal_tests::scenario::send;
use canal_tests::socket::join;
use canal_tests::suite;
use canal_tests::wait;
use canal_tests::worker::{free_port, xtask, Worker};
use serde_json::{json, Value};

/// Three sign-ins a minute per address, so a case reaches the limit quickly.
const LIMITS: &str = "login=3/60";

struct Ctx {
    w: Worker,
}

fn main() {
    suite::run(
        || Ctx {
            w: Worker::start_served(&[("CANAL_LIMITS", LIMITS)]),
        },
        cases![
            a_spoofed_client_address_does_not_change_the_rate_limit_key,
            behind_a_trusted_proxy_the_last_forwarded_hop_is_the_client,
            static_files_have_types_index_pages_etags_and_compression,
            files_21_are_kept_in_the_data_directory_and_served_as_r2_serves_them,
            a_backup_taken_while_canal_runs_opens_as_it_was,
            one_executable_with_dist_beside_it_runs_canal,
        ],
    )
}

/// A failed sign-in's status, sent with `headers`.
fn failed_login(w: &Worker, headers: &[(&str, &str)]) -> u16 {
    let mut req = ureq::post(&w.url("/api/login"));
    for (k, v) in headers {
        req = req.set(k, v);
    }
    match req.send_json(json!({"email": "nobody@example.com", "password": "wrong password"})) {
        Ok(res) | Err(ureq::Error::Status(_, res)) => res.status(),
        Err(e) => panic!("request failed: {e}"),
    }
}

fn a_spoofed_client_address_does_not_change_the_rate_limit_key(ctx: &Ctx) {
    for i in 1..=3 {
        let ip = format!("198.51.100.{i}");
        let status = failed_login(
            &ctx.w,
            &[("cf-connecting-ip", &ip), ("x-forwarded-for", &ip)],
        );
        assert_eq!(status, 401, "attempt {i}");
    }
    let status = failed_login(
        &ctx.w,
        &[
            ("cf-connecting-ip", "198.51.100.99"),
            ("x-forwarded-for", "198.51.100.99"),
        ],
    );
    assert_eq!(status, 429, "a new spoofed address made a new limit");
}

fn behind_a_trusted_proxy_the_last_forwarded_hop_is_the_client(_: &Ctx) {
    let w = Worker::start_served(&[("CANAL_LIMITS", LIMITS), ("CANAL_TRUST_PROXY", "1")]);
    // What the client wrote before the proxy's hop changes nothing.
    for i in 1..=3 {
        let hops = format!("10.9.9.{i}, 203.0.113.1");
        assert_eq!(
            failed_login(&w, &[("x-forwarded-for", &hops)]),
            401,
            "attempt {i}"
        );
    }
    let spoofed = [
        ("x-forwarded-for", "10.9.9.99, 203.0.113.1"),
        ("cf-connecting-ip", "10.9.9.98"),
    ];
    assert_eq!(failed_login(&w, &spoofed), 429);
    // Another client behind the same proxy has a limit of its own.
    assert_eq!(failed_login(&w, &[("x-forwarded-for", "203.0.113.2")]), 401);
}

fn static_files_have_types_index_pages_etags_and_compression(ctx: &Ctx) {
    let agent = ureq::AgentBuilder::new().redirects(0).build();
    let get = |path: &str, headers: &[(&str, &str)]| {
        let mut req = agent.get(&ctx.w.url(path));
        for (k, v) in headers {
            req = req.set(k, v);
        }
        match req.call() {
            Ok(res) | Err(ureq::Error::Status(_, res)) => res,
            Err(e) => panic!("GET {path} failed: {e}"),
        }
    };
    for (path, kind) in [
        ("/console/", "text/html"),
        ("/demo/", "text/html"),
        ("/widget.js", "text/javascript"),
        ("/console/canal_console_bg.wasm", "application/wasm"),
    ] {
        let res = get(path, &[]);
        assert_eq!(res.status(), 200, "{path}");
        let got = res.header("content-type").unwrap_or_default();
        assert!(got.starts_with(kind), "{path}: {got}");
        let etag = res.header("etag").expect("an ETag").to_owned();
        let again = get(path, &[("if-none-match", &etag)]);
        assert_eq!(again.status(), 304, "{path}");
    }
    let dir = get("/demo", &[]);
    assert_eq!(dir.status(), 307);
    assert!(dir
        .header("location")
        .unwrap_or_default()
        .ends_with("/demo/"));
    let zipped = get("/widget.js", &[("accept-encoding", "gzip")]);
    assert_eq!(zipped.header("content-encoding"), Some("gzip"));
    assert_eq!(get("/no-such-file.js", &[]).status(), 404);
}

/// The link in a stored file's JSON (a path), on `w`.
fn link(w: &Worker, file: &Value) -> String {
    w.url(file["url"].as_str().expect("a link"))
}

// #21 under `serve`: what Cloudflare keeps in R2 is kept in the data
// directory's `files/`, stored once under its client id, served with the
// type and disposition it was stored with, and still there after a restart.
fn files_21_are_kept_in_the_data_directory_and_served_as_r2_serves_them(ctx: &Ctx) {
    let w = &ctx.w;
    let demo = w.setup("shop");
    let v = visitor(w, demo.channel.id.as_str());
    let shot = png(40, 20, [200, 30, 30]);
    let (status, first) = upload(w, &v.token, &v.conversation, "f1", "tela.png", &shot);
    assert_eq!(status, 201, "{first}");
    let (status, again) = upload(w, &v.token, &v.conversation, "f1", "tela.png", &shot);
    assert_eq!(
        status, 200,
        "a resend gets the file stored already: {again}"
    );
    assert_eq!(
        (first["width"].clone(), first["height"].clone()),
        (json!(40), json!(20))
    );
    let (status, pdf) = upload(w, &v.token, &v.conversation, "f2", "orçamento.pdf", PDF);
    assert_eq!(status, 201, "{pdf}");

    let check = |when: &str| {
        assert_eq!(download(&link(w, &first)), (200, shot.clone()), "{when}");
        let (status, h, _) = fetch(
            &link(w, &first),
            &[
                "content-type",
                "content-disposition",
                "x-content-type-options",
            ],
        );
        assert_eq!(status, 200);
        assert_eq!(h[0].as_deref(), Some("image/png"), "{when}");
        assert!(
            h[1].as_deref().unwrap_or("").starts_with("inline"),
            "{when}: {h:?}"
        );
        assert_eq!(h[2].as_deref(), Some("nosniff"));
        assert_eq!(download(&link(w, &pdf)), (200, PDF.to_vec()), "{when}");
        let (_, h, _) = fetch(&link(w, &pdf), &["content-type", "content-disposition"]);
        assert_eq!(h[0].as_deref(), Some("application/pdf"));
        let disposition = h[1].clone().unwrap_or_default();
        assert!(
            disposition.starts_with("attachment;"),
            "{when}: {disposition}"
        );
    };
    check("served");
    // Two objects (each its bytes and its metadata), nothing more: the
    // resend stored nothing.
    let mut kept = Vec::new();
    let mut dirs = vec![w.state_dir().join("files")];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).expect("files/").flatten() {
            let path = entry.path();
            if path.is_dir() {
                dirs.push(path);
            } else {
                kept.push(path.file_name().unwrap().to_string_lossy().into_owned());
            }
        }
    }
    kept.sort();
    assert_eq!(kept.len(), 4, "{kept:?}");
    assert_eq!(
        kept.iter().filter(|k| k.ends_with(".meta")).count(),
        2,
        "{kept:?}"
    );
    w.restart();
    check("after a restart");
}

/// The visitor's texts an operator sees in `conversation` (history only).
fn visitor_texts(w: &Worker, conversation: &ConversationId, password: &str) -> Vec<String> {
    let ana = login(w, "ana@example.com", password);
    let mut s = join(&w.ws_url(&format!(
        "/ws/operator?conversation={conversation}&token={}",
        ana.token
    )));
    std::iter::from_fn(|| s.next_within::<ServerFrame>(Duration::from_millis(1500)))
        .filter_map(|f| match f {
            ServerFrame::Message { message } if message.side == Side::Visitor => Some(message.text),
            _ => None,
        })
        .collect()
}

/// The visitor writes `text` as message `id` and waits for its ack.
fn write(w: &Worker, conversation: &ConversationId, token: &str, id: &str, text: &str) {
    send(
        &mut join(&w.ws_url(&format!(
            "/ws/visitor?conversation={conversation}&token={token}"
        ))),
        id,
        text,
    );
}

// #24: `cargo xtask backup` copies a running Canal's data directory (its
// workerd paused for the copy of the objects, then resumed); Canal goes on
// answering, and the copy, restored into an empty directory, opens with
// everything written before the backup and nothing written after.
fn a_backup_taken_while_canal_runs_opens_as_it_was(_: &Ctx) {
    let w = Worker::start_served(&[]);
    let demo = w.setup("shop");
    let v = visitor(&w, demo.channel.id.as_str());
    write(&w, &v.conversation, &v.token, "m1", "before the backup");
    let (status, file) = upload(&w, &v.token, &v.conversation, "f1", "tela.png", PNG);
    assert_eq!(status, 201, "{file}");

    let dir = w.state_dir().with_extension("backup");
    let archive = dir.join("canal.tar.gz");
    std::fs::create_dir_all(&dir).unwrap();
    let said = succeeds(
        xtask()
            .args(["backup", "--data"])
            .arg(w.state_dir())
            .arg("--to")
            .arg(&archive),
    );
    assert!(
        said.contains("Canal ran on"),
        "it ran while Canal did: {said}"
    );
    // Canal goes on (resumed): this message is not in the backup.
    write(&w, &v.conversation, &v.token, "m2", "after the backup");

    let restored = dir.join("data");
    std::fs::create_dir_all(&restored).unwrap();
    let untar = Command::new("tar")
        .arg("-xzf")
        .arg(&archive)
        .arg("-C")
        .arg(&restored)
        .status()
        .expect("tar");
    assert!(untar.success());
    let copy = w.open_copy(restored);
    assert_eq!(
        visitor_texts(&copy, &v.conversation, &demo.admin.password),
        ["before the backup"]
    );
    let in_copy = link(&copy, &file);
    assert_eq!(
        download(&in_copy),
        (200, PNG.to_vec()),
        "the file is in the copy"
    );
    let (status, again) = upload(&copy, &v.token, &v.conversation, "f1", "tela.png", PNG);
    assert_eq!(status, 200, "stored once, in the copy too: {again}");
    assert_eq!(
        visitor_texts(&w, &v.conversation, &demo.admin.password),
        ["before the backup", "after the backup"]
    );
    drop(copy);
    let _ = std::fs::remove_dir_all(&dir);
}

// #24: `serve --single-binary DIR` writes Canal as one executable (what
// `workerd compile` makes) with `dist/` beside it; run from there on a data
// directory, it serves the console, takes the account's set-up, a visitor
// and a file.
fn one_executable_with_dist_beside_it_runs_canal(_: &Ctx) {
    let base = std::env::temp_dir().join(format!("canal-single-{}", free_port()));
    let (data, out) = (base.join("data"), base.join("out"));
    let port = free_port();
    let listen = format!("127.0.0.1:{port}");
    let said = succeeds(
        xtask()
            .args(["serve", "--no-build", "--listen", &listen, "--data"])
            .arg(&data)
            .arg("--single-binary")
            .arg(&out),
    );
    assert!(
        said.contains("./canal --experimental"),
        "it says how to run it: {said}"
    );
    let secret = std::fs::read_to_string(data.join("secret")).expect("the secret");
    let _canal = Stopped(
        Command::new(out.join("canal"))
            .current_dir(&out)
            .env("CANAL_SECRET", secret.trim())
            .args(["--experimental", "--socket-addr", &format!("http={listen}")])
            .args(["--directory-path", "dist=dist"])
            .arg("--directory-path")
            .arg(format!("objects={}", data.join("v3/do").display()))
            .arg("--directory-path")
            .arg(format!("files={}", data.join("files").display()))
            .arg("--directory-path")
            .arg(format!("spool={}", data.join("spool").display()))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("the executable starts"),
    );
    let url = |path: &str| format!("http://{listen}{path}");
    let up = wait::until("the executable answers", || {
        ureq::get(&url("/api/health"))
            .call()
            .ok()
            .map(|r| r.status())
    });
    assert_eq!(up, Ok(200));
    let console = ureq::get(&url("/console/")).call().expect("the console");
    assert_eq!(
        console.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    let setup = ureq::post(&url("/api/setup"))
        .set("authorization", &format!("Bearer {}", secret.trim()))
        .send_json(json!({
            "admin": {"email": "a@example.com", "name": "Alex", "password": "correct horse battery"},
            "operators": [],
            "channel_id": "shop",
        }))
        .expect("the set-up");
    assert_eq!(setup.status(), 200);
    let v: Value = ureq::post(&url("/api/visitor/session"))
        .send_json(json!({"channel": "shop"}))
        .expect("a visitor")
        .into_json()
        .unwrap();
    let stored = ureq::put(&url(&format!(
        "/api/files?conversation={}&id=f1&name=tela.png",
        v["conversation"].as_str().unwrap()
    )))
    .set(
        "authorization",
        &format!("Bearer {}", v["token"].as_str().unwrap()),
    )
    .send_bytes(PNG)
    .expect("a file");
    assert_eq!(stored.status(), 201);
    let _ = std::fs::remove_dir_all(&base);
}

/// A process stopped when the case ends, passed or not.
struct Stopped(std::process::Child);

impl Drop for Stopped {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Runs `cmd` to its end, asserts that it succeeded (showing what it said
/// if not) and gives back what it printed.
fn succeeds(cmd: &mut std::process::Command) -> String {
    let out = cmd.output().unwrap_or_else(|e| panic!("{cmd:?}: {e}"));
    let said = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "{cmd:?} failed: {said}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    said
}
