//! A visitor's new chat session (`POST /api/visitor/session`): who the
//! site's signed token says they are, the name operators see for them, and
//! the title the widget shows. The Worker draws the randomness and looks
//! the channel up; the rules are here.

use crate::identity::{verify, IdentityError, VerifiedIdentity};
use crate::time::Timestamp;

/// Who a new visitor is, as the channel will know them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewVisitor {
    /// Who the site's token says the visitor is, when it was good.
    pub identity: Option<VerifiedIdentity>,
    /// Why the site's token was refused (the visitor stays anonymous).
    pub identity_error: Option<String>,
    /// The name operators see for them: the signed user's name, else
    /// "Visitor" and a number from 1000 to 9999.
    pub name: String,
}

/// The visitor of a new session. `token` is the site's identity token, if
/// the page gave one; `secret` the channel's identity secret, if an admin
/// made one; `random` two random bytes that number an anonymous visitor.
/// A site's signed user is known by id, name and email; a bad token is
/// refused with its reason, and the visitor stays anonymous.
pub fn new_visitor(
    token: Option<&str>,
    secret: Option<&str>,
    now: Timestamp,
    random: [u8; 2],
) -> NewVisitor {
    let (identity, identity_error) = match (token, secret) {
        (None, _) => (None, None),
        (Some(_), None) => (None, Some(IdentityError::NoSecret.to_string())),
        (Some(token), Some(secret)) => match verify(secret, token, now) {
            Ok(i) => (Some(i), None),
            Err(e) => (None, Some(e.to_string())),
        },
    };
    let name = identity
        .as_ref()
        .and_then(|i| i.name.clone())
        .unwrap_or_else(|| format!("Visitor {}", (u16::from_be_bytes(random) % 9000) + 1000));
    NewVisitor {
        identity,
        identity_error,
        name,
    }
}

/// The name the widget shows for the channel (R-CH-4): the chat title, if
/// the widget has one, else the channel's name.
pub fn title_shown(title: Option<String>, channel_name: String) -> String {
    title.unwrap_or(channel_name)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::identity::sign;

    const NOW: Timestamp = Timestamp(1_800_000_000_000);
    const NOW_S: i64 = 1_800_000_000;

    #[test]
    fn an_anonymous_visitor_is_numbered() {
        let v = new_visitor(None, Some("s"), NOW, [0, 0]);
        assert_eq!((v.identity, v.identity_error), (None, None));
        assert_eq!(v.name, "Visitor 1000");
        assert_eq!(
            new_visitor(None, None, NOW, [0xff, 0xff]).name,
            "Visitor 3535"
        );
        for random in [[0, 1], [35, 40], [0x80, 0], [0xff, 0xff]] {
            let n: u16 = new_visitor(None, None, NOW, random).name["Visitor ".len()..]
                .parse()
                .expect("a number");
            assert!((1000..=9999).contains(&n), "{n}");
        }
    }

    #[test]
    fn a_signed_user_is_known_by_their_name() {
        let t = sign(
            "s",
            &json!({"sub": "u-1", "name": "Rita", "exp": NOW_S + 60}),
        );
        let v = new_visitor(Some(&t), Some("s"), NOW, [0, 0]);
        assert_eq!(v.identity.as_ref().map(|i| i.id.as_str()), Some("u-1"));
        assert_eq!((v.name.as_str(), v.identity_error), ("Rita", None));
        // A user without a name is numbered like anyone.
        let t = sign("s", &json!({"sub": "u-2", "exp": NOW_S + 60}));
        let v = new_visitor(Some(&t), Some("s"), NOW, [0, 0]);
        assert!(v.identity.is_some());
        assert_eq!(v.name, "Visitor 1000");
    }

    #[test]
    fn a_bad_token_leaves_the_visitor_anonymous_and_says_why() {
        let t = sign(
            "other",
            &json!({"sub": "u-1", "name": "Rita", "exp": NOW_S + 60}),
        );
        let v = new_visitor(Some(&t), Some("s"), NOW, [0, 0]);
        assert_eq!(v.identity, None);
        assert_eq!(v.name, "Visitor 1000");
        assert_eq!(
            v.identity_error,
            verify("s", &t, NOW).err().map(|e| e.to_string())
        );
        // A token for a channel without a secret.
        let v = new_visitor(Some(&t), None, NOW, [0, 0]);
        assert_eq!(v.identity, None);
        assert_eq!(v.identity_error, Some(IdentityError::NoSecret.to_string()));
    }

    #[test]
    fn the_widget_shows_the_title_else_the_channel_name() {
        assert_eq!(title_shown(Some("Help".into()), "Sales".into()), "Help");
        assert_eq!(title_shown(None, "Sales".into()), "Sales");
    }
}
