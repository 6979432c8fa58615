//! The inbox socket (`/ws/inbox`): the conversation list it keeps, the
//! operator's presence it reports and sets, and the offers the list answers.

use std::rc::Rc;

use canal_shared::ids::{ConversationId, UserId};
use canal_shared::people::OfferAnswer;
use canal_shared::protocol::{ConversationSummary, InboxClientFrame, InboxFrame, OperatorNotice};
use canal_shared::routing::Presence;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api;
use crate::socket::{self, ConnState, Handlers, Socket};

/// What the inbox socket keeps up to date. Cheap to copy.
#[derive(Clone, Copy)]
pub struct InboxSignals {
    /// The conversations, most recent first.
    pub conversations: RwSignal<Vec<ConversationSummary>>,
    /// The socket's state.
    pub state: RwSignal<ConnState>,
    /// The operator's presence as the last `Presence` frame (or their own
    /// choice, until the server confirms it) said; `None` while the socket is
    /// not open.
    pub presence: RwSignal<Option<Presence>>,
    /// Notices for this person (a client waits too long, R-KPI-3), newest
    /// first.
    pub notices: RwSignal<Vec<OperatorNotice>>,
    /// How many snapshots arrived (the list is loaded once this is above 0).
    pub snapshots: RwSignal<u32>,
    /// The conversations each frame changed after the list was loaded, in
    /// order, for the alerts (#20) to take: nothing is lost when several
    /// frames come before they look.
    pub changes: RwSignal<Vec<Change>>,
}

/// A conversation's summary before a frame (`None`: new to the list) and
/// after it.
pub type Change = (Option<ConversationSummary>, ConversationSummary);

/// What `frame` changes in `list`: each summary it adds or replaces, with
/// the one it replaces. A late (older) upsert changes nothing.
pub fn changes(list: &[ConversationSummary], frame: &InboxFrame) -> Vec<Change> {
    let before = |id: &ConversationId| list.iter().find(|c| &c.id == id).cloned();
    match frame {
        InboxFrame::Upsert { conversation } => match before(&conversation.id) {
            Some(c) if c.rev > conversation.rev => Vec::new(),
            prev => vec![(prev, conversation.clone())],
        },
        InboxFrame::Snapshot { conversations } => conversations
            .iter()
            .filter_map(|s| {
                let prev = before(&s.id);
                (prev.as_ref() != Some(s)).then(|| (prev, s.clone()))
            })
            .collect(),
        _ => Vec::new(),
    }
}

impl InboxSignals {
    /// An empty list, a socket connecting, no presence yet.
    pub fn new() -> Self {
        InboxSignals {
            conversations: RwSignal::new(Vec::new()),
            state: RwSignal::new(ConnState::Connecting),
            presence: RwSignal::new(None),
            notices: RwSignal::new(Vec::new()),
            snapshots: RwSignal::new(0),
            changes: RwSignal::new(Vec::new()),
        }
    }
}

impl Default for InboxSignals {
    fn default() -> Self {
        Self::new()
    }
}

/// The open inbox socket.
pub struct Inbox {
    socket: Socket,
    presence: RwSignal<Option<Presence>>,
}

impl Inbox {
    /// Opens the inbox socket of `token`. Frames update `signals`, and
    /// `on_unauthorized` runs when the server no longer accepts the token
    /// (checked with `/api/me` whenever a connection closes before delivering
    /// anything).
    pub fn open(token: &str, signals: InboxSignals, on_unauthorized: impl Fn() + 'static) -> Inbox {
        let url = socket::url("/ws/inbox", &[("token", token)]);
        let token = token.to_owned();
        let on_unauthorized = Rc::new(on_unauthorized);
        let InboxSignals {
            conversations,
            state,
            presence,
            notices,
            snapshots,
            changes: news,
        } = signals;
        let socket = Socket::open(
            url,
            Handlers {
                on_open: Box::new(|_| {}),
                on_text: Box::new(
                    move |text| match serde_json::from_str::<InboxFrame>(&text) {
                        Ok(InboxFrame::Presence { presence: p }) => presence.set(Some(p)),
                        Ok(InboxFrame::Notice { notice }) => {
                            notices.update(|list| add_notice(list, notice))
                        }
                        Ok(frame) => {
                            let snapshot = matches!(frame, InboxFrame::Snapshot { .. });
                            if snapshots.get_untracked() > 0 {
                                let found = conversations.with_untracked(|l| changes(l, &frame));
                                if !found.is_empty() {
                                    news.update(|n| n.extend(found));
                                }
                            }
                            conversations.update(|list| apply(list, frame));
                            if snapshot {
                                snapshots.update(|n| *n += 1);
                                request_animation_frame(|| crate::mark("canal:inbox-listed"));
                            }
                        }
                        Err(e) => leptos::logging::warn!("canal: inbox frame not understood: {e}"),
                    },
                ),
                on_state: Box::new(move |s| {
                    state.set(s);
                    if s != ConnState::Open {
                        // The server tells the presence again on the next open.
                        presence.set(None);
                    }
                }),
                on_close: Box::new(move |heard| {
                    if heard {
                        return;
                    }
                    let token = token.clone();
                    let on_unauthorized = on_unauthorized.clone();
                    spawn_local(async move {
                        if api::me(&token).await.is_err_and(|f| f.is_unauthorized()) {
                            on_unauthorized();
                        }
                    });
                }),
            },
        );
        Inbox { socket, presence }
    }

