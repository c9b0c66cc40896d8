//! `search`: every text that holds the words typed, grouped by kind, newest first, each
//! with its rep, its day and a short excerpt with the matching words marked.

use std::io::Write;
use std::process::ExitCode;

use super::{DataFile, find_rep};
use crate::domain::search::{self, EXCERPT_CHARS, Found, Hit, Kind, PER_GROUP, Segment};
use crate::export::terminal::shown;
use crate::store;

pub(super) fn search(
    path: &DataFile,
    text: &str,
    rep: Option<&str>,
    json: bool,
    out: &mut dyn Write,
) -> anyhow::Result<ExitCode> {
    let store = path.open_existing()?;
    let rep = rep.map(|name| find_rep(&store, path, name)).transpose()?;
    let query = store::search::Query {
        text: text.to_owned(),
        rep,
        per_group: PER_GROUP,
    };
    let found = store::search::find(store.conn(), &query)?;
    let zone = crate::clock::system_time_zone();
    let words = search::words(text);
    if json {
        let value = as_json(text, &found, &words, zone);
        writeln!(out, "{}", serde_json::to_string_pretty(&value)?)?;
        return Ok(ExitCode::SUCCESS);
    }
    if found.is_empty() {
        writeln!(out, "Nothing holds \"{}\".", shown(text))?;
        return Ok(ExitCode::SUCCESS);
    }
    for (group, hits, more) in &found.groups {
        writeln!(out, "{}", group.title())?;
        for hit in hits {
            writeln!(out, "  {}", shown(&line(hit, &words, zone)))?;
        }
        if *more {
            writeln!(
                out,
                "  (only the {PER_GROUP} newest; add words or --rep to narrow it)"
            )?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// One hit on one line: day, rep, what it is, and the excerpt with «matches» marked.
fn line(hit: &Hit, words: &[String], zone: chrono_tz::Tz) -> String {
    let day = hit
        .when
        .map(|w| w.local_date(zone).to_string())
        .unwrap_or_else(|| "-".repeat(10));
    let private = if hit.private && !matches!(hit.kind, Kind::PrivateNote(_)) {
        ", private"
    } else {
        ""
    };
    let excerpt: String = search::excerpt(&hit.text, words, EXCERPT_CHARS)
        .iter()
        .map(marked)
        .collect();
    format!(
        "{day}  {}  {}{private}: {excerpt}",
        hit.rep_name,
        hit.kind.label()
    )
}

fn marked(segment: &Segment) -> String {
    if segment.hit {
        format!("«{}»", segment.text)
    } else {
        segment.text.clone()
    }
}

fn as_json(text: &str, found: &Found, words: &[String], zone: chrono_tz::Tz) -> serde_json::Value {
    let groups: Vec<serde_json::Value> = found
        .groups
        .iter()
        .map(|(group, hits, more)| {
            let hits: Vec<serde_json::Value> = hits
                .iter()
                .map(|hit| {
                    let segments = search::excerpt(&hit.text, words, EXCERPT_CHARS);
                    serde_json::json!({
                        "kind": hit.kind.key(),
                        "label": hit.kind.label(),
                        "rep": hit.rep_name,
                        "date": hit.when.map(|w| w.local_date(zone).to_string()),
                        "private": hit.private,
                        "excerpt": segments.iter().map(|s| s.text.as_str()).collect::<String>(),
                        "matches": segments.iter().filter(|s| s.hit).map(|s| s.text.as_str()).collect::<Vec<_>>(),
                        "text": hit.text,
                    })
                })
                .collect();
            serde_json::json!({
                "group": group.key(),
                "title": group.title(),
                "more": more,
                "hits": hits,
            })
        })
        .collect();
    serde_json::json!({ "query": text, "groups": groups })
}
