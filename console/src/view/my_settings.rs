//! "My settings" (#20): each person's own alerts (by kind), sound, desktop
//! notifications, the presence their console starts in, and the console's
//! language (#22). The browser's
//! permission for notifications is asked when they turn them on here,
//! never on page load.
//!
//! Every text shown here is in the console's catalog (#22).

use canal_shared::i18n::{Arg, ConsoleMsg, Lang};
use canal_shared::preferences::{AlertKind, Preferences};
use canal_shared::routing::Presence;
use leptos::prelude::*;

use crate::alerts::{self, Alerter};
use crate::api;
use crate::auth::Session;
use crate::i18n::{browser_lang, t, Locale};

fn kind_label(kind: AlertKind) -> ConsoleMsg {
    match kind {
        AlertKind::Offered => ConsoleMsg::MySettingsAlertOffered,
        AlertKind::Message => ConsoleMsg::MySettingsAlertMessage,
        AlertKind::Transferred => ConsoleMsg::MySettingsAlertTransferred,
        AlertKind::Late => ConsoleMsg::MySettingsAlertLate,
    }
}

fn kind_id(kind: AlertKind) -> &'static str {
    match kind {
        AlertKind::Offered => "alert-offered",
        AlertKind::Message => "alert-message",
        AlertKind::Transferred => "alert-transferred",
        AlertKind::Late => "alert-late",
    }
}

/// A checkbox with its label; `id` is also its test id.
fn check(
    id: &'static str,
    label: ConsoleMsg,
    checked: Signal<bool>,
    on_change: impl Fn(bool) + 'static,
) -> impl IntoView {
    view! {
        <label class="admin-check" for=id>
            <input
                type="checkbox"
                id=id
                data-testid=id
                prop:checked=move || checked.get()
                on:change=move |ev| on_change(event_target_checked(&ev))
            />
            {t(label)}
        </label>
    }
}

