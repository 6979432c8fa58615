use super::*;

fn at(ms: i64) -> Timestamp {
    Timestamp(ms)
}

// R-S-3: a burst passes, the next is refused with the time to wait.
#[test]
fn a_burst_passes_then_the_next_waits_for_its_turn() {
    let rate = Rate::new(10, 10).unwrap();
    let mut l = Limiter::default();
    for _ in 0..10 {
        assert_eq!(l.take(at(5_000), Kind::Message, rate), Ok(()));
    }
    let refused = l.take(at(5_000), Kind::Message, rate).unwrap_err();
    assert_eq!(refused.retry_ms, 1_000);
    assert_eq!(refused.kind, Kind::Message);
    // Still refused a moment before, let through exactly on time.
    assert_eq!(
        l.take(at(5_999), Kind::Message, rate).unwrap_err().retry_ms,
        1
    );
    assert_eq!(l.take(at(6_000), Kind::Message, rate), Ok(()));
    assert!(l.take(at(6_000), Kind::Message, rate).is_err());
}

#[test]
fn a_steady_pace_at_the_rate_is_never_refused() {
    let rate = Rate::new(10, 10).unwrap();
    let mut l = Limiter::default();
    for i in 0..1_000 {
        assert_eq!(l.take(at(i * 1_000), Kind::Message, rate), Ok(()), "{i}");
    }
}

#[test]
fn refusals_spend_nothing() {
    let rate = Rate::new(2, 10).unwrap();
    let mut l = Limiter::default();
    assert!(l.take(at(0), Kind::Login, rate).is_ok());
    assert!(l.take(at(0), Kind::Login, rate).is_ok());
    // Hammering while refused does not push the next allowance further.
    for t in 0..100 {
        assert!(l.take(at(t * 10), Kind::Login, rate).is_err());
    }
    assert_eq!(l.take(at(5_000), Kind::Login, rate), Ok(()));
}

#[test]
fn a_quiet_limiter_is_back_to_a_full_burst() {
    let rate = Rate::new(3, 3).unwrap();
    let mut l = Limiter::default();
    for _ in 0..3 {
        l.take(at(0), Kind::Session, rate).unwrap();
    }
    assert!(!l.idle(at(2_999)));
    assert!(l.idle(at(3_000)));
    for _ in 0..3 {
        assert_eq!(l.take(at(3_000), Kind::Session, rate), Ok(()));
    }
}

#[test]
fn a_gate_keeps_each_kind_apart() {
    let limits = Limits::parse("login=1/60,session=2/60").unwrap();
    let mut g = Gate::default();
    assert!(g.take(at(0), Kind::Login, &limits).is_ok());
    assert!(g.take(at(0), Kind::Login, &limits).is_err());
    assert!(g.take(at(0), Kind::Session, &limits).is_ok());
    assert!(g.take(at(0), Kind::Session, &limits).is_ok());
    assert!(g.take(at(0), Kind::Session, &limits).is_err());
    assert!(!g.idle(at(59_999)));
    assert!(g.idle(at(60_000)));
}

#[test]
fn the_refusal_says_what_and_when_in_whole_seconds() {
    let r = Refused {
        kind: Kind::Session,
        retry_ms: 1_200,
    };
    assert_eq!(r.retry_seconds(), 2);
    assert_eq!(
        r.to_string(),
        "Too many chats were started from your network; try again in 2 seconds."
    );
    let soon = Refused {
        kind: Kind::Message,
        retry_ms: 1,
    };
    assert_eq!(
        soon.to_string(),
        "You are sending messages too fast; try again in 1 second."
    );
}

#[test]
fn limits_parse_overrides_and_keep_the_rest() {
    let l = Limits::parse(" session = 5/60 , message=100/1").unwrap();
    assert_eq!(l.rate(Kind::Session), Rate::new(5, 60).unwrap());
    assert_eq!(l.rate(Kind::Message), Rate::new(100, 1).unwrap());
    assert_eq!(l.rate(Kind::Login), Limits::default().rate(Kind::Login));
    assert_eq!(Limits::parse(""), Ok(Limits::default()));
}

#[test]
fn bad_limit_settings_say_how_to_write_them() {
    assert_eq!(
        Limits::parse("sessions=5/60"),
        Err(LimitsError::UnknownKind("sessions".into()))
    );
    assert_eq!(
        Limits::parse("session=5"),
        Err(LimitsError::Malformed("session=5".into()))
    );
    assert_eq!(
        Limits::parse("session=x/60"),
        Err(LimitsError::Malformed("session=x/60".into()))
    );
    assert_eq!(Limits::parse("session=0/60"), Err(LimitsError::Zero));
    assert!(LimitsError::Malformed("a".into())
        .to_string()
        .contains("kind=count/seconds"));
}

#[test]
fn every_kind_has_a_default_and_a_name_that_parses_back() {
    let d = Limits::default();
    for k in Kind::ALL {
        assert!(d.rate(k).count > 0);
        assert_eq!(k.name().parse::<Kind>(), Ok(k));
    }
}

#[test]
fn a_huge_rate_does_not_overflow() {
    let rate = Rate::new(u32::MAX, u32::MAX).unwrap();
    let mut l = Limiter::default();
    assert!(l.take(at(i64::MAX - 1), Kind::Frame, rate).is_ok());
    assert!(l.take(at(i64::MAX), Kind::Frame, rate).is_ok());
}

#[test]
fn an_ipv6_host_is_limited_with_its_network() {
    assert_eq!(gate_key(Some("203.0.113.7")), "203.0.113.7");
    assert_eq!(
        gate_key(Some("2001:db8:1:2:aaaa::1")),
        gate_key(Some("2001:db8:1:2:bbbb::9"))
    );
    assert_eq!(gate_key(Some("2001:db8:1:2::1")), "2001:db8:1:2::/64");
    assert_ne!(
        gate_key(Some("2001:db8:1:2::1")),
        gate_key(Some("2001:db8:1:3::1"))
    );
    assert_eq!(gate_key(Some("::ffff:198.51.100.1")), "198.51.100.1");
    assert_eq!(gate_key(None), "unknown");
    assert_eq!(gate_key(Some("not an address")), "unknown");
}
