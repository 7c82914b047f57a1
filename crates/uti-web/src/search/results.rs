//! What a search finds for one viewer: the hits grouped by kind, each
//! with where it leads and its matched words marked.

use crate::kernel::snapshot::Snapshot;
use crate::kernel::viewer::Viewer;
use maud::{Markup, html};
use serde::Serialize;
use uti_core::Lang;
use uti_core::prose;
use uti_core::search::{Access, Doc, Kind, Snippet};
use utoipa::ToSchema;

/// The longest query taken (in characters).
pub const MAX_QUERY: usize = 200;

/// One hit.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct HitDoc {
    /// What it is.
    #[schema(value_type = String, example = "initiative")]
    pub kind: Kind,
    /// Its id: the record's id; for a session or its notes the session's
    /// number (from 1, in file order); for a chain `N/level`.
    pub id: String,
    /// The initiative it is part of (its own id for an initiative).
    #[schema(nullable = false)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub initiative: Option<String>,
    /// The session it is part of (from 1).
    #[schema(nullable = false)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session: Option<usize>,
    /// Whether it belongs to a draft session.
    pub draft: bool,
    /// How it is named.
    pub title: String,
    /// A piece of its text around the first match (empty when only the
    /// title matched).
    pub text: String,
    /// The words that matched, as they are written, each once.
    pub matched: Vec<String>,
    /// The page it is on.
    pub url: String,
}

/// The hits of one kind.
#[derive(Debug)]
pub struct Group {
    /// The kind.
    pub kind: Kind,
    /// How many there are.
    pub total: usize,
    /// The first of them.
    pub hits: Vec<(HitDoc, Snippet, Option<Snippet>)>,
}

/// What `viewer` may read of an initiative's documents: drafts only for
/// those who may read the initiative's drafts; session notes not for the
/// contacts of other initiatives.
pub fn access(viewer: &Viewer, initiative: &str) -> Access {
    Access {
        drafts: viewer.sees_drafts_of(initiative),
        notes: viewer.sees_notes_of(initiative),
    }
}

/// The page a hit is on.
fn url(snapshot: &Snapshot, viewer: &Viewer, doc: &Doc) -> String {
    let dataset = snapshot.readable(viewer).dataset;
    let initiative = doc.initiative.as_ref().map(|i| i.as_str()).unwrap_or("");
    match doc.kind {
        Kind::Initiative => format!("/initiatieven/{}", doc.id),
        Kind::Session | Kind::Note => format!("/initiatieven/{initiative}#sessies"),
        Kind::Chain => format!("/initiatieven/{initiative}#cimo"),
        Kind::Organisation => {
            let at = dataset
                .organisations()
                .iter()
                .position(|o| o.id.as_str() == doc.id)
                .unwrap_or(0);
            format!(
                "/landschap?pagina={}#org-{}",
                at / crate::landscape::page::PAGE + 1,
                doc.id
            )
        }
        Kind::Goal | Kind::Activity => "/landschap#agenda".into(),
        Kind::Coalition => "/landschap#coalities".into(),
        Kind::Theme | Kind::Challenge => "/themas".into(),
    }
}

/// The hits for `query`, grouped in the order of [`Kind::ALL`], at most
/// `per_kind` of each; and the keys searched for.
pub fn search(
    snapshot: &Snapshot,
    viewer: &Viewer,
    query: &str,
    per_kind: usize,
    lang: Lang,
) -> (Vec<Group>, Vec<String>) {
    let found = snapshot
        .search
        .search(query, per_kind, |id| access(viewer, id.as_str()));
    let groups = found
        .groups
        .iter()
        .map(|g| Group {
            kind: g.kind,
            total: g.total,
            hits: g
                .hits
                .iter()
                .map(|doc| hit(snapshot, viewer, doc, &found.keys, lang))
                .collect(),
        })
        .collect();
    (groups, found.keys)
}

/// One shown hit: what the API gives, and its title and text with the
/// matched words marked.
fn hit(
    snapshot: &Snapshot,
    viewer: &Viewer,
    doc: &Doc,
    keys: &[String],
    lang: Lang,
) -> (HitDoc, Snippet, Option<Snippet>) {
    let (_, body) = doc.snippet(keys);
    let shown = display_title(snapshot, viewer, doc, lang);
    let title = Snippet {
        marks: uti_core::search::marks(&shown, keys),
        text: shown,
    };
    let mut matched: Vec<String> = Vec::new();
    for s in std::iter::once(&title).chain(body.as_ref()) {
        for m in &s.marks {
            let word = s.text[m.clone()].to_owned();
            if !matched.contains(&word) {
                matched.push(word);
            }
        }
    }
    let hit = HitDoc {
        kind: doc.kind,
        id: doc.id.clone(),
        initiative: doc.initiative.as_ref().map(|i| i.to_string()),
        session: doc.session,
        draft: doc.draft,
        title: title.text.clone(),
        text: body.as_ref().map(|b| b.text.clone()).unwrap_or_default(),
        matched,
        url: url(snapshot, viewer, doc),
    };
    (hit, title, body)
}

/// The name of a kind of hits, as a heading.
pub fn kind_name(kind: Kind, lang: Lang) -> &'static str {
    match kind {
        Kind::Initiative => lang.pick("Initiatieven", "Initiatives"),
        Kind::Session => lang.pick("Sessies", "Sessions"),
        Kind::Chain => lang.pick("CIMO-ketens", "CIMO chains"),
        Kind::Note => lang.pick("Notities van sessies", "Session notes"),
        Kind::Organisation => lang.pick("Organisaties", "Organisations"),
        Kind::Goal => lang.pick("Doelen van de doe-agenda", "Goals of the action agenda"),
        Kind::Activity => lang.pick(
            "Activiteiten van de doe-agenda",
            "Activities of the action agenda",
        ),
        Kind::Coalition => lang.pick("Ontwikkelcoalities", "Development coalitions"),
        Kind::Theme => lang.pick("Thema's", "Themes"),
        Kind::Challenge => lang.pick("Uitdagingen", "Challenges"),
    }
}

/// A text with its matched words in `<mark>`.
pub fn marked(snippet: &Snippet) -> Markup {
    let mut parts = Vec::new();
    let mut at = 0;
    for m in &snippet.marks {
        parts.push((&snippet.text[at..m.start], &snippet.text[m.clone()]));
        at = m.end;
    }
    html! {
        @for (before, word) in parts { (before) mark { (word) } }
        (&snippet.text[at..])
    }
}

/// How a hit is named for people: a session, chain or note with its
/// initiative, the session's kind and date, and a chain's level.
fn display_title(snapshot: &Snapshot, viewer: &Viewer, doc: &Doc, lang: Lang) -> String {
    let (Some(id), Some(n)) = (&doc.initiative, doc.session) else {
        return doc.title.clone();
    };
    let Some(initiative) = snapshot.initiative(viewer, id.as_str()) else {
        return doc.title.clone();
    };
    let Some(session) = initiative.sessions().get(n - 1) else {
        return doc.title.clone();
    };
    let mut title = format!(
        "{} · {} {}",
        initiative.name,
        prose::kind_name(session.kind, lang),
        prose::date_text(session.date, lang)
    );
    if doc.kind == Kind::Chain {
        let level = session
            .chains()
            .iter()
            .map(|c| c.level)
            .find(|l| doc.id.ends_with(&format!("/{l}")));
        if let Some(level) = level {
            title.push_str(" · ");
            title.push_str(prose::level_name(level, lang));
        }
    }
    title
}
