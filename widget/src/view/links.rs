//! A message's text with its links (issue #20): the segments
//! [`canal_shared::text::segments`] recognises, built as text nodes and
//! `<a>` elements through the DOM, never parsed as HTML. Links open in a new
//! tab without telling the site who sent the visitor there.

use canal_shared::text::{segments, Segment};
use leptos::html::P;
use leptos::prelude::NodeRef;
use web_sys::Element;

use super::dom::el;

/// A `<p>`'s node reference that fills it with `text` and its links once
/// it is in the document.
pub fn linked(text: String) -> NodeRef<P> {
    let node = NodeRef::new();
    node.on_load(move |p: web_sys::HtmlParagraphElement| fill(&p, &text));
    node
}

/// Appends `text` to `parent`: text nodes, and `<a>` for each link.
fn fill(parent: &Element, text: &str) {
    for segment in segments(text) {
        let _ = match segment {
            Segment::Text(t) => parent.append_with_str_1(t),
            Segment::Link { text, href } => {
                let a = el("a")
                    .attr("href", &href)
                    .attr("target", "_blank")
                    .attr("rel", "noopener noreferrer nofollow")
                    .text(text);
                parent.append_with_node_1(&a.0)
            }
        };
    }
}
