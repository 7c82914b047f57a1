//! Tests: errors. Every way a file can break `uti-dataset/1` is refused as a
//! whole: a non-zero exit, a message that names the file, the place (a path
//! such as `initiatives[0].sessions[0].llo.opleiden`, or `line:column` for a
//! syntax error) and what was expected; and the database stays exactly as it
//! was before the attempt.

use crate::support::{Backend, Env, MINIMAL, Run};

/// A fresh SQLite database holding [`MINIMAL`], and its export.
fn seeded() -> (Env, String) {
    Env::seeded(Backend::Sqlite)
}

/// The run was a clean refusal that named `file` and left the database as
/// `before`.
fn assert_refused(env: &Env, run: &Run, file: &str, before: &str) {
    assert!(
        !run.success,
        "the import should have been refused:\n{}{}",
        run.stdout, run.stderr
    );
    assert_eq!(run.code, Some(1), "exit status; stderr:\n{}", run.stderr);
    assert!(
        !run.stderr.contains("panicked"),
        "uti panicked:\n{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(file),
        "the message does not name {file}:\n{}",
        run.stderr
    );
    assert_eq!(
        env.export(),
        before,
        "the refused import changed the database"
    );
}

/// Imports `content` as `file` into a seeded database and insists that it
/// is refused without changing the database.
fn refuse_as(file: &str, content: &str, flags: &[&str]) -> Run {
    let (env, before) = seeded();
    env.write(file, content);
    let mut args = vec!["import"];
    args.extend_from_slice(flags);
    args.push(file);
    let run = env.run(&args);
    assert_refused(&env, &run, file, &before);
    run
}

/// [`refuse_as`] for `broken.yaml`.
fn refuse(content: &str) -> Run {
    refuse_as("broken.yaml", content, &[])
}

/// Standard error has a line `fout: {at}: ...` that contains `expected`.
/// `at` is the file and the place: `broken.yaml: initiatives[0].name` or
/// `broken.yaml:4:19`.
fn assert_error(run: &Run, at: &str, expected: &str) {
    let prefix = format!("fout: {at}: ");
    assert!(
        run.stderr
            .lines()
            .any(|line| line.starts_with(&prefix) && line.contains(expected)),
        "expected a line starting with {prefix:?} that contains {expected:?}; got:\n{}",
        run.stderr
    );
}

/// [`assert_error`], and it is the only error reported.
fn assert_only_error(run: &Run, at: &str, expected: &str) {
    assert_error(run, at, expected);
    assert!(
        run.stderr
            .contains("fout: Niets geïmporteerd: 1 fout gevonden; de database is ongewijzigd."),
        "expected exactly one error; got:\n{}",
        run.stderr
    );
}

/// Words of the YAML and JSON parsers' English; none may appear in a Dutch
/// error line.
const PARSER_ENGLISH: &[&str] = &[
    "expected",
    "while parsing",
    "found",
    "disallowed",
    "invalid",
    "missing",
    "unknown field",
    "at line",
    "column",
    "mapping",
    "scalar",
    "not allowed",
    "must be",
    "EOF",
];

/// No error line on standard error carries the parsers' English.
fn assert_no_parser_english(run: &Run) {
    for line in run.stderr.lines().filter(|l| l.starts_with("fout: ")) {
        for word in PARSER_ENGLISH {
            assert!(
                !line.to_lowercase().contains(&word.to_lowercase()),
                "parser English `{word}` in a Dutch message: {line}"
            );
        }
    }
}

/// A dataset with one initiative and one valid session; `fields` are added
/// to the session (indented by eight spaces).
fn one_session(fields: &str) -> String {
    format!(
        "format: uti-dataset/1
initiatives:
  - id: techniek
    name: Leerhuis Techniek
    sessions:
      - date: 2024-03-12
        kind: beoogd-ontwerp
{fields}"
    )
}

/// A dataset whose first session has an LLO plot with `opleiden` as given.
fn llo_opleiden(score: &str) -> String {
    one_session(&format!(
        "        llo: {{opleiden: {score}, community: 1, waarderen-certificeren: 0, matching: 2, loopbaanbegeleiding: 0}}\n"
    ))
}

