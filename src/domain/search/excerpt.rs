//! The excerpt under a hit: a line of the text around the first matching word, with every
//! matching word marked.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// A piece of an excerpt; `hit` pieces are the words that matched.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Segment {
    pub text: String,
    pub hit: bool,
}

/// A word as the index compares it: lower case, accents removed ("Élan" and "elan" match).
pub fn fold(word: &str) -> String {
    word.nfd()
        .filter(|c| !is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .collect()
}

/// Byte ranges of the words of `text`.
fn word_spans(text: &str) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let mut start = None;
    for (at, c) in text.char_indices() {
        match (c.is_alphanumeric(), start) {
            (true, None) => start = Some(at),
            (false, Some(s)) => {
                spans.push((s, at));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        spans.push((s, text.len()));
    }
    spans
}

/// Up to `max_chars` of `text` around the first word that starts with one of `words`
/// (as typed; they are folded here), on one line, with the matching words marked. An
/// ellipsis shows where the text was cut.
pub fn excerpt(text: &str, words: &[String], max_chars: usize) -> Vec<Segment> {
    let terms: Vec<(String, bool)> = words
        .iter()
        .map(|w| (fold(w), super::is_prefix(w)))
        .filter(|(w, _)| !w.is_empty())
        .collect();
    let hits: Vec<(usize, usize)> = word_spans(text)
        .into_iter()
        .filter(|(s, e)| {
            let word = fold(&text[*s..*e]);
            terms.iter().any(|(term, prefix)| {
                if *prefix {
                    word.starts_with(term.as_str())
                } else {
                    word == *term
                }
            })
        })
        .collect();
    let (from, to) = window(text, hits.first().map(|h| h.0), max_chars);
    let mut out = Vec::new();
    if from > 0 {
        push(&mut out, "…", false);
    }
    let mut at = from;
    for &(s, e) in hits.iter().filter(|(s, e)| *s >= from && *e <= to) {
        push(&mut out, &text[at..s], false);
        push(&mut out, &text[s..e], true);
        at = e;
    }
    push(&mut out, &text[at..to], false);
    if to < text.len() {
        push(&mut out, "…", false);
    }
    out
}

/// The byte range shown: starting a few words before the first hit, `max_chars` long,
/// cut at character boundaries.
fn window(text: &str, first_hit: Option<usize>, max_chars: usize) -> (usize, usize) {
    const LEAD_CHARS: usize = 30;
    let hit = first_hit.unwrap_or(0);
    let before: Vec<usize> = text[..hit].char_indices().map(|(i, _)| i).collect();
    let mut from = before
        .len()
        .checked_sub(LEAD_CHARS)
        .and_then(|i| before.get(i).copied())
        .unwrap_or(0);
    if from > 0
        && let Some((at, space)) = text[from..hit]
            .char_indices()
            .find(|(_, c)| c.is_whitespace())
    {
        from += at + space.len_utf8();
    }
    let to = text[from..]
        .char_indices()
        .nth(max_chars)
        .map_or(text.len(), |(i, _)| from + i);
    (from, to)
}

/// Adds `text` on one line (a line break shows as a middle dot), joining it to the last
/// piece when both are or are not hits.
fn push(out: &mut Vec<Segment>, text: &str, hit: bool) {
    if text.is_empty() {
        return;
    }
    let text: String = text
        .split('\n')
        .map(|line| line.replace(char::is_whitespace, " "))
        .collect::<Vec<_>>()
        .join(" · ");
    match out.last_mut() {
        Some(last) if last.hit == hit => last.text.push_str(&text),
        _ => out.push(Segment { text, hit }),
    }
}
