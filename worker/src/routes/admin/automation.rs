//! Admin: a channel's automatic actions, and its response-time limits
//! (R-KPI-1…3).

use canal_shared::automation::AutomationConfig;
use canal_shared::kpi::KpiConfig;
use worker::{Env, Request, Response};

use crate::account::SaveKpi;
use crate::account::{SaveAutomation, ACCOUNT};
use crate::failure::ApiResult;
use crate::internal::{call, json, json_body};
use crate::routes::common::{admin, admin_get, forward};

/// `GET /api/automation?channel=` (admins).
pub(crate) async fn automation(req: &Request, env: &Env) -> ApiResult<Response> {
    admin_get::<AutomationConfig>(req, env, "/automation/get").await
}

/// `POST /api/automation` (admins).
pub(crate) async fn save_automation(req: &mut Request, env: &Env) -> ApiResult<Response> {
    admin(req, env).await?;
    let config: AutomationConfig = json_body(req).await?;
    let body = SaveAutomation {
        config,
        min_delay_ms: crate::tuning::min_delay_ms(env),
    };
    let res: AutomationConfig = call(env, "ACCOUNT", ACCOUNT, "/automation/save", &body).await?;
    json(&res)
}

/// `GET /api/kpi?channel=` (admins, R-KPI-1…3).
pub(crate) async fn kpi(req: &Request, env: &Env) -> ApiResult<Response> {
    admin_get::<KpiConfig>(req, env, "/kpi/get").await
}

/// `POST /api/kpi` (admins, R-KPI-1…3).
pub(crate) async fn save_kpi(req: &mut Request, env: &Env) -> ApiResult<Response> {
    admin(req, env).await?;
    let config: KpiConfig = json_body(req).await?;
    let body = SaveKpi {
        config,
        min_ms: crate::tuning::min_delay_ms(env),
    };
    forward::<KpiConfig>(env, "/kpi/save", &body).await
}
