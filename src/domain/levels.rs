//! The level model: where a rep stands in a skill, where it is heading, and what needs
//! attention.
//!
//! The level is a recency-weighted mean of the 1-5 ratings with a half-life of 90 days by
//! default: a rating a quarter old counts half as much as today's, one a year old about a
//! sixteenth. A quarter is the rhythm of sales teams and about the time a coached
//! behaviour takes to settle, so older evidence fades but is not thrown away. "Not
//! observed" counts toward coverage and never moves the level.

use chrono::NaiveDate;

use super::Level;

pub const DEFAULT_HALF_LIFE_DAYS: f64 = 90.0;
/// The half-lives a manager can choose: two weeks to two years.
pub const HALF_LIFE_RANGE_DAYS: std::ops::RangeInclusive<u32> = 14..=730;

/// The half-life as stored in a data file; text that is not a whole number of days falls
/// back to the default and a number outside the range is brought into it, so the window,
/// the agenda and the command line always agree.
pub fn half_life_from_text(text: Option<&str>) -> u32 {
    text.and_then(|t| t.trim().parse::<u32>().ok())
        .map_or(DEFAULT_HALF_LIFE_DAYS as u32, |days| {
            days.clamp(*HALF_LIFE_RANGE_DAYS.start(), *HALF_LIFE_RANGE_DAYS.end())
        })
}
/// The trend looks this far back, and is given per 90 days.
pub const TREND_WINDOW_DAYS: i64 = 180;
/// Ratings bunched closer together than this give no trend: two ratings a week apart
/// would otherwise read as a slope of many points per quarter.
pub const TREND_MIN_SPAN_DAYS: i64 = 30;
/// A trend is never steeper than the whole 1-5 scale per 90 days.
const TREND_LIMIT: f64 = 4.0;
/// With fewer ratings than this, the level is shown as uncertain.
pub const CONFIDENT_RATINGS: u32 = 3;
/// No rating for this long makes a skill stale.
pub const STALE_DAYS: i64 = 60;
/// Coverage looks at this window.
pub const COVERAGE_DAYS: i64 = 90;

/// One observation of a skill: its day, and its rating (`None` for not observed).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Point {
    pub day: NaiveDate,
    pub rating: Option<u8>,
}

/// Sums that the model needs, gathered in one pass over observations in any order.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Accumulator {
    weight: f64,
    weighted: f64,
    rated: u32,
    last_rated: Option<NaiveDate>,
    seen_recently: bool,
    /// The oldest and newest age in days of the ratings in the trend window.
    trend_span: Option<(i64, i64)>,
    n: f64,
    sx: f64,
    sy: f64,
    sxy: f64,
    sxx: f64,
}

impl Accumulator {
    /// Adds one observation, as of `as_of`; later observations are ignored.
    pub fn add(&mut self, point: Point, as_of: NaiveDate, half_life_days: f64) {
        if point.day > as_of {
            return;
        }
        let age = (as_of - point.day).num_days();
        if age < COVERAGE_DAYS {
            self.seen_recently = true;
        }
        let Some(rating) = point.rating else {
            return;
        };
        let r = f64::from(rating);
        let w = (-(age as f64) / half_life_days).exp2();
        self.weight += w;
        self.weighted += w * r;
        self.rated += 1;
        self.last_rated = Some(self.last_rated.map_or(point.day, |d| d.max(point.day)));
        if age < TREND_WINDOW_DAYS {
            // x in units of 90 days before as_of, so the slope is per 90 days.
            let x = -(age as f64) / 90.0;
            self.trend_span = Some(
                self.trend_span
                    .map_or((age, age), |(old, new)| (old.max(age), new.min(age))),
            );
            self.n += 1.0;
            self.sx += x;
            self.sy += r;
            self.sxy += x * r;
            self.sxx += x * x;
        }
    }

