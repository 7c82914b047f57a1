//! Tests: hostile. Files made to hurt the importer (alias bombs, deep
//! nesting, huge files, broken bytes, the wrong syntax) fail cleanly: exit
//! status 1, a clear message, no panic, the database untouched, all within
//! a 1 GiB address space. The child runs under `prlimit --as`, so a run
//! that would need more memory dies and the test fails.

use crate::support::{Backend, Env, MINIMAL, Run};
use std::process::Command;
use std::time::{Duration, Instant};

/// The address-space limit the child runs under: 1 GiB.
const MEMORY_LIMIT: &str = "--as=1073741824";

/// A fresh SQLite database holding [`MINIMAL`], and its export.
fn seeded() -> (Env, String) {
    Env::seeded(Backend::Sqlite)
}

/// `uti ARGS` under the memory limit, with how long it took.
fn bounded(env: &Env, args: &[&str]) -> (Run, Duration) {
    let start = Instant::now();
    let output = Command::new("prlimit")
        .arg(MEMORY_LIMIT)
        .arg("--")
        .arg(env!("CARGO_BIN_EXE_uti"))
        .args(args)
        .current_dir(env.dir.path())
        .env("UTI_DATABASE_URL", &env.database)
        .env_remove("UTI_LANG")
        .output()
        .expect("run uti under prlimit");
    (Run::from(output), start.elapsed())
}

/// Imports the file `name` (already written) under the memory limit and
/// insists on a clean refusal that says `expected` about the file, leaving
/// the database as `before`.
fn refused_cleanly(env: &Env, before: &str, name: &str, flags: &[&str], expected: &str) -> Run {
    let mut args = vec!["import"];
    args.extend_from_slice(flags);
    args.push(name);
    let (run, took) = bounded(env, &args);
    // Killed by a signal (out of memory, abort) gives no code: a failure.
    assert_eq!(
        run.code,
        Some(1),
        "uti did not end with a clean refusal after {took:?}:\n{}",
        run.stderr
    );
    assert!(
        !run.stderr.contains("panicked"),
        "uti panicked:\n{}",
        run.stderr
    );
    assert!(
        !run.stderr.contains("memory allocation"),
        "uti ran out of memory:\n{}",
        run.stderr
    );
    assert!(
        run.stderr
            .lines()
            .any(|l| l.starts_with(&format!("fout: {name}")) && l.contains(expected)),
        "expected a message about {name} containing {expected:?}; got:\n{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("Niets geïmporteerd: 1 fout gevonden; de database is ongewijzigd."),
        "{}",
        run.stderr
    );
    assert_eq!(
        env.export(),
        before,
        "the refused import changed the database"
    );
    run
}

/// Writes `content` as `name` into a seeded database and runs
/// [`refused_cleanly`].
fn refuse(name: &str, content: impl AsRef<[u8]>, expected: &str) -> Run {
    let (env, before) = seeded();
    env.write(name, content);
    refused_cleanly(&env, &before, name, &[], expected)
}

/// Writes a file of `prefix` followed by `a` up to `size` bytes in all,
/// in chunks, without holding it in memory.
fn write_big(env: &Env, name: &str, prefix: &str, size: usize) {
    use std::io::Write;
    let file = std::fs::File::create(env.path(name)).expect("create big file");
    let mut out = std::io::BufWriter::new(file);
    out.write_all(prefix.as_bytes()).unwrap();
    let chunk = vec![b'a'; 1 << 20];
    let mut left = size - prefix.len();
    while left > 0 {
        let n = left.min(chunk.len());
        out.write_all(&chunk[..n]).unwrap();
        left -= n;
    }
    out.flush().unwrap();
}

const HUNDRED_MB: usize = 100 << 20;

#[test]
fn a_yaml_alias_bomb_is_refused_without_expanding_it() {
    // Billion laughs: nine levels of ten aliases each, 10^9 strings if expanded.
    let mut text = String::from(
        "format: uti-dataset/1\na0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n",
    );
    for level in 1..=9 {
        let refs = vec![format!("*a{}", level - 1); 10].join(", ");
        text.push_str(&format!("a{level}: &a{level} [{refs}]\n"));
    }
    text.push_str("network: *a9\n");
    refuse("bomb.yaml", text, "Ongeldige YAML");
}

#[test]
fn a_yaml_alias_bomb_of_maps_inside_a_dataset_is_refused() {
    let mut text = String::from("format: uti-dataset/1\nthemes:\n  - &t0 {id: a, name: lol}\n");
    for level in 1..=9 {
        let refs = vec![format!("*t{}", level - 1); 10].join(", ");
        text.push_str(&format!("  - &t{level} [{refs}]\n"));
    }
    text.push_str("network: x\n");
    refuse("bomb.yaml", text, "Ongeldige YAML");
}

#[test]
fn very_deep_nesting_in_yaml_is_refused() {
    // Refused with a place; which line depends on where the parser gives up.
    refuse("deep.yaml", "[".repeat(100_000), "Ongeldige YAML");
}

#[test]
fn very_deep_nesting_in_json_is_refused() {
    refuse("deep.json", "[".repeat(100_000), "deep.json:1:");
}

