//! The Worker's front door: each handler authenticates, finds the object and
//! forwards. Static files (widget, console, demo page) are served by the
//! assets binding before the Worker runs; only `/api/*` and `/ws/*` reach here.

use canal_shared::api::{resolve, Endpoint as E, NoRoute, Who};
use canal_shared::automation::{AutomationConfig, MIN_DELAY_MS};
use canal_shared::bot::{
    self, BotCreated, BotError, BotInfo, BotInput, BotKind, BotList, BotRef, BotRequest, ChannelBot,
};
use canal_shared::canned::{
    CannedList, CannedListInput, CannedListRef, CannedLists, ChannelCanned,
};
use canal_shared::channels::{
    parse_limit, ChannelDelete, ChannelDetails, ChannelList, ChannelUpdate,
};
use canal_shared::consent::{ConsentAcceptances, ConsentText, ConsentTextInput, ConsentTexts};
use canal_shared::identity::IdentitySecret;
use canal_shared::ids::{random_id, ChannelId, ConsentTextId, DepartmentId};
use canal_shared::ids::{BotId, CannedListId};
use canal_shared::kpi::KpiConfig;
use canal_shared::people::{
    Department, DepartmentInput, NewPerson, PeopleResponse, Person, QueueConfig, SetActive,
};
use canal_shared::protocol::SetupRequest;
use canal_shared::time::Timestamp;
use canal_shared::token::constant_time_eq;
use canal_shared::widget_settings::WidgetSettingsInput;
use worker::{event, Context, Env, Request, Response, Result};

use crate::account::{
    AcceptancesQuery, ChangeActive, CreateChannel, CreatePerson, ListChannels, SaveAutomation,
    SaveConsentText, SaveDepartment, Setup, ACCOUNT,
};
use crate::account::{IdentityStatus, RotateIdentity};
use crate::account::{SaveBot, SaveCannedList, SaveKpi};
use crate::crypto::{hex, now, random_bytes};
use crate::deliveries::send;
use crate::failure::{ApiResult, Failure};
use crate::files;
use crate::internal::{call, internal_error, json, json_body, respond};

mod bench;
pub(crate) mod common;
mod connectors;
mod conversations;
mod crm;
mod ledger;
mod operator;
mod visitor;

use common::{
    admin, admin_get, admin_post, bearer, bench_enabled, channel_param, forward, query, secret,
};

#[event(fetch)]
async fn fetch(mut req: Request, env: Env, _ctx: Context) -> Result<Response> {
    respond(route(&mut req, &env).await)
}

