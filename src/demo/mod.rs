//! A realistic, deterministic demo team, so every screen has something true to show.
//!
//! Everything is derived from the seed and the given "now": the same two inputs always give
//! the same file contents, which the tests and the screenshots rely on.

mod history;
mod plans;
mod text;

use chrono::{DateTime, Duration, NaiveDate, NaiveTime, Utc, Weekday};
use rand::seq::{IndexedRandom, SliceRandom};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use thiserror::Error;

use crate::domain::Level;
use crate::domain::cadence::{Cadence, CadenceEnd, CadenceId, Recurrence};
use crate::domain::rep::{RepDraft, RepId};
use crate::domain::skill::Skill;
use crate::store::{self, StoreError};

pub const DEFAULT_SEED: u64 = 7;
const TIME_ZONE: chrono_tz::Tz = chrono_tz::Tz::Europe__London;

/// How much history to write: a team to explore, or ten years of a large one to measure
/// the app against.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum DemoSize {
    /// 8 reps and a year of coaching: several hundred observations.
    #[default]
    Standard,
    /// 50 reps, 40 skills and ten years of weekly coaching: about 26,000 sessions and
    /// half a million observations.
    Large,
    /// The large team's last quarter only: every screen as full as with ten years, so the
    /// benchmark can tell what costs more because of the years alone.
    Quarter,
    /// One manager of an organization's demo: 10 reps and ten years on the shipped
    /// framework (so skills line up across teams), about 100,000 observations.
    OrgTeam,
}

impl DemoSize {
    fn reps(self) -> usize {
        match self {
            DemoSize::Standard => 8,
            DemoSize::Large | DemoSize::Quarter => 50,
            DemoSize::OrgTeam => 10,
        }
    }

    fn history_days(self) -> i64 {
        match self {
            DemoSize::Standard => 365,
            DemoSize::Large | DemoSize::OrgTeam => 3650,
            DemoSize::Quarter => 91,
        }
    }

    /// Days between calls the manager joins, and observations per call.
    fn ride_alongs(self) -> (std::ops::Range<i64>, std::ops::Range<usize>) {
        match self {
            DemoSize::Standard => (9..24, 2..6),
            DemoSize::Large | DemoSize::Quarter | DemoSize::OrgTeam => (1..4, 4..8),
        }
    }
}

#[derive(Debug, Error)]
pub enum DemoError {
    #[error(
        "{} already holds {reps} reps; the demo team is only written into a new or empty data file.",
        path.display()
    )]
    NotEmpty { path: std::path::PathBuf, reps: i64 },
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<rusqlite::Error> for DemoError {
    fn from(err: rusqlite::Error) -> Self {
        DemoError::Store(err.into())
    }
}

/// What was written, for the command line to report.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct DemoSummary {
    pub reps: usize,
    pub sessions: usize,
    pub observations: usize,
    pub commitments: usize,
}

/// A rep's hidden "true" skill levels, which the generated ratings scatter around.
struct Profile {
    id: RepId,
    base: f64,
    growth_per_year: f64,
    /// How reliably this rep's sessions happen; one rep is let slip on purpose.
    attendance: f64,
    slipping: bool,
}

/// The demo team written through `conn`, which the caller holds inside a transaction.
pub fn write(
    conn: &rusqlite::Connection,
    path: &std::path::Path,
    seed: u64,
    now: DateTime<Utc>,
    size: DemoSize,
) -> Result<DemoSummary, DemoError> {
    let reps: i64 = conn.query_row("SELECT count(*) FROM reps", [], |r| r.get(0))?;
    if reps > 0 {
        return Err(DemoError::NotEmpty {
            path: path.to_owned(),
            reps,
        });
    }
    if matches!(size, DemoSize::Large | DemoSize::Quarter) {
        add_skills(conn)?;
    }
    let skills: Vec<Skill> = store::skills::list(conn)?
        .into_iter()
        .filter(|s| !s.retired)
        .collect();
    let mut writer = Writer {
        conn,
        rng: ChaCha8Rng::seed_from_u64(seed),
        now,
        today: now.date_naive(),
        skills,
        size,
        summary: DemoSummary::default(),
    };
    let profiles = writer.team()?;
    for profile in &profiles {
        writer.history(profile)?;
    }
    writer.plans_and_ratings(&profiles, seed)?;
    store::meta::set(conn, store::meta::SETUP_CHOICE, "demo")?;
    Ok(writer.summary)
}

struct Writer<'c> {
    conn: &'c rusqlite::Connection,
    rng: ChaCha8Rng,
    now: DateTime<Utc>,
    today: NaiveDate,
    skills: Vec<Skill>,
    size: DemoSize,
    summary: DemoSummary,
}

