//! Files the operator sends (#21). Each file picked, dropped or pasted is
//! uploaded at once (`PUT /api/files`, through `XMLHttpRequest`: `fetch`
//! reports no upload progress) under a client id of its own, so trying
//! again after a refusal or a lost connection stores it once. The message
//! that carries it goes out when the operator sends, in the order the
//! files were added; the server decides what may be stored and says why
//! not.
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
    /// `token`.
    pub fn new(conversation: ConversationId, token: String) -> Self {
        Uploads {
            list: RwSignal::new(Vec::new()),
            transfers: StoredValue::new_local(HashMap::new()),
            target: StoredValue::new((conversation, token)),
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
        self.set(id, stage);
    }
}
