//! The login throttle from outside: known and unknown names answered
//! alike, a delay that grows per client address, an owner elsewhere who
//! still gets in, and the client address behind a trusted proxy. Several
//! clients are several loopback addresses (127.0.0.2, 127.0.0.3, ...).

use crate::http::{Response, request_from};
use crate::support::{Backend, backends};
use crate::web::Site;
use std::time::Duration;

/// `POST /login` from the local address `source`.
pub fn attempt(site: &Site, source: &str, name: &str, password: &str) -> Response {
    send(site, source, &[], name, password)
}

/// [`attempt`] with more headers.
fn send(
    site: &Site,
    source: &str,
    headers: &[(&str, &str)],
    name: &str,
    password: &str,
) -> Response {
    let mut all = vec![("Content-Type", "application/x-www-form-urlencoded")];
    all.extend_from_slice(headers);
    request_from(
        Some(source),
        &site.address,
        "POST",
        "/login",
        &all,
        Some(&format!("name={name}&password={password}&next=/")),
    )
}

/// The seconds a 429 page asks to wait (and checks that Retry-After says
/// the same).
pub fn wait_seconds(r: &Response) -> u64 {
    assert_eq!(r.status, 429, "{}", r.body);
    let rest = r
        .body
        .split("Te veel pogingen; probeer het over ")
        .nth(1)
        .unwrap_or_else(|| panic!("no Dutch wait message in {}", r.body));
    let seconds: u64 = rest.split(' ').next().unwrap().parse().unwrap();
    let unit = if seconds == 1 { "seconde" } else { "seconden" };
    assert!(
        rest.starts_with(&format!("{seconds} {unit} opnieuw.")),
        "{rest}"
    );
    assert_eq!(r.header("retry-after"), Some(seconds.to_string().as_str()));
    seconds
}

/// Status, headers but the date, and body with the tried name made `NAME`.
fn answer(r: &Response, name: &str) -> String {
    let headers: Vec<String> = r
        .headers
        .iter()
        // The date and the request's own id differ by nature.
        .filter(|(n, _)| !n.eq_ignore_ascii_case("date") && !n.eq_ignore_ascii_case("x-request-id"))
        .map(|(n, v)| format!("{n}: {v}"))
        .collect();
    format!(
        "{}\n{}\n{}",
        r.status,
        headers.join("\n"),
        r.body
            .replace(&format!("value=\"{name}\""), "value=\"NAME\"")
    )
}

#[test]
fn a_known_and_an_unknown_name_get_the_same_answers_attempt_by_attempt() {
    for backend in backends() {
        let site = Site::on(backend);
        // Each from its own address; a name of the same length, so that
        // even Content-Length must agree.
        let answers = |source: &str, name: &str| -> Vec<String> {
            (1..=7)
                .map(|i| {
                    let r = attempt(&site, source, name, "fout");
                    match i {
                        1..=5 => assert_eq!(r.status, 401, "{backend:?} {name} {i}: {}", r.body),
                        _ => assert_eq!(wait_seconds(&r), 1, "{backend:?} {name} {i}"),
                    }
                    answer(&r, name)
                })
                .collect()
        };
        let known = answers("127.0.0.2", "rik");
        let unknown = answers("127.0.0.3", "rob");
        for (i, (k, u)) in known.iter().zip(&unknown).enumerate() {
            assert_eq!(k, u, "{backend:?}, attempt {}", i + 1);
        }
    }
}

