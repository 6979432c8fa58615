//! The composer: a textarea and a Send button.

use leptos::html::Textarea;
use leptos::prelude::*;

use crate::chat::Chat;
use crate::i18n::t;
use canal_shared::i18n::Msg;

/// Enter sends, Shift+Enter starts a new line; the draft is reported as the
/// visitor types.
#[component]
pub fn Composer(chat: Chat) -> impl IntoView {
    let area = NodeRef::<Textarea>::new();
    let focus = chat.signals().focus;
    Effect::new(move |_| {
        if focus.get() > 0 {
            if let Some(el) = area.get_untracked() {
                let _ = el.focus();
            }
        }
    });
    let submit = {
        let chat = chat.clone();
        move || {
            if let Some(el) = area.get_untracked() {
                if chat.send(&el.value()) {
                    el.set_value("");
                }
            }
        }
    };
    let on_submit = {
        let submit = submit.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            submit();
        }
    };
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        // Not while an input method composes (Japanese, Chinese…).
        if ev.key() == "Enter" && !ev.shift_key() && !ev.is_composing() {
            ev.prevent_default();
            submit();
        }
    };
    let on_input = move |_| {
        if let Some(el) = area.get_untracked() {
            chat.typing(&el.value());
        }
    };
    view! {
        <form class="composer" on:submit=on_submit>
            <label class="sr" for="canal-composer">{t(Msg::ComposerLabel)}</label>
            <textarea
                id="canal-composer"
                data-testid="composer"
                node_ref=area
                rows="1"
                placeholder=t(Msg::ComposerPlaceholder)
                on:keydown=on_key
                on:input=on_input
            ></textarea>
            <button type="submit" data-testid="send">
                {t(Msg::Send)}
            </button>
        </form>
    }
}
