//! The `coaching_plans` table: every plan of every rep, running or closed, so history
//! stays whole and the effectiveness figures can look back over years.

use rusqlite::{Connection, Row, params};

use super::time::bad;
use super::{StoreError, from_day, to_day};
use crate::domain::Level;
use crate::domain::plan::{Plan, PlanDraft, PlanId, PlanStatus};
use crate::domain::rep::RepId;
use crate::domain::skill::SkillId;

const COLUMNS: &str = "id, rep_id, skill_id, started_day, start_level, target, review_day, \
                       why, shared, status, closed_day";

pub fn insert(conn: &Connection, draft: &PlanDraft) -> Result<PlanId, StoreError> {
    write(conn, None, draft, PlanStatus::Active, None)
}

/// Writes the plan as given, id included: how undo puts it back, and how a change of
/// status or review day is saved.
pub fn put(conn: &Connection, plan: &Plan) -> Result<(), StoreError> {
    write(
        conn,
        Some(plan.id),
        &plan.draft,
        plan.status,
        plan.closed_on,
    )
    .map(drop)
}

fn write(
    conn: &Connection,
    id: Option<PlanId>,
    draft: &PlanDraft,
    status: PlanStatus,
    closed_on: Option<chrono::NaiveDate>,
) -> Result<PlanId, StoreError> {
    conn.prepare_cached(
        "INSERT INTO coaching_plans (id, rep_id, skill_id, started_day, start_level, target,
                                     review_day, why, shared, status, closed_day)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
         ON CONFLICT (id) DO UPDATE SET
             rep_id = excluded.rep_id, skill_id = excluded.skill_id,
             started_day = excluded.started_day, start_level = excluded.start_level,
             target = excluded.target, review_day = excluded.review_day, why = excluded.why,
             shared = excluded.shared, status = excluded.status,
             closed_day = excluded.closed_day",
    )?
    .execute(params![
        id.map(|i| i.0),
        draft.rep.0,
        draft.skill.0,
        to_day(draft.started_on),
        draft.start_level,
        i64::from(draft.target),
        to_day(draft.review_on),
        draft.why,
        draft.shared,
        status.code(),
        closed_on.map(to_day),
    ])?;
    Ok(id.unwrap_or(PlanId(conn.last_insert_rowid())))
}

pub fn delete(conn: &Connection, id: PlanId) -> Result<(), StoreError> {
    conn.execute("DELETE FROM coaching_plans WHERE id = ?1", [id.0])?;
    Ok(())
}

/// How many plans, running or closed, focus on `skill`: a skill with plans keeps them.
pub fn count_for_skill(conn: &Connection, skill: SkillId) -> Result<i64, StoreError> {
    Ok(conn.query_row(
        "SELECT count(*) FROM coaching_plans WHERE skill_id = ?1",
        [skill.0],
        |r| r.get(0),
    )?)
}

pub fn get(conn: &Connection, id: PlanId) -> Result<Option<Plan>, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM coaching_plans WHERE id = ?1");
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut rows = stmt.query([id.0])?;
    rows.next()?.map(plan).transpose()
}

/// Every plan of the file, oldest start first: the team's figures need them all, and ten
/// years of fifty reps is a few thousand rows.
pub fn all(conn: &Connection) -> Result<Vec<Plan>, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM coaching_plans ORDER BY started_day, id");
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut rows = stmt.query([])?;
    let mut out = Vec::new();
    while let Some(row) = rows.next()? {
        out.push(plan(row)?);
    }
    Ok(out)
}

/// The rep's plans, running ones first, then the closed ones newest first.
pub fn for_rep(conn: &Connection, rep: RepId) -> Result<Vec<Plan>, StoreError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM coaching_plans WHERE rep_id = ?1
         ORDER BY status <> 'active', coalesce(closed_day, started_day) DESC, id DESC"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut rows = stmt.query([rep.0])?;
    let mut out = Vec::new();
    while let Some(row) = rows.next()? {
        out.push(plan(row)?);
    }
    Ok(out)
}

fn plan(row: &Row<'_>) -> Result<Plan, StoreError> {
    let status: String = row.get(9)?;
    let target: i64 = row.get(5)?;
    let start_level: Option<f64> = row.get(4)?;
    Ok(Plan {
        id: PlanId(row.get(0)?),
        draft: PlanDraft {
            rep: RepId(row.get(1)?),
            skill: SkillId(row.get(2)?),
            started_on: from_day(row.get(3)?)?,
            start_level: start_level.filter(|l| l.is_finite()),
            target: Level::target(target)?,
            review_on: from_day(row.get(6)?)?,
            why: row.get(7)?,
            shared: row.get(8)?,
        },
        status: PlanStatus::from_code(&status)
            .ok_or_else(|| bad(format!("{status:?} is not a plan status")))?,
        closed_on: row.get::<_, Option<i64>>(10)?.map(from_day).transpose()?,
    })
}
