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
use canal_shared::protocol::ChannelInfo;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::i18n::{t, Locale};
use crate::view::kit::{
    self, Field, FieldKind, Form, Placeholder, SectionBody, SectionForm, Select, Toggle,
};
use crate::{admin, kpi_api};

use model::{KpiForm, Which, SUPERVISOR};

/// One field of the KPI form.
type Lens<T> = kit::Lens<KpiForm, T>;

/// The limits of one channel.
#[component]
pub fn KpiPage(
    /// The signed-in admin's session token.
    token: String,
    /// The channel whose limits are set.
    channel: ChannelInfo,
) -> impl IntoView {
    let locale = Locale::current();
    let token = StoredValue::new(token);
    let id = StoredValue::new(channel.id);
    let form = Form::new(KpiForm::from_settings(&KpiSettings::default()));
    let people = RwSignal::new(Vec::<Person>::new());
    let loaded = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);

    spawn_local(async move {
        match kpi_api::kpi(&token.get_value(), &id.get_value()).await {
            Ok(config) => {
                form.fill(KpiForm::from_settings(&config.settings));
                loaded.set(true);
            }
            Err(f) => error.set(Some(f.message)),
        }
    });
    spawn_local(async move {
        if let Ok(p) = admin::people(&token.get_value()).await {
            people.set(p.people.into_iter().filter(|p| p.active).collect());
        }
    });

    let save = Callback::new(move |()| {
        form.saved.set(false);
        error.set(None);
        let lang = untrack(|| locale.lang());
        let checked = form.value.with_untracked(|f| f.to_settings(lang));
        let Some(settings) = form.checked(checked, error) else {
            return;
        };
        let config = KpiConfig {
            channel: id.get_value(),
            settings,
        };
        busy.set(true);
        spawn_local(async move {
            let result = kpi_api::save_kpi(&token.get_value(), &config).await;
            busy.set(false);
            match result {
                Ok(saved) => {
                    form.fill(KpiForm::from_settings(&saved.settings));
                    form.saved.set(true);
                }
                Err(f) => error.set(Some(f.message)),
            }
        });
    });

    let who = Signal::derive(move || {
        let lang = locale.lang();
        let mut options = vec![(
            SUPERVISOR.to_owned(),
            lang.console_text(ConsoleMsg::KpiWhoSupervisor).into_owned(),
        )];
        people.with(|p| {
            options.extend(p.iter().map(|p| (p.id.to_string(), p.name.clone())));
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
        <SectionBody
            prefix="kpi"
            title=ConsoleMsg::KpiTitle
            intro
            loaded
            error
            loading=ConsoleMsg::KpiLoading
        >
            <SectionForm form prefix="kpi" on_save=save busy=busy error=error>
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
                <fieldset class="admin-fieldset">
                    <legend>{t(ConsoleMsg::KpiWhatCounts)}</legend>
                    <Toggle
                        form
                        lens=Lens { get: |f| f.hours_only, set: |f, v| f.hours_only = v }
                        key="kpi-hours-only"
                        title=ConsoleMsg::KpiHoursOnly
                        hint=ConsoleMsg::KpiHoursOnlyHint
                    />
                </fieldset>
            </SectionForm>
        </SectionBody>
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
        on: Lens {
            get: |f| f.limits[I].on,
            set: |f, v| f.limits[I].on = v,
        },
        minutes: Lens {
            get: |f| f.limits[I].minutes.clone(),
            set: |f, v| f.limits[I].minutes = v,
        },
        notify: Lens {
            get: |f| f.limits[I].notify,
            set: |f, v| f.limits[I].notify = v,
        },
        who: Lens {
            get: |f| f.limits[I].who.clone(),
            set: |f, v| f.limits[I].who = v,
        },
        text: Lens {
            get: |f| f.limits[I].text.clone(),
            set: |f, v| f.limits[I].text = v,
        },
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
