//! A channel's connectors in its settings (Other settings) (R-CH-3, R-CH-9): besides its
//! widget, a channel takes messages from a Telegram bot and a signed webhook,
//! at most one of each. The list (kind, target, the address its source posts
//! to, when added), removing one after a confirmation, and adding one, whose
//! signing secret (a webhook's) is shown once.
//!
//! Every text shown here is in the console's catalog (#22).

use canal_shared::channels::ChannelDetails;
use canal_shared::connectors::{
    may_attach, ConnectorCreated, ConnectorDelete, ConnectorInput, ConnectorKind,
    ConnectorSettings, ConnectorView,
};
use canal_shared::i18n::{Arg, ConsoleMsg, Lang};
use canal_shared::ids::{ChannelId, ConnectorId};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::Failure;
use crate::auth::Session;
use crate::channels_api;
use crate::format::{date_time, full_time};
use crate::i18n::{t, text, Locale};
use crate::view::focus::{focus_first, focus_id};
use crate::view::form::{sentence, FieldError, Problems};
use crate::view::secret::SecretField;

/// The kinds an admin may add, in the form's order.
const KINDS: [ConnectorKind; 2] = [ConnectorKind::Telegram, ConnectorKind::Webhook];

/// The connectors of `channel`, and what admins do with them.
#[component]
pub fn ConnectorsSection(
    /// The channel.
    channel: ChannelDetails,
) -> impl IntoView {
    let prefix = format!("connector-{}", channel.id);
    let section = Section {
        session: Session::current(),
        channel: StoredValue::new(channel.id.clone()),
        name: StoredValue::new(channel.name.clone()),
        prefix: StoredValue::new(prefix.clone()),
        list: RwSignal::new(None),
        error: RwSignal::new(None),
        saved: RwSignal::new(None),
        busy: RwSignal::new(false),
        removing: RwSignal::new(None),
        secret: RwSignal::new(None),
    };
    section.reload();
    let title_id = format!("{prefix}-title");
    let labelled_by = title_id.clone();
    view! {
        <section class="channel-part" data-testid="connectors-section" aria-labelledby=labelled_by>
            <h4 id=title_id tabindex="-1" data-testid="connectors-title">{t(ConsoleMsg::ConnectorsTitle)}</h4>
            <p class="hint" data-testid="connectors-live-chat">{t(ConsoleMsg::ConnectorsLiveChat)}</p>
            {move || {
                section
                    .error
                    .get()
                    .map(|e| view! { <p role="alert" class="error" data-testid="connectors-error">{e}</p> })
            }}
            <p role="status" class="admin-saved" data-testid="connectors-saved">{move || section.saved.get()}</p>
            {move || section.secret.get().map(|secret| view! { <NewSecret secret section /> })}
            <ConnectorRows section />
            <AddConnector section />
        </section>
    }
}

/// One channel's connectors section state. Cheap to copy.
#[derive(Clone, Copy)]
struct Section {
    session: Session,
    channel: StoredValue<ChannelId>,
    /// The channel's name, for labels.
    name: StoredValue<String>,
    /// The prefix of the section's element ids.
    prefix: StoredValue<String>,
    /// The last `GET /api/connectors`, once it came.
    list: RwSignal<Option<Vec<ConnectorView>>>,
    /// Why the list could not be read or a connector removed.
    error: RwSignal<Option<String>>,
    /// The last success.
    saved: RwSignal<Option<String>>,
    /// A change is on its way to the server.
    busy: RwSignal<bool>,
    /// The connector whose removal waits for a confirmation.
    removing: RwSignal<Option<ConnectorId>>,
    /// A new webhook's signing secret, shown this once.
    secret: RwSignal<Option<String>>,
}

impl Section {
    /// Asks the server for the channel's connectors again.
    fn reload(self) {
        let token = self.session.token();
        let channel = self.channel.get_value();
        spawn_local(async move {
            match channels_api::connectors(&token, &channel).await {
                Ok(list) => self.list.set(Some(list.connectors)),
                Err(f) => self.error.set(Some(sentence(&f.message))),
            }
        });
    }

