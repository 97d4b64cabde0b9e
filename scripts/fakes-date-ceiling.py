#!/usr/bin/env python3
"""How many FA-KES gold dates any reading of the text could reach.

The scorer counts an incident's date right when the chosen event's date lies within a day of the
crowd's. This script asks a weaker question of Truce's own output: is the gold date within a day of
*any* day-precise date the document gives (every time expression Truce resolved, and the publication
date)? A gold date outside all of them cannot be read from the text, whatever event is chosen.

    target/release/truce extract ../shared/corpus/fakes-dev/docs.jsonl > out.jsonl
    python3 scripts/fakes-date-ceiling.py ../shared/eval/fakes-dev.gold.jsonl out.jsonl

Prints the ceiling and how the unreachable gold dates sit against the publication date.
"""

import datetime
import json
import sys
from collections import Counter


def day(text):
    try:
        return datetime.date.fromisoformat(text[:10])
    except (TypeError, ValueError):
        return None


def main(gold_path, pred_path):
    published, candidates = {}, {}
    with open(pred_path, encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            doc = r.get("doc")
            if r.get("kind") == "document" and day(r.get("published")):
                published[doc] = day(r["published"])
                candidates.setdefault(doc, set()).add((published[doc], published[doc]))
            elif r.get("kind") == "mention" and r.get("type") == "time":
                res = r.get("resolved") or {}
                start, end = day(res.get("from")), day(res.get("to") or res.get("from"))
                # Only expressions precise to a few days can name an incident's day.
                if start and end and (end - start).days <= 3:
                    candidates.setdefault(doc, set()).add((start, end))
    one = datetime.timedelta(days=1)
    reachable, total, unreachable = 0, 0, Counter()
    with open(gold_path, encoding="utf-8") as f:
        for line in f:
            g = json.loads(line)
            want = day(g.get("date"))
            if not want:
                continue
            total += 1
            if any(s - one <= want <= e + one for s, e in candidates.get(g["doc"], ())):
                reachable += 1
                continue
            pub = published.get(g["doc"])
            if pub is None:
                unreachable["no publication date"] += 1
            elif want > pub:
                unreachable["after publication"] += 1
            elif (pub - want).days <= 7:
                unreachable["within a week before publication"] += 1
            else:
                unreachable["more than a week before publication"] += 1
    print(f"reachable {reachable} of {total} = {reachable / total:.3f}")
    for why, n in unreachable.most_common():
        print(f"  unreachable, gold date {why}: {n}")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
