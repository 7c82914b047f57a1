//! Search across everything the dataset holds (initiatives, sessions,
//! chains, session notes, organisations, the agenda, coalitions, themes
//! and challenges), matching Dutch word forms: every word is reduced to
//! a key in the application ([`words::key`]), so that the same query gives
//! the same hits whatever database holds the data.
//!
//! The index has a segment per initiative (its documents) and one for the
//! rest of the dataset. A new index reuses the segments of the initiatives
//! that did not change ([`Index::build`]), and numbers every key once for
//! its lifetime (the vocabulary passes from one index to the next). Per
//! key it holds the list of documents that contain it (rebuilt for each
//! index from the documents' key numbers: counting and copying, no
//! stemming). A query's keys must all occur in one document: its hits
//! walk the shortest list and look each document up in the others. Only
//! the hits that are shown are collected; the rest are counted.

/// Words, their keys, and the keys of a query.
pub mod words;

use crate::model::{Dataset, Initiative, Level};
use crate::values::Slug;
use serde::Serialize;
use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;
use words::{key, query_keys};

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
    /// The numbers of the keys of all its words, sorted, each once.
    keys: Vec<u32>,
    /// The numbers of the keys of the words of its title, sorted, each once.
    title_keys: Vec<u32>,
}

impl Doc {
    fn new(
        keyer: &mut Vocabulary,
        kind: Kind,
        id: String,
        title: String,
        texts: impl IntoIterator<Item = String>,
    ) -> Doc {
        let mut title_keys: Vec<u32> = words::words(&title).map(|(_, w)| keyer.of(w)).collect();
        title_keys.sort_unstable();
        title_keys.dedup();
        let mut all = vec![title.clone()];
        all.extend(texts.into_iter().filter(|t| !t.trim().is_empty()));
        let mut keys: Vec<u32> = all
            .iter()
            .flat_map(|t| words::words(t))
            .map(|(_, w)| keyer.of(w))
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

    fn title_has_all(&self, keys: &[u32]) -> bool {
        keys.iter()
            .all(|k| self.title_keys.binary_search(k).is_ok())
    }
}

/// The keys met so far, numbered in the order met, and the key of each
/// word as written, so that each word is stemmed once (texts repeat their
/// words a lot). A new index starts from a copy of its predecessor's, so
/// the numbers in the segments it reuses keep their meaning.
#[derive(Debug, Clone, Default)]
struct Vocabulary {
    /// The number of the key of each word as written.
    words: HashMap<String, u32>,
    /// The number of each key.
    keys: HashMap<String, u32>,
}

impl Vocabulary {
    /// The number of the key of `word`.
    fn of(&mut self, word: &str) -> u32 {
        if let Some(k) = self.words.get(word) {
            return *k;
        }
        let next = self.keys.len() as u32;
        let k = *self.keys.entry(key(word)).or_insert(next);
        self.words.insert(word.to_owned(), k);
        k
    }
}

/// The documents of one part of the dataset: one initiative, or the rest.
#[derive(Debug, Default)]
pub struct Segment {
    docs: Vec<Doc>,
}

/// What a viewer may read of one initiative's documents (its own record
/// and its sessions' chains are always readable).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Access {
    /// The draft sessions, and their chains and notes.
    pub drafts: bool,
    /// The notes or transcripts of the sessions.
    pub notes: bool,
}

impl Access {
    /// Everything.
    pub const ALL: Access = Access {
        drafts: true,
        notes: true,
    };
}

/// Where a document is in the index, and what the rules ask of it.
#[derive(Debug, Clone, Copy)]
struct Place {
    /// Its segment: an initiative's place, or their number for the rest.
    segment: u32,
    /// Its place in the segment.
    doc: u32,
    kind: Kind,
    draft: bool,
}

/// Per key, the documents that hold it (by number, ascending).
#[derive(Debug, Default)]
struct Postings {
    /// Where each key's documents start in `docs`; one more at the end.
    starts: Vec<u32>,
    docs: Vec<u32>,
}

