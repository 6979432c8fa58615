//! One object per channel: the index of its conversations (status, who
//! answers). It hears of a conversation when it starts waiting and when an
//! operator takes it — lifecycle events, never every message. The routing of
//! the queue will live here.

use canal_shared::protocol::{ConversationSummary, OperatorInfo};
use serde::{Deserialize, Serialize};
use worker::{durable_object, DurableObject, Env, Request, Response, Result, SqlStorage, State};

use crate::failure::{ApiResult, Failure};
use crate::internal::{json, json_body, respond, to_json};

/// `/assigned`: an operator took a conversation.
#[derive(Serialize, Deserialize)]
pub struct Assigned {
    pub conversation: String,
    pub operator: OperatorInfo,
}

/// A channel's object.
#[durable_object]
pub struct Channel {
    sql: SqlStorage,
}

impl DurableObject for Channel {
    fn new(state: State, _env: Env) -> Self {
        let sql = state.storage().sql();
        // Invariant: fixed, valid DDL.
        sql.exec(
            "CREATE TABLE IF NOT EXISTS conversations (id TEXT PRIMARY KEY, status TEXT NOT NULL, operator TEXT, created_at INTEGER NOT NULL, summary TEXT NOT NULL)",
            None,
        )
        .expect("channel schema");
        Self { sql }
    }

    async fn fetch(&self, mut req: Request) -> Result<Response> {
        respond(match req.path().as_str() {
            "/register" => json_body(&mut req).await.and_then(|s| self.register(&s)),
            "/assigned" => json_body(&mut req).await.and_then(|a| self.assigned(&a)),
            _ => Err(Failure::not_found("no such channel call")),
        })
    }
}

impl Channel {
    fn register(&self, s: &ConversationSummary) -> ApiResult<Response> {
        let summary = to_json(s)?;
        self.sql.exec(
            "INSERT INTO conversations (id, status, created_at, summary) VALUES (?, 'waiting', ?, ?) ON CONFLICT(id) DO NOTHING",
            vec![s.id.to_string().into(), s.last_at.0.into(), summary.into()],
        )?;
        json(&serde_json::json!({ "ok": true }))
    }

    fn assigned(&self, a: &Assigned) -> ApiResult<Response> {
        self.sql.exec(
            "UPDATE conversations SET status = 'active', operator = ? WHERE id = ?",
            vec![
                a.operator.id.to_string().into(),
                a.conversation.clone().into(),
            ],
        )?;
        json(&serde_json::json!({ "ok": true }))
    }
}
