//! The analyst's brief: one page per agreement (an index when none is named), built as a typed
//! [`Brief`] and rendered as Markdown with footnotes, as a printable HTML page, or as JSON.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use serde::Serialize;
use truce_assess::compliance::{Assessment, ConditionState, Transition, VIOLATION_THRESHOLD, Verdict};
use truce_assess::events::{Conflict, Contradiction};
use truce_assess::figures::FigureConflict;
use truce_assess::input::{Evidence, QuoteIn};
use truce_assess::persist::read;
use truce_store::{SqliteStore, Store};

use crate::Result;
use crate::status::{AsOf, assessment, led_to, proposal_links, proposed_as};
use crate::text::{field_label, link_target, plain_value, t};

/// How many verdicts a page lists (the rest are counted): a page, not a ledger.
pub const VERDICTS_ON_A_PAGE: usize = 40;

/// One agreement's page.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Brief {
    pub agreement: String,
    pub name: String,
    pub status: String,
    pub since: Option<String>,
    /// Why it has that status: the basis of its last transition.
    pub why: Option<String>,
    /// What the pack's registry records of its later life, beside the monitored status.
    pub recorded: Option<String>,
    pub last_report: Option<String>,
    /// For a proposal, the agreement it led to; for an agreement, the proposal it came from.
    pub led_to: Option<Related>,
    pub proposed_as: Option<Related>,
    /// What was agreed: each term with where it comes from.
    pub terms: Vec<Term>,
    /// The provisions judged against events (its rules'): none means no violation count means anything.
    pub judged: Vec<String>,
    pub parties: Vec<String>,
    /// Sides no report names as parties, inferred from the fighting the reports tell.
    pub presumed_parties: Vec<String>,
    pub guarantors: Vec<String>,
    pub provisions: Vec<Provision>,
    /// Conditions as the reports state them, with the party that sets each.
    pub stated_conditions: Vec<StatedCondition>,
    /// Conditions and deadlines as judged.
    pub conditions: Vec<ConditionState>,
    pub timeline: Vec<Transition>,
    /// Violations and adherence, oldest first, at most [`VERDICTS_ON_A_PAGE`].
    pub verdicts: Vec<Verdict>,
    /// How many verdicts there are in all.
    pub verdicts_total: usize,
    /// What was said about it: quotations from the sentences its mentions come from.
    pub quotes: Vec<QuoteIn>,
    /// Who said what about its status.
    pub claims: Vec<Claim>,
    pub conflicts: Vec<Conflict>,
    /// Sources that say opposite things of its status on the same day.
    pub status_contradictions: Vec<StatusContradiction>,
    pub figures: Vec<FigureConflict>,
    pub contradictions: Vec<Contradiction>,
    /// Every document the page cites.
    pub sources: Vec<Source>,
}

/// Another agreement a page refers to.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Related {
    pub agreement: String,
    pub name: String,
    pub status: String,
}

/// A term of the agreement and its basis: the pack's registry, or the documents that state it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Term {
    pub field: String,
    /// The value as a person writes it ("48 hours").
    pub value: String,
    /// The words the report used for it ("three-day", "indefinite"), when a report states it.
    pub written: Option<String>,
    /// Why no report states it ("the publication date"), when it is inferred.
    pub inferred: Option<String>,
    pub registry: bool,
    pub documents: Vec<String>,
}

impl Term {
    /// The value as the brief and the dashboard show it: with the words the report used when they are
    /// not the value itself ("72 hours, as written “three-day”"), and marked when inferred.
    pub fn shown(&self) -> String {
        let mut shown = self.as_written();
        if let Some(why) = &self.inferred {
            shown.push_str(&format!(" (inferred: {why})"));
        }
        shown
    }

