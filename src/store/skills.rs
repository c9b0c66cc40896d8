//! The `skills` table.

use rusqlite::{Connection, params};

use super::StoreError;
use super::framework::parse_bucket;
use crate::domain::Bucket;
use crate::domain::skill::{Rubric, Skill, SkillId};

pub fn insert(
    conn: &Connection,
    bucket: Bucket,
    name: &str,
    description: &str,
    rubric: &Rubric,
    position: i64,
) -> Result<SkillId, StoreError> {
    conn.execute(
        "INSERT INTO skills (bucket, name, description, rubric_1, rubric_3, rubric_5, position)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            bucket.code(),
            name,
            description,
            rubric.level_1,
            rubric.level_3,
            rubric.level_5,
            position
        ],
    )?;
    Ok(SkillId(conn.last_insert_rowid()))
}

pub fn list(conn: &Connection) -> Result<Vec<Skill>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, bucket, name, description, rubric_1, rubric_3, rubric_5, position, retired,
                org_key IS NOT NULL
         FROM skills ORDER BY position, id",
    )?;
    let rows = stmt
        .query_map([], |row| {
            Ok((
                row.get::<_, String>(1)?,
                Skill {
                    id: SkillId(row.get(0)?),
                    bucket: Bucket::Organization,
                    name: row.get(2)?,
                    description: row.get(3)?,
                    rubric: Rubric {
                        level_1: row.get(4)?,
                        level_3: row.get(5)?,
                        level_5: row.get(6)?,
                    },
                    position: row.get(7)?,
                    retired: row.get(8)?,
                    from_org: row.get(9)?,
                },
            ))
        })?
        .collect::<Result<Vec<_>, _>>()?;
    rows.into_iter()
        .map(|(bucket, mut skill)| {
            skill.bucket = parse_bucket(&bucket)?;
            Ok(skill)
        })
        .collect()
}

pub fn get(conn: &Connection, id: SkillId) -> Result<Option<Skill>, StoreError> {
    Ok(list(conn)?.into_iter().find(|s| s.id == id))
}

pub fn update(
    conn: &Connection,
    id: SkillId,
    name: &str,
    description: &str,
    rubric: &Rubric,
) -> Result<(), StoreError> {
    conn.execute(
        "UPDATE skills SET name = ?2, description = ?3, rubric_1 = ?4, rubric_3 = ?5,
                           rubric_5 = ?6
         WHERE id = ?1",
        params![
            id.0,
            name,
            description,
            rubric.level_1,
            rubric.level_3,
            rubric.level_5
        ],
    )?;
    Ok(())
}

pub fn set_position(conn: &Connection, id: SkillId, position: i64) -> Result<(), StoreError> {
    conn.execute(
        "UPDATE skills SET position = ?2 WHERE id = ?1",
        params![id.0, position],
    )?;
    Ok(())
}

pub fn set_retired(conn: &Connection, id: SkillId, retired: bool) -> Result<(), StoreError> {
    conn.execute(
        "UPDATE skills SET retired = ?2 WHERE id = ?1",
        params![id.0, retired],
    )?;
    Ok(())
}

/// Only for a skill without observations; its targets go with it.
pub fn delete(conn: &Connection, id: SkillId) -> Result<(), StoreError> {
    conn.execute("DELETE FROM role_targets WHERE skill_id = ?1", [id.0])?;
    conn.execute("DELETE FROM rep_targets WHERE skill_id = ?1", [id.0])?;
    conn.execute("DELETE FROM skills WHERE id = ?1", [id.0])?;
    Ok(())
}

/// Puts a deleted skill back with its id, position and retired flag.
pub fn restore(conn: &Connection, skill: &Skill) -> Result<(), StoreError> {
    conn.execute(
        "INSERT INTO skills (id, bucket, name, description, rubric_1, rubric_3, rubric_5,
                             position, retired)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![
            skill.id.0,
            skill.bucket.code(),
            skill.name,
            skill.description,
            skill.rubric.level_1,
            skill.rubric.level_3,
            skill.rubric.level_5,
            skill.position,
            skill.retired
        ],
    )?;
    Ok(())
}

pub fn next_position(conn: &Connection) -> Result<i64, StoreError> {
    Ok(conn.query_row(
        "SELECT coalesce(max(position), -1) + 1 FROM skills",
        [],
        |r| r.get(0),
    )?)
}
