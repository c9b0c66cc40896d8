//! Every row of every table judged by the rules the app keeps for it. The rules are the
//! domain's own (the functions the window's commands call), applied to a row's plain
//! values, so a row of a JSON archive and a row already in a data file are judged alike:
//! the archive import refuses a row that breaks one, and `coachbook check` lists them.

use rusqlite::types::Value;

use super::cadences;
use super::tables::Column;
use super::text_columns::column_lines;
use super::time::{from_day, from_utc_ms};
use crate::domain::cadence::stored_duration_mins;
use crate::domain::commitment::{CommitmentDraft, CommitmentStatus, Owner};
use crate::domain::dates::{check_date, check_instant};
use crate::domain::error::known_code;
use crate::domain::observation::{CallContext, ObservationDraft, Visibility};
use crate::domain::plan::{PlanDraft, PlanStatus};
use crate::domain::rep::{RepId, checked_email, checked_name};
use crate::domain::rep_file::answers::{
    AnswerLimit, MAX_COMMENT_CHARS, MAX_REFLECTION_CHARS, MAX_TOPIC_CHARS,
};
use crate::domain::session::{SessionStatus, SkipReason};
use crate::domain::skill::{Rubric, SkillDraft};
use crate::domain::text::{char_count, is_clean};
use crate::domain::{Bucket, Level, Rating, ValidationError};

/// One row as plain values, found by column name: the shape a data file's table and an
/// archive's table both have.
pub struct RowView<'a> {
    columns: &'a [Column],
    values: &'a [Value],
}

/// Why a row breaks a rule, as a sentence.
pub type Fault = String;

impl<'a> RowView<'a> {
    /// `values` in the order of `columns`.
    pub fn new(columns: &'a [Column], values: &'a [Value]) -> RowView<'a> {
        RowView { columns, values }
    }

    fn value(&self, name: &str) -> &'a Value {
        self.columns
            .iter()
            .position(|c| c.name == name)
            .and_then(|i| self.values.get(i))
            .unwrap_or(&Value::Null)
    }

    pub fn opt_int(&self, name: &str) -> Result<Option<i64>, Fault> {
        match self.value(name) {
            Value::Null => Ok(None),
            Value::Integer(i) => Ok(Some(*i)),
            other => Err(misfit(name, other, "a whole number")),
        }
    }

    pub fn int(&self, name: &str) -> Result<i64, Fault> {
        self.opt_int(name)?
            .ok_or_else(|| format!("the column \"{name}\" is empty"))
    }

    pub fn opt_text(&self, name: &str) -> Result<Option<&'a str>, Fault> {
        match self.value(name) {
            Value::Null => Ok(None),
            Value::Text(text) => Ok(Some(text.as_str())),
            other => Err(misfit(name, other, "text")),
        }
    }

    pub fn text(&self, name: &str) -> Result<&'a str, Fault> {
        self.opt_text(name)?
            .ok_or_else(|| format!("the column \"{name}\" is empty"))
    }

    /// A 0/1 column as the app reads it.
    pub fn flag(&self, name: &str) -> Result<bool, Fault> {
        match self.int(name)? {
            0 => Ok(false),
            1 => Ok(true),
            other => Err(format!("the column \"{name}\" holds {other}, not 0 or 1")),
        }
    }
}

fn misfit(name: &str, value: &Value, wanted: &str) -> Fault {
    let found = match value {
        Value::Null => "nothing",
        Value::Integer(_) => "a whole number",
        Value::Real(_) => "a decimal number",
        Value::Text(_) => "text",
        Value::Blob(_) => "binary data",
    };
    format!("the column \"{name}\" holds {found}, not {wanted}")
}

/// A domain rule's sentence as a fault: without its full stop, since a fault is placed
/// inside a sentence of its own.
pub(crate) fn rule(err: ValidationError) -> Fault {
    err.to_string().trim_end_matches('.').to_owned()
}

/// The date a stored day number stands for.
pub(crate) fn date_of(day: i64) -> Result<chrono::NaiveDate, Fault> {
    let date = from_day(day).map_err(|_| format!("day number {day} is not a date"))?;
    check_date(date).map_err(rule)
}

/// The instant stored UTC milliseconds stand for.
pub(crate) fn instant_of(ms: i64) -> Result<chrono::DateTime<chrono::Utc>, Fault> {
    let instant = from_utc_ms(ms).map_err(|_| format!("{ms} is not a time"))?;
    check_instant(instant).map_err(rule)
}

