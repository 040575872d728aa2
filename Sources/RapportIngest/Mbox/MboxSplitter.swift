/// One message cut out of a mailbox: LF line ends, mboxrd `>From ` unescaped.
struct RawMessage: Sendable {
    /// Position in the input (0-based), used for stable hashing and ordering.
    var index: Int
    /// Byte offset of the message (its `From ` line, if any) in the (decompressed) input, or in its
    /// archive ``member``.
    var offset: Int64
    /// The tar archive member (`Takeout/Mail/Inbox.mbox`) the message comes from, if any.
    var member: String? = nil
    /// The `From ` separator line, without its line end (mbox only).
    var fromLine: [UInt8]?
    /// Header + body bytes.
    var data: [UInt8]
    /// The message was larger than the size limit; `data` is cut short.
    var oversize = false
    /// The input ended inside this message without a final line end.
    var truncated = false
    /// Apple Mail's `.emlx` property list flags this message as a draft (never sent).
    var draft = false
    /// The file could not be turned into a message (an Outlook `.msg` that is damaged): why.
    var failure: String? = nil
    /// The skip reason counted for a `failure`: `malformed-msg` (Outlook .msg), `malformed-olm-record`.
    var failureReason = "malformed-msg"
    /// The top-level `Content-Type` names `message/partial` (a fragment, see ``PartialAssembler``); its body
    /// is kept in the header-only pass too.
    var partial = false
    /// Counted as skipped for this reason, with this problem (without its location; empty: no problem line).
    var skip: (reason: String, problem: String)? = nil
}

/// Splits an mbox stream into messages (mboxo, mboxrd, mboxcl, mboxcl2; LF or CRLF).
///
/// Rules: a message starts at a `From ` line that follows a blank line (or starts the file) and looks
/// like a separator (a sender token, then a month name or an ISO 8601 date, and a `hh:mm` time). `Content-Length` is
/// trusted only when it lands on such a line (or the end of input): separator-looking lines inside
/// the announced length are then body text; otherwise the length is ignored and the lines it covered
/// are split again by the ordinary rule. `>From ` (any number of `>`) loses one `>` in bodies.
///
/// Two separators are taken only when the next line is a header field (`Name: value`), as the line
/// after a real separator always is: a separator-looking line right after a body line, with no blank
/// line before it (mailboxes written by webmail importers and scripts, e.g. Roundcube's), and a bare
/// `From ` line after a blank line (old Thunderbird folders wrote separators with no sender or date).
/// A `From ` line of another shape after a blank line (a sender with `@`, `-` or `MAILER-DAEMON`, then
/// anything with a digit: a date some tool wrote its own way, a Unix time) is taken only when a header
/// field mailers write follows (`Received:`, `Return-Path:`, `From:`, `Subject:`, …; ``knownFieldNames``),
/// so that a body paragraph ("From the logs:" then "Error: …") never splits a message.
struct MboxSplitter {
    /// Messages bigger than this are cut (and reported as oversize).
    let maxMessageBytes: Int
    /// `true` for `.eml` / maildir files: the whole input is one message.
    let single: Bool
    /// Keep only the header block of each message (the threading pass); sizes are still checked.
    var headersOnly = false
    /// Bytes the current message has (or would have, in `headersOnly` mode).
    private var size = 0
    /// The current message is a `message/partial` fragment (its body is kept in `headersOnly` mode).
    private var partial = false
    /// The header line being read belongs to `Content-Type:` (a continuation line keeps it so).
    private var inContentType = false

    private(set) var ready: [RawMessage] = []
    private var index = 0

    private var active = false
    private var cur: [UInt8] = []
    private var curOffset: Int64 = 0
    private var curFrom: [UInt8]?
    private var inHeaders = true
    private var contentLength: Int?
    private var clGrace = false
    private var bodyRaw = 0
    private var prevBlank = true
    private var oversize = false
    private var oversizeStart = 0
    private var lastComplete = true
    private var tentative: Int?
    private var replay: [UInt8] = []
    private var replayOffset: Int64 = 0
    /// A line that is a separator only if a header field follows (see the type's doc), and its offset.
    private var held: [UInt8]?
    private var heldOffset: Int64 = 0
    /// The held line is of an unusual shape: only a known header field (not any `Name:` line) confirms it.
    private var heldNeedsKnownField = false
    /// Blank lines before anything else in a saved message, and the offset of the first: dropped when a
    /// header field follows (a blank line written before the headers by an export script or web UI),
    /// kept as the start of a header-less message otherwise.
    private var leadingBlanks: [UInt8] = []
    private var leadingOffset: Int64 = 0

