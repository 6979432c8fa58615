//! The login form.
//!
//! Every text shown here is in the console's catalog (#22).

use leptos::ev::SubmitEvent;
use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;

use canal_shared::i18n::ConsoleMsg;

use crate::api;
use crate::auth::Auth;
use crate::i18n::{t, text, Locale};

/// Email and password; `POST /api/login`, errors in `[data-testid=login-error]`.
#[component]
pub fn Login(
    /// The signed-in state, set on success.
    auth: Auth,
) -> impl IntoView {
    let email: NodeRef<html::Input> = NodeRef::new();
    let password: NodeRef<html::Input> = NodeRef::new();
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);

    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let (Some(email), Some(password)) = (email.get_untracked(), password.get_untracked())
        else {
            return;
        };
        let (email, password) = (email.value().trim().to_owned(), password.value());
        if email.is_empty() || password.is_empty() {
            error.set(Some(text(ConsoleMsg::LoginMissing, &[])));
            return;
        }
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            match api::login(email, password).await {
                Ok(resp) => auth.signed_in(resp),
                Err(f) => {
                    error.set(Some(f.message));
                    busy.set(false);
                }
            }
        });
    };

    let locale = Locale::current();
    request_animation_frame(|| crate::mark("canal:login-ready"));
    view! {
        <main class="login">
            <form class="login-form" on:submit=submit novalidate>
                <h1>{t(ConsoleMsg::LoginTitle)}</h1>
                {move || {
                    auth.notice
                        .get()
                        .map(|n| view! { <p role="status" class="notice" data-testid="login-notice">{n}</p> })
                }}
                <label for="login-email">{t(ConsoleMsg::LoginEmail)}</label>
                <input
                    id="login-email"
                    name="email"
                    type="email"
                    autocomplete="username"
                    required
                    autofocus
                    data-testid="login-email"
                    node_ref=email
                />
                <label for="login-password">{t(ConsoleMsg::LoginPassword)}</label>
                <input
                    id="login-password"
                    name="password"
                    type="password"
                    autocomplete="current-password"
                    required
                    data-testid="login-password"
                    node_ref=password
                />
                {move || {
                    error.get().map(|e| view! { <p role="alert" class="error" data-testid="login-error">{e}</p> })
                }}
                <button type="submit" data-testid="login-submit" disabled=move || busy.get()>
                    {move || {
                        let msg = if busy.get() { ConsoleMsg::LoginBusy } else { ConsoleMsg::LoginSubmit };
                        locale.lang().console_text(msg)
                    }}
                </button>
            </form>
        </main>
    }
}
