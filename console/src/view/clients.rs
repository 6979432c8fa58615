//! The Clients page (admins): the CRM's client cards (R-CRM-1…4) — search,
//! the list newest change first, a page at a time, one card's details and
//! conversations, and merging another card of the same person into it —
//! then each channel's CRM settings and the webhook of changes
//! ([`crate::view::crm_settings`]).
//!
//! Every text shown here is in the console's catalog (#22).

use canal_shared::crm::ClientCard;
use canal_shared::i18n::{Arg, ConsoleMsg, Lang};
use canal_shared::ids::ClientId;
use canal_shared::protocol::ChannelInfo;
use canal_shared::time::Timestamp;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::auth::Session;
use crate::format::{date_time, full_time};
use crate::i18n::{t, Locale};
use crate::view::client_card::{
    client_title, contacts, conversations_label, responsible_text, source_label, CardConversations,
    CardFacts, Names,
};
use crate::view::crm_settings::CrmWebhookSection;
use crate::view::focus::{focus_first, focus_id};
use crate::view::kit::list::ItemTable;
use crate::{admin, crm_api};

/// The client cards, and the webhook of their changes (each channel's CRM
/// settings are on its settings page).
#[component]
pub fn ClientsPage(
    /// Every channel (to name conversations').
    channels: Vec<ChannelInfo>,
) -> impl IntoView {
    let session = Session::current();
    let page = Clients {
        session,
        names: RwSignal::new(Names::default()),
        rows: RwSignal::new(Vec::new()),
        next: RwSignal::new(None),
        loaded: RwSignal::new(false),
        busy: RwSignal::new(false),
        searched: RwSignal::new(String::new()),
        error: RwSignal::new(None),
        saved: RwSignal::new(None),
        open: RwSignal::new(None),
        generation: StoredValue::new(0),
    };
    page.fetch(None);
    spawn_local(async move {
        // Without names, cards say "an operator not listed here".
        if let Ok(people) = admin::people(&session.token()).await {
            page.names.try_set(Names::from_people(&people));
        }
    });
    let all_channels = Signal::derive({
        let channels = channels.clone();
        move || channels.clone()
    });

    view! {
        <section class="admin-page" aria-labelledby="clients-title" data-testid="clients-page">
            <h1 id="clients-title">{t(ConsoleMsg::ClientsTitle)}</h1>
            <p class="admin-intro">{t(ConsoleMsg::ClientsIntro)}</p>
            <div class="admin-messages">
                {move || page.error.get().map(|e| view! { <p role="alert" class="error" data-testid="clients-error">{e}</p> })}
                <p role="status" class="admin-saved" data-testid="clients-saved">{move || page.saved.get()}</p>
            </div>
            {move || page.open.get().map(|card| view! { <ClientDetails card page channels=all_channels /> })}
            <ClientList page />
            <CrmWebhookSection />
        </section>
    }
}

/// The page's state. Cheap to copy.
#[derive(Clone, Copy)]
struct Clients {
    session: Session,
    /// Who is who (the account's people).
    names: RwSignal<Names>,
    /// The cards listed.
    rows: RwSignal<Vec<ClientCard>>,
    /// Where the next page starts, if there is one.
    next: RwSignal<Option<Timestamp>>,
    /// The first page came.
    loaded: RwSignal<bool>,
    /// A page is on its way.
    busy: RwSignal<bool>,
    /// The search the list shows.
    searched: RwSignal<String>,
    /// The last failure.
    error: RwSignal<Option<String>>,
    /// The last success.
    saved: RwSignal<Option<String>>,
    /// The card opened.
    open: RwSignal<Option<ClientCard>>,
    /// The number of the latest list asked for: older answers are dropped.
    generation: StoredValue<u64>,
}

