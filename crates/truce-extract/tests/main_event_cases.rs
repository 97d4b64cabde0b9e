//! Table-driven cases for the main event (`salience.rs`), written for Truce: a title, a short report,
//! and what the event the report is about must carry. Each case names the reason it exercises.

mod common;

use std::sync::OnceLock;

use truce_extract::Extractor;
use truce_extract::records::{EventRecord, Record};
use truce_extract::salience::Reason;

struct Case {
    why: &'static str,
    title: &'static str,
    text: &'static str,
    /// The main event's sub-event type, toll and governorate.
    main: (&'static str, Option<u64>, &'static str),
}

const CASES: &[Case] = &[
    Case {
        why: "the event with its own toll outranks the one told first without one",
        title: "Shelling hits Idlib town",
        text: "Government forces shelled the town of Saraqib on Tuesday, residents said. Later, Russian air \
               strikes killed 14 civilians in Maarat al-Numan on Tuesday, a monitor said.",
        main: ("Air/drone strike", Some(14), "Idlib"),
    },
    Case {
        why: "the toll the title states picks the event among two with tolls",
        title: "Air strikes kill 23 in Aleppo",
        text: "Rebel shelling killed four people in Hama on Wednesday, state media said. Government air strikes \
               killed 23 people in Aleppo on Wednesday, a monitor said.",
        main: ("Air/drone strike", Some(23), "Aleppo"),
    },
    Case {
        why: "an event reported again outranks one told once",
        title: "Fighting in Deir ez-Zor",
        text: "A car bomb exploded in Homs on Monday, a monitor said. Islamic State militants clashed with \
               the army in Deir ez-Zor on Monday. The militants clashed with the army again at dawn in Deir \
               ez-Zor. The militants and the army clashed through the night in Deir ez-Zor.",
        main: ("Armed clash", None, "Deir ez-Zor"),
    },
    Case {
        why: "an event that ended weeks before the report is background, whatever its toll",
        title: "Shelling hits Hama village",
        text: "Government shelling hit the village of Kafr Zita on Thursday, residents said. In May, air \
               strikes killed 40 people in Khan Sheikhoun.",
        main: ("Shelling/artillery/missile attack", None, "Hama"),
    },
    Case {
        why: "with nothing else to choose by, the event told first is the news",
        title: "Clashes in Daraa and Quneitra",
        text: "Rebels clashed with government forces in Daraa on Thursday. Rebels also clashed with \
               government forces in Quneitra on Thursday.",
        main: ("Armed clash", None, "Daraa"),
    },
];

fn extractor() -> &'static Extractor {
    static E: OnceLock<Extractor> = OnceLock::new();
    E.get_or_init(|| Extractor::new(truce_pack::Pack::builtin("syria").expect("the Syria pack loads")))
}

fn events(title: &str, text: &str) -> Vec<EventRecord> {
    let doc = common::document(text, Some(title), "2019-08-02");
    extractor()
        .extract(&doc, None)
        .into_iter()
        .filter_map(|r| if let Record::Event(e) = r { Some(e) } else { None })
        .collect()
}

#[test]
fn the_main_event_is_the_one_the_report_is_about() {
    let mut failures = Vec::new();
    for case in CASES {
        let evs = events(case.title, case.text);
        let mains: Vec<&EventRecord> = evs.iter().filter(|e| e.main).collect();
        let got = mains.first().map(|e| (e.sub_event_type, e.fatalities, e.admin1.as_deref().unwrap_or("")));
        if mains.len() != 1 || got != Some(case.main) {
            failures.push(format!(
                "{}: want {:?}, got {} main events {:?}; all: {:?}",
                case.why,
                case.main,
                mains.len(),
                got,
                evs.iter()
                    .map(|e| (e.sub_event_type, e.fatalities, e.admin1.clone(), e.salience.clone()))
                    .collect::<Vec<_>>()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn salience_gives_its_reasons_and_only_occurred_events_have_one() {
    let evs = events(
        "Air strikes kill 23 in Aleppo",
        "Government air strikes killed 23 people in Aleppo on Wednesday, a monitor said. The air strikes \
         in Aleppo were the heaviest in weeks. Air strikes on Idlib have halted since Monday.",
    );
    let main = evs.iter().find(|e| e.main).expect("a main event");
    let salience = main.salience.as_ref().expect("the main event has a salience");
    for reason in [Reason::OwnToll, Reason::TollInTitle, Reason::ToldFirst] {
        assert!(salience.reasons.contains(&reason), "{reason:?} missing from {salience:?}");
    }
    assert_eq!(salience.score, salience.reasons.iter().map(|r| r.weight()).sum::<u32>());
    for e in evs.iter().filter(|e| e.status != "occurred" || e.background) {
        assert!(!e.main && e.salience.is_none(), "{e:?}");
    }
}

#[test]
fn a_background_event_keeps_its_own_fields_and_toll() {
    let evs = events(
        "Shelling hits Hama village",
        "Government shelling hit the village of Kafr Zita on Thursday, residents said. On May 3, air strikes \
         killed 40 people in Khan Sheikhoun.",
    );
    let recalled = evs.iter().find(|e| e.background).expect("the strikes of May 3 are kept as background");
    assert_eq!((recalled.sub_event_type, recalled.fatalities), ("Air/drone strike", Some(40)));
    assert!(!recalled.main && recalled.salience.is_none());
    let main = evs.iter().find(|e| e.main).expect("a main event");
    assert_eq!(main.fatalities, None, "the recalled toll stays with its own event");
}
