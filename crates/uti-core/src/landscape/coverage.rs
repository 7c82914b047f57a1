//! Coverage matrices: what the network covers and where it has gaps, as
//! counts with the initiatives behind each cell.
//!
//! - [`MatrixKind::ThemesInitiatives`]: a row per initiative, a column per
//!   theme; the count is the number of its chains that speak to the theme.
//! - [`MatrixKind::SectorsTargetGroups`]: a row per sector, a column per
//!   target group; the initiatives that name both.
//! - [`MatrixKind::LloTypesSectors`]: a row per LLO type, a column per
//!   sector; the initiatives in the sector whose current plot uses the type.
//! - [`MatrixKind::ChallengesLevels`]: a row per challenge, a column per
//!   level; the initiatives with a chain at that level that speaks to it.
//!
//! Sectors and target groups are compared without case, after trimming,
//! and shown as first written. A cell of 0 is a gap. Chains of every
//! session in `dataset` count: pass [`Dataset::without_drafts`] for readers
//! who may not see drafts.

use crate::Lang;
use crate::landscape::overlaps::normalise;
use crate::model::{Dataset, Level, LloType, TermKind};
use crate::prose::{level_name, type_name};
use crate::values::Slug;
use serde::Serialize;
use std::collections::HashMap;

string_enum! {
    /// Which matrix.
    pub enum MatrixKind {
        /// Initiatives × themes.
        ThemesInitiatives => "themas-initiatieven",
        /// Sectors × target groups.
        SectorsTargetGroups => "sectoren-doelgroepen",
        /// LLO types × sectors.
        LloTypesSectors => "llo-typen-sectoren",
        /// Challenges × levels.
        ChallengesLevels => "uitdagingen-niveaus",
    }
}

impl MatrixKind {
    /// Its title.
    pub fn title(self, lang: Lang) -> &'static str {
        match self {
            MatrixKind::ThemesInitiatives => {
                lang.pick("Thema's × initiatieven", "Themes × initiatives")
            }
            MatrixKind::SectorsTargetGroups => {
                lang.pick("Sectoren × doelgroepen", "Sectors × target groups")
            }
            MatrixKind::LloTypesSectors => lang.pick("LLO-typen × sectoren", "LLO types × sectors"),
            MatrixKind::ChallengesLevels => {
                lang.pick("Uitdagingen × niveaus", "Challenges × levels")
            }
        }
    }

    /// What a cell counts.
    pub fn counts(self, lang: Lang) -> &'static str {
        match self {
            MatrixKind::ThemesInitiatives => lang.pick(
                "Per initiatief het aantal CIMO-ketens dat over het thema gaat.",
                "For each initiative the number of CIMO chains that speak to the theme.",
            ),
            MatrixKind::SectorsTargetGroups => lang.pick(
                "Het aantal initiatieven dat zowel de sector als de doelgroep noemt.",
                "The number of initiatives that name both the sector and the target group.",
            ),
            MatrixKind::LloTypesSectors => lang.pick(
                "Het aantal initiatieven in de sector dat het LLO-type inzet (score 1 of 2 in de huidige plot).",
                "The number of initiatives in the sector that use the LLO type (score 1 or 2 in the current plot).",
            ),
            MatrixKind::ChallengesLevels => lang.pick(
                "Het aantal initiatieven met een CIMO-keten op dat niveau die over de uitdaging gaat.",
                "The number of initiatives with a CIMO chain at that level that speaks to the challenge.",
            ),
        }
    }

    /// The name of its rows and of its columns.
    pub fn axes(self, lang: Lang) -> (&'static str, &'static str) {
        match self {
            MatrixKind::ThemesInitiatives => (
                lang.pick("Initiatief", "Initiative"),
                lang.pick("Thema", "Theme"),
            ),
            MatrixKind::SectorsTargetGroups => (
                lang.pick("Sector", "Sector"),
                lang.pick("Doelgroep", "Target group"),
            ),
            MatrixKind::LloTypesSectors => (
                lang.pick("LLO-type", "LLO type"),
                lang.pick("Sector", "Sector"),
            ),
            MatrixKind::ChallengesLevels => (
                lang.pick("Uitdaging", "Challenge"),
                lang.pick("Niveau", "Level"),
            ),
        }
    }
}

/// A row or column.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Label {
    /// Its id (a record's id, a type or level as in the dataset, or a
    /// sector or target group as compared: trimmed, lower case).
    pub id: String,
    /// As shown.
    pub name: String,
}

/// One cell.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Cell {
    /// The count (0: a gap).
    pub count: usize,
    /// The initiatives behind it, each once, in the dataset's order.
    pub initiatives: Vec<Slug>,
}

