//! The web workspace from outside: roles by route, login and its limits,
//! CSRF, API tokens, the OpenAPI document, hostile input and errors. The
//! real server runs on a real database; requests go over TCP.

use crate::http::{Client, request};
use crate::support::{Env, serve};

/// Adds a user with the CLI; returns the password.
pub fn add_user(env: &Env, name: &str, role: &str, initiatives: &[&str]) -> String {
    let password = format!("wachtwoord-van-{name}");
    let mut args = vec!["user", "add", name, "--role", role, "--password-stdin"];
    for i in initiatives {
        args.extend(["--initiative", i]);
    }
    let run = env.run_with_stdin(&args, &format!("{password}\n"));
    assert!(run.success, "{}", run.stderr);
    password
}

/// A server with the example network and one user of every role:
/// `ada` admin, `rik` researcher, `lia` reader, `cas` contact of
/// `zorgpioniers`; each password is `wachtwoord-van-NAME`.
pub struct Site {
    /// The data directory and database.
    pub env: Env,
    server: std::process::Child,
    /// `127.0.0.1:PORT`.
    pub address: String,
}

impl Site {
    /// Starts it on SQLite.
    pub fn new() -> Site {
        Site::on(crate::support::Backend::Sqlite)
    }

    /// Starts it on the given backend.
    pub fn on(backend: crate::support::Backend) -> Site {
        Site::with(backend, &[])
    }

    /// Starts it on the given backend with more options of `uti serve`.
    pub fn with(backend: crate::support::Backend, extra: &[&str]) -> Site {
        let env = Env::new(backend);
        env.ok(&[
            "import",
            crate::support::data("voorbeeldnetwerk.yaml")
                .to_str()
                .unwrap(),
        ]);
        Site::start(env, extra, "zorgpioniers")
    }

    /// Starts it on the given backend holding the dataset `yaml`, with
    /// the contact `cas` of the initiative `contact_of`.
    pub fn of(backend: crate::support::Backend, yaml: &str, contact_of: &str) -> Site {
        let env = Env::new(backend);
        let file = env.write("dataset.yaml", yaml);
        env.ok(&["import", file.to_str().unwrap()]);
        Site::start(env, &[], contact_of)
    }

    fn start(env: Env, extra: &[&str], contact_of: &str) -> Site {
        for (name, role) in [("ada", "admin"), ("rik", "researcher"), ("lia", "reader")] {
            add_user(&env, name, role, &[]);
        }
        add_user(&env, "cas", "contact", &[contact_of]);
        let (server, address) = serve(&env, extra);
        Site {
            env,
            server,
            address,
        }
    }

    /// The stored dataset, as `uti export --format json`.
    pub fn export_json(&self) -> serde_json::Value {
        serde_json::from_str(&self.env.ok(&["export", "--format", "json"]).stdout).unwrap()
    }

    /// Logs a user in.
    pub fn login(&self, name: &str) -> Client {
        Client::login(&self.address, name, &format!("wachtwoord-van-{name}"))
    }
}

impl Drop for Site {
    fn drop(&mut self) {
        let _ = self.server.kill();
        let _ = self.server.wait();
    }
}

const PAGES: &[&str] = &["/", "/initiatieven/zorgpioniers", "/analyse"];
/// How long a server may take to see a change made by another process
/// (another server, the command line): its freshness window of 1 s, plus
/// a margin.
pub const FRESHNESS: std::time::Duration = std::time::Duration::from_millis(1200);

const API: &[&str] = &[
    "/api/me",
    "/api/initiatives",
    "/api/initiatives/zorgpioniers",
    "/api/analysis",
    "/api/dataset",
];

#[test]
fn every_route_refuses_anonymous_users_and_serves_every_role() {
    let site = Site::new();
    let anonymous = Client::anonymous(&site.address);
    for path in PAGES {
        let r = anonymous.get(path);
        assert_eq!(r.status, 303, "{path}");
        assert!(
            r.header("location").unwrap().starts_with("/login?next="),
            "{path}: {:?}",
            r.header("location")
        );
    }
    for path in API {
        let r = anonymous.get(path);
        assert_eq!(r.status, 401, "{path}: {}", r.body);
        assert!(r.body.contains("Log eerst in"), "{path}: {}", r.body);
    }
    for name in ["ada", "rik", "cas", "lia"] {
        let client = site.login(name);
        for path in PAGES.iter().chain(API) {
            let r = client.get(path);
            assert_eq!(r.status, 200, "{name} {path}: {}", r.body);
        }
        let me: serde_json::Value = serde_json::from_str(&client.get("/api/me").body).unwrap();
        assert_eq!(me["name"], name);
    }
    let me: serde_json::Value =
        serde_json::from_str(&site.login("cas").get("/api/me").body).unwrap();
    assert_eq!(me["role"], "contact");
    assert_eq!(me["initiatives"], serde_json::json!(["zorgpioniers"]));
}

