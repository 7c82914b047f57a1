//! Safe HTTP and operations, from outside: security headers and caching on
//! every kind of answer, static files under hashed names, compression, the
//! Origin check on changes, health, readiness and metrics, the deadline for
//! a request's headers, and a clean stop on SIGTERM.

use crate::http::{Client, form, request};
use crate::support::{Env, data, serve};
use crate::web::{Site, add_user};
use std::io::{Read, Write};
use std::time::{Duration, Instant};

fn token(site: &Site, name: &str) -> String {
    let t = site
        .env
        .ok(&["user", "token", name])
        .stdout
        .trim()
        .to_owned();
    format!("Bearer {t}")
}

#[test]
fn every_answer_carries_the_security_headers_and_private_ones_are_not_cached() {
    let site = Site::new();
    let ada = site.login("ada");
    let anonymous = Client::anonymous(&site.address);
    let answers = [
        ("page", ada.get("/initiatieven/zorgpioniers")),
        ("API", ada.get("/api/initiatives")),
        ("login page", anonymous.get("/login")),
        ("404 page", ada.get("/bestaat-niet")),
        ("API error", anonymous.get("/api/me")),
    ];
    for (what, r) in &answers {
        let csp = r
            .header("content-security-policy")
            .unwrap_or_else(|| panic!("{what}: no CSP"));
        let scripts = csp
            .split(';')
            .find(|d| d.trim().starts_with("script-src"))
            .unwrap_or_else(|| panic!("{what}: no script-src in {csp}"));
        assert!(!scripts.contains("unsafe-inline"), "{what}: {csp}");
        assert!(csp.contains("frame-ancestors 'none'"), "{what}: {csp}");
        assert_eq!(
            r.header("x-content-type-options"),
            Some("nosniff"),
            "{what}"
        );
        assert_eq!(r.header("x-frame-options"), Some("DENY"), "{what}");
        assert!(r.header("referrer-policy").is_some(), "{what}");
        assert!(r.header("permissions-policy").is_some(), "{what}");
        assert_eq!(r.header("cache-control"), Some("no-store"), "{what}");
        assert!(
            r.header("x-request-id").is_some_and(|v| !v.is_empty()),
            "{what}: no request id"
        );
        assert!(
            r.header("strict-transport-security").is_none(),
            "{what}: HSTS over plain HTTP"
        );
    }
    // No page carries an inline script (the CSP would refuse it).
    let page = &answers[0].1.body;
    assert!(
        !page.contains("<script>"),
        "inline script on the initiative page"
    );
}

#[test]
fn the_stylesheet_has_a_hashed_name_cached_for_a_year_and_an_etag() {
    let site = Site::new();
    let page = site.login("ada").get("/");
    let href = page
        .body
        .split("rel=\"stylesheet\" href=\"")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .expect("a stylesheet link")
        .to_owned();
    assert!(
        href.starts_with("/static/uti.")
            && href.ends_with(".css")
            && href.len() > "/static/uti..css".len() + 8,
        "not a hashed name: {href}"
    );
    let r = request(&site.address, "GET", &href, &[], None);
    assert_eq!(r.status, 200);
    assert!(r.body.contains("body"), "not the stylesheet");
    let cache = r.header("cache-control").unwrap();
    assert!(
        cache.contains("immutable") && cache.contains("max-age=31536000"),
        "{cache}"
    );
    let etag = r.header("etag").expect("an ETag").to_owned();
    let again = request(
        &site.address,
        "GET",
        "/static/uti.css",
        &[("If-None-Match", &etag)],
        None,
    );
    assert_eq!(
        again.status, 304,
        "the plain name is revalidated by its ETag"
    );
    assert_eq!(
        request(&site.address, "GET", "/static/uti.00000000.css", &[], None).status,
        404
    );
}

#[test]
fn html_json_and_css_are_compressed_with_brotli_or_gzip() {
    let site = Site::new();
    let ada = site.login("ada");
    for (path, accept, expected) in [
        ("/analyse", "br", "br"),
        ("/analyse", "gzip", "gzip"),
        ("/api/analysis", "gzip, br", "br"),
        ("/api/dataset", "gzip", "gzip"),
    ] {
        let r = ada.send("GET", path, &[("Accept-Encoding", accept)], None);
        assert_eq!(r.status, 200, "{path}");
        assert_eq!(
            r.header("content-encoding"),
            Some(expected),
            "{path} with {accept}"
        );
        if expected == "gzip" {
            assert_eq!(
                r.bytes.get(..2),
                Some(&[0x1f, 0x8b][..]),
                "{path}: not gzip data"
            );
        }
        assert!(
            r.header("vary")
                .is_some_and(|v| v.to_ascii_lowercase().contains("accept-encoding"))
        );
    }
    let plain = ada.get("/analyse");
    assert!(
        plain.header("content-encoding").is_none(),
        "compressed without being asked"
    );
    // Already compressed formats are sent as they are.
    let xlsx = ada.send(
        "GET",
        "/api/dataset?format=xlsx",
        &[("Accept-Encoding", "gzip")],
        None,
    );
    assert_eq!(xlsx.status, 200);
    assert!(
        xlsx.header("content-encoding").is_none(),
        "an XLSX was compressed again"
    );
}

