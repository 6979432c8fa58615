//! Files the operator sends (#21). Each file picked, dropped or pasted is
//! uploaded at once (`PUT /api/files`, through `XMLHttpRequest`: `fetch`
//! reports no upload progress) under a client id of its own, so trying
//! again after a refusal or a lost connection stores it once. The message
//! that carries it goes out when the operator sends, in the order the
//! files were added; the server decides what may be stored and says why
//! not.
//!
//! A file not sent yet is kept in the console's own IndexedDB ([`kept`]):
//! its bytes until the server has stored it, then what the server said of
//! it, until it leaves the composer (sent or removed). After a reload, the
//! conversation's composer gets it back and sends it again under the same
//! id, so it is stored once.
//!
//! Every text shown here is in the console's catalog (#22).

use std::collections::HashMap;

use canal_shared::i18n::{Arg, ConsoleMsg};
use canal_shared::ids::{ClientMsgId, ConversationId};
use canal_shared::protocol::FileRef;
use leptos::prelude::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{Event, File, ProgressEvent, XmlHttpRequest};

use crate::chat::new_message_id;
use crate::i18n;

/// Where one file stands.
#[derive(Clone, Debug, PartialEq)]
pub enum Stage {
    /// Being sent: the share of its bytes sent so far, 0 to 1.
    Sending(f64),
    /// Stored; it goes with the next message.
    Stored(FileRef),
    /// Not stored, and why; whether trying again may help (a lost
    /// connection, a busy server) or not (a refusal, which says why).
    Failed {
        /// What to tell the operator.
        why: String,
        /// Whether to offer to try again.
        retry: bool,
    },
}

/// A file of the composer.
#[derive(Clone, Debug, PartialEq)]
pub struct Staged {
    /// Its client id (the upload's idempotency key).
    pub id: ClientMsgId,
    /// Its name, as the browser gives it.
    pub name: String,
    /// Its size in bytes.
    pub size: u64,
    /// Where it stands.
    pub stage: Stage,
}

/// One upload's browser objects, kept until the file leaves the composer.
struct Transfer {
    file: File,
    xhr: Option<XmlHttpRequest>,
    _on_progress: Option<Closure<dyn FnMut(ProgressEvent)>>,
    _on_end: Option<Closure<dyn FnMut(Event)>>,
}

/// The files of one conversation's composer.
#[derive(Clone, Copy)]
pub struct Uploads {
    /// What the composer shows, in the order the files were added.
    pub list: RwSignal<Vec<Staged>>,
    transfers: StoredValue<HashMap<ClientMsgId, Transfer>, LocalStorage>,
    target: StoredValue<(ConversationId, String)>,
}

impl Uploads {
    /// The composer's files for `conversation`, sent with the session
    /// `token`, with those kept from before a reload.
    pub fn new(conversation: ConversationId, token: String) -> Self {
        let uploads = Uploads {
            list: RwSignal::new(Vec::new()),
            transfers: StoredValue::new_local(HashMap::new()),
            target: StoredValue::new((conversation.clone(), token)),
        };
        kept::load(&conversation, move |files| uploads.restore(files));
        uploads
    }

    /// The files kept for this conversation before a reload: a stored one
    /// waits in the composer, the others go again under their id.
    fn restore(self, files: Vec<kept::Kept>) {
        for k in files {
            let known = self
                .list
                .try_with_untracked(|l| l.iter().any(|s| s.id == k.id))
                .unwrap_or(true);
            if known {
                continue;
            }
            let stage = match (&k.stored, &k.file) {
                (Some(file), _) => Stage::Stored(file.clone()),
                (None, Some(_)) => Stage::Sending(0.0),
                (None, None) => continue,
            };
            self.list.update(|l| {
                l.push(Staged {
                    id: k.id.clone(),
                    name: k.name.clone(),
                    size: k.size,
                    stage,
                })
            });
            if let (None, Some(file)) = (k.stored, k.file) {
                self.transfers.update_value(|t| {
                    t.insert(
                        k.id.clone(),
                        Transfer {
                            file,
                            xhr: None,
                            _on_progress: None,
                            _on_end: None,
                        },
                    );
                });
                self.start(&k.id);
            }
        }
    }

