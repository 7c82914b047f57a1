//! Search across everything the dataset holds (initiatives, sessions,
//! chains, session notes, organisations, the agenda, coalitions, themes
//! and challenges), matching Dutch word forms: every word is reduced to
//! a key in the application ([`words::key`]), so that the same query gives
//! the same hits whatever database holds the data.
//!
//! The index has a segment per initiative (its documents and the keys of
//! all of them) and one for the rest of the dataset. A new index reuses
//! the segments of the initiatives that did not change
//! ([`Index::build`]). A query's keys must all occur in one document; a
//! segment that lacks one is skipped by a binary search in its keys.

/// Words, their keys, and the keys of a query.
pub mod words;

use crate::model::{Dataset, Initiative, Level};
use crate::values::Slug;
use serde::Serialize;
use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;
use words::{hashed, key, query_keys};

/// What a document is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// An initiative (name, problem, target groups, sectors, partners).
    Initiative,
    /// A session (lessons, notes per LLO type, on workplace learning).
    Session,
    /// A CIMO chain of a session.
    Chain,
    /// The notes or transcript of a session.
    Note,
    /// An organisation.
    Organisation,
    /// A goal of the action agenda.
    Goal,
    /// An activity of the action agenda.
    Activity,
    /// A development coalition (with its meetings).
    Coalition,
    /// A theme.
    Theme,
    /// A shared challenge.
    Challenge,
}

impl Kind {
    /// Every kind, in the order results are grouped.
    pub const ALL: [Kind; 10] = [
        Kind::Initiative,
        Kind::Session,
        Kind::Chain,
        Kind::Note,
        Kind::Organisation,
        Kind::Goal,
        Kind::Activity,
        Kind::Coalition,
        Kind::Theme,
        Kind::Challenge,
    ];
}

/// One searchable document.
#[derive(Debug, Clone)]
pub struct Doc {
    /// What it is.
    pub kind: Kind,
    /// Its id: the record's id, or for a session its number (from 1, in
    /// file order), for a chain `N/level`, for notes the session number.
    pub id: String,
    /// The initiative it is part of (sessions, chains, notes).
    pub initiative: Option<Slug>,
    /// The session it is part of (sessions, chains, notes), from 1.
    pub session: Option<usize>,
    /// Whether it belongs to a draft session.
    pub draft: bool,
    /// How it is named in a list of results.
    pub title: String,
    /// Its texts, the title first.
    pub texts: Vec<String>,
    /// The keys of all its words, sorted, each once.
    keys: Vec<u64>,
    /// The keys of the words of its title, sorted, each once.
    title_keys: Vec<u64>,
}

impl Doc {
    fn new(kind: Kind, id: String, title: String, texts: impl IntoIterator<Item = String>) -> Doc {
        let mut title_keys: Vec<u64> = words::words(&title).map(|(_, w)| hashed(&key(w))).collect();
        title_keys.sort_unstable();
        title_keys.dedup();
        let mut all = vec![title.clone()];
        all.extend(texts.into_iter().filter(|t| !t.trim().is_empty()));
        let mut keys: Vec<u64> = all
            .iter()
            .flat_map(|t| words::words(t).map(|(_, w)| hashed(&key(w))))
            .collect();
        keys.sort_unstable();
        keys.dedup();
        Doc {
            kind,
            id,
            initiative: None,
            session: None,
            draft: false,
            title,
            texts: all,
            keys,
            title_keys,
        }
    }

    fn within(mut self, initiative: &Slug, session: Option<usize>, draft: bool) -> Doc {
        self.initiative = Some(initiative.clone());
        self.session = session;
        self.draft = draft;
        self
    }

    fn has_all(&self, keys: &[u64]) -> bool {
        keys.iter().all(|k| self.keys.binary_search(k).is_ok())
    }
}

/// The documents of one part of the dataset and the keys of all of them.
#[derive(Debug, Default)]
pub struct Segment {
    docs: Vec<Doc>,
    keys: Vec<u64>,
}

impl Segment {
    fn of(docs: Vec<Doc>) -> Segment {
        let mut keys: Vec<u64> = docs.iter().flat_map(|d| d.keys.iter().copied()).collect();
        keys.sort_unstable();
        keys.dedup();
        Segment { docs, keys }
    }

