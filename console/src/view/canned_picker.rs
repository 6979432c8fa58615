//! Predefined responses in the reply composer (R-PR-1): a "Responses"
//! button opens a searchable list, and typing `/` at the start of the reply
//! or after a space, then letters, filters the same list under the cursor.
//! Choosing one (a click, or the arrow keys and Enter; Escape closes)
//! replaces the `/word` (or the selection) with the response's text, which
//! the operator may edit before sending.
//!
//! The list is a listbox: in the reply, the textarea points at the active
//! option with `aria-activedescendant`; in the picker, the search box does.
//! Focus goes back to the reply when the list closes.
//!
//! Every text shown here is in the console's catalog (#22).

use canal_shared::canned::{search, CannedResponse};
use canal_shared::i18n::{Arg, ConsoleMsg};
use canal_shared::ids::ChannelId;
use canal_shared::text::preview;
use leptos::ev::{FocusEvent, KeyboardEvent};
use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;

use crate::canned_api;
use crate::i18n::{t, Locale};

/// The `/word` being typed before the cursor.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SlashWord {
    /// Where the `/` is, in bytes.
    pub start: usize,
    /// Where the word ends (the cursor), in bytes.
    pub end: usize,
    /// What follows the `/`.
    pub query: String,
}

/// The `/word` that ends at `cursor` (a byte offset) in `text`: a `/` at the
/// start or after white space, followed by letters, digits, `-` or `_` (or
/// nothing yet), with no such character right after the cursor. `None`
/// otherwise (a URL, a date, the middle of a word).
pub fn slash_word(text: &str, cursor: usize) -> Option<SlashWord> {
    let before = text.get(..cursor)?;
    if text[cursor..].chars().next().is_some_and(word_char) {
        return None;
    }
    let word_len: usize = before
        .chars()
        .rev()
        .take_while(|c| word_char(*c))
        .map(char::len_utf8)
        .sum();
    let word_start = cursor - word_len;
    let start = word_start.checked_sub(1)?;
    if text.get(start..word_start) != Some("/") {
        return None;
    }
    if text[..start]
        .chars()
        .next_back()
        .is_some_and(|c| !c.is_whitespace())
    {
        return None;
    }
    Some(SlashWord {
        start,
        end: cursor,
        query: text[word_start..cursor].to_owned(),
    })
}

/// A character of a `/word`.
fn word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '-' || c == '_'
}

/// `text` with the bytes `start..end` replaced by `snippet`, and the cursor
/// after it (in bytes). A space separates it from a word right before it;
/// a range outside `text` means its end.
pub fn insert(text: &str, start: usize, end: usize, snippet: &str) -> (String, usize) {
    let valid = start <= end && text.get(start..end).is_some();
    let (start, end) = if valid {
        (start, end)
    } else {
        (text.len(), text.len())
    };
    let space = text[..start]
        .chars()
        .next_back()
        .is_some_and(|c| !c.is_whitespace());
    let mut out = String::with_capacity(text.len() + snippet.len() + 1);
    out.push_str(&text[..start]);
    if space {
        out.push(' ');
    }
    out.push_str(snippet);
    let cursor = out.len();
    out.push_str(&text[end..]);
    (out, cursor)
}

/// The byte offset in `text` of a position counted in UTF-16 units (as the
/// browser counts `selectionStart`), on a character boundary.
pub fn utf16_to_byte(text: &str, units: u32) -> usize {
    let mut seen = 0_u32;
    for (i, c) in text.char_indices() {
        if seen >= units {
            return i;
        }
        seen += c.len_utf16() as u32;
    }
    text.len()
}

/// A byte offset of `text` in UTF-16 units, for `setSelectionRange`.
pub fn byte_to_utf16(text: &str, byte: usize) -> u32 {
    let byte = byte.min(text.len());
    text.char_indices()
        .take_while(|(i, _)| *i < byte)
        .map(|(_, c)| c.len_utf16() as u32)
        .sum()
}

/// What the list is showing.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Mode {
    Closed,
    /// Under the reply, filtered by the `/word` at `start..end`.
    Inline {
        start: usize,
        end: usize,
        query: String,
    },
    /// The picker, which inserts at `start..end` (the reply's selection when
    /// it opened).
    Picker {
        start: usize,
        end: usize,
    },
}

/// The list's id, the picker's search box's and the options' prefix.
const LIST: &str = "canned-list";
const SEARCH: &str = "canned-search";
const PANEL: &str = "canned-panel";
const OPEN: &str = "canned-open";