    /// The kinds the channel has.
    fn kinds(self) -> Vec<ConnectorKind> {
        self.list.with(|l| {
            l.as_ref()
                .map(|l| l.iter().map(|c| c.kind).collect())
                .unwrap_or_default()
        })
    }

    /// The id of the element `part` of this section.
    fn id(self, part: &str) -> String {
        self.prefix.with_value(|p| format!("{p}-{part}"))
    }
}

/// The webhook's signing secret, once, with "Copy" and "Done".
#[component]
fn NewSecret(secret: String, section: Section) -> impl IntoView {
    let id = section.id("secret");
    focus_id(&id);
    let done = move |_| {
        section.secret.set(None);
        focus_id(&section.id("title"));
    };
    view! {
        <div class="secret-box" data-testid="connector-secret-box">
            <SecretField
                id
                label=text(ConsoleMsg::ConnectorsSecretLabel, &[])
                note=text(ConsoleMsg::ConnectorsSecretNote, &[])
                testid="connector-secret"
                secret
            />
            <div class="admin-inline">
                <button type="button" data-testid="connector-secret-done" on:click=done>
                    {t(ConsoleMsg::ConnectorsSecretDone)}
                </button>
            </div>
        </div>
    }
}

/// The channel's connectors, or that it has none.
#[component]
fn ConnectorRows(section: Section) -> impl IntoView {
    let rows = move || section.list.get().unwrap_or_default();
    view! {
        {move || {
            section
                .list
                .with(|l| l.as_ref().is_some_and(Vec::is_empty))
                .then(|| view! {
                    <p class="empty" data-testid="connectors-empty">{t(ConsoleMsg::ConnectorsEmpty)}</p>
                })
        }}
        <ul class="connector-rows" data-testid="connectors-list">
            <For
                each=rows
                key=|c| c.id.clone()
                children=move |connector| view! { <ConnectorRow connector section /> }
            />
        </ul>
    }
}

/// A connector: its kind, target, inbound address and date, and "Remove…".
#[component]
fn ConnectorRow(connector: ConnectorView, section: Section) -> impl IntoView {
    let ConnectorView {
        id,
        kind,
        inbound_path,
        target,
        created_at,
        ..
    } = connector;
    let origin = window().location().origin().unwrap_or_default();
    let inbound = inbound_url(&origin, &inbound_path);
    let row_id = section.id(&format!("row-{id}"));
    let id = StoredValue::new(id);
    let open = move || {
        section
            .removing
            .with(|r| id.with_value(|id| r.as_ref() == Some(id)))
    };
    let locale = Locale::current();
    let label = move || {
        let channel = section.name.get_value();
        let args = [
            ("kind", Arg::Str(kind.label())),
            ("channel", Arg::Str(&channel)),
        ];
        locale
            .lang()
            .console(ConsoleMsg::ConnectorsRemoveLabel, &args)
    };
    let remove_selector = move || {
        format!(
            "[data-testid=connector-row][data-id=\"{}\"] [data-testid=connector-remove]",
            id.get_value()
        )
    };
    let cancel_id = format!("{row_id}-cancel");
    let ask = {
        let cancel_id = cancel_id.clone();
        move |_| {
            section.removing.set(Some(id.get_value()));
            focus_id(&cancel_id);
        }
    };
    let cancel = move |_| {
        section.removing.set(None);
        focus_first(vec![remove_selector()]);
    };
    let confirm = move |_| remove(section, id.get_value(), kind);
    let panel_title = format!("{row_id}-remove-title");
    view! {
        <li class="connector-row" data-testid="connector-row" data-id=id.get_value().to_string() data-kind=kind_attr(kind)>
            <span class="connector-kind" data-testid="connector-kind">{kind.label()}</span>
            <dl class="connector-facts">
                <dt>{t(target_label(kind))}</dt>
                <dd data-testid="connector-target">{target}</dd>
                <dt>{t(inbound_label(kind))}</dt>
                <dd><code data-testid="connector-inbound">{inbound}</code></dd>
                <dt>{t(ConsoleMsg::ConnectorsAddedOn)}</dt>
                <dd>
                    <time datetime=full_time(created_at) data-testid="connector-created">{move || date_time(crate::i18n::Locale::current().lang(), created_at)}</time>
                </dd>
            </dl>
            <Show
                when=open
                fallback=move || view! {
                    <div class="admin-inline">
                        <button
                            type="button"
                            class="secondary"
                            data-testid="connector-remove"
                            aria-label=label
                            disabled=move || section.busy.get()
                            on:click=ask.clone()
                        >
                            {t(ConsoleMsg::ConnectorsRemove)}
                        </button>
                    </div>
                }
            >
                <div class="connector-remove-panel" role="group" aria-labelledby=panel_title.clone() data-testid="connector-remove-panel">
                    <p id=panel_title.clone()>
                        <strong>
                            {move || {
                                let args = [("kind", Arg::Str(kind.label()))];
                                locale.lang().console(ConsoleMsg::ConnectorsRemoveQuestion, &args)
                            }}
                        </strong>
                        " "
                        {t(removal_consequence(kind))}
                    </p>
                    <div class="admin-actions">
                        <button
                            type="button"
                            class="danger"
                            data-testid="connector-remove-confirm"
                            disabled=move || section.busy.get()
                            on:click=confirm
                        >
                            {t(ConsoleMsg::ConnectorsRemoveConfirm)}
                        </button>
                        <button
                            type="button"
                            class="secondary"
                            id=cancel_id.clone()
                            data-testid="connector-remove-cancel"
                            on:click=cancel
                        >
                            {t(ConsoleMsg::ConnectorsCancel)}
                        </button>
                    </div>
                </div>
            </Show>
        </li>
    }
}

