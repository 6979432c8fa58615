//! Canal's edge worker: the imperative shell around `canal_shared`.
//!
//! The [`routes`] module is the Worker's front door (authenticate, find the
//! object, forward). Each Durable Object adapts storage, sockets and alarms to
//! the core: [`account`] (people, sessions, channel directory), [`channel`]
//! (one per channel: its router), [`connector`] (one per connector: its
//! credentials, inbound door and reply queue),
//! [`conversation`] (one per conversation: messages and sockets), [`inbox`]
//! (one per operator: the live conversation list of their console) and
//! [`ledger`] (one per channel: its conversations' figures and message log)
//! and [`gate`] (one per network address: its rate limits).
//!
//! Architecture invariant: no business rule lives here; decisions are made by
//! `canal_shared` and this crate only carries out their effects.

mod account;
mod bot;
mod channel;
mod connector;
mod conversation;
mod crm;
mod crypto;
mod deliveries;
mod echo;
mod email;
mod failure;
mod faults;
mod files;
mod gate;
mod inbox;
mod internal;
mod lease;
mod ledger;
mod outbox;
mod routes;
mod schema;
mod tuning;
