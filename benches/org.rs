//! Issue 19's benchmark: the organization's server at 50 managers x 10 reps x ten years.
//! One run, one JSON object on stdout with every figure, its budget, and its ratio to the
//! bare SQL on the same server where one applies.
//!
//!     cargo bench --bench org
//!
//! It starts a throwaway PostgreSQL cluster (as tests/common/pg.rs does) and fills it with
//! `coachbook org demo --managers N` (COACHBOOK_ORG_MANAGERS, 50 by default: about 15
//! minutes on two cores). To measure a server filled already, set COACHBOOK_ORG_URL (the
//! administrator's address), COACHBOOK_ORG_PASSWORD_FILE and COACHBOOK_ORG_FOLDER (the
//! demo's folder). COACHBOOK_BENCH_RUNS sets the repetitions (default 15). Progress goes
//! to stderr.

#[path = "../tests/common/pg.rs"]
#[allow(dead_code)]
mod pg;
#[path = "perf/stats.rs"]
#[allow(dead_code)]
mod stats;

use std::path::{Path, PathBuf};
use std::process::Command;

use chrono::NaiveDate;
use coachbook::clock::FixedClock;
use coachbook::leader::{LeaderView, Tab};
use coachbook::ops::{Command as Change, Ops};
use coachbook::org::report;
use coachbook::org::{OrgAddress, PasswordSource, sync};
use coachbook::store::{Store, outbox};
use eframe::App as _;
use postgres::Client;
use serde_json::{Value, json};
use stats::{Figure, ratio};

const LEADER: &str = "demo_leader";

fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 20).unwrap()
}

fn day() -> i64 {
    (as_of() - NaiveDate::from_ymd_opt(1970, 1, 1).unwrap()).num_days()
}

