import Testing

@testable import RapportSentiment

@Suite("NDJSON output")
struct OutputTests {
    func line(_ text: String, _ engine: SentimentEngineKind, explain: Bool = false) -> String {
        let a = Fixture.analyzer(engine)
        var copy = text
        var out: [UInt8] = []
        copy.withUTF8 { p in
            SentimentOutput.appendLine(text: p, result: a.analyze(utf8: p), explain: explain, to: &out)
        }
        return String(decoding: out, as: UTF8.self)
    }

    @Test func sortedKeysAndPythonNumbers() {
        // Same bytes as json.dumps(polarity_scores(...) | {"text": ...}, sort_keys=True, separators=(",", ":")).
        #expect(
            line("The book was good.", .vader)
                == #"{"compound":0.4404,"neg":0.0,"neu":0.508,"pos":0.492,"text":"The book was good."}"#)
        #expect(line("", .vader) == #"{"compound":0.0,"neg":0.0,"neu":0.0,"pos":0.0,"text":""}"#)
    }

    @Test func escapingLikePythonJSON() {
        #expect(
            line("a\"b\\c\u{8}\u{c}\t\u{1}\u{7f}é", .vader)
                == #"{"compound":0.0,"neg":0.0,"neu":1.0,"pos":0.0,"text":"a\"b\\c\b\f\t\u0001"#
                + "\u{7f}é\"}")
    }

    @Test func unavailableIsNullWithReason() {
        #expect(
            line("我很高兴", .rapport)
                == #"{"compound":null,"neg":null,"neu":null,"pos":null,"text":"我很高兴","unavailable":"no-lexicon:zh"}"#)
    }

    /// The "!" sits in the neutral first sentence, so it adds no emphasis (per-sentence rule): 1.9 → 0.4404.
    @Test func explainAddsEvidenceAndMarkers() {
        #expect(
            line("Hi! good", .rapport, explain: true)
                == #"{"compound":0.4404,"evidence":[{"end":8,"start":4,"term":"good","weight":1.9}],"#
                + #""markers":[{"end":2,"kind":"warm-greeting","start":0,"term":"Hi"},"#
                + #"{"end":3,"kind":"exclamation","start":2,"term":"!"}],"neg":0.0,"neu":0.256,"pos":0.744,"#
                + #""text":"Hi! good"}"#)
    }
}

@Suite("Python float repr")
struct NumberFormatTests {
    @Test(
        arguments: [
            (0.0, "0.0"), (-0.0, "-0.0"), (1.0, "1.0"), (-1.0, "-1.0"), (0.4404, "0.4404"), (0.5, "0.5"),
            (0.508, "0.508"), (-0.7042, "-0.7042"), (0.0001, "0.0001"), (0.01, "0.01"), (2.85, "2.85"),
            (0.12345, "0.12345"), (1e-05, "1e-05"), (123456.5, "123456.5"),
        ])
    func repr(_ x: Double, _ expected: String) {
        var out: [UInt8] = []
        SentimentOutput.appendNumber(x, &out)
        #expect(String(decoding: out, as: UTF8.self) == expected)
    }
}
