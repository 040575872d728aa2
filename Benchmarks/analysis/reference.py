#!/usr/bin/env python3
"""Reference: naive per-contact reply pairing + median latency in pure Python (what a VADER-era script does),
over the NDJSON the benchmark wrote. Prints its time so the runner can print the ratio."""
import json, sys, time, statistics
from collections import defaultdict

t0 = time.process_time()
per = defaultdict(list)
with open(sys.argv[1]) as f:
    for line in f:
        r = json.loads(line)
        per[r["c"]].append((r["s"], r["t"], r["i"]))
lat = defaultdict(list)
for c, evs in per.items():
    evs.sort()
    state = {}
    for s, t, inbound in evs:
        st = state.get(t)
        if st is not None and st[0] != inbound:
            if inbound:
                lat[c].append(s - st[1])
            state[t] = (inbound, s)
        elif st is None:
            state[t] = (inbound, s)
med = {c: statistics.median(v) for c, v in lat.items() if v}
print(f"python reference (pairing + median their latency): {time.process_time() - t0:.2f} s for {len(per)} contacts")
