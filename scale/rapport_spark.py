#!/usr/bin/env python3
"""Rapport on Apache Spark: map shards on executors, reduce on the driver.

The map stage runs the `rapport` binary on each executor over a partition of shards
(`rapport ingest --shards - --partials -`); the partials (NDJSON, docs/partials.md) come back
as an RDD of lines, are saved as text files, and the driver runs the reduce
(`rapport analyze --from-partials DIR`). The report equals a single-machine
`rapport analyze CORPUS` byte for byte.

Usage (local mode):
  python3 scale/rapport_spark.py --rapport .build/debug/rapport --master 'local[2]' \
      --out /tmp/report.json corpora/demo
On a cluster see scale/README.md (spark-submit, --files rapport, --archives data).
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile


def resolve_binary(name):
    """The rapport binary: a path that exists here, else the copy Spark shipped (--files)."""
    if os.path.isfile(name) and os.access(name, os.X_OK):
        return os.path.abspath(name)
    from pyspark import SparkFiles

    shipped = SparkFiles.get(os.path.basename(name))
    if os.path.isfile(shipped):
        os.chmod(shipped, 0o755)
        return shipped
    raise RuntimeError("rapport binary not found: %s (ship it with --files)" % name)


def map_partition(binary, extra):
    """Runs one `rapport ingest --shards -` process per partition; yields its partial lines."""

    def run(shards):
        shards = list(shards)
        if not shards:
            return
        exe = resolve_binary(binary)
        proc = subprocess.run(
            [exe, "ingest", "--shards", "-", "--partials", "-"] + extra,
            input=("\n".join(shards) + "\n").encode("utf-8"),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        if proc.returncode != 0:
            raise RuntimeError(
                "rapport map failed (exit %d): %s"
                % (proc.returncode, proc.stderr.decode("utf-8", "replace"))
            )
        for line in proc.stdout.decode("utf-8").splitlines():
            yield line

    return run


def main(argv):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("inputs", nargs="*", help="corpus paths (the driver lists their shards)")
    p.add_argument("--shard-list", help="a file of shard lines (`rapport ingest --list-shards`), e.g. on HDFS")
    p.add_argument("--rapport", default="rapport", help="rapport binary (path here, or name shipped with --files)")
    p.add_argument("--data", help="rapport data directory on the executors (lexicons/, profiles/)")
    p.add_argument("--master", help="Spark master (default: from spark-submit, else local[2])")
    p.add_argument("--partitions", type=int, default=0, help="map partitions (default: one per shard)")
    p.add_argument("--partials", help="where the partials are saved (default: a temp dir on the driver)")
    p.add_argument("--format", default="json", help="report format (passed to rapport analyze)")
    p.add_argument("--out", help="report file (default: stdout)")
    p.add_argument("--me", action="append", default=[], help="passed to rapport (map and reduce)")
    p.add_argument("--internal-domain", action="append", default=[], help="passed to rapport")
    p.add_argument("--as-of", help="passed to rapport (map and reduce)")
    p.add_argument("--config", help="passed to rapport (map and reduce)")
    args = p.parse_args(argv)

    extra = []
    for m in args.me:
        extra += ["--me", m]
    for d in args.internal_domain:
        extra += ["--internal-domain", d]
    if args.as_of:
        extra += ["--as-of", args.as_of]
    if args.config:
        extra += ["--config", args.config]
    if args.data:
        extra += ["--data", args.data]

    local_binary = resolve_local(args.rapport)
    if args.shard_list:
        with open(args.shard_list, encoding="utf-8") as f:
            shards = [l for l in f.read().splitlines() if l.strip()]
    else:
        if not args.inputs:
            p.error("give corpus paths or --shard-list")
        listing = subprocess.run(
            [local_binary, "ingest", "--list-shards"] + args.inputs + extra, stdout=subprocess.PIPE, check=True
        )
        shards = [l for l in listing.stdout.decode("utf-8").splitlines() if l.strip()]

    from pyspark.sql import SparkSession

    builder = SparkSession.builder.appName("rapport")
    if args.master:
        builder = builder.master(args.master)
    elif "spark.master" not in os.environ.get("SPARK_CONF", "") and not os.environ.get("SPARK_ENV_LOADED"):
        builder = builder.master("local[2]")
    spark = builder.getOrCreate()
    sc = spark.sparkContext
    sc.setLogLevel("WARN")
    try:
        partitions = args.partitions or max(1, len(shards))
        rdd = sc.parallelize(shards, partitions)
        partials = rdd.mapPartitions(map_partition(args.rapport, extra))
        tmp = None
        out_dir = args.partials
        if out_dir is None:
            tmp = tempfile.mkdtemp(prefix="rapport-partials-")
            out_dir = os.path.join(tmp, "partials")
        elif os.path.exists(out_dir):
            shutil.rmtree(out_dir)
        remote = "://" in out_dir and not out_dir.startswith("file://")
        partials.saveAsTextFile(out_dir if "://" in out_dir else "file://" + os.path.abspath(out_dir))
        if remote:
            # Partials on HDFS/S3: stream them to one local file for the reduce (shards are
            # self-contained, so concatenation in any order is valid).
            tmp = tmp or tempfile.mkdtemp(prefix="rapport-partials-")
            local = os.path.join(tmp, "partials.ndjson")
            with open(local, "w", encoding="utf-8") as f:
                for line in sc.textFile(out_dir).toLocalIterator():
                    f.write(line + "\n")
            out_dir = local
    finally:
        spark.stop()

    reduce_cmd = [local_binary, "analyze", "--from-partials", out_dir, "--format", args.format] + extra
    if args.out:
        reduce_cmd += ["--out", args.out]
    status = subprocess.run(reduce_cmd).returncode
    if tmp:
        shutil.rmtree(tmp, ignore_errors=True)
    return status


def resolve_local(name):
    """The driver's own rapport binary (for the shard listing and the reduce)."""
    if os.path.isfile(name):
        return os.path.abspath(name)
    found = shutil.which(name)
    if found:
        return found
    raise SystemExit("rapport binary not found on the driver: %s" % name)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
