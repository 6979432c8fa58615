//! The people page (admins): operators and admins, their profile as visitors
//! see it (name, position, avatar: R-A-1), deactivating and reactivating
//! them, and departments (a head and members, R-Q-1).
//!
//! Every text shown here is in the console's catalog (#22).

use std::collections::BTreeSet;

use canal_shared::i18n::{Arg, ConsoleMsg, Lang};
use canal_shared::ids::{DepartmentId, UserId};
use canal_shared::people::{
    validate_department, Department, DepartmentInput, NewPerson, PeopleError, PeopleResponse,
    Person, ProfileInput, SetActive, MAX_DEPARTMENT_MEMBERS,
};
use canal_shared::protocol::Role;
use canal_shared::text::{parse_name, MAX_NAME_CHARS};
use leptos::ev::SubmitEvent;
use leptos::html;
use leptos::prelude::*;

use crate::view::focus::{focus_first, focus_id};
use crate::view::form::{card_from_fields, FieldError, Problems};
use crate::view::kit::list::{
    Changes, EditActions, ItemTable, ListSection, Outcome, RowButton, SaveWords, TextInput,
};
use crate::view::kit::Fieldset;
use leptos::task::spawn_local;

use crate::admin;
use crate::api::Failure;
use crate::i18n::{t, text, Locale};

/// What the department form's Save says.
const DEPARTMENT_WORDS: SaveWords = SaveWords {
    saving: ConsoleMsg::DepartmentsSave,
    save: ConsoleMsg::DepartmentsSave,
    add: ConsoleMsg::DepartmentsCreate,
};

/// Shortest first password the worker accepts.
const MIN_PASSWORD_CHARS: usize = 10;
/// Longest password the worker accepts.
const MAX_PASSWORD_CHARS: usize = 256;

/// Everyone who can sign in to the console, and the departments.
#[component]
pub fn PeoplePage() -> impl IntoView {
    let page = Page {
        data: RwSignal::new(None),
        changes: Changes::in_session(),
        refocus: StoredValue::new(None),
    };
    page.reload();
    let profile = ProfileEdit::new();

    view! {
        <section class="admin-page" aria-labelledby="people-title" data-testid="people-page">
            <h1 id="people-title">{t(ConsoleMsg::PeopleTitle)}</h1>
            <p class="admin-intro">{t(ConsoleMsg::PeopleIntro)}</p>
            <Outcome prefix="people" error=page.changes.error saved=page.changes.saved />
            {move || {
                (page.data.with(Option::is_none) && page.changes.error.with(Option::is_none))
                    .then(|| view! { <p class="empty" role="status">{t(ConsoleMsg::PeopleLoading)}</p> })
            }}
            <PeopleTable page profile />
            <ProfileForm page profile />
            <NewPersonForm page />
            <Departments page />
        </section>
    }
}

/// The page's shared state. Cheap to copy.
#[derive(Clone, Copy)]
struct Page {
    /// The last `GET /api/people`.
    data: RwSignal<Option<PeopleResponse>>,
    /// Its changes: the last failure (`[data-testid=people-error]`), the
    /// last success (`[data-testid=people-saved]`), whether one is on its way.
    changes: Changes,
    /// What to focus once the list is drawn again (a reload redraws it).
    refocus: StoredValue<Option<String>>,
}

impl Page {
    /// Asks the server for everyone again.
    fn reload(self) {
        spawn_local(async move {
            match admin::people(&self.changes.session.token()).await {
                Ok(d) => self.data.set(Some(d)),
                Err(f) => self.changes.error.set(Some(f.message)),
            }
            if let Some(selector) = self.refocus.try_update_value(Option::take).flatten() {
                focus_first(vec![selector]);
            }
        });
    }

