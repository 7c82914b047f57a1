//! The overlap finder: pairs of initiatives that do much the same for the
//! same people, so that the network office can see where they overlap.
//!
//! Two initiatives overlap by points:
//! - [`TARGET_GROUP_POINTS`] for each target group both name,
//! - [`SECTOR_POINTS`] for each sector both name (target groups and sectors
//!   compared without case, after trimming),
//! - [`ORGANISATION_POINTS`] for each organisation both have as a partner
//!   (the same `organisation` record, or, for a partner not linked to one,
//!   the same name and kind as in [`crate::landscape::link::same_key`]),
//! - [`LLO_TYPE_POINTS`] for each LLO type both use (score 1 or 2 in
//!   [`Initiative::current_plot`]).
//!
//! A pair is an overlap when it has at least [`MIN_SCORE`] points and shares
//! a target group, a sector or an organisation: a shared target group or
//! organisation is enough alone, a shared sector needs a shared LLO type
//! beside it, and LLO types alone never make an overlap (most initiatives
//! use several types).
//!
//! Only pairs that share a target group, a sector or an organisation are
//! scored: they are found through inverted indexes (value → initiatives),
//! never by comparing all pairs. Each initiative keeps its
//! [`PER_INITIATIVE`] best pairs (score descending, then the other's id);
//! [`overlaps`] gives every pair that is among the best of either of its
//! two initiatives, so at most `PER_INITIATIVE` × the number of initiatives.
//!
//! The plot is the current one of all sessions, drafts included: pass
//! [`Dataset::without_drafts`] for readers who may not see drafts.

use crate::Lang;
use crate::landscape::link::same_key;
use crate::model::{Dataset, Initiative, LloType};
use crate::values::Slug;
use serde::Serialize;
use std::collections::HashMap;

/// How many pairs each initiative keeps (its best).
pub const PER_INITIATIVE: usize = 10;
/// The fewest points an overlap has.
pub const MIN_SCORE: u32 = 3;
/// Points for each shared target group.
pub const TARGET_GROUP_POINTS: u32 = 3;
/// Points for each shared sector.
pub const SECTOR_POINTS: u32 = 2;
/// Points for each shared organisation.
pub const ORGANISATION_POINTS: u32 = 3;
/// Points for each LLO type both use.
pub const LLO_TYPE_POINTS: u32 = 1;

/// What two initiatives have in common, or how they differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ReasonKind {
    /// Both work for the same target group(s).
    SameTargetGroup,
    /// Both work in the same sector(s).
    SameSector,
    /// Both have the same organisation(s) as a partner.
    SharedOrganisation,
    /// Both use the same LLO type(s).
    SameLloTypes,
    /// Chains of both speak to the same challenge(s).
    SharedChallenge,
    /// Chains of both name the same mechanism(s).
    SharedMechanism,
    /// Chains of both speak to the same theme(s).
    SharedTheme,
    /// They work in different sectors.
    DifferentSectors,
    /// They work for different target groups.
    DifferentTargetGroups,
}

/// One reason a pair is shown, explained for people.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Reason {
    /// What kind of reason.
    pub kind: ReasonKind,
    /// The reason in a phrase, in the user's language.
    pub text: String,
    /// The values it is about (target groups, names, types), as shown.
    pub items: Vec<String>,
}

/// Two initiatives that overlap (`a` has the smaller id).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Overlap {
    /// The one with the smaller id.
    pub a: Slug,
    /// The other.
    pub b: Slug,
    /// Its points: the higher, the more they overlap.
    pub score: u32,
    /// Why, in the order target groups, sectors, organisations, LLO types.
    pub reasons: Vec<Reason>,
}

/// Every overlap in the dataset, ranked by score descending, then by the
/// ids of `a` and `b` (see the module for the points and the cap).
pub fn overlaps(dataset: &Dataset, lang: Lang) -> Vec<Overlap> {
    let index = Index::new(dataset);
    let mut scratch = Scratch::new(index.len());
    let rows = (0..index.len()).map(|i| index.row(i, &mut scratch));
    let pairs = union_of_rows(rows, &index.ranks);
    let mut out: Vec<Overlap> = pairs
        .into_iter()
        .map(|(a, b)| index.overlap(dataset, a, b, lang))
        .collect();
    out.sort_by(|x, y| rank_order((x.score, &x.a, &x.b), (y.score, &y.a, &y.b)));
    out
}

