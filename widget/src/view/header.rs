//! The panel's header: channel, who answers, connection state, close button.

use canal_shared::i18n::{Arg, Msg};
use leptos::prelude::*;

use super::dom::{self, el, el_class, El};
use crate::chat::Chat;
use crate::env;
use crate::i18n::{t, tf};

/// Channel name, who answers (R-A-1: their name, position and picture as
/// the channel shows them, or nothing), the connection state and (when
/// embedded) a close button.
pub fn header(chat: &Chat) -> El {
    let sig = chat.signals();
    let title = el("h1").testid("header").text_of(move || {
        let name = sig.channel_name.get();
        Some(if name.is_empty() {
            t(Msg::ChatTitle).into_owned()
        } else {
            name
        })
    });
    let status = el_class("p", "status")
        .testid("status")
        .attr("role", "status")
        .bind("data-state", move || sig.conn.get().state())
        .text_of(move || Some(sig.conn.get().label().into_owned()));
    let who = el_class("div", "who").children(&[&title, &status]);
    // Who answers: in the document only while someone does.
    let avatar = el_class("img", "avatar")
        .testid("operator-avatar")
        .attr("alt", "")
        .attr("width", "24")
        .attr("height", "24");
    let line = env::document().create_text_node("");
    let operator = el_class("p", "operator").testid("operator");
    let _ = operator.0.append_child(&line);
    {
        let (who, p, img, status) = (who.0.clone(), operator.0, avatar.0, status.0);
        dom::watch(move || {
            let card = sig.operator.get();
            dom::place(&who, &p, Some(&status), card.is_some());
            let Some(card) = card else { return };
            let name = match &card.position {
                Some(pos) => tf(
                    Msg::OperatorPosition,
                    &[("name", Arg::Str(&card.name)), ("position", Arg::Str(pos))],
                ),
                None => card.name.clone(),
            };
            line.set_data(&tf(Msg::OperatorAnswers, &[("name", Arg::Str(&name))]));
            if let Some(src) = &card.avatar {
                let _ = img.set_attribute("src", src);
            }
            dom::place(&p, &img, Some(&line), card.avatar.is_some());
        });
    }
    let head = el_class("header", "head").children(&[&who]);
    if !chat.embedded() {
        return head;
    }
    let chat = chat.clone();
    let close = el_class("button", "close")
        .attr("type", "button")
        .testid("close")
        .attr("aria-label", &t(Msg::CloseChat))
        .on("click", move |_| chat.close())
        .children(&[&cross()]);
    head.children(&[&close])
}

/// The close button's icon, hidden from screen readers.
fn cross() -> El {
    let svg = |tag: &str| {
        El(env::document()
            .create_element_ns(Some("http://www.w3.org/2000/svg"), tag)
            .expect("an SVG element"))
    };
    svg("svg")
        .attr("viewBox", "0 0 24 24")
        .attr("width", "20")
        .attr("height", "20")
        .attr("aria-hidden", "true")
        .children(&[&svg("path")
            .attr("d", "M6 6l12 12M18 6L6 18")
            .attr("stroke", "currentColor")
            .attr("stroke-width", "2")])
}
