//! What a report and a portrait say: built from the dataset and its
//! analysis, every figure computed.

use super::{
    Block, Chart, Field, Heading, List, Report, ReportKind, Span, Table, Toc, TocEntry, plain,
    written,
};
use crate::analysis::Analysis;
use crate::charts;
use crate::lang::Lang;
use crate::model::{Chain, Dataset, Initiative, Level, LloType, Session, SessionKind, Term};
use crate::prose::{
    self, capitalise, collation_key, date_text, join, kind_name, level_name, partner_kind_name,
    type_name, werkplekleren_sentence,
};
use crate::values::{IsoDate, Slug};
use std::collections::HashSet;

/// The chapter on the action agenda and the development coalitions.
mod agenda;

/// What the caller decides about a report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// The language.
    pub lang: Lang,
    /// The date on the title page.
    pub date: IsoDate,
    /// The title; by default `Rapportage lerende aanpak` (or the
    /// initiative's name, for a portrait).
    pub title: Option<String>,
    /// The version label on the title page.
    pub version: Option<String>,
    /// The introduction, in Markdown, as the researchers wrote it.
    pub intro: Option<String>,
    /// The perspective used, in Markdown, as the researchers wrote it.
    pub perspective: Option<String>,
}

impl Options {
    /// Default title, no version, nothing written by the researchers yet.
    pub fn new(lang: Lang, date: IsoDate) -> Options {
        Options {
            lang,
            date,
            title: None,
            version: None,
            intro: None,
            perspective: None,
        }
    }
}

/// Headings are printed only to this depth.
const DEEPEST: u8 = 6;

/// Longest anchor made from a heading (before a `-2` that keeps it unique).
const ANCHOR_MAX: usize = 60;

/// Collects the blocks and hands out unique anchors and chart numbers.
struct Builder<'a> {
    dataset: &'a Dataset,
    lang: Lang,
    blocks: Vec<Block>,
    ids: HashSet<String>,
    charts: usize,
}

