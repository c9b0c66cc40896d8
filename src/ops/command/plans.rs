//! Coaching plans: adopted, edited, closed and put back, each with its exact inverse.

use rusqlite::Connection;

use super::{Applied, Changes, Command, CommandError};
use crate::domain::plan::{MAX_ACTIVE_PLANS, Plan, PlanDraft, PlanId, PlanStatus};
use crate::store;

fn changes() -> Changes {
    Changes {
        plans: true,
        ..Changes::default()
    }
}

fn plan(conn: &Connection, id: PlanId) -> Result<Plan, CommandError> {
    store::plans::get(conn, id)?.ok_or(CommandError::PlanGone)
}

fn skill_name(conn: &Connection, plan: &PlanDraft) -> Result<String, CommandError> {
    Ok(store::skills::get(conn, plan.skill)?
        .ok_or(CommandError::SkillGone)?
        .name)
}

/// The rules a running plan keeps whichever command writes it: a live rep and skill, one
/// plan per skill, and no more than three at once.
fn check_running(
    conn: &Connection,
    draft: &PlanDraft,
    id: Option<PlanId>,
) -> Result<(), CommandError> {
    let rep = store::reps::get(conn, draft.rep)?.ok_or(CommandError::RepGone)?;
    let skill = store::skills::get(conn, draft.skill)?.ok_or(CommandError::SkillGone)?;
    if skill.retired {
        return Err(CommandError::SkillRetired(skill.name));
    }
    let running: Vec<Plan> = store::plans::for_rep(conn, draft.rep)?
        .into_iter()
        .filter(|p| p.is_active() && Some(p.id) != id)
        .collect();
    if running.iter().any(|p| p.draft.skill == draft.skill) {
        return Err(CommandError::PlanExists {
            rep: rep.name,
            skill: skill.name,
        });
    }
    if running.len() >= MAX_ACTIVE_PLANS {
        return Err(CommandError::TooManyPlans(rep.name));
    }
    Ok(())
}

pub(super) fn add(conn: &Connection, draft: &PlanDraft) -> Result<Applied, CommandError> {
    draft.validate()?;
    check_running(conn, draft, None)?;
    let id = store::plans::insert(conn, draft)?;
    Ok(Applied {
        inverse: Some(Command::DeletePlan(id)),
        label: format!("Adopted {} as a focus", skill_name(conn, draft)?),
        changes: changes(),
    })
}

pub(super) fn delete(conn: &Connection, id: PlanId) -> Result<Applied, CommandError> {
    let before = plan(conn, id)?;
    store::plans::delete(conn, id)?;
    Ok(Applied {
        label: format!("Removed the plan for {}", skill_name(conn, &before.draft)?),
        inverse: Some(Command::PutPlan(before)),
        changes: changes(),
    })
}

/// Writes the plan as given: an edit, a closing, a reopening, or undo putting it back.
pub(super) fn put(conn: &Connection, after: &Plan) -> Result<Applied, CommandError> {
    after.draft.validate()?;
    let before = store::plans::get(conn, after.id)?;
    if after.is_active() {
        check_running(conn, &after.draft, Some(after.id))?;
    }
    let closed_on = match after.status {
        PlanStatus::Active => None,
        _ => Some(after.closed_on.unwrap_or(after.draft.started_on)),
    };
    let written = Plan {
        closed_on: closed_on.map(|day| day.max(after.draft.started_on)),
        ..after.clone()
    };
    store::plans::put(conn, &written)?;
    let skill = skill_name(conn, &after.draft)?;
    let label = match (before.as_ref().map(|b| b.status), written.status) {
        (None, _) => format!("Put back the plan for {skill}"),
        (Some(PlanStatus::Active), PlanStatus::Active) => format!("Edited the plan for {skill}"),
        (Some(_), PlanStatus::Active) => format!("Reopened the plan for {skill}"),
        (_, status) => format!("Closed the plan for {skill}: {}", status.label()),
    };
    Ok(Applied {
        inverse: Some(before.map_or(Command::DeletePlan(written.id), Command::PutPlan)),
        label,
        changes: changes(),
    })
}
