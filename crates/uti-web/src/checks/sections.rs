//! A portrait as the contact reads it, cut into its sections (one per
//! heading, by the heading's anchor), and the texts behind each section
//! that a suggestion may replace ("targets"): the problem, the notes on
//! each LLO type and on workplace learning, a chain's context and
//! mechanisms, the lessons learned. A target names its session by date and
//! kind, not by position, so that it still points at the same session
//! after drafts come and go.

use uti_core::Lang;
use uti_core::model::{Initiative, Level, LloType, Session, SessionKind};
use uti_core::prose::{date_text, kind_name, level_name, type_name};

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}
use uti_core::report::{Block, Report};
use uti_core::values::IsoDate;

/// One section of a portrait.
#[derive(Debug, Clone)]
pub struct Section<'a> {
    /// The heading's anchor (`{id}-vraagstuk`), or `inleiding` for what
    /// comes before the first heading.
    pub id: String,
    /// The heading.
    pub title: String,
    /// 1 for a part, 2 below it.
    pub level: u8,
    /// The heading and the blocks under it, up to the next heading.
    pub blocks: &'a [Block],
}

/// The report's blocks cut at every heading.
pub fn sections(report: &Report) -> Vec<Section<'_>> {
    let mut out = Vec::new();
    let starts: Vec<usize> = report
        .blocks
        .iter()
        .enumerate()
        .filter(|(_, b)| matches!(b, Block::Heading(_)))
        .map(|(i, _)| i)
        .collect();
    if starts.first() != Some(&0) && !report.blocks.is_empty() {
        let end = starts.first().copied().unwrap_or(report.blocks.len());
        out.push(Section {
            id: "inleiding".into(),
            title: String::new(),
            level: 1,
            blocks: &report.blocks[..end],
        });
    }
    for (n, &start) in starts.iter().enumerate() {
        let end = starts.get(n + 1).copied().unwrap_or(report.blocks.len());
        let Block::Heading(h) = &report.blocks[start] else {
            continue;
        };
        out.push(Section {
            id: h.id.clone(),
            title: h.text.clone(),
            level: h.level,
            blocks: &report.blocks[start..end],
        });
    }
    out
}

/// A text of the portrait's data that a suggestion may replace.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// Its path (`problem`, `s/2025-03-01/ontwerp/werkplekleren_notes`).
    pub path: String,
    /// The section it shows in.
    pub section: String,
    /// What it is, for people.
    pub label: String,
    /// Its text now (lists one item per line).
    pub text: String,
}

fn by_date(initiative: &Initiative) -> Vec<&Session> {
    let mut sessions: Vec<&Session> = initiative.sessions().iter().filter(|s| !s.draft).collect();
    sessions.sort_by_key(|s| s.date);
    sessions
}

fn session_path(s: &Session) -> String {
    format!("s/{}/{}", s.date, s.kind.as_str())
}

fn session_words(s: &Session, lang: Lang) -> String {
    format!("{} ({})", date_text(s.date, lang), kind_name(s.kind, lang))
}

/// The texts behind each section of an initiative's portrait, following
/// the portrait's own choice of session for each part.
pub fn targets(initiative: &Initiative, lang: Lang) -> Vec<Target> {
    let key = initiative.id.as_str();
    let sessions = by_date(initiative);
    let mut out = vec![Target {
        path: "problem".into(),
        section: format!("{key}-vraagstuk"),
        label: lang
            .pick(
                "Vraagstuk in context en doelgroep",
                "Problem in context and target group",
            )
            .into(),
        text: initiative.problem.clone().unwrap_or_default(),
    }];
    if let Some(s) = sessions.iter().rev().find(|s| s.llo.is_some()) {
        let plot = s.llo.expect("plotted");
        for t in plot.used_types() {
            out.push(Target {
                path: format!("{}/llo_notes/{}", session_path(s), t.as_str()),
                section: format!("{key}-llo"),
                label: match lang {
                    Lang::Nl => format!("Toelichting bij {}", type_name(t, lang)),
                    Lang::En => format!("Note on {}", type_name(t, lang)),
                },
                text: s
                    .llo_notes
                    .as_ref()
                    .and_then(|n| n.get(&t))
                    .cloned()
                    .unwrap_or_default(),
            });
        }
    }
    if let Some(s) = sessions.iter().rev().find(|s| s.werkplekleren.is_some()) {
        out.push(Target {
            path: format!("{}/werkplekleren_notes", session_path(s)),
            section: format!("{key}-werkplekleren"),
            label: lang
                .pick("Toelichting op werkplekleren", "Note on workplace learning")
                .into(),
            text: s.werkplekleren_notes.clone().unwrap_or_default(),
        });
    }
    for level in [Level::Doelgroep, Level::Werkgevers, Level::Regio] {
        let Some(s) = sessions
            .iter()
            .rev()
            .find(|s| s.chains().iter().any(|c| c.level == level))
        else {
            continue;
        };
        let mut n = 0;
        for (j, chain) in s.chains().iter().enumerate() {
            if chain.level != level {
                continue;
            }
            n += 1;
            let name = capitalise(level_name(level, lang));
            out.push(Target {
                path: format!("{}/cimo/{j}/context", session_path(s)),
                section: format!("{key}-{}", level.as_str()),
                label: match lang {
                    Lang::Nl => format!("{name}: context van keten {n}"),
                    Lang::En => format!("{name}: context of chain {n}"),
                },
                text: chain.context.clone(),
            });
            if level == Level::Doelgroep {
                out.push(Target {
                    path: format!("{}/cimo/{j}/mechanisms", session_path(s)),
                    section: format!("{key}-mechanismen"),
                    label: match lang {
                        Lang::Nl => format!("Mechanismen van keten {n} (één per regel)"),
                        Lang::En => format!("Mechanisms of chain {n} (one per line)"),
                    },
                    text: chain.mechanisms.clone().unwrap_or_default().join("\n"),
                });
            }
        }
    }
    for s in sessions.iter().rev() {
        if let Some(lessons) = s.lessons.as_ref().filter(|l| !l.is_empty()) {
            out.push(Target {
                path: format!("{}/lessons", session_path(s)),
                section: format!("{key}-lessen"),
                label: match lang {
                    Lang::Nl => format!(
                        "Geleerde lessen, sessie van {} (één per regel)",
                        session_words(s, lang)
                    ),
                    Lang::En => format!(
                        "Lessons learned, session of {} (one per line)",
                        session_words(s, lang)
                    ),
                },
                text: lessons.join("\n"),
            });
        }
    }
    out
}

