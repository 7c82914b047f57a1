//! `uti report --format docx`, from the real binary, read back as a DOCX
//! reader would: the package unzipped, `word/document.xml` and
//! `word/styles.xml` parsed as XML. The headings are heading styles with
//! outline levels, in the order of the Markdown report; the names, tables
//! and pictures are there; markup and control characters in the data come
//! out as literal text; LibreOffice converts it to a PDF that holds every
//! name.

use crate::support::{Env, data};
use pulldown_cmark::{Event, Parser, Tag, TagEnd};
use quick_xml::events::Event as XmlEvent;
use quick_xml::{Reader, XmlVersion};
use serde_json::Value;
use std::collections::HashMap;
use std::io::Read;
use std::path::Path;
use std::process::Command;

const FIXED: [&str; 4] = ["--date", "2025-01-31", "--version", "1.0"];

enum Kind {
    Start,
    Other,
}

/// A paragraph of `word/document.xml`.
#[derive(Debug)]
struct Paragraph {
    style: Option<String>,
    text: String,
}

/// What a DOCX reader finds in the package.
struct Docx {
    files: HashMap<String, Vec<u8>>,
    paragraphs: Vec<Paragraph>,
    /// Paragraph style id to its outline level.
    outline: HashMap<String, u8>,
    tables: usize,
    /// `r:embed` of every picture.
    embeds: Vec<String>,
    /// `descr` of every drawing.
    descriptions: Vec<String>,
    /// The document's default language.
    lang: Option<String>,
}

fn attr(e: &quick_xml::events::BytesStart<'_>, name: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == name)
        .map(|a| {
            a.normalized_value(XmlVersion::Implicit1_0)
                .expect("attribute value escaped")
                .into_owned()
        })
}

fn text_of(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).expect("UTF-8")
}

fn read_docx(path: &Path) -> Docx {
    let file = std::fs::File::open(path).expect("docx written");
    let mut zip = zip::ZipArchive::new(file).expect("a zip package");
    let mut files = HashMap::new();
    for n in 0..zip.len() {
        let mut entry = zip.by_index(n).unwrap();
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes).unwrap();
        files.insert(entry.name().unwrap().into_owned(), bytes);
    }
    // Every XML part is well-formed.
    for (name, bytes) in &files {
        if name.ends_with(".xml") || name.ends_with(".rels") {
            let mut reader = Reader::from_reader(&bytes[..]);
            loop {
                match reader.read_event() {
                    Ok(XmlEvent::Eof) => break,
                    Ok(XmlEvent::Text(t)) => {
                        let _ = t.as_ref();
                    }
                    Ok(_) => {}
                    Err(e) => panic!("{name} is not well-formed XML: {e}"),
                }
            }
        }
    }

    let document = text_of(&files["word/document.xml"]);
    let mut reader = Reader::from_str(&document);
    let (mut paragraphs, mut tables, mut embeds, mut descriptions) =
        (Vec::new(), 0, Vec::new(), Vec::new());
    let mut current: Option<Paragraph> = None;
    let mut in_text = false;
    loop {
        let event = reader.read_event().expect("document.xml is well-formed");
        let event_kind = match &event {
            XmlEvent::Start(_) => Kind::Start,
            _ => Kind::Other,
        };
        match event {
            XmlEvent::Eof => break,
            XmlEvent::Start(e) | XmlEvent::Empty(e) => {
                let opens = matches!(&event_kind, Kind::Start);
                match e.name().as_ref() {
                    "w:p" => {
                        current = Some(Paragraph {
                            style: None,
                            text: String::new(),
                        })
                    }
                    "w:pStyle" => {
                        if let Some(p) = &mut current {
                            p.style = attr(&e, "w:val");
                        }
                    }
                    "w:t" => in_text = opens,
                    "w:ta" => {
                        if let Some(p) = &mut current {
                            p.text.push('\t');
                        }
                    }
                    "w:br" => {
                        if let Some(p) = &mut current {
                            p.text.push('\n');
                        }
                    }
                    "w:tbl" => tables += 1,
                    "a:blip" => embeds.extend(attr(&e, "r:embed")),
                    "wp:docPr" => descriptions.extend(attr(&e, "descr")),
                    _ => {}
                }
            }
            XmlEvent::Text(t) if in_text => {
                if let Some(p) = &mut current {
                    p.text.push_str(t.as_ref());
                }
            }
            XmlEvent::GeneralRef(r) if in_text => {
                let c = match r.as_ref() {
                    "lt" => "<",
                    "gt" => ">",
                    "amp" => "&",
                    "quot" => "\"",
                    "apos" => "'",
                    other => panic!("unexpected entity &{other};"),
                };
                if let Some(p) = &mut current {
                    p.text.push_str(c);
                }
            }
            XmlEvent::End(e) => match e.name().as_ref() {
                "w:t" => in_text = false,
                "w:p" => paragraphs.extend(current.take()),
                _ => {}
            },
            _ => {}
        }
    }

    let styles = text_of(&files["word/styles.xml"]);
    let mut reader = Reader::from_str(&styles);
    let (mut outline, mut style, mut lang) = (HashMap::new(), None, None);
    loop {
        match reader.read_event().expect("styles.xml is well-formed") {
            XmlEvent::Eof => break,
            XmlEvent::Start(e) | XmlEvent::Empty(e) => match e.name().as_ref() {
                "w:style" => style = attr(&e, "w:styleId"),
                "w:outlineLvl" => {
                    let level: u8 = attr(&e, "w:val").unwrap().parse().unwrap();
                    outline.insert(style.clone().expect("inside a style"), level);
                }
                "w:lang" if style.is_none() => lang = attr(&e, "w:val"),
                _ => {}
            },
            XmlEvent::End(e) if e.name().as_ref() == "w:style" => style = None,
            _ => {}
        }
    }
    Docx {
        files,
        paragraphs,
        outline,
        tables,
        embeds,
        descriptions,
        lang,
    }
}

