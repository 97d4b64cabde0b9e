//! The embedded backend: one SQLite file in WAL mode.
//!
//! Crash safety rests on SQLite's transactions: each batch of documents is one transaction, so a process
//! killed at any instant leaves the file at the last committed batch, and `PRAGMA integrity_check` passes.
//! `synchronous = NORMAL` in WAL mode keeps every committed transaction across a process crash (only a
//! power loss can roll back the last few), which is the failure this store is built for.

use std::collections::HashSet;
use std::path::Path;

use rusqlite::{Connection, OptionalExtension, Transaction, TransactionBehavior, params};
use truce_ingest::{Fingerprint, InputError, NEAR_DUPLICATE_THRESHOLD};

use crate::{
    AddOutcome, CheckReport, DocumentFilter, DocumentSummary, PreparedDocument, Problem, Result, RunSummary, SearchHit,
    Store, StoreError, StoredDocument,
};

/// Schema migrations, applied in order; `PRAGMA user_version` records how many have run.
/// Never edit a released migration: append a new one.
const MIGRATIONS: &[&str] = &[
    // 1: documents, sentences, full-text index, fingerprints, provenance, runs.
    r#"
    CREATE TABLE runs (
        id INTEGER PRIMARY KEY,
        command TEXT NOT NULL,
        inputs TEXT NOT NULL,
        started TEXT NOT NULL,
        finished TEXT,
        ingested INTEGER, duplicates INTEGER, near_duplicates INTEGER, failed INTEGER
    );
    CREATE TABLE documents (
        rowid INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        title TEXT,
        text TEXT NOT NULL,
        url TEXT,
        source TEXT,
        language TEXT,
        published TEXT,
        published_date TEXT,
        published_basis TEXT NOT NULL,
        dateline_start INTEGER,
        dateline_end INTEGER,
        input TEXT NOT NULL,
        input_line INTEGER,
        format TEXT NOT NULL,
        encoding TEXT NOT NULL,
        bytes INTEGER NOT NULL,
        exact_hash BLOB NOT NULL UNIQUE,
        minhash BLOB NOT NULL,
        duplicate_of INTEGER REFERENCES documents(rowid),
        similarity REAL,
        first_sentence INTEGER,
        sentence_count INTEGER NOT NULL,
        run_id INTEGER NOT NULL REFERENCES runs(id)
    );
    CREATE INDEX documents_published ON documents(published_date);
    -- Sentences are rows of a contentless full-text index: the words are indexed, the text itself is
    -- not stored again (it is documents.text[start..end], byte offsets). A document's sentences have
    -- consecutive rowids from documents.first_sentence, found by a rowid range, not a scan.
    CREATE VIRTUAL TABLE sentences USING fts5(
        text, doc UNINDEXED, idx UNINDEXED, start UNINDEXED, end UNINDEXED,
        content = '', contentless_unindexed = 1, contentless_delete = 1,
        tokenize = 'unicode61 remove_diacritics 2'
    );
    -- The first document that had each MinHash band key: candidates for near-copies.
    CREATE TABLE minhash_bands (key INTEGER PRIMARY KEY, doc INTEGER NOT NULL REFERENCES documents(rowid));
    -- Every sighting of a document: where it was read, in which run, and as what.
    CREATE TABLE provenance (
        doc INTEGER NOT NULL REFERENCES documents(rowid),
        run_id INTEGER NOT NULL REFERENCES runs(id),
        input TEXT NOT NULL,
        input_line INTEGER,
        seen_as TEXT NOT NULL CHECK (seen_as IN ('original', 'exact_copy', 'reread'))
    );
    CREATE INDEX provenance_doc ON provenance(doc);
    CREATE TABLE input_errors (
        run_id INTEGER NOT NULL REFERENCES runs(id),
        input TEXT NOT NULL,
        input_line INTEGER,
        message TEXT NOT NULL
    );
    "#,
    // 2: places imported from GeoNames dumps (`truce gazetteer import`), found by folded name or skeleton.
    r#"
    CREATE TABLE gazetteer (
        geonameid INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        latitude REAL NOT NULL,
        longitude REAL NOT NULL,
        feature_code TEXT NOT NULL,
        country TEXT NOT NULL,
        admin1 TEXT NOT NULL,
        population INTEGER NOT NULL,
        alternatenames TEXT NOT NULL
    );
    CREATE TABLE gazetteer_names (
        folded TEXT NOT NULL,
        skeleton TEXT NOT NULL,
        geonameid INTEGER NOT NULL REFERENCES gazetteer(geonameid)
    );
    CREATE INDEX gazetteer_names_folded ON gazetteer_names(folded);
    CREATE INDEX gazetteer_names_skeleton ON gazetteer_names(skeleton);
    CREATE INDEX gazetteer_names_place ON gazetteer_names(geonameid);
    "#,
    // 3: what extraction found in each document: events, agreements, quotes, figures, mentions, as JSON
    // records with the span of their first evidence.
    r#"
    CREATE TABLE records (
        rowid INTEGER PRIMARY KEY,
        doc INTEGER NOT NULL REFERENCES documents(rowid),
        kind TEXT NOT NULL,
        start INTEGER,
        end INTEGER,
        data TEXT NOT NULL
    );
    CREATE INDEX records_doc ON records(doc);
    CREATE INDEX records_kind ON records(kind);
    "#,
    // 4: the assessment (crate truce-assess): merged events, verdicts against agreements, one view and
    // judgement per agreement, contradictions, and which documents have been assessed.
    r#"
    CREATE TABLE assess_docs (doc INTEGER PRIMARY KEY);
    CREATE TABLE assess_events (
        id INTEGER PRIMARY KEY,
        sub_event_type TEXT NOT NULL,
        day TEXT,
        admin1 TEXT,
        status TEXT NOT NULL,
        latitude REAL,
        longitude REAL,
        data TEXT NOT NULL
    );
    CREATE INDEX assess_events_kind_day ON assess_events(sub_event_type, day);
    CREATE INDEX assess_events_day ON assess_events(day);
    CREATE TABLE assess_verdicts (
        agreement TEXT NOT NULL,
        event INTEGER NOT NULL,
        kind TEXT NOT NULL,
        party TEXT NOT NULL,
        day TEXT NOT NULL,
        confidence REAL NOT NULL,
        data TEXT NOT NULL
    );
    CREATE INDEX assess_verdicts_agreement ON assess_verdicts(agreement, day);
    CREATE INDEX assess_verdicts_event ON assess_verdicts(event);
    CREATE TABLE assess_agreements (
        id TEXT PRIMARY KEY,
        status TEXT,
        since TEXT,
        rules TEXT NOT NULL,
        view TEXT NOT NULL,
        assessment TEXT
    );
    CREATE TABLE assess_contradictions (
        ceased INTEGER NOT NULL,
        occurred INTEGER NOT NULL,
        data TEXT NOT NULL,
        PRIMARY KEY (ceased, occurred)
    );
    "#,
    // 5: what reading repaired in a document (a cut character, control characters, a title cut, a
    // metadata date that is not one), one note per line; NULL when nothing was.
    r#"
    ALTER TABLE documents ADD COLUMN notes TEXT;
    "#,
    // 6: the file says it is Truce's, so that truce never migrates another program's database.
    r#"
    PRAGMA application_id = 1414681413;
    "#,
    // 7: the rest of what decides whether a report describes a stored event, in columns, so that the
    // assessment compares candidates without reading their growing JSON; filled in for stored events.
    r#"
    ALTER TABLE assess_events ADD COLUMN event_type TEXT;
    ALTER TABLE assess_events ADD COLUMN day_end TEXT;
    ALTER TABLE assess_events ADD COLUMN geo_precision INTEGER;
    ALTER TABLE assess_events ADD COLUMN actor1 TEXT;
    UPDATE assess_events SET event_type = json_extract(data, '$.event_type'),
        day_end = json_extract(data, '$.event_date_end'), geo_precision = json_extract(data, '$.geo_precision'),
        actor1 = json_extract(data, '$.actor1');
    -- Covering: the key columns come after the JSON in the row, and reading past a large value walks
    -- its overflow pages, so the candidates' keys are read from the index alone.
    CREATE INDEX assess_events_candidates ON assess_events(sub_event_type, status, admin1, day, id, event_type,
        day_end, latitude, longitude, geo_precision, actor1);
    CREATE INDEX assess_contradictions_occurred ON assess_contradictions(occurred);
    "#,
    // 8: what the API's and the dashboard's event filters ask for, in columns with indexes that end in
    // the day, so that a filtered page is read in order from an index (and counted from it) instead of
    // parsing every event's JSON; an agreement's events are found from its verdicts by index alone.
    r#"
    ALTER TABLE assess_events ADD COLUMN country TEXT;
    ALTER TABLE assess_events ADD COLUMN actor2 TEXT;
    UPDATE assess_events SET country = json_extract(data, '$.country'), actor2 = json_extract(data, '$.actor2');
    CREATE INDEX assess_events_country ON assess_events(country, day);
    CREATE INDEX assess_events_type ON assess_events(event_type, day);
    CREATE INDEX assess_events_actor1 ON assess_events(actor1, day);
    CREATE INDEX assess_events_actor2 ON assess_events(actor2, day);
    CREATE INDEX assess_events_admin1 ON assess_events(admin1, day);
    CREATE INDEX assess_verdicts_agreement_event ON assess_verdicts(agreement, event);
    "#,
    // 9: each agreement's assessment without the view's mentions and claims (a much-reported agreement's
    // record is megabytes of them), for the lists of every agreement's status.
    r#"
    ALTER TABLE assess_agreements ADD COLUMN summary TEXT;
    UPDATE assess_agreements SET summary = json_remove(assessment, '$.view.mentions', '$.view.claims')
        WHERE assessment IS NOT NULL;
    "#,
    // 10: the figures that give the conflict's running total (a few in a thousand), each as the claim
    // the figure list shows, written when the assessment reads its document, so that the list of totals
    // reports give differently reads them alone instead of every figure of the store. The documents
    // already assessed are filled in here with the cues of truce-assess's figures.rs as they stood then
    // (a later change to them takes `truce assess --full`, as any change to the assessment does).
    r#"
    CREATE TABLE assess_figures (
        doc INTEGER NOT NULL REFERENCES documents(rowid),
        measure TEXT NOT NULL,
        claim TEXT NOT NULL
    );
    CREATE INDEX assess_figures_measure ON assess_figures(measure, doc);
    INSERT INTO assess_figures (doc, measure, claim)
    SELECT f.doc, f.data ->> '$.measure', json_object('value', f.data ->> '$.value',
        'qualifier', f.data ->> '$.qualifier', 'source', f.data ->> '$.source', 'doc', f.data ->> '$.doc',
        'published', d.data ->> '$.published', 'evidence', f.data -> '$.evidence[0]')
    FROM records f JOIN assess_docs a ON a.doc = f.doc
    LEFT JOIN records d ON d.doc = f.doc AND d.kind = 'document'
    WHERE f.kind = 'figure' AND f.data ->> '$.place' IS NULL AND f.data -> '$.evidence[0]' IS NOT NULL
      AND (SELECT s LIKE '%since it started%' OR s LIKE '%since it began%' OR s LIKE '%since the start%'
           OR s LIKE '%since the war began%' OR s LIKE '%since the conflict began%' OR s LIKE '%so far%'
           OR s LIKE '%to date%' OR s LIKE '%in total%'
           OR ((s LIKE '%the conflict has%' OR s LIKE '%the war has%' OR s LIKE '%civil war has%')
               AND (s LIKE '%killed%' OR s LIKE '%claimed%' OR s LIKE '%displaced%'))
           FROM (SELECT f.data ->> '$.evidence[0].sentence' AS s))
    ORDER BY f.doc, f.rowid;
    "#,
    // 11: quotations by speaker, so that a search for a speaker reads the few distinct names from the
    // index and then only their quotations, instead of every quotation of the store.
    r#"
    CREATE INDEX records_quote_speaker ON records(data ->> '$.speaker') WHERE kind = 'quote';
    "#,
    // 12: when the store last wrote each merged event (Unix seconds, ACLED's `timestamp`), not when
    // its reports were published. Events stored before were written by the last run at the latest.
    r#"
    ALTER TABLE assess_events ADD COLUMN written INTEGER;
    UPDATE assess_events SET written = (SELECT CAST(strftime('%s', max(coalesce(finished, started))) AS INTEGER) FROM runs);
    "#,
];

