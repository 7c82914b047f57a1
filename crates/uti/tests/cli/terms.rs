//! Themes and challenges from outside: the lists and where each term is
//! used (checked against the data), creating, editing with versions,
//! merging two into one, deleting an unused one, who may change them, bad
//! input refused in Dutch beside its field, and HTML shown as text; in the
//! pages and in the API, on SQLite and (where available) PostgreSQL.

use crate::http::{Client, Response, form, request};
use crate::support::{Backend, backends};
use crate::web::Site;
use serde_json::{Value, json};

fn post(client: &Client, path: &str, fields: &[(&str, &str)]) -> Response {
    client.post_fields(path, fields)
}

fn export(site: &Site) -> Value {
    site.export_json()
}

fn list<'a>(dataset: &'a Value, key: &str) -> &'a [Value] {
    dataset[key].as_array().map_or(&[], Vec::as_slice)
}

/// Every chain of the dataset as (initiative id, chain).
fn chains(dataset: &Value) -> Vec<(String, Value)> {
    let mut out = Vec::new();
    for i in list(dataset, "initiatives") {
        for s in list(i, "sessions") {
            for c in list(s, "cimo") {
                out.push((i["id"].as_str().unwrap().to_owned(), c.clone()));
            }
        }
    }
    out
}

/// (number of chains, initiative ids in order) naming `id` in list `key`
/// (`themes` or `challenges`), computed from the data.
fn usage(dataset: &Value, key: &str, id: &str) -> (usize, Vec<String>) {
    let mut n = 0;
    let mut initiatives: Vec<String> = Vec::new();
    for (initiative, chain) in chains(dataset) {
        if list(&chain, key).iter().any(|x| x == id) {
            n += 1;
            if !initiatives.contains(&initiative) {
                initiatives.push(initiative);
            }
        }
    }
    (n, initiatives)
}

fn parse(r: &Response) -> Value {
    serde_json::from_str(&r.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", r.body))
}

/// The API's entry for a term.
fn api_term(client: &Client, kind: &str, id: &str) -> Value {
    let r = client.get(&format!("/api/terms/{kind}/{id}"));
    assert_eq!(r.status, 200, "{}", r.body);
    parse(&r)
}

#[test]
fn the_lists_show_every_term_with_its_usage_as_the_data_has_it() {
    let site = Site::new();
    let data = export(&site);
    let lia = site.login("lia");
    let api = parse(&lia.get("/api/terms"));
    let page = lia.get("/themas");
    assert_eq!(page.status, 200);
    assert!(page.body.contains("<h2 id=\"themas\">Thema's</h2>"));
    assert!(page.body.contains("Gedeelde uitdagingen"));
    assert!(
        page.body.contains("href=\"/themas\" aria-current=\"page\""),
        "nav entry"
    );
    for key in ["themes", "challenges"] {
        let terms = list(&data, key);
        assert!(!terms.is_empty(), "the example network has {key}");
        let listed = api[key].as_array().unwrap();
        let ids: Vec<&Value> = listed.iter().map(|t| &t["term"]["id"]).collect();
        let expected: Vec<&Value> = terms.iter().map(|t| &t["id"]).collect();
        assert_eq!(ids, expected, "{key} in their stored order");
        let url_kind = if key == "themes" {
            "thema"
        } else {
            "uitdaging"
        };
        for (entry, term) in listed.iter().zip(terms) {
            let id = term["id"].as_str().unwrap();
            let (n, initiatives) = usage(&data, key, id);
            assert_eq!(entry["term"], *term, "{id}");
            assert_eq!(entry["version"], 1, "{id}");
            assert_eq!(entry["chains"], n, "{id}");
            let listed_ids: Vec<&str> = entry["initiatives"]
                .as_array()
                .unwrap()
                .iter()
                .map(|i| i["id"].as_str().unwrap())
                .collect();
            assert_eq!(listed_ids, initiatives, "{id}");
            // The page: a row with a link, the id and both counts.
            let link = format!("<a href=\"/themas/{url_kind}/{id}\">");
            let row = page
                .body
                .split("<tr>")
                .find(|r| r.contains(&link))
                .unwrap_or_else(|| panic!("no row for {id}"));
            assert!(
                row.contains(&format!(
                    "<td class=\"num\">{n}</td><td class=\"num\">{}</td>",
                    initiatives.len()
                )),
                "{id}: {row}"
            );
            // The term's page: every chain with its initiative, linked.
            let detail = lia.get(&format!("/themas/{url_kind}/{id}"));
            assert_eq!(detail.status, 200, "{id}");
            let rows = detail.body.matches("<td><a href=\"/initiatieven/").count();
            assert_eq!(rows, n, "{id}: one row per chain");
            for i in &initiatives {
                assert!(
                    detail.body.contains(&format!("href=\"/initiatieven/{i}\"")),
                    "{id}: {i}"
                );
            }
            if n == 0 {
                assert!(
                    detail.body.contains("Geen enkele redeneerketen noemt"),
                    "{id}"
                );
            }
        }
    }
    // The example network has an unused theme (duurzaam-leren).
    assert!(
        api["themes"]
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t["chains"] == 0)
    );
    // English through the language mechanism.
    let en = lia.get("/themas?lang=en");
    assert!(en.body.contains("Shared challenges") && en.body.contains("lang=\"en\""));
    let detail = lia.get("/themas/thema/samenwerking?lang=en");
    assert!(detail.body.contains("Where it is used"), "{}", detail.body);
    // Unknown kinds and ids.
    for path in ["/themas/thema/bestaat-niet", "/themas/iets/samenwerking"] {
        let r = lia.get(path);
        assert_eq!(r.status, 404, "{path}");
        assert!(r.body.contains("Niet gevonden"));
    }
    assert_eq!(lia.get("/api/terms/theme/bestaat-niet").status, 404);
    assert_eq!(lia.get("/api/terms/iets/samenwerking").status, 404);
}

