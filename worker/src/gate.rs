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

use canal_shared::limits::{gate_key, Gate as AddressGate, Kind, Limits};
use worker::{durable_object, DurableObject, Env, Request, Response, Result, State};

use crate::crypto::now;
use crate::failure::{ApiResult, Failure};
use crate::internal::{call, json, json_body, respond};

/// The deployment's limits: the defaults, changed by the `CANAL_LIMITS`
/// var (`kind=count/seconds,…`). A var that does not parse is reported in
/// the log and the defaults apply.
pub fn limits(env: &Env) -> Limits {
    let Ok(spec) = env.var("CANAL_LIMITS").map(|v| v.to_string()) else {
        return Limits::default();
    };
    Limits::parse(&spec).unwrap_or_else(|e| {
        worker::console_error!("CANAL_LIMITS: {e}; the default limits apply");
        Limits::default()
    })
}

/// Lets one attempt of `kind` from the caller's address through, or refuses
/// it with a 429 that says when to try again.
pub async fn check(env: &Env, req: &Request, kind: Kind) -> ApiResult<()> {
    let ip = req.headers().get("cf-connecting-ip").ok().flatten();
    let key = gate_key(ip.as_deref());
    let _: serde_json::Value = call(env, "GATE", &key, "/take", &kind).await?;
    Ok(())
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
        json(&serde_json::json!({ "ok": true }))
    }
}
