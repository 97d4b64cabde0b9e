//! The last step of reading any document, whatever its format: control characters out of every field,
//! limits on the length of metadata, and a note for each repair, so that what is stored is text a
//! terminal or a browser shows as text and nothing was changed silently.

use crate::Document;
use crate::decode::is_binary_control;

/// Longest accepted document id, in bytes. An id is the document's name in every citation; one longer
/// than this is a text pasted into the wrong field, and it is refused rather than cut (two cut ids
/// could collide).
pub const MAX_ID_BYTES: usize = 256;

/// Longest metadata values kept, in characters; a longer value is cut at a character boundary, with a
/// note (a 1 MB title is a page's text in the wrong field).
const FIELD_LIMITS: &[(&str, usize)] = &[("title", 500), ("source", 200)];

/// Longest URL kept, in bytes; a longer one is dropped with a note rather than cut into a wrong address.
const MAX_URL_BYTES: usize = 4096;

/// Longest language tag kept (BCP 47 tags in practice are far shorter).
const MAX_LANGUAGE_BYTES: usize = 35;

/// Cleans `doc` in place and appends a note for every repair; an error for what cannot be repaired.
pub(crate) fn finish(doc: &mut Document) -> Result<(), String> {
    doc.id = one_line(&doc.id, "id", &mut doc.notes);
    if doc.id.trim().is_empty() {
        return Err("`id` is empty once its control characters are removed".into());
    }
    if doc.id.len() > MAX_ID_BYTES {
        return Err(format!("`id` of {} bytes, over the limit of {MAX_ID_BYTES}", doc.id.len()));
    }
    for (field, limit) in FIELD_LIMITS {
        let value = match *field {
            "title" => &mut doc.title,
            _ => &mut doc.source,
        };
        if let Some(v) = value.take() {
            let v = one_line(&v, field, &mut doc.notes);
            let v = cut(v, *limit, field, &mut doc.notes);
            *value = Some(v).filter(|v| !v.trim().is_empty());
        }
    }
    doc.url = doc.url.take().and_then(|v| bounded(&v, "url", MAX_URL_BYTES, &mut doc.notes));
    doc.language = doc.language.take().and_then(|v| bounded(&v, "language", MAX_LANGUAGE_BYTES, &mut doc.notes));
    strip_text_controls(doc);
    Ok(())
}

/// A value on one line that is kept whole or not at all: dropped, with a note, past `max` bytes.
fn bounded(value: &str, field: &str, max: usize, notes: &mut Vec<String>) -> Option<String> {
    let value = one_line(value, field, notes);
    if value.len() > max {
        notes.push(format!("`{field}` of {} bytes dropped (limit {max})", value.len()));
        return None;
    }
    Some(value).filter(|v| !v.trim().is_empty())
}

/// A metadata value on one line: line breaks and tabs become spaces, other control characters go.
fn one_line(value: &str, field: &str, notes: &mut Vec<String>) -> String {
    if !value.chars().any(char::is_control) {
        return value.to_owned();
    }
    let removed = value.chars().filter(|c| is_binary_control(*c)).count();
    if removed > 0 {
        notes.push(format!("{removed} control character(s) removed from `{field}`"));
    }
    value
        .chars()
        .filter_map(|c| if c.is_control() { (!is_binary_control(c)).then_some(' ') } else { Some(c) })
        .collect()
}

fn cut(value: String, limit: usize, field: &str, notes: &mut Vec<String>) -> String {
    match value.char_indices().nth(limit) {
        Some((end, _)) => {
            notes.push(format!("`{field}` of {} characters cut to {limit}", value.chars().count()));
            value[..end].to_owned()
        }
        None => value,
    }
}

/// Control characters left in the text (an HTML entity such as `&#27;` decodes to one) are removed;
/// the dateline's span is moved with the text so that it still points at the same words.
fn strip_text_controls(doc: &mut Document) {
    if !doc.text.chars().any(is_binary_control) {
        return;
    }
    let mut removed_before = Vec::new(); // byte offsets (in the old text) of removed characters
    let mut text = String::with_capacity(doc.text.len());
    for (i, c) in doc.text.char_indices() {
        if is_binary_control(c) {
            removed_before.push((i, c.len_utf8()));
        } else {
            text.push(c);
        }
    }
    let shift = |offset: usize| -> usize {
        offset - removed_before.iter().take_while(|(i, _)| *i < offset).map(|(_, len)| len).sum::<usize>()
    };
    doc.dateline = doc.dateline.map(|(start, end)| (shift(start), shift(end)));
    doc.notes.push(format!("{} control character(s) removed from the text", removed_before.len()));
    doc.text = text;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Format, Origin};

    fn doc(id: &str, title: &str, text: &str) -> Document {
        let origin = Origin { input: "t".into(), line: None, format: Format::Jsonl, encoding: "UTF-8", bytes: 0 };
        Document { title: Some(title.into()), ..Document::new(id.into(), text.into(), origin) }
    }

    /// A document's fields before cleaning, what they become, and the notes it leaves.
    struct Case {
        id: &'static str,
        title: &'static str,
        text: &'static str,
        want_title: &'static str,
        want_text: &'static str,
        want_notes: &'static [&'static str],
    }

    const fn case(
        id: &'static str,
        title: &'static str,
        text: &'static str,
        want_title: &'static str,
        want_text: &'static str,
        want_notes: &'static [&'static str],
    ) -> Case {
        Case { id, title, text, want_title, want_text, want_notes }
    }

    const CASES: &[Case] = &[
        case("a", "Calm in Idlib", "Strikes stopped.", "Calm in Idlib", "Strikes stopped.", &[]),
        case(
            "a",
            "Calm\u{1b}[2J in Idlib",
            "x",
            "Calm[2J in Idlib",
            "x",
            &["1 control character(s) removed from `title`"],
        ),
        case("a", "Calm\nin Idlib", "x", "Calm in Idlib", "x", &[]),
        case(
            "a",
            "t",
            "Strikes\u{7} stopped.",
            "t",
            "Strikes stopped.",
            &["1 control character(s) removed from the text"],
        ),
        case("a\u{9b}31m", "t", "x", "t", "x", &["1 control character(s) removed from `id`"]),
    ];

    #[test]
    fn control_characters_leave_every_field() {
        for Case { id, title, text, want_title, want_text, want_notes } in CASES {
            let mut d = doc(id, title, text);
            finish(&mut d).unwrap();
            assert_eq!(d.title.as_deref(), Some(*want_title), "{title:?}");
            assert_eq!(d.text, *want_text, "{text:?}");
            assert_eq!(d.notes, *want_notes, "{id:?} {title:?} {text:?}");
            assert!(!d.id.chars().any(char::is_control));
        }
    }

    #[test]
    fn long_ids_are_refused_and_long_titles_cut() {
        let mut d = doc(&"x".repeat(100_000), "t", "x");
        assert!(finish(&mut d).unwrap_err().contains("over the limit of 256"));
        let mut d = doc("a", &"é".repeat(1_000_000), "x");
        finish(&mut d).unwrap();
        assert_eq!(d.title.unwrap().chars().count(), 500);
        assert_eq!(d.notes, ["`title` of 1000000 characters cut to 500"]);
    }

    #[test]
    fn the_dateline_moves_with_the_text() {
        let mut d = doc("a", "t", "\u{1b}\u{1b}IDLIB, Aug 3 (Reuters) - Calm.");
        d.dateline = Some((2, 21));
        finish(&mut d).unwrap();
        assert_eq!(&d.text[d.dateline.unwrap().0..d.dateline.unwrap().1], "IDLIB, Aug 3 (Reute");
    }
}
