//! Issue 9's one measurement: start-up, every screen's frame, the reads behind each screen,
//! saving an observation, the exports and peak memory, on a large data file and on an
//! empty one, printed as one JSON object with each budget and whether it is met. Frames are
//! also drawn on the large team's last quarter alone, which fills every screen as the large
//! file does, to tell the cost of ten years apart from the cost of a full screen.
//!
//! `benches/perf.rs` runs it on ten years of a 50-rep team; `tests/perf.rs` runs it on the
//! small demo file with few repetitions, so the suite keeps it working.

mod encryption;
mod frames;
mod headless;
mod imports;
mod queries;
mod search;
mod setup;
mod startup;
mod stats;
mod writes;

use std::path::PathBuf;

use chrono::Utc;
use coachbook::store::Store;
use serde_json::{Map, Value, json};

use frames::Subject;
use headless::Headless;
use stats::{Figure, ratio, round};

pub struct Config {
    /// The large data file; it is upgraded and given a fresh backup when it needs one.
    pub large: PathBuf,
    /// The `coachbook` binary whose window start-up is measured.
    pub binary: PathBuf,
    /// A scratch folder: the empty data file and the exported files go there.
    pub work: PathBuf,
    /// Repetitions of each start-up, read, save and export.
    pub runs: usize,
    /// Frames timed on each screen.
    pub frames: usize,
    /// Lines of the roster whose check and import are timed.
    pub roster_lines: usize,
}