#[test]
fn an_empty_dataset_shows_a_useful_empty_state() {
    let env = crate::support::Env::sqlite();
    env.write("leeg.yaml", "format: uti-dataset/1\n");
    env.ok(&["import", "leeg.yaml"]);
    crate::web::add_user(&env, "rik", "researcher", &[]);
    crate::web::add_user(&env, "lia", "reader", &[]);
    let (mut server, address) = crate::support::serve(&env, &[]);
    let rik = Client::login(&address, "rik", "wachtwoord-van-rik");
    let page = rik.get("/themas");
    assert_eq!(page.status, 200);
    assert!(
        page.body.contains("Er zijn nog geen thema's."),
        "{}",
        page.body
    );
    assert!(page.body.contains("Er zijn nog geen gedeelde uitdagingen."));
    assert!(page.body.contains("Voeg er hieronder een toe"));
    let lia = Client::login(&address, "lia", "wachtwoord-van-lia");
    let page = lia.get("/themas");
    assert!(
        page.body
            .contains("Een onderzoeker of beheerder kan ze toevoegen.")
    );
    assert!(!page.body.contains("<form method=\"post\" action=\"/themas"));
    server.kill().unwrap();
    server.wait().unwrap();
}

#[test]
fn a_researcher_creates_a_theme_in_the_form_and_it_is_stored_and_exported() {
    let site = Site::new();
    let rik = site.login("rik");
    let page = rik.get("/themas");
    for form_start in [
        "<form method=\"post\" action=\"/themas/thema\">",
        "<form method=\"post\" action=\"/themas/uitdaging\">",
    ] {
        assert!(page.body.contains(form_start), "no {form_start}");
    }
    assert!(page.body.contains("Nieuw thema") && page.body.contains("Nieuwe uitdaging"));
    let r = post(
        &rik,
        "/themas/thema",
        &[
            ("id", "leren-op-de-werkplek"),
            ("name", " Leren op de werkplek "),
            ("description", "Leren tijdens het werk."),
            ("sources", "Eraut, 2004\n\n  Billett, 2001  \n"),
        ],
    );
    assert_eq!(r.status, 303, "{}", r.body);
    let location = r.header("location").unwrap();
    assert_eq!(
        location,
        "/themas/thema/leren-op-de-werkplek?melding=aangemaakt"
    );
    let shown = rik.get(location);
    assert_eq!(shown.status, 200);
    assert!(shown.body.contains("role=\"status\""), "a status message");
    assert!(shown.body.contains("Het thema is aangemaakt."));
    assert!(shown.body.contains("<h1>Leren op de werkplek</h1>"));
    let data = export(&site);
    let theme = list(&data, "themes").last().unwrap().clone();
    assert_eq!(
        theme,
        json!({"id": "leren-op-de-werkplek", "name": "Leren op de werkplek", "description": "Leren tijdens het werk.", "sources": ["Eraut, 2004", "Billett, 2001"]})
    );
    // A challenge through the API (an admin this time): 201 with the stored term.
    let ada = site.login("ada");
    let r = ada.json(
        "POST",
        "/api/terms/challenge",
        &json!({"id": "tijdgebrek", "name": "Tijdgebrek bij werkenden"}),
    );
    assert_eq!(r.status, 201, "{}", r.body);
    assert_eq!(
        r.header("location"),
        Some("/api/terms/challenge/tijdgebrek")
    );
    let created = parse(&r);
    assert_eq!(created["version"], 1);
    assert_eq!(created["chains"], 0);
    let data = export(&site);
    assert_eq!(
        list(&data, "challenges").last().unwrap(),
        &json!({"id": "tijdgebrek", "name": "Tijdgebrek bij werkenden"})
    );
    // The export still imports cleanly (the new terms keep to the format).
    let again = crate::support::Env::sqlite();
    again.write("d.json", data.to_string());
    again.ok(&["import", "d.json"]);
}

