//! Draft sessions (`draft: true`): every role reads them, except an
//! initiative contact, who reads only the drafts of their own initiatives,
//! in every page and API answer that could show them.

use crate::http::Client;
use crate::web::Site;
use serde_json::{Value, json};

fn get_json(client: &Client, path: &str) -> Value {
    let r = client.get(path);
    assert_eq!(r.status, 200, "{path}: {}", r.body);
    serde_json::from_str(&r.body).unwrap()
}

/// Adds a draft session through the API; returns its index.
fn add_draft(rik: &Client, id: &str, session: Value) -> u64 {
    let r = rik.json("POST", &format!("/api/initiatives/{id}/sessions"), &session);
    assert_eq!(r.status, 201, "{}", r.body);
    serde_json::from_str::<Value>(&r.body).unwrap()["index"]
        .as_u64()
        .unwrap()
}

#[test]
fn a_contact_reads_the_drafts_of_their_own_initiative_only() {
    let site = Site::new();
    let rik = site.login("rik");
    let before = get_json(&rik, "/api/analysis");
    let matching = |a: &Value| a["usage"]["matching"]["count"].as_u64().unwrap();
    let theme_uses = |c: &Client| {
        get_json(c, "/api/terms/theme/duurzaam-leren")["chains"]
            .as_u64()
            .unwrap()
    };
    assert_eq!(theme_uses(&rik), 0, "the example leaves this theme unused");

    // A draft of another initiative: a plot that adds matching, a chain
    // with an unused theme, and recognisable notes.
    let other = add_draft(
        &rik,
        "atelier-maakkracht",
        json!({
            "date": "2026-09-01", "kind": "ontwerp-in-actie", "draft": true,
            "notes": "GEHEIME-CONCEPTNOTITIE",
            "cimo": [{"level": "regio", "context": "c", "interventions": ["i"], "themes": ["duurzaam-leren"]}],
            "llo": {"opleiden": 0, "community": 2, "waarderen-certificeren": 0, "matching": 2, "loopbaanbegeleiding": 0}
        }),
    );
    // A draft of the contact's own initiative.
    add_draft(
        &rik,
        "zorgpioniers",
        json!({"date": "2026-09-02", "kind": "afsluitend", "draft": true, "notes": "EIGEN-CONCEPT"}),
    );

    // Researchers and readers read the drafts, marked as such.
    let lia = site.login("lia");
    for client in [&rik, &lia] {
        assert_eq!(
            matching(&get_json(client, "/api/analysis")),
            matching(&before) + 1
        );
        let page = client.get("/initiatieven/atelier-maakkracht");
        assert!(page.body.contains("GEHEIME-CONCEPTNOTITIE"));
        assert!(page.body.contains("concept"));
        assert_eq!(theme_uses(client), 1);
    }

    // The contact of zorgpioniers: its own draft, no one else's.
    let cas = site.login("cas");
    let page = cas.get("/initiatieven/zorgpioniers");
    assert!(page.body.contains("EIGEN-CONCEPT"), "own draft shown");
    for path in [
        "/initiatieven/atelier-maakkracht",
        "/",
        "/analyse",
        "/api/initiatives/atelier-maakkracht",
        "/api/dataset",
        "/api/dataset?format=yaml",
        "/api/terms",
        "/api/terms/theme/duurzaam-leren",
        "/themas/thema/duurzaam-leren",
        "/initiatieven/atelier-maakkracht/vergelijk",
    ] {
        let r = cas.get(path);
        assert_eq!(r.status, 200, "{path}: {}", r.body);
        assert!(
            !r.body.contains("GEHEIME-CONCEPTNOTITIE") && !r.body.contains("2026-09-01"),
            "{path} shows another initiative's draft to a contact"
        );
    }
    assert_eq!(
        matching(&get_json(&cas, "/api/analysis")),
        matching(&before),
        "the contact's analysis leaves the draft out"
    );
    assert_eq!(theme_uses(&cas), 0);
    let theirs = get_json(&cas, "/api/initiatives/atelier-maakkracht");
    let stored = get_json(&rik, "/api/initiatives/atelier-maakkracht");
    let n = stored["initiative"]["sessions"].as_array().unwrap().len();
    assert_eq!(
        theirs["initiative"]["sessions"].as_array().unwrap().len(),
        n - 1
    );
    assert_eq!(theirs["session_versions"].as_array().unwrap().len(), n - 1);
    let list = get_json(&cas, "/api/initiatives");
    let atelier = list
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == "atelier-maakkracht")
        .unwrap();
    assert_eq!(atelier["sessions"].as_u64().unwrap() as usize, n - 1);
    // Their export holds their own draft.
    assert!(cas.get("/api/dataset").body.contains("EIGEN-CONCEPT"));
    // Comparing with the draft's index is not possible for them: for
    // them that session does not exist.
    let r = cas.get(&format!(
        "/api/initiatives/atelier-maakkracht/compare?a=0&b={other}"
    ));
    assert_eq!(r.status, 404, "{}", r.body);
    assert!(!r.body.contains("GEHEIME"));

    // The draft is kept by export and import, and released by saving it
    // without the mark.
    assert!(site.env.export().contains("draft: true"));
    let (session, version) = {
        let s = &stored["initiative"]["sessions"][other as usize];
        (
            s.clone(),
            stored["session_versions"][other as usize].clone(),
        )
    };
    let mut released = session.clone();
    released.as_object_mut().unwrap().remove("draft");
    let r = rik.json(
        "PUT",
        &format!("/api/initiatives/atelier-maakkracht/sessions/{other}"),
        &json!({"version": version, "session": released}),
    );
    assert_eq!(r.status, 200, "{}", r.body);
    let page = cas.get("/initiatieven/atelier-maakkracht").body;
    assert!(
        page.contains("2026-09-01") || page.contains("1 september 2026"),
        "a released session is read by everyone"
    );
    // Its notes (a transcript) stay with the researchers, readers and the
    // initiative's own contacts.
    assert!(!page.contains("GEHEIME-CONCEPTNOTITIE"));
    assert!(
        rik.get("/initiatieven/atelier-maakkracht")
            .body
            .contains("GEHEIME-CONCEPTNOTITIE")
    );
}

