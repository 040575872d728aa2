#!/usr/bin/env python3
"""Synthetic partials for the reduce-stage benchmark (seeded, deterministic).

usage: gen_partials.py TEMPLATE_PARTIAL OUT_DIR MESSAGES SHARDS [SEED]

TEMPLATE_PARTIAL is any partial written by this rapport build (`rapport ingest X --partials F`): its
header supplies the tool version and the config/lexicon hashes the reduce checks. Each shard is one
mailbox of `MESSAGES / SHARDS` messages between "us" (me@ourco.example, inferred at reduce time from
the merged sender evidence) and 4,000 contacts at 400 companies over two years; direction is left
`unknown` (classified at reduce), text is kept for the last 180 days only, as the map stage does.
"""
import json
import os
import random
import sys

template, out_dir, total, shards = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
rng = random.Random(int(sys.argv[5]) if len(sys.argv) > 5 else 7)
with open(template, encoding="utf-8") as f:
    base = json.loads(f.readline())["header"]
os.makedirs(out_dir, exist_ok=True)

ME = {"display_name": "Sam Us", "email": "me@ourco.example", "id": "me@ourco.example"}
COMPANIES = [f"company{i}.example" for i in range(400)]
CONTACTS = [{"display_name": f"Contact {i}", "email": f"c{i}@{COMPANIES[i % 400]}", "id": f"c{i}@{COMPANIES[i % 400]}"}
            for i in range(4000)]
TEXTS = ["Thanks for the quick update, that works for us.", "Can you send the revised contract by Friday?",
         "We are disappointed with the delay; please escalate.", "Great call today! Talk tomorrow.",
         "Following up on my previous request about the invoice.", "Per our agreement, kindly confirm receipt."]
START = 1_700_000_000
SPAN = 2 * 365 * 86_400
NEWEST = START + SPAN
CUTOFF = NEWEST - 180 * 86_400
per = total // shards


def participant(p):
    d = {"displayName": p["display_name"], "email": p["email"], "id": p["id"]}
    return d


def iso(t):
    import datetime
    return datetime.datetime.fromtimestamp(t, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


for s in range(shards):
    path = os.path.join(out_dir, f"shard-{s:04d}.ndjson")
    header = dict(base)
    header["shard"] = {"order": s, "part": 0, "path": f"/archive/mailbox-{s:04d}.mbox", "format": "mbox"}
    summary = {"files": 1, "bytes": per * 4000, "read": per, "emitted": per, "skipped": {}, "excluded": {},
               "problems": []}
    header["summary"] = summary
    senders = {}
    lines = []
    for i in range(per):
        n = s * per + i
        c = CONTACTS[rng.randrange(4000)]
        t = START + rng.randrange(SPAN)
        if s == 0 and i == 0:
            t = NEWEST
        outbound = rng.random() < 0.5
        frm, to = (ME, c) if outbound else (c, ME)
        senders[frm["email"]] = senders.get(frm["email"], 0) + 1
        keep = t >= CUTOFF
        text = rng.choice(TEXTS)
        rec = {
            "id": f"m{n}@synthetic", "source": "mbox", "thread": f"t{n // 3}", "date": iso(t), "channel": "email",
            "from": participant(frm), "to": [participant(to)], "cc": [], "direction": "unknown",
            "conversational": True, "words": len(text.split()), "sentiment": round(rng.uniform(-0.8, 0.9), 4),
            "marker_mask": rng.choice([0, 16, 32, 4096]), "asks": "?" in text, "closer": False, "mobile": False,
            "markers": [], "text_dropped": not keep,
        }
        if n % 3:
            rec["parent"] = f"m{n - 1}@synthetic"
        if keep:
            rec["text"] = text
        lines.append(json.dumps({"message": rec}, sort_keys=True, separators=(",", ":")))
    header["evidence"] = {"senders": senders, "sentLabelSenders": {}, "recipientsPerSender": {}, "slackTeams": {},
                          "slackTeamEmailDomains": {}}
    header["text_from"] = CUTOFF
    header["as_of"] = None
    with open(path, "w", encoding="utf-8") as f:
        f.write(json.dumps({"header": header}, sort_keys=True, separators=(",", ":")) + "\n")
        f.write("\n".join(lines) + "\n")
        f.write(json.dumps({"end": {"records": per}}) + "\n")
print(f"{shards} shards x {per} messages -> {out_dir}")
