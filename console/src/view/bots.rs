//! The Bots page (admins, R-BOT-1): "assign a chat bot when a client query
//! arrives". Which bot each channel assigns to its new conversations (none,
//! the built-in FAQ bot, or a bot of the site's own); the account's bots, with
//! Delete for registered ones; and registering a bot by its URL, whose
//! signing secret is shown once. A bot that declared it cannot serve open
//! channels is listed but cannot be chosen. Every text here is shown as text.
//!
//! Every text shown here is in the console's catalog (#22).

use canal_shared::bot::{
    may_assign, parse_name, BotError, BotInfo, BotInput, BotKind, BotRef, ChannelBot, FAQ_BOT_ID,
    MAX_BOT_NAME_CHARS,
};
use canal_shared::connectors::MAX_SETTING_CHARS;
use canal_shared::i18n::{Arg, ConsoleMsg, Lang};
use canal_shared::ids::{BotId, ChannelId};
use canal_shared::protocol::ChannelInfo;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::Failure;
use crate::auth::Session;
use crate::bots_api;
use crate::errors::bot_error;
use crate::i18n::{lang_now, t, text, Locale};
use crate::view::focus::{focus_first, focus_id};
use crate::view::form::{sentence, Problems};
use crate::view::kit::list::{
    refuse, DeleteIds, DeleteTwice, DeleteWords, ItemTable, ListSection, Outcome, TextInput,
};
use crate::view::kit::OpenChannel;
use crate::view::secret::SecretField;

/// The account's bots and the form that registers one (Settings → Chat
/// bots); a channel picks its bot in its own settings.
#[component]
pub fn BotsPage() -> impl IntoView {
    let page = Page::new(None);
    page.reload_bots();

    view! {
        <section class="admin-page" aria-labelledby="bots-title" data-testid="bots-page">
            <h1 id="bots-title">{t(ConsoleMsg::BotsTitle)}</h1>
            <p class="admin-intro" data-testid="bots-intro">{t(ConsoleMsg::BotsIntro)}</p>
            <p class="admin-intro">{t(ConsoleMsg::BotsIntroFaq)}</p>
            {page.messages()}
            <BotRows page />
            <RegisterForm page />
        </section>
    }
}

/// The bot of one channel (its settings' Chat bot section).
#[component]
pub fn ChannelBotSection() -> impl IntoView {
    let channel = OpenChannel::current().info();
    let page = Page::new(Some(channel.id.clone()));
    page.reload_bots();
    view! {
        <section class="admin-page" aria-labelledby="bot-channel-title" data-testid="bots-page">
            {page.messages()}
            <ChannelChoice page channel />
        </section>
    }
}

/// What the page's parts share. Cheap to copy.
#[derive(Clone, Copy)]
struct Page {
    session: Session,
    /// Every bot, the built-in one first (`None` while loading).
    bots: RwSignal<Option<Vec<BotInfo>>>,
    error: RwSignal<Option<String>>,
    saved: RwSignal<Option<String>>,
    /// The channel whose bot is shown.
    channel: RwSignal<Option<ChannelId>>,
    /// Its bot (`None` while loading).
    current: RwSignal<Option<ChannelBot>>,
    /// A new bot's name and signing secret, shown this once.
    secret: RwSignal<Option<(String, String)>>,
}

impl Page {
    /// A page for `channel`'s bot, or for the account's bots.
    fn new(channel: Option<ChannelId>) -> Self {
        Page {
            session: Session::current(),
            bots: RwSignal::new(None),
            error: RwSignal::new(None),
            saved: RwSignal::new(None),
            channel: RwSignal::new(channel),
            current: RwSignal::new(None),
            secret: RwSignal::new(None),
        }
    }

    /// The last failure and the last success, where people look for them.
    fn messages(self) -> impl IntoView {
        view! { <Outcome prefix="bot" error=self.error saved=self.saved /> }
    }

