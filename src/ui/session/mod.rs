//! The session workspace: prepare, run and close one coaching session around the three
//! buckets. Texts are saved a second after the last key, as undoable commands.

mod agenda;
mod bucket;
mod state;

use chrono::Local;
use egui::RichText;

pub use state::{CommitmentForm, RETRY_SECS, SessionScreen};

use super::{Origin, Request, View, style};
use crate::domain::Bucket;
use crate::domain::commitment::{CommitmentStatus, Owner};
use crate::domain::recap::{RecapInput, recap};
use crate::domain::rep::parse_optional_date;
use crate::domain::session::{SessionField, SessionStatus};
use crate::model::Caches;
use crate::model::session_view::SessionView;
use crate::ops::{Command, SessionChange};

fn field_ui(ui: &mut egui::Ui, view: &mut View<'_>, field: SessionField, label: &str, rows: usize) {
    let now = ui.input(|i| i.time);
    let screen = &mut view.state.session;
    let text = screen.texts.entry(field).or_default();
    ui.label(label);
    let edit = if rows > 1 {
        egui::TextEdit::multiline(text).desired_rows(rows)
    } else {
        egui::TextEdit::singleline(text)
    };
    // Bucket notes share their visible label; screen readers get the bucket too.
    let name = match field {
        SessionField::SharedNotes(b) => format!("Shared notes: {}", b.title()),
        SessionField::PrivateNotes(b) => format!("Private notes: {}", b.title()),
        _ => label.to_owned(),
    };
    let response = ui
        .add(edit.desired_width(f32::INFINITY))
        .accessible_name(name);
    if response.changed() {
        screen.dirty.insert(field, now);
    }
    if response.lost_focus() {
        screen.left(field, now);
    }
}

pub fn session_ui(ui: &mut egui::Ui, view: &mut View<'_>) {
    let Some(session) = view.caches.session.clone() else {
        ui.heading("Session");
        ui.weak("Open a session from the Calendar, Home, or a rep's Sessions tab.");
        return;
    };
    header_ui(ui, view, &session);
    ui.add_space(6.0);
    egui::ScrollArea::vertical()
        .id_salt(("session_scroll", session.rep, session.key))
        .auto_shrink(false)
        .show(ui, |ui| {
            prepare_ui(ui, view, &session);
            ui.add_space(8.0);
            follow_up_ui(ui, view, &session);
            ui.add_space(8.0);
            agenda::agenda_ui(ui, view, &session);
            ui.add_space(8.0);
            ui.columns(3, |columns| {
                for (column, bucket) in columns.iter_mut().zip(Bucket::ALL) {
                    bucket::bucket_ui(column, view, &session, bucket);
                }
            });
            ui.add_space(8.0);
            close_ui(ui, view, &session);
        });
}

fn rep_name(view: &View<'_>, session: &SessionView) -> String {
    view.caches
        .rep(session.rep)
        .map_or_else(String::new, |r| r.rep.name.clone())
}

fn header_ui(ui: &mut egui::Ui, view: &mut View<'_>, session: &SessionView) {
    let name = rep_name(view, session);
    ui.horizontal(|ui| {
        let back_to = format!("Back to {} (Esc, Alt+Left)", view.state.back_title());
        if ui.button("< Back").on_hover_text(back_to).clicked() {
            view.request(Request::Back);
        }
        ui.heading(format!("Coaching: {name}"));
        let local = session.start.with_timezone(&Local);
        ui.label(local.format("%a %-d %b %Y, %H:%M").to_string());
        ui.colored_label(
            super::calendar::status_color(session.status, ui.visuals()),
            super::calendar::status_label(session.status),
        );
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if ui
                .button("Copy summary")
                .on_hover_text(
                    "A plain-text recap for an email to the rep: summary, next steps, shared notes",
                )
                .clicked()
            {
                ui.ctx()
                    .copy_text(recap_text(view.caches, &view.state.session, session));
                let now = ui.input(|i| i.time);
                view.state.toast = Some(super::Toast::info(
                    "Copied the recap to the clipboard".to_owned(),
                    now,
                ));
            }
            if ui.button("Capture observation").clicked() {
                super::capture::open_for_session(view, session.rep, session.key);
            }
        });
    });
    if let Some((when, summary)) = &session.previous {
        egui::CollapsingHeader::new(format!(
            "Previous session, {}",
            when.with_timezone(&Local).format("%-d %b")
        ))
        .show(ui, |ui| {
            ui.label(if summary.trim().is_empty() {
                "No summary was written."
            } else {
                summary
            });
        });
    }
}

