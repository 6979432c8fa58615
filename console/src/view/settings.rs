//! Settings (admins, #22): a menu that stays in view — the channels, people
//! and departments, the account's shared lists — beside the page it opens.
//! A channel has one page with every setting of that channel, in the seed's
//! order; its sections are listed under "Channels" in the menu.
//!
//! Every text shown here is in the console's catalog (#22).

use canal_shared::i18n::ConsoleMsg;
use canal_shared::ids::ChannelId;
use canal_shared::protocol::ChannelInfo;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::auth::Auth;
use crate::i18n::t;
use crate::place::{ChannelSection, Place, Setting};
use crate::view::automation::AutomationPage;
use crate::view::bots::{BotsPage, ChannelBotSection};
use crate::view::canned::CannedPage;
use crate::view::channels::ChannelsPage;
use crate::view::consent::{ChannelAcceptances, ConsentPage};
use crate::view::crm_settings::CrmSettingsSection;
use crate::view::files_settings::FilesPage;
use crate::view::kit::{OpenChannel, Unsaved};
use crate::view::kpi::KpiPage;
use crate::view::people::PeoplePage;
use crate::view::queue::QueuePage;
use crate::view::widget::WidgetPage;

/// The Settings menu and the page of `setting`.
#[component]
pub fn SettingsPage(
    /// The page to show; a channel's section only scrolls, it does not
    /// redraw the page.
    setting: Setting,
    /// The section of a channel's page the URL names, followed as it changes.
    section: Signal<Option<ChannelSection>>,
    /// The signed-in state (its channels are asked again after a change).
    auth: Auth,
) -> impl IntoView {
    let channels = move || {
        auth.me
            .with(|m| m.as_ref().map(|m| m.channels.clone()))
            .unwrap_or_default()
    };
    let current = setting.clone();
    let menu = Setting::MENU
        .into_iter()
        .map(|entry| {
            let here = current.same_entry(&entry);
            let sub = match (&current, &entry) {
                (Setting::Channel { id, .. }, Setting::Channels) => {
                    Some(view! { <SectionMenu id=id.clone() section /> })
                }
                _ => None,
            };
            view! {
                <li>
                    <a
                        class="settings-entry"
                        href=Place::Settings(entry.clone()).href()
                        data-testid=entry.test_id()
                        aria-current=here.then_some("page")
                    >
                        {t(entry.label())}
                    </a>
                    {sub}
                </li>
            }
        })
        .collect_view();
    let body = match setting {
        Setting::Channels => view! { <ChannelsPage auth only=None /> }.into_any(),
        Setting::Channel { id, .. } => {
            let found = channels().into_iter().find(|c| c.id == id);
            match found {
                Some(channel) => view! { <ChannelSettings channel auth section /> }.into_any(),
                None => view! { <MissingChannel /> }.into_any(),
            }
        }
        Setting::People => view! { <PeoplePage /> }.into_any(),
        Setting::Consent => view! { <ConsentPage /> }.into_any(),
        Setting::Responses => view! { <CannedPage channels=Vec::new() /> }.into_any(),
        Setting::Bots => view! { <BotsPage /> }.into_any(),
        Setting::Files => view! { <FilesPage /> }.into_any(),
    };
    view! {
        <div class="settings">
            <nav class="settings-menu" aria-label=t(ConsoleMsg::SettingsMenu)>
                <ul>{menu}</ul>
            </nav>
            <div class="settings-body">{body}</div>
        </div>
    }
}

/// A channel's sections, as links under "Channels" in the menu.
#[component]
fn SectionMenu(id: ChannelId, section: Signal<Option<ChannelSection>>) -> impl IntoView {
    // A section with unsaved changes is marked (#22).
    let unsaved = Unsaved::current();
    let links = ChannelSection::ALL
        .into_iter()
        .map(|s| {
            let place = Place::Settings(Setting::Channel {
                id: id.clone(),
                section: Some(s),
            });
            view! {
                <li>
                    <a
                        class="settings-entry section-entry"
                        href=place.href()
                        data-testid=format!("section-link-{}", s.slug())
                        aria-current=move || (section.get() == Some(s)).then_some("location")
                    >
                        {t(s.label())}
                        {move || {
                            unsaved
                                .is_some_and(|u| u.has(s.slug()))
                                .then(|| {
                                    view! {
                                        <span class="unsaved-mark" data-testid="section-unsaved" title=t(ConsoleMsg::FormUnsaved)>
                                            <span class="visually-hidden">{t(ConsoleMsg::FormUnsaved)}</span>
                                        </span>
                                    }
                                })
                        }}
                    </a>
                </li>
            }
        })
        .collect_view();
    view! {
        <ul class="section-menu" aria-label=t(ConsoleMsg::ChannelSections) data-testid="section-menu">
            {links}
        </ul>
    }
}

