//! Every change a screen can make, as a value. The app applies each in one transaction and
//! keeps its inverse, which is how undo and redo work without special cases.

mod clean;
mod framework;
mod observations;
mod org;
mod outcome;
mod plans;
mod rep_answers;
mod roster;
mod schedule;
mod setup;
mod workspace;

pub use outcome::{Applied, Changes, ObservationChanges, Stamp};

pub use rep_answers::{
    AnswersSource, PreparedAnswers, prepare as prepare_answers, prepare_from_server,
};

pub use schedule::{ScheduleRows, SessionChange};

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::Connection;
use thiserror::Error;

use crate::domain::backup_policy::Retention;
use crate::domain::cadence::Cadence;
use crate::domain::commitment::{Commitment, CommitmentId, CommitmentStatus, Owner};
use crate::domain::framework::Prompt;
use crate::domain::observation::{Observation, ObservationDraft, ObservationId, Visibility};
use crate::domain::plan::{Plan, PlanDraft, PlanId};
use crate::domain::rep::{Rep, RepDraft, RepId};
use crate::domain::rep_file::answers::ReceivedAnswers;
use crate::domain::schedule::OccurrenceKey;
use crate::domain::session::{SessionField, TalkingPoint, TalkingPointId};
use crate::domain::skill::{Skill, SkillDraft, SkillId};
use crate::domain::text_fields::CleanText;
use crate::domain::{Bucket, Level, ValidationError};
use crate::store::StoreError;

