//! The widget page (admins): how a channel's widget presents itself — who
//! visitors see answering (R-A-1), what it shows out of working hours
//! (R-WH-3), the personal-data notice visitors accept before writing
//! (R-C-1) and the chat's title (R-CH-4).
//!
//! The form is plain data (`WidgetForm`) checked with the worker's own
//! rules ([`WidgetSettings::validate`] and the checks it is made of) before
//! it is sent; one signal holds it.
//!
//! Every text shown here is in the console's catalog (#22).

use canal_shared::consent::{parse_body, ConsentChoice, ConsentText, MAX_CONSENT_CHARS};
use canal_shared::i18n::{Arg, ConsoleMsg, Lang};
use canal_shared::ids::{ConsentTextId, UserId};
use canal_shared::people::QueueMember;
use canal_shared::protocol::ChannelInfo;
use canal_shared::text::{parse_name, MAX_NAME_CHARS};
use canal_shared::widget_settings::{
    CustomCard, OfflineDisplay, OperatorCard, OperatorDisplay, WidgetSettings, WidgetSettingsError,
    WidgetSettingsInput,
};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{self, Failure};
use crate::errors::{consent_error, widget_error};
use crate::i18n::{t, Locale};
use crate::view::focus::focus_id;
use crate::view::form::{card_from_fields, char_count, FieldError, Problems};
use crate::view::kit::{self, Choice, Form, SectionBody, SectionForm, Toggle};
use crate::widget_api;

/// The widget form's state.
type Page = Form<WidgetForm>;

/// One field of the widget form.
type Lens<T> = kit::Lens<WidgetForm, T>;

