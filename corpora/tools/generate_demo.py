#!/usr/bin/env python3
"""Writes the Rapport demo corpus: corpora/demo/{mail,slack,tickets} and corpora/expected/demo.json.

Everything here is invented: no real people, example domains only (RFC 2606 `.example`,
plus our own made-up company `rapport-demo.io`).

Deterministic: a fixed seed, no clock, no environment lookups, sorted output. Running it twice
yields byte-identical files:

    python3 corpora/tools/generate_demo.py            # writes next to this script's ../demo
    python3 corpora/tools/generate_demo.py --check    # regenerates into a temp dir and diffs

Three account stories between 2026-03-01 and 2026-08-31 (see corpora/README.md):
  * Northwind Analytics (northwind.example)   - warming: email -> Slack Connect channel -> DM
  * Kestrel Freight GmbH (kestrel-freight.example) - steady: email + tickets, "Regards"
  * Harbourline Retail (harbourline.example)  - cooling: slower/shorter, "any update?", may not renew
"""

from __future__ import annotations

import argparse
import base64
import datetime as dt
import filecmp
import hashlib
import html
import json
import os
import quopri
import random
import re
import shutil
import sys
import tempfile

SEED = 20260301
UTC = dt.timezone.utc

# --------------------------------------------------------------------------------------------
# Time zones (explicit DST rules for 2026, so the output never depends on the host's tzdata)
# --------------------------------------------------------------------------------------------

US_DST_START = dt.datetime(2026, 3, 8, tzinfo=UTC)  # 2nd Sunday of March (02:00 local)
US_DST_END = dt.datetime(2026, 11, 1, tzinfo=UTC)
EU_DST_START = dt.datetime(2026, 3, 29, 1, 0, tzinfo=UTC)  # last Sunday of March, 01:00 UTC
EU_DST_END = dt.datetime(2026, 10, 25, 1, 0, tzinfo=UTC)

ZONES = {
    # name: (standard offset hours, rule)
    "dublin": (0, "eu"),
    "hamburg": (1, "eu"),
    "newyork": (-5, "us"),
    "seattle": (-8, "us"),
}


def zone_offset(zone: str, utc: dt.datetime) -> int:
    """UTC offset in hours of `zone` at instant `utc`."""
    std, rule = ZONES[zone]
    if rule == "eu":
        return std + (1 if EU_DST_START <= utc < EU_DST_END else 0)
    # US: switch at 02:00 local standard time = 2 - std hours UTC
    start = US_DST_START + dt.timedelta(hours=2 - std)
    end = US_DST_END + dt.timedelta(hours=2 - std - 1)
    return std + (1 if start <= utc < end else 0)


def local(zone: str, y: int, mo: int, d: int, h: int, mi: int, s: int = 0) -> dt.datetime:
    """An aware datetime for a wall-clock time in `zone` (no message is near a DST switch)."""
    std, _ = ZONES[zone]
    guess = dt.datetime(y, mo, d, h, mi, s, tzinfo=dt.timezone(dt.timedelta(hours=std)))
    off = zone_offset(zone, guess.astimezone(UTC))
    return dt.datetime(y, mo, d, h, mi, s, tzinfo=dt.timezone(dt.timedelta(hours=off)))


def in_zone(zone: str, t: dt.datetime) -> dt.datetime:
    u = t.astimezone(UTC)
    return u.astimezone(dt.timezone(dt.timedelta(hours=zone_offset(zone, u))))


DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
LONG_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
               "October", "November", "December"]


