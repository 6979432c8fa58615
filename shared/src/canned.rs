//! Predefined (canned) responses (R-PR-1): the account's lists of responses,
//! each a title, a text and an optional shortcut; which list a channel uses;
//! and how an operator's search ranks them.
//!
//! Admins edit the lists; a channel uses one of them (or none); operators
//! search the channel's list from the composer (`/shortcut` or a picker) and
//! insert a response's text into their reply, which they may edit before
//! sending. Every text here is shown as text, never HTML.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::ids::{CannedListId, ChannelId};
use crate::text::{parse_name, MAX_NAME_CHARS};

/// Most characters in a list's name.
pub const MAX_LIST_NAME_CHARS: usize = MAX_NAME_CHARS;
/// Most characters in a response's title.
pub const MAX_TITLE_CHARS: usize = 100;
/// Most characters in a response's text.
pub const MAX_TEXT_CHARS: usize = 2000;
/// Most characters in a shortcut.
pub const MAX_SHORTCUT_CHARS: usize = 32;
/// Most responses in a list.
pub const MAX_RESPONSES: usize = 500;
/// Most lists in an account.
pub const MAX_LISTS: usize = 100;

/// Why a list, or the list a channel uses, is refused.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum CannedError {
    /// The list's name is empty, too long or has control characters.
    #[error("the list needs a name of 1 to {MAX_LIST_NAME_CHARS} characters, on one line")]
    Name,
    /// One of the responses is wrong.
    #[error("response {number}: {problem}")]
    Response {
        /// Its place in the list, from 1.
        number: usize,
        /// What is wrong with it.
        problem: ResponseProblem,
    },
    /// Over [`MAX_RESPONSES`].
    #[error("the list has {count} responses; a list keeps at most {MAX_RESPONSES}")]
    TooManyResponses {
        /// How many were sent.
        count: usize,
    },
    /// The account has [`MAX_LISTS`] lists already.
    #[error("an account keeps at most {MAX_LISTS} lists of responses: delete one first")]
    TooManyLists,
    /// The list named does not exist (any more).
    #[error("there is no list of responses \"{0}\": pick one from the lists")]
    UnknownList(CannedListId),
}

/// What is wrong with one response.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ResponseProblem {
    /// The title is empty, too long or has control characters.
    #[error("the title must be 1 to {MAX_TITLE_CHARS} characters, on one line")]
    Title,
    /// The text is blank.
    #[error("the text is empty: write what the operator sends")]
    TextEmpty,
    /// The text is too long.
    #[error("the text is {len} characters long; the limit is {MAX_TEXT_CHARS}")]
    TextTooLong {
        /// Its length, trimmed.
        len: usize,
    },
    /// The text has control characters other than new lines and tabs.
    #[error("the text contains control characters")]
    TextControl,
    /// The shortcut has other characters than `a-z 0-9 - _`, or is too long.
    #[error(
        "a shortcut is 1 to {MAX_SHORTCUT_CHARS} letters (a-z), digits, '-' or '_', such as \"thanks\""
    )]
    Shortcut,
    /// Another response of the list has the same shortcut.
    #[error("the shortcut /{shortcut} is already used by response {first}; shortcuts must differ within a list")]
    DuplicateShortcut {
        /// The shortcut, lowercased.
        shortcut: String,
        /// The response that has it first, from 1.
        first: usize,
    },
}

/// Which field of a response a [`ResponseProblem`] is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResponseField {
    /// The title.
    Title,
    /// The text.
    Text,
    /// The shortcut.
    Shortcut,
}

impl ResponseProblem {
    /// The field to fix.
    pub fn field(&self) -> ResponseField {
        match self {
            ResponseProblem::Title => ResponseField::Title,
            ResponseProblem::TextEmpty
            | ResponseProblem::TextTooLong { .. }
            | ResponseProblem::TextControl => ResponseField::Text,
            ResponseProblem::Shortcut | ResponseProblem::DuplicateShortcut { .. } => {
                ResponseField::Shortcut
            }
        }
    }
}

/// One predefined response.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CannedResponse {
    /// What operators see in the picker ("Thanks for waiting").
    pub title: String,
    /// What is inserted into the reply.
    pub text: String,
    /// Typed after `/` to find it ("thanks"), lowercase.
    #[serde(default)]
    pub shortcut: Option<String>,
}