/// `PRAGMA application_id` of a Truce store: "TRUE" in ASCII, written in the file's header.
const APPLICATION_ID: i64 = 1414681413;

/// Tables every store of the current schema has; one missing is damage, not an old version.
const REQUIRED_TABLES: &[&str] = &[
    "runs",
    "documents",
    "sentences",
    "minhash_bands",
    "provenance",
    "input_errors",
    "gazetteer",
    "gazetteer_names",
    "records",
    "assess_docs",
    "assess_events",
    "assess_verdicts",
    "assess_agreements",
    "assess_contradictions",
    "assess_figures",
];

/// How many problems `PRAGMA integrity_check` is asked for: enough to see which tables are hit.
const INTEGRITY_CHECK_ROWS: usize = 100;

/// The SQLite store.
pub struct SqliteStore {
    conn: Connection,
    /// The file, as given, for messages.
    path: String,
}

impl SqliteStore {
    /// Opens (creating if needed) the store at `path` and brings its schema up to date.
    pub fn open(path: impl AsRef<Path>) -> Result<SqliteStore> {
        let path = path.as_ref();
        let name = path.display().to_string();
        let conn = Connection::open(path).map_err(|source| StoreError::Open { path: name.clone(), source })?;
        conn.busy_timeout(std::time::Duration::from_secs(10))?;
        // The bundled SQLite plans with STAT4, which compiles a statement again whenever a new value is
        // bound to a parameter of a range (`day BETWEEN ?2 AND ?3`): a fifth of the assessment's time
        // went there. One plan per statement, as the planner's stability guarantee gives, is what a
        // cached statement is for.
        conn.set_db_config(rusqlite::config::DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG, true)?;
        // Switching a new file to WAL needs an exclusive lock, and SQLite answers "busy" for it without
        // calling the busy handler while another process opens the same file: retry with backoff.
        let mut wait = std::time::Duration::from_millis(5);
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        loop {
            match conn.execute_batch(
                "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;
                 PRAGMA cache_size = -65536; PRAGMA temp_store = MEMORY;",
            ) {
                Ok(()) => break,
                Err(e) if is_busy(&e) && std::time::Instant::now() < deadline => {
                    std::thread::sleep(wait);
                    wait = (wait * 2).min(std::time::Duration::from_millis(200));
                }
                Err(source) => return Err(StoreError::Open { path: name.clone(), source }),
            }
        }
        let mut store = SqliteStore { conn, path: name };
        store.check_header()?;
        store.migrate()?;
        store.check_schema()?;
        Ok(store)
    }

