//! The statistics of a channel (admins and supervisors, R-KPI-4): charts
//! drawn as inline SVG by the console — conversations per day, the first
//! response times, the share of late answers, the clients' ratings — from
//! the day figures the ledger keeps as conversations change.
//!
//! Every text shown here is in the console's catalog (#22).

use canal_shared::i18n::{Arg, ConsoleMsg, Lang};
use canal_shared::ids::ChannelId;
use canal_shared::ledger::{DayStats, StatsQuery, FIRST_BUCKETS_MS, MAX_STATS_DAYS};
use canal_shared::protocol::{ChannelInfo, Verdict};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::auth::Session;
use crate::format::{now, verdict_label};
use crate::i18n::{t, Locale};
use crate::stats_api;
use crate::view::form::ChannelPicker;

/// The chart area, in SVG units (it scales to the page's width).
const WIDTH: f64 = 640.0;
const HEIGHT: f64 = 180.0;
/// Room for the axis labels.
const LEFT: f64 = 40.0;
const BOTTOM: f64 = 24.0;
const DAY_MS: i64 = 86_400_000;

/// One bar: its parts (value, CSS class) stacked from the bottom, its label
/// under it (if shown) and its tooltip.
struct Bar {
    parts: Vec<(f64, &'static str)>,
    label: String,
    title: String,
}

/// A bar chart with a y axis from 0 to the tallest bar.
fn bar_chart(
    testid: &'static str,
    summary: String,
    unit: &'static str,
    bars: Vec<Bar>,
) -> impl IntoView {
    let max = bars
        .iter()
        .map(|b| b.parts.iter().map(|(v, _)| v).sum::<f64>())
        .fold(0.0, f64::max)
        .max(1.0);
    let n = bars.len().max(1) as f64;
    let slot = (WIDTH - LEFT) / n;
    let width = (slot * 0.8).max(1.0);
    let every = (bars.len() / 10).max(1);
    let scale = (HEIGHT - BOTTOM - 8.0) / max;
    let top = HEIGHT - BOTTOM;
    let rects = bars
        .into_iter()
        .enumerate()
        .map(|(i, bar)| {
            let x = LEFT + slot * i as f64 + (slot - width) / 2.0;
            let mut y = top;
            let parts = bar
                .parts
                .iter()
                .map(|(v, class)| {
                    let h = v * scale;
                    y -= h;
                    view! { <rect class=*class x=x y=y width=width height=h></rect> }
                })
                .collect_view();
            let label = (i % every == 0).then(|| {
                view! {
                    <text class="axis" x=x + width / 2.0 y=HEIGHT - 6.0 text-anchor="middle">{bar.label.clone()}</text>
                }
            });
            view! {
                <g class="bar" data-testid="chart-bar">
                    <title>{bar.title}</title>
                    {parts}
                    {label}
                </g>
            }
        })
        .collect_view();
    let max_label = if unit == "%" {
        format!("{max:.0}%")
    } else {
        format!("{max:.0}")
    };
    view! {
        <svg
            class="chart"
            data-testid=testid
            viewBox=[0.0, 0.0, WIDTH, HEIGHT].map(|n| n.to_string()).join(" ")
            role="img"
            aria-label=summary
        >
            <line class="axis-line" x1=LEFT y1=top x2=WIDTH y2=top></line>
            <line class="axis-line" x1=LEFT y1=8.0 x2=LEFT y2=top></line>
            <text class="axis" x=LEFT - 4.0 y=14.0 text-anchor="end">{max_label}</text>
            <text class="axis" x=LEFT - 4.0 y=top text-anchor="end">"0"</text>
            {rects}
        </svg>
    }
}

/// `MM-DD` of a `YYYY-MM-DD` day.
fn short_day(day: &str) -> String {
    day.get(5..).unwrap_or(day).to_owned()
}

/// The UTC day `days_ago` days before today, as `YYYY-MM-DD`.
fn day_before(days_ago: i64) -> String {
    canal_shared::ledger::day_of(now().plus_ms(-days_ago * DAY_MS))
}

fn percent(part: i64, whole: i64) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 * 100.0 / whole as f64
    }
}

