//! Import and export in the browser (`/gegevens`) and through the API
//! (`POST /api/dataset`), end to end: the real server on a real database,
//! checked against `uti export` of that database.

use crate::http::{Client, Response, request};
use crate::web::Site;
use std::io::{Read, Write};

/// A new, valid file: two initiatives, three sessions, one theme.
const NEW: &str = "format: uti-dataset/1
themes:
  - id: data-thema
    name: Data-thema
initiatives:
  - id: data-nieuw-een
    name: Data Nieuw Een
    sessions:
      - date: 2025-02-03
        kind: beoogd-ontwerp
        cimo:
          - level: doelgroep
            context: Context.
            interventions: [Iets]
            themes: [data-thema]
      - date: 2025-09-03
        kind: ontwerp-in-actie
  - id: data-nieuw-twee
    name: Data Nieuw Twee
    sessions:
      - date: 2025-03-04
        kind: afsluitend
";

/// A file with four errors, each at its own place.
const BROKEN: &str = "format: uti-dataset/1
initiatives:
  - id: data-kapot
    name: Kapot
    sessions:
      - date: 2025-02-30
        kind: beoogd-ontwerp
        llo: {opleiden: 3, community: 1, waarderen-certificeren: 0, matching: 0, loopbaanbegeleiding: 0}
      - date: 2025-03-01
        kind: tussendoor
    sectoren: [zorg]
";

/// The example network's first initiative under another name.
const CLASH: &str = "format: uti-dataset/1
initiatives:
  - id: zorgpioniers
    name: Zorgpioniers Vernieuwd
";

/// Uploads through the page's form, as a browser does.
fn upload(
    client: &Client,
    csrf: Option<&str>,
    file_name: &str,
    content: &str,
    replace: bool,
    dry_run: bool,
) -> Response {
    let mut fields = Vec::new();
    if let Some(csrf) = csrf {
        fields.push(("csrf", csrf));
    }
    if replace {
        fields.push(("replace", "ja"));
    }
    if dry_run {
        fields.push(("dry_run", "ja"));
    }
    client.post_multipart("/gegevens", &fields, Some(("bestand", file_name, content)))
}

/// Posts a file to the API with the session's CSRF token.
fn api_post(client: &Client, query: &str, content_type: &str, body: &str) -> Response {
    let csrf = client.csrf();
    client.send(
        "POST",
        &format!("/api/dataset{query}"),
        &[("Content-Type", content_type), ("X-CSRF-Token", &csrf)],
        Some(body),
    )
}

