//! The history from outside: edits through the web form, the API and an
//! import each leave an entry (who, via what, before and after); the
//! history pages say it in words; a session is restored (itself an entry),
//! a stale restore is refused and changes nothing; readers and contacts
//! are refused; the export has no history, a backup has it and restores
//! it. On both backends.

use crate::editing::{post_session, session_fields, set, stored};
use crate::http::{Client, form};
use crate::support::{Backend, Env, backends};
use crate::web::Site;
use serde_json::{Value, json};

/// The history entries of the database, oldest first, as
/// `actor|via|record|action|initiative`.
fn entries(env: &Env) -> Vec<String> {
    env.sql(
        "SELECT actor, via, record, action, COALESCE(initiative_id, '-') FROM history ORDER BY id",
    )
}

fn json_of(r: &crate::http::Response) -> Value {
    serde_json::from_str(&r.body).unwrap_or_else(|e| panic!("{e}: {}", r.body))
}

/// Changes session 0 of zorgpioniers through the form: 5 participants → 9.
fn edit_in_the_form(rik: &Client) {
    let (initiative, versions) = stored(rik, "zorgpioniers");
    let mut fields = session_fields(&initiative["sessions"][0]);
    set(&mut fields, "participants", "9");
    let version = versions[0].to_string();
    let r = post_session(
        rik,
        "/initiatieven/zorgpioniers/sessies/0",
        &fields,
        &[("version", &version), ("action", "save")],
    );
    assert_eq!(r.status, 303, "{}", r.body);
}

