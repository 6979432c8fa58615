//! The CRM's settings (admins): a channel's, on its settings page —
//! automatic leads (R-CRM-2), the transfer to the responsible person
//! (R-CRM-5) and its change on a manual transfer (R-CRM-6); and, on the
//! Clients page, the webhook the CRM posts its changes to, whose signing
//! secret is shown once.
//!
//! Every text shown here is in the console's catalog (#22).

use canal_shared::connectors::ConnectorSettings;
use canal_shared::crm::CrmSettings;
use canal_shared::i18n::{Arg, ConsoleMsg, Lang};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::Failure;
use crate::auth::Session;
use crate::crm_api::{self, ChannelCrm};
use crate::i18n::{t, text, Locale};
use crate::lens;
use crate::view::focus::focus_id;
use crate::view::form::sentence;
use crate::view::kit::{Lens, OpenChannel, Section, SectionPage, Toggle};
use crate::view::secret::SecretField;

/// One of the three settings: how it reads, and its field.
#[derive(Clone, Copy)]
struct Setting {
    /// The checkbox's id and `data-testid`.
    key: &'static str,
    /// Its label (R-CRM's wording).
    title: ConsoleMsg,
    /// What it does.
    hint: ConsoleMsg,
    /// Its field.
    lens: Lens<CrmSettings, bool>,
}

/// The settings, in the form's order.
const SETTINGS: [Setting; 3] = [
    Setting {
        key: "crm-auto-lead",
        title: ConsoleMsg::CrmAutoLead,
        hint: ConsoleMsg::CrmAutoLeadHint,
        lens: lens!(auto_lead),
    },
    Setting {
        key: "crm-route-to-responsible",
        title: ConsoleMsg::CrmRouteToResponsible,
        hint: ConsoleMsg::CrmRouteToResponsibleHint,
        lens: lens!(route_to_responsible),
    },
    Setting {
        key: "crm-change-responsible",
        title: ConsoleMsg::CrmChangeResponsible,
        hint: ConsoleMsg::CrmChangeResponsibleHint,
        lens: lens!(change_responsible_on_transfer),
    },
];

/// A channel's CRM settings, on the form kit: the form is the channel's
/// [`CrmSettings`] as they are.
#[component]
pub fn CrmSettingsSection() -> impl IntoView {
    let channel = OpenChannel::current();
    // The server's words as a sentence.
    let said = |f: Failure| Failure {
        message: sentence(&f.message),
        ..f
    };
    let section = Section::new(
        "crm-settings",
        CrmSettings::default(),
        move |token| async move {
            let c = crm_api::settings(&token, &channel.id()).await;
            c.map(|c| c.settings).map_err(said)
        },
        move |settings: &CrmSettings, _| {
            Ok(ChannelCrm {
                channel: channel.id(),
                settings: *settings,
            })
        },
        move |token, body| async move {
            let c = crm_api::save_settings(&token, &body).await;
            c.map(|c| c.settings).map_err(said)
        },
    );
    let form = section.form;
    let intro = channel.says(ConsoleMsg::CrmSettingsSubtitle);
    let saved = channel.says(ConsoleMsg::CrmSettingsSaved);
    let note = Signal::derive(move || Some(saved.get()));

    view! {
        <div data-testid="crm-settings">
            <SectionPage
                section
                title=ConsoleMsg::CrmSettingsTitle
                intro
                loading=ConsoleMsg::CrmSettingsLoading
                saved_note=note
            >
                    {SETTINGS
                        .into_iter()
                        .map(|s| {
                            view! { <Toggle form lens=s.lens key=s.key title=s.title hint=s.hint /> }
                        })
                        .collect_view()}
            </SectionPage>
        </div>
    }
}

