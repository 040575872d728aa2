#!/usr/bin/env python3
"""Writes a big Zendesk-print-style ticket page (default 50 MB) for the ticket benchmark."""
import sys

size_mb = int(sys.argv[2]) if len(sys.argv) > 2 else 50
out = sys.argv[1] if len(sys.argv) > 1 else "/tmp/rapport-ticket-50mb.html"
filler = "The export still fails on large files; please advise. " * 18
head = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>#9 Big</title></head><body>
<h1 class="ticket-title"><span class="ticket-id">#9</span> Big</h1>
<table class="ticket-fields"><tr><th>Time zone</th><td class="time-zone">(GMT+01:00) Berlin</td></tr></table>
<div class="comments">"""
tail = "</div></body></html>\n"
n = 0
with open(out, "w", encoding="utf-8") as f:
    f.write(head)
    written = len(head)
    while written < size_mb << 20:
        role = "agent" if n % 2 else "end-user"
        who = ("Sam Lee", "sam.lee@acme.io") if n % 2 else ("Jane Roe", "jane.roe@globex.com")
        block = (
            f'<div class="comment public" data-author-role="{role}"><div class="comment-header">'
            f'<span class="author">{who[0]}</span> <span class="author-email">&lt;{who[1]}&gt;</span>'
            f'<span class="date">Mar 5, 2024 {10 + n % 10}:{n % 60:02d}</span></div>'
            f'<div class="zd-comment"><p>{filler}</p><p>Entry {n}.</p></div></div>\n'
        )
        f.write(block)
        written += len(block)
        n += 1
    f.write(tail)
print(f"{out}: {n} comments")
