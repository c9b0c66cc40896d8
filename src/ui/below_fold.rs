//! Parts of a scrolled screen further down than the reader can see.

/// Lays out `add_contents` when the space it took last frame is in view or within a screen
/// of it; otherwise it only reserves that space, so the scroll bar stays true. A thousand
/// rows nobody can see cost as much to lay out as the rows on screen, in every frame.
///
/// The screen of slack either side keeps the next field ready for Tab and for a screen
/// reader's next item. A part that changed while far out of view keeps its old size until
/// it comes near.
pub fn when_visible_ui(
    ui: &mut egui::Ui,
    id_salt: impl egui::AsIdSalt,
    add_contents: impl FnOnce(&mut egui::Ui),
) {
    let id = ui.scope_id().with(id_salt);
    let last_size: Option<egui::Vec2> = ui.data(|d| d.get_temp(id));
    if let Some(size) = last_size {
        let rect = egui::Rect::from_min_size(ui.cursor().min, size);
        let shown = ui.clip_rect();
        let near = shown.expand2(egui::vec2(0.0, shown.height()));
        if !near.intersects(rect) {
            ui.allocate_space(size);
            return;
        }
    }
    // A salt of its own, so the ids inside stay the same whether the parts above were laid
    // out or only reserved: a text field keeps its focus while the page scrolls.
    let size = ui
        .scope_builder(egui::UiBuilder::new().id_salt(id), add_contents)
        .response
        .rect
        .size();
    ui.data_mut(|d| d.insert_temp(id, size));
}
