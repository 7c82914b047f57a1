//! The landscape in the dataset: organisations, relations, the agenda and
//! coalitions are imported, checked and exported again exactly; partners
//! become organisations (same name and kind = one); on both backends.

use crate::support::{Env, backends};

const LANDSCAPE: &str = "format: uti-dataset/1
challenges:
  - id: werkgevers-bereiken
    name: Bereiken van werkgevers
initiatives:
  - id: leerhuis
    name: Leerhuis
    partners:
      - {name: ROC Midden, kind: onderwijs}
      - {name: Gemeente Voorbeeld, kind: overheid, role: financier}
  - id: zorgpad
    name: Zorgpad
    partners:
      - {name: roc  midden, kind: onderwijs}
      - {name: Zorggroep Oost, kind: werkgever, organisation: zorggroep-oost, role: werkgever-deelnemers}
organisations:
  - {id: zorggroep-oost, name: Zorggroep Oost, kind: werkgever, sector: zorg, place: Voorbeeldstad}
relations:
  - {from: zorgpad, to: leerhuis, kind: verwijst-naar, note: Deelnemers die een opleiding zoeken}
agenda:
  goals:
    - {id: werkgevers-betrekken, name: Meer werkgevers betrekken}
  activities:
    - id: werkgeversontbijt
      name: Werkgeversontbijt per sector
      goal: werkgevers-betrekken
      owner: netwerkbureau
      scope: centraal
      status: lopend
      start: 2026-01-15
      end: 2026-06-30
      initiatives: [leerhuis, zorgpad]
      challenges: [werkgevers-bereiken]
      organisations: [zorggroep-oost]
coalitions:
  - id: zorg-en-onderwijs
    name: Coalitie zorg en onderwijs
    goal: Samen zij-instromers opleiden
    initiatives: [leerhuis, zorgpad]
    organisations: [zorggroep-oost]
    meetings:
      - {date: 2026-02-10, note: Startbijeenkomst}
";

#[test]
fn the_landscape_is_imported_linked_and_exported_exactly_on_every_backend() {
    for backend in backends() {
        let env = Env::new(backend);
        let file = env.write("landschap.yaml", LANDSCAPE);
        let run = env.ok(&["import", file.to_str().unwrap()]);
        assert!(
            run.stdout.contains("Landschap")
                && run
                    .stdout
                    .contains("waarvan 2 organisaties uit partners gemaakt"),
            "{}",
            run.stdout
        );
        let export: serde_json::Value =
            serde_json::from_str(&env.ok(&["export", "--format", "json"]).stdout).unwrap();
        // Two partners named alike are one organisation; the given one is kept.
        let orgs: Vec<(String, String)> = export["organisations"]
            .as_array()
            .unwrap()
            .iter()
            .map(|o| {
                (
                    o["id"].as_str().unwrap().into(),
                    o["kind"].as_str().unwrap().into(),
                )
            })
            .collect();
        assert_eq!(
            orgs,
            [
                ("zorggroep-oost".to_owned(), "werkgever".to_owned()),
                ("roc-midden".into(), "onderwijs".into()),
                ("gemeente-voorbeeld".into(), "overheid".into())
            ],
            "{backend:?}"
        );
        let partner = |i: usize, p: usize| export["initiatives"][i]["partners"][p].clone();
        assert_eq!(partner(0, 0)["organisation"], "roc-midden");
        assert_eq!(partner(1, 0)["organisation"], "roc-midden");
        assert_eq!(partner(0, 1)["role"], "financier");
        assert_eq!(partner(1, 1)["organisation"], "zorggroep-oost");
        assert_eq!(export["relations"][0]["kind"], "verwijst-naar");
        assert_eq!(export["agenda"]["activities"][0]["end"], "2026-06-30");
        assert_eq!(
            export["coalitions"][0]["meetings"][0]["note"],
            "Startbijeenkomst"
        );

        // Export, import into an empty database, export: the same bytes.
        let one = env.ok(&["export", "--format", "yaml"]).stdout;
        let again = Env::new(backend);
        let f = again.write("export.yaml", &one);
        let run = again.ok(&["import", f.to_str().unwrap()]);
        assert!(
            run.stdout.contains("waarvan 0 organisaties"),
            "{}",
            run.stdout
        );
        assert_eq!(
            one,
            again.ok(&["export", "--format", "yaml"]).stdout,
            "{backend:?}"
        );
        // The same file once more changes nothing; other content is a conflict.
        let run = again.ok(&["import", "--replace", f.to_str().unwrap()]);
        assert!(!run.stdout.contains("Landschap"), "{}", run.stdout);
        let changed = one.replace("Startbijeenkomst", "Eerste bijeenkomst");
        let f2 = again.write("changed.yaml", &changed);
        let run = again.run(&["import", f2.to_str().unwrap()]);
        assert!(!run.success);
        assert!(
            run.stderr.contains("ontwikkelcoalitie ‘zorg-en-onderwijs’ bestaat al met een andere inhoud; gebruik --replace"),
            "{}",
            run.stderr
        );
        again.ok(&["import", "--replace", f2.to_str().unwrap()]);
        assert!(again.export().contains("Eerste bijeenkomst"));
    }
}

