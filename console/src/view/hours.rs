//! The working-hours editor of the automation page (R-WH-1): a time zone,
//! opening hours per weekday (a span may run past midnight), days off, and
//! holidays, one-off or yearly.
//!
//! The editor's state is plain data ([`HoursForm`]): times as the inputs hold
//! them, checked on "Save" by building [`WorkingHours`] — the rule the worker
//! applies — so the admin reads the same refusal before anything is sent.
//! [`HoursEditor`] only shows that state and forwards edits to it.
//!
//! Every text shown here is in the console's catalog (#22).

use canal_shared::hours::{DayTime, Holiday, HoursError, Span, WorkingHours};
use canal_shared::i18n::{Arg, ConsoleMsg, Lang};
use leptos::prelude::*;
use wasm_bindgen::JsValue;

use crate::errors::hours_error;
use crate::i18n::{t, Locale};
use crate::view::focus::{focus_first, focus_id};
use crate::view::kit::list::RowButton;
use crate::view::kit::{Fieldset, Form, Lens};

mod names;

use names::is_enter;
pub use names::ZONES;

/// The weekdays, Monday first (the order of [`canal_shared::hours::HoursData::week`]).
pub const DAYS: [ConsoleMsg; 7] = [
    ConsoleMsg::HoursMonday,
    ConsoleMsg::HoursTuesday,
    ConsoleMsg::HoursWednesday,
    ConsoleMsg::HoursThursday,
    ConsoleMsg::HoursFriday,
    ConsoleMsg::HoursSaturday,
    ConsoleMsg::HoursSunday,
];

/// The months, January first, as the list shows them.
pub const MONTHS: [ConsoleMsg; 12] = [
    ConsoleMsg::HoursJanuary,
    ConsoleMsg::HoursFebruary,
    ConsoleMsg::HoursMarch,
    ConsoleMsg::HoursApril,
    ConsoleMsg::HoursMay,
    ConsoleMsg::HoursJune,
    ConsoleMsg::HoursJuly,
    ConsoleMsg::HoursAugust,
    ConsoleMsg::HoursSeptember,
    ConsoleMsg::HoursOctober,
    ConsoleMsg::HoursNovember,
    ConsoleMsg::HoursDecember,
];

/// The months, January first, as a date writes them.
const MONTHS_IN_DATE: [ConsoleMsg; 12] = [
    ConsoleMsg::HoursInJanuary,
    ConsoleMsg::HoursInFebruary,
    ConsoleMsg::HoursInMarch,
    ConsoleMsg::HoursInApril,
    ConsoleMsg::HoursInMay,
    ConsoleMsg::HoursInJune,
    ConsoleMsg::HoursInJuly,
    ConsoleMsg::HoursInAugust,
    ConsoleMsg::HoursInSeptember,
    ConsoleMsg::HoursInOctober,
    ConsoleMsg::HoursInNovember,
    ConsoleMsg::HoursInDecember,
];

/// The span "Add hours" offers.
pub const DEFAULT_SPAN: (&str, &str) = ("09:00", "18:00");

/// One span as the two time inputs hold it (`HH:MM`, or empty while
/// unfinished). `id` keys its row, unique within a [`HoursForm`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SpanForm {
    /// Keys the row.
    pub id: u32,
    /// Opens (`HH:MM`).
    pub start: String,
    /// Closes (`HH:MM`).
    pub end: String,
}

impl SpanForm {
    /// Whether the span closes the next day (its end at or before its
    /// start, as [`Span`] reads it).
    pub fn overnight(&self) -> bool {
        !self.start.is_empty() && !self.end.is_empty() && self.end <= self.start
    }
}

/// The working hours as the admin edits them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HoursForm {
    /// "Limit to working hours": off saves no hours (always open); the rest is
    /// kept, so switching back on finds it.
    pub on: bool,
    /// The time zone as typed.
    pub zone: String,
    /// Spans per weekday, Monday first; none is a day off.
    pub week: [Vec<SpanForm>; 7],
    /// Days closed whatever the weekday, in the order added.
    pub holidays: Vec<Holiday>,
    /// Bumped by [`Self::load`]: inputs are rewritten then only, never while
    /// the admin types.
    pub loads: u32,
    next_id: u32,
}

/// Why the hours cannot be saved, and the id of the input to fix.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HoursProblem {
    /// A sentence for the admin.
    pub message: String,
    /// The id of the input to focus.
    pub field: String,
}

impl HoursForm {
    /// Off, in `zone`, Monday to Friday 09:00–18:00: a start for channels
    /// that have no hours yet.
    pub fn new(zone: &str) -> Self {
        let mut form = HoursForm {
            on: false,
            zone: zone.to_owned(),
            week: Default::default(),
            holidays: Vec::new(),
            loads: 0,
            next_id: 0,
        };
        for day in 0..5 {
            form.add_span(day);
        }
        form
    }

