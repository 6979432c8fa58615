//! The Gate object: one per network address (an IPv4 address or an IPv6
//! /64, `limits::gate_key`), the single keeper of that address's rate
//! limits (R-S-3): new chats, sign-ins, socket upgrades and history emails.
//! The Worker asks it before doing the work; it answers from memory, so a
//! check costs one call to a nearby object and no storage. An object that
//! is evicted forgets its counts, which only ever lets more through.
//!
//! A visitor's own pace (messages and frames in their conversation) is kept
//! by the conversation's machine instead: it sees every frame anyway.

use std::cell::RefCell;

use canal_shared::client_address::{client_address, trusts_proxy, Sources};
use canal_shared::limits::{gate_key, Gate as AddressGate, Kind, Limits};
use canal_shared::protocol::Done;
use worker::{durable_object, DurableObject, Env, Request, Response, Result, State};

use crate::crypto::now;
use crate::failure::{ApiResult, Failure};
use crate::internal::{call, json, json_body, respond};

/// The deployment's limits: the defaults, changed by the `CANAL_LIMITS`
/// var (`kind=count/seconds,…`). A var that does not parse is reported in
/// the log and the defaults apply.
pub fn limits(env: &Env) -> Limits {
    let Some(spec) = setting(env, "CANAL_LIMITS") else {
        return Limits::default();
    };
    Limits::parse(&spec).unwrap_or_else(|e| {
        worker::console_error!("CANAL_LIMITS: {e}; the default limits apply");
        Limits::default()
    })
}

/// A string setting (a var or secret), `None` when unset. Unlike
/// `env.var`, a binding that is not a string (plain workerd makes an unset
/// environment variable `null`) reads as unset instead of failing.
pub fn setting(env: &Env, name: &str) -> Option<String> {
    js_sys::Reflect::get(env.as_ref(), &name.into())
        .ok()
        .and_then(|v| v.as_string())
}

/// Lets one attempt of `kind` from the caller's address through, or refuses
/// it with a 429 that says when to try again. A refused request's body is
/// read first: a server that answers before the body arrived may have to
/// close the client's kept-alive connection.
pub async fn check(env: &Env, req: &Request, kind: Kind) -> ApiResult<()> {
    let key = gate_key(client(env, req).map(|ip| ip.to_string()).as_deref());
    let taken: ApiResult<serde_json::Value> = call(env, "GATE", &key, "/take", &kind).await;
    if let Err(refused) = taken {
        drain(req).await;
        return Err(refused);
    }
    Ok(())
}

/// The client's address (`canal_shared::client_address`): the runtime's
/// peer, the last hop of a trusted proxy, or Cloudflare's header.
fn client(env: &Env, req: &Request) -> Option<std::net::IpAddr> {
    let header = |name: &str| req.headers().get(name).ok().flatten();
    let runtime = js_sys::Reflect::get(req.inner(), &"cf".into())
        .ok()
        .filter(|cf| cf.is_object())
        .and_then(|cf| js_sys::Reflect::get(&cf, &"clientIp".into()).ok())
        .and_then(|ip| ip.as_string());
    let connecting_ip = header("cf-connecting-ip");
    let forwarded_for = header("x-forwarded-for");
    client_address(&Sources {
        runtime: runtime.as_deref(),
        connecting_ip: connecting_ip.as_deref(),
        forwarded_for: forwarded_for.as_deref(),
        trust_proxy: trusts_proxy(setting(env, "CANAL_TRUST_PROXY").as_deref()),
    })
}

/// Reads what is left of `req`'s body (through a copy: the caller keeps
/// its request), ignoring failures.
async fn drain(req: &Request) {
    if req.inner().body().is_none() || req.inner().body_used() {
        return;
    }
    if let Ok(mut copy) = req.clone() {
        let _ = copy.bytes().await;
    }
}

/// The object.
#[durable_object]
pub struct Gate {
    gate: RefCell<AddressGate>,
    limits: Limits,
}

impl DurableObject for Gate {
    fn new(_state: State, env: Env) -> Self {
        Self {
            gate: RefCell::new(AddressGate::default()),
            limits: limits(&env),
        }
    }

    async fn fetch(&self, mut req: Request) -> Result<Response> {
        respond(self.take(&mut req).await)
    }
}

impl Gate {
    async fn take(&self, req: &mut Request) -> ApiResult<Response> {
        let kind: Kind = json_body(req).await?;
        self.gate
            .borrow_mut()
            .take(now(), kind, &self.limits)
            .map_err(Failure::too_many)?;
        json(&Done::OK)
    }
}
