//! Walking the inputs and reading each one in its format.

use std::collections::{HashMap, HashSet, VecDeque};
use std::fs;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::dateline::{
    date_alone_in_opening, dateline_at_start, dateline_in_opening, dateline_without_year, parse_date_field,
};
use crate::decode::{decode, nfc, without_stray_controls};
use crate::{Document, Format, InputError, Origin, clean, html};

/// Options for reading inputs.
#[derive(Debug, Clone)]
pub struct ReadOptions {
    /// Largest file accepted, in bytes; for JSONL, the largest record (line).
    pub max_bytes: usize,
    /// Extensions read inside directories beyond [`KNOWN_EXTENSIONS`] (without the dot).
    pub extensions: Vec<String>,
    /// Files never read, wherever they are found: the store's own files when it lives among the inputs.
    pub skip: Vec<PathBuf>,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions { max_bytes: 20 * 1024 * 1024, extensions: Vec::new(), skip: Vec::new() }
    }
}

/// The formats read from inside a directory; a file named by the user is read whatever its name.
pub const KNOWN_EXTENSIONS: &[&str] = &["txt", "text", "md", "markdown", "html", "htm", "xhtml", "jsonl"];

/// Reads every document of the given inputs, in order: files, directories (recursively, sorted by name),
/// and `-` for JSONL on standard input.
pub fn read_inputs(paths: &[String], options: ReadOptions) -> Inputs {
    Inputs {
        pending: paths.iter().map(|p| (PathBuf::from(p), Found::Named)).collect(),
        jsonl: None,
        skip: options.skip.iter().filter_map(|p| fs::canonicalize(p).ok()).collect(),
        other_formats: Vec::new(),
        options,
        manifests: HashMap::new(),
        listed: HashSet::new(),
    }
}

/// Reads the documents of JSONL held in memory (a document posted to the HTTP API) as a file of it
/// would be read: `name` names the input in messages and provenance, and a line without an id gets
/// `{stem}-{line}`.
pub fn read_jsonl_bytes(name: &str, stem: &str, bytes: Vec<u8>, options: ReadOptions) -> Inputs {
    let mut inputs = read_inputs(&[], options);
    inputs.jsonl = Some(JsonlReader::new(name.to_owned(), stem.to_owned(), Box::new(io::Cursor::new(bytes))));
    inputs
}

/// An iterator over the documents (or errors) of a list of inputs.
pub struct Inputs {
    pending: VecDeque<(PathBuf, Found)>,
    jsonl: Option<JsonlReader>,
    options: ReadOptions,
    /// The skipped files, by canonical path.
    skip: HashSet<PathBuf>,
    /// Files inside directories passed over because their format is not one Truce reads.
    other_formats: Vec<PathBuf>,
    /// Manifests already read, by directory.
    manifests: HashMap<PathBuf, Manifest>,
    /// Directories already listed, by canonical path: a symbolic link back up the tree is a loop.
    listed: HashSet<PathBuf>,
}

/// How an input came to be read: named by the user, or found inside a directory.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Found {
    Named,
    InDirectory,
}

/// How many errors one input may report before the rest of it is skipped with one summary line
/// (`/dev/urandom` read as JSONL would otherwise write an error for every "line").
pub const MAX_ERRORS_PER_INPUT: usize = 100;

type Manifest = HashMap<String, ManifestEntry>;

/// One line of a `manifest.jsonl`: metadata for a file in the same directory.
#[derive(Debug, Clone, Deserialize)]
struct ManifestEntry {
    file: String,
    title: Option<String>,
    outlet: Option<String>,
    source: Option<String>,
    url: Option<String>,
    published: Option<String>,
    language: Option<String>,
}

/// One record of a JSONL input.
#[derive(Debug, Deserialize)]
struct JsonlRecord {
    id: Option<serde_json::Value>,
    title: Option<String>,
    text: Option<String>,
    html: Option<String>,
    url: Option<String>,
    source: Option<String>,
    published: Option<String>,
    language: Option<String>,
}