fn json(r: &Response) -> serde_json::Value {
    serde_json::from_str(&r.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", r.body))
}

/// The ids of the stored initiatives, from `uti export --format json`.
fn stored_ids(site: &Site) -> Vec<String> {
    let export: serde_json::Value =
        serde_json::from_str(&site.env.ok(&["export", "--format", "json"]).stdout).unwrap();
    export["initiatives"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn every_role_downloads_the_dataset_as_uti_export_writes_it() {
    let site = Site::new();
    let yaml = site.env.export();
    let json_export = site.env.ok(&["export", "--format", "json"]).stdout;
    for name in ["ada", "rik", "lia", "cas"] {
        let client = site.login(name);
        let page = client.get("/gegevens");
        assert_eq!(page.status, 200, "{name}: {}", page.body);
        assert!(page.body.contains("Gegevens importeren en exporteren"));
        assert!(page.body.contains("href=\"/api/dataset?format=yaml\""));
        assert!(page.body.contains("href=\"/api/dataset?format=json\""));
        assert!(
            page.body
                .contains("<a href=\"/gegevens\" aria-current=\"page\">Import en export</a>"),
            "{name}: no navigation entry"
        );
        let r = client.get("/api/dataset?format=yaml");
        assert_eq!(r.status, 200);
        assert_eq!(
            r.body, yaml,
            "{name}: the YAML download differs from uti export"
        );
        let disposition = r.header("content-disposition").unwrap();
        assert!(
            disposition.contains("filename=\"leernetwerk-voorbeeldregio-fictief-20")
                && disposition.ends_with(".yaml\""),
            "{disposition}"
        );
        let r = client.get("/api/dataset?format=json");
        assert_eq!(r.body, json_export, "{name}: the JSON download differs");
        assert!(
            r.header("content-disposition")
                .unwrap()
                .ends_with(".json\"")
        );
    }
    // The counts on the page are those of the export.
    let export: serde_json::Value = serde_json::from_str(&json_export).unwrap();
    let initiatives = export["initiatives"].as_array().unwrap();
    let sessions: usize = initiatives
        .iter()
        .map(|i| i["sessions"].as_array().map_or(0, Vec::len))
        .sum();
    let page = site.login("lia").get("/gegevens").body;
    for (label, n) in [
        ("Initiatieven", initiatives.len()),
        ("Sessies", sessions),
        ("Thema's", export["themes"].as_array().unwrap().len()),
    ] {
        let row = format!(
            "<th scope=\"row\">{}</th><td class=\"num\">{n}</td>",
            label.replace('\'', "&#39;")
        );
        let row_plain = format!("<th scope=\"row\">{label}</th><td class=\"num\">{n}</td>");
        assert!(
            page.contains(&row) || page.contains(&row_plain),
            "{label} {n} not on the page"
        );
    }
}

#[test]
fn readers_and_contacts_may_not_upload_by_page_or_api() {
    let site = Site::new();
    let before = site.env.export();
    for name in ["lia", "cas"] {
        let client = site.login(name);
        let page = client.get("/gegevens").body;
        assert!(
            page.contains("Alleen onderzoekers en beheerders kunnen gegevens importeren"),
            "{name}: {page}"
        );
        assert!(
            !page.contains("type=\"file\""),
            "{name} sees the upload form"
        );
        let csrf = client.csrf();
        let r = upload(&client, Some(&csrf), "nieuw.yaml", NEW, false, false);
        assert_eq!(r.status, 403, "{name}: {}", r.body);
        assert!(r.body.contains("Geen toegang"), "{}", r.body);
        let r = api_post(&client, "", "application/yaml", NEW);
        assert_eq!(r.status, 403, "{name}: {}", r.body);
        assert_eq!(json(&r)["error"]["status"], 403);
    }
    assert_eq!(site.env.export(), before);
}

#[test]
fn anonymous_uploads_go_to_the_login_page_or_get_401() {
    let site = Site::new();
    let before = site.env.export();
    let anonymous = Client::anonymous(&site.address);
    let r = upload(&anonymous, None, "nieuw.yaml", NEW, false, false);
    assert_eq!(r.status, 303);
    assert!(
        r.header("location")
            .unwrap()
            .starts_with("/login?next=/gegevens")
    );
    assert_eq!(anonymous.get("/gegevens").status, 303);
    let r = anonymous.send(
        "POST",
        "/api/dataset",
        &[("Content-Type", "application/yaml")],
        Some(NEW),
    );
    assert_eq!(r.status, 401, "{}", r.body);
    assert_eq!(site.env.export(), before);
}

#[test]
fn an_upload_without_the_csrf_token_is_refused() {
    let site = Site::new();
    let before = site.env.export();
    let rik = site.login("rik");
    for csrf in [None, Some("verkeerd")] {
        let r = upload(&rik, csrf, "nieuw.yaml", NEW, false, false);
        assert_eq!(r.status, 403, "{csrf:?}: {}", r.body);
        assert!(r.body.contains("Het formulier is verlopen"), "{}", r.body);
    }
    let r = rik.send(
        "POST",
        "/api/dataset",
        &[("Content-Type", "application/yaml")],
        Some(NEW),
    );
    assert_eq!(r.status, 403, "{}", r.body);
    assert_eq!(site.env.export(), before);
    // An API token carries no cookie, so it needs no CSRF token.
    let token = site
        .env
        .ok(&["user", "token", "rik"])
        .stdout
        .trim()
        .to_owned();
    let r = request(
        &site.address,
        "POST",
        "/api/dataset",
        &[
            ("Content-Type", "application/yaml"),
            ("Authorization", &format!("Bearer {token}")),
        ],
        Some(NEW),
    );
    assert_eq!(r.status, 200, "{}", r.body);
    assert!(stored_ids(&site).contains(&"data-nieuw-een".to_owned()));
}

#[test]
fn a_researcher_uploads_a_new_file_and_it_is_stored() {
    let site = Site::new();
    let before = stored_ids(&site);
    let rik = site.login("rik");
    let csrf = rik.csrf();
    let r = upload(&rik, Some(&csrf), "nieuw.yaml", NEW, false, false);
    assert_eq!(r.status, 200, "{}", r.body);
    assert!(r.body.contains("Import geslaagd"), "{}", r.body);
    assert!(r.body.contains("role=\"status\""));
    assert!(
        r.body
            .contains("Het bestand ‘nieuw.yaml’ is geïmporteerd en opgeslagen."),
        "{}",
        r.body
    );
    assert!(
        r.body
            .contains("<th scope=\"row\">Nieuwe initiatieven</th><td class=\"num\">2</td>")
    );
    assert!(
        r.body
            .contains("<th scope=\"row\">Sessies</th><td class=\"num\">3</td>")
    );
    let after = stored_ids(&site);
    assert_eq!(after.len(), before.len() + 2);
    assert!(after.contains(&"data-nieuw-twee".to_owned()));
    // The overview shows it; the export holds it exactly as sent.
    assert!(rik.get("/").body.contains("Data Nieuw Een"));
    let export = site.env.export();
    assert!(export.contains("id: data-thema"), "{export}");
    // JSON, by an admin, through the API.
    let ada = site.login("ada");
    let file =
        r#"{"format": "uti-dataset/1", "initiatives": [{"id": "data-json", "name": "Data JSON"}]}"#;
    let r = api_post(&ada, "", "application/json; charset=utf-8", file);
    assert_eq!(r.status, 200, "{}", r.body);
    let summary = json(&r);
    assert_eq!(summary["initiatives_added"], 1);
    assert_eq!(summary["stored"], true);
    assert!(stored_ids(&site).contains(&"data-json".to_owned()));
}

#[test]
fn a_file_with_errors_lists_each_with_its_place_and_stores_nothing() {
    let site = Site::new();
    let before = site.env.export();
    let rik = site.login("rik");
    let csrf = rik.csrf();
    let r = upload(&rik, Some(&csrf), "kapot.yaml", BROKEN, false, false);
    assert_eq!(r.status, 400, "{}", r.body);
    assert!(r.body.contains("Het bestand bevat fouten"));
    assert!(
        r.body
            .contains("Het bestand bevat 4 fouten. Er is niets opgeslagen.")
    );
    assert!(r.body.contains("<caption>Fouten in ‘kapot.yaml’</caption>"));
    assert!(r.body.contains("<th scope=\"col\">Plaats</th>"));
    for place in [
        "initiatives[0].sessions[0].date",
        "initiatives[0].sessions[0].llo.opleiden",
        "initiatives[0].sessions[1].kind",
        "initiatives[0].sectoren",
    ] {
        assert!(
            r.body.contains(&format!("<code>{place}</code>")),
            "{place} missing: {}",
            r.body
        );
    }
    assert!(
        r.body.contains("‘3’ is geen score; kies 0, 1 of 2."),
        "{}",
        r.body
    );
    assert_eq!(site.env.export(), before, "a broken file changed the data");

    // A syntax error is placed by line and column.
    let r = upload(
        &rik,
        Some(&csrf),
        "syntax.json",
        "{\"format\": \"uti-dataset/1\",\n \"initiatives\": [}\n",
        false,
        false,
    );
    assert_eq!(r.status, 400, "{}", r.body);
    assert!(r.body.contains("regel 2, kolom"), "{}", r.body);

    // The API lists the same errors.
    let r = api_post(&rik, "", "application/yaml", BROKEN);
    assert_eq!(r.status, 400, "{}", r.body);
    let body = json(&r);
    let errors = body["error"]["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 4, "{body}");
    assert_eq!(body["error"]["more"], 0);
    assert!(
        errors
            .iter()
            .any(|e| e["place"] == "initiatives[0].sessions[0].llo.opleiden"
                && e["file"] == "body.yaml"
                && e["message"].as_str().unwrap().contains("0, 1 of 2")),
        "{body}"
    );
    // In English when asked.
    let r = api_post(&rik, "?lang=en", "application/yaml", BROKEN);
    assert!(
        json(&r)["error"]["message"]
            .as_str()
            .unwrap()
            .contains("Nothing has been stored"),
        "{}",
        r.body
    );
    let r = rik.post_multipart(
        "/gegevens?lang=en",
        &[("csrf", &csrf)],
        Some(("bestand", "kapot.yaml", BROKEN)),
    );
    assert!(r.body.contains("The file has errors"), "{}", r.body);
    assert!(r.body.contains("lang=\"en\""));
    assert_eq!(site.env.export(), before);
}

#[test]
fn a_dry_run_checks_and_stores_nothing() {
    let site = Site::new();
    let before = site.env.export();
    let rik = site.login("rik");
    let csrf = rik.csrf();
    let r = upload(&rik, Some(&csrf), "nieuw.yaml", NEW, false, true);
    assert_eq!(r.status, 200, "{}", r.body);
    assert!(
        r.body.contains("Controle geslaagd: niets opgeslagen"),
        "{}",
        r.body
    );
    assert!(
        r.body
            .contains("Er is niets opgeslagen: u koos ‘Alleen controleren’."),
        "{}",
        r.body
    );
    assert!(
        r.body
            .contains("<th scope=\"row\">Nieuwe initiatieven</th><td class=\"num\">2</td>")
    );
    let r = api_post(&rik, "?dry_run=true", "application/yaml", NEW);
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(json(&r)["stored"], false);
    assert_eq!(json(&r)["initiatives_added"], 2);
    // A dry run also finds clashes with the stored data.
    let r = upload(&rik, Some(&csrf), "botsing.yaml", CLASH, false, true);
    assert_eq!(r.status, 409, "{}", r.body);
    assert_eq!(site.env.export(), before, "a dry run changed the data");
}

#[test]
fn an_existing_id_is_refused_without_replace_and_replaced_with_it() {
    let site = Site::new();
    let before = site.env.export();
    let rik = site.login("rik");
    let csrf = rik.csrf();
    let r = upload(&rik, Some(&csrf), "botsing.yaml", CLASH, false, false);
    assert_eq!(r.status, 409, "{}", r.body);
    assert!(r.body.contains("Botsing met opgeslagen gegevens"));
    assert!(
        r.body.contains("<code>initiatives[0].id</code>"),
        "{}",
        r.body
    );
    assert!(
        r.body
            .contains("initiatief ‘zorgpioniers’ bestaat al in de database"),
        "{}",
        r.body
    );
    assert!(
        !r.body.contains("--replace"),
        "the page names the checkbox, not the flag"
    );
    assert!(
        r.body
            .contains("Vink dan ‘Bestaande initiatieven vervangen’ aan")
    );
    assert!(r.body.contains("Er is niets opgeslagen."));
    let r = api_post(&rik, "", "application/yaml", CLASH);
    assert_eq!(r.status, 409, "{}", r.body);
    assert_eq!(json(&r)["error"]["errors"][0]["place"], "initiatives[0].id");
    assert_eq!(site.env.export(), before);

    let r = upload(&rik, Some(&csrf), "botsing.yaml", CLASH, true, false);
    assert_eq!(r.status, 200, "{}", r.body);
    assert!(
        r.body
            .contains("<th scope=\"row\">Vervangen initiatieven</th><td class=\"num\">1</td>"),
        "{}",
        r.body
    );
    let export = site.env.export();
    assert!(export.contains("name: Zorgpioniers Vernieuwd"), "{export}");
    // Through the API as well.
    let again = CLASH.replace("Vernieuwd", "Nogmaals");
    let r = api_post(&rik, "?replace=true", "application/yaml", &again);
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(json(&r)["initiatives_replaced"], 1);
    assert!(site.env.export().contains("name: Zorgpioniers Nogmaals"));
}

#[test]
fn no_file_a_wrong_name_an_empty_file_or_a_wrong_type_is_refused_clearly() {
    let site = Site::new();
    let before = site.env.export();
    let rik = site.login("rik");
    let csrf = rik.csrf();
    let r = upload(&rik, Some(&csrf), "", "", false, false);
    assert_eq!(r.status, 400, "{}", r.body);
    assert!(r.body.contains("Er is geen bestand gekozen"), "{}", r.body);
    let r = upload(&rik, Some(&csrf), "dataset.txt", NEW, false, false);
    assert_eq!(r.status, 400);
    assert!(
        r.body
            .contains("Onbekende bestandsnaam: de naam moet eindigen op .yaml, .yml of .json."),
        "{}",
        r.body
    );
    let r = upload(&rik, Some(&csrf), "leeg.yaml", "\n  \n", false, false);
    assert_eq!(r.status, 400);
    assert!(
        r.body.contains("Het bestand ‘leeg.yaml’ is leeg."),
        "{}",
        r.body
    );
    for r in [
        upload(&rik, Some(&csrf), "", "", false, false),
        upload(&rik, Some(&csrf), "leeg.yaml", "", false, false),
    ] {
        assert!(r.body.contains("Er is niets opgeslagen."), "{}", r.body);
    }
    let r = rik.send(
        "POST",
        "/gegevens",
        &[("Content-Type", "application/x-www-form-urlencoded")],
        Some(&format!("csrf={csrf}")),
    );
    assert_eq!(r.status, 400, "{}", r.body);
    let r = api_post(&rik, "", "text/plain", NEW);
    assert_eq!(r.status, 415, "{}", r.body);
    let r = api_post(&rik, "?replace=misschien", "application/yaml", NEW);
    assert_eq!(r.status, 400, "{}", r.body);
    assert_eq!(site.env.export(), before);
}

#[test]
fn a_file_over_the_limit_gets_a_dutch_message() {
    let site = Site::new();
    let before = site.env.export();
    let rik = site.login("rik");
    let csrf = rik.csrf();
    // The whole body is sent, as a browser does; the server reads it to the
    // end and answers with the page.
    let huge = format!("format: uti-dataset/1\n#{}\n", "x".repeat(65 << 20));
    let r = upload(&rik, Some(&csrf), "groot.yaml", &huge, false, false);
    assert_eq!(r.status, 413, "{}", &r.body[..r.body.len().min(300)]);
    assert!(
        r.body
            .contains("Het bestand is te groot: hier kan hoogstens 64 MiB per keer."),
        "{}",
        &r.body[..r.body.len().min(3000)]
    );
    assert!(r.body.contains("Er is niets opgeslagen."));
    // The API refuses a body announced as too large before reading it.
    let mut stream = std::net::TcpStream::connect(&site.address).unwrap();
    let head = format!(
        "POST /api/dataset HTTP/1.1\r\nHost: {}\r\nConnection: close\r\nCookie: {}\r\nX-CSRF-Token: {csrf}\r\nContent-Type: application/yaml\r\nContent-Length: {}\r\n\r\nformat: uti-dataset/1\n",
        site.address,
        rik.cookie.as_deref().unwrap(),
        70u64 << 20
    );
    stream.write_all(head.as_bytes()).unwrap();
    stream.shutdown(std::net::Shutdown::Write).unwrap();
    let mut answer = String::new();
    let _ = stream.read_to_string(&mut answer);
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    assert!(answer.contains("te groot"), "{answer}");
    assert_eq!(site.env.export(), before);
}

#[test]
fn html_in_a_file_shows_as_text_on_the_result_page() {
    let site = Site::new();
    let rik = site.login("rik");
    let csrf = rik.csrf();
    let evil = "<script>alert(1)</script>";
    // In the network name (a success message) and in the file name.
    let file = format!(
        "format: uti-dataset/1\nnetwork: \"{evil}\"\ninitiatives:\n  - id: data-kwaad\n    name: \"{evil}\"\n"
    );
    let r = upload(
        &rik,
        Some(&csrf),
        "<img src=x onerror=alert(3)>.yaml",
        &file,
        true,
        false,
    );
    assert_eq!(r.status, 200, "{}", r.body);
    // In an error message that quotes a value.
    let bad = format!("format: uti-dataset/1\ninitiatives:\n  - id: \"{evil}\"\n    name: x\n");
    let r2 = upload(&rik, Some(&csrf), "kwaad.yaml", &bad, false, false);
    assert_eq!(r2.status, 400, "{}", r2.body);
    for r in [&r, &r2] {
        assert!(
            !r.body.contains("<script>alert"),
            "a script runs: {}",
            r.body
        );
        assert!(!r.body.contains("<img src=x"), "{}", r.body);
        assert!(
            r.body.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
            "{}",
            r.body
        );
    }
    assert!(
        r.body.contains("‘&lt;img src=x onerror=alert(3)&gt;.yaml’"),
        "{}",
        r.body
    );
}

#[test]
fn the_openapi_document_lists_the_import() {
    let site = Site::new();
    let doc = json(&request(
        &site.address,
        "GET",
        "/api/openapi.json",
        &[],
        None,
    ));
    let op = &doc["paths"]["/api/dataset"]["post"];
    assert_eq!(op["operationId"], "importDataset", "{doc}");
    assert!(op["requestBody"].is_object());
    let names: Vec<&str> = op["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["replace", "dry_run"]);
}
