//! The graph for [Kumu](https://kumu.io): an elements file and a
//! connections file (CSV, as Kumu's spreadsheet import reads them, UTF-8
//! with BOM, formula-safe cells), and the same as Kumu's JSON
//! (`{"elements": [...], "connections": [...]}`). Elements carry an `ID`
//! (`initiative:ID`, `organisation:ID`, as in GraphML) that the
//! connections' `From` and `To` name, so two organisations with the same
//! name stay two elements.

use crate::{Node, graph};
use serde_json::{Map, Value, json};
use std::borrow::Cow;
use uti_core::model::Dataset;
use uti_tables::{Cell, Table};

/// The column of each node attribute in Kumu, after `ID`, `Label`, `Type`.
const COLUMNS: [(&str, &str); 6] = [
    ("sectors", "Sectors"),
    ("target_groups", "Target groups"),
    ("llo_types", "LLO types"),
    ("organisation_kind", "Organisation kind"),
    ("sector", "Sector"),
    ("place", "Place"),
];

fn kind(node: &Node) -> &str {
    node.attributes
        .iter()
        .find(|(k, _)| *k == "kind")
        .map(|(_, v)| v.as_str())
        .unwrap_or("")
}

fn attribute<'a>(node: &'a Node, key: &str) -> &'a str {
    node.attributes
        .iter()
        .find(|(k, _)| *k == key)
        .map(|(_, v)| v.as_str())
        .unwrap_or("")
}

/// Kumu's element type: `Initiative` or `Organisation`.
fn element_type(node: &Node) -> &'static str {
    if kind(node) == "initiative" {
        "Initiative"
    } else {
        "Organisation"
    }
}

fn text(value: &str) -> Cell {
    if value.is_empty() {
        Cell::Empty
    } else {
        Cell::Text(value.to_owned())
    }
}

/// The elements and the connections as two tables.
pub fn tables(dataset: &Dataset) -> (Table, Table) {
    let (nodes, edges) = graph(dataset);
    let mut elements = Table {
        name: Cow::Borrowed("kumu-elements"),
        columns: ["ID", "Label", "Type"]
            .into_iter()
            .chain(COLUMNS.iter().map(|(_, c)| *c))
            .map(Cow::Borrowed)
            .collect(),
        rows: Vec::new(),
    };
    for n in &nodes {
        let mut row = vec![text(&n.id), text(&n.label), text(element_type(n))];
        row.extend(COLUMNS.iter().map(|(key, _)| text(attribute(n, key))));
        elements.rows.push(row);
    }
    let mut connections = Table {
        name: Cow::Borrowed("kumu-connections"),
        columns: ["From", "To", "Type", "Role", "Direction"]
            .into_iter()
            .map(Cow::Borrowed)
            .collect(),
        rows: Vec::new(),
    };
    for e in &edges {
        connections.rows.push(vec![
            text(&e.source),
            text(&e.target),
            text(&e.relation),
            text(&e.role),
            text("directed"),
        ]);
    }
    (elements, connections)
}

/// The elements file.
pub fn elements_csv(dataset: &Dataset) -> Vec<u8> {
    uti_tables::csv(&tables(dataset).0)
}

/// The connections file.
pub fn connections_csv(dataset: &Dataset) -> Vec<u8> {
    uti_tables::csv(&tables(dataset).1)
}

/// Kumu's JSON: elements with `_id`, `label`, `type` and their
/// attributes; connections with `from`, `to`, `type`, `direction`.
pub fn json(dataset: &Dataset) -> String {
    let (nodes, edges) = graph(dataset);
    let elements: Vec<Value> = nodes
        .iter()
        .map(|n| {
            let mut attributes = Map::new();
            attributes.insert("label".into(), n.label.clone().into());
            attributes.insert("element type".into(), element_type(n).into());
            for (key, column) in COLUMNS {
                let value = attribute(n, key);
                if !value.is_empty() {
                    attributes.insert(column.to_lowercase(), value.into());
                }
            }
            json!({"_id": n.id, "attributes": attributes})
        })
        .collect();
    let connections: Vec<Value> = edges
        .iter()
        .map(|e| {
            let mut attributes = Map::new();
            attributes.insert("connection type".into(), e.relation.clone().into());
            if !e.role.is_empty() {
                attributes.insert("role".into(), e.role.clone().into());
            }
            json!({"from": e.source, "to": e.target, "direction": "directed", "attributes": attributes})
        })
        .collect();
    let mut text = serde_json::to_string_pretty(&json!({
        "elements": elements,
        "connections": connections,
    }))
    .expect("JSON of strings");
    text.push('\n');
    text
}