#[test]
fn an_edit_is_saved_and_a_stale_edit_is_refused_with_409_and_nothing_changed() {
    let site = Site::new();
    let rik = site.login("rik");
    let before = api_term(&rik, "theme", "samenwerking");
    assert_eq!(before["version"], 1);
    let page = rik.get("/themas/thema/samenwerking");
    assert!(
        page.body
            .contains("<input type=\"hidden\" name=\"version\" value=\"1\">")
    );
    let r = post(
        &rik,
        "/themas/thema/samenwerking",
        &[
            ("version", "1"),
            ("name", "Samenwerking in de regio"),
            ("description", "Nieuwe omschrijving."),
            ("sources", "Wenger, 1998"),
        ],
    );
    assert_eq!(r.status, 303, "{}", r.body);
    assert_eq!(
        r.header("location"),
        Some("/themas/thema/samenwerking?melding=opgeslagen")
    );
    assert!(
        rik.get("/themas/thema/samenwerking?melding=opgeslagen")
            .body
            .contains("De wijzigingen zijn opgeslagen.")
    );
    let after = api_term(&rik, "theme", "samenwerking");
    assert_eq!(after["version"], 2);
    assert_eq!(
        after["term"],
        json!({"id": "samenwerking", "name": "Samenwerking in de regio", "description": "Nieuwe omschrijving.", "sources": ["Wenger, 1998"]})
    );
    assert_eq!(after["chains"], before["chains"], "usage is untouched");
    let saved = export(&site);

    // Someone else, still at version 1: refused, told what is stored now,
    // with their input kept in the form.
    let ada = site.login("ada");
    let r = post(
        &ada,
        "/themas/thema/samenwerking",
        &[
            ("version", "1"),
            ("name", "Samenwerken"),
            ("description", "Ada's tekst"),
            ("sources", ""),
        ],
    );
    assert_eq!(r.status, 409, "{}", r.body);
    assert!(
        r.body
            .contains("Iemand anders heeft dit intussen gewijzigd")
    );
    assert!(r.body.contains("Nu opgeslagen (versie 2)"), "{}", r.body);
    assert!(r.body.contains("<dd>Samenwerking in de regio</dd>"));
    assert!(
        r.body.contains("value=\"Samenwerken\""),
        "the input is kept"
    );
    assert!(r.body.contains("Ada&#39;s tekst") || r.body.contains("Ada's tekst"));
    assert!(
        r.body
            .contains("<input type=\"hidden\" name=\"version\" value=\"2\">"),
        "saving again is a conscious choice against version 2"
    );
    assert_eq!(export(&site), saved, "a stale edit changed the data");

    // The same through the API: 409 naming the stored version.
    let r = ada.json(
        "PUT",
        "/api/terms/theme/samenwerking",
        &json!({"version": 1, "term": {"name": "Samenwerken"}}),
    );
    assert_eq!(r.status, 409, "{}", r.body);
    let message = parse(&r)["error"]["message"].as_str().unwrap().to_owned();
    assert!(message.contains("versie 2"), "{message}");
    assert!(message.contains("Samenwerking in de regio"), "{message}");
    assert_eq!(export(&site), saved);
    // At the current version it is saved; the id cannot change.
    let r = ada.json(
        "PUT",
        "/api/terms/theme/samenwerking",
        &json!({"version": 2, "term": {"id": "samenwerking", "name": "Samenwerken"}}),
    );
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(parse(&r)["version"], 3);
    let r = ada.json(
        "PUT",
        "/api/terms/theme/samenwerking",
        &json!({"version": 3, "term": {"id": "andere-id", "name": "Samenwerken"}}),
    );
    assert_eq!(r.status, 400, "{}", r.body);
    assert!(r.body.contains("De id kan niet veranderen"), "{}", r.body);
    let r = ada.json(
        "PUT",
        "/api/terms/theme/bestaat-niet",
        &json!({"version": 1, "term": {"name": "X"}}),
    );
    assert_eq!(r.status, 404, "{}", r.body);
}

