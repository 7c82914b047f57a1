//! Peer suggestions for meet-ups, peer consultation (*intervisie*) and peer
//! review: initiatives that face the same issues while they look little
//! alike at first sight (the research found that these learn most from
//! each other).
//!
//! Two initiatives are peers when the chains of their released sessions
//! (drafts are skipped) share something and they differ in who or where
//! they work for. Points:
//! - [`CHALLENGE_POINTS`] for each challenge both speak to (chain `challenges`),
//! - [`MECHANISM_POINTS`] for each mechanism both name (chain `mechanisms`,
//!   compared without case, after trimming),
//! - [`THEME_POINTS`] for each theme both speak to (chain `themes`),
//! - [`DIFFERENCE_POINTS`] for different sectors and again for different
//!   target groups ("different": both name some and none in common).
//!
//! A pair needs something shared and at least one difference: a pair that
//! shares a sector and a target group is an overlap
//! ([`crate::landscape::overlaps`]), not a peer, and neither is a pair that
//! is not known to differ (one names no sectors, and they share a target
//! group or one names none).
//!
//! Only pairs that share a challenge, mechanism or theme are scored, through
//! inverted indexes: initiatives with the same challenges, mechanisms and
//! themes form one profile, profiles are scored against the profiles that
//! share a value with them, and each initiative reads its best candidates
//! from the best profiles first, so common values (a challenge nearly all
//! initiatives name) cost no comparison of all pairs. Each initiative
//! keeps its [`PER_INITIATIVE`] best peers (score descending, then the
//! other's id); [`peers`] gives every pair among the best of either.

use crate::Lang;
use crate::landscape::overlaps::{
    Interner, PER_INITIATIVE, Reason, ReasonKind, id_ranks, intern_all, keep_best, normalise,
    rank_order, shared, shown, union_of_rows,
};
use crate::model::{Dataset, TermKind};
use crate::values::Slug;
use serde::Serialize;
use std::collections::HashMap;

/// Points for each shared challenge.
pub const CHALLENGE_POINTS: u32 = 3;
/// Points for each shared mechanism.
pub const MECHANISM_POINTS: u32 = 2;
/// Points for each shared theme.
pub const THEME_POINTS: u32 = 1;
/// Points for different sectors, and for different target groups.
pub const DIFFERENCE_POINTS: u32 = 1;

/// Two initiatives that could learn from each other (`a` has the smaller id).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Peer {
    /// The one with the smaller id.
    pub a: Slug,
    /// The other.
    pub b: Slug,
    /// Its points: the higher, the more they share across a difference.
    pub score: u32,
    /// Why, in the order challenges, mechanisms, themes, sectors, target groups.
    pub reasons: Vec<Reason>,
}

/// Every peer pair in the dataset, ranked by score descending, then by the
/// ids of `a` and `b` (see the module for the points and the cap).
pub fn peers(dataset: &Dataset, lang: Lang) -> Vec<Peer> {
    let index = Index::new(dataset);
    let rows = (0..index.ranks.len()).map(|i| (i, index.row(i)));
    let pairs = union_of_rows(rows, &index.ranks);
    finish(&index, dataset, pairs, lang)
}

/// The best [`PER_INITIATIVE`] peers of one initiative, ranked as in
/// [`peers`] (each is among those); none for an unknown id.
pub fn peers_of(dataset: &Dataset, id: &str, lang: Lang) -> Vec<Peer> {
    let Some(i) = dataset
        .initiatives()
        .iter()
        .position(|x| x.id.as_str() == id)
    else {
        return Vec::new();
    };
    let index = Index::new(dataset);
    let pairs = union_of_rows(std::iter::once((i, index.row(i))), &index.ranks);
    finish(&index, dataset, pairs, lang)
}

fn finish(index: &Index, dataset: &Dataset, pairs: Vec<(usize, usize)>, lang: Lang) -> Vec<Peer> {
    let mut out: Vec<Peer> = pairs
        .into_iter()
        .map(|(a, b)| index.peer(dataset, a, b, lang))
        .collect();
    out.sort_by(|x, y| rank_order((x.score, &x.a, &x.b), (y.score, &y.a, &y.b)));
    out
}

/// Whether two lists of values differ: both have some, none in common.
fn differ(a: &[u32], b: &[u32]) -> bool {
    !a.is_empty() && !b.is_empty() && a.iter().all(|v| !b.contains(v))
}

/// The kinds of shared value, with their points.
const KINDS: [(ReasonKind, u32); 3] = [
    (ReasonKind::SharedChallenge, CHALLENGE_POINTS),
    (ReasonKind::SharedMechanism, MECHANISM_POINTS),
    (ReasonKind::SharedTheme, THEME_POINTS),
];

