//! The queue page (admins): who gets a channel's conversations (R-Q-1) and
//! how they are handed out (R-Q-2…5).
//!
//! The form is plain data (`QueueForm`) checked with the same rules as the
//! worker's ([`RoutingSettings::validate`], [`validate_queue`]) before it is
//! sent; the signals only mirror it.
//!
//! Every text shown here is in the console's catalog (#22).

mod model;

use canal_shared::i18n::{Arg, ConsoleMsg};
use canal_shared::people::PeopleResponse;
use canal_shared::routing::{Mode, NotCounted, RoutingSettings, MAX_CAPACITY, MAX_IDLE_MS};
use leptos::html;
use leptos::prelude::*;

use crate::view::focus::{focus_first, focus_id};

use crate::i18n::{t, text, Locale};
use crate::view::kit::list::{MoveButtons, MoveWords};
use crate::view::kit::{
    self, ChoiceOf, Choices, Field, FieldKind, Fieldset, Form, OpenChannel, Section, SectionPage,
    Toggle,
};
use crate::{admin, lens};

use model::{
    add_options, entry_label, entry_value, move_down, move_up, parse_entry, Problems, QueueForm,
    CAPACITY, IDLE, MS_PER_MINUTE,
};

/// How conversations are handed out (R-Q-2).
#[rustfmt::skip]
const MODES: [ChoiceOf<Mode>; 3] = [
    (Mode::Evenly, "queue-mode-evenly", ConsoleMsg::QueueModeEvenly, ConsoleMsg::QueueModeEvenlyHint),
    (Mode::Strict, "queue-mode-strict", ConsoleMsg::QueueModeStrict, ConsoleMsg::QueueModeStrictHint),
    (Mode::ToAll, "queue-mode-to_all", ConsoleMsg::QueueModeToAll, ConsoleMsg::QueueModeToAllHint),
];

/// When a conversation stops counting towards an operator's workload.
#[rustfmt::skip]
const NOT_COUNTED: [ChoiceOf<NotCounted>; 3] = [
    (NotCounted::Answered, "queue-not-counted-answered", ConsoleMsg::QueueNotCountedAnswered, ConsoleMsg::QueueNotCountedAnsweredHint),
    (NotCounted::AwaitingClient, "queue-not-counted-awaiting_client", ConsoleMsg::QueueNotCountedAwaitingClient, ConsoleMsg::QueueNotCountedAwaitingClientHint),
    (NotCounted::Closed, "queue-not-counted-closed", ConsoleMsg::QueueNotCountedClosed, ConsoleMsg::QueueNotCountedClosedHint),
];

/// The queue form's state.
type Page = Form<QueueForm>;

/// One field of the queue form.
type Lens<T> = kit::Lens<QueueForm, T>;

