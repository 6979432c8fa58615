//! A message's text with its links (issue #20): the segments
//! [`canal_shared::text::segments`] recognises, built as text nodes and
//! `<a>` elements through the DOM, never parsed as HTML. Links open in a new
//! tab without telling the site who sent the visitor there.

use canal_shared::text::{segments, Segment};
use web_sys::Element;

use super::dom::{el, El};

/// Appends `text` to `parent`: text nodes, and `<a>` for each link.
pub fn fill(parent: &Element, text: &str) {
    for segment in segments(text) {
        let _ = match segment {
            Segment::Text(t) => parent.append_with_str_1(t),
            Segment::Link { text, href } => parent.append_with_node_1(&link(&href).text(text).0),
        };
    }
}

/// `<a href>`, opened in a new tab without telling the site who sent the
/// visitor there.
pub fn link(href: &str) -> El {
    el("a")
        .attr("href", href)
        .attr("target", "_blank")
        .attr("rel", "noopener noreferrer nofollow")
}
