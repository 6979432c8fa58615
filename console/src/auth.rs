//! Who is signed in: the session token (kept in `sessionStorage`) and the
//! `/api/me` answer, with sign-in, sign-out and expiry.

use canal_shared::protocol::{LoginResponse, MeResponse};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::{api, chat, storage};

/// The signed-in state, shared by every component. Cheap to copy.
#[derive(Clone, Copy)]
pub struct Auth {
    /// The session token; `None` shows the login form.
    pub token: RwSignal<Option<String>>,
    /// Who the token belongs to and their channels, once known.
    pub me: RwSignal<Option<MeResponse>>,
    /// Why the operator was signed out, shown above the login form.
    pub notice: RwSignal<Option<String>>,
    /// Why `/api/me` could not be checked (other than a 401).
    pub check_error: RwSignal<Option<String>>,
}

impl Auth {
    /// The state at start: signed in if `sessionStorage` holds a token, which
    /// is then checked with `/api/me`.
    pub fn restore() -> Auth {
        let auth = Auth {
            token: RwSignal::new(storage::token()),
            me: RwSignal::new(None),
            notice: RwSignal::new(None),
            check_error: RwSignal::new(None),
        };
        if let Some(token) = auth.token.get_untracked() {
            auth.load_me(token);
        }
        auth
    }

    /// A successful `POST /api/login`.
    pub fn signed_in(self, resp: LoginResponse) {
        storage::set_token(&resp.token);
        self.notice.set(None);
        self.check_error.set(None);
        // The channels come with `/api/me`, asked for right after.
        self.me.set(Some(MeResponse {
            user: resp.user,
            channels: Vec::new(),
            supervises: Vec::new(),
            supervised: Vec::new(),
        }));
        self.token.set(Some(resp.token.clone()));
        self.load_me(resp.token);
    }

    /// Asks `/api/me` who `token` belongs to. A 401 signs out.
    pub fn load_me(self, token: String) {
        self.check_error.set(None);
        spawn_local(async move {
            let result = api::me(&token).await;
            if self.token.get_untracked().as_deref() != Some(token.as_str()) {
                return;
            }
            match result {
                Ok(me) => self.me.set(Some(me)),
                Err(f) if f.is_unauthorized() => self.expired(&token),
                Err(f) => self.check_error.set(Some(f.message)),
            }
        });
    }

    /// The server no longer accepts `token` (if it is still the current one).
    pub fn expired(self, token: &str) {
        if self.token.get_untracked().as_deref() == Some(token) {
            self.clear();
            self.notice.set(Some(crate::i18n::text(
                canal_shared::i18n::ConsoleMsg::SessionEnded,
                &[],
            )));
        }
    }

    /// "Sign out": revokes the token on the server and forgets it here.
    pub fn sign_out(self) {
        if let Some(token) = self.token.get_untracked() {
            spawn_local(async move {
                if let Err(f) = api::logout(&token).await {
                    leptos::logging::warn!("canal: sign-out: {}", f.message);
                }
            });
        }
        self.clear();
    }

    fn clear(self) {
        storage::clear();
        chat::forget_all();
        self.check_error.set(None);
        self.token.set(None);
        self.me.set(None);
    }
}

/// The signed-in session, given to the console's pages as a context (#22):
/// a page asks for it with [`Session::current`] instead of being handed the
/// token by every component above it. Cheap to copy.
#[derive(Clone, Copy)]
pub struct Session {
    token: StoredValue<String>,
}

impl Session {
    /// Gives the session `token` to every component below this one.
    pub fn provide(token: String) -> Self {
        let session = Session {
            token: StoredValue::new(token),
        };
        provide_context(session);
        session
    }

    /// The signed-in session; only the console, which provides it, shows
    /// the pages that ask.
    pub fn current() -> Self {
        expect_context::<Session>()
    }

    /// The session token, for the API.
    pub fn token(self) -> String {
        self.token.get_value()
    }
}
