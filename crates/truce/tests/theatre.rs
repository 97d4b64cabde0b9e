//! A theatre added by data only: a pack directory written here, with no code for it anywhere, gives
//! its actors inside its theatre and the world layer's places, and the built-in pack's descriptions do
//! not leak into it.

mod common;

use common::*;

const PACK_TOML: &str = r#"
id = "donbas-test"
name = "Donbas (test)"
timezone = "Europe/Kyiv"
countries = ["UA"]
cues = ["Donetsk", "Luhansk"]
"#;

const ACTORS_TOML: &str = r#"
[[actor]]
id = "dpr"
name = "Donetsk People's Republic"
type = "rebel_group"
side = "separatist"
aliases = ["DPR"]
generic = ["rebels", "the rebels", "separatists"]

[[actor]]
id = "ukraine"
name = "Military Forces of Ukraine"
type = "state_armed_forces"
country = "UA"
aliases = ["Ukrainian army"]
generic = ["government forces", "the army"]
"#;

const ARTICLE: &str = "DONETSK, Ukraine (Reuters) - Shelling by the rebels killed three civilians in Horlivka on \
Monday, Ukrainian officials said. The Ukrainian army said its positions near Donetsk held.\n";

fn events(out: &std::process::Output) -> Vec<serde_json::Value> {
    assert!(out.status.success(), "{}", stderr(out));
    stdout(out)
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .filter(|r| r["kind"] == "event" || r["kind"] == "document")
        .collect()
}

#[test]
fn a_pack_written_as_data_works_in_its_theatre_and_the_world_places_it() {
    let dir = tempfile::tempdir().unwrap();
    let pack = dir.path().join("donbas");
    std::fs::create_dir(&pack).unwrap();
    std::fs::write(pack.join("pack.toml"), PACK_TOML).unwrap();
    std::fs::write(pack.join("actors.toml"), ACTORS_TOML).unwrap();
    let article = dir.path().join("horlivka.txt");
    std::fs::write(&article, ARTICLE).unwrap();
    let db = dir.path().join("unused.db");

    let check = run(&db, &["pack", "check", pack.to_str().unwrap()]);
    assert!(check.status.success(), "{}{}", stdout(&check), stderr(&check));

    let with_pack = events(&run(
        &db,
        &["--pack", pack.to_str().unwrap(), "extract", "--published", "2015-01-20", article.to_str().unwrap()],
    ));
    let document = &with_pack[0];
    assert_eq!(document["theatre"], "donbas-test", "{document}");
    assert_eq!(document["country"], "UA", "{document}");
    let shelling = with_pack.iter().find(|r| r["kind"] == "event").expect("an event");
    assert_eq!(shelling["country"], "UA", "{shelling}");
    assert_eq!(shelling["admin1"], "Donetsk", "{shelling}");
    assert_eq!(shelling["location"], "Horlivka", "{shelling}");
    assert_eq!(shelling["actor1"], "Donetsk People's Republic", "the pack's description, in its theatre: {shelling}");

    // The built-in Syria pack: the same article is outside its theatre, so "the rebels" stay nobody
    // and the place is still Ukraine's.
    let with_syria =
        events(&run(&db, &["--pack", "syria", "extract", "--published", "2015-01-20", article.to_str().unwrap()]));
    assert!(with_syria[0]["theatre"].is_null(), "{}", with_syria[0]);
    let shelling = with_syria.iter().find(|r| r["kind"] == "event").expect("an event");
    assert_eq!(shelling["country"], "UA", "{shelling}");
    assert_eq!(shelling["location"], "Horlivka", "{shelling}");
    assert!(shelling["actor1"].is_null(), "no Syrian actor in Donbas: {shelling}");

    // Every built-in pack (the default): the Ukraine pack reads it, and its "rebels" are the separatists.
    let with_all = events(&run(&db, &["extract", "--published", "2015-01-20", article.to_str().unwrap()]));
    assert_eq!(with_all[0]["theatre"], "ukraine", "{}", with_all[0]);
    let shelling = with_all.iter().find(|r| r["kind"] == "event").expect("an event");
    assert_eq!(shelling["location"], "Horlivka", "{shelling}");
    assert_eq!(shelling["actor1"], "Pro-Russian separatists", "{shelling}");
}

