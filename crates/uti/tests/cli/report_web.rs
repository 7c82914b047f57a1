//! The report in the browser and the API: the texts the researchers write
//! (introduction, perspective) saved with a version guard and used by
//! every report (downloads and `uti report`); downloads of the report and
//! of portraits in every format the page offers, with their media types,
//! names and content; a contact's report without other initiatives'
//! drafts; hostile Markdown coming out literally.

use crate::http::{Client, form};
use crate::web::Site;
use serde_json::{Value, json};
use std::io::{Read, Write};

/// A GET whose body is kept as bytes (ZIP archives), with the headers.
fn get_bytes(client: &Client, path: &str) -> (u16, Vec<(String, String)>, Vec<u8>) {
    let mut stream = std::net::TcpStream::connect(&client.address).unwrap();
    let cookie = client.cookie.clone().unwrap_or_default();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\nCookie: {cookie}\r\n\r\n",
        client.address
    )
    .unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    let end = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a header");
    let head = String::from_utf8_lossy(&raw[..end]).into_owned();
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|s| s.parse().ok())
        .unwrap();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(": "))
        .map(|(n, v)| (n.to_ascii_lowercase(), v.to_owned()))
        .collect();
    assert!(
        !headers
            .iter()
            .any(|(n, v)| n == "transfer-encoding" && v.contains("chunked")),
        "{path}: a download is sent whole"
    );
    (status, headers, raw[end + 4..].to_vec())
}

fn header<'a>(headers: &'a [(String, String)], name: &str) -> &'a str {
    headers
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
        .unwrap_or_else(|| panic!("no {name} header"))
}

/// The text of every file in a ZIP archive, by name.
fn unzip(bytes: &[u8]) -> Vec<(String, String)> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a ZIP archive");
    (0..archive.len())
        .map(|n| {
            let mut file = archive.by_index(n).unwrap();
            let mut bytes = Vec::new();
            file.read_to_end(&mut bytes).unwrap();
            let text = String::from_utf8_lossy(&bytes).into_owned();
            (file.name().unwrap().into_owned(), text)
        })
        .collect()
}

/// Text as a reader sees it: HTML entities and Markdown escapes undone.
fn plain(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' && chars.peek().is_some_and(|n| n.is_ascii_punctuation()) {
            continue;
        }
        out.push(c);
    }
    out.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&amp;", "&")
}

/// The readable text of a download: the HTML, or the Markdown in a ZIP.
fn document(format: &str, bytes: &[u8]) -> Option<String> {
    match format {
        "html" => Some(String::from_utf8(bytes.to_vec()).expect("UTF-8 HTML")),
        "md" => {
            let files = unzip(bytes);
            let md: Vec<&(String, String)> =
                files.iter().filter(|(n, _)| n.ends_with(".md")).collect();
            assert_eq!(md.len(), 1, "one Markdown file: {files:?}");
            for (name, svg) in &files {
                if name.ends_with(".svg") {
                    assert!(svg.starts_with("<svg"), "{name}");
                    let file = name.rsplit('/').next().unwrap();
                    assert!(md[0].1.contains(file), "{file} is not linked");
                }
            }
            Some(md[0].1.clone())
        }
        // The text of the document, where headings and paragraphs are.
        "docx" => {
            let files = unzip(bytes);
            let (_, xml) = files
                .iter()
                .find(|(n, _)| n == "word/document.xml")
                .expect("word/document.xml");
            Some(xml.clone())
        }
        // PDF: its text is checked with pdftotext by its own tests.
        _ => None,
    }
}

/// The formats the report page offers, from its download buttons.
fn offered_formats(client: &Client) -> Vec<String> {
    let page = client.get("/rapport");
    assert_eq!(page.status, 200, "{}", page.body);
    let mut formats = Vec::new();
    for part in page.body.split("/rapport/download?format=").skip(1) {
        let code: String = part
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        if !formats.contains(&code) {
            formats.push(code);
        }
    }
    for expected in ["html", "md"] {
        assert!(formats.iter().any(|f| f == expected), "{formats:?}");
    }
    formats
}

fn texts(client: &Client) -> Value {
    let r = client.get("/api/report/texts");
    assert_eq!(r.status, 200, "{}", r.body);
    serde_json::from_str(&r.body).unwrap()
}

fn save_form(
    client: &Client,
    intro: &str,
    intro_version: i64,
    perspective: &str,
) -> crate::http::Response {
    let versions = texts(client);
    let pv = versions["perspective"]["version"].to_string();
    let iv = intro_version.to_string();
    client.post_form(
        "/rapport",
        &form(&[
            ("csrf", &client.csrf()),
            ("intro", intro),
            ("intro.version", &iv),
            ("perspective", perspective),
            ("perspective.version", &pv),
        ]),
    )
}