    /// The schema version this build writes.
    pub fn schema_version() -> i64 {
        MIGRATIONS.len() as i64
    }

    /// Refuses a database that is not Truce's before anything is written to it: another program's
    /// application id, or tables in a file that has never been migrated.
    fn check_header(&self) -> Result<()> {
        let not_truce = |why: String| StoreError::NotTruce { path: self.path.clone(), why };
        let id: i64 = self.conn.query_row("PRAGMA application_id", [], |r| r.get(0)).map_err(|e| self.opening(e))?;
        if id != 0 && id != APPLICATION_ID {
            return Err(not_truce(format!("its application id is {id}")));
        }
        let version: i64 = self.conn.query_row("PRAGMA user_version", [], |r| r.get(0)).map_err(|e| self.opening(e))?;
        let tables: i64 = self
            .conn
            .query_row("SELECT count(*) FROM sqlite_master WHERE type = 'table'", [], |r| r.get(0))
            .map_err(|e| self.opening(e))?;
        if version == 0 && tables > 0 {
            return Err(not_truce(format!("{tables} table(s) of another schema")));
        }
        Ok(())
    }

    fn opening(&self, source: rusqlite::Error) -> StoreError {
        StoreError::Open { path: self.path.clone(), source }
    }

    /// After migration every table of the schema is there.
    fn check_schema(&self) -> Result<()> {
        let mut stmt = self.conn.prepare("SELECT name FROM sqlite_master WHERE type = 'table'")?;
        let present: HashSet<String> = stmt.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
        let missing: Vec<&str> = REQUIRED_TABLES.iter().copied().filter(|t| !present.contains(*t)).collect();
        if !missing.is_empty() {
            return Err(StoreError::Schema {
                path: self.path.clone(),
                missing: format!("table(s) {}", missing.join(", ")),
            });
        }
        Ok(())
    }