async fn route(req: &mut Request, env: &Env) -> ApiResult<Response> {
    let path = req.path();
    let method = req.method();
    let no_route = |no: NoRoute| Failure::not_found(no.to_string());
    let (route, params) = resolve(method.as_ref(), &path).map_err(no_route)?;
    if route.who == Who::Bench && !bench_enabled(env) {
        return Err(no_route(NoRoute::of(method.as_ref(), &path)));
    }
    match route.endpoint {
        E::Health => json(&serde_json::json!({ "ok": true })),
        E::Setup => setup(req, env).await,
        E::Login => operator::login(req, env).await,
        E::Logout => operator::logout(req, env).await,
        E::Me => operator::me(req, env).await,
        E::Preferences => operator::preferences(req, env, None).await,
        E::SavePreferences => operator::save_preferences(req, env).await,
        E::SaveProfile => operator::save_profile(req, env).await,
        E::VisitorSession => visitor::visitor_session(req, env).await,
        E::VisitorConsent => visitor::visitor_consent(req, env).await,
        E::VisitorContact => visitor::visitor_contact(req, env).await,
        E::VisitorHistory => visitor::visitor_history(req, env).await,
        E::WidgetConfig => visitor::widget_config(req, env).await,
        E::WidgetFrame => visitor::widget_frame(req, env).await,
        E::VisitorSocket => visitor::visitor_socket(req, env).await,
        E::OperatorSocket => operator::operator_socket(req, env).await,
        E::InboxSocket => operator::inbox_socket(req, env).await,
        E::Upload => files::upload(req, env).await,
        E::FileLimits => files::get_limits(req, env).await,
        E::SaveFileLimits => files::save_limits(req, env).await,
        E::Download => files::download(req, env, &path).await,
        E::Accept => conversations::answer_offer(req, env, "/accept").await,
        E::Decline => conversations::answer_offer(req, env, "/decline").await,
        E::Transfer => conversations::transfer(req, env).await,
        E::SupervisorRating => conversations::supervisor_rating(req, env).await,
        E::ConversationAccess => conversations::conversation_access(req, env).await,
        E::Canned => operator::canned_responses(req, env).await,
        E::QueueMembers => operator::queue_members(req, env).await,
        E::Channels => channels(req, env).await,
        E::CreateChannel => create_channel(req, env).await,
        E::UpdateChannel => admin_post::<ChannelUpdate>(req, env, "/channels/update").await,
        E::DeleteChannel => admin_post::<ChannelDelete>(req, env, "/channels/delete").await,
        E::Identity => admin_get(req, env, "/identity/get").await,
        E::RotateIdentity => rotate_identity(req, env).await,
        E::WidgetSettings => admin_get(req, env, "/widget-settings/get").await,
        E::SaveWidgetSettings => {
            admin_post::<WidgetSettingsInput>(req, env, "/widget-settings/save").await
        }
        E::ConsentTexts => consent_texts(req, env).await,
        E::SaveConsentText => save_consent_text(req, env).await,
        E::ConsentAcceptances => consent_acceptances(req, env).await,
        E::CannedLists => canned_lists(req, env).await,
        E::SaveCannedList => save_canned_list(req, env).await,
        E::DeleteCannedList => admin_post::<CannedListRef>(req, env, "/canned/lists/delete").await,
        E::ChannelCanned => admin_get(req, env, "/canned/channel/get").await,
        E::SaveChannelCanned => admin_post::<ChannelCanned>(req, env, "/canned/channel/save").await,
        E::Bots => bots(req, env).await,
        E::RegisterBot => register_bot(req, env).await,
        E::DeleteBot => admin_post::<BotRef>(req, env, "/bots/delete").await,
        E::ChannelBot => admin_get(req, env, "/bots/channel/get").await,
        E::SaveChannelBot => admin_post::<ChannelBot>(req, env, "/bots/channel/save").await,
        E::People => people(req, env).await,
        E::CreatePerson => create_person(req, env).await,
        E::SetActive => set_active(req, env).await,
        E::SaveDepartment => save_department(req, env).await,
        E::Queue => admin_get(req, env, "/queue/get").await,
        E::SaveQueue => admin_post::<QueueConfig>(req, env, "/queue/save").await,
        E::Automation => admin_get(req, env, "/automation/get").await,
        E::SaveAutomation => save_automation(req, env).await,
        E::Kpi => admin_get(req, env, "/kpi/get").await,
        E::SaveKpi => save_kpi(req, env).await,
        E::CrmConversation => crm::conversation(req, env).await,
        E::CrmLead => crm::lead(req, env).await,
        E::CrmClients => crm::clients(req, env).await,
        E::CrmClient => crm::client(req, env).await,
        E::CrmMerge => crm::merge(req, env).await,
        E::CrmSettings => crm::settings(req, env).await,
        E::SaveCrmSettings => crm::save_settings(req, env).await,
        E::CrmWebhook => crm::webhook(req, env).await,
        E::SaveCrmWebhook => crm::save_webhook(req, env).await,
        E::Connectors => connectors::list(req, env).await,
        E::CreateConnector => connectors::create(req, env).await,
        E::DeleteConnector => connectors::delete(req, env).await,
        E::ConnectorInbound => connectors::inbound(req, env, params.get("id")).await,
        E::LedgerConversations => ledger::conversations(req, env).await,
        E::LedgerExport => ledger::export(req, env).await,
        E::LedgerStats => ledger::stats(req, env).await,
        E::LedgerSearch => ledger::search(req, env).await,
        E::BenchLedger => bench::ledger(req, env).await,
        E::Echo => bench::echo(req, env).await,
    }
}

