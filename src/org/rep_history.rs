//! A rep's own shared history, read from the server as the rep's login. Row-level security
//! keeps the rep to their own rows (sql/001_org.sql); the queries also name the rep's
//! manager and id, so each one is an index range and not a scan filtered by the policy.

use chrono::{DateTime, NaiveDate, Utc};
use postgres::Transaction;

use super::OrgError;
use crate::domain::Bucket;
use crate::domain::commitment::{CommitmentStatus, Owner};
use crate::domain::levels::DEFAULT_HALF_LIFE_DAYS;
use crate::domain::observation::CallContext;
use crate::domain::plan::PlanStatus;
use crate::domain::rating::Level;
use crate::domain::rep_file::history::{
    SharedCommitment, SharedHistory, SharedObservation, SharedPlan, SharedSession, SharedSkill,
};
use crate::domain::skill::{Rubric, SkillId};

/// Who the rep's login stands for, and what their manager shared with them.
#[derive(Clone, Debug, PartialEq)]
pub struct OnlineHistory {
    pub manager: String,
    pub history: SharedHistory,
    /// The answers the server holds, as the rep last sent them.
    pub answers: Option<(
        i64,
        Result<crate::domain::rep_file::answers::RepAnswers, String>,
    )>,
}

/// Reads the rep's history and last sent answers in one read-only snapshot.
pub fn read(
    client: &mut postgres::Client,
    login: &str,
    now: DateTime<Utc>,
) -> Result<OnlineHistory, OrgError> {
    let pg = |e| OrgError::from_pg(e, login, "read your coaching history");
    let mut tx = client
        .build_transaction()
        .read_only(true)
        .isolation_level(postgres::IsolationLevel::RepeatableRead)
        .start()
        .map_err(pg)?;
    let Some(me) = tx
        .query_opt(
            "SELECT l.manager, l.rep_id, r.name, r.role
               FROM coachbook.rep_logins l
               JOIN coachbook.reps r ON r.manager = l.manager AND r.id = l.rep_id
              WHERE l.login = session_user",
            &[],
        )
        .map_err(pg)?
    else {
        return Err(OrgError::Refused(format!(
            "The login {login} is not a rep of this organization, or the manager has not published the rep yet."
        )));
    };
    let manager: String = me.get(0);
    let rep_id: i64 = me.get(1);
    let role: String = me.get(3);
    let who = (manager.as_str(), rep_id);
    let observations = observations(&mut tx, who).map_err(pg)??;
    let plans = plans(&mut tx, who).map_err(pg)??;
    let skills = skills(&mut tx, who, &role, &observations, &plans).map_err(pg)??;
    let sessions = sessions(&mut tx, who).map_err(pg)??;
    let commitments = commitments(&mut tx, who).map_err(pg)??;
    let role_name = tx
        .query_opt(
            "SELECT name FROM coachbook.roles WHERE manager = $1 AND code = $2",
            &[&manager, &role],
        )
        .map_err(pg)?
        .map_or_else(|| role.clone(), |r| r.get(0));
    let answers = tx
        .query_opt(
            "SELECT revision, answers FROM coachbook.rep_answers WHERE manager = $1 AND rep_id = $2",
            &[&manager, &rep_id],
        )
        .map_err(pg)?
        .map(|r| (r.get(0), super::rep_answers::from_json(r.get(1))));
    tx.commit().map_err(pg)?;
    let to = now.date_naive();
    let first = sessions
        .first()
        .map(|s| s.start.date_naive())
        .into_iter()
        .chain(observations.first().map(|o| o.observed_on))
        .chain(commitments.iter().map(|c| c.due_on))
        .min()
        .unwrap_or(to);
    let history = SharedHistory {
        rep_id,
        rep_name: me.get(2),
        role_name,
        from: first.min(to),
        to,
        generated: now,
        half_life_days: DEFAULT_HALF_LIFE_DAYS as u32,
        skills,
        sessions,
        commitments,
        observations,
        plans,
    };
    Ok(OnlineHistory {
        manager,
        history,
        answers,
    })
}