/// An anchor from a text: lowercase ASCII letters, digits and hyphens,
/// starting with a letter.
fn anchor(text: &str) -> String {
    let mut out = String::new();
    for c in collation_key(text).chars() {
        if c.is_ascii_lowercase() || c.is_ascii_digit() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    // Long anchors are cut after a whole word.
    if out.len() > ANCHOR_MAX {
        let cut = out[..ANCHOR_MAX].rfind('-').unwrap_or(ANCHOR_MAX);
        out.truncate(cut);
    }
    let out = out.trim_end_matches('-');
    if out.starts_with(|c: char| c.is_ascii_lowercase()) {
        out.to_owned()
    } else {
        format!("s-{out}").trim_end_matches('-').to_owned()
    }
}

/// Sessions oldest first; sessions on one day keep the order of the file.
fn by_date(initiative: &Initiative) -> Vec<&Session> {
    let mut sessions: Vec<&Session> = initiative.sessions().iter().collect();
    sessions.sort_by_key(|s| s.date);
    sessions
}

impl<'a> Builder<'a> {
    fn new(dataset: &'a Dataset, lang: Lang) -> Builder<'a> {
        Builder {
            dataset,
            lang,
            blocks: Vec::new(),
            ids: HashSet::new(),
            charts: 0,
        }
    }

    fn t(&self, nl: &'static str, en: &'static str) -> &'static str {
        self.lang.pick(nl, en)
    }

    /// A fresh anchor based on `hint`.
    fn id(&mut self, hint: &str) -> String {
        let base = anchor(hint);
        let mut id = base.clone();
        let mut n = 2;
        while !self.ids.insert(id.clone()) {
            id = format!("{base}-{n}");
            n += 1;
        }
        id
    }

    fn heading(&mut self, level: u8, text: impl Into<String>, hint: &str, page_break: bool) {
        let id = self.id(hint);
        self.blocks.push(Block::Heading(Heading {
            level: level.min(DEEPEST),
            id,
            text: text.into(),
            page_break,
        }));
    }

    fn push(&mut self, block: Block) {
        self.blocks.push(block);
    }

    fn chart(&mut self, caption: String, alt: String, draw: impl FnOnce(&str) -> String) {
        self.charts += 1;
        let id = self.id(&format!("figuur-{}", self.charts));
        let svg = draw(&id);
        self.blocks.push(Block::Chart(Chart {
            number: self.charts,
            id,
            caption,
            alt,
            svg,
        }));
    }

    /// Researchers' Markdown, its headings placed below a chapter heading
    /// of `level`; or the placeholder when they have not written it yet.
    fn written(&mut self, markdown: Option<&str>, level: u8, placeholder: &str) {
        let blocks = markdown.map(written::parse).unwrap_or_default();
        if blocks.is_empty() {
            self.push(Block::Placeholder(placeholder.to_owned()));
            return;
        }
        for block in blocks {
            match block {
                Block::Heading(h) => {
                    let hint = h.text.clone();
                    self.heading(level + h.level, h.text, &hint, false);
                }
                other => self.push(other),
            }
        }
    }

    fn term_names(&self, ids: &[Slug], terms: &[Term]) -> Vec<String> {
        ids.iter()
            .map(|id| {
                terms
                    .iter()
                    .find(|t| &t.id == id)
                    .map_or_else(|| id.to_string(), |t| t.name.clone())
            })
            .collect()
    }

    fn session_words(&self, session: &Session) -> String {
        format!(
            "{} ({})",
            date_text(session.date, self.lang),
            kind_name(session.kind, self.lang)
        )
    }

    /// A portrait: the initiative's name as a heading of `level`, starting
    /// a page or not (`None` when the name is the document's title), and
    /// its parts below it.
    fn portrait(&mut self, initiative: &Initiative, level: u8, heading: Option<bool>) {
        let lang = self.lang;
        let key = initiative.id.as_str();
        let part = match heading {
            Some(page_break) => {
                self.heading(level, display_name(initiative), key, page_break);
                level + 1
            }
            None => level,
        };

        // Vraagstuk in context en doelgroep.
        self.heading(
            part,
            self.t(
                "Vraagstuk in context en doelgroep",
                "Problem in context and target group",
            ),
            &format!("{key}-vraagstuk"),
            false,
        );
        match &initiative.problem {
            Some(problem) => self.push(plain(problem.clone())),
            None => self.push(Block::Paragraph(vec![Span {
                text: self
                    .t(
                        "Het vraagstuk is nog niet beschreven.",
                        "The problem has not been described yet.",
                    )
                    .to_owned(),
                emphasis: true,
                ..Span::default()
            }])),
        }
        let mut fields = Vec::new();
        if let Some(groups) = initiative.target_groups.as_ref().filter(|g| !g.is_empty()) {
            fields.push(Field {
                label: self.t("Doelgroep", "Target group").to_owned(),
                values: groups.clone(),
            });
        }
        if let Some(sectors) = initiative.sectors.as_ref().filter(|s| !s.is_empty()) {
            fields.push(Field::one(
                self.t("Sectoren", "Sectors"),
                sectors.join(", "),
            ));
        }
        if let Some(partners) = initiative.partners.as_ref().filter(|p| !p.is_empty()) {
            fields.push(Field {
                label: self.t("Partners", "Partners").to_owned(),
                values: partners
                    .iter()
                    .map(|p| format!("{} ({})", p.name, partner_kind_name(p.kind, lang)))
                    .collect(),
            });
        }
        if let Some(website) = &initiative.website {
            fields.push(Field::one(self.t("Website", "Website"), website.clone()));
        }
        let sessions = by_date(initiative);
        fields.push(Field {
            label: self
                .t("Reflexieve sessies", "Reflexive sessions")
                .to_owned(),
            values: if sessions.is_empty() {
                vec![self.t("nog geen", "none yet").to_owned()]
            } else {
                sessions.iter().map(|s| self.session_words(s)).collect()
            },
        });
        self.push(Block::Fields(fields));

        // LLO-interventies.
        self.heading(
            part,
            self.t("LLO-interventies", "LLO interventions"),
            &format!("{key}-llo"),
            false,
        );
        let plotted = initiative.plotted_sessions();
        match plotted.last() {
            None => self.push(plain(self.t(
                "Van dit initiatief is nog geen plot op de vijf typen LLO-interventies gemaakt.",
                "This initiative has not yet been plotted on the five types of LLO intervention.",
            ))),
            Some(session) => {
                let plot = session.llo.expect("a plotted session has a plot");
                self.push(plain(used_sentence(initiative, &plot, lang)));
                self.push(plain(match lang {
                    Lang::Nl => format!(
                        "De plot komt uit de sessie van {}.",
                        self.session_words(session)
                    ),
                    Lang::En => format!(
                        "The plot is from the session of {}.",
                        self.session_words(session)
                    ),
                }));
                let caption = match lang {
                    Lang::Nl => format!(
                        "Plot van {} op de vijf typen LLO-interventies (0 = niet, 1 = in enige mate, 2 = in ruime mate).",
                        initiative.name
                    ),
                    Lang::En => format!(
                        "Plot of {} on the five types of LLO intervention (0 = not used, 1 = to some extent, 2 = extensively).",
                        initiative.name
                    ),
                };
                let alt = LloType::ALL
                    .iter()
                    .map(|t| {
                        format!(
                            "{}: {}",
                            capitalise(type_name(*t, lang)),
                            plot.get(*t).value()
                        )
                    })
                    .collect::<Vec<_>>()
                    .join(", ");
                self.chart(caption, alt, |id| charts::radar(&plot, lang, id));
                let used = plot.used_types();
                if !used.is_empty() {
                    self.push(plain(self.t(
                        "Hoe het initiatief vormgeeft aan elk type dat het inzet:",
                        "How the initiative gives shape to each type it uses:",
                    )));
                    let notes = session.llo_notes.as_ref();
                    let fields = used
                        .iter()
                        .map(|t| {
                            let note = notes.and_then(|n| n.get(t)).cloned().unwrap_or_else(|| {
                                self.t("(nog) niet beschreven", "not described (yet)")
                                    .to_owned()
                            });
                            Field::one(
                                format!(
                                    "{} ({})",
                                    capitalise(type_name(*t, lang)),
                                    degree(plot.get(*t).value(), lang)
                                ),
                                note,
                            )
                        })
                        .collect();
                    self.push(Block::Fields(fields));
                }
            }
        }

        // Werkplekleren.
        self.heading(
            part,
            self.t("Werkplekleren", "Workplace learning"),
            &format!("{key}-werkplekleren"),
            false,
        );
        let stated = sessions
            .iter()
            .rev()
            .find(|s| s.werkplekleren.is_some())
            .copied();
        match stated.and_then(|s| s.werkplekleren.map(|w| (s, w))) {
            Some((session, w)) => {
                self.push(plain(werkplekleren_sentence(
                    w,
                    &self.session_words(session),
                    lang,
                )));
                if let Some(notes) = &session.werkplekleren_notes {
                    self.push(plain(notes.clone()));
                }
            }
            None => self.push(plain(self.t(
                "Hoe het ontwerp met werkplekleren omgaat, is (nog) niet vastgelegd.",
                "How the design addresses workplace learning has not been recorded (yet).",
            ))),
        }

        // Mechanismen.
        self.heading(
            part,
            self.t("Beoogde mechanismen", "Intended mechanisms"),
            &format!("{key}-mechanismen"),
            false,
        );
        let source = sessions.iter().rev().find(|s| {
            s.chains()
                .iter()
                .any(|c| c.level == Level::Doelgroep && c.mechanisms.iter().flatten().count() > 0)
        });
        match source {
            None => self.push(plain(self.t(
                "Er zijn nog geen mechanismen op het niveau van de doelgroep vastgelegd.",
                "No mechanisms at the level of the target group have been recorded yet.",
            ))),
            Some(session) => {
                self.push(plain(match lang {
                    Lang::Nl => format!(
                        "De mechanismen die het initiatief bij de doelgroep wil oproepen, uit de redeneerketens van de sessie van {}:",
                        self.session_words(session)
                    ),
                    Lang::En => format!(
                        "The mechanisms the initiative aims to evoke in its target group, from the CIMO chains of the session of {}:",
                        self.session_words(session)
                    ),
                }));
                let mut seen = HashSet::new();
                let items = session
                    .chains()
                    .iter()
                    .filter(|c| c.level == Level::Doelgroep)
                    .flat_map(|c| c.mechanisms.iter().flatten())
                    .filter(|m| seen.insert(m.as_str()))
                    .map(|m| vec![Span::plain(m.clone())])
                    .collect();
                self.push(Block::List(List {
                    ordered: false,
                    items,
                }));
            }
        }

        // The chains of every level in full: the current ones from the
        // latest session that has chains at that level, then those of the
        // sessions before it, each said where it comes from.
        self.heading(
            part,
            self.t("Redeneerketens per niveau", "CIMO chains per level"),
            &format!("{key}-ketens"),
            false,
        );
        let levels: Vec<(Level, Vec<&Session>)> = Level::ALL
            .iter()
            .map(|level| {
                let with: Vec<&Session> = sessions
                    .iter()
                    .rev()
                    .filter(|s| s.chains().iter().any(|c| c.level == *level))
                    .copied()
                    .collect();
                (*level, with)
            })
            .filter(|(_, with)| !with.is_empty())
            .collect();
        if levels.is_empty() {
            self.push(plain(self.t(
                "Er zijn nog geen redeneerketens vastgelegd.",
                "No CIMO chains have been recorded yet.",
            )));
        }
        for (level, with) in levels {
            self.heading(
                part + 1,
                level_name(level, lang),
                &format!("{key}-{}", level.as_str()),
                false,
            );
            for (n, session) in with.iter().enumerate() {
                let words = self.session_words(session);
                self.push(plain(match (lang, n) {
                    (Lang::Nl, 0) => format!("Uit de sessie van {words}:"),
                    (Lang::En, 0) => format!("From the session of {words}:"),
                    (Lang::Nl, _) => format!("Eerder, in de sessie van {words}:"),
                    (Lang::En, _) => format!("Earlier, in the session of {words}:"),
                }));
                for chain in session.chains().iter().filter(|c| c.level == level) {
                    let fields = self.chain_fields(chain);
                    self.push(Block::Fields(fields));
                }
            }
        }

        // Geleerde lessen: every lesson of every session, oldest first.
        self.heading(
            part,
            self.t("Geleerde lessen", "Lessons learned"),
            &format!("{key}-lessen"),
            false,
        );
        let taught: Vec<&Session> = sessions
            .iter()
            .filter(|s| s.lessons.iter().flatten().next().is_some())
            .copied()
            .collect();
        if taught.is_empty() {
            self.push(plain(self.t(
                "Er zijn (nog) geen geleerde lessen vastgelegd.",
                "No lessons learned have been recorded (yet).",
            )));
        }
        for session in taught {
            let words = self.session_words(session);
            self.push(plain(match lang {
                Lang::Nl => format!("Uit de sessie van {words}:"),
                Lang::En => format!("From the session of {words}:"),
            }));
            self.push(Block::List(List {
                ordered: false,
                items: session
                    .lessons
                    .iter()
                    .flatten()
                    .map(|l| vec![Span::plain(l.clone())])
                    .collect(),
            }));
        }
    }

    fn chain_fields(&self, chain: &Chain) -> Vec<Field> {
        let mut fields = vec![
            Field::one(self.t("Context (C)", "Context (C)"), chain.context.clone()),
            Field {
                label: self.t("Interventies (I)", "Interventions (I)").to_owned(),
                values: chain.interventions.clone(),
            },
        ];
        if let Some(m) = chain.mechanisms.as_ref().filter(|m| !m.is_empty()) {
            fields.push(Field {
                label: self.t("Mechanismen (M)", "Mechanisms (M)").to_owned(),
                values: m.clone(),
            });
        }
        if let Some(o) = chain.outcomes.as_ref().filter(|o| !o.is_empty()) {
            fields.push(Field {
                label: self.t("Uitkomsten (O)", "Outcomes (O)").to_owned(),
                values: o.clone(),
            });
        }
        if let Some(c) = chain.challenges.as_ref().filter(|c| !c.is_empty()) {
            fields.push(Field::one(
                self.t("Gedeelde uitdagingen", "Shared challenges"),
                self.term_names(c, self.dataset.challenges()).join(", "),
            ));
        }
        if let Some(t) = chain.themes.as_ref().filter(|t| !t.is_empty()) {
            fields.push(Field::one(
                self.t("Thema's", "Themes"),
                self.term_names(t, self.dataset.themes()).join(", "),
            ));
        }
        fields
    }

    /// Aanpak: which initiatives had how many sessions of which kind, when.
    fn approach(&mut self, initiatives: &[&Initiative]) {
        let lang = self.lang;
        let all: Vec<&Session> = initiatives.iter().flat_map(|i| i.sessions()).collect();
        let first = all.iter().map(|s| s.date).min();
        let last = all.iter().map(|s| s.date).max();
        let with: Vec<&&Initiative> = initiatives
            .iter()
            .filter(|i| !i.sessions().is_empty())
            .collect();
        let count = |kind: SessionKind| all.iter().filter(|s| s.kind == kind).count();
        let by_kind: Vec<String> = SessionKind::ALL
            .iter()
            .map(|k| (*k, count(*k)))
            .filter(|(_, n)| *n > 0)
            .map(|(k, n)| format!("{n} {}", kind_name(k, lang)))
            .collect();
        match (first, last) {
            (Some(first), Some(last)) => {
                let period = match (lang, first == last) {
                    (Lang::Nl, true) => format!("op {}", date_text(first, lang)),
                    (Lang::Nl, false) => format!(
                        "van {} tot en met {}",
                        date_text(first, lang),
                        date_text(last, lang)
                    ),
                    (Lang::En, true) => format!("on {}", date_text(first, lang)),
                    (Lang::En, false) => format!(
                        "from {} to {}",
                        date_text(first, lang),
                        date_text(last, lang)
                    ),
                };
                let sessions = match (lang, all.len()) {
                    (Lang::Nl, 1) => "is 1 reflexieve sessie".to_owned(),
                    (Lang::Nl, n) => format!("zijn {n} reflexieve sessies"),
                    (Lang::En, 1) => "1 reflexive session was".to_owned(),
                    (Lang::En, n) => format!("{n} reflexive sessions were"),
                };
                let who = initiatives_words(with.len(), lang);
                let kinds = join(&by_kind, lang);
                self.push(plain(match lang {
                    Lang::Nl => format!("Met {who} {sessions} gehouden, {period}: {kinds}."),
                    Lang::En => format!("{sessions} held with {who}, {period}: {kinds}."),
                }));
            }
            _ => self.push(plain(self.t(
                "Er zijn nog geen reflexieve sessies gehouden.",
                "No reflexive sessions have been held yet.",
            ))),
        }
        let without: Vec<String> = initiatives
            .iter()
            .filter(|i| i.sessions().is_empty())
            .map(|i| i.name.clone())
            .collect();
        if !without.is_empty() && !all.is_empty() {
            self.push(plain(match lang {
                Lang::Nl => format!("Met {} is nog geen sessie gehouden.", join(&without, lang)),
                Lang::En => format!(
                    "No session has been held yet with {}.",
                    join(&without, lang)
                ),
            }));
        }
        if initiatives.is_empty() {
            return;
        }
        let period = |dates: &[IsoDate]| -> String {
            match (dates.iter().min(), dates.iter().max()) {
                (Some(a), Some(b)) if a == b => date_text(*a, lang),
                (Some(a), Some(b)) => format!("{} – {}", date_text(*a, lang), date_text(*b, lang)),
                _ => "–".to_owned(),
            }
        };
        let mut header = vec![self.t("Initiatief", "Initiative").to_owned()];
        header.extend(
            SessionKind::ALL
                .iter()
                .map(|k| capitalise(kind_name(*k, lang))),
        );
        header.push(self.t("Totaal", "Total").to_owned());
        header.push(self.t("Periode", "Period").to_owned());
        let rows = initiatives
            .iter()
            .map(|i| {
                let mut row = vec![i.name.clone()];
                row.extend(SessionKind::ALL.iter().map(|k| {
                    i.sessions()
                        .iter()
                        .filter(|s| s.kind == *k)
                        .count()
                        .to_string()
                }));
                row.push(i.sessions().len().to_string());
                let dates: Vec<IsoDate> = i.sessions().iter().map(|s| s.date).collect();
                row.push(period(&dates));
                row
            })
            .collect();
        let mut footer = vec![self.t("Totaal", "Total").to_owned()];
        footer.extend(SessionKind::ALL.iter().map(|k| count(*k).to_string()));
        footer.push(all.len().to_string());
        let dates: Vec<IsoDate> = all.iter().map(|s| s.date).collect();
        footer.push(period(&dates));
        let columns = header.len();
        self.push(Block::Table(Table {
            caption: self
                .t(
                    "Reflexieve sessies per initiatief, naar soort, en de periode waarin ze zijn gehouden.",
                    "Reflexive sessions per initiative, by kind, and the period in which they were held.",
                )
                .to_owned(),
            header,
            rows,
            footer: Some(footer),
            row_headers: true,
            numeric: (0..columns).map(|c| c > 0 && c < columns - 1).collect(),
        }));
    }

    /// Conclusies: the sentences of the analysis, the usage chart and the
    /// co-occurrence table.
    fn conclusions(&mut self, analysis: &Analysis, level: u8) {
        let lang = self.lang;
        for (n, section) in prose::summarise(analysis, self.dataset, lang)
            .into_iter()
            .enumerate()
        {
            let hint = format!("conclusies-{}", section.title);
            self.heading(level, section.title, &hint, false);
            for sentence in section.sentences {
                self.push(plain(sentence));
            }
            // The second section is the use of the types, the third the types
            // that go together (a test in this module keeps it so).
            if n == 1 {
                self.usage_chart(analysis);
            } else if n == 2 {
                self.co_occurrence_table(analysis);
            }
        }
    }

    fn usage_chart(&mut self, analysis: &Analysis) {
        let lang = self.lang;
        let plotted = analysis.initiatives_plotted;
        let caption = match lang {
            Lang::Nl => format!(
                "Gebruik van de vijf typen LLO-interventies bij de {} met een plot: extensief (score 2) en beperkt (score 1).",
                initiatives_words(plotted, lang)
            ),
            Lang::En => format!(
                "Use of the five types of LLO intervention by the {} with a plot: extensive (score 2) and limited (score 1).",
                initiatives_words(plotted, lang)
            ),
        };
        let alt = LloType::ALL
            .iter()
            .map(|t| {
                let u = &analysis.usage[t];
                let name = capitalise(type_name(*t, lang));
                let (count, extensive) = (u.count, u.extensive);
                let limited = count.saturating_sub(extensive);
                match lang {
                    Lang::Nl => format!(
                        "{name}: {count} van {plotted} ({extensive} extensief, {limited} beperkt)"
                    ),
                    Lang::En => format!(
                        "{name}: {count} of {plotted} ({extensive} extensive, {limited} limited)"
                    ),
                }
            })
            .collect::<Vec<_>>()
            .join("; ");
        self.chart(caption, alt, |id| charts::usage_bars(analysis, lang, id));
    }

    fn co_occurrence_table(&mut self, analysis: &Analysis) {
        let lang = self.lang;
        let mut header = vec![String::new()];
        header.extend(LloType::ALL.iter().map(|t| capitalise(type_name(*t, lang))));
        let rows = LloType::ALL
            .iter()
            .map(|a| {
                let mut row = vec![capitalise(type_name(*a, lang))];
                row.extend(
                    LloType::ALL
                        .iter()
                        .map(|b| analysis.co_occurrence[a][b].to_string()),
                );
                row
            })
            .collect();
        let columns = header.len();
        self.push(Block::Table(Table {
            caption: match lang {
                Lang::Nl => format!(
                    "Typen die samen worden ingezet: het aantal van de {} met een plot dat beide typen inzet (op de diagonaal: het aantal dat het type inzet).",
                    initiatives_words(analysis.initiatives_plotted, lang)
                ),
                Lang::En => format!(
                    "Types used together: how many of the {} with a plot use both types (on the diagonal: how many use the type).",
                    initiatives_words(analysis.initiatives_plotted, lang)
                ),
            },
            header,
            rows,
            footer: None,
            row_headers: true,
            numeric: (0..columns).map(|c| c > 0).collect(),
        }));
    }

    /// The table of contents: every heading of level 1 or 2.
    fn toc(&self) -> Toc {
        Toc {
            title: self.t("Inhoud", "Contents").to_owned(),
            entries: self
                .blocks
                .iter()
                .filter_map(|b| match b {
                    Block::Heading(h) if h.level <= 2 => Some(TocEntry {
                        level: h.level,
                        id: h.id.clone(),
                        text: h.text.clone(),
                    }),
                    _ => None,
                })
                .collect(),
        }
    }

    fn meta(&self, options: &Options) -> Vec<Field> {
        let mut meta = Vec::new();
        if let Some(network) = &self.dataset.network {
            meta.push(Field::one(self.t("Netwerk", "Network"), network.clone()));
        }
        meta.push(Field::one(
            self.t("Datum", "Date"),
            date_text(options.date, self.lang),
        ));
        if let Some(version) = &options.version {
            meta.push(Field::one(self.t("Versie", "Version"), version.clone()));
        }
        meta
    }
}

/// `Zorgpioniers Voorbeeldregio (ZPV)`.
fn display_name(initiative: &Initiative) -> String {
    match &initiative.short_name {
        Some(short) => format!("{} ({short})", initiative.name),
        None => initiative.name.clone(),
    }
}

fn initiatives_words(n: usize, lang: Lang) -> String {
    match (n, lang) {
        (1, Lang::Nl) => "1 initiatief".to_owned(),
        (n, Lang::Nl) => format!("{n} initiatieven"),
        (1, Lang::En) => "1 initiative".to_owned(),
        (n, Lang::En) => format!("{n} initiatives"),
    }
}

fn degree(score: u8, lang: Lang) -> &'static str {
    match score {
        2 => lang.pick("in ruime mate", "extensively"),
        1 => lang.pick("in enige mate", "to some extent"),
        _ => lang.pick("niet", "not used"),
    }
}

