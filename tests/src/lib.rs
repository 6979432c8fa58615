//! The harness of Canal's end-to-end tests and benchmarks: a real
//! `wrangler dev` per suite ([`worker`]), HTTP and WebSocket clients that speak
//! the protocol ([`api`], [`socket`]), a small WebDriver client for Chromium,
//! WebKit and Firefox ([`browser`]), and a host site on another origin than the
//! worker to embed the widget in ([`host`]).
//!
//! The suites run with `harness = false` (libtest-mimic) so that one worker can
//! serve every case of a suite and be stopped at the end.

pub mod api;
pub mod browser;
pub mod files;
pub mod host;
pub mod load;
pub mod mail;
pub mod scenario;
pub mod socket;
pub mod standin;
pub mod suite;
pub mod wait;
pub mod worker;
