//! A channel's identity verification in its settings (Other settings): whether it has an
//! identity secret and since when, making or replacing it (shown once), and
//! how a site signs its users' tokens with it (`data-user-token`), so that
//! operators see who a signed-in visitor is, marked Verified.
//!
//! Every text shown here is in the console's catalog (#22).

use canal_shared::channels::ChannelDetails;
use canal_shared::i18n::{Arg, ConsoleMsg, Lang};
use canal_shared::identity::{MAX_LIFETIME_S, MAX_SUBJECT_CHARS};
use canal_shared::ids::ChannelId;
use leptos::prelude::*;
use leptos::task::spawn_local;

use canal_shared::identity::IdentityStatus;

use crate::auth::Session;
use crate::channels_api;
use crate::format::date_time;
use crate::i18n::{t, text, Locale};
use crate::view::channels::attribute;
use crate::view::focus::focus_id;
use crate::view::form::sentence;
use crate::view::secret::SecretField;

/// The identity secret of `channel`, and how to use it.
#[component]
pub fn IdentitySection(
    /// The channel.
    channel: ChannelDetails,
) -> impl IntoView {
    let prefix = format!("identity-{}", channel.id);
    let state = Identity {
        session: Session::current(),
        channel: StoredValue::new(channel.id.clone()),
        prefix: StoredValue::new(prefix.clone()),
        status: RwSignal::new(None),
        error: RwSignal::new(None),
        saved: RwSignal::new(None),
        busy: RwSignal::new(false),
        confirming: RwSignal::new(false),
        secret: RwSignal::new(None),
    };
    state.reload();
    let title_id = format!("{prefix}-title");
    let labelled_by = title_id.clone();
    let origin = window().location().origin().unwrap_or_default();
    let locale = Locale::current();
    let example = {
        let (channel, now) = (channel.id.clone(), state.now_s());
        move || identity_example(locale.lang(), &origin, &channel, now)
    };
    view! {
        <section class="channel-part" data-testid="identity-section" aria-labelledby=labelled_by>
            <h4 id=title_id tabindex="-1">{t(ConsoleMsg::IdentityTitle)}</h4>
            <p class="hint">{t(ConsoleMsg::IdentityIntro)}</p>
            <p class="identity-status" data-testid="identity-status" data-exists=move || state.exists().map(|e| e.to_string())>
                {move || state.status_text(locale.lang())}
            </p>
            {move || state.error.get().map(|e| view! { <p role="alert" class="error" data-testid="identity-error">{e}</p> })}
            <p role="status" class="admin-saved" data-testid="identity-saved">{move || state.saved.get()}</p>
            {move || state.secret.get().map(|secret| view! { <NewIdentitySecret secret state /> })}
            <Rotate state />
            <details class="identity-howto" data-testid="identity-howto">
                <summary>{t(ConsoleMsg::IdentityHowto)}</summary>
                <pre class="identity-example" data-testid="identity-example">{example}</pre>
            </details>
        </section>
    }
}

/// One channel's identity section state. Cheap to copy.
#[derive(Clone, Copy)]
struct Identity {
    session: Session,
    channel: StoredValue<ChannelId>,
    /// The prefix of the section's element ids.
    prefix: StoredValue<String>,
    /// The last `GET /api/channels/identity`, once it came.
    status: RwSignal<Option<IdentityStatus>>,
    /// The last failure.
    error: RwSignal<Option<String>>,
    /// The last success.
    saved: RwSignal<Option<String>>,
    /// A change is on its way to the server.
    busy: RwSignal<bool>,
    /// "Replace secret…" asks for a confirmation.
    confirming: RwSignal<bool>,
    /// The new secret, shown this once.
    secret: RwSignal<Option<String>>,
}

impl Identity {
    /// Asks the server whether the channel has a secret.
    fn reload(self) {
        let token = self.session.token();
        let channel = self.channel.get_value();
        spawn_local(async move {
            match channels_api::identity(&token, &channel).await {
                Ok(status) => self.status.set(Some(status)),
                Err(f) => self.error.set(Some(sentence(&f.message))),
            }
        });
    }

    /// Whether the channel has a secret; `None` until the server said.
    fn exists(self) -> Option<bool> {
        self.status.with(|s| s.as_ref().map(|s| s.since.is_some()))
    }