/// Removes connector `id` of `kind`; says so, or why not, and reads the list
/// again.
fn remove(section: Section, id: ConnectorId, kind: ConnectorKind) {
    if section.busy.get_untracked() {
        return;
    }
    section.busy.set(true);
    section.error.set(None);
    section.saved.set(None);
    let token = section.session.token();
    spawn_local(async move {
        let result = channels_api::remove_connector(&token, &ConnectorDelete { id }).await;
        section.busy.set(false);
        section.removing.set(None);
        match result {
            Ok(_) => {
                let lang = Locale::current().lang_now();
                section.saved.set(Some(removed_message(lang, kind)));
            }
            Err(f) => section.error.set(Some(sentence(&f.message))),
        }
        focus_id(&section.id("title"));
        section.reload();
    });
}

/// "Add a connector": its kind, then its settings.
#[component]
fn AddConnector(section: Section) -> impl IntoView {
    let chosen = RwSignal::new(ConnectorKind::Telegram);
    let fields = RwSignal::new(Fields::default());
    let problems = RwSignal::new(Problems::default());
    let failure = RwSignal::new(None::<String>);
    // The kind chosen, or the first one the channel may still take (R-CH-3).
    let kind = Memo::new(move |_| pick_kind(chosen.get(), &section.kinds()));
    let prefix = section.prefix.get_value();
    let submit_id = section.id("add");
    let submit = {
        let prefix = prefix.clone();
        let submit_id = submit_id.clone();
        move |ev: SubmitEvent| {
            ev.prevent_default();
            let Some(kind) = kind.get_untracked() else {
                return;
            };
            failure.set(None);
            let lang = Locale::current().lang_now();
            let settings = match fields.with_untracked(|f| f.settings(lang, &prefix, kind)) {
                Ok(settings) => settings,
                Err(p) => {
                    failure.set(Some(p.summary()));
                    if let Some(first) = p.first_field() {
                        focus_id(first);
                    }
                    problems.set(p);
                    return;
                }
            };
            problems.set(Problems::default());
            add(
                section,
                settings,
                Form {
                    prefix: prefix.clone(),
                    submit_id: submit_id.clone(),
                    fields,
                    problems,
                    failure,
                },
            );
        }
    };
    let title_id = section.id("add-title");
    let labelled_by = title_id.clone();
    let full = move || kind.with(Option::is_none);
    view! {
        <form class="admin-form connector-add" on:submit=submit novalidate aria-labelledby=labelled_by data-testid="connector-form">
            <h5 id=title_id>{t(ConsoleMsg::ConnectorsAddTitle)}</h5>
            <Show when=full>
                <p class="hint" data-testid="connector-full">{t(ConsoleMsg::ConnectorsFull)}</p>
            </Show>
            <Show when=move || !full()>
                <fieldset class="admin-nested">
                    <legend>{t(ConsoleMsg::ConnectorsKind)}</legend>
                    {KINDS.into_iter().map(|k| view! { <KindChoice kind=k chosen current=kind section /> }).collect_view()}
                </fieldset>
                <Show when=move || kind.get() == Some(ConnectorKind::Telegram)>
                    <TelegramFields section fields problems />
                </Show>
                <Show when=move || kind.get() == Some(ConnectorKind::Webhook)>
                    <WebhookFields section fields problems />
                </Show>
                {move || failure.get().map(|e| view! { <p role="alert" class="error" data-testid="connector-error">{e}</p> })}
                <div class="admin-actions">
                    <button type="submit" id=submit_id.clone() data-testid="connector-add" disabled=move || section.busy.get()>
                        {move || t(add_label(kind.get()))()}
                    </button>
                </div>
            </Show>
        </form>
    }
}

