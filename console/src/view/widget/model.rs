//! The widget form as plain data: who visitors see answering, the notice
//! they accept, the chat's title and real-time typing as typed, read from
//! and turned back into the channel's [`WidgetSettings`], checked with the
//! worker's own rules. Pure, so it is unit-tested natively.

use canal_shared::consent::{parse_body, ConsentChoice, ConsentText};
use canal_shared::i18n::{Arg, ConsoleMsg, Lang};
use canal_shared::ids::{ConsentTextId, UserId};
use canal_shared::people::QueueMember;
use canal_shared::text::parse_name;
use canal_shared::widget_settings::{
    CustomCard, OfflineDisplay, OperatorCard, OperatorDisplay, WidgetSettings, WidgetSettingsError,
};

use crate::errors::{consent_error, widget_error};
use crate::view::form::{card_from_fields, Problems};

/// Which notice the admin picked (R-C-1).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NoticeChoice {
    Off,
    Text,
    Own,
}

/// One field of an operator's entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CardPart {
    Name,
    Position,
    Avatar,
}

impl CardPart {
    pub fn as_str(self) -> &'static str {
        match self {
            CardPart::Name => "name",
            CardPart::Position => "position",
            CardPart::Avatar => "avatar",
        }
    }

    /// The id of this field in `user`'s entry.
    pub fn field_id(self, user: &str) -> String {
        format!("widget-card-{}-{user}", self.as_str())
    }

    pub fn label(self) -> ConsoleMsg {
        match self {
            CardPart::Name => ConsoleMsg::WidgetCardName,
            CardPart::Position => ConsoleMsg::WidgetCardPosition,
            CardPart::Avatar => ConsoleMsg::WidgetCardAvatar,
        }
    }

    pub fn hint(self) -> ConsoleMsg {
        match self {
            CardPart::Name => ConsoleMsg::WidgetCardNameHint,
            CardPart::Position => ConsoleMsg::WidgetCardPositionHint,
            CardPart::Avatar => ConsoleMsg::WidgetCardAvatarHint,
        }
    }

    pub fn input_type(self) -> &'static str {
        match self {
            CardPart::Avatar => "url",
            _ => "text",
        }
    }

    pub fn spellcheck(self) -> &'static str {
        match self {
            CardPart::Avatar => "false",
            _ => "true",
        }
    }

    pub fn get(self, row: &CardRow) -> &str {
        match self {
            CardPart::Name => &row.name,
            CardPart::Position => &row.position,
            CardPart::Avatar => &row.avatar,
        }
    }

    pub fn get_mut(self, row: &mut CardRow) -> &mut String {
        match self {
            CardPart::Name => &mut row.name,
            CardPart::Position => &mut row.position,
            CardPart::Avatar => &mut row.avatar,
        }
    }
}

/// One operator's entry as typed.
#[derive(Clone, Debug, PartialEq)]
pub struct CardRow {
    pub user: UserId,
    /// Who they are: their name in the queue, or their entry's name.
    pub label: String,
    /// Whether they are in the channel's queue (an entry of someone who left
    /// it is kept, and shown).
    pub in_queue: bool,
    pub name: String,
    pub position: String,
    pub avatar: String,
}

impl CardRow {
    pub fn new(user: UserId, label: String, in_queue: bool, card: Option<&OperatorCard>) -> Self {
        CardRow {
            user,
            label,
            in_queue,
            name: card.map(|c| c.name.clone()).unwrap_or_default(),
            position: card.and_then(|c| c.position.clone()).unwrap_or_default(),
            avatar: card.and_then(|c| c.avatar.clone()).unwrap_or_default(),
        }
    }

    /// No entry: the operator shows nothing.
    pub fn is_blank(&self) -> bool {
        [&self.name, &self.position, &self.avatar]
            .iter()
            .all(|f| f.trim().is_empty())
    }
}

