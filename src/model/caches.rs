//! What the screens read each frame, rebuilt only when a command touched it, so no SQL
//! runs while drawing.

use std::collections::HashMap;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use super::observation_log::ObservationLog;
use super::query_worker::TableId;
use crate::domain::cadence::Cadence;
use crate::domain::coaching_time::{self, TimeCoached};
use crate::domain::commitment::Commitment;
use crate::domain::dates;
use crate::domain::framework::StoredFramework;
use crate::domain::observation::ObservationId;
use crate::domain::observation_query::{Lookups, ObservationFilter, ObservationSummary, Sort};
use crate::domain::rep::{Rep, RepId};
use crate::domain::schedule::{self, Cadences, Coverage, Occurrence};
use crate::domain::skill::SkillId;
use crate::domain::{Bucket, Level};
use crate::ops::{Changes, ObservationChanges};
use crate::store::cadences::UnreadableCadence;
use crate::store::{self, Store, StoreError};

/// One line of the roster.
#[derive(Clone, Debug)]
pub struct RosterRow {
    pub rep: Rep,
    pub role_name: String,
    /// "Weekly on Tuesday, 09:00" or `None` without a cadence.
    pub cadence: Option<String>,
    /// Why the rep's current cadence cannot be read, when it cannot: the calendar skips
    /// it until a new cadence replaces it.
    pub cadence_problem: Option<String>,
    pub last_held: Option<DateTime<Utc>>,
    /// Days without a held session after which the rep is overdue: the cadence's interval
    /// plus a grace of three days.
    pub overdue_after_days: Option<i64>,
    pub observations: i64,
    /// Held and due sessions of the last 90 days, and the next one.
    pub coverage: Coverage,
    /// The held sessions of the last 90 days and a little more, as (start, minutes).
    pub held_recent: Vec<(DateTime<Utc>, u32)>,
}

impl RosterRow {
    /// Minutes coached in the last 30 and 90 calendar days up to `today`, in `zone`.
    pub fn time_coached(&self, today: chrono::NaiveDate, zone: Tz) -> TimeCoached {
        TimeCoached::of(self.held_recent.iter().copied(), today, zone)
    }

    /// Calendar days since the last held session, as of `now`, in the manager's `zone`.
    pub fn days_since_held(&self, now: DateTime<Utc>, zone: Tz) -> Option<i64> {
        self.last_held
            .map(|last| dates::calendar_days_between(last, now, zone))
    }

    /// No held session for longer than the cadence allows (never held counts, once a
    /// cadence exists).
    pub fn is_overdue(&self, now: DateTime<Utc>, zone: Tz) -> bool {
        !self.rep.archived
            && self.overdue_after_days.is_some_and(|limit| {
                self.days_since_held(now, zone)
                    .is_none_or(|days| days > limit)
            })
    }
}

/// The occurrences of one window of the schedule, as the calendar and Home show them.
#[derive(Clone, Debug, Default)]
pub struct CalendarCache {
    pub window: Option<(DateTime<Utc>, DateTime<Utc>)>,
    pub occurrences: Vec<Occurrence>,
}

/// Slack allowed beyond a cadence's interval before a rep counts as overdue.
pub const OVERDUE_GRACE_DAYS: i64 = 3;

/// Where the in-memory observation log stands.
#[derive(Clone, Debug, Default)]
pub enum LogState {
    #[default]
    Loading,
    Ready(Arc<ObservationLog>),
    Failed(String),
}

impl LogState {
    pub fn log(&self) -> Option<&ObservationLog> {
        match self {
            LogState::Ready(log) => Some(log),
            _ => None,
        }
    }
}

/// The rows one observation table shows, and the query that produced them.
#[derive(Clone, Debug, Default)]
pub struct TableResult {
    pub rows: Arc<Vec<ObservationSummary>>,
    /// The filter and sort of the last query sent; `None` after a change made it stale.
    pub asked: Option<(ObservationFilter, Sort)>,
    pub generation: u64,
    /// A query is out and its answer not yet in.
    pub pending: bool,
    /// When the query out was sent, so a slow one shows that it works.
    pub sent_at: Option<std::time::Instant>,
    pub last_query_ms: f64,
    pub error: Option<String>,
}

