//! The CRM's settings on the Clients page (admins): per channel, automatic
//! leads (R-CRM-2), the transfer to the responsible person (R-CRM-5) and
//! its change on a manual transfer (R-CRM-6); and the webhook the CRM posts
//! its changes to, whose signing secret is shown once.

use canal_shared::connectors::ConnectorSettings;
use canal_shared::crm::CrmSettings;
use canal_shared::ids::ChannelId;
use canal_shared::protocol::ChannelInfo;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::crm_api::{self, ChannelCrm};
use crate::view::focus::focus_id;
use crate::view::form::{sentence, ChannelPicker};
use crate::view::secret::SecretField;

/// One of the three settings: how it reads, and its field.
#[derive(Clone, Copy)]
struct Setting {
    /// The checkbox's id and `data-testid`.
    key: &'static str,
    /// Its label (R-CRM's wording).
    title: &'static str,
    /// What it does.
    hint: &'static str,
    get: fn(&CrmSettings) -> bool,
    set: fn(&mut CrmSettings, bool),
}

/// The settings, in the form's order.
const SETTINGS: [Setting; 3] = [
    Setting {
        key: "crm-auto-lead",
        title: "Create leads automatically",
        hint: "A new client who can be reached again (an email, a phone, or a messenger they write from) becomes a lead on their first message, its source set on its own (Live chat, Telegram, Webhook). Operators can always make a lead by hand.",
        get: |s| s.auto_lead,
        set: |s, v| s.auto_lead = v,
    },
    Setting {
        key: "crm-route-to-responsible",
        title: "Transfer to the responsible person if the client is recognised",
        hint: "A returning client's conversation goes straight to their responsible operator, whether or not that operator is in the queue.",
        get: |s| s.route_to_responsible,
        set: |s, v| s.route_to_responsible = v,
    },
    Setting {
        key: "crm-change-responsible",
        title: "Change the responsible person when a conversation is transferred by hand",
        hint: "On: the operator a conversation is transferred to becomes responsible for the client. Off: the first operator who accepted stays responsible.",
        get: |s| s.change_responsible_on_transfer,
        set: |s, v| s.change_responsible_on_transfer = v,
    },
];

/// A channel's CRM settings, one channel at a time.
#[component]
pub fn CrmSettingsSection(
    /// The signed-in admin's session token.
    token: StoredValue<String>,
    /// The channels (a picker shows when there are several).
    channels: Vec<ChannelInfo>,
) -> impl IntoView {
    let channel = RwSignal::new(channels.first().map(|c| c.id.clone()));
    let names = StoredValue::new(channels.clone());
    let form = RwSignal::new(None::<CrmSettings>);
    let error = RwSignal::new(None::<String>);
    let saved = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);

    let load = move |id: ChannelId| {
        form.set(None);
        error.set(None);
        saved.set(None);
        let token = token.get_value();
        spawn_local(async move {
            let result = crm_api::settings(&token, &id).await;
            if channel.try_get_untracked().flatten().as_ref() != Some(&id) {
                return;
            }
            match result {
                Ok(c) => form.set(Some(c.settings)),
                Err(f) => error.set(Some(sentence(&f.message))),
            }
        });
    };
    if let Some(id) = channel.get_untracked() {
        load(id);
    }
    let save = move |ev: SubmitEvent| {
        ev.prevent_default();
        let (Some(id), Some(settings)) = (channel.get_untracked(), form.get_untracked()) else {
            return;
        };
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        error.set(None);
        saved.set(None);
        let token = token.get_value();
        let body = ChannelCrm {
            channel: id.clone(),
            settings,
        };
        spawn_local(async move {
            let result = crm_api::save_settings(&token, &body).await;
            if busy.try_set(false).is_some() || channel.get_untracked().as_ref() != Some(&id) {
                return;
            }
            match result {
                Ok(c) => {
                    form.set(Some(c.settings));
                    let name = names.with_value(|n| {
                        n.iter()
                            .find(|c| c.id == id)
                            .map(|c| c.name.clone())
                            .unwrap_or_else(|| id.to_string())
                    });
                    saved.set(Some(format!("Saved the CRM settings of {name}.")));
                }
                Err(f) => error.set(Some(sentence(&f.message))),
            }
        });
    };
    let subtitle = match channels.as_slice() {
        [only] => format!("How the CRM works on {}.", only.name),
        _ => "How the CRM works on each channel.".to_owned(),
    };

    view! {
        <section class="admin-section" aria-labelledby="crm-settings-title" data-testid="crm-settings">
            <h2 id="crm-settings-title">"CRM settings"</h2>
            <p class="hint">{subtitle}</p>
            <ChannelPicker
                prefix="crm"
                channels
                on_pick=Callback::new(move |id: ChannelId| {
                    channel.set(Some(id.clone()));
                    load(id);
                })
            />
            {move || error.get().map(|e| view! { <p role="alert" class="error" data-testid="crm-settings-error">{e}</p> })}
            <form class="admin-form crm-settings-form" on:submit=save novalidate>
                {SETTINGS
                    .into_iter()
                    .map(|s| view! { <SettingToggle setting=s form /> })
                    .collect_view()}
                <div class="admin-actions">
                    <button
                        type="submit"
                        data-testid="crm-settings-save"
                        disabled=move || busy.get() || form.with(Option::is_none)
                    >
                        "Save"
                    </button>
                    <p role="status" class="admin-saved" data-testid="crm-settings-saved">{move || saved.get()}</p>
                </div>
            </form>
        </section>
    }
}