    /// Sets the operator's presence (online or away) and shows it at once;
    /// the server confirms with a `Presence` frame to each of their consoles.
    /// Returns whether it was sent: not while the socket is closed, never for
    /// offline.
    pub fn set_presence(&self, presence: Presence) -> bool {
        let sent = presence_frame(presence).is_some_and(|json| self.socket.send(&json));
        if sent {
            self.presence.set(Some(presence));
        }
        sent
    }

    /// Closes the socket for good.
    pub fn close(&self) {
        self.socket.close();
    }
}

/// The `SetPresence` frame for `presence`, or `None` for offline (which only
/// closing the console means).
pub fn presence_frame(presence: Presence) -> Option<String> {
    if presence == Presence::Offline {
        return None;
    }
    serde_json::to_string(&InboxClientFrame::SetPresence { presence }).ok()
}

/// Moves the focus to the reply box (`#reply`) once the page is drawn, if it
/// is there and enabled; the Accept button that had it is gone.
fn focus_reply() {
    use wasm_bindgen::JsCast;

    request_animation_frame(|| {
        let reply = document()
            .get_element_by_id("reply")
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
        if let Some(reply) = reply {
            let _ = reply.focus();
        }
    });
}

/// Whether `summary` is offered to `me` now: `me` is among those it is
/// offered to, and nobody answers it yet.
pub fn offered_to_me(summary: &ConversationSummary, me: &UserId) -> bool {
    summary.operator.is_none() && summary.offered.contains(me)
}

/// The Accept and Skip calls, shared by the list and the open conversation.
/// Cheap to copy.
#[derive(Clone, Copy)]
pub struct Offers {
    token: StoredValue<String>,
    selected: RwSignal<Option<ConversationId>>,
    busy: RwSignal<Vec<ConversationId>>,
    /// The offers accepted from this console (so becoming their operator
    /// is not news to alert about, #20).
    accepted: StoredValue<Vec<ConversationId>>,
}

impl Offers {
    /// Calls made with the session `token`; an accepted conversation opens in
    /// `selected`.
    pub fn new(token: String, selected: RwSignal<Option<ConversationId>>) -> Offers {
        Offers {
            token: StoredValue::new(token),
            selected,
            busy: RwSignal::new(Vec::new()),
            accepted: StoredValue::new(Vec::new()),
        }
    }

    /// Whether this console accepted the offer of `id`.
    pub fn accepted_here(self, id: &ConversationId) -> bool {
        self.accepted.with_value(|a| a.contains(id))
    }

    /// Whether an Accept or Skip of `id` is under way (tracked: its buttons
    /// are disabled meanwhile).
    pub fn is_busy(self, id: &ConversationId) -> bool {
        self.busy.with(|b| b.contains(id))
    }

    /// Accepts an offer and opens the conversation once the server agreed;
    /// otherwise `error` gets the server's message ("another operator has
    /// already accepted this conversation").
    pub fn accept(self, answer: OfferAnswer, error: RwSignal<Option<String>>) {
        let Some(token) = self.start(&answer.conversation, error) else {
            return;
        };
        // Before the call: the route can reach the inbox before its answer.
        self.accepted
            .update_value(|a| a.push(answer.conversation.clone()));
        spawn_local(async move {
            let result = api::accept(&token, &answer).await;
            self.finish(&answer.conversation);
            match result {
                Ok(()) => {
                    self.selected.try_set(Some(answer.conversation));
                    focus_reply();
                }
                Err(f) => {
                    error.try_set(Some(f.message));
                }
            }
        });
    }

