//! The reads behind each screen: the app's own code (store functions, the in-memory log,
//! the skill model) beside bare SQL that reads the same rows on the same connection, the
//! floor no cache-less implementation can go under. Settings reads only the backups folder
//! and is left out.

use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};
use coachbook::domain::observation_query::{ObservationFilter, RatingFilter};
use coachbook::domain::schedule::OccurrenceKey;
use coachbook::model::{Caches, ObservationLog, QueryJob, TableId, compute_gaps, query_now};
use coachbook::store::{self, Store};
use coachbook::ui::{CalendarMode, Screen, UiState};
use rusqlite::Connection;

use super::frames::Subject;
use super::stats::Figure;

/// One screen's reads: the app's time and the bare SQL's.
pub struct Pair {
    pub name: &'static str,
    pub app: Figure,
    pub bare: Figure,
}

/// Runs every statement and reads every column of every row, as a caller must.
fn bare(conn: &Connection, statements: &[(&str, &[i64])]) {
    for (sql, params) in statements {
        let mut stmt = conn.prepare_cached(sql).expect("bare SQL prepares");
        let columns = stmt.column_count();
        let mut rows = stmt
            .query(rusqlite::params_from_iter(params.iter()))
            .expect("bare SQL runs");
        while let Some(row) = rows.next().expect("a row") {
            for i in 0..columns {
                std::hint::black_box(row.get_ref(i).expect("a column"));
            }
        }
    }
}

/// The instants the screen opened by `open` shows, as the app computes them.
fn window(now: DateTime<Utc>, open: impl Fn(&mut UiState)) -> (DateTime<Utc>, DateTime<Utc>) {
    let mut state = UiState::default();
    open(&mut state);
    state
        .wanted_window(now.date_naive())
        .expect("the screen shows a stretch of the schedule")
}

/// The sessions of a window, by start or by slot, each searched on an index.
const SESSIONS_BETWEEN: &str = "SELECT * FROM sessions
     WHERE (start_utc_ms >= ?1 AND start_utc_ms < ?2)
        OR (cadence_id IN (SELECT id FROM cadences)
            AND occurrence_utc_ms >= ?1 AND occurrence_utc_ms < ?2)
     ORDER BY start_utc_ms";
const SUMMARIES: &str =
    "SELECT id, observed_day, rep_id, skill_id, rating, context, shared, account
     FROM observations";