def rfc5322(t: dt.datetime) -> str:
    off = t.utcoffset()
    assert off is not None
    minutes = int(off.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    minutes = abs(minutes)
    return (f"{DAYS[t.weekday()]}, {t.day} {MONTHS[t.month - 1]} {t.year} "
            f"{t.hour:02d}:{t.minute:02d}:{t.second:02d} {sign}{minutes // 60:02d}{minutes % 60:02d}")


def iso(t: dt.datetime) -> str:
    return t.isoformat()


def utc_iso(t: dt.datetime) -> str:
    return t.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def epoch(t: dt.datetime) -> int:
    return int(t.astimezone(UTC).timestamp())


# --------------------------------------------------------------------------------------------
# People
# --------------------------------------------------------------------------------------------

US_DOMAIN = "rapport-demo.io"
OUR_TEAM = "T0DEMO0001"
NW_TEAM = "T0NWIND001"


class Person:
    def __init__(self, key, name, email, title, org, zone, slack=None, team=None, sig=None, first=None):
        self.key = key
        self.name = name
        self.email = email
        self.title = title
        self.org = org
        self.zone = zone
        self.slack = slack
        self.team = team
        self.first = first or name.split()[0]
        self.sig = sig

    @property
    def domain(self):
        return self.email.split("@")[1]


MAYA = Person("maya", "Maya Lindqvist", "maya.lindqvist@rapport-demo.io", "Senior Account Manager",
              "Rapport Demo", "dublin", "U0DEMOMAYA", OUR_TEAM,
              sig="Maya Lindqvist\nSenior Account Manager | Rapport Demo\n+353 1 555 0142 | rapport-demo.io")
TOMAS = Person("tomas", "Tomás Ortega", "tomas.ortega@rapport-demo.io", "Support Engineer", "Rapport Demo",
               "dublin", "U0DEMOTOMS", OUR_TEAM,
               sig="Tomás Ortega\nSupport Engineer | Rapport Demo")
JONAS = Person("jonas", "Jonas Berg", "jonas.berg@rapport-demo.io", "Head of Customer Success",
               "Rapport Demo", "dublin", "U0DEMOJONS", OUR_TEAM,
               sig="Jonas Berg\nHead of Customer Success | Rapport Demo")
DANA = Person("dana", "Dana Whitfield", "dana.whitfield@northwind.example", "Head of Data Operations",
              "Northwind Analytics", "newyork", "U0NWDANA01", NW_TEAM,
              sig="Dana Whitfield\nHead of Data Operations\nNorthwind Analytics | 212-555-0187")
RAJ = Person("raj", "Raj Patel", "raj.patel@northwind.example", "Senior Data Engineer", "Northwind Analytics",
             "newyork", "U0NWRAJP01", NW_TEAM,
             sig="Raj Patel\nSenior Data Engineer, Northwind Analytics")
KATRIN = Person("katrin", "Katrin Vogel", "katrin.vogel@kestrel-freight.example", "IT Service Manager",
                "Kestrel Freight GmbH", "hamburg",
                sig="Katrin Vogel\nIT Service Manager\nKestrel Freight GmbH | Am Sandtorkai 12 | 20457 Hamburg")
LUKAS = Person("lukas", "Lukas Brenner", "lukas.brenner@kestrel-freight.example", "Operations Analyst",
               "Kestrel Freight GmbH", "hamburg",
               sig="Lukas Brenner\nOperations Analyst\nKestrel Freight GmbH")
GREG = Person("greg", "Greg Morrison", "greg.morrison@harbourline.example", "VP Operations",
              "Harbourline Retail", "seattle",
              sig="Greg Morrison\nVP Operations | Harbourline Retail\n206-555-0119")
SOFIA = Person("sofia", "Sofia Reyes", "sofia.reyes@harbourline.example", "Procurement Manager",
               "Harbourline Retail", "seattle",
               sig="Sofia Reyes\nProcurement Manager | Harbourline Retail")
NEWS = Person("news", "SaaS Ops Weekly", "digest@news.saasopsweekly.example", "", "SaaS Ops Weekly", "newyork")

PEOPLE = [MAYA, TOMAS, JONAS, DANA, RAJ, KATRIN, LUKAS, GREG, SOFIA]


# --------------------------------------------------------------------------------------------
# Mail
# --------------------------------------------------------------------------------------------


def q_encode_words(text: str, charset: str = "UTF-8") -> str:
    """RFC 2047 Q-encoded words (each <= 75 chars) for a header value with non-ASCII text."""
    if all(ord(c) < 128 for c in text):
        return text
    words = []
    chunk = ""
    for c in text:
        enc = ""
        for b in c.encode(charset.lower().replace("utf-8", "utf-8")):
            ch = chr(b)
            if ch == " ":
                enc += "_"
            elif ch.isalnum() and b < 128:
                enc += ch
            elif ch in "!*+-/" and b < 128:
                enc += ch
            else:
                enc += f"={b:02X}"
        if len(chunk) + len(enc) > 75 - len(charset) - 7:
            words.append(chunk)
            chunk = ""
        chunk += enc
    if chunk:
        words.append(chunk)
    return " ".join(f"=?{charset}?Q?{w}?=" for w in words)


def addr(p: Person) -> str:
    name = p.name
    if any(ord(c) > 127 for c in name):
        return f"{q_encode_words(name)} <{p.email}>"
    return f"{name} <{p.email}>"


def fold(name: str, items: list[str]) -> str:
    """A header whose items go one per continuation line (how long References headers look)."""
    return f"{name}: " + "\n ".join(items)


class Mail:
    def __init__(self, key, when, sender, to, subject, body, cc=(), reply_to=None, mime="plain",
                 quote=True, quote_style="gmail", sig=True, labels=None, extra_headers=(), html_body=None,
                 attachment=None, charset="UTF-8", from_line_pad=False, closing=None):
        self.key = key
        self.when = when
        self.sender = sender
        self.to = list(to)
        self.cc = list(cc)
        self.subject = subject
        self.body = body
        self.reply_to = reply_to
        self.mime = mime
        self.quote = quote
        self.quote_style = quote_style
        self.sig = sig
        self.labels = labels
        self.extra_headers = list(extra_headers)
        self.html_body = html_body
        self.attachment = attachment
        self.charset = charset
        self.from_line_pad = from_line_pad
        self.msgid = ""
        self.refs: list[str] = []
        self.full_text = ""  # body + signature + quote, as the recipient sees it

    def host(self):
        d = self.sender.domain
        return {
            "rapport-demo.io": "mail.gmail.com",
            "northwind.example": "nwexch01.northwind.example",
            "kestrel-freight.example": "kestrel-freight.example",
            "harbourline.example": "harbourline.example",
        }.get(d, d)


def gmail_attribution(parent: Mail, viewer_zone: str) -> str:
    t = in_zone(viewer_zone, parent.when)
    return (f"On {DAYS[t.weekday()]}, {t.day} {MONTHS[t.month - 1]} {t.year} at {t.hour:02d}:{t.minute:02d}, "
            f"{parent.sender.name} <{parent.sender.email}> wrote:")


def us_attribution(parent: Mail, viewer_zone: str) -> str:
    t = in_zone(viewer_zone, parent.when)
    h = t.hour % 12 or 12
    ampm = "AM" if t.hour < 12 else "PM"
    return (f"On {MONTHS[t.month - 1]} {t.day}, {t.year}, at {h}:{t.minute:02d} {ampm}, "
            f"{parent.sender.name} <{parent.sender.email}> wrote:")


def weekday_name(t: dt.datetime) -> str:
    return ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"][t.weekday()]


def render_text(m: Mail, by_key: dict[str, Mail]) -> str:
    text = m.body.rstrip("\n") + "\n"
    if m.sig and m.sender.sig:
        text += "\n-- \n" + m.sender.sig + "\n"
    if m.sig == "iphone":
        text = m.body.rstrip("\n") + "\n\nSent from my iPhone\n"
    if m.reply_to and m.quote:
        parent = by_key[m.reply_to]
        if m.quote_style == "outlook":
            t = in_zone(m.sender.zone, parent.when)
            head = ("\n-----Original Message-----\n"
                    f"From: {parent.sender.name} <{parent.sender.email}>\n"
                    f"Sent: {weekday_name(t)}, {t.day} {LONG_MONTHS[t.month - 1]} {t.year} "
                    f"{t.hour:02d}:{t.minute:02d}\n"
                    f"To: {'; '.join(p.name + ' <' + p.email + '>' for p in parent.to)}\n"
                    f"Subject: {parent.subject}\n\n")
            text += head + parent.full_text
        else:
            attribution = (us_attribution(parent, m.sender.zone) if m.quote_style == "us"
                           else gmail_attribution(parent, m.sender.zone))
            quoted = "\n".join(("> " + line) if line and not line.startswith(">") else (">" + line)
                               for line in parent.full_text.rstrip("\n").split("\n"))
            quoted = "\n".join(line if line != ">" else ">" for line in quoted.split("\n"))
            text += "\n" + attribution + "\n" + quoted + "\n"
    return text


def text_to_html(text: str) -> str:
    """The HTML part a webmail client would send for `text` (quotes become a blockquote)."""
    lines = text.rstrip("\n").split("\n")
    out = ['<div dir="ltr">']
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.startswith("On ") and line.endswith("wrote:"):
            out.append('</div><br><div class="gmail_quote"><div dir="ltr" class="gmail_attr">'
                       + html.escape(line) + '<br></div><blockquote class="gmail_quote" '
                       'style="margin:0px 0px 0px 0.8ex;border-left:1px solid rgb(204,204,204);padding-left:1ex">')
            quoted = []
            i += 1
            while i < len(lines) and lines[i].startswith(">"):
                quoted.append(lines[i][2:] if lines[i].startswith("> ") else lines[i][1:])
                i += 1
            out.append("<br>".join(html.escape(q) for q in quoted))
            out.append("</blockquote></div>")
            out.append("<div>")
            continue
        if line == "-- ":
            out.append('<div>-- </div><div dir="ltr" class="gmail_signature">')
            i += 1
            sig = []
            while i < len(lines) and lines[i] and not lines[i].startswith("On "):
                sig.append(html.escape(lines[i]))
                i += 1
            out.append("<br>".join(sig) + "</div>")
            continue
        out.append(f"<div>{html.escape(line) if line else '<br>'}</div>")
        i += 1
    out.append("</div>")
    return "\n".join(out) + "\n"


def wrap_b64(data: bytes) -> str:
    return base64.encodebytes(data).decode("ascii")


def boundary(m: Mail, n: int = 0) -> str:
    h = hashlib.sha1(f"{m.key}/{n}".encode()).hexdigest()
    return f"0000000000{h[:16]}"


def body_part(m: Mail, text: str) -> tuple[list[str], bytes]:
    """Headers and encoded bytes of the main text part."""
    if m.mime == "qp":
        enc = quopri.encodestring(text.encode("utf-8"))
        return (['Content-Type: text/plain; charset="UTF-8"', "Content-Transfer-Encoding: quoted-printable"],
                enc)
    if m.mime == "b64":
        return (['Content-Type: text/plain; charset="utf-8"', "Content-Transfer-Encoding: base64"],
                wrap_b64(text.encode("utf-8")).encode("ascii"))
    if m.mime == "latin1":
        return (['Content-Type: text/plain; charset="iso-8859-1"', "Content-Transfer-Encoding: 8bit"],
                text.encode("iso-8859-1"))
    raw = text.encode("utf-8")
    cte = "7bit" if all(b < 128 for b in raw) else "8bit"
    return (['Content-Type: text/plain; charset="UTF-8"', f"Content-Transfer-Encoding: {cte}"], raw)


def render_mail(m: Mail, by_key: dict[str, Mail]) -> bytes:
    text = render_text(m, by_key)
    m.full_text = text
    headers = []
    thrid = int(hashlib.sha1((m.refs[0] if m.refs else m.msgid).encode()).hexdigest()[:15], 16)
    headers.append(f"X-GM-THRID: {thrid}")
    labels = m.labels or ("Sent" if m.sender.domain == US_DOMAIN else "Inbox,Opened")
    headers.append(f"X-Gmail-Labels: {labels}")
    if m.sender.domain != US_DOMAIN:
        headers.append(f"Delivered-To: {MAYA.email}")
        u = m.when.astimezone(UTC)
        headers.append(f"Received: from {m.host()} ({m.host()} [198.51.100.{7 + len(m.key)}])\n"
                       f"        by mx.google.com with ESMTPS id {hashlib.sha1(m.key.encode()).hexdigest()[:12]}\n"
                       f"        for <{MAYA.email}>;\n"
                       f"        {rfc5322(u).replace('+0000', '-0000')}")
    headers.extend(m.extra_headers)
    headers.append("MIME-Version: 1.0")
    headers.append(f"Date: {rfc5322(m.when)}")
    headers.append(f"Message-ID: {m.msgid}")
    if m.reply_to:
        parent = by_key[m.reply_to]
        headers.append(f"In-Reply-To: {parent.msgid}")
        headers.append(fold("References", m.refs))
    subject = m.subject
    headers.append(f"Subject: {q_encode_words(subject) if m.mime != 'latin1' else q_encode_words(subject, 'ISO-8859-1')}")
    headers.append(f"From: {addr(m.sender)}")
    headers.append("To: " + ", ".join(addr(p) for p in m.to))
    if m.cc:
        headers.append("Cc: " + ", ".join(addr(p) for p in m.cc))

    if m.mime == "alt":
        b = boundary(m)
        html_text = m.html_body or text_to_html(text)
        plain = text.encode("utf-8")
        cte = "7bit" if all(x < 128 for x in plain) else "8bit"
        hb = html_text.encode("utf-8")
        use_qp = any(x >= 128 for x in hb) or any(len(line) > 900 for line in hb.split(b"\n"))
        hpart = quopri.encodestring(hb) if use_qp else hb
        headers.append(f'Content-Type: multipart/alternative; boundary="{b}"')
        body = (f"--{b}\nContent-Type: text/plain; charset=\"UTF-8\"\nContent-Transfer-Encoding: {cte}\n\n".encode()
                + plain + f"\n--{b}\nContent-Type: text/html; charset=\"UTF-8\"\n".encode()
                + (b"Content-Transfer-Encoding: quoted-printable\n\n" if use_qp else b"\n")
                + hpart + f"\n--{b}--\n".encode())
    elif m.attachment:
        b = boundary(m)
        b2 = boundary(m, 1)
        fname, ctype, data = m.attachment
        plain = text.encode("utf-8")
        cte = "7bit" if all(x < 128 for x in plain) else "8bit"
        hb = text_to_html(text).encode("utf-8")
        headers.append(f'Content-Type: multipart/mixed; boundary="{b}"')
        body = (f"--{b}\nContent-Type: multipart/alternative; boundary=\"{b2}\"\n\n".encode()
                + f"--{b2}\nContent-Type: text/plain; charset=\"UTF-8\"\nContent-Transfer-Encoding: {cte}\n\n".encode()
                + plain + f"\n--{b2}\nContent-Type: text/html; charset=\"UTF-8\"\nContent-Transfer-Encoding: "
                          f"quoted-printable\n\n".encode()
                + quopri.encodestring(hb) + f"\n--{b2}--\n".encode()
                + f"--{b}\nContent-Type: {ctype}; name=\"{fname}\"\nContent-Disposition: attachment; "
                  f"filename=\"{fname}\"\nContent-Transfer-Encoding: base64\n"
                  f"X-Attachment-Id: f_{hashlib.sha1(fname.encode()).hexdigest()[:10]}\n\n".encode()
                + wrap_b64(data).encode("ascii") + f"--{b}--\n".encode())
    else:
        part_headers, enc = body_part(m, text)
        headers.extend(part_headers)
        body = enc if enc.endswith(b"\n") else enc + b"\n"

    head = "\n".join(headers).encode("utf-8")
    if m.mime == "latin1":
        head = "\n".join(headers).encode("iso-8859-1")
    raw = head + b"\n\n" + body
    # mboxrd: every line matching ^>*From  gets one more '>'
    lines = raw.split(b"\n")
    lines = [b">" + line if re.match(rb"^>*From ", line) else line for line in lines]
    raw = b"\n".join(lines)
    u = m.when.astimezone(UTC)
    day = f"{u.day:2d}" if m.from_line_pad else f"{u.day:02d}"
    sep = (f"From {m.sender.email} {DAYS[u.weekday()]} {MONTHS[u.month - 1]} {day} "
           f"{u.hour:02d}:{u.minute:02d}:{u.second:02d} {u.year}\n").encode()
    if not raw.endswith(b"\n"):
        raw += b"\n"
    return sep + raw + b"\n"


def assign_ids(mails: list[Mail]) -> dict[str, Mail]:
    by_key = {}
    for m in mails:
        u = m.when.astimezone(UTC)
        m.msgid = f"<{u.strftime('%Y%m%d%H%M%S')}.{m.key}@{m.host()}>"
        if m.reply_to:
            parent = by_key[m.reply_to]
            m.refs = parent.refs + [parent.msgid]
        by_key[m.key] = m
    return by_key


ONBOARDING_CSV = (
    "week,milestone,owner,status\r\n"
    "2026-03-09,Connect Snowflake warehouse,Raj Patel,planned\r\n"
    "2026-03-16,Import 90 days of history,Rapport Demo support,planned\r\n"
    "2026-03-23,Dashboards for Data Ops,Dana Whitfield,planned\r\n"
    "2026-03-30,First monthly review,Maya Lindqvist,planned\r\n"
).encode("utf-8")

NEWSLETTER_HEADERS = [
    "List-Id: SaaS Ops Weekly <weekly.news.saasopsweekly.example>",
    "List-Unsubscribe: <mailto:unsubscribe@news.saasopsweekly.example?subject=unsubscribe>,\n"
    " <https://news.saasopsweekly.example/u/8f3a2c>",
    "List-Unsubscribe-Post: List-Unsubscribe=One-Click",
    "Precedence: bulk",
]


def mails() -> list[Mail]:
    M = []

    def add(*a, **k):
        M.append(Mail(*a, **k))

    # ---------------------------------------------------------------- Northwind (warming)
    add("nw01", local("dublin", 2026, 3, 2, 10, 5), MAYA, [DANA],
        "Welcome to Rapport \u2014 onboarding kick-off", cc=[RAJ], mime="alt", body="""\
Dear Ms. Whitfield,

Thank you for choosing Rapport Demo. I am your account manager and will be your
point of contact during onboarding and beyond.

To get started, I would like to schedule a kick-off call with you and Mr. Patel
this week. Could you let me know which times suit you?

Kind regards,
Maya Lindqvist
""")
    add("nw02", local("newyork", 2026, 3, 2, 16, 48), DANA, [MAYA], "Re: Welcome to Rapport \u2014 onboarding kick-off",
        cc=[RAJ], reply_to="nw01", quote_style="us", body="""\
Dear Maya,

Thank you for reaching out. Thursday afternoon would work for us; Raj and I are
both available between 11:00 and 13:00 Eastern.

Best regards,
Dana Whitfield
""")
    add("nw03", local("dublin", 2026, 3, 3, 9, 20), MAYA, [DANA], "Re: Welcome to Rapport \u2014 onboarding kick-off",
        cc=[RAJ], reply_to="nw02", body="""\
Dear Dana,

Thursday at 11:00 Eastern works well. Proposed agenda:

1. Your goals for the first 90 days
2. Connecting the Snowflake warehouse
3. Dashboards for the Data Operations team

I will send a calendar invitation shortly.

Kind regards,
Maya
""")
    add("nw04", local("newyork", 2026, 3, 3, 13, 55), DANA, [MAYA], "Re: Welcome to Rapport \u2014 onboarding kick-off",
        cc=[RAJ], reply_to="nw03", quote_style="us", body="""\
Hi Maya,

The agenda looks good. Invitation accepted.

Best regards,
Dana
""")
    add("nw05", local("dublin", 2026, 3, 6, 15, 10), MAYA, [DANA], "Northwind onboarding plan", cc=[RAJ],
        attachment=("northwind-onboarding-plan.csv", "text/csv", ONBOARDING_CSV), body="""\
Hi Dana,

Thank you for a productive call yesterday. As promised, the onboarding plan is
attached (four weekly milestones). Please let me know if the owners look right.

Kind regards,
Maya
""")
    add("nw06", local("newyork", 2026, 3, 6, 14, 32), DANA, [MAYA], "Re: Northwind onboarding plan", cc=[RAJ],
        reply_to="nw05", quote_style="us", mime="qp", body="""\
Thanks, Maya \u2014 this plan looks great. Raj will take the Snowflake connection next week; he already has the service account ready, so the first milestone should be easy. One small change: could we move the dashboards milestone to the week of March 30? Our team is at an offsite the week before.

Have a nice weekend!

Best,
Dana
""")
    add("nw07", local("newyork", 2026, 3, 17, 9, 15), DANA, [MAYA], "Question: Snowflake connector and SSO", body="""\
Hi Maya,

Quick question: does the Snowflake connector support key-pair authentication, and
can we turn on SSO with Okta before we invite the wider team?

Thanks!
Dana
""")
    add("nw08", local("dublin", 2026, 3, 17, 14, 2), MAYA, [DANA], "Re: Question: Snowflake connector and SSO",
        reply_to="nw07", mime="alt", body="""\
Hi Dana,

Yes to both: key-pair authentication is supported (Settings \u2192 Connectors \u2192
Snowflake), and I have just enabled Okta SSO for your workspace. The setup guide
is here: https://docs.rapport-demo.io/sso/okta

Best,
Maya
""")
    add("nw09", local("newyork", 2026, 3, 17, 10, 31), DANA, [MAYA], "Re: Question: Snowflake connector and SSO",
        reply_to="nw08", quote_style="us", body="""\
Perfect, thanks so much Maya! That was fast.

Dana
""")
    add("nw10", local("dublin", 2026, 4, 2, 10, 0), MAYA, [DANA], "One month in \u2014 how is it going?", mime="alt",
        body="""\
Hi Dana,

It has been a month since kick-off, so I wanted to check in. How is the team
finding the dashboards? Anything we should improve before your April review?

Best,
Maya
""")
    add("nw11", local("newyork", 2026, 4, 2, 6, 48), DANA, [MAYA], "Re: One month in \u2014 how is it going?",
        reply_to="nw10", quote_style="us", body="""\
Hi Maya!

Honestly, the team loves it \U0001F389 Raj built the freshness dashboard in an afternoon.
From the dashboard side we have no complaints at all; the only wish is a usage
report split by region, but that is a nice-to-have.

Thank you for making onboarding so smooth!

Dana
""")
    add("nw12", local("newyork", 2026, 4, 20, 11, 2), DANA, [MAYA], "Shared Slack channel?", body="""\
Hi Maya!

Would it be easier to move our day-to-day questions to a shared Slack channel?
Email threads are getting long, and Raj would love to ask your support team
directly.

Thanks!
Dana
""")
    add("nw13", local("dublin", 2026, 4, 20, 16, 20), MAYA, [DANA], "Re: Shared Slack channel?", reply_to="nw12",
        body="""\
Hi Dana,

Love it! The invite to #ext-northwind-rapport is on its way (Slack Connect), and
I have added Tom\u00e1s from our support team as well.

Talk soon,
Maya
""")
    add("nw14", local("dublin", 2026, 7, 7, 9, 30), MAYA, [DANA], "Order form \u2014 Northwind expansion (40 seats)",
        mime="alt", body="""\
Hi Dana,

As promised, the order form for the marketing expansion (40 seats in total) is
here: https://sign.rapport-demo.io/o/NW-2026-07

Thank you so much for championing this internally!

Maya
""")
    add("nw15", local("newyork", 2026, 7, 7, 8, 41), DANA, [MAYA], "Re: Order form \u2014 Northwind expansion (40 seats)",
        reply_to="nw14", quote_style="us", body="""\
Signed and returned \u2014 thank you Maya! \U0001F64C

Dana
""")

    # ---------------------------------------------------------------- Kestrel (steady)
    def review(key, month_name, y, mo, d, h, mi, bullets):
        add(key, local("dublin", y, mo, d, h, mi), MAYA, [KATRIN],
            f"Kestrel Freight \u2014 monthly service review ({month_name})", body=f"""\
Dear Katrin,

Please find below the monthly service summary for {month_name}:

{bullets}

Please let me know if you have any questions.

Kind regards,
Maya Lindqvist
""")

    review("ks01", "February", 2026, 3, 4, 9, 30, """\
- Availability: 99.97%
- Tickets opened: 1, resolved: 1
- Import volume: 1.8 million shipment records""")
    add("ks02", local("hamburg", 2026, 3, 4, 14, 12), KATRIN, [MAYA],
        "Re: Kestrel Freight - monthly service review (February)", reply_to="ks01", mime="latin1", body="""\
Dear Maya,

thank you for the summary. The figures match our own monitoring.

Our colleague J\u00fcrgen K\u00f6hler from the L\u00fcbeck depot will join our next review;
he is responsible for the new SFTP deliveries. A short introduction to the
export settings would be helpful for him.

Mit freundlichen Gr\u00fc\u00dfen / Kind regards
Katrin Vogel
""")
    review("ks03", "March", 2026, 4, 8, 9, 45, """\
- Availability: 99.99%
- Tickets opened: 1 (#4102, SFTP import), resolved: 1
- Import volume: 2.1 million shipment records""")
    add("ks04", local("hamburg", 2026, 4, 8, 14, 30), KATRIN, [MAYA],
        "Re: Kestrel Freight \u2014 monthly service review (March)", reply_to="ks03", body="""\
Dear Maya,

thank you. The SFTP fix has been working reliably since March. No further
questions from our side this month.

Regards,
Katrin Vogel
""")
    add("ks05", local("hamburg", 2026, 4, 22, 10, 5), LUKAS, [MAYA], "Question about the delivery-time export",
        cc=[KATRIN], mime="b64",
        extra_headers=["X-Mailer: Microsoft Outlook 16.0", "Thread-Topic: Question about the delivery-time export"],
        body="""\
Dear Ms. Lindqvist,

in the delivery-time export, the column "transit_hours" is empty for shipments
that cross midnight. Is this expected, or should we open a ticket?

Regards,
Lukas Brenner
""")
    add("ks06", local("dublin", 2026, 4, 22, 11, 58), MAYA, [LUKAS], "Re: Question about the delivery-time export",
        cc=[KATRIN], reply_to="ks05", body="""\
Dear Lukas,

Thank you for reporting this. It is a known display issue: the value is
present in the API but missing in the CSV when the shipment crosses midnight.
Please use the "transit_minutes" column until the fix ships in release 4.12
(end of April).

Kind regards,
Maya
""")
    add("ks07", local("hamburg", 2026, 4, 22, 15, 20), LUKAS, [MAYA], "AW: Question about the delivery-time export",
        cc=[KATRIN], reply_to="ks06", quote_style="outlook",
        extra_headers=["X-Mailer: Microsoft Outlook 16.0", "Thread-Topic: Question about the delivery-time export"],
        body="""\
Dear Maya,

thank you, the workaround works for us.

Regards,
Lukas Brenner
""")
    review("ks08", "April", 2026, 5, 6, 9, 30, """\
- Availability: 99.98%
- Tickets opened: 0
- Release 4.12 deployed on 30 April (fixes the "transit_hours" export column)""")
    add("ks09", local("hamburg", 2026, 5, 6, 14, 55), KATRIN, [MAYA],
        "Re: Kestrel Freight \u2014 monthly service review (April)", reply_to="ks08", body="""\
Dear Maya,

thank you for the update. Lukas confirmed the export column is correct now.

Regards,
Katrin Vogel
""")
    review("ks10", "May", 2026, 6, 3, 9, 40, """\
- Availability: 99.96%
- Tickets opened: 0
- Import volume: 2.3 million shipment records
- Open request: #4187 (EORI field in the shipment export, opened 2 June)""")
    add("ks11", local("hamburg", 2026, 6, 3, 13, 10), KATRIN, [MAYA],
        "Re: Kestrel Freight \u2014 monthly service review (May)", reply_to="ks10", body="""\
Dear Maya,

thank you. We are looking forward to the EORI field; Lukas is in contact with
your support team about it.

Regards,
Katrin Vogel
""")
    review("ks12", "June", 2026, 7, 8, 9, 35, """\
- Availability: 99.99%
- Tickets opened: 1 (#4187), resolved: 1 (EORI field released in 4.14)
- Import volume: 2.2 million shipment records""")
    add("ks13", local("hamburg", 2026, 7, 8, 14, 20), KATRIN, [MAYA],
        "Re: Kestrel Freight \u2014 monthly service review (June)", reply_to="ks12", body="""\
Dear Maya,

thank you for the summary. No open points from our side.

Regards,
Katrin Vogel
""")
    review("ks14", "July", 2026, 8, 5, 9, 30, """\
- Availability: 99.97%
- Tickets opened: 0
- Planned maintenance: 22 August, 06:00-07:00 CEST""")
    add("ks15", local("hamburg", 2026, 8, 5, 10, 30, 14), KATRIN, [MAYA],
        "Automatic reply: Kestrel Freight \u2014 monthly service review (July)", reply_to="ks14", quote=False,
        sig=False, labels="Inbox",
        extra_headers=["Auto-Submitted: auto-replied", "X-Auto-Response-Suppress: All",
                       "X-Mailer: Microsoft Outlook 16.0"],
        body="""\
Thank you for your message. I am out of the office until 21 August 2026 with no
access to email. For urgent matters please contact Lukas Brenner
(lukas.brenner@kestrel-freight.example).

Katrin Vogel
""")
    add("ks16", local("hamburg", 2026, 8, 5, 15, 5), LUKAS, [MAYA], "Re: Kestrel Freight \u2014 monthly service review (July)",
        cc=[KATRIN], reply_to="ks14", body="""\
Dear Maya,

Katrin is on leave until 21 August, so I am replying on her behalf. The
maintenance window on 22 August is fine for us.

Regards,
Lukas Brenner
""")
    add("ks17", local("hamburg", 2026, 8, 24, 10, 10), KATRIN, [MAYA], "Re: Kestrel Freight \u2014 monthly service review (July)",
        cc=[LUKAS], reply_to="ks16", body="""\
Dear Maya,

I am back from leave. Thank you for the summary, and thank you, Lukas, for
covering. The maintenance on Saturday went without issues on our side.

Regards,
Katrin Vogel
""")
    add("ks18", local("dublin", 2026, 8, 24, 12, 40), MAYA, [KATRIN], "Re: Kestrel Freight \u2014 monthly service review (July)",
        cc=[LUKAS], reply_to="ks17", body="""\
Dear Katrin,

Welcome back, and thank you for confirming. I will send the August summary
as usual in the first week of September.

Kind regards,
Maya
""")

    # ---------------------------------------------------------------- Harbourline (cooling)
    add("hl01", local("seattle", 2026, 3, 3, 8, 40), GREG, [MAYA], "Store-level breakdowns in scheduled reports",
        body="""\
Hi Maya,

Thanks again for a great QBR last week, the team really enjoyed it and we are
very happy with how the rollout went across our stores.

Quick request: could the scheduled weekly reports include store-level
breakdowns? Our regional managers would love to see their own stores without
filtering the dashboard every Monday morning.

Thanks so much, and have a great week!
Greg
""")
    add("hl02", local("dublin", 2026, 3, 3, 17, 22), MAYA, [GREG], "Re: Store-level breakdowns in scheduled reports",
        reply_to="hl01", mime="alt", body="""\
Hi Greg,

Thank you, it was a pleasure! Store-level breakdowns are on our roadmap for
this month. I will confirm the date as soon as engineering has it scheduled.

Best,
Maya
""")
    add("hl03", local("seattle", 2026, 3, 3, 11, 5), GREG, [MAYA], "Re: Store-level breakdowns in scheduled reports",
        reply_to="hl02", quote_style="us", body="""\
Hi Maya,

That's great news, thank you! The regional managers will be thrilled. Happy to
test an early version if that helps your team.

Thanks again,
Greg
""")
    add("hl04", local("dublin", 2026, 3, 19, 15, 0), MAYA, [GREG], "Re: Store-level breakdowns in scheduled reports",
        reply_to="hl03", body="""\
Hi Greg,

Good news: store-level breakdowns are live in the scheduled reports as of
today. You can enable them under Reports \u2192 Schedule \u2192 Breakdown.

Best,
Maya
""")
    add("hl05", local("seattle", 2026, 3, 20, 16, 40), GREG, [MAYA], "Re: Store-level breakdowns in scheduled reports",
        reply_to="hl04", quote_style="us", body="""\
Thanks. One problem: the CSV export drops rows for stores with accents in the
name (Montr\u00e9al, S\u00e3o Paulo outlet). Can you look into it?

Greg
""")
    add("hl06", local("dublin", 2026, 3, 23, 9, 10), MAYA, [GREG], "Re: Store-level breakdowns in scheduled reports",
        reply_to="hl05", body="""\
Hi Greg,

Thank you for flagging this. Our support team has reproduced it: rows whose
store name contains non-ASCII characters are dropped from the CSV export. I
will update you as soon as we have a fix date.

Best,
Maya
""")
    add("hl07", local("dublin", 2026, 4, 7, 14, 0), MAYA, [GREG], "Re: Store-level breakdowns in scheduled reports",
        reply_to="hl06", body="""\
Hi Greg,

Update on the CSV export issue: the fix is scheduled for release 4.12 at the
end of April.

Best,
Maya
""")
    add("hl08", local("seattle", 2026, 4, 9, 15, 20), GREG, [MAYA], "Re: Store-level breakdowns in scheduled reports",
        reply_to="hl07", quote_style="us", sig=False, body="""\
OK. Please keep me posted.

Greg
""")
    add("hl09", local("dublin", 2026, 4, 30, 10, 0), MAYA, [GREG], "Re: Store-level breakdowns in scheduled reports",
        reply_to="hl08", body="""\
Hi Greg,

Release 4.12 is out and includes the CSV export fix. Could you check whether
this week's export now contains all stores?

Best,
Maya
""")
    add("hl10", local("seattle", 2026, 5, 5, 18, 52), GREG, [MAYA], "Re: Store-level breakdowns in scheduled reports",
        reply_to="hl09", quote_style="us", sig="iphone", body="""\
Still missing rows in this week's export.
""")
    add("hl11", local("dublin", 2026, 5, 6, 9, 5), MAYA, [GREG], "Re: Store-level breakdowns in scheduled reports",
        reply_to="hl10", body="""\
Hi Greg,

I am sorry, that is not the result we wanted. I have escalated this to
engineering as a priority, and Tom\u00e1s from our support team will follow up
with you directly.

Best,
Maya
""")
    add("hl12", local("seattle", 2026, 5, 26, 13, 14), GREG, [MAYA], "Re: Store-level breakdowns in scheduled reports",
        reply_to="hl11", quote_style="us", sig=False, body="""\
Any update on this?

Greg
""")
    # Maya waits for engineering before answering; Greg asks again while hl12 is unanswered.
    add("hl13", local("seattle", 2026, 5, 29, 8, 5), GREG, [MAYA], "Re: Store-level breakdowns in scheduled reports",
        reply_to="hl12", quote_style="us", sig=False, body="""\
Any update?
""")
    add("hl14", local("dublin", 2026, 5, 29, 17, 45), MAYA, [GREG], "Re: Store-level breakdowns in scheduled reports",
        reply_to="hl13", body="""\
Hi Greg,

I am sorry for the silence; I wanted to come back with a real answer.
Engineering has found the root cause (the export re-encodes store names
before filtering). The fix is in the next release, expected on 10 June.

Best,
Maya
""")
    add("hl15", local("seattle", 2026, 6, 12, 16, 2), GREG, [MAYA], "Re: Store-level breakdowns in scheduled reports",
        reply_to="hl14", quote_style="us", sig=False, body="""\
June 10 has come and gone. Any update?
""")
    add("hl16", local("dublin", 2026, 6, 15, 17, 30), MAYA, [GREG], "Re: Store-level breakdowns in scheduled reports",
        reply_to="hl15", body="""\
Hi Greg,

I am sorry for the delay. I saw your ticket (#4231) today; Tom\u00e1s is
working on it today, and I will personally follow up with you every day until
it is resolved.

Best,
Maya
""")
    add("hl17", local("seattle", 2026, 6, 29, 12, 44), GREG, [MAYA], "Re: Store-level breakdowns in scheduled reports",
        reply_to="hl16", quote_style="us", sig=False, body="""\
Noted.
""")
    add("hl18", local("dublin", 2026, 7, 13, 10, 0), MAYA, [GREG], "Harbourline QBR \u2014 Q3", mime="alt", body="""\
Hi Greg,

Now that the export fix is confirmed, could we book the Q3 business review for
late July? I would like to walk you through the new forecasting module.

Best,
Maya
""")
    add("hl19", local("seattle", 2026, 7, 24, 15, 58), GREG, [MAYA], "Re: Harbourline QBR \u2014 Q3", reply_to="hl18",
        quote_style="us", sig=False, body="""\
Not this month. Maybe August.
""")
    add("hl20", local("seattle", 2026, 8, 4, 10, 20), GREG, [MAYA], "Harbourline renewal", cc=[SOFIA], body="""\
Maya,

Heads-up ahead of our October renewal: we are evaluating alternatives and may
not renew. Sofia will reach out about the contract timeline.

Greg
""")
    add("hl21", local("dublin", 2026, 8, 4, 18, 45), MAYA, [GREG], "Re: Harbourline renewal", cc=[SOFIA],
        reply_to="hl20", body="""\
Hi Greg,

Thank you for telling me directly. I understand the export issue cost your
team a lot of time, and I would like to hear what we need to change. Could we
talk this week?

Best,
Maya
""")
    add("hl22", local("dublin", 2026, 8, 4, 19, 2), MAYA, [JONAS], "Harbourline renewal at risk", body="""\
Jonas,

Greg Morrison (Harbourline) just wrote that they are evaluating alternatives
and may not renew in October. Root cause is the CSV export bug that took three
months to fix. Can we discuss a recovery plan tomorrow?

Maya
""")
    add("hl23", local("seattle", 2026, 8, 17, 9, 30), GREG, [MAYA], "Re: Harbourline renewal", cc=[SOFIA],
        reply_to="hl21", quote_style="us", sig=False, body="""\
Let's revisit in September.
""")
    add("hl24", local("dublin", 2026, 8, 17, 17, 50), MAYA, [GREG], "Re: Harbourline renewal", cc=[SOFIA],
        reply_to="hl23", body="""\
Hi Greg,

Of course. I will send an invitation for 8 September.

Best,
Maya
""")

    # ---------------------------------------------------------------- bulk mail
    for key, when, subject, lead in [
        ("news1", local("newyork", 2026, 3, 12, 7, 0), "SaaS Ops Weekly #112: renewal season playbooks",
         "Five playbooks for renewal season, and why QBR decks are getting shorter."),
        ("news2", local("newyork", 2026, 6, 11, 7, 0), "SaaS Ops Weekly #125: measuring customer health",
         "Health scores that customer-success teams actually trust."),
    ]:
        add(key, when, NEWS, [MAYA], subject, mime="alt", quote=False, sig=False, labels="Inbox,Category Updates",
            extra_headers=NEWSLETTER_HEADERS, body=f"""\
SaaS Ops Weekly

{lead}

Read online: https://news.saasopsweekly.example/issues/{key}

You are receiving this because you subscribed at saasopsweekly.example.
Unsubscribe: https://news.saasopsweekly.example/u/8f3a2c
""")

    M.sort(key=lambda m: (m.when.astimezone(UTC), m.key))
    return M


def write_mbox(path: str) -> list[Mail]:
    ms = mails()
    by_key = assign_ids(ms)
    # second from-line form: one separator with a space-padded day, as classic asctime writes it
    by_key["hl08"].from_line_pad = True
    out = b"".join(render_mail(m, by_key) for m in ms)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(out)
    return ms


# --------------------------------------------------------------------------------------------
# Slack export
# --------------------------------------------------------------------------------------------

EMOJI = {
    "tada": "1f389", "wave": "1f44b", "raised_hands": "1f64c", "pray": "1f64f", "heart": "2764-fe0f",
    "slightly_smiling_face": "1f642", "white_check_mark": "2705", "eyes": "1f440", "crossed_fingers": "1f91e",
    "muscle": "1f4aa", "sunny": "2600-fe0f", "star-struck": "1f929", "smile": "1f604", "memo": "1f4dd", "+1": "1f44d",
}

TZ_INFO = {
    "dublin": ("Europe/Dublin", "Irish Standard Time", 3600),
    "newyork": ("America/New_York", "Eastern Daylight Time", -14400),
}

SLACK_USERS = [MAYA, TOMAS, JONAS, DANA, RAJ]


def utc(y, mo, d, h, mi, s=0) -> dt.datetime:
    return dt.datetime(y, mo, d, h, mi, s, tzinfo=UTC)


def avatar_hash(p: Person) -> str:
    return hashlib.sha1(("avatar/" + p.email).encode()).hexdigest()[:12]


def image(p: Person, size: int) -> str:
    return (f"https://avatars.slack-edge.com/2026-01-05/{int(hashlib.sha1(p.email.encode()).hexdigest()[:10], 16)}"
            f"_{avatar_hash(p)}_{size}.png")


def slack_user(p: Person) -> dict:
    tz, label, off = TZ_INFO[p.zone]
    last = p.name.split(" ", 1)[1]
    return {
        "id": p.slack,
        "team_id": p.team,
        "name": p.email.split("@")[0],
        "deleted": False,
        "color": hashlib.sha1(p.slack.encode()).hexdigest()[:6],
        "real_name": p.name,
        "tz": tz,
        "tz_label": label,
        "tz_offset": off,
        "profile": {
            "title": p.title,
            "phone": "",
            "skype": "",
            "real_name": p.name,
            "real_name_normalized": p.name.replace("\u00e1", "a"),
            "display_name": p.first,
            "display_name_normalized": p.first,
            "fields": None,
            "status_text": "",
            "status_emoji": "",
            "status_emoji_display_info": [],
            "status_expiration": 0,
            "avatar_hash": avatar_hash(p),
            "image_original": image(p, 0).replace("_0.png", "_original.png"),
            "is_custom_image": True,
            "email": p.email,
            "first_name": p.first,
            "last_name": last,
            "image_24": image(p, 24),
            "image_32": image(p, 32),
            "image_48": image(p, 48),
            "image_72": image(p, 72),
            "image_192": image(p, 192),
            "image_512": image(p, 512),
            "status_text_canonical": "",
            "team": p.team,
        },
        "is_admin": p is JONAS,
        "is_owner": p is JONAS,
        "is_primary_owner": p is JONAS,
        "is_restricted": False,
        "is_ultra_restricted": False,
        "is_bot": False,
        "is_app_user": False,
        "updated": 1767614400 + SLACK_USERS.index(p) * 3607,
        "is_email_confirmed": True,
        "who_can_share_contact_card": "EVERYONE",
    }


SLACKBOT = {
    "id": "USLACKBOT",
    "team_id": OUR_TEAM,
    "name": "slackbot",
    "deleted": False,
    "color": "757575",
    "real_name": "Slackbot",
    "tz": "America/Los_Angeles",
    "tz_label": "Pacific Daylight Time",
    "tz_offset": -25200,
    "profile": {
        "title": "", "phone": "", "skype": "", "real_name": "Slackbot", "real_name_normalized": "Slackbot",
        "display_name": "Slackbot", "display_name_normalized": "Slackbot", "fields": None, "status_text": "",
        "status_emoji": "", "status_emoji_display_info": [], "status_expiration": 0,
        "avatar_hash": "sv41d8cd98f0", "always_active": True, "first_name": "slackbot", "last_name": "",
        "image_24": "https://a.slack-edge.com/80588/img/slackbot_24.png",
        "image_32": "https://a.slack-edge.com/80588/img/slackbot_32.png",
        "image_48": "https://a.slack-edge.com/80588/img/slackbot_48.png",
        "image_72": "https://a.slack-edge.com/80588/img/slackbot_72.png",
        "image_192": "https://a.slack-edge.com/80588/marketing/img/avatars/slackbot/avatar-slackbot.png",
        "image_512": "https://a.slack-edge.com/80588/img/slackbot_512.png",
        "status_text_canonical": "", "team": OUR_TEAM,
    },
    "is_admin": False, "is_owner": False, "is_primary_owner": False, "is_restricted": False,
    "is_ultra_restricted": False, "is_bot": False, "is_app_user": False, "updated": 0,
    "is_email_confirmed": False, "who_can_share_contact_card": "EVERYONE",
}

TOKEN = re.compile(r"<@(U[A-Z0-9]+)>|<(https?://[^|>]+)(?:\|([^>]+))?>|:([a-z0-9_+\-]+):")


def unescape_slack(s: str) -> str:
    return s.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def rich_text(text: str, rng: random.Random) -> list:
    elements = []
    pos = 0
    for m in TOKEN.finditer(text):
        if m.group(4) and m.group(4) not in EMOJI:
            continue
        if m.start() > pos:
            elements.append({"type": "text", "text": unescape_slack(text[pos:m.start()])})
        if m.group(1):
            elements.append({"type": "user", "user_id": m.group(1)})
        elif m.group(2):
            link = {"type": "link", "url": m.group(2)}
            if m.group(3):
                link["text"] = m.group(3)
            elements.append(link)
        else:
            elements.append({"type": "emoji", "name": m.group(4), "unicode": EMOJI[m.group(4)]})
        pos = m.end()
    if pos < len(text):
        elements.append({"type": "text", "text": unescape_slack(text[pos:])})
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
    block_id = "".join(rng.choice(alphabet) for _ in range(5))
    return [{"type": "rich_text", "block_id": block_id,
             "elements": [{"type": "rich_text_section", "elements": elements}]}]


class SlackMsg:
    def __init__(self, key, when, user, text, subtype=None, thread=None, reactions=(), blocks=True, edited=None,
                 inviter=None):
        self.key = key
        self.when = when
        self.user = user
        self.text = text
        self.subtype = subtype
        self.thread = thread  # key of the thread parent
        self.reactions = list(reactions)  # (name, [people])
        self.blocks = blocks
        self.edited = edited  # minutes after posting
        self.inviter = inviter
        self.ts = ""


def uuid_from(rng: random.Random) -> str:
    h = "".join(rng.choice("0123456789abcdef") for _ in range(32))
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{'89ab'[int(h[16], 16) % 4]}{h[17:20]}-{h[20:32]}"


def conversations():
    """(kind, meta, messages) for every conversation, in a fixed order."""
    S = SlackMsg
    general = [
        S("gen1", utc(2026, 3, 2, 8, 30, 4), JONAS, "Morning all, Q2 account plans are due Friday :memo:"),
        S("gen2", utc(2026, 7, 7, 13, 20, 15), JONAS,
          "Shout-out to <@U0DEMOMAYA> for the Northwind expansion :tada: Great work!",
          reactions=[("tada", [TOMAS, MAYA]), ("raised_hands", [TOMAS])]),
        S("gen3", utc(2026, 7, 7, 13, 24, 51), MAYA, "Thanks <@U0DEMOJONS>! Team effort, <@U0DEMOTOMS> made it easy"),
    ]
    shared = [
        S("sc01", utc(2026, 4, 20, 15, 35, 10), MAYA, "<@U0DEMOMAYA> has joined the channel", subtype="channel_join"),
        S("sc02", utc(2026, 4, 20, 15, 35, 41), TOMAS, "<@U0DEMOTOMS> has joined the channel", subtype="channel_join",
          inviter=MAYA),
        S("sc03", utc(2026, 4, 20, 15, 41, 2), DANA, "<@U0NWDANA01> has joined the channel", subtype="channel_join",
          inviter=MAYA),
        S("sc04", utc(2026, 4, 20, 15, 52, 30), RAJ, "<@U0NWRAJP01> has joined the channel", subtype="channel_join",
          inviter=DANA),
        S("sc05", utc(2026, 4, 20, 15, 55, 12), DANA,
          "Hi all :wave: Excited to have this channel, much easier than long email threads!", blocks=False),
        S("sc06", utc(2026, 4, 20, 16, 3, 40), MAYA,
          "Welcome <@U0NWDANA01> and <@U0NWRAJP01>! :tada: <@U0DEMOTOMS> from our support team is here too.",
          reactions=[("raised_hands", [DANA])], blocks=False),
        S("sc07", utc(2026, 4, 28, 14, 12, 5), RAJ,
          "Quick question: can we backfill March data for the EMEA workspace, or does the import only go back "
          "30 days?"),
        S("sc08", utc(2026, 4, 28, 14, 30, 18), TOMAS,
          "Hi <@U0NWRAJP01>, the importer goes back 90 days by default. I can run a backfill for you today.",
          thread="sc07"),
        S("sc09", utc(2026, 4, 28, 14, 34, 51), RAJ, "That would be great, thanks!", thread="sc07"),
        S("sc10", utc(2026, 4, 28, 16, 2, 27), TOMAS,
          "Done :white_check_mark: March is in. Let me know if anything looks off.", thread="sc07"),
        S("sc11", utc(2026, 4, 28, 16, 10, 3), DANA, "Thanks <@U0DEMOTOMS>, super fast :raised_hands:",
          thread="sc07", reactions=[("heart", [TOMAS])]),
        S("sc12", utc(2026, 5, 12, 13, 48, 22), DANA,
          "Morning! Could we get the usage report split by region (NA / EMEA) for our QBR on Thursday?"),
        S("sc13", utc(2026, 5, 12, 14, 1, 9), MAYA,
          "Morning Dana! Yes, I'll have it to you by end of day :slightly_smiling_face:"),
        S("sc14", utc(2026, 5, 12, 17, 25, 44), MAYA,
          "Here you go: <https://app.rapport-demo.io/reports/nw-usage-by-region|Usage by region (April)>"),
        S("sc15", utc(2026, 5, 12, 17, 31, 2), DANA, "Amazing, thank you Maya!! :pray:",
          reactions=[("heart", [MAYA])]),
        S("sc16", utc(2026, 5, 27, 15, 20, 11), DANA,
          "QBR went really well, leadership loved the region view. Thank you both! :tada:",
          reactions=[("tada", [MAYA, TOMAS])]),
        S("sc17", utc(2026, 5, 27, 15, 24, 37), MAYA, "So glad to hear it! Thanks for championing us, Dana :heart:"),
        S("sc18", utc(2026, 6, 3, 14, 5, 0), RAJ,
          "FYI: we're adding the marketing team next month, probably 12 more seats :eyes:", edited=2),
        S("sc19", utc(2026, 6, 3, 14, 9, 12), MAYA, "Love that! I'll send over options &amp; pricing."),
    ]
    dm_dana = [
        S("dm01", utc(2026, 6, 9, 18, 2, 14), DANA,
          "Hey Maya! Figured DM is easier for the quick stuff :slightly_smiling_face: Do you have 10 min tomorrow "
          "to chat about adding the marketing team?"),
        S("dm02", utc(2026, 6, 9, 18, 5, 40), MAYA, "Hey Dana! Absolutely :raised_hands: 11am your time works?"),
        S("dm03", utc(2026, 6, 9, 18, 6, 55), DANA, "Perfect, thanks!! :heart:"),
        S("dm04", utc(2026, 6, 18, 16, 40, 3), MAYA,
          "Hi Dana, the expansion proposal is in your inbox: 40 seats with the marketing workspace. "
          "Shout if anything's unclear!"),
        S("dm05", utc(2026, 6, 18, 16, 47, 31), DANA,
          "Got it, thank you! Looks great, running it past finance today :crossed_fingers:"),
        S("dm06", utc(2026, 7, 2, 19, 15, 20), DANA, "Finance approved :tada::tada: Thank you so much for helping with the business case, Maya! "
          "Can you send the order form?"),
        S("dm07", utc(2026, 7, 2, 19, 19, 2), MAYA,
          "Amazing news!! Sending it right after the long weekend :muscle: Happy 4th!"),
        S("dm08", utc(2026, 7, 7, 13, 2, 44), DANA, "Signed! Thank you so much for everything, Maya :pray:"),
        S("dm09", utc(2026, 7, 7, 13, 4, 10), MAYA, "Thank YOU, Dana! :tada: Welcome to 40 seats",
          reactions=[("heart", [DANA])]),
        S("dm10", utc(2026, 7, 22, 14, 30, 0), DANA,
          "Hi Maya! Random q: does the new forecasting module work with our Snowflake setup? The team is "
          "super excited about it :smile:"),
        S("dm11", utc(2026, 7, 22, 14, 33, 18), MAYA, "It does! Want me to enable the beta for you?"),
        S("dm12", utc(2026, 7, 22, 14, 33, 59), DANA, "Yes please, that would be amazing! Thank you :star-struck:"),
        S("dm13", utc(2026, 7, 22, 14, 41, 25), MAYA, "Done :white_check_mark:"),
        S("dm14", utc(2026, 7, 22, 14, 42, 10), DANA, "You're the best, thanks so much!! :heart:"),
        S("dm15", utc(2026, 8, 12, 17, 55, 30), DANA,
          "Hey! Our CFO asked if we'd be a reference for you. Happy to, just say the word :smile:"),
        S("dm16", utc(2026, 8, 12, 17, 58, 2), MAYA,
          "Dana, that's so kind, thank you! :heart: I'll send details next week."),
        S("dm17", utc(2026, 8, 26, 15, 10, 44), MAYA,
          "Hi Dana! The reference call is set for Sep 3, 10am ET. Thanks again :pray:"),
        S("dm18", utc(2026, 8, 26, 15, 12, 20), DANA, "On my calendar, thanks Maya! Have a great rest of the week :sunny:"),
    ]
    dm_tomas = [
        S("it01", utc(2026, 6, 15, 15, 28, 5), MAYA,
          "<@U0DEMOTOMS> Harbourline opened an urgent ticket (#4231) about the CSV export again. Can you take it "
          "today?"),
        S("it02", utc(2026, 6, 15, 15, 30, 40), TOMAS, "On it."),
    ]
    cs_leads = [
        S("cl01", utc(2026, 6, 16, 9, 12, 40), MAYA,
          "Heads-up: Harbourline is cooling. Greg chased three times for the CSV export fix and opened an urgent "
          "ticket yesterday."),
        S("cl02", utc(2026, 6, 16, 9, 30, 5), JONAS, "Thanks. Let's review it on Thursday."),
        S("cl03", utc(2026, 8, 4, 18, 10, 22), MAYA,
          "Harbourline: Greg says they are evaluating alternatives and may not renew in October."),
        S("cl04", utc(2026, 8, 4, 18, 15, 40), JONAS, "Ugh. Let's put together a recovery plan tomorrow."),
    ]
    mpim = [
        S("mp01", utc(2026, 7, 7, 13, 10, 0), MAYA, "Northwind signed the 40-seat expansion :tada:"),
        S("mp02", utc(2026, 7, 7, 13, 12, 31), JONAS, "Brilliant work!", reactions=[("+1", [TOMAS])]),
    ]

    def topic(v="", who=None, t=0):
        return {"value": v, "creator": who.slack if who else "", "last_set": t}

    ours = [MAYA.slack, TOMAS.slack, JONAS.slack]
    convs = [
        ("channel", {"id": "C0DEMOGEN1", "name": "general", "created": 1767607200, "creator": JONAS.slack,
                     "is_archived": False, "is_general": True, "members": ours,
                     "topic": topic(),
                     "purpose": topic("This is the one channel that will always include everyone. It\u2019s a "
                                      "great spot for announcements and team-wide conversations.", JONAS,
                                      1767607200)}, general),
        ("channel", {"id": "C0DEMOEXNW", "name": "ext-northwind-rapport", "created": epoch(utc(2026, 4, 20, 15, 35)),
                     "creator": MAYA.slack, "is_archived": False, "is_general": False,
                     "members": [MAYA.slack, TOMAS.slack, DANA.slack, RAJ.slack],
                     "topic": topic("Rapport Demo <> Northwind Analytics", MAYA, epoch(utc(2026, 4, 20, 15, 36))),
                     "purpose": topic("Shared channel for day-to-day questions", MAYA,
                                      epoch(utc(2026, 4, 20, 15, 35)))}, shared),
        ("group", {"id": "C0DEMOCSLD", "name": "cs-leads", "created": 1767700800, "creator": JONAS.slack,
                   "is_archived": False, "is_general": False, "members": [MAYA.slack, JONAS.slack],
                   "topic": topic(), "purpose": topic("Account risks and escalations", JONAS, 1767700800)},
         cs_leads),
        ("mpim", {"id": "G0DEMOMPIM", "name": "mpdm-maya.lindqvist--tomas.ortega--jonas.berg-1",
                  "created": epoch(utc(2026, 7, 7, 13, 10)), "creator": MAYA.slack, "is_archived": False,
                  "members": ours, "topic": topic(), "purpose": topic("Group messaging", MAYA,
                                                                       epoch(utc(2026, 7, 7, 13, 10)))}, mpim),
        ("dm", {"id": "D0DEMODMNW", "created": epoch(utc(2026, 6, 9, 18, 2)), "members": [MAYA.slack, DANA.slack]},
         dm_dana),
        ("dm", {"id": "D0DEMODMTO", "created": 1767708000, "members": [MAYA.slack, TOMAS.slack]}, dm_tomas),
    ]
    return convs


def slack_json(obj) -> str:
    """JSON the way Slack's exporter writes it: 4-space indent, \\u escapes, escaped slashes."""
    return json.dumps(obj, indent=4, ensure_ascii=True).replace("/", "\\/") + "\n"


def write_slack(root: str, rng: random.Random) -> dict:
    convs = conversations()
    os.makedirs(root, exist_ok=True)
    ts_of = {}
    for _, _, msgs in convs:
        for m in sorted(msgs, key=lambda m: m.when):
            m.ts = f"{epoch(m.when)}.{rng.randrange(1, 9999) * 100:06d}"
            ts_of[m.key] = m
    listing = {"channel": [], "group": [], "mpim": [], "dm": []}
    for kind, meta, msgs in convs:
        listing[kind].append(meta)
        folder = meta["id"] if kind == "dm" else meta["name"]
        replies = {}
        for m in msgs:
            if m.thread:
                replies.setdefault(m.thread, []).append(m)
        by_day: dict[str, list] = {}
        for m in sorted(msgs, key=lambda m: m.ts):
            p = m.user
            if m.subtype == "channel_join":
                o = {"type": "message", "subtype": "channel_join", "ts": m.ts, "user": p.slack, "text": m.text}
                if m.inviter:
                    o["inviter"] = m.inviter.slack
            else:
                o = {"client_msg_id": uuid_from(rng), "type": "message", "text": m.text, "user": p.slack,
                     "ts": m.ts}
                if m.edited:
                    o["edited"] = {"user": p.slack, "ts": f"{epoch(m.when) + 60 * m.edited}.000000"}
                if m.blocks:
                    o["blocks"] = rich_text(m.text, rng)
                o["team"] = p.team
                o["user_team"] = p.team
                o["source_team"] = p.team
                o["user_profile"] = {
                    "avatar_hash": avatar_hash(p), "image_72": image(p, 72), "first_name": p.first,
                    "real_name": p.name, "display_name": p.first, "team": p.team,
                    "name": p.email.split("@")[0], "is_restricted": False, "is_ultra_restricted": False,
                }
                if m.key in replies:
                    rs = replies[m.key]
                    users = []
                    for r in rs:
                        if r.user.slack not in users:
                            users.append(r.user.slack)
                    o["thread_ts"] = m.ts
                    o["reply_count"] = len(rs)
                    o["reply_users_count"] = len(users)
                    o["latest_reply"] = rs[-1].ts
                    o["reply_users"] = users
                    o["replies"] = [{"user": r.user.slack, "ts": r.ts} for r in rs]
                    o["is_locked"] = False
                    o["subscribed"] = False
                if m.thread:
                    o["thread_ts"] = ts_of[m.thread].ts
                    o["parent_user_id"] = ts_of[m.thread].user.slack
                if m.reactions:
                    o["reactions"] = [{"name": n, "users": [u.slack for u in us], "count": len(us)}
                                      for n, us in m.reactions]
            day = m.when.astimezone(UTC).strftime("%Y-%m-%d")
            by_day.setdefault(day, []).append(o)
        os.makedirs(os.path.join(root, folder), exist_ok=True)
        for day, objs in sorted(by_day.items()):
            with open(os.path.join(root, folder, day + ".json"), "w", encoding="ascii", newline="\n") as f:
                f.write(slack_json(objs))
    users = [slack_user(p) for p in SLACK_USERS] + [SLACKBOT]
    users.sort(key=lambda u: u["id"])
    for name, data in [("users.json", users), ("channels.json", listing["channel"]),
                       ("groups.json", listing["group"]), ("mpims.json", listing["mpim"]),
                       ("dms.json", listing["dm"]),
                       ("integration_logs.json", [
                           {"user_id": JONAS.slack, "user_name": "jonas.berg", "date": "1767708000",
                            "change_type": "added", "app_id": "A0DEMOGCAL", "app_type": "app",
                            "service_id": "A0DEMOGCAL", "service_type": "Google Calendar",
                            "scope": "calendars:read,chat:write"},
                           {"user_id": MAYA.slack, "user_name": "maya.lindqvist", "date": str(epoch(utc(2026, 4, 20,
                                                                                                          15, 37))),
                            "change_type": "added", "service_id": "B0DEMOWHK1", "service_type": "Incoming WebHooks",
                            "channel": "ext-northwind-rapport", "scope": "incoming-webhook"},
                       ])]:
        with open(os.path.join(root, name), "w", encoding="ascii", newline="\n") as f:
            f.write(slack_json(data))
    return ts_of


# --------------------------------------------------------------------------------------------
# HTML tickets (saved agent print views, Zendesk-like markup)
# --------------------------------------------------------------------------------------------

class Comment:
    def __init__(self, cid, when, author, body_html, public=True, via="Email"):
        self.cid = cid
        self.when = when
        self.author = author
        self.body_html = body_html
        self.public = public
        self.via = via


class Ticket:
    def __init__(self, tid, subject, status, priority, ttype, requester, org, tags, comments, ccs=(),
                 group="Support"):
        self.tid = tid
        self.subject = subject
        self.status = status
        self.priority = priority
        self.ttype = ttype
        self.requester = requester
        self.org = org
        self.tags = tags
        self.comments = comments
        self.ccs = list(ccs)
        self.group = group


def P(*paras: str) -> str:
    return "\n".join(f"<p>{p}</p>" for p in paras)


def tickets() -> list[Ticket]:
    C = Comment
    return [
        Ticket(4096, "Snowflake connector: which role does the service account need?", "Solved", "Normal",
               "Question", RAJ, "Northwind Analytics", ["connector", "snowflake"], [
                   C(409601, local("newyork", 2026, 3, 9, 10, 12), RAJ, P(
                       "Hi,",
                       "we are setting up the Snowflake connector. Which role and grants does the service account "
                       "need? The docs mention <code>USAGE</code> on the warehouse but the test connection fails "
                       "with <em>insufficient privileges</em>.",
                       "Thanks,<br>Raj"), via="Web form"),
                   C(409602, local("dublin", 2026, 3, 9, 14, 40), TOMAS, P(
                       "Hi Raj,",
                       "the service account also needs <code>SELECT</code> on future tables in the schema:",
                       ) + "\n<pre>GRANT SELECT ON FUTURE TABLES IN SCHEMA analytics.public TO ROLE rapport_reader;"
                           "</pre>\n" + P(
                       "After that the test connection should pass.",
                       "Best regards,<br>Tom\u00e1s Ortega<br>Rapport Demo Support")),
                   C(409603, local("newyork", 2026, 3, 9, 10, 55), RAJ, P(
                       "That did it, the connection works now. Thanks!",
                       "Raj")),
               ]),
        Ticket(4102, "SFTP import fails for files over 2 GB", "Solved", "High", "Problem", KATRIN,
               "Kestrel Freight GmbH", ["import", "sftp"], [
                   C(410201, local("hamburg", 2026, 3, 10, 9, 41), KATRIN, P(
                       "Dear Support team,",
                       "since yesterday the nightly SFTP import fails for our shipment files larger than 2&nbsp;GB. "
                       "Smaller files are imported correctly. The import log shows <em>\u201cunexpected end of "
                       "stream\u201d</em>.",
                       "Could you please look into this?",
                       "Regards,<br>Katrin Vogel<br>IT Service Manager, Kestrel Freight GmbH")),
                   C(410202, local("dublin", 2026, 3, 10, 10, 20), TOMAS, P(
                       "Dear Katrin,",
                       "thank you for the report. We can see the failed imports on our side and are investigating. "
                       "Could you send the exact file name of last night\u2019s failed file?",
                       "Best regards,<br>Tom\u00e1s Ortega<br>Rapport Demo Support")),
                   C(410203, local("dublin", 2026, 3, 10, 10, 24), TOMAS, P(
                       "Reproduced: the SFTP worker uses a 32-bit length for the resume offset. Files &gt; 2 GiB "
                       "overflow. Fix is a one-liner in <code>sftp-fetch</code>; asked platform for a hotfix "
                       "deploy tomorrow morning."), public=False, via="Web"),
                   C(410204, local("hamburg", 2026, 3, 10, 13, 5), KATRIN, P(
                       "Dear Tom\u00e1s,",
                       "the file is <code>KF_shipments_20260309.csv.gz</code> (2.4&nbsp;GB).",
                       "Regards,<br>Katrin Vogel")),
                   C(410205, local("dublin", 2026, 3, 11, 11, 30), TOMAS, P(
                       "Dear Katrin,",
                       "we deployed a fix this morning and re-ran the import of "
                       "<code>KF_shipments_20260309.csv.gz</code>; all 2,412,906 rows are in. Tonight\u2019s import "
                       "should run normally.",
                       "Best regards,<br>Tom\u00e1s Ortega<br>Rapport Demo Support")),
                   C(410206, local("hamburg", 2026, 3, 11, 15, 10), KATRIN, P(
                       "Dear Tom\u00e1s,",
                       "confirmed, the data is complete. Thank you for the quick fix.",
                       "Regards,<br>Katrin Vogel")),
               ], ccs=[MAYA]),
        Ticket(4187, "Feature request: EORI number in the shipment export", "Solved", "Normal", "Task", LUKAS,
               "Kestrel Freight GmbH", ["export", "feature-request"], [
                   C(418701, local("hamburg", 2026, 6, 2, 10, 15), LUKAS, P(
                       "Dear Support team,",
                       "for customs reporting we need the consignee\u2019s EORI number as a column in the shipment "
                       "export. Is this possible?",
                       "Regards,<br>Lukas Brenner<br>Operations Analyst, Kestrel Freight GmbH"), via="Web form"),
                   C(418702, local("dublin", 2026, 6, 2, 11, 40), TOMAS, P(
                       "Dear Lukas,",
                       "thank you for the request. The EORI number is already stored with each consignee, so we can "
                       "add it to the export. I will confirm the release date shortly.",
                       "Best regards,<br>Tom\u00e1s Ortega<br>Rapport Demo Support")),
                   C(418703, local("hamburg", 2026, 6, 2, 14, 2), LUKAS, P(
                       "Dear Tom\u00e1s,",
                       "thank you, that would help us a lot.",
                       "Regards,<br>Lukas Brenner")),
                   C(418704, local("dublin", 2026, 6, 3, 16, 0), TOMAS, P(
                       "EORI column shipped behind the <code>export.eori</code> flag in 4.14; enabling it for "
                       "Kestrel only. Maya is aware."), public=False, via="Web"),
                   C(418705, local("dublin", 2026, 6, 4, 9, 15), TOMAS, P(
                       "Dear Lukas,",
                       "the column <code>consignee_eori</code> is now part of your shipment export (release 4.14).",
                       "Best regards,<br>Tom\u00e1s Ortega<br>Rapport Demo Support")),
                   C(418706, local("hamburg", 2026, 6, 4, 13, 30), LUKAS, P(
                       "Dear Tom\u00e1s,",
                       "it works, thank you.",
                       "Regards,<br>Lukas Brenner")),
               ], ccs=[KATRIN]),
        Ticket(4231, "CSV export STILL drops rows - third time reporting this", "Solved", "Urgent", "Problem",
               GREG, "Harbourline Retail", ["export", "csv", "escalated"], [
                   C(423101, local("seattle", 2026, 6, 15, 8, 20), GREG, P(
                       "This is the third time we are reporting this. The weekly CSV export still drops every store "
                       "with an accent in its name (Montr\u00e9al, S\u00e3o Paulo outlet). We were told it was fixed "
                       "in April and again that it would be fixed by June 10. It is not.",
                       "Our regional managers are working from incomplete numbers. I need a date, not another "
                       "apology.",
                       "Greg Morrison<br>VP Operations, Harbourline Retail"), via="Web form"),
                   C(423102, local("dublin", 2026, 6, 15, 16, 45), TOMAS, P(
                       "Hi Greg,",
                       "I am sorry. I have taken this ticket personally and reproduced it with your export from "
                       "June 8. I will update you by Thursday next week at the latest.",
                       "Best regards,<br>Tom\u00e1s Ortega<br>Rapport Demo Support")),
                   C(423103, local("dublin", 2026, 6, 15, 16, 50), TOMAS, P(
                       "Customer is very frustrated (third report, two missed dates). Renewal is in October. "
                       "Looping in Maya and Jonas. Root cause: the 4.12 fix covered the UI export only, not the "
                       "scheduled export."), public=False, via="Web"),
                   C(423104, local("seattle", 2026, 6, 23, 9, 10), GREG, P(
                       "Fine. Let me know when it's actually fixed.",
                       "Greg")),
                   C(423105, local("dublin", 2026, 6, 25, 10, 0), TOMAS, P(
                       "Hi Greg,",
                       "release 4.14.2 fixes the scheduled export. I re-ran your June 8 export: all 214 stores are "
                       "present, including Montr\u00e9al and S\u00e3o Paulo outlet. Could you confirm with "
                       "Monday\u2019s export?",
                       "Best regards,<br>Tom\u00e1s Ortega<br>Rapport Demo Support")),
                   C(423106, local("seattle", 2026, 7, 8, 17, 30), GREG, P(
                       "Confirmed it works now. Three months is too long for a data export bug.",
                       "Greg")),
               ], ccs=[MAYA]),
    ]


TICKET_CSS = """\
    body { font-family: "Lato", "Helvetica Neue", Arial, sans-serif; font-size: 13px; color: #2f3941; margin: 0; }
    #page { max-width: 860px; margin: 24px auto; }
    .print-header { display: flex; justify-content: space-between; border-bottom: 1px solid #d8dcde;
                    padding-bottom: 8px; margin-bottom: 16px; }
    .print-header .brand { font-weight: 700; font-size: 15px; }
    .print-header .printed { color: #68737d; }
    h1.ticket-title { font-size: 20px; margin: 0 0 12px; }
    h1.ticket-title .ticket-id { color: #68737d; font-weight: 400; margin-right: 6px; }
    table.ticket-fields { border-collapse: collapse; width: 100%; margin-bottom: 20px; }
    table.ticket-fields th { text-align: left; color: #68737d; font-weight: 400; width: 110px;
                                 padding: 3px 8px 3px 0; vertical-align: top; }
    table.ticket-fields td { padding: 3px 16px 3px 0; vertical-align: top; }
    .status-label { text-transform: uppercase; font-size: 11px; border-radius: 2px; padding: 1px 6px;
                    color: #fff; background: #87929d; }
    .status-label.status-solved { background: #68737d; }
    .status-label.status-open { background: #e34f32; }
    .events .event { border-top: 1px solid #e9ebed; padding: 14px 0; display: flex; }
    .events .event .avatar img { width: 36px; height: 36px; border-radius: 50%; margin-right: 12px; }
    .events .event.is-private { background: #fff6e5; border-left: 3px solid #f5d6a2; padding-left: 8px; }
    .event .header { margin-bottom: 6px; }
    .event .author { font-weight: 700; }
    .event .author-role, .event .via, .event time { color: #68737d; }
    .badge-internal { background: #f79a3e; color: #fff; font-size: 11px; border-radius: 2px; padding: 0 5px; }
    .zd-comment p { margin: 0 0 10px; line-height: 1.45; }
    .zd-comment pre { background: #f8f9f9; border: 1px solid #d8dcde; padding: 6px; white-space: pre-wrap; }
    .print-footer { color: #87929d; border-top: 1px solid #d8dcde; margin-top: 16px; padding-top: 8px; }
    @media print { #page { margin: 0; max-width: none; } }
"""


def display_time(t: dt.datetime) -> str:
    d = in_zone("dublin", t)
    return f"{MONTHS[d.month - 1]} {d.day}, {d.year} {d.hour:02d}:{d.minute:02d}"


def render_ticket(t: Ticket) -> str:
    e = html.escape
    created = t.comments[0].when
    updated = t.comments[-1].when
    printed = dt.datetime(2026, 8, 31, 17, 5, tzinfo=UTC)
    agent = TOMAS
    ccs = ", ".join(f'<span class="name">{e(p.name)}</span> <span class="email">&lt;{e(p.email)}&gt;</span>'
                    for p in t.ccs) or "-"
    rows = [
        ("Status", "status", f'<span class="status-label status-{t.status.lower()}">{e(t.status)}</span>',
         "Requester", "requester", f'<span class="name">{e(t.requester.name)}</span> '
                                   f'<span class="email">&lt;{e(t.requester.email)}&gt;</span>'),
        ("Priority", "priority", e(t.priority), "Organization", "organization", e(t.org)),
        ("Type", "type", e(t.ttype), "Assignee", "assignee",
         f'<span class="name">{e(agent.name)}</span> <span class="email">&lt;{e(agent.email)}&gt;</span>'),
        ("Group", "group", e(t.group), "CCs", "collaborators", ccs),
        ("Created", "created", f'<time datetime="{iso(in_zone("dublin", created))}">{display_time(created)}</time>',
         "Updated", "updated", f'<time datetime="{iso(in_zone("dublin", updated))}">{display_time(updated)}</time>'),
        ("Tags", "tags", " ".join(f'<span class="tag">{e(x)}</span>' for x in t.tags), "Channel", "via",
         e(t.comments[0].via)),
    ]
    prop_html = "\n".join(
        f'        <tr>\n          <th>{a}</th>\n          <td class="{ac}">{b}</td>\n'
        f'          <th>{c}</th>\n          <td class="{cc}">{d}</td>\n        </tr>'
        for a, ac, b, c, cc, d in rows)
    events = []
    for c in t.comments:
        is_agent = c.author.domain == US_DOMAIN
        role = "agent" if is_agent else "end-user"
        vis = "public is-public" if c.public else "private is-private"
        badge = ' <span class="badge-internal">Internal note</span>' if not c.public else ""
        events.append(f"""\
      <div class="event comment {vis}" id="comment-{c.cid}" data-comment-id="{c.cid}" data-author-role="{role}">
        <div class="avatar"><img src="https://rapportdemo.zendesk.example/system/photos/{c.cid}/avatar.png" alt=""></div>
        <div class="content">
          <div class="header">
            <span class="author">{e(c.author.name)}</span>
            <span class="author-role">({role})</span>{badge}
            <span class="author-email">&lt;{e(c.author.email)}&gt;</span>
            <span class="via">via {e(c.via)}</span>
            <time datetime="{iso(in_zone('dublin', c.when))}" title="{utc_iso(c.when)}">{display_time(c.when)}</time>
          </div>
          <div class="body zd-comment" dir="auto">
{c.body_html}
          </div>
        </div>
      </div>""")
    title = f"#{t.tid} {t.subject}"
    return f"""\
<!DOCTYPE html>
<html lang="en" dir="ltr">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>{e(title)} \u2013 Rapport Demo Support</title>
  <!-- saved from url=(0052)https://rapportdemo.zendesk.example/tickets/{t.tid}/print -->
  <style>
{TICKET_CSS}  </style>
</head>
<body class="ticket-print">
  <div id="page">
    <div class="print-header">
      <span class="brand">Rapport Demo Support</span>
      <span class="printed">Printed by {e(agent.name)} on {display_time(printed)}</span>
    </div>
    <h1 class="ticket-title"><span class="ticket-id">#{t.tid}</span><span class="subject">{e(t.subject)}</span></h1>
    <table class="ticket-fields">
      <tbody>
{prop_html}
      </tbody>
    </table>
    <div class="events">
{chr(10).join(events)}
    </div>
    <div class="print-footer">Ticket #{t.tid} &middot; rapportdemo.zendesk.example &middot; Times shown in Europe/Dublin</div>
  </div>
</body>
</html>
"""


def write_tickets(root: str) -> list[Ticket]:
    os.makedirs(root, exist_ok=True)
    ts = tickets()
    for t in ts:
        with open(os.path.join(root, f"ticket-{t.tid}.html"), "w", encoding="utf-8", newline="\n") as f:
            f.write(render_ticket(t))
    return ts


# --------------------------------------------------------------------------------------------
# Expected facts (for tests) and main
# --------------------------------------------------------------------------------------------

ACCOUNTS = [
    ("northwind.example", "Northwind Analytics", "warming", [DANA, RAJ]),
    ("kestrel-freight.example", "Kestrel Freight GmbH", "steady", [KATRIN, LUKAS]),
    ("harbourline.example", "Harbourline Retail", "cooling", [GREG, SOFIA]),
]


def person_json(p: Person) -> dict:
    o = {"name": p.name, "email": p.email, "title": p.title, "organization": p.org}
    if p.slack:
        o["slack_id"] = p.slack
        o["slack_team"] = p.team
    return o


def expected(ms: list[Mail], ts_of: dict, tks: list[Ticket]) -> dict:
    def account_of(p: Person):
        for dom, _, _, _ in ACCOUNTS:
            if p.domain == dom:
                return dom
        return None

    mail_index = []
    for m in ms:
        parties = [m.sender] + m.to + m.cc
        acct = next((account_of(p) for p in parties if account_of(p)), None)
        kind = "conversation"
        if any(h.startswith("Auto-Submitted") for h in m.extra_headers):
            kind = "auto-reply"
        elif any(h.startswith("Precedence: bulk") for h in m.extra_headers):
            kind = "bulk"
        elif all(p.domain == US_DOMAIN for p in parties):
            kind = "internal"
        mail_index.append({
            "key": m.key, "message_id": m.msgid, "date": rfc5322(m.when), "utc": utc_iso(m.when),
            "from": m.sender.email, "to": [p.email for p in m.to], "cc": [p.email for p in m.cc],
            "in_reply_to": None if not m.reply_to else m.refs[-1], "account": acct, "kind": kind,
            "mime": {"plain": "text/plain", "alt": "multipart/alternative", "qp": "text/plain quoted-printable",
                     "b64": "text/plain base64", "latin1": "text/plain iso-8859-1 8bit"}[m.mime]
            if not m.attachment else "multipart/mixed with attachment",
        })
    convs = conversations()
    slack_index = []
    conv_summary = []
    for kind, meta, msgs in convs:
        folder = meta["id"] if kind == "dm" else meta["name"]
        conv_summary.append({"id": meta["id"], "folder": folder, "kind": kind, "members": meta["members"],
                             "messages": len(msgs),
                             "channel_joins": sum(1 for m in msgs if m.subtype == "channel_join"),
                             "thread_replies": sum(1 for m in msgs if m.thread)})
        for m in msgs:
            s = ts_of[m.key]
            slack_index.append({"key": m.key, "conversation": meta["id"], "ts": s.ts, "utc": utc_iso(m.when),
                                "user": m.user.slack, "subtype": m.subtype,
                                "thread_ts": ts_of[m.thread].ts if m.thread else None})
    ticket_index = []
    for t in tks:
        ticket_index.append({
            "id": t.tid, "file": f"tickets/ticket-{t.tid}.html", "subject": t.subject, "status": t.status,
            "priority": t.priority, "requester": t.requester.email, "organization": t.org,
            "account": t.requester.domain,
            "comments": [{"id": c.cid, "author": c.author.email,
                          "role": "agent" if c.author.domain == US_DOMAIN else "end-user",
                          "public": c.public, "datetime": iso(in_zone("dublin", c.when)), "utc": utc_iso(c.when)}
                         for c in t.comments],
        })
    by_key = {m.key: m for m in ms}
    return {
        "generator": "corpora/tools/generate_demo.py",
        "seed": SEED,
        "period": {"start": "2026-03-01", "end": "2026-08-31"},
        "us": {
            "company": "Rapport Demo",
            "domain": US_DOMAIN,
            "mailbox_owner": person_json(MAYA),
            "colleagues": [person_json(TOMAS), person_json(JONAS)],
            "slack_team": OUR_TEAM,
            "evidence": "every message sent by the mailbox owner carries X-Gmail-Labels: Sent; "
                        "users.json: team T0DEMO0001 has 4 users (incl. USLACKBOT), T0NWIND001 has 2",
        },
        "accounts": [{"id": dom, "name": name, "story": story, "contacts": [person_json(p) for p in people]}
                     for dom, name, story, people in ACCOUNTS],
        "expected_outcomes": {
            "northwind.example": {"final_level_min": 4, "highest_channel": "slack-dm", "warnings": []},
            "kestrel-freight.example": {"final_level": 3, "highest_channel": "email", "warnings": []},
            "harbourline.example": {
                "final_level_max": 3, "highest_channel": "email",
                "warnings": [
                    {"rule": "repeated-request", "raised_at_or_before": by_key["hl13"].msgid,
                     "utc": utc_iso(by_key["hl13"].when)},
                    {"rule": "explicit-risk", "raised_at_or_before": by_key["hl20"].msgid,
                     "utc": utc_iso(by_key["hl20"].when)},
                ],
            },
        },
        "key_moments": {
            "northwind_first_shared_channel_message": {"conversation": "C0DEMOEXNW", "ts": ts_of["sc05"].ts},
            "northwind_first_dm": {"conversation": "D0DEMODMNW", "ts": ts_of["dm01"].ts,
                                   "utc": utc_iso(ts_of["dm01"].when)},
            "harbourline_any_update_1": {"message_id": by_key["hl12"].msgid, "utc": utc_iso(by_key["hl12"].when)},
            "harbourline_any_update_2": {"message_id": by_key["hl13"].msgid, "utc": utc_iso(by_key["hl13"].when)},
            "harbourline_any_update_3": {"message_id": by_key["hl15"].msgid, "utc": utc_iso(by_key["hl15"].when)},
            "harbourline_frustrated_ticket": {"ticket": 4231, "comment": 423101},
            "harbourline_cancellation_hint": {"message_id": by_key["hl20"].msgid,
                                              "utc": utc_iso(by_key["hl20"].when)},
        },
        "mbox": {
            "file": "mail/inbox.mbox",
            "messages": len(ms),
            "from_mailbox_owner": sum(1 for m in ms if m.sender is MAYA),
            "kinds": {k: sum(1 for x in mail_index if x["kind"] == k)
                      for k in ["conversation", "internal", "auto-reply", "bulk"]},
            "index": mail_index,
        },
        "slack": {"folder": "slack", "conversations": conv_summary,
                  "messages": sum(c["messages"] for c in conv_summary), "index": slack_index},
        "tickets": {"folder": "tickets", "tickets": ticket_index,
                    "comments": sum(len(t.comments) for t in tks),
                    "internal_notes": sum(1 for t in tks for c in t.comments if not c.public)},
    }


def generate(root: str) -> None:
    """Writes demo/ and expected/ under `root` (the corpora folder)."""
    rng = random.Random(SEED)
    demo = os.path.join(root, "demo")
    for sub in ["mail", "slack", "tickets"]:
        shutil.rmtree(os.path.join(demo, sub), ignore_errors=True)
    ms = write_mbox(os.path.join(demo, "mail", "inbox.mbox"))
    ts_of = write_slack(os.path.join(demo, "slack"), rng)
    tks = write_tickets(os.path.join(demo, "tickets"))
    os.makedirs(os.path.join(root, "expected"), exist_ok=True)
    with open(os.path.join(root, "expected", "demo.json"), "w", encoding="utf-8", newline="\n") as f:
        f.write(json.dumps(expected(ms, ts_of, tks), indent=2, ensure_ascii=False) + "\n")


def main() -> int:
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", default=os.path.dirname(here), help="corpora folder to write into (default: ../)")
    ap.add_argument("--check", action="store_true", help="regenerate into a temp dir and compare with --out")
    args = ap.parse_args()
    if not args.check:
        generate(args.out)
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        generate(tmp)
        diffs = []
        for sub in ["demo", "expected"]:
            stack = [(os.path.join(tmp, sub), os.path.join(args.out, sub))]
            while stack:
                a, b = stack.pop()
                c = filecmp.dircmp(a, b)
                diffs += [os.path.join(b, x) for x in c.left_only + c.right_only]
                _, mismatch, errors = filecmp.cmpfiles(a, b, c.common_files, shallow=False)
                diffs += [os.path.join(b, x) for x in mismatch + errors]
                stack += [(os.path.join(a, d), os.path.join(b, d)) for d in c.common_dirs]
        for d in sorted(diffs):
            print("differs:", d, file=sys.stderr)
        return 1 if diffs else 0


if __name__ == "__main__":
    sys.exit(main())
