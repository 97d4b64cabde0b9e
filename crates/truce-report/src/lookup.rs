//! Names a reader gives a report (an agreement, a party, a country, a governorate, an actor, an event
//! class), checked against what the store and the pack hold: a typo is an error that names the nearest
//! known names, never an empty answer that reads as "nothing happened".

use truce_assess::persist::read::{self, Named};
use truce_pack::Packs;
use truce_store::SqliteStore;

use crate::{ReportError, Result};

/// How many known names an unknown one is answered with.
pub const NEAREST_SHOWN: usize = 5;

/// The verdicts' word for a violation no party is held responsible for.
pub const UNATTRIBUTED: &str = "unattributed";

/// The `n` names of `known` most like `name` (Jaro–Winkler on lowercase, a prefix counting most, since a
/// reader types the start of an id), best first; ties keep `known`'s order.
pub fn nearest(name: &str, known: impl IntoIterator<Item = String>, n: usize) -> Vec<String> {
    let wanted = name.to_lowercase();
    let mut scored: Vec<(f64, String)> = known
        .into_iter()
        .map(|k| {
            let lower = k.to_lowercase();
            let prefix = if !wanted.is_empty() && lower.starts_with(&wanted) { 1.0 } else { 0.0 };
            (strsim::jaro_winkler(&wanted, &lower) + prefix, k)
        })
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0));
    let mut seen = std::collections::HashSet::new();
    scored.into_iter().map(|(_, k)| k).filter(|k| seen.insert(k.clone())).take(n).collect()
}

/// What a [`Named`] is called in an error message.
pub fn described(what: Named) -> &'static str {
    match what {
        Named::Country => "country (ISO 3166-1 alpha-2)",
        Named::Admin1 => "governorate (admin1)",
        Named::Actor => "actor",
        Named::EventType => "event type",
        Named::SubEventType => "sub-event type",
        Named::Party => "party",
    }
}

/// Every name of `what` the pack knows, whether or not the store holds any record of it yet.
fn pack_names(packs: &Packs, what: Named) -> Vec<String> {
    match what {
        Named::Country => packs.countries(),
        Named::Admin1 => packs.iter().flat_map(|p| p.places.iter()).filter_map(|p| p.admin1.clone()).collect(),
        Named::Actor => packs.actors().flat_map(|a| [a.id.clone(), a.name.clone()]).collect(),
        Named::EventType => truce_pack::taxonomy::event_types().map(str::to_owned).collect(),
        Named::SubEventType => truce_pack::taxonomy::ACLED_TAXONOMY
            .iter()
            .flat_map(|(_, subs)| subs.iter().map(|s| (*s).to_owned()))
            .collect(),
        Named::Party => packs.actors().map(|a| a.name.clone()).chain([UNATTRIBUTED.to_owned()]).collect(),
    }
}

/// `Ok` when the pack or the store knows `value` as a `what`; otherwise the error naming the nearest
/// names either knows.
pub fn check_name(store: &SqliteStore, packs: &Packs, what: Named, value: &str) -> Result<()> {
    let in_pack = pack_names(packs, what);
    if in_pack.iter().any(|k| k == value) || read::holds_name(store.connection(), what, value)? {
        return Ok(());
    }
    let known = in_pack.into_iter().chain(read::names(store.connection(), what)?);
    Err(ReportError::UnknownName {
        what: described(what),
        name: value.to_owned(),
        nearest: nearest(value, known, NEAREST_SHOWN),
    })
}

/// `Ok` when the store has assessed the agreement `id`; otherwise the error naming the nearest ids.
pub fn check_agreement(store: &SqliteStore, id: &str) -> Result<()> {
    if read::assessment_summary(store.connection(), id)?.is_some() {
        return Ok(());
    }
    Err(unknown_agreement(store, id)?)
}

/// The error for an agreement the store lacks, with the nearest ids it has.
pub fn unknown_agreement(store: &SqliteStore, id: &str) -> Result<ReportError> {
    let ids = read::assessment_summaries(store.connection())?.into_iter().map(|a| a.id);
    Ok(ReportError::UnknownAgreement { id: id.to_owned(), known: nearest(id, ids, NEAREST_SHOWN) })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (typed, known names, the nearest expected first)
    const NEAREST_CASES: &[(&str, &[&str], &str)] = &[
        ("idlib-2019", &["coh-2016-02", "idlib-2019-08", "astana-2017-05"], "idlib-2019-08"),
        ("Idleb", &["Aleppo", "Idlib", "Hama"], "Idlib"),
        ("idlib", &["Aleppo", "Idlib", "Hama"], "Idlib"),
        ("Goverment of Syria", &["Hamas", "Government of Syria", "Taliban"], "Government of Syria"),
        ("air strike", &["Shelling/artillery/missile attack", "Air/drone strike", "Armed clash"], "Air/drone strike"),
    ];

    #[test]
    fn the_nearest_known_name_comes_first() {
        for (typed, known, first) in NEAREST_CASES {
            let got = nearest(typed, known.iter().map(|k| (*k).to_owned()), NEAREST_SHOWN);
            assert_eq!(got.first().map(String::as_str), Some(*first), "{typed:?} among {known:?}: {got:?}");
            assert!(got.len() <= NEAREST_SHOWN);
        }
    }
}
