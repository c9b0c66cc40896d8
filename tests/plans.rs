//! Coaching plans end to end: the table keeps every plan, the commands keep the rules
//! (three at a time, one per skill, a review after the start) with exact undo, and in the
//! window a suggested focus is adopted in one click, leads the session's agenda, is closed
//! and comes back with undo.

mod common;

use chrono::{Duration, NaiveDate};
use coachbook::app::App;
use coachbook::domain::Level;
use coachbook::domain::agenda::Section;
use coachbook::domain::plan::{Plan, PlanDraft, PlanStatus};
use coachbook::domain::rep::RepId;
use coachbook::domain::skill::SkillId;
use coachbook::ops::{Command, CommandError};
use coachbook::store::{self, Store};
use coachbook::ui::{Place, RepPage, RepTab, Request};
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};

fn today() -> NaiveDate {
    common::test_now().date_naive()
}

fn draft(rep: RepId, skill: SkillId) -> PlanDraft {
    PlanDraft {
        rep,
        skill,
        started_on: today(),
        start_level: Some(2.4),
        target: Level::new(4).unwrap(),
        review_on: today() + Duration::days(42),
        why: "Discovery ends before the pain is clear".into(),
        shared: true,
    }
}

fn harness(dir: &tempfile::TempDir) -> Harness<'static, App> {
    common::demo_harness(
        &dir.path().join("demo.db"),
        egui::vec2(1400.0, 1600.0),
        true,
    )
}

fn plans_of(app: &App, rep: RepId) -> Vec<Plan> {
    store::plans::for_rep(app.store().conn(), rep).unwrap()
}

#[test]
fn the_table_keeps_plans_running_and_closed() {
    let dir = tempfile::tempdir().unwrap();
    let store = common::demo_store(&dir.path().join("demo.db"));
    let conn = store.conn();
    conn.execute("DELETE FROM coaching_plans", []).unwrap();
    let skills = store::framework::load(conn).unwrap().skills;
    let id = store::plans::insert(conn, &draft(RepId(1), skills[0].id)).unwrap();
    let mut plan = store::plans::get(conn, id).unwrap().unwrap();
    assert_eq!(plan.status, PlanStatus::Active);
    assert_eq!(plan.draft, draft(RepId(1), skills[0].id));
    plan.status = PlanStatus::CarriedOn;
    plan.closed_on = Some(today() + Duration::days(3));
    store::plans::put(conn, &plan).unwrap();
    assert_eq!(store::plans::get(conn, id).unwrap().unwrap(), plan);
    let second = store::plans::insert(conn, &draft(RepId(1), skills[0].id)).unwrap();
    let listed = store::plans::for_rep(conn, RepId(1)).unwrap();
    assert_eq!(listed[0].id, second, "running plans come first");
    // The file itself refuses a second running plan of a skill and a closed plan without
    // its day, whatever writes to it.
    assert!(store::plans::insert(conn, &draft(RepId(1), skills[0].id)).is_err());
    assert!(
        conn.execute(
            "UPDATE coaching_plans SET closed_day = NULL WHERE id = ?1",
            [id.0]
        )
        .is_err()
    );
    store::plans::delete(conn, second).unwrap();
    assert_eq!(store::plans::all(conn).unwrap().len(), 1);
}

#[test]
fn the_commands_keep_the_rules_and_undo_exactly() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness(&dir);
    let app = harness.state_mut();
    let skills: Vec<SkillId> = app.caches().framework.skills.iter().map(|s| s.id).collect();
    let rep = RepId(2);
    let before = plans_of(app, rep);
    let running: Vec<SkillId> = app
        .caches()
        .active_plans(rep)
        .map(|p| p.draft.skill)
        .collect();
    let free: Vec<SkillId> = skills
        .into_iter()
        .filter(|s| !running.contains(s))
        .collect();
    let room = 3 - running.len();
    for skill in &free[..room] {
        app.apply(Command::AddPlan(draft(rep, *skill))).unwrap();
    }
    let fourth = app.apply(Command::AddPlan(draft(rep, free[room])));
    assert!(
        matches!(fourth, Err(CommandError::TooManyPlans(_))),
        "{fourth:?}"
    );
    let plan = plans_of(app, rep)
        .into_iter()
        .find(|p| p.is_active() && p.draft.skill == free[0])
        .unwrap();
    app.apply(Command::PutPlan(Plan {
        status: PlanStatus::Met,
        closed_on: Some(today()),
        ..plan.clone()
    }))
    .unwrap();
    let twice = app.apply(Command::AddPlan(draft(rep, free[room - 1])));
    assert!(
        matches!(twice, Err(CommandError::PlanExists { .. })),
        "{twice:?}"
    );
    let mut early = draft(rep, free[room]);
    early.review_on = today() - Duration::days(1);
    assert!(app.apply(Command::AddPlan(early)).is_err());
    let mut noisy = draft(rep, free[room]);
    noisy.why = "Asks\u{1b}[31m too few\nquestions".into();
    app.apply(Command::AddPlan(noisy)).unwrap();
    let stored = plans_of(app, rep);
    assert!(
        stored
            .iter()
            .any(|p| p.draft.why == "Asks[31m too few questions")
    );
    for _ in 0..room + 2 {
        app.undo().unwrap().unwrap();
    }
    assert_eq!(
        plans_of(app, rep),
        before,
        "undo puts every plan back as it was"
    );
}

