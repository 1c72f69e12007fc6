#!/usr/bin/env python3
"""Would a trigger tagger fine-tuned with the encoder beat accord's event classifier?

A prototype in PyTorch, run through eval/experiments/trigger_tagger.sh, to
decide the design of accord's next event model before writing it in Rust.

accord today finds events with dictionary candidates scored by small MLPs
over *frozen* encoder states. This script instead fine-tunes the encoder
(accord's own NER model, from its Hugging Face export, with accord's word
shapes as token_type_ids) as a token tagger: 17 classes (16 PLOVER types and
"no event") on the first piece of each accord word (`accord_shapes.split_words`),
trained on the same gold documents `accord train events` fits (the training
sets and dev; never test or the probes), with no dictionary at all.

--mode separate: the encoder and a new 17-class head, trigger loss only.
--mode multitask: one encoder with both heads; every step adds the trigger
    loss of a gold batch and the NER loss of a random CoNLL-2003 training
    batch, so the single encoder pass accord makes per sentence could serve
    both; NER is then scored on CoNLL test (first-piece argmax, sentences
    alone, as bench/hf_check.py scores the export: 0.8776 before).

Rows: each gold document's sentences (a regex split) packed into rows of at
most 126 pieces, like accord's document context. A word is an event of the
arg-max type when 1 - P(no event) >= --threshold. Scoring is accord eval's
trigger classification (a gold trigger is found by a predicted word that
overlaps it with the same type; the further words of a multi-word trigger
are not false alarms); accord's own predictions (--accord-pred, from
`accord extract`) are scored the same way for comparison.
"""

import argparse
import json
import random
import re
import sys
import time
from pathlib import Path

import torch
from transformers import AutoModelForTokenClassification, AutoTokenizer

ROOT = Path(__file__).resolve().parents[2]
GOLD = ROOT / "eval" / "gold"
TYPES = ["AGREE", "CONSULT", "SUPPORT", "COOPERATE", "AID", "RETREAT", "CONCEDE", "REQUEST", "ACCUSE", "REJECT",
         "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"]
CLASS = {t: i + 1 for i, t in enumerate(TYPES)}
CLASSES = len(TYPES) + 1
# What `accord train events` fits (src/cli/train.rs TRAIN_SETS, and dev).
TRAIN = ["train", "train-cameo-f", "train-cameo-g", "train-cameo-i", "train-wire-h", "train-wire-l", "train-wire-m",
         "train-wire-r", "train-wire-u", "train-wire-v", "train-kremlin-j", "train-kremlin-k", "train-kremlin-n",
         "train-kremlin-o", "train-kremlin-p", "train-kremlin-q", "train-kremlin-s", "train-kremlin-t", "dev"]
HELD_OUT = ["test", "probe-cameo", "probe-wire"]
SENTENCE_END = re.compile(r'(?<=[.!?])["”’)]?\s+(?=["“(]?[A-Z0-9])')


def read_gold(name):
    with open(GOLD / f"{name}.jsonl", encoding="utf-8") as f:
        return [json.loads(line) for line in f]


def gold_triggers(doc):
    return [(e["trigger"]["start"], e["trigger"]["end"], CLASS[e["type"]]) for e in doc.get("events", [])]


def rows_of(text, tokenizer, limit=126):
    """(start, end) character spans of rows: consecutive sentences up to `limit` pieces."""
    spans, start = [], 0
    for m in SENTENCE_END.finditer(text):
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(text)))
    spans = [(a, b) for a, b in spans if text[a:b].strip()]
    rows, current = [], None
    for a, b in spans:
        n = len(tokenizer(text[a:b], add_special_tokens=False)["input_ids"])
        if current and current[2] + n <= limit:
            current = (current[0], b, current[2] + n)
        else:
            if current:
                rows.append(current)
            current = (a, b, n)
    if current:
        rows.append(current)
    return [(a, b) for a, b, _ in rows]


def encode_doc(doc, tokenizer, shapes):
    """The document's rows: piece ids, shapes, a label on each word's first
    piece (-100 elsewhere) and that word's character span in the document."""
    text, gold = doc["text"], gold_triggers(doc)
    out = []
    for a, b in rows_of(text, tokenizer):
        segment = text[a:b]
        enc = tokenizer(segment, return_offsets_mapping=True, return_special_tokens_mask=True, truncation=True,
                        max_length=512)
        offsets = [tuple(o) for o in enc["offset_mapping"]]
        words = shapes.split_words(segment)
        labels, spans, w, seen = [], [], 0, set()
        for i, (s, e) in enumerate(offsets):
            if enc["special_tokens_mask"][i] or s == e:
                labels.append(-100)
                spans.append(None)
                continue
            while w + 1 < len(words) and words[w][1] <= s:
                w += 1
            if w in seen:
                labels.append(-100)
                spans.append(None)
                continue
            seen.add(w)
            ws, we = words[w][0] + a, words[w][1] + a
            labels.append(next((c for gs, ge, c in gold if gs < we and ws < ge), 0))
            spans.append((ws, we))
        out.append({"doc": doc["id"], "ids": enc["input_ids"], "labels": labels, "spans": spans,
                    "types": shapes.token_type_ids(segment, offsets, enc["special_tokens_mask"])})
    return out