#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    AddRep(RepDraft),
    EditRep {
        id: RepId,
        draft: RepDraft,
    },
    SetArchived {
        id: RepId,
        archived: bool,
    },
    /// Only as the inverse of an add: removes a rep that has no history yet.
    RemoveRep(RepId),
    /// Only as the inverse of a removal: puts the rep back with the same id.
    RestoreRep(Rep),
    /// A roster file's reps, added all together or not at all.
    ImportRoster(Vec<RepDraft>),
    /// The first-run choice: fill a new file with the demo team.
    LoadDemoTeam {
        seed: u64,
    },
    /// The first-run choice: keep the new file empty.
    StartEmpty,

    /// One capture: one or more skills seen on one call, saved together.
    AddObservations(Vec<ObservationDraft>),
    EditObservation {
        id: ObservationId,
        draft: ObservationDraft,
    },
    SetVisibility {
        ids: Vec<ObservationId>,
        visibility: Visibility,
    },
    DeleteObservations(Vec<ObservationId>),
    /// The inverse of the above: rows put back exactly as they were, and rows removed.
    ReplaceObservations {
        put: Vec<Observation>,
        delete: Vec<ObservationId>,
    },

    AddSkill {
        bucket: Bucket,
        draft: SkillDraft,
    },
    EditSkill {
        id: SkillId,
        draft: SkillDraft,
    },
    /// Swaps the skill with its neighbour in the bucket, up or down.
    MoveSkill {
        id: SkillId,
        up: bool,
    },
    SetSkillRetired {
        id: SkillId,
        retired: bool,
    },
    /// Refused for a skill with observations: those are retired instead.
    DeleteSkill(SkillId),
    /// The inverse of a delete: the skill and its role targets, as they were.
    RestoreSkill {
        skill: Skill,
        targets: Vec<(String, Level)>,
    },
    AddPrompt {
        bucket: Bucket,
        text: String,
    },
    EditPrompt {
        id: i64,
        text: String,
    },
    MovePrompt {
        id: i64,
        up: bool,
    },
    DeletePrompt(i64),
    RestorePrompt(Prompt),
    /// The organization's framework at `version`, pulled from its server: no undo, the
    /// organization owns it.
    AdoptOrgFramework {
        version: i64,
        framework: crate::domain::framework::Framework,
    },
    SetRoleTarget {
        role: String,
        skill: SkillId,
        level: Option<Level>,
    },
    /// `None` removes the rep's own target, so the role's applies again.
    SetRepTarget {
        rep: RepId,
        skill: SkillId,
        level: Option<Level>,
    },

    /// Replaces the rep's cadence from now on; `None` ends it.
    SetCadence {
        rep: RepId,
        cadence: Option<Cadence>,
    },
    ChangeSession {
        rep: RepId,
        key: OccurrenceKey,
        change: SessionChange,
    },
    AddOneOffSession {
        rep: RepId,
        start: DateTime<Utc>,
        duration_mins: u32,
    },
    /// The inverse of the schedule changes: rows put back as they were.
    ReplaceSchedule(ScheduleRows),

    /// Several commands as one step.
    Batch(Vec<Command>),
    EditSessionText {
        rep: RepId,
        key: OccurrenceKey,
        field: SessionField,
        text: String,
    },
    /// Talking points as (bucket, text, why proposed).
    AddTalkingPoints {
        rep: RepId,
        key: OccurrenceKey,
        points: Vec<(Bucket, String, String)>,
    },
    SetPointCovered {
        id: TalkingPointId,
        covered: bool,
    },
    EditTalkingPoint {
        id: TalkingPointId,
        text: String,
    },
    /// Observations captured in a session's workspace, linked to it (stored first if it
    /// was only a slot).
    AddObservationsInSession {
        rep: RepId,
        key: OccurrenceKey,
        drafts: Vec<ObservationDraft>,
    },
    DeleteTalkingPoint(TalkingPointId),
    RestoreTalkingPoint(TalkingPoint),
    AddCommitment {
        rep: RepId,
        key: OccurrenceKey,
        text: String,
        owner: Owner,
        due_on: NaiveDate,
    },
    SetCommitmentStatus {
        id: CommitmentId,
        status: CommitmentStatus,
    },
    DeleteCommitment(CommitmentId),
    RestoreCommitment(Commitment),
    /// The half-life of the level model, in days.
    SetHalfLife {
        days: u32,
    },
    /// A rep's answers from their returned rep file; the inverse puts back what was stored.
    SetRepAnswers {
        rep: RepId,
        value: ReceivedAnswers,
    },
    /// How many rotating backups to keep; applied at the next rotation.
    SetBackupRetention(Retention),
    /// Whether quick capture starts a new observation shared or private.
    SetCaptureVisibility(Visibility),
    /// The minutes of coaching a week each rep should have.
    SetCoachingGoal {
        mins_per_week: u32,
    },
    /// The manager's busy time, as read from their calendar file (or none), and where it
    /// came from.
    ReplaceBusy {
        blocks: Vec<crate::domain::busy::BusyBlock>,
        source: crate::domain::busy::BusySource,
        /// Read again at start, as Settings asked: not a step of the manager's to undo.
        at_start: bool,
    },
    /// When reminders come, and whether desktop notifications are shown.
    SetReminders(crate::domain::reminders::Reminders),
    /// A focus skill adopted for a rep.
    AddPlan(PlanDraft),
    /// Only as the inverse of an add.
    DeletePlan(PlanId),
    /// A plan written as given: edited, closed, reopened, or put back by undo.
    PutPlan(Plan),
}

