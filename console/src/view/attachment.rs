//! A file a message carries (#21): a raster picture shown in the
//! conversation at a size reserved before it loads (so the list does not
//! jump), which opens full size in a new tab; anything else a card with
//! its kind, name, size and a download link. The link is the signed one
//! the conversation's object put in the frame; the name is text.
//!
//! Every text shown here is in the console's catalog (#22).

use canal_shared::files::{preview_size, shows_inline, size_text, FileKind, FileType, PREVIEW_BOX};
use canal_shared::i18n::{Arg, ConsoleMsg};
use canal_shared::protocol::{FileRef, Side};
use leptos::either::EitherOf3;
use leptos::prelude::*;

use super::linked::link_rel;
use crate::i18n::{t, Locale};

/// `file`, as a picture or a card.
#[component]
pub fn Attachment(
    /// The file, as the message carries it.
    file: FileRef,
) -> impl IntoView {
    let FileRef {
        name,
        size,
        mime,
        width,
        height,
        url,
        ..
    } = file;
    let size = size_text(size);
    let locale = Locale::current();
    match url {
        Some(url) if shows_inline(&mime) => {
            let (w, h) = preview_size(width.unwrap_or(0), height.unwrap_or(0), PREVIEW_BOX);
            let label = {
                let (name, size) = (name.clone(), size.clone());
                move || {
                    locale.lang().console(
                        ConsoleMsg::AttachmentOpenPicture,
                        &[("name", Arg::Str(&name)), ("size", Arg::Str(&size))],
                    )
                }
            };
            let full = url.clone();
            EitherOf3::A(view! {
                <a class="file-picture" href=full target="_blank" rel=link_rel()
                    aria-label=label data-testid="message-picture">
                    <img src=url alt=name loading="lazy" decoding="async"
                        width=w.to_string() height=h.to_string() />
                </a>
            })
        }
        Some(url) => {
            let download = name.clone();
            EitherOf3::B(view! {
                <a class="file-card" href=url download=download rel=link_rel() data-testid="message-file">
                    <CardBody mime name size />
                </a>
            })
        }
        // A message replayed without links (it should not happen): the card
        // still says what was sent.
        None => EitherOf3::C(view! {
            <span class="file-card" data-testid="message-file">
                <CardBody mime name size />
            </span>
        }),
    }
}

/// What a file's card says.
#[component]
fn CardBody(mime: String, name: String, size: String) -> impl IntoView {
    view! {
        <span class="file-kind" aria-hidden="true">{kind_label(&mime)}</span>
        <span class="file-name">{name}</span>
        <span class="file-size">{size}</span>
    }
}

/// A short tag for a file's kind, in place of an icon.
fn kind_label(mime: &str) -> &'static str {
    match FileType::from_mime(mime).map(|t| t.kind) {
        Some(FileKind::Image) => "IMG",
        Some(FileKind::Pdf) => "PDF",
        Some(FileKind::Text) => "TXT",
        Some(FileKind::Csv) => "CSV",
        Some(FileKind::Office) => "DOC",
        None => "FILE",
    }
}

/// The files of the open conversation, for the client's card: each a link
/// (a download for anything but a picture), its size and who sent it.
#[component]
pub fn ConversationFiles(
    /// The conversation's files, oldest first.
    files: Signal<Vec<FileRef>>,
) -> impl IntoView {
    let locale = Locale::current();
    let items = move || {
        files
            .get()
            .into_iter()
            .map(|f| {
                let from = match f.side {
                    Side::Visitor => ConsoleMsg::AttachmentFromClient,
                    _ => ConsoleMsg::AttachmentFromOperator,
                };
                let size = locale
                    .lang()
                    .console(from, &[("size", Arg::Str(&size_text(f.size)))]);
                let name = f.name.clone();
                let link = match f.url {
                    Some(url) if shows_inline(&f.mime) => EitherOf3::A(view! {
                        <a href=url target="_blank" rel=link_rel()>{name}</a>
                    }),
                    Some(url) => {
                        let download = name.clone();
                        EitherOf3::B(
                            view! { <a href=url download=download rel=link_rel()>{name}</a> },
                        )
                    }
                    None => EitherOf3::C(view! { <span>{name}</span> }),
                };
                view! {
                    <li data-testid="client-file">
                        <span class="file-kind" aria-hidden="true">{kind_label(&f.mime)}</span>
                        {link}
                        <span class="file-size">{size}</span>
                    </li>
                }
            })
            .collect_view()
    };
    view! {
        <section class="client-files-part" data-testid="client-files">
            <h3>
                {move || {
                    let count = i64::try_from(files.with(Vec::len)).unwrap_or(i64::MAX);
                    locale.lang().console(ConsoleMsg::AttachmentFilesTitle, &[("count", Arg::Num(count))])
                }}
            </h3>
            <Show
                when=move || files.with(|f| !f.is_empty())
                fallback=|| view! { <p class="hint">{t(ConsoleMsg::AttachmentFilesNone)}</p> }
            >
                <ul class="client-files">{items}</ul>
            </Show>
        </section>
    }
}
