#!/usr/bin/env python3
"""Can a compiled or fused graph run accord's encoder faster than eager torch?

Run it through bench/forward_paths.sh, which pins the versions and writes the
Hugging Face export of accord's NER model. Each path runs in its own process
(they set global JIT state and cast the model): the export's
BertForTokenClassification forward pass alone (no tokenizer, no decoding) over
the same batches: sentences of the benchmark corpus, tokenized once, sorted by
length and packed into batches of at most --positions padded positions (as
accord's encoder batches are), at --threads torch threads. One untimed pass
over the first 20 batches first; the best of --reps timed passes is reported.

Paths: eager fp32; eager under CPU bf16 autocast (what accord runs); eager with
bf16 weights; TorchScript (trace + freeze) under autocast; TorchScript with
bf16 weights and oneDNN Graph fusion (torch.jit.enable_onednn_fusion: fused
matmul/bias/GELU/softmax/LayerNorm partitions); torch.compile (Inductor, C++
codegen) with bf16 weights; and eager bf16 with only the first 3 layers (what
accord's fast NER model computes).
"""

import argparse
import json
import subprocess
import sys
import time

PATHS = ["eager-fp32", "eager-autocast", "eager-bf16", "jit-autocast", "jit-onednn-bf16", "inductor-bf16",
         "eager-bf16-3-layers"]


def batches(tokenizer, texts, positions):
    import torch

    encoded = sorted((tokenizer(t, truncation=True, max_length=128)["input_ids"] for t in texts), key=len)
    groups, current = [], []
    for ids in encoded:
        if current and (len(current) + 1) * len(ids) > positions:
            groups.append(current)
            current = []
        current.append(ids)
    if current:
        groups.append(current)
    out = []
    for group in groups:
        width = max(len(ids) for ids in group)
        input_ids = torch.zeros(len(group), width, dtype=torch.long)
        mask = torch.zeros(len(group), width, dtype=torch.long)
        for row, ids in enumerate(group):
            input_ids[row, : len(ids)] = torch.tensor(ids)
            mask[row, : len(ids)] = 1
        out.append((input_ids, mask, torch.zeros_like(input_ids)))
    return out, sum(len(ids) for ids in encoded)


def measure(args) -> dict:
    import torch
    from transformers import AutoModelForTokenClassification, AutoTokenizer

    torch.set_num_threads(args.threads)
    tokenizer = AutoTokenizer.from_pretrained(args.model)
    model = AutoModelForTokenClassification.from_pretrained(args.model).eval()
    with open(args.sentences) as f:
        texts = [json.loads(line)["text"] for line in f][: args.limit]
    data, tokens = batches(tokenizer, texts, args.positions)

    path = args.path
    if path.startswith("eager-bf16") or path in ("jit-onednn-bf16", "inductor-bf16"):
        model = model.to(torch.bfloat16)
    if path == "eager-bf16-3-layers":
        model.bert.encoder.layer = model.bert.encoder.layer[:3]
    autocast = path in ("eager-autocast", "jit-autocast")

    def eager(ids, mask, types):
        return model(input_ids=ids, attention_mask=mask, token_type_ids=types).logits

    forward = eager
    with torch.no_grad(), torch.autocast("cpu", dtype=torch.bfloat16, enabled=autocast, cache_enabled=False):
        if path.startswith("jit"):
            if path == "jit-onednn-bf16":
                torch.jit.enable_onednn_fusion(True)
            traced = torch.jit.freeze(torch.jit.trace(model, data[len(data) // 2], strict=False))
            forward = traced
        elif path == "inductor-bf16":
            compiled = torch.compile(model, dynamic=True)

            def forward(ids, mask, types):
                return compiled(input_ids=ids, attention_mask=mask, token_type_ids=types).logits

        for batch in data[:20]:
            forward(*batch)
        best = float("inf")
        for _ in range(args.reps):
            started = time.perf_counter()
            for batch in data:
                forward(*batch)
            best = min(best, time.perf_counter() - started)
    return {"path": path, "tokens": tokens, "batches": len(data), "seconds": best, "tokens_per_s": tokens / best}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", required=True, help="the Hugging Face export of accord's NER model")
    parser.add_argument("--sentences", required=True, help="JSONL, one sentence per line in a 'text' field")
    parser.add_argument("--limit", type=int, default=4000, help="sentences used")
    parser.add_argument("--positions", type=int, default=1024, help="padded positions per batch at most")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--paths", default=" ".join(PATHS))
    parser.add_argument("--path", help=argparse.SUPPRESS)  # one path, in a child process
    args = parser.parse_args()
    if args.path:
        print(json.dumps(measure(args)))
        return
    results = []
    for path in args.paths.split():
        if path not in PATHS:
            sys.exit(f"unknown path {path}; choose from {PATHS}")
        print(f"measuring {path}", file=sys.stderr)
        child = [sys.executable, __file__, "--path", path] + [
            f"--{name}={getattr(args, name)}" for name in ("model", "sentences", "limit", "positions", "threads", "reps")
        ]
        run = subprocess.run(child, capture_output=True, text=True)
        if run.returncode != 0:
            print(run.stderr[-2000:], file=sys.stderr)
            results.append({"path": path, "failed": True})
            continue
        results.append(json.loads(run.stdout.strip().splitlines()[-1]))
    base = next((r["tokens_per_s"] for r in results if r["path"] == "eager-autocast" and "tokens_per_s" in r), None)
    first = next((r for r in results if "tokens" in r), {})
    print(f"{first.get('tokens', 0):,} word pieces in {first.get('batches', 0)} batches of at most {args.positions} "
          f"positions, {args.threads} threads, best of {args.reps}\n")
    print("| path | tokens/s | vs eager autocast |")
    print("|---|---|---|")
    for r in results:
        if r.get("failed"):
            print(f"| {r['path']} | failed | - |")
            continue
        ratio = f"{r['tokens_per_s'] / base:.2f}x" if base else "-"
        print(f"| {r['path']} | {r['tokens_per_s']:,.0f} | {ratio} |")


if __name__ == "__main__":
    main()