#[derive(Default)]
pub struct Caches {
    pub roster: Vec<RosterRow>,
    pub framework: StoredFramework,
    /// Each rep's own targets, where the manager set one.
    pub rep_targets: HashMap<(RepId, SkillId), Level>,
    /// True until the manager chose between the demo team and an empty start.
    pub needs_setup: bool,
    /// The roster's observation counts wait for the log: counting half a million rows in
    /// SQL would hold up the first frame, and the log, loading on its thread, counts them
    /// as it reads.
    pub counts_pending: bool,
    pub log: LogState,
    pub tables: HashMap<TableId, TableResult>,
    /// The start of the evidence of rows that have been on screen.
    pub excerpts: HashMap<ObservationId, String>,
    pub calendar: CalendarCache,
    /// Every cadence, current and replaced.
    pub cadences: Cadences,
    /// Cadence rows the app cannot read (a file written elsewhere): left out of the
    /// schedule and flagged, never a reason not to open the file.
    pub unreadable_cadences: Vec<UnreadableCadence>,
    /// The session open in the workspace.
    pub session: Option<super::session_view::SessionView>,
    /// Open commitments due within a week, for Home.
    pub due_commitments: Vec<Commitment>,
    /// Every commitment of the rep whose page is open.
    pub rep_commitments: Option<(RepId, Vec<Commitment>)>,
    /// The rep page the commitments were read for; `None` until read, or after a change
    /// made them old.
    pub commitments_for: Option<Option<RepId>>,
    /// The skill figures of the team, and the log version they were computed from.
    pub gaps: Option<(super::gaps::GapMap, u64)>,
    /// Bumped whenever the observation log changes.
    pub log_version: u64,
    /// The open rep's trend chart, computed once per change rather than once per frame.
    pub trends: Option<(super::gaps::TrendKey, Vec<super::gaps::SkillTrend>)>,
    /// The open rep's answers from their last returned rep file.
    pub answers: Option<(RepId, crate::domain::rep_file::answers::ReceivedAnswers)>,
    /// Every coaching plan of the file, oldest first; shared (not copied) with the thread
    /// that computes their figures.
    pub plans: Arc<Vec<crate::domain::plan::Plan>>,
    /// Bumped whenever the plans change, so figures computed before are known to be old.
    pub plans_version: u64,
    /// Progress and effectiveness of every plan, and what they were computed from.
    pub plan_figures: Option<super::plan_figures::PlanFigures>,
    /// The figures asked of the query thread and not yet in.
    pub plans_asked: Option<super::plan_figures::PlanKey>,
    /// The open rep's sessions as they rated them, newest first; read with the answers.
    pub rated_sessions: Option<(RepId, Vec<store::rep_answers::RatedSession>)>,
    /// Each rep's mean rating of their sessions' usefulness, and how many they rated.
    pub session_usefulness: HashMap<RepId, (f64, u32)>,
    /// The manager's own calendar as busy time, by start, and where it came from.
    pub busy: Vec<crate::domain::busy::BusyBlock>,
    pub busy_source: crate::domain::busy::BusySource,
    /// The last search answered, and what it was asked with.
    pub search: Option<(
        super::SearchKey,
        Result<crate::domain::search::Found, String>,
    )>,
    /// The search asked of the query thread and not yet answered.
    pub search_asked: Option<super::SearchKey>,
    /// Bumped by every change to the file, so a search shown before is asked again.
    pub search_version: u64,
}

impl Caches {
    pub fn load(store: &Store, now: DateTime<Utc>) -> Result<Caches, StoreError> {
        let mut caches = Caches {
            counts_pending: true,
            ..Caches::default()
        };
        caches.refresh(
            store,
            &Changes {
                roster: true,
                framework: true,
                setup: true,
                observations: ObservationChanges::None,
                schedule: true,
                session: true,
                answers: true,
                plans: true,
                busy: true,
            },
            now,
        )?;
        Ok(caches)
    }