fn click(harness: &mut Harness<'_, App>, label: &str) {
    harness
        .get_all_by(|n| n.role() == Role::Button && n.label().is_some_and(|l| l.starts_with(label)))
        .next()
        .unwrap_or_else(|| panic!("no button {label}"))
        .click();
    common::settle(harness);
}

fn open_plan_tab(harness: &mut Harness<'_, App>, rep: RepId) {
    let mut page = RepPage::new(rep);
    page.tab = RepTab::Plan;
    harness
        .state_mut()
        .request(Request::Go(Place::Rep(Box::new(page))));
    common::settle(harness);
}

#[test]
fn adopt_a_suggestion_see_it_lead_the_agenda_close_it_and_undo() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness(&dir);
    let hannah = common::rep_named(harness.state(), "Hannah Novak");
    let running = |h: &Harness<'_, App>| h.state().caches().active_plans(hannah).count();
    let before = running(&harness);
    open_plan_tab(&mut harness, hannah);
    harness.get_by_label("Suggested focus");
    let adopt = harness
        .get_all_by(|n| {
            n.role() == Role::Button && n.label().is_some_and(|l| l.starts_with("Adopt "))
        })
        .next()
        .unwrap()
        .accesskit_node()
        .label()
        .unwrap();
    let skill = adopt
        .trim_start_matches("Adopt ")
        .trim_end_matches(" as a focus")
        .to_owned();
    click(&mut harness, &adopt);
    assert_eq!(running(&harness), before + 1);
    let plan = harness
        .state()
        .caches()
        .active_plans(hannah)
        .last()
        .unwrap()
        .clone();
    assert_eq!(plan.draft.review_on, today() + Duration::days(42));
    assert!(
        !plan.draft.why.is_empty(),
        "the suggestion's reason is the why"
    );
    assert!(
        harness
            .query_all_by_label_contains("at the start")
            .next()
            .is_some(),
        "the running plan shows its progress"
    );

    // The focus leads the proposed agenda of her session.
    harness
        .state_mut()
        .request(Request::Go(Place::Screen(coachbook::ui::Screen::Home)));
    common::settle(&mut harness);
    click(&mut harness, "Open session: Hannah Novak");
    let session = harness.state().caches().session.clone().unwrap();
    let focus = format!("Focus: {skill}");
    let at = |wanted: &dyn Fn(&coachbook::domain::agenda::ProposedPoint) -> bool| {
        session.proposed.iter().position(wanted).unwrap()
    };
    let first_bucket = at(&|p| matches!(p.section, Section::Bucket(_)));
    assert!(
        at(&|p| p.text == focus) < first_bucket,
        "the focus leads the agenda"
    );
    harness.get_by_label(&focus);

    // Closed as met, it leaves the running plans and stays in the history; undo brings it
    // back running, and a second undo takes the adoption back.
    open_plan_tab(&mut harness, hannah);
    click(&mut harness, &format!("Close: met, {skill}"));
    let closed = store::plans::get(harness.state().store().conn(), plan.id)
        .unwrap()
        .unwrap();
    assert_eq!(closed.status, PlanStatus::Met);
    assert_eq!(closed.closed_on, Some(today()));
    harness.get_by_label(&format!("Reopen the plan for {skill}"));
    harness.state_mut().request(Request::Undo);
    common::settle(&mut harness);
    assert!(
        harness
            .state()
            .caches()
            .active_plans(hannah)
            .any(|p| p.id == plan.id)
    );
    harness.state_mut().request(Request::Undo);
    common::settle(&mut harness);
    assert_eq!(running(&harness), before);
}

