//! Operator sockets on a conversation outlive the check made when they
//! opened, so each holds a lease on its session (R-S-1, R-S-2): when the
//! lease has run out, the next live frame for operators makes the object
//! check the session again (from its alarm, so that no broadcast waits),
//! renewing the lease or closing the socket of an operator who signed out,
//! was deactivated or no longer sees the channel.

use canal_shared::ids::UserId;
use serde::{Deserialize, Serialize};
use worker::Env;

use crate::account::{SessionCheck, SessionInfo, ACCOUNT};
use crate::crypto::now;
use crate::internal::call;

/// How long a socket's session stays trusted without a new check.
pub const LEASE_MS: i64 = 5 * 60_000;

/// The header that carries an operator socket's session to its object.
pub const LEASE_HEADER: &str = "x-canal-lease";

/// Close code of a socket whose operator may no longer read.
pub const CLOSE_ENDED: u16 = 4401;

/// The session an operator socket was opened with.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionLease {
    /// Whose.
    pub user: UserId,
    /// The account's session id (revocable).
    pub session: String,
}

/// A socket's lease: its session and until when it is trusted.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Lease {
    /// The session.
    pub session: SessionLease,
    /// Milliseconds since the epoch.
    pub until: i64,
}

impl Lease {
    /// A lease from now, as long as the deployment says.
    pub fn new(env: &Env, session: SessionLease) -> Self {
        Lease {
            session,
            until: now().0 + lease_ms(env),
        }
    }

    /// Whether it has run out.
    pub fn expired(&self) -> bool {
        now().0 >= self.until
    }
}

/// A lease's length: five minutes, unless the configuration sets
/// `CANAL_LEASE_MS` (the integration tests do, to see a deactivated operator
/// cut off in seconds); never more than five minutes, never under a second.
pub fn lease_ms(env: &Env) -> i64 {
    crate::tuning::shortened(env, "CANAL_LEASE_MS", LEASE_MS)
}

/// What a new check says.
pub enum Verdict {
    /// The session is still good: who it is now, for the machine's `admit`
    /// to say whether they may still read.
    Signed(Box<SessionInfo>),
    /// Not any more: close the socket, saying why.
    Ended(String),
    /// The check failed (the account did not answer): ask again later.
    Unknown,
}

/// Checks `lease`'s session again.
pub async fn recheck(env: &Env, lease: &SessionLease) -> Verdict {
    let check = SessionCheck {
        user: lease.user.clone(),
        session: lease.session.clone(),
        now: now(),
    };
    match call::<_, SessionInfo>(env, "ACCOUNT", ACCOUNT, "/session", &check).await {
        Ok(info) => Verdict::Signed(Box::new(info)),
        Err(f) if f.status == 401 || f.status == 403 => {
            Verdict::Ended("your session ended; sign in again".into())
        }
        Err(_) => Verdict::Unknown,
    }
}