#[test]
fn the_session_cookie_is_http_only_same_site_and_secure_on_localhost() {
    let site = Site::new();
    let r = Client::anonymous(&site.address)
        .post_form("/login", "name=rik&password=wachtwoord-van-rik&next=/");
    let cookie = r.header("set-cookie").unwrap();
    for flag in ["HttpOnly", "SameSite=Lax", "Secure", "Path=/"] {
        assert!(cookie.contains(flag), "{cookie}");
    }
}

#[test]
fn a_wrong_password_is_refused_in_dutch_and_repeated_failures_are_throttled() {
    let site = Site::new();
    let anonymous = Client::anonymous(&site.address);
    let r = anonymous.post_form("/login", "name=rik&password=fout&next=/");
    assert_eq!(r.status, 401);
    assert!(
        r.body
            .contains("Onbekende gebruikersnaam of onjuist wachtwoord."),
        "{}",
        r.body
    );
    assert!(r.header("set-cookie").is_none());
    let unknown = anonymous.post_form("/login", "name=niemand&password=fout&next=/");
    assert_eq!(unknown.status, 401, "an unknown name looks the same");
    for _ in 0..4 {
        anonymous.post_form("/login", "name=rik&password=fout&next=/");
    }
    // Six failures from this address: 2 seconds (1 when this machine was
    // slow to send the next attempt), whatever the password.
    let throttled = anonymous.post_form("/login", "name=rik&password=wachtwoord-van-rik&next=/");
    let wait = crate::throttle::wait_seconds(&throttled);
    assert!((1..=2).contains(&wait), "{wait}");
    assert!(throttled.header("set-cookie").is_none());
    // The address is held back, for every name; another address is not.
    let lia = crate::throttle::attempt(&site, "127.0.0.1", "lia", "wachtwoord-van-lia");
    assert_eq!(lia.status, 429, "{}", lia.body);
    let lia = crate::throttle::attempt(&site, "127.0.0.2", "lia", "wachtwoord-van-lia");
    assert_eq!(lia.status, 303, "{}", lia.body);
    // A new password by the admin forgives every failure for the name.
    let reset = site.env.run_with_stdin(
        &["user", "reset-password", "rik", "--password-stdin"],
        "wachtwoord-van-rik\n",
    );
    assert!(reset.success, "{}", reset.stderr);
    site.login("rik");
}

#[test]
fn logging_out_needs_the_csrf_token_and_ends_the_session() {
    let site = Site::new();
    let client = site.login("rik");
    let forged = client.post_form("/logout", "csrf=verkeerd");
    assert_eq!(forged.status, 403, "{}", forged.body);
    assert_eq!(
        client.get("/").status,
        200,
        "a forged logout ended the session"
    );
    let csrf = client.csrf();
    let r = client.post_form("/logout", &format!("csrf={csrf}"));
    assert_eq!(r.status, 303);
    assert_eq!(client.get("/").status, 303, "the session outlived logout");
    assert_eq!(client.get("/api/me").status, 401);
}

#[test]
fn a_login_posted_from_another_site_is_refused() {
    let site = Site::new();
    let r = request(
        &site.address,
        "POST",
        "/login",
        &[
            ("Content-Type", "application/x-www-form-urlencoded"),
            ("Origin", "http://evil.example"),
        ],
        Some("name=rik&password=wachtwoord-van-rik&next=/"),
    );
    assert_eq!(r.status, 403);
    assert!(r.header("set-cookie").is_none());
}

