//! The analysis across initiatives, exactly as `uti-analysis/1` defines it.
//! Every figure comes from each initiative's *current* plot (that of its
//! most recent session with a plot); see the specification for each key.

use crate::model::{Dataset, LloType, SessionKind, TermKind, Werkplekleren};
use crate::values::{IsoDate, Slug};
use serde::{Deserialize, Serialize};
use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};

/// The value of the `format` key.
pub const FORMAT: &str = "uti-analysis/1";

/// The share of A's initiatives that must also use B for a rule (75%).
const RULE_NUMERATOR: usize = 3;
const RULE_DENOMINATOR: usize = 4;

/// The whole analysis, serialised as `uti-analysis/1`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Analysis {
    /// Always [`FORMAT`].
    pub format: String,
    /// Number of initiatives.
    pub initiatives_total: usize,
    /// Number of initiatives with a current plot.
    pub initiatives_plotted: usize,
    /// Number of sessions.
    pub sessions: usize,
    /// Sessions per kind, every kind present.
    pub sessions_by_kind: BTreeMap<SessionKind, usize>,
    /// Use of each type among plotted initiatives.
    pub usage: BTreeMap<LloType, Usage>,
    /// Type by type: plotted initiatives that use both.
    pub co_occurrence: BTreeMap<LloType, BTreeMap<LloType, usize>>,
    /// "Where A, mostly also B", with exceptions.
    pub rules: Vec<Rule>,
    /// Number of types each plotted initiative uses.
    pub breadth: BTreeMap<Slug, usize>,
    /// Initiatives per workplace-learning value (latest statement).
    pub werkplekleren: BTreeMap<Werkplekleren, usize>,
    /// Initiatives per challenge.
    pub challenges: BTreeMap<Slug, TermUse>,
    /// Initiatives per theme.
    pub themes: BTreeMap<Slug, TermUse>,
    /// Changes between first and last plot.
    pub drift: Vec<Drift>,
}

/// How one type is used.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Usage {
    /// Plotted initiatives that use it (score 1 or 2).
    pub count: usize,
    /// Of those, the ones that use it extensively (score 2).
    pub extensive: usize,
    /// Ids of the initiatives that use it, sorted.
    pub initiatives: Vec<Slug>,
}

/// For ordered types A and B: of the initiatives using A, how many also use B.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rule {
    /// Type A.
    #[serde(rename = "if")]
    pub if_type: LloType,
    /// Type B.
    #[serde(rename = "then")]
    pub then_type: LloType,
    /// Initiatives using A and B.
    pub holds: usize,
    /// Initiatives using A.
    pub of: usize,
    /// Ids of those using A but not B, sorted.
    pub exceptions: Vec<Slug>,
}

/// Initiatives whose chains speak to a theme or challenge.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TermUse {
    /// How many.
    pub count: usize,
    /// Their ids, sorted.
    pub initiatives: Vec<Slug>,
}

/// How one initiative's plot changed between its first and last plotted session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Drift {
    /// The initiative.
    pub initiative: Slug,
    /// Date of the first plotted session.
    pub from: IsoDate,
    /// Date of the last plotted session.
    pub to: IsoDate,
    /// Each type whose score changed: `[old, new]`.
    pub changes: BTreeMap<LloType, [u8; 2]>,
}

