//! The search over everything, on real data files: every kind of text is found once it is
//! written, follows an edit, an undo and a redo, and is never found once deleted; private
//! texts are marked; what is typed is never read as the index's own syntax.

mod common;

use chrono::Duration;
use coachbook::clock::FixedClock;
use coachbook::domain::observation::{CallContext, ObservationDraft, ObservationId, Visibility};
use coachbook::domain::plan::PlanDraft;
use coachbook::domain::rep::{RepDraft, RepId};
use coachbook::domain::rep_file::answers::{
    ReceivedAnswers, Reflection, RepAnswers, SelfAssessment, SessionRating, Topic,
};
use coachbook::domain::schedule::OccurrenceKey;
use coachbook::domain::search::{Group, Kind};
use coachbook::domain::session::{SessionField, SessionId};
use coachbook::domain::skill::SkillId;
use coachbook::domain::{Bucket, Level, Rating};
use coachbook::ops::{Command, Ops};
use coachbook::store::search::{Query, find};
use common::test_now;

fn ops(dir: &tempfile::TempDir) -> Ops {
    let store = common::demo_store(&dir.path().join("demo.db"));
    Ops::new(store, Box::new(FixedClock(test_now())))
}

/// The kinds whose text holds `word`, in the order found.
fn kinds(ops: &Ops, word: &str) -> Vec<Kind> {
    let query = Query {
        text: word.into(),
        rep: None,
        per_group: 50,
    };
    find(ops.store().conn(), &query)
        .unwrap()
        .hits()
        .map(|h| h.kind)
        .collect()
}

fn one(ops: &Ops, sql: &str) -> i64 {
    ops.store().conn().query_row(sql, [], |r| r.get(0)).unwrap()
}

/// Writes `first`, edits it to `second`, then undoes and redoes the edit, checking after
/// each step that exactly the text now stored is found.
fn follows_edits(ops: &mut Ops, kind: Kind, write: impl Fn(&str) -> Command) {
    let (first, second) = ("quillfeather", "marzipanist");
    ops.apply(write(first)).unwrap();
    assert_eq!(kinds(ops, first), vec![kind], "{kind:?} written");
    ops.apply(write(second)).unwrap();
    assert!(kinds(ops, first).is_empty(), "{kind:?} edited away");
    assert_eq!(kinds(ops, second), vec![kind], "{kind:?} edited");
    ops.undo().unwrap().unwrap();
    assert_eq!(kinds(ops, first), vec![kind], "{kind:?} undone");
    assert!(kinds(ops, second).is_empty(), "{kind:?} undone");
    ops.redo().unwrap().unwrap();
    assert_eq!(kinds(ops, second), vec![kind], "{kind:?} redone");
}

#[test]
fn every_session_text_follows_edits_undo_and_redo() {
    let dir = tempfile::tempdir().unwrap();
    let mut ops = ops(&dir);
    let session = SessionId(one(&ops, "SELECT min(id) FROM sessions WHERE rep_id = 1"));
    let fields = [
        (SessionField::Summary, Kind::Summary),
        (SessionField::Purpose, Kind::Contract),
        (SessionField::DesiredOutcome, Kind::Contract),
        (SessionField::OutcomeWanted, Kind::Preparation),
        (SessionField::FocusAccounts, Kind::Preparation),
        (
            SessionField::SharedNotes(Bucket::Selling),
            Kind::SharedNote(Bucket::Selling),
        ),
        (
            SessionField::PrivateNotes(Bucket::Customer),
            Kind::PrivateNote(Bucket::Customer),
        ),
    ];
    for (field, kind) in fields {
        let edit = |text: &str| Command::EditSessionText {
            rep: RepId(1),
            key: OccurrenceKey::Stored(session),
            field,
            text: text.into(),
        };
        follows_edits(&mut ops, kind, |text| edit(&format!("Went well. {text}")));
        ops.apply(edit("")).unwrap();
        assert!(kinds(&ops, "marzipanist").is_empty(), "{kind:?} emptied");
    }
}