/// Where a target's text lives in the stored initiative.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// The initiative's own fields.
    Own,
    /// The session at this index of the stored list.
    Session(usize),
}

fn lines(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect()
}

fn find_session(initiative: &Initiative, date: &str, kind: &str) -> Option<usize> {
    let date = IsoDate::parse(date)?;
    let kind = SessionKind::parse(kind)?;
    initiative
        .sessions()
        .iter()
        .position(|s| !s.draft && s.date == date && s.kind == kind)
}

/// The text a target has now in `initiative`, and where it lives; `None`
/// when the path names nothing there.
pub fn current(initiative: &Initiative, path: &str) -> Option<(String, Place)> {
    if path == "problem" {
        return Some((initiative.problem.clone().unwrap_or_default(), Place::Own));
    }
    let parts: Vec<&str> = path.split('/').collect();
    let ["s", date, kind, rest @ ..] = parts.as_slice() else {
        return None;
    };
    let n = find_session(initiative, date, kind)?;
    let s = &initiative.sessions()[n];
    let text = match rest {
        ["werkplekleren_notes"] => s.werkplekleren_notes.clone().unwrap_or_default(),
        ["lessons"] => s.lessons.clone().unwrap_or_default().join("\n"),
        ["llo_notes", t] => {
            let t = LloType::parse(t)?;
            s.llo_notes
                .as_ref()
                .and_then(|m| m.get(&t))
                .cloned()
                .unwrap_or_default()
        }
        ["cimo", j, field] => {
            let chain = s.chains().get(j.parse::<usize>().ok()?)?;
            match *field {
                "context" => chain.context.clone(),
                "mechanisms" => chain.mechanisms.clone().unwrap_or_default().join("\n"),
                _ => return None,
            }
        }
        _ => return None,
    };
    Some((text, Place::Session(n)))
}

/// Puts `text` at the target's path in `initiative`; `None` when the path
/// names nothing there.
pub fn apply(initiative: &mut Initiative, path: &str, text: &str) -> Option<Place> {
    let (_, place) = current(initiative, path)?;
    let filled = Some(text.trim().to_owned()).filter(|t| !t.is_empty());
    match place {
        Place::Own => initiative.problem = filled,
        Place::Session(n) => {
            let parts: Vec<&str> = path.split('/').skip(3).collect();
            let s = &mut initiative.sessions.as_mut()?[n];
            match parts.as_slice() {
                ["werkplekleren_notes"] => s.werkplekleren_notes = filled,
                ["lessons"] => s.lessons = Some(lines(text)).filter(|l| !l.is_empty()),
                ["llo_notes", t] => {
                    let t = LloType::parse(t)?;
                    let notes = s.llo_notes.get_or_insert_with(Default::default);
                    match filled {
                        Some(f) => {
                            notes.insert(t, f);
                        }
                        None => {
                            notes.remove(&t);
                        }
                    }
                    if notes.is_empty() {
                        s.llo_notes = None;
                    }
                }
                ["cimo", j, field] => {
                    let chain = s.cimo.as_mut()?.get_mut(j.parse::<usize>().ok()?)?;
                    match *field {
                        "context" => chain.context = text.trim().to_owned(),
                        "mechanisms" => {
                            chain.mechanisms = Some(lines(text)).filter(|l| !l.is_empty())
                        }
                        _ => return None,
                    }
                }
                _ => return None,
            }
        }
    }
    Some(place)
}