    /// Computes the occurrences of `[from, to)` for the calendar and Home.
    pub fn load_calendar(
        &mut self,
        store: &Store,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let stored = store::sessions::between(store.conn(), from, to)?;
        self.calendar = CalendarCache {
            window: Some((from, to)),
            occurrences: schedule::occurrences(&mut self.cadences, &stored, from, to, now),
        };
        Ok(())
    }

    pub fn refresh(
        &mut self,
        store: &Store,
        changes: &Changes,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let conn = store.conn();
        if changes.answers || changes.framework {
            self.answers = None;
            self.rated_sessions = None;
        }
        if changes.answers {
            self.session_usefulness = store::rep_answers::usefulness_by_rep(conn)?;
        }
        if changes.framework {
            self.framework = store::framework::load(conn)?;
        }
        if changes.busy {
            self.busy = store::busy::all(conn)?;
            self.busy_source = store::busy::source(conn)?;
        }
        if changes.plans {
            self.plans = Arc::new(store::plans::all(conn)?);
            self.plans_version += 1;
        }
        if changes.schedule {
            let rows = store::cadences::list_all(conn)?;
            self.cadences = Cadences::new(rows.readable);
            self.unreadable_cadences = rows.unreadable;
            if let Some((from, to)) = self.calendar.window {
                self.load_calendar(store, from, to, now)?;
            }
        }
        if changes.roster || changes.schedule {
            // Counting half a million observations is kept for when they all changed; other
            // refreshes carry the counts over (a new rep has none).
            let counts = if changes.observations == ObservationChanges::All {
                self.counts_pending = false;
                store::observations::count_by_rep(store.conn())?
            } else if self.roster.is_empty() && !self.counts_pending {
                store::observations::count_by_rep(store.conn())?
            } else {
                self.roster
                    .iter()
                    .map(|r| (r.rep.id, r.observations))
                    .collect()
            };
            self.roster = roster(store, &self.framework, &mut self.cadences, &counts, now)?;
            for row in &mut self.roster {
                row.cadence_problem = self
                    .unreadable_cadences
                    .iter()
                    .find(|c| c.current && c.rep_id == row.rep.id)
                    .map(|c| c.reason.clone());
            }
        }
        if changes.framework {
            self.rep_targets = store::targets::rep_targets(conn)?
                .into_iter()
                .map(|(rep, skill, level)| ((rep, skill), level))
                .collect();
        }
        if changes.setup {
            let reps: i64 = conn.query_row("SELECT count(*) FROM reps", [], |r| r.get(0))?;
            self.needs_setup =
                reps == 0 && store::meta::get(conn, store::meta::SETUP_CHOICE)?.is_none();
        }
        Ok(())
    }

    /// The counts the log made as it loaded (or, when it could not load, the file's), while
    /// the roster still waits for them.
    pub fn take_counts(&mut self, counts: &HashMap<RepId, i64>) {
        if !self.counts_pending {
            return;
        }
        self.counts_pending = false;
        for row in &mut self.roster {
            row.observations = counts.get(&row.rep.id).copied().unwrap_or(0);
        }
    }

    /// The reps on the roster, archived ones left out, as (id, name): what pickers offer
    /// and what a new name must not repeat.
    pub fn active_reps(&self) -> Vec<(RepId, String)> {
        self.roster
            .iter()
            .filter(|r| !r.rep.archived)
            .map(|r| (r.rep.id, r.rep.name.clone()))
            .collect()
    }

    pub fn active_count(&self) -> usize {
        self.roster.iter().filter(|r| !r.rep.archived).count()
    }

    /// Moves the roster's observation counts from the reps of rows as they were to the reps
    /// of the same rows as they are.
    pub fn adjust_observation_counts(&mut self, before: &[RepId], after: &[RepId]) {
        for (reps, delta) in [(before, -1), (after, 1)] {
            for rep in reps {
                if let Some(row) = self.roster.iter_mut().find(|r| r.rep.id == *rep) {
                    row.observations += delta;
                }
            }
        }
    }

