//! The event rules as data: every case of `tests/cases/events.toml` is read and checked by one function.
//! A case names the rule it pins; a failure prints the case and every event the text gave.

mod common;

use std::sync::OnceLock;

use serde::Deserialize;
use serde_json::Value;
use truce_extract::Extractor;
use truce_extract::records::{EventRecord, Provenance, Record};

const CASES: &str = include_str!("cases/events.toml");

/// Friday 2 August 2019: the day a case is read against unless it says otherwise.
const PUBLISHED: &str = "2019-08-02";

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    rule: String,
    text: String,
    title: Option<String>,
    published: Option<String>,
    occurred: Option<usize>,
    events: Option<usize>,
    #[serde(default)]
    event: Vec<Expected>,
}

#[derive(Deserialize)]
struct Expected {
    #[serde(default)]
    absent: Vec<String>,
    #[serde(default)]
    inferred: Vec<String>,
    #[serde(default)]
    span: toml::Table,
    #[serde(flatten)]
    fields: toml::Table,
}

fn extractor() -> &'static Extractor {
    static E: OnceLock<Extractor> = OnceLock::new();
    E.get_or_init(|| Extractor::new(truce_pack::Pack::builtin("syria").expect("the Syria pack loads")))
}

fn events(case: &Case) -> Vec<EventRecord> {
    let doc = common::document(&case.text, case.title.as_deref(), case.published.as_deref().unwrap_or(PUBLISHED));
    extractor()
        .extract(&doc, None)
        .into_iter()
        .filter_map(|r| if let Record::Event(e) = r { Some(e) } else { None })
        .collect()
}

/// A field of a record by its name, or by a dotted path into a field ("attribution.source").
fn field<'v>(json: &'v Value, path: &str) -> &'v Value {
    path.split('.').fold(json, |v, key| v.get(key).unwrap_or_else(|| panic!("no field {path:?} in an event record")))
}

/// Whether `got` is `wanted`; a table wanted is matched on the keys it gives.
fn agrees(got: &Value, wanted: &Value) -> bool {
    match wanted {
        Value::Object(keys) => keys.iter().all(|(k, w)| got.get(k).is_some_and(|g| agrees(g, w))),
        Value::Array(items) => {
            got.as_array().is_some_and(|g| g.len() == items.len() && g.iter().zip(items).all(|(g, w)| agrees(g, w)))
        }
        _ => got == wanted,
    }
}

/// Why `event` is not `want`, or `None` if it is.
fn mismatch(text: &str, event: &EventRecord, want: &Expected) -> Option<String> {
    let json = serde_json::to_value(event).expect("an event serialises");
    for (field, value) in &want.fields {
        let wanted: Value = serde_json::to_value(value).expect("a TOML value is JSON");
        let got = json.get(field).unwrap_or(&Value::Null);
        if !agrees(got, &wanted) {
            return Some(format!("{field} is {got}, not {wanted}"));
        }
    }
    for path in &want.absent {
        // A field left out of the record (serialised only when present) is absent too.
        let got = if path.contains('.') { field(&json, path) } else { json.get(path).unwrap_or(&Value::Null) };
        if !got.is_null() {
            return Some(format!("{path} is {got}, not absent"));
        }
    }
    for field in &want.inferred {
        if !matches!(event.fields.get(field.as_str()), Some(Provenance::Inferred { .. })) {
            return Some(format!("{field} is not inferred: {:?}", event.fields.get(field.as_str())));
        }
    }
    for (field, words) in &want.span {
        let Some(Provenance::Span { span }) = event.fields.get(field.as_str()) else {
            return Some(format!("{field} has no span: {:?}", event.fields.get(field.as_str())));
        };
        let given = &text[span[0]..span[1]];
        if Some(given) != words.as_str() {
            return Some(format!("{field} comes from {given:?}, not {words}"));
        }
    }
    None
}

fn check(case: &Case) -> Result<(), String> {
    let got = events(case);
    let occurred = got.iter().filter(|e| e.status == "occurred").count();
    let mut problems = Vec::new();
    if let Some(n) = case.events
        && got.len() != n
    {
        problems.push(format!("{} events, not {n}", got.len()));
    }
    if let Some(n) = case.occurred
        && occurred != n
    {
        problems.push(format!("{occurred} occurred events, not {n}"));
    }
    for (k, want) in case.event.iter().enumerate() {
        let why: Vec<String> = got.iter().filter_map(|e| mismatch(&case.text, e, want)).collect();
        if why.len() == got.len() {
            problems.push(format!("no event is expected event {}: {}", k + 1, why.join("; ")));
        }
    }
    if problems.is_empty() {
        return Ok(());
    }
    let summary: Vec<String> = got
        .iter()
        .map(|e| {
            format!(
                "{} {} {:?} actor1 {:?} actor2 {:?} killed {:?} {:?} {:?}..{:?} main {} background {}",
                e.status,
                e.sub_event_type,
                e.location,
                e.actor1,
                e.actor2,
                e.fatalities,
                e.admin1,
                e.event_date,
                e.event_date_end,
                e.main,
                e.background
            )
        })
        .collect();
    Err(format!(
        "{}\n  text: {}\n  {}\n  events:\n    {}",
        case.rule,
        case.text,
        problems.join("\n  "),
        summary.join("\n    ")
    ))
}

#[test]
fn every_event_case_holds() {
    let cases: Vec<Case> = common::cases(CASES, "tests/cases/events.toml");
    assert!(cases.len() >= 30, "the table has {} cases", cases.len());
    let failures: Vec<String> = cases.iter().filter_map(|c| check(c).err()).collect();
    assert!(failures.is_empty(), "{} of {} cases fail:\n\n{}", failures.len(), cases.len(), failures.join("\n\n"));
}

#[test]
fn every_case_names_its_step() {
    let cases: Vec<Case> = common::cases(CASES, "tests/cases/events.toml");
    const STEPS: &[&str] = &["triggers", "clauses", "actors", "places", "dates", "tolls", "merge"];
    for c in &cases {
        let step = c.rule.split([':', ' ']).next().unwrap_or("");
        assert!(STEPS.contains(&step), "{:?} names no step of src/events/", c.rule);
    }
}