impl Postings {
    /// For each of `keys` keys, the documents (numbered in the order
    /// given) that hold it: two passes, count then fill.
    fn of<'a>(keys: usize, docs: impl Iterator<Item = &'a Doc> + Clone) -> Postings {
        let mut starts = vec![0_u32; keys + 1];
        for d in docs.clone() {
            for &k in &d.keys {
                starts[k as usize + 1] += 1;
            }
        }
        for k in 0..keys {
            starts[k + 1] += starts[k];
        }
        let mut fill = starts.clone();
        let mut out = vec![0_u32; starts[keys] as usize];
        for (n, d) in docs.enumerate() {
            for &k in &d.keys {
                out[fill[k as usize] as usize] = n as u32;
                fill[k as usize] += 1;
            }
        }
        Postings { starts, docs: out }
    }

    fn of_key(&self, key: u32) -> &[u32] {
        let k = key as usize;
        &self.docs[self.starts[k] as usize..self.starts[k + 1] as usize]
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
fn initiative_segment(i: &Initiative, keyer: &mut Vocabulary) -> Segment {
    let mut docs = Vec::new();
    let partners: Vec<String> = i
        .partners
        .iter()
        .flatten()
        .map(|p| p.name.clone())
        .collect();
    docs.push(
        Doc::new(
            keyer,
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
            Doc::new(
                keyer,
                Kind::Session,
                number.to_string(),
                title.clone(),
                texts,
            )
            .within(&i.id, Some(number), s.draft),
        );
        for c in s.chains() {
            let mut texts = vec![c.context.clone()];
            texts.extend(c.interventions.iter().cloned());
            texts.extend(c.mechanisms.iter().flatten().cloned());
            texts.extend(c.outcomes.iter().flatten().cloned());
            docs.push(
                Doc::new(
                    keyer,
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
                Doc::new(
                    keyer,
                    Kind::Note,
                    number.to_string(),
                    title,
                    [notes.clone()],
                )
                .within(&i.id, Some(number), s.draft),
            );
        }
    }
    Segment { docs }
}

/// The documents outside the initiatives.
fn rest_segment(dataset: &Dataset, keyer: &mut Vocabulary) -> Segment {
    let mut docs = Vec::new();
    for o in dataset.organisations() {
        docs.push(Doc::new(
            keyer,
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
            keyer,
            Kind::Goal,
            g.id.to_string(),
            g.name.clone(),
            g.description.clone(),
        ));
    }
    for a in dataset.activities() {
        docs.push(Doc::new(
            keyer,
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
            keyer,
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
                keyer,
                kind,
                t.id.to_string(),
                t.name.clone(),
                t.description.clone(),
            ));
        }
    }
    Segment { docs }
}

/// The search index of a dataset.
#[derive(Debug, Default)]
pub struct Index {
    /// Per initiative, in the dataset's order: its id and segment.
    initiatives: Vec<(Slug, Arc<Segment>)>,
    /// Everything else.
    rest: Segment,
    vocabulary: Vocabulary,
    /// Every document, numbered in the order of the segments.
    places: Vec<Place>,
    postings: Postings,
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
        let mut vocabulary = previous
            .map(|(_, index)| index.vocabulary.clone())
            .unwrap_or_default();
        let initiatives: Vec<(Slug, Arc<Segment>)> = dataset
            .initiatives()
            .iter()
            .map(|i| {
                let segment = match old.get(i.id.as_str()) {
                    Some((before, seg)) if *before == i => Arc::clone(seg),
                    _ => Arc::new(initiative_segment(i, &mut vocabulary)),
                };
                (i.id.clone(), segment)
            })
            .collect();
        let rest = rest_segment(dataset, &mut vocabulary);
        let segments = initiatives
            .iter()
            .map(|(_, s)| s.as_ref())
            .chain(std::iter::once(&rest));
        let places = segments
            .clone()
            .enumerate()
            .flat_map(|(n, s)| {
                s.docs.iter().enumerate().map(move |(d, doc)| Place {
                    segment: n as u32,
                    doc: d as u32,
                    kind: doc.kind,
                    draft: doc.draft,
                })
            })
            .collect();
        let postings = Postings::of(vocabulary.keys.len(), segments.flat_map(|s| s.docs.iter()));
        Index {
            initiatives,
            rest,
            vocabulary,
            places,
            postings,
        }
    }

    fn doc(&self, place: Place) -> &Doc {
        let segment = match self.initiatives.get(place.segment as usize) {
            Some((_, s)) => s.as_ref(),
            None => &self.rest,
        };
        &segment.docs[place.doc as usize]
    }

    /// The documents that hold every key of `query` and that the viewer
    /// may read (`access` says what of each initiative; everything outside
    /// the initiatives is readable), grouped by kind in the order of
    /// [`Kind::ALL`]: how many there are of each, and the first `per_kind`
    /// of them, those with the query in the title first, then in the
    /// dataset's order.
    pub fn search<'a>(
        &'a self,
        query: &str,
        per_kind: usize,
        access: impl Fn(&Slug) -> Access,
    ) -> Found<'a> {
        let keys = query_keys(query);
        let numbers: Option<Vec<u32>> = keys
            .iter()
            .map(|k| self.vocabulary.keys.get(k).copied())
            .collect();
        // Per kind: the total, the first hits with the query in the
        // title, the first without.
        let mut tally: Vec<(usize, Vec<&Doc>, Vec<&Doc>)> =
            Kind::ALL.iter().map(|_| Default::default()).collect();
        if let Some(numbers) = numbers.filter(|n| !n.is_empty()) {
            let mut lists: Vec<&[u32]> = numbers.iter().map(|&k| self.postings.of_key(k)).collect();
            lists.sort_by_key(|l| l.len());
            let (shortest, others) = lists.split_first_mut().expect("not empty");
            let mut segment = u32::MAX;
            let mut may = Access::ALL;
            for &n in shortest.iter() {
                // The other lists, moved on to `n`: all must hold it.
                let in_all = others.iter_mut().all(|list| seek(list, n));
                if !in_all {
                    continue;
                }
                let place = self.places[n as usize];
                if place.segment != segment {
                    segment = place.segment;
                    may = self
                        .initiatives
                        .get(segment as usize)
                        .map_or(Access::ALL, |(id, _)| access(id));
                }
                if (place.draft && !may.drafts) || (place.kind == Kind::Note && !may.notes) {
                    continue;
                }
                let (total, titled, other) = &mut tally[place.kind as usize];
                *total += 1;
                if titled.len() >= per_kind && other.len() >= per_kind {
                    continue;
                }
                let doc = self.doc(place);
                if doc.title_has_all(&numbers) {
                    if titled.len() < per_kind {
                        titled.push(doc);
                    }
                } else if other.len() < per_kind {
                    other.push(doc);
                }
            }
        }
        let groups = Kind::ALL
            .iter()
            .zip(tally)
            .filter(|(_, (total, _, _))| *total > 0)
            .map(|(kind, (total, mut hits, other))| {
                hits.extend(other);
                hits.truncate(per_kind);
                KindHits {
                    kind: *kind,
                    total,
                    hits,
                }
            })
            .collect();
        Found { keys, groups }
    }
}