/// A coverage matrix.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Matrix {
    /// Which one.
    pub kind: MatrixKind,
    /// Its rows.
    pub rows: Vec<Label>,
    /// Its columns.
    pub columns: Vec<Label>,
    /// `cells[row][column]`.
    pub cells: Vec<Vec<Cell>>,
}

impl Matrix {
    fn new(kind: MatrixKind, rows: Vec<Label>, columns: Vec<Label>) -> Matrix {
        let cells = vec![vec![Cell::default(); columns.len()]; rows.len()];
        Matrix {
            kind,
            rows,
            columns,
            cells,
        }
    }

    fn add(&mut self, row: usize, column: usize, initiative: &Slug) {
        let cell = &mut self.cells[row][column];
        cell.count += 1;
        if cell.initiatives.last() != Some(initiative) {
            cell.initiatives.push(initiative.clone());
        }
    }

    /// The empty cells, as `(row, column)`, row by row.
    pub fn gaps(&self) -> Vec<(usize, usize)> {
        let mut gaps = Vec::new();
        for (r, row) in self.cells.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                if cell.count == 0 {
                    gaps.push((r, c));
                }
            }
        }
        gaps
    }

    /// The columns whose every cell is empty (a theme no initiative speaks
    /// to, a target group no sector serves).
    pub fn empty_columns(&self) -> Vec<usize> {
        (0..self.columns.len())
            .filter(|&c| self.cells.iter().all(|row| row[c].count == 0))
            .collect()
    }

    /// The rows whose every cell is empty.
    pub fn empty_rows(&self) -> Vec<usize> {
        (0..self.rows.len())
            .filter(|&r| self.cells[r].iter().all(|cell| cell.count == 0))
            .collect()
    }
}

/// Distinct values (compared trimmed, lower case) in the order met.
fn values<'a>(lists: impl Iterator<Item = &'a [String]>) -> Vec<Label> {
    let mut seen: HashMap<String, ()> = HashMap::new();
    let mut labels = Vec::new();
    for list in lists {
        for v in list {
            let id = normalise(v);
            if !id.is_empty() && seen.insert(id.clone(), ()).is_none() {
                labels.push(Label {
                    id,
                    name: v.trim().to_owned(),
                });
            }
        }
    }
    labels.sort_by(|a, b| a.id.cmp(&b.id));
    labels
}

fn places(labels: &[Label]) -> HashMap<String, usize> {
    labels
        .iter()
        .enumerate()
        .map(|(n, l)| (l.id.clone(), n))
        .collect()
}

