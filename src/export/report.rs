//! The rep's feedback report: one self-contained HTML file (inline CSS and SVG, no
//! scripts, no links to fetch) that opens in any browser and prints cleanly to PDF. It is
//! drawn from a [`SharedHistory`] only, which holds nothing the manager kept private.

use std::fmt::Write as _;

use chrono::Local;

use super::charts::{self, ChartError};
use crate::domain::Bucket;
use crate::domain::commitment::{CommitmentStatus, Owner};
use crate::domain::rep_file::history::{SharedHistory, SharedSkill};
use crate::domain::text::{Lines, clean};

const STYLE: &str = include_str!("report.css");

pub fn render(history: &SharedHistory) -> Result<String, ChartError> {
    let mut html = String::with_capacity(64 * 1024);
    let title = format!("Coaching feedback: {}", history.rep_name);
    let _ = writeln!(
        html,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>",
        esc(&title)
    );
    let _ = writeln!(
        html,
        "<header><h1>{}</h1><p class=\"meta\">{} &middot; {} to {} &middot; prepared {}</p>\
         <p class=\"note\">This report holds what your manager shared with you: your coaching \
         plan, sessions held, their summaries and shared notes, your commitments, and the \
         observations marked as shared.</p></header>",
        esc(&title),
        esc(&history.role_name),
        history.from.format("%-d %B %Y"),
        history.to.format("%-d %B %Y"),
        history.generated.with_timezone(&Local).format("%-d %B %Y"),
    );
    plans_section(&mut html, history);
    skills_section(&mut html, history)?;
    timeline_section(&mut html, history);
    commitments_section(&mut html, history);
    observations_section(&mut html, history);
    html.push_str("</body>\n</html>\n");
    Ok(html)
}

fn skills_section(html: &mut String, history: &SharedHistory) -> Result<(), ChartError> {
    html.push_str(
        "<section><h2>Skills: level and target</h2>\n<p class=\"hint\">Level weighs \
        recent ratings more (a rating counts half after ",
    );
    let _ = writeln!(
        html,
        "{} days). Dots are ratings, the blue line is the level, the dashed \
        orange line is the target.</p>",
        history.half_life_days
    );
    for bucket in Bucket::ALL {
        // A retired skill has no level to reach; its observations are listed below.
        let skills: Vec<&SharedSkill> = history
            .skills
            .iter()
            .filter(|s| s.bucket == bucket && !s.retired)
            .collect();
        if skills.is_empty() {
            continue;
        }
        let _ = writeln!(
            html,
            "<h3>{}</h3>\n<table class=\"levels\"><thead><tr><th>Skill</th>\
            <th>Level</th><th>Target</th><th>Where it stands</th><th>Ratings</th></tr></thead><tbody>",
            esc(bucket.title())
        );
        let mut charts_html = String::new();
        for skill in skills {
            let f = history.figures(skill);
            let level = f
                .level
                .map_or("not rated".to_owned(), |l| format!("{l:.1}"));
            let target = skill
                .target
                .map_or("none".to_owned(), |t| t.get().to_string());
            let standing = match (f.gap, f.trend) {
                (None, _) => "no rating in this period".to_owned(),
                (Some(gap), trend) => {
                    let mut s = if gap >= 0.5 {
                        format!("{gap:.1} below target")
                    } else if gap <= -0.5 {
                        format!("{:.1} above target", -gap)
                    } else {
                        "at target".to_owned()
                    };
                    match trend {
                        Some(t) if t >= 0.5 => s.push_str(", rising"),
                        Some(t) if t <= -0.5 => s.push_str(", falling"),
                        _ => {}
                    }
                    s
                }
            };
            let _ = writeln!(
                html,
                "<tr><td>{}</td><td class=\"num\">{level}</td><td class=\"num\">{target}</td>\
                <td>{}</td><td class=\"num\">{}</td></tr>",
                esc(&skill.name),
                esc(&standing),
                f.ratings
            );
            if let Some(svg) = charts::trend_svg(history, skill)? {
                let _ = writeln!(
                    charts_html,
                    "<figure><figcaption>{}</figcaption>{svg}</figure>",
                    esc(&skill.name)
                );
            }
        }
        html.push_str("</tbody></table>\n");
        if !charts_html.is_empty() {
            let _ = writeln!(html, "<div class=\"charts\">{charts_html}</div>");
        }
    }
    html.push_str("</section>\n");
    Ok(())
}