/// The widget settings of one channel.
#[component]
pub fn WidgetPage(
    /// The signed-in admin's session token.
    token: String,
    /// The channel whose widget is set.
    channel: ChannelInfo,
) -> impl IntoView {
    let locale = Locale::current();
    let token = StoredValue::new(token);
    let id = StoredValue::new(channel.id.clone());
    let page: Page = Form::new(WidgetForm::from_settings(&WidgetSettings::default(), &[]));
    // What the last save did, said beside Save.
    let note = RwSignal::new(None::<String>);
    // The channel's queue (one entry row each) and the account's texts.
    let members = StoredValue::new(Vec::<QueueMember>::new());
    let texts = RwSignal::new(Vec::<ConsentText>::new());
    let loaded = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);

    spawn_local(async move {
        let token = token.get_value();
        let id = id.get_value();
        let result = async {
            let settings = widget_api::widget_settings(&token, &id).await?;
            let queue = api::queue_members(&token, &id).await?;
            let texts = widget_api::consent_texts(&token).await?;
            Ok::<_, Failure>((settings, queue.members, texts.texts))
        }
        .await;
        match result {
            Ok((settings, queue, account_texts)) => {
                page.fill(WidgetForm::from_settings(&settings, &queue));
                members.set_value(queue);
                texts.set(account_texts);
                loaded.set(true);
            }
            Err(f) => error.set(Some(f.message)),
        }
    });

    let save = Callback::new(move |()| {
        error.set(None);
        let lang = untrack(move || locale.lang());
        let checked = page.value.with_untracked(|f| f.to_settings(lang));
        let Some(settings) = page.checked(checked, error) else {
            return;
        };
        let input = WidgetSettingsInput {
            channel: id.get_value(),
            settings,
        };
        busy.set(true);
        spawn_local(async move {
            let result = widget_api::save_widget_settings(&token.get_value(), &input).await;
            busy.set(false);
            match result {
                Ok(saved) => {
                    let form = members.with_value(|m| WidgetForm::from_settings(&saved, m));
                    page.fill(form);
                    let lang = untrack(move || locale.lang());
                    note.set(Some(saved_message(&saved, lang)));
                    page.saved.set(true);
                }
                Err(f) => error.set(Some(f.message)),
            }
            // The button was disabled while saving, which drops the focus:
            // put it back beside the result.
            focus_id(SAVE);
        });
    });

    let intro = Signal::derive(move || {
        locale.lang().console(
            ConsoleMsg::WidgetSubtitleOne,
            &[("channel", Arg::Str(&channel.name))],
        )
    });
    let custom = move || page.value.with(|f| f.display == OperatorDisplay::Custom);

    view! {
        <SectionBody
            prefix="widget"
            title=ConsoleMsg::WidgetTitle
            intro
            loaded
            error
            loading=ConsoleMsg::WidgetLoading
        >
                <SectionForm
                    form=page
                    prefix="widget"
                    on_save=save
                    busy=busy
                    error=error
                    saved_note=note
                >
                    <TitleField page />
                    <fieldset class="admin-fieldset">
                        <legend>{t(ConsoleMsg::WidgetWhoLegend)}</legend>
                        <p class="hint">{t(ConsoleMsg::WidgetWhoHint)}</p>
                        <Choice
                            form=page
                            lens=Lens { get: |f| f.display, set: |f, v| f.display = v }
                            value=OperatorDisplay::Profile
                            name="operator_display"
                            key="widget-display-profile"
                            title=ConsoleMsg::WidgetDisplayProfile
                            hint=ConsoleMsg::WidgetDisplayProfileHint
                        />
                        <Choice
                            form=page
                            lens=Lens { get: |f| f.display, set: |f, v| f.display = v }
                            value=OperatorDisplay::Custom
                            name="operator_display"
                            key=DISPLAY_CUSTOM
                            title=ConsoleMsg::WidgetDisplayCustom
                            hint=ConsoleMsg::WidgetDisplayCustomHint
                        />
                        <Choice
                            form=page
                            lens=Lens { get: |f| f.display, set: |f, v| f.display = v }
                            value=OperatorDisplay::Hidden
                            name="operator_display"
                            key="widget-display-hidden"
                            title=ConsoleMsg::WidgetDisplayHidden
                            hint=ConsoleMsg::WidgetDisplayHiddenHint
                        />
                        <Show when=custom>
                            <CardsEditor page />
                        </Show>
                    </fieldset>

                    <fieldset class="admin-fieldset">
                        <legend>{t(ConsoleMsg::WidgetOohLegend)}</legend>
                        <p class="hint" data-testid="widget-ooh-hours-note">
                            {t(ConsoleMsg::WidgetOohHint)}
                        </p>
                        <Choice
                            form=page
                            lens=Lens { get: |f| f.out_of_hours, set: |f, v| f.out_of_hours = v }
                            value=OfflineDisplay::Chat
                            name="out_of_hours"
                            key="widget-ooh-chat"
                            title=ConsoleMsg::WidgetOohChat
                            hint=ConsoleMsg::WidgetOohChatHint
                        />
                        <Choice
                            form=page
                            lens=Lens { get: |f| f.out_of_hours, set: |f, v| f.out_of_hours = v }
                            value=OfflineDisplay::Form
                            name="out_of_hours"
                            key="widget-ooh-form"
                            title=ConsoleMsg::WidgetOohForm
                            hint=ConsoleMsg::WidgetOohFormHint
                        />
                        <Choice
                            form=page
                            lens=Lens { get: |f| f.out_of_hours, set: |f, v| f.out_of_hours = v }
                            value=OfflineDisplay::Hide
                            name="out_of_hours"
                            key="widget-ooh-hide"
                            title=ConsoleMsg::WidgetOohHide
                            hint=ConsoleMsg::WidgetOohHideHint
                        />
                    </fieldset>

                    <TypingField page />
                    <NoticeFieldset page texts />

                </SectionForm>
        </SectionBody>
    }
}