    init(maxMessageBytes: Int, single: Bool) {
        self.maxMessageBytes = maxMessageBytes
        self.single = single
    }

    /// In the header-only pass, inside a body without Content-Length, only `From ` lines matter: the
    /// reader may skip ahead to the next one (see ``LineReader/skipToFromLine()``).
    var wantsSkip: Bool {
        headersOnly && active && !inHeaders && contentLength == nil && tentative == nil && !single && !oversize
            && held == nil && !partial
    }

    /// Inside a plain body (no Content-Length to check, no pending rollback, not cut): runs of lines
    /// that are not `From `/`>` lines and have no CRLF can be appended in one copy (``bulk(_:blankEnd:)``),
    /// with exactly the effect ``feed(_:offset:complete:)`` would have line by line.
    var canBulk: Bool {
        active && !inHeaders && !headersOnly && contentLength == nil && tentative == nil && !oversize && lastComplete
            && held == nil
    }

    /// Bytes a bulk append may add before the size limit needs the line-by-line path.
    var bulkRoom: Int { maxMessageBytes - size }

    /// Appends whole body lines found by ``LineReader/plainBodyLines(maxBytes:)``.
    mutating func bulk(_ lines: UnsafeBufferPointer<UInt8>, blankEnd: Bool) {
        size += lines.count
        bodyRaw += lines.count
        cur.append(contentsOf: lines)
        prevBlank = blankEnd
        lastComplete = true
    }

    /// Records bytes skipped by the reader (body lines that cannot be separators).
    mutating func skipped(_ n: Int, prevBlank: Bool) {
        guard n > 0 else { return }
        size += n
        bodyRaw += n
        if size > maxMessageBytes {
            oversize = true
            oversizeStart = size
        }
        self.prevBlank = prevBlank
        lastComplete = true
    }

    mutating func drain() -> [RawMessage] {
        let r = ready
        ready.removeAll(keepingCapacity: true)
        return r
    }

    /// Feeds one line (with its line end) at `offset`.
    mutating func feed(_ line: UnsafeBufferPointer<UInt8>, offset: Int64, complete: Bool) {
        if offset == 0, line.count >= 3, line[0] == 0xEF, line[1] == 0xBB, line[2] == 0xBF {
            // A UTF-8 byte order mark at the start of the file (messages and mailboxes saved by Windows
            // tools): not part of the first header or separator line.
            feed(UnsafeBufferPointer(rebasing: line[3...]), offset: 3, complete: complete)
            return
        }
        if single && !active {
            if Self.isBlank(line) && complete {
                if leadingBlanks.isEmpty { leadingOffset = offset }
                leadingBlanks.append(contentsOf: line)
                return
            }
            if !leadingBlanks.isEmpty {
                let blanks = leadingBlanks
                leadingBlanks = []
                if !Self.isHeaderField(line) {
                    // No header block: the blank lines start the message, as RFC 5322 reads it.
                    active = true
                    curOffset = leadingOffset
                    curFrom = nil
                    inHeaders = true
                    blanks.withUnsafeBufferPointer { append($0, blank: true) }
                    prevBlank = true
                }
            }
        }
        if let h = held {
            held = nil
            if heldNeedsKnownField ? Self.isKnownHeaderField(line) : Self.isHeaderField(line) {
                finish(truncated: false)
                h.withUnsafeBufferPointer { start($0, offset: heldOffset) }
            } else {
                h.withUnsafeBufferPointer { appendBodyLine($0) }
            }
        }
        let isBlank = Self.isBlank(line)
        let looks = (!single || !active) && lastComplete && Self.isSeparator(line, lenient: !active)
        if active && !single && !inHeaders && contentLength == nil && tentative == nil && lastComplete && complete {
            let unusual = !looks && prevBlank && Self.isUnusualSeparator(line)
            if (looks && !prevBlank) || (prevBlank && Self.isBareFromLine(line)) || unusual {
                held = Array(line)
                heldOffset = offset
                heldNeedsKnownField = unusual
                return
            }
        }
        if active, let cl = contentLength, !inHeaders {
            if bodyRaw == cl {
                if looks {
                    finish(truncated: false)
                    start(line, offset: offset)
                    return
                }
                if isBlank && !clGrace {
                    // One blank line between the announced body and the next separator.
                    clGrace = true
                    contentLength = cl + line.count
                    if tentative != nil { replay.append(contentsOf: line) }
                    append(line, blank: true)
                    prevBlank = true
                    return
                }
                // The announced length does not land on a separator.
                contentLength = nil
                if tentative != nil {
                    rollback()
                    feed(line, offset: offset, complete: complete)
                    return
                }
            } else if looks && prevBlank && bodyRaw < cl {
                if tentative == nil {
                    tentative = size
                    replay.removeAll(keepingCapacity: true)
                    replayOffset = offset
                }
            }
        } else if looks && (prevBlank || !active) {
            if active { finish(truncated: false) }
            start(line, offset: offset)
            return
        }
        if !active {
            // Text before the first separator (or an .eml): a message without a From_ line.
            if isBlank && !single { return }
            active = true
            curOffset = offset
            curFrom = nil
            inHeaders = true
        }
        if tentative != nil { replay.append(contentsOf: line) }
        append(line, blank: isBlank)
        lastComplete = complete
        prevBlank = isBlank
        if let cl = contentLength, !inHeaders, bodyRaw > cl {
            contentLength = nil
            if tentative != nil { rollback() }
        }
    }

