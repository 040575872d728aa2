#!/usr/bin/env python3
"""Agreement of `rapport sentiment --engine vader` with vaderSentiment 3.3.2 on the same sentences.

usage: compare.py [--count N] [--seed S] [--input FILE] [--rapport PATH] [--venv DIR] [--show K]
Creates the virtual environment with the reference on first use (pip install vaderSentiment==3.3.2),
generates the sentences (gen_sentences.py) unless --input is given, scores them with both and prints the
agreement rate (all four numbers equal after the reference's rounding) and the first differences.
"""
import argparse, json, os, subprocess, sys, time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))

def ensure_venv(venv):
    py = os.path.join(venv, "bin", "python")
    if not os.path.exists(py):
        subprocess.check_call([sys.executable, "-m", "venv", venv])
    if subprocess.call([py, "-c", "import vaderSentiment"], stderr=subprocess.DEVNULL) != 0:
        subprocess.check_call([py, "-m", "pip", "install", "-q", "vaderSentiment==3.3.2"])
    return py

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--count", type=int, default=25000)
    ap.add_argument("--seed", type=int, default=20140601)
    ap.add_argument("--input")
    ap.add_argument("--rapport", default=os.path.join(ROOT, ".build", "release", "rapport"))
    ap.add_argument("--venv", default="/tmp/venv-sentiment")
    ap.add_argument("--show", type=int, default=20)
    a = ap.parse_args()
    py = ensure_venv(a.venv)
    if a.input:
        data = open(a.input, "rb").read()
    else:
        data = subprocess.check_output([sys.executable, os.path.join(HERE, "gen_sentences.py"), str(a.count), str(a.seed)])
    t0 = time.time()
    ref = subprocess.run([py, os.path.join(HERE, "reference.py")], input=data, capture_output=True, check=True).stdout
    t1 = time.time()
    ours = subprocess.run([a.rapport, "sentiment", "--engine", "vader", "--data", ROOT], input=data,
                          capture_output=True, check=True).stdout
    t2 = time.time()
    ref_lines = ref.decode("utf-8").split("\n")
    if ref_lines and ref_lines[-1] == "": ref_lines.pop()
    our_lines = ours.decode("utf-8").split("\n")
    if our_lines and our_lines[-1] == "": our_lines.pop()
    if len(ref_lines) != len(our_lines):
        print(f"line count differs: reference {len(ref_lines)}, rapport {len(our_lines)}")
    n = min(len(ref_lines), len(our_lines))
    same = 0
    shown = 0
    for k in range(n):
        r = json.loads(ref_lines[k]); o = json.loads(our_lines[k])
        keys = ("compound", "neg", "neu", "pos")
        if all(r[x] == o[x] for x in keys) and r["text"] == o["text"]:
            same += 1
        elif shown < a.show:
            shown += 1
            print(f"line {k + 1}: {r['text']!r}")
            print("   reference", {x: r[x] for x in keys})
            print("   rapport  ", {x: o[x] for x in keys})
    print(f"sentences: {n}  bytes: {len(data)}")
    print(f"agreement: {same}/{n} = {100.0 * same / max(n, 1):.4f}%")
    print(f"time: reference {t1 - t0:.2f}s, rapport (vader engine) {t2 - t1:.2f}s")
    sys.exit(0 if same == n and len(ref_lines) == len(our_lines) else 1)

main()