#[test]
fn a_file_without_the_landscape_stays_valid_and_bad_references_are_placed() {
    let env = Env::sqlite();
    let plain = env.write("plain.yaml", crate::support::MINIMAL);
    env.ok(&["import", "--dry-run", plain.to_str().unwrap()]);
    for (case, place, words) in [
        (
            "relations:\n  - {from: leerhuis, to: nergens, kind: werkt-samen-met}\n",
            "relations[0].to",
            "Er is geen initiatief met id ‘nergens’",
        ),
        (
            "relations:\n  - {from: leerhuis, to: leerhuis, kind: werkt-samen-met}\n",
            "relations[0].to",
            "twee verschillende initiatieven",
        ),
        (
            "relations:\n  - {from: leerhuis, to: ander, kind: samen}\n",
            "relations[0].kind",
            "werkt-samen-met",
        ),
        (
            "organisations:\n  - {id: roc, name: ROC, kind: school}\n",
            "organisations[0].kind",
            "onderwijs",
        ),
        (
            "agenda:\n  activities:\n    - {id: a, name: A, scope: centraal, status: klaar}\n",
            "agenda.activities[0].status",
            "afgerond",
        ),
        (
            "agenda:\n  activities:\n    - {id: a, name: A, scope: centraal, status: lopend, goal: nergens}\n",
            "agenda.activities[0].goal",
            "Er is geen doel met id ‘nergens’",
        ),
        (
            "agenda:\n  activities:\n    - {id: a, name: A, scope: centraal, status: lopend, start: 2026-05-01, end: 2026-04-01}\n",
            "agenda.activities[0].end",
            "De einddatum ligt vóór de begindatum",
        ),
        (
            "coalitions:\n  - {id: c, name: C, goal: G, organisations: [onbekend]}\n",
            "coalitions[0].organisations[0]",
            "Er is geen organisatie met id ‘onbekend’",
        ),
    ] {
        let text = format!(
            "{}  - id: ander\n    name: Ander\n    partners:\n      - {{name: X, kind: overig}}\n{case}",
            crate::support::MINIMAL
        );
        let f = env.write("bad.yaml", &text);
        let run = env.run(&["import", f.to_str().unwrap()]);
        assert!(!run.success, "{case}");
        assert!(
            run.stderr.contains(place) && run.stderr.contains(words),
            "{case}: {}",
            run.stderr
        );
    }
    // A partner that names an organisation the file does not hold.
    let f = env.write(
        "bad.yaml",
        "format: uti-dataset/1\ninitiatives:\n  - id: a\n    name: A\n    partners:\n      - {name: X, kind: overig, organisation: x}\n",
    );
    let run = env.run(&["import", f.to_str().unwrap()]);
    assert!(
        run.stderr
            .contains("initiatives[0].partners[0].organisation")
            && run.stderr.contains("Er is geen organisatie met id ‘x’"),
        "{}",
        run.stderr
    );
    // Nothing of the refused files was stored.
    assert!(!env.export().contains("leerhuis"), "{}", env.export());
}

