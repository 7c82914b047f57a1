//! Changing the landscape from outside: researchers add and remove
//! relations between initiatives (page and API) and merge a duplicate
//! organisation into another, after which every link names the one that
//! remains; bad input is refused in Dutch and changes nothing; other
//! roles may not. On both backends.

use crate::http::{Client, Response};
use crate::landscape_views::HAND_MADE;
use crate::support::backends;
use crate::web::Site;
use serde_json::{Value, json};

fn post(client: &Client, path: &str, fields: &[(&str, &str)]) -> Response {
    client.post_fields(path, fields)
}

fn export(site: &Site) -> Value {
    site.export_json()
}

fn message(r: &Response) -> String {
    let v: Value = serde_json::from_str(&r.body).unwrap_or_else(|_| panic!("{}", r.body));
    v["error"]["message"].as_str().unwrap().to_owned()
}

#[test]
fn researchers_add_and_remove_relations_in_the_page_and_the_api() {
    for backend in backends() {
        let site = Site::of(backend, HAND_MADE, "taalhuis");
        let rik = site.login("rik");
        let page = "/initiatieven/taalhuis/landschap";
        let empty = rik.get(page);
        assert!(
            empty.body.contains("Nog geen relaties vastgelegd."),
            "{backend:?}"
        );
        assert!(empty.body.contains("Relatie toevoegen"));

        // By name, with a note.
        let r = post(
            &rik,
            "/initiatieven/taalhuis/relaties",
            &[
                ("soort", "werkt-samen-met"),
                ("naar", "werkfit zorg"),
                ("notitie", "Samen één intake"),
            ],
        );
        assert_eq!(r.status, 303, "{}", r.body);
        assert_eq!(
            r.header("location"),
            Some("/initiatieven/taalhuis/landschap#relaties")
        );
        let shown = rik.get(page).body;
        assert!(shown.contains("werkt samen met"), "{shown}");
        assert!(shown.contains("Werkfit Zorg") && shown.contains("Samen één intake"));
        // The other side names it too.
        let other = rik.get("/initiatieven/werkfit/landschap").body;
        assert!(other.contains("Taalhuis Noord"), "{other}");
        assert!(other.contains("dit initiatief"));
        let relations = export(&site)["relations"].clone();
        assert_eq!(
            relations,
            json!([{"from": "taalhuis", "to": "werkfit", "kind": "werkt-samen-met", "note": "Samen één intake"}])
        );

        // Refused, each with its reason beside the field, the input kept,
        // nothing stored.
        let before = export(&site);
        for (naar, status, words) in [
            ("werkfit", 409, "Deze relatie is er al"),
            (
                "Bestaat Niet",
                400,
                "Er is geen initiatief met de naam of id ‘Bestaat Niet’",
            ),
            ("taalhuis", 400, "geen relatie met zichzelf"),
            ("", 400, "Vul het andere initiatief in"),
        ] {
            let r = post(
                &rik,
                "/initiatieven/taalhuis/relaties",
                &[("soort", "werkt-samen-met"), ("naar", naar)],
            );
            assert_eq!(r.status, status, "{naar}: {}", r.body);
            assert!(r.body.contains(words), "{naar}: {}", r.body);
            assert!(r.body.contains(&format!("value=\"{naar}\"")), "input kept");
            assert!(r.body.contains("aria-invalid=\"true\""));
        }
        for who in ["lia", "cas"] {
            let r = post(
                &site.login(who),
                "/initiatieven/taalhuis/relaties",
                &[("soort", "bouwt-voort-op"), ("naar", "techniekpad")],
            );
            assert_eq!(r.status, 403, "{who}");
            assert!(
                !site.login(who).get(page).body.contains("Relatie toevoegen"),
                "{who}"
            );
        }
        assert_eq!(export(&site), before, "refused input changed the data");

        // The API.
        let body = json!({"from": "techniekpad", "to": "taalhuis", "kind": "bouwt-voort-op"});
        let r = rik.json("POST", "/api/landscape/relations", &body);
        assert_eq!(r.status, 201, "{}", r.body);
        let added: Value = serde_json::from_str(&r.body).unwrap();
        assert_eq!(added["key"], "techniekpad>bouwt-voort-op>taalhuis");
        let r = rik.json("POST", "/api/landscape/relations", &body);
        assert_eq!(r.status, 409, "{}", r.body);
        for (body, status, words) in [
            (
                json!({"from": "techniekpad", "to": "nergens", "kind": "bouwt-voort-op"}),
                404,
                "geen initiatief met de id ‘nergens’",
            ),
            (
                json!({"from": "techniekpad", "to": "techniekpad", "kind": "bouwt-voort-op"}),
                409,
                "geen relatie met zichzelf",
            ),
            (
                json!({"from": "techniekpad", "to": "taalhuis", "kind": "kent"}),
                400,
                "kind",
            ),
            (
                json!({"from": "techniekpad", "to": "taalhuis"}),
                400,
                "kind",
            ),
        ] {
            let r = rik.json("POST", "/api/landscape/relations", &body);
            assert_eq!(r.status, status, "{body}: {}", r.body);
            assert!(message(&r).contains(words), "{body}: {}", r.body);
        }
        let lia = site.login("lia");
        assert_eq!(
            lia.json("POST", "/api/landscape/relations", &body).status,
            403
        );
        // In the landscape's JSON, and gone once removed.
        let landscape = rik.get("/api/landscape").body;
        assert!(landscape.contains("bouwt-voort-op"), "{landscape}");
        let path = "/api/landscape/relations/techniekpad/bouwt-voort-op/taalhuis";
        assert_eq!(
            lia.send("DELETE", path, &[("X-CSRF-Token", &lia.csrf())], None)
                .status,
            403
        );
        let r = rik.send("DELETE", path, &[("X-CSRF-Token", &rik.csrf())], None);
        assert_eq!(r.status, 200, "{}", r.body);
        let r = rik.send("DELETE", path, &[("X-CSRF-Token", &rik.csrf())], None);
        assert_eq!(r.status, 404, "{}", r.body);

        // Removed in the page.
        let r = post(
            &rik,
            "/initiatieven/taalhuis/relaties/verwijderen",
            &[("sleutel", "taalhuis>werkt-samen-met>werkfit")],
        );
        assert_eq!(r.status, 303, "{}", r.body);
        assert!(export(&site).get("relations").is_none());
        assert!(rik.get(page).body.contains("Nog geen relaties vastgelegd."));
    }
}