fn option_id(i: usize) -> String {
    format!("canned-item-{i}")
}

/// The composer's predefined responses: the channel's list, what shows, and
/// what choosing does. Copied into the composer's handlers.
#[derive(Clone, Copy)]
pub struct Canned {
    responses: RwSignal<Vec<CannedResponse>>,
    error: RwSignal<Option<String>>,
    mode: RwSignal<Mode>,
    /// The picker's search.
    query: RwSignal<String>,
    active: RwSignal<usize>,
    /// The `/word` (by its start) the operator closed with Escape.
    dismissed: RwSignal<Option<usize>>,
    matches: Memo<Vec<CannedResponse>>,
    reply: NodeRef<html::Textarea>,
    /// Sets the reply's text (the draft, and the typing relay).
    on_change: Callback<String>,
}

impl Canned {
    /// Loads `channel`'s responses once it is known (once per channel), for
    /// the `reply` textarea; `on_change` receives the reply after an
    /// insertion.
    pub fn new(
        token: String,
        channel: Signal<Option<ChannelId>>,
        reply: NodeRef<html::Textarea>,
        on_change: Callback<String>,
    ) -> Self {
        let responses = RwSignal::new(Vec::new());
        let error = RwSignal::new(None);
        let mode = RwSignal::new(Mode::Closed);
        let query = RwSignal::new(String::new());
        let matches = Memo::new(move |_| {
            let q = match mode.get() {
                Mode::Closed => return Vec::new(),
                Mode::Inline { query, .. } => query,
                Mode::Picker { .. } => query.get(),
            };
            responses.with(|list| search(list, &q).into_iter().cloned().collect())
        });
        let token = StoredValue::new(token);
        Effect::new(move |loaded: Option<Option<ChannelId>>| {
            let now = channel.get();
            if now.is_some() && now != loaded.flatten() {
                load(token.get_value(), now.clone(), responses, error);
            }
            now
        });
        Canned {
            responses,
            error,
            mode,
            query,
            active: RwSignal::new(0),
            dismissed: RwSignal::new(None),
            matches,
            reply,
            on_change,
        }
    }

    /// After the reply changed: shows the responses that match the `/word`
    /// before the cursor, or hides them.
    pub fn typed(&self) {
        if matches!(self.mode.get_untracked(), Mode::Picker { .. }) {
            return;
        }
        let Some(el) = self.reply.get_untracked() else {
            return;
        };
        let text = el.value();
        let cursor = el
            .selection_start()
            .ok()
            .flatten()
            .map_or(text.len(), |u| utf16_to_byte(&text, u));
        let word = slash_word(&text, cursor);
        if word.as_ref().map(|w| w.start) != self.dismissed.get_untracked() {
            self.dismissed.set(None);
        }
        let shown = word.filter(|w| {
            self.dismissed.get_untracked() != Some(w.start)
                && self
                    .responses
                    .with_untracked(|list| !search(list, &w.query).is_empty())
        });
        self.active.set(0);
        self.mode.set(match shown {
            Some(w) => Mode::Inline {
                start: w.start,
                end: w.end,
                query: w.query,
            },
            None => Mode::Closed,
        });
    }

    /// A key pressed in the reply: the arrows, Enter and Escape work the
    /// list while it shows. Whether the key was used.
    pub fn key(&self, ev: &KeyboardEvent) -> bool {
        let Mode::Inline { start, .. } = self.mode.get_untracked() else {
            return false;
        };
        match ev.key().as_str() {
            "ArrowDown" => self.step(1),
            "ArrowUp" => self.step(-1),
            "Enter" if !ev.shift_key() && !ev.is_composing() => {
                self.choose(self.active.get_untracked())
            }
            "Escape" => {
                self.dismissed.set(Some(start));
                self.mode.set(Mode::Closed);
            }
            _ => return false,
        }
        ev.prevent_default();
        true
    }

    /// The reply lost the focus: the list under it goes.
    pub fn blurred(&self) {
        if matches!(self.mode.get_untracked(), Mode::Inline { .. }) {
            self.mode.set(Mode::Closed);
        }
    }

    /// The textarea's `aria-activedescendant`: the active option while the
    /// list shows under the reply.
    pub fn active_descendant(&self) -> Option<String> {
        let inline = matches!(self.mode.get(), Mode::Inline { .. });
        (inline && !self.matches.with(Vec::is_empty)).then(|| option_id(self.active.get()))
    }

