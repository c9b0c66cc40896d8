//! The Framework screen: the skills of each bucket with their rubrics and targets by role,
//! and the dialogue prompts; all of it editable, the three buckets fixed.

mod cards;
mod forms;

use egui::RichText;

pub use forms::{PromptForm, SkillForm};

use super::View;
use crate::domain::Bucket;

#[derive(Default)]
pub struct FrameworkState {
    pub bucket: Bucket,
    pub skill_form: Option<SkillForm>,
    pub prompt_form: Option<PromptForm>,
    pub show_retired: bool,
}

pub fn framework_ui(ui: &mut egui::Ui, view: &mut View<'_>) {
    ui.horizontal(|ui| {
        ui.heading("Framework");
        ui.weak("The same three buckets in every session; the dialogue is yours to vary.");
    });
    ui.add_space(8.0);
    ui.horizontal(|ui| {
        for bucket in Bucket::ALL {
            let count = view
                .caches
                .framework
                .skills_in(bucket)
                .filter(|s| !s.retired)
                .count();
            let text = format!("{} ({count})", bucket.title());
            if ui
                .add(egui::Button::selectable(
                    view.state.framework.bucket == bucket,
                    text,
                ))
                .clicked()
            {
                view.state.framework.bucket = bucket;
                view.state.framework.skill_form = None;
                view.state.framework.prompt_form = None;
            }
        }
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            ui.checkbox(
                &mut view.state.framework.show_retired,
                "Show retired skills",
            );
        });
    });
    let bucket = view.state.framework.bucket;
    ui.add_space(4.0);
    ui.label(RichText::new(bucket.summary()).italics());
    ui.add_space(8.0);
    egui::ScrollArea::vertical()
        .id_salt("framework_scroll")
        .auto_shrink(false)
        .show(ui, |ui| {
            cards::skills_ui(ui, view, bucket);
            ui.add_space(14.0);
            cards::prompts_ui(ui, view, bucket);
        });
}
