internal import CICUShim
public import RapportCore

/// A segment of UTF-8 text: byte range plus ICU's rule status.
public struct TextSegment: Sendable, Hashable {
    /// Byte offsets into the UTF-8 text that was segmented.
    public var start: Int
    public var end: Int
    /// ICU word rule status: 0 none (spaces, punctuation), 100–199 number, 200–299 letter,
    /// 300–399 kana, 400–499 ideographic. Always 0 for sentences.
    public var status: Int32

    public init(start: Int, end: Int, status: Int32) {
        self.start = start
        self.end = end
        self.status = status
    }

    public var range: Range<Int> { start..<end }
    public var isWord: Bool { status >= 100 }
    public var isNumber: Bool { status >= 100 && status < 200 }
}

/// ICU break iteration over UTF-8 (word or sentence boundaries), returning byte ranges.
///
/// Not thread-safe: a `Segmenter` owns one ICU iterator; create one per task/thread. Reuses its
/// output buffers across calls, so segmenting many messages allocates little.
public final class Segmenter {
    public enum Kind: Sendable { case word, sentence }

    private let breaker: OpaquePointer
    private let kind: Kind
    private var starts: [Int64] = Array(repeating: 0, count: 256)
    private var ends: [Int64] = Array(repeating: 0, count: 256)
    private var statuses: [Int32] = Array(repeating: 0, count: 256)

    /// Creates a segmenter; `locale` selects tailorings ("" = root, which already handles CJK and Thai
    /// by dictionary).
    public init(_ kind: Kind, locale: String = "") throws(RapportError) {
        guard let b = rapport_breaker_open(kind == .word ? RAPPORT_BREAK_WORD : RAPPORT_BREAK_SENTENCE, locale)
        else { throw RapportError(.system, "ICU break iterator could not be opened for locale '\(locale)'") }
        breaker = b
        self.kind = kind
    }

    deinit { rapport_breaker_close(breaker) }

    /// Segments UTF-8 bytes. For words, `wordsOnly` drops spaces and punctuation segments.
    public func segments(_ text: UnsafeBufferPointer<UInt8>, wordsOnly: Bool = false) -> [TextSegment] {
        var result: [TextSegment] = []
        forEachSegment(text, wordsOnly: wordsOnly) { result.append($0) }
        return result
    }

    /// Segments a `String` (its UTF-8 view; offsets are UTF-8 byte offsets).
    public func segments(_ text: String, wordsOnly: Bool = false) -> [TextSegment] {
        var copy = text
        return copy.withUTF8 { segments($0, wordsOnly: wordsOnly) }
    }

    /// Calls `body` for each segment without building an array.
    public func forEachSegment(
        _ text: UnsafeBufferPointer<UInt8>, wordsOnly: Bool = false, _ body: (TextSegment) -> Void
    ) {
        guard text.count > 0, let base = text.baseAddress else { return }
        while true {
            let capacity = starts.count
            let n = starts.withUnsafeMutableBufferPointer { s in
                ends.withUnsafeMutableBufferPointer { e in
                    statuses.withUnsafeMutableBufferPointer { st in
                        rapport_breaker_segment(
                            breaker, base, Int64(text.count), wordsOnly ? 1 : 0, s.baseAddress, e.baseAddress,
                            st.baseAddress, Int64(capacity))
                    }
                }
            }
            if n < 0 { return }
            if n > capacity {
                let newCount = Int(n)
                starts = Array(repeating: 0, count: newCount)
                ends = Array(repeating: 0, count: newCount)
                statuses = Array(repeating: 0, count: newCount)
                continue
            }
            for i in 0..<Int(n) {
                body(TextSegment(start: Int(starts[i]), end: Int(ends[i]), status: statuses[i]))
            }
            return
        }
    }
}

/// Unicode normalization and case folding through ICU.
public enum Normalizer {
    public enum Form: Sendable { case nfc, nfkc, nfkcCaseFold }

    /// Normalizes a string; returns it unchanged when ICU fails (never traps).
    public static func normalize(_ text: String, _ form: Form) -> String {
        let f: rapport_norm_form =
            switch form {
            case .nfc: RAPPORT_NORM_NFC
            case .nfkc: RAPPORT_NORM_NFKC
            case .nfkcCaseFold: RAPPORT_NORM_NFKC_CASEFOLD
            }
        return transform(text) { src, n, dst, cap in rapport_normalize(f, src, n, dst, cap) }
    }

    /// Full Unicode case folding.
    public static func caseFold(_ text: String) -> String {
        transform(text) { src, n, dst, cap in rapport_case_fold(src, n, dst, cap) }
    }

    private static func transform(
        _ text: String,
        _ call: (UnsafePointer<UInt8>?, Int64, UnsafeMutablePointer<UInt8>?, Int64) -> Int64
    ) -> String {
        var input = text
        if input.isEmpty { return input }
        return input.withUTF8 { src in
            var capacity = src.count + src.count / 2 + 16
            while true {
                var out = [UInt8](repeating: 0, count: capacity)
                let n = out.withUnsafeMutableBufferPointer { dst in
                    call(src.baseAddress, Int64(src.count), dst.baseAddress, Int64(capacity))
                }
                if n < 0 { return text }
                if n <= capacity { return String(decoding: out[0..<Int(n)], as: UTF8.self) }
                capacity = Int(n)
            }
        }
    }

    /// ICU's version, e.g. "72.1".
    public static var icuVersion: String { String(cString: rapport_icu_version()) }
}
