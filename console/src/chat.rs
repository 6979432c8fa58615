//! The socket of the open conversation (`/ws/operator`), around the shared
//! [`ClientSession`]: it says `Hello` and resends the outbox on every
//! (re)connect, applies the server's frames, sends replies, typing and read
//! marks, and mirrors what the pane shows into signals.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::{Rc, Weak};
use std::time::Duration;

use canal_shared::client::{ClientSession, Line};
use canal_shared::i18n::{Arg, ConsoleMsg};
use canal_shared::ids::{random_id, ClientMsgId, ConversationId, Seq};
use canal_shared::protocol::{ClientFrame, ConversationView, ServerFrame, Side, Status};
use canal_shared::text::{MessageText, MAX_DRAFT_CHARS};
use leptos::prelude::*;

use crate::format::now;
use crate::i18n::lang_now;
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
    /// by [`update_view`]: new messages, `Assigned`, `Status` (closed) and
    /// `Rated`.
    pub conversation: RwSignal<Option<ConversationView>>,
    /// The visitor's draft while they type (R-RT-1).
    pub visitor_draft: RwSignal<Option<String>>,
    /// The error to show in `[data-testid=chat-error]`.
    pub error: RwSignal<Option<String>>,
    /// The reply being written; a refused reply comes back here if it is empty.
    pub composer: RwSignal<String>,
    /// The socket's state; `None` once closed.
    pub state: RwSignal<Option<ConnState>>,
    /// Why the server refuses this conversation to the signed-in person
    /// (the socket is then closed for good, not retried).
    pub refused: RwSignal<Option<String>>,
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
            refused: RwSignal::new(None),
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
    /// Asks for fresh links to the files before they expire (#21).
    relink_timer: RefCell<Option<IntervalHandle>>,
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
            relink_timer: RefCell::new(None),
            closed: Cell::new(false),
        });
        chat.refresh();
        let on_open = Rc::downgrade(&chat);
        let on_text = Rc::downgrade(&chat);
        let on_close = Rc::downgrade(&chat);
        let token = token.to_owned();
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
                on_state: Box::new(move |s| {
                    if signals.refused.get_untracked().is_none() {
                        signals.state.set(Some(s));
                    }
                }),
                on_close: Box::new(move |heard| {
                    // Refused at the upgrade? The browser cannot say why:
                    // ask, and stop retrying what will never be allowed.
                    if heard {
                        return;
                    }
                    let weak = on_close.clone();
                    let token = token.clone();
                    leptos::task::spawn_local(async move {
                        let Some(id) = live(&weak).map(|c| c.id.clone()) else {
                            return;
                        };
                        let refused = match crate::api::access(&token, &id).await {
                            Err(f) if matches!(f.status, Some(401 | 403 | 404)) => f.message,
                            _ => return,
                        };
                        if let Some(chat) = live(&weak) {
                            chat.refuse(refused);
                        }
                    });
                }),
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
        if let Some(timer) = self.relink_timer.borrow_mut().take() {
            timer.clear();
        }
        let session = std::mem::replace(
            &mut *self.session.borrow_mut(),
            ClientSession::new(Side::Operator, Vec::new()),
        );
        SESSIONS.with(|s| s.borrow_mut().insert(self.id.clone(), session));
        self.signals.state.set(None);
    }

    /// The server refuses this conversation: say why, and stop trying.
    fn refuse(&self, why: String) {
        if let Some(socket) = self.socket.borrow_mut().take() {
            socket.close();
        }
        let mut why = capitalize(why.trim());
        if !why.ends_with(['.', '!', '?']) {
            why.push('.');
        }
        self.signals.refused.set(Some(why));
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
        s.conversation
            .maybe_update(|c| c.as_mut().is_some_and(|c| update_view(c, &frame)));
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
                self.relink(conversation.links_ms);
                s.conversation.set(Some(conversation));
            }
            ServerFrame::Message { message } => {
                if message.side == Side::Visitor {
                    s.visitor_draft.set(None);
                }
            }
            ServerFrame::Typing {
                side: Side::Visitor,
                active,
                draft,
            } => s
                .visitor_draft
                .set(active.then(|| draft.unwrap_or_default())),
            ServerFrame::Status {
                status: Status::Closed,
                ..
            } => {
                // Nobody types in a closed conversation.
                s.visitor_draft.set(None);
            }
            ServerFrame::Error {
                code,
                message,
                id: Some(id),
                ..
            } => {
                let message = crate::errors::refusal_text(lang_now(), 400, Some(code), &message);
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
            ServerFrame::Error { code, message, .. } => self.notice(crate::errors::refusal_text(
                lang_now(),
                400,
                Some(code),
                &message,
            )),
            ServerFrame::Receipt {
                delivery: canal_shared::connectors::Delivery::Failed { reason },
                ..
            } => self.notice(lang_now().console(
                ConsoleMsg::ConversationNotDelivered,
                &[("reason", Arg::Str(&reason))],
            )),
            ServerFrame::Receipt { .. }
            | ServerFrame::Typing { .. }
            | ServerFrame::Read { .. }
            | ServerFrame::Ack { .. }
            | ServerFrame::Assigned { .. }
            | ServerFrame::Status { .. }
            | ServerFrame::Rated { .. }
            | ServerFrame::Visitor { .. } => {}
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
        let text =
            MessageText::parse(text).map_err(|e| crate::errors::text_error(lang_now(), &e))?;
        self.post(|s, id| s.compose(id, text.as_str().to_owned(), now()))?;
        self.stop_typing();
        Ok(())
    }

    /// Sends a message that carries file `file`, stored already (#21),
    /// with `caption`, which may be empty; like [`Chat::send_reply`]
    /// otherwise.
    pub fn send_file(&self, caption: &str, file: ClientMsgId) -> Result<(), String> {
        let caption = match caption.trim().is_empty() {
            true => String::new(),
            false => MessageText::parse(caption)
                .map_err(|e| crate::errors::text_error(lang_now(), &e))?
                .as_str()
                .to_owned(),
        };
        self.post(|s, id| s.compose_file(id, caption, file, now()))?;
        self.stop_typing();
        Ok(())
    }

    /// Writes a private note (#20): like a reply, but only operators see
    /// it, and whoever reads the conversation may write one.
    pub fn send_note(&self, text: &str) -> Result<(), String> {
        let text =
            MessageText::parse(text).map_err(|e| crate::errors::text_error(lang_now(), &e))?;
        self.post(|s, id| s.compose_note(id, text.as_str().to_owned(), now()))
    }

    /// Puts what `compose` makes of a new message id in the outbox, sends
    /// it if the socket is open, and clears the error shown.
    fn post(
        &self,
        compose: impl FnOnce(&mut ClientSession, ClientMsgId) -> ClientFrame,
    ) -> Result<(), String> {
        let id = new_message_id()?;
        let frame = compose(&mut self.session.borrow_mut(), id);
        self.refresh();
        self.send(&frame);
        if let Some(t) = self.notice_timer.borrow_mut().take() {
            t.clear();
        }
        self.signals.error.set(None);
        Ok(())
    }

    /// Closes the conversation (only its operator may; the server answers
    /// with a `Status` frame, or an error frame that says why not). Returns
    /// whether the request went out: not while the socket is down.
    pub fn close_conversation(&self) -> bool {
        self.stop_typing();
        self.send(&ClientFrame::Close)
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

    /// Asks for fresh links to the conversation's files (#21): at once when
    /// it holds some (kept from before, or from before a lost connection),
    /// and every three quarters of `links_ms` while open.
    fn relink(self: &Rc<Self>, links_ms: u64) {
        if self.session.borrow().holds_files() {
            self.send(&ClientFrame::Relink);
        }
        if links_ms == 0 || self.closed.get() || self.relink_timer.borrow().is_some() {
            return;
        }
        let weak = Rc::downgrade(self);
        let handle = set_interval_with_handle(
            move || {
                let Some(chat) = live(&weak) else { return };
                if chat.welcomed.get() && chat.session.borrow().holds_files() {
                    chat.send(&ClientFrame::Relink);
                }
            },
            Duration::from_millis(links_ms / 4 * 3),
        )
        .ok();
        *self.relink_timer.borrow_mut() = handle;
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

/// Applies `frame` to the open conversation as the last `Welcome` described
/// it; returns whether anything changed. A live visitor message moves a new
/// conversation to the queue, and a closed one too (a new session: nobody
/// answers it, no rating yet); replayed history (at most the `Welcome`'s
/// `last_seq`) changes no status. `Assigned`, `Status`, `Rated` and the
/// visitor's read marks update what they name; other frames change nothing.
pub fn update_view(c: &mut ConversationView, frame: &ServerFrame) -> bool {
    let before = c.clone();
    match frame {
        ServerFrame::Message { message } => {
            let live = message.seq > c.last_seq;
            c.last_seq = c.last_seq.max(message.seq);
            match (message.side, c.status) {
                (Side::Visitor, Status::New) => c.status = Status::Waiting,
                (Side::Visitor, Status::Closed) if live => {
                    c.status = Status::Waiting;
                    c.operator = None;
                    c.rating_open = false;
                    c.rating = None;
                }
                _ => {}
            }
        }
        ServerFrame::Assigned { operator, .. } => {
            c.status = match (operator, c.status) {
                (Some(_), _) => Status::Active,
                (None, Status::Active) => Status::Waiting,
                // A closed conversation stays closed until the visitor writes.
                (None, other) => other,
            };
            c.operator = operator.clone();
        }
        ServerFrame::Status {
            status,
            rating_open,
        } => {
            c.status = *status;
            c.rating_open = *rating_open;
        }
        ServerFrame::Rated { rating } => c.rating = Some(rating.clone()),
        ServerFrame::Read {
            side: Side::Visitor,
            seq,
        } => c.visitor_read = c.visitor_read.max(*seq),
        // Where the visitor is now (issue #20).
        ServerFrame::Visitor { context } => c.visitor = Some(context.clone()),
        ServerFrame::Welcome { .. }
        | ServerFrame::Typing { .. }
        | ServerFrame::Read { .. }
        | ServerFrame::Ack { .. }
        | ServerFrame::Receipt { .. }
        | ServerFrame::Error { .. } => {}
    }
    *c != before
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
        .ok_or_else(|| lang_now().console(ConsoleMsg::ConversationNoRandom, &[]))?;
    ClientMsgId::parse(&random_id("m_", &bytes)).map_err(|e| e.to_string())
}

fn capitalize(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use canal_shared::ids::{ChannelId, UserId};
    use canal_shared::protocol::{ChannelInfo, Message, OperatorInfo, Rating, Verdict};
    use canal_shared::time::Timestamp;

    fn ana() -> OperatorInfo {
        OperatorInfo {
            id: UserId::parse("ana").unwrap(),
            name: "Ana".into(),
        }
    }

    /// An active conversation answered by Ana, 3 messages long.
    fn active() -> ConversationView {
        ConversationView {
            id: ConversationId::parse("c1").unwrap(),
            channel: ChannelInfo {
                id: ChannelId::parse("demo").unwrap(),
                name: "Demo".into(),
            },
            visitor_name: "Visitor".into(),
            status: Status::Active,
            operator: Some(ana()),
            last_seq: Seq(3),
            visitor_read: Seq(3),
            operator_read: Seq(3),
            visitor_draft: None,
            rating_open: false,
            rating: None,
            card: None,
            contact: None,
            consent_needed: false,
            supervisor_rating: None,
            reading: false,
            visitor: None,
            live_typing: true,
            links_ms: 0,
        }
    }

    fn message(seq: u64, side: Side) -> ServerFrame {
        ServerFrame::Message {
            message: Message {
                seq: Seq(seq),
                id: ClientMsgId::parse(&format!("m{seq}")).unwrap(),
                side,
                author: "Someone".into(),
                text: "hi".into(),
                at: Timestamp(seq as i64),
                note: false,
                event: None,
                file: None,
            },
        }
    }

    fn liked() -> Rating {
        Rating {
            verdict: Verdict::Like,
            comment: Some("Quick, thanks".into()),
        }
    }

    #[test]
    fn closing_then_rating() {
        let mut c = active();
        let closed = ServerFrame::Status {
            status: Status::Closed,
            rating_open: true,
        };
        assert!(update_view(&mut c, &closed));
        assert_eq!(c.status, Status::Closed);
        assert!(c.rating_open);
        // Whoever answered it is still named.
        assert_eq!(c.operator, Some(ana()));
        assert!(update_view(&mut c, &ServerFrame::Rated { rating: liked() }));
        assert_eq!(c.rating, Some(liked()));
        // The wait for the rating ends; the rating stays.
        let over = ServerFrame::Status {
            status: Status::Closed,
            rating_open: false,
        };
        assert!(update_view(&mut c, &over));
        assert!(!c.rating_open);
        assert_eq!(c.rating, Some(liked()));
        // A repeated frame changes nothing.
        assert!(!update_view(&mut c, &over));
    }

    #[test]
    fn a_visitor_message_after_closing_starts_a_new_session() {
        let mut c = active();
        c.status = Status::Closed;
        c.rating = Some(liked());
        // The server drops the operator first: still closed until the message.
        assert!(update_view(
            &mut c,
            &ServerFrame::Assigned {
                operator: None,
                card: None
            }
        ));
        assert_eq!(c.status, Status::Closed);
        assert_eq!(c.operator, None);
        assert!(update_view(&mut c, &message(4, Side::Visitor)));
        assert_eq!(c.status, Status::Waiting);
        assert_eq!(c.rating, None);
        assert!(!c.rating_open);
        assert_eq!(c.last_seq, Seq(4));
        // Then someone takes it.
        assert!(update_view(
            &mut c,
            &ServerFrame::Assigned {
                operator: Some(ana()),
                card: None
            }
        ));
        assert_eq!(c.status, Status::Active);
    }

    #[test]
    fn replayed_history_and_system_messages_keep_it_closed() {
        let mut c = active();
        c.status = Status::Closed;
        c.rating = Some(liked());
        // History replayed after `Welcome` (at most its `last_seq`).
        assert!(!update_view(&mut c, &message(2, Side::Visitor)));
        assert_eq!(c.status, Status::Closed);
        assert_eq!(c.rating, Some(liked()));
        // The timeout's text comes before the close; any later system
        // message does not open it either.
        assert!(update_view(&mut c, &message(4, Side::System)));
        assert_eq!(c.status, Status::Closed);
        assert_eq!(c.last_seq, Seq(4));
    }

    #[test]
    fn first_visitor_message_queues_a_new_conversation() {
        let mut c = active();
        c.status = Status::New;
        c.operator = None;
        assert!(update_view(&mut c, &message(4, Side::Visitor)));
        assert_eq!(c.status, Status::Waiting);
        // Back to the queue from an operator.
        c.status = Status::Active;
        c.operator = Some(ana());
        assert!(update_view(
            &mut c,
            &ServerFrame::Assigned {
                operator: None,
                card: None
            }
        ));
        assert_eq!(c.status, Status::Waiting);
    }

    #[test]
    fn the_visitors_new_page_replaces_the_last() {
        // Issue #20: the panel beside the thread follows the visitor.
        let mut c = active();
        let page = canal_shared::visit::PageView {
            url: "https://shop.example/cart".into(),
            title: "Cart".into(),
            at: Timestamp(5),
        };
        let context = canal_shared::visit::VisitorContext {
            page: page.clone(),
            referrer: None,
            lang: Some("pt-BR".into()),
            time_zone: Some("America/Sao_Paulo".into()),
            user_agent: None,
            trail: vec![page],
        };
        let frame = ServerFrame::Visitor {
            context: context.clone(),
        };
        assert!(update_view(&mut c, &frame));
        assert_eq!(c.visitor, Some(context));
        assert!(!update_view(&mut c, &frame));
    }
}
