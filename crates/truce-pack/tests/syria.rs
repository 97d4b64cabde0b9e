//! The Syria pack: it loads, resolves names by date, matches transliterations, answers zone questions,
//! converts agreement clocks to UTC, and knows everyone and everywhere the seed articles name.

use std::path::PathBuf;
use std::sync::OnceLock;

use jiff::civil::{Date, date};
use truce_pack::{Entity, Inside, Pack, PlaceKind, Via};

fn syria() -> &'static Pack {
    static PACK: OnceLock<Pack> = OnceLock::new();
    PACK.get_or_init(|| match Pack::builtin("syria") {
        Ok(p) => p,
        Err(e) => panic!("{}", e.problems.iter().map(|p| p.to_string()).collect::<Vec<_>>().join("\n")),
    })
}

fn shared() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared")
}

#[test]
fn the_syria_pack_is_big_enough() {
    let pack = syria();
    assert!(pack.actors.len() >= 80, "{} actors", pack.actors.len());
    assert!(pack.people.len() >= 50, "{} people", pack.people.len());
    assert!(pack.agreements.len() >= 7);
    assert!(pack.places.iter().filter(|p| p.kind == PlaceKind::Town).count() > 800);
    let repo_pack = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../packs/syria");
    assert_eq!(Pack::check_dir(repo_pack), vec![]);
}

fn actor_id(name: &str, on: Date) -> (String, Via) {
    let r = syria().resolve_actor(name, Some(on)).unwrap_or_else(|| panic!("{name} does not resolve"));
    (r.actor.id.clone(), r.via)
}

#[test]
fn names_resolve_by_date_along_lineages() {
    let hts = "hayat-tahrir-al-sham".to_owned();
    assert_eq!(actor_id("Nusra", date(2019, 8, 2)), (hts.clone(), Via::Lineage));
    assert_eq!(actor_id("al-Nusra Front", date(2015, 4, 1)), ("jabhat-al-nusra".into(), Via::Name));
    assert_eq!(actor_id("Jabhat Fatah al-Sham", date(2016, 9, 10)), ("jabhat-fatah-al-sham".into(), Via::Name));
    assert_eq!(actor_id("Jabhat Fatah al-Sham", date(2018, 1, 1)), (hts.clone(), Via::Lineage));
    assert_eq!(actor_id("Hay’et Tahrir al-Sham", date(2019, 8, 2)), (hts.clone(), Via::Name));
    assert_eq!(actor_id("HTS", date(2019, 8, 2)).0, hts);
    assert_eq!(actor_id("jihadists", date(2019, 8, 1)), (hts, Via::Generic));
    assert_eq!(actor_id("HNC", date(2018, 6, 1)), ("syrian-negotiation-commission".into(), Via::Lineage));
    assert_eq!(actor_id("HNC", date(2016, 9, 10)).0, "high-negotiations-committee");
}

#[test]
fn generic_references_resolve_to_the_right_actor() {
    let on = date(2019, 8, 2);
    for (phrase, want) in [
        ("the regime", "syrian-government"),
        ("Assad forces", "syrian-government"),
        ("Damascus", "syrian-government"),
        ("the rebels", "syrian-opposition"),
        ("the factions", "syrian-opposition"),
        ("Moscow", "russia"),
        ("Ankara", "turkey"),
        ("the Observatory", "syrian-observatory-for-human-rights"),
        ("White Helmets", "syrian-civil-defence"),
        ("US-led coalition", "international-coalition"),
        ("Daesh", "isil"),
        ("IS", "isil"),
        ("YPG", "ypg"),
    ] {
        assert_eq!(actor_id(phrase, on).0, want, "{phrase}");
    }
    // Acronyms match case-sensitively: "is" is a word, "IS" a group.
    assert!(syria().resolve_actor("is", Some(on)).is_none());
}

