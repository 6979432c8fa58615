//! Moving the keyboard's focus after the view changes, so a button that
//! redraws or disappears does not drop the user back to the top of the page.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Focuses the first enabled element matching one of `selectors`, in order,
/// once the view has caught up (on the next animation frame).
pub fn focus_first(selectors: Vec<String>) {
    request_animation_frame(move || {
        let found = selectors.iter().find_map(|s| {
            document()
                .query_selector(s)
                .ok()
                .flatten()
                .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
                .filter(|e| !e.has_attribute("disabled"))
        });
        if let Some(el) = found {
            let _ = el.focus();
        }
    });
}

/// Focuses the element with `id` once the view has caught up.
pub fn focus_id(id: &str) {
    focus_first(vec![format!("#{id}")]);
}
