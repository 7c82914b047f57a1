//! The API's contract from outside: the generated OpenAPI document
//! describes every operation with its bodies, answers and refusals, and
//! every refusal of the framework (content type, JSON, query and path
//! values, methods) comes in the API's error shape, in the caller's
//! language, naming the field; pages get the error page instead.

use crate::http::{Client, Response, request};
use crate::web::Site;
use serde_json::{Value, json};

/// English words of the parsers that must not appear in a Dutch message.
const PARSER_ENGLISH: &[&str] = &[
    "expected",
    "invalid",
    "at line",
    "column",
    "missing field",
    "failed to",
    "deserialize",
];

#[track_caller]
fn error(r: &Response, status: u16) -> String {
    assert_eq!(r.status, status, "{}", r.body);
    assert!(
        r.header("content-type")
            .is_some_and(|c| c.starts_with("application/json")),
        "{:?}",
        r.headers
    );
    let body: Value = serde_json::from_str(&r.body).unwrap_or_else(|e| panic!("{e}: {}", r.body));
    assert_eq!(body["error"]["status"], status, "{body}");
    body["error"]["message"].as_str().unwrap().to_owned()
}

#[track_caller]
fn dutch(message: &str) {
    let lower = message.to_lowercase();
    for word in PARSER_ENGLISH {
        assert!(
            !lower.contains(word),
            "parser English `{word}` in: {message}"
        );
    }
}

/// A change sent by `client` with its CSRF token and the given type.
fn send(
    client: &Client,
    method: &str,
    path: &str,
    content_type: Option<&str>,
    body: &str,
) -> Response {
    let csrf = client.csrf();
    let mut headers = vec![("X-CSRF-Token", csrf.as_str())];
    if let Some(c) = content_type {
        headers.push(("Content-Type", c));
    }
    client.send(method, path, &headers, Some(body))
}

#[test]
fn a_body_of_another_type_is_415_in_dutch_and_one_without_a_type_is_read_as_json() {
    let site = Site::new();
    let rik = site.login("rik");
    let texts: Value = serde_json::from_str(&rik.get("/api/report/texts").body).unwrap();
    let version = texts["intro"]["version"].as_i64().unwrap();
    let body = json!({"version": version, "text": "Inleiding."}).to_string();
    let r = send(
        &rik,
        "PUT",
        "/api/report/texts/intro",
        Some("text/plain"),
        &body,
    );
    let message = error(&r, 415);
    assert!(
        message.contains("Content-Type: application/json"),
        "{message}"
    );
    assert!(message.starts_with("Stuur de inhoud als JSON"), "{message}");
    let r = send(
        &rik,
        "PUT",
        "/api/report/texts/intro?lang=en",
        Some("application/x-www-form-urlencoded"),
        &body,
    );
    assert!(error(&r, 415).starts_with("Send the body as JSON"));
    // The old form, a body without a Content-Type, still works.
    let r = send(&rik, "PUT", "/api/report/texts/intro", None, &body);
    assert_eq!(r.status, 200, "{}", r.body);
    // As does a version written as 2.0 (JSON does not tell them apart).
    let body = json!({"version": (version + 1) as f64, "text": "Inleiding 2."}).to_string();
    let r = send(
        &rik,
        "PUT",
        "/api/report/texts/intro",
        Some("application/json; charset=utf-8"),
        &body,
    );
    assert_eq!(r.status, 200, "{}", r.body);
}

#[test]
fn an_unknown_method_is_405_with_allow_and_the_error_body_and_a_page_for_pages() {
    let site = Site::new();
    let lia = site.login("lia");
    let r = lia.send("PATCH", "/api/initiatives", &[], None);
    let message = error(&r, 405);
    assert!(message.contains("PATCH"), "{message}");
    assert!(message.contains("Allow"), "{message}");
    let allow = r.header("allow").expect("an Allow header");
    for method in ["GET", "POST"] {
        assert!(allow.contains(method), "{allow}");
    }
    let r = lia.send("DELETE", "/api/report/texts?lang=en", &[], None);
    assert!(error(&r, 405).contains("does not take the method DELETE"));
    assert_eq!(r.header("allow"), Some("GET,HEAD"));
    // A page gets the error page, also with Allow.
    let r = lia.send("PUT", "/analyse", &[], None);
    assert_eq!(r.status, 405);
    assert!(r.header("content-type").unwrap().starts_with("text/html"));
    assert!(r.body.contains("kent de methode PUT niet"), "{}", r.body);
    assert!(r.header("allow").is_some());
}

