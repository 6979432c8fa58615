//! Every object's tables, as numbered migrations run when the object starts.
//!
//! A [`Part`] is a set of tables that evolves on its own: an object kind's,
//! or the outbox's and the deliveries' that objects hold beside theirs. Each
//! object's database records in `schema_versions` the last migration applied
//! to each of its parts; on start, [`migrate`] applies the ones after it, each
//! in one transaction with its new number (`transactionSync`), so a migration
//! is applied whole or not at all, and a second start changes nothing.
//!
//! Migration 1 of each part is the `CREATE … IF NOT EXISTS` the objects ran
//! before migrations existed, so a database written then (tables, no
//! number) goes through it unchanged; columns added since then are added
//! only when missing ([`Step::Columns`]), as those objects did too. A
//! shipped migration is never edited: a change is a new number at the end.

use canal_shared::schema::{pending, Migration};
use serde::Deserialize;
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsCast, JsValue};
use worker::{Result, SqlStorage, Storage};

/// What a migration does.
pub enum Step {
    /// Statements run in order.
    Sql(&'static [&'static str]),
    /// Columns (name, definition) added to a table that lacks them.
    Columns(&'static str, &'static [(&'static str, &'static str)]),
}

/// A set of tables with its own migrations.
pub struct Part {
    /// Its key in `schema_versions`.
    pub name: &'static str,
    /// Its migrations, numbered 1, 2, 3…
    pub migrations: &'static [Migration<Step>],
}

#[wasm_bindgen]
extern "C" {
    /// An object's storage, for the one method `worker` 0.8.7 does not bind.
    #[wasm_bindgen(extends = js_sys::Object)]
    type SyncStorage;

    /// Runs `f`: its writes are committed when it returns, rolled back when
    /// it throws (and the error thrown again).
    #[wasm_bindgen(method, catch, js_name = transactionSync)]
    fn transaction_sync(
        this: &SyncStorage,
        f: &mut dyn FnMut() -> std::result::Result<JsValue, JsValue>,
    ) -> std::result::Result<JsValue, JsValue>;
}

#[derive(Deserialize)]
struct VersionRow {
    version: i64,
}

/// Brings `parts` of the object's database to their last migration.
///
/// Panics when a migration fails: the object cannot run on a schema it does
/// not know, and its next start tries again from the last one applied.
pub fn migrate(storage: &Storage, parts: &[&Part]) {
    let sql = storage.sql();
    // Invariant: fixed, valid DDL.
    sql.exec(
        "CREATE TABLE IF NOT EXISTS schema_versions (part TEXT PRIMARY KEY, version INTEGER NOT NULL)",
        None,
    )
    .expect("schema versions");
    let raw: &SyncStorage = storage.as_raw().unchecked_ref();
    for part in parts {
        let applied = sql
            .exec(
                "SELECT version FROM schema_versions WHERE part = ?",
                vec![part.name.into()],
            )
            .and_then(|c| c.to_array::<VersionRow>())
            .map(|rows| rows.first().map_or(0, |r| r.version))
            .expect("schema versions");
        // Invariant: the lists below are numbered 1, 2, 3… (the last one
        // fits the stored number).
        let todo = pending(part.migrations, u32::try_from(applied).unwrap_or(0))
            .expect("migrations numbered in order");
        for m in todo {
            let mut run = || {
                apply(&sql, part.name, m)
                    .map(|()| JsValue::UNDEFINED)
                    .map_err(|e| JsValue::from_str(&e.to_string()))
            };
            if let Err(e) = raw.transaction_sync(&mut run) {
                panic!(
                    "migration {} of {} failed: {}",
                    m.version,
                    part.name,
                    e.as_string().unwrap_or_default()
                );
            }
        }
    }
}