struct JsonlReader {
    name: String,
    stem: String,
    reader: Box<dyn BufRead>,
    line: usize,
    errors: usize,
}

const MANIFEST: &str = "manifest.jsonl";

impl Iterator for Inputs {
    type Item = Result<Document, InputError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(jsonl) = &mut self.jsonl {
                match jsonl.next_record(self.options.max_bytes) {
                    Some(Err(e)) => {
                        jsonl.errors += 1;
                        if jsonl.errors > MAX_ERRORS_PER_INPUT {
                            let summary = error(
                                &jsonl.name,
                                e.line,
                                format!("more than {MAX_ERRORS_PER_INPUT} errors: the rest of this input is skipped"),
                            );
                            self.jsonl = None;
                            return Some(Err(summary));
                        }
                        return Some(Err(e));
                    }
                    Some(Ok(doc)) => return Some(finish(doc)),
                    None => self.jsonl = None,
                }
            }
            let (path, found) = self.pending.pop_front()?;
            let name = path.to_string_lossy().into_owned();
            if name == "-" {
                self.jsonl = Some(JsonlReader::new("-".into(), "stdin".into(), Box::new(BufReader::new(io::stdin()))));
                continue;
            }
            let meta = match fs::metadata(&path) {
                Ok(m) => m,
                Err(e) => return Some(Err(error(&name, None, format!("cannot read: {e}")))),
            };
            if meta.is_dir() {
                // A directory reached again through a symbolic link would be walked forever.
                if let Ok(canonical) = fs::canonicalize(&path)
                    && !self.listed.insert(canonical)
                {
                    return Some(Err(error(&name, None, "directory already read (a symbolic link loop): skipped")));
                }
                match list_dir(&path) {
                    Ok(children) => {
                        for child in children.into_iter().rev() {
                            self.pending.push_front((child, Found::InDirectory));
                        }
                        continue;
                    }
                    Err(e) => {
                        return Some(Err(error(&name, None, format!("cannot list directory: {e}"))));
                    }
                }
            }
            // Inside a directory only regular files are read: a FIFO would block forever and a device
            // never ends. Named by the user, they are read (with the size cap).
            if found == Found::InDirectory && !meta.is_file() {
                return Some(Err(error(&name, None, "not a regular file (a FIFO, device or socket): skipped")));
            }
            if !self.skip.is_empty() && fs::canonicalize(&path).is_ok_and(|c| self.skip.contains(&c)) {
                continue;
            }
            if found == Found::InDirectory {
                let ext = extension(&path);
                if !KNOWN_EXTENSIONS.contains(&ext.as_str())
                    && !self.options.extensions.iter().any(|e| e.trim_start_matches('.').eq_ignore_ascii_case(&ext))
                {
                    self.other_formats.push(path);
                    continue;
                }
            }
            if extension(&path) == "jsonl" {
                match fs::File::open(&path) {
                    Ok(file) => {
                        let stem = file_stem(&path);
                        self.jsonl =
                            Some(JsonlReader::new(name, stem, Box::new(BufReader::with_capacity(1 << 16, file))));
                        continue;
                    }
                    Err(e) => return Some(Err(error(&name, None, format!("cannot open: {e}")))),
                }
            }
            let manifest_entry = self.manifest_entry(&path);
            return Some(read_file(&path, &name, meta.len(), &self.options, manifest_entry.as_ref()).and_then(finish));
        }
    }
}

impl Inputs {
    /// The files inside directories passed over as not a format Truce reads (so far), in the order met.
    pub fn other_formats(&self) -> &[PathBuf] {
        &self.other_formats
    }

    fn manifest_entry(&mut self, path: &Path) -> Option<ManifestEntry> {
        let dir = path.parent().unwrap_or(Path::new(".")).to_path_buf();
        let manifest = self.manifests.entry(dir.clone()).or_insert_with(|| load_manifest(&dir.join(MANIFEST)));
        manifest.get(path.file_name()?.to_str()?).cloned()
    }
}

