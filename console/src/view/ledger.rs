//! "All conversations" (admins and supervisors): every conversation of the
//! channels they see with its response times (R-KPI-4), filtered, sorted and
//! paged by the server, exported as CSV, and the message log's search
//! (R-CH-6). Each row opens its conversation.
//!
//! Every text shown here is in the console's catalog (#22).

use std::collections::BTreeMap;

use canal_shared::i18n::{Arg, ConsoleMsg};
use canal_shared::ids::{ConversationId, UserId};
use canal_shared::ledger::{
    ConversationPage, ConversationRecord, Cursor, Direction, SearchHit, SortBy,
};
use canal_shared::protocol::{ChannelInfo, Side, Verdict};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;

use crate::auth::Session;
use crate::format::{date_time, duration, status_attr, status_label, verdict_label};
use crate::i18n::{t, text, Locale};
use crate::stats_api;

/// A column of the list. The first, the conversation's number (which opens
/// it), always shows; the reader chooses the others (R-KPI-4), and the
/// choice is remembered in this browser.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Column {
    Number,
    Channel,
    Client,
    Operator,
    Status,
    Started,
    First,
    Average,
    Longest,
    Total,
    Late,
    Answers,
    Rating,
}

impl Column {
    const ALL: [Column; 13] = [
        Column::Number,
        Column::Channel,
        Column::Client,
        Column::Operator,
        Column::Status,
        Column::Started,
        Column::First,
        Column::Average,
        Column::Longest,
        Column::Total,
        Column::Late,
        Column::Answers,
        Column::Rating,
    ];

    /// Its name in the saved choice and in `data-column`.
    fn key(self) -> &'static str {
        match self {
            Column::Number => "number",
            Column::Channel => "channel",
            Column::Client => "client",
            Column::Operator => "operator",
            Column::Status => "status",
            Column::Started => "started",
            Column::First => "first",
            Column::Average => "average",
            Column::Longest => "longest",
            Column::Total => "total",
            Column::Late => "late",
            Column::Answers => "answers",
            Column::Rating => "rating",
        }
    }

    /// Its heading.
    fn label(self) -> ConsoleMsg {
        match self {
            Column::Number => ConsoleMsg::LedgerColNumber,
            Column::Channel => ConsoleMsg::LedgerColChannel,
            Column::Client => ConsoleMsg::LedgerColClient,
            Column::Operator => ConsoleMsg::LedgerColOperator,
            Column::Status => ConsoleMsg::LedgerColStatus,
            Column::Started => ConsoleMsg::LedgerColStarted,
            Column::First => ConsoleMsg::LedgerColFirst,
            Column::Average => ConsoleMsg::LedgerColAverage,
            Column::Longest => ConsoleMsg::LedgerColLongest,
            Column::Total => ConsoleMsg::LedgerColTotal,
            Column::Late => ConsoleMsg::LedgerColLate,
            Column::Answers => ConsoleMsg::LedgerColAnswers,
            Column::Rating => ConsoleMsg::LedgerColRating,
        }
    }

    /// The sort its heading sets, if it has one.
    fn sort(self) -> Option<SortBy> {
        match self {
            Column::Started => Some(SortBy::Started),
            Column::First => Some(SortBy::FirstResponse),
            Column::Average => Some(SortBy::AverageResponse),
            Column::Longest => Some(SortBy::MaxResponse),
            Column::Total => Some(SortBy::TotalResponse),
            Column::Late => Some(SortBy::Late),
            _ => None,
        }
    }

    /// Shown until the reader chooses: every column but the answers' count
    /// and the ratings, so that the response times fit at 1280 px.
    fn shown_at_first(self) -> bool {
        !matches!(self, Column::Answers | Column::Rating)
    }
}

/// Where the choice of columns is kept (`localStorage`, per browser).
const COLUMNS_KEY: &str = "canal:console:ledger-columns";

/// The columns a saved choice (their keys, comma-separated) shows, in
/// table order; nothing saved (or nothing readable) shows the first set.
fn shown_columns(saved: Option<&str>) -> Vec<Column> {
    let Some(saved) = saved.filter(|s| !s.trim().is_empty()) else {
        return Column::ALL
            .into_iter()
            .filter(|c| c.shown_at_first())
            .collect();
    };
    let keys: Vec<&str> = saved.split(',').map(str::trim).collect();
    Column::ALL
        .into_iter()
        .filter(|c| *c == Column::Number || keys.contains(&c.key()))
        .collect()
}

