//! Sentences a researcher can paste into a report, computed from an
//! [`Analysis`]. Every figure comes from the analysis; a sentence says "all"
//! (`alle`) only when there is no exception.

use crate::analysis::Analysis;
use crate::lang::Lang;
use crate::model::{
    ActivityStatus, Dataset, Level, LloType, PartnerKind, Scope, SessionKind, Werkplekleren,
};
use crate::values::{IsoDate, Slug};
use std::collections::HashMap;

/// A titled group of sentences.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    /// The heading.
    pub title: String,
    /// The sentences, each one paragraph or bullet.
    pub sentences: Vec<String>,
}

/// The name of an LLO type in running text.
pub fn type_name(kind: LloType, lang: Lang) -> &'static str {
    match kind {
        LloType::Opleiden => lang.pick("opleiden", "training"),
        LloType::Community => lang.pick("community-vorming", "community building"),
        LloType::WaarderenCertificeren => {
            lang.pick("waarderen en certificeren", "valuing and certifying")
        }
        LloType::Matching => "matching",
        LloType::Loopbaanbegeleiding => lang.pick("loopbaanbegeleiding", "career guidance"),
    }
}

/// How an initiative addresses workplace learning, as a clause:
/// `zet het ontwerp werkplekleren expliciet in`.
pub fn werkplekleren_text(w: Werkplekleren, lang: Lang) -> &'static str {
    match (w, lang) {
        (Werkplekleren::ZetIn, Lang::Nl) => "zet het ontwerp werkplekleren expliciet in",
        (Werkplekleren::Beoogt, Lang::Nl) => {
            "beoogt het ontwerp expliciet werkplekleren op gang te brengen"
        }
        (Werkplekleren::Waardeert, Lang::Nl) => {
            "waardeert en certificeert het ontwerp werkplekleren expliciet"
        }
        (Werkplekleren::KanAanwakkeren, Lang::Nl) => {
            "kunnen de interventies werkplekleren verder aanwakkeren"
        }
        (Werkplekleren::Geen, Lang::Nl) => "komt werkplekleren niet aan bod",
        (Werkplekleren::ZetIn, Lang::En) => "the design explicitly includes workplace learning",
        (Werkplekleren::Beoogt, Lang::En) => {
            "the design explicitly aims to set workplace learning in motion"
        }
        (Werkplekleren::Waardeert, Lang::En) => {
            "the design explicitly values and certifies workplace learning"
        }
        (Werkplekleren::KanAanwakkeren, Lang::En) => {
            "the interventions could stimulate workplace learning further"
        }
        (Werkplekleren::Geen, Lang::En) => "workplace learning is not addressed",
    }
}

/// A sentence on workplace learning that names the session it comes from
/// (`source`: `3 maart 2024 (beoogd ontwerp)`); its subject is the
/// initiative, so that "ontwerp" is not said twice beside the session kind.
pub fn werkplekleren_sentence(w: Werkplekleren, source: &str, lang: Lang) -> String {
    let clause = match (w, lang) {
        (Werkplekleren::ZetIn, Lang::Nl) => "Het initiatief zet werkplekleren expliciet in",
        (Werkplekleren::Beoogt, Lang::Nl) => {
            "Het initiatief wil werkplekleren expliciet op gang brengen"
        }
        (Werkplekleren::Waardeert, Lang::Nl) => {
            "Het initiatief waardeert en certificeert werkplekleren expliciet"
        }
        (Werkplekleren::KanAanwakkeren, Lang::Nl) => {
            "De interventies kunnen werkplekleren verder aanwakkeren"
        }
        (Werkplekleren::Geen, Lang::Nl) => "Werkplekleren komt niet aan bod",
        (Werkplekleren::ZetIn, Lang::En) => "The initiative explicitly includes workplace learning",
        (Werkplekleren::Beoogt, Lang::En) => {
            "The initiative explicitly aims to set workplace learning in motion"
        }
        (Werkplekleren::Waardeert, Lang::En) => {
            "The initiative explicitly values and certifies workplace learning"
        }
        (Werkplekleren::KanAanwakkeren, Lang::En) => {
            "The interventions could stimulate workplace learning further"
        }
        (Werkplekleren::Geen, Lang::En) => "Workplace learning is not addressed",
    };
    match lang {
        Lang::Nl => format!("{clause}, volgens de sessie van {source}."),
        Lang::En => format!("{clause}, according to the session of {source}."),
    }
}

