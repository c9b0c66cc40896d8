//! Observation tables: the Observations screen, and the same table on a rep's page.

mod editor;
mod filters;
mod table;

use std::collections::BTreeSet;

use egui::RichText;

pub use editor::EditorState;
pub use filters::FilterForm;

use super::{Origin, View};
use crate::domain::observation::{ObservationId, Visibility};
use crate::domain::observation_query::{ObservationFilter, Sort};
use crate::domain::rep::RepId;
use crate::model::{LogState, TableId};
use crate::ops::Command;

/// What one observation table remembers between frames.
#[derive(Default)]
pub struct TableState {
    pub form: FilterForm,
    pub sort: Sort,
    pub selected: BTreeSet<ObservationId>,
    pub editor: Option<EditorState>,
    /// Set on a rep's page: the table shows that rep only.
    pub fixed_rep: Option<RepId>,
}

impl TableState {
    pub fn for_rep(rep: RepId) -> TableState {
        TableState {
            fixed_rep: Some(rep),
            ..TableState::default()
        }
    }

    /// The filter as the query thread should run it; a half-typed date keeps the last
    /// valid one.
    pub fn filter(&self) -> ObservationFilter {
        let mut filter = self.form.parsed();
        if self.fixed_rep.is_some() {
            filter.rep = self.fixed_rep;
        }
        filter
    }
}

pub fn observations_screen_ui(ui: &mut egui::Ui, view: &mut View<'_>) {
    ui.horizontal(|ui| {
        ui.heading("Observations");
        ui.weak("What you saw reps do, skill by skill.");
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            super::capture::capture_button_ui(ui, view);
        });
    });
    ui.add_space(6.0);
    table_ui(ui, view, TableId::Log);
}

/// Filters, the table, bulk actions and the editor of one observation table.
pub fn table_ui(ui: &mut egui::Ui, view: &mut View<'_>, id: TableId) {
    let reps = &view.caches.roster;
    let framework = &view.caches.framework;
    let Some(state) = view.state.table_mut(id) else {
        return;
    };
    filters::filters_ui(
        ui,
        &mut state.form,
        reps,
        framework,
        state.fixed_rep.is_some(),
    );
    match &view.caches.log {
        LogState::Loading => {
            ui.add_space(20.0);
            ui.horizontal(|ui| {
                ui.spinner();
                ui.label("Loading the observation log...");
            });
            return;
        }
        LogState::Failed(message) => {
            ui.colored_label(
                super::style::danger(ui.visuals()),
                format!("The observations could not be read: {message}"),
            );
            return;
        }
        LogState::Ready(_) => {}
    }
    let result = view.caches.table(id).cloned().unwrap_or_default();
    summary_bar_ui(ui, view, id, &result);
    if let Some(error) = &result.error {
        ui.colored_label(super::style::danger(ui.visuals()), error);
    }
    if result.rows.is_empty() && !result.pending {
        let filtered = view.state.table_mut(id).is_some_and(|s| !s.form.is_empty());
        ui.add_space(24.0);
        ui.vertical_centered(|ui| {
            let text = if filtered {
                "No observation matches these filters. Clear them to see every observation."
            } else {
                "No observations yet. Press Ctrl+K on any screen to capture what you saw on a call."
            };
            ui.label(RichText::new(text).weak().size(15.0));
        });
        return;
    }
    table::rows_ui(ui, view, id, &result.rows);
    if view.state.table_mut(id).is_some_and(|s| s.editor.is_some()) {
        // A panel over the right of the table: the row being edited stays in view.
        let top = ui.min_rect().top() + 96.0;
        egui::Window::new("Observation editor")
            .id(egui::Id::unique(("observation_editor", id)))
            .title_bar(false)
            .resizable(false)
            .collapsible(false)
            .anchor(egui::Align2::RIGHT_TOP, egui::vec2(-18.0, top))
            .default_width(EDITOR_WIDTH)
            .show(ui.ctx(), |ui| {
                ui.set_width(EDITOR_WIDTH);
                editor::editor_ui(ui, view, id);
            });
    }
}

const EDITOR_WIDTH: f32 = 380.0;

/// How long a query may take before the screen says it is working on it.
const SLOW_QUERY: std::time::Duration = std::time::Duration::from_millis(100);

/// While a filter or sort runs on its thread: a quiet word, and past a tenth of a second a
/// spinner saying what it does (most answer within a frame or two, where a spinner would
/// only flicker). The rows shown stay until the answer comes.
fn pending_ui(ui: &mut egui::Ui, result: &crate::model::TableResult) {
    let waited = result
        .sent_at
        .map(|sent| sent.elapsed())
        .unwrap_or_default();
    if waited < SLOW_QUERY {
        ui.weak("searching...");
        ui.ctx().request_repaint_after(SLOW_QUERY - waited);
        return;
    }
    ui.spinner();
    ui.label("Filtering and sorting the observations...");
}

/// The count, the query time, and what can be done with the selection.
fn summary_bar_ui(
    ui: &mut egui::Ui,
    view: &mut View<'_>,
    id: TableId,
    result: &crate::model::TableResult,
) {
    let Some(state) = view.state.table_mut(id) else {
        return;
    };
    let selected: Vec<ObservationId> = state.selected.iter().copied().collect();
    let mut command = None;
    ui.horizontal(|ui| {
        let count = result.rows.len();
        ui.label(
            RichText::new(format!(
                "{count} {}",
                if count == 1 {
                    "observation"
                } else {
                    "observations"
                }
            ))
            .strong(),
        );
        if result.pending {
            pending_ui(ui, result);
        } else {
            ui.weak(format!("found in {:.0} ms", result.last_query_ms.max(1.0)));
        }
        if !state.form.is_empty() && ui.small_button("Clear filters").clicked() {
            state.form = FilterForm::default();
        }
        if selected.is_empty() {
            ui.weak("Click a row to edit it; Ctrl+click to select several.");
            return;
        }
        ui.separator();
        ui.label(format!("{} selected", selected.len()));
        if ui.small_button("Share with rep").clicked() {
            command = Some(Command::SetVisibility {
                ids: selected.clone(),
                visibility: Visibility::Shared,
            });
        }
        if ui.small_button("Make private").clicked() {
            command = Some(Command::SetVisibility {
                ids: selected.clone(),
                visibility: Visibility::Private,
            });
        }
        if ui.small_button("Delete selected").clicked() {
            command = Some(Command::DeleteObservations(selected.clone()));
        }
        if ui.small_button("Clear selection").clicked() {
            state.selected.clear();
        }
    });
    if let Some(command) = command {
        if matches!(command, Command::DeleteObservations(_)) {
            state.selected.clear();
            state.editor = None;
        }
        view.apply(command, Origin::Other);
    }
}