/// The plain-text recap, from the texts as shown (so the last second of typing is in it).
pub fn recap_text(caches: &Caches, screen: &SessionScreen, session: &SessionView) -> String {
    let texts = &screen.texts;
    let shared: Vec<(Bucket, String)> = Bucket::ALL
        .into_iter()
        .map(|b| {
            (
                b,
                texts
                    .get(&SessionField::SharedNotes(b))
                    .cloned()
                    .unwrap_or_default(),
            )
        })
        .collect();
    let agreed: Vec<_> = session
        .commitments
        .iter()
        .filter(|c| {
            session
                .session
                .as_ref()
                .is_some_and(|s| c.draft.session_id == Some(s.id))
        })
        .cloned()
        .collect();
    let rep = caches
        .rep(session.rep)
        .map_or_else(String::new, |r| r.rep.name.clone());
    recap(&RecapInput {
        rep: &rep,
        start: session.start,
        summary: texts.get(&SessionField::Summary).map_or("", String::as_str),
        commitments: &agreed,
        shared_notes: &shared,
    })
}

fn prepare_ui(ui: &mut egui::Ui, view: &mut View<'_>, _session: &SessionView) {
    egui::CollapsingHeader::new(RichText::new("Prepare").strong().size(16.0))
        .default_open(true)
        .show(ui, |ui| {
            ui.columns(2, |columns| {
                columns[0].label(RichText::new("Upfront contract").strong());
                field_ui(&mut columns[0], view, SessionField::Purpose, "Purpose", 1);
                field_ui(&mut columns[0], view, SessionField::Agenda, "Agenda", 2);
                field_ui(
                    &mut columns[0],
                    view,
                    SessionField::DesiredOutcome,
                    "Desired outcome",
                    1,
                );
                columns[1].label(RichText::new("Your preparation").strong());
                field_ui(
                    &mut columns[1],
                    view,
                    SessionField::OutcomeWanted,
                    "What outcome do I want from this session?",
                    1,
                );
                field_ui(
                    &mut columns[1],
                    view,
                    SessionField::AskFor,
                    "What do I need to ask for?",
                    1,
                );
                field_ui(
                    &mut columns[1],
                    view,
                    SessionField::FocusAccounts,
                    "Opportunities to go deep on",
                    1,
                );
            });
        });
}

/// Open commitments (done or dropped with one click) and what the last summary left.
fn follow_up_ui(ui: &mut egui::Ui, view: &mut View<'_>, session: &SessionView) {
    // The store reads open commitments first, most overdue first: the capped list shows
    // what to chase.
    let mut open: Vec<_> = session
        .commitments
        .iter()
        .filter(|c| c.status == CommitmentStatus::Open)
        .collect();
    let total = open.len();
    let expanded = view.state.session.show_all_follow_up;
    ui.horizontal(|ui| {
        ui.label(RichText::new("Follow up").strong().size(16.0));
        if total > 0 {
            ui.weak(format!("{total} open"));
        }
        if super::lists::show_all_ui(ui, total, expanded, "open commitments") {
            view.state.session.show_all_follow_up = !expanded;
        }
    });
    if let Some((when, summary)) = session
        .previous
        .as_ref()
        .filter(|(_, s)| !s.trim().is_empty())
    {
        ui.horizontal_wrapped(|ui| {
            ui.weak(format!(
                "Left open on {}:",
                when.with_timezone(&Local).format("%-d %b")
            ));
            ui.label(summary);
        });
    }
    if open.is_empty() {
        ui.weak("No open commitments.");
    }
    open.truncate(super::lists::shown(total, expanded));
    let mut command = None;
    for c in open {
        ui.horizontal(|ui| {
            let overdue = c.draft.due_on < view.today;
            let due = format!("due {}", super::short_date(c.draft.due_on, view.today));
            ui.label(&c.draft.text);
            if overdue {
                ui.colored_label(style::danger(ui.visuals()), format!("overdue, {due}"));
            } else {
                ui.weak(due);
            }
            ui.weak(match c.draft.owner {
                Owner::Rep => "rep",
                Owner::Manager => "you",
            });
            if let Some(change) = status_buttons_ui(ui, c) {
                command = Some(change);
            }
        });
    }
    if let Some(command) = command {
        view.apply(command, Origin::Other);
    }
}

