//! The widget's controller: the session, the socket and the protocol state,
//! turned into signals for the views.
//!
//! The delivery logic (outbox, resend, acks, read marks) is
//! [`canal_shared::client::ClientSession`]'s; this module only carries it
//! out in the browser: it opens and reopens the socket, saves the outbox,
//! tells the parent page about unread messages and sends read marks and
//! typing drafts.
//!
//! Every entry point (a view's event, a socket event, a timer) borrows the
//! state once; none of what it calls while borrowing (signals, `send`,
//! `postMessage`, timers) calls back synchronously.

use std::cell::RefCell;
use std::rc::{Rc, Weak};
use std::time::Duration;

use std::borrow::Cow;

use canal_shared::client::{ClientSession, Delivery, Line};
use canal_shared::consent::{ConsentKey, ConsentRequest};
use canal_shared::i18n::{Arg, Msg};
use canal_shared::ids::{ChannelId, ClientMsgId, Seq};
use canal_shared::protocol::{
    ClientFrame, ContactRequest, ErrorCode, FileRef, HistoryRequest, ServerFrame, Side, Verdict,
};
use canal_shared::text::{MessageText, TextError, MAX_DRAFT_CHARS, MAX_MESSAGE_CHARS};
use canal_shared::widget_settings::{parse_email, OperatorCard, WidgetConfig};
use leptos::leptos_dom::helpers::{set_timeout_with_handle, TimeoutHandle};
use leptos::prelude::*;
use wasm_bindgen::prelude::*;

use crate::closing::{Closing, Ending};
use crate::env::{self, Params};
use crate::gate::{self, Gate};
use crate::http;
use crate::i18n::{t, tf};
use crate::parent::{FromParent, Parent};
use crate::session::{self, CreateError, StoredSession};
use canal_shared::backoff::Backoff;

use crate::socket::{visitor_url, Socket, SocketEvent};
use crate::typing::{Step, Throttle};

/// Sockets that close without ever opening, in a row, before the session is
/// taken for invalid (see [`Chat::on_socket`]).
const MAX_FAILED_OPENS: u32 = 4;
/// Delay before sending a read mark, in milliseconds.
const READ_DELAY_MS: u64 = 200;
/// How long a passing error stays on screen.
const TRANSIENT_ERROR_MS: u64 = 6000;

/// The connection state shown in the header.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Conn {
    /// First connection (or creating the session).
    Connecting,
    /// `Welcome` received: live.
    Open,
    /// The socket dropped; trying again.
    Reconnecting,
}

impl Conn {
    /// The `data-state` value.
    pub fn state(self) -> &'static str {
        match self {
            Conn::Connecting => "connecting",
            Conn::Open => "open",
            Conn::Reconnecting => "reconnecting",
        }
    }

    /// The text shown.
    pub fn label(self) -> Cow<'static, str> {
        t(match self {
            Conn::Connecting => Msg::ConnConnecting,
            Conn::Open => Msg::ConnOpen,
            Conn::Reconnecting => Msg::ConnReconnecting,
        })
    }
}

/// One message of the list. The key is stable from "Sending…" to "Seen" so
/// the list keeps its DOM nodes (and screen readers do not hear it twice);
/// the line itself changes in place.
#[derive(Clone)]
pub struct Row {
    /// `v<id>` for the visitor's messages, `o<id>` for the others'
    /// (operators, the channel).
    pub key: String,
    /// The line as the timeline has it now.
    pub line: ArcRwSignal<Line>,
}

/// What the views read.
#[derive(Clone, Copy)]
pub struct Signals {
    /// The timeline, oldest first.
    pub rows: RwSignal<Vec<Row>>,
    /// The connection state.
    pub conn: RwSignal<Conn>,
    /// The channel's display name (empty until known).
    pub channel_name: RwSignal<String>,
    /// What the visitor sees of who answers (R-A-1), once someone took
    /// the conversation and unless the channel hides it.
    pub operator: RwSignal<Option<OperatorCard>>,
    /// Whether the operator is typing.
    pub operator_typing: RwSignal<bool>,
    /// The error to show, if any.
    pub error: RwSignal<Option<String>>,
    /// Bumped when what the panel shows should take the focus; only while
    /// the panel is open (a closed panel never takes the host's keyboard).
    pub focus: RwSignal<u32>,
    /// Whether the panel is shown.
    pub open: RwSignal<bool>,
    /// Whether the conversation is closed, and its rating (R-QA-1).
    pub ending: RwSignal<Ending>,
    /// The notice, the offline form or the chat (R-C-1, R-WH-3).
    pub gate: RwSignal<Gate>,
    /// A message was left with the offline form (R-WH-3).
    pub left: RwSignal<bool>,
    /// An accepted notice is being recorded.
    pub accepting: RwSignal<bool>,
    /// The history by email (R-CH-7): nothing yet, on its way, or what came
    /// of it.
    pub history: RwSignal<Option<Msg>>,
    /// The files the visitor added (#21) and not yet sent, in order.
    pub uploads: RwSignal<Vec<Upload>>,
}

/// A file the visitor added (#21), as the composer shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Upload {
    /// Its client id: the upload's idempotency key, which the message that
    /// carries it names.
    pub id: ClientMsgId,
    /// Its name, as the browser gives it.
    pub name: String,
    /// Where it stands.
    pub stage: Stage,
}

/// Where a file of the composer stands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Stage {
    /// Waiting for the connection (or the session) to send it, again
    /// under the same id.
    Waiting,
    /// Being sent: thousandths of its bytes sent.
    Sending(u32),
    /// Stored: it goes with its message.
    Stored,
    /// Not stored, for good, and why (in the visitor's language).
    Refused(String),
}

/// A file of the composer, with what only the controller needs.
struct Staged {
    up: Upload,
    /// Its number in the frame's file glue (`canalFiles` in frame.html).
    index: u32,
    /// Set once the visitor sent it: the caption it goes with.
    caption: Option<String>,
}

/// What the visitor sent, in order, waiting for its files to be stored:
/// a message goes only once those before it went, so each keeps its place.
enum Queued {
    Text(String),
    File(ClientMsgId),
}

