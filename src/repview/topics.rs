//! The next session: opportunities and topics the rep wants to go deep on, each in the
//! bucket it belongs to. The manager's Coachbook puts them on the proposed agenda.

use super::RepView;
use crate::domain::Bucket;
use crate::domain::rep_file::answers::{MAX_TOPIC_CHARS, MAX_TOPICS_PER_BUCKET, Topic};
use crate::repfile::RepEdit;

#[derive(Clone, Debug, Default)]
pub(super) struct TopicForm {
    bucket: Bucket,
    text: String,
    error: Option<String>,
}

pub(super) fn topics_ui(ui: &mut egui::Ui, view: &mut RepView) {
    ui.label(
        "What do you want to bring to your next session? A deal you want to go deep on, a \
         customer you are stuck with, a skill you want to practise.",
    );
    ui.add_space(6.0);
    let topics = view.file.answers.topics.clone();
    if topics.is_empty() {
        ui.weak("Nothing yet. Add a topic below.");
    }
    for (i, topic) in topics.iter().enumerate() {
        ui.horizontal(|ui| {
            ui.weak(format!("{}:", topic.bucket.title()));
            ui.label(&topic.text);
            if ui
                .small_button("Remove")
                .on_hover_text(format!("Remove the topic \"{}\"", topic.text))
                .clicked()
            {
                let mut rest = topics.clone();
                rest.remove(i);
                view.apply(&RepEdit::SetTopics(rest));
            }
        });
    }
    ui.add_space(10.0);
    ui.horizontal(|ui| {
        egui::ComboBox::from_label("Bucket")
            .selected_text(view.topic_form.bucket.title())
            .show_ui(ui, |ui| {
                for bucket in Bucket::ALL {
                    ui.selectable_value(&mut view.topic_form.bucket, bucket, bucket.title());
                }
            });
        let field = ui
            .add(
                egui::TextEdit::singleline(&mut view.topic_form.text)
                    .char_limit(MAX_TOPIC_CHARS)
                    .desired_width(360.0)
                    .hint_text("For example: the Northwind renewal"),
            )
            .on_hover_text("The topic to bring");
        super::counter_ui(ui, &view.topic_form.text, MAX_TOPIC_CHARS);
        let entered = field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        let room = bucket_has_room(&topics, view.topic_form.bucket);
        let add = ui
            .add_enabled(room, egui::Button::new("Add topic"))
            .on_disabled_hover_text(full_bucket(view.topic_form.bucket));
        if add.clicked() || (entered && room) {
            add_topic(view, topics.clone());
        }
    });
    if !bucket_has_room(&topics, view.topic_form.bucket) {
        ui.weak(full_bucket(view.topic_form.bucket));
    }
    if let Some(error) = &view.topic_form.error {
        ui.colored_label(ui.visuals().error_fg_color, error);
    }
}

fn bucket_has_room(topics: &[Topic], bucket: Bucket) -> bool {
    topics.iter().filter(|t| t.bucket == bucket).count() < MAX_TOPICS_PER_BUCKET
}

fn full_bucket(bucket: Bucket) -> String {
    format!(
        "\"{}\" holds its {MAX_TOPICS_PER_BUCKET} topics; remove one to add another.",
        bucket.title()
    )
}

fn add_topic(view: &mut RepView, mut topics: Vec<Topic>) {
    let text = crate::domain::text::tidy(&view.topic_form.text);
    if text.is_empty() {
        view.topic_form.error = Some("Type the topic first.".to_owned());
        return;
    }
    topics.push(Topic {
        bucket: view.topic_form.bucket,
        text,
    });
    if view.apply(&RepEdit::SetTopics(topics)) {
        view.topic_form.text.clear();
        view.topic_form.error = None;
    }
}
