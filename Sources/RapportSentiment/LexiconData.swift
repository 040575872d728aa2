import Foundation
import RapportCore

/// What the rules need to know about one lower-cased word.
struct WordInfo: Sendable {
    /// Lexicon valence; NaN when the word is not in the lexicon.
    var valence: Double = .nan
    /// Booster/dampener scalar; NaN when not a booster.
    var booster: Double = .nan
    var flags: Vader.Flags = []
    /// Idiom word code (see ``IdiomWords``).
    var code: UInt8 = 0
    /// Domain-lexicon entry (Rapport engine only; shown in evidence).
    var domain: Bool = false
    /// Rapport table only: the word is the first word of a multi-word expression or marker phrase (its key
    /// alone is in `phrases`).
    var phraseStart: Bool = false
    /// Rapport table only: languages (bits of `Lexicons.langidLanguages`) listing the word as a stopword.
    var stopwords: UInt32 = 0
}

/// A multi-word expression or tone-marker phrase (Rapport engine). Keys are lower-cased words joined by
/// one space; every proper prefix of a phrase is stored too (`complete == false`) so matching can stop early.
struct PhraseInfo: Sendable {
    var valence: Double = .nan
    /// Bit `k` set: the phrase is a marker of `ToneMarkerKind.allCases[k]`.
    var markers: UInt32 = 0
    var complete: Bool = false
}

/// All lexicon data of one language, compiled for byte lookups.
struct LanguageLexicon: Sendable {
    var language: String
    /// The reference lexicon + boosters + rule words (the VADER engine).
    var vader = ByteTable<WordInfo>()
    /// `vader` plus the domain lexicon (the Rapport engine).
    var rapport = ByteTable<WordInfo>()
    /// `vader` and `rapport` compiled for per-token lookups (same entry indices).
    var vaderWords = WordLookup(ByteTable())
    var rapportWords = WordLookup(ByteTable())
    var phrases = ByteTable<PhraseInfo>()
    var maxPhraseWords = 1
    /// Emoji code point → description (a range of `emojiText`).
    var emojiDescriptions: [UInt32: Range<Int>] = [:]
    var emojiText: [UInt8] = []
    /// Emoji code point → valence of its description under the VADER rules (Rapport engine).
    var emojiValence: [UInt32: Double] = [:]
    /// Flat lookup: code point → index into `emojiRanges`/`emojiValences` (-1: not an emoji).
    var emojiSlots: [Int32] = []
    var emojiRanges: [Range<Int>] = []
    var emojiValences: [Double] = []
    /// Number of domain entries and marker phrases (for diagnostics/tests).
    var domainCount = 0
    var markerCount = 0
}

extension LanguageLexicon {
    /// Builds the flat emoji lookup from `emojiDescriptions` and `emojiValence`.
    mutating func indexEmoji() {
        let maxCP = emojiDescriptions.keys.max() ?? 0
        emojiSlots = [Int32](repeating: -1, count: emojiDescriptions.isEmpty ? 0 : Int(maxCP) + 1)
        emojiRanges = []
        emojiValences = []
        for cp in emojiDescriptions.keys.sorted() {
            emojiSlots[Int(cp)] = Int32(emojiRanges.count)
            emojiRanges.append(emojiDescriptions[cp]!)
            emojiValences.append(emojiValence[cp] ?? 0)
        }
    }

    /// Slot of `cp` in the emoji tables, or -1.
    @inline(__always)
    func emojiSlot(_ cp: UInt32) -> Int {
        Int(cp) < emojiSlots.count ? Int(emojiSlots[Int(cp)]) : -1
    }
}

/// Parses the lexicon text formats (see docs/sentiment.md, "Lexicon formats").
enum LexiconParser {
    static func isPyWhitespace(_ c: Character) -> Bool {
        c.unicodeScalars.allSatisfy { PythonText.isWhitespace($0.value) }
    }

    static func strip(_ s: Substring) -> Substring {
        var t = s
        while let f = t.first, isPyWhitespace(f) { t = t.dropFirst() }
        while let l = t.last, isPyWhitespace(l) { t = t.dropLast() }
        return t
    }

