//! The assessment kept in the store, and brought up to date by what new documents add.
//!
//! Incremental by design: a new document's event mentions are merged into the events stored near them
//! (same sub-event type, dates within a few days, found by index); only the events it touches are judged
//! again; only the agreements whose verdicts or mentions changed are reassessed; an agreement's verdicts
//! are recomputed in full only when its rules change (a report of its collapse moves its end).

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use anyhow::{Context, Result};
use jiff::ToSpan;
use jiff::civil::Date;
use rusqlite::{Connection, OptionalExtension, Transaction, params};
use serde::Serialize;
use truce_pack::Packs;

use crate::agreements::AgreementView;
use crate::compliance::{self, Assessment, DayTally, Rule, Verdict};
use crate::events::{Event, EventKey, contradiction};
use crate::input::{DocRecords, EventIn, group};

/// What one update did.
#[derive(Debug, Default, Clone, Serialize)]
pub struct UpdateSummary {
    pub documents: usize,
    pub event_mentions: usize,
    pub events_new: usize,
    pub events_merged: usize,
    pub agreements_reassessed: usize,
    pub verdicts: usize,
}

impl std::ops::AddAssign for UpdateSummary {
    /// Two updates' work together (the blocks of one long ingest).
    fn add_assign(&mut self, other: UpdateSummary) {
        self.documents += other.documents;
        self.event_mentions += other.event_mentions;
        self.events_new += other.events_new;
        self.events_merged += other.events_merged;
        self.agreements_reassessed += other.agreements_reassessed;
        self.verdicts += other.verdicts;
    }
}

/// Runs the assessment against a store with the pack it was extracted with.
pub struct Assessor<'p> {
    packs: &'p Packs,
    documents_per_flush: usize,
}

impl<'p> Assessor<'p> {
    pub fn new(packs: &'p Packs) -> Assessor<'p> {
        Assessor { packs, documents_per_flush: DOCUMENTS_PER_FLUSH }
    }

    /// Writes and judges the touched events every `documents` documents instead of every
    /// [`DOCUMENTS_PER_FLUSH`]: the result is the same whatever the number (tested), only memory and
    /// time differ.
    pub fn flushing_every(self, documents: usize) -> Assessor<'p> {
        Assessor { documents_per_flush: documents.max(1), ..self }
    }

    /// Forgets the stored assessment and assesses every document again, in one transaction: readers see
    /// the old assessment until the new one is committed, and a rebuild that is killed leaves the old one.
    pub fn rebuild(&self, conn: &mut Connection) -> Result<UpdateSummary> {
        let tx = write_transaction(conn)?;
        tx.execute_batch(
            "DELETE FROM assess_docs; DELETE FROM assess_events; DELETE FROM assess_verdicts;
             DELETE FROM assess_agreements; DELETE FROM assess_contradictions; DELETE FROM assess_figures;",
        )?;
        let summary = self.update_in(&tx)?;
        tx.commit()?;
        Ok(summary)
    }

    /// Assesses the documents stored since the last update.
    pub fn update(&self, conn: &mut Connection) -> Result<UpdateSummary> {
        let tx = write_transaction(conn)?;
        let summary = self.update_in(&tx)?;
        tx.commit()?;
        Ok(summary)
    }

    fn update_in(&self, tx: &Transaction) -> Result<UpdateSummary> {
        let new_docs: Vec<i64> = {
            let mut stmt = tx.prepare(
                "SELECT rowid FROM documents WHERE rowid NOT IN (SELECT doc FROM assess_docs) ORDER BY rowid",
            )?;
            stmt.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?
        };
        let mut summary = UpdateSummary { documents: new_docs.len(), ..Default::default() };
        if new_docs.is_empty() {
            return Ok(summary);
        }
        let mut work = Work::load(tx, self.packs)?;
        let mut records = tx.prepare("SELECT data FROM records WHERE doc = ?1 ORDER BY rowid")?;
        for chunk in new_docs.chunks(self.documents_per_flush) {
            for doc in chunk {
                let rows: Vec<String> = records.query_map([doc], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
                for d in group(rows.iter().map(String::as_str)).with_context(|| format!("records of document {doc}"))? {
                    work.add_document(tx, &d, &mut summary)?;
                    save_running_totals(tx, *doc, &d)?;
                }
                tx.execute("INSERT OR IGNORE INTO assess_docs (doc) VALUES (?1)", [doc])?;
            }
            work.flush(tx, &mut summary)?;
        }
        drop(records);
        work.finish(tx, &mut summary)?;
        Ok(summary)
    }
}

/// The figures of a document that give the conflict's running total, as claims for the list of totals
/// that reports give differently.
fn save_running_totals(tx: &Transaction, doc: i64, d: &DocRecords) -> Result<()> {
    let mut insert = tx.prepare_cached("INSERT INTO assess_figures (doc, measure, claim) VALUES (?1, ?2, ?3)")?;
    for f in &d.figures {
        if let Some(claim) =
            crate::figures::running_total(f, d.document.published.as_deref(), d.document.country.as_deref())
        {
            insert.execute(rusqlite::params![doc, f.measure, serde_json::to_string(&claim)?])?;
        }
    }
    Ok(())
}

/// How many documents an update reads before it writes the events they touched and judges them: the
/// events in memory stay bounded however many documents one update assesses (a first ingest of a
/// million articles is one update).
pub const DOCUMENTS_PER_FLUSH: usize = 2_000;

/// A transaction that holds the write lock from its start, so that an assessment running beside another
/// writer waits for it (busy timeout) instead of failing when it first writes after reading.
fn write_transaction(conn: &mut Connection) -> Result<Transaction<'_>> {
    Ok(conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?)
}