#[test]
fn an_api_token_works_until_it_is_revoked() {
    let site = Site::new();
    let token = site
        .env
        .ok(&["user", "token", "lia"])
        .stdout
        .trim()
        .to_owned();
    assert!(token.starts_with("uti_"), "{token}");
    let bearer = format!("Bearer {token}");
    let r = request(
        &site.address,
        "GET",
        "/api/me",
        &[("Authorization", &bearer)],
        None,
    );
    assert_eq!(r.status, 200, "{}", r.body);
    let me: serde_json::Value = serde_json::from_str(&r.body).unwrap();
    assert_eq!(me["role"], "reader");
    let wrong = request(
        &site.address,
        "GET",
        "/api/me",
        &[("Authorization", "Bearer uti_0000")],
        None,
    );
    assert_eq!(wrong.status, 401);
    site.env.ok(&["user", "token", "lia", "--revoke"]);
    // A revocation by another process (here the command line) counts
    // within the server's freshness window of one second.
    std::thread::sleep(FRESHNESS);
    let revoked = request(
        &site.address,
        "GET",
        "/api/me",
        &[("Authorization", &bearer)],
        None,
    );
    assert_eq!(revoked.status, 401, "{}", revoked.body);
}

#[test]
fn the_openapi_document_lists_every_api_route_and_each_one_answers() {
    let site = Site::new();
    let doc = request(&site.address, "GET", "/api/openapi.json", &[], None);
    assert_eq!(doc.status, 200);
    let doc: serde_json::Value = serde_json::from_str(&doc.body).unwrap();
    assert_eq!(doc["openapi"], "3.1.0");
    let paths = doc["paths"].as_object().unwrap();
    for path in API {
        let templated = path.replace("zorgpioniers", "{id}");
        assert!(paths.contains_key(&templated), "{templated} missing");
    }
    // Every read answers a reader; every change refuses a reader (which
    // proves the route exists and checks the role before anything else).
    let client = site.login("lia");
    let csrf = client.csrf();
    // A saved version of the report, for the operations that read one.
    let researcher = site.login("rik");
    let saved = researcher.json("POST", "/api/report/versions", &serde_json::json!({}));
    assert_eq!(saved.status, 201, "{}", saved.body);
    for (path, ops) in paths {
        let id = if path.contains("{kind}") {
            "samenwerking"
        } else {
            "zorgpioniers"
        };
        let concrete = path
            .replace("/versions/{n}", "/versions/1")
            .replace("/versions/compare", "/versions/compare?a=1&b=1")
            .replace("{id}", id)
            .replace("{n}", "0")
            .replace("{entry}", "1")
            .replace("{kind}", "theme")
            .replace("{round}", "1")
            .replace("{check}", "1")
            .replace("{note}", "1")
            .replace("{from}", "zorgpioniers")
            .replace("{to}", "atelier-maakkracht");
        // The reads that need a query.
        let concrete = match path.as_str() {
            "/api/search" => format!("{concrete}?q=werkgevers"),
            "/api/landscape/graph" => format!("{concrete}?format=graphml"),
            _ => concrete,
        };
        // The fact-check round is not for readers at all.
        let round = path.starts_with("/api/checks");
        for method in ops.as_object().unwrap().keys() {
            // The history holds drafts and notes: researchers and admins only.
            if method == "get" && path.ends_with("/history") {
                assert_eq!(client.get(&concrete).status, 403, "{path}");
                let r = researcher.get(&concrete);
                assert_eq!(r.status, 200, "{path}: {}", r.body);
                continue;
            }
            let r = if method == "get" {
                client.get(&concrete)
            } else {
                client.send(
                    &method.to_uppercase(),
                    &concrete,
                    &[
                        ("Content-Type", "application/json"),
                        ("X-CSRF-Token", &csrf),
                    ],
                    Some("{}"),
                )
            };
            let expected = if method == "get" && !round { 200 } else { 403 };
            assert_eq!(r.status, expected, "{method} {path}: {}", r.body);
        }
    }
    let docs = client.get("/api/docs");
    assert_eq!(docs.status, 200);
    assert!(docs.body.contains("/api/initiatives"));
}

