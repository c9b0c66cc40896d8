//! The coaching framework: the skills of each bucket, their rubrics, the dialogue prompts,
//! and the level expected of each role.
//!
//! A new data file starts from the default framework shipped in `assets/framework.toml`;
//! the file format lives here so that the invariants are checked in one place.

use std::collections::{BTreeMap, HashSet};

use serde::{Deserialize, Serialize};

use super::rep::Role;
use super::skill::{Rubric, Skill, SkillDraft, SkillId};
use super::text::{Lines, clean, fold_case};
use super::{Bucket, Level, ValidationError};

/// A question the manager can ask inside a bucket; the structure is fixed, the wording is
/// the manager's to vary.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Prompt {
    pub id: i64,
    pub bucket: Bucket,
    pub text: String,
    pub position: i64,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RoleTarget {
    pub role: String,
    pub skill_id: SkillId,
    pub level: Level,
}

/// A skill of the framework file with the targets of each role.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FrameworkSkill {
    pub bucket: Bucket,
    pub name: String,
    pub description: String,
    pub rubric: Rubric,
    pub targets: Vec<(String, Level)>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Framework {
    pub roles: Vec<Role>,
    pub skills: Vec<FrameworkSkill>,
    pub prompts: Vec<(Bucket, String)>,
}

/// The framework as it stands in a data file, with ids: what the screens show.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StoredFramework {
    pub roles: Vec<Role>,
    /// In bucket order, then by position.
    pub skills: Vec<Skill>,
    pub prompts: Vec<Prompt>,
    pub role_targets: Vec<RoleTarget>,
}

impl StoredFramework {
    pub fn skill(&self, id: SkillId) -> Option<&Skill> {
        self.skills.iter().find(|s| s.id == id)
    }

    /// The skill's name, or nothing when the framework no longer has it.
    pub fn skill_name(&self, id: SkillId) -> &str {
        self.skill(id).map_or("", |s| s.name.as_str())
    }

    pub fn skills_in(&self, bucket: Bucket) -> impl Iterator<Item = &Skill> {
        self.skills.iter().filter(move |s| s.bucket == bucket)
    }

    pub fn prompts_in(&self, bucket: Bucket) -> impl Iterator<Item = &Prompt> {
        self.prompts.iter().filter(move |p| p.bucket == bucket)
    }

    pub fn role_target(&self, role: &str, skill_id: SkillId) -> Option<Level> {
        self.role_targets
            .iter()
            .find(|t| t.role == role && t.skill_id == skill_id)
            .map(|t| t.level)
    }
}

#[derive(Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct FileFormat {
    roles: Vec<RoleEntry>,
    buckets: Vec<BucketEntry>,
}

#[derive(Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct RoleEntry {
    code: String,
    name: String,
}

#[derive(Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct BucketEntry {
    code: Bucket,
    prompts: Vec<String>,
    skills: Vec<SkillEntry>,
}

#[derive(Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct SkillEntry {
    name: String,
    description: String,
    rubric_1: String,
    rubric_3: String,
    rubric_5: String,
    targets: BTreeMap<String, i64>,
}

impl SkillEntry {
    fn of(skill: &FrameworkSkill) -> SkillEntry {
        SkillEntry {
            name: skill.name.clone(),
            description: skill.description.clone(),
            rubric_1: skill.rubric.level_1.clone(),
            rubric_3: skill.rubric.level_3.clone(),
            rubric_5: skill.rubric.level_5.clone(),
            targets: skill
                .targets
                .iter()
                .map(|(role, level)| (role.clone(), i64::from(*level)))
                .collect(),
        }
    }
}

impl StoredFramework {
    /// The file's framework as a framework file holds it: its skills in use, with the
    /// targets of each role, and its prompts.
    pub fn to_framework(&self) -> Framework {
        let skills = self
            .skills
            .iter()
            .filter(|s| !s.retired)
            .map(|s| FrameworkSkill {
                bucket: s.bucket,
                name: s.name.clone(),
                description: s.description.clone(),
                rubric: s.rubric.clone(),
                targets: self
                    .role_targets
                    .iter()
                    .filter(|t| t.skill_id == s.id)
                    .map(|t| (t.role.clone(), t.level))
                    .collect(),
            })
            .collect();
        Framework {
            roles: self.roles.clone(),
            skills,
            prompts: self
                .prompts
                .iter()
                .map(|p| (p.bucket, p.text.clone()))
                .collect(),
        }
    }
}