    fn may_hold(&self, keys: &[u64]) -> bool {
        keys.iter().all(|k| self.keys.binary_search(k).is_ok())
    }
}

fn level_words(level: Level) -> &'static str {
    match level {
        Level::Doelgroep => "doelgroep",
        Level::Werkgevers => "werkgevers",
        Level::Regio => "regio",
    }
}

fn join(list: Option<&Vec<String>>) -> String {
    list.map(|l| l.join(", ")).unwrap_or_default()
}

/// The documents of one initiative: itself, each session, each chain and
/// each session's notes.
fn initiative_segment(i: &Initiative) -> Segment {
    let mut docs = Vec::new();
    let partners: Vec<String> = i
        .partners
        .iter()
        .flatten()
        .map(|p| p.name.clone())
        .collect();
    docs.push(
        Doc::new(
            Kind::Initiative,
            i.id.to_string(),
            i.name.clone(),
            [
                i.short_name.clone().unwrap_or_default(),
                i.problem.clone().unwrap_or_default(),
                join(i.target_groups.as_ref()),
                join(i.sectors.as_ref()),
                partners.join(", "),
            ],
        )
        .within(&i.id, None, false),
    );
    for (n, s) in i.sessions().iter().enumerate() {
        let number = n + 1;
        let title = format!("{} {}", s.date, s.kind);
        let mut texts: Vec<String> = s.lessons.iter().flatten().cloned().collect();
        texts.extend(s.llo_notes.iter().flat_map(|m| m.values().cloned()));
        texts.extend(s.werkplekleren_notes.clone());
        docs.push(
            Doc::new(Kind::Session, number.to_string(), title.clone(), texts).within(
                &i.id,
                Some(number),
                s.draft,
            ),
        );
        for c in s.chains() {
            let mut texts = vec![c.context.clone()];
            texts.extend(c.interventions.iter().cloned());
            texts.extend(c.mechanisms.iter().flatten().cloned());
            texts.extend(c.outcomes.iter().flatten().cloned());
            docs.push(
                Doc::new(
                    Kind::Chain,
                    format!("{number}/{}", level_words(c.level)),
                    format!("{title} · {}", level_words(c.level)),
                    texts,
                )
                .within(&i.id, Some(number), s.draft),
            );
        }
        if let Some(notes) = s.notes.as_ref().filter(|n| !n.trim().is_empty()) {
            docs.push(
                Doc::new(Kind::Note, number.to_string(), title, [notes.clone()]).within(
                    &i.id,
                    Some(number),
                    s.draft,
                ),
            );
        }
    }
    Segment::of(docs)
}

/// The documents outside the initiatives.
fn rest_segment(dataset: &Dataset) -> Segment {
    let mut docs = Vec::new();
    for o in dataset.organisations() {
        docs.push(Doc::new(
            Kind::Organisation,
            o.id.to_string(),
            o.name.clone(),
            [
                o.sector.clone().unwrap_or_default(),
                o.place.clone().unwrap_or_default(),
            ],
        ));
    }
    for g in dataset.goals() {
        docs.push(Doc::new(
            Kind::Goal,
            g.id.to_string(),
            g.name.clone(),
            g.description.clone(),
        ));
    }
    for a in dataset.activities() {
        docs.push(Doc::new(
            Kind::Activity,
            a.id.to_string(),
            a.name.clone(),
            [
                a.owner.clone().unwrap_or_default(),
                a.note.clone().unwrap_or_default(),
            ],
        ));
    }
    for c in dataset.coalitions() {
        let mut texts = vec![c.goal.clone()];
        texts.extend(c.meetings.iter().flatten().filter_map(|m| m.note.clone()));
        docs.push(Doc::new(
            Kind::Coalition,
            c.id.to_string(),
            c.name.clone(),
            texts,
        ));
    }
    for (kind, terms) in [
        (Kind::Theme, dataset.themes()),
        (Kind::Challenge, dataset.challenges()),
    ] {
        for t in terms {
            docs.push(Doc::new(
                kind,
                t.id.to_string(),
                t.name.clone(),
                t.description.clone(),
            ));
        }
    }
    Segment::of(docs)
}