#[derive(Debug, Error)]
pub enum CommandError {
    #[error("{0}")]
    Invalid(#[from] ValidationError),
    #[error("{0}")]
    Store(#[from] StoreError),
    #[error("{0}")]
    Demo(String),
    #[error("The backup made before every import failed, so nothing was imported. {0}")]
    BackupBeforeImport(String),
    #[error(
        "This rep file was shared with {0}, who is not on this data file's roster (or whose commitments are not here); nothing was imported."
    )]
    ForeignRepFile(String),
    #[error(transparent)]
    ReturnedFile(#[from] crate::domain::rep_file::token::ShareMismatch),
    #[error("{0} Nothing was imported.")]
    AnswersOverLimit(#[from] crate::domain::rep_file::answers::AnswerLimit),
    #[error("That rep no longer exists; the change was not made.")]
    RepGone,
    #[error("{0} has coaching history, so it stays; archive the rep instead.")]
    HasHistory(String),
    #[error("That observation no longer exists; the change was not made.")]
    ObservationGone,
    #[error("A busy time in that calendar ends before it starts; nothing was imported.")]
    BadBusyTime,
    #[error("That calendar holds more busy times than Coachbook keeps; nothing was imported.")]
    TooManyBusyTimes,
    #[error("That skill no longer exists; the change was not made.")]
    SkillGone,
    #[error(
        "\"{0}\" belongs to the organization's framework, which enablement changes for every team; you can still set each rep's own target."
    )]
    OrgSkill(String),
    #[error(
        "\"{name}\" has {count} observations, so it cannot be deleted; retire it instead to keep their history."
    )]
    SkillHasObservations { name: String, count: i64 },
    #[error(
        "\"{name}\" is the focus of {count} coaching plans, so it cannot be deleted; retire it instead to keep their history."
    )]
    SkillHasPlans { name: String, count: i64 },
    #[error("\"{0}\" is retired; restore it in the Framework screen to record it again.")]
    SkillRetired(String),
    #[error("That coaching plan no longer exists; the change was not made.")]
    PlanGone,
    #[error("{rep} already has a running plan for {skill}; edit that one instead.")]
    PlanExists { rep: String, skill: String },
    #[error(
        "{0} already has three focus skills; close one before adopting another, so the focus stays a focus."
    )]
    TooManyPlans(String),
    #[error("Nothing to save: choose a skill and a rating first.")]
    NothingToSave,
    #[error("The prompt is empty. Type the question to ask.")]
    EmptyPrompt,
    #[error("That prompt no longer exists; the change was not made.")]
    PromptGone,
    #[error("That session no longer exists; the change was not made.")]
    SessionGone,
    #[error("This session is on a day still to come; mark it held on the day it takes place.")]
    HeldInFuture,
    #[error("{name} already has a session at that time; nothing was added.")]
    AlreadyBooked { name: String },
    #[error("The talking point is empty. Say what to talk about.")]
    EmptyTalkingPoint,
    #[error("The roster file has no reps to import.")]
    NothingToImport,
    #[error("Row {row} of the roster ({name}): {source} Nothing was imported.")]
    ImportRow {
        row: usize,
        name: String,
        source: ValidationError,
    },
}

impl From<rusqlite::Error> for CommandError {
    fn from(err: rusqlite::Error) -> Self {
        CommandError::Store(err.into())
    }
}

impl CommandError {
    /// True when the data file itself failed, as opposed to a rule the input broke.
    pub fn is_storage_failure(&self) -> bool {
        matches!(self, CommandError::Store(_))
    }
}

impl Command {
    /// Imports bring in many changes at once from a file; a backup is taken before each.
    pub fn is_import(&self) -> bool {
        matches!(
            self,
            Command::ImportRoster(_) | Command::SetRepAnswers { .. }
        )
    }

    /// Applies the command through `conn`, which the caller holds inside one transaction.
    /// Its text is cleaned first (control characters out, line breaks only where a field
    /// has lines), whichever door it came through.
    pub fn apply(&self, conn: &Connection, stamp: Stamp) -> Result<Applied, CommandError> {
        let mut cleaned = self.clone();
        cleaned.clean_text();
        cleaned.apply_clean(conn, stamp)
    }