/// The webhook of changes: where it posts, a new address (its secret shown
/// once), and "Stop".
#[component]
pub fn CrmWebhookSection() -> impl IntoView {
    let hook = Hook {
        session: Session::current(),
        current: RwSignal::new(None),
        typed: RwSignal::new(String::new()),
        problem: RwSignal::new(None),
        error: RwSignal::new(None),
        saved: RwSignal::new(None),
        busy: RwSignal::new(false),
        stopping: RwSignal::new(false),
        secret: RwSignal::new(None),
    };
    hook.reload();
    let locale = Locale::current();
    let save = move |ev: SubmitEvent| {
        ev.prevent_default();
        hook.save();
    };
    view! {
        <section class="admin-section" aria-labelledby="crm-webhook-title" data-testid="crm-webhook">
            <h2 id="crm-webhook-title" tabindex="-1">{t(ConsoleMsg::CrmWebhookTitle)}</h2>
            <p class="hint">{t(ConsoleMsg::CrmWebhookHint)}</p>
            <p data-testid="crm-webhook-status">{move || hook.status_text(locale.lang())}</p>
            {move || hook.error.get().map(|e| view! { <p role="alert" class="error" data-testid="crm-webhook-error">{e}</p> })}
            <p role="status" class="admin-saved" data-testid="crm-webhook-saved">{move || hook.saved.get()}</p>
            {move || hook.secret.get().map(|secret| view! { <NewWebhookSecret secret hook /> })}
            <form class="admin-form crm-webhook-form" on:submit=save novalidate>
                <div class="admin-field">
                    <label for="crm-webhook-url">{t(ConsoleMsg::CrmWebhookUrl)}</label>
                    <div class="admin-inline">
                        <input
                            id="crm-webhook-url"
                            type="url"
                            inputmode="url"
                            spellcheck="false"
                            autocomplete="off"
                            placeholder="https://crm.example.com/canal"
                            data-testid="crm-webhook-url"
                            aria-invalid=move || hook.problem.with(Option::is_some).then_some("true")
                            aria-describedby=move || {
                                if hook.problem.with(Option::is_some) {
                                    "crm-webhook-url-hint crm-webhook-url-error"
                                } else {
                                    "crm-webhook-url-hint"
                                }
                            }
                            prop:value=move || hook.typed.get()
                            on:input=move |ev| hook.typed.set(event_target_value(&ev))
                        />
                        <button type="submit" data-testid="crm-webhook-save" disabled=move || hook.busy.get()>
                            {t(ConsoleMsg::CrmSave)}
                        </button>
                    </div>
                    <p class="hint" id="crm-webhook-url-hint">{t(ConsoleMsg::CrmWebhookUrlHint)}</p>
                    {move || {
                        hook.problem
                            .get()
                            .map(|p| view! { <p class="field-error" id="crm-webhook-url-error" data-testid="crm-webhook-url-error">{p}</p> })
                    }}
                </div>
            </form>
            <Show when=move || hook.current.with(|c| matches!(c, Some(Some(_))))>
                <StopWebhook hook />
            </Show>
        </section>
    }
}

/// The webhook section's state. Cheap to copy.
#[derive(Clone, Copy)]
struct Hook {
    session: Session,
    /// The address posted to: `None` until the server said, `Some(None)` when
    /// changes are not posted.
    current: RwSignal<Option<Option<String>>>,
    /// The address as typed.
    typed: RwSignal<String>,
    /// What is wrong with it.
    problem: RwSignal<Option<String>>,
    /// The last failure.
    error: RwSignal<Option<String>>,
    /// The last success.
    saved: RwSignal<Option<String>>,
    /// A change is on its way.
    busy: RwSignal<bool>,
    /// "Stop" asks for a confirmation.
    stopping: RwSignal<bool>,
    /// The new secret, shown this once.
    secret: RwSignal<Option<String>>,
}

impl Hook {
    /// Asks the server where changes are posted; the field shows it unless
    /// something is typed there.
    fn reload(self) {
        let token = self.session.token();
        spawn_local(async move {
            match crm_api::webhook(&token).await {
                Ok(h) => {
                    if self.typed.try_with_untracked(String::is_empty) == Some(true) {
                        self.typed.set(h.url.clone().unwrap_or_default());
                    }
                    self.current.try_set(Some(h.url));
                }
                Err(f) => {
                    self.error.try_set(Some(sentence(&f.message)));
                }
            }
        });
    }