/// A dataset with a theme ‘digitaal’, a challenge ‘werkgevers-bereiken’
/// and one CIMO chain whose lines are `chain` (indented by twelve spaces,
/// the first line after the dash).
fn one_chain(chain: &str) -> String {
    format!(
        "format: uti-dataset/1
themes:
  - id: digitaal
    name: Digitalisering
challenges:
  - id: werkgevers-bereiken
    name: Bereiken van werkgevers
initiatives:
  - id: techniek
    name: Leerhuis Techniek
    sessions:
      - date: 2024-03-12
        kind: beoogd-ontwerp
        cimo:
          - {chain}"
    )
}

const LLO_PATH: &str = "broken.yaml: initiatives[0].sessions[0].llo";
const SESSION_PATH: &str = "broken.yaml: initiatives[0].sessions[0]";
const CHAIN_PATH: &str = "broken.yaml: initiatives[0].sessions[0].cimo[0]";

// ---------------------------------------------------------------- syntax

#[test]
fn a_yaml_syntax_error_is_placed_by_line_and_column() {
    let run = refuse(
        "format: uti-dataset/1
initiatives:
  - id: techniek
    name: Leerhuis: Techniek
",
    );
    assert_only_error(
        &run,
        "broken.yaml:4:19",
        "Ongeldige YAML: hier kan geen dubbele punt (‘:’) staan; zet tekst met een dubbele punt tussen aanhalingstekens, of controleer de inspringing",
    );
    assert_no_parser_english(&run);
}

#[test]
fn a_json_syntax_error_is_placed_by_line_and_column() {
    let run = refuse_as(
        "broken.json",
        "{
  \"format\": \"uti-dataset/1\",
  \"initiatives\": [,]
}
",
        &[],
    );
    assert_only_error(
        &run,
        "broken.json:3:19",
        "Ongeldige JSON: hier wordt een waarde verwacht",
    );
    assert_no_parser_english(&run);
}

#[test]
fn yaml_indented_with_a_tab_is_refused_in_dutch_with_its_place() {
    let run = refuse(
        "format: uti-dataset/1
initiatives:
\t- id: techniek
\t  name: Leerhuis Techniek
",
    );
    assert_only_error(
        &run,
        "broken.yaml:3:2",
        "Ongeldige YAML: tabs zijn niet toegestaan voor inspringen; gebruik spaties",
    );
    assert_no_parser_english(&run);
}

#[test]
fn a_yaml_key_without_its_colon_is_refused_in_dutch_with_its_place() {
    let run = refuse(
        "format: uti-dataset/1
initiatives:
  - id: techniek
    name Leerhuis Techniek
    sessions: []
",
    );
    assert_only_error(
        &run,
        "broken.yaml:4:5",
        "Ongeldige YAML: na een sleutel hoort een dubbele punt (‘:’)",
    );
    assert_no_parser_english(&run);
}

#[test]
fn a_yaml_key_out_of_line_is_refused_in_dutch_with_its_place() {
    let run = refuse(&one_session(
        "        llo:\n          opleiden: 2\n         community: 1\n",
    ));
    assert_only_error(
        &run,
        "broken.yaml:10:10",
        "Ongeldige YAML: hier wordt een sleutel verwacht (zoals ‘naam:’); controleer de inspringing",
    );
    assert_no_parser_english(&run);
    let run = refuse(
        "format: uti-dataset/1
initiatives:
  - id: techniek
    name: Leerhuis Techniek
   sessions: []
",
    );
    assert_only_error(
        &run,
        "broken.yaml:5:4",
        "Ongeldige YAML: hier wordt een nieuw lijstitem (‘- ’) verwacht; controleer de inspringing",
    );
    assert_no_parser_english(&run);
}

#[test]
fn a_json_key_without_quotes_is_refused_in_dutch_with_its_place() {
    let run = refuse_as(
        "broken.json",
        "{
  format: \"uti-dataset/1\"
}
",
        &[],
    );
    assert_only_error(
        &run,
        "broken.json:2:3",
        "Ongeldige JSON: een sleutel moet tussen dubbele aanhalingstekens staan (zoals ‘\"naam\"’)",
    );
    assert_no_parser_english(&run);
}