#[test]
fn behind_an_https_proxy_answers_carry_hsts_and_changes_from_the_public_origin_pass() {
    let env = Env::sqlite();
    env.ok(&["import", data("voorbeeldnetwerk.yaml").to_str().unwrap()]);
    add_user(&env, "ada", "admin", &[]);
    let (mut server, address) = serve(&env, &["--public-url", "https://uti.example.nl"]);
    let r = request(&address, "GET", "/login", &[], None);
    assert!(
        r.header("strict-transport-security")
            .is_some_and(|v| v.contains("max-age=")),
        "no HSTS with an https public URL"
    );
    let login = request(
        &address,
        "POST",
        "/login",
        &[
            ("Content-Type", "application/x-www-form-urlencoded"),
            ("Origin", "https://uti.example.nl"),
        ],
        Some("name=ada&password=wachtwoord-van-ada&next=/"),
    );
    assert_eq!(
        login.status, 303,
        "a login from the public origin: {}",
        login.body
    );
    let _ = server.kill();
    let _ = server.wait();
}

#[test]
fn a_change_posted_from_another_site_is_refused_even_with_the_right_token() {
    let site = Site::new();
    let rik = site.login("rik");
    let csrf = rik.csrf();
    let body = form(&[
        ("csrf", &csrf),
        ("id", "van-elders"),
        ("name", "Van elders"),
    ]);
    for (header, value) in [
        ("Origin", "http://evil.example"),
        ("Referer", "http://evil.example/form"),
    ] {
        let r = rik.send(
            "POST",
            "/themas/thema",
            &[
                ("Content-Type", "application/x-www-form-urlencoded"),
                (header, value),
            ],
            Some(&body),
        );
        assert_eq!(r.status, 403, "{header}: {value}");
        assert!(r.body.contains("niet van deze site"), "{}", r.body);
    }
    assert_eq!(
        rik.get("/themas/thema/van-elders").status,
        404,
        "the term was created anyway"
    );
    let own = format!("http://{}", site.address);
    let r = rik.send(
        "POST",
        "/themas/thema",
        &[
            ("Content-Type", "application/x-www-form-urlencoded"),
            ("Origin", &own),
        ],
        Some(&body),
    );
    assert_eq!(r.status, 303, "from our own origin: {}", r.body);
}

#[test]
fn health_readiness_and_metrics() {
    let site = Site::new();
    let health = request(&site.address, "GET", "/healthz", &[], None);
    assert_eq!((health.status, health.body.trim()), (200, "ok"));
    let ready = request(&site.address, "GET", "/readyz", &[], None);
    assert_eq!((ready.status, ready.body.trim()), (200, "ready"));
    // Some traffic first.
    let ada = site.login("ada");
    assert_eq!(ada.get("/initiatieven/zorgpioniers").status, 200);
    assert_eq!(
        request(&site.address, "GET", "/metrics", &[], None).status,
        401
    );
    let lia = token(&site, "lia");
    assert_eq!(
        request(
            &site.address,
            "GET",
            "/metrics",
            &[("Authorization", &lia)],
            None
        )
        .status,
        403
    );
    let bearer = token(&site, "ada");
    let m = request(
        &site.address,
        "GET",
        "/metrics",
        &[("Authorization", &bearer)],
        None,
    );
    assert_eq!(m.status, 200, "{}", m.body);
    let line = m
        .body
        .lines()
        .find(|l| {
            l.starts_with("uti_http_requests_total{")
                && l.contains("route=\"/initiatieven/{id}\"")
                && l.contains("status=\"200\"")
        })
        .unwrap_or_else(|| panic!("no request count for the initiative page in\n{}", m.body));
    let count: f64 = line.rsplit(' ').next().unwrap().parse().unwrap();
    assert!(count >= 1.0, "{line}");
    for name in [
        "uti_http_request_duration_seconds_bucket",
        "uti_snapshot_reload_duration_seconds_count",
        "uti_db_pool_connections",
    ] {
        assert!(m.body.contains(name), "no {name} in\n{}", m.body);
    }
}

#[test]
fn a_client_that_never_finishes_its_headers_is_disconnected() {
    let env = Env::sqlite();
    let (mut server, address) = serve(&env, &["--header-timeout", "1"]);
    let mut stream = std::net::TcpStream::connect(&address).unwrap();
    stream.write_all(b"GET / HTTP/1.1\r\nHost: x\r\n").unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let started = Instant::now();
    let mut buf = Vec::new();
    let _ = stream.read_to_end(&mut buf);
    let waited = started.elapsed();
    assert!(
        waited < Duration::from_secs(8),
        "the connection was held for {waited:?}"
    );
    // The server still answers others.
    assert_eq!(request(&address, "GET", "/healthz", &[], None).status, 200);
    let _ = server.kill();
    let _ = server.wait();
}

#[test]
fn sigterm_stops_the_server_cleanly_with_status_zero() {
    let env = Env::sqlite();
    env.ok(&["import", data("voorbeeldnetwerk.yaml").to_str().unwrap()]);
    let (mut server, address) = serve(&env, &[]);
    assert_eq!(request(&address, "GET", "/healthz", &[], None).status, 200);
    let pid = server.id().to_string();
    assert!(
        std::process::Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .unwrap()
            .success()
    );
    let deadline = Instant::now() + Duration::from_secs(20);
    let status = loop {
        if let Some(s) = server.try_wait().unwrap() {
            break s;
        }
        assert!(
            Instant::now() < deadline,
            "still running 20 s after SIGTERM"
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    assert_eq!(status.code(), Some(0), "{status:?}");
    assert!(
        std::net::TcpStream::connect(&address).is_err(),
        "still accepting after the stop"
    );
}