    /// Shows a success, clearing any error.
    fn done(&self, message: String) {
        self.error.set(None);
        self.saved.set(Some(message));
    }

    /// Shows a failure: the bot error it carries in the admin's language,
    /// else its message, as a sentence.
    fn failed(&self, failure: &Failure) {
        self.say_error(&refusal_message(failure, lang_now()));
    }

    /// Shows what is wrong, as a sentence.
    fn say_error(&self, message: &str) {
        self.saved.set(None);
        self.error.set(Some(sentence(message)));
    }

    /// Reads the bots again; the list shown stays until the answer comes.
    fn reload_bots(self) {
        spawn_local(async move {
            match bots_api::bots(&self.session.token()).await {
                Ok(list) => self.bots.set(Some(list.bots)),
                Err(f) => self.failed(&f),
            }
        });
    }

    /// The bot `id`, if listed.
    fn bot(&self, id: &BotId) -> Option<BotInfo> {
        self.bots
            .with_untracked(|b| b.iter().flatten().find(|b| &b.id == id).cloned())
    }
}

/// "Chat bot for new conversations" of the channel: none, or a bot that can
/// serve open channels; the others are shown disabled.
#[component]
fn ChannelChoice(page: Page, channel: ChannelInfo) -> impl IntoView {
    let locale = Locale::current();
    // What the select shows: "" for none, or a bot's id.
    let choice = RwSignal::new(String::new());
    let busy = RwSignal::new(false);

    let load = move |id: ChannelId| {
        page.current.set(None);
        spawn_local(async move {
            let result = bots_api::channel_bot(&page.session.token(), &id).await;
            if page.channel.get_untracked().as_ref() != Some(&id) {
                return;
            }
            match result {
                Ok(c) => page.current.set(Some(c)),
                Err(f) => page.failed(&f),
            }
        });
    };
    if let Some(id) = page.channel.get_untracked() {
        load(id);
    }
    // The channel's bot as loaded, saved, or deleted below shows here.
    Effect::new(move |_| {
        if let Some(c) = page.current.get() {
            choice.set(choice_value(c.bot.as_ref()));
        }
    });

    let save = move |_| {
        let Some(channel) = page.channel.get_untracked() else {
            return;
        };
        if busy.get_untracked() {
            return;
        }
        let bot = match choice.get_untracked().as_str() {
            "" => None,
            id => match BotId::parse(id) {
                Ok(id) => Some(id),
                // Only the select's own ids are offered.
                Err(_) => return page.say_error(&text(ConsoleMsg::ErrorsInvalid, &[])),
            },
        };
        // R-BOT-1: the worker refuses it too; say so without asking.
        if let Some(Err(e)) = bot
            .as_ref()
            .and_then(|id| page.bot(id))
            .map(|b| may_assign(&b))
        {
            page.say_error(&bot_error(lang_now(), &e));
            focus_id(SELECT);
            return;
        }
        let request = ChannelBot { channel, bot };
        busy.set(true);
        page.saved.set(None);
        spawn_local(async move {
            let result = bots_api::set_channel_bot(&page.session.token(), &request).await;
            busy.set(false);
            if page.channel.get_untracked().as_ref() != Some(&request.channel) {
                return;
            }
            match result {
                Ok(c) => {
                    let name = c.bot.as_ref().map(|id| {
                        page.bot(id)
                            .map(|b| b.name)
                            .unwrap_or_else(|| id.to_string())
                    });
                    page.current.set(Some(c));
                    page.done(saved_message(name.as_deref(), text));
                }
                Err(f) => {
                    page.failed(&f);
                    focus_id(SELECT);
                }
            }
        });
    };

    let options = move || {
        page.bots
            .get()
            .unwrap_or_default()
            .into_iter()
            .map(|b| {
                let value = b.id.to_string();
                let selected = value.clone();
                view! {
                    <option
                        value=value
                        disabled=!b.open_channels
                        prop:selected=move || choice.with(|c| *c == selected)
                    >
                        {option_label(&b, locale.lang())}
                    </option>
                }
            })
            .collect_view()
    };
    let hint = move || {
        let id = choice.get();
        let bot = page.bots.with(|b| {
            b.iter()
                .flatten()
                .find(|b| b.id.as_str() == id)
                .map(|b| b.kind.clone())
        });
        locale
            .lang()
            .console_text(choice_hint(bot.as_ref()))
            .into_owned()
    };
    let title = move || {
        locale.lang().console(
            ConsoleMsg::BotsChannelTitle,
            &[("channel", Arg::Str(&channel.name))],
        )
    };
    let (saving, save_label) = (t(ConsoleMsg::BotsSaving), t(ConsoleMsg::BotsSave));
    let loading = move || page.current.with(Option::is_none) || page.bots.with(Option::is_none);
    view! {
        <section class="admin-section" aria-labelledby="bot-channel-title">
            <h2 id="bot-channel-title">{title}</h2>
            <Show when=move || page.channel.with(Option::is_some)>
                <div class="admin-field">
                    <label for=SELECT>{t(ConsoleMsg::BotsChannelLabel)}</label>
                    <div class="admin-inline">
                        <select
                            id=SELECT
                            data-testid=SELECT
                            aria-describedby="bot-channel-hint"
                            disabled=loading
                            on:change=move |ev| choice.set(event_target_value(&ev))
                        >
                            <option value="" prop:selected=move || choice.with(String::is_empty)>
                                {t(ConsoleMsg::BotsNone)}
                            </option>
                            {options}
                        </select>
                        <button
                            type="button"
                            data-testid="bot-channel-save"
                            disabled=move || busy.get() || loading()
                            on:click=save
                        >
                            {move || if busy.get() { saving() } else { save_label() }}
                        </button>
                    </div>
                    <p class="hint" id="bot-channel-hint" data-testid="bot-channel-hint">{hint}</p>
                </div>
            </Show>
        </section>
    }
}