/// One row per operator of the queue: what visitors see of them on this
/// channel (R-A-1, [`OperatorDisplay::Custom`]).
#[component]
fn CardsEditor(page: Page) -> impl IntoView {
    let rows = move || {
        page.track_fills();
        let rows = page.value.with_untracked(|f| f.cards.clone());
        if rows.is_empty() {
            return view! {
                <p class="empty" data-testid="widget-cards-empty">
                    {t(ConsoleMsg::WidgetCardsEmpty)}
                </p>
            }
            .into_any();
        }
        rows.into_iter()
            .enumerate()
            .map(|(index, row)| view! { <CardRowView page index row /> })
            .collect_view()
            .into_any()
    };
    view! {
        <div class="admin-indent widget-cards" data-testid="widget-cards">
            <p class="hint">
                {t(ConsoleMsg::WidgetCardsHint)}
            </p>
            {rows}
        </div>
    }
}

/// The entry of one operator.
#[component]
fn CardRowView(page: Page, index: usize, row: CardRow) -> impl IntoView {
    let locale = Locale::current();
    let (label, in_queue) = (row.label.clone(), row.in_queue);
    let legend = move || {
        if in_queue {
            label.clone()
        } else {
            locale.lang().console(
                ConsoleMsg::WidgetCardLeft,
                &[("operator", Arg::Str(&label))],
            )
        }
    };
    let user = row.user.to_string();
    let data_user = user.clone();
    view! {
        <fieldset class="admin-nested widget-card" data-testid="widget-card" data-user=data_user>
            <legend>{legend}</legend>
            {(!row.in_queue)
                .then(|| {
                    view! {
                        <p class="hint">{t(ConsoleMsg::WidgetCardKept)}</p>
                    }
                })}
            <div class="admin-grid">
                <CardField page index user=user.clone() part=CardPart::Name />
                <CardField page index user=user.clone() part=CardPart::Position />
                <CardField page index user part=CardPart::Avatar />
            </div>
        </fieldset>
    }
}

/// One field of an operator's entry, with its hint and its problem.
#[component]
fn CardField(page: Page, index: usize, user: String, part: CardPart) -> impl IntoView {
    let id = part.field_id(&user);
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let problem_id = id.clone();
    view! {
        <div class="admin-field">
            <label for=id.clone()>{t(part.label())}</label>
            <input
                id=id.clone()
                type=part.input_type()
                autocomplete="off"
                spellcheck=part.spellcheck()
                data-testid=format!("widget-card-{}", part.as_str())
                aria-describedby=format!("{hint_id} {error_id}")
                aria-invalid=move || {
                    page.problems.with(|p| p.of(&problem_id).is_some()).then_some("true")
                }
                prop:value=move || {
                    page.track_fills();
                    page.value
                        .with_untracked(|f| f.cards.get(index).map(|r| part.get(r).to_owned()))
                        .unwrap_or_default()
                }
                on:input=move |ev| {
                    let value = event_target_value(&ev);
                    page.update(|f| {
                            if let Some(row) = f.cards.get_mut(index) {
                                *part.get_mut(row) = value;
                            }
                        });
                }
            />
            <p class="hint" id=hint_id>{t(part.hint())}</p>
            <FieldError
                problems=page.problems
                id
                testid=format!("widget-card-{}-error", part.as_str())
            />
        </div>
    }
}