    /// What follows a change sent with [`Changes::run`]: the lists are
    /// reloaded after a success.
    fn reloaded(self) -> impl FnOnce(Result<(), Failure>) + 'static {
        move |result| {
            if result.is_ok() {
                self.reload();
            }
        }
    }

    /// A problem found before sending anything.
    fn refuse(self, message: String) {
        self.changes.saved.set(None);
        self.changes.error.set(Some(message));
    }

    fn people(self) -> Vec<Person> {
        self.data
            .with(|d| d.as_ref().map(|d| d.people.clone()))
            .unwrap_or_default()
    }

    fn active_people(self) -> Vec<Person> {
        let mut people = self.people();
        people.retain(|p| p.active);
        people
    }
}

/// Everyone, with Edit profile and Deactivate / Reactivate buttons each.
#[component]
fn PeopleTable(page: Page, profile: ProfileEdit) -> impl IntoView {
    // The person whose deactivation waits for a confirmation.
    let confirming = RwSignal::new(None::<UserId>);
    view! {
        <ListSection title_id="people-list-title" title=ConsoleMsg::PeopleEveryone>
            <ItemTable testid="people" columns=&[ConsoleMsg::PeopleName, ConsoleMsg::PeopleEmail, ConsoleMsg::PeopleRole, ConsoleMsg::PeopleStatus] actions=ConsoleMsg::PeopleActions>
                {move || {
                    page.people()
                        .into_iter()
                        .map(|person| view! { <PersonRow person page confirming profile /> })
                        .collect_view()
                }}
            </ItemTable>
        </ListSection>
    }
}

/// One person, and what can be done to them.
#[component]
fn PersonRow(
    person: Person,
    page: Page,
    confirming: RwSignal<Option<UserId>>,
    profile: ProfileEdit,
) -> impl IntoView {
    let edit_label = text(
        ConsoleMsg::PeopleEditProfileLabel,
        &[("name", Arg::Str(&person.name))],
    );
    let listed = person.clone();
    let edit_profile = move |()| profile.open(&listed, page);
    let Person {
        id,
        email,
        name,
        role,
        active,
        position,
        ..
    } = person;
    let row_id = id.to_string();
    let shown_name = name.clone();
    let actions = move || {
        let (id, name) = (id.clone(), name.clone());
        if !active {
            let label = text(
                ConsoleMsg::PeopleReactivateLabel,
                &[("name", Arg::Str(&name))],
            );
            let reactivate = move |()| {
                let change = SetActive {
                    user: id.clone(),
                    active: true,
                };
                let name = name.clone();
                page.changes.run(
                    move |token| async move { admin::set_active(&token, &change).await },
                    move |_| text(ConsoleMsg::PeopleReactivated, &[("name", Arg::Str(&name))]),
                    page.reloaded(),
                );
            };
            return view! {
                <RowButton
                    testid="person-activate"
                    label
                    text=ConsoleMsg::PeopleReactivate
                    disabled=page.changes.busy
                    on_click=Callback::new(reactivate)
                />
            }
            .into_any();
        }
        if confirming.with(|c| c.as_ref() != Some(&id)) {
            let ask = {
                let id = id.clone();
                move |()| {
                    confirming.set(Some(id.clone()));
                    focus_in_row(&id, "person-confirm");
                }
            };
            return view! {
                <RowButton
                    testid="person-deactivate"
                    label=text(ConsoleMsg::PeopleDeactivateLabel, &[("name", Arg::Str(&name))])
                    text=ConsoleMsg::PeopleDeactivate
                    on_click=Callback::new(ask)
                />
            }
            .into_any();
        }
        let cancel = {
            let id = id.clone();
            move |_| {
                confirming.set(None);
                focus_in_row(&id, "person-deactivate");
            }
        };
        let confirm_text = text(
            ConsoleMsg::PeopleDeactivateConfirm,
            &[("name", Arg::Str(&name))],
        );
        let confirm = move |_| {
            let change = SetActive {
                user: id.clone(),
                active: false,
            };
            let name = name.clone();
            page.changes.run(
                move |token| async move { admin::set_active(&token, &change).await },
                move |_| {
                    confirming.set(None);
                    text(ConsoleMsg::PeopleDeactivated, &[("name", Arg::Str(&name))])
                },
                page.reloaded(),
            );
        };
        view! {
            <span class="admin-inline">
                <button
                    type="button"
                    class="danger"
                    data-testid="person-confirm"
                    disabled=move || page.changes.busy.get()
                    on:click=confirm
                >
                    {confirm_text}
                </button>
                <button type="button" class="secondary" data-testid="person-cancel" on:click=cancel>
                    {t(ConsoleMsg::PeopleCancel)}
                </button>
            </span>
        }
        .into_any()
    };
    view! {
        <tr data-testid="person" data-id=row_id data-active=active.to_string() class:inactive=!active>
            <td data-label=t(ConsoleMsg::PeopleName)>
                <span class="admin-person-name" data-testid="person-name-text">{shown_name}</span>
                {position
                    .map(|p| view! { <span class="admin-sub" data-testid="person-position">{p}</span> })}
            </td>
            <td data-label=t(ConsoleMsg::PeopleEmail) class="admin-email">{email}</td>
            <td data-label=t(ConsoleMsg::PeopleRole)>{t(role_label(role))}</td>
            <td data-label=t(ConsoleMsg::PeopleStatus) data-testid="person-status">
                {t(if active { ConsoleMsg::PeopleActive } else { ConsoleMsg::PeopleInactive })}
            </td>
            <td class="admin-row-actions">
                <span class="admin-inline">
                    <RowButton
                        testid="person-edit-profile"
                        label=edit_label
                        text=ConsoleMsg::PeopleEditProfile
                        on_click=Callback::new(edit_profile)
                    />
                    {actions}
                </span>
            </td>
        </tr>
    }
}