/// The queries, each taking the manager and the rep id ($1, $2; the skills also the rep's
/// role, $3), public so the benchmark can time them bare, as the administrator.
pub const SKILLS_SQL: &str =
    "SELECT s.id, s.bucket, s.name, s.description, s.rubric_1, s.rubric_3, s.rubric_5,
                s.retired, coalesce(t.level, rt.level)
           FROM coachbook.skills s
           LEFT JOIN coachbook.rep_targets t
                  ON t.manager = s.manager AND t.rep_id = $2 AND t.skill_id = s.id
           LEFT JOIN coachbook.role_targets rt
                  ON rt.manager = s.manager AND rt.role = $3 AND rt.skill_id = s.id
          WHERE s.manager = $1
          ORDER BY s.position, s.id";
pub const SESSIONS_SQL: &str = "SELECT s.id, s.start_utc_ms, s.duration_mins, s.summary,
                coalesce(array_agg(n.bucket ORDER BY n.bucket) FILTER (WHERE n.bucket IS NOT NULL), '{}'),
                coalesce(array_agg(n.text ORDER BY n.bucket) FILTER (WHERE n.bucket IS NOT NULL), '{}')
           FROM coachbook.sessions s
           LEFT JOIN coachbook.session_notes n
                  ON n.manager = s.manager AND n.session_id = s.id AND btrim(n.text) <> ''
          WHERE s.manager = $1 AND s.rep_id = $2 AND s.status = 'held'
          GROUP BY s.manager, s.id
          ORDER BY s.start_utc_ms, s.id";
pub const COMMITMENTS_SQL: &str =
    "SELECT id, session_id, text, owner, due_day, status, closed_utc_ms
           FROM coachbook.commitments WHERE manager = $1 AND rep_id = $2
          ORDER BY due_day, id";
pub const OBSERVATIONS_SQL: &str =
    "SELECT id, skill_id, observed_day, rating, evidence, context, account
           FROM coachbook.observations WHERE manager = $1 AND rep_id = $2
          ORDER BY observed_day, id";
pub const PLANS_SQL: &str =
    "SELECT skill_id, started_day, start_level, target, review_day, why, status, closed_day
           FROM coachbook.plans WHERE manager = $1 AND rep_id = $2
          ORDER BY status <> 'active', coalesce(closed_day, started_day) DESC, id DESC";

/// A value the server holds that no Coachbook writes.
fn odd(what: &str) -> OrgError {
    OrgError::Refused(format!(
        "The server holds {what} this Coachbook cannot read; ask your manager to sync again."
    ))
}

fn day(n: i64) -> Result<NaiveDate, OrgError> {
    crate::store::from_day(n).map_err(|_| odd("a date"))
}

fn instant(ms: i64) -> Result<DateTime<Utc>, OrgError> {
    crate::store::from_utc_ms(ms).map_err(|_| odd("a time"))
}

type Read<T> = Result<Result<T, OrgError>, postgres::Error>;

fn skills(
    tx: &mut Transaction<'_>,
    (manager, rep_id): (&str, i64),
    role: &str,
    observations: &[SharedObservation],
    plans: &[SharedPlan],
) -> Read<Vec<SharedSkill>> {
    let rows = tx.query(SKILLS_SQL, &[&manager, &rep_id, &role])?;
    let mut out = Vec::with_capacity(rows.len());
    for r in &rows {
        let id = SkillId(r.get(0));
        let retired: bool = r.get(7);
        // A retired skill stays while a shared observation or plan names it.
        if retired
            && !observations.iter().any(|o| o.skill_id == id)
            && !plans.iter().any(|p| p.skill_id == id)
        {
            continue;
        }
        let Some(bucket) = Bucket::from_code(r.get(1)) else {
            return Ok(Err(odd("a bucket")));
        };
        out.push(SharedSkill {
            id,
            bucket,
            name: r.get(2),
            description: r.get(3),
            rubric: Rubric {
                level_1: r.get(4),
                level_3: r.get(5),
                level_5: r.get(6),
            },
            target: r.get::<_, Option<i64>>(8).and_then(Level::new),
            retired,
        });
    }
    Ok(Ok(out))
}

