//! A WebSocket that reconnects by itself, spaced by the shared backoff (0.5 s
//! doubling to 10 s, with jitter), which starts over once a connection
//! delivered a frame. It pings every [`HEARTBEAT_MS`] and treats a ping left
//! unanswered as a dead connection.

use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};
use std::time::Duration;

use canal_shared::backoff::Backoff;
use canal_shared::protocol::HEARTBEAT_MS;
use leptos::prelude::{
    set_interval_with_handle, set_timeout_with_handle, IntervalHandle, TimeoutHandle,
};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{MessageEvent, WebSocket};

/// Where a socket stands, as `[data-testid=connection]` shows it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConnState {
    /// The first attempt is under way.
    Connecting,
    /// Connected.
    Open,
    /// The connection dropped; the next attempt is waiting or under way.
    Reconnecting,
}

impl ConnState {
    /// The value of `data-state`.
    pub fn as_str(self) -> &'static str {
        match self {
            ConnState::Connecting => "connecting",
            ConnState::Open => "open",
            ConnState::Reconnecting => "reconnecting",
        }
    }

    /// The state of several sockets together: reconnecting if any is, open if
    /// all are, connecting otherwise.
    pub fn combine(states: impl IntoIterator<Item = ConnState>) -> ConnState {
        let mut out = ConnState::Open;
        for s in states {
            match s {
                ConnState::Reconnecting => return ConnState::Reconnecting,
                ConnState::Connecting => out = ConnState::Connecting,
                ConnState::Open => {}
            }
        }
        out
    }
}

/// What a [`Socket`] tells its owner. Called outside any borrow of the
/// socket, so they may call [`Socket::send`] or [`Socket::close`].
pub struct Handlers {
    /// A connection opened: send the handshake.
    pub on_open: Box<dyn Fn(&Socket)>,
    /// A text frame arrived.
    pub on_text: Box<dyn Fn(String)>,
    /// The state changed.
    pub on_state: Box<dyn Fn(ConnState)>,
    /// A connection closed; the argument says whether it delivered any frame
    /// (a socket refused at the upgrade, e.g. for an expired token, did not).
    pub on_close: Box<dyn Fn(bool)>,
}

/// A reconnecting WebSocket. Cheap to clone; every clone is the same socket.
#[derive(Clone)]
pub struct Socket(Rc<Inner>);

struct Inner {
    url: String,
    handlers: Handlers,
    conn: RefCell<Option<Conn>>,
    stopped: Cell<bool>,
    heard: Cell<bool>,
    /// A `ping` went out and its `pong` has not come back yet.
    awaiting_pong: Cell<bool>,

    /// When to try again ([`canal_shared::backoff`]).
    backoff: RefCell<Backoff>,
    timer: RefCell<Option<TimeoutHandle>>,
}

/// One connection and the callbacks it holds.
struct Conn {
    ws: WebSocket,
    /// Sends `ping` every [`HEARTBEAT_MS`]; closes the connection when the
    /// previous one got no `pong`.
    heartbeat: Option<IntervalHandle>,
    _on_open: Closure<dyn FnMut(JsValue)>,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_close: Closure<dyn FnMut(JsValue)>,
}

impl Conn {
    /// Detaches the callbacks and closes the connection.
    fn shut(self) {
        if let Some(h) = &self.heartbeat {
            h.clear();
        }
        self.ws.set_onopen(None);
        self.ws.set_onmessage(None);
        self.ws.set_onclose(None);
        self.ws.set_onerror(None);
        let _ = self.ws.close();
        // The callbacks may be running right now (a handler closing its own
        // socket): free them once the current task is over.
        leptos::task::spawn_local(async move { drop(self) });
    }
}

impl Socket {
    /// Opens a socket to `url` (`ws://…` or `wss://…`) and keeps it open until
    /// [`Socket::close`].
    pub fn open(url: String, handlers: Handlers) -> Socket {
        let socket = Socket(Rc::new(Inner {
            url,
            handlers,
            conn: RefCell::new(None),
            stopped: Cell::new(false),
            heard: Cell::new(false),
            awaiting_pong: Cell::new(false),
            backoff: RefCell::new(Backoff::default()),
            timer: RefCell::new(None),
        }));
        (socket.0.handlers.on_state)(ConnState::Connecting);
        connect(&socket.0);
        socket
    }

    /// Sends a text frame if the socket is open; returns whether it was sent.
    pub fn send(&self, text: &str) -> bool {
        let ws = self.0.conn.borrow().as_ref().map(|c| c.ws.clone());
        match ws {
            Some(ws) if ws.ready_state() == WebSocket::OPEN => ws.send_with_str(text).is_ok(),
            _ => false,
        }
    }

    /// Whether the socket is open now.
    pub fn is_open(&self) -> bool {
        self.0
            .conn
            .borrow()
            .as_ref()
            .is_some_and(|c| c.ws.ready_state() == WebSocket::OPEN)
    }

    /// Closes the socket for good: no more reconnects, no more callbacks.
    pub fn close(&self) {
        self.0.stopped.set(true);
        if let Some(t) = self.0.timer.borrow_mut().take() {
            t.clear();
        }
        let conn = self.0.conn.borrow_mut().take();
        if let Some(conn) = conn {
            conn.shut();
        }
    }
}

