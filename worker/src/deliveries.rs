//! A durable queue of HTTP calls to the outside (a connector's replies, the
//! CRM's webhook): each call is stored with the change that caused it, tried
//! at once, and retried with backoff (`canal_shared::connectors::retry_delay_ms`)
//! from the object's alarm until the other side has it or refuses it for good.

use canal_shared::connectors::{retry_delay_ms, Delivery, HttpCall};
use serde::Deserialize;
use worker::{Fetch, Headers, Method, Request, RequestInit, Result, SqlStorage, Storage};

use crate::crypto::now;
use crate::internal::to_json;

#[derive(Deserialize)]
struct Row {
    key: String,
    call: String,
    attempts: i64,
}

#[derive(Deserialize)]
struct AtRow {
    at: Option<i64>,
}

/// An object's queue of outgoing HTTP calls.
pub struct Deliveries {
    sql: SqlStorage,
}

impl Deliveries {
    /// The queue in `sql` (its table is `schema::DELIVERIES`, which its
    /// object migrates).
    pub fn new(sql: SqlStorage) -> Self {
        Self { sql }
    }

    /// Stores a call once per `key` (a second one with the same key is the
    /// same delivery).
    pub fn put(&self, key: &str, call: &HttpCall) -> Result<()> {
        self.sql.exec(
            "INSERT OR IGNORE INTO http_deliveries (key, call, attempts, next_at) VALUES (?, ?, 0, 0)",
            vec![key.into(), to_json(call)?.into()],
        )?;
        Ok(())
    }

    /// Forgets every call (the connector was removed).
    pub fn clear(&self) -> Result<()> {
        self.sql.exec("DELETE FROM http_deliveries", None)?;
        Ok(())
    }

    /// Makes the calls that are due; returns the final outcome of each call
    /// that is done (delivered, or failed for good), by key. `receipt` says
    /// what an answer means.
    pub async fn flush(
        &self,
        storage: &Storage,
        receipt: impl Fn(u16, &str) -> Delivery,
    ) -> Result<Vec<(String, Delivery)>> {
        let t = now();
        let due: Vec<Row> = self
            .sql
            .exec(
                "SELECT key, call, attempts FROM http_deliveries WHERE next_at <= ? ORDER BY next_at, key LIMIT 50",
                vec![t.0.into()],
            )?
            .to_array()?;
        let mut done = Vec::new();
        for row in due {
            let outcome = match serde_json::from_str::<HttpCall>(&row.call) {
                Ok(c) => match send(&c).await {
                    Ok((status, body)) => receipt(status, &body),
                    Err(e) => Delivery::Retry {
                        reason: e.to_string(),
                    },
                },
                Err(e) => Delivery::Failed {
                    reason: format!("unreadable delivery: {e}"),
                },
            };
            let attempts = u32::try_from(row.attempts).unwrap_or(u32::MAX);
            let outcome = match outcome {
                Delivery::Retry { reason } => match retry_delay_ms(attempts) {
                    Some(delay) => {
                        worker::console_warn!(
                            "delivery {} failed ({reason}); retrying in {delay} ms",
                            row.key
                        );
                        self.sql.exec(
                            "UPDATE http_deliveries SET attempts = attempts + 1, next_at = ? WHERE key = ?",
                            vec![t.plus_ms(delay).0.into(), row.key.clone().into()],
                        )?;
                        continue;
                    }
                    None => Delivery::Failed {
                        reason: format!("gave up after {attempts} attempts: {reason}"),
                    },
                },
                other => other,
            };
            self.sql.exec(
                "DELETE FROM http_deliveries WHERE key = ?",
                vec![row.key.clone().into()],
            )?;
            done.push((row.key, outcome));
        }
        self.arm(storage).await?;
        Ok(done)
    }

    /// Sets the alarm at the next retry, if any (keeping an earlier one).
    pub async fn arm(&self, storage: &Storage) -> Result<()> {
        let next: Vec<AtRow> = self
            .sql
            .exec("SELECT MIN(next_at) AS at FROM http_deliveries", None)?
            .to_array()?;
        if let Some(at) = next.first().and_then(|r| r.at) {
            let t = now().0;
            if storage
                .get_alarm()
                .await?
                .is_none_or(|current| current > at)
            {
                // An `i64` alarm is an offset from now, in milliseconds.
                storage.set_alarm((at - t).max(10)).await?;
            }
        }
        Ok(())
    }
}

/// Makes an HTTP call; the answer's status and body.
pub async fn send(c: &HttpCall) -> Result<(u16, String)> {
    let headers = Headers::new();
    for (k, v) in &c.headers {
        headers.set(k, v)?;
    }
    let mut init = RequestInit::new();
    init.with_method(Method::Post)
        .with_headers(headers)
        .with_body(Some(c.body.clone().into()));
    let req = Request::new_with_init(&c.url, &init)?;
    let mut res = Fetch::Request(req).send().await?;
    let status = res.status_code();
    Ok((status, res.text().await.unwrap_or_default()))
}
