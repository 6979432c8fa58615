//! The message list.

use canal_shared::client::{Delivery, Line};
use canal_shared::protocol::Side;
use leptos::mount::mount_to;
use leptos::prelude::*;
use std::cell::Cell;
use std::rc::Rc;

use super::closed::{closed, email_history};
use super::dom::{self, el_class, El};
use super::links::{link_texts, TEXT_CLASS};
use crate::chat::{Chat, Row};
use crate::env::clock;
use crate::i18n::{t, tf};
use canal_shared::i18n::{Arg, Msg};
use canal_shared::protocol::ChatEvent;
use leptos::either::Either;

/// How close to the bottom (px) the list must be to follow new messages.
const STICK_PX: i32 = 48;

/// Every message, oldest first, in a list that is a polite live region
/// (new messages are read out; a `log` role would hide the list semantics), then (closed) a
/// notice and the rating. Follows new messages unless the visitor scrolled
/// up to read older ones. The messages are a Leptos keyed list.
pub fn message_list(chat: &Chat) -> El {
    let sig = chat.signals();
    let list = el_class("ol", "log")
        .attr("aria-live", "polite")
        .attr("aria-relevant", "additions")
        .attr("aria-label", &t(Msg::MessagesLabel));
    let stick = Rc::new(Cell::new(true));
    let list = {
        let (stick, el) = (stick.clone(), list.0.clone());
        list.on("scroll", move |_| {
            stick.set(el.scroll_height() - el.scroll_top() - el.client_height() < STICK_PX);
        })
    };
    let el = list.0.clone();
    dom::watch(move || {
        sig.rows.track();
        sig.operator_typing.track();
        sig.focus.track();
        sig.ending.track();
        // Own messages always scroll into view.
        let mine = sig
            .rows
            .with(|r| r.last().is_some_and(|r| r.line.with_untracked(|l| l.mine)));
        let stick = (stick.get() || mine).then(|| stick.clone());
        let el = el.clone();
        request_animation_frame(move || {
            // The new messages are in the list now: their links too.
            link_texts(&el);
            if let Some(stick) = stick {
                el.set_scroll_top(el.scroll_height());
                stick.set(true);
            }
        });
    });
    mount_to(list.html(), move || {
        view! {
            <For each=move || sig.rows.get() key=|row| row.key.clone() let:row>
                <TimelineItem row=row />
            </For>
        }
    })
    .forget();
    list.children(&[&closed(chat), &email_history(chat)])
}

/// A line of the timeline: an event line (#20) or a message.
#[component]
fn TimelineItem(row: Row) -> impl IntoView {
    let event = row
        .line
        .with_untracked(|l| l.message.event.map(|e| (e, l.message.author.clone())));
    match event {
        Some((event, name)) => Either::Left(view! { <EventLine event name /> }),
        None => Either::Right(view! { <MessageItem row /> }),
    }
}

/// What happened (#20), in the visitor's language, centred and small:
/// "Bruno answers you now" (the name on the operator's card, R-A-1), the
/// conversation closed or open again, the bot passing the visitor on.
#[component]
fn EventLine(event: ChatEvent, name: String) -> impl IntoView {
    let text = match event {
        ChatEvent::Transferred if name.is_empty() => t(Msg::EventTransferredHidden).into_owned(),
        ChatEvent::Transferred => tf(Msg::EventTransferred, &[("name", Arg::Str(&name))]),
        ChatEvent::Closed => t(Msg::EventClosed).into_owned(),
        ChatEvent::Reopened => t(Msg::EventReopened).into_owned(),
        ChatEvent::HandedOver => t(Msg::EventHandedOver).into_owned(),
    };
    view! {
        <li class="event" data-testid="event-line" data-event=event.as_str()>
            {text}
        </li>
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
            <p class=TEXT_CLASS data-testid="message-text">{text}</p>
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