/// The bots, with Delete (asked twice) for registered ones.
#[component]
fn BotRows(page: Page) -> impl IntoView {
    let confirming = RwSignal::new(None::<BotId>);
    let deleting = RwSignal::new(false);

    let delete = move |id: BotId| {
        if deleting.get_untracked() {
            return;
        }
        deleting.set(true);
        let name = page
            .bot(&id)
            .map(|b| b.name)
            .unwrap_or_else(|| id.to_string());
        spawn_local(async move {
            let request = BotRef { id: id.clone() };
            let result = bots_api::delete(&page.session.token(), &request).await;
            deleting.set(false);
            confirming.set(None);
            match result {
                Ok(()) => {
                    page.bots
                        .update(|b| b.iter_mut().for_each(|b| b.retain(|b| b.id != id)));
                    let used = page
                        .current
                        .with_untracked(|c| c.as_ref().and_then(|c| c.bot.clone()))
                        == Some(id.clone());
                    if used {
                        page.current.update(|c| {
                            if let Some(c) = c {
                                c.bot = None;
                            }
                        });
                    }
                    page.done(deleted_message(&name, used, text));
                    focus_id("bots-list-title");
                }
                Err(f) => {
                    page.failed(&f);
                    focus_first(vec![row_button(&id, "bot-delete")]);
                }
            }
        });
    };
    let cancel = move |id: BotId| {
        confirming.set(None);
        focus_first(vec![row_button(&id, "bot-delete")]);
    };

    let rows = move || {
        let Some(bots) = page.bots.get() else {
            return view! { <p class="empty" role="status">{t(ConsoleMsg::BotsLoading)}</p> }
                .into_any();
        };
        let items = bots
            .into_iter()
            .map(|bot| view! { <BotRow bot confirming deleting delete cancel /> })
            .collect_view();
        view! {
            <ItemTable testid="bots-list" columns=&[ConsoleMsg::BotsColName, ConsoleMsg::BotsColKind, ConsoleMsg::BotsColOpen] actions=ConsoleMsg::BotsColActions>
                {items}
            </ItemTable>
        }
        .into_any()
    };
    view! {
        <ListSection title_id="bots-list-title" title=ConsoleMsg::BotsListTitle hint=ConsoleMsg::BotsListHint>
            {rows}
        </ListSection>
    }
}

