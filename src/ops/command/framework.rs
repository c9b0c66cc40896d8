//! Framework changes: skills, their rubrics and order, prompts, and targets. The buckets
//! themselves never change.

use rusqlite::Connection;

use super::{Applied, Changes, Command, CommandError};
use crate::domain::framework::Prompt;
use crate::domain::rep::RepId;
use crate::domain::skill::{Skill, SkillDraft, SkillId};
use crate::domain::text::tidy;
use crate::domain::{Bucket, Level};
use crate::store;

fn applied(inverse: Command, label: String) -> Result<Applied, CommandError> {
    Ok(Applied {
        inverse: Some(inverse),
        label,
        changes: Changes::FRAMEWORK,
    })
}

fn existing(conn: &Connection, id: SkillId) -> Result<Skill, CommandError> {
    store::skills::get(conn, id)?.ok_or(CommandError::SkillGone)
}

/// A skill the manager may change: not one of the organization's, which change only when
/// a newer organization framework is pulled.
fn own(conn: &Connection, id: SkillId) -> Result<Skill, CommandError> {
    let skill = existing(conn, id)?;
    if skill.from_org {
        return Err(CommandError::OrgSkill(skill.name));
    }
    Ok(skill)
}

/// Names already used in `bucket`, without the skill being edited.
fn other_names(
    conn: &Connection,
    bucket: Bucket,
    except: Option<SkillId>,
) -> Result<Vec<String>, CommandError> {
    Ok(store::skills::list(conn)?
        .into_iter()
        .filter(|s| s.bucket == bucket && Some(s.id) != except)
        .map(|s| s.name)
        .collect())
}

fn checked(
    conn: &Connection,
    bucket: Bucket,
    draft: &SkillDraft,
    except: Option<SkillId>,
) -> Result<SkillDraft, CommandError> {
    let others = other_names(conn, bucket, except)?;
    let others: Vec<&str> = others.iter().map(String::as_str).collect();
    Ok(draft.validate(bucket, &others)?)
}

pub(super) fn add_skill(
    conn: &Connection,
    bucket: Bucket,
    draft: &SkillDraft,
) -> Result<Applied, CommandError> {
    let draft = checked(conn, bucket, draft, None)?;
    let position = store::skills::next_position(conn)?;
    let id = store::skills::insert(
        conn,
        bucket,
        &draft.name,
        &draft.description,
        &draft.rubric,
        position,
    )?;
    applied(
        Command::DeleteSkill(id),
        format!("Added the skill \"{}\"", draft.name),
    )
}

pub(super) fn edit_skill(
    conn: &Connection,
    id: SkillId,
    draft: &SkillDraft,
) -> Result<Applied, CommandError> {
    let before = own(conn, id)?;
    let draft = checked(conn, before.bucket, draft, Some(id))?;
    store::skills::update(conn, id, &draft.name, &draft.description, &draft.rubric)?;
    applied(
        Command::EditSkill {
            id,
            draft: SkillDraft {
                bucket: Some(before.bucket),
                name: before.name,
                description: before.description,
                rubric: before.rubric,
            },
        },
        format!("Edited the skill \"{}\"", draft.name),
    )
}

pub(super) fn move_skill(
    conn: &Connection,
    id: SkillId,
    up: bool,
) -> Result<Applied, CommandError> {
    let skill = own(conn, id)?;
    let mut siblings: Vec<Skill> = store::skills::list(conn)?
        .into_iter()
        .filter(|s| s.bucket == skill.bucket)
        .collect();
    siblings.sort_by_key(|s| (s.position, s.id));
    let Some(at) = siblings.iter().position(|s| s.id == id) else {
        return Err(CommandError::SkillGone);
    };
    let other = if up { at.checked_sub(1) } else { Some(at + 1) };
    if let Some(other) = other.and_then(|i| siblings.get(i)) {
        // Positions are distinct, so swapping them moves the skill one place.
        store::skills::set_position(conn, id, other.position)?;
        store::skills::set_position(conn, other.id, skill.position)?;
    }
    let direction = if up { "up" } else { "down" };
    applied(
        Command::MoveSkill { id, up: !up },
        format!("Moved \"{}\" {direction}", skill.name),
    )
}

pub(super) fn set_retired(
    conn: &Connection,
    id: SkillId,
    retired: bool,
) -> Result<Applied, CommandError> {
    let skill = own(conn, id)?;
    store::skills::set_retired(conn, id, retired)?;
    let what = if retired { "Retired" } else { "Restored" };
    applied(
        Command::SetSkillRetired {
            id,
            retired: !retired,
        },
        format!("{what} the skill \"{}\"", skill.name),
    )
}