def batches(rows, size, rng=None):
    """Length-sorted batches, in a shuffled order when `rng` is given."""
    order = sorted(range(len(rows)), key=lambda i: len(rows[i]["ids"]))
    groups = [order[i:i + size] for i in range(0, len(order), size)]
    if rng:
        rng.shuffle(groups)
    for group in groups:
        width = max(len(rows[i]["ids"]) for i in group)
        ids = torch.zeros(len(group), width, dtype=torch.long)
        types, mask, labels = torch.zeros_like(ids), torch.zeros_like(ids), torch.full_like(ids, -100)
        for r, i in enumerate(group):
            n = len(rows[i]["ids"])
            ids[r, :n] = torch.tensor(rows[i]["ids"])
            types[r, :n] = torch.tensor(rows[i]["types"])
            mask[r, :n] = 1
            labels[r, :n] = torch.tensor(rows[i]["labels"])
        yield group, ids, types, mask, labels


class Tagger(torch.nn.Module):
    """The export's encoder with a trigger head (and its NER head kept)."""

    def __init__(self, ner_model):
        super().__init__()
        self.ner = ner_model
        self.trigger = torch.nn.Linear(ner_model.config.hidden_size, CLASSES)

    def forward(self, ids, types, mask):
        states = self.ner.bert(input_ids=ids, token_type_ids=types, attention_mask=mask).last_hidden_state
        return self.trigger(states)


def predict(tagger, rows, threshold):
    """Predicted triggers per document: (start, end, class) of each word whose
    event probability reaches the threshold."""
    tagger.eval()
    found = {}
    with torch.no_grad(), torch.autocast("cpu", dtype=torch.bfloat16):
        for group, ids, types, mask, _ in batches(rows, 32):
            probabilities = tagger(ids, types, mask).float().softmax(-1)
            for r, i in enumerate(group):
                for p, span in enumerate(rows[i]["spans"]):
                    if span is not None and 1 - probabilities[r, p, 0] >= threshold:
                        kind = int(probabilities[r, p, 1:].argmax()) + 1
                        found.setdefault(rows[i]["doc"], []).append((span[0], span[1], kind))
    return found


def score(docs, predicted):
    tp = fp = fn = 0
    for doc in docs:
        gold = gold_triggers(doc)
        used = [False] * len(gold)
        for s, e, c in predicted.get(doc["id"], []):
            hit = next((k for k, (gs, ge, gc) in enumerate(gold) if gs < e and s < ge and gc == c), None)
            if hit is None:
                fp += 1
            elif not used[hit]:
                used[hit] = True
                tp += 1
        fn += used.count(False)
    precision, recall = tp / max(tp + fp, 1), tp / max(tp + fn, 1)
    f1 = 2 * precision * recall / max(precision + recall, 1e-9)
    return {"f1": round(f1, 3), "p": round(precision, 3), "r": round(recall, 3), "gold": tp + fn}


def read_accord(path):
    with open(path, encoding="utf-8") as f:
        return {d["id"]: gold_triggers(d) for d in map(json.loads, f)}