fn timeline_section(html: &mut String, history: &SharedHistory) {
    html.push_str("<section><h2>Coaching sessions</h2>\n");
    if history.sessions.is_empty() {
        html.push_str("<p class=\"empty\">No session was held in this period.</p>\n");
    }
    for session in history.sessions.iter().rev() {
        let _ = writeln!(
            html,
            "<article class=\"session\"><h3>{}</h3>",
            session.start.with_timezone(&Local).format("%A %-d %B %Y")
        );
        if !session.summary.trim().is_empty() {
            let _ = writeln!(
                html,
                "<p class=\"summary\">{}</p>",
                esc_lines(&session.summary)
            );
        }
        for (bucket, text) in &session.notes {
            let _ = writeln!(
                html,
                "<p class=\"bucket-note\"><strong>{}:</strong> {}</p>",
                esc(bucket.title()),
                esc_lines(text)
            );
        }
        html.push_str("</article>\n");
    }
    html.push_str("</section>\n");
}

/// The shared coaching plans of the period; nothing when there are none, since a report
/// without a plan is no less complete.
fn plans_section(html: &mut String, history: &SharedHistory) {
    if history.plans.is_empty() {
        return;
    }
    html.push_str(
        "<section><h2>Coaching plan</h2>\n<table><thead><tr><th>Focus skill</th>\
         <th>Since</th><th>Level then</th><th>Target</th><th>Review</th><th>Status</th>\
         <th>Why</th></tr></thead><tbody>\n",
    );
    for p in &history.plans {
        let skill = history.skill(p.skill_id).map_or("", |s| s.name.as_str());
        let level = p
            .start_level
            .map_or("not rated".to_owned(), |l| format!("{l:.1}"));
        let status = match p.closed_on {
            Some(day) => format!("{}, {}", p.status.label(), day.format("%-d %b %Y")),
            None => p.status.label().to_owned(),
        };
        let _ = writeln!(
            html,
            "<tr><td>{}</td><td>{}</td><td>{level}</td><td>{}</td><td>{}</td><td>{}</td>\
             <td>{}</td></tr>",
            esc(skill),
            p.started_on.format("%-d %b %Y"),
            p.target.get(),
            p.review_on.format("%-d %b %Y"),
            esc(&status),
            esc(&p.why)
        );
    }
    html.push_str("</tbody></table></section>\n");
}

fn commitments_section(html: &mut String, history: &SharedHistory) {
    html.push_str("<section><h2>Commitments</h2>\n");
    if history.commitments.is_empty() {
        html.push_str("<p class=\"empty\">No commitment in this period.</p></section>\n");
        return;
    }
    html.push_str(
        "<table><thead><tr><th>Next step</th><th>Who</th><th>Due</th><th>Status</th>\
        </tr></thead><tbody>\n",
    );
    for c in &history.commitments {
        let who = match c.owner {
            Owner::Rep => esc(&history.rep_name),
            Owner::Manager => "Your manager".to_owned(),
        };
        let status = match c.status {
            CommitmentStatus::Open => "Open",
            CommitmentStatus::Done => "Done",
            CommitmentStatus::Dropped => "Dropped",
        };
        let _ = writeln!(
            html,
            "<tr><td>{}</td><td>{who}</td><td>{}</td><td>{status}</td></tr>",
            esc(&c.text),
            c.due_on.format("%-d %b %Y")
        );
    }
    html.push_str("</tbody></table></section>\n");
}

fn observations_section(html: &mut String, history: &SharedHistory) {
    html.push_str("<section><h2>Observations</h2>\n");
    if history.observations.is_empty() {
        html.push_str("<p class=\"empty\">No shared observation in this period.</p></section>\n");
        return;
    }
    for bucket in Bucket::ALL {
        let mut wrote_bucket = false;
        for skill in history.skills.iter().filter(|s| s.bucket == bucket) {
            let mut rows = history.observations_of(skill.id).peekable();
            if rows.peek().is_none() {
                continue;
            }
            if !wrote_bucket {
                let _ = writeln!(html, "<h3>{}</h3>", esc(bucket.title()));
                wrote_bucket = true;
            }
            let _ = writeln!(
                html,
                "<h4>{}{}</h4>\n<table class=\"obs\"><tbody>",
                esc(&skill.name),
                if skill.retired { " (retired)" } else { "" }
            );
            for o in rows {
                let _ = writeln!(
                    html,
                    "<tr><td class=\"day\">{}</td><td class=\"num\">{}</td>\
                    <td>{}</td><td>{}</td></tr>",
                    o.observed_on.format("%-d %b %Y"),
                    o.rating_label(),
                    esc(&o.where_seen()),
                    esc_lines(&o.evidence)
                );
            }
            html.push_str("</tbody></table>\n");
        }
    }
    html.push_str("</section>\n");
}

/// Escapes text for HTML element content and attribute values. Control characters go
/// first by the one rule (a browser shows them as boxes, or not at all); tabs and line
/// breaks stay as white space.
pub fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in clean(text, Lines::Many).chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

fn esc_lines(text: &str) -> String {
    esc(text.trim()).replace('\n', "<br>")
}