/// What the add form's outcome touches.
struct Form {
    prefix: String,
    submit_id: String,
    fields: RwSignal<Fields>,
    problems: RwSignal<Problems>,
    failure: RwSignal<Option<String>>,
}

/// Sends the new connector; on success says so (and shows a webhook's
/// secret), on failure shows the server's message by the form and its field.
fn add(section: Section, settings: ConnectorSettings, form: Form) {
    if section.busy.get_untracked() {
        return;
    }
    section.busy.set(true);
    section.error.set(None);
    section.saved.set(None);
    section.secret.set(None);
    let token = section.session.token();
    let kind = settings.kind();
    let input = ConnectorInput {
        channel: section.channel.get_value(),
        settings,
    };
    spawn_local(async move {
        let result = channels_api::add_connector(&token, &input).await;
        section.busy.set(false);
        match result {
            Ok(created) => {
                form.fields.set(Fields::default());
                let lang = Locale::current().lang_now();
                section.saved.set(Some(added_message(lang, &created)));
                match created.secret {
                    // Its field takes the focus.
                    Some(secret) => section.secret.set(Some(secret)),
                    None => focus_first(vec![
                        format!("#{}", form.submit_id),
                        format!("#{}", section.id("title")),
                    ]),
                }
            }
            Err(f) => {
                let message = sentence(&f.message);
                let field = failure_field(&form.prefix, kind, &f);
                let mut p = Problems::default();
                if let Some(field) = &field {
                    p.add(field.clone(), Some(message.clone()));
                }
                focus_id(field.as_deref().unwrap_or(&form.submit_id));
                form.problems.set(p);
                form.failure.set(Some(message));
            }
        }
        // Another admin may have changed the connectors meanwhile (a 409).
        section.reload();
    });
}

/// One radio of the kind choice; a kind the channel has is disabled (R-CH-3).
#[component]
fn KindChoice(
    kind: ConnectorKind,
    chosen: RwSignal<ConnectorKind>,
    current: Memo<Option<ConnectorKind>>,
    section: Section,
) -> impl IntoView {
    let id = section.id(&format!("kind-{}", kind_attr(kind)));
    let name = section.id("kind");
    let taken = move || section.kinds().contains(&kind);
    let hint_id = format!("{id}-hint");
    view! {
        <div class="admin-choice">
            <input
                type="radio"
                id=id.clone()
                name=name
                value=kind_attr(kind)
                data-testid=format!("connector-kind-{}", kind_attr(kind))
                aria-describedby=hint_id.clone()
                prop:checked=move || current.get() == Some(kind)
                disabled=taken
                on:change=move |_| chosen.set(kind)
            />
            <label for=id>{kind.label()}</label>
            <p class="hint" id=hint_id>
                {move || t(if taken() { ConsoleMsg::ConnectorsTaken } else { kind_hint(kind) })()}
            </p>
        </div>
    }
}