/// Whose profile the form edits, and its fields as typed. Cheap to copy.
#[derive(Clone, Copy)]
struct ProfileEdit {
    /// The person, as listed; `None` while the form is closed.
    person: RwSignal<Option<Person>>,
    name: RwSignal<String>,
    position: RwSignal<String>,
    avatar: RwSignal<String>,
    problems: RwSignal<Problems>,
}

impl ProfileEdit {
    fn new() -> Self {
        ProfileEdit {
            person: RwSignal::new(None),
            name: RwSignal::new(String::new()),
            position: RwSignal::new(String::new()),
            avatar: RwSignal::new(String::new()),
            problems: RwSignal::new(Problems::default()),
        }
    }

    /// Fills the form with `person`'s profile and moves to it.
    fn open(self, person: &Person, page: Page) {
        self.name.set(person.name.clone());
        self.position
            .set(person.position.clone().unwrap_or_default());
        self.avatar.set(person.avatar.clone().unwrap_or_default());
        self.problems.set(Problems::default());
        self.person.set(Some(person.clone()));
        page.changes.error.set(None);
        page.changes.saved.set(None);
        focus_id(PROFILE_NAME);
    }

    /// Closes the form; the focus goes back to the person's row.
    fn close(self) {
        if let Some(p) = self.person.get_untracked() {
            focus_in_row(&p.id, "person-edit-profile");
        }
        self.person.set(None);
        self.problems.set(Problems::default());
    }
}

// The profile form's fields, by id (also their `data-testid`).
const PROFILE_NAME: &str = "profile-name";
const PROFILE_POSITION: &str = "profile-position";
const PROFILE_AVATAR: &str = "profile-avatar";