#[test]
fn talking_points_commitments_and_observations_are_found_until_deleted() {
    let dir = tempfile::tempdir().unwrap();
    let mut ops = ops(&dir);
    let session = SessionId(one(&ops, "SELECT min(id) FROM sessions WHERE rep_id = 2"));
    let key = OccurrenceKey::Stored(session);
    ops.apply(Command::AddTalkingPoints {
        rep: RepId(2),
        key,
        points: vec![(
            Bucket::Customer,
            "Renewal at Zephyrine".into(),
            "Gap".into(),
        )],
    })
    .unwrap();
    let point = one(&ops, "SELECT max(id) FROM talking_points");
    assert_eq!(kinds(&ops, "zephyr"), vec![Kind::TalkingPoint]);
    follows_edits(&mut ops, Kind::TalkingPoint, |text| {
        Command::EditTalkingPoint {
            id: coachbook::domain::session::TalkingPointId(point),
            text: format!("Renewal {text}"),
        }
    });
    ops.apply(Command::DeleteTalkingPoint(
        coachbook::domain::session::TalkingPointId(point),
    ))
    .unwrap();
    assert!(
        kinds(&ops, "renewal")
            .iter()
            .all(|k| *k != Kind::TalkingPoint)
    );

    ops.apply(Command::AddCommitment {
        rep: RepId(2),
        key,
        text: "Send the Xylograph proposal".into(),
        owner: coachbook::domain::commitment::Owner::Rep,
        due_on: test_now().date_naive() + Duration::days(7),
    })
    .unwrap();
    assert_eq!(kinds(&ops, "xylo"), vec![Kind::Commitment]);
    ops.undo().unwrap().unwrap();
    assert!(kinds(&ops, "xylo").is_empty());
    ops.redo().unwrap().unwrap();
    assert_eq!(kinds(&ops, "xylo"), vec![Kind::Commitment]);
    let commitment = one(&ops, "SELECT max(id) FROM commitments");
    ops.apply(Command::DeleteCommitment(
        coachbook::domain::commitment::CommitmentId(commitment),
    ))
    .unwrap();
    assert!(kinds(&ops, "xylo").is_empty());

    let skill = SkillId(one(&ops, "SELECT min(id) FROM skills WHERE retired = 0"));
    let draft = |evidence: &str| ObservationDraft {
        rep_id: RepId(2),
        skill_id: skill,
        observed_on: test_now().date_naive(),
        rating: Rating::Rated(Level::new(3).unwrap()),
        evidence: evidence.into(),
        context: CallContext::ClientCall,
        account: "Quintessa Mills".into(),
        session_id: None,
        visibility: Visibility::Private,
    };
    ops.apply(Command::AddObservations(vec![draft(
        "Asked for the budget",
    )]))
    .unwrap();
    let id = ObservationId(one(&ops, "SELECT max(id) FROM observations"));
    assert_eq!(kinds(&ops, "quintessa"), vec![Kind::Observation]);
    let hit = found_one(&ops, "quintessa");
    assert!(hit.private, "a private observation is marked");
    follows_edits(&mut ops, Kind::Observation, |text| {
        Command::EditObservation {
            id,
            draft: draft(&format!("Asked {text}")),
        }
    });
    ops.apply(Command::DeleteObservations(vec![id])).unwrap();
    assert!(kinds(&ops, "quintessa").is_empty());
}

fn found_one(ops: &Ops, word: &str) -> coachbook::domain::search::Hit {
    let query = Query {
        text: word.into(),
        rep: None,
        per_group: 5,
    };
    let found = find(ops.store().conn(), &query).unwrap();
    let mut hits = found.hits();
    let hit = hits.next().expect("a hit").clone();
    assert!(hits.next().is_none(), "one hit for {word}");
    hit
}

#[test]
fn rep_names_and_plans_follow_their_commands() {
    let dir = tempfile::tempdir().unwrap();
    let mut ops = ops(&dir);
    let draft = |name: &str| RepDraft {
        name: name.into(),
        role: "AE".into(),
        ..Default::default()
    };
    ops.apply(Command::AddRep(draft("Oriane Quellec"))).unwrap();
    let rep = RepId(one(&ops, "SELECT max(id) FROM reps"));
    assert_eq!(kinds(&ops, "quel"), vec![Kind::RepName]);
    follows_edits(&mut ops, Kind::RepName, |text| Command::EditRep {
        id: rep,
        draft: draft(text),
    });
    for _ in 0..3 {
        ops.undo().unwrap().unwrap();
    }
    assert!(kinds(&ops, "quellec").is_empty(), "the added rep undone");

    let skill = SkillId(one(&ops, "SELECT min(id) FROM skills WHERE retired = 0"));
    ops.apply(Command::AddPlan(PlanDraft {
        rep: RepId(3),
        skill,
        started_on: test_now().date_naive(),
        start_level: None,
        target: Level::new(4).unwrap(),
        review_on: test_now().date_naive() + Duration::days(42),
        why: "Loses the thread in Wexford negotiations".into(),
        shared: false,
    }))
    .unwrap();
    let hit = found_one(&ops, "wexford");
    assert_eq!(
        (hit.kind, hit.private, hit.rep),
        (Kind::PlanReason, true, RepId(3))
    );
    ops.undo().unwrap().unwrap();
    assert!(kinds(&ops, "wexford").is_empty());
}