const DEFAULT_FRAMEWORK: &str = include_str!("../../assets/framework.toml");

impl Framework {
    /// The framework every new data file starts from.
    pub fn default_framework() -> Result<Framework, ValidationError> {
        Framework::from_toml(DEFAULT_FRAMEWORK)
    }

    /// Reads a framework file and checks its invariants.
    pub fn from_toml(text: &str) -> Result<Framework, ValidationError> {
        let file: FileFormat =
            toml::from_str(text).map_err(|e| ValidationError::Framework(e.message().to_owned()))?;
        let roles: Vec<Role> = file
            .roles
            .into_iter()
            .map(|r| Role {
                code: clean(&r.code, Lines::One).trim().to_owned(),
                name: clean(&r.name, Lines::One).trim().to_owned(),
            })
            .collect();
        let mut skills = Vec::new();
        let mut prompts = Vec::new();
        for bucket in file.buckets {
            prompts.extend(
                bucket
                    .prompts
                    .into_iter()
                    .map(|p| (bucket.code, clean(&p, Lines::One).trim().to_owned())),
            );
            for entry in bucket.skills {
                let mut targets = Vec::new();
                for (role, level) in entry.targets {
                    targets.push((role, Level::target(level)?));
                }
                skills.push(FrameworkSkill {
                    bucket: bucket.code,
                    name: clean(&entry.name, Lines::One),
                    description: clean(&entry.description, Lines::One),
                    rubric: Rubric {
                        level_1: clean(&entry.rubric_1, Lines::Many),
                        level_3: clean(&entry.rubric_3, Lines::Many),
                        level_5: clean(&entry.rubric_5, Lines::Many),
                    },
                    targets,
                });
            }
        }
        let framework = Framework {
            roles,
            skills,
            prompts,
        };
        framework.check()
    }

    /// The framework as a framework file, which [`Framework::from_toml`] reads back equal.
    pub fn to_toml(&self) -> Result<String, ValidationError> {
        let file = FileFormat {
            roles: self
                .roles
                .iter()
                .map(|r| RoleEntry {
                    code: r.code.clone(),
                    name: r.name.clone(),
                })
                .collect(),
            buckets: Bucket::ALL
                .into_iter()
                .map(|bucket| BucketEntry {
                    code: bucket,
                    prompts: self
                        .prompts
                        .iter()
                        .filter(|(b, _)| *b == bucket)
                        .map(|(_, p)| p.clone())
                        .collect(),
                    skills: self
                        .skills
                        .iter()
                        .filter(|s| s.bucket == bucket)
                        .map(SkillEntry::of)
                        .collect(),
                })
                .collect(),
        };
        toml::to_string(&file).map_err(|e| ValidationError::Framework(e.to_string()))
    }