impl Clients {
    /// Fetches the page before `before` of the current search (the first
    /// with `None`, which replaces the list).
    fn fetch(self, before: Option<Timestamp>) {
        let generation = self.generation.with_value(|g| g + 1);
        self.generation.set_value(generation);
        let q = self.searched.get_untracked();
        self.busy.set(true);
        self.error.set(None);
        let token = self.session.token();
        spawn_local(async move {
            let result = crm_api::clients(&token, &q, before).await;
            if self.generation.try_get_value() != Some(generation) {
                return;
            }
            self.busy.set(false);
            match result {
                Ok(page) => {
                    let first_new = if before.is_some() {
                        self.rows.with_untracked(Vec::len)
                    } else {
                        0
                    };
                    let added = !page.clients.is_empty();
                    if before.is_some() {
                        self.rows.update(|r| r.extend(page.clients));
                    } else {
                        self.rows.set(page.clients);
                    }
                    self.next.set(page.next);
                    self.loaded.set(true);
                    if before.is_some() {
                        // "Load more" may be gone: go on where the new rows start.
                        if added {
                            focus_first(vec![format!(
                                "[data-testid=client-row][data-index=\"{first_new}\"]"
                            )]);
                        } else {
                            focus_id("clients-list-title");
                        }
                    }
                }
                Err(f) => self.error.set(Some(f.message)),
            }
        });
    }

    /// Opens card `id`, as the CRM holds it now.
    fn open_card(self, id: ClientId) {
        self.error.set(None);
        self.saved.set(None);
        let token = self.session.token();
        spawn_local(async move {
            match crm_api::client(&token, &id).await {
                Ok(card) => {
                    self.open.set(Some(card));
                    focus_id("client-details-title");
                }
                Err(f) => self.error.set(Some(f.message)),
            }
        });
    }

    /// Closes the card; the focus goes back to its row.
    fn close_card(self) {
        let id = self
            .open
            .with_untracked(|c| c.as_ref().map(|c| c.id.to_string()));
        self.open.set(None);
        let mut selectors = Vec::new();
        if let Some(id) = id {
            selectors.push(format!(
                "[data-testid=client-row][data-id=\"{id}\"] [data-testid=client-open]"
            ));
        }
        selectors.push("#clients-search".into());
        focus_first(selectors);
    }

    /// `from` was merged into `card`: it is shown, and the list follows.
    fn merged(self, card: ClientCard, from: String) {
        let lang = Locale::current().lang_now();
        self.saved.set(Some(merged_message(lang, &card, &from)));
        self.open.set(Some(card));
        focus_id("client-details-title");
        self.fetch(None);
    }
}

