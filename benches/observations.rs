//! The Observations and Skill gaps screens on ten years of a 50-rep team: the time of each
//! filter query, the heat map and one rep's trends (beside the bare SQL aggregate), and the
//! time of each frame while the screens are open, filtered or hovered.
//!
//!     cargo bench --bench observations
//!
//! It writes `target/bench-large.db` (about 500,000 observations) the first time, or uses
//! the file named by COACHBOOK_BENCH_DB. Figures are medians and 95th percentiles over
//! repeated runs; budgets: a query under 30 ms, a frame under 4 ms.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use coachbook::app::{App, ObservationLog, QueryJob, TableId, query_now};
use coachbook::clock::FixedClock;
use coachbook::demo::{self, DemoSize};
use coachbook::domain::Bucket;
use coachbook::domain::observation::Visibility;
use coachbook::domain::observation_query::{ObservationFilter, RatingFilter, Sort, SortKey};
use coachbook::store::Store;
use coachbook::ui::Screen;
use egui_kittest::Harness;

const RUNS: usize = 15;

fn now() -> chrono::DateTime<chrono::Utc> {
    coachbook::cli::fixed_now(NaiveDate::from_ymd_opt(2026, 11, 20).unwrap_or_default())
}

fn data_file() -> PathBuf {
    if let Ok(path) = std::env::var("COACHBOOK_BENCH_DB") {
        return PathBuf::from(path);
    }
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-large.db");
    if !path.exists() {
        eprintln!("writing {} (once)...", path.display());
        let started = Instant::now();
        let mut store = Store::open(&path).expect("the bench file opens");
        let summary = demo::generate_sized(&mut store, 1, now(), DemoSize::Large).expect("demo");
        eprintln!("  {summary:?} in {:.1} s", started.elapsed().as_secs_f64());
    }
    path
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// Median and 95th percentile, in milliseconds.
fn stats(mut samples: Vec<f64>) -> (f64, f64) {
    samples.sort_by(f64::total_cmp);
    let at = |q: f64| samples[((samples.len() - 1) as f64 * q).round() as usize];
    (at(0.5), at(0.95))
}

fn main() {
    let path = data_file();
    let store = Store::open(&path).expect("open");
    let count: i64 = store
        .conn()
        .query_row("SELECT count(*) FROM observations", [], |r| r.get(0))
        .expect("count");
    println!("data file: {} ({count} observations)", path.display());

    let started = Instant::now();
    let log = Arc::new(ObservationLog::load(store.conn()).expect("log"));
    println!(
        "loading the in-memory log (off the frame, once): {:.0} ms",
        ms(started.elapsed())
    );

    let app = App::new(
        Store::open(&path).expect("open"),
        Box::new(FixedClock(now())),
    )
    .expect("app");
    let lookups = app.caches().lookups();
    let rep = app.caches().roster[7].rep.id;
    let skill = app.caches().framework.skills[5].id;
    let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d);
    let filters: Vec<(&str, ObservationFilter, Sort)> = vec![
        (
            "no filter, newest first",
            ObservationFilter::default(),
            Sort::default(),
        ),
        (
            "one rep",
            ObservationFilter {
                rep: Some(rep),
                ..Default::default()
            },
            Sort::default(),
        ),
        (
            "one bucket",
            ObservationFilter {
                bucket: Some(Bucket::Customer),
                ..Default::default()
            },
            Sort::default(),
        ),
        (
            "one skill",
            ObservationFilter {
                skill: Some(skill),
                ..Default::default()
            },
            Sort::default(),
        ),
        (
            "rating 2",
            ObservationFilter {
                rating: RatingFilter::Level(2),
                ..Default::default()
            },
            Sort::default(),
        ),
        (
            "one quarter",
            ObservationFilter {
                from: day(2026, 4, 1),
                to: day(2026, 6, 30),
                ..Default::default()
            },
            Sort::default(),
        ),
        (
            "account contains",
            ObservationFilter {
                account: "harbor".into(),
                ..Default::default()
            },
            Sort::default(),
        ),
        (
            "private only",
            ObservationFilter {
                visibility: Some(Visibility::Private),
                ..Default::default()
            },
            Sort::default(),
        ),
        (
            "search a common word",
            ObservationFilter {
                text: "pricing".into(),
                ..Default::default()
            },
            Sort::default(),
        ),
        (
            "search two words",
            ObservationFilter {
                text: "agenda meeting".into(),
                ..Default::default()
            },
            Sort::default(),
        ),
        (
            "rep + bucket + rating",
            ObservationFilter {
                rep: Some(rep),
                bucket: Some(Bucket::Selling),
                rating: RatingFilter::Level(3),
                ..Default::default()
            },
            Sort::default(),
        ),
        (
            "no filter, sort by rep",
            ObservationFilter::default(),
            Sort {
                key: SortKey::Rep,
                descending: false,
            },
        ),
        (
            "no filter, sort by account",
            ObservationFilter::default(),
            Sort {
                key: SortKey::Account,
                descending: false,
            },
        ),
        (
            "no filter, sort by evidence",
            ObservationFilter::default(),
            Sort {
                key: SortKey::Evidence,
                descending: false,
            },
        ),
    ];
    println!("\nfilter query (the app's query thread; median / p95 over {RUNS} runs)");
    let mut worst = 0.0f64;
    for (name, filter, sort) in &filters {
        let job = QueryJob {
            table: TableId::Log,
            generation: 0,
            log: log.clone(),
            filter: filter.clone(),
            sort: *sort,
            lookups: lookups.clone(),
        };
        let mut samples = Vec::new();
        let mut rows = 0;
        for _ in 0..RUNS {
            let started = Instant::now();
            rows = query_now(&store, &job).expect("query").len();
            samples.push(ms(started.elapsed()));
        }
        let (median, p95) = stats(samples);
        worst = worst.max(p95);
        println!("  {name:<30} {rows:>7} rows  {median:>7.2} ms  {p95:>7.2} ms");
    }
    println!("  worst p95: {worst:.2} ms (budget 30 ms)");

    frames(&path);
    gaps_figures(&path);
}

