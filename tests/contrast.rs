//! Every text colour of both themes against every background it is drawn on, as WCAG 2.2
//! computes contrast: at least 4.5:1 (AA for normal text). Disabled controls are left out,
//! as WCAG leaves them out.

use coachbook::domain::session::SessionStatus;
use coachbook::ui::style;
use egui::{Color32, Style, Theme};

/// Relative luminance of an sRGB colour (WCAG 2.2).
fn luminance(c: Color32) -> f64 {
    let channel = |v: u8| {
        let v = f64::from(v) / 255.0;
        if v <= 0.04045 {
            v / 12.92
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(c.r()) + 0.7152 * channel(c.g()) + 0.0722 * channel(c.b())
}

fn ratio(a: Color32, b: Color32) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// A translucent fill as it shows over `under` (egui blends premultiplied colours).
fn over(fill: Color32, under: Color32) -> Color32 {
    let a = f64::from(fill.a()) / 255.0;
    let mix = |f: u8, u: u8| (f64::from(f) + f64::from(u) * (1.0 - a)).round().min(255.0) as u8;
    Color32::from_rgb(
        mix(fill.r(), under.r()),
        mix(fill.g(), under.g()),
        mix(fill.b(), under.b()),
    )
}

fn styles() -> Vec<(Theme, Style)> {
    let ctx = egui::Context::default();
    style::apply(&ctx);
    [Theme::Light, Theme::Dark]
        .into_iter()
        .map(|theme| (theme, (*ctx.style_of(theme)).clone()))
        .collect()
}

/// The backgrounds text is drawn on: the page, windows and popups, text fields, the rail
/// and the status bar, cards, and a selected row.
fn backgrounds(style: &Style) -> Vec<(&'static str, Color32)> {
    let v = &style.visuals;
    let card = style::card_frame(style).fill;
    vec![
        ("page", v.panel_fill),
        ("window", v.window_fill),
        ("text field", v.text_edit_bg_color()),
        ("rail and status bar", style::chrome_fill(style)),
        ("card", over(card, v.panel_fill)),
        ("selected row", over(v.selection.bg_fill, v.panel_fill)),
    ]
}

fn text_colours(style: &Style) -> Vec<(&'static str, Color32)> {
    let v = &style.visuals;
    let p = style::palette(v);
    vec![
        ("text", v.text_color()),
        ("strong text", v.strong_text_color()),
        ("weak text", v.weak_text_color()),
        ("link", v.hyperlink_color),
        ("danger", p.danger),
        ("success", p.success),
        ("accent", p.accent),
        ("warning", p.warning),
        ("muted", p.muted),
    ]
}

#[test]
fn every_text_colour_reads_at_aa_on_every_background_of_both_themes() {
    let mut failures = Vec::new();
    for (theme, style) in styles() {
        for (bg_name, bg) in backgrounds(&style) {
            for (fg_name, fg) in text_colours(&style) {
                let r = ratio(fg, bg);
                if r < 4.5 {
                    failures.push(format!(
                        "{theme:?}: {fg_name} {fg:?} on {bg_name} {bg:?} is {r:.2}:1"
                    ));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

#[test]
fn button_labels_read_at_aa_on_their_buttons() {
    let mut failures = Vec::new();
    for (theme, style) in styles() {
        let w = &style.visuals.widgets;
        for (state, visuals) in [("button", &w.inactive), ("hovered button", &w.hovered)] {
            let bg = over(visuals.weak_bg_fill, style.visuals.panel_fill);
            let r = ratio(visuals.fg_stroke.color, bg);
            if r < 4.5 {
                failures.push(format!("{theme:?}: {state} label is {r:.2}:1"));
            }
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

#[test]
fn calendar_block_labels_read_at_aa_on_their_status_fill() {
    let statuses = [
        SessionStatus::Planned,
        SessionStatus::Held,
        SessionStatus::Missed,
        SessionStatus::Skipped,
    ];
    let mut failures = Vec::new();
    for (theme, style) in styles() {
        let v = &style.visuals;
        for status in statuses {
            let colour = coachbook::ui::status_color(status, v);
            // The week view fills a block with its status colour at 22% (planned) or 14%.
            for strength in [0.22, 0.14] {
                let fill = over(colour.gamma_multiply(strength), v.panel_fill);
                let r = ratio(v.strong_text_color(), fill);
                if r < 4.5 {
                    failures.push(format!("{theme:?}: {status:?} block label is {r:.2}:1"));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

#[test]
fn the_ratio_is_computed_as_wcag_defines_it() {
    assert!((ratio(Color32::BLACK, Color32::WHITE) - 21.0).abs() < 1e-9);
    assert!((ratio(Color32::WHITE, Color32::WHITE) - 1.0).abs() < 1e-9);
    // #767676 on white is the well-known lightest grey that passes AA (4.54:1).
    let grey = ratio(Color32::from_gray(0x76), Color32::WHITE);
    assert!((grey - 4.54).abs() < 0.01, "{grey}");
}