/// What the chains should look like after merging `from` into `into`.
fn merged(dataset: &Value, key: &str, from: &str, into: &str) -> Vec<(String, Value)> {
    chains(dataset)
        .into_iter()
        .map(|(i, mut chain)| {
            if let Some(ids) = chain[key].as_array() {
                let mut out: Vec<Value> = Vec::new();
                for id in ids {
                    let id = if id == from { json!(into) } else { id.clone() };
                    if !out.contains(&id) {
                        out.push(id);
                    }
                }
                chain[key] = Value::Array(out);
            }
            (i, chain)
        })
        .collect()
}

#[test]
fn merging_moves_every_reference_joins_the_sources_and_the_analysis_still_works() {
    let site = Site::new();
    let rik = site.login("rik");
    let before = export(&site);
    let (from, into) = ("samenwerking", "leervormen");
    // The example has chains naming both, so the merge must not double them.
    assert!(
        chains(&before).iter().any(|(_, c)| {
            let t = list(c, "themes");
            t.iter().any(|x| x == from) && t.iter().any(|x| x == into)
        }),
        "the example should have a chain with both themes"
    );
    let (n_from, _) = usage(&before, "themes", from);
    let page = rik.get(&format!("/themas/thema/{from}"));
    assert!(page.body.contains("Voeg samen met…"));
    assert!(
        page.body.contains(&format!(
            "Samenvoegen verandert <strong>{n_from} ketens</strong>"
        )),
        "the confirmation says how many chains change"
    );
    assert!(
        !page.body.contains(&format!("<option value=\"{from}\"")),
        "not itself"
    );
    assert!(page.body.contains(&format!("<option value=\"{into}\"")));
    let versions_before: Vec<Value> = list(&before, "initiatives")
        .iter()
        .map(|i| parse(&rik.get(&format!("/api/initiatives/{}", i["id"].as_str().unwrap())))["session_versions"].clone())
        .collect();

    let r = post(
        &rik,
        &format!("/themas/thema/{from}/samenvoegen"),
        &[("into", into)],
    );
    assert_eq!(r.status, 303, "{}", r.body);
    let location = r.header("location").unwrap().to_owned();
    assert_eq!(
        location,
        format!("/themas/thema/{into}?melding=samengevoegd&ketens={n_from}&van={from}")
    );
    let shown = rik.get(&location);
    assert!(
        shown.body.contains("is hiermee samengevoegd en verwijderd"),
        "{}",
        shown.body
    );

    let after = export(&site);
    assert_eq!(chains(&after), merged(&before, "themes", from, into));
    let themes_after = list(&after, "themes");
    assert!(
        themes_after.iter().all(|t| t["id"] != from),
        "{from} is gone"
    );
    let kept = themes_after.iter().find(|t| t["id"] == into).unwrap();
    let mut sources: Vec<Value> = list(
        list(&before, "themes")
            .iter()
            .find(|t| t["id"] == into)
            .unwrap(),
        "sources",
    )
    .to_vec();
    for s in list(
        list(&before, "themes")
            .iter()
            .find(|t| t["id"] == from)
            .unwrap(),
        "sources",
    ) {
        if !sources.contains(s) {
            sources.push(s.clone());
        }
    }
    assert_eq!(kept["sources"], Value::Array(sources));
    assert_eq!(
        kept["name"],
        list(&before, "themes")
            .iter()
            .find(|t| t["id"] == into)
            .unwrap()["name"]
    );
    // Sessions that changed have a new version; the others kept theirs.
    for (i, old) in list(&before, "initiatives").iter().zip(&versions_before) {
        let id = i["id"].as_str().unwrap();
        let now = parse(&rik.get(&format!("/api/initiatives/{id}")));
        let new_sessions = list(&now["initiative"], "sessions");
        for (n, s) in list(i, "sessions").iter().enumerate() {
            let names_from = list(s, "cimo")
                .iter()
                .any(|c| list(c, "themes").iter().any(|x| x == from));
            let expected = old[n].as_i64().unwrap() + i64::from(names_from);
            assert_eq!(now["session_versions"][n], expected, "{id} session {n}");
            if !names_from {
                assert_eq!(new_sessions[n], *s, "{id} session {n} changed");
            }
        }
    }
    // The usage of the remaining theme is now what the data says.
    let (n, initiatives) = usage(&after, "themes", into);
    let entry = api_term(&rik, "theme", into);
    assert_eq!(entry["chains"], n);
    assert_eq!(
        entry["initiatives"].as_array().unwrap().len(),
        initiatives.len()
    );
    assert_eq!(entry["version"], 2);
    // The dataset is still valid and the analysis works, in the CLI and the API.
    site.env.ok(&["analyse", "--format", "json"]);
    assert_eq!(rik.get("/api/analysis").status, 200);
    assert_eq!(rik.get("/analyse").status, 200);
    let again = crate::support::Env::sqlite();
    again.write("d.json", after.to_string());
    again.ok(&["import", "d.json"]);
    // The old page is gone.
    assert_eq!(rik.get(&format!("/themas/thema/{from}")).status, 404);

    // Challenges through the API.
    let before = export(&site);
    let (n_mkb, _) = usage(&before, "challenges", "mkb");
    let r = rik.json(
        "POST",
        "/api/terms/challenge/mkb/merge",
        &json!({"into": "werkgevers-bereiken"}),
    );
    assert_eq!(r.status, 200, "{}", r.body);
    let summary = parse(&r);
    assert_eq!(summary["chains"], n_mkb);
    let after = export(&site);
    assert_eq!(
        chains(&after),
        merged(&before, "challenges", "mkb", "werkgevers-bereiken")
    );
    assert_eq!(
        summary["into"],
        *list(&after, "challenges")
            .iter()
            .find(|t| t["id"] == "werkgevers-bereiken")
            .unwrap()
    );

    // Refused: into itself, into an unknown id, from an unknown id.
    let r = rik.json(
        "POST",
        "/api/terms/challenge/boundary-crossing/merge",
        &json!({"into": "boundary-crossing"}),
    );
    assert_eq!(r.status, 400, "{}", r.body);
    assert!(r.body.contains("niet met zichzelf"), "{}", r.body);
    let r = rik.json(
        "POST",
        "/api/terms/challenge/boundary-crossing/merge",
        &json!({"into": "bestaat-niet"}),
    );
    assert_eq!(r.status, 400, "{}", r.body);
    assert!(
        r.body
            .contains("Er is geen uitdaging met de id ‘bestaat-niet’"),
        "{}",
        r.body
    );
    let r = rik.json(
        "POST",
        "/api/terms/challenge/bestaat-niet/merge",
        &json!({"into": "boundary-crossing"}),
    );
    assert_eq!(r.status, 404, "{}", r.body);
    let r = post(
        &rik,
        "/themas/uitdaging/boundary-crossing/samenvoegen",
        &[("into", "bestaat-niet")],
    );
    assert_eq!(r.status, 400, "{}", r.body);
    assert!(
        r.body.contains("id=\"samenvoegen-into-fout\""),
        "the error is beside the select"
    );
    assert!(r.body.contains("aria-invalid=\"true\""));
    assert_eq!(export(&site), after, "a refused merge changed the data");
}

