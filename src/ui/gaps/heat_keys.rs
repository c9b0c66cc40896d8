//! The heat map by keyboard. One cell at a time takes part in the Tab order, as in a grid
//! of a screen reader's world: the cell last moved to, else the first. With it focused, the
//! arrow keys move between cells (scrolling them into view) and Enter or Space opens the
//! rep's chart of that skill, as a click does. Tab leaves the map in one key, not hundreds.

use egui::{Key, Rect};

use crate::domain::rep::RepId;
use crate::domain::skill::SkillId;

pub(super) type Cell = (RepId, SkillId);

/// Where the cells are: the reps down, the skills across (averages left out), in the order
/// shown, and where each skill's column starts.
pub(super) struct Grid<'a> {
    pub reps: &'a [RepId],
    pub columns: &'a [(SkillId, f32)],
    /// The top of the first row and the height of a row.
    pub rows_top: f32,
    pub cell: f32,
}

impl Grid<'_> {
    /// The cell in the Tab order: the one remembered, while it is still on the map, else
    /// the first.
    pub fn current(&self, ctx: &egui::Context, id: egui::Id) -> Option<Cell> {
        let remembered: Option<Cell> = ctx.data(|d| d.get_temp(id));
        remembered
            .filter(|(rep, skill)| {
                self.reps.contains(rep) && self.columns.iter().any(|(s, _)| s == skill)
            })
            .or_else(|| Some((*self.reps.first()?, self.columns.first()?.0)))
    }

    /// The cell next to `cell` in the direction of an arrow key; none at the edge.
    pub fn neighbour(&self, (rep, skill): Cell, key: Key) -> Option<Cell> {
        let row = self.reps.iter().position(|r| *r == rep)?;
        let column = self.columns.iter().position(|(s, _)| *s == skill)?;
        let (row, column) = match key {
            Key::ArrowUp => (row.checked_sub(1)?, column),
            Key::ArrowDown => (row + 1, column),
            Key::ArrowLeft => (row, column.checked_sub(1)?),
            Key::ArrowRight => (row, column + 1),
            _ => return None,
        };
        Some((*self.reps.get(row)?, self.columns.get(column)?.0))
    }

    /// Where `cell` is drawn, for scrolling it into view.
    pub fn rect(&self, (rep, skill): Cell) -> Option<Rect> {
        let row = self.reps.iter().position(|r| *r == rep)?;
        let x = self.columns.iter().find(|(s, _)| *s == skill)?.1;
        let top = self.rows_top + row as f32 * self.cell;
        Some(Rect::from_min_size(
            egui::pos2(x, top),
            egui::vec2(self.cell, self.cell),
        ))
    }
}

/// Reads the arrow keys for the focused cell: moves the Tab stop and the focus to the
/// neighbour, scrolls it into view and returns it. `cell_id` names a cell's widget.
pub(super) fn arrows_ui(
    ui: &mut egui::Ui,
    grid: &Grid<'_>,
    (map_id, cell): (egui::Id, Cell),
    cell_id: impl Fn(Cell) -> egui::Id,
) -> Option<Cell> {
    // The map, not egui, moves the focus between cells.
    let filter = egui::EventFilter {
        horizontal_arrows: true,
        vertical_arrows: true,
        ..Default::default()
    };
    ui.memory_mut(|m| m.set_focus_lock_filter(cell_id(cell), filter));
    let pressed = [
        Key::ArrowUp,
        Key::ArrowDown,
        Key::ArrowLeft,
        Key::ArrowRight,
    ]
    .into_iter()
    .find(|key| ui.input_mut(|i| i.consume_key(egui::Modifiers::NONE, *key)));
    let next = pressed.and_then(|key| grid.neighbour(cell, key))?;
    ui.data_mut(|d| d.insert_temp(map_id, next));
    ui.memory_mut(|m| m.request_focus(cell_id(next)));
    if let Some(rect) = grid.rect(next) {
        ui.scroll_to_rect(rect.expand(grid.cell), None);
    }
    Some(next)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_arrows_walk_the_grid_and_stop_at_its_edges() {
        let reps = [RepId(1), RepId(2)];
        let columns = [(SkillId(10), 0.0), (SkillId(11), 24.0), (SkillId(12), 58.0)];
        let grid = Grid {
            reps: &reps,
            columns: &columns,
            rows_top: 100.0,
            cell: 24.0,
        };
        let start = (RepId(1), SkillId(10));
        assert_eq!(grid.neighbour(start, Key::ArrowUp), None);
        assert_eq!(grid.neighbour(start, Key::ArrowLeft), None);
        assert_eq!(
            grid.neighbour(start, Key::ArrowDown),
            Some((RepId(2), SkillId(10)))
        );
        let right = grid.neighbour(start, Key::ArrowRight);
        assert_eq!(right, Some((RepId(1), SkillId(11))));
        assert_eq!(
            grid.neighbour((RepId(2), SkillId(12)), Key::ArrowDown),
            None
        );
        assert_eq!(
            grid.rect((RepId(2), SkillId(12))).map(|r| r.min),
            Some(egui::pos2(58.0, 124.0))
        );
    }
}
