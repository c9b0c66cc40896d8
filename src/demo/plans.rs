//! The demo's coaching plans and session ratings: a plan after plan on each rep's weaker
//! skills over the whole history, most closed, the latest running; and the reps' own
//! rating of their recent sessions. They come from a random stream of their own, so
//! adding them left every other part of the demo as it was.

use std::collections::HashMap;

use chrono::{Duration, NaiveDate};
use rand::seq::IndexedRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::{DemoError, Profile, Writer};
use crate::domain::Level;
use crate::domain::levels::{self, DEFAULT_HALF_LIFE_DAYS, Point};
use crate::domain::plan::{DEFAULT_REVIEW_AFTER_DAYS, Plan, PlanDraft, PlanStatus};
use crate::domain::rep_file::answers::SessionRating;
use crate::domain::skill::SkillId;
use crate::store;

/// Mixed into the seed so the plans' stream differs from the history's.
const STREAM: u64 = 0x05EE_D0F9_1A2B;
/// Skills a plan is chosen among: the weakest of a few, as a manager would.
const CANDIDATES: usize = 4;
/// Reps' ratings of their sessions go back this far.
const RATED_DAYS: i64 = 180;

const COMMENTS: &[&str] = &[
    "The role play on pricing helped.",
    "Good to go through the Northwind call together.",
    "Too short; we ran out of time for my deals.",
    "Clear next steps this time.",
    "Would like more on discovery questions.",
    "Useful feedback on my demo.",
];

impl Writer<'_> {
    pub(super) fn plans_and_ratings(
        &mut self,
        profiles: &[Profile],
        seed: u64,
    ) -> Result<(), DemoError> {
        let mut rng = ChaCha8Rng::seed_from_u64(seed ^ STREAM);
        for profile in profiles {
            self.plans_of(profile, &mut rng)?;
            if rng.random_bool(0.7) {
                self.session_ratings(profile, &mut rng)?;
            }
        }
        Ok(())
    }

    fn plans_of(&mut self, profile: &Profile, rng: &mut ChaCha8Rng) -> Result<(), DemoError> {
        let mut by_skill: HashMap<SkillId, Vec<Point>> = HashMap::new();
        for (skill, point) in store::observations::points_of_rep(self.conn, profile.id)? {
            by_skill.entry(skill).or_default().push(point);
        }
        let role = store::reps::get(self.conn, profile.id)?
            .map(|r| r.role)
            .unwrap_or_default();
        let first = self.today - Duration::days(self.size.history_days());
        let mut start = first + Duration::days(rng.random_range(14..60));
        while start < self.today {
            let length = Duration::days(rng.random_range(35..84));
            let skill = self.weak_skill(&by_skill, start, rng);
            let start_level = by_skill.get(&skill).and_then(|points| {
                levels::figures(points, start, DEFAULT_HALF_LIFE_DAYS, None).level
            });
            let Some(target) =
                store::targets::role_target(self.conn, &role, skill)?.or(Level::new(4))
            else {
                break;
            };
            let end = start + length;
            let (status, closed_on) = if end >= self.today {
                (PlanStatus::Active, None)
            } else {
                let status = match rng.random_range(0..20) {
                    0..9 => PlanStatus::Met,
                    9..16 => PlanStatus::CarriedOn,
                    _ => PlanStatus::Dropped,
                };
                (status, Some(end))
            };
            let draft = PlanDraft {
                rep: profile.id,
                skill,
                started_on: start,
                start_level,
                target,
                review_on: start + Duration::days(DEFAULT_REVIEW_AFTER_DAYS),
                why: format!(
                    "The weakest of the skills we reviewed in {}",
                    start.format("%B %Y")
                ),
                shared: rng.random_bool(0.8),
            };
            let id = store::plans::insert(self.conn, &draft)?;
            store::plans::put(
                self.conn,
                &Plan {
                    id,
                    draft,
                    status,
                    closed_on,
                },
            )?;
            start = end + Duration::days(rng.random_range(1..21));
        }
        Ok(())
    }

    /// The weakest, as of `day`, of a few skills picked at random.
    fn weak_skill(
        &self,
        by_skill: &HashMap<SkillId, Vec<Point>>,
        day: NaiveDate,
        rng: &mut ChaCha8Rng,
    ) -> SkillId {
        let ids: Vec<SkillId> = self.skills.iter().map(|s| s.id).collect();
        let level = |skill: &SkillId| {
            by_skill
                .get(skill)
                .and_then(|p| levels::figures(p, day, DEFAULT_HALF_LIFE_DAYS, None).level)
                .unwrap_or(3.0)
        };
        ids.choose_multiple(rng, CANDIDATES)
            .min_by(|a, b| level(a).total_cmp(&level(b)))
            .copied()
            .unwrap_or(SkillId(0))
    }

    /// The rep's rating of most of their held sessions of the last months.
    fn session_ratings(
        &mut self,
        profile: &Profile,
        rng: &mut ChaCha8Rng,
    ) -> Result<(), DemoError> {
        let since = self.now - Duration::days(RATED_DAYS);
        let held = store::sessions::held_ids_since(self.conn, profile.id, since)?;
        let leaning: u8 = rng.random_range(3..5);
        for session in held {
            if rng.random_bool(0.3) {
                continue;
            }
            let usefulness = (leaning + rng.random_range(0..3))
                .saturating_sub(1)
                .clamp(1, 5);
            let comment = if rng.random_bool(0.35) {
                COMMENTS.choose(rng).copied().unwrap_or_default()
            } else {
                ""
            };
            store::rep_answers::put_session_rating(
                self.conn,
                &SessionRating {
                    session_id: session,
                    usefulness,
                    comment: comment.to_owned(),
                },
            )?;
        }
        Ok(())
    }
}
