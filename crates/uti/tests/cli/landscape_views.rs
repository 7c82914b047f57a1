//! The landscape's views on a hand-made network whose answers are known:
//! the overlap finder, the peer suggestions, the coverage matrices and
//! the network map, on both backends.

use crate::support::backends;
use crate::web::Site;
use serde_json::Value;

/// Four initiatives. Taalhuis and Werkfit do the same for the same people
/// with the same partner (an overlap of 3 + 2 + 3 + 2 = 10 points);
/// Techniekpad works elsewhere for others but faces Taalhuis's challenge
/// through the same mechanism (peers: 3 + 2 + 1 + 1 = 7); Winkelwijs has
/// nothing in common with anyone.
pub const HAND_MADE: &str = "format: uti-dataset/1
themes:
  - {id: taal, name: Taal op de werkvloer}
  - {id: loopbaan, name: Loopbaanontwikkeling}
challenges:
  - {id: werkgevers-bereiken, name: Bereiken van werkgevers}
  - {id: uitval, name: Voortijdige uitval}
initiatives:
  - id: taalhuis
    name: Taalhuis Noord
    target_groups: [statushouders]
    sectors: [zorg]
    partners:
      - {name: ROC Midden, kind: onderwijs}
    sessions:
      - date: 2026-03-01
        kind: beoogd-ontwerp
        cimo:
          - level: doelgroep
            context: Statushouders vinden moeilijk werk in de zorg.
            interventions: [Taallessen op de werkvloer]
            mechanisms: [Vertrouwen in eigen kunnen]
            outcomes: [Deelnemers begeleiden zelf bewoners]
            challenges: [werkgevers-bereiken]
            themes: [taal]
        llo: {opleiden: 0, community: 0, waarderen-certificeren: 0, matching: 2, loopbaanbegeleiding: 1}
  - id: werkfit
    name: Werkfit Zorg
    target_groups: [Statushouders]
    sectors: [zorg]
    partners:
      - {name: roc midden, kind: onderwijs}
    sessions:
      - date: 2026-03-02
        kind: beoogd-ontwerp
        llo: {opleiden: 0, community: 0, waarderen-certificeren: 0, matching: 1, loopbaanbegeleiding: 2}
  - id: techniekpad
    name: Techniekpad
    target_groups: [jongeren]
    sectors: [techniek]
    sessions:
      - date: 2026-03-03
        kind: ontwerp-in-actie
        cimo:
          - level: werkgevers
            context: Technische bedrijven nemen weinig jongeren aan.
            interventions: [Bedrijfsbezoeken]
            mechanisms: [vertrouwen in eigen kunnen]
            challenges: [werkgevers-bereiken]
            themes: [loopbaan]
        llo: {opleiden: 2, community: 0, waarderen-certificeren: 0, matching: 0, loopbaanbegeleiding: 0}
  - id: winkelwijs
    name: Winkelwijs
    target_groups: [ouderen]
    sectors: [retail]
";

fn json(site: &Site, user: &str, path: &str) -> Value {
    let reply = site.login(user).get(path);
    assert_eq!(reply.status, 200, "{path}: {}", reply.body);
    serde_json::from_str(&reply.body).unwrap()
}

