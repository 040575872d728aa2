#!/usr/bin/env python3
"""Writes mboxes for the store benchmark: all.mbox (N messages) and part0..part3.mbox, four
overlapping halves-of-the-range (part i holds messages [i*N/5, i*N/5 + 2N/5)), whose union is all N.

usage: gen.py OUT_DIR N
"""
import os
import sys

out, n = sys.argv[1], int(sys.argv[2])
os.makedirs(out, exist_ok=True)
WORDS = "thanks for the update the rollout went well please review the invoice see you tomorrow".split()


def message(i):
    who = f"person{i % 97}@client{i % 13}.example"
    inbound = i % 2 == 0
    frm, to = (who, "sam@ourco.example") if inbound else ("sam@ourco.example", who)
    day, hour, minute = 1 + i % 28, i % 24, i % 60
    body = " ".join(WORDS[(i + k) % len(WORDS)] for k in range(40))
    return (f"From {frm} Mon Jan {day:2d} {hour:02d}:{minute:02d}:00 2024\n"
            f"From: {frm}\nTo: {to}\nSubject: Re: rollout {i % 500}\n"
            f"Date: Mon, {day:02d} Jan 2024 {hour:02d}:{minute:02d}:{i % 60:02d} +0000\n"
            f"Message-ID: <bench-{i}@store.example>\n\n{body}\n\n")


def write(path, ids):
    with open(path, "w") as f:
        for i in ids:
            f.write(message(i))


write(f"{out}/all.mbox", range(n))
step = n // 5
for w in range(4):
    write(f"{out}/part{w}.mbox", range(w * step, w * step + 2 * step))
