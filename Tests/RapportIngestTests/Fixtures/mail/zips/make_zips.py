#!/usr/bin/env python3
"""Regenerates the mail zip fixtures beside this script (deterministic: fixed dates, fixed order).

  takeout.zip   a Google Takeout part: Takeout/Mail/All mail Including Spam and Trash.mbox (../takeout.mbox)
                next to entries that are not mail (archive_browser.html, a Drive file)
  mixed.zip     a zip of mail folders: a Thunderbird mbox, an Apple Mail "Sent Messages.mbox" bundle, a saved
                .eml, maildir files, plus a ../ entry (refused) and __MACOSX resource forks (ignored)
  damaged.zip   takeout.zip with one byte of the compressed mbox changed (inflates wrong or fails its CRC)
  no-mail.zip   neither a Slack export nor mail
  takeout.tgz   a Takeout part as .tgz (pax format: a long path), a Drive file, then two mailboxes
                (../thunderbird.mbox, then ../takeout.mbox) and a .eml that is not read from tars
  no-mail.tar   a plain tar without mailboxes
  localized.zip a German Takeout part whose UTF-8 entry names have the zip's UTF-8 flag cleared (as Slack's
                exporter and many Windows tools write them): Takeout/E-Mail/Alle E-Mails einschließlich Spam
                und Papierkorb.mbox and Takeout/E-Mail/Entwürfe.mbox
"""
import gzip, io, os, tarfile, zipfile

here = os.path.dirname(os.path.abspath(__file__))
mail = os.path.dirname(here)
DATE = (2024, 2, 1, 9, 0, 0)


def add(z, name, data, compress=zipfile.ZIP_DEFLATED):
    info = zipfile.ZipInfo(name, DATE)
    info.compress_type = compress
    z.writestr(info, data)


def fixture(name):
    with open(os.path.join(mail, name), "rb") as f:
        return f.read()


with zipfile.ZipFile(os.path.join(here, "takeout.zip"), "w") as z:
    add(z, "Takeout/archive_browser.html", b"<html><body>Archive</body></html>\n")
    add(z, "Takeout/Drive/notes.txt", b"not mail\n")
    add(z, "Takeout/Mail/All mail Including Spam and Trash.mbox", fixture("takeout.mbox"))

with zipfile.ZipFile(os.path.join(here, "mixed.zip"), "w") as z:
    add(z, "export/Inbox.mbox", fixture("thunderbird.mbox"))
    add(z, "export/Sent Messages.mbox/mbox", fixture("crlf.mbox"), zipfile.ZIP_STORED)
    add(z, "export/Sent Messages.mbox/Info.plist", b"<?xml version=\"1.0\"?><plist></plist>\n")
    add(z, "export/saved/forward.eml", fixture("forward.eml"))
    add(z, "export/maildir/cur/1552000000.M1.host:2,S", fixture("maildir/cur/1552000000.M1.host:2,S"))
    add(z, "export/maildir/new/1552000100.M2.host", fixture("maildir/new/1552000100.M2.host"))
    add(z, "__MACOSX/export/saved/._forward.eml", b"\x00\x05\x16\x07resource fork")
    add(z, "../outside.eml", fixture("forward.eml"))

with open(os.path.join(here, "takeout.zip"), "rb") as f:
    data = bytearray(f.read())
# The mbox entry is the last one: change a byte in the middle of its compressed data.
start = data.find(b"All mail Including Spam and Trash.mbox") + len(b"All mail Including Spam and Trash.mbox")
end = data.find(b"PK\x01\x02")
data[(start + end) // 2] ^= 0x55
with open(os.path.join(here, "damaged.zip"), "wb") as f:
    f.write(data)

with zipfile.ZipFile(os.path.join(here, "no-mail.zip"), "w") as z:
    add(z, "Takeout/Drive/notes.txt", b"not mail\n")


def tar_add(t, name, data):
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = 1706778000
    info.mode = 0o644
    info.uname = info.gname = "takeout"
    t.addfile(info, io.BytesIO(data))


buf = io.BytesIO()
with tarfile.open(fileobj=buf, mode="w", format=tarfile.PAX_FORMAT) as t:
    tar_add(t, "Takeout/Drive/" + "a very long folder name " * 6 + "/notes.txt", b"not mail\n" * 100)
    tar_add(t, "Takeout/Mail/" + "Inbox exported with a name longer than one hundred bytes " * 2 + ".mbox",
            fixture("thunderbird.mbox"))
    tar_add(t, "Takeout/Mail/All mail Including Spam and Trash.mbox", fixture("takeout.mbox"))
    tar_add(t, "Takeout/Mail/saved.eml", fixture("forward.eml"))
with open(os.path.join(here, "takeout.tgz"), "wb") as f:
    with gzip.GzipFile(fileobj=f, mode="wb", mtime=0, filename="") as g:
        g.write(buf.getvalue())

buf = io.BytesIO()
with tarfile.open(fileobj=buf, mode="w", format=tarfile.USTAR_FORMAT) as t:
    tar_add(t, "Takeout/Drive/notes.txt", b"From here on, not mail\n")
with open(os.path.join(here, "no-mail.tar"), "wb") as f:
    f.write(buf.getvalue())

# localized.zip: non-ASCII names stored as UTF-8 without the UTF-8 flag (bit 11). Python sets the flag for
# non-ASCII names, so it is cleared in the local and central headers after writing.
localized = os.path.join(here, "localized.zip")
with zipfile.ZipFile(localized, "w") as z:
    add(z, "Takeout/E-Mail/Alle E-Mails einschließlich Spam und Papierkorb.mbox", fixture("takeout.mbox"))
    add(z, "Takeout/E-Mail/Entwürfe.mbox", fixture("thunderbird.mbox"))
data = bytearray(open(localized, "rb").read())
for signature, flags in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
    at = data.find(signature)
    while at != -1:
        data[at + flags + 1] &= 0xF7
        at = data.find(signature, at + 4)
open(localized, "wb").write(bytes(data))
