//! Text output of the listing commands (their `--json` output is serde's).

use truce_store::{DocumentSummary, SearchHit, StoredDocument};

/// Prints search hits: document, date and title, then the sentence with the matched words marked
/// (bold on a terminal, `**word**` otherwise).
pub fn print_hits(hits: &[SearchHit], terminal: bool) {
    let (open, close) = if terminal { ("\x1b[1;31m", "\x1b[0m") } else { ("**", "**") };
    for hit in hits {
        println!(
            "{}  {}  {}",
            hit.document,
            hit.published.as_deref().unwrap_or("date unknown"),
            hit.title.as_deref().unwrap_or("")
        );
        let mut marked = String::with_capacity(hit.sentence.len() + 16);
        let mut at = 0;
        for &(start, end) in &hit.matches {
            marked.push_str(&hit.sentence[at..start]);
            marked.push_str(open);
            marked.push_str(&hit.sentence[start..end]);
            marked.push_str(close);
            at = end;
        }
        marked.push_str(&hit.sentence[at..]);
        println!("    [{}..{}] {}\n", hit.start, hit.end, marked);
    }
    if hits.is_empty() {
        println!("no matches");
    }
}

pub fn print_documents(docs: &[DocumentSummary]) {
    for d in docs {
        let duplicate = d.duplicate_of.as_deref().map(|o| format!("  (copy of {o})")).unwrap_or_default();
        println!(
            "{:<28} {:<10} {:>4} sent.  {}{}",
            d.id,
            d.published.as_deref().map(|p| p.get(..10).unwrap_or(p)).unwrap_or("unknown"),
            d.sentences,
            d.title.as_deref().unwrap_or("(untitled)"),
            duplicate
        );
    }
    println!("{} documents", docs.len());
}

pub fn print_document(doc: &StoredDocument) {
    let d = &doc.summary;
    println!("id:         {}", d.id);
    println!("title:      {}", d.title.as_deref().unwrap_or(""));
    println!("published:  {} ({})", d.published.as_deref().unwrap_or("unknown"), d.published_basis);
    println!("source:     {}", d.source.as_deref().unwrap_or(""));
    if let Some(url) = &doc.url {
        println!("url:        {url}");
    }
    let line = d.input_line.map(|l| format!(":{l}")).unwrap_or_default();
    println!("read from:  {}{} ({}, {})", d.input, line, d.format, d.encoding);
    if let Some(of) = &d.duplicate_of {
        println!("copy of:    {of}");
    }
    println!("sentences:  {}\n", d.sentences);
    println!("{}", doc.text);
}
