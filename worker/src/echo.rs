//! A bare Durable Object that sends every frame it receives to every socket it
//! holds (with one socket: an echo; with two: a relay). The baseline the
//! benchmark compares Canal's message latency with. Routed only when
//! `CANAL_BENCH=1`. In rooms named `store…` each frame is first inserted into
//! SQLite, which shows what durability alone costs.

use worker::{
    durable_object, DurableObject, Env, Request, Response, Result, SqlStorage, State, WebSocket,
    WebSocketIncomingMessage, WebSocketPair,
};

/// The echo object.
#[durable_object]
pub struct Echo {
    state: State,
    sql: SqlStorage,
    store: bool,
}

impl DurableObject for Echo {
    fn new(state: State, _env: Env) -> Self {
        let sql = state.storage().sql();
        let store = state.id().name().is_some_and(|n| n.starts_with("store"));
        if store {
            crate::schema::migrate(&state.storage(), &[&crate::schema::ECHO]);
        }
        Self { state, sql, store }
    }

    async fn fetch(&self, _req: Request) -> Result<Response> {
        let pair = WebSocketPair::new()?;
        self.state.accept_web_socket(&pair.server);
        Response::from_websocket(pair.client)
    }

    async fn websocket_message(&self, ws: WebSocket, msg: WebSocketIncomingMessage) -> Result<()> {
        let _ = ws;
        if let (true, WebSocketIncomingMessage::String(s)) = (self.store, &msg) {
            self.sql.exec(
                "INSERT INTO frames (body) VALUES (?)",
                vec![s.clone().into()],
            )?;
        }
        for socket in self.state.get_websockets() {
            let _ = match &msg {
                WebSocketIncomingMessage::String(s) => socket.send_with_str(s),
                WebSocketIncomingMessage::Binary(b) => socket.send_with_bytes(b),
            };
        }
        Ok(())
    }

    async fn websocket_close(
        &self,
        ws: WebSocket,
        _code: usize,
        _reason: String,
        _clean: bool,
    ) -> Result<()> {
        let _ = ws.close(Some(1000), Some("closed"));
        Ok(())
    }

    async fn websocket_error(&self, _ws: WebSocket, _error: worker::Error) -> Result<()> {
        Ok(())
    }
}