fn texts(pair: &Value) -> Vec<String> {
    pair["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["text"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn overlaps_and_peers_of_a_hand_made_network_explain_themselves_on_every_backend() {
    for backend in backends() {
        let site = Site::of(backend, HAND_MADE, "taalhuis");
        let overlaps = json(&site, "lia", "/api/landscape/overlaps");
        assert_eq!(overlaps["total"], 1, "{backend:?}: {overlaps}");
        let pair = &overlaps["pairs"][0];
        assert_eq!(
            (&pair["a"], &pair["b"]),
            (&"taalhuis".into(), &"werkfit".into())
        );
        assert_eq!(pair["score"], 10, "{pair}");
        let reasons = texts(pair);
        assert_eq!(
            reasons,
            [
                "zelfde doelgroep: statushouders",
                "zelfde sector: zorg",
                "gedeelde partner: ROC Midden",
                "beide matching en loopbaanbegeleiding (2)",
            ],
            "{pair}"
        );

        let peers = json(&site, "lia", "/api/landscape/peers");
        assert_eq!(peers["total"], 1, "{backend:?}: {peers}");
        let pair = &peers["pairs"][0];
        assert_eq!(
            (&pair["a"], &pair["b"]),
            (&"taalhuis".into(), &"techniekpad".into())
        );
        assert_eq!(pair["score"], 7, "{pair}");
        let reasons = texts(pair).join("; ");
        assert!(
            reasons.contains("beide werken aan de uitdaging ‘Bereiken van werkgevers’")
                && reasons.contains("beide beogen het mechanisme ‘Vertrouwen in eigen kunnen’")
                && reasons.contains("verschillende sectoren: zorg en techniek")
                && reasons.contains("verschillende doelgroepen: statushouders en jongeren"),
            "{reasons}"
        );

        // One initiative's pairs, and English on request.
        let own = json(
            &site,
            "lia",
            "/api/landscape/overlaps?initiative=winkelwijs",
        );
        assert_eq!(own["total"], 0);
        let lia = site.login("lia");
        let english = lia.get("/api/landscape/overlaps?lang=en");
        assert!(
            english.body.contains("same target group: statushouders"),
            "{}",
            english.body
        );
        assert_eq!(
            lia.get("/api/landscape/overlaps?initiative=nergens").status,
            404
        );
        let bad = lia.get("/api/landscape/overlaps?limit=0");
        assert_eq!(bad.status, 400);
        assert!(bad.body.contains("Parameter limit"), "{}", bad.body);

        // The pages say the same to people.
        let page = lia.get("/landschap/overlap");
        assert_eq!(page.status, 200);
        assert!(
            page.body.contains("zelfde doelgroep: statushouders"),
            "{}",
            page.body
        );
        assert!(page.body.contains("score 10"));
        let page = lia.get("/landschap/peers");
        assert!(page.body.contains("Techniekpad") && page.body.contains("score 7"));
        let page = lia.get("/initiatieven/taalhuis/landschap");
        assert_eq!(page.status, 200);
        assert!(page.body.contains("Werkfit Zorg") && page.body.contains("Techniekpad"));
        let page = lia.get("/initiatieven/winkelwijs/landschap");
        assert!(
            page.body
                .contains("Geen initiatief overlapt met dit initiatief.")
        );
        assert_eq!(lia.get("/initiatieven/nergens/landschap").status, 404);
    }
}

#[test]
fn coverage_matrices_count_with_the_initiatives_behind_them_and_show_the_gaps() {
    use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};
    for backend in backends() {
        let site = Site::of(backend, HAND_MADE, "taalhuis");
        let doc = json(
            &site,
            "lia",
            "/api/landscape/coverage?matrix=sectoren-doelgroepen",
        );
        let m = &doc["matrices"][0];
        let names = |axis: &str| -> Vec<String> {
            m[axis]
                .as_array()
                .unwrap()
                .iter()
                .map(|l| l["name"].as_str().unwrap().to_owned())
                .collect()
        };
        assert_eq!(names("rows"), ["retail", "techniek", "zorg"], "{backend:?}");
        assert_eq!(names("columns"), ["jongeren", "ouderen", "statushouders"]);
        assert_eq!(m["cells"][2][2]["count"], 2);
        assert_eq!(
            m["cells"][2][2]["initiatives"],
            serde_json::json!(["taalhuis", "werkfit"])
        );
        assert_eq!(m["gaps"].as_array().unwrap().len(), 6);

        let all = json(&site, "lia", "/api/landscape/coverage");
        let kinds: Vec<&str> = all["matrices"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m["kind"].as_str().unwrap())
            .collect();
        assert_eq!(
            kinds,
            [
                "themas-initiatieven",
                "sectoren-doelgroepen",
                "llo-typen-sectoren",
                "uitdagingen-niveaus"
            ]
        );
        let challenges = &all["matrices"][3];
        // Werkgevers bereiken at the level of participants and of employers; uitval nowhere.
        assert_eq!(
            challenges["cells"][0][0]["initiatives"],
            serde_json::json!(["taalhuis"])
        );
        assert_eq!(
            challenges["cells"][0][1]["initiatives"],
            serde_json::json!(["techniekpad"])
        );
        assert_eq!(
            challenges["cells"][1],
            serde_json::json!([{"count":0,"initiatives":[]},{"count":0,"initiatives":[]},{"count":0,"initiatives":[]}])
        );

        let lia = site.login("lia");
        let page = lia.get("/landschap/dekking");
        assert_eq!(page.status, 200);
        assert!(
            page.body
                .contains("Geen initiatief voor jongeren in de sector zorg"),
            "{}",
            page.body
        );
        assert!(
            page.body.contains("Geen keten op niveau Regio"),
            "{}",
            page.body
        );
        assert!(page.body.contains("class=\"gap\""));
        assert!(
            page.body
                .contains("Aan elk thema werkt minstens één initiatief.")
        );
        assert_eq!(lia.get("/api/landscape/coverage?matrix=niets").status, 400);

        // The downloads, read back by real readers.
        let book = lia.get("/landschap/dekking.xlsx");
        assert_eq!(book.status, 200);
        let mut xlsx: Xlsx<_> =
            open_workbook_from_rs(std::io::Cursor::new(book.bytes.clone())).unwrap();
        assert_eq!(xlsx.sheet_names().len(), 8);
        let grid = xlsx.worksheet_range("sectoren-doelgroepen").unwrap();
        assert_eq!(
            grid.get((0, 3)),
            Some(&Data::String("statushouders".into()))
        );
        assert_eq!(grid.get((3, 0)), Some(&Data::String("zorg".into())));
        assert!(
            matches!(grid.get((3, 3)), Some(Data::Float(f)) if *f == 2.0),
            "{:?}",
            grid.get((3, 3))
        );
        let csv = lia.get("/landschap/dekking/sectoren-doelgroepen-cellen.csv");
        assert_eq!(csv.status, 200);
        let mut reader =
            csv::Reader::from_reader(csv.body.trim_start_matches('\u{feff}').as_bytes());
        let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        assert_eq!(rows.len(), 9);
        assert!(rows.iter().any(|r| &r[0] == "zorg"
            && &r[1] == "statushouders"
            && &r[2] == "2"
            && &r[4] == "taalhuis; werkfit"));
        assert_eq!(rows.iter().filter(|r| &r[3] == "true").count(), 6);
        assert_eq!(lia.get("/landschap/dekking/niets.csv").status, 404);
    }
}

