//! Extraction on short texts written for these tests: what must be an event, what must not, who did
//! it, where and when; agreements and their links; quotes and speakers; figures; provenance.

mod common;

use std::sync::OnceLock;

use truce_extract::Extractor;
use truce_extract::records::{AgreementRecord, EventRecord, FigureRecord, Provenance, QuoteRecord, Record};
use truce_ingest::Document;

fn extractor() -> &'static Extractor {
    static E: OnceLock<Extractor> = OnceLock::new();
    E.get_or_init(|| Extractor::new(truce_pack::Pack::builtin("syria").expect("the Syria pack loads")))
}

fn doc(id: &str, published: &str, text: &str) -> Document {
    Document { id: id.into(), ..common::document(text, None, published) }
}

fn extract(published: &str, text: &str) -> Vec<Record> {
    extractor().extract(&doc("t", published, text), None)
}

fn events(published: &str, text: &str) -> Vec<EventRecord> {
    extract(published, text).into_iter().filter_map(|r| if let Record::Event(e) = r { Some(e) } else { None }).collect()
}

fn agreements(published: &str, text: &str) -> Vec<AgreementRecord> {
    extract(published, text)
        .into_iter()
        .filter_map(|r| if let Record::Agreement(a) = r { Some(a) } else { None })
        .collect()
}

fn quotes(text: &str) -> Vec<QuoteRecord> {
    extract("2019-08-02", text)
        .into_iter()
        .filter_map(|r| if let Record::Quote(q) = r { Some(q) } else { None })
        .collect()
}

fn figures(text: &str) -> Vec<FigureRecord> {
    extract("2019-08-02", text)
        .into_iter()
        .filter_map(|r| if let Record::Figure(f) = r { Some(f) } else { None })
        .collect()
}

// Friday 2 August 2019.
const FRIDAY: &str = "2019-08-02";

#[test]
fn an_air_strike_with_actor_place_date_and_toll() {
    let e =
        events(FRIDAY, "Russian warplanes killed at least 12 civilians in Maarat al-Numan on Tuesday, a monitor said.");
    assert_eq!(e.len(), 1, "{e:#?}");
    let e = &e[0];
    assert_eq!(
        (e.event_type, e.sub_event_type, e.status),
        ("Explosions/Remote violence", "Air/drone strike", "occurred")
    );
    assert_eq!(e.actor1.as_deref(), Some("Russia"));
    assert_eq!(e.fatalities, Some(12));
    assert_eq!(e.admin1.as_deref(), Some("Idlib"));
    assert_eq!(e.geo_precision, Some(1));
    assert_eq!(e.event_date.as_deref(), Some("2019-07-30"));
}

#[test]
fn passive_voice_names_the_agent_after_by_and_victims_are_not_agents() {
    let e = events(FRIDAY, "Ten rebels were killed by government shelling near Khan Sheikhoun on Thursday.");
    let e = &e[0];
    assert_eq!(e.sub_event_type, "Shelling/artillery/missile attack");
    assert_eq!(e.actor1.as_deref(), Some("Government of Syria"));
    assert_eq!(e.fatalities, Some(10));
    assert_eq!(e.geo_precision, Some(2), "near a town");
    let e = events(FRIDAY, "Overnight, at least 20 rebels died as they clashed with regime troops in rural Hama.");
    assert_eq!(e[0].actor1.as_deref(), Some("Government of Syria"));
    assert_eq!(e[0].admin1.as_deref(), Some("Hama"));
    assert_eq!(e[0].geo_precision, Some(3));
}

#[test]
fn reports_of_something_stopping_are_ceased_events() {
    for text in [
        "Government air strikes on the province halted on Friday.",
        "There have been no warplanes in the air over Idlib since midnight.",
        "Idlib saw a cautious calm as warplanes stopped flying.",
    ] {
        let e = events(FRIDAY, text);
        assert_eq!(e.len(), 1, "{text}: {e:#?}");
        assert_eq!((e[0].status, e[0].sub_event_type), ("ceased", "Air/drone strike"), "{text}");
    }
}

#[test]
fn hypotheticals_obligations_conditions_denials_and_plans_are_no_events() {
    for text in [
        "The rebels would have to retreat from the front lines in Idlib.",
        "If the regime commits to the truce, we will stop shelling.",
        "Government forces threatened to launch an offensive on Idlib.",
        "The army denied that its jets had bombed the market in Ariha.",
        "Fighters must withdraw their heavy weapons by Monday.",
        "Russia plans to resume air strikes next week.",
    ] {
        let e = events(FRIDAY, text);
        assert!(e.iter().all(|e| e.status != "occurred"), "{text}: {e:#?}");
    }
}

#[test]
fn vague_tolls_follow_acled() {
    assert_eq!(
        events(FRIDAY, "In Azaz a car bomb went off on Friday; dozens of people were killed.")[0].fatalities,
        Some(12)
    );
    assert_eq!(events(FRIDAY, "Air raids on Douma killed hundreds on Thursday.")[0].fatalities, Some(100));
    // A toll of the whole war is a figure, not an event.
    assert!(events(FRIDAY, "Over eight years the conflict has killed more than 350,000 people in all.").is_empty());
}

