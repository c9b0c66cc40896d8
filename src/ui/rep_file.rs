//! What goes to a rep and what comes back: the "Share feedback" panel (a report to read,
//! a rep file to answer) and the Calibration tab that sets the rep's self-ratings beside
//! the manager's levels.

use chrono::NaiveDate;
use egui::RichText;

use super::{Request, Toast, View};
use crate::domain::framework::StoredFramework;
use crate::domain::rep::RepId;
use crate::domain::rep_file::answers::{CalibrationRow, calibration_order};
pub use crate::export::ShareKind;
use crate::model::RosterRow;

/// The period a share covers by default: the last year.
const DEFAULT_PERIOD_DAYS: i64 = 365;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShareForm {
    pub from: String,
    pub to: String,
    pub error: Option<String>,
}

impl ShareForm {
    pub fn new(today: NaiveDate) -> ShareForm {
        ShareForm {
            from: (today - chrono::Duration::days(DEFAULT_PERIOD_DAYS)).to_string(),
            to: today.to_string(),
            error: None,
        }
    }

    fn period(&self) -> Result<(NaiveDate, NaiveDate), String> {
        let parse = |text: &str, what: &str| {
            NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").map_err(|_| {
                format!(
                    "The {what} date \"{}\" is not a date like 2026-03-31.",
                    text.trim()
                )
            })
        };
        let from = parse(&self.from, "first")?;
        let to = parse(&self.to, "last")?;
        if from > to {
            return Err("The period starts after it ends; swap the dates.".to_owned());
        }
        Ok((from, to))
    }
}

/// A report or rep file to write after the frame.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShareRequest {
    pub rep: RepId,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub kind: ShareKind,
    pub path: std::path::PathBuf,
}

fn file_stem(name: &str) -> String {
    name.to_lowercase()
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { '-' })
        .collect()
}

/// The panel under the rep's header while "Share feedback" is open.
pub fn share_panel_ui(ui: &mut egui::Ui, view: &mut View<'_>, row: &RosterRow) {
    let Some(form) = view.state.team.share.as_mut() else {
        return;
    };
    let mut close = false;
    let mut chosen = None;
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.label(RichText::new(format!("Share {}'s feedback", row.rep.name)).strong());
        ui.label(
            "Only what you shared goes out: held sessions with their summaries and shared \
             notes, commitments, and observations marked as shared. Private notes and \
             private observations never leave this file.",
        );
        ui.horizontal(|ui| {
            let from = ui.label("From");
            ui.add(egui::TextEdit::singleline(&mut form.from).desired_width(100.0))
                .labelled_by(from.id);
            let to = ui.label("to");
            ui.add(egui::TextEdit::singleline(&mut form.to).desired_width(100.0))
                .labelled_by(to.id);
            ui.weak("(YYYY-MM-DD)");
        });
        ui.horizontal(|ui| {
            if ui
                .button("Export feedback report...")
                .on_hover_text("Save an HTML report to read, print or send as PDF")
                .clicked()
            {
                chosen = Some(ShareKind::Report);
            }
            if ui
                .button("Share with rep...")
                .on_hover_text("Save a rep file the rep opens in Coachbook to answer and send back")
                .clicked()
            {
                chosen = Some(ShareKind::RepFile);
            }
            close = ui.button("Close").clicked();
        });
        if let Some(error) = &form.error {
            ui.colored_label(ui.visuals().error_fg_color, error);
        }
    });
    if close || ui.input(|i| i.key_pressed(egui::Key::Escape)) {
        view.state.team.share = None;
        return;
    }
    let Some(kind) = chosen else {
        return;
    };
    let (from, to) = match form.period() {
        Ok(period) => period,
        Err(message) => {
            form.error = Some(message);
            return;
        }
    };
    form.error = None;
    let stem = file_stem(&row.rep.name);
    let dialog = rfd::FileDialog::new();
    let path = match kind {
        ShareKind::Report => dialog
            .set_file_name(format!("feedback-{stem}.html"))
            .add_filter("Web page", &["html"])
            .save_file(),
        ShareKind::RepFile => dialog
            .set_file_name(format!("{stem}.{}", crate::repfile::EXTENSION))
            .add_filter("Coachbook rep file", &[crate::repfile::EXTENSION])
            .save_file(),
    };
    if let Some(path) = path {
        view.request(Request::Share(ShareRequest {
            rep: row.rep.id,
            from,
            to,
            kind,
            path,
        }));
    }
}

