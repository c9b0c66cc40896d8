//! One way to refresh: what a change did decides, in [`after`] and nowhere else, which
//! caches the app reads again, which views start over and which settings on screen follow
//! the file. [`App::refresh`] carries that out.

use std::sync::Arc;

use super::{App, WriteState};
use crate::domain::backup_policy::Retention;
use crate::domain::observation::Visibility;
use crate::domain::reminders::Reminders;
use crate::model::LogState;
use crate::ops::{Changes, Command, ObservationChanges};
use crate::store;
use crate::store::meta::Preferences;
use crate::ui::Reply;

/// What to bring in step with the file after a change.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Refresh {
    /// The caches to read again.
    pub changes: Changes,
    /// The open session's view and its proposed agenda are built again.
    pub session: bool,
    /// Home's and the rep page's commitments are read again.
    pub commitments: bool,
    /// The skill figures are computed again (targets, framework or roster moved).
    pub gaps: bool,
    /// The half-life shown on Skill gaps, as the file now holds it.
    pub half_life_days: Option<u32>,
    /// The backup retention shown in Settings, applied at the next rotation.
    pub retention: Option<Retention>,
    /// The visibility quick capture starts from, as Settings shows it.
    pub capture_visibility: Option<Visibility>,
    /// The coaching-time goal, as Settings shows it.
    pub coaching_goal: Option<u32>,
    /// The reminder settings, as Settings shows them.
    pub reminders: Option<Reminders>,
}

/// Decides the refresh after `command` made `changes`.
pub(super) fn after(command: &Command, changes: &Changes) -> Refresh {
    // The proposed agenda ranks by the level model, so ratings, targets and the half-life
    // change it too.
    let agenda = changes.session
        || changes.plans
        || changes.schedule
        || changes.framework
        || changes.observations != ObservationChanges::None;
    let mut refresh = Refresh {
        changes: changes.clone(),
        session: agenda,
        commitments: agenda,
        gaps: changes.framework || changes.roster,
        half_life_days: None,
        retention: None,
        capture_visibility: None,
        coaching_goal: None,
        reminders: None,
    };
    note_settings(command, &mut refresh);
    refresh
}

/// The settings `command` set, for the screens that show them. Every command is named
/// here, with no catch-all arm, so a new command cannot be added without deciding.
fn note_settings(command: &Command, refresh: &mut Refresh) {
    match command {
        Command::SetHalfLife { days } => refresh.half_life_days = Some(*days),
        Command::SetBackupRetention(retention) => refresh.retention = Some(retention.clamped()),
        Command::SetCaptureVisibility(visibility) => refresh.capture_visibility = Some(*visibility),
        Command::SetCoachingGoal { mins_per_week } => {
            refresh.coaching_goal =
                Some(crate::domain::coaching_time::goal_in_range(*mins_per_week));
        }
        Command::SetReminders(reminders) => refresh.reminders = Some(reminders.clamped()),
        Command::Batch(commands) => {
            for inner in commands {
                note_settings(inner, refresh);
            }
        }
        Command::AddRep(_)
        | Command::EditRep { .. }
        | Command::SetArchived { .. }
        | Command::RemoveRep(_)
        | Command::RestoreRep(_)
        | Command::ImportRoster(_)
        | Command::LoadDemoTeam { .. }
        | Command::StartEmpty
        | Command::AddObservations(_)
        | Command::EditObservation { .. }
        | Command::SetVisibility { .. }
        | Command::DeleteObservations(_)
        | Command::ReplaceObservations { .. }
        | Command::AddSkill { .. }
        | Command::EditSkill { .. }
        | Command::MoveSkill { .. }
        | Command::SetSkillRetired { .. }
        | Command::DeleteSkill(_)
        | Command::RestoreSkill { .. }
        | Command::AddPrompt { .. }
        | Command::EditPrompt { .. }
        | Command::MovePrompt { .. }
        | Command::DeletePrompt(_)
        | Command::RestorePrompt(_)
        | Command::SetRoleTarget { .. }
        | Command::AdoptOrgFramework { .. }
        | Command::SetRepTarget { .. }
        | Command::SetCadence { .. }
        | Command::ChangeSession { .. }
        | Command::AddOneOffSession { .. }
        | Command::ReplaceSchedule(_)
        | Command::EditSessionText { .. }
        | Command::AddTalkingPoints { .. }
        | Command::SetPointCovered { .. }
        | Command::EditTalkingPoint { .. }
        | Command::AddObservationsInSession { .. }
        | Command::DeleteTalkingPoint(_)
        | Command::RestoreTalkingPoint(_)
        | Command::AddCommitment { .. }
        | Command::SetCommitmentStatus { .. }
        | Command::DeleteCommitment(_)
        | Command::RestoreCommitment(_)
        | Command::SetRepAnswers { .. }
        | Command::AddPlan(_)
        | Command::DeletePlan(_)
        | Command::PutPlan(_)
        | Command::ReplaceBusy { .. } => {}
    }
}