#[test]
fn what_a_rep_sends_back_is_found_and_goes_with_undo() {
    let dir = tempfile::tempdir().unwrap();
    let mut ops = ops(&dir);
    let rep = RepId(4);
    let (session, commitment, skill) = (
        one(
            &ops,
            "SELECT max(id) FROM sessions WHERE rep_id = 4 AND status = 'held'",
        ),
        one(&ops, "SELECT min(id) FROM commitments WHERE rep_id = 4"),
        one(&ops, "SELECT min(id) FROM skills WHERE retired = 0"),
    );
    let answers = RepAnswers {
        assessments: vec![SelfAssessment {
            skill_id: SkillId(skill),
            rating: 3,
            comment: "Better with Umbriel than alone".into(),
        }],
        reflections: vec![Reflection {
            commitment_id: commitment,
            text: "Tried it with Umbriel twice".into(),
        }],
        topics: vec![Topic {
            bucket: Bucket::Organization,
            text: "Getting Umbriel legal to answer".into(),
        }],
        session_ratings: vec![SessionRating {
            session_id: session,
            usefulness: 4,
            comment: "The Umbriel role play helped".into(),
        }],
    };
    ops.apply(Command::SetRepAnswers {
        rep,
        value: ReceivedAnswers {
            answers,
            received: Some(test_now()),
        },
    })
    .unwrap();
    let mut found = kinds(&ops, "umbriel");
    found.sort_by_key(|k| k.code());
    assert_eq!(
        found,
        vec![
            Kind::Topic,
            Kind::SelfAssessment,
            Kind::Reflection,
            Kind::SessionComment
        ]
    );
    ops.undo().unwrap().unwrap();
    assert!(kinds(&ops, "umbriel").is_empty());
    ops.redo().unwrap().unwrap();
    assert_eq!(kinds(&ops, "umbriel").len(), 4);
}

#[test]
fn search_folds_accents_and_case_takes_prefixes_and_keeps_to_one_rep() {
    let dir = tempfile::tempdir().unwrap();
    let mut ops = ops(&dir);
    for (rep, text) in [(1, "Déjà vu at Ærø Ltd"), (2, "deja VU again")] {
        let session = SessionId(one(
            &ops,
            &format!("SELECT min(id) FROM sessions WHERE rep_id = {rep}"),
        ));
        ops.apply(Command::EditSessionText {
            rep: RepId(rep),
            key: OccurrenceKey::Stored(session),
            field: SessionField::Summary,
            text: text.into(),
        })
        .unwrap();
    }
    assert_eq!(kinds(&ops, "DEJA").len(), 2);
    assert_eq!(kinds(&ops, "déj vu").len(), 2);
    let only = Query {
        text: "deja".into(),
        rep: Some(RepId(2)),
        per_group: 5,
    };
    let found = find(ops.store().conn(), &only).unwrap();
    let reps: Vec<RepId> = found.hits().map(|h| h.rep).collect();
    assert_eq!(reps, vec![RepId(2)]);
    assert!(kinds(&ops, "deja ærø").len() == 1, "every word must match");
}

#[test]
fn hits_come_newest_first_in_group_order_with_a_flag_when_there_are_more() {
    let dir = tempfile::tempdir().unwrap();
    let ops = ops(&dir);
    let query = Query {
        text: "the".into(),
        rep: None,
        per_group: 3,
    };
    let found = find(ops.store().conn(), &query).unwrap();
    let groups: Vec<Group> = found.groups.iter().map(|(g, _, _)| *g).collect();
    let mut sorted = groups.clone();
    sorted.sort();
    assert_eq!(groups, sorted);
    let zone = chrono_tz::Tz::UTC;
    for (group, hits, more) in &found.groups {
        assert!(hits.len() <= 3);
        let days: Vec<_> = hits
            .iter()
            .map(|h| h.when.map(|w| w.local_date(zone)))
            .collect();
        let mut newest_first = days.clone();
        newest_first.sort_by(|a, b| b.cmp(a));
        assert_eq!(days, newest_first, "{group:?}");
        if *group == Group::Observations {
            assert!(*more, "the demo has many observations with 'the'");
        }
    }
}

#[test]
fn typed_syntax_is_only_words_and_never_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let ops = ops(&dir);
    for typed in [
        "\"",
        "*",
        "NEAR(a b)",
        "AND OR NOT",
        "-x ^y",
        "body:rep",
        "rep : \"r1\"",
        "'; DROP TABLE reps; --",
        "\u{0}\u{1b}[31m",
        "🙂 ✓",
        "",
        &"a".repeat(5000),
    ] {
        let query = Query {
            text: typed.into(),
            rep: None,
            per_group: 5,
        };
        find(ops.store().conn(), &query).unwrap_or_else(|e| panic!("{typed:?}: {e}"));
    }
    assert!(one(&ops, "SELECT count(*) FROM reps") > 0);
}
