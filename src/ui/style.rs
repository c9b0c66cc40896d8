//! The look: a calm, readable palette and the frames of the window's regions.

use egui::{Color32, CornerRadius, Frame, Margin, Stroke, Style};

/// Colours with meaning, kept in one place so screens agree on them.
pub const DANGER: Color32 = Color32::from_rgb(0xB4, 0x23, 0x18);
pub const SUCCESS: Color32 = Color32::from_rgb(0x1E, 0x7B, 0x45);
pub const ACCENT: Color32 = Color32::from_rgb(0x2B, 0x5B, 0xA8);

/// Light by default: it reads best in daylight, in a car or on a train. The spacing
/// applies to both themes.
pub fn apply(ctx: &egui::Context) {
    ctx.set_theme(egui::Theme::Light);
    ctx.all_styles_mut(|style| {
        style.spacing.item_spacing = egui::vec2(8.0, 6.0);
        style.spacing.button_padding = egui::vec2(10.0, 4.0);
        style.spacing.interact_size.y = 24.0;
        style.visuals.selection.bg_fill = ACCENT.gamma_multiply(0.25);
        style.visuals.selection.stroke = Stroke::new(1.0, ACCENT);
        style.visuals.hyperlink_color = ACCENT;
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
fn chrome_fill(style: &Style) -> Color32 {
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
