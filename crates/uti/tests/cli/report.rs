//! `uti report`: the report of the network and one initiative's portrait,
//! as Markdown (charts as SVG files beside it) and standalone HTML, from
//! the real binary. Snapshots of the example network (rewrite them with
//! `UTI_UPDATE_SNAPSHOTS=1`); every heading and name in order, portraits
//! in Dutch alphabetical order derived here from the data; the figures
//! compared with the dataset and with `uti analyse --format json`; markup
//! in every field coming out literally in both formats.

use crate::support::{Env, data};
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use serde_json::Value;
use std::path::{Path, PathBuf};

const TYPES: [&str; 5] = [
    "opleiden",
    "community",
    "waarderen-certificeren",
    "matching",
    "loopbaanbegeleiding",
];
const TYPE_NAMES_NL: [&str; 5] = [
    "Opleiden",
    "Community-vorming",
    "Waarderen en certificeren",
    "Matching",
    "Loopbaanbegeleiding",
];
const KINDS: [&str; 3] = ["beoogd-ontwerp", "ontwerp-in-actie", "afsluitend"];

/// The date and version every snapshot is made with.
const FIXED: [&str; 4] = ["--date", "2025-01-31", "--version", "1.0"];

fn example() -> Env {
    let env = Env::sqlite();
    env.ok(&[
        "import",
        &data("voorbeeldnetwerk.yaml").display().to_string(),
    ]);
    env
}

fn json(env: &Env, args: &[&str]) -> Value {
    serde_json::from_str(&env.ok(args).stdout).expect("JSON")
}

/// `uti [--lang LANG] report --out NAME EXTRA... --date ... --version ...`
/// and the file it wrote.
fn report(env: &Env, lang: &str, name: &str, extra: &[&str]) -> String {
    let mut args = vec!["--lang", lang, "report", "--out", name];
    args.extend_from_slice(extra);
    args.extend_from_slice(&FIXED);
    env.ok(&args);
    std::fs::read_to_string(env.path(name)).expect("report written")
}

fn snapshot_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cli/snapshots")
}

/// Compares `actual` with the committed snapshot `name`, or rewrites it
/// under `UTI_UPDATE_SNAPSHOTS=1`.
fn snapshot(name: &str, actual: &str) {
    let path = snapshot_dir().join(name);
    if std::env::var("UTI_UPDATE_SNAPSHOTS").as_deref() == Ok("1") {
        std::fs::create_dir_all(snapshot_dir()).unwrap();
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "snapshot {} missing ({e}); make it with UTI_UPDATE_SNAPSHOTS=1",
            path.display()
        )
    });
    if expected != actual {
        let line = expected
            .lines()
            .zip(actual.lines())
            .position(|(a, b)| a != b)
            .unwrap_or_else(|| expected.lines().count().min(actual.lines().count()));
        panic!(
            "{} differs from the output at line {}:\n  expected: {:?}\n  actual:   {:?}\n\
             (run with UTI_UPDATE_SNAPSHOTS=1 to accept the new output)",
            path.display(),
            line + 1,
            expected.lines().nth(line),
            actual.lines().nth(line)
        );
    }
}

/// Case and diacritics ignored, as a Dutch reader sorts names.
pub fn collate(name: &str) -> String {
    name.chars()
        .flat_map(char::to_lowercase)
        .map(|c| {
            const FOLD: [(&str, char); 8] = [
                ("àáâäãå", 'a'),
                ("èéêë", 'e'),
                ("ìíîï", 'i'),
                ("òóôöõ", 'o'),
                ("ùúûü", 'u'),
                ("ç", 'c'),
                ("ñ", 'n'),
                ("ÿý", 'y'),
            ];
            FOLD.iter()
                .find(|(from, _)| from.contains(c))
                .map_or(c, |(_, to)| *to)
        })
        .collect()
}

/// The initiatives' names in the order the report must give them.
fn names_in_order(dataset: &Value) -> Vec<String> {
    let mut names: Vec<String> = dataset["initiatives"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["name"].as_str().unwrap().to_owned())
        .collect();
    names.sort_by_key(|n| collate(n));
    names
}

fn markdown_options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH
}

/// What a Markdown reader makes of a document.
struct Read {
    /// `(level, text)` of every heading.
    headings: Vec<(u8, String)>,
    /// The text of every block (paragraph, heading, item, cell), as read.
    blocks: Vec<String>,
    /// Every table: rows of cells.
    tables: Vec<Vec<Vec<String>>>,
    /// Every image: `(target, alternative text)`.
    images: Vec<(String, String)>,
    /// Every link target.
    links: Vec<String>,
    /// Raw HTML the reader would pass through.
    html: Vec<String>,
}