#[test]
fn a_draft_mark_must_be_true_or_false() {
    let env = crate::support::Env::sqlite();
    env.write(
        "concept.yaml",
        "format: uti-dataset/1\ninitiatives:\n  - id: a\n    name: A\n    sessions:\n      - date: 2024-01-01\n        kind: afsluitend\n        draft: ja\n",
    );
    let run = env.run(&["import", "concept.yaml"]);
    assert!(!run.success);
    assert!(
        run.stderr.contains(
            "initiatives[0].sessions[0].draft: Hier hoort true of false, maar er staat tekst."
        ),
        "{}",
        run.stderr
    );
    env.write(
        "concept.yaml",
        "format: uti-dataset/1\ninitiatives:\n  - id: a\n    name: A\n    sessions:\n      - date: 2024-01-01\n        kind: afsluitend\n        draft: true\n      - date: 2024-02-01\n        kind: afsluitend\n        draft: false\n",
    );
    env.ok(&["import", "concept.yaml"]);
    let export = env.export();
    assert_eq!(
        export.matches("draft: true").count(),
        1,
        "a draft stays a draft; `false` is the default and left out: {export}"
    );
    assert!(!export.contains("draft: false"));
}

#[test]
fn the_session_editor_marks_and_releases_a_draft() {
    let site = Site::new();
    let rik = site.login("rik");
    let csrf = rik.csrf();
    let page = rik.get("/initiatieven/atelier-maakkracht/sessies/nieuw");
    assert!(
        page.body.contains(r#"name="draft" value="true""#),
        "a draft box"
    );
    let fields = |draft: bool, version: &str| {
        let mut f = vec![
            ("csrf", csrf.as_str()),
            ("date", "2026-10-10"),
            ("kind", "afsluitend"),
            ("version", version),
            ("action", "save"),
        ];
        if draft {
            f.push(("draft", "true"));
        }
        crate::http::form(&f)
    };
    let r = rik.post_form(
        "/initiatieven/atelier-maakkracht/sessies/nieuw",
        &fields(true, "0"),
    );
    assert_eq!(r.status, 303, "{}", r.body);
    let stored = get_json(&rik, "/api/initiatives/atelier-maakkracht");
    let n = stored["initiative"]["sessions"].as_array().unwrap().len() - 1;
    assert_eq!(stored["initiative"]["sessions"][n]["draft"], true);
    let editor = rik.get(&format!("/initiatieven/atelier-maakkracht/sessies/{n}"));
    assert!(
        editor.body.contains(r#"name="draft" value="true" checked"#),
        "the box stays ticked"
    );
    // Saving with the box unticked releases it.
    let r = rik.post_form(
        &format!("/initiatieven/atelier-maakkracht/sessies/{n}"),
        &fields(false, "1"),
    );
    assert_eq!(r.status, 303, "{}", r.body);
    let stored = get_json(&rik, "/api/initiatives/atelier-maakkracht");
    assert!(stored["initiative"]["sessions"][n].get("draft").is_none());
}
