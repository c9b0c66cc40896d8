//! The `role_targets` and `rep_targets` tables: the level expected of a role, and a
//! rep's own target where the manager set one.

use rusqlite::{Connection, OptionalExtension, params};

use super::StoreError;
use crate::domain::Level;
use crate::domain::rep::RepId;
use crate::domain::skill::SkillId;

fn level(value: Option<i64>) -> Result<Option<Level>, StoreError> {
    value
        .map(|v| Level::target(v).map_err(StoreError::from))
        .transpose()
}

pub fn role_target(
    conn: &Connection,
    role: &str,
    skill: SkillId,
) -> Result<Option<Level>, StoreError> {
    level(
        conn.query_row(
            "SELECT level FROM role_targets WHERE role = ?1 AND skill_id = ?2",
            params![role, skill.0],
            |r| r.get(0),
        )
        .optional()?,
    )
}

pub fn set_role_target(
    conn: &Connection,
    role: &str,
    skill: SkillId,
    target: Option<Level>,
) -> Result<(), StoreError> {
    match target {
        Some(target) => conn.execute(
            "INSERT INTO role_targets (role, skill_id, level) VALUES (?1, ?2, ?3)
             ON CONFLICT (role, skill_id) DO UPDATE SET level = excluded.level",
            params![role, skill.0, i64::from(target)],
        )?,
        None => conn.execute(
            "DELETE FROM role_targets WHERE role = ?1 AND skill_id = ?2",
            params![role, skill.0],
        )?,
    };
    Ok(())
}

pub fn rep_target(
    conn: &Connection,
    rep: RepId,
    skill: SkillId,
) -> Result<Option<Level>, StoreError> {
    level(
        conn.query_row(
            "SELECT level FROM rep_targets WHERE rep_id = ?1 AND skill_id = ?2",
            params![rep.0, skill.0],
            |r| r.get(0),
        )
        .optional()?,
    )
}

pub fn set_rep_target(
    conn: &Connection,
    rep: RepId,
    skill: SkillId,
    target: Option<Level>,
) -> Result<(), StoreError> {
    match target {
        Some(target) => conn.execute(
            "INSERT INTO rep_targets (rep_id, skill_id, level) VALUES (?1, ?2, ?3)
             ON CONFLICT (rep_id, skill_id) DO UPDATE SET level = excluded.level",
            params![rep.0, skill.0, i64::from(target)],
        )?,
        None => conn.execute(
            "DELETE FROM rep_targets WHERE rep_id = ?1 AND skill_id = ?2",
            params![rep.0, skill.0],
        )?,
    };
    Ok(())
}

/// Every per-rep override, as (rep, skill, level).
pub fn rep_targets(conn: &Connection) -> Result<Vec<(RepId, SkillId, Level)>, StoreError> {
    let mut stmt = conn.prepare_cached("SELECT rep_id, skill_id, level FROM rep_targets")?;
    let rows = stmt
        .query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, i64>(2)?,
            ))
        })?
        .collect::<Result<Vec<_>, _>>()?;
    rows.into_iter()
        .map(|(rep, skill, level)| Ok((RepId(rep), SkillId(skill), Level::target(level)?)))
        .collect()
}