    /// The value with the words the report used, when they are not the value itself.
    pub fn as_written(&self) -> String {
        // "48-hour" says what "48 hours" says: only other words are worth showing.
        let bare = |s: &str| {
            let s: String = s.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect();
            s.trim_end_matches('s').to_owned()
        };
        match self.written.as_deref().map(str::trim).filter(|w| !w.is_empty() && bare(w) != bare(&self.value)) {
            Some(w) => format!("{}, as written “{w}”", self.value),
            None => self.value.clone(),
        }
    }
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Provision {
    pub kind: String,
    pub documents: Vec<String>,
    /// Each document's width ("15-20" km).
    pub widths_km: Vec<(String, String)>,
    /// The sentence that gave it, first.
    pub evidence: Option<Evidence>,
    /// Whether events are judged against it (a rule of the agreement's), or no event can break it.
    pub judged: bool,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct StatedCondition {
    pub party: Option<String>,
    pub requires: String,
    pub evidence: Evidence,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Claim {
    pub sources: Vec<String>,
    pub status: String,
    pub date: Option<String>,
    pub date_basis: String,
    pub evidence: Evidence,
}

/// Two sources that say opposite things of an agreement's status on one day, each with its words.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct StatusContradiction {
    pub date: String,
    pub one: Claim,
    pub other: Claim,
}

/// Statuses no two reports can both be right about on the same day: a truce in effect is not one that
/// collapsed or one only proposed. (A violated truce may still be in effect; an agreed one may take
/// effect later that day; neither is a contradiction.)
pub const OPPOSED_STATUSES: &[(&str, &str)] = &[("in_effect", "collapsed"), ("proposed", "in_effect")];

/// The pairs of claims from different sources that date the same day (to the day) and give it
/// [`OPPOSED_STATUSES`].
pub fn status_contradictions(claims: &[Claim]) -> Vec<StatusContradiction> {
    let day = |c: &Claim| c.date.as_deref().filter(|d| d.len() >= 10).map(|d| d[..10].to_owned());
    let opposed = |a: &str, b: &str| OPPOSED_STATUSES.iter().any(|&(x, y)| (a, b) == (x, y) || (a, b) == (y, x));
    let mut out = Vec::new();
    for (i, a) in claims.iter().enumerate() {
        for b in &claims[i + 1..] {
            let (Some(da), Some(db)) = (day(a), day(b)) else { continue };
            let shared = a.sources.iter().any(|s| b.sources.contains(s));
            if da == db && !shared && a.evidence.doc != b.evidence.doc && opposed(&a.status, &b.status) {
                out.push(StatusContradiction { date: da, one: a.clone(), other: b.clone() });
            }
        }
    }
    out
}

/// A cited document.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Source {
    pub doc: String,
    pub title: Option<String>,
    pub outlet: Option<String>,
    pub published: Option<String>,
    pub url: Option<String>,
    /// False when the document is cited by the assessment but no longer in the store.
    pub stored: bool,
}

/// The page of agreement `id`, as of a day when `on` is given (only the documents published by then).
pub fn brief(store: &SqliteStore, id: &str, on: Option<AsOf>) -> Result<Brief> {
    let conn = store.connection();
    let a = match on {
        Some(on) => match read::assessment_on(conn, on.packs, id, on.day)? {
            Some(a) => a,
            None => assessment(store, id)?,
        },
        None => assessment(store, id)?,
    };
    let reported_by = on.map(|o| o.day);
    let all = read::assessment_summaries(conn)?;
    let related = |x: &Assessment| Related { agreement: x.id.clone(), name: x.name.clone(), status: x.status.clone() };
    let v = &a.view;
    let terms = v
        .fields
        .iter()
        .map(|(field, d)| Term {
            field: field.clone(),
            value: plain_value(field, &d.value),
            written: d.written.clone(),
            inferred: d.how.strip_prefix("inferred: ").map(str::to_owned),
            registry: d.how == "registry",
            documents: d.docs.clone(),
        })
        .collect();
    let provisions = v
        .provisions
        .iter()
        .map(|p| Provision {
            kind: p.kind.clone(),
            documents: p.docs.clone(),
            widths_km: p.distances.clone(),
            evidence: p.evidence.first().cloned(),
            judged: a.judged.contains(&p.kind),
        })
        .collect();
    let stated_conditions = v
        .conditions
        .iter()
        .map(|c| StatedCondition {
            party: c.party.clone(),
            requires: c.requires.clone(),
            evidence: evidence_at(&a, &c.doc, c.span),
        })
        .collect();
    // None after the end: a ceasefire that is over can no longer be broken or kept.
    let end = a.ended_on.as_deref();
    let mut verdicts = read::verdicts(conn, "violation", Some(&a.id), None, None, end, reported_by)?;
    verdicts.extend(read::verdicts(conn, "adherence", Some(&a.id), None, None, end, reported_by)?);
    verdicts.sort_by(|x, y| x.date.cmp(&y.date).then(x.kind.cmp(&y.kind)).then(x.event.cmp(&y.event)));
    let verdicts_total = verdicts.len();
    let judged: BTreeSet<i64> = verdicts.iter().map(|x| x.event).collect();
    verdicts.truncate(VERDICTS_ON_A_PAGE);
    let mut quotes = Vec::new();
    for doc in &v.documents {
        for q in read::quotes(conn, Some(doc), None, usize::MAX)? {
            let Some(e) = q.evidence.first() else { continue };
            if v.mentions.iter().any(|m| m.doc == *doc && m.start < e.end && e.start < m.end) {
                quotes.push(q);
            }
        }
    }
    let claims: Vec<Claim> = v
        .claims
        .iter()
        .map(|c| Claim {
            sources: c.sources.iter().map(|s| s.name.clone()).collect(),
            status: c.status.clone(),
            date: c.date.clone(),
            date_basis: c.date_basis.clone(),
            evidence: c.evidence.clone(),
        })
        .collect();
    // Contradictions and disagreeing figures of this agreement's reports, not of the whole store.
    let contradictions =
        read::contradictions(conn)?.into_iter().filter(|c| judged.contains(&c.ceased) || judged.contains(&c.occurred));
    let mut page = Brief {
        agreement: a.id.clone(),
        name: a.name.clone(),
        status: a.status.clone(),
        since: a.since.clone(),
        why: a.timeline.last().map(|x| x.basis.clone()),
        recorded: a.recorded_line(),
        last_report: a.last_report.clone(),
        led_to: led_to(&a, &all).map(related),
        proposed_as: proposed_as(&a, &all, &proposal_links(&all)).map(related),
        terms,
        judged: a.judged.clone(),
        parties: v.parties.clone(),
        presumed_parties: v.presumed_parties.clone(),
        guarantors: v.guarantors.clone(),
        provisions,
        stated_conditions,
        conditions: a.conditions.iter().chain(&a.obligations).cloned().collect(),
        timeline: a.timeline.clone(),
        verdicts,
        verdicts_total,
        quotes,
        status_contradictions: status_contradictions(&claims),
        claims,
        conflicts: v.conflicts.clone(),
        figures: Vec::new(),
        contradictions: contradictions.collect(),
        sources: Vec::new(),
    };
    // Figures the page's own reports give differently: read from those reports, not from every
    // figure in the store.
    let cited = page.cited();
    page.figures = read::figure_conflicts_among(conn, cited.iter().map(String::as_str))?;
    page.sources = sources(store, page.cited())?;
    Ok(page)
}

/// The evidence of a span of one of the agreement's documents: the mention's sentence that holds it,
/// else the span alone.
fn evidence_at(a: &Assessment, doc: &str, span: [usize; 2]) -> Evidence {
    let sentence = a
        .view
        .mentions
        .iter()
        .chain(a.conditions.iter().flat_map(|c| &c.evidence))
        .find(|m| m.doc == doc && m.start <= span[0] && span[1] <= m.end)
        .map(|m| m.sentence.clone())
        .unwrap_or_default();
    Evidence { doc: doc.to_owned(), start: span[0], end: span[1], sentence }
}

fn sources(store: &SqliteStore, docs: BTreeSet<String>) -> Result<Vec<Source>> {
    let mut out = Vec::new();
    for doc in docs {
        out.push(match store.document(&doc).map_err(anyhow::Error::from)? {
            Some(d) => Source {
                doc,
                title: d.summary.title,
                outlet: d.summary.source,
                published: d.summary.published,
                url: d.url,
                stored: true,
            },
            None => Source { doc, title: None, outlet: None, published: None, url: None, stored: false },
        });
    }
    Ok(out)
}

impl Brief {
    /// Every document the page cites, whether it names the agreement or only reports an event judged
    /// against it.
    fn cited(&self) -> BTreeSet<String> {
        let mut docs: BTreeSet<String> = BTreeSet::new();
        let evidence = self
            .timeline
            .iter()
            .flat_map(|x| &x.evidence)
            .chain(self.conditions.iter().flat_map(|c| &c.evidence))
            .chain(self.verdicts.iter().flat_map(|v| v.evidence.first()))
            .chain(self.stated_conditions.iter().map(|c| &c.evidence))
            .chain(self.quotes.iter().flat_map(|q| q.evidence.first()))
            .chain(self.claims.iter().map(|c| &c.evidence));
        docs.extend(evidence.map(|e| e.doc.clone()));
        docs.extend(self.terms.iter().flat_map(|x| x.documents.iter().cloned()));
        docs.extend(self.provisions.iter().flat_map(|p| p.documents.iter().cloned()));
        docs.extend(self.conflicts.iter().flat_map(|c| c.values.iter().flat_map(|(_, d)| d.iter().cloned())));
        docs.extend(self.figures.iter().flat_map(|f| f.claims.iter().map(|c| c.doc.clone())));
        docs
    }

