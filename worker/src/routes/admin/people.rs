//! Admin: the deployment's set-up (its first admin, for whoever holds
//! `CANAL_SECRET`), people, departments and each channel's queue.

use canal_shared::ids::{random_id, DepartmentId};
use canal_shared::people::{
    Department, DepartmentInput, NewPerson, PeopleResponse, Person, QueueConfig, SetActive,
};
use canal_shared::protocol::{SetupRequest, SetupResponse};
use canal_shared::token::constant_time_eq;
use worker::{Env, Request, Response};

use crate::account::{ChangeActive, CreatePerson, SaveDepartment, Setup, ACCOUNT};
use crate::crypto::{now, random_bytes};
use crate::failure::{ApiResult, Failure};
use crate::internal::{call, internal_error, json, json_body};
use crate::routes::common::{admin, admin_get, admin_post, bearer, secret};

pub(crate) async fn setup(req: &mut Request, env: &Env) -> ApiResult<Response> {
    // Only whoever holds the deployment's secret may set it up.
    let given = bearer(req)?.unwrap_or_default();
    let allowed = secret(env).is_some_and(|s| constant_time_eq(s.as_bytes(), given.as_bytes()));
    if !allowed {
        return Err(Failure::unauthorized(
            "set-up needs `Authorization: Bearer <CANAL_SECRET>`",
        ));
    }
    let request: SetupRequest = json_body(req).await?;
    let res: SetupResponse = call(
        env,
        "ACCOUNT",
        ACCOUNT,
        "/setup",
        &Setup {
            request,
            now: now(),
        },
    )
    .await?;
    json(&res)
}

/// `GET /api/people` (admins).
pub(crate) async fn list(req: &mut Request, env: &Env) -> ApiResult<Response> {
    admin(req, env).await?;
    let res: PeopleResponse = call(env, "ACCOUNT", ACCOUNT, "/people", &()).await?;
    json(&res)
}

/// `POST /api/people` (admins).
pub(crate) async fn create(req: &mut Request, env: &Env) -> ApiResult<Response> {
    admin(req, env).await?;
    let person: NewPerson = json_body(req).await?;
    let res: Person = call(
        env,
        "ACCOUNT",
        ACCOUNT,
        "/people/create",
        &CreatePerson { person, now: now() },
    )
    .await?;
    json(&res)
}

/// `POST /api/people/active` (admins).
pub(crate) async fn set_active(req: &mut Request, env: &Env) -> ApiResult<Response> {
    let info = admin(req, env).await?;
    let SetActive { user, active } = json_body(req).await?;
    let res: Person = call(
        env,
        "ACCOUNT",
        ACCOUNT,
        "/people/active",
        &ChangeActive {
            by: info.user.id,
            user,
            active,
        },
    )
    .await?;
    json(&res)
}

/// `POST /api/departments` (admins).
pub(crate) async fn save_department(req: &mut Request, env: &Env) -> ApiResult<Response> {
    admin(req, env).await?;
    let input: DepartmentInput = json_body(req).await?;
    let new_id =
        DepartmentId::parse(&random_id("d_", &random_bytes::<8>()?)).map_err(internal_error)?;
    let res: Department = call(
        env,
        "ACCOUNT",
        ACCOUNT,
        "/departments/save",
        &SaveDepartment {
            input,
            new_id,
            now: now(),
        },
    )
    .await?;
    json(&res)
}

/// `GET /api/queue?channel=` (admins).
pub(crate) async fn queue(req: &Request, env: &Env) -> ApiResult<Response> {
    admin_get::<QueueConfig>(req, env, "/queue/get").await
}

/// `POST /api/queue` (admins).
pub(crate) async fn save_queue(req: &mut Request, env: &Env) -> ApiResult<Response> {
    admin_post::<QueueConfig, QueueConfig>(req, env, "/queue/save").await
}
