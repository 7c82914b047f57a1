//! Coverage matrices of the landscape as tables for XLSX and CSV.

use std::borrow::Cow;

use uti_core::Lang;

use crate::{Cell, Table};

/// A coverage matrix as two tables: the grid (a row per row of the
/// matrix, its label first, then a count per column) and the cells one
/// per line with the initiatives behind them and whether the cell is a
/// gap (for themes × initiatives only the cells that are not empty).
pub fn coverage_tables(matrix: &uti_core::landscape::coverage::Matrix, lang: Lang) -> [Table; 2] {
    use uti_core::landscape::coverage::MatrixKind;
    let (row_axis, column_axis) = matrix.kind.axes(lang);
    let mut grid = Table {
        name: Cow::Borrowed(matrix.kind.as_str()),
        columns: std::iter::once(Cow::Borrowed(row_axis))
            .chain(matrix.columns.iter().map(|c| Cow::Owned(c.name.clone())))
            .collect(),
        rows: Vec::new(),
    };
    let mut cells = Table {
        name: Cow::Owned(format!("{}-cellen", matrix.kind.as_str())),
        columns: vec![
            Cow::Borrowed(row_axis),
            Cow::Borrowed(column_axis),
            Cow::Borrowed(lang.pick("aantal", "count")),
            Cow::Borrowed(lang.pick("gat", "gap")),
            Cow::Borrowed(lang.pick("initiatieven", "initiatives")),
        ],
        rows: Vec::new(),
    };
    for (r, row) in matrix.cells.iter().enumerate() {
        let label = &matrix.rows[r].name;
        grid.push(
            std::iter::once(Cell::text(label))
                .chain(row.iter().map(|c| Cell::number(c.count)))
                .collect(),
        );
        for (c, cell) in row.iter().enumerate() {
            if cell.count == 0 && matrix.kind == MatrixKind::ThemesInitiatives {
                continue;
            }
            let ids: Vec<String> = cell.initiatives.iter().map(|i| i.to_string()).collect();
            cells.push(vec![
                Cell::text(label),
                Cell::text(&matrix.columns[c].name),
                Cell::number(cell.count),
                Cell::Bool(cell.count == 0),
                Cell::list(Some(&ids)),
            ]);
        }
    }
    [grid, cells]
}