    /// The one line that says what the status is and why.
    pub fn headline(&self) -> String {
        let mut line = format!("**Status: {}**", self.status.replace('_', " "));
        if let Some(since) = &self.since {
            let _ = write!(line, " since {}", t(since));
        }
        if let Some(why) = &self.why {
            let _ = write!(line, ": {}", t(why));
        }
        if let Some(recorded) = &self.recorded {
            let _ = write!(line, " ({})", t(recorded));
        }
        let _ = write!(line, ". Last report {}.", t(self.last_report.as_deref().unwrap_or("none")));
        if let Some(r) = &self.led_to {
            let _ =
                write!(line, " It led to **{}** ({}), {}.", t(&r.agreement), t(&r.name), t(r.status.replace('_', " ")));
        }
        if let Some(r) = &self.proposed_as {
            let _ = write!(line, " It was first proposed as **{}** ({}).", t(&r.agreement), t(&r.name));
        }
        line
    }

    /// The page in Markdown: evidence as footnotes, each naming the document and byte span.
    pub fn markdown(&self) -> String {
        let mut notes = Footnotes::new(&self.sources);
        let mut md = String::new();
        let docs = |d: &[String]| t(d.join(", "));
        let _ = writeln!(md, "# {}\n\n{}\n", t(&self.name), self.headline());
        md.push_str("## What was agreed\n\n");
        for x in &self.terms {
            let by = match (&x.inferred, x.registry) {
                (_, true) => "knowledge pack".to_owned(),
                (Some(why), _) => format!("inferred: {} of {}", t(why), docs(&x.documents)),
                (None, false) => docs(&x.documents),
            };
            let _ = writeln!(md, "- {}: {} ({by})", t(field_label(&x.field)), t(x.as_written()));
        }
        if !self.parties.is_empty() {
            let _ = writeln!(md, "- parties: {}", t(self.parties.join(", ")));
        }
        if !self.presumed_parties.is_empty() {
            let _ = writeln!(
                md,
                "- parties (inferred: no report names them; the sides of the fighting its reports tell): {}",
                t(self.presumed_parties.join(", "))
            );
        }
        if !self.guarantors.is_empty() {
            let _ = writeln!(md, "- guarantors: {}", t(self.guarantors.join(", ")));
        }
        for p in &self.provisions {
            let widths: Vec<String> = p.widths_km.iter().map(|(d, w)| format!("{} km in {}", t(w), t(d))).collect();
            let widths = if widths.is_empty() { String::new() } else { format!(": {}", widths.join("; ")) };
            let judged = if p.judged { "judged against events" } else { "not judged against events" };
            let cite = p.evidence.as_ref().map(|e| notes.cite(e)).unwrap_or_default();
            let _ = writeln!(
                md,
                "- provision: {} (in {}; {judged}){widths}{cite}",
                t(p.kind.replace('_', " ")),
                docs(&p.documents)
            );
        }
        match self.judged.is_empty() {
            true => md.push_str("- judged against events: nothing (no provision a reported event can break)\n"),
            false => {
                let judged: Vec<String> = self.judged.iter().map(|j| t(j.replace('_', " "))).collect();
                let _ = writeln!(md, "- judged against events: {}", judged.join(", "));
            }
        }
        md.push_str("\n## Conditions\n\n");
        for c in &self.stated_conditions {
            let by = match c.party.as_deref() {
                Some(party) => format!("stated by {}", t(party)),
                None => "unattributed (no party named)".to_owned(),
            };
            let _ = writeln!(md, "- {by}: {}{}", t(&c.requires), notes.cite(&c.evidence));
        }
        for c in &self.conditions {
            let _ =
                writeln!(md, "- **{}**: {} — {}{}", t(&c.state), t(&c.text), t(&c.detail), notes.cite_all(&c.evidence));
        }
        if self.stated_conditions.is_empty() && self.conditions.is_empty() {
            md.push_str("- none reported\n");
        }
        md.push_str("\n## What happened\n\n");
        for step in &self.timeline {
            let _ = writeln!(
                md,
                "- {} **{}** — {}{}",
                t(&step.date),
                t(step.status.replace('_', " ")),
                t(&step.basis),
                notes.cite_all(&step.evidence)
            );
        }
        md.push_str("\n## Violations and adherence\n\n");
        if !self.verdicts.is_empty() {
            let _ = writeln!(
                md,
                "A violation counts at confidence {VIOLATION_THRESHOLD:.2} or above; a less sure one is listed, marked, and not counted.\n"
            );
        }
        for x in &self.verdicts {
            // Adherence is what did not happen: "held", never a sentence that reads as if a strike happened.
            let what = if x.kind == "adherence" {
                format!("{} held: no {} reported at {}", t(&x.party), t(x.sub_event_type.to_lowercase()), t(&x.place))
            } else {
                format!("violation by {}: {} at {}", t(&x.party), t(&x.sub_event_type), t(&x.place))
            };
            let cite = x.evidence.first().map(|e| notes.cite(e)).unwrap_or_default();
            let below = if x.counted() {
                String::new()
            } else {
                format!(", below the {VIOLATION_THRESHOLD:.2} threshold: not counted")
            };
            let _ = writeln!(
                md,
                "- {} {what} (confidence {:.2}{below}; {}){cite}",
                t(&x.date),
                x.confidence,
                t(x.basis.join("; "))
            );
        }
        if self.verdicts.is_empty() {
            md.push_str("- none reported\n");
        } else if self.verdicts_total > self.verdicts.len() {
            let _ = writeln!(
                md,
                "- and {} more: `truce violations --agreement {}` lists them all",
                self.verdicts_total - self.verdicts.len(),
                self.agreement
            );
        }
        md.push_str("\n## What was said\n\n");
        for q in &self.quotes {
            let speaker = t(q.speaker.as_deref().unwrap_or("unattributed"));
            let affiliation = q.affiliation.as_deref().map(|a| format!(", {}", t(a))).unwrap_or_default();
            let cite = q.evidence.first().map(|e| notes.cite(e)).unwrap_or_default();
            let _ = writeln!(md, "- {speaker}{affiliation}: “{}”{cite}", t(&q.text));
        }
        if self.quotes.is_empty() {
            md.push_str("- no quotation about it\n");
        }
        md.push_str("\n## Who said what about its status\n\n");
        for c in &self.claims {
            let _ = writeln!(
                md,
                "- {} says {} ({}, {}){}",
                t(c.sources.join(" and ")),
                t(&c.status),
                t(c.date.as_deref().unwrap_or("undated")),
                t(&c.date_basis),
                notes.cite(&c.evidence)
            );
        }
        if self.claims.is_empty() {
            md.push_str("- no report speaks of its status\n");
        }
        md.push_str("\n## Open contradictions\n\n");
        for c in &self.conflicts {
            let values: Vec<String> = c.values.iter().map(|(val, d)| format!("{} ({})", t(val), docs(d))).collect();
            let _ = writeln!(md, "- {}: {}", t(field_label(&c.field)), values.join(" versus "));
        }
        for c in &self.status_contradictions {
            let said = |x: &Claim, notes: &mut Footnotes| {
                format!(
                    "{} says {}{}",
                    t(x.sources.join(" and ")),
                    t(x.status.replace('_', " ")),
                    notes.cite(&x.evidence)
                )
            };
            let one = said(&c.one, &mut notes);
            let _ = writeln!(md, "- status on {}: {one} versus {}", t(&c.date), said(&c.other, &mut notes));
        }
        for c in &self.contradictions {
            let _ = writeln!(md, "- {}", contradiction_line(c));
        }
        if self.conflicts.is_empty() && self.status_contradictions.is_empty() && self.contradictions.is_empty() {
            md.push_str("- none\n");
        }
        if !self.figures.is_empty() {
            md.push_str("\n## Figures that disagree\n\n");
            for f in &self.figures {
                let _ = writeln!(md, "- {}", figure_line(f, &mut notes));
            }
        }
        md.push_str("\n## Sources\n\n");
        for s in &self.sources {
            let _ = writeln!(md, "- {}", source_line(s));
        }
        md.push('\n');
        md.push_str(&notes.definitions());
        md
    }