    fn status_text(self, lang: Lang) -> String {
        self.current
            .with(|c| status_text(lang, c.as_ref().map(Option::as_deref)))
    }

    /// Saves the address typed; its secret is shown.
    fn save(self) {
        if self.busy.get_untracked() {
            return;
        }
        let lang = Locale::current().lang_now();
        let url = match webhook_url(lang, &self.typed.get_untracked()) {
            Ok(url) => url,
            Err(p) => {
                self.problem.set(Some(p));
                focus_id("crm-webhook-url");
                return;
            }
        };
        self.problem.set(None);
        self.send(Some(url));
    }

    /// Stops posting changes.
    fn stop(self) {
        if !self.busy.get_untracked() {
            self.send(None);
        }
    }

    fn send(self, url: Option<String>) {
        self.busy.set(true);
        self.error.set(None);
        self.saved.set(None);
        self.secret.set(None);
        let token = self.session.token();
        spawn_local(async move {
            let result = crm_api::save_webhook(&token, url.as_deref()).await;
            if self.busy.try_set(false).is_some() {
                return;
            }
            self.stopping.set(false);
            match result {
                Ok(saved) => {
                    self.typed.set(saved.url.clone().unwrap_or_default());
                    self.saved.set(Some(saved_text(
                        Locale::current().lang_now(),
                        saved.url.as_deref(),
                    )));
                    if saved.url.is_none() {
                        focus_id("crm-webhook-url");
                    }
                    self.current.set(Some(saved.url));
                    // Its field takes the focus.
                    self.secret.set(saved.secret);
                }
                Err(f) => {
                    self.error.set(Some(sentence(&f.message)));
                    focus_id("crm-webhook-title");
                    self.reload();
                }
            }
        });
    }
}

/// The new secret, once, with "Copy" and "I have kept it".
#[component]
fn NewWebhookSecret(secret: String, hook: Hook) -> impl IntoView {
    focus_id("crm-webhook-secret");
    let done = move |_| {
        hook.secret.set(None);
        focus_id("crm-webhook-url");
    };
    view! {
        <div class="secret-box" data-testid="crm-webhook-secret-box">
            <SecretField
                id="crm-webhook-secret".to_owned()
                label=text(ConsoleMsg::CrmWebhookSecret, &[])
                note=text(ConsoleMsg::CrmWebhookSecretNote, &[])
                testid="crm-webhook-secret"
                secret
            />
            <div class="admin-inline">
                <button type="button" data-testid="crm-webhook-secret-done" on:click=done>
                    {t(ConsoleMsg::CrmWebhookSecretDone)}
                </button>
            </div>
        </div>
    }
}

/// "Stop", and its confirmation.
#[component]
fn StopWebhook(hook: Hook) -> impl IntoView {
    let ask = move |_| {
        hook.stopping.set(true);
        focus_id("crm-webhook-stop-cancel");
    };
    let cancel = move |_| {
        hook.stopping.set(false);
        focus_id("crm-webhook-stop");
    };
    view! {
        <Show
            when=move || hook.stopping.get()
            fallback=move || view! {
                <div class="admin-actions">
                    <button type="button" class="secondary" id="crm-webhook-stop" data-testid="crm-webhook-stop" on:click=ask>
                        {t(ConsoleMsg::CrmWebhookStop)}
                    </button>
                </div>
            }
        >
            <div class="connector-remove-panel" role="group" aria-labelledby="crm-webhook-stop-question" data-testid="crm-webhook-stop-panel">
                <p id="crm-webhook-stop-question">
                    <strong>{t(ConsoleMsg::CrmWebhookStopQuestion)}</strong>
                    " "
                    {t(ConsoleMsg::CrmWebhookStopConsequence)}
                </p>
                <div class="admin-actions">
                    <button
                        type="button"
                        class="danger"
                        data-testid="crm-webhook-stop-confirm"
                        disabled=move || hook.busy.get()
                        on:click=move |_| hook.stop()
                    >
                        {t(ConsoleMsg::CrmWebhookStopConfirm)}
                    </button>
                    <button type="button" class="secondary" id="crm-webhook-stop-cancel" data-testid="crm-webhook-stop-cancel" on:click=cancel>
                        {t(ConsoleMsg::CrmWebhookStopCancel)}
                    </button>
                </div>
            </div>
        </Show>
    }
}

