#!/usr/bin/env python3
"""Reference: Python's json loading of every file of a Slack export folder plus the same field
extraction the Swift reader does (id, ts → seconds/microseconds, author lookup, text, subtype,
thread_ts, edited, reactions string, file count). Prints messages, seconds, messages/s, peak RSS."""
import json, os, resource, sys, time

root = sys.argv[1]
t = time.perf_counter()
users = {u["id"]: u for u in json.load(open(os.path.join(root, "users.json")))}
convs = []
for name in ("channels.json", "groups.json", "dms.json", "mpims.json"):
    p = os.path.join(root, name)
    if os.path.exists(p):
        for c in json.load(open(p)):
            convs.append((c.get("name") or c["id"], c["id"]))
convs.sort()
n = 0
chars = 0
for folder, cid in convs:
    d = os.path.join(root, folder)
    if not os.path.isdir(d):
        continue
    for day in sorted(os.listdir(d)):
        msgs = json.load(open(os.path.join(d, day), encoding="utf-8"))
        msgs.sort(key=lambda m: m.get("ts", ""))
        for m in msgs:
            ts = m["ts"]
            sec, _, frac = ts.partition(".")
            seconds, micros = int(sec), int((frac + "000000")[:6])
            mid = cid + "/" + ts
            u = users.get(m.get("user"))
            name = (u.get("real_name") or u["profile"].get("display_name")) if u else m.get("user")
            email = u["profile"].get("email", "").lower() if u else None
            text = m.get("text", "")
            subtype = m.get("subtype")
            thread = m.get("thread_ts")
            edited = "edited" in m
            reactions = ";".join(r["name"] + ":" + ",".join(sorted(r.get("users", [])))
                                 for r in sorted(m.get("reactions", []), key=lambda r: r["name"]))
            files = len(m.get("files", []))
            n += 1
            chars += len(text)
dt = time.perf_counter() - t
ru = resource.getrusage(resource.RUSAGE_SELF)
cpu = ru.ru_utime + ru.ru_stime
print(f"python json: {n} messages in {dt:.2f} s = {n / dt:,.0f} msg/s; CPU {cpu:.2f} s = {n / cpu:,.0f} msg/s CPU; "
      f"peak RSS {ru.ru_maxrss / 1024:.0f} MiB (text chars {chars})")