/// The form as the admin filled it in. The text picked and the own text are
/// kept while another choice is on, so switching back finds them again.
#[derive(Clone, Debug, PartialEq)]
pub struct WidgetForm {
    pub display: OperatorDisplay,
    pub cards: Vec<CardRow>,
    pub out_of_hours: OfflineDisplay,
    pub notice: NoticeChoice,
    /// The account's text picked.
    pub text: Option<ConsentTextId>,
    /// The channel's own text as typed.
    pub own_body: String,
    /// The version of the own text saved, 0 if there is none.
    pub own_version: u32,
    /// The own text as saved, to tell whether saving makes a new version.
    pub own_saved: String,
    /// The chat's title as typed; blank shows the channel's name (R-CH-4).
    pub title: String,
    /// Operators see the visitor's draft (R-RT-1, #20).
    pub live_typing: bool,
}

// Fields whose problems are reported by id (also their `data-testid`).
pub const DISPLAY_CUSTOM: &str = "widget-display-custom";
pub const CONSENT_SELECT: &str = "widget-consent-select";
pub const CONSENT_BODY: &str = "widget-consent-body";
pub const TITLE: &str = "widget-chat-title";
pub const LIVE_TYPING: &str = "widget-live-typing";
/// Where a problem no single field explains is reported.
pub const SAVE: &str = "widget-save";

impl WidgetForm {
    /// The form for `settings`, with a row per member of the queue (in its
    /// order) and one per entry of someone no longer in it.
    pub fn from_settings(settings: &WidgetSettings, members: &[QueueMember]) -> Self {
        let entry = |user: &UserId| {
            settings
                .custom_cards
                .iter()
                .find(|c| &c.user == user)
                .map(|c| &c.card)
        };
        let mut cards: Vec<CardRow> = Vec::new();
        for m in members {
            if cards.iter().any(|r| r.user == m.operator.id) {
                continue;
            }
            cards.push(CardRow::new(
                m.operator.id.clone(),
                m.operator.name.clone(),
                true,
                entry(&m.operator.id),
            ));
        }
        for c in &settings.custom_cards {
            if !cards.iter().any(|r| r.user == c.user) {
                cards.push(CardRow::new(
                    c.user.clone(),
                    c.card.name.clone(),
                    false,
                    Some(&c.card),
                ));
            }
        }
        let (notice, text, own_body, own_version) = match &settings.consent {
            ConsentChoice::Off => (NoticeChoice::Off, None, String::new(), 0),
            ConsentChoice::Text { id } => (NoticeChoice::Text, Some(id.clone()), String::new(), 0),
            ConsentChoice::Own { body, version } => {
                (NoticeChoice::Own, None, body.clone(), *version)
            }
        };
        WidgetForm {
            display: settings.operator_display,
            cards,
            out_of_hours: settings.out_of_hours,
            notice,
            text,
            own_saved: own_body.clone(),
            own_body,
            own_version,
            title: settings.title.clone().unwrap_or_default(),
            live_typing: settings.live_typing,
        }
    }