/// The search index of a dataset.
#[derive(Debug, Default)]
pub struct Index {
    /// Per initiative, in the dataset's order: its id and segment.
    initiatives: Vec<(Slug, Arc<Segment>)>,
    /// Everything else.
    rest: Segment,
}

impl Index {
    /// The index of `dataset`. With `previous` (an older dataset and its
    /// index), an initiative equal to its older self keeps its segment.
    pub fn build(dataset: &Dataset, previous: Option<(&Dataset, &Index)>) -> Index {
        let old: HashMap<&str, (&Initiative, &Arc<Segment>)> = previous
            .map(|(d, index)| {
                d.initiatives()
                    .iter()
                    .zip(&index.initiatives)
                    .map(|(i, (_, seg))| (i.id.as_str(), (i, seg)))
                    .collect()
            })
            .unwrap_or_default();
        let initiatives = dataset
            .initiatives()
            .iter()
            .map(|i| {
                let segment = match old.get(i.id.as_str()) {
                    Some((before, seg)) if *before == i => Arc::clone(seg),
                    _ => Arc::new(initiative_segment(i)),
                };
                (i.id.clone(), segment)
            })
            .collect();
        Index {
            initiatives,
            rest: rest_segment(dataset),
        }
    }

    /// The documents that hold every key of `query` and that `allowed`
    /// lets through, in the order of [`Kind::ALL`], then with the query
    /// in the title first, then in the dataset's order.
    pub fn search<'a>(&'a self, query: &str, allowed: impl Fn(&Doc) -> bool) -> Found<'a> {
        let keys = query_keys(query);
        let hashes: Vec<u64> = keys.iter().map(|k| hashed(k)).collect();
        let mut hits: Vec<&Doc> = Vec::new();
        if !hashes.is_empty() {
            let segments = self
                .initiatives
                .iter()
                .map(|(_, s)| s.as_ref())
                .chain(std::iter::once(&self.rest));
            for segment in segments.filter(|s| s.may_hold(&hashes)) {
                hits.extend(
                    segment
                        .docs
                        .iter()
                        .filter(|d| d.has_all(&hashes) && allowed(d)),
                );
            }
        }
        let in_title = |d: &Doc| hashes.iter().all(|k| d.title_keys.binary_search(k).is_ok());
        let mut ranked: Vec<(Kind, bool, usize, &Doc)> = hits
            .into_iter()
            .enumerate()
            .map(|(n, d)| (d.kind, !in_title(d), n, d))
            .collect();
        ranked.sort_by_key(|(kind, not_title, n, _)| (*kind, *not_title, *n));
        Found {
            keys,
            hits: ranked.into_iter().map(|(_, _, _, d)| d).collect(),
        }
    }
}

/// What a search found.
#[derive(Debug)]
pub struct Found<'a> {
    /// The keys searched for.
    pub keys: Vec<String>,
    /// The documents, ranked.
    pub hits: Vec<&'a Doc>,
}

/// A piece of text with the places of the matched words.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Snippet {
    /// The text (cut to about [`SNIPPET_WORDS`] words around the first match).
    pub text: String,
    /// The byte ranges in `text` of the words that matched.
    pub marks: Vec<Range<usize>>,
}

/// Words of context a snippet shows at most.
pub const SNIPPET_WORDS: usize = 30;

/// The matched words of `text` for the `keys`, with their places.
pub fn marks(text: &str, keys: &[String]) -> Vec<Range<usize>> {
    words::words(text)
        .filter(|(_, w)| keys.contains(&key(w)))
        .map(|(place, _)| place)
        .collect()
}