#[test]
fn the_texts_are_saved_guarded_by_version_and_used_by_every_report() {
    let site = Site::new();
    let rik = site.login("rik");
    let page = rik.get("/rapport");
    assert!(
        page.body.contains("Markdown is toegestaan"),
        "{}",
        page.body
    );
    assert!(
        page.body.contains("<textarea"),
        "an editor for a researcher"
    );
    let before = texts(&rik);
    assert_eq!(before["intro"]["text"], "");
    let v1 = before["intro"]["version"].as_i64().unwrap();

    // Saved from the form (with the browser's CRLF line ends).
    let intro = "Dit is onze **INLEIDING-VAN-RIK**.\r\n\r\n- eerste punt";
    let r = save_form(&rik, intro, v1, "");
    assert_eq!(r.status, 303, "{}", r.body);
    assert!(r.header("location").unwrap().contains("melding=opgeslagen"));
    assert!(
        rik.get("/rapport?melding=opgeslagen")
            .body
            .contains("De teksten zijn opgeslagen.")
    );
    let now = texts(&rik);
    assert_eq!(now["intro"]["text"], intro.replace("\r\n", "\n"));
    let v2 = now["intro"]["version"].as_i64().unwrap();
    assert!(v2 > v1);

    // A stale save from the form: 409, what is stored now, input kept.
    let stale = save_form(&rik, "MIJN-VERLOPEN-TEKST", v1, "");
    assert_eq!(stale.status, 409, "{}", stale.body);
    assert!(stale.body.contains("Niet opgeslagen"), "{}", stale.body);
    assert!(
        stale.body.contains("INLEIDING-VAN-RIK"),
        "stored text shown"
    );
    assert!(
        stale.body.contains(">MIJN-VERLOPEN-TEKST</textarea>"),
        "input kept"
    );
    assert_eq!(texts(&rik)["intro"]["text"], now["intro"]["text"]);

    // And from the API.
    let stale = rik.json(
        "PUT",
        "/api/report/texts/intro",
        &json!({"version": v1, "text": "x"}),
    );
    assert_eq!(stale.status, 409, "{}", stale.body);
    let body: Value = serde_json::from_str(&stale.body).unwrap();
    assert_eq!(body["error"]["current"], now["intro"]["text"]);
    assert_eq!(body["error"]["version"], v2);
    let ok = rik.json(
        "PUT",
        "/api/report/texts/perspective",
        &json!({"version": now["perspective"]["version"], "text": "Ons _PERSPECTIEF-VAN-RIK_."}),
    );
    assert_eq!(ok.status, 200, "{}", ok.body);
    assert_eq!(
        rik.json(
            "PUT",
            "/api/report/texts/iets",
            &json!({"version": 1, "text": "x"})
        )
        .status,
        404
    );
    assert_eq!(
        rik.json("PUT", "/api/report/texts/intro", &json!({"text": "x"}))
            .status,
        400
    );

    // The downloaded report holds both, as Markdown made into HTML.
    let html = rik.get("/rapport/download?format=html&lang=nl");
    assert_eq!(html.status, 200);
    assert!(
        html.body.contains("<strong>INLEIDING-VAN-RIK</strong>"),
        "{}",
        html.body
    );
    assert!(html.body.contains("<em>PERSPECTIEF-VAN-RIK</em>"));

    // So does `uti report` without --intro/--perspective; a flag wins.
    site.env.ok(&["report", "--out", "r.md"]);
    let md = std::fs::read_to_string(site.env.path("r.md")).unwrap();
    assert!(md.contains("**INLEIDING-VAN-RIK**"), "{md}");
    assert!(md.contains("PERSPECTIEF-VAN-RIK"), "{md}");
    site.env.write("eigen.md", "EIGEN-INLEIDING-UIT-BESTAND");
    let own = site.env.path("eigen.md").display().to_string();
    site.env.ok(&["report", "--out", "r2.md", "--intro", &own]);
    let md = std::fs::read_to_string(site.env.path("r2.md")).unwrap();
    assert!(md.contains("EIGEN-INLEIDING-UIT-BESTAND"), "{md}");
    assert!(!md.contains("INLEIDING-VAN-RIK"), "{md}");
    assert!(md.contains("PERSPECTIEF-VAN-RIK"), "{md}");
}

