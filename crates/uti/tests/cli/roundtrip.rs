//! Export, import into an empty database, export again: the same bytes, on
//! both backends and across them, for a dataset that uses every key.

use crate::support::{Env, backends, data};
use std::collections::BTreeSet;

/// Every key the dataset format names, as `parent.key`.
const SPEC_KEYS: &[&str] = &[
    "top.format",
    "top.network",
    "top.themes",
    "top.challenges",
    "top.initiatives",
    "term.id",
    "term.name",
    "term.description",
    "term.sources",
    "initiative.id",
    "initiative.name",
    "initiative.short_name",
    "initiative.sectors",
    "initiative.target_groups",
    "initiative.problem",
    "initiative.website",
    "initiative.partners",
    "initiative.sessions",
    "partner.name",
    "partner.kind",
    "session.date",
    "session.kind",
    "session.participants",
    "session.notes",
    "session.cimo",
    "session.llo",
    "session.llo_notes",
    "session.werkplekleren",
    "session.werkplekleren_notes",
    "session.lessons",
    "chain.level",
    "chain.context",
    "chain.interventions",
    "chain.mechanisms",
    "chain.outcomes",
    "chain.challenges",
    "chain.themes",
];

fn keys_of(value: &serde_json::Value, kind: &str, out: &mut BTreeSet<String>) {
    let Some(map) = value.as_object() else { return };
    for (key, v) in map {
        out.insert(format!("{kind}.{key}"));
        let child = match (kind, key.as_str()) {
            ("top", "themes" | "challenges") => "term",
            ("top", "initiatives") => "initiative",
            ("initiative", "partners") => "partner",
            ("initiative", "sessions") => "session",
            ("session", "cimo") => "chain",
            _ => continue,
        };
        for item in v.as_array().into_iter().flatten() {
            keys_of(item, child, out);
        }
    }
}

#[test]
fn the_example_network_uses_every_key_of_the_format() {
    let env = Env::sqlite();
    env.ok(&["import", data("voorbeeldnetwerk.yaml").to_str().unwrap()]);
    let json: serde_json::Value =
        serde_json::from_str(&env.ok(&["export", "--format", "json"]).stdout).unwrap();
    let mut seen = BTreeSet::new();
    keys_of(&json, "top", &mut seen);
    let missing: Vec<&&str> = SPEC_KEYS.iter().filter(|k| !seen.contains(**k)).collect();
    assert!(
        missing.is_empty(),
        "the example network does not use {missing:?}"
    );
    let text = std::fs::read_to_string(data("voorbeeldnetwerk.yaml")).unwrap();
    for value in [
        "beoogd-ontwerp",
        "ontwerp-in-actie",
        "afsluitend",
        "doelgroep",
        "werkgevers",
        "regio",
        "zet-in",
        "beoogt",
        "waardeert",
        "kan-aanwakkeren",
        "geen",
    ] {
        assert!(
            text.contains(value),
            "the example network never uses {value}"
        );
    }
}

fn round_trip(format: &str) {
    for backend in backends() {
        let first = Env::new(backend);
        first.ok(&["import", data("voorbeeldnetwerk.yaml").to_str().unwrap()]);
        let one = first.ok(&["export", "--format", format]).stdout;
        let file = first.write(&format!("export.{format}"), &one);

        let second = Env::new(backend);
        second.ok(&["import", file.to_str().unwrap()]);
        let two = second.ok(&["export", "--format", format]).stdout;
        assert_eq!(
            one, two,
            "{format} round trip on {backend:?} changed the export"
        );
        assert!(one.contains("Zorgpioniers Voorbeeldregio"));
    }
}

#[test]
fn a_yaml_export_imports_and_exports_to_the_same_bytes_on_every_backend() {
    round_trip("yaml");
}

#[test]
fn a_json_export_imports_and_exports_to_the_same_bytes_on_every_backend() {
    round_trip("json");
}

#[test]
fn sqlite_and_postgresql_export_the_same_bytes() {
    let exports: Vec<String> = backends()
        .into_iter()
        .map(|b| {
            let env = Env::new(b);
            env.ok(&[
                "import",
                data("uta-werkgevers.yaml").to_str().unwrap(),
                data("startplein-techniek.yaml").to_str().unwrap(),
            ]);
            // On top, with --replace: terms and the network name are replaced.
            env.ok(&[
                "import",
                data("voorbeeldnetwerk.yaml").to_str().unwrap(),
                "--replace",
            ]);
            env.export()
        })
        .collect();
    assert!(exports.windows(2).all(|w| w[0] == w[1]));
}

#[test]
fn export_to_a_file_writes_the_chosen_syntax_by_extension() {
    let env = Env::sqlite();
    env.ok(&["import", data("uta-werkgevers.yaml").to_str().unwrap()]);
    env.ok(&["export", "--out", "uit.json"]);
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(env.path("uit.json")).unwrap()).unwrap();
    assert_eq!(json["format"], "uti-dataset/1");
    assert_eq!(json["initiatives"].as_array().unwrap().len(), 9);
}

#[test]
fn the_real_data_files_import_together() {
    let env = Env::sqlite();
    env.ok(&[
        "import",
        data("uta-werkgevers.yaml").to_str().unwrap(),
        data("startplein-techniek.yaml").to_str().unwrap(),
    ]);
    let export = env.export();
    assert!(export.contains("Startplein Techniek"));
    assert!(export.contains("The Young Digitals"));
}

#[test]
fn a_generated_dataset_is_valid_and_the_same_for_the_same_seed() {
    let env = Env::sqlite();
    let a = env
        .ok(&["generate", "--initiatives", "50", "--seed", "7"])
        .stdout;
    let b = env
        .ok(&["generate", "--initiatives", "50", "--seed", "7"])
        .stdout;
    let c = env
        .ok(&["generate", "--initiatives", "50", "--seed", "8"])
        .stdout;
    assert_eq!(a, b);
    assert_ne!(a, c);
    assert!(a.contains("fictief"));
    let file = env.write("gen.yaml", &a);
    let run = env.ok(&["import", file.to_str().unwrap()]);
    assert!(
        run.stdout.contains("50 initiatieven nieuw"),
        "{}",
        run.stdout
    );
    assert_eq!(
        env.export(),
        a,
        "a generated file is already in export form"
    );
}
