#!/usr/bin/env python3
"""Checks that two sets of accord records are the same: every input id once
in each, and the same record (parsed JSON and bytes) for each id.

    python3 scaleout/compare.py INPUT.jsonl REFERENCE.jsonl OTHER [OTHER ...]

OTHER may be files or directories (Spark output: every part-* file in it).
Exits 1 and says what differs when they are not the same.
"""
import json
import pathlib
import sys


def lines_of(paths):
    for path in map(pathlib.Path, paths):
        files = sorted(path.glob("part-*")) if path.is_dir() else [path]
        for file in files:
            with open(file, encoding="utf-8") as f:
                yield from (line.rstrip("\n") for line in f if line.strip())


def by_id(name, lines, input_ids):
    records, problems = {}, []
    for line in lines:
        record_id = json.loads(line)["id"]
        if record_id in records:
            problems.append(f"{name}: id {record_id} appears more than once")
        records[record_id] = line
    missing = [i for i in input_ids if i not in records]
    extra = sorted(set(records) - set(input_ids))
    if missing:
        problems.append(f"{name}: {len(missing)} input ids missing, e.g. {missing[:5]}")
    if extra:
        problems.append(f"{name}: {len(extra)} ids not in the input, e.g. {extra[:5]}")
    return records, problems


def main() -> int:
    input_path, reference, others = sys.argv[1], sys.argv[2], sys.argv[3:]
    input_ids = [json.loads(line)["id"] for line in lines_of([input_path])]
    if len(set(input_ids)) != len(input_ids):
        print("compare: the input repeats ids; compare needs unique ids", file=sys.stderr)
        return 1
    ref, problems = by_id(reference, lines_of([reference]), input_ids)
    other, more = by_id(" ".join(others), lines_of(others), input_ids)
    problems += more
    differ = [i for i in input_ids if i in ref and i in other and ref[i] != other[i]]
    unequal = [i for i in differ if json.loads(ref[i]) != json.loads(other[i])]
    if unequal:
        problems.append(f"{len(unequal)} records differ in content, e.g. {unequal[:5]}")
    elif differ:
        problems.append(f"{len(differ)} records differ in bytes only, e.g. {differ[:5]}")
    for problem in problems:
        print(f"compare: {problem}", file=sys.stderr)
    if problems:
        return 1
    print(f"compare: {len(input_ids)} input ids, each exactly once in both; all records identical")
    return 0


if __name__ == "__main__":
    sys.exit(main())
