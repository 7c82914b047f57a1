//! The design comparison from outside: `/initiatieven/{id}/vergelijk` and
//! `/api/initiatives/{id}/compare` on the real server with the example
//! network, checked against the initiative as the API gives it (every
//! expected figure is derived from that data here, none is written down).

use crate::http::{Client, Response};
use crate::support::{Env, serve};
use crate::web::{Site, add_user};
use serde_json::Value;
use std::collections::HashSet;

const TYPES: [(&str, &str); 5] = [
    ("opleiden", "opleiden"),
    ("community", "community-vorming"),
    ("waarderen-certificeren", "waarderen en certificeren"),
    ("matching", "matching"),
    ("loopbaanbegeleiding", "loopbaanbegeleiding"),
];
const LEVELS: [&str; 3] = ["doelgroep", "werkgevers", "regio"];

fn json(r: &Response) -> Value {
    serde_json::from_str(&r.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", r.body))
}

/// Text as maud writes it in HTML.
fn escaped(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn sessions(initiative: &Value) -> Vec<Value> {
    initiative["sessions"]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

/// The sessions of an initiative as the API gives them.
fn stored_sessions(client: &Client, id: &str) -> Vec<Value> {
    let r = client.get(&format!("/api/initiatives/{id}"));
    assert_eq!(r.status, 200, "{}", r.body);
    sessions(&json(&r)["initiative"])
}

/// The default pair by its definition: the earliest intended design and
/// the latest design in action (by date, file order for ties), else the
/// two most recent sessions.
fn default_pair(sessions: &[Value]) -> (usize, usize) {
    let mut by_date: Vec<usize> = (0..sessions.len()).collect();
    by_date.sort_by_key(|n| (sessions[*n]["date"].as_str().unwrap().to_owned(), *n));
    let kind = |n: &&usize| sessions[**n]["kind"].as_str().unwrap().to_owned();
    let intended = by_date.iter().find(|n| kind(n) == "beoogd-ontwerp");
    let in_action = by_date.iter().rev().find(|n| kind(n) == "ontwerp-in-actie");
    match (intended, in_action) {
        (Some(a), Some(b)) => (*a, *b),
        _ => (by_date[by_date.len() - 2], by_date[by_date.len() - 1]),
    }
}

fn normal(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// The texts of one key of a session's chains at a level, without
/// repeats (compared as the comparison does), first seen first.
fn items(session: &Value, level: &str, key: &str) -> Vec<String> {
    let mut seen = HashSet::new();
    session["cimo"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|c| c["level"] == level)
        .flat_map(|c| c[key].as_array().cloned().unwrap_or_default())
        .map(|v| v.as_str().unwrap().to_owned())
        .filter(|t| seen.insert(normal(t)))
        .collect()
}

/// (added, dropped) of one key at one level between two sessions.
fn expected(a: &Value, b: &Value, level: &str, key: &str) -> (Vec<String>, Vec<String>) {
    let (xs, ys) = (items(a, level, key), items(b, level, key));
    let keys = |v: &[String]| v.iter().map(|t| normal(t)).collect::<HashSet<_>>();
    let (in_a, in_b) = (keys(&xs), keys(&ys));
    (
        ys.into_iter()
            .filter(|t| !in_a.contains(&normal(t)))
            .collect(),
        xs.into_iter()
            .filter(|t| !in_b.contains(&normal(t)))
            .collect(),
    )
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_str().unwrap().to_owned())
        .collect()
}

/// Checks the API's comparison of sessions `a` and `b` and the page's,
/// against the sessions' data.
fn check_pair(client: &Client, id: &str, all: &[Value], a: usize, b: usize, query: &str) {
    let what = format!("{id} {query:?}");
    let r = client.get(&format!("/api/initiatives/{id}/compare{query}"));
    assert_eq!(r.status, 200, "{what}: {}", r.body);
    assert!(
        r.header("content-type")
            .unwrap()
            .starts_with("application/json")
    );
    let api = json(&r);
    assert_eq!(
        (api["a"].as_u64(), api["b"].as_u64()),
        (Some(a as u64), Some(b as u64)),
        "{what}"
    );
    assert_eq!(api["initiative"], id);
    let (sa, sb) = (&all[a], &all[b]);
    assert_eq!(api["sessions"]["a"]["date"], sa["date"], "{what}");
    assert_eq!(api["sessions"]["b"]["kind"], sb["kind"], "{what}");
    let page = client.get(&format!("/initiatieven/{id}/vergelijk{query}"));
    assert_eq!(page.status, 200, "{what}: {}", page.body);
    let html = &page.body;
    assert!(html.contains("lang=\"nl\""));
    assert!(html.contains("<h1>Ontwerpen vergelijken: "), "{what}");
    assert!(
        html.contains("<button type=\"submit\">Vergelijk</button>"),
        "{what}"
    );
    for (name, n) in [("a", a), ("b", b)] {
        assert!(
            html.contains(&format!("<label for=\"{name}\">")),
            "{what}: no label for select {name}"
        );
        assert!(
            html.contains(&format!("<option value=\"{n}\" selected>")),
            "{what}: session {n} not chosen in select {name}"
        );
    }
    // Scores: the API's and the table's, from the plots.
    let both = sa["llo"].is_object() && sb["llo"].is_object();
    for (n, (slug, name)) in TYPES.iter().enumerate() {
        let score = &api["scores"][n];
        assert_eq!(score["type"], *slug, "{what}");
        assert_eq!(score["a"], sa["llo"][slug], "{what} {slug}");
        assert_eq!(score["b"], sb["llo"][slug], "{what} {slug}");
        if !both {
            assert!(score["change"].is_null(), "{what} {slug}");
            continue;
        }
        let (x, y) = (
            sa["llo"][slug].as_i64().unwrap(),
            sb["llo"][slug].as_i64().unwrap(),
        );
        assert_eq!(score["change"].as_i64(), Some(y - x), "{what} {slug}");
        let change = match y - x {
            0 => "gelijk".to_owned(),
            d if d > 0 => format!("<strong>+{d}</strong>"),
            d => format!("<strong>−{}</strong>", -d),
        };
        let row = format!(
            "<tr{}><th scope=\"row\">{name}</th><td class=\"num\">{x}</td><td class=\"num\">{y}</td><td class=\"num\">{change}</td></tr>",
            if x == y { "" } else { " class=\"changed\"" }
        );
        assert!(html.contains(&row), "{what}: no row {row}");
    }
    if both {
        assert!(html.contains("role=\"img\""), "{what}: no chart");
        assert!(html.contains("<caption>Scores per type: A, B en verschil</caption>"));
    }
    // Per level: added and dropped, in the API and on the page.
    for (n, level) in LEVELS.iter().enumerate() {
        let got = &api["levels"][n];
        assert_eq!(got["level"], *level);
        for (key, part) in [
            ("interventions", "interventions"),
            ("mechanisms", "mechanisms"),
            ("outcomes", "outcomes"),
        ] {
            let (added, dropped) = expected(sa, sb, level, key);
            assert_eq!(strings(&got[part]["added"]), added, "{what} {level} {key}");
            assert_eq!(
                strings(&got[part]["dropped"]),
                dropped,
                "{what} {level} {key}"
            );
            for t in &added {
                let shown = format!(
                    "<strong>toegevoegd</strong>: <ins class=\"added\">{}</ins>",
                    escaped(t)
                );
                assert!(html.contains(&shown), "{what}: not shown as added: {t}");
            }
            for t in &dropped {
                let shown = format!(
                    "<strong>vervallen</strong>: <del class=\"dropped\">{}</del>",
                    escaped(t)
                );
                assert!(html.contains(&shown), "{what}: not shown as dropped: {t}");
            }
        }
        for key in ["themes", "challenges"] {
            let (added, dropped) = expected(sa, sb, level, key);
            assert_eq!(strings(&got[key]["added"]), added, "{what} {level} {key}");
            assert_eq!(
                strings(&got[key]["dropped"]),
                dropped,
                "{what} {level} {key}"
            );
        }
        let none = items(sa, level, "interventions").is_empty()
            && items(sb, level, "interventions").is_empty();
        assert_eq!(
            got["chains"]["a"].as_u64() == Some(0) && got["chains"]["b"].as_u64() == Some(0),
            none
        );
    }
}

#[test]
fn by_default_the_intended_design_is_compared_with_the_latest_design_in_action() {
    let site = Site::new();
    let client = site.login("lia");
    let list = json(&client.get("/api/initiatives"));
    let mut compared = 0;
    for entry in list.as_array().unwrap() {
        let id = entry["id"].as_str().unwrap();
        let all = stored_sessions(&client, id);
        let link = format!("<a href=\"/initiatieven/{id}/vergelijk\">Vergelijk ontwerpen</a>");
        let page = client.get(&format!("/initiatieven/{id}"));
        assert_eq!(
            page.body.contains(&link),
            all.len() >= 2,
            "{id}: link to the comparison"
        );
        if all.len() < 2 {
            continue;
        }
        let (a, b) = default_pair(&all);
        check_pair(&client, id, &all, a, b, "");
        compared += 1;
    }
    assert!(
        compared >= 5,
        "the example network has only {compared} initiatives to compare"
    );
}

#[test]
fn any_two_sessions_can_be_compared_in_either_order() {
    let site = Site::new();
    let client = site.login("rik");
    let list = json(&client.get("/api/initiatives"));
    let id = list
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["sessions"].as_u64().unwrap() >= 3)
        .map(|e| e["id"].as_str().unwrap().to_owned())
        .next()
        .expect("an initiative with three sessions");
    let all = stored_sessions(&client, &id);
    for a in 0..all.len() {
        for b in 0..all.len() {
            check_pair(&client, &id, &all, a, b, &format!("?a={a}&b={b}"));
        }
    }
    // One given, the other from the default pair; empty means not given.
    let (da, db) = default_pair(&all);
    let other = (0..all.len()).find(|n| *n != da).unwrap();
    check_pair(&client, &id, &all, other, db, &format!("?a={other}"));
    check_pair(&client, &id, &all, da, other, &format!("?a=&b={other}"));
    // The same session twice is allowed, and said.
    let same = client.get(&format!("/initiatieven/{id}/vergelijk?a=0&b=0"));
    assert!(
        same.body.contains("U vergelijkt een sessie met zichzelf"),
        "{}",
        same.body
    );
}

#[test]
fn a_bad_session_number_is_a_dutch_400_or_404_and_an_unknown_initiative_a_404() {
    let site = Site::new();
    let client = site.login("cas");
    let id = "zorgpioniers";
    let n = stored_sessions(&client, id).len();
    for query in [
        "a=x".to_owned(),
        "b=-1".to_owned(),
        format!("a={n}"),
        format!("a=0&b={}", n + 100),
        "a=1.0".to_owned(),
        "a=%201".to_owned(),
        "b=99999999999999999999999".to_owned(),
        "a=%3Cscript%3E".to_owned(),
    ] {
        let page = client.get(&format!("/initiatieven/{id}/vergelijk?{query}"));
        assert_eq!(page.status, 400, "{query}: {}", page.body);
        assert!(page.body.contains("<h1>Ongeldige invoer</h1>"), "{query}");
        assert!(
            page.body.contains("is geen sessie van dit initiatief"),
            "{query}: {}",
            page.body
        );
        assert!(
            page.body.contains(&format!("tot en met {}", n - 1)),
            "{query}"
        );
        assert!(!page.body.contains("<script>"), "{query}");
        // The API: a number that names no session is not found (404, as
        // for /sessions/{n}); anything else is not a number (400).
        let api = client.get(&format!("/api/initiatives/{id}/compare?{query}"));
        let number = query
            .split('&')
            .filter_map(|p| p.split_once('='))
            .all(|(_, v)| v.bytes().all(|b| b.is_ascii_digit()));
        let status = if number { 404 } else { 400 };
        assert_eq!(api.status, status, "{query}: {}", api.body);
        let body = json(&api);
        assert_eq!(body["error"]["status"], status);
        assert!(
            body["error"]["message"]
                .as_str()
                .unwrap()
                .contains("is geen sessie")
        );
    }
    let en = client.get(&format!("/api/initiatives/{id}/compare?a=x&lang=en"));
    assert!(
        json(&en)["error"]["message"]
            .as_str()
            .unwrap()
            .contains("is not a session")
    );
    let page = client.get("/initiatieven/bestaat-niet/vergelijk");
    assert_eq!(page.status, 404);
    assert!(page.body.contains("Niet gevonden"));
    let api = client.get("/api/initiatives/bestaat-niet/compare?a=0&b=1");
    assert_eq!(api.status, 404);
    assert_eq!(json(&api)["error"]["status"], 404);
}

#[test]
fn with_fewer_than_two_sessions_the_page_says_so_and_links_back() {
    let site = Site::new();
    let client = site.login("ada");
    let list = json(&client.get("/api/initiatives"));
    let mut seen = HashSet::new();
    for entry in list.as_array().unwrap() {
        let count = entry["sessions"].as_u64().unwrap();
        if count >= 2 {
            continue;
        }
        seen.insert(count);
        let id = entry["id"].as_str().unwrap();
        let page = client.get(&format!("/initiatieven/{id}/vergelijk"));
        assert_eq!(page.status, 200, "{id}: {}", page.body);
        let message = if count == 1 {
            "Er is maar één sessie; een vergelijking heeft er twee nodig."
        } else {
            "Er zijn nog geen sessies; een vergelijking heeft er twee nodig."
        };
        assert!(page.body.contains(message), "{id}: {}", page.body);
        assert!(
            page.body
                .contains(&format!("<a href=\"/initiatieven/{id}\">Terug naar "))
        );
        assert!(
            !page.body.contains("<select"),
            "{id}: a form without sessions to choose"
        );
        // The API: the initiative's state does not allow it (409).
        let api = client.get(&format!("/api/initiatives/{id}/compare"));
        assert_eq!(api.status, 409, "{id}: {}", api.body);
        assert_eq!(json(&api)["error"]["message"], message);
    }
    assert_eq!(
        seen.len(),
        2,
        "the example network should have initiatives with 0 and 1 session"
    );
}

#[test]
fn every_role_may_compare_and_anonymous_users_may_not() {
    let site = Site::new();
    let anonymous = Client::anonymous(&site.address);
    let page = anonymous.get("/initiatieven/zorgpioniers/vergelijk");
    assert_eq!(page.status, 303);
    assert_eq!(
        anonymous
            .get("/api/initiatives/zorgpioniers/compare")
            .status,
        401
    );
    for name in ["ada", "rik", "lia", "cas"] {
        let client = site.login(name);
        assert_eq!(
            client.get("/initiatieven/codeschakel/vergelijk").status,
            200,
            "{name}"
        );
        assert_eq!(
            client.get("/api/initiatives/codeschakel/compare").status,
            200,
            "{name}"
        );
    }
}

#[test]
fn the_page_speaks_english_when_asked() {
    let site = Site::new();
    let client = site.login("lia");
    let page = client.get("/initiatieven/zorgpioniers/vergelijk?lang=en");
    assert_eq!(page.status, 200);
    assert!(page.body.contains("lang=\"en\""));
    assert!(page.body.contains("<h1>Compare designs: "));
    assert!(
        page.body
            .contains("<button type=\"submit\">Compare</button>")
    );
    assert!(
        page.body
            .contains("<input type=\"hidden\" name=\"lang\" value=\"en\">")
    );
    assert!(page.body.contains("CIMO chains by level"));
}

#[test]
fn html_in_the_compared_sessions_shows_as_text() {
    let env = Env::sqlite();
    let evil = "<script>alert(1)</script>";
    let file = env.write(
        "x.yaml",
        format!(
            "format: uti-dataset/1
themes:
  - id: t
    name: \"{evil}\"
initiatives:
  - id: x
    name: \"{evil}\"
    sessions:
      - date: 2024-01-01
        kind: beoogd-ontwerp
        llo: {{opleiden: 2, community: 1, waarderen-certificeren: 0, matching: 0, loopbaanbegeleiding: 1}}
        cimo:
          - level: doelgroep
            context: c
            interventions: [\"<b>weg</b>\"]
      - date: 2024-06-01
        kind: ontwerp-in-actie
        llo: {{opleiden: 1, community: 1, waarderen-certificeren: 0, matching: 0, loopbaanbegeleiding: 1}}
        cimo:
          - level: doelgroep
            context: c
            interventions: [\"{evil}\"]
            mechanisms: [\"<img src=x onerror=alert(2)>\"]
            themes: [t]
"
        ),
    );
    env.ok(&["import", file.to_str().unwrap()]);
    add_user(&env, "rik", "researcher", &[]);
    let (mut server, address) = serve(&env, &[]);
    let client = Client::login(&address, "rik", "wachtwoord-van-rik");
    let page = client.get("/initiatieven/x/vergelijk");
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(
        !page.body.contains("<script>alert"),
        "the page runs a script"
    );
    assert!(
        !page.body.contains("<img src=x"),
        "the page has an injected img"
    );
    assert!(!page.body.contains("<b>weg"), "the page has an injected b");
    assert!(
        page.body
            .contains("<ins class=\"added\">&lt;script&gt;alert(1)&lt;/script&gt;</ins>")
    );
    assert!(
        page.body
            .contains("<del class=\"dropped\">&lt;b&gt;weg&lt;/b&gt;</del>")
    );
    let api = client.get("/api/initiatives/x/compare");
    let body = json(&api);
    assert_eq!(body["levels"][0]["interventions"]["added"][0], evil);
    assert_eq!(body["levels"][0]["themes"]["added"][0], "t");
    server.kill().unwrap();
    server.wait().unwrap();
}