#[test]
fn deep_nesting_inside_a_yaml_dataset_is_refused_quickly() {
    let (env, before) = seeded();
    let text = format!(
        "format: uti-dataset/1\nnetwork: {}\n",
        "{a: ".repeat(100_000)
    );
    env.write("deep.yaml", text);
    let start = Instant::now();
    refused_cleanly(&env, &before, "deep.yaml", &[], "Ongeldige YAML");
    let took = start.elapsed();
    assert!(took < Duration::from_secs(10), "took {took:?}");
}

#[test]
fn deep_nesting_inside_a_json_dataset_is_refused_quickly() {
    let (env, before) = seeded();
    let text = format!(
        "{{\"format\": \"uti-dataset/1\", \"network\": {}",
        "[".repeat(100_000)
    );
    env.write("deep.json", text);
    let start = Instant::now();
    refused_cleanly(&env, &before, "deep.json", &[], "Ongeldige JSON");
    let took = start.elapsed();
    assert!(took < Duration::from_secs(10), "took {took:?}");
}

#[test]
fn a_100_mb_yaml_file_fails_cleanly_in_bounded_memory() {
    // A valid start, then one string of 100 MB that never ends.
    let (env, before) = seeded();
    write_big(
        &env,
        "big.yaml",
        "format: uti-dataset/1\nnetwork: \"",
        HUNDRED_MB,
    );
    refused_cleanly(&env, &before, "big.yaml", &[], "Ongeldige YAML");
}

#[test]
fn a_100_mb_json_file_fails_cleanly_in_bounded_memory() {
    let (env, before) = seeded();
    write_big(
        &env,
        "big.json",
        "{\"format\": \"uti-dataset/1\", \"network\": \"",
        HUNDRED_MB,
    );
    refused_cleanly(&env, &before, "big.json", &[], "Ongeldige JSON");
}

#[test]
fn a_file_over_max_size_is_refused_before_it_is_read() {
    let (env, before) = seeded();
    // 100 MiB: a valid start, then (sparse) zero bytes; it is never read.
    let path = env.write("big.yaml", "format: uti-dataset/1\nnetwork: \"");
    std::fs::OpenOptions::new()
        .write(true)
        .open(&path)
        .unwrap()
        .set_len(HUNDRED_MB as u64)
        .unwrap();
    refused_cleanly(
        &env,
        &before,
        "big.yaml",
        &["--max-size", "10"],
        "Het bestand is te groot (100 MiB); de grens is 10 MiB (te verhogen met --max-size)",
    );
}

#[test]
fn invalid_utf8_is_refused_with_its_line_and_column() {
    refuse(
        "bad.yaml",
        b"format: uti-dataset/1\nnetwork: ab\xff\xfecd\n",
        "bad.yaml:2:12: Het bestand is geen geldige UTF-8-tekst",
    );
}

#[test]
fn a_json_document_in_a_yaml_file_imports() {
    let (env, _) = seeded();
    env.write(
        "json.yaml",
        r#"{"format": "uti-dataset/1", "network": "Voorbeeldregio", "initiatives": [{"id": "techniek", "name": "Leerhuis Techniek", "sessions": [{"date": "2024-03-12", "kind": "beoogd-ontwerp", "llo": {"opleiden": 2, "community": 1, "waarderen-certificeren": 0, "matching": 2, "loopbaanbegeleiding": 0}}]}]}"#,
    );
    let (run, _) = bounded(&env, &["import", "json.yaml"]);
    assert!(run.success, "{}", run.stderr);
    let after = env.export();
    for expected in [
        "network: Voorbeeldregio",
        "- id: leerhuis",
        "- id: techniek",
        "name: Leerhuis Techniek",
        "date: 2024-03-12",
        "kind: beoogd-ontwerp",
        "opleiden: 2",
        "community: 1",
        "matching: 2",
    ] {
        assert!(after.contains(expected), "`{expected}` missing:\n{after}");
    }
}

#[test]
fn a_yaml_document_in_a_json_file_is_refused_with_a_hint() {
    refuse(
        "yaml.json",
        MINIMAL,
        "Dit bestand heet .json maar bevat geen JSON (het lijkt YAML); geef het de extensie .yaml",
    );
}

#[test]
fn an_empty_yaml_file_is_refused() {
    refuse("empty.yaml", "", "Hier hoort een map");
}

#[test]
fn an_empty_json_file_is_refused() {
    refuse("empty.json", "", "Ongeldige JSON");
}

#[test]
fn a_file_that_is_just_null_is_refused() {
    refuse(
        "null.yaml",
        "null\n",
        "Hier hoort een map (sleutels met waarden), maar er staat niets (null).",
    );
    refuse(
        "null.json",
        "null\n",
        "Hier hoort een map (sleutels met waarden), maar er staat niets (null).",
    );
}

#[test]
fn a_top_level_list_is_refused() {
    refuse(
        "list.yaml",
        "- format: uti-dataset/1\n",
        "Hier hoort een map (sleutels met waarden), maar er staat een lijst.",
    );
    refuse(
        "list.json",
        "[{\"format\": \"uti-dataset/1\"}]\n",
        "Hier hoort een map (sleutels met waarden), maar er staat een lijst.",
    );
}