/// Reads a `manifest.jsonl`; a missing one is empty, and malformed lines are skipped (the files it
/// describes are still read, without its metadata).
fn load_manifest(path: &Path) -> Manifest {
    let Ok(text) = fs::read_to_string(path) else {
        return Manifest::new();
    };
    text.lines()
        .filter_map(|line| serde_json::from_str::<ManifestEntry>(line).ok())
        .map(|entry| (entry.file.clone(), entry))
        .collect()
}

fn list_dir(dir: &Path) -> io::Result<Vec<PathBuf>> {
    let mut children: Vec<PathBuf> = fs::read_dir(dir)?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
            !name.starts_with('.') && name != MANIFEST
        })
        .collect();
    children.sort();
    Ok(children)
}

/// The file's bytes, read through a cap: the size in its metadata says nothing for a FIFO, a device or a
/// file still growing (a symbolic link to `/dev/zero` reports 0 bytes and never ends).
fn read_capped(path: &Path, max_bytes: usize) -> Result<Vec<u8>, String> {
    let file = fs::File::open(path).map_err(|e| format!("cannot read: {e}"))?;
    let mut bytes = Vec::new();
    file.take(max_bytes as u64 + 1).read_to_end(&mut bytes).map_err(|e| format!("cannot read: {e}"))?;
    if bytes.len() > max_bytes {
        return Err(format!("more than {max_bytes} bytes, over the limit (--max-bytes)"));
    }
    Ok(bytes)
}

fn extension(path: &Path) -> String {
    path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase()
}

fn file_stem(path: &Path) -> String {
    path.file_stem().and_then(|s| s.to_str()).unwrap_or("document").to_owned()
}

/// Every document, whatever its format, leaves through the same cleaning (`clean`).
fn finish(mut doc: Document) -> Result<Document, InputError> {
    match clean::finish(&mut doc) {
        Ok(()) => Ok(doc),
        Err(message) => Err(error(&doc.origin.input, doc.origin.line, message)),
    }
}

/// A publication date from a metadata field, or a note naming the value that is not one.
fn date_field(value: &str, basis: &str, notes: &mut Vec<String>) -> Option<crate::Published> {
    let parsed = parse_date_field(value, basis);
    if parsed.is_none() && !value.trim().is_empty() {
        let shown: String = value.chars().take(80).collect();
        notes.push(format!(
            "{basis} value {shown:?} is not a date: the publication date is unknown unless the text gives it"
        ));
    }
    parsed
}

fn error(input: &str, line: Option<usize>, message: impl Into<String>) -> InputError {
    InputError { input: input.to_owned(), line, message: message.into() }
}

fn read_file(
    path: &Path,
    name: &str,
    size: u64,
    options: &ReadOptions,
    manifest: Option<&ManifestEntry>,
) -> Result<Document, InputError> {
    if size > options.max_bytes as u64 {
        return Err(error(name, None, format!("{size} bytes, over the limit of {} (--max-bytes)", options.max_bytes)));
    }
    let bytes = read_capped(path, options.max_bytes).map_err(|e| error(name, None, e))?;
    let decoded = decode(&bytes).map_err(|e| error(name, None, e.to_string()))?;
    let format = match extension(path).as_str() {
        "html" | "htm" | "xhtml" => Format::Html,
        "md" | "markdown" => Format::Markdown,
        "txt" | "text" => Format::Text,
        // Unknown extensions: sniff.
        _ if decoded.text.trim_start().starts_with('<') => Format::Html,
        _ => Format::Text,
    };
    let origin = Origin { input: name.to_owned(), line: None, format, encoding: decoded.encoding, bytes: bytes.len() };
    let mut doc = match format {
        Format::Html => from_html(file_stem(path), &decoded.text, origin).map_err(|m| error(name, None, m))?,
        Format::Markdown => from_markdown(file_stem(path), &decoded.text, origin).map_err(|m| error(name, None, m))?,
        _ => from_plain_text(file_stem(path), decoded.text, origin),
    };
    doc.notes.splice(0..0, decoded.notes);
    if let Some(entry) = manifest {
        apply_manifest(&mut doc, entry);
    }
    Ok(doc)
}

