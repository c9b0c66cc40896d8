//! Everything the session workspace shows about one session, read once when the session
//! opens or changes, not on every frame.

use std::collections::HashMap;

use chrono::{DateTime, Duration, NaiveDate, Utc};

use super::caches::Caches;
use crate::domain::agenda::{self, AgendaInput, FocusInput, ProposedPoint, SkillState};
use crate::domain::commitment::{Commitment, CommitmentStatus};
use crate::domain::levels::{Figures, Point};
use crate::domain::plan::suggest::{self, Peer};
use crate::domain::rep::RepId;
use crate::domain::schedule::{OccurrenceKey, effective_status};
use crate::domain::session::{BucketNotes, Session, SessionStatus, TalkingPoint};
use crate::domain::skill::SkillId;
use crate::store::observations::SessionObservation;
use crate::store::{self, Store, StoreError};

#[derive(Clone, Debug)]
pub struct SessionView {
    pub rep: RepId,
    pub key: OccurrenceKey,
    pub start: DateTime<Utc>,
    pub duration_mins: u32,
    pub status: SessionStatus,
    /// `None` while the session is only a slot of its cadence.
    pub session: Option<Session>,
    pub notes: Vec<BucketNotes>,
    pub points: Vec<TalkingPoint>,
    /// The rep's open commitments, and those agreed in this session.
    pub commitments: Vec<Commitment>,
    pub observations: Vec<SessionObservation>,
    /// The last held session before this one: when, and its summary.
    pub previous: Option<(DateTime<Utc>, String)>,
    pub proposed: Vec<ProposedPoint>,
}

/// Reads the session behind `key` for `rep`, as of `now`.
pub fn load(
    store: &Store,
    caches: &Caches,
    rep: RepId,
    key: OccurrenceKey,
    now: DateTime<Utc>,
    today: NaiveDate,
) -> Result<Option<SessionView>, StoreError> {
    let conn = store.conn();
    let (session, start, duration_mins) = match key {
        OccurrenceKey::Stored(id) => match store::sessions::get(conn, id)? {
            Some(s) => {
                let (start, duration) = (s.start, s.duration_mins);
                (Some(s), start, duration)
            }
            None => return Ok(None),
        },
        OccurrenceKey::Slot { cadence, slot } => {
            match store::sessions::find_slot(conn, cadence, slot)? {
                Some(s) => {
                    let (start, duration) = (s.start, s.duration_mins);
                    (Some(s), start, duration)
                }
                None => {
                    let Some(c) = caches.cadences.iter().find(|c| c.id == cadence) else {
                        return Ok(None);
                    };
                    (None, slot, c.duration_mins)
                }
            }
        }
    };
    let stored_status = session
        .as_ref()
        .map_or(SessionStatus::Planned, |s| s.status);
    let status = effective_status(
        stored_status,
        start + Duration::minutes(i64::from(duration_mins)),
        now,
    );
    let id = session.as_ref().map(|s| s.id);
    let notes = match id {
        Some(id) => store::sessions::notes(conn, id)?,
        None => Vec::new(),
    };
    let points = match id {
        Some(id) => store::talking_points::for_session(conn, id)?,
        None => Vec::new(),
    };
    let commitments = store::commitments::open_or_agreed_in(conn, rep, id)?;
    let previous = store::sessions::previous_held(conn, rep, start)?;
    let since = previous
        .as_ref()
        .map_or(start.date_naive() - Duration::days(30), |p| {
            p.start.date_naive()
        });
    let observations = store::observations::for_session(conn, rep, id, since)?;
    let proposed = propose(store, caches, rep, today, &commitments, previous.as_ref())?;
    Ok(Some(SessionView {
        rep,
        key,
        start,
        duration_mins,
        status,
        session,
        notes,
        points,
        commitments,
        observations,
        previous: previous.map(|p| (p.start, p.summary)),
        proposed,
    }))
}

/// The proposed agenda of the rep's next planned session (the same the workspace shows
/// when that session opens), and when it is.
pub fn next_session_agenda(
    store: &Store,
    caches: &Caches,
    rep: RepId,
    now: DateTime<Utc>,
    today: NaiveDate,
) -> Result<(Option<DateTime<Utc>>, Vec<ProposedPoint>), StoreError> {
    let next = caches.rep(rep).and_then(|r| r.coverage.next);
    let commitments: Vec<_> = store::commitments::for_rep(store.conn(), rep)?
        .into_iter()
        .filter(|c| c.status == CommitmentStatus::Open)
        .collect();
    let previous = store::sessions::previous_held(store.conn(), rep, next.unwrap_or(now))?;
    let points = propose(store, caches, rep, today, &commitments, previous.as_ref())?;
    Ok((next, points))
}

/// The proposed agenda for `rep` from the file as it is.
pub fn propose(
    store: &Store,
    caches: &Caches,
    rep: RepId,
    today: NaiveDate,
    commitments: &[Commitment],
    previous: Option<&Session>,
) -> Result<Vec<ProposedPoint>, StoreError> {
    let Some(row) = caches.rep(rep) else {
        return Ok(Vec::new());
    };
    let half_life = f64::from(store::meta::half_life_days(store.conn())?);
    let skills = skill_states(store, caches, row, today, half_life)?;
    let open: Vec<Commitment> = commitments
        .iter()
        .filter(|c| c.status == CommitmentStatus::Open)
        .cloned()
        .collect();
    let answers = store::rep_answers::get(store.conn(), rep)?;
    let fresh = answers
        .received
        .is_some_and(|received| previous.is_none_or(|p| received > p.start));
    let topics = if fresh {
        answers.answers.topics
    } else {
        Vec::new()
    };
    let focus = focus(caches, rep, &skills);
    let worked = worked_skills(caches, &skills, &focus);
    let peers = peers(store, caches, rep, (&worked, &focus), (today, half_life))?;
    Ok(agenda::propose(&AgendaInput {
        today,
        framework: &caches.framework,
        open_commitments: &open,
        skills: &skills,
        last_summary: previous.map(|p| p.summary.as_str()),
        rep_topics: &topics,
        rep_name: &row.rep.name,
        focus: &focus,
        peers: &peers,
    }))
}

