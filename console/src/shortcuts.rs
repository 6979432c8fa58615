//! Keyboard shortcuts for what operators do all day (#20). [`shortcut`]
//! maps a key to what it does (pure, unit-tested); [`Shortcut::run`] does
//! it through the console's own buttons and fields, so a shortcut can do
//! nothing the person could not do with the mouse.
//!
//! No shortcut fires while the person types in a field (Escape leaves the
//! field instead) or holds Ctrl, Alt or Cmd (those are the browser's).
//!
//! Every text shown here is in the console's catalog (#22).

use canal_shared::i18n::ConsoleMsg;
use wasm_bindgen::JsCast;

/// What a key does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shortcut {
    /// The next conversation of the list.
    Next,
    /// The previous conversation of the list.
    Previous,
    /// Accept the offer (the open conversation's, else the first listed).
    Accept,
    /// Put the cursor in the reply box.
    Reply,
    /// Switch the reply box between a reply and a private note.
    Note,
    /// Open the predefined responses.
    Responses,
    /// Choose whom to transfer the conversation to.
    Transfer,
    /// Close the conversation (asks to confirm).
    Close,
    /// Show or hide the list of shortcuts.
    Help,
    /// Leave the field being typed in.
    Leave,
}

impl Shortcut {
    /// Every shortcut with its key and what it does, as the help lists them.
    pub const HELP: [(&'static str, ConsoleMsg); 10] = [
        ("j", ConsoleMsg::ShortcutsNext),
        ("k", ConsoleMsg::ShortcutsPrevious),
        ("a", ConsoleMsg::ShortcutsAccept),
        ("r", ConsoleMsg::ShortcutsReply),
        ("n", ConsoleMsg::ShortcutsNote),
        ("p", ConsoleMsg::ShortcutsResponses),
        ("t", ConsoleMsg::ShortcutsTransfer),
        ("c", ConsoleMsg::ShortcutsCloseConversation),
        ("Esc", ConsoleMsg::ShortcutsLeave),
        ("?", ConsoleMsg::ShortcutsHelp),
    ];
}

/// Whether `key` (a `KeyboardEvent.key`) is Escape.
pub fn is_escape(key: &str) -> bool {
    key == "Escape"
}

/// What `key` (a `KeyboardEvent.key`) does, given whether Ctrl, Alt or Cmd
/// is held and whether the focus is in a field.
pub fn shortcut(key: &str, modified: bool, in_field: bool) -> Option<Shortcut> {
    if modified {
        return None;
    }
    if in_field {
        return is_escape(key).then_some(Shortcut::Leave);
    }
    Some(match key {
        "j" => Shortcut::Next,
        "k" => Shortcut::Previous,
        "a" => Shortcut::Accept,
        "r" => Shortcut::Reply,
        "n" => Shortcut::Note,
        "p" => Shortcut::Responses,
        "t" => Shortcut::Transfer,
        "c" => Shortcut::Close,
        "?" => Shortcut::Help,
        _ => return None,
    })
}

/// The conversation `step` places from `current` in `ids` (the list's
/// order), staying at the ends; the first one when none is open.
pub fn step<T: PartialEq + Clone>(ids: &[T], current: Option<&T>, forward: bool) -> Option<T> {
    let at = current.and_then(|c| ids.iter().position(|i| i == c));
    let next = match (at, forward) {
        (None, _) => 0,
        (Some(i), true) => (i + 1).min(ids.len().checked_sub(1)?),
        (Some(i), false) => i.saturating_sub(1),
    };
    ids.get(next).cloned()
}

/// Whether the focus is in a field that takes typing.
pub fn in_field(ev: &web_sys::KeyboardEvent) -> bool {
    let Some(el) = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok())
    else {
        return false;
    };
    matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT") || el.is_content_editable()
}

/// The first element matching `css`, as an HTML element.
fn find(css: &str) -> Option<web_sys::HtmlElement> {
    leptos::prelude::document()
        .query_selector(css)
        .ok()
        .flatten()?
        .dyn_into()
        .ok()
}

/// Clicks the first enabled element of `css`; returns whether there was one.
fn click(css: &str) -> bool {
    let el = find(&format!("{css}:not([disabled])"));
    if let Some(el) = &el {
        el.click();
    }
    el.is_some()
}

fn focus(css: &str) -> bool {
    let el = find(&format!("{css}:not([disabled])"));
    if let Some(el) = &el {
        let _ = el.focus();
    }
    el.is_some()
}

impl Shortcut {
    /// Does what the shortcut says on the page as it is; returns whether
    /// it did something (the key's default is then prevented). Moving
    /// through the list and the help are the caller's.
    pub fn run(self) -> bool {
        match self {
            Shortcut::Accept => {
                click("[data-testid='chat-accept']") || click("[data-testid='accept']")
            }
            Shortcut::Reply => focus("#reply"),
            Shortcut::Note => click("[data-testid='note-toggle']"),
            Shortcut::Responses => click("[data-testid='canned-open']"),
            Shortcut::Transfer => focus("#transfer-to"),
            Shortcut::Close => click("[data-testid='close-conversation']"),
            Shortcut::Leave => {
                let active = leptos::prelude::document()
                    .active_element()
                    .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
                if let Some(el) = &active {
                    let _ = el.blur();
                }
                active.is_some()
            }
            Shortcut::Next | Shortcut::Previous | Shortcut::Help => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_map_to_actions_and_none_fires_while_typing() {
        assert_eq!(shortcut("j", false, false), Some(Shortcut::Next));
        assert_eq!(shortcut("a", false, false), Some(Shortcut::Accept));
        assert_eq!(shortcut("?", false, false), Some(Shortcut::Help));
        assert_eq!(shortcut("x", false, false), None);
        for key in ["j", "k", "a", "r", "n", "p", "t", "c", "?"] {
            assert_eq!(shortcut(key, false, true), None, "{key} while typing");
            assert_eq!(shortcut(key, true, false), None, "{key} with Ctrl");
        }
        assert_eq!(shortcut("Escape", false, true), Some(Shortcut::Leave));
        assert_eq!(shortcut("Escape", false, false), None);
    }

    #[test]
    fn moving_through_the_list_stops_at_its_ends() {
        let ids = ["a", "b", "c"];
        assert_eq!(step(&ids, None, true), Some("a"));
        assert_eq!(step(&ids, Some(&"a"), true), Some("b"));
        assert_eq!(step(&ids, Some(&"c"), true), Some("c"));
        assert_eq!(step(&ids, Some(&"a"), false), Some("a"));
        assert_eq!(step(&ids, Some(&"c"), false), Some("b"));
        assert_eq!(step::<&str>(&[], None, true), None);
        // The open one left the list: start again at the top.
        assert_eq!(step(&ids, Some(&"z"), true), Some("a"));
    }
}