/// The name of a session kind in running text.
pub fn kind_name(kind: SessionKind, lang: Lang) -> &'static str {
    match kind {
        SessionKind::BeoogdOntwerp => lang.pick("beoogd ontwerp", "intended design"),
        SessionKind::OntwerpInActie => lang.pick("ontwerp in actie", "design in action"),
        SessionKind::Afsluitend => lang.pick("afsluitend interview", "closing interview"),
    }
}

/// A date in words: `12 maart 2024`.
pub fn date_text(date: IsoDate, lang: Lang) -> String {
    const NL: [&str; 12] = [
        "januari",
        "februari",
        "maart",
        "april",
        "mei",
        "juni",
        "juli",
        "augustus",
        "september",
        "oktober",
        "november",
        "december",
    ];
    const EN: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let d = date.date();
    let month = usize::from(u8::from(d.month())) - 1;
    let name = match lang {
        Lang::Nl => NL[month],
        Lang::En => EN[month],
    };
    format!("{} {name} {}", d.day(), d.year())
}

/// A key to sort names the Dutch way: case and diacritics ignored.
pub fn collation_key(name: &str) -> String {
    name.chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'à' | 'á' | 'â' | 'ä' | 'ã' | 'å' => 'a',
            'è' | 'é' | 'ê' | 'ë' => 'e',
            'ì' | 'í' | 'î' | 'ï' => 'i',
            'ò' | 'ó' | 'ô' | 'ö' | 'õ' => 'o',
            'ù' | 'ú' | 'û' | 'ü' => 'u',
            'ç' => 'c',
            'ñ' => 'n',
            'ÿ' | 'ý' => 'y',
            other => other,
        })
        .collect()
}

/// An id made from a name, as a new initiative gets it before the user
/// changes it: lower-case ASCII letters and digits, diacritics dropped,
/// everything else a single dash, at most 64 characters (cut after a
/// whole word). Empty when the name has no letter or digit.
pub fn slug_from_name(name: &str) -> String {
    let mut out = String::new();
    for c in collation_key(name).chars() {
        if c.is_ascii_lowercase() || c.is_ascii_digit() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    if out.len() > 64 {
        let cut = out[..64].rfind('-').unwrap_or(64);
        out.truncate(cut);
    }
    out.trim_end_matches('-').to_owned()
}

/// `a`, `a en b`, `a, b en c`.
pub fn join(items: &[String], lang: Lang) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} {} {last}", rest.join(", "), lang.pick("en", "and")),
    }
}

/// The name of a CIMO level for people: `Doelgroep (micro)`.
pub fn level_name(level: Level, lang: Lang) -> &'static str {
    match level {
        Level::Doelgroep => lang.pick("Doelgroep (micro)", "Participants (micro)"),
        Level::Werkgevers => lang.pick("Werkgevers (meso)", "Employers (meso)"),
        Level::Regio => lang.pick("Regio (macro)", "Region (macro)"),
    }
}

/// The name of a partner kind for people: `werkgever`, `employer`.
pub fn partner_kind_name(kind: PartnerKind, lang: Lang) -> &'static str {
    match kind {
        PartnerKind::Werkgever => lang.pick("werkgever", "employer"),
        PartnerKind::Onderwijs => lang.pick("onderwijs", "education"),
        PartnerKind::Overheid => lang.pick("overheid", "government"),
        PartnerKind::Intermediair => lang.pick("intermediair", "intermediary"),
        PartnerKind::Overig => lang.pick("overig", "other"),
    }
}

/// The name of a partner's role for people: `financier`, `funder`.
pub fn partner_role_name(role: crate::model::PartnerRole, lang: Lang) -> &'static str {
    use crate::model::PartnerRole as R;
    match role {
        R::Partner => lang.pick("partner", "partner"),
        R::Financier => lang.pick("financier", "funder"),
        R::WerkgeverDeelnemers => lang.pick("werkgever van deelnemers", "employer of participants"),
        R::SchoolDeelnemers => lang.pick("school van deelnemers", "school of participants"),
        R::Verwijzer => lang.pick("verwijzer", "refers participants"),
        R::Overig => lang.pick("andere rol", "other role"),
    }
}

/// The text with its first letter upper case.
pub(crate) fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn initiatives(n: usize, lang: Lang) -> String {
    match (n, lang) {
        (1, Lang::Nl) => "1 initiatief".into(),
        (n, Lang::Nl) => format!("{n} initiatieven"),
        (1, Lang::En) => "1 initiative".into(),
        (n, Lang::En) => format!("{n} initiatives"),
    }
}