/// One bot in the table.
#[component]
fn BotRow(
    bot: BotInfo,
    confirming: RwSignal<Option<BotId>>,
    deleting: RwSignal<bool>,
    delete: impl Fn(BotId) + Copy + Send + Sync + 'static,
    cancel: impl Fn(BotId) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let locale = Locale::current();
    let built_in = matches!(bot.kind, BotKind::Faq) || bot.id.as_str() == FAQ_BOT_ID;
    let actions = (!built_in).then(|| {
        view! {
            <DeleteTwice
                id=bot.id.clone()
                name=bot.name.clone()
                confirming
                deleting
                question_id=format!("bot-delete-question-{}", bot.id)
                ids=DeleteIds {
                    ask: "bot-delete",
                    confirm: "bot-delete-confirm",
                    cancel: "bot-delete-cancel",
                }
                words=DeleteWords {
                    ask: ConsoleMsg::BotsDelete,
                    ask_label: ConsoleMsg::BotsDeleteLabel,
                    question: ConsoleMsg::BotsDeleteQuestion,
                    confirm: ConsoleMsg::BotsConfirmDelete,
                    deleting: ConsoleMsg::BotsDeleting,
                    cancel: ConsoleMsg::BotsCancel,
                }
                on_ask=Callback::new(|id| focus_first(vec![row_button(&id, "bot-delete-cancel")]))
                on_delete=Callback::new(delete)
                on_cancel=Callback::new(cancel)
            />
        }
    });
    view! {
        <tr
            data-testid="bot-row"
            data-id=bot.id.to_string()
            data-open=bot.open_channels.to_string()
        >
            <td data-label=t(ConsoleMsg::BotsColName) data-testid="bot-row-name">{bot.name.clone()}</td>
            <td data-label=t(ConsoleMsg::BotsColKind) class="admin-email" data-testid="bot-row-kind">
                {move || kind_label(&bot.kind, locale.lang())}
            </td>
            <td data-label=t(ConsoleMsg::BotsColOpen) data-testid="bot-row-open">{t(open_label(bot.open_channels))}</td>
            <td class="admin-row-actions">{actions}</td>
        </tr>
    }
}