#[test]
fn an_unused_term_can_be_deleted_and_a_used_one_cannot() {
    let site = Site::new();
    let rik = site.login("rik");
    let used = rik.get("/themas/thema/samenwerking");
    assert!(
        !used.body.contains("/verwijderen"),
        "no delete form for a used term"
    );
    let r = post(&rik, "/themas/thema/samenwerking/verwijderen", &[]);
    assert_eq!(r.status, 409, "{}", r.body);
    assert!(r.body.contains("wordt nog in"), "{}", r.body);
    let unused = rik.get("/themas/thema/duurzaam-leren");
    assert!(
        unused
            .body
            .contains("action=\"/themas/thema/duurzaam-leren/verwijderen\"")
    );
    let r = post(&rik, "/themas/thema/duurzaam-leren/verwijderen", &[]);
    assert_eq!(r.status, 303, "{}", r.body);
    assert_eq!(
        r.header("location"),
        Some("/themas?melding=verwijderd&van=duurzaam-leren")
    );
    assert!(
        rik.get("/themas?melding=verwijderd&van=duurzaam-leren")
            .body
            .contains("De term `duurzaam-leren` is verwijderd.")
    );
    assert!(
        list(&export(&site), "themes")
            .iter()
            .all(|t| t["id"] != "duurzaam-leren")
    );
    let r = rik.json("DELETE", "/api/terms/theme/leervormen", &json!({}));
    assert_eq!(r.status, 409, "{}", r.body);
    let r = rik.json("DELETE", "/api/terms/theme/duurzaam-leren", &json!({}));
    assert_eq!(r.status, 404, "{}", r.body);
}

