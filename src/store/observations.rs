//! The `observations` table and its full-text index, kept in step by every writer here.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{Connection, OptionalExtension, Row, params, params_from_iter};

use super::time::bad;
use super::{StoreError, from_day, from_utc_ms, to_day, to_utc_ms};
use crate::domain::Rating;
use crate::domain::observation::{
    CallContext, Observation, ObservationDraft, ObservationId, Visibility,
};
use crate::domain::observation_query::{IdRank, IdSet};
use crate::domain::rep::RepId;
use crate::domain::session::SessionId;
use crate::domain::skill::SkillId;

const COLUMNS: &str = "id, rep_id, skill_id, observed_day, rating, evidence, context, account,
                       session_id, shared, created_utc_ms, updated_utc_ms";

fn read_row(row: &Row<'_>) -> rusqlite::Result<RawRow> {
    Ok(RawRow {
        id: row.get(0)?,
        rep_id: row.get(1)?,
        skill_id: row.get(2)?,
        day: row.get(3)?,
        rating: row.get(4)?,
        evidence: row.get(5)?,
        context: row.get(6)?,
        account: row.get(7)?,
        session_id: row.get(8)?,
        shared: row.get(9)?,
        created: row.get(10)?,
        updated: row.get(11)?,
    })
}

struct RawRow {
    id: i64,
    rep_id: i64,
    skill_id: i64,
    day: i64,
    rating: Option<i64>,
    evidence: String,
    context: String,
    account: String,
    session_id: Option<i64>,
    shared: bool,
    created: i64,
    updated: i64,
}

fn parse_context(code: &str) -> Result<CallContext, StoreError> {
    CallContext::from_code(code).ok_or_else(|| bad(format!("unknown call context \"{code}\"")))
}

fn visibility(shared: bool) -> Visibility {
    if shared {
        Visibility::Shared
    } else {
        Visibility::Private
    }
}

impl RawRow {
    fn into_observation(self) -> Result<Observation, StoreError> {
        Ok(Observation {
            id: ObservationId(self.id),
            draft: ObservationDraft {
                rep_id: RepId(self.rep_id),
                skill_id: SkillId(self.skill_id),
                observed_on: from_day(self.day)?,
                rating: Rating::from_stored(self.rating)?,
                evidence: self.evidence,
                context: parse_context(&self.context)?,
                account: self.account,
                session_id: self.session_id.map(SessionId),
                visibility: visibility(self.shared),
            },
            created: from_utc_ms(self.created)?,
            updated: from_utc_ms(self.updated)?,
        })
    }
}

fn index_text(conn: &Connection, id: i64, draft: &ObservationDraft) -> Result<(), StoreError> {
    conn.execute(
        "INSERT INTO observations_fts (rowid, evidence, account) VALUES (?1, ?2, ?3)",
        params![id, draft.evidence, draft.account],
    )?;
    Ok(())
}

fn unindex_text(conn: &Connection, id: i64) -> Result<(), StoreError> {
    conn.execute("DELETE FROM observations_fts WHERE rowid = ?1", [id])?;
    Ok(())
}

pub fn insert(
    conn: &Connection,
    draft: &ObservationDraft,
    now: DateTime<Utc>,
) -> Result<ObservationId, StoreError> {
    write(conn, None, draft, now, now)
}

/// Writes `observation` exactly as given, id and times included: how undo puts back a
/// deleted or edited observation byte for byte.
pub fn put(conn: &Connection, observation: &Observation) -> Result<(), StoreError> {
    unindex_text(conn, observation.id.0)?;
    write(
        conn,
        Some(observation.id),
        &observation.draft,
        observation.created,
        observation.updated,
    )
    .map(drop)
}