    /// A body line that is no separator (a held line that no header field followed).
    private mutating func appendBodyLine(_ line: UnsafeBufferPointer<UInt8>) {
        append(line, blank: false)
        lastComplete = true
        prevBlank = false
    }

    /// Ends the input.
    mutating func finish() {
        if let h = held {
            held = nil
            h.withUnsafeBufferPointer { appendBodyLine($0) }
        }
        if active, tentative != nil, let cl = contentLength, bodyRaw != cl { rollback() }
        // A single message file (.eml, maildir) often ends without a final newline: that is not a cut.
        if active { finish(truncated: !single && (!lastComplete || (cur.last != nil && cur.last != 0x0A))) }
    }

    private mutating func start(_ line: UnsafeBufferPointer<UInt8>, offset: Int64) {
        active = true
        cur.removeAll(keepingCapacity: true)
        size = 0
        curOffset = offset
        var end = line.count
        while end > 0 && (line[end - 1] == 0x0A || line[end - 1] == 0x0D) { end -= 1 }
        curFrom = Array(line[0..<end])
        inHeaders = true
        contentLength = nil
        clGrace = false
        bodyRaw = 0
        prevBlank = false
        oversize = false
        lastComplete = true
        tentative = nil
        partial = false
        inContentType = false
    }

    static let contentTypeName = Array("content-type:".utf8)
    static let partialType = Array("message/partial".utf8)

    /// Sets ``partial`` when a `Content-Type` header line (or its continuation) holds `message/partial`, in
    /// any case. Called for every header line: other lines are rejected on their first byte.
    private mutating func checkPartial(_ line: UnsafeBufferPointer<UInt8>) {
        guard let c = line.first else { return }
        if c == 0x20 || c == 0x09 {
            if !inContentType { return }
        } else {
            inContentType =
                c | 0x20 == 0x63 && line.count > 13
                && !zip(Self.contentTypeName, line).contains { $0 != ($1 | (Self.isLetter($1) ? 0x20 : 0)) }
            if !inContentType { return }
        }
        let p = Self.partialType
        guard line.count >= p.count else { return }
        var i = 0
        while i + p.count <= line.count {
            if line[i] | 0x20 == 0x6D {
                var k = 1
                while k < p.count && (line[i + k] | (Self.isLetter(line[i + k]) ? 0x20 : 0)) == p[k] { k += 1 }
                if k == p.count {
                    partial = true
                    return
                }
            }
            i += 1
        }
    }

    private mutating func append(_ line: UnsafeBufferPointer<UInt8>, blank: Bool) {
        if inHeaders {
            if blank {
                inHeaders = false
                bodyRaw = 0
                appendBytes(line, unescape: false)
                return
            }
            if contentLength == nil, let v = Self.contentLengthValue(line) { contentLength = v }
            if !partial { checkPartial(line) }
            appendBytes(line, unescape: false)
        } else {
            bodyRaw += line.count
            appendBytes(line, unescape: true)
        }
    }