    /// Adds `files` and starts sending each.
    pub fn add(self, files: impl IntoIterator<Item = File>) {
        for file in files {
            let id = match new_message_id() {
                Ok(id) => id,
                Err(e) => {
                    leptos::logging::warn!("{e}");
                    return;
                }
            };
            self.list.update(|l| {
                l.push(Staged {
                    id: id.clone(),
                    name: file.name(),
                    size: file.size() as u64,
                    stage: Stage::Sending(0.0),
                })
            });
            kept::put(&self.conversation(), &id, &file);
            self.transfers.update_value(|t| {
                t.insert(
                    id.clone(),
                    Transfer {
                        file,
                        xhr: None,
                        _on_progress: None,
                        _on_end: None,
                    },
                );
            });
            self.start(&id);
        }
    }

    /// Tries a failed file again, under the same id.
    pub fn retry(self, id: &ClientMsgId) {
        self.start(id);
    }

    /// Tries again every file whose failure may pass (the browser is back
    /// online).
    pub fn retry_all(self) {
        let failed: Vec<ClientMsgId> = self.list.with_untracked(|l| {
            l.iter()
                .filter(|s| matches!(s.stage, Stage::Failed { retry: true, .. }))
                .map(|s| s.id.clone())
                .collect()
        });
        for id in failed {
            self.start(&id);
        }
    }

    /// Stops sending a file, or forgets a stored one: it leaves the composer.
    pub fn remove(self, id: &ClientMsgId) {
        self.list.update(|l| l.retain(|s| &s.id != id));
        kept::forget(&self.conversation(), id);
        if let Some(t) = self.transfers.try_update_value(|t| t.remove(id)).flatten() {
            if let Some(xhr) = &t.xhr {
                let _ = xhr.abort();
            }
        }
    }

    /// Whether a file is still being sent.
    pub fn sending(self) -> bool {
        self.list
            .with_untracked(|l| l.iter().any(|s| matches!(s.stage, Stage::Sending(_))))
    }

    /// The stored files, in order, or `None` while one is still being
    /// sent. They stay in the composer until [`Uploads::remove`]d.
    pub fn stored(self) -> Option<Vec<FileRef>> {
        if self.sending() {
            return None;
        }
        Some(self.list.with_untracked(|l| {
            l.iter()
                .filter_map(|s| match &s.stage {
                    Stage::Stored(file) => Some(file.clone()),
                    _ => None,
                })
                .collect()
        }))
    }

    /// Whether the composer has files at all.
    pub fn is_empty(self) -> bool {
        self.list.with_untracked(Vec::is_empty)
    }

    fn conversation(self) -> ConversationId {
        self.target.with_value(|(c, _)| c.clone())
    }

    fn set(self, id: &ClientMsgId, stage: Stage) {
        self.list.update(|l| {
            if let Some(s) = l.iter_mut().find(|s| &s.id == id) {
                s.stage = stage;
            }
        });
    }

    fn start(self, id: &ClientMsgId) {
        let Some(file) = self
            .transfers
            .with_value(|t| t.get(id).map(|t| t.file.clone()))
        else {
            return;
        };
        self.set(id, Stage::Sending(0.0));
        match self.open(id, &file) {
            Ok(transfer) => self.transfers.update_value(|t| {
                t.insert(id.clone(), transfer);
            }),
            Err(_) => self.set(
                id,
                Stage::Failed {
                    why: i18n::text(ConsoleMsg::UploadsBrowserFailed, &[]),
                    retry: false,
                },
            ),
        }
    }

    fn open(self, id: &ClientMsgId, file: &File) -> Result<Transfer, wasm_bindgen::JsValue> {
        let (conversation, token) = self.target.get_value();
        let encode = |s: &str| String::from(js_sys::encode_uri_component(s));
        let url = format!(
            "/api/files?conversation={}&id={}&name={}",
            encode(conversation.as_str()),
            encode(id.as_str()),
            encode(&file.name())
        );
        let xhr = XmlHttpRequest::new()?;
        xhr.open("PUT", &url)?;
        let (header, value) = crate::api::authorization(&token);
        xhr.set_request_header(header, &value)?;
        let progress_id = id.clone();
        let on_progress = Closure::<dyn FnMut(ProgressEvent)>::new(move |e: ProgressEvent| {
            if e.length_computable() && e.total() > 0.0 {
                self.set(&progress_id, Stage::Sending(e.loaded() / e.total()));
            }
        });
        xhr.upload()?
            .set_onprogress(Some(on_progress.as_ref().unchecked_ref()));
        let (end_id, end_xhr) = (id.clone(), xhr.clone());
        let on_end = Closure::<dyn FnMut(Event)>::new(move |_: Event| {
            self.finished(&end_id, &end_xhr);
        });
        xhr.set_onloadend(Some(on_end.as_ref().unchecked_ref()));
        xhr.send_with_opt_blob(Some(file))?;
        Ok(Transfer {
            file: file.clone(),
            xhr: Some(xhr),
            _on_progress: Some(on_progress),
            _on_end: Some(on_end),
        })
    }

