//! Reads what a rep may see of their own coaching (see `domain::rep_file::history`). Every query
//! names the columns it takes, and none of them names a private one: private notes,
//! preparation, talking points, skip notes and unshared observations are never selected.

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{Connection, params};

use super::{
    StoreError, framework, from_day, from_utc_ms, meta, reps, time::bad, to_day, to_utc_ms,
};
use crate::domain::Bucket;
use crate::domain::commitment::{CommitmentStatus, Owner};
use crate::domain::observation::CallContext;
use crate::domain::rep::RepId;
use crate::domain::rep_file::history::{
    SharedCommitment, SharedHistory, SharedObservation, SharedPlan, SharedSession, SharedSkill,
};

/// The shared history of `rep` from `from` to `to` (both days included). Commitments are
/// those agreed in the period plus any still open.
pub fn load(
    conn: &Connection,
    rep: RepId,
    from: NaiveDate,
    to: NaiveDate,
    now: DateTime<Utc>,
) -> Result<SharedHistory, StoreError> {
    let rep_row = reps::get(conn, rep)?.ok_or_else(|| bad(format!("no rep with id {}", rep.0)))?;
    let framework = framework::load(conn)?;
    let role_name = framework
        .roles
        .iter()
        .find(|r| r.code == rep_row.role)
        .map_or_else(|| rep_row.role.clone(), |r| r.name.clone());
    let rep_targets = super::targets::rep_targets(conn)?;
    let observations = observations(conn, rep, to_day(from), to_day(to))?;
    // A retired skill stays in the file while an observation shared in the period names
    // it: the rep's history is whole, and every observation has its skill.
    let plans = shared_plans(conn, rep, from, to)?;
    let skills: Vec<SharedSkill> = framework
        .skills
        .iter()
        .filter(|s| {
            !s.retired
                || observations.iter().any(|o| o.skill_id == s.id)
                || plans.iter().any(|p| p.skill_id == s.id)
        })
        .map(|s| SharedSkill {
            id: s.id,
            bucket: s.bucket,
            name: s.name.clone(),
            description: s.description.clone(),
            rubric: s.rubric.clone(),
            target: rep_targets
                .iter()
                .find(|(r, k, _)| *r == rep && *k == s.id)
                .map(|(_, _, level)| *level)
                .or_else(|| framework.role_target(&rep_row.role, s.id)),
            retired: s.retired,
        })
        .collect();
    let start_ms = to_utc_ms(from.and_time(chrono::NaiveTime::MIN).and_utc());
    let end_ms = to_utc_ms(
        (to + chrono::Duration::days(1))
            .and_time(chrono::NaiveTime::MIN)
            .and_utc(),
    );
    Ok(SharedHistory {
        rep_id: rep.0,
        rep_name: rep_row.name,
        role_name,
        from,
        to,
        generated: now,
        half_life_days: meta::half_life_days(conn)?,
        skills,
        sessions: sessions(conn, rep, start_ms, end_ms)?,
        commitments: commitments(conn, rep, start_ms, end_ms)?,
        observations,
        plans,
    })
}

