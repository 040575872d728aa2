#!/usr/bin/env python3
"""Scores stdin lines (split on b'\\n', one trailing b'\\r' dropped, UTF-8 with replacement) with the
reference vaderSentiment and prints NDJSON {compound, neg, neu, pos, text}, keys sorted."""
import json, sys
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

def main():
    analyzer = SentimentIntensityAnalyzer()
    data = sys.stdin.buffer.read()
    lines = data.split(b"\n")
    if lines and lines[-1] == b"":
        lines.pop()
    out = []
    for raw in lines:
        if raw.endswith(b"\r"): raw = raw[:-1]
        text = raw.decode("utf-8", "replace")
        s = analyzer.polarity_scores(text)
        s["text"] = text
        out.append(json.dumps(s, sort_keys=True, ensure_ascii=False, separators=(",", ":")))
    sys.stdout.write("\n".join(out) + ("\n" if out else ""))

main()
