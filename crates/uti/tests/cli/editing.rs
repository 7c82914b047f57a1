//! Editing from outside: the session editor and the initiative form as a
//! browser posts them, the API's changes, stale versions refused with
//! what changed, errors beside their field, and who may edit at all.

use crate::http::{Client, Response, form, request};
use crate::support::backends;
use crate::web::Site;
use serde_json::{Value, json};

/// The stored initiative through the API: (document, session versions).
pub fn stored(client: &Client, id: &str) -> (Value, Vec<i64>) {
    let r = client.get(&format!("/api/initiatives/{id}"));
    assert_eq!(r.status, 200, "{}", r.body);
    let v: Value = serde_json::from_str(&r.body).unwrap();
    let versions = v["session_versions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n.as_i64().unwrap())
        .collect();
    (v["initiative"].clone(), versions)
}

/// The form fields of a session as the editor names them.
pub fn session_fields(s: &Value) -> Vec<(String, String)> {
    let mut f = vec![
        ("date".to_owned(), s["date"].as_str().unwrap().to_owned()),
        ("kind".to_owned(), s["kind"].as_str().unwrap().to_owned()),
    ];
    if let Some(n) = s["participants"].as_u64() {
        f.push(("participants".into(), n.to_string()));
    }
    if let Some(n) = s["notes"].as_str() {
        f.push(("notes".into(), n.into()));
    }
    for (i, c) in s["cimo"].as_array().into_iter().flatten().enumerate() {
        let lines = |k: &str| {
            c[k].as_array()
                .map(|a| {
                    a.iter()
                        .map(|x| x.as_str().unwrap())
                        .collect::<Vec<_>>()
                        .join("\n")
                })
                .unwrap_or_default()
        };
        f.push((
            format!("cimo.{i}.level"),
            c["level"].as_str().unwrap().into(),
        ));
        f.push((
            format!("cimo.{i}.context"),
            c["context"].as_str().unwrap().into(),
        ));
        for k in ["interventions", "mechanisms", "outcomes"] {
            f.push((format!("cimo.{i}.{k}"), lines(k)));
        }
        for k in ["themes", "challenges"] {
            for t in c[k].as_array().into_iter().flatten() {
                f.push((format!("cimo.{i}.{k}"), t.as_str().unwrap().into()));
            }
        }
    }
    if let Some(plot) = s["llo"].as_object() {
        for (k, v) in plot {
            f.push((format!("llo.{k}"), v.to_string()));
        }
    }
    for (k, v) in s["llo_notes"].as_object().into_iter().flatten() {
        f.push((format!("llo_notes.{k}"), v.as_str().unwrap().into()));
    }
    if let Some(w) = s["werkplekleren"].as_str() {
        f.push(("werkplekleren".into(), w.into()));
    }
    if let Some(w) = s["werkplekleren_notes"].as_str() {
        f.push(("werkplekleren_notes".into(), w.into()));
    }
    if let Some(lessons) = s["lessons"].as_array() {
        let text: Vec<&str> = lessons.iter().map(|l| l.as_str().unwrap()).collect();
        f.push(("lessons".into(), text.join("\n")));
    }
    f
}

pub fn post_session(
    client: &Client,
    path: &str,
    fields: &[(String, String)],
    extra: &[(&str, &str)],
) -> Response {
    let csrf = client.csrf();
    let mut all: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    all.push(("csrf", &csrf));
    all.extend_from_slice(extra);
    client.post_form(path, &form(&all))
}

pub fn set(fields: &mut Vec<(String, String)>, name: &str, value: &str) {
    fields.retain(|(k, _)| k != name);
    fields.push((name.into(), value.into()));
}

#[test]
fn a_researcher_edits_a_session_in_the_form_and_everyone_sees_it() {
    let site = Site::new();
    let rik = site.login("rik");
    let (initiative, versions) = stored(&rik, "zorgpioniers");
    let session = &initiative["sessions"][0];

    let page = rik.get("/initiatieven/zorgpioniers/sessies/0");
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(
        page.body
            .contains("Leergang zorginnovator (tien bijeenkomsten)")
    );
    assert!(
        page.body.contains(r#"name="version" value="1""#),
        "the form carries the version"
    );

    let mut fields = session_fields(session);
    set(&mut fields, "participants", "9");
    set(&mut fields, "llo.waarderen-certificeren", "2");
    let version = versions[0].to_string();
    let r = post_session(
        &rik,
        "/initiatieven/zorgpioniers/sessies/0",
        &fields,
        &[("version", &version), ("action", "save")],
    );
    assert_eq!(r.status, 303, "{}", r.body);
    assert!(
        r.header("location")
            .unwrap()
            .contains("melding=sessie-opgeslagen")
    );

    let (after, versions_after) = stored(&rik, "zorgpioniers");
    assert_eq!(after["sessions"][0]["participants"], 9);
    assert_eq!(after["sessions"][0]["llo"]["waarderen-certificeren"], 2);
    assert_eq!(versions_after[0], versions[0] + 1);
    // Everything else of the session is as it was.
    let mut expected = session.clone();
    expected["participants"] = json!(9);
    expected["llo"]["waarderen-certificeren"] = json!(2);
    assert_eq!(after["sessions"][0], expected);
    // The export of the command line and a reader's page see the change.
    assert!(site.env.export().contains("participants: 9"));
    let lia = site.login("lia");
    let page = lia.get("/initiatieven/zorgpioniers");
    assert!(page.body.contains("9 deelnemers"), "{}", page.body);
    assert!(
        !page.body.contains("/sessies/0\""),
        "a reader gets no edit links"
    );
}

#[test]
fn a_new_session_with_a_chain_and_a_plot_changes_the_analysis() {
    let site = Site::new();
    let rik = site.login("rik");
    let before: Value = serde_json::from_str(&rik.get("/api/analysis").body).unwrap();
    let (_, versions) = stored(&rik, "atelier-maakkracht");

    // The editor offers a fresh form; "add a chain" redraws it without storing.
    let page = rik.get("/initiatieven/atelier-maakkracht/sessies/nieuw");
    assert_eq!(page.status, 200, "{}", page.body);
    let mut fields: Vec<(String, String)> = vec![
        ("date".into(), "2026-10-01".into()),
        ("kind".into(), "ontwerp-in-actie".into()),
    ];
    let redrawn = post_session(
        &rik,
        "/initiatieven/atelier-maakkracht/sessies/nieuw",
        &fields,
        &[("action", "add-chain"), ("version", "0")],
    );
    assert_eq!(redrawn.status, 200, "{}", redrawn.body);
    assert!(redrawn.body.contains(r#"name="cimo.0.context""#));
    assert_eq!(
        stored(&rik, "atelier-maakkracht").1,
        versions,
        "nothing stored by redrawing"
    );

    fields.extend([
        ("cimo.0.level".into(), "werkgevers".into()),
        (
            "cimo.0.context".into(),
            "Werkgevers kennen het atelier niet.".into(),
        ),
        (
            "cimo.0.interventions".into(),
            "Open atelierdag\n\nBedrijfsbezoeken".into(),
        ),
        ("cimo.0.themes".into(), "samenwerking".into()),
    ]);
    for (t, v) in [
        ("opleiden", "2"),
        ("community", "2"),
        ("waarderen-certificeren", "0"),
        ("matching", "2"),
        ("loopbaanbegeleiding", "0"),
    ] {
        fields.push((format!("llo.{t}"), v.into()));
    }
    let r = post_session(
        &rik,
        "/initiatieven/atelier-maakkracht/sessies/nieuw",
        &fields,
        &[("action", "save"), ("version", "0")],
    );
    assert_eq!(r.status, 303, "{}", r.body);
    let (after, versions_after) = stored(&rik, "atelier-maakkracht");
    assert_eq!(versions_after.len(), versions.len() + 1);
    let new = after["sessions"].as_array().unwrap().last().unwrap();
    assert_eq!(
        new["cimo"][0]["interventions"],
        json!(["Open atelierdag", "Bedrijfsbezoeken"]),
        "empty lines dropped"
    );
    assert_eq!(new["cimo"][0]["themes"], json!(["samenwerking"]));

    // The analysis (cached per revision) follows: matching is used by one more initiative.
    let now: Value = serde_json::from_str(&rik.get("/api/analysis").body).unwrap();
    let used = |a: &Value| a["usage"]["matching"]["count"].as_u64().unwrap();
    assert_eq!(used(&now), used(&before) + 1, "{now}");
}

#[test]
fn errors_appear_beside_their_field_and_nothing_is_stored() {
    let site = Site::new();
    let rik = site.login("rik");
    let export = site.env.export();
    let fields: Vec<(String, String)> = vec![
        ("date".into(), "2024-02-30".into()),
        ("kind".into(), "beoogd-ontwerp".into()),
        ("participants".into(), "vijf".into()),
        ("cimo.0.level".into(), "doelgroep".into()),
        ("cimo.0.context".into(), "Een context".into()),
        ("cimo.0.interventions".into(), "  \n ".into()),
        ("llo.opleiden".into(), "1".into()),
    ];
    let r = post_session(
        &rik,
        "/initiatieven/zorgpioniers/sessies/nieuw",
        &fields,
        &[("action", "save"), ("version", "0")],
    );
    assert_eq!(r.status, 200, "{}", r.body);
    let body = &r.body;
    assert!(body.contains("Er is niets opgeslagen"), "{body}");
    assert!(
        body.contains("De datum ‘2024-02-30’ bestaat niet; kijk de dag en de maand na."),
        "{body}"
    );
    assert!(
        body.contains("Vul ten minste één interventie in."),
        "{body}"
    );
    assert!(
        body.contains("Kies een score (0, 1 of 2), of laat de hele plot leeg."),
        "{body}"
    );
    assert!(
        body.contains("Vul een aantal in, bijvoorbeeld 6."),
        "{body}"
    );
    let summary = body
        .split("class=\"error-summary\"")
        .nth(1)
        .and_then(|r| r.split("</div>").next())
        .expect("an error summary");
    assert!(
        !summary.contains('`'),
        "no backticks in the messages: {summary}"
    );
    // Each error sits with its field: the input points at its message.
    for field in [
        "f-date",
        "f-participants",
        "f-cimo-0-interventions",
        "f-llo-community",
    ] {
        assert!(
            body.contains(&format!(r#"id="{field}-fout""#)),
            "no error beside {field}"
        );
        assert!(
            body.contains(&format!("aria-describedby=\"{field}-fout\""))
                || body.contains(&format!("{field}-hint {field}-fout")),
            "{field} not tied to its error"
        );
    }
    // The summary links to the fields, and the input is kept.
    assert!(body.contains(r##"href="#f-date""##));
    assert!(body.contains(r#"value="vijf""#));
    assert_eq!(site.env.export(), export, "nothing stored");
}

#[test]
fn a_stale_save_is_refused_with_what_changed_and_the_input_kept() {
    for backend in backends() {
        let site = Site::on(backend);
        let rik = site.login("rik");
        let ada = site.login("ada");
        let (initiative, versions) = stored(&rik, "zorgpioniers");
        let session = &initiative["sessions"][1];
        let version = versions[1].to_string();

        // Ada saves first.
        let mut hers = session_fields(session);
        set(&mut hers, "participants", "12");
        set(&mut hers, "werkplekleren", "waardeert");
        let r = post_session(
            &ada,
            "/initiatieven/zorgpioniers/sessies/1",
            &hers,
            &[("version", &version), ("action", "save")],
        );
        assert_eq!(r.status, 303, "{backend:?}: {}", r.body);
        let after_ada = site.env.export();

        // Rik saves on the version he loaded: refused, told what Ada changed.
        let mut his = session_fields(session);
        set(&mut his, "notes", "Notitie van Rik");
        let base = serde_json::to_string(session).unwrap();
        let r = post_session(
            &rik,
            "/initiatieven/zorgpioniers/sessies/1",
            &his,
            &[("version", &version), ("base", &base), ("action", "save")],
        );
        assert_eq!(r.status, 200, "{}", r.body);
        assert!(
            r.body
                .contains("Niet opgeslagen: iemand anders heeft deze sessie intussen gewijzigd"),
            "{}",
            r.body
        );
        assert!(
            r.body.contains("6 → 12"),
            "participants change shown: {}",
            r.body
        );
        assert!(
            r.body.contains("Werkplekleren: zet-in → waardeert"),
            "workplace change shown: {}",
            r.body
        );
        assert!(r.body.contains("Notitie van Rik"), "his input is kept");
        assert_eq!(
            site.env.export(),
            after_ada,
            "{backend:?}: nothing overwritten"
        );
        let new_version = (versions[1] + 1).to_string();
        assert!(
            r.body
                .contains(&format!(r#"name="version" value="{new_version}""#))
        );

        // Having seen it, he saves again on the new version: stored.
        let r = post_session(
            &rik,
            "/initiatieven/zorgpioniers/sessies/1",
            &his,
            &[("version", &new_version), ("action", "save")],
        );
        assert_eq!(r.status, 303, "{}", r.body);
        let (now, _) = stored(&rik, "zorgpioniers");
        assert_eq!(now["sessions"][1]["notes"], "Notitie van Rik");
    }
}

#[test]
fn the_api_edits_with_versions_and_lists_broken_rules_by_place() {
    for backend in backends() {
        let site = Site::on(backend);
        let rik = site.login("rik");
        let (initiative, versions) = stored(&rik, "zorgpioniers");
        let mut session = initiative["sessions"][0].clone();
        session["participants"] = json!(7);
        let path = "/api/initiatives/zorgpioniers/sessions/0";
        let r = rik.json(
            "PUT",
            path,
            &json!({"version": versions[0], "session": session}),
        );
        assert_eq!(r.status, 200, "{}", r.body);
        let saved: Value = serde_json::from_str(&r.body).unwrap();
        assert_eq!(saved["version"], versions[0] + 1);

        // The same version again is stale: 409 with what is stored and the differences.
        session["participants"] = json!(8);
        let r = rik.json(
            "PUT",
            path,
            &json!({"version": versions[0], "session": session}),
        );
        assert_eq!(r.status, 409, "{}", r.body);
        let conflict: Value = serde_json::from_str(&r.body).unwrap();
        assert_eq!(conflict["error"]["current"]["participants"], 7);
        assert_eq!(conflict["error"]["version"], versions[0] + 1);
        assert!(
            !conflict["error"]["differs_from_yours"]
                .as_array()
                .unwrap()
                .is_empty()
        );

        // A body that is not JSON is refused in words, changing nothing.
        let r = rik.send(
            "PUT",
            path,
            &[
                ("Content-Type", "application/json"),
                ("X-CSRF-Token", &rik.csrf()),
            ],
            Some("{version: 1"),
        );
        assert_eq!(r.status, 400, "{}", r.body);
        assert!(
            r.body.contains("De inhoud is geen geldige JSON"),
            "{}",
            r.body
        );
        let r = rik.json("PUT", path, &json!({"session": session}));
        assert_eq!(r.status, 400, "{}", r.body);
        assert!(
            r.body.contains("verplicht veld ‘version’ ontbreekt"),
            "{}",
            r.body
        );

        // Broken rules come back with their places; nothing changes.
        let export = site.env.export();
        let bad = json!({"date": "2024-13-01", "kind": "workshop", "cimo": [{"level": "doelgroep", "context": "x", "interventions": []}], "llo": {"opleiden": 3}});
        let r = rik.json("POST", "/api/initiatives/zorgpioniers/sessions", &bad);
        assert_eq!(r.status, 400, "{}", r.body);
        let errors: Value = serde_json::from_str(&r.body).unwrap();
        let places: Vec<&str> = errors["error"]["errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["place"].as_str().unwrap())
            .collect();
        for place in ["date", "kind", "cimo[0].interventions", "llo"] {
            assert!(
                places.iter().any(|p| p.starts_with(place)),
                "{place} not in {places:?}"
            );
        }
        assert_eq!(site.env.export(), export);

        // A new initiative, then a session for it; then remove the first of two.
        let r = rik.json(
            "POST",
            "/api/initiatives",
            &json!({"id": "nieuw-leerhuis", "name": "Nieuw Leerhuis"}),
        );
        assert_eq!(r.status, 201, "{}", r.body);
        let r = rik.json(
            "POST",
            "/api/initiatives",
            &json!({"id": "nieuw-leerhuis", "name": "Nog eens"}),
        );
        assert_eq!(r.status, 409, "{}", r.body);
        for date in ["2025-01-10", "2025-06-10"] {
            let r = rik.json(
                "POST",
                "/api/initiatives/nieuw-leerhuis/sessions",
                &json!({"date": date, "kind": "beoogd-ontwerp"}),
            );
            assert_eq!(r.status, 201, "{}", r.body);
        }
        let r = rik.send(
            "DELETE",
            "/api/initiatives/nieuw-leerhuis/sessions/0?version=1",
            &[("X-CSRF-Token", &rik.csrf())],
            None,
        );
        assert_eq!(r.status, 204, "{}", r.body);
        let (now, versions) = stored(&rik, "nieuw-leerhuis");
        assert_eq!(now["sessions"].as_array().unwrap().len(), 1);
        assert_eq!(
            now["sessions"][0]["date"], "2025-06-10",
            "the later session moved up"
        );
        assert_eq!(versions, vec![1]);
        // Its own fields, guarded by its version.
        let r = rik.json("PUT", "/api/initiatives/nieuw-leerhuis", &json!({"version": 1, "initiative": {"name": "Nieuw Leerhuis Noord", "sectors": ["techniek"]}}));
        assert_eq!(r.status, 200, "{}", r.body);
        let r = rik.json(
            "PUT",
            "/api/initiatives/nieuw-leerhuis",
            &json!({"version": 1, "initiative": {"name": "Oud"}}),
        );
        assert_eq!(r.status, 409, "{}", r.body);
        assert!(site.env.export().contains("Nieuw Leerhuis Noord"));
    }
}

#[test]
fn an_initiative_is_created_and_edited_in_the_browser_form() {
    let site = Site::new();
    let rik = site.login("rik");
    assert_eq!(rik.get("/initiatieven/nieuw").status, 200);
    let csrf = rik.csrf();
    // A bad id and a missing name are shown beside their fields.
    let r = rik.post_form(
        "/initiatieven/nieuw",
        &form(&[
            ("csrf", &csrf),
            ("id", "Leer Huis"),
            ("name", ""),
            ("action", "save"),
        ]),
    );
    assert_eq!(r.status, 200);
    assert!(
        r.body.contains(r#"id="f-id-fout""#) && r.body.contains("‘Leer Huis’ kan geen id zijn"),
        "{}",
        r.body
    );
    assert!(r.body.contains(r#"id="f-name-fout""#), "{}", r.body);
    assert!(r.body.contains("Vul een naam in."), "{}", r.body);
    // A taken id is refused beside the id.
    let r = rik.post_form(
        "/initiatieven/nieuw",
        &form(&[
            ("csrf", &csrf),
            ("id", "zorgpioniers"),
            ("name", "Dubbel"),
            ("action", "save"),
        ]),
    );
    assert_eq!(r.status, 200);
    assert!(
        r.body
            .contains("Er is al een initiatief met de id ‘zorgpioniers’; kies een andere."),
        "{}",
        r.body
    );

    let r = rik.post_form(
        "/initiatieven/nieuw",
        &form(&[
            ("csrf", &csrf),
            ("id", "leerhuis-noord"),
            ("name", "Leerhuis <b>Noord</b>"),
            ("sectors", "techniek\nlogistiek"),
            ("partners.0.name", "Bouwbedrijf Noord"),
            ("partners.0.kind", "werkgever"),
            ("partners.1.name", ""),
            ("partners.1.kind", "overig"),
            ("action", "save"),
        ]),
    );
    assert_eq!(r.status, 303, "{}", r.body);
    assert_eq!(
        r.header("location"),
        Some("/initiatieven/leerhuis-noord?melding=initiatief-aangemaakt")
    );
    let page = rik.get(r.header("location").unwrap());
    assert!(
        page.body.contains("Leerhuis &lt;b&gt;Noord&lt;/b&gt;"),
        "markup shown as text"
    );
    assert!(page.body.contains("Het initiatief is aangemaakt"));
    let (stored_one, _) = stored(&rik, "leerhuis-noord");
    assert_eq!(stored_one["sectors"], json!(["techniek", "logistiek"]));
    assert_eq!(
        stored_one["partners"],
        json!([{"name": "Bouwbedrijf Noord", "kind": "werkgever", "organisation": "bouwbedrijf-noord"}]),
        "a partner becomes an organisation"
    );

    // Editing keeps the id, refuses a stale version and shows what is stored.
    let edit = rik.get("/initiatieven/leerhuis-noord/bewerken");
    assert!(edit.body.contains(r#"name="version" value="1""#));
    let r = rik.post_form(
        "/initiatieven/leerhuis-noord/bewerken",
        &form(&[
            ("csrf", &csrf),
            ("version", "1"),
            ("name", "Leerhuis Noord"),
            ("action", "save"),
        ]),
    );
    assert_eq!(r.status, 303, "{}", r.body);
    let r = rik.post_form(
        "/initiatieven/leerhuis-noord/bewerken",
        &form(&[
            ("csrf", &csrf),
            ("version", "1"),
            ("name", "Leerhuis Zuid"),
            ("action", "save"),
        ]),
    );
    assert_eq!(r.status, 200);
    assert!(
        r.body
            .contains("Niet opgeslagen: iemand anders heeft dit initiatief intussen gewijzigd"),
        "{}",
        r.body
    );
    assert!(r.body.contains("Leerhuis Zuid"), "input kept");
    assert_eq!(stored(&rik, "leerhuis-noord").0["name"], "Leerhuis Noord");
}

#[test]
fn only_researchers_and_admins_may_edit() {
    let site = Site::new();
    let export = site.env.export();
    let pages = [
        "/initiatieven/nieuw",
        "/initiatieven/zorgpioniers/bewerken",
        "/initiatieven/zorgpioniers/sessies/nieuw",
        "/initiatieven/zorgpioniers/sessies/0",
    ];
    for name in ["cas", "lia"] {
        let client = site.login(name);
        let csrf = client.csrf();
        for page in pages {
            assert_eq!(client.get(page).status, 403, "{name} GET {page}");
            let r = client.post_form(
                page,
                &form(&[
                    ("csrf", &csrf),
                    ("version", "1"),
                    ("id", "x"),
                    ("name", "x"),
                    ("date", "2025-01-01"),
                    ("kind", "afsluitend"),
                    ("action", "save"),
                ]),
            );
            assert_eq!(r.status, 403, "{name} POST {page}");
            assert!(r.body.contains("Uw rol geeft geen toegang"), "{}", r.body);
        }
        let r = client.post_form(
            "/initiatieven/zorgpioniers/sessies/0/verwijderen",
            &form(&[("csrf", &csrf), ("version", "1"), ("confirm", "ja")]),
        );
        assert_eq!(r.status, 403);
        for (method, path) in [
            ("POST", "/api/initiatives"),
            ("PUT", "/api/initiatives/zorgpioniers"),
            ("POST", "/api/initiatives/zorgpioniers/sessions"),
            ("PUT", "/api/initiatives/zorgpioniers/sessions/0"),
            (
                "DELETE",
                "/api/initiatives/zorgpioniers/sessions/0?version=1",
            ),
        ] {
            let r = client.json(method, path, &json!({"version": 1, "session": {"date": "2025-01-01", "kind": "afsluitend"}, "id": "x", "name": "x"}));
            assert_eq!(r.status, 403, "{name} {method} {path}: {}", r.body);
        }
        // The initiative page offers them no edit buttons.
        let page = client.get("/initiatieven/zorgpioniers");
        assert!(!page.body.contains("Sessie toevoegen"));
    }
    // Not logged in: the page sends to the login, the API says 401.
    let anonymous = Client::anonymous(&site.address);
    assert_eq!(
        anonymous.get("/initiatieven/zorgpioniers/sessies/0").status,
        303
    );
    let r = request(
        &site.address,
        "PUT",
        "/api/initiatives/zorgpioniers/sessions/0",
        &[("Content-Type", "application/json")],
        Some("{}"),
    );
    assert_eq!(r.status, 401);
    // A researcher without the CSRF token is refused too.
    let rik = site.login("rik");
    let r = rik.post_form(
        "/initiatieven/zorgpioniers/sessies/0",
        &form(&[
            ("version", "1"),
            ("date", "2025-01-01"),
            ("kind", "afsluitend"),
            ("action", "save"),
        ]),
    );
    assert_eq!(r.status, 403);
    let r = rik.send(
        "PUT",
        "/api/initiatives/zorgpioniers/sessions/0",
        &[("Content-Type", "application/json")],
        Some(r#"{"version":1,"session":{"date":"2025-01-01","kind":"afsluitend"}}"#),
    );
    assert_eq!(r.status, 403);
    assert_eq!(site.env.export(), export, "nothing changed");
}

#[test]
fn removing_a_session_needs_confirmation_and_a_current_version() {
    let site = Site::on(*backends().last().unwrap());
    let rik = site.login("rik");
    let csrf = rik.csrf();
    let (before, versions) = stored(&rik, "zorgpioniers");
    let n = versions.len();
    let r = rik.post_form(
        "/initiatieven/zorgpioniers/sessies/0/verwijderen",
        &form(&[("csrf", &csrf), ("version", &versions[0].to_string())]),
    );
    assert_eq!(r.status, 400, "no confirmation");
    let r = rik.post_form(
        "/initiatieven/zorgpioniers/sessies/0/verwijderen",
        &form(&[("csrf", &csrf), ("version", "99"), ("confirm", "ja")]),
    );
    assert_eq!(r.status, 409, "stale");
    let r = rik.post_form(
        "/initiatieven/zorgpioniers/sessies/0/verwijderen",
        &form(&[
            ("csrf", &csrf),
            ("version", &versions[0].to_string()),
            ("confirm", "ja"),
        ]),
    );
    assert_eq!(r.status, 303, "{}", r.body);
    let (after, _) = stored(&rik, "zorgpioniers");
    assert_eq!(after["sessions"].as_array().unwrap().len(), n - 1);
    assert_eq!(after["sessions"][0], before["sessions"][1]);
    // Unknown sessions and initiatives are 404s, in the page and the API.
    assert_eq!(rik.get("/initiatieven/zorgpioniers/sessies/99").status, 404);
    assert_eq!(
        rik.get("/initiatieven/zorgpioniers/sessies/abc").status,
        404
    );
    assert_eq!(
        rik.get("/initiatieven/bestaat-niet/sessies/nieuw").status,
        404
    );
    assert_eq!(
        rik.json(
            "PUT",
            "/api/initiatives/bestaat-niet/sessions/0",
            &json!({"version": 1, "session": {"date": "2025-01-01", "kind": "afsluitend"}})
        )
        .status,
        404
    );
}
