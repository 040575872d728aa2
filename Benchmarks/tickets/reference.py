#!/usr/bin/env python3
"""Reference: the same extraction with Python's standard html.parser (what a quick script would do):
per comment block, the author, date and body text. Prints the comment count."""
import sys
from html.parser import HTMLParser


class Tickets(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack = []
        self.entries = []
        self.field = None
        self.current = None

    def handle_starttag(self, tag, attrs):
        cls = dict(attrs).get("class", "") or ""
        classes = cls.split()
        if "comment" in classes:
            self.current = {"author": "", "date": "", "body": []}
            self.entries.append(self.current)
        if self.current is not None:
            if "author" in classes:
                self.field = "author"
            elif "date" in classes:
                self.field = "date"
            elif "zd-comment" in classes:
                self.field = "body"

    def handle_endtag(self, tag):
        if tag == "span" and self.field in ("author", "date"):
            self.field = None

    def handle_data(self, data):
        if self.current is None or self.field is None:
            return
        if self.field == "body":
            self.current["body"].append(data)
        else:
            self.current[self.field] += data


p = Tickets()
with open(sys.argv[1], encoding="utf-8") as f:
    while chunk := f.read(1 << 20):
        p.feed(chunk)
print(len(p.entries))
