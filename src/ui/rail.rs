//! The navigation rail: the screens that work, the File menu, and undo/redo within reach
//! of the mouse.

use egui::RichText;

use super::{Place, Request, Screen, View};

pub fn rail_ui(ui: &mut egui::Ui, view: &mut View<'_>) {
    ui.label(RichText::new("Coachbook").heading().strong());
    ui.add_space(14.0);
    for screen in Screen::ALL {
        let selected = view.state.screen == screen;
        let button = egui::Button::selectable(selected, RichText::new(screen.title()).size(15.5))
            .min_size(egui::vec2(ui.available_width(), 30.0));
        if ui
            .add(button)
            .on_hover_text(format!("{} ({})", screen.title(), screen.shortcut()))
            .clicked()
        {
            view.go(Place::Screen(screen));
        }
    }
    ui.with_layout(egui::Layout::bottom_up(egui::Align::Min), |ui| {
        ui.horizontal(|ui| {
            let undo = ui
                .add_enabled(view.status.undo_label.is_some(), egui::Button::new("Undo"))
                .on_hover_text(match view.status.undo_label {
                    Some(label) => format!("Undo: {label} (Ctrl+Z)"),
                    None => "Nothing to undo".to_owned(),
                });
            let redo = ui
                .add_enabled(view.status.redo_label.is_some(), egui::Button::new("Redo"))
                .on_hover_text(match view.status.redo_label {
                    Some(label) => format!("Redo: {label} (Ctrl+Shift+Z)"),
                    None => "Nothing to redo".to_owned(),
                });
            if undo.clicked() {
                view.request(Request::Undo);
            }
            if redo.clicked() {
                view.request(Request::Redo);
            }
        });
        super::file_menu::file_menu_ui(ui, view);
    });
}
