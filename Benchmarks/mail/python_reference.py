#!/usr/bin/env python3
"""Reference for the mail benchmark: Python's mailbox + email (policy=default), extracting the same
fields Rapport emits (message id, from, to, cc, date, subject, body text via get_body(('plain','html'))
+ get_content()). Prints messages and seconds.

usage: python_reference.py MBOX
"""
import email
import email.policy
import mailbox
import sys
import time

path = sys.argv[1]
start = time.perf_counter()
box = mailbox.mbox(path, factory=lambda f: email.message_from_binary_file(f, policy=email.policy.default),
                   create=False)
count = 0
chars = 0
for msg in box:
    try:
        fields = (msg["message-id"], msg["from"], msg["to"], msg["cc"], msg["date"], msg["subject"])
        body = msg.get_body(("plain", "html"))
        text = body.get_content() if body is not None else ""
        chars += len(text)
    except Exception:  # noqa: BLE001 - count broken ones like Rapport's skips
        pass
    count += 1
elapsed = time.perf_counter() - start
print(f"python messages={count} seconds={elapsed:.3f} chars={chars}")