/// The bot token (hidden unless asked) and the optional Bot API address.
#[component]
fn TelegramFields(
    section: Section,
    fields: RwSignal<Fields>,
    problems: RwSignal<Problems>,
) -> impl IntoView {
    let token_id = section.id(TOKEN);
    let api_id = section.id(API_BASE);
    let shown = RwSignal::new(false);
    let invalid = move |id: &str| problems.with(|p| p.of(id).is_some()).then_some("true");
    let token_invalid = {
        let id = token_id.clone();
        move || invalid(&id)
    };
    let api_invalid = {
        let id = api_id.clone();
        move || invalid(&id)
    };
    view! {
        <div class="admin-field">
            <label for=token_id.clone()>{t(ConsoleMsg::ConnectorsBotToken)}</label>
            <div class="admin-inline">
                <input
                    id=token_id.clone()
                    type=move || if shown.get() { "text" } else { "password" }
                    class="connector-token"
                    autocomplete="off"
                    spellcheck="false"
                    data-testid="connector-token"
                    aria-describedby=format!("{token_id}-hint {token_id}-error")
                    aria-invalid=token_invalid
                    prop:value=move || fields.with(|f| f.bot_token.clone())
                    on:input=move |ev| fields.update(|f| f.bot_token = event_target_value(&ev))
                />
                <button
                    type="button"
                    class="secondary"
                    data-testid="connector-token-show"
                    aria-controls=token_id.clone()
                    aria-pressed=move || shown.get().to_string()
                    on:click=move |_| shown.update(|s| *s = !*s)
                >
                    {t(ConsoleMsg::ConnectorsShowToken)}
                </button>
            </div>
            <p class="hint" id=format!("{token_id}-hint")>{t(ConsoleMsg::ConnectorsBotTokenHint)}</p>
            <FieldError problems id=token_id.clone() testid="connector-token-error".to_owned() />
        </div>
        <div class="admin-field">
            <label for=api_id.clone()>{t(ConsoleMsg::ConnectorsApiBase)}</label>
            <input
                id=api_id.clone()
                type="url"
                autocomplete="off"
                spellcheck="false"
                data-testid="connector-api-base"
                aria-describedby=format!("{api_id}-hint {api_id}-error")
                aria-invalid=api_invalid
                prop:value=move || fields.with(|f| f.api_base.clone())
                on:input=move |ev| fields.update(|f| f.api_base = event_target_value(&ev))
            />
            <p class="hint" id=format!("{api_id}-hint")>{t(ConsoleMsg::ConnectorsApiBaseHint)}</p>
            <FieldError problems id=api_id testid="connector-api-base-error".to_owned() />
        </div>
    }
}

/// The URL that receives the replies.
#[component]
fn WebhookFields(
    section: Section,
    fields: RwSignal<Fields>,
    problems: RwSignal<Problems>,
) -> impl IntoView {
    let url_id = section.id(URL);
    let invalid = {
        let id = url_id.clone();
        move || problems.with(|p| p.of(&id).is_some()).then_some("true")
    };
    view! {
        <div class="admin-field">
            <label for=url_id.clone()>{t(ConsoleMsg::ConnectorsUrl)}</label>
            <input
                id=url_id.clone()
                type="url"
                autocomplete="off"
                spellcheck="false"
                data-testid="connector-url"
                aria-describedby=format!("{url_id}-hint {url_id}-error")
                aria-invalid=invalid
                prop:value=move || fields.with(|f| f.url.clone())
                on:input=move |ev| fields.update(|f| f.url = event_target_value(&ev))
            />
            <p class="hint" id=format!("{url_id}-hint")>{t(ConsoleMsg::ConnectorsUrlHint)}</p>
            <FieldError problems id=url_id testid="connector-url-error".to_owned() />
        </div>
    }
}

