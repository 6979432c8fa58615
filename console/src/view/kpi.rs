//! The response-times page (admins): a channel's first- and
//! subsequent-response limits (R-KPI-1, R-KPI-2), whether only working hours
//! count, and who is told when a client waits past a limit, with what text
//! (R-KPI-3).
//!
//! The form is plain data ([`KpiForm`], in `model`) on the form kit.
//!
//! Every text shown here is in the console's catalog (#22).

mod model;

use canal_shared::i18n::ConsoleMsg;
use canal_shared::kpi::{KpiConfig, KpiSettings, DEFAULT_NOTICE, MAX_LIMIT_MS};
use canal_shared::people::Person;
use leptos::prelude::*;

use crate::auth::Session;
use crate::i18n::{t, Locale};
use crate::view::kit::{
    self, Field, FieldKind, Fieldset, Form, OpenChannel, Placeholder, Section, SectionPage, Select,
    Toggle,
};
use crate::{admin, kpi_api, lens};

use model::{KpiForm, Which, SUPERVISOR};

/// One field of the KPI form.
type Lens<T> = kit::Lens<KpiForm, T>;

/// The limits of one channel.
#[component]
pub fn KpiPage() -> impl IntoView {
    let locale = Locale::current();
    let session = Session::current();
    let channel = OpenChannel::current();
    let section = Section::new(
        "kpi",
        KpiForm::from_settings(&KpiSettings::default()),
        move |token| async move {
            let config = kpi_api::kpi(&token, &channel.id()).await?;
            Ok(KpiForm::from_settings(&config.settings))
        },
        move |f: &KpiForm, lang| {
            f.to_settings(lang).map(|settings| KpiConfig {
                channel: channel.id(),
                settings,
            })
        },
        |token, config| async move {
            let saved = kpi_api::save_kpi(&token, &config).await?;
            Ok(KpiForm::from_settings(&saved.settings))
        },
    );
    let form = section.form;
    // Who can be told; none until they are in.
    let people = LocalResource::new(move || async move {
        admin::people(&session.token())
            .await
            .map(|p| {
                p.people
                    .into_iter()
                    .filter(|p| p.active)
                    .collect::<Vec<Person>>()
            })
            .unwrap_or_default()
    });

    let who = Signal::derive(move || {
        let lang = locale.lang();
        let mut options = vec![(
            SUPERVISOR.to_owned(),
            lang.console_text(ConsoleMsg::KpiWhoSupervisor).into_owned(),
        )];
        people.with(|p| {
            let active = p.iter().flatten();
            options.extend(active.map(|p| (p.id.to_string(), p.name.clone())));
        });
        options
    });
    let intro = Signal::derive(move || {
        locale
            .lang()
            .console_text(ConsoleMsg::KpiIntro)
            .into_owned()
    });

    view! {
        <SectionPage section title=ConsoleMsg::KpiTitle intro loading=ConsoleMsg::KpiLoading>
                <LimitFields
                    form
                    lenses={limit_lenses::<0>()}
                    who
                    legend=ConsoleMsg::KpiFirstLegend
                    hint=ConsoleMsg::KpiFirstHint
                />
                <LimitFields
                    form
                    lenses={limit_lenses::<1>()}
                    who
                    legend=ConsoleMsg::KpiNextLegend
                    hint=ConsoleMsg::KpiNextHint
                />
                <Fieldset legend=ConsoleMsg::KpiWhatCounts>
                    <Toggle form lens=lens!(hours_only) key="kpi-hours-only" title=ConsoleMsg::KpiHoursOnly hint=ConsoleMsg::KpiHoursOnlyHint />
                </Fieldset>
        </SectionPage>
    }
}

/// The fields of the limit `I` of [`KpiForm::limits`] ([`Which::ALL`]), and
/// their ids.
#[derive(Clone, Copy)]
struct LimitLenses {
    which: Which,
    on: Lens<bool>,
    minutes: Lens<String>,
    notify: Lens<bool>,
    who: Lens<String>,
    text: Lens<String>,
}

/// The lenses of the limit `I`.
fn limit_lenses<const I: usize>() -> LimitLenses {
    LimitLenses {
        which: Which::ALL[I],
        on: lens!(limits[I].on),
        minutes: lens!(limits[I].minutes),
        notify: lens!(limits[I].notify),
        who: lens!(limits[I].who),
        text: lens!(limits[I].text),
    }
}

/// The fields of one limit.
#[component]
fn LimitFields(
    form: Form<KpiForm>,
    lenses: LimitLenses,
    /// Who can be told: the supervisor, then the active people.
    who: Signal<Vec<(String, String)>>,
    legend: ConsoleMsg,
    hint: ConsoleMsg,
) -> impl IntoView {
    let l = lenses;
    let off = Signal::derive(move || !form.value.with(l.on.get));
    let no_notice =
        Signal::derive(move || form.value.with(|f| !((l.on.get)(f) && (l.notify.get)(f))));
    let ids = l.which.ids();
    view! {
        <fieldset class="admin-fieldset">
            <legend>{t(legend)}</legend>
            <p class="hint">{t(hint)}</p>
            <Toggle form lens=l.on key=ids.on title=ConsoleMsg::KpiSetLimit />
            <div class="admin-indent">
                <Field
                    form
                    lens=l.minutes
                    kind=FieldKind::Minutes { min: 1, max: MAX_LIMIT_MS / 60_000 }
                    key=ids.minutes
                    label=ConsoleMsg::KpiMinutes
                    hint=ConsoleMsg::KpiMinutesRange
                    disabled=off
                />
                <Toggle form lens=l.notify key=ids.notify title=ConsoleMsg::KpiNotify disabled=off />
                <Select
                    form
                    lens=l.who
                    options=who
                    key=ids.who
                    label=ConsoleMsg::KpiWho
                    disabled=no_notice
                />
                <Field
                    form
                    lens=l.text
                    kind=FieldKind::Text(Placeholder::Fixed(DEFAULT_NOTICE))
                    key=ids.text
                    label=ConsoleMsg::KpiNoticeText
                    hint=ConsoleMsg::KpiNoticeHint
                    disabled=no_notice
                />
            </div>
        </fieldset>
    }
}
