//! Rate limits (R-S-3): how fast a visitor may send, and how often one
//! network address may start chats, sign in, open sockets or ask for emails.
//!
//! Each limit is "`count` per `seconds`": up to `count` at once, then one
//! more every `seconds / count`. A [`Limiter`] keeps one limit with a single
//! timestamp (the generic cell rate algorithm), so it costs a few bytes per
//! visitor or address, and a refusal says exactly when to try again.

use std::{collections::BTreeMap, fmt, str::FromStr};

use serde::{Deserialize, Serialize};

use crate::time::Timestamp;

/// What is limited.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// Messages a visitor sends in one conversation (`send` frames and
    /// connector messages).
    Message,
    /// The visitor's other frames in one conversation (typing, read marks,
    /// ratings).
    Frame,
    /// New visitor sessions (each one opens a conversation) per address.
    Session,
    /// Sign-in attempts per address.
    Login,
    /// Socket upgrades (visitor, operator, inbox) per address.
    Connect,
    /// History emails asked for per address.
    Email,
    /// Files a visitor uploads in one conversation (#21).
    File,
}

impl Kind {
    /// Every kind, in a fixed order.
    pub const ALL: [Kind; 7] = [
        Kind::Message,
        Kind::Frame,
        Kind::Session,
        Kind::Login,
        Kind::Connect,
        Kind::Email,
        Kind::File,
    ];

    /// Its name in [`Limits::parse`].
    pub fn name(self) -> &'static str {
        match self {
            Kind::Message => "message",
            Kind::Frame => "frame",
            Kind::Session => "session",
            Kind::Login => "login",
            Kind::Connect => "connect",
            Kind::Email => "email",
            Kind::File => "file",
        }
    }

    /// What the person refused was doing, for the refusal's message.
    fn doing(self) -> &'static str {
        match self {
            Kind::Message => "You are sending messages too fast",
            Kind::Frame => "Too many updates were sent from this chat",
            Kind::Session => "Too many chats were started from your network",
            Kind::Login => "Too many sign-in attempts from your network",
            Kind::Connect => "Too many connections were opened from your network",
            Kind::Email => "Too many emails were asked for from your network",
            Kind::File => "You are sending files too fast",
        }
    }
}

impl FromStr for Kind {
    type Err = LimitsError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Kind::ALL
            .into_iter()
            .find(|k| k.name() == s)
            .ok_or_else(|| LimitsError::UnknownKind(s.to_owned()))
    }
}

/// "`count` per `seconds`".
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rate {
    /// How many at once, and per period.
    pub count: u32,
    /// The period, in seconds.
    pub seconds: u32,
}

impl Rate {
    /// `count` per `seconds`; both at least 1.
    pub fn new(count: u32, seconds: u32) -> Result<Self, LimitsError> {
        if count == 0 || seconds == 0 {
            return Err(LimitsError::Zero);
        }
        Ok(Rate { count, seconds })
    }

    /// Milliseconds between two allowances once the burst is spent.
    fn interval_ms(self) -> i64 {
        (i64::from(self.seconds) * 1000 / i64::from(self.count)).max(1)
    }

    /// How far ahead of now the allowances may be spent.
    fn burst_ms(self) -> i64 {
        self.interval_ms() * i64::from(self.count)
    }
}

impl fmt::Display for Rate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} per {} s", self.count, self.seconds)
    }
}

/// Why a limit setting was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LimitsError {
    /// A kind this build does not know.
    #[error(
        "unknown limit \"{0}\"; the limits are message, frame, session, login, connect, email and file"
    )]
    UnknownKind(String),
    /// Not `kind=count/seconds`.
    #[error("\"{0}\" is not a limit; write kind=count/seconds, for example session=30/60")]
    Malformed(String),
    /// A zero count or period.
    #[error("a limit needs a count and a period of at least 1")]
    Zero,
}

/// Every limit of a deployment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Limits {
    rates: BTreeMap<Kind, Rate>,
}

impl Default for Limits {
    /// What a deployment uses unless `CANAL_LIMITS` says otherwise: generous
    /// for a person, tight for a script.
    fn default() -> Self {
        let rate = |count, seconds| Rate { count, seconds };
        Limits {
            rates: BTreeMap::from([
                (Kind::Message, rate(10, 10)),
                (Kind::Frame, rate(60, 10)),
                (Kind::Session, rate(30, 60)),
                (Kind::Login, rate(10, 60)),
                (Kind::Connect, rate(60, 60)),
                (Kind::Email, rate(10, 3600)),
                (Kind::File, rate(10, 60)),
            ]),
        }
    }
}