#[test]
fn a_village_the_gazetteer_lacks_falls_back_to_its_area() {
    let e = events(
        FRIDAY,
        "Shelling killed two farmers in the village of Umm Zakariya in the southern Idlib countryside on Thursday.",
    );
    assert_eq!(e[0].admin1.as_deref(), Some("Idlib"));
    assert_eq!(e[0].geo_precision, Some(3));
}

#[test]
fn every_field_is_traceable_to_the_text() {
    let text = "Government air raids stopped on Friday but ground fire killed one man near Qardaha, a monitor said.";
    for record in extract(FRIDAY, text) {
        let (evidence, fields) = match &record {
            Record::Event(e) => (&e.evidence, &e.fields),
            Record::Agreement(a) => (&a.evidence, &a.fields),
            Record::Quote(q) => (&q.evidence, &q.fields),
            Record::Figure(f) => (&f.evidence, &f.fields),
            _ => continue,
        };
        for ev in evidence {
            assert_eq!(&text[ev.start..ev.end], ev.sentence);
        }
        for (name, provenance) in fields {
            if let Provenance::Span { span } = provenance {
                assert!(span[0] < span[1] && span[1] <= text.len(), "{name}: {span:?}");
            }
        }
    }
    let e = events(FRIDAY, text);
    assert_eq!(e.len(), 2, "a halt and a killing in one sentence are two events: {e:#?}");
    let killing = e.iter().find(|e| e.status == "occurred").unwrap();
    assert_eq!((killing.fatalities, killing.admin1.as_deref()), (Some(1), Some("Latakia")));
    let Provenance::Span { span } = &killing.fields["fatalities"] else { panic!("fatalities from the text") };
    assert_eq!(&text[span[0]..span[1]], "one");
}

#[test]
fn agreements_link_to_the_registry_by_alias_date_and_venue() {
    let a = agreements(
        "2019-08-06",
        "Both sides said the Sochi agreement of last year still bound them. The memorandum set a zone 15-20 km deep.",
    );
    assert_eq!(a.len(), 1, "{a:#?}");
    assert_eq!(a[0].agreement_id, "sochi-2018-09");
    let a = agreements("2016-09-10", "Each side has repeatedly broken the February truce, diplomats say.");
    assert_eq!((a[0].agreement_id.as_str(), a[0].status), ("coh-2016-02", "violated"));
    let a = agreements("2019-08-06", "The ceasefire in Idlib fell apart on Monday as government jets resumed strikes.");
    assert_eq!((a[0].agreement_id.as_str(), a[0].status), ("idlib-2019-08", "collapsed"));
}

#[test]
fn an_unknown_agreement_gets_a_stable_minted_id() {
    let text = "Negotiators are trying to reach a ceasefire in Idlib, a commander said.";
    let first = agreements("2021-06-10", text);
    let second = agreements("2021-06-12", "Talks on a ceasefire in Idlib continued, officials said.");
    assert_eq!(first.len(), 1);
    assert!(!first[0].registry);
    assert_eq!(first[0].status, "proposed");
    assert_eq!(first[0].agreement_id, second[0].agreement_id, "one week, one place, one kind: one id");
    assert_eq!(first[0].agreement_id, "syria-idlib-2021-w23-ceasefire");
}

#[test]
fn conditions_and_the_clock_of_a_ceasefire() {
    let a = agreements(
        "2016-09-10",
        "Under the US-Russia deal, fighting across the country stops, effective from sundown on Monday. \
         Joint strikes will begin only if the truce holds for seven days.",
    );
    let a = a.iter().find(|a| a.agreement_id == "us-russia-2016-09").expect("linked");
    assert_eq!(a.effective_from.as_deref(), Some("2016-09-12T19:00+03:00"));
    assert!(!a.conditions.is_empty());
}

#[test]
fn quotes_have_speakers_across_sentences_and_paragraphs() {
    let text = "“We will respect the truce,” said Ahmad Toma, the head of the delegation.\n\n\
                “But only if the regime does the same.”\n\n\
                Lavrentiev told reporters: “Everything depends on the opposition.”\n\n\
                “This is a test,” he said.";
    let q = quotes(text);
    let speakers: Vec<Option<&str>> = q.iter().map(|q| q.speaker.as_deref()).collect();
    assert_eq!(
        speakers,
        vec![Some("Ahmad Toma"), Some("Ahmad Toma"), Some("Alexander Lavrentiev"), Some("Alexander Lavrentiev")]
    );
    assert_eq!(q[0].speaker_id.as_deref(), Some("ahmad-toma"));
}

/// "He" is whoever was named last before the pronoun's sentence, a speaker the pack does not know
/// included; a body opening a sentence of reported speech is its speaker, not the person it names.
#[test]
fn pronouns_and_reported_speech_find_the_right_speaker() {
    let q = quotes(
        "Lavrov spoke to reporters on Monday.\n\n\
         “We need calm,” said Mahmoud Saleh, a member of the local council.\n\n\
         “The shelling goes on,” he said.",
    );
    let speakers: Vec<Option<&str>> = q.iter().map(|q| q.speaker.as_deref()).collect();
    assert_eq!(speakers, vec![Some("Mahmoud Saleh"), Some("Mahmoud Saleh")]);
    let q = quotes("“The truce holds,” said Ahmad Toma.\n\nHe added that Lavrentiev was “working hard for calm”.");
    let speakers: Vec<Option<&str>> = q.iter().map(|q| q.speaker.as_deref()).collect();
    assert_eq!(speakers, vec![Some("Ahmad Toma"), Some("Ahmad Toma")]);
    let q = quotes("Russia has backed Ahmad Toma, saying it would give “every help to the ceasefire talks”.");
    assert_eq!(q[0].speaker.as_deref(), Some("Russia"), "{q:?}");
}

