#!/usr/bin/env python3
"""Three-class accuracy of `rapport sentiment` on the business probe messages (business_probes.tsv).

usage: probes.py [--rapport PATH] [--data DIR] [--engines vader,rapport] [--misses]

Each probe is labelled -1 / 0 / +1 (written for Rapport, labelled before scoring). A compound >= 0.05 is
positive, <= -0.05 negative, else neutral (VADER's documented thresholds). Prints accuracy per probe set
(tune, heldout1 … heldout9; see the file's header) and engine; --misses lists the Rapport
engine's misclassified probes.
"""
import argparse, json, os, subprocess

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rapport", default=os.path.join(ROOT, ".build", "release", "rapport"))
    ap.add_argument("--data", default=ROOT)
    ap.add_argument("--engines", default="vader,rapport")
    ap.add_argument("--misses", action="store_true")
    a = ap.parse_args()
    rows = []
    with open(os.path.join(HERE, "business_probes.tsv"), encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            label, group, text = line.rstrip("\n").split("\t", 2)
            rows.append((int(label), group, text))
    groups = sorted({g for _, g, _ in rows}, key=lambda g: (g != "tune", g))
    data = ("\n".join(t for _, _, t in rows) + "\n").encode()
    print(f"{'set':<10}{'n':>5}  " + "  ".join(f"{e:>8}" for e in a.engines.split(",")))
    results = {}
    for e in a.engines.split(","):
        out = subprocess.run([a.rapport, "sentiment", "--engine", e, "--data", a.data], input=data,
                             capture_output=True, check=True).stdout.decode().splitlines()
        assert len(out) == len(rows)
        comp = [json.loads(l)["compound"] or 0.0 for l in out]
        results[e] = [1 if c >= 0.05 else (-1 if c <= -0.05 else 0) for c in comp], comp
    for g in groups + ["all"]:
        idx = [i for i, r in enumerate(rows) if g == "all" or r[1] == g]
        cells = []
        for e in a.engines.split(","):
            pred = results[e][0]
            ok = sum(1 for i in idx if pred[i] == rows[i][0])
            cells.append(f"{ok:>4}/{len(idx):<3}")
        print(f"{g:<10}{len(idx):>5}  " + "  ".join(cells))
    if a.misses and "rapport" in results:
        pred, comp = results["rapport"]
        for i, (label, g, text) in enumerate(rows):
            if pred[i] != label:
                print(f"miss {g:<9} label {label:+d} compound {comp[i]:+.4f}  {text}")

if __name__ == "__main__":
    main()
