//! The shared history as the rep reads it: commitments with the rep's reflection, and
//! observations by bucket and skill.

use egui::RichText;

use super::{DraftKey, RepView};
use crate::domain::Bucket;
use crate::domain::commitment::{CommitmentStatus, Owner};
use crate::domain::rep_file::answers::MAX_REFLECTION_CHARS;
use crate::domain::rep_file::history::{SharedCommitment, SharedHistory};
use crate::ui::below_fold::when_visible_ui;

pub(super) fn commitments_ui(ui: &mut egui::Ui, view: &mut RepView, now: f64) {
    if view.commitment_order.is_empty() {
        ui.weak("No commitment in this period.");
        return;
    }
    ui.label(
        "Add a reflection to any commitment: what you did, what got in the way, what you learnt.",
    );
    for position in 0..view.commitment_order.len() {
        let index = view.commitment_order[position];
        let id = view.file.history.commitments[index].id;
        when_visible_ui(ui, ("commitment", id), |ui| {
            let c = view.file.history.commitments[index].clone();
            commitment_ui(ui, view, &c, now);
        });
    }
}

/// What is still open first, soonest due; then the closed ones, latest first.
pub(super) fn commitment_order(commitments: &[SharedCommitment]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..commitments.len()).collect();
    let closed = |c: &SharedCommitment| c.status != CommitmentStatus::Open;
    order.sort_by(|&a, &b| {
        let (a, b) = (&commitments[a], &commitments[b]);
        closed(a)
            .cmp(&closed(b))
            .then(if a.status == CommitmentStatus::Open {
                a.due_on.cmp(&b.due_on)
            } else {
                b.due_on.cmp(&a.due_on)
            })
    });
    order
}

fn commitment_ui(ui: &mut egui::Ui, view: &mut RepView, c: &SharedCommitment, now: f64) {
    ui.add_space(6.0);
    let who = match c.owner {
        Owner::Rep => "You",
        Owner::Manager => "Your manager",
    };
    let status = match c.status {
        CommitmentStatus::Open => "open",
        CommitmentStatus::Done => "done",
        CommitmentStatus::Dropped => "dropped",
    };
    ui.label(RichText::new(&c.text).strong());
    ui.weak(format!(
        "{who}, due {} - {status}",
        c.due_on.format("%-d %b %Y")
    ));
    let key = DraftKey::Reflection(c.id);
    let mut text = view.draft_text(key);
    let field = ui
        .add(
            egui::TextEdit::multiline(&mut text)
                .char_limit(MAX_REFLECTION_CHARS)
                .desired_rows(2)
                .desired_width(f32::INFINITY)
                .hint_text("Your reflection"),
        )
        .on_hover_text(format!(
            "Your reflection on: {} (due {})",
            c.text,
            c.due_on.format("%-d %b %Y")
        ));
    super::counter_ui(ui, &text, MAX_REFLECTION_CHARS);
    if field.changed() {
        view.set_draft(key, text, now);
    }
    if field.lost_focus() && view.drafts.contains_key(&key) {
        view.save_draft(key);
    }
}

pub(super) fn observations_ui(ui: &mut egui::Ui, history: &SharedHistory) {
    if history.observations.is_empty() {
        ui.weak("No observation was shared with you in this period.");
        return;
    }
    for bucket in Bucket::ALL {
        let skills: Vec<_> = history
            .skills
            .iter()
            .filter(|s| s.bucket == bucket && history.observations_of(s.id).next().is_some())
            .collect();
        if skills.is_empty() {
            continue;
        }
        ui.add_space(8.0);
        ui.label(RichText::new(bucket.title()).strong().size(16.0));
        for skill in skills {
            ui.add_space(4.0);
            if skill.retired {
                ui.strong(format!("{} (retired)", skill.name));
            } else {
                ui.strong(&skill.name);
            }
            for o in history.observations_of(skill.id) {
                when_visible_ui(ui, ("observation", o.id), |ui| {
                    ui.horizontal_wrapped(|ui| {
                        ui.weak(format!(
                            "{} - {} - {}",
                            o.observed_on.format("%-d %b %Y"),
                            o.rating_label(),
                            o.where_seen()
                        ));
                        if !o.evidence.trim().is_empty() {
                            ui.label(o.evidence.trim());
                        }
                    });
                });
            }
        }
    }
}
