//! The widget on another site than the worker, in each of the three engines
//! the tests drive (Chromium, WebKit, Firefox): the visitor opens it from a
//! host page at `localhost`, writes, and sees the message delivered; what the
//! worker's third-party frame may store is pinned per engine, so a browser
//! that changes its rules shows here; a screenshot pasted into the composer
//! goes and shows inline (#21). Screenshots: engine-<name>.png.

use canal_tests::browser::{Browser, Driver, Engine, ThirdParty, CONTROL, ENTER};
use canal_tests::host::{Host, Page};
use canal_tests::suite;
use canal_tests::worker::{Demo, Worker};
use serde_json::json;

struct Ctx {
    w: Worker,
    demo: Demo,
    /// One per engine, in [`Engine::ALL`]'s order, started once.
    drivers: Vec<Driver>,
}

impl Ctx {
    fn driver(&self, engine: Engine) -> &Driver {
        self.drivers
            .iter()
            .find(|d| d.engine() == engine)
            .expect("a driver per engine")
    }
}

fn main() {
    suite::run(
        || {
            let w = Worker::start();
            let demo = w.setup("demo");
            Ctx {
                w,
                demo,
                drivers: Engine::ALL
                    .into_iter()
                    .map(|e| {
                        let started = std::time::Instant::now();
                        let d = Driver::start_engine(e);
                        eprintln!("{e:?}: driver {:.2?}", started.elapsed());
                        d
                    })
                    .collect(),
            }
        },
        vec![
            (
                "the_host_site_serves_its_pages",
                the_host_site_serves_its_pages,
            ),
            ("chromium_chats_from_another_site", |c| {
                chats_from_another_site(c, Engine::Chromium)
            }),
            ("webkit_chats_from_another_site", |c| {
                chats_from_another_site(c, Engine::WebKit)
            }),
            ("firefox_chats_from_another_site", |c| {
                chats_from_another_site(c, Engine::Firefox)
            }),
            (
                "two_tabs_of_one_browser_share_storage",
                two_tabs_of_one_browser_share_storage,
            ),
            (
                "partitioned_sessions_keep_the_frame_storage_apart",
                partitioned_sessions_keep_the_frame_storage_apart,
            ),
        ],
    )
}

/// In the widget's frame: pastes a 120 × 80 screenshot into the composer
/// (a `ClipboardEvent` holding a PNG file); gives back whether the page
/// took it (its default prevented).
const PASTE: &str = r#"
const done = arguments[arguments.length - 1];
const c = document.createElement('canvas'); c.width = 120; c.height = 80;
c.getContext('2d').fillRect(0, 0, 120, 80);
c.toBlob((blob) => {
  const data = new DataTransfer();
  data.items.add(new File([blob], 'image.png', { type: 'image/png' }));
  const e = new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true });
  document.querySelector('#canal-composer').dispatchEvent(e);
  done(e.defaultPrevented);
}, 'image/png');
"#;

/// In the widget's frame: puts a 120 × 80 screenshot on the browser's
/// clipboard; gives back `true`, or why it could not.
const COPY: &str = r#"
const done = arguments[arguments.length - 1];
const c = document.createElement('canvas'); c.width = 120; c.height = 80;
c.getContext('2d').fillRect(0, 0, 120, 80);
c.toBlob((blob) => {
  navigator.clipboard.write([new ClipboardItem({ 'image/png': blob })])
    .then(() => done(true), (e) => done(String(e)));
}, 'image/png');
"#;

fn fetch(url: &str) -> (u16, String) {
    match ureq::get(url).call() {
        Ok(r) => (r.status(), r.into_string().unwrap_or_default()),
        Err(ureq::Error::Status(c, r)) => (c, r.into_string().unwrap_or_default()),
        Err(e) => panic!("{url}: {e}"),
    }
}

