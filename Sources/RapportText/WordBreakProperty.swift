internal import CICUShim

/// Unicode properties behind word segmentation, as the linked ICU defines them.
public enum WordBreakProperty {
    /// Word_Break values (ICU's `UWordBreakValues` numbering) that byte-level segmenters care about.
    public static let other: UInt8 = 0
    public static let aLetter: UInt8 = 1
    public static let format: UInt8 = 2
    public static let midLetter: UInt8 = 4
    public static let midNum: UInt8 = 5
    public static let numeric: UInt8 = 6
    public static let extendNumLet: UInt8 = 7
    public static let extend: UInt8 = 9
    public static let midNumLet: UInt8 = 11
    public static let regionalIndicator: UInt8 = 13
    public static let singleQuote: UInt8 = 15
    public static let zwj: UInt8 = 21
    public static let wSegSpace: UInt8 = 22

    /// The Word_Break value of `cp` and whether it is Extended_Pictographic (nil outside the code space).
    public static func of(_ cp: UInt32) -> (wordBreak: UInt8, extendedPictographic: Bool)? {
        let v = rapport_word_break_property(cp)
        if v < 0 { return nil }
        return (UInt8(truncatingIfNeeded: v & 0xFF), v & 0x100 != 0)
    }
}

/// Sentence_Break values (ICU's `USentenceBreak` numbering), as the linked ICU defines them.
public enum SentenceBreakProperty {
    public static let other: UInt8 = 0
    public static let aTerm: UInt8 = 1
    public static let close: UInt8 = 2
    public static let format: UInt8 = 3
    public static let lower: UInt8 = 4
    public static let numeric: UInt8 = 5
    public static let oLetter: UInt8 = 6
    public static let sep: UInt8 = 7
    public static let sp: UInt8 = 8
    public static let sTerm: UInt8 = 9
    public static let upper: UInt8 = 10
    public static let cr: UInt8 = 11
    public static let extend: UInt8 = 12
    public static let lf: UInt8 = 13
    public static let sContinue: UInt8 = 14

    /// The Sentence_Break value of `cp` (nil outside the code space).
    public static func of(_ cp: UInt32) -> UInt8? {
        let v = rapport_sentence_break_property(cp)
        return v < 0 ? nil : UInt8(truncatingIfNeeded: v)
    }
}
