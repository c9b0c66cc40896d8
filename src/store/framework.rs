//! Writing the default framework into a new file, and reading the framework back.

use rusqlite::{Connection, TransactionBehavior, params};

use super::{StoreError, meta, skills};
use crate::domain::Bucket;
use crate::domain::framework::{Framework, Prompt, RoleTarget, StoredFramework};
use crate::domain::rep::Role;
use crate::domain::skill::SkillId;
use crate::domain::{Level, ValidationError};

/// Writes the shipped framework the first time a file is opened, and never again, so a
/// manager's own edits are never overwritten.
pub(super) fn seed_default_once(conn: &mut Connection) -> Result<(), StoreError> {
    if meta::get(conn, meta::FRAMEWORK_SEEDED)?.is_some() {
        return Ok(());
    }
    let framework = Framework::default_framework()?;
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    write(&tx, &framework)?;
    meta::set(&tx, meta::FRAMEWORK_SEEDED, "1")?;
    tx.commit()?;
    Ok(())
}

fn write(conn: &Connection, framework: &Framework) -> Result<(), StoreError> {
    for (position, role) in framework.roles.iter().enumerate() {
        conn.execute(
            "INSERT INTO roles (code, name, position) VALUES (?1, ?2, ?3)",
            params![role.code, role.name, position as i64],
        )?;
    }
    for (position, skill) in framework.skills.iter().enumerate() {
        let id = skills::insert(
            conn,
            skill.bucket,
            &skill.name,
            &skill.description,
            &skill.rubric,
            position as i64,
        )?;
        for (role, level) in &skill.targets {
            conn.execute(
                "INSERT INTO role_targets (role, skill_id, level) VALUES (?1, ?2, ?3)",
                params![role, id.0, i64::from(*level)],
            )?;
        }
    }
    for (position, (bucket, text)) in framework.prompts.iter().enumerate() {
        conn.execute(
            "INSERT INTO prompts (bucket, text, position) VALUES (?1, ?2, ?3)",
            params![bucket.code(), text, position as i64],
        )?;
    }
    Ok(())
}

pub fn roles(conn: &Connection) -> Result<Vec<Role>, StoreError> {
    let mut stmt = conn.prepare_cached("SELECT code, name FROM roles ORDER BY position")?;
    let rows = stmt.query_map([], |row| {
        Ok(Role {
            code: row.get(0)?,
            name: row.get(1)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub fn load(conn: &Connection) -> Result<StoredFramework, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, bucket, text, position FROM prompts ORDER BY bucket, position",
    )?;
    let prompts = stmt
        .query_map([], |row| {
            Ok((
                row.get::<_, i64>(0)?,
                row.get::<_, String>(1)?,
                row.get::<_, String>(2)?,
                row.get::<_, i64>(3)?,
            ))
        })?
        .collect::<Result<Vec<_>, _>>()?
        .into_iter()
        .map(|(id, bucket, text, position)| {
            Ok(Prompt {
                id,
                bucket: parse_bucket(&bucket)?,
                text,
                position,
            })
        })
        .collect::<Result<Vec<_>, StoreError>>()?;
    let mut stmt = conn.prepare_cached("SELECT role, skill_id, level FROM role_targets")?;
    let role_targets = stmt
        .query_map([], |row| {
            Ok((
                row.get::<_, String>(0)?,
                row.get::<_, i64>(1)?,
                row.get::<_, i64>(2)?,
            ))
        })?
        .collect::<Result<Vec<_>, _>>()?
        .into_iter()
        .map(|(role, skill_id, level)| {
            Ok(RoleTarget {
                role,
                skill_id: SkillId(skill_id),
                level: Level::target(level)?,
            })
        })
        .collect::<Result<Vec<_>, ValidationError>>()?;
    let mut skills = skills::list(conn)?;
    skills.sort_by_key(|s| (Bucket::ALL.iter().position(|b| *b == s.bucket), s.position));
    let mut prompts = prompts;
    prompts.sort_by_key(|p| (Bucket::ALL.iter().position(|b| *b == p.bucket), p.position));
    Ok(StoredFramework {
        roles: roles(conn)?,
        skills,
        prompts,
        role_targets,
    })
}

pub(super) fn parse_bucket(code: &str) -> Result<Bucket, StoreError> {
    Bucket::from_code(code).ok_or_else(|| super::time::bad(format!("unknown bucket \"{code}\"")))
}
