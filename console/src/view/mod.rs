//! The components: [`App`] shows the [`login::Login`] form, a "signing in"
//! page while the token is checked, or the [`console::Console`].
//!
//! Every text shown here is in the console's catalog (#22).

use canal_shared::i18n::ConsoleMsg;
use leptos::prelude::*;

use crate::auth::Auth;
use crate::i18n::t;

pub mod attachment;
pub mod automation;
pub mod bots;
pub mod canned;
pub mod canned_picker;
pub mod channels;
pub mod client_card;
pub mod clients;
pub mod connectors;
pub mod consent;
pub mod console;
pub mod conversation;
pub mod crm_settings;
pub mod files_settings;
pub mod focus;
pub mod form;
pub mod hours;
pub mod identity;
pub mod inbox;
pub mod kit;
pub mod kpi;
pub mod ledger;
pub mod linked;
pub mod login;
pub mod my_settings;
pub mod notices;
pub mod people;
pub mod queue;
pub mod secret;
pub mod settings;
pub mod shortcuts;
pub mod statistics;
pub mod supervisor_rating;
pub mod uploads;
pub mod visitor_info;
pub mod widget;

/// The whole app.
#[component]
pub fn App() -> impl IntoView {
    crate::i18n::Locale::provide();
    let auth = Auth::restore();
    let visible = page_visible();
    let have_me = Memo::new(move |_| auth.me.with(Option::is_some));
    move || match (auth.token.get(), have_me.get()) {
        (None, _) => view! { <login::Login auth /> }.into_any(),
        (Some(token), false) => view! { <Checking auth token /> }.into_any(),
        (Some(token), true) => view! { <console::Console auth token visible /> }.into_any(),
    }
}

/// Shown while `/api/me` checks the saved token.
#[component]
fn Checking(auth: Auth, token: String) -> impl IntoView {
    view! {
        <main class="checking" data-testid="checking">
            {move || match auth.check_error.get() {
                None => view! { <p role="status">{t(ConsoleMsg::LoginChecking)}</p> }.into_any(),
                Some(message) => {
                    let token = token.clone();
                    view! {
                        <p role="alert" class="error" data-testid="check-error">{message}</p>
                        <div class="row">
                            <button type="button" on:click=move |_| auth.load_me(token.clone())>
                                {t(ConsoleMsg::LoginRetry)}
                            </button>
                            <button type="button" class="secondary" on:click=move |_| auth.sign_out()>
                                {t(ConsoleMsg::LoginAgain)}
                            </button>
                        </div>
                    }
                        .into_any()
                }
            }}
        </main>
    }
}

/// Whether the page is visible (`document.visibilityState`), kept up to date.
fn page_visible() -> Signal<bool> {
    fn now() -> bool {
        document().visibility_state() == web_sys::VisibilityState::Visible
    }
    let visible = RwSignal::new(now());
    // Lives as long as the page: the handle is never removed.
    let _ = window_event_listener_untyped("visibilitychange", move |_| visible.set(now()));
    visible.into()
}