    #[expect(
        clippy::too_many_lines,
        reason = "one arm per command: a table to read down, not steps to split"
    )]
    fn apply_clean(&self, conn: &Connection, stamp: Stamp) -> Result<Applied, CommandError> {
        let now = stamp.now;
        match self {
            Command::AddRep(draft) => roster::add(conn, draft, now),
            Command::EditRep { id, draft } => roster::edit(conn, *id, draft, now),
            Command::SetArchived { id, archived } => {
                roster::set_archived(conn, *id, *archived, now)
            }
            Command::RemoveRep(id) => roster::remove(conn, *id),
            Command::RestoreRep(rep) => roster::restore(conn, rep, now),
            Command::ImportRoster(drafts) => roster::import(conn, drafts, now),
            Command::LoadDemoTeam { seed } => setup::load_demo(conn, *seed, now),
            Command::StartEmpty => setup::start_empty(conn),
            Command::AddObservations(drafts) => observations::add(conn, drafts, stamp),
            Command::EditObservation { id, draft } => observations::edit(conn, *id, draft, stamp),
            Command::SetVisibility { ids, visibility } => {
                observations::set_visibility(conn, ids, *visibility, now)
            }
            Command::DeleteObservations(ids) => observations::replace(conn, &[], ids),
            Command::ReplaceObservations { put, delete } => {
                observations::replace(conn, put, delete)
            }
            Command::AddSkill { bucket, draft } => framework::add_skill(conn, *bucket, draft),
            Command::EditSkill { id, draft } => framework::edit_skill(conn, *id, draft),
            Command::MoveSkill { id, up } => framework::move_skill(conn, *id, *up),
            Command::SetSkillRetired { id, retired } => framework::set_retired(conn, *id, *retired),
            Command::DeleteSkill(id) => framework::delete_skill(conn, *id),
            Command::RestoreSkill { skill, targets } => {
                framework::restore_skill(conn, skill, targets)
            }
            Command::AddPrompt { bucket, text } => framework::add_prompt(conn, *bucket, text),
            Command::EditPrompt { id, text } => framework::edit_prompt(conn, *id, text),
            Command::MovePrompt { id, up } => framework::move_prompt(conn, *id, *up),
            Command::DeletePrompt(id) => framework::delete_prompt(conn, *id),
            Command::RestorePrompt(prompt) => framework::restore_prompt(conn, prompt),
            Command::SetRoleTarget { role, skill, level } => {
                framework::set_role_target(conn, role, *skill, *level)
            }
            Command::AdoptOrgFramework { version, framework } => {
                org::adopt(conn, *version, framework)
            }
            Command::SetRepTarget { rep, skill, level } => {
                framework::set_rep_target(conn, *rep, *skill, *level)
            }
            Command::SetCadence { rep, cadence } => {
                schedule::set_cadence(conn, *rep, cadence.as_ref(), stamp)
            }
            Command::ChangeSession { rep, key, change } => {
                schedule::change_session(conn, *rep, *key, change, stamp)
            }
            Command::AddOneOffSession {
                rep,
                start,
                duration_mins,
            } => schedule::add_one_off(conn, *rep, *start, *duration_mins, stamp),
            Command::ReplaceSchedule(rows) => schedule::replace(conn, rows, stamp),
            Command::Batch(commands) => workspace::batch(conn, commands, stamp),
            Command::EditSessionText {
                rep,
                key,
                field,
                text,
            } => workspace::edit_text(conn, *rep, *key, *field, text, stamp),
            Command::AddTalkingPoints { rep, key, points } => {
                workspace::add_points(conn, *rep, *key, points, stamp)
            }
            Command::SetPointCovered { id, covered } => workspace::set_covered(conn, *id, *covered),
            Command::EditTalkingPoint { id, text } => workspace::edit_point(conn, *id, text),
            Command::AddObservationsInSession { rep, key, drafts } => {
                workspace::add_observations(conn, *rep, *key, drafts, stamp)
            }
            Command::DeleteTalkingPoint(id) => workspace::delete_point(conn, *id),
            Command::RestoreTalkingPoint(point) => workspace::restore_point(conn, point),
            Command::AddCommitment {
                rep,
                key,
                text,
                owner,
                due_on,
            } => workspace::add_commitment(conn, *rep, *key, text, *owner, *due_on, stamp),
            Command::SetCommitmentStatus { id, status } => {
                workspace::set_commitment_status(conn, *id, *status, stamp)
            }
            Command::DeleteCommitment(id) => workspace::delete_commitment(conn, *id),
            Command::RestoreCommitment(c) => workspace::restore_commitment(conn, c),
            Command::SetRepAnswers { rep, value } => rep_answers::set(conn, *rep, value),
            Command::SetHalfLife { days } => setup::set_half_life(conn, *days),
            Command::SetBackupRetention(retention) => setup::set_retention(conn, *retention),
            Command::SetCaptureVisibility(visibility) => {
                setup::set_capture_visibility(conn, *visibility)
            }
            Command::SetReminders(reminders) => setup::set_reminders(conn, *reminders),
            Command::ReplaceBusy {
                blocks,
                source,
                at_start,
            } => setup::replace_busy(conn, blocks, source, *at_start),
            Command::SetCoachingGoal { mins_per_week } => {
                setup::set_coaching_goal(conn, *mins_per_week)
            }
            Command::AddPlan(draft) => plans::add(conn, draft),
            Command::DeletePlan(id) => plans::delete(conn, *id),
            Command::PutPlan(plan) => plans::put(conn, plan),
        }
    }
}