/// The search, the list and "Load more".
#[component]
fn ClientList(page: Clients) -> impl IntoView {
    let typed = RwSignal::new(String::new());
    let search = move |ev: SubmitEvent| {
        ev.prevent_default();
        page.searched.set(typed.get_untracked().trim().to_owned());
        page.fetch(None);
    };
    let more = move |_| {
        if page.busy.get_untracked() {
            return;
        }
        if let Some(before) = page.next.get_untracked() {
            page.fetch(Some(before));
        }
    };
    let locale = Locale::current();
    let count = move || {
        if !page.loaded.get() {
            return None;
        }
        let n = page.rows.with(Vec::len);
        let more = page.next.with(Option::is_some);
        Some(
            page.searched
                .with(|q| count_text(locale.lang(), n, more, q)),
        )
    };
    let table = move || {
        if !page.loaded.get() {
            return ().into_any();
        }
        let rows = page.rows.get();
        if rows.is_empty() {
            return view! {
                <p class="empty" data-testid="clients-empty">
                    {move || page.searched.with(|q| empty_text(locale.lang(), q))}
                </p>
            }
            .into_any();
        }
        let items = rows
            .into_iter()
            .enumerate()
            .map(|(i, card)| view! { <ClientRow card index=i page /> })
            .collect_view();
        view! {
            <ItemTable testid="clients-list" class="clients-table" columns=&[ConsoleMsg::ClientsColName, ConsoleMsg::ClientsColEmails, ConsoleMsg::ClientsColPhones, ConsoleMsg::ClientsColResponsible, ConsoleMsg::ClientsColLead, ConsoleMsg::ClientsColConversations, ConsoleMsg::ClientsColChanged]>
                {items}
            </ItemTable>
        }
        .into_any()
    };
    view! {
        <section class="admin-section" aria-labelledby="clients-list-title">
            <h2 id="clients-list-title" tabindex="-1">{t(ConsoleMsg::ClientsCards)}</h2>
            <form class="admin-inline clients-search" role="search" on:submit=search>
                <label for="clients-search">{t(ConsoleMsg::ClientsSearchLabel)}</label>
                <input
                    id="clients-search"
                    type="search"
                    data-testid="clients-search"
                    autocomplete="off"
                    prop:value=move || typed.get()
                    on:input=move |ev| typed.set(event_target_value(&ev))
                />
                <button type="submit" data-testid="clients-search-submit">{t(ConsoleMsg::ClientsSearch)}</button>
            </form>
            <p role="status" class="hint" data-testid="clients-count" aria-busy=move || page.busy.get().then_some("true")>
                {move || {
                    if page.loaded.get() {
                        count()
                    } else {
                        page.error.with(Option::is_none).then(t(ConsoleMsg::ClientsLoading))
                    }
                }}
            </p>
            {table}
            <Show when=move || page.next.with(Option::is_some)>
                <div class="admin-actions">
                    <button
                        type="button"
                        class="secondary"
                        data-testid="clients-more"
                        disabled=move || page.busy.get()
                        on:click=more
                    >
                        {t(ConsoleMsg::ClientsLoadMore)}
                    </button>
                </div>
            </Show>
        </section>
    }
}

/// One card in the list; its name opens it.
#[component]
fn ClientRow(card: ClientCard, index: usize, page: Clients) -> impl IntoView {
    let locale = Locale::current();
    let lang = locale.lang_now();
    let id = card.id.clone();
    let title = client_title(lang, &card);
    let responsible = {
        let card = card.clone();
        move || {
            page.names
                .with(|n| responsible_text(locale.lang(), &card, n))
        }
    };
    let source = card.lead.as_ref().map(|l| l.source);
    let lead = move || match source {
        Some(kind) => source_label(locale.lang(), kind),
        None => locale.lang().console(ConsoleMsg::ClientsLeadNone, &[]),
    };
    let (emails, phones) = (card.emails.clone(), card.phones.clone());
    let count = card.conversations.len();
    let open = move |_| page.open_card(id.clone());
    view! {
        <tr data-testid="client-row" data-id=card.id.to_string() data-index=index.to_string() tabindex="-1">
            <td data-label=t(ConsoleMsg::ClientsColName) data-testid="client-row-name">
                <button
                    type="button"
                    class="link-button"
                    data-testid="client-open"
                    aria-label=lang.console(ConsoleMsg::ClientsOpenLabel, &[("name", Arg::Str(&title))])
                    on:click=open
                >
                    {title.clone()}
                </button>
            </td>
            <td data-label=t(ConsoleMsg::ClientsColEmails) class="admin-email" data-testid="client-row-emails">{move || contacts(locale.lang(), &emails)}</td>
            <td data-label=t(ConsoleMsg::ClientsColPhones) data-testid="client-row-phones">{move || contacts(locale.lang(), &phones)}</td>
            <td data-label=t(ConsoleMsg::ClientsColResponsible) data-testid="client-row-responsible">{responsible}</td>
            <td data-label=t(ConsoleMsg::ClientsColLead) data-testid="client-row-lead">{lead}</td>
            <td data-label=t(ConsoleMsg::ClientsColConversations) data-testid="client-row-conversations" data-count=count.to_string()>
                {move || conversations_label(locale.lang(), count)}
            </td>
            <td data-label=t(ConsoleMsg::ClientsColChanged) data-testid="client-row-updated">
                <time datetime=full_time(card.updated_at)>{move || date_time(locale.lang(), card.updated_at)}</time>
            </td>
        </tr>
    }
}