/// `GET /api/consent/texts` (admins).
async fn consent_texts(req: &Request, env: &Env) -> ApiResult<Response> {
    admin(req, env).await?;
    forward::<ConsentTexts>(env, "/consent/texts", &()).await
}

/// `GET /api/canned/lists` (admins, R-PR-1).
async fn canned_lists(req: &Request, env: &Env) -> ApiResult<Response> {
    admin(req, env).await?;
    forward::<CannedLists>(env, "/canned/lists", &()).await
}

/// `GET /api/bots` (admins, R-BOT-1).
async fn bots(req: &Request, env: &Env) -> ApiResult<Response> {
    admin(req, env).await?;
    forward::<BotList>(env, "/bots/list", &()).await
}

/// `GET /api/channels` (admins).
async fn channels(req: &Request, env: &Env) -> ApiResult<Response> {
    admin(req, env).await?;
    let limit = channel_limit(env);
    forward::<ChannelList>(env, "/channels/list", &ListChannels { limit }).await
}

/// `POST /api/kpi` (admins, R-KPI-1…3).
async fn save_kpi(req: &mut Request, env: &Env) -> ApiResult<Response> {
    admin(req, env).await?;
    let config: KpiConfig = json_body(req).await?;
    let body = SaveKpi {
        config,
        min_ms: min_delay_ms(env),
    };
    forward::<KpiConfig>(env, "/kpi/save", &body).await
}

