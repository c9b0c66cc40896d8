//! The CPU time of one frame of every screen, each settled first (its data loaded, its
//! query answered), then drawn `frames` times.

use coachbook::domain::observation_query::RatingFilter;
use coachbook::domain::rep::RepId;
use coachbook::domain::schedule::OccurrenceKey;
use coachbook::ui::{CalendarMode, RepPage, Screen, UiState};

use super::headless::Headless;
use super::stats::Figure;

/// What a screen is opened on: a rep with history, and one of their sessions.
#[derive(Clone, Copy)]
pub struct Subject {
    pub rep: RepId,
    pub session: OccurrenceKey,
}

/// Puts the UI state on one screen.
type Opener = Box<dyn Fn(&mut UiState)>;

/// The screens measured, by the name the JSON gives them, and how each is opened.
pub fn screens(subject: Subject) -> Vec<(&'static str, Opener)> {
    let home = |s: &mut UiState| s.screen = Screen::Home;
    vec![
        ("home", Box::new(home)),
        (
            "team",
            Box::new(|s: &mut UiState| {
                s.team.open_rep = None;
                s.screen = Screen::Team;
            }),
        ),
        (
            "rep_page",
            Box::new(move |s: &mut UiState| {
                s.team.open_rep = Some(RepPage::new(subject.rep));
                s.screen = Screen::Team;
            }),
        ),
        (
            "calendar_week",
            Box::new(|s: &mut UiState| {
                s.calendar.mode = CalendarMode::Week;
                s.screen = Screen::Calendar;
            }),
        ),
        (
            "calendar_month",
            Box::new(|s: &mut UiState| {
                s.calendar.mode = CalendarMode::Month;
                s.screen = Screen::Calendar;
            }),
        ),
        (
            "session",
            Box::new(move |s: &mut UiState| s.open_session(subject.rep, subject.session)),
        ),
        (
            "observations_filtered",
            Box::new(|s: &mut UiState| {
                s.observations.form.rating = RatingFilter::Level(2);
                s.screen = Screen::Observations;
            }),
        ),
        (
            "skill_gaps",
            Box::new(|s: &mut UiState| s.screen = Screen::Gaps),
        ),
        (
            "settings",
            Box::new(|s: &mut UiState| s.screen = Screen::Settings),
        ),
    ]
}

/// Opens each screen, settles it, and times `frames` frames of it.
pub fn measure(app: &mut Headless, subject: Subject, frames: usize) -> Vec<(&'static str, Figure)> {
    screens(subject)
        .into_iter()
        .map(|(name, open)| {
            open(app.app.ui_state_mut());
            app.settle();
            // A few frames more, so caches warmed by the first frames are not counted.
            for _ in 0..3 {
                app.frame();
            }
            let samples = (0..frames).map(|_| app.frame()).collect();
            (name, Figure::of(samples))
        })
        .collect()
}
