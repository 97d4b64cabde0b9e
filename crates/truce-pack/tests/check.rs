//! `Pack::check_dir` reports each kind of problem with its file and line.

use truce_pack::Pack;

fn write(dir: &std::path::Path, file: &str, text: &str) {
    std::fs::write(dir.join(file), text).unwrap();
}

#[test]
fn problems_are_reported_with_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "pack.toml", "id = \"test\"\nname = \"Test\"\ntimezone = \"Asia/Damascus\"\n");
    write(
        d,
        "actors.toml",
        r#"[[actor]]
id = "army"
name = "Army"
type = "state"
aliases = ["the Army"]

[[actor]]
id = "militia"
name = "Militia"
type = "rebel_group"
backed_by = ["ghost"]
aliases = ["the army"]
from = "2019-01-01"
until = "2018-01-01"
"#,
    );
    write(
        d,
        "people.toml",
        "[[person]]\nid = \"someone\"\nname = \"Someone\"\nroles = [{ title = \"Envoy\", actor = \"nobody\" }]\n",
    );
    write(
        d,
        "zones.geojson",
        r#"{"type": "FeatureCollection", "features": [
{"type": "Feature", "properties": {"id": "bow", "kind": "area"}, "geometry": {"type": "Polygon", "coordinates": [[[0,0],[1,1],[1,0],[0,1],[0,0]]]}}
]}"#,
    );
    write(
        d,
        "agreements.toml",
        r#"[[agreement]]
id = "deal"
name = "Deal"
type = "ceasefire"
declaration = "sometimes"
parties = ["army"]
scope = { zones = ["nowhere"] }
start = { local = "2019-13-01T00:00" }

[[agreement.provision]]
type = "halt_air_strikes"
kind = "prohibition"
prohibited = ["Battles/Air/drone strike"]
text = "No air strikes."
"#,
    );
    write(
        d,
        "places.toml",
        "[[governorate]]\nid = \"north\"\nname = \"North\"\npoint = [36.0, 35.0]\n\n[[area]]\nid = \"the-north\"\nname = \"the north\"\ngovernorate = \"north\"\nspans = [\"north\", \"west\"]\npoint = [36.0, 35.0]\n",
    );
    let problems = Pack::check_dir(d);
    let text: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
    let has = |needle: &str, file_line: &str| {
        assert!(
            text.iter().any(|t| t.starts_with(file_line) && t.contains(needle)),
            "no {needle:?} at {file_line} in {text:#?}"
        );
    };
    has("date range reversed", "actors.toml:13");
    has("unknown actor \"ghost\"", "actors.toml:8");
    has("alias \"the army\" names actors army and militia", "actors.toml:8");
    has("unknown actor \"nobody\"", "people.toml:2");
    has("invalid geometry", "zones.geojson:2");
    has("declaration \"sometimes\"", "agreements.toml:2");
    has("is not YYYY-MM-DDTHH:MM", "agreements.toml:8");
    has("unknown zone \"nowhere\"", "agreements.toml:2");
    has("prohibits \"Battles/Air/drone strike\", which is neither", "agreements.toml:2");
    has("unknown governorate \"west\"", "places.toml:10");
    assert!(Pack::load_dir(d).is_err());
}

#[test]
fn a_syntax_error_names_its_line() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "pack.toml", "id = \"t\"\nname = \"T\"\ntimezone = \"Asia/Damascus\"\n");
    write(dir.path(), "actors.toml", "[[actor]]\nid = \"a\"\nname = \"A\"\ntype = \"state\"\naliases = [\"x\"\n");
    let problems = Pack::check_dir(dir.path());
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!((problems[0].file.as_str(), problems[0].line), ("actors.toml", 5));
}
