//! The message list, built with DOM calls like the panel's fixed parts
//! ([`super::dom`]) and kept in step with the controller's rows by one
//! effect, by key: a line keeps its element from "Sending…" to "Seen" (so
//! screen readers do not hear it twice), and only what changed in it is
//! set again. It was a Leptos keyed list (`For`) of components: without
//! it, the wasm is smaller with the files (#21) in than it was without
//! them (BENCHMARKS.md, 2026-12-07 (night)).

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use canal_shared::client::{Delivery, Line};
use canal_shared::i18n::{Arg, Msg};
use canal_shared::protocol::{ChatEvent, Side};
use leptos::prelude::*;
use web_sys::Element;

use super::closed::{closed, email_history};
use super::dom::{self, el_class, El};
use super::files::attachment;
use super::links::fill;
use crate::chat::Chat;
use crate::env::clock;
use crate::i18n::{t, tf};

/// How close to the bottom (px) the list must be to follow new messages.
const STICK_PX: i32 = 48;

/// A line shown: its key, its element, and the line as last drawn.
type Shown = (String, Element, Line);

/// Every message, oldest first, in a list that is a polite live region
/// (new messages are read out; a `log` role would hide the list semantics), then (closed) a
/// notice and the rating. Follows new messages unless the visitor scrolled
/// up to read older ones.
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
    let end = closed(chat);
    let list = list.children(&[&end, &email_history(chat)]);
    let el = list.0.clone();
    let shown: RefCell<Vec<Shown>> = RefCell::new(Vec::new());
    dom::watch(move || {
        let rows = sig.rows.get();
        sig.operator_typing.track();
        sig.focus.track();
        sig.ending.track();
        let mut old = shown.borrow_mut();
        let mut next = 0;
        let mut now: Vec<Shown> = Vec::with_capacity(rows.len());
        for row in &rows {
            // Read tracked: a line that changes (sent, seen) runs this again.
            let line = row.line.get();
            // Lines keep their order: the next old one is almost always it.
            let found = (next..old.len())
                .chain(0..next)
                .find(|&j| old[j].0 == row.key);
            let li = match found {
                Some(j) => {
                    next = j + 1;
                    let (_, li, before) = &old[j];
                    if before != &line {
                        update(li, before, &line);
                    }
                    li.clone()
                }
                None => item(&line),
            };
            now.push((row.key.clone(), li, line));
        }
        for (key, li, _) in old.iter() {
            if !now.iter().any(|(k, ..)| k == key) {
                li.remove();
            }
        }
        // In order, before the closing items; only what is out of place moves.
        let mut at: Element = end.0.clone();
        for (_, li, _) in now.iter().rev() {
            if li.next_element_sibling().as_ref() != Some(&at) {
                let _ = el.insert_before(li, Some(&at));
            }
            at = li.clone();
        }
        *old = now;
        // Own messages always scroll into view.
        let mine = rows
            .last()
            .is_some_and(|r| r.line.with_untracked(|l| l.mine));
        let stick = (stick.get() || mine).then(|| stick.clone());
        let el = el.clone();
        request_animation_frame(move || {
            if let Some(stick) = stick {
                el.set_scroll_top(el.scroll_height());
                stick.set(true);
            }
        });
    });
    list
}

/// A line's element: an event line (#20) or a message.
fn item(line: &Line) -> Element {
    let m = &line.message;
    if let Some(event) = m.event {
        return event_line(event, &m.author).0;
    }
    let side = match m.side {
        Side::Visitor => "visitor",
        Side::Operator => "operator",
        Side::System => "system",
    };
    let li = el_class("li", &format!("msg {side}"))
        .testid("message")
        .attr("data-side", side);
    if !line.mine && !m.author.is_empty() {
        li.0.append_with_node_1(&el_class("p", "author").text(&m.author).0)
            .ok();
    }
    if let Some(file) = &m.file {
        li.0.append_with_node_1(&attachment(file).0).ok();
    }
    if !m.text.is_empty() {
        let text = el_class("p", "text").testid("message-text");
        fill(&text.0, &m.text);
        li.0.append_with_node_1(&text.0).ok();
    }
    li.0.append_with_node_1(&el_class("p", "meta").children(&[&dom::el("time")]).0)
        .ok();
    set_state(&li.0, line);
    li.0
}

/// Brings a message's element from `before` to `line`: its place, its
/// delivery, and its file once the server has it.
fn update(li: &Element, before: &Line, line: &Line) {
    if before.message.file != line.message.file {
        if let Some(old) = li.query_selector(".att").ok().flatten() {
            old.remove();
        }
        if let Some(file) = &line.message.file {
            let text = li.query_selector(".text").ok().flatten();
            let meta = li.query_selector(".meta").ok().flatten();
            let _ = li.insert_before(&attachment(file).0, text.or(meta).as_deref());
        }
    }
    set_state(li, line);
}

/// The parts of a message that change: its `seq`, its delivery and its
/// time ("12:03 · Sent").
fn set_state(li: &Element, line: &Line) {
    if line.message.event.is_some() {
        return;
    }
    let _ = li.set_attribute("data-seq", &line.message.seq.0.to_string());
    let delivery = line.mine.then_some(line.delivery);
    if let Some(d) = delivery {
        let _ = li.set_attribute(
            "data-delivery",
            match d {
                Delivery::Sending => "sending",
                Delivery::Sent => "sent",
                Delivery::Seen => "seen",
            },
        );
    }
    let Some(meta) = li.query_selector(".meta").ok().flatten() else {
        return;
    };
    if let Some(time) = meta.first_element_child() {
        time.set_text_content(Some(&clock(line.message.at)));
    }
    let label = delivery.map(|d| {
        let label = t(match d {
            Delivery::Sending => Msg::DeliverySending,
            Delivery::Sent => Msg::DeliverySent,
            Delivery::Seen => Msg::DeliverySeen,
        });
        format!(" · {label}")
    });
    match meta.first_element_child().and_then(|t| t.next_sibling()) {
        Some(node) => node.set_text_content(label.as_deref()),
        None => {
            if let Some(label) = label {
                let _ = meta.append_with_str_1(&label);
            }
        }
    }
}

/// What happened (#20), in the visitor's language, centred and small:
/// "Bruno answers you now" (the name on the operator's card, R-A-1), the
/// conversation closed or open again, the bot passing the visitor on.
fn event_line(event: ChatEvent, name: &str) -> El {
    let text = match event {
        ChatEvent::Transferred if name.is_empty() => t(Msg::EventTransferredHidden).into_owned(),
        ChatEvent::Transferred => tf(Msg::EventTransferred, &[("name", Arg::Str(name))]),
        ChatEvent::Closed => t(Msg::EventClosed).into_owned(),
        ChatEvent::Reopened => t(Msg::EventReopened).into_owned(),
        ChatEvent::HandedOver => t(Msg::EventHandedOver).into_owned(),
    };
    el_class("li", "event")
        .testid("event-line")
        .attr("data-event", event.as_str())
        .text(&text)
}