    /// Shows `hours` as read from the server; `None` (always open) only
    /// switches the limit off and keeps the rest.
    pub fn load(&mut self, hours: Option<&WorkingHours>) {
        self.loads += 1;
        let Some(hours) = hours else {
            self.on = false;
            return;
        };
        let data = hours.data();
        self.on = true;
        self.zone = data.zone.clone();
        self.holidays = data.holidays.clone();
        for (day, spans) in data.week.iter().enumerate() {
            self.week[day] = spans
                .iter()
                .map(|s| {
                    let id = self.fresh_id();
                    SpanForm {
                        id,
                        start: time_text(s.start),
                        end: time_text(s.end),
                    }
                })
                .collect();
        }
    }

    /// The hours to save (`None`: always open), or what to fix, in `lang`
    /// (the zone's and the times' problems in the words of
    /// [`WorkingHours::new`]).
    pub fn to_hours(&self, lang: Lang) -> Result<Option<WorkingHours>, HoursProblem> {
        if !self.on {
            return Ok(None);
        }
        let zone = self.zone.trim();
        if zone.is_empty() {
            return Err(HoursProblem {
                message: lang.console(ConsoleMsg::HoursZoneMissing, &[]),
                field: ZONE.to_owned(),
            });
        }
        let mut week: [Vec<Span>; 7] = Default::default();
        for (day, spans) in self.week.iter().enumerate() {
            for (position, s) in spans.iter().enumerate() {
                let name = span_name(lang, day, position);
                let name = name.as_str();
                let missing = |msg| move || lang.console(msg, &[("name", Arg::Str(name))]);
                let start = time(lang, &s.start, missing(ConsoleMsg::HoursSpanNoStart))
                    .map_err(|message| problem(message, start_id(s.id)))?;
                let end = time(lang, &s.end, missing(ConsoleMsg::HoursSpanNoEnd))
                    .map_err(|message| problem(message, end_id(s.id)))?;
                week[day].push(Span { start, end });
            }
        }
        WorkingHours::new(zone, week, self.holidays.clone())
            .map(Some)
            .map_err(|e| self.explain(lang, e))
    }

    /// Adds the default span to `day`; its id.
    pub fn add_span(&mut self, day: usize) -> u32 {
        let id = self.fresh_id();
        self.week[day].push(SpanForm {
            id,
            start: DEFAULT_SPAN.0.to_owned(),
            end: DEFAULT_SPAN.1.to_owned(),
        });
        id
    }

    /// Removes the span `id` from `day`.
    pub fn remove_span(&mut self, day: usize, id: u32) {
        self.week[day].retain(|s| s.id != id);
    }

    /// The span `id`, wherever it is.
    pub fn span(&self, id: u32) -> Option<&SpanForm> {
        self.week.iter().flatten().find(|s| s.id == id)
    }

    /// Where the span `id` is in `day` (0 for the first).
    pub fn position(&self, day: usize, id: u32) -> Option<usize> {
        self.week[day].iter().position(|s| s.id == id)
    }

    /// Sets when the span `id` opens, as typed.
    pub fn set_start(&mut self, id: u32, value: String) {
        if let Some(s) = self.span_mut(id) {
            s.start = value;
        }
    }

    /// Sets when the span `id` closes, as typed.
    pub fn set_end(&mut self, id: u32, value: String) {
        if let Some(s) = self.span_mut(id) {
            s.end = value;
        }
    }

    /// Gives Tuesday to Friday Monday's spans (or closes them, with Monday).
    pub fn copy_monday_to_weekdays(&mut self) {
        let monday = self.week[0].clone();
        for day in 1..5 {
            self.week[day] = monday
                .iter()
                .map(|s| SpanForm {
                    id: self.fresh_id(),
                    ..s.clone()
                })
                .collect();
        }
    }

    /// Adds the one-off holiday `date` (`YYYY-MM-DD`, as a date input holds
    /// it), or says why not in `lang`.
    pub fn add_date(&mut self, lang: Lang, date: &str) -> Result<(), String> {
        let date = date
            .trim()
            .parse()
            .map_err(|_| lang.console(ConsoleMsg::HoursHolidayNoDate, &[]))?;
        self.add_holiday(lang, Holiday::Date(date))
    }