fn sessions(tx: &mut Transaction<'_>, (manager, rep_id): (&str, i64)) -> Read<Vec<SharedSession>> {
    let rows = tx.query(SESSIONS_SQL, &[&manager, &rep_id])?;
    Ok(rows
        .iter()
        .map(|r| {
            let buckets: Vec<String> = r.get(4);
            let texts: Vec<String> = r.get(5);
            let mut notes = buckets
                .iter()
                .zip(texts)
                .map(|(b, t)| Ok((Bucket::from_code(b).ok_or_else(|| odd("a bucket"))?, t)))
                .collect::<Result<Vec<_>, OrgError>>()?;
            notes.sort_by_key(|(b, _)| *b);
            Ok(SharedSession {
                id: r.get(0),
                start: instant(r.get(1))?,
                duration_mins: u32::try_from(r.get::<_, i64>(2)).map_err(|_| odd("a duration"))?,
                summary: r.get(3),
                notes,
            })
        })
        .collect())
}

fn commitments(
    tx: &mut Transaction<'_>,
    (manager, rep_id): (&str, i64),
) -> Read<Vec<SharedCommitment>> {
    let rows = tx.query(COMMITMENTS_SQL, &[&manager, &rep_id])?;
    Ok(rows
        .iter()
        .map(|r| {
            Ok(SharedCommitment {
                id: r.get(0),
                session_id: r.get(1),
                text: r.get(2),
                owner: Owner::from_code(r.get(3)).ok_or_else(|| odd("an owner"))?,
                due_on: day(r.get(4))?,
                status: CommitmentStatus::from_code(r.get(5)).ok_or_else(|| odd("a status"))?,
                closed: r.get::<_, Option<i64>>(6).map(instant).transpose()?,
            })
        })
        .collect())
}

fn observations(
    tx: &mut Transaction<'_>,
    (manager, rep_id): (&str, i64),
) -> Read<Vec<SharedObservation>> {
    let rows = tx.query(OBSERVATIONS_SQL, &[&manager, &rep_id])?;
    Ok(rows
        .iter()
        .map(|r| {
            let rating: Option<i64> = r.get(3);
            Ok(SharedObservation {
                id: r.get(0),
                skill_id: SkillId(r.get(1)),
                observed_on: day(r.get(2))?,
                rating: rating
                    .map(|v| u8::try_from(v).map_err(|_| odd("a rating")))
                    .transpose()?,
                evidence: r.get(4),
                context: CallContext::from_code(r.get(5)).ok_or_else(|| odd("a call context"))?,
                account: r.get(6),
            })
        })
        .collect())
}

fn plans(tx: &mut Transaction<'_>, (manager, rep_id): (&str, i64)) -> Read<Vec<SharedPlan>> {
    let rows = tx.query(PLANS_SQL, &[&manager, &rep_id])?;
    Ok(rows
        .iter()
        .map(|r| {
            Ok(SharedPlan {
                skill_id: SkillId(r.get(0)),
                started_on: day(r.get(1))?,
                start_level: r.get(2),
                target: Level::new(r.get(3)).ok_or_else(|| odd("a target"))?,
                review_on: day(r.get(4))?,
                why: r.get(5),
                status: PlanStatus::from_code(r.get(6)).ok_or_else(|| odd("a plan status"))?,
                closed_on: r.get::<_, Option<i64>>(7).map(day).transpose()?,
            })
        })
        .collect())
}
