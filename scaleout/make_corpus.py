#!/usr/bin/env python3
"""Builds the scale-out test corpus: N JSONL documents from the Kremlin CSV.

    python3 scaleout/make_corpus.py putin_kremlin.csv 2000 > docs.jsonl

The 816 press releases come first in file order (id `kremlin-<news number>`,
from the link), then the same texts again, in the same order, under new ids
(`kremlin-<number>-r<round>`) until there are N. Same CSV, same N: same bytes.
"""
import csv
import json
import sys


def main() -> None:
    path, count = sys.argv[1], int(sys.argv[2])
    csv.field_size_limit(sys.maxsize)
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    base = []
    for row in rows:
        number = row["link"].rstrip("/").rsplit("/", 1)[-1]
        base.append(
            {
                "id": f"kremlin-{number}",
                "title": row["headline"],
                "date": row["date"][:10],
                "source": "kremlin.ru",
                "url": row["link"],
                "text": row["body"],
            }
        )
    if len({doc["id"] for doc in base}) != len(base):
        sys.exit("make_corpus: the CSV's links do not give unique ids")
    out = sys.stdout
    for n in range(count):
        doc = dict(base[n % len(base)])
        round_ = n // len(base)
        if round_:
            doc["id"] = f"{doc['id']}-r{round_}"
        out.write(json.dumps(doc, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