#[test]
fn the_graph_files_come_from_the_web_the_api_and_the_command_line_alike_and_kumu_reads_its_pair() {
    let site = Site::of(crate::support::Backend::Sqlite, HAND_MADE, "taalhuis");
    let lia = site.login("lia");
    let cli = |format: &str| site.env.ok(&["export", "--format", format]).stdout;
    for (file, format) in [("landschap.graphml", "graphml"), ("landschap.gexf", "gexf")] {
        let web = lia.get(&format!("/landschap/export/{file}"));
        assert_eq!(web.status, 200);
        assert!(web.header("content-disposition").unwrap().contains(file));
        assert_eq!(web.body, cli(format), "{file}");
        assert_eq!(
            lia.get(&format!("/api/landscape/graph?format={format}"))
                .body,
            web.body
        );
    }
    let bad = lia.get("/api/landscape/graph?format=dot");
    assert_eq!(bad.status, 400);
    assert!(
        bad.body.contains("Parameter format: kies graphml"),
        "{}",
        bad.body
    );
    assert_eq!(lia.get("/landschap/export/iets.txt").status, 404);

    // Kumu: a folder with the CSV pair and the JSON.
    let dir = site.env.path("kumu");
    let run = site.env.run(&["export", "--format", "kumu"]);
    assert!(
        !run.success && run.stderr.contains("geef die met --out MAP"),
        "{}",
        run.stderr
    );
    site.env
        .ok(&["export", "--format", "kumu", "--out", dir.to_str().unwrap()]);
    let read = |name: &str| std::fs::read_to_string(dir.join(name)).unwrap();
    let records = |text: &str| -> Vec<csv::StringRecord> {
        csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes())
            .records()
            .map(Result::unwrap)
            .collect()
    };
    let elements = read("kumu-elements.csv");
    assert!(
        elements
            .trim_start_matches('\u{feff}')
            .starts_with("ID,Label,Type,"),
        "{elements}"
    );
    let rows = records(&elements);
    let ids: Vec<&str> = rows.iter().map(|r| &r[0]).collect();
    assert_eq!(
        ids,
        [
            "initiative:taalhuis",
            "initiative:werkfit",
            "initiative:techniekpad",
            "initiative:winkelwijs",
            "organisation:roc-midden"
        ]
    );
    assert_eq!(&rows[4][2], "Organisation");
    let connections = records(&read("kumu-connections.csv"));
    assert_eq!(connections.len(), 2, "both partner links to the one ROC");
    for c in &connections {
        assert!(ids.contains(&&c[0]) && ids.contains(&&c[1]), "{c:?}");
        assert_eq!(&c[2], "partner");
    }
    let json: Value = serde_json::from_str(&read("kumu.json")).unwrap();
    assert_eq!(json["elements"].as_array().unwrap().len(), 5);
    assert_eq!(
        json["elements"][4]["attributes"]["element type"],
        "Organisation"
    );
    assert_eq!(json["connections"][0]["to"], "organisation:roc-midden");
    assert_eq!(
        lia.get("/landschap/export/kumu-elements.csv").body,
        elements
    );
    assert_eq!(
        lia.get("/api/landscape/graph?format=kumu-json").body,
        read("kumu.json")
    );
    assert!(
        lia.get("/landschap")
            .body
            .contains("href=\"/landschap/export/landschap.gexf\"")
    );
}

