//! `coachbook crash-writer`: the writing half of the crash-safety test (tests/crash.rs).
//!
//! It applies an endless, numbered sequence of real commands through [`App::apply`], the
//! path the window uses, and prints `ack N` once command N has been committed. The test
//! kills it at random moments and checks the file against the acknowledgements. Every
//! command leaves a marker that names its number ("crash-17 ..."), so the test can tell
//! from the file alone which commands are in it, and whether any is there only in part.
//!
//! The sequence repeats every [`PERIOD`] commands; command N is always the same command,
//! so a writer started with `--from N` continues where a killed one stopped.

use super::DataFile;
use std::io::Write;
use std::process::ExitCode;

use anyhow::{Context, anyhow};
use chrono::{DateTime, NaiveDate, NaiveTime, TimeDelta, Utc, Weekday};

use crate::clock::FixedClock;
use crate::domain::Bucket;
use crate::domain::cadence::{Cadence, CadenceEnd, CadenceId, Recurrence};
use crate::domain::commitment::Owner;
use crate::domain::observation::{CallContext, ObservationDraft, Visibility};
use crate::domain::rating::{Level, Rating};
use crate::domain::rep::{RepDraft, RepId};
use crate::domain::schedule::OccurrenceKey;
use crate::domain::session::{SessionField, SessionId};
use crate::domain::skill::SkillId;
use crate::ops::{Command, Ops};
use crate::store::{self, Store};

/// How many commands make one round of the sequence; see [`command`].
const PERIOD: u64 = 8;
/// A new rep is added every this many commands; the commands between work on that rep.
const REP_EVERY: u64 = 64;

/// Applies commands `from`, `from + 1`, ... to the data file at `path` (up to `count` of
/// them, or until killed), printing `ack N` after each commit.
pub fn run(
    path: &DataFile,
    from: u64,
    count: Option<u64>,
    out: &mut dyn Write,
) -> anyhow::Result<ExitCode> {
    let today = NaiveDate::from_ymd_opt(2026, 11, 20).unwrap_or_default();
    let now = super::fixed_now(today);
    let store = path.open()?;
    let skills: Vec<SkillId> = store::skills::list(store.conn())?
        .into_iter()
        .filter(|s| !s.retired)
        .map(|s| s.id)
        .take(3)
        .collect();
    if skills.len() < 3 {
        return Err(anyhow!(
            "{} has fewer than three active skills to rate.",
            path.display()
        ));
    }
    let mut ops = Ops::new(store, Box::new(FixedClock(now)));
    let end = count.map_or(u64::MAX, |c| from.saturating_add(c));
    for n in from..end {
        let command = command(ops.store(), today, n, &skills)?;
        ops.apply(command)
            .with_context(|| format!("command {n} was refused"))?;
        writeln!(out, "ack {n}")?;
        out.flush()?;
    }
    Ok(ExitCode::SUCCESS)
}