/// "Register a bot": its URL and, optionally, its name. On success the
/// signing secret shows once and the list is read again.
#[component]
fn RegisterForm(page: Page) -> impl IntoView {
    let url = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let problems = RwSignal::new(Problems::default());
    let busy = RwSignal::new(false);

    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let input = match check_input(&url.get_untracked(), &name.get_untracked(), text) {
            Ok(input) => input,
            Err(p) => {
                page.saved.set(None);
                return refuse(p, problems, page.error);
            }
        };
        problems.set(Problems::default());
        page.error.set(None);
        page.saved.set(None);
        page.secret.set(None);
        busy.set(true);
        spawn_local(async move {
            let result = bots_api::register(&page.session.token(), &input).await;
            busy.set(false);
            match result {
                Ok(created) => {
                    url.set(String::new());
                    name.set(String::new());
                    page.done(registered_message(&created.bot, text));
                    // Its field takes the focus.
                    page.secret
                        .set(Some((created.bot.name.clone(), created.secret)));
                    page.reload_bots();
                }
                Err(f) => {
                    let field = failure_field(&f);
                    let said = refusal_message(&f, lang_now());
                    let mut p = Problems::default();
                    if let Some(field) = field {
                        p.add(field, Some(sentence(&said)));
                    }
                    problems.set(p);
                    page.say_error(&said);
                    focus_id(field.unwrap_or(REGISTER));
                }
            }
        });
    };

    view! {
        <section class="admin-section" aria-labelledby="bot-register-title">
            {move || page.secret.get().map(|(name, secret)| view! { <NewSecret name secret page /> })}
            <form class="admin-form bot-register" on:submit=submit novalidate aria-labelledby="bot-register-title" data-testid="bot-form">
                <h2 id="bot-register-title">{t(ConsoleMsg::BotsRegisterTitle)}</h2>
                <p class="hint">{t(ConsoleMsg::BotsRegisterHint)}</p>
                <div class="admin-grid">
                    <TextInput
                        id=URL
                        label=ConsoleMsg::BotsUrlLabel
                        hint=ConsoleMsg::BotsUrlHint
                        url=true
                        bind=url
                        problems
                    />
                    <TextInput
                        id=NAME
                        label=ConsoleMsg::BotsNameLabel
                        hint=ConsoleMsg::BotsNameHint
                        bind=name
                        problems
                    />
                </div>
                <div class="admin-actions">
                    <button type="submit" id=REGISTER data-testid=REGISTER disabled=move || busy.get()>
                        {move || {
                            if busy.get() {
                                t(ConsoleMsg::BotsRegistering)()
                            } else {
                                t(ConsoleMsg::BotsRegister)()
                            }
                        }}
                    </button>
                </div>
            </form>
        </section>
    }
}

/// A new bot's signing secret, once, with "Copy" and "I have kept it".
#[component]
fn NewSecret(name: String, secret: String, page: Page) -> impl IntoView {
    focus_id(SECRET);
    let done = move |_| {
        page.secret.set(None);
        focus_id(URL);
    };
    view! {
        <div class="secret-box" data-testid="bot-secret-box">
            <SecretField
                id=SECRET.to_owned()
                label=text(ConsoleMsg::BotsSecretLabel, &[("name", Arg::Str(&name))])
                note=text(ConsoleMsg::BotsSecretNote, &[])
                testid=SECRET
                secret
            />
            <div class="admin-inline">
                <button type="button" data-testid="bot-secret-done" on:click=done>
                    {t(ConsoleMsg::BotsSecretDone)}
                </button>
            </div>
        </div>
    }
}

// Element ids (and test ids).
const SELECT: &str = "bot-channel-select";
const URL: &str = "bot-url";
const NAME: &str = "bot-name";
const REGISTER: &str = "bot-register";
const SECRET: &str = "bot-secret";

