//! The Worker's front door: a request is resolved through the table of
//! routes (`canal_shared::api::ROUTES`: method, path, who may call it) and
//! its endpoint's handler runs; handlers live by area in the submodules,
//! and each authenticates, finds the object and forwards. Static files
//! (widget, console, demo page) are served by the assets binding before
//! the Worker runs; only `/api/*`, `/ws/*` and the widget's frame reach here.

use canal_shared::api::{resolve, Endpoint as E, NoRoute, Who};
use canal_shared::protocol::Done;
use worker::{event, Context, Env, Request, Response, Result};

use crate::failure::{ApiResult, Failure};
use crate::files;
use crate::internal::{json, respond};

mod admin;
mod bench;
pub(crate) mod common;
mod connectors;
mod conversations;
mod crm;
mod ledger;
mod operator;
mod visitor;

use common::bench_enabled;

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
        E::Health => json(&Done::OK),
        E::Setup => admin::people::setup(req, env).await,
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
        E::Download => {
            let key = [params.get("side"), params.get("id")].join("/");
            files::download(req, env, params.get("conversation"), &key).await
        }
        E::Accept => conversations::answer_offer(req, env, "/accept").await,
        E::Decline => conversations::answer_offer(req, env, "/decline").await,
        E::Transfer => conversations::transfer(req, env).await,
        E::SupervisorRating => conversations::supervisor_rating(req, env).await,
        E::ConversationAccess => conversations::conversation_access(req, env).await,
        E::Canned => operator::canned_responses(req, env).await,
        E::QueueMembers => operator::queue_members(req, env).await,
        E::Channels => admin::channels::list(req, env).await,
        E::ChannelActivity => admin::channels::activity(req, env).await,
        E::CreateChannel => admin::channels::create(req, env).await,
        E::UpdateChannel => admin::channels::update(req, env).await,
        E::DeleteChannel => admin::channels::delete(req, env).await,
        E::Identity => admin::channels::identity(req, env).await,
        E::RotateIdentity => admin::channels::rotate_identity(req, env).await,
        E::WidgetSettings => admin::channels::widget_settings(req, env).await,
        E::SaveWidgetSettings => admin::channels::save_widget_settings(req, env).await,
        E::ConsentTexts => admin::consent::texts(req, env).await,
        E::SaveConsentText => admin::consent::save_text(req, env).await,
        E::ConsentAcceptances => admin::consent::acceptances(req, env).await,
        E::CannedLists => admin::canned::lists(req, env).await,
        E::SaveCannedList => admin::canned::save_list(req, env).await,
        E::DeleteCannedList => admin::canned::delete_list(req, env).await,
        E::ChannelCanned => admin::canned::channel(req, env).await,
        E::SaveChannelCanned => admin::canned::save_channel(req, env).await,
        E::Bots => admin::bots::list(req, env).await,
        E::RegisterBot => admin::bots::register(req, env).await,
        E::DeleteBot => admin::bots::delete(req, env).await,
        E::ChannelBot => admin::bots::channel(req, env).await,
        E::SaveChannelBot => admin::bots::save_channel(req, env).await,
        E::People => admin::people::list(req, env).await,
        E::CreatePerson => admin::people::create(req, env).await,
        E::SetActive => admin::people::set_active(req, env).await,
        E::SaveDepartment => admin::people::save_department(req, env).await,
        E::Queue => admin::people::queue(req, env).await,
        E::SaveQueue => admin::people::save_queue(req, env).await,
        E::Automation => admin::automation::automation(req, env).await,
        E::SaveAutomation => admin::automation::save_automation(req, env).await,
        E::Kpi => admin::automation::kpi(req, env).await,
        E::SaveKpi => admin::automation::save_kpi(req, env).await,
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
        E::BenchR2 => bench::r2(req, env).await,
        E::Echo => bench::echo(req, env).await,
    }
}