/// Someone's name, position and avatar, as visitors see them on channels
/// that show the operator's own profile (R-A-1).
#[component]
fn ProfileForm(page: Page, profile: ProfileEdit) -> impl IntoView {
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let Some(person) = profile.person.get_untracked() else {
            return;
        };
        let card = card_from_fields(
            &profile.name.get_untracked(),
            &profile.position.get_untracked(),
            &profile.avatar.get_untracked(),
        );
        let card = match card {
            Ok(card) => card,
            Err(p) => {
                let mut problems = Problems::default();
                problems.add(PROFILE_NAME, p.name);
                problems.add(PROFILE_POSITION, p.position);
                problems.add(PROFILE_AVATAR, p.avatar);
                if let Some(field) = problems.first_field() {
                    focus_id(field);
                }
                page.refuse(problems.summary());
                profile.problems.set(problems);
                return;
            }
        };
        profile.problems.set(Problems::default());
        let input = ProfileInput {
            user: person.id.clone(),
            card,
        };
        page.changes.run(
            move |token| async move { admin::save_profile(&token, &input).await },
            move |saved: Person| {
                // The list is drawn again: focus its row's button then.
                page.refocus.set_value(Some(format!(
                    "[data-testid=person][data-id=\"{}\"] [data-testid=person-edit-profile]",
                    saved.id
                )));
                profile.person.set(None);
                text(
                    ConsoleMsg::PeopleProfileSaved,
                    &[("name", Arg::Str(&saved.name))],
                )
            },
            page.reloaded(),
        );
    };
    let field = move |id: &'static str,
                      label: ConsoleMsg,
                      kind: &'static str,
                      hint: ConsoleMsg,
                      value: RwSignal<String>| {
        let hint_id = format!("{id}-hint");
        view! {
            <div class="admin-field">
                <label for=id>{t(label)}</label>
                <input
                    id=id
                    type=kind
                    autocomplete="off"
                    data-testid=id
                    aria-describedby=format!("{hint_id} {id}-error")
                    aria-invalid=move || {
                        profile.problems.with(|p| p.of(id).is_some()).then_some("true")
                    }
                    prop:value=move || value.get()
                    on:input=move |ev| value.set(event_target_value(&ev))
                />
                <p class="hint" id=hint_id>{t(hint)}</p>
                <FieldError problems=profile.problems id=id.to_owned() testid=format!("{id}-error") />
            </div>
        }
    };
    let locale = Locale::current();
    let title = move || {
        profile
            .person
            .with(|p| {
                p.as_ref().map(|p| {
                    let args = [("name", Arg::Str(&p.name))];
                    locale.lang().console(ConsoleMsg::PeopleProfileTitle, &args)
                })
            })
            .unwrap_or_default()
    };
    view! {
        <Show when=move || profile.person.with(Option::is_some)>
            <section class="admin-section" aria-labelledby="profile-form-title" data-testid="profile-form">
                <h2 id="profile-form-title">{title}</h2>
                <p class="hint">{t(ConsoleMsg::PeopleProfileIntro)}</p>
                <form class="admin-form admin-grid" on:submit=submit novalidate>
                    {field(PROFILE_NAME, ConsoleMsg::PeopleName, "text", ConsoleMsg::PeopleProfileNameHint, profile.name)}
                    {field(PROFILE_POSITION, ConsoleMsg::PeoplePosition, "text", ConsoleMsg::PeoplePositionHint, profile.position)}
                    {field(PROFILE_AVATAR, ConsoleMsg::PeopleAvatar, "url", ConsoleMsg::PeopleAvatarHint, profile.avatar)}
                    <div class="admin-actions">
                        <button type="submit" data-testid="profile-save" disabled=move || page.changes.busy.get()>
                            {t(ConsoleMsg::PeopleSaveProfile)}
                        </button>
                        <button
                            type="button"
                            class="secondary"
                            data-testid="profile-cancel"
                            on:click=move |_| profile.close()
                        >
                            {t(ConsoleMsg::PeopleCancel)}
                        </button>
                    </div>
                </form>
            </section>
        </Show>
    }
}