struct State {
    client: ClientSession,
    closing: Closing,
    stored: Option<StoredSession>,
    socket: Option<Socket>,
    /// Bumped for every socket, so late events of an old one are ignored.
    generation: u32,
    /// The current socket opened and said `Hello`.
    ready: bool,
    /// The current socket received `Welcome`.
    welcomed: bool,
    opened: bool,
    backoff: Backoff,
    failed_opens: u32,
    retry: Option<TimeoutHandle>,
    /// Sends the messages the rate limit held back (R-S-3).
    release: Option<TimeoutHandle>,
    creating: bool,
    draft: String,
    throttle: Throttle,
    typing_timer: Option<TimeoutHandle>,
    /// Asks for fresh links to the files before they expire (#21).
    relink: Option<TimeoutHandle>,
    /// A read mark is due (sent shortly, once for a burst of messages).
    read_due: bool,
    /// Highest seq the visitor has seen here.
    seen: Seq,
    /// Highest read mark the server has.
    read_sent: Seq,
    panel_open: bool,
    /// Embedded, and the loader has not said yet which session the host
    /// site keeps: nothing is created meanwhile.
    awaiting_host: bool,
    /// The loader was asked to give the frame the browser's focus (Firefox):
    /// when it comes, the panel moves it to what it shows.
    focus_asked: bool,
    unread_posted: Option<u32>,
    error_generation: u32,
    /// The channel's widget settings, once read.
    config: Option<WidgetConfig>,
    config_backoff: Backoff,
    /// The visitor declined the notice.
    declined: bool,
    /// Accepted, to record once the session exists.
    consent_due: Option<ConsentKey>,
    /// An email left in the offline form, to record once the session exists.
    contact_due: Option<String>,
    /// The host page the visitor is on, from the loader (issue #20).
    host_page: Option<crate::visit::HostPage>,
    /// The server waits for the notice's acceptance (R-C-1): nothing of
    /// the visitor's page is sent before.
    consent_needed: bool,
    /// Operators see the draft (R-RT-1); off, only that the visitor types
    /// (the channel's "real-time typing", #20), from the welcome.
    live_typing: bool,
    /// The composer's files (#21).
    staged: Vec<Staged>,
    /// Sent by the visitor, waiting for files before it.
    queue: Vec<Queued>,
    /// The names of the files of messages not acknowledged yet.
    names: Vec<(ClientMsgId, String)>,
    /// The frame's file glue, once started.
    files: Option<crate::files::Glue>,
}

struct Inner {
    channel: Result<ChannelId, String>,
    /// The host page's address, recorded with an accepted notice.
    page: String,
    /// The host page's origin, checked by the server (R-W-6).
    host: Option<String>,
    parent: Parent,
    sig: Signals,
    st: RefCell<State>,
}

/// The widget's controller; cheap to clone (one per page).
#[derive(Clone)]
pub struct Chat(Rc<Inner>);

impl Chat {
    /// A controller for the page's parameters, with the saved session (if
    /// any) loaded. Call [`Chat::start`] once the views exist.
    pub fn new(params: Params) -> Self {
        let host = params.host.clone();
        let parent = Parent::new(params.host);
        // Embedded, the session comes from the loader (see [`crate::parent`]).
        let stored = match parent.is_present() {
            true => None,
            false => params.channel.as_ref().ok().and_then(session::load),
        };
        let outbox = stored
            .as_ref()
            .map(|s| s.outbox.clone())
            .unwrap_or_default();
        let sig = Signals {
            rows: RwSignal::new(Vec::new()),
            conn: RwSignal::new(Conn::Connecting),
            channel_name: RwSignal::new(
                stored
                    .as_ref()
                    .map(|s| s.channel_name.clone())
                    .unwrap_or_default(),
            ),
            operator: RwSignal::new(None),
            operator_typing: RwSignal::new(false),
            error: RwSignal::new(None),
            focus: RwSignal::new(0),
            open: RwSignal::new(!parent.is_present()),
            ending: RwSignal::new(Ending::Open),
            gate: RwSignal::new(Gate::Loading),
            left: RwSignal::new(false),
            accepting: RwSignal::new(false),
            history: RwSignal::new(None),
            uploads: RwSignal::new(Vec::new()),
        };
        let st = State {
            client: ClientSession::new(Side::Visitor, outbox),
            closing: Closing::default(),
            stored,
            socket: None,
            generation: 0,
            ready: false,
            welcomed: false,
            opened: false,
            backoff: Backoff::default(),
            failed_opens: 0,
            retry: None,
            release: None,
            creating: false,
            draft: String::new(),
            throttle: Throttle::default(),
            typing_timer: None,
            relink: None,
            read_due: false,
            seen: Seq(0),
            read_sent: Seq(0),
            // Without a parent to say so, the frame is on screen.
            panel_open: !parent.is_present(),
            awaiting_host: parent.is_present(),
            focus_asked: false,
            unread_posted: None,
            error_generation: 0,
            config: None,
            config_backoff: Backoff::default(),
            declined: false,
            consent_due: None,
            contact_due: None,
            host_page: None,
            consent_needed: true,
            live_typing: true,
            staged: Vec::new(),
            queue: Vec::new(),
            names: Vec::new(),
            files: None,
        };
        Chat(Rc::new(Inner {
            channel: params.channel,
            page: params.page,
            host,
            parent,
            sig,
            st: RefCell::new(st),
        }))
    }

    /// The signals the views render.
    pub fn signals(&self) -> Signals {
        self.0.sig
    }

    /// Whether the frame is embedded in a page it can talk to (then it shows
    /// a close button).
    pub fn embedded(&self) -> bool {
        self.0.parent.is_present()
    }

    /// Connects (a saved session) or waits for the panel to open (no session
    /// yet), and starts listening to the parent page.
    ///
    /// A visitor's session (and conversation) is created when they first
    /// open the panel, not when the host page loads the frame in the
    /// background: most visitors never open the chat. A saved session
    /// connects at once so the launcher can show unread replies.
    pub fn start(&self) {
        let mut st = self.0.st.borrow_mut();
        if let Err(msg) = &self.0.channel {
            self.show_error(&mut st, msg.clone(), false);
            return;
        }
        self.render(&mut st);
        if st.stored.is_some() {
            self.connect(&mut st);
        } else if st.panel_open {
            self.create_session(&mut st);
        }
        drop(st);
        self.load_config(false);

        let weak = self.weak();
        self.0.parent.listen(move |m| {
            if let Some(c) = upgrade(&weak) {
                c.on_parent(m);
            }
        });
        self.0.parent.say("ready");

        let weak = self.weak();
        listen(
            env::window().document().map(JsValue::from),
            "visibilitychange",
            move || {
                if let Some(c) = upgrade(&weak) {
                    let mut st = c.0.st.borrow_mut();
                    c.update_read(&mut st);
                }
            },
        );
        let weak = self.weak();
        listen(Some(env::window().into()), "focus", move || {
            if let Some(c) = upgrade(&weak) {
                let mut st = c.0.st.borrow_mut();
                // Unless the visitor put the focus somewhere themselves.
                let idle = env::document()
                    .active_element()
                    .is_none_or(|e| e.tag_name() == "BODY");
                if std::mem::take(&mut st.focus_asked) && idle {
                    c.take_focus(&st);
                }
            }
        });
        let weak = self.weak();
        listen(Some(env::window().into()), "online", move || {
            if let Some(c) = upgrade(&weak) {
                let mut st = c.0.st.borrow_mut();
                if let Some(h) = st.retry.take() {
                    h.clear();
                    st.backoff.reset();
                    c.resume(&mut st);
                }
                c.retry_files(&mut st);
            }
        });
        let weak = self.weak();
        let glue = crate::files::start(move |event| {
            if let Some(c) = upgrade(&weak) {
                c.on_file(event);
            }
        });
        self.0.st.borrow_mut().files = Some(glue);
    }

