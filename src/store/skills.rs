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
        "SELECT id, bucket, name, description, rubric_1, rubric_3, rubric_5, position, retired
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
