//! What the console keeps in `sessionStorage`: the session token (so a reload
//! keeps the operator signed in) and the replies not yet acknowledged (so a
//! reload resends them).

use canal_shared::client::Pending;
use canal_shared::ids::ConversationId;

/// Key of the session token.
pub const TOKEN_KEY: &str = "canal:console:token";

/// Prefix of the keys of saved outboxes, followed by the conversation id.
pub const OUTBOX_PREFIX: &str = "canal:console:outbox:";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok().flatten()
}

/// The saved session token, if any.
pub fn token() -> Option<String> {
    storage()?
        .get_item(TOKEN_KEY)
        .ok()
        .flatten()
        .filter(|t| !t.is_empty())
}

/// Saves the session token.
pub fn set_token(token: &str) {
    if let Some(s) = storage() {
        let _ = s.set_item(TOKEN_KEY, token);
    }
}

/// Forgets the session token and every saved outbox.
pub fn clear() {
    let Some(s) = storage() else { return };
    let _ = s.remove_item(TOKEN_KEY);
    let len = s.length().unwrap_or(0);
    let keys: Vec<String> = (0..len)
        .filter_map(|i| s.key(i).ok().flatten())
        .filter(|k| k.starts_with(OUTBOX_PREFIX))
        .collect();
    for k in keys {
        let _ = s.remove_item(&k);
    }
}

/// The unacknowledged replies saved for a conversation.
pub fn outbox(conversation: &ConversationId) -> Vec<Pending> {
    storage()
        .and_then(|s| s.get_item(&outbox_key(conversation)).ok().flatten())
        .and_then(|raw| serde_json::from_str(&raw).ok())
        .unwrap_or_default()
}

/// Saves (or, when empty, removes) the unacknowledged replies of a conversation.
pub fn save_outbox(conversation: &ConversationId, outbox: &[Pending]) {
    let Some(s) = storage() else { return };
    let key = outbox_key(conversation);
    if outbox.is_empty() {
        let _ = s.remove_item(&key);
    } else if let Ok(raw) = serde_json::to_string(outbox) {
        let _ = s.set_item(&key, &raw);
    }
}

fn outbox_key(conversation: &ConversationId) -> String {
    format!("{OUTBOX_PREFIX}{conversation}")
}