/// One setting's checkbox, its label and what it does; disabled until the
/// channel's settings came.
#[component]
fn SettingToggle(setting: Setting, form: RwSignal<Option<CrmSettings>>) -> impl IntoView {
    let hint_id = format!("{}-hint", setting.key);
    view! {
        <div class="admin-choice">
            <input
                type="checkbox"
                id=setting.key
                data-testid=setting.key
                aria-describedby=hint_id.clone()
                disabled=move || form.with(Option::is_none)
                prop:checked=move || form.with(|f| f.as_ref().is_some_and(setting.get))
                on:change=move |ev| {
                    let on = event_target_checked(&ev);
                    form.update(|f| {
                        if let Some(f) = f {
                            (setting.set)(f, on);
                        }
                    });
                }
            />
            <label for=setting.key>{setting.title}</label>
            <p class="hint" id=hint_id>{setting.hint}</p>
        </div>
    }
}

/// The webhook of changes: where it posts, a new address (its secret shown
/// once), and "Stop".
#[component]
pub fn CrmWebhookSection(
    /// The signed-in admin's session token.
    token: StoredValue<String>,
) -> impl IntoView {
    let hook = Hook {
        token,
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
    let save = move |ev: SubmitEvent| {
        ev.prevent_default();
        hook.save();
    };
    view! {
        <section class="admin-section" aria-labelledby="crm-webhook-title" data-testid="crm-webhook">
            <h2 id="crm-webhook-title" tabindex="-1">"CRM webhook"</h2>
            <p class="hint">{WEBHOOK_HINT}</p>
            <p data-testid="crm-webhook-status">{move || hook.status_text()}</p>
            {move || hook.error.get().map(|e| view! { <p role="alert" class="error" data-testid="crm-webhook-error">{e}</p> })}
            <p role="status" class="admin-saved" data-testid="crm-webhook-saved">{move || hook.saved.get()}</p>
            {move || hook.secret.get().map(|secret| view! { <NewWebhookSecret secret hook /> })}
            <form class="admin-form crm-webhook-form" on:submit=save novalidate>
                <div class="admin-field">
                    <label for="crm-webhook-url">"Address to post changes to"</label>
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
                            "Save"
                        </button>
                    </div>
                    <p class="hint" id="crm-webhook-url-hint">
                        "Saving an address makes a new signing secret: the previous one stops working at once."
                    </p>
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

/// What the webhook section says of the events.
const WEBHOOK_HINT: &str = "Canal posts each change of a client card as JSON — {\"event\": \"client_created\", \"client_changed\" or \"lead_created\", \"client\": the card} — signed like the webhook connector's messages: the x-canal-timestamp header, and x-canal-signature, an HMAC-SHA256 keyed with the secret shown when you save. Failed posts are retried.";

/// What is said with a new secret.
const SECRET_NOTE: &str = "Put it in your CRM's configuration now, to check the signature of every post: it will not be shown again.";

/// The webhook section's state. Cheap to copy.
#[derive(Clone, Copy)]
struct Hook {
    token: StoredValue<String>,
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
        let token = self.token.get_value();
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

    fn status_text(self) -> String {
        self.current
            .with(|c| status_text(c.as_ref().map(Option::as_deref)))
    }

    /// Saves the address typed; its secret is shown.
    fn save(self) {
        if self.busy.get_untracked() {
            return;
        }
        let url = match webhook_url(&self.typed.get_untracked()) {
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
        let token = self.token.get_value();
        spawn_local(async move {
            let result = crm_api::save_webhook(&token, url.as_deref()).await;
            if self.busy.try_set(false).is_some() {
                return;
            }
            self.stopping.set(false);
            match result {
                Ok(saved) => {
                    self.typed.set(saved.url.clone().unwrap_or_default());
                    self.saved.set(Some(saved_text(saved.url.as_deref())));
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
                label="The CRM webhook's signing secret".to_owned()
                note=SECRET_NOTE.to_owned()
                testid="crm-webhook-secret"
                secret
            />
            <div class="admin-inline">
                <button type="button" data-testid="crm-webhook-secret-done" on:click=done>
                    "I have kept it"
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
                        "Stop…"
                    </button>
                </div>
            }
        >
            <div class="connector-remove-panel" role="group" aria-labelledby="crm-webhook-stop-question" data-testid="crm-webhook-stop-panel">
                <p id="crm-webhook-stop-question">
                    <strong>"Stop posting changes?"</strong>
                    " Changes from now on are not posted, and the secret stops working: a new address gets a new one."
                </p>
                <div class="admin-actions">
                    <button
                        type="button"
                        class="danger"
                        data-testid="crm-webhook-stop-confirm"
                        disabled=move || hook.busy.get()
                        on:click=move |_| hook.stop()
                    >
                        "Stop posting"
                    </button>
                    <button type="button" class="secondary" id="crm-webhook-stop-cancel" data-testid="crm-webhook-stop-cancel" on:click=cancel>
                        "Cancel"
                    </button>
                </div>
            </div>
        </Show>
    }
}

/// The address typed, checked with the worker's rule.
fn webhook_url(typed: &str) -> Result<String, String> {
    if typed.trim().is_empty() {
        return Err("Enter the address to post changes to, or use Stop to post none.".into());
    }
    match (ConnectorSettings::Webhook {
        url: typed.trim().to_owned(),
    })
    .validate()
    {
        Ok(ConnectorSettings::Webhook { url }) => Ok(url),
        Ok(_) => Err("Enter an https:// address.".into()),
        Err(e) => Err(sentence(&e.to_string())),
    }
}

/// Where changes go, as the section says it (`None`: not known yet).
fn status_text(current: Option<Option<&str>>) -> String {
    match current {
        None => "Checking where changes are posted…".into(),
        Some(None) => "Changes are not posted anywhere.".into(),
        Some(Some(url)) => format!("Changes are posted to {url}."),
    }
}

/// What saving did.
fn saved_text(url: Option<&str>) -> String {
    match url {
        Some(url) => format!("Changes are posted to {url} from now on. Copy the signing secret now: it will not be shown again."),
        None => "Stopped: changes are not posted anymore.".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn r_crm_2_5_6_the_settings_read_as_the_spec_says() {
        let titles: Vec<&str> = SETTINGS.iter().map(|s| s.title).collect();
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
            let before = (setting.get)(&s);
            (setting.set)(&mut s, !before);
            assert_eq!((setting.get)(&s), !before, "{}", setting.key);
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
            webhook_url(" https://crm.example.com/canal/ "),
            Ok("https://crm.example.com/canal".into())
        );
        assert_eq!(
            webhook_url("http://127.0.0.1:9000/crm"),
            Ok("http://127.0.0.1:9000/crm".into())
        );
        let bad = webhook_url("http://crm.example.com").unwrap_err();
        assert!(
            bad.starts_with("The webhook URL must be an https:// address"),
            "{bad}"
        );
        assert!(bad.ends_with('.'));
        assert!(webhook_url("  ").unwrap_err().contains("Stop"));
    }

    #[test]
    fn the_section_says_where_changes_go() {
        assert_eq!(status_text(None), "Checking where changes are posted…");
        assert_eq!(status_text(Some(None)), "Changes are not posted anywhere.");
        assert_eq!(
            status_text(Some(Some("https://crm.example.com"))),
            "Changes are posted to https://crm.example.com."
        );
        assert!(saved_text(Some("https://a.example")).contains("will not be shown again"));
        assert!(saved_text(None).starts_with("Stopped"));
    }
}
