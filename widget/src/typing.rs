//! Throttling of the visitor's live draft (R-RT-1): at most one `Typing`
//! frame every [`INTERVAL_MS`], the latest draft always sent last, and an
//! empty draft (cleared or sent) right away.

/// Least time between two `Typing` frames, in milliseconds.
pub const INTERVAL_MS: f64 = 250.0;

/// What stands for a draft when the channel's real-time typing is off
/// (#20): operators learn that the visitor types, never what.
pub const TYPING_MARKER: &str = "…";

/// The draft to send: the text itself with real-time typing on (R-RT-1),
/// else [`TYPING_MARKER`] while there is any, so that the text never
/// leaves the page.
pub fn outgoing(draft: &str, live: bool) -> String {
    match (live, draft.trim().is_empty()) {
        (true, _) => draft.to_owned(),
        (false, true) => String::new(),
        (false, false) => TYPING_MARKER.to_owned(),
    }
}

/// What to do after the draft changed.
#[derive(Clone, Debug, PartialEq)]
pub enum Step {
    /// Send this draft now.
    Send(String),
    /// Call [`Throttle::due`] after this many milliseconds.
    Wait(u32),
    /// Nothing (unchanged, or a send is already planned).
    Idle,
}

/// The throttle's memory: what was sent last and when.
#[derive(Clone, Debug, Default)]
pub struct Throttle {
    sent: String,
    last_ms: Option<f64>,
    planned: bool,
}

impl Throttle {
    /// The draft is now `draft` at `now_ms`.
    pub fn input(&mut self, draft: &str, now_ms: f64) -> Step {
        if draft == self.sent || (self.planned && !draft.is_empty()) {
            return Step::Idle;
        }
        let wait = self
            .last_ms
            .map_or(0.0, |last| INTERVAL_MS - (now_ms - last));
        if draft.is_empty() || wait <= 0.0 {
            self.mark(draft, now_ms);
            return Step::Send(draft.to_owned());
        }
        self.planned = true;
        Step::Wait(wait.ceil() as u32)
    }

    /// The planned moment came: the draft to send, if it changed.
    pub fn due(&mut self, draft: &str, now_ms: f64) -> Option<String> {
        self.planned = false;
        (draft != self.sent).then(|| {
            self.mark(draft, now_ms);
            draft.to_owned()
        })
    }

    /// The draft was sent as a message or the socket reconnected: forget the
    /// plan. Returns whether the other side still sees a draft (then send
    /// an empty one).
    pub fn reset(&mut self) -> bool {
        self.planned = false;
        self.last_ms = None;
        !std::mem::take(&mut self.sent).is_empty()
    }

    fn mark(&mut self, draft: &str, now_ms: f64) {
        self.sent = draft.to_owned();
        self.last_ms = Some(now_ms);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drafts_are_throttled_and_the_last_one_is_sent() {
        let mut t = Throttle::default();
        assert_eq!(t.input("h", 0.0), Step::Send("h".into()));
        assert_eq!(t.input("he", 100.0), Step::Wait(150));
        assert_eq!(t.input("hel", 200.0), Step::Idle);
        assert_eq!(t.due("hell", 250.0), Some("hell".into()));
        assert_eq!(t.input("hell", 300.0), Step::Idle);
        assert_eq!(t.input("hello", 600.0), Step::Send("hello".into()));
        assert_eq!(t.input("", 610.0), Step::Send(String::new()));
        assert_eq!(t.input("x", 700.0), Step::Wait(160));
        assert_eq!(t.input("", 710.0), Step::Idle);
        assert_eq!(t.due("", 860.0), None);
    }

    #[test]
    fn r_rt_1_with_real_time_typing_off_only_a_marker_leaves() {
        assert_eq!(outgoing("my card 4111", true), "my card 4111");
        assert_eq!(outgoing("my card 4111", false), TYPING_MARKER);
        assert_eq!(outgoing("  ", false), "");
        // Typing on sends the marker once: the throttle sees no change.
        let mut t = Throttle::default();
        assert_eq!(
            t.input(&outgoing("m", false), 0.0),
            Step::Send(TYPING_MARKER.into())
        );
        assert_eq!(t.input(&outgoing("my", false), 500.0), Step::Idle);
    }

    #[test]
    fn reset_says_whether_a_draft_must_be_cleared() {
        let mut t = Throttle::default();
        assert!(!t.reset());
        t.input("hi", 0.0);
        assert!(t.reset());
        assert_eq!(t.input("hi", 10.0), Step::Send("hi".into()));
    }
}