/// A truce no report names parties for is between "both sides" only where its words say so: then the
/// two sides the report's fighting sets against each other, marked as inferred.
#[test]
fn both_sides_of_a_truce_are_the_sides_of_the_fighting() {
    let fighting = "Government forces and rebels clashed in Daraa on Thursday, killing five fighters. Rebels \
                    shelled army posts near Busra on Thursday, killing two soldiers.";
    let a = agreements(
        "2021-03-12",
        &format!("{fighting} A truce took hold in Daraa on Friday, but violations by both sides were reported."),
    );
    assert_eq!(a.len(), 1, "{a:#?}");
    assert_eq!(a[0].parties, ["Government of Syria", "Syrian opposition"]);
    assert!(matches!(&a[0].fields["parties"], Provenance::Inferred { inferred } if inferred.contains("both sides")));
    let a = agreements("2021-03-12", &format!("{fighting} A truce took hold in Daraa on Friday."));
    assert!(a[0].parties.is_empty(), "no words say who: {:?}", a[0].parties);
}

/// A speaker the pack does not know is named after the words that say what they are ("activist X"),
/// and the outlet they told is not the speaker; a place after "of" is no speaker.
#[test]
fn a_described_speaker_is_named_and_the_outlet_told_is_not() {
    let q = quotes("“Shells fell all night on the old market,” activist Karim Haddad told AFP from Douma.");
    assert_eq!(q[0].speaker.as_deref(), Some("Karim Haddad"), "{q:?}");
    let q = quotes("“Aircraft struck a bakery on the outskirts” of Deir Sharqi, the monitor said.");
    assert_ne!(q[0].speaker.as_deref(), Some("Deir Sharqi"), "{q:?}");
}

/// A condition binds a commitment: "if the truce holds, it will be an achievement" judges the truce and
/// "if X had not been included" looks back; neither is a condition. A plain deal its clause says is about
/// something else (a nuclear programme) is no agreement of the report.
#[test]
fn predictions_and_counterfactuals_are_no_conditions() {
    let conditions = |text: &str| -> Vec<String> {
        agreements("2021-03-12", text).iter().flat_map(|a| a.conditions.iter().map(|c| c.requires.clone())).collect()
    };
    assert!(conditions("A truce took hold in Daraa. If the truce holds, it will be a rare success.").is_empty());
    assert!(
        conditions("A truce took hold in Daraa. If the clause had not been included, the rebels would not have signed the truce.")
            .is_empty()
    );
    assert_eq!(
        conditions("A truce took hold in Daraa. The rebels will respect the truce if the army stops shelling."),
        ["the army stops shelling"]
    );
    let a = agreements(
        "2021-03-12",
        "A truce took hold in Daraa on Friday. Washington is seeking an accord with Iran to curb its nuclear programme.",
    );
    assert_eq!(a.len(), 1, "{a:#?}");
    // A deal of an earlier year no mention calls a truce is history recalled, not an agreement monitored.
    let a = agreements(
        "2021-03-12",
        "A truce took hold in Daraa on Friday. The border town was handed back under the 1974 peace agreement.",
    );
    assert_eq!(a.len(), 1, "{a:#?}");
}

/// A relative clause on a mention says where the truce stands, whatever the mood of the clause around
/// it: talks "set to resume" on a truce "which took hold" last week leave it in effect.
#[test]
fn a_relative_clause_tells_the_status_of_its_truce() {
    let a = agreements(
        "2021-03-12",
        "Envoys are set to meet on Monday to settle the details of the truce in Daraa, which took hold on Wednesday.",
    );
    assert_eq!(a.len(), 1, "{a:#?}");
    assert_eq!(a[0].status, "in_effect");
}

/// "X and Y said a truce could be agreed on Friday": a truce expected (proposed), between its speakers;
/// "ceasefire monitors" says nothing of where the truce stands.
#[test]
fn a_truce_that_could_be_agreed_is_proposed_between_its_speakers() {
    let a = agreements(
        "2021-03-12",
        "Shelling hit Daraa on Thursday. Russian officials and rebel commanders said a truce could be agreed in \
         Daraa on Friday. A plan would bring ceasefire monitors to the city.",
    );
    assert_eq!(a.len(), 1, "{a:#?}");
    assert_eq!(a[0].status, "proposed");
    assert_eq!(a[0].parties, ["Russia", "Syrian opposition"]);
}

/// A length the text states, from the truce's start, that ran out before the report: the truce is over
/// (inferred, with why); one still within its length stands as told.
#[test]
fn a_stated_length_that_ran_out_before_the_report_ends_the_truce() {
    let a = agreements("2021-03-12", "A 48-hour truce in Daraa began on March 2. Shelling resumed on Thursday.");
    assert_eq!(a[0].status, "ended", "{a:#?}");
    assert!(matches!(&a[0].fields["status"], Provenance::Inferred { inferred } if inferred.contains("ran out")));
    let a = agreements("2021-03-12", "A 48-hour truce in Daraa began on March 11. Shelling stopped on Thursday.");
    assert_eq!(a[0].status, "in_effect", "{a:#?}");
}

