//! A short message at the bottom of the window saying what just happened (or failed), with
//! the way back: "Archived Dana Lee - Ctrl+Z to undo".

use egui::{Align2, RichText};

use super::View;
use super::style;

const SHOW_SECS: f64 = 5.0;

#[derive(Clone, Debug)]
pub struct Toast {
    pub text: String,
    pub is_error: bool,
    /// `egui` input time at which the toast goes away.
    pub until: f64,
}

impl Toast {
    pub fn info(text: String, now: f64) -> Toast {
        Toast {
            text,
            is_error: false,
            until: now + SHOW_SECS,
        }
    }

    /// Errors stay twice as long: they need reading.
    pub fn error(text: String, now: f64) -> Toast {
        Toast {
            text,
            is_error: true,
            until: now + 2.0 * SHOW_SECS,
        }
    }
}

pub fn toast_ui(ui: &mut egui::Ui, view: &mut View<'_>) {
    let Some(toast) = view.state.toast.clone() else {
        return;
    };
    let now = ui.input(|i| i.time);
    if now > toast.until {
        view.state.toast = None;
        return;
    }
    ui.ctx()
        .request_repaint_after(std::time::Duration::from_secs_f64(toast.until - now));
    egui::Area::new(egui::Id::unique("toast"))
        .anchor(Align2::CENTER_BOTTOM, egui::vec2(0.0, -44.0))
        .order(egui::Order::Foreground)
        .show(ui.ctx(), |ui| {
            style::card_frame(ui.style()).show(ui, |ui| {
                ui.horizontal(|ui| {
                    let text = RichText::new(&toast.text);
                    if toast.is_error {
                        ui.colored_label(style::danger(ui.visuals()), text);
                    } else {
                        ui.label(text);
                        if !toast.text.starts_with("Undid") && view.status.undo_label.is_some() {
                            ui.weak("Ctrl+Z to undo");
                        }
                    }
                    if ui.small_button("Dismiss").clicked() {
                        view.state.toast = None;
                    }
                });
            });
        });
}