#[test]
fn people_resolve_by_name_spelling_and_role() {
    let pack = syria();
    let on = Some(date(2019, 8, 2));
    for name in ["Lavrentiev", "Alexander Lavrentyev", "the Russian envoy", "Moscow's Syria envoy"] {
        let r = pack.resolve_person(name, on).unwrap_or_else(|| panic!("{name}"));
        assert_eq!(r.person.id, "alexander-lavrentiev", "{name}");
        assert_eq!(r.role.unwrap().actor.as_deref(), Some("russia"));
    }
    assert_eq!(pack.resolve_person("Asimi", on).unwrap().person.id, "ayman-al-asemi");
    assert_eq!(pack.resolve_person("Ahmad Tohme", on).unwrap().person.id, "ahmad-toma");
    let kerry = pack.resolve_person("US Secretary of State", Some(date(2016, 9, 10))).unwrap();
    assert_eq!((kerry.person.id.as_str(), kerry.by_role), ("john-kerry", true));
    assert_eq!(pack.resolve_person("US Secretary of State", Some(date(2018, 6, 1))).unwrap().person.id, "mike-pompeo");
    assert_eq!(
        pack.resolve_person("UN special envoy for Syria", Some(date(2016, 9, 10))).unwrap().person.id,
        "staffan-de-mistura"
    );
    assert_eq!(
        pack.resolve_person("UN special envoy for Syria", Some(date(2019, 8, 2))).unwrap().person.id,
        "geir-pedersen"
    );
    assert_eq!(pack.resolve_person("Syria's envoy to the United Nations", on).unwrap().person.id, "bashar-jaafari");
}

fn best_place(name: &str) -> &'static truce_pack::Place {
    syria().places_named(name).first().map(|c| c.place).unwrap_or_else(|| panic!("no place named {name}"))
}

#[test]
fn place_names_survive_transliteration() {
    for (spelling, gazetteer_name) in [
        ("Qardaha", "Al Qardāḩah"),
        ("Qalaat al-Madiq", "Qal‘at al Maḑīq"),
        ("Maarat al-Numan", "Ma‘arrat an Nu‘mān"),
        ("Jisr al-Shughour", "Jisr ash Shughūr"),
        ("Khan Sheikhoun", "Khān Shaykhūn"),
        ("Saraqeb", "Sarāqib"),
    ] {
        let place = best_place(spelling);
        assert!(
            place.name == gazetteer_name || place.aliases.iter().any(|a| a == gazetteer_name),
            "{spelling} resolved to {} ({:?})",
            place.name,
            place.kind
        );
    }
    assert_eq!(best_place("Idleb").name, "Idlib");
    assert_eq!(best_place("Idleb").kind, PlaceKind::Governorate);
    assert_eq!(best_place("Deir ez-Zor").admin1.as_deref(), Some("Deir ez-Zor"));
    assert_eq!(best_place("Dayr az Zawr").admin1.as_deref(), Some("Deir ez-Zor"));
    assert_eq!(best_place("إدلب").name, "Idlib");
    assert_eq!(best_place("القرداحة").admin1.as_deref(), Some("Latakia"));
}

#[test]
fn areas_news_name_resolve_with_honest_precision() {
    for (name, admin1, precision) in [
        ("rural Hama", "Hama", 3),
        ("northern rural Hama", "Hama", 3),
        ("the southern Idlib countryside", "Idlib", 3),
        ("western rural Hama", "Hama", 3),
        ("al-Ghab Plain", "Hama", 2),
        ("eastern Ghouta", "Rif Dimashq", 2),
        ("northwestern Syria", "Idlib", 3),
        ("Idlib province", "Idlib", 3),
    ] {
        let place = best_place(name);
        assert_eq!((place.admin1.as_deref(), place.precision), (Some(admin1), precision), "{name}");
    }
    let north = best_place("northern rural Hama").point;
    let south = best_place("southern rural Hama").point;
    assert!(north[1] > south[1], "north of Hama lies north of its south");
    let m4 = best_place("M4 highway");
    assert_eq!(m4.kind, PlaceKind::Road);
    assert!(m4.line.as_ref().unwrap().len() > 5);
    let qardaha = best_place("Qardaha");
    assert_eq!(
        (qardaha.kind, qardaha.admin1.as_deref(), qardaha.admin2.as_deref()),
        (PlaceKind::Town, Some("Latakia"), Some("Al-Qardaha"))
    );
}

