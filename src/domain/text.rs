//! Small helpers for text a person typed.

/// Trims the ends and folds runs of inner white space to one space, so "  Dana   Lee " and
/// "Dana Lee" are the same name to the roster.
pub fn tidy(input: &str) -> String {
    input.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The form of a name used to compare names without regard to case.
pub fn fold_case(input: &str) -> String {
    tidy(input).to_lowercase()
}

/// Characters, not bytes: what a person would count.
pub fn char_count(input: &str) -> usize {
    input.chars().count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tidy_folds_white_space() {
        assert_eq!(tidy("  Dana \t  Lee \n"), "Dana Lee");
        assert_eq!(fold_case("ÉLODIE  Martin"), "élodie martin");
    }
}