/// Two records of one school (a duplicate made by hand) and a coalition.
const DUPLICATES: &str = "format: uti-dataset/1
initiatives:
  - id: leerhuis
    name: Leerhuis
    target_groups: [statushouders]
    partners:
      - {name: ROC Midden, kind: onderwijs, organisation: roc-midden}
  - id: zorgpad
    name: Zorgpad
    target_groups: [zij-instromers]
    partners:
      - {name: ROC Midden Nederland, kind: onderwijs, organisation: roc-mn}
  - id: werkpad
    name: Werkpad
    target_groups: [werkzoekenden]
    partners:
      - {name: ROC Midden Nederland, kind: onderwijs, organisation: roc-mn, role: school-deelnemers}
      - {name: ROC Midden, kind: onderwijs, organisation: roc-midden, role: school-deelnemers}
organisations:
  - {id: roc-midden, name: ROC Midden, kind: onderwijs}
  - {id: roc-mn, name: ROC Midden Nederland, kind: onderwijs, place: Utrecht}
  - {id: gemeente, name: Gemeente Voorbeeld, kind: overheid}
coalitions:
  - {id: zorg-onderwijs, name: Coalitie zorg en onderwijs, goal: Samen opleiden, organisations: [roc-mn, gemeente]}
";

#[test]
fn a_duplicate_organisation_is_merged_and_every_link_moves() {
    for backend in backends() {
        let site = Site::of(backend, DUPLICATES, "leerhuis");
        let rik = site.login("rik");
        let page = rik.get("/landschap/organisaties/roc-mn");
        assert_eq!(page.status, 200, "{backend:?}: {}", page.body);
        assert!(page.body.contains("Zorgpad") && page.body.contains("Coalitie zorg en onderwijs"));
        assert!(page.body.contains("Samenvoegen met"));
        assert!(
            !site
                .login("lia")
                .get("/landschap/organisaties/roc-mn")
                .body
                .contains("Samenvoegen met")
        );
        assert_eq!(rik.get("/landschap/organisaties/bestaat-niet").status, 404);
        // The landscape's list links to the page.
        assert!(
            rik.get("/landschap")
                .body
                .contains("href=\"/landschap/organisaties/roc-mn\"")
        );

        let pair = |a: &str, b: &str| {
            let overlaps: Value =
                serde_json::from_str(&rik.get("/api/landscape/overlaps").body).unwrap();
            overlaps["pairs"]
                .as_array()
                .unwrap()
                .iter()
                .find(|p| (p["a"] == a && p["b"] == b) || (p["a"] == b && p["b"] == a))
                .cloned()
        };
        assert_eq!(
            pair("leerhuis", "zorgpad"),
            None,
            "two records, no shared partner yet"
        );

        // Refused: into itself, into nothing, by a reader; nothing changes.
        let before = export(&site);
        let r = post(
            &rik,
            "/landschap/organisaties/roc-mn/samenvoegen",
            &[("met", "roc-mn")],
        );
        assert_eq!(r.status, 400, "{}", r.body);
        assert!(
            r.body.contains("niet met zichzelf worden samengevoegd"),
            "{}",
            r.body
        );
        let r = rik.json(
            "POST",
            "/api/landscape/organisations/roc-mn/merge",
            &json!({"into": "nergens"}),
        );
        assert_eq!(r.status, 404, "{}", r.body);
        assert!(
            message(&r).contains("geen organisatie met de id ‘nergens’"),
            "{}",
            r.body
        );
        let r = rik.json(
            "POST",
            "/api/landscape/organisations/roc-mn/merge",
            &json!({"into": "roc-mn"}),
        );
        assert_eq!(r.status, 409, "{}", r.body);
        assert!(
            message(&r).contains("niet met zichzelf worden samengevoegd"),
            "{}",
            r.body
        );
        let r = rik.json(
            "POST",
            "/api/landscape/organisations/nergens/merge",
            &json!({"into": "roc-mn"}),
        );
        assert_eq!(r.status, 404, "{}", r.body);
        let r = rik.json(
            "POST",
            "/api/landscape/organisations/roc-mn/merge",
            &json!({"naar": "roc-midden"}),
        );
        assert_eq!(r.status, 400, "{}", r.body);
        let lia = site.login("lia");
        let r = lia.json(
            "POST",
            "/api/landscape/organisations/roc-mn/merge",
            &json!({"into": "roc-midden"}),
        );
        assert_eq!(r.status, 403, "{}", r.body);
        assert_eq!(export(&site), before, "a refused merge changed the data");

        // Merged in the page.
        let r = post(
            &rik,
            "/landschap/organisaties/roc-mn/samenvoegen",
            &[("met", "roc-midden")],
        );
        assert_eq!(r.status, 303, "{}", r.body);
        let to = r.header("location").unwrap().to_owned();
        assert!(
            to.starts_with("/landschap/organisaties/roc-midden?melding=samengevoegd"),
            "{to}"
        );
        let kept = rik.get(&to).body;
        assert!(
            kept.contains("is hiermee samengevoegd en verwijderd"),
            "{kept}"
        );
        assert!(kept.contains("Leerhuis") && kept.contains("Zorgpad") && kept.contains("Utrecht"));
        assert_eq!(rik.get("/landschap/organisaties/roc-mn").status, 404);

        let after = export(&site);
        let orgs = after["organisations"].as_array().unwrap();
        assert_eq!(orgs.len(), 2);
        assert_eq!(
            orgs[0],
            json!({"id": "roc-midden", "name": "ROC Midden", "kind": "onderwijs", "place": "Utrecht"}),
            "the one that remains takes the place it lacked"
        );
        assert_eq!(
            after["initiatives"][1]["partners"],
            json!([{"name": "ROC Midden", "kind": "onderwijs", "organisation": "roc-midden"}]),
            "the partner takes the name of the one that remains"
        );
        // Werkpad named both records: it now names the school once.
        assert_eq!(
            after["initiatives"][2]["partners"],
            json!([{"name": "ROC Midden", "kind": "onderwijs", "organisation": "roc-midden", "role": "school-deelnemers"}])
        );
        assert_eq!(
            after["coalitions"][0]["organisations"],
            json!(["roc-midden", "gemeente"])
        );
        // Leerhuis and Zorgpad now share the partner: the overlap finder says so.
        let shared = pair("leerhuis", "zorgpad").expect("an overlap after the merge");
        assert!(
            shared.to_string().contains("gedeelde partner: ROC Midden"),
            "{shared}"
        );

        // The API merges too, and says what it moved.
        let r = rik.json(
            "POST",
            "/api/landscape/organisations/gemeente/merge",
            &json!({"into": "roc-midden"}),
        );
        assert_eq!(r.status, 200, "{}", r.body);
        let done: Value = serde_json::from_str(&r.body).unwrap();
        assert_eq!(done["into"]["id"], "roc-midden");
        assert_eq!(done["initiatives"], 0);
        assert_eq!(done["records"], 1);
        assert_eq!(
            export(&site)["coalitions"][0]["organisations"],
            json!(["roc-midden"])
        );
    }
}