    /// Sends a message written by the visitor, or the composer's files
    /// with it as the first one's caption (#21). Returns whether it was
    /// taken (then the composer clears), or shows why not.
    pub fn send(&self, text: &str) -> bool {
        let mut st = self.0.st.borrow_mut();
        if let Err(msg) = &self.0.channel {
            self.show_error(&mut st, msg.clone(), false);
            return false;
        }
        let files = st
            .staged
            .iter()
            .any(|s| s.caption.is_none() && !matches!(s.up.stage, Stage::Refused(_)));
        let text = match MessageText::parse(text) {
            Ok(t) => String::from(t),
            Err(TextError::Empty) if files => String::new(),
            Err(TextError::Empty) => return false,
            Err(e) => {
                self.show_error(&mut st, text_error(&e), false);
                return false;
            }
        };
        self.clear_error();
        // Kept with the files for a reload (#21): a caption with its file,
        // a text behind the last file sent (kept only while that waits).
        let State {
            staged,
            files: glue,
            queue,
            ..
        } = &mut *st;
        let note = |index, text: &str| glue.iter().for_each(|g| g.note(index, text));
        if files {
            let mut caption = Some(text);
            for s in staged {
                if s.caption.is_none() && !matches!(s.up.stage, Stage::Refused(_)) {
                    let c = caption.take().unwrap_or_default();
                    note(s.index, &c);
                    s.caption = Some(c);
                    queue.push(Queued::File(s.up.id.clone()));
                }
            }
        } else {
            note(u32::MAX, &text);
            queue.push(Queued::Text(text));
        }
        self.flush(&mut st);
        st.draft.clear();
        if let Some(h) = st.typing_timer.take() {
            h.clear();
        }
        if st.throttle.reset() {
            self.send_frame(
                &st,
                &ClientFrame::Typing {
                    draft: String::new(),
                },
            );
        }
        self.create_session(&mut st);
        true
    }

    /// Puts in the outbox, in order, what the visitor sent whose files are
    /// stored, and sends it; stops at the first file still on its way. A
    /// refused or removed file's caption still goes, as a message.
    fn flush(&self, st: &mut State) {
        let mut composed = false;
        while let Some(first) = st.queue.first() {
            let id = env::new_message_id();
            let frame = match first {
                Queued::Text(text) => st.client.compose(id, text.clone(), env::now()),
                Queued::File(file) => {
                    let at = st.staged.iter().position(|s| &s.up.id == file);
                    let stage = at.map(|k| &st.staged[k].up.stage);
                    if matches!(stage, Some(Stage::Waiting | Stage::Sending(_))) {
                        break;
                    }
                    let s = at.map(|k| st.staged.remove(k));
                    // In the outbox now: no longer kept for a reload.
                    if let (Some(s), Some(glue)) = (&s, &st.files) {
                        glue.stop(s.index);
                    }
                    let caption = s
                        .as_ref()
                        .and_then(|s| s.caption.clone())
                        .unwrap_or_default();
                    match s {
                        Some(s) if s.up.stage == Stage::Stored => {
                            st.names.push((s.up.id.clone(), s.up.name));
                            st.client.compose_file(id, caption, s.up.id, env::now())
                        }
                        _ if caption.is_empty() => {
                            st.queue.remove(0);
                            continue;
                        }
                        _ => st.client.compose(id, caption, env::now()),
                    }
                }
            };
            st.queue.remove(0);
            composed = true;
            // If the socket is not ready, `on_open` sends it when it is; if
            // the server asked to slow down, the release does.
            if !st.client.held() {
                self.send_frame(st, &frame);
            }
        }
        if composed {
            self.save_outbox(st);
            self.render(st);
        }
        self.show_files(st);
    }

    // ---- files (#21) ------------------------------------------------------

    /// What the frame's file glue says: a file added, its progress, its
    /// answer.
    fn on_file(&self, event: crate::files::Event) {
        use crate::files::Event;
        if let Event::Send(text) = &event {
            self.send(text);
            return;
        }
        let mut guard = self.0.st.borrow_mut();
        let st = &mut *guard;
        match event {
            Event::Send(_) => {}
            Event::Added {
                index,
                id,
                name,
                size,
                kept,
            } => {
                // Only to the chat (not the notice or the offline form),
                // unless kept from before a reload.
                let chat = kept || self.0.sig.gate.get_untracked() == Gate::Chat;
                let (Ok(_), Ok(id), true) = (&self.0.channel, ClientMsgId::parse(&id), chat) else {
                    return;
                };
                let stage = match (size, canal_shared::files::clean_name(&name)) {
                    (0, _) => Stage::Refused(why(Msg::FileEmpty, &name, &[])),
                    (_, Err(_)) => Stage::Refused(why(Msg::FileBadName, &name, &[])),
                    _ => Stage::Waiting,
                };
                st.staged.push(Staged {
                    up: Upload { id, name, stage },
                    index,
                    caption: None,
                });
                self.retry_files(st);
                self.create_session(st);
            }
            Event::Progress { index, thousandths } => {
                if let Some(s) = st.staged.iter_mut().find(|s| s.index == index) {
                    s.up.stage = Stage::Sending(thousandths);
                }
                self.show_files(st);
            }
            Event::Done {
                index,
                status,
                body,
            } => {
                let Some(s) = st.staged.iter_mut().find(|s| s.index == index) else {
                    return;
                };
                s.up.stage = crate::files::outcome(&s.up.name, status, &body);
                // Lost on the way, with the socket up: again shortly (else
                // when the socket is back).
                if s.up.stage == Stage::Waiting && st.welcomed {
                    self.later(3000, |c| {
                        let mut st = c.0.st.borrow_mut();
                        c.retry_files(&mut st);
                    });
                }
                self.flush(st);
            }
        }
    }