/// A focus skill in which a teammate is at or above the target offers pairing with them in
/// the agenda; one click makes it the rep's commitment.
#[test]
fn a_teammate_strong_in_the_focus_is_offered_and_added_as_a_commitment_in_one_click() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness(&dir);
    let app = harness.state();
    let hannah = common::rep_named(app, "Hannah Novak");
    // A skill she is not planned on, in which a teammate has a level of 3 or more on
    // three ratings or more: with a target of 3, that teammate is offered.
    let running: Vec<SkillId> = app
        .caches()
        .active_plans(hannah)
        .map(|p| p.draft.skill)
        .collect();
    let conn = app.store().conn();
    let skill = app
        .caches()
        .framework
        .skills
        .iter()
        .filter(|s| !s.retired && !running.contains(&s.id))
        .find_map(|s| {
            let points = store::observations::points_of_skills(conn, &[s.id]).unwrap();
            let strong = app
                .caches()
                .roster
                .iter()
                .filter(|r| r.rep.id != hannah)
                .any(|r| {
                    let theirs: Vec<_> = points
                        .iter()
                        .filter(|(who, _, _)| *who == r.rep.id)
                        .map(|(_, _, p)| *p)
                        .collect();
                    let f = coachbook::domain::levels::figures(&theirs, today(), 90.0, None);
                    f.level.is_some_and(|l| l >= 3.0) && f.ratings >= 3
                });
            strong.then(|| s.clone())
        })
        .unwrap();
    let mut plan = draft(hannah, skill.id);
    plan.target = Level::new(3).unwrap();
    harness.state_mut().apply(Command::AddPlan(plan)).unwrap();
    common::settle(&mut harness);
    click(&mut harness, "Open session: Hannah Novak");
    let offer = harness
        .get_all_by(|n| {
            n.role() == Role::Button
                && n.label()
                    .is_some_and(|l| l.starts_with("Add as a commitment: Shadow "))
        })
        .map(|n| n.accesskit_node().label().unwrap())
        .find(|l| l.contains(&skill.name))
        .unwrap();
    assert!(
        harness
            .query_all_by_label_contains("Pair with ")
            .next()
            .is_some()
    );
    let before = common::count(&dir.path().join("demo.db"), "commitments");
    click(&mut harness, &offer);
    assert_eq!(
        common::count(&dir.path().join("demo.db"), "commitments"),
        before + 1
    );
    let text = offer.trim_start_matches("Add as a commitment: ");
    let stored: String = rusqlite::Connection::open(dir.path().join("demo.db"))
        .unwrap()
        .query_row(
            "SELECT text FROM commitments ORDER BY id DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(stored, text);
}

/// A running plan's target, review day and reason are edited in place; a day that is not
/// a date is refused next to the form and nothing is saved until it is one.
#[test]
fn a_running_plan_is_edited_in_place_and_a_bad_day_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness(&dir);
    let hannah = common::rep_named(harness.state(), "Hannah Novak");
    let plan = harness
        .state()
        .caches()
        .active_plans(hannah)
        .next()
        .unwrap()
        .clone();
    let skill = harness
        .state()
        .caches()
        .framework
        .skill(plan.draft.skill)
        .unwrap()
        .name
        .clone();
    open_plan_tab(&mut harness, hannah);
    click(&mut harness, &format!("Edit the plan for {skill}"));
    let set = |harness: &mut Harness<'_, App>, label: &str, text: &str| {
        harness.get_by_label(label).focus();
        harness.run();
        harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
        harness.event(egui::Event::Text(text.into()));
        harness.run();
    };
    set(&mut harness, "Review on", "2026-13-01");
    set(&mut harness, "Why", "Asks one question\u{7} at a time");
    click(&mut harness, "Save the plan");
    harness.get_by_label_contains("is not a date");
    assert_eq!(
        plans_of(harness.state(), hannah)
            .iter()
            .find(|p| p.id == plan.id),
        Some(&plan)
    );
    set(&mut harness, "Review on", "2027-01-08");
    click(&mut harness, "Save the plan");
    let saved = store::plans::get(harness.state().store().conn(), plan.id)
        .unwrap()
        .unwrap();
    assert_eq!(
        saved.draft.review_on,
        NaiveDate::from_ymd_opt(2027, 1, 8).unwrap()
    );
    assert_eq!(saved.draft.why, "Asks one question at a time");
    harness.state_mut().request(Request::Undo);
    common::settle(&mut harness);
    assert_eq!(
        store::plans::get(harness.state().store().conn(), plan.id).unwrap(),
        Some(plan)
    );
}

