#!/usr/bin/env python3
"""Regenerates the zip fixtures beside this script (deterministic: fixed dates, sorted entries).

  modern.zip     the modern/ export wrapped in one top folder, deflated (as Slack ships it)
  traversal.zip  a small export plus entries named ../evil and /abs (must be refused, rest read)
  bomb.zip       a day file of 4 MiB of spaces that deflates ~1000x (over the 200x ratio cap)
  not-slack.zip  a zip without any Slack export file (must be refused as unknown format)
  grid.zip       the grid/ Enterprise Grid export wrapped in one top folder
  slackdump.zip  the slackdump/ folder of `slackdump dump` files, zipped as slackdump writes them
  grid-org.zip   the grid-org/ organization-wide Enterprise Grid export, flat as Slack documents it, with
                 UTF-8 entry names whose UTF-8 flag (bit 11) is cleared, as Slack's exporter writes them
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

# grid-org.zip: the grid-org/ export (org_users.json, every conversation at the root, canvases' comment
# threads in FC:<file>:<title> folders, a channel named in Japanese). Slack's exporter stores UTF-8 names
# without the zip's UTF-8 flag; Python sets it for non-ASCII names, so it is cleared in the headers after.
grid_org = os.path.join(here, "grid-org.zip")
with zipfile.ZipFile(grid_org, "w") as z:
    root = os.path.join(here, "grid-org")
    for dirpath, dirs, files in sorted(os.walk(root)):
        dirs.sort()
        for f in sorted(files):
            full = os.path.join(dirpath, f)
            add(z, os.path.relpath(full, root), open(full, "rb").read())
data = bytearray(open(grid_org, "rb").read())
for signature, flags in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
    at = data.find(signature)
    while at != -1:
        data[at + flags + 1] &= 0xF7
        at = data.find(signature, at + 4)
open(grid_org, "wb").write(bytes(data))