#[test]
fn nothing_stored_keeps_the_placeholder() {
    let site = Site::new();
    site.env.ok(&["report", "--out", "leeg.md"]);
    let before = std::fs::read_to_string(site.env.path("leeg.md")).unwrap();
    let rik = site.login("rik");
    let v = texts(&rik)["intro"]["version"].clone();
    let r = rik.json(
        "PUT",
        "/api/report/texts/intro",
        &json!({"version": v, "text": "GESCHREVEN"}),
    );
    assert_eq!(r.status, 200, "{}", r.body);
    site.env.ok(&["report", "--out", "vol.md"]);
    let after = std::fs::read_to_string(site.env.path("vol.md")).unwrap();
    assert!(after.contains("GESCHREVEN"));
    assert!(!before.contains("GESCHREVEN"));
    assert!(after.len() != before.len(), "the placeholder was replaced");
}

#[test]
fn readers_and_contacts_read_the_texts_but_cannot_change_them() {
    let site = Site::new();
    let rik = site.login("rik");
    let v = texts(&rik)["intro"]["version"].clone();
    rik.json(
        "PUT",
        "/api/report/texts/intro",
        &json!({"version": v, "text": "GEDEELDE-INLEIDING"}),
    );
    for name in ["lia", "cas"] {
        let client = site.login(name);
        let page = client.get("/rapport");
        assert_eq!(page.status, 200);
        assert!(page.body.contains("GEDEELDE-INLEIDING"), "{name}");
        assert!(!page.body.contains("<textarea"), "{name} gets no editor");
        let r = save_form(&client, "VAN-EEN-LEZER", v.as_i64().unwrap(), "");
        assert_eq!(r.status, 403, "{name}: {}", r.body);
        let r = client.json(
            "PUT",
            "/api/report/texts/intro",
            &json!({"version": v, "text": "x"}),
        );
        assert_eq!(r.status, 403, "{name}: {}", r.body);
    }
    // A researcher without the CSRF token is refused as well.
    let r = rik.post_form(
        "/rapport",
        &form(&[("intro", "ZONDER-TOKEN"), ("intro.version", "1")]),
    );
    assert_eq!(r.status, 403);
    assert_eq!(texts(&rik)["intro"]["text"], "GEDEELDE-INLEIDING");
}

#[test]
fn every_format_downloads_with_its_type_name_and_every_initiative() {
    let site = Site::new();
    let lia = site.login("lia");
    let initiatives: Vec<Value> = serde_json::from_str(&lia.get("/api/initiatives").body).unwrap();
    assert!(initiatives.len() >= 2);
    for format in offered_formats(&lia) {
        for lang in ["nl", "en"] {
            for path in [
                format!("/rapport/download?format={format}&lang={lang}"),
                format!("/api/report?format={format}&lang={lang}"),
            ] {
                let (status, headers, bytes) = get_bytes(&lia, &path);
                assert_eq!(status, 200, "{path}: {}", String::from_utf8_lossy(&bytes));
                let disposition = header(&headers, "content-disposition");
                let word = if lang == "nl" { "rapport" } else { "report" };
                assert!(
                    disposition.starts_with(&format!("attachment; filename=\"{word}-leernetwerk-")),
                    "{path}: {disposition}"
                );
                let kind = header(&headers, "content-type");
                match format.as_str() {
                    "html" => {
                        assert_eq!(kind, "text/html; charset=utf-8");
                        assert!(disposition.ends_with(".html\""), "{disposition}");
                    }
                    "md" => {
                        assert_eq!(kind, "application/zip");
                        assert!(disposition.ends_with(".zip\""), "{disposition}");
                    }
                    "pdf" => {
                        assert_eq!(kind, "application/pdf");
                        assert!(bytes.starts_with(b"%PDF-"), "{path}");
                    }
                    "docx" => {
                        assert_eq!(
                            kind,
                            "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
                        );
                        assert!(bytes.starts_with(b"PK"), "{path}");
                    }
                    other => panic!("format {other} is not checked here yet"),
                }
                if format == "md" {
                    assert!(
                        unzip(&bytes).iter().any(|(n, _)| n.ends_with(".svg")),
                        "{path}: the charts are in the archive"
                    );
                }
                if let Some(text) = document(&format, &bytes) {
                    let text = plain(&text);
                    for i in &initiatives {
                        let name = i["name"].as_str().unwrap();
                        assert!(text.contains(name), "{path} lacks {name}");
                    }
                    if format == "html" {
                        assert!(text.contains(&format!("lang=\"{lang}\"")), "{path}");
                    }
                }
            }
        }
        // The portrait of one initiative, from the page and the API.
        for i in &initiatives {
            let id = i["id"].as_str().unwrap();
            for path in [
                format!("/initiatieven/{id}/portret?format={format}"),
                format!("/api/initiatives/{id}/portrait?format={format}"),
            ] {
                let (status, headers, bytes) = get_bytes(&lia, &path);
                assert_eq!(status, 200, "{path}");
                assert!(header(&headers, "content-disposition").contains("filename=\"portret-"));
                if let Some(text) = document(&format, &bytes) {
                    assert!(plain(&text).contains(i["name"].as_str().unwrap()), "{path}");
                }
            }
        }
    }
    // The buttons are on the initiative and analysis pages.
    let page = lia.get("/initiatieven/zorgpioniers");
    assert!(page.body.contains("Portret downloaden"));
    assert!(
        page.body
            .contains("/initiatieven/zorgpioniers/portret?format=html")
    );
    let page = lia.get("/analyse");
    assert!(page.body.contains("Rapport downloaden"));
    assert!(page.body.contains("/rapport/download?format=md"));
    // Wrong requests.
    assert_eq!(lia.get("/rapport/download?format=exe").status, 400);
    assert_eq!(lia.get("/api/report?format=exe").status, 400);
    assert_eq!(lia.get("/api/report?lang=fr").status, 400);
    assert_eq!(lia.get("/initiatieven/bestaat-niet/portret").status, 404);
    assert_eq!(
        lia.get("/api/initiatives/bestaat-niet/portrait").status,
        404
    );
    assert_eq!(
        crate::http::Client::anonymous(&site.address)
            .get("/api/report")
            .status,
        401
    );
}