    /// The textarea's `aria-controls`: the list, while it shows under the
    /// reply.
    pub fn controls(&self) -> Option<&'static str> {
        matches!(self.mode.get(), Mode::Inline { .. }).then_some(LIST)
    }

    fn picker_open(&self) -> bool {
        matches!(self.mode.get(), Mode::Picker { .. })
    }

    /// Opens the picker, to insert where the reply's selection is.
    fn open_picker(&self) {
        let (start, end) = self
            .reply
            .get_untracked()
            .map(|el| {
                let text = el.value();
                let at = |u: Result<Option<u32>, _>| {
                    u.ok()
                        .flatten()
                        .map_or(text.len(), |u| utf16_to_byte(&text, u))
                };
                (at(el.selection_start()), at(el.selection_end()))
            })
            .unwrap_or_default();
        self.query.set(String::new());
        self.active.set(0);
        self.mode.set(Mode::Picker { start, end });
        focus(SEARCH);
    }

    /// Closes the list; the focus goes back to the reply.
    fn close(&self) {
        self.mode.set(Mode::Closed);
        if let Some(el) = self.reply.get_untracked() {
            let _ = el.focus();
        }
    }

    fn step(&self, by: isize) {
        let len = self.matches.with_untracked(Vec::len);
        if len == 0 {
            return;
        }
        let at = self.active.get_untracked() as isize + by;
        let next = at.rem_euclid(len as isize) as usize;
        self.active.set(next);
        reveal(next);
    }

    /// Inserts the `index`th match into the reply, closes the list and puts
    /// the cursor after the text.
    fn choose(&self, index: usize) {
        let Some(response) = self.matches.with_untracked(|m| m.get(index).cloned()) else {
            return;
        };
        let (start, end) = match self.mode.get_untracked() {
            Mode::Closed => return,
            Mode::Inline { start, end, .. } | Mode::Picker { start, end } => (start, end),
        };
        let Some(el) = self.reply.get_untracked() else {
            return;
        };
        let (text, cursor) = insert(&el.value(), start, end, &response.text);
        self.mode.set(Mode::Closed);
        self.on_change.run(text.clone());
        el.set_value(&text);
        let at = byte_to_utf16(&text, cursor);
        let _ = el.focus();
        let _ = el.set_selection_range(at, at);
        // Again once the view has caught up with the new draft.
        request_animation_frame(move || {
            let _ = el.set_selection_range(at, at);
        });
    }

    /// A key in the picker's search box.
    fn search_key(&self, ev: &KeyboardEvent) {
        match ev.key().as_str() {
            "ArrowDown" => self.step(1),
            "ArrowUp" => self.step(-1),
            "Enter" if !ev.is_composing() => self.choose(self.active.get_untracked()),
            "Escape" => self.close(),
            _ => return,
        }
        ev.prevent_default();
    }
}

/// Fetches `channel`'s responses into `responses`.
fn load(
    token: String,
    channel: Option<ChannelId>,
    responses: RwSignal<Vec<CannedResponse>>,
    error: RwSignal<Option<String>>,
) {
    let Some(channel) = channel else { return };
    spawn_local(async move {
        match canned_api::responses(&token, &channel).await {
            Ok(r) => {
                responses.try_set(r.responses);
                error.try_set(None);
            }
            Err(f) => {
                error.try_set(Some(f.message));
            }
        }
    });
}

/// Focuses the element `id` once it is drawn.
fn focus(id: &'static str) {
    request_animation_frame(move || {
        if let Some(el) = document()
            .get_element_by_id(id)
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = el.focus();
        }
    });
}

/// Scrolls the list so that option `i` shows.
fn reveal(i: usize) {
    request_animation_frame(move || {
        let doc = document();
        let item = doc
            .get_element_by_id(&option_id(i))
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
        let list = doc.get_element_by_id(LIST);
        if let (Some(item), Some(list)) = (item, list) {
            let (top, height) = (item.offset_top(), item.offset_height());
            if top < list.scroll_top() {
                list.set_scroll_top(top);
            } else if top + height > list.scroll_top() + list.client_height() {
                list.set_scroll_top(top + height - list.client_height());
            }
        }
    });
}

