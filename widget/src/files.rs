//! The visitor's files (#21): the frame's file glue, and what an upload's
//! answer means.
//!
//! The browser's part (the file picker's `change`, a pasted screenshot, a
//! drop on the panel, `XMLHttpRequest` with its upload progress and abort)
//! is a few lines of plain script in `frame.html` (`canalFiles`), behind
//! one callback and two calls: the same through `web_sys` measured 2.8 KB
//! of gzip more, over the widget's size budget (BENCHMARKS.md,
//! 2026-12-07 (night); docs/widget.md). The rules (ids, order, retries,
//! what to show) are [`crate::chat`]'s. The glue also has the loader keep
//! each file until its message is in the outbox, so that a reload of the
//! host page does not lose it (docs/files.md): it gives each file its
//! client id, and after a reload adds the kept files again and sends again
//! what was sent with them, in order.

use canal_shared::i18n::{Arg, Msg};
use canal_shared::ids::{ClientMsgId, ConversationId};
use wasm_bindgen::prelude::*;

use crate::chat::{why, Stage};
use crate::i18n::t;

#[wasm_bindgen]
extern "C" {
    /// `canalFiles(callback)` in frame.html.
    pub type Glue;

    #[wasm_bindgen(js_name = canalFiles)]
    fn canal_files(callback: &Closure<dyn Fn(u32, u32, f64, String)>) -> Glue;

    /// `PUT /api/files?<query>&name=<its name>` of file `index`, with the
    /// visitor's token.
    #[wasm_bindgen(method, js_name = put)]
    fn put_raw(this: &Glue, index: u32, query: &str, token: &str);

    /// Keeps `text` for a reload: the caption of file `index`, or (an
    /// index of no file) a text sent behind the last file sent.
    #[wasm_bindgen(method)]
    pub fn note(this: &Glue, index: u32, text: &str);

    /// Stops the upload of file `index`, if it is on its way, and forgets
    /// it (it left the composer).
    #[wasm_bindgen(method)]
    pub fn stop(this: &Glue, index: u32);
}

impl Glue {
    /// Sends file `index` to `conversation` as file `id`.
    pub fn put(&self, index: u32, conversation: &ConversationId, id: &ClientMsgId, token: &str) {
        // Ids are letters, digits, `_` and `-`: nothing to escape.
        let query = format!("conversation={conversation}&id={id}");
        self.put_raw(index, &query, token);
    }
}

/// What the glue tells the app.
pub enum Event {
    /// The visitor added a file (picked, pasted or dropped), or one kept
    /// from before a reload is back.
    Added {
        /// Its number in the glue.
        index: u32,
        /// Its client id, made by the glue.
        id: String,
        /// Its name, as the browser gives it.
        name: String,
        /// Its size in bytes.
        size: u64,
        /// Kept from before a reload.
        kept: bool,
    },
    /// What the visitor sent before a reload, sent again in its place.
    Send(String),
    /// Part of its bytes went.
    Progress {
        /// Its number in the glue.
        index: u32,
        /// Thousandths sent.
        thousandths: u32,
    },
    /// Its upload ended: the HTTP status (0 for a lost connection) and
    /// the answer's body.
    Done {
        /// Its number in the glue.
        index: u32,
        /// The HTTP status, 0 when no answer came.
        status: u16,
        /// The answer's body.
        body: String,
    },
}

/// Starts the glue: every event goes to `f`.
pub fn start(f: impl Fn(Event) + 'static) -> Glue {
    let callback = Closure::<dyn Fn(u32, u32, f64, String)>::new(
        move |index: u32, kind: u32, n: f64, text: String| {
            let (id, name) = text.split_once('\u{1}').unwrap_or_default();
            f(match kind {
                0 | 3 => Event::Added {
                    index,
                    id: id.into(),
                    name: name.into(),
                    size: n as u64,
                    kept: kind == 3,
                },
                4 => Event::Send(text),
                1 => Event::Progress {
                    index,
                    thousandths: (n * 1000.0) as u32,
                },
                _ => Event::Done {
                    index,
                    status: n as u16,
                    body: text,
                },
            })
        },
    );
    let glue = canal_files(&callback);
    callback.forget();
    glue
}

/// Where file `name` stands after an answer of `status` with `body`:
/// stored; waiting to go again (no answer, or the service failed); or
/// refused, with the reason in the visitor's language (not tried again).
pub fn outcome(name: &str, status: u16, body: &str) -> Stage {
    let message = crate::wire::api_error(body)
        .map(|e| e.message)
        .unwrap_or_default();
    // What the server's reason names: the limit, or the kinds allowed
    // (`files::Refusal`'s texts).
    let after = |mark: &str| {
        message
            .rsplit_once(mark)
            .map(|(_, rest)| rest.to_owned())
            .unwrap_or_default()
    };
    let refused = |msg: Msg, key: &str, value: &str| {
        Stage::Refused(why(msg, name, &[(key, Arg::Str(value))]))
    };
    match status {
        200 | 201 => Stage::Stored,
        0 | 500.. => Stage::Waiting,
        413 => refused(Msg::FileTooLarge, "limit", &after("limit of ")),
        415 => refused(Msg::FileNotAllowed, "allowed", &kinds(&after("allowed: "))),
        429 => Stage::Refused(why(Msg::FileTooMany, name, &[])),
        400 if message.contains("empty") => Stage::Refused(why(Msg::FileEmpty, name, &[])),
        _ => refused(
            Msg::FileRefused,
            "reason",
            &match message.is_empty() {
                true => t(Msg::ErrorBadAnswer).into_owned(),
                false => message.clone(),
            },
        ),
    }
}

/// The kinds the server names (`image, pdf`), in the visitor's language;
/// one this build does not know as the server says it.
fn kinds(list: &str) -> String {
    let mut out = String::new();
    for k in list.split(',') {
        let word = match k.trim_start() {
            "image" => t(Msg::FileKindImage),
            "pdf" => t(Msg::FileKindPdf),
            "text" => t(Msg::FileKindText),
            "csv" => t(Msg::FileKindCsv),
            "office" => t(Msg::FileKindOffice),
            other => std::borrow::Cow::Borrowed(other),
        };
        if !out.is_empty() {
            out.push_str(", ");
        }
        out.push_str(&word);
    }
    out
}

#[cfg(test)]
mod tests {
    use canal_shared::files::{FileKind, Refusal};

    // The reasons the widget reads the limit and the kinds from are the
    // server's own.
    #[test]
    fn the_servers_reasons_name_the_limit_and_the_kinds_where_read() {
        let large = Refusal::TooLarge {
            limit: 3 * 1024 * 1024 / 2,
        }
        .to_string();
        assert_eq!(large.rsplit_once("limit of ").map(|p| p.1), Some("1.5 MB"));
        let kinds = Refusal::NotAllowed {
            allowed: vec![FileKind::Image, FileKind::Pdf],
        }
        .to_string();
        assert_eq!(
            kinds.rsplit_once("allowed: ").map(|p| p.1),
            Some("image, pdf")
        );
        assert!(Refusal::Empty.to_string().contains("empty"));
    }

    #[test]
    fn the_kinds_are_said_in_the_visitors_words() {
        assert_eq!(
            super::kinds("image, pdf, text, csv, office, zip"),
            "pictures, PDF, plain text, CSV, office documents, zip"
        );
    }
}