    fn finished(self, id: &ClientMsgId, xhr: &XmlHttpRequest) {
        // Removed meanwhile (the abort ends it too): nothing to say.
        if !self.list.with_untracked(|l| l.iter().any(|s| &s.id == id)) {
            return;
        }
        // 201: stored now; 200: stored already (a retry).
        let status = xhr.status().unwrap_or(0);
        let text = xhr.response_text().ok().flatten().unwrap_or_default();
        let stage = match status {
            200 | 201 => match serde_json::from_str::<FileRef>(&text) {
                Ok(file) => Stage::Stored(file),
                Err(e) => Stage::Failed {
                    why: i18n::text(
                        ConsoleMsg::UploadsAnswerNotUnderstood,
                        &[("error", Arg::Str(&e.to_string()))],
                    ),
                    retry: true,
                },
            },
            0 => Stage::Failed {
                why: i18n::text(ConsoleMsg::UploadsConnectionLost, &[]),
                retry: true,
            },
            s => Stage::Failed {
                why: crate::api::refusal(i18n::lang_now(), s, &text).message,
                retry: s == 429 || s >= 500,
            },
        };
        // Stored: its bytes are no longer kept, what the server said is
        // (until it is sent); refused for good: nothing is.
        match &stage {
            Stage::Stored(file) => kept::stored(&self.conversation(), id, file),
            Stage::Failed { retry: false, .. } => kept::forget(&self.conversation(), id),
            _ => {}
        }
        self.set(id, stage);
    }
}

/// The console's files not sent yet, kept in its own IndexedDB (#21)
/// under `<conversation> <file id>`: `{id, name, size, f: the bytes until
/// stored, stored: what the server said of it once stored, n: its place}`.
/// Without IndexedDB nothing is kept (as before #21).
mod kept {
    use canal_shared::files::MAX_LIMIT_BYTES;
    use canal_shared::ids::{ClientMsgId, ConversationId};
    use canal_shared::protocol::FileRef;
    use js_sys::{Array, Object, Reflect};
    use wasm_bindgen::{JsCast, JsValue};
    use web_sys::{File, IdbDatabase, IdbKeyRange, IdbObjectStore, IdbTransactionMode};

    const DB: &str = "canal-console-files";
    const STORE: &str = "f";

    /// A file kept from before a reload.
    pub struct Kept {
        pub id: ClientMsgId,
        pub name: String,
        pub size: u64,
        pub file: Option<File>,
        pub stored: Option<FileRef>,
    }

    fn key(conversation: &ConversationId, id: &ClientMsgId) -> JsValue {
        format!("{conversation} {id}").into()
    }

    /// Runs `f` on the store, once the database is open.
    fn with_store(f: impl FnOnce(IdbObjectStore) + 'static) {
        let Some(factory) = web_sys::window().and_then(|w| w.indexed_db().ok().flatten()) else {
            return;
        };
        let Ok(open) = factory.open_with_u32(DB, 1) else {
            return;
        };
        let req = open.clone();
        let upgrade = wasm_bindgen::closure::Closure::once_into_js(move || {
            if let Ok(db) = req.result() {
                let _ = db
                    .unchecked_into::<IdbDatabase>()
                    .create_object_store(STORE);
            }
        });
        open.set_onupgradeneeded(Some(upgrade.unchecked_ref()));
        let req = open.clone();
        let success = wasm_bindgen::closure::Closure::once_into_js(move || {
            let Ok(db) = req.result() else { return };
            let db = db.unchecked_into::<IdbDatabase>();
            let store = db
                .transaction_with_str_and_mode(STORE, IdbTransactionMode::Readwrite)
                .and_then(|t| t.object_store(STORE));
            if let Ok(store) = store {
                f(store);
            }
        });
        open.set_onsuccess(Some(success.unchecked_ref()));
    }