/// Done and Drop for an open commitment, Reopen for a closed one.
pub fn status_buttons_ui(
    ui: &mut egui::Ui,
    c: &crate::domain::commitment::Commitment,
) -> Option<Command> {
    let mut button = |text: &str, status: CommitmentStatus| {
        ui.small_button(text)
            .accessible_name(format!("{text}: {}", c.draft.text))
            .clicked()
            .then_some(Command::SetCommitmentStatus { id: c.id, status })
    };
    if c.status == CommitmentStatus::Open {
        let done = button("Done", CommitmentStatus::Done);
        let dropped = button("Drop", CommitmentStatus::Dropped);
        done.or(dropped)
    } else {
        button("Reopen", CommitmentStatus::Open)
    }
}

pub(super) fn short(bucket: Bucket) -> &'static str {
    match bucket {
        Bucket::Organization => "Organization",
        Bucket::Selling => "Selling",
        Bucket::Customer => "Customer",
    }
}

fn close_ui(ui: &mut egui::Ui, view: &mut View<'_>, session: &SessionView) {
    style::card_frame(ui.style()).show(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.label(RichText::new("Close").strong().size(16.0));
        field_ui(
            ui,
            view,
            SessionField::Summary,
            "Summary (shared with the rep)",
            3,
        );
        ui.add_space(4.0);
        ui.label(RichText::new("Commitments agreed").strong());
        agreed_commitments_ui(ui, session);
        commitment_form_ui(ui, view, session);
        ui.add_space(6.0);
        let started = crate::domain::session::may_mark_held(session.start, view.today, view.zone);
        if ui
            .add_enabled(
                started && session.status != SessionStatus::Held,
                egui::Button::new("Mark held"),
            )
            .on_disabled_hover_text("A session can be marked held from its day on.")
            .clicked()
        {
            view.apply(
                Command::ChangeSession {
                    rep: session.rep,
                    key: session.key,
                    change: SessionChange::MarkHeld,
                },
                Origin::Other,
            );
        }
    });
}

/// The commitments agreed in this session, one line each; none while it is only a slot.
fn agreed_commitments_ui(ui: &mut egui::Ui, session: &SessionView) {
    let this = session.session.as_ref().map(|s| s.id);
    for c in session
        .commitments
        .iter()
        .filter(|c| this.is_some() && c.draft.session_id == this)
    {
        ui.horizontal(|ui| {
            ui.label(format!(
                "{} ({}, by {})",
                c.draft.text,
                match c.draft.owner {
                    Owner::Rep => "rep",
                    Owner::Manager => "you",
                },
                c.draft.due_on.format("%-d %b")
            ));
        });
    }
}

/// The next step to agree: its text, whose it is and when it is due, and its error.
fn commitment_form_ui(ui: &mut egui::Ui, view: &mut View<'_>, session: &SessionView) {
    let form = &mut view.state.session.commitment;
    let mut add = false;
    ui.horizontal(|ui| {
        let label = ui.label("Next step");
        ui.add(egui::TextEdit::singleline(&mut form.text).desired_width(280.0))
            .labelled_by(label.id);
        ui.selectable_value(&mut form.owner, Owner::Rep, "Rep");
        ui.selectable_value(&mut form.owner, Owner::Manager, "Me");
        let label = ui.label("Due");
        ui.add(
            egui::TextEdit::singleline(&mut form.due)
                .hint_text("YYYY-MM-DD")
                .desired_width(96.0),
        )
        .labelled_by(label.id);
        add = ui.button("Add commitment").clicked();
    });
    if let Some(error) = &form.error {
        ui.colored_label(style::danger(ui.visuals()), error);
    }
    if add {
        match parse_optional_date(&form.due) {
            Ok(Some(due_on)) => {
                let command = Command::AddCommitment {
                    rep: session.rep,
                    key: session.key,
                    text: form.text.clone(),
                    owner: form.owner,
                    due_on,
                };
                view.requests
                    .push(Request::Apply(command, Origin::Commitment));
            }
            Ok(None) => form.error = Some("A commitment needs a due date.".to_owned()),
            Err(err) => form.error = Some(err.to_string()),
        }
    }
}
