//! `uti report --format pdf`, from the real binary, read back with
//! poppler's tools (`pdftotext`, `pdfinfo`, `pdffonts`, `pdftohtml -xml`
//! for the bookmarks): every heading of the Markdown report of the same
//! data, in order, both as text and as bookmarks; every initiative's name
//! in Dutch alphabetical order; A4 pages; every font embedded; markup in
//! the data coming out literally without touching the layout.

use crate::report::collate;
use crate::support::{Env, data};
use pulldown_cmark::{Event, Parser, Tag, TagEnd};
use serde_json::Value;
use std::path::Path;
use std::process::Command;
use std::sync::OnceLock;

const FIXED: [&str; 4] = ["--date", "2025-01-31", "--version", "1.0"];

/// poppler-utils must be there: installed once with apt-get when missing
/// (scripts/test-services.sh installs it too). Never a skip: a missing
/// tool fails the test.
fn poppler() {
    static READY: OnceLock<bool> = OnceLock::new();
    let ready = READY.get_or_init(|| {
        let found = || {
            Command::new("pdftotext")
                .arg("-v")
                .output()
                .is_ok_and(|o| o.status.success())
        };
        if found() {
            return true;
        }
        eprintln!("note: pdftotext missing; installing poppler-utils with apt-get");
        let _ = Command::new("apt-get")
            .args(["install", "-y", "-qq", "poppler-utils"])
            .env("DEBIAN_FRONTEND", "noninteractive")
            .status();
        found()
    });
    assert!(
        *ready,
        "pdftotext (poppler-utils) is needed for the PDF tests and could not be installed: \
         run scripts/test (scripts/test-services.sh installs poppler-utils)"
    );
}

fn tool(name: &str, args: &[&str], pdf: &Path) -> String {
    poppler();
    let out = Command::new(name)
        .args(args)
        .arg(pdf)
        .args(if name == "pdftotext" {
            &["-"][..]
        } else {
            &[][..]
        })
        .output()
        .unwrap_or_else(|e| panic!("{name} runs (poppler-utils): {e}"));
    assert!(
        out.status.success(),
        "{name} {}: {}",
        pdf.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8")
}

/// Writes the report and returns the path of the PDF.
fn pdf(env: &Env, lang: &str, name: &str, extra: &[&str]) -> std::path::PathBuf {
    let mut args = vec!["--lang", lang, "report", "--out", name];
    args.extend_from_slice(extra);
    args.extend_from_slice(&FIXED);
    env.ok(&args);
    let path = env.path(name);
    let bytes = std::fs::read(&path).expect("PDF written");
    assert!(bytes.starts_with(b"%PDF-"), "{name} is a PDF");
    path
}

/// The Markdown report of the same data: `(level, text)` of its headings.
fn markdown_headings(env: &Env, lang: &str, extra: &[&str]) -> Vec<(u8, String)> {
    let mut args = vec!["--lang", lang, "report", "--out", "same.md"];
    args.extend_from_slice(extra);
    args.extend_from_slice(&FIXED);
    env.ok(&args);
    let text = std::fs::read_to_string(env.path("same.md")).unwrap();
    let mut headings = Vec::new();
    let mut current: Option<(u8, String)> = None;
    for event in Parser::new(&text) {
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                current = Some((level as u8, String::new()))
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, s)) = &mut current {
                    s.push_str(&t);
                }
            }
            Event::End(TagEnd::Heading(_)) => headings.extend(current.take()),
            _ => {}
        }
    }
    headings
}

/// Every initiative's name, in the order of the report.
fn names(env: &Env) -> Vec<String> {
    let dataset: Value =
        serde_json::from_str(&env.ok(&["export", "--format", "json"]).stdout).unwrap();
    let mut names: Vec<String> = dataset["initiatives"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["name"].as_str().unwrap().to_owned())
        .collect();
    names.sort_by_key(|n| collate(n));
    names
}

