#!/usr/bin/env python3
"""Regenerates the zip fixtures beside this script (deterministic: fixed dates, sorted entries).

  modern.zip     the modern/ export wrapped in one top folder, deflated (as Slack ships it)
  traversal.zip  a small export plus entries named ../evil and /abs (must be refused, rest read)
  bomb.zip       a day file of 4 MiB of spaces that deflates ~1000x (over the 200x ratio cap)
  not-slack.zip  a zip without any Slack export file (must be refused as unknown format)
  grid.zip       the grid/ Enterprise Grid export wrapped in one top folder
  slackdump.zip  the slackdump/ folder of `slackdump dump` files, zipped as slackdump writes them
"""
import os, zipfile

here = os.path.dirname(os.path.abspath(__file__))
DATE = (2023, 5, 3, 12, 0, 0)

def add(z, name, data):
    info = zipfile.ZipInfo(name, DATE)
    info.compress_type = zipfile.ZIP_DEFLATED
    z.writestr(info, data)

with zipfile.ZipFile(os.path.join(here, "modern.zip"), "w") as z:
    root = os.path.join(here, "modern")
    for dirpath, dirs, files in sorted(os.walk(root)):
        dirs.sort()
        for f in sorted(files):
            full = os.path.join(dirpath, f)
            rel = os.path.relpath(full, root)
            add(z, "Acme Slack export May 1 2023 - May 4 2023/" + rel, open(full, "rb").read())

users = b'[{"id": "U1", "team_id": "T1", "name": "ann", "real_name": "Ann"}]'
day = b'[{"type": "message", "user": "U1", "text": "hello", "ts": "1577880000.000100"}]'
with zipfile.ZipFile(os.path.join(here, "traversal.zip"), "w") as z:
    add(z, "users.json", users)
    add(z, "general/2020-01-01.json", day)
    add(z, "../evil/2020-01-01.json", day)
    add(z, "/abs/2020-01-01.json", day)

with zipfile.ZipFile(os.path.join(here, "bomb.zip"), "w") as z:
    add(z, "users.json", users)
    add(z, "general/2020-01-01.json", b"[" + b" " * (4 << 20) + b"]")

with zipfile.ZipFile(os.path.join(here, "not-slack.zip"), "w") as z:
    add(z, "notes/readme.txt", b"just some notes\n")

# grid.zip: the grid/ Enterprise Grid export (org_users.json, organization-wide conversations at the
# root, one folder per workspace under teams/) wrapped in one top folder.
with zipfile.ZipFile(os.path.join(here, "grid.zip"), "w") as z:
    root = os.path.join(here, "grid")
    for dirpath, dirs, files in sorted(os.walk(root)):
        dirs.sort()
        for f in sorted(files):
            full = os.path.join(dirpath, f)
            rel = os.path.relpath(full, root)
            add(z, "Acme Org export Mar 1 2024/" + rel, open(full, "rb").read())

# slackdump.zip: the slackdump/ folder (`slackdump dump` output: <id>.json conversation files, a thread's
# <id>-<thread_ts>.json, users-<team>.json and channels-<team>.json lists) as the zip slackdump writes.
with zipfile.ZipFile(os.path.join(here, "slackdump.zip"), "w") as z:
    root = os.path.join(here, "slackdump")
    for f in sorted(os.listdir(root)):
        add(z, f, open(os.path.join(root, f), "rb").read())