/// The state of one update: the agreements (all of them, a few hundred at most), the events touched
/// since the last flush, and which events it touched at all.
struct Work<'p> {
    packs: &'p Packs,
    views: BTreeMap<String, AgreementView>,
    rules: BTreeMap<String, Vec<Rule>>,
    changed_views: BTreeSet<String>,
    /// Events touched since the last flush, as they now stand (not yet written).
    touched: HashMap<i64, Event>,
    /// The same events by sub-event type and first day, for finding candidates among them.
    touched_by_day: HashMap<String, BTreeMap<String, BTreeSet<i64>>>,
    /// Every event this update touched, flushed or not.
    touched_ids: HashSet<i64>,
    /// Agreements to judge again at the end: their verdicts changed.
    reassess: BTreeSet<String>,
    next_id: i64,
}

impl<'p> Work<'p> {
    fn load(tx: &Transaction, packs: &'p Packs) -> Result<Work<'p>> {
        let mut views = BTreeMap::new();
        let mut rules = BTreeMap::new();
        let mut stmt = tx.prepare("SELECT id, view, rules FROM assess_agreements")?;
        let rows =
            stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?)))?;
        for row in rows {
            let (id, view, r) = row?;
            views.insert(id.clone(), serde_json::from_str(&view)?);
            rules.insert(id, serde_json::from_str(&r)?);
        }
        let next_id = tx.query_row("SELECT coalesce(max(id), 0) + 1 FROM assess_events", [], |r| r.get(0))?;
        // The registry's agreements are judged from the first update on, mentioned or not: their rules
        // come from the packs, so a first mention does not make every past event be judged again.
        let mut changed_views = BTreeSet::new();
        for a in packs.agreements() {
            if !views.contains_key(&a.id) {
                views.insert(a.id.clone(), AgreementView::new(packs, &a.id, None));
                changed_views.insert(a.id.clone());
            }
        }
        Ok(Work {
            packs,
            views,
            rules,
            changed_views,
            touched: HashMap::new(),
            touched_by_day: HashMap::new(),
            touched_ids: HashSet::new(),
            reassess: BTreeSet::new(),
            next_id,
        })
    }

    fn add_document(&mut self, tx: &Transaction, d: &DocRecords, summary: &mut UpdateSummary) -> Result<()> {
        for a in &d.agreements {
            let view = self
                .views
                .entry(a.agreement_id.clone())
                .or_insert_with(|| AgreementView::new(self.packs, &a.agreement_id, a.name.as_deref()));
            view.absorb(self.packs, d, a);
            self.changed_views.insert(a.agreement_id.clone());
        }
        for e in &d.events {
            summary.event_mentions += 1;
            match self.candidate(tx, e)? {
                Some(id) => {
                    let mut event = match self.touched.remove(&id) {
                        Some(event) => event,
                        None => {
                            let data: String =
                                tx.query_row("SELECT data FROM assess_events WHERE id = ?1", [id], |r| r.get(0))?;
                            serde_json::from_str(&data)?
                        }
                    };
                    self.unindex(&event);
                    event.add_report(self.packs, d, e);
                    self.keep(event);
                    summary.events_merged += 1;
                }
                None => {
                    let event = Event::from_mention(self.next_id, self.packs, d, e);
                    self.next_id += 1;
                    self.keep(event);
                    summary.events_new += 1;
                }
            }
        }
        Ok(())
    }

    /// The event a report describes: the first compatible one of its sub-event type within three days,
    /// by day and id, among the stored events and those touched since the last flush (as they now stand).
    /// Only their keys are read.
    fn candidate(&self, tx: &Transaction, e: &EventIn) -> Result<Option<i64>> {
        let Some(day) = e.event_date.as_deref().and_then(|s| s.parse::<Date>().ok()) else { return Ok(None) };
        let (lo, hi) = (day.saturating_sub(3.days()).to_string(), day.saturating_add(3.days()).to_string());
        // A report in a governorate can only be an event of that governorate or of none: two seeks of the
        // index by (kind, status, governorate, day), so that the reports of other places, however many, are
        // not read. A report with no governorate can be any event of its kind and days.
        const KEY: &str = "id, day, status, event_type, sub_event_type, day_end, admin1, latitude, longitude,
                           geo_precision, actor1";
        let (mut stmt, admin1) = match &e.admin1 {
            Some(admin1) => (
                tx.prepare_cached(&format!(
                    "SELECT {KEY} FROM assess_events WHERE sub_event_type = ?1 AND status = ?4 AND admin1 = ?5
                       AND day BETWEEN ?2 AND ?3
                     UNION ALL
                     SELECT {KEY} FROM assess_events WHERE sub_event_type = ?1 AND status = ?4 AND admin1 IS NULL
                       AND day BETWEEN ?2 AND ?3
                     ORDER BY 2, 1"
                ))?,
                admin1.as_str(),
            ),
            // ?5 is the empty string, which no governorate is: the parameter lists stay alike.
            None => (
                tx.prepare_cached(&format!(
                    "SELECT {KEY} FROM assess_events WHERE sub_event_type = ?1 AND status = ?4 AND ?5 = ''
                       AND day BETWEEN ?2 AND ?3
                     ORDER BY day, id"
                ))?,
                "",
            ),
        };
        let stored = stmt.query_map(params![e.sub_event_type, lo, hi, e.status, admin1], |r| {
            let key = EventKey {
                id: r.get(0)?,
                event_date: r.get(1)?,
                status: r.get(2)?,
                event_type: r.get::<_, Option<String>>(3)?.unwrap_or_default(),
                sub_event_type: r.get(4)?,
                event_date_end: r.get(5)?,
                admin1: r.get(6)?,
                latitude: r.get(7)?,
                longitude: r.get(8)?,
                geo_precision: r.get(9)?,
                actor1: r.get(10)?,
            };
            Ok(key)
        })?;
        let mut best: Option<(String, i64)> = None;
        for key in stored {
            let key = key?;
            // A touched event's stored row is stale: it is judged below as it now stands.
            if self.touched.contains_key(&key.id) || !key.compatible(e) {
                continue;
            }
            best = Some((key.event_date.unwrap_or_default(), key.id));
            break;
        }
        if let Some(days) = self.touched_by_day.get(&e.sub_event_type) {
            for (d, ids) in days.range(lo..=hi) {
                if best.as_ref().is_some_and(|(b, _)| b < d) {
                    break;
                }
                for &id in ids {
                    if best.as_ref().is_some_and(|(b, bid)| (b.as_str(), *bid) < (d.as_str(), id)) {
                        break;
                    }
                    if self.touched[&id].compatible(e) {
                        best = Some((d.clone(), id));
                        break;
                    }
                }
            }
        }
        Ok(best.map(|(_, id)| id))
    }

    /// Keeps a touched event in memory until the next flush.
    fn keep(&mut self, event: Event) {
        if let Some(day) = event.day() {
            self.touched_by_day
                .entry(event.sub_event_type.clone())
                .or_default()
                .entry(day.to_owned())
                .or_default()
                .insert(event.id);
        }
        self.touched_ids.insert(event.id);
        self.touched.insert(event.id, event);
    }

    fn unindex(&mut self, event: &Event) {
        if let Some(day) = event.day()
            && let Some(ids) = self.touched_by_day.get_mut(&event.sub_event_type).and_then(|d| d.get_mut(day))
        {
            ids.remove(&event.id);
        }
    }

    /// Writes the events touched since the last flush, each once, and judges them against the rules as
    /// they stand (rules that change in this update judge every event again in [`Work::finish`]).
    fn flush(&mut self, tx: &Transaction, summary: &mut UpdateSummary) -> Result<()> {
        let mut events: Vec<Event> = std::mem::take(&mut self.touched).into_values().collect();
        self.touched_by_day.clear();
        events.sort_unstable_by_key(|e| e.id);
        for event in &mut events {
            event.decide();
            save_event(tx, event)?;
        }
        for event in &events {
            let before: Vec<String> = tx
                .prepare_cached("SELECT DISTINCT agreement FROM assess_verdicts WHERE event = ?1")?
                .query_map([event.id], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            self.reassess.extend(before);
            tx.execute("DELETE FROM assess_verdicts WHERE event = ?1", [event.id])?;
            for (id, rules) in &self.rules {
                if self.changed_views.contains(id) {
                    continue; // judged in `finish`, with the rules this update ends with
                }
                for rule in rules {
                    if let Some(v) = compliance::evaluate(self.packs, rule, event) {
                        self.reassess.insert(v.agreement.clone());
                        insert_verdict(tx, &v)?;
                        summary.verdicts += 1;
                    }
                }
            }
            self.contradictions(tx, event)?;
        }
        Ok(())
    }

    fn finish(mut self, tx: &Transaction, summary: &mut UpdateSummary) -> Result<()> {
        self.flush(tx, summary)?;
        // The agreements whose mentions changed: their rules again, and where those moved, every event in
        // their windows is judged again; the events this update touched are judged with them either way.
        let mut reassess: BTreeSet<String> = std::mem::take(&mut self.reassess);
        reassess.extend(self.changed_views.iter().cloned());
        let mut touched: Vec<i64> = self.touched_ids.iter().copied().collect();
        touched.sort_unstable();
        for id in &self.changed_views {
            let new_rules = compliance::rules(self.packs, &self.views[id]);
            let old = self.rules.get(id).map(serde_json::to_string).transpose()?;
            let moved = old.as_deref() != Some(serde_json::to_string(&new_rules)?.as_str());
            if moved {
                tx.execute("DELETE FROM assess_verdicts WHERE agreement = ?1", [id])?;
                for rule in &new_rules {
                    let until = rule.until.map(|u| u.to_string()).unwrap_or_else(|| "9999".into());
                    // Only events in the rule's window and near its zones (by bounding box) are read.
                    let [w, s, e, n] = compliance::rule_bbox(self.packs, rule);
                    let mut stmt = tx.prepare_cached(
                        "SELECT id, data FROM assess_events WHERE day BETWEEN ?1 AND ?2 AND (?3 IS NULL OR admin1 = ?3 OR ?3 = '')
                         AND (latitude IS NULL OR (latitude BETWEEN ?4 AND ?5 AND longitude BETWEEN ?6 AND ?7))",
                    )?;
                    let admin1: Option<&str> =
                        if rule.zones.is_empty() && rule.admin1.len() == 1 { Some(&rule.admin1[0]) } else { None };
                    let mut rows = stmt.query(params![rule.from.to_string(), until, admin1, s, n, w, e])?;
                    while let Some(row) = rows.next()? {
                        if self.touched_ids.contains(&row.get::<_, i64>(0)?) {
                            continue; // judged below with every rule of this agreement
                        }
                        let event: Event = serde_json::from_str(row.get_ref(1)?.as_str()?)?;
                        if let Some(v) = compliance::evaluate(self.packs, rule, &event) {
                            insert_verdict(tx, &v)?;
                            summary.verdicts += 1;
                        }
                    }
                }
            }
            self.rules.insert(id.clone(), new_rules);
        }
        // The touched events against the rules of the agreements whose mentions changed.
        if !self.changed_views.is_empty() {
            let mut load = tx.prepare_cached("SELECT data FROM assess_events WHERE id = ?1")?;
            for event_id in &touched {
                let data: String = load.query_row([event_id], |r| r.get(0))?;
                let event: Event = serde_json::from_str(&data)?;
                for id in &self.changed_views {
                    for rule in &self.rules[id] {
                        if let Some(v) = compliance::evaluate(self.packs, rule, &event) {
                            insert_verdict(tx, &v)?;
                            summary.verdicts += 1;
                        }
                    }
                }
            }
        }
        summary.agreements_reassessed += reassess_agreements(tx, self.packs, &self.views, &self.rules, reassess)?;
        Ok(())
    }
}

