//! The CPU time of one frame of every screen, each settled first (its data loaded, its
//! query answered), then drawn `frames` times.

use coachbook::domain::observation_query::RatingFilter;
use coachbook::domain::rep::RepId;
use coachbook::domain::schedule::OccurrenceKey;
use coachbook::ui::{CalendarMode, RepPage, RepTab, Screen, UiState};

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
            "rep_plan",
            Box::new(move |s: &mut UiState| {
                let mut page = RepPage::new(subject.rep);
                page.tab = RepTab::Plan;
                s.team.open_rep = Some(page);
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

/// Frames drawn in a block of this many before the other file takes its turn.
const TURN: usize = 10;

/// Opens each screen on both apps and times `frames` frames of each, taking turns in
/// blocks, so the two figures of a screen are drawn under the same conditions (the other
/// core busy or not, the clock's speed) and their ratio does not swing with them.
pub fn measure_side_by_side(
    (a, a_subject): (&mut Headless, Subject),
    (b, b_subject): (&mut Headless, Subject),
    frames: usize,
) -> Vec<(&'static str, Figure, Figure)> {
    screens(a_subject)
        .into_iter()
        .zip(screens(b_subject))
        .map(|((name, open_a), (_, open_b))| {
            for (app, open) in [(&mut *a, &open_a), (&mut *b, &open_b)] {
                open(app.app.ui_state_mut());
                app.settle();
                for _ in 0..3 {
                    app.frame();
                }
            }
            let (mut on_a, mut on_b) = (Vec::new(), Vec::new());
            while on_a.len() < frames {
                let block = TURN.min(frames - on_a.len());
                on_a.extend((0..block).map(|_| a.frame()));
                on_b.extend((0..block).map(|_| b.frame()));
            }
            (name, Figure::of(on_a), Figure::of(on_b))
        })
        .collect()
}
