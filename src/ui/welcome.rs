//! The first screen of a brand-new data file: try the demo team, start empty, or fill it
//! from an archive.

use egui::RichText;

use super::style;
use super::{Origin, View};
use crate::demo::DEFAULT_SEED;
use crate::ops::Command;

pub fn welcome_ui(ui: &mut egui::Ui, view: &mut View<'_>) {
    ui.add_space(ui.available_height() * 0.15);
    ui.vertical_centered(|ui| {
        ui.set_max_width(540.0);
        style::card_frame(ui.style()).show(ui, |ui| {
            ui.vertical_centered(|ui| {
                ui.heading("Welcome to Coachbook");
                ui.add_space(10.0);
                ui.label(
                    "Plan a steady coaching cadence with every rep, run each session around \
                     the same three buckets, and follow each rep's skills over time.",
                );
                ui.add_space(8.0);
                ui.weak("This data file is new. How would you like to begin?");
                if let Some(job) = &view.state.exchange.running {
                    ui.add_space(8.0);
                    ui.horizontal(|ui| {
                        ui.spinner();
                        ui.label(job.doing());
                    });
                }
                ui.add_space(14.0);
                ui.horizontal(|ui| {
                    let demo = ui
                        .add(egui::Button::new(RichText::new("Load demo team").strong()))
                        .on_hover_text("Eight reps with a year of sessions and observations, to explore the app");
                    let empty = ui
                        .button("Start empty")
                        .on_hover_text("Begin with your own team; the default framework is ready");
                    let archive = ui
                        .button("Import a JSON archive...")
                        .on_hover_text("Fill this new file from an archive written by Export JSON archive");
                    if archive.clicked() {
                        let ask = super::file_menu::open_ask(
                            "Import a JSON archive",
                            super::file_menu::JSON_ARCHIVE,
                            super::PathUse::ImportJson,
                        );
                        super::path_field::choose_path(ui, view, ask);
                    }
                    if demo.clicked() {
                        view.apply(Command::LoadDemoTeam { seed: DEFAULT_SEED }, Origin::Other);
                    }
                    if empty.clicked() {
                        view.apply(Command::StartEmpty, Origin::Other);
                    }
                });
            });
        });
    });
}