    /// The settings to send, or what to fix (said in `lang`). Each field is
    /// checked on its own, so every problem shows at once.
    pub fn to_settings(&self, lang: Lang) -> Result<WidgetSettings, Problems> {
        let mut problems = Problems::default();
        let title = match self.title.trim() {
            "" => None,
            typed => match parse_name(typed) {
                Ok(title) => Some(title),
                Err(_) => {
                    problems.add(TITLE, Some(widget_error(lang, &WidgetSettingsError::Title)));
                    None
                }
            },
        };
        // The entries' problems, shown apart when the entries are hidden.
        let mut entries = Problems::default();
        let mut custom_cards = Vec::new();
        for row in self.cards.iter().filter(|r| !r.is_blank()) {
            match card_from_fields(&row.name, &row.position, &row.avatar) {
                Ok(card) => custom_cards.push(CustomCard {
                    user: row.user.clone(),
                    card,
                }),
                Err(p) => {
                    let user = row.user.as_str();
                    let whose = |problem: Option<String>| {
                        problem.map(|e| {
                            lang.console(
                                ConsoleMsg::WidgetEntryProblem,
                                &[
                                    ("operator", Arg::Str(&row.label)),
                                    ("problem", Arg::Str(&lower_first(&e))),
                                ],
                            )
                        })
                    };
                    entries.add(CardPart::Name.field_id(user), whose(p.name));
                    entries.add(CardPart::Position.field_id(user), whose(p.position));
                    entries.add(CardPart::Avatar.field_id(user), whose(p.avatar));
                }
            }
        }
        if !entries.is_empty() && self.display != OperatorDisplay::Custom {
            // The entries are hidden: lead the admin to them.
            let mut hidden = Problems::default();
            hidden.add(
                DISPLAY_CUSTOM,
                Some(lang.console(
                    ConsoleMsg::WidgetEntriesHidden,
                    &[("problems", Arg::Str(&entries.summary()))],
                )),
            );
            entries = hidden;
        }
        problems.append(entries);

        let consent = match self.notice {
            NoticeChoice::Off => Some(ConsentChoice::Off),
            NoticeChoice::Text => match &self.text {
                Some(id) => Some(ConsentChoice::Text { id: id.clone() }),
                None => {
                    problems.add(
                        CONSENT_SELECT,
                        Some(lang.console(ConsoleMsg::WidgetConsentPick, &[])),
                    );
                    None
                }
            },
            NoticeChoice::Own => match parse_body(&self.own_body) {
                Ok(body) => Some(ConsentChoice::Own {
                    body,
                    version: self.own_version,
                }),
                Err(e) => {
                    problems.add(CONSENT_BODY, Some(consent_error(lang, &e)));
                    None
                }
            },
        };

        let (Some(consent), true) = (consent, problems.is_empty()) else {
            return Err(problems);
        };
        let settings = WidgetSettings {
            operator_display: self.display,
            custom_cards,
            out_of_hours: self.out_of_hours,
            consent,
            title,
            live_typing: self.live_typing,
        };
        // Each part passed on its own; the whole is checked as the worker will.
        if let Err(e) = settings.validate() {
            problems.add(SAVE, Some(widget_error(lang, &e)));
            return Err(problems);
        }
        Ok(settings)
    }

    /// The own text's version, and whether saving makes a new one.
    pub fn own_version_note(&self, lang: Lang) -> String {
        let (msg, v) = match self.own_version {
            0 => (ConsoleMsg::WidgetConsentNotSaved, 0),
            v if self.own_body.trim() == self.own_saved.trim() => {
                (ConsoleMsg::WidgetConsentVersion, v)
            }
            v => (ConsoleMsg::WidgetConsentVersionChanged, v),
        };
        lang.console(msg, &[("version", Arg::Num(v.into()))])
    }
}

/// What "Save" did: the own notice's version, when there is one.
pub fn saved_message(settings: &WidgetSettings, lang: Lang) -> String {
    match &settings.consent {
        ConsentChoice::Own { version, .. } => lang.console(
            ConsoleMsg::WidgetSavedVersion,
            &[("version", Arg::Num((*version).into()))],
        ),
        _ => lang.console(ConsoleMsg::WidgetSaved, &[]),
    }
}

/// A text in the picker: its name and version.
pub fn text_option_label(text: &ConsentText, lang: Lang) -> String {
    lang.console(
        ConsoleMsg::WidgetConsentOption,
        &[
            ("name", Arg::Str(&text.name)),
            ("version", Arg::Num(text.version.into())),
        ],
    )
}