struct Index {
    ranks: Vec<u32>,
    /// Per kind of [`KINDS`], per initiative, its values in the order met.
    values: [Vec<Vec<u32>>; 3],
    names: [Interner; 3],
    sectors: Vec<Vec<u32>>,
    groups: Vec<Vec<u32>>,
    sector_names: Interner,
    group_names: Interner,
    /// The profile of each initiative (none when it shares nothing).
    profile_of: Vec<Option<u32>>,
    /// The initiatives of each profile, by id.
    members: Vec<Vec<u32>>,
    /// For each profile, the profiles it shares something with and the
    /// points of what they share, most points first.
    neighbours: Vec<Vec<(u32, u32)>>,
}

impl Index {
    fn new(dataset: &Dataset) -> Index {
        let initiatives = dataset.initiatives();
        let challenge_names: HashMap<&str, &str> = dataset
            .challenges()
            .iter()
            .map(|t| (t.id.as_str(), t.name.as_str()))
            .collect();
        let theme_names: HashMap<&str, &str> = dataset
            .themes()
            .iter()
            .map(|t| (t.id.as_str(), t.name.as_str()))
            .collect();
        let mut names: [Interner; 3] = Default::default();
        let mut values: [Vec<Vec<u32>>; 3] = Default::default();
        let mut sector_names = Interner::default();
        let mut group_names = Interner::default();
        let mut sectors = Vec::with_capacity(initiatives.len());
        let mut groups = Vec::with_capacity(initiatives.len());
        for initiative in initiatives {
            let mut mine: [Vec<u32>; 3] = Default::default();
            let chains = initiative
                .sessions()
                .iter()
                .filter(|s| !s.draft)
                .flat_map(|s| s.chains());
            for chain in chains {
                for id in chain.terms(TermKind::Challenge) {
                    let name = challenge_names.get(id.as_str()).copied();
                    let v = names[0].id(id.to_string(), name.unwrap_or(id.as_str()));
                    push_new(&mut mine[0], v);
                }
                for mechanism in chain.mechanisms.iter().flatten() {
                    let key = normalise(mechanism);
                    if !key.is_empty() {
                        let v = names[1].id(key, mechanism);
                        push_new(&mut mine[1], v);
                    }
                }
                for id in chain.terms(TermKind::Theme) {
                    let name = theme_names.get(id.as_str()).copied();
                    let v = names[2].id(id.to_string(), name.unwrap_or(id.as_str()));
                    push_new(&mut mine[2], v);
                }
            }
            for (list, values) in values.iter_mut().zip(mine) {
                list.push(values);
            }
            sectors.push(intern_all(
                &mut sector_names,
                initiative.sectors.iter().flatten(),
            ));
            groups.push(intern_all(
                &mut group_names,
                initiative.target_groups.iter().flatten(),
            ));
        }
        let ranks = id_ranks(initiatives);
        // Profiles: one number per value over the three kinds.
        let offsets = [0, names[0].len(), names[0].len() + names[1].len()];
        let points_of: Vec<u32> = (0..3)
            .flat_map(|k| std::iter::repeat_n(KINDS[k].1, names[k].len()))
            .collect();
        let mut profiles: HashMap<Vec<u32>, u32> = HashMap::new();
        let mut profile_values: Vec<Vec<u32>> = Vec::new();
        let mut members: Vec<Vec<u32>> = Vec::new();
        let mut profile_of = Vec::with_capacity(initiatives.len());
        for (i, _) in initiatives.iter().enumerate() {
            let mut key: Vec<u32> = (0..3)
                .flat_map(|k| values[k][i].iter().map(move |&v| v + offsets[k] as u32))
                .collect();
            if key.is_empty() {
                profile_of.push(None);
                continue;
            }
            key.sort_unstable();
            let next = profile_values.len() as u32;
            let p = *profiles.entry(key.clone()).or_insert_with(|| {
                profile_values.push(key);
                members.push(Vec::new());
                next
            });
            members[p as usize].push(i as u32);
            profile_of.push(Some(p));
        }
        for list in &mut members {
            list.sort_by_key(|&i| ranks[i as usize]);
        }
        let by_value = crate::landscape::overlaps::postings(&profile_values, points_of.len());
        let mut points = vec![0u32; profile_values.len()];
        let mut touched = Vec::new();
        let neighbours = profile_values
            .iter()
            .map(|mine| {
                for &v in mine {
                    for &q in &by_value[v as usize] {
                        let p = &mut points[q as usize];
                        if *p == 0 {
                            touched.push(q);
                        }
                        *p += points_of[v as usize];
                    }
                }
                let mut list: Vec<(u32, u32)> = touched
                    .drain(..)
                    .map(|q| (std::mem::take(&mut points[q as usize]), q))
                    .collect();
                list.sort_unstable_by(|x, y| y.0.cmp(&x.0).then(x.1.cmp(&y.1)));
                list
            })
            .collect();
        Index {
            ranks,
            values,
            names,
            sectors,
            groups,
            sector_names,
            group_names,
            profile_of,
            members,
            neighbours,
        }
    }

