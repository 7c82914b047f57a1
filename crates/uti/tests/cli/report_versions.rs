//! Saved versions of the report: saved by researchers and admins (not by
//! readers), listed on `/rapport` and by the API, downloaded later as the
//! report was, compared; a contact's version has no other initiative's
//! drafts.

use crate::http::form;
use crate::web::Site;
use serde_json::{Value, json};

fn versions(client: &crate::http::Client) -> Vec<Value> {
    let r = client.get("/api/report/versions");
    assert_eq!(r.status, 200, "{}", r.body);
    serde_json::from_str(&r.body).unwrap()
}

#[test]
fn versions_are_saved_listed_downloaded_as_they_were_and_compared() {
    for backend in crate::support::backends() {
        on(backend);
    }
}

fn on(backend: crate::support::Backend) {
    let site = Site::on(backend);
    let rik = site.login("rik");

    // Version 1 from the page's form, with a label.
    let page = rik.get("/rapport");
    assert!(page.body.contains("Opslaan als versie"), "{}", page.body);
    let r = rik.post_form(
        "/rapport/versies",
        &form(&[("csrf", &rik.csrf()), ("label", "EERSTE-VERSIE")]),
    );
    assert_eq!(r.status, 303, "{}", r.body);
    assert!(r.header("location").unwrap().contains("versie=1"));

    // The data changes: a session for one initiative (a draft), a new initiative.
    let r = rik.json(
        "POST",
        "/api/initiatives/atelier-maakkracht/sessions",
        &json!({
            "date": "2026-09-01", "kind": "ontwerp-in-actie", "draft": true,
            "cimo": [{"level": "doelgroep", "context": "c", "interventions": ["i"], "mechanisms": ["GEHEIM-MECHANISME"]}]
        }),
    );
    assert_eq!(r.status, 201, "{}", r.body);
    let r = rik.json(
        "POST",
        "/api/initiatives",
        &json!({"id": "nieuw-leerhuis", "name": "NIEUW-LEERHUIS"}),
    );
    assert_eq!(r.status, 201, "{}", r.body);

    // Version 2 from the API.
    let r = rik.json("POST", "/api/report/versions", &json!({"label": "tweede"}));
    assert_eq!(r.status, 201, "{}", r.body);
    let v2: Value = serde_json::from_str(&r.body).unwrap();
    assert_eq!(v2["number"], 2);

    let list = versions(&rik);
    assert_eq!(list.len(), 2, "{list:?}");
    assert_eq!(list[0]["number"], 1);
    assert_eq!(list[0]["label"], "EERSTE-VERSIE");
    assert_eq!(
        list[1]["initiatives"].as_i64().unwrap(),
        list[0]["initiatives"].as_i64().unwrap() + 1
    );
    assert_eq!(
        list[1]["sessions"].as_i64().unwrap(),
        list[0]["sessions"].as_i64().unwrap() + 1
    );
    let page = rik.get("/rapport");
    assert!(page.body.contains("EERSTE-VERSIE"), "{}", page.body);
    assert!(
        page.body
            .contains("/rapport/versies/1/download?format=html")
    );
    assert!(page.body.contains("/rapport/versies/2/download?format=pdf"));
    assert!(page.body.contains("<caption>"));

    // Version 1 is the report as it was; the live one has the new initiative.
    let old = rik.get("/rapport/versies/1/download?format=html&lang=nl");
    assert_eq!(old.status, 200, "{}", old.body);
    assert!(old.body.contains("Zorgpioniers") || old.body.contains("zorgpioniers"));
    assert!(!old.body.contains("NIEUW-LEERHUIS"));
    assert!(!old.body.contains("GEHEIM-MECHANISME"));
    let live = rik.get("/rapport/download?format=html&lang=nl");
    assert!(live.body.contains("NIEUW-LEERHUIS"));
    let new = rik.get("/api/report/versions/2?format=html");
    assert_eq!(new.status, 200);
    assert!(new.body.contains("NIEUW-LEERHUIS"));
    assert!(new.body.contains("GEHEIM-MECHANISME"));
    for format in ["md", "docx", "pdf"] {
        let r = rik.send(
            "GET",
            &format!("/rapport/versies/1/download?format={format}"),
            &[],
            None,
        );
        assert_eq!(r.status, 200, "{format}");
    }
    assert_eq!(rik.get("/rapport/versies/9/download").status, 404);

    // The comparison lists exactly what changed.
    let r = rik.get("/api/report/versions/compare?a=1&b=2");
    assert_eq!(r.status, 200, "{}", r.body);
    let c: Value = serde_json::from_str(&r.body).unwrap();
    let changes = &c["changes"];
    assert_eq!(
        changes["added"],
        json!([{"id": "nieuw-leerhuis", "name": "NIEUW-LEERHUIS"}])
    );
    assert_eq!(changes["removed"], json!([]));
    assert_eq!(changes["plots_changed"], json!([]));
    let added = changes["sessions_added"].as_array().unwrap();
    assert_eq!(added.len(), 1, "{added:?}");
    assert_eq!(added[0]["initiative"]["id"], "atelier-maakkracht");
    assert_eq!(added[0]["date"], "2026-09-01");
    assert_eq!(added[0]["kind"], "ontwerp-in-actie");
    let page = rik.get("/rapport/versies/vergelijk?a=1&b=2");
    assert_eq!(page.status, 200);
    assert!(page.body.contains("NIEUW-LEERHUIS"));
    assert!(page.body.contains("2026-09-01"));
    assert!(page.body.contains("scope=\"col\""));
    let en = rik.get("/rapport/versies/vergelijk?a=1&b=2&lang=en");
    assert!(en.body.contains("Sessions added"), "{}", en.body);
    assert_eq!(rik.get("/api/report/versions/compare?a=1").status, 400);

    // A reader lists and downloads but may not save.
    let lia = site.login("lia");
    assert_eq!(versions(&lia).len(), 2);
    assert!(!lia.get("/rapport").body.contains("Opslaan als versie"));
    assert_eq!(
        lia.get("/rapport/versies/1/download?format=html").status,
        200
    );
    let r = lia.json("POST", "/api/report/versions", &json!({}));
    assert_eq!(r.status, 403, "{}", r.body);
    let r = lia.post_form(
        "/rapport/versies",
        &form(&[("csrf", &lia.csrf()), ("label", "x")]),
    );
    assert_eq!(r.status, 403, "{}", r.body);
    assert_eq!(versions(&rik).len(), 2);

    // A contact's download and comparison lack another initiative's draft.
    let cas = site.login("cas");
    let theirs = cas.get("/rapport/versies/2/download?format=html");
    assert_eq!(theirs.status, 200);
    assert!(theirs.body.contains("NIEUW-LEERHUIS"));
    assert!(!theirs.body.contains("GEHEIM-MECHANISME"));
    let api = cas.get("/api/report/versions/2?format=html");
    assert!(!api.body.contains("GEHEIM-MECHANISME"));
    let c: Value =
        serde_json::from_str(&cas.get("/api/report/versions/compare?a=1&b=2").body).unwrap();
    assert_eq!(c["changes"]["sessions_added"], json!([]));
    assert_eq!(versions(&cas)[1]["sessions"], list[0]["sessions"]);
    assert_eq!(
        cas.json("POST", "/api/report/versions", &json!({})).status,
        403
    );
}