impl Assessor<'_> {
    /// Judges every stored agreement again from its stored verdicts (after a bulk load).
    pub fn reassess_all(&self, conn: &mut Connection) -> Result<usize> {
        let tx = write_transaction(conn)?;
        let work = Work::load(&tx, self.packs)?;
        let ids: BTreeSet<String> = work.views.keys().cloned().collect();
        let n = reassess_agreements(&tx, self.packs, &work.views, &work.rules, ids)?;
        tx.commit()?;
        Ok(n)
    }
}

/// Stores an agreement's view and rules as they stand, before it is judged.
pub fn save_view(tx: &Transaction, view: &AgreementView, rules: &[Rule]) -> Result<()> {
    tx.execute(
        "INSERT OR REPLACE INTO assess_agreements (id, rules, view) VALUES (?1, ?2, ?3)",
        params![view.id, serde_json::to_string(rules)?, serde_json::to_string(view)?],
    )?;
    Ok(())
}

/// Stores a merged event (bulk loads use this directly).
pub fn save_event(tx: &Transaction, e: &Event) -> Result<()> {
    tx.prepare_cached(
        "INSERT OR REPLACE INTO assess_events (id, sub_event_type, day, admin1, status, latitude, longitude, data,
             event_type, day_end, geo_precision, actor1, country, actor2, written)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, CAST(strftime('%s', 'now') AS INTEGER))",
    )?
    .execute(params![
        e.id,
        e.sub_event_type,
        e.day(),
        e.admin1,
        e.status,
        e.latitude,
        e.longitude,
        serde_json::to_string(e)?,
        e.event_type,
        e.event_date_end,
        e.geo_precision,
        e.actor1,
        e.country,
        e.actor2,
    ])?;
    Ok(())
}