#[test]
fn the_delay_grows_and_a_right_password_after_it_gets_in_and_clears_the_count() {
    for backend in backends() {
        let site = Site::on(backend);
        let source = "127.0.0.2";
        for i in 1..=5 {
            let r = attempt(&site, source, "rik", "fout");
            assert_eq!(r.status, 401, "{backend:?} {i}: {}", r.body);
        }
        let mut waits = Vec::new();
        for _ in 0..3 {
            // Right away: held back, whatever the password.
            let wait = wait_seconds(&attempt(&site, source, "rik", "wachtwoord-van-rik"));
            waits.push(wait);
            std::thread::sleep(Duration::from_secs(wait));
            if waits.len() < 3 {
                let r = attempt(&site, source, "rik", "fout");
                assert_eq!(r.status, 401, "{backend:?}: the delay is over");
            }
        }
        // 1, 2, 4 seconds; a second less when the machine was slow to
        // send the next attempt.
        assert!(
            waits[0] == 1 && (1..=2).contains(&waits[1]) && (3..=4).contains(&waits[2]),
            "{backend:?}: the delay doubles: {waits:?}"
        );
        let r = attempt(&site, source, "rik", "wachtwoord-van-rik");
        assert_eq!(r.status, 303, "{backend:?}: {}", r.body);
        // The count of rik from this address starts again.
        for i in 1..=5 {
            let r = attempt(&site, source, "rik", "fout");
            assert_eq!(r.status, 401, "{backend:?} {i} after the login: {}", r.body);
        }
        wait_seconds(&attempt(&site, source, "rik", "fout"));
    }
}

#[test]
fn an_attacker_elsewhere_does_not_keep_the_owner_out() {
    for backend in backends() {
        let site = Site::on(backend);
        // Guesses from one address until it is held back...
        for _ in 0..5 {
            assert_eq!(attempt(&site, "127.0.0.2", "rik", "fout").status, 401);
        }
        wait_seconds(&attempt(&site, "127.0.0.2", "rik", "fout"));
        // ...then from a fresh one: one guess, then the name's delay.
        assert_eq!(attempt(&site, "127.0.0.3", "rik", "fout").status, 401);
        wait_seconds(&attempt(&site, "127.0.0.3", "rik", "fout"));
        // The owner, on an address without failures, gets in at once.
        let owner = attempt(&site, "127.0.0.4", "rik", "wachtwoord-van-rik");
        assert_eq!(owner.status, 303, "{backend:?}: {}", owner.body);
        // Which forgives the attackers nothing.
        wait_seconds(&attempt(&site, "127.0.0.3", "rik", "wachtwoord-van-rik"));
    }
}

#[test]
fn parallel_guesses_do_not_slip_through_a_delay_together() {
    for backend in backends() {
        let site = Site::on(backend);
        let statuses: Vec<u16> = std::thread::scope(|s| {
            let guesses: Vec<_> = (0..12)
                .map(|_| s.spawn(|| attempt(&site, "127.0.0.2", "rik", "fout").status))
                .collect();
            guesses.into_iter().map(|g| g.join().unwrap()).collect()
        });
        let refused = statuses.iter().filter(|s| **s == 401).count();
        let held = statuses.iter().filter(|s| **s == 429).count();
        assert_eq!((refused, held), (5, 7), "{backend:?}: {statuses:?}");
    }
}

