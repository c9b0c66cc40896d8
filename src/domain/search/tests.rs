use proptest::prelude::*;

use super::*;

fn shown(segments: &[Segment]) -> String {
    segments
        .iter()
        .map(|s| {
            if s.hit {
                format!("[{}]", s.text)
            } else {
                s.text.clone()
            }
        })
        .collect()
}

fn words_of(text: &str) -> Vec<String> {
    words(text)
}

#[test]
fn typed_words_become_quoted_prefix_terms_that_must_all_match() {
    assert_eq!(
        fts_query("Acme renew").as_deref(),
        Some("body : (\"Acme\"* AND \"renew\"*)")
    );
    assert_eq!(fts_query("  ,;  "), None);
    // One letter is a whole word, not the start of every word.
    assert_eq!(fts_query("a").as_deref(), Some("body : (\"a\")"));
    assert_eq!(
        shown(&excerpt("a plan and a", &words_of("a"), 140)),
        "[a] plan and [a]"
    );
    // Quotes, stars, colons and the index's operators are only word breaks.
    assert_eq!(
        fts_query("\"NEAR(ab cd)\" OR x:*").as_deref(),
        Some("body : (\"NEAR\"* AND \"ab\"* AND \"cd\"* AND \"OR\"* AND \"x\")")
    );
}

#[test]
fn matching_folds_case_and_accents() {
    assert_eq!(fold("Élan"), "elan");
    assert_eq!(fold("ÇA"), "ca");
    let segments = excerpt(
        "Talked about the élan of Zoë's team",
        &words_of("elan ZOE"),
        140,
    );
    assert_eq!(shown(&segments), "Talked about the [élan] of [Zoë]'s team");
}

#[test]
fn an_excerpt_is_one_line_around_the_first_hit() {
    let long = format!(
        "{} renewal at Acme {}",
        "word ".repeat(40),
        "tail ".repeat(40)
    );
    let segments = excerpt(&long, &words_of("renew"), 40);
    let text = shown(&segments);
    assert!(text.starts_with('…'), "{text}");
    assert!(text.ends_with('…'), "{text}");
    assert!(text.contains("[renewal]"), "{text}");
    let lines = excerpt("first line\nsecond acme line", &words_of("acme"), 140);
    assert_eq!(
        shown(&excerpt("ride-along\nNext steps", &words_of("next"), 140)),
        "ride-along · [Next] steps"
    );
    assert_eq!(shown(&lines), "first line · second [acme] line");
}

#[test]
fn a_word_in_the_middle_of_another_is_not_a_hit() {
    let segments = excerpt("scrap the recap", &words_of("cap"), 140);
    assert_eq!(shown(&segments), "scrap the recap");
}

#[test]
fn kinds_keep_their_numbers_and_groups() {
    for kind in Kind::ALL {
        assert_eq!(Kind::from_code(kind.code()), Some(kind));
        assert!((1..32).contains(&kind.code()));
    }
    assert_eq!(Kind::from_code(0), None);
    assert_eq!(Kind::from_code(99), None);
}

proptest! {
    /// Whatever the text and the words, the excerpt is cut at character boundaries,
    /// holds no line break, and every hit piece is a word that starts with a typed word.
    #[test]
    fn excerpts_never_panic_and_mark_only_matches(
        text in "\\PC{0,300}",
        typed in "\\PC{0,30}",
        max in 1usize..200,
    ) {
        let typed = words_of(&typed);
        let segments = excerpt(&text, &typed, max);
        let folded: Vec<String> = typed.iter().map(|w| fold(w)).collect();
        for segment in &segments {
            prop_assert!(!segment.text.contains('\n'));
            if segment.hit {
                let word = fold(&segment.text);
                prop_assert!(folded.iter().any(|t| !t.is_empty() && word.starts_with(t.as_str())));
                prop_assert!(segment.text.chars().all(char::is_alphanumeric));
            }
        }
        if let Some(query) = fts_query(&typed.join(" ")) {
            prop_assert!(query.starts_with("body : ("));
            prop_assert_eq!(query.matches('"').count() % 2, 0);
        }
    }
}
