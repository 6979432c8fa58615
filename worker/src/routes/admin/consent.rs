//! Admin: the personal-data notice's texts and who accepted them (R-C-1).

use canal_shared::consent::{ConsentAcceptances, ConsentText, ConsentTextInput, ConsentTexts};
use canal_shared::ids::{random_id, ConsentTextId};
use canal_shared::time::Timestamp;
use worker::{Env, Request, Response};

use crate::account::{AcceptancesQuery, SaveConsentText, ACCOUNT};
use crate::crypto::{now, random_bytes};
use crate::failure::{ApiResult, Failure};
use crate::internal::{call, internal_error, json, json_body};
use crate::routes::common::{admin, channel_param, forward, query};

/// `GET /api/consent/texts` (admins).
pub(crate) async fn texts(req: &Request, env: &Env) -> ApiResult<Response> {
    admin(req, env).await?;
    forward::<ConsentTexts>(env, "/consent/texts", &()).await
}

/// `POST /api/consent/texts` (admins): a new text, or a new version of one.
pub(crate) async fn save_text(req: &mut Request, env: &Env) -> ApiResult<Response> {
    admin(req, env).await?;
    let input: ConsentTextInput = json_body(req).await?;
    let new_id =
        ConsentTextId::parse(&random_id("t_", &random_bytes::<8>()?)).map_err(internal_error)?;
    let res: ConsentText = call(
        env,
        "ACCOUNT",
        ACCOUNT,
        "/consent/texts/save",
        &SaveConsentText {
            input,
            new_id,
            now: now(),
        },
    )
    .await?;
    json(&res)
}

/// `GET /api/consent/acceptances?channel=&before=` (admins): newest first.
pub(crate) async fn acceptances(req: &mut Request, env: &Env) -> ApiResult<Response> {
    admin(req, env).await?;
    let channel = channel_param(req)?;
    let before = query(req, "before")?
        .map(|b| {
            b.parse::<i64>().map(Timestamp).map_err(|_| {
                Failure::bad_request("before must be a time in milliseconds, as `next` gives it")
            })
        })
        .transpose()?;
    let res: ConsentAcceptances = call(
        env,
        "ACCOUNT",
        ACCOUNT,
        "/consent/acceptances",
        &AcceptancesQuery { channel, before },
    )
    .await?;
    json(&res)
}
