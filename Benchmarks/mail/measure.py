#!/usr/bin/env python3
"""Runs cat, rapport ingest and the Python reference on one file; prints wall and CPU time, MB/s,
peak RSS and ratios. usage: measure.py RAPPORT_BIN MBOX"""
import os
import resource
import subprocess
import sys
import time

rapport, path = sys.argv[1], sys.argv[2]
here = os.path.dirname(os.path.abspath(__file__))
mb = os.path.getsize(path) / 1e6


def run(cmd, stdout=subprocess.DEVNULL):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    p = subprocess.run(cmd, stdout=stdout, stderr=subprocess.PIPE, check=True)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, after.ru_maxrss // 1024, p


results = {}
# The reference is cat reading the file from the page cache: one untimed read warms it, then the best
# of three runs counts (a cold first read would flatter rapport).
run(["cat", path])
results["cat"] = min((run(["cat", path]) for _ in range(3)), key=lambda r: r[0])
# A second, informational I/O reference: reading the file past the page cache (O_DIRECT), as a mailbox
# that is not cached yet (a fresh multi-GB export) is read from the disk.
try:
    results["uncached"] = min(
        (run(["dd", f"if={path}", "of=/dev/null", "bs=8M", "iflag=direct"]) for _ in range(2)), key=lambda r: r[0])
except subprocess.CalledProcessError:
    pass  # a file system without O_DIRECT (tmpfs)
results["rapport"] = run([rapport, "ingest", "--me", "person0@acme.com", path])
results["python"] = run([sys.executable, os.path.join(here, "python_reference.py"), path], stdout=subprocess.PIPE)
print(f"input: {path} ({mb:.1f} MB), load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
for name, (wall, cpu, rss, p) in results.items():
    extra = f", {cpu / wall * 100:.0f}% CPU, peak RSS {rss} MB" if name == "rapport" else ""
    print(f"{name:8s} wall {wall:8.2f} s ({mb / wall:8.1f} MB/s)  cpu {cpu:8.2f} s{extra}")
print("rapport summary:", results["rapport"][3].stderr.decode().strip().splitlines()[-1])
print("python:", results["python"][3].stdout.decode().strip())
rw, rc = results["rapport"][0], results["rapport"][1]
pw, pc = results["python"][0], results["python"][1]
cw = results["cat"][0]
print(f"rapport vs python: {pw / rw:.1f}x (wall), {pc / rc:.1f}x (cpu)")
print(f"rapport vs cat: {cw / rw * 100:.1f}% of cat throughput (wall, page cache)")
if "uncached" in results:
    print(f"rapport vs uncached read: {results['uncached'][0] / rw * 100:.1f}% of dd iflag=direct throughput (wall)")