impl Limits {
    /// The defaults with the limits named in `spec` changed:
    /// `kind=count/seconds`, separated by commas (`session=30/60,login=5/60`).
    /// An empty spec keeps the defaults.
    pub fn parse(spec: &str) -> Result<Self, LimitsError> {
        let mut limits = Limits::default();
        for part in spec.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let malformed = || LimitsError::Malformed(part.to_owned());
            let (kind, rate) = part.split_once('=').ok_or_else(malformed)?;
            let (count, seconds) = rate.split_once('/').ok_or_else(malformed)?;
            let count = count.trim().parse().map_err(|_| malformed())?;
            let seconds = seconds.trim().parse().map_err(|_| malformed())?;
            limits
                .rates
                .insert(kind.trim().parse()?, Rate::new(count, seconds)?);
        }
        Ok(limits)
    }

    /// The limit of `kind`.
    pub fn rate(&self, kind: Kind) -> Rate {
        self.rates.get(&kind).copied().unwrap_or(Rate {
            count: 1,
            seconds: 1,
        })
    }
}

/// A refusal: what was refused and when to try again.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Refused {
    /// What was limited.
    pub kind: Kind,
    /// Milliseconds until an attempt will be let through.
    pub retry_ms: i64,
}

impl Refused {
    /// The error frame of a frame refused so, naming message `id` if it
    /// was one (the client keeps it and sends it again when told).
    pub fn frame(self, id: Option<crate::ids::ClientMsgId>) -> crate::protocol::ServerFrame {
        crate::protocol::ServerFrame::Error {
            code: crate::protocol::ErrorCode::TooMany,
            message: self.to_string(),
            id,
            retry_ms: Some(self.retry_ms),
        }
    }

    /// Whole seconds to wait, at least 1 (for a `Retry-After` header).
    pub fn retry_seconds(self) -> i64 {
        ((self.retry_ms + 999) / 1000).max(1)
    }
}

impl fmt::Display for Refused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = self.retry_seconds();
        let unit = if s == 1 { "second" } else { "seconds" };
        write!(f, "{}; try again in {s} {unit}.", self.kind.doing())
    }
}

/// One limit's state: the time its allowances are spent up to (never more
/// than a burst ahead of now).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Limiter {
    tat: i64,
}

impl Limiter {
    /// Lets one attempt of `kind` through at `now`, or says how long to wait.
    pub fn take(&mut self, now: Timestamp, kind: Kind, rate: Rate) -> Result<(), Refused> {
        let now = now.0;
        let tat = self.tat.max(now).saturating_add(rate.interval_ms());
        let ahead = tat - now;
        if ahead > rate.burst_ms() {
            return Err(Refused {
                kind,
                retry_ms: ahead - rate.burst_ms(),
            });
        }
        self.tat = tat;
        Ok(())
    }

    /// Whether it is back to a full burst at `now` (and may be forgotten).
    pub fn idle(&self, now: Timestamp) -> bool {
        self.tat <= now.0
    }
}

/// The name of the gate that limits a client at `ip` (the address the edge
/// saw): an IPv4 address is one gate; an IPv6 address is limited with its
/// /64 network, since one host usually holds a whole /64. Anything else
/// (no address, when run locally) shares one gate.
pub fn gate_key(ip: Option<&str>) -> String {
    match ip.map(str::trim).map(str::parse::<std::net::IpAddr>) {
        Some(Ok(std::net::IpAddr::V4(v4))) => v4.to_string(),
        Some(Ok(std::net::IpAddr::V6(v6))) => match v6.to_ipv4_mapped() {
            Some(v4) => v4.to_string(),
            None => {
                let s = v6.segments();
                format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
            }
        },
        _ => "unknown".to_owned(),
    }
}

/// The limits of one network address (kept by the Gate object).
#[derive(Clone, Debug, Default)]
pub struct Gate {
    limiters: BTreeMap<Kind, Limiter>,
}

impl Gate {
    /// Lets one attempt of `kind` through, or refuses it.
    pub fn take(&mut self, now: Timestamp, kind: Kind, limits: &Limits) -> Result<(), Refused> {
        self.limiters
            .entry(kind)
            .or_default()
            .take(now, kind, limits.rate(kind))
    }

    /// Whether every limit is back to a full burst (the gate may be dropped).
    pub fn idle(&self, now: Timestamp) -> bool {
        self.limiters.values().all(|l| l.idle(now))
    }
}

#[cfg(test)]
mod tests;
