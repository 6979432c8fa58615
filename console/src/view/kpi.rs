//! The response-times page (admins): a channel's first- and
//! subsequent-response limits (R-KPI-1, R-KPI-2), whether only working hours
//! count, and who is told when a client waits past a limit, with what text
//! (R-KPI-3).
//!
//! Every text shown here is in the console's catalog (#22).

use canal_shared::i18n::{Arg, ConsoleMsg};
use canal_shared::ids::{ChannelId, UserId};
use canal_shared::kpi::{
    KpiConfig, KpiSettings, LateNotice, Limit, NotifyWho, DEFAULT_NOTICE, MAX_LIMIT_MS,
};
use canal_shared::people::Person;
use canal_shared::protocol::ChannelInfo;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::i18n::{t, text, Locale};
use crate::view::form::{minutes_to_ms, ms_to_minutes, ChannelPicker, SaveBar};
use crate::{admin, kpi_api};

/// One limit as edited.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LimitForm {
    /// A limit is set.
    pub on: bool,
    /// Its minutes, as typed.
    pub minutes: String,
    /// "Notify if late".
    pub notify: bool,
    /// `supervisor`, or a person's id.
    pub who: String,
    /// The notice's text (empty: the default).
    pub text: String,
}

/// Which limit a form edits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Which {
    /// The first response.
    First,
    /// The subsequent responses.
    Next,
}

/// "Who to notify" meaning the responsible operator's supervisor.
const SUPERVISOR: &str = "supervisor";

impl LimitForm {
    /// The form of `limit`.
    pub fn from_limit(limit: Option<&Limit>) -> Self {
        let Some(l) = limit else {
            return LimitForm {
                minutes: "5".into(),
                who: SUPERVISOR.into(),
                ..LimitForm::default()
            };
        };
        let (notify, who, text) = match &l.notify {
            None => (false, SUPERVISOR.to_owned(), String::new()),
            Some(n) => (
                true,
                match &n.to {
                    NotifyWho::Supervisor => SUPERVISOR.to_owned(),
                    NotifyWho::Person { user } => user.to_string(),
                },
                n.text.clone().unwrap_or_default(),
            ),
        };
        LimitForm {
            on: true,
            minutes: ms_to_minutes(l.after_ms),
            notify,
            who,
            text,
        }
    }

    /// The limit, or why the form cannot give one.
    pub fn to_limit(&self, which: Which) -> Result<Option<Limit>, ConsoleMsg> {
        if !self.on {
            return Ok(None);
        }
        let after_ms = minutes_to_ms(&self.minutes)
            .filter(|ms| *ms > 0)
            .ok_or(match which {
                Which::First => ConsoleMsg::KpiFirstMinutesInvalid,
                Which::Next => ConsoleMsg::KpiNextMinutesInvalid,
            })?;
        let notify = if self.notify {
            let to = if self.who == SUPERVISOR {
                NotifyWho::Supervisor
            } else {
                NotifyWho::Person {
                    user: UserId::parse(&self.who).map_err(|_| match which {
                        Which::First => ConsoleMsg::KpiFirstWhoInvalid,
                        Which::Next => ConsoleMsg::KpiNextWhoInvalid,
                    })?,
                }
            };
            let text = self.text.trim();
            Some(LateNotice {
                to,
                text: (!text.is_empty()).then(|| text.to_owned()),
            })
        } else {
            None
        };
        Ok(Some(Limit { after_ms, notify }))
    }
}