/// Which notice visitors accept (R-C-1): none, an account's text, or the
/// channel's own.
#[component]
fn NoticeFieldset(page: Page, texts: RwSignal<Vec<ConsentText>>) -> impl IntoView {
    let locale = Locale::current();
    let not_text = Signal::derive(move || page.value.with(|f| f.notice != NoticeChoice::Text));
    let not_own = Signal::derive(move || page.value.with(|f| f.notice != NoticeChoice::Own));
    // Only a new pick redraws the options, not every key typed elsewhere.
    let picked = Memo::new(move |_| page.value.with(|f| f.text.clone()));
    let options = move || {
        let lang = locale.lang();
        let picked = picked.get();
        let list = texts.get();
        let missing = picked
            .as_ref()
            .filter(|id| !list.iter().any(|t| &t.id == *id))
            .map(|id| {
                view! {
                    <option value=id.to_string() selected>
                        {lang.console(ConsoleMsg::WidgetConsentGone, &[("id", Arg::Str(id.as_str()))])}
                    </option>
                }
            });
        let items = list
            .into_iter()
            .map(|t| {
                let selected = picked.as_ref() == Some(&t.id);
                view! {
                    <option value=t.id.to_string() prop:selected=selected>
                        {text_option_label(&t, lang)}
                    </option>
                }
            })
            .collect_view();
        view! {
            <option value="" prop:selected=picked.is_none()>
                {lang.console_text(ConsoleMsg::WidgetConsentChoose)}
            </option>
            {items}
            {missing}
        }
    };
    let count = move || {
        page.value
            .with(|f| char_count(&f.own_body, MAX_CONSENT_CHARS))
    };
    view! {
        <fieldset class="admin-fieldset">
            <legend>{t(ConsoleMsg::WidgetNoticeLegend)}</legend>
            <p class="hint">
                {t(ConsoleMsg::WidgetNoticeHint)}
            </p>
            <Choice
                form=page
                lens=Lens { get: |f| f.notice, set: |f, v| f.notice = v }
                value=NoticeChoice::Off
                name="consent"
                key="widget-consent-off"
                title=ConsoleMsg::WidgetConsentOff
                hint=ConsoleMsg::WidgetConsentOffHint
            />
            <Choice
                form=page
                lens=Lens { get: |f| f.notice, set: |f, v| f.notice = v }
                value=NoticeChoice::Text
                name="consent"
                key="widget-consent-text"
                title=ConsoleMsg::WidgetConsentText
                hint=ConsoleMsg::WidgetConsentTextHint
            />
            <div class="admin-indent">
                <div class="admin-field">
                    <label for=CONSENT_SELECT>{t(ConsoleMsg::WidgetConsentTextLabel)}</label>
                    <select
                        id=CONSENT_SELECT
                        data-testid=CONSENT_SELECT
                        aria-describedby=format!("{CONSENT_SELECT}-error")
                        aria-invalid=move || {
                            page.problems.with(|p| p.of(CONSENT_SELECT).is_some()).then_some("true")
                        }
                        disabled=move || not_text.get()
                        on:change=move |ev| {
                            let id = ConsentTextId::parse(&event_target_value(&ev)).ok();
                            page.update(|f| f.text = id);
                        }
                    >
                        {options}
                    </select>
                    {move || {
                        texts
                            .with(Vec::is_empty)
                            .then(|| {
                                view! {
                                    <p class="hint" data-testid="widget-consent-no-texts">
                                        {t(ConsoleMsg::WidgetConsentNoTexts)}
                                    </p>
                                }
                            })
                    }}
                    <FieldError
                        problems=page.problems
                        id=CONSENT_SELECT.to_owned()
                        testid=format!("{CONSENT_SELECT}-error")
                    />
                </div>
            </div>
            <Choice
                form=page
                lens=Lens { get: |f| f.notice, set: |f, v| f.notice = v }
                value=NoticeChoice::Own
                name="consent"
                key="widget-consent-own"
                title=ConsoleMsg::WidgetConsentOwn
                hint=ConsoleMsg::WidgetConsentOwnHint
            />
            <div class="admin-indent">
                <div class="admin-field">
                    <label for=CONSENT_BODY>{t(ConsoleMsg::WidgetConsentBody)}</label>
                    <textarea
                        id=CONSENT_BODY
                        rows="5"
                        class="automation-text"
                        data-testid=CONSENT_BODY
                        aria-describedby=format!("widget-consent-count widget-consent-version {CONSENT_BODY}-error")
                        aria-invalid=move || {
                            page.problems.with(|p| p.of(CONSENT_BODY).is_some()).then_some("true")
                        }
                        disabled=move || not_own.get()
                        prop:value=move || {
                            page.track_fills();
                            page.value.with_untracked(|f| f.own_body.clone())
                        }
                        on:input=move |ev| {
                            let value = event_target_value(&ev);
                            page.update(|f| f.own_body = value);
                        }
                    ></textarea>
                    <p
                        class="hint char-count"
                        id="widget-consent-count"
                        data-testid="widget-consent-count"
                        class:over=move || count().1
                    >
                        {move || count().0}
                    </p>
                    <p class="hint" id="widget-consent-version" data-testid="widget-consent-version">
                        {move || {
                            let lang = locale.lang();
                            page.value.with(|f| f.own_version_note(lang))
                        }}
                    </p>
                    <FieldError
                        problems=page.problems
                        id=CONSENT_BODY.to_owned()
                        testid=format!("{CONSENT_BODY}-error")
                    />
                </div>
            </div>
        </fieldset>
    }
}