#[test]
fn the_agenda_reads_by_goal_and_by_status_and_a_researcher_moves_an_activity_on() {
    for backend in backends() {
        let site = Site::on(backend);
        let rik = site.login("rik");
        let by_goal = rik.get("/landschap/agenda");
        assert_eq!(by_goal.status, 200, "{backend:?}: {}", by_goal.body);
        let body = &by_goal.body;
        let goal = body.find("Meer werkgevers betrekken").expect("the goal");
        let activity = body
            .find("Werkgeversontbijt per sector")
            .expect("its activity");
        assert!(goal < activity, "the activity stands under its goal");
        assert!(
            body.contains("2 activiteiten: gepland 1, loopt 1, afgerond 0, gestopt 0."),
            "{body}"
        );
        let by_status = rik.get("/landschap/agenda?per=status").body;
        let heading = |s: &str| {
            by_status
                .find(&format!("<h2>{s}"))
                .unwrap_or_else(|| panic!("{s}: {by_status}"))
        };
        let lopend = heading("loopt (1)");
        let gepland = heading("gepland (1)");
        let ontbijt = by_status.find("Werkgeversontbijt per sector").unwrap();
        let intervisie = by_status
            .find("Intervisie voor werkplekbegeleiders")
            .unwrap();
        assert!(
            gepland < intervisie && intervisie < lopend && lopend < ontbijt,
            "{by_status}"
        );
        assert!(by_status.contains("Geen activiteiten met deze status."));
        // Readers read it, without the forms.
        let lia = site.login("lia").get("/landschap/agenda?per=status").body;
        assert!(lia.contains("Werkgeversontbijt per sector") && !lia.contains("name=\"status\""));
        assert!(by_status.contains("name=\"status\""));

        // Done: the page form.
        let r = rik.post_fields(
            "/landschap/agenda/werkgeversontbijt/status",
            &[("status", "afgerond"), ("was", "lopend"), ("per", "status")],
        );
        assert_eq!(r.status, 303, "{}", r.body);
        assert_eq!(
            r.header("location"),
            Some("/landschap/agenda?per=status#activiteit-werkgeversontbijt")
        );
        assert!(
            rik.get("/landschap/agenda?per=status")
                .body
                .contains("afgerond (1)")
        );
        let activities = &site.export_json()["agenda"]["activities"];
        assert_eq!(activities[0]["status"], "afgerond");

        // Someone who still saw "lopend" is refused, and told what it is now.
        let before = site.export_json();
        let r = rik.post_fields(
            "/landschap/agenda/werkgeversontbijt/status",
            &[("status", "gestopt"), ("was", "lopend"), ("per", "doel")],
        );
        assert_eq!(r.status, 409, "{}", r.body);
        assert!(
            r.body
                .contains("intussen door iemand anders gewijzigd in ‘afgerond’"),
            "{}",
            r.body
        );
        let r = rik.json(
            "PUT",
            "/api/landscape/activities/werkgeversontbijt/status",
            &json!({"status": "gestopt", "was": "gepland"}),
        );
        assert_eq!(r.status, 409, "{}", r.body);
        for (path, body, status) in [
            (
                "/api/landscape/activities/nergens/status",
                json!({"status": "lopend"}),
                404,
            ),
            (
                "/api/landscape/activities/werkgeversontbijt/status",
                json!({"status": "klaar"}),
                400,
            ),
            (
                "/api/landscape/activities/werkgeversontbijt/status",
                json!({}),
                400,
            ),
        ] {
            let r = rik.json("PUT", path, &body);
            assert_eq!(r.status, status, "{path} {body}: {}", r.body);
        }
        let lia = site.login("lia");
        let r = lia.json(
            "PUT",
            "/api/landscape/activities/werkgeversontbijt/status",
            &json!({"status": "lopend"}),
        );
        assert_eq!(r.status, 403);
        assert_eq!(
            site.export_json(),
            before,
            "a refused change changed the data"
        );

        // The API, with what it saw.
        let r = rik.json(
            "PUT",
            "/api/landscape/activities/intervisie-begeleiders/status",
            &json!({"status": "lopend", "was": "gepland"}),
        );
        assert_eq!(r.status, 200, "{}", r.body);
        let done: Value = serde_json::from_str(&r.body).unwrap();
        assert_eq!(done["activity"]["status"], "lopend");
        assert_eq!(done["activity"]["owner"], "Zorgpioniers Voorbeeldregio");
    }
}