/// The queue and routing settings of one channel.
#[component]
pub fn QueuePage() -> impl IntoView {
    let locale = Locale::current();
    let channel = OpenChannel::current();
    // People and departments, for names and the "Add" list.
    let directory = RwSignal::new(None::<PeopleResponse>);
    let lists = move || {
        directory
            .with(|d| {
                d.as_ref()
                    .map(|d| (d.people.clone(), d.departments.clone()))
            })
            .unwrap_or_default()
    };
    let section = Section::new(
        "queue",
        QueueForm::from_config(&RoutingSettings::default(), Vec::new()),
        move |token| async move {
            let d = admin::people(&token).await?;
            let config = admin::queue(&token, &channel.id()).await?;
            directory.set(Some(d));
            Ok(QueueForm::from_config(&config.settings, config.entries))
        },
        move |f: &QueueForm, lang| {
            let (people, departments) = untrack(lists);
            f.to_config(lang, channel.id(), &people, &departments)
                .map_err(Problems::shown)
        },
        |token, config| async move {
            let saved = admin::save_queue(&token, &config).await?;
            Ok(QueueForm::from_config(&saved.settings, saved.entries))
        },
    );
    let fields: Page = section.form;
    let error = section.error;
    let add_ref: NodeRef<html::Select> = NodeRef::new();

    let add = move |_| {
        let Some(select) = add_ref.get_untracked() else {
            return;
        };
        let Some(entry) = parse_entry(&select.value()) else {
            error.set(Some(text(ConsoleMsg::QueueAddNone, &[])));
            return;
        };
        error.set(None);
        fields.update(|f| {
            if !f.entries.contains(&entry) {
                f.entries.push(entry);
            }
        });
        select.set_value("");
    };

    let intro = channel.says(ConsoleMsg::QueueIntroOne);

    let capacity_off = Signal::derive(move || !fields.value.with(|f| f.capacity_on));
    let entries_view = move || {
        let entries = fields.value.with(|f| f.entries.clone());
        if entries.is_empty() {
            return view! {
                <p class="empty" data-testid="queue-empty">
                    {t(ConsoleMsg::QueueEmpty)}
                </p>
            }
            .into_any();
        }
        let (people, departments) = lists();
        let lang = locale.lang();
        let last = entries.len() - 1;
        let items = entries
            .iter()
            .enumerate()
            .map(|(i, entry)| {
                let label = entry_label(lang, entry, &people, &departments);
                let value = entry_value(entry);
                view! {
                    <QueueItem index=i last label value fields />
                }
            })
            .collect_view();
        view! { <ol class="queue-entries" data-testid="queue-entries">{items}</ol> }.into_any()
    };
    let add_options_view = move || {
        let (people, departments) = lists();
        let lang = locale.lang();
        let options = fields
            .value
            .with(|f| add_options(lang, &people, &departments, &f.entries));
        let group = |label: ConsoleMsg, items: Vec<(String, String)>| {
            (!items.is_empty()).then(|| {
                view! {
                    <optgroup label=lang.console_text(label).into_owned()>
                        {items
                            .into_iter()
                            .map(|(value, name)| view! { <option value=value>{name}</option> })
                            .collect_view()}
                    </optgroup>
                }
            })
        };
        view! {
            <option value="">{lang.console_text(ConsoleMsg::QueueAddChoose).into_owned()}</option>
            {group(ConsoleMsg::QueueAddPeople, options.people)}
            {group(ConsoleMsg::QueueAddDepartments, options.departments)}
        }
    };

    view! {
        <SectionPage section title=ConsoleMsg::QueueTitle intro loading=ConsoleMsg::QueueLoading>
                    <Fieldset legend=ConsoleMsg::QueueDistribution hint=ConsoleMsg::QueueDistributionHint>
                        <Choices form=fields lens=lens!(mode) name="mode" options=&MODES />
                    </Fieldset>

                    <Fieldset legend=ConsoleMsg::QueueForwarding>
                        <Field
                            form=fields
                            lens=lens!(idle_minutes)
                            kind=FieldKind::Minutes { min: 1, max: MAX_IDLE_MS / MS_PER_MINUTE }
                            key=IDLE
                            label=ConsoleMsg::QueueIdle
                            hint=ConsoleMsg::QueueIdleHint
                        />
                        <Toggle
                            form=fields
                            lens=lens!(check_online)
                            key="queue-check-online"
                            title=ConsoleMsg::QueueCheckOnline
                            hint=ConsoleMsg::QueueCheckOnlineHint
                        />
                    </Fieldset>

                    <Fieldset legend=ConsoleMsg::QueueWorkload>
                        <Toggle
                            form=fields
                            lens=lens!(capacity_on)
                            key="queue-capacity-on"
                            title=ConsoleMsg::QueueCapacityOn
                            hint=ConsoleMsg::QueueCapacityOnHint
                        />
                        <div class="admin-indent">
                            <Field
                                form=fields
                                lens=lens!(capacity_max)
                                kind=FieldKind::Count { min: 1, max: MAX_CAPACITY.into() }
                                key=CAPACITY
                                label=ConsoleMsg::QueueCapacityMax
                                hint=ConsoleMsg::QueueCapacityRange
                                disabled=capacity_off
                            />
                            <Fieldset legend=ConsoleMsg::QueueNotCounted nested=true>
                                <Choices
                                    form=fields
                                    lens=lens!(not_counted)
                                    name="not_counted"
                                    options=&NOT_COUNTED
                                    disabled=capacity_off
                                />
                            </Fieldset>
                        </div>
                    </Fieldset>

                    <section class="admin-fieldset" aria-labelledby="queue-list-title">
                        <h2 id="queue-list-title">{t(ConsoleMsg::QueueList)}</h2>
                        <p class="hint">
                            {t(ConsoleMsg::QueueListHint)}
                        </p>
                        {entries_view}
                        <div class="admin-field queue-add">
                            <label for="queue-add">{t(ConsoleMsg::QueueAdd)}</label>
                            <div class="admin-inline">
                                <select id="queue-add" data-testid="queue-add" node_ref=add_ref>
                                    {add_options_view}
                                </select>
                                <button type="button" class="secondary" data-testid="queue-add-button" on:click=add>
                                    {t(ConsoleMsg::QueueAddButton)}
                                </button>
                            </div>
                        </div>
                    </section>
        </SectionPage>
    }
}