async fn setup(req: &mut Request, env: &Env) -> ApiResult<Response> {
    // Only whoever holds the deployment's secret may set it up.
    let given = bearer(req)?.unwrap_or_default();
    let allowed = secret(env).is_some_and(|s| constant_time_eq(s.as_bytes(), given.as_bytes()));
    if !allowed {
        return Err(Failure::unauthorized(
            "set-up needs `Authorization: Bearer <CANAL_SECRET>`",
        ));
    }
    let request: SetupRequest = json_body(req).await?;
    let res: serde_json::Value = call(
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

/// The plan's channel limit (R-CH-2): the deployment's `CANAL_CHANNEL_LIMIT`.
fn channel_limit(env: &Env) -> u32 {
    parse_limit(
        env.var("CANAL_CHANNEL_LIMIT")
            .ok()
            .map(|v| v.to_string())
            .as_deref(),
    )
}

/// `POST /api/bots` (admins): asks the bot at the URL `hello` and keeps
/// what it declares (R-BOT-1); its signing secret is shown once.
async fn register_bot(req: &mut Request, env: &Env) -> ApiResult<Response> {
    admin(req, env).await?;
    let input: BotInput = json_body(req).await?;
    let invalid = |e: BotError| Failure::bad_request(e.to_string());
    let url = input.url().map_err(invalid)?;
    let given = match input.name.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(name) => Some(bot::parse_name(name).map_err(invalid)?),
    };
    let secret = hex(&random_bytes::<24>()?);
    let (status, body) = send(&bot::call(&url, &secret, now(), &BotRequest::Hello))
        .await
        .map_err(|e| Failure::bad_request(format!("the bot at {url} did not answer: {e}")))?;
    let manifest = bot::parse_manifest(status, &body).map_err(|e| {
        Failure::bad_request(format!(
            "the bot at {url} did not answer hello as the bot protocol says: {e}"
        ))
    })?;
    let name = given
        .or(manifest.name)
        .ok_or_else(|| Failure::bad_request("the bot did not say its name; give it one"))?;
    let info = BotInfo {
        id: BotId::parse(&random_id("b_", &random_bytes::<8>()?)).map_err(internal_error)?,
        name,
        kind: BotKind::Http { url },
        open_channels: manifest.open_channels,
    };
    let bot: BotInfo = call(
        env,
        "ACCOUNT",
        ACCOUNT,
        "/bots/save",
        &SaveBot {
            bot: info,
            secret: secret.clone(),
            now: now(),
        },
    )
    .await?;
    json(&BotCreated { bot, secret })
}

/// `POST /api/channels` (admins): "Open Channel N", within the plan limit.
async fn create_channel(req: &mut Request, env: &Env) -> ApiResult<Response> {
    admin(req, env).await?;
    let new_id =
        ChannelId::parse(&random_id("ch_", &random_bytes::<8>()?)).map_err(internal_error)?;
    let body = CreateChannel {
        new_id,
        limit: channel_limit(env),
        now: now(),
    };
    forward::<ChannelDetails>(env, "/channels/create", &body).await
}

/// `POST /api/channels/identity` (admins) `{channel}`: a new identity
/// secret for the channel, shown this once; the old one stops working.
async fn rotate_identity(req: &mut Request, env: &Env) -> ApiResult<Response> {
    admin(req, env).await?;
    #[derive(serde::Deserialize)]
    struct Body {
        channel: ChannelId,
    }
    let Body { channel } = json_body(req).await?;
    let secret = format!("cis_{}", hex(&random_bytes::<24>()?));
    let body = RotateIdentity {
        channel,
        secret: secret.clone(),
        now: now(),
    };
    let status: IdentityStatus = call(env, "ACCOUNT", ACCOUNT, "/identity/rotate", &body).await?;
    json(&IdentitySecret {
        channel: status.channel,
        since: status.since,
        secret,
    })
}

/// `GET /api/people` (admins).
async fn people(req: &mut Request, env: &Env) -> ApiResult<Response> {
    admin(req, env).await?;
    let res: PeopleResponse = call(env, "ACCOUNT", ACCOUNT, "/people", &()).await?;
    json(&res)
}

/// `POST /api/people` (admins).
async fn create_person(req: &mut Request, env: &Env) -> ApiResult<Response> {
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
async fn set_active(req: &mut Request, env: &Env) -> ApiResult<Response> {
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
async fn save_department(req: &mut Request, env: &Env) -> ApiResult<Response> {
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

/// `POST /api/automation` (admins).
async fn save_automation(req: &mut Request, env: &Env) -> ApiResult<Response> {
    admin(req, env).await?;
    let config: AutomationConfig = json_body(req).await?;
    let body = SaveAutomation {
        config,
        min_delay_ms: min_delay_ms(env),
    };
    let res: AutomationConfig = call(env, "ACCOUNT", ACCOUNT, "/automation/save", &body).await?;
    json(&res)
}

/// The shortest delay of a timed automatic action: one minute, unless the
/// deployment's configuration sets `CANAL_MIN_DELAY_MS` (the integration
/// tests do, to run the timers through real alarms in seconds).
fn min_delay_ms(env: &Env) -> i64 {
    env.var("CANAL_MIN_DELAY_MS")
        .ok()
        .and_then(|v| v.to_string().parse::<i64>().ok())
        .map_or(MIN_DELAY_MS, |ms| ms.clamp(1000, MIN_DELAY_MS))
}

/// `POST /api/consent/texts` (admins): a new text, or a new version of one.
async fn save_consent_text(req: &mut Request, env: &Env) -> ApiResult<Response> {
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
async fn consent_acceptances(req: &mut Request, env: &Env) -> ApiResult<Response> {
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

/// `POST /api/canned/lists` (admins, R-PR-1): a new list (`id: None`) or a
/// list's new name and responses; 400 says what is wrong, 404 if it is gone.
async fn save_canned_list(req: &mut Request, env: &Env) -> ApiResult<Response> {
    admin(req, env).await?;
    let input: CannedListInput = json_body(req).await?;
    let new_id =
        CannedListId::parse(&random_id("cl_", &random_bytes::<8>()?)).map_err(internal_error)?;
    forward::<CannedList>(env, "/canned/lists/save", &SaveCannedList { input, new_id }).await
}
