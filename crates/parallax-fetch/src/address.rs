//! Which addresses may be fetched: a fetcher fed URLs from the open web must not be turned
//! against the machine it runs on or the network behind it.

use std::error::Error;
use std::fmt;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};

use reqwest::dns::{Addrs, Name, Resolve, Resolving};

/// Whether an address is on the public internet: not loopback, private, link-local, shared,
/// multicast, broadcast, documentation or unspecified (IPv4-mapped IPv6 judged as IPv4).
pub fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => is_public_v4(v4),
        // IPv4-mapped and IPv4-compatible addresses are judged by the IPv4 address inside.
        IpAddr::V6(v6)
            if v6.segments()[..5] == [0; 5] && matches!(v6.segments()[5], 0 | 0xffff) =>
        {
            let [.., a, b, c, d] = v6.octets();
            is_public_v4(Ipv4Addr::new(a, b, c, d)) && !v6.is_loopback() && !v6.is_unspecified()
        }
        IpAddr::V6(v6) => is_public_v6(v6),
    }
}

fn is_public_v4(ip: Ipv4Addr) -> bool {
    let [a, b, c, _] = ip.octets();
    !(ip.is_loopback()
        || ip.is_private()
        || ip.is_link_local()
        || ip.is_unspecified()
        || ip.is_broadcast()
        || ip.is_multicast()
        || ip.is_documentation()
        || a == 0
        // Shared address space (carrier-grade NAT), 100.64.0.0/10.
        || (a == 100 && (64..128).contains(&b))
        // IETF protocol assignments, 192.0.0.0/24, and benchmarking, 198.18.0.0/15.
        || (a == 192 && b == 0 && c == 0)
        || (a == 198 && (b == 18 || b == 19))
        // Reserved, 240.0.0.0/4.
        || a >= 240)
}

fn is_public_v6(ip: Ipv6Addr) -> bool {
    let first = ip.segments()[0];
    !(ip.is_loopback()
        || ip.is_unspecified()
        || ip.is_multicast()
        // Unique local, fc00::/7.
        || (first & 0xfe00) == 0xfc00
        // Link-local, fe80::/10.
        || (first & 0xffc0) == 0xfe80
        // Documentation, 2001:db8::/32.
        || (first == 0x2001 && ip.segments()[1] == 0x0db8)
        // 6to4, 2002::/16: the IPv4 address in the next 32 bits decides.
        || (first == 0x2002 && {
            let [_, _, a, b, c, d, ..] = ip.octets();
            !is_public_v4(Ipv4Addr::new(a, b, c, d))
        })
        // NAT64 well-known prefix 64:ff9b::/96: the IPv4 address inside decides.
        || (first == 0x0064 && ip.segments()[1] == 0xff9b && {
            let [.., a, b, c, d] = ip.octets();
            !is_public_v4(Ipv4Addr::new(a, b, c, d))
        }))
}

/// The error a [`GuardedResolver`] gives when a name resolves only to refused addresses; the
/// fetcher finds it in the error chain to say so plainly.
#[derive(Debug)]
pub(crate) struct PrivateOnly {
    pub(crate) name: String,
    pub(crate) address: IpAddr,
}

impl fmt::Display for PrivateOnly {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} resolves to the non-public address {}", self.name, self.address)
    }
}

impl Error for PrivateOnly {}

/// The system resolver with non-public answers removed (unless private addresses are allowed),
/// so a public name that points inside cannot be used to reach in, after redirects too.
pub(crate) struct GuardedResolver {
    pub(crate) allow_private: bool,
}

impl Resolve for GuardedResolver {
    fn resolve(&self, name: Name) -> Resolving {
        let allow_private = self.allow_private;
        let host = name.as_str().to_string();
        Box::pin(async move {
            let found: Vec<SocketAddr> =
                tokio::net::lookup_host((host.as_str(), 0)).await?.collect();
            let kept: Vec<SocketAddr> =
                found.iter().copied().filter(|a| allow_private || is_public(a.ip())).collect();
            match (kept.is_empty(), found.first()) {
                (true, Some(refused)) => {
                    Err(Box::new(PrivateOnly { name: host, address: refused.ip() }) as _)
                }
                _ => Ok(Box::new(kept.into_iter()) as Addrs),
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn public(address: &str) -> bool {
        is_public(address.parse().expect("an address"))
    }

    #[test]
    fn inside_addresses_are_refused() {
        for address in [
            "127.0.0.1",
            "127.9.9.9",
            "10.1.2.3",
            "172.16.0.1",
            "172.31.255.255",
            "192.168.1.1",
            "169.254.169.254",
            "0.0.0.0",
            "100.64.0.1",
            "255.255.255.255",
            "224.0.0.1",
            "::1",
            "::",
            "fc00::1",
            "fd12:3456::1",
            "fe80::1",
            "::ffff:127.0.0.1",
            "::ffff:10.0.0.1",
            "64:ff9b::a9fe:a9fe",
            "::127.0.0.1",
            "::10.0.0.1",
            "2002:7f00:1::",
            "2002:c0a8:101::1",
        ] {
            assert!(!public(address), "{address} should be refused");
        }
    }

    #[test]
    fn public_addresses_pass() {
        for address in [
            "93.184.216.34",
            "8.8.8.8",
            "172.32.0.1",
            "2606:4700::1111",
            "::ffff:1.1.1.1",
            "2002:808:808::1",
        ] {
            assert!(public(address), "{address} should pass");
        }
    }
}
