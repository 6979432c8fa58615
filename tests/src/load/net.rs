//! The load's own HTTP calls and non-blocking sockets: failures are
//! reported, not panics, since the worker may be down on purpose.

use std::net::TcpStream;
use std::os::fd::AsRawFd;
use std::time::{Duration, Instant};

use canal_shared::backoff::Backoff;
use serde_json::Value;
use tungstenite::stream::MaybeTlsStream;
use tungstenite::{Message as WsMessage, WebSocket};

use super::Shared;
use crate::worker::random_u128;

/// An HTTP call from address `from` that reports failures instead of
/// panicking.
pub(super) fn call(
    shared: &Shared,
    from: &str,
    method: &str,
    path: &str,
    token: Option<&str>,
    body: &Value,
) -> Result<(u16, Value), String> {
    let url = shared.url(path);
    let mut req = ureq::request(method, &url)
        .timeout(Duration::from_secs(30))
        .set("cf-connecting-ip", from);
    if let Some(t) = token {
        req = req.set("authorization", &format!("Bearer {t}"));
    }
    let res = if method == "GET" {
        req.call()
    } else {
        req.send_json(body)
    };
    match res {
        Ok(r) | Err(ureq::Error::Status(_, r)) => {
            let status = r.status();
            // A refusal from the runtime itself is text, not JSON: keep it.
            let text = r.into_string().unwrap_or_default();
            Ok((
                status,
                serde_json::from_str(&text).unwrap_or(Value::String(text)),
            ))
        }
        Err(e) => Err(e.to_string()),
    }
}

/// Calls until the worker answers (it may be restarting), for up to 2 minutes.
pub(super) fn call_through(
    shared: &Shared,
    from: &str,
    method: &str,
    path: &str,
    token: Option<&str>,
    body: &Value,
) -> (u16, Value) {
    let start = Instant::now();
    loop {
        match call(shared, from, method, path, token, body) {
            Ok(r) => return r,
            Err(e) if start.elapsed() > Duration::from_secs(120) => {
                panic!("{method} {path} failed for 2 minutes: {e}")
            }
            Err(_) => std::thread::sleep(Duration::from_millis(250)),
        }
    }
}

/// A non-blocking WebSocket.
pub(super) struct Link {
    ws: WebSocket<MaybeTlsStream<TcpStream>>,
}

impl Link {
    /// Opens `url` as a client at address `from` (locally, `wrangler dev`
    /// keeps the `CF-Connecting-IP` a client sends, so each simulated
    /// visitor has an address of its own, as real ones do).
    pub(super) fn dial(url: &str, from: &str) -> Result<Link, String> {
        use tungstenite::client::IntoClientRequest;
        let mut req = url.into_client_request().map_err(|e| e.to_string())?;
        req.headers_mut().insert(
            "cf-connecting-ip",
            from.parse()
                .map_err(|_| format!("not an address: {from}"))?,
        );
        let (ws, _) = tungstenite::connect(req).map_err(|e| e.to_string())?;
        if let MaybeTlsStream::Plain(s) = ws.get_ref() {
            s.set_nodelay(true).map_err(|e| e.to_string())?;
            s.set_nonblocking(true).map_err(|e| e.to_string())?;
        }
        Ok(Link { ws })
    }

    fn fd(&self) -> i32 {
        match self.ws.get_ref() {
            MaybeTlsStream::Plain(s) => s.as_raw_fd(),
            _ => -1,
        }
    }

    pub(super) fn send(&mut self, text: String) -> Result<(), String> {
        match self.ws.send(WsMessage::text(text)) {
            Ok(()) => Ok(()),
            Err(tungstenite::Error::Io(e)) if e.kind() == std::io::ErrorKind::WouldBlock => Ok(()),
            Err(e) => Err(e.to_string()),
        }
    }

    /// The next text frame, `None` when nothing is there yet.
    pub(super) fn read(&mut self) -> Result<Option<String>, String> {
        loop {
            match self.ws.read() {
                Ok(WsMessage::Text(t)) => return Ok(Some(t.to_string())),
                Ok(WsMessage::Close(_)) => return Err("closed by the server".into()),
                Ok(_) => {}
                Err(tungstenite::Error::Io(e)) if e.kind() == std::io::ErrorKind::WouldBlock => {
                    // Pending writes go out when the socket can take them.
                    return match self.ws.flush() {
                        Ok(()) => Ok(None),
                        Err(tungstenite::Error::Io(e))
                            if e.kind() == std::io::ErrorKind::WouldBlock =>
                        {
                            Ok(None)
                        }
                        Err(e) => Err(e.to_string()),
                    };
                }
                Err(e) => return Err(e.to_string()),
            }
        }
    }
}

/// Waits until one of `links` has something to read, or `wait` passes.
pub(super) fn poll(links: &[&Link], wait: Duration) {
    let mut fds: Vec<libc::pollfd> = links
        .iter()
        .map(|l| libc::pollfd {
            fd: l.fd(),
            events: libc::POLLIN,
            revents: 0,
        })
        .collect();
    if fds.is_empty() {
        std::thread::sleep(wait);
        return;
    }
    // SAFETY: `fds` is a valid array of pollfd for the length given.
    unsafe {
        libc::poll(
            fds.as_mut_ptr(),
            fds.len() as libc::nfds_t,
            wait.as_millis() as i32,
        );
    }
}

/// The clients' next reconnection delay (jittered), as the widget and the
/// console wait it.
pub(super) fn redial_delay(backoff: &mut Backoff) -> Duration {
    let random = (random_u128() % 1_000_000) as f64 / 1_000_000.0;
    Duration::from_millis(u64::from(backoff.next_delay_ms(random)))
}