    /// The page as a standalone, printable HTML document.
    pub fn html(&self) -> String {
        html_page(&self.name, &self.markdown())
    }
}

fn contradiction_line(c: &Contradiction) -> String {
    format!("{} on {} in {} (events #{} and #{})", t(&c.what), t(&c.date), t(&c.place), c.ceased, c.occurred)
}

fn figure_line(f: &FigureConflict, notes: &mut Footnotes) -> String {
    let claims: Vec<String> = f
        .claims
        .iter()
        .map(|c| {
            format!(
                "{} {} ({}, {}){}",
                t(c.qualifier.replace('_', " ")),
                c.value,
                t(c.source.as_deref().unwrap_or("the outlet")),
                t(c.published.as_deref().unwrap_or("undated")),
                notes.cite(&c.evidence)
            )
        })
        .collect();
    format!("{} ({}): {}", t(&f.measure), t(&f.scope), claims.join(" versus "))
}

fn source_line(s: &Source) -> String {
    if !s.stored {
        return format!("{}: not in the store", t(&s.doc));
    }
    let title = t(s.title.as_deref().unwrap_or("untitled"));
    let title = match s.url.as_deref().and_then(link_target) {
        Some(url) => format!("[{title}](<{url}>)"),
        None => title,
    };
    format!(
        "{}: {title} — {}, {}",
        t(&s.doc),
        t(s.outlet.as_deref().unwrap_or("outlet unknown")),
        t(s.published.as_deref().unwrap_or("undated"))
    )
}

/// The footnotes of a page: one per distinct span, numbered in order of first citation.
struct Footnotes<'a> {
    sources: &'a [Source],
    spans: Vec<Evidence>,
}