/// How many initiatives a sentence names before it counts the rest.
const NAMED_AT_MOST: usize = 25;

struct Writer<'a> {
    analysis: &'a Analysis,
    names: HashMap<&'a Slug, &'a str>,
    lang: Lang,
}

impl Writer<'_> {
    /// Names of initiatives, sorted the Dutch way.
    fn names(&self, ids: &[Slug]) -> Vec<String> {
        let mut names: Vec<String> = ids
            .iter()
            .map(|id| {
                self.names
                    .get(id)
                    .map_or_else(|| id.to_string(), |n| (*n).to_owned())
            })
            .collect();
        names.sort_by_cached_key(|n| collation_key(n));
        self.capped(names)
    }

    /// At most [`NAMED_AT_MOST`] names, the rest counted: a sentence about
    /// a network of thousands stays a sentence.
    fn capped(&self, mut names: Vec<String>) -> Vec<String> {
        if names.len() > NAMED_AT_MOST {
            let rest = names.len() - NAMED_AT_MOST;
            names.truncate(NAMED_AT_MOST);
            names.push(match self.lang {
                Lang::Nl => format!("nog {rest} andere initiatieven"),
                Lang::En => format!("{rest} other initiatives"),
            });
        }
        names
    }

    /// "of the 8 initiatives" (with a plot, when some have none).
    fn of_the(&self) -> String {
        let a = self.analysis;
        let all = a.initiatives_plotted == a.initiatives_total;
        match (self.lang, all) {
            (Lang::Nl, true) => format!("van de {}", initiatives(a.initiatives_plotted, self.lang)),
            (Lang::Nl, false) => format!(
                "van de {} met een plot",
                initiatives(a.initiatives_plotted, self.lang)
            ),
            (Lang::En, true) => format!("of the {}", initiatives(a.initiatives_plotted, self.lang)),
            (Lang::En, false) => format!(
                "of the {} with a plot",
                initiatives(a.initiatives_plotted, self.lang)
            ),
        }
    }

    fn overview(&self) -> Section {
        let (a, lang) = (self.analysis, self.lang);
        let by_kind: Vec<String> = SessionKind::ALL
            .iter()
            .map(|k| format!("{} {}", a.sessions_by_kind[k], kind_name(*k, lang)))
            .collect();
        let mut s = Vec::new();
        s.push(match lang {
            Lang::Nl if a.initiatives_total > 0 && a.initiatives_plotted == a.initiatives_total => format!(
                "Het netwerk telt {}; van elk is een plot van de vijf typen LLO-interventies gemaakt.",
                initiatives(a.initiatives_total, lang)
            ),
            Lang::Nl => format!(
                "Het netwerk telt {}; van {} daarvan is een plot van de vijf typen LLO-interventies gemaakt.",
                initiatives(a.initiatives_total, lang),
                a.initiatives_plotted
            ),
            Lang::En if a.initiatives_total > 0 && a.initiatives_plotted == a.initiatives_total => format!(
                "The network has {}; each has been plotted on the five types of LLO intervention.",
                initiatives(a.initiatives_total, lang)
            ),
            Lang::En => format!(
                "The network has {}; {} of them have been plotted on the five types of LLO intervention.",
                initiatives(a.initiatives_total, lang),
                a.initiatives_plotted
            ),
        });
        s.push(match lang {
            Lang::Nl => format!(
                "Er zijn {} reflexieve sessies gehouden: {}.",
                a.sessions,
                join(&by_kind, lang)
            ),
            Lang::En => format!(
                "{} reflexive sessions were held: {}.",
                a.sessions,
                join(&by_kind, lang)
            ),
        });
        Section {
            title: lang.pick("Overzicht", "Overview").into(),
            sentences: s,
        }
    }

    fn usage(&self) -> Section {
        let (a, lang) = (self.analysis, self.lang);
        let title = lang
            .pick("Gebruik van de vijf typen", "Use of the five types")
            .to_owned();
        let p = a.initiatives_plotted;
        if p == 0 {
            let text = lang.pick(
                "Nog geen enkel initiatief heeft een plot; over het gebruik van de typen valt nog niets te zeggen.",
                "No initiative has a plot yet; nothing can be said yet about the use of the types.",
            );
            return Section {
                title,
                sentences: vec![text.into()],
            };
        }
        let mut types: Vec<LloType> = LloType::ALL.to_vec();
        types.sort_by_key(|t| std::cmp::Reverse(a.usage[t].count));
        let mut s: Vec<String> = types
            .iter()
            .map(|t| {
                let u = &a.usage[t];
                let name = capitalise(type_name(*t, lang));
                let extensive = match (lang, u.extensive) {
                    (Lang::Nl, 0) => " (bij geen in ruime mate)".to_owned(),
                    (Lang::Nl, n) => format!(" (bij {n} in ruime mate)"),
                    (Lang::En, 0) => " (none extensively)".to_owned(),
                    (Lang::En, n) => format!(" ({n} extensively)"),
                };
                match lang {
                    Lang::Nl if u.count == 0 => {
                        format!("{name} wordt bij geen {} ingezet.", self.of_the())
                    }
                    Lang::Nl if u.count == p => format!(
                        "{name} wordt ingezet bij alle {}{extensive}.",
                        self.of_the().trim_start_matches("van de ")
                    ),
                    Lang::Nl => format!(
                        "{name} wordt ingezet bij {} {}{extensive}.",
                        u.count,
                        self.of_the()
                    ),
                    Lang::En if u.count == 0 => {
                        format!("{name} is used by none {}.", self.of_the())
                    }
                    Lang::En if u.count == p => format!(
                        "{name} is used by all {}{extensive}.",
                        self.of_the().trim_start_matches("of the ")
                    ),
                    Lang::En => format!(
                        "{name} is used by {} {}{extensive}.",
                        u.count,
                        self.of_the()
                    ),
                }
            })
            .collect();
        let max = a.usage.values().map(|u| u.count).max().unwrap_or(0);
        let min = a.usage.values().map(|u| u.count).min().unwrap_or(0);
        let with = |n: usize| -> Vec<String> {
            types
                .iter()
                .filter(|t| a.usage[t].count == n)
                .map(|t| type_name(*t, lang).to_owned())
                .collect()
        };
        if max == min {
            s.push(match lang {
                Lang::Nl => format!(
                    "De vijf typen worden even vaak ingezet: elk bij {max} {}.",
                    self.of_the()
                ),
                Lang::En => format!(
                    "The five types are used equally often: each by {max} {}.",
                    self.of_the()
                ),
            });
        } else {
            let (most, least) = (with(max), with(min));
            s.push(match lang {
                Lang::Nl => format!(
                    "Het meest ingezet wordt {} (bij {max} {}); het minst {} (bij {min}).",
                    join(&most, lang),
                    self.of_the(),
                    join(&least, lang)
                ),
                Lang::En => format!(
                    "Most used is {} (by {max} {}); least used is {} (by {min}).",
                    join(&most, lang),
                    self.of_the(),
                    join(&least, lang)
                ),
            });
        }
        Section {
            title,
            sentences: s,
        }
    }

    fn rules(&self) -> Section {
        let (a, lang) = (self.analysis, self.lang);
        let title = lang
            .pick("Typen die samengaan", "Types that go together")
            .to_owned();
        let mut s = Vec::new();
        for r in &a.rules {
            let (x, y) = (type_name(r.if_type, lang), type_name(r.then_type, lang));
            if r.exceptions.is_empty() {
                s.push(match lang {
                    Lang::Nl => format!(
                        "Waar {x} wordt ingezet, gebeurt ook {y}: bij alle {} die {x} inzetten.",
                        initiatives(r.of, lang)
                    ),
                    Lang::En => format!(
                        "Where {x} is used, so is {y}: in all {} that use {x}.",
                        initiatives(r.of, lang)
                    ),
                });
            } else {
                let names = join(&self.names(&r.exceptions), lang);
                let label = match (lang, r.exceptions.len()) {
                    (Lang::Nl, 1) => "uitzondering",
                    (Lang::Nl, _) => "uitzonderingen",
                    (Lang::En, 1) => "exception",
                    (Lang::En, _) => "exceptions",
                };
                s.push(match lang {
                    Lang::Nl => format!("Waar {x} wordt ingezet, gebeurt meestal ook {y}: bij {} van de {} die {x} inzetten; {label}: {names}.", r.holds, initiatives(r.of, lang)),
                    Lang::En => format!("Where {x} is used, {y} mostly is too: in {} of the {} that use {x}; {label}: {names}.", r.holds, initiatives(r.of, lang)),
                });
            }
        }
        if s.is_empty() {
            s.push(lang.pick(
                "Geen twee typen gaan vaak genoeg samen (bij ten minste 75% van de initiatieven die het eerste type inzetten, en ten minste 2) om van een patroon te spreken.",
                "No two types go together often enough (in at least 75% of the initiatives using the first type, and at least 2) to call it a pattern.",
            ).into());
        }
        Section {
            title,
            sentences: s,
        }
    }

    fn breadth(&self) -> Section {
        let (a, lang) = (self.analysis, self.lang);
        let title = lang
            .pick("Breedte van het palet", "Breadth of the palette")
            .to_owned();
        if a.breadth.is_empty() {
            return Section {
                title,
                sentences: vec![
                    lang.pick("Er zijn nog geen plots.", "There are no plots yet.")
                        .into(),
                ],
            };
        }
        let ids_with = |f: &dyn Fn(usize) -> bool| -> Vec<Slug> {
            a.breadth
                .iter()
                .filter(|(_, n)| f(**n))
                .map(|(id, _)| id.clone())
                .collect()
        };
        let mut s = Vec::new();
        let total: usize = a.breadth.values().sum();
        let mean = total as f64 / a.breadth.len() as f64;
        let mean = format!("{mean:.1}");
        s.push(match lang {
            Lang::Nl => format!(
                "Gemiddeld zet een initiatief {} van de vijf typen in.",
                mean.replace('.', ",")
            ),
            Lang::En => format!("On average an initiative uses {mean} of the five types."),
        });
        let broad = ids_with(&|n| n >= 4);
        if broad.is_empty() {
            s.push(
                lang.pick(
                    "Geen enkel initiatief zet een breed palet van vier of vijf typen in.",
                    "No initiative uses a broad palette of four or five types.",
                )
                .into(),
            );
        } else {
            let named: Vec<String> = self.names_with_counts(&broad);
            s.push(match lang {
                Lang::Nl => format!(
                    "Een breed palet (vier of vijf typen) zetten in: {}.",
                    join(&named, lang)
                ),
                Lang::En => format!(
                    "A broad palette (four or five types) is used by {}.",
                    join(&named, lang)
                ),
            });
        }
        let single = ids_with(&|n| n == 1);
        if !single.is_empty() {
            let mut named: Vec<(String, String)> = Vec::new();
            for id in &single {
                let plot_type = a
                    .usage
                    .iter()
                    .find(|(_, u)| u.initiatives.contains(id))
                    .map(|(t, _)| type_name(*t, lang))
                    .unwrap_or_default();
                named.push((
                    self.names(std::slice::from_ref(id)).remove(0),
                    plot_type.to_owned(),
                ));
            }
            named.sort_by_cached_key(|(n, _)| collation_key(n));
            let named: Vec<String> = named
                .into_iter()
                .map(|(n, t)| format!("{n} ({t})"))
                .collect();
            s.push(match lang {
                Lang::Nl => format!("Op één type richten zich: {}.", join(&named, lang)),
                Lang::En => format!("Focused on a single type: {}.", join(&named, lang)),
            });
        }
        let none = ids_with(&|n| n == 0);
        if !none.is_empty() {
            let names = join(&self.names(&none), lang);
            s.push(match lang {
                Lang::Nl => format!("Geen van de vijf typen zet in: {names}."),
                Lang::En => format!("None of the five types is used by {names}."),
            });
        }
        Section {
            title,
            sentences: s,
        }
    }

    fn names_with_counts(&self, ids: &[Slug]) -> Vec<String> {
        let mut pairs: Vec<(String, usize)> = ids
            .iter()
            .map(|id| {
                (
                    self.names(std::slice::from_ref(id)).remove(0),
                    self.analysis.breadth[id],
                )
            })
            .collect();
        pairs.sort_by_cached_key(|(n, _)| collation_key(n));
        self.capped(
            pairs
                .into_iter()
                .map(|(n, c)| format!("{n} ({c} {})", self.lang.pick("typen", "types")))
                .collect(),
        )
    }

    fn werkplekleren(&self, dataset: &Dataset) -> Section {
        let lang = self.lang;
        let title = lang.pick("Werkplekleren", "Workplace learning").to_owned();
        let mut per_value: HashMap<Werkplekleren, Vec<Slug>> = HashMap::new();
        let mut unstated = Vec::new();
        for i in dataset.initiatives() {
            match i.current_werkplekleren() {
                Some(w) => per_value.entry(w).or_default().push(i.id.clone()),
                None => unstated.push(i.id.clone()),
            }
        }
        let mut s = Vec::new();
        for w in Werkplekleren::ALL {
            let ids = per_value.get(w).cloned().unwrap_or_default();
            if ids.is_empty() {
                continue;
            }
            let what = werkplekleren_text(*w, lang);
            let names = join(&self.names(&ids), lang);
            s.push(match lang {
                Lang::Nl => format!("Bij {} {what}: {names}.", initiatives(ids.len(), lang)),
                Lang::En => format!("In {}, {what}: {names}.", initiatives(ids.len(), lang)),
            });
        }
        if !unstated.is_empty() {
            s.push(match lang {
                Lang::Nl => format!("Van {} is (nog) niet vastgelegd hoe het ontwerp met werkplekleren omgaat.", initiatives(unstated.len(), lang)),
                Lang::En => format!("For {} it has not (yet) been recorded how the design addresses workplace learning.", initiatives(unstated.len(), lang)),
            });
        }
        Section {
            title,
            sentences: s,
        }
    }

    fn drift(&self) -> Section {
        let (a, lang) = (self.analysis, self.lang);
        let title = lang
            .pick(
                "Verschuivingen tussen eerste en laatste plot",
                "Changes between first and last plot",
            )
            .to_owned();
        if a.drift.is_empty() {
            return Section {
                title,
                sentences: vec![lang.pick(
                    "Nog geen enkel initiatief heeft twee sessies met een plot; verschuivingen zijn nog niet te zien.",
                    "No initiative has two plotted sessions yet; no changes can be seen yet.",
                ).into()],
            };
        }
        let changed: Vec<_> = a.drift.iter().filter(|d| !d.changes.is_empty()).collect();
        let same: Vec<Slug> = a
            .drift
            .iter()
            .filter(|d| d.changes.is_empty())
            .map(|d| d.initiative.clone())
            .collect();
        let mut s = vec![match lang {
            Lang::Nl => format!(
                "Van de {} met twee of meer plots veranderde bij {} de plot tussen de eerste en de laatste sessie.",
                initiatives(a.drift.len(), lang),
                changed.len()
            ),
            Lang::En => format!(
                "Of the {} with two or more plots, {} changed between the first and the last session.",
                initiatives(a.drift.len(), lang),
                changed.len()
            ),
        }];
        let mut lines: Vec<(String, String)> = changed
            .iter()
            .map(|d| {
                let name = self.names(std::slice::from_ref(&d.initiative)).remove(0);
                let changes: Vec<String> = d
                    .changes
                    .iter()
                    .map(|(t, [old, new])| format!("{} {old} → {new}", type_name(*t, lang)))
                    .collect();
                let line = format!(
                    "{name} ({} – {}): {}.",
                    date_text(d.from, lang),
                    date_text(d.to, lang),
                    changes.join(", ")
                );
                (name, line)
            })
            .collect();
        lines.sort_by_cached_key(|(n, _)| collation_key(n));
        let rest = lines.len().saturating_sub(NAMED_AT_MOST);
        s.extend(lines.into_iter().take(NAMED_AT_MOST).map(|(_, l)| l));
        if rest > 0 {
            s.push(match lang {
                Lang::Nl => format!(
                    "Bij nog {rest} andere initiatieven verschoof de plot ook; elke verschuiving staat in de analyse als JSON (`uti analyse --format json`)."
                ),
                Lang::En => format!(
                    "The plot also shifted for {rest} other initiatives; every shift is in the analysis as JSON (`uti analyse --format json`)."
                ),
            });
        }
        if !same.is_empty() {
            let names = join(&self.names(&same), lang);
            s.push(match lang {
                Lang::Nl => format!("Gelijk gebleven: {names}."),
                Lang::En => format!("Unchanged: {names}."),
            });
        }
        Section {
            title,
            sentences: s,
        }
    }

    fn terms(&self, dataset: &Dataset, challenges: bool) -> Section {
        let lang = self.lang;
        let (title, label, terms, uses) = if challenges {
            (
                lang.pick("Gedeelde uitdagingen", "Shared challenges"),
                lang.pick("Uitdaging", "Challenge"),
                dataset.challenges(),
                &self.analysis.challenges,
            )
        } else {
            (
                lang.pick("Thema's", "Themes"),
                lang.pick("Thema", "Theme"),
                dataset.themes(),
                &self.analysis.themes,
            )
        };
        let s = terms
            .iter()
            .map(|t| {
                let u = &uses[&t.id];
                match (u.count, lang) {
                    (0, Lang::Nl) => {
                        format!("{label} ‘{}’: (nog) bij geen enkel initiatief.", t.name)
                    }
                    (0, Lang::En) => format!("{label} ‘{}’: no initiative (yet).", t.name),
                    (n, _) => format!(
                        "{label} ‘{}’: {} {} ({}).",
                        t.name,
                        lang.pick("bij", "in"),
                        initiatives(n, lang),
                        join(&self.names(&u.initiatives), lang)
                    ),
                }
            })
            .collect();
        Section {
            title: title.into(),
            sentences: s,
        }
    }
}