fn apply_manifest(doc: &mut Document, entry: &ManifestEntry) {
    if let Some(title) = &entry.title {
        doc.title = Some(title.clone());
    }
    if let Some(source) = entry.outlet.as_ref().or(entry.source.as_ref()) {
        doc.source = Some(source.clone());
    }
    if entry.url.is_some() {
        doc.url = entry.url.clone();
    }
    if entry.language.is_some() {
        doc.language = entry.language.clone();
    }
    if let Some(published) = entry.published.as_deref().and_then(|p| date_field(p, "manifest", &mut doc.notes)) {
        doc.published = Some(published);
        doc.dateline = None;
    }
}

/// Plain text: the first non-empty line is the title; the date comes from a dateline at the start of the
/// text or of the body under the title.
fn from_plain_text(id: String, text: String, origin: Origin) -> Document {
    let title = text.lines().map(str::trim).find(|l| !l.is_empty()).map(str::to_owned);
    let mut doc = Document { title, ..Document::new(id, text, origin) };
    date_from_dateline(&mut doc);
    doc
}

/// Sets the publication date from a dateline when nothing better is known: at the start of the text,
/// else at the start of the line after the title, else a weekday-led date in the opening; then a
/// year-less wire dateline, and a full date standing alone in the opening last.
fn date_from_dateline(doc: &mut Document) {
    if doc.published.is_some() {
        return;
    }
    let text = &doc.text;
    let body_start = text.find('\n').map(|i| i + 1).filter(|i| *i < text.len());
    let found = dateline_at_start(text)
        .map(|d| (d, 0))
        .or_else(|| body_start.and_then(|b| dateline_at_start(&text[b..]).map(|d| (d, b))))
        .or_else(|| dateline_in_opening(text).map(|d| (d, 0)))
        .or_else(|| dateline_without_year(text).map(|d| (d, 0)))
        .or_else(|| body_start.and_then(|b| dateline_without_year(&text[b..]).map(|d| (d, b))))
        .or_else(|| date_alone_in_opening(text).map(|d| (d, 0)));
    if let Some((d, base)) = found {
        doc.dateline = Some((base + d.start, base + d.end));
        doc.published = Some(d.published);
    }
}

fn from_html(id: String, page: &str, origin: Origin) -> Result<Document, String> {
    let article = html::extract(page)?;
    let mut doc = Document {
        title: article.title,
        url: article.url,
        source: article.site_name,
        language: article.language,
        published: article.published,
        ..Document::new(id, nfc(&article.text), origin)
    };
    date_from_dateline(&mut doc);
    Ok(doc)
}

/// Markdown with optional YAML front matter between `---` lines.
fn from_markdown(id: String, text: &str, origin: Origin) -> Result<Document, String> {
    let (front, body) = split_front_matter(text);
    let mut doc = from_plain_text(id, body.to_owned(), origin);
    if let Some(front) = front {
        let map: serde_norway::Mapping =
            serde_norway::from_str(front).map_err(|e| format!("front matter is not valid YAML: {e}"))?;
        let field = |key: &str| map.get(key).and_then(yaml_string);
        if let Some(title) = field("title") {
            doc.title = Some(title);
        }
        if let Some(id) = field("id") {
            doc.id = id;
        }
        doc.url = field("url").or(doc.url);
        doc.source = field("source").or_else(|| field("outlet")).or(doc.source);
        doc.language = field("language").or_else(|| field("lang")).or(doc.language);
        for key in ["published", "date"] {
            if let Some(p) = field(key).and_then(|v| date_field(&v, &format!("front matter: {key}"), &mut doc.notes)) {
                doc.published = Some(p);
                doc.dateline = None;
                break;
            }
        }
    }
    if doc.title.as_deref().is_some_and(|t| t.starts_with('#')) {
        doc.title = doc.title.map(|t| t.trim_start_matches('#').trim().to_owned());
    }
    Ok(doc)
}

