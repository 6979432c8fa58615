//! The inbox socket (`/ws/inbox`) and the conversation list it keeps.

use std::rc::Rc;

use canal_shared::protocol::{ConversationSummary, InboxFrame};
use leptos::prelude::*;

use crate::api;
use crate::socket::{self, ConnState, Handlers, Socket};

/// Applies an inbox frame to the list: a snapshot replaces it, an upsert
/// replaces or adds one conversation. The list stays sorted, most recent
/// `last_at` first.
pub fn apply(list: &mut Vec<ConversationSummary>, frame: InboxFrame) {
    match frame {
        InboxFrame::Snapshot { conversations } => *list = conversations,
        InboxFrame::Upsert { conversation } => {
            match list.iter_mut().find(|c| c.id == conversation.id) {
                Some(c) => *c = conversation,
                None => list.push(conversation),
            }
        }
        InboxFrame::Removed { id } => list.retain(|c| c.id != id),
        InboxFrame::Presence { .. } => {}
    }
    sort(list);
}

/// Most recent `last_at` first; ties by id so the order is stable.
pub fn sort(list: &mut [ConversationSummary]) {
    list.sort_by(|a, b| b.last_at.cmp(&a.last_at).then_with(|| a.id.cmp(&b.id)));
}

/// Opens the inbox socket of `token`. Frames update `conversations`, the
/// connection state goes to `state`, and `on_unauthorized` runs when the
/// server no longer accepts the token (checked with `/api/me` whenever a
/// connection closes before delivering anything).
pub fn open(
    token: &str,
    conversations: RwSignal<Vec<ConversationSummary>>,
    state: RwSignal<ConnState>,
    on_unauthorized: impl Fn() + 'static,
) -> Socket {
    let url = socket::url("/ws/inbox", &[("token", token)]);
    let token = token.to_owned();
    let on_unauthorized = Rc::new(on_unauthorized);
    Socket::open(
        url,
        Handlers {
            on_open: Box::new(|_| {}),
            on_text: Box::new(
                move |text| match serde_json::from_str::<InboxFrame>(&text) {
                    Ok(frame) => conversations.update(|list| apply(list, frame)),
                    Err(e) => leptos::logging::warn!("canal: inbox frame not understood: {e}"),
                },
            ),
            on_state: Box::new(move |s| state.set(s)),
            on_close: Box::new(move |heard| {
                if heard {
                    return;
                }
                let token = token.clone();
                let on_unauthorized = on_unauthorized.clone();
                leptos::task::spawn_local(async move {
                    if api::me(&token).await.is_err_and(|f| f.is_unauthorized()) {
                        on_unauthorized();
                    }
                });
            }),
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use canal_shared::ids::{ChannelId, ConversationId, Seq};
    use canal_shared::protocol::{ChannelInfo, Status};
    use canal_shared::time::Timestamp;

    fn summary(id: &str, at: i64, text: &str) -> ConversationSummary {
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
        }
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
}