/// Who sets a condition is the speaker its sentence names, as written when no pack knows them.
#[test]
fn a_condition_is_stated_by_the_speaker_its_sentence_names() {
    let a = agreements(
        FRIDAY,
        "A ceasefire took hold in Idlib on Thursday. Prime Minister Fadel Omar warned of new strikes if the \
         ceasefire fails to bring calm.",
    );
    let conditions: Vec<_> = a.iter().flat_map(|a| &a.conditions).collect();
    assert!(conditions.iter().any(|c| c.party.as_deref() == Some("Prime Minister Fadel Omar")), "{conditions:?}");
}

#[test]
fn figures_with_qualifiers() {
    let f = figures("The offensive displaced more than 400,000 people, and nearly 2,000 combatants were killed.");
    let got: Vec<(&str, u64, &str)> = f.iter().map(|f| (f.measure, f.value, f.qualifier)).collect();
    assert_eq!(got, vec![("displaced", 400_000, "more_than"), ("killed", 2000, "nearly")]);
}

#[test]
fn countries_named_as_places_are_not_agents() {
    // A monitor's base, a border, a destination: none of them acted.
    let e = events(FRIDAY, "Shelling killed four people in Azaz near the border with Turkey on Thursday.");
    assert_eq!(e.len(), 1);
    assert_eq!(e[0].actor1, None, "{:?}", e[0]);
    let e = events(FRIDAY, "The Britain-based monitor said rockets killed two people in Idlib on Thursday.");
    assert_eq!(e.len(), 1);
    assert_eq!(e[0].actor1, None, "{:?}", e[0]);
    // A dateline in capitals is where the story was filed, not who struck.
    let e = events(FRIDAY, "Photo by an agency. BEIRUT Air strikes killed five people in Idlib on Thursday.");
    assert_eq!(e.len(), 1);
    assert_eq!(e[0].actor1, None, "{:?}", e[0]);
}

#[test]
fn a_name_before_an_active_killed_is_the_agent() {
    let e = events(FRIDAY, "The Syrian army killed a rebel commander in clashes in Latakia province on Thursday.");
    assert_eq!(e.len(), 1);
    assert_eq!(e[0].actor1.as_deref(), Some("Government of Syria"), "{:?}", e[0]);
    // Passive "killed" after a name still makes it the victim.
    let e = events(FRIDAY, "Twelve soldiers killed in an ambush near Palmyra on Thursday.");
    assert_eq!(e.len(), 1);
    assert_ne!(e[0].actor1.as_deref(), Some("Government of Syria"), "{:?}", e[0]);
}

#[test]
fn lives_claimed_and_executions_are_tolls() {
    let e = events(FRIDAY, "A twin bomb attack in the city of Homs claimed the lives of 18 people on Thursday.");
    assert_eq!(e.len(), 1, "{e:?}");
    assert_eq!(e[0].fatalities, Some(18));
    assert_eq!(e[0].admin1.as_deref(), Some("Homs"));
    let e = events(FRIDAY, "Jihadists executed at least 30 villagers in Deir ez-Zor province on Thursday.");
    assert_eq!(e.len(), 1, "{e:?}");
    assert_eq!(e[0].fatalities, Some(30));
    assert_eq!(e[0].sub_event_type, "Attack");
}

#[test]
fn group_nouns_brokers_and_attributed_attackers() {
    // The army's units are the army; the victims after "killed 15" are not.
    let e =
        events(FRIDAY, "Units of the army killed 15 ISIS terrorists and injured others near Deir ez-Zor on Thursday.");
    assert_eq!(e.len(), 1, "{e:?}");
    assert_eq!(e[0].actor1.as_deref(), Some("Government of Syria"), "{:?}", e[0]);
    // A broker of a truce did not strike.
    let e =
        events(FRIDAY, "Jets pounded Aleppo on Thursday, days after a truce brokered by the United States collapsed.");
    assert_eq!(e.len(), 1, "{e:?}");
    assert_ne!(e[0].actor1.as_deref(), Some("United States"), "{:?}", e[0]);
    // "believed to be Russian": the attacker as the text names it.
    let e = events(FRIDAY, "On Thursday jets believed to be Russian left 20 dead in Idlib.");
    assert_eq!(e.len(), 1, "{e:?}");
    assert_eq!(e[0].actor1.as_deref(), Some("Russia"), "{:?}", e[0]);
}

#[test]
fn a_region_then_the_town_in_it_is_one_event_at_the_town() {
    let text = "A car bomb killed 20 people in a Kurdish town in northern Syria on Thursday. \
                The car bomb in Qamishli hit a police post, residents said. \
                The blast came as Kurdish forces pressed on with their offensive to take Manbij.";
    let e = events(FRIDAY, text);
    let bombs: Vec<_> = e.iter().filter(|e| e.sub_event_type == "Remote explosive/landmine/IED").collect();
    assert_eq!(bombs.len(), 1, "{e:#?}");
    assert_eq!(bombs[0].admin1.as_deref(), Some("Al-Hasakah"), "{:?}", bombs[0]);
    assert_eq!(bombs[0].fatalities, Some(20));
    assert!(bombs[0].location.as_deref().is_some_and(|l| l.contains("mishl")), "{:?}", bombs[0].location);
}