fn yaml_string(value: &serde_norway::Value) -> Option<String> {
    match value {
        serde_norway::Value::String(s) => Some(s.clone()),
        serde_norway::Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn split_front_matter(text: &str) -> (Option<&str>, &str) {
    let Some(rest) = text.strip_prefix("---\n").or_else(|| text.strip_prefix("---\r\n")) else {
        return (None, text);
    };
    for (offset, line) in line_offsets(rest) {
        if line.trim_end() == "---" {
            let body_start = (offset + line.len() + 1).min(rest.len());
            return (Some(&rest[..offset]), &rest[body_start..]);
        }
    }
    (None, text)
}

fn line_offsets(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut offset = 0;
    text.split('\n').map(move |line| {
        let start = offset;
        offset += line.len() + 1;
        (start, line)
    })
}

impl JsonlReader {
    fn new(name: String, stem: String, reader: Box<dyn BufRead>) -> JsonlReader {
        JsonlReader { name, stem, reader, line: 0, errors: 0 }
    }

    fn next_record(&mut self, max_bytes: usize) -> Option<Result<Document, InputError>> {
        let mut buf = Vec::new();
        loop {
            buf.clear();
            self.line += 1;
            let line_no = Some(self.line);
            let (len, complete) = match read_bounded_line(&mut self.reader, &mut buf, max_bytes) {
                Ok(Some(r)) => r,
                Ok(None) => return None,
                Err(e) => return Some(Err(error(&self.name, line_no, format!("read error: {e}")))),
            };
            if !complete {
                return Some(Err(error(
                    &self.name,
                    line_no,
                    format!("record of {len} bytes, over the limit of {max_bytes} (--max-bytes)"),
                )));
            }
            if buf.iter().all(|b| b.is_ascii_whitespace()) {
                continue;
            }
            return Some(self.parse(&buf, len));
        }
    }

    fn parse(&self, line: &[u8], len: usize) -> Result<Document, InputError> {
        let line_no = Some(self.line);
        let err = |m: String| error(&self.name, line_no, m);
        let text = std::str::from_utf8(line).map_err(|e| err(format!("not UTF-8 ({e}); JSON must be UTF-8")))?;
        let record: JsonlRecord = serde_json::from_str(text.trim_start_matches('\u{feff}'))
            .map_err(|e| err(format!("malformed JSON: {e}")))?;
        let id = match &record.id {
            Some(serde_json::Value::String(s)) if !s.trim().is_empty() => s.trim().to_owned(),
            Some(serde_json::Value::Number(n)) => n.to_string(),
            None => format!("{}-{}", self.stem, self.line),
            Some(other) => {
                return Err(err(format!("`id` must be a string or a number, not {other}")));
            }
        };
        let origin = |format| Origin { input: self.name.clone(), line: line_no, format, encoding: "UTF-8", bytes: len };
        let mut doc = match (record.text, record.html) {
            (Some(text), _) if !text.trim().is_empty() => {
                if text.chars().any(|c| c == '\0') {
                    return Err(err("`text` contains NUL characters".into()));
                }
                let (text, note) = without_stray_controls(&text).map_err(|e| err(format!("`text`: {e}")))?;
                let mut doc = from_plain_text(id, nfc(&text), origin(Format::Jsonl));
                doc.notes.extend(note);
                // In JSONL the title is its own field: the text's first line is not presumed a title.
                doc.title = None;
                doc
            }
            (_, Some(page)) if !page.trim().is_empty() => from_html(id, &page, origin(Format::Html)).map_err(err)?,
            _ => return Err(err("no `text` or `html`".into())),
        };
        if record.title.is_some() {
            doc.title = record.title.map(|t| nfc(t.trim()));
        }
        doc.url = record.url.or(doc.url);
        doc.source = record.source.or(doc.source);
        doc.language = record.language.or(doc.language);
        if let Some(p) = record.published.as_deref().and_then(|p| date_field(p, "jsonl: published", &mut doc.notes)) {
            doc.published = Some(p);
            doc.dateline = None;
        }
        Ok(doc)
    }
}

/// Reads one line into `buf`, keeping at most `max` bytes; returns the line's full length and whether it
/// fitted. `None` at end of input.
fn read_bounded_line(reader: &mut dyn BufRead, buf: &mut Vec<u8>, max: usize) -> io::Result<Option<(usize, bool)>> {
    let mut total = 0;
    loop {
        let available = match reader.fill_buf() {
            Ok(b) => b,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if available.is_empty() {
            return Ok(if total == 0 { None } else { Some((total, total <= max)) });
        }
        let (chunk, done) = match available.iter().position(|b| *b == b'\n') {
            Some(i) => (&available[..i], Some(i + 1)),
            None => (available, None),
        };
        if total + chunk.len() <= max {
            buf.extend_from_slice(chunk);
        }
        total += chunk.len();
        let consumed = done.unwrap_or(chunk.len());
        reader.consume(consumed);
        if done.is_some() {
            return Ok(Some((total, total <= max)));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn read_all(paths: &[&Path]) -> Vec<Result<Document, InputError>> {
        let paths: Vec<String> = paths.iter().map(|p| p.to_string_lossy().into_owned()).collect();
        read_inputs(&paths, ReadOptions::default()).collect()
    }

    #[cfg(unix)]
    #[test]
    fn directories_read_regular_files_only_and_stop_at_link_loops() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("a.txt"), "Story\n\nThe talks ended.").unwrap();
        // A FIFO nobody writes to: reading it would block forever.
        let fifo = dir.path().join("pipe.txt");
        assert!(std::process::Command::new("mkfifo").arg(&fifo).status().unwrap().success());
        // A link back up the tree, and a link to a device that never ends.
        std::os::unix::fs::symlink(dir.path(), dir.path().join("loop")).unwrap();
        std::os::unix::fs::symlink("/dev/zero", dir.path().join("zero.txt")).unwrap();
        let items = read_all(&[dir.path()]);
        let docs: Vec<_> = items.iter().filter_map(|r| r.as_ref().ok()).collect();
        let errors: Vec<String> = items.iter().filter_map(|r| r.as_ref().err()).map(|e| e.to_string()).collect();
        assert_eq!(docs.len(), 1, "{errors:?}");
        assert!(errors.iter().any(|e| e.contains("pipe.txt") && e.contains("not a regular file")), "{errors:?}");
        assert!(errors.iter().any(|e| e.contains("zero.txt") && e.contains("not a regular file")), "{errors:?}");
        assert!(errors.iter().any(|e| e.contains("loop") && e.contains("symbolic link loop")), "{errors:?}");
    }

    #[cfg(unix)]
    #[test]
    fn a_device_named_by_the_user_is_read_up_to_the_cap() {
        let options = ReadOptions { max_bytes: 1 << 16, ..ReadOptions::default() };
        let items: Vec<_> = read_inputs(&["/dev/zero".to_owned()], options).collect();
        assert_eq!(items.len(), 1);
        let message = items[0].as_ref().unwrap_err().to_string();
        assert!(message.contains("/dev/zero") && message.contains("over the limit"), "{message}");
    }

    #[test]
    fn an_input_of_garbage_stops_after_a_hundred_errors() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("noise.jsonl");
        let noise: String = (0..5000).map(|k| format!("{{not json {k}\n")).collect();
        fs::write(&path, noise).unwrap();
        let items = read_all(&[&path]);
        assert_eq!(items.len(), MAX_ERRORS_PER_INPUT + 1);
        let last = items.last().unwrap().as_ref().unwrap_err().to_string();
        assert!(last.contains("the rest of this input is skipped"), "{last}");
    }

    #[test]
    fn text_files_take_title_date_and_manifest() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("a.txt"), "Truce announced\n\nWed 05 Apr 2017 The talks ended.").unwrap();
        fs::write(dir.path().join("b.txt"), "Second story\n\nNo date here.").unwrap();
        fs::write(
            dir.path().join(MANIFEST),
            r#"{"file": "b.txt", "title": "Manifest title", "outlet": "Wire", "published": "2019-08-02"}
not json
"#,
        )
        .unwrap();
        let docs: Vec<Document> = read_all(&[dir.path()]).into_iter().map(Result::unwrap).collect();
        assert_eq!(docs.len(), 2, "the manifest itself is not a document");
        assert_eq!(docs[0].id, "a");
        assert_eq!(docs[0].title.as_deref(), Some("Truce announced"));
        let p = docs[0].published.as_ref().unwrap();
        assert_eq!((p.to_string().as_str(), p.basis.as_str()), ("2017-04-05", "dateline"));
        let (s, e) = docs[0].dateline.unwrap();
        assert_eq!(&docs[0].text[s..e], "Wed 05 Apr 2017");
        assert_eq!(docs[1].title.as_deref(), Some("Manifest title"));
        assert_eq!(docs[1].source.as_deref(), Some("Wire"));
        assert_eq!(docs[1].published.as_ref().unwrap().basis, "manifest");
    }

    #[test]
    fn markdown_front_matter() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("note.md");
        fs::write(
            &path,
            "---\ntitle: Calm in Idlib\ndate: 2019-08-03\nsource: Field notes\n---\n# Heading\n\nStrikes stopped.",
        )
        .unwrap();
        let doc = read_all(&[&path]).pop().unwrap().unwrap();
        assert_eq!(doc.title.as_deref(), Some("Calm in Idlib"));
        assert_eq!(doc.published.unwrap().basis, "front matter: date");
        assert_eq!(doc.source.as_deref(), Some("Field notes"));
        assert!(doc.text.starts_with("# Heading"));
        let bad = dir.path().join("bad.md");
        fs::write(&bad, "---\ntitle: [unclosed\n---\nBody").unwrap();
        let err = read_all(&[&bad]).pop().unwrap().unwrap_err();
        assert!(err.to_string().contains("bad.md") && err.message.contains("front matter"), "{err}");
    }

    #[test]
    fn jsonl_records_and_their_errors_by_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("batch.jsonl");
        let mut f = fs::File::create(&path).unwrap();
        writeln!(
            f,
            r#"{{"id": "one", "title": "T1", "text": "Sun 10 Jul 2016 Fighting on the road.", "source": "wire"}}"#
        )
        .unwrap();
        writeln!(f, r#"{{"id": "two", "text": "broken"#).unwrap();
        writeln!(f).unwrap();
        writeln!(f, r#"{{"id": "three", "html": "<html><body><p>Strikes resumed on Monday in the south.</p></body></html>", "published": "2019-08-05"}}"#).unwrap();
        writeln!(f, r#"{{"id": "four", "title": "nothing"}}"#).unwrap();
        f.write_all(b"{\"id\": \"five\", \"text\": \"caf\xe9\"}\n").unwrap();
        drop(f);
        let items = read_all(&[&path]);
        assert_eq!(items.len(), 5);
        let one = items[0].as_ref().unwrap();
        assert_eq!((one.id.as_str(), one.title.as_deref(), one.source.as_deref()), ("one", Some("T1"), Some("wire")));
        assert_eq!(one.published.as_ref().unwrap().to_string(), "2016-07-10");
        assert_eq!(one.origin.line, Some(1));
        let two = items[1].as_ref().unwrap_err();
        assert_eq!(two.line, Some(2));
        assert!(two.to_string().starts_with(&format!("{}:2: malformed JSON", path.display())), "{two}");
        let three = items[2].as_ref().unwrap();
        assert_eq!(three.origin.format, Format::Html);
        assert_eq!(three.published.as_ref().unwrap().basis, "jsonl: published");
        assert!(items[3].as_ref().unwrap_err().message.contains("no `text`"));
        assert!(items[4].as_ref().unwrap_err().message.contains("not UTF-8"));
    }

    #[test]
    fn oversized_binary_empty_and_missing_inputs_are_named_errors() {
        let dir = tempfile::tempdir().unwrap();
        let big = dir.path().join("big.txt");
        fs::write(&big, "word ".repeat(100)).unwrap();
        let bin = dir.path().join("image.png");
        fs::write(&bin, b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0").unwrap();
        let empty = dir.path().join("empty.txt");
        fs::write(&empty, b"").unwrap();
        let paths: Vec<String> = [&big, &bin, &empty, &dir.path().join("missing.txt")]
            .iter()
            .map(|p| p.to_string_lossy().into_owned())
            .collect();
        let items: Vec<_> = read_inputs(&paths, ReadOptions { max_bytes: 100, ..ReadOptions::default() }).collect();
        let messages: Vec<String> = items.iter().map(|i| i.as_ref().unwrap_err().to_string()).collect();
        assert!(messages[0].contains("big.txt") && messages[0].contains("over the limit of 100"), "{}", messages[0]);
        assert!(messages[1].contains("image.png") && messages[1].contains("binary"), "{}", messages[1]);
        assert!(messages[2].contains("empty.txt") && messages[2].contains("empty"), "{}", messages[2]);
        assert!(messages[3].contains("missing.txt") && messages[3].contains("cannot read"), "{}", messages[3]);
    }

    #[test]
    fn oversized_jsonl_records_are_skipped_and_the_next_is_read() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("b.jsonl");
        let long = "x".repeat(500);
        fs::write(&path, format!("{{\"id\":\"a\",\"text\":\"{long}\"}}\n{{\"id\":\"b\",\"text\":\"short\"}}\n"))
            .unwrap();
        let items: Vec<_> = read_inputs(
            &[path.to_string_lossy().into_owned()],
            ReadOptions { max_bytes: 100, ..ReadOptions::default() },
        )
        .collect();
        assert!(items[0].as_ref().unwrap_err().message.contains("over the limit"));
        assert_eq!(items[1].as_ref().unwrap().id, "b");
    }

    #[test]
    fn jsonl_escapes_meet_the_same_control_rule_as_bytes_and_bad_dates_are_noted() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("escapes.jsonl");
        let long_text = "The ceasefire held in the north, monitors said. ".repeat(50);
        let lines = [
            serde_json::json!({"id": "esc", "title": "Truce\u{1b}]0;owned\u{7}", "text": format!("{long_text}\u{1b}[2J")}),
            serde_json::json!({"id": "bell", "text": "\u{7}\u{7}\u{7} short"}),
            serde_json::json!({"id": "feb", "text": "Calm.", "published": "2019-02-30"}),
            serde_json::json!({"id": "far", "text": "Calm.", "published": "99999-01-01"}),
            serde_json::json!({"id": "x".repeat(100_000), "text": "Calm."}),
        ];
        fs::write(&path, lines.iter().map(|l| format!("{l}\n")).collect::<String>()).unwrap();
        let items = read_all(&[&path]);
        let esc = items[0].as_ref().unwrap();
        assert_eq!(esc.title.as_deref(), Some("Truce]0;owned"));
        assert!(!esc.text.contains('\u{1b}') && esc.text.ends_with("[2J"));
        assert!(esc.notes.iter().any(|n| n == "1 stray control character(s) removed from the text"), "{:?}", esc.notes);
        assert!(esc.notes.iter().any(|n| n.contains("from `title`")), "{:?}", esc.notes);
        assert!(items[1].as_ref().unwrap_err().message.contains("binary"), "{:?}", items[1]);
        for (item, value) in [(&items[2], "2019-02-30"), (&items[3], "99999-01-01")] {
            let doc = item.as_ref().unwrap();
            assert!(doc.published.is_none(), "{value}");
            assert!(doc.notes.iter().any(|n| n.contains(value) && n.contains("not a date")), "{:?}", doc.notes);
        }
        assert!(items[4].as_ref().unwrap_err().message.contains("over the limit of 256"));
    }
}
