//! `uti analyse`: the JSON form checked against a small independent
//! implementation of the specification, and the sentences checked for truth.

use crate::support::{Env, data};
use serde_json::Value;
use std::collections::BTreeMap;

const TYPES: [&str; 5] = [
    "opleiden",
    "community",
    "waarderen-certificeren",
    "matching",
    "loopbaanbegeleiding",
];

/// The current plot of each initiative, computed straight from the file.
fn current_plots(dataset: &Value) -> BTreeMap<String, BTreeMap<String, u64>> {
    let mut plots = BTreeMap::new();
    for initiative in dataset["initiatives"].as_array().unwrap() {
        let mut best: Option<(&str, &Value)> = None;
        for session in initiative["sessions"].as_array().into_iter().flatten() {
            if let Some(llo) = session.get("llo") {
                let date = session["date"].as_str().unwrap();
                if best.is_none_or(|(d, _)| date >= d) {
                    best = Some((date, llo));
                }
            }
        }
        if let Some((_, llo)) = best {
            let plot = TYPES
                .iter()
                .map(|t| (t.to_string(), llo[*t].as_u64().unwrap()))
                .collect();
            plots.insert(initiative["id"].as_str().unwrap().to_owned(), plot);
        }
    }
    plots
}

fn analysis_and_dataset(files: &[&str]) -> (Value, Value) {
    let env = Env::sqlite();
    let mut args = vec!["import".to_owned()];
    args.extend(files.iter().map(|f| data(f).display().to_string()));
    env.ok(&args.iter().map(String::as_str).collect::<Vec<_>>());
    let analysis = serde_json::from_str(&env.ok(&["analyse", "--format", "json"]).stdout).unwrap();
    let dataset = serde_json::from_str(&env.ok(&["export", "--format", "json"]).stdout).unwrap();
    (analysis, dataset)
}

#[test]
fn the_json_analysis_agrees_with_an_independent_count() {
    let (a, d) = analysis_and_dataset(&["voorbeeldnetwerk.yaml"]);
    let plots = current_plots(&d);
    assert_eq!(a["format"], "uti-analysis/1");
    assert_eq!(
        a["initiatives_total"],
        d["initiatives"].as_array().unwrap().len()
    );
    assert_eq!(a["initiatives_plotted"], plots.len());
    for t in TYPES {
        let users: Vec<&String> = plots
            .iter()
            .filter(|(_, p)| p[t] > 0)
            .map(|(id, _)| id)
            .collect();
        let extensive = plots.values().filter(|p| p[t] == 2).count();
        assert_eq!(a["usage"][t]["count"], users.len(), "usage count of {t}");
        assert_eq!(
            a["usage"][t]["extensive"], extensive,
            "extensive use of {t}"
        );
        assert_eq!(
            a["usage"][t]["initiatives"],
            serde_json::json!(users),
            "users of {t}"
        );
        for u in TYPES {
            let both = plots.values().filter(|p| p[t] > 0 && p[u] > 0).count();
            assert_eq!(a["co_occurrence"][t][u], both, "co-occurrence {t}/{u}");
        }
    }
    // Every qualifying rule is there, with the right exceptions, in order.
    let mut expected = Vec::new();
    for x in TYPES {
        for y in TYPES {
            let of: Vec<&String> = plots
                .iter()
                .filter(|(_, p)| p[x] > 0)
                .map(|(id, _)| id)
                .collect();
            let holds = of.iter().filter(|id| plots[**id][y] > 0).count();
            if x != y && of.len() >= 2 && holds * 4 >= of.len() * 3 {
                let exceptions: Vec<&&String> =
                    of.iter().filter(|id| plots[**id][y] == 0).collect();
                expected.push((holds as f64 / of.len() as f64, of.len(), x, y, serde_json::json!({"if": x, "then": y, "holds": holds, "of": of.len(), "exceptions": exceptions})));
            }
        }
    }
    expected.sort_by(|p, q| {
        q.0.partial_cmp(&p.0)
            .unwrap()
            .then(q.1.cmp(&p.1))
            .then(p.2.cmp(q.2))
            .then(p.3.cmp(q.3))
    });
    let expected: Vec<Value> = expected.into_iter().map(|e| e.4).collect();
    assert_eq!(a["rules"], serde_json::json!(expected));
    for (id, plot) in &plots {
        assert_eq!(a["breadth"][id], plot.values().filter(|s| **s > 0).count());
    }
    // Every map has all its keys, zeros included.
    for key in ["beoogd-ontwerp", "ontwerp-in-actie", "afsluitend"] {
        assert!(a["sessions_by_kind"][key].is_u64());
    }
    for key in ["zet-in", "beoogt", "waardeert", "kan-aanwakkeren", "geen"] {
        assert!(a["werkplekleren"][key].is_u64());
    }
    assert_eq!(
        a["themes"]["duurzaam-leren"]["count"], 0,
        "an unused theme is listed with zero"
    );
}