    /// SQLite's integrity check, each problem placed in its table where the message names a page tree,
    /// then Truce's own: every stored text still has the hash it was stored with (SQLite keeps no
    /// checksums, so a flipped byte inside a text is found only this way), and references hold.
    pub fn check(&self) -> Result<CheckReport> {
        let roots = self.root_pages().unwrap_or_default();
        let mut problems = Vec::new();
        match self.integrity_messages() {
            Ok(messages) => {
                for m in messages.into_iter().filter(|m| m != "ok") {
                    let table =
                        tree_of(&m).and_then(|page| roots.iter().find(|(r, _)| *r == page)).map(|(_, t)| t.clone());
                    problems.push(Problem { table, detail: m });
                }
            }
            // SQLite gives up on the whole file when a table's root page is unreadable; table by table,
            // the check still says which.
            Err(_) => {
                let mut tables: Vec<&String> = roots.iter().map(|(_, t)| t).collect();
                tables.sort_unstable();
                tables.dedup();
                for table in tables {
                    let checked: rusqlite::Result<Vec<String>> = self
                        .conn
                        .prepare(&format!("PRAGMA integrity_check(\"{table}\")"))
                        .and_then(|mut stmt| stmt.query_map([], |r| r.get(0))?.collect());
                    match checked {
                        Ok(messages) => problems.extend(
                            messages
                                .into_iter()
                                .filter(|m| m != "ok")
                                .map(|m| Problem { table: Some(table.clone()), detail: m }),
                        ),
                        Err(e) => problems
                            .push(Problem { table: Some(table.clone()), detail: format!("cannot be checked: {e}") }),
                    }
                }
            }
        }
        let mut documents = 0;
        match self.texts_against_hashes(&mut documents) {
            Ok(bad) => problems.extend(bad),
            Err(e) => {
                problems.push(Problem { table: Some("documents".into()), detail: format!("cannot be read: {e}") })
            }
        }
        if let Ok(mut stmt) = self.conn.prepare("PRAGMA foreign_key_check")
            && let Ok(rows) = stmt
                .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, Option<i64>>(1)?, r.get::<_, String>(2)?)))
        {
            for (table, rowid, parent) in rows.flatten().take(INTEGRITY_CHECK_ROWS) {
                let row = rowid.map(|r| format!("row {r}")).unwrap_or_else(|| "a row".into());
                problems
                    .push(Problem { table: Some(table), detail: format!("{row} refers to a missing row of {parent}") });
            }
        }
        Ok(CheckReport { path: self.path.clone(), schema_version: Self::schema_version(), documents, problems })
    }

    fn integrity_messages(&self) -> rusqlite::Result<Vec<String>> {
        let mut stmt = self.conn.prepare(&format!("PRAGMA integrity_check({INTEGRITY_CHECK_ROWS})"))?;
        stmt.query_map([], |r| r.get(0))?.collect()
    }

    /// Root page of every table and index, with the table it belongs to.
    fn root_pages(&self) -> rusqlite::Result<Vec<(i64, String)>> {
        let mut stmt = self.conn.prepare("SELECT rootpage, tbl_name FROM sqlite_master WHERE rootpage > 0")?;
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect()
    }

    fn texts_against_hashes(&self, documents: &mut u64) -> rusqlite::Result<Vec<Problem>> {
        let mut stmt = self.conn.prepare("SELECT id, text, exact_hash FROM documents")?;
        let mut rows = stmt.query([])?;
        let mut bad = Vec::new();
        while let Some(row) = rows.next()? {
            *documents += 1;
            let id: String = row.get(0)?;
            let text: String = row.get(1)?;
            let hash: Vec<u8> = row.get(2)?;
            if hash != truce_ingest::exact_hash(&text).to_le_bytes() {
                bad.push(Problem {
                    table: Some("documents".into()),
                    detail: format!("the text of {id:?} is not the text that was stored (its hash differs)"),
                });
            }
        }
        Ok(bad)
    }

    fn migrate(&mut self) -> Result<()> {
        let name = self.path.clone();
        // Each step takes the write lock first and reads the version under it, so that writers opening a
        // new store at once wait for each other instead of running the same migration twice.
        loop {
            let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let found: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
            let known = Self::schema_version();
            if found > known {
                return Err(StoreError::TooNew { path: name.clone(), found, known });
            }
            if found < 0 {
                return Err(StoreError::BadVersion { path: name.clone(), found });
            }
            let Some(migration) = MIGRATIONS.get(found as usize) else { return Ok(()) };
            tx.execute_batch(migration)?;
            tx.pragma_update(None, "user_version", found + 1)?;
            tx.commit()?;
        }
    }

    /// `PRAGMA integrity_check`: "ok" for a sound file.
    pub fn integrity_check(&self) -> Result<String> {
        Ok(self.conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))?)
    }

    /// Direct access for checks and tools that need SQL (tests, benchmarks).
    pub fn connection(&self) -> &Connection {
        &self.conn
    }

    /// Mutable access for stages that keep their own tables in the store (the assessment).
    pub fn connection_mut(&mut self) -> &mut Connection {
        &mut self.conn
    }
}

impl Store for SqliteStore {
    fn begin_run(&mut self, command: &str, inputs: &[String]) -> Result<i64> {
        self.conn.execute(
            "INSERT INTO runs (command, inputs, started) VALUES (?1, ?2, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))",
            params![command, inputs.join("\n")],
        )?;
        Ok(self.conn.last_insert_rowid())
    }

    fn finish_run(&mut self, run: i64, s: &RunSummary) -> Result<()> {
        self.conn.execute(
            "UPDATE runs SET finished = strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), ingested = ?1, duplicates = ?2,
             near_duplicates = ?3, failed = ?4 WHERE id = ?5",
            params![s.ingested as i64, s.duplicates as i64, s.near_duplicates as i64, s.failed as i64, run],
        )?;
        Ok(())
    }

    fn add_documents(&mut self, run: i64, batch: &[PreparedDocument]) -> Result<Vec<AddOutcome>> {
        // Immediate: a deferred transaction that reads (copy detection) before it writes is refused
        // outright when another writer commits in between; taking the lock first makes it wait instead.
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut outcomes = Vec::with_capacity(batch.len());
        for prepared in batch {
            outcomes.push(add_one(&tx, run, prepared)?);
        }
        tx.commit()?;
        Ok(outcomes)
    }

    fn record_failure(&mut self, run: i64, failure: &InputError) -> Result<()> {
        self.conn.execute(
            "INSERT INTO input_errors (run_id, input, input_line, message) VALUES (?1, ?2, ?3, ?4)",
            params![run, failure.input, failure.line.map(|l| l as i64), failure.message],
        )?;
        Ok(())
    }