/// After the file's contents were replaced (an archive import, a restore): everything.
pub(super) fn everything(preferences: Preferences) -> Refresh {
    Refresh {
        changes: Changes::EVERYTHING,
        session: true,
        commitments: true,
        gaps: true,
        half_life_days: Some(preferences.half_life_days),
        retention: Some(preferences.retention),
        capture_visibility: Some(preferences.capture_visibility),
        coaching_goal: Some(preferences.coaching_goal_mins_per_week),
        reminders: Some(preferences.reminders),
    }
}

impl App {
    /// Carries out a refresh: caches read again, views dropped so they are built again
    /// when next drawn, settings on screen set to the file's.
    pub(super) fn refresh(&mut self, refresh: &Refresh) {
        self.backups.note_change();
        self.org_changed();
        self.caches.search_version += 1;
        self.notifications.check_soon();
        if let Some(days) = refresh.half_life_days {
            self.reply(Reply::HalfLife(days));
        }
        if let Some(retention) = refresh.retention {
            self.reply(Reply::Retention(retention));
            self.backups.rotate_soon(retention);
        }
        if let Some(visibility) = refresh.capture_visibility {
            self.reply(Reply::CaptureVisibility(visibility));
        }
        if let Some(mins) = refresh.coaching_goal {
            self.reply(Reply::CoachingGoal(mins));
        }
        if let Some(reminders) = refresh.reminders {
            self.reply(Reply::Reminders(reminders));
        }
        if refresh.session {
            self.caches.session = None;
        }
        if refresh.commitments {
            self.caches.commitments_for = None;
        }
        if refresh.gaps {
            self.caches.gaps = None;
        }
        let now = self.ops.clock().now();
        let reloaded = self
            .caches
            .refresh(self.ops.store(), &refresh.changes, now)
            .and_then(|()| self.refresh_observations(&refresh.changes));
        if let Err(err) = reloaded {
            self.write_state = WriteState::Failed(format!(
                "Saved, but the screen could not be refreshed: {err}"
            ));
        }
    }

    /// After an archive import or a restore replaced the file's contents: the undo
    /// history goes (its steps belong to the file as it was) and every cache is read again.
    pub(super) fn contents_replaced(&mut self) {
        self.ops.contents_replaced();
        match store::meta::preferences(self.ops.store().conn()) {
            Ok(preferences) => self.refresh(&everything(preferences)),
            Err(err) => {
                self.write_state = WriteState::Failed(format!(
                    "The data file's contents were replaced, but the screens could not be refreshed: {err}"
                ));
            }
        }
    }

    /// Brings the in-memory log in step: a few rows re-read, or all of it reloaded;
    /// tables whose names or rows changed ask again. Every change to the log moves its
    /// version, so an excerpt read before the change is dropped when it arrives.
    fn refresh_observations(&mut self, changes: &Changes) -> Result<(), store::StoreError> {
        match &changes.observations {
            ObservationChanges::None => {}
            ObservationChanges::All => {
                self.caches.log = LogState::Loading;
                self.caches.log_version += 1;
                self.caches.excerpts.clear();
                self.excerpts_asked.clear();
                self.worker.load();
            }
            ObservationChanges::Some(ids) => {
                let conn = self.ops.store().conn();
                let rows = store::observations::summaries_by_id(conn, ids)?;
                let before = self.caches.log.log().map(|log| log.reps_of(ids));
                if let (Some(before), LogState::Ready(log)) = (before, &mut self.caches.log) {
                    let after: Vec<_> = rows.iter().map(|r| r.rep).collect();
                    Arc::make_mut(log).update(ids, rows);
                    self.caches.adjust_observation_counts(&before, &after);
                } else {
                    let now = self.ops.clock().now();
                    self.caches
                        .refresh(self.ops.store(), &Changes::ROSTER, now)?;
                }
                self.caches.log_version += 1;
                for id in ids {
                    self.caches.excerpts.remove(id);
                }
                self.excerpts_asked.clear();
            }
        }
        if changes.observations != ObservationChanges::None || changes.roster || changes.framework {
            for table in self.caches.tables.values_mut() {
                table.asked = None;
            }
        }
        Ok(())
    }
}