/// "Add a person": name, email, first password, role.
#[component]
fn NewPersonForm(page: Page) -> impl IntoView {
    let locale = Locale::current();
    let name: NodeRef<html::Input> = NodeRef::new();
    let email: NodeRef<html::Input> = NodeRef::new();
    let password: NodeRef<html::Input> = NodeRef::new();
    let role: NodeRef<html::Select> = NodeRef::new();

    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let (Some(name_el), Some(email_el), Some(password_el), Some(role_el)) = (
            name.get_untracked(),
            email.get_untracked(),
            password.get_untracked(),
            role.get_untracked(),
        ) else {
            return;
        };
        let person = match new_person(
            &name_el.value(),
            &email_el.value(),
            &password_el.value(),
            &role_el.value(),
            Locale::current().lang_now(),
        ) {
            Ok(p) => p,
            Err(message) => return page.refuse(message),
        };
        page.changes.run(
            move |token| async move { admin::create_person(&token, &person).await },
            move |p: Person| {
                name_el.set_value("");
                email_el.set_value("");
                password_el.set_value("");
                role_el.set_value("operator");
                let role = text(role_lower(p.role), &[]);
                text(
                    ConsoleMsg::PeopleAdded,
                    &[("name", Arg::Str(&p.name)), ("role", Arg::Str(&role))],
                )
            },
            page.reloaded(),
        );
    };

    view! {
        <section class="admin-section" aria-labelledby="person-form-title">
            <h2 id="person-form-title">{t(ConsoleMsg::PeopleAddTitle)}</h2>
            <form class="admin-form admin-grid" on:submit=submit novalidate>
                <div class="admin-field">
                    <label for="person-name">{t(ConsoleMsg::PeopleName)}</label>
                    <input id="person-name" type="text" autocomplete="off" data-testid="person-name" node_ref=name />
                </div>
                <div class="admin-field">
                    <label for="person-email">{t(ConsoleMsg::PeopleEmail)}</label>
                    <input id="person-email" type="email" autocomplete="off" data-testid="person-email" node_ref=email />
                </div>
                <div class="admin-field">
                    <label for="person-password">{t(ConsoleMsg::PeoplePassword)}</label>
                    <input
                        id="person-password"
                        type="password"
                        autocomplete="new-password"
                        aria-describedby="person-password-hint"
                        data-testid="person-password"
                        node_ref=password
                    />
                    <p class="hint" id="person-password-hint">
                        {move || {
                            let args = [("min", Arg::count(MIN_PASSWORD_CHARS)), ("max", Arg::count(MAX_PASSWORD_CHARS))];
                            locale.lang().console(ConsoleMsg::PeoplePasswordHint, &args)
                        }}
                    </p>
                </div>
                <div class="admin-field">
                    <label for="person-role">{t(ConsoleMsg::PeopleRole)}</label>
                    <select id="person-role" data-testid="person-role" node_ref=role>
                        <option value="operator" selected>{t(ConsoleMsg::PeopleOperator)}</option>
                        <option value="admin">{t(ConsoleMsg::PeopleAdmin)}</option>
                    </select>
                </div>
                <div class="admin-actions">
                    <button type="submit" data-testid="person-create" disabled=move || page.changes.busy.get()>
                        {t(ConsoleMsg::PeopleAdd)}
                    </button>
                </div>
            </form>
        </section>
    }
}