/// Checks one row of `table` against every rule the app keeps for such a row.
pub fn check_row(table: &str, row: &RowView<'_>) -> Result<(), Fault> {
    conventions(row)?;
    clean_text(table, row)?;
    match table {
        "reps" => rep(row),
        "cadences" => cadences::from_view(row).map(drop),
        "sessions" => session(row),
        "observations" => observation(row),
        "commitments" => commitment(row),
        "skills" => skill(row),
        "role_targets" | "rep_targets" => Level::target(row.int("level")?).map(drop).map_err(rule),
        "self_assessments" => {
            Level::try_from(row.int("rating")?).map_err(rule)?;
            within(
                row.text("comment")?,
                MAX_COMMENT_CHARS,
                AnswerLimit::CommentTooLong,
            )
        }
        "commitment_reflections" => within(
            row.text("text")?,
            MAX_REFLECTION_CHARS,
            AnswerLimit::ReflectionTooLong,
        ),
        "rep_topics" => within(
            row.text("text")?,
            MAX_TOPIC_CHARS,
            AnswerLimit::TopicTooLong,
        ),
        "coaching_plans" => plan(row),
        "busy_blocks" => {
            let start = instant_of(row.int("start_utc_ms")?)?;
            if instant_of(row.int("end_utc_ms")?)? <= start {
                return Err("the busy time ends before it starts".to_owned());
            }
            Ok(())
        }
        "session_ratings" => {
            Level::try_from(row.int("usefulness")?).map_err(rule)?;
            within(
                row.text("comment")?,
                MAX_COMMENT_CHARS,
                AnswerLimit::CommentTooLong,
            )
        }
        _ => Ok(()),
    }
}

/// A coaching plan as `PlanDraft::validate` and its status code have it.
fn plan(row: &RowView<'_>) -> Result<(), Fault> {
    known_code(
        "plan status",
        row.text("status")?,
        &PlanStatus::ALL,
        PlanStatus::code,
    )
    .map_err(rule)?;
    PlanDraft {
        rep: RepId(row.int("rep_id")?),
        skill: crate::domain::skill::SkillId(row.int("skill_id")?),
        started_on: date_of(row.int("started_day")?)?,
        start_level: None,
        target: Level::target(row.int("target")?).map_err(rule)?,
        review_on: date_of(row.int("review_day")?)?,
        why: row.text("why")?.to_owned(),
        shared: row.flag("shared")?,
    }
    .validate()
    .map_err(rule)
}

/// Text holds no control character, and line breaks only where its field has lines: the
/// rule every door applies, so only a file written before it (or by hand) breaks it.
fn clean_text(table: &str, row: &RowView<'_>) -> Result<(), Fault> {
    for (column, value) in row.columns.iter().zip(row.values) {
        if let Value::Text(text) = value
            && !is_clean(text, column_lines(table, &column.name))
        {
            return Err(format!(
                "the column \"{}\" holds a control character or a line break it cannot keep",
                column.name
            ));
        }
    }
    Ok(())
}

/// A rep's answer held to the limit a rep file keeps, so no door stores a longer one.
fn within(text: &str, max_chars: usize, limit: AnswerLimit) -> Result<(), Fault> {
    if char_count(text) > max_chars {
        return Err(limit.to_string().trim_end_matches('.').to_owned());
    }
    Ok(())
}

/// The schema's naming conventions carry rules of their own: `*_day` is a date and
/// `*_utc_ms` an instant in the span Coachbook keeps, `duration_mins` the length of a
/// session, `bucket` one of the three buckets. Tables added later follow them too.
fn conventions(row: &RowView<'_>) -> Result<(), Fault> {
    for column in row.columns {
        let name = column.name.as_str();
        if name.ends_with("_day")
            && let Some(day) = row.opt_int(name)?
        {
            date_of(day)?;
        } else if name.ends_with("_utc_ms")
            && let Some(ms) = row.opt_int(name)?
        {
            instant_of(ms)?;
        } else if name == "duration_mins" {
            stored_duration_mins(row.int(name)?).map_err(rule)?;
        } else if name == "bucket" {
            known_code("bucket", row.text(name)?, &Bucket::ALL, Bucket::code).map_err(rule)?;
        }
    }
    Ok(())
}

fn rep(row: &RowView<'_>) -> Result<(), Fault> {
    checked_name(row.text("name")?).map_err(rule)?;
    checked_email(row.text("email")?).map_err(rule)?;
    row.flag("archived").map(drop)
}

