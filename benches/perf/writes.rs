//! Writes a manager waits for: saving one observation through the app's command path
//! (one transaction, WAL, `synchronous=FULL`, caches refreshed), and the two exports.

use std::path::Path;

use chrono::{DateTime, Duration, Utc};
use coachbook::app::App;
use coachbook::domain::observation::{CallContext, ObservationDraft, Visibility};
use coachbook::domain::{Level, Rating};
use coachbook::ops::Command;
use coachbook::store::Store;

use super::frames::Subject;
use super::stats::Figure;

/// Saves `runs` observations one by one through `App::apply`, then undoes them all, so
/// the data file is left holding what it held.
pub fn save_observation(
    app: &mut App,
    subject: Subject,
    now: DateTime<Utc>,
    runs: usize,
) -> Figure {
    Figure::of(save_observation_samples(app, subject, now, runs))
}

/// [`save_observation`]'s time of each save, in milliseconds.
pub fn save_observation_samples(
    app: &mut App,
    subject: Subject,
    now: DateTime<Utc>,
    runs: usize,
) -> Vec<f64> {
    let draft = ObservationDraft {
        rep_id: subject.rep,
        skill_id: app.caches().framework.skills[0].id,
        observed_on: now.date_naive(),
        rating: Rating::Rated(Level::new(3).expect("a level")),
        evidence: "Opened with the customer's own numbers and asked what they meant.".into(),
        context: CallContext::ClientCall,
        account: "Harbor Freight".into(),
        session_id: None,
        visibility: Visibility::Shared,
    };
    let samples = super::stats::wall_samples(runs, || {
        app.apply(Command::AddObservations(vec![draft.clone()]))
            .expect("the observation saves");
    });
    for _ in 0..runs {
        app.undo()
            .expect("a step to undo")
            .expect("the undo applies");
    }
    samples
}

/// One rep's feedback report over the last year, read and written as the rep page's
/// "Share feedback" does.
pub fn report(
    store: &Store,
    subject: Subject,
    now: DateTime<Utc>,
    out: &Path,
    runs: usize,
) -> Figure {
    let to = now.date_naive();
    Figure::wall(runs, || {
        let history = coachbook::store::rep_history::load(
            store.conn(),
            subject.rep,
            to - Duration::days(365),
            to,
            now,
        )
        .expect("the rep's history loads");
        coachbook::export::write_report(&history, out).expect("report");
    })
}

/// The whole team's schedule as an .ics file.
pub fn team_ics(store: &Store, now: DateTime<Utc>, out: &Path, runs: usize) -> Figure {
    Figure::wall(runs, || {
        let text = coachbook::export::ics::export(store.conn(), None, now).expect("ics");
        coachbook::files::write_bytes(out, text.as_bytes()).expect("ics written");
    })
}
