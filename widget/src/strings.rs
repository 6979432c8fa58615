//! What the visitor reads about the end of a conversation and its rating,
//! in English, kept together for the translation catalog to come.

/// In the message list while the conversation is closed.
pub const CLOSED_NOTICE: &str = "The conversation was closed. Write again any time.";
/// The rating panel's question (and the group's label).
pub const RATE_QUESTION: &str = "How was this conversation?";
/// The thumbs-up toggle.
pub const LIKE: &str = "Like";
/// The thumbs-down toggle.
pub const DISLIKE: &str = "Dislike";
/// The comment box's label.
pub const COMMENT_LABEL: &str = "Your comment (optional)";
/// The comment box's placeholder.
pub const COMMENT_PLACEHOLDER: &str = "Anything to add? (optional)";
/// The rating's Send button.
pub const SEND_RATING: &str = "Send rating";
/// Once the rating is stored.
pub const THANKS: &str = "Thanks for your feedback!";
