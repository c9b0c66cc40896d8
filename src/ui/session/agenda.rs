//! The proposed agenda of a session: shown until accepted, the plans' focus first.

use egui::RichText;

use super::short;
use crate::domain::agenda::{ProposedPoint, Section};
use crate::model::session_view::SessionView;
use crate::ops::Command;
use crate::ui::{Origin, View, style};

/// The proposed agenda, until the manager accepts it or writes points of their own. The
/// plans' focus leads it; a teammate offered for pairing adds its next step in one click.
pub(super) fn agenda_ui(ui: &mut egui::Ui, view: &mut View<'_>, session: &SessionView) {
    if !session.points.is_empty() {
        return;
    }
    let proposed: Vec<_> = session
        .proposed
        .iter()
        .filter(|p| p.section != Section::FollowUp)
        .collect();
    if proposed.is_empty() {
        return;
    }
    let mut accept = false;
    style::card_frame(ui.style()).show(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.horizontal(|ui| {
            ui.label(RichText::new("Proposed agenda").strong().size(16.0));
            ui.weak("Accept it, then edit, tick or remove points in each bucket.");
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                accept = ui.button("Accept the proposed agenda").clicked();
            });
        });
        for point in &proposed {
            proposed_point_ui(ui, view, session, point);
        }
    });
    if accept {
        let points = proposed
            .iter()
            .filter(|p| p.commitment.is_none())
            .filter_map(|p| {
                let text = match p.section {
                    Section::Focus(_) => format!("{} ({})", p.text, p.reason),
                    _ => p.text.clone(),
                };
                p.section.bucket().map(|b| (b, text, p.reason.clone()))
            })
            .collect();
        view.apply(
            Command::AddTalkingPoints {
                rep: session.rep,
                key: session.key,
                points,
            },
            Origin::Other,
        );
    }
}

/// Days a next step from the agenda is due after the session.
const PAIRING_DUE_DAYS: i64 = 14;

fn proposed_point_ui(
    ui: &mut egui::Ui,
    view: &mut View<'_>,
    session: &SessionView,
    point: &ProposedPoint,
) {
    let prefix = match point.section {
        Section::Focus(bucket) | Section::Bucket(bucket) => short(bucket),
        Section::FollowUp => return,
    };
    ui.horizontal_wrapped(|ui| {
        ui.weak(format!("{prefix}:"));
        if matches!(point.section, Section::Focus(_)) && point.commitment.is_none() {
            ui.label(RichText::new(&point.text).strong());
        } else {
            ui.label(&point.text);
        }
        ui.weak(format!("({})", point.reason));
        let Some(next_step) = &point.commitment else {
            return;
        };
        let add = ui
            .small_button("Add as a commitment")
            .on_hover_text(next_step.as_str())
            .accessible_name(format!("Add as a commitment: {next_step}"));
        if add.clicked() {
            let day = session
                .start
                .with_timezone(&view.zone)
                .date_naive()
                .max(view.today);
            view.apply(
                Command::AddCommitment {
                    rep: session.rep,
                    key: session.key,
                    text: next_step.clone(),
                    owner: crate::domain::commitment::Owner::Rep,
                    due_on: day + chrono::Duration::days(PAIRING_DUE_DAYS),
                },
                Origin::Other,
            );
        }
    });
}