#[test]
fn edits_through_the_form_the_api_and_an_import_are_recorded_and_told_in_words() {
    for backend in backends() {
        let site = Site::on(backend);
        let rik = site.login("rik");
        let at_start = entries(&site.env).len();
        assert!(at_start > 0, "the import of the site is recorded");

        edit_in_the_form(&rik);
        let (mut initiative, _) = stored(&rik, "zorgpioniers");
        let r = rik.get("/api/initiatives/zorgpioniers");
        let version = json_of(&r)["version"].as_i64().unwrap();
        initiative["name"] = json!("Zorgpioniers Nieuwe Naam");
        initiative.as_object_mut().unwrap().remove("sessions");
        let r = rik.json(
            "PUT",
            "/api/initiatives/zorgpioniers",
            &json!({"version": version, "initiative": initiative}),
        );
        assert_eq!(r.status, 200, "{}", r.body);

        // An import through the command line, as the system user.
        let mut dataset: Value = serde_yaml_from_export(&site.env);
        let list = dataset["initiatives"].as_array_mut().unwrap();
        list.retain(|i| i["id"] == "codeschakel");
        list[0]["short_name"] = json!("CS-2");
        // The landscape names the initiatives left out: not in this file.
        for key in ["relations", "agenda", "coalitions"] {
            dataset.as_object_mut().unwrap().remove(key);
        }
        site.env.write("codeschakel.json", dataset.to_string());
        let run = site
            .env
            .cmd(&["import", "--replace", "codeschakel.json"])
            .env("USER", "importeur")
            .output()
            .unwrap();
        assert!(
            run.status.success(),
            "{}",
            String::from_utf8_lossy(&run.stderr)
        );

        let all = entries(&site.env);
        assert_eq!(
            &all[at_start..],
            [
                "rik|web|session|changed|zorgpioniers",
                "rik|api|initiative|changed|zorgpioniers",
                "importeur|import|initiative|replaced|codeschakel",
            ],
            "{backend:?}"
        );
        // Before and after are the records as they were.
        let docs = site.env.sql(
            "SELECT doc_before, doc_after FROM history WHERE record = 'session' AND via = 'web'",
        );
        let (before, after) = docs[0].split_once('|').unwrap();
        let (before, after): (Value, Value) = (
            serde_json::from_str(before).unwrap(),
            serde_json::from_str(after).unwrap(),
        );
        assert_eq!(
            (
                before["participants"].clone(),
                after["participants"].clone()
            ),
            (json!(5), json!(9))
        );

        // The history page tells it in words.
        let page = rik.get("/initiatieven/zorgpioniers/geschiedenis");
        assert_eq!(page.status, 200, "{}", page.body);
        for text in [
            "Aantal deelnemers: 5 → 9",
            "Naam: “Zorgpioniers Voorbeeldregio” → “Zorgpioniers Nieuwe Naam”",
            "<td>rik</td>",
            "<td>website</td>",
            "<td>API</td>",
            "<th scope=\"col\">Wanneer</th>",
            "Sessie van 14 maart 2023 (beoogd ontwerp)",
        ] {
            assert!(
                page.body.contains(text),
                "{backend:?}: {text} in {}",
                page.body
            );
        }
        let page = rik.get("/initiatieven/codeschakel/geschiedenis?lang=en");
        assert!(page.body.contains("<td>importeur</td>"), "{}", page.body);
        assert!(
            page.body.contains("Short name: “CS” → “CS-2”"),
            "{}",
            page.body
        );
        assert!(page.body.contains("replaced"), "{}", page.body);
        // The links lead there.
        assert!(
            rik.get("/initiatieven/zorgpioniers")
                .body
                .contains("/initiatieven/zorgpioniers/geschiedenis")
        );
        assert!(
            rik.get("/initiatieven/zorgpioniers/sessies/0")
                .body
                .contains("/initiatieven/zorgpioniers/sessies/0/geschiedenis")
        );

        // The API: newest first, who, via, before, after and words.
        let r = rik.get("/api/initiatives/zorgpioniers/history?limit=2");
        assert_eq!(r.status, 200, "{}", r.body);
        let h = json_of(&r);
        let newest = &h["entries"][0];
        assert_eq!(newest["actor"], "rik");
        assert_eq!(newest["via"], "api");
        assert_eq!(newest["record"], "initiative");
        assert_eq!(newest["before"]["name"], "Zorgpioniers Voorbeeldregio");
        assert_eq!(newest["after"]["name"], "Zorgpioniers Nieuwe Naam");
        assert_eq!(h["entries"][1]["via"], "web");
        assert_eq!(h["more"], true, "the import's entry is on the next page");
        let last = h["entries"][1]["id"].as_i64().unwrap();
        let r = rik.get(&format!(
            "/api/initiatives/zorgpioniers/history?before={last}"
        ));
        let older = json_of(&r);
        assert_eq!(older["entries"][0]["via"], "import");
        assert_eq!(older["entries"][0]["action"], "created");
        assert!(older["entries"][0]["after"]["sessions"].is_array());
        assert_eq!(
            rik.get("/api/initiatives/zorgpioniers/history?limit=0")
                .status,
            400
        );
        assert_eq!(rik.get("/api/initiatives/bestaat-niet/history").status, 404);
    }
}

/// The export of the environment as JSON.
fn serde_yaml_from_export(env: &Env) -> Value {
    let run = env.ok(&["export", "--format", "json"]);
    serde_json::from_str(&run.stdout).unwrap()
}

