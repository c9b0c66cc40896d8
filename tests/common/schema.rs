//! A data file's schema and rows as plain text, to compare files across versions.

use std::collections::BTreeMap;

use coachbook::store;
use rusqlite::Connection;
use rusqlite::types::ValueRef;

/// Tables by name, each with its columns as `name type notnull default pk`.
pub type Tables = BTreeMap<String, Vec<String>>;

/// The tables of a file.
pub fn schema(conn: &Connection) -> Tables {
    let names: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    names
        .into_iter()
        .map(|table| {
            let columns = conn
                .prepare(
                    "SELECT name, type, \"notnull\", dflt_value, pk FROM pragma_table_xinfo(?1)",
                )
                .unwrap()
                .query_map([&table], |r| {
                    Ok(format!(
                        "{} {} {} {:?} {}",
                        r.get::<_, String>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, i64>(2)?,
                        r.get::<_, Option<String>>(3)?,
                        r.get::<_, i64>(4)?
                    ))
                })
                .unwrap()
                .map(Result::unwrap)
                .collect();
            (table, columns)
        })
        .collect()
}

/// The indexes and triggers of a file, by name.
pub fn other_objects(conn: &Connection) -> Vec<String> {
    conn.prepare(
        "SELECT type || ' ' || name FROM sqlite_schema
         WHERE type IN ('index', 'trigger') AND name NOT LIKE 'sqlite_%' ORDER BY name",
    )
    .unwrap()
    .query_map([], |r| r.get(0))
    .unwrap()
    .map(Result::unwrap)
    .collect()
}

/// The search index's own tables hold words, not rows of the data file.
fn is_index_table(table: &str) -> bool {
    table.starts_with("observations_fts") || table.starts_with("search_")
}

/// Every row of the tables of `columns`, reading only those columns.
pub fn rows(conn: &Connection, columns: &Tables) -> Vec<String> {
    let mut out = Vec::new();
    for (table, described) in columns.iter().filter(|(t, _)| !is_index_table(t)) {
        let names: Vec<String> = described
            .iter()
            .map(|c| format!("\"{}\"", c.split(' ').next().unwrap()))
            .collect();
        let order: Vec<String> = (1..=names.len()).map(|i| i.to_string()).collect();
        let sql = format!(
            "SELECT {} FROM \"{table}\" ORDER BY {}",
            names.join(", "),
            order.join(", ")
        );
        let mut stmt = conn.prepare(&sql).unwrap();
        let width = stmt.column_count();
        let found = stmt
            .query_map([], |row| {
                let values: Vec<String> = (0..width)
                    .map(|i| match row.get_ref(i).unwrap() {
                        ValueRef::Text(b) => format!("{:?}", String::from_utf8_lossy(b)),
                        other => format!("{other:?}"),
                    })
                    .collect();
                Ok(format!("{table}: {}", values.join(" | ")))
            })
            .unwrap();
        out.extend(found.map(Result::unwrap));
    }
    out
}

/// Columns and tables that the file has and `older` lacks hold nothing yet.
pub fn added_parts_are_empty(conn: &Connection, older: &Tables) {
    for (table, columns) in schema(conn) {
        if is_index_table(&table) {
            continue;
        }
        let Some(old) = older.get(&table) else {
            let n: i64 = conn
                .query_row(&format!("SELECT count(*) FROM \"{table}\""), [], |r| {
                    r.get(0)
                })
                .unwrap();
            assert_eq!(n, 0, "the new table {table} holds rows");
            continue;
        };
        for column in columns.iter().filter(|c| !old.contains(c)) {
            let name = column.split(' ').next().unwrap();
            let n: i64 = conn
                .query_row(
                    &format!("SELECT count(*) FROM \"{table}\" WHERE \"{name}\" IS NOT NULL"),
                    [],
                    |r| r.get(0),
                )
                .unwrap();
            assert_eq!(n, 0, "the new column {table}.{name} holds values");
        }
    }
}

/// From version 2 on, the evidence search finds exactly the observations whose text has
/// the word: the index was built over every row that was there.
pub fn search_covers_every_row(conn: &Connection) {
    let hits = store::observations::search(conn, "\"discovery\"*").unwrap();
    let expected: i64 = conn
        .query_row(
            "SELECT count(*) FROM observations
             WHERE evidence LIKE '%discovery%' OR account LIKE '%discovery%'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(expected > 0);
    assert_eq!(
        hits.len() as i64,
        expected,
        "the search index is incomplete"
    );
}

/// From version 8 on (and after an upgrade to it), the search over everything finds the
/// texts of every kind the file holds: a rep's name, a session note, an observation.
pub fn everything_is_searchable(conn: &Connection) {
    use coachbook::domain::search::Group;
    let (name, note): (String, String) = conn
        .query_row(
            "SELECT (SELECT name FROM reps ORDER BY id LIMIT 1),
                    (SELECT shared_text FROM session_notes WHERE shared_text <> ''
                     ORDER BY session_id LIMIT 1)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    for (text, group) in [
        (name.as_str(), Group::Reps),
        (note.as_str(), Group::Notes),
        ("discovery", Group::Observations),
    ] {
        let query = store::search::Query {
            text: text.into(),
            rep: None,
            per_group: 5,
        };
        let found = store::search::find(conn, &query).unwrap();
        assert!(
            found
                .groups
                .iter()
                .any(|(g, hits, _)| *g == group && !hits.is_empty()),
            "{text:?} is not found among the {group:?}"
        );
    }
}

pub fn integrity_ok(conn: &Connection) {
    let result: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(result, "ok");
}

pub fn version_of(conn: &Connection) -> i64 {
    conn.pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap()
}
