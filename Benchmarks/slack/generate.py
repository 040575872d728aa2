#!/usr/bin/env python3
"""Writes a synthetic Slack export (folder) for benchmarking: generate.py OUT_DIR [MESSAGES] [--zip].

Deterministic (seeded). Shape: 40 users in two teams (Slack Connect), public/private channels, DMs and
group DMs, one YYYY-MM-DD.json per conversation-day, ~25% thread replies, reactions, edits, files,
mentions, links, emoji shortcodes, rich_text blocks on half the messages, a few system subtypes.
"""
import json, os, random, sys, time, zipfile

out = sys.argv[1]
total = int(sys.argv[2]) if len(sys.argv) > 2 and not sys.argv[2].startswith("-") else 1_000_000
rnd = random.Random(42)
os.makedirs(out, exist_ok=True)

users = []
for i in range(40):
    team = "T0WORK" if i < 30 else "T0CUST"
    domain = "acme.com" if i < 30 else "customer.io"
    users.append({"id": f"U{i:04d}", "team_id": team, "name": f"user{i}", "real_name": f"User Number {i}",
                  "tz_offset": -18000 if i % 2 else 3600, "deleted": i == 7,
                  "profile": {"display_name": f"u{i}", "real_name": f"User Number {i}",
                              "email": f"user{i}@{domain}", "team": team}})
json.dump(users, open(os.path.join(out, "users.json"), "w"))
channels = [{"id": f"C{i:04d}", "name": f"channel-{i}", "members": [u["id"] for u in users[:20]]} for i in range(30)]
groups = [{"id": f"G{i:04d}", "name": f"private-{i}", "members": [u["id"] for u in users[i:i + 5]]} for i in range(10)]
dms = [{"id": f"D{i:04d}", "members": [users[i]["id"], users[39 - i]["id"]]} for i in range(15)]
mpims = [{"id": f"G9{i:03d}", "name": f"mpdm-user{i}--user{i+1}--user{i+2}-1",
          "members": [users[i]["id"], users[i + 1]["id"], users[i + 2]["id"]]} for i in range(5)]
for name, data in [("channels.json", channels), ("groups.json", groups), ("dms.json", dms), ("mpims.json", mpims)]:
    json.dump(data, open(os.path.join(out, name), "w"))
convs = [(c["name"], c["members"]) for c in channels + groups + mpims] + [(d["id"], d["members"]) for d in dms]

words = ("the invoice export renewal is late again thanks great sorry please update ticket customer "
         "call tomorrow works fine broken fixed deploy release meeting budget quarter happy sad").split()
emoji = [":smile:", ":+1:", ":thumbsup::skin-tone-3:", ":tada:", ":disappointed:", ":heart:", ":rocket:"]

def text(uid_pool):
    parts = [rnd.choice(words) for _ in range(rnd.randint(6, 30))]
    r = rnd.random()
    if r < 0.2:
        parts.insert(rnd.randrange(len(parts)), f"<@{rnd.choice(uid_pool)}>")
    elif r < 0.3:
        parts.append("<https://acme.com/docs/page|the docs>")
    elif r < 0.35:
        parts.insert(0, "&gt; quoted earlier words\n")
    if rnd.random() < 0.3:
        parts.append(rnd.choice(emoji))
    if rnd.random() < 0.1:
        parts.append("&amp; more")
    return " ".join(parts)

days = 365
per_day = max(1, -(-total // (len(convs) * days)))
count = 0
start = 1672531200  # 2023-01-01
for ci, (folder, members) in enumerate(convs):
    os.makedirs(os.path.join(out, folder), exist_ok=True)
    for d in range(days):
        t0 = start + d * 86400 + 8 * 3600
        msgs = []
        roots = []
        n = min(per_day, total - count)
        for k in range(n):
            ts = f"{t0 + k * 37}.{rnd.randrange(1000000):06d}"
            uid = rnd.choice(members)
            m = {"client_msg_id": f"{ci}-{d}-{k}", "type": "message", "text": text(members), "user": uid, "ts": ts,
                 "team": "T0WORK" if int(uid[1:]) < 30 else "T0CUST", "user_team": "T0WORK"}
            if roots and rnd.random() < 0.25:
                m["thread_ts"] = rnd.choice(roots)
                m["parent_user_id"] = members[0]
            elif rnd.random() < 0.1:
                m["thread_ts"] = ts
                m["reply_count"] = 2
                roots.append(ts)
            if rnd.random() < 0.5:
                m["blocks"] = [{"type": "rich_text", "block_id": "abc", "elements": [
                    {"type": "rich_text_section", "elements": [{"type": "text", "text": m["text"]}]}]}]
            if rnd.random() < 0.15:
                m["reactions"] = [{"name": "+1", "users": rnd.sample(members, min(2, len(members))), "count": 2}]
            if rnd.random() < 0.05:
                m["edited"] = {"user": uid, "ts": ts}
            if rnd.random() < 0.03:
                m["files"] = [{"id": "F1", "name": "a.png", "mimetype": "image/png", "size": 1234}]
            if rnd.random() < 0.01:
                m["subtype"] = "channel_join"
            msgs.append(m)
        count += n
        if msgs:
            day_name = time.strftime("%Y-%m-%d", time.gmtime(t0)) + ".json"
            with open(os.path.join(out, folder, day_name), "w") as f:
                json.dump(msgs, f, indent=4)
print(f"wrote {count} messages in {len(convs)} conversations to {out}")
if "--zip" in sys.argv:
    zpath = out.rstrip("/") + ".zip"
    with zipfile.ZipFile(zpath, "w", zipfile.ZIP_DEFLATED) as z:
        for dirpath, dirs, files in sorted(os.walk(out)):
            dirs.sort()
            for fn in sorted(files):
                full = os.path.join(dirpath, fn)
                z.write(full, os.path.relpath(full, out))
    print(f"zipped to {zpath}")