/// Inserts (a `None` id takes the next one) or overwrites a row, and indexes its words.
fn write(
    conn: &Connection,
    id: Option<ObservationId>,
    d: &ObservationDraft,
    created: DateTime<Utc>,
    updated: DateTime<Utc>,
) -> Result<ObservationId, StoreError> {
    conn.prepare_cached(
        "INSERT INTO observations (id, rep_id, skill_id, observed_day, rating, evidence, context,
                                   account, session_id, shared, created_utc_ms, updated_utc_ms)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)
         ON CONFLICT (id) DO UPDATE SET
             rep_id = excluded.rep_id, skill_id = excluded.skill_id,
             observed_day = excluded.observed_day, rating = excluded.rating,
             evidence = excluded.evidence, context = excluded.context,
             account = excluded.account, session_id = excluded.session_id,
             shared = excluded.shared, created_utc_ms = excluded.created_utc_ms,
             updated_utc_ms = excluded.updated_utc_ms",
    )?
    .execute(params![
        id.map(|i| i.0),
        d.rep_id.0,
        d.skill_id.0,
        to_day(d.observed_on),
        d.rating.to_stored(),
        d.evidence,
        d.context.code(),
        d.account,
        d.session_id.map(|s| s.0),
        d.visibility == Visibility::Shared,
        to_utc_ms(created),
        to_utc_ms(updated)
    ])?;
    let id = id.map_or_else(|| conn.last_insert_rowid(), |i| i.0);
    index_text(conn, id, d)?;
    Ok(ObservationId(id))
}

pub fn delete(conn: &Connection, id: ObservationId) -> Result<(), StoreError> {
    conn.execute("DELETE FROM observations WHERE id = ?1", [id.0])?;
    unindex_text(conn, id.0)
}

pub fn get(conn: &Connection, id: ObservationId) -> Result<Option<Observation>, StoreError> {
    conn.prepare_cached(&format!("SELECT {COLUMNS} FROM observations WHERE id = ?1"))?
        .query_row([id.0], read_row)
        .optional()?
        .map(RawRow::into_observation)
        .transpose()
}

/// The compact form of an observation that the in-memory log keeps.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SummaryRow {
    pub id: ObservationId,
    pub day: chrono::NaiveDate,
    pub rep: RepId,
    pub skill: SkillId,
    pub rating: Option<u8>,
    pub context: CallContext,
    pub visibility: Visibility,
    pub account: String,
}

const SUMMARY: &str =
    "SELECT id, observed_day, rep_id, skill_id, rating, context, shared, account FROM observations";

/// A summary row as SQLite hands it over, before its values are checked.
struct RawSummary {
    id: i64,
    day: i64,
    rep: i64,
    skill: i64,
    rating: Option<i64>,
    context: String,
    shared: bool,
    account: String,
}

fn read_summary(row: &Row<'_>) -> rusqlite::Result<RawSummary> {
    Ok(RawSummary {
        id: row.get(0)?,
        day: row.get(1)?,
        rep: row.get(2)?,
        skill: row.get(3)?,
        rating: row.get(4)?,
        context: row.get(5)?,
        shared: row.get(6)?,
        account: row.get(7)?,
    })
}

/// Calls `each` for every observation in (day, id) order, without collecting them first,
/// so that loading half a million rows needs memory for the compact form only.
pub fn for_each_summary(
    conn: &Connection,
    mut each: impl FnMut(SummaryRow),
) -> Result<(), StoreError> {
    let mut stmt = conn.prepare(&format!("{SUMMARY} ORDER BY observed_day, id"))?;
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        each(to_summary(read_summary(row)?)?);
    }
    Ok(())
}

pub fn summaries_by_id(
    conn: &Connection,
    ids: &[ObservationId],
) -> Result<Vec<SummaryRow>, StoreError> {
    let mut out = Vec::with_capacity(ids.len());
    let mut stmt = conn.prepare_cached(&format!("{SUMMARY} WHERE id = ?1"))?;
    for id in ids {
        if let Some(raw) = stmt.query_row([id.0], read_summary).optional()? {
            out.push(to_summary(raw)?);
        }
    }
    Ok(out)
}