/// Computes the analysis of a dataset.
pub fn analyse(dataset: &Dataset) -> Analysis {
    let initiatives = dataset.initiatives();
    let mut sessions_by_kind: BTreeMap<SessionKind, usize> =
        SessionKind::ALL.iter().map(|k| (*k, 0)).collect();
    let mut sessions = 0;
    let mut plotted = Vec::new();
    let mut werkplekleren: BTreeMap<Werkplekleren, usize> =
        Werkplekleren::ALL.iter().map(|w| (*w, 0)).collect();
    let mut drift = Vec::new();

    for initiative in initiatives {
        for session in initiative.sessions() {
            sessions += 1;
            *sessions_by_kind.entry(session.kind).or_default() += 1;
        }
        let plotted_sessions = initiative.plotted_sessions();
        if let (Some(first), Some(last)) = (plotted_sessions.first(), plotted_sessions.last()) {
            let (a, b) = (first.llo.expect("plotted"), last.llo.expect("plotted"));
            plotted.push((&initiative.id, b));
            if plotted_sessions.len() >= 2 {
                let changes = LloType::ALL
                    .iter()
                    .filter(|t| a.get(**t) != b.get(**t))
                    .map(|t| (*t, [a.get(*t).value(), b.get(*t).value()]))
                    .collect();
                drift.push(Drift {
                    initiative: initiative.id.clone(),
                    from: first.date,
                    to: last.date,
                    changes,
                });
            }
        }
        if let Some(w) = initiative.current_werkplekleren() {
            *werkplekleren.entry(w).or_default() += 1;
        }
    }
    drift.sort_by(|x, y| x.initiative.cmp(&y.initiative));

    let users = |kind: LloType| -> BTreeSet<&Slug> {
        plotted
            .iter()
            .filter(|(_, p)| p.uses(kind))
            .map(|(id, _)| *id)
            .collect()
    };
    let used_by: BTreeMap<LloType, BTreeSet<&Slug>> =
        LloType::ALL.iter().map(|t| (*t, users(*t))).collect();

    let usage = LloType::ALL
        .iter()
        .map(|t| {
            let ids = &used_by[t];
            let extensive = plotted
                .iter()
                .filter(|(_, p)| p.get(*t).value() == 2)
                .count();
            (
                *t,
                Usage {
                    count: ids.len(),
                    extensive,
                    initiatives: ids.iter().map(|s| (*s).clone()).collect(),
                },
            )
        })
        .collect();

    let co_occurrence = LloType::ALL
        .iter()
        .map(|a| {
            let row = LloType::ALL
                .iter()
                .map(|b| (*b, used_by[a].intersection(&used_by[b]).count()))
                .collect();
            (*a, row)
        })
        .collect();

    let mut rules = Vec::new();
    for a in LloType::ALL {
        for b in LloType::ALL {
            let of = used_by[a].len();
            if a == b || of < 2 {
                continue;
            }
            let holds = used_by[a].intersection(&used_by[b]).count();
            if holds * RULE_DENOMINATOR >= of * RULE_NUMERATOR {
                let exceptions = used_by[a]
                    .difference(&used_by[b])
                    .map(|s| (*s).clone())
                    .collect();
                rules.push(Rule {
                    if_type: *a,
                    then_type: *b,
                    holds,
                    of,
                    exceptions,
                });
            }
        }
    }
    rules.sort_by(rule_order);

    let breadth = plotted
        .iter()
        .map(|(id, p)| ((*id).clone(), p.used_types().len()))
        .collect();

    Analysis {
        format: FORMAT.to_owned(),
        initiatives_total: initiatives.len(),
        initiatives_plotted: plotted.len(),
        sessions,
        sessions_by_kind,
        usage,
        co_occurrence,
        rules,
        breadth,
        werkplekleren,
        challenges: term_use(dataset, TermKind::Challenge),
        themes: term_use(dataset, TermKind::Theme),
        drift,
    }
}

/// holds/of descending, then `of` descending, then A, then B (by name).
fn rule_order(x: &Rule, y: &Rule) -> Ordering {
    (y.holds * x.of)
        .cmp(&(x.holds * y.of))
        .then(y.of.cmp(&x.of))
        .then(x.if_type.as_str().cmp(y.if_type.as_str()))
        .then(x.then_type.as_str().cmp(y.then_type.as_str()))
}

fn term_use(dataset: &Dataset, kind: TermKind) -> BTreeMap<Slug, TermUse> {
    let terms = match kind {
        TermKind::Theme => dataset.themes(),
        TermKind::Challenge => dataset.challenges(),
    };
    let mut uses: BTreeMap<Slug, BTreeSet<&Slug>> = terms
        .iter()
        .map(|t| (t.id.clone(), BTreeSet::new()))
        .collect();
    for initiative in dataset.initiatives() {
        for chain in initiative.sessions().iter().flat_map(|s| s.chains()) {
            for id in chain.terms(kind) {
                uses.entry(id.clone()).or_default().insert(&initiative.id);
            }
        }
    }
    uses.into_iter()
        .map(|(id, set)| {
            (
                id,
                TermUse {
                    count: set.len(),
                    initiatives: set.into_iter().cloned().collect(),
                },
            )
        })
        .collect()
}

impl Analysis {
    /// The analysis as pretty-printed `uti-analysis/1` JSON.
    pub fn to_json(&self) -> String {
        let mut out = serde_json::to_string_pretty(self).expect("an analysis always serialises");
        out.push('\n');
        out
    }
}
