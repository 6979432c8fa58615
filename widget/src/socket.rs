//! The conversation socket: a `WebSocket` with its handlers, and the backoff
//! that spaces out reconnections.

use canal_shared::ids::ConversationId;
use wasm_bindgen::prelude::*;
use web_sys::{MessageEvent, WebSocket};

use crate::env::window;

/// First delay before reconnecting, in milliseconds.
const FIRST_DELAY_MS: f64 = 500.0;
/// Longest delay between two attempts, in milliseconds.
const MAX_DELAY_MS: f64 = 10_000.0;

/// Exponential backoff with jitter: 0.5 s, 1 s, 2 s… up to 10 s, each delay
/// drawn between half and all of its step so that many widgets dropped at
/// once (a deploy, a network blip) do not all come back at the same instant.
#[derive(Clone, Debug, Default)]
pub struct Backoff {
    attempt: u32,
}

impl Backoff {
    /// The delay before the next attempt, given `random` in `[0, 1)`.
    pub fn next_delay_ms(&mut self, random: f64) -> u32 {
        let step = (FIRST_DELAY_MS * 2f64.powi(self.attempt.min(16) as i32)).min(MAX_DELAY_MS);
        self.attempt = self.attempt.saturating_add(1);
        (step * (0.5 + 0.5 * random.clamp(0.0, 1.0))) as u32
    }

    /// Whether no attempt failed since the last [`Backoff::reset`].
    pub fn is_fresh(&self) -> bool {
        self.attempt == 0
    }

    /// Back to the first delay (after a successful `Welcome`).
    pub fn reset(&mut self) {
        self.attempt = 0;
    }
}

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_to_a_cap_with_jitter_and_resets() {
        let mut b = Backoff::default();
        assert!(b.is_fresh());
        assert_eq!(b.next_delay_ms(1.0), 500);
        assert_eq!(b.next_delay_ms(1.0), 1000);
        assert_eq!(b.next_delay_ms(0.0), 1000);
        for _ in 0..20 {
            b.next_delay_ms(0.5);
        }
        assert_eq!(b.next_delay_ms(1.0), 10_000);
        assert_eq!(b.next_delay_ms(0.0), 5_000);
        b.reset();
        assert_eq!(b.next_delay_ms(0.0), 250);
    }
}
