//! `truce pack new`: the files of a new theatre's pack, from the world layer's facts about its country,
//! that `pack check` accepts as they are and that docs/packs.md ("Adding a theatre") walks from.

use crate::Country;

/// The files of a skeleton pack: (file name, contents). `timezone` is the theatre's IANA zone.
pub fn skeleton(id: &str, country: &Country, timezone: &str) -> Vec<(&'static str, String)> {
    let name = country.name;
    let demonym = country.demonyms.first().copied().unwrap_or(name);
    let mut cues: Vec<String> = vec![name.to_owned(), demonym.to_owned()];
    if !country.capital.is_empty() {
        cues.push(country.capital.to_owned());
    }
    let cues = cues.iter().map(|c| format!("{c:?}")).collect::<Vec<_>>().join(", ");
    let state = format!("{}-government", id);
    let pack = format!(
        "# The {name} theatre: say which war, between whom, from when.\n\
         id = {id:?}\n\
         name = {name:?}\n\
         # Local time of the theatre (IANA); agreement clocks (\"from midnight\") are read in this zone.\n\
         timezone = {timezone:?}\n\
         # The words that say an article is about this theatre: add its armed parties, its leaders and the\n\
         # towns its war is named by.\n\
         cues = [{cues}]\n\
         # The theatre's countries (ISO 3166-1 alpha-2), the first where a place of the pack lies by default.\n\
         countries = [{alpha2:?}]\n",
        alpha2 = country.alpha2,
    );
    let actors = format!(
        "# Who fights, signs, brokers and monitors in {name}. Format: docs/packs.md. Give each party the names\n\
         # news use (`aliases`) and the descriptions that mean it only here (`generic`).\n\n\
         [[actor]]\n\
         id = {state:?}\n\
         name = \"Government of {name}\"\n\
         type = \"state\"\n\
         side = \"pro-government\"\n\
         country = {alpha2:?}\n\
         aliases = [\"Government of {name}\", \"{demonym} government\", \"{demonym} army\", \"{demonym} forces\", \"{demonym} military\"]\n\
         generic = [\"government forces\", \"government troops\"]\n",
        alpha2 = country.alpha2,
    );
    let agreements = format!(
        "# The registry of {name}'s ceasefires, in our own words from the public record. Format: docs/packs.md.\n\
         # One record per agreement: its announcement, its start in local time, its parties and mediators,\n\
         # its prohibitions (so that events can break it), its status history, and the source of each date.\n\
         #\n\
         # [[agreement]]\n\
         # id = \"{id}-ceasefire-YYYY-MM\"\n\
         # name = \"...\"\n\
         # type = \"ceasefire\"\n\
         # declaration = \"bilateral\"\n\
         # parties = [{state:?}, \"...\"]\n\
         # announced = \"YYYY-MM-DD\"\n\
         # start = {{ local = \"YYYY-MM-DDT00:00\", precision = \"minute\" }}\n\
         # scope = {{ national = true }}\n\
         # status_history = [{{ status = \"agreed\", date = \"YYYY-MM-DD\" }}]\n\
         # sources = [{{ title = \"...\", publisher = \"...\", date = \"YYYY-MM-DD\" }}]\n\
         #\n\
         # [[agreement.provision]]\n\
         # type = \"cease_hostilities\"\n\
         # kind = \"prohibition\"\n\
         # prohibited = [\"Battles\", \"Explosions/Remote violence\"]\n\
         # text = \"...\"\n"
    );
    vec![("pack.toml", pack), ("actors.toml", actors), ("agreements.toml", agreements)]
}