    /// `word<TAB>mean[<TAB>…]` (the vaderSentiment format): later lines win. Parsed on bytes (the
    /// reference strips each line with `str.strip()`; the shipped files only have ASCII whitespace there);
    /// `body` gets each word's bytes (valid only during the call) and value, in file order.
    static func vaderLexicon(
        _ path: String, _ body: (UnsafeBufferPointer<UInt8>, Double) -> Void
    ) throws(RapportError) {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw RapportError(.missingInput, "lexicon file cannot be read", file: path)
        }
        let bytes = [UInt8](data)
        guard bytes.withUnsafeBufferPointer(UTF8Validation.isValid) else {
            throw RapportError(.invalidConfiguration, "lexicon file is not valid UTF-8", file: path)
        }
        // (line, message) of the first bad line.
        let failure: (Int, String)? = bytes.withUnsafeBufferPointer { p in
            let n = p.count
            var lineNumber = 0
            var i = 0
            while i < n {
                let e = Self.find(0x0A, p, i, n)
                lineNumber += 1
                var a = i
                var b = e
                i = e + 1
                while a < b && (p[a] == 0x20 || (p[a] >= 9 && p[a] <= 13)) { a += 1 }
                while b > a && (p[b - 1] == 0x20 || (p[b - 1] >= 9 && p[b - 1] <= 13)) { b -= 1 }
                if a == b { continue }
                var tab = a
                while tab < b && p[tab] != 0x09 { tab += 1 }
                guard tab < b else { return (lineNumber, "expected 'word<TAB>valence' in lexicon") }
                var v = tab + 1
                while v < b && p[v] != 0x09 { v += 1 }
                guard let value = parseDouble(UnsafeBufferPointer(rebasing: p[(tab + 1)..<v])) else {
                    return (lineNumber, "valence is not a number")
                }
                body(UnsafeBufferPointer(rebasing: p[a..<tab]), value)
            }
            return nil
        }
        if let (line, message) = failure {
            throw RapportError(
                .invalidConfiguration, message, file: path, line: line, remedy: "fix or remove the line")
        }
    }

    /// The index of the first `byte` in `p[from..<to]`, or `to` (`memchr`: lexicon lines are scanned at
    /// start-up, where a byte loop over the 434 KB VADER lexicon cost ~3 M instructions).
    @inline(__always)
    static func find(_ byte: UInt8, _ p: UnsafeBufferPointer<UInt8>, _ from: Int, _ to: Int) -> Int {
        guard from < to, let base = p.baseAddress, let hit = memchr(base + from, Int32(byte), to - from) else {
            return to
        }
        return base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
    }

    /// `Double(String(decoding: s, as: UTF8.self))`: plain decimals (`-?digits[.digits]`, at most 15
    /// digits) directly — an exact integer divided by an exact power of ten is correctly rounded, like
    /// `strtod` — anything else through `Double(String)`.
    static func parseDouble(_ s: UnsafeBufferPointer<UInt8>) -> Double? {
        var i = 0
        let n = s.count
        let negative = n > 0 && s[0] == 0x2D
        if negative { i = 1 }
        var mantissa: Int64 = 0
        var digits = 0
        var fraction = -1
        var plain = i < n && s[i] &- 0x30 < 10
        while plain && i < n {
            let c = s[i]
            if c &- 0x30 < 10 {
                mantissa = mantissa * 10 + Int64(c &- 0x30)
                digits += 1
                if fraction >= 0 { fraction += 1 }
            } else if c == 0x2E && fraction < 0 && i + 1 < n {
                fraction = 0
            } else {
                plain = false
            }
            i += 1
        }
        guard plain, digits <= 15 else { return Double(String(decoding: s, as: UTF8.self)) }
        var value = Double(mantissa)
        if fraction > 0 { value /= powersOfTen[fraction] }
        return negative ? -value : value
    }

    private static let powersOfTen: [Double] = [
        1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
    ]

    /// `emoji<TAB>description` (the vaderSentiment emoji format). Parsed on bytes: lines split on "\n",
    /// Python `str.strip()` whitespace removed per code point at both ends, fields split at tabs.
    /// `body` gets each line's emoji and description bytes (valid only during the call), in file order.
    static func emojiLexicon(
        _ path: String, _ body: (UnsafeBufferPointer<UInt8>, UnsafeBufferPointer<UInt8>) -> Void
    ) throws(RapportError) {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw RapportError(.missingInput, "lexicon file cannot be read", file: path)
        }
        let bytes = [UInt8](data)
        guard bytes.withUnsafeBufferPointer(UTF8Validation.isValid) else {
            throw RapportError(.invalidConfiguration, "lexicon file is not valid UTF-8", file: path)
        }
        let failure: Int? = bytes.withUnsafeBufferPointer { p in
            // Trailing empty lines are ignored (the reference's `rstrip('\n')`).
            var n = p.count
            while n > 0 && p[n - 1] == 0x0A { n -= 1 }
            var i = 0
            var lineNumber = 0
            while i < n {
                let e = Self.find(0x0A, p, i, n)
                lineNumber += 1
                var a = i
                var b = e
                i = e + 1
                while a < b {
                    let (cp, len) = PythonText.decode(p, a)
                    guard PythonText.isWhitespace(cp) else { break }
                    a += len
                }
                while b > a {
                    var lead = b - 1
                    while lead > a && p[lead] & 0xC0 == 0x80 { lead -= 1 }
                    let (cp, _) = PythonText.decode(p, lead)
                    guard PythonText.isWhitespace(cp) else { break }
                    b = lead
                }
                let tab = Self.find(0x09, p, a, b)
                guard tab < b else { return lineNumber }
                let v = Self.find(0x09, p, tab + 1, b)
                body(UnsafeBufferPointer(rebasing: p[a..<tab]), UnsafeBufferPointer(rebasing: p[(tab + 1)..<v]))
            }
            return nil
        }
        if let line = failure {
            throw RapportError(
                .invalidConfiguration, "expected 'emoji<TAB>description' in emoji lexicon", file: path, line: line)
        }
    }

    /// Tab-separated records with `#` comments and blank lines ignored; at least `minFields` fields.
    /// Lines are split on "\n" (trailing empty lines dropped, like the reference's `rstrip('\n').split('\n')`) and stripped of Python
    /// whitespace; fields are split at tabs and trimmed of `CharacterSet.whitespaces`. ASCII lines (all of
    /// the shipped records) are parsed on bytes; a line with non-ASCII bytes takes the `String` path, whose
    /// `Character` semantics (a combining mark after "#" or a space) the byte path would not reproduce.
    static func records(_ path: String, minFields: Int) throws(RapportError) -> [(Int, [String])] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw RapportError(.missingInput, "lexicon file cannot be read", file: path)
        }
        let bytes = [UInt8](data)
        guard bytes.withUnsafeBufferPointer(UTF8Validation.isValid) else {
            throw RapportError(.invalidConfiguration, "lexicon file is not valid UTF-8", file: path)
        }
        var out: [(Int, [String])] = []
        var short = 0  // line number of the first record with too few fields
        bytes.withUnsafeBufferPointer { p in
            var n = p.count
            while n > 0 && p[n - 1] == 0x0A { n -= 1 }
            var i = 0
            var lineNumber = 0
            while i < n {
                var e = i
                var ascii = true
                while e < n && p[e] != 0x0A {
                    if p[e] >= 0x80 { ascii = false }
                    e += 1
                }
                lineNumber += 1
                let line = UnsafeBufferPointer(rebasing: p[i..<e])
                i = e + 1
                let fields = ascii ? asciiRecord(line) : stringRecord(line)
                guard let fields else { continue }
                guard fields.count >= minFields else {
                    short = lineNumber
                    return
                }
                out.append((lineNumber, fields))
            }
        }
        if short > 0 {
            throw RapportError(
                .invalidConfiguration, "expected \(minFields) tab-separated fields", file: path, line: short)
        }
        return out
    }

    /// `records`' fields of an ASCII line, or nil for a blank or comment line.
    private static func asciiRecord(_ line: UnsafeBufferPointer<UInt8>) -> [String]? {
        var a = 0
        var b = line.count
        while a < b && PythonText.isWhitespace(UInt32(line[a])) { a += 1 }
        while b > a && PythonText.isWhitespace(UInt32(line[b - 1])) { b -= 1 }
        guard a < b, line[a] != 0x23 else { return nil }
        var fields: [String] = []
        var f = a
        while true {
            var t = f
            while t < b && line[t] != 0x09 { t += 1 }
            // `CharacterSet.whitespaces` in ASCII: space and tab (no tab inside a field).
            var fa = f
            var fb = t
            while fa < fb && line[fa] == 0x20 { fa += 1 }
            while fb > fa && line[fb - 1] == 0x20 { fb -= 1 }
            fields.append(String(decoding: UnsafeBufferPointer(rebasing: line[fa..<fb]), as: UTF8.self))
            if t >= b { break }
            f = t + 1
        }
        return fields
    }

    /// `records`' fields of a (valid UTF-8) line with non-ASCII bytes, or nil for a blank or comment line.
    private static func stringRecord(_ line: UnsafeBufferPointer<UInt8>) -> [String]? {
        let t = strip(Substring(String(decoding: line, as: UTF8.self)))
        if t.isEmpty || t.hasPrefix("#") { return nil }
        return t.split(separator: "\t", omittingEmptySubsequences: false).map {
            $0.trimmingCharacters(in: .whitespaces)
        }
    }
}