/// The level model's figures of every active skill of the rep's, as of `today`.
fn skill_states(
    store: &Store,
    caches: &Caches,
    row: &super::RosterRow,
    today: NaiveDate,
    half_life: f64,
) -> Result<Vec<SkillState>, StoreError> {
    // Ten years of one rep is 11,000 ratings: sorted into skills once, not once per skill.
    let mut by_skill: HashMap<SkillId, Vec<Point>> = HashMap::new();
    for (skill, point) in store::observations::points_of_rep(store.conn(), row.rep.id)? {
        by_skill.entry(skill).or_default().push(point);
    }
    Ok(caches
        .framework
        .skills
        .iter()
        .filter(|s| !s.retired)
        .map(|s| {
            let points = by_skill.get(&s.id).map_or(&[][..], Vec::as_slice);
            let target = caches.target(&row.rep, s.id);
            SkillState {
                skill: s.id,
                figures: crate::domain::levels::figures(points, today, half_life, target),
            }
        })
        .collect())
}

fn worked_skills(caches: &Caches, skills: &[SkillState], focus: &[FocusInput]) -> Vec<SkillId> {
    let focus_ids: Vec<SkillId> = focus.iter().map(|f| f.skill).collect();
    agenda::worked_skills(&caches.framework, skills, &focus_ids)
}

/// The skills the rep's proposed agenda works on (focus, then gaps): those whose
/// teammates' ratings are read for pairing. The benchmark reads the same rows bare.
pub fn pairing_skills(
    store: &Store,
    caches: &Caches,
    rep: RepId,
    today: NaiveDate,
) -> Result<Vec<SkillId>, StoreError> {
    let Some(row) = caches.rep(rep) else {
        return Ok(Vec::new());
    };
    let half_life = f64::from(store::meta::half_life_days(store.conn())?);
    let skills = skill_states(store, caches, row, today, half_life)?;
    Ok(worked_skills(caches, &skills, &focus(caches, rep, &skills)))
}

/// Teammates offered for pairing per skill worked on.
const PEERS_PER_SKILL: usize = 2;

/// The rep's running plans, with their level today.
fn focus(caches: &Caches, rep: RepId, skills: &[SkillState]) -> Vec<FocusInput> {
    caches
        .active_plans(rep)
        .map(|plan| FocusInput {
            skill: plan.draft.skill,
            target: plan.draft.target,
            review_on: plan.draft.review_on,
            why: plan.draft.why.clone(),
            level: skills
                .iter()
                .find(|s| s.skill == plan.draft.skill)
                .and_then(|s| s.figures.level),
        })
        .collect()
}

/// Every rep's ratings of `skills`: from the log in memory once it is loaded (a few
/// milliseconds for ten years), from the file until then (a hundred, reading the rows).
fn team_points(
    store: &Store,
    caches: &Caches,
    skills: &[SkillId],
) -> Result<Vec<(RepId, SkillId, Point)>, StoreError> {
    let Some(log) = caches.log.log() else {
        return store::observations::points_of_skills(store.conn(), skills);
    };
    let mut wanted = skills.to_vec();
    wanted.sort_unstable();
    Ok(log
        .rows()
        .iter()
        .filter(|row| wanted.binary_search(&row.skill).is_ok())
        .map(|row| {
            let point = Point {
                day: row.day,
                rating: row.rating,
            };
            (row.rep, row.skill, point)
        })
        .collect())
}

/// For each skill the agenda works on, the active teammates at or above the rep's target
/// in it (a plan's target for a focus skill), read in one query for all of them.
fn peers(
    store: &Store,
    caches: &Caches,
    rep: RepId,
    (worked, focus): (&[SkillId], &[FocusInput]),
    (today, half_life): (NaiveDate, f64),
) -> Result<HashMap<SkillId, Vec<(String, Peer)>>, StoreError> {
    let Some(row) = caches.rep(rep) else {
        return Ok(HashMap::new());
    };
    let mut by_pair: HashMap<(SkillId, RepId), Vec<Point>> = HashMap::new();
    for (who, skill, point) in team_points(store, caches, worked)? {
        if who != rep {
            by_pair.entry((skill, who)).or_default().push(point);
        }
    }
    let mut out = HashMap::new();
    for skill in worked {
        let target = focus
            .iter()
            .find(|f| f.skill == *skill)
            .map(|f| f.target)
            .or_else(|| caches.target(&row.rep, *skill));
        let Some(target) = target else {
            continue;
        };
        let teammates: Vec<(RepId, Figures)> = caches
            .roster
            .iter()
            .filter(|r| !r.rep.archived && r.rep.id != rep)
            .map(|r| {
                let points = by_pair
                    .get(&(*skill, r.rep.id))
                    .map_or(&[][..], Vec::as_slice);
                let their_target = caches.target(&r.rep, *skill);
                (
                    r.rep.id,
                    crate::domain::levels::figures(points, today, half_life, their_target),
                )
            })
            .collect();
        let named = suggest::peers(rep, target, &teammates, PEERS_PER_SKILL)
            .into_iter()
            .filter_map(|peer| caches.rep(peer.rep).map(|r| (r.rep.name.clone(), peer)))
            .collect();
        out.insert(*skill, named);
    }
    Ok(out)
}