    /// Adds the yearly holiday `day` (as typed) of `month` (1 to 12), or says
    /// why not in `lang`.
    pub fn add_yearly(&mut self, lang: Lang, month: u32, day: &str) -> Result<(), String> {
        let day: u32 = day
            .trim()
            .parse()
            .map_err(|_| lang.console(ConsoleMsg::HoursHolidayNoDay, &[]))?;
        let holiday = Holiday::Yearly { month, day };
        if WorkingHours::new("UTC", Default::default(), vec![holiday]).is_err() {
            return Err(match month_in_date(lang, month) {
                Some(name) => lang.console(
                    ConsoleMsg::HoursHolidayNotADay,
                    &[("month", Arg::Str(&name)), ("day", Arg::Num(day.into()))],
                ),
                None => lang.console(ConsoleMsg::HoursHolidayNoMonth, &[]),
            });
        }
        self.add_holiday(lang, holiday)
    }

    /// Removes the holiday at `index` in the list.
    pub fn remove_holiday(&mut self, index: usize) {
        if index < self.holidays.len() {
            self.holidays.remove(index);
        }
    }

    fn add_holiday(&mut self, lang: Lang, holiday: Holiday) -> Result<(), String> {
        if self.holidays.contains(&holiday) {
            return Err(lang.console(
                ConsoleMsg::HoursHolidayTwice,
                &[("holiday", Arg::Str(&holiday_label(lang, &holiday)))],
            ));
        }
        self.holidays.push(holiday);
        Ok(())
    }

    fn span_mut(&mut self, id: u32) -> Option<&mut SpanForm> {
        self.week.iter_mut().flatten().find(|s| s.id == id)
    }

    fn fresh_id(&mut self) -> u32 {
        self.next_id += 1;
        self.next_id
    }

    /// `e` as a sentence, with the input to fix.
    fn explain(&self, lang: Lang, e: HoursError) -> HoursProblem {
        match e {
            HoursError::Overlap(weekday) => {
                let day = weekday.num_days_from_monday() as usize;
                let field = self.week[day]
                    .first()
                    .map_or_else(|| ON.to_owned(), |s| start_id(s.id));
                problem(
                    lang.console(
                        ConsoleMsg::HoursOverlap,
                        &[("day", Arg::Str(&lang.console_text(DAYS[day])))],
                    ),
                    field,
                )
            }
            HoursError::UnknownZone(_) => problem(hours_error(lang, &e), ZONE.to_owned()),
            HoursError::BadHoliday { .. } => problem(hours_error(lang, &e), MONTH.to_owned()),
            HoursError::BadTime(_) | HoursError::StartsAtMidnightEnd => {
                problem(hours_error(lang, &e), ON.to_owned())
            }
        }
    }
}

/// How the span at `position` of `day` is named in `lang`: "Monday", then
/// "Monday (hours 2)"…
pub fn span_name(lang: Lang, day: usize, position: usize) -> String {
    let name = lang.console_text(DAYS[day]);
    match position {
        0 => name.into_owned(),
        _ => lang.console(
            ConsoleMsg::HoursSpanName,
            &[
                ("day", Arg::Str(&name)),
                ("number", Arg::count(position + 1)),
            ],
        ),
    }
}

/// A holiday for people, in `lang`: "25 December 2026", "1 January, every
/// year".
pub fn holiday_label(lang: Lang, holiday: &Holiday) -> String {
    match holiday {
        Holiday::Date(date) => {
            let iso = date.to_string();
            let mut parts = iso.rsplitn(3, '-');
            let (day, month, year) = (parts.next(), parts.next(), parts.next());
            let name = month
                .and_then(|m| m.parse().ok())
                .and_then(|m| month_in_date(lang, m));
            match (year, name, day.and_then(|d| d.parse::<u32>().ok())) {
                (Some(year), Some(name), Some(day)) => lang.console(
                    ConsoleMsg::HoursHolidayOnDate,
                    &[
                        ("day", Arg::Num(day.into())),
                        ("month", Arg::Str(&name)),
                        ("year", Arg::Str(year)),
                    ],
                ),
                _ => iso,
            }
        }
        Holiday::Yearly { month, day } => match month_in_date(lang, *month) {
            Some(name) => lang.console(
                ConsoleMsg::HoursHolidayYearly,
                &[("day", Arg::Num((*day).into())), ("month", Arg::Str(&name))],
            ),
            None => lang.console(
                ConsoleMsg::HoursHolidayYearlyNumbers,
                &[
                    ("month", Arg::Num((*month).into())),
                    ("day", Arg::Num((*day).into())),
                ],
            ),
        },
    }
}

/// The browser's time zone (`Intl.DateTimeFormat().resolvedOptions()`), or
/// "UTC" when it has none that the worker knows. Browser only.
pub fn browser_zone() -> String {
    let options = js_sys::Intl::DateTimeFormat::new(&js_sys::Array::new(), &js_sys::Object::new())
        .resolved_options();
    js_sys::Reflect::get(&options, &JsValue::from_str("timeZone"))
        .ok()
        .and_then(|z| z.as_string())
        .filter(|z| WorkingHours::new(z, Default::default(), Vec::new()).is_ok())
        .unwrap_or_else(|| "UTC".to_owned())
}