/// What one data file measured inside this process.
struct InProcess {
    frames: Vec<(&'static str, Figure)>,
    queries: Vec<queries::Pair>,
    save: Figure,
    report: Figure,
    ics: Figure,
    /// Every plan's figures and the team's view.
    plans: Figure,
    plan_count: usize,
    /// Issue 18: one search over everything, as typed.
    search: Figure,
}

pub fn run(config: &Config) -> Value {
    let now = Utc::now();
    std::fs::create_dir_all(&config.work).expect("the scratch folder");
    let empty = config.work.join("empty.db");
    let quarter = config.work.join("quarter.db");
    let large = setup::large(&config.large, now);
    let small = setup::empty(&empty, now);
    let last_quarter = setup::quarter(&quarter, now);

    let display = startup::Display::open();
    let start_large = startup::measure(&config.binary, &display, &config.large, config.runs);
    let start_empty = startup::measure(&config.binary, &display, &empty, config.runs);
    drop(display);

    let on_large = in_process(&config.large, large, config, now);
    let bench_peak_mb = stats::own_peak_mb();
    let on_empty = in_process(&empty, small, config, now);
    // The large file again, its frames taking turns with the quarter's: the budget is
    // their ratio, which figures measured minutes apart make swing by half.
    let side_by_side = frames::measure_side_by_side(
        (&mut settled(&config.large, now), large),
        (&mut settled(&quarter, now), last_quarter),
        config.frames,
    );
    let encrypted = encryption::measure(&config.large, &config.work, large, now, config.runs);
    let imports = imports::measure(
        &config.binary,
        &config.large,
        &config.work,
        config.roster_lines,
    );

    let mut frame_cpu = Map::new();
    let mut budgets = vec![
        below(
            "first_frame.large.median_ms < 400",
            start_large.first_frame.median,
            400.0,
        ),
        at_most(
            "first_frame.ratio <= 1.5",
            ratio(
                start_large.first_frame.median,
                start_empty.first_frame.median,
            ),
            1.5,
        ),
    ];
    let screens = on_large
        .frames
        .iter()
        .zip(&on_empty.frames)
        .zip(&side_by_side);
    for (((name, l), (_, e)), (_, l_turns, q)) in screens {
        let r = ratio(l.median, e.median);
        let to_quarter = ratio(l_turns.median, q.median);
        frame_cpu.insert(
            (*name).into(),
            json!({
                "large": l.json(),
                "empty": e.json(),
                "large_beside_quarter": l_turns.json(),
                "quarter": q.json(),
                "ratio": r,
                "ratio_to_quarter": to_quarter,
            }),
        );
        // The frame budget (issue 9, restated in issue 16): ten years cost no more than
        // the same team's last quarter, within 1.5 x. Against an empty file the ratio is
        // reported (`ratio`), not budgeted: an empty screen draws a sentence, a full one a
        // screenful.
        budgets.push(at_most(
            &format!("frame_cpu.{name}.ratio_to_quarter <= 1.5"),
            to_quarter,
            1.5,
        ));
        budgets.push(below(
            &format!("frame_cpu.{name}.large.p95_ms < 4"),
            l.p95,
            4.0,
        ));
    }
    // Issue 17: the coaching plan, its figures computed off the frame, never costs a
    // frame over a millisecond.
    if let Some((_, plan_tab)) = on_large.frames.iter().find(|(n, _)| *n == "rep_plan") {
        budgets.push(below(
            "frame_cpu.rep_plan.large.p95_ms < 1",
            plan_tab.p95,
            1.0,
        ));
    }
    let mut reads = Map::new();
    for pair in &on_large.queries {
        let r = ratio(pair.app.median, pair.bare.median);
        reads.insert(
            pair.name.into(),
            json!({ "app": pair.app.json(), "bare_sql": pair.bare.json(), "ratio": r }),
        );
        budgets.push(at_most(
            &format!("queries.{}.ratio <= 2", pair.name),
            r,
            2.0,
        ));
    }
    budgets.push(below(
        "plan_figures.large.p95_ms < 100",
        on_large.plans.p95,
        100.0,
    ));
    budgets.push(below("search.large.p95_ms < 50", on_large.search.p95, 50.0));
    budgets.push(below(
        "save_observation.large.p95_ms < 25",
        on_large.save.p95,
        25.0,
    ));
    budgets.push(below(
        "peak_memory_mb.window_large < 200",
        start_large.peak_mb,
        200.0,
    ));
    budgets.extend(import_budgets(&imports));
    budgets.extend(encrypted.1);
    let all_met = budgets.iter().all(|b| b["met"] == Value::Bool(true));

    json!({
        "measured_at": now.to_rfc3339(),
        "machine": setup::machine(),
        "runs": config.runs,
        "frames_per_screen": config.frames,
        "data": {
            "large": setup::describe(&config.large),
            "empty": setup::describe(&empty),
            "quarter": setup::describe(&quarter),
        },
        "first_frame": {
            "large": start_large.first_frame.json(),
            "empty": start_empty.first_frame.json(),
            "ratio": ratio(start_large.first_frame.median, start_empty.first_frame.median),
        },
        "settled": {
            "large": start_large.settled.json(),
            "empty": start_empty.settled.json(),
            "ratio": ratio(start_large.settled.median, start_empty.settled.median),
        },
        "frame_cpu": frame_cpu,
        "queries": reads,
        "save_observation": { "large": on_large.save.json(), "empty": on_empty.save.json() },
        "plan_figures": {
            "large": on_large.plans.json(),
            "empty": on_empty.plans.json(),
            "plans_on_large": on_large.plan_count,
        },
        "search": { "large": on_large.search.json(), "empty": on_empty.search.json() },
        "exports": {
            "rep_report": { "large": on_large.report.json(), "empty": on_empty.report.json() },
            "team_ics": { "large": on_large.ics.json(), "empty": on_empty.ics.json() },
        },
        "peak_memory_mb": {
            "window_large": round(start_large.peak_mb),
            "window_empty": round(start_empty.peak_mb),
            "bench_process_after_large": bench_peak_mb,
        },
        "imports": imports.json(),
        "encryption": encrypted.0,
        "budgets": budgets,
        "all_budgets_met": all_met,
    })
}

/// Issue 14's figures: a 100,000-line roster checked and imported in under 5 s, every
/// import under 200 MB, an oversized file refused at once; a run that failed (or an
/// oversized file that was not refused) misses its budget whatever it measured.
fn import_budgets(imports: &imports::Imports) -> Vec<Value> {
    let ok = |run: &imports::Run, value: f64| if run.ok { value } else { f64::INFINITY };
    let refused = |run: &imports::Run, value: f64| if run.ok { f64::INFINITY } else { value };
    vec![
        below(
            &format!(
                "imports.roster.check_and_import_ms ({} lines) < 5000",
                imports.roster_lines
            ),
            ok(&imports.roster_import, imports.roster_import.ms),
            5000.0,
        ),
        below(
            "imports.peak_mb (roster, archive of the large file) < 200",
            ok(&imports.roster_import, imports.roster_import.peak_mb)
                .max(ok(&imports.roster_check, imports.roster_check.peak_mb))
                .max(ok(&imports.archive_import, imports.archive_import.peak_mb)),
            200.0,
        ),
        below(
            "imports.refused.archive_300_mb.ms < 1000",
            refused(&imports.oversized_archive, imports.oversized_archive.ms),
            1000.0,
        ),
        below(
            "imports.refused.peak_mb < 200",
            refused(
                &imports.oversized_archive,
                imports.oversized_archive.peak_mb,
            )
            .max(refused(
                &imports.oversized_roster,
                imports.oversized_roster.peak_mb,
            )),
            200.0,
        ),
    ]
}

/// A budget of the form "under `limit`".
fn below(name: &str, value: f64, limit: f64) -> Value {
    json!({ "budget": name, "value": round(value), "met": value < limit })
}

/// A budget of the form "at most `limit`" (the ratios).
fn at_most(name: &str, value: f64, limit: f64) -> Value {
    json!({ "budget": name, "value": value, "met": value <= limit })
}

/// Every plan's progress and effectiveness, and the team's view, from the loaded log: the
/// work the query thread does whenever plans, ratings or the day change.
fn plan_figures(app: &coachbook::app::App, now: chrono::DateTime<Utc>, runs: usize) -> Figure {
    let caches = app.caches();
    let log = caches.log.log().expect("the log is loaded");
    let reps: Vec<_> = caches.active_reps().into_iter().map(|(id, _)| id).collect();
    let key = coachbook::model::plan_figures::PlanKey {
        log_version: 0,
        plans_version: 0,
        today: now.date_naive(),
        half_life_days: 90,
    };
    Figure::wall(runs, || {
        std::hint::black_box(coachbook::model::plan_figures::compute(
            key,
            log,
            &caches.plans,
            &reps,
        ));
    })
}

/// The app on `path`, with nothing left loading.
fn settled(path: &std::path::Path, now: chrono::DateTime<Utc>) -> Headless {
    let mut app = Headless::new(Store::open(path).expect("the data file opens"), now);
    app.settle();
    app
}

/// Frames of every screen, the reads behind them, a save and the exports, on one file.
fn in_process(
    path: &std::path::Path,
    subject: Subject,
    config: &Config,
    now: chrono::DateTime<Utc>,
) -> InProcess {
    let mut app = settled(path, now);
    let frames = frames::measure(&mut app, subject, config.frames);
    let save = writes::save_observation(&mut app.app, subject, now, config.runs);
    // The app holds the writer lock; the reads run on a connection of their own.
    let store = Store::open_read_only(path).expect("a second connection");
    let queries = queries::measure(&store, subject, now, config.runs);
    let report = writes::report(
        &store,
        subject,
        now,
        &config.work.join("report.html"),
        config.runs,
    );
    let ics = writes::team_ics(&store, now, &config.work.join("team.ics"), config.runs);
    let plans = plan_figures(&app.app, now, config.runs);
    let plan_count = app.app.caches().plans.len();
    let search = search::measure(&store, config.runs);
    InProcess {
        frames,
        queries,
        save,
        report,
        ics,
        plans,
        plan_count,
        search,
    }
}