/// A share as a whole percentage, for a message's `percent`.
fn whole(share: f64) -> String {
    format!("{share:.0}")
}

/// The four charts of a period, in `lang`.
/// The first-response histogram's buckets in words: under the first
/// limit, between two, over the last ([`FIRST_BUCKETS_MS`], in minutes).
fn bucket_labels(lang: Lang) -> Vec<String> {
    let minutes = |ms: i64| Arg::Num(ms / 60_000);
    let last = FIRST_BUCKETS_MS.len() - 1;
    std::iter::once(lang.console(
        ConsoleMsg::StatsBucketUnder,
        &[("minutes", minutes(FIRST_BUCKETS_MS[0]))],
    ))
    .chain(FIRST_BUCKETS_MS.windows(2).map(|w| {
        lang.console(
            ConsoleMsg::StatsBucketBetween,
            &[("from", minutes(w[0])), ("to", minutes(w[1]))],
        )
    }))
    .chain(std::iter::once(lang.console(
        ConsoleMsg::StatsBucketOver,
        &[("minutes", minutes(FIRST_BUCKETS_MS[last]))],
    )))
    .collect()
}

fn charts(lang: Lang, days: Vec<DayStats>) -> impl IntoView {
    let say = |msg, args: &[(&str, Arg<'_>)]| lang.console(msg, args);
    let labels = bucket_labels(lang);
    let mut total = DayStats::default();
    for d in &days {
        total.add(d);
    }
    if total.conversations == 0 {
        return view! {
            <p class="empty" data-testid="stats-empty">{say(ConsoleMsg::StatsEmpty, &[])}</p>
        }
        .into_any();
    }
    let per_day = days
        .iter()
        .map(|d| Bar {
            parts: vec![
                (d.answered as f64, "answered"),
                ((d.conversations - d.answered) as f64, "unanswered"),
            ],
            label: short_day(&d.day),
            title: say(
                ConsoleMsg::StatsDay,
                &[
                    ("day", Arg::Str(&d.day)),
                    ("count", Arg::Num(d.conversations)),
                    ("answered", Arg::Num(d.answered)),
                ],
            ),
        })
        .collect();
    let first = labels
        .iter()
        .zip(total.first_buckets)
        .map(|(label, n)| Bar {
            parts: vec![(n as f64, "answered")],
            label: label.clone(),
            title: say(
                ConsoleMsg::StatsFirstBucket,
                &[("bucket", Arg::Str(label)), ("count", Arg::Num(n))],
            ),
        })
        .collect();
    let late = days
        .iter()
        .map(|d| Bar {
            parts: vec![(percent(d.late, d.replies), "late")],
            label: short_day(&d.day),
            title: say(
                ConsoleMsg::StatsDayLate,
                &[
                    ("day", Arg::Str(&d.day)),
                    ("late", Arg::Num(d.late)),
                    ("replies", Arg::Num(d.replies)),
                    ("percent", Arg::Str(&whole(percent(d.late, d.replies)))),
                ],
            ),
        })
        .collect();
    let rated = total.likes + total.dislikes;
    let ratings = vec![
        Bar {
            parts: vec![(total.likes as f64, "like")],
            label: say(verdict_label(Verdict::Like), &[]),
            title: say(
                ConsoleMsg::StatsLikedCount,
                &[("count", Arg::Num(total.likes))],
            ),
        },
        Bar {
            parts: vec![(total.dislikes as f64, "dislike")],
            label: say(verdict_label(Verdict::Dislike), &[]),
            title: say(
                ConsoleMsg::StatsDislikedCount,
                &[("count", Arg::Num(total.dislikes))],
            ),
        },
    ];
    let late_share = percent(total.late, total.replies);
    view! {
        <dl class="stats-totals" data-testid="stats-totals">
            <div><dt>{say(ConsoleMsg::StatsConversations, &[])}</dt><dd data-testid="stats-conversations">{total.conversations}</dd></div>
            <div><dt>{say(ConsoleMsg::StatsAnswered, &[])}</dt><dd>{total.answered}</dd></div>
            <div><dt>{say(ConsoleMsg::StatsLate, &[])}</dt><dd data-testid="stats-late-share">{format!("{late_share:.0}%")}</dd></div>
            <div>
                <dt>{say(verdict_label(Verdict::Like), &[])}</dt>
                <dd data-testid="stats-liked">
                    {if rated == 0 { "—".to_owned() } else { format!("{:.0}%", percent(total.likes, rated)) }}
                </dd>
            </div>
        </dl>
        <figure class="stats-chart">
            <figcaption>{say(ConsoleMsg::StatsPerDay, &[])}</figcaption>
            {bar_chart(
                "chart-per-day",
                say(
                    ConsoleMsg::StatsPerDaySummary,
                    &[
                        ("count", Arg::Num(total.conversations)),
                        ("days", Arg::count(days.len())),
                        ("answered", Arg::Num(total.answered)),
                    ],
                ),
                "",
                per_day,
            )}
        </figure>
        <figure class="stats-chart">
            <figcaption>{say(ConsoleMsg::StatsFirst, &[])}</figcaption>
            {bar_chart(
                "chart-first",
                say(
                    ConsoleMsg::StatsFirstSummary,
                    &[(
                        "buckets",
                        Arg::Str(
                            &labels
                                .iter()
                                .zip(total.first_buckets)
                                .map(|(l, n)| [l.clone(), n.to_string()].join(": "))
                                .collect::<Vec<_>>()
                                .join(", "),
                        ),
                    )],
                ),
                "",
                first,
            )}
        </figure>
        <figure class="stats-chart">
            <figcaption>
                {say(
                    ConsoleMsg::StatsLatePerDay,
                    &[("percent", Arg::Str(&whole(late_share))), ("replies", Arg::Num(total.replies))],
                )}
            </figcaption>
            {bar_chart(
                "chart-late",
                say(ConsoleMsg::StatsLateSummary, &[("percent", Arg::Str(&whole(late_share)))]),
                "%",
                late,
            )}
        </figure>
        <figure class="stats-chart">
            <figcaption>{say(ConsoleMsg::StatsRatings, &[("count", Arg::Num(rated))])}</figcaption>
            {bar_chart(
                "chart-ratings",
                say(
                    ConsoleMsg::StatsRatingsSummary,
                    &[("liked", Arg::Num(total.likes)), ("disliked", Arg::Num(total.dislikes))],
                ),
                "",
                ratings,
            )}
        </figure>
    }
    .into_any()
}

/// What the period select offers: the last days, or two dates.
const PRESETS: [i64; 3] = [7, 30, 90];
/// The period select's value for two dates of the reader's choice.
const CUSTOM: &str = "custom";

/// The first and last day of the period the select and the dates say, or
/// why they say none.
fn period_days(lang: Lang, period: &str, from: &str, to: &str) -> Result<(String, String), String> {
    if let Ok(span) = period.parse::<i64>() {
        return Ok((day_before(span - 1), day_before(0)));
    }
    if from.is_empty() || to.is_empty() {
        return Err(lang.console(ConsoleMsg::StatsPeriodMissing, &[]));
    }
    match StatsQuery::new(from, to) {
        Ok(q) => Ok((q.from, q.to)),
        // A day the date field lets through but the ledger does not read
        // is a wrong period too.
        Err(_) => Err(lang.console(
            ConsoleMsg::StatsPeriodWrong,
            &[("max", Arg::Num(MAX_STATS_DAYS))],
        )),
    }
}

/// A channel's charts over a period.
#[component]
pub fn StatisticsPage(
    /// The channels they see.
    channels: Vec<ChannelInfo>,
) -> impl IntoView {
    let token = Session::current().token();
    let token = StoredValue::new(token);
    let channel = RwSignal::new(channels.first().map(|c| c.id.clone()));
    // With one channel there is nothing to pick: say which it is.
    let only = (channels.len() == 1).then(|| channels[0].name.clone());
    let period = RwSignal::new(String::from("30"));
    let from = RwSignal::new(day_before(29));
    let to = RwSignal::new(day_before(0));
    let days = RwSignal::new(None::<Vec<DayStats>>);
    let error = RwSignal::new(None::<String>);
    // Only the answer to the latest question is shown.
    let asked = StoredValue::new(0_u64);
    let locale = Locale::current();
    Effect::new(move |_| {
        let Some(id) = channel.get() else {
            return;
        };
        let (first, last) = match period_days(locale.lang(), &period.get(), &from.get(), &to.get())
        {
            Ok(days) => days,
            Err(problem) => {
                days.set(None);
                error.set(Some(problem));
                return;
            }
        };
        asked.update_value(|n| *n += 1);
        let this = asked.get_value();
        error.set(None);
        spawn_local(async move {
            let answer = stats_api::stats(&token.get_value(), &id, &first, &last).await;
            if asked.get_value() != this {
                return;
            }
            match answer {
                Ok(s) => days.set(Some(s.days)),
                Err(f) => {
                    days.set(None);
                    error.set(Some(f.message));
                }
            }
        });
    });
    let pick_period = move |ev| {
        let value = event_target_value(&ev);
        if value == CUSTOM {
            // Start from the period shown so far.
            if let Ok(span) = period.get_untracked().parse::<i64>() {
                from.set(day_before(span - 1));
                to.set(day_before(0));
            }
        }
        period.set(value);
    };
    view! {
        <section class="admin-page statistics" aria-labelledby="stats-title" data-testid="stats-page">
            <h2 id="stats-title">{t(ConsoleMsg::StatsTitle)}</h2>
            {only.map(|name| view! { <p class="hint" data-testid="stats-channel-name">{t(ConsoleMsg::StatsChannel)} " " {name}</p> })}
            <ChannelPicker
                prefix="stats"
                channels
                on_pick=Callback::new(move |id: ChannelId| channel.set(Some(id)))
            />
            <div class="stats-period" role="group" aria-label=t(ConsoleMsg::StatsPeriod)>
                <div class="admin-field">
                    <label for="stats-period">{t(ConsoleMsg::StatsPeriod)}</label>
                    <select id="stats-period" data-testid="stats-period" on:change=pick_period>
                        {PRESETS
                            .into_iter()
                            .map(|n| {
                                let label = move || locale.lang().console(ConsoleMsg::StatsLastDays, &[("count", Arg::Num(n))]);
                                view! { <option value=n.to_string() selected=n == 30>{label}</option> }
                            })
                            .collect_view()}
                        <option value=CUSTOM>{t(ConsoleMsg::StatsCustom)}</option>
                    </select>
                </div>
                <Show when=move || period.get() == CUSTOM>
                    <div class="admin-field">
                        <label for="stats-from">{t(ConsoleMsg::StatsFrom)}</label>
                        <input
                            id="stats-from"
                            type="date"
                            data-testid="stats-from"
                            prop:value=move || from.get()
                            on:change=move |ev| from.set(event_target_value(&ev))
                        />
                    </div>
                    <div class="admin-field">
                        <label for="stats-to">{t(ConsoleMsg::StatsTo)}</label>
                        <input
                            id="stats-to"
                            type="date"
                            data-testid="stats-to"
                            prop:value=move || to.get()
                            on:change=move |ev| to.set(event_target_value(&ev))
                        />
                    </div>
                </Show>
            </div>
            <p class="hint">{t(ConsoleMsg::StatsUtc)}</p>
            {move || error.get().map(|e| view! { <p class="error" role="alert" data-testid="stats-error">{e}</p> })}
            <div data-testid="stats-charts">{move || days.get().map(|d| charts(locale.lang(), d))}</div>
        </section>
    }
}
