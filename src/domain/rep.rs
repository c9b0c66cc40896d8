//! Reps, their roles, and the rules a roster entry must follow.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::ValidationError;
use super::dates::check_date;
use super::error::excerpt;
use super::text::{Lines, char_count, clean, fold_case, tidy};

/// The database id of a rep. A newtype so a rep id is never passed where a skill id belongs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RepId(pub i64);

/// A job role; targets are set per role, so an SDR is not measured against an AE's bar.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Role {
    pub code: String,
    pub name: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rep {
    pub id: RepId,
    pub name: String,
    pub role: String,
    pub email: String,
    pub start_date: Option<NaiveDate>,
    /// Archived reps leave the roster but keep every session and observation.
    pub archived: bool,
}

impl Rep {
    pub fn draft(&self) -> RepDraft {
        RepDraft {
            name: self.name.clone(),
            role: self.role.clone(),
            email: self.email.clone(),
            start_date: self.start_date,
        }
    }
}

/// What the add and edit forms produce, before it is checked against the roster.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RepDraft {
    pub name: String,
    pub role: String,
    pub email: String,
    pub start_date: Option<NaiveDate>,
}

pub const MAX_NAME_CHARS: usize = 120;

/// What a draft is checked against: the roles that exist and the names already in use.
pub struct RosterRules<'a> {
    pub roles: &'a [Role],
    /// Active reps as (id, name) by their case-folded name, so a roster of 100,000 lines
    /// looks each name up once instead of comparing it with every rep before it.
    /// Archived reps free their name for reuse.
    active: HashMap<String, Vec<(RepId, String)>>,
}

impl RepDraft {
    /// Checks the draft and returns it tidied (trimmed name and email). `editing` is the
    /// rep being edited, whose own name is not a duplicate of itself.
    pub fn validate(
        &self,
        rules: &RosterRules<'_>,
        editing: Option<RepId>,
    ) -> Result<RepDraft, ValidationError> {
        let name = checked_name(&self.name)?;
        if let Some(other) = rules.duplicate_of(&name, editing) {
            return Err(ValidationError::DuplicateRepName(other.to_owned()));
        }
        rules.check_role(&self.role)?;
        let email = checked_email(&self.email)?;
        Ok(RepDraft {
            name,
            role: self.role.clone(),
            email,
            start_date: self.start_date,
        })
    }
}

/// A field of the rep form, so a problem shows next to the field it is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RepField {
    Name,
    Role,
    Email,
    StartDate,
}

/// A rep as typed in the form, the start date still text.
pub struct TypedRep<'a> {
    pub name: &'a str,
    pub role: &'a str,
    pub email: &'a str,
    pub start_date: &'a str,
}

impl TypedRep<'_> {
    /// Every problem at once, each with its field, in the form's order; empty when the
    /// rep can be saved. The same rules as [`RepDraft::validate`], which the command
    /// applies again.
    pub fn problems(
        &self,
        rules: &RosterRules<'_>,
        editing: Option<RepId>,
    ) -> Vec<(RepField, ValidationError)> {
        let mut problems = Vec::new();
        match checked_name(self.name) {
            Ok(name) => {
                if let Some(other) = rules.duplicate_of(&name, editing) {
                    let error = ValidationError::DuplicateRepName(other.to_owned());
                    problems.push((RepField::Name, error));
                }
            }
            Err(error) => problems.push((RepField::Name, error)),
        }
        if let Err(error) = rules.check_role(self.role) {
            problems.push((RepField::Role, error));
        }
        if let Err(error) = checked_email(self.email) {
            problems.push((RepField::Email, error));
        }
        if let Err(error) = parse_optional_date(self.start_date) {
            problems.push((RepField::StartDate, error));
        }
        problems
    }
}

