//! The rows of a form laid out in a two-column grid, shared by the forms that show every
//! problem at once: a labelled field, and under it the field's problem when it has one.

use super::style;

/// A labelled single-line field and, in the row under it, its problem; the label also
/// names the field for screen readers. Takes the cursor when `focus`.
pub fn text_row_ui(
    ui: &mut egui::Ui,
    (label, hint, width): (&str, &str, f32),
    value: &mut String,
    (problem, focus): (Option<String>, bool),
) -> egui::Response {
    let label = ui.label(label);
    let field = ui
        .add(
            egui::TextEdit::singleline(value)
                .hint_text(hint)
                .desired_width(width),
        )
        .labelled_by(label.id);
    if focus {
        field.request_focus();
    }
    ui.end_row();
    problem_row_ui(ui, problem);
    field
}

/// A field's problem, in the danger colour under the field; nothing when it has none.
pub fn problem_row_ui(ui: &mut egui::Ui, problem: Option<String>) {
    if let Some(problem) = problem {
        ui.label("");
        ui.colored_label(style::danger(ui.visuals()), problem);
        ui.end_row();
    }
}