#[test]
fn the_api_gives_the_same_analysis_as_the_command_line() {
    let site = Site::new();
    let from_cli: serde_json::Value =
        serde_json::from_str(&site.env.ok(&["analyse", "--format", "json"]).stdout).unwrap();
    let from_api: serde_json::Value =
        serde_json::from_str(&site.login("lia").get("/api/analysis").body).unwrap();
    assert_eq!(from_api, from_cli);
    let filtered: serde_json::Value = serde_json::from_str(
        &site
            .login("lia")
            .get("/api/analysis?soort=beoogd-ontwerp")
            .body,
    )
    .unwrap();
    assert_eq!(
        filtered["sessions"], filtered["sessions_by_kind"]["beoogd-ontwerp"],
        "{filtered}"
    );
    let bad = site.login("lia").get("/api/analysis?van=gisteren");
    assert_eq!(bad.status, 400);
    assert!(bad.body.contains("is geen datum"), "{}", bad.body);
}

#[test]
fn unknown_pages_and_ids_give_a_dutch_404_without_internals() {
    let site = Site::new();
    let client = site.login("rik");
    for path in [
        "/initiatieven/bestaat-niet",
        "/nergens",
        "/initiatieven/%3Cscript%3E",
    ] {
        let r = client.get(path);
        assert_eq!(r.status, 404, "{path}");
        assert!(r.body.contains("Niet gevonden"), "{path}: {}", r.body);
        assert!(r.body.contains("lang=\"nl\""));
        for internal in ["sqlx", "panicked", "SELECT", "stack"] {
            assert!(!r.body.contains(internal), "{path} leaks {internal}");
        }
    }
    let api = client.get("/api/initiatives/bestaat-niet");
    assert_eq!(api.status, 404);
    let json: serde_json::Value = serde_json::from_str(&api.body).unwrap();
    assert_eq!(json["error"]["status"], 404);
}

#[test]
fn an_oversized_form_is_refused() {
    let site = Site::new();
    let huge = format!("name=rik&password={}", "x".repeat(3 << 20));
    let r = Client::anonymous(&site.address).post_form("/login", &huge);
    assert_eq!(r.status, 413, "{}", &r.body[..r.body.len().min(200)]);
}

#[test]
fn html_in_any_field_shows_as_text_on_every_page_and_in_the_api() {
    let env = Env::sqlite();
    let evil = "<script>alert(1)</script>";
    let file = env.write(
        "x.yaml",
        format!(
            "format: uti-dataset/1\nnetwork: \"{evil}\"\ninitiatives:\n  - id: x\n    name: \"{evil}\"\n    problem: \"<img src=x onerror=alert(2)>\"\n    sectors: [\"{evil}\"]\n    sessions:\n      - date: 2024-01-01\n        kind: beoogd-ontwerp\n        notes: \"{evil}\"\n        llo: {{opleiden: 2, community: 1, waarderen-certificeren: 0, matching: 0, loopbaanbegeleiding: 1}}\n        llo_notes: {{opleiden: \"{evil}\"}}\n        cimo:\n          - level: doelgroep\n            context: \"{evil}\"\n            interventions: [\"{evil}\"]\n"
        ),
    );
    env.ok(&["import", file.to_str().unwrap()]);
    add_user(&env, "rik", "researcher", &[]);
    let (mut server, address) = serve(&env, &[]);
    let client = Client::login(&address, "rik", "wachtwoord-van-rik");
    for path in ["/", "/initiatieven/x", "/analyse", "/?q=%3Cscript%3E"] {
        let r = client.get(path);
        assert_eq!(r.status, 200, "{path}");
        assert!(!r.body.contains("<script>alert"), "{path} runs a script");
        assert!(!r.body.contains("<img src=x"), "{path} has an injected img");
        assert!(
            r.body.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
            "{path}"
        );
    }
    let api = client.get("/api/initiatives/x");
    let json: serde_json::Value = serde_json::from_str(&api.body).unwrap();
    assert_eq!(json["initiative"]["name"], evil);
    assert!(
        api.header("content-type")
            .unwrap()
            .starts_with("application/json"),
        "the API must not be served as HTML"
    );
    server.kill().unwrap();
    server.wait().unwrap();
}

