//! A blocking WebSocket client that speaks Canal's protocol.

use std::net::TcpStream;
use std::time::{Duration, Instant};

use canal_shared::ids::{ConversationId, Seq};
use canal_shared::protocol::{
    ClientFrame, ConversationSummary, InboxFrame, ServerFrame, PROTOCOL_VERSION,
};
use serde::de::DeserializeOwned;
use tungstenite::client::IntoClientRequest;
use tungstenite::stream::MaybeTlsStream;
use tungstenite::{Message, WebSocket};

use crate::wait::PATIENCE;

/// An open socket.
pub struct Socket {
    ws: WebSocket<MaybeTlsStream<TcpStream>>,
}

/// Opens a socket; `Err(status)` when the server refuses the upgrade.
pub fn connect(url: &str) -> Result<Socket, u16> {
    open(url.into_client_request().expect("a WebSocket URL"), url)
}

/// Opens a conversation's socket (`/ws/visitor` or `/ws/operator`, `url`)
/// and says hello from the start, as a client that has seen nothing yet.
pub fn join(url: &str) -> Socket {
    let mut s = connect(url).unwrap_or_else(|status| panic!("{url} refused: {status}"));
    s.send(&ClientFrame::Hello {
        version: PROTOCOL_VERSION,
        after: Seq(0),
    });
    s
}

/// Like [`connect`], as a client at `ip` (locally, `wrangler dev` keeps a
/// `CF-Connecting-IP` the client sent, so a test can be several addresses).
pub fn connect_from(url: &str, ip: &str) -> Result<Socket, u16> {
    let mut req = url.into_client_request().expect("a WebSocket URL");
    req.headers_mut()
        .insert("cf-connecting-ip", ip.parse().expect("an address"));
    open(req, url)
}

fn open(req: tungstenite::handshake::client::Request, url: &str) -> Result<Socket, u16> {
    match tungstenite::connect(req) {
        Ok((ws, _)) => {
            if let MaybeTlsStream::Plain(s) = ws.get_ref() {
                s.set_read_timeout(Some(Duration::from_millis(100)))
                    .expect("set a read timeout");
                s.set_nodelay(true).expect("set TCP_NODELAY");
            }
            Ok(Socket { ws })
        }
        Err(tungstenite::Error::Http(res)) => Err(res.status().as_u16()),
        Err(e) => panic!("cannot connect to {url}: {e}"),
    }
}

impl Socket {
    /// Makes reads non-blocking: waiting spins instead of sleeping in the
    /// kernel, for benchmarks that measure sub-millisecond latencies.
    pub fn spin(&mut self) {
        if let MaybeTlsStream::Plain(s) = self.ws.get_ref() {
            s.set_nonblocking(true).expect("set non-blocking");
        }
    }

    /// Sends a frame.
    pub fn send(&mut self, frame: &ClientFrame) {
        self.send_text(&serde_json::to_string(frame).expect("frame serializes"));
    }

    /// Sends raw text (for malformed-frame tests).
    pub fn send_text(&mut self, text: &str) {
        self.ws
            .send(Message::text(text.to_owned()))
            .expect("send a frame");
    }

    /// The next frame of type `T`, if one comes within `wait`.
    pub fn next_within<T: DeserializeOwned>(&mut self, wait: Duration) -> Option<T> {
        let start = Instant::now();
        while start.elapsed() < wait {
            match self.ws.read() {
                Ok(Message::Text(t)) => {
                    return Some(
                        serde_json::from_str(t.as_str())
                            .unwrap_or_else(|e| panic!("unexpected frame {t}: {e}")),
                    )
                }
                Ok(_) => {}
                Err(tungstenite::Error::Io(e))
                    if matches!(
                        e.kind(),
                        std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                    ) => {}
                Err(e) => panic!("socket failed: {e}"),
            }
        }
        None
    }

    /// The next server frame (fails the test after the patience runs out).
    pub fn frame(&mut self) -> ServerFrame {
        self.next_within(PATIENCE)
            .expect("a frame within the patience")
    }

    /// The next inbox frame.
    pub fn next_inbox(&mut self) -> InboxFrame {
        self.next_within(PATIENCE)
            .expect("an inbox frame within the patience")
    }

    /// Reads frames until `pick` returns `Some`; fails after the patience runs out.
    pub fn until<T>(&mut self, what: &str, mut pick: impl FnMut(&ServerFrame) -> Option<T>) -> T {
        let start = Instant::now();
        while start.elapsed() < PATIENCE {
            if let Some(f) = self.next_within::<ServerFrame>(Duration::from_millis(200)) {
                if let Some(v) = pick(&f) {
                    return v;
                }
            }
        }
        panic!("timed out waiting for {what}");
    }

    /// Reads inbox frames until `pick` returns `Some`; fails after `wait`.
    pub fn until_inbox<T>(
        &mut self,
        what: &str,
        wait: Duration,
        mut pick: impl FnMut(&InboxFrame) -> Option<T>,
    ) -> T {
        let start = Instant::now();
        while start.elapsed() < wait {
            if let Some(f) = self.next_within::<InboxFrame>(Duration::from_millis(200)) {
                if let Some(v) = pick(&f) {
                    return v;
                }
            }
        }
        panic!("timed out waiting for {what}");
    }

    /// Reads inbox frames until one shows the conversation `c` with `pick`
    /// holding of its summary (an upsert, or a snapshot that lists it).
    pub fn summary_where(
        &mut self,
        c: &ConversationId,
        pick: impl Fn(&ConversationSummary) -> bool,
    ) -> ConversationSummary {
        self.until_inbox("the summary", PATIENCE, |f| match f {
            InboxFrame::Upsert { conversation } if &conversation.id == c && pick(conversation) => {
                Some(conversation.clone())
            }
            InboxFrame::Snapshot { conversations } => conversations
                .iter()
                .find(|s| &s.id == c && pick(s))
                .cloned(),
            _ => None,
        })
    }

    /// Whether the server closed the socket within `wait`.
    pub fn closed_within(&mut self, wait: Duration) -> bool {
        let start = Instant::now();
        while start.elapsed() < wait {
            match self.ws.read() {
                Ok(Message::Close(_)) => return true,
                Ok(_) => {}
                Err(tungstenite::Error::Io(e))
                    if matches!(
                        e.kind(),
                        std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                    ) => {}
                Err(_) => return true,
            }
        }
        false
    }

    /// Closes the socket.
    pub fn close(mut self) {
        let _ = self.ws.close(None);
    }
}
