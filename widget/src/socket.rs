//! The conversation socket: a `WebSocket` with its handlers.

use canal_shared::ids::ConversationId;
use wasm_bindgen::prelude::*;
use web_sys::{MessageEvent, WebSocket};

use crate::env::window;

/// `ws(s)://<this host>/ws/visitor?conversation=…&token=…`, the scheme
/// following the page's.
pub fn visitor_url(conversation: &ConversationId, token: &str) -> String {
    let loc = window().location();
    let scheme = if loc.protocol().ok().as_deref() == Some("https:") {
        "wss"
    } else {
        "ws"
    };
    let host = loc.host().unwrap_or_default();
    let enc = |s: &str| String::from(js_sys::encode_uri_component(s));
    format!(
        "{scheme}://{host}/ws/visitor?conversation={}&token={}",
        enc(conversation.as_str()),
        enc(token)
    )
}

/// What a [`Socket`] reports.
pub enum SocketEvent {
    /// The connection is open.
    Open,
    /// A text frame arrived.
    Text(String),
    /// The connection closed or could not be opened.
    Closed,
}

/// An open (or opening) socket. Dropping it closes it without reporting.
pub struct Socket {
    ws: WebSocket,
    _handlers: [Closure<dyn FnMut(JsValue)>; 3],
}

impl Socket {
    /// Opens `url`; `on_event` hears about it until the socket is dropped.
    pub fn open(url: &str, on_event: impl Fn(SocketEvent) + 'static) -> Result<Socket, JsValue> {
        let ws = WebSocket::new(url)?;
        let on_event = std::rc::Rc::new(on_event);
        let handler = |make: fn(JsValue) -> SocketEvent| {
            let on_event = on_event.clone();
            Closure::<dyn FnMut(JsValue)>::new(move |e: JsValue| on_event(make(e)))
        };
        let open = handler(|_| SocketEvent::Open);
        let message = handler(|e| {
            let text = e.unchecked_into::<MessageEvent>().data().as_string();
            // Binary frames are not part of the protocol; an empty text is
            // refused by the parser like any other unknown frame.
            SocketEvent::Text(text.unwrap_or_default())
        });
        // `error` is always followed by `close`; only `close` is handled.
        let close = handler(|_| SocketEvent::Closed);
        ws.set_onopen(Some(open.as_ref().unchecked_ref()));
        ws.set_onmessage(Some(message.as_ref().unchecked_ref()));
        ws.set_onclose(Some(close.as_ref().unchecked_ref()));
        Ok(Socket {
            ws,
            _handlers: [open, message, close],
        })
    }

    /// Sends a text frame; `false` if the socket is not open.
    pub fn send(&self, text: &str) -> bool {
        self.ws.ready_state() == WebSocket::OPEN && self.ws.send_with_str(text).is_ok()
    }
}

impl Drop for Socket {
    fn drop(&mut self) {
        self.ws.set_onopen(None);
        self.ws.set_onmessage(None);
        self.ws.set_onclose(None);
        let _ = self.ws.close();
    }
}
