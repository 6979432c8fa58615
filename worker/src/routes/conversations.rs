//! What operators do with a conversation outside its socket: answer an
//! offer, transfer it (R-Q-6), rate it as a supervisor (R-QA-3), and ask
//! whether they may open it.

use canal_shared::people::{OfferAnswer, TransferRequest};
use canal_shared::protocol::{
    ConversationAccess, ConversationSummary, Done, OperatorInfo, Role, SupervisorRatingRequest,
};
use worker::{Env, Request, Response};

use crate::channel::{Action, Transfer};
use crate::conversation::SupervisorRate;
use crate::failure::ApiResult;
use crate::internal::{call, json, json_body};
use crate::routes::common::{bearer, conversation_param, forward_to, session};

/// `POST /api/conversations/accept` and `/decline`. Any signed-in operator
/// may ask; the channel's dispatcher decides, taking only answers to offers
/// it made: to the queue, or to a client's responsible outside it (R-CRM-5).
pub(crate) async fn answer_offer(req: &mut Request, env: &Env, path: &str) -> ApiResult<Response> {
    let OfferAnswer {
        channel,
        conversation,
    } = json_body(req).await?;
    let (_, info) = session(env, bearer(req)?).await?;
    let res: Done = call(
        env,
        "CHANNEL",
        channel.as_str(),
        path,
        &Action {
            conversation,
            operator: info.user.id,
            name: Some(info.user.name),
        },
    )
    .await?;
    json(&res)
}

/// `POST /api/conversations/transfer` (R-Q-6). The channel's dispatcher
/// decides who may: the operator answering it (a client's responsible from
/// outside the queue too, R-CRM-5), or an admin; it tells the CRM, which may
/// change the client's responsible (R-CRM-6).
pub(crate) async fn transfer(req: &mut Request, env: &Env) -> ApiResult<Response> {
    let TransferRequest {
        channel,
        conversation,
        to,
    } = json_body(req).await?;
    let (_, info) = session(env, bearer(req)?).await?;
    let res: Done = call(
        env,
        "CHANNEL",
        channel.as_str(),
        "/transfer",
        &Transfer {
            conversation,
            admin: info.user.role == Role::Admin,
            by: info.user.id,
            to,
        },
    )
    .await?;
    json(&res)
}

/// `POST /api/conversations/supervisor-rating`: the head of the operator's
/// department or an admin rates a conversation (R-QA-3); the conversation's
/// machine decides whether this person may (and, to someone who does not
/// see its channel, answers as if it did not exist).
pub(crate) async fn supervisor_rating(req: &mut Request, env: &Env) -> ApiResult<Response> {
    let (_, info) = session(env, bearer(req)?).await?;
    let body: SupervisorRatingRequest = json_body(req).await?;
    let rate = SupervisorRate {
        by: OperatorInfo {
            id: info.user.id.clone(),
            name: info.user.name.clone(),
        },
        channels: info.readable().map(|c| c.id.clone()).collect(),
        supervises: (info.user.role != Role::Admin).then_some(info.supervises),
        rating: body.rating,
    };
    forward_to::<Option<ConversationSummary>>(
        env,
        "CONVERSATION",
        body.conversation.as_str(),
        "/supervisor-rating",
        &rate,
    )
    .await
}

/// `GET /api/conversations/access?conversation=`: whether the signed-in
/// person may open the conversation's socket, and as a reader (R-KPI-3) —
/// the conversation's machine decides, as for the socket; a refusal says why
/// (a browser never sees why an upgrade was refused).
pub(crate) async fn conversation_access(req: &mut Request, env: &Env) -> ApiResult<Response> {
    let (_, info) = session(env, bearer(req)?).await?;
    let conversation = conversation_param(req)?;
    forward_to::<ConversationAccess>(
        env,
        "CONVERSATION",
        conversation.as_str(),
        "/access",
        &info.caller(),
    )
    .await
}