fn read_markdown(text: &str) -> Read {
    let mut read = Read {
        headings: Vec::new(),
        blocks: Vec::new(),
        tables: Vec::new(),
        images: Vec::new(),
        links: Vec::new(),
        html: Vec::new(),
    };
    let mut current = String::new();
    let mut heading: Option<u8> = None;
    let mut image: Option<(String, String)> = None;
    let mut table: Option<Vec<Vec<String>>> = None;
    for event in Parser::new_ext(text, markdown_options()) {
        match event {
            Event::Start(Tag::Heading { level, .. }) => heading = Some(level as u8),
            Event::Start(Tag::Image { dest_url, .. }) => {
                image = Some((dest_url.to_string(), String::new()))
            }
            Event::End(TagEnd::Image) => read.images.extend(image.take()),
            Event::Start(Tag::Link { dest_url, .. }) => read.links.push(dest_url.to_string()),
            Event::Start(Tag::Table(_)) => table = Some(Vec::new()),
            Event::End(TagEnd::Table) => read.tables.extend(table.take()),
            Event::Start(Tag::TableHead | Tag::TableRow) => {
                if let Some(t) = &mut table {
                    t.push(Vec::new());
                }
            }
            Event::Text(t) | Event::Code(t) => match &mut image {
                Some((_, alt)) => alt.push_str(&t),
                None => current.push_str(&t),
            },
            Event::SoftBreak | Event::HardBreak => current.push(' '),
            Event::Html(h) | Event::InlineHtml(h) => read.html.push(h.to_string()),
            Event::End(
                end @ (TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::Item
                | TagEnd::TableCell
                | TagEnd::CodeBlock),
            ) => {
                let block = std::mem::take(&mut current);
                if let TagEnd::Heading(_) = end {
                    read.headings
                        .push((heading.take().unwrap_or(0), block.clone()));
                }
                if let (TagEnd::TableCell, Some(t)) = (end, &mut table) {
                    t.last_mut().unwrap().push(block.clone());
                }
                if !block.is_empty() {
                    read.blocks.push(block);
                }
            }
            _ => {}
        }
    }
    read
}

/// HTML text back to plain text.
fn unescape(html: &str) -> String {
    html.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

fn html_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

/// `(level, text)` of every heading of an HTML document (`h1` is level 1).
fn html_headings(html: &str) -> Vec<(u8, String)> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(at) = rest.find("<h") {
        rest = &rest[at + 2..];
        let Some(level) = rest.chars().next().and_then(|c| c.to_digit(10)) else {
            continue;
        };
        let open_end = rest.find('>').unwrap();
        let close = rest.find("</h").unwrap();
        out.push((level as u8, unescape(&rest[open_end + 1..close])));
        rest = &rest[close..];
    }
    out
}

