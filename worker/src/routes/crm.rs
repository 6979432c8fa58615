//! The built-in CRM (R-CRM-*): the client card of a conversation and its
//! lead, for whoever serves it; the clients, their merging, each channel's
//! settings and the webhook, for admins.

use canal_shared::crm::{ClientCard, CrmWebhook, SavedWebhook};
use canal_shared::ids::{ChannelId, ClientId, ConversationId};
use canal_shared::time::Timestamp;
use serde::de::DeserializeOwned;
use serde::Serialize;
use worker::{Env, Request, Response};

use crate::crm::{self, CRM};
use crate::failure::{ApiResult, Failure};
use crate::internal::json_body;
use crate::routes::common::{admin, channel_param, conversation_param, forward_to, query, serving};

/// `GET /api/crm/conversation?channel=&conversation=` (the channel's
/// operators, and the client's responsible it is offered or assigned to):
/// the client's card and whether a lead can be made (R-CRM-3).
pub(crate) async fn conversation(req: &mut Request, env: &Env) -> ApiResult<Response> {
    let channel = channel_param(req)?;
    let conversation = conversation_param(req)?;
    serving(req, env, &channel, &conversation).await?;
    forward_crm::<crm::ConversationClient>(
        env,
        "/conversation",
        &crm::OfConversation {
            conversation,
            channel,
        },
    )
    .await
}

/// `POST /api/crm/leads` `{channel, conversation}` (the channel's operators,
/// and the operator the conversation is offered or assigned to): "Create
/// lead" (R-CRM-2…4).
pub(crate) async fn lead(req: &mut Request, env: &Env) -> ApiResult<Response> {
    #[derive(serde::Deserialize)]
    struct Body {
        channel: ChannelId,
        conversation: ConversationId,
    }
    let Body {
        channel,
        conversation,
    } = json_body(req).await?;
    let info = serving(req, env, &channel, &conversation).await?;
    let body = crm::MakeLead {
        conversation,
        channel,
        by: info.user.id,
    };
    forward_crm::<ClientCard>(env, "/lead", &body).await
}

/// `GET /api/crm/clients?q=&before=` (admins).
pub(crate) async fn clients(req: &Request, env: &Env) -> ApiResult<Response> {
    admin(req, env).await?;
    let q = crm::ClientsQuery {
        q: query(req, "q")?,
        before: query(req, "before")?
            .and_then(|b| b.parse::<i64>().ok())
            .map(Timestamp),
    };
    forward_crm::<crm::ClientPage>(env, "/clients", &q).await
}

/// `GET /api/crm/client?id=` (admins).
pub(crate) async fn client(req: &Request, env: &Env) -> ApiResult<Response> {
    admin(req, env).await?;
    let id =
        query(req, "id")?.ok_or_else(|| Failure::bad_request("the id parameter is missing"))?;
    let id = ClientId::parse(&id).map_err(|e| Failure::bad_request(e.to_string()))?;
    forward_crm::<ClientCard>(env, "/client", &serde_json::json!({ "id": id })).await
}

/// `POST /api/crm/merge` (admins): two clients become one.
pub(crate) async fn merge(req: &mut Request, env: &Env) -> ApiResult<Response> {
    admin_call::<crm::Merge, ClientCard>(req, env, "/merge").await
}

/// `GET /api/crm/settings?channel=` (admins).
pub(crate) async fn settings(req: &Request, env: &Env) -> ApiResult<Response> {
    admin(req, env).await?;
    let channel = channel_param(req)?;
    forward_crm::<crm::ChannelCrm>(
        env,
        "/settings/get",
        &serde_json::json!({ "channel": channel }),
    )
    .await
}

/// `POST /api/crm/settings` (admins): a channel's CRM settings.
pub(crate) async fn save_settings(req: &mut Request, env: &Env) -> ApiResult<Response> {
    admin_call::<crm::ChannelCrm, crm::ChannelCrm>(req, env, "/settings/save").await
}

/// `GET /api/crm/webhook` (admins).
pub(crate) async fn webhook(req: &Request, env: &Env) -> ApiResult<Response> {
    admin(req, env).await?;
    forward_crm::<CrmWebhook>(env, "/webhook/get", &()).await
}

/// `POST /api/crm/webhook` (admins): the CRM webhook's URL; a new secret,
/// shown once.
pub(crate) async fn save_webhook(req: &mut Request, env: &Env) -> ApiResult<Response> {
    admin_call::<CrmWebhook, SavedWebhook>(req, env, "/webhook/save").await
}

/// An admin's call to the CRM: the body, checked against `B`, to `path`;
/// its answer, checked against `A`, is the response.
async fn admin_call<B, A>(req: &mut Request, env: &Env, path: &str) -> ApiResult<Response>
where
    B: DeserializeOwned + Serialize,
    A: DeserializeOwned + Serialize,
{
    admin(req, env).await?;
    let body: B = json_body(req).await?;
    forward_crm::<A>(env, path, &body).await
}

/// The CRM's answer to `path`, as the response.
async fn forward_crm<T: DeserializeOwned + Serialize>(
    env: &Env,
    path: &str,
    body: &impl Serialize,
) -> ApiResult<Response> {
    forward_to::<T>(env, "CRM", CRM, path, body).await
}
