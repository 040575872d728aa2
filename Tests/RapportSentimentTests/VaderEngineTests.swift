import Testing

@testable import RapportSentiment

/// Expected values were produced by running vaderSentiment 3.3.2 (`polarity_scores`) under CPython 3.11.7.
struct Expected: Sendable, CustomStringConvertible {
    var text: String
    var compound: Double
    var pos: Double
    var neu: Double
    var neg: Double
    var description: String { text }

    init(_ text: String, _ compound: Double, _ pos: Double, _ neu: Double, _ neg: Double) {
        self.text = text
        self.compound = compound
        self.pos = pos
        self.neu = neu
        self.neg = neg
    }
}

@Suite("VADER engine equals vaderSentiment 3.3.2")
struct VaderEngineTests {
    /// The reference's own demo sentences (`__main__` of vaderSentiment.py), one rule each.
    static let documented: [Expected] = [
        Expected("VADER is smart, handsome, and funny.", 0.8316, 0.746, 0.254, 0.0),  // lexicon
        Expected("VADER is smart, handsome, and funny!", 0.8439, 0.752, 0.248, 0.0),  // ! emphasis
        Expected("VADER is very smart, handsome, and funny.", 0.8545, 0.701, 0.299, 0.0),  // booster
        Expected("VADER is VERY SMART, handsome, and FUNNY.", 0.9227, 0.754, 0.246, 0.0),  // ALL CAPS
        Expected("VADER is VERY SMART, handsome, and FUNNY!!!", 0.9342, 0.767, 0.233, 0.0),
        Expected("VADER is VERY SMART, uber handsome, and FRIGGIN FUNNY!!!", 0.9469, 0.706, 0.294, 0.0),
        Expected("VADER is not smart, handsome, nor funny.", -0.7424, 0.0, 0.354, 0.646),  // negation
        Expected("The book was good.", 0.4404, 0.492, 0.508, 0.0),
        Expected("At least it isn't a horrible book.", 0.431, 0.322, 0.678, 0.0),  // n't
        Expected("The book was only kind of good.", 0.3832, 0.303, 0.697, 0.0),  // kind of
        Expected(
            "The plot was good, but the characters are uncompelling and the dialog is not great.", -0.7042, 0.094,
            0.579, 0.327),  // but
        Expected("Today SUX!", -0.5461, 0.0, 0.221, 0.779),
        Expected("Today only kinda sux! But I'll get by, lol", 0.5249, 0.317, 0.556, 0.127),
        Expected("Make sure you :) or :D today!", 0.8633, 0.706, 0.294, 0.0),  // emoticons
        Expected("Catch utf-8 emoji such as 💘 and 💋 and 😁", 0.875, 0.417, 0.583, 0.0),  // emoji
        Expected("Not bad at all", 0.431, 0.487, 0.513, 0.0),
        Expected("Sentiment analysis has never been good.", -0.3412, 0.0, 0.675, 0.325),
        Expected("Sentiment analysis has never been this good!", 0.5672, 0.379, 0.621, 0.0),  // never this
        Expected("Most automated sentiment analysis tools are shit.", -0.5574, 0.0, 0.625, 0.375),
        Expected("With VADER, sentiment analysis is the shit!", 0.6476, 0.417, 0.583, 0.0),  // idiom
        Expected("Other sentiment analysis tools can be quite bad.", -0.5849, 0.0, 0.649, 0.351),
        Expected("On the other hand, VADER is quite bad ass", 0.802, 0.577, 0.423, 0.0),  // bad ass
        Expected("VADER is such a badass!", 0.4003, 0.402, 0.598, 0.0),
        Expected("Without a doubt, excellent idea.", 0.7013, 0.659, 0.341, 0.0),  // without doubt
        Expected("Roger Dodger is one of the most compelling variations on this theme.", 0.2944, 0.166, 0.834, 0.0),
        Expected("Roger Dodger is at least compelling as a variation on the theme.", 0.2263, 0.147, 0.853, 0.0),
        Expected("Roger Dodger is one of the least compelling variations on this theme.", -0.1695, 0.0, 0.868, 0.132),
        Expected("Not such a badass after all.", -0.2584, 0.0, 0.711, 0.289),
        Expected("Without a doubt, an excellent idea.", 0.7013, 0.592, 0.408, 0.0),
    ]