/// Asks for a returned rep file; the app reads and imports it after the frame.
pub fn import_button_ui(ui: &mut egui::Ui, view: &mut View<'_>, label: &str) {
    if !ui
        .button(label)
        .on_hover_text("Import the self-assessment, reflections and topics a rep sent back")
        .clicked()
    {
        return;
    }
    if let Some(path) = rfd::FileDialog::new()
        .add_filter("Coachbook rep file", &[crate::repfile::EXTENSION])
        .pick_file()
    {
        view.request(Request::ImportAnswers(path));
        let now = ui.input(|i| i.time);
        view.state.toast = Some(Toast::info("Reading the rep file...".to_owned(), now));
    }
}

/// The rep's self-ratings beside the manager's levels, largest disagreement first, and
/// the topics they want to bring.
pub fn calibration_ui(ui: &mut egui::Ui, view: &mut View<'_>, row: &RosterRow) {
    let Some((_, received)) = view
        .caches
        .answers
        .as_ref()
        .filter(|(r, _)| *r == row.rep.id)
    else {
        ui.spinner();
        return;
    };
    let received = received.clone();
    let Some(when) = received.received else {
        ui.label(format!(
            "No self-assessment from {} yet. Use \"Share feedback\" to save a rep file for them; \
             they open it in Coachbook, rate themselves and add topics, and send it back. Then \
             import it here.",
            row.rep.name
        ));
        import_button_ui(ui, view, "Import returned rep file...");
        return;
    };
    ui.horizontal(|ui| {
        ui.label(format!(
            "From {}'s rep file, imported {}.",
            row.rep.name,
            when.with_timezone(&chrono::Local).format("%-d %b %Y %H:%M")
        ));
        import_button_ui(ui, view, "Import a newer file...");
    });
    let gaps = view.caches.gaps.as_ref().map(|(g, _)| g);
    let mut rows: Vec<CalibrationRow> = received
        .answers
        .assessments
        .iter()
        .map(|a| CalibrationRow {
            skill_id: a.skill_id,
            level: gaps.and_then(|g| g.cell(row.rep.id, a.skill_id).level),
            self_rating: a.rating,
            comment: a.comment.clone(),
        })
        .collect();
    calibration_order(&mut rows);
    if rows.is_empty() {
        ui.weak("They did not rate themselves on any skill.");
    } else {
        calibration_grid_ui(ui, &view.caches.framework, &rows);
    }
    ui.add_space(10.0);
    ui.label(RichText::new("Topics for the next session").strong());
    if received.answers.topics.is_empty() {
        ui.weak("None. They are added to the proposed agenda when there are some.");
    }
    for topic in &received.answers.topics {
        ui.horizontal(|ui| {
            ui.weak(format!("{}:", topic.bucket.title()));
            ui.label(&topic.text);
        });
    }
}

/// Skill by skill, the manager's level, the rep's rating, how far apart they are, and the
/// rep's comment.
fn calibration_grid_ui(ui: &mut egui::Ui, framework: &StoredFramework, rows: &[CalibrationRow]) {
    egui::Grid::new("calibration")
        .num_columns(5)
        .striped(true)
        .spacing([14.0, 6.0])
        .show(ui, |ui| {
            ui.strong("Skill");
            ui.strong("Your level");
            ui.strong("Their rating");
            ui.strong("Difference");
            ui.strong("Their comment");
            ui.end_row();
            for r in rows {
                let skill = framework
                    .skill(r.skill_id)
                    .map_or("(removed skill)", |s| s.name.as_str());
                ui.label(skill);
                ui.label(
                    r.level
                        .map_or("not rated".to_owned(), |l| format!("{l:.1}")),
                );
                ui.label(r.self_rating.to_string());
                // Rounded first, so a difference of -0.04 reads "0.0", not "-0.0".
                match r.difference().map(|d| (d * 10.0).round() / 10.0 + 0.0) {
                    Some(d) if d >= 0.5 => ui.colored_label(
                        super::style::danger(ui.visuals()),
                        format!("{d:+.1}: rates higher"),
                    ),
                    Some(d) if d <= -0.5 => ui.label(format!("{d:+.1}: rates lower")),
                    Some(d) => ui.weak(format!("{d:+.1}: agree")),
                    None => ui.weak("-"),
                };
                ui.label(&r.comment);
                ui.end_row();
            }
        });
}
