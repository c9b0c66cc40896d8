//! The reads the screens need between frames: the calendar window, the open session, the
//! commitments, an editor's observation, the skill figures and trends.

use super::{App, WriteState, session_view};
use crate::domain::observation::ObservationId;
use crate::model::TableId;
use crate::store;
use crate::ui::{self, Reply};

impl App {
    /// Computes the stretch of the schedule the screen on show needs, when it changed.
    pub(super) fn load_window(&mut self, ctx: &egui::Context) {
        let Some(window) = self.state.wanted_window(self.ops.clock().today()) else {
            return;
        };
        if self.caches.calendar.window == Some(window) {
            return;
        }
        if let Err(err) =
            self.caches
                .load_calendar(self.ops.store(), window.0, window.1, self.ops.clock().now())
        {
            self.write_state = WriteState::Failed(err.to_string());
        }
        ctx.request_repaint();
    }

    /// Reads the open session again when another one opened or a change touched it.
    pub(super) fn load_session_view(&mut self, ctx: &egui::Context) {
        let Some((rep, key)) = self.state.session.open else {
            self.caches.session = None;
            return;
        };
        if self.caches.session.as_ref().is_some_and(|v| v.key == key) {
            return;
        }
        match session_view::load(
            self.ops.store(),
            &self.caches,
            rep,
            key,
            self.ops.clock().now(),
            self.ops.clock().today(),
        ) {
            Ok(Some(view)) => {
                self.reply(Reply::Session(Some(Box::new(view.clone()))));
                self.caches.session = Some(view);
            }
            Ok(None) => {
                self.reply(Reply::Session(None));
                self.caches.session = None;
            }
            Err(err) => {
                // Tried again at the next frame that comes, without asking for one: a
                // file that cannot be read must not keep the window spinning.
                self.write_state = WriteState::Failed(err.to_string());
                return;
            }
        }
        ctx.request_repaint();
    }

    /// Commitments for Home and for the open rep page.
    pub(super) fn load_commitments(&mut self) {
        let open_rep = self.state.team.open_rep.as_ref().map(|p| p.rep);
        if self.caches.commitments_for == Some(open_rep) {
            return;
        }
        self.caches.commitments_for = Some(open_rep);
        let conn = self.ops.store().conn();
        let week = self.ops.clock().today() + chrono::Duration::days(7);
        let loaded = store::commitments::open_due_by(conn, week).and_then(|due| {
            let rep = match self.state.team.open_rep.as_ref() {
                Some(page) => Some((page.rep, store::commitments::for_rep(conn, page.rep)?)),
                None => None,
            };
            Ok((due, rep))
        });
        match loaded {
            Ok((due, rep)) => {
                self.caches.due_commitments = due;
                self.caches.rep_commitments = rep;
            }
            Err(err) => self.write_state = WriteState::Failed(err.to_string()),
        }
    }

    /// Reads the observation an editor panel was opened on.
    pub(super) fn read_observation(&mut self, table: TableId, id: ObservationId) {
        match store::observations::get(self.ops.store().conn(), id) {
            Ok(observation) => self.reply(Reply::Editor(table, id, observation.map(Box::new))),
            Err(err) => {
                self.reply(Reply::Editor(table, id, None));
                self.reply(Reply::Error(err.to_string()));
            }
        }
    }

    /// Recomputes the skill figures when the log, the day or the half-life changed.
    pub(super) fn load_gaps(&mut self) {
        let wanted = self.state.gaps.as_of(self.ops.clock().today());
        let half_life = f64::from(self.state.gaps.half_life_days);
        let Some(log) = self.caches.log.log() else {
            return;
        };
        let current = self.caches.gaps.as_ref().is_some_and(|(map, version)| {
            *version == self.caches.log_version
                && map.as_of == Some(wanted)
                && (map.half_life_days - half_life).abs() < f64::EPSILON
                && map.reps.len()
                    == self
                        .caches
                        .roster
                        .iter()
                        .filter(|r| !r.rep.archived)
                        .count()
        });
        if current {
            return;
        }
        let map = crate::model::compute_gaps(log, &self.caches, wanted, half_life);
        self.caches.gaps = Some((map, self.caches.log_version));
    }

    /// Draws the open rep's trend chart again when its rep, skills, day, half-life or the
    /// log changed; nothing while the Skills tab is closed.
    pub(super) fn load_trends(&mut self, ctx: &egui::Context) {
        let Some(page) = self
            .state
            .team
            .open_rep
            .as_ref()
            .filter(|p| p.tab == ui::RepTab::Skills)
        else {
            return;
        };
        let key = crate::model::TrendKey {
            rep: page.rep,
            skills: crate::model::chart_skills(&self.caches, page.bucket, page.skill),
            as_of: self.state.gaps.as_of(self.ops.clock().today()),
            half_life_days: self.state.gaps.half_life_days,
            log_version: self.caches.log_version,
        };
        if self.caches.trends.as_ref().is_some_and(|(k, _)| *k == key) {
            return;
        }
        let Some(log) = self.caches.log.log() else {
            return;
        };
        let series = crate::model::skill_trends(
            log,
            key.rep,
            &key.skills,
            key.as_of,
            f64::from(key.half_life_days),
        );
        self.caches.trends = Some((key, series));
        ctx.request_repaint();
    }
}