/// The best [`PER_INITIATIVE`] overlaps of one initiative, ranked as in
/// [`overlaps`] (each is among those); none for an unknown id.
pub fn overlaps_of(dataset: &Dataset, id: &str, lang: Lang) -> Vec<Overlap> {
    let Some(i) = dataset
        .initiatives()
        .iter()
        .position(|x| x.id.as_str() == id)
    else {
        return Vec::new();
    };
    let index = Index::new(dataset);
    let mut scratch = Scratch::new(index.len());
    let pairs = union_of_rows(std::iter::once(index.row(i, &mut scratch)), &index.ranks);
    let mut out: Vec<Overlap> = pairs
        .into_iter()
        .map(|(a, b)| index.overlap(dataset, a, b, lang))
        .collect();
    out.sort_by(|x, y| rank_order((x.score, &x.a, &x.b), (y.score, &y.a, &y.b)));
    out
}

/// A target group or sector as compared: trimmed, lower case.
pub(crate) fn normalise(text: &str) -> String {
    text.trim().to_lowercase()
}

/// Values numbered in the order met, with the first spelling kept for display.
#[derive(Default)]
pub(crate) struct Interner {
    ids: HashMap<String, u32>,
    /// The display text of each number.
    pub(crate) shown: Vec<String>,
}

impl Interner {
    /// The number of `key`, shown as `shown` when it is new.
    pub(crate) fn id(&mut self, key: String, shown: &str) -> u32 {
        if let Some(&id) = self.ids.get(&key) {
            return id;
        }
        let id = self.shown.len() as u32;
        self.ids.insert(key, id);
        self.shown.push(shown.trim().to_owned());
        id
    }

    /// How many values.
    pub(crate) fn len(&self) -> usize {
        self.shown.len()
    }
}

/// Numbers the trimmed, lower-cased `values` (each once, in order).
pub(crate) fn intern_all<'a>(
    interner: &mut Interner,
    values: impl IntoIterator<Item = &'a String>,
) -> Vec<u32> {
    let mut out = Vec::new();
    for value in values {
        let key = normalise(value);
        if key.is_empty() {
            continue;
        }
        let id = interner.id(key, value);
        if !out.contains(&id) {
            out.push(id);
        }
    }
    out
}

/// The initiatives that hold each value: `lists[i]` are the values of initiative `i`.
pub(crate) fn postings(lists: &[Vec<u32>], values: usize) -> Vec<Vec<u32>> {
    let mut out = vec![Vec::new(); values];
    for (i, list) in lists.iter().enumerate() {
        for &v in list {
            out[v as usize].push(i as u32);
        }
    }
    out
}

/// For each initiative its place among the ids sorted: comparing places compares ids.
pub(crate) fn id_ranks(initiatives: &[Initiative]) -> Vec<u32> {
    let mut order: Vec<usize> = (0..initiatives.len()).collect();
    order.sort_by(|&x, &y| initiatives[x].id.cmp(&initiatives[y].id));
    let mut ranks = vec![0; initiatives.len()];
    for (place, i) in order.into_iter().enumerate() {
        ranks[i] = place as u32;
    }
    ranks
}

/// Keeps the best `n` of `(score, initiative)`: score descending, then id.
pub(crate) fn keep_best(candidates: &mut Vec<(u32, u32)>, ranks: &[u32], n: usize) {
    let order = |x: &(u32, u32), y: &(u32, u32)| {
        y.0.cmp(&x.0)
            .then(ranks[x.1 as usize].cmp(&ranks[y.1 as usize]))
    };
    if candidates.len() > n && n > 0 {
        candidates.select_nth_unstable_by(n - 1, order);
    }
    candidates.truncate(n);
    candidates.sort_by(order);
}