/// The choice as it is saved.
fn saved_columns(columns: &[Column]) -> String {
    columns
        .iter()
        .map(|c| c.key())
        .collect::<Vec<_>>()
        .join(",")
}

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// The list and the search.
#[component]
pub fn LedgerPage(
    /// The channels they see.
    channels: Vec<ChannelInfo>,
    /// Opens a conversation in the console.
    open: Callback<ConversationId>,
) -> impl IntoView {
    let token = Session::current().token();
    let token = StoredValue::new(token);
    let channel = RwSignal::new(String::new());
    let operator = RwSignal::new(String::new());
    let from = RwSignal::new(String::new());
    let to = RwSignal::new(String::new());
    let late = RwSignal::new(String::from("any"));
    let sort = RwSignal::new(SortBy::Started);
    let dir = RwSignal::new(Direction::Desc);
    // The cursor each page visited so far started after (the first: none).
    let pages = RwSignal::new(vec![None::<Cursor>]);
    let page = RwSignal::new(None::<ConversationPage>);
    let error = RwSignal::new(None::<String>);
    let operators = RwSignal::new(BTreeMap::<UserId, String>::new());
    let csv_href = RwSignal::new(None::<String>);
    // Only the answer to the latest request is shown (a quick second click
    // on a heading must not be overtaken by the first one's page).
    let asked = StoredValue::new(0_u64);
    // R-KPI-4: the columns shown, as this browser last chose them.
    let columns = RwSignal::new(shown_columns(
        local_storage()
            .and_then(|s| s.get_item(COLUMNS_KEY).ok().flatten())
            .as_deref(),
    ));
    let toggle = move |c: Column, on: bool| {
        columns.update(|cs| {
            let mut chosen: Vec<Column> = Column::ALL
                .into_iter()
                .filter(|x| if *x == c { on } else { cs.contains(x) })
                .collect();
            if !chosen.contains(&Column::Number) {
                chosen.insert(0, Column::Number);
            }
            *cs = chosen;
        });
        if let Some(s) = local_storage() {
            let _ = s.set_item(COLUMNS_KEY, &saved_columns(&columns.get_untracked()));
        }
    };

    let filters = move || {
        let (s, d) = (sort.get(), dir.get());
        vec![
            ("channel", channel.get()),
            ("operator", operator.get()),
            ("from", from.get()),
            ("to", to.get()),
            ("late", late.get()),
            ("sort", s.name().to_owned()),
            (
                "dir",
                match d {
                    Direction::Asc => "asc".into(),
                    Direction::Desc => "desc".into(),
                },
            ),
        ]
    };
    let load = move |after: Option<Cursor>| {
        let mut pairs = filters();
        if let Some(c) = &after {
            pairs.push(("after", c.encode()));
        }
        let q = stats_api::query(&pairs);
        error.set(None);
        asked.update_value(|n| *n += 1);
        let this = asked.get_value();
        spawn_local(async move {
            let answer = stats_api::list(&token.get_value(), &q).await;
            if asked.get_value() != this {
                return;
            }
            match answer {
                Ok(p) => {
                    operators.update(|ops| {
                        for r in &p.rows {
                            if let Some(o) = &r.operator {
                                ops.insert(o.id.clone(), o.name.clone());
                            }
                        }
                    });
                    page.set(Some(p));
                }
                Err(f) => error.set(Some(f.message)),
            }
        });
    };
    // Any change of a filter or the sort starts again from the first page.
    Effect::new(move |_| {
        filters();
        pages.set(vec![None]);
        csv_href.set(None);
        load(None);
    });
    let next = move |_| {
        if let Some(c) = page.with_untracked(|p| p.as_ref().and_then(|p| p.next.clone())) {
            pages.update(|s| s.push(Some(c.clone())));
            load(Some(c));
        }
    };
    let previous = move |_| {
        let mut stack = pages.get_untracked();
        if stack.len() > 1 {
            stack.pop();
            let after = stack.last().cloned().flatten();
            pages.set(stack);
            load(after);
        }
    };
    let export = move |_| {
        let q = stats_api::query(&filters());
        error.set(None);
        spawn_local(async move {
            match stats_api::csv(&token.get_value(), &q).await {
                Ok(csv) => match download(&csv) {
                    Some(href) => csv_href.set(Some(href)),
                    None => error.set(Some(text(ConsoleMsg::LedgerFileFailed, &[]))),
                },
                Err(f) => error.set(Some(f.message)),
            }
        });
    };
    let heading = move |c: Column| {
        let label = t(c.label());
        let key = c.key();
        let Some(s) = c.sort() else {
            return view! { <th scope="col" data-column=key>{label}</th> }.into_any();
        };
        let state = move || {
            if sort.get() != s {
                "none"
            } else if dir.get() == Direction::Asc {
                "ascending"
            } else {
                "descending"
            }
        };
        let click = move |_| {
            if sort.get_untracked() == s {
                dir.update(|d| {
                    *d = match d {
                        Direction::Asc => Direction::Desc,
                        Direction::Desc => Direction::Asc,
                    }
                });
            } else {
                sort.set(s);
                dir.set(Direction::Desc);
            }
        };
        view! {
            <th scope="col" aria-sort=state data-column=key>
                <button type="button" class="sort" data-testid=format!("sort-{}", s.name()) on:click=click>
                    {label}
                    <span class="sort-mark" aria-hidden="true">
                        {move || match state() {
                            "ascending" => " ▲",
                            "descending" => " ▼",
                            _ => "",
                        }}
                    </span>
                </button>
            </th>
        }
        .into_any()
    };
    let chooser = Column::ALL
        .into_iter()
        .filter(|c| *c != Column::Number)
        .map(|c| {
            let id = format!("ledger-column-{}", c.key());
            let (for_id, test_id) = (id.clone(), id.clone());
            view! {
                <label class="ledger-column-choice" for=for_id>
                    <input
                        type="checkbox"
                        id=id
                        data-testid=test_id
                        prop:checked=move || columns.with(|cs| cs.contains(&c))
                        on:change=move |ev| toggle(c, event_target_checked(&ev))
                    />
                    {t(c.label())}
                </label>
            }
        })
        .collect_view();
    let channel_options = channels
        .iter()
        .map(|c| view! { <option value=c.id.to_string()>{c.name.clone()}</option> })
        .collect_view();

    view! {
        <section class="admin-page ledger" aria-labelledby="ledger-title" data-testid="ledger-page">
            <h2 id="ledger-title">{t(ConsoleMsg::LedgerTitle)}</h2>
            <p class="admin-sub">{t(ConsoleMsg::LedgerIntro)}</p>
            <div class="ledger-filters" role="group" aria-label=t(ConsoleMsg::LedgerFilters)>
                <div class="admin-field">
                    <label for="ledger-channel">{t(ConsoleMsg::LedgerColChannel)}</label>
                    <select id="ledger-channel" data-testid="ledger-channel" on:change=move |ev| channel.set(event_target_value(&ev))>
                        <option value="">{t(ConsoleMsg::LedgerAllChannels)}</option>
                        {channel_options}
                    </select>
                </div>
                <div class="admin-field">
                    <label for="ledger-operator">{t(ConsoleMsg::LedgerColOperator)}</label>
                    <select id="ledger-operator" data-testid="ledger-operator" on:change=move |ev| operator.set(event_target_value(&ev))>
                        <option value="">{t(ConsoleMsg::LedgerEveryone)}</option>
                        {move || {
                            operators
                                .get()
                                .into_iter()
                                .map(|(id, name)| {
                                    let selected = operator.get_untracked() == id.as_str();
                                    view! { <option value=id.to_string() selected=selected>{name}</option> }
                                })
                                .collect_view()
                        }}
                    </select>
                </div>
                <div class="admin-field">
                    <label for="ledger-from">{t(ConsoleMsg::LedgerFrom)}</label>
                    <input id="ledger-from" type="date" data-testid="ledger-from" on:change=move |ev| from.set(event_target_value(&ev)) />
                </div>
                <div class="admin-field">
                    <label for="ledger-to">{t(ConsoleMsg::LedgerTo)}</label>
                    <input id="ledger-to" type="date" data-testid="ledger-to" on:change=move |ev| to.set(event_target_value(&ev)) />
                </div>
                <div class="admin-field">
                    <label for="ledger-late">{t(ConsoleMsg::LedgerColAnswers)}</label>
                    <select id="ledger-late" data-testid="ledger-late" on:change=move |ev| late.set(event_target_value(&ev))>
                        <option value="any">{t(ConsoleMsg::LedgerAny)}</option>
                        <option value="late">{t(ConsoleMsg::LedgerLate)}</option>
                        <option value="on_time">{t(ConsoleMsg::LedgerOnTime)}</option>
                    </select>
                </div>
                <button type="button" class="secondary" data-testid="ledger-export" on:click=export>
                    {t(ConsoleMsg::LedgerExport)}
                </button>
                {move || csv_href.get().map(|href| view! {
                    <a href=href download="conversations.csv" data-testid="ledger-csv-link">
                        {t(ConsoleMsg::LedgerDownload)}
                    </a>
                })}
            </div>
            {move || error.get().map(|e| view! { <p class="error" role="alert" data-testid="ledger-error">{e}</p> })}
            <div class="ledger-bar">
                <p class="ledger-count" role="status" data-testid="ledger-total">
                    {move || page.get().map(|p| {
                        Locale::current()
                            .lang()
                            .console(ConsoleMsg::LedgerTotal, &[("count", Arg::Num(p.total.try_into().unwrap_or(i64::MAX)))])
                    })}
                </p>
                <details class="ledger-columns" data-testid="ledger-columns">
                    <summary data-testid="ledger-columns-toggle" title=t(ConsoleMsg::LedgerColumnsTitle)>
                        <span aria-hidden="true">"⚙ "</span>
                        {t(ConsoleMsg::LedgerColumns)}
                    </summary>
                    <fieldset>
                        <legend>{t(ConsoleMsg::LedgerColumnsLegend)}</legend>
                        {chooser}
                    </fieldset>
                </details>
            </div>
            <div class="table-scroll">
                <table class="ledger-table" data-testid="ledger-table">
                    <thead>
                        <tr>{move || columns.get().into_iter().map(heading).collect_view()}</tr>
                    </thead>
                    <tbody>
                        {move || {
                            let shown = columns.get();
                            page.get()
                                .map(|p| p.rows)
                                .unwrap_or_default()
                                .into_iter()
                                .map(|r| row(r, &shown, open))
                                .collect_view()
                        }}
                    </tbody>
                </table>
            </div>
            <div class="ledger-pages">
                <button type="button" class="secondary" data-testid="ledger-previous" disabled=move || pages.get().len() < 2 on:click=previous>
                    {t(ConsoleMsg::LedgerPrevious)}
                </button>
                <span data-testid="ledger-page">{move || {
                    let n = Arg::count(pages.with(Vec::len));
                    Locale::current().lang().console(ConsoleMsg::LedgerPage, &[("page", n)])
                }}</span>
                <button
                    type="button"
                    class="secondary"
                    data-testid="ledger-next"
                    disabled=move || page.with(|p| p.as_ref().is_none_or(|p| p.next.is_none()))
                    on:click=next
                >
                    {t(ConsoleMsg::LedgerNext)}
                </button>
            </div>
            <Search open />
        </section>
    }
}