impl<'a> Footnotes<'a> {
    fn new(sources: &'a [Source]) -> Self {
        Footnotes { sources, spans: Vec::new() }
    }

    /// The reference to `e`'s footnote (` [^3]`).
    fn cite(&mut self, e: &Evidence) -> String {
        let n = match self.spans.iter().position(|x| x.doc == e.doc && x.start == e.start && x.end == e.end) {
            Some(k) => k + 1,
            None => {
                self.spans.push(e.clone());
                self.spans.len()
            }
        };
        format!(" [^{n}]")
    }

    fn cite_all(&mut self, evidence: &[Evidence]) -> String {
        evidence.iter().map(|e| self.cite(e)).collect()
    }

    /// The footnotes' text: the document, the byte span, the sentence and the article's address.
    fn definitions(&self) -> String {
        let mut out = String::new();
        for (k, e) in self.spans.iter().enumerate() {
            let source = self.sources.iter().find(|s| s.doc == e.doc);
            let link = source.and_then(|s| s.url.as_deref()).and_then(link_target);
            let outlet = source.and_then(|s| s.outlet.as_deref()).map(|o| format!(" ({})", t(o))).unwrap_or_default();
            let _ = write!(out, "[^{}]: {}{outlet}, bytes {}..{}", k + 1, t(&e.doc), e.start, e.end);
            if !e.sentence.is_empty() {
                let _ = write!(out, ": “{}”", t(&e.sentence));
            }
            if let Some(url) = link {
                let _ = write!(out, " [article](<{url}>)");
            }
            out.push_str("\n\n");
        }
        out
    }
}

