//! The landscape as a graph: every initiative and every organisation a
//! node (with its kind and attributes), an edge for each partner link
//! (initiative → organisation, with the role) and each relation between
//! initiatives (with its kind). Written as GraphML or GEXF 1.3 through
//! `quick-xml`'s writer, so every value is escaped; no XML is made by
//! pasting data into a string. For Kumu the same graph as a pair of CSV
//! files (elements and connections) and as Kumu's JSON ([`kumu`]).

/// The graph for Kumu.
pub mod kumu;
/// Where each node of a network map goes.
pub mod layout;

use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, Event};
use uti_core::landscape::index::participation;
use uti_core::model::{Dataset, LloType};

/// A node of the graph.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// `initiative:ID` or `organisation:ID`.
    pub id: String,
    /// Its name.
    pub label: String,
    /// The attributes: `kind` (`initiative` or `organisation`) first.
    pub attributes: Vec<(&'static str, String)>,
}

/// An edge of the graph.
#[derive(Debug, Clone, PartialEq)]
pub struct Edge {
    /// The node it starts from.
    pub source: String,
    /// The node it points to.
    pub target: String,
    /// `partner` (with `role`) or the kind of a relation.
    pub relation: String,
    /// The role of a partner; empty for a relation.
    pub role: String,
}

/// The node attributes, in the order they are declared.
pub const NODE_ATTRIBUTES: [&str; 7] = [
    "kind",
    "sectors",
    "target_groups",
    "llo_types",
    "organisation_kind",
    "sector",
    "place",
];

/// The graph of a dataset: initiatives, then organisations, in the order kept.
pub fn graph(dataset: &Dataset) -> (Vec<Node>, Vec<Edge>) {
    let mut nodes = Vec::new();
    let mut edges = Vec::new();
    for i in dataset.initiatives() {
        let used: Vec<&str> = i
            .current_plot()
            .map(|p| {
                LloType::ALL
                    .iter()
                    .filter(|t| p.get(**t).value() > 0)
                    .map(|t| t.as_str())
                    .collect()
            })
            .unwrap_or_default();
        nodes.push(Node {
            id: format!("initiative:{}", i.id),
            label: i.name.clone(),
            attributes: vec![
                ("kind", "initiative".into()),
                (
                    "sectors",
                    i.sectors.as_deref().unwrap_or_default().join("; "),
                ),
                (
                    "target_groups",
                    i.target_groups.as_deref().unwrap_or_default().join("; "),
                ),
                ("llo_types", used.join("; ")),
            ],
        });
    }
    for (org, parts) in participation(dataset) {
        let id = format!("organisation:{}", org.id);
        nodes.push(Node {
            id: id.clone(),
            label: org.name.clone(),
            attributes: vec![
                ("kind", "organisation".into()),
                ("organisation_kind", org.kind.as_str().into()),
                ("sector", org.sector.clone().unwrap_or_default()),
                ("place", org.place.clone().unwrap_or_default()),
            ],
        });
        for part in parts {
            edges.push(Edge {
                source: format!("initiative:{}", part.initiative),
                target: id.clone(),
                relation: "partner".into(),
                role: part.role.as_str().into(),
            });
        }
    }
    for r in dataset.relations() {
        edges.push(Edge {
            source: format!("initiative:{}", r.from),
            target: format!("initiative:{}", r.to),
            relation: r.kind.as_str().into(),
            role: String::new(),
        });
    }
    (nodes, edges)
}

/// Text fit for XML 1.0: forbidden control characters become U+FFFD.
fn clean(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\t' | '\n' | '\r' => c,
            c if c.is_control() || c == '\u{fffe}' || c == '\u{ffff}' => '\u{fffd}',
            c => c,
        })
        .collect()
}

/// A document being written.
struct Xml(Writer<Vec<u8>>);

impl Xml {
    fn new() -> Xml {
        let mut xml = Xml(Writer::new_with_indent(Vec::new(), b' ', 2));
        xml.event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)));
        xml
    }

    fn event(&mut self, event: Event<'_>) {
        // Writing into a Vec<u8> cannot fail.
        let _ = self.0.write_event(event);
    }

    fn start(name: &str, attributes: &[(&str, &str)]) -> BytesStart<'static> {
        let mut start = BytesStart::new(name.to_owned());
        for (key, value) in attributes {
            start.push_attribute((*key, clean(value).as_str()));
        }
        start
    }

    fn open(&mut self, name: &str, attributes: &[(&str, &str)]) {
        self.event(Event::Start(Xml::start(name, attributes)));
    }

    fn close(&mut self, name: &str) {
        self.event(Event::End(BytesEnd::new(name.to_owned())));
    }

    fn empty(&mut self, name: &str, attributes: &[(&str, &str)]) {
        self.event(Event::Empty(Xml::start(name, attributes)));
    }

    fn text_element(&mut self, name: &str, attributes: &[(&str, &str)], text: &str) {
        self.open(name, attributes);
        self.event(Event::Text(quick_xml::events::BytesText::new(&clean(text))));
        self.close(name);
    }

    fn finish(self) -> String {
        let mut bytes = self.0.into_inner();
        bytes.push(b'\n');
        String::from_utf8(bytes).expect("the writer writes UTF-8")
    }
}

