//! A host page on another site than the worker, as in a real deployment.
//!
//! The worker listens on `http://127.0.0.1:PORT`; a [`Host`] serves a site's
//! page at `http://localhost:PORT/` — another site for the browser, so the
//! widget's iframe is a third-party frame there, with the storage rules that
//! brings (see [`crate::browser`]). The page embeds the widget by its script
//! tag, has the site's own inputs (an autofocused search box and a notes
//! area) and is several screens tall. Every path without a file extension
//! (`/`, `/page2`, `/shop/item`) serves the same page, so a test can move
//! between pages of the site; anything else is a 404.

use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

/// What the host page holds: built with [`Page::new`] and its setters.
#[derive(Clone, Debug)]
pub struct Page {
    worker: String,
    channel: String,
    attrs: Vec<(String, String)>,
    head: String,
    before: String,
    headers: Vec<(String, String)>,
    lang: String,
}

impl Page {
    /// The page of a site embedding `channel` from the worker at `worker`
    /// (its origin, `http://127.0.0.1:PORT`), in English.
    pub fn new(worker: &str, channel: impl std::fmt::Display) -> Page {
        Page {
            worker: worker.trim_end_matches('/').to_owned(),
            channel: channel.to_string(),
            attrs: Vec::new(),
            head: String::new(),
            before: String::new(),
            headers: Vec::new(),
            lang: "en".into(),
        }
    }

    /// Adds `data-<name>="<value>"` to the script tag (`preload`, `lang`,
    /// `user-token`…; the value is escaped).
    pub fn data(mut self, name: &str, value: &str) -> Page {
        self.attrs.push((name.to_owned(), value.to_owned()));
        self
    }

    /// Raw HTML at the end of `<head>` (a CSP `<meta>` must be there to count).
    pub fn head(mut self, html: &str) -> Page {
        self.head.push_str(html);
        self
    }

    /// Raw HTML just before the script tag (a command-queue stub:
    /// `<script>window.canal=window.canal||[];canal.push("open")</script>`).
    pub fn before_script(mut self, html: &str) -> Page {
        self.before.push_str(html);
        self
    }

    /// An extra response header on the page (`Content-Security-Policy`…).
    pub fn header(mut self, name: &str, value: &str) -> Page {
        self.headers.push((name.to_owned(), value.to_owned()));
        self
    }

    /// The same page without the widget's script tag (a baseline for
    /// measuring what the widget adds).
    pub fn without_widget(mut self) -> Page {
        self.worker.clear();
        self
    }

    /// The page's `<html lang>` (`""` for none).
    pub fn lang(mut self, lang: &str) -> Page {
        self.lang = lang.to_owned();
        self
    }

