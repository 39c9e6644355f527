//! The address a request came from. Behind a reverse proxy every request arrives from the
//! proxy; the client's own address is then the last one the proxy added to
//! `X-Forwarded-For` — trusted only from the proxies the operator names, since anyone
//! else can write that header.

use axum::http::HeaderMap;
use std::net::{IpAddr, SocketAddr};

/// The client's address: the connection's peer, or, when the peer is a trusted proxy,
/// the nearest address in `X-Forwarded-For` that is not one of the trusted proxies.
pub fn client_ip(
    peer: Option<SocketAddr>,
    headers: &HeaderMap,
    trusted_proxies: &[IpAddr],
) -> Option<IpAddr> {
    let peer = peer?.ip();
    if !trusted_proxies.contains(&peer) {
        return Some(peer);
    }
    let forwarded: Vec<IpAddr> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .filter_map(|part| part.trim().parse().ok())
        .collect();
    Some(
        forwarded
            .into_iter()
            .rev()
            .find(|ip| !trusted_proxies.contains(ip))
            .unwrap_or(peer),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(forwarded: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(
            "x-forwarded-for",
            HeaderValue::from_str(forwarded).expect("header"),
        );
        headers
    }

    #[test]
    fn the_header_counts_only_from_a_trusted_proxy() {
        let proxy: IpAddr = "127.0.0.1".parse().expect("ip");
        let peer = Some(SocketAddr::new(proxy, 4000));
        let stranger = Some("203.0.113.9:4000".parse().expect("addr"));
        let spoofed = headers("198.51.100.1, 10.0.0.7");
        assert_eq!(
            client_ip(peer, &spoofed, &[proxy]),
            Some("10.0.0.7".parse().expect("ip")),
            "the address the proxy itself added"
        );
        assert_eq!(
            client_ip(peer, &spoofed, &[]),
            Some(proxy),
            "no proxy trusted"
        );
        assert_eq!(
            client_ip(stranger, &spoofed, &[proxy]),
            Some("203.0.113.9".parse().expect("ip")),
            "a client that writes the header itself"
        );
        assert_eq!(client_ip(peer, &HeaderMap::new(), &[proxy]), Some(proxy));
        assert_eq!(client_ip(None, &spoofed, &[proxy]), None);
    }
}