/// The socket URL for `path` (such as `/ws/inbox`) on this page's host, with
/// each query parameter URL-encoded: `wss://` on an HTTPS page, `ws://` otherwise.
pub fn url(path: &str, query: &[(&str, &str)]) -> String {
    let location = web_sys::window().map(|w| w.location());
    let https = location
        .as_ref()
        .and_then(|l| l.protocol().ok())
        .is_some_and(|p| p == "https:");
    let host = location
        .and_then(|l| l.host().ok())
        .unwrap_or_else(|| "localhost".into());
    let mut url = format!("{}://{host}{path}", if https { "wss" } else { "ws" });
    for (i, (k, v)) in query.iter().enumerate() {
        url.push(if i == 0 { '?' } else { '&' });
        url.push_str(k);
        url.push('=');
        url.push_str(&String::from(js_sys::encode_uri_component(v)));
    }
    url
}

fn connect(inner: &Rc<Inner>) {
    if inner.stopped.get() {
        return;
    }
    inner.heard.set(false);
    let ws = match WebSocket::new(&inner.url) {
        Ok(ws) => ws,
        Err(_) => {
            retry(inner);
            return;
        }
    };
    let weak = Rc::downgrade(inner);

    let on_open = Closure::<dyn FnMut(JsValue)>::new({
        let weak = weak.clone();
        move |_: JsValue| {
            if let Some(inner) = live(&weak) {
                start_heartbeat(&inner);
                (inner.handlers.on_state)(ConnState::Open);
                (inner.handlers.on_open)(&Socket(inner.clone()));
            }
        }
    });
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new({
        let weak = weak.clone();
        move |ev: MessageEvent| {
            let Some(inner) = live(&weak) else { return };
            let Some(text) = ev.data().as_string() else {
                return;
            };
            if text == "pong" {
                inner.awaiting_pong.set(false);
                return;
            }
            if !inner.heard.replace(true) {
                inner.backoff.borrow_mut().reset();
            }
            (inner.handlers.on_text)(text);
        }
    });
    let on_close = Closure::<dyn FnMut(JsValue)>::new(move |_: JsValue| {
        if let Some(inner) = live(&weak) {
            lost(&inner);
        }
    });
    ws.set_onopen(Some(on_open.as_ref().unchecked_ref()));
    ws.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    ws.set_onclose(Some(on_close.as_ref().unchecked_ref()));
    inner.awaiting_pong.set(false);
    let previous = inner.conn.borrow_mut().replace(Conn {
        ws,
        heartbeat: None,
        _on_open: on_open,
        _on_message: on_message,
        _on_close: on_close,
    });
    if let Some(previous) = previous {
        previous.shut();
    }
}

/// The connection is gone (closed, or silent): drop it and reconnect.
fn lost(inner: &Rc<Inner>) {
    let conn = inner.conn.borrow_mut().take();
    if let Some(conn) = conn {
        conn.shut();
    }
    (inner.handlers.on_state)(ConnState::Reconnecting);
    (inner.handlers.on_close)(inner.heard.get());
    retry(inner);
}

/// Pings the server every [`HEARTBEAT_MS`]; a connection whose last ping got
/// no answer is dead (the network went away without closing it): close it,
/// and the usual reconnection follows.
fn start_heartbeat(inner: &Rc<Inner>) {
    let weak = Rc::downgrade(inner);
    let handle = set_interval_with_handle(
        move || {
            let Some(inner) = live(&weak) else { return };
            let ws = inner.conn.borrow().as_ref().map(|c| c.ws.clone());
            let Some(ws) = ws else { return };
            if inner.awaiting_pong.replace(true) {
                // No answer to the last ping: do not wait for a close
                // handshake that a dead network never completes.
                lost(&inner);
            } else {
                let _ = ws.send_with_str("ping");
            }
        },
        Duration::from_millis(HEARTBEAT_MS as u64),
    )
    .ok();
    if let Some(conn) = inner.conn.borrow_mut().as_mut() {
        if let Some(old) = std::mem::replace(&mut conn.heartbeat, handle) {
            old.clear();
        }
    }
}

/// The socket behind `weak`, unless it was closed for good.
fn live(weak: &Weak<Inner>) -> Option<Rc<Inner>> {
    weak.upgrade().filter(|i| !i.stopped.get())
}

fn retry(inner: &Rc<Inner>) {
    if inner.stopped.get() {
        return;
    }
    let wait = inner
        .backoff
        .borrow_mut()
        .next_delay_ms(js_sys::Math::random());
    let weak = Rc::downgrade(inner);
    let handle = set_timeout_with_handle(
        move || {
            if let Some(inner) = live(&weak) {
                inner.timer.borrow_mut().take();
                connect(&inner);
            }
        },
        Duration::from_millis(u64::from(wait)),
    )
    .ok();
    if let Some(old) = inner.timer.replace(handle) {
        old.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn combined_state() {
        use ConnState::*;
        assert_eq!(ConnState::combine([Open, Open]), Open);
        assert_eq!(ConnState::combine([Open, Connecting]), Connecting);
        assert_eq!(ConnState::combine([Connecting, Reconnecting]), Reconnecting);
        assert_eq!(ConnState::combine([]), Open);
    }
}