/// Judges the given agreements from their views and stored verdicts; those others depend on first.
fn reassess_agreements(
    tx: &Transaction,
    packs: &Packs,
    views: &BTreeMap<String, AgreementView>,
    rules: &BTreeMap<String, Vec<Rule>>,
    ids: BTreeSet<String>,
) -> Result<usize> {
    let mut done = 0;
    {
        let mut order: Vec<String> = ids.into_iter().collect();
        order.sort_by_key(|id| packs.agreement(id).map(|a| !a.conditions.is_empty()));
        for id in order {
            let Some(view) = views.get(&id) else { continue };
            let days = day_tallies(tx, &id)?;
            let status_of = |other: &str| -> Option<String> {
                tx.query_row("SELECT status FROM assess_agreements WHERE id = ?1", [other], |r| r.get(0))
                    .optional()
                    .ok()
                    .flatten()
            };
            let mut assessment: Assessment = compliance::assess(packs, view, &days, &status_of);
            let full = serde_json::to_string(&assessment)?;
            // The summary is the assessment without the view's mentions and claims.
            assessment.view.mentions = Vec::new();
            assessment.view.claims = Vec::new();
            let summary = serde_json::to_string(&assessment)?;
            tx.execute(
                "INSERT OR REPLACE INTO assess_agreements (id, status, since, rules, view, assessment, summary)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![
                    id,
                    assessment.status,
                    assessment.since,
                    serde_json::to_string(rules.get(&id).map(Vec::as_slice).unwrap_or(&[]))?,
                    serde_json::to_string(view)?,
                    full,
                    summary
                ],
            )?;
            done += 1;
        }
    }
    Ok(done)
}

impl Work<'_> {
    /// Flags ceased-versus-occurred reports of the same kind, day and governorate.
    fn contradictions(&self, tx: &Transaction, event: &Event) -> Result<()> {
        let Some(day) = event.day() else { return Ok(()) };
        // What the event contradicted as it stood before is judged again from what it says now.
        tx.prepare_cached("DELETE FROM assess_contradictions WHERE ceased = ?1 OR occurred = ?1")?
            .execute([event.id])?;
        // Only reports of the same governorate (or both of none) can contradict it.
        let mut stmt = tx.prepare_cached(
            "SELECT data FROM assess_events WHERE sub_event_type = ?1 AND day = ?2 AND status != ?3 AND id != ?4
               AND admin1 IS ?5",
        )?;
        let others: Vec<String> = stmt
            .query_map(params![event.sub_event_type, day, event.status, event.id, event.admin1], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        for data in others {
            let other: Event = serde_json::from_str(&data)?;
            if let Some(c) = contradiction(event, &other) {
                tx.execute(
                    "INSERT OR REPLACE INTO assess_contradictions (ceased, occurred, data) VALUES (?1, ?2, ?3)",
                    params![c.ceased, c.occurred, serde_json::to_string(&c)?],
                )?;
            }
        }
        Ok(())
    }
}

pub fn insert_verdict(tx: &Transaction, v: &Verdict) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO assess_verdicts (agreement, event, kind, party, day, confidence, data) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![v.agreement, v.event, v.kind, v.party, v.date, v.confidence, serde_json::to_string(v)?])?;
    Ok(())
}

/// Verdicts on an agreement, tallied by day, kind and party, each with its surest verdict: a tally
/// counts events, so one air strike that breaks two provisions is one violation.
fn day_tallies(conn: &Connection, agreement: &str) -> Result<Vec<DayTally>> {
    // SQLite returns the bare column `data` from the row that holds max(confidence).
    // Tallied apart on each side of the threshold, so that a day's sure verdict never lifts the count
    // of its unsure ones over it.
    let mut stmt = conn.prepare_cached(
        "SELECT day, kind, party, count(DISTINCT event), max(confidence), data FROM assess_verdicts
         WHERE agreement = ?1 GROUP BY day, kind, party, confidence >= ?2
         ORDER BY day, kind, party, max(confidence) DESC",
    )?;
    tallies(&mut stmt, params![agreement, compliance::VIOLATION_THRESHOLD])
}