/// The rep's shared plans that ran at some point of the period; private ones never leave.
fn shared_plans(
    conn: &Connection,
    rep: RepId,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<SharedPlan>, StoreError> {
    Ok(super::plans::for_rep(conn, rep)?
        .into_iter()
        .filter(|p| p.draft.shared && p.draft.started_on <= to)
        .filter(|p| p.closed_on.is_none_or(|closed| closed >= from))
        .map(|p| SharedPlan {
            skill_id: p.draft.skill,
            started_on: p.draft.started_on,
            start_level: p.draft.start_level,
            target: p.draft.target,
            review_on: p.draft.review_on,
            why: p.draft.why,
            status: p.status,
            closed_on: p.closed_on,
        })
        .collect())
}

fn sessions(
    conn: &Connection,
    rep: RepId,
    start_ms: i64,
    end_ms: i64,
) -> Result<Vec<SharedSession>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, start_utc_ms, duration_mins, summary FROM sessions
         WHERE rep_id = ?1 AND status = 'held' AND start_utc_ms >= ?2 AND start_utc_ms < ?3
         ORDER BY start_utc_ms, id",
    )?;
    let rows = stmt
        .query_map(params![rep.0, start_ms, end_ms], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, u32>(2)?,
                r.get::<_, String>(3)?,
            ))
        })?
        .collect::<Result<Vec<_>, _>>()?;
    let mut notes_stmt = conn.prepare_cached(
        "SELECT bucket, shared_text FROM session_notes
         WHERE session_id = ?1 AND trim(shared_text) <> ''",
    )?;
    let mut out = Vec::with_capacity(rows.len());
    for (id, start, duration_mins, summary) in rows {
        let mut notes = notes_stmt
            .query_map([id], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
            })?
            .collect::<Result<Vec<_>, _>>()?
            .into_iter()
            .map(|(code, text)| Ok((bucket(&code)?, text)))
            .collect::<Result<Vec<_>, StoreError>>()?;
        notes.sort_by_key(|(b, _)| *b);
        out.push(SharedSession {
            id,
            start: from_utc_ms(start)?,
            duration_mins,
            summary,
            notes,
        });
    }
    Ok(out)
}

fn commitments(
    conn: &Connection,
    rep: RepId,
    start_ms: i64,
    end_ms: i64,
) -> Result<Vec<SharedCommitment>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, session_id, text, owner, due_day, status, closed_utc_ms FROM commitments
         WHERE rep_id = ?1 AND (status = 'open' OR (created_utc_ms >= ?2 AND created_utc_ms < ?3))
         ORDER BY due_day, id",
    )?;
    let rows = stmt
        .query_map(params![rep.0, start_ms, end_ms], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, Option<i64>>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, i64>(4)?,
                r.get::<_, String>(5)?,
                r.get::<_, Option<i64>>(6)?,
            ))
        })?
        .collect::<Result<Vec<_>, _>>()?;
    rows.into_iter()
        .map(|(id, session_id, text, owner, due, status, closed)| {
            Ok(SharedCommitment {
                id,
                session_id,
                text,
                owner: Owner::from_code(&owner).ok_or_else(|| bad(format!("owner {owner}")))?,
                due_on: from_day(due)?,
                status: CommitmentStatus::from_code(&status)
                    .ok_or_else(|| bad(format!("status {status}")))?,
                closed: closed.map(from_utc_ms).transpose()?,
            })
        })
        .collect()
}

fn observations(
    conn: &Connection,
    rep: RepId,
    from_day_n: i64,
    to_day_n: i64,
) -> Result<Vec<SharedObservation>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, skill_id, observed_day, rating, evidence, context, account FROM observations
         WHERE rep_id = ?1 AND shared = 1 AND observed_day BETWEEN ?2 AND ?3
         ORDER BY observed_day, id",
    )?;
    let rows = stmt
        .query_map(params![rep.0, from_day_n, to_day_n], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, i64>(2)?,
                r.get::<_, Option<u8>>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, String>(5)?,
                r.get::<_, String>(6)?,
            ))
        })?
        .collect::<Result<Vec<_>, _>>()?;
    rows.into_iter()
        .map(|(id, skill, day, rating, evidence, context, account)| {
            Ok(SharedObservation {
                id,
                skill_id: crate::domain::skill::SkillId(skill),
                observed_on: from_day(day)?,
                rating,
                evidence,
                context: CallContext::from_code(&context)
                    .ok_or_else(|| bad(format!("context {context}")))?,
                account,
            })
        })
        .collect()
}

fn bucket(code: &str) -> Result<Bucket, StoreError> {
    Bucket::from_code(code).ok_or_else(|| bad(format!("bucket {code}")))
}
