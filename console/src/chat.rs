//! The socket of the open conversation (`/ws/operator`), around the shared
//! [`ClientSession`]: it says `Hello` and resends the outbox on every
//! (re)connect, applies the server's frames, sends replies, typing and read
//! marks, and mirrors what the pane shows into signals.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::{Rc, Weak};
use std::time::Duration;

use canal_shared::client::{ClientSession, Line};
use canal_shared::ids::{random_id, ClientMsgId, ConversationId, Seq};
use canal_shared::protocol::{ClientFrame, ConversationView, ServerFrame, Side, Status};
use canal_shared::text::{MessageText, MAX_DRAFT_CHARS};
use leptos::prelude::*;

use crate::format::now;
use crate::socket::{self, ConnState, Handlers, Socket};
use crate::storage;

/// At most one typing frame per this many milliseconds (plus a final one).
pub const TYPING_INTERVAL_MS: f64 = 250.0;

/// How long an error that names no message stays on screen.
const NOTICE_MS: u64 = 6_000;

/// Delay before sending a read mark, so a replayed history sends one.
const READ_DELAY_MS: u64 = 100;

thread_local! {
    /// Sessions of the conversations opened before, so switching back keeps
    /// the history and the unacknowledged replies.
    static SESSIONS: RefCell<HashMap<ConversationId, ClientSession>> = RefCell::new(HashMap::new());
}

/// Forgets every kept session (on sign-out).
pub fn forget_all() {
    SESSIONS.with(|s| s.borrow_mut().clear());
}

/// What the conversation pane shows, kept up to date by a [`Chat`].
#[derive(Clone, Copy)]
pub struct ChatSignals {
    /// The timeline: stored messages, then pending replies.
    pub lines: RwSignal<Vec<Line>>,
    /// The conversation as the last `Welcome` described it, kept up to date
    /// by `Assigned` and new messages.
    pub conversation: RwSignal<Option<ConversationView>>,
    /// The visitor's draft while they type (R-RT-1).
    pub visitor_draft: RwSignal<Option<String>>,
    /// The error to show in `[data-testid=chat-error]`.
    pub error: RwSignal<Option<String>>,
    /// The reply being written; a refused reply comes back here if it is empty.
    pub composer: RwSignal<String>,
    /// The socket's state; `None` once closed.
    pub state: RwSignal<Option<ConnState>>,
}

impl ChatSignals {
    /// Fresh signals; `state` is shared with the connection indicator.
    pub fn new(state: RwSignal<Option<ConnState>>) -> Self {
        ChatSignals {
            lines: RwSignal::new(Vec::new()),
            conversation: RwSignal::new(None),
            visitor_draft: RwSignal::new(None),
            error: RwSignal::new(None),
            composer: RwSignal::new(String::new()),
            state,
        }
    }
}

#[derive(Default)]
struct Typing {
    /// When the last typing frame went out (ms since the epoch).
    sent_at: f64,
    /// The draft it carried.
    sent: String,
    /// The draft now.
    latest: String,
    /// The trailing send, if one is scheduled.
    timer: Option<TimeoutHandle>,
}

/// One open conversation socket.
pub struct Chat {
    id: ConversationId,
    signals: ChatSignals,
    visible: Signal<bool>,
    session: RefCell<ClientSession>,
    socket: RefCell<Option<Socket>>,
    welcomed: Cell<bool>,
    read_sent: Cell<Seq>,
    read_timer: RefCell<Option<TimeoutHandle>>,
    typing: RefCell<Typing>,
    notice_timer: RefCell<Option<TimeoutHandle>>,
    closed: Cell<bool>,
}

impl Chat {
    /// Opens the socket of conversation `id` with the session `token`. Read
    /// marks are only sent while `visible` is true.
    pub fn open(
        id: ConversationId,
        token: &str,
        signals: ChatSignals,
        visible: Signal<bool>,
    ) -> Rc<Chat> {
        let session = SESSIONS
            .with(|s| s.borrow_mut().remove(&id))
            .unwrap_or_else(|| ClientSession::new(Side::Operator, storage::outbox(&id)));
        let url = socket::url(
            "/ws/operator",
            &[("conversation", id.as_str()), ("token", token)],
        );
        let chat = Rc::new(Chat {
            id,
            signals,
            visible,
            session: RefCell::new(session),
            socket: RefCell::new(None),
            welcomed: Cell::new(false),
            read_sent: Cell::new(Seq(0)),
            read_timer: RefCell::new(None),
            typing: RefCell::new(Typing::default()),
            notice_timer: RefCell::new(None),
            closed: Cell::new(false),
        });
        chat.refresh();
        let on_open = Rc::downgrade(&chat);
        let on_text = Rc::downgrade(&chat);
        let socket = Socket::open(
            url,
            Handlers {
                on_open: Box::new(move |socket| {
                    if let Some(chat) = on_open.upgrade() {
                        chat.welcomed.set(false);
                        let frames = chat.session.borrow().on_open();
                        for frame in &frames {
                            if let Ok(json) = serde_json::to_string(frame) {
                                socket.send(&json);
                            }
                        }
                    }
                }),
                on_text: Box::new(move |text| {
                    if let Some(chat) = on_text.upgrade() {
                        chat.receive(&text);
                    }
                }),
                on_state: Box::new(move |s| signals.state.set(Some(s))),
                on_close: Box::new(|_| {}),
            },
        );
        *chat.socket.borrow_mut() = Some(socket);
        chat
    }