impl Doc {
    /// The title with its matched words, and the first other text that
    /// has a match, cut around the first one (none when only the title
    /// matched).
    pub fn snippet(&self, keys: &[String]) -> (Snippet, Option<Snippet>) {
        let title = Snippet {
            text: self.title.clone(),
            marks: marks(&self.title, keys),
        };
        let body = self.texts.iter().skip(1).find_map(|text| {
            let found = marks(text, keys);
            let first = found.first()?.start;
            let all: Vec<Range<usize>> = words::words(text).map(|(p, _)| p).collect();
            let at = all.iter().position(|p| p.start == first).unwrap_or(0);
            let from = at.saturating_sub(SNIPPET_WORDS / 3);
            let to = (from + SNIPPET_WORDS).min(all.len());
            let start = if from == 0 { 0 } else { all[from].start };
            let end = if to == all.len() {
                text.len()
            } else {
                all[to - 1].end
            };
            let mut cut = String::new();
            if start > 0 {
                cut.push('…');
            }
            let offset = cut.len();
            cut.push_str(&text[start..end]);
            if end < text.len() {
                cut.push('…');
            }
            let marks = found
                .into_iter()
                .filter(|m| m.start >= start && m.end <= end)
                .map(|m| m.start - start + offset..m.end - start + offset)
                .collect();
            Some(Snippet { text: cut, marks })
        });
        (title, body)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dataset(yaml: &str) -> Dataset {
        crate::file::parse("t.yaml", yaml.as_bytes(), crate::syntax::Syntax::Yaml).expect("valid")
    }

    const DATA: &str = "format: uti-dataset/1
initiatives:
  - id: fietsplan
    name: Fietsplan
    problem: Jongeren zonder fiets komen niet bij werkgevers.
    sessions:
      - date: 2026-01-10
        kind: beoogd-ontwerp
        notes: Vertrouwelijk transcript over fietsen.
        cimo:
          - level: werkgevers
            context: Werkgevers kennen de jongeren niet.
            interventions: [Begeleiding op de werkvloer]
      - date: 2026-02-10
        kind: ontwerp-in-actie
        draft: true
        lessons: [Concept over begeleiden]
organisations:
  - {id: fietsen-oost, name: Fietsen Oost, kind: werkgever}
";

    #[test]
    fn word_forms_find_every_kind_and_the_rules_leave_out_what_is_hidden() {
        let d = dataset(DATA);
        let index = Index::build(&d, None);
        let found = index.search("fietsen", |_| true);
        let kinds: Vec<Kind> = found.hits.iter().map(|h| h.kind).collect();
        assert_eq!(kinds, [Kind::Initiative, Kind::Note, Kind::Organisation]);
        assert_eq!(
            found.hits[1].initiative.as_ref().unwrap().as_str(),
            "fietsplan"
        );
        let found = index.search("begeleiding", |_| true);
        assert_eq!(found.hits.len(), 2, "the chain and the draft session");
        let found = index.search("begeleiding", |d| !d.draft);
        assert_eq!(found.hits.len(), 1);
        assert_eq!(found.hits[0].kind, Kind::Chain);
        assert_eq!(found.hits[0].id, "1/werkgevers");
        // Every word must be in one document.
        assert!(index.search("fiets transcript", |_| true).hits.len() == 1);
        assert!(
            index
                .search("fiets onbekendwoord", |_| true)
                .hits
                .is_empty()
        );
    }

    #[test]
    fn a_snippet_marks_the_matched_words() {
        let d = dataset(DATA);
        let index = Index::build(&d, None);
        let found = index.search("werkgever", |_| true);
        let (title, body) = found.hits[0].snippet(&found.keys);
        assert!(title.marks.is_empty());
        let body = body.unwrap();
        let marked: Vec<&str> = body.marks.iter().map(|m| &body.text[m.clone()]).collect();
        assert_eq!(marked, ["werkgevers"]);
    }

    #[test]
    fn an_unchanged_initiative_keeps_its_segment() {
        let d = dataset(DATA);
        let first = Index::build(&d, None);
        let second = Index::build(&d, Some((&d, &first)));
        assert!(Arc::ptr_eq(
            &first.initiatives[0].1,
            &second.initiatives[0].1
        ));
        let mut changed = d.clone();
        changed.initiatives.as_mut().unwrap()[0].name = "Ander".into();
        let third = Index::build(&changed, Some((&d, &second)));
        assert!(!Arc::ptr_eq(
            &second.initiatives[0].1,
            &third.initiatives[0].1
        ));
        assert_eq!(third.search("ander", |_| true).hits.len(), 1);
    }
}