/// The card opened: its facts, its conversations, and merging.
#[component]
fn ClientDetails(
    card: ClientCard,
    page: Clients,
    channels: Signal<Vec<ChannelInfo>>,
) -> impl IntoView {
    let title = client_title(Locale::current().lang_now(), &card);
    let conversations: Vec<_> = card.conversations.iter().rev().cloned().collect();
    let id = card.id.to_string();
    view! {
        <section
            class="admin-section client-details"
            aria-labelledby="client-details-title"
            data-testid="client-details"
            data-id=id
        >
            <div class="client-details-head">
                <h2 id="client-details-title" tabindex="-1" data-testid="client-details-title">{title}</h2>
                <button type="button" class="secondary" data-testid="client-close" on:click=move |_| page.close_card()>
                    {t(ConsoleMsg::ClientsClose)}
                </button>
            </div>
            <CardFacts card=card.clone() names=page.names.into() prefix="client-details" />
            <CardConversations conversations channels title=ConsoleMsg::ClientsColConversations />
            <MergePicker into=card page />
        </section>
    }
}

/// Where merging stands.
#[derive(Clone, Debug, PartialEq)]
enum Stage {
    /// Not started.
    Closed,
    /// Finding the other card.
    Picking,
    /// The other card, chosen: confirm.
    Confirming(Box<ClientCard>),
}

