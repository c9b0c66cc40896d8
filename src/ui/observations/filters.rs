//! The filter bar of an observation table.

use crate::domain::Bucket;
use crate::domain::framework::StoredFramework;
use crate::domain::observation::Visibility;
use crate::domain::observation_query::{ObservationFilter, RatingFilter};
use crate::domain::rep::{RepId, parse_optional_date};
use crate::domain::skill::SkillId;
use crate::model::RosterRow;
use crate::ui::picker::picker_ui;

/// The filters as the manager set them; dates stay text until they parse.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FilterForm {
    pub rep: Option<RepId>,
    pub bucket: Option<Bucket>,
    pub skill: Option<SkillId>,
    pub rating: RatingFilter,
    pub from: String,
    pub to: String,
    pub account: String,
    pub text: String,
    pub visibility: Option<Visibility>,
}

impl FilterForm {
    pub fn is_empty(&self) -> bool {
        *self == FilterForm::default()
    }

    /// The filter to run; a date that does not parse (yet) is left out.
    pub fn parsed(&self) -> ObservationFilter {
        ObservationFilter {
            rep: self.rep,
            bucket: self.bucket,
            skill: self.skill,
            rating: self.rating,
            from: parse_optional_date(&self.from).ok().flatten(),
            to: parse_optional_date(&self.to).ok().flatten(),
            account: self.account.trim().to_owned(),
            text: self.text.clone(),
            visibility: self.visibility,
        }
    }

    fn date_problem(&self) -> Option<String> {
        [&self.from, &self.to]
            .into_iter()
            .find_map(|d| parse_optional_date(d).err())
            .map(|e| e.to_string())
    }
}

fn combo_ui<T: PartialEq + Copy>(
    ui: &mut egui::Ui,
    label: &str,
    value: &mut Option<T>,
    options: &[(T, String)],
    width: f32,
) {
    let shown = value
        .and_then(|v| options.iter().find(|(o, _)| *o == v))
        .map_or("All".to_owned(), |(_, name)| name.clone());
    let label = ui.label(label);
    egui::ComboBox::from_id_salt(("filter", label.id))
        .selected_text(shown)
        .width(width)
        .show_ui(ui, |ui| {
            ui.selectable_value(value, None, "All");
            for (option, name) in options {
                ui.selectable_value(value, Some(*option), name);
            }
        })
        .response
        .labelled_by(label.id);
}

fn text_ui(ui: &mut egui::Ui, label: &str, value: &mut String, hint: &str, width: f32) {
    let label = ui.label(label);
    ui.add(
        egui::TextEdit::singleline(value)
            .hint_text(hint)
            .desired_width(width),
    )
    .labelled_by(label.id);
}

fn rating_ui(ui: &mut egui::Ui, rating: &mut RatingFilter) {
    let label = ui.label("Rating");
    let shown = match *rating {
        RatingFilter::Any => "All".to_owned(),
        RatingFilter::Level(n) => n.to_string(),
        RatingFilter::NotObserved => "Not observed".to_owned(),
    };
    egui::ComboBox::from_id_salt("filter_rating")
        .selected_text(shown)
        .width(90.0)
        .show_ui(ui, |ui| {
            ui.selectable_value(rating, RatingFilter::Any, "All");
            for level in 1..=5u8 {
                ui.selectable_value(rating, RatingFilter::Level(level), level.to_string());
            }
            ui.selectable_value(rating, RatingFilter::NotObserved, "Not observed");
        })
        .response
        .labelled_by(label.id);
}

pub fn filters_ui(
    ui: &mut egui::Ui,
    form: &mut FilterForm,
    reps: &[RosterRow],
    framework: &StoredFramework,
    rep_fixed: bool,
) {
    ui.horizontal_wrapped(|ui| {
        if !rep_fixed {
            let options: Vec<(RepId, String)> = reps
                .iter()
                .map(|r| (r.rep.id, r.rep.name.clone()))
                .collect();
            let label = ui.label("Rep");
            picker_ui(
                ui,
                "filter_rep",
                label.id,
                &options,
                &mut form.rep,
                Some("All"),
                150.0,
            );
        }
        let buckets: Vec<(Bucket, String)> = Bucket::ALL
            .iter()
            .map(|b| (*b, b.title().to_owned()))
            .collect();
        combo_ui(ui, "Bucket", &mut form.bucket, &buckets, 190.0);
        let skills: Vec<(SkillId, String)> = framework
            .skills
            .iter()
            .filter(|s| form.bucket.is_none_or(|b| s.bucket == b))
            .map(|s| (s.id, s.name.clone()))
            .collect();
        if form
            .skill
            .is_some_and(|id| !skills.iter().any(|(s, _)| *s == id))
        {
            form.skill = None;
        }
        let label = ui.label("Skill");
        picker_ui(
            ui,
            "filter_skill",
            label.id,
            &skills,
            &mut form.skill,
            Some("All"),
            170.0,
        );
        rating_ui(ui, &mut form.rating);
        let visibility = [
            (Visibility::Shared, "Shared".to_owned()),
            (Visibility::Private, "Private".to_owned()),
        ];
        combo_ui(ui, "Visibility", &mut form.visibility, &visibility, 90.0);
    });
    ui.horizontal_wrapped(|ui| {
        text_ui(ui, "From", &mut form.from, "YYYY-MM-DD", 112.0);
        text_ui(ui, "To", &mut form.to, "YYYY-MM-DD", 112.0);
        text_ui(ui, "Account", &mut form.account, "Any", 140.0);
        text_ui(
            ui,
            "Search evidence",
            &mut form.text,
            "Words in the evidence",
            220.0,
        );
    });
    if let Some(problem) = form.date_problem() {
        ui.colored_label(super::super::style::danger(ui.visuals()), problem);
    }
}
