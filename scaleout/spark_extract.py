#!/usr/bin/env python3
"""accord as a stage of a Spark job: JSONL documents in, RECORD_FORMAT records out.

    spark-submit scaleout/spark_extract.py INPUT OUTPUT --accord /opt/accord/bin/accord \\
        [--threads 1] [--partitions 64]

INPUT is any path Spark's textFile reads (local, HDFS, S3, a glob), one
RECORD_FORMAT document per line; OUTPUT is a directory of JSONL part files,
one record per input line (`accord merge --input INPUT OUTPUT/part-*` puts
them in input order; `spark.read.json(OUTPUT)` reads them as a table).

Each partition is piped through one `accord extract -` process (RDD.pipe), so
the models are loaded once per partition. Spark writes a task's output through
its output committer, so a task that fails and is retried contributes the
records of its successful attempt only: every document comes out exactly once.
accord must exist at the same path on every executor, with its models
(ACCORD_* variables of the driver are passed on to it).
"""
import argparse
import os
import shlex
import sys

from pyspark import TaskContext
from pyspark.sql import SparkSession


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("input", help="JSONL documents: any path or glob Spark can read")
    p.add_argument("output", help="directory for the JSONL part files (must not exist)")
    p.add_argument("--accord", default="accord", help="accord binary, same path on every executor")
    p.add_argument("--threads", type=int, default=1, help="accord threads per task (match spark.task.cpus)")
    p.add_argument("--partitions", type=int, default=None, help="at least this many input partitions")
    p.add_argument("--master", default=None, help="Spark master when not run by spark-submit, e.g. local[2,2]")
    p.add_argument(
        "--fail-once",
        type=int,
        metavar="PARTITION",
        default=None,
        help="testing: fail the first attempt of this partition after it has written some records",
    )
    return p.parse_args()


def fail_first_attempt(target: int, after: int):
    """A partition function that raises in the first attempt of partition
    `target` once `after` records have gone to the output writer (or at the
    partition's end, if it has fewer)."""

    def run(index, records):
        fail = index == target and TaskContext.get().attemptNumber() == 0
        for n, record in enumerate(records):
            if fail and n == after:
                raise RuntimeError(f"injected failure: partition {index}, attempt 0, after {n} records")
            yield record
        if fail:
            raise RuntimeError(f"injected failure: partition {index}, attempt 0, at its end")

    return run


def failed_task_attempts(sc) -> int:
    tracker = sc.statusTracker()
    failed = 0
    for job in tracker.getJobIdsForGroup():
        info = tracker.getJobInfo(job)
        for stage in info.stageIds if info else []:
            stage_info = tracker.getStageInfo(stage)
            failed += stage_info.numFailedTasks if stage_info else 0
    return failed


def main() -> int:
    args = parse_args()
    # No console progress bar: accord's per-partition summaries go to stderr too.
    builder = SparkSession.builder.appName("accord-extract").config("spark.ui.showConsoleProgress", "false")
    if args.master:
        builder = builder.master(args.master)
    spark = builder.getOrCreate()
    sc = spark.sparkContext
    lines = sc.textFile(args.input, minPartitions=args.partitions)
    command = shlex.join([args.accord, "extract", "-", "--quiet", "--threads", str(args.threads)])
    # RDD.pipe starts the process with exactly this environment; accord needs no
    # variables except where its models are not in the build's default places.
    env = {k: v for k, v in os.environ.items() if k.startswith(("ACCORD_", "ONEDNN_", "OMP_"))}
    # checkCode: an accord that dies fails the task (and Spark retries it)
    # instead of silently ending the partition early.
    records = lines.pipe(command, env=env, checkCode=True)
    if args.fail_once is not None:
        records = records.mapPartitionsWithIndex(fail_first_attempt(args.fail_once, after=5))
    records.saveAsTextFile(args.output)
    failed = failed_task_attempts(sc)
    print(
        f"spark_extract: {lines.getNumPartitions()} partitions written to {args.output}; "
        f"{failed} failed task attempts retried",
        file=sys.stderr,
    )
    spark.stop()
    if args.fail_once is not None and failed == 0:
        print("spark_extract: --fail-once was given but no task attempt failed", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
