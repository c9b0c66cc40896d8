//! `coachbook search`: the words found in the demo file, grouped and newest first, as text
//! and JSON; one rep only; a sentence for an unknown rep; nothing typed reaches the
//! terminal as a control sequence.

mod common;

use common::cli::{arg, assert_ok, assert_refused_cleanly, coachbook, demo_file};

#[test]
fn search_prints_groups_newest_first_and_json_with_the_matches() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_file(&dir, &["--today", "2026-11-20"]);
    let text = assert_ok(&coachbook(&["search", "--db", arg(&db), "GENTL"]));
    assert!(text.starts_with("Session notes\n"), "{text}");
    assert!(text.contains("«gently»"), "{text}");
    let days: Vec<&str> = text
        .lines()
        .skip(1)
        .filter(|l| l.starts_with("  2"))
        .map(|l| &l[2..12])
        .collect();
    let mut sorted = days.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(days, sorted, "newest first");

    let json = assert_ok(&coachbook(&[
        "search",
        "--db",
        arg(&db),
        "next step",
        "--rep",
        "HANNAH NOVAK",
        "--json",
    ]));
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    let groups = value["groups"].as_array().unwrap();
    assert!(!groups.is_empty());
    for group in groups {
        for hit in group["hits"].as_array().unwrap() {
            assert_eq!(hit["rep"], "Hannah Novak");
            let matches: Vec<String> = hit["matches"]
                .as_array()
                .unwrap()
                .iter()
                .map(|m| m.as_str().unwrap().to_lowercase())
                .collect();
            assert!(matches.iter().any(|m| m.starts_with("next")), "{hit}");
        }
    }
}

#[test]
fn an_unknown_rep_or_a_hostile_query_gets_a_sentence_not_a_sequence() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_file(&dir, &["--today", "2026-11-20"]);
    let out = coachbook(&["search", "--db", arg(&db), "deal", "--rep", "No Body"]);
    assert_refused_cleanly(&out, "There is no rep called \"No Body\"");
    let text = assert_ok(&coachbook(&[
        "search",
        "--db",
        arg(&db),
        "\u{1b}]0;owned\u{7}\" OR *",
    ]));
    assert!(
        !text.contains('\u{1b}') && !text.contains('\u{7}'),
        "{text:?}"
    );
    assert!(text.starts_with("Nothing holds"), "{text}");
}
