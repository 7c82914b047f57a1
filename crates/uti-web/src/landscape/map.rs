//! `/landschap/kaart`: the network map of initiatives and their
//! organisations, laid out by the server ([`uti_graph::layout`]) and drawn
//! as SVG, filtered by theme, sector, target group and LLO type, with the
//! same network as a list (the text alternative). Each node links to its
//! page. A map is drawn once per revision, language, readership and filter.

use crate::kernel::AppState;
use crate::kernel::auth::Viewer;
use crate::kernel::error::AppError;
use crate::kernel::i18n::PageLang;
use crate::kernel::layout::{self, Chrome};
use crate::kernel::widgets::{select, text_options};
use axum::extract::{Query, State};
use axum::response::Response;
use maud::{Markup, html};
use serde::Deserialize;
use std::collections::HashMap;
use uti_core::Lang;
use uti_core::landscape::link::same_key;
use uti_core::model::{Dataset, Initiative, LloType, PartnerKind, RelationKind, TermKind};
use uti_core::prose::{partner_kind_name, type_name};

/// Initiatives drawn at most.
pub const MAX_INITIATIVES: usize = 100;

/// The filters, as asked (values not in the lists are ignored).
#[derive(Debug, Default, Clone, Deserialize)]
pub struct Filters {
    /// A theme id.
    #[serde(default)]
    pub thema: String,
    /// A sector.
    #[serde(default)]
    pub sector: String,
    /// A target group.
    #[serde(default)]
    pub doelgroep: String,
    /// An LLO type.
    #[serde(default)]
    pub llo: String,
}

impl Filters {
    /// Only the values that exist: the rest become "any".
    fn known(mut self, dataset: &Dataset, sectors: &[&String], groups: &[&String]) -> Filters {
        if !dataset.themes().iter().any(|t| t.id.as_str() == self.thema) {
            self.thema.clear();
        }
        if !sectors.iter().any(|s| **s == self.sector) {
            self.sector.clear();
        }
        if !groups.iter().any(|g| **g == self.doelgroep) {
            self.doelgroep.clear();
        }
        if LloType::parse(&self.llo).is_none() {
            self.llo.clear();
        }
        self
    }

    fn is_empty(&self) -> bool {
        self.thema.is_empty()
            && self.sector.is_empty()
            && self.doelgroep.is_empty()
            && self.llo.is_empty()
    }

    fn admits(&self, i: &Initiative) -> bool {
        let has = |list: &Option<Vec<String>>, value: &str| {
            value.is_empty() || list.iter().flatten().any(|v| v == value)
        };
        let theme = self.thema.is_empty()
            || i.sessions().iter().flat_map(|s| s.chains()).any(|c| {
                c.terms(TermKind::Theme)
                    .iter()
                    .any(|t| t.as_str() == self.thema)
            });
        let llo = match LloType::parse(&self.llo) {
            None => true,
            Some(t) => i.current_plot().is_some_and(|p| p.uses(t)),
        };
        theme && llo && has(&i.sectors, &self.sector) && has(&i.target_groups, &self.doelgroep)
    }

    fn key(&self) -> String {
        format!(
            "{}\u{1f}{}\u{1f}{}\u{1f}{}",
            self.thema, self.sector, self.doelgroep, self.llo
        )
    }
}

/// A node of the map.
#[derive(Debug, Clone)]
struct MapNode {
    label: String,
    href: String,
    /// `None` for an initiative, else the organisation's kind.
    organisation: Option<PartnerKind>,
    /// How many drawn initiatives an organisation takes part in.
    shared: usize,
}

/// The part of the network that is drawn.
#[derive(Debug, Default)]
struct Network {
    nodes: Vec<MapNode>,
    /// Partner links: initiative → organisation (node indexes).
    partners: Vec<(usize, usize)>,
    /// Relations between drawn initiatives.
    relations: Vec<(usize, usize, RelationKind)>,
    /// How many initiatives passed the filter.
    matching: usize,
}

