#!/usr/bin/env python3
"""Generates an mbox of many small messages between many correspondents (seeded, deterministic): the
common real shape (Enron-like inboxes: ~400-byte messages, threads of a few replies) that per-message
costs dominate, unlike gen_mbox.py's attachment-heavy mix.

usage: gen_many.py OUT MESSAGES CONTACTS [MAX_THREAD]   (e.g. gen_many.py /tmp/many-200k.mbox 200000 20000)
Us is the domain ourco.com (pass --internal-domain ourco.com); dates advance by up to ~2 h a message.
"""
import email.utils
import random
import sys

out, n, contacts = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
maxthread = int(sys.argv[4]) if len(sys.argv) > 4 else 6
rng = random.Random(7)
W = ("the project update meeting contract renewal invoice thanks please review attached schedule customer support "
     "issue resolved delayed shipment quarter numbers budget approval great work concerned disappointed happy "
     "excellent timeline escalate priority follow call tomorrow could you send any update").split()
def para(): return " ".join(" ".join(rng.choice(W) for _ in range(rng.randint(5, 14))).capitalize() + rng.choice([".", "?", "!"]) for _ in range(rng.randint(1, 4)))
us = [f"agent{i}@ourco.com" for i in range(20)]
doms = [f"cust{i}.com" for i in range(contacts // 3 + 1)] + ["gmail.com"]
them = [f"c{i}@{rng.choice(doms)}" for i in range(contacts)]
f = open(out, "w")
i = 0; t = 1_600_000_000; tid = 0
while i < n:
    c = rng.choice(them); a = rng.choice(us); tid += 1
    k = rng.randint(1, maxthread); prev = None
    for j in range(k):
        if i >= n: break
        t += rng.randint(10, 4000)
        inbound = (j % 2 == 0)
        frm, to = (c, a) if inbound else (a, c)
        d = email.utils.formatdate(t + rng.randint(0, 3600 * 30), localtime=False)
        mid = f"<g{i}@x>"
        hdr = f"From {frm} Mon Jan  1 00:00:00 2024\nMessage-ID: {mid}\nDate: {d}\nFrom: {frm}\nTo: {to}\nSubject: {'Re: ' if j else ''}Topic {tid}\n"
        if prev: hdr += f"In-Reply-To: {prev}\nReferences: {prev}\n"
        f.write(hdr + "\n" + ("Hi,\n" if rng.random() < .5 else "") + para() + "\n\nThanks,\nName\n\n")
        prev = mid; i += 1