    /// Sends every file waiting for the connection, each under its id (so
    /// one stored already is not stored twice), once there is a session.
    fn retry_files(&self, st: &mut State) {
        if let (Some(stored), Some(glue)) = (&st.stored, &st.files) {
            for s in &mut st.staged {
                if s.up.stage == Stage::Waiting {
                    s.up.stage = Stage::Sending(0);
                    glue.put(s.index, &stored.conversation, &s.up.id, &stored.token);
                }
            }
        }
        self.show_files(st);
    }

    /// The visitor removes a file: its upload stops; a message that was
    /// to carry it goes without it.
    pub fn remove_file(&self, id: &ClientMsgId) {
        let mut st = self.0.st.borrow_mut();
        let Some(k) = st.staged.iter().position(|s| &s.up.id == id) else {
            return;
        };
        let s = st.staged.remove(k);
        if let Some(glue) = &st.files {
            glue.stop(s.index);
        }
        if let Some(caption) = s.caption.filter(|c| !c.is_empty()) {
            // Its caption goes in its place.
            for q in &mut st.queue {
                if matches!(q, Queued::File(f) if f == id) {
                    *q = Queued::Text(caption.clone());
                }
            }
        }
        self.flush(&mut st);
    }

    fn show_files(&self, st: &State) {
        let now: Vec<Upload> = st.staged.iter().map(|s| s.up.clone()).collect();
        let uploads = self.0.sig.uploads;
        if uploads.with_untracked(|u| u != &now) {
            uploads.set(now);
        }
    }

    /// The composer's draft changed.
    pub fn typing(&self, draft: &str) {
        let mut st = self.0.st.borrow_mut();
        st.draft = draft.chars().take(MAX_DRAFT_CHARS).collect();
        self.step_typing(&mut st);
    }

    /// The visitor rates the closed conversation (R-QA-1) by pressing Like
    /// or Dislike, with the optional comment written above. Sent again on
    /// the next socket if this one is down.
    pub fn rate(&self, verdict: Verdict, comment: &str) {
        let mut st = self.0.st.borrow_mut();
        if let Some(frame) = st.closing.send(verdict, comment) {
            self.clear_error();
            self.send_frame(&st, &frame);
            self.show_closing(&st);
        }
    }

    /// The visitor asks for the conversation by email (R-CH-7).
    pub fn email_history(&self, email: &str) {
        let sig = &self.0.sig;
        let st = self.0.st.borrow();
        let Some(stored) = &st.stored else { return };
        let Some(email) = parse_email(email) else {
            sig.history.set(Some(Msg::OfflineEmailInvalid));
            return;
        };
        let body = serde_json::to_string(&HistoryRequest {
            conversation: stored.conversation.clone(),
            email,
        })
        .unwrap_or_default();
        let token = stored.token.clone();
        sig.history.set(Some(Msg::HistorySending));
        let history = sig.history;
        wasm_bindgen_futures::spawn_local(async move {
            let answer = http::call("/api/visitor/history", Some(&body), Some(&token)).await;
            history.set(Some(match answer.map(|a| a.status) {
                Ok(200..=299) => Msg::HistorySent,
                Ok(429) => Msg::HistoryTooOften,
                Ok(400) => Msg::OfflineEmailInvalid,
                Ok(503) => Msg::HistoryUnavailable,
                _ => Msg::HistoryFailed,
            }));
        });
    }

    /// The visitor asked to close the panel.
    pub fn close(&self) {
        self.0.parent.say("close");
    }

    /// Asks the loader to give the open panel's frame the browser's focus
    /// (`{canal:"focus"}`), when the frame could not take it itself.
    pub fn ask_focus(&self) {
        let mut st = self.0.st.borrow_mut();
        if st.panel_open && !st.focus_asked {
            st.focus_asked = true;
            self.0.parent.say("focus");
        }
    }

    // ---- the notice and the offline form (R-C-1, R-WH-3) ----------------

    /// The visitor accepts the notice shown: recorded with the server (the
    /// session is created first if needed), then the chat opens.
    pub fn accept(&self) {
        let mut st = self.0.st.borrow_mut();
        let Gate::Notice { notice, .. } = self.0.sig.gate.get_untracked() else {
            return;
        };
        self.0.sig.accepting.set(true);
        st.declined = false;
        st.consent_due = Some(notice.key);
        if st.stored.is_some() {
            self.record_consent(&mut st);
        } else {
            self.create_session(&mut st);
        }
    }

    /// The visitor declines the notice (or, `false`, wants to read it again).
    pub fn decline(&self, declined: bool) {
        let mut st = self.0.st.borrow_mut();
        st.declined = declined;
        self.update_gate(&mut st);
        self.take_focus(&st);
    }

    /// The offline form: checks the email and the message, then keeps the
    /// email on the conversation and sends the message like any other.
    /// `Err` says what to fix.
    pub fn leave(&self, email: &str, text: &str) -> Result<(), Msg> {
        let email = parse_email(email).ok_or(Msg::OfflineEmailInvalid)?;
        if text.trim().is_empty() {
            return Err(Msg::OfflineMessageEmpty);
        }
        self.0.st.borrow_mut().contact_due = Some(email);
        if !self.send(text) {
            self.0.st.borrow_mut().contact_due = None;
            return Err(Msg::OfflineMessageEmpty);
        }
        let mut st = self.0.st.borrow_mut();
        self.record_contact(&mut st);
        self.0.sig.left.set(true);
        self.update_gate(&mut st);
        Ok(())
    }

    /// Reads the channel's widget config; `fresh` skips the minute a browser
    /// may keep it (the notice just changed).
    fn load_config(&self, fresh: bool) {
        let Ok(channel) = self.0.channel.clone() else {
            return;
        };
        let weak = self.weak();
        wasm_bindgen_futures::spawn_local(async move {
            let mut path = gate::config_path(&channel);
            if fresh {
                // An integer: formatting an f64 would pull 10 KB of float
                // formatting into the wasm.
                path.push_str(&format!("&fresh={}", js_sys::Date::now() as u64));
            }
            let answer = http::call(&path, None, None).await;
            let Some(c) = upgrade(&weak) else { return };
            let mut st = c.0.st.borrow_mut();
            match answer
                .ok()
                .filter(http::Answer::ok)
                .and_then(|a| gate::config(&a.body))
            {
                Some(config) => {
                    st.config_backoff.reset();
                    c.0.sig.channel_name.set(config.title.clone());
                    st.config = Some(config);
                }
                None => {
                    // The server still refuses what needs a notice; try again.
                    let delay = st.config_backoff.next_delay_ms(js_sys::Math::random());
                    c.later(delay.into(), |c| c.load_config(false));
                }
            }
            c.update_gate(&mut st);
        });
    }