    /// In how many of sectors and target groups `i` and `j` differ (0 to 2).
    fn differences(&self, i: usize, j: usize) -> usize {
        usize::from(differ(&self.sectors[i], &self.sectors[j]))
            + usize::from(differ(&self.groups[i], &self.groups[j]))
    }

    /// The best peers of `i` as `(score, other)`.
    fn row(&self, i: usize) -> Vec<(u32, u32)> {
        let Some(p) = self.profile_of[i] else {
            return Vec::new();
        };
        let most = 2 * DIFFERENCE_POINTS;
        let n = PER_INITIATIVE;
        let mut candidates: Vec<(u32, u32)> = Vec::new();
        let neighbours = &self.neighbours[p as usize];
        let mut k = 0;
        while k < neighbours.len() {
            let shared = neighbours[k].0;
            // Nothing from here on can beat the n best found (ties go to
            // the smaller id, so only strictly better ones are safe).
            if candidates.len() >= n && candidates[n - 1].0 > shared + most {
                break;
            }
            while k < neighbours.len() && neighbours[k].0 == shared {
                let q = neighbours[k].1 as usize;
                // Within a profile the members are by id: the first n at
                // each difference are the best it has.
                let mut taken = [0usize; 3];
                for &j in &self.members[q] {
                    if j as usize == i {
                        continue;
                    }
                    let level = self.differences(i, j as usize);
                    if level == 0 || taken[level] >= n {
                        if taken[1] >= n && taken[2] >= n {
                            break;
                        }
                        continue;
                    }
                    taken[level] += 1;
                    candidates.push((shared + DIFFERENCE_POINTS * level as u32, j));
                }
                k += 1;
            }
            keep_best(&mut candidates, &self.ranks, n);
        }
        keep_best(&mut candidates, &self.ranks, n);
        candidates
    }

    /// The peer pair of `a` and `b`, with its reasons.
    fn peer(&self, dataset: &Dataset, a: usize, b: usize, lang: Lang) -> Peer {
        let initiatives = dataset.initiatives();
        let mut reasons = Vec::new();
        let mut score = 0;
        for (k, (kind, points)) in KINDS.iter().enumerate() {
            let both = shared(&self.values[k][a], &self.values[k][b]);
            if both.is_empty() {
                continue;
            }
            score += points * both.len() as u32;
            let items = shown(&self.names[k], &both);
            let quoted: Vec<String> = items.iter().map(|t| format!("‘{t}’")).collect();
            let list = crate::prose::join(&quoted, lang);
            let one = items.len() == 1;
            let text = match (kind, lang, one) {
                (ReasonKind::SharedChallenge, Lang::Nl, true) => {
                    format!("beide werken aan de uitdaging {list}")
                }
                (ReasonKind::SharedChallenge, Lang::Nl, false) => {
                    format!("beide werken aan de uitdagingen {list}")
                }
                (ReasonKind::SharedChallenge, Lang::En, true) => {
                    format!("both work on the challenge {list}")
                }
                (ReasonKind::SharedChallenge, Lang::En, false) => {
                    format!("both work on the challenges {list}")
                }
                (ReasonKind::SharedMechanism, Lang::Nl, true) => {
                    format!("beide beogen het mechanisme {list}")
                }
                (ReasonKind::SharedMechanism, Lang::Nl, false) => {
                    format!("beide beogen de mechanismen {list}")
                }
                (ReasonKind::SharedMechanism, Lang::En, true) => {
                    format!("both aim at the mechanism {list}")
                }
                (ReasonKind::SharedMechanism, Lang::En, false) => {
                    format!("both aim at the mechanisms {list}")
                }
                (_, Lang::Nl, true) => format!("beide werken aan het thema {list}"),
                (_, Lang::Nl, false) => format!("beide werken aan de thema's {list}"),
                (_, Lang::En, true) => format!("both work on the theme {list}"),
                (_, Lang::En, false) => format!("both work on the themes {list}"),
            };
            reasons.push(Reason {
                kind: *kind,
                text,
                items,
            });
        }
        for (kind, lists, interner, label) in [
            (
                ReasonKind::DifferentSectors,
                &self.sectors,
                &self.sector_names,
                lang.pick("verschillende sectoren", "different sectors"),
            ),
            (
                ReasonKind::DifferentTargetGroups,
                &self.groups,
                &self.group_names,
                lang.pick("verschillende doelgroepen", "different target groups"),
            ),
        ] {
            if !differ(&lists[a], &lists[b]) {
                continue;
            }
            score += DIFFERENCE_POINTS;
            let of_a = shown(interner, &lists[a]);
            let of_b = shown(interner, &lists[b]);
            let text = if of_a.len() == 1 && of_b.len() == 1 {
                format!(
                    "{label}: {} {} {}",
                    of_a[0],
                    lang.pick("en", "and"),
                    of_b[0]
                )
            } else {
                format!(
                    "{label}: {} {} {}",
                    crate::prose::join(&of_a, lang),
                    lang.pick("tegenover", "versus"),
                    crate::prose::join(&of_b, lang)
                )
            };
            let mut items = of_a;
            items.extend(of_b);
            reasons.push(Reason { kind, text, items });
        }
        Peer {
            a: initiatives[a].id.clone(),
            b: initiatives[b].id.clone(),
            score,
            reasons,
        }
    }
}

