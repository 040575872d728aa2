/// The author's own words, separated from quoted replies, signatures and disclaimers.
public struct CleanedText: Sendable, Hashable {
    /// What the author wrote in this message.
    public var text: String
    /// Unicode scalars of quoted / forwarded text removed.
    public var quotedChars: Int
    /// Unicode scalars of signature / disclaimer / mobile footer removed.
    public var signatureChars: Int
    /// A mobile footer ("Sent from my iPhone") was present.
    public var hasMobileFooter: Bool
    /// The signature block that was removed (for title parsing), if any.
    public var signature: String?
    /// The removed text started with a forwarded-message header ("---------- Forwarded message").
    public var forwarded: Bool
    /// A legal disclaimer was removed.
    public var hasDisclaimer: Bool
    /// The text held an inline PGP-encrypted block (`-----BEGIN PGP MESSAGE-----`), removed as unreadable.
    public var encrypted: Bool

    public init(
        text: String, quotedChars: Int = 0, signatureChars: Int = 0, hasMobileFooter: Bool = false,
        signature: String? = nil, forwarded: Bool = false, hasDisclaimer: Bool = false, encrypted: Bool = false
    ) {
        self.text = text
        self.quotedChars = quotedChars
        self.signatureChars = signatureChars
        self.hasMobileFooter = hasMobileFooter
        self.signature = signature
        self.forwarded = forwarded
        self.hasDisclaimer = hasDisclaimer
        self.encrypted = encrypted
    }
}

/// Separates the author's words from quoted replies ("On … wrote:", `>` runs, Outlook headers, in
/// several languages), signatures (`-- `, mobile footers, a closing such as "Best regards," followed by
/// a short name block) and legal disclaimers. Used for mail, ticket entries and Slack messages alike.
///
/// Rules, in order:
/// 1. The first reply header cuts the text: an attribution line ("On … wrote:", also wrapped over up
///    to four lines, and `Le … a écrit :`, `Am … schrieb …:`, `El … escribió:`, `Il … ha scritto:`,
///    `Em … escreveu:`, `Op … schreef …:`, `Den … skrev:`, `W dniu … napisał:`), an
///    "-----Original Message-----" style separator (localized), a forwarded-message separator, or an
///    Outlook header block (`From:`/`Von:`/`De:`/… followed within five lines by `Sent:`/`Date:`/
///    `Gesendet:`/`Envoyé:`/… or `Subject:`/`Betreff:`/`Objet:`/…). After an attribution whose next
///    line is `>`-quoted, unquoted lines are interleaved answers and stay.
/// 2. Remaining `>` lines are quoted.
/// 3. `-- ` (or `--`) starts the signature; mobile footers are removed; a paragraph that starts a
///    legal disclaimer is removed with everything after it.
/// 4. Without `-- `, a closing ("Best regards,", "Thanks,", "Mit freundlichen Grüßen", …) followed by at
///    most six short lines marks those lines as the signature (the closing itself stays).
/// 5. Without either, a last paragraph of two to four short lines — a name line ("Greg Morrison") and a
///    title or contact line ("VP Operations, Harbourline Retail", a phone number, an address) — after the
///    body is the signature.
///
/// Before these, OpenPGP armor is taken apart (RFC 4880 §7): a clear-signed message keeps its text
/// (dash-escaping undone) without the armor header and signature block; an encrypted block is removed
/// and reported (``CleanedText/encrypted``).
public enum TextCleaner {
    /// Cleans plain text (already decoded; `\n` or `\r\n` line ends).
    public static func clean(_ text: String) -> CleanedText {
        var bytes = Array(text.utf8)
        if bytes.contains(0x0D) { bytes.removeAll { $0 == 0x0D } }
        return bytes.withUnsafeBufferPointer { clean(bytes: $0) }
    }

    private enum Kind { case own, quoted, signature, chrome }

    static func clean(bytes b: UnsafeBufferPointer<UInt8>) -> CleanedText {
        // Lines as ranges.
        var lines: [Range<Int>] = []
        var s = 0
        let n = b.count
        while s <= n {
            var e = s
            while e < n && b[e] != 0x0A { e += 1 }
            lines.append(s..<e)
            s = e + 1
        }
        var kind = [Kind](repeating: .own, count: lines.count)
        var forwarded = false
        var mobile = false
        var disclaimer = false

        // 0. OpenPGP armor, then helpdesk reply markers (see `helpdeskMarkers`).
        let encrypted = pgpArmor(b, &lines, kind: &kind)
        // Mailman's scrubbed attachments (`-------------- next part --------------` / `An HTML attachment was
        // scrubbed...`, list archives and digests): list chrome to the end, not the author's words.
        if let p = lines.firstIndex(where: {
            let t = trimmed(b, $0)
            return t.count == mailmanNextPart.count && hasPrefix(b, t, mailmanNextPart)
        }) {
            lines.removeSubrange(p...)
            kind.removeSubrange(p...)
            if lines.isEmpty {
                lines = [0..<0]
                kind = [.own]
            }
        }
        encodedAttachments(b, lines, kind: &kind)
        let (first, helpdeskCut) = helpdeskChrome(b, lines, kind: &kind)
        var markerCut = helpdeskCut
        for k in 0..<lines.count where kind[k] == .own {
            let t = trimmed(b, lines[k])
            if t.count >= 8 && b[t.lowerBound] == 0x5B && isImagePlaceholder(b, t) { kind[k] = .chrome }
            if t.count >= 6 && t.count <= 80 && isSensitivityLabel(b, t) { kind[k] = .chrome }
            if t.count >= 10 && isThreadToken(b, t) { kind[k] = .chrome }
        }

        // 1. Reply headers.
        var cut = markerCut
        var interleaved = false
        var i = first
        while i < markerCut {
            let l = trimmed(b, lines[i])
            if l.isEmpty {
                i += 1
                continue
            }
            if let sep = separator(b, l) {
                cut = i
                forwarded = sep
                break
            }
            if var end = attribution(b, lines, i) {
                if i > 0 && wrappedAttributionHead(b, lines[i - 1], continuation: l) {
                    i -= 1
                } else if let p = inlineAttributionStart(b, l) {
                    // "reply On Wed, Apr 4, 2012 at 3:59 PM, bob@x.com wrote:": the answer and the attribution
                    // on one line (HTML turned into text without a break): the words before it are own words.
                    var e = p
                    while e > lines[i].lowerBound && (b[e - 1] == 0x20 || b[e - 1] == 0x2D) { e -= 1 }
                    lines.insert(p..<lines[i].upperBound, at: i + 1)
                    lines[i] = lines[i].lowerBound..<e
                    kind.insert(.own, at: i + 1)
                    markerCut += 1
                    end += 1
                    i += 1
                }
                cut = i
                var next = end + 1
                while next < lines.count && trimmed(b, lines[next]).isEmpty { next += 1 }
                if next < lines.count, let f = trimmed(b, lines[next]).first, b[f] == 0x3E {
                    interleaved = true
                    for k in i...end { kind[k] = .quoted }
                    cut = lines.count
                    markInterleaved(b, lines, from: end + 1, kind: &kind)
                }
                break
            }
            if outlookBlock(b, lines, i) {
                cut = i
                // An underscore rule just above belongs to the header.
                var p = i - 1
                while p >= 0 && trimmed(b, lines[p]).isEmpty { p -= 1 }
                if p >= 0 {
                    let t = trimmed(b, lines[p])
                    if t.count >= 8 && t.allSatisfy({ b[$0] == 0x5F || b[$0] == 0x2D }) { cut = p }
                }
                break
            }
            if notesHeader(b, lines, i) {
                cut = i
                break
            }
            // Outlook's underscore rule over a `From:` line with an address and no other header fields
            // (talon's "splitter" case: `_____` / `From: ann@x.org` / a `>` quote).
            if i > 0, b[l.lowerBound] != 0x3E, l.contains(where: { b[$0] == 0x40 }),
                fromWords.contains(where: { hasLabel(b, l, $0) })
            {
                var p = i - 1
                while p > 0 && trimmed(b, lines[p]).isEmpty { p -= 1 }
                let t = trimmed(b, lines[p])
                // Or a rule of ten or more dashes (round-13 triage: webmail and mobile clients' bare rule over
                // `From: bob@x` / `Date: …` without `Sent:`/`To:`).
                if isUnderscoreRule(b, t) || (t.count >= 10 && t.allSatisfy { b[$0] == 0x2D }) {
                    cut = p
                    break
                }
            }
            i += 1
        }
        if !interleaved { for k in cut..<lines.count { kind[k] = .quoted } }
        if interleaved { for k in markerCut..<lines.count { kind[k] = .quoted } }

        // 2. `>` lines. A quote that opens with a forwarded-message separator (a forward by quoting, as
        // Apple Mail's "> Begin forwarded message:" or a `>`-quoted Gmail forward) is forwarded text.
        var firstQuote = true
        for k in 0..<min(cut, lines.count) where kind[k] == .own {
            if let f = trimmed(b, lines[k]).first, b[f] == 0x3E, !isArrowDecoration(b, trimmed(b, lines[k])) {
                kind[k] = .quoted
                if firstQuote && !interleaved {
                    let t = unquoted(b, lines[k])
                    if !t.isEmpty {
                        firstQuote = false
                        if separator(b, t) == true { forwarded = true }
                    }
                }
            }
        }

        // A rule (dashes, underscores, `=`) that is the last own line above the quoted text belongs to the reply
        // header it sets off (round-13 triage: `----------` over "On … wrote:" or a `>` quote stayed in the own
        // words). A rule with no quoted text after it (email_reply_parser's "reply above a bare rule of dashes",
        // a setext heading's underline, a section rule) is left as it is: without a reply header there is no
        // telling the earlier message from the author's own text below a rule.
        if let q = kind.firstIndex(where: { $0 == .quoted }) {
            var p = q - 1
            while p >= 0 && kind[p] == .own && trimmed(b, lines[p]).isEmpty { p -= 1 }
            if p >= 0 && kind[p] == .own {
                let t = trimmed(b, lines[p])
                if t.count >= 5, let c = t.first.map({ b[$0] }), c == 0x2D || c == 0x5F || c == 0x3D,
                    t.allSatisfy({ b[$0] == c })
                {
                    kind[p] = .quoted
                }
            }
        }

        // 3. Notification and list footers (chrome), signature delimiter, mobile footers, disclaimers.
        notificationFooter(b, lines, kind: &kind)
        externalSenderBanners(b, lines, kind: &kind)
        var sigStart: Int?
        for k in 0..<lines.count where kind[k] == .own {
            let r = lines[k]
            let len = r.count
            if (len == 3 && b[r.lowerBound] == 0x2D && b[r.lowerBound + 1] == 0x2D && b[r.lowerBound + 2] == 0x20)
                || (len == 2 && b[r.lowerBound] == 0x2D && b[r.lowerBound + 1] == 0x2D)
                // `--` and a no-break space: Apple Mail's and webmails' `--&nbsp;<br>` in the text part.
                || (len == 4 && b[r.lowerBound] == 0x2D && b[r.lowerBound + 1] == 0x2D && b[r.lowerBound + 2] == 0xC2
                    && b[r.lowerBound + 3] == 0xA0)
            {
                sigStart = k
                break
            }
        }
        // `-- ynezz`: the delimiter and a short name on one line, as the last own line (list archives).
        // Not an item of a list written with dashes: the own line before it does not start with `-`.
        if sigStart == nil,
            let last = (0..<lines.count).last(where: { kind[$0] == .own && !trimmed(b, lines[$0]).isEmpty })
        {
            let r = lines[last]
            let before = (0..<last).last(where: { kind[$0] == .own && !trimmed(b, lines[$0]).isEmpty })
            let listItem = before.map { b[trimmed(b, lines[$0]).lowerBound] == 0x2D } ?? false
            if !listItem && r.count >= 4 && r.count <= 34 && b[r.lowerBound] == 0x2D && b[r.lowerBound + 1] == 0x2D
                && b[r.lowerBound + 2] == 0x20 && b[r.lowerBound + 3] != 0x20 && b[r.lowerBound + 3] != 0x2D
            {
                sigStart = last
            }
        }
        if let sig = sigStart {
            for k in sig..<lines.count where kind[k] == .own { kind[k] = .signature }
        }
        for k in 0..<lines.count where kind[k] != .quoted {
            let t = trimmed(b, lines[k])
            if !t.isEmpty && (isMobileFooter(b, t) || isMobileFooter(b, afterDashes(b, t))) {
                kind[k] = .signature
                mobile = true
            }
        }
        var prevBlank = true
        for k in 0..<lines.count where kind[k] == .own {
            let t = trimmed(b, lines[k])
            if t.isEmpty {
                prevBlank = true
                continue
            }
            if prevBlank && isDisclaimerStart(b, t) {
                disclaimer = true
                for j in k..<lines.count where kind[j] == .own { kind[j] = .signature }
                break
            }
            prevBlank = false
        }

        // 4. Closing + name block.
        var signatureLines: [Int] = []
        // A closing right above a rule of underscores (Outlook signatures: `Thanks,` / `_____` / name, title,
        // phones, the company's notices): everything after the closing is the signature, however long.
        if sigStart == nil, !disclaimer,
            let c = (0..<lines.count).last(where: {
                kind[$0] == .own && $0 + 1 < lines.count && kind[$0 + 1] == .own && isClosing(b, trimmed(b, lines[$0]))
                    && isUnderscoreRule(b, trimmed(b, lines[$0 + 1]))
            })
        {
            for j in (c + 1)..<lines.count where kind[j] == .own {
                kind[j] = .signature
                let t = trimmed(b, lines[j])
                if signatureLines.count < 6 && !t.isEmpty && !isUnderscoreRule(b, t) && !isDashRule(b, t) {
                    signatureLines.append(j)
                }
            }
        }
        if sigStart == nil && signatureLines.isEmpty {
            let ownIdx = (0..<lines.count).filter { kind[$0] == .own && !trimmed(b, lines[$0]).isEmpty }
            if ownIdx.count >= 2 {
                let tail = ownIdx.suffix(7)
                for (pos, k) in tail.enumerated().reversed() {
                    if isClosing(b, trimmed(b, lines[k])) {
                        let after = Array(tail.dropFirst(pos + 1))
                        if !after.isEmpty && after.count <= 6 && after.allSatisfy({ lines[$0].count <= 80 }) {
                            for j in after { kind[j] = .signature }
                            signatureLines = after
                        }
                        break
                    }
                }
            }
        }

        // 5. A name block without a closing: the last paragraph is a name line followed by title or
        // contact lines ("Greg Morrison" / "VP Operations, Harbourline Retail"), after the body.
        if sigStart == nil && signatureLines.isEmpty && !disclaimer {
            let ownIdx = (0..<lines.count).filter { kind[$0] == .own }
            var block: [Int] = []
            for k in ownIdx.reversed() {
                if trimmed(b, lines[k]).isEmpty {
                    if block.isEmpty { continue }
                    break
                }
                block.insert(k, at: 0)
                if block.count > 4 { break }
            }
            let body = ownIdx.filter { $0 < (block.first ?? 0) && !trimmed(b, lines[$0]).isEmpty }
            let nameTitle =
                (2...4).contains(block.count) && isNameLine(b, trimmed(b, lines[block[0]]))
                && block.dropFirst().contains(where: { isTitleOrContactLine(b, trimmed(b, lines[$0])) })
            // `Jim P. Smith | Enrollment Manager` (over a company line, or alone).
            let nameBarTitle = (1...4).contains(block.count) && isNameBarTitleLine(b, trimmed(b, lines[block[0]]))
            if nameTitle || nameBarTitle, !body.isEmpty, block.allSatisfy({ trimmed(b, lines[$0]).count <= 60 }) {
                for j in block { kind[j] = .signature }
                signatureLines = block
            }
        }

        // Assemble.
        var own: [UInt8] = []
        own.reserveCapacity(n)
        var quoted = 0
        var sigChars = 0
        var sigText: [UInt8] = []
        var pendingBlank = 0
        for k in 0..<lines.count {
            let r = lines[k]
            switch kind[k] {
            case .own:
                if trimmed(b, r).isEmpty {
                    pendingBlank += 1
                    continue
                }
                if !own.isEmpty { own.append(contentsOf: repeatElement(0x0A, count: min(pendingBlank, 1) + 1)) }
                pendingBlank = 0
                var e = r.upperBound
                while e > r.lowerBound && (b[e - 1] == 0x20 || b[e - 1] == 0x09) { e -= 1 }
                own.append(contentsOf: UnsafeBufferPointer(rebasing: b[r.lowerBound..<e]))
            case .quoted:
                quoted += scalars(b, r) + 1
            case .chrome:
                continue
            case .signature:
                sigChars += scalars(b, r) + 1
                let t = trimmed(b, r)
                if let sig = sigStart, k > sig {
                    if !t.isEmpty {
                        if !sigText.isEmpty { sigText.append(0x0A) }
                        sigText.append(contentsOf: UnsafeBufferPointer(rebasing: b[t]))
                    }
                } else if signatureLines.contains(k) {
                    if !t.isEmpty {
                        if !sigText.isEmpty { sigText.append(0x0A) }
                        sigText.append(contentsOf: UnsafeBufferPointer(rebasing: b[t]))
                    }
                }
            }
        }
        // Each quoted line counted its newline. A quote that runs to the end of the body (only blank lines
        // after it) has no newline of its own after its last line: the body's final newline, or the blank
        // lines after it, are not quoted text. Without this, `> a\n` counted 4 and `> a` 3.
        if quoted > 0,
            let last = (0..<lines.count).last(where: { kind[$0] == .quoted && !trimmed(b, lines[$0]).isEmpty }),
            lines[(last + 1)...].allSatisfy({ trimmed(b, $0).isEmpty })
        {
            quoted -= 1
            for k in (last + 1)..<lines.count where kind[k] == .quoted { quoted -= scalars(b, lines[k]) + 1 }
        }
        return CleanedText(
            text: String(decoding: own, as: UTF8.self), quotedChars: max(0, quoted), signatureChars: sigChars,
            hasMobileFooter: mobile, signature: sigText.isEmpty ? nil : String(decoding: sigText, as: UTF8.self),
            forwarded: forwarded, hasDisclaimer: disclaimer, encrypted: encrypted)
    }

