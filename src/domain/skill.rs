//! Skills and their rubrics: what "good" looks like, so a rating means the same every time.

use super::text::{fold_case, tidy};
use super::{Bucket, ValidationError};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SkillId(pub i64);

/// Anchors for levels 1, 3 and 5; 2 and 4 sit between them, which keeps the rubric short
/// enough to read during a call.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Rubric {
    pub level_1: String,
    pub level_3: String,
    pub level_5: String,
}

impl Rubric {
    pub fn anchors(&self) -> [(u8, &str); 3] {
        [
            (1, self.level_1.as_str()),
            (3, self.level_3.as_str()),
            (5, self.level_5.as_str()),
        ]
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Skill {
    pub id: SkillId,
    pub bucket: Bucket,
    pub name: String,
    pub description: String,
    pub rubric: Rubric,
    pub position: i64,
    /// A skill that has observations is retired rather than deleted, so history stays whole.
    pub retired: bool,
    /// Part of the organization's framework: changed only by pulling a newer one.
    pub from_org: bool,
}

/// A skill as typed or as read from the framework file, before it has an id.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SkillDraft {
    pub bucket: Option<Bucket>,
    pub name: String,
    pub description: String,
    pub rubric: Rubric,
}

impl SkillDraft {
    /// Checks the draft against the names already used in its bucket (`others`, without the
    /// skill being edited) and returns it tidied.
    pub fn validate(&self, bucket: Bucket, others: &[&str]) -> Result<SkillDraft, ValidationError> {
        let name = tidy(&self.name);
        if name.is_empty() {
            return Err(ValidationError::EmptySkillName);
        }
        let folded = fold_case(&name);
        if others.iter().any(|other| fold_case(other) == folded) {
            return Err(ValidationError::DuplicateSkillName {
                bucket: bucket.title().to_owned(),
                name,
            });
        }
        for (level, text) in self.rubric.anchors() {
            if text.trim().is_empty() {
                return Err(ValidationError::EmptyRubric { skill: name, level });
            }
        }
        Ok(SkillDraft {
            bucket: Some(bucket),
            name,
            description: self.description.trim().to_owned(),
            rubric: Rubric {
                level_1: self.rubric.level_1.trim().to_owned(),
                level_3: self.rubric.level_3.trim().to_owned(),
                level_5: self.rubric.level_5.trim().to_owned(),
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft(name: &str) -> SkillDraft {
        SkillDraft {
            bucket: None,
            name: name.into(),
            description: "d".into(),
            rubric: Rubric {
                level_1: "a".into(),
                level_3: "b".into(),
                level_5: "c".into(),
            },
        }
    }

    #[test]
    fn skill_names_are_required_and_unique_in_a_bucket() {
        assert_eq!(
            draft(" ").validate(Bucket::Selling, &[]),
            Err(ValidationError::EmptySkillName)
        );
        let err = draft("listening")
            .validate(Bucket::Selling, &["Listening"])
            .unwrap_err();
        assert!(matches!(err, ValidationError::DuplicateSkillName { .. }));
        assert!(
            draft("Listening")
                .validate(Bucket::Selling, &["Rapport"])
                .is_ok()
        );
    }

    #[test]
    fn every_anchor_needs_text() {
        let mut d = draft("Listening");
        d.rubric.level_3 = "  ".into();
        assert_eq!(
            d.validate(Bucket::Selling, &[]),
            Err(ValidationError::EmptyRubric {
                skill: "Listening".into(),
                level: 3
            })
        );
    }
}