#[test]
fn zone_containment_for_towns_inside_and_outside() {
    let pack = syria();
    let point = |name: &str| best_place(name).point;
    for town in ["Idlib", "Maarat al-Numan", "Saraqib", "Khan Sheikhoun", "Jisr al-Shughur", "Ariha", "Kafr Nabudah"] {
        let p = if town == "Idlib" { pack.place("idlib-district").unwrap().point } else { point(town) };
        let t = pack.zone_test("idlib-de-escalation-area", p, 1).unwrap();
        assert_eq!(t.inside, Inside::Yes, "{town}: {t:?}");
    }
    for town in ["Hama", "Latakia", "Aleppo", "Damascus", "Qardaha", "Homs"] {
        let p = match town {
            "Hama" => pack.place("hama-district").unwrap().point,
            "Latakia" => pack.place("latakia-district").unwrap().point,
            "Aleppo" => pack.place("jebel-saman").unwrap().point,
            "Homs" => pack.place("homs-district").unwrap().point,
            "Damascus" => pack.place("damascus-district").unwrap().point,
            _ => point(town),
        };
        let t = pack.zone_test("idlib-de-escalation-area", p, 1).unwrap();
        assert_eq!(t.inside, Inside::No, "{town}: {t:?}");
    }
    // The Sochi band: Khan Sheikhoun lies a few km from the 2018 contact line, Idlib city far from it.
    let dmz = |p| pack.zone_test("sochi-demilitarised-zone", p, 1).unwrap();
    assert_ne!(dmz(point("Khan Sheikhoun")).inside, Inside::No);
    assert_eq!(dmz(pack.place("idlib-district").unwrap().point).inside, Inside::No);
    assert_eq!(dmz(pack.place("hama-district").unwrap().point).inside, Inside::No);
    // The M4 corridor: towns on the road are in it, Idlib city (13 km north) is not.
    let corridor = |p| pack.zone_test("m4-security-corridor", p, 1).unwrap();
    assert_eq!(corridor(point("Ariha")).inside, Inside::Yes);
    assert_eq!(corridor(point("Jisr al-Shughur")).inside, Inside::Yes);
    assert_eq!(corridor(pack.place("idlib-district").unwrap().point).inside, Inside::No);
    // A governorate-level point is uncertain near an edge.
    let rough = pack.zone_test("idlib-de-escalation-area", point("Khan Sheikhoun"), 3).unwrap();
    assert_eq!(rough.inside, Inside::Maybe);
}

#[test]
fn agreement_start_times_convert_to_utc_across_damascus_offsets() {
    let pack = syria();
    for (id, with_offset, utc) in [
        ("coh-2016-02", "2016-02-27T00:00+02:00", "2016-02-26T22:00:00Z"),
        ("us-russia-2016-09", "2016-09-12T19:00+03:00", "2016-09-12T16:00:00Z"),
        ("russia-turkey-2016-12", "2016-12-30T00:00+02:00", "2016-12-29T22:00:00Z"),
        ("astana-2017-05", "2017-05-06T00:00+03:00", "2017-05-05T21:00:00Z"),
        ("idlib-2019-08", "2019-08-01T21:00+03:00", "2019-08-01T18:00:00Z"),
        ("moscow-2020-03", "2020-03-06T00:01+02:00", "2020-03-05T22:01:00Z"),
    ] {
        let a = pack.agreement(id).unwrap();
        assert_eq!(a.start.as_deref(), Some(with_offset), "{id}");
        assert_eq!(a.start_utc.unwrap().to_string(), utc, "{id}");
    }
    let sochi = pack.agreement("sochi-2018-09").unwrap();
    let deadlines: Vec<String> = sochi.provisions.iter().filter_map(|p| p.deadline.map(|d| d.to_string())).collect();
    assert!(deadlines.contains(&"2018-10-10".to_owned()) && deadlines.contains(&"2018-10-15".to_owned()));
    let us = pack.agreement("us-russia-2016-09").unwrap();
    assert!(us.conditions.iter().any(|c| c.trigger.get("days").and_then(|d| d.as_integer()) == Some(7)));
    assert_eq!(pack.agreement("coh-2016-02").unwrap().excluded, vec!["isil", "jabhat-al-nusra"]);
}