// Ids of the editor's inputs, also their `data-testid` when single.
const ON: &str = "hours-on";
const ZONE: &str = "hours-zone";
const MONTH: &str = "hours-holiday-month";
const HOLIDAY_DATE: &str = "hours-holiday-date";
const HOLIDAY_DAY: &str = "hours-holiday-day";

fn start_id(id: u32) -> String {
    format!("hours-span-{id}-start")
}

fn end_id(id: u32) -> String {
    format!("hours-span-{id}-end")
}

fn add_id(day: usize) -> String {
    format!("hours-span-add-{day}")
}

fn problem(message: String, field: String) -> HoursProblem {
    HoursProblem { message, field }
}

/// A time input's value as a [`DayTime`]; `missing` says what to enter when
/// it is empty (or unfinished).
fn time(lang: Lang, text: &str, missing: impl FnOnce() -> String) -> Result<DayTime, String> {
    if text.is_empty() {
        return Err(missing());
    }
    DayTime::parse(text).map_err(|e| hours_error(lang, &e))
}

/// `t` for a time input, which cannot show "24:00": that end is written
/// "00:00", which closes at the same instant (the next midnight).
fn time_text(t: DayTime) -> String {
    match t.minutes() {
        1440 => "00:00".to_owned(),
        _ => String::from(t),
    }
}

/// The name of `month` (1 to 12) as a date writes it in `lang`.
fn month_in_date(lang: Lang, month: u32) -> Option<String> {
    let msg = MONTHS_IN_DATE.get(month.checked_sub(1)? as usize)?;
    Some(lang.console_text(*msg).into_owned())
}

/// The hours the editor shows, and how it writes them back into the
/// section's form. Cheap to copy.
#[derive(Clone, Copy)]
struct Editor {
    /// The hours as edited.
    form: Memo<HoursForm>,
    /// The number of loads, for the inputs that are rewritten on a load.
    loads: Memo<u32>,
    /// Writes the hours into the section's form.
    write: Callback<HoursForm>,
}

impl Editor {
    /// Applies `change`; the section's form takes the result.
    fn edit<R>(self, change: impl FnOnce(&mut HoursForm) -> R) -> Option<R> {
        let mut hours = self.form.get_untracked();
        let result = change(&mut hours);
        self.write.run(hours);
        Some(result)
    }
}

/// The "Working hours" fieldset, editing the hours of a section's form
/// through `lens`. Test ids: `hours-on`, `hours-zone`,
/// `hours-day` (`data-day` 0 for Monday…6), `hours-closed`, `hours-span`,
/// `hours-span-start`, `hours-span-end`, `hours-span-overnight`,
/// `hours-span-remove`, `hours-span-add`, `hours-copy-weekdays`,
/// `hours-holiday`, `hours-holiday-remove`, `hours-holiday-date`,
/// `hours-holiday-add-date`, `hours-holiday-month`, `hours-holiday-day`,
/// `hours-holiday-add-yearly`, `hours-holiday-error`, `hours-error`.
#[component]
pub fn HoursEditor<F>(
    /// The section's form.
    form: Form<F>,
    /// Its working hours.
    lens: Lens<F, HoursForm>,
    /// Why the hours were not saved, after "Save".
    #[prop(into)]
    error: Signal<Option<String>>,
) -> impl IntoView
where
    F: Clone + PartialEq + Send + Sync + 'static,
{
    let hours = Memo::new(move |_| form.value.with(lens.get));
    let loads = Memo::new(move |_| hours.with(|f| f.loads));
    let ed = Editor {
        form: hours,
        loads,
        write: Callback::new(move |h| form.edit(lens, h)),
    };
    let on = move || hours.with(|f| f.on);
    view! {
        <div class="hours" data-testid="hours">
        <Fieldset legend=ConsoleMsg::HoursTitle hint=ConsoleMsg::HoursIntro>
            <div class="admin-choice">
                <input
                    type="checkbox"
                    id=ON
                    data-testid=ON
                    aria-describedby="hours-on-hint"
                    prop:checked=on
                    on:change=move |ev| {
                        let checked = event_target_checked(&ev);
                        ed.edit(|f| f.on = checked);
                    }
                />
                <label for=ON>{t(ConsoleMsg::HoursOn)}</label>
                <p class="hint" id="hours-on-hint">{t(ConsoleMsg::HoursOnHint)}</p>
            </div>
            <Show when=on>
                <ZoneField ed />
                <fieldset class="admin-nested hours-week">
                    <legend>{t(ConsoleMsg::HoursWeek)}</legend>
                    <p class="hint">{t(ConsoleMsg::HoursWeekHint)}</p>
                    {(0..DAYS.len()).map(|day| view! { <Day ed day /> }).collect_view()}
                    <div class="admin-inline">
                        <button
                            type="button"
                            class="secondary"
                            data-testid="hours-copy-weekdays"
                            on:click=move |_| {
                                ed.edit(HoursForm::copy_monday_to_weekdays);
                            }
                        >
                            {t(ConsoleMsg::HoursCopyWeekdays)}
                        </button>
                        <span class="hint">{t(ConsoleMsg::HoursCopyWeekdaysHint)}</span>
                    </div>
                </fieldset>
                <Holidays ed />
            </Show>
            {move || {
                error.get().map(|e| view! { <p role="alert" class="error" data-testid="hours-error">{e}</p> })
            }}
        </Fieldset>
        </div>
    }
}