#[test]
fn an_event_told_in_passing_keeps_its_toll_and_place_to_itself() {
    let text = "Jihadists stormed an army base in Raqqa province on Thursday. \
                The assault comes less than two weeks after the group killed 200 guards at a gas field in Homs.";
    let e = events(FRIDAY, text);
    assert!(e.iter().all(|e| e.fatalities != Some(200)), "{e:#?}");
    assert!(e.iter().all(|e| e.admin1.as_deref() != Some("Homs")), "{e:#?}");
    // A halt stated as a condition is no halt.
    let e = events(FRIDAY, "The rebels said they would hold fire if the government halted its air strikes.");
    assert!(e.is_empty(), "{e:#?}");
}

#[test]
fn the_city_of_a_name_is_the_town_and_a_channel_is_no_place() {
    let e = events(
        FRIDAY,
        "Twin bombs in the central Syrian city of Homs have claimed the lives of 18 residents \
         including 10 children, the TV channel Al-Mayadin said on Thursday.",
    );
    assert_eq!(e.len(), 1, "{e:#?}");
    let e = &e[0];
    assert_eq!(e.fatalities, Some(18), "the total, not the part");
    assert_eq!(e.admin1.as_deref(), Some("Homs"));
    assert_eq!(e.geo_precision, Some(1), "the city, not the governorate: {e:?}");
    assert_eq!(e.actor1, None, "a nationality describing a city is nobody: {e:?}");
    assert_eq!(e.actor2, None, "{e:?}");
}

#[test]
fn tolls_read_where_the_verb_comes_late_or_the_commas_are_gone() {
    use truce_extract::events::fatalities;
    let toll = |clause: &str| fatalities(clause).map(|(n, _, _)| n);
    assert_eq!(toll("A bomber on a motorbike killed 30 people injured 90 at a market"), Some(30));
    assert_eq!(toll("At least 16 villagers including two nurses and a teacher were killed at dawn"), Some(16));
    assert_eq!(toll("The death toll from the blast that hit the convoy west of the city has risen to 112"), Some(112));
    // A headline's "Woman killed 30 injured": the 30 are the wounded.
    assert_eq!(toll("Woman killed 30 injured in rocket attacks on Aleppo"), None);
    // A distance is no toll.
    assert_eq!(toll("The blast left 20 kilometres of road closed"), None);
}

#[test]
fn speakers_and_places_of_a_report_are_not_its_actors() {
    let text = "Jets pounded Aleppo on Thursday, days after a truce brokered by the United States and Russia \
                collapsed. Opposition officials said incendiary bombs hit the city on Thursday, the monitor, \
                which works from Britain, said.";
    let e = events(FRIDAY, text);
    assert!(!e.is_empty(), "{e:#?}");
    for e in &e {
        for actor in [&e.actor1, &e.actor2].into_iter().flatten() {
            assert!(
                !["Syrian opposition", "United Kingdom", "United States", "Russia"].contains(&actor.as_str()),
                "{actor} named only as a speaker, broker or place: {e:?}"
            );
        }
    }
}

#[test]
fn clashes_claims_and_headline_tenses() {
    // Both sides of a clash fight: with no attacker named, the first side named is actor1.
    let e = events(FRIDAY, "Three SDF fighters were killed fighting the Islamic State near Raqqa on Thursday.");
    assert_eq!(e.len(), 1, "{e:#?}");
    assert_eq!(e[0].sub_event_type, "Armed clash");
    assert_eq!(e[0].actor1.as_deref(), Some("Syrian Democratic Forces"), "{:?}", e[0]);
    // A side claiming its own attack is its author, not merely a source.
    let e = events(FRIDAY, "ISIS said that it killed 50 rebels in a suicide bombing near Azaz on Thursday.");
    assert_eq!(e.len(), 1, "{e:#?}");
    assert_eq!(e[0].actor1.as_deref(), Some("ISIL"), "{:?}", e[0]);
    // Headlines speak in the present tense.
    let e = events(FRIDAY, "Islamic State seizes air base in Raqqa province.");
    assert_eq!(e.len(), 1, "{e:#?}");
    assert_eq!(e[0].sub_event_type, "Non-state actor overtakes territory");
}

#[test]
fn parties_are_the_sides_the_text_gives_each_agreement() {
    let a = agreements(
        FRIDAY,
        "The government agreed to a truce in Idlib on condition that the old Turkish-Russian buffer-zone deal \
         is honoured at last, its state agency said on Thursday.",
    );
    let truce = a.iter().find(|a| a.agreement_id == "idlib-2019-08").expect("the August truce");
    assert_eq!(truce.parties, vec!["Government of Syria".to_string()], "{truce:?}");
    let sochi = a.iter().find(|a| a.agreement_id == "sochi-2018-09").expect("the Sochi deal");
    let mut sides = sochi.parties.clone();
    sides.sort();
    assert_eq!(sides, vec!["Russia".to_string(), "Turkey".to_string()], "{sochi:?}");
    assert!(matches!(sochi.fields.get("parties"), Some(Provenance::Span { .. })), "{:?}", sochi.fields);
    // Where the text names no side, the registry's are given, marked inferred.
    let a = agreements(FRIDAY, "The Sochi agreement has not been implemented, residents said on Thursday.");
    let sochi = a.iter().find(|a| a.agreement_id == "sochi-2018-09").expect("the Sochi deal");
    assert!(!sochi.parties.is_empty());
    assert!(matches!(sochi.fields.get("parties"), Some(Provenance::Inferred { .. })), "{:?}", sochi.fields);
}