/// `Codeschakel zet 3 van de vijf typen LLO-interventies in: ...`.
fn used_sentence(initiative: &Initiative, plot: &crate::model::Plot, lang: Lang) -> String {
    let name = &initiative.name;
    let used = plot.used_types();
    let with = |score: u8| -> Vec<String> {
        used.iter()
            .filter(|t| plot.get(**t).value() == score)
            .map(|t| type_name(*t, lang).to_owned())
            .collect()
    };
    let mut parts = Vec::new();
    for score in [2, 1] {
        let types = with(score);
        if !types.is_empty() {
            parts.push(format!("{} {}", join(&types, lang), degree(score, lang)));
        }
    }
    let parts = parts.join("; ");
    match (lang, used.len()) {
        (Lang::Nl, 0) => {
            format!("{name} zet volgens de plot geen van de vijf typen LLO-interventies in.")
        }
        (Lang::Nl, 5) => format!("{name} zet alle vijf typen LLO-interventies in: {parts}."),
        (Lang::Nl, n) => format!("{name} zet {n} van de vijf typen LLO-interventies in: {parts}."),
        (Lang::En, 0) => {
            format!(
                "According to the plot, {name} uses none of the five types of LLO intervention."
            )
        }
        (Lang::En, 5) => format!("{name} uses all five types of LLO intervention: {parts}."),
        (Lang::En, n) => format!("{name} uses {n} of the five types of LLO intervention: {parts}."),
    }
}