/// Frame cost of the Observations screen: egui's pass plus tessellation, headless, with
/// the real App, while idle and while a filter changes on every frame.
fn frames(path: &std::path::Path) {
    let store = Store::open(path).expect("open");
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .build_eframe(move |cc| {
            App::from_creation(cc, store, Box::new(FixedClock(now()))).expect("app")
        });
    harness.state_mut().ui_state_mut().screen = Screen::Observations;
    let deadline = Instant::now() + Duration::from_secs(30);
    while harness.state().is_busy() || harness.state().caches().tables.is_empty() {
        harness.step();
        std::thread::sleep(Duration::from_millis(2));
        assert!(Instant::now() < deadline, "the log did not load");
    }
    let frame = |harness: &mut Harness<'_, App>| -> f64 {
        let started = Instant::now();
        harness.step();
        let output = harness.output().shapes.clone();
        let _ = harness.ctx.tessellate(output, 1.0);
        ms(started.elapsed())
    };
    for _ in 0..10 {
        frame(&mut harness);
    }
    let idle: Vec<f64> = (0..200).map(|_| frame(&mut harness)).collect();
    let (median, p95) = stats(idle);
    println!(
        "\nframe, Observations screen open (200 frames): median {median:.2} ms, p95 {p95:.2} ms (budget 4 ms)"
    );

    let ratings = [
        RatingFilter::Any,
        RatingFilter::Level(2),
        RatingFilter::Level(4),
        RatingFilter::NotObserved,
    ];
    let mut changing = Vec::new();
    let mut query_ms = Vec::new();
    for i in 0..120 {
        harness.state_mut().ui_state_mut().observations.form.rating = ratings[i % ratings.len()];
        changing.push(frame(&mut harness));
        // Keep drawing while the query thread answers, as the window would.
        while harness.state().is_busy() {
            changing.push(frame(&mut harness));
            std::thread::sleep(Duration::from_millis(1));
        }
        if let Some(table) = harness.state().caches().table(TableId::Log) {
            query_ms.push(table.last_query_ms);
        }
    }
    let (median, p95) = stats(changing.clone());
    let max = changing.iter().copied().fold(0.0, f64::max);
    println!(
        "frame, while the rating filter changes (120 changes, {} frames): median {median:.2} ms, p95 {p95:.2} ms, max {max:.2} ms",
        changing.len()
    );
    let (median, p95) = stats(query_ms);
    println!("  the query thread meanwhile: median {median:.2} ms, p95 {p95:.2} ms");
}