    /// The conversation.
    pub fn id(&self) -> &ConversationId {
        &self.id
    }

    /// Closes the socket for good and keeps the session for the next time
    /// this conversation opens.
    pub fn close(&self) {
        if self.closed.replace(true) {
            return;
        }
        if let Some(socket) = self.socket.borrow_mut().take() {
            socket.close();
        }
        for timer in [
            self.read_timer.borrow_mut().take(),
            self.notice_timer.borrow_mut().take(),
            self.typing.borrow_mut().timer.take(),
        ]
        .into_iter()
        .flatten()
        {
            timer.clear();
        }
        let session = std::mem::replace(
            &mut *self.session.borrow_mut(),
            ClientSession::new(Side::Operator, Vec::new()),
        );
        SESSIONS.with(|s| s.borrow_mut().insert(self.id.clone(), session));
        self.signals.state.set(None);
    }

    /// Applies one text frame from the server.
    fn receive(self: &Rc<Self>, text: &str) {
        let frame: ServerFrame = match serde_json::from_str(text) {
            Ok(f) => f,
            Err(e) => {
                leptos::logging::warn!("canal: frame not understood: {e}");
                return;
            }
        };
        let mut changed = self.session.borrow_mut().receive(&frame);
        let s = self.signals;
        match frame {
            ServerFrame::Welcome { conversation, .. } => {
                self.welcomed.set(true);
                self.read_sent.set(conversation.operator_read);
                s.visitor_draft.set(
                    conversation
                        .visitor_draft
                        .clone()
                        .filter(|d| !d.trim().is_empty()),
                );
                s.conversation.set(Some(conversation));
            }
            ServerFrame::Message { message } => {
                if message.side == Side::Visitor {
                    s.visitor_draft.set(None);
                }
                s.conversation.update(|c| {
                    if let Some(c) = c {
                        c.last_seq = c.last_seq.max(message.seq);
                        if message.side == Side::Visitor && c.status == Status::New {
                            c.status = Status::Waiting;
                        }
                    }
                });
            }
            ServerFrame::Typing {
                side: Side::Visitor,
                active,
                draft,
            } => s
                .visitor_draft
                .set(active.then(|| draft.unwrap_or_default())),
            ServerFrame::Assigned { operator } => s.conversation.update(|c| {
                if let Some(c) = c {
                    c.status = match (&operator, c.status) {
                        (Some(_), _) => Status::Active,
                        (None, Status::Active) => Status::Waiting,
                        (None, other) => other,
                    };
                    c.operator = operator;
                }
            }),
            ServerFrame::Read {
                side: Side::Visitor,
                seq,
            } => s.conversation.update(|c| {
                if let Some(c) = c {
                    c.visitor_read = c.visitor_read.max(seq);
                }
            }),
            ServerFrame::Error {
                message,
                id: Some(id),
                ..
            } => {
                let refused = self.session.borrow_mut().reject(&id);
                if let Some(p) = &refused {
                    // Give the text back so it can be fixed and sent again.
                    if s.composer.with_untracked(|c| c.trim().is_empty()) {
                        s.composer.set(p.text.clone());
                    }
                }
                changed |= refused.is_some();
                if let Some(t) = self.notice_timer.borrow_mut().take() {
                    t.clear();
                }
                s.error.set(Some(message));
            }
            ServerFrame::Error { message, .. } => self.notice(message),
            ServerFrame::Typing { .. } | ServerFrame::Read { .. } | ServerFrame::Ack { .. } => {}
        }
        if changed {
            self.refresh();
        }
        self.schedule_read();
    }

    /// Sends a reply: validates it, puts it in the outbox and sends it if the
    /// socket is open (otherwise the next connection does). An error says
    /// why the text was refused.
    pub fn send_reply(&self, text: &str) -> Result<(), String> {
        let text = MessageText::parse(text).map_err(|e| capitalize(&e.to_string()))?;
        let id = new_message_id()?;
        let frame = self
            .session
            .borrow_mut()
            .compose(id, text.as_str().to_owned(), now());
        self.refresh();
        self.send(&frame);
        self.stop_typing();
        if let Some(t) = self.notice_timer.borrow_mut().take() {
            t.clear();
        }
        self.signals.error.set(None);
        Ok(())
    }