    /// Skips an offer (it goes to the next operator) and closes the
    /// conversation if it was open; otherwise `error` gets the server's
    /// message.
    pub fn skip(self, answer: OfferAnswer, error: RwSignal<Option<String>>) {
        let Some(token) = self.start(&answer.conversation, error) else {
            return;
        };
        spawn_local(async move {
            let result = api::decline(&token, &answer).await;
            self.finish(&answer.conversation);
            match result {
                Ok(()) => {
                    let open = self
                        .selected
                        .try_with_untracked(|s| s.as_ref() == Some(&answer.conversation));
                    if open == Some(true) {
                        self.selected.try_set(None);
                    }
                }
                Err(f) => {
                    error.try_set(Some(f.message));
                }
            }
        });
    }

    /// Marks `id` busy and clears `error`; the token, or `None` if a call
    /// for `id` is already under way.
    fn start(self, id: &ConversationId, error: RwSignal<Option<String>>) -> Option<String> {
        if self.busy.with_untracked(|b| b.contains(id)) {
            return None;
        }
        self.busy.update(|b| b.push(id.clone()));
        error.set(None);
        Some(self.token.get_value())
    }

    fn finish(self, id: &ConversationId) {
        self.busy.try_update(|b| b.retain(|x| x != id));
    }
}

/// Applies an inbox frame to the list: a snapshot replaces it, an upsert
/// replaces (unless it is older: a lower `rev`) or adds one conversation, a
/// removal drops one; a presence leaves it as it is. The list stays sorted,
/// most recent `last_at` first.
pub fn apply(list: &mut Vec<ConversationSummary>, frame: InboxFrame) {
    match frame {
        InboxFrame::Snapshot { conversations } => *list = conversations,
        InboxFrame::Upsert { conversation } => {
            match list.iter_mut().find(|c| c.id == conversation.id) {
                // An older summary that arrives late changes nothing.
                Some(c) if c.rev > conversation.rev => {}
                Some(c) => *c = conversation,
                None => list.push(conversation),
            }
        }
        InboxFrame::Removed { id } => list.retain(|c| c.id != id),
        InboxFrame::Presence { .. } | InboxFrame::Notice { .. } => {}
    }
    sort(list);
}

/// Most notices a console keeps.
pub const MAX_NOTICES: usize = 20;

/// Adds a notice, newest first; one already there (sent again when the
/// socket reconnects) is not shown twice.
pub fn add_notice(list: &mut Vec<OperatorNotice>, notice: OperatorNotice) {
    if list.iter().any(|n| n.id == notice.id) {
        return;
    }
    list.push(notice);
    list.sort_by_key(|n| std::cmp::Reverse(n.at));
    list.truncate(MAX_NOTICES);
}