/// The Skill gaps figures on the same file: the whole heat map, one rep's trends, and
/// the bare SQL aggregate over the same rows as the physical floor.
pub fn gaps_figures(path: &std::path::Path) {
    let store = Store::open(path).expect("open");
    let log = ObservationLog::load(store.conn()).expect("log");
    let app = App::new(
        Store::open(path).expect("open"),
        Box::new(FixedClock(now())),
    )
    .expect("app");
    let as_of = now().date_naive();
    let mut map_ms = Vec::new();
    let mut map = None;
    for _ in 0..RUNS {
        let started = Instant::now();
        map = Some(coachbook::app::compute_gaps(
            &log,
            app.caches(),
            as_of,
            90.0,
        ));
        map_ms.push(ms(started.elapsed()));
    }
    let map = map.expect("a heat map");
    let mut sql_ms = Vec::new();
    for _ in 0..RUNS {
        let started = Instant::now();
        let mut stmt = store
            .conn()
            .prepare_cached("SELECT rep_id, skill_id, count(rating), avg(rating) FROM observations GROUP BY rep_id, skill_id")
            .expect("sql");
        let n = stmt
            .query_map([], |r| r.get::<_, i64>(2))
            .expect("rows")
            .count();
        assert!(n > 0);
        sql_ms.push(ms(started.elapsed()));
    }
    let rep = map.reps[3];
    let mut trend_ms = Vec::new();
    for _ in 0..RUNS {
        let started = Instant::now();
        let selling: Vec<_> = map
            .skills
            .iter()
            .filter(|(b, _)| *b == coachbook::domain::Bucket::Selling)
            .map(|(_, s)| *s)
            .collect();
        let _ = coachbook::app::skill_trends(&log, rep, &selling, as_of, 90.0);
        trend_ms.push(ms(started.elapsed()));
    }
    let (map_median, map_p95) = stats(map_ms);
    let (sql_median, sql_p95) = stats(sql_ms);
    let (trend_median, trend_p95) = stats(trend_ms);
    println!(
        "\nheat map, {} reps x {} skills: median {map_median:.1} ms, p95 {map_p95:.1} ms (budget 50 ms); bare SQL GROUP BY: median {sql_median:.1} ms, p95 {sql_p95:.1} ms; ratio {:.2}",
        map.reps.len(),
        map.skills.len(),
        map_median / sql_median
    );
    println!(
        "one rep's trends (a bucket's skills, a year of weekly levels): median {trend_median:.2} ms, p95 {trend_p95:.2} ms (budget 5 ms)"
    );

    let (median, p95) = hover_frames_plain(path);
    println!(
        "frame, hovering the heat map (200 frames, no screen reader): median {median:.2} ms, p95 {p95:.2} ms (budget 4 ms)"
    );
    let (median, p95) = hover_frames_kittest(path);
    println!(
        "  the same with the accessibility tree built and read (kittest): median {median:.2} ms, p95 {p95:.2} ms"
    );
}

/// A pointer position over the heat map's cells for frame `i`.
fn hover_pos(i: usize) -> egui::Pos2 {
    egui::pos2(
        420.0 + (i % 40) as f32 * 24.0,
        260.0 + (i / 40) as f32 * 24.0,
    )
}

/// Frames as eframe runs them when no screen reader is on: the app's `ui` on a bare
/// context, then tessellation; nothing else is timed.
fn hover_frames_plain(path: &std::path::Path) -> (f64, f64) {
    use eframe::App as _;
    let ctx = egui::Context::default();
    let creation = eframe::CreationContext::_new_kittest(ctx.clone());
    let mut app = App::from_creation(
        &creation,
        Store::open(path).expect("open"),
        Box::new(FixedClock(now())),
    )
    .expect("app");
    let mut frame = eframe::Frame::_new_kittest();
    app.ui_state_mut().screen = Screen::Gaps;
    let screen = egui::Rect::from_min_size(egui::Pos2::ZERO, egui::vec2(1600.0, 1000.0));
    let run = |app: &mut App, frame: &mut eframe::Frame, events: Vec<egui::Event>| {
        let input = egui::RawInput {
            screen_rect: Some(screen),
            events,
            ..Default::default()
        };
        let started = Instant::now();
        let output = ctx.run_ui(input, |ui| app.ui(ui, frame));
        let _ = ctx.tessellate(output.shapes, 1.0);
        ms(started.elapsed())
    };
    let deadline = Instant::now() + Duration::from_secs(30);
    while app.caches().gaps.is_none() {
        run(&mut app, &mut frame, Vec::new());
        std::thread::sleep(Duration::from_millis(2));
        assert!(Instant::now() < deadline, "the heat map did not appear");
    }
    let frames = (0..200)
        .map(|i| {
            run(
                &mut app,
                &mut frame,
                vec![egui::Event::PointerMoved(hover_pos(i))],
            )
        })
        .collect();
    stats(frames)
}

/// The same frames under kittest, which builds the AccessKit tree every frame and reads
/// it back: what a screen reader user's frame costs, plus the harness's own share.
fn hover_frames_kittest(path: &std::path::Path) -> (f64, f64) {
    let store = Store::open(path).expect("open");
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1600.0, 1000.0))
        .build_eframe(move |cc| {
            App::from_creation(cc, store, Box::new(FixedClock(now()))).expect("app")
        });
    harness.state_mut().ui_state_mut().screen = Screen::Gaps;
    let deadline = Instant::now() + Duration::from_secs(30);
    while harness.state().caches().gaps.is_none() {
        harness.step();
        std::thread::sleep(Duration::from_millis(2));
        assert!(Instant::now() < deadline, "the heat map did not appear");
    }
    let mut frames = Vec::new();
    for i in 0..200 {
        harness.hover_at(hover_pos(i));
        let started = Instant::now();
        harness.step();
        let shapes = harness.output().shapes.clone();
        let _ = harness.ctx.tessellate(shapes, 1.0);
        frames.push(ms(started.elapsed()));
    }
    stats(frames)
}
