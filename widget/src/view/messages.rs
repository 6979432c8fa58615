//! The message list.

use canal_shared::client::{Delivery, Line};
use canal_shared::protocol::Side;
use leptos::html::Ol;
use leptos::prelude::*;
use std::cell::Cell;
use std::rc::Rc;

use super::{Closed, EmailHistory};
use crate::chat::{Chat, Row};
use crate::env::clock;
use crate::i18n::t;
use canal_shared::i18n::Msg;

/// How close to the bottom (px) the list must be to follow new messages.
const STICK_PX: i32 = 48;

/// Every message, oldest first, in a list that is a polite live region
/// (new messages are read out; a `log` role would hide the list semantics), then (closed) a
/// notice and the rating. Follows new messages unless the visitor scrolled
/// up to read older ones.
#[component]
pub fn MessageList(chat: Chat) -> impl IntoView {
    let sig = chat.signals();
    let list = NodeRef::<Ol>::new();
    let stick = Rc::new(Cell::new(true));
    let on_scroll = {
        let stick = stick.clone();
        move |_| {
            if let Some(el) = list.get_untracked() {
                stick.set(el.scroll_height() - el.scroll_top() - el.client_height() < STICK_PX);
            }
        }
    };
    Effect::new(move |_| {
        sig.rows.track();
        sig.operator_typing.track();
        sig.focus.track();
        sig.ending.track();
        // Own messages always scroll into view.
        let mine = sig
            .rows
            .with(|r| r.last().is_some_and(|r| r.line.with_untracked(|l| l.mine)));
        if stick.get() || mine {
            let stick = stick.clone();
            request_animation_frame(move || {
                if let Some(el) = list.get_untracked() {
                    el.set_scroll_top(el.scroll_height());
                    stick.set(true);
                }
            });
        }
    });
    view! {
        <ol
            class="log"
            node_ref=list
            aria-live="polite"
            aria-relevant="additions"
            aria-label=t(Msg::MessagesLabel)
            on:scroll=on_scroll
        >
            <For each=move || sig.rows.get() key=|row| row.key.clone() let:row>
                <MessageItem row=row />
            </For>
            <Closed chat=chat.clone() />
            <EmailHistory chat=chat />
        </ol>
    }
}

/// One message: its author (others' only), text, time and (the visitor's
/// own) delivery state. The channel's own messages (greeting, auto-replies)
/// stand apart from the operators'.
#[component]
fn MessageItem(row: Row) -> impl IntoView {
    let line = row.line;
    let (mine, side, author, text) = line.with_untracked(|l: &Line| {
        let side = match l.message.side {
            Side::Visitor => "visitor",
            Side::Operator => "operator",
            Side::System => "system",
        };
        (
            l.mine,
            side,
            l.message.author.clone(),
            l.message.text.clone(),
        )
    });
    let delivery = {
        let line = line.clone();
        move || line.with(|l| l.mine.then_some(l.delivery))
    };
    let seq = {
        let line = line.clone();
        move || line.with(|l| l.message.seq.0.to_string())
    };
    let time = move || line.with(|l| clock(l.message.at));
    let state = delivery.clone();
    view! {
        <li
            class=format!("msg {side}")
            data-testid="message"
            data-side=side
            data-seq=seq
            data-delivery=move || delivery().map(|d| match d {
                Delivery::Sending => "sending",
                Delivery::Sent => "sent",
                Delivery::Seen => "seen",
            })
        >
            {(!mine && !author.is_empty()).then(|| view! { <p class="author">{author}</p> })}
            <p class="text" data-testid="message-text">{text}</p>
            <p class="meta">
                <time>{time}</time>
                {move || state().map(|d| {
                    let label = t(match d {
                        Delivery::Sending => Msg::DeliverySending,
                        Delivery::Sent => Msg::DeliverySent,
                        Delivery::Seen => Msg::DeliverySeen,
                    });
                    format!(" · {label}")
                })}
            </p>
        </li>
    }
}