#[test]
fn a_session_is_restored_and_a_stale_restore_changes_nothing() {
    for backend in backends() {
        let site = Site::on(backend);
        let rik = site.login("rik");
        edit_in_the_form(&rik);
        let path = "/api/initiatives/zorgpioniers/sessions/0/history";
        let h = json_of(&rik.get(path));
        assert_eq!(h["entries"].as_array().unwrap().len(), 1, "{h}");
        let change = h["entries"][0]["id"].as_i64().unwrap();
        let version = h["version"].as_i64().unwrap();

        // The session page offers the version the history starts from.
        let page = rik.get("/initiatieven/zorgpioniers/sessies/0/geschiedenis");
        assert_eq!(page.status, 200, "{}", page.body);
        assert!(
            page.body.contains("Aantal deelnemers: 5 → 9"),
            "{}",
            page.body
        );
        assert!(page.body.contains("huidige versie"), "{}", page.body);
        assert!(
            page.body.contains("Deze versie terugzetten"),
            "{}",
            page.body
        );

        // A stale restore: 409, nothing changes.
        let restore = format!("{path}/{change}/restore");
        let r = rik.json(
            "POST",
            &restore,
            &json!({"version": version - 1, "state": "before"}),
        );
        assert_eq!(r.status, 409, "{}", r.body);
        assert_eq!(json_of(&r)["error"]["current"]["participants"], 9);
        assert_eq!(
            stored(&rik, "zorgpioniers").0["sessions"][0]["participants"],
            9
        );
        let csrf = rik.csrf();
        let stale_version = (version - 1).to_string();
        let r = rik.post_form(
            &format!("/initiatieven/zorgpioniers/sessies/0/geschiedenis/{change}/terugzetten"),
            &form(&[
                ("csrf", &csrf),
                ("version", &stale_version),
                ("staat", "voor"),
            ]),
        );
        assert_eq!(r.status, 409, "{}", r.body);
        assert!(r.body.contains("Niet teruggezet"), "{}", r.body);
        assert_eq!(
            json_of(&rik.get(path))["entries"].as_array().unwrap().len(),
            1
        );

        // Through the page: the state before the change comes back.
        let version_text = version.to_string();
        let r = rik.post_form(
            &format!("/initiatieven/zorgpioniers/sessies/0/geschiedenis/{change}/terugzetten"),
            &form(&[
                ("csrf", &csrf),
                ("version", &version_text),
                ("staat", "voor"),
            ]),
        );
        assert_eq!(r.status, 303, "{}", r.body);
        assert!(r.header("location").unwrap().contains("melding=teruggezet"));
        let (initiative, versions) = stored(&rik, "zorgpioniers");
        assert_eq!(initiative["sessions"][0]["participants"], 5);
        let h = json_of(&rik.get(path));
        let newest = &h["entries"][0];
        assert_eq!(newest["action"], "restored");
        assert_eq!(newest["actor"], "rik");
        assert_eq!(newest["via"], "web");
        assert_eq!(newest["restored_from"], change);
        assert_eq!(newest["after"]["participants"], 5);
        assert_eq!(h["version"], versions[0]);

        // And back to 9 through the API, "restore this version".
        let r = rik.json(
            "POST",
            &format!("{path}/{change}/restore"),
            &json!({"version": versions[0]}),
        );
        assert_eq!(r.status, 200, "{}", r.body);
        assert_eq!(json_of(&r)["version"], versions[0] + 1);
        assert_eq!(
            stored(&rik, "zorgpioniers").0["sessions"][0]["participants"],
            9
        );
        let page = rik.get("/initiatieven/zorgpioniers/sessies/0/geschiedenis?melding=teruggezet");
        assert!(
            page.body.contains("Teruggezet naar de versie"),
            "{}",
            page.body
        );

        // The history stays with the session when one before it is removed.
        let (_, versions) = stored(&rik, "zorgpioniers");
        let r = rik.send(
            "DELETE",
            &format!(
                "/api/initiatives/zorgpioniers/sessions/0?version={}",
                versions[0]
            ),
            &[("X-CSRF-Token", &csrf)],
            None,
        );
        assert_eq!(r.status, 204, "{}", r.body);
        let h = json_of(&rik.get(path));
        assert!(
            h["entries"]
                .as_array()
                .unwrap()
                .iter()
                .all(|e| e["action"] != "restored"),
            "session 0 is now another session, with its own history: {h}"
        );
        let all = json_of(&rik.get("/api/initiatives/zorgpioniers/history"));
        assert_eq!(all["entries"][0]["action"], "deleted");
        assert_eq!(all["entries"][0]["via"], "api");
        // An entry of another session cannot be restored here.
        let (_, versions) = stored(&rik, "zorgpioniers");
        let r = rik.json(
            "POST",
            &format!("{path}/{change}/restore"),
            &json!({"version": versions[0]}),
        );
        assert_eq!(r.status, 404, "{}", r.body);
    }
}