/// One conversation's row, with the cells of `columns`.
fn row(r: ConversationRecord, columns: &[Column], open: Callback<ConversationId>) -> impl IntoView {
    let s = r.response.clone();
    let measured = s.count > 0;
    let is_late = s.late > 0;
    let id = r.id.clone();
    let lang = crate::i18n::Locale::current().lang_now();
    let verdict = |v| lang.console_text(verdict_label(v));
    let verdicts = [
        r.rating.map(|v| {
            lang.console(
                ConsoleMsg::LedgerRatingClient,
                &[("verdict", Arg::Str(&verdict(v)))],
            )
        }),
        r.supervisor_rating.map(|v| {
            lang.console(
                ConsoleMsg::LedgerRatingSupervisor,
                &[("verdict", Arg::Str(&verdict(v)))],
            )
        }),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" · ");
    let cell = |c: Column| {
        match c {
        Column::Number => view! { <td>{open_link(id.clone(), r.number, open)}</td> }.into_any(),
        Column::Channel => view! { <td>{r.channel.name.clone()}</td> }.into_any(),
        Column::Client => view! { <td>{r.visitor_name.clone()}</td> }.into_any(),
        Column::Operator => view! {
            <td>{r.operator.as_ref().map(|o| o.name.clone()).unwrap_or_else(|| "—".into())}</td>
        }
        .into_any(),
        // Who answers has a column of its own.
        Column::Status => {
            view! { <td data-status=status_attr(r.status)>{status_label(lang, r.status, None)}</td> }
                .into_any()
        }
        Column::Started => view! {
            <td><time datetime=r.started_at.0.to_string()>{date_time(lang, r.started_at)}</time></td>
        }
        .into_any(),
        Column::First => view! { <td data-testid="ledger-first">{duration(lang, s.first_ms)}</td> }.into_any(),
        Column::Average => view! { <td data-testid="ledger-average">{duration(lang, s.average_ms())}</td> }.into_any(),
        Column::Longest => {
            view! { <td data-testid="ledger-longest">{duration(lang, measured.then_some(s.max_ms))}</td> }
                .into_any()
        }
        Column::Total => {
            view! { <td data-testid="ledger-total-time">{duration(lang, measured.then_some(s.total_ms))}</td> }
                .into_any()
        }
        Column::Late => view! { <td class:late=is_late>{s.late}</td> }.into_any(),
        Column::Answers => view! { <td>{s.count}</td> }.into_any(),
        Column::Rating => view! {
            <td data-verdict=r.rating.map(|v| if v == Verdict::Like { "like" } else { "dislike" })>
                {verdicts.clone()}
            </td>
        }
        .into_any(),
    }
    };
    let cells = columns.iter().map(|c| cell(*c)).collect_view();
    view! {
        <tr data-testid="ledger-row" data-id=r.id.to_string() data-late=s.late.to_string()>
            {cells}
        </tr>
    }
}