#[test]
fn the_network_map_is_laid_out_the_same_way_on_every_backend_filters_and_has_a_list() {
    let mut maps = Vec::new();
    for backend in backends() {
        let site = Site::of(backend, HAND_MADE, "taalhuis");
        let lia = site.login("lia");
        let page = lia.get("/landschap/kaart");
        assert_eq!(page.status, 200);
        let svg = page
            .body
            .split("<svg class=\"map\"")
            .nth(1)
            .expect("a map")
            .split("</svg>")
            .next()
            .unwrap()
            .to_owned();
        assert_eq!(svg.matches("<circle").count(), 4, "{svg}");
        assert_eq!(svg.matches("<rect").count(), 1, "the one ROC");
        assert_eq!(svg.matches("<line").count(), 2);
        assert!(svg.contains("href=\"/initiatieven/werkfit\""));
        assert!(svg.contains("href=\"/landschap/organisaties/roc-midden\""));
        assert!(
            page.body.contains(
                "4 initiatieven passen bij de filters; de kaart toont er 4, met 1 organisatie."
            ),
            "{}",
            page.body
        );
        let list = page.body.split("id=\"kaart-lijst\"").nth(1).unwrap();
        assert!(list.contains("Taalhuis Noord</a>. Partners: <a href=\"/landschap/organisaties/roc-midden\">ROC Midden</a> (onderwijs)"), "{list}");
        maps.push(svg);

        let zorg = lia.get("/landschap/kaart?sector=zorg");
        assert!(
            zorg.body.contains("2 initiatieven passen bij de filters"),
            "{}",
            zorg.body
        );
        let opleiden = lia.get("/landschap/kaart?llo=opleiden");
        assert!(
            opleiden.body.contains("1 initiatief past") && opleiden.body.contains("Techniekpad")
        );
        let taal = lia.get("/landschap/kaart?thema=taal&doelgroep=statushouders");
        assert!(taal.body.contains("1 initiatief past") && taal.body.contains("Taalhuis Noord"));
        let none = lia.get("/landschap/kaart?sector=retail&doelgroep=jongeren");
        assert!(none.body.contains("Geen initiatieven bij deze filters."));
        // An unknown value is no filter.
        assert!(
            lia.get("/landschap/kaart?sector=ruimtevaart")
                .body
                .contains("4 initiatieven passen")
        );
    }
    if maps.len() == 2 {
        assert_eq!(maps[0], maps[1], "the same data, the same layout");
    }
}