#[test]
fn the_landscape_page_and_api_show_who_works_with_whom_on_every_backend() {
    for backend in backends() {
        let site = crate::web::Site::on(backend);
        let lia = site.login("lia");
        let page = lia.get("/landschap");
        assert_eq!(page.status, 200, "{backend:?}");
        // The example network's partners became organisations: the ROC
        // takes part in two initiatives, and shows under shared partners.
        assert!(page.body.contains("ROC Voorbeeldregio"), "{}", page.body);
        let shared = page.body.split("id=\"gedeeld\"").nth(1).unwrap();
        let shared = shared.split("id=\"relaties\"").next().unwrap();
        assert!(
            shared.contains("<strong>ROC Voorbeeldregio</strong>"),
            "{shared}"
        );
        assert!(
            shared.contains("<strong>Gemeente Voorbeeldstad</strong>"),
            "{shared}"
        );
        assert!(page.body.contains("verwijst deelnemers naar"));
        assert!(page.body.contains("Werkgeversontbijt per sector"));
        assert!(
            page.body
                .contains("Ontwikkelcoalitie zij-instroom zorg en onderwijs")
        );
        assert!(
            page.body.contains("href=\"/landschap\""),
            "the menu leads here"
        );

        let api = lia.get("/api/landscape");
        assert_eq!(api.status, 200);
        let doc: serde_json::Value = serde_json::from_str(&api.body).unwrap();
        let roc = doc["organisations"]
            .as_array()
            .unwrap()
            .iter()
            .find(|o| o["organisation"]["name"] == "ROC Voorbeeldregio")
            .expect("the ROC is an organisation");
        let ids: Vec<&str> = roc["initiatives"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["initiative"].as_str().unwrap())
            .collect();
        assert_eq!(ids, ["zorgpioniers", "leerlab-havenkant"]);
        assert_eq!(doc["relations"].as_array().unwrap().len(), 3);
        assert_eq!(doc["agenda"]["activities"][0]["status"], "lopend");

        // Not logged in: no landscape.
        let anonymous = crate::http::Client::anonymous(&site.address);
        assert_eq!(anonymous.get("/api/landscape").status, 401);
        assert_ne!(anonymous.get("/landschap").status, 200);
    }
}

#[test]
fn an_empty_landscape_says_where_its_records_come_from() {
    let env = Env::sqlite();
    let f = env.write("plain.yaml", crate::support::MINIMAL);
    env.ok(&["import", f.to_str().unwrap()]);
    crate::web::add_user(&env, "lia", "reader", &[]);
    let (server, address) = crate::support::serve(&env, &[]);
    let _server = crate::support::KillOnDrop(server);
    let lia = crate::http::Client::login(&address, "lia", "wachtwoord-van-lia");
    let page = lia.get("/landschap");
    assert_eq!(page.status, 200);
    assert!(
        page.body
            .contains("Nog geen organisaties. Ze ontstaan vanzelf uit de partners")
    );
    assert!(page.body.contains("Nog geen doe-agenda"));
}

/// Python with networkx, installed with pip when missing.
fn networkx() -> &'static str {
    let has = |py: &str| {
        std::process::Command::new(py)
            .args(["-c", "import networkx"])
            .status()
            .is_ok_and(|s| s.success())
    };
    if !has("python3") {
        let installed = std::process::Command::new("python3")
            .args(["-m", "pip", "install", "--quiet", "networkx"])
            .status()
            .is_ok_and(|s| s.success());
        assert!(
            installed && has("python3"),
            "networkx could not be installed"
        );
    }
    "python3"
}

#[test]
fn graphml_and_gexf_open_in_networkx_with_every_initiative_and_organisation_a_node() {
    let env = Env::sqlite();
    env.ok(&[
        "import",
        crate::support::data("voorbeeldnetwerk.yaml")
            .to_str()
            .unwrap(),
    ]);
    let export: serde_json::Value =
        serde_json::from_str(&env.ok(&["export", "--format", "json"]).stdout).unwrap();
    let initiatives = export["initiatives"].as_array().unwrap().len();
    let organisations = export["organisations"].as_array().unwrap().len();
    let partners: usize = export["initiatives"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["partners"].as_array().map_or(0, Vec::len))
        .sum();
    let relations = export["relations"].as_array().unwrap().len();
    let py = networkx();
    for (flag, file, reader) in [
        ("graphml", "landschap.graphml", "read_graphml"),
        ("gexf", "landschap.gexf", "read_gexf"),
    ] {
        let path = env.path(file);
        // By extension, and by --format.
        env.ok(&["export", "--out", path.to_str().unwrap()]);
        let by_flag = env.ok(&["export", "--format", flag]).stdout;
        assert_eq!(std::fs::read_to_string(&path).unwrap(), by_flag);
        let script = format!(
            "import networkx as nx, json, sys\n\
             g = nx.{reader}(sys.argv[1])\n\
             kinds = {{}}\n\
             for _, d in g.nodes(data=True): kinds[d['kind']] = kinds.get(d['kind'], 0) + 1\n\
             roc = g.nodes['organisation:roc-voorbeeldregio']\n\
             ins = sorted(u for u, _ in g.in_edges('organisation:roc-voorbeeldregio'))\n\
             print(json.dumps({{'kinds': kinds, 'edges': g.number_of_edges(), 'roc': roc['label'], 'roc_kind': roc['organisation_kind'], 'ins': ins}}))"
        );
        let out = std::process::Command::new(py)
            .args(["-c", &script, path.to_str().unwrap()])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let seen: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(seen["kinds"]["initiative"], initiatives, "{flag}");
        assert_eq!(seen["kinds"]["organisation"], organisations, "{flag}");
        assert_eq!(seen["edges"], partners + relations, "{flag}");
        assert_eq!(seen["roc"], "ROC Voorbeeldregio");
        assert_eq!(seen["roc_kind"], "onderwijs");
        assert_eq!(
            seen["ins"],
            serde_json::json!(["initiative:leerlab-havenkant", "initiative:zorgpioniers"])
        );
    }
}

