//! Every command's text cleaned before it is applied: the one choke point through which
//! the window, quick capture, the roster import, the rep file import and undo all write,
//! so no screen needs to remember the rule and no new command can forget it.

use super::{Command, ScheduleRows, SessionChange};
use crate::domain::text::Lines;
use crate::domain::text_fields::{CleanText, clean_field};

impl CleanText for SessionChange {
    fn clean_text(&mut self) {
        if let SessionChange::Skip(reason) = self {
            reason.clean_text();
        }
    }
}

impl CleanText for ScheduleRows {
    fn clean_text(&mut self) {
        for (session, notes) in &mut self.put_sessions {
            session.clean_text();
            notes.clean_text();
        }
    }
}

impl CleanText for Command {
    fn clean_text(&mut self) {
        let one = |field: &mut String| clean_field(field, Lines::One);
        match self {
            Command::AddRep(draft) | Command::EditRep { draft, .. } => draft.clean_text(),
            Command::RestoreRep(rep) => rep.clean_text(),
            Command::ImportRoster(drafts) => drafts.clean_text(),
            Command::AddObservations(drafts) | Command::AddObservationsInSession { drafts, .. } => {
                drafts.clean_text()
            }
            Command::EditObservation { draft, .. } => draft.clean_text(),
            Command::ReplaceObservations { put, .. } => put.clean_text(),
            Command::AddSkill { draft, .. } | Command::EditSkill { draft, .. } => {
                draft.clean_text();
            }
            Command::RestoreSkill { skill, targets } => {
                skill.clean_text();
                targets.iter_mut().for_each(|(role, _)| one(role));
            }
            Command::AddPrompt { text, .. } | Command::EditPrompt { text, .. } => one(text),
            Command::RestorePrompt(prompt) => prompt.clean_text(),
            Command::SetRoleTarget { role, .. } => one(role),
            Command::AdoptOrgFramework { framework, .. } => framework.clean_text(),
            Command::ChangeSession { change, .. } => change.clean_text(),
            Command::ReplaceSchedule(rows) => rows.clean_text(),
            Command::Batch(commands) => commands.clean_text(),
            Command::EditSessionText { field, text, .. } => clean_field(text, field.lines()),
            Command::AddTalkingPoints { points, .. } => {
                for (_, text, reason) in points {
                    one(text);
                    one(reason);
                }
            }
            Command::EditTalkingPoint { text, .. } => one(text),
            Command::RestoreTalkingPoint(point) => point.clean_text(),
            Command::AddCommitment { text, .. } => one(text),
            Command::ReplaceBusy { blocks, .. } => {
                blocks
                    .iter_mut()
                    .filter_map(|b| b.title.as_mut())
                    .for_each(one);
            }
            Command::RestoreCommitment(commitment) => commitment.clean_text(),
            Command::SetRepAnswers { value, .. } => value.clean_text(),
            Command::AddPlan(draft) => draft.clean_text(),
            Command::PutPlan(plan) => plan.draft.clean_text(),
            // No text of a person's in these.
            Command::SetArchived { .. }
            | Command::RemoveRep(_)
            | Command::LoadDemoTeam { .. }
            | Command::StartEmpty
            | Command::SetVisibility { .. }
            | Command::DeleteObservations(_)
            | Command::MoveSkill { .. }
            | Command::SetSkillRetired { .. }
            | Command::DeleteSkill(_)
            | Command::MovePrompt { .. }
            | Command::DeletePrompt(_)
            | Command::SetRepTarget { .. }
            | Command::SetCadence { .. }
            | Command::AddOneOffSession { .. }
            | Command::SetPointCovered { .. }
            | Command::DeleteTalkingPoint(_)
            | Command::SetCommitmentStatus { .. }
            | Command::DeleteCommitment(_)
            | Command::SetHalfLife { .. }
            | Command::SetBackupRetention(_)
            | Command::SetCaptureVisibility(_)
            | Command::SetCoachingGoal { .. }
            | Command::SetReminders(_)
            | Command::DeletePlan(_) => {}
        }
    }
}