/// How a message is said: [`text`] in the page, a fixed language in tests.
type Say = fn(ConsoleMsg, &[(&str, Arg<'_>)]) -> String;

/// The selector of a row's button.
fn row_button(id: &BotId, testid: &str) -> String {
    format!("[data-testid=bot-row][data-id=\"{id}\"] [data-testid={testid}]")
}

/// The select's value for a channel's bot: its id, or "" for none.
fn choice_value(bot: Option<&BotId>) -> String {
    bot.map(|b| b.to_string()).unwrap_or_default()
}

/// A bot in the channel's select: its name, and why it cannot be chosen.
fn option_label(bot: &BotInfo, lang: Lang) -> String {
    if may_assign(bot).is_ok() {
        bot.name.clone()
    } else {
        lang.console(
            ConsoleMsg::BotsOptionClosed,
            &[("name", Arg::Str(&bot.name))],
        )
    }
}

/// How a bot is reached, in the list.
fn kind_label(kind: &BotKind, lang: Lang) -> String {
    match kind {
        BotKind::Faq => lang.console_text(ConsoleMsg::BotsBuiltIn).into_owned(),
        BotKind::Http { url } => url.clone(),
    }
}

/// Whether a bot serves open channels, in the list.
fn open_label(open: bool) -> ConsoleMsg {
    if open {
        ConsoleMsg::BotsOpenYes
    } else {
        ConsoleMsg::BotsOpenNo
    }
}

/// What the chosen bot does with the channel's new conversations
/// (`None`: no bot is chosen).
fn choice_hint(kind: Option<&BotKind>) -> ConsoleMsg {
    match kind {
        None => ConsoleMsg::BotsHintNone,
        Some(BotKind::Faq) => ConsoleMsg::BotsHintFaq,
        Some(BotKind::Http { .. }) => ConsoleMsg::BotsHintHttp,
    }
}

/// The bot to register, checked as the worker checks it ([`BotInput::url`],
/// [`parse_name`]), or every problem by field, in the page's order. A blank
/// name is left out: the bot's own is used.
fn check_input(url: &str, name: &str, say: Say) -> Result<BotInput, Problems> {
    let mut p = Problems::default();
    let url = url.trim();
    let name = name.trim();
    let input = BotInput {
        url: url.to_owned(),
        name: (!name.is_empty()).then(|| name.to_owned()),
    };
    p.add(
        URL,
        if url.is_empty() {
            Some(say(ConsoleMsg::BotsUrlMissing, &[]))
        } else {
            input.url().err().map(|_| {
                say(
                    ConsoleMsg::ErrorsUrl,
                    &[("max", Arg::count(MAX_SETTING_CHARS))],
                )
            })
        },
    );
    if let Some(name) = &input.name {
        p.add(
            NAME,
            parse_name(name).err().map(|_| {
                say(
                    ConsoleMsg::ErrorsBotName,
                    &[("max", Arg::count(MAX_BOT_NAME_CHARS))],
                )
            }),
        );
    }
    if p.is_empty() {
        Ok(input)
    } else {
        Err(p)
    }
}

/// The bot error a refusal carries ([`Failure::detail`]), if any.
fn bot_error_of(failure: &Failure) -> Option<BotError> {
    let detail = failure.detail.clone()?;
    serde_json::from_value(detail).ok()
}

/// What a refusal says in `lang`: the bot error it carries, else its
/// message.
fn refusal_message(failure: &Failure, lang: Lang) -> String {
    match bot_error_of(failure) {
        Some(e) => bot_error(lang, &e),
        None => failure.message.clone(),
    }
}

/// The field (by id) a refusal of the registration is about: a 400 about
/// the name (a bad one, or none when the bot gave none) is the name's; any
/// other 400 (a bad URL, no answer, a bad answer) is the URL's; anything
/// else is about the whole form.
fn failure_field(failure: &Failure) -> Option<&'static str> {
    if failure.status != Some(400) {
        return None;
    }
    let about_name = bot_error_of(failure).is_some_and(|e| e.about_name());
    Some(if about_name { NAME } else { URL })
}

/// Said when a bot is registered.
fn registered_message(bot: &BotInfo, say: Say) -> String {
    let msg = if bot.open_channels {
        ConsoleMsg::BotsRegisteredOpen
    } else {
        ConsoleMsg::BotsRegisteredClosed
    };
    say(msg, &[("name", Arg::Str(&bot.name))])
}

/// Said when a channel's bot is saved (`None`: no bot).
fn saved_message(bot: Option<&str>, say: Say) -> String {
    match bot {
        None => say(ConsoleMsg::BotsSavedNone, &[]),
        Some(name) => say(ConsoleMsg::BotsSavedBot, &[("name", Arg::Str(name))]),
    }
}

/// Said when a bot is deleted (`used`: by the channel shown).
fn deleted_message(name: &str, used: bool, say: Say) -> String {
    let msg = if used {
        ConsoleMsg::BotsDeletedUsed
    } else {
        ConsoleMsg::BotsDeleted
    };
    say(msg, &[("name", Arg::Str(name))])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn en(msg: ConsoleMsg, args: &[(&str, Arg<'_>)]) -> String {
        Lang::En.console(msg, args)
    }

    fn http(id: &str, name: &str, open: bool) -> BotInfo {
        BotInfo {
            id: BotId::parse(id).unwrap(),
            name: name.into(),
            kind: BotKind::Http {
                url: format!("https://bots.example/{id}"),
            },
            open_channels: open,
        }
    }

    #[test]
    fn bots_that_cannot_serve_open_channels_say_so() {
        // R-BOT-1
        assert_eq!(option_label(&BotInfo::faq(), Lang::En), "FAQ bot");
        assert_eq!(
            option_label(&http("b_1", "Helper", true), Lang::En),
            "Helper"
        );
        assert_eq!(
            option_label(&http("b_2", "Billing bot", false), Lang::En),
            "Billing bot (cannot serve open channels)"
        );
        assert_eq!(kind_label(&BotInfo::faq().kind, Lang::En), "Built in");
        assert_eq!(
            kind_label(&http("b_1", "Helper", true).kind, Lang::En),
            "https://bots.example/b_1"
        );
        assert_eq!(
            Lang::En.console_text(open_label(false)),
            "No: it cannot be chosen"
        );
        assert!(registered_message(&http("b_2", "Billing bot", false), en)
            .contains("cannot serve open channels"));
    }

    #[test]
    fn the_select_value_is_the_bot_s_id_or_empty() {
        assert_eq!(choice_value(None), "");
        assert_eq!(choice_value(Some(&BotId::parse("faq").unwrap())), "faq");
    }

    #[test]
    fn inputs_are_checked_as_the_worker_checks_them() {
        assert_eq!(
            check_input(" https://bots.example/canal ", "  ", en),
            Ok(BotInput {
                url: "https://bots.example/canal".into(),
                name: None,
            })
        );
        assert_eq!(
            check_input("https://bots.example/canal", " Helper ", en),
            Ok(BotInput {
                url: "https://bots.example/canal".into(),
                name: Some("Helper".into()),
            })
        );
        let p = check_input(" ", "", en).unwrap_err();
        assert_eq!(p.of(URL).as_deref(), Some("Enter the bot's URL."));
        assert_eq!(p.first_field(), Some(URL));
        let p = check_input("ftp://bots.example", &"n".repeat(61), en).unwrap_err();
        assert!(p.of(URL).is_some());
        assert_eq!(
            p.of(NAME).as_deref(),
            Some("The bot's name must be 1 to 60 characters of text.")
        );
    }

    #[test]
    fn refusals_point_at_their_field() {
        let failure = |status, error: BotError| Failure {
            status: Some(status),
            message: error.to_string(),
            said: error.to_string(),
            detail: serde_json::to_value(&error).ok(),
        };
        assert_eq!(failure_field(&failure(400, BotError::NoName)), Some(NAME));
        assert_eq!(failure_field(&failure(400, BotError::BadName)), Some(NAME));
        let no_answer = BotError::NoAnswer("https://bots.example/: timeout".into());
        assert_eq!(failure_field(&failure(400, no_answer.clone())), Some(URL));
        assert_eq!(failure_field(&failure(500, BotError::BuiltIn)), None);
        // Said in the admin's language, whatever the server's words.
        let said = refusal_message(&failure(400, no_answer), Lang::PtBr);
        assert!(said.contains("não respondeu"), "{said}");
        let plain = Failure {
            detail: None,
            ..failure(400, BotError::NoName)
        };
        assert_eq!(refusal_message(&plain, Lang::PtBr), plain.message);
    }

    #[test]
    fn messages_name_the_bot() {
        assert_eq!(
            saved_message(Some("FAQ bot"), en),
            "Saved: “FAQ bot” answers this channel's new conversations first."
        );
        assert!(saved_message(None, en).starts_with("Saved: this channel has no bot"));
        assert_eq!(
            deleted_message("Helper", true, en),
            "Deleted “Helper”. This channel has no bot now."
        );
        assert_eq!(deleted_message("Helper", false, en), "Deleted “Helper”.");
    }
}