fn push_new(list: &mut Vec<u32>, value: u32) {
    if !list.contains(&value) {
        list.push(value);
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
themes:
  - {id: loopbaan, name: Loopbaanontwikkeling}
challenges:
  - {id: werkgevers-bereiken, name: Bereiken van werkgevers}
  - {id: mkb, name: Het mkb betrekken}
initiatives:
  - id: zorgpad
    name: Zorgpad
    sectors: [zorg]
    target_groups: [statushouders]
    sessions:
      - date: 2024-01-10
        kind: beoogd-ontwerp
        cimo:
          - level: doelgroep
            context: c
            interventions: [i]
            mechanisms: [Vertrouwen in eigen kunnen]
            challenges: [werkgevers-bereiken]
            themes: [loopbaan]
  - id: techlab
    name: Techlab
    sectors: [techniek]
    target_groups: [Statushouders]
    sessions:
      - date: 2024-01-10
        kind: beoogd-ontwerp
        cimo:
          - level: werkgevers
            context: c
            interventions: [i]
            mechanisms: ['  vertrouwen in EIGEN kunnen ']
            challenges: [werkgevers-bereiken]
      - date: 2025-01-10
        kind: ontwerp-in-actie
        draft: true
        cimo:
          - {level: regio, context: c, interventions: [i], challenges: [mkb]}
  - id: groenwerk
    name: Groenwerk
    sectors: [groen]
    target_groups: [jongeren]
    sessions:
      - date: 2024-01-10
        kind: beoogd-ontwerp
        cimo:
          - {level: regio, context: c, interventions: [i], challenges: [mkb], themes: [loopbaan]}
  - id: zorgtwee
    name: Zorgtwee
    sectors: [Zorg]
    target_groups: [statushouders]
    sessions:
      - date: 2024-01-10
        kind: beoogd-ontwerp
        cimo:
          - {level: doelgroep, context: c, interventions: [i], challenges: [werkgevers-bereiken]}
  - id: hub
    name: Hub
    sectors: [ict]
    target_groups: [werkenden]
    sessions:
      - date: 2024-01-10
        kind: beoogd-ontwerp
        draft: true
        cimo:
          - {level: regio, context: c, interventions: [i], challenges: [mkb]}
";

    fn texts(p: &Peer) -> Vec<&str> {
        p.reasons.iter().map(|r| r.text.as_str()).collect()
    }

    #[test]
    fn peers_share_an_issue_across_a_difference_in_dutch() {
        let d = dataset(TEXT);
        let found = peers(&d, Lang::Nl);
        let pairs: Vec<(&str, &str, u32)> = found
            .iter()
            .map(|p| (p.a.as_str(), p.b.as_str(), p.score))
            .collect();
        // zorgpad and zorgtwee share sector and target group: an overlap,
        // not peers. The drafts of techlab and hub (the challenge mkb) are
        // not read, so neither is a peer of groenwerk.
        assert_eq!(
            pairs,
            [
                ("techlab", "zorgpad", 6),
                ("techlab", "zorgtwee", 4),
                ("groenwerk", "zorgpad", 3),
            ]
        );
        assert_eq!(
            texts(&found[0]),
            [
                "beide werken aan de uitdaging ‘Bereiken van werkgevers’",
                "beide beogen het mechanisme ‘Vertrouwen in eigen kunnen’",
                "verschillende sectoren: techniek en zorg",
            ]
        );
        assert_eq!(
            texts(&found[2]),
            [
                "beide werken aan het thema ‘Loopbaanontwikkeling’",
                "verschillende sectoren: groen en zorg",
                "verschillende doelgroepen: jongeren en statushouders",
            ]
        );
        assert_eq!(found[0].reasons[0].items, ["Bereiken van werkgevers"]);
        assert_eq!(found[2].reasons[2].items, ["jongeren", "statushouders"]);
        let json = serde_json::to_value(&found[2]).unwrap();
        let kinds: Vec<&str> = json["reasons"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["kind"].as_str().unwrap())
            .collect();
        assert_eq!(
            kinds,
            [
                "shared-theme",
                "different-sectors",
                "different-target-groups"
            ]
        );
    }

    #[test]
    fn peers_of_one_initiative_in_english() {
        let d = dataset(TEXT);
        let mine = peers_of(&d, "zorgpad", Lang::En);
        let pairs: Vec<(&str, &str)> = mine.iter().map(|p| (p.a.as_str(), p.b.as_str())).collect();
        assert_eq!(pairs, [("techlab", "zorgpad"), ("groenwerk", "zorgpad")]);
        assert_eq!(
            texts(&mine[0]),
            [
                "both work on the challenge ‘Bereiken van werkgevers’",
                "both aim at the mechanism ‘Vertrouwen in eigen kunnen’",
                "different sectors: techniek and zorg",
            ]
        );
        assert!(peers_of(&d, "hub", Lang::Nl).is_empty());
        assert!(peers_of(&d, "onbekend", Lang::Nl).is_empty());
        let all = peers(&d, Lang::En);
        assert!(mine.iter().all(|p| all.contains(p)));
    }

    #[test]
    fn several_shared_values_and_sectors_are_listed() {
        let d = dataset(
            "format: uti-dataset/1
challenges:
  - {id: x, name: Iks}
  - {id: y, name: IJ}
initiatives:
  - id: a
    name: A
    sectors: [zorg, welzijn]
    sessions:
      - date: 2024-01-10
        kind: beoogd-ontwerp
        cimo:
          - {level: regio, context: c, interventions: [i], challenges: [x, y], mechanisms: [m1, m2]}
  - id: b
    name: B
    sectors: [bouw]
    sessions:
      - date: 2024-01-10
        kind: beoogd-ontwerp
        cimo:
          - {level: regio, context: c, interventions: [i], challenges: [y, x], mechanisms: [M2, M1]}
",
        );
        let found = peers(&d, Lang::Nl);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].score, 3 * 2 + 2 * 2 + 1);
        assert_eq!(
            texts(&found[0]),
            [
                "beide werken aan de uitdagingen ‘Iks’ en ‘IJ’",
                "beide beogen de mechanismen ‘m1’ en ‘m2’",
                "verschillende sectoren: zorg en welzijn tegenover bouw",
            ]
        );
    }

    #[test]
    fn a_generated_network_gives_ranked_capped_peers() {
        let d = crate::generate::generate(
            crate::generate::Shape {
                initiatives: 2000,
                sessions: 3,
                chains: 3,
            },
            1,
        );
        let found = peers(&d, Lang::Nl);
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
        for p in &found {
            assert!(p.a < p.b);
            assert!(p.reasons.iter().any(|r| matches!(
                r.kind,
                ReasonKind::DifferentSectors | ReasonKind::DifferentTargetGroups
            )));
        }
        let id = d.initiatives()[7].id.as_str();
        let mine = peers_of(&d, id, Lang::Nl);
        assert_eq!(mine.len(), PER_INITIATIVE);
        assert!(mine.iter().all(|p| found.contains(p)));
    }

    #[test]
    fn the_profiles_find_what_comparing_all_pairs_finds() {
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
            for i in 0..index.ranks.len() {
                let mut all: Vec<(u32, u32)> = (0..index.ranks.len())
                    .filter(|&j| j != i)
                    .filter_map(|j| {
                        let p = index.peer(&d, i, j, Lang::Nl);
                        let differs = |r: &Reason| {
                            matches!(
                                r.kind,
                                ReasonKind::DifferentSectors | ReasonKind::DifferentTargetGroups
                            )
                        };
                        let counts =
                            p.reasons.iter().any(differs) && p.reasons.iter().any(|r| !differs(r));
                        counts.then_some((p.score, j as u32))
                    })
                    .collect();
                keep_best(&mut all, &index.ranks, PER_INITIATIVE);
                assert_eq!(index.row(i), all, "initiative {i}");
            }
        }
    }
}