/// The headings a report must have, in order, for a language.
struct Words {
    chapters: [&'static str; 6],
    parts: [&'static str; 4],
}

fn words(lang: &str) -> Words {
    if lang == "en" {
        Words {
            chapters: [
                "Introduction",
                "Perspective",
                "Approach",
                "Portraits",
                "Conclusions across the initiatives",
                "Action agenda and development coalitions",
            ],
            parts: [
                "Problem in context and target group",
                "LLO interventions",
                "Workplace learning",
                "Intended mechanisms",
            ],
        }
    } else {
        Words {
            chapters: [
                "Inleiding",
                "Perspectief",
                "Aanpak",
                "Portretten",
                "Conclusies over de initiatieven heen",
                "Doe-agenda en ontwikkelcoalities",
            ],
            parts: [
                "Vraagstuk in context en doelgroep",
                "LLO-interventies",
                "Werkplekleren",
                "Beoogde mechanismen",
            ],
        }
    }
}

/// Checks the headings of a whole report (levels shifted so that a
/// chapter is 2, as both formats write it): title, contents, the chapters
/// in order, every portrait in order with its parts.
fn check_outline(headings: &[(u8, String)], names: &[String], lang: &str, format: &str) {
    let w = words(lang);
    assert_eq!(headings[0].0, 1, "{format}: the title first");
    let chapters: Vec<&str> = headings
        .iter()
        .filter(|(l, _)| *l == 2)
        .map(|(_, t)| t.as_str())
        .filter(|t| !["Inhoud", "Contents"].contains(t))
        .collect();
    assert_eq!(chapters, w.chapters, "{format} {lang}: chapters in order");
    let start = headings
        .iter()
        .position(|(l, t)| *l == 2 && t == w.chapters[3])
        .unwrap();
    let end = headings
        .iter()
        .position(|(l, t)| *l == 2 && t == w.chapters[4])
        .unwrap();
    let portraits: Vec<&(u8, String)> = headings[start + 1..end]
        .iter()
        .filter(|(l, _)| *l == 3)
        .collect();
    assert_eq!(portraits.len(), names.len(), "{format}: one portrait each");
    for (heading, name) in portraits.iter().zip(names) {
        assert!(
            heading.1 == *name || heading.1.starts_with(&format!("{name} (")),
            "{format} {lang}: expected the portrait of {name}, found {}",
            heading.1
        );
    }
    // Each portrait has its parts, in order, at the level below its name.
    let mut at = start + 1;
    for _ in names {
        assert_eq!(headings[at].0, 3);
        let parts: Vec<&str> = headings[at + 1..]
            .iter()
            .take_while(|(l, _)| *l > 3)
            .filter(|(l, _)| *l == 4)
            .map(|(_, t)| t.as_str())
            .collect();
        assert!(
            parts.starts_with(&w.parts),
            "{format} {lang}: parts of {}: {parts:?}",
            headings[at].1
        );
        at += 1 + headings[at + 1..]
            .iter()
            .take_while(|(l, _)| *l > 3)
            .count();
    }
    assert_eq!(at, end);
}

#[test]
fn snapshots_of_the_example_network() {
    let env = example();
    for lang in ["nl", "en"] {
        for (what, extra) in [
            ("report", &[][..]),
            ("portrait", &["--initiative", "zorgpioniers"][..]),
        ] {
            let stem = format!("{what}-{lang}");
            let md_name = format!("{stem}.md");
            let md = report(&env, lang, &md_name, extra);
            snapshot(&md_name, &md);
            let html_name = format!("{stem}.html");
            let html = report(&env, lang, &html_name, extra);
            snapshot(&html_name, &html);
            // Every chart the Markdown links is a file beside it, and it is
            // the same chart the HTML carries inline.
            let read = read_markdown(&md);
            assert!(!read.images.is_empty());
            let inline: Vec<&str> = html
                .split("<svg ")
                .skip(1)
                .map(|s| &s[..s.find("</svg>").unwrap()])
                .collect();
            assert_eq!(inline.len(), read.images.len(), "{stem}: one chart each");
            for (n, (target, alt)) in read.images.iter().enumerate() {
                assert_eq!(target, &format!("{stem}-fig-{}.svg", n + 1));
                let svg = std::fs::read_to_string(env.path(target)).expect("figure file");
                assert!(svg.starts_with("<svg ") && svg.trim_end().ends_with("</svg>"));
                assert_eq!(&svg[5..svg.find("</svg>").unwrap()], inline[n]);
                assert!(!alt.is_empty(), "text alternative of {target}");
            }
        }
    }
}

#[test]
fn every_name_and_heading_in_order_in_both_formats() {
    let env = example();
    let dataset = json(&env, &["export", "--format", "json"]);
    let names = names_in_order(&dataset);
    assert!(names.len() >= 10);
    for lang in ["nl", "en"] {
        let md = report(&env, lang, "r.md", &[]);
        check_outline(&read_markdown(&md).headings, &names, lang, "md");
        let html = report(&env, lang, "r.html", &[]);
        check_outline(&html_headings(&html), &names, lang, "html");
        assert!(html.contains(&format!("<html lang=\"{lang}\">")));
        // The contents link to headings that exist.
        let toc = &html[html.find("<nav").unwrap()..html.find("</nav>").unwrap()];
        for link in toc.split("href=\"#").skip(1) {
            let id = &link[..link.find('"').unwrap()];
            assert!(html.contains(&format!(" id=\"{id}\"")), "anchor {id}");
        }
        // A page break before each chapter and each portrait but the
        // first, which follows its chapter's heading.
        assert_eq!(
            html.matches("class=\"page-break\"").count(),
            6 + names.len() - 1
        );
    }
    // A portrait alone: its name as the title, then its parts.
    let md = report(&env, "nl", "p.md", &["--initiative", "codeschakel"]);
    let headings = read_markdown(&md).headings;
    assert_eq!(headings[0], (1, "Codeschakel (CS)".to_owned()));
    let parts: Vec<&str> = headings
        .iter()
        .filter(|(l, _)| *l == 2)
        .map(|(_, t)| t.as_str())
        .collect();
    assert!(parts.starts_with(&words("nl").parts), "{parts:?}");
}

/// The current plot of each initiative by name, straight from the data.
fn current_plots(dataset: &Value) -> Vec<(String, [u64; 5])> {
    let mut plots = Vec::new();
    for i in dataset["initiatives"].as_array().unwrap() {
        let mut best: Option<(&str, &Value)> = None;
        for s in i["sessions"].as_array().into_iter().flatten() {
            if let Some(llo) = s.get("llo") {
                let date = s["date"].as_str().unwrap();
                if best.is_none_or(|(d, _)| date >= d) {
                    best = Some((date, llo));
                }
            }
        }
        if let Some((_, llo)) = best {
            plots.push((
                i["name"].as_str().unwrap().to_owned(),
                TYPES.map(|t| llo[t].as_u64().unwrap()),
            ));
        }
    }
    plots
}

#[test]
fn the_figures_are_those_of_the_data() {
    let env = example();
    let dataset = json(&env, &["export", "--format", "json"]);
    let analysis = json(&env, &["analyse", "--format", "json"]);
    let md = report(&env, "nl", "r.md", &[]);
    let read = read_markdown(&md);

    // Aanpak: sessions per kind per initiative, and the totals.
    let approach = &read.tables[0];
    assert_eq!(
        approach[0][..5],
        [
            "Initiatief",
            "Beoogd ontwerp",
            "Ontwerp in actie",
            "Afsluitend interview",
            "Totaal"
        ]
    );
    let initiatives = dataset["initiatives"].as_array().unwrap();
    assert_eq!(
        approach.len(),
        initiatives.len() + 2,
        "header, rows, totals"
    );
    for i in initiatives {
        let name = i["name"].as_str().unwrap();
        let row = approach
            .iter()
            .find(|r| r[0] == name)
            .unwrap_or_else(|| panic!("row of {name}"));
        let sessions: Vec<&Value> = i["sessions"].as_array().into_iter().flatten().collect();
        for (n, kind) in KINDS.iter().enumerate() {
            let count = sessions.iter().filter(|s| s["kind"] == *kind).count();
            assert_eq!(row[1 + n], count.to_string(), "{name}: {kind}");
        }
        assert_eq!(row[4], sessions.len().to_string(), "{name}: total");
    }
    let totals = approach.last().unwrap();
    assert_eq!(totals[0], "Totaal");
    for (n, kind) in KINDS.iter().enumerate() {
        assert_eq!(
            totals[1 + n],
            analysis["sessions_by_kind"][kind].to_string()
        );
    }
    assert_eq!(totals[4], analysis["sessions"].to_string());

    // The usage chart: its text alternative and the drawn counts.
    let plotted = analysis["initiatives_plotted"].as_u64().unwrap();
    let (target, alt) = read.images.last().unwrap();
    let svg = std::fs::read_to_string(env.path(target)).unwrap();
    for (t, name) in TYPES.iter().zip(TYPE_NAMES_NL) {
        let usage = &analysis["usage"][t];
        let (count, extensive) = (
            usage["count"].as_u64().unwrap(),
            usage["extensive"].as_u64().unwrap(),
        );
        let expected = format!(
            "{name}: {count} van {plotted} ({extensive} extensief, {} beperkt)",
            count - extensive
        );
        assert!(alt.contains(&expected), "{expected} in {alt}");
        assert!(svg.contains(&format!(">{} van {plotted}</text>", usage["count"])));
        let sentence = format!("{name} wordt ingezet bij");
        assert!(
            read.blocks.iter().any(|b| b.starts_with(&sentence)),
            "{sentence}"
        );
    }

    // The co-occurrence table (the last table of the conclusions).
    let co = read
        .tables
        .iter()
        .rev()
        .find(|t| t[0][1..] == TYPE_NAMES_NL)
        .unwrap();
    assert_eq!(co[0][1..], TYPE_NAMES_NL);
    for (row, a) in co[1..].iter().zip(TYPES) {
        for (cell, b) in row[1..].iter().zip(TYPES) {
            assert_eq!(
                *cell,
                analysis["co_occurrence"][a][b].to_string(),
                "{a}/{b}"
            );
        }
    }

    // Each portrait's radar: its text alternative gives the current plot.
    let plots = current_plots(&dataset);
    assert_eq!(plots.len() as u64, plotted);
    for (name, plot) in plots {
        let alt = plot
            .iter()
            .zip(TYPE_NAMES_NL)
            .map(|(score, t)| format!("{t}: {score}"))
            .collect::<Vec<_>>()
            .join(", ");
        let caption = format!("Plot van {name} op de vijf typen");
        assert!(
            read.blocks.iter().any(|b| b.contains(&caption)),
            "{caption}"
        );
        assert!(
            read.images.iter().any(|(_, a)| *a == alt),
            "radar of {name}: {alt}"
        );
    }
}

const HOSTILE: [&str; 9] = [
    "<script>alert(1)</script>",
    "**bold**",
    "[link](javascript:x)",
    "#heading",
    "</svg>",
    "#set page()",
    "<w:p>",
    "- not a list",
    "1. not a list & &amp; | pipe",
];

fn hostile_dataset() -> String {
    let q = |s: &str| serde_json::to_string(s).unwrap();
    format!(
        "format: uti-dataset/1
network: {network}
challenges:
  - id: c1
    name: {c}
initiatives:
  - id: hostile
    name: {name}
    short_name: {short}
    problem: {problem}
    target_groups: [{tg1}, {tg2}]
    sectors: [{sector}]
    partners:
      - {{name: {partner}, kind: overig}}
    website: {website}
    sessions:
      - date: 2024-03-01
        kind: beoogd-ontwerp
        cimo:
          - level: doelgroep
            context: {context}
            interventions: [{i1}]
            mechanisms: [{m1}, {m2}, {m3}]
          - level: werkgevers
            context: {context2}
            interventions: [{i2}]
            outcomes: [{o1}]
            challenges: [c1]
        llo: {{opleiden: 2, community: 1, waarderen-certificeren: 0, matching: 0, loopbaanbegeleiding: 1}}
        llo_notes:
          opleiden: {n1}
          community: {n2}
        werkplekleren: zet-in
        werkplekleren_notes: {wn}
  - id: gewoon
    name: Gewoon Initiatief
",
        network = q("</svg> <w:p> netwerk"),
        c = q("#set page() uitdaging"),
        name = q("<script>alert(1)</script> **bold**"),
        short = q("</svg>"),
        problem = q("#heading"),
        tg1 = q("[link](javascript:x)"),
        tg2 = q("- not a list"),
        sector = q("<w:p>"),
        partner = q("1. not a list & &amp; | pipe"),
        website = q("javascript:x"),
        context = q("#set page()"),
        i1 = q("**bold**"),
        m1 = q("<script>alert(1)</script>"),
        m2 = q("[link](javascript:x)"),
        m3 = q("1. not a list & &amp; | pipe"),
        context2 = q("<w:p>"),
        i2 = q("</svg>"),
        o1 = q("#heading"),
        n1 = q("#set page()"),
        n2 = q("- not a list"),
        wn = q("<script>alert(1)</script>"),
    )
}

#[test]
fn markup_in_the_data_comes_out_literally() {
    let env = Env::sqlite();
    env.write("hostile.yaml", hostile_dataset());
    env.ok(&["import", "hostile.yaml"]);
    env.write(
        "intro.md",
        "# Aanleiding\n\nDit schreven de **onderzoekers**, met <script>alert(2)</script> en [een link](javascript:alert(3)) en [een goede](https://example.org).\n",
    );
    for (what, extra) in [
        ("report", &["--intro", "intro.md"][..]),
        ("portrait", &["--initiative", "hostile"][..]),
    ] {
        for lang in ["nl", "en"] {
            let md = report(&env, lang, &format!("{what}.md"), extra);
            let read = read_markdown(&md);
            assert!(read.html.is_empty(), "{what}: raw HTML {:?}", read.html);
            assert!(
                read.links
                    .iter()
                    .all(|l| l.starts_with('#') || l == "https://example.org"),
                "{what}: links {:?}",
                read.links
            );
            let text = read.blocks.join("\n");
            for h in HOSTILE {
                assert!(text.contains(h), "{what} {lang} md: {h:?} literally");
            }
            assert!(
                !read.headings.iter().any(|(_, t)| t.starts_with("heading")),
                "{what}: a field became a heading"
            );
            // Lists come only from the report itself, never from a field.
            assert!(!read.blocks.iter().any(|b| b == "not a list"));

            let html = report(&env, lang, &format!("{what}.html"), extra);
            let lower = html.to_lowercase();
            assert!(!lower.contains("<script"), "{what}: a script in the HTML");
            assert!(!lower.contains("javascript:x\""), "{what}");
            assert!(!lower.contains("href=\"javascript"), "{what}");
            assert!(!html.contains("<w:p>"), "{what}");
            for h in HOSTILE {
                assert!(
                    html.contains(&html_escape(h)),
                    "{what} {lang} html: {h:?} escaped"
                );
            }
            // Every chart is whole: data never closes an <svg>.
            assert_eq!(
                html.matches("<svg ").count(),
                html.matches("</svg>").count()
            );
            assert_eq!(
                html.matches("<svg ").count(),
                html.matches("<figure").count()
            );
            assert!(
                !html.contains("src=") && !html.contains("<link"),
                "{what}: nothing external"
            );
        }
    }
    // The researchers' Markdown keeps its own markup, never HTML or unsafe links.
    let html = std::fs::read_to_string(env.path("report.html")).unwrap();
    assert!(html.contains("<strong>onderzoekers</strong>"));
    assert!(html.contains("&lt;script&gt;alert(2)&lt;/script&gt;"));
    assert!(html.contains("<a href=\"https://example.org\">een goede</a>"));
    assert!(!html.contains("alert(3)\""));
}

#[test]
fn placeholders_until_written_and_the_intro_when_given() {
    let env = example();
    let md = report(&env, "nl", "r.md", &[]);
    let read = read_markdown(&md);
    assert!(
        read.blocks
            .iter()
            .any(|b| b.starts_with("Nog te schrijven: de onderzoekers schrijven deze inleiding"))
    );
    assert!(read.blocks.iter().any(|b| {
        b.starts_with("Nog te schrijven: de onderzoekers beschrijven het gebruikte perspectief")
    }));
    env.write(
        "intro.md",
        "Onze *eigen* inleiding.\n\n## Doel\n\nMeer tekst.\n",
    );
    env.write("perspectief.md", "Het perspectief.\n");
    let md = report(
        &env,
        "nl",
        "r.md",
        &["--intro", "intro.md", "--perspective", "perspectief.md"],
    );
    let read = read_markdown(&md);
    assert!(
        !read
            .blocks
            .iter()
            .any(|b| b.starts_with("Nog te schrijven"))
    );
    assert!(read.blocks.contains(&"Onze eigen inleiding.".to_owned()));
    assert!(read.blocks.contains(&"Het perspectief.".to_owned()));
    let inleiding = read
        .headings
        .iter()
        .position(|h| h.1 == "Inleiding")
        .unwrap();
    assert_eq!(read.headings[inleiding + 1], (4, "Doel".to_owned()));
    let html = report(&env, "en", "r.html", &["--intro", "intro.md"]);
    assert!(html.contains("<em>eigen</em>"));
    assert!(html.contains("To be written: the researchers will describe the perspective"));
}

#[test]
fn refusals_are_clear() {
    let env = example();
    let run = env.run(&["report", "--out", "p.md", "--initiative", "bestaat-niet"]);
    assert_eq!(run.code, Some(1));
    assert!(
        run.stderr
            .contains("fout: onbekend initiatief ‘bestaat-niet’"),
        "{}",
        run.stderr
    );
    assert!(!env.path("p.md").exists());
    let run = env.run(&["report", "--format", "odt", "--out", "r.odt"]);
    assert_eq!(run.code, Some(2));
    assert!(
        run.stderr.contains("md") && run.stderr.contains("html"),
        "{}",
        run.stderr
    );
    let run = env.run(&["report", "--out", "r.txt"]);
    assert_eq!(run.code, Some(1));
    assert!(run.stderr.contains("--format md"), "{}", run.stderr);
    let run = env.run(&["report", "--out", "r.md", "--date", "2025-02-30"]);
    assert_eq!(run.code, Some(1));
    assert!(run.stderr.contains("geen geldige datum"), "{}", run.stderr);
    let run = env.run(&["report", "--out", "r.md", "--intro", "ontbreekt.md"]);
    assert_eq!(run.code, Some(1));
    assert!(
        run.stderr.contains("kan ontbreekt.md niet lezen"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_shorter_report_removes_the_charts_of_a_longer_one() {
    let env = example();
    report(&env, "nl", "r.md", &[]);
    let many = (1..)
        .take_while(|n| env.path(&format!("r-fig-{n}.svg")).exists())
        .count();
    assert!(many > 2);
    report(&env, "nl", "r.md", &["--initiative", "zorgpioniers"]);
    assert!(env.path("r-fig-1.svg").exists());
    assert!(!env.path("r-fig-2.svg").exists());
}
