//! The skill cards and the prompt list of one bucket, with their edit controls.

use egui::RichText;

use super::forms::{self, PromptForm, SkillForm};
use crate::domain::framework::StoredFramework;
use crate::domain::skill::Skill;
use crate::domain::{Bucket, Level};
use crate::ops::Command;
use crate::ui::{Origin, View, style};

pub fn skills_ui(ui: &mut egui::Ui, view: &mut View<'_>, bucket: Bucket) {
    let editing_skill = view
        .state
        .framework
        .skill_form
        .as_ref()
        .and_then(|f| f.editing);
    let adding = view
        .state
        .framework
        .skill_form
        .as_ref()
        .is_some_and(|f| f.editing.is_none());
    let show_retired = view.state.framework.show_retired;
    let skills: Vec<Skill> = view
        .caches
        .framework
        .skills_in(bucket)
        .filter(|s| show_retired || !s.retired)
        .cloned()
        .collect();
    let count = skills.len();
    for (index, skill) in skills.iter().enumerate() {
        if editing_skill == Some(skill.id) {
            forms::skill_form_ui(ui, view);
        } else {
            skill_card_ui(ui, view, skill, index == 0, index + 1 == count);
        }
        ui.add_space(6.0);
    }
    if adding {
        forms::skill_form_ui(ui, view);
    } else if ui.button("Add skill").clicked() {
        view.state.framework.skill_form = Some(SkillForm::add(bucket));
    }
}

fn skill_card_ui(ui: &mut egui::Ui, view: &mut View<'_>, skill: &Skill, first: bool, last: bool) {
    let mut command = None;
    style::card_frame(ui.style()).show(ui, |ui| {
        ui.set_width(ui.available_width());
        let from_header = skill_header_ui(
            ui,
            skill,
            Neighbours { first, last },
            &mut view.state.framework.skill_form,
        );
        ui.label(&skill.description);
        ui.add_space(4.0);
        egui::Grid::new(("rubric", skill.id.0))
            .num_columns(2)
            .spacing([10.0, 3.0])
            .show(ui, |ui| {
                for (level, text) in skill.rubric.anchors() {
                    ui.weak(format!("Level {level}"));
                    ui.add(egui::Label::new(text).wrap());
                    ui.end_row();
                }
            });
        let from_targets = role_targets_ui(ui, &view.caches.framework, skill);
        command = from_targets.or(from_header);
    });
    if let Some(command) = command {
        view.apply(command, Origin::Other);
    }
}

/// Whether a card is the first or the last of its bucket, which cannot move further.
#[derive(Clone, Copy)]
struct Neighbours {
    first: bool,
    last: bool,
}

/// The skill's name, and its buttons from the right: Delete, Retire or Restore, Down, Up,
/// Edit. Edit opens the form at once; the others return their command.
fn skill_header_ui(
    ui: &mut egui::Ui,
    skill: &Skill,
    at: Neighbours,
    skill_form: &mut Option<SkillForm>,
) -> Option<Command> {
    let mut command = None;
    ui.horizontal(|ui| {
        let mut name = RichText::new(&skill.name).strong().size(15.5);
        if skill.retired {
            name = name.strikethrough().weak();
        }
        ui.label(name);
        if skill.retired {
            ui.weak("retired");
        }
        if skill.from_org {
            ui.weak("organization's framework").on_hover_text(
                "Enablement keeps this skill for every team, and changes it at a sync. \
                 You can still set each rep's own target on their page.",
            );
            return;
        }
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            let name = &skill.name;
            if ui
                .small_button("Delete")
                .accessible_name(format!("Delete {name}"))
                .clicked()
            {
                command = Some(Command::DeleteSkill(skill.id));
            }
            let (text, retire) = if skill.retired {
                ("Restore", false)
            } else {
                ("Retire", true)
            };
            if ui
                .small_button(text)
                .accessible_name(format!("{text} {name}"))
                .on_hover_text(if retire {
                    "Hide from capture; its observations and history stay"
                } else {
                    "Offer it in capture again"
                })
                .clicked()
            {
                command = Some(Command::SetSkillRetired {
                    id: skill.id,
                    retired: retire,
                });
            }
            if ui
                .add_enabled(!at.last, egui::Button::new("Down").small())
                .accessible_name(format!("Move {name} down"))
                .clicked()
            {
                command = Some(Command::MoveSkill {
                    id: skill.id,
                    up: false,
                });
            }
            if ui
                .add_enabled(!at.first, egui::Button::new("Up").small())
                .accessible_name(format!("Move {name} up"))
                .clicked()
            {
                command = Some(Command::MoveSkill {
                    id: skill.id,
                    up: true,
                });
            }
            if ui
                .small_button("Edit")
                .accessible_name(format!("Edit {name}"))
                .clicked()
            {
                *skill_form = Some(SkillForm::edit(skill));
            }
        });
    });
    command
}

