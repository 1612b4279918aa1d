//! Interview stories: paragraphs that start with **Q:** or **A:** marked as a dialogue.

use super::escape_attr;

/// Marks interview paragraphs that start with **Q:** or **A:** so themes can show a dialogue;
/// answers carry the speaker's name (escaped) in `data-person`.
pub fn dialogue(html: &str, person: &str) -> String {
    let answer = format!(
        "<p class=\"qa qa--a\" data-person=\"{}\"><strong class=\"qa__label\">A:</strong>",
        escape_attr(person)
    );
    html.replace(
        "<p><strong>Q:</strong>",
        "<p class=\"qa qa--q\"><strong class=\"qa__label\">Q:</strong>",
    )
    .replace("<p><strong>A:</strong>", &answer)
}
