//! Choosing one rep or skill among fifty: a button that opens a search field over the whole
//! list, filtered as you type by the same rule as quick capture (letters in order, case and
//! accents ignored, word starts first), so "kwa" finds Kwame without scrolling.

use crate::domain::fuzzy;

/// What the open popup remembers between frames; dropped when it closes so the next
/// opening starts with an empty search.
#[derive(Clone, Default)]
struct Search {
    query: String,
    highlighted: usize,
    focused: bool,
}

/// A combo box labelled by `label_id` (the visible label before it, so screen readers
/// and tests find it as "Rep" or "Skill"). `none` names the "All"/"Everyone" entry where
/// choosing nothing is allowed. Returns true when the choice changed.
pub fn picker_ui<T: Copy + PartialEq>(
    ui: &mut egui::Ui,
    id_salt: impl std::hash::Hash + std::fmt::Debug,
    label_id: egui::Id,
    options: &[(T, String)],
    selected: &mut Option<T>,
    none: Option<&str>,
    width: f32,
) -> bool {
    let shown = selected
        .and_then(|v| options.iter().find(|(o, _)| *o == v))
        .map(|(_, name)| name.as_str())
        .or(none)
        .unwrap_or("?")
        .to_owned();
    let state_id = ui.make_persistent_id(&id_salt).with("picker_search");
    let mut changed = false;
    // The closed look and the accessibility node ("Rep", combo box, its value) stay the
    // combo box's; only what opens is new.
    let popup = egui::ComboBox::from_id_salt(id_salt)
        .selected_text(shown)
        .width(width)
        .height(f32::INFINITY)
        .close_behavior(egui::PopupCloseBehavior::CloseOnClickOutside)
        .show_ui(ui, |ui| {
            let mut search: Search = ui.data(|d| d.get_temp(state_id)).unwrap_or_default();
            let choice = list_ui(ui, &mut search, options, (*selected, none), label_id);
            ui.data_mut(|d| d.insert_temp(state_id, search));
            if let Some(choice) = choice {
                changed = *selected != choice;
                *selected = choice;
                ui.close();
            }
        });
    popup.response.labelled_by(label_id);
    if popup.inner.is_none() {
        ui.data_mut(|d| d.remove::<Search>(state_id));
    }
    changed
}

/// The search field and the matches; returns `Some(choice)` when one was clicked or
/// Enter was pressed (`Some(None)` is the "All" entry).
fn list_ui<T: Copy + PartialEq>(
    ui: &mut egui::Ui,
    search: &mut Search,
    options: &[(T, String)],
    (current, none): (Option<T>, Option<&str>),
    label_id: egui::Id,
) -> Option<Option<T>> {
    let (up, down, enter) = ui.input_mut(|i| {
        (
            i.consume_key(egui::Modifiers::NONE, egui::Key::ArrowUp),
            i.consume_key(egui::Modifiers::NONE, egui::Key::ArrowDown),
            i.consume_key(egui::Modifiers::NONE, egui::Key::Enter),
        )
    });
    let field = ui
        .add(
            egui::TextEdit::singleline(&mut search.query)
                .hint_text("Type to search")
                .desired_width(f32::INFINITY),
        )
        // Named like the button, so a screen reader says "Rep, edit text".
        .labelled_by(label_id);
    let opening = !search.focused;
    if opening {
        field.request_focus();
        search.focused = true;
    }
    if field.changed() {
        search.highlighted = 0;
    }
    let mut entries: Vec<(Option<T>, &str)> = Vec::new();
    if let Some(none) = none.filter(|_| search.query.trim().is_empty()) {
        entries.push((None, none));
    }
    entries.extend(
        fuzzy::rank(&search.query, options, |(_, name)| name.clone())
            .into_iter()
            .map(|(value, name)| (Some(*value), name.as_str())),
    );
    if entries.is_empty() {
        ui.weak("No match");
        return None;
    }
    if opening {
        // Arrows start from the current choice, as in a combo box.
        search.highlighted = entries.iter().position(|(v, _)| *v == current).unwrap_or(0);
    }
    let last = entries.len() - 1;
    search.highlighted = search.highlighted.min(last);
    if down {
        search.highlighted = (search.highlighted + 1).min(last);
    }
    if up {
        search.highlighted = search.highlighted.saturating_sub(1);
    }
    if enter {
        return Some(entries[search.highlighted].0);
    }
    let mut clicked = None;
    egui::ScrollArea::vertical()
        .max_height(320.0)
        .auto_shrink([false, true])
        .show(ui, |ui| {
            for (index, (value, name)) in entries.iter().enumerate() {
                let highlighted = index == search.highlighted;
                let row = ui.selectable_label(highlighted, *name);
                if highlighted && (up || down || opening) {
                    row.scroll_to_me(None);
                }
                if row.clicked() {
                    clicked = Some(*value);
                }
            }
        });
    clicked
}