/// The departments and the form that creates or edits one.
#[component]
fn Departments(page: Page) -> impl IntoView {
    let locale = Locale::current();
    // `None`: the form creates a department.
    let editing = RwSignal::new(None::<DepartmentId>);
    let name = RwSignal::new(String::new());
    let head = RwSignal::new(None::<UserId>);
    let members = RwSignal::new(Vec::<UserId>::new());

    let reset = move || {
        editing.set(None);
        name.set(String::new());
        head.set(None);
        members.set(Vec::new());
    };
    let edit = move |d: &Department, active: &BTreeSet<UserId>| {
        editing.set(Some(d.id.clone()));
        name.set(d.name.clone());
        // Only active people can be picked; anyone else drops out on save.
        head.set(d.head.clone().filter(|h| active.contains(h)));
        members.set(
            d.members
                .iter()
                .filter(|m| active.contains(*m))
                .cloned()
                .collect(),
        );
        page.changes.error.set(None);
        page.changes.saved.set(None);
        focus_id("department-name");
    };

    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let people = page.people();
        let active: BTreeSet<UserId> = people
            .iter()
            .filter(|p| p.active)
            .map(|p| p.id.clone())
            .collect();
        let input = DepartmentInput {
            id: editing.get_untracked(),
            name: name.get_untracked(),
            head: head.get_untracked(),
            members: members.get_untracked(),
        };
        let input = match validate_department(&input, &active) {
            Ok(input) => input,
            Err(e) => {
                let lang = Locale::current().lang_now();
                return page.refuse(department_problem(lang, &e, &people));
            }
        };
        page.changes.run(
            move |token| async move { admin::save_department(&token, &input).await },
            move |d: Department| {
                reset();
                text(
                    ConsoleMsg::PeopleDepartmentSaved,
                    &[("name", Arg::Str(&d.name))],
                )
            },
            page.reloaded(),
        );
    };

    let list = move || {
        let Some((people, departments)) = page.data.with(|d| {
            d.as_ref()
                .map(|d| (d.people.clone(), d.departments.clone()))
        }) else {
            return ().into_any();
        };
        if departments.is_empty() {
            // An item of the list it stands for (a list holds only items).
            return view! { <li class="empty" data-testid="departments-empty">{t(ConsoleMsg::DepartmentsNone)}</li> }
                .into_any();
        }
        let active: BTreeSet<UserId> = people
            .iter()
            .filter(|p| p.active)
            .map(|p| p.id.clone())
            .collect();
        departments
            .into_iter()
            .map(|d| {
                let lang = locale.lang();
                let head_name = d.head.as_ref().map_or_else(
                    || lang.console(ConsoleMsg::DepartmentsNoHead, &[]),
                    |h| person_name(lang, h, &people),
                );
                let member_names = if d.members.is_empty() {
                    lang.console(ConsoleMsg::DepartmentsNoMembers, &[])
                } else {
                    d.members
                        .iter()
                        .map(|m| person_name(lang, m, &people))
                        .collect::<Vec<_>>()
                        .join(", ")
                };
                let label = lang.console(ConsoleMsg::DepartmentsEditLabel, &[("name", Arg::Str(&d.name))]);
                let active = active.clone();
                let title = d.name.clone();
                let id = d.id.to_string();
                view! {
                    <li class="admin-card" data-testid="department" data-id=id>
                        <div class="admin-card-main">
                            <h3 data-testid="department-title">{title}</h3>
                            <p>
                                <span class="admin-term">{t(ConsoleMsg::DepartmentsHead)} " "</span>
                                <span data-testid="department-head-name">{head_name}</span>
                            </p>
                            <p>
                                <span class="admin-term">{t(ConsoleMsg::DepartmentsMembers)} " "</span>
                                <span data-testid="department-members">{member_names}</span>
                            </p>
                        </div>
                        <button
                            type="button"
                            class="secondary"
                            data-testid="department-edit"
                            aria-label=label
                            on:click=move |_| edit(&d, &active)
                        >
                            {t(ConsoleMsg::DepartmentsEdit)}
                        </button>
                    </li>
                }
            })
            .collect_view()
            .into_any()
    };

    let head_options = move || {
        page.active_people()
            .into_iter()
            .map(|p| {
                let selected = {
                    let id = p.id.clone();
                    move || head.with(|h| h.as_ref() == Some(&id))
                };
                view! { <option value=p.id.to_string() prop:selected=selected>{p.name}</option> }
            })
            .collect_view()
    };
    let member_boxes = move || {
        let people = page.active_people();
        if people.is_empty() {
            return view! { <p class="empty">{t(ConsoleMsg::DepartmentsNobody)}</p> }.into_any();
        }
        people
            .into_iter()
            .map(|p| {
                let checked = {
                    let id = p.id.clone();
                    move || members.with(|m| m.contains(&id))
                };
                let id = p.id.clone();
                view! {
                    <label class="admin-check">
                        <input
                            type="checkbox"
                            data-testid="department-member"
                            value=p.id.to_string()
                            prop:checked=checked
                            on:change=move |ev| {
                                let on = event_target_checked(&ev);
                                members.update(|m| toggle_member(m, &id, on));
                            }
                        />
                        <span>{p.name}</span>
                    </label>
                }
            })
            .collect_view()
            .into_any()
    };
    let form_title = move || {
        locale
            .lang()
            .console_text(if editing.with(Option::is_some) {
                ConsoleMsg::DepartmentsEditTitle
            } else {
                ConsoleMsg::DepartmentsNewTitle
            })
    };

    view! {
        <section class="admin-section" aria-labelledby="departments-title">
            <h2 id="departments-title">{t(ConsoleMsg::DepartmentsTitle)}</h2>
            <p class="hint">{t(ConsoleMsg::DepartmentsHint)}</p>
            <ul class="admin-cards" data-testid="departments">{list}</ul>
            <form class="admin-form" on:submit=submit novalidate aria-labelledby="department-form-title">
                <h3 id="department-form-title">{form_title}</h3>
                <TextInput id="department-name" label=ConsoleMsg::PeopleName bind=name />
                <div class="admin-field">
                    <label for="department-head">{t(ConsoleMsg::DepartmentsHeadField)}</label>
                    <select
                        id="department-head"
                        data-testid="department-head"
                        on:change=move |ev| head.set(UserId::parse(&event_target_value(&ev)).ok())
                    >
                        <option value="" prop:selected=move || head.with(Option::is_none)>
                            {t(ConsoleMsg::DepartmentsNoHead)}
                        </option>
                        {head_options}
                    </select>
                </div>
                <Fieldset legend=ConsoleMsg::DepartmentsMembersField>
                    <div class="admin-checks">{member_boxes}</div>
                </Fieldset>
                <EditActions
                    save_id="department-save"
                    words=DEPARTMENT_WORDS
                    busy=page.changes.busy
                    editing=Signal::derive(move || editing.with(Option::is_some))
                    cancel_id="department-cancel"
                    cancel=ConsoleMsg::PeopleCancel
                    on_cancel=Callback::new(move |()| reset())
                />
            </form>
        </section>
    }
}