#[test]
fn a_contacts_report_lacks_other_initiatives_drafts() {
    let site = Site::new();
    let rik = site.login("rik");
    for (id, secret) in [
        ("atelier-maakkracht", "GEHEIM-MECHANISME"),
        ("zorgpioniers", "EIGEN-MECHANISME"),
    ] {
        let r = rik.json(
            "POST",
            &format!("/api/initiatives/{id}/sessions"),
            &json!({
                "date": "2026-09-01", "kind": "ontwerp-in-actie", "draft": true,
                "cimo": [{"level": "doelgroep", "context": "c", "interventions": ["i"], "mechanisms": [secret]}]
            }),
        );
        assert_eq!(r.status, 201, "{}", r.body);
    }
    let report = |client: &Client| {
        let r = client.get("/rapport/download?format=html");
        assert_eq!(r.status, 200);
        r.body
    };
    let full = report(&rik);
    assert!(
        full.contains("GEHEIM-MECHANISME"),
        "the draft shows in a researcher's report"
    );
    let cas = site.login("cas");
    let theirs = report(&cas);
    assert!(
        !theirs.contains("GEHEIM-MECHANISME"),
        "a contact's report shows another's draft"
    );
    assert!(
        !theirs.contains("EIGEN-MECHANISME"),
        "the network report has no drafts for a contact"
    );
    // Their own initiative's portrait keeps their own draft; another's has none.
    let own = cas.get("/initiatieven/zorgpioniers/portret?format=html");
    assert!(
        own.body.contains("EIGEN-MECHANISME"),
        "own draft in own portrait"
    );
    let other = cas.get("/api/initiatives/atelier-maakkracht/portrait?format=html");
    assert_eq!(other.status, 200);
    assert!(!other.body.contains("GEHEIM-MECHANISME"));
    let (_, _, zip) = get_bytes(&cas, "/api/report?format=md");
    assert!(!document("md", &zip).unwrap().contains("GEHEIM-MECHANISME"));
}

#[test]
fn hostile_markdown_in_the_texts_comes_out_literally() {
    let site = Site::new();
    let rik = site.login("rik");
    let v = texts(&rik)["intro"]["version"].clone();
    let hostile =
        "<script>alert('x')</script>\n\n[klik](javascript:alert(1)) <img src=x onerror=alert(2)>";
    let r = rik.json(
        "PUT",
        "/api/report/texts/intro",
        &json!({"version": v, "text": hostile}),
    );
    assert_eq!(r.status, 200, "{}", r.body);
    let html = rik.get("/rapport/download?format=html").body;
    assert!(!html.contains("<script>alert"), "{html}");
    assert!(!html.contains("<img src=x"), "{html}");
    assert!(!html.contains("href=\"javascript:"), "{html}");
    assert!(html.contains("&lt;script&gt;"), "the text is kept, escaped");
    for client in [&rik, &site.login("lia")] {
        let page = client.get("/rapport").body;
        assert!(!page.contains("<script>alert"), "{page}");
        assert!(page.contains("&lt;script&gt;"));
    }
}