/// A link that opens the conversation in the console (and works as a
/// link), named by its number (R-KPI-3) when it has one.
fn open_link(
    id: ConversationId,
    number: Option<u64>,
    open: Callback<ConversationId>,
) -> impl IntoView {
    let href = format!("?conversation={id}");
    let lang = Locale::current().lang_now();
    let label = match number {
        Some(n) => n.to_string(),
        None => lang.console(ConsoleMsg::LedgerOpen, &[]),
    };
    let title = lang.console(
        ConsoleMsg::LedgerConversation,
        &[("number", Arg::Str(&label))],
    );
    view! {
        <a
            href=href
            title=title
            data-testid="ledger-open"
            on:click=move |ev| {
                ev.prevent_default();
                open.run(id.clone());
            }
        >
            {label}
        </a>
    }
}

/// A blob URL of the CSV text, for a download link.
fn download(text: &str) -> Option<String> {
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("text/csv");
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).ok()?;
    let href = web_sys::Url::create_object_url_with_blob(&blob).ok()?;
    // Start the download at once; the link stays for another try.
    let document = web_sys::window()?.document()?;
    let a: web_sys::HtmlAnchorElement = document.create_element("a").ok()?.dyn_into().ok()?;
    a.set_href(&href);
    a.set_download("conversations.csv");
    a.click();
    Some(href)
}

