//! The Framework screen: the skills of each bucket with their rubrics, the targets by
//! role, and the dialogue prompts. Read-only for now; editing comes with observations.

use egui::RichText;

use super::View;
use crate::domain::Bucket;
use crate::domain::skill::Skill;

pub fn framework_ui(ui: &mut egui::Ui, view: &mut View<'_>) {
    ui.horizontal(|ui| {
        ui.heading("Framework");
        ui.weak("The same three buckets in every session; the dialogue is yours to vary.");
    });
    ui.add_space(8.0);
    ui.horizontal(|ui| {
        for bucket in Bucket::ALL {
            let count = view.caches.framework.skills_in(bucket).count();
            let text = format!("{} ({count})", bucket.title());
            if ui
                .add(egui::Button::selectable(
                    view.state.framework_bucket == bucket,
                    text,
                ))
                .clicked()
            {
                view.state.framework_bucket = bucket;
            }
        }
    });
    let bucket = view.state.framework_bucket;
    ui.add_space(4.0);
    ui.label(RichText::new(bucket.summary()).italics());
    ui.add_space(8.0);
    egui::ScrollArea::vertical()
        .auto_shrink(false)
        .show(ui, |ui| {
            for skill in view.caches.framework.skills_in(bucket) {
                skill_ui(ui, view, skill);
                ui.add_space(6.0);
            }
            ui.add_space(10.0);
            ui.label(RichText::new("Dialogue prompts").strong().size(16.0));
            ui.add_space(4.0);
            for (number, prompt) in view.caches.framework.prompts_in(bucket).enumerate() {
                ui.horizontal_wrapped(|ui| {
                    ui.weak(format!("{}.", number + 1));
                    ui.label(&prompt.text);
                });
            }
        });
}

fn skill_ui(ui: &mut egui::Ui, view: &View<'_>, skill: &Skill) {
    super::style::card_frame(ui.style()).show(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.horizontal(|ui| {
            let mut name = RichText::new(&skill.name).strong().size(15.5);
            if skill.retired {
                name = name.strikethrough();
            }
            ui.label(name);
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                let framework = &view.caches.framework;
                for role in framework.roles.iter().rev() {
                    let level = framework
                        .role_target(&role.code, skill.id)
                        .map_or_else(|| "-".to_owned(), |l| l.get().to_string());
                    ui.label(format!("{} {level}", role.code))
                        .on_hover_text(format!("Target for a {}: level {level}", role.name));
                }
                ui.weak("Targets:");
            });
        });
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
    });
}