/// The "Responses" button beside the reply: opens the picker, or closes it.
#[component]
pub fn CannedButton(
    /// The composer's responses.
    canned: Canned,
    /// Whether the reply is locked.
    disabled: Signal<bool>,
) -> impl IntoView {
    let toggle = move |_| {
        if canned.picker_open() {
            canned.close();
        } else {
            canned.open_picker();
        }
    };
    view! {
        <button
            type="button"
            class="secondary canned-open"
            id=OPEN
            data-testid=OPEN
            aria-haspopup="listbox"
            aria-controls=PANEL
            aria-expanded=move || if canned.picker_open() { "true" } else { "false" }
            title=t(ConsoleMsg::PickerOpenTitle)
            disabled=move || disabled.get()
            on:click=toggle
        >
            {t(ConsoleMsg::PickerOpen)}
        </button>
    }
}

/// The list of responses above the composer: the picker (a search box and
/// the list) or the matches of the `/word` being typed.
#[component]
pub fn CannedPanel(
    /// The composer's responses.
    canned: Canned,
) -> impl IntoView {
    let on_focusout = move |ev: FocusEvent| {
        if !canned.picker_open() {
            return;
        }
        // Closes when the focus leaves the picker (and its button).
        let inside = ev
            .related_target()
            .and_then(|t| t.dyn_into::<web_sys::Node>().ok())
            .is_some_and(|n| {
                let doc = document();
                [PANEL, OPEN].iter().any(|id| {
                    doc.get_element_by_id(id)
                        .is_some_and(|e| e.contains(Some(&n)))
                })
            });
        if !inside {
            canned.mode.set(Mode::Closed);
        }
    };
    let shown = move || canned.mode.with(|m| *m != Mode::Closed);
    view! {
        <Show when=shown>
            <div
                class="canned-panel"
                id=PANEL
                data-testid="canned-panel"
                role="group"
                aria-label=t(ConsoleMsg::PickerPanel)
                on:focusout=on_focusout
            >
                <Show
                    when=move || canned.picker_open()
                    fallback=move || {
                        view! {
                            <p class="canned-hint" id="canned-hint">
                                {t(ConsoleMsg::PickerHint)}
                            </p>
                        }
                    }
                >
                    <div class="canned-search">
                        <label for=SEARCH>{t(ConsoleMsg::PickerSearch)}</label>
                        <input
                            id=SEARCH
                            type="search"
                            autocomplete="off"
                            data-testid=SEARCH
                            role="combobox"
                            aria-expanded="true"
                            aria-controls=LIST
                            aria-autocomplete="list"
                            aria-activedescendant=move || {
                                (!canned.matches.with(Vec::is_empty))
                                    .then(|| option_id(canned.active.get()))
                            }
                            prop:value=move || canned.query.get()
                            on:input=move |ev| {
                                canned.query.set(event_target_value(&ev));
                                canned.active.set(0);
                            }
                            on:keydown=move |ev| canned.search_key(&ev)
                        />
                        <button
                            type="button"
                            class="secondary"
                            data-testid="canned-close"
                            on:click=move |_| canned.close()
                        >
                            {t(ConsoleMsg::PickerClose)}
                        </button>
                    </div>
                </Show>
                <CannedOptions canned />
            </div>
        </Show>
    }
}

/// The listbox of matches, or why it is empty.
#[component]
fn CannedOptions(canned: Canned) -> impl IntoView {
    let locale = Locale::current();
    let count = move || {
        let n = canned.matches.with(Vec::len);
        locale
            .lang()
            .console(ConsoleMsg::PickerCount, &[("count", Arg::count(n))])
    };
    let empty = move || {
        if let Some(e) = canned.error.get() {
            return Some(
                view! { <p class="error" role="alert" data-testid="canned-error">{e}</p> }
                    .into_any(),
            );
        }
        if !canned.matches.with(Vec::is_empty) {
            return None;
        }
        let why = if canned.responses.with(Vec::is_empty) {
            ConsoleMsg::PickerNone
        } else {
            ConsoleMsg::PickerNoMatch
        };
        Some(view! { <p class="empty" data-testid="canned-empty">{t(why)}</p> }.into_any())
    };
    let options = move || {
        canned
            .matches
            .get()
            .into_iter()
            .enumerate()
            .map(|(i, r)| view! { <CannedOption canned i response=r /> })
            .collect_view()
    };
    view! {
        {empty}
        <ul class="canned-list" id=LIST role="listbox" aria-label=t(ConsoleMsg::PickerPanel) data-testid="canned-list">
            {options}
        </ul>
        <p class="visually-hidden" role="status">{count}</p>
    }
}