    /// Armor lines of OpenPGP (RFC 4880 §6.2, §7), matched at the start of a line.
    private static let pgpSigned = Array("-----BEGIN PGP SIGNED MESSAGE-----".utf8)
    private static let pgpSignature = Array("-----BEGIN PGP SIGNATURE-----".utf8)
    private static let pgpSignatureEnd = Array("-----END PGP SIGNATURE-----".utf8)
    private static let pgpMessage = Array("-----BEGIN PGP MESSAGE-----".utf8)
    private static let pgpMessageEnd = Array("-----END PGP MESSAGE-----".utf8)

    /// Marks OpenPGP armor as chrome: a clear-signed message's header line and its armor headers
    /// (`Hash: SHA256`, up to the blank line), the signature block, and encrypted blocks (which makes the
    /// result `true`). Dash-escaped lines (`- -- `) of a clear-signed text lose their `- ` prefix.
    /// Armor inside `>` quotes is left to the quote rules.
    private static func pgpArmor(
        _ b: UnsafeBufferPointer<UInt8>, _ lines: inout [Range<Int>], kind: inout [Kind]
    ) -> Bool {
        func starts(_ r: Range<Int>, _ p: [UInt8]) -> Bool {
            r.count >= p.count && (0..<p.count).allSatisfy { b[r.lowerBound + $0] == p[$0] }
        }
        // Cheap exit: no line starts with five dashes.
        guard lines.contains(where: { $0.count >= 27 && b[$0.lowerBound] == 0x2D && b[$0.lowerBound + 4] == 0x2D })
        else { return false }
        var encrypted = false
        var signedText = false
        var k = 0
        while k < lines.count {
            let r = lines[k]
            if starts(r, pgpSigned) {
                kind[k] = .chrome
                k += 1
                while k < lines.count && !trimmed(b, lines[k]).isEmpty {
                    kind[k] = .chrome
                    k += 1
                }
                signedText = true
                continue
            }
            let message = starts(r, pgpMessage)
            if message || starts(r, pgpSignature) {
                let end = message ? pgpMessageEnd : pgpSignatureEnd
                encrypted = encrypted || message
                signedText = false
                while k < lines.count {
                    kind[k] = .chrome
                    k += 1
                    if starts(lines[k - 1], end) { break }
                }
                continue
            }
            if signedText && r.count >= 2 && b[r.lowerBound] == 0x2D && b[r.lowerBound + 1] == 0x20 {
                lines[k] = (r.lowerBound + 2)..<r.upperBound
            }
            k += 1
        }
        return encrypted
    }

    // MARK: Encoded attachments

    private static let uuBegin = Array("begin ".utf8)
    private static let yBegin = Array("=ybegin ".utf8)
    private static let yEnd = Array("=yend".utf8)

    /// Attachments encoded into the text itself, as old list archives and Usenet gateways carry them: a
    /// uuencoded block (`begin 644 name`, lines whose first character gives their length — `M` and 60 more
    /// for 45 bytes —, `end`) and a yEnc block (`=ybegin line=128 size=… name=…` … `=yend`). They are
    /// chrome: not the author's words, not quoted. A `begin ` line in prose is left alone: the mode must be
    /// octal and the next line a well-formed uuencoded line; a yEnc block needs its `=yend`.
    private static func encodedAttachments(
        _ b: UnsafeBufferPointer<UInt8>, _ lines: [Range<Int>], kind: inout [Kind]
    ) {
        var k = 0
        while k < lines.count {
            let r = lines[k]
            // Cheap exit: the line starts with `b` or `=`.
            guard r.count >= 8, b[r.lowerBound] == 0x62 || b[r.lowerBound] == 0x3D else {
                k += 1
                continue
            }
            if b[r.lowerBound] == 0x62, let end = uuencodedBlock(b, lines, k) {
                for j in k...end { kind[j] = .chrome }
                k = end + 1
                continue
            }
            if b[r.lowerBound] == 0x3D && hasPrefix(b, r, yBegin) && contains(b, r, Array(" name=".utf8)) {
                if let end = (k + 1..<lines.count).first(where: { hasPrefix(b, lines[$0], yEnd) }) {
                    for j in k...end { kind[j] = .chrome }
                    k = end + 1
                    continue
                }
            }
            k += 1
        }
    }

    /// The last line of a uuencoded block starting at `begin` (`begin 644 name`), or nil when it is not
    /// one: an octal mode of three or four digits and a name, then well-formed lines up to `end` (or the end
    /// of the text).
    static func uuencodedBlock(_ b: UnsafeBufferPointer<UInt8>, _ lines: [Range<Int>], _ begin: Int) -> Int? {
        let t = trimmed(b, lines[begin])
        guard b[t.lowerBound] == 0x62 && hasPrefix(b, t, uuBegin) else { return nil }
        var s = t.lowerBound + uuBegin.count
        let digits = s
        while s < t.upperBound && b[s] >= 0x30 && b[s] <= 0x37 { s += 1 }
        guard (3...4).contains(s - digits), s + 1 < t.upperBound, b[s] == 0x20 else { return nil }
        var k = begin + 1
        var data = 0
        while k < lines.count {
            let l = trimmed(b, lines[k])
            if l.count == 3 && hasPrefix(b, l, Array("end".utf8)) { return data > 0 ? k : nil }
            // The zero-length line before `end` (a lone blank) may have lost its blank in transport.
            if l.isEmpty && data > 0 {
                if k + 1 < lines.count {
                    let next = trimmed(b, lines[k + 1])
                    if next.count == 3 && hasPrefix(b, next, Array("end".utf8)) { return k + 1 }
                }
                // Cut short before its `end`: only blank lines follow.
                if (k..<lines.count).allSatisfy({ trimmed(b, lines[$0]).isEmpty }) { return k - 1 }
            }
            guard isUUEncodedLine(b, lines[k]) else { return nil }
            data += 1
            k += 1
        }
        return data > 0 && k == lines.count ? k - 1 : nil
    }

