//! Text output of the listing commands (their `--json` output is serde's).

use std::borrow::Cow;

use truce_store::{CheckReport, DocumentSummary, SearchHit, StoredDocument};

/// A stored value as a terminal should see it: control characters (an escape sequence that would clear
/// the screen or retitle the window) shown as `\u{1b}`, line breaks and tabs kept only where `lines`
/// says the value is a text of several lines. Reading removes them from new documents; a store written
/// by an older version, or a value from another writer, may still hold some.
pub fn safe(value: &str, lines: bool) -> Cow<'_, str> {
    let keep = |c: char| !c.is_control() || (lines && matches!(c, '\n' | '\t'));
    if value.chars().all(keep) {
        return Cow::Borrowed(value);
    }
    let mut out = String::with_capacity(value.len() + 8);
    for c in value.chars() {
        if keep(c) {
            out.push(c);
        } else {
            out.push_str(&c.escape_unicode().to_string());
        }
    }
    Cow::Owned(out)
}

/// Prints search hits: document, date and title, then the sentence with the matched words marked
/// (bold on a terminal, `**word**` otherwise).
pub fn print_hits(hits: &[SearchHit], terminal: bool) {
    let (open, close) = if terminal { ("\x1b[1;31m", "\x1b[0m") } else { ("**", "**") };
    for hit in hits {
        println!(
            "{}  {}  {}",
            safe(&hit.document, false),
            safe(hit.published.as_deref().unwrap_or("date unknown"), false),
            safe(hit.title.as_deref().unwrap_or(""), false)
        );
        let mut marked = String::with_capacity(hit.sentence.len() + 16);
        let mut at = 0;
        for &(start, end) in &hit.matches {
            marked.push_str(&safe(&hit.sentence[at..start], false));
            marked.push_str(open);
            marked.push_str(&safe(&hit.sentence[start..end], false));
            marked.push_str(close);
            at = end;
        }
        marked.push_str(&safe(&hit.sentence[at..], false));
        println!("    [{}..{}] {}\n", hit.start, hit.end, marked);
    }
    if hits.is_empty() {
        println!("no matches");
    }
}

pub fn print_documents(docs: &[DocumentSummary]) {
    for d in docs {
        let duplicate =
            d.duplicate_of.as_deref().map(|o| format!("  (copy of {})", safe(o, false))).unwrap_or_default();
        println!(
            "{:<28} {:<10} {:>4} sent.  {}{}",
            safe(&d.id, false),
            safe(d.published.as_deref().map(|p| p.get(..10).unwrap_or(p)).unwrap_or("unknown"), false),
            d.sentences,
            safe(d.title.as_deref().unwrap_or("(untitled)"), false),
            duplicate
        );
    }
    println!("{} documents", docs.len());
}

pub fn print_document(doc: &StoredDocument) {
    let d = &doc.summary;
    let field = |v: Option<&str>| safe(v.unwrap_or(""), false).into_owned();
    println!("id:         {}", field(Some(&d.id)));
    println!("title:      {}", field(d.title.as_deref()));
    println!("published:  {} ({})", field(d.published.as_deref().or(Some("unknown"))), field(Some(&d.published_basis)));
    println!("source:     {}", field(d.source.as_deref()));
    if let Some(url) = &doc.url {
        println!("url:        {}", field(Some(url)));
    }
    let line = d.input_line.map(|l| format!(":{l}")).unwrap_or_default();
    println!("read from:  {}{} ({}, {})", field(Some(&d.input)), line, d.format, d.encoding);
    if let Some(of) = &d.duplicate_of {
        println!("copy of:    {}", field(Some(of)));
    }
    for note in &d.notes {
        println!("note:       {}", field(Some(note)));
    }
    println!("sentences:  {}\n", d.sentences);
    println!("{}", safe(&doc.text, true));
}

/// `truce check`, in words: what was checked, and each problem with its table and what it means.
pub fn print_check(report: &CheckReport) {
    println!(
        "{}: schema {}, {} document(s); SQLite integrity check, texts against their hashes, references",
        safe(&report.path, false),
        report.schema_version,
        report.documents
    );
    if report.problems.is_empty() {
        println!("ok: no damage found");
        return;
    }
    for p in &report.problems {
        println!("  {}: {}", p.table.as_deref().unwrap_or("(file)"), safe(&p.detail, false));
    }
    let mut tables: Vec<&str> = report.problems.iter().filter_map(|p| p.table.as_deref()).collect();
    tables.sort_unstable();
    tables.dedup();
    println!(
        "damaged: {} problem(s){}. Reads of the damaged parts fail or give wrong values; restore the file from \
         a backup, or re-ingest the inputs into a new store (`truce ingest` reads them again).",
        report.problems.len(),
        if tables.is_empty() { String::new() } else { format!(" in {}", tables.join(", ")) }
    );
}