// The add form's fields, after the section's prefix.
const TOKEN: &str = "token";
const API_BASE: &str = "api-base";
const URL: &str = "url";

/// The add form's fields as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct Fields {
    bot_token: String,
    api_base: String,
    url: String,
}

impl Fields {
    /// The settings of a `kind` connector, trimmed, or what is missing
    /// (problems by the id `<prefix>-<field>`, in `lang`). The worker checks
    /// the rest (an https:// address, a token's form) and says what is wrong.
    fn settings(
        &self,
        lang: Lang,
        prefix: &str,
        kind: ConnectorKind,
    ) -> Result<ConnectorSettings, Problems> {
        let mut p = Problems::default();
        let settings = match kind {
            ConnectorKind::Telegram => {
                let bot_token = self.bot_token.trim();
                let api_base = self.api_base.trim();
                p.add(
                    format!("{prefix}-{TOKEN}"),
                    bot_token
                        .is_empty()
                        .then(|| lang.console(ConsoleMsg::ConnectorsTokenMissing, &[])),
                );
                ConnectorSettings::Telegram {
                    bot_token: bot_token.to_owned(),
                    api_base: (!api_base.is_empty()).then(|| api_base.to_owned()),
                }
            }
            ConnectorKind::Webhook | ConnectorKind::LiveChat => {
                let url = self.url.trim();
                p.add(
                    format!("{prefix}-{URL}"),
                    url.is_empty()
                        .then(|| lang.console(ConsoleMsg::ConnectorsUrlMissing, &[])),
                );
                ConnectorSettings::Webhook {
                    url: url.to_owned(),
                }
            }
        };
        if p.is_empty() {
            Ok(settings)
        } else {
            Err(p)
        }
    }
}

/// The full address a connector's source posts to: this deployment's
/// `origin` (`window.location.origin`) and the connector's inbound path.
fn inbound_url(origin: &str, path: &str) -> String {
    let origin = origin.trim_end_matches('/');
    if path.starts_with('/') {
        format!("{origin}{path}")
    } else {
        format!("{origin}/{path}")
    }
}

/// The kind the form shows: the one chosen if the channel may take it, else
/// the first it may take; `None` when it has one of each (R-CH-3).
fn pick_kind(chosen: ConnectorKind, existing: &[ConnectorKind]) -> Option<ConnectorKind> {
    let free = |k: &ConnectorKind| may_attach(existing, *k).is_ok();
    std::iter::once(chosen)
        .chain(KINDS)
        .filter(|k| KINDS.contains(k))
        .find(free)
}

/// The field (by id) a refusal of the worker is about: a 400 is about a
/// setting (for Telegram the Bot API address when it names it, else the
/// token); anything else is about the whole form.
fn failure_field(prefix: &str, kind: ConnectorKind, failure: &Failure) -> Option<String> {
    if failure.status != Some(400) {
        return None;
    }
    let field = match kind {
        ConnectorKind::Telegram if failure.said.contains("Bot API") => API_BASE,
        ConnectorKind::Telegram => TOKEN,
        ConnectorKind::Webhook | ConnectorKind::LiveChat => URL,
    };
    Some(format!("{prefix}-{field}"))
}

/// The kind as a `data-` attribute and an id part.
fn kind_attr(kind: ConnectorKind) -> &'static str {
    match kind {
        ConnectorKind::LiveChat => "live_chat",
        ConnectorKind::Telegram => "telegram",
        ConnectorKind::Webhook => "webhook",
    }
}

/// What a kind does, under its radio.
fn kind_hint(kind: ConnectorKind) -> ConsoleMsg {
    match kind {
        ConnectorKind::Telegram => ConsoleMsg::ConnectorsTelegramHint,
        ConnectorKind::Webhook | ConnectorKind::LiveChat => ConsoleMsg::ConnectorsWebhookHint,
    }
}

