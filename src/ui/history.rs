//! Where the manager has been, so that Back (the "< Back" buttons, Esc, Alt+Left) returns
//! to the place they came from, as they left it: a rep page comes back on its tab, a
//! session on its workspace. Going to a screen from the rail or its shortcut opens the
//! screen's top level (the roster, not the rep page last seen).

use std::collections::VecDeque;

use super::{Place, RepPage, Screen, UiState};
use crate::domain::rep::RepId;
use crate::domain::schedule::OccurrenceKey;

/// How many places Back remembers; older ones are forgotten first.
pub const HISTORY_LEN: usize = 50;

/// One place left behind.
pub enum Visited {
    Screen(Screen),
    /// A rep's page as it was left: its tab, filters and chosen skill.
    Rep(Box<RepPage>),
    Session(RepId, OccurrenceKey),
}

impl Visited {
    /// The name a Back button gives this place.
    pub fn title(&self) -> &'static str {
        match self {
            Visited::Screen(screen) => screen.title(),
            Visited::Rep(_) => "the rep's page",
            Visited::Session(..) => "the session",
        }
    }
}

/// The places left behind, the latest last.
#[derive(Default)]
pub struct History {
    visited: VecDeque<Visited>,
}

impl History {
    fn push(&mut self, place: Visited) {
        if self.visited.len() == HISTORY_LEN {
            self.visited.pop_front();
        }
        self.visited.push_back(place);
    }

    pub fn last(&self) -> Option<&Visited> {
        self.visited.back()
    }

    pub fn len(&self) -> usize {
        self.visited.len()
    }

    pub fn is_empty(&self) -> bool {
        self.visited.is_empty()
    }

    pub fn clear(&mut self) {
        self.visited.clear();
    }
}

impl UiState {
    /// Goes where a request asked, remembering where it left for Back. A place already on
    /// show is not gone to again, so clicking the current screen adds nothing to Back.
    pub fn go(&mut self, place: Place) {
        if self.is_at(&place) {
            return;
        }
        if let Some(here) = self.leave() {
            self.history.push(here);
        }
        self.arrive(match place {
            Place::Screen(screen) => Visited::Screen(screen),
            Place::Rep(page) => Visited::Rep(page),
            Place::Session(rep, key) => Visited::Session(rep, key),
        });
    }

    /// Returns to the place left last. With nothing left behind, a rep page goes to the
    /// roster and a session to the Calendar, where they are reached from; a screen stays.
    pub fn back(&mut self) {
        let to = match self.history.visited.pop_back() {
            Some(to) => to,
            None => match self.screen {
                Screen::Team if self.team.open_rep.is_some() => Visited::Screen(Screen::Team),
                Screen::Session => Visited::Screen(Screen::Calendar),
                _ => return,
            },
        };
        self.leave();
        self.arrive(to);
    }

    /// Where Back leads from here, for the Back buttons' hover text.
    pub fn back_title(&self) -> &'static str {
        match self.history.last() {
            Some(place) => place.title(),
            None if self.screen == Screen::Session => Screen::Calendar.title(),
            None => Screen::Team.title(),
        }
    }

    /// Whether a form, dialog or panel on show takes Esc to close itself, so that Esc
    /// must not also go back.
    pub fn wants_escape(&self) -> bool {
        let global = self.capture.is_some()
            || self.exchange.roster_preview.is_some()
            || self.settings.swapping.is_some();
        let on_screen = match self.screen {
            Screen::Team => {
                self.team.form.is_some()
                    || self.team.share.is_some()
                    || self.team.cadence_form.is_some()
                    || self
                        .team
                        .open_rep
                        .as_ref()
                        .is_some_and(|p| p.table.editor.is_some())
            }
            Screen::Observations => self.observations.editor.is_some(),
            Screen::Framework => {
                self.framework.skill_form.is_some() || self.framework.prompt_form.is_some()
            }
            Screen::Calendar => self.calendar.selected.is_some(),
            Screen::Home | Screen::Gaps | Screen::Settings | Screen::Session => false,
        };
        global || on_screen
    }

    fn is_at(&self, place: &Place) -> bool {
        match place {
            Place::Screen(Screen::Team) => {
                self.screen == Screen::Team && self.team.open_rep.is_none()
            }
            Place::Screen(screen) => self.screen == *screen,
            Place::Rep(page) => {
                self.screen == Screen::Team
                    && self
                        .team
                        .open_rep
                        .as_ref()
                        .is_some_and(|open| open.rep == page.rep && open.tab == page.tab)
            }
            Place::Session(rep, key) => {
                self.screen == Screen::Session && self.session.open == Some((*rep, *key))
            }
        }
    }

    /// Takes the place on show away, as Back will want it again. A rep page's forms and
    /// panels close with it: they are about that rep, and the roster shares the form.
    fn leave(&mut self) -> Option<Visited> {
        let page = self.team.open_rep.take();
        if page.is_some() {
            self.team.form = None;
            self.team.share = None;
            self.team.cadence_form = None;
        }
        match self.screen {
            Screen::Team => {
                Some(page.map_or(Visited::Screen(Screen::Team), |p| Visited::Rep(Box::new(p))))
            }
            Screen::Session => self
                .session
                .open
                .map(|(rep, key)| Visited::Session(rep, key)),
            screen => Some(Visited::Screen(screen)),
        }
    }

    fn arrive(&mut self, place: Visited) {
        match place {
            Visited::Screen(screen) => self.screen = screen,
            Visited::Rep(page) => {
                self.team.open_rep = Some(*page);
                self.screen = Screen::Team;
            }
            // The same session again keeps what is typed in it; another one opens fresh.
            Visited::Session(rep, key) if self.session.open == Some((rep, key)) => {
                self.screen = Screen::Session;
            }
            Visited::Session(rep, key) => self.open_session(rep, key),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn back_remembers_only_the_latest_places() {
        let mut state = UiState::default();
        for i in 0..HISTORY_LEN * 2 {
            state.go(Place::Screen(Screen::ALL[i % Screen::ALL.len()]));
        }
        assert_eq!(state.history.len(), HISTORY_LEN);
        for _ in 0..HISTORY_LEN {
            state.back();
        }
        assert!(state.history.is_empty());
        let screen = state.screen;
        state.back();
        assert_eq!(state.screen, screen, "with nothing behind, Back stays");
    }

    #[test]
    fn a_session_left_without_history_goes_back_to_the_calendar() {
        let mut state = UiState {
            screen: Screen::Session,
            ..UiState::default()
        };
        state.back();
        assert_eq!(state.screen, Screen::Calendar);
    }
}
