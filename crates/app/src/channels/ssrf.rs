//! Where a webhook may point. A robot's URL is typed by an org's administrator, so posting to
//! it must not reach inside the server's network (SSRF): https only, and addresses that are
//! loopback, private, link-local or otherwise not public are refused — unless the deployment
//! allows them (a test receiver on loopback, an OA system on the intranet). The address checked
//! is the address connected to: the name is resolved once, checked, and the connection pinned
//! to it, so a name that resolves differently a moment later gains nothing.

use std::net::{IpAddr, SocketAddr};

/// What a deployment allows webhooks to reach.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Policy {
    /// Plain http besides https.
    pub allow_http: bool,
    /// Loopback, private and link-local addresses.
    pub allow_private: bool,
}

/// Why a URL may not be posted to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refused {
    NotUrl,
    Scheme,
    Address(IpAddr),
    Unresolved,
}

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Refused::NotUrl => f.write_str("not a URL"),
            Refused::Scheme => f.write_str("only https URLs are allowed"),
            Refused::Address(ip) => write!(f, "{ip} is not a public address"),
            Refused::Unresolved => f.write_str("the host name does not resolve"),
        }
    }
}

/// Whether `ip` is an address on the public internet.
pub fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            let o = v4.octets();
            !(v4.is_loopback()
                || v4.is_private()
                || v4.is_link_local()
                || v4.is_unspecified()
                || v4.is_broadcast()
                || v4.is_documentation()
                || o[0] == 0
                // 100.64.0.0/10, shared address space (carrier-grade NAT)
                || (o[0] == 100 && (o[1] & 0xc0) == 64)
                // 198.18.0.0/15, benchmarking
                || (o[0] == 198 && (o[1] & 0xfe) == 18)
                || o[0] >= 224)
        }
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return is_public(IpAddr::V4(v4));
            }
            let s = v6.segments();
            !(v6.is_loopback()
                || v6.is_unspecified()
                || v6.is_multicast()
                // fc00::/7 unique local, fe80::/10 link-local
                || (s[0] & 0xfe00) == 0xfc00
                || (s[0] & 0xffc0) == 0xfe80)
        }
    }
}

/// Checks the URL's form (scheme) without resolving it: what a form can say at once.
pub fn check_form(url: &str, policy: Policy) -> Result<reqwest::Url, Refused> {
    let parsed = reqwest::Url::parse(url.trim()).map_err(|_| Refused::NotUrl)?;
    match parsed.scheme() {
        "https" => {}
        "http" if policy.allow_http => {}
        _ => return Err(Refused::Scheme),
    }
    if parsed.host_str().is_none_or(str::is_empty) {
        return Err(Refused::NotUrl);
    }
    Ok(parsed)
}

/// Resolves the URL's host and checks every address it resolves to; answers the one to connect
/// to.
pub async fn resolve(url: &reqwest::Url, policy: Policy) -> Result<SocketAddr, Refused> {
    let host = url.host_str().ok_or(Refused::NotUrl)?;
    let port = url.port_or_known_default().ok_or(Refused::NotUrl)?;
    let host = host.trim_start_matches('[').trim_end_matches(']');
    let addrs: Vec<SocketAddr> = tokio::net::lookup_host((host, port))
        .await
        .map_err(|_| Refused::Unresolved)?
        .collect();
    let first = *addrs.first().ok_or(Refused::Unresolved)?;
    if !policy.allow_private
        && let Some(bad) = addrs.iter().find(|a| !is_public(a.ip()))
    {
        return Err(Refused::Address(bad.ip()));
    }
    Ok(first)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_public_addresses_are_public() {
        for private in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "0.0.0.0",
            "100.64.0.1",
            "::1",
            "fe80::1",
            "fd00::1",
            "::ffff:127.0.0.1",
            "224.0.0.1",
        ] {
            assert!(!is_public(private.parse().unwrap()), "{private}");
        }
        for public in ["1.1.1.1", "114.114.114.114", "2400:3200::1"] {
            assert!(is_public(public.parse().unwrap()), "{public}");
        }
    }

    #[test]
    fn plain_http_needs_the_deployments_leave() {
        let strict = Policy::default();
        assert_eq!(
            check_form("http://oapi.dingtalk.com/robot/send", strict),
            Err(Refused::Scheme)
        );
        assert!(
            check_form(
                "https://oapi.dingtalk.com/robot/send?access_token=x",
                strict
            )
            .is_ok()
        );
        assert_eq!(check_form("ftp://x", strict), Err(Refused::Scheme));
        assert_eq!(check_form("不是网址", strict), Err(Refused::NotUrl));
        let open = Policy {
            allow_http: true,
            allow_private: true,
        };
        assert!(check_form("http://127.0.0.1:9/hook", open).is_ok());
    }

    #[tokio::test]
    async fn loopback_is_refused_unless_allowed() {
        let url = reqwest::Url::parse("https://127.0.0.1:9/hook").unwrap();
        assert_eq!(
            resolve(&url, Policy::default()).await,
            Err(Refused::Address("127.0.0.1".parse().unwrap()))
        );
        let allow = Policy {
            allow_http: false,
            allow_private: true,
        };
        assert!(resolve(&url, allow).await.is_ok());
        let localhost = reqwest::Url::parse("https://localhost:9/").unwrap();
        assert!(resolve(&localhost, Policy::default()).await.is_err());
    }
}
