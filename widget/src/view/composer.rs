//! The composer: the attach button (#21), a textarea and a Send button.

use canal_shared::i18n::Msg;
use wasm_bindgen::JsCast;
use web_sys::HtmlFormElement;

use super::dom::{self, el, el_class, El};
use crate::chat::Chat;
use crate::i18n::t;

/// Enter sends, Shift+Enter starts a new line; the draft is reported as the
/// visitor types.
pub fn composer(chat: &Chat) -> El {
    let area = el("textarea")
        .attr("id", "canal-composer")
        .testid("composer")
        .attr("rows", "1")
        .attr("placeholder", &t(Msg::ComposerPlaceholder));
    let submit = {
        let (chat, area) = (chat.clone(), area.0.clone());
        move || {
            if chat.send(&dom::value(&area)) {
                dom::set_value(&area, "");
            }
        }
    };
    let on_key = {
        let submit = submit.clone();
        move |ev: web_sys::Event| {
            let ev: &web_sys::KeyboardEvent = ev.unchecked_ref();
            // Not while an input method composes (Japanese, Chinese…).
            if ev.key() == "Enter" && !ev.shift_key() && !ev.is_composing() {
                ev.prevent_default();
                submit();
            }
        }
    };
    let on_input = {
        let (chat, el) = (chat.clone(), area.0.clone());
        move |_| chat.typing(&dom::value(&el))
    };
    let area = area.on("keydown", on_key).on("input", on_input);
    let [picker, attach] = super::files::attach();
    el_class("form", "composer")
        .on("submit", move |ev| {
            ev.prevent_default();
            submit();
        })
        .children(&[
            &el_class("label", "sr")
                .attr("for", "canal-composer")
                .text(&t(Msg::ComposerLabel)),
            &picker,
            &attach,
            &area,
            &el("button")
                .attr("type", "submit")
                .testid("send")
                .text(&t(Msg::Send)),
        ])
}

/// Replaces the page's plain composer (`#canal-early` in frame.html, which
/// takes what the visitor types until this code has arrived) with the
/// widget's own, mounted by then: its text, its focus and an Enter pressed
/// there move over, so nothing typed is lost.
pub fn adopt_early() {
    let doc = crate::env::document();
    let (Some(early), Some(text), Some(area)) = (
        doc.get_element_by_id("canal-early"),
        doc.get_element_by_id("canal-early-text"),
        doc.get_element_by_id("canal-composer"),
    ) else {
        return;
    };
    let focused = doc.active_element().as_ref() == Some(&text);
    let send = text.has_attribute("data-send");
    dom::set_value(&area, &dom::value(&text));
    early.remove();
    if focused {
        dom::focus(Some(&area));
    }
    if send {
        if let Some(form) = area.parent_element() {
            let _ = form.unchecked_into::<HtmlFormElement>().request_submit();
        }
    }
}
