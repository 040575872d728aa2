#!/usr/bin/env python3
"""Writes seed inputs for the fuzz targets whose formats have no fixture file (the tests build them in
code): Outlook .msg compound files, TNEF streams, compressed RTF, Outlook for Mac records and archives,
stored (uncompressed) copies of the mail zips, and tars with pax and GNU long-name headers.

  Fuzz/make_seeds.py TARGET DIR      (called by scripts/fuzz.sh; deterministic output)
"""
import io, os, struct, sys, tarfile, zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIX = os.path.join(ROOT, "Tests", "RapportIngestTests", "Fixtures")
DATE = (2024, 3, 4, 12, 0, 0)


def utf16(s):
    return s.encode("utf-16-le")


# --- Compound File Binary (version 3, 512-byte sectors, 64-byte mini sectors, cutoff 4096) ---

def cfb(tree):
    """tree: list of ("name", bytes) streams and ("name", [children]) storages under the root."""
    dirs = [{"name": "Root Entry", "type": 5, "children": tree, "data": b""}]

    def add(nodes):
        nodes = sorted(nodes, key=lambda n: (len(n[0]), n[0].upper()))
        ids = []
        for name, value in nodes:
            d = {"name": name, "left": 0xFFFFFFFF, "right": 0xFFFFFFFF, "child": 0xFFFFFFFF}
            if isinstance(value, list):
                d.update(type=1, data=b"")
                dirs.append(d)
                ids.append(len(dirs) - 1)
                d["child"] = add(value)
            else:
                d.update(type=2, data=value)
                dirs.append(d)
                ids.append(len(dirs) - 1)
        for a, b in zip(ids, ids[1:]):
            dirs[a]["right"] = b
        return ids[0] if ids else 0xFFFFFFFF

    dirs[0]["left"] = dirs[0]["right"] = 0xFFFFFFFF
    dirs[0]["child"] = add(tree)

    mini = b""
    minifat = []
    big = []  # (dir index, data)
    for i, d in enumerate(dirs):
        if d["type"] != 2 or not d["data"]:
            d["start"] = 0xFFFFFFFE
            continue
        if len(d["data"]) < 4096:
            n = (len(d["data"]) + 63) // 64
            d["start"] = len(minifat)
            minifat += [len(minifat) + k + 1 for k in range(n - 1)] + [0xFFFFFFFE]
            mini += d["data"].ljust(n * 64, b"\0")
        else:
            big.append(i)
    dirs[0]["data"] = mini

    sectors = []  # payloads in order, FAT built after
    chains = []

    def place(data):
        n = max(1, (len(data) + 511) // 512)
        first = len(sectors)
        for k in range(n):
            sectors.append(data[k * 512:(k + 1) * 512].ljust(512, b"\0"))
        chains.append((first, n))
        return first

    dirbytes = b""
    # Directory entries need starts for big streams and the mini stream: reserve layout first.
    mf = b"".join(struct.pack("<I", v) for v in minifat)
    # Sector 0 is the FAT (one sector: up to 128 entries, enough for seeds).
    sectors.append(None)
    ndir = (len(dirs) * 128 + 511) // 512
    dir_first = len(sectors)
    for _ in range(ndir):
        sectors.append(None)
    chains.append((dir_first, ndir))
    minifat_first = place(mf) if mf else 0xFFFFFFFE
    if mini:
        dirs[0]["start"] = place(mini)
    else:
        dirs[0]["start"] = 0xFFFFFFFE
    for i in big:
        dirs[i]["start"] = place(dirs[i]["data"])
    for d in dirs:
        name = utf16(d["name"])[:62]
        e = name.ljust(64, b"\0") + struct.pack("<HBB", len(name) + 2, d["type"], 1)
        e += struct.pack("<III", d["left"], d["right"], d["child"]) + b"\0" * 16 + b"\0" * 4 + b"\0" * 16
        size = len(d["data"]) if d["type"] in (2, 5) else 0
        e += struct.pack("<III", d.get("start", 0xFFFFFFFE) if d["type"] != 1 else 0, size, 0)
        dirbytes += e
    dirbytes = dirbytes.ljust(ndir * 512, b"\0")
    for k in range(ndir):
        sectors[dir_first + k] = dirbytes[k * 512:(k + 1) * 512]
    fat = [0xFFFFFFFF] * 128
    fat[0] = 0xFFFFFFFD
    for first, n in chains:
        for k in range(n):
            fat[first + k] = first + k + 1 if k < n - 1 else 0xFFFFFFFE
    assert len(sectors) <= 128
    sectors[0] = b"".join(struct.pack("<I", v) for v in fat)
    header = bytes([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) + b"\0" * 16
    header += struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) + b"\0" * 6
    header += struct.pack("<IIIIIIIII", 0, 1, dir_first, 0, 4096, minifat_first,
                          (len(mf) + 511) // 512 if mf else 0, 0xFFFFFFFE, 0)
    header += struct.pack("<I", 0) + struct.pack("<I", 0xFFFFFFFF) * 108
    assert len(header) == 512
    return header + b"".join(sectors)


def props(header, fixed):
    """A __properties_version1.0 stream: header bytes, then 16-byte fixed entries (tag, flags, value)."""
    out = b"\0" * header
    for tag, value in fixed:
        out += struct.pack("<IIQ", tag, 6, value)
    return out


def s(tag, text):
    return ("__substg1.0_%08X" % tag, utf16(text))


def message(subject, body, sender, depth=0, attach=None):
    nodes = [
        ("__properties_version1.0", props(32 if depth == 0 else 24, [(0x3FDE0003, 65001), (0x0E070003, 1)])),
        s(0x0037001F, subject), s(0x1000001F, body), s(0x0C1A001F, sender[0]), s(0x0C1F001F, sender[1]),
        s(0x1035001F, "<%s-%d@client.example>" % (subject.replace(" ", "-").lower(), depth)),
        ("__recip_version1.0_#00000000", [
            ("__properties_version1.0", props(8, [(0x0C150003, 1)])),
            s(0x3001001F, "Sam Lee"), s(0x39FE001F, "sam@vendor.example")]),
    ]
    if attach:
        nodes.append(("__attach_version1.0_#00000000", [
            ("__properties_version1.0", props(8, [(0x37050003, 5)])),
            ("__substg1.0_3701000D", attach)]))
    return nodes


def rtf_compressed(raw):
    """Compressed RTF written as literals only (valid LZFu: each control byte 0 then 8 literal bytes)."""
    body = b""
    for k in range(0, len(raw), 8):
        body += b"\0" + raw[k:k + 8]
    # The end marker: a reference to the write position (after preload + literals).
    pos = (207 + len(raw)) & 0xFFF
    body += b"\x01" + struct.pack(">H", pos << 4)
    crc = 0
    table = []
    for n in range(256):
        c = n
        for _ in range(8):
            c = 0xEDB88320 ^ (c >> 1) if c & 1 else c >> 1
        table.append(c)
    for b in body:
        crc = table[(crc ^ b) & 0xFF] ^ (crc >> 8)
    return struct.pack("<IIII", len(body) + 12, len(raw), 0x75465A4C, crc) + body


RTF_TEXT = b"{\\rtf1\\ansi\\ansicpg1252 Hi Sam,\\par The export fails again \\'96 today.\\par Dana}"
RTF_HTML = (b"{\\rtf1\\ansi\\fromhtml1 {\\*\\htmltag19 <html>}{\\*\\htmltag64 <p>}Works now"
            b"{\\*\\htmltag72 </p>}\\htmlrtf \\par \\htmlrtf0 {\\*\\htmltag27 </html>}}")


def tnef(attrs):
    out = struct.pack("<IH", 0x223E9F78, 1)
    for level, ident, value in attrs:
        out += struct.pack("<BII", level, ident, len(value)) + value + struct.pack("<H", sum(value) & 0xFFFF)
    return out


def mapi_block(entries):
    out = struct.pack("<I", len(entries))
    for ptype, pid, value in entries:
        out += struct.pack("<HH", ptype, pid)
        if ptype in (0x001E, 0x001F, 0x0102):
            out += struct.pack("<II", 1, len(value)) + value + b"\0" * ((-len(value)) % 4)
        else:
            out += value
    return out


def olm_record(subject, body, html=False, attachments=False):
    x = '<?xml version="1.0" encoding="UTF-8"?>\n<emails>\n<email>\n'
    x += '<OPFMessageCopySubject xml:space="preserve">%s</OPFMessageCopySubject>\n' % subject
    x += "<OPFMessageCopySentTime>2024-03-04T09:15:00</OPFMessageCopySentTime>\n"
    x += "<OPFMessageCopyMessageID>&lt;a1@client.example&gt;</OPFMessageCopyMessageID>\n"
    x += "<OPFMessageCopyInReplyTo>&lt;a0@vendor.example&gt;</OPFMessageCopyInReplyTo>\n"
    x += ('<OPFMessageCopyFromAddresses><emailAddress OPFContactEmailAddressAddress="dana@client.example" '
          'OPFContactEmailAddressName="Dana Whitfield" OPFContactEmailAddressType="0"/></OPFMessageCopyFromAddresses>\n')
    x += ('<OPFMessageCopyToAddresses><emailAddress OPFContactEmailAddressAddress="sam@vendor.example" '
          'OPFContactEmailAddressName="Sam &amp; Co" OPFContactEmailAddressType="0"/></OPFMessageCopyToAddresses>\n')
    tag = "OPFMessageCopyHTMLBody" if html else "OPFMessageCopyBody"
    x += '<%s xml:space="preserve">%s</%s>\n' % (tag, body, tag)
    if attachments:
        x += ('<OPFMessageCopyAttachmentList><messageAttachment OPFAttachmentContentExtension="pdf" '
              'OPFAttachmentContentFileSize="1200" OPFAttachmentContentID="img1@x" OPFAttachmentContentType="application/pdf" '
              'OPFAttachmentName="report &quot;Q3&quot;.pdf" OPFAttachmentURL="Attachments/a1.pdf"/>'
              '</OPFMessageCopyAttachmentList>\n')
    x += "<OPFMessageGetIsRead>1</OPFMessageGetIsRead>\n</email>\n</emails>\n"
    return x.encode()


OLM_BASE = "Accounts/sam@vendor.example/com.microsoft.__Messages/"


def stored_zip(entries):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as z:
        for name, data in entries:
            z.writestr(zipfile.ZipInfo(name, DATE), data)
    return buf.getvalue()


def restored(path):
    """The entries of a fixture zip, stored instead of deflated (mutations then reach the content)."""
    with zipfile.ZipFile(path) as z:
        return stored_zip([(i.filename, z.read(i)) for i in z.infolist() if not i.is_dir()])


def tar(entries, fmt):
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=fmt) as t:
        for name, data in entries:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            info.mtime = 1709550000
            t.addfile(info, io.BytesIO(data))
    return buf.getvalue()


def main():
    target, out = sys.argv[1], sys.argv[2]
    os.makedirs(out, exist_ok=True)
    seeds = {}
    inner = cfb(message("Fwd inner", "The original report.", ("Ana", "ana@client.example"), depth=1))
    if target in ("msg", "zip"):
        seeds["msg-plain"] = cfb(message("Export fails", "Hi Sam,\r\nThe export fails again.\r\nDana",
                                         ("Dana Whitfield", "dana@client.example")))
        nested = message("Fwd: report", "See below.", ("Dana Whitfield", "dana@client.example"),
                         attach=message("Report", "The original report.", ("Ana", "ana@client.example"), depth=1))
        seeds["msg-attached"] = cfb(nested)
        rtf = message("RTF body", "", ("Dana", "dana@client.example"))
        rtf = [n for n in rtf if n[0] != "__substg1.0_1000001F"] + [("__substg1.0_10090102", rtf_compressed(RTF_HTML))]
        seeds["msg-rtf"] = cfb(rtf)
        seeds["msg-big-body"] = cfb(message("Long", "All good here. " * 400, ("Dana", "dana@client.example")))
    if target == "tnef":
        block = mapi_block([(0x001F, 0x0037, utf16("Export fails")), (0x0003, 0x3FDE, struct.pack("<I", 1252)),
                            (0x0102, 0x1009, rtf_compressed(RTF_TEXT))])
        seeds["tnef-rtf"] = tnef([(1, 0x00069007, struct.pack("<I", 1252)), (1, 0x00069003, block)])
        seeds["tnef-attbody"] = tnef([(1, 0x0002800C, b"Hi Sam,\r\nthe export fails again.\r\n\0")])
        block = mapi_block([(0x001F, 0x1000, utf16("Plain body from TNEF")),
                            (0x8003, 0x8001, b"")])
        seeds["tnef-plain"] = tnef([(1, 0x00069003, mapi_block([(0x001F, 0x1000, utf16("Plain body"))]))])
        seeds["tnef-html"] = tnef([(1, 0x00069003, mapi_block([(0x0102, 0x1013, b"<p>Works now</p>")]))])
        seeds["rtf-text"] = rtf_compressed(RTF_TEXT)
        seeds["rtf-html"] = rtf_compressed(RTF_HTML)
        seeds["rtf-raw"] = RTF_TEXT
    if target == "olm":
        seeds["olm-plain"] = olm_record("Export fails &amp; times out", "Hi Sam,\n\nIt fails &#8211; again.\n\nDana")
        seeds["olm-html"] = olm_record("RE: Export", "&lt;p&gt;Works now &#x1F44D;&lt;/p&gt;", html=True)
        seeds["olm-attach"] = olm_record("Report", "Attached.", attachments=True)
    if target == "zip":
        seeds["olm-archive"] = stored_zip([
            (OLM_BASE + "Inbox/message_00001.xml", olm_record("Export fails", "It fails again.")),
            (OLM_BASE + "Sent Items/message_00002.xml", olm_record("RE: Export fails", "Fixed now.")),
            ("Accounts/sam@vendor.example/com.microsoft.__Contacts/Contacts/contact_00001.xml", b"<contacts/>"),
        ])
        seeds["msg-zip"] = stored_zip([("mail/export.msg", seeds["msg-plain"]), ("mail/inner.msg", inner)])
        for d in ("mail/zips", "slack"):
            for f in sorted(os.listdir(os.path.join(FIX, d))):
                if f.endswith(".zip") and f != "bomb.zip":
                    try:
                        seeds["stored-" + f] = restored(os.path.join(FIX, d, f))
                    except (zipfile.BadZipFile, OSError):
                        pass
    if target == "tar":
        mbox = open(os.path.join(FIX, "mail", "takeout.mbox"), "rb").read()
        long_name = "Takeout/Mail/" + "Very long label name " * 6 + ".mbox"
        seeds["tar-gnu"] = tar([(long_name, mbox), ("Takeout/Mail/Sent.mbox", mbox[:2000])], tarfile.GNU_FORMAT)
        seeds["tar-pax"] = tar([("Takeout/Mail/Einschließlich Spam und Papierkorb.mbox", mbox)], tarfile.PAX_FORMAT)
        seeds["tar-ustar"] = tar([("Takeout/Mail/Inbox.mbox", mbox)], tarfile.USTAR_FORMAT)
    for name, data in seeds.items():
        with open(os.path.join(out, "seed-gen-" + name), "wb") as f:
            f.write(data)


main()