/// The matrix `kind` of `dataset`.
pub fn matrix(dataset: &Dataset, kind: MatrixKind, lang: Lang) -> Matrix {
    let initiatives = dataset.initiatives();
    let sectors = || {
        values(
            initiatives
                .iter()
                .map(|i| i.sectors.as_deref().unwrap_or_default()),
        )
    };
    match kind {
        MatrixKind::ThemesInitiatives => {
            let rows = initiatives
                .iter()
                .map(|i| Label {
                    id: i.id.to_string(),
                    name: i.name.clone(),
                })
                .collect();
            let columns: Vec<Label> = dataset
                .themes()
                .iter()
                .map(|t| Label {
                    id: t.id.to_string(),
                    name: t.name.clone(),
                })
                .collect();
            let mut m = Matrix::new(kind, rows, columns);
            let at = places(&m.columns);
            for (r, i) in initiatives.iter().enumerate() {
                for s in i.sessions() {
                    for c in s.chains() {
                        for t in c.terms(TermKind::Theme) {
                            if let Some(&col) = at.get(t.as_str()) {
                                m.add(r, col, &i.id);
                            }
                        }
                    }
                }
            }
            m
        }
        MatrixKind::SectorsTargetGroups => {
            let rows = sectors();
            let columns = values(
                initiatives
                    .iter()
                    .map(|i| i.target_groups.as_deref().unwrap_or_default()),
            );
            let mut m = Matrix::new(kind, rows, columns);
            let (row_at, col_at) = (places(&m.rows), places(&m.columns));
            for i in initiatives {
                for s in i.sectors.iter().flatten() {
                    for g in i.target_groups.iter().flatten() {
                        if let (Some(&r), Some(&c)) = (
                            row_at.get(normalise(s).as_str()),
                            col_at.get(normalise(g).as_str()),
                        ) {
                            m.add(r, c, &i.id);
                        }
                    }
                }
            }
            for row in &mut m.cells {
                for cell in row {
                    cell.count = cell.initiatives.len();
                }
            }
            m
        }
        MatrixKind::LloTypesSectors => {
            let rows = LloType::ALL
                .iter()
                .map(|t| Label {
                    id: t.to_string(),
                    name: type_name(*t, lang).to_owned(),
                })
                .collect();
            let columns = sectors();
            let mut m = Matrix::new(kind, rows, columns);
            let col_at = places(&m.columns);
            for i in initiatives {
                let Some(plot) = i.current_plot() else {
                    continue;
                };
                let mut mine: Vec<usize> = i
                    .sectors
                    .iter()
                    .flatten()
                    .filter_map(|s| col_at.get(normalise(s).as_str()).copied())
                    .collect();
                mine.sort_unstable();
                mine.dedup();
                for (r, t) in LloType::ALL.iter().enumerate() {
                    if plot.uses(*t) {
                        for &c in &mine {
                            m.add(r, c, &i.id);
                        }
                    }
                }
            }
            m
        }
        MatrixKind::ChallengesLevels => {
            let rows: Vec<Label> = dataset
                .challenges()
                .iter()
                .map(|t| Label {
                    id: t.id.to_string(),
                    name: t.name.clone(),
                })
                .collect();
            let columns = Level::ALL
                .iter()
                .map(|l| Label {
                    id: l.to_string(),
                    name: level_name(*l, lang).to_owned(),
                })
                .collect();
            let mut m = Matrix::new(kind, rows, columns);
            let row_at = places(&m.rows);
            for i in initiatives {
                for s in i.sessions() {
                    for c in s.chains() {
                        for ch in c.terms(TermKind::Challenge) {
                            if let Some(&r) = row_at.get(ch.as_str()) {
                                m.add(r, c.level.index(), &i.id);
                            }
                        }
                    }
                }
            }
            for row in &mut m.cells {
                for cell in row {
                    cell.count = cell.initiatives.len();
                }
            }
            m
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DATA: &str = "format: uti-dataset/1
themes:
  - {id: taal, name: Taal}
  - {id: digitaal, name: Digitale vaardigheden}
challenges:
  - {id: werkgevers, name: Werkgevers bereiken}
initiatives:
  - id: a
    name: A
    sectors: [Zorg]
    target_groups: [statushouders]
    sessions:
      - date: 2026-01-01
        kind: beoogd-ontwerp
        cimo:
          - {level: doelgroep, context: c, interventions: [i], themes: [taal], challenges: [werkgevers]}
          - {level: regio, context: c, interventions: [i], themes: [taal]}
        llo: {opleiden: 2, community: 0, waarderen-certificeren: 0, matching: 1, loopbaanbegeleiding: 0}
  - id: b
    name: B
    sectors: [zorg , techniek]
    target_groups: [jongeren]
";

    fn data() -> Dataset {
        crate::file::parse("t.yaml", DATA.as_bytes(), crate::syntax::Syntax::Yaml).unwrap()
    }

    #[test]
    fn cells_count_with_the_initiatives_behind_them_and_gaps_stand_out() {
        let d = data();
        let m = matrix(&d, MatrixKind::ThemesInitiatives, Lang::Nl);
        assert_eq!(m.cells[0][0].count, 2, "two chains of A on taal");
        assert_eq!(m.empty_columns(), [1], "no one on digital skills");
        assert_eq!(m.empty_rows(), [1], "B has no theme");

        let m = matrix(&d, MatrixKind::SectorsTargetGroups, Lang::Nl);
        let rows: Vec<&str> = m.rows.iter().map(|l| l.name.as_str()).collect();
        assert_eq!(rows, ["techniek", "Zorg"]);
        let cols: Vec<&str> = m.columns.iter().map(|l| l.id.as_str()).collect();
        assert_eq!(cols, ["jongeren", "statushouders"]);
        assert_eq!(m.cells[1][0].initiatives, [Slug::parse("b").unwrap()]);
        assert_eq!(m.cells[1][1].count, 1);
        assert_eq!(m.gaps(), [(0, 1)], "no one for statushouders in techniek");

        let m = matrix(&d, MatrixKind::LloTypesSectors, Lang::Nl);
        assert_eq!(m.rows[0].name, "opleiden");
        // A (zorg) uses opleiden and matching; B has no plot.
        assert_eq!(m.cells[0][1].count, 1);
        assert_eq!(m.cells[3][1].count, 1);
        assert_eq!(m.cells[1][1].count, 0);
        assert_eq!(m.empty_columns(), [0], "nothing known of techniek");

        let m = matrix(&d, MatrixKind::ChallengesLevels, Lang::Nl);
        assert_eq!(m.cells[0][0].count, 1);
        assert_eq!(m.gaps(), [(0, 1), (0, 2)]);
    }
}