/// Most recent `last_at` first; ties by id so the order is stable.
pub fn sort(list: &mut [ConversationSummary]) {
    list.sort_by(|a, b| b.last_at.cmp(&a.last_at).then_with(|| a.id.cmp(&b.id)));
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use canal_shared::ids::{ChannelId, Seq};
    use canal_shared::protocol::{ChannelInfo, OperatorInfo, Status};
    use canal_shared::time::Timestamp;

    /// A waiting conversation of "Visitor", last written at `at`.
    pub(crate) fn summary(id: &str, at: i64, text: &str) -> ConversationSummary {
        ConversationSummary {
            id: ConversationId::parse(id).unwrap(),
            channel: ChannelInfo {
                id: ChannelId::parse("demo").unwrap(),
                name: "Open Channel 1".into(),
            },
            visitor_name: "Visitor".into(),
            status: Status::Waiting,
            operator: None,
            last_text: text.into(),
            last_at: Timestamp(at),
            last_seq: Seq(1),
            unread: 1,
            rev: 1,
            offered: vec![],
            rating: None,
            contact: None,
            paused: false,
            identity: None,
            response: Default::default(),
            supervisor_rating: None,
        }
    }

    #[test]
    fn changes_pair_each_summary_with_the_one_it_replaces_and_skip_late_ones() {
        let old = summary("c_a", 1, "hi");
        let list = vec![old.clone()];
        let newer = ConversationSummary {
            rev: 2,
            ..summary("c_a", 2, "more")
        };
        let upsert = InboxFrame::Upsert {
            conversation: newer.clone(),
        };
        assert_eq!(
            changes(&list, &upsert),
            vec![(Some(old.clone()), newer.clone())]
        );
        let late = InboxFrame::Upsert {
            conversation: old.clone(),
        };
        assert!(changes(std::slice::from_ref(&newer), &late).is_empty());
        let fresh = summary("c_b", 3, "new");
        let snapshot = InboxFrame::Snapshot {
            conversations: vec![old.clone(), fresh.clone()],
        };
        // The unchanged one is not news; the new one is.
        assert_eq!(changes(&list, &snapshot), vec![(None, fresh)]);
    }

    #[test]
    fn snapshot_then_upserts_keep_most_recent_first() {
        let mut list = Vec::new();
        apply(
            &mut list,
            InboxFrame::Snapshot {
                conversations: vec![summary("a", 10, "old"), summary("b", 20, "new")],
            },
        );
        let ids = |l: &[ConversationSummary]| {
            l.iter()
                .map(|c| c.id.as_str().to_owned())
                .collect::<Vec<_>>()
        };
        assert_eq!(ids(&list), ["b", "a"]);
        apply(
            &mut list,
            InboxFrame::Upsert {
                conversation: summary("a", 30, "newer"),
            },
        );
        assert_eq!(ids(&list), ["a", "b"]);
        assert_eq!(list[0].last_text, "newer");
        apply(
            &mut list,
            InboxFrame::Upsert {
                conversation: summary("c", 5, "oldest"),
            },
        );
        assert_eq!(ids(&list), ["a", "b", "c"]);
    }

    #[test]
    fn a_late_upsert_never_rolls_back() {
        let mut newer = summary("a", 20, "newer");
        newer.rev = 5;
        let mut list = vec![newer];
        let mut older = summary("a", 10, "older");
        older.rev = 4;
        apply(
            &mut list,
            InboxFrame::Upsert {
                conversation: older,
            },
        );
        assert_eq!(list[0].last_text, "newer");
    }

    #[test]
    fn removed_drops_and_presence_keeps_the_list() {
        let mut list = vec![summary("a", 10, "x"), summary("b", 20, "y")];
        apply(
            &mut list,
            InboxFrame::Presence {
                presence: Presence::Away,
            },
        );
        assert_eq!(list.len(), 2);
        apply(
            &mut list,
            InboxFrame::Removed {
                id: ConversationId::parse("a").unwrap(),
            },
        );
        assert_eq!(list.len(), 1);
        assert_eq!(list[0].id.as_str(), "b");
    }

    #[test]
    fn offered_to_me_only_while_nobody_answers() {
        let me = UserId::parse("me").unwrap();
        let other = UserId::parse("other").unwrap();
        let mut c = summary("a", 10, "hi");
        assert!(!offered_to_me(&c, &me));
        c.offered = vec![other.clone()];
        assert!(!offered_to_me(&c, &me));
        c.offered = vec![other.clone(), me.clone()];
        assert!(offered_to_me(&c, &me));
        assert!(offered_to_me(&c, &other));
        c.operator = Some(OperatorInfo {
            id: other,
            name: "Ana".into(),
        });
        assert!(!offered_to_me(&c, &me));
    }

    #[test]
    fn presence_frames() {
        assert_eq!(
            presence_frame(Presence::Away).as_deref(),
            Some(r#"{"type":"set_presence","presence":"away"}"#)
        );
        assert_eq!(
            presence_frame(Presence::Online).as_deref(),
            Some(r#"{"type":"set_presence","presence":"online"}"#)
        );
        assert_eq!(presence_frame(Presence::Offline), None);
    }

    #[test]
    fn notices_are_newest_first_once_each_and_bounded() {
        let notice = |id: &str, at: i64| OperatorNotice {
            id: id.into(),
            text: format!("notice {id}"),
            conversation: ConversationId::parse("c1").unwrap(),
            channel: ChannelId::parse("demo").unwrap(),
            at: Timestamp(at),
        };
        let mut list = Vec::new();
        add_notice(&mut list, notice("a", 10));
        add_notice(&mut list, notice("b", 20));
        add_notice(&mut list, notice("a", 10));
        let ids: Vec<&str> = list.iter().map(|n| n.id.as_str()).collect();
        assert_eq!(ids, ["b", "a"]);
        for i in 0..30 {
            add_notice(&mut list, notice(&format!("n{i}"), 100 + i));
        }
        assert_eq!(list.len(), MAX_NOTICES);
        assert_eq!(list[0].id, "n29");
    }
}