/// Checks the "Add a person" form as the worker does; what is wrong in
/// `lang`.
fn new_person(
    name: &str,
    email: &str,
    password: &str,
    role: &str,
    lang: Lang,
) -> Result<NewPerson, String> {
    let name = parse_name(name).map_err(|_| {
        lang.console(
            ConsoleMsg::PeopleNameMissing,
            &[("max", Arg::count(MAX_NAME_CHARS))],
        )
    })?;
    let email = email.trim();
    if email.is_empty() || !email.contains('@') {
        return Err(lang.console(ConsoleMsg::PeopleEmailMissing, &[]));
    }
    if !(MIN_PASSWORD_CHARS..=MAX_PASSWORD_CHARS).contains(&password.chars().count()) {
        let args = [
            ("min", Arg::count(MIN_PASSWORD_CHARS)),
            ("max", Arg::count(MAX_PASSWORD_CHARS)),
        ];
        return Err(lang.console(ConsoleMsg::PeoplePasswordLength, &args));
    }
    let role = match role {
        "admin" => Role::Admin,
        _ => Role::Operator,
    };
    Ok(NewPerson {
        email: email.to_owned(),
        name,
        password: password.to_owned(),
        role,
    })
}

/// A refused department, in the admin's words and `lang`.
fn department_problem(lang: Lang, error: &PeopleError, people: &[Person]) -> String {
    match error {
        PeopleError::Name => lang.console(
            ConsoleMsg::DepartmentsNameMissing,
            &[("max", Arg::count(MAX_NAME_CHARS))],
        ),
        PeopleError::NotAPerson(u) => {
            let name = person_name(lang, u, people);
            lang.console(
                ConsoleMsg::DepartmentsNotAPerson,
                &[("name", Arg::Str(&name))],
            )
        }
        PeopleError::TooManyMembers => lang.console(
            ConsoleMsg::DepartmentsTooMany,
            &[("max", Arg::count(MAX_DEPARTMENT_MEMBERS))],
        ),
        other => other.to_string(),
    }
}

