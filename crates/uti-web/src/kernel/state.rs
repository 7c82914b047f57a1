//! What every handler gets.

use super::logins::LoginCache;
use super::metrics::Metrics;
use super::snapshot::SnapshotCache;
use axum::http::{HeaderMap, header};
use std::sync::Arc;
use uti_store::Store;

/// What every handler gets.
#[derive(Clone, Debug)]
pub struct AppState {
    /// The database.
    pub store: Store,
    /// The dataset and analysis of the current revision.
    pub snapshot: SnapshotCache,
    /// Logins checked a moment ago.
    pub logins: LoginCache,
    /// What the server counts for `/metrics`.
    pub metrics: Metrics,
    /// How the server is reached.
    pub settings: Arc<Settings>,
}

/// How the server is reached, from `uti serve`'s options.
#[derive(Clone, Debug, Default)]
pub struct Settings {
    /// The address users reach the server at, e.g. `https://uti.example.nl`
    /// behind a TLS-terminating proxy: changes from this origin are ours,
    /// and with `https` every answer carries HSTS.
    pub public_url: Option<String>,
    /// Reverse proxies whose `X-Forwarded-For` header names the client
    /// (`uti serve --trusted-proxy`); with none, the socket's peer is the
    /// client, as the login throttle counts it.
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// The mail server that sends personal links (`uti serve --smtp-url`,
    /// `--smtp-from`); without it the researcher copies the link.
    pub mail: Option<super::mail::MailSettings>,
}

impl Settings {
    /// Whether to believe `X-Forwarded-Proto` and `X-Forwarded-Host`: only
    /// behind a trusted proxy, which sets them.
    pub fn trust_forwarded(&self) -> bool {
        !self.trusted_proxies.is_empty()
    }

    /// Whether users reach the server over HTTPS.
    pub fn https(&self) -> bool {
        self.public_url
            .as_deref()
            .is_some_and(|u| u.to_ascii_lowercase().starts_with("https://"))
    }

    /// The public origin (`scheme://host[:port]`), if configured.
    fn public_origin(&self) -> Option<&str> {
        let url = self.public_url.as_deref()?;
        let (scheme, rest) = url.split_once("://")?;
        let host = rest.split('/').next().unwrap_or(rest);
        Some(&url[..scheme.len() + 3 + host.len()])
    }

    /// Whether a change comes from our own pages: the `Origin` header, or
    /// when it is missing the `Referer`, names this server (its `Host`, a
    /// trusted proxy's `X-Forwarded-Host`, or the public URL). A request
    /// with neither header (a script, an old browser) passes; the CSRF
    /// token still guards it.
    pub fn same_origin(&self, headers: &HeaderMap) -> bool {
        let text = |name| headers.get(name).and_then(|v| v.to_str().ok());
        let origin = match (text(header::ORIGIN), text(header::REFERER)) {
            (Some(o), _) => o.to_owned(),
            (None, Some(r)) => {
                let Some((scheme, rest)) = r.split_once("://") else {
                    return false;
                };
                format!("{scheme}://{}", rest.split('/').next().unwrap_or(rest))
            }
            (None, None) => return true,
        };
        if origin == "null" {
            return false;
        }
        if self
            .public_origin()
            .is_some_and(|p| p.eq_ignore_ascii_case(&origin))
        {
            return true;
        }
        let Some((_, host)) = origin.split_once("://") else {
            return false;
        };
        let forwarded = if self.trust_forwarded() {
            text(header::HeaderName::from_static("x-forwarded-host"))
        } else {
            None
        };
        [text(header::HOST), forwarded]
            .into_iter()
            .flatten()
            .any(|h| h.eq_ignore_ascii_case(host))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, v.parse().unwrap());
        }
        h
    }

    #[test]
    fn changes_from_our_own_origin_pass_and_others_do_not() {
        let plain = Settings::default();
        let ours = headers(&[
            ("host", "127.0.0.1:8080"),
            ("origin", "http://127.0.0.1:8080"),
        ]);
        assert!(plain.same_origin(&ours));
        let theirs = headers(&[
            ("host", "127.0.0.1:8080"),
            ("origin", "http://evil.example"),
        ]);
        assert!(!plain.same_origin(&theirs));
        let referer = headers(&[("host", "h:1"), ("referer", "http://evil.example/x")]);
        assert!(!plain.same_origin(&referer));
        let own_referer = headers(&[("host", "h:1"), ("referer", "http://h:1/themas?x=1")]);
        assert!(plain.same_origin(&own_referer));
        assert!(plain.same_origin(&headers(&[("host", "h:1")])));
        assert!(!plain.same_origin(&headers(&[("host", "h:1"), ("origin", "null")])));
        let public = Settings {
            public_url: Some("https://uti.example.nl/".into()),
            ..Settings::default()
        };
        let behind = headers(&[
            ("host", "10.0.0.5:8080"),
            ("origin", "https://uti.example.nl"),
        ]);
        assert!(public.same_origin(&behind));
        assert!(public.https());
        assert!(!plain.https());
    }
}