#[test]
fn nothing_plain_is_stored_and_old_failures_are_forgotten() {
    for backend in backends() {
        let site = Site::on(backend);
        for _ in 0..5 {
            attempt(&site, "127.0.0.2", "niemand-bekends", "fout");
        }
        wait_seconds(&attempt(&site, "127.0.0.2", "niemand-bekends", "fout"));
        let rows = site.env.sql(
            "SELECT name_key, address_key, failures FROM login_throttle \
             ORDER BY name_key, address_key",
        );
        assert_eq!(rows.len(), 3, "{backend:?}: address, name, pair: {rows:?}");
        for row in &rows {
            let mut columns = row.split('|');
            for key in [columns.next().unwrap(), columns.next().unwrap()] {
                assert!(
                    key.is_empty()
                        || (key.len() == 64 && key.bytes().all(|b| b.is_ascii_hexdigit())),
                    "{backend:?}: a key that is not a digest: {row}"
                );
            }
            assert_eq!(columns.next(), Some("5"), "{backend:?}: {row}");
        }
        // A day later (and a row of long ago beside them)...
        site.env
            .sql("UPDATE login_throttle SET last_failed_at = last_failed_at - 86400001");
        site.env.sql(
            "INSERT INTO login_throttle (name_key, address_key, failures, last_failed_at) \
             VALUES ('oud', '', 9, 1)",
        );
        // ...the next attempt counts as the first, and the old rows are gone.
        let r = attempt(&site, "127.0.0.2", "niemand-bekends", "fout");
        assert_eq!(r.status, 401, "{backend:?}: {}", r.body);
        let rows = site
            .env
            .sql("SELECT failures FROM login_throttle ORDER BY name_key, address_key");
        assert_eq!(rows, ["1", "1", "1"], "{backend:?}");
        // A login without failures leaves nothing behind.
        let lia = attempt(&site, "127.0.0.3", "lia", "wachtwoord-van-lia");
        assert_eq!(lia.status, 303, "{backend:?}: {}", lia.body);
        assert_eq!(
            site.env.sql("SELECT failures FROM login_throttle").len(),
            3,
            "{backend:?}"
        );
    }
}

#[test]
fn the_wait_is_said_in_english_with_the_language_switch() {
    let site = Site::on(Backend::Sqlite);
    let english = [("Cookie", "uti_taal=en")];
    for _ in 0..5 {
        let r = send(&site, "127.0.0.2", &english, "niemand", "fout");
        assert!(
            r.body.contains("Unknown user name or wrong password."),
            "{}",
            r.body
        );
    }
    let r = send(&site, "127.0.0.2", &english, "niemand", "fout");
    assert_eq!(r.status, 429);
    assert!(
        r.body.contains("Too many attempts; try again in 1 second."),
        "{}",
        r.body
    );
}

#[test]
fn forwarded_for_names_the_client_only_behind_a_trusted_proxy() {
    // Without a trusted proxy the header is the client's own word: ignored.
    let direct = Site::on(Backend::Sqlite);
    for i in 0..5 {
        let forwarded = format!("198.51.100.{i}");
        let r = send(
            &direct,
            "127.0.0.2",
            &[("X-Forwarded-For", &forwarded)],
            "rik",
            "fout",
        );
        assert_eq!(r.status, 401);
    }
    let r = send(
        &direct,
        "127.0.0.2",
        &[("X-Forwarded-For", "203.0.113.5")],
        "rik",
        "wachtwoord-van-rik",
    );
    wait_seconds(&r);
    // Behind a proxy on 127.0.0.1, the proxy's last entry is the client.
    let proxied = Site::with(Backend::Sqlite, &["--trusted-proxy", "127.0.0.1"]);
    let from = |client: &str, name: &str, password: &str| {
        let forwarded = format!("6.6.6.6, {client}");
        send(
            &proxied,
            "127.0.0.1",
            &[("X-Forwarded-For", &forwarded)],
            name,
            password,
        )
    };
    for _ in 0..5 {
        assert_eq!(from("198.51.100.7", "rik", "fout").status, 401);
    }
    wait_seconds(&from("198.51.100.7", "rik", "wachtwoord-van-rik"));
    let owner = from("203.0.113.5", "rik", "wachtwoord-van-rik");
    assert_eq!(owner.status, 303, "{}", owner.body);
    // The same client seen without its proxy is another address.
    let r = attempt(&proxied, "127.0.0.2", "lia", "wachtwoord-van-lia");
    assert_eq!(r.status, 303, "{}", r.body);
}

#[test]
fn a_trusted_proxy_that_is_no_address_is_refused_in_words() {
    let env = crate::support::Env::sqlite();
    let run = env.run(&[
        "serve",
        "--bind",
        "127.0.0.1:0",
        "--trusted-proxy",
        "proxy.example",
    ]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("--trusted-proxy: proxy.example is geen IP-adres"),
        "{}",
        run.stderr
    );
}