/// "Merge into this card…": find the other card of the same person, then
/// confirm (R-CRM-1: cards are merged by hand).
#[component]
fn MergePicker(into: ClientCard, page: Clients) -> impl IntoView {
    let into = StoredValue::new(into);
    let stage = RwSignal::new(Stage::Closed);
    let typed = RwSignal::new(String::new());
    let results = RwSignal::new(None::<Vec<ClientCard>>);
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);

    let find = move || {
        let q = typed.get_untracked();
        let token = page.session.token();
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            let result = crm_api::clients(&token, &q, None).await;
            if busy.try_set(false).is_some() {
                return;
            }
            match result {
                Ok(p) => {
                    let own = into.with_value(|c| c.id.clone());
                    results.set(Some(candidates(p.clients, &own)));
                }
                Err(f) => error.set(Some(f.message)),
            }
        });
    };
    let start = move |_| {
        stage.set(Stage::Picking);
        typed.set(String::new());
        find();
        focus_id("client-merge-search");
    };
    let cancel = move || {
        stage.set(Stage::Closed);
        error.set(None);
        focus_id("client-merge");
    };
    let choose = Callback::new(move |card: ClientCard| {
        error.set(None);
        stage.set(Stage::Confirming(Box::new(card)));
        focus_id("client-merge-cancel");
    });
    let confirm = move |_| {
        let Stage::Confirming(from) = stage.get_untracked() else {
            return;
        };
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        error.set(None);
        let token = page.session.token();
        let into_id = into.with_value(|c| c.id.clone());
        spawn_local(async move {
            let result = crm_api::merge(&token, &into_id, &from.id).await;
            if busy.try_set(false).is_some() {
                return;
            }
            match result {
                Ok(card) => page.merged(card, client_title(Locale::current().lang_now(), &from)),
                Err(f) => {
                    error.set(Some(f.message));
                    focus_id("client-merge-cancel");
                }
            }
        });
    };
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        find();
    };
    let locale = Locale::current();
    let into_title = move || into.with_value(|c| client_title(locale.lang(), c));
    let error_view = move || {
        error.get().map(
            |e| view! { <p role="alert" class="error" data-testid="client-merge-error">{e}</p> },
        )
    };

    move || {
        match stage.get() {
        Stage::Closed => view! {
            <div class="admin-actions">
                <button type="button" class="secondary" id="client-merge" data-testid="client-merge" on:click=start>
                    {t(ConsoleMsg::ClientsMergeOpen)}
                </button>
            </div>
        }
        .into_any(),
        Stage::Picking => view! {
            <div class="client-merge-panel" role="group" aria-labelledby="client-merge-title" data-testid="client-merge-panel">
                <h3 id="client-merge-title">
                    {move || locale.lang().console(ConsoleMsg::ClientsMergeTitle, &[("name", Arg::Str(&into_title()))])}
                </h3>
                <p class="hint">{t(ConsoleMsg::ClientsMergeHint)}</p>
                <form class="admin-inline" role="search" on:submit=submit>
                    <label for="client-merge-search">{t(ConsoleMsg::ClientsMergeFind)}</label>
                    <input
                        id="client-merge-search"
                        type="search"
                        data-testid="client-merge-search"
                        autocomplete="off"
                        prop:value=move || typed.get()
                        on:input=move |ev| typed.set(event_target_value(&ev))
                    />
                    <button type="submit" class="secondary" data-testid="client-merge-find" disabled=move || busy.get()>
                        {t(ConsoleMsg::ClientsSearch)}
                    </button>
                </form>
                {error_view}
                <Candidates results busy choose />
                <div class="admin-actions">
                    <button type="button" class="secondary" id="client-merge-cancel" data-testid="client-merge-cancel" on:click=move |_| cancel()>
                        {t(ConsoleMsg::ClientsCancel)}
                    </button>
                </div>
            </div>
        }
        .into_any(),
        Stage::Confirming(from) => {
            let lang = locale.lang();
            let items = into.with_value(|into| merge_consequences(lang, into, &from));
            let question = lang.console(
                ConsoleMsg::ClientsMergeQuestion,
                &[
                    ("from", Arg::Str(&client_title(lang, &from))),
                    ("name", Arg::Str(&into_title())),
                ],
            );
            view! {
                <div
                    class="client-merge-panel client-merge-confirm"
                    role="group"
                    aria-labelledby="client-merge-question"
                    data-testid="client-merge-confirm-panel"
                >
                    <h3 id="client-merge-question">{question}</h3>
                    <ul class="channel-consequences" data-testid="client-merge-consequences">
                        {items.into_iter().map(|i| view! { <li>{i}</li> }).collect_view()}
                    </ul>
                    {error_view}
                    <div class="admin-actions">
                        <button
                            type="button"
                            class="danger"
                            data-testid="client-merge-confirm"
                            disabled=move || busy.get()
                            on:click=confirm
                        >
                            {move || t(if busy.get() { ConsoleMsg::ClientsMerging } else { ConsoleMsg::ClientsMerge })()}
                        </button>
                        <button type="button" class="secondary" id="client-merge-cancel" data-testid="client-merge-cancel" on:click=move |_| cancel()>
                            {t(ConsoleMsg::ClientsCancel)}
                        </button>
                    </div>
                </div>
            }
            .into_any()
        }
    }
    }
}