/// Adds `id` to the members (at the end) or takes them out.
fn toggle_member(members: &mut Vec<UserId>, id: &UserId, on: bool) {
    if on {
        if !members.contains(id) {
            members.push(id.clone());
        }
    } else {
        members.retain(|m| m != id);
    }
}

/// Someone's name, marked if they are deactivated.
fn person_name(lang: Lang, id: &UserId, people: &[Person]) -> String {
    match people.iter().find(|p| &p.id == id) {
        Some(p) if p.active => p.name.clone(),
        Some(p) => lang.console(
            ConsoleMsg::PeopleDeactivatedMark,
            &[("name", Arg::Str(&p.name))],
        ),
        None => id.to_string(),
    }
}

/// A role's name.
fn role_label(role: Role) -> ConsoleMsg {
    match role {
        Role::Operator => ConsoleMsg::PeopleOperator,
        Role::Admin => ConsoleMsg::PeopleAdmin,
    }
}

/// A role's name within a sentence.
fn role_lower(role: Role) -> ConsoleMsg {
    match role {
        Role::Operator => ConsoleMsg::PeopleOperatorLower,
        Role::Admin => ConsoleMsg::PeopleAdminLower,
    }
}

/// Focuses the `testid` button in the row of `user` once it is drawn.
fn focus_in_row(user: &UserId, testid: &'static str) {
    focus_first(vec![format!(
        "[data-testid=person][data-id=\"{user}\"] [data-testid={testid}]"
    )]);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn u(id: &str) -> UserId {
        UserId::parse(id).unwrap()
    }

    #[test]
    fn members_are_toggled_in_order() {
        let mut members = vec![u("a")];
        toggle_member(&mut members, &u("c"), true);
        toggle_member(&mut members, &u("b"), true);
        toggle_member(&mut members, &u("c"), true);
        assert_eq!(members, [u("a"), u("c"), u("b")]);
        toggle_member(&mut members, &u("a"), false);
        toggle_member(&mut members, &u("z"), false);
        assert_eq!(members, [u("c"), u("b")]);
    }

    #[test]
    fn new_people_are_checked_like_the_worker_does() {
        let ok = new_person(
            " Ana ",
            " ana@example.com ",
            "0123456789",
            "admin",
            Lang::En,
        )
        .unwrap();
        assert_eq!(
            ok,
            NewPerson {
                email: "ana@example.com".into(),
                name: "Ana".into(),
                password: "0123456789".into(),
                role: Role::Admin,
            }
        );
        assert_eq!(
            new_person("Bo", "bo@example.com", "0123456789", "operator", Lang::En)
                .unwrap()
                .role,
            Role::Operator
        );
        assert!(new_person("  ", "a@b", "0123456789", "operator", Lang::En)
            .unwrap_err()
            .contains("name"));
        assert!(new_person("Ana", "ana", "0123456789", "operator", Lang::En)
            .unwrap_err()
            .contains("email"));
        assert_eq!(
            new_person("Ana", "a@b", "short", "operator", Lang::En).unwrap_err(),
            "The password must be 10 to 256 characters long."
        );
    }

    #[test]
    fn department_problems_name_people() {
        let people = [Person {
            id: u("u_bo"),
            email: "bo@example.com".into(),
            name: "Bo".into(),
            role: Role::Operator,
            active: false,
            position: None,
            avatar: None,
        }];
        assert_eq!(
            department_problem(Lang::En, &PeopleError::NotAPerson(u("u_bo")), &people),
            "Bo (deactivated) is not an active person: choose someone else."
        );
    }
}