    /// A uuencoded line: its first character (0x20–0x60) gives the byte count `n`, followed by
    /// `4 * ceil(n / 3)` characters in 0x20–0x60 (a trailing checksum character or blank tolerated); the
    /// last line of a block is a lone `` ` `` or blank.
    static func isUUEncodedLine(_ b: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> Bool {
        var e = r.upperBound
        while e > r.lowerBound && b[e - 1] == 0x0D { e -= 1 }
        guard e > r.lowerBound else { return false }
        let c = b[r.lowerBound]
        guard c >= 0x20 && c <= 0x60 else { return false }
        let n = Int((c - 0x20) & 0x3F)
        let expected = 1 + (n + 2) / 3 * 4
        let len = e - r.lowerBound
        // Trailing blanks may be lost in transport, a checksum character added.
        guard (len >= expected - 2 && len <= expected + 2) || (n == 0 && len == 1) else { return false }
        for k in r.lowerBound..<e where b[k] < 0x20 || b[k] > 0x60 { return false }
        return true
    }

    // MARK: Notification footers

    static let yahooBang = Array("yahoo!".utf8)

    /// Yahoo! Mail's advertising footer (2000s mail, list archives): a rule of at least 20 dashes or
    /// underscores, then at most four short lines to the end, one naming "Yahoo!" ("Do you Yahoo!?" / "Yahoo!
    /// Mail - …", "… Yahoo! Answers - Check it out."): chrome, rule included.
    private static func yahooAdFooter(_ b: UnsafeBufferPointer<UInt8>, _ lines: [Range<Int>], kind: inout [Kind]) {
        guard let last = (0..<lines.count).last(where: { kind[$0] == .own && !trimmed(b, lines[$0]).isEmpty }) else {
            return
        }
        var k = last
        var count = 0
        var bytes = 0
        while k >= 0 && count <= 4 {
            guard kind[k] == .own else { return }
            let t = trimmed(b, lines[k])
            if t.count >= 20 && t.allSatisfy({ b[$0] == 0x2D || b[$0] == 0x5F }) {
                // The Yahoo! mark is looked for only now, under a rule (most messages have none): in the own
                // lines passed on the way up, as before.
                guard count > 0, ((k + 1)...last).contains(where: { contains(b, trimmed(b, lines[$0]), yahooBang) })
                else { return }
                for j in k..<lines.count where kind[j] == .own { kind[j] = .chrome }
                return
            }
            if !t.isEmpty {
                count += 1
                bytes += t.count
                if bytes > 400 { return }
            }
            k -= 1
        }
    }

    /// First lines of footers that notification mail and mailing lists append (lower case): Atlassian
    /// Jira and Confluence, GitHub, GitLab, Zendesk's "This email is a service from …", Google Groups, Yahoo!
    /// Groups, Bugzilla, Launchpad, Gerrit, Jira Service Management, Discourse, antivirus stamps.
    static let footerStarts = bytes([
        "this message was sent by atlassian jira", "this message was sent by atlassian confluence",
        "this message is automatically generated by jira", "reply to this email directly, view it on github",
        "reply to this email directly or view it on github", "reply to this email directly or view it on gitlab",
        "reply to this email directly, view it on gitlab", "you are receiving this because you",
        "you're receiving this email because of your account on", "this email is a service from ",
        "you received this message because you are subscribed to the google groups",
        // Yahoo! Groups (old list archives), Bugzilla, Launchpad, Gerrit.
        "yahoo! groups links", "you are receiving this mail because:", "you received this bug notification because",
        "to view, visit http", "to unsubscribe, or for help writing mail filters",
        // Jira Service Management's customer notifications.
        "view request: http", "view request · turn off this request", "turn off this request's notifications",
        "powered by jira service management",
        // Discourse (forums in mailing-list mode).
        "[visit topic](", "to unsubscribe from these emails, [click here]",
        // Antivirus stamps (Avast/AVG in Gmail and Thunderbird, Symantec and other gateways).
        "virus-free.www.avast.com", "virus-free. www.avast.com", "virus-free.www.avg.com", "virus-free. www.avg.com",
        "<https://www.avast.com/sig-email", "<http://www.avast.com/sig-email",
        "this email has been checked for viruses",
        "this e-mail has been checked for viruses", "this email has been scanned by", "this e-mail has been scanned by",
    ])

    /// A notification or list footer among the own lines: from its first line to the end is chrome, with a
    /// rule just above it (`--`, `-- `, GitHub's `—`, a line of dashes or underscores, blank lines between).
    /// Mailman's footer is a rule of underscores over `<List> mailing list` or a `listinfo` URL within three
    /// lines.
    private static func notificationFooter(
        _ b: UnsafeBufferPointer<UInt8>, _ lines: [Range<Int>], kind: inout [Kind]
    ) {
        yahooAdFooter(b, lines, kind: &kind)
        var start: Int?
        for k in 0..<lines.count where kind[k] == .own {
            let t = trimmed(b, lines[k])
            guard t.count >= 19 else { continue }
            let c = lower(b[t.lowerBound])
            // Cheap exit: footers start with `t`, `r`, `y`, `v`, `p`, `[`, `<` or `_`.
            if c == 0x5F {
                if mailmanFooter(b, lines, k) {
                    start = k
                    break
                }
                continue
            }
            guard c == 0x74 || c == 0x72 || c == 0x79 || c == 0x76 || c == 0x70 || c == 0x5B || c == 0x3C,
                t.count <= 2000
            else {
                continue
            }
            if footerStarts.contains(where: { hasPrefix(b, t, $0) }) {
                start = k
                break
            }
        }
        guard var s = start else { return }
        var p = s - 1
        while p >= 0 && kind[p] == .own && trimmed(b, lines[p]).isEmpty { p -= 1 }
        if p >= 0 && kind[p] == .own {
            let t = trimmed(b, lines[p])
            let emDash =
                t.count == 3 && b[t.lowerBound] == 0xE2 && b[t.lowerBound + 1] == 0x80 && b[t.lowerBound + 2] == 0x94
            // Dashes or underscores; Google Groups' older `--~--~---------~--~----~` too.
            let dashes = t.count >= 2 && t.allSatisfy { b[$0] == 0x2D || b[$0] == 0x5F || b[$0] == 0x7E }
            if emDash || dashes { s = p }
        }
        for k in s..<lines.count where kind[k] == .own { kind[k] = .chrome }
    }

    /// Openings of the warnings that mail gateways put at the top of mail from outside the organization
    /// (Exchange/Microsoft 365 transport rules, Mimecast, Proofpoint; lower case), and of content scanners'
    /// stamps.
    static let bannerStarts = bytes([
        "caution: this email originated from outside", "caution: this email is originated from outside",
        "caution: this e-mail originated from outside", "caution: this message originated from outside",
        "caution: external email", "caution external email", "caution: this email came from outside",
        "external email: do not click", "external email: use caution", "external email - use caution",
        "attention external email", "warning: this email originated from outside",
        "warning: external email", "this email originated from outside of the organization",
        "this email originated from outside your organization", "this message originated from outside",
        "[external email]", "[external] this email", "external sender: ", "this message is from an external sender",
        "you don't often get email from", "some people who received this message don't often get email from",
        // Content scanners' stamps as a paragraph of their own (MailMarshal's "This e-mail message has been
        // scanned for Viruses and Content and cleared", as the first part of a message, in postal-mime's tests;
        // round-13 triage). The stamps that close a message are footers (`footerStarts`).
        "this e-mail message has been scanned for viruses", "this email message has been scanned for viruses",
        "this message has been scanned for viruses",
    ])

    /// A gateway's external-sender warning, a paragraph of its own among the own lines (up to the next blank
    /// line, at most eight lines), is chrome: it is not the author's, and its "caution", "do not click"
    /// read as their tone (round-6 triage: Amazon, NVIDIA, Microchip and Ikerlan posts in list archives).
    private static func externalSenderBanners(
        _ b: UnsafeBufferPointer<UInt8>, _ lines: [Range<Int>], kind: inout [Kind]
    ) {
        var prevBlank = true
        var k = 0
        while k < lines.count {
            let t = trimmed(b, lines[k])
            guard kind[k] == .own, !t.isEmpty else {
                prevBlank = t.isEmpty || kind[k] != .own
                k += 1
                continue
            }
            defer { prevBlank = false }
            var s = t.lowerBound
            while s < t.upperBound && (b[s] == 0x2A || b[s] == 0x20) { s += 1 }
            let r = s..<t.upperBound
            // Cheap exit: a paragraph's first line starting with `c`, `e`, `a`, `w`, `t`, `[`, `y` or `s`.
            guard prevBlank, r.count >= 18 else {
                k += 1
                continue
            }
            let c = lower(b[r.lowerBound])
            guard c == 0x63 || c == 0x65 || c == 0x61 || c == 0x77 || c == 0x74 || c == 0x5B || c == 0x79 || c == 0x73,
                bannerStarts.contains(where: { hasPrefix(b, r, $0) })
            else {
                k += 1
                continue
            }
            var j = k
            while j < lines.count && j < k + 8 && kind[j] == .own && !trimmed(b, lines[j]).isEmpty {
                kind[j] = .chrome
                j += 1
            }
            k = j
        }
    }

    static let mailingList = Array("mailing list".utf8)
    static let listinfo = Array("/listinfo".utf8)

    /// Mailman's footer: a rule of at least 20 underscores, then within three lines `<List> mailing list`
    /// or a `…/listinfo/…` URL (Mailman 2) or `To unsubscribe send an email to …-leave@…` (Mailman 3).
    static func mailmanFooter(_ b: UnsafeBufferPointer<UInt8>, _ lines: [Range<Int>], _ k: Int) -> Bool {
        let t = trimmed(b, lines[k])
        guard t.count >= 20, t.allSatisfy({ b[$0] == 0x5F }) else { return false }
        for j in (k + 1)..<min(lines.count, k + 4) {
            let l = trimmed(b, lines[j])
            if hasSuffix(b, l, mailingList) || contains(b, l, listinfo) || contains(b, l, Array("-leave@".utf8)) {
                return true
            }
        }
        return false
    }

    /// "Reply above this line" markers of helpdesk notification mail (Zendesk's `##- Please type your reply
    /// above this line -##` and its translations, Freshdesk, Jira Service Management), lower case.
    static let helpdeskMarkers = Markers(helpdeskMarkerList)
    static let helpdeskMarkerList = bytes([
        "reply above this line", "write above this line", "type your reply above", "über dieser zeile",
        "au-dessus de cette ligne", "encima de esta línea", "boven deze regel", "acima desta linha",
        "sopra questa linea", "ovanför denna rad", "over denne linje",
    ])

    /// Helpdesk notification mail. A marker line at the top is the notification's own: it, the preamble
    /// down to the first rule of dashes ("You are registered as a CC on this request (4711)…"), and the
    /// entry's "Name, Jan 2, 2024, 11:00 UTC" header are chrome (neither own nor quoted words), and the
    /// next rule starts the earlier comments (quoted). A marker further down starts the quoted
    /// notification a customer answered. Returns the first line to read and the first quoted line.
    private static func helpdeskChrome(
        _ b: UnsafeBufferPointer<UInt8>, _ lines: [Range<Int>], kind: inout [Kind]
    ) -> (first: Int, cut: Int) {
        var top = true
        // A rule of dashes just above the marker (Jira Service Management's `—-—-—-—`), blank lines between.
        var ruleAbove: Int?
        for k in 0..<lines.count {
            let t = trimmed(b, lines[k])
            if t.isEmpty { continue }
            if isDashRule(b, t) {
                if ruleAbove == nil { ruleAbove = k }
                continue
            }
            defer {
                top = false
                ruleAbove = nil
            }
            guard t.count >= 15 && t.count <= 120, helpdeskMarkers.found(in: b, t) else {
                continue
            }
            guard top else { return (0, ruleAbove ?? k) }
            if let r = ruleAbove { kind[r] = .chrome }
            kind[k] = .chrome
            var rule: Int?
            for j in (k + 1)..<min(lines.count, k + 12) where isRule(b, trimmed(b, lines[j])) {
                rule = j
                break
            }
            // A rule right above a footer ("This email is a service from …") ends the entry, not a preamble.
            if let r = rule {
                var f = r + 1
                while f < lines.count && trimmed(b, lines[f]).isEmpty { f += 1 }
                if f < lines.count && footerStarts.contains(where: { hasPrefix(b, trimmed(b, lines[f]), $0) }) {
                    rule = nil
                }
            }
            guard let rule else { return (k + 1, lines.count) }
            for j in (k + 1)...rule { kind[j] = .chrome }
            var next = rule + 1
            while next < lines.count && trimmed(b, lines[next]).isEmpty { next += 1 }
            if next < lines.count && isEntryHeader(b, trimmed(b, lines[next])) {
                kind[next] = .chrome
                next += 1
            }
            for j in next..<lines.count where isRule(b, trimmed(b, lines[j])) { return (next, j) }
            return (next, lines.count)
        }
        return (0, lines.count)
    }

    /// A line of at least four dashes (`-`, em or en dashes: Jira Service Management's `—-—-—-—`) and nothing else.
    static func isDashRule(_ b: UnsafeBufferPointer<UInt8>, _ t: Range<Int>) -> Bool {
        var k = t.lowerBound
        var dashes = 0
        while k < t.upperBound {
            if b[k] == 0x2D {
                k += 1
            } else if b[k] == 0xE2 && k + 2 < t.upperBound && b[k + 1] == 0x80 && (b[k + 2] == 0x94 || b[k + 2] == 0x93)
            {
                k += 3
            } else {
                return false
            }
            dashes += 1
        }
        return dashes >= 4
    }

    /// A helpdesk's thread token alone on its line, chrome rather than words: ServiceNow's watermark
    /// (`Ref:MSG0012345_a1B2c3`), Salesforce Email-to-Case's thread id (`ref:_00D5f2sdS._5005f1A2b3C:ref`,
    /// also in `[ … ]`) and its Lightning token (`thread::AbC12::`).
    static func isThreadToken(_ b: UnsafeBufferPointer<UInt8>, _ t: Range<Int>) -> Bool {
        var s = t.lowerBound
        var e = t.upperBound
        if e - s >= 2 && b[s] == 0x5B && b[e - 1] == 0x5D {
            s += 1
            e -= 1
            while s < e && b[s] == 0x20 { s += 1 }
            while e > s && b[e - 1] == 0x20 { e -= 1 }
        }
        let r = s..<e
        guard r.count >= 10 && r.count <= 120 else { return false }
        // Zendesk's encoded ticket id at the end of its notifications: `[ERX5X6-LG25]`.
        if s > t.lowerBound && r.count == 11 && b[s + 6] == 0x2D {
            var letters = 0
            var digits = 0
            for k in r where k != s + 6 {
                if b[k] >= 0x41 && b[k] <= 0x5A {
                    letters += 1
                } else if b[k] >= 0x30 && b[k] <= 0x39 {
                    digits += 1
                }
            }
            if letters + digits == 10 && letters > 0 && digits > 0 { return true }
        }
        func token(_ from: Int, _ to: Int) -> Bool {
            to > from
                && (from..<to).allSatisfy {
                    let c = b[$0] | 0x20
                    return (c >= 0x61 && c <= 0x7A) || (b[$0] >= 0x30 && b[$0] <= 0x39) || b[$0] == 0x5F
                        || b[$0] == 0x2E || b[$0] == 0x21
                }
        }
        if hasPrefix(b, r, serviceNowRef) { return token(r.lowerBound + serviceNowRef.count, e) }
        if hasPrefix(b, r, salesforceRef) && hasSuffix(b, r, salesforceRefEnd) {
            return token(r.lowerBound + salesforceRef.count, e - salesforceRefEnd.count)
        }
        if hasPrefix(b, r, salesforceThread) && hasSuffix(b, r, salesforceThreadEnd) {
            return token(r.lowerBound + salesforceThread.count, e - salesforceThreadEnd.count)
        }
        return false
    }
    /// Words of bracketed sensitivity labels (`[AMD Official Use Only - General]`, `[Public]`), lower case.
    static let labelWords = bytes(["public", "internal", "general", "confidential", "restricted"])
    static let strongLabelWords = bytes(["official use only", "use only", "confidential", "restricted"])
    /// Unbracketed labels that a line is made of (`Dell - Internal Use - Confidential`), lower case.
    static let labelLines = bytes([
        "internal use - confidential", "dell - internal use - confidential", "internal use only", "internal use",
        "dell customer communication - confidential", "classification: ", "sensitivity: ", "classification : ",
        "security classification: ", "general business", "public", "confidential", "internal",
    ])
    static let labelPrefixes = bytes([
        "classification: ", "classification : ", "sensitivity: ", "security classification: ",
    ])

    /// A sensitivity label that Microsoft Purview / Azure Information Protection and company gateways write
    /// on a line of its own (kernel lists are full of AMD's `[AMD Official Use Only - General]` and Dell's
    /// `Internal Use - Confidential`): not the author's words. A line that is one of ``labelLines`` exactly
    /// (or a `Classification:`/`Sensitivity:` label of at most three words), or a bracketed line with a
    /// label word.
    static func isSensitivityLabel(_ b: UnsafeBufferPointer<UInt8>, _ t: Range<Int>) -> Bool {
        let c = lower(b[t.lowerBound])
        if c == 0x5B {
            guard b[t.upperBound - 1] == 0x5D, t.count <= 60 else { return false }
            let inner = (t.lowerBound + 1)..<(t.upperBound - 1)
            let words = inner.filter { b[$0] == 0x20 }.count + 1
            guard !inner.contains(where: { b[$0] == 0x3A || b[$0] == 0x40 }) else { return false }
            // `[AMD Official Use Only - AMD Internal Distribution Only]`, `[Confidential]`; `[Public]`, `[AMD
            // Public Use]` — but not `[Public roadmap draft for the board]` (a label has few other words).
            if words <= 10 && strongLabelWords.contains(where: { contains(b, inner, $0) }) { return true }
            return words <= 3 && labelWords.contains(where: { contains(b, inner, $0) })
        }
        guard c == 0x69 || c == 0x64 || c == 0x63 || c == 0x73 || c == 0x67 || c == 0x70 else { return false }
        var e = t.upperBound
        while e > t.lowerBound && (b[e - 1] == 0x2E || b[e - 1] == 0x20) { e -= 1 }
        let r = t.lowerBound..<e
        if labelLines.contains(where: { $0.count == r.count && hasPrefix(b, r, $0) }) { return true }
        if let p = labelPrefixes.first(where: { hasPrefix(b, r, $0) }) {
            let rest = (r.lowerBound + p.count)..<r.upperBound
            return !rest.isEmpty && rest.count <= 40 && rest.filter({ b[$0] == 0x20 }).count <= 2
        }
        return false
    }

    static let cidMarker = Array("[cid:".utf8)
    static let imageMarker = Array("[image:".utf8)
    static let altTextEnd = Array("automatically generated]".utf8)

    /// A line holding only what a mail client wrote in place of an inline image: Outlook's
    /// `[cid:image001.png@01DBD6DE.EFB19CC0]` (one or several), Gmail's `[image: Acme logo]`, Outlook's alt text
    /// `[A close up of a sign Description automatically generated]`.
    static func isImagePlaceholder(_ b: UnsafeBufferPointer<UInt8>, _ t: Range<Int>) -> Bool {
        guard t.count <= 400, b[t.upperBound - 1] == 0x5D else { return false }
        if hasPrefix(b, t, imageMarker) || hasSuffix(b, t, altTextEnd) { return true }
        guard hasPrefix(b, t, cidMarker) else { return false }
        // `[cid:…]` repeated, nothing else.
        var k = t.lowerBound
        while k < t.upperBound {
            guard hasPrefix(b, k..<t.upperBound, cidMarker),
                let close = (k..<t.upperBound).first(where: { b[$0] == 0x5D })
            else { return false }
            k = close + 1
            while k < t.upperBound && b[k] == 0x20 { k += 1 }
        }
        return true
    }

    static let serviceNowRef = Array("ref:msg".utf8)
    static let salesforceRef = Array("ref:".utf8)
    static let salesforceRefEnd = Array(":ref".utf8)
    static let salesforceThread = Array("thread::".utf8)
    static let salesforceThreadEnd = Array("::".utf8)

    /// A rule of at least 10 dashes or underscores.
    static func isRule(_ b: UnsafeBufferPointer<UInt8>, _ t: Range<Int>) -> Bool {
        t.count >= 10 && t.allSatisfy { b[$0] == 0x2D || b[$0] == 0x5F }
    }

    /// "Erin Agent, Jan 2, 2024, 11:00 UTC": a short line with a comma and a time or a year.
    static func isEntryHeader(_ b: UnsafeBufferPointer<UInt8>, _ t: Range<Int>) -> Bool {
        guard t.count <= 120, t.contains(where: { b[$0] == 0x2C }) else { return false }
        var k = t.lowerBound
        while k + 4 < t.upperBound {
            let d0 = b[k] >= 0x30 && b[k] <= 0x39
            if d0 && b[k + 1] >= 0x30 && b[k + 1] <= 0x39 {
                if b[k + 2] == 0x3A && b[k + 3] >= 0x30 && b[k + 3] <= 0x39 { return true }
                if (b[k] == 0x31 && b[k + 1] == 0x39) || (b[k] == 0x32 && b[k + 1] == 0x30),
                    b[k + 2] >= 0x30 && b[k + 2] <= 0x39 && b[k + 3] >= 0x30 && b[k + 3] <= 0x39
                {
                    return true
                }
            }
            k += 1
        }
        return false
    }

    private static func markInterleaved(
        _ b: UnsafeBufferPointer<UInt8>, _ lines: [Range<Int>], from: Int, kind: inout [Kind]
    ) {
        var k = from
        while k < lines.count {
            let t = trimmed(b, lines[k])
            if let f = t.first, b[f] == 0x3E {
                kind[k] = .quoted
            } else if k > from, kind[k - 1] == .quoted, isQuotedLinkFragment(b, previous: lines[k - 1], t) {
                kind[k] = .quoted
            } else if k > from, kind[k - 1] == .quoted, k + 1 < lines.count,
                isWrappedQuoteTail(b, previous: lines[k - 1], t, next: lines[k + 1])
            {
                kind[k] = .quoted
            } else if !t.isEmpty, separator(b, t) != nil || outlookBlock(b, lines, k) || attribution(b, lines, k) != nil
            {
                for j in k..<lines.count { kind[j] = .quoted }
                return
            }
            k += 1
        }
    }

    /// A line between quoted lines that is part of a quoted link, not an inline answer: a link alone in
    /// brackets with the quote marker pushed to the line end by wrapping (`(http://x/c/abc) >`), or the rest of
    /// a link the quoted line above broke off inside its brackets (`> View ticket (http://x/action` +
    /// `_nonce=3dd518)`).
    static func isQuotedLinkFragment(_ b: UnsafeBufferPointer<UInt8>, previous: Range<Int>, _ t: Range<Int>) -> Bool {
        guard t.count >= 2, t.count < 300 else { return false }
        var e = t.upperBound
        var marker = false
        if b[e - 1] == 0x3E && e - 1 > t.lowerBound && b[e - 2] == 0x20 {
            marker = true
            e -= 1
            while e > t.lowerBound && b[e - 1] == 0x20 { e -= 1 }
        }
        let body = t.lowerBound..<e
        guard !body.isEmpty, !body.contains(where: { b[$0] == 0x20 }) else { return false }
        let close = b[e - 1]
        guard close == 0x29 || close == 0x3E else { return false }
        let open = b[t.lowerBound]
        if marker && (open == 0x28 || open == 0x3C) && hasPrefix(b, (t.lowerBound + 1)..<e, httpPrefix) { return true }
        // The rest of a link: the quoted line above ends inside `(http…` or `<http…`.
        let p = trimmed(b, previous)
        var s = p.upperBound
        while s > p.lowerBound && b[s - 1] != 0x20 { s -= 1 }
        let last = s..<p.upperBound
        guard last.count > 5, b[last.lowerBound] == (close == 0x29 ? 0x28 : 0x3C),
            hasPrefix(b, (last.lowerBound + 1)..<last.upperBound, httpPrefix)
        else { return false }
        return !last.contains { b[$0] == close }
    }

    static let httpPrefix = Array("http".utf8)

    /// The tail of a long quoted line that the sender's client wrapped without repeating `>` (Gmail on
    /// Android): right below a quoted line of at least 60 bytes, right above another quoted line, starting
    /// with a lower-case letter (`> … kale chips` / `brooklyn four dollar toast …` / `> Akeem …`).
    static func isWrappedQuoteTail(
        _ b: UnsafeBufferPointer<UInt8>, previous: Range<Int>, _ t: Range<Int>, next: Range<Int>
    ) -> Bool {
        guard let f = t.first, b[f] >= 0x61 && b[f] <= 0x7A, trimmed(b, previous).count >= 60 else { return false }
        guard let n = trimmed(b, next).first else { return false }
        return b[n] == 0x3E
    }

    // MARK: Matchers (ASCII case-insensitive on bytes)

    static func trimmed(_ b: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> Range<Int> {
        var s = r.lowerBound
        var e = r.upperBound
        while s < e && (b[s] == 0x20 || b[s] == 0x09 || b[s] == 0x0D) { s += 1 }
        // NBSP (C2 A0) and zero-width spaces (E2 80 8B, Zendesk's and Gmail's editors leave them on lines of
        // their own) at the start, as HTML conversions leave them.
        while true {
            if s + 1 < e && b[s] == 0xC2 && b[s + 1] == 0xA0 {
                s += 2
            } else if s + 2 < e && b[s] == 0xE2 && b[s + 1] == 0x80 && b[s + 2] == 0x8B {
                s += 3
            } else if s + 2 == e && b[s] == 0xC2 && b[s + 1] == 0xA0 {
                s += 2
            } else if s + 3 == e && b[s] == 0xE2 && b[s + 1] == 0x80 && b[s + 2] == 0x8B {
                s += 3
            } else {
                break
            }
            while s < e && (b[s] == 0x20 || b[s] == 0x09) { s += 1 }
        }
        while e > s && (b[e - 1] == 0x20 || b[e - 1] == 0x09 || b[e - 1] == 0x0D) { e -= 1 }
        return s..<e
    }

    /// The line without its leading quote marks (`>`, `> >`, `>>`) and blanks, trimmed.
    static func unquoted(_ b: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> Range<Int> {
        var t = trimmed(b, r)
        while let f = t.first, b[f] == 0x3E { t = trimmed(b, (f + 1)..<t.upperBound) }
        return t
    }

    static func scalars(_ b: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> Int {
        var c = 0
        for k in r where b[k] & 0xC0 != 0x80 { c += 1 }
        return c
    }

    @inline(__always) static func lower(_ c: UInt8) -> UInt8 { c >= 0x41 && c <= 0x5A ? c | 0x20 : c }

    static func hasPrefix(_ b: UnsafeBufferPointer<UInt8>, _ r: Range<Int>, _ p: [UInt8]) -> Bool {
        guard r.count >= p.count else { return false }
        for k in 0..<p.count where lower(b[r.lowerBound + k]) != p[k] { return false }
        return true
    }

    static func hasSuffix(_ b: UnsafeBufferPointer<UInt8>, _ r: Range<Int>, _ p: [UInt8]) -> Bool {
        guard r.count >= p.count else { return false }
        let s = r.upperBound - p.count
        for k in 0..<p.count where lower(b[s + k]) != p[k] { return false }
        return true
    }

    static func contains(_ b: UnsafeBufferPointer<UInt8>, _ r: Range<Int>, _ p: [UInt8]) -> Bool {
        guard r.count >= p.count, let f = p.first else { return false }
        var i = r.lowerBound
        while i + p.count <= r.upperBound {
            if lower(b[i]) == f {
                var ok = true
                for k in 1..<p.count where lower(b[i + k]) != p[k] {
                    ok = false
                    break
                }
                if ok { return true }
            }
            i += 1
        }
        return false
    }

    /// Patterns searched for together: ``found(in:_:)`` is `patterns.contains { contains(b, r, $0) }` in
    /// one pass over the line, where only positions whose first two (lower-cased) bytes start some
    /// pattern are compared (most lines have none: ≈ 10× fewer steps than a search per pattern).
    struct Markers: Sendable {
        let patterns: [[UInt8]]
        /// Bit `a << 8 | b` set when some pattern starts with the bytes `a b`.
        private let pairs: [UInt64]
        private let shortest: Int

        /// `patterns`: lower-cased as ``contains(_:_:_:)`` takes them, each at least two bytes.
        init(_ patterns: [[UInt8]]) {
            precondition(patterns.allSatisfy { $0.count >= 2 })
            self.patterns = patterns
            var pairs = [UInt64](repeating: 0, count: 1024)
            for p in patterns {
                let pair = Int(p[0]) << 8 | Int(p[1])
                pairs[pair >> 6] |= 1 << UInt64(pair & 63)
            }
            self.pairs = pairs
            shortest = patterns.map(\.count).min() ?? 2
        }

        func found(in b: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> Bool {
            guard r.count >= shortest else { return false }
            var i = r.lowerBound
            while i + shortest <= r.upperBound {
                let pair = Int(TextCleaner.lower(b[i])) << 8 | Int(TextCleaner.lower(b[i + 1]))
                if pairs[pair >> 6] & (1 << UInt64(pair & 63)) != 0 {
                    for p in patterns where TextCleaner.hasPrefix(b, i..<r.upperBound, p) {
                        return true
                    }
                }
                i += 1
            }
            return false
        }
    }

    static func bytes(_ list: [String]) -> [[UInt8]] { list.map { Array($0.lowercased().utf8) } }
    /// As written: matching lower-cases ASCII only, so capitalized Cyrillic labels ("От:") are listed as such.
    static func exact(_ list: [String]) -> [[UInt8]] { list.map { Array($0.utf8) } }

    static let attributionStarts = bytes([
        "on ", "le ", "am ", "el ", "il ", "em ", "op ", "den ", "w dniu ", "dnia ", "dne ", "в ", "na ", "kello ",
        "의 ", "在 ",
        // Gmail in Finnish opens with the weekday: "pe 20. lokakuuta 2017 klo 17.50 John <j@x> kirjoitti:".
        "ma ", "ti ", "ke ", "to ", "pe ", "la ", "su ",
        // Apple Mail in Norwegian: "På 14. sep. 2015 kl. 02:23 skrev Ann <a@x>:".
        "på ",
    ])
    static let attributionEnds = bytes([
        "wrote:", "wrote :", "a écrit :", "a écrit:", "a écrit :", "schrieb:", "geschrieben:", "escribió:",
        "ha scritto:", "escreveu:", "schreef:", "skrev:", "napisał:", "napsal:", "написал:", "написал(а):",
        "kirjoitti:", "írta:", "yazdı:", "scrisse:", "escribio:",
        // Thunderbird and Gmail in Polish, Czech, Ukrainian, Russian, Greek, Chinese, Korean; Apple Mail in Dutch.
        "napisał(a):", "napsal(a):", "пише:", "пишет:", "έγραψε:", "写道:", "写道：", "작성:", "geschreven:",
        // Thunderbird in Polish (`W dniu … pisze:`), Gmail in Indonesian, Vietnamese and Arabic, iOS Mail in
        // Japanese (`2025/03/03 10:15、Bob <b@x>のメール:`).
        "pisze:", "menulis:", "đã viết:", "كتب:", "のメール:", "のメール：",
        // Gnus (Emacs) on lists and Usenet gateways: `Ann Lee <ann@x.org> writes:`; `… said:` above a quote.
        "writes:", "said:",
        // Gmail in Slovak, Slovenian, Croatian, Bulgarian, Serbian, Lithuanian, Latvian, Thai, Hindi, Persian;
        // Gmail and Apple Mail in traditional Chinese (`… 於 2019年3月12日 上午10:22 寫道：`), Japanese
        // (`… <a@x> のメッセージ:`) and Korean (`…님이 작성하였습니다:`).
        "napísal(a):", "napísal:", "napisal(a):", "napisao je:", "napisala je:", "написа:", "написао/ла:",
        "rašė:", "rakstīja:", "เขียนว่า:", "ने लिखा:", "نوشت:", "寫道:", "寫道：", "のメッセージ:", "のメッセージ：",
        "작성하였습니다:",
    ])

    /// Attribution verbs of Chinese, Japanese and Korean clients.
    static let cjkAttributionEnds = bytes([
        "写道:", "写道：", "のメール:", "のメール：", "작성:", "寫道:", "寫道：", "のメッセージ:", "のメッセージ：", "작성하였습니다:",
    ])

    /// Horde/IMP's attribution openings, in English, German, Spanish/Portuguese/Italian, French, Polish, Dutch.
    static let quotingStarts = bytes(["quoting ", "zitat von ", "citando ", "citation ", "cytowanie ", "citaat van "])

    /// Verbs of attribution lines that end in `… <address>:` ("Am … schrieb Carl <c@x>:").
    static let attributionVerbs = bytes([
        " wrote", " schrieb", " a écrit", " escribió", " ha scritto", " escreveu", " schreef", " skrev", " napisał",
        " napsal", " написал", " kirjoitti", " írta", " yazdı", " scrisse", " пишет", " пише", " έγραψε",
        // Dutch Outlook/Apple Mail: `Op 13-02-2014 3:18 verzond Ann <a@x>:`; Gmail in Arabic (`… 10:22 ص، كتب Ann
        // <a@x>:`).
        " verzond", " كتب",
    ])

    /// Gmail in German (Android) and English put the name first: `Max <m@x> schrieb am Fr., 28. Apr. 2017 um
    /// 11:53 Uhr:`, `Ann <a@b> wrote on Mon, 3 Mar 2025 at 10:15:`.
    static let someoneWroteOn = bytes([" schrieb am ", " wrote on "])

    /// The same with a date after the verb (four digits or more): Thunderbird and Apple Mail in Finnish (`Ann
    /// kirjoitti 12.3.2019 klo 10.22:`), Gmail in Romanian, Estonian and Hungarian, Apple Mail in Polish
    /// (`Wiadomość napisana przez Ann <a@x> w dniu 12.03.2019, o godz. 10:22:`).
    static let someoneWroteDated = bytes([
        " kirjoitti ", " a scris pe ", " kirjutas kuupäeval ", " ezt írta (", "napisana przez ",
    ])

    /// English verbs too common in prose to make an attribution of a line by its address and time alone.
    static let proseEnds = bytes(["said:", "writes:"])

    /// The last bytes of ``attributionEnds`` (``hasSuffix(_:_:_:)`` compares the line's, ASCII lower-cased).
    static let attributionLastBytes: [Bool] = {
        var table = [Bool](repeating: false, count: 256)
        for e in attributionEnds where !e.isEmpty { table[Int(e[e.count - 1])] = true }
        return table
    }()

    /// "On … wrote:" possibly wrapped over up to four lines starting at `i`; returns the last line.
    static func attribution(_ b: UnsafeBufferPointer<UInt8>, _ lines: [Range<Int>], _ i: Int) -> Int? {
        let first = trimmed(b, lines[i])
        // A lone "… wrote:" line (e.g. "John Smith wrote:") followed by a quote.
        let ends = attributionEnds
        // Every end's last byte is in `attributionLastBytes`: a line ending otherwise has none of them.
        if first.count < 400 && !first.isEmpty && attributionLastBytes[Int(lower(b[first.upperBound - 1]))] {
            for e in ends where hasSuffix(b, first, e) {
                if attributionStarts.contains(where: { hasPrefix(b, first, $0) }) { return i }
                // Date first, with a time (Chinese and Japanese clients, Gmail in East Asian languages):
                // `2025年9月22日 10:37，Ann Lee <ann@x.org> 写道：`, even when no `>` quote follows (its HTML
                // quote became plain text).
                if startsWithDateWord(b, first) && hasTime(b, first) {
                    return i
                }
                // Gmail in Chinese puts the name first: `Ann <ann@x.org>于2020年3月9日 周一下午9:10写道：`; with the
                // address and a time it is an attribution even when no `>` quote follows.
                if cjkAttributionEnds.contains(e) && hasTime(b, first)
                    && first.contains(where: { b[$0] == 0x40 })
                {
                    return i
                }
                // Any other verb: with an address and a clock time the line is an attribution even when no
                // `>` quote follows (Gmail in Turkish puts the name first: `Ann <a@x>, 12 Mar 2019 Sal, 10:22
                // tarihinde şunu yazdı:`; Apple Mail: `12 Mar 2019 tarihinde 10:22 saatinde, Ann <a@x> şunları yazdı:`).
                if hasTime(b, first) || hasPersianTime(b, first), first.contains(where: { b[$0] == 0x40 }),
                    !proseEnds.contains(e)
                {
                    return i
                }
                // `molly <molly@x.org> wrote:`: the address right before the verb, even when no `>` quote follows
                // (the earlier message was HTML turned into plain text).
                if addressBefore(b, first, e.count) { return i }
                var next = i + 1
                while next < lines.count && trimmed(b, lines[next]).isEmpty { next += 1 }
                if next < lines.count, let f = trimmed(b, lines[next]).first, b[f] == 0x3E { return i }
            }
        }
        // A verb-less attribution ending in an address, `26.06.2014, 14:41, "Ana" <a@b.c>:` (Yandex,
        // Mail.ru), as the last line (its HTML quote was removed) or followed by a `>` quote.
        // Wrapped inside the brackets (`2014-10-17 11:28 GMT+03:00 Ann <` + `ann@x.org>:`), the address has
        // its `<` and the digits on the line above.
        let wrappedHead = i > 0 && wrappedAttributionHead(b, lines[i - 1], continuation: first)
        if first.count < 400
            && (endsWithAddressColon(b, first) || (wrappedHead && hasSuffix(b, first, [0x3E, 0x3A])))
            && (first.contains(where: { b[$0] >= 0x30 && b[$0] <= 0x39 }) || wrappedHead)
        {
            var next = i + 1
            while next < lines.count && trimmed(b, lines[next]).isEmpty { next += 1 }
            if next == lines.count { return i }
            if let f = trimmed(b, lines[next]).first, b[f] == 0x3E { return i }
        }
        if first.count < 400 && hasSuffix(b, first, [0x3A])
            && first.contains(where: { b[$0] >= 0x30 && b[$0] <= 0x39 })
            && someoneWroteOn.contains(where: { contains(b, first, $0) })
        {
            return i
        }
        if first.count < 400 && hasSuffix(b, first, [0x3A])
            && first.count(where: { b[$0] >= 0x30 && b[$0] <= 0x39 }) >= 4
            && someoneWroteDated.contains(where: { contains(b, first, $0) })
        {
            return i
        }
        // A verb (or a date as the first word), then the address right before the colon, and a clock time,
        // whatever opens the line (Gmail in Norwegian `tir. 12. mar. 2019 kl. 10:22 skrev Ann <a@x>:`, in Japanese
        // `2019年3月12日(火) 10:22 Ann <a@x>:`, Apple Mail in Swedish `12 mars 2019 kl. 10:22 skrev Ann <a@x>:`),
        // even when no `>` quote follows.
        if first.count < 400 && endsWithAddressColon(b, first) && hasTime(b, first)
            && (attributionVerbs.contains(where: { contains(b, first, $0) }) || startsWithDateWord(b, first))
        {
            return i
        }
        // Any language: a line ending in `:` (bidi marks after it aside) that holds an address and a digit,
        // right above a `>` quote — Gmail's attributions in Bulgarian, Catalan, Croatian, Hebrew, Hungarian
        // (`Ann <a@x> ezt írta (időpont: 2019. márc. 12., K, 10:22):`), Lithuanian, Persian, Romanian,
        // Slovak, Thai, … (round-10 triage: the line stayed in the own words).
        if first.count < 400, let colon = lastNonBidi(b, first), b[colon] == 0x3A,
            first.contains(where: { b[$0] == 0x40 }), hasAnyDigit(b, first)
        {
            var next = i + 1
            while next < lines.count && trimmed(b, lines[next]).isEmpty { next += 1 }
            if next < lines.count, let f = trimmed(b, lines[next]).first, b[f] == 0x3E { return i }
            // The last line, with a clock time: an attribution whose HTML quote was removed (Apple Mail and
            // Thunderbird write it outside the `<blockquote>`), as Gmail writes it in Catalan, Estonian, Hebrew,
            // Hungarian, Romanian, ….
            if next == lines.count && (hasTime(b, first) || hasPersianTime(b, first)) { return i }
        }
        // Gmail in Japanese and Chinese (older): `2011/4/7 Ann Lee <ann@x.org>`, a date first and no colon,
        // right above a `>` quote.
        if first.count < 300 && startsWithNumericDate(b, first) && b[first.upperBound - 1] == 0x3E
            && first.contains(where: { b[$0] == 0x40 })
        {
            var next = i + 1
            while next < lines.count && trimmed(b, lines[next]).isEmpty { next += 1 }
            if next < lines.count, let f = trimmed(b, lines[next]).first, b[f] == 0x3E { return i }
        }
        // Mutt's popular custom attribution (kernel and OpenWrt lists): `* Ann Lee <ann@x.org> [2019-08-02 07:56:41]:`.
        if first.count < 300 && bracketedDateAttribution(b, first) {
            var next = i + 1
            while next < lines.count && trimmed(b, lines[next]).isEmpty { next += 1 }
            if next == lines.count { return i }
            if let f = trimmed(b, lines[next]).first, b[f] == 0x3E { return i }
        }
        // Horde/IMP webmail: `Quoting Ann Lee <ann@x.org>:`, `Zitat von Ann <ann@x.org>:`, `Citando …:` — with an
        // address or right above a `>` quote.
        if first.count < 300 && hasSuffix(b, first, [0x3A])
            && quotingStarts.contains(where: { hasPrefix(b, first, $0) })
        {
            if first.contains(where: { b[$0] == 0x40 }) { return i }
            var next = i + 1
            while next < lines.count && trimmed(b, lines[next]).isEmpty { next += 1 }
            if next < lines.count, let f = trimmed(b, lines[next]).first, b[f] == 0x3E { return i }
        }
        guard attributionStarts.contains(where: { hasPrefix(b, first, $0) }) else { return nil }
        if first.count < 400 && hasSuffix(b, first, [0x3A])
            && (attributionVerbs.contains(where: { contains(b, first, $0) }) || sentAttribution(b, first))
        {
            return i
        }
        var k = i + 1
        var total = first.count
        while k < lines.count && k <= i + 3 {
            let t = trimmed(b, lines[k])
            if t.isEmpty { return nil }
            total += t.count
            if total > 500 { return nil }
            for e in ends where hasSuffix(b, t, e) { return k }
            if hasSuffix(b, t, [0x3A]) {
                var whole = first.lowerBound..<t.upperBound
                whole = whole.clamped(to: 0..<b.count)
                if attributionVerbs.contains(where: { contains(b, whole, $0) }) || sentAttribution(b, whole) {
                    return k
                }
            }
            k += 1
        }
        return nil
    }

    /// Whether `t` holds an ASCII, Arabic-Indic (U+0660…) or Persian (U+06F0…) digit.
    static func hasAnyDigit(_ b: UnsafeBufferPointer<UInt8>, _ t: Range<Int>) -> Bool {
        for k in t {
            let c = b[k]
            if c >= 0x30 && c <= 0x39 { return true }
            if k + 1 < t.upperBound
                && ((c == 0xD9 && b[k + 1] >= 0xA0 && b[k + 1] <= 0xA9)
                    || (c == 0xDB && b[k + 1] >= 0xB0 && b[k + 1] <= 0xB9))
            {
                return true
            }
        }
        return false
    }

    /// Whether `t` holds a clock time in Persian digits (`۱۰:۲۲`, U+06F0…U+06F9: `DB B0`…`DB B9`).
    static func hasPersianTime(_ b: UnsafeBufferPointer<UInt8>, _ t: Range<Int>) -> Bool {
        func digit(_ k: Int) -> Bool { k + 1 < t.upperBound && b[k] == 0xDB && b[k + 1] >= 0xB0 && b[k + 1] <= 0xB9 }
        var k = t.lowerBound + 2
        while k + 4 < t.upperBound {
            if b[k] == 0x3A && digit(k - 2) && digit(k + 1) && digit(k + 3) { return true }
            k += 1
        }
        return false
    }

    /// The index of the last byte of `t` that is not part of a bidi mark (U+200E, U+200F, U+202A…U+202E,
    /// as Gmail writes around right-to-left attributions), or `nil` when there is none.
    static func lastNonBidi(_ b: UnsafeBufferPointer<UInt8>, _ t: Range<Int>) -> Int? {
        var e = t.upperBound
        while e - 3 >= t.lowerBound && b[e - 3] == 0xE2 && b[e - 2] == 0x80
            && (b[e - 1] == 0x8E || b[e - 1] == 0x8F || (b[e - 1] >= 0xAA && b[e - 1] <= 0xAE))
        {
            e -= 3
        }
        return e > t.lowerBound ? e - 1 : nil
    }

    /// Whether `t`, without its last `suffix` bytes, ends in an address in angle brackets (`Ann <a@x.org>`).
    static func addressBefore(_ b: UnsafeBufferPointer<UInt8>, _ t: Range<Int>, _ suffix: Int) -> Bool {
        var e = t.upperBound - suffix
        while e > t.lowerBound && b[e - 1] == 0x20 { e -= 1 }
        guard e - t.lowerBound >= 5, b[e - 1] == 0x3E, let lt = t[..<(e - 1)].last(where: { b[$0] == 0x3C }) else {
            return false
        }
        return (lt..<e).contains { b[$0] == 0x40 } && !(lt..<e).contains { b[$0] == 0x20 }
    }

    static let sentSuffix = Array(" sent:".utf8)

    /// `On 11-Apr-2011, at 6:54 PM, Ann <a@x.org> sent:` (talon's "sent" attributions): after an
    /// attribution opening (checked by the caller), the line ends in ` sent:` and holds a comma and an
    /// address or a clock time — "On Monday, the invoices below were sent:" has neither.
    static func sentAttribution(_ b: UnsafeBufferPointer<UInt8>, _ t: Range<Int>) -> Bool {
        hasSuffix(b, t, sentSuffix) && t.contains(where: { b[$0] == 0x2C })
            && (t.contains(where: { b[$0] == 0x40 }) || hasTime(b, t))
    }

    /// Whether `prev` is the first half of an attribution wrapped before an address, as Android mail
    /// writes it: `02.04.2012 14:20 user "bob@x.org" <` + `bob@x.org> написал:`. The second line's first
    /// word is the rest of an address (holds `@` or ends with `>`) and `prev` holds a digit and ends with
    /// `<`, `"` or `,`.
    static func wrappedAttributionHead(
        _ b: UnsafeBufferPointer<UInt8>, _ prev: Range<Int>, continuation: Range<Int>
    ) -> Bool {
        let p = trimmed(b, prev)
        guard let last = p.last, p.count < 200 else { return false }
        guard p.contains(where: { b[$0] >= 0x30 && b[$0] <= 0x39 }) else { return false }
        var e = continuation.lowerBound
        while e < continuation.upperBound && b[e] != 0x20 { e += 1 }
        let word = continuation.lowerBound..<e
        // Gmail wraps before the bracketed address: `… 17.50 John Coe` + `<j@x.fi> kirjoitti:`.
        if b[continuation.lowerBound] == 0x3C && word.contains(where: { b[$0] == 0x40 }) { return true }
        guard [0x3C, 0x22, 0x2C].contains(b[last]) else { return false }
        return word.contains { b[$0] == 0x40 } || (e > word.lowerBound && b[e - 1] == 0x3E)
    }

    /// Where an English attribution starts inside a line after other words (`reply On Wed, …`, `reply--- On
    /// Wed, …`): the last `On ` after a space or dash with a digit after it, when words stand before it.
    static func inlineAttributionStart(_ b: UnsafeBufferPointer<UInt8>, _ t: Range<Int>) -> Int? {
        var k = t.upperBound - 3
        while k > t.lowerBound {
            if b[k] == 0x4F && b[k + 1] == 0x6E && b[k + 2] == 0x20 && (b[k - 1] == 0x20 || b[k - 1] == 0x2D) {
                guard (k..<t.upperBound).contains(where: { b[$0] >= 0x30 && b[$0] <= 0x39 }) else { return nil }
                var e = k
                while e > t.lowerBound && (b[e - 1] == 0x20 || b[e - 1] == 0x2D) { e -= 1 }
                return e > t.lowerBound ? k : nil
            }
            k -= 1
        }
        return nil
    }

    /// Whether the first word of `t` is a date: at least four digits and a `/`, `-`, `.` or `年` among them
    /// (`2025年9月22日`, `2025/03/03`, `17.10.2014`), not a count ("2 customers …").
    static func startsWithDateWord(_ b: UnsafeBufferPointer<UInt8>, _ t: Range<Int>) -> Bool {
        var k = t.lowerBound
        var digits = 0
        var separated = false
        while k < t.upperBound && b[k] != 0x20 {
            let c = b[k]
            if c >= 0x30 && c <= 0x39 {
                digits += 1
            } else if c == 0x2F || c == 0x2D || c == 0x2E {
                separated = true
            } else if c == 0xE5, k + 2 < t.upperBound, b[k + 1] == 0xB9, b[k + 2] == 0xB4 {
                separated = true  // 年
            }
            k += 1
        }
        return digits >= 4 && separated
    }

    /// `2011/4/7 …`, `2014-10-17 …`: a first word of digits with `/` or `-` between them (at least two).
    static func startsWithNumericDate(_ b: UnsafeBufferPointer<UInt8>, _ t: Range<Int>) -> Bool {
        var k = t.lowerBound
        var digits = 0
        var seps = 0
        while k < t.upperBound && b[k] != 0x20 {
            let c = b[k]
            if c >= 0x30 && c <= 0x39 {
                digits += 1
            } else if c == 0x2F || c == 0x2D {
                guard k > t.lowerBound, b[k - 1] >= 0x30 && b[k - 1] <= 0x39 else { return false }
                seps += 1
            } else {
                return false
            }
            k += 1
        }
        return digits >= 4 && seps == 2 && k < t.upperBound
    }

    /// `Name <a@b.c> [2019-08-02 07:56]:` (optionally after `* `): an address in angle brackets, then a
    /// bracketed time, then the final colon.
    static func bracketedDateAttribution(_ b: UnsafeBufferPointer<UInt8>, _ t: Range<Int>) -> Bool {
        guard t.count >= 12, b[t.upperBound - 1] == 0x3A, b[t.upperBound - 2] == 0x5D else { return false }
        guard let open = t[..<(t.upperBound - 2)].last(where: { b[$0] == 0x5B }) else { return false }
        let inside = (open + 1)..<(t.upperBound - 2)
        var digits = 0
        for k in inside where b[k] >= 0x30 && b[k] <= 0x39 { digits += 1 }
        guard digits >= 4, inside.contains(where: { b[$0] == 0x3A || b[$0] == 0x2D }) else { return false }
        var e = open
        while e > t.lowerBound && b[e - 1] == 0x20 { e -= 1 }
        guard e > t.lowerBound, b[e - 1] == 0x3E, let lt = t[..<e].last(where: { b[$0] == 0x3C }) else { return false }
        return (lt..<e).contains { b[$0] == 0x40 }
    }

    /// `…a@b.c>:` — an address in angle brackets right before the final colon.
    static func endsWithAddressColon(_ b: UnsafeBufferPointer<UInt8>, _ t: Range<Int>) -> Bool {
        guard t.count >= 6, b[t.upperBound - 1] == 0x3A else { return false }
        var e = t.upperBound - 2
        while e > t.lowerBound && b[e] == 0x20 { e -= 1 }
        if b[e] != 0x3E {
            // A bare address as the last word (Tuta: `28 Jul 2025 at 12:49 by bob@x.org:`, `… von bob@x.org:`).
            var s = e
            while s > t.lowerBound && b[s - 1] != 0x20 && b[s - 1] != 0x3C && b[s - 1] != 0x3E { s -= 1 }
            guard s > t.lowerBound, b[s - 1] == 0x20, let at = (s...e).first(where: { b[$0] == 0x40 }) else {
                return false
            }
            return at > s && (at..<e).contains { b[$0] == 0x2E }
        }
        guard let open = t[..<e].last(where: { b[$0] == 0x3C }) else { return false }
        return (open..<e).contains { b[$0] == 0x40 }
    }

    /// Separators without dashes; dashed ones (`-----Original Message-----`, `---------- Forwarded message
    /// ---------`, …) are matched by the generic rule over `dashedSeparatorNames`.
    static let separators: [([UInt8], Bool)] = [
        ("begin forwarded message:", true), ("anfang der weitergeleiteten nachricht:", true),
        ("début du message réexpédié :", true), ("inicio del mensaje reenviado:", true),
    ].map { (Array($0.0.utf8), $0.1) }

    /// What sits between the dashes of a `---- … ----` separator, lower-cased: original-message names
    /// (false) and forwarded-message names (true) in the languages of common mail clients.
    static let dashedSeparatorNames: [String: Bool] = [
        "original message": false, "ursprüngliche nachricht": false, "message d'origine": false,
        "mensaje original": false, "messaggio originale": false, "oorspronkelijk bericht": false,
        "mensagem original": false, "ursprungligt meddelande": false, "oprindelig meddelelse": false,
        "oprindelig besked": false, "opprinnelig melding": false, "original nachricht": false,
        "message original": false, "alkuperäinen viesti": false, "původní zpráva": false,
        "oryginalna wiadomość": false, "wiadomość oryginalna": false, "исходное сообщение": false,
        "eredeti üzenet": false, "orijinal mesaj": false, "原始邮件": false, "元のメッセージ": false,
        "forwarded message": true, "message transféré": true, "weitergeleitete nachricht": true,
        "mensaje reenviado": true, "messaggio inoltrato": true, "doorgestuurd bericht": true,
        "mensagem encaminhada": true, "vidarebefordrat meddelande": true, "videresendt meddelelse": true,
        "videresendt melding": true, "välitetty viesti": true, "přeposlaná zpráva": true,
        "wiadomość przekazana": true, "przekazana wiadomość": true, "пересылаемое сообщение": true,
        "转发的邮件": true, "転送されたメッセージ": true,
        // Android's stock mail app: `----- Reply message -----` above `From:`/`To:`/`Date:`/`Subject:`.
        "reply message": false, "antwort nachricht": false,
    ]

    /// A separator line; returns whether it introduces a forwarded message.
    static func separator(_ b: UnsafeBufferPointer<UInt8>, _ t: Range<Int>) -> Bool? {
        guard t.count >= 10,
            b[t.lowerBound] == 0x2D || lower(b[t.lowerBound]) == 0x62
                || lower(b[t.lowerBound]) == 0x61 || lower(b[t.lowerBound]) == 0x64 || lower(b[t.lowerBound]) == 0x69
        else { return nil }
        for (p, fwd) in separators where t.count == p.count && hasPrefix(b, t, p) { return fwd }
        // Lotus Notes: `---------------------- Forwarded by Ann Lee/HOU/ECT on 02/20/2001 11:59 AM -----`,
        // which exports wrap before the closing dashes.
        if b[t.lowerBound] == 0x2D {
            var s = t.lowerBound
            while s < t.upperBound && b[s] == 0x2D { s += 1 }
            if s - t.lowerBound >= 3 && hasPrefix(b, s..<t.upperBound, notesForwardedBy) { return true }
        }
        // Generic "----- xyz -----" rules: a known name between the dashes, "original"/"forward" words,
        // or Zoho's reply header `---- On <date> <address> wrote ----`.
        if b[t.lowerBound] == 0x2D && hasSuffix(b, t, Array("---".utf8)) && t.count < 200 {
            var s = t.lowerBound
            var e = t.upperBound
            while s < e && (b[s] == 0x2D || b[s] == 0x20) { s += 1 }
            while e > s && (b[e - 1] == 0x2D || b[e - 1] == 0x20) { e -= 1 }
            guard s - t.lowerBound >= 3 else { return nil }
            let middle = String(decoding: UnsafeBufferPointer(rebasing: b[s..<e]), as: UTF8.self).lowercased()
            if let fwd = dashedSeparatorNames[middle] { return fwd }
            if contains(b, t, Array("forward".utf8)) { return true }
            if contains(b, t, Array("original".utf8)) || contains(b, t, Array("origine".utf8)) { return false }
            let m = Array(middle.utf8)
            if attributionStarts.contains(where: { m.starts(with: $0) })
                && attributionVerbs.contains(where: { m.count > $0.count && Array(m.suffix($0.count)) == $0 })
            {
                return false
            }
        }
        return nil
    }

    static let mailmanNextPart = Array("-------------- next part --------------".utf8)

    static let notesForwardedBy = Array(" forwarded by ".utf8)
    static let toLabel = Array("to".utf8)
    static let subjectLabel = Array("subject".utf8)

    static let fromWords =
        bytes([
            "from", "von", "de", "da", "van", "från", "fra", "od", "от", "lähettäjä", "feladó", "*from", "**from",
            // Outlook in Chinese (simplified, traditional), Japanese and Korean.
            "发件人", "寄件者", "差出人", "보낸 사람",
            // Outlook in Turkish, Romanian, Indonesian (Czech/Slovak/Polish `Od`, Hungarian, Finnish above).
            "kimden", "de la", "dari",
            // Outlook in Estonian, Lithuanian, Latvian, Vietnamese, Arabic, Hebrew, Thai (Slovenian and Catalan
            // open with `Od:`/`De:`, Bulgarian with `От:`).
            "saatja", "nuo", "no", "từ", "من", "מאת", "จาก",
        ]) + exact(["От", "Від", "Από", "Šalje"])

    /// Labels that can open a header block before its `From:` line (Hotmail: `Date:`, `Subject:`, `From:`).
    static let dateWords =
        bytes([
            "date", "sent", "datum", "gesendet", "envoyé", "enviado", "inviato", "data", "verzonden", "skickat",
            "sendt",
            "wysłano", "отправлено", "дата", "发送时间", "寄件日期", "送信日時", "보낸 날짜",
        ]) + exact(["Отправлено", "Дата"])
    /// `To:` labels, for the two-line `Date:`/`To:` block.
    static let toWords =
        bytes([
            "to", "an", "à", "para", "a", "aan", "till", "til", "komu", "címzett", "vastaanottaja", "kime", "către",
            "kepada", "收件人", "收件者", "宛先", "받는 사람",
        ]) + exact(["Кому", "Προς"])
    static let headerWords =
        bytes([
            "sent", "date", "gesendet", "datum", "envoyé", "enviado", "inviato", "data", "verzonden", "skickat",
            "sendt",
            "wysłano", "отправлено", "subject", "betreff", "objet", "asunto", "oggetto", "onderwerp", "assunto", "ämne",
            "emne", "temat", "тема", "*sent", "*subject", "to", "an", "à", "para", "a", "aan", "till", "til", "cc",
            "дата", "кому", "копия", "发送时间", "收件人", "主题", "抄送", "日期", "寄件日期", "收件者", "主旨", "副本",
            "送信日時", "宛先", "件名", "보낸 날짜", "받는 사람", "제목", "참조",
            // Outlook in Czech, Slovak, Hungarian, Finnish, Turkish, Romanian, Croatian, Indonesian.
            "odesláno", "komu", "předmět", "kopie", "odoslané", "predmet", "elküldve", "címzett", "tárgy",
            "lähetetty", "vastaanottaja", "aihe", "kopio", "gönderildi", "kime", "konu", "bilgi", "trimis", "către",
            "subiect", "poslano", "prima", "dikirim", "kepada", "perihal", "tembusan",
            // Outlook in Slovenian, Catalan, Estonian, Lithuanian, Latvian, Vietnamese, Arabic, Hebrew, Thai.
            "za", "zadeva", "kp", "enviat el", "enviat", "per a", "tema", "a/c", "saatmisaeg", "adressaat", "teema",
            "koopia", "išsiųsta", "kam", "kopija", "nosūtīts", "tēma", "chủ đề", "cc", "تم الإرسال", "إلى", "الموضوع",
            "نسخة", "נשלח", "אל", "נושא", "עותק", "ส่ง", "ถึง", "เรื่อง", "สำเนาถึง",
        ])
        + exact(["Đã gửi", "Đến", "Изпратено", "До", "Относно", "Копие"])
        + exact([
            "Отправлено", "Тема", "Дата", "Кому", "Копия", "Надіслано", "Копія", "Στάλθηκε", "Προς", "Θέμα", "Κοιν.",
        ])

    /// `word:` at the start of the line, allowing spaces (French `De :`, also with U+00A0 or U+202F), `*` (bold)
    /// around the word, and the full-width colon `：` of Chinese and Japanese clients.
    static func hasLabel(_ b: UnsafeBufferPointer<UInt8>, _ r: Range<Int>, _ word: [UInt8]) -> Bool {
        // Bold labels as Gmail's plain text writes Outlook's (`*De :*`, `**From:**`), in any language.
        var s = r.lowerBound
        while s < r.upperBound && s < r.lowerBound + 2 && b[s] == 0x2A { s += 1 }
        guard hasPrefix(b, s..<r.upperBound, word) else { return false }
        var i = s + word.count
        while i < r.upperBound && (b[i] == 0x20 || b[i] == 0x2A) { i += 1 }
        // French typography puts a no-break space (U+00A0) or a narrow one (U+202F, macOS, new Outlook)
        // before the colon.
        if i + 1 < r.upperBound && b[i] == 0xC2 && b[i + 1] == 0xA0 {
            i += 2
        } else if i + 2 < r.upperBound && b[i] == 0xE2 && b[i + 1] == 0x80 && b[i + 2] == 0xAF {
            i += 3
        }
        if i + 3 <= r.upperBound && b[i] == 0xEF && b[i + 1] == 0xBC && b[i + 2] == 0x9A { return true }
        return i < r.upperBound && b[i] == 0x3A
    }

    /// A Lotus Notes reply header starting at line `i` (the Enron corpus is full of them): an attribution
    /// with a time, `"Ann" <a@b.c> on 04/11/2001 09:12:33 AM` or `Ann Lee@ENRON` over `05/02/2001 04:31 PM`,
    /// right above `To:`, followed within three lines by `Subject:` (usually after `cc:`).
    static func notesHeader(_ b: UnsafeBufferPointer<UInt8>, _ lines: [Range<Int>], _ i: Int) -> Bool {
        let first = trimmed(b, lines[i])
        guard !first.isEmpty, first.count < 200, i + 2 < lines.count else { return false }
        var to = i + 1
        if !hasTime(b, first) {
            // The name alone, the date on the next line.
            let date = trimmed(b, lines[i + 1])
            guard first.count < 100, let d = date.first, b[d] >= 0x30 && b[d] <= 0x39, date.count < 60,
                hasTime(b, date)
            else { return false }
            to = i + 2
        }
        guard to < lines.count, hasLabel(b, trimmed(b, lines[to]), toLabel) else { return false }
        var k = to + 1
        while k < lines.count && k <= to + 3 {
            if hasLabel(b, trimmed(b, lines[k]), subjectLabel) { return true }
            k += 1
        }
        return false
    }

    static let schemeSeparator = Array("://".utf8)
    static let wwwPrefix = Array("www.".utf8)

    /// `>>> http://www.shop.example <<<`: marketing mail points at a link with arrows on both sides; not a
    /// quote. The line starts with `>>` and ends with `<<<`, or with `<<` around a link (a quoted
    /// `>> std::cout << x <<` stays a quote).
    static func isArrowDecoration(_ b: UnsafeBufferPointer<UInt8>, _ t: Range<Int>) -> Bool {
        guard t.count >= 6, b[t.lowerBound] == 0x3E, b[t.lowerBound + 1] == 0x3E, b[t.upperBound - 1] == 0x3C,
            b[t.upperBound - 2] == 0x3C
        else { return false }
        return b[t.upperBound - 3] == 0x3C || contains(b, t, schemeSeparator) || contains(b, t, wwwPrefix)
    }

    /// Whether the range holds a clock time, `9:12` or `09:12`.
    static func hasTime(_ b: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> Bool {
        var k = r.lowerBound + 1
        while k + 2 < r.upperBound {
            if b[k] == 0x3A && b[k - 1] >= 0x30 && b[k - 1] <= 0x39 && b[k + 1] >= 0x30 && b[k + 1] <= 0x39
                && b[k + 2] >= 0x30 && b[k + 2] <= 0x39
            {
                return true
            }
            k += 1
        }
        return false
    }

    /// A 256-entry table of the first bytes of `words` (lower case, as ``hasLabel(_:_:_:)`` compares them).
    static func firstByteTable(_ words: [[UInt8]]) -> [Bool] {
        var table = [Bool](repeating: false, count: 256)
        for w in words where !w.isEmpty { table[Int(w[0])] = true }
        return table
    }

    /// The first bytes of ``fromWords`` and ``dateWords``: an Outlook block's first line has one of these labels.
    static let fromOrDateFirstBytes = firstByteTable(fromWords + dateWords)

    /// Whether `r` can start with one of the labels whose first bytes `table` holds: ``hasLabel(_:_:_:)`` skips
    /// up to two `*` and compares the next byte (ASCII lower-cased) with the label's first. A `false` rules out
    /// every label of the table in one look-up (most lines of a message start with no label's letter).
    @inline(__always) static func mayHaveLabel(
        _ b: UnsafeBufferPointer<UInt8>, _ r: Range<Int>, _ table: [Bool]
    ) -> Bool {
        var s = r.lowerBound
        while s < r.upperBound && s < r.lowerBound + 2 && b[s] == 0x2A { s += 1 }
        return s < r.upperBound && table[Int(lower(b[s]))]
    }

    /// Whether `r` holds a `:` or the last byte (0x9A) of the full-width `：`: a line without either has no
    /// label ``hasLabel(_:_:_:)`` accepts (prose lines, nearly all).
    static func hasColonByte(_ b: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> Bool {
        for k in r where b[k] == 0x3A || b[k] == 0x9A { return true }
        return false
    }

    /// An Outlook-style header block starting at line `i`.
    static func outlookBlock(_ b: UnsafeBufferPointer<UInt8>, _ lines: [Range<Int>], _ i: Int) -> Bool {
        let first = trimmed(b, lines[i])
        guard mayHaveLabel(b, first, fromOrDateFirstBytes), hasColonByte(b, first) else { return false }
        var sawFrom = fromWords.contains(where: { hasLabel(b, first, $0) })
        guard sawFrom || dateWords.contains(where: { hasLabel(b, first, $0) }) else { return false }
        // Two lines, `Date:` with a time over `To:` with an address (talon's "from block starts with date").
        if !sawFrom && i + 1 < lines.count && hasTime(b, first) {
            let to = trimmed(b, lines[i + 1])
            if toWords.contains(where: { hasLabel(b, to, $0) }) && to.contains(where: { b[$0] == 0x40 }) {
                return true
            }
        }
        var found = 0
        var k = i + 1
        while k < lines.count && k <= i + 5 {
            let t = trimmed(b, lines[k])
            if fromWords.contains(where: { hasLabel(b, t, $0) }) {
                sawFrom = true
                found += 1
            } else if headerWords.contains(where: { hasLabel(b, t, $0) }) {
                found += 1
            }
            if found >= 2 && sawFrom { return true }
            k += 1
        }
        return false
    }

    static let mobileFooters =
        bytes([
            "sent from my ", "sent from mail for windows", "sent from outlook", "get outlook for ios",
            "get outlook for android", "sent from yahoo mail", "sent from the all new aol app", "sent via the samsung",
            "sent from samsung", "sent from proton mail", "sent with proton mail", "von meinem iphone gesendet",
            "von meinem ipad gesendet", "von meinem smartphone gesendet", "envoyé de mon iphone", "envoyé de mon ipad",
            "envoyé depuis mon", "enviado desde mi ", "enviado do meu ", "inviato da iphone", "inviato dal mio ",
            "verzonden vanaf mijn ", "verstuurd vanaf mijn ", "skickat från min ", "sendt fra min ", "sendt fra iphone",
            "wysłane z mojego ", "отправлено с iphone", "sent from iphone", "sent from ipad", "sent from gmail mobile",
            "download outlook for ios", "download outlook for android", "télécharger outlook pour ios",
            "télécharger outlook pour android", "obtenir outlook pour ios", "obtenir outlook pour android",
            "von outlook für ios gesendet", "von outlook für android gesendet", "outlook für ios beziehen",
            "outlook für android herunterladen", "envoyé à partir de outlook pour", "enviado desde outlook para",
            "inviato da outlook per", "verzonden vanuit outlook voor", "sent from protonmail", "wysłane z iphone",
            "sendt fra outlook for", "skickat från outlook för", "iphoneから送信", "ipadから送信", "发自我的iphone",
            "发自我的 iphone", "發自我的 iphone", "發自我的iphone", "sent from my mobile",
            // Round-5 triage: Proton's older and Markdown-link forms, Samsung in German, iOS in Finnish, Turkish
            // and Chinese (another wording), Yahoo's apps in French/Spanish/Portuguese/Italian, Mail.ru, Yandex.
            "sent with protonmail", "sent with [proton mail]", "von meinem samsung galaxy", "lähetetty iphonesta",
            "lähetetty ipadista", "iphone'umdan gönderildi", "从我的iphone发送", "envoyé depuis yahoo mail",
            "envoyé de yahoo mail", "enviado desde yahoo mail", "enviado do yahoo mail", "inviato da yahoo mail",
            "sent from mail.ru app", "sent from yandex mail", "sent from yandex.mail",
            // Round 8: BlackBerry in Italian, English, German, French.
            "inviato da blackberry", "sent from blackberry", "sent via blackberry", "von meinem blackberry",
            "envoyé de mon blackberry",
        ]) + exact(["Отправлено с iphone", "Отправлено с моего ", "Отправлено из мобильной"])

    static func isMobileFooter(_ b: UnsafeBufferPointer<UInt8>, _ t: Range<Int>) -> Bool {
        // Most lines start with a byte no footer starts with: one table look-up, not a scan of the list.
        guard !t.isEmpty, t.count <= 100, mobileFooterFirstBytes[Int(lower(b[t.lowerBound]))] else { return false }
        if mobileFooters.contains(where: { hasPrefix(b, t, $0) }) { return true }
        // A carrier's name before the device: `Inviato da Verizon Wireless BlackBerry`.
        return t.count <= 60 && hasSuffix(b, t, blackBerry) && deviceFooterStarts.contains { hasPrefix(b, t, $0) }
    }

    /// The first bytes of ``mobileFooters`` and ``deviceFooterStarts`` (lower-cased ASCII), as a 256-entry table.
    static let mobileFooterFirstBytes: [Bool] = {
        var table = [Bool](repeating: false, count: 256)
        for p in mobileFooters + deviceFooterStarts { if let f = p.first { table[Int(f)] = true } }
        return table
    }()

    /// The line without one or two leading dashes and the spaces after them: a footer glued to the
    /// signature separator (`--Sent from my iPhone`, `-- Sent from my iPhone`, seen in SpamScope's test
    /// corpus). The whole range when it does not start with a dash.
    static func afterDashes(_ b: UnsafeBufferPointer<UInt8>, _ t: Range<Int>) -> Range<Int> {
        var i = t.lowerBound
        while i < t.upperBound && i - t.lowerBound < 2 && b[i] == 0x2D { i += 1 }
        if i == t.lowerBound { return t }
        while i < t.upperBound && b[i] == 0x20 { i += 1 }
        return i..<t.upperBound
    }

    static let blackBerry = Array("blackberry".utf8)
    static let deviceFooterStarts = bytes([
        "inviato da ", "sent from ", "sent via ", "enviado desde ", "envoyé de ", "envoyé depuis ", "von meinem ",
        "verzonden vanaf ",
    ])

    static let disclaimerStarts = bytes([
        "confidentiality notice", "confidential notice", "disclaimer", "this e-mail and any", "this email and any",
        "this message and any", "this e-mail message", "this email message is", "this message is intended only",
        "this message is confidential", "this email is confidential", "this e-mail is confidential",
        "the information contained in this", "the information in this e-mail", "the information in this email",
        "this communication is intended", "if you are not the intended recipient", "important notice:",
        "legal notice", "privileged and confidential", "diese e-mail enthält vertrauliche",
        "diese nachricht enthält vertrauliche", "ce message et toutes les pièces jointes", "ce courriel",
        "este mensaje y sus anexos", "questo messaggio", "please consider the environment",
    ])

    /// A line of at least eight underscores.
    static func isUnderscoreRule(_ b: UnsafeBufferPointer<UInt8>, _ t: Range<Int>) -> Bool {
        t.count >= 8 && t.allSatisfy { b[$0] == 0x5F }
    }

    static func isDisclaimerStart(_ b: UnsafeBufferPointer<UInt8>, _ t: Range<Int>) -> Bool {
        var s = t.lowerBound
        while s < t.upperBound && (b[s] == 0x2A || b[s] == 0x5F || b[s] == 0x3D || b[s] == 0x20) { s += 1 }
        let r = s..<t.upperBound
        return disclaimerStarts.contains { hasPrefix(b, r, $0) }
    }

    static let closings = bytes([
        "best", "best,", "best regards", "best regards,", "kind regards", "kind regards,", "regards", "regards,",
        "warm regards,", "warm regards", "many thanks,", "thanks,", "thanks!", "thank you,", "thanks again,",
        "cheers,", "cheers", "sincerely,", "sincerely", "yours,", "all the best,", "best wishes,", "br,", "rgds,",
        "mit freundlichen grüßen", "mit freundlichen grüßen,", "mit freundlichen grüssen", "viele grüße",
        "viele grüße,", "beste grüße", "beste grüße,", "gruß", "grüße", "cordialement", "cordialement,",
        "bien cordialement", "bien à vous", "salutations", "saludos", "saludos,", "un saludo", "un saludo,",
        "atentamente", "cordiali saluti", "saluti", "un saluto", "atenciosamente", "abraços", "met vriendelijke groet",
        "met vriendelijke groet,", "groeten", "med vänliga hälsningar", "vänliga hälsningar", "med venlig hilsen",
        "hälsningar", "pozdrawiam",
    ])

    /// A person's name on a line of its own: one to four words, each starting with a capital (or a
    /// non-ASCII letter), of letters, `.`, `-` and `'` only ("Greg Morrison", "J. Smith", "Ana María López").
    static func isNameLine(_ b: UnsafeBufferPointer<UInt8>, _ t: Range<Int>) -> Bool {
        guard !t.isEmpty, t.count <= 40 else { return false }
        var words = 0
        var atStart = true
        for k in t {
            let c = b[k]
            if c == 0x20 {
                if atStart { return false }  // two spaces
                atStart = true
                continue
            }
            if atStart {
                guard (c >= 0x41 && c <= 0x5A) || c >= 0xC3 else { return false }
                words += 1
                atStart = false
                continue
            }
            let letter = (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c >= 0x80
            guard letter || c == 0x2E || c == 0x2D || c == 0x27 else { return false }
        }
        return (1...4).contains(words)
    }

    /// `Jim P. Smith | Enrollment Manager`: a name line and a title or contact line on one line, split by
    /// ` | ` (a signature even alone, or over a company line).
    static func isNameBarTitleLine(_ b: UnsafeBufferPointer<UInt8>, _ t: Range<Int>) -> Bool {
        guard t.count <= 60, let bar = t.first(where: { b[$0] == 0x7C }), bar > t.lowerBound, bar + 1 < t.upperBound,
            b[bar - 1] == 0x20, b[bar + 1] == 0x20
        else { return false }
        let name = trimmed(b, t.lowerBound..<bar)
        let title = trimmed(b, (bar + 1)..<t.upperBound)
        return !title.isEmpty && isNameLine(b, name) && isTitleOrContactLine(b, title)
    }

    static let titleAcronyms: [[UInt8]] = ["CEO", "CTO", "CFO", "COO", "CIO", "CMO", "CPO", "VP", "SVP", "EVP", "AVP"]
        .map { Array($0.utf8) }
    static let titleWords: [[UInt8]] = [
        "director", "manager", "head of", "engineer", "officer", "president", "founder", "consultant", "specialist",
        "analyst", "coordinator", "administrator", "partner", "owner", "chief", "architect", "developer",
        "executive", "counsel", "associate", "assistant", "lead", "supervisor", "representative", "advisor",
        "adviser", "geschäftsführer", "leiter", "directeur", "gerente", "responsable",
    ].map { Array($0.utf8) }

    /// A signature's second line: a job title (a title word or acronym as a whole word), a phone number
    /// (seven or more digits and few letters), an email address or a web address.
    static func isTitleOrContactLine(_ b: UnsafeBufferPointer<UInt8>, _ t: Range<Int>) -> Bool {
        var digits = 0
        var letters = 0
        var at = -1
        for k in t {
            let c = b[k]
            if c >= 0x30 && c <= 0x39 { digits += 1 }
            if (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) { letters += 1 }
            if c == 0x40 { at = k }
        }
        if digits >= 7 && letters <= 12 { return true }
        if at > t.lowerBound, (at..<t.upperBound).contains(where: { b[$0] == 0x2E }) { return true }
        func isLetter(_ k: Int) -> Bool {
            guard t.contains(k) else { return false }
            let c = b[k]
            return (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c >= 0x80
        }
        for k in t {
            guard !isLetter(k - 1) else { continue }
            if hasPrefix(b, k..<t.upperBound, wwwPrefix) || hasPrefix(b, k..<t.upperBound, httpPrefix) {
                return true
            }
            for a in titleAcronyms where k + a.count <= t.upperBound && !isLetter(k + a.count) {
                if (0..<a.count).allSatisfy({ b[k + $0] == a[$0] }) { return true }
            }
            for w in titleWords where k + w.count <= t.upperBound && !isLetter(k + w.count) {
                if hasPrefix(b, k..<t.upperBound, w) { return true }
            }
        }
        return false
    }

    static func isClosing(_ b: UnsafeBufferPointer<UInt8>, _ t: Range<Int>) -> Bool {
        guard t.count <= 40 else { return false }
        return closings.contains { $0.count == t.count && hasPrefix(b, t, $0) }
    }
}
