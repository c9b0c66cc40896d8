//! What can be wrong with what a manager typed, in words a manager understands.

use thiserror::Error;

/// A rule of the coaching model that an input breaks. Each message says what is wrong and,
/// where it is not obvious, what to do instead.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ValidationError {
    #[error("The name is empty. Type the rep's full name.")]
    EmptyRepName,
    #[error("The name is {chars} characters long; keep it to {max}.")]
    NameTooLong { chars: usize, max: usize },
    #[error(
        "There is already an active rep called \"{0}\". Use a different name, or archive the other rep first."
    )]
    DuplicateRepName(String),
    #[error("\"{code}\" is not a known role. Choose one of: {known}.")]
    UnknownRole { code: String, known: String },
    #[error("\"{0}\" does not look like an email address (name@company.com).")]
    BadEmail(String),
    #[error("A rating is 1 to 5, or \"not observed\"; {0} is out of range.")]
    RatingOutOfRange(i64),
    #[error("A target level is 1 to 5; {0} is out of range.")]
    TargetOutOfRange(i64),
    #[error("The end ({end}) is before the start ({start}).")]
    EndBeforeStart { start: String, end: String },
    #[error("The skill name is empty. Give the skill a short name.")]
    EmptySkillName,
    #[error("The bucket \"{bucket}\" already has a skill called \"{name}\".")]
    DuplicateSkillName { bucket: String, name: String },
    #[error("The skill \"{skill}\" needs rubric text for level {level}.")]
    EmptyRubric { skill: String, level: u8 },
    #[error("The evidence is {chars} characters long; keep it to {max}.")]
    EvidenceTooLong { chars: usize, max: usize },
    #[error("The observation date {0} is in the future.")]
    ObservedInFuture(String),
    #[error("A cadence repeats every 1 week or more; {0} is not a valid interval.")]
    IntervalOutOfRange(u32),
    #[error("A day of the month is 1 to 31; {0} is not.")]
    DayOfMonthOutOfRange(u32),
    #[error("\"Which week of the month\" is 1 to 4, or last; {0} is not.")]
    WeekOfMonthOutOfRange(i8),
    #[error("A session lasts 5 minutes to 8 hours; {0} minutes is outside that.")]
    DurationOutOfRange(i64),
    #[error("\"{0}\" is not a known time zone. Use a name such as Europe/Berlin.")]
    UnknownTimeZone(String),
    #[error(
        "A cadence that ends after a number of sessions has 1 to {max} of them; {0} is not.",
        max = super::cadence::MAX_COUNT
    )]
    CountOutOfRange(i64),
    #[error(
        "\"{0}\" is not a rule Coachbook repeats; a cadence is weekly on one day, or monthly on a day or a weekday."
    )]
    UnsupportedRule(String),
    #[error("A time of day is 00:00 to 23:59; {0} minutes after midnight is not.")]
    TimeOfDayOutOfRange(i64),
    #[error("The date {date} is outside the years {first} to {last} that Coachbook keeps.")]
    DateOutOfRange { date: String, first: i32, last: i32 },
    #[error("\"{code}\" is not a known {what}; it is one of {known}.")]
    UnknownCode {
        what: &'static str,
        code: String,
        known: String,
    },
    #[error("The commitment is empty. Say what will be done.")]
    EmptyCommitment,
    #[error("The commitment is due on {due}, before the session it came from ({session}).")]
    DueBeforeSession { due: String, session: String },
    #[error("The review day {review} is before the plan starts ({start}).")]
    ReviewBeforeStart { review: String, start: String },
    #[error("The reason is {chars} characters long; keep it to {max}.")]
    WhyTooLong { chars: usize, max: usize },
    #[error("A skip needs a reason. Say why the session is skipped.")]
    EmptySkipReason,
    #[error("\"{0}\" is not a date. Write it as YYYY-MM-DD, for example 2026-03-14.")]
    BadDate(String),
    #[error("The framework is incomplete: {0}")]
    Framework(String),
}

/// What a message quotes of a value someone typed or a file held: its first 60
/// characters on one line, so a ten-megabyte cell never becomes a ten-megabyte sentence.
pub fn excerpt(value: &str) -> String {
    const MAX_CHARS: usize = 60;
    let line = super::text::clean(value.trim(), super::text::Lines::One);
    if line.chars().count() <= MAX_CHARS {
        return line;
    }
    let mut short: String = line.chars().take(MAX_CHARS).collect();
    short.push('…');
    short
}

/// The value of a fixed set that `code` names, or a message listing the set.
pub fn known_code<T: Copy>(
    what: &'static str,
    code: &str,
    all: &[T],
    code_of: fn(T) -> &'static str,
) -> Result<T, ValidationError> {
    all.iter()
        .copied()
        .find(|value| code_of(*value) == code)
        .ok_or_else(|| ValidationError::UnknownCode {
            what,
            code: excerpt(code),
            known: all
                .iter()
                .map(|value| code_of(*value))
                .collect::<Vec<_>>()
                .join(", "),
        })
}