    /// Shows the notice, the offline form or the chat, as the settings and
    /// what the visitor did say.
    fn update_gate(&self, st: &mut State) {
        let gate = match &st.config {
            None if st.config_backoff.is_fresh() => Gate::Loading,
            // Settings unreadable: the chat (the server still enforces them).
            None => Gate::Chat,
            Some(config) => gate::decide(
                config,
                &gate::Visitor {
                    accepted: st.stored.as_ref().and_then(|s| s.consent.clone()),
                    declined: st.declined,
                    has_history: st.client.history().next().is_some()
                        || !st.client.outbox().is_empty(),
                },
            ),
        };
        let sig = self.0.sig;
        if sig.gate.get_untracked() != gate {
            // The panel moves the focus to what it shows, if it is open.
            sig.gate.set(gate);
        }
    }

    /// Posts the accepted notice, once there is a session.
    fn record_consent(&self, st: &mut State) {
        let (Some(key), Some(stored)) = (st.consent_due.clone(), &st.stored) else {
            return;
        };
        let body = serde_json::to_string(&ConsentRequest {
            conversation: stored.conversation.clone(),
            key: key.clone(),
            page: self.0.page.clone(),
        })
        .unwrap_or_default();
        let token = stored.token.clone();
        let weak = self.weak();
        wasm_bindgen_futures::spawn_local(async move {
            let answer = http::call("/api/visitor/consent", Some(&body), Some(&token)).await;
            let Some(c) = upgrade(&weak) else { return };
            let mut st = c.0.st.borrow_mut();
            c.0.sig.accepting.set(false);
            st.consent_due = None;
            match answer {
                Ok(a) if a.ok() => {
                    c.clear_error();
                    if let Some(s) = st.stored.as_mut() {
                        s.consent = Some(key);
                    }
                    st.consent_needed = false;
                    c.send_visit(&st);
                    c.save_outbox(&mut st);
                    c.update_gate(&mut st);
                }
                // The notice changed meanwhile: read the new one.
                Ok(a) if a.status == 409 => {
                    drop(st);
                    c.load_config(true);
                }
                Ok(a) => {
                    let message = session::refusal(&a, false);
                    c.show_error(&mut st, message, false);
                }
                Err(_) => c.show_error(&mut st, t(Msg::ErrorUnreachable).into_owned(), true),
            }
        });
    }

    /// Posts the email left in the offline form, once there is a session;
    /// retried until the server has it.
    fn record_contact(&self, st: &mut State) {
        let (Some(email), Some(stored)) = (st.contact_due.clone(), &st.stored) else {
            return;
        };
        let body = serde_json::to_string(&ContactRequest {
            conversation: stored.conversation.clone(),
            email,
        })
        .unwrap_or_default();
        let token = stored.token.clone();
        let weak = self.weak();
        wasm_bindgen_futures::spawn_local(async move {
            let answer = http::call("/api/visitor/contact", Some(&body), Some(&token)).await;
            let Some(c) = upgrade(&weak) else { return };
            match answer {
                Ok(a) if a.ok() || (400..500).contains(&a.status) => {
                    c.0.st.borrow_mut().contact_due = None;
                }
                _ => {
                    c.later(3000, |c| {
                        let mut st = c.0.st.borrow_mut();
                        c.record_contact(&mut st);
                    });
                }
            }
        });
    }

    fn weak(&self) -> Weak<Inner> {
        Rc::downgrade(&self.0)
    }

    /// Runs `f` on this chat in `ms` milliseconds.
    fn later(&self, ms: u64, f: impl FnOnce(&Chat) + 'static) -> Option<TimeoutHandle> {
        let weak = self.weak();
        set_timeout_with_handle(
            move || {
                if let Some(c) = upgrade(&weak) {
                    f(&c);
                }
            },
            Duration::from_millis(ms),
        )
        .ok()
    }

    /// Asks the panel to focus what it shows, if it is open.
    fn take_focus(&self, st: &State) {
        if st.panel_open {
            self.0.sig.focus.update(|n| *n += 1);
        }
    }

    fn on_parent(&self, m: FromParent) {
        match m {
            FromParent::Open => self.set_panel(true),
            FromParent::Closed => self.set_panel(false),
            FromParent::Session(raw) => self.host_session(raw),
            FromParent::Claimed => {
                let st = self.0.st.borrow();
                if st.creating && st.stored.is_none() {
                    self.post_session();
                } else {
                    self.0.parent.say("release");
                }
            }
            FromParent::Page(page) => {
                let mut st = self.0.st.borrow_mut();
                st.host_page = Some(page);
                self.send_visit(&st);
            }
        }
    }

    /// Tells the operators which page the visitor is on (issue #20), once
    /// the socket is welcomed and the notice accepted if one is needed.
    fn send_visit(&self, st: &State) {
        if !st.welcomed || st.consent_needed {
            return;
        }
        if let Some(frame) = st.host_page.as_ref().and_then(crate::visit::frame) {
            self.send_frame(st, &frame);
        }
    }

