//! Where a request comes from, for the login throttle: the socket's peer
//! address, or, when that peer is a proxy the server was told to trust
//! (`uti serve --trusted-proxy`), the client that proxy names in
//! `X-Forwarded-For`. Without a trusted proxy the header is ignored, so a
//! client cannot choose its own address.

use super::state::AppState;
use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::HeaderMap;
use axum::http::request::Parts;
use std::net::{IpAddr, SocketAddr};

/// The client of a request as the login throttle counts it: an IPv4
/// address, or the /64 network of an IPv6 address (one household or
/// server commonly has a whole /64, so counting single IPv6 addresses
/// would count nothing). `unknown` when the server runs without its
/// peer addresses (a router served without connect info).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientAddress(pub String);

impl FromRequestParts<AppState> for ClientAddress {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|ConnectInfo(peer)| peer.ip());
        let ip = client_ip(peer, &parts.headers, &state.settings.trusted_proxies);
        Ok(ClientAddress(ip.map_or("unknown".to_owned(), throttle_key)))
    }
}

/// The client's IP address: the peer, unless the peer is a trusted proxy;
/// then the last address in `X-Forwarded-For` that is not a trusted proxy
/// (each proxy appends the address it was reached from, so the entries on
/// the left are whatever the client wrote). An entry that is not an
/// address stops the walk at the proxy that passed it on.
pub fn client_ip(peer: Option<IpAddr>, headers: &HeaderMap, trusted: &[IpAddr]) -> Option<IpAddr> {
    let trusted_ip = |ip: IpAddr| trusted.contains(&ip.to_canonical());
    let mut client = peer?.to_canonical();
    if !trusted_ip(client) {
        return Some(client);
    }
    let forwarded: Vec<&str> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .collect();
    for entry in forwarded.iter().rev() {
        let Some(ip) = parse_entry(entry) else {
            break;
        };
        client = ip.to_canonical();
        if !trusted_ip(client) {
            break;
        }
    }
    Some(client)
}

/// One `X-Forwarded-For` entry: an address, perhaps with a port.
fn parse_entry(entry: &str) -> Option<IpAddr> {
    let entry = entry.trim();
    entry
        .parse::<IpAddr>()
        .ok()
        .or_else(|| entry.parse::<SocketAddr>().ok().map(|s| s.ip()))
}

/// What the throttle counts an address as (see [`ClientAddress`]).
pub fn throttle_key(ip: IpAddr) -> String {
    match ip.to_canonical() {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => {
            let s = v6.segments();
            format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(values: &[&str]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for v in values {
            h.append("x-forwarded-for", HeaderValue::from_str(v).unwrap());
        }
        h
    }

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn the_header_counts_only_from_a_trusted_proxy() {
        let forwarded = headers(&["203.0.113.9"]);
        let peer = Some(ip("127.0.0.1"));
        assert_eq!(client_ip(peer, &forwarded, &[]), peer);
        assert_eq!(
            client_ip(peer, &forwarded, &[ip("10.0.0.1")]),
            peer,
            "another proxy is trusted, not this peer"
        );
        assert_eq!(
            client_ip(peer, &forwarded, &[ip("127.0.0.1")]),
            Some(ip("203.0.113.9"))
        );
        assert_eq!(client_ip(peer, &HeaderMap::new(), &[ip("127.0.0.1")]), peer);
        assert_eq!(client_ip(None, &forwarded, &[]), None);
    }

    #[test]
    fn what_the_client_wrote_before_the_proxy_is_not_believed() {
        let trusted = [ip("10.0.0.1"), ip("10.0.0.2")];
        let peer = Some(ip("10.0.0.2"));
        // The client wrote 1.2.3.4; the first proxy saw 198.51.100.7.
        let forwarded = headers(&["1.2.3.4, 198.51.100.7", "10.0.0.1"]);
        assert_eq!(
            client_ip(peer, &forwarded, &trusted),
            Some(ip("198.51.100.7"))
        );
        let garbage = headers(&["198.51.100.7, not-an-address"]);
        assert_eq!(client_ip(peer, &garbage, &trusted), peer);
        let with_port = headers(&["[2001:db8::1]:443"]);
        assert_eq!(
            client_ip(peer, &with_port, &trusted),
            Some(ip("2001:db8::1"))
        );
    }

    #[test]
    fn ipv6_counts_by_its_64_network_and_mapped_ipv4_as_ipv4() {
        assert_eq!(throttle_key(ip("192.0.2.1")), "192.0.2.1");
        assert_eq!(
            throttle_key(ip("2001:db8:aa:bb:1:2:3:4")),
            "2001:db8:aa:bb::/64"
        );
        assert_eq!(
            throttle_key(ip("2001:db8:aa:bb::ffff")),
            throttle_key(ip("2001:db8:aa:bb:1:2:3:4"))
        );
        assert_eq!(throttle_key(ip("::ffff:192.0.2.1")), "192.0.2.1");
    }
}