    pub fn figures(&self, as_of: NaiveDate, target: Option<Level>) -> Figures {
        let level = (self.weight > 0.0).then(|| self.weighted / self.weight);
        let denominator = self.n * self.sxx - self.sx * self.sx;
        let spread = self
            .trend_span
            .is_some_and(|(old, new)| old - new >= TREND_MIN_SPAN_DAYS);
        let trend = (self.n >= 2.0 && spread && denominator.abs() > 1e-9).then(|| {
            ((self.n * self.sxy - self.sx * self.sy) / denominator).clamp(-TREND_LIMIT, TREND_LIMIT)
        });
        let gap = match (level, target) {
            (Some(level), Some(target)) => Some(f64::from(target.get()) - level),
            _ => None,
        };
        let trend_ratings = self.n as u32;
        Figures {
            level,
            target,
            gap,
            trend,
            trend_ratings,
            ratings: self.rated,
            last_rated: self.last_rated,
            seen_recently: self.seen_recently,
            flags: Flags {
                below_target: gap.is_some_and(|g| g >= 0.5),
                declining: trend.is_some_and(|t| t <= -0.5) && trend_ratings >= 3,
                stale: self
                    .last_rated
                    .is_some_and(|d| (as_of - d).num_days() >= STALE_DAYS),
                never_observed: self.rated == 0,
                low_confidence: self.rated < CONFIDENT_RATINGS,
            },
        }
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Flags {
    pub below_target: bool,
    pub declining: bool,
    pub stale: bool,
    pub never_observed: bool,
    pub low_confidence: bool,
}

/// Where one rep stands in one skill, as of a day.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Figures {
    pub level: Option<f64>,
    pub target: Option<Level>,
    /// Target minus level: positive is below target.
    pub gap: Option<f64>,
    /// Change of the ratings per 90 days over the last 180.
    pub trend: Option<f64>,
    pub trend_ratings: u32,
    pub ratings: u32,
    pub last_rated: Option<NaiveDate>,
    /// Observed (rated or looked for) in the last 90 days: coverage.
    pub seen_recently: bool,
    pub flags: Flags,
}

/// A signed figure to one decimal, without the "-0.0" a tiny negative would print.
pub fn signed_tenths(value: f64) -> String {
    let tenths = (value * 10.0).round() / 10.0;
    if tenths == 0.0 {
        "0.0".to_owned()
    } else {
        format!("{tenths:+.1}")
    }
}

/// The figures of one skill from its observations.
pub fn figures(
    points: &[Point],
    as_of: NaiveDate,
    half_life_days: f64,
    target: Option<Level>,
) -> Figures {
    let mut acc = Accumulator::default();
    for point in points {
        acc.add(*point, as_of, half_life_days);
    }
    acc.figures(as_of, target)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn day(n: i64) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 1, 1).unwrap() + chrono::Duration::days(n)
    }

    fn points() -> impl Strategy<Value = Vec<(i64, Option<u8>)>> {
        prop::collection::vec((0i64..700, prop::option::weighted(0.9, 1u8..=5)), 1..40)
    }

    fn to_points(raw: &[(i64, Option<u8>)]) -> Vec<Point> {
        raw.iter()
            .map(|(d, r)| Point {
                day: day(*d),
                rating: *r,
            })
            .collect()
    }

    const AS_OF: i64 = 720;

    #[test]
    fn signed_tenths_never_prints_negative_zero() {
        assert_eq!(signed_tenths(-0.03), "0.0");
        assert_eq!(signed_tenths(0.04), "0.0");
        assert_eq!(signed_tenths(1.25), "+1.3");
        assert_eq!(signed_tenths(-0.96), "-1.0");
    }

    proptest! {
        #[test]
        fn equal_ratings_give_that_level(days in prop::collection::vec(0i64..700, 1..30), r in 1u8..=5) {
            let pts: Vec<Point> = days.iter().map(|d| Point { day: day(*d), rating: Some(r) }).collect();
            let level = figures(&pts, day(AS_OF), 90.0, None).level.unwrap();
            prop_assert!((level - f64::from(r)).abs() < 1e-9);
        }

        #[test]
        fn the_newest_rating_pulls_the_level_toward_itself(raw in points(), r in 1u8..=5) {
            let mut pts = to_points(&raw);
            let before = figures(&pts, day(AS_OF), 90.0, None).level;
            pts.push(Point { day: day(AS_OF), rating: Some(r) });
            let after = figures(&pts, day(AS_OF), 90.0, None).level.unwrap();
            if let Some(before) = before {
                let r = f64::from(r);
                prop_assert!((after - r).abs() <= (before - r).abs() + 1e-9);
            } else {
                prop_assert!((after - f64::from(r)).abs() < 1e-9);
            }
        }

        #[test]
        fn not_observed_changes_nothing(raw in points(), extra in 0i64..700) {
            let pts = to_points(&raw);
            let base = figures(&pts, day(AS_OF), 90.0, Level::new(4));
            let mut more = pts.clone();
            more.push(Point { day: day(extra), rating: None });
            let with = figures(&more, day(AS_OF), 90.0, Level::new(4));
            prop_assert_eq!(base.level, with.level);
            prop_assert_eq!(base.gap, with.gap);
            prop_assert_eq!(base.ratings, with.ratings);
        }

        #[test]
        fn shifting_every_date_leaves_the_level(raw in points(), shift in -400i64..400) {
            let pts = to_points(&raw);
            let moved: Vec<Point> = pts.iter().map(|p| Point { day: p.day + chrono::Duration::days(shift), ..*p }).collect();
            let a = figures(&pts, day(AS_OF), 90.0, None).level;
            let b = figures(&moved, day(AS_OF) + chrono::Duration::days(shift), 90.0, None).level;
            match (a, b) {
                (Some(a), Some(b)) => prop_assert!((a - b).abs() < 1e-9),
                (a, b) => prop_assert_eq!(a, b),
            }
        }
    }

    #[test]
    fn flags_follow_the_rules() {
        let falling = [(0, 5), (60, 4), (120, 3), (170, 2)].map(|(d, r)| Point {
            day: day(d),
            rating: Some(r),
        });
        let f = figures(&falling, day(175), 90.0, Level::new(4));
        assert!(f.flags.declining && f.flags.below_target && !f.flags.low_confidence);
        assert!(f.trend.unwrap() < -0.5);
        let old = [Point {
            day: day(0),
            rating: Some(3),
        }];
        let f = figures(&old, day(100), 90.0, Level::new(3));
        assert!(f.flags.stale && f.flags.low_confidence && !f.flags.below_target);
        let f = figures(&[], day(100), 90.0, Level::new(3));
        assert!(f.flags.never_observed && f.level.is_none());
        // "As of" a past day ignores what came after.
        let later = [
            Point {
                day: day(0),
                rating: Some(2),
            },
            Point {
                day: day(50),
                rating: Some(5),
            },
        ];
        assert_eq!(figures(&later, day(10), 90.0, None).level, Some(2.0));
    }

    #[test]
    fn bunched_ratings_give_no_trend_and_a_trend_stays_within_the_scale() {
        let rated = |list: &[(i64, u8)]| -> Vec<Point> {
            list.iter()
                .map(|(d, r)| Point {
                    day: day(*d),
                    rating: Some(*r),
                })
                .collect()
        };
        let bunched = rated(&[(100, 5), (105, 3), (110, 1)]);
        assert_eq!(figures(&bunched, day(120), 90.0, None).trend, None);
        let steep = rated(&[(100, 5), (101, 5), (131, 1), (132, 1)]);
        let trend = figures(&steep, day(140), 90.0, None).trend.unwrap();
        assert_eq!(trend, -4.0);
    }

    #[test]
    fn a_stored_half_life_is_read_leniently() {
        assert_eq!(half_life_from_text(None), 90);
        assert_eq!(half_life_from_text(Some("60")), 60);
        assert_eq!(half_life_from_text(Some("0")), 14);
        assert_eq!(half_life_from_text(Some("99999")), 730);
        assert_eq!(half_life_from_text(Some("-5")), 90);
        assert_eq!(half_life_from_text(Some("NaN")), 90);
    }
}
