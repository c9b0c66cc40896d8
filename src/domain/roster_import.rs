//! Checking a roster brought in from a spreadsheet, line by line, before anything is
//! written: every problem of every line is found at once, so the manager fixes the file in
//! one pass instead of one error per attempt.

use std::collections::HashMap;

use thiserror::Error;

use super::ValidationError;
use super::rep::{RepDraft, Role, RosterRules, checked_email, checked_name, parse_optional_date};
use super::text::fold_case;

/// One line of the file as written, before any check.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RosterLine {
    /// The line number in the file, as a spreadsheet or text editor shows it.
    pub line: u64,
    pub name: String,
    pub role: String,
    pub email: String,
    pub start_date: String,
    /// Fields beyond the header's columns, which would otherwise be dropped unseen.
    pub extra_fields: usize,
}

/// What is wrong with one line, in words a manager can act on.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum LineProblem {
    #[error("{0}")]
    Invalid(#[from] ValidationError),
    #[error("The role is empty. Write one of: {known}.")]
    EmptyRole { known: String },
    #[error("The role \"{given}\" is not one of {known}.")]
    UnknownRole { given: String, known: String },
    #[error("\"{name}\" is also on line {other_line}; list each rep once.")]
    RepeatedInFile { name: String, other_line: u64 },
    #[error("The line has {extra} more fields than the header has columns.")]
    ExtraFields { extra: usize },
}

/// One line and what came of checking it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckedLine {
    pub line: RosterLine,
    /// The rep as it would be added; `None` when the line has problems.
    pub draft: Option<RepDraft>,
    pub problems: Vec<LineProblem>,
}

/// Every line of a roster file, checked.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RosterCheck {
    pub lines: Vec<CheckedLine>,
}

impl RosterCheck {
    pub fn lines_with_problems(&self) -> usize {
        self.lines.iter().filter(|l| !l.problems.is_empty()).count()
    }

    /// Every line is clean and there is at least one: the import may go ahead.
    pub fn is_ready(&self) -> bool {
        !self.lines.is_empty() && self.lines.iter().all(|l| l.draft.is_some())
    }

    /// The reps to add, only when every line is clean: the import is all or nothing.
    pub fn drafts(&self) -> Option<Vec<RepDraft>> {
        if self.lines.is_empty() {
            return None;
        }
        self.lines.iter().map(|l| l.draft.clone()).collect()
    }

    /// "3 of 7 rows have problems; fix the file and choose it again" or "7 reps ready".
    pub fn summary(&self) -> String {
        let total = self.lines.len();
        let bad = self.lines_with_problems();
        if total == 0 {
            return "The file has a header but no reps.".to_owned();
        }
        if bad == 0 {
            return format!("{total} {} ready", if total == 1 { "rep" } else { "reps" });
        }
        format!(
            "{bad} of {total} {} {} problems; fix the file and choose it again",
            if total == 1 { "row" } else { "rows" },
            if bad == 1 { "has" } else { "have" }
        )
    }
}

/// The role a cell names, by its code ("AE") or its name ("Account Executive"), in any case.
pub fn resolve_role<'a>(given: &str, roles: &'a [Role]) -> Option<&'a Role> {
    let given = fold_case(given);
    roles
        .iter()
        .find(|r| fold_case(&r.code) == given || fold_case(&r.name) == given)
}