/// The rows of a tally query (day, kind, party, count, confidence, data) as tallies.
fn tallies(stmt: &mut rusqlite::Statement, params: impl rusqlite::Params) -> Result<Vec<DayTally>> {
    let rows = stmt.query_map(params, |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, i64>(3)?,
            r.get::<_, f64>(4)?,
            r.get::<_, String>(5)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (date, kind, party, count, confidence, data) = row?;
        out.push(DayTally {
            date,
            kind,
            party,
            count: count as u64,
            confidence,
            example: serde_json::from_str(&data)?,
        });
    }
    Ok(out)
}

/// [`day_tallies`] as known at the end of `day`: verdicts on days up to it, on events some report
/// published by then tells. (The verdicts themselves were judged on the events as every report now
/// gives them; an event's later reports can only have added sources or detail.)
fn day_tallies_on(conn: &Connection, agreement: &str, day: &str) -> Result<Vec<DayTally>> {
    let mut stmt = conn.prepare_cached(
        "SELECT v.day, v.kind, v.party, count(DISTINCT v.event), max(v.confidence), v.data FROM assess_verdicts v
         JOIN assess_events e ON e.id = v.event
         WHERE v.agreement = ?1 AND v.day <= ?2
           AND EXISTS (SELECT 1 FROM json_each(e.data, '$.mentions') m WHERE m.value ->> '$.published' <= ?2)
         GROUP BY v.day, v.kind, v.party, v.confidence >= ?3
         ORDER BY v.day, v.kind, v.party, max(v.confidence) DESC",
    )?;
    tallies(&mut stmt, params![agreement, day, compliance::VIOLATION_THRESHOLD])
}

/// Read side: what the commands show.
pub mod read {
    use super::*;

