//! One bucket's column of the session workspace: its talking points (tick, reword,
//! remove, add), its shared and private notes, and what was observed in it since the
//! last session.

use egui::RichText;

use super::field_ui;
use crate::domain::Bucket;
use crate::domain::session::{SessionField, TalkingPoint, TalkingPointId};
use crate::model::Caches;
use crate::model::session_view::SessionView;
use crate::ops::Command;
use crate::ui::{Origin, View, style};

pub(super) fn bucket_ui(
    ui: &mut egui::Ui,
    view: &mut View<'_>,
    session: &SessionView,
    bucket: Bucket,
) {
    style::card_frame(ui.style()).show(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.label(RichText::new(bucket.title()).strong().size(15.5));
        let mut command = talking_points_ui(ui, view, session, bucket);
        let draft = view.state.session.new_point.entry(bucket).or_default();
        command = new_point_ui(ui, draft, session, bucket).or(command);
        if let Some(command) = command {
            view.apply(command, Origin::Other);
        }
        ui.add_space(4.0);
        field_ui(
            ui,
            view,
            SessionField::SharedNotes(bucket),
            "Notes, shared with the rep",
            3,
        );
        field_ui(
            ui,
            view,
            SessionField::PrivateNotes(bucket),
            "Private notes, for you only",
            2,
        );
        observed_since_ui(ui, view.caches, session, bucket);
    });
}

/// The bucket's points, each as a checkbox with Edit and Remove, or as a field while it is
/// reworded; returns the command of the last click.
fn talking_points_ui(
    ui: &mut egui::Ui,
    view: &mut View<'_>,
    session: &SessionView,
    bucket: Bucket,
) -> Option<Command> {
    let mut command = None;
    for point in session.points.iter().filter(|p| p.bucket == bucket) {
        let editing = view
            .state
            .session
            .editing_point
            .as_mut()
            .filter(|(id, _)| *id == point.id);
        if let Some((_, text)) = editing {
            if reword_ui(ui, point, text) {
                command = Some(Command::EditTalkingPoint {
                    id: point.id,
                    text: text.clone(),
                });
                view.state.session.editing_point = None;
            }
            continue;
        }
        let editing_point = &mut view.state.session.editing_point;
        command = point_row_ui(ui, point, editing_point).or(command);
    }
    command
}

/// The field a point is reworded in; true when Enter or Save ends the rewording.
fn reword_ui(ui: &mut egui::Ui, point: &TalkingPoint, text: &mut String) -> bool {
    let mut done = false;
    ui.horizontal(|ui| {
        let field = ui
            .add(egui::TextEdit::singleline(text).desired_width(ui.available_width() - 60.0))
            .accessible_name(format!("Reword: {}", point.text));
        done = (field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)))
            || ui.small_button("Save").clicked();
    });
    done
}

/// A point as a checkbox (covered or not) with Edit and Remove, and why it was proposed.
/// Edit starts the rewording at once; the other two return their command.
fn point_row_ui(
    ui: &mut egui::Ui,
    point: &TalkingPoint,
    editing_point: &mut Option<(TalkingPointId, String)>,
) -> Option<Command> {
    let mut command = None;
    ui.horizontal_wrapped(|ui| {
        let mut covered = point.covered;
        if ui.checkbox(&mut covered, &point.text).changed() {
            command = Some(Command::SetPointCovered {
                id: point.id,
                covered,
            });
        }
        if ui
            .small_button("Edit")
            .accessible_name(format!("Edit: {}", point.text))
            .clicked()
        {
            *editing_point = Some((point.id, point.text.clone()));
        }
        if ui
            .small_button("x")
            .accessible_name(format!("Remove: {}", point.text))
            .on_hover_text("Remove this point")
            .clicked()
        {
            command = Some(Command::DeleteTalkingPoint(point.id));
        }
    });
    if !point.reason.is_empty() {
        ui.weak(RichText::new(&point.reason).small());
    }
    command
}

/// The field that adds a point to the bucket, by Enter or Add; an empty one adds nothing.
fn new_point_ui(
    ui: &mut egui::Ui,
    draft: &mut String,
    session: &SessionView,
    bucket: Bucket,
) -> Option<Command> {
    let mut add = false;
    ui.horizontal(|ui| {
        let field = ui
            .add(
                egui::TextEdit::singleline(draft)
                    .hint_text("Add a talking point")
                    .desired_width(ui.available_width() - 50.0),
            )
            .accessible_name(format!("New point: {}", bucket.title()));
        add = (field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)))
            || ui.small_button("Add").clicked();
    });
    (add && !draft.trim().is_empty()).then(|| Command::AddTalkingPoints {
        rep: session.rep,
        key: session.key,
        points: vec![(bucket, std::mem::take(draft), String::new())],
    })
}

/// Up to six observations in the bucket's skills since the last session, so the talk can
/// start from what was seen.
fn observed_since_ui(ui: &mut egui::Ui, caches: &Caches, session: &SessionView, bucket: Bucket) {
    let seen: Vec<_> = session
        .observations
        .iter()
        .filter(|o| {
            caches
                .framework
                .skills
                .iter()
                .any(|s| s.id == o.skill && s.bucket == bucket)
        })
        .take(6)
        .collect();
    if !seen.is_empty() {
        ui.add_space(4.0);
        ui.label(RichText::new("Observed since last time").small().strong());
        for o in seen {
            let skill = caches
                .framework
                .skill(o.skill)
                .map_or("", |s| s.name.as_str());
            let rating = o.rating.map_or("n/o".to_owned(), |r| r.to_string());
            let marker = if o.in_session { " (this session)" } else { "" };
            ui.label(
                RichText::new(format!(
                    "{} {skill}: {rating}{marker}",
                    o.day.format("%-d %b")
                ))
                .small(),
            )
            .on_hover_text(&o.excerpt);
        }
    }
}