    fn status_text(self, lang: Lang) -> String {
        self.status.with(|s| match s {
            None => lang.console(ConsoleMsg::IdentityChecking, &[]),
            Some(s) => status_text(lang, s.since.map(|at| date_time(lang, at)).as_deref()),
        })
    }

    /// Now, in seconds, for the example's `exp`.
    fn now_s(self) -> i64 {
        crate::format::now().0.div_euclid(1000)
    }

    fn id(self, part: &str) -> String {
        self.prefix.with_value(|p| format!("{p}-{part}"))
    }

    /// Makes or replaces the secret; the new one is shown.
    fn rotate(self) {
        if self.busy.get_untracked() {
            return;
        }
        let replacing = self.exists() == Some(true);
        self.busy.set(true);
        self.error.set(None);
        self.saved.set(None);
        self.secret.set(None);
        let token = self.session.token();
        let channel = self.channel.get_value();
        spawn_local(async move {
            let result = channels_api::rotate_identity(&token, &channel).await;
            self.busy.set(false);
            self.confirming.set(false);
            match result {
                Ok(made) => {
                    self.status.set(Some(IdentityStatus {
                        channel: made.channel,
                        since: made.since,
                    }));
                    let lang = Locale::current().lang_now();
                    self.saved.set(Some(rotated_message(lang, replacing)));
                    // Its field takes the focus.
                    self.secret.set(Some(made.secret));
                }
                Err(f) => {
                    self.error.set(Some(sentence(&f.message)));
                    focus_id(&self.id("rotate"));
                    self.reload();
                }
            }
        });
    }
}

/// The new secret, once, with "Copy" and "Done".
#[component]
fn NewIdentitySecret(secret: String, state: Identity) -> impl IntoView {
    let id = state.id("secret");
    focus_id(&id);
    let done = move |_| {
        state.secret.set(None);
        focus_id(&state.id("rotate"));
    };
    view! {
        <div class="secret-box" data-testid="identity-secret-box">
            <SecretField
                id
                label=text(ConsoleMsg::IdentitySecretLabel, &[])
                note=text(ConsoleMsg::IdentitySecretNote, &[])
                testid="identity-secret"
                secret
            />
            <div class="admin-inline">
                <button type="button" data-testid="identity-secret-done" on:click=done>
                    {t(ConsoleMsg::IdentitySecretDone)}
                </button>
            </div>
        </div>
    }
}

/// "Create secret", or "Replace secret…" and its confirmation.
#[component]
fn Rotate(state: Identity) -> impl IntoView {
    let button_id = state.id("rotate");
    let cancel_id = state.id("rotate-cancel");
    let panel_title = state.id("rotate-title");
    let ask = {
        let cancel_id = cancel_id.clone();
        move |_| {
            if state.exists() == Some(true) {
                state.confirming.set(true);
                focus_id(&cancel_id);
            } else {
                state.rotate();
            }
        }
    };
    let cancel = move |_| {
        state.confirming.set(false);
        focus_id(&state.id("rotate"));
    };
    view! {
        <Show
            when=move || state.confirming.get()
            fallback=move || view! {
                <div class="admin-inline">
                    <button
                        type="button"
                        id=button_id.clone()
                        data-testid="identity-rotate"
                        disabled=move || state.busy.get() || state.exists().is_none()
                        on:click=ask.clone()
                    >
                        {move || t(rotate_label(state.exists() == Some(true)))()}
                    </button>
                </div>
            }
        >
            <div class="identity-rotate-panel" role="group" aria-labelledby=panel_title.clone() data-testid="identity-rotate-panel">
                <p id=panel_title.clone()>
                    <strong>{t(ConsoleMsg::IdentityReplaceQuestion)}</strong>
                    " "
                    {t(ConsoleMsg::IdentityReplaceWarning)}
                </p>
                <div class="admin-actions">
                    <button
                        type="button"
                        class="danger"
                        data-testid="identity-rotate-confirm"
                        disabled=move || state.busy.get()
                        on:click=move |_| state.rotate()
                    >
                        {t(ConsoleMsg::IdentityReplaceConfirm)}
                    </button>
                    <button type="button" class="secondary" id=cancel_id.clone() data-testid="identity-rotate-cancel" on:click=cancel>
                        {t(ConsoleMsg::IdentityCancel)}
                    </button>
                </div>
            </div>
        </Show>
    }
}