    /// Every skill sits in exactly one bucket, every bucket has skills and prompts, every
    /// rubric has its three anchors, and every target names a known role.
    fn check(mut self) -> Result<Framework, ValidationError> {
        let broken = |msg: String| Err(ValidationError::Framework(msg));
        let mut role_codes = HashSet::new();
        for role in &self.roles {
            if role.code.is_empty() || !role_codes.insert(role.code.clone()) {
                return broken(format!(
                    "the role \"{}\" is empty or listed twice.",
                    role.code
                ));
            }
        }
        let mut seen_names: HashSet<String> = HashSet::new();
        for skill in &mut self.skills {
            let tidy = SkillDraft {
                bucket: Some(skill.bucket),
                name: skill.name.clone(),
                description: skill.description.clone(),
                rubric: skill.rubric.clone(),
            }
            .validate(skill.bucket, &[])?;
            if !seen_names.insert(fold_case(&tidy.name)) {
                return broken(format!(
                    "the skill \"{}\" appears more than once; a skill belongs to exactly one bucket.",
                    tidy.name
                ));
            }
            if let Some((role, _)) = skill.targets.iter().find(|(r, _)| !role_codes.contains(r)) {
                return broken(format!(
                    "the skill \"{}\" has a target for the unknown role \"{role}\".",
                    tidy.name
                ));
            }
            skill.name = tidy.name;
            skill.description = tidy.description;
            skill.rubric = tidy.rubric;
        }
        for bucket in Bucket::ALL {
            if !self.skills.iter().any(|s| s.bucket == bucket) {
                return broken(format!("the bucket \"{}\" has no skills.", bucket.title()));
            }
            if !self
                .prompts
                .iter()
                .any(|(b, p)| *b == bucket && !p.is_empty())
            {
                return broken(format!("the bucket \"{}\" has no prompts.", bucket.title()));
            }
        }
        if let Some((bucket, _)) = self.prompts.iter().find(|(_, p)| p.is_empty()) {
            return broken(format!(
                "the bucket \"{}\" has an empty prompt.",
                bucket.title()
            ));
        }
        Ok(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_framework_written_as_a_file_reads_back_equal() {
        let f = Framework::default_framework().unwrap();
        let again = Framework::from_toml(&f.to_toml().unwrap()).unwrap();
        assert_eq!(again, f);
    }

    #[test]
    fn control_characters_in_a_framework_file_are_cleaned() {
        let f = Framework::default_framework().unwrap();
        let text = f
            .to_toml()
            .unwrap()
            .replacen("Product value", "Product\\u001b[31m value", 1);
        let read = Framework::from_toml(&text).unwrap();
        assert!(read.skills.iter().all(|s| !s.name.contains('\u{1b}')));
    }

    #[test]
    fn the_default_framework_is_complete() {
        let f = Framework::default_framework().expect("the shipped framework parses");
        let codes: Vec<_> = f.roles.iter().map(|r| r.code.as_str()).collect();
        assert_eq!(codes, ["AE", "SDR", "AM"]);
        for bucket in Bucket::ALL {
            let skills: Vec<_> = f.skills.iter().filter(|s| s.bucket == bucket).collect();
            assert!(skills.len() >= 6, "{bucket:?} has {} skills", skills.len());
            let prompts = f.prompts.iter().filter(|(b, _)| *b == bucket).count();
            assert!(prompts >= 5, "{bucket:?} has {prompts} prompts");
            for skill in skills {
                assert!(
                    !skill.description.is_empty(),
                    "{} has no description",
                    skill.name
                );
                let roles: Vec<_> = skill.targets.iter().map(|(r, _)| r.as_str()).collect();
                for code in &codes {
                    assert!(
                        roles.contains(code),
                        "{} has no target for {code}",
                        skill.name
                    );
                }
            }
        }
    }

    const SMALL: &str = r#"
        roles = [{ code = "AE", name = "Account executive" }]
        [[buckets]]
        code = "organization"
        prompts = ["Who else should be in the room?"]
        [[buckets.skills]]
        name = "Product value"
        description = "d"
        rubric_1 = "a"
        rubric_3 = "b"
        rubric_5 = "c"
        targets = { AE = 4 }
        [[buckets]]
        code = "selling"
        prompts = ["What did you agree as next steps?"]
        [[buckets.skills]]
        name = "Listening"
        description = "d"
        rubric_1 = "a"
        rubric_3 = "b"
        rubric_5 = "c"
        targets = { AE = 4 }
        [[buckets]]
        code = "customer"
        prompts = ["Why now?"]
        [[buckets.skills]]
        name = "Why now"
        description = "d"
        rubric_1 = "a"
        rubric_3 = "b"
        rubric_5 = "c"
        targets = { AE = 3 }
    "#;

    #[test]
    fn a_small_valid_framework_parses() {
        let f = Framework::from_toml(SMALL).unwrap();
        assert_eq!(f.skills.len(), 3);
    }

    #[test]
    fn broken_frameworks_are_refused_with_a_reason() {
        let cases = [
            (
                SMALL.replace("name = \"Why now\"", "name = \"Listening\""),
                "more than once",
            ),
            (
                SMALL.replace("prompts = [\"Why now?\"]", "prompts = []"),
                "no prompts",
            ),
            (
                SMALL.replace("targets = { AE = 3 }", "targets = { AE = 7 }"),
                "1 to 5",
            ),
            (
                SMALL.replace("targets = { AE = 3 }", "targets = { VP = 3 }"),
                "unknown role",
            ),
            (
                SMALL.replace(
                    "rubric_3 = \"b\"\n        rubric_5 = \"c\"\n        targets = { AE = 3 }",
                    "rubric_3 = \"\"\n        rubric_5 = \"c\"\n        targets = { AE = 3 }",
                ),
                "level 3",
            ),
            (
                SMALL.replace("code = \"customer\"", "code = \"finance\""),
                "finance",
            ),
        ];
        for (text, expected) in cases {
            let err = Framework::from_toml(&text).unwrap_err().to_string();
            assert!(err.contains(expected), "expected {expected:?} in {err:?}");
        }
    }
}