/// The add button's text.
fn add_label(kind: Option<ConnectorKind>) -> ConsoleMsg {
    match kind {
        Some(ConnectorKind::Telegram) => ConsoleMsg::ConnectorsAddTelegram,
        _ => ConsoleMsg::ConnectorsAddWebhook,
    }
}

/// What the row calls its target.
fn target_label(kind: ConnectorKind) -> ConsoleMsg {
    match kind {
        ConnectorKind::Telegram => ConsoleMsg::ConnectorsTargetBot,
        ConnectorKind::Webhook | ConnectorKind::LiveChat => ConsoleMsg::ConnectorsTargetReplies,
    }
}

/// What the row calls its inbound address.
fn inbound_label(kind: ConnectorKind) -> ConsoleMsg {
    match kind {
        ConnectorKind::Telegram => ConsoleMsg::ConnectorsInboundTelegram,
        ConnectorKind::Webhook | ConnectorKind::LiveChat => ConsoleMsg::ConnectorsInboundWebhook,
    }
}

/// What removing a connector does, in the confirmation.
fn removal_consequence(kind: ConnectorKind) -> ConsoleMsg {
    match kind {
        ConnectorKind::Telegram => ConsoleMsg::ConnectorsRemoveTelegram,
        ConnectorKind::Webhook | ConnectorKind::LiveChat => ConsoleMsg::ConnectorsRemoveWebhook,
    }
}

/// What adding did, in `lang`.
fn added_message(lang: Lang, created: &ConnectorCreated) -> String {
    let msg = match created.connector.kind {
        ConnectorKind::Telegram => ConsoleMsg::ConnectorsAddedTelegram,
        ConnectorKind::Webhook | ConnectorKind::LiveChat => ConsoleMsg::ConnectorsAddedWebhook,
    };
    lang.console(msg, &[])
}

