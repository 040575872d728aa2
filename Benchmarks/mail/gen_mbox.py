#!/usr/bin/env python3
"""Generates a realistic mbox for the mail benchmark (seeded, deterministic).

Mix: plain text (utf-8 quoted-printable, iso-8859-1, windows-1252, koi8-r, shift_jis), HTML-only,
multipart/alternative, replies with quoted text and signatures, base64 attachments (PDF/PNG-like
random bytes), Gmail-style From_ lines and X-GM-THRID, RFC 2047 subjects.

usage: gen_mbox.py OUT_PATH SIZE_MB [SEED]
"""
import base64
import quopri
import random
import sys

out_path = sys.argv[1]
target = int(float(sys.argv[2]) * 1024 * 1024)
rng = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 42)

WORDS = ("the project update meeting contract renewal invoice thanks please review attached schedule "
         "customer support issue resolved delayed shipment quarter numbers budget approval great work "
         "concerned disappointed happy excellent timeline escalate priority follow call tomorrow").split()
FR = "le projet est en retard merci pour votre réponse très rapide à bientôt".split()
RU = "спасибо за ваш ответ проект задерживается встреча завтра".split()
JA = "ありがとうございます 会議 明日 プロジェクト 遅延 確認".split()
PEOPLE = [(f"Person {i}", f"person{i}@{d}") for i, d in
          enumerate(["acme.com", "client.org", "vendor.net", "gmail.com", "example.de"] * 8)]


def sentence(words, n):
    return " ".join(rng.choice(words) for _ in range(n)).capitalize() + "."


def paragraph(words=WORDS):
    return " ".join(sentence(words, rng.randint(6, 16)) for _ in range(rng.randint(2, 5)))


def date(i):
    day = 1 + i % 28
    return f"Mon, {day:02d} Jan 2024 {i % 24:02d}:{i % 60:02d}:{(i * 7) % 60:02d} +0{i % 9}00"


def headers(i, subject, ctype, extra=""):
    name, addr = PEOPLE[i % len(PEOPLE)]
    tname, taddr = PEOPLE[(i * 7 + 3) % len(PEOPLE)]
    thr = 1545668983435175434 + i // 4
    refs = ""
    if i % 4:
        refs = f"In-Reply-To: <m{i - 1}@gen.example>\nReferences: <m{i - (i % 4)}@gen.example> <m{i - 1}@gen.example>\n"
    return (f"From {thr}@xxx Mon Jan 01 00:00:00 +0000 2024\n"
            f"X-GM-THRID: {thr}\nX-Gmail-Labels: Inbox,Important\n"
            f"Message-ID: <m{i}@gen.example>\n{refs}Date: {date(i)}\n"
            f"From: \"{name}\" <{addr}>\nTo: {tname} <{taddr}>\nSubject: {subject}\n"
            f"MIME-Version: 1.0\n{extra}Content-Type: {ctype}\n")


def quoted_reply(words=WORDS):
    own = paragraph(words)
    quote = "\n".join("> " + paragraph(words)[:70] for _ in range(rng.randint(3, 12)))
    return f"{own}\n\nBest regards,\nPerson\nAccount Manager\n\nOn Mon, Jan 1, 2024 Someone wrote:\n{quote}\n"


def message(i):
    kind = rng.random()
    if kind < 0.30:  # plain utf-8 QP reply
        body = quopri.encodestring(quoted_reply().encode()).decode()
        return headers(i, "Re: " + sentence(WORDS, 4), "text/plain; charset=utf-8",
                       "Content-Transfer-Encoding: quoted-printable\n") + "\n" + body
    if kind < 0.40:  # latin-1 / cp1252 / koi8-r / shift_jis
        cs, words = rng.choice([("iso-8859-1", FR), ("windows-1252", FR), ("koi8-r", RU), ("shift_jis", JA)])
        text = paragraph(words) + "\n\n" + paragraph(words) + "\n"
        subj = "=?utf-8?B?" + base64.b64encode(sentence(words, 3).encode()).decode() + "?="
        return (headers(i, subj, f"text/plain; charset={cs}", "Content-Transfer-Encoding: 8bit\n") + "\n").encode() + \
            text.encode(cs, "replace")
    if kind < 0.55:  # HTML only
        paras = "".join(f"<p>{paragraph()}</p>" for _ in range(rng.randint(2, 6)))
        html = (f"<html><head><style>p{{margin:0}}</style></head><body>{paras}"
                f"<div class=\"gmail_quote\"><blockquote>{paragraph()}</blockquote></div></body></html>")
        body = quopri.encodestring(html.encode()).decode()
        return headers(i, sentence(WORDS, 5), "text/html; charset=utf-8",
                       "Content-Transfer-Encoding: quoted-printable\n") + "\n" + body + "\n"
    if kind < 0.85:  # multipart/alternative
        plain = quoted_reply()
        html = "<html><body>" + "".join(f"<p>{l}</p>" for l in plain.split("\n") if l) + "</body></html>"
        return headers(i, sentence(WORDS, 5), 'multipart/alternative; boundary="b1"') + (
            "\n--b1\nContent-Type: text/plain; charset=utf-8\n\n" + plain +
            "\n--b1\nContent-Type: text/html; charset=utf-8\n\n" + html + "\n--b1--\n")
    # multipart/mixed with an attachment (10–150 KB)
    size = rng.randint(10_000, 150_000)
    blob = base64.encodebytes(rng.randbytes(size)).decode()
    return headers(i, "Report " + sentence(WORDS, 3), 'multipart/mixed; boundary="m1"') + (
        "\n--m1\nContent-Type: text/plain; charset=utf-8\n\n" + paragraph() + "\n"
        "\n--m1\nContent-Type: application/pdf; name=\"report.pdf\"\n"
        "Content-Disposition: attachment; filename=\"report.pdf\"\nContent-Transfer-Encoding: base64\n\n"
        + blob + "--m1--\n")


written = 0
count = 0
with open(out_path, "wb") as f:
    while written < target:
        m = message(count)
        if isinstance(m, str):
            m = m.encode("utf-8")
        head, _, body = m.partition(b"\n\n")
        lines = []
        for line in body.split(b"\n"):
            if line.lstrip(b">").startswith(b"From "):
                line = b">" + line  # mboxrd quoting
            lines.append(line)
        data = head + b"\n\n" + b"\n".join(lines)
        if not data.endswith(b"\n"):
            data += b"\n"
        data += b"\n"
        f.write(data)
        written += len(data)
        count += 1
print(f"wrote {count} messages, {written / 1e6:.1f} MB to {out_path}", file=sys.stderr)