    /// The panel is shown or hidden. Hidden, it holds no focus and sends no
    /// draft: what the visitor types then is for the host page.
    fn set_panel(&self, open: bool) {
        let mut st = self.0.st.borrow_mut();
        st.panel_open = open;
        self.0.sig.open.set(open);
        if open {
            self.take_focus(&st);
            self.create_session(&mut st);
            self.step_typing(&mut st);
        } else {
            if let Some(h) = st.typing_timer.take() {
                h.clear();
            }
            if st.throttle.reset() {
                let empty = ClientFrame::Typing {
                    draft: String::new(),
                };
                self.send_frame(&st, &empty);
            }
            let active = env::document().active_element();
            if let Some(e) = active.and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
                e.blur().ok();
            }
        }
        self.update_read(&mut st);
    }

    /// The session the host site keeps, from the loader: on the frame's
    /// start, and when another tab of the site saved one.
    fn host_session(&self, raw: Option<String>) {
        let mut st = self.0.st.borrow_mut();
        let first = std::mem::take(&mut st.awaiting_host);
        let saved = raw.as_deref().and_then(StoredSession::decode).or_else(|| {
            // Saved by an earlier version in the frame's own storage.
            let channel = self.0.channel.as_ref().ok().filter(|_| first)?;
            let own = session::load(channel)?;
            session::forget(channel);
            Some(own)
        });
        if let Some(s) = saved.filter(|_| st.stored.is_none()) {
            st.creating = false;
            if first {
                // This page's first look: the messages saved unsent are sent
                // again (by id, so never twice), with any written meanwhile.
                let mut outbox = s.outbox.clone();
                for p in st.client.outbox() {
                    if !outbox.iter().any(|q| q.id == p.id) {
                        outbox.push(p.clone());
                    }
                }
                st.client = ClientSession::new(Side::Visitor, outbox);
                self.render(&mut st);
            }
            self.adopt(&mut st, s);
        }
        if first {
            self.create_session(&mut st);
        }
    }

    // ---- session -------------------------------------------------------

    /// Creates the session if there is none, none is being created and the
    /// visitor needs one (the panel is open or a message waits).
    fn create_session(&self, st: &mut State) {
        let Ok(channel) = self.0.channel.clone() else {
            return;
        };
        let needed = st.panel_open || !st.client.outbox().is_empty();
        if st.stored.is_some() || st.creating || st.retry.is_some() || !needed {
            return;
        }
        if self.0.parent.is_present() {
            // The loader lets one tab of the site create it at a time.
            if !st.awaiting_host {
                st.creating = true;
                self.0.parent.say("claim");
            }
            return;
        }
        // Another tab of the same site may have made one meanwhile.
        if let Some(s) = session::load(&channel) {
            self.adopt(st, s);
            return;
        }
        st.creating = true;
        self.post_session();
    }

    /// `POST /api/visitor/session`; [`Chat::session_created`] takes the answer.
    fn post_session(&self) {
        let Ok(channel) = self.0.channel.clone() else {
            return;
        };
        let weak = self.weak();
        let host = self.0.host.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let result = session::create(&channel, host).await;
            if let Some(c) = upgrade(&weak) {
                c.session_created(result);
            }
        });
    }

    fn session_created(&self, result: Result<StoredSession, CreateError>) {
        let mut st = self.0.st.borrow_mut();
        st.creating = false;
        if result.is_err() || st.stored.is_some() {
            // Another tab's session came first (this one is left unused).
            self.0.parent.say("release");
        }
        if st.stored.is_some() {
            return;
        }
        match result {
            Ok(s) => {
                self.clear_error();
                self.adopt(&mut st, s);
            }
            Err(e) => {
                self.show_error(&mut st, e.message, false);
                if e.retry {
                    let delay = st.backoff.next_delay_ms(js_sys::Math::random());
                    st.retry = self.later(delay.into(), |c| {
                        let mut st = c.0.st.borrow_mut();
                        st.retry = None;
                        c.create_session(&mut st);
                    });
                }
            }
        }
    }

    /// Makes `s` the session, keeping this page's outbox, and connects.
    fn adopt(&self, st: &mut State, mut s: StoredSession) {
        s.outbox = st.client.outbox().to_vec();
        self.0.sig.channel_name.set(s.channel_name.clone());
        st.stored = Some(s);
        self.save_outbox(st);
        self.connect(st);
        self.record_consent(st);
        self.record_contact(st);
        self.update_gate(st);
        self.retry_files(st);
    }

    /// Drops a session the server refuses and starts a new conversation,
    /// keeping the unsent messages.
    fn replace_session(&self, st: &mut State) {
        if self.0.parent.is_present() {
            self.0.parent.store(None);
        } else if let Ok(channel) = &self.0.channel {
            session::forget(channel);
        }
        self.drop_socket(st);
        st.stored = None;
        st.client = ClientSession::new(Side::Visitor, st.client.outbox().to_vec());
        st.closing = Closing::default();
        self.show_closing(st);
        st.seen = Seq(0);
        st.read_sent = Seq(0);
        st.failed_opens = 0;
        st.backoff.reset();
        self.0.sig.conn.set(Conn::Connecting);
        self.0.sig.operator.set(None);
        self.render(st);
        self.update_read(st);
        self.create_session(st);
    }

    fn save_outbox(&self, st: &mut State) {
        let (Ok(channel), Some(stored)) = (&self.0.channel, st.stored.as_mut()) else {
            return;
        };
        stored.outbox = st.client.outbox().to_vec();
        if self.0.parent.is_present() {
            if let Ok(raw) = serde_json::to_string(stored) {
                self.0.parent.store(Some(&raw));
            }
        } else {
            session::save(channel, stored);
        }
    }

    // ---- socket --------------------------------------------------------

    /// Opens a socket for the saved session (dropping any other).
    fn connect(&self, st: &mut State) {
        if let Some(h) = st.retry.take() {
            h.clear();
        }
        self.drop_socket(st);
        let Some(stored) = &st.stored else {
            return;
        };
        let url = visitor_url(&stored.conversation, &stored.token);
        let generation = st.generation;
        let weak = self.weak();
        match Socket::open(&url, move |ev| {
            if let Some(c) = upgrade(&weak) {
                c.on_socket(generation, ev);
            }
        }) {
            Ok(s) => st.socket = Some(s),
            Err(_) => self.schedule_reconnect(st),
        }
    }

    /// Connects if there is a session, else creates one if needed.
    fn resume(&self, st: &mut State) {
        if st.stored.is_some() {
            self.connect(st);
        } else {
            self.create_session(st);
        }
    }

    /// Forgets the current socket. Dropped on the next tick, as this may run
    /// inside one of its own handlers.
    fn drop_socket(&self, st: &mut State) {
        st.generation = st.generation.wrapping_add(1);
        st.ready = false;
        st.welcomed = false;
        st.opened = false;
        if let Some(old) = st.socket.take() {
            let _ = set_timeout_with_handle(move || drop(old), Duration::ZERO);
        }
    }

    fn schedule_reconnect(&self, st: &mut State) {
        self.0.sig.conn.set(Conn::Reconnecting);
        let delay = st.backoff.next_delay_ms(js_sys::Math::random());
        st.retry = self.later(delay.into(), |c| {
            let mut st = c.0.st.borrow_mut();
            st.retry = None;
            c.resume(&mut st);
        });
    }

    fn on_socket(&self, generation: u32, ev: SocketEvent) {
        let mut st = self.0.st.borrow_mut();
        if generation != st.generation {
            return;
        }
        match ev {
            SocketEvent::Open => {
                st.opened = true;
                st.ready = true;
                st.failed_opens = 0;
                for frame in st.client.on_open() {
                    self.send_frame(&st, &frame);
                }
            }
            SocketEvent::Text(raw) => match crate::wire::server_frame(&raw) {
                Some(frame) => self.on_frame(&mut st, frame),
                // A newer server may send frames this build does not know.
                None => web_sys::console::warn_1(&"canal: unknown frame ignored".into()),
            },
            SocketEvent::Closed => {
                if !st.opened {
                    st.failed_opens += 1;
                }
                self.drop_socket(&mut st);
                self.0.sig.operator_typing.set(false);
                // The server refuses the socket of an invalid or expired
                // token before it opens, and the browser cannot tell that
                // from the network being down. So only after several such
                // failures in a row, with the network up, is the session
                // taken for invalid and a new one created (losing the old
                // history, keeping the unsent messages).
                let online = env::window().navigator().on_line();
                if st.failed_opens >= MAX_FAILED_OPENS && online {
                    self.replace_session(&mut st);
                } else {
                    self.schedule_reconnect(&mut st);
                }
            }
        }
    }

    fn on_frame(&self, st: &mut State, frame: ServerFrame) {
        let sig = self.0.sig;
        if let Some(again) = st.closing.receive(&frame) {
            self.send_frame(st, &again);
        }
        self.show_closing(st);
        match &frame {
            ServerFrame::Welcome { conversation, .. } => {
                st.welcomed = true;
                st.backoff.reset();
                sig.conn.set(Conn::Open);
                let name = &conversation.channel.name;
                let renamed = st
                    .stored
                    .as_mut()
                    .filter(|s| &s.channel_name != name)
                    .map(|s| s.channel_name = name.clone())
                    .is_some();
                if renamed {
                    self.save_outbox(st);
                }
                sig.channel_name.set(name.clone());
                sig.operator.set(conversation.card.clone());
                // The server has no acceptance (recorded elsewhere, or lost):
                // show the notice again.
                if conversation.consent_needed {
                    if let Some(s) = st.stored.as_mut().filter(|s| s.consent.is_some()) {
                        s.consent = None;
                        self.save_outbox(st);
                        self.update_gate(st);
                    }
                }
                st.consent_needed = conversation.consent_needed;
                st.live_typing = conversation.live_typing;
                self.send_visit(st);
                st.seen = st.seen.max(conversation.visitor_read);
                st.read_sent = conversation.visitor_read;
                // The server forgot this socket's draft: send it again.
                st.throttle.reset();
                self.step_typing(st);
                // Files cut off by the lost connection go again (#21).
                self.retry_files(st);
                self.relink(st, conversation.links_ms);
            }
            ServerFrame::Message { message } if message.side == Side::Operator => {
                sig.operator_typing.set(false);
            }
            ServerFrame::Typing { side, active, .. } if *side == Side::Operator => {
                sig.operator_typing.set(*active);
            }
            ServerFrame::Read { side, seq } if *side == Side::Visitor => {
                // Read in another tab of this visitor.
                st.seen = st.seen.max(*seq);
                st.read_sent = st.read_sent.max(*seq);
            }
            ServerFrame::Assigned { card, .. } => {
                sig.operator.set(card.clone());
            }
            ServerFrame::Error {
                code: ErrorCode::TooMany,
                id: Some(_),
                retry_ms,
                ..
            } => {
                // Too fast: kept, and sent again when the server said.
                st.client.receive(&frame);
                let ms = retry_ms.unwrap_or(1_000).clamp(100, 60_000) as u64;
                if st.release.is_none() {
                    st.release = self.later(ms, |c| c.release());
                }
                let seconds = ms.div_ceil(1_000) as i64;
                let why = tf(Msg::ErrorTooFast, &[("seconds", Arg::Num(seconds))]);
                self.show_error(st, why, true);
                return;
            }
            ServerFrame::Error {
                code, message, id, ..
            } => {
                let why = match code {
                    ErrorCode::TooLarge => too_long(),
                    ErrorCode::ConsentRequired => t(Msg::ErrorConsent).into_owned(),
                    _ => tf(
                        Msg::ErrorRefused,
                        &[("reason", Arg::Str(&sentence(message)))],
                    ),
                };
                if *code == ErrorCode::ConsentRequired {
                    if let Some(s) = st.stored.as_mut() {
                        s.consent = None;
                    }
                    self.update_gate(st);
                }
                if let Some(id) = id {
                    // Refused for good (too long, invalid): drop it, say why.
                    st.client.reject(id);
                    self.save_outbox(st);
                    self.render(st);
                    self.show_error(st, why, false);
                } else if !st.welcomed
                    && matches!(code, ErrorCode::Unauthorized | ErrorCode::NotFound)
                {
                    self.replace_session(st);
                } else {
                    self.show_error(st, why, true);
                }
                return;
            }
            _ => {}
        }
        let outbox = st.client.outbox().len();
        if st.client.receive(&frame) {
            if st.client.outbox().len() != outbox {
                self.save_outbox(st);
            }
            self.render(st);
        }
        self.update_read(st);
    }

    /// Asks for fresh links to the conversation's files (#21): at once when
    /// it holds some (they may have expired while the socket was away), and
    /// again every three quarters of `links_ms` while welcomed.
    fn relink(&self, st: &mut State, links_ms: u64) {
        if st.client.holds_files() {
            self.send_frame(st, &ClientFrame::Relink);
        }
        if links_ms > 0 && st.relink.is_none() {
            st.relink = self.later(links_ms / 4 * 3, move |c| {
                let mut st = c.0.st.borrow_mut();
                st.relink = None;
                if st.welcomed {
                    c.relink(&mut st, links_ms);
                }
            });
        }
    }

    /// The end of a hold: sends every unacknowledged message, in order.
    fn release(&self) {
        let mut st = self.0.st.borrow_mut();
        st.release = None;
        for frame in st.client.release() {
            self.send_frame(&st, &frame);
        }
    }

    fn send_frame(&self, st: &State, frame: &ClientFrame) {
        if let (true, Some(s), Ok(raw)) = (st.ready, &st.socket, serde_json::to_string(frame)) {
            s.send(&raw);
        }
    }

    // ---- typing, reading -----------------------------------------------

    /// Sends the draft as the throttle allows; nothing while the panel is
    /// hidden.
    fn step_typing(&self, st: &mut State) {
        // R-C-1: nothing typed leaves before the notice is accepted.
        if !st.welcomed || !st.panel_open || st.consent_needed {
            return;
        }
        match st.throttle.input(&outgoing_draft(st), js_sys::Date::now()) {
            Step::Send(draft) => self.send_frame(st, &ClientFrame::Typing { draft }),
            Step::Wait(ms) => {
                st.typing_timer = self.later(ms.into(), |c| {
                    let mut st = c.0.st.borrow_mut();
                    st.typing_timer = None;
                    let draft = outgoing_draft(&st);
                    if let Some(draft) = st.throttle.due(&draft, js_sys::Date::now()) {
                        c.send_frame(&st, &ClientFrame::Typing { draft });
                    }
                });
            }
            Step::Idle => {}
        }
    }

    /// Marks what the visitor sees as read (panel open, page visible) and
    /// tells the parent how many operator messages are unread.
    fn update_read(&self, st: &mut State) {
        if st.panel_open && !env::page_hidden() {
            st.seen = st.seen.max(st.client.last_seq());
        }
        let (seen, read_sent) = (st.seen, st.read_sent);
        let mut unread = 0u32;
        let mut to_mark = false;
        // The channel's own replies count too (a no-answer reply, R-AA-2).
        // Event lines (#20) say what happened; they are not replies.
        let replies = st
            .client
            .history()
            .filter(|m| m.side != Side::Visitor && m.event.is_none());
        for m in replies {
            unread += u32::from(m.seq > seen);
            to_mark |= m.seq > read_sent && m.seq <= seen;
        }
        if to_mark && st.welcomed && !st.read_due {
            // A replayed history arrives one frame per message: mark once,
            // after the burst.
            st.read_due = true;
            self.later(READ_DELAY_MS, |c| {
                let mut st = c.0.st.borrow_mut();
                st.read_due = false;
                if st.welcomed && st.seen > st.read_sent {
                    let seq = st.seen;
                    c.send_frame(&st, &ClientFrame::Read { seq });
                    st.read_sent = seq;
                }
            });
        }
        if st.unread_posted != Some(unread) {
            st.unread_posted = Some(unread);
            self.0.parent.unread(unread);
        }
    }

    // ---- view ----------------------------------------------------------

    /// Brings the rows up to date with the timeline, reusing the rows of
    /// lines already shown.
    fn render(&self, st: &mut State) {
        let rows = self.0.sig.rows;
        let old = rows.get_untracked();
        // Lines keep their order, so the next old row is almost always the
        // one wanted: search from there.
        let mut next = 0;
        let outbox = st.client.outbox();
        st.names
            .retain(|(id, _)| outbox.iter().any(|p| p.file.as_ref() == Some(id)));
        let mut timeline = st.client.timeline();
        // A message whose file is stored shows its name until the server
        // has it (#21).
        for line in timeline
            .iter_mut()
            .filter(|l| l.delivery == Delivery::Sending)
        {
            let pending = st.client.outbox().iter().find(|p| p.id == line.message.id);
            let Some(file) = pending.and_then(|p| p.file.clone()) else {
                continue;
            };
            let name = st.names.iter().find(|(id, _)| id == &file);
            line.message.file = Some(FileRef {
                name: name.map(|(_, name)| name.clone()).unwrap_or_default(),
                id: file,
                side: Side::Visitor,
                size: 0,
                mime: String::new(),
                width: None,
                height: None,
                url: None,
            });
        }
        let mut reordered = old.len() != timeline.len();
        let new: Vec<Row> = timeline
            .into_iter()
            .enumerate()
            .map(|(i, line)| {
                let key = format!("{}{}", if line.mine { 'v' } else { 'o' }, line.message.id);
                reordered |= old.get(i).is_none_or(|r| r.key != key);
                let found = (next..old.len())
                    .chain(0..next)
                    .find(|&j| old[j].key == key);
                match found {
                    Some(j) => {
                        next = j + 1;
                        let row = &old[j];
                        if row.line.with_untracked(|l| l != &line) {
                            row.line.set(line);
                        }
                        row.clone()
                    }
                    None => Row {
                        key,
                        line: ArcRwSignal::new(line),
                    },
                }
            })
            .collect();
        if reordered {
            rows.set(new);
        }
    }

    fn show_closing(&self, st: &State) {
        let sig = self.0.sig;
        let ending = st.closing.ending();
        let before = sig.ending.get_untracked();
        if before == ending {
            return;
        }
        sig.ending.set(ending);
        // The form this tab sent from is gone: back to the composer.
        if matches!(before, Ending::Asked { sending: true, .. }) && ending == Ending::Thanked {
            self.take_focus(st);
        }
    }

    fn show_error(&self, st: &mut State, message: String, transient: bool) {
        st.error_generation = st.error_generation.wrapping_add(1);
        self.0.sig.error.set(Some(message));
        if transient {
            let generation = st.error_generation;
            self.later(TRANSIENT_ERROR_MS, move |c| {
                if c.0.st.borrow().error_generation == generation {
                    c.0.sig.error.set(None);
                }
            });
        }
    }

    fn clear_error(&self) {
        if self.0.sig.error.with_untracked(Option::is_some) {
            self.0.sig.error.set(None);
        }
    }
}