    /// Runs a query whose first column is a JSON document and parses every row.
    fn json_rows<T: serde::de::DeserializeOwned>(
        stmt: &mut rusqlite::Statement,
        params: impl rusqlite::Params,
    ) -> Result<Vec<T>> {
        let rows: Vec<String> = stmt.query_map(params, |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
        rows.iter().map(|r| Ok(serde_json::from_str(r)?)).collect()
    }
    use crate::events::Contradiction;

    /// Every agreement's assessment, by id.
    pub fn assessments(conn: &Connection) -> Result<Vec<Assessment>> {
        let mut stmt =
            conn.prepare_cached("SELECT assessment FROM assess_agreements WHERE assessment IS NOT NULL ORDER BY id")?;
        json_rows(&mut stmt, [])
    }

    /// Every agreement's assessment without the view's mentions and claims (the bulk of a much-reported
    /// agreement's record), for lists that show each agreement's status and counts.
    pub fn assessment_summaries(conn: &Connection) -> Result<Vec<Assessment>> {
        let mut stmt =
            conn.prepare_cached("SELECT summary FROM assess_agreements WHERE summary IS NOT NULL ORDER BY id")?;
        json_rows(&mut stmt, [])
    }

    /// One agreement's assessment without its view's mentions and claims (see [`assessment_summaries`]).
    pub fn assessment_summary(conn: &Connection, id: &str) -> Result<Option<Assessment>> {
        let row: Option<String> =
            conn.query_row("SELECT summary FROM assess_agreements WHERE id = ?1", [id], |r| r.get(0)).optional()?;
        row.map(|r| Ok(serde_json::from_str(&r)?)).transpose()
    }

    /// One agreement's assessment.
    pub fn assessment(conn: &Connection, id: &str) -> Result<Option<Assessment>> {
        let row: Option<String> =
            conn.query_row("SELECT assessment FROM assess_agreements WHERE id = ?1", [id], |r| r.get(0)).optional()?;
        row.map(|r| Ok(serde_json::from_str(&r)?)).transpose()
    }

    /// One agreement as it stood at the end of `day` (see `compliance::assess_on`), judged again from
    /// its stored view and verdicts; agreements it depends on are taken as they stood that day too.
    pub fn assessment_on(conn: &Connection, packs: &Packs, id: &str, day: &str) -> Result<Option<Assessment>> {
        let Some(view) = view_on(conn, packs, id, day)? else { return Ok(None) };
        let days = day_tallies_on(conn, id, day)?;
        // One level deep: an agreement a condition refers to is judged on the day without its own
        // dependencies (packs do not chain conditions further).
        let status_of = |other: &str| -> Option<String> {
            let view = view_on(conn, packs, other, day).ok()??;
            let days = day_tallies_on(conn, other, day).ok()?;
            Some(compliance::assess_on(packs, &view, &days, &|_| None, day).status)
        };
        Ok(Some(compliance::assess_on(packs, &view, &days, &status_of, day)))
    }

    /// An agreement's view as the documents published on or before `day` give it: its mentions are
    /// absorbed again from those documents' records alone, so nothing a later report said shows. An
    /// undated document is not known to have been out by then and is left out.
    fn view_on(conn: &Connection, packs: &Packs, id: &str, day: &str) -> Result<Option<AgreementView>> {
        let view: Option<String> =
            conn.query_row("SELECT view FROM assess_agreements WHERE id = ?1", [id], |r| r.get(0)).optional()?;
        let Some(view) = view else { return Ok(None) };
        let stored: AgreementView = serde_json::from_str(&view)?;
        let mut view = AgreementView::new(packs, id, (!stored.registry).then_some(stored.name.as_str()));
        let mut records = conn.prepare_cached(
            "SELECT r.data FROM documents d JOIN records r ON r.doc = d.rowid
             WHERE d.id = ?1 AND d.published_date <= ?2 ORDER BY r.rowid",
        )?;
        for doc in &stored.documents {
            let rows: Vec<String> =
                records.query_map(params![doc, day], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
            for d in group(rows.iter().map(String::as_str)).with_context(|| format!("records of document {doc}"))? {
                for a in d.agreements.iter().filter(|a| a.agreement_id == id) {
                    view.absorb(packs, &d, a);
                }
            }
        }
        Ok(Some(view))
    }

    /// Verdicts of one kind, filtered (a filter left out is no condition), by day: `since` and `until`
    /// are the first and the last day, `until` as [`crate::compliance::within`] reads an agreement's end.
    pub fn verdicts(
        conn: &Connection,
        kind: &str,
        agreement: Option<&str>,
        party: Option<&str>,
        since: Option<&str>,
        until: Option<&str>,
        reported_by: Option<&str>,
    ) -> Result<Vec<Verdict>> {
        // `until` as `compliance::within` reads an end: the day itself, at whatever precision it is given.
        // One agreement's are read from its index: `?2 IS NULL OR agreement = ?2` would scan every
        // verdict, since a statement keeps one plan for every value bound to it.
        let mut stmt = conn.prepare_cached(if agreement.is_some() {
            "SELECT data FROM assess_verdicts WHERE agreement = ?2 AND kind = ?1
             AND (?3 IS NULL OR party = ?3) AND (?4 IS NULL OR day >= ?4)
             AND (?5 IS NULL OR day <= ?5 OR substr(day, 1, length(?5)) = ?5)
             AND (?6 IS NULL OR (day <= ?6 AND EXISTS (SELECT 1 FROM assess_events e, json_each(e.data, '$.mentions') m
                                  WHERE e.id = assess_verdicts.event AND m.value ->> '$.published' <= ?6)))
             ORDER BY day, event"
        } else {
            "SELECT data FROM assess_verdicts WHERE kind = ?1 AND ?2 IS NULL
             AND (?3 IS NULL OR party = ?3) AND (?4 IS NULL OR day >= ?4)
             AND (?5 IS NULL OR day <= ?5 OR substr(day, 1, length(?5)) = ?5)
             AND (?6 IS NULL OR (day <= ?6 AND EXISTS (SELECT 1 FROM assess_events e, json_each(e.data, '$.mentions') m
                                  WHERE e.id = assess_verdicts.event AND m.value ->> '$.published' <= ?6)))
             ORDER BY day, agreement, event"
        })?;
        json_rows(&mut stmt, params![kind, agreement, party, since, until, reported_by])
    }

    /// A kind of name a filter gives, whose values the store can list (for "did you mean").
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum Named {
        Country,
        Admin1,
        Actor,
        EventType,
        SubEventType,
        /// The party a verdict holds responsible.
        Party,
    }

    /// Whether some merged event (or verdict, for a party) carries `value` as its `what`: a filter that
    /// names a value nothing carries is told apart from one that merely matches nothing in its range.
    pub fn holds_name(conn: &Connection, what: Named, value: &str) -> Result<bool> {
        let query = match what {
            Named::Country => "SELECT EXISTS (SELECT 1 FROM assess_events WHERE country = ?1)",
            Named::Admin1 => "SELECT EXISTS (SELECT 1 FROM assess_events WHERE admin1 = ?1)",
            Named::Actor => {
                "SELECT EXISTS (SELECT 1 FROM assess_events WHERE actor1 = ?1)
                     OR EXISTS (SELECT 1 FROM assess_events WHERE actor2 = ?1)"
            }
            Named::EventType => "SELECT EXISTS (SELECT 1 FROM assess_events WHERE event_type = ?1)",
            Named::SubEventType => "SELECT EXISTS (SELECT 1 FROM assess_events WHERE sub_event_type = ?1)",
            Named::Party => "SELECT EXISTS (SELECT 1 FROM assess_verdicts WHERE party = ?1)",
        };
        Ok(conn.prepare_cached(query)?.query_row([value], |r| r.get(0))?)
    }

    /// Every distinct value of `what` the store holds, sorted.
    pub fn names(conn: &Connection, what: Named) -> Result<Vec<String>> {
        let query = match what {
            Named::Country => "SELECT DISTINCT country FROM assess_events WHERE country IS NOT NULL",
            Named::Admin1 => "SELECT DISTINCT admin1 FROM assess_events WHERE admin1 IS NOT NULL",
            Named::Actor => {
                "SELECT actor1 FROM assess_events WHERE actor1 IS NOT NULL
                 UNION SELECT actor2 FROM assess_events WHERE actor2 IS NOT NULL"
            }
            Named::EventType => "SELECT DISTINCT event_type FROM assess_events WHERE event_type IS NOT NULL",
            Named::SubEventType => "SELECT DISTINCT sub_event_type FROM assess_events WHERE sub_event_type IS NOT NULL",
            Named::Party => "SELECT DISTINCT party FROM assess_verdicts WHERE party IS NOT NULL",
        };
        let mut stmt = conn.prepare_cached(query)?;
        let mut out: Vec<String> = stmt.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
        out.sort();
        Ok(out)
    }

    /// Which merged events to read; a filter left out is no condition at all.
    #[derive(Debug, Default, Clone, Copy)]
    pub struct EventFilter<'a> {
        pub since: Option<&'a str>,
        pub until: Option<&'a str>,
        /// ISO 3166-1 alpha-2.
        pub country: Option<&'a str>,
        pub admin1: Option<&'a str>,
        pub event_type: Option<&'a str>,
        pub sub_event_type: Option<&'a str>,
        /// Either actor, as the pack's key or the name the reports give.
        pub actor: Option<&'a str>,
        /// Events with a verdict (violation or adherence) against this agreement.
        pub agreement: Option<&'a str>,
        /// West, south, east, north in degrees: events with a point inside.
        pub bbox: Option<[f64; 4]>,
        /// Events some report published on or before this day tells (`--on`).
        pub reported_by: Option<&'a str>,
        /// A page of the filtered events: how many to skip, and at most how many to give.
        pub page: Option<(u64, u64)>,
    }

    /// Merged events, filtered, in order of day and id.
    pub fn events(conn: &Connection, filter: EventFilter) -> Result<Vec<Event>> {
        let mut out = Vec::new();
        each_event(conn, filter, |e| {
            out.push(e);
            Ok(())
        })?;
        Ok(out)
    }

    /// Hands each merged event the filter admits to `f`, in order of day and id, one at a time: an export
    /// of millions of events holds one in memory. Only the conditions given are in the query, so that a
    /// date range seeks the day index instead of testing every row (`?1 IS NULL OR day >= ?1` cannot).
    pub fn each_event(conn: &Connection, filter: EventFilter, mut f: impl FnMut(Event) -> Result<()>) -> Result<()> {
        let (query, values) = event_query(filter);
        let mut stmt = conn.prepare_cached(&query)?;
        let mut rows = stmt.query(rusqlite::params_from_iter(values))?;
        while let Some(row) = rows.next()? {
            let mut event: Event = serde_json::from_str(row.get_ref(0)?.as_str()?)?;
            event.written = row.get(1)?;
            f(event)?;
        }
        Ok(())
    }

    /// The query [`each_event`] runs, with its values.
    fn event_query(filter: EventFilter) -> (String, Vec<rusqlite::types::Value>) {
        let (conditions, mut values) = event_conditions(filter);
        let query = match filter.page {
            None => format!("SELECT data, written FROM assess_events {conditions} ORDER BY day, id"),
            // The page's ids first, sorted from the indexes alone; then only those events' JSON. Sorting
            // whole rows would read every matching event's JSON to keep twenty.
            Some((offset, limit)) => {
                values.extend([limit as i64, offset as i64].map(rusqlite::types::Value::Integer));
                format!(
                    "SELECT data, written FROM assess_events WHERE id IN
                       (SELECT id FROM assess_events {conditions} ORDER BY day, id LIMIT ? OFFSET ?)
                     ORDER BY day, id"
                )
            }
        };
        (query, values)
    }

    /// How many merged events the filter admits (its page aside).
    pub fn count_events(conn: &Connection, filter: EventFilter) -> Result<u64> {
        let (conditions, values) = event_conditions(filter);
        let mut stmt = conn.prepare_cached(&format!("SELECT count(*) FROM assess_events {conditions}"))?;
        Ok(stmt.query_row(rusqlite::params_from_iter(values), |r| r.get::<_, i64>(0))? as u64)
    }

    /// The WHERE clause of a filter (empty for none) and its values, in order.
    fn event_conditions(filter: EventFilter) -> (String, Vec<rusqlite::types::Value>) {
        use rusqlite::types::Value;
        let text = |v: &str| Value::Text(v.to_owned());
        let mut conditions: Vec<&str> = Vec::new();
        let mut values: Vec<Value> = Vec::new();
        for (value, condition) in [
            (filter.since, "day >= ?"),
            (filter.until, "day <= ?"),
            (filter.country, "country = ?"),
            (filter.admin1, "admin1 = ?"),
            (filter.event_type, "event_type = ?"),
            (filter.sub_event_type, "sub_event_type = ?"),
            (filter.agreement, "id IN (SELECT event FROM assess_verdicts WHERE agreement = ?)"),
            (
                filter.reported_by,
                "EXISTS (SELECT 1 FROM json_each(assess_events.data, '$.mentions') m WHERE m.value ->> '$.published' <= ?)",
            ),
        ] {
            if let Some(v) = value {
                conditions.push(condition);
                values.push(text(v));
            }
        }
        if let Some(actor) = filter.actor {
            conditions.push("(actor1 = ? OR actor2 = ?)");
            values.extend([text(actor), text(actor)]);
        }
        if let Some([west, south, east, north]) = filter.bbox {
            // A west edge east of the east edge is a box across the antimeridian (RFC 7946, 5.2).
            conditions.push(if west <= east {
                "latitude BETWEEN ? AND ? AND longitude BETWEEN ? AND ?"
            } else {
                "latitude BETWEEN ? AND ? AND (longitude >= ? OR longitude <= ?)"
            });
            values.extend([south, north, west, east].map(Value::Real));
        }
        let clause = if conditions.is_empty() { String::new() } else { format!("WHERE {}", conditions.join(" AND ")) };
        (clause, values)
    }

    /// One merged event by id.
    pub fn event(conn: &Connection, id: i64) -> Result<Option<Event>> {
        let mut stmt = conn.prepare_cached("SELECT data FROM assess_events WHERE id = ?1")?;
        Ok(json_rows(&mut stmt, [id])?.pop())
    }

    /// Totals that reports give differently, with each report's date and source, from the running
    /// totals the assessment kept (a few in a thousand figures).
    pub fn figure_conflicts(conn: &Connection) -> Result<Vec<crate::figures::FigureConflict>> {
        let mut stmt = conn.prepare_cached("SELECT measure, claim FROM assess_figures ORDER BY measure, doc, rowid")?;
        let rows: Vec<(String, String)> =
            stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<_>>()?;
        let claims = rows
            .into_iter()
            .map(|(measure, claim)| Ok((measure, serde_json::from_str(&claim)?)))
            .collect::<Result<Vec<_>>>()?;
        Ok(crate::figures::group_conflicts(claims))
    }

    /// Totals that the given documents give differently (a page's own reports), as
    /// [`figure_conflicts`] finds them in the whole store.
    pub fn figure_conflicts_among<'d>(
        conn: &Connection,
        docs: impl IntoIterator<Item = &'d str>,
    ) -> Result<Vec<crate::figures::FigureConflict>> {
        let mut stmt = conn.prepare_cached(
            "SELECT f.data, json_extract(d.data, '$.published'), json_extract(d.data, '$.country') FROM documents doc
             JOIN records f ON f.doc = doc.rowid AND f.kind = 'figure'
             LEFT JOIN records d ON d.doc = f.doc AND d.kind = 'document'
             WHERE doc.id = ?1 ORDER BY f.rowid",
        )?;
        let mut figures = Vec::new();
        for doc in docs {
            let rows = stmt.query_map([doc], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, Option<String>>(1)?, r.get::<_, Option<String>>(2)?))
            })?;
            for row in rows {
                let (data, published, country) = row?;
                if let Ok(figure) = serde_json::from_str::<crate::figures::FigureIn>(&data) {
                    figures.push((figure, published, country));
                }
            }
        }
        Ok(crate::figures::conflicts(&figures))
    }

    /// Quotations, at most `limit`: one document's in text order, or the whole store's in the order they
    /// were stored; only those whose speaker's name contains `speaker` (in any case, any script) when it
    /// is given. Across the store a speaker is found among the distinct names of the speaker index, and
    /// only the quotations of the names that match are read.
    pub fn quotes(
        conn: &Connection,
        doc: Option<&str>,
        speaker: Option<&str>,
        limit: usize,
    ) -> Result<Vec<crate::input::QuoteIn>> {
        let wanted = speaker.map(str::to_lowercase);
        let matches = |name: Option<&str>| match &wanted {
            Some(w) => name.is_some_and(|n| n.to_lowercase().contains(w.as_str())),
            None => true,
        };
        let parse = |rows: Vec<String>| -> Result<Vec<crate::input::QuoteIn>> {
            rows.iter().map(|r| Ok(serde_json::from_str(r)?)).collect()
        };
        if let Some(doc) = doc {
            let mut stmt = conn.prepare_cached(
                "SELECT r.data ->> '$.speaker', r.data FROM records r JOIN documents d ON d.rowid = r.doc
                 WHERE d.id = ?1 AND r.kind = 'quote' ORDER BY r.start",
            )?;
            let mut rows = stmt.query([doc])?;
            let mut kept = Vec::new();
            while kept.len() < limit {
                let Some(row) = rows.next()? else { break };
                if matches(row.get::<_, Option<String>>(0)?.as_deref()) {
                    kept.push(row.get(1)?);
                }
            }
            return parse(kept);
        }
        if wanted.is_none() {
            let mut stmt =
                conn.prepare_cached("SELECT data FROM records WHERE kind = 'quote' ORDER BY rowid LIMIT ?1")?;
            let rows = stmt.query_map([limit as i64], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
            return parse(rows);
        }
        let names: Vec<String> = conn
            .prepare_cached(
                "SELECT data ->> '$.speaker' AS speaker FROM records INDEXED BY records_quote_speaker
                 WHERE kind = 'quote' AND speaker IS NOT NULL GROUP BY speaker",
            )?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<Vec<String>>>()?
            .into_iter()
            .filter(|n| matches(Some(n)))
            .collect();
        let mut stmt = conn.prepare_cached(
            "SELECT rowid, data FROM records WHERE kind = 'quote' AND data ->> '$.speaker' = ?1
             ORDER BY rowid LIMIT ?2",
        )?;
        let mut found: Vec<(i64, String)> = Vec::new();
        for name in &names {
            let rows = stmt.query_map(params![name, limit as i64], |r| Ok((r.get(0)?, r.get(1)?)))?;
            found.extend(rows.collect::<rusqlite::Result<Vec<_>>>()?);
        }
        found.sort_unstable_by_key(|(rowid, _)| *rowid);
        found.truncate(limit);
        parse(found.into_iter().map(|(_, data)| data).collect())
    }

    /// Ceased-versus-occurred contradictions.
    pub fn contradictions(conn: &Connection) -> Result<Vec<Contradiction>> {
        let mut stmt = conn.prepare_cached("SELECT data FROM assess_contradictions ORDER BY ceased")?;
        json_rows(&mut stmt, [])
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        /// SQLite's plan for the query of `filter`, one line per step.
        fn plan(filter: EventFilter) -> String {
            let dir = tempfile::tempdir().unwrap();
            let store = truce_store::SqliteStore::open(dir.path().join("plan.db")).unwrap();
            let (query, values) = event_query(filter);
            let mut stmt = store.connection().prepare(&format!("EXPLAIN QUERY PLAN {query}")).unwrap();
            let rows = stmt.query_map(rusqlite::params_from_iter(values), |r| r.get::<_, String>(3)).unwrap();
            rows.map(Result::unwrap).collect::<Vec<_>>().join("; ")
        }

        /// A week of events is found by seeking the day index, not by reading every event.
        #[test]
        fn a_date_range_seeks_the_day_index() {
            let week = plan(EventFilter { since: Some("2019-08-01"), until: Some("2019-08-07"), ..Default::default() });
            assert!(week.contains("USING INDEX assess_events_day (day>? AND day<?)"), "{week}");
            let kind = plan(EventFilter {
                since: Some("2019-08-01"),
                sub_event_type: Some("Air/drone strike"),
                ..Default::default()
            });
            assert!(kind.contains("SEARCH assess_events USING INDEX"), "{kind}");
            assert!(plan(EventFilter::default()).contains("SCAN assess_events USING INDEX assess_events_day"));
        }

        /// Each filter of the API (value, the index its page is read from): no page parses events'
        /// JSON to find its rows.
        const FILTER_INDEX_CASES: &[(EventFilter<'static>, &str)] = &[
            (EventFilter { country: Some("SY"), ..PAGE }, "assess_events_country"),
            (EventFilter { admin1: Some("Idlib"), ..PAGE }, "assess_events_admin1"),
            (EventFilter { event_type: Some("Battles"), ..PAGE }, "assess_events_type"),
            (EventFilter { actor: Some("Government of Syria"), ..PAGE }, "assess_events_actor2"),
            (EventFilter { agreement: Some("idlib-2019-08"), ..PAGE }, "assess_verdicts_agreement_event"),
        ];
        const PAGE: EventFilter<'static> = EventFilter {
            since: None,
            until: None,
            country: None,
            admin1: None,
            event_type: None,
            sub_event_type: None,
            actor: None,
            agreement: None,
            bbox: None,
            reported_by: None,
            page: Some((0, 100)),
        };

        #[test]
        fn every_filter_reads_an_index() {
            for (filter, index) in FILTER_INDEX_CASES {
                let plan = plan(*filter);
                assert!(plan.contains(index), "{filter:?}: {plan}");
                assert!(!plan.contains("SCAN assess_events;") && !plan.ends_with("SCAN assess_events"), "{plan}");
            }
        }
    }
}