    private mutating func appendBytes(_ line: UnsafeBufferPointer<UInt8>, unescape: Bool) {
        var s = 0
        var e = line.count
        if unescape && e > 5 && line[0] == 0x3E {
            var k = 0
            while k < e && line[k] == 0x3E { k += 1 }
            if e - k >= 5 && line[k] == 0x46 && line[k + 1] == 0x72 && line[k + 2] == 0x6F && line[k + 3] == 0x6D
                && line[k + 4] == 0x20
            {
                s = 1
            }
        }
        var crlf = false
        if e >= 2 && line[e - 1] == 0x0A && line[e - 2] == 0x0D {
            e -= 2
            crlf = true
        }
        if oversize { return }
        let add = e - s + (crlf ? 1 : 0)
        if size + add > maxMessageBytes {
            oversize = true
            oversizeStart = size
            return
        }
        size += add
        if headersOnly && !inHeaders && !partial && !cur.isEmpty && cur.last == 0x0A && cur.count >= 2
            && cur[cur.count - 2] == 0x0A
        {
            return
        }
        cur.append(contentsOf: UnsafeBufferPointer(rebasing: line[s..<e]))
        if crlf { cur.append(0x0A) }
    }

    private mutating func finish(truncated: Bool) {
        var m = RawMessage(index: index, offset: curOffset, fromLine: curFrom, data: cur)
        m.oversize = oversize
        m.truncated = truncated
        m.partial = partial
        partial = false
        inContentType = false
        index += 1
        ready.append(m)
        active = false
        size = 0
        cur.removeAll(keepingCapacity: true)
        tentative = nil
        contentLength = nil
        oversize = false
    }

    /// The announced Content-Length did not hold: cut at the first separator-looking line inside it
    /// and split the rest again.
    private mutating func rollback() {
        guard let t = tentative else { return }
        let lines = replay
        let base = replayOffset
        tentative = nil
        replay = []
        if oversize && t <= oversizeStart { oversize = false }
        if !oversize && t <= cur.count { cur.removeSubrange(min(t, cur.count)...) }
        size = t
        finish(truncated: false)
        lastComplete = true
        prevBlank = true
        lines.withUnsafeBufferPointer { all in
            var s = 0
            while s < all.count {
                var e = s
                while e < all.count && all[e] != 0x0A { e += 1 }
                if e < all.count { e += 1 }
                feed(UnsafeBufferPointer(rebasing: all[s..<e]), offset: base + Int64(s), complete: true)
                s = e
            }
        }
    }

    static func isBlank(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
        (line.count == 1 && line[0] == 0x0A) || (line.count == 2 && line[0] == 0x0D && line[1] == 0x0A)
    }

    /// `From <sender> <date with a month name or YYYY-MM-DD, and hh:mm>`; with `lenient`, any `From ` line.
    static func isSeparator(_ line: UnsafeBufferPointer<UInt8>, lenient: Bool) -> Bool {
        let n = line.count
        guard n >= 5, line[0] == 0x46, line[1] == 0x72, line[2] == 0x6F, line[3] == 0x6D, line[4] == 0x20 else {
            return false
        }
        if lenient { return true }
        var i = 5
        while i < n && line[i] == 0x20 { i += 1 }
        let senderStart = i
        while i < n && line[i] != 0x20 && line[i] != 0x09 && line[i] != 0x0A { i += 1 }
        guard i > senderStart else { return false }
        var month = false
        var time = false
        while i < n {
            let c = line[i]
            if !month && i + 3 <= n && isLetter(c) && (i == 0 || !isLetter(line[i - 1])) {
                if i + 3 == n || !isLetter(line[i + 3]) {
                    if MailDate.monthNumber(line[i], line[i + 1], line[i + 2]) != nil { month = true }
                }
            }
            if !month && isDigit(c) && !isDigit(line[i - 1]) && isISODate(line, i) { month = true }
            if !time && c == 0x3A && i > 0 && isDigit(line[i - 1]) && i + 2 < n && isDigit(line[i + 1])
                && isDigit(line[i + 2])
            {
                time = true
            }
            i += 1
        }
        return month && time
    }

    /// `YYYY-MM-DD` (month 01–12, day 01–31) at `i`, not followed by another digit.
    static func isISODate(_ line: UnsafeBufferPointer<UInt8>, _ i: Int) -> Bool {
        let n = line.count
        guard i + 10 <= n, line[i + 4] == 0x2D, line[i + 7] == 0x2D else { return false }
        for k in [0, 1, 2, 3, 5, 6, 8, 9] where !isDigit(line[i + k]) { return false }
        if i + 10 < n && isDigit(line[i + 10]) { return false }
        let month = Int(line[i + 5] - 0x30) * 10 + Int(line[i + 6] - 0x30)
        let day = Int(line[i + 8] - 0x30) * 10 + Int(line[i + 9] - 0x30)
        return (1...12).contains(month) && (1...31).contains(day)
    }