    /// The HTML served at `path`.
    pub fn html(&self, path: &str) -> String {
        let html = if self.lang.is_empty() {
            "<html>".to_owned()
        } else {
            format!(r#"<html lang="{}">"#, escape(&self.lang))
        };
        let attrs: String = self
            .attrs
            .iter()
            .map(|(k, v)| format!(r#" data-{}="{}""#, escape(k), escape(v)))
            .collect();
        let filler: String = (1..=40)
            .map(|i| {
                format!(
                    "<p>Paragraph {i} of the site's own content. It makes the page several screens tall, so Space scrolls it.</p>\n"
                )
            })
            .collect();
        format!(
            r#"<!doctype html>
{html}
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Host site {path}</title>
{head}</head>
<body>
<h1 data-testid="host-title">Host site {path}</h1>
<nav><a data-testid="host-home" href="/">Home</a> · <a data-testid="host-page2" href="/page2">Page 2</a></nav>
<form onsubmit="return false"><input autofocus data-testid="host-search" placeholder="Search the site" aria-label="Search the site"></form>
<p><textarea data-testid="host-notes" aria-label="Notes" rows="3" cols="40"></textarea></p>
<div data-testid="host-content">
{filler}</div>
<p data-testid="host-end">The end of the page.</p>
{before}{script}
</body>
</html>
"#,
            path = escape(path),
            head = self.head,
            before = self.before,
            script = if self.worker.is_empty() {
                String::new()
            } else {
                format!(
                    r#"<script src="{}/widget.js" data-channel="{}"{attrs} async></script>"#,
                    escape(&self.worker),
                    escape(&self.channel),
                )
            },
        )
    }
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A static HTTP server of a host site, on a free port of loopback (IPv4,
/// and IPv6 when the machine has it, so `localhost` resolves either way).
/// It stops when dropped.
pub struct Host {
    port: u16,
    page: Arc<Mutex<Page>>,
    stop: Arc<AtomicBool>,
    threads: Vec<JoinHandle<()>>,
}

impl Host {
    /// Serves `page` at `http://localhost:PORT/` and every path without an
    /// extension.
    pub fn start(page: Page) -> Host {
        let v4 = TcpListener::bind("127.0.0.1:0").expect("bind the host site's port");
        let port = v4.local_addr().expect("local address").port();
        let mut listeners = vec![v4];
        // Best effort: a machine without IPv6 still resolves localhost to 127.0.0.1.
        if let Ok(v6) = TcpListener::bind(("::1", port)) {
            listeners.push(v6);
        }
        let page = Arc::new(Mutex::new(page));
        let stop = Arc::new(AtomicBool::new(false));
        let threads = listeners
            .into_iter()
            .map(|l| {
                let (page, stop) = (Arc::clone(&page), Arc::clone(&stop));
                std::thread::spawn(move || accept(l, page, stop))
            })
            .collect();
        Host {
            port,
            page,
            stop,
            threads,
        }
    }

    /// `http://localhost:PORT` + `path` (`path` starts with `/`).
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.origin())
    }

    /// The site's origin, `http://localhost:PORT`.
    pub fn origin(&self) -> String {
        format!("http://localhost:{}", self.port)
    }

    /// Serves `page` from now on (the next load of any path).
    pub fn set_page(&self, page: Page) {
        *self.page.lock().unwrap_or_else(|p| p.into_inner()) = page;
    }
}

impl Drop for Host {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wake each accept loop with a connection of our own.
        for addr in [
            format!("127.0.0.1:{}", self.port),
            format!("[::1]:{}", self.port),
        ] {
            let _ = TcpStream::connect_timeout(
                &addr.parse().expect("a loopback address"),
                Duration::from_millis(200),
            );
        }
        for t in self.threads.drain(..) {
            let _ = t.join();
        }
    }
}

fn accept(l: TcpListener, page: Arc<Mutex<Page>>, stop: Arc<AtomicBool>) {
    for conn in l.incoming() {
        if stop.load(Ordering::SeqCst) {
            return;
        }
        let Ok(conn) = conn else { continue };
        // One thread per connection: browsers open sockets ahead of need and
        // may leave one idle while they use another.
        let page = Arc::clone(&page);
        std::thread::spawn(move || serve(conn, &page));
    }
}

fn serve(mut conn: TcpStream, page: &Mutex<Page>) {
    let _ = conn.set_read_timeout(Some(Duration::from_secs(10)));
    let _ = conn.set_write_timeout(Some(Duration::from_secs(10)));
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    while !buf.windows(4).any(|w| w == b"\r\n\r\n") {
        match conn.read(&mut chunk) {
            Ok(0) | Err(_) => return,
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
        }
        if buf.len() > 64 * 1024 {
            return;
        }
    }
    let head = String::from_utf8_lossy(&buf);
    let mut words = head.lines().next().unwrap_or_default().split_whitespace();
    let (method, target) = (
        words.next().unwrap_or_default(),
        words.next().unwrap_or("/"),
    );
    let path = target.split(['?', '#']).next().unwrap_or("/");
    let last = path.rsplit('/').next().unwrap_or_default();
    let (status, headers, body) = if method != "GET" && method != "HEAD" {
        (
            "405 Method Not Allowed",
            Vec::new(),
            "not allowed".to_owned(),
        )
    } else if !path.starts_with('/') || last.contains('.') {
        ("404 Not Found", Vec::new(), "not found".to_owned())
    } else {
        let p = page.lock().unwrap_or_else(|p| p.into_inner()).clone();
        ("200 OK", p.headers.clone(), p.html(path))
    };
    let kind = if status.starts_with("200") {
        "text/html; charset=utf-8"
    } else {
        "text/plain; charset=utf-8"
    };
    let mut out = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nConnection: close\r\n",
        body.len()
    );
    for (k, v) in &headers {
        out.push_str(&format!("{k}: {v}\r\n"));
    }
    out.push_str("\r\n");
    if method != "HEAD" {
        out.push_str(&body);
    }
    let _ = conn.write_all(out.as_bytes());
    let _ = conn.flush();
    let _ = conn.shutdown(Shutdown::Both);
}