#[test]
fn contacts_and_readers_read_but_every_change_is_refused_and_anonymous_users_log_in_first() {
    let site = Site::new();
    let before = export(&site);
    for name in ["cas", "lia"] {
        let client = site.login(name);
        for path in [
            "/themas",
            "/themas/thema/samenwerking",
            "/themas/uitdaging/mkb",
        ] {
            let r = client.get(path);
            assert_eq!(r.status, 200, "{name} {path}");
            assert!(
                !r.body.contains("<form method=\"post\" action=\"/themas"),
                "{name} sees a form on {path}"
            );
            assert!(!r.body.contains("Voeg samen met"), "{name} {path}");
        }
        assert_eq!(client.get("/api/terms").status, 200);
        assert_eq!(client.get("/api/terms/theme/samenwerking").status, 200);
        for (path, fields) in [
            ("/themas/thema", vec![("id", "x"), ("name", "X")]),
            (
                "/themas/thema/samenwerking",
                vec![("version", "1"), ("name", "X")],
            ),
            (
                "/themas/thema/samenwerking/samenvoegen",
                vec![("into", "leervormen")],
            ),
            ("/themas/thema/duurzaam-leren/verwijderen", vec![]),
        ] {
            let r = post(&client, path, &fields);
            assert_eq!(r.status, 403, "{name} POST {path}: {}", r.body);
            assert!(
                r.body.contains("Uw rol geeft geen toegang"),
                "{name} {path}"
            );
        }
        for (method, path, body) in [
            ("POST", "/api/terms/theme", json!({"id": "x", "name": "X"})),
            (
                "PUT",
                "/api/terms/theme/samenwerking",
                json!({"version": 1, "term": {"name": "X"}}),
            ),
            (
                "POST",
                "/api/terms/theme/samenwerking/merge",
                json!({"into": "leervormen"}),
            ),
            ("DELETE", "/api/terms/theme/duurzaam-leren", json!({})),
        ] {
            let r = client.json(method, path, &body);
            assert_eq!(r.status, 403, "{name} {method} {path}: {}", r.body);
            assert_eq!(parse(&r)["error"]["status"], 403);
        }
    }
    // Also with an API token of a reader.
    let token = site
        .env
        .ok(&["user", "token", "lia"])
        .stdout
        .trim()
        .to_owned();
    let bearer = format!("Bearer {token}");
    let r = request(
        &site.address,
        "POST",
        "/api/terms/theme",
        &[
            ("Authorization", &bearer),
            ("Content-Type", "application/json"),
        ],
        Some(r#"{"id": "x", "name": "X"}"#),
    );
    assert_eq!(r.status, 403, "{}", r.body);
    // Not logged in: pages send to the login page, the API says 401.
    let anonymous = Client::anonymous(&site.address);
    for path in ["/themas", "/themas/thema/samenwerking"] {
        let r = anonymous.get(path);
        assert_eq!(r.status, 303, "{path}");
        assert!(r.header("location").unwrap().starts_with("/login?next="));
    }
    for path in [
        "/themas/thema",
        "/themas/thema/samenwerking",
        "/themas/thema/samenwerking/samenvoegen",
    ] {
        let r = anonymous.post_form(path, "csrf=x&id=x&name=X&into=leervormen&version=1");
        assert_eq!(r.status, 303, "{path}");
        assert!(r.header("location").unwrap().starts_with("/login?next="));
    }
    assert_eq!(anonymous.get("/api/terms").status, 401);
    let r = request(
        &site.address,
        "POST",
        "/api/terms/theme",
        &[("Content-Type", "application/json")],
        Some(r#"{"id": "x", "name": "X"}"#),
    );
    assert_eq!(r.status, 401);
    // A researcher without the CSRF token is refused too.
    let rik = site.login("rik");
    let r = rik.post_form(
        "/themas/thema",
        &form(&[("csrf", "fout"), ("id", "x"), ("name", "X")]),
    );
    assert_eq!(r.status, 403);
    let r = rik.send(
        "POST",
        "/api/terms/theme",
        &[("Content-Type", "application/json")],
        Some(r#"{"id": "x", "name": "X"}"#),
    );
    assert_eq!(r.status, 403);
    assert_eq!(export(&site), before, "a refused change changed the data");
}

#[test]
fn bad_input_is_refused_in_dutch_beside_its_field_and_nothing_is_stored() {
    let site = Site::new();
    let rik = site.login("rik");
    let before = export(&site);
    // A bad id and an empty name, in the form: 400, each error beside its field.
    let r = post(
        &rik,
        "/themas/thema",
        &[
            ("id", "Leren Op Werk"),
            ("name", "  "),
            ("sources", "Eraut, 2004"),
        ],
    );
    assert_eq!(r.status, 400, "{}", r.body);
    assert!(r.body.contains("role=\"alert\""), "an error summary");
    assert!(
        r.body.contains(
            "<p class=\"error\" id=\"nieuw-thema-id-fout\">‘Leren Op Werk’ kan geen id zijn"
        ),
        "{}",
        r.body
    );
    assert!(
        r.body.contains("id=\"nieuw-thema-name-fout\""),
        "{}",
        r.body
    );
    assert!(r.body.contains("De naam is leeg"), "{}", r.body);
    assert!(
        r.body
            .contains("aria-describedby=\"nieuw-thema-id-hint nieuw-thema-id-fout\"")
    );
    assert!(r.body.contains("aria-invalid=\"true\""));
    assert!(
        r.body.contains("value=\"Leren Op Werk\""),
        "the input is kept"
    );
    assert!(
        r.body.contains("Eraut, 2004</textarea>"),
        "the input is kept"
    );
    // An existing id: 409, beside the id.
    let r = post(
        &rik,
        "/themas/uitdaging",
        &[("id", "mkb"), ("name", "Nog een mkb")],
    );
    assert_eq!(r.status, 409, "{}", r.body);
    assert!(r.body.contains("<p class=\"error\" id=\"nieuw-uitdaging-id-fout\">Er bestaat al een uitdaging met de id ‘mkb’"), "{}", r.body);
    // A theme may have the id of a challenge: they are separate lists.
    // An edit with an empty name.
    let r = post(
        &rik,
        "/themas/thema/leervormen",
        &[("version", "1"), ("name", "")],
    );
    assert_eq!(r.status, 400, "{}", r.body);
    assert!(r.body.contains("id=\"bewerk-name-fout\""), "{}", r.body);
    // The API: the import's messages, 400 or 409.
    for (body, status, words) in [
        (
            json!({"id": "Fout Id", "name": "X"}),
            400,
            "kan geen id zijn",
        ),
        (json!({"id": "goed", "name": ""}), 400, "Deze tekst is leeg"),
        (json!({"id": "goed"}), 400, "name"),
        (json!({"id": "goed", "name": "X", "naam": "X"}), 400, "naam"),
        (
            json!({"id": "goed", "name": "X", "sources": "een tekst"}),
            400,
            "sources",
        ),
        (
            json!({"id": "x".repeat(65), "name": "X"}),
            400,
            "is te lang; gebruik ten hoogste 64 tekens",
        ),
        (
            json!({"id": "samenwerking", "name": "X"}),
            409,
            "Er bestaat al een thema met de id ‘samenwerking’",
        ),
        (json!(["geen", "object"]), 400, "Hier hoort een map"),
    ] {
        let r = rik.json("POST", "/api/terms/theme", &body);
        assert_eq!(r.status, status, "{body}: {}", r.body);
        let message = parse(&r)["error"]["message"].as_str().unwrap().to_owned();
        assert!(message.contains(words), "{body}: {message}");
    }
    let r = rik.send(
        "POST",
        "/api/terms/theme",
        &[
            ("Content-Type", "application/json"),
            ("X-CSRF-Token", &rik.csrf()),
        ],
        Some("{niet json"),
    );
    assert_eq!(r.status, 400, "{}", r.body);
    assert!(r.body.contains("geen geldige JSON"), "{}", r.body);
    for body in [
        json!({"term": {"name": "X"}}),
        json!({"version": 1}),
        json!({"version": 1, "term": {"name": "X"}, "extra": 1}),
    ] {
        let r = rik.json("PUT", "/api/terms/theme/samenwerking", &body);
        assert_eq!(r.status, 400, "{body}: {}", r.body);
    }
    assert_eq!(export(&site), before, "refused input changed the data");
}

#[test]
fn html_in_a_name_shows_as_text() {
    let site = Site::new();
    let rik = site.login("rik");
    let evil = "<script>alert(1)</script>";
    let r = post(
        &rik,
        "/themas/thema",
        &[
            ("id", "kwaad"),
            ("name", evil),
            ("description", "<img src=x onerror=alert(2)>"),
            ("sources", evil),
        ],
    );
    assert_eq!(r.status, 303, "{}", r.body);
    for path in [
        "/themas",
        "/themas/thema/kwaad",
        "/themas/thema/samenwerking",
    ] {
        let r = rik.get(path);
        assert_eq!(r.status, 200, "{path}");
        assert!(!r.body.contains("<script>alert"), "{path} runs a script");
        assert!(!r.body.contains("<img src=x"), "{path} has an injected img");
        assert!(
            r.body.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
            "{path}"
        );
    }
    assert_eq!(api_term(&rik, "theme", "kwaad")["term"]["name"], evil);
}

#[test]
fn the_openapi_document_lists_the_term_operations() {
    let site = Site::new();
    let doc: Value =
        serde_json::from_str(&request(&site.address, "GET", "/api/openapi.json", &[], None).body)
            .unwrap();
    let paths = &doc["paths"];
    for (path, method, id) in [
        ("/api/terms", "get", "listTerms"),
        ("/api/terms/{kind}/{id}", "get", "getTerm"),
        ("/api/terms/{kind}", "post", "createTerm"),
        ("/api/terms/{kind}/{id}", "put", "updateTerm"),
        ("/api/terms/{kind}/{id}/merge", "post", "mergeTerm"),
        ("/api/terms/{kind}/{id}", "delete", "deleteTerm"),
    ] {
        assert_eq!(paths[path][method]["operationId"], id, "{method} {path}");
    }
    assert!(paths["/api/terms/{kind}"]["post"]["requestBody"].is_object());
}

#[test]
fn themes_are_kept_the_same_way_on_every_backend() {
    for backend in backends() {
        if backend == Backend::Sqlite && backends().len() > 1 {
            // SQLite is covered by every other test here.
            continue;
        }
        let site = Site::on(backend);
        let rik = site.login("rik");
        let before = export(&site);
        let r = rik.json(
            "POST",
            "/api/terms/theme",
            &json!({"id": "nieuw-thema", "name": "Nieuw"}),
        );
        assert_eq!(r.status, 201, "{backend:?}: {}", r.body);
        let r = rik.json(
            "POST",
            "/api/terms/theme",
            &json!({"id": "nieuw-thema", "name": "Nieuw"}),
        );
        assert_eq!(r.status, 409, "{backend:?}: {}", r.body);
        let r = post(
            &rik,
            "/themas/thema/nieuw-thema",
            &[
                ("version", "1"),
                ("name", "Nieuw thema"),
                ("sources", "Bron, 2024"),
            ],
        );
        assert_eq!(r.status, 303, "{backend:?}: {}", r.body);
        let r = post(
            &rik,
            "/themas/thema/nieuw-thema",
            &[("version", "1"), ("name", "Te laat")],
        );
        assert_eq!(r.status, 409, "{backend:?}: {}", r.body);
        let r = post(
            &rik,
            "/themas/thema/samenwerking/samenvoegen",
            &[("into", "nieuw-thema")],
        );
        assert_eq!(r.status, 303, "{backend:?}: {}", r.body);
        let after = export(&site);
        assert_eq!(
            chains(&after),
            merged(&before, "themes", "samenwerking", "nieuw-thema"),
            "{backend:?}"
        );
        let (n, _) = usage(&before, "themes", "samenwerking");
        let entry = api_term(&rik, "theme", "nieuw-thema");
        assert_eq!(entry["chains"], n, "{backend:?}");
        assert_eq!(entry["term"]["name"], "Nieuw thema");
        let sources = entry["term"]["sources"].as_array().unwrap();
        assert_eq!(
            sources[0], "Bron, 2024",
            "{backend:?}: its own sources first"
        );
        assert!(
            sources.len() > 1,
            "{backend:?}: the sources of samenwerking were added"
        );
        assert_eq!(rik.get("/api/analysis").status, 200);
        site.env.ok(&["analyse", "--format", "json"]);
    }
}
