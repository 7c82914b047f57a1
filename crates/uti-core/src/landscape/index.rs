//! Where each organisation takes part: the initiatives that name it as a
//! partner, with their role. Partners not linked to an organisation record
//! (a file read without import) are matched by name and kind.

use crate::landscape::link::same_key;
use crate::landscape::model::{Organisation, PartnerRole};
use crate::model::Dataset;
use crate::values::Slug;
use std::collections::HashMap;

/// One initiative an organisation takes part in.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Part {
    /// The initiative's id.
    pub initiative: Slug,
    /// Its role there.
    pub role: PartnerRole,
}

/// Every organisation with the initiatives it takes part in, in the
/// order of the dataset's `organisations`.
pub fn participation(dataset: &Dataset) -> Vec<(&Organisation, Vec<Part>)> {
    let orgs = dataset.organisations();
    let by_id: HashMap<&str, usize> = orgs
        .iter()
        .enumerate()
        .map(|(i, o)| (o.id.as_str(), i))
        .collect();
    let by_key: HashMap<_, usize> = orgs
        .iter()
        .enumerate()
        .map(|(i, o)| (same_key(&o.name, o.kind), i))
        .collect();
    let mut parts: Vec<Vec<Part>> = vec![Vec::new(); orgs.len()];
    for initiative in dataset.initiatives() {
        for partner in initiative.partners.iter().flatten() {
            let index = partner
                .organisation
                .as_ref()
                .and_then(|id| by_id.get(id.as_str()))
                .or_else(|| by_key.get(&same_key(&partner.name, partner.kind)));
            if let Some(&i) = index {
                let part = Part {
                    initiative: initiative.id.clone(),
                    role: partner.role.unwrap_or(PartnerRole::Partner),
                };
                if !parts[i].contains(&part) {
                    parts[i].push(part);
                }
            }
        }
    }
    orgs.iter().zip(parts).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_organisation_lists_the_initiatives_it_takes_part_in_with_their_role() {
        let text = "format: uti-dataset/1
initiatives:
  - id: a
    name: A
    partners:
      - {name: ROC, kind: onderwijs, organisation: roc}
  - id: b
    name: B
    partners:
      - {name: roc, kind: onderwijs, role: school-deelnemers}
      - {name: Gemeente, kind: overheid}
organisations:
  - {id: roc, name: ROC, kind: onderwijs}
  - {id: los, name: Los, kind: overig}
";
        let dataset = crate::file::parse("t.yaml", text.as_bytes(), crate::syntax::Syntax::Yaml)
            .expect("valid");
        let p = participation(&dataset);
        let ids = |parts: &[Part]| -> Vec<(String, &'static str)> {
            parts
                .iter()
                .map(|p| (p.initiative.to_string(), p.role.as_str()))
                .collect()
        };
        assert_eq!(p[0].0.id.as_str(), "roc");
        assert_eq!(
            ids(&p[0].1),
            [
                ("a".to_owned(), "partner"),
                ("b".to_owned(), "school-deelnemers")
            ]
        );
        assert!(p[1].1.is_empty(), "an organisation without initiatives");
    }
}