/// Runs one migration and records its number.
fn apply(sql: &SqlStorage, part: &str, m: &Migration<Step>) -> Result<()> {
    match m.step {
        Step::Sql(statements) => {
            for s in statements {
                sql.exec(s, None)?;
            }
        }
        Step::Columns(table, columns) => {
            let have = sql
                .exec(&format!("SELECT * FROM {table} LIMIT 0"), None)?
                .column_names();
            for (column, definition) in columns {
                if !have.iter().any(|c| c == column) {
                    sql.exec(
                        &format!("ALTER TABLE {table} ADD COLUMN {column} {definition}"),
                        None,
                    )?;
                }
            }
        }
    }
    sql.exec(
        "INSERT INTO schema_versions (part, version) VALUES (?, ?) \
         ON CONFLICT(part) DO UPDATE SET version = excluded.version",
        vec![part.into(), i64::from(m.version).into()],
    )?;
    Ok(())
}

/// The outbox (`outbox`), in every object that calls others.
pub const OUTBOX: Part = Part {
    name: "outbox",
    migrations: &[Migration {
        version: 1,
        step: Step::Sql(&["CREATE TABLE IF NOT EXISTS outbox (key TEXT PRIMARY KEY, binding TEXT NOT NULL, name TEXT NOT NULL, path TEXT NOT NULL, body TEXT NOT NULL, rev INTEGER NOT NULL)"]),
    }],
};

/// The queue of HTTP calls to the outside (`deliveries`).
pub const DELIVERIES: Part = Part {
    name: "deliveries",
    migrations: &[Migration {
        version: 1,
        step: Step::Sql(&["CREATE TABLE IF NOT EXISTS http_deliveries (key TEXT PRIMARY KEY, call TEXT NOT NULL, attempts INTEGER NOT NULL, next_at INTEGER NOT NULL)"]),
    }],
};

/// A conversation's object.
pub const CONVERSATION: Part = Part {
    name: "conversation",
    migrations: &[
        Migration {
            version: 1,
            step: Step::Sql(&[
                "CREATE TABLE IF NOT EXISTS state (k TEXT PRIMARY KEY, v TEXT NOT NULL)",
                "CREATE TABLE IF NOT EXISTS messages (seq INTEGER PRIMARY KEY, side TEXT NOT NULL, client_id TEXT NOT NULL, author TEXT NOT NULL, text TEXT NOT NULL, at INTEGER NOT NULL, UNIQUE (side, client_id))",
            ]),
        },
        // The author visitors see of an operator's message (R-A-1); older
        // rows have none and show the author.
        Migration {
            version: 2,
            step: Step::Columns("messages", &[("shown_author", "TEXT")]),
        },
        // Private notes (#20): operators' sockets only; and event lines,
        // which clients word themselves. Older rows are neither.
        Migration {
            version: 3,
            step: Step::Columns(
                "messages",
                &[
                    ("note", "INTEGER NOT NULL DEFAULT 0"),
                    ("event", "TEXT"),
                ],
            ),
        },
        // Files (#21): each stored once per side and client id, and the
        // file a message carries (its `FileRef` as JSON, without a link).
        Migration {
            version: 4,
            step: Step::Sql(&[
                "CREATE TABLE IF NOT EXISTS files (side TEXT NOT NULL, client_id TEXT NOT NULL, file TEXT NOT NULL, at INTEGER NOT NULL, PRIMARY KEY (side, client_id))",
            ]),
        },
        Migration {
            version: 5,
            step: Step::Columns("messages", &[("file", "TEXT")]),
        },
    ],
};

/// A channel's object.
pub const CHANNEL: Part = Part {
    name: "channel",
    migrations: &[Migration {
        version: 1,
        step: Step::Sql(&[
            "CREATE TABLE IF NOT EXISTS conversations (id TEXT PRIMARY KEY, status TEXT NOT NULL, operator TEXT, created_at INTEGER NOT NULL, summary TEXT NOT NULL)",
            "CREATE TABLE IF NOT EXISTS state (k TEXT PRIMARY KEY, v TEXT NOT NULL)",
            "CREATE TABLE IF NOT EXISTS inputs (n INTEGER PRIMARY KEY, at INTEGER NOT NULL, input TEXT NOT NULL)",
        ]),
    }],
};

