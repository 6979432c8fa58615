//! A message's text with its links (issue #20): the segments
//! [`canal_shared::text::segments`] recognises, built as text nodes and
//! `<a>` elements through the DOM, never parsed as HTML. Links open in a new
//! tab without telling the site who sent the visitor there.
//!
//! The messages are rendered as plain text by the Leptos list; after each
//! change of the list, [`link_texts`] rebuilds once each new text that has a
//! link (one pass over the list, rather than an effect per message: about
//! 2 KB less of the widget's budget).

use canal_shared::text::{segments, Segment};
use web_sys::Element;

use super::dom::{el, El};
use crate::wire::FILE_MARK;

/// The class of a message's text in the list.
pub const TEXT_CLASS: &str = "text";

/// Rebuilds, once, each message text of `list` that holds a link.
pub fn link_texts(list: &Element) {
    let texts = list.get_elements_by_class_name(TEXT_CLASS);
    for k in 0..texts.length() {
        let Some(p) = texts.item(k) else { continue };
        if p.has_attribute("data-l") {
            continue;
        }
        let _ = p.set_attribute("data-l", "");
        let text = p.text_content().unwrap_or_default();
        // A file (#21): its name as a link that opens it (a download
        // unless it is a picture), then the caption.
        let text = match text.strip_prefix(FILE_MARK).map(|t| t.splitn(3, FILE_MARK)) {
            Some(mut f) => {
                let (name, url) = (f.next().unwrap_or_default(), f.next().unwrap_or_default());
                p.set_text_content(None);
                let _ = p.append_with_node_1(&link(url, name).0);
                let caption = f.next().unwrap_or_default().to_owned();
                if caption.is_empty() {
                    continue;
                }
                let _ = p.append_with_str_1("\n");
                fill(&p, segments(&caption));
                continue;
            }
            None => text,
        };
        let parts = segments(&text);
        if parts.iter().any(|s| matches!(s, Segment::Link { .. })) {
            p.set_text_content(None);
            fill(&p, parts);
        }
    }
}

/// Appends the segments to `parent`: text nodes, and `<a>` for each link.
fn fill(parent: &Element, parts: Vec<Segment<'_>>) {
    for segment in parts {
        let _ = match segment {
            Segment::Text(t) => parent.append_with_str_1(t),
            Segment::Link { text, href } => parent.append_with_node_1(&link(&href, text).0),
        };
    }
}

/// `<a href>text</a>`, opened in a new tab without telling the site who
/// sent the visitor there.
fn link(href: &str, text: &str) -> El {
    el("a")
        .attr("href", href)
        .attr("target", "_blank")
        .attr("rel", "noopener noreferrer nofollow")
        .text(text)
}
