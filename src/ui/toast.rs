//! A short message at the bottom of the window saying what just happened (or failed), with
//! the way back when there is one: "Archived Dana Lee - Ctrl+Z undoes: Archived Dana Lee".
//! A toast belongs to the screen it was raised on and goes when the manager leaves it.

use egui::{Align2, RichText};

use super::style;
use super::{Screen, View};

const SHOW_SECS: f64 = 5.0;

#[derive(Clone, Debug)]
pub struct Toast {
    pub text: String,
    pub is_error: bool,
    /// `egui` input time at which the toast goes away.
    pub until: f64,
    /// The undo step this change recorded; the hint shows only while the next Ctrl+Z
    /// still takes back this very step.
    pub undo: Option<String>,
    /// The screen it was first shown on; `None` until drawn.
    pub screen: Option<Screen>,
    /// Stays when the manager goes to another screen (an error about the file).
    pub stays: bool,
}

impl Toast {
    pub fn info(text: String, now: f64) -> Toast {
        Toast {
            text,
            is_error: false,
            until: now + SHOW_SECS,
            undo: None,
            screen: None,
            stays: false,
        }
    }

    /// Errors stay twice as long: they need reading.
    pub fn error(text: String, now: f64) -> Toast {
        Toast {
            is_error: true,
            until: now + 2.0 * SHOW_SECS,
            ..Toast::info(text, now)
        }
    }

    /// With the undo step the change recorded, if it did.
    pub fn undoing(self, undo: Option<String>) -> Toast {
        Toast { undo, ..self }
    }

    /// Kept on screen when the manager goes elsewhere.
    pub fn staying(self) -> Toast {
        Toast {
            stays: true,
            ..self
        }
    }

    /// What the hint says, when the next Ctrl+Z takes back this toast's change.
    pub fn undo_hint(&self, next_undo: Option<&str>) -> Option<String> {
        let step = self.undo.as_deref()?;
        (!self.is_error && next_undo == Some(step)).then(|| format!("Ctrl+Z undoes: {step}"))
    }
}

pub fn toast_ui(ui: &mut egui::Ui, view: &mut View<'_>) {
    let screen = view.state.screen;
    let Some(toast) = view.state.toast.as_mut() else {
        return;
    };
    let raised_on = *toast.screen.get_or_insert(screen);
    let now = ui.input(|i| i.time);
    if now > toast.until || (raised_on != screen && !toast.stays) {
        view.state.toast = None;
        return;
    }
    let toast = toast.clone();
    ui.ctx()
        .request_repaint_after(std::time::Duration::from_secs_f64(toast.until - now));
    let hint = toast.undo_hint(view.status.undo_label);
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
                        ui.label(with_hint_job(ui, text, hint));
                    }
                    if ui.small_button("Dismiss").clicked() {
                        view.state.toast = None;
                    }
                });
            });
        });
}

/// The message and its hint as one label, the hint in the weak colour, so that a screen
/// reader reads them together.
fn with_hint_job(ui: &egui::Ui, text: RichText, hint: Option<String>) -> egui::text::LayoutJob {
    let mut job = egui::text::LayoutJob::default();
    let (font, align) = (egui::FontSelection::Default, egui::Align::Center);
    text.append_to(&mut job, ui.style(), font.clone(), align);
    if let Some(hint) = hint {
        let weak = ui.visuals().weak_text_color();
        RichText::new(format!("   {hint}")).color(weak).append_to(
            &mut job,
            ui.style(),
            font,
            align,
        );
    }
    job
}