/// The draft as operators may see it (#20).
fn outgoing_draft(st: &State) -> String {
    crate::typing::outgoing(&st.draft, st.live_typing)
}

fn upgrade(weak: &Weak<Inner>) -> Option<Chat> {
    weak.upgrade().map(Chat)
}

/// Why a message cannot be sent, in the visitor's language.
fn text_error(e: &TextError) -> String {
    match e {
        TextError::TooLong { .. } => too_long(),
        other => tf(
            Msg::ErrorRefused,
            &[("reason", Arg::Str(&sentence(&other.to_string())))],
        ),
    }
}

/// Why file `name` was not sent (#21), in the visitor's language.
pub fn why(msg: Msg, name: &str, args: &[(&str, Arg<'_>)]) -> String {
    let mut all = vec![("name", Arg::Str(name))];
    all.extend_from_slice(args);
    tf(msg, &all)
}

fn too_long() -> String {
    tf(
        Msg::ErrorTooLong,
        &[("max", Arg::Num(MAX_MESSAGE_CHARS as i64))],
    )
}

/// `the message is empty` → `The message is empty.`
fn sentence(s: &str) -> String {
    let mut chars = s.chars();
    let mut out = chars.next().map(upper).unwrap_or_default();
    out.push_str(chars.as_str());
    if !out.ends_with(['.', '!', '?', '…']) {
        out.push('.');
    }
    out
}

/// `c` in upper case. In the browser, the browser's own mapping: core's
/// Unicode case tables would add 13 KB to the wasm.
fn upper(c: char) -> String {
    #[cfg(target_arch = "wasm32")]
    return js_sys::JsString::from(String::from(c))
        .to_upper_case()
        .into();
    #[cfg(not(target_arch = "wasm32"))]
    c.to_uppercase().collect()
}

/// Calls `f` on every `event` of `target`, for ever.
fn listen(target: Option<JsValue>, event: &str, f: impl Fn() + 'static) {
    let Some(target) = target else { return };
    let cb = Closure::<dyn Fn()>::new(f);
    let _ = target
        .unchecked_into::<web_sys::EventTarget>()
        .add_event_listener_with_callback(event, cb.as_ref().unchecked_ref());
    cb.forget();
}

#[cfg(test)]
mod tests {
    use super::sentence;

    #[test]
    fn errors_read_as_sentences() {
        assert_eq!(sentence("the message is empty"), "The message is empty.");
        assert_eq!(sentence("Done."), "Done.");
        assert_eq!(sentence(""), ".");
        assert_eq!(sentence("émis"), "Émis.");
    }
}