fn network(dataset: &Dataset, filters: &Filters) -> Network {
    let mut net = Network::default();
    let chosen: Vec<&Initiative> = dataset
        .initiatives()
        .iter()
        .filter(|i| filters.admits(i))
        .collect();
    net.matching = chosen.len();
    let chosen = &chosen[..chosen.len().min(MAX_INITIATIVES)];
    let mut at: HashMap<&str, usize> = HashMap::new();
    for i in chosen {
        at.insert(i.id.as_str(), net.nodes.len());
        net.nodes.push(MapNode {
            label: i.name.clone(),
            href: format!("/initiatieven/{}", i.id),
            organisation: None,
            shared: 0,
        });
    }
    let orgs: HashMap<&str, &uti_core::model::Organisation> = dataset
        .organisations()
        .iter()
        .map(|o| (o.id.as_str(), o))
        .collect();
    let mut org_at: HashMap<String, usize> = HashMap::new();
    for (n, i) in chosen.iter().enumerate() {
        for p in i.partners.iter().flatten() {
            // A partner not yet linked to a record is still one node per name and kind.
            let (key, label, href) =
                match p.organisation.as_ref().and_then(|o| orgs.get(o.as_str())) {
                    Some(o) => (
                        o.id.to_string(),
                        o.name.clone(),
                        super::organisations::href(o.id.as_str()),
                    ),
                    None => {
                        let (name, kind) = same_key(&p.name, p.kind);
                        (
                            format!("{kind}:{name}"),
                            p.name.clone(),
                            "/landschap".to_owned(),
                        )
                    }
                };
            let node = *org_at.entry(key).or_insert_with(|| {
                net.nodes.push(MapNode {
                    label,
                    href,
                    organisation: Some(p.kind),
                    shared: 0,
                });
                net.nodes.len() - 1
            });
            if !net.partners.contains(&(n, node)) {
                net.partners.push((n, node));
                net.nodes[node].shared += 1;
            }
        }
    }
    for r in dataset.relations() {
        if let (Some(&a), Some(&b)) = (at.get(r.from.as_str()), at.get(r.to.as_str())) {
            net.relations.push((a, b, r.kind));
        }
    }
    net
}

fn kind_colour(kind: Option<PartnerKind>) -> &'static str {
    match kind {
        None => "#0b5394",
        Some(PartnerKind::Werkgever) => "#9a4a00",
        Some(PartnerKind::Onderwijs) => "#1d6b2f",
        Some(PartnerKind::Overheid) => "#6d28d9",
        Some(PartnerKind::Intermediair) => "#a4161a",
        Some(PartnerKind::Overig) => "#4a4a4a",
    }
}