/// The pairs of the rows (row `i` is `i` with its candidates), each once,
/// as `(a, b)` with `a` the smaller id.
pub(crate) fn union_of_rows(
    rows: impl Iterator<Item = (usize, Vec<(u32, u32)>)>,
    ranks: &[u32],
) -> Vec<(usize, usize)> {
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    for (i, row) in rows {
        for (_, j) in row {
            let j = j as usize;
            pairs.push(if ranks[i] < ranks[j] { (i, j) } else { (j, i) });
        }
    }
    pairs.sort_unstable();
    pairs.dedup();
    pairs
}

/// Score descending, then `a`, then `b`.
pub(crate) fn rank_order(x: (u32, &Slug, &Slug), y: (u32, &Slug, &Slug)) -> std::cmp::Ordering {
    y.0.cmp(&x.0)
        .then_with(|| x.1.cmp(y.1))
        .then_with(|| x.2.cmp(y.2))
}

/// The values of `a` (in its order) that `b` has too.
pub(crate) fn shared(a: &[u32], b: &[u32]) -> Vec<u32> {
    a.iter().copied().filter(|v| b.contains(v)).collect()
}

/// The display texts of some values.
pub(crate) fn shown(interner: &Interner, values: &[u32]) -> Vec<String> {
    values
        .iter()
        .map(|&v| interner.shown[v as usize].clone())
        .collect()
}

/// Reused buffers for scoring one initiative against the others.
struct Scratch {
    points: Vec<u32>,
    touched: Vec<u32>,
}

impl Scratch {
    fn new(n: usize) -> Scratch {
        Scratch {
            points: vec![0; n],
            touched: Vec::new(),
        }
    }
}

/// What the overlap finder compares, numbered, with the inverted indexes.
struct Index {
    ranks: Vec<u32>,
    groups: Vec<Vec<u32>>,
    sectors: Vec<Vec<u32>>,
    orgs: Vec<Vec<u32>>,
    /// Bit `t` set when the current plot uses `LloType::ALL[t]`.
    plots: Vec<u8>,
    group_names: Interner,
    sector_names: Interner,
    org_names: Interner,
    by_group: Vec<Vec<u32>>,
    by_sector: Vec<Vec<u32>>,
    by_org: Vec<Vec<u32>>,
}

impl Index {
    fn new(dataset: &Dataset) -> Index {
        let initiatives = dataset.initiatives();
        let records = dataset.organisations();
        let by_id: HashMap<&str, usize> = records
            .iter()
            .enumerate()
            .map(|(i, o)| (o.id.as_str(), i))
            .collect();
        let by_key: HashMap<_, usize> = records
            .iter()
            .enumerate()
            .map(|(i, o)| (same_key(&o.name, o.kind), i))
            .collect();
        let mut group_names = Interner::default();
        let mut sector_names = Interner::default();
        let mut org_names = Interner::default();
        let mut groups = Vec::with_capacity(initiatives.len());
        let mut sectors = Vec::with_capacity(initiatives.len());
        let mut orgs = Vec::with_capacity(initiatives.len());
        let mut plots = Vec::with_capacity(initiatives.len());
        for initiative in initiatives {
            groups.push(intern_all(
                &mut group_names,
                initiative.target_groups.iter().flatten(),
            ));
            sectors.push(intern_all(
                &mut sector_names,
                initiative.sectors.iter().flatten(),
            ));
            let mut mine = Vec::new();
            for partner in initiative.partners.iter().flatten() {
                let key = same_key(&partner.name, partner.kind);
                let record = partner
                    .organisation
                    .as_ref()
                    .and_then(|id| by_id.get(id.as_str()))
                    .or_else(|| by_key.get(&key));
                let id = match record {
                    Some(&r) => org_names.id(format!("r\n{r}"), &records[r].name),
                    None if key.0.is_empty() => continue,
                    None => org_names.id(format!("n\n{}\n{}", key.1, key.0), &partner.name),
                };
                if !mine.contains(&id) {
                    mine.push(id);
                }
            }
            orgs.push(mine);
            plots.push(initiative.current_plot().map_or(0, |plot| {
                LloType::ALL
                    .iter()
                    .enumerate()
                    .filter(|(_, t)| plot.uses(**t))
                    .fold(0u8, |bits, (n, _)| bits | 1 << n)
            }));
        }
        Index {
            ranks: id_ranks(initiatives),
            by_group: postings(&groups, group_names.len()),
            by_sector: postings(&sectors, sector_names.len()),
            by_org: postings(&orgs, org_names.len()),
            groups,
            sectors,
            orgs,
            plots,
            group_names,
            sector_names,
            org_names,
        }
    }

