//! Assessment: one picture per agreement from many reports.
//!
//! This crate owns the stage after extraction. It reads the records extraction stored, and
//! - merges event mentions from different documents into events ([`events`]), counting independent
//!   sources ([`sources`]) and keeping disagreements as conflicts;
//! - merges the mentions of each agreement into one record with field-level provenance ([`agreements`]);
//! - turns the provisions into rules and judges events against them, then dates each agreement's status
//!   transitions and the state of its conditions and deadlines ([`compliance`]);
//! - lists figures reports give differently (the war's toll) with their dates and sources ([`figures`]);
//! - keeps all of it in the store, updating only what a new document touches ([`persist`]).

pub mod agreements;
pub mod compliance;
pub mod events;
pub mod figures;
pub mod input;
pub mod persist;
pub mod sources;

pub use agreements::AgreementView;
pub use compliance::{Assessment, Verdict};
pub use events::Event;
pub use persist::{Assessor, UpdateSummary};
