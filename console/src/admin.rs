//! The admins' HTTP calls: people, departments and channel queues (R-Q-1…5),
//! and the account's rules for files (#21).
//!
//! Bodies are the types of [`canal_shared::people`] and
//! [`canal_shared::files`]; the worker answers 403
//! to anyone but an admin, and 400 with a message the admin can act on when
//! an edit is refused.

use canal_shared::files::FileLimits;
use canal_shared::ids::ChannelId;
use canal_shared::people::{
    Department, DepartmentInput, NewPerson, PeopleResponse, Person, ProfileInput, QueueConfig,
    SetActive,
};
use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::api::{call, parse, Failure};

/// `GET /api/people`: everyone, active or not, and every department.
pub async fn people(token: &str) -> Result<PeopleResponse, Failure> {
    let text = call("GET", "/api/people", Some(token), None).await?;
    parse(&text)
}

/// `POST /api/people`: adds an operator or an admin. A 400 says why not (an
/// email already in use, a password under 10 characters…).
pub async fn create_person(token: &str, person: &NewPerson) -> Result<Person, Failure> {
    post(token, "/api/people", person).await
}

/// `POST /api/people/active`: deactivates someone (they are signed out, leave
/// every queue, and their conversations go back to the queue) or reactivates
/// them.
pub async fn set_active(token: &str, change: &SetActive) -> Result<Person, Failure> {
    post(token, "/api/people/active", change).await
}

/// `POST /api/people/profile`: someone's name, position and avatar, as
/// visitors see them with the channel's "profile" display (R-A-1). A 400
/// says what is wrong (an avatar that is not an https address…).
pub async fn save_profile(token: &str, profile: &ProfileInput) -> Result<Person, Failure> {
    post(token, "/api/people/profile", profile).await
}

/// `POST /api/departments`: creates a department (no `id`) or replaces one.
pub async fn save_department(
    token: &str,
    department: &DepartmentInput,
) -> Result<Department, Failure> {
    post(token, "/api/departments", department).await
}

/// `GET /api/queue?channel=`: `channel`'s queue and its routing settings.
pub async fn queue(token: &str, channel: &ChannelId) -> Result<QueueConfig, Failure> {
    let channel = String::from(js_sys::encode_uri_component(channel.as_str()));
    let text = call(
        "GET",
        &format!("/api/queue?channel={channel}"),
        Some(token),
        None,
    )
    .await?;
    parse(&text)
}

/// `POST /api/queue`: replaces a channel's queue and settings; the answer is
/// what was saved. A 400 says what is wrong.
pub async fn save_queue(token: &str, config: &QueueConfig) -> Result<QueueConfig, Failure> {
    post(token, "/api/queue", config).await
}

/// Posts `body` as JSON with the session token and reads the answer.
pub(crate) async fn post<T: DeserializeOwned>(
    token: &str,
    path: &str,
    body: &impl Serialize,
) -> Result<T, Failure> {
    let body = serde_json::to_string(body).map_err(|e| Failure::unwritten(&e))?;
    let text = call("POST", path, Some(token), Some(&body)).await?;
    parse(&text)
}

/// `GET /api/files/limits`: the account's rules for files (#21).
pub async fn file_limits(token: &str) -> Result<FileLimits, Failure> {
    let text = call("GET", "/api/files/limits", Some(token), None).await?;
    parse(&text)
}

/// `POST /api/files/limits`: replaces them; the answer is what was saved.
/// A 400 says what is wrong.
pub async fn save_file_limits(token: &str, limits: &FileLimits) -> Result<FileLimits, Failure> {
    post(token, "/api/files/limits", limits).await
}