    fn len(&self) -> usize {
        self.ranks.len()
    }

    /// Initiative `i` with its best overlaps as `(score, other)`.
    fn row(&self, i: usize, scratch: &mut Scratch) -> (usize, Vec<(u32, u32)>) {
        let Scratch { points, touched } = scratch;
        for (lists, index, weight) in [
            (&self.groups, &self.by_group, TARGET_GROUP_POINTS),
            (&self.sectors, &self.by_sector, SECTOR_POINTS),
            (&self.orgs, &self.by_org, ORGANISATION_POINTS),
        ] {
            for &value in &lists[i] {
                for &j in &index[value as usize] {
                    if j as usize == i {
                        continue;
                    }
                    let p = &mut points[j as usize];
                    if *p == 0 {
                        touched.push(j);
                    }
                    *p += weight;
                }
            }
        }
        let mut candidates = Vec::new();
        for &j in touched.iter() {
            let j_ = j as usize;
            let score =
                points[j_] + LLO_TYPE_POINTS * (self.plots[i] & self.plots[j_]).count_ones();
            points[j_] = 0;
            if score >= MIN_SCORE {
                candidates.push((score, j));
            }
        }
        touched.clear();
        keep_best(&mut candidates, &self.ranks, PER_INITIATIVE);
        (i, candidates)
    }

    /// The overlap of `a` and `b`, with its reasons.
    fn overlap(&self, dataset: &Dataset, a: usize, b: usize, lang: Lang) -> Overlap {
        let initiatives = dataset.initiatives();
        let mut reasons = Vec::new();
        let mut score = 0;
        // The same target groups, sectors and organisations: the same kind
        // of reason each, worded in the singular or the plural.
        let facets = [
            (
                &self.groups,
                &self.group_names,
                TARGET_GROUP_POINTS,
                ReasonKind::SameTargetGroup,
                [
                    "zelfde doelgroep",
                    "zelfde doelgroepen",
                    "same target group",
                    "same target groups",
                ],
            ),
            (
                &self.sectors,
                &self.sector_names,
                SECTOR_POINTS,
                ReasonKind::SameSector,
                [
                    "zelfde sector",
                    "zelfde sectoren",
                    "same sector",
                    "same sectors",
                ],
            ),
            (
                &self.orgs,
                &self.org_names,
                ORGANISATION_POINTS,
                ReasonKind::SharedOrganisation,
                [
                    "gedeelde partner",
                    "gedeelde partners",
                    "shared partner",
                    "shared partners",
                ],
            ),
        ];
        for (sets, names, points, kind, [nl_one, nl_many, en_one, en_many]) in facets {
            let common = shared(&sets[a], &sets[b]);
            if common.is_empty() {
                continue;
            }
            score += points * common.len() as u32;
            let items = shown(names, &common);
            let label = match (lang, items.len()) {
                (Lang::Nl, 1) => nl_one,
                (Lang::Nl, _) => nl_many,
                (Lang::En, 1) => en_one,
                (Lang::En, _) => en_many,
            };
            reasons.push(reason(kind, label, items, lang));
        }
        let both = self.plots[a] & self.plots[b];
        if both != 0 {
            score += LLO_TYPE_POINTS * both.count_ones();
            let items: Vec<String> = LloType::ALL
                .iter()
                .enumerate()
                .filter(|(n, _)| both & (1 << n) != 0)
                .map(|(_, t)| crate::prose::type_name(*t, lang).to_owned())
                .collect();
            let text = format!(
                "{} {} ({})",
                lang.pick("beide", "both use"),
                crate::prose::join(&items, lang),
                items.len()
            );
            reasons.push(Reason {
                kind: ReasonKind::SameLloTypes,
                text,
                items,
            });
        }
        Overlap {
            a: initiatives[a].id.clone(),
            b: initiatives[b].id.clone(),
            score,
            reasons,
        }
    }
}