/// The graph as GraphML (directed), for networkx, igraph, yEd, Gephi.
pub fn graphml(dataset: &Dataset) -> String {
    let (nodes, edges) = graph(dataset);
    let mut x = Xml::new();
    x.open(
        "graphml",
        &[("xmlns", "http://graphml.graphdrawing.org/xmlns")],
    );
    x.empty(
        "key",
        &[
            ("id", "label"),
            ("for", "node"),
            ("attr.name", "label"),
            ("attr.type", "string"),
        ],
    );
    for a in NODE_ATTRIBUTES {
        x.empty(
            "key",
            &[
                ("id", a),
                ("for", "node"),
                ("attr.name", a),
                ("attr.type", "string"),
            ],
        );
    }
    for a in ["relation", "role"] {
        x.empty(
            "key",
            &[
                ("id", a),
                ("for", "edge"),
                ("attr.name", a),
                ("attr.type", "string"),
            ],
        );
    }
    x.open("graph", &[("id", "landschap"), ("edgedefault", "directed")]);
    for n in &nodes {
        x.open("node", &[("id", &n.id)]);
        x.text_element("data", &[("key", "label")], &n.label);
        for (key, value) in &n.attributes {
            x.text_element("data", &[("key", key)], value);
        }
        x.close("node");
    }
    for (i, e) in edges.iter().enumerate() {
        let id = format!("e{i}");
        x.open(
            "edge",
            &[("id", &id), ("source", &e.source), ("target", &e.target)],
        );
        x.text_element("data", &[("key", "relation")], &e.relation);
        if !e.role.is_empty() {
            x.text_element("data", &[("key", "role")], &e.role);
        }
        x.close("edge");
    }
    x.close("graph");
    x.close("graphml");
    x.finish()
}

/// The graph as GEXF 1.3 (directed, static), for Gephi.
pub fn gexf(dataset: &Dataset, network: &str) -> String {
    let (nodes, edges) = graph(dataset);
    let mut x = Xml::new();
    x.open(
        "gexf",
        &[("xmlns", "http://gexf.net/1.3"), ("version", "1.3")],
    );
    x.open("meta", &[]);
    x.text_element("creator", &[], "uti");
    x.text_element("description", &[], network);
    x.close("meta");
    x.open(
        "graph",
        &[("defaultedgetype", "directed"), ("mode", "static")],
    );
    x.open("attributes", &[("class", "node")]);
    for a in NODE_ATTRIBUTES {
        x.empty("attribute", &[("id", a), ("title", a), ("type", "string")]);
    }
    x.close("attributes");
    x.open("attributes", &[("class", "edge")]);
    for a in ["relation", "role"] {
        x.empty("attribute", &[("id", a), ("title", a), ("type", "string")]);
    }
    x.close("attributes");
    x.open("nodes", &[]);
    for n in &nodes {
        x.open("node", &[("id", &n.id), ("label", &n.label)]);
        x.open("attvalues", &[]);
        for (key, value) in &n.attributes {
            x.empty("attvalue", &[("for", key), ("value", value)]);
        }
        x.close("attvalues");
        x.close("node");
    }
    x.close("nodes");
    x.open("edges", &[]);
    for (i, e) in edges.iter().enumerate() {
        let id = format!("e{i}");
        x.open(
            "edge",
            &[
                ("id", &id),
                ("source", &e.source),
                ("target", &e.target),
                ("label", &e.relation),
            ],
        );
        x.open("attvalues", &[]);
        x.empty("attvalue", &[("for", "relation"), ("value", &e.relation)]);
        if !e.role.is_empty() {
            x.empty("attvalue", &[("for", "role"), ("value", &e.role)]);
        }
        x.close("attvalues");
        x.close("edge");
    }
    x.close("edges");
    x.close("graph");
    x.close("gexf");
    x.finish()
}