/// The page of every agreement the reports mention: one line each, with the command for its page.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct BriefIndex {
    pub agreements: Vec<IndexLine>,
    pub figures: Vec<FigureConflict>,
    pub contradictions: Vec<Contradiction>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct IndexLine {
    pub agreement: String,
    pub name: String,
    pub status: String,
    pub since: Option<String>,
    /// Violations at [`VIOLATION_THRESHOLD`] or above.
    pub violations: u64,
    /// Violations below it: listed, not counted.
    pub violations_below_threshold: u64,
    pub adherence: u64,
    pub last_report: Option<String>,
    pub led_to: Option<String>,
}

/// The index of agreements.
pub fn brief_index(store: &SqliteStore, on: Option<AsOf>) -> Result<BriefIndex> {
    let conn = store.connection();
    let all = crate::status::summaries(store, on)?;
    let agreements = all
        .iter()
        .filter(|a| !a.view.documents.is_empty())
        .map(|a| IndexLine {
            agreement: a.id.clone(),
            name: a.name.clone(),
            status: a.status.clone(),
            since: a.since.clone(),
            violations: a.violations_by_party.values().sum(),
            violations_below_threshold: a.violations_below_threshold,
            adherence: a.adherence,
            last_report: a.last_report.clone(),
            led_to: led_to(a, &all).map(|x| x.id.clone()),
        })
        .collect();
    Ok(BriefIndex { agreements, figures: read::figure_conflicts(conn)?, contradictions: read::contradictions(conn)? })
}