/// Names the seed articles use (our list, read off the articles), and what each must resolve to.
const SEED_NAMES: &[(&str, &str)] = &[
    ("Hay’et Tahrir al-Sham", "actor:hayat-tahrir-al-sham"),
    ("Hayat Tahrir al-Sham", "actor:hayat-tahrir-al-sham"),
    ("Syrian Observatory for Human Rights", "actor:syrian-observatory-for-human-rights"),
    ("Syrian Civil Defence", "actor:syrian-civil-defence"),
    ("White Helmets", "actor:syrian-civil-defence"),
    ("Al Jazeera", "actor:al-jazeera"),
    ("SANA", "actor:sana"),
    ("Interfax", "actor:interfax"),
    ("Agence France-Presse", "actor:afp"),
    ("National Front for Liberation", "actor:national-front-for-liberation"),
    ("Free Syrian Army", "actor:free-syrian-army"),
    ("Harakat Ahrar al-Sham al-Islamiyya", "actor:ahrar-al-sham"),
    ("Enab Baladi", "actor:enab-baladi"),
    ("Sputnik", "actor:sputnik"),
    ("High Negotiations Committee", "actor:high-negotiations-committee"),
    ("Jabhat Fatah al-Sham", "actor:jabhat-fatah-al-sham"),
    ("Pentagon", "actor:united-states"),
    ("United Nations Security Council", "actor:united-nations"),
    ("TASS", "actor:tass"),
    ("Kommersant", "actor:kommersant"),
    ("Al-Monitor", "actor:al-monitor"),
    ("Jabhat al-Nusra", "actor:jabhat-al-nusra"),
    ("National Coalition for Syrian Revolutionary and Opposition Forces", "actor:syrian-national-coalition"),
    ("Ahmad Toma", "person:ahmad-toma"),
    ("Ayman al-Asemi", "person:ayman-al-asemi"),
    ("Ayman al-Asimi", "person:ayman-al-asemi"),
    ("Ahmad Sheikho", "person:ahmad-sheikho"),
    ("Alexander Lavrentiev", "person:alexander-lavrentiev"),
    ("Alexander Lavrentyev", "person:alexander-lavrentiev"),
    ("Andrew Simmons", "person:andrew-simmons"),
    ("Mahjoob Zweiri", "person:mahjoob-zweiri"),
    ("Bashar al-Assad", "person:bashar-al-assad"),
    ("Abu Subbhi Nahass", "person:abu-subhi-nahhas"),
    ("Jaber Ali Basha", "person:jaber-ali-basha"),
    ("Sergey Lavrov", "person:sergey-lavrov"),
    ("John Kerry", "person:john-kerry"),
    ("Bassma Kodmani", "person:bassma-kodmani"),
    ("Barack Obama", "person:barack-obama"),
    ("Staffan de Mistura", "person:staffan-de-mistura"),
    ("Ban Ki-moon", "person:ban-ki-moon"),
    ("Rami Abdel Rahman", "person:rami-abdel-rahman"),
    ("Bashar Jaafari", "person:bashar-jaafari"),
    ("Abdul Hakim Bashar", "person:abdul-hakim-bashar"),
    ("Khawla Mohammed Ali Matar", "person:khawla-matar"),
    ("Marianna Belenkaya", "person:marianna-belenkaya"),
    ("Qardaha", "place"),
    ("Nur-Sultan", "place:nur-sultan"),
    ("Sochi", "place:sochi"),
    ("al-Ghab Plain", "place:al-ghab-plain"),
    ("Kafr Nabudah", "place:kafr-nabudah"),
    ("Qalaat Al-Madiq", "place"),
    ("Al-Hwaiz", "place:al-huwayz"),
    ("rural Hama", "place:rural-hama"),
    ("M5 highway", "place:m5"),
    ("Latakia", "place"),
    ("Doha", "place:doha"),
    ("Geneva", "place:geneva"),
    ("Aleppo", "place"),
    ("Sochi agreement", "agreement:sochi-2018-09"),
    ("Turkish-Russian buffer-zone deal", "agreement:sochi-2018-09"),
    ("Sochi memorandum", "agreement:sochi-2018-09"),
];

