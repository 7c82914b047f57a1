//! Search: Dutch word forms match, the same hits on both backends, hits
//! grouped by kind with the words marked, and roles respected.

use crate::support::backends;
use crate::web::Site;
use serde_json::Value;

const DATA: &str = "format: uti-dataset/1
themes:
  - {id: mobiliteit, name: Mobiliteit, description: Met de fiets naar het werk.}
initiatives:
  - id: fietsroute
    name: Fietsroute naar werk
    problem: Jongeren zonder fiets bereiken de werkgevers op het bedrijventerrein niet.
    partners:
      - {name: Fietsen Oost, kind: werkgever}
    sessions:
      - date: 2026-01-10
        kind: beoogd-ontwerp
        notes: Transcript met het woord vertrouwelijkheid.
        cimo:
          - level: doelgroep
            context: Deelnemers hebben geen vervoer.
            interventions: [Begeleiden bij het fietsen naar de werkplek]
      - date: 2026-02-10
        kind: ontwerp-in-actie
        draft: true
        lessons: [Werkgevers willen een conceptafspraak over begeleiding]
  - id: buurtwerk
    name: Buurtwerk
    problem: Ouderen zoeken werk in de buurt.
agenda:
  activities:
    - {id: fietsdag, name: Dag van de fiets met werkgevers, scope: centraal, status: gepland}
coalitions:
  - {id: vervoer, name: Coalitie vervoer, goal: Samen fietsen stimuleren}
";

fn search(site: &Site, user: &str, q: &str) -> Value {
    let reply = site
        .login(user)
        .get(&format!("/api/search?q={}", q.replace(' ', "+")));
    assert_eq!(reply.status, 200, "{q}: {}", reply.body);
    serde_json::from_str(&reply.body).unwrap()
}

fn hits(found: &Value) -> Vec<(String, String)> {
    found["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| {
            (
                h["kind"].as_str().unwrap().to_owned(),
                h["id"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(k, i)| (k.to_string(), i.to_string()))
        .collect()
}

#[test]
fn dutch_word_forms_give_the_same_hits_on_both_backends_and_roles_are_respected() {
    let mut answers = Vec::new();
    for backend in backends() {
        let site = Site::of(backend, DATA, "buurtwerk");
        // fiets finds fietsen and fiets, in every kind of record.
        let found = search(&site, "lia", "fiets");
        assert_eq!(
            hits(&found),
            pairs(&[
                ("initiative", "fietsroute"),
                ("chain", "1/doelgroep"),
                ("organisation", "fietsen-oost"),
                ("activity", "fietsdag"),
                ("coalition", "vervoer"),
                ("theme", "mobiliteit"),
            ]),
            "{backend:?}: {found}"
        );
        let chain = &found["results"][1];
        assert_eq!(chain["initiative"], "fietsroute");
        assert_eq!(chain["session"], 1);
        assert_eq!(chain["matched"], serde_json::json!(["fietsen"]));
        // Singular and plural, noun and verb.
        assert_eq!(
            hits(&search(&site, "lia", "werkgever")),
            hits(&search(&site, "lia", "werkgevers"))
        );
        let begeleiding = search(&site, "lia", "begeleiding");
        assert_eq!(
            hits(&begeleiding),
            pairs(&[("session", "2"), ("chain", "1/doelgroep")]),
            "{begeleiding}"
        );
        assert_eq!(begeleiding["results"][0]["draft"], true);
        // Every word in one record; common words do not count.
        assert_eq!(
            hits(&search(&site, "lia", "de fiets en de werkgevers")),
            pairs(&[("initiative", "fietsroute"), ("activity", "fietsdag")])
        );
        assert_eq!(search(&site, "lia", "fiets ouderen")["total"], 0);
        // Notes for those who may read them.
        assert_eq!(
            hits(&search(&site, "lia", "vertrouwelijkheid")),
            pairs(&[("note", "1")])
        );
        // The contact of another initiative finds neither its drafts nor its notes.
        assert_eq!(search(&site, "cas", "vertrouwelijkheid")["total"], 0);
        assert_eq!(
            hits(&search(&site, "cas", "begeleiding")),
            pairs(&[("chain", "1/doelgroep")])
        );
        answers.push(search(&site, "rik", "werkgevers begeleiden fiets"));

        // The page groups and marks; the header has the box.
        let lia = site.login("lia");
        let page = lia.get("/zoeken?q=fietsen");
        assert_eq!(page.status, 200);
        assert!(page.body.contains("role=\"search\""));
        assert!(
            page.body
                .contains("<h2 id=\"soort-initiative\">Initiatieven (1)</h2>"),
            "{}",
            page.body
        );
        assert!(page.body.contains("<mark>fiets</mark>"), "{}", page.body);
        assert!(page.body.contains("<mark>fietsen</mark>"));
        let none = lia.get("/zoeken?q=onvindbaarwoord");
        assert!(none.body.contains("Niets gevonden voor ‘onvindbaarwoord’"));
        assert!(lia.get("/zoeken").body.contains("Woordvormen tellen mee"));
        // Bad questions get a Dutch answer; no login, no search.
        let missing = lia.get("/api/search");
        assert_eq!(missing.status, 400);
        assert!(
            missing.body.contains("Parameter q ontbreekt"),
            "{}",
            missing.body
        );
        assert_eq!(
            lia.get(&format!("/api/search?q={}", "a".repeat(201)))
                .status,
            400
        );
        let anonymous = crate::http::Client::anonymous(&site.address);
        assert_eq!(anonymous.get("/api/search?q=fiets").status, 401);
    }
    if answers.len() == 2 {
        assert_eq!(answers[0], answers[1], "SQLite and PostgreSQL differ");
    }
}
