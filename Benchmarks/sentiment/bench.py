#!/usr/bin/env python3
"""Throughput of `rapport sentiment` (release build) vs vaderSentiment 3.3.2 on the same sentences, in one run.

usage: bench.py [--mb 10] [--rapport PATH] [--venv DIR] [--skip-long]
Generates >= --mb MB of varied sentences (gen_sentences.py) into /tmp, scores them with the reference
(reference.py) and with `rapport sentiment --engine vader|rapport` (--threads 1 and 2), and prints CPU
seconds (user+sys of the child) and wall seconds, plus "per core" speed-ups = reference CPU / rapport CPU.
Then scores single long documents of growing size with both to show cost vs length (linear vs quadratic).
"""
import argparse, os, resource, subprocess, sys, time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))

def run(cmd, data):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.time()
    out = subprocess.run(cmd, input=data, stdout=subprocess.PIPE, check=True).stdout
    wall = time.time() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return cpu, wall, out

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--mb", type=float, default=10.0)
    ap.add_argument("--rapport", default=os.path.join(ROOT, ".build", "release", "rapport"))
    ap.add_argument("--venv", default="/tmp/venv-sentiment")
    ap.add_argument("--skip-long", action="store_true")
    a = ap.parse_args()
    py = os.path.join(a.venv, "bin", "python")
    if not os.path.exists(py):
        sys.exit("run compare.py first (it creates the virtual environment with the reference)")
    path = f"/tmp/rapport-sentiment-bench-{a.mb:g}mb.txt"
    if not os.path.exists(path):
        lines = int(a.mb * 1024 * 1024 / 80) + 1  # ~82 bytes per generated line
        with open(path, "wb") as f:
            subprocess.run([sys.executable, os.path.join(HERE, "gen_sentences.py"), str(lines), "424242"],
                           stdout=f, check=True)
    data = open(path, "rb").read()
    n = data.count(b"\n")
    print(f"input: {path}: {len(data) / 1e6:.1f} MB, {n} lines")
    ref_cpu, ref_wall, ref_out = run([py, os.path.join(HERE, "reference.py")], data)
    print(f"reference vaderSentiment 3.3.2: cpu {ref_cpu:.2f}s wall {ref_wall:.2f}s "
          f"({len(data) / 1e6 / ref_cpu:.2f} MB/s per core)")
    rapport = [a.rapport, "sentiment", "--data", ROOT]
    for engine, target in (("vader", 100), ("rapport", 50)):
        for threads in (1, 2):
            cpu, wall, out = run(rapport + ["--engine", engine, "--threads", str(threads)], data)
            same = "identical output" if out == ref_out else "output differs"
            extra = f", {same} to the reference" if engine == "vader" else ""
            print(f"rapport --engine {engine} --threads {threads}: cpu {cpu:.2f}s wall {wall:.2f}s "
                  f"({len(data) / 1e6 / cpu:.1f} MB/s per core) -> per core x{ref_cpu / cpu:.0f} "
                  f"(target x{target}), wall x{ref_wall / wall:.0f}{extra}")
    if a.skip_long:
        return
    print("long documents (one line each): seconds (cpu) by size")
    import random
    rng = random.Random(5)
    words = open(path, "rb").read(4_000_000).split()
    for kb in (25, 50, 100, 200):
        doc = b""
        while len(doc) < kb * 1024:
            doc += rng.choice(words) + b" "
        doc += b"\n"
        ref = run([py, os.path.join(HERE, "reference.py")], doc)[0] if kb <= 100 else float("nan")
        vad = run(rapport + ["--engine", "vader", "--threads", "1"], doc)[0]
        rap = run(rapport + ["--engine", "rapport", "--threads", "1"], doc)[0]
        print(f"  {kb:4d} KB: reference {ref:7.2f}s   rapport vader {vad:6.3f}s   rapport rapport {rap:6.3f}s")

main()
