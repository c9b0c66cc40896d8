//! The benchmark of `cargo bench --bench perf`, run on the small demo file with few
//! repetitions: it must work and print every figure. No timing is asserted here; the
//! budgets are the benchmark's to check.

mod common;

#[path = "../benches/perf/mod.rs"]
mod perf;

use serde_json::Value;

/// Every number in `value` is finite (serde_json writes NaN as null, which fails too).
fn all_finite(value: &Value, at: &str) {
    match value {
        Value::Null => panic!("{at} is null"),
        Value::Number(n) => assert!(n.as_f64().is_some_and(f64::is_finite), "{at} is {n}"),
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                all_finite(item, &format!("{at}[{i}]"));
            }
        }
        Value::Object(map) => {
            for (key, item) in map {
                all_finite(item, &format!("{at}.{key}"));
            }
        }
        Value::Bool(_) | Value::String(_) => {}
    }
}

fn get<'a>(value: &'a Value, path: &str) -> &'a Value {
    path.split('.').fold(value, |v, key| {
        v.get(key).unwrap_or_else(|| panic!("no {path}"))
    })
}

#[test]
fn the_benchmark_prints_every_figure_as_json() {
    let dir = tempfile::tempdir().unwrap();
    let small = dir.path().join("small.db");
    drop(common::demo_store(&small));
    let config = perf::Config {
        large: small,
        binary: env!("CARGO_BIN_EXE_coachbook").into(),
        work: dir.path().join("work"),
        runs: 2,
        frames: 3,
        roster_lines: 2_000,
    };
    let printed = serde_json::to_string_pretty(&perf::run(&config)).unwrap();
    println!("{printed}");
    let report: Value = serde_json::from_str(&printed).unwrap();
    all_finite(&report, "report");

    let figure = |path: &str| {
        for stat in ["median_ms", "p95_ms"] {
            assert!(
                get(&report, &format!("{path}.{stat}")).is_f64(),
                "{path}.{stat}"
            );
        }
    };
    for section in ["first_frame", "settled"] {
        figure(&format!("{section}.large"));
        figure(&format!("{section}.empty"));
        assert!(get(&report, &format!("{section}.ratio")).is_number());
    }
    let screens = [
        "home",
        "team",
        "rep_page",
        "rep_plan",
        "calendar_week",
        "calendar_month",
        "session",
        "observations_filtered",
        "skill_gaps",
        "settings",
    ];
    for screen in screens {
        figure(&format!("frame_cpu.{screen}.large"));
        figure(&format!("frame_cpu.{screen}.empty"));
        figure(&format!("frame_cpu.{screen}.quarter"));
        assert!(get(&report, &format!("frame_cpu.{screen}.ratio")).is_number());
        assert!(get(&report, &format!("frame_cpu.{screen}.ratio_to_quarter")).is_number());
    }
    let reads = [
        "start_log",
        "team_roster",
        "home",
        "calendar_week",
        "calendar_month",
        "rep_page",
        "session",
        "observations_filtered",
        "skill_gaps",
    ];
    for read in reads {
        figure(&format!("queries.{read}.app"));
        figure(&format!("queries.{read}.bare_sql"));
        assert!(get(&report, &format!("queries.{read}.ratio")).is_number());
    }
    for file in ["large", "empty"] {
        figure(&format!("save_observation.{file}"));
        figure(&format!("plan_figures.{file}"));
        figure(&format!("search.{file}"));
        figure(&format!("exports.rep_report.{file}"));
        figure(&format!("exports.team_ics.{file}"));
    }
    for peak in ["window_large", "window_empty", "bench_process_after_large"] {
        assert!(
            get(&report, &format!("peak_memory_mb.{peak}"))
                .as_f64()
                .unwrap()
                > 0.0
        );
    }
    assert!(get(&report, "data.large.observations").as_i64().unwrap() > 0);
    let budgets = get(&report, "budgets").as_array().unwrap();
    // Two for start-up, two per screen and the coaching plan's one-millisecond frame, one
    // per read, the plans' figures, the search, the save, the memory, four for the
    // imports and two for encryption (reads against plain, the encrypted save).
    assert_eq!(
        budgets.len(),
        2 + 2 * screens.len() + 1 + reads.len() + 4 + 4 + 2
    );
    for read in reads {
        let ratio = get(&report, &format!("encryption.reads.{read}.ratio"));
        assert!(
            ratio.as_f64().is_some_and(f64::is_finite),
            "{read}: {ratio}"
        );
    }
    figure("encryption.save_observation.encrypted");
    figure("encryption.save_observation.plain");
    for (run, succeeds) in [
        ("imports.roster.check", true),
        ("imports.roster.check_and_import", true),
        ("imports.archive_of_large_file.check_and_import", true),
        ("imports.refused.archive_300_mb", false),
        ("imports.refused.roster_over_16_mb", false),
    ] {
        assert_eq!(
            get(&report, &format!("{run}.ok")).as_bool(),
            Some(succeeds),
            "{run}"
        );
        assert!(
            get(&report, &format!("{run}.peak_mb")).as_f64().unwrap() > 0.0,
            "{run}"
        );
        assert!(get(&report, &format!("{run}.ms")).is_number(), "{run}");
    }
    assert!(
        get(&report, "imports.archive_of_large_file.size_mb")
            .as_f64()
            .unwrap()
            > 0.0
    );
    for b in budgets {
        assert!(b["budget"].is_string() && b["value"].is_number() && b["met"].is_boolean());
    }
    assert!(get(&report, "all_budgets_met").is_boolean());
    // The frame budget is against the same team's last quarter, screen by screen.
    for screen in &screens {
        let name = format!("frame_cpu.{screen}.ratio_to_quarter <= 1.5");
        assert!(
            budgets.iter().any(|b| b["budget"] == name.as_str()),
            "{name} is budgeted"
        );
    }
    assert!(get(&report, "data.quarter.reps").as_i64().unwrap() == 50);
}