/// A channel's ledger.
pub const LEDGER: Part = Part {
    name: "ledger",
    migrations: &[Migration {
        version: 1,
        step: Step::Sql(&[
            "CREATE TABLE IF NOT EXISTS records (id TEXT PRIMARY KEY, rev INTEGER NOT NULL, operator TEXT, started_at INTEGER NOT NULL, first_ms INTEGER NOT NULL, total_ms INTEGER NOT NULL, avg_ms INTEGER NOT NULL, max_ms INTEGER NOT NULL, late INTEGER NOT NULL, body TEXT NOT NULL)",
            "CREATE INDEX IF NOT EXISTS records_by_operator ON records (operator, started_at, id)",
            "CREATE TABLE IF NOT EXISTS days (day TEXT PRIMARY KEY, body TEXT NOT NULL)",
            "CREATE VIRTUAL TABLE IF NOT EXISTS message_index USING fts5(text, author UNINDEXED, conversation UNINDEXED, seq UNINDEXED, side UNINDEXED, at UNINDEXED, tokenize = 'unicode61 remove_diacritics 2')",
            "CREATE TABLE IF NOT EXISTS indexed (conversation TEXT NOT NULL, seq INTEGER NOT NULL, PRIMARY KEY (conversation, seq))",
            // R-KPI-3: each conversation's number in its channel, given once.
            "CREATE TABLE IF NOT EXISTS numbers (conversation TEXT PRIMARY KEY, number INTEGER NOT NULL UNIQUE)",
            // One index per sort (`SortBy::column`): a page is a range of
            // it. A new sort adds its index in a new migration.
            "CREATE INDEX IF NOT EXISTS records_by_started_at ON records (started_at, id)",
            "CREATE INDEX IF NOT EXISTS records_by_first_ms ON records (first_ms, id)",
            "CREATE INDEX IF NOT EXISTS records_by_total_ms ON records (total_ms, id)",
            "CREATE INDEX IF NOT EXISTS records_by_avg_ms ON records (avg_ms, id)",
            "CREATE INDEX IF NOT EXISTS records_by_max_ms ON records (max_ms, id)",
            "CREATE INDEX IF NOT EXISTS records_by_late ON records (late, id)",
        ]),
    }],
};

/// The benchmark's echo object (rooms that store their frames).
pub const ECHO: Part = Part {
    name: "echo",
    migrations: &[Migration {
        version: 1,
        step: Step::Sql(&[
            "CREATE TABLE IF NOT EXISTS frames (n INTEGER PRIMARY KEY, body TEXT NOT NULL)",
        ]),
    }],
};

/// A connector's object.
pub const CONNECTOR: Part = Part {
    name: "connector",
    migrations: &[Migration {
        version: 1,
        step: Step::Sql(&[
            "CREATE TABLE IF NOT EXISTS config (k TEXT PRIMARY KEY, v TEXT NOT NULL)",
        ]),
    }],
};

/// An operator's inbox.
pub const INBOX: Part = Part {
    name: "inbox",
    migrations: &[Migration {
        version: 1,
        step: Step::Sql(&[
            "CREATE TABLE IF NOT EXISTS conversations (id TEXT PRIMARY KEY, last_at INTEGER NOT NULL, rev INTEGER NOT NULL, summary TEXT NOT NULL)",
            "CREATE TABLE IF NOT EXISTS kv (k TEXT PRIMARY KEY, v TEXT NOT NULL)",
            // R-KPI-3: notices for this person, kept a week.
            "CREATE TABLE IF NOT EXISTS notices (id TEXT PRIMARY KEY, at INTEGER NOT NULL, notice TEXT NOT NULL)",
        ]),
    }],
};

