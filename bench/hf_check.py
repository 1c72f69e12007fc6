#!/usr/bin/env python3
"""Check the Hugging Face export of accord's NER model (`accord models export`).

Run it through bench/hf_check.sh, which pins the versions and writes the export.

(a) Reproduction: loads the export with AutoModelForTokenClassification and
    AutoTokenizer, encodes each sentence of accord_check.json with
    accord_shapes.encode (token_type_ids = accord's word shapes), checks the
    input_ids and token_type_ids are accord's, and prints the largest absolute
    logit difference from accord's own (fp32; must be below the file's
    tolerance, 1e-3). Also printed, for information: the difference with
    all-zero token_type_ids (no shape feature).

(b) CoNLL-2003: tags the test file (gold tokens, `is_split_into_words`, each
    sentence alone, token_type_ids from accord_shapes.token_type_ids_for_words)
    with a per-word argmax over the first piece's logits, and scores entity
    spans by exact match (conlleval's chunking, micro P/R/F1), once in fp32 and
    once after torch.ao.quantization.quantize_dynamic(Linear -> qint8), and
    once in fp32 with the tokenizer's all-zero token_type_ids (what the stock
    pipeline feeds: no casing feature). The
    times printed are the tagging loop alone (tokenizer + model + argmax), at
    --threads torch threads, wall clock and process CPU time (the CPU time
    tells whether other work on the machine stretched the wall time); model
    loading and quantization are excluded. A short warm-up batch runs first.

This is not accord's decoding (constrained Viterbi, 128 pieces of document
context): accord's own test F1 is in the export's README.md.
"""

import argparse
import json
import sys
import time

import torch
from transformers import AutoModelForTokenClassification, AutoTokenizer


def read_conll(path):
    """Sentences as (words, tags), skipping -DOCSTART- lines."""
    sentences, words, tags = [], [], []
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if not parts or parts[0] == "-DOCSTART-":
                if words:
                    sentences.append((words, tags))
                    words, tags = [], []
                continue
            words.append(parts[0])
            tags.append(parts[-1])
    if words:
        sentences.append((words, tags))
    return sentences


def chunks(tags):
    """Entity spans (type, start, end) of a BIO sequence, as conlleval reads it:
    an I-X after O or after another type starts a chunk."""
    spans, start, kind = [], None, None
    for i, tag in enumerate(tags + ["O"]):
        prefix, _, label = tag.partition("-")
        begins = prefix == "B" or (prefix == "I" and label != kind)
        if start is not None and (prefix == "O" or begins):
            spans.append((kind, start, i))
            start, kind = None, None
        if prefix in ("B", "I") and start is None:
            start, kind = i, label
    return spans


def score(gold, predicted):
    g = p = correct = 0
    for gold_tags, pred_tags in zip(gold, predicted):
        gold_spans, pred_spans = set(chunks(gold_tags)), set(chunks(pred_tags))
        g += len(gold_spans)
        p += len(pred_spans)
        correct += len(gold_spans & pred_spans)
    precision = correct / p if p else 0.0
    recall = correct / g if g else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def check_logits(model, tokenizer, check, shapes):
    worst = worst_zeros = 0.0
    for sentence in check["sentences"]:
        inputs = shapes.encode(tokenizer, sentence["text"])
        ids = inputs["input_ids"][0].tolist()
        types = inputs["token_type_ids"][0].tolist()
        if ids != sentence["input_ids"] or types != sentence["token_type_ids"]:
            sys.exit(f"hf_check: pieces or shapes differ from accord's for {sentence['text']!r}")
        expected = torch.tensor(sentence["logits"])
        with torch.no_grad():
            logits = model(**inputs).logits[0]
            zeros = model(input_ids=inputs["input_ids"], attention_mask=inputs["attention_mask"]).logits[0]
        worst = max(worst, (logits - expected).abs().max().item())
        worst_zeros = max(worst_zeros, (zeros - expected).abs().max().item())
    return worst, worst_zeros


def tag(model, tokenizer, sentences, shapes, labels, batch_size, with_shapes=True):
    """Per-word argmax over the first piece of each word, sentences alone;
    without shapes, token_type_ids stay the tokenizer's zeros."""
    order = sorted(range(len(sentences)), key=lambda i: len(sentences[i][0]))
    predicted = [None] * len(sentences)
    for start in range(0, len(order), batch_size):
        batch = order[start : start + batch_size]
        words = [sentences[i][0] for i in batch]
        inputs = tokenizer(words, is_split_into_words=True, truncation=True, padding=True, return_tensors="pt")
        if with_shapes:
            types = [shapes.token_type_ids_for_words(w, inputs.word_ids(row)) for row, w in enumerate(words)]
            inputs["token_type_ids"] = torch.tensor(types, dtype=torch.long)
        with torch.no_grad():
            best = model(**inputs).logits.argmax(-1).tolist()
        for row, i in enumerate(batch):
            tags = ["O"] * len(words[row])
            seen = set()
            for position, word in enumerate(inputs.word_ids(row)):
                if word is not None and word not in seen:
                    seen.add(word)
                    tags[word] = labels[best[row][position]]
            predicted[i] = tags
    return predicted


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--export", required=True, help="directory written by accord models export")
    parser.add_argument("--conll", required=True, help="CoNLL-2003 test file")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--batch-size", type=int, default=64)
    args = parser.parse_args()

    torch.set_num_threads(args.threads)
    sys.path.insert(0, args.export)
    import accord_shapes

    tokenizer = AutoTokenizer.from_pretrained(args.export)
    model = AutoModelForTokenClassification.from_pretrained(args.export).eval()
    labels = [model.config.id2label[i] for i in range(model.config.num_labels)]
    with open(f"{args.export}/accord_check.json", encoding="utf-8") as f:
        check = json.load(f)

    worst, worst_zeros = check_logits(model, tokenizer, check, accord_shapes)
    print(f"logits vs accord (fp32, {len(check['sentences'])} sentences): max abs diff {worst:.2e} "
          f"(tolerance {check['tolerance']:g}); with all-zero token_type_ids {worst_zeros:.2f}")
    ok = worst < check["tolerance"]

    sentences = read_conll(args.conll)
    gold = [tags for _, tags in sentences]
    n_words = sum(len(words) for words, _ in sentences)
    quantized = torch.ao.quantization.quantize_dynamic(model, {torch.nn.Linear}, dtype=torch.qint8)
    int8_worst, _ = check_logits(quantized, tokenizer, check, accord_shapes)
    print(f"logits vs accord (dynamic int8): max abs diff {int8_worst:.2f}")
    runs = (("fp32", model, True), ("int8", quantized, True), ("fp32, token_type_ids all 0", model, False))
    for name, m, with_shapes in runs:
        tag(m, tokenizer, sentences[:64], accord_shapes, labels, args.batch_size)  # warm-up
        start, cpu_start = time.perf_counter(), time.process_time()
        predicted = tag(m, tokenizer, sentences, accord_shapes, labels, args.batch_size, with_shapes)
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu_start
        precision, recall, f1 = score(gold, predicted)
        print(f"CoNLL-2003 test {name}: P {precision:.4f} R {recall:.4f} F1 {f1:.4f}; "
              f"{len(sentences)} sentences, {n_words} words in {seconds:.1f} s wall, {cpu:.1f} s CPU "
              f"({n_words / seconds:,.0f} words/s, {args.threads} threads)")
    if not ok:
        sys.exit(f"hf_check: logits differ from accord's by {worst:.2e}, over the tolerance")


if __name__ == "__main__":
    main()
