//! The composer's files (#21): the attach button and its file picker, and
//! a line per file with its progress, a way to remove it and, when it
//! failed, why and (when it may help) a way to try again, which happens
//! by itself when the browser is back online. Dropping files on the conversation
//! or pasting a screenshot into the reply adds them too
//! ([`files_of_drop`], [`files_of_paste`]).
//!
//! Every text shown here is in the console's catalog (#22).

use canal_shared::files::size_text;
use canal_shared::i18n::{Arg, ConsoleMsg};
use leptos::html::Input;
use leptos::prelude::*;
use web_sys::{ClipboardEvent, DragEvent, File, FileList};

use crate::i18n::{t, Locale};
use crate::upload::{Stage, Staged, Uploads};

/// The attach button, with its hidden file picker.
#[component]
pub fn AttachButton(
    /// Where picked files go.
    uploads: Uploads,
    /// While true, nothing may be attached.
    #[prop(into)]
    disabled: Signal<bool>,
) -> impl IntoView {
    let picker = NodeRef::<Input>::new();
    let on_change = move |_| {
        if let Some(input) = picker.get_untracked() {
            uploads.add(list(input.files()));
            // The same file may be picked again.
            input.set_value("");
        }
    };
    view! {
        <input type="file" multiple hidden node_ref=picker data-testid="attach-input"
            on:change=on_change />
        <button
            type="button"
            class="secondary attach"
            data-testid="attach"
            title=t(ConsoleMsg::UploadsAttachTitle)
            disabled=move || disabled.get()
            on:click=move |_| {
                if let Some(input) = picker.get_untracked() {
                    input.click();
                }
            }
        >
            <span class="clip" aria-hidden="true"></span>
            {t(ConsoleMsg::UploadsAttach)}
        </button>
    }
}

/// The composer's files, a line each.
#[component]
pub fn UploadList(
    /// The files.
    uploads: Uploads,
) -> impl IntoView {
    // A file that failed for a lost connection goes again once it is back.
    let online = window_event_listener(leptos::ev::online, move |_| uploads.retry_all());
    on_cleanup(move || online.remove());
    view! {
        <ul class="uploads" data-testid="uploads" hidden=move || uploads.list.with(Vec::is_empty)>
            <For each=move || uploads.list.get() key=|s| format!("{}{:?}", s.id, s.stage) let:staged>
                <UploadLine uploads staged />
            </For>
        </ul>
    }
}

#[component]
fn UploadLine(uploads: Uploads, staged: Staged) -> impl IntoView {
    let Staged {
        id,
        name,
        size,
        stage,
    } = staged;
    let locale = Locale::current();
    let with_name = {
        let name = name.clone();
        move |msg| locale.lang().console(msg, &[("name", Arg::Str(&name))])
    };
    let (retry_id, remove_id) = (id.clone(), id);
    let (state, detail, retry) = match &stage {
        Stage::Sending(_) => ("sending", None, false),
        Stage::Stored(_) => ("stored", None, false),
        Stage::Failed { why, retry } => ("failed", Some(why.clone()), *retry),
    };
    let progress = match stage {
        Stage::Sending(done) => Some(view! {
            <progress max="1" value=done.to_string() aria-label={
                let label = with_name.clone();
                move || label(ConsoleMsg::UploadsSending)
            }></progress>
        }),
        _ => None,
    };
    let remove_label = move || with_name(ConsoleMsg::UploadsRemoveLabel);
    view! {
        <li class="upload" data-testid="upload" data-stage=state>
            <span class="upload-name">{name}</span>
            <span class="upload-size">{size_text(size)}</span>
            {progress}
            {detail.map(|why| view! {
                <span class="upload-error" role="alert" data-testid="upload-error">{why}</span>
            })}
            {retry.then(|| view! {
                <button type="button" class="secondary" data-testid="upload-retry"
                    on:click=move |_| uploads.retry(&retry_id)>
                    {t(ConsoleMsg::UploadsRetry)}
                </button>
            })}
            <button type="button" class="upload-remove" aria-label=remove_label
                title=t(ConsoleMsg::UploadsRemove) data-testid="upload-remove"
                on:click=move |_| uploads.remove(&remove_id)>
                "×"
            </button>
        </li>
    }
}

/// The files of a drop, if it carries files (the default, opening them,
/// is prevented then).
pub fn files_of_drop(ev: &DragEvent) -> Vec<File> {
    let files = list(ev.data_transfer().and_then(|d| d.files()));
    if !files.is_empty() {
        ev.prevent_default();
    }
    files
}

/// Whether a drag carries files: then the conversation accepts the drop.
pub fn drags_files(ev: &DragEvent) -> bool {
    let files = ev.data_transfer().is_some_and(|d| {
        d.types()
            .iter()
            // The type is `Files`; compared without case, as a name, not a text.
            .any(|t| {
                t.as_string()
                    .is_some_and(|t| t.eq_ignore_ascii_case("files"))
            })
    });
    if files {
        ev.prevent_default();
    }
    files
}

/// The files of a paste (a screenshot), if any: then they are not pasted
/// as text.
pub fn files_of_paste(ev: &ClipboardEvent) -> Vec<File> {
    let files = list(ev.clipboard_data().and_then(|d| d.files()));
    if !files.is_empty() {
        ev.prevent_default();
    }
    files
}

fn list(files: Option<FileList>) -> Vec<File> {
    let Some(files) = files else {
        return Vec::new();
    };
    (0..files.length()).filter_map(|i| files.item(i)).collect()
}
