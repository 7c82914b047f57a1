//! The fact-check round and publication from outside, on both backends:
//! a researcher puts a portrait to its initiative, the contact comments,
//! suggests and approves (logged in and through a personal link), the
//! researcher accepts and publishes, an anonymous visitor reads it; links
//! that are expired, revoked or made up get one and the same refusal;
//! roles see only what is theirs; and nothing unpublished reaches the
//! public part (the leak test).

use crate::http::{Client, Response, form, request};
use crate::web::Site;
use serde_json::{Value, json};

fn get_json(client: &Client, path: &str) -> Value {
    let r = client.get(path);
    assert_eq!(r.status, 200, "{path}: {}", r.body);
    serde_json::from_str(&r.body).unwrap()
}

fn body(r: &Response) -> Value {
    serde_json::from_str(&r.body).unwrap_or_else(|e| panic!("{e}: {}", r.body))
}

/// Starts a round for one initiative; gives (round, check).
fn start(rik: &Client, initiative: &str) -> (i64, i64) {
    let r = rik.json(
        "POST",
        "/api/checks/rounds",
        &json!({"initiative": initiative, "closes_on": "2027-01-15", "title": "Ronde 1", "message": "Graag **vóór** 15 januari."}),
    );
    assert_eq!(r.status, 201, "{}", r.body);
    let b = body(&r);
    (
        b["round"]["id"].as_i64().unwrap(),
        b["checks"][0]["id"].as_i64().unwrap(),
    )
}

/// Makes a personal link; gives its path (`/controle/...`).
fn link(rik: &Client, check: i64) -> String {
    let r = rik.json(
        "POST",
        &format!("/api/checks/{check}/links"),
        &json!({"days": 7}),
    );
    assert_eq!(r.status, 201, "{}", r.body);
    let url = body(&r)["url"].as_str().unwrap().to_owned();
    let at = url.find("/controle/").expect("a /controle/ link");
    url[at..].to_owned()
}