#[test]
fn a_bad_query_or_path_value_is_named_in_dutch() {
    let site = Site::new();
    let rik = site.login("rik");
    let csrf = rik.csrf();
    let r = rik.send(
        "DELETE",
        "/api/initiatives/zorgpioniers/sessions/0?version=abc",
        &[("X-CSRF-Token", &csrf)],
        None,
    );
    let message = error(&r, 400);
    assert_eq!(
        message,
        "Parameter ‘version’: ‘abc’ past hier niet; hier hoort een geheel getal"
    );
    dutch(&message);
    let r = rik.send(
        "DELETE",
        "/api/initiatives/zorgpioniers/sessions/0?version=abc&lang=en",
        &[("X-CSRF-Token", &csrf)],
        None,
    );
    assert_eq!(
        error(&r, 400),
        "Parameter ‘version’: ‘abc’ does not fit here; this should be a whole number"
    );
    // Path values.
    let message = error(&rik.get("/api/report/versions/abc"), 400);
    assert!(
        message.starts_with("‘n’ in het pad: ‘abc’ past hier niet"),
        "{message}"
    );
    dutch(&message);
    let r = rik.send(
        "DELETE",
        "/api/initiatives/zorgpioniers/sessions/twee",
        &[("X-CSRF-Token", &csrf)],
        None,
    );
    let message = error(&r, 400);
    assert!(message.contains("‘n’"), "{message}");
    assert!(
        message.contains("een geheel getal van 0 of meer"),
        "{message}"
    );
    // A page with a bad path value gets the error page.
    let r = rik.get("/rapport/versies/abc/download");
    assert_eq!(r.status, 400);
    assert!(r.header("content-type").unwrap().starts_with("text/html"));
    assert!(r.body.contains("‘abc’ past hier niet"), "{}", r.body);
    // A query value of the analysis and of the export.
    let message = error(&rik.get("/api/analysis?soort=later"), 400);
    assert!(
        message.contains("`soort`") && message.contains("later"),
        "{message}"
    );
    let message = error(&rik.get("/api/dataset?format=pdf"), 400);
    assert!(message.contains("format"), "{message}");
}

#[test]
fn a_body_that_is_not_json_or_not_of_the_right_shape_is_400_in_dutch_with_its_place() {
    let site = Site::new();
    let rik = site.login("rik");
    let path = "/api/initiatives/zorgpioniers/sessions/0";
    let r = send(
        &rik,
        "PUT",
        path,
        Some("application/json"),
        "{\n  \"version\": 1,\n  \"session\": {]\n}",
    );
    let message = error(&r, 400);
    assert!(
        message.starts_with("De inhoud is geen geldige JSON: "),
        "{message}"
    );
    assert!(message.contains("(regel 3, kolom"), "{message}");
    dutch(&message);
    let r = send(
        &rik,
        "PUT",
        &format!("{path}?lang=en"),
        Some("application/json"),
        "{\"version\": 1,",
    );
    let message = error(&r, 400);
    assert!(
        message.starts_with("The body is not valid JSON: "),
        "{message}"
    );
    assert!(message.contains("(line 1, column"), "{message}");
    // A missing field, and a value of the wrong kind, are named.
    let r = send(
        &rik,
        "PUT",
        path,
        Some("application/json"),
        r#"{"session": {}}"#,
    );
    let message = error(&r, 400);
    assert!(
        message.contains("verplicht veld ‘version’ ontbreekt"),
        "{message}"
    );
    dutch(&message);
    let r = send(
        &rik,
        "PUT",
        path,
        Some("application/json"),
        r#"{"version": "een", "session": {}}"#,
    );
    let message = error(&r, 400);
    assert!(message.contains("bij ‘version’"), "{message}");
    assert!(
        message.contains("hier hoort een geheel getal, maar er staat tekst"),
        "{message}"
    );
    dutch(&message);
    let r = send(
        &rik,
        "PUT",
        path,
        Some("application/json"),
        r#"{"version": 1, "session": []}"#,
    );
    assert!(error(&r, 400).contains("bij ‘session’"));
    // An empty body where one is needed.
    let r = send(
        &rik,
        "POST",
        "/api/initiatives",
        Some("application/json"),
        "",
    );
    let message = error(&r, 400);
    assert_eq!(message, "De inhoud is leeg; stuur een JSON-document.");
    // Too large: 413 in the error shape.
    let big = format!("{{\"text\": \"{}\"}}", "x".repeat(3 << 20));
    let r = send(
        &rik,
        "PUT",
        "/api/report/texts/intro",
        Some("application/json"),
        &big,
    );
    let message = error(&r, 413);
    assert!(message.starts_with("De inhoud is te groot"), "{message}");
}

#[test]
fn a_reader_is_refused_a_change_before_its_body_is_read() {
    let site = Site::new();
    let lia = site.login("lia");
    let r = send(
        &lia,
        "PUT",
        "/api/initiatives/zorgpioniers/sessions/x",
        Some("text/plain"),
        "{",
    );
    error(&r, 403);
    let anonymous = request(
        &site.address,
        "POST",
        "/api/initiatives",
        &[("Content-Type", "text/plain")],
        Some("{"),
    );
    error(&anonymous, 401);
}

/// The schema a `$ref` points to.
fn resolve<'a>(doc: &'a Value, schema: &'a Value) -> &'a Value {
    match schema["$ref"].as_str() {
        Some(r) => {
            let name = r.rsplit('/').next().unwrap();
            &doc["components"]["schemas"][name]
        }
        None => schema,
    }
}