/// Checks every line against the roster's rules and against the other lines of the file.
pub fn check(lines: Vec<RosterLine>, rules: &RosterRules<'_>) -> RosterCheck {
    let known = rules
        .roles
        .iter()
        .map(|r| r.code.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    let mut first_line_of: HashMap<String, u64> = HashMap::new();
    let lines = lines
        .into_iter()
        .map(|line| {
            let mut problems = Vec::new();
            let name = match checked_name(&line.name) {
                Ok(name) => {
                    if let Some(other) = rules.duplicate_of(&name, None) {
                        problems.push(ValidationError::DuplicateRepName(other.to_owned()).into());
                    }
                    match first_line_of.get(&fold_case(&name)) {
                        Some(other_line) => problems.push(LineProblem::RepeatedInFile {
                            name: name.clone(),
                            other_line: *other_line,
                        }),
                        None => {
                            first_line_of.insert(fold_case(&name), line.line);
                        }
                    }
                    Some(name)
                }
                Err(err) => {
                    problems.push(err.into());
                    None
                }
            };
            let role = if line.role.trim().is_empty() {
                problems.push(LineProblem::EmptyRole {
                    known: known.clone(),
                });
                None
            } else {
                let role = resolve_role(&line.role, rules.roles);
                if role.is_none() {
                    problems.push(LineProblem::UnknownRole {
                        given: super::error::excerpt(&line.role),
                        known: known.clone(),
                    });
                }
                role
            };
            let email = checked_email(&line.email)
                .map_err(|e| problems.push(e.into()))
                .ok();
            let start_date = parse_optional_date(&line.start_date)
                .map_err(|e| problems.push(e.into()))
                .ok();
            if line.extra_fields > 0 {
                problems.push(LineProblem::ExtraFields {
                    extra: line.extra_fields,
                });
            }
            let draft = match (name, role, email, start_date) {
                (Some(name), Some(role), Some(email), Some(start_date)) if problems.is_empty() => {
                    Some(RepDraft {
                        name,
                        role: role.code.clone(),
                        email,
                        start_date,
                    })
                }
                _ => None,
            };
            CheckedLine {
                line,
                draft,
                problems,
            }
        })
        .collect();
    RosterCheck { lines }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::rep::RepId;

    fn roles() -> Vec<Role> {
        [("AE", "Account Executive"), ("SDR", "Sales Development")]
            .into_iter()
            .map(|(code, name)| Role {
                code: code.into(),
                name: name.into(),
            })
            .collect()
    }

    fn line(number: u64, name: &str, role: &str) -> RosterLine {
        RosterLine {
            line: number,
            name: name.into(),
            role: role.into(),
            ..RosterLine::default()
        }
    }

    #[test]
    fn roles_match_by_code_or_name_in_any_case() {
        let roles = roles();
        assert_eq!(
            resolve_role(" ae ", &roles).map(|r| &r.code[..]),
            Some("AE")
        );
        assert_eq!(
            resolve_role("sales development", &roles).map(|r| &r.code[..]),
            Some("SDR")
        );
        assert!(resolve_role("Mgr", &roles).is_none());
    }

    #[test]
    fn every_problem_of_every_line_is_found() {
        let roles = roles();
        let active = vec![(RepId(1), "Dana Lee".to_owned())];
        let rules = RosterRules::new(&roles, &active);
        let mut bad = line(3, "", "Mgr");
        bad.start_date = "14/03/2026".into();
        bad.email = "nope".into();
        let checked = check(
            vec![
                line(2, "Ana Ruiz", "ae"),
                bad,
                line(4, "ana  ruiz", "SDR"),
                line(5, "DANA LEE", "AE"),
            ],
            &rules,
        );
        assert_eq!(checked.lines[0].problems, []);
        assert_eq!(checked.lines[1].problems.len(), 4, "{:?}", checked.lines[1]);
        assert!(
            checked.lines[1].problems[1]
                .to_string()
                .contains("\"Mgr\" is not one of AE, SDR")
        );
        assert_eq!(
            checked.lines[2].problems,
            [LineProblem::RepeatedInFile {
                name: "ana ruiz".into(),
                other_line: 2
            }]
        );
        assert!(matches!(
            checked.lines[3].problems[..],
            [LineProblem::Invalid(ValidationError::DuplicateRepName(_))]
        ));
        assert_eq!(checked.drafts(), None);
        assert_eq!(
            checked.summary(),
            "3 of 4 rows have problems; fix the file and choose it again"
        );
    }

    #[test]
    fn a_clean_file_gives_tidy_drafts() {
        let roles = roles();
        let rules = RosterRules::new(&roles, &[]);
        let mut first = line(2, "  Ana   Ruiz ", "account executive");
        first.start_date = "2026-03-14".into();
        first.email = " ana@example.com ".into();
        let checked = check(vec![first, line(3, "Bo", "SDR")], &rules);
        let drafts = checked.drafts().unwrap();
        assert_eq!(drafts[0].name, "Ana Ruiz");
        assert_eq!(drafts[0].role, "AE");
        assert_eq!(drafts[0].email, "ana@example.com");
        assert_eq!(drafts[0].start_date.unwrap().to_string(), "2026-03-14");
        assert_eq!(checked.summary(), "2 reps ready");
        assert_eq!(check(Vec::new(), &rules).drafts(), None);
    }
}