/// The time zone, typed with suggestions.
#[component]
fn ZoneField(ed: Editor) -> impl IntoView {
    view! {
        <div class="admin-field hours-zone">
            <label for=ZONE>{t(ConsoleMsg::HoursZone)}</label>
            <input
                id=ZONE
                data-testid=ZONE
                list="hours-zones"
                autocomplete="off"
                spellcheck="false"
                aria-describedby="hours-zone-hint"
                prop:value=move || {
                    ed.loads.track();
                    ed.form.with_untracked(|f| f.zone.clone())
                }
                on:input=move |ev| {
                    let zone = event_target_value(&ev);
                    ed.edit(|f| f.zone = zone);
                }
            />
            <datalist id="hours-zones">
                {ZONES.iter().map(|z| view! { <option value=*z></option> }).collect_view()}
            </datalist>
            <p class="hint" id="hours-zone-hint">{t(ConsoleMsg::HoursZoneHint)}</p>
        </div>
    }
}

/// One weekday: its spans, or "Closed", and "Add hours".
#[component]
fn Day(ed: Editor, day: usize) -> impl IntoView {
    let locale = Locale::current();
    let name = DAYS[day];
    let ids = move || {
        ed.form
            .with(|f| f.week[day].iter().map(|s| s.id).collect::<Vec<_>>())
    };
    let closed = move || ed.form.with(|f| f.week[day].is_empty());
    view! {
        <div
            class="hours-day"
            role="group"
            aria-labelledby=format!("hours-day-{day}")
            data-testid="hours-day"
            data-day=day.to_string()
        >
            <span class="hours-day-name" id=format!("hours-day-{day}")>{t(name)}</span>
            <div class="hours-spans">
                <Show when=closed>
                    <span class="hours-closed" data-testid="hours-closed">{t(ConsoleMsg::HoursClosed)}</span>
                </Show>
                <For each=ids key=|id| *id children=move |id| view! { <SpanRow ed day id /> } />
            </div>
            <button
                type="button"
                class="secondary"
                id=add_id(day)
                data-testid="hours-span-add"
                aria-label=move || {
                    let lang = locale.lang();
                    lang.console(
                        ConsoleMsg::HoursAddLabel,
                        &[("day", Arg::Str(&lang.console_text(name)))],
                    )
                }
                on:click=move |_| {
                    if let Some(id) = ed.edit(|f| f.add_span(day)) {
                        focus_id(&start_id(id));
                    }
                }
            >
                {t(ConsoleMsg::HoursAdd)}
            </button>
        </div>
    }
}

/// One span: opens, closes, Remove.
#[component]
fn SpanRow(ed: Editor, day: usize, id: u32) -> impl IntoView {
    let locale = Locale::current();
    let name = Memo::new(move |_| {
        let lang = locale.lang();
        ed.form
            .with(|f| span_name(lang, day, f.position(day, id).unwrap_or(0)))
    });
    let label = move |msg: ConsoleMsg| {
        move || name.with(|name| locale.lang().console(msg, &[("name", Arg::Str(name))]))
    };
    // Rows are created afresh on a load (new ids): the values are set once.
    let (start, end) = ed.form.with_untracked(|f| {
        f.span(id)
            .map(|s| (s.start.clone(), s.end.clone()))
            .unwrap_or_default()
    });
    let overnight = move || {
        ed.form
            .with(|f| f.span(id).is_some_and(SpanForm::overnight))
    };
    view! {
        <div class="hours-span" data-testid="hours-span">
            <input
                type="time"
                id=start_id(id)
                data-testid="hours-span-start"
                aria-label=label(ConsoleMsg::HoursSpanOpens)
                prop:value=start
                on:input=move |ev| {
                    let value = event_target_value(&ev);
                    ed.edit(|f| f.set_start(id, value));
                }
            />
            <span aria-hidden="true">"–"</span>
            <input
                type="time"
                id=end_id(id)
                data-testid="hours-span-end"
                aria-label=label(ConsoleMsg::HoursSpanCloses)
                aria-describedby=format!("hours-span-{id}-overnight")
                prop:value=end
                on:input=move |ev| {
                    let value = event_target_value(&ev);
                    ed.edit(|f| f.set_end(id, value));
                }
            />
            <span class="hint" id=format!("hours-span-{id}-overnight") data-testid="hours-span-overnight">
                {move || overnight().then(t(ConsoleMsg::HoursSpanOvernight))}
            </span>
            <RowButton
                testid="hours-span-remove"
                label=Signal::derive(label(ConsoleMsg::HoursSpanRemoveLabel))
                text=ConsoleMsg::HoursSpanRemove
                on_click=Callback::new(move |()| {
                    ed.edit(|f| f.remove_span(day, id));
                    focus_id(&add_id(day));
                })
            />
        </div>
    }
}