#[test]
fn two_servers_on_one_database_share_logins_and_see_each_others_data_and_versions() {
    for backend in crate::support::backends() {
        let env = Env::new(backend);
        env.ok(&[
            "import",
            crate::support::data("voorbeeldnetwerk.yaml")
                .to_str()
                .unwrap(),
        ]);
        add_user(&env, "rik", "researcher", &[]);
        let (a, address_a) = serve(&env, &[]);
        let (b, address_b) = serve(&env, &[]);
        let (mut a, mut b) = (crate::support::KillOnDrop(a), crate::support::KillOnDrop(b));
        let on_a = Client::login(&address_a, "rik", "wachtwoord-van-rik");
        let on_b = Client {
            address: address_b.clone(),
            cookie: on_a.cookie.clone(),
        };
        let me = on_b.get("/api/me");
        assert_eq!(me.status, 200, "{backend:?}: a login on A is unknown to B");
        let before: serde_json::Value =
            serde_json::from_str(&on_b.get("/api/analysis").body).unwrap();
        // A change made elsewhere (here: an import) shows on both servers.
        env.write(
            "extra.yaml",
            "format: uti-dataset/1\ninitiatives:\n  - id: nieuw-initiatief\n    name: Nieuw Initiatief\n",
        );
        env.ok(&["import", "extra.yaml"]);
        std::thread::sleep(FRESHNESS);
        for client in [&on_a, &on_b] {
            let after: serde_json::Value =
                serde_json::from_str(&client.get("/api/analysis").body).unwrap();
            assert_eq!(
                after["initiatives_total"].as_u64().unwrap(),
                before["initiatives_total"].as_u64().unwrap() + 1,
                "{backend:?}: {} serves a stale analysis",
                client.address
            );
            assert!(client.get("/").body.contains("Nieuw Initiatief"));
        }
        // A save through A shows through B within a second; B, still
        // holding the version from before, is refused with what A stored.
        let initiative = |client: &Client| -> serde_json::Value {
            serde_json::from_str(&client.get("/api/initiatives/zorgpioniers").body).unwrap()
        };
        let loaded_on_b = initiative(&on_b);
        let version = loaded_on_b["session_versions"][0].as_i64().unwrap();
        let mut session = loaded_on_b["initiative"]["sessions"][0].clone();
        session["notes"] = serde_json::json!("Opgeslagen via server A");
        let path = "/api/initiatives/zorgpioniers/sessions/0";
        let saved = on_a.json(
            "PUT",
            path,
            &serde_json::json!({"version": version, "session": session}),
        );
        assert_eq!(saved.status, 200, "{backend:?}: {}", saved.body);
        // The page comes from B's snapshot, which trusts itself for its
        // freshness window: poll it.
        let t = std::time::Instant::now();
        while !on_b
            .get("/initiatieven/zorgpioniers")
            .body
            .contains("Opgeslagen via server A")
        {
            assert!(
                t.elapsed() < FRESHNESS,
                "{backend:?}: B's page does not show A's save after {:?}",
                t.elapsed()
            );
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        let seen = initiative(&on_b);
        assert_eq!(
            seen["initiative"]["sessions"][0]["notes"], "Opgeslagen via server A",
            "{backend:?}: B's API lags behind its page"
        );
        assert_eq!(seen["session_versions"][0], version + 1, "{backend:?}");
        let mut stale = loaded_on_b["initiative"]["sessions"][0].clone();
        stale["notes"] = serde_json::json!("Opgeslagen via server B");
        let refused = on_b.json(
            "PUT",
            path,
            &serde_json::json!({"version": version, "session": stale}),
        );
        assert_eq!(
            refused.status, 409,
            "{backend:?}: a stale edit through B: {}",
            refused.body
        );
        let conflict: serde_json::Value = serde_json::from_str(&refused.body).unwrap();
        assert_eq!(conflict["error"]["current"], session, "{backend:?}");
        assert_eq!(conflict["error"]["version"], version + 1, "{backend:?}");
        assert_eq!(
            initiative(&on_a)["initiative"]["sessions"][0]["notes"],
            "Opgeslagen via server A",
            "{backend:?}: the refused edit changed something"
        );

        let csrf = on_a.csrf();
        on_a.post_form("/logout", &format!("csrf={csrf}"));
        assert_eq!(
            on_a.get("/api/me").status,
            401,
            "logout takes effect at once where it was made"
        );
        std::thread::sleep(FRESHNESS);
        assert_eq!(
            on_b.get("/api/me").status,
            401,
            "{backend:?}: logout on A not seen by B"
        );
        for server in [&mut a, &mut b] {
            server.kill().unwrap();
            server.wait().unwrap();
        }
    }
}
