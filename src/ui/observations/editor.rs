//! The side panel that edits one observation in full.

use egui::RichText;

use crate::domain::observation::{
    CallContext, Observation, ObservationDraft, ObservationId, Visibility,
};
use crate::domain::rep::parse_optional_date;
use crate::domain::{Level, Rating};
use crate::model::{Caches, TableId};
use crate::ops::Command;
use crate::ui::picker::picker_ui;
use crate::ui::{Origin, View, style};

/// The observation being edited; its full text is read by the app after the frame that
/// opened the panel.
#[derive(Clone, Debug)]
pub struct EditorState {
    pub id: ObservationId,
    pub form: Option<EditForm>,
    pub error: Option<String>,
}

#[derive(Clone, Debug)]
pub struct EditForm {
    pub draft: ObservationDraft,
    pub date: String,
}

impl EditorState {
    pub fn loading(id: ObservationId) -> EditorState {
        EditorState {
            id,
            form: None,
            error: None,
        }
    }

    pub fn fill(&mut self, observation: Observation) {
        self.form = Some(EditForm {
            date: observation.draft.observed_on.to_string(),
            draft: observation.draft,
        });
    }
}

pub fn editor_ui(ui: &mut egui::Ui, view: &mut View<'_>, id: TableId) {
    let caches = view.caches;
    let Some(state) = view.state.table_mut(id) else {
        return;
    };
    let Some(editor) = state.editor.as_mut() else {
        return;
    };
    let mut close = ui.input(|i| i.key_pressed(egui::Key::Escape));
    ui.add_space(6.0);
    ui.horizontal(|ui| {
        ui.label(RichText::new("Edit observation").strong().size(16.0));
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            close |= ui.small_button("Close").clicked();
        });
    });
    let Some(form) = editor.form.as_mut() else {
        ui.spinner();
        return;
    };
    fields_ui(ui, caches, form, id);
    let label = ui.label("Evidence");
    ui.add(
        egui::TextEdit::multiline(&mut form.draft.evidence)
            .desired_rows(8)
            .desired_width(f32::INFINITY),
    )
    .labelled_by(label.id);
    if let Some(error) = &editor.error {
        ui.colored_label(style::danger(ui.visuals()), error);
    }
    ui.add_space(6.0);
    let command = buttons_ui(ui, form, editor.id, &mut editor.error);
    if close {
        state.editor = None;
    }
    if let Some(command) = command {
        view.apply(command, Origin::ObservationEditor(id));
    }
}

/// Every field but the evidence, as a grid of label and value.
fn fields_ui(ui: &mut egui::Ui, caches: &Caches, form: &mut EditForm, id: TableId) {
    let draft = &mut form.draft;
    egui::Grid::new(("editor", id))
        .num_columns(2)
        .spacing([10.0, 8.0])
        .show(ui, |ui| {
            let label = ui.label("Date");
            ui.add(egui::TextEdit::singleline(&mut form.date).desired_width(120.0))
                .labelled_by(label.id);
            ui.end_row();

            rep_and_skill_rows_ui(ui, caches, draft, id);

            ui.label("Rating");
            ui.horizontal(|ui| {
                for level in 1..=5 {
                    let value = Level::new(level)
                        .map(Rating::Rated)
                        .unwrap_or(Rating::NotObserved);
                    ui.selectable_value(&mut draft.rating, value, level.to_string())
                        .on_hover_text(format!("Rating {level}"));
                }
                ui.selectable_value(&mut draft.rating, Rating::NotObserved, "N")
                    .on_hover_text("Not observed");
            });
            ui.end_row();

            let label = ui.label("Context");
            egui::ComboBox::from_id_salt(("editor_context", id))
                .selected_text(draft.context.label())
                .width(220.0)
                .show_ui(ui, |ui| {
                    for context in CallContext::ALL {
                        ui.selectable_value(&mut draft.context, context, context.label());
                    }
                })
                .response
                .labelled_by(label.id);
            ui.end_row();

            let label = ui.label("Account");
            ui.add(egui::TextEdit::singleline(&mut draft.account).desired_width(220.0))
                .labelled_by(label.id);
            ui.end_row();

            ui.label("Visible to");
            ui.horizontal(|ui| {
                ui.selectable_value(&mut draft.visibility, Visibility::Shared, "Shared with rep");
                ui.selectable_value(&mut draft.visibility, Visibility::Private, "Private to me");
            });
            ui.end_row();
        });
}

/// The rep and the skill; an archived rep or a retired skill is offered only when it is
/// the observation's own, so an old observation still shows what it was about.
fn rep_and_skill_rows_ui(
    ui: &mut egui::Ui,
    caches: &Caches,
    draft: &mut ObservationDraft,
    id: TableId,
) {
    let label = ui.label("Rep");
    let current = draft.rep_id;
    let reps: Vec<_> = caches
        .roster
        .iter()
        .filter(|r| !r.rep.archived || r.rep.id == current)
        .map(|r| (r.rep.id, r.rep.name.clone()))
        .collect();
    let mut rep = Some(current);
    picker_ui(
        ui,
        ("editor_rep", id),
        label.id,
        &reps,
        &mut rep,
        None,
        220.0,
    );
    draft.rep_id = rep.unwrap_or(current);
    ui.end_row();

    let label = ui.label("Skill");
    let current = draft.skill_id;
    let skills: Vec<_> = caches
        .framework
        .skills
        .iter()
        .filter(|s| !s.retired || s.id == current)
        .map(|s| (s.id, s.name.clone()))
        .collect();
    let mut skill = Some(current);
    picker_ui(
        ui,
        ("editor_skill", id),
        label.id,
        &skills,
        &mut skill,
        None,
        220.0,
    );
    draft.skill_id = skill.unwrap_or(current);
    ui.end_row();
}

/// Save (which first reads the typed date) and Delete; returns the command clicked.
fn buttons_ui(
    ui: &mut egui::Ui,
    form: &mut EditForm,
    id: ObservationId,
    error: &mut Option<String>,
) -> Option<Command> {
    let mut command = None;
    ui.horizontal(|ui| {
        let save = ui
            .add(egui::Button::new("Save changes").shortcut_text("Ctrl+Enter"))
            .clicked()
            || ui.input_mut(|i| i.consume_key(egui::Modifiers::COMMAND, egui::Key::Enter));
        if save {
            match parse_optional_date(&form.date) {
                Ok(Some(day)) => {
                    form.draft.observed_on = day;
                    command = Some(Command::EditObservation {
                        id,
                        draft: form.draft.clone(),
                    });
                }
                Ok(None) => *error = Some("The observation needs a date.".to_owned()),
                Err(err) => *error = Some(err.to_string()),
            }
        }
        if ui.button("Delete").clicked() {
            command = Some(Command::DeleteObservations(vec![id]));
        }
    });
    command
}