/// The limits of one channel at a time.
#[component]
pub fn KpiPage(
    /// The signed-in admin's session token.
    token: String,
    /// The channels (a picker shows when there are several).
    channels: Vec<ChannelInfo>,
) -> impl IntoView {
    let token = StoredValue::new(token);
    let channel = RwSignal::new(channels.first().map(|c| c.id.clone()));
    let first = RwSignal::new(LimitForm::default());
    let next = RwSignal::new(LimitForm::default());
    let hours_only = RwSignal::new(false);
    let people = RwSignal::new(Vec::<Person>::new());
    let loaded = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let saved = RwSignal::new(false);

    let fill = move |s: &KpiSettings| {
        first.set(LimitForm::from_limit(s.first.as_ref()));
        next.set(LimitForm::from_limit(s.next.as_ref()));
        hours_only.set(s.working_hours_only);
    };
    let load = move |id: ChannelId| {
        loaded.set(false);
        error.set(None);
        saved.set(false);
        spawn_local(async move {
            let result = kpi_api::kpi(&token.get_value(), &id).await;
            if channel.get_untracked().as_ref() != Some(&id) {
                return;
            }
            match result {
                Ok(config) => {
                    fill(&config.settings);
                    loaded.set(true);
                }
                Err(f) => error.set(Some(f.message)),
            }
        });
    };
    if let Some(id) = channel.get_untracked() {
        load(id);
    }
    spawn_local(async move {
        if let Ok(p) = admin::people(&token.get_value()).await {
            people.set(p.people.into_iter().filter(|p| p.active).collect());
        }
    });

    let save = move |ev: SubmitEvent| {
        ev.prevent_default();
        let Some(id) = channel.get_untracked() else {
            return;
        };
        saved.set(false);
        let settings = first
            .with_untracked(|f| f.to_limit(Which::First))
            .and_then(|f| {
                next.with_untracked(|n| n.to_limit(Which::Next))
                    .map(|n| KpiSettings {
                        first: f,
                        next: n,
                        working_hours_only: hours_only.get_untracked(),
                    })
            });
        let settings = match settings {
            Ok(s) => s,
            Err(message) => {
                error.set(Some(text(message, &[])));
                return;
            }
        };
        error.set(None);
        let config = KpiConfig {
            channel: id.clone(),
            settings,
        };
        spawn_local(async move {
            let result = kpi_api::save_kpi(&token.get_value(), &config).await;
            if channel.get_untracked().as_ref() != Some(&id) {
                return;
            }
            match result {
                Ok(saved_config) => {
                    fill(&saved_config.settings);
                    saved.set(true);
                }
                Err(f) => error.set(Some(f.message)),
            }
        });
    };

    let picker = view! {
        <ChannelPicker
            prefix="kpi"
            channels=channels.clone()
            on_pick=Callback::new(move |id: ChannelId| {
                channel.set(Some(id.clone()));
                load(id);
            })
        />
    };
    let max_days = MAX_LIMIT_MS / 86_400_000;
    view! {
        <section class="admin-page" aria-labelledby="kpi-title" data-testid="kpi-page">
            <h1 id="kpi-title">{t(ConsoleMsg::KpiTitle)}</h1>
            <p class="admin-intro">{t(ConsoleMsg::KpiIntro)}</p>
            {picker}
            <Show
                when=move || loaded.get()
                fallback=move || view! {
                    {move || error.get().map(|e| view! { <p class="error" role="alert" data-testid="kpi-error">{e}</p> })}
                    {move || error.with(Option::is_none).then(|| view! { <p role="status" class="empty">{t(ConsoleMsg::KpiLoading)}</p> })}
                }
            >
                <form class="admin-form" on:submit=save novalidate>
                    <LimitFields
                        form=first
                        people
                        key="kpi-first"
                        legend=ConsoleMsg::KpiFirstLegend
                        hint=ConsoleMsg::KpiFirstHint
                        max_days
                        saved
                    />
                    <LimitFields
                        form=next
                        people
                        key="kpi-next"
                        legend=ConsoleMsg::KpiNextLegend
                        hint=ConsoleMsg::KpiNextHint
                        max_days
                        saved
                    />
                    <fieldset class="admin-fieldset">
                        <legend>{t(ConsoleMsg::KpiWhatCounts)}</legend>
                        <label class="admin-choice">
                            <input
                                type="checkbox"
                                data-testid="kpi-hours-only"
                                prop:checked=move || hours_only.get()
                                on:change=move |ev| {
                                    hours_only.set(event_target_checked(&ev));
                                    saved.set(false);
                                }
                            />
                            " "
                            {t(ConsoleMsg::KpiHoursOnly)}
                        </label>
                        <p class="hint">{t(ConsoleMsg::KpiHoursOnlyHint)}</p>
                    </fieldset>
                    {move || error.get().map(|e| view! { <p class="error" role="alert" data-testid="kpi-error">{e}</p> })}
                    <SaveBar prefix="kpi" saved />
                </form>
            </Show>
        </section>
    }
}