impl Docx {
    /// `(level, text)` of every heading paragraph: style `HeadingN`, which
    /// the styles define with outline level N - 1.
    fn headings(&self) -> Vec<(u8, String)> {
        self.paragraphs
            .iter()
            .filter_map(|p| {
                let style = p.style.as_deref()?;
                let level: u8 = style.strip_prefix("Heading")?.parse().ok()?;
                assert_eq!(
                    self.outline.get(style),
                    Some(&(level - 1)),
                    "styles.xml gives {style} outline level {}",
                    level - 1
                );
                Some((level, p.text.clone()))
            })
            .collect()
    }

    fn text(&self) -> String {
        self.paragraphs
            .iter()
            .map(|p| p.text.as_str())
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// The relationships of the main document: id to target.
    fn rels(&self) -> HashMap<String, String> {
        let rels = text_of(&self.files["word/_rels/document.xml.rels"]);
        let mut reader = Reader::from_str(&rels);
        let mut out = HashMap::new();
        loop {
            match reader.read_event().unwrap() {
                XmlEvent::Eof => break,
                XmlEvent::Empty(e) | XmlEvent::Start(e) if e.name().as_ref() == "Relationship" => {
                    out.insert(attr(&e, "Id").unwrap(), attr(&e, "Target").unwrap());
                }
                _ => {}
            }
        }
        out
    }
}

/// `uti --lang LANG report --format docx --out NAME EXTRA... --date ...`.
fn docx(env: &Env, lang: &str, name: &str, extra: &[&str]) -> Docx {
    let mut args = vec!["--lang", lang, "report", "--format", "docx", "--out", name];
    args.extend_from_slice(extra);
    args.extend_from_slice(&FIXED);
    env.ok(&args);
    read_docx(&env.path(name))
}

/// The headings of the Markdown report of the same data: the document's
/// title and the contents' heading left out, levels as in the DOCX.
fn markdown_headings(env: &Env, lang: &str, extra: &[&str]) -> Vec<(u8, String)> {
    let mut args = vec!["--lang", lang, "report", "--out", "same.md"];
    args.extend_from_slice(extra);
    args.extend_from_slice(&FIXED);
    env.ok(&args);
    let md = std::fs::read_to_string(env.path("same.md")).unwrap();
    let mut headings = Vec::new();
    let (mut level, mut text) = (None, String::new());
    for event in Parser::new(&md) {
        match event {
            Event::Start(Tag::Heading { level: l, .. }) => level = Some(l as u8),
            Event::Text(t) | Event::Code(t) if level.is_some() => text.push_str(&t),
            Event::End(TagEnd::Heading(_)) => {
                headings.push((level.take().unwrap(), std::mem::take(&mut text)))
            }
            _ => {}
        }
    }
    let network = !extra.contains(&"--initiative");
    headings
        .into_iter()
        .skip(if network { 2 } else { 1 })
        .map(|(l, t)| (l - 1, t))
        .collect()
}

fn names(env: &Env) -> Vec<String> {
    let dataset: Value =
        serde_json::from_str(&env.ok(&["export", "--format", "json"]).stdout).unwrap();
    dataset["initiatives"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["name"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn headings_are_heading_styles_in_the_order_of_the_report() {
    let env = Env::sqlite();
    env.ok(&[
        "import",
        &data("voorbeeldnetwerk.yaml").display().to_string(),
    ]);
    let names = names(&env);
    assert!(names.len() >= 10);
    for (lang, code) in [("nl", "nl-NL"), ("en", "en-GB")] {
        let doc = docx(&env, lang, "r.docx", &[]);
        let headings = doc.headings();
        assert_eq!(headings, markdown_headings(&env, lang, &[]), "{lang}");
        assert_eq!(doc.lang.as_deref(), Some(code));
        for level in 1..=3 {
            assert!(headings.iter().any(|(l, _)| *l == level), "level {level}");
        }
        // The title page, then the contents: a TOC field with its entries.
        assert_eq!(doc.paragraphs[0].style.as_deref(), Some("TitlePage"));
        let document = text_of(&doc.files["word/document.xml"]);
        assert!(
            document.contains("TOC \\o &quot;1-2&quot; \\h"),
            "TOC field"
        );
        let entries = doc
            .paragraphs
            .iter()
            .filter(|p| matches!(p.style.as_deref(), Some("TOC1" | "TOC2")))
            .count();
        assert_eq!(
            entries,
            headings.iter().filter(|(l, _)| *l <= 2).count(),
            "an entry per heading of levels 1 and 2"
        );
        // Every initiative by name (and short name), heading its portrait.
        for name in &names {
            assert!(
                headings
                    .iter()
                    .any(|(l, t)| *l == 2 && (t == name || t.starts_with(&format!("{name} (")))),
                "{lang}: {name}"
            );
        }
        // Page breaks before chapters and portraits but the first, and
        // before the contents.
        assert_eq!(
            document.matches("<w:pageBreakBefore/>").count(),
            1 + 6 + names.len() - 1
        );
        // Tables as tables, with a repeated header row.
        assert_eq!(
            doc.tables, 4,
            "the approach, the co-occurrence table and the agenda's two goals"
        );
        assert_eq!(document.matches("<w:tblHeader/>").count(), doc.tables);
        // A picture per chart: a PNG in word/media, referenced, described.
        let rels = doc.rels();
        let md = std::fs::read_to_string(env.path("same.md")).unwrap();
        let images = Parser::new(&md)
            .filter(|e| matches!(e, Event::Start(Tag::Image { .. })))
            .count();
        assert!(images > 2);
        assert_eq!(
            doc.embeds.len(),
            images,
            "a picture per chart of the Markdown"
        );
        for embed in &doc.embeds {
            let target = &rels[embed];
            let png = &doc.files[&format!("word/{target}")];
            assert!(target.starts_with("media/") && png.starts_with(b"\x89PNG"));
        }
        assert_eq!(doc.descriptions.len(), doc.embeds.len());
        assert!(doc.descriptions.iter().all(|d| !d.is_empty()));
        // A4 with page numbers in the footer.
        assert!(document.contains("<w:pgSz w:w=\"11906\" w:h=\"16838\"/>"));
        let footer = text_of(&doc.files["word/footer1.xml"]);
        assert!(footer.contains(" PAGE "));
    }
    // A portrait: its name as the title, its parts as level-1 headings.
    let doc = docx(&env, "nl", "p.docx", &["--initiative", "zorgpioniers"]);
    assert_eq!(
        doc.headings(),
        markdown_headings(&env, "nl", &["--initiative", "zorgpioniers"])
    );
    assert_eq!(doc.paragraphs[1].text, "Zorgpioniers Voorbeeldregio (ZPV)");
    assert_eq!(doc.embeds.len(), 1);
    // The format also comes from the extension.
    env.ok(&["report", "--out", "x.docx"]);
    assert!(read_docx(&env.path("x.docx")).headings().len() > 3);
}

/// Markup of every kind, quotes and a control character XML 1.0 forbids.
const HOSTILE: &str = "<w:p>]]>&amp;<script>alert(1)</script>\"quotes\" 'apos' \u{1}end";

fn hostile_env() -> Env {
    let env = Env::sqlite();
    let dataset = serde_json::json!({
        "format": "uti-dataset/1",
        "network": HOSTILE,
        "initiatives": [
            {
                "id": "hostile",
                "name": HOSTILE,
                "problem": HOSTILE,
                "target_groups": [HOSTILE, "tweede"],
                "sessions": [{
                    "date": "2024-03-01",
                    "kind": "beoogd-ontwerp",
                    "cimo": [{
                        "level": "doelgroep",
                        "context": HOSTILE,
                        "interventions": [HOSTILE],
                        "mechanisms": [HOSTILE],
                    }],
                    "llo": {"opleiden": 2, "community": 1, "waarderen-certificeren": 0,
                            "matching": 0, "loopbaanbegeleiding": 1},
                    "llo_notes": {"opleiden": HOSTILE},
                }],
            },
            {"id": "gewoon", "name": "Gewoon Initiatief"},
        ],
    });
    env.write("hostile.json", dataset.to_string());
    env.ok(&["import", "hostile.json"]);
    env
}

#[test]
fn markup_and_control_characters_in_the_data_come_out_literally() {
    let env = hostile_env();
    let literal = HOSTILE.replace('\u{1}', "\u{fffd}");
    for (what, extra) in [
        ("report", &[][..]),
        ("portrait", &["--initiative", "hostile"][..]),
    ] {
        for lang in ["nl", "en"] {
            let doc = docx(&env, lang, &format!("{what}.docx"), extra);
            let text = doc.text();
            assert!(
                text.matches(&literal).count() >= 4,
                "{what} {lang}: the text literally"
            );
            assert!(!text.contains('\u{1}'));
            let document = text_of(&doc.files["word/document.xml"]);
            assert!(!document.contains("<script"), "{what}: markup escaped");
            assert!(!document.contains("]]>&amp;<"), "{what}");
            // Data never became structure: one paragraph holds it whole.
            assert!(doc.paragraphs.iter().any(|p| p.text == literal), "{what}");
            assert_eq!(
                doc.headings(),
                markdown_headings(&env, lang, extra)
                    .into_iter()
                    .map(|(l, t)| (l, t.replace('\u{1}', "\u{fffd}")))
                    .collect::<Vec<_>>(),
                "{what} {lang}"
            );
            let core = text_of(&doc.files["docProps/core.xml"]);
            if what == "portrait" {
                assert!(core.contains("&lt;w:p&gt;]]&gt;&amp;amp;"), "{core}");
            }
        }
    }
}

/// LibreOffice must be there: `scripts/test-services.sh` installs it.
fn soffice() -> &'static str {
    let found = Command::new("soffice")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(
        found,
        "LibreOffice (soffice) is needed for the DOCX conversion test: run scripts/test \
         (scripts/test-services.sh installs libreoffice-writer-nogui and poppler-utils)"
    );
    "soffice"
}

#[test]
fn libreoffice_converts_it_to_a_pdf_with_every_name() {
    let soffice = soffice();
    let env = hostile_env();
    env.ok(&[
        "import",
        &data("voorbeeldnetwerk.yaml").display().to_string(),
    ]);
    let names = names(&env);
    let literal = HOSTILE.replace('\u{1}', "\u{fffd}");
    env.ok(&["report", "--format", "docx", "--out", "r.docx"]);
    env.ok(&["report", "--out", "p.docx", "--initiative", "hostile"]);
    // A profile of its own, so no other LibreOffice process is in the way.
    let profile = format!("file://{}", env.path("lo-profile").display());
    let run = Command::new(soffice)
        .arg(format!("-env:UserInstallation={profile}"))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(env.path("pdf"))
        .arg(env.path("r.docx"))
        .arg(env.path("p.docx"))
        .output()
        .expect("soffice runs");
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "soffice failed: {stderr}");
    assert!(!stderr.to_lowercase().contains("error"), "{stderr}");
    let pdftext = |name: &str| {
        let out = Command::new("pdftotext")
            .arg(env.path("pdf").join(name))
            .arg("-")
            .output()
            .expect("pdftotext runs (poppler-utils)");
        assert!(out.status.success(), "{name} converted");
        String::from_utf8(out.stdout).unwrap()
    };
    let report = pdftext("r.pdf");
    for name in names.iter().filter(|n| **n != HOSTILE) {
        assert!(report.contains(name.as_str()), "{name} in the PDF");
    }
    // The hostile name's words are there, as text.
    assert!(report.contains("alert(1)"));
    let portrait = pdftext("p.pdf");
    assert!(portrait.contains("<w:p>]]>&amp;<script>"), "{portrait}");
    assert!(literal.starts_with("<w:p>]]>&amp;<script>"));
}
