//! Text with its links (issue #20): the segments
//! [`canal_shared::text::segments`] recognises — `http(s)` URLs and email
//! addresses, nothing else — as text and `<a>` elements built by Leptos,
//! never parsed as HTML. Links open in a new tab without telling the site
//! where the operator came from.
//!
//! Every text shown here is in the console's catalog (#22).

use canal_shared::text::{segments, Segment};
use leptos::prelude::*;

/// What a link opened from the console carries (`rel`'s words, one by
/// one: they are names, not text).
pub fn link_rel() -> String {
    ["noopener", "noreferrer", "nofollow"].join(" ")
}

/// `text` with its links.
#[component]
pub fn LinkedText(
    /// A message's text.
    text: String,
) -> impl IntoView {
    segments(&text)
        .into_iter()
        .map(|segment| match segment {
            Segment::Text(t) => t.to_owned().into_any(),
            Segment::Link { text, href } => view! {
                <a href=href target="_blank" rel=link_rel() data-testid="message-link">
                    {text.to_owned()}
                </a>
            }
            .into_any(),
        })
        .collect_view()
}