fn to_summary(raw: RawSummary) -> Result<SummaryRow, StoreError> {
    let rating = match raw.rating {
        None => None,
        Some(r @ 1..=5) => Some(r as u8),
        Some(other) => return Err(bad(format!("rating {other} is outside 1-5"))),
    };
    Ok(SummaryRow {
        id: ObservationId(raw.id),
        day: from_day(raw.day)?,
        rep: RepId(raw.rep),
        skill: SkillId(raw.skill),
        rating,
        context: parse_context(&raw.context)?,
        visibility: visibility(raw.shared),
        account: raw.account,
    })
}

/// The start of each observation's evidence, for the rows on screen.
pub fn excerpts(
    conn: &Connection,
    ids: &[ObservationId],
    max_chars: usize,
) -> Result<Vec<(ObservationId, String)>, StoreError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let marks = vec!["?"; ids.len()].join(", ");
    let sql = format!(
        "SELECT id, substr(evidence, 1, {max_chars}) FROM observations WHERE id IN ({marks})"
    );
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map(params_from_iter(ids.iter().map(|i| i.0)), |row| {
        Ok((ObservationId(row.get(0)?), row.get(1)?))
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Ids of the observations whose evidence or account holds every word of `fts_query`.
pub fn search(conn: &Connection, fts_query: &str) -> Result<IdSet, StoreError> {
    let mut stmt =
        conn.prepare_cached("SELECT rowid FROM observations_fts WHERE observations_fts MATCH ?1")?;
    let rows = stmt.query_map([fts_query], |row| Ok(ObservationId(row.get(0)?)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The position of every observation in evidence order, for sorting by that column;
/// the evidence index answers it without sorting.
pub fn evidence_order(conn: &Connection) -> Result<IdRank, StoreError> {
    let mut stmt =
        conn.prepare("SELECT id FROM observations ORDER BY evidence COLLATE NOCASE, id")?;
    let ids = stmt
        .query_map([], |row| Ok(ObservationId(row.get(0)?)))?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(IdRank::from_order(ids))
}

pub fn count(conn: &Connection) -> Result<i64, StoreError> {
    Ok(conn.query_row("SELECT count(*) FROM observations", [], |r| r.get(0))?)
}

pub fn count_for_skill(conn: &Connection, skill: SkillId) -> Result<i64, StoreError> {
    Ok(conn.query_row(
        "SELECT count(*) FROM observations WHERE skill_id = ?1",
        [skill.0],
        |r| r.get(0),
    )?)
}

/// How many observations each rep has: a first sense of how well a rep is known.
pub fn count_by_rep(conn: &Connection) -> Result<HashMap<RepId, i64>, StoreError> {
    let mut stmt =
        conn.prepare_cached("SELECT rep_id, count(*) FROM observations GROUP BY rep_id")?;
    let rows = stmt.query_map([], |row| Ok((RepId(row.get(0)?), row.get(1)?)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// How many observations each rep has on or after `since`.
pub fn count_by_rep_since(
    conn: &Connection,
    since: NaiveDate,
) -> Result<HashMap<RepId, i64>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT rep_id, count(*) FROM observations WHERE observed_day >= ?1 GROUP BY rep_id",
    )?;
    let rows = stmt.query_map([to_day(since)], |row| Ok((RepId(row.get(0)?), row.get(1)?)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The accounts a manager has written before, most used first, for suggestions.
pub fn accounts(conn: &Connection) -> Result<Vec<String>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT account FROM observations WHERE account <> ''
         GROUP BY account ORDER BY count(*) DESC, account LIMIT 200",
    )?;
    let rows = stmt.query_map([], |row| row.get(0))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// An observation as the session workspace lists it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SessionObservation {
    pub id: ObservationId,
    pub skill: SkillId,
    pub day: chrono::NaiveDate,
    pub rating: Option<u8>,
    pub excerpt: String,
    pub in_session: bool,
}

/// The rep's observations linked to `session`, or recorded after `since`: what there is to
/// discuss. Newest first, at most 200.
pub fn for_session(
    conn: &Connection,
    rep: RepId,
    session: Option<crate::domain::session::SessionId>,
    since: chrono::NaiveDate,
) -> Result<Vec<SessionObservation>, StoreError> {
    // Two searches, each on an index: the session's own rows, and the rep's rows after
    // `since` through (rep, skill, day) one skill at a time. As one OR, SQLite read every
    // row the rep ever had (about 11,000 on ten years) to find a week's worth.
    let mut stmt = conn.prepare_cached(
        "SELECT id, skill_id, observed_day, rating, substr(evidence, 1, 240), session_id
         FROM observations WHERE rep_id = ?1 AND session_id = ?2
         UNION
         SELECT id, skill_id, observed_day, rating, substr(evidence, 1, 240), session_id
         FROM observations
         WHERE rep_id = ?1 AND skill_id IN (SELECT id FROM skills) AND observed_day > ?3
         ORDER BY observed_day DESC, id DESC LIMIT 200",
    )?;
    let session_id = session.map(|s| s.0);
    let rows = stmt
        .query_map(params![rep.0, session_id, to_day(since)], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, i64>(2)?,
                r.get::<_, Option<i64>>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, Option<i64>>(5)?,
            ))
        })?
        .collect::<Result<Vec<_>, _>>()?;
    rows.into_iter()
        .map(|(id, skill, day, rating, excerpt, linked)| {
            Ok(SessionObservation {
                id: ObservationId(id),
                skill: SkillId(skill),
                day: from_day(day)?,
                rating: rating.and_then(|r| u8::try_from(r).ok()),
                excerpt,
                in_session: linked.is_some() && linked == session_id,
            })
        })
        .collect()
}

/// Every rep's observations of some skills as (rep, skill, point), for comparing
/// teammates in them. One indexed query per skill: an `IN` list made SQLite scan the
/// whole table, 120 ms on ten years against a few for the skills one by one.
pub fn points_of_skills(
    conn: &Connection,
    skills: &[SkillId],
) -> Result<Vec<(RepId, SkillId, crate::domain::levels::Point)>, StoreError> {
    let mut out = Vec::new();
    for skill in skills {
        let rows = points_where(
            conn,
            "SELECT rep_id, observed_day, rating FROM observations WHERE skill_id = ?1",
            skill.0,
        )?;
        out.extend(rows.into_iter().map(|(rep, p)| (RepId(rep), *skill, p)));
    }
    Ok(out)
}

/// Every observation of a rep as (skill, point): what the level model reads.
pub fn points_of_rep(
    conn: &Connection,
    rep: RepId,
) -> Result<Vec<(SkillId, crate::domain::levels::Point)>, StoreError> {
    let rows = points_where(
        conn,
        "SELECT skill_id, observed_day, rating FROM observations WHERE rep_id = ?1",
        rep.0,
    )?;
    Ok(rows
        .into_iter()
        .map(|(skill, p)| (SkillId(skill), p))
        .collect())
}

/// The (id, day, rating) rows of `sql` for `id`, each as an id and a level model point.
fn points_where(
    conn: &Connection,
    sql: &str,
    id: i64,
) -> Result<Vec<(i64, crate::domain::levels::Point)>, StoreError> {
    let mut stmt = conn.prepare_cached(sql)?;
    let rows = stmt
        .query_map([id], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, Option<i64>>(2)?,
            ))
        })?
        .collect::<Result<Vec<_>, _>>()?;
    rows.into_iter()
        .map(|(other, day, rating)| {
            Ok((
                other,
                crate::domain::levels::Point {
                    day: from_day(day)?,
                    rating: rating.and_then(|r| u8::try_from(r).ok()),
                },
            ))
        })
        .collect()
}
