//! The one search index over every text (schema v8): kept up to date inside each
//! transaction, and asked for the newest hits of each group.
//!
//! Triggers note which rows changed in `search_dirty`; [`sync`] re-indexes exactly those
//! before the transaction commits. An index row's rowid is
//! `group << 60 | day << 40 | n << 5 | kind`, where `n` is its `search_rows` id: so the
//! index hands out a group's hits newest first, and stops after the first page.

mod kinds;

use std::collections::BTreeSet;

use rusqlite::{Connection, OptionalExtension, params};

use super::StoreError;
use crate::domain::rep::RepId;
use crate::domain::search::{Found, Group, Hit, Kind, fts_query};
use kinds::{Indexed, SOURCES_OF_SESSIONS, indexed};

/// The schema version that brought the index.
pub const INDEX_VERSION: i64 = 8;

const DAY_BITS: i64 = 20;
const ROW_BITS: i64 = 35;

/// The index rowid of a `search_rows` row `r`, as SQL.
const FTS_ROWID: &str = "((r.grp << 60) | (r.day << 40) | (r.id << 5) | r.kind)";

/// Brings the index up to date with every row the transaction changed.
pub fn sync(conn: &Connection) -> rusqlite::Result<()> {
    let dirty: BTreeSet<i64> = conn
        .prepare_cached("SELECT DISTINCT source FROM search_dirty")?
        .query_map([], |row| row.get(0))?
        .collect::<Result<_, _>>()?;
    if dirty.is_empty() {
        return Ok(());
    }
    let mut sources = dirty.clone();
    if dirty.contains(&kinds::SESSIONS) {
        // A session moved: what hangs off it sorts by its new day.
        for sql in SOURCES_OF_SESSIONS {
            conn.prepare_cached(sql)?.execute([])?;
        }
        sources.extend([kinds::NOTES, kinds::POINTS, kinds::RATINGS]);
    }
    conn.prepare_cached(&format!(
        "DELETE FROM search_index WHERE rowid IN (
             SELECT {FTS_ROWID} FROM search_rows r
             WHERE (r.source, r.item) IN (SELECT source, item FROM search_dirty))"
    ))?
    .execute([])?;
    conn.prepare_cached(
        "DELETE FROM search_rows WHERE (source, item) IN (SELECT source, item FROM search_dirty)",
    )?
    .execute([])?;
    for entry in indexed().iter().filter(|e| sources.contains(&e.source)) {
        add(conn, entry, true)?;
    }
    conn.prepare_cached("DELETE FROM search_dirty")?
        .execute([])?;
    Ok(())
}

/// Indexes the rows of `entry` (only the changed ones when `changed_only`).
fn add(conn: &Connection, entry: &Indexed, changed_only: bool) -> rusqlite::Result<()> {
    let before: i64 = conn
        .prepare_cached("SELECT coalesce(max(id), 0) FROM search_rows")?
        .query_row([], |row| row.get(0))?;
    let filter = if changed_only {
        format!(
            "AND {} IN (SELECT item FROM search_dirty WHERE source = {})",
            entry.item, entry.source
        )
    } else {
        String::new()
    };
    let max_day = (1_i64 << DAY_BITS) - 1;
    conn.prepare_cached(&format!(
        "INSERT INTO search_rows (source, item, kind, grp, day)
         SELECT {source}, {item}, {kind}, {grp}, max(0, min({max_day}, {day}))
         FROM {from} WHERE {cond} AND length(trim({body})) > 0 {filter}",
        source = entry.source,
        item = entry.item,
        kind = entry.kind.code(),
        grp = entry.kind.group().code(),
        day = entry.day,
        from = entry.from,
        cond = entry.cond,
        body = entry.body,
    ))?
    .execute([])?;
    conn.prepare_cached(&format!(
        "INSERT INTO search_index (rowid, body, rep)
         SELECT {FTS_ROWID}, {body}, 'r' || {rep}
         FROM search_rows r, {from}
         WHERE {find} AND r.id > ?1 AND r.id < ?2 AND r.kind = {kind} AND {cond}",
        body = entry.body,
        rep = entry.rep,
        from = entry.from,
        find = entry.find("r.item"),
        kind = entry.kind.code(),
        cond = entry.cond,
    ))?
    .execute(params![before, 1_i64 << ROW_BITS])?;
    Ok(())
}

/// Empties the index and indexes every text again: after migration 008, and after an
/// archive's rows were loaded.
pub fn rebuild(conn: &Connection) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO search_index (search_index) VALUES ('delete-all')",
        [],
    )?;
    conn.execute("DELETE FROM search_rows", [])?;
    conn.execute("DELETE FROM search_dirty", [])?;
    for entry in indexed() {
        add(conn, entry, false)?;
    }
    Ok(())
}

