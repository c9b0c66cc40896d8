//! Private things never reach the organization's server. Every text column of the data
//! file that is not published (private notes, preparation, talking points, skip notes,
//! busy time, prompts, the rep's answers...) and every published text of a private row
//! (private observations and plans) is filled with a canary; after joining and publishing,
//! no column of any table of the server holds one. A shared marker, written the same way,
//! does arrive: the search would find a canary if one had leaked.

mod common;

use std::collections::BTreeSet;

use coachbook::org::people::Person;
use coachbook::store::published;
use common::org::Org;
use rusqlite::Connection;

const CANARY: &str = "CANARY-7c1f";
const SHARED: &str = "SHARED-MARK-7c1f";

/// The file's tables and their text columns.
fn text_columns(conn: &Connection) -> Vec<(String, String)> {
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'table'")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .filter(|t: &String| !t.starts_with("sqlite_") && !t.contains("search"))
        .collect();
    let mut out = Vec::new();
    for table in tables {
        let mut stmt = conn
            .prepare(&format!(
                "SELECT name, type FROM pragma_table_info('{table}')"
            ))
            .unwrap();
        let columns = stmt
            .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))
            .unwrap()
            .map(Result::unwrap);
        for (column, kind) in columns {
            if kind.eq_ignore_ascii_case("TEXT") {
                out.push((table.clone(), column));
            }
        }
    }
    out
}

/// Writes `text` into the column wherever the column's constraints allow it; whether any
/// row took it.
fn fill(conn: &Connection, table: &str, column: &str, filter: &str, text: &str) -> bool {
    let numbered =
        format!("UPDATE \"{table}\" SET \"{column}\" = ?1 || ' ' || rowid WHERE {filter}");
    let plain = format!("UPDATE \"{table}\" SET \"{column}\" = ?1 WHERE {filter}");
    conn.execute(&numbered, [text])
        .or_else(|_| conn.execute(&plain, [text]))
        .is_ok_and(|n| n > 0)
}

/// Canaries in every private place of the demo file; the places filled.
fn plant_canaries(conn: &Connection) -> BTreeSet<String> {
    let published: BTreeSet<(&str, &str)> = published::all_tables()
        .flat_map(|t| t.columns.iter().map(move |(_, local, _)| (t.local, *local)))
        .collect();
    let mut planted = BTreeSet::new();
    for (table, column) in text_columns(conn) {
        if published.contains(&(table.as_str(), column.as_str())) {
            continue;
        }
        if fill(conn, &table, &column, "1", CANARY) {
            planted.insert(format!("{table}.{column}"));
        }
    }
    for (table, column) in [
        ("observations", "evidence"),
        ("observations", "account"),
        ("coaching_plans", "why"),
    ] {
        if fill(conn, table, column, "shared = 0", CANARY) {
            planted.insert(format!("private {table}.{column}"));
        }
        assert!(fill(conn, table, column, "shared = 1", SHARED) || table == "coaching_plans");
    }
    planted
}

/// How many values of the server's tables hold `text`, table by table and column by column.
fn found_on_server(org: &Org, text: &str) -> Vec<String> {
    let mut admin = org.cluster.admin();
    let columns: Vec<(String, String)> = admin
        .query(
            "SELECT table_name::text, column_name::text FROM information_schema.columns
             WHERE table_schema = 'coachbook'",
            &[],
        )
        .unwrap()
        .iter()
        .map(|r| (r.get(0), r.get(1)))
        .collect();
    assert!(
        columns.len() > 60,
        "the server's columns: {}",
        columns.len()
    );
    let mut found = Vec::new();
    for (table, column) in columns {
        let sql = format!(
            "SELECT count(*) FROM coachbook.\"{table}\" WHERE \"{column}\"::text LIKE '%' || $1 || '%'"
        );
        let n: i64 = admin.query_one(&sql, &[&text]).unwrap().get(0);
        if n > 0 {
            found.push(format!("{table}.{column}: {n}"));
        }
    }
    found
}

#[test]
fn no_private_text_reaches_any_column_of_the_server() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("team.db");
    drop(common::demo_store(&path));
    let conn = Connection::open(&path).unwrap();
    conn.execute_batch(
        "INSERT INTO busy_blocks (start_utc_ms, end_utc_ms, title) VALUES (0, 60000, 'x');
         INSERT INTO talking_points (session_id, bucket, text, reason, covered, position)
         SELECT id, 'selling', 'x', 'y', 0, 0 FROM sessions WHERE status = 'held' LIMIT 1;",
    )
    .unwrap();
    let planted = plant_canaries(&conn);
    drop(conn);
    for place in [
        "sessions.skip_note",
        "sessions.purpose",
        "session_notes.private_text",
        "talking_points.text",
        "private observations.evidence",
        "busy_blocks.title",
    ] {
        assert!(planted.contains(place), "no canary in {place}: {planted:?}");
    }

    let org = Org::start();
    org.add("ana", Person::Manager { leader: None });
    let mut store = coachbook::store::Store::open(&path).unwrap();
    org.join(&mut store, "ana");
    org.sync(&mut store);
    org.assert_in_step("ana", store.conn());

    assert_eq!(found_on_server(&org, CANARY), Vec::<String>::new());
    let shared = found_on_server(&org, SHARED);
    assert!(
        shared
            .iter()
            .any(|f| f.starts_with("observations.evidence")),
        "{shared:?}"
    );
}