/// The chat's title (R-CH-4): optional, the channel's name when blank.
#[component]
fn TitleField(page: Page) -> impl IntoView {
    let count = move || page.value.with(|f| char_count(&f.title, MAX_NAME_CHARS));
    view! {
        <fieldset class="admin-fieldset">
            <legend>{t(ConsoleMsg::WidgetHeaderLegend)}</legend>
            <div class="admin-field">
                <label for=TITLE>{t(ConsoleMsg::WidgetChatTitle)}</label>
                <input
                    id=TITLE
                    type="text"
                    autocomplete="off"
                    data-testid=TITLE
                    aria-describedby=format!("{TITLE}-hint {TITLE}-count {TITLE}-error")
                    aria-invalid=move || page.problems.with(|p| p.of(TITLE).is_some()).then_some("true")
                    prop:value=move || {
                        page.track_fills();
                        page.value.with_untracked(|f| f.title.clone())
                    }
                    on:input=move |ev| {
                        let value = event_target_value(&ev);
                        page.update(|f| f.title = value);
                    }
                />
                <p class="hint" id=format!("{TITLE}-hint")>
                    {t(ConsoleMsg::WidgetChatTitleHint)}
                </p>
                <p
                    class="hint char-count"
                    id=format!("{TITLE}-count")
                    data-testid=format!("{TITLE}-count")
                    class:over=move || count().1
                >
                    {move || count().0}
                </p>
                <FieldError problems=page.problems id=TITLE.to_owned() testid=format!("{TITLE}-error") />
            </div>
        </fieldset>
    }
}

/// The channel's real-time typing (R-RT-1, #20): whether operators see
/// what visitors type before they send it.
#[component]
fn TypingField(page: Page) -> impl IntoView {
    view! {
        <fieldset class="admin-fieldset">
            <legend>{t(ConsoleMsg::WidgetTypingLegend)}</legend>
            <Toggle
                form=page
                lens=LIVE_TYPING_LENS
                key=LIVE_TYPING
                title=ConsoleMsg::WidgetTypingLabel
                hint=ConsoleMsg::WidgetTypingHint
            />
        </fieldset>
    }
}

const LIVE_TYPING_LENS: Lens<bool> = Lens {
    get: |f| f.live_typing,
    set: |f, v| f.live_typing = v,
};

/// Which notice the admin picked (R-C-1).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum NoticeChoice {
    Off,
    Text,
    Own,
}

/// One field of an operator's entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum CardPart {
    Name,
    Position,
    Avatar,
}

impl CardPart {
    fn as_str(self) -> &'static str {
        match self {
            CardPart::Name => "name",
            CardPart::Position => "position",
            CardPart::Avatar => "avatar",
        }
    }

    /// The id of this field in `user`'s entry.
    fn field_id(self, user: &str) -> String {
        format!("widget-card-{}-{user}", self.as_str())
    }

    fn label(self) -> ConsoleMsg {
        match self {
            CardPart::Name => ConsoleMsg::WidgetCardName,
            CardPart::Position => ConsoleMsg::WidgetCardPosition,
            CardPart::Avatar => ConsoleMsg::WidgetCardAvatar,
        }
    }

    fn hint(self) -> ConsoleMsg {
        match self {
            CardPart::Name => ConsoleMsg::WidgetCardNameHint,
            CardPart::Position => ConsoleMsg::WidgetCardPositionHint,
            CardPart::Avatar => ConsoleMsg::WidgetCardAvatarHint,
        }
    }

    fn input_type(self) -> &'static str {
        match self {
            CardPart::Avatar => "url",
            _ => "text",
        }
    }

    fn spellcheck(self) -> &'static str {
        match self {
            CardPart::Avatar => "false",
            _ => "true",
        }
    }

    fn get(self, row: &CardRow) -> &str {
        match self {
            CardPart::Name => &row.name,
            CardPart::Position => &row.position,
            CardPart::Avatar => &row.avatar,
        }
    }

    fn get_mut(self, row: &mut CardRow) -> &mut String {
        match self {
            CardPart::Name => &mut row.name,
            CardPart::Position => &mut row.position,
            CardPart::Avatar => &mut row.avatar,
        }
    }
}