/// Command `n` of the sequence. Its markers: the rep "Crash rep N", evidence, summary,
/// talking point and commitment texts starting "crash-N ", a cadence starting on the
/// day [`cadence_start`] and a one-off session starting at [`session_start`].
fn command(store: &Store, today: NaiveDate, n: u64, skills: &[SkillId]) -> anyhow::Result<Command> {
    if n.is_multiple_of(REP_EVERY) {
        return Ok(Command::AddRep(RepDraft {
            name: rep_name(n),
            role: "AE".to_owned(),
            email: format!("crash{n}@example.com"),
            start_date: None,
        }));
    }
    let rep = crash_rep(store, n)?;
    let draft = |skill: SkillId, text: String| ObservationDraft {
        rep_id: rep,
        skill_id: skill,
        observed_on: today - TimeDelta::days((n % 300) as i64),
        rating: Level::try_from(1 + (n % 5) as i64).map_or(Rating::NotObserved, Rating::Rated),
        evidence: text,
        context: CallContext::ClientCall,
        account: "Crash account".to_owned(),
        session_id: None,
        visibility: Visibility::Shared,
    };
    let session = |made_by: u64| -> anyhow::Result<OccurrenceKey> {
        session_of(store, rep, made_by).map(OccurrenceKey::Stored)
    };
    Ok(match n % PERIOD {
        0 => Command::AddObservations(vec![draft(skills[0], format!("crash-{n} single"))]),
        1 => Command::AddObservations(
            skills
                .iter()
                .enumerate()
                .map(|(i, s)| draft(*s, format!("crash-{n} skill {i}")))
                .collect(),
        ),
        2 => Command::SetCadence {
            rep,
            cadence: Some(cadence(rep, today, n)),
        },
        3 => Command::AddOneOffSession {
            rep,
            start: session_start(n),
            duration_mins: 45,
        },
        4 => Command::EditSessionText {
            rep,
            key: session(n - 1)?,
            field: SessionField::Summary,
            text: format!("crash-{n} summary"),
        },
        5 => Command::AddTalkingPoints {
            rep,
            key: session(n - 2)?,
            points: Bucket::ALL
                .iter()
                .enumerate()
                .map(|(i, b)| (*b, format!("crash-{n} point {i}"), "crash test".to_owned()))
                .collect(),
        },
        6 => Command::AddCommitment {
            rep,
            key: session(n - 3)?,
            text: format!("crash-{n} commitment"),
            owner: Owner::Rep,
            due_on: today + TimeDelta::days(14),
        },
        _ => Command::AddObservationsInSession {
            rep,
            key: session(n - 4)?,
            drafts: skills[..2]
                .iter()
                .enumerate()
                .map(|(i, s)| draft(*s, format!("crash-{n} in session {i}")))
                .collect(),
        },
    })
}

/// The weekly cadence command `n` sets, starting on its marker day.
fn cadence(rep: RepId, today: NaiveDate, n: u64) -> Cadence {
    Cadence {
        id: CadenceId(0),
        rep_id: rep,
        recurrence: Recurrence::Weekly {
            interval_weeks: 1 + (n % 4) as u32,
            weekday: Weekday::Tue,
        },
        start_date: cadence_start(today, n),
        local_time: NaiveTime::from_hms_opt(9, 0, 0).unwrap_or_default(),
        duration_mins: 30,
        time_zone: chrono_tz::Europe::Berlin,
        end: CadenceEnd::Never,
        ended: None,
    }
}

fn rep_name(n: u64) -> String {
    format!("Crash rep {n}")
}

/// The first day of the cadence set by command `n`: its marker, far enough ahead that it
/// never overlaps another.
fn cadence_start(today: NaiveDate, n: u64) -> NaiveDate {
    today + TimeDelta::days(1000 + n as i64)
}

/// The start of the one-off session added by command `n`: one hour per command from
/// 2020-01-01, so no two share a start.
fn session_start(n: u64) -> DateTime<Utc> {
    DateTime::UNIX_EPOCH + TimeDelta::days(18_262) + TimeDelta::hours(n as i64)
}

/// The rep that command `n` works on: the one added last before it.
fn crash_rep(store: &Store, n: u64) -> anyhow::Result<RepId> {
    let name = rep_name(n - n % REP_EVERY);
    store::reps::list(store.conn())?
        .into_iter()
        .find(|r| r.name == name)
        .map(|r| r.id)
        .ok_or_else(|| anyhow!("{name} is missing, so command {n} cannot run"))
}

/// The one-off session that command `made_by` added.
fn session_of(store: &Store, rep: RepId, made_by: u64) -> anyhow::Result<SessionId> {
    let start = session_start(made_by);
    store::sessions::between(store.conn(), start, start + TimeDelta::milliseconds(1))?
        .into_iter()
        .find(|s| s.rep_id == rep && s.start == start)
        .map(|s| s.id)
        .ok_or_else(|| anyhow!("the session of command {made_by} is missing"))
}