#[test]
fn terms_stated_before_any_agreement_is_named_belong_to_the_one_the_article_is_about() {
    let text = "Rebels and the government agree to a truce in Idlib\n\n\
                A truce in Idlib was agreed on Thursday. The fighters would have to pull back 20 kilometres \
                from areas set under the deal reached in Sochi last year. They are also required to withdraw \
                every one of their heavy weapons. Russia will get the Syrian air force to halt its strikes on rebel areas.";
    let a = agreements(FRIDAY, text);
    let main = &a[0];
    let kinds: Vec<&str> = main.provisions.iter().map(|p| p.kind).collect();
    for want in ["withdraw_forces", "withdraw_heavy_weapons", "halt_air_strikes"] {
        assert!(kinds.contains(&want), "{want} missing from {kinds:?} of {}", main.agreement_id);
    }
    // The width is kept with the withdrawal.
    let pull_back = main.provisions.iter().find(|p| p.kind == "withdraw_forces").unwrap();
    assert_eq!(pull_back.distance_km, Some(20.0));
}

#[test]
fn a_condition_ends_where_its_promise_or_source_begins_and_belongs_to_the_agreement_it_qualifies() {
    let a = agreements(
        FRIDAY,
        "The government agreed to a truce in Idlib on condition that the Sochi deal is implemented, the \
         state agency reported on Thursday. \"If the regime commits to the truce, we will commit to it,\" said \
         an opposition spokesman.",
    );
    let truce = a.iter().find(|a| a.agreement_id == "idlib-2019-08").expect("the August truce");
    let conditions: Vec<&str> = truce.conditions.iter().map(|c| c.requires.as_str()).collect();
    assert!(conditions.contains(&"the Sochi deal is implemented"), "{conditions:?}");
    assert!(conditions.contains(&"the regime commits to the truce"), "{conditions:?}");
    assert_eq!(truce.conditions[0].party.as_deref(), Some("Government of Syria"));
    let sochi = a.iter().find(|a| a.agreement_id == "sochi-2018-09").expect("the Sochi deal");
    assert!(sochi.conditions.is_empty(), "the truce's condition is not the deal's: {:?}", sochi.conditions);
}

/// A source's terms with the reporter ("who spoke on condition of anonymity") are no condition of
/// the truce, whoever the sentence names.
#[test]
fn a_sources_anonymity_is_no_condition_of_the_truce() {
    let a = agreements(
        FRIDAY,
        "The government agreed to a truce in Idlib on Thursday, two officials said, speaking on condition \
         of anonymity. A diplomat, on condition that he not be named, said talks would go on. The rebels \
         will respect the truce on condition that the shelling stops.",
    );
    let truce = a.iter().find(|a| a.agreement_id == "idlib-2019-08").expect("the August truce");
    let conditions: Vec<&str> = truce.conditions.iter().map(|c| c.requires.as_str()).collect();
    assert_eq!(conditions, ["the shelling stops"], "{conditions:?}");
}

#[test]
fn the_toll_the_verb_governs_and_what_happened_meanwhile() {
    use truce_extract::events::fatalities;
    let toll = |clause: &str| fatalities(clause).map(|(n, _, _)| n);
    // A number several words before "killed" yields to the one right after it...
    assert_eq!(toll("A bomb on buses carrying people evacuated from two besieged towns killed 43 people"), Some(43));
    // ... but a total whose part is named in between stands.
    assert_eq!(toll("At least 11 farmers including three boys were killed when barrels fell on the fields"), Some(11));
    let e = events(
        FRIDAY,
        "A car bomb killed 43 people near Aleppo on Thursday as Kurdish fighters advanced on Raqqa. \
         The blast hit buses moving families out under a deal struck between the government and rebels.",
    );
    let bomb = e.iter().find(|e| e.fatalities == Some(43)).expect("the bombing");
    assert_eq!(bomb.admin1.as_deref(), Some("Aleppo"), "{bomb:?}");
    assert_eq!(bomb.actor1, None, "the sides of a deal did not set off the bomb: {bomb:?}");
}

#[test]
fn strikes_aimed_at_a_place_and_one_person_killed() {
    let e = events("2019-08-06", "On Monday, government jets resumed strikes on Idlib, and the truce was over.");
    assert_eq!(e.len(), 1, "{e:#?}");
    assert_eq!(e[0].sub_event_type, "Air/drone strike");
    assert_eq!(e[0].event_date.as_deref(), Some("2019-08-05"));
    // A labour strike is aimed at nothing: no event.
    assert!(events(FRIDAY, "Bakers went on strike in Damascus on Thursday.").is_empty());
    // One person killed, with no number, counts one; nobody killed counts nothing.
    let e = events(
        FRIDAY,
        "The group's military commander, a veteran fighter, was killed in an air strike near Aleppo on Thursday.",
    );
    assert_eq!(e[0].fatalities, Some(1), "{e:#?}");
    let e = events(FRIDAY, "Shelling hit Idlib on Thursday but no one was killed.");
    assert!(e.iter().all(|e| e.fatalities.is_none()), "{e:#?}");
}