/// The message log's search: every word, as word starts (R-CH-6); a
/// conversation number finds that conversation too (R-KPI-3).
#[component]
fn Search(open: Callback<ConversationId>) -> impl IntoView {
    let token = Session::current().token();
    let token = StoredValue::new(token);
    let text = RwSignal::new(String::new());
    let hits = RwSignal::new(None::<Vec<SearchHit>>);
    let found = RwSignal::new(Vec::<ConversationRecord>::new());
    let error = RwSignal::new(None::<String>);
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let q = text.get_untracked();
        error.set(None);
        spawn_local(async move {
            match stats_api::search(&token.get_value(), &q).await {
                Ok(r) => {
                    found.set(r.conversations);
                    hits.set(Some(r.hits));
                }
                Err(f) => {
                    found.set(Vec::new());
                    hits.set(None);
                    error.set(Some(f.message));
                }
            }
        });
    };
    view! {
        <section class="ledger-search" aria-labelledby="search-title">
            <h3 id="search-title">{t(ConsoleMsg::LedgerSearch)}</h3>
            <form on:submit=submit role="search">
                <label for="search-text">{t(ConsoleMsg::LedgerSearchLabel)}</label>
                <input
                    id="search-text"
                    type="search"
                    data-testid="search-text"
                    maxlength="100"
                    prop:value=move || text.get()
                    on:input=move |ev| text.set(event_target_value(&ev))
                />
                <button type="submit" data-testid="search-submit">{t(ConsoleMsg::LedgerSearch)}</button>
            </form>
            {move || error.get().map(|e| view! { <p class="error" role="alert" data-testid="search-error">{e}</p> })}
            <div role="status" data-testid="search-status">
                {move || hits.get().map(|h| {
                    let lang = Locale::current().lang();
                    match (found.with(Vec::len), h.len()) {
                        (0, 0) => lang.console(ConsoleMsg::LedgerSearchNothing, &[]),
                        (_, 0) => lang.console(ConsoleMsg::LedgerSearchNumber, &[]),
                        (_, n) => lang.console(ConsoleMsg::LedgerSearchHits, &[("count", Arg::count(n))]),
                    }
                })}
            </div>
            <ul class="search-conversations" data-testid="search-conversations">
                {move || {
                    found
                        .get()
                        .into_iter()
                        .map(|r| {
                            let who = r
                                .operator
                                .as_ref()
                                .map(|o| format!(" · {}", o.name))
                                .unwrap_or_default();
                            view! {
                                <li data-testid="search-conversation" data-id=r.id.to_string()>
                                    {t(ConsoleMsg::LedgerSearchConversation)}
                                    " "
                                    {open_link(r.id.clone(), r.number, open)}
                                    {format!(
                                        " · {} · {} · {}{who}",
                                        r.visitor_name,
                                        r.channel.name,
                                        date_time(Locale::current().lang(), r.started_at),
                                    )}
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ul>
            <ol class="search-hits" data-testid="search-hits">
                {move || {
                    hits.get()
                        .unwrap_or_default()
                        .into_iter()
                        .map(|hit| {
                            let h = hit.message;
                            let side = crate::i18n::text(
                                match h.side {
                                    Side::Visitor => ConsoleMsg::LedgerColClient,
                                    Side::Operator => ConsoleMsg::LedgerColOperator,
                                    Side::System => ConsoleMsg::LedgerSideSystem,
                                },
                                &[],
                            );
                            view! {
                                <li data-testid="search-hit">
                                    <p class="hit-meta">
                                        <span>{format!("{} ({side})", h.author)}</span>
                                        " · "
                                        <time>{date_time(Locale::current().lang(), h.at)}</time>
                                        " · "
                                        {open_link(h.conversation.clone(), None, open)}
                                    </p>
                                    <p class="hit-text" data-testid="search-hit-text">{h.text}</p>
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ol>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn r_kpi_4_the_response_times_show_until_the_reader_chooses() {
        let first = shown_columns(None);
        for c in [
            Column::Number,
            Column::First,
            Column::Average,
            Column::Longest,
            Column::Total,
        ] {
            assert!(first.contains(&c), "{c:?}");
        }
        assert!(!first.contains(&Column::Rating));
        assert_eq!(shown_columns(Some("  ")), first);
    }

    #[test]
    fn r_kpi_4_a_saved_choice_comes_back_in_table_order_with_the_number() {
        let chosen = [
            Column::Number,
            Column::Client,
            Column::Total,
            Column::Rating,
        ];
        let saved = saved_columns(&chosen);
        assert_eq!(saved, "number,client,total,rating");
        assert_eq!(shown_columns(Some(&saved)), chosen);
        // Keys from elsewhere are ignored; the number always shows.
        assert_eq!(
            shown_columns(Some("rating, total,bogus")),
            [Column::Number, Column::Total, Column::Rating]
        );
        // Every column has a key of its own.
        let mut keys: Vec<&str> = Column::ALL.iter().map(|c| c.key()).collect();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), Column::ALL.len());
    }
}