#[test]
fn a_syntax_error_is_worded_in_english_with_lang_en() {
    let (env, before) = seeded();
    env.write(
        "broken.yaml",
        "format: uti-dataset/1\ninitiatives:\n\t- id: techniek\n",
    );
    let run = env.run(&["--lang", "en", "import", "broken.yaml"]);
    assert_refused(&env, &run, "broken.yaml", &before);
    assert!(
        run.stderr.contains(
            "error: broken.yaml:3:2: Invalid YAML: tabs are not allowed for indentation; use spaces"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn a_key_repeated_in_one_map_is_refused() {
    let run = refuse(
        "format: uti-dataset/1
initiatives:
  - id: techniek
    name: Leerhuis Techniek
    name: Leerhuis Bouw
",
    );
    assert!(run.stderr.contains("fout: broken.yaml:"), "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "De sleutel ‘name’ staat twee keer in dezelfde map; geef elke sleutel één keer."
        ),
        "{}",
        run.stderr
    );
    let run = refuse_as(
        "broken.json",
        "{
  \"format\": \"uti-dataset/1\",
  \"initiatives\": [
    {\"id\": \"techniek\",
     \"name\": \"Leerhuis Techniek\",
     \"name\": \"Leerhuis Bouw\"}
  ]
}
",
        &[],
    );
    assert_only_error(
        &run,
        "broken.json:6:11",
        "De sleutel ‘name’ staat twee keer in dezelfde map",
    );
}

#[test]
fn a_key_repeated_in_yaml_is_placed_at_the_repetition() {
    let run = refuse(
        "format: uti-dataset/1
network: Voorbeeldregio
themes: []
network: Andere regio
",
    );
    assert_only_error(
        &run,
        "broken.yaml:4:1",
        "De sleutel ‘network’ staat twee keer in dezelfde map",
    );
}

#[test]
fn a_json_error_at_the_start_of_a_line_is_never_placed_at_column_zero() {
    let run = refuse_as("broken.json", "{\n", &[]);
    assert_only_error(&run, "broken.json:2:1", "Ongeldige JSON");
    let run = refuse_as("empty.json", "", &[]);
    assert_only_error(&run, "empty.json:1:1", "Ongeldige JSON");
}

// ---------------------------------------------------------------- format

#[test]
fn an_unknown_format_is_refused() {
    let run = refuse("format: uti-dataset/2\ninitiatives: []\n");
    assert_only_error(
        &run,
        "broken.yaml: format",
        "Onbekend formaat ‘uti-dataset/2’; dit programma leest uti-dataset/1.",
    );
}

#[test]
fn a_missing_format_is_refused() {
    let run = refuse("network: Voorbeeldregio\ninitiatives: []\n");
    assert_only_error(
        &run,
        "broken.yaml",
        "De sleutel ‘format’ ontbreekt; zet bovenaan format: uti-dataset/1.",
    );
}

// ---------------------------------------------------------------- missing keys

#[test]
fn an_initiative_without_a_name_is_refused_with_its_path() {
    let run = refuse("format: uti-dataset/1\ninitiatives:\n  - id: techniek\n");
    assert_only_error(
        &run,
        "broken.yaml: initiatives[0]",
        "verplichte sleutel ‘name’ ontbreekt",
    );
}

#[test]
fn a_session_without_a_date_is_refused_with_its_path() {
    let run = refuse(
        "format: uti-dataset/1
initiatives:
  - id: techniek
    name: Leerhuis Techniek
    sessions:
      - kind: beoogd-ontwerp
",
    );
    assert_only_error(&run, SESSION_PATH, "verplichte sleutel ‘date’ ontbreekt");
}

#[test]
fn a_chain_without_interventions_is_refused_with_its_path() {
    let run = refuse(&one_chain("level: werkgevers\n            context: MKB\n"));
    assert_only_error(
        &run,
        CHAIN_PATH,
        "verplichte sleutel ‘interventions’ ontbreekt",
    );
}

#[test]
fn a_chain_without_a_level_is_refused_with_its_path() {
    let run = refuse(&one_chain(
        "context: MKB\n            interventions: [Loket]\n",
    ));
    assert_only_error(&run, CHAIN_PATH, "verplichte sleutel ‘level’ ontbreekt");
}

#[test]
fn a_theme_without_an_id_is_refused_with_its_path() {
    let run = refuse("format: uti-dataset/1\nthemes:\n  - name: Digitalisering\n");
    assert_only_error(
        &run,
        "broken.yaml: themes[0]",
        "verplichte sleutel ‘id’ ontbreekt",
    );
}

// ---------------------------------------------------------------- unknown keys

#[test]
fn a_misspelt_top_level_key_is_refused_with_a_suggestion() {
    let run = refuse(
        "format: uti-dataset/1
initiativen:
  - id: techniek
    name: Leerhuis Techniek
",
    );
    assert_only_error(
        &run,
        "broken.yaml: initiativen",
        "Onbekende sleutel ‘initiativen’ (bedoelt u ‘initiatives’?)",
    );
}

#[test]
fn a_misspelt_session_key_is_refused_with_a_suggestion() {
    let run = refuse(&one_session("        werkplekleer: zet-in\n"));
    assert_only_error(
        &run,
        "broken.yaml: initiatives[0].sessions[0].werkplekleer",
        "Onbekende sleutel ‘werkplekleer’ (bedoelt u ‘werkplekleren’?)",
    );
}

#[test]
fn a_misspelt_chain_key_is_refused_with_a_suggestion() {
    let run = refuse(&one_chain(
        "level: werkgevers\n            context: MKB\n            interventies: [Loket]\n",
    ));
    assert_error(
        &run,
        "broken.yaml: initiatives[0].sessions[0].cimo[0].interventies",
        "Onbekende sleutel ‘interventies’ (bedoelt u ‘interventions’?)",
    );
    // The real key is then missing, which is said too.
    assert_error(
        &run,
        CHAIN_PATH,
        "verplichte sleutel ‘interventions’ ontbreekt",
    );
    assert!(run.stderr.contains("2 fouten gevonden"), "{}", run.stderr);
}

#[test]
fn an_unknown_llo_notes_key_is_refused_with_its_path() {
    let run = refuse(&one_session(
        "        llo_notes: {opleiden: Cursussen, scholing: Avondschool}\n",
    ));
    assert_only_error(
        &run,
        "broken.yaml: initiatives[0].sessions[0].llo_notes.scholing",
        "Onbekende sleutel ‘scholing’; toegestaan zijn ‘opleiden’, ‘community’, ‘waarderen-certificeren’, ‘matching’ of ‘loopbaanbegeleiding’.",
    );
}

// ---------------------------------------------------------------- ids

#[test]
fn a_repeated_initiative_id_is_refused() {
    let run = refuse(
        "format: uti-dataset/1
initiatives:
  - id: techniek
    name: Leerhuis Techniek
  - id: techniek
    name: Leerhuis Techniek Twee
",
    );
    assert_only_error(
        &run,
        "broken.yaml: initiatives[1].id",
        "De id ‘techniek’ is al in gebruik, bij initiatives[0]; kies een andere.",
    );
}

#[test]
fn a_repeated_theme_id_is_refused() {
    let run = refuse(
        "format: uti-dataset/1
themes:
  - id: digitaal
    name: Digitalisering
  - id: digitaal
    name: Digitale vaardigheden
",
    );
    assert_only_error(
        &run,
        "broken.yaml: themes[1].id",
        "De id ‘digitaal’ is al in gebruik, bij themes[0]; kies een andere.",
    );
}

#[test]
fn a_repeated_challenge_id_is_refused() {
    let run = refuse(
        "format: uti-dataset/1
challenges:
  - id: werkgevers-bereiken
    name: Bereiken van werkgevers
  - id: werkgevers-bereiken
    name: Werkgevers bereiken
",
    );
    assert_only_error(
        &run,
        "broken.yaml: challenges[1].id",
        "De id ‘werkgevers-bereiken’ is al in gebruik, bij challenges[0]; kies een andere.",
    );
}

#[test]
fn an_id_that_is_not_a_slug_is_refused() {
    let run = refuse(
        "format: uti-dataset/1\ninitiatives:\n  - id: Leerhuis_Techniek\n    name: Leerhuis Techniek\n",
    );
    assert_only_error(
        &run,
        "broken.yaml: initiatives[0].id",
        "‘Leerhuis_Techniek’ kan geen id zijn: gebruik alleen kleine letters, cijfers en losse streepjes",
    );
}

#[test]
fn an_id_longer_than_64_characters_is_refused() {
    let long = "a".repeat(65);
    let run = refuse(&format!(
        "format: uti-dataset/1\ninitiatives:\n  - id: {long}\n    name: Lang\n"
    ));
    assert_only_error(
        &run,
        "broken.yaml: initiatives[0].id",
        &format!("De id ‘{long}’ is te lang; gebruik ten hoogste 64 tekens."),
    );
}

#[test]
fn a_reference_to_an_unknown_theme_is_refused() {
    let run = refuse(&one_chain(
        "level: werkgevers\n            context: MKB\n            interventions: [Loket]\n            themes: [duurzaam]\n",
    ));
    assert_only_error(
        &run,
        "broken.yaml: initiatives[0].sessions[0].cimo[0].themes[0]",
        "Er is geen thema met id ‘duurzaam’; kies er een uit de lijst themes.",
    );
}

#[test]
fn a_reference_to_an_unknown_challenge_is_refused() {
    let run = refuse(&one_chain(
        "level: werkgevers\n            context: MKB\n            interventions: [Loket]\n            challenges: [krapte]\n",
    ));
    assert_only_error(
        &run,
        "broken.yaml: initiatives[0].sessions[0].cimo[0].challenges[0]",
        "‘krapte’; kies er een uit de lijst challenges.",
    );
    assert!(
        run.stderr.contains("uitdaging met id ‘krapte’"),
        "{}",
        run.stderr
    );
}

#[test]
fn the_unknown_challenge_message_is_grammatical_dutch() {
    let run = refuse(&one_chain(
        "level: werkgevers\n            context: MKB\n            interventions: [Loket]\n            challenges: [krapte]\n",
    ));
    assert_only_error(
        &run,
        "broken.yaml: initiatives[0].sessions[0].cimo[0].challenges[0]",
        "Er is geen uitdaging met id ‘krapte’",
    );
}

// ---------------------------------------------------------------- LLO plot

#[test]
fn an_llo_score_of_three_is_refused_with_its_path() {
    let run = refuse(&llo_opleiden("3"));
    assert_only_error(
        &run,
        &format!("{LLO_PATH}.opleiden"),
        "‘3’ is geen score; kies 0, 1 of 2.",
    );
}

#[test]
fn a_negative_llo_score_is_refused_with_its_path() {
    let run = refuse(&llo_opleiden("-1"));
    assert_only_error(
        &run,
        &format!("{LLO_PATH}.opleiden"),
        "‘-1’ is geen score; kies 0, 1 of 2.",
    );
}

#[test]
fn an_llo_score_written_as_text_is_refused_with_its_path() {
    let run = refuse(&llo_opleiden("\"2\""));
    assert_only_error(
        &run,
        &format!("{LLO_PATH}.opleiden"),
        "‘\"2\"’ is geen score; kies 0, 1 of 2.",
    );
}

#[test]
fn a_fractional_llo_score_is_refused_with_its_path() {
    let run = refuse(&llo_opleiden("1.5"));
    assert_only_error(
        &run,
        &format!("{LLO_PATH}.opleiden"),
        "‘1.5’ is geen score; kies 0, 1 of 2.",
    );
}

#[test]
fn an_llo_plot_missing_a_type_is_refused() {
    let run = refuse(&one_session(
        "        llo: {opleiden: 2, community: 1, waarderen-certificeren: 0, matching: 2}\n",
    ));
    assert_only_error(
        &run,
        LLO_PATH,
        "verplichte sleutel ‘loopbaanbegeleiding’ ontbreekt",
    );
}

#[test]
fn an_llo_plot_with_an_extra_type_is_refused() {
    let run = refuse(&one_session(
        "        llo: {opleiden: 2, community: 1, waarderen-certificeren: 0, matching: 2, loopbaanbegeleiding: 0, coaching: 1}\n",
    ));
    assert_only_error(
        &run,
        &format!("{LLO_PATH}.coaching"),
        "Onbekende sleutel ‘coaching’; toegestaan zijn ‘opleiden’, ‘community’, ‘waarderen-certificeren’, ‘matching’ of ‘loopbaanbegeleiding’.",
    );
}

// ---------------------------------------------------------------- fixed values

#[test]
fn an_unknown_session_kind_is_refused() {
    let run = refuse(
        "format: uti-dataset/1
initiatives:
  - id: techniek
    name: Leerhuis Techniek
    sessions:
      - date: 2024-03-12
        kind: interview
",
    );
    assert_only_error(
        &run,
        "broken.yaml: initiatives[0].sessions[0].kind",
        "Onbekende waarde ‘interview’; kies ‘beoogd-ontwerp’, ‘ontwerp-in-actie’ of ‘afsluitend’.",
    );
}

#[test]
fn an_unknown_level_is_refused() {
    let run = refuse(&one_chain(
        "level: landelijk\n            context: MKB\n            interventions: [Loket]\n",
    ));
    assert_only_error(
        &run,
        "broken.yaml: initiatives[0].sessions[0].cimo[0].level",
        "Onbekende waarde ‘landelijk’; kies ‘doelgroep’, ‘werkgevers’ of ‘regio’.",
    );
}

#[test]
fn an_unknown_werkplekleren_value_is_refused() {
    let run = refuse(&one_session("        werkplekleren: soms\n"));
    assert_only_error(
        &run,
        "broken.yaml: initiatives[0].sessions[0].werkplekleren",
        "Onbekende waarde ‘soms’; kies ‘zet-in’, ‘beoogt’, ‘waardeert’, ‘kan-aanwakkeren’ of ‘geen’.",
    );
}

#[test]
fn an_unknown_partner_kind_is_refused() {
    let run = refuse(
        "format: uti-dataset/1
initiatives:
  - id: techniek
    name: Leerhuis Techniek
    partners:
      - name: Bouwbedrijf De Vries
        kind: bedrijf
",
    );
    assert_only_error(
        &run,
        "broken.yaml: initiatives[0].partners[0].kind",
        "Onbekende waarde ‘bedrijf’; kies ‘werkgever’, ‘onderwijs’, ‘overheid’, ‘intermediair’ of ‘overig’.",
    );
}

// ---------------------------------------------------------------- dates

#[test]
fn a_date_that_does_not_exist_is_refused() {
    let run = refuse(
        "format: uti-dataset/1
initiatives:
  - id: techniek
    name: Leerhuis Techniek
    sessions:
      - date: 2023-02-30
        kind: beoogd-ontwerp
",
    );
    assert_only_error(
        &run,
        "broken.yaml: initiatives[0].sessions[0].date",
        "De datum ‘2023-02-30’ bestaat niet; kijk de dag en de maand na.",
    );
}

#[test]
fn a_date_in_the_wrong_shape_is_refused() {
    let run = refuse(
        "format: uti-dataset/1
initiatives:
  - id: techniek
    name: Leerhuis Techniek
    sessions:
      - date: 12-03-2024
        kind: beoogd-ontwerp
",
    );
    assert_only_error(
        &run,
        "broken.yaml: initiatives[0].sessions[0].date",
        "Schrijf de datum ‘12-03-2024’ als jaar-maand-dag: 2024-03-12.",
    );
}

// ---------------------------------------------------------------- types

#[test]
fn an_empty_interventions_list_is_refused() {
    let run = refuse(&one_chain(
        "level: werkgevers\n            context: MKB\n            interventions: []\n",
    ));
    assert_only_error(
        &run,
        "broken.yaml: initiatives[0].sessions[0].cimo[0].interventions",
        "Vul ten minste één interventie in.",
    );
}

#[test]
fn sectors_given_as_text_instead_of_a_list_are_refused() {
    let run = refuse(
        "format: uti-dataset/1
initiatives:
  - id: techniek
    name: Leerhuis Techniek
    sectors: techniek
",
    );
    assert_only_error(
        &run,
        "broken.yaml: initiatives[0].sectors",
        "Hier hoort een lijst, maar er staat tekst.",
    );
}

#[test]
fn a_negative_number_of_participants_is_refused() {
    let run = refuse(&one_session("        participants: -3\n"));
    assert_only_error(
        &run,
        "broken.yaml: initiatives[0].sessions[0].participants",
        "Vul een aantal in, bijvoorbeeld 6.",
    );
}

// ---------------------------------------------------------------- files

#[test]
fn a_file_with_an_unknown_extension_is_refused() {
    let run = refuse_as("dataset.txt", MINIMAL, &[]);
    assert_only_error(
        &run,
        "dataset.txt",
        "Onbekende bestandsnaam: de naam moet eindigen op .yaml, .yml of .json.",
    );
}

#[test]
fn a_missing_file_is_refused() {
    let (env, before) = seeded();
    let run = env.run(&["import", "bestaat-niet.yaml"]);
    assert_refused(&env, &run, "bestaat-niet.yaml", &before);
    assert_only_error(
        &run,
        "bestaat-niet.yaml",
        "Kan het bestand niet lezen: het bestaat niet",
    );
    assert!(
        !run.stderr.contains("No such file"),
        "no system English in a Dutch message: {}",
        run.stderr
    );
}

// ---------------------------------------------------------------- as a whole

#[test]
fn every_error_in_a_file_is_reported_and_counted() {
    let run = refuse(
        "format: uti-dataset/1
initiatives:
  - id: Techniek
    name: Leerhuis Techniek
    sessions:
      - date: 2023-02-30
        kind: beoogd-ontwerp
        llo: {opleiden: 3, community: 1, waarderen-certificeren: 0, matching: 2, loopbaanbegeleiding: 0}
      - date: 2024-03-12
        kind: interview
        werkplekleren: soms
",
    );
    assert_error(
        &run,
        "broken.yaml: initiatives[0].id",
        "‘Techniek’ kan geen id zijn",
    );
    assert_error(
        &run,
        "broken.yaml: initiatives[0].sessions[0].date",
        "De datum ‘2023-02-30’ bestaat niet",
    );
    assert_error(
        &run,
        "broken.yaml: initiatives[0].sessions[0].llo.opleiden",
        "‘3’ is geen score",
    );
    assert_error(
        &run,
        "broken.yaml: initiatives[0].sessions[1].kind",
        "Onbekende waarde ‘interview’",
    );
    assert_error(
        &run,
        "broken.yaml: initiatives[0].sessions[1].werkplekleren",
        "Onbekende waarde ‘soms’",
    );
    let reported = run
        .stderr
        .lines()
        .filter(|l| l.starts_with("fout: broken.yaml: "))
        .count();
    assert_eq!(reported, 5, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("fout: Niets geïmporteerd: 5 fouten gevonden; de database is ongewijzigd."),
        "{}",
        run.stderr
    );
}

#[test]
fn past_a_hundred_errors_the_rest_are_counted() {
    let mut content = String::from("format: uti-dataset/1\ninitiatives:\n");
    for i in 0..150 {
        content.push_str(&format!("  - id: Fout_{i}\n    name: Initiatief {i}\n"));
    }
    let run = refuse(&content);
    let listed = run
        .stderr
        .lines()
        .filter(|l| l.starts_with("fout: broken.yaml: initiatives["))
        .count();
    assert_eq!(listed, 100, "{}", run.stderr);
    assert_error(&run, "broken.yaml: initiatives[99].id", "‘Fout_99’");
    assert!(
        run.stderr.contains("fout: broken.yaml: en nog 50 fouten"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("Niets geïmporteerd: 150 fouten gevonden"),
        "{}",
        run.stderr
    );
}

#[test]
fn with_lang_en_the_message_is_english() {
    let (env, before) = seeded();
    env.write("broken.yaml", llo_opleiden("3"));
    let run = env.run(&["--lang", "en", "import", "broken.yaml"]);
    assert_refused(&env, &run, "broken.yaml", &before);
    assert!(
        run.stderr.contains(
            "error: broken.yaml: initiatives[0].sessions[0].llo.opleiden: ‘3’ is not a score; choose 0, 1 or 2."
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("error: Nothing imported: 1 error found; the database is unchanged."),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("fout"), "{}", run.stderr);
}

#[test]
fn a_dry_run_of_a_valid_file_stores_nothing() {
    let (env, before) = seeded();
    env.write(
        "nieuw.yaml",
        one_session("        llo: {opleiden: 2, community: 1, waarderen-certificeren: 0, matching: 2, loopbaanbegeleiding: 0}\n"),
    );
    let run = env.ok(&["import", "--dry-run", "nieuw.yaml"]);
    assert!(run.stdout.contains("Controle geslaagd"), "{}", run.stdout);
    assert!(
        run.stdout.contains("1 initiatief, 1 sessie"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("Niets opgeslagen (--dry-run)"),
        "{}",
        run.stdout
    );
    assert_eq!(env.export(), before, "--dry-run changed the database");
    assert!(!before.contains("techniek"));
}

#[test]
fn a_dry_run_of_an_invalid_file_fails() {
    let run = refuse_as("broken.yaml", &llo_opleiden("3"), &["--dry-run"]);
    assert_only_error(&run, &format!("{LLO_PATH}.opleiden"), "‘3’ is geen score");
    assert!(!run.stdout.contains("Controle geslaagd"), "{}", run.stdout);
}

const FIRST_VERSION: &str = "format: uti-dataset/1
initiatives:
  - id: leerhuis
    name: Leerhuis
    sessions:
      - date: 2024-03-12
        kind: beoogd-ontwerp
        notes: Eerste sessie
      - date: 2024-09-01
        kind: ontwerp-in-actie
        notes: Tweede sessie
";

const SECOND_VERSION: &str = "format: uti-dataset/1
initiatives:
  - id: leerhuis
    name: Leerhuis Vernieuwd
    sessions:
      - date: 2025-01-20
        kind: afsluitend
        lessons: [Begin klein]
";

#[test]
fn an_existing_initiative_is_refused_without_replace() {
    let env = Env::sqlite();
    env.write("eerste.yaml", FIRST_VERSION);
    env.ok(&["import", "eerste.yaml"]);
    let before = env.export();
    env.write("tweede.yaml", SECOND_VERSION);
    let run = env.run(&["import", "tweede.yaml"]);
    assert!(!run.success, "{}", run.stdout);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "initiatief ‘leerhuis’ bestaat al in de database; gebruik --replace om het als geheel te vervangen"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("de database is ongewijzigd"),
        "{}",
        run.stderr
    );
    assert_eq!(env.export(), before);
}

#[test]
fn an_existing_initiative_is_replaced_as_a_whole_with_replace() {
    let env = Env::sqlite();
    env.write("eerste.yaml", FIRST_VERSION);
    env.ok(&["import", "eerste.yaml"]);
    env.write("tweede.yaml", SECOND_VERSION);
    env.ok(&["import", "--replace", "tweede.yaml"]);
    let after = env.export();
    assert!(after.contains("name: Leerhuis Vernieuwd"), "{after}");
    assert!(after.contains("date: 2025-01-20"), "{after}");
    assert!(after.contains("Begin klein"), "{after}");
    for gone in ["Eerste sessie", "Tweede sessie", "2024-03-12", "2024-09-01"] {
        assert!(
            !after.contains(gone),
            "old session data `{gone}` kept:\n{after}"
        );
    }
    assert_eq!(after.matches("- id: leerhuis").count(), 1, "{after}");
}

#[test]
fn when_the_second_file_is_broken_nothing_of_the_first_is_stored() {
    let (env, before) = seeded();
    env.write(
        "goed.yaml",
        "format: uti-dataset/1\ninitiatives:\n  - id: techniek\n    name: Leerhuis Techniek\n",
    );
    env.write("broken.yaml", llo_opleiden("3"));
    let run = env.run(&["import", "goed.yaml", "broken.yaml"]);
    assert_refused(&env, &run, "broken.yaml", &before);
    assert_only_error(&run, &format!("{LLO_PATH}.opleiden"), "‘3’ is geen score");
    assert!(!env.export().contains("techniek"));
}

#[test]
fn when_the_second_file_conflicts_with_the_database_nothing_of_the_first_is_stored() {
    let (env, before) = seeded();
    env.write(
        "goed.yaml",
        "format: uti-dataset/1\ninitiatives:\n  - id: techniek\n    name: Leerhuis Techniek\n",
    );
    env.write(
        "bestaand.yaml",
        "format: uti-dataset/1\ninitiatives:\n  - id: leerhuis\n    name: Leerhuis Anders\n",
    );
    let run = env.run(&["import", "goed.yaml", "bestaand.yaml"]);
    assert!(!run.success, "{}", run.stdout);
    assert_error(
        &run,
        "bestaand.yaml: initiatives[0].id",
        "initiatief ‘leerhuis’ bestaat al in de database",
    );
    assert_eq!(env.export(), before);
}

#[test]
fn a_dry_run_checks_against_the_database_too() {
    let (env, before) = seeded();
    env.write(
        "bestaand.yaml",
        "format: uti-dataset/1\ninitiatives:\n  - id: nieuw\n    name: Nieuw\n  - id: leerhuis\n    name: Leerhuis Anders\n",
    );
    let run = env.run(&["import", "--dry-run", "bestaand.yaml"]);
    assert!(!run.success, "{}", run.stdout);
    assert_error(
        &run,
        "bestaand.yaml: initiatives[1].id",
        "initiatief ‘leerhuis’ bestaat al in de database",
    );
    assert!(!run.stdout.contains("Controle geslaagd"), "{}", run.stdout);
    let replaced = env.ok(&["import", "--dry-run", "--replace", "bestaand.yaml"]);
    assert!(
        replaced
            .stdout
            .contains("Controle geslaagd, ook tegen de database"),
        "{}",
        replaced.stdout
    );
    assert_eq!(env.export(), before, "--dry-run changed the database");
}

#[test]
fn a_theme_that_two_files_define_differently_is_placed_in_the_second() {
    let (env, before) = seeded();
    env.write(
        "een.yaml",
        "format: uti-dataset/1\nthemes:\n  - id: regie\n    name: Regie\n",
    );
    env.write(
        "twee.yaml",
        "format: uti-dataset/1\nthemes:\n  - id: andere\n    name: Andere\n  - id: regie\n    name: Eigen regie\n",
    );
    let run = env.run(&["import", "een.yaml", "twee.yaml"]);
    assert!(!run.success, "{}", run.stdout);
    assert_error(
        &run,
        "twee.yaml: themes[1].id",
        "thema ‘regie’ staat in meer dan één bestand, met een verschillende inhoud",
    );
    assert_eq!(env.export(), before);
}
