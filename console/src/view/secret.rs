//! A secret shown once (a webhook's signing secret, a channel's identity
//! secret): a read-only field, "Copy", and what to do with it; and the
//! clipboard behind "Copy".
//!
//! Every text shown here is in the console's catalog (#22).

use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use canal_shared::i18n::{Arg, ConsoleMsg};

use crate::i18n::{t, text};

/// A read-only field holding `secret`, with "Copy" and a note under it.
/// Test ids: `testid`, `<testid>-copy`, `<testid>-copy-status`.
#[component]
pub fn SecretField(
    /// The field's id (unique in the page).
    id: String,
    /// The field's label.
    label: String,
    /// What to do with the secret (read with the field).
    note: String,
    /// The field's `data-testid`.
    testid: &'static str,
    /// The secret.
    secret: String,
) -> impl IntoView {
    let note_id = format!("{id}-note");
    let input: NodeRef<html::Input> = NodeRef::new();
    let status = RwSignal::new(None::<String>);
    let kept = StoredValue::new(secret.clone());
    let copy = move |_| {
        status.set(None);
        spawn_local(async move {
            if write_clipboard(&kept.get_value()).await {
                status.set(Some(text(ConsoleMsg::SecretCopied, &[])));
                return;
            }
            // No clipboard (refused, or an insecure page): select the secret
            // so the keyboard can copy it.
            if let Some(el) = input.get_untracked() {
                let _ = el.focus();
                el.select();
            }
            status.set(Some(text(ConsoleMsg::SecretNotCopied, &[])));
        });
    };
    view! {
        <div class="admin-field secret-field">
            <label for=id.clone()>{label.clone()}</label>
            <input
                id=id
                type="text"
                class="secret-value"
                readonly
                spellcheck="false"
                autocomplete="off"
                data-testid=testid
                aria-describedby=note_id.clone()
                node_ref=input
                prop:value=secret
            />
            <p class="hint" id=note_id>{note}</p>
            <div class="admin-inline">
                <button
                    type="button"
                    class="secondary"
                    data-testid=format!("{testid}-copy")
                    aria-label=text(ConsoleMsg::SecretCopyLabel, &[("label", Arg::Str(&label))])
                    on:click=copy
                >
                    {t(ConsoleMsg::SecretCopy)}
                </button>
                <span role="status" class="hint" data-testid=format!("{testid}-copy-status")>
                    {move || status.get()}
                </span>
            </div>
        </div>
    }
}

/// Writes `text` to the clipboard; `false` when the browser has no
/// clipboard here or refuses.
pub async fn write_clipboard(text: &str) -> bool {
    let get = |target: &JsValue, key: &str| js_sys::Reflect::get(target, &JsValue::from_str(key));
    let Ok(clipboard) = get(&js_sys::global(), "navigator").and_then(|n| get(&n, "clipboard"))
    else {
        return false;
    };
    let Ok(write) = get(&clipboard, "writeText") else {
        return false;
    };
    let Some(write) = write.dyn_ref::<js_sys::Function>() else {
        return false;
    };
    match write.call1(&clipboard, &JsValue::from_str(text)) {
        Ok(promise) => match promise.dyn_into::<js_sys::Promise>() {
            Ok(promise) => JsFuture::from(promise).await.is_ok(),
            Err(_) => false,
        },
        Err(_) => false,
    }
}