#[test]
fn readers_and_contacts_are_refused_the_history() {
    let site = Site::on(*backends().last().unwrap());
    for name in ["lia", "cas"] {
        let client = site.login(name);
        for path in [
            "/initiatieven/zorgpioniers/geschiedenis",
            "/initiatieven/zorgpioniers/sessies/0/geschiedenis",
        ] {
            let r = client.get(path);
            assert_eq!(r.status, 403, "{name} {path}");
            assert!(r.body.contains("Uw rol geeft geen toegang"), "{}", r.body);
        }
        for path in [
            "/api/initiatives/zorgpioniers/history",
            "/api/initiatives/zorgpioniers/sessions/0/history",
        ] {
            assert_eq!(client.get(path).status, 403, "{name} {path}");
        }
        let r = client.json(
            "POST",
            "/api/initiatives/zorgpioniers/sessions/0/history/1/restore",
            &json!({"version": 1}),
        );
        assert_eq!(r.status, 403, "{name}");
        let csrf = client.csrf();
        let r = client.post_form(
            "/initiatieven/zorgpioniers/sessies/0/geschiedenis/1/terugzetten",
            &form(&[("csrf", &csrf), ("version", "1")]),
        );
        assert_eq!(r.status, 403, "{name}");
    }
    let anonymous = Client::anonymous(&site.address);
    assert_eq!(
        anonymous
            .get("/api/initiatives/zorgpioniers/history")
            .status,
        401
    );
}

#[test]
fn the_export_has_no_history_and_a_backup_keeps_and_restores_it() {
    for backend in backends() {
        let site = Site::on(backend);
        let rik = site.login("rik");
        edit_in_the_form(&rik);
        let export = site.env.export();
        for word in [
            "history",
            "actor",
            "doc_before",
            "session_uid",
            "restored_from",
        ] {
            assert!(!export.contains(word), "{word} in the export");
        }
        let top: Value = serde_yaml_from_export(&site.env);
        let keys: Vec<&String> = top.as_object().unwrap().keys().collect();
        assert_eq!(
            keys,
            [
                "agenda",
                "challenges",
                "coalitions",
                "format",
                "initiatives",
                "network",
                "organisations",
                "relations",
                "themes"
            ]
        );

        // A dataset backup writes the history beside it.
        let run = site.env.ok(&["backup", "--out", "kopie.yaml"]);
        assert!(run.stderr.contains("kopie.history.json"), "{}", run.stderr);
        assert_eq!(
            std::fs::read_to_string(site.env.path("kopie.yaml")).unwrap(),
            export
        );
        let archive: Value = serde_json::from_str(
            &std::fs::read_to_string(site.env.path("kopie.history.json")).unwrap(),
        )
        .unwrap();
        assert_eq!(archive["format"], "uti-history/1");
        let recorded = entries(&site.env);
        assert_eq!(archive["entries"].as_array().unwrap().len(), recorded.len());
        let again = site.env.run(&["backup", "--out", "kopie.yaml"]);
        assert!(
            !again.success && again.stderr.contains("bestaat al"),
            "{}",
            again.stderr
        );

        // Restored into a new database: the data, the history, and the
        // sessions still find their history.
        let fresh = Env::new(backend);
        let yaml = site.env.path("kopie.yaml");
        let history = site.env.path("kopie.history.json");
        fresh.ok(&[
            "import",
            yaml.to_str().unwrap(),
            "--history",
            history.to_str().unwrap(),
        ]);
        assert_eq!(fresh.export(), export);
        assert_eq!(entries(&fresh), recorded);
        assert_eq!(
            fresh.sql("SELECT uid FROM sessions ORDER BY initiative_id, position"),
            site.env
                .sql("SELECT uid FROM sessions ORDER BY initiative_id, position")
        );
        // Not into a database that has a history of its own.
        let twice = fresh.run(&[
            "import",
            yaml.to_str().unwrap(),
            "--history",
            history.to_str().unwrap(),
        ]);
        assert!(
            !twice.success && twice.stderr.contains("heeft al een geschiedenis"),
            "{}",
            twice.stderr
        );

        if backend == Backend::Sqlite {
            // A database copy holds the history as it is.
            site.env.ok(&["backup", "--out", "kopie.db"]);
            let copy = Env {
                dir: tempfile::tempdir().unwrap(),
                database: site.env.path("kopie.db").display().to_string(),
                backend,
            };
            assert_eq!(entries(&copy), recorded);
        }
    }
}
