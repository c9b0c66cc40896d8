//! Typing a few letters to pick a rep or a skill: "dwh" finds Dana Whitfield, "upf" the
//! upfront contract. A match is the letters in order; words that start with them score
//! higher, so initials and word starts win over letters scattered in the middle.

use super::text::fold_case;

/// The score of `query` against `candidate`, or `None` when the letters are not all there
/// in order. Higher is better; an empty query matches everything equally.
pub fn score(query: &str, candidate: &str) -> Option<u32> {
    let query: Vec<char> = fold_case(query)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    if query.is_empty() {
        return Some(0);
    }
    let text: Vec<char> = fold_case(candidate).chars().collect();
    let mut score = 0u32;
    let mut next = 0usize;
    let mut previous_hit: Option<usize> = None;
    for wanted in query {
        let found = (next..text.len()).find(|&i| text[i] == wanted)?;
        let word_start = found == 0 || !text[found - 1].is_alphanumeric();
        score += 1;
        if word_start {
            score += 8;
        }
        if previous_hit.is_some_and(|p| p + 1 == found) {
            score += 4;
        }
        previous_hit = Some(found);
        next = found + 1;
    }
    // Prefer shorter candidates when the letters fit equally well.
    Some(score * 100 - u32::try_from(text.len().min(99)).unwrap_or(99))
}

/// The candidates that match, best first; ties keep their original order.
pub fn rank<'a, T>(query: &str, items: &'a [T], text: impl Fn(&T) -> String) -> Vec<&'a T> {
    let mut scored: Vec<(u32, usize, &T)> = items
        .iter()
        .enumerate()
        .filter_map(|(i, item)| score(query, &text(item)).map(|s| (s, i, item)))
        .collect();
    scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    scored.into_iter().map(|(_, _, item)| item).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn initials_and_word_starts_win() {
        let names = ["Dana Whitfield", "Declan Haddad", "Priya Lindqvist"];
        assert_eq!(rank("dw", &names, |s| s.to_string())[0], &"Dana Whitfield");
        assert_eq!(rank("dh", &names, |s| s.to_string())[0], &"Declan Haddad");
        assert_eq!(
            rank("lind", &names, |s| s.to_string())[0],
            &"Priya Lindqvist"
        );
        assert!(rank("xyz", &names, |s| s.to_string()).is_empty());
        let skills = ["Listening", "Positioning the solution", "Upfront contract"];
        assert_eq!(rank("li", &skills, |s| s.to_string())[0], &"Listening");
        assert_eq!(
            rank("upf", &skills, |s| s.to_string())[0],
            &"Upfront contract"
        );
    }

    proptest! {
        #[test]
        fn a_candidate_always_matches_itself(name in "[a-zA-Zé ]{1,30}") {
            prop_assert!(score(&name, &name).is_some());
        }
    }
}