/// What to look for: the words typed, optionally one rep, and how many hits of each group.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Query {
    pub text: String,
    pub rep: Option<RepId>,
    pub per_group: usize,
}

/// The newest hits of each group for `query`, in group order; groups without hits are left
/// out. Words the index cannot use (punctuation only) find nothing.
pub fn find(conn: &Connection, query: &Query) -> Result<Found, StoreError> {
    let Some(mut matching) = fts_query(&query.text) else {
        return Ok(Found::default());
    };
    if let Some(rep) = query.rep {
        matching.push_str(&format!(" AND rep : \"r{}\"", rep.0));
    }
    // The index keeps every prefix of two and three letters, so words that short are
    // answered group by group, each stopping at its newest hits. A longer word merges the
    // lists of every word it starts, which is done once, over every group together.
    let short = crate::domain::search::words(&query.text)
        .iter()
        .all(|w| w.chars().count() <= 3);
    let rowids = if short {
        by_group(conn, &matching, query.per_group)?
    } else {
        in_one_pass(conn, &matching, query.per_group)?
    };
    let mut found = Found::default();
    for (group, rowids) in Group::ALL.into_iter().zip(rowids) {
        let more = rowids.len() > query.per_group;
        let mut hits = Vec::new();
        for rowid in rowids.into_iter().take(query.per_group) {
            if let Some(hit) = hit(conn, rowid)? {
                hits.push(hit);
            }
        }
        if !hits.is_empty() {
            found.groups.push((group, hits, more));
        }
    }
    Ok(found)
}

/// Up to `per_group + 1` newest index rows of each group (one more tells there are more),
/// one query per group.
fn by_group(
    conn: &Connection,
    matching: &str,
    per_group: usize,
) -> rusqlite::Result<Vec<Vec<i64>>> {
    let mut stmt = conn.prepare_cached(
        "SELECT rowid FROM search_index
         WHERE search_index MATCH ?1 AND rowid BETWEEN ?2 AND ?3
         ORDER BY rowid DESC LIMIT ?4",
    )?;
    Group::ALL
        .iter()
        .map(|group| {
            let low = group.code() << 60;
            let high = low | ((1_i64 << 60) - 1);
            stmt.query_map(params![matching, low, high, per_group as i64 + 1], |row| {
                row.get(0)
            })?
            .collect()
        })
        .collect()
}

/// The same as [`by_group`], read in one pass over every match, newest first.
fn in_one_pass(
    conn: &Connection,
    matching: &str,
    per_group: usize,
) -> rusqlite::Result<Vec<Vec<i64>>> {
    let mut out = vec![Vec::new(); Group::ALL.len()];
    let mut stmt = conn.prepare_cached(
        "SELECT rowid FROM search_index WHERE search_index MATCH ?1 ORDER BY rowid DESC",
    )?;
    let mut rows = stmt.query([matching])?;
    while let Some(row) = rows.next()? {
        let rowid: i64 = row.get(0)?;
        if let Some(list) = usize::try_from(rowid >> 60)
            .ok()
            .and_then(|g| out.get_mut(g))
            && list.len() <= per_group
        {
            list.push(rowid);
        }
    }
    Ok(out)
}

/// The text behind one index row, read from where it lives.
fn hit(conn: &Connection, rowid: i64) -> Result<Option<Hit>, StoreError> {
    let Some(kind) = Kind::from_code(rowid & 31) else {
        return Ok(None);
    };
    let n = (rowid >> 5) & ((1_i64 << ROW_BITS) - 1);
    let item: Option<i64> = conn
        .prepare_cached("SELECT item FROM search_rows WHERE id = ?1")?
        .query_row([n], |row| row.get(0))
        .optional()?;
    let (Some(item), Some(entry)) = (item, indexed().iter().find(|e| e.kind == kind)) else {
        return Ok(None);
    };
    let row = conn
        .prepare_cached(&format!(
            "SELECT {rep}, rp.name, {body}, {private}, {link}, {when}
             FROM {from} JOIN reps rp ON rp.id = {rep}
             WHERE {find} AND {cond}",
            rep = entry.rep,
            body = entry.body,
            private = entry.private,
            link = entry.link,
            when = entry.when,
            from = entry.from,
            find = entry.find("?1"),
            cond = entry.cond,
        ))?
        .query_row([item], |row| {
            Ok((
                row.get::<_, i64>(0)?,
                row.get::<_, String>(1)?,
                row.get::<_, String>(2)?,
                row.get::<_, bool>(3)?,
                row.get::<_, i64>(4)?,
                row.get::<_, Option<i64>>(5)?,
            ))
        })
        .optional()?;
    let Some((rep, rep_name, text, private, link, when)) = row else {
        return Ok(None);
    };
    Ok(Some(Hit {
        kind,
        rep: RepId(rep),
        rep_name,
        when: when.and_then(|w| entry.date_of(w)),
        text,
        private,
        link,
    }))
}