    /// Keeps file `id` with its bytes, up to the largest limit an account
    /// may set (a larger one is refused by any account).
    pub fn put(conversation: &ConversationId, id: &ClientMsgId, file: &File) {
        if file.size() > MAX_LIMIT_BYTES as f64 {
            return;
        }
        let record = Object::new();
        let set = |k: &str, v: JsValue| {
            let _ = Reflect::set(&record, &k.into(), &v);
        };
        set("id", id.as_str().into());
        set("name", file.name().into());
        set("size", file.size().into());
        set("f", file.into());
        // Its place: after every file kept before it, even in the same
        // millisecond.
        let n = LAST.with(|last| {
            let n = js_sys::Date::now().max(last.get() + 1.0);
            last.set(n);
            n
        });
        set("n", n.into());
        let key = key(conversation, id);
        with_store(move |s| {
            let _ = s.put_with_key(&record, &key);
        });
    }

    thread_local! {
        static LAST: std::cell::Cell<f64> = const { std::cell::Cell::new(0.0) };
    }

    /// File `id` is stored as `file`: its bytes are no longer kept, what
    /// the server said of it is, in its place.
    pub fn stored(conversation: &ConversationId, id: &ClientMsgId, file: &FileRef) {
        let Ok(json) = serde_json::to_string(file) else {
            return;
        };
        let key = key(conversation, id);
        with_store(move |s| {
            let Ok(req) = s.get(&key) else { return };
            let done = req.clone();
            let on = wasm_bindgen::closure::Closure::once_into_js(move || {
                let Ok(record) = done.result() else { return };
                if record.is_object() {
                    let _ = Reflect::set(&record, &"f".into(), &JsValue::NULL);
                    let _ = Reflect::set(&record, &"stored".into(), &json.into());
                    let _ = s.put_with_key(&record, &key);
                }
            });
            req.set_onsuccess(Some(on.unchecked_ref()));
        });
    }

    /// Forgets file `id` (stored and sent, removed, or refused).
    pub fn forget(conversation: &ConversationId, id: &ClientMsgId) {
        let key = key(conversation, id);
        with_store(move |s| {
            let _ = s.delete(&key);
        });
    }

    /// The files kept for `conversation`, in the order they were added, to
    /// `then`.
    pub fn load(conversation: &ConversationId, then: impl FnOnce(Vec<Kept>) + 'static) {
        // Every key that starts with the conversation's id and a space.
        let low = format!("{conversation} ");
        let high = low.clone() + "\u{ffff}";
        let range = IdbKeyRange::bound(&low.into(), &high.into());
        let Ok(range) = range else { return };
        with_store(move |s| {
            let Ok(req) = s.get_all_with_key(&range) else {
                return;
            };
            let done = req.clone();
            let on = wasm_bindgen::closure::Closure::once_into_js(move || {
                let Ok(all) = done.result() else { return };
                let get = |r: &JsValue, k: &str| Reflect::get(r, &k.into()).unwrap_or_default();
                let mut rows: Vec<(f64, Kept)> = Array::from(&all)
                    .iter()
                    .filter_map(|r| {
                        let id = ClientMsgId::parse(&get(&r, "id").as_string()?).ok()?;
                        let kept = Kept {
                            id,
                            name: get(&r, "name").as_string()?,
                            size: get(&r, "size").as_f64().unwrap_or(0.0) as u64,
                            file: get(&r, "f").dyn_into::<File>().ok(),
                            stored: get(&r, "stored")
                                .as_string()
                                .and_then(|s| serde_json::from_str(&s).ok()),
                        };
                        Some((get(&r, "n").as_f64().unwrap_or(0.0), kept))
                    })
                    .collect();
                rows.sort_by(|a, b| a.0.total_cmp(&b.0));
                then(rows.into_iter().map(|(_, k)| k).collect());
            });
            req.set_onsuccess(Some(on.unchecked_ref()));
        });
    }
}
