//! Values as a person writes them, and document text made literal in Markdown.

/// A field's name as a person writes it: `duration_hours` is the duration (its value carries the unit).
pub(crate) fn field_label(field: &str) -> String {
    field.trim_end_matches("_hours").trim_end_matches("_km").replace('_', " ")
}

/// A field's value as a person writes it: text without JSON quotes, whole numbers without ".0", hours
/// and kilometres with their unit.
pub(crate) fn plain_value(field: &str, value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Number(n) => {
            let n = number(n.as_f64().unwrap_or_default());
            match field {
                f if f.ends_with("_hours") => format!("{n} hours"),
                f if f.ends_with("_km") => format!("{n} km"),
                _ => n,
            }
        }
        serde_json::Value::Array(items) => items.iter().map(|v| plain_value(field, v)).collect::<Vec<_>>().join(", "),
        serde_json::Value::Null => "unknown".to_owned(),
        other => other.to_string(),
    }
}

/// A number as a person writes it: 48, not 48.0.
pub(crate) fn number(n: f64) -> String {
    if n.fract() == 0.0 { format!("{n:.0}") } else { format!("{n}") }
}

/// Text from a document or a record, made literal in Markdown: every character CommonMark or HTML
/// could read as markup is backslash-escaped (CommonMark shows `\<svg onload=...>` as text), and line
/// breaks become spaces so that a value cannot start a heading or a list item of its own. An underscore
/// inside a word (`004_5c82`) cannot open emphasis, so it stays as it is and ids stay readable.
pub(crate) fn t(s: impl AsRef<str>) -> String {
    let s = s.as_ref();
    let mut out = String::with_capacity(s.len());
    let mut prev: Option<char> = None;
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        let next = chars.peek().copied();
        let in_word = |x: Option<char>| x.is_some_and(char::is_alphanumeric);
        match c {
            '_' if in_word(prev) && in_word(next) => out.push(c),
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '&' | '~' | '#' | '|' | '^' | '!' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
        prev = Some(c);
    }
    out
}

/// A document's address as a Markdown link destination, when it is a web address: anything else (a
/// `javascript:` URL, a file path) is not linked. Characters that would end the destination are
/// percent-encoded.
pub(crate) fn link_target(url: &str) -> Option<String> {
    let lower = url.to_ascii_lowercase();
    if !(lower.starts_with("http://") || lower.starts_with("https://")) {
        return None;
    }
    let mut out = String::with_capacity(url.len());
    for c in url.chars() {
        match c {
            '<' | '>' | ' ' | '(' | ')' | '"' | '\\' => out.push_str(&format!("%{:02X}", c as u32)),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_read_as_written() {
        for (field, value, want) in [
            ("announced", serde_json::json!("2019-08-01"), "2019-08-01"),
            ("duration_hours", serde_json::json!(96.0), "96 hours"),
            ("width_km", serde_json::json!(17.5), "17.5 km"),
            ("parties", serde_json::json!(["A", "B"]), "A, B"),
            ("ends", serde_json::Value::Null, "unknown"),
        ] {
            assert_eq!(plain_value(field, &value), want, "{field}");
        }
        assert_eq!(field_label("duration_hours"), "duration");
        assert_eq!(field_label("effective_from"), "effective from");
    }

    #[test]
    fn markup_in_text_is_escaped_and_only_web_addresses_link() {
        assert_eq!(t("a <b> [c](d) **e** 004_5c82 x^2"), r"a \<b\> \[c\](d) \*\*e\*\* 004_5c82 x\^2");
        assert_eq!(link_target("javascript:alert(1)"), None);
        assert_eq!(link_target("https://x.org/a b(c)").as_deref(), Some("https://x.org/a%20b%28c%29"));
    }
}