    /// Quirks kept on purpose (see docs/sentiment.md, "Reference quirks").
    static let quirks: [Expected] = [
        Expected("I don’t like it", 0.3612, 0.455, 0.545, 0.0),  // curly apostrophe: negation missed
        Expected("good but good and good", 0.8641, 0.828, 0.172, 0.0),  // but: list.index() on equal values
        Expected("good good but bad", -0.431, 0.404, 0.104, 0.492),
        Expected("It is so very good", 0.5379, 0.465, 0.535, 0.0),
        Expected("never so good", 0.5777, 0.652, 0.348, 0.0),
        Expected("GOOD", 0.4404, 1.0, 0.0, 0.0),  // all words caps: no emphasis
        Expected("good GOOD", 0.7603, 1.0, 0.0, 0.0),
        Expected("no good", -0.3412, 0.0, 0.294, 0.706),  // the "no" rule
        Expected("no no good", -0.1326, 0.357, 0.189, 0.454),
        Expected("NO problem here", 0.1343, 0.452, 0.2, 0.347),  // caps on a zeroed "no": -0.733
        Expected("the kiss of death", 0.0772, 0.384, 0.274, 0.342),  // idiom needs 3 words before
        Expected("it was to die for", -0.5994, 0.0, 0.506, 0.494),
        Expected("not so good", -0.3865, 0.0, 0.433, 0.567),
        Expected("very least good", 0.4902, 0.614, 0.386, 0.0),
        Expected("", 0.0, 0.0, 0.0, 0.0),
        Expected("KELVIN good K", 0.4404, 0.592, 0.408, 0.0),  // Kelvin sign lower-cases to "k"
        Expected("İ GOOD great", 0.8286, 0.885, 0.115, 0.0),  // Python isupper over Unicode
        Expected("no or good", -0.5583, 0.0, 0.178, 0.822),
        Expected("I am kind of happy", 0.5279, 0.46, 0.54, 0.0),
        Expected("this is the bomb!!", 0.6792, 0.604, 0.396, 0.0),
        Expected("yeah right", 0.296, 0.688, 0.312, 0.0),
        Expected("good??", 0.504, 1.0, 0.0, 0.0),  // ? emphasis
        Expected("good????", 0.594, 1.0, 0.0, 0.0),
        Expected("good \u{a0} great\u{2028}bad", 0.5423, 0.667, 0.0, 0.333),  // Unicode whitespace split
        Expected(":Þ", 0.0, 0.0, 1.0, 0.0),  // non-lower-case lexicon key never matches
    ]

    @Test("documented examples", arguments: documented)
    func documentedExample(_ e: Expected) throws {
        try check(e)
    }

    @Test("reference quirks", arguments: quirks)
    func quirk(_ e: Expected) throws {
        try check(e)
    }

    func check(_ e: Expected) throws {
        let a = Fixture.analyzer(.vader)
        let s = try #require(a.analyze(e.text).score)
        #expect(s.compound == e.compound)
        #expect(s.pos == e.pos)
        #expect(s.neu == e.neu)
        #expect(s.neg == e.neg)
    }

    /// More than 64 sentiments: the "but" emulation switches to per-value heaps; same result as the reference.
    @Test func butQuirkOnLongTexts() throws {
        let text =
            String(repeating: "love horrible ", count: 20) + "but "
            + String(repeating: "accept horrible ", count: 20)
        try check(Expected(text, -0.9972, 0.384, 0.004, 0.611))
    }

    @Test func evidenceSpansPointIntoTheText() throws {
        let text = "Catch 😁 and the book was GOOD!"
        let s = try #require(Fixture.analyzer(.vader).analyze(text).score)
        let bytes = Array(text.utf8)
        let terms = s.evidence.map { String(decoding: bytes[$0.start..<$0.end], as: UTF8.self) }
        #expect(terms == s.evidence.map(\.term))
        #expect(terms.contains("GOOD"))
        #expect(terms.contains("😁"))  // an emoji's description tokens point at the emoji
    }

    @Test func pythonRounding() {
        #expect(Vader.pyRound(2.675, 2 + 1) == 2.675)
        #expect(Vader.pyRound(0.0005, 3) == 0.001)  // 0.0005 is slightly above the half in binary
        #expect(Vader.pyRound(0.00049999, 3) == 0.0)
        #expect(Vader.pyRound(-0.00001, 4).sign == .minus)
        #expect(Vader.pyRound(0.12345, 4) == 0.1235)  // 0.12345 is 0.123450000000000004174438572...
        #expect(Vader.pyRound(1.0, 3) == 1.0)
    }

    @Test func pythonCaseSemantics() {
        func upper(_ s: String) -> Bool {
            var c = s
            return c.withUTF8 { PythonText.isUpper($0, 0, $0.count) }
        }
        #expect(upper("GOOD"))
        #expect(upper(":D"))
        #expect(!upper(":)"))
        #expect(upper("İ"))
        #expect(!upper("ǅEMAL"))  // titlecase letter
        #expect(upper("Ⅻ"))  // Other_Uppercase
        #expect(!upper("STRAßE"))
        #expect(PythonText.isWhitespace(0x1C) && PythonText.isWhitespace(0x3000) && !PythonText.isWhitespace(0x200B))
    }

    @Test func byteTableLaterEntriesWin() {
        var t = ByteTable<Int>()
        for k in 0..<1000 { t.insert(Array("k\(k)".utf8), k) }
        t.insert(Array("k7".utf8), 70)
        #expect(t.count == 1000)
        #expect(t.find("k7").map { t.values[$0] } == 70)
        #expect(t.find("k999").map { t.values[$0] } == 999)
        #expect(t.find("k1000") == nil)
    }
}