    /// The composer changed: sends the draft, at most once per
    /// [`TYPING_INTERVAL_MS`], with a final send of the last draft.
    pub fn typing(self: &Rc<Self>, draft: &str) {
        if draft.trim().is_empty() {
            self.stop_typing();
            return;
        }
        let since = {
            let mut t = self.typing.borrow_mut();
            t.latest = draft.chars().take(MAX_DRAFT_CHARS).collect();
            if t.timer.is_some() {
                return;
            }
            js_sys::Date::now() - t.sent_at
        };
        if since >= TYPING_INTERVAL_MS {
            self.flush_typing();
            return;
        }
        let weak = Rc::downgrade(self);
        let wait = (TYPING_INTERVAL_MS - since).max(0.0) as u64;
        let handle = set_timeout_with_handle(
            move || {
                if let Some(chat) = live(&weak) {
                    chat.typing.borrow_mut().timer = None;
                    chat.flush_typing();
                }
            },
            Duration::from_millis(wait),
        )
        .ok();
        self.typing.borrow_mut().timer = handle;
    }

    /// Sends the latest draft if it differs from the last one sent.
    fn flush_typing(&self) {
        let draft = {
            let t = self.typing.borrow();
            if t.latest == t.sent {
                return;
            }
            t.latest.clone()
        };
        if self.send(&ClientFrame::Typing {
            draft: draft.clone(),
        }) {
            let mut t = self.typing.borrow_mut();
            t.sent = draft;
            t.sent_at = js_sys::Date::now();
        }
    }

    /// The operator stopped typing (sent or cleared the reply).
    pub fn stop_typing(&self) {
        let was_typing = {
            let mut t = self.typing.borrow_mut();
            if let Some(timer) = t.timer.take() {
                timer.clear();
            }
            t.latest.clear();
            !t.sent.is_empty()
        };
        if was_typing
            && self.send(&ClientFrame::Typing {
                draft: String::new(),
            })
        {
            let mut t = self.typing.borrow_mut();
            t.sent.clear();
            t.sent_at = js_sys::Date::now();
        }
    }

    /// Sends a read mark for the last visitor message soon (once for a burst
    /// of messages), if the page is visible then.
    pub fn schedule_read(self: &Rc<Self>) {
        if self.closed.get() || self.read_timer.borrow().is_some() {
            return;
        }
        let weak = Rc::downgrade(self);
        let handle = set_timeout_with_handle(
            move || {
                if let Some(chat) = live(&weak) {
                    chat.read_timer.borrow_mut().take();
                    chat.send_read();
                }
            },
            Duration::from_millis(READ_DELAY_MS),
        )
        .ok();
        *self.read_timer.borrow_mut() = handle;
    }

    fn send_read(&self) {
        if !self.welcomed.get() || !self.visible.try_get_untracked().unwrap_or(false) {
            return;
        }
        let last = self
            .session
            .borrow()
            .history()
            .filter(|m| m.side == Side::Visitor)
            .map(|m| m.seq)
            .last();
        if let Some(seq) = last.filter(|&seq| seq > self.read_sent.get()) {
            if self.send(&ClientFrame::Read { seq }) {
                self.read_sent.set(seq);
            }
        }
    }

    /// Shows an error for a few seconds.
    fn notice(&self, message: String) {
        self.signals.error.set(Some(message.clone()));
        let error = self.signals.error;
        let handle = set_timeout_with_handle(
            move || {
                if error.try_with_untracked(|e| e.as_deref() == Some(message.as_str()))
                    == Some(true)
                {
                    error.try_set(None);
                }
            },
            Duration::from_millis(NOTICE_MS),
        )
        .ok();
        if let Some(old) = self.notice_timer.replace(handle) {
            old.clear();
        }
    }

    /// Sends a frame if the socket is open; returns whether it was sent.
    fn send(&self, frame: &ClientFrame) -> bool {
        let Ok(json) = serde_json::to_string(frame) else {
            return false;
        };
        self.socket.borrow().as_ref().is_some_and(|s| s.send(&json))
    }

    /// Mirrors the session into the signals and saves the outbox.
    fn refresh(&self) {
        let session = self.session.borrow();
        self.signals.lines.set(session.timeline());
        storage::save_outbox(&self.id, session.outbox());
    }
}

/// The chat behind `weak`, unless it was closed.
fn live(weak: &Weak<Chat>) -> Option<Rc<Chat>> {
    weak.upgrade().filter(|c| !c.closed.get())
}

/// A new client message id: 16 random bytes from `crypto.getRandomValues`.
pub fn new_message_id() -> Result<ClientMsgId, String> {
    let mut bytes = [0u8; 16];
    web_sys::window()
        .and_then(|w| w.crypto().ok())
        .and_then(|c| c.get_random_values_with_u8_array(&mut bytes).ok())
        .ok_or("This browser has no secure random numbers (crypto.getRandomValues).")?;
    ClientMsgId::parse(&random_id("m_", &bytes)).map_err(|e| e.to_string())
}

fn capitalize(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