/// Whether the channel has a secret, and since when (`since` as the admin
/// reads it).
fn status_text(lang: Lang, since: Option<&str>) -> String {
    match since {
        None => lang.console(ConsoleMsg::IdentityNone, &[]),
        Some(since) => lang.console(ConsoleMsg::IdentitySince, &[("since", Arg::Str(since))]),
    }
}

/// The button's text.
fn rotate_label(exists: bool) -> ConsoleMsg {
    if exists {
        ConsoleMsg::IdentityReplace
    } else {
        ConsoleMsg::IdentityCreate
    }
}

/// What making or replacing did.
fn rotated_message(lang: Lang, replacing: bool) -> String {
    lang.console(
        if replacing {
            ConsoleMsg::IdentityReplaced
        } else {
            ConsoleMsg::IdentityCreated
        },
        &[],
    )
}

/// How a site signs its user's token and gives it to the widget, for
/// `channel` served from `origin`, with an `exp` ten minutes after `now_s`;
/// its prose in `lang`, its code as it is.
fn identity_example(lang: Lang, origin: &str, channel: &ChannelId, now_s: i64) -> String {
    let days = MAX_LIFETIME_S / 86_400;
    let say = |msg| lang.console(msg, &[]);
    let max = i64::try_from(MAX_SUBJECT_CHARS).unwrap_or(i64::MAX);
    format!(
        r#"{intro}

<script src="{origin}/widget.js" data-channel="{channel}"
        data-user-token="TOKEN" async></script>

{token}

{{"sub": "u-42", "name": "Rita Lee", "email": "rita@example.com", "exp": {exp}}}

  sub    {sub}
  name   {name}
  email  {email}
  exp    {exp_claim}

{library}
  jwt.sign({{sub: user.id, name: user.name, email: user.email}}, SECRET,
           {{algorithm: "HS256", expiresIn: "1h"}})"#,
        intro = say(ConsoleMsg::IdentityExampleIntro),
        token = say(ConsoleMsg::IdentityExampleToken),
        sub = lang.console(ConsoleMsg::IdentityExampleSub, &[("max", Arg::Num(max))]),
        name = say(ConsoleMsg::IdentityExampleName),
        email = say(ConsoleMsg::IdentityExampleEmail),
        exp_claim = lang.console(ConsoleMsg::IdentityExampleExp, &[("days", Arg::Num(days))]),
        library = say(ConsoleMsg::IdentityExampleLibrary),
        origin = attribute(origin.trim_end_matches('/')),
        channel = attribute(channel.as_str()),
        exp = now_s + 600,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_example_has_the_script_tag_and_the_claims() {
        let demo = ChannelId::parse("demo").unwrap();
        let text = identity_example(Lang::En, "https://chat.example.com/", &demo, 1_764_000_000);
        assert!(text.contains(
            r#"<script src="https://chat.example.com/widget.js" data-channel="demo"
        data-user-token="TOKEN" async></script>"#
        ));
        assert!(text.contains(
            r#"{"sub": "u-42", "name": "Rita Lee", "email": "rita@example.com", "exp": 1764000600}"#
        ));
        for claim in [
            "sub ",
            "name ",
            "email ",
            "exp ",
            "HS256",
            "1 to 64 characters",
            "7 days",
        ] {
            assert!(text.contains(claim), "{claim}");
        }
        // Whatever an origin holds, it stays inside its attribute.
        let odd = identity_example(Lang::En, "https://a\"b", &demo, 0);
        assert!(odd.contains("https://a&quot;b/widget.js"), "{odd}");
    }

    #[test]
    fn the_status_and_the_button_say_whether_a_secret_exists() {
        assert!(status_text(Lang::En, None).contains("no identity secret"));
        assert_eq!(
            status_text(Lang::En, Some("2025-11-24 16:00")),
            "This channel has an identity secret, made 2025-11-24 16:00."
        );
        let en = |msg| Lang::En.console(msg, &[]);
        assert_eq!(en(rotate_label(false)), "Create secret");
        assert_eq!(en(rotate_label(true)), "Replace secret…");
        assert!(rotated_message(Lang::En, true).contains("no longer work"));
        assert!(rotated_message(Lang::En, false).contains("will not be shown again"));
        assert!(en(ConsoleMsg::IdentityReplaceWarning).contains("stop working at once"));
    }
}