#[test]
fn every_name_the_seeds_use_is_found_in_them_and_resolves() {
    let pack = syria();
    let dir = shared().join("corpus/seeds");
    let texts: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "txt"))
        .map(|e| std::fs::read_to_string(e.path()).unwrap())
        .collect();
    let id_of = |e: &truce_pack::NameEntry| match e.entity {
        Entity::Actor(i) => ("actor", pack.actors[i].id.as_str()),
        Entity::Person(i) => ("person", pack.people[i].id.as_str()),
        Entity::Place(i) => ("place", pack.places[i].id.as_str()),
        Entity::Zone(i) => ("zone", pack.zones[i].id.as_str()),
        Entity::Agreement(i) => ("agreement", pack.agreements[i].id.as_str()),
        Entity::World(_) | Entity::WorldAlias(_) => ("world place", ""),
        Entity::Demonym(_) => ("demonym", ""),
        Entity::Unlisted(_) => ("unlisted", ""),
    };
    let found: Vec<Vec<truce_pack::NameMatch>> = texts.iter().map(|t| pack.find_names(t)).collect();
    for (name, want) in SEED_NAMES {
        let mut seen_as = Vec::new();
        let mut ok = false;
        for (text, matches) in texts.iter().zip(&found) {
            for (at, _) in text.match_indices(name) {
                // The match that covers this occurrence (it may be a longer name around it).
                if let Some(m) = matches.iter().find(|m| m.start <= at && at + name.len() <= m.end) {
                    ok |= m.entries.iter().any(|e| {
                        let (kind, id) = id_of(e);
                        *want == kind || *want == format!("{kind}:{id}")
                    });
                    seen_as.extend(m.entries.iter().map(|e| format!("{:?}", id_of(e))));
                }
            }
        }
        assert!(ok, "{name}: found as {seen_as:?}, wanted {want}");
    }
}

/// Recall of governorate and district names (English and Arabic) of OCHA's admin table: a name is found
/// when a candidate place of the right governorate is among the first three.
#[test]
fn ocha_admin_names_are_found() {
    let pack = syria();
    let path = shared().join("corpus/gazetteer/ocha_cod_syr_adminpoints.csv");
    let text = std::fs::read_to_string(&path).unwrap();
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let col = |name: &str| header.iter().position(|h| *h == name).unwrap();
    let (level, en, ar, adm1) = (col("admin_leve"), col("name"), col("name1"), col("adm1_name"));
    let governorate_of = |name: &str| -> Option<String> {
        pack.places_named(name)
            .into_iter()
            .find(|c| c.place.kind == PlaceKind::Governorate)
            .map(|c| c.place.name.clone())
    };
    let (mut found, mut total, mut first) = (0, 0, 0);
    let mut missed = Vec::new();
    for line in lines {
        let f: Vec<&str> = line.split(',').collect();
        if f[level] != "1" && f[level] != "2" {
            continue;
        }
        let want = governorate_of(f[adm1]).unwrap_or_else(|| panic!("governorate {} unknown", f[adm1]));
        for name in [f[en], f[ar]] {
            total += 1;
            let candidates = pack.places_named(name);
            let ok = candidates.iter().take(3).any(|c| c.place.admin1.as_deref() == Some(want.as_str()));
            first += usize::from(candidates.first().is_some_and(|c| c.place.admin1.as_deref() == Some(want.as_str())));
            if ok {
                found += 1;
            } else {
                missed.push(name.to_owned());
            }
        }
    }
    let recall = found as f64 / total as f64;
    eprintln!(
        "OCHA admin-name recall: {found} of {total} ({recall:.3}) among the first three, {first} first; missed: {missed:?}"
    );
    assert!(recall >= 0.95, "recall {recall:.3}; missed {missed:?}");
}
