//! The extract stage: turns a document into the facts a ceasefire monitor needs, each tied to the
//! words it came from.
//!
//! Owns: time expressions and their resolution against the publication date ([`time`]), and the
//! records extracted from a document: events in ACLED's taxonomy, agreements with their provisions,
//! conditions and status, quotes with speakers, casualty and displacement figures, and mentions of
//! actors, people, places and times, all with evidence spans.

pub mod time;