fn the_host_site_serves_its_pages(ctx: &Ctx) {
    let host = Host::start(
        Page::new(&ctx.w.url("/"), "demo")
            .data("preload", "off")
            .data("user-token", "a\"b")
            .before_script(r#"<script>window.canal=window.canal||[];canal.push("open")</script>"#),
    );
    assert!(host.url("/").starts_with("http://localhost:"));
    let (code, page) = fetch(&host.url("/"));
    assert_eq!(code, 200);
    let script = format!(
        r#"<script src="{}/widget.js" data-channel="demo" data-preload="off" data-user-token="a&quot;b" async></script>"#,
        ctx.w.url("")
    );
    assert!(page.contains(&script), "{page}");
    assert!(page.contains(r#"canal.push("open")</script><script src="#));
    assert!(page.contains(r#"<input autofocus data-testid="host-search""#));
    assert!(page.contains(r#"<textarea data-testid="host-notes""#));
    assert_eq!(fetch(&host.url("/page2?from=1")).0, 200);
    assert_eq!(fetch(&host.url("/favicon.ico")).0, 404);
    host.set_page(Page::new(&ctx.w.url(""), "other"));
    assert!(fetch(&host.url("/page2"))
        .1
        .contains(r#"data-channel="other""#));
    let url = host.url("/");
    drop(host);
    assert!(
        ureq::get(&url).call().is_err(),
        "the site stops when dropped"
    );
}

/// What `localStorage` does in the current document: `"throws <name>"`, or
/// whether a value the worker's site stored as a first party shows here
/// (`"shared"`) or not (`"partitioned"`).
fn storage_here(b: &Browser) -> String {
    b.run(
        "try { localStorage.setItem('canal-probe', '1'); } catch (e) { return 'throws ' + e.name; }
         return localStorage.getItem('canal-first-party') ? 'shared' : 'partitioned';",
        json!([]),
    )
    .as_str()
    .unwrap_or_default()
    .to_owned()
}

/// Stores a value on the worker's own site, as a first party.
fn store_first_party(ctx: &Ctx, b: &Browser) {
    // A static file of the worker's: no app runs.
    b.goto(&ctx.w.url("/widget.js"));
    let kept = b.run(
        "localStorage.setItem('canal-first-party', '1'); return localStorage.getItem('canal-first-party');",
        json!([]),
    );
    assert_eq!(kept, json!("1"), "{:?}: first-party storage", b.engine());
}

fn chats_from_another_site(ctx: &Ctx, engine: Engine) {
    let started = std::time::Instant::now();
    let b = ctx.driver(engine).browser();
    let session = started.elapsed();
    store_first_party(ctx, &b);
    let host = Host::start(Page::new(&ctx.w.url(""), &ctx.demo.channel.id));
    b.goto(&host.url("/"));
    b.wait_for("[data-testid=host-search]");
    // The host site's own storage is its own (first party).
    assert_eq!(
        b.run(
            "localStorage.setItem('site', '1'); return localStorage.getItem('site');",
            json!([])
        ),
        json!("1"),
        "{engine:?}: the host page's own storage"
    );

    b.open_widget();
    let expected = match engine.third_party(ThirdParty::Blocked) {
        ThirdParty::Blocked => "throws SecurityError",
        ThirdParty::Partitioned => "partitioned",
    };
    assert_eq!(
        storage_here(&b),
        expected,
        "{engine:?}: localStorage in the worker's frame on another site"
    );

    let text = format!("Hello from {}", engine.name());
    let composer = b.wait_for("[data-testid=composer]");
    b.type_into(&composer, &format!("{text}{ENTER}"));
    b.wait(&format!("{engine:?}: the message delivered"), || {
        let v = b.run(
            "return [...document.querySelectorAll('[data-testid=message]')].some(m => m.dataset.delivery === 'sent' && m.textContent.includes(arguments[0]));",
            json!([text]),
        );
        (v == json!(true)).then_some(())
    });
    // #21: a screenshot pasted into the composer goes, and shows inline.
    pasted_screenshot_shows(&b, engine);
    // The composer fits its panel: Attach, the text and Send all in view (a
    // textarea in Firefox does not shrink below its columns unless told).
    let outside = b.run(
        "const w = document.documentElement.clientWidth; return [...document.querySelectorAll('.composer > *')].map(e => e.getBoundingClientRect()).filter(r => r.width > 0 && (r.left < 0 || r.right > w + 0.5)).length;",
        json!([]),
    );
    assert_eq!(
        outside,
        json!(0),
        "{engine:?}: the composer overflows its panel"
    );
    b.leave_frames();
    let shot = b.screenshot(&format!("engine-{}", engine.name()));
    eprintln!(
        "{engine:?}: session {:.2?}, whole case {:.2?}, screenshot {}",
        session,
        started.elapsed(),
        shot.display()
    );
}

/// Chromium and Firefox partition the frame's storage when asked to
/// (Chromium's and Firefox's defaults), instead of blocking it.
fn partitioned_sessions_keep_the_frame_storage_apart(ctx: &Ctx) {
    for engine in [Engine::Chromium, Engine::Firefox] {
        let b = ctx
            .driver(engine)
            .browser_with("en-US", ThirdParty::Partitioned);
        store_first_party(ctx, &b);
        let host = Host::start(Page::new(&ctx.w.url(""), &ctx.demo.channel.id));
        b.goto(&host.url("/"));
        b.open_widget();
        assert_eq!(storage_here(&b), "partitioned", "{engine:?}");
    }
}

/// Tabs in each engine: a second tab of the same browser sees what the first
/// stored on the host site, and closing it leaves the first.
fn two_tabs_of_one_browser_share_storage(ctx: &Ctx) {
    let host = Host::start(Page::new(&ctx.w.url(""), &ctx.demo.channel.id).data("preload", "off"));
    for engine in Engine::ALL {
        let b = ctx.driver(engine).browser();
        b.goto(&host.url("/"));
        let first = b.handle();
        b.run("localStorage.setItem('tab', 'first');", json!([]));
        let second = b.new_tab();
        assert_ne!(first, second, "{engine:?}");
        assert_eq!(b.handles().len(), 2, "{engine:?}");
        b.goto(&host.url("/page2"));
        assert_eq!(
            b.run("return localStorage.getItem('tab');", json!([])),
            json!("first"),
            "{engine:?}: the second tab shares the first's storage"
        );
        b.close_tab(&second);
        assert_eq!(b.handles(), vec![first.clone()], "{engine:?}");
        assert_eq!(b.handle(), first, "{engine:?}");
        assert_eq!(b.current_url(), host.url("/"), "{engine:?}");
    }
}

/// Pastes a screenshot into the composer and waits until it is stored,
/// sent and shown inline (#21).
///
/// Firefox builds a synthetic paste event without the file it is given
/// (its `ClipboardEvent` takes no `clipboardData`), so there the
/// screenshot goes onto the browser's clipboard and Ctrl+V pastes it, as a
/// visitor does (Firefox runs in a window on the suite's X display: its
/// headless clipboard kept no picture).
fn pasted_screenshot_shows(b: &Browser, engine: Engine) {
    if engine == Engine::Firefox {
        let copied = b.run_async(COPY, json!([]));
        assert_eq!(copied, json!(true), "{engine:?}: the screenshot copied");
        b.click(&b.wait_for("[data-testid=composer]"));
        b.press_chord(&[CONTROL, "v"]);
    } else {
        let pasted = b.run_async(PASTE, json!([]));
        assert_eq!(pasted, json!(true), "{engine:?}: the paste is taken");
    }
    b.wait(&format!("{engine:?}: the screenshot stored"), || {
        let v = b.run(
            "return [...document.querySelectorAll('[data-testid=upload]')].map(u => u.dataset.stage)",
            json!([]),
        );
        (v == json!(["stored"])).then_some(())
    });
    b.click(&b.wait_for("[data-testid=send]"));
    b.wait(&format!("{engine:?}: the screenshot shown"), || {
        let v = b.run(
            "const i = document.querySelector('[data-testid=message][data-delivery=sent] [data-testid=message-picture] img'); return !!i && i.complete && i.naturalWidth === 120;",
            json!([]),
        );
        (v == json!(true)).then_some(())
    });
}