impl CannedResponse {
    /// The response trimmed and checked, its shortcut lowercased (a blank
    /// shortcut is none).
    pub fn validate(&self) -> Result<CannedResponse, ResponseProblem> {
        Ok(CannedResponse {
            title: parse_title(&self.title)?,
            text: parse_text(&self.text)?,
            shortcut: parse_shortcut(self.shortcut.as_deref().unwrap_or_default())?,
        })
    }
}

/// One of the account's lists, its responses in the admin's order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CannedList {
    /// Its id.
    pub id: CannedListId,
    /// What admins call it ("Sales").
    pub name: String,
    /// In order.
    pub responses: Vec<CannedResponse>,
}

/// `POST /api/canned/lists` (admins): a new list (`id: None`) or the new
/// content of one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CannedListInput {
    /// The list to replace, or `None` to add one.
    #[serde(default)]
    pub id: Option<CannedListId>,
    /// Its name.
    pub name: String,
    /// Its responses, in order.
    #[serde(default)]
    pub responses: Vec<CannedResponse>,
}

impl CannedListInput {
    /// The name and responses, trimmed and checked; the first problem
    /// otherwise.
    pub fn validate(&self) -> Result<(String, Vec<CannedResponse>), CannedError> {
        let name = parse_name(&self.name).map_err(|_| CannedError::Name)?;
        if self.responses.len() > MAX_RESPONSES {
            return Err(CannedError::TooManyResponses {
                count: self.responses.len(),
            });
        }
        if let Some((index, problem)) = response_problems(&self.responses).into_iter().next() {
            return Err(CannedError::Response {
                number: index + 1,
                problem,
            });
        }
        let responses = self
            .responses
            .iter()
            .enumerate()
            .map(|(i, r)| {
                r.validate().map_err(|problem| CannedError::Response {
                    number: i + 1,
                    problem,
                })
            })
            .collect::<Result<_, _>>()?;
        Ok((name, responses))
    }
}

/// Every problem of `responses`, by index (from 0) in order, at most one per
/// field: what an admin's form shows next to each field.
pub fn response_problems(responses: &[CannedResponse]) -> Vec<(usize, ResponseProblem)> {
    let mut problems = Vec::new();
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    for (i, r) in responses.iter().enumerate() {
        if parse_title(&r.title).is_err() {
            problems.push((i, ResponseProblem::Title));
        }
        if let Err(p) = parse_text(&r.text) {
            problems.push((i, p));
        }
        match parse_shortcut(r.shortcut.as_deref().unwrap_or_default()) {
            Err(p) => problems.push((i, p)),
            Ok(None) => {}
            Ok(Some(s)) => match seen.get(&s) {
                Some(&first) => problems.push((
                    i,
                    ResponseProblem::DuplicateShortcut {
                        shortcut: s,
                        first: first + 1,
                    },
                )),
                None => {
                    seen.insert(s, i);
                }
            },
        }
    }
    problems
}

/// A response's title: trimmed, 1 to [`MAX_TITLE_CHARS`] characters, one
/// line.
pub fn parse_title(s: &str) -> Result<String, ResponseProblem> {
    let t = s.trim();
    let len = t.chars().count();
    if len == 0 || len > MAX_TITLE_CHARS || t.chars().any(char::is_control) {
        return Err(ResponseProblem::Title);
    }
    Ok(t.to_owned())
}

/// A response's text: trimmed, 1 to [`MAX_TEXT_CHARS`] characters, new
/// lines and tabs allowed (`\r\n` becomes `\n`), no other control character.
pub fn parse_text(s: &str) -> Result<String, ResponseProblem> {
    let t = s.trim().replace("\r\n", "\n");
    if t.is_empty() {
        return Err(ResponseProblem::TextEmpty);
    }
    let len = t.chars().count();
    if len > MAX_TEXT_CHARS {
        return Err(ResponseProblem::TextTooLong { len });
    }
    if t.chars().any(|c| c.is_control() && c != '\n' && c != '\t') {
        return Err(ResponseProblem::TextControl);
    }
    Ok(t)
}

/// A shortcut as typed: trimmed, a leading `/` dropped, lowercased; blank is
/// none. Otherwise 1 to [`MAX_SHORTCUT_CHARS`] of `a-z 0-9 - _`.
pub fn parse_shortcut(s: &str) -> Result<Option<String>, ResponseProblem> {
    let t = s.trim();
    let t = t.strip_prefix('/').unwrap_or(t);
    if t.is_empty() {
        return Ok(None);
    }
    let t = t.to_ascii_lowercase();
    let allowed = |b: u8| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_';
    if t.len() > MAX_SHORTCUT_CHARS || !t.bytes().all(allowed) {
        return Err(ResponseProblem::Shortcut);
    }
    Ok(Some(t))
}