/// Moves `list` (ascending) on to its first number not below `n`, by
/// doubling steps and then a binary search; whether that number is `n`.
fn seek(list: &mut &[u32], n: u32) -> bool {
    let mut end = 1;
    while end < list.len() && list[end] < n {
        end *= 2;
    }
    let from = end / 2;
    let end = (end + 1).min(list.len());
    let at = from + list[from..end].partition_point(|&m| m < n);
    *list = &list[at..];
    list.first() == Some(&n)
}

/// What a search found.
#[derive(Debug)]
pub struct Found<'a> {
    /// The keys searched for.
    pub keys: Vec<String>,
    /// The kinds with hits, in the order of [`Kind::ALL`].
    pub groups: Vec<KindHits<'a>>,
}

/// The hits of one kind.
#[derive(Debug)]
pub struct KindHits<'a> {
    /// The kind.
    pub kind: Kind,
    /// How many documents of this kind hold the query.
    pub total: usize,
    /// The first of them, ranked.
    pub hits: Vec<&'a Doc>,
}

impl Found<'_> {
    /// The shown hits of every kind, in order.
    pub fn hits(&self) -> impl Iterator<Item = &Doc> {
        self.groups.iter().flat_map(|g| g.hits.iter().copied())
    }
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
        let found = index.search("fietsen", 100, |_| Access::ALL);
        let hits: Vec<&Doc> = found.hits().collect();
        let kinds: Vec<Kind> = hits.iter().map(|h| h.kind).collect();
        assert_eq!(kinds, [Kind::Initiative, Kind::Note, Kind::Organisation]);
        assert_eq!(hits[1].initiative.as_ref().unwrap().as_str(), "fietsplan");
        let found = index.search("begeleiding", 100, |_| Access::ALL);
        assert_eq!(found.hits().count(), 2, "the chain and the draft session");
        let found = index.search("begeleiding", 100, |_| Access {
            drafts: false,
            notes: true,
        });
        assert_eq!(found.hits().count(), 1);
        assert_eq!(found.groups[0].hits[0].kind, Kind::Chain);
        assert_eq!(found.groups[0].hits[0].id, "1/werkgevers");
        // Every word must be in one document.
        assert!(
            index
                .search("fiets transcript", 100, |_| Access::ALL)
                .hits()
                .count()
                == 1
        );
        assert!(
            index
                .search("fiets onbekendwoord", 100, |_| Access::ALL)
                .groups
                .is_empty()
        );
    }

    #[test]
    fn seeking_finds_every_number_and_only_those() {
        let all: Vec<u32> = (0..500).map(|n| n * 3).collect();
        let mut list = all.as_slice();
        let found: Vec<u32> = (0..1500).filter(|&n| seek(&mut list, n)).collect();
        assert_eq!(found, all);
        let mut list = all.as_slice();
        assert!(!seek(&mut list, 1499));
        assert!(list.is_empty());
    }

    #[test]
    fn kinds_are_numbered_in_their_order() {
        for (n, kind) in Kind::ALL.iter().enumerate() {
            assert_eq!(*kind as usize, n);
        }
    }

    #[test]
    fn totals_count_every_hit_and_the_shown_ones_have_the_title_first() {
        // One initiative with 40 sessions of three documents each (the
        // session, a chain, the notes): bit sets of more than one word.
        let mut yaml = String::from(
            "format: uti-dataset/1\ninitiatives:\n  - id: groot\n    name: Groot\n    sessions:\n",
        );
        for n in 1..=40 {
            let (lesson, notes) = if n % 10 == 0 {
                ("Fietsen in de les", "Ook hier fietsen.")
            } else {
                ("Iets anders", "Over fietsen.")
            };
            yaml.push_str(&format!(
                "      - date: 2026-01-{:02}\n        kind: beoogd-ontwerp\n        lessons: [{lesson}]\n        notes: {notes}\n        cimo:\n          - level: regio\n            context: Regio nummer {n}.\n            interventions: [Iets]\n",
                n % 28 + 1
            ));
        }
        let d = dataset(&yaml);
        let index = Index::build(&d, None);
        let found = index.search("fiets", 3, |_| Access::ALL);
        let kinds: Vec<(Kind, usize, usize)> = found
            .groups
            .iter()
            .map(|g| (g.kind, g.total, g.hits.len()))
            .collect();
        assert_eq!(kinds, [(Kind::Session, 4, 3), (Kind::Note, 40, 3)]);
        let sessions: Vec<Option<usize>> = found.groups[1].hits.iter().map(|h| h.session).collect();
        assert_eq!(sessions, [Some(1), Some(2), Some(3)]);
        // "regio 37" is only in the 37th session's chain (document 110).
        let found = index.search("regio 37", 3, |_| Access::ALL);
        let chain: Vec<&str> = found.hits().map(|h| h.id.as_str()).collect();
        assert_eq!(chain, ["37/regio"]);
        // What may not be read is not counted.
        let hidden = |_: &Slug| Access {
            drafts: true,
            notes: false,
        };
        let found = index.search("fiets", 3, hidden);
        let totals: Vec<(Kind, usize)> = found.groups.iter().map(|g| (g.kind, g.total)).collect();
        assert_eq!(totals, [(Kind::Session, 4)]);
    }

    #[test]
    fn a_snippet_marks_the_matched_words() {
        let d = dataset(DATA);
        let index = Index::build(&d, None);
        let found = index.search("werkgever", 100, |_| Access::ALL);
        let (title, body) = found.groups[0].hits[0].snippet(&found.keys);
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
        assert_eq!(
            third.search("ander", 100, |_| Access::ALL).hits().count(),
            1
        );
    }
}