/// One line of the queue with its Up, Down and Remove buttons.
#[component]
fn QueueItem(
    index: usize,
    last: usize,
    label: String,
    value: String,
    fields: Page,
) -> impl IntoView {
    let locale = Locale::current();
    let label = StoredValue::new(label);
    let (up_value, down_value) = (value.clone(), value.clone());
    let up = move |()| {
        fields.update(|f| {
            move_up(&mut f.entries, index);
        });
        focus_entry_button(&up_value, "queue-entry-up", "queue-entry-down");
    };
    let down = move |()| {
        fields.update(|f| {
            move_down(&mut f.entries, index);
        });
        focus_entry_button(&down_value, "queue-entry-down", "queue-entry-up");
    };
    let remove = move |()| {
        let mut next = None;
        fields.update(|f| {
            let e = &mut f.entries;
            if index < e.len() {
                e.remove(index);
            }
            next = e.get(index).or_else(|| e.last()).map(entry_value);
        });
        match next {
            Some(v) => focus_entry_button(&v, "queue-entry-remove", "queue-entry-remove"),
            None => focus_id("queue-add"),
        }
    };
    view! {
        <li class="queue-entry" data-testid="queue-entry" data-value=value>
            <span class="queue-position" aria-hidden="true">{format!("{}.", index + 1)}</span>
            <span class="queue-name" data-testid="queue-entry-name">{label.get_value()}</span>
            <MoveButtons
                prefix="queue-entry"
                words=MoveWords {
                    up: (ConsoleMsg::QueueEntryUp, ConsoleMsg::QueueEntryUpLabel),
                    down: (ConsoleMsg::QueueEntryDown, ConsoleMsg::QueueEntryDownLabel),
                    remove: (ConsoleMsg::QueueEntryRemove, ConsoleMsg::QueueEntryRemoveLabel),
                }
                label=Callback::new(move |msg| {
                    label.with_value(|name| locale.lang().console(msg, &[("name", Arg::Str(name))]))
                })
                first={index == 0}
                last={index == last}
                on_up=Callback::new(up)
                on_down=Callback::new(down)
                on_remove=Callback::new(remove)
            />
        </li>
    }
}

/// Focuses the `testid` button of the queue entry `value` (or its `fallback`
/// button if that one is disabled) once the list is drawn again: a moved or
/// removed entry does not lose the keyboard's place.
fn focus_entry_button(value: &str, testid: &'static str, fallback: &'static str) {
    let entry = format!("[data-testid=queue-entry][data-value=\"{value}\"]");
    let button = |t: &str| format!("{entry} [data-testid={t}]");
    focus_first(vec![button(testid), button(fallback)]);
}
