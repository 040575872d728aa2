#!/usr/bin/env python3
"""Accuracy of `rapport sentiment` against human ratings: the four VADER ground-truth sets.

usage: accuracy.py [--rapport PATH] [--cache DIR] [--engines vader,rapport]

The data are the human-rated snippets of Hutto & Gilbert (ICWSM 2014) that ship inside the
vaderSentiment 3.3.2 source distribution (`additional_resources/hutto_ICWSM_2014.tar.gz`; MIT, like
the lexicon): 4,200 tweets, 10,605 movie-review, 3,708 Amazon-review and 5,190 NYT-editorial snippets,
each rated by 20 people from -4 to +4 (the file holds the mean). The script fetches the sdist with
`pip download` into --cache on first use; nothing is committed to the repository.

For each set and engine it prints:
- r: Pearson correlation of `compound` with the mean human rating (the paper's metric);
- F1: macro F1 of the three classes, truth  > +0.5 positive, < -0.5 negative, else neutral; ours
  compound >= 0.05 positive, <= -0.05 negative, else neutral (VADER's documented thresholds);
- a null compound (no lexicon for the guessed language) counts as 0 and is reported;
- sign: on the clearly polar snippets (|mean| >= 1), the share whose compound has the same sign.
"""
import argparse, glob, json, math, os, subprocess, sys, tarfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
SETS = ["tweets", "movieReviewSnippets", "amazonReviewSnippets", "nytEditorialSnippets"]

def fetch(cache):
    gt = os.path.join(cache, "hutto_ICWSM_2014")
    if os.path.isdir(gt):
        return gt
    os.makedirs(cache, exist_ok=True)
    subprocess.check_call([sys.executable, "-m", "pip", "download", "-q", "--no-deps", "--no-binary", ":all:",
                           "-d", cache, "vaderSentiment==3.3.2"])
    sdist = glob.glob(os.path.join(cache, "vaderSentiment-3.3.2.tar.gz"))[0]
    with tarfile.open(sdist) as t:
        inner = t.extractfile("vaderSentiment-3.3.2/additional_resources/hutto_ICWSM_2014.tar.gz")
        with tarfile.open(fileobj=inner) as t2:
            for m in t2.getmembers():
                if m.name.endswith("_GroundTruth.txt"):
                    m.name = os.path.join("hutto_ICWSM_2014", os.path.basename(m.name))
                    t2.extract(m, cache)
    return gt

def load(path):
    rows = []
    with open(path, "rb") as f:
        for raw in f:
            parts = raw.decode("utf-8", "replace").rstrip("\r\n").split("\t", 2)
            if len(parts) == 3:
                rows.append((float(parts[1]), parts[2].replace("\r", " ")))
    return rows

def pearson(x, y):
    n = len(x); mx = sum(x) / n; my = sum(y) / n
    sxy = sum((a - mx) * (b - my) for a, b in zip(x, y))
    sxx = sum((a - mx) ** 2 for a in x); syy = sum((b - my) ** 2 for b in y)
    return sxy / math.sqrt(sxx * syy)

def cls(v, t):
    return 1 if v > t else (-1 if v < -t else 0)

def macro_f1(truth, pred):
    f = []
    for c in (-1, 0, 1):
        tp = sum(1 for a, b in zip(truth, pred) if a == c and b == c)
        fp = sum(1 for a, b in zip(truth, pred) if a != c and b == c)
        fn = sum(1 for a, b in zip(truth, pred) if a == c and b != c)
        p = tp / (tp + fp) if tp + fp else 0.0; r = tp / (tp + fn) if tp + fn else 0.0
        f.append(2 * p * r / (p + r) if p + r else 0.0)
    return sum(f) / 3

def score(rapport, engine, texts):
    data = ("\n".join(texts) + "\n").encode()
    out = subprocess.run([rapport, "sentiment", "--engine", engine, "--data", ROOT], input=data,
                         capture_output=True, check=True).stdout.decode().splitlines()
    assert len(out) == len(texts), (len(out), len(texts))
    return [json.loads(l)["compound"] for l in out]  # None: no lexicon for the guessed language

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rapport", default=os.path.join(ROOT, ".build", "release", "rapport"))
    ap.add_argument("--cache", default="/tmp/rapport-vader-groundtruth")
    ap.add_argument("--engines", default="vader,rapport")
    a = ap.parse_args()
    gt = fetch(a.cache)
    engines = a.engines.split(",")
    nulls = {}
    print(f"{'set':<22}{'n':>7}  " + "  ".join(f"{e + ' r':>10}{'F1':>7}{'sign':>7}" for e in engines))
    for name in SETS:
        rows = load(os.path.join(gt, f"{name}_GroundTruth.txt"))
        truth = [r[0] for r in rows]; texts = [r[1] for r in rows]
        cells = []
        for e in engines:
            raw = score(a.rapport, e, texts)
            nulls[e] = nulls.get(e, 0) + sum(1 for c in raw if c is None)
            comp = [0.0 if c is None else c for c in raw]
            polar = [(t, c) for t, c in zip(truth, comp) if abs(t) >= 1]
            sign = sum(1 for t, c in polar if (c > 0) == (t > 0) and c != 0) / len(polar)
            f1 = macro_f1([cls(t, 0.5) for t in truth], [cls(c, 0.0499) for c in comp])
            cells.append(f"{pearson(comp, truth):>10.3f}{f1:>7.3f}{sign:>7.3f}")
        print(f"{name:<22}{len(rows):>7}  " + "  ".join(cells))
    for e in engines:
        print(f"{e}: {nulls.get(e, 0)} snippets got sentiment null (scored 0 above)")

if __name__ == "__main__":
    main()
