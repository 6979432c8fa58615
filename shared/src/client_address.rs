//! The client's network address, which the rate [`limits`](crate::limits)
//! are kept by: from what the runtime saw, never from a header the client
//! could have written itself.
//!
//! - On plain workerd (`cargo xtask serve`) the runtime gives the peer's
//!   address as `request.cf.clientIp`.
//! - Behind a reverse proxy the operator trusts (`CANAL_TRUST_PROXY`), that
//!   peer is the proxy: the client is the last `X-Forwarded-For` hop, the
//!   one the proxy appended (earlier hops are whatever the client sent).
//! - On Cloudflare there is no `clientIp`: the edge sets
//!   `CF-Connecting-IP`, replacing any the client sent. (`wrangler dev`
//!   passes a client's own one through, which the tests use to play several
//!   addresses.) Plain workerd drops the header before Canal sees it.

use std::net::{IpAddr, SocketAddr};

/// What a request says of its client.
#[derive(Clone, Copy, Debug, Default)]
pub struct Sources<'a> {
    /// `request.cf.clientIp`, the runtime's peer (with or without a port).
    pub runtime: Option<&'a str>,
    /// The `CF-Connecting-IP` header.
    pub connecting_ip: Option<&'a str>,
    /// The `X-Forwarded-For` header (`client, proxy1, proxy2`).
    pub forwarded_for: Option<&'a str>,
    /// Whether the operator trusts a reverse proxy in front (`CANAL_TRUST_PROXY`).
    pub trust_proxy: bool,
}

/// The client's address, or `None` when nothing trustworthy names one.
pub fn client_address(s: &Sources) -> Option<IpAddr> {
    if s.trust_proxy {
        let last = s.forwarded_for.and_then(|h| h.rsplit(',').next());
        if let Some(ip) = last.and_then(parse) {
            return Some(ip);
        }
    }
    match s.runtime {
        Some(peer) => parse(peer),
        None => s.connecting_ip.and_then(parse),
    }
}

/// Whether the `CANAL_TRUST_PROXY` setting says yes: set, and not empty,
/// `0`, `false`, `no` or `off`.
pub fn trusts_proxy(setting: Option<&str>) -> bool {
    setting.map(str::trim).is_some_and(|s| {
        !s.is_empty()
            && !["0", "false", "no", "off"]
                .iter()
                .any(|n| s.eq_ignore_ascii_case(n))
    })
}

/// An address, bare or with a port (`1.2.3.4:5`, `[::1]:5`).
fn parse(s: &str) -> Option<IpAddr> {
    let s = s.trim();
    s.parse::<IpAddr>()
        .ok()
        .or_else(|| s.parse::<SocketAddr>().ok().map(|a| a.ip()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> Option<IpAddr> {
        Some(s.parse().unwrap())
    }

    #[test]
    fn the_runtime_peer_wins_over_any_header_the_client_sent() {
        let s = Sources {
            runtime: Some("203.0.113.7:51234"),
            connecting_ip: Some("198.51.100.1"),
            forwarded_for: Some("198.51.100.2"),
            trust_proxy: false,
        };
        assert_eq!(client_address(&s), ip("203.0.113.7"));
        let v6 = Sources {
            runtime: Some("[2001:db8::1]:443"),
            ..s
        };
        assert_eq!(client_address(&v6), ip("2001:db8::1"));
    }

    #[test]
    fn behind_a_trusted_proxy_the_last_forwarded_hop_is_the_client() {
        let s = Sources {
            runtime: Some("127.0.0.1:40000"),
            connecting_ip: Some("198.51.100.1"),
            forwarded_for: Some("198.51.100.9, 10.0.0.3 , 203.0.113.7"),
            trust_proxy: true,
        };
        assert_eq!(client_address(&s), ip("203.0.113.7"));
        // No (or a broken) header: the peer, i.e. the proxy itself.
        for h in [None, Some("not an address")] {
            let s = Sources {
                forwarded_for: h,
                ..s
            };
            assert_eq!(client_address(&s), ip("127.0.0.1"));
        }
    }

    #[test]
    fn an_untrusted_forwarded_for_is_ignored() {
        let s = Sources {
            runtime: Some("127.0.0.1:1"),
            forwarded_for: Some("203.0.113.7"),
            ..Sources::default()
        };
        assert_eq!(client_address(&s), ip("127.0.0.1"));
    }

    #[test]
    fn without_a_runtime_peer_the_edge_header_names_the_client() {
        let s = Sources {
            connecting_ip: Some(" 203.0.113.7 "),
            ..Sources::default()
        };
        assert_eq!(client_address(&s), ip("203.0.113.7"));
        assert_eq!(client_address(&Sources::default()), None);
        // A runtime peer that is no address: still not the header.
        let s = Sources {
            runtime: Some("unix"),
            ..s
        };
        assert_eq!(client_address(&s), None);
    }

    #[test]
    fn the_trust_setting_is_yes_unless_empty_or_a_no() {
        for yes in ["1", "true", "caddy", " yes "] {
            assert!(trusts_proxy(Some(yes)), "{yes}");
        }
        for no in ["", " ", "0", "false", "No", "OFF"] {
            assert!(!trusts_proxy(Some(no)), "{no}");
        }
        assert!(!trusts_proxy(None));
    }
}
