//! The sessions as the rep reads them, each with its summary and shared notes and the
//! rep's own rating of how useful it was; and the coaching plans the manager shared.

use egui::RichText;

use super::{DraftKey, RepView};
use crate::domain::plan::PlanStatus;
use crate::domain::rep_file::answers::MAX_COMMENT_CHARS;
use crate::domain::rep_file::history::SharedSession;
use crate::repfile::RepEdit;
use crate::ui::below_fold::when_visible_ui;

pub(super) fn sessions_ui(ui: &mut egui::Ui, view: &mut RepView, now: f64) {
    if view.file.history.sessions.is_empty() {
        ui.weak("No coaching session was held in this period.");
        return;
    }
    ui.label(
        "Rate how useful each session was to you, 1 to 5, and say why if you like. Your \
         manager sees your ratings when you send this file back.",
    );
    let sessions = view.file.history.sessions.clone();
    for session in sessions.iter().rev() {
        when_visible_ui(ui, ("session", session.id), |ui| {
            session_ui(ui, view, session, now);
        });
    }
}

fn day_of(session: &SharedSession) -> String {
    session
        .start
        .with_timezone(&chrono::Local)
        .format("%A %-d %B %Y")
        .to_string()
}

fn session_ui(ui: &mut egui::Ui, view: &mut RepView, session: &SharedSession, now: f64) {
    ui.add_space(6.0);
    ui.label(RichText::new(day_of(session)).strong().size(15.0));
    if session.summary.trim().is_empty() && session.notes.is_empty() {
        ui.weak("No summary was shared for this session.");
    }
    if !session.summary.trim().is_empty() {
        ui.label(session.summary.trim());
    }
    for (bucket, text) in &session.notes {
        ui.horizontal_wrapped(|ui| {
            ui.strong(format!("{}:", bucket.title()));
            ui.label(text.trim());
        });
    }
    rating_ui(ui, view, session, now);
    ui.separator();
}

/// Five buttons for how useful the session was, and a comment once it is rated.
fn rating_ui(ui: &mut egui::Ui, view: &mut RepView, session: &SharedSession, now: f64) {
    let current = view.session_rating(session.id);
    let day = day_of(session);
    ui.horizontal_wrapped(|ui| {
        ui.weak("How useful was it?");
        for usefulness in 1..=5u8 {
            let chosen = current.as_ref().is_some_and(|c| c.0 == usefulness);
            let label = format!("Rate the session of {day} {usefulness} of 5");
            let button = ui.add(egui::Button::selectable(chosen, usefulness.to_string()));
            button.widget_info(|| {
                egui::WidgetInfo::selected(egui::Role::Button, true, chosen, &label)
            });
            if button.on_hover_text(&label).clicked() && !chosen {
                let key = DraftKey::SessionComment(session.id);
                let comment = view.draft_text(key);
                view.drafts.remove(&key);
                view.apply(&RepEdit::SetSessionRating {
                    session: session.id,
                    value: Some((usefulness, comment.trim().to_owned())),
                });
            }
        }
        if current.is_some()
            && ui
                .small_button("Clear")
                .on_hover_text(format!("Remove your rating of the session of {day}"))
                .clicked()
        {
            view.drafts.remove(&DraftKey::SessionComment(session.id));
            view.apply(&RepEdit::SetSessionRating {
                session: session.id,
                value: None,
            });
        }
    });
    comment_ui(ui, view, session, current.is_some(), now);
}

fn comment_ui(
    ui: &mut egui::Ui,
    view: &mut RepView,
    session: &SharedSession,
    rated: bool,
    now: f64,
) {
    let key = DraftKey::SessionComment(session.id);
    let mut text = view.draft_text(key);
    let field = ui
        .horizontal(|ui| {
            let field = ui.add_enabled(
                rated,
                egui::TextEdit::singleline(&mut text)
                    .char_limit(MAX_COMMENT_CHARS)
                    .desired_width(360.0)
                    .hint_text(if rated {
                        "What made it useful, or not?"
                    } else {
                        "Choose a rating first"
                    }),
            );
            if rated {
                super::counter_ui(ui, &text, MAX_COMMENT_CHARS);
            }
            field
        })
        .inner
        .on_hover_text(format!(
            "Your comment on the session of {}",
            day_of(session)
        ));
    if field.changed() {
        view.set_draft(key, text, now);
    }
    if field.lost_focus() && view.drafts.contains_key(&key) {
        view.save_draft(key);
    }
}

/// The plans the manager shared: what the two of you are working on, and till when.
pub(super) fn focus_ui(ui: &mut egui::Ui, view: &RepView) {
    let history = &view.file.history;
    let running: Vec<_> = history
        .plans
        .iter()
        .filter(|p| p.status == PlanStatus::Active)
        .collect();
    if running.is_empty() {
        return;
    }
    ui.label(RichText::new("Your focus").strong().size(16.0));
    for plan in running {
        let name = history.skill(plan.skill_id).map_or("", |s| s.name.as_str());
        ui.horizontal_wrapped(|ui| {
            ui.label(RichText::new(name).strong());
            ui.weak(format!(
                "target {}, since {}, next look {}",
                plan.target.get(),
                plan.started_on.format("%-d %b %Y"),
                plan.review_on.format("%-d %b %Y")
            ));
            if !plan.why.trim().is_empty() {
                ui.label(plan.why.trim());
            }
        });
    }
    ui.add_space(8.0);
}
