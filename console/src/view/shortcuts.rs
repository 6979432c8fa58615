//! The list of keyboard shortcuts (#20), opened with `?` or the "?" button.
//!
//! Every text shown here is in the console's catalog (#22).

use canal_shared::i18n::ConsoleMsg;
use leptos::prelude::*;

use crate::i18n::t;
use crate::shortcuts::{is_escape, Shortcut};

/// The overlay listing every shortcut; Escape, the Close button or a click
/// outside closes it.
#[component]
pub fn ShortcutsHelp(
    /// Whether it is shown.
    open: RwSignal<bool>,
) -> impl IntoView {
    let close_button = NodeRef::<leptos::html::Button>::new();
    Effect::new(move |_| {
        if open.get() {
            request_animation_frame(move || {
                if let Some(b) = close_button.get_untracked() {
                    let _ = b.focus();
                }
            });
        }
    });
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        if is_escape(&ev.key()) {
            ev.prevent_default();
            open.set(false);
        }
    };
    view! {
        <Show when=move || open.get()>
            <div class="overlay" on:click=move |_| open.set(false)>
                <div
                    class="shortcuts-help"
                    role="dialog"
                    aria-modal="true"
                    aria-labelledby="shortcuts-title"
                    data-testid="shortcuts-help"
                    on:click=|ev| ev.stop_propagation()
                    on:keydown=on_keydown
                >
                    <h2 id="shortcuts-title">{t(ConsoleMsg::ShortcutsTitle)}</h2>
                    <p class="hint">{t(ConsoleMsg::ShortcutsHint)}</p>
                    <dl>
                        {Shortcut::HELP
                            .into_iter()
                            .map(|(key, what)| view! { <dt><kbd>{key}</kbd></dt><dd>{t(what)}</dd> })
                            .collect_view()}
                    </dl>
                    <button
                        type="button"
                        data-testid="shortcuts-close"
                        node_ref=close_button
                        on:click=move |_| open.set(false)
                    >
                        {t(ConsoleMsg::ShortcutsClose)}
                    </button>
                </div>
            </div>
        </Show>
    }
}