/// The address typed, checked with the worker's rule; what is wrong in
/// `lang`.
fn webhook_url(lang: Lang, typed: &str) -> Result<String, String> {
    if typed.trim().is_empty() {
        return Err(lang.console(ConsoleMsg::CrmWebhookUrlMissing, &[]));
    }
    match (ConnectorSettings::Webhook {
        url: typed.trim().to_owned(),
    })
    .validate()
    {
        Ok(ConnectorSettings::Webhook { url }) => Ok(url),
        Ok(_) => Err(lang.console(ConsoleMsg::CrmWebhookUrlHttps, &[])),
        Err(_) => Err(crate::errors::url_error(lang)),
    }
}

/// Where changes go, as the section says it (`None`: not known yet).
fn status_text(lang: Lang, current: Option<Option<&str>>) -> String {
    match current {
        None => lang.console(ConsoleMsg::CrmWebhookChecking, &[]),
        Some(None) => lang.console(ConsoleMsg::CrmWebhookOff, &[]),
        Some(Some(url)) => lang.console(ConsoleMsg::CrmWebhookOn, &[("url", Arg::Str(url))]),
    }
}

/// What saving did.
fn saved_text(lang: Lang, url: Option<&str>) -> String {
    match url {
        Some(url) => lang.console(ConsoleMsg::CrmWebhookSaved, &[("url", Arg::Str(url))]),
        None => lang.console(ConsoleMsg::CrmWebhookStopped, &[]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn r_crm_2_5_6_the_settings_read_as_the_spec_says() {
        let titles: Vec<String> = SETTINGS
            .iter()
            .map(|s| Lang::En.console(s.title, &[]))
            .collect();
        assert_eq!(
            titles,
            [
                "Create leads automatically",
                "Transfer to the responsible person if the client is recognised",
                "Change the responsible person when a conversation is transferred by hand",
            ]
        );
        // Each toggle edits its own field.
        let mut s = CrmSettings::default();
        for setting in SETTINGS {
            let before = (setting.lens.get)(&s);
            (setting.lens.set)(&mut s, !before);
            assert_eq!((setting.lens.get)(&s), !before, "{}", setting.key);
        }
        assert_eq!(
            s,
            CrmSettings {
                auto_lead: true,
                route_to_responsible: false,
                change_responsible_on_transfer: false,
            }
        );
    }

    #[test]
    fn webhook_addresses_are_checked_before_they_are_sent() {
        assert_eq!(
            webhook_url(Lang::En, " https://crm.example.com/canal/ "),
            Ok("https://crm.example.com/canal".into())
        );
        assert_eq!(
            webhook_url(Lang::En, "http://127.0.0.1:9000/crm"),
            Ok("http://127.0.0.1:9000/crm".into())
        );
        let bad = webhook_url(Lang::En, "http://crm.example.com").unwrap_err();
        assert!(
            bad.starts_with("The address must be an https:// address"),
            "{bad}"
        );
        assert!(bad.ends_with('.'));
        assert!(webhook_url(Lang::En, "  ").unwrap_err().contains("Stop"));
    }

    #[test]
    fn the_section_says_where_changes_go() {
        assert_eq!(
            status_text(Lang::En, None),
            "Checking where changes are posted…"
        );
        assert_eq!(
            status_text(Lang::En, Some(None)),
            "Changes are not posted anywhere."
        );
        assert_eq!(
            status_text(Lang::En, Some(Some("https://crm.example.com"))),
            "Changes are posted to https://crm.example.com."
        );
        assert!(saved_text(Lang::En, Some("https://a.example")).contains("will not be shown again"));
        assert!(saved_text(Lang::En, None).starts_with("Stopped"));
    }
}