/// The map as SVG: positions scaled into a 1000-wide view.
fn svg(net: &Network, lang: Lang) -> Markup {
    let t = |nl, en| lang.pick(nl, en);
    let mut links: Vec<(usize, usize)> = net.partners.clone();
    links.extend(net.relations.iter().map(|(a, b, _)| (*a, *b)));
    // Initiatives carry a label: they get more room than organisations.
    let radii: Vec<f64> = net
        .nodes
        .iter()
        .map(|n| if n.organisation.is_none() { 14.0 } else { 7.0 })
        .collect();
    let placed = uti_graph::layout::layout(&radii, &links);
    let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
    for [x, y] in &placed {
        x0 = x0.min(*x);
        y0 = y0.min(*y);
        x1 = x1.max(*x);
        y1 = y1.max(*y);
    }
    // Room on the right for the labels.
    let (left, right, margin) = (30.0, 170.0, 30.0);
    let width = 1000.0;
    let scale = ((width - left - right) / (x1 - x0).max(1.0)).min(4.0);
    let height = ((y1 - y0) * scale + 2.0 * margin).max(200.0);
    let pos = |n: usize| {
        let [x, y] = placed[n];
        ((x - x0) * scale + left, (y - y0) * scale + margin)
    };
    let f = |v: f64| format!("{v:.1}");
    html! {
        svg.map viewBox=(format!("0 0 {width} {}", f(height))) aria-labelledby="kaart-titel kaart-uitleg" {
            title id="kaart-titel" { (t("Netwerkkaart", "Network map")) }
            desc id="kaart-uitleg" { (t("Initiatieven (blauwe cirkels) en hun organisaties (vierkanten, gekleurd naar soort), verbonden door partnerschappen (grijze lijnen) en relaties (oranje pijlen). De lijst onder de kaart bevat hetzelfde als tekst.", "Initiatives (blue circles) and their organisations (squares, coloured by kind), joined by partnerships (grey lines) and relations (orange arrows). The list below the map holds the same as text.")) }
            defs {
                marker id="pijl" viewBox="0 0 10 10" refX="16" refY="5" markerWidth="6" markerHeight="6" orient="auto-start-reverse" {
                    path d="M 0 0 L 10 5 L 0 10 z" fill="#c25100" {}
                }
            }
            g.partners stroke="#8a96a3" stroke-width="1" {
                @for (a, b) in &net.partners {
                    @let ((ax, ay), (bx, by)) = (pos(*a), pos(*b));
                    line x1=(f(ax)) y1=(f(ay)) x2=(f(bx)) y2=(f(by)) {}
                }
            }
            g.relations stroke="#c25100" stroke-width="2" fill="none" {
                @for (a, b, kind) in &net.relations {
                    @let ((ax, ay), (bx, by)) = (pos(*a), pos(*b));
                    line x1=(f(ax)) y1=(f(ay)) x2=(f(bx)) y2=(f(by)) marker-end="url(#pijl)" stroke-dasharray=[(*kind == RelationKind::BouwtVoortOp).then_some("5 3")] {}
                }
            }
            @for (n, node) in net.nodes.iter().enumerate() {
                @let (x, y) = pos(n);
                a href=(node.href) aria-label=(node.label) {
                    title { (node.label) }
                    @match node.organisation {
                        None => {
                            circle cx=(f(x)) cy=(f(y)) r="7" fill=(kind_colour(None)) stroke="#fff" stroke-width="1.5" {}
                            text.label x=(f(x + 10.0)) y=(f(y + 4.0)) { (node.label) }
                        }
                        Some(kind) => {
                            rect x=(f(x - 4.5)) y=(f(y - 4.5)) width="9" height="9" fill=(kind_colour(Some(kind))) stroke="#fff" stroke-width="1" {}
                            @if node.shared > 1 {
                                text.label.org x=(f(x + 8.0)) y=(f(y + 4.0)) { (node.label) }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn legend(lang: Lang) -> Markup {
    let t = |nl, en| lang.pick(nl, en);
    html! {
        ul.legend {
            li { svg width="14" height="14" aria-hidden="true" { circle cx="7" cy="7" r="6" fill=(kind_colour(None)) {} } " " (t("initiatief", "initiative")) }
            @for kind in PartnerKind::ALL {
                li { svg width="14" height="14" aria-hidden="true" { rect x="2" y="2" width="10" height="10" fill=(kind_colour(Some(*kind))) {} } " " (partner_kind_name(*kind, lang)) }
            }
            li { svg width="24" height="14" aria-hidden="true" { line x1="0" y1="7" x2="24" y2="7" stroke="#8a96a3" stroke-width="1" {} } " " (t("partner", "partner")) }
            li { svg width="24" height="14" aria-hidden="true" { line x1="0" y1="7" x2="24" y2="7" stroke="#c25100" stroke-width="2" {} } " " (t("relatie (gestreept: bouwt voort op)", "relation (dashed: builds on)")) }
            li { (t("Namen van organisaties staan erbij als ze met meer dan één getoond initiatief werken.", "Organisations are named when they work with more than one initiative shown.")) }
        }
    }
}

/// The network as a list: the text alternative of the map.
fn list(net: &Network, lang: Lang) -> Markup {
    let t = |nl, en| lang.pick(nl, en);
    let link = |n: usize| html! { a href=(net.nodes[n].href) { (net.nodes[n].label) } };
    html! {
        ul.network-list {
            @for n in (0..net.nodes.len()).filter(|n| net.nodes[*n].organisation.is_none()) {
                li {
                    (link(n))
                    @let partners: Vec<usize> = net.partners.iter().filter(|(a, _)| *a == n).map(|(_, b)| *b).collect();
                    @let out: Vec<&(usize, usize, RelationKind)> = net.relations.iter().filter(|(a, _, _)| *a == n).collect();
                    @if partners.is_empty() && out.is_empty() { ": " (t("geen partners of relaties", "no partners or relations")) }
                    @if !partners.is_empty() {
                        ". " (t("Partners:", "Partners:")) " "
                        @for (k, p) in partners.iter().enumerate() {
                            @if k > 0 { ", " }
                            (link(*p)) " (" (partner_kind_name(net.nodes[*p].organisation.unwrap_or(PartnerKind::Overig), lang)) ")"
                        }
                    }
                    @for (_, b, kind) in out {
                        ". " (super::page::relation_words(*kind, lang)) " " (link(*b))
                    }
                }
            }
        }
    }
}

/// The map page.
pub async fn page(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    viewer: Viewer,
    Query(filters): Query<Filters>,
) -> Response {
    let chrome = Chrome::new(lang, &viewer, "/landschap/kaart");
    let result = async {
        let snapshot = state.snapshot.get(&state.store).await?;
        let readable = snapshot.readable(&viewer);
        let dataset = readable.dataset;
        let sectors: Vec<&String> = snapshot.sectors.iter().collect();
        let groups: Vec<&String> = snapshot.target_groups.iter().collect();
        let filters = filters.known(dataset, &sectors, &groups);
        let key = format!(
            "kaart:{}:{}:{}",
            crate::kernel::i18n::code(lang),
            readable.drafts_hidden,
            filters.key()
        );
        let t = |nl, en| lang.pick(nl, en);
        let body = snapshot.fragment(&key, || {
            let net = network(dataset, &filters);
            let drawn = net.nodes.iter().filter(|n| n.organisation.is_none()).count();
            let themes: Vec<(&str, &str)> = dataset.themes().iter().map(|t| (t.id.as_str(), t.name.as_str())).collect();
            let types: Vec<(&str, &str)> = LloType::ALL.iter().map(|t| (t.as_str(), type_name(*t, lang))).collect();
            html! {
                (super::nav::subnav("/landschap/kaart", lang))
                h1 { (t("Netwerkkaart", "Network map")) }
                p.lead { (t("Welke initiatieven met welke organisaties werken, en hoe initiatieven met elkaar samenhangen. Klik op een initiatief of organisatie voor de eigen pagina.", "Which initiatives work with which organisations, and how initiatives relate. Click an initiative or organisation for its page.")) }
                form.filters method="get" action="/landschap/kaart" {
                    (select("thema", t("Thema", "Theme"), t("alle", "any"), themes, &filters.thema))
                    (select("sector", t("Sector", "Sector"), t("alle", "any"), text_options(sectors.iter().copied()), &filters.sector))
                    (select("doelgroep", t("Doelgroep", "Target group"), t("alle", "any"), text_options(groups.iter().copied()), &filters.doelgroep))
                    (select("llo", t("LLO-type", "LLO type"), t("alle", "any"), types, &filters.llo))
                    div { button type="submit" { (t("Toon", "Show")) } }
                    @if !filters.is_empty() { div { a href="/landschap/kaart" { (t("Alle filters wissen", "Clear all filters")) } } }
                }
                p role="status" {
                    (shown_line(lang, net.matching, drawn, net.nodes.len() - drawn))
                    @if net.matching > drawn {
                        " " (match lang {
                            Lang::Nl => format!("Kies een filter om de andere te zien (de kaart toont hooguit {MAX_INITIATIVES} initiatieven, zodat ze leesbaar blijft)."),
                            Lang::En => format!("Choose a filter to see the others (the map shows at most {MAX_INITIATIVES} initiatives, to stay readable)."),
                        })
                    }
                }
                @if net.nodes.is_empty() {
                    p.empty { (t("Geen initiatieven bij deze filters.", "No initiatives match these filters.")) }
                } @else {
                    p { a href="#kaart-lijst" { (t("Naar de kaart als lijst", "To the map as a list")) } }
                    div.map-box { (svg(&net, lang)) }
                    (legend(lang))
                    section aria-labelledby="kaart-lijst" {
                        h2 id="kaart-lijst" { (t("De kaart als lijst", "The map as a list")) }
                        (list(&net, lang))
                    }
                }
                (super::exports::links(lang))
            }
            .into_string()
        });
        Ok::<_, AppError>(layout::page_around(&chrome, t("Netwerkkaart", "Network map"), body))
    }
    .await;
    crate::kernel::error::respond(result, &chrome)
}

/// "4 initiatieven passen bij de filters; de kaart toont er 4, met 1 organisatie."
fn shown_line(lang: Lang, matching: usize, drawn: usize, orgs: usize) -> String {
    let one = |n: usize, a: &'static str, b: &'static str| if n == 1 { a } else { b };
    match lang {
        Lang::Nl => format!(
            "{matching} {} bij de filters; de kaart toont er {drawn}, met {orgs} {}.",
            one(matching, "initiatief past", "initiatieven passen"),
            one(orgs, "organisatie", "organisaties"),
        ),
        Lang::En => format!(
            "{matching} {} the filters; the map shows {drawn}, with {orgs} {}.",
            one(matching, "initiative matches", "initiatives match"),
            one(orgs, "organisation", "organisations"),
        ),
    }
}