/// A reason worded `label: a, b en c`.
pub(crate) fn reason(kind: ReasonKind, label: &str, items: Vec<String>, lang: Lang) -> Reason {
    Reason {
        kind,
        text: format!("{label}: {}", crate::prose::join(&items, lang)),
        items,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dataset(text: &str) -> Dataset {
        crate::file::parse("t.yaml", text.as_bytes(), crate::syntax::Syntax::Yaml)
            .expect("a valid dataset")
    }

    const TEXT: &str = "format: uti-dataset/1
initiatives:
  - id: alfa
    name: Alfa
    sectors: [Zorg]
    target_groups: [Statushouders, werkzoekenden]
    partners:
      - {name: ROC Midden, kind: onderwijs, organisation: roc-midden}
      - {name: Gemeente Zeist, kind: overheid}
    sessions:
      - date: 2024-01-10
        kind: beoogd-ontwerp
        llo: {opleiden: 0, community: 0, waarderen-certificeren: 0, matching: 2, loopbaanbegeleiding: 1}
  - id: bravo
    name: Bravo
    sectors: [' zorg ']
    target_groups: [' statushouders']
    partners:
      - {name: roc midden, kind: onderwijs}
    sessions:
      - date: 2024-02-10
        kind: beoogd-ontwerp
        llo: {opleiden: 2, community: 0, waarderen-certificeren: 0, matching: 1, loopbaanbegeleiding: 2}
  - id: charlie
    name: Charlie
    sectors: [techniek]
    target_groups: [jongeren]
    partners:
      - {name: gemeente  zeist, kind: overheid}
    sessions:
      - date: 2024-03-10
        kind: beoogd-ontwerp
        llo: {opleiden: 0, community: 0, waarderen-certificeren: 0, matching: 2, loopbaanbegeleiding: 2}
  - id: delta
    name: Delta
    sectors: [techniek]
    target_groups: [ouderen]
    sessions:
      - date: 2024-03-10
        kind: beoogd-ontwerp
        llo: {opleiden: 0, community: 0, waarderen-certificeren: 0, matching: 2, loopbaanbegeleiding: 2}
  - id: echo
    name: Echo
    sectors: [groen]
    target_groups: [ouderen]
    sessions:
      - date: 2024-03-10
        kind: beoogd-ontwerp
        llo: {opleiden: 0, community: 0, waarderen-certificeren: 0, matching: 2, loopbaanbegeleiding: 2}
  - id: foxtrot
    name: Foxtrot
    sectors: [groen]
    target_groups: [mkb]
    sessions:
      - date: 2024-03-10
        kind: beoogd-ontwerp
        llo: {opleiden: 2, community: 0, waarderen-certificeren: 0, matching: 0, loopbaanbegeleiding: 0}
organisations:
  - {id: roc-midden, name: ROC Midden, kind: onderwijs}
";

    fn texts(o: &Overlap) -> Vec<&str> {
        o.reasons.iter().map(|r| r.text.as_str()).collect()
    }

    #[test]
    fn pairs_are_ranked_with_their_reasons_in_dutch() {
        let d = dataset(TEXT);
        let found = overlaps(&d, Lang::Nl);
        let pairs: Vec<(&str, &str, u32)> = found
            .iter()
            .map(|o| (o.a.as_str(), o.b.as_str(), o.score))
            .collect();
        // alfa-bravo: group 3 + sector 2 + organisation 3 + 2 types = 10;
        // delta-echo: group 3 + 2 types; charlie-delta: sector 2 + 2 types;
        // alfa-charlie: partner by name and kind 3 + 2 types. Echo and
        // foxtrot share only a sector (2 points, no type): no overlap;
        // charlie and echo share only types: no overlap.
        assert_eq!(
            pairs,
            [
                ("alfa", "bravo", 10),
                ("alfa", "charlie", 5),
                ("delta", "echo", 5),
                ("charlie", "delta", 4),
            ]
        );
        assert_eq!(
            texts(&found[0]),
            [
                "zelfde doelgroep: Statushouders",
                "zelfde sector: Zorg",
                "gedeelde partner: ROC Midden",
                "beide matching en loopbaanbegeleiding (2)",
            ]
        );
        assert_eq!(
            texts(&found[1]),
            [
                "gedeelde partner: Gemeente Zeist",
                "beide matching en loopbaanbegeleiding (2)",
            ]
        );
        assert_eq!(found[0].reasons[0].items, ["Statushouders"]);
        let json = serde_json::to_value(&found[3]).unwrap();
        assert_eq!(json["reasons"][0]["kind"], "same-sector");
        assert_eq!(json["reasons"][1]["kind"], "same-llo-types");
        assert_eq!(json["reasons"][1]["items"][1], "loopbaanbegeleiding");
    }

    #[test]
    fn reasons_in_english_and_for_one_initiative() {
        let d = dataset(TEXT);
        let mine = overlaps_of(&d, "charlie", Lang::En);
        let pairs: Vec<(&str, &str)> = mine.iter().map(|o| (o.a.as_str(), o.b.as_str())).collect();
        assert_eq!(pairs, [("alfa", "charlie"), ("charlie", "delta")]);
        assert_eq!(
            texts(&mine[0]),
            [
                "shared partner: Gemeente Zeist",
                "both use matching and career guidance (2)",
            ]
        );
        assert_eq!(
            texts(&mine[1]),
            [
                "same sector: techniek",
                "both use matching and career guidance (2)"
            ]
        );
        assert!(overlaps_of(&d, "foxtrot", Lang::Nl).is_empty());
        assert!(overlaps_of(&d, "onbekend", Lang::Nl).is_empty());
        let all = overlaps(&d, Lang::En);
        assert!(mine.iter().all(|o| all.contains(o)));
    }

    #[test]
    fn several_shared_values_are_listed_together() {
        let d = dataset(
            "format: uti-dataset/1
initiatives:
  - {id: a, name: A, sectors: [zorg, ICT], target_groups: [x, y]}
  - {id: b, name: B, sectors: [ict, Zorg], target_groups: [Y, X]}
",
        );
        let found = overlaps(&d, Lang::Nl);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].score, 10);
        assert_eq!(
            texts(&found[0]),
            ["zelfde doelgroepen: x en y", "zelfde sectoren: zorg en ICT"]
        );
    }

    #[test]
    fn a_generated_network_gives_ranked_capped_overlaps() {
        let d = crate::generate::generate(
            crate::generate::Shape {
                initiatives: 2000,
                sessions: 3,
                chains: 3,
            },
            1,
        );
        let found = overlaps(&d, Lang::Nl);
        assert!(!found.is_empty());
        assert!(found.len() <= PER_INITIATIVE * 2000);
        for w in found.windows(2) {
            assert!(
                rank_order(
                    (w[0].score, &w[0].a, &w[0].b),
                    (w[1].score, &w[1].a, &w[1].b)
                )
                .is_lt()
            );
        }
        for o in &found {
            assert!(o.a < o.b && o.score >= MIN_SCORE);
            assert!(o.reasons.iter().any(|r| r.kind != ReasonKind::SameLloTypes));
        }
        let id = d.initiatives()[7].id.as_str();
        let mine = overlaps_of(&d, id, Lang::Nl);
        assert!(!mine.is_empty() && mine.len() <= PER_INITIATIVE);
        assert!(mine.iter().all(|o| found.contains(o)));
    }

    #[test]
    fn the_indexes_find_what_comparing_all_pairs_finds() {
        for (sessions, chains) in [(1, 1), (3, 3)] {
            let d = crate::generate::generate(
                crate::generate::Shape {
                    initiatives: 300,
                    sessions,
                    chains,
                },
                5,
            );
            let index = Index::new(&d);
            let mut scratch = Scratch::new(index.len());
            for i in 0..index.len() {
                let mut all: Vec<(u32, u32)> = (0..index.len())
                    .filter(|&j| j != i)
                    .filter_map(|j| {
                        let o = index.overlap(&d, i, j, Lang::Nl);
                        let counts = o.score >= MIN_SCORE
                            && o.reasons.iter().any(|r| r.kind != ReasonKind::SameLloTypes);
                        counts.then_some((o.score, j as u32))
                    })
                    .collect();
                keep_best(&mut all, &index.ranks, PER_INITIATIVE);
                assert_eq!(index.row(i, &mut scratch).1, all, "initiative {i}");
            }
        }
    }
}