#[test]
fn a_large_landscape_comes_a_page_of_organisations_at_a_time() {
    let env = Env::sqlite();
    let data = env
        .ok(&["generate", "--initiatives", "400", "--seed", "3"])
        .stdout;
    let f = env.write("groot.yaml", &data);
    env.ok(&["import", f.to_str().unwrap()]);
    let orgs =
        serde_json::from_str::<serde_json::Value>(&env.ok(&["export", "--format", "json"]).stdout)
            .unwrap()["organisations"]
            .as_array()
            .unwrap()
            .len();
    assert!(orgs > 200, "{orgs} organisations");
    let pages = orgs.div_ceil(100);
    crate::web::add_user(&env, "lia", "reader", &[]);
    let (server, address) = crate::support::serve(&env, &[]);
    let _server = crate::support::KillOnDrop(server);
    let lia = crate::http::Client::login(&address, "lia", "wachtwoord-van-lia");
    let rows = |body: &str| body.matches("<tr id=\"org-").count();
    let first = lia.get("/landschap");
    assert_eq!(rows(&first.body), 100);
    assert!(
        first.body.contains(&format!("Pagina 1 van {pages}")),
        "{}",
        first.body
    );
    assert!(first.body.contains("href=\"/landschap?pagina=2\""));
    let last = lia.get(&format!("/landschap?pagina={pages}"));
    assert_eq!(rows(&last.body), orgs - (pages - 1) * 100);
    assert!(
        last.body.contains("De eerste 100 van"),
        "the relations are cut at a page"
    );
    // A page that is no number is the first; one past the end the last.
    assert_eq!(lia.get("/landschap?pagina=abc").body, first.body);
    assert_eq!(lia.get("/landschap?pagina=999").body, last.body);
}

#[test]
fn the_report_has_the_action_agenda_and_the_coalitions_when_the_dataset_has_them() {
    let env = Env::sqlite();
    let file = env.write("landschap.yaml", LANDSCAPE);
    env.ok(&["import", file.to_str().unwrap()]);
    env.ok(&["report", "--out", "r.md"]);
    let md = std::fs::read_to_string(env.path("r.md")).unwrap();
    let chapter = md
        .split("## Doe-agenda en ontwikkelcoalities")
        .nth(1)
        .expect("the chapter");
    for words in [
        "De doe-agenda van het netwerk telt 1 doel en 1 activiteit: 0 gepland, 1 loopt, 0 afgerond, 0 gestopt. Er is 1 ontwikkelcoalitie.",
        "### Meer werkgevers betrekken",
        "| Werkgeversontbijt per sector | loopt | netwerkbureau | centraal | 15 januari 2026 – 30 juni 2026 | Leerhuis, Zorgpad, Zorggroep Oost, Bereiken van werkgevers |",
        "#### Coalitie zorg en onderwijs",
        "Samen zij-instromers opleiden",
        "10 februari 2026: Startbijeenkomst",
    ] {
        assert!(chapter.contains(words), "{words} in {chapter}");
    }
    // The same in the PDF, as poppler reads it.
    env.ok(&["report", "--out", "r.pdf"]);
    let text = crate::checks::pdf_text(&env, &std::fs::read(env.path("r.pdf")).unwrap());
    assert!(text.contains("Doe-agenda en ontwikkelcoalities"), "{text}");
    assert!(
        text.contains("Werkgeversontbijt per") && text.contains("Startbijeenkomst"),
        "{text}"
    );
    // Without an agenda or coalitions, no such chapter.
    let plain = Env::sqlite();
    let f = plain.write("plain.yaml", crate::support::MINIMAL);
    plain.ok(&["import", f.to_str().unwrap()]);
    plain.ok(&["report", "--out", "p.md"]);
    assert!(
        !std::fs::read_to_string(plain.path("p.md"))
            .unwrap()
            .contains("Doe-agenda")
    );
}