fn session(row: &RowView<'_>) -> Result<(), Fault> {
    let status = known_code(
        "session status",
        row.text("status")?,
        &SessionStatus::ALL,
        SessionStatus::code,
    )
    .map_err(rule)?;
    let reason = row.opt_text("skip_reason")?;
    if let Some(code) = reason {
        known_code("skip reason", code, &SkipReason::CODES, |c| c).map_err(rule)?;
        let note = row.text("skip_note")?;
        if matches!(SkipReason::from_parts(code, note), Some(SkipReason::Other(n)) if n.trim().is_empty())
        {
            return Err(rule(ValidationError::EmptySkipReason));
        }
    }
    if (status == SessionStatus::Skipped) != reason.is_some() {
        return Err("a skipped session has a reason, and only a skipped one".to_owned());
    }
    if row.opt_int("cadence_id")?.is_some() != row.opt_int("occurrence_utc_ms")?.is_some() {
        return Err("a session of a cadence names its slot, and only such a session".to_owned());
    }
    Ok(())
}

fn observation(row: &RowView<'_>) -> Result<(), Fault> {
    let draft = ObservationDraft {
        rep_id: RepId(row.int("rep_id")?),
        skill_id: crate::domain::skill::SkillId(row.int("skill_id")?),
        observed_on: date_of(row.int("observed_day")?)?,
        rating: Rating::from_stored(row.opt_int("rating")?).map_err(rule)?,
        evidence: row.text("evidence")?.to_owned(),
        context: known_code(
            "call context",
            row.text("context")?,
            &CallContext::ALL,
            CallContext::code,
        )
        .map_err(rule)?,
        account: String::new(),
        session_id: None,
        visibility: if row.flag("shared")? {
            Visibility::Shared
        } else {
            Visibility::Private
        },
    };
    draft.validate_stored().map_err(rule)
}

fn commitment(row: &RowView<'_>) -> Result<(), Fault> {
    let draft = CommitmentDraft {
        rep_id: RepId(row.int("rep_id")?),
        session_id: None,
        text: row.text("text")?.to_owned(),
        owner: known_code("owner", row.text("owner")?, &Owner::ALL, Owner::code).map_err(rule)?,
        due_on: date_of(row.int("due_day")?)?,
    };
    draft.validate(None).map_err(rule)?;
    let status = known_code(
        "commitment status",
        row.text("status")?,
        &CommitmentStatus::ALL,
        CommitmentStatus::code,
    )
    .map_err(rule)?;
    if (status == CommitmentStatus::Open) != row.opt_int("closed_utc_ms")?.is_none() {
        return Err("a closed commitment has the time it closed, and only a closed one".to_owned());
    }
    Ok(())
}

