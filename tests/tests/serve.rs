//! Canal on plain workerd (`cargo xtask serve`), whatever `CANAL_SERVER`
//! says: the client address the rate limits are kept by comes from the
//! runtime (or a trusted proxy's last hop), never from a header the client
//! sent; and the static files are served as wrangler's assets are.

use canal_tests::suite;
use canal_tests::worker::Worker;
use serde_json::json;

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
        vec![
            (
                "a_spoofed_client_address_does_not_change_the_rate_limit_key",
                a_spoofed_client_address_does_not_change_the_rate_limit_key,
            ),
            (
                "behind_a_trusted_proxy_the_last_forwarded_hop_is_the_client",
                behind_a_trusted_proxy_the_last_forwarded_hop_is_the_client,
            ),
            (
                "static_files_have_types_index_pages_etags_and_compression",
                static_files_have_types_index_pages_etags_and_compression,
            ),
        ],
    )
}

/// A failed sign-in's status, sent with `headers`.
fn login(w: &Worker, headers: &[(&str, &str)]) -> u16 {
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
        let status = login(
            &ctx.w,
            &[("cf-connecting-ip", &ip), ("x-forwarded-for", &ip)],
        );
        assert_eq!(status, 401, "attempt {i}");
    }
    let status = login(
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
        assert_eq!(login(&w, &[("x-forwarded-for", &hops)]), 401, "attempt {i}");
    }
    let spoofed = [
        ("x-forwarded-for", "10.9.9.99, 203.0.113.1"),
        ("cf-connecting-ip", "10.9.9.98"),
    ];
    assert_eq!(login(&w, &spoofed), 429);
    // Another client behind the same proxy has a limit of its own.
    assert_eq!(login(&w, &[("x-forwarded-for", "203.0.113.2")]), 401);
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
