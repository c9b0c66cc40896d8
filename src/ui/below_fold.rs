//! Sections further down a scrolled screen than the manager can see.

/// Lays out `add_contents` when the space it took last frame is in view; otherwise it only
/// reserves that space, so the scroll bar stays true. Fifty rows nobody can see cost as much
/// to lay out as the rows on screen, in every frame.
///
/// A section that changed while out of view keeps its old size until it is scrolled to.
pub fn when_visible_ui(ui: &mut egui::Ui, id_salt: &str, add_contents: impl FnOnce(&mut egui::Ui)) {
    let id = ui.scope_id().with(id_salt);
    let last_size: Option<egui::Vec2> = ui.data(|d| d.get_temp(id));
    if let Some(size) = last_size {
        let rect = egui::Rect::from_min_size(ui.cursor().min, size);
        if !ui.is_rect_visible(rect) {
            ui.allocate_space(size);
            return;
        }
    }
    let size = ui.scope(add_contents).response.rect.size();
    ui.data_mut(|d| d.insert_temp(id, size));
}