#[test]
fn a_scraped_tag_list_names_nobody_and_nowhere() {
    let text =
        "Tags Russia Hama Turkey Airstrikes in rebel areas of Idlib province killed at least 18 people on Thursday.";
    let e = events(FRIDAY, text);
    assert_eq!(e.len(), 1, "{e:#?}");
    assert_eq!(e[0].admin1.as_deref(), Some("Idlib"), "{:?}", e[0]);
    assert_eq!(e[0].fatalities, Some(18));
    assert_ne!(e[0].actor1.as_deref(), Some("Turkey"), "a tag right before the lead is no modifier: {:?}", e[0]);
}

/// Names no pack lists: typed by the words around them, kept with `resolved: null` and the reason, and
/// an armed group's name is an event's actor as the text gives it.
#[test]
fn names_no_pack_lists_are_mentions_and_act_as_given() {
    let text = "GAZA CITY (AP) - Hamas militants fired rockets at Sderot on Tuesday, killing two people, Israeli \
officials said. The Popular Resistance Committees also claimed attacks. Spokesman Fawzi Barhoum said the \
movement would fight on.";
    let records = extract("2012-11-20", text);
    let unlisted: Vec<(&str, &str)> = records
        .iter()
        .filter_map(|r| match r {
            Record::Mention(m) if m.unresolved.is_some() => Some((m.mention_type, m.text.as_str())),
            _ => None,
        })
        .collect();
    assert!(unlisted.contains(&("organisation", "Hamas")), "{unlisted:?}");
    assert!(unlisted.contains(&("organisation", "Popular Resistance Committees")), "{unlisted:?}");
    assert!(unlisted.contains(&("person", "Fawzi Barhoum")), "{unlisted:?}");
    let strike = events("2012-11-20", text).into_iter().find(|e| e.fatalities == Some(2)).expect("the rocket fire");
    assert_eq!(strike.actor1.as_deref(), Some("Hamas"), "{strike:?}");
    assert_eq!(strike.country.as_deref(), Some("IL"), "Sderot is in Israel: {strike:?}");
}

/// A page that reports no armed conflict yields no events and no agreements, whatever its words, and
/// its document record says why.
#[test]
fn a_page_about_something_else_reports_no_fighting() {
    let text = "Toast the walnuts for five minutes. Crack the shells of the almonds and set them aside. \
Our battle against winter starts with a warm soup. Stir the stock until it thickens, then add the nuts. \
Serve it with bread and a green salad.";
    let records = extract("2019-08-02", text);
    let Some(Record::Document(d)) = records.first() else { panic!("no document record") };
    assert!(!d.relevant, "{}", d.relevance);
    assert!(d.relevance.contains("below"), "{}", d.relevance);
    assert!(!records.iter().any(|r| matches!(r, Record::Event(_) | Record::Agreement(_))));
    // The same words in a report of fighting are read.
    let report = "Shelling killed three civilians in Idlib on Friday. Rebels shelled government positions.";
    let Some(Record::Document(d)) = extract("2019-08-02", report).into_iter().next() else { panic!() };
    assert!(d.relevant, "{}", d.relevance);
}

/// A war's toll to date is a figure of the conflict, marked with its cue, and no event's fatalities;
/// the day's toll in the same sentence stays the event's.
#[test]
fn running_totals_are_figures_of_the_conflict_not_event_tolls() {
    let text = "HAMA, Syria (Test Wire) - A government air strike killed four people in Hama on Tuesday, \
                which brings the total number of deaths in the province to 240. The pause is the first in \
                a war that has killed almost 3,200 villagers. The six days of heavy shelling killed 75 people.";
    let tolls: Vec<Option<u64>> = events("2019-08-02", text).iter().map(|e| e.fatalities).collect();
    assert!(tolls.contains(&Some(4)), "{tolls:?}");
    for total in [240, 3200, 75] {
        assert!(!tolls.contains(&Some(total)), "{total} is no event's toll: {tolls:?}");
    }
    let marked: Vec<(u64, Option<&str>)> = figures(text).iter().map(|f| (f.value, f.running_total)).collect();
    for (value, cue) in
        [(4, None), (240, Some("to date")), (3200, Some("war as subject")), (75, Some("a stretch of days"))]
    {
        assert!(marked.contains(&(value, cue)), "{value}: {marked:?}");
    }
}

/// Distinct agreements of one kind in one report are distinct records, told apart by the words that
/// name them: a stated length, an extension, a lasting truce still sought, an earlier year's truce.
/// Each case: the report, then the records as (id suffix after the week, status).
const DISTINCT_AGREEMENTS: &[(&str, &[(&str, &str)])] = &[
    (
        "A temporary ceasefire took hold in Daraa on Monday. The 72-hour truce was holding on Tuesday, \
         ahead of talks on a lasting truce.",
        &[("ceasefire", "in_effect"), ("ceasefire-long-term", "proposed")],
    ),
    (
        "A three-day truce took effect in Daraa on Monday. On Thursday the sides agreed a five-day \
         extension of the truce.",
        &[("ceasefire", "in_effect"), ("ceasefire-extension", "in_effect")],
    ),
    (
        "A ceasefire in Daraa was holding on Tuesday. Residents recalled that the 2018 ceasefire broke down \
         within days.",
        &[("ceasefire", "in_effect"), ("ceasefire", "collapsed")],
    ),
    (
        "The ceasefire in Daraa held overnight, and the truce was holding on Tuesday morning.",
        &[("ceasefire", "in_effect")],
    ),
];