impl<'a> RosterRules<'a> {
    /// The rules of a roster with these roles and these active reps, as (id, name).
    pub fn new(roles: &'a [Role], active: &[(RepId, String)]) -> RosterRules<'a> {
        let mut rules = RosterRules {
            roles,
            active: HashMap::with_capacity(active.len()),
        };
        for (id, name) in active {
            rules.add_active(*id, name);
        }
        rules
    }

    /// Counts `name` as taken from now on: a rep just added by the same import.
    pub fn add_active(&mut self, id: RepId, name: &str) {
        self.active
            .entry(fold_case(name))
            .or_default()
            .push((id, name.to_owned()));
    }

    /// The active rep (other than `editing`) whose name equals `name`, ignoring case.
    pub fn duplicate_of(&self, name: &str, editing: Option<RepId>) -> Option<&str> {
        self.active
            .get(&fold_case(name))?
            .iter()
            .find(|(id, _)| Some(*id) != editing)
            .map(|(_, other)| other.as_str())
    }

    pub fn check_role(&self, code: &str) -> Result<(), ValidationError> {
        if self.roles.iter().any(|r| r.code == code) {
            return Ok(());
        }
        Err(ValidationError::UnknownRole {
            code: code.to_owned(),
            known: self
                .roles
                .iter()
                .map(|r| r.code.as_str())
                .collect::<Vec<_>>()
                .join(", "),
        })
    }
}

/// The name cleaned and tidied, or why it cannot be a rep's name (empty, too long).
pub fn checked_name(raw: &str) -> Result<String, ValidationError> {
    let name = tidy(&clean(raw, Lines::One));
    if name.is_empty() {
        return Err(ValidationError::EmptyRepName);
    }
    let chars = char_count(&name);
    if chars > MAX_NAME_CHARS {
        return Err(ValidationError::NameTooLong {
            chars,
            max: MAX_NAME_CHARS,
        });
    }
    Ok(name)
}

/// The address trimmed (empty is allowed), or why it does not look like one.
pub fn checked_email(raw: &str) -> Result<String, ValidationError> {
    let email = clean(raw, Lines::One).trim().to_owned();
    if !email.is_empty() && !looks_like_email(&email) {
        return Err(ValidationError::BadEmail(excerpt(&email)));
    }
    Ok(email)
}

/// Deliberately loose: one "@" with text on both sides, a dot in the domain, no spaces.
/// Anything stricter rejects real addresses.
fn looks_like_email(email: &str) -> bool {
    let Some((local, domain)) = email.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains('@')
        && !email.chars().any(char::is_whitespace)
}

/// Parses a date typed as YYYY-MM-DD; an empty field means "no date". A date outside the
/// years Coachbook keeps is refused like one that is not a date.
pub fn parse_optional_date(input: &str) -> Result<Option<NaiveDate>, ValidationError> {
    let input = input.trim();
    if input.is_empty() {
        return Ok(None);
    }
    let date = NaiveDate::parse_from_str(input, "%Y-%m-%d")
        .map_err(|_| ValidationError::BadDate(excerpt(input)))?;
    check_date(date).map(Some)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn roles() -> Vec<Role> {
        ["AE", "SDR", "AM"]
            .into_iter()
            .map(|code| Role {
                code: code.into(),
                name: code.into(),
            })
            .collect()
    }

    fn draft(name: &str) -> RepDraft {
        RepDraft {
            name: name.into(),
            role: "AE".into(),
            ..RepDraft::default()
        }
    }

    #[test]
    fn empty_and_blank_names_are_refused() {
        let roles = roles();
        let rules = RosterRules::new(&roles, &[]);
        assert_eq!(
            draft("").validate(&rules, None),
            Err(ValidationError::EmptyRepName)
        );
        assert_eq!(
            draft(" \t ").validate(&rules, None),
            Err(ValidationError::EmptyRepName)
        );
    }

    #[test]
    fn duplicate_active_names_are_refused_ignoring_case() {
        let roles = roles();
        let active = vec![(RepId(1), "Dana Lee".to_owned())];
        let rules = RosterRules::new(&roles, &active);
        let err = draft("  dana   LEE ").validate(&rules, None).unwrap_err();
        assert_eq!(err, ValidationError::DuplicateRepName("Dana Lee".into()));
        assert!(err.to_string().contains("archive the other rep"));
        // A rep keeps its own name when edited.
        assert!(draft("Dana Lee").validate(&rules, Some(RepId(1))).is_ok());
    }

    #[test]
    fn names_are_tidied_and_length_checked() {
        let roles = roles();
        let rules = RosterRules::new(&roles, &[]);
        let ok = draft("  Ana   Ruiz ").validate(&rules, None).unwrap();
        assert_eq!(ok.name, "Ana Ruiz");
        let long = "x".repeat(MAX_NAME_CHARS + 1);
        assert!(matches!(
            draft(&long).validate(&rules, None),
            Err(ValidationError::NameTooLong { .. })
        ));
    }

    #[test]
    fn unknown_roles_and_bad_emails_are_refused() {
        let roles = roles();
        let rules = RosterRules::new(&roles, &[]);
        let mut d = draft("Ana");
        d.role = "CEO".into();
        let err = d.validate(&rules, None).unwrap_err();
        assert!(err.to_string().contains("AE, SDR, AM"));
        let mut d = draft("Ana");
        for bad in ["ana", "ana@", "@x.com", "ana@x", "ana @x.com", "a@b@c.com"] {
            d.email = bad.into();
            assert!(
                matches!(d.validate(&rules, None), Err(ValidationError::BadEmail(_))),
                "{bad} should be refused"
            );
        }
        d.email = " ana.ruiz@example.com ".into();
        assert_eq!(
            d.validate(&rules, None).unwrap().email,
            "ana.ruiz@example.com"
        );
    }

    #[test]
    fn dates_parse_or_explain() {
        assert_eq!(parse_optional_date(" "), Ok(None));
        assert_eq!(
            parse_optional_date("2026-03-14"),
            Ok(NaiveDate::from_ymd_opt(2026, 3, 14))
        );
        assert!(
            parse_optional_date("14/03/2026")
                .unwrap_err()
                .to_string()
                .contains("YYYY-MM-DD")
        );
        assert!(matches!(
            parse_optional_date("0001-01-01"),
            Err(ValidationError::DateOutOfRange { .. })
        ));
        let long = parse_optional_date(&"9".repeat(100_000)).unwrap_err();
        assert!(long.to_string().len() < 200, "{long}");
    }

    #[test]
    fn every_problem_of_a_typed_rep_is_named_with_its_field() {
        let roles = roles();
        let rules = RosterRules::new(&roles, &[(RepId(1), "Dana Lee".into())]);
        let typed = TypedRep {
            name: " dana lee ",
            role: "CEO",
            email: "dana at example",
            start_date: "2026-13-01",
        };
        let fields: Vec<RepField> = typed
            .problems(&rules, None)
            .into_iter()
            .map(|(field, _)| field)
            .collect();
        assert_eq!(
            fields,
            [
                RepField::Name,
                RepField::Role,
                RepField::Email,
                RepField::StartDate
            ]
        );
        assert!(
            typed.problems(&rules, Some(RepId(1))).len() == 3,
            "own name"
        );
        let fine = TypedRep {
            name: "Sam Ortiz",
            role: "AE",
            email: "",
            start_date: "",
        };
        assert!(fine.problems(&rules, None).is_empty());
    }

    #[test]
    fn names_taken_by_an_import_are_seen_by_the_next_line() {
        let roles = roles();
        let mut rules = RosterRules::new(&roles, &[]);
        assert!(draft("Zoë Ørn").validate(&rules, None).is_ok());
        rules.add_active(RepId(7), "Zoë Ørn");
        assert_eq!(
            draft("ZOË ØRN").validate(&rules, None),
            Err(ValidationError::DuplicateRepName("Zoë Ørn".into()))
        );
        assert!(draft("zoë ørn").validate(&rules, Some(RepId(7))).is_ok());
    }
}