/// Runs SQL on the SQLite file with the sqlite3 tool.
fn sql(env: &crate::support::Env, statement: &str) {
    let out = std::process::Command::new("sqlite3")
        .arg(env.path("uti.db"))
        .arg(statement)
        .output()
        .expect("the sqlite3 tool runs (scripts/test-services.sh installs it)");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The text of a PDF, by poppler's pdftotext.
pub fn pdf_text(env: &crate::support::Env, bytes: &[u8]) -> String {
    let file = env.write("lek.pdf", bytes);
    let out = std::process::Command::new("pdftotext")
        .arg(&file)
        .arg("-")
        .output()
        .expect("pdftotext runs (poppler-utils)");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn anonymous_post(site: &Site, path: &str, fields: &[(&str, &str)]) -> Response {
    request(
        &site.address,
        "POST",
        path,
        &[("Content-Type", "application/x-www-form-urlencoded")],
        Some(&form(fields)),
    )
}

#[test]
fn the_whole_round_through_a_personal_link_ends_in_a_public_portrait() {
    for backend in crate::support::backends() {
        let site = Site::on(backend);
        let rik = site.login("rik");
        let anon = Client::anonymous(&site.address);
        assert_eq!(anon.get("/openbaar/portretten/zorgpioniers").status, 404);

        let (round, check) = start(&rik, "zorgpioniers");
        let page = link(&rik, check);

        // The contact reads the portrait as it will be published.
        let r = anon.get(&page);
        assert_eq!(r.status, 200, "{}", r.body);
        assert!(
            r.body.contains("Portret ter controle: Zorgpioniers"),
            "{}",
            r.body
        );
        assert!(r.body.contains("Vraagstuk in context en doelgroep"));
        assert!(
            r.body.contains("<strong>vóór</strong>"),
            "the message is Markdown"
        );

        // A comment (Markdown, escaped), a suggestion and an answer.
        let r = anonymous_post(
            &site,
            &format!("{page}/opmerking"),
            &[
                ("section", "zorgpioniers-vraagstuk"),
                ("body", "Klopt <script>alert(1)</script> *bijna*."),
            ],
        );
        assert_eq!(r.status, 303, "{}", r.body);
        let problem = get_json(&rik, "/api/initiatives/zorgpioniers")["initiative"]["problem"]
            .as_str()
            .unwrap()
            .to_owned();
        let proposed = format!("{problem} Sinds 2025 ook in de wijkverpleging.");
        let r = anonymous_post(
            &site,
            &format!("{page}/voorstel"),
            &[
                ("section", "zorgpioniers-vraagstuk"),
                ("target", "problem"),
                ("proposed", &proposed),
                ("body", "Aanvulling"),
            ],
        );
        assert_eq!(r.status, 303, "{}", r.body);
        let r = anonymous_post(
            &site,
            &format!("{page}/antwoord"),
            &[
                ("verdict", "akkoord_met_wijzigingen"),
                ("remark", "Verder prima."),
            ],
        );
        assert_eq!(r.status, 303);
        // Until the researcher acts the answer may change.
        let r = anonymous_post(
            &site,
            &format!("{page}/antwoord"),
            &[("verdict", "akkoord"), ("remark", "Prima.")],
        );
        assert_eq!(r.status, 303);
        let r = anon.get(&page);
        assert!(
            !r.body.contains("<script>alert(1)"),
            "contacts' text is escaped"
        );
        assert!(r.body.contains("&lt;script&gt;"));
        assert!(r.body.contains("<em>bijna</em>"));
        assert!(
            r.body.contains("<ins"),
            "a suggestion shows as a difference: {}",
            r.body
        );

        // The researcher sees it all, accepts the suggestion into the data.
        let detail = get_json(&rik, &format!("/api/checks/{check}"));
        assert_eq!(detail["check"]["status"], "akkoord");
        assert_eq!(detail["check"]["verdict"], "akkoord");
        let notes = detail["notes"].as_array().unwrap();
        assert_eq!(notes.len(), 2);
        let suggestion = notes.iter().find(|n| n["kind"] == "suggestion").unwrap();
        let r = rik.json(
            "POST",
            &format!("/api/checks/notes/{}/decision", suggestion["id"]),
            &json!({"accept": true}),
        );
        assert_eq!(r.status, 200, "{}", r.body);
        let now = get_json(&rik, "/api/initiatives/zorgpioniers")["initiative"]["problem"]
            .as_str()
            .unwrap()
            .to_owned();
        assert_eq!(now, proposed, "accepting changed the data");
        // ... as a recorded change, by the researcher, through the API.
        let history = get_json(&rik, "/api/initiatives/zorgpioniers/history");
        let latest = &history["entries"][0];
        assert_eq!(latest["actor"], "rik", "{latest}");
        assert_eq!(latest["via"], "api", "{latest}");
        assert_eq!(latest["after"]["problem"], json!(proposed), "{latest}");
        // Accepting twice is refused.
        let again = rik.json(
            "POST",
            &format!("/api/checks/notes/{}/decision", suggestion["id"]),
            &json!({"accept": true}),
        );
        assert_eq!(again.status, 409, "{}", again.body);
        // Now the researcher acted: the contact's answer stands.
        let r = anonymous_post(
            &site,
            &format!("{page}/antwoord"),
            &[("verdict", "wijzigingen_nodig")],
        );
        assert_eq!(r.status, 303);
        assert!(r.header("location").unwrap().contains("melding=vast"));

        // The approval was on the earlier version: publishing needs a reason
        // or a confirmation.
        let dashboard = rik.get(&format!("/checks/ronde/{round}"));
        assert_eq!(dashboard.status, 200);
        assert!(dashboard.body.contains("Zorgpioniers"));
        let r = rik.json(
            "POST",
            "/api/initiatives/zorgpioniers/publication",
            &json!({}),
        );
        assert_eq!(r.status, 409, "{}", r.body);
        assert!(
            body(&r)["error"]["message"]
                .as_str()
                .unwrap()
                .contains("reden"),
            "{}",
            r.body
        );
        let cli = site.env.run(&["publish", "--initiative", "zorgpioniers"]);
        assert!(!cli.success, "the CLI refuses too");
        assert!(cli.stderr.contains("eerdere versie"), "{}", cli.stderr);
        let csrf = rik.csrf();
        let r = rik.post_form(
            &format!("/checks/portret/{check}/bevestigen"),
            &form(&[("csrf", &csrf)]),
        );
        assert_eq!(r.status, 303, "{}", r.body);
        let r = rik.json(
            "POST",
            "/api/initiatives/zorgpioniers/publication",
            &json!({}),
        );
        assert_eq!(r.status, 200, "{}", r.body);
        assert_eq!(body(&r)["approved"], true);

        // The public reads it, the new text included; the link page is gone
        // from nowhere (it still works) but the public sees no comments.
        let public = anon.get("/openbaar/portretten/zorgpioniers");
        assert_eq!(public.status, 200);
        assert!(public.body.contains("Sinds 2025 ook in de wijkverpleging."));
        assert!(!public.body.contains("bijna"));
        assert!(
            anon.get("/openbaar")
                .body
                .contains("/openbaar/portretten/zorgpioniers")
        );
        let pdf = anon.get("/openbaar/portretten/zorgpioniers/pdf");
        assert_eq!(pdf.status, 200);
        assert!(pdf.bytes.starts_with(b"%PDF"));

        // It stays as published while the data changes, until published again.
        let mut initiative = get_json(&rik, "/api/initiatives/zorgpioniers");
        let version = initiative["version"].as_i64().unwrap();
        initiative["initiative"]["problem"] = json!("Een heel ander vraagstuk.");
        initiative["initiative"]
            .as_object_mut()
            .unwrap()
            .remove("sessions");
        let r = rik.json(
            "PUT",
            "/api/initiatives/zorgpioniers",
            &json!({"version": version, "initiative": initiative["initiative"]}),
        );
        assert_eq!(r.status, 200, "{}", r.body);
        let public = anon.get("/openbaar/portretten/zorgpioniers");
        assert!(public.body.contains("Sinds 2025 ook in de wijkverpleging."));
        assert!(!public.body.contains("Een heel ander vraagstuk."));
        // Without approval of the new version only with a reason (CLI).
        let cli = site.env.run(&[
            "publish",
            "--initiative",
            "zorgpioniers",
            "--reason",
            "Correctie van de onderzoekers",
        ]);
        assert!(cli.success, "{}", cli.stderr);
        assert!(cli.stderr.contains("zonder akkoord"), "{}", cli.stderr);
        // Another process published: the server sees it within a second or two.
        let eventually = |what: &dyn Fn(&Response) -> bool| {
            for _ in 0..50 {
                if what(&anon.get("/openbaar/portretten/zorgpioniers")) {
                    return true;
                }
                std::thread::sleep(std::time::Duration::from_millis(100));
            }
            false
        };
        assert!(eventually(&|r| r
            .body
            .contains("Een heel ander vraagstuk.")));
        let cli = site.env.run(&["unpublish", "--initiative", "zorgpioniers"]);
        assert!(cli.success, "{}", cli.stderr);
        assert!(eventually(&|r| r.status == 404));
        let cli = site.env.run(&["unpublish", "--initiative", "zorgpioniers"]);
        assert!(!cli.success);
        assert!(cli.stderr.contains("niet gepubliceerd"), "{}", cli.stderr);
    }
}

#[test]
fn expired_revoked_and_forged_links_get_the_same_refusal_and_a_link_opens_only_its_check() {
    let site = Site::new();
    let rik = site.login("rik");
    let anon = Client::anonymous(&site.address);
    let (_, check) = start(&rik, "zorgpioniers");
    let (_, other) = start(&rik, "atelier-maakkracht");
    let good = link(&rik, check);
    assert_eq!(anon.get(&good).status, 200);
    // The link opens only its own check: not the other's, not the app.
    let token = good.trim_start_matches("/controle/").to_owned();
    assert_eq!(
        anon.get(&format!("/checks/portret/{other}")).status,
        303,
        "login first"
    );
    let r = request(
        &site.address,
        "GET",
        "/api/checks/1",
        &[("Authorization", &format!("Bearer {token}"))],
        None,
    );
    assert_eq!(r.status, 401, "a link token is no API token");

    let refusal = |path: &str| {
        let r = anon.get(path);
        assert_eq!(r.status, 404, "{path}");
        r.body
    };
    let forged = refusal(&format!("/controle/{}", "ab".repeat(32)));
    let short = refusal("/controle/kort");
    // Expired: the store's clock is moved by shortening the link.
    let expiring = link(&rik, other);
    let hint = &expiring["/controle/".len().."/controle/".len() + 8];
    sql(
        &site.env,
        &format!("UPDATE check_links SET expires_at = 1 WHERE hint = '{hint}'"),
    );
    let expired = refusal(&expiring);
    // Revoked.
    let csrf = rik.csrf();
    let r = rik.post_form(
        &format!("/checks/portret/{check}/intrekken"),
        &form(&[("csrf", &csrf)]),
    );
    assert_eq!(r.status, 303);
    let revoked = refusal(&good);
    assert_eq!(forged, short);
    assert_eq!(forged, expired);
    assert_eq!(forged, revoked);
    assert!(forged.contains("Deze link werkt niet"));
    // Posting through a dead link changes nothing.
    let r = anonymous_post(
        &site,
        &format!("{good}/opmerking"),
        &[("section", "x"), ("body", "te laat")],
    );
    assert_eq!(r.status, 404);
    assert_eq!(
        get_json(&rik, &format!("/api/checks/{check}"))["notes"]
            .as_array()
            .unwrap()
            .len(),
        0
    );
}

#[test]
fn roles_see_only_their_own_checks() {
    let site = Site::new();
    let rik = site.login("rik");
    let (_, own) = start(&rik, "zorgpioniers");
    let (round, foreign) = start(&rik, "atelier-maakkracht");
    let cas = site.login("cas"); // contact of zorgpioniers
    let lia = site.login("lia"); // reader
    // The contact's inbox lists their own portrait only.
    let inbox = cas.get("/checks");
    assert_eq!(inbox.status, 200);
    assert!(inbox.body.contains(&format!("/checks/portret/{own}")));
    assert!(!inbox.body.contains(&format!("/checks/portret/{foreign}")));
    assert_eq!(cas.get(&format!("/checks/portret/{own}")).status, 200);
    assert_eq!(cas.get(&format!("/checks/portret/{foreign}")).status, 404);
    assert_eq!(cas.get(&format!("/api/checks/{foreign}")).status, 404);
    assert_eq!(cas.get(&format!("/checks/ronde/{round}")).status, 403);
    assert_eq!(cas.get("/api/checks/rounds").status, 403);
    // The contact answers through the API on their own check only.
    let r = cas.json(
        "POST",
        &format!("/api/checks/{own}/verdict"),
        &json!({"verdict": "akkoord"}),
    );
    assert_eq!(r.status, 200, "{}", r.body);
    let r = cas.json(
        "POST",
        &format!("/api/checks/{foreign}/verdict"),
        &json!({"verdict": "akkoord"}),
    );
    assert_eq!(r.status, 404);
    let r = cas.json(
        "POST",
        "/api/checks/rounds",
        &json!({"initiative": "zorgpioniers", "closes_on": "2027-01-01"}),
    );
    assert_eq!(r.status, 403);
    let r = cas.json(
        "POST",
        "/api/initiatives/zorgpioniers/publication",
        &json!({}),
    );
    assert_eq!(r.status, 403);
    // A reader sees no round at all.
    for path in [
        "/checks".to_owned(),
        format!("/checks/portret/{own}"),
        format!("/api/checks/{own}"),
        "/api/checks/rounds".to_owned(),
    ] {
        assert_eq!(lia.get(&path).status, 403, "{path}");
    }
    // Anonymous: login first.
    let anon = Client::anonymous(&site.address);
    assert_eq!(anon.get("/api/checks/rounds").status, 401);
    assert_eq!(anon.get("/checks").status, 303);
    // A researcher's answer is not the contact's.
    let r = rik.json(
        "POST",
        &format!("/api/checks/{own}/verdict"),
        &json!({"verdict": "akkoord"}),
    );
    assert_eq!(r.status, 403);
}

#[test]
fn a_round_of_a_report_version_sends_every_portrait_and_bulk_publishes_the_approved() {
    let site = Site::new();
    let rik = site.login("rik");
    let r = rik.json(
        "POST",
        "/api/report/versions",
        &json!({"label": "Concept 1"}),
    );
    assert!(r.status == 201 || r.status == 200, "{}", r.body);
    let number = body(&r)["number"].as_i64().unwrap();
    let r = rik.json(
        "POST",
        "/api/checks/rounds",
        &json!({"report_version": number, "closes_on": "2027-02-01"}),
    );
    assert_eq!(r.status, 201, "{}", r.body);
    let b = body(&r);
    let checks = b["checks"].as_array().unwrap();
    let initiatives = get_json(&rik, "/api/initiatives");
    let count = initiatives.as_array().map_or_else(
        || initiatives["initiatives"].as_array().unwrap().len(),
        Vec::len,
    );
    assert_eq!(checks.len(), count, "every portrait of the version");
    assert_eq!(b["more"], false);
    let round = b["round"]["id"].as_i64().unwrap();
    // The round's portraits come a page at a time.
    let pages: Vec<Value> = (0..2)
        .map(|n| {
            get_json(
                &rik,
                &format!("/api/checks/rounds/{round}?offset={n}&limit=1"),
            )
        })
        .collect();
    assert_eq!(pages[0]["checks"][0]["id"], checks[0]["id"]);
    assert_eq!(pages[1]["checks"][0]["id"], checks[1]["id"]);
    assert_eq!(pages[0]["more"], true);
    let last = get_json(
        &rik,
        &format!("/api/checks/rounds/{round}?offset={}&limit=1", count - 1),
    );
    assert_eq!(last["more"], false);
    for (query, words) in [
        (
            "limit=0",
            "Parameter limit: geef een aantal van 1 tot en met 1000.",
        ),
        (
            "limit=1001",
            "Parameter limit: geef een aantal van 1 tot en met 1000.",
        ),
        ("offset=-1", "Parameter offset: geef 0 of meer."),
    ] {
        let r = rik.get(&format!("/api/checks/rounds/{round}?{query}"));
        assert_eq!(r.status, 400, "{query}");
        assert!(r.body.contains(words), "{query}: {}", r.body);
    }
    // One approves through its contact.
    let cas = site.login("cas");
    let own = checks
        .iter()
        .find(|c| c["initiative_id"] == "zorgpioniers")
        .unwrap()["id"]
        .as_i64()
        .unwrap();
    let r = cas.json(
        "POST",
        &format!("/api/checks/{own}/verdict"),
        &json!({"verdict": "akkoord"}),
    );
    assert_eq!(r.status, 200, "{}", r.body);
    let csrf = rik.csrf();
    let r = rik.post_form(
        &format!("/checks/ronde/{round}/publiceren"),
        &form(&[("csrf", &csrf)]),
    );
    assert_eq!(r.status, 303);
    assert!(
        r.header("location").unwrap().contains("aantal=1"),
        "{:?}",
        r.header("location")
    );
    let index = Client::anonymous(&site.address).get("/openbaar");
    assert!(index.body.contains("/openbaar/portretten/zorgpioniers"));
    assert_eq!(
        index.body.matches("/openbaar/portretten/").count(),
        1,
        "only the approved one"
    );
    // The report version needs every portrait approved, or a reason.
    let cli = site
        .env
        .run(&["publish", "--report-version", &number.to_string()]);
    assert!(!cli.success);
    assert!(cli.stderr.contains("niet elk portret"), "{}", cli.stderr);
    let cli = site.env.run(&[
        "publish",
        "--report-version",
        &number.to_string(),
        "--reason",
        "Besluit stuurgroep",
    ]);
    assert!(cli.success, "{}", cli.stderr);
    let anon = Client::anonymous(&site.address);
    assert_eq!(
        anon.get(&format!("/openbaar/rapporten/{number}")).status,
        200
    );
    let figures = anon.get("/openbaar/cijfers");
    assert!(
        figures.body.contains("<svg"),
        "the published figures: {}",
        figures.body
    );
}

/// Marker words that must never reach the public part.
const MARKERS: &[&str] = &[
    "LEKNOTITIE",
    "LEKCONCEPT",
    "LEKOPMERKING",
    "LEKVOORSTEL",
    "LEKANTWOORD",
    "LEKONGEPUBLICEERD",
    "lekcontact",
];

#[test]
fn nothing_unpublished_reaches_the_public_part() {
    for backend in crate::support::backends() {
        let site = Site::on(backend);
        crate::web::add_user(&site.env, "lekcontact", "contact", &["zorgpioniers"]);
        let rik = site.login("rik");
        // Notes on a published session, a draft session, an unpublished initiative.
        let stored = get_json(&rik, "/api/initiatives/zorgpioniers");
        let mut session = stored["initiative"]["sessions"][0].clone();
        session["notes"] = json!("LEKNOTITIE interne aantekening");
        let r = rik.json(
            "PUT",
            "/api/initiatives/zorgpioniers/sessions/0",
            &json!({"version": stored["session_versions"][0], "session": session}),
        );
        assert_eq!(r.status, 200, "{}", r.body);
        let r = rik.json(
            "POST",
            "/api/initiatives/zorgpioniers/sessions",
            &json!({"date": "2026-10-01", "kind": "afsluitend", "draft": true, "lessons": ["LEKCONCEPT les"],
                    "cimo": [{"level": "regio", "context": "LEKCONCEPT context", "interventions": ["LEKCONCEPT"]}]}),
        );
        assert_eq!(r.status, 201, "{}", r.body);
        let r = rik.json(
            "POST",
            "/api/initiatives",
            &json!({"id": "lek-initiatief", "name": "LEKONGEPUBLICEERD initiatief", "problem": "LEKONGEPUBLICEERD"}),
        );
        assert_eq!(r.status, 201, "{}", r.body);
        // A round with comments, suggestions and an answer full of markers.
        let (_, check) = start(&rik, "zorgpioniers");
        let contact = site.login("lekcontact");
        for (kind, extra) in [
            ("comment", json!({"body": "LEKOPMERKING"})),
            (
                "suggestion",
                json!({"target": "problem", "proposed": "LEKVOORSTEL", "body": "LEKVOORSTEL"}),
            ),
        ] {
            let mut b = extra;
            b["kind"] = json!(kind);
            b["section"] = json!("zorgpioniers-vraagstuk");
            let r = contact.json("POST", &format!("/api/checks/{check}/notes"), &b);
            assert_eq!(r.status, 201, "{}", r.body);
        }
        let r = contact.json(
            "POST",
            &format!("/api/checks/{check}/verdict"),
            &json!({"verdict": "akkoord", "remark": "LEKANTWOORD"}),
        );
        assert_eq!(r.status, 200, "{}", r.body);
        let r = rik.json(
            "POST",
            "/api/initiatives/zorgpioniers/publication",
            &json!({}),
        );
        assert_eq!(r.status, 200, "{}", r.body);
        // A report version saved (with the draft and the unpublished
        // initiative in it) but not published.
        let r = rik.json("POST", "/api/report/versions", &json!({"label": "intern"}));
        assert!(r.status < 300, "{}", r.body);

        // Every public page and download, and every API route, anonymously.
        let anon = Client::anonymous(&site.address);
        let mut paths: Vec<String> = [
            "/openbaar",
            "/openbaar/cijfers",
            "/openbaar/portretten/zorgpioniers",
            "/openbaar/portretten/zorgpioniers/pdf",
            "/openbaar/portretten/lek-initiatief",
            "/openbaar/portretten/lek-initiatief/pdf",
            "/openbaar/rapporten/1",
            "/openbaar/rapporten/1?format=pdf",
            "/login",
            "/",
            "/openbaar/portretten/zorgpioniers?lang=en",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let doc = get_json(&anon, "/api/openapi.json");
        for (path, item) in doc["paths"].as_object().unwrap() {
            if item.get("get").is_some() {
                paths.push(
                    path.replace("{id}", "zorgpioniers")
                        .replace("{n}", "0")
                        .replace("{check}", &check.to_string())
                        .replace("{round}", "1")
                        .replace("{kind}", "theme")
                        .replace("{key}", "intro"),
                );
            }
        }
        let mut published_seen = false;
        for path in &paths {
            let r = anon.get(path);
            let text = if r.bytes.starts_with(b"%PDF") {
                pdf_text(&site.env, &r.bytes)
            } else {
                r.body.clone()
            };
            for m in MARKERS {
                assert!(!text.contains(m), "{m} leaked on {path}");
            }
            if path == "/openbaar/portretten/zorgpioniers" {
                assert_eq!(r.status, 200);
                assert!(text.contains("Zorgpioniers"));
                published_seen = true;
            }
            if path.ends_with("/zorgpioniers/pdf") {
                assert!(text.contains("Zorgpioniers"), "the published PDF: {text}");
            }
        }
        assert!(published_seen);
    }
}

#[test]
fn every_route_of_the_round_by_role_and_by_link() {
    let site = Site::new();
    crate::web::add_user(&site.env, "dirk", "contact", &["atelier-maakkracht"]);
    let rik = site.login("rik");
    let (round, own) = start(&rik, "zorgpioniers");
    let token_page = link(&rik, own);
    let token = token_page.trim_start_matches("/controle/").to_owned();
    let forged = format!("/controle/{}", "0".repeat(64));
    let anon = Client::anonymous(&site.address);
    let clients = [
        ("anoniem", anon.clone()),
        ("lezer", site.login("lia")),
        ("eigen contact", site.login("cas")),
        ("ander contact", site.login("dirk")),
        ("onderzoeker", rik.clone()),
        ("beheerder", site.login("ada")),
    ];
    let r = |s: &str| s.to_owned();
    // Expected status per client, in the order above.
    let matrix: Vec<(String, [u16; 6])> = vec![
        (r("/checks"), [303, 403, 200, 200, 200, 200]),
        (r("/checks/nieuw"), [303, 403, 403, 403, 200, 200]),
        (
            format!("/checks/ronde/{round}"),
            [303, 403, 403, 403, 200, 200],
        ),
        (
            format!("/checks/portret/{own}"),
            [303, 403, 200, 404, 200, 200],
        ),
        (token_page.clone(), [200; 6]),
        (forged.clone(), [404; 6]),
        (r("/api/checks/rounds"), [401, 403, 403, 403, 200, 200]),
        (
            format!("/api/checks/rounds/{round}"),
            [401, 403, 403, 403, 200, 200],
        ),
        (format!("/api/checks/{own}"), [401, 403, 200, 404, 200, 200]),
        (r("/openbaar"), [200; 6]),
        (r("/openbaar/cijfers"), [200; 6]),
        (r("/openbaar/portretten/zorgpioniers"), [404; 6]),
    ];
    for (path, expected) in &matrix {
        for ((who, client), want) in clients.iter().zip(expected) {
            let got = client.get(path).status;
            assert_eq!(got, *want, "GET {path} as {who}");
        }
    }
    // Changes: only the roles that may, everyone else refused before anything happens.
    let changes: Vec<(String, serde_json::Value, [u16; 6])> = vec![
        (
            format!("/api/checks/{own}/verdict"),
            json!({"verdict": "akkoord"}),
            [401, 403, 200, 404, 403, 403],
        ),
        (
            format!("/api/checks/{own}/notes"),
            json!({"kind": "comment", "section": "zorgpioniers-vraagstuk", "body": "x"}),
            [401, 403, 201, 404, 201, 201],
        ),
        (
            format!("/api/checks/{own}/notes"),
            json!({"kind": "reply", "parent": 1, "body": "x"}),
            [401, 403, 403, 404, 201, 201],
        ),
        (
            format!("/api/checks/{own}/links"),
            json!({}),
            [401, 403, 403, 403, 201, 201],
        ),
        (
            r("/api/initiatives/zorgpioniers/publication"),
            json!({"reason": "test"}),
            [401, 403, 403, 403, 200, 200],
        ),
    ];
    for (path, body, expected) in &changes {
        for ((who, client), want) in clients.iter().zip(expected) {
            let got = if *who == "anoniem" {
                request(
                    &site.address,
                    "POST",
                    path,
                    &[("Content-Type", "application/json")],
                    Some(&body.to_string()),
                )
                .status
            } else {
                client.json("POST", path, body).status
            };
            assert_eq!(got, *want, "POST {path} as {who}");
        }
    }
    // The link's token opens nothing else: not the API, not the app's pages.
    let bearer = format!("Bearer {token}");
    for path in [
        "/api/checks/rounds".to_owned(),
        format!("/api/checks/{own}"),
        "/api/me".to_owned(),
    ] {
        let r = request(
            &site.address,
            "GET",
            &path,
            &[("Authorization", &bearer)],
            None,
        );
        assert_eq!(r.status, 401, "{path} with the link's token");
    }
    for path in [
        format!("/checks/portret/{own}"),
        "/".to_owned(),
        "/checks".to_owned(),
    ] {
        let r = request(
            &site.address,
            "GET",
            &path,
            &[("Cookie", &format!("uti_sessie={token}"))],
            None,
        );
        assert_eq!(r.status, 303, "{path} with the link's token as a cookie");
    }
}
