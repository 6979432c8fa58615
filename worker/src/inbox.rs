//! One object per operator: the live list of their conversations, pushed to
//! every console socket they have open. Conversations update it when something
//! changes for this operator (a new waiting conversation of their queue, a new
//! message in one they answer); the console never polls.

use canal_shared::protocol::{ConversationSummary, InboxFrame};
use serde::Deserialize;
use worker::{
    durable_object, DurableObject, Env, Request, Response, Result, SqlStorage, State, WebSocket,
    WebSocketIncomingMessage, WebSocketPair, WebSocketRequestResponsePair,
};

use crate::failure::Failure;
use crate::internal::{json, json_body, respond, to_json};

/// Most conversations sent in a snapshot.
const SNAPSHOT_LIMIT: i64 = 200;

#[derive(Deserialize)]
struct Row {
    summary: String,
}

/// An operator's inbox object.
#[durable_object]
pub struct Inbox {
    state: State,
    sql: SqlStorage,
}

impl DurableObject for Inbox {
    fn new(state: State, _env: Env) -> Self {
        let sql = state.storage().sql();
        // Invariant: fixed, valid DDL.
        sql.exec(
            "CREATE TABLE IF NOT EXISTS conversations (id TEXT PRIMARY KEY, last_at INTEGER NOT NULL, rev INTEGER NOT NULL, summary TEXT NOT NULL)",
            None,
        )
        .expect("inbox schema");
        if let Ok(pair) = WebSocketRequestResponsePair::new("ping", "pong") {
            state.set_websocket_auto_response(&pair);
        }
        Self { state, sql }
    }

    async fn fetch(&self, mut req: Request) -> Result<Response> {
        match req.path().as_str() {
            "/connect" => self.accept_socket(),
            "/upsert" => respond(json_body(&mut req).await.and_then(|s| self.upsert(s))),
            _ => respond(Err(Failure::not_found("no such inbox call"))),
        }
    }

    async fn websocket_message(
        &self,
        _ws: WebSocket,
        _msg: WebSocketIncomingMessage,
    ) -> Result<()> {
        // The inbox socket only receives; anything but the ping is ignored.
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

impl Inbox {
    fn accept_socket(&self) -> Result<Response> {
        let pair = WebSocketPair::new()?;
        self.state.accept_web_socket(&pair.server);
        let rows: Vec<Row> = self
            .sql
            .exec(
                "SELECT summary FROM conversations ORDER BY last_at DESC LIMIT ?",
                vec![SNAPSHOT_LIMIT.into()],
            )?
            .to_array()?;
        let conversations = rows
            .iter()
            .filter_map(|r| serde_json::from_str(&r.summary).ok())
            .collect();
        pair.server.send(&InboxFrame::Snapshot { conversations })?;
        Response::from_websocket(pair.client)
    }

    fn upsert(&self, s: ConversationSummary) -> crate::failure::ApiResult<Response> {
        let summary = to_json(&s)?;
        // Updates may arrive out of order: keep the newest revision only.
        let written = self
            .sql
            .exec(
                "INSERT INTO conversations (id, last_at, rev, summary) VALUES (?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET last_at = excluded.last_at, rev = excluded.rev, summary = excluded.summary WHERE excluded.rev > conversations.rev",
                vec![
                    s.id.to_string().into(),
                    s.last_at.0.into(),
                    (s.rev as i64).into(),
                    summary.into(),
                ],
            )?
            .rows_written();
        if written == 0 {
            return json(&serde_json::json!({ "ok": true, "stale": true }));
        }
        let frame = InboxFrame::Upsert { conversation: s };
        for ws in self.state.get_websockets() {
            let _ = ws.send(&frame);
        }
        json(&serde_json::json!({ "ok": true }))
    }
}
