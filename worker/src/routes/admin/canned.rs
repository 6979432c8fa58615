//! Admin, R-PR-1: the lists of predefined responses, and the one each
//! channel uses.

use canal_shared::canned::{
    CannedList, CannedListInput, CannedListRef, CannedLists, ChannelCanned,
};
use canal_shared::ids::random_id;
use canal_shared::ids::CannedListId;
use canal_shared::protocol::Done;
use worker::{Env, Request, Response};

use crate::account::SaveCannedList;
use crate::crypto::random_bytes;
use crate::failure::ApiResult;
use crate::internal::{internal_error, json_body};
use crate::routes::common::{admin, admin_get, admin_post, forward};

/// `GET /api/canned/lists` (admins, R-PR-1).
pub(crate) async fn lists(req: &Request, env: &Env) -> ApiResult<Response> {
    admin(req, env).await?;
    forward::<CannedLists>(env, "/canned/lists", &()).await
}

/// `POST /api/canned/lists` (admins, R-PR-1): a new list (`id: None`) or a
/// list's new name and responses; 400 says what is wrong, 404 if it is gone.
pub(crate) async fn save_list(req: &mut Request, env: &Env) -> ApiResult<Response> {
    admin(req, env).await?;
    let input: CannedListInput = json_body(req).await?;
    let new_id =
        CannedListId::parse(&random_id("cl_", &random_bytes::<8>()?)).map_err(internal_error)?;
    forward::<CannedList>(env, "/canned/lists/save", &SaveCannedList { input, new_id }).await
}

/// `POST /api/canned/lists/delete` (admins, R-PR-1).
pub(crate) async fn delete_list(req: &mut Request, env: &Env) -> ApiResult<Response> {
    admin_post::<CannedListRef, Done>(req, env, "/canned/lists/delete").await
}

/// `GET /api/canned/channel?channel=` (admins, R-PR-1: the list the channel uses).
pub(crate) async fn channel(req: &Request, env: &Env) -> ApiResult<Response> {
    admin_get::<ChannelCanned>(req, env, "/canned/channel/get").await
}

/// `POST /api/canned/channel` (admins, R-PR-1).
pub(crate) async fn save_channel(req: &mut Request, env: &Env) -> ApiResult<Response> {
    admin_post::<ChannelCanned, ChannelCanned>(req, env, "/canned/channel/save").await
}