/// The initiatives sorted by name the Dutch way (case and diacritics
/// ignored); the id breaks ties.
pub(super) fn alphabetical(dataset: &Dataset) -> Vec<&Initiative> {
    let mut list: Vec<&Initiative> = dataset.initiatives().iter().collect();
    list.sort_by_cached_key(|i| (collation_key(&i.name), i.id.clone()));
    list
}

/// The report of the network: title page, contents, introduction,
/// perspective, approach, the portraits in alphabetical order and the
/// conclusions across the initiatives.
pub fn network_report(dataset: &Dataset, analysis: &Analysis, options: &Options) -> Report {
    let lang = options.lang;
    let mut b = Builder::new(dataset, lang);
    let initiatives = alphabetical(dataset);

    b.heading(1, b.t("Inleiding", "Introduction"), "inleiding", true);
    b.written(
        options.intro.as_deref(),
        1,
        b.t(
            "Nog te schrijven: de onderzoekers schrijven deze inleiding later.",
            "To be written: the researchers will write this introduction later.",
        ),
    );
    b.heading(1, b.t("Perspectief", "Perspective"), "perspectief", true);
    b.written(
        options.perspective.as_deref(),
        1,
        b.t(
            "Nog te schrijven: de onderzoekers beschrijven het gebruikte perspectief later.",
            "To be written: the researchers will describe the perspective used later.",
        ),
    );
    b.heading(1, b.t("Aanpak", "Approach"), "aanpak", true);
    b.approach(&initiatives);
    b.heading(1, b.t("Portretten", "Portraits"), "portretten", true);
    b.push(plain(match (lang, initiatives.len()) {
        (Lang::Nl, 0) => "Het netwerk telt nog geen initiatieven.".to_owned(),
        (Lang::Nl, 1) => "Hierna volgt het portret van het enige initiatief.".to_owned(),
        (Lang::Nl, n) => {
            format!(
                "Hierna volgen de portretten van de {n} initiatieven, in alfabetische volgorde."
            )
        }
        (Lang::En, 0) => "The network has no initiatives yet.".to_owned(),
        (Lang::En, 1) => "The portrait of the only initiative follows.".to_owned(),
        (Lang::En, n) => {
            format!("The portraits of the {n} initiatives follow, in alphabetical order.")
        }
    }));
    // Each portrait starts a page, except the first: the chapter just did.
    for (n, initiative) in initiatives.iter().enumerate() {
        b.portrait(initiative, 2, Some(n > 0));
    }
    b.heading(
        1,
        b.t(
            "Conclusies over de initiatieven heen",
            "Conclusions across the initiatives",
        ),
        "conclusies",
        true,
    );
    b.conclusions(analysis, 2);
    b.agenda();

    Report {
        lang,
        kind: ReportKind::Network,
        title: options.title.clone().unwrap_or_else(|| {
            b.t(
                "Rapportage lerende aanpak",
                "Report of the learning approach",
            )
            .to_owned()
        }),
        label: None,
        network: dataset.network.clone(),
        date: options.date,
        version: options.version.clone(),
        meta: b.meta(options),
        toc: Some(b.toc()),
        blocks: b.blocks,
    }
}