/// The large team's framework has 40 skills: the shipped ones and these.
fn add_skills(conn: &rusqlite::Connection) -> Result<(), DemoError> {
    let first = store::skills::next_position(conn)?;
    for (position, (bucket, name)) in (first..).zip(text::EXTRA_SKILLS) {
        let lower = name.to_lowercase();
        let rubric = crate::domain::skill::Rubric {
            level_1: format!("Rarely shows {lower}."),
            level_3: format!("Shows {lower} in routine situations."),
            level_5: format!("Shows {lower} every time, even under pressure."),
        };
        let id = store::skills::insert(
            conn,
            *bucket,
            name,
            "Added for the large demo.",
            &rubric,
            position,
        )?;
        for role in ["AE", "SDR", "AM"] {
            store::targets::set_role_target(conn, role, id, Level::new(3))?;
        }
    }
    Ok(())
}

impl Writer<'_> {
    fn pick<'a>(&mut self, items: &'a [&'a str]) -> &'a str {
        items.choose(&mut self.rng).copied().unwrap_or_default()
    }

    fn team(&mut self) -> Result<Vec<Profile>, DemoError> {
        let mut firsts = text::FIRST_NAMES.to_vec();
        let mut lasts = text::LAST_NAMES.to_vec();
        firsts.shuffle(&mut self.rng);
        lasts.shuffle(&mut self.rng);
        let mut roles = ["AE", "AE", "AE", "AE", "SDR", "SDR", "AM", "AM"];
        roles.shuffle(&mut self.rng);
        let mut profiles = Vec::new();
        for index in 0..self.size.reps() {
            let role = roles[index % roles.len()];
            // Every (first, last) pair is different: the last name moves on by one for
            // each round through the first names.
            let first = firsts[index % firsts.len()];
            let last = lasts[(index / firsts.len() + index) % lasts.len()];
            let email = format!("{}.{}@example.com", ascii(first), ascii(last));
            let start = self.today - Duration::days(self.rng.random_range(420..1500));
            let id = store::reps::insert(
                self.conn,
                &RepDraft {
                    name: format!("{first} {last}"),
                    role: role.to_owned(),
                    email,
                    start_date: Some(start),
                },
                self.now,
            )?;
            self.summary.reps += 1;
            let slipping = index == 2;
            profiles.push(Profile {
                id,
                base: self.rng.random_range(2.0..3.6),
                growth_per_year: self.rng.random_range(-0.3..1.0),
                attendance: if slipping {
                    0.55
                } else {
                    self.rng.random_range(0.8..0.97)
                },
                slipping,
            });
        }
        Ok(profiles)
    }

    fn cadence(&mut self, profile: &Profile, index: i64) -> Result<Cadence, DemoError> {
        let weekday = [
            Weekday::Mon,
            Weekday::Tue,
            Weekday::Wed,
            Weekday::Thu,
            Weekday::Fri,
        ][(index % 5) as usize];
        // The large team meets weekly, as the performance budgets assume.
        let pattern = if self.size != DemoSize::Standard {
            0
        } else {
            index % 4
        };
        let recurrence = match pattern {
            0 | 1 => Recurrence::Weekly {
                interval_weeks: 1,
                weekday,
            },
            2 => Recurrence::Weekly {
                interval_weeks: 2,
                weekday,
            },
            _ => Recurrence::MonthlyByWeekday { week: 2, weekday },
        };
        let hour = self.rng.random_range(8..16);
        let minute = if self.rng.random_bool(0.5) { 0 } else { 30 };
        let mut cadence = Cadence {
            id: CadenceId(0),
            rep_id: profile.id,
            recurrence,
            start_date: self.today - Duration::days(self.size.history_days()),
            local_time: NaiveTime::from_hms_opt(hour, minute, 0).unwrap_or(NaiveTime::MIN),
            duration_mins: *[30u32, 45, 60].choose(&mut self.rng).unwrap_or(&45),
            time_zone: TIME_ZONE,
            end: CadenceEnd::Never,
            ended: None,
        };
        cadence.id = store::cadences::insert(self.conn, &cadence, self.now)?;
        Ok(cadence)
    }
}

/// Email-safe form of a name: accents dropped, lower case.
fn ascii(name: &str) -> String {
    name.to_lowercase()
        .chars()
        .map(|c| match c {
            'á' | 'ä' | 'å' => 'a',
            'é' => 'e',
            'ö' => 'o',
            other => other,
        })
        .filter(char::is_ascii_alphanumeric)
        .collect()
}