/// The cards found for a merge, each with "Choose".
#[component]
fn Candidates(
    results: RwSignal<Option<Vec<ClientCard>>>,
    busy: RwSignal<bool>,
    choose: Callback<ClientCard>,
) -> impl IntoView {
    move || {
        match results.get() {
        None => view! { <p role="status" class="hint">{t(ConsoleMsg::ClientsMergeLooking)}</p> }.into_any(),
        Some(list) if list.is_empty() => view! {
            <p role="status" class="hint" data-testid="client-merge-none">{t(ConsoleMsg::ClientsMergeNone)}</p>
        }
        .into_any(),
        Some(list) => view! {
            <ul class="client-merge-candidates" aria-busy=move || busy.get().then_some("true")>
                {list
                    .into_iter()
                    .map(|card| {
                        let lang = Locale::current().lang();
                        let title = client_title(lang, &card);
                        let details = candidate_details(lang, &card);
                        let id = card.id.to_string();
                        view! {
                            <li class="client-merge-candidate" data-testid="client-merge-candidate" data-id=id>
                                <span class="client-merge-name">{title.clone()}</span>
                                <span class="hint">{details}</span>
                                <button
                                    type="button"
                                    class="secondary"
                                    data-testid="client-merge-pick"
                                    aria-label=lang.console(ConsoleMsg::ClientsChooseLabel, &[("name", Arg::Str(&title))])
                                    on:click=move |_| choose.run(card.clone())
                                >
                                    {t(ConsoleMsg::ClientsChoose)}
                                </button>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        }
        .into_any(),
    }
    }
}

/// The cards that may be merged into `own`: every other one.
fn candidates(cards: Vec<ClientCard>, own: &ClientId) -> Vec<ClientCard> {
    cards
        .into_iter()
        .filter(|c| &c.id != own && c.merged_into.is_none())
        .collect()
}

/// A candidate's contacts and conversations, on one line.
fn candidate_details(lang: Lang, card: &ClientCard) -> String {
    let mut parts: Vec<String> = card
        .emails
        .iter()
        .chain(card.phones.iter())
        .cloned()
        .collect();
    parts.push(conversations_label(lang, card.conversations.len()));
    parts.join(" · ")
}

/// What merging `from` into `into` does, item by item.
fn merge_consequences(lang: Lang, into: &ClientCard, from: &ClientCard) -> Vec<String> {
    let (to, gone) = (client_title(lang, into), client_title(lang, from));
    let moved = from.conversations.len();
    let total = into.conversations.len()
        + from
            .conversations
            .iter()
            .filter(|c| !into.conversations.iter().any(|x| x.id == c.id))
            .count();
    let mut contacts: Vec<String> = from.emails.iter().chain(&from.phones).cloned().collect();
    contacts.retain(|c| !into.emails.contains(c) && !into.phones.contains(c));
    let contacts = if contacts.is_empty() {
        lang.console(ConsoleMsg::ClientsContactsMove, &[("name", Arg::Str(&to))])
    } else {
        lang.console(
            ConsoleMsg::ClientsContactsMoveListed,
            &[
                ("contacts", Arg::Str(&contacts.join(", "))),
                ("name", Arg::Str(&to)),
            ],
        )
    };
    vec![
        lang.console(
            ConsoleMsg::ClientsConversationsMove,
            &[
                ("moved", Arg::count(moved)),
                ("name", Arg::Str(&to)),
                ("total", Arg::Str(&conversations_label(lang, total))),
            ],
        ),
        contacts,
        lang.console(
            ConsoleMsg::ClientsKeeps,
            &[("name", Arg::Str(&to)), ("from", Arg::Str(&gone))],
        ),
        lang.console(ConsoleMsg::ClientsDisappears, &[("from", Arg::Str(&gone))]),
    ]
}

/// What is said after a merge.
fn merged_message(lang: Lang, card: &ClientCard, from: &str) -> String {
    lang.console(
        ConsoleMsg::ClientsMerged,
        &[
            ("from", Arg::Str(from)),
            ("name", Arg::Str(&client_title(lang, card))),
            (
                "total",
                Arg::Str(&conversations_label(lang, card.conversations.len())),
            ),
        ],
    )
}

/// How many cards the list shows.
fn count_text(lang: Lang, n: usize, more: bool, q: &str) -> String {
    let msg = match (q.is_empty(), more) {
        (true, false) => ConsoleMsg::ClientsCount,
        (true, true) => ConsoleMsg::ClientsCountMore,
        (false, false) => ConsoleMsg::ClientsCountSearch,
        (false, true) => ConsoleMsg::ClientsCountSearchMore,
    };
    lang.console(msg, &[("count", Arg::count(n)), ("search", Arg::Str(q))])
}

/// What an empty list says.
fn empty_text(lang: Lang, q: &str) -> String {
    if q.is_empty() {
        lang.console(ConsoleMsg::ClientsEmpty, &[])
    } else {
        lang.console(ConsoleMsg::ClientsEmptySearch, &[("search", Arg::Str(q))])
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use canal_shared::connectors::ConnectorKind;
    use canal_shared::crm::ClientConversation;
    use canal_shared::ids::{ChannelId, ConversationId};

    use super::*;

    fn card(id: &str, name: Option<&str>, emails: &[&str], conversations: &[&str]) -> ClientCard {
        ClientCard {
            id: ClientId::parse(id).unwrap(),
            name: name.map(str::to_owned),
            emails: emails.iter().map(|e| (*e).to_owned()).collect(),
            phones: BTreeSet::new(),
            keys: BTreeSet::new(),
            responsible: None,
            lead: None,
            conversations: conversations
                .iter()
                .map(|c| ClientConversation {
                    id: ConversationId::parse(c).unwrap(),
                    channel: ChannelId::parse("demo").unwrap(),
                    source: ConnectorKind::LiveChat,
                    at: Timestamp(1),
                })
                .collect(),
            created_at: Timestamp(1),
            updated_at: Timestamp(1),
            merged_into: None,
            alias: None,
        }
    }

    #[test]
    fn r_crm_1_the_confirmation_says_what_a_merge_does() {
        let rita = card("cl_a", Some("Rita Lee"), &["rita@example.com"], &["c1"]);
        let other = card("cl_b", None, &["rita.lee@example.org"], &["c2"]);
        let items = merge_consequences(Lang::En, &rita, &other);
        assert_eq!(
            items[0],
            "Its conversation moves to “Rita Lee”, which then has 2 conversations."
        );
        assert!(items[1].contains("(rita.lee@example.org)"), "{}", items[1]);
        assert!(items[1].contains("recognised as “Rita Lee”"));
        assert!(items[2].contains("keeps its own name, responsible and lead"));
        assert_eq!(
            items[3],
            "“rita.lee@example.org” disappears from the list. This cannot be undone."
        );
        // A conversation both have is counted once.
        let twin = card("cl_c", None, &["rita@example.com"], &["c1", "c3"]);
        let items = merge_consequences(Lang::En, &rita, &twin);
        assert!(
            items[0].ends_with("which then has 2 conversations."),
            "{}",
            items[0]
        );
        assert!(!items[1].contains('('), "{}", items[1]);
    }

    #[test]
    fn a_card_is_not_merged_into_itself() {
        let a = card("cl_a", Some("A"), &[], &[]);
        let b = card("cl_b", Some("B"), &[], &[]);
        let mut gone = card("cl_c", Some("C"), &[], &[]);
        gone.merged_into = Some(a.id.clone());
        let left = candidates(vec![a.clone(), b.clone(), gone], &a.id);
        assert_eq!(left, vec![b]);
    }

    #[test]
    fn the_list_says_what_it_shows() {
        assert_eq!(
            count_text(Lang::En, 1, false, ""),
            "Showing 1 card, newest change first."
        );
        assert_eq!(
            count_text(Lang::En, 50, true, "rita"),
            "Showing 50 cards matching “rita”, more below, newest change first."
        );
        assert_eq!(empty_text(Lang::En, "zz"), "No card matches “zz”.");
        assert!(empty_text(Lang::En, "").starts_with("No client yet"));
        let merged = card("cl_a", Some("Rita Lee"), &[], &["c1", "c2"]);
        assert_eq!(
            merged_message(Lang::En, &merged, "rita.lee@example.org"),
            "Merged “rita.lee@example.org” into “Rita Lee”: it has 2 conversations now."
        );
        let c = card("cl_b", None, &["a@example.com"], &["c1"]);
        assert_eq!(
            candidate_details(Lang::En, &c),
            "a@example.com · 1 conversation"
        );
    }
}