/// The fields of one limit.
#[component]
fn LimitFields(
    form: RwSignal<LimitForm>,
    people: RwSignal<Vec<Person>>,
    key: &'static str,
    legend: ConsoleMsg,
    hint: ConsoleMsg,
    max_days: i64,
    saved: RwSignal<bool>,
) -> impl IntoView {
    let locale = Locale::current();
    let edit = move |f: fn(&mut LimitForm, String), v: String| {
        form.update(|l| f(l, v));
        saved.set(false);
    };
    let off = move || !form.with(|f| f.on);
    let no_notice = move || !form.with(|f| f.on && f.notify);
    view! {
        <fieldset class="admin-fieldset">
            <legend>{t(legend)}</legend>
            <p class="hint">{t(hint)}</p>
            <label class="admin-choice">
                <input
                    type="checkbox"
                    data-testid=format!("{key}-on")
                    prop:checked=move || form.with(|f| f.on)
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        form.update(|f| f.on = on);
                        saved.set(false);
                    }
                />
                " "
                {t(ConsoleMsg::KpiSetLimit)}
            </label>
            <div class="admin-indent">
                <div class="admin-field">
                    <label for=format!("{key}-minutes")>{t(ConsoleMsg::KpiMinutes)}</label>
                    <input
                        id=format!("{key}-minutes")
                        data-testid=format!("{key}-minutes")
                        inputmode="decimal"
                        prop:value=move || form.with(|f| f.minutes.clone())
                        disabled=off
                        on:input=move |ev| edit(|f, v| f.minutes = v, event_target_value(&ev))
                    />
                    <p class="hint">
                        {move || {
                            locale.lang().console(ConsoleMsg::KpiMinutesRange, &[("days", Arg::Num(max_days))])
                        }}
                    </p>
                </div>
                <label class="admin-choice">
                    <input
                        type="checkbox"
                        data-testid=format!("{key}-notify")
                        prop:checked=move || form.with(|f| f.notify)
                        disabled=off
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            form.update(|f| f.notify = on);
                            saved.set(false);
                        }
                    />
                    " "
                    {t(ConsoleMsg::KpiNotify)}
                </label>
                <div class="admin-field">
                    <label for=format!("{key}-who")>{t(ConsoleMsg::KpiWho)}</label>
                    <select
                        id=format!("{key}-who")
                        data-testid=format!("{key}-who")
                        disabled=no_notice
                        on:change=move |ev| edit(|f, v| f.who = v, event_target_value(&ev))
                    >
                        <option value=SUPERVISOR selected=move || form.with(|f| f.who == SUPERVISOR)>
                            {t(ConsoleMsg::KpiWhoSupervisor)}
                        </option>
                        {move || {
                            people
                                .get()
                                .into_iter()
                                .map(|p| {
                                    let id = p.id.to_string();
                                    let chosen = id.clone();
                                    view! {
                                        <option value=id selected=move || form.with(|f| f.who == chosen)>
                                            {p.name}
                                        </option>
                                    }
                                })
                                .collect_view()
                        }}
                    </select>
                </div>
                <div class="admin-field">
                    <label for=format!("{key}-text")>{t(ConsoleMsg::KpiNoticeText)}</label>
                    <textarea
                        id=format!("{key}-text")
                        data-testid=format!("{key}-text")
                        rows="2"
                        placeholder=DEFAULT_NOTICE
                        disabled=no_notice
                        prop:value=move || form.with(|f| f.text.clone())
                        on:input=move |ev| edit(|f, v| f.text = v, event_target_value(&ev))
                    ></textarea>
                    <p class="hint">{t(ConsoleMsg::KpiNoticeHint)}</p>
                </div>
            </div>
        </fieldset>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn r_kpi_3_a_limit_goes_back_and_forth_through_the_form() {
        let limit = Limit {
            after_ms: 90_000,
            notify: Some(LateNotice {
                to: NotifyWho::Person {
                    user: UserId::parse("u_ana").unwrap(),
                },
                text: Some("#OPERATOR# is late".into()),
            }),
        };
        let form = LimitForm::from_limit(Some(&limit));
        assert_eq!(form.minutes, "1.5");
        assert_eq!(form.who, "u_ana");
        assert_eq!(form.to_limit(Which::First).unwrap(), Some(limit));
        let off = LimitForm::from_limit(None);
        assert!(!off.on);
        assert_eq!(off.to_limit(Which::First).unwrap(), None);
        let bad = LimitForm {
            on: true,
            minutes: "soon".into(),
            ..off
        };
        assert_eq!(
            bad.to_limit(Which::First).unwrap_err(),
            ConsoleMsg::KpiFirstMinutesInvalid
        );
        assert_eq!(
            bad.to_limit(Which::Next).unwrap_err(),
            ConsoleMsg::KpiNextMinutesInvalid
        );
        assert_eq!(
            canal_shared::i18n::Lang::En.console(ConsoleMsg::KpiFirstMinutesInvalid, &[]),
            "Enter the first-response limit in minutes, such as 5 or 1.5."
        );
    }
}