    fn search(&self, query: &str, limit: usize) -> Result<Vec<SearchHit>> {
        match self.search_fts(query, limit) {
            Err(StoreError::Sqlite(e)) if is_fts_syntax_error(&e) => {
                // Not FTS5 query syntax: search for the words as plain terms.
                let quoted = query
                    .split_whitespace()
                    .map(|w| format!("\"{}\"", w.replace('"', "\"\"")))
                    .collect::<Vec<_>>()
                    .join(" ");
                if quoted.is_empty() {
                    return Err(StoreError::BadQuery { query: query.into(), message: "empty query".into() });
                }
                self.search_fts(&quoted, limit)
                    .map_err(|e| StoreError::BadQuery { query: query.into(), message: e.to_string() })
            }
            other => other,
        }
    }

    fn documents(&self, filter: &DocumentFilter) -> Result<Vec<DocumentSummary>> {
        // Newest first, then the undated by id: each part read in its order from an index, so that a
        // page of a large store does not sort the whole table (whose rows hold the texts).
        let dated = format!(
            "{SUMMARY_LIST} WHERE d.published_date IS NOT NULL AND (?1 IS NULL OR d.published_date >= ?1)
             AND (?2 IS NULL OR d.published_date <= ?2) AND (?3 IS NULL OR d.source = ?3)
             ORDER BY d.published_date DESC, d.id LIMIT ?4"
        );
        let undated = format!(
            "{SUMMARY_LIST} WHERE d.published_date IS NULL AND ?1 IS NULL AND ?2 IS NULL
             AND (?3 IS NULL OR d.source = ?3) ORDER BY d.id LIMIT ?4"
        );
        let mut found: Vec<DocumentSummary> = Vec::new();
        for query in [dated, undated] {
            let left = match filter.limit {
                Some(limit) if found.len() >= limit => break,
                Some(limit) => (limit - found.len()) as i64,
                None => -1,
            };
            let mut stmt = self.conn.prepare_cached(&query)?;
            let rows = stmt.query_map(params![filter.since, filter.until, filter.source, left], summary_from_row)?;
            for row in rows {
                found.push(row.map_err(|e| self.damaged("documents", e))?);
            }
        }
        Ok(found)
    }

    fn document(&self, id: &str) -> Result<Option<StoredDocument>> {
        let mut stmt = self.conn.prepare_cached(&format!("{SUMMARY_SELECT} WHERE d.id = ?1"))?;
        let found = stmt
            .query_row([id], |row| {
                let hash: Vec<u8> = row.get(15)?;
                Ok((StoredDocument { summary: summary_from_row(row)?, text: row.get(13)?, url: row.get(14)? }, hash))
            })
            .optional()
            .map_err(|e| self.damaged("documents", e))?;
        match found {
            // A text is shown as evidence: one that is not what was stored is refused, not shown.
            Some((doc, hash)) if hash != truce_ingest::exact_hash(&doc.text).to_le_bytes() => {
                Err(StoreError::Damaged {
                    path: self.path.clone(),
                    table: "documents".into(),
                    detail: format!("the text of {id:?} is not the text that was stored (its hash differs)"),
                })
            }
            found => Ok(found.map(|(doc, _)| doc)),
        }
    }

    fn document_count(&self) -> Result<u64> {
        Ok(self.conn.query_row("SELECT count(*) FROM documents", [], |r| r.get::<_, i64>(0))? as u64)
    }
}

/// The columns of a document's summary, in the order [`summary_from_row`] reads them.
macro_rules! summary_columns {
    () => {
        "SELECT d.id, d.title, d.published, d.published_basis, d.source, d.language, d.input, d.input_line,
         d.format, d.encoding, d.sentence_count, (SELECT o.id FROM documents o WHERE o.rowid = d.duplicate_of),
         d.notes"
    };
}
/// A document's summary without its text (lists).
const SUMMARY_LIST: &str = concat!(summary_columns!(), " FROM documents d");
/// A document's summary, then its text, address and hash.
const SUMMARY_SELECT: &str = concat!(summary_columns!(), ", d.text, d.url, d.exact_hash FROM documents d");

fn summary_from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<DocumentSummary> {
    Ok(DocumentSummary {
        id: row.get(0)?,
        title: row.get(1)?,
        published: row.get(2)?,
        published_basis: row.get(3)?,
        source: row.get(4)?,
        language: row.get(5)?,
        input: row.get(6)?,
        input_line: row.get(7)?,
        format: row.get(8)?,
        encoding: row.get(9)?,
        sentences: row.get(10)?,
        duplicate_of: row.get(11)?,
        notes: row.get::<_, Option<String>>(12)?.map(|n| n.lines().map(str::to_owned).collect()).unwrap_or_default(),
    })
}

/// The page tree a message of `PRAGMA integrity_check` is about: "Tree 5 page 5 cell 0: ..." or
/// "Page 7: never used" (the latter belongs to no tree).
fn tree_of(message: &str) -> Option<i64> {
    let rest =
        message.strip_prefix("Tree ").or_else(|| message.split(" in database main").next()?.strip_prefix("Tree "))?;
    rest.split(|c: char| !c.is_ascii_digit()).next()?.parse().ok()
}

impl SqliteStore {
    /// A failed read, named: a damaged file becomes [`StoreError::Damaged`] with the store and table.
    fn damaged(&self, table: &str, e: rusqlite::Error) -> StoreError {
        match e.sqlite_error_code() {
            Some(rusqlite::ErrorCode::DatabaseCorrupt | rusqlite::ErrorCode::NotADatabase) => {
                StoreError::Damaged { path: self.path.clone(), table: table.into(), detail: e.to_string() }
            }
            _ => StoreError::Sqlite(e),
        }
    }
}

fn is_busy(e: &rusqlite::Error) -> bool {
    matches!(e.sqlite_error_code(), Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked))
}

fn is_fts_syntax_error(e: &rusqlite::Error) -> bool {
    let message = e.to_string();
    message.contains("fts5: syntax error")
        || message.contains("no such column")
        || message.contains("unterminated string")
}