impl BriefIndex {
    pub fn markdown(&self) -> String {
        let mut md = String::from("# Agreements in the reports\n\n");
        let _ =
            writeln!(md, "{} agreement(s); `truce brief --agreement ID` gives one page each.\n", self.agreements.len());
        for a in &self.agreements {
            let led = a.led_to.as_deref().map(|x| format!("; led to {}", t(x))).unwrap_or_default();
            let below = match a.violations_below_threshold {
                0 => String::new(),
                n => format!(" ({n} below it, not counted)"),
            };
            let _ = writeln!(
                md,
                "- **{}** {}: {} since {}{led}; {} violation(s) at confidence {VIOLATION_THRESHOLD:.2} or above{below}, {} report(s) of adherence; last report {}",
                t(&a.agreement),
                t(&a.name),
                t(a.status.replace('_', " ")),
                t(a.since.as_deref().unwrap_or("unknown")),
                a.violations,
                a.adherence,
                t(a.last_report.as_deref().unwrap_or("none"))
            );
        }
        let mut notes = Footnotes::new(&[]);
        if !self.figures.is_empty() {
            md.push_str("\n## Figures that disagree\n\n");
            for f in &self.figures {
                let _ = writeln!(md, "- {}", figure_line(f, &mut notes));
            }
        }
        if !self.contradictions.is_empty() {
            md.push_str("\n## Contradictory reports\n\n");
            for c in &self.contradictions {
                let _ = writeln!(md, "- {}", contradiction_line(c));
            }
        }
        md.push('\n');
        md.push_str(&notes.definitions());
        md
    }