#[test]
fn distinct_agreements_of_one_kind_are_distinct_records() {
    for (text, expected) in DISTINCT_AGREEMENTS {
        let a = agreements("2021-06-15", text);
        let ids: Vec<&str> = a.iter().map(|r| r.agreement_id.as_str()).collect();
        assert_eq!(a.len(), expected.len(), "{text}: {ids:?}");
        for (r, (suffix, status)) in a.iter().zip(expected.iter()) {
            assert!(r.agreement_id.ends_with(&format!("-{suffix}")), "{text}: {ids:?} is not …-{suffix}");
            assert_eq!(r.status, *status, "{text}: {ids:?}");
        }
    }
    // An earlier year's truce keeps its year, and no announcement day: the report's is not its.
    let a = agreements("2021-06-15", DISTINCT_AGREEMENTS[2].0);
    assert!(a[1].agreement_id.contains("-2018-"), "{a:#?}");
    assert_eq!(a[1].announced, None);
}

/// A registry alias that only describes ("a three-day truce") names the registry's truce in its own
/// days, and another truce two years later.
#[test]
fn a_descriptive_alias_names_the_registry_truce_only_in_its_days() {
    let text = "A three-day truce took hold in northern Hama on Sunday, monitors said.";
    assert_eq!(agreements("2019-05-19", text)[0].agreement_id, "idlib-2019-05-72h");
    let later = agreements("2021-06-15", text);
    assert!(!later[0].registry, "{later:#?}");
    assert!(later[0].agreement_id.ends_with("-ceasefire"), "{later:#?}");
}

#[test]
fn the_month_may_is_not_the_modal_and_a_name_is_not_a_trigger() {
    let e = events(
        FRIDAY,
        "On July 30, air strikes killed 12 people in Khan Sheikhoun. On May 3, air strikes killed 40 people in Saraqib.",
    );
    assert_eq!(e.iter().filter(|e| e.sub_event_type == "Air/drone strike").count(), 2, "{e:#?}");
    let e = events(FRIDAY, "Officials said the regime may bomb Saraqib again.");
    assert!(e.is_empty(), "{e:#?}");
    let e = events(FRIDAY, "Officials said warplanes may bomb Saraqib again.");
    assert!(e.is_empty(), "{e:#?}");
    let e = events(
        FRIDAY,
        "On Thursday, the head of the National Front for Liberation said that talks on a ceasefire in Idlib went on.",
    );
    assert!(
        e.iter()
            .all(|e| e.event_type != "Strategic developments"
                && e.sub_event_type != "Non-state actor overtakes territory"),
        "{e:#?}"
    );
}

#[test]
fn two_weekdays_date_an_event_over_both_days() {
    let e = events(FRIDAY, "Air strikes killed 20 people in Saraqib on Thursday and Friday, a monitor said.");
    assert_eq!(e.len(), 1, "{e:#?}");
    assert_eq!((e[0].event_date.as_deref(), e[0].event_date_end.as_deref()), (Some("2019-08-01"), Some("2019-08-02")));
    assert_eq!(e[0].fatalities, Some(20), "a two-day toll is still the event's");
}

#[test]
fn a_start_day_without_a_clock_is_the_effective_day() {
    // (publication date, text, effective_from, effective_day).
    const CASES: &[(&str, &str, Option<&str>, Option<&str>)] = &[
        (
            "2014-08-06",
            "A truce between Israel and Hamas was holding for a second day Wednesday.",
            None,
            Some("2014-08-05"),
        ),
        (
            "2014-08-07",
            "The ceasefire between Israel and Hamas held for a third straight day on Thursday.",
            None,
            Some("2014-08-05"),
        ),
        (
            "2014-08-06",
            "A truce between Israel and Hamas took effect on Tuesday, officials said.",
            None,
            Some("2014-08-05"),
        ),
        (
            "2014-08-06",
            "A truce between Israel and Hamas took effect at 8 a.m. (0500 GMT) on Tuesday, officials said.",
            Some("2014-08-05T08:00+03:00"),
            None,
        ),
        ("2014-08-06", "Israel and Hamas agreed to a truce, officials said.", None, None),
        // A start announced for the night is the first minutes of the next day.
        (
            "2015-02-14",
            "A ceasefire between Ukraine and the separatists will take effect at 00.01 tonight, officials said.",
            Some("2015-02-15T00:01+02:00"),
            None,
        ),
        (
            "2014-08-25",
            "A ceasefire between Israel and Hamas will begin at midnight Cairo time (2101 GMT), officials said.",
            Some("2014-08-26T00:01+03:00"),
            None,
        ),
    ];
    for (published, text, from, day) in CASES {
        let a = agreements(published, text);
        assert_eq!(a.len(), 1, "{text}: {a:#?}");
        assert_eq!((a[0].effective_from.as_deref(), a[0].effective_day.as_deref()), (*from, *day), "{text}");
    }
}