fn runs() -> usize {
    std::env::var("COACHBOOK_BENCH_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(15)
}

/// The server: (admin address, admin password file, the demo's folder, the cluster to
/// keep alive while measuring).
fn server() -> (String, PathBuf, PathBuf, Option<pg::Cluster>) {
    if let (Ok(url), Ok(pw), Ok(folder)) = (
        std::env::var("COACHBOOK_ORG_URL"),
        std::env::var("COACHBOOK_ORG_PASSWORD_FILE"),
        std::env::var("COACHBOOK_ORG_FOLDER"),
    ) {
        return (url, pw.into(), folder.into(), None);
    }
    let cluster = pg::Cluster::start();
    let folder = std::env::temp_dir().join(format!("coachbook-org-bench-{}", std::process::id()));
    let managers = std::env::var("COACHBOOK_ORG_MANAGERS").unwrap_or_else(|_| "50".into());
    let url = cluster.url(pg::ADMIN);
    let pw = cluster.admin_password_file();
    eprintln!("org demo --managers {managers} (this takes a while)...");
    let status = Command::new(env!("CARGO_BIN_EXE_coachbook"))
        .args(["org", "demo", "--url", &url, "--password-file"])
        .arg(&pw)
        .args(["--managers", &managers, "--today", "2026-11-20", "--folder"])
        .arg(&folder)
        .stdout(std::process::Stdio::from(std::io::stderr()))
        .status()
        .expect("coachbook org demo runs");
    assert!(status.success(), "coachbook org demo failed");
    (url, pw, folder, Some(cluster))
}

fn connect(url: &str, password_file: &Path, login: &str) -> Client {
    let address = OrgAddress::parse(url, None).unwrap().as_login(login);
    let source = PasswordSource {
        file: Some(password_file.to_owned()),
        prompt: false,
    };
    let password = source.read(login).unwrap();
    coachbook::org::connect(&address, password.as_deref()).unwrap()
}

/// A leader function against the same query run bare: its body, with the leader and the
/// arguments written in, as the administrator (no function call, no row-level security).
fn function_and_bare(
    leader: &mut Client,
    admin: &mut Client,
    name: &str,
    call: &str,
    args: &[(&str, &str)],
) -> Value {
    let body: String = admin
        .query_one("SELECT prosrc FROM pg_proc WHERE proname = $1", &[&name])
        .unwrap()
        .get(0);
    let mut bare = body.replace("session_user", &format!("'{LEADER}'"));
    for (arg, value) in args {
        bare = bare.replace(arg, value);
    }
    let through = Figure::wall(runs(), || {
        leader.query(call, &[]).unwrap();
    });
    let floor = Figure::wall(runs(), || {
        admin.query(bare.as_str(), &[]).unwrap();
    });
    json!({
        "figure": through.json(), "bare_sql": floor.json(),
        "ratio": ratio(through.median, floor.median), "budget_ms": 250.0,
        "met": through.p95 <= 250.0,
    })
}

/// The CPU time of one frame of the leader's window on `tab`, drawn headless at 1280x800.
fn frames(report: &report::OrgReport, tab: Tab) -> Figure {
    let ctx = egui::Context::default();
    coachbook::ui::style::apply(&ctx);
    let mut view = LeaderView::with_report(report.clone());
    view.show(tab);
    let mut frame = eframe::Frame::_new_kittest();
    let started = std::time::Instant::now();
    let mut samples = Vec::new();
    for i in 0..200 {
        let input = egui::RawInput {
            screen_rect: Some(egui::Rect::from_min_size(
                egui::Pos2::ZERO,
                egui::vec2(1280.0, 800.0),
            )),
            time: Some(started.elapsed().as_secs_f64()),
            ..Default::default()
        };
        let cpu = stats::thread_cpu_ms();
        let mut output = ctx.run_ui(input, |ui| view.ui(ui, &mut frame));
        let _ = ctx.tessellate(output.shapes, output.pixels_per_point);
        output.textures_delta.clear();
        if i >= 20 {
            samples.push(stats::thread_cpu_ms() - cpu);
        }
    }
    Figure::of(samples)
}

/// A manager's day: twenty observations captured on calls and one shared one edited,
/// then `org sync`; the publish alone is timed.
fn one_day(folder: &Path) -> Value {
    let path = folder.join("demo_m01.db");
    let mut samples = Vec::new();
    for _ in 0..runs().min(5) {
        let store = Store::open(&path).unwrap();
        let mut ops = Ops::new(
            store,
            Box::new(FixedClock(coachbook::cli::fixed_now(as_of()))),
        );
        let last: i64 = ops
            .store()
            .conn()
            .query_row(
                "SELECT max(id) FROM observations WHERE shared = 1",
                [],
                |r| r.get(0),
            )
            .unwrap();
        let id = coachbook::domain::observation::ObservationId(last);
        let seen = coachbook::store::observations::get(ops.store().conn(), id)
            .unwrap()
            .unwrap();
        let drafts = vec![seen.draft.clone(); 20];
        ops.apply(Change::AddObservations(drafts)).unwrap();
        let mut edited = seen.draft.clone();
        edited.evidence.push_str(" Followed up by email.");
        ops.apply(Change::EditObservation { id, draft: edited })
            .unwrap();
        let mut store = ops.into_store();
        let link = outbox::link(store.conn()).unwrap().unwrap();
        let none = PasswordSource {
            file: None,
            prompt: false,
        };
        let started = std::time::Instant::now();
        let mut client = sync::connect_link(&link, &none).unwrap();
        sync::sync_store(
            &mut store,
            &mut client,
            &link.login,
            sync::BATCH_UNITS,
            chrono::Utc::now,
        )
        .unwrap();
        samples.push(stats::ms(started.elapsed()));
    }
    let figure = Figure::of(samples);
    json!({ "figure": figure.json(), "budget_ms": 1000.0, "met": figure.p95 <= 1000.0,
            "what": "21 changes and the connection, as a sync after a day's work" })
}

/// A rep's whole history read through row-level security as the rep's login, against the
/// same queries run bare as the administrator; and the whole open of `--rep` (the read,
/// the copy written, and read back as the rep view does).
fn rep_history(url: &str, folder: &Path, admin: &mut Client) -> Value {
    use coachbook::org::rep_history as h;
    let rep_login = coachbook::cli::DEMO_REP;
    let pw = folder.join("password");
    let mut rep = connect(url, &pw, rep_login);
    let now = coachbook::cli::fixed_now(as_of());
    let read = h::read(&mut rep, rep_login, now).unwrap();
    let (rep_id, role): (i64, String) = {
        let row = admin
            .query_one(
                "SELECT r.id, r.role FROM coachbook.rep_logins l JOIN coachbook.reps r
                  ON r.manager = l.manager AND r.id = l.rep_id WHERE l.login = $1",
                &[&rep_login],
            )
            .unwrap();
        (row.get(0), row.get(1))
    };
    let manager = read.manager.clone();
    let through = Figure::wall(runs(), || {
        h::read(&mut rep, rep_login, now).unwrap();
    });
    let floor = Figure::wall(runs(), || {
        admin
            .query(h::SKILLS_SQL, &[&manager, &rep_id, &role])
            .unwrap();
        for sql in [
            h::SESSIONS_SQL,
            h::COMMITMENTS_SQL,
            h::OBSERVATIONS_SQL,
            h::PLANS_SQL,
        ] {
            admin.query(sql, &[&manager, &rep_id]).unwrap();
        }
    });
    let address = OrgAddress::parse(url, None).unwrap().as_login(rep_login);
    let password = coachbook::org::read_password_file(&pw).unwrap();
    let copy = folder.join("bench-rep-copy.coachrep");
    let open = Figure::wall(runs(), || {
        coachbook::repview::online::refresh_copy(&address, Some(&password), &copy, now).unwrap();
        coachbook::repfile::read(&copy).unwrap();
    });
    json!({
        "figure": through.json(), "bare_sql": floor.json(),
        "ratio": ratio(through.median, floor.median), "budget_ms": 100.0,
        "met": through.p95 <= 100.0,
        "what": format!("{} observations, {} sessions, {} commitments of one rep, read as the rep",
                        read.history.observations.len(), read.history.sessions.len(),
                        read.history.commitments.len()),
        "whole_open": { "figure": open.json(),
                        "what": "connect, read, write the rep's copy and read it back" },
    })
}

fn main() {
    let (url, pw, folder, _cluster) = server();
    let mut admin = connect(&url, &pw, pg::ADMIN);
    let demo_pw = folder.join("password");
    let mut leader = connect(&url, &demo_pw, LEADER);
    let observations: i64 = admin
        .query_one("SELECT count(*) FROM coachbook.observations", &[])
        .unwrap()
        .get(0);
    eprintln!("measuring on {observations} published observations...");
    let d = day().to_string();
    // Written in with the functions' own types, as the call passes them.
    let d_typed = format!("{d}::bigint");
    let coverage = function_and_bare(
        &mut leader,
        &mut admin,
        "leader_reps",
        &format!("SELECT * FROM coachbook.leader_reps({d}, 90)"),
        &[("as_of_day", &d_typed), ("window_days", "90::bigint")],
    );
    let heat_map = function_and_bare(
        &mut leader,
        &mut admin,
        "leader_levels",
        &format!("SELECT * FROM coachbook.leader_levels({d}, 90)"),
        &[("as_of_day", &d_typed), ("half_life_days", "90.0::float8")],
    );
    let read = Figure::wall(runs(), || {
        report::read(&mut leader, LEADER, as_of(), 90.0).unwrap();
    });
    let full = report::read(&mut leader, LEADER, as_of(), 90.0).unwrap();
    let frame = frames(&full, Tab::HeatMap);
    let coverage_frame = frames(&full, Tab::Coverage);
    let out = json!({
        "server": { "managers": full.managers.len(), "reps": full.reps.len(),
                    "observations": observations },
        "coverage": coverage,
        "heat_map": heat_map,
        "whole_report": { "figure": read.json() },
        "leader_frame_heat_map": { "figure": frame.json(), "budget_ms": 1.0, "met": frame.p95 <= 1.0 },
        "leader_frame_coverage": { "figure": coverage_frame.json(), "budget_ms": 1.0,
                                   "met": coverage_frame.p95 <= 1.0 },
        "one_day_publish": one_day(&folder),
        "first_publish": "see each manager's line of org demo (stderr)",
        "rep_history": rep_history(&url, &folder, &mut admin),
        "runs": runs(),
    });
    println!("{}", serde_json::to_string_pretty(&out).unwrap());
}