/// The sections of sentences that summarise an analysis of a dataset.
pub fn summarise(analysis: &Analysis, dataset: &Dataset, lang: Lang) -> Vec<Section> {
    let names = dataset
        .initiatives()
        .iter()
        .map(|i| (&i.id, i.name.as_str()))
        .collect();
    let w = Writer {
        analysis,
        names,
        lang,
    };
    let mut sections = vec![
        w.overview(),
        w.usage(),
        w.rules(),
        w.breadth(),
        w.werkplekleren(dataset),
        w.drift(),
    ];
    if !dataset.challenges().is_empty() {
        sections.push(w.terms(dataset, true));
    }
    if !dataset.themes().is_empty() {
        sections.push(w.terms(dataset, false));
    }
    sections
}

/// Plain text: a heading per section, then its sentences as paragraphs.
pub fn to_text(sections: &[Section]) -> String {
    let mut out = String::new();
    for section in sections {
        out.push_str(&section.title);
        out.push('\n');
        out.push_str(&"=".repeat(section.title.chars().count()));
        out.push('\n');
        for sentence in &section.sentences {
            out.push_str(sentence);
            out.push('\n');
        }
        out.push('\n');
    }
    out
}

/// Markdown: a level-2 heading per section, its sentences as a list. Text
/// from the data is escaped, so it never turns into markup.
pub fn to_markdown(sections: &[Section], title: &str) -> String {
    let mut out = format!("# {}\n\n", markdown_escape(title));
    for section in sections {
        out.push_str(&format!("## {}\n\n", markdown_escape(&section.title)));
        for sentence in &section.sentences {
            out.push_str(&format!("- {}\n", markdown_escape(sentence)));
        }
        out.push('\n');
    }
    out
}

