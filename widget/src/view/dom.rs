//! The panel's fixed parts, built once with `web_sys` and kept in step with
//! the controller's Leptos signals by effects.
//!
//! Why not `view!` everywhere: each Leptos view instantiates its own generic
//! code for every element, attribute and handler, and the forms alone (the
//! notice, the offline form, the rating) cost the widget about 13 KB of its
//! 120 KB gzip budget (BENCHMARKS.md, 2026-12-06). Here every binding goes
//! through one boxed closure and one effect, so a form costs little more
//! than its calls. The message list is built the same way, kept in step by
//! key ([`super::messages`]).
//!
//! Texts are always set as text (`textContent`, text nodes), never parsed as
//! HTML.

use leptos::prelude::Effect;
use wasm_bindgen::prelude::*;
use web_sys::{Element, Event, HtmlElement, Node};

/// An element being built.
#[derive(Clone)]
pub struct El(pub Element);

/// A new `<tag>`.
pub fn el(tag: &str) -> El {
    El(crate::env::document()
        .create_element(tag)
        .expect("a valid tag name"))
}

/// A new `<tag class=class>`.
pub fn el_class(tag: &str, class: &str) -> El {
    el(tag).attr("class", class)
}

/// Runs `f` now and again whenever a signal it read changes.
pub fn watch(f: impl Fn() + 'static) {
    watch_boxed(Box::new(f));
}

/// [`watch`], with one effect type for every binding of the panel.
///
/// `Effect::new_sync` rather than `Effect::new`: the same effect, run on
/// the next tick and owned like any other, but kept in the reactive
/// arena's thread-safe storage instead of behind a thread check. That
/// check asks std for the current thread, whose handle std allocates with
/// its own dlmalloc whatever the global allocator (docs/widget.md).
fn watch_boxed(f: Box<dyn Fn()>) {
    let f = OnPageThread(f);
    Effect::new_sync(move |_| f.run());
}

/// A binding, which lives and runs on the page's one thread.
struct OnPageThread(Box<dyn Fn()>);

impl OnPageThread {
    fn run(&self) {
        (self.0)()
    }
}

// SAFETY: the widget is built for wasm32 without threads: everything runs
// on the page's one thread, so nothing is ever sent to or shared with
// another.
unsafe impl Send for OnPageThread {}
// SAFETY: as above.
unsafe impl Sync for OnPageThread {}

impl El {
    /// Sets the attribute `name` to `value`.
    pub fn attr(self, name: &str, value: &str) -> Self {
        let _ = self.0.set_attribute(name, value);
        self
    }

    /// Sets `data-testid`, the name the tests find it by.
    pub fn testid(self, id: &str) -> Self {
        self.attr("data-testid", id)
    }

    /// Appends `text` as a text node.
    pub fn text(self, text: &str) -> Self {
        let _ = self.0.append_with_str_1(text);
        self
    }

    /// Appends children.
    pub fn children(self, children: &[&El]) -> Self {
        for child in children {
            let _ = self.0.append_child(&child.0);
        }
        self
    }

    /// Calls `f` on every `event` of this element, for as long as the page
    /// lives.
    pub fn on(self, event: &str, f: impl FnMut(Event) + 'static) -> Self {
        self.on_boxed(event, Box::new(f))
    }

    fn on_boxed(self, event: &str, f: Box<dyn FnMut(Event)>) -> Self {
        let cb = Closure::wrap(f);
        let _ = self
            .0
            .add_event_listener_with_callback(event, cb.as_ref().unchecked_ref());
        cb.forget();
        self
    }

    /// Keeps `hidden` set while `f` says so.
    pub fn hidden(self, f: impl Fn() -> bool + 'static) -> Self {
        self.hidden_boxed(Box::new(f))
    }

    fn hidden_boxed(self, f: Box<dyn Fn() -> bool>) -> Self {
        let e = self.0.clone();
        watch(move || {
            let _ = e.toggle_attribute_with_force("hidden", f());
        });
        self
    }

    /// Keeps the `aria-*` state `name` at `"true"` or `"false"`, as `f`
    /// says.
    pub fn flag(self, name: &'static str, f: impl Fn() -> bool + 'static) -> Self {
        self.flag_boxed(name, Box::new(f))
    }

    fn flag_boxed(self, name: &'static str, f: Box<dyn Fn() -> bool>) -> Self {
        let e = self.0.clone();
        watch(move || {
            let _ = e.set_attribute(name, if f() { "true" } else { "false" });
        });
        self
    }

    /// Keeps the attribute `name` at what `f` gives.
    pub fn bind(self, name: &'static str, f: impl Fn() -> &'static str + 'static) -> Self {
        self.bind_boxed(name, Box::new(f))
    }

    fn bind_boxed(self, name: &'static str, f: Box<dyn Fn() -> &'static str>) -> Self {
        let e = self.0.clone();
        watch(move || {
            let _ = e.set_attribute(name, f());
        });
        self
    }

    /// Keeps its text at what `f` gives (none for `None`).
    pub fn text_of(self, f: impl Fn() -> Option<String> + 'static) -> Self {
        self.text_of_boxed(Box::new(f))
    }

    fn text_of_boxed(self, f: Box<dyn Fn() -> Option<String>>) -> Self {
        let e = self.0.clone();
        watch(move || e.set_text_content(f().as_deref()));
        self
    }

    /// The element as an `HtmlElement` (to focus it, read its value…).
    pub fn html(&self) -> HtmlElement {
        self.0.clone().unchecked_into()
    }
}

/// A `<button type=button>` labelled `label`.
pub fn button(testid: &str, label: &str) -> El {
    el("button")
        .attr("type", "button")
        .testid(testid)
        .text(label)
}

/// Focuses an element, if there is one.
pub fn focus(e: Option<&Element>) {
    if let Some(e) = e {
        let _ = e.unchecked_ref::<HtmlElement>().focus();
    }
}

/// The value of an `<input>` or `<textarea>`.
pub fn value(e: &Element) -> String {
    js_sys::Reflect::get(e, &"value".into())
        .ok()
        .and_then(|v| v.as_string())
        .unwrap_or_default()
}

/// Sets the value of an `<input>` or `<textarea>`.
pub fn set_value(e: &Element, v: &str) {
    let _ = js_sys::Reflect::set(e, &"value".into(), &v.into());
}

/// Puts `child` into `parent` (before `before`, or last), or takes it out:
/// for the parts that exist only while they apply.
pub fn place(parent: &Element, child: &Element, before: Option<&Node>, shown: bool) {
    let there = child.parent_node().is_some();
    if shown && !there {
        let _ = parent.insert_before(child, before);
    } else if !shown && there {
        remove(child);
    }
}

/// Removes a node from the document, if it is in one.
pub fn remove(n: &Node) {
    if let Some(parent) = n.parent_node() {
        let _ = parent.remove_child(n);
    }
}
