//! The Commitments tab of a rep's page: every commitment with its owner, due date and
//! status, the rep's reflection under it, and the buttons that close or reopen it.

use std::collections::HashMap;

use egui::RichText;
use egui_extras::{Column, TableBuilder};

use crate::model::RosterRow;
use crate::ui::{Origin, View};

/// Every commitment of the rep, open ones first, with done and drop at hand.
///
/// Ten years of weekly sessions leave a rep 700 commitments; only the rows in view are laid
/// out (a row with the rep's reflection is a line taller).
pub(super) fn commitments_ui(ui: &mut egui::Ui, view: &mut View<'_>, row: &RosterRow) {
    use crate::domain::commitment::{CommitmentStatus, Owner};
    let list = match &view.caches.rep_commitments {
        Some((rep, list)) if *rep == row.rep.id => list.as_slice(),
        _ => &[],
    };
    if list.is_empty() {
        ui.weak("No commitments yet. They are agreed at the close of a session.");
        return;
    }
    let reflections = reflections(view);
    let line_height = ui.text_style_height(&egui::TextStyle::Body);
    let heights = list.iter().map(|c| {
        ROW_HEIGHT
            + if reflections.contains_key(&c.id.0) {
                line_height
            } else {
                0.0
            }
    });
    let mut command = None;
    TableBuilder::new(ui)
        .id_salt("rep_commitments")
        .striped(true)
        .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
        .column(Column::exact(COMMITMENT_TEXT_WIDTH).clip(true))
        .column(Column::exact(40.0))
        .column(Column::initial(150.0))
        .column(Column::exact(80.0))
        .column(Column::remainder().at_least(120.0))
        .body(|body| {
            body.heterogeneous_rows(heights, |mut table_row| {
                let index = table_row.index();
                let c = &list[index];
                table_row.col(|ui| {
                    let reflection = reflections.get(&c.id.0).copied();
                    text_and_reflection_ui(ui, &c.draft.text, reflection, &row.rep.name);
                });
                table_row.col(|ui| {
                    ui.weak(match c.draft.owner {
                        Owner::Rep => "rep",
                        Owner::Manager => "you",
                    });
                });
                table_row.col(|ui| {
                    let due = c.draft.due_on.format("%-d %b %Y").to_string();
                    if c.status == CommitmentStatus::Open && c.draft.due_on < view.today {
                        ui.colored_label(
                            crate::ui::style::danger(ui.visuals()),
                            format!("overdue, {due}"),
                        );
                    } else {
                        ui.label(due);
                    }
                });
                table_row.col(|ui| {
                    ui.label(c.status.code());
                });
                table_row.col(|ui| {
                    if let Some(change) = crate::ui::session::status_buttons_ui(ui, c) {
                        command = Some(change);
                    }
                });
            });
        });
    if let Some(command) = command {
        view.apply(command, Origin::Other);
    }
}

const ROW_HEIGHT: f32 = 28.0;
const COMMITMENT_TEXT_WIDTH: f32 = 420.0;

/// What the rep wrote about their commitments in the rep file they sent back, by commitment.
fn reflections<'a>(view: &'a View<'_>) -> HashMap<i64, &'a str> {
    view.caches
        .answers
        .iter()
        .flat_map(|(_, received)| &received.answers.reflections)
        .map(|r| (r.commitment_id, r.text.as_str()))
        .collect()
}

/// The commitment, and under it what the rep wrote about it in their returned rep file.
fn text_and_reflection_ui(ui: &mut egui::Ui, text: &str, reflection: Option<&str>, rep: &str) {
    let text = egui::Label::new(text).truncate();
    let Some(reflection) = reflection else {
        ui.add(text);
        return;
    };
    ui.vertical(|ui| {
        ui.add(text);
        ui.add(
            egui::Label::new(RichText::new(format!("{rep}'s reflection: {reflection}")).weak())
                .truncate(),
        );
    });
}
