//! ACLED's event taxonomy (codebook of 2023 and later): six event types and the sub-event types under
//! each. An event's class is its type and sub-type; a pack's prohibition names either a whole type
//! ("Battles") or one sub-type under its type ("Explosions/Remote violence/Air/drone strike"). Both
//! names contain slashes themselves, so a class is read against this table, never split on '/'.

/// Every ACLED event type with its sub-event types.
pub const ACLED_TAXONOMY: &[(&str, &[&str])] = &[
    ("Battles", &["Armed clash", "Government regains territory", "Non-state actor overtakes territory"]),
    (
        "Explosions/Remote violence",
        &[
            "Chemical weapon",
            "Air/drone strike",
            "Suicide bomb",
            "Shelling/artillery/missile attack",
            "Remote explosive/landmine/IED",
            "Grenade",
        ],
    ),
    ("Violence against civilians", &["Sexual violence", "Attack", "Abduction/forced disappearance"]),
    ("Protests", &["Peaceful protest", "Protest with intervention", "Excessive force against protesters"]),
    ("Riots", &["Violent demonstration", "Mob violence"]),
    (
        "Strategic developments",
        &[
            "Agreement",
            "Arrests",
            "Change to group/activity",
            "Disrupted weapons use",
            "Headquarters or base established",
            "Looting/property destruction",
            "Non-violent transfer of territory",
            "Other",
        ],
    ),
];

/// ACLED's six event types, in the codebook's order.
pub fn event_types() -> impl Iterator<Item = &'static str> {
    ACLED_TAXONOMY.iter().map(|(t, _)| *t)
}

/// The event type a sub-event type belongs to.
pub fn event_type_of(sub_event_type: &str) -> Option<&'static str> {
    ACLED_TAXONOMY.iter().find(|(_, subs)| subs.contains(&sub_event_type)).map(|(t, _)| *t)
}

/// What a prohibition names: a whole event type, or one sub-event type of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventClass {
    Type(&'static str),
    SubType { event_type: &'static str, sub_event_type: &'static str },
}

impl EventClass {
    /// Reads "Type" or "Type/Sub-type" against the taxonomy; `None` for a name ACLED does not have.
    pub fn parse(name: &str) -> Option<EventClass> {
        for (event_type, subs) in ACLED_TAXONOMY {
            if name == *event_type {
                return Some(EventClass::Type(event_type));
            }
            let Some(sub) = name.strip_prefix(event_type).and_then(|rest| rest.strip_prefix('/')) else {
                continue;
            };
            if let Some(sub_event_type) = subs.iter().find(|s| **s == sub) {
                return Some(EventClass::SubType { event_type, sub_event_type });
            }
        }
        None
    }

    /// Whether an event of this type and sub-type falls under the class.
    pub fn covers(&self, event_type: &str, sub_event_type: &str) -> bool {
        match self {
            EventClass::Type(t) => *t == event_type,
            EventClass::SubType { event_type: t, sub_event_type: s } => *t == event_type && *s == sub_event_type,
        }
    }
}

/// Whether any of a provision's prohibited classes covers an event of this type and sub-type. A name
/// the taxonomy lacks covers nothing (`truce pack check` reports it).
pub fn prohibits(prohibited: &[String], event_type: &str, sub_event_type: &str) -> bool {
    prohibited.iter().filter_map(|p| EventClass::parse(p)).any(|c| c.covers(event_type, sub_event_type))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_taxonomy_has_acled_s_six_types_and_twenty_five_sub_types() {
        assert_eq!(event_types().count(), 6);
        assert_eq!(ACLED_TAXONOMY.iter().map(|(_, s)| s.len()).sum::<usize>(), 25);
    }

    /// (name, parsed class or None).
    const PARSE_CASES: &[(&str, Option<EventClass>)] = &[
        ("Battles", Some(EventClass::Type("Battles"))),
        ("Explosions/Remote violence", Some(EventClass::Type("Explosions/Remote violence"))),
        (
            "Explosions/Remote violence/Air/drone strike",
            Some(EventClass::SubType { event_type: "Explosions/Remote violence", sub_event_type: "Air/drone strike" }),
        ),
        (
            "Battles/Government regains territory",
            Some(EventClass::SubType { event_type: "Battles", sub_event_type: "Government regains territory" }),
        ),
        // A sub-type under the wrong type, a bare sub-type, a misspelling: not ACLED's.
        ("Battles/Air/drone strike", None),
        ("Air/drone strike", None),
        ("Explosions/Remote violence/", None),
        ("battles", None),
    ];

    #[test]
    fn classes_are_read_against_the_table() {
        for (name, want) in PARSE_CASES {
            assert_eq!(EventClass::parse(name), *want, "{name}");
        }
    }

    /// (prohibited, event type, sub-event type, prohibited?).
    const COVER_CASES: &[(&str, &str, &str, bool)] = &[
        ("Battles", "Battles", "Armed clash", true),
        ("Battles", "Explosions/Remote violence", "Shelling/artillery/missile attack", false),
        ("Explosions/Remote violence/Air/drone strike", "Explosions/Remote violence", "Air/drone strike", true),
        (
            "Explosions/Remote violence/Air/drone strike",
            "Explosions/Remote violence",
            "Shelling/artillery/missile attack",
            false,
        ),
        ("Explosions/Remote violence/Air/drone strike", "Battles", "Armed clash", false),
        ("Battles/Government regains territory", "Battles", "Government regains territory", true),
        ("Battles/Government regains territory", "Battles", "Armed clash", false),
        ("Air/drone strike", "Explosions/Remote violence", "Air/drone strike", false),
    ];

    #[test]
    fn prohibitions_cover_their_type_or_their_sub_type_alone() {
        for (prohibited, t, s, want) in COVER_CASES {
            assert_eq!(prohibits(&[prohibited.to_string()], t, s), *want, "{prohibited} against {t}/{s}");
        }
    }
}