#[test]
fn the_document_describes_every_body_answer_and_refusal() {
    let site = Site::new();
    let r = request(&site.address, "GET", "/api/openapi.json", &[], None);
    assert_eq!(r.status, 200);
    let doc: Value = serde_json::from_str(&r.body).unwrap();
    assert_eq!(doc["openapi"], "3.1.0");
    let schemes = &doc["components"]["securitySchemes"];
    assert_eq!(schemes["bearer"]["scheme"], "bearer");
    assert_eq!(schemes["cookie"]["in"], "cookie");
    assert_eq!(schemes["cookie"]["name"], "uti_sessie");
    assert_eq!(schemes["csrf"]["in"], "header");
    assert_eq!(schemes["csrf"]["name"], "X-CSRF-Token");
    // One error shape, with the extra fields some errors carry.
    let error = &doc["components"]["schemas"]["ErrorDetail"]["properties"];
    for field in [
        "status",
        "message",
        "errors",
        "more",
        "current",
        "version",
        "differs_from_yours",
    ] {
        assert!(error.get(field).is_some(), "ErrorDetail.{field}");
    }
    let mut operations = 0;
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            operations += 1;
            let id = op["operationId"].as_str().unwrap();
            let responses = op["responses"].as_object().unwrap();
            // Every answer has a schema, but a 204.
            for (status, response) in responses {
                if status == "204" {
                    continue;
                }
                let content = response["content"]
                    .as_object()
                    .unwrap_or_else(|| panic!("{id} {status}: no content"));
                for (media, c) in content {
                    assert!(c["schema"].is_object(), "{id} {status} {media}: no schema");
                }
                if status.starts_with('4') {
                    let schema = &content["application/json"]["schema"];
                    assert_eq!(
                        schema["$ref"], "#/components/schemas/ErrorBody",
                        "{id} {status}"
                    );
                }
            }
            if id != "openapi" {
                assert!(responses.contains_key("401"), "{id}: 401");
                assert!(
                    op["security"].as_array().is_some_and(|s| !s.is_empty()),
                    "{id}: security"
                );
            }
            let changes = method != "get";
            if changes {
                assert!(responses.contains_key("403"), "{id}: 403");
                let security = op["security"].to_string();
                assert!(security.contains("csrf"), "{id}: {security}");
            }
            if path.contains('{') {
                assert!(responses.contains_key("404"), "{id}: 404");
            }
            let parameters = op["parameters"].as_array().cloned().unwrap_or_default();
            for p in &parameters {
                assert!(p["schema"].is_object(), "{id}: {} has no schema", p["name"]);
                assert!(
                    p["description"].is_string(),
                    "{id}: {} has no description",
                    p["name"]
                );
                if p["in"] == "path" {
                    assert_eq!(p["required"], true, "{id}: {}", p["name"]);
                    let has_example = p.get("example").is_some()
                        || resolve(&doc, &p["schema"]).get("examples").is_some()
                        || resolve(&doc, &p["schema"]).get("example").is_some()
                        || resolve(&doc, &p["schema"]).get("enum").is_some();
                    assert!(
                        has_example,
                        "{id}: path parameter {} has no example",
                        p["name"]
                    );
                }
            }
            if !parameters.is_empty() && parameters.iter().any(|p| p["in"] == "query")
                || path.contains('{')
            {
                assert!(
                    responses.contains_key("400") || responses.contains_key("404"),
                    "{id}: 400"
                );
            }
            if let Some(body) = op.get("requestBody") {
                for (media, c) in body["content"].as_object().unwrap() {
                    let schema = resolve(&doc, &c["schema"]);
                    assert!(
                        schema.is_object() && schema.as_object().is_some_and(|s| !s.is_empty()),
                        "{id} {media}: empty body schema"
                    );
                }
                for status in ["400", "413", "415"] {
                    assert!(responses.contains_key(status), "{id}: {status}");
                }
            }
        }
    }
    assert_eq!(operations, 50);
    // The dataset format is described with its rules.
    let session = &doc["components"]["schemas"]["SessionDoc"];
    assert_eq!(session["additionalProperties"], false);
    assert_eq!(session["properties"]["date"]["format"], "date");
    assert_eq!(doc["components"]["schemas"]["SlugDoc"]["maxLength"], 64);
    let plot = &doc["components"]["schemas"]["PlotDoc"];
    assert_eq!(plot["required"].as_array().unwrap().len(), 5);
    assert_eq!(plot["properties"]["matching"]["maximum"], 2);
}

#[test]
fn the_browsable_page_lists_the_operations_of_the_document() {
    let site = Site::new();
    let page = Client::anonymous(&site.address).get("/api/docs");
    assert_eq!(page.status, 200);
    for text in [
        "PUT /api/initiatives/{id}/sessions/{n}",
        "SessionChange",
        "ErrorBody",
        "415",
    ] {
        assert!(page.body.contains(text), "{text} missing");
    }
}