/// One response of the list.
#[component]
fn CannedOption(canned: Canned, i: usize, response: CannedResponse) -> impl IntoView {
    let selected = move || canned.active.get() == i;
    let shortcut = response.shortcut.clone();
    view! {
        <li
            id=option_id(i)
            role="option"
            class="canned-item"
            class:active=selected
            data-testid="canned-item"
            data-shortcut=response.shortcut.clone()
            aria-selected=move || if selected() { "true" } else { "false" }
            // Keep the focus where it is (the reply or the search box).
            on:mousedown=move |ev| ev.prevent_default()
            on:mousemove=move |_| {
                if !selected() {
                    canned.active.set(i);
                }
            }
            on:click=move |_| canned.choose(i)
        >
            <span class="canned-title">{response.title.clone()}</span>
            {shortcut.map(|s| view! { <span class="canned-shortcut">{format!("/{s}")}</span> })}
            <span class="canned-text">{preview(&response.text)}</span>
        </li>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word(text: &str) -> Option<(usize, String)> {
        slash_word(text, text.len()).map(|w| (w.start, w.query))
    }

    #[test]
    fn r_pr_1_a_slash_word_starts_the_reply_or_follows_a_space() {
        assert_eq!(word("/"), Some((0, String::new())));
        assert_eq!(word("/than"), Some((0, "than".into())));
        assert_eq!(word("Hi! /than"), Some((4, "than".into())));
        assert_eq!(word("Hi!\n/order-no_2"), Some((4, "order-no_2".into())));
        assert_eq!(word("olá /obrigad"), Some((5, "obrigad".into())));
        // Not a /word: a URL, a date, a word with a slash inside.
        assert_eq!(word("see https://a.example/faq"), None);
        assert_eq!(word("12/05"), None);
        assert_eq!(word("and/or"), None);
        assert_eq!(word("/than ks"), None);
        assert_eq!(word(""), None);
    }

    #[test]
    fn r_pr_1_the_word_ends_at_the_cursor() {
        let text = "/hello there";
        assert_eq!(
            slash_word(text, 6),
            Some(SlashWord {
                start: 0,
                end: 6,
                query: "hello".into()
            })
        );
        // In the middle of the word: not a /word being typed.
        assert_eq!(slash_word(text, 3), None);
        // Not on a character boundary.
        assert_eq!(slash_word("/é", 2), None);
    }

    #[test]
    fn r_pr_1_a_chosen_response_replaces_the_slash_word() {
        let text = "Hi! /than and more";
        let w = slash_word(text, 9).unwrap();
        let (out, cursor) = insert(text, w.start, w.end, "Thank you for waiting.");
        assert_eq!(out, "Hi! Thank you for waiting. and more");
        assert_eq!(&out[..cursor], "Hi! Thank you for waiting.");
    }

    #[test]
    fn r_pr_1_the_picker_inserts_at_the_selection() {
        assert_eq!(insert("", 0, 0, "Hello"), ("Hello".into(), 5));
        // After a word: a space first.
        assert_eq!(insert("Hi", 2, 2, "there"), ("Hi there".into(), 8));
        // A selection is replaced.
        assert_eq!(insert("Hi XX!", 3, 5, "Ana"), ("Hi Ana!".into(), 6));
        // Out of range: at the end.
        assert_eq!(insert("Hi ", 9, 12, "you"), ("Hi you".into(), 6));
        assert_eq!(insert("é", 1, 1, "x"), ("é x".into(), 4));
    }

    #[test]
    fn browser_positions_count_utf16_units() {
        let text = "a😀é/x";
        assert_eq!(utf16_to_byte(text, 0), 0);
        assert_eq!(utf16_to_byte(text, 1), 1);
        // The emoji is two units, four bytes.
        assert_eq!(utf16_to_byte(text, 3), 5);
        assert_eq!(utf16_to_byte(text, 4), 7);
        assert_eq!(utf16_to_byte(text, 99), text.len());
        assert_eq!(byte_to_utf16(text, 5), 3);
        assert_eq!(byte_to_utf16(text, text.len()), 6);
        // Inside the emoji's pair (never a caret's place): the next character.
        assert_eq!(utf16_to_byte(text, 2), 5);
        for units in [0, 1, 3, 4, 5, 6] {
            assert_eq!(byte_to_utf16(text, utf16_to_byte(text, units)), units);
        }
    }
}