/// The page. `prefs` is what the console alerts by; it changes when a save
/// succeeds.
#[component]
pub fn MySettingsPage(
    /// The saved preferences the console uses.
    prefs: RwSignal<Preferences>,
    /// Plays the sound (the "Try the sound" button).
    alerter: StoredValue<Alerter, LocalStorage>,
) -> impl IntoView {
    let token = Session::current().token();
    let locale = Locale::current();
    let draft = RwSignal::new(prefs.get_untracked());
    // The console may still be loading them: follow until the person edits.
    let edited = RwSignal::new(false);
    Effect::new(move |_| {
        let saved = prefs.get();
        if !edited.get_untracked() {
            draft.set(saved);
        }
    });
    let permission = RwSignal::new(alerts::supported() && alerts::permitted());
    let blocked = RwSignal::new(false);
    let token = StoredValue::new(token);
    let save = Action::new_local(move |p: &Preferences| {
        let p = p.clone();
        let token = token.get_value();
        async move { api::save_preferences(&token, &p).await }
    });
    Effect::new(move |_| {
        if let Some(Ok(kept)) = save.value().get() {
            prefs.set(kept.clone());
            draft.set(kept);
            edited.set(false);
        }
    });
    let change = move |f: &dyn Fn(&mut Preferences)| {
        edited.set(true);
        draft.update(|d| f(d));
    };
    let on_desktop = move |on: bool| {
        change(&|d| d.desktop = on);
        if on && !permission.get_untracked() {
            alerts::ask_permission(move |granted| {
                permission.set(granted);
                blocked.set(!granted);
                if !granted {
                    draft.update(|d| d.desktop = false);
                }
            });
        }
    };
    let unsaved = move || edited.get() && draft.get() != prefs.get();
    let error = move || save.value().get().and_then(Result::err).map(|f| f.message);
    let kinds = AlertKind::ALL
        .into_iter()
        .map(|kind| {
            check(
                kind_id(kind),
                kind_label(kind),
                Signal::derive(move || draft.with(|d| d.wants(kind))),
                move |on| change(&move |d| d.set(kind, on)),
            )
        })
        .collect_view();
    let start = move |p: Presence, label: ConsoleMsg, id: &'static str| {
        view! {
            <label class="admin-check" for=id>
                <input
                    type="radio"
                    name="start-presence"
                    id=id
                    data-testid=id
                    prop:checked=move || draft.with(|d| d.start == p)
                    on:change=move |_| change(&move |d| d.start = p)
                />
                {t(label)}
            </label>
        }
    };
    view! {
        <section class="admin-page my-settings" aria-labelledby="my-settings-title" data-testid="my-settings">
            <h1 id="my-settings-title">{t(ConsoleMsg::MySettingsTitle)}</h1>
            <form
                class="admin-section"
                on:submit=move |ev| {
                    ev.prevent_default();
                    save.dispatch_local(draft.get_untracked());
                }
            >
                <fieldset>
                    <legend>{t(ConsoleMsg::MySettingsAlertLegend)}</legend>
                    {kinds}
                </fieldset>
                <fieldset>
                    <legend>{t(ConsoleMsg::MySettingsHowLegend)}</legend>
                    {check(
                        "alert-desktop",
                        ConsoleMsg::MySettingsDesktop,
                        Signal::derive(move || draft.with(|d| d.desktop)),
                        on_desktop,
                    )}
                    <p class="hint">
                        {move || {
                            locale.lang().console_text(if !alerts::supported() {
                                ConsoleMsg::MySettingsDesktopUnsupported
                            } else if blocked.get() {
                                ConsoleMsg::MySettingsDesktopBlocked
                            } else if permission.get() {
                                ConsoleMsg::MySettingsDesktopAllowed
                            } else {
                                ConsoleMsg::MySettingsDesktopAsk
                            })
                        }}
                    </p>
                    {check(
                        "alert-sound",
                        ConsoleMsg::MySettingsSound,
                        Signal::derive(move || draft.with(|d| d.sound)),
                        move |on| change(&move |d| d.sound = on),
                    )}
                    <button
                        type="button"
                        class="secondary"
                        data-testid="alert-try"
                        on:click=move |_| {
                            alerter.with_value(|a| {
                                a.unlock();
                                a.play();
                            })
                        }
                    >
                        {t(ConsoleMsg::MySettingsSoundTry)}
                    </button>
                </fieldset>
                <fieldset>
                    <legend>{t(ConsoleMsg::MySettingsStartLegend)}</legend>
                    {start(Presence::Online, ConsoleMsg::MySettingsStartOnline, "start-online")}
                    {start(Presence::Away, ConsoleMsg::MySettingsStartAway, "start-away")}
                </fieldset>
                <LanguageChoice draft change />
                <div class="admin-actions">
                    <button type="submit" data-testid="my-settings-save" disabled=move || save.pending().get()>
                        {move || {
                            locale.lang().console_text(if save.pending().get() {
                                ConsoleMsg::MySettingsSaving
                            } else {
                                ConsoleMsg::MySettingsSave
                            })
                        }}
                    </button>
                    <span role="status" data-testid="my-settings-status">
                        {move || {
                            if let Some(e) = error() {
                                view! { <span class="error">{e}</span> }.into_any()
                            } else if unsaved() {
                                view! { <span class="muted">{t(ConsoleMsg::MySettingsUnsaved)}</span> }.into_any()
                            } else if save.value().get().is_some() {
                                view! { <span class="admin-saved">{t(ConsoleMsg::MySettingsSaved)}</span> }.into_any()
                            } else {
                                ().into_any()
                            }
                        }}
                    </span>
                </div>
            </form>
        </section>
    }
}

/// The console's language: the browser's, or one of the catalog's. Saved
/// with the rest; the console speaks it once saved.
#[component]
fn LanguageChoice(
    draft: RwSignal<Preferences>,
    change: impl Fn(&dyn Fn(&mut Preferences)) + Copy + 'static,
) -> impl IntoView {
    let locale = Locale::current();
    let name = |lang: Lang| match lang {
        Lang::En => ConsoleMsg::LanguageEn,
        Lang::PtBr => ConsoleMsg::LanguagePtBr,
        Lang::Es => ConsoleMsg::LanguageEs,
    };
    let auto = move || {
        let lang = locale.lang();
        let browser = lang.console_text(name(browser_lang())).into_owned();
        lang.console(
            ConsoleMsg::LanguageAuto,
            &[("language", Arg::Str(&browser))],
        )
    };
    let options = Lang::ALL
        .iter()
        .copied()
        .map(|lang| {
            view! {
                <option
                    value=lang.tag()
                    prop:selected=move || draft.with(|d| d.language.as_deref() == Some(lang.tag()))
                >
                    {t(name(lang))}
                </option>
            }
        })
        .collect_view();
    view! {
        <fieldset>
            <legend>{t(ConsoleMsg::LanguageLabel)}</legend>
            <select
                id="my-language"
                data-testid="my-language"
                aria-label=t(ConsoleMsg::LanguageLabel)
                aria-describedby="my-language-hint"
                on:change=move |ev| {
                    let value = event_target_value(&ev);
                    change(&move |d| d.language = (!value.is_empty()).then(|| value.clone()));
                }
            >
                <option value="" prop:selected=move || draft.with(|d| d.language.is_none())>
                    {auto}
                </option>
                {options}
            </select>
            <p class="hint" id="my-language-hint">{t(ConsoleMsg::LanguageHint)}</p>
        </fieldset>
    }
}