/// One operator's entry as typed.
#[derive(Clone, Debug, PartialEq)]
struct CardRow {
    user: UserId,
    /// Who they are: their name in the queue, or their entry's name.
    label: String,
    /// Whether they are in the channel's queue (an entry of someone who left
    /// it is kept, and shown).
    in_queue: bool,
    name: String,
    position: String,
    avatar: String,
}

impl CardRow {
    fn new(user: UserId, label: String, in_queue: bool, card: Option<&OperatorCard>) -> Self {
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
    fn is_blank(&self) -> bool {
        [&self.name, &self.position, &self.avatar]
            .iter()
            .all(|f| f.trim().is_empty())
    }
}

/// The form as the admin filled it in. The text picked and the own text are
/// kept while another choice is on, so switching back finds them again.
#[derive(Clone, Debug, PartialEq)]
struct WidgetForm {
    display: OperatorDisplay,
    cards: Vec<CardRow>,
    out_of_hours: OfflineDisplay,
    notice: NoticeChoice,
    /// The account's text picked.
    text: Option<ConsentTextId>,
    /// The channel's own text as typed.
    own_body: String,
    /// The version of the own text saved, 0 if there is none.
    own_version: u32,
    /// The own text as saved, to tell whether saving makes a new version.
    own_saved: String,
    /// The chat's title as typed; blank shows the channel's name (R-CH-4).
    title: String,
    /// Operators see the visitor's draft (R-RT-1, #20).
    live_typing: bool,
}

// Fields whose problems are reported by id (also their `data-testid`).
const DISPLAY_CUSTOM: &str = "widget-display-custom";
const CONSENT_SELECT: &str = "widget-consent-select";
const CONSENT_BODY: &str = "widget-consent-body";
const TITLE: &str = "widget-chat-title";
const LIVE_TYPING: &str = "widget-live-typing";
/// Where a problem no single field explains is reported.
const SAVE: &str = "widget-save";

impl WidgetForm {
    /// The form for `settings`, with a row per member of the queue (in its
    /// order) and one per entry of someone no longer in it.
    fn from_settings(settings: &WidgetSettings, members: &[QueueMember]) -> Self {
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
    fn to_settings(&self, lang: Lang) -> Result<WidgetSettings, Problems> {
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
    fn own_version_note(&self, lang: Lang) -> String {
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
fn saved_message(settings: &WidgetSettings, lang: Lang) -> String {
    match &settings.consent {
        ConsentChoice::Own { version, .. } => lang.console(
            ConsoleMsg::WidgetSavedVersion,
            &[("version", Arg::Num((*version).into()))],
        ),
        _ => lang.console(ConsoleMsg::WidgetSaved, &[]),
    }
}

/// A text in the picker: its name and version.
fn text_option_label(text: &ConsentText, lang: Lang) -> String {
    lang.console(
        ConsoleMsg::WidgetConsentOption,
        &[
            ("name", Arg::Str(&text.name)),
            ("version", Arg::Num(text.version.into())),
        ],
    )
}

/// `text` with a small first letter, to follow a colon.
fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_lowercase().chain(chars).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use canal_shared::protocol::OperatorInfo;
    use canal_shared::routing::Presence;
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
