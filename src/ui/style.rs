//! The look: a calm, readable palette for a light and a dark theme, and the frames of the
//! window's regions. Every text colour here reads at WCAG 2.2 AA (4.5:1) on every
//! background of its theme; `tests/contrast.rs` computes it.

use egui::{Color32, CornerRadius, Frame, Margin, Stroke, Style, Visuals};

/// The text colours with a meaning, one set per theme, so screens agree on them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Palette {
    /// Secondary text: hints, dates beside names, captions.
    pub weak: Color32,
    pub danger: Color32,
    pub success: Color32,
    pub accent: Color32,
    /// Skipped sessions, cautions.
    pub warning: Color32,
    /// Cancelled sessions and other things set aside.
    pub muted: Color32,
}

pub const LIGHT: Palette = Palette {
    weak: Color32::from_gray(0x62),
    danger: Color32::from_rgb(0xB4, 0x23, 0x18),
    success: Color32::from_rgb(0x1A, 0x6E, 0x3D),
    accent: Color32::from_rgb(0x2B, 0x5B, 0xA8),
    warning: Color32::from_rgb(0x7A, 0x5C, 0x10),
    muted: Color32::from_gray(0x62),
};

pub const DARK: Palette = Palette {
    weak: Color32::from_gray(0xA8),
    danger: Color32::from_rgb(0xFF, 0x8A, 0x80),
    success: Color32::from_rgb(0x6F, 0xCF, 0x97),
    accent: Color32::from_rgb(0x8A, 0xB4, 0xF8),
    warning: Color32::from_rgb(0xE0, 0xB8, 0x4F),
    muted: Color32::from_gray(0xA0),
};

pub fn palette(visuals: &Visuals) -> &'static Palette {
    if visuals.dark_mode { &DARK } else { &LIGHT }
}

pub fn danger(visuals: &Visuals) -> Color32 {
    palette(visuals).danger
}

pub fn success(visuals: &Visuals) -> Color32 {
    palette(visuals).success
}

pub fn accent(visuals: &Visuals) -> Color32 {
    palette(visuals).accent
}

/// Follows the system's light or dark theme unless the manager chose one in Settings.
/// The spacing and the text sizes apply to both themes.
pub fn apply(ctx: &egui::Context) {
    ctx.options_mut(|o| {
        o.theme_preference = egui::ThemePreference::System;
        // When the system does not say (some X11 desktops), light: it reads best in
        // daylight, in a car or on a train.
        o.fallback_theme = egui::Theme::Light;
    });
    ctx.all_styles_mut(|style| {
        style.spacing.item_spacing = egui::vec2(8.0, 6.0);
        style.spacing.button_padding = egui::vec2(10.0, 4.0);
        style.spacing.interact_size.y = 24.0;
        let colours = *palette(&style.visuals);
        style.visuals.weak_text_color = Some(colours.weak);
        // Light enough that every text colour still reads on a selected row.
        let selection = if style.visuals.dark_mode { 0.18 } else { 0.14 };
        style.visuals.selection.bg_fill = colours.accent.gamma_multiply(selection);
        if style.visuals.dark_mode {
            // egui's dark body text (grey 140) is 3:1 on a selected row; this is 7:1.
            style.visuals.widgets.noninteractive.fg_stroke.color = Color32::from_gray(0xC8);
        }
        style.visuals.selection.stroke = Stroke::new(1.0, colours.accent);
        style.visuals.hyperlink_color = colours.accent;
        for (text_style, size) in [
            (egui::TextStyle::Body, 14.5),
            (egui::TextStyle::Button, 14.5),
            (egui::TextStyle::Heading, 22.0),
            (egui::TextStyle::Small, 12.0),
        ] {
            if let Some(font) = style.text_styles.get_mut(&text_style) {
                font.size = size;
            }
        }
    });
}

/// The tinted background of the rail and the status bar, set apart from the page.
pub fn chrome_fill(style: &Style) -> Color32 {
    if style.visuals.dark_mode {
        Color32::from_gray(34)
    } else {
        Color32::from_rgb(0xEA, 0xEE, 0xF3)
    }
}

pub fn rail_frame(style: &Style) -> Frame {
    Frame::new()
        .fill(chrome_fill(style))
        .inner_margin(Margin::symmetric(10, 14))
        .stroke(Stroke::new(
            1.0,
            style.visuals.widgets.noninteractive.bg_stroke.color,
        ))
}

pub fn bar_frame(style: &Style) -> Frame {
    Frame::new()
        .fill(chrome_fill(style))
        .inner_margin(Margin::symmetric(12, 5))
}

pub fn page_frame(style: &Style) -> Frame {
    Frame::new()
        .fill(style.visuals.panel_fill)
        .inner_margin(Margin::symmetric(22, 16))
}

/// The frame of a form or a card on a page.
pub fn card_frame(style: &Style) -> Frame {
    Frame::new()
        .fill(chrome_fill(style).lerp_to_gamma(style.visuals.panel_fill, 0.6))
        .stroke(Stroke::new(
            1.0,
            style.visuals.widgets.noninteractive.bg_stroke.color,
        ))
        .corner_radius(CornerRadius::same(6))
        .inner_margin(Margin::same(14))
}