    pub fn html(&self) -> String {
        html_page("Agreements in the reports", &self.markdown())
    }
}

/// The brief's stylesheet: readable on screen, and on paper without the link colours.
const STYLE: &str = "body{font:16px/1.5 Georgia,serif;max-width:46em;margin:2em auto;padding:0 1em;color:#111}\
h1{font-size:1.6em;line-height:1.2}h2{font-size:1.15em;margin-top:1.6em;border-bottom:1px solid #ccc}\
li{margin:.2em 0}a{color:#0645ad}sup{font-size:.7em}\
.footnote-definition{font-size:.85em;color:#333;margin:.3em 0}.footnote-definition p{display:inline}\
@media print{body{margin:0;max-width:none}a{color:inherit;text-decoration:none}h2{break-after:avoid}}";

/// A page of Markdown as HTML. The Markdown is ours and every document text in it is escaped (see
/// `text::t`), and raw HTML is turned into text all the same, so no page can inject markup.
fn html_page(title: &str, md: &str) -> String {
    use pulldown_cmark::{Event, Options, Parser, html};
    let parser = Parser::new_ext(md, Options::ENABLE_FOOTNOTES).map(|e| match e {
        Event::Html(s) | Event::InlineHtml(s) => Event::Text(s),
        e => e,
    });
    let mut body = String::new();
    html::push_html(&mut body, parser);
    format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{}</title>\
         <meta name=\"viewport\" content=\"width=device-width\"><style>{STYLE}</style></head><body>\n{body}</body></html>\n",
        escape_html(title)
    )
}

/// Text as HTML text: the five characters HTML reads as markup, escaped.
fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claim(source: &str, doc: &str, status: &str, date: &str) -> Claim {
        Claim {
            sources: vec![source.into()],
            status: status.into(),
            date: Some(date.into()),
            date_basis: "stated (day)".into(),
            evidence: Evidence { doc: doc.into(), start: 0, end: 1, sentence: String::new() },
        }
    }

    /// Each opposed pair, on one day from two sources, is a contradiction; the same source, another
    /// day, a month, or statuses that can both be true are not.
    #[test]
    fn opposite_claims_of_one_day_from_two_sources_contradict() {
        for &(a, b) in OPPOSED_STATUSES {
            let found = status_contradictions(&[claim("A", "a", a, "2014-08-06"), claim("B", "b", b, "2014-08-06")]);
            assert_eq!(found.len(), 1, "{a} against {b}");
        }
        // (first claim, second claim).
        let none = [
            (claim("A", "a", "in_effect", "2014-08-06"), claim("A", "b", "collapsed", "2014-08-06")),
            (claim("A", "a", "in_effect", "2014-08-06"), claim("B", "b", "collapsed", "2014-08-07")),
            (claim("A", "a", "in_effect", "2014-08"), claim("B", "b", "collapsed", "2014-08")),
            (claim("A", "a", "in_effect", "2014-08-06"), claim("B", "b", "violated", "2014-08-06")),
            (claim("A", "a", "agreed", "2014-08-06"), claim("B", "b", "in_effect", "2014-08-06")),
        ];
        for (one, other) in none {
            assert!(status_contradictions(&[one.clone(), other.clone()]).is_empty(), "{one:?} against {other:?}");
        }
    }

    /// A value shows the words the report used only when they say more than the value.
    #[test]
    fn a_term_shows_the_words_that_differ_from_its_value() {
        let term = |value: &str, written: Option<&str>| Term {
            field: "duration_hours".into(),
            value: value.into(),
            written: written.map(Into::into),
            inferred: None,
            registry: false,
            documents: Vec::new(),
        };
        assert_eq!(term("48 hours", Some("after two days")).as_written(), "48 hours, as written “after two days”");
        assert_eq!(term("48 hours", Some("48-hour")).as_written(), "48 hours");
        assert_eq!(term("72 hours", None).as_written(), "72 hours");
    }
}