def conll_batch(tokenizer, shapes, sentences, label_index):
    words = [s[0] for s in sentences]
    inputs = tokenizer(words, is_split_into_words=True, truncation=True, padding=True, return_tensors="pt")
    types = [shapes.token_type_ids_for_words(w, inputs.word_ids(r)) for r, w in enumerate(words)]
    labels = torch.full_like(inputs["input_ids"], -100)
    for r, (_, tags) in enumerate(sentences):
        seen = set()
        for p, w in enumerate(inputs.word_ids(r)):
            if w is not None and w not in seen:
                seen.add(w)
                labels[r, p] = label_index[tags[w]]
    return inputs["input_ids"], torch.tensor(types), inputs["attention_mask"], labels


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--export", required=True, help="accord's NER model in the Hugging Face layout")
    parser.add_argument("--mode", choices=["separate", "multitask"], default="multitask")
    parser.add_argument("--conll", help="CoNLL-2003 folder (multitask): train.txt, test.txt")
    parser.add_argument("--accord-pred", help="accord extract's output on test.jsonl, scored the same way")
    parser.add_argument("--epochs", type=int, default=15, help="passes over the gold rows")
    parser.add_argument("--lr", type=float, default=1.5e-4)
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--threshold", type=float, default=0.5)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args()
    sys.path.insert(0, args.export)
    sys.path.insert(0, str(ROOT / "bench"))
    import accord_shapes
    import hf_check

    torch.manual_seed(args.seed)
    torch.set_num_threads(args.threads)
    rng = random.Random(args.seed)
    tokenizer = AutoTokenizer.from_pretrained(args.export)
    ner_model = AutoModelForTokenClassification.from_pretrained(args.export)
    ner_model.bert.embeddings.word_embeddings.weight.requires_grad_(False)
    tagger = Tagger(ner_model)
    labels = [ner_model.config.id2label[i] for i in range(ner_model.config.num_labels)]
    train = [row for name in TRAIN for doc in read_gold(name) for row in encode_doc(doc, tokenizer, accord_shapes)]
    held_out = {name: read_gold(name) for name in HELD_OUT}
    held_rows = {n: [r for d in docs for r in encode_doc(d, tokenizer, accord_shapes)] for n, docs in held_out.items()}
    if args.mode == "multitask":
        conll = hf_check.read_conll(f"{args.conll}/train.txt")
        order = sorted(range(len(conll)), key=lambda i: len(conll[i][0]))
        conll_groups = [order[i:i + args.batch_size] for i in range(0, len(order), args.batch_size)]
        label_index = {label: i for i, label in enumerate(labels)}
    words = sum(sum(1 for label in r["labels"] if label >= 0) for r in train)
    events = sum(sum(1 for label in r["labels"] if label > 0) for r in train)
    print(f"{args.mode}: {len(train)} gold rows, {words} words, {events} trigger words; {args.epochs} epochs, "
          f"lr {args.lr}, seed {args.seed}", flush=True)

    params = [p for p in tagger.parameters() if p.requires_grad]
    optimizer = torch.optim.AdamW(params, lr=args.lr, weight_decay=0.01)
    steps = args.epochs * ((len(train) + args.batch_size - 1) // args.batch_size)
    warmup = int(0.1 * steps)
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda s: min((s + 1) / max(warmup, 1), max(0.0, (steps - s) / max(steps - warmup, 1))))
    started = time.time()
    for epoch in range(1, args.epochs + 1):
        tagger.train()
        trigger_loss = ner_loss = 0.0
        for _, ids, types, mask, gold in batches(train, args.batch_size, rng):
            with torch.autocast("cpu", dtype=torch.bfloat16):
                logits = tagger(ids, types, mask)
            loss = torch.nn.functional.cross_entropy(logits.float().view(-1, CLASSES), gold.view(-1), ignore_index=-100)
            trigger_loss += loss.item()
            if args.mode == "multitask":
                sentences = [conll[i] for i in rng.choice(conll_groups)]
                c_ids, c_types, c_mask, c_gold = conll_batch(tokenizer, accord_shapes, sentences, label_index)
                with torch.autocast("cpu", dtype=torch.bfloat16):
                    c_logits = ner_model(input_ids=c_ids, token_type_ids=c_types, attention_mask=c_mask).logits
                c_loss = torch.nn.functional.cross_entropy(
                    c_logits.float().view(-1, len(labels)), c_gold.view(-1), ignore_index=-100)
                ner_loss += c_loss.item()
                loss = loss + c_loss
            loss.backward()
            torch.nn.utils.clip_grad_norm_(params, 1.0)
            optimizer.step()
            schedule.step()
            optimizer.zero_grad()
        print(f"epoch {epoch}: trigger loss {trigger_loss:.1f}, NER loss {ner_loss:.1f}", flush=True)
    print(f"trained in {time.time() - started:.0f} s", flush=True)

    results = {}
    for name, docs in held_out.items():
        predicted = predict(tagger, held_rows[name], args.threshold)
        results[name] = score(docs, predicted)
        if name == "test":
            for subset, keep in (("test, Kremlin", True), ("test, written", False)):
                part = [d for d in docs if d["id"].startswith("kremlin") == keep]
                results[subset] = score(part, predicted)
    if args.accord_pred:
        accord = read_accord(args.accord_pred)
        docs = held_out["test"]
        results["accord on test"] = score(docs, accord)
        results["accord on test, Kremlin"] = score([d for d in docs if d["id"].startswith("kremlin")], accord)
        results["accord on test, written"] = score([d for d in docs if not d["id"].startswith("kremlin")], accord)
    print(f"\ntrigger classification at threshold {args.threshold} ({args.mode}, seed {args.seed}):\n")
    print("| set | F1 | P | R | gold events |\n|---|---|---|---|---|")
    for name, r in results.items():
        print(f"| {name} | {r['f1']:.3f} | {r['p']:.3f} | {r['r']:.3f} | {r['gold']} |")
    if args.mode == "multitask":
        test = hf_check.read_conll(f"{args.conll}/test.txt")
        ner_model.eval()
        with torch.no_grad():
            tags = hf_check.tag(ner_model, tokenizer, test, accord_shapes, labels, 64)
        p, r, f1 = hf_check.score([s[1] for s in test], tags)
        print(f"\nCoNLL-2003 test after multitask training (first-piece argmax, sentences alone): "
              f"F1 {f1:.4f} (P {p:.3f}, R {r:.3f})")


if __name__ == "__main__":
    main()
