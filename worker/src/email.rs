//! Sends the emails `canal_shared::email` writes (R-KPI-3, R-CH-7) through
//! the Worker's `send_email` binding (`EMAIL`). The sender is the
//! `CANAL_EMAIL_FROM` var; without it the deployment sends no email and
//! says so. Locally, `wrangler dev` keeps each message as a file and logs
//! its path (the integration tests read them).

use canal_shared::email::Email;
use canal_shared::i18n::Lang;
use canal_shared::protocol::ErrorCode;
use worker::{EmailMessage, Env};

use crate::crypto::{hex, now, random_bytes};
use crate::failure::{ApiResult, Failure};

/// The binding's name in `wrangler.toml`.
const BINDING: &str = "EMAIL";

/// Who emails come from, and the deployment's language.
pub struct Sender {
    /// The address (`CANAL_EMAIL_FROM`).
    pub from: String,
    /// The name shown with it.
    pub name: String,
}

fn var(env: &Env, name: &str) -> Option<String> {
    env.var(name)
        .ok()
        .map(|v| v.to_string())
        .filter(|v| !v.trim().is_empty())
}

/// The sender, or why this deployment sends no email.
pub fn sender(env: &Env) -> ApiResult<Sender> {
    let from = var(env, "CANAL_EMAIL_FROM").ok_or_else(|| {
        Failure::new(
            503,
            ErrorCode::Internal,
            "this site does not send emails (its CANAL_EMAIL_FROM is not set)",
        )
    })?;
    Ok(Sender {
        from,
        name: var(env, "CANAL_EMAIL_NAME").unwrap_or_else(|| "Canal".into()),
    })
}

/// The deployment's locale (`CANAL_LOCALE`), the default language of
/// emails.
pub fn locale(env: &Env) -> Option<String> {
    var(env, "CANAL_LOCALE")
}

/// The language of emails to staff: the deployment's.
pub fn staff_lang(env: &Env) -> Lang {
    canal_shared::channels::email_lang_for(None, locale(env).as_deref())
}

/// The console's address (`CANAL_CONSOLE_URL`), for links in emails.
pub fn console_url(env: &Env) -> Option<String> {
    var(env, "CANAL_CONSOLE_URL").map(|u| u.trim_end_matches('/').to_owned())
}

/// Sends one plain-text email.
pub async fn send(
    env: &Env,
    sender: &Sender,
    to: &str,
    subject: String,
    text: String,
) -> ApiResult<()> {
    let email = Email {
        from: sender.from.clone(),
        from_name: sender.name.clone(),
        to: to.to_owned(),
        subject,
        text,
    };
    let domain = sender.from.rsplit('@').next().unwrap_or("canal.invalid");
    let id = format!("{}@{domain}", hex(&random_bytes::<16>()?));
    let raw = email.to_mime(&id, now());
    let failed = |e: String| {
        worker::console_error!("email: sending to {to} failed: {e}");
        Failure::new(
            502,
            ErrorCode::Internal,
            "the email could not be sent; try again in a few minutes",
        )
    };
    let message =
        EmailMessage::new(&sender.from, to, &raw).map_err(|e| failed(format!("{e:?}")))?;
    env.send_email(BINDING)?
        .send(&message)
        .await
        .map_err(|e| failed(format!("{e:?}")))?;
    Ok(())
}