/// `GET /api/canned/lists` (admins): every list of the account, by name.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CannedLists {
    /// By name.
    pub lists: Vec<CannedList>,
}

/// `POST /api/canned/lists/delete` (admins): the list to delete.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CannedListRef {
    /// Which.
    pub id: CannedListId,
}

/// Which list a channel uses (`GET`/`POST /api/canned/channel`, admins).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChannelCanned {
    /// The channel.
    pub channel: ChannelId,
    /// Its list, or `None` for no predefined responses.
    #[serde(default)]
    pub list: Option<CannedListId>,
}

/// `GET /api/canned?channel=` (its operators and admins): the responses of
/// the list the channel uses, in order; none when it uses no list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChannelResponses {
    /// The channel.
    pub channel: ChannelId,
    /// The list it uses, if any.
    #[serde(default)]
    pub list: Option<CannedListId>,
    /// Its responses, in order.
    #[serde(default)]
    pub responses: Vec<CannedResponse>,
}

/// The responses that match `query`, best first: the exact shortcut, then
/// shortcuts that start with it, then titles that start with it, then titles
/// or texts that contain each of its words. Case and accents are ignored
/// ("/Obri" finds "Obrigado", "cafe" finds "Café"), a leading `/` too; ties
/// keep the list's order. An empty query gives the whole list.
pub fn search<'a>(list: &'a [CannedResponse], query: &str) -> Vec<&'a CannedResponse> {
    let q = query.trim();
    let q = fold(q.strip_prefix('/').unwrap_or(q));
    if q.is_empty() {
        return list.iter().collect();
    }
    let words: Vec<&str> = q.split_whitespace().collect();
    let mut ranked: Vec<(u8, &CannedResponse)> = list
        .iter()
        .filter_map(|r| rank(r, &q, &words).map(|tier| (tier, r)))
        .collect();
    // Stable: equal tiers keep the list's order.
    ranked.sort_by_key(|(tier, _)| *tier);
    ranked.into_iter().map(|(_, r)| r).collect()
}

/// How well `r` matches the folded query `q` (lower is better), or `None`.
fn rank(r: &CannedResponse, q: &str, words: &[&str]) -> Option<u8> {
    let shortcut = r.shortcut.as_deref().map(fold).unwrap_or_default();
    if !shortcut.is_empty() && shortcut == q {
        return Some(0);
    }
    if shortcut.starts_with(q) {
        return Some(1);
    }
    let title = fold(&r.title);
    if title.starts_with(q) {
        return Some(2);
    }
    let text = fold(&r.text);
    words
        .iter()
        .all(|w| title.contains(w) || text.contains(w) || shortcut.contains(w))
        .then_some(3)
}

/// `s` lowercased, with the accents of Latin letters dropped, for matching.
pub fn fold(s: &str) -> String {
    s.chars()
        .flat_map(char::to_lowercase)
        .map(base_letter)
        .collect()
}