fn skill(row: &RowView<'_>) -> Result<(), Fault> {
    let bucket =
        known_code("bucket", row.text("bucket")?, &Bucket::ALL, Bucket::code).map_err(rule)?;
    let draft = SkillDraft {
        bucket: Some(bucket),
        name: row.text("name")?.to_owned(),
        description: row.text("description")?.to_owned(),
        rubric: Rubric {
            level_1: row.text("rubric_1")?.to_owned(),
            level_3: row.text("rubric_3")?.to_owned(),
            level_5: row.text("rubric_5")?.to_owned(),
        },
    };
    draft.validate(bucket, &[]).map(drop).map_err(rule)?;
    row.flag("retired").map(drop)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::tables::ColumnKind;

    fn columns(names: &[&str]) -> Vec<Column> {
        names
            .iter()
            .map(|n| Column {
                name: (*n).to_owned(),
                kind: ColumnKind::Any,
            })
            .collect()
    }

    #[test]
    fn conventions_hold_for_any_table() {
        let cols = columns(&["start_day", "sent_utc_ms", "bucket"]);
        let ok = [
            Value::Integer(20_000),
            Value::Integer(1_700_000_000_000),
            Value::Text("selling".into()),
        ];
        assert_eq!(check_row("future_table", &RowView::new(&cols, &ok)), Ok(()));
        let far = [
            Value::Integer(i64::MAX),
            Value::Null,
            Value::Text("selling".into()),
        ];
        let fault = check_row("future_table", &RowView::new(&cols, &far)).unwrap_err();
        assert!(fault.contains("is not a date"), "{fault}");
        let late = [
            Value::Integer(1_000_000),
            Value::Null,
            Value::Text("selling".into()),
        ];
        let fault = check_row("future_table", &RowView::new(&cols, &late)).unwrap_err();
        assert!(fault.contains("1900 to 2199"), "{fault}");
        let odd = [Value::Null, Value::Null, Value::Text("Selling".into())];
        let fault = check_row("future_table", &RowView::new(&cols, &odd)).unwrap_err();
        assert_eq!(
            fault,
            "\"Selling\" is not a known bucket; it is one of organization, selling, customer"
        );
    }

    proptest::proptest! {
        /// A cadence row that passes is one the calendar can expand: any rule text, zone,
        /// time, length, start and end from a wide range either is refused with a sentence
        /// or gives occurrences in any window without a panic.
        #[test]
        fn an_accepted_cadence_row_always_expands(
            rule in proptest::sample::select(vec![
                "FREQ=WEEKLY;INTERVAL=1;BYDAY=MO", "FREQ=WEEKLY;INTERVAL=52;BYDAY=SU",
                "FREQ=MONTHLY;BYMONTHDAY=31", "FREQ=MONTHLY;BYDAY=-1FR", "FREQ=MONTHLY;BYDAY=4TH",
                "FREQ=SECONDLY", "FREQ=WEEKLY;INTERVAL=0;BYDAY=MO", "FREQ=MONTHLY;BYDAY=9MO", "",
            ]),
            zone in proptest::sample::select(vec![
                "Europe/Berlin", "America/St_Johns", "Pacific/Chatham", "UTC", "Mars/Olympus_Mons", "",
            ]),
            time in -10i64..1500,
            duration in -10i64..600,
            start in -50_000i64..100_000,
            until in proptest::option::of(-50_000i64..100_000),
            count in proptest::option::of(-5i64..1000),
            window in -40_000i64..90_000,
        ) {
            let cols = columns(&[
                "id", "rep_id", "rrule", "start_day", "local_time_mins", "duration_mins",
                "time_zone", "until_day", "count", "ended_utc_ms",
            ]);
            let opt = |v: Option<i64>| v.map_or(Value::Null, Value::Integer);
            let values = [
                Value::Integer(1), Value::Integer(1), Value::Text(rule.into()),
                Value::Integer(start), Value::Integer(time), Value::Integer(duration),
                Value::Text(zone.into()), opt(until), opt(count), Value::Null,
            ];
            let row = RowView::new(&cols, &values);
            match check_row("cadences", &row) {
                Ok(()) => {
                    let cadence = cadences::from_view(&row).unwrap();
                    let from = chrono::DateTime::from_timestamp(window * 86_400, 0).unwrap();
                    let to = from + chrono::Duration::days(40);
                    let slots = cadence.occurrences(from, to, 100);
                    proptest::prop_assert!(slots.iter().all(|s| *s >= from && *s < to));
                }
                Err(fault) => proptest::prop_assert!(!fault.is_empty() && fault.len() < 300),
            }
        }
    }

    #[test]
    fn a_value_of_the_wrong_kind_is_named() {
        let cols = columns(&["duration_mins"]);
        let values = [Value::Text("forty".into())];
        assert_eq!(
            check_row("sessions", &RowView::new(&cols, &values)).unwrap_err(),
            "the column \"duration_mins\" holds text, not a whole number"
        );
        let values = [Value::Integer(-30)];
        assert!(
            check_row("sessions", &RowView::new(&cols, &values))
                .unwrap_err()
                .contains("-30 minutes")
        );
    }

    #[test]
    fn a_reps_answers_keep_the_rep_files_limits() {
        let cols = columns(&["rep_id", "bucket", "text", "position"]);
        let topic = |chars: usize| {
            [
                Value::Integer(1),
                Value::Text("selling".into()),
                Value::Text("é".repeat(chars)),
                Value::Integer(0),
            ]
        };
        let at_limit = topic(MAX_TOPIC_CHARS);
        assert_eq!(
            check_row("rep_topics", &RowView::new(&cols, &at_limit)),
            Ok(())
        );
        let over = topic(MAX_TOPIC_CHARS + 1);
        let fault = check_row("rep_topics", &RowView::new(&cols, &over)).unwrap_err();
        assert!(fault.starts_with("A topic holds at most 500"), "{fault}");
        let cols = columns(&["rep_id", "skill_id", "rating", "comment"]);
        let long = [
            Value::Integer(1),
            Value::Integer(1),
            Value::Integer(3),
            Value::Text("x".repeat(MAX_COMMENT_CHARS + 1)),
        ];
        let fault = check_row("self_assessments", &RowView::new(&cols, &long)).unwrap_err();
        assert!(fault.starts_with("A comment holds at most"), "{fault}");
    }

    #[test]
    fn text_with_controls_or_stray_line_breaks_is_named() {
        let cols = columns(&["name", "email"]);
        let hostile = [
            Value::Text("Dana\u{1b}]0;owned\u{7}".into()),
            Value::Text(String::new()),
        ];
        let fault = check_row("reps", &RowView::new(&cols, &hostile)).unwrap_err();
        assert!(
            fault.contains("\"name\" holds a control character"),
            "{fault}"
        );
        let cols = columns(&["evidence"]);
        let lines = [Value::Text("Asked\nthen listened\ttwice".into())];
        assert_eq!(
            clean_text("observations", &RowView::new(&cols, &lines)),
            Ok(())
        );
        let cols = columns(&["account"]);
        assert!(clean_text("observations", &RowView::new(&cols, &lines)).is_err());
    }
}