    /// The rep's running plans, oldest first.
    pub fn active_plans(&self, rep: RepId) -> impl Iterator<Item = &crate::domain::plan::Plan> {
        self.plans
            .iter()
            .filter(move |p| p.draft.rep == rep && p.is_active())
    }

    pub fn rep(&self, id: RepId) -> Option<&RosterRow> {
        self.roster.iter().find(|r| r.rep.id == id)
    }

    pub fn table(&self, id: TableId) -> Option<&TableResult> {
        self.tables.get(&id)
    }

    /// The target of `rep` for `skill`: the rep's own if set, else the role's.
    pub fn target(&self, rep: &Rep, skill: SkillId) -> Option<Level> {
        self.rep_targets
            .get(&(rep.id, skill))
            .copied()
            .or_else(|| self.framework.role_target(&rep.role, skill))
    }

    /// Names behind ids, in the order people sort them.
    pub fn lookups(&self) -> Lookups {
        let mut reps: Vec<&Rep> = self.roster.iter().map(|r| &r.rep).collect();
        reps.sort_by_key(|r| crate::domain::text::fold_case(&r.name));
        let mut skills: Vec<_> = self.framework.skills.iter().collect();
        skills.sort_by_key(|s| crate::domain::text::fold_case(&s.name));
        Lookups {
            skill_bucket: self
                .framework
                .skills
                .iter()
                .map(|s| (s.id, s.bucket))
                .collect::<HashMap<SkillId, Bucket>>(),
            rep_rank: reps
                .iter()
                .enumerate()
                .map(|(i, r)| (r.id, i as u32))
                .collect(),
            skill_rank: skills
                .iter()
                .enumerate()
                .map(|(i, s)| (s.id, i as u32))
                .collect(),
        }
    }
}

fn roster(
    store: &Store,
    framework: &StoredFramework,
    all_cadences: &mut Cadences,
    observations: &HashMap<RepId, i64>,
    now: DateTime<Utc>,
) -> Result<Vec<RosterRow>, StoreError> {
    let conn = store.conn();
    let last_held = store::sessions::last_held_by_rep(conn)?;
    // A day beyond the 90 of the long window, so its first calendar day is whole in any
    // zone; `TimeCoached::of` keeps only the window's days.
    let since = now - chrono::Duration::days(i64::from(coaching_time::LONG_DAYS) + 2);
    let mut held_recent: HashMap<RepId, Vec<(DateTime<Utc>, u32)>> = HashMap::new();
    for (rep, start, mins) in store::sessions::held_since(conn, since)? {
        held_recent.entry(rep).or_default().push((start, mins));
    }
    // Coverage looks back 90 days and far enough ahead to find the next monthly session.
    let from = now - chrono::Duration::days(schedule::COVERAGE_DAYS);
    let to = now + chrono::Duration::days(70);
    let stored = store::sessions::between(conn, from, to)?;
    let window = schedule::occurrences(all_cadences, &stored, from, to, now);
    let cadences: Vec<&Cadence> = all_cadences.iter().filter(|c| c.ended.is_none()).collect();
    let rows = store::reps::list(conn)?
        .into_iter()
        .map(|rep| {
            let active = cadences.iter().find(|c| c.rep_id == rep.id);
            let cadence = active.map(|c| {
                format!(
                    "{}, {}",
                    c.recurrence.describe(),
                    c.local_time.format("%H:%M")
                )
            });
            let overdue_after_days =
                active.map(|c| i64::from(c.recurrence.typical_gap_days()) + OVERDUE_GRACE_DAYS);
            let role_name = framework
                .roles
                .iter()
                .find(|r| r.code == rep.role)
                .map_or_else(|| rep.role.clone(), |r| r.name.clone());
            RosterRow {
                coverage: schedule::coverage(&window, rep.id, now),
                held_recent: held_recent.remove(&rep.id).unwrap_or_default(),
                last_held: last_held.get(&rep.id).copied(),
                observations: observations.get(&rep.id).copied().unwrap_or(0),
                cadence,
                cadence_problem: None,
                overdue_after_days,
                role_name,
                rep,
            }
        })
        .collect();
    Ok(rows)
}