/// The portrait of one initiative, or `None` when the dataset has no
/// initiative with that id.
pub fn portrait(dataset: &Dataset, id: &str, options: &Options) -> Option<Report> {
    let initiative = dataset.initiatives().iter().find(|i| i.id.as_str() == id)?;
    let lang = options.lang;
    let mut b = Builder::new(dataset, lang);
    b.portrait(initiative, 1, None);
    Some(Report {
        lang,
        kind: ReportKind::Portrait,
        title: options
            .title
            .clone()
            .unwrap_or_else(|| display_name(initiative)),
        label: Some(b.t("Portret", "Portrait").to_owned()),
        network: dataset.network.clone(),
        date: options.date,
        version: options.version.clone(),
        meta: b.meta(options),
        toc: None,
        blocks: b.blocks,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::analyse;

    fn example() -> Dataset {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../data/voorbeeldnetwerk.yaml"
        );
        crate::file::read_file(std::path::Path::new(path), crate::file::DEFAULT_MAX_SIZE)
            .expect("example dataset")
    }

    fn options(lang: Lang) -> Options {
        Options::new(lang, IsoDate::from_ymd(2025, 1, 31).expect("date"))
    }

    fn paragraphs(report: &Report) -> Vec<String> {
        report
            .blocks
            .iter()
            .filter_map(|b| match b {
                Block::Paragraph(spans) => {
                    Some(spans.iter().map(|s| s.text.as_str()).collect::<String>())
                }
                _ => None,
            })
            .collect()
    }

    #[test]
    fn the_chart_and_table_sit_in_the_sections_they_belong_to() {
        let d = example();
        let a = analyse(&d);
        for lang in [Lang::Nl, Lang::En] {
            let sections = prose::summarise(&a, &d, lang);
            assert_eq!(
                sections[1].title,
                lang.pick("Gebruik van de vijf typen", "Use of the five types")
            );
            assert_eq!(
                sections[2].title,
                lang.pick("Typen die samengaan", "Types that go together")
            );
        }
        let report = network_report(&d, &a, &options(Lang::Nl));
        let conclusions = report
            .blocks
            .iter()
            .position(|b| matches!(b, Block::Heading(h) if h.id == "conclusies"))
            .expect("conclusions");
        let tail = &report.blocks[conclusions..];
        let at = |f: &dyn Fn(&Block) -> bool| tail.iter().position(f).expect("present");
        let usage =
            at(&|b| matches!(b, Block::Heading(h) if h.text == "Gebruik van de vijf typen"));
        let rules = at(&|b| matches!(b, Block::Heading(h) if h.text == "Typen die samengaan"));
        let breadth = at(&|b| matches!(b, Block::Heading(h) if h.text == "Breedte van het palet"));
        let chart = at(&|b| matches!(b, Block::Chart(_)));
        let table = at(&|b| matches!(b, Block::Table(_)));
        assert!(
            usage < chart && chart < rules,
            "chart under the usage section"
        );
        assert!(
            rules < table && table < breadth,
            "table under the rules section"
        );
    }

    #[test]
    fn portraits_come_in_dutch_alphabetical_order_with_unique_anchors() {
        let mut d = example();
        let initiatives = d.initiatives.as_mut().expect("initiatives");
        initiatives[0].name = "Ëerste".to_owned();
        initiatives[1].name = "aanloop".to_owned();
        let a = analyse(&d);
        let report = network_report(&d, &a, &options(Lang::Nl));
        let names: Vec<String> = report
            .headings()
            .skip_while(|h| h.id != "portretten")
            .take_while(|h| h.id != "conclusies")
            .filter(|h| h.level == 2)
            .map(|h| h.text.clone())
            .collect();
        assert_eq!(names.len(), d.initiatives().len());
        let keys: Vec<String> = names.iter().map(|n| collation_key(n)).collect();
        let mut sorted = keys.clone();
        sorted.sort();
        assert_eq!(keys, sorted);
        assert!(names[0].starts_with("aanloop"));
        let ids: HashSet<&str> = report.headings().map(|h| h.id.as_str()).collect();
        assert_eq!(ids.len(), report.headings().count());
        for h in report.headings() {
            assert!(
                h.id.starts_with(|c: char| c.is_ascii_lowercase())
                    && h.id
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
                "{}",
                h.id
            );
        }
    }

    #[test]
    fn placeholders_until_the_researchers_write_and_their_markdown_after() {
        let d = example();
        let a = analyse(&d);
        let report = network_report(&d, &a, &options(Lang::Nl));
        let placeholders: Vec<&Block> = report
            .blocks
            .iter()
            .filter(|b| matches!(b, Block::Placeholder(_)))
            .collect();
        assert_eq!(placeholders.len(), 2);
        let mut o = options(Lang::Nl);
        o.intro = Some("# Achtergrond\n\nDit is **de** inleiding.".to_owned());
        let report = network_report(&d, &a, &o);
        assert_eq!(
            report
                .blocks
                .iter()
                .filter(|b| matches!(b, Block::Placeholder(_)))
                .count(),
            1
        );
        let sub = report
            .headings()
            .find(|h| h.text == "Achtergrond")
            .expect("researcher heading");
        assert_eq!(sub.level, 2);
        assert!(
            report
                .toc
                .expect("toc")
                .entries
                .iter()
                .any(|e| e.text == "Achtergrond")
        );
    }

    #[test]
    fn the_approach_counts_sessions_and_names_the_period() {
        let d = example();
        let a = analyse(&d);
        let report = network_report(&d, &a, &options(Lang::Nl));
        let table = report
            .blocks
            .iter()
            .find_map(|b| match b {
                Block::Table(t) => Some(t),
                _ => None,
            })
            .expect("approach table");
        assert_eq!(table.rows.len(), d.initiatives().len());
        let footer = table.footer.as_ref().expect("totals");
        assert_eq!(footer[4], a.sessions.to_string());
        for (n, kind) in SessionKind::ALL.iter().enumerate() {
            assert_eq!(footer[1 + n], a.sessions_by_kind[kind].to_string());
        }
        let text = paragraphs(&report).join("\n");
        assert!(
            text.contains(&format!("zijn {} reflexieve sessies gehouden", a.sessions)),
            "{text}"
        );
        assert!(text.contains("Met Wijkleerpunt Oostwaard is nog geen sessie gehouden."));
    }

    #[test]
    fn a_portrait_has_its_parts_and_figures() {
        let d = example();
        let report = portrait(&d, "zorgpioniers", &options(Lang::Nl)).expect("portrait");
        assert_eq!(report.title, "Zorgpioniers Voorbeeldregio (ZPV)");
        assert!(report.toc.is_none());
        let headings: Vec<&str> = report.headings().map(|h| h.text.as_str()).collect();
        assert_eq!(
            headings,
            [
                "Vraagstuk in context en doelgroep",
                "LLO-interventies",
                "Werkplekleren",
                "Beoogde mechanismen",
                "Redeneerketens per niveau",
                "Doelgroep (micro)",
                "Werkgevers (meso)",
                "Regio (macro)",
                "Geleerde lessen",
            ]
        );
        let ids: Vec<&str> = report.headings().map(|h| h.id.as_str()).collect();
        for part in [
            "vraagstuk",
            "llo",
            "werkplekleren",
            "mechanismen",
            "ketens",
            "doelgroep",
            "werkgevers",
            "regio",
            "lessen",
        ] {
            assert!(
                ids.contains(&format!("zorgpioniers-{part}").as_str()),
                "{ids:?}"
            );
        }
        let text = paragraphs(&report).join("\n");
        assert!(text.contains("Zorgpioniers Voorbeeldregio zet alle vijf typen LLO-interventies in: opleiden en community-vorming in ruime mate; waarderen en certificeren, matching en loopbaanbegeleiding in enige mate."), "{text}");
        assert!(
            text.contains("sessie van 20 februari 2024 (ontwerp in actie)"),
            "{text}"
        );
        let chart = report.charts().next().expect("radar");
        assert!(chart.alt.contains("Opleiden: 2") && chart.alt.contains("Matching: 1"));
        assert!(chart.svg.starts_with("<svg"));
        assert!(portrait(&d, "bestaat-niet", &options(Lang::Nl)).is_none());
    }

    /// Every text of a report: paragraphs, list items, field values.
    fn all_text(report: &Report) -> String {
        let mut out = Vec::new();
        for b in &report.blocks {
            match b {
                Block::Paragraph(spans) => out.extend(spans.iter().map(|s| s.text.clone())),
                Block::List(l) => {
                    out.extend(l.items.iter().flatten().map(|s| s.text.clone()));
                }
                Block::Fields(fields) => {
                    for f in fields {
                        out.push(f.label.clone());
                        out.extend(f.values.iter().cloned());
                    }
                }
                _ => {}
            }
        }
        out.join("\n")
    }

    #[test]
    fn a_portrait_holds_every_lesson_and_every_chain_of_every_session() {
        let mut d = example();
        // Lessons and chains at every level in two sessions of one initiative.
        let i = &mut d.initiatives.as_mut().expect("initiatives")[0];
        let id = i.id.to_string();
        let sessions = i.sessions.as_mut().expect("sessions");
        for (n, s) in sessions.iter_mut().enumerate() {
            s.lessons = Some(vec![format!("Les {n}a"), format!("Les {n}b")]);
            s.cimo = Some(
                Level::ALL
                    .iter()
                    .map(|level| Chain {
                        level: *level,
                        context: format!("Context {n} {}", level.as_str()),
                        interventions: vec![format!("Interventie {n} {}", level.as_str())],
                        mechanisms: Some(vec![format!("Mechanisme {n} {}", level.as_str())]),
                        outcomes: Some(vec![format!("Uitkomst {n} {}", level.as_str())]),
                        challenges: None,
                        themes: Some(vec![d_theme()]),
                    })
                    .collect(),
            );
        }
        let count = sessions.len();
        assert!(
            count >= 2,
            "the example's first initiative has two sessions"
        );
        for lang in [Lang::Nl, Lang::En] {
            let report = portrait(&d, &id, &options(lang)).expect("portrait");
            let text = all_text(&report);
            for n in 0..count {
                for l in ["a", "b"] {
                    assert!(text.contains(&format!("Les {n}{l}")), "{text}");
                }
                for level in Level::ALL {
                    for what in ["Context", "Interventie", "Mechanisme", "Uitkomst"] {
                        let wanted = format!("{what} {n} {}", level.as_str());
                        assert!(text.contains(&wanted), "{wanted} in {text}");
                    }
                }
            }
            // Themes by their names, not their ids.
            assert!(text.contains("Loopbaanontwikkeling"), "{text}");
            let html = super::super::html::render(&report);
            let md = super::super::markdown::render(&report, "p").text;
            for n in 0..count {
                assert!(html.contains(&format!("Les {n}b")) && md.contains(&format!("Les {n}b")));
                assert!(html.contains(&format!("Uitkomst {n} doelgroep")));
                assert!(md.contains(&format!("Uitkomst {n} doelgroep")));
            }
        }
    }

    fn d_theme() -> Slug {
        Slug::parse("loopbaanontwikkeling").expect("slug")
    }

    #[test]
    fn an_empty_network_still_makes_a_report_that_says_so() {
        let d = Dataset::empty();
        let a = analyse(&d);
        for lang in [Lang::Nl, Lang::En] {
            let report = network_report(&d, &a, &options(lang));
            let text = paragraphs(&report).join("\n");
            assert!(
                text.contains(lang.pick(
                    "Er zijn nog geen reflexieve sessies gehouden.",
                    "No reflexive sessions have been held yet."
                )),
                "{text}"
            );
            assert!(text.contains(lang.pick(
                "Het netwerk telt nog geen initiatieven.",
                "The network has no initiatives yet."
            )));
            assert_eq!(report.charts().count(), 1, "the usage chart, saying so");
            assert!(!super::super::html::render(&report).is_empty());
            assert!(!super::super::markdown::render(&report, "r").text.is_empty());
        }
    }

    #[test]
    fn anchors_are_ascii() {
        assert_eq!(anchor("Één twee!"), "een-twee");
        assert_eq!(anchor("2024 plan"), "s-2024-plan");
        assert_eq!(anchor("???"), "s");
        let long = anchor(&"woord ".repeat(30));
        assert!(
            long.len() <= ANCHOR_MAX && long.ends_with("woord"),
            "{long}"
        );
    }
}
