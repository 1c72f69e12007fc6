#!/usr/bin/env python3
"""Builds the soak corpus: Kremlin press releases repeated under new ids, with
seeded corruptions, plus the list of ids accord must write, in order.

usage: soak_corpus.py KREMLIN.csv N SEED OUT.jsonl EXPECTED.txt

Every non-blank line of OUT.jsonl is one document, so accord must write one
record per line. EXPECTED.txt has the id each record must carry: the
document's own id, or `<stem>:<line>` for a line that is not UTF-8 (accord
cannot read an id from it).
"""

import csv
import json
import random
import sys
from collections import Counter

RTL = [
    "قال الرئيس إن المحادثات كانت بناءة.",  # Arabic
    "השיחות נמשכו שעתיים.",  # Hebrew
    "\u202eReversed override text\u202c and back.",
]


def main() -> None:
    path, n, seed, out_path, expected_path = sys.argv[1:6]
    n, rng = int(n), random.Random(int(seed))
    csv.field_size_limit(1 << 30)
    with open(path, newline="", encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f) if r.get("body")]
    stem = out_path.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    # A few huge documents, whatever n is: half just under the 2,000,000-char
    # cap (processed, in windows), half just over it (too_long).
    huge = sorted(rng.sample(range(n), max(2, n // 2500)))
    kinds = Counter()
    line_no = 0
    with open(out_path, "wb") as out, open(expected_path, "w") as expected:

        def emit(raw: bytes, doc_id: str) -> None:
            nonlocal line_no
            line_no += 1
            out.write(raw + b"\n")
            expected.write(doc_id + "\n")

        for i in range(n):
            row = rows[i % len(rows)]
            doc_id = f"soak-{i:06d}"
            doc = {
                "id": doc_id,
                "title": row["headline"],
                "date": (row.get("date") or "")[:10],
                "url": row["link"],
                "text": row["body"],
            }
            r = rng.random()
            if i in huge:
                text, k = [], 0
                while sum(map(len, text)) < 2_000_000:
                    text.append(rows[(i + k) % len(rows)]["body"] + "\n")
                    k += 1
                text = "".join(text)
                over = huge.index(i) % 2 == 1
                doc["text"] = text[:2_050_000] if over else text[:1_990_000]
                kind = "huge_over_cap" if over else "huge_under_cap"
            elif r < 0.03:
                kind = "blank_line_before"  # a blank line is no document: no record
                line_no += 1
                out.write(b"\n" if rng.random() < 0.5 else b"  \r\n")
            elif r < 0.05:
                kind = "truncated_json"
                line = json.dumps(doc, ensure_ascii=False)
                head = len(json.dumps({"id": doc_id})) + 1
                # Cut between chars: a cut inside a UTF-8 sequence would make the
                # line invalid_utf8, and its id unreadable.
                emit(line[: rng.randrange(head, len(line) - 1)].encode(), doc_id)
                kinds[kind] += 1
                continue
            elif r < 0.07:
                kind = "invalid_utf8"
                raw = json.dumps(doc, ensure_ascii=False).encode()
                at = rng.randrange(len(raw) // 2, len(raw) - 2)
                line_no_next = line_no + 1
                emit(raw[:at] + b"\xff\xfe" + raw[at:], f"{stem}:{line_no_next}")
                kinds[kind] += 1
                continue
            elif r < 0.09:
                t = doc["text"]
                at = rng.randrange(len(t))
                doc["text"] = t[:at] + "\x00\x00" + t[at:]
                if rng.random() < 0.5:
                    kind = "nul_escaped"  # valid JSON, NULs in the text
                else:
                    # Raw NUL bytes inside a JSON string: invalid JSON, id still readable.
                    kind = "nul_raw"
                    raw = json.dumps(doc, ensure_ascii=False).encode().replace(b"\\u0000", b"\x00")
                    kinds[kind] += 1
                    emit(raw, doc_id)
                    continue
            elif r < 0.11:
                kind = "rtl_text"
                t = doc["text"]
                at = rng.randrange(len(t))
                doc["text"] = t[:at] + " " + rng.choice(RTL) + " " + t[at:]
            elif r < 0.12:
                kind = "empty_text"
                doc["text"] = rng.choice(["", "   ", "\n\t"])
            elif r < 0.13:
                kind = "missing_text"
                del doc["text"]
            elif r < 0.14 and i > 0:
                kind = "duplicate_id"
                doc["id"] = doc_id = f"soak-{rng.randrange(i):06d}"
            else:
                kind = "clean"
            kinds[kind] += 1
            emit(json.dumps(doc, ensure_ascii=False).encode(), doc_id)
    print(f"documents {n}, lines {line_no}, " + ", ".join(f"{k} {v}" for k, v in sorted(kinds.items())))


if __name__ == "__main__":
    main()