/// Escapes the characters that Markdown (CommonMark) would read as markup.
pub fn markdown_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '`'
                | '*'
                | '_'
                | '{'
                | '}'
                | '['
                | ']'
                | '<'
                | '>'
                | '('
                | ')'
                | '#'
                | '+'
                | '!'
                | '|'
                | '~'
                | '&'
        ) {
            out.push('\\');
        }
        if c == '\n' {
            out.push(' ');
        } else {
            out.push(c);
        }
    }
    out
}

/// Where an activity of the action agenda stands, in a word.
pub fn activity_status_name(status: ActivityStatus, lang: Lang) -> &'static str {
    match status {
        ActivityStatus::Gepland => lang.pick("gepland", "planned"),
        ActivityStatus::Lopend => lang.pick("loopt", "under way"),
        ActivityStatus::Afgerond => lang.pick("afgerond", "done"),
        ActivityStatus::Gestopt => lang.pick("gestopt", "stopped"),
    }
}

/// Who carries out an activity: centrally or decentrally.
pub fn scope_name(scope: Scope, lang: Lang) -> &'static str {
    match scope {
        Scope::Centraal => lang.pick("centraal", "central"),
        Scope::Decentraal => lang.pick("decentraal", "decentral"),
    }
}

#[cfg(test)]
mod slug_tests {
    use super::*;

    #[test]
    fn an_id_is_made_from_a_name() {
        assert_eq!(slug_from_name("Leerhuis Techniek"), "leerhuis-techniek");
        assert_eq!(slug_from_name("  Één & twee: café!  "), "een-twee-cafe");
        assert_eq!(slug_from_name("???"), "");
        let long = slug_from_name(&"woord ".repeat(20));
        assert!(long.len() <= 64 && long.ends_with("woord"), "{long}");
        assert!(crate::values::Slug::parse(&long).is_ok());
    }
}