pub(super) fn delete_skill(conn: &Connection, id: SkillId) -> Result<Applied, CommandError> {
    let skill = own(conn, id)?;
    let count = store::observations::count_for_skill(conn, id)?;
    if count > 0 {
        return Err(CommandError::SkillHasObservations {
            name: skill.name,
            count,
        });
    }
    let plans = store::plans::count_for_skill(conn, id)?;
    if plans > 0 {
        return Err(CommandError::SkillHasPlans {
            name: skill.name,
            count: plans,
        });
    }
    let mut targets = Vec::new();
    for role in store::framework::roles(conn)? {
        if let Some(level) = store::targets::role_target(conn, &role.code, id)? {
            targets.push((role.code, level));
        }
    }
    store::skills::delete(conn, id)?;
    let label = format!("Deleted the skill \"{}\"", skill.name);
    applied(Command::RestoreSkill { skill, targets }, label)
}

pub(super) fn restore_skill(
    conn: &Connection,
    skill: &Skill,
    targets: &[(String, Level)],
) -> Result<Applied, CommandError> {
    store::skills::restore(conn, skill)?;
    for (role, level) in targets {
        store::targets::set_role_target(conn, role, skill.id, Some(*level))?;
    }
    applied(
        Command::DeleteSkill(skill.id),
        format!("Added the skill \"{}\"", skill.name),
    )
}

fn prompt_text(text: &str) -> Result<String, CommandError> {
    let text = text.trim().to_owned();
    if tidy(&text).is_empty() {
        return Err(CommandError::EmptyPrompt);
    }
    Ok(text)
}

fn prompt(conn: &Connection, id: i64) -> Result<Prompt, CommandError> {
    store::framework::load(conn)?
        .prompts
        .into_iter()
        .find(|p| p.id == id)
        .ok_or(CommandError::PromptGone)
}

pub(super) fn add_prompt(
    conn: &Connection,
    bucket: Bucket,
    text: &str,
) -> Result<Applied, CommandError> {
    let text = prompt_text(text)?;
    let position = store::prompts::next_position(conn)?;
    let id = store::prompts::insert(conn, bucket, &text, position)?;
    applied(Command::DeletePrompt(id), "Added a prompt".to_owned())
}

pub(super) fn edit_prompt(conn: &Connection, id: i64, text: &str) -> Result<Applied, CommandError> {
    let before = prompt(conn, id)?;
    let text = prompt_text(text)?;
    store::prompts::update(conn, id, &text)?;
    applied(
        Command::EditPrompt {
            id,
            text: before.text,
        },
        "Edited a prompt".to_owned(),
    )
}

pub(super) fn move_prompt(conn: &Connection, id: i64, up: bool) -> Result<Applied, CommandError> {
    let framework = store::framework::load(conn)?;
    let current = framework
        .prompts
        .iter()
        .find(|p| p.id == id)
        .ok_or(CommandError::PromptGone)?;
    let siblings: Vec<&Prompt> = framework.prompts_in(current.bucket).collect();
    let at = siblings.iter().position(|p| p.id == id).unwrap_or(0);
    let other = if up { at.checked_sub(1) } else { Some(at + 1) };
    if let Some(other) = other.and_then(|i| siblings.get(i)) {
        store::prompts::set_position(conn, id, other.position)?;
        store::prompts::set_position(conn, other.id, current.position)?;
    }
    applied(
        Command::MovePrompt { id, up: !up },
        "Moved a prompt".to_owned(),
    )
}

pub(super) fn delete_prompt(conn: &Connection, id: i64) -> Result<Applied, CommandError> {
    let before = prompt(conn, id)?;
    store::prompts::delete(conn, id)?;
    applied(
        Command::RestorePrompt(before),
        "Deleted a prompt".to_owned(),
    )
}

pub(super) fn restore_prompt(conn: &Connection, prompt: &Prompt) -> Result<Applied, CommandError> {
    store::prompts::restore(conn, prompt)?;
    applied(
        Command::DeletePrompt(prompt.id),
        "Added a prompt".to_owned(),
    )
}

pub(super) fn set_role_target(
    conn: &Connection,
    role: &str,
    skill: SkillId,
    level: Option<Level>,
) -> Result<Applied, CommandError> {
    let name = own(conn, skill)?.name;
    let before = store::targets::role_target(conn, role, skill)?;
    store::targets::set_role_target(conn, role, skill, level)?;
    applied(
        Command::SetRoleTarget {
            role: role.to_owned(),
            skill,
            level: before,
        },
        format!("Set the {role} target for \"{name}\""),
    )
}

pub(super) fn set_rep_target(
    conn: &Connection,
    rep: RepId,
    skill: SkillId,
    level: Option<Level>,
) -> Result<Applied, CommandError> {
    let name = existing(conn, skill)?.name;
    let rep_name = store::reps::get(conn, rep)?
        .ok_or(CommandError::RepGone)?
        .name;
    let before = store::targets::rep_target(conn, rep, skill)?;
    store::targets::set_rep_target(conn, rep, skill, level)?;
    let label = match level {
        Some(_) => format!("Set {rep_name}'s target for \"{name}\""),
        None => format!("{rep_name} follows the role's target for \"{name}\" again"),
    };
    Ok(Applied {
        inverse: Some(Command::SetRepTarget {
            rep,
            skill,
            level: before,
        }),
        label,
        changes: Changes {
            roster: true,
            ..Changes::FRAMEWORK
        },
    })
}