/// A heading as typst numbers it: `4.1 Name`, or just `Name`.
fn is_heading(line: &str, text: &str) -> bool {
    let line = line.trim();
    line == text
        || line.strip_suffix(text).is_some_and(|prefix| {
            let number = prefix.trim_end();
            prefix.ends_with(' ')
                && !number.is_empty()
                && number
                    .split('.')
                    .all(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
        })
}

/// The bookmarks (PDF outline), in order.
fn bookmarks(path: &Path) -> Vec<String> {
    let xml = tool("pdftohtml", &["-xml", "-stdout", "-i", "-q"], path);
    let mut items = Vec::new();
    for line in xml.lines() {
        if let Some(rest) = line.trim().strip_prefix("<item page=\"")
            && let Some(start) = rest.find("\">")
            && let Some(text) = rest[start + 2..].strip_suffix("</item>")
        {
            items.push(
                text.replace("&lt;", "<")
                    .replace("&gt;", ">")
                    .replace("&quot;", "\"")
                    .replace("&apos;", "'")
                    .replace("&#39;", "'")
                    .replace("&amp;", "&"),
            );
        }
    }
    items
}

/// Whitespace runs as one space.
fn flat(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Every page A4; more than one page.
fn check_pages(path: &Path) -> usize {
    let info = tool("pdfinfo", &[], path);
    let pages: usize = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .expect("a page count")
        .trim()
        .parse()
        .unwrap();
    let last = pages.to_string();
    let sizes = tool("pdfinfo", &["-f", "1", "-l", &last], path);
    let a4: Vec<&str> = sizes
        .lines()
        .filter(|l| l.starts_with("Page") && l.contains(" size:"))
        .collect();
    assert_eq!(a4.len(), pages, "{}: a size per page", path.display());
    for line in a4 {
        assert!(
            line.ends_with("595.276 x 841.89 pts (A4)"),
            "{}: not A4: {line}",
            path.display()
        );
    }
    pages
}

/// Every font embedded.
fn check_fonts(path: &Path) {
    let fonts = tool("pdffonts", &[], path);
    let rows: Vec<&str> = fonts
        .lines()
        .skip(2)
        .filter(|l| !l.trim().is_empty())
        .collect();
    assert!(!rows.is_empty(), "fonts used");
    for row in rows {
        let cols: Vec<&str> = row.split_whitespace().collect();
        assert_eq!(cols[cols.len() - 5], "yes", "not embedded: {row}");
    }
}

/// The headings of the Markdown report (below the title, without the
/// contents' own heading) are the bookmarks, in order, and lines of the
/// text, in order, after the contents.
fn check_headings(path: &Path, md: &[(u8, String)], contents: Option<&str>) -> String {
    let expected: Vec<&str> = md
        .iter()
        .filter(|(level, text)| *level > 1 && Some(text.as_str()) != contents)
        .map(|(_, t)| t.as_str())
        .collect();
    assert!(expected.len() > 3, "headings found: {md:?}");
    let marks = bookmarks(path);
    assert_eq!(marks.len(), expected.len(), "bookmarks {marks:?}");
    for (mark, text) in marks.iter().zip(&expected) {
        assert!(is_heading(mark, text), "bookmark {mark:?} for {text:?}");
    }
    let text = tool("pdftotext", &[], path);
    // The body: from the page after the contents (a report), or all.
    let body = match contents {
        Some(_) => text
            .split('\u{c}')
            .skip(2)
            .collect::<Vec<_>>()
            .join("\u{c}"),
        None => text.clone(),
    };
    let lines: Vec<&str> = body.lines().collect();
    let mut at = 0;
    for heading in &expected {
        let found = lines[at..]
            .iter()
            .position(|l| is_heading(l, heading))
            .unwrap_or_else(|| panic!("heading {heading:?} in order in the text after line {at}"));
        at += found + 1;
    }
    text
}

fn example() -> Env {
    let env = Env::sqlite();
    env.ok(&[
        "import",
        &data("voorbeeldnetwerk.yaml").display().to_string(),
    ]);
    env
}

#[test]
fn the_report_as_pdf_has_every_heading_and_name_in_order() {
    let env = example();
    let names = names(&env);
    assert!(names.len() > 3);
    for lang in ["nl", "en"] {
        let path = pdf(&env, lang, &format!("report-{lang}.pdf"), &[]);
        let pages = check_pages(&path);
        assert!(pages > 1, "{pages} pages");
        check_fonts(&path);
        let md = markdown_headings(&env, lang, &[]);
        let contents = if lang == "nl" { "Inhoud" } else { "Contents" };
        assert!(md.iter().any(|(_, t)| t == contents));
        let text = check_headings(&path, &md, Some(contents));
        // Title page: title, network, date, version.
        let title_page = flat(text.split('\u{c}').next().unwrap());
        assert!(title_page.contains(&md[0].1), "{title_page}");
        assert!(
            title_page.contains("Leernetwerk Voorbeeldregio"),
            "{title_page}"
        );
        assert!(title_page.contains("1.0"), "{title_page}");
        assert!(
            title_page.contains(if lang == "nl" {
                "31 januari 2025"
            } else {
                "31 January 2025"
            }),
            "{title_page}"
        );
        // The contents page lists the chapters.
        let toc = flat(text.split('\u{c}').nth(1).unwrap());
        assert!(toc.starts_with(contents), "{toc}");
        // Every name, in Dutch alphabetical order, in the body.
        let body = flat(&text.split('\u{c}').skip(2).collect::<Vec<_>>().join(" "));
        let mut at = 0;
        for name in &names {
            let found = body[at..]
                .find(name.as_str())
                .unwrap_or_else(|| panic!("{name} in order in the {lang} PDF"));
            at += found + name.len();
        }
        // Page numbers in the footer: the last page ends with its number.
        let last = text.trim_end_matches(['\u{c}', '\n', ' ']);
        assert!(
            last.ends_with(&pages.to_string()),
            "page number on the last page"
        );
        // The document's language, for hyphenation and readers.
        let raw = std::fs::read(&path).unwrap();
        let lang_tag = format!("/Lang({lang})");
        assert!(
            raw.windows(lang_tag.len())
                .any(|w| w == lang_tag.as_bytes()),
            "{lang_tag}"
        );
    }
}

#[test]
fn a_portrait_as_pdf() {
    let env = example();
    // Format from the extension.
    let path = pdf(
        &env,
        "nl",
        "codeschakel.pdf",
        &["--initiative", "codeschakel"],
    );
    check_pages(&path);
    check_fonts(&path);
    let md = markdown_headings(&env, "nl", &["--initiative", "codeschakel"]);
    let text = check_headings(&path, &md, None);
    // The name at the top: after the label (`PORTRET`), before any section.
    let top: Vec<&str> = text.lines().take(3).collect();
    assert!(top.contains(&md[0].1.as_str()), "the name first: {top:?}");
}

/// Text that is markup in typst (and in other formats).
const HOSTILE: [&str; 13] = [
    "#set page(width: 1cm)",
    "]",
    "[",
    "*bold*",
    "$x$",
    "<script>alert(1)</script>",
    "\\\"",
    "back\\slash\\\\",
    "@ref",
    "// comment",
    "#pagebreak()",
    "_under_",
    "`raw`",
];

fn hostile_dataset() -> String {
    let q = |s: &str| serde_json::to_string(s).unwrap();
    let all = HOSTILE.join(" ");
    format!(
        "format: uti-dataset/1
network: {network}
initiatives:
  - id: hostile
    name: {name}
    problem: {all}
    target_groups: [{tg1}, {tg2}]
    sectors: [{sector}]
    partners:
      - {{name: {partner}, kind: overig}}
    sessions:
      - date: 2024-03-01
        kind: beoogd-ontwerp
        cimo:
          - level: doelgroep
            context: {all}
            interventions: [{i1}]
            mechanisms: [{m1}, {m2}]
        llo: {{opleiden: 2, community: 1, waarderen-certificeren: 0, matching: 0, loopbaanbegeleiding: 1}}
        llo_notes:
          opleiden: {all}
        werkplekleren: zet-in
        werkplekleren_notes: {all}
  - id: gewoon
    name: Gewoon Initiatief
",
        network = q("#set page(width: 1cm) netwerk"),
        name = q("#set page(width: 1cm) ] [ *bold* $x$ @ref"),
        all = q(&all),
        tg1 = q("<script>alert(1)</script>"),
        tg2 = q("// comment \\\" back\\slash\\\\"),
        sector = q("$x$"),
        partner = q("*bold* _under_ `raw`"),
        i1 = q("#pagebreak()"),
        m1 = q("]"),
        m2 = q("["),
    )
}

#[test]
fn markup_in_the_data_comes_out_literally_in_the_pdf() {
    let env = Env::sqlite();
    env.write("hostile.yaml", hostile_dataset());
    env.ok(&["import", "hostile.yaml"]);
    for (what, extra) in [
        ("report", &[][..]),
        ("portrait", &["--initiative", "hostile"][..]),
    ] {
        let path = pdf(&env, "nl", &format!("{what}.pdf"), extra);
        check_pages(&path);
        check_fonts(&path);
        let text = flat(&tool("pdftotext", &[], &path));
        for h in HOSTILE {
            assert!(text.contains(h), "{what}: {h:?} literally in\n{text}");
        }
        assert!(
            text.contains("#set page(width: 1cm) ] [ *bold* $x$ @ref"),
            "{what}: the name whole"
        );
        assert!(
            text.contains(&flat(&HOSTILE.join(" "))),
            "{what}: the problem whole"
        );
        let md = markdown_headings(&env, "nl", extra);
        let contents = (what == "report").then_some("Inhoud");
        check_headings(&path, &md, contents);
    }
}