/// The letter under a lowercase accented Latin letter ('é' → 'e').
fn base_letter(c: char) -> char {
    match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => 'a',
        'ç' | 'ć' | 'ĉ' | 'ċ' | 'č' => 'c',
        'ď' | 'đ' => 'd',
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ĕ' | 'ė' | 'ę' | 'ě' => 'e',
        'ĝ' | 'ğ' | 'ġ' | 'ģ' => 'g',
        'ì' | 'í' | 'î' | 'ï' | 'ĩ' | 'ī' | 'ĭ' | 'į' | 'ı' => 'i',
        'ł' | 'ľ' | 'ĺ' | 'ļ' => 'l',
        'ñ' | 'ń' | 'ň' | 'ņ' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ŏ' | 'ő' => 'o',
        'ŕ' | 'ř' | 'ŗ' => 'r',
        'ś' | 'š' | 'ş' | 'ș' => 's',
        'ť' | 'ţ' | 'ț' => 't',
        'ù' | 'ú' | 'û' | 'ü' | 'ũ' | 'ū' | 'ŭ' | 'ů' | 'ű' | 'ų' => 'u',
        'ý' | 'ÿ' => 'y',
        'ź' | 'ż' | 'ž' => 'z',
        c => c,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn response(title: &str, text: &str, shortcut: Option<&str>) -> CannedResponse {
        CannedResponse {
            title: title.into(),
            text: text.into(),
            shortcut: shortcut.map(str::to_owned),
        }
    }

    fn input(responses: Vec<CannedResponse>) -> CannedListInput {
        CannedListInput {
            id: None,
            name: "Sales".into(),
            responses,
        }
    }

    fn titles<'a>(found: &[&'a CannedResponse]) -> Vec<&'a str> {
        found.iter().map(|r| r.title.as_str()).collect()
    }

    #[test]
    fn r_pr_1_a_valid_list_is_trimmed_and_its_shortcuts_lowercased() {
        let (name, responses) = CannedListInput {
            id: None,
            name: "  Sales ".into(),
            responses: vec![
                response(" Hello ", " Hi!\r\nHow can I help? ", Some(" /Hello ")),
                response("Bye", "Bye.", Some("  ")),
                response("Wait", "One moment.", None),
            ],
        }
        .validate()
        .unwrap();
        assert_eq!(name, "Sales");
        assert_eq!(
            responses,
            vec![
                response("Hello", "Hi!\nHow can I help?", Some("hello")),
                response("Bye", "Bye.", None),
                response("Wait", "One moment.", None),
            ]
        );
    }

    #[test]
    fn r_pr_1_a_list_needs_a_name_and_a_bounded_number_of_responses() {
        let mut list = input(vec![]);
        list.name = " ".into();
        assert_eq!(list.validate(), Err(CannedError::Name));
        list.name = "n".repeat(MAX_LIST_NAME_CHARS + 1);
        assert_eq!(list.validate(), Err(CannedError::Name));
        // An empty list is allowed: the admin fills it later.
        assert!(input(vec![]).validate().is_ok());
        let many = vec![response("t", "x", None); MAX_RESPONSES + 1];
        assert_eq!(
            input(many).validate(),
            Err(CannedError::TooManyResponses {
                count: MAX_RESPONSES + 1
            })
        );
        assert!(input(vec![response("t", "x", None); MAX_RESPONSES])
            .validate()
            .is_ok());
    }

    #[test]
    fn r_pr_1_each_field_of_a_response_is_bounded() {
        assert_eq!(parse_title(" "), Err(ResponseProblem::Title));
        assert_eq!(parse_title("a\nb"), Err(ResponseProblem::Title));
        assert!(parse_title(&"t".repeat(MAX_TITLE_CHARS)).is_ok());
        assert_eq!(
            parse_title(&"t".repeat(MAX_TITLE_CHARS + 1)),
            Err(ResponseProblem::Title)
        );
        assert_eq!(parse_text(" \n "), Err(ResponseProblem::TextEmpty));
        assert!(parse_text(&"é".repeat(MAX_TEXT_CHARS)).is_ok());
        assert_eq!(
            parse_text(&"é".repeat(MAX_TEXT_CHARS + 1)),
            Err(ResponseProblem::TextTooLong {
                len: MAX_TEXT_CHARS + 1
            })
        );
        assert_eq!(parse_text("a\u{7}b"), Err(ResponseProblem::TextControl));
        assert_eq!(parse_text("line\n\tnext"), Ok("line\n\tnext".into()));
        // Markup is text like any other.
        assert_eq!(parse_text("<b>hi</b>"), Ok("<b>hi</b>".into()));
    }

    #[test]
    fn r_pr_1_shortcuts_are_short_lowercase_words() {
        assert_eq!(parse_shortcut("Thanks"), Ok(Some("thanks".into())));
        assert_eq!(parse_shortcut("/order-no_2"), Ok(Some("order-no_2".into())));
        assert_eq!(parse_shortcut(""), Ok(None));
        assert_eq!(parse_shortcut(" / "), Ok(None));
        assert_eq!(parse_shortcut("two words"), Err(ResponseProblem::Shortcut));
        assert_eq!(parse_shortcut("café"), Err(ResponseProblem::Shortcut));
        assert_eq!(parse_shortcut("a/b"), Err(ResponseProblem::Shortcut));
        assert!(parse_shortcut(&"s".repeat(MAX_SHORTCUT_CHARS)).is_ok());
        assert_eq!(
            parse_shortcut(&"s".repeat(MAX_SHORTCUT_CHARS + 1)),
            Err(ResponseProblem::Shortcut)
        );
    }

    #[test]
    fn r_pr_1_shortcuts_differ_within_a_list() {
        let list = input(vec![
            response("Hello", "Hi", Some("hi")),
            response("Bye", "Bye", None),
            response("Hey", "Hey", Some("HI")),
        ]);
        let err = list.validate().unwrap_err();
        assert_eq!(
            err,
            CannedError::Response {
                number: 3,
                problem: ResponseProblem::DuplicateShortcut {
                    shortcut: "hi".into(),
                    first: 1
                }
            }
        );
        assert_eq!(
            err.to_string(),
            "response 3: the shortcut /hi is already used by response 1; shortcuts must differ within a list"
        );
    }

    #[test]
    fn r_pr_1_every_problem_is_listed_by_response_and_field() {
        let problems = response_problems(&[
            response(" ", "", Some("a b")),
            response("Fine", "Fine", Some("ok")),
            response("Again", "Again", Some("OK")),
        ]);
        let fields: Vec<(usize, ResponseField)> =
            problems.iter().map(|(i, p)| (*i, p.field())).collect();
        assert_eq!(
            fields,
            vec![
                (0, ResponseField::Title),
                (0, ResponseField::Text),
                (0, ResponseField::Shortcut),
                (2, ResponseField::Shortcut),
            ]
        );
        assert_eq!(
            CannedError::Response {
                number: 1,
                problem: ResponseProblem::Title
            }
            .to_string(),
            "response 1: the title must be 1 to 100 characters, on one line"
        );
    }

    #[test]
    fn r_pr_1_search_ranks_shortcuts_then_titles_then_words() {
        let list = [
            response("Opening hours", "We open at 9, see /hours.", None),
            response("Hello again", "Welcome back!", Some("hello-again")),
            response("Greeting", "Hello, how can I help?", Some("hi")),
            response("Hello", "Hi there!", Some("hello")),
            response("Holidays", "We are closed on holidays.", Some("closed")),
        ];
        assert_eq!(
            titles(&search(&list, "hello")),
            ["Hello", "Hello again", "Greeting"],
            "exact shortcut, shortcut prefix, then text"
        );
        assert_eq!(
            titles(&search(&list, "/HEL")),
            ["Hello again", "Hello", "Greeting"]
        );
        assert_eq!(
            titles(&search(&list, "ho")),
            ["Holidays", "Opening hours", "Greeting"]
        );
        assert_eq!(titles(&search(&list, "closed holidays")), ["Holidays"]);
        assert_eq!(titles(&search(&list, "nothing")), Vec::<&str>::new());
        assert_eq!(search(&list, " ").len(), list.len(), "empty: everything");
        assert_eq!(search(&list, "/").len(), list.len());
    }

    #[test]
    fn r_pr_1_search_ignores_case_and_accents() {
        let list = [
            response("Obrigado", "Obrigado pela visita!", Some("obg")),
            response("Café", "Um café?", None),
            response("Ação", "Promoção válida até sexta.", None),
        ];
        assert_eq!(titles(&search(&list, "CAFE")), ["Café"]);
        assert_eq!(titles(&search(&list, "acao")), ["Ação"]);
        assert_eq!(titles(&search(&list, "promocao valida")), ["Ação"]);
        assert_eq!(titles(&search(&list, "/OBR")), ["Obrigado"]);
        assert_eq!(fold("ÉCOLE Ñandú"), "ecole nandu");
    }

    #[test]
    fn r_pr_1_search_keeps_the_list_order_among_equals() {
        let list = [
            response("Thanks B", "x", None),
            response("Thanks A", "x", None),
            response("Thanks C", "x", None),
        ];
        assert_eq!(
            titles(&search(&list, "thanks")),
            ["Thanks B", "Thanks A", "Thanks C"]
        );
    }

    #[test]
    fn r_pr_1_bodies_read_their_json() {
        let c: ChannelCanned = serde_json::from_str(r#"{"channel":"demo"}"#).unwrap();
        assert_eq!(c.list, None);
        let c: ChannelCanned = serde_json::from_str(r#"{"channel":"demo","list":"cl_1"}"#).unwrap();
        assert_eq!(c.list.unwrap().as_str(), "cl_1");
        let r: CannedResponse = serde_json::from_str(r#"{"title":"t","text":"x"}"#).unwrap();
        assert_eq!(r.shortcut, None);
        let i: CannedListInput = serde_json::from_str(r#"{"name":"Sales"}"#).unwrap();
        assert!(i.id.is_none() && i.responses.is_empty());
        assert!(serde_json::from_str::<ChannelCanned>(r#"{"channel":"<x>"}"#).is_err());
    }
}