/// The level each role is expected to reach in the skill, one small choice per role.
fn role_targets_ui(
    ui: &mut egui::Ui,
    framework: &StoredFramework,
    skill: &Skill,
) -> Option<Command> {
    let mut command = None;
    ui.horizontal(|ui| {
        ui.weak("Targets:");
        for role in &framework.roles {
            let current = framework.role_target(&role.code, skill.id);
            let mut chosen = current;
            ui.label(&role.code);
            if skill.from_org {
                ui.label(current.map_or("-".to_owned(), |l| l.get().to_string()))
                    .on_hover_text(format!(
                        "The level the organization expects of a {} in this skill",
                        role.name
                    ));
                continue;
            }
            egui::ComboBox::from_id_salt(("role_target", &role.code, skill.id.0))
                .selected_text(current.map_or("-".to_owned(), |l| l.get().to_string()))
                .width(44.0)
                .show_ui(ui, |ui| {
                    for level in 1..=5 {
                        ui.selectable_value(&mut chosen, Level::new(level), level.to_string());
                    }
                })
                .response
                .accessible_name(format!("{} target for {}", role.code, skill.name))
                .on_hover_text(format!(
                    "The level expected of a {} in this skill",
                    role.name
                ));
            if chosen != current {
                command = Some(Command::SetRoleTarget {
                    role: role.code.clone(),
                    skill: skill.id,
                    level: chosen,
                });
            }
        }
    });
    command
}

pub fn prompts_ui(ui: &mut egui::Ui, view: &mut View<'_>, bucket: Bucket) {
    ui.label(RichText::new("Dialogue prompts").strong().size(16.0));
    ui.add_space(4.0);
    let prompts: Vec<_> = view.caches.framework.prompts_in(bucket).cloned().collect();
    let editing = view.state.framework.prompt_form.as_ref().map(|f| f.editing);
    let mut command = None;
    for (index, prompt) in prompts.iter().enumerate() {
        if editing == Some(Some(prompt.id)) {
            forms::prompt_form_ui(ui, view);
            continue;
        }
        ui.horizontal(|ui| {
            ui.weak(format!("{}.", index + 1));
            ui.add(egui::Label::new(&prompt.text).wrap());
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                let n = index + 1;
                if ui
                    .small_button("Delete")
                    .accessible_name(format!("Delete prompt {n}"))
                    .clicked()
                {
                    command = Some(Command::DeletePrompt(prompt.id));
                }
                if ui
                    .add_enabled(index + 1 < prompts.len(), egui::Button::new("Down").small())
                    .accessible_name(format!("Move prompt {n} down"))
                    .clicked()
                {
                    command = Some(Command::MovePrompt {
                        id: prompt.id,
                        up: false,
                    });
                }
                if ui
                    .add_enabled(index > 0, egui::Button::new("Up").small())
                    .accessible_name(format!("Move prompt {n} up"))
                    .clicked()
                {
                    command = Some(Command::MovePrompt {
                        id: prompt.id,
                        up: true,
                    });
                }
                if ui
                    .small_button("Edit")
                    .accessible_name(format!("Edit prompt {n}"))
                    .clicked()
                {
                    view.state.framework.prompt_form = Some(PromptForm {
                        editing: Some(prompt.id),
                        bucket,
                        text: prompt.text.clone(),
                        error: None,
                    });
                }
            });
        });
    }
    if editing == Some(None) {
        forms::prompt_form_ui(ui, view);
    } else if ui.button("Add prompt").clicked() {
        view.state.framework.prompt_form = Some(PromptForm {
            editing: None,
            bucket,
            text: String::new(),
            error: None,
        });
    }
    if let Some(command) = command {
        view.apply(command, Origin::Other);
    }
}
