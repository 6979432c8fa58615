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

mod model;

use canal_shared::consent::{ConsentText, MAX_CONSENT_CHARS};
use canal_shared::i18n::{Arg, ConsoleMsg};
use canal_shared::ids::ConsentTextId;
use canal_shared::people::QueueMember;
use canal_shared::text::MAX_NAME_CHARS;
use canal_shared::widget_settings::{
    OfflineDisplay, OperatorDisplay, WidgetSettings, WidgetSettingsInput,
};
use leptos::prelude::*;

use crate::api;
use crate::i18n::{t, Locale};
use crate::view::form::{char_count, FieldError};
use crate::view::kit::{
    self, ChoiceOf, Choices, Fieldset, Form, OpenChannel, Section, SectionPage, Toggle,
};
use crate::{lens, widget_api};

use model::{
    saved_message, text_option_label, CardPart, CardRow, NoticeChoice, WidgetForm, CONSENT_BODY,
    CONSENT_SELECT, DISPLAY_CUSTOM, LIVE_TYPING, TITLE,
};

/// Who visitors see answering them (R-A-1).
#[rustfmt::skip]
static DISPLAY: [ChoiceOf<OperatorDisplay>; 3] = [
    (OperatorDisplay::Profile, "widget-display-profile", ConsoleMsg::WidgetDisplayProfile, ConsoleMsg::WidgetDisplayProfileHint),
    (OperatorDisplay::Custom, DISPLAY_CUSTOM, ConsoleMsg::WidgetDisplayCustom, ConsoleMsg::WidgetDisplayCustomHint),
    (OperatorDisplay::Hidden, "widget-display-hidden", ConsoleMsg::WidgetDisplayHidden, ConsoleMsg::WidgetDisplayHiddenHint),
];

/// What the widget shows outside working hours.
#[rustfmt::skip]
static OUT_OF_HOURS: [ChoiceOf<OfflineDisplay>; 3] = [
    (OfflineDisplay::Chat, "widget-ooh-chat", ConsoleMsg::WidgetOohChat, ConsoleMsg::WidgetOohChatHint),
    (OfflineDisplay::Form, "widget-ooh-form", ConsoleMsg::WidgetOohForm, ConsoleMsg::WidgetOohFormHint),
    (OfflineDisplay::Hide, "widget-ooh-hide", ConsoleMsg::WidgetOohHide, ConsoleMsg::WidgetOohHideHint),
];

/// Which personal-data notice visitors accept first.
#[rustfmt::skip]
static NOTICE: [ChoiceOf<NoticeChoice>; 3] = [
    (NoticeChoice::Off, "widget-consent-off", ConsoleMsg::WidgetConsentOff, ConsoleMsg::WidgetConsentOffHint),
    (NoticeChoice::Text, "widget-consent-text", ConsoleMsg::WidgetConsentText, ConsoleMsg::WidgetConsentTextHint),
    (NoticeChoice::Own, "widget-consent-own", ConsoleMsg::WidgetConsentOwn, ConsoleMsg::WidgetConsentOwnHint),
];

/// The widget form's state.
type Page = Form<WidgetForm>;

/// One field of the widget form.
type Lens<T> = kit::Lens<WidgetForm, T>;

/// The widget settings of one channel.
#[component]
pub fn WidgetPage() -> impl IntoView {
    let locale = Locale::current();
    let channel = OpenChannel::current();
    // What the last save did, said beside Save.
    let note = RwSignal::new(None::<String>);
    // The channel's queue (one entry row each) and the account's texts.
    let members = StoredValue::new(Vec::<QueueMember>::new());
    let texts = RwSignal::new(Vec::<ConsentText>::new());
    let section = Section::new(
        "widget",
        WidgetForm::from_settings(&WidgetSettings::default(), &[]),
        move |token| async move {
            let id = channel.id();
            let settings = widget_api::widget_settings(&token, &id).await?;
            let queue = api::queue_members(&token, &id).await?;
            let account_texts = widget_api::consent_texts(&token).await?;
            let form = WidgetForm::from_settings(&settings, &queue.members);
            members.set_value(queue.members);
            texts.set(account_texts.texts);
            Ok(form)
        },
        move |f: &WidgetForm, lang| {
            f.to_settings(lang).map(|settings| WidgetSettingsInput {
                channel: channel.id(),
                settings,
            })
        },
        move |token, input| async move {
            let saved = widget_api::save_widget_settings(&token, &input).await?;
            let lang = untrack(move || locale.lang());
            note.set(Some(saved_message(&saved, lang)));
            Ok(members.with_value(|m| WidgetForm::from_settings(&saved, m)))
        },
    );
    let page: Page = section.form;

    let intro = channel.says(ConsoleMsg::WidgetSubtitleOne);
    let custom = move || page.value.with(|f| f.display == OperatorDisplay::Custom);

    view! {
        <SectionPage
            section
            title=ConsoleMsg::WidgetTitle
            intro
            loading=ConsoleMsg::WidgetLoading
            saved_note=note
        >
                    <TitleField page />
                    <Fieldset legend=ConsoleMsg::WidgetWhoLegend hint=ConsoleMsg::WidgetWhoHint>
                        <Choices form=page lens=lens!(display) name="operator_display" options=&DISPLAY />
                        <Show when=custom>
                            <CardsEditor page />
                        </Show>
                    </Fieldset>

                    <Fieldset
                        legend=ConsoleMsg::WidgetOohLegend
                        hint=ConsoleMsg::WidgetOohHint
                        hint_testid="widget-ooh-hours-note"
                    >
                        <Choices form=page lens=lens!(out_of_hours) name="out_of_hours" options=&OUT_OF_HOURS />
                    </Fieldset>

                    <TypingField page />
                    <NoticeFieldset page texts />

        </SectionPage>
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
        <Fieldset legend=ConsoleMsg::WidgetNoticeLegend hint=ConsoleMsg::WidgetNoticeHint>
            <Choices form=page lens=lens!(notice) name="consent" options=&NOTICE[..2] />
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
            <Choices form=page lens=lens!(notice) name="consent" options=&NOTICE[2..] />
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
        </Fieldset>
    }
}

/// The chat's title (R-CH-4): optional, the channel's name when blank.
#[component]
fn TitleField(page: Page) -> impl IntoView {
    let count = move || page.value.with(|f| char_count(&f.title, MAX_NAME_CHARS));
    view! {
        <Fieldset legend=ConsoleMsg::WidgetHeaderLegend>
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
        </Fieldset>
    }
}

/// The channel's real-time typing (R-RT-1, #20): whether operators see
/// what visitors type before they send it.
#[component]
fn TypingField(page: Page) -> impl IntoView {
    view! {
        <Fieldset legend=ConsoleMsg::WidgetTypingLegend>
            <Toggle
                form=page
                lens=LIVE_TYPING_LENS
                key=LIVE_TYPING
                title=ConsoleMsg::WidgetTypingLabel
                hint=ConsoleMsg::WidgetTypingHint
            />
        </Fieldset>
    }
}

const LIVE_TYPING_LENS: Lens<bool> = lens!(live_typing);