pub fn measure(store: &Store, subject: Subject, now: DateTime<Utc>, runs: usize) -> Vec<Pair> {
    let conn = store.conn();
    let today = now.date_naive();
    let ms = |t: DateTime<Utc>| t.timestamp_millis();
    let log = Arc::new(ObservationLog::load(conn).expect("log"));
    let mut caches = Caches::load(store, now).expect("caches");
    let lookups = caches.lookups();
    let job = |filter: ObservationFilter| QueryJob {
        table: TableId::Log,
        generation: 0,
        log: log.clone(),
        filter,
        sort: Default::default(),
        lookups: lookups.clone(),
    };
    let rep = subject.rep.0;
    let session = match subject.session {
        OccurrenceKey::Stored(id) => id.0,
        OccurrenceKey::Slot { .. } => panic!("the session measured is a stored one"),
    };
    let home = window(now, |s| s.screen = Screen::Home);
    let week = window(now, |s| s.screen = Screen::Calendar);
    let month = window(now, |s| {
        s.screen = Screen::Calendar;
        s.calendar.mode = CalendarMode::Month;
    });
    let roster_from = ms(now - Duration::days(coachbook::domain::schedule::COVERAGE_DAYS));
    let roster_to = ms(now + Duration::days(70));
    // The file keeps dates as days since 1970-01-01.
    let due = (today + Duration::days(7) - chrono::NaiveDate::default()).num_days();

    let mut pairs = Vec::new();
    let mut pair = |name, mut app: Box<dyn FnMut() + '_>, statements: &[(&str, &[i64])]| {
        app();
        bare(conn, statements);
        pairs.push(Pair {
            name,
            app: Figure::wall(runs, &mut app),
            bare: Figure::wall(runs, || bare(conn, statements)),
        });
    };
    pair(
        "start_log",
        Box::new(|| drop(ObservationLog::load(conn).expect("log"))),
        &[(&format!("{SUMMARIES} ORDER BY observed_day, id"), &[])],
    );
    pair(
        "team_roster",
        Box::new(|| drop(Caches::load(store, now).expect("caches"))),
        &[
            ("SELECT * FROM reps", &[]),
            ("SELECT * FROM skills", &[]),
            ("SELECT * FROM role_targets", &[]),
            ("SELECT * FROM rep_targets", &[]),
            ("SELECT * FROM cadences", &[]),
            (
                "SELECT rep_id, count(*) FROM observations GROUP BY rep_id",
                &[],
            ),
            (
                "SELECT rep_id, max(start_utc_ms) FROM sessions WHERE status = 'held' GROUP BY rep_id",
                &[],
            ),
            (SESSIONS_BETWEEN, &[roster_from, roster_to]),
        ],
    );
    let mut calendar = Caches::load(store, now).expect("caches");
    let mut load = move |(from, to): (DateTime<Utc>, DateTime<Utc>)| {
        calendar
            .load_calendar(store, from, to, now)
            .expect("calendar");
    };
    pair(
        "home",
        Box::new(|| {
            load(home);
            store::commitments::open_due_by(conn, today + Duration::days(7)).expect("due");
        }),
        &[
            (SESSIONS_BETWEEN, &[ms(home.0), ms(home.1)]),
            (
                "SELECT * FROM commitments WHERE status = 'open' AND due_day <= ?1 ORDER BY due_day, id",
                &[due],
            ),
        ],
    );
    let calendar_pairs = [("calendar_week", week), ("calendar_month", month)];
    for (name, window) in calendar_pairs {
        let mut calendar = Caches::load(store, now).expect("caches");
        pair(
            name,
            Box::new(move || {
                calendar
                    .load_calendar(store, window.0, window.1, now)
                    .expect("calendar")
            }),
            &[(SESSIONS_BETWEEN, &[ms(window.0), ms(window.1)])],
        );
    }
    let rep_job = job(ObservationFilter {
        rep: Some(subject.rep),
        ..Default::default()
    });
    pair(
        "rep_page",
        Box::new(|| {
            query_now(store, &rep_job).expect("rep query");
            store::commitments::for_rep(conn, subject.rep).expect("commitments");
        }),
        &[
            (
                &format!("{SUMMARIES} WHERE rep_id = ?1 ORDER BY observed_day DESC, id DESC"),
                &[rep],
            ),
            ("SELECT * FROM commitments WHERE rep_id = ?1", &[rep]),
        ],
    );
    let (session_id, rep_only, rep_and_session) = ([session], [rep], [rep, session]);
    // As in the window, the log is in memory when a session opens.
    let mut session_caches = Caches::load(store, now).expect("caches");
    session_caches.log = coachbook::model::LogState::Ready(log.clone());
    // The agenda reads the team's ratings of the skills it works on, for pairing.
    let worked: Vec<[i64; 1]> =
        coachbook::model::session_view::pairing_skills(store, &session_caches, subject.rep, today)
            .expect("skills")
            .into_iter()
            .map(|s| [s.0])
            .collect();
    let mut session_reads: Vec<(&str, &[i64])> = vec![
        ("SELECT * FROM sessions WHERE id = ?1", &session_id),
        (
            "SELECT * FROM session_notes WHERE session_id = ?1",
            &session_id,
        ),
        (
            "SELECT * FROM talking_points WHERE session_id = ?1",
            &session_id,
        ),
        (
            "SELECT * FROM observations WHERE session_id = ?1",
            &session_id,
        ),
        (
            "SELECT * FROM commitments
             WHERE rep_id = ?1 AND (status = 'open' OR session_id = ?2)",
            &rep_and_session,
        ),
        (
            "SELECT skill_id, observed_day, rating FROM observations WHERE rep_id = ?1",
            &rep_only,
        ),
    ];
    for skill in &worked {
        session_reads.push((
            "SELECT rep_id, observed_day, rating FROM observations WHERE skill_id = ?1",
            skill,
        ));
    }
    pair(
        "session",
        Box::new(|| {
            coachbook::model::session_view::load(
                store,
                &session_caches,
                subject.rep,
                subject.session,
                now,
                today,
            )
            .expect("session");
        }),
        &session_reads,
    );
    let filtered = job(ObservationFilter {
        rating: RatingFilter::Level(2),
        ..Default::default()
    });
    pair(
        "observations_filtered",
        Box::new(|| drop(query_now(store, &filtered).expect("query"))),
        &[(
            &format!("{SUMMARIES} WHERE rating = 2 ORDER BY observed_day DESC, id DESC"),
            &[],
        )],
    );
    caches.log = coachbook::model::LogState::Ready(log.clone());
    let half_life = f64::from(store::meta::half_life_days(conn).expect("half-life"));
    pair(
        "skill_gaps",
        Box::new(|| drop(compute_gaps(&log, &caches, today, half_life))),
        &[(
            "SELECT rep_id, skill_id, count(rating), avg(rating) FROM observations
             GROUP BY rep_id, skill_id",
            &[],
        )],
    );
    pairs
}
