//! Taking in the organization's framework: its skills are matched to the file's by their
//! key (the name, case folded), or adopted from the manager's own skill of the same name
//! in the same bucket, and updated in place, so every observation keeps its skill. A skill
//! the organization dropped is retired, never deleted. The manager's own skills stay.

use rusqlite::{Connection, OptionalExtension, params};

use super::{StoreError, meta};
use crate::domain::framework::{Framework, FrameworkSkill};
use crate::domain::text::fold_case;

/// The version of the organization's framework the file last took in.
pub const ORG_FRAMEWORK_VERSION: &str = "org_framework_version";

pub fn version(conn: &Connection) -> Result<i64, StoreError> {
    Ok(meta::get(conn, ORG_FRAMEWORK_VERSION)?
        .and_then(|v| v.parse().ok())
        .unwrap_or(0))
}

/// What taking in a framework did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Adopted {
    pub added: usize,
    pub updated: usize,
    pub retired: usize,
}

/// Makes the file's organization skills, roles, role targets and prompts those of
/// `framework` at `version`, inside the caller's transaction.
pub fn adopt(
    conn: &Connection,
    version: i64,
    framework: &Framework,
) -> Result<Adopted, StoreError> {
    for (position, role) in framework.roles.iter().enumerate() {
        conn.execute(
            "INSERT INTO roles (code, name, position) VALUES (?1, ?2, ?3)
             ON CONFLICT (code) DO UPDATE SET name = excluded.name, position = excluded.position",
            params![role.code, role.name, position as i64],
        )?;
    }
    let mut adopted = Adopted::default();
    let mut kept = Vec::new();
    for skill in &framework.skills {
        let (id, new) = put_skill(conn, skill)?;
        if new {
            adopted.added += 1;
        } else {
            adopted.updated += 1;
        }
        for (role, level) in &skill.targets {
            conn.execute(
                "INSERT INTO role_targets (role, skill_id, level) VALUES (?1, ?2, ?3)
                 ON CONFLICT (role, skill_id) DO UPDATE SET level = excluded.level",
                params![role, id, i64::from(*level)],
            )?;
        }
        kept.push(id);
    }
    let kept_json = serde_json::to_string(&kept).unwrap_or_else(|_| "[]".to_owned());
    adopted.retired = conn.execute(
        "UPDATE skills SET retired = 1
         WHERE org_key IS NOT NULL AND retired = 0
           AND id NOT IN (SELECT value FROM json_each(?1))",
        [&kept_json],
    )?;
    renumber(conn, &kept)?;
    add_prompts(conn, framework)?;
    meta::set(conn, ORG_FRAMEWORK_VERSION, &version.to_string())?;
    Ok(adopted)
}

/// The skill's id in the file, and whether it is new there.
fn put_skill(conn: &Connection, skill: &FrameworkSkill) -> Result<(i64, bool), StoreError> {
    let key = fold_case(&skill.name);
    let found: Option<i64> = conn
        .query_row("SELECT id FROM skills WHERE org_key = ?1", [&key], |r| {
            r.get(0)
        })
        .optional()?;
    let found = match found {
        Some(id) => Some(id),
        None => conn
            .query_row(
                "SELECT id FROM skills WHERE org_key IS NULL AND bucket = ?1
                 AND name = ?2 COLLATE NOCASE",
                params![skill.bucket.code(), skill.name],
                |r| r.get(0),
            )
            .optional()?,
    };
    let rubric = &skill.rubric;
    match found {
        Some(id) => {
            conn.execute(
                "UPDATE skills SET bucket = ?2, name = ?3, description = ?4, rubric_1 = ?5,
                        rubric_3 = ?6, rubric_5 = ?7, retired = 0, org_key = ?8
                 WHERE id = ?1",
                params![
                    id,
                    skill.bucket.code(),
                    skill.name,
                    skill.description,
                    rubric.level_1,
                    rubric.level_3,
                    rubric.level_5,
                    key
                ],
            )?;
            Ok((id, false))
        }
        None => {
            conn.execute(
                "INSERT INTO skills (bucket, name, description, rubric_1, rubric_3, rubric_5,
                                     position, retired, org_key)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, 0, 0, ?7)",
                params![
                    skill.bucket.code(),
                    skill.name,
                    skill.description,
                    rubric.level_1,
                    rubric.level_3,
                    rubric.level_5,
                    key
                ],
            )?;
            Ok((conn.last_insert_rowid(), true))
        }
    }
}

/// The organization's skills first, in its order, then the manager's own in theirs:
/// positions stay distinct, as moving a skill needs.
fn renumber(conn: &Connection, org_order: &[i64]) -> Result<(), StoreError> {
    let org_json = serde_json::to_string(org_order).unwrap_or_else(|_| "[]".to_owned());
    let mut stmt = conn.prepare(
        "SELECT id FROM skills WHERE id NOT IN (SELECT value FROM json_each(?1))
         ORDER BY position, id",
    )?;
    let others = stmt
        .query_map([&org_json], |r| r.get::<_, i64>(0))?
        .collect::<rusqlite::Result<Vec<i64>>>()?;
    let mut set =
        conn.prepare("UPDATE skills SET position = ?2 WHERE id = ?1 AND position <> ?2")?;
    for (position, id) in org_order.iter().chain(&others).enumerate() {
        set.execute(params![id, position as i64])?;
    }
    Ok(())
}

/// The organization's prompts the file does not have yet, after the manager's own.
fn add_prompts(conn: &Connection, framework: &Framework) -> Result<(), StoreError> {
    for (bucket, text) in &framework.prompts {
        conn.execute(
            "INSERT INTO prompts (bucket, text, position)
             SELECT ?1, ?2, (SELECT coalesce(max(position), -1) + 1 FROM prompts)
             WHERE NOT EXISTS (SELECT 1 FROM prompts WHERE bucket = ?1 AND text = ?2)",
            params![bucket.code(), text],
        )?;
    }
    Ok(())
}