    /// `From <sender> …digit…` where the sender has an `@` or is `-` or `MAILER-DAEMON`: a separator some
    /// tool wrote with a date of its own shape (taken only before a known header field).
    static func isUnusualSeparator(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
        let n = line.count
        guard n >= 5, line[0] == 0x46, line[1] == 0x72, line[2] == 0x6F, line[3] == 0x6D, line[4] == 0x20 else {
            return false
        }
        var i = 5
        while i < n && line[i] == 0x20 { i += 1 }
        let senderStart = i
        var at = false
        while i < n && line[i] != 0x20 && line[i] != 0x09 && line[i] != 0x0A && line[i] != 0x0D {
            if line[i] == 0x40 { at = true }
            i += 1
        }
        let sender = UnsafeBufferPointer(rebasing: line[senderStart..<i])
        let daemon = Array("mailer-daemon".utf8)
        let named =
            at || (sender.count == 1 && sender[0] == 0x2D)
            || (sender.count == daemon.count && zip(sender, daemon).allSatisfy { ($0 | 0x20) == $1 || $0 == $1 })
        guard named else { return false }
        while i < n {
            if isDigit(line[i]) { return true }
            i += 1
        }
        return false
    }

    /// Header fields mail software writes first or early (lower case, without the colon): after an
    /// unusual `From ` line, one of them shows a message starts.
    static let knownFieldNames: Set<[UInt8]> = Set(
        [
            "return-path", "received", "delivered-to", "envelope-to", "x-original-to", "from", "to", "cc", "subject",
            "date", "message-id", "mime-version", "content-type", "reply-to", "sender", "in-reply-to", "references",
            "x-gm-thrid", "x-gmail-labels", "status", "x-status", "x-mozilla-status", "x-mozilla-status2",
            "x-mozilla-keys", "x-uidl", "authentication-results", "dkim-signature", "arc-seal", "x-received",
            "x-apple-mail-labels",
        ].map { Array($0.utf8) })

    /// ``isHeaderField(_:)`` with a name in ``knownFieldNames``.
    static func isKnownHeaderField(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
        guard isHeaderField(line), let colon = line.firstIndex(of: 0x3A) else { return false }
        return knownFieldNames.contains(line[..<colon].map { isLetter($0) ? $0 | 0x20 : $0 })
    }

    /// `From` and nothing else but spaces (old Thunderbird separators).
    static func isBareFromLine(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
        let n = line.count
        guard n >= 5, line[0] == 0x46, line[1] == 0x72, line[2] == 0x6F, line[3] == 0x6D, line[4] == 0x20 else {
            return false
        }
        var i = 5
        while i < n && (line[i] == 0x20 || line[i] == 0x09 || line[i] == 0x0D || line[i] == 0x0A) { i += 1 }
        return i == n
    }

    /// `Name: value`: a field name of letters, digits and `-` (starting with a letter), then a colon.
    static func isHeaderField(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
        let n = line.count
        guard n >= 3, isLetter(line[0]) else { return false }
        var i = 1
        while i < n && (isLetter(line[i]) || isDigit(line[i]) || line[i] == 0x2D) { i += 1 }
        return i < n && line[i] == 0x3A
    }

    @inline(__always) static func isLetter(_ c: UInt8) -> Bool { (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7A }
    @inline(__always) static func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }

    /// `Content-Length: N` → N.
    static let contentLengthName = Array("content-length:".utf8)

    static func contentLengthValue(_ line: UnsafeBufferPointer<UInt8>) -> Int? {
        // Called for every header line: reject on the first byte before touching the name table.
        guard line.count > 15, line[0] | 0x20 == 0x63 else { return nil }
        let name = contentLengthName
        guard line.count > name.count else { return nil }
        for k in 0..<name.count where (line[k] | (isLetter(line[k]) ? 0x20 : 0)) != name[k] { return nil }
        var i = name.count
        while i < line.count && (line[i] == 0x20 || line[i] == 0x09) { i += 1 }
        var v = 0
        var digits = 0
        while i < line.count && isDigit(line[i]) && digits < 12 {
            v = v * 10 + Int(line[i] - 0x30)
            digits += 1
            i += 1
        }
        return digits > 0 ? v : nil
    }
}