/// What removing did, in `lang`.
fn removed_message(lang: Lang, kind: ConnectorKind) -> String {
    lang.console(
        ConsoleMsg::ConnectorsRemoved,
        &[("kind", Arg::Str(kind.label()))],
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use canal_shared::time::Timestamp;

    const P: &str = "connector-demo";

    fn fields(bot_token: &str, api_base: &str, url: &str) -> Fields {
        Fields {
            bot_token: bot_token.into(),
            api_base: api_base.into(),
            url: url.into(),
        }
    }

    fn failure(status: u16, message: &str) -> Failure {
        Failure {
            status: Some(status),
            message: message.into(),
            said: message.into(),
            detail: None,
        }
    }

    #[test]
    fn the_inbound_url_is_this_origin_and_the_path() {
        assert_eq!(
            inbound_url("https://chat.example.com", "/api/connectors/k_1/inbound"),
            "https://chat.example.com/api/connectors/k_1/inbound"
        );
        assert_eq!(
            inbound_url("http://127.0.0.1:8787/", "api/connectors/k_1/inbound"),
            "http://127.0.0.1:8787/api/connectors/k_1/inbound"
        );
    }

    #[test]
    fn r_ch_3_the_form_offers_the_kinds_the_channel_may_still_take() {
        use ConnectorKind::{LiveChat, Telegram, Webhook};
        assert_eq!(pick_kind(Telegram, &[]), Some(Telegram));
        assert_eq!(pick_kind(Webhook, &[]), Some(Webhook));
        assert_eq!(pick_kind(Telegram, &[Telegram]), Some(Webhook));
        assert_eq!(pick_kind(Webhook, &[Webhook]), Some(Telegram));
        assert_eq!(pick_kind(Webhook, &[Telegram, Webhook]), None);
        // The live chat is never added: it is part of every channel.
        assert_eq!(pick_kind(LiveChat, &[]), Some(Telegram));
    }

    #[test]
    fn the_form_needs_the_settings_of_its_kind_and_trims_them() {
        assert_eq!(
            fields(" 123:abc ", "  ", "ignored").settings(Lang::En, P, ConnectorKind::Telegram),
            Ok(ConnectorSettings::Telegram {
                bot_token: "123:abc".into(),
                api_base: None,
            })
        );
        assert_eq!(
            fields("123:abc", " http://127.0.0.1:9 ", "").settings(
                Lang::En,
                P,
                ConnectorKind::Telegram
            ),
            Ok(ConnectorSettings::Telegram {
                bot_token: "123:abc".into(),
                api_base: Some("http://127.0.0.1:9".into()),
            })
        );
        let p = fields("  ", "", "https://x")
            .settings(Lang::En, P, ConnectorKind::Telegram)
            .unwrap_err();
        assert_eq!(p.first_field(), Some("connector-demo-token"));
        assert_eq!(p.summary(), "Enter the bot's token from @BotFather.");
        assert_eq!(
            fields("", "", " https://crm.example/canal ").settings(
                Lang::En,
                P,
                ConnectorKind::Webhook
            ),
            Ok(ConnectorSettings::Webhook {
                url: "https://crm.example/canal".into()
            })
        );
        let p = fields("123:abc", "", " ")
            .settings(Lang::En, P, ConnectorKind::Webhook)
            .unwrap_err();
        assert_eq!(
            p.of("connector-demo-url").as_deref(),
            Some("Enter the URL that receives the replies.")
        );
    }

    #[test]
    fn a_refusal_shows_by_the_field_it_is_about() {
        let token = "the bot token is not one @BotFather gives (123456789:AA…); copy it again";
        assert_eq!(
            failure_field(P, ConnectorKind::Telegram, &failure(400, token)).as_deref(),
            Some("connector-demo-token")
        );
        let api = "the Bot API address must be an https:// address";
        assert_eq!(
            failure_field(P, ConnectorKind::Telegram, &failure(400, api)).as_deref(),
            Some("connector-demo-api-base")
        );
        assert_eq!(
            failure_field(
                P,
                ConnectorKind::Webhook,
                &failure(400, "the webhook URL must be…")
            )
            .as_deref(),
            Some("connector-demo-url")
        );
        // R-CH-3: a second one of a kind is about the whole form.
        let dup =
            "this channel already has a Webhook connector; a second one needs another channel";
        assert_eq!(
            failure_field(P, ConnectorKind::Webhook, &failure(409, dup)),
            None
        );
        assert_eq!(
            failure_field(
                P,
                ConnectorKind::Webhook,
                &Failure {
                    status: None,
                    message: "unreachable".into(),
                    said: String::new(),
                    detail: None,
                }
            ),
            None
        );
    }

    #[test]
    fn messages_say_what_happened() {
        let view = |kind| ConnectorView {
            id: ConnectorId::parse("k_1").unwrap(),
            channel: ChannelId::parse("demo").unwrap(),
            kind,
            inbound_path: "/api/connectors/k_1/inbound".into(),
            target: "https://crm.example/canal".into(),
            created_at: Timestamp(0),
        };
        let hook = ConnectorCreated {
            connector: view(ConnectorKind::Webhook),
            secret: Some("s".into()),
        };
        assert!(added_message(Lang::En, &hook).contains("will not be shown again"));
        let bot = ConnectorCreated {
            connector: view(ConnectorKind::Telegram),
            secret: None,
        };
        assert!(added_message(Lang::En, &bot).starts_with("Added the Telegram bot"));
        assert_eq!(
            removed_message(Lang::En, ConnectorKind::Webhook),
            "Removed the Webhook connector."
        );
        assert!(Lang::En
            .console(ConsoleMsg::ConnectorsSecretNote, &[])
            .contains("See docs/connectors.md for the signature"));
        assert_eq!(
            Lang::En.console(add_label(Some(ConnectorKind::Telegram)), &[]),
            "Add the Telegram bot"
        );
        assert_eq!(kind_attr(ConnectorKind::Webhook), "webhook");
    }
}
