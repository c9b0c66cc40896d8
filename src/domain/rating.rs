//! Levels on the 1-5 rubric scale, and ratings that may also be "not observed".

use serde::{Deserialize, Serialize};

use super::ValidationError;

/// A point on the 1-5 rubric scale; the only way to build one checks the range.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "i64", into = "i64")]
pub struct Level(u8);

impl Level {
    pub const MIN: i64 = 1;
    pub const MAX: i64 = 5;

    pub fn new(value: i64) -> Option<Level> {
        (Self::MIN..=Self::MAX)
            .contains(&value)
            .then_some(Level(value as u8))
    }

    pub fn target(value: i64) -> Result<Level, ValidationError> {
        Level::new(value).ok_or(ValidationError::TargetOutOfRange(value))
    }

    pub fn get(self) -> u8 {
        self.0
    }
}

impl TryFrom<i64> for Level {
    type Error = ValidationError;

    fn try_from(value: i64) -> Result<Self, Self::Error> {
        Level::new(value).ok_or(ValidationError::RatingOutOfRange(value))
    }
}

impl From<Level> for i64 {
    fn from(level: Level) -> i64 {
        i64::from(level.0)
    }
}

/// What a manager records for a skill on a call. "Not observed" counts toward coverage
/// (the skill was looked for) but never toward the level.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Rating {
    Rated(Level),
    NotObserved,
}

impl Rating {
    /// From the stored form: a number 1-5, or nothing for "not observed".
    pub fn from_stored(value: Option<i64>) -> Result<Rating, ValidationError> {
        match value {
            None => Ok(Rating::NotObserved),
            Some(v) => Ok(Rating::Rated(Level::try_from(v)?)),
        }
    }

    pub fn to_stored(self) -> Option<i64> {
        match self {
            Rating::Rated(level) => Some(level.into()),
            Rating::NotObserved => None,
        }
    }

    /// Whether a rating this far from the middle needs evidence: a 1, 2 or 5 is a strong
    /// claim, and a claim without evidence is a mood.
    pub fn needs_evidence(self) -> bool {
        matches!(self, Rating::Rated(level) if matches!(level.get(), 1 | 2 | 5))
    }

    pub fn label(self) -> String {
        match self {
            Rating::Rated(level) => level.get().to_string(),
            Rating::NotObserved => "not observed".to_owned(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn only_one_to_five_are_levels(value in any::<i64>()) {
            let level = Level::new(value);
            prop_assert_eq!(level.is_some(), (1..=5).contains(&value));
            if let Some(level) = level {
                prop_assert_eq!(i64::from(level), value);
            }
        }

        #[test]
        fn stored_ratings_round_trip(value in proptest::option::of(-10i64..10)) {
            match Rating::from_stored(value) {
                Ok(rating) => prop_assert_eq!(rating.to_stored(), value),
                Err(err) => prop_assert_eq!(err, ValidationError::RatingOutOfRange(value.unwrap_or_default())),
            }
        }
    }

    #[test]
    fn out_of_range_rating_is_explained() {
        let err = Rating::from_stored(Some(6)).unwrap_err();
        assert!(err.to_string().contains("1 to 5"));
        assert_eq!(Level::target(0), Err(ValidationError::TargetOutOfRange(0)));
    }
}