impl SqliteStore {
    /// Adds or replaces places of a GeoNames dump, in one transaction.
    pub fn import_gazetteer(&mut self, entries: &[crate::GazetteerEntry]) -> Result<usize> {
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        {
            let mut delete_names = tx.prepare_cached("DELETE FROM gazetteer_names WHERE geonameid = ?1")?;
            let mut place = tx.prepare_cached(
                "INSERT OR REPLACE INTO gazetteer (geonameid, name, latitude, longitude, feature_code, country, admin1, population, alternatenames)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            )?;
            let mut name =
                tx.prepare_cached("INSERT INTO gazetteer_names (folded, skeleton, geonameid) VALUES (?1, ?2, ?3)")?;
            for e in entries {
                delete_names.execute([e.geonameid])?;
                place.execute(params![
                    e.geonameid,
                    e.name,
                    e.latitude,
                    e.longitude,
                    e.feature_code,
                    e.country,
                    e.admin1,
                    e.population,
                    e.alternatenames.join(",")
                ])?;
                for (folded, skeleton) in &e.keys {
                    name.execute(params![folded, skeleton, e.geonameid])?;
                }
            }
        }
        tx.commit()?;
        Ok(entries.len())
    }

    /// Imported places whose name folds to `folded` or, failing that, has consonant skeleton `skeleton`.
    pub fn gazetteer_lookup(&self, folded: &str, skeleton: &str, limit: usize) -> Result<Vec<crate::GazetteerEntry>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT DISTINCT g.geonameid, g.name, g.latitude, g.longitude, g.feature_code, g.country, g.admin1, g.population, g.alternatenames,
                    n.folded = ?1 AS exact
             FROM gazetteer_names n JOIN gazetteer g ON g.geonameid = n.geonameid
             WHERE n.folded = ?1 OR (?2 != '' AND n.skeleton = ?2)
             ORDER BY exact DESC, g.population DESC LIMIT ?3",
        )?;
        let rows = stmt.query_map(params![folded, skeleton, limit as i64], |r| {
            let alternatenames: String = r.get(8)?;
            Ok(crate::GazetteerEntry {
                geonameid: r.get(0)?,
                name: r.get(1)?,
                latitude: r.get(2)?,
                longitude: r.get(3)?,
                feature_code: r.get(4)?,
                country: r.get(5)?,
                admin1: r.get(6)?,
                population: r.get(7)?,
                alternatenames: alternatenames.split(',').filter(|s| !s.is_empty()).map(str::to_owned).collect(),
                keys: Vec::new(),
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Records of one kind ("event", "agreement", ...) as stored JSON, in document order.
    pub fn records(&self, kind: &str) -> Result<Vec<String>> {
        let mut stmt = self.conn.prepare_cached("SELECT data FROM records WHERE kind = ?1 ORDER BY doc, rowid")?;
        let rows = stmt.query_map([kind], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The records extracted from document `id`, in text order (records without a span last), or
    /// `None` when no such document is stored.
    pub fn document_records(&self, id: &str) -> Result<Option<Vec<crate::RecordRow>>> {
        let Some(rowid) = self
            .conn
            .prepare_cached("SELECT rowid FROM documents WHERE id = ?1")?
            .query_row([id], |r| r.get::<_, i64>(0))
            .optional()?
        else {
            return Ok(None);
        };
        let mut stmt = self.conn.prepare_cached(
            "SELECT kind, start, end, data FROM records WHERE doc = ?1 ORDER BY start IS NULL, start, rowid",
        )?;
        let rows = stmt.query_map([rowid], |r| {
            Ok(crate::RecordRow {
                kind: r.get(0)?,
                start: r.get::<_, Option<i64>>(1)?.map(|v| v as usize),
                end: r.get::<_, Option<i64>>(2)?.map(|v| v as usize),
                data: r.get(3)?,
            })
        })?;
        Ok(Some(rows.collect::<rusqlite::Result<_>>()?))
    }

    /// Number of imported places.
    pub fn gazetteer_count(&self) -> Result<u64> {
        Ok(self.conn.query_row("SELECT count(*) FROM gazetteer", [], |r| r.get::<_, i64>(0))? as u64)
    }

    fn search_fts(&self, fts_query: &str, limit: usize) -> Result<Vec<SearchHit>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT d.id, d.title, d.published_date, s.start, s.end, d.text
             FROM sentences s JOIN documents d ON d.rowid = s.doc
             WHERE sentences MATCH ?1 ORDER BY rank LIMIT ?2",
        )?;
        let terms = crate::highlight::QueryTerms::of(fts_query);
        let rows = stmt.query_map(params![fts_query, limit as i64], |row| {
            let (start, end): (i64, i64) = (row.get(3)?, row.get(4)?);
            let text: String = row.get(5)?;
            let sentence = text.get(start as usize..end as usize).unwrap_or_default().to_owned();
            let matches = terms.matches(&sentence);
            Ok(SearchHit {
                document: row.get(0)?,
                title: row.get(1)?,
                published: row.get(2)?,
                start,
                end,
                sentence,
                matches,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

fn add_one(tx: &Transaction<'_>, run: i64, prepared: &PreparedDocument) -> Result<AddOutcome> {
    let doc = &prepared.document;
    let fp = &prepared.fingerprint;
    let exact = fp.exact.to_le_bytes();
    let line = doc.origin.line.map(|l| l as i64);

    let existing: Option<(i64, String)> = tx
        .prepare_cached("SELECT rowid, id FROM documents WHERE exact_hash = ?1")?
        .query_row([&exact[..]], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    if let Some((rowid, id)) = existing {
        let same = base_id(&id) == doc.id;
        let seen_as = if same { "reread" } else { "exact_copy" };
        tx.prepare_cached(
            "INSERT INTO provenance (doc, run_id, input, input_line, seen_as) VALUES (?1, ?2, ?3, ?4, ?5)",
        )?
        .execute(params![rowid, run, doc.origin.input, line, seen_as])?;
        return Ok(if same { AddOutcome::Unchanged } else { AddOutcome::ExactDuplicate { of: id } });
    }
    let id = free_id(tx, &doc.id)?;

    let near = nearest_copy(tx, fp)?;
    let published = doc.published.as_ref();
    // The document's rowid is chosen first so that its sentences can name it as they are written.
    let rowid: i64 =
        tx.prepare_cached("SELECT coalesce(max(rowid), 0) + 1 FROM documents")?.query_row([], |r| r.get(0))?;
    let mut insert_sentence =
        tx.prepare_cached("INSERT INTO sentences (rowid, text, doc, idx, start, end) VALUES (?1, ?2, ?3, ?4, ?5, ?6)")?;
    let mut first_sentence = None;
    for (idx, s) in prepared.sentences.iter().enumerate() {
        // The first sentence takes the next free rowid; the rest follow it.
        let sentence_rowid = first_sentence.map(|first: i64| first + idx as i64);
        insert_sentence.execute(params![
            sentence_rowid,
            s.text(&doc.text),
            rowid,
            idx as i64,
            s.start as i64,
            s.end as i64
        ])?;
        first_sentence.get_or_insert(tx.last_insert_rowid());
    }
    tx.prepare_cached(
        "INSERT INTO documents (rowid, id, title, text, url, source, language, published, published_date, published_basis,
            dateline_start, dateline_end, input, input_line, format, encoding, bytes, exact_hash, minhash,
            duplicate_of, similarity, first_sentence, sentence_count, run_id, notes)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25)",
    )?
    .execute(params![
        rowid,
        id,
        doc.title,
        doc.text,
        doc.url,
        doc.source,
        doc.language,
        published.map(|p| p.to_string()),
        published.map(|p| p.date_string()),
        published.map(|p| p.basis.as_str()).unwrap_or("unknown"),
        doc.dateline.map(|d| d.0 as i64),
        doc.dateline.map(|d| d.1 as i64),
        doc.origin.input,
        line,
        doc.origin.format.name(),
        doc.origin.encoding,
        doc.origin.bytes as i64,
        &exact[..],
        fp.signature_bytes(),
        near.as_ref().map(|n| n.root),
        near.as_ref().map(|n| n.similarity),
        first_sentence,
        prepared.sentences.len() as i64,
        run,
        (!doc.notes.is_empty()).then(|| doc.notes.join("\n")),
    ])?;

    let mut insert_band = tx.prepare_cached("INSERT OR IGNORE INTO minhash_bands (key, doc) VALUES (?1, ?2)")?;
    for key in fp.band_keys() {
        insert_band.execute(params![key as i64, rowid])?;
    }
    tx.prepare_cached(
        "INSERT INTO provenance (doc, run_id, input, input_line, seen_as) VALUES (?1, ?2, ?3, ?4, 'original')",
    )?
    .execute(params![rowid, run, doc.origin.input, line])?;
    let mut insert_record =
        tx.prepare_cached("INSERT INTO records (doc, kind, start, end, data) VALUES (?1, ?2, ?3, ?4, ?5)")?;
    for r in &prepared.records {
        insert_record.execute(params![rowid, r.kind, r.start.map(|v| v as i64), r.end.map(|v| v as i64), r.data])?;
    }

    Ok(match near {
        Some(n) => AddOutcome::NearDuplicate { id, of: n.root_id, similarity: n.similarity },
        None => AddOutcome::Stored { id },
    })
}

/// The id a revision is stored under: `id~2`, `id~3`, ... for later texts under one id.
const REVISION_MARK: char = '~';

fn base_id(stored: &str) -> &str {
    match stored.rsplit_once(REVISION_MARK) {
        Some((base, n)) if !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) => base,
        _ => stored,
    }
}

/// `id` if no document has it, else `id~N` one past the highest revision stored: one range scan of the
/// id index rather than one probe per revision (3,000 revisions of one id took 49 s probing).
fn free_id(tx: &Transaction<'_>, id: &str) -> Result<String> {
    let mut taken = tx.prepare_cached("SELECT 1 FROM documents WHERE id = ?1")?;
    if !taken.exists([id])? {
        return Ok(id.to_owned());
    }
    let prefix = format!("{id}{REVISION_MARK}");
    // Every id that starts with `id~` sorts between `id~` and `id\u{7f}` ('~' + 1) in binary order.
    let end = format!("{id}\u{7f}");
    let mut revisions = tx.prepare_cached("SELECT id FROM documents WHERE id > ?1 AND id < ?2")?;
    let mut highest = 1u64;
    let mut rows = revisions.query([&prefix, &end])?;
    while let Some(row) = rows.next()? {
        let stored: String = row.get(0)?;
        if let Some(n) = stored.strip_prefix(&prefix).filter(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
            && let Ok(n) = n.parse::<u64>()
        {
            highest = highest.max(n);
        }
    }
    Ok(format!("{prefix}{}", highest + 1))
}

struct NearCopy {
    root: i64,
    root_id: String,
    similarity: f64,
}

/// The first copy of the story `fp` tells, if a stored document is similar enough.
fn nearest_copy(tx: &Transaction<'_>, fp: &Fingerprint) -> Result<Option<NearCopy>> {
    let mut by_band = tx.prepare_cached("SELECT doc FROM minhash_bands WHERE key = ?1")?;
    let mut candidates = HashSet::new();
    for key in fp.band_keys() {
        if let Some(doc) = by_band.query_row([key as i64], |r| r.get::<_, i64>(0)).optional()? {
            candidates.insert(doc);
        }
    }
    let mut best: Option<(f64, i64)> = None;
    let mut signature_of =
        tx.prepare_cached("SELECT minhash, coalesce(duplicate_of, rowid) FROM documents WHERE rowid = ?1")?;
    for candidate in candidates {
        let (bytes, root): (Vec<u8>, i64) = signature_of.query_row([candidate], |r| Ok((r.get(0)?, r.get(1)?)))?;
        let Some(signature) = Fingerprint::signature_from_bytes(&bytes) else {
            continue;
        };
        let similarity = fp.similarity(&signature);
        if similarity >= NEAR_DUPLICATE_THRESHOLD && best.is_none_or(|(s, _)| similarity > s) {
            best = Some((similarity, root));
        }
    }
    let Some((similarity, root)) = best else {
        return Ok(None);
    };
    let root_id = tx.query_row("SELECT id FROM documents WHERE rowid = ?1", [root], |r| r.get(0))?;
    Ok(Some(NearCopy { root, root_id, similarity }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use truce_ingest::{Document, Format, Origin};

    fn doc(id: &str, text: &str) -> PreparedDocument {
        PreparedDocument::new(Document {
            id: id.into(),
            title: Some(format!("title of {id}")),
            text: text.into(),
            url: None,
            source: None,
            language: Some("en".into()),
            published: truce_ingest::parse_date_field("2019-08-02", "test"),
            dateline: None,
            notes: Vec::new(),
            origin: Origin {
                input: format!("{id}.txt"),
                line: None,
                format: Format::Text,
                encoding: "UTF-8",
                bytes: text.len(),
            },
        })
    }

    const STORY: &str = "Air strikes on the province stopped on Friday after negotiators agreed to a conditional \
        ceasefire in the Kazakh capital. A monitoring group said no warplanes had flown since midnight. \
        Shelling continued on the southern edge of the zone, where ground fire killed one man in a village. \
        The opposition said it would respect the truce if government forces did the same.";

    #[test]
    fn stores_documents_sentences_and_searches_them() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = SqliteStore::open(dir.path().join("t.db")).unwrap();
        let run = store.begin_run("test", &[]).unwrap();
        let out = store.add_documents(run, &[doc("a", STORY)]).unwrap();
        assert_eq!(out, vec![AddOutcome::Stored { id: "a".into() }]);
        let hits = store.search("warplanes", 10).unwrap();
        assert_eq!(hits.len(), 1);
        let hit = &hits[0];
        assert_eq!(hit.sentence, "A monitoring group said no warplanes had flown since midnight.");
        assert_eq!(&hit.sentence[hit.matches[0].0..hit.matches[0].1], "warplanes");
        assert_eq!(&STORY[hit.start as usize..hit.end as usize], hit.sentence);
        // Query text that is not FTS5 syntax still searches.
        assert_eq!(store.search("ground-fire \"killed", 10).unwrap().len(), 1);
        let listed = store.documents(&DocumentFilter::default()).unwrap();
        assert_eq!(listed[0].sentences, 4);
        assert_eq!(listed[0].published.as_deref(), Some("2019-08-02"));
        assert_eq!(store.integrity_check().unwrap(), "ok");
    }

    #[test]
    fn exact_copies_reruns_near_copies_and_revisions() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = SqliteStore::open(dir.path().join("t.db")).unwrap();
        let run = store.begin_run("test", &[]).unwrap();
        let copy = format!("Headline of another outlet\n\n{STORY}\n\nShare this story.");
        let out = store
            .add_documents(
                run,
                &[
                    doc("a", STORY),
                    doc("a", STORY),
                    doc("b", &STORY.replace("  ", " ")),
                    doc("c", &copy),
                    doc("d", &format!("{copy} More.")),
                    doc("a", "A different text under a taken id."),
                ],
            )
            .unwrap();
        assert_eq!(out[0], AddOutcome::Stored { id: "a".into() });
        assert_eq!(out[1], AddOutcome::Unchanged);
        assert_eq!(out[2], AddOutcome::ExactDuplicate { of: "a".into() });
        assert!(matches!(&out[3], AddOutcome::NearDuplicate { of, .. } if of == "a"), "{:?}", out[3]);
        // A copy of a copy points at the first copy of the story.
        assert!(matches!(&out[4], AddOutcome::NearDuplicate { of, .. } if of == "a"), "{:?}", out[4]);
        assert_eq!(out[5], AddOutcome::Stored { id: "a~2".into() });
        assert_eq!(store.document_count().unwrap(), 4);
        // Reading the revision again is a reread of it, not a copy of something else.
        let again = store.add_documents(run, &[doc("a", "A different text under a taken id.")]).unwrap();
        assert_eq!(again, vec![AddOutcome::Unchanged]);
        let c = store.document("c").unwrap().unwrap();
        assert_eq!(c.summary.duplicate_of.as_deref(), Some("a"));
        let sightings: i64 = store.connection().query_row("SELECT count(*) FROM provenance", [], |r| r.get(0)).unwrap();
        assert_eq!(sightings, 7);
    }

    #[test]
    fn reopening_keeps_data_and_refuses_newer_schemas() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.db");
        {
            let mut store = SqliteStore::open(&path).unwrap();
            let run = store.begin_run("test", &[]).unwrap();
            store.add_documents(run, &[doc("a", STORY)]).unwrap();
        }
        let store = SqliteStore::open(&path).unwrap();
        assert_eq!(store.document_count().unwrap(), 1);
        store.connection().pragma_update(None, "user_version", 99).unwrap();
        drop(store);
        assert!(matches!(SqliteStore::open(&path), Err(StoreError::TooNew { found: 99, .. })));
        // A negative version would skip every migration if read as a count: refused.
        Connection::open(&path).unwrap().pragma_update(None, "user_version", -1).unwrap();
        assert!(matches!(SqliteStore::open(&path), Err(StoreError::BadVersion { found: -1, .. })));
    }

    #[test]
    fn thousands_of_revisions_get_the_next_number() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = SqliteStore::open(dir.path().join("t.db")).unwrap();
        let run = store.begin_run("test", &[]).unwrap();
        let batch: Vec<_> = (0..3000).map(|k| doc("a", &format!("{STORY} Revision {k} of the story."))).collect();
        let outcomes = store.add_documents(run, &batch).unwrap();
        let ids: Vec<_> = outcomes.iter().filter_map(|o| o.stored_id()).collect();
        assert_eq!(ids.len(), 3000);
        assert_eq!(ids[0], "a");
        assert_eq!(ids[1], "a~2");
        assert_eq!(ids[2999], "a~3000");
    }
}