/// `truce pack new` writes a skeleton `pack check` accepts, and it reads its theatre beside the
/// built-in packs.
#[test]
fn a_new_theatre_starts_from_a_skeleton_pack() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("unused.db");
    let packs = dir.path().join("packs");
    let out = run(
        &db,
        &["pack", "new", "libya", "--country", "LY", "--timezone", "Africa/Tripoli", "--dir", packs.to_str().unwrap()],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let pack = packs.join("libya");
    let check = run(&db, &["pack", "check", pack.to_str().unwrap()]);
    assert!(check.status.success(), "{}{}", stdout(&check), stderr(&check));
    let again = run(&db, &["pack", "new", "libya", "--country", "LY", "--dir", packs.to_str().unwrap()]);
    assert_eq!(again.status.code(), Some(2), "an existing pack is not overwritten");
    let bad = run(&db, &["pack", "new", "libya2", "--country", "XX", "--dir", packs.to_str().unwrap()]);
    assert_eq!(bad.status.code(), Some(2), "{}", stderr(&bad));

    let article = dir.path().join("sirte.txt");
    std::fs::write(&article, "Libyan army units clashed with gunmen near Sirte on Monday, killing three.").unwrap();
    let spec = format!("all,{}", pack.display());
    let records =
        events(&run(&db, &["--pack", &spec, "extract", "--published", "2020-06-01", article.to_str().unwrap()]));
    assert_eq!(records[0]["theatre"], "libya", "{}", records[0]);
    assert_eq!(records[0]["country"], "LY", "{}", records[0]);
}

#[test]
fn a_pack_with_an_unknown_country_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let pack = dir.path().join("bad");
    std::fs::create_dir(&pack).unwrap();
    std::fs::write(pack.join("pack.toml"), PACK_TOML.replace("\"UA\"", "\"XX\"")).unwrap();
    let check = run(&dir.path().join("unused.db"), &["pack", "check", pack.to_str().unwrap()]);
    assert!(!check.status.success());
    assert!(stdout(&check).contains("unknown country \"XX\"") || stderr(&check).contains("unknown country \"XX\""));
}

/// No theatre's knowledge in code: no built-in pack's name, cue words, countries' names, demonyms,
/// capitals or quoted codes appear in the code of `crates/*/src` (comments, test modules and the CLI's
/// help examples aside). Knowledge belongs in the pack.
#[test]
fn no_theatre_is_named_in_code() {
    let world = truce_pack::World::get();
    let mut names: Vec<String> = Vec::new();
    for id in truce_pack::Pack::builtin_ids() {
        let pack = truce_pack::Pack::builtin(&id).unwrap();
        names.push(pack.meta.name.clone());
        names.extend(pack.meta.cues.iter().cloned());
        for cc in &pack.meta.countries {
            let c = world.country(cc).unwrap();
            names.push(format!("\"{cc}\""));
            names.push(c.name.to_owned());
            names.push(c.capital.to_owned());
            names.extend(c.demonyms.iter().map(|d| d.to_string()));
        }
    }
    names.retain(|n| n.len() >= 4);
    let crates = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let mut found = Vec::new();
    for krate in std::fs::read_dir(crates).unwrap().filter_map(Result::ok) {
        let Ok(files) = std::fs::read_dir(krate.path().join("src")) else { continue };
        for file in files.filter_map(Result::ok).filter(|f| f.path().extension().is_some_and(|e| e == "rs")) {
            let text = std::fs::read_to_string(file.path()).unwrap();
            for (n, line) in text.lines().enumerate() {
                if line.trim_start().starts_with("#[cfg(test)]") {
                    break;
                }
                let code = line.trim_start();
                if code.starts_with("//") || code.contains("after_help") || code.contains("Example:") {
                    continue;
                }
                for name in &names {
                    if code.contains(name.as_str()) {
                        found.push(format!("{}:{}: {name}", file.path().display(), n + 1));
                    }
                }
            }
        }
    }
    assert!(found.is_empty(), "theatre knowledge in code:\n{}", found.join("\n"));
}