/// A shared plan reaches the rep's report and rep file, its text encoded for HTML; a
/// private one reaches neither.
#[test]
fn shared_plans_go_into_the_report_and_the_rep_file_private_ones_do_not() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    let store = common::demo_store(&db);
    let conn = store.conn();
    conn.execute("DELETE FROM coaching_plans", []).unwrap();
    let skills = store::framework::load(conn).unwrap().skills;
    let mut shared = draft(RepId(1), skills[0].id);
    shared.started_on = NaiveDate::from_ymd_opt(2026, 10, 1).unwrap();
    shared.why = "<script>alert(1)</script> & \"more\"".into();
    store::plans::insert(conn, &shared).unwrap();
    let mut private = draft(RepId(1), skills[1].id);
    private.shared = false;
    private.why = "PRIVATE-REASON".into();
    store::plans::insert(conn, &private).unwrap();
    let name = store::reps::get(conn, RepId(1)).unwrap().unwrap().name;
    drop(store);

    let report = dir.path().join("report.html");
    let out = common::cli::coachbook(&[
        "report",
        "--db",
        common::cli::arg(&db),
        "--rep",
        &name,
        "--out",
        common::cli::arg(&report),
    ]);
    common::cli::assert_ok(&out);
    let html = std::fs::read_to_string(&report).unwrap();
    assert!(html.contains("<h2>Coaching plan</h2>"));
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;more&quot;"));
    assert!(!html.contains("<script>"));
    assert!(!html.contains("PRIVATE-REASON"));

    let file = dir.path().join("rep.coachrep");
    let store = Store::open(&db).unwrap();
    common::first_rep_file(&store, NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(), &file);
    let plans = coachbook::repfile::read(&file).unwrap().history.plans;
    assert_eq!(plans.len(), 1);
    assert_eq!(plans[0].skill_id, skills[0].id);
    assert_eq!(plans[0].why, shared.why);
}

/// The figures the query thread computes (from the trend window only) are those of every
/// point: trimming to the window is a speed-up, never a different answer.
#[test]
fn the_computed_progress_of_every_plan_is_that_of_all_its_points() {
    use coachbook::domain::levels::Point;
    use coachbook::domain::plan::effect::Series;
    use coachbook::domain::plan::progress::progress;
    let dir = tempfile::tempdir().unwrap();
    let harness = harness(&dir);
    let app = harness.state();
    let figures = app.caches().plan_figures.as_ref().unwrap();
    assert_eq!(figures.progress.len(), app.caches().plans.len());
    let conn = app.store().conn();
    for plan in app.caches().plans.iter() {
        let points: Vec<Point> = store::observations::points_of_rep(conn, plan.draft.rep)
            .unwrap()
            .into_iter()
            .filter(|(skill, _)| *skill == plan.draft.skill)
            .map(|(_, p)| p)
            .collect();
        let series = Series::new(&points, 90.0);
        let expected = progress(plan, &series, &points, today(), 90.0);
        let computed = figures.progress[&plan.id];
        assert_eq!(computed.ratings_since, expected.ratings_since);
        assert_eq!(computed.level_now, expected.level_now);
        match (computed.trend, expected.trend) {
            (Some(a), Some(b)) => assert!((a - b).abs() < 1e-9),
            (a, b) => assert_eq!(a, b),
        }
    }
}

/// A skill that is a plan's focus is never deleted from under its history, even with no
/// observation: the refusal says so in a sentence and the file stays as it was.
#[test]
fn a_skill_with_a_plan_is_retired_not_deleted() {
    use coachbook::domain::Bucket;
    use coachbook::domain::skill::{Rubric, SkillDraft};
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness(&dir);
    let app = harness.state_mut();
    app.apply(Command::AddSkill {
        bucket: Bucket::Selling,
        draft: SkillDraft {
            bucket: None,
            name: "Negotiating terms".into(),
            description: String::new(),
            rubric: Rubric {
                level_1: "Concedes at once.".into(),
                level_3: "Trades one thing for another.".into(),
                level_5: "Plans every give and get.".into(),
            },
        },
    })
    .unwrap();
    let skill = common::skill_named(app, "Negotiating terms");
    app.apply(Command::AddPlan(draft(RepId(4), skill))).unwrap();
    let before = common::dump(&dir.path().join("demo.db"));
    let refused = app.apply(Command::DeleteSkill(skill)).unwrap_err();
    assert!(
        matches!(refused, CommandError::SkillHasPlans { count: 1, .. }),
        "{refused:?}"
    );
    assert!(
        refused.to_string().contains("retire it instead"),
        "{refused}"
    );
    assert_eq!(common::dump(&dir.path().join("demo.db")), before);
}