/// Every setting of one channel, section by section in the seed's order.
#[component]
fn ChannelSettings(
    channel: ChannelInfo,
    auth: Auth,
    section: Signal<Option<ChannelSection>>,
) -> impl IntoView {
    // The URL's section, on arrival and whenever a menu link changes it.
    Effect::new(move |_| {
        if let Some(s) = section.get() {
            show_section(section_id(s));
        }
    });
    OpenChannel::provide(channel.clone());
    let one = vec![channel.clone()];
    let id = channel.id.clone();
    // A rename in Other settings shows here at once.
    let title = {
        let (id, name) = (id.clone(), channel.name.clone());
        move || {
            auth.me
                .with(|m| {
                    m.as_ref()
                        .and_then(|m| m.channels.iter().find(|c| c.id == id))
                        .map(|c| c.name.clone())
                })
                .unwrap_or_else(|| name.clone())
        }
    };
    let part = move |s: ChannelSection, content: AnyView| {
        view! {
            <div
                class="channel-section"
                id=section_id(s)
                tabindex="-1"
                data-testid=format!("section-{}", s.slug())
                aria-label=t(s.label())
            >
                {content}
            </div>
        }
    };
    view! {
        <div class="channel-settings" data-testid="channel-settings" data-id=id.to_string()>
            <header class="channel-settings-head">
                <a class="back-link" href=Place::Settings(Setting::Channels).href() data-testid="back-to-channels">
                    {t(ConsoleMsg::BackToChannels)}
                </a>
                <h1 data-testid="channel-settings-title">{title}</h1>
            </header>
            {part(ChannelSection::Queue, view! { <QueuePage /> }.into_any())}
            {part(ChannelSection::Widget, view! { <WidgetPage /> }.into_any())}
            {part(ChannelSection::Crm, view! { <CrmSettingsSection /> }.into_any())}
            {part(ChannelSection::Automation, view! { <AutomationPage /> }.into_any())}
            {part(ChannelSection::Consent, view! { <ChannelAcceptances /> }.into_any())}
            {part(ChannelSection::Responses, view! { <CannedPage channels=one.clone() /> }.into_any())}
            {part(ChannelSection::Bot, view! { <ChannelBotSection /> }.into_any())}
            {part(ChannelSection::Kpi, view! { <KpiPage /> }.into_any())}
            {part(ChannelSection::Other, view! { <ChannelsPage auth only=Some(id.clone()) /> }.into_any())}
        </div>
    }
}

/// Brings the section `id` to the top of the page and moves the keyboard's
/// focus to it, once the view has caught up.
fn show_section(id: String) {
    request_animation_frame(move || {
        let Some(el) = document()
            .get_element_by_id(&id)
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        else {
            return;
        };
        // Only the settings' own column scrolls: `scrollIntoView` and a
        // plain `focus()` would scroll the console's frame too.
        let options = web_sys::FocusOptions::new();
        options.set_prevent_scroll(true);
        let _ = el.focus_with_options(&options);
        if let Some(column) = el.closest(".settings-body").ok().flatten() {
            let by = el.get_bounding_client_rect().top() - column.get_bounding_client_rect().top();
            column.set_scroll_top(column.scroll_top() + by as i32);
        }
    });
}

/// The element id of a channel page's section.
fn section_id(s: ChannelSection) -> String {
    format!("section-{}", s.slug())
}

/// A link to a channel that is not (or no longer) the admin's.
#[component]
fn MissingChannel() -> impl IntoView {
    view! {
        <section class="admin-page" data-testid="channel-missing">
            <h1>{t(ConsoleMsg::ChannelMissingTitle)}</h1>
            <p class="admin-intro">
                {t(ConsoleMsg::ChannelMissing)}
                " "
                <a href=Place::Settings(Setting::Channels).href()>{t(ConsoleMsg::ChannelMissingLink)}</a>
            </p>
        </section>
    }
}
