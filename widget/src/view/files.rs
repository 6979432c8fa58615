//! Files in the panel (#21): a message's file, and the composer's files.
//!
//! A picture (a raster type the server read from its bytes) shows inline
//! at the size [`preview_size`] reserves from the width and height the
//! server gives, so the list does not jump when it loads (lazily); a click
//! opens it full size in a new tab. Any other file is a card: its name, its
//! size, a link that downloads it. Names are set as text.

use canal_shared::files::{preview_size, PREVIEW_BOX};
use canal_shared::i18n::{Arg, Lang, Msg};
use canal_shared::protocol::FileRef;
use leptos::prelude::*;
use web_sys::Element;

use super::dom::{self, el, el_class, El};
use super::links::link;
use crate::chat::{Chat, Stage, Upload};
use crate::i18n::{lang, t, tf};

/// A message's file: a picture, or a card (a name only until the server
/// has it).
pub fn attachment(file: &FileRef) -> El {
    let Some(url) = &file.url else {
        // Its name is not known after a reload until the server has it.
        let name = if file.name.is_empty() {
            "…"
        } else {
            &file.name
        };
        return el_class("p", "att card").text(name);
    };
    let picture = matches!(
        file.mime.as_str(),
        "image/png" | "image/jpeg" | "image/gif" | "image/webp"
    );
    if picture {
        let (w, h) = preview_size(
            file.width.unwrap_or(0),
            file.height.unwrap_or(0),
            PREVIEW_BOX,
        );
        // `loading` before `src`, or the browser fetches it at once.
        let img = el("img")
            .attr("loading", "lazy")
            .attr("alt", &file.name)
            .attr("width", &w.to_string())
            .attr("height", &h.to_string())
            .attr("src", url);
        return link(url)
            .attr("class", "att pic")
            .testid("message-picture")
            .children(&[&img]);
    }
    link(url)
        .attr("class", "att card")
        .testid("message-file")
        .attr("download", &file.name)
        .children(&[
            &el("b").text(&file.name),
            &el("span").text(&size_text(file.size)),
        ])
}

/// `512 B`, `340 KB`, `1.5 MB` (`1,5 MB` but in English): whole numbers
/// only, as the widget links no float formatting.
fn size_text(bytes: u64) -> String {
    const K: u64 = 1024;
    if bytes < K {
        return format!("{bytes} B");
    }
    if bytes < K * K {
        return format!("{} KB", bytes.div_ceil(K));
    }
    let tenths = (bytes * 10 + K * K / 2) / (K * K);
    let point = if lang() == Lang::En { '.' } else { ',' };
    format!("{}{point}{} MB", tenths / 10, tenths % 10)
}

/// The attach button and its file picker (the frame's file glue reads
/// what is picked).
pub fn attach() -> [El; 2] {
    let input = el("input")
        .attr("type", "file")
        .attr("multiple", "")
        .attr("hidden", "")
        .testid("attach-input");
    let picker = input.html();
    let button = el_class("button", "attach")
        .attr("type", "button")
        .testid("attach")
        .attr("aria-label", &t(Msg::FileAttach))
        .attr("title", &t(Msg::FileAttach))
        .on("click", move |_| picker.click());
    [input, button]
}

/// The composer's files, a line each: its name, its progress, why it was
/// refused, and a button that removes it (stopping its upload).
pub fn uploads(chat: &Chat) -> El {
    let sig = chat.signals();
    let list = el_class("ul", "files").testid("uploads");
    let ul = list.0.clone();
    let chat = chat.clone();
    let shown: std::cell::RefCell<Vec<(Upload, Element)>> = Default::default();
    dom::watch(move || {
        let now = sig.uploads.get();
        let mut old = shown.borrow_mut();
        let _ = ul.toggle_attribute_with_force("hidden", now.is_empty());
        let mut next = Vec::with_capacity(now.len());
        for up in now {
            let li = match old.iter().position(|(u, _)| u.id == up.id) {
                Some(k) => old.remove(k).1,
                None => {
                    let li = line(&chat, &up);
                    let _ = ul.append_child(&li);
                    li
                }
            };
            set_stage(&li, &up.stage);
            next.push((up, li));
        }
        for (_, li) in old.drain(..) {
            li.remove();
        }
        *old = next;
    });
    list
}

fn line(chat: &Chat, up: &Upload) -> Element {
    let (chat, id) = (chat.clone(), up.id.clone());
    el("li")
        .testid("upload")
        .children(&[
            &el("b").text(&up.name),
            &el("progress")
                .attr("max", "1000")
                .attr("aria-label", &up.name),
            &el("span").attr("role", "alert").testid("upload-error"),
            &el("button")
                .attr("type", "button")
                .testid("upload-remove")
                .attr(
                    "aria-label",
                    &tf(Msg::FileRemove, &[("name", Arg::Str(&up.name))]),
                )
                .text("×")
                .on("click", move |_| chat.remove_file(&id)),
        ])
        .0
}

/// Shows where a file stands: `data-stage`, its progress, or why not.
fn set_stage(li: &Element, stage: &Stage) {
    let (name, done, why) = match stage {
        Stage::Waiting => ("waiting", None, None),
        Stage::Sending(n) => ("sending", Some(*n), None),
        Stage::Stored => ("stored", Some(1000), None),
        Stage::Refused(why) => ("refused", None, Some(why.as_str())),
    };
    let _ = li.set_attribute("data-stage", name);
    if let Some(p) = li.query_selector("progress").ok().flatten() {
        match done {
            Some(n) => p.set_attribute("value", &n.to_string()).ok(),
            None => p.remove_attribute("value").ok(),
        };
        let _ = p.toggle_attribute_with_force("hidden", why.is_some());
    }
    if let Some(s) = li.query_selector("span").ok().flatten() {
        if s.text_content().as_deref() != why.or(Some("")) {
            s.set_text_content(why);
        }
    }
}
