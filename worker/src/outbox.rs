//! Calls from one object to others (an inbox update, a channel event), kept in
//! the caller's own storage in the same write as the change that caused them,
//! and sent by the object's alarm.
//!
//! - **Coalesced**: calls share a key (one per recipient); a newer call replaces
//!   an older one not yet sent, so a burst of messages costs one inbox update.
//! - **Off the message path**: the socket's ack and relay never wait for another
//!   object.
//! - **Durable and retried**: a call stays stored until its recipient answers;
//!   a failed flush fails the alarm, which the runtime retries.

use std::cell::Cell;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use worker::{Env, Result, SqlStorage, Storage};

use canal_shared::time::Timestamp;

use crate::crypto::now;
use crate::internal::{call, to_json};

/// How long calls wait to be coalesced before the alarm sends them.
pub const FLUSH_DELAY_MS: i64 = 100;

#[derive(Deserialize)]
struct Row {
    key: String,
    binding: String,
    name: String,
    path: String,
    body: String,
    rev: i64,
}

/// An object's outgoing calls.
pub struct Outbox {
    sql: SqlStorage,
    scheduled: Cell<bool>,
}

impl Outbox {
    /// The outbox in `sql` (its table is `schema::OUTBOX`, which its object
    /// migrates).
    pub fn new(sql: SqlStorage) -> Self {
        Self {
            sql,
            scheduled: Cell::new(false),
        }
    }

    /// Stores a call to `path` of object `name` in namespace `binding`,
    /// replacing any unsent call with the same `key`.
    pub fn put(
        &self,
        key: &str,
        binding: &str,
        name: &str,
        path: &str,
        body: &impl Serialize,
    ) -> Result<()> {
        let body = to_json(body)?;
        self.sql.exec(
            "INSERT INTO outbox (key, binding, name, path, body, rev) VALUES (?, ?, ?, ?, ?, 0) \
             ON CONFLICT(key) DO UPDATE SET binding = excluded.binding, name = excluded.name, path = excluded.path, body = excluded.body, rev = outbox.rev + 1",
            vec![key.into(), binding.into(), name.into(), path.into(), body.into()],
        )?;
        Ok(())
    }

    /// Adds to the unsent call with `key` (or a new one): `add` changes its
    /// body. Calls that accumulate (a batch of messages) are sent once
    /// however many were added before the flush; a recipient that gets a
    /// batch twice (a flush raced an addition) must take it idempotently.
    pub fn append<T: Default + Serialize + DeserializeOwned>(
        &self,
        key: &str,
        binding: &str,
        name: &str,
        path: &str,
        add: impl FnOnce(&mut T),
    ) -> Result<()> {
        #[derive(Deserialize)]
        struct Body {
            body: String,
        }
        let mut body: T = self
            .sql
            .exec("SELECT body FROM outbox WHERE key = ?", vec![key.into()])?
            .to_array::<Body>()?
            .first()
            .and_then(|b| serde_json::from_str(&b.body).ok())
            .unwrap_or_default();
        add(&mut body);
        self.put(key, binding, name, path, &body)
    }

    /// Makes sure the alarm will flush the outbox.
    pub async fn schedule(&self, storage: &Storage) -> Result<()> {
        if self.scheduled.get() {
            return Ok(());
        }
        self.arm(storage, None).await?;
        self.scheduled.set(true);
        Ok(())
    }

    /// Sets the object's one alarm to the earliest of a flush soon (when calls
    /// wait) and `deadline` (the object's own timer), keeping an earlier
    /// alarm already set: an early alarm only finds nothing to do.
    pub async fn arm(&self, storage: &Storage, deadline: Option<Timestamp>) -> Result<()> {
        let now = now();
        let flush = (!self.is_empty()?).then(|| now.plus_ms(FLUSH_DELAY_MS));
        let want = match (flush, deadline) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        let Some(want) = want else {
            return Ok(());
        };
        let current = storage.get_alarm().await?;
        if current.is_none_or(|t| t > want.0) {
            storage.set_alarm((want.0 - now.0).max(0)).await?;
        }
        Ok(())
    }

    /// Sends every stored call (from the alarm). A call is deleted once its
    /// recipient answered, unless a newer one replaced it meanwhile.
    pub async fn flush(&self, env: &Env) -> Result<()> {
        self.scheduled.set(false);
        let rows: Vec<Row> = self
            .sql
            .exec(
                "SELECT key, binding, name, path, body, rev FROM outbox",
                None,
            )?
            .to_array()?;
        let mut failed = None;
        for row in rows {
            let body: serde_json::Value = serde_json::from_str(&row.body).unwrap_or_default();
            let sent =
                call::<_, serde_json::Value>(env, &row.binding, &row.name, &row.path, &body).await;
            match sent {
                Ok(_) => {
                    self.sql.exec(
                        "DELETE FROM outbox WHERE key = ? AND rev = ?",
                        vec![row.key.into(), row.rev.into()],
                    )?;
                }
                Err(e) => failed = Some(format!("{} {}{}: {e}", row.binding, row.name, row.path)),
            }
        }
        match failed {
            // The alarm is retried by the runtime; the calls stay stored.
            Some(e) => Err(worker::Error::RustError(format!(
                "outbox flush failed: {e}"
            ))),
            None => Ok(()),
        }
    }

    /// Whether calls are waiting (a flush that raced a new call leaves some).
    pub fn is_empty(&self) -> Result<bool> {
        #[derive(Deserialize)]
        struct N {
            n: i64,
        }
        let rows: Vec<N> = self
            .sql
            .exec("SELECT COUNT(*) AS n FROM outbox", None)?
            .to_array()?;
        Ok(rows.first().is_none_or(|r| r.n == 0))
    }
}