/// `text` with a small first letter, to follow a colon.
pub fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_lowercase().chain(chars).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use canal_shared::consent::MAX_CONSENT_CHARS;
    use canal_shared::protocol::OperatorInfo;
    use canal_shared::routing::Presence;
    use canal_shared::text::MAX_NAME_CHARS;
    use canal_shared::time::Timestamp;

    fn u(id: &str) -> UserId {
        UserId::parse(id).unwrap()
    }

    fn member(id: &str, name: &str) -> QueueMember {
        QueueMember {
            operator: OperatorInfo {
                id: u(id),
                name: name.into(),
            },
            presence: Presence::Online,
            load: 0,
        }
    }

    fn card(name: &str) -> OperatorCard {
        OperatorCard {
            name: name.into(),
            position: None,
            avatar: None,
        }
    }

    fn members() -> Vec<QueueMember> {
        vec![member("u_ana", "Ana"), member("u_bo", "Bo")]
    }

    #[test]
    fn every_operator_of_the_queue_has_a_row_and_old_entries_are_kept() {
        // R-A-1
        let settings = WidgetSettings {
            operator_display: OperatorDisplay::Custom,
            custom_cards: vec![
                CustomCard {
                    user: u("u_bo"),
                    card: OperatorCard {
                        name: "Sales".into(),
                        position: Some("Team".into()),
                        avatar: Some("https://cdn.example/s.png".into()),
                    },
                },
                CustomCard {
                    user: u("u_gone"),
                    card: card("Old entry"),
                },
            ],
            ..Default::default()
        };
        let mut with_twice = members();
        with_twice.push(member("u_ana", "Ana"));
        let form = WidgetForm::from_settings(&settings, &with_twice);
        let rows: Vec<_> = form
            .cards
            .iter()
            .map(|r| {
                (
                    r.user.as_str(),
                    r.label.as_str(),
                    r.in_queue,
                    r.name.as_str(),
                )
            })
            .collect();
        assert_eq!(
            rows,
            [
                ("u_ana", "Ana", true, ""),
                ("u_bo", "Bo", true, "Sales"),
                ("u_gone", "Old entry", false, "Old entry"),
            ]
        );
        // Blank rows are no entries; the rest goes back as it came.
        assert_eq!(form.to_settings(Lang::En), Ok(settings));
    }

    #[test]
    fn the_form_round_trips() {
        let text = ConsentTextId::parse("t_1").unwrap();
        for settings in [
            WidgetSettings::default(),
            WidgetSettings {
                operator_display: OperatorDisplay::Hidden,
                out_of_hours: OfflineDisplay::Form,
                consent: ConsentChoice::Text { id: text.clone() },
                live_typing: false,
                ..Default::default()
            },
            WidgetSettings {
                out_of_hours: OfflineDisplay::Hide,
                consent: ConsentChoice::Own {
                    body: "We keep your email to answer you.\nOK?".into(),
                    version: 3,
                },
                ..Default::default()
            },
        ] {
            let form = WidgetForm::from_settings(&settings, &members());
            assert_eq!(form.to_settings(Lang::En), Ok(settings));
        }
    }

    #[test]
    fn entries_and_notices_are_checked_field_by_field() {
        let mut form = WidgetForm::from_settings(
            &WidgetSettings {
                operator_display: OperatorDisplay::Custom,
                ..Default::default()
            },
            &members(),
        );
        form.cards[0].position = "Support".into();
        form.cards[1].name = "Bo".into();
        form.cards[1].avatar = "http://cdn.example/bo.png".into();
        form.notice = NoticeChoice::Text;
        let problems = form.to_settings(Lang::En).unwrap_err();
        assert_eq!(
            problems.of("widget-card-name-u_ana").as_deref(),
            Some("Entry for Ana: enter a name of 1 to 80 characters, on one line.")
        );
        assert_eq!(
            problems.of("widget-card-avatar-u_bo").as_deref(),
            Some("Entry for Bo: an avatar must be an https:// address of at most 500 characters, without spaces.")
        );
        assert_eq!(
            problems.of(CONSENT_SELECT).as_deref(),
            Some("Choose one of the account's texts, or another kind of notice.")
        );
        assert_eq!(problems.first_field(), Some("widget-card-name-u_ana"));

        // Hidden entries still count: the admin is led back to them.
        form.display = OperatorDisplay::Profile;
        form.notice = NoticeChoice::Own;
        form.own_body = "x".repeat(MAX_CONSENT_CHARS + 1);
        let problems = form.to_settings(Lang::En).unwrap_err();
        assert_eq!(problems.first_field(), Some(DISPLAY_CUSTOM));
        assert!(problems
            .of(DISPLAY_CUSTOM)
            .unwrap()
            .ends_with("Choose “This channel's own entries” to see and fix it."));
        assert_eq!(
            problems.of(CONSENT_BODY).as_deref(),
            Some("The notice is 5001 characters long; the limit is 5000.")
        );

        form.own_body = " \n ".into();
        assert_eq!(
            form.to_settings(Lang::En)
                .unwrap_err()
                .of(CONSENT_BODY)
                .as_deref(),
            Some("The notice is empty: write what visitors must accept.")
        );
    }

    #[test]
    fn entries_are_trimmed_and_blank_ones_dropped() {
        let mut form = WidgetForm::from_settings(&WidgetSettings::default(), &members());
        form.display = OperatorDisplay::Custom;
        form.cards[0].name = "  Ana Lima ".into();
        form.cards[0].position = " ".into();
        form.cards[1].position = "   ".into();
        form.notice = NoticeChoice::Own;
        form.own_body = "  Read me.  ".into();
        let settings = form.to_settings(Lang::En).unwrap();
        assert_eq!(
            settings.custom_cards,
            [CustomCard {
                user: u("u_ana"),
                card: card("Ana Lima"),
            }]
        );
        assert_eq!(
            settings.consent,
            ConsentChoice::Own {
                body: "Read me.".into(),
                version: 0
            }
        );
    }

    #[test]
    fn the_own_text_says_its_version() {
        // R-C-1
        let mut form = WidgetForm::from_settings(&WidgetSettings::default(), &[]);
        form.notice = NoticeChoice::Own;
        form.own_body = "Hello".into();
        assert_eq!(form.own_version_note(Lang::En), "Not saved yet.");
        let saved = WidgetSettings {
            consent: ConsentChoice::Own {
                body: "Hello".into(),
                version: 2,
            },
            ..Default::default()
        };
        let mut form = WidgetForm::from_settings(&saved, &[]);
        assert_eq!(form.own_version_note(Lang::En), "Version 2.");
        form.own_body = "Hello ".into();
        assert_eq!(form.own_version_note(Lang::En), "Version 2.");
        form.own_body = "Hello again".into();
        assert_eq!(
            form.own_version_note(Lang::En),
            "Version 2 is saved; saving this change makes a new version."
        );
        assert_eq!(
            saved_message(&saved, Lang::En),
            "Saved. This channel's own notice is at version 2."
        );
        assert_eq!(
            saved_message(&WidgetSettings::default(), Lang::En),
            "Saved."
        );
    }

    #[test]
    fn r_ch_4_the_chat_title_is_optional_and_checked() {
        let mut form = WidgetForm::from_settings(&WidgetSettings::default(), &[]);
        assert_eq!(form.title, "");
        assert_eq!(form.to_settings(Lang::En).map(|s| s.title), Ok(None));
        form.title = "   ".into();
        assert_eq!(form.to_settings(Lang::En).map(|s| s.title), Ok(None));
        form.title = "  Ask the shop ".into();
        let settings = form.to_settings(Lang::En).unwrap();
        assert_eq!(settings.title.as_deref(), Some("Ask the shop"));
        // What was saved comes back into the field.
        assert_eq!(
            WidgetForm::from_settings(&settings, &[]).title,
            "Ask the shop"
        );
        form.title = "x".repeat(MAX_NAME_CHARS + 1);
        let problems = form.to_settings(Lang::En).unwrap_err();
        assert_eq!(problems.first_field(), Some(TITLE));
        assert_eq!(
            problems.of(TITLE).as_deref(),
            Some("The chat title is at most 80 characters, on one line; leave it empty to show the channel's name.")
        );
        // Above the hidden entries, and apart from them.
        form.cards = vec![CardRow::new(u("u_ana"), "Ana".into(), true, None)];
        form.cards[0].position = "Support".into();
        let problems = form.to_settings(Lang::En).unwrap_err();
        assert_eq!(problems.first_field(), Some(TITLE));
        let hidden = problems.of(DISPLAY_CUSTOM).unwrap();
        assert!(hidden.starts_with("Entry for Ana:"), "{hidden}");
    }

    #[test]
    fn texts_are_offered_with_their_version() {
        let text = ConsentText {
            id: ConsentTextId::parse("t_1").unwrap(),
            name: "Privacy notice".into(),
            version: 4,
            body: "…".into(),
            updated_at: Timestamp(0),
        };
        assert_eq!(
            text_option_label(&text, Lang::En),
            "Privacy notice (version 4)"
        );
        assert_eq!(lower_first("An avatar"), "an avatar");
    }
}
