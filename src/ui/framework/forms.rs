//! The forms that add or edit a skill and a prompt.

use egui::RichText;

use crate::domain::Bucket;
use crate::domain::skill::{Rubric, Skill, SkillDraft, SkillId};
use crate::ops::Command;
use crate::ui::{Origin, View, style};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SkillForm {
    pub editing: Option<SkillId>,
    pub bucket: Bucket,
    pub draft: SkillDraft,
    pub error: Option<String>,
}

impl SkillForm {
    pub fn add(bucket: Bucket) -> SkillForm {
        SkillForm {
            editing: None,
            bucket,
            draft: SkillDraft::default(),
            error: None,
        }
    }

    pub fn edit(skill: &Skill) -> SkillForm {
        SkillForm {
            editing: Some(skill.id),
            bucket: skill.bucket,
            draft: SkillDraft {
                bucket: Some(skill.bucket),
                name: skill.name.clone(),
                description: skill.description.clone(),
                rubric: skill.rubric.clone(),
            },
            error: None,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PromptForm {
    pub editing: Option<i64>,
    pub bucket: Bucket,
    pub text: String,
    pub error: Option<String>,
}

fn field_ui(ui: &mut egui::Ui, label: &str, value: &mut String, multiline: bool) {
    let label = ui.label(label);
    let edit = if multiline {
        egui::TextEdit::multiline(value).desired_rows(2)
    } else {
        egui::TextEdit::singleline(value)
    };
    ui.add(edit.desired_width(f32::INFINITY))
        .labelled_by(label.id);
    ui.end_row();
}

/// Draws the skill form; the command it pushes is validated by the app, whose message
/// comes back into `form.error`.
pub fn skill_form_ui(ui: &mut egui::Ui, view: &mut View<'_>) {
    let Some(form) = view.state.framework.skill_form.as_mut() else {
        return;
    };
    let mut submit = false;
    let mut cancel = false;
    style::card_frame(ui.style()).show(ui, |ui| {
        ui.set_width(ui.available_width());
        let title = if form.editing.is_some() {
            "Edit skill"
        } else {
            "Add a skill"
        };
        ui.label(RichText::new(format!("{title} in {}", form.bucket.title())).strong());
        egui::Grid::new("skill_form")
            .num_columns(2)
            .spacing([10.0, 6.0])
            .show(ui, |ui| {
                let draft = &mut form.draft;
                field_ui(ui, "Skill name", &mut draft.name, false);
                field_ui(ui, "Description", &mut draft.description, false);
                let Rubric {
                    level_1,
                    level_3,
                    level_5,
                } = &mut draft.rubric;
                field_ui(ui, "Level 1 looks like", level_1, true);
                field_ui(ui, "Level 3 looks like", level_3, true);
                field_ui(ui, "Level 5 looks like", level_5, true);
            });
        if let Some(error) = &form.error {
            ui.colored_label(style::danger(ui.visuals()), error);
        }
        ui.horizontal(|ui| {
            submit = ui
                .add(egui::Button::new("Save skill").shortcut_text("Ctrl+Enter"))
                .clicked()
                || ui.input_mut(|i| i.consume_key(egui::Modifiers::COMMAND, egui::Key::Enter));
            cancel =
                ui.button("Cancel").clicked() || ui.input(|i| i.key_pressed(egui::Key::Escape));
        });
    });
    if cancel {
        view.state.framework.skill_form = None;
    } else if submit {
        let command = match form.editing {
            Some(id) => Command::EditSkill {
                id,
                draft: form.draft.clone(),
            },
            None => Command::AddSkill {
                bucket: form.bucket,
                draft: form.draft.clone(),
            },
        };
        form.error = None;
        view.apply(command, Origin::SkillForm);
    }
}

pub fn prompt_form_ui(ui: &mut egui::Ui, view: &mut View<'_>) {
    let Some(form) = view.state.framework.prompt_form.as_mut() else {
        return;
    };
    let mut submit = false;
    let mut cancel = false;
    ui.horizontal(|ui| {
        let label = ui.label(if form.editing.is_some() {
            "Edit prompt"
        } else {
            "New prompt"
        });
        let field = ui
            .add(egui::TextEdit::singleline(&mut form.text).desired_width(520.0))
            .labelled_by(label.id);
        submit = (field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)))
            || ui.button("Save prompt").clicked();
        cancel = ui.button("Cancel").clicked();
    });
    if let Some(error) = &form.error {
        ui.colored_label(style::danger(ui.visuals()), error);
    }
    if cancel {
        view.state.framework.prompt_form = None;
    } else if submit {
        let command = match form.editing {
            Some(id) => Command::EditPrompt {
                id,
                text: form.text.clone(),
            },
            None => Command::AddPrompt {
                bucket: form.bucket,
                text: form.text.clone(),
            },
        };
        form.error = None;
        view.apply(command, Origin::PromptForm);
    }
}