#[test]
fn drift_compares_the_first_and_the_last_plot() {
    let (a, _) = analysis_and_dataset(&["voorbeeldnetwerk.yaml"]);
    let drift = a["drift"].as_array().unwrap();
    let ids: Vec<&str> = drift
        .iter()
        .map(|d| d["initiative"].as_str().unwrap())
        .collect();
    let mut sorted = ids.clone();
    sorted.sort();
    assert_eq!(ids, sorted, "drift is sorted by initiative");
    let havenkant = drift
        .iter()
        .find(|d| d["initiative"] == "leerlab-havenkant")
        .expect("two identical plots still count");
    assert_eq!(havenkant["changes"], serde_json::json!({}));
    let codeschakel = drift
        .iter()
        .find(|d| d["initiative"] == "codeschakel")
        .unwrap();
    assert_eq!(
        codeschakel["changes"]["opleiden"],
        serde_json::json!([2, 1])
    );
}

#[test]
fn the_dutch_sentences_give_figures_and_name_every_exception() {
    let env = Env::sqlite();
    env.ok(&["import", data("voorbeeldnetwerk.yaml").to_str().unwrap()]);
    let text = env.ok(&["analyse"]).stdout;
    assert!(
        text.contains("Opleiden wordt ingezet bij 7 van de 8 initiatieven met een plot"),
        "{text}"
    );
    assert!(text.contains("bij 5 van de 6 initiatieven die loopbaanbegeleiding inzetten; uitzondering: Groene Vakschool Polderrand"), "{text}");
    assert!(
        text.contains("Op één type richten zich: Atelier Maakkracht (community-vorming)"),
        "{text}"
    );
    // "alle" only where there is no exception: each such sentence is a rule without one.
    for line in text.lines().filter(|l| l.contains(" alle ")) {
        assert!(!line.contains("uitzondering"), "{line}");
    }
    let md = env.ok(&["analyse", "--format", "markdown"]).stdout;
    assert!(
        md.starts_with("# Analyse: Leernetwerk Voorbeeldregio \\(fictief\\)"),
        "{md}"
    );
    assert!(md.contains("## Typen die samengaan"));
    let en = env.ok(&["analyse", "--lang", "en"]).stdout;
    assert!(
        en.contains("Training is used by 7 of the 8 initiatives with a plot"),
        "{en}"
    );
}

#[test]
fn an_empty_database_gives_an_analysis_with_zeros_and_honest_sentences() {
    let env = Env::sqlite();
    let a: Value = serde_json::from_str(&env.ok(&["analyse", "--format", "json"]).stdout).unwrap();
    assert_eq!(a["initiatives_total"], 0);
    assert_eq!(a["usage"]["matching"]["count"], 0);
    assert_eq!(a["rules"], serde_json::json!([]));
    let text = env.ok(&["analyse"]).stdout;
    assert!(
        text.contains("Nog geen enkel initiatief heeft een plot"),
        "{text}"
    );
}