/// The holidays: the list, and adding a date or a yearly day.
#[component]
fn Holidays(ed: Editor) -> impl IntoView {
    let locale = Locale::current();
    let problem = RwSignal::new(None::<String>);
    let month = RwSignal::new(1_u32);
    let date_input = NodeRef::<leptos::html::Input>::new();
    let day_input = NodeRef::<leptos::html::Input>::new();

    let add_date = move || {
        let Some(input) = date_input.get_untracked() else {
            return;
        };
        let lang = untrack(|| locale.lang());
        match ed.edit(|f| f.add_date(lang, &input.value())) {
            Some(Err(p)) => {
                problem.set(Some(p));
                focus_id(HOLIDAY_DATE);
            }
            _ => {
                problem.set(None);
                input.set_value("");
            }
        }
    };
    let add_yearly = move || {
        let Some(input) = day_input.get_untracked() else {
            return;
        };
        let lang = untrack(|| locale.lang());
        match ed.edit(|f| f.add_yearly(lang, month.get_untracked(), &input.value())) {
            Some(Err(p)) => {
                problem.set(Some(p));
                focus_id(HOLIDAY_DAY);
            }
            _ => {
                problem.set(None);
                input.set_value("");
            }
        }
    };
    let list = move || {
        let holidays = ed.form.with(|f| f.holidays.clone());
        let lang = locale.lang();
        if holidays.is_empty() {
            return view! {
                <li class="hint" data-testid="hours-no-holiday">
                    {lang.console_text(ConsoleMsg::HoursNoHoliday).into_owned()}
                </li>
            }
            .into_any();
        }
        holidays
            .iter()
            .enumerate()
            .map(|(i, h)| {
                let label = holiday_label(lang, h);
                let remove_label = lang.console(
                    ConsoleMsg::HoursHolidayRemoveLabel,
                    &[("holiday", Arg::Str(&label))],
                );
                view! {
                    <li class="hours-holiday" data-testid="hours-holiday">
                        <span>{label.clone()}</span>
                        <button
                            type="button"
                            class="secondary"
                            id=format!("hours-holiday-remove-{i}")
                            data-testid="hours-holiday-remove"
                            aria-label=remove_label
                            on:click=move |_| {
                                ed.edit(|f| f.remove_holiday(i));
                                focus_first(vec![
                                    format!("#hours-holiday-remove-{i}"),
                                    format!("#hours-holiday-remove-{}", i.saturating_sub(1)),
                                    format!("#{HOLIDAY_DATE}"),
                                ]);
                            }
                        >
                            {lang.console_text(ConsoleMsg::HoursHolidayRemove).into_owned()}
                        </button>
                    </li>
                }
            })
            .collect_view()
            .into_any()
    };

    view! {
        <fieldset class="admin-nested hours-holidays">
            <legend>{t(ConsoleMsg::HoursHolidays)}</legend>
            <p class="hint">{t(ConsoleMsg::HoursHolidaysHint)}</p>
            <ul class="hours-holiday-list" aria-label=t(ConsoleMsg::HoursHolidays)>
                {list}
            </ul>
            <div class="admin-inline hours-add">
                <div class="admin-field">
                    <label for=HOLIDAY_DATE>{t(ConsoleMsg::HoursHolidayDate)}</label>
                    <input
                        type="date"
                        id=HOLIDAY_DATE
                        data-testid=HOLIDAY_DATE
                        node_ref=date_input
                        on:keydown=move |ev| {
                            if is_enter(&ev) {
                                ev.prevent_default();
                                add_date();
                            }
                        }
                    />
                </div>
                <button type="button" data-testid="hours-holiday-add-date" on:click=move |_| add_date()>
                    {t(ConsoleMsg::HoursHolidayAddDate)}
                </button>
            </div>
            <div class="admin-inline hours-add">
                <div class="admin-field">
                    <label for=MONTH>{t(ConsoleMsg::HoursHolidayMonth)}</label>
                    <select
                        id=MONTH
                        data-testid=MONTH
                        on:change=move |ev| {
                            if let Ok(m) = event_target_value(&ev).parse() {
                                month.set(m);
                            }
                        }
                    >
                        {MONTHS
                            .iter()
                            .enumerate()
                            .map(|(i, m)| view! { <option value=(i + 1).to_string()>{t(*m)}</option> })
                            .collect_view()}
                    </select>
                </div>
                <div class="admin-field">
                    <label for=HOLIDAY_DAY>{t(ConsoleMsg::HoursHolidayDay)}</label>
                    <input
                        type="number"
                        id=HOLIDAY_DAY
                        data-testid=HOLIDAY_DAY
                        min="1"
                        max="31"
                        step="1"
                        inputmode="numeric"
                        node_ref=day_input
                        on:keydown=move |ev| {
                            if is_enter(&ev) {
                                ev.prevent_default();
                                add_yearly();
                            }
                        }
                    />
                </div>
                <button type="button" data-testid="hours-holiday-add-yearly" on:click=move |_| add_yearly()>
                    {t(ConsoleMsg::HoursHolidayAddYearly)}
                </button>
            </div>
            {move || {
                problem
                    .get()
                    .map(|p| view! { <p role="alert" class="error" data-testid="hours-holiday-error">{p}</p> })
            }}
        </fieldset>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(start: &str, end: &str) -> Span {
        Span {
            start: DayTime::parse(start).unwrap(),
            end: DayTime::parse(end).unwrap(),
        }
    }

    /// Weekdays 09:00–12:30 and 14:00–18:00, Saturday 22:00–02:00 (past
    /// midnight), Sunday closed; Christmas 2026 and every 1 May off.
    fn realistic() -> WorkingHours {
        let day = vec![span("09:00", "12:30"), span("14:00", "18:00")];
        let week = [
            day.clone(),
            day.clone(),
            day.clone(),
            day.clone(),
            day,
            vec![span("22:00", "02:00")],
            vec![],
        ];
        let holidays = vec![
            Holiday::Date("2026-12-25".parse().unwrap()),
            Holiday::Yearly { month: 5, day: 1 },
        ];
        WorkingHours::new("Europe/Lisbon", week, holidays).unwrap()
    }

    fn spans(form: &HoursForm, day: usize) -> Vec<(&str, &str)> {
        form.week[day]
            .iter()
            .map(|s| (s.start.as_str(), s.end.as_str()))
            .collect()
    }

    #[test]
    fn a_realistic_schedule_round_trips() {
        let hours = realistic();
        let mut form = HoursForm::new("UTC");
        form.load(Some(&hours));
        assert!(form.on);
        assert_eq!(form.zone, "Europe/Lisbon");
        assert_eq!(spans(&form, 0), [("09:00", "12:30"), ("14:00", "18:00")]);
        assert_eq!(spans(&form, 5), [("22:00", "02:00")]);
        assert!(form.week[5][0].overnight());
        assert!(!form.week[0][0].overnight());
        assert!(form.week[6].is_empty());
        assert_eq!(form.to_hours(Lang::En), Ok(Some(hours.clone())));

        // The same schedule, built with the editor's buttons.
        let mut form = HoursForm::new(" Europe/Lisbon ");
        form.on = true;
        let first = form.week[0][0].id;
        form.set_end(first, "12:30".into());
        let second = form.add_span(0);
        form.set_start(second, "14:00".into());
        form.copy_monday_to_weekdays();
        let saturday = form.add_span(5);
        form.set_start(saturday, "22:00".into());
        form.set_end(saturday, "02:00".into());
        let sunday = form.add_span(6);
        form.remove_span(6, sunday);
        assert_eq!(form.add_date(Lang::En, "2026-12-25"), Ok(()));
        assert_eq!(form.add_yearly(Lang::En, 5, " 1 "), Ok(()));
        assert_eq!(form.to_hours(Lang::En), Ok(Some(hours)));

        // Ids stay unique, so a load recreates every row.
        let mut ids: Vec<u32> = form.week.iter().flatten().map(|s| s.id).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), 11);
    }

    #[test]
    fn off_is_always_open_and_keeps_the_rest() {
        let mut form = HoursForm::new("Europe/Paris");
        assert_eq!(form.to_hours(Lang::En), Ok(None));
        assert_eq!(spans(&form, 4), [("09:00", "18:00")]);
        assert!(form.week[5].is_empty() && form.week[6].is_empty());
        // An unfinished form is not checked while off.
        form.zone = "nowhere".into();
        assert_eq!(form.to_hours(Lang::En), Ok(None));

        form.load(Some(&realistic()));
        let loaded = form.clone();
        form.load(None);
        assert!(!form.on);
        assert_eq!(form.to_hours(Lang::En), Ok(None));
        assert_eq!(form.week, loaded.week);
        assert_eq!(form.loads, loaded.loads + 1);
    }

    #[test]
    fn overlapping_hours_are_refused() {
        let mut form = HoursForm::new("UTC");
        form.on = true;
        let id = form.add_span(2);
        form.set_start(id, "17:00".into());
        form.set_end(id, "20:00".into());
        let first = form.week[2][0].id;
        assert_eq!(
            form.to_hours(Lang::En),
            Err(HoursProblem {
                message: "The hours of Wednesday overlap: a span must end before the next one \
                          starts, and only the last one may run past midnight."
                    .into(),
                field: format!("hours-span-{first}-start"),
            })
        );
        // Running past midnight is fine for the last span only.
        form.set_start(id, "22:00".into());
        form.set_end(id, "01:00".into());
        assert!(form.to_hours(Lang::En).is_ok());
        form.set_start(first, "23:00".into());
        assert!(form
            .to_hours(Lang::En)
            .unwrap_err()
            .message
            .contains("Wednesday"));
    }

    #[test]
    fn a_bad_zone_or_time_is_refused() {
        let mut form = HoursForm::new("Mars/Olympus");
        form.on = true;
        assert_eq!(
            form.to_hours(Lang::En),
            Err(HoursProblem {
                message: "“Mars/Olympus” is not a time zone (use a name such as Europe/Lisbon)."
                    .into(),
                field: "hours-zone".into(),
            })
        );
        form.zone = "  ".into();
        assert_eq!(
            form.to_hours(Lang::En).unwrap_err().message,
            "Enter a time zone, such as Europe/Lisbon."
        );

        let mut form = HoursForm::new("UTC");
        form.on = true;
        let id = form.add_span(1);
        form.set_end(id, String::new());
        assert_eq!(
            form.to_hours(Lang::En),
            Err(HoursProblem {
                message: "Enter when Tuesday (hours 2) closes.".into(),
                field: format!("hours-span-{id}-end"),
            })
        );
    }

    #[test]
    fn every_suggested_zone_is_known() {
        for zone in ZONES {
            assert!(
                WorkingHours::new(zone, Default::default(), Vec::new()).is_ok(),
                "{zone}"
            );
        }
    }

    #[test]
    fn holidays_are_added_once_and_removed() {
        let mut form = HoursForm::new("UTC");
        assert_eq!(
            form.add_date(Lang::En, ""),
            Err("Enter a date, or pick one in the calendar.".into())
        );
        assert_eq!(
            form.add_yearly(Lang::En, 2, "30"),
            Err("February 30 is not a day of the year.".into())
        );
        assert_eq!(
            form.add_yearly(Lang::En, 2, "x"),
            Err("Enter the day of the month, from 1 to 31.".into())
        );
        assert_eq!(form.add_yearly(Lang::En, 2, "29"), Ok(()));
        assert_eq!(form.add_date(Lang::En, "2026-01-01"), Ok(()));
        assert_eq!(
            form.add_date(Lang::En, "2026-01-01"),
            Err("1 January 2026 is already a holiday.".into())
        );
        assert_eq!(
            form.holidays
                .iter()
                .map(|h| holiday_label(Lang::En, h))
                .collect::<Vec<_>>(),
            ["29 February, every year", "1 January 2026"]
        );
        form.remove_holiday(0);
        form.remove_holiday(5);
        assert_eq!(
            form.holidays,
            [Holiday::Date("2026-01-01".parse().unwrap())]
        );
    }

    #[test]
    fn spans_are_named_by_day_and_position() {
        assert_eq!(span_name(Lang::En, 0, 0), "Monday");
        assert_eq!(span_name(Lang::En, 6, 1), "Sunday (hours 2)");
        let mut form = HoursForm::new("UTC");
        let id = form.add_span(0);
        assert_eq!(form.position(0, id), Some(1));
        let first = form.week[0][0].id;
        form.remove_span(0, first);
        assert_eq!(form.position(0, id), Some(0));
        // Copying a closed Monday closes the weekdays; the weekend is kept.
        form.remove_span(0, id);
        form.add_span(5);
        form.copy_monday_to_weekdays();
        assert!((0..5).all(|d| form.week[d].is_empty()));
        assert_eq!(spans(&form, 5), [("09:00", "18:00")]);
        // "24:00" reads as the midnight the time input can show.
        let hours = WorkingHours::new(
            "UTC",
            std::array::from_fn(|_| vec![span("20:00", "24:00")]),
            Vec::new(),
        )
        .unwrap();
        form.load(Some(&hours));
        assert_eq!(spans(&form, 3), [("20:00", "00:00")]);
        assert!(form.to_hours(Lang::En).is_ok());
    }
}