/// The CRM.
pub const CRM: Part = Part {
    name: "crm",
    migrations: &[Migration {
        version: 1,
        step: Step::Sql(&[
            "CREATE TABLE IF NOT EXISTS cards (id TEXT PRIMARY KEY, card TEXT NOT NULL, search TEXT NOT NULL, updated_at INTEGER NOT NULL, merged INTEGER NOT NULL DEFAULT 0)",
            "CREATE INDEX IF NOT EXISTS cards_by_update ON cards (merged, updated_at)",
            // R-CRM-1: what each client is recognised by.
            "CREATE TABLE IF NOT EXISTS client_keys (key TEXT PRIMARY KEY, client_id TEXT NOT NULL)",
            "CREATE TABLE IF NOT EXISTS conversation_clients (conversation_id TEXT PRIMARY KEY, client_id TEXT NOT NULL, channel_id TEXT NOT NULL)",
            "CREATE TABLE IF NOT EXISTS channel_crm (channel_id TEXT PRIMARY KEY, settings TEXT NOT NULL)",
            "CREATE TABLE IF NOT EXISTS crm_webhook (k TEXT PRIMARY KEY, url TEXT NOT NULL, secret TEXT NOT NULL)",
        ]),
    }],
};

/// The account's directory.
pub const ACCOUNT: Part = Part {
    name: "account",
    migrations: &[
        Migration {
            version: 1,
            step: Step::Sql(&[
                "CREATE TABLE IF NOT EXISTS users (id TEXT PRIMARY KEY, email TEXT NOT NULL UNIQUE, name TEXT NOT NULL, role TEXT NOT NULL, password TEXT NOT NULL, active INTEGER NOT NULL DEFAULT 1, created_at INTEGER NOT NULL)",
                "CREATE TABLE IF NOT EXISTS sessions (id TEXT PRIMARY KEY, user_id TEXT NOT NULL, created_at INTEGER NOT NULL, expires_at INTEGER NOT NULL, revoked INTEGER NOT NULL DEFAULT 0)",
                "CREATE TABLE IF NOT EXISTS channels (id TEXT PRIMARY KEY, number INTEGER NOT NULL UNIQUE, name TEXT NOT NULL, created_at INTEGER NOT NULL)",
                // Counters that outlive what they count (the highest channel
                // number ever given, R-CH-4).
                "CREATE TABLE IF NOT EXISTS counters (k TEXT PRIMARY KEY, v INTEGER NOT NULL)",
                // A channel's identity secret: sites sign their user's token with it.
                "CREATE TABLE IF NOT EXISTS channel_identity (channel_id TEXT PRIMARY KEY, secret TEXT NOT NULL, created_at INTEGER NOT NULL)",
                // R-CH-3, R-CH-9: a channel's connectors, secrets included.
                "CREATE TABLE IF NOT EXISTS connectors (id TEXT PRIMARY KEY, channel_id TEXT NOT NULL, kind TEXT NOT NULL, config TEXT NOT NULL, created_at INTEGER NOT NULL)",
                // The queue as operators, departments expanded (kept by `rebuild`).
                "CREATE TABLE IF NOT EXISTS queue (channel_id TEXT NOT NULL, position INTEGER NOT NULL, user_id TEXT NOT NULL, PRIMARY KEY (channel_id, user_id))",
                // The queue as the admin built it (R-Q-1).
                "CREATE TABLE IF NOT EXISTS queue_entries (channel_id TEXT NOT NULL, position INTEGER NOT NULL, kind TEXT NOT NULL, ref_id TEXT NOT NULL, PRIMARY KEY (channel_id, kind, ref_id))",
                "CREATE TABLE IF NOT EXISTS channel_settings (channel_id TEXT PRIMARY KEY, settings TEXT NOT NULL)",
                "CREATE TABLE IF NOT EXISTS channel_automation (channel_id TEXT PRIMARY KEY, settings TEXT NOT NULL, hours TEXT)",
                "CREATE TABLE IF NOT EXISTS departments (id TEXT PRIMARY KEY, name TEXT NOT NULL, head TEXT, created_at INTEGER NOT NULL)",
                "CREATE TABLE IF NOT EXISTS department_members (department_id TEXT NOT NULL, position INTEGER NOT NULL, user_id TEXT NOT NULL, PRIMARY KEY (department_id, user_id))",
                // R-C-1: every version of every text is kept, so an acceptance
                // names the exact words.
                "CREATE TABLE IF NOT EXISTS consent_texts (id TEXT NOT NULL, version INTEGER NOT NULL, name TEXT NOT NULL, body TEXT NOT NULL, at INTEGER NOT NULL, PRIMARY KEY (id, version))",
                // R-A-1, R-WH-3, R-C-1: one JSON row per channel; the channel's
                // own notice's last body and version stay when it is switched off.
                "CREATE TABLE IF NOT EXISTS widget_settings (channel_id TEXT PRIMARY KEY, settings TEXT NOT NULL, own_body TEXT, own_version INTEGER NOT NULL DEFAULT 0)",
                // R-C-1: who accepted which words, when, where (`text_id` is
                // empty for a channel's own notice).
                "CREATE TABLE IF NOT EXISTS consent_acceptances (conversation_id TEXT NOT NULL, text_id TEXT NOT NULL, version INTEGER NOT NULL, visitor_id TEXT NOT NULL, channel_id TEXT NOT NULL, at INTEGER NOT NULL, page TEXT NOT NULL, PRIMARY KEY (conversation_id, text_id, version))",
                "CREATE INDEX IF NOT EXISTS consent_acceptances_by_channel ON consent_acceptances (channel_id, at)",
                // R-PR-1: lists of predefined responses, one row per response in
                // order, and the list each channel uses (no row: none).
                "CREATE TABLE IF NOT EXISTS canned_lists (id TEXT PRIMARY KEY, name TEXT NOT NULL)",
                // R-BOT-1: bots registered by URL with what they declared, and
                // the bot each channel assigns (no row: none).
                "CREATE TABLE IF NOT EXISTS bots (id TEXT PRIMARY KEY, name TEXT NOT NULL, url TEXT NOT NULL, secret TEXT NOT NULL, open_channels INTEGER NOT NULL, created_at INTEGER NOT NULL)",
                "CREATE TABLE IF NOT EXISTS channel_bot (channel_id TEXT PRIMARY KEY, bot_id TEXT NOT NULL)",
                // R-KPI-1…3: a channel's response-time limits (no row: none).
                "CREATE TABLE IF NOT EXISTS channel_kpi (channel_id TEXT PRIMARY KEY, settings TEXT NOT NULL)",
                // R-KPI-3: late notices already emailed (a retried report sends
                // none twice); kept a week.
                "CREATE TABLE IF NOT EXISTS emailed (id TEXT PRIMARY KEY, at INTEGER NOT NULL)",
                "CREATE TABLE IF NOT EXISTS canned_responses (list_id TEXT NOT NULL, position INTEGER NOT NULL, title TEXT NOT NULL, text TEXT NOT NULL, shortcut TEXT, PRIMARY KEY (list_id, position))",
                "CREATE TABLE IF NOT EXISTS channel_canned (channel_id TEXT PRIMARY KEY, list_id TEXT NOT NULL)",
                // Channels set up before queues had entries keep their people.
                "INSERT OR IGNORE INTO queue_entries (channel_id, position, kind, ref_id) SELECT channel_id, position, 'user', user_id FROM queue WHERE channel_id NOT IN (SELECT channel_id FROM queue_entries)",
            ]),
        },
        // R-A-1: the profile visitors see.
        Migration {
            version: 2,
            step: Step::Columns("users", &[("position", "TEXT"), ("avatar", "TEXT")]),
        },
        // R-CH-5: channels can be switched off; R-CH-7: the language of
        // their emails; R-W-6: who may embed them (as JSON).
        Migration {
            version: 3,
            step: Step::Columns(
                "channels",
                &[
                    ("active", "INTEGER NOT NULL DEFAULT 1"),
                    ("email_language", "TEXT"),
                    ("allowed_domains", "TEXT"),
                ],
            ),
        },
        // Settings of the whole account, as JSON by name: the rules for
        // files (#21).
        Migration {
            version: 4,
            step: Step::Sql(&[
                "CREATE TABLE IF NOT EXISTS account_settings (k TEXT PRIMARY KEY, v TEXT NOT NULL)",
            ]),
        },
    ],
};
