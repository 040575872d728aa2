import Testing

@testable import RapportAnalysis

/// The featurizer's shortcuts (2026-12-07, analysis speed): prepared phrase lists with their byte-pair bits,
/// the pair filter, the request check on sentences already flat, question marks in web addresses without a
/// token copy, and the prose fast path of pasted-output blanking. Each must give what the plain search gives.
@Suite struct TextFeaturesFastPathTests {
    /// A phrase the pair filter rules out never occurs: on seeded random texts built from the phrases' own
    /// pieces, every prepared list's filtered search equals a plain byte search.
    @Test func pairFilterHasNoFalseNegatives() {
        let lists: [(NeedleList, [String])] = [
            (Needles.requests, TextFeatures.requestPhrases), (Needles.courtesy, TextFeatures.courtesyPhrases),
            (Needles.informational, TextFeatures.informationalPhrases),
            (Needles.disclaimerOpenings, TextFeatures.disclaimerOpenings),
            (Needles.mobileFooters, TextFeatures.mobileFooters), (Needles.closers, TextFeatures.closerPhrases),
            (Needles.gratitude, TextFeatures.gratitudePhrases), (Needles.laughter, TextFeatures.laughterPhrases),
        ]
        let pieces = lists.flatMap(\.1).flatMap { $0.split(separator: " ").map(String.init) } + [" ", "  ", "\n", "."]
        var rng = WarningsSimulation.RNG(state: 42)
        var hits = 0
        for _ in 0..<3000 {
            var text = ""
            for _ in 0..<Int(rng.next() % 12) { text += pieces[Int(rng.next() % UInt64(pieces.count))] + " " }
            let lower = Array(text.utf8)
            let pairs = PairSet(lower)
            defer { pairs.free() }
            for (list, phrases) in lists {
                for (k, phrase) in phrases.enumerated() {
                    let plain = TextFeatures.range(lower, phrase)
                    let filtered = TextFeatures.range(lower, list, k, pairs)
                    #expect(plain?.0 == filtered?.0 && plain?.1 == filtered?.1, "\(phrase) in \(text.debugDescription)")
                    if plain != nil { hits += 1 }
                }
            }
        }
        #expect(hits > 1000)
    }

    /// The word-byte bit test is the class it stands for, on every byte.
    @Test func wordBytes() {
        for b in UInt8.min...UInt8.max {
            let plain = (b >= 48 && b <= 57) || (b >= 65 && b <= 90) || (b >= 97 && b <= 122) || b == 39 || b >= 0x80
            #expect(TextFeatures.isWordByte(b) == plain, "byte \(b)")
        }
    }

    /// A sentence asks the same whether its words are apart by one space (the flat path) or by runs of spaces,
    /// tabs and line breaks (flattened first) — outside the request phrase itself, which the whole text must
    /// hold as written before any sentence is looked at. `_` marks where the white space goes.
    @Test(arguments: [
        ("could you_send_the_logs", true),
        ("please_find_attached_the_report", false),
        ("please_find_attached_the_report_and let me know_if_it_works", true),
        ("let me know_if_you_have_any_questions", false),
        ("please_let_us_know_if_you_run_into_problems", false),
        ("any update_on_the_renewal", true),
        ("still_waiting_for_our_legal_team", false),
        ("kindly_note_the_new_address", false),
        ("please_send_it_over", true),
    ])
    func requestIgnoresWhiteSpaceRuns(_ sentence: String, _ expected: Bool) {
        for glue in [" ", "  ", "\t", "\n", " \r\n "] {
            let text = sentence.split(separator: "_").joined(separator: glue)
            #expect(TextFeatures.hasRequest(Array(text.utf8)) == expected, "\(text.debugDescription)")
        }
    }

    /// The request check looks only at the sentences around each request phrase, which assumes no phrase holds
    /// a sentence end; the answer is that of every sentence in order.
    @Test func requestSentencesAroundPhrases() {
        for phrase in TextFeatures.requestPhrases {
            #expect(!phrase.utf8.contains { $0 == 0x2E || $0 == 0x21 || $0 == 0x3F || $0 == 0x0A }, "\(phrase)")
        }
        let cases: [(String, Bool)] = [
            ("thanks for the call. please let us know if you have any questions. could you send the file", true),
            ("please find attached the deck! please note the new date.\n\nlet me know if you need anything", false),
            ("please find attached the deck. please note the date. please send it back", true),
            ("any update? any update? any update", true),
            ("if you have any questions please let me know", false),
            ("we are waiting for our legal team. still waiting for procurement", false),
            ("we are waiting for our legal team.\n\nstill waiting for your reply", true),
            ("kindly", true),
            ("", false),
        ]
        for (text, expected) in cases {
            #expect(TextFeatures.hasRequest(Array(text.utf8)) == expected, "\(text.debugDescription)")
        }
    }

    @Test(arguments: [
        ("Is it ready?", true),
        ("see www.example.com/a?b=1", false),
        ("see WWW.Example.com/a?b=1", false),
        ("see wWw.x?y", false),
        ("see ww.x?y", true),
        ("https://x.io/?q=1 is the link", false),
        ("HTTP://X.IO/?Q=1", false),
        ("a:/b?", true),
        ("done. what now?", true),
        ("(www.a.b?c) and you?", true),
    ])
    func questionMarksInAddresses(_ text: String, _ expected: Bool) {
        #expect(TextFeatures.hasQuestionMark(Array(text.utf8)) == expected)
    }

    /// Prose is returned as it is (the one-pass check), output-looking lines are blanked byte for byte.
    @Test func pastedOutputFastPath() {
        let prose = "Hi Dana,\n\nthe export ran fine today.\nThanks!"
        #expect(TextFeatures.blankingPastedOutput(prose) == (prose, 0))
        #expect(TextFeatures.blankingPastedOutput("") == ("", 0))
        let pasted = "I got this:\nERROR: cannot read chunk root\n[ 12.5] fail\n\nAny idea?"
        let (blanked, runs) = TextFeatures.blankingPastedOutput(pasted)
        #expect(runs == 1)
        #expect(blanked.utf8.count == pasted.utf8.count)
        #expect(blanked.hasPrefix("I got this:\n   "))
        #expect(blanked.hasSuffix("\n\nAny idea?"))
        #expect(!blanked.contains("ERROR"))
    }

    @Test func greetingsAndMarkers() {
        let warm = TextFeatures.extract("Hey team, thanks so much haha!")
        #expect(warm.markers.map(\.kind) == [.warmGreeting, .gratitude, .laughter, .exclamation])
        #expect(warm.markers.first?.evidence.term == "hey")
        let formal = TextFeatures.extract("DEAR Mr. Smith, please advise.")
        #expect(formal.markers.map(\.kind) == [.formalGreeting])
        #expect(formal.markers.first?.evidence.term == "dear")
        #expect(TextFeatures.extract("Hiya").markers.first?.evidence.term == "hiya")
        #expect(TextFeatures.extract("Highlights of the week").markers.isEmpty)
    }

    /// Four megabytes of sentences that each hold a request phrase but ask nothing, and of question marks inside
    /// one web address: each sentence and each byte is looked at a bounded number of times (a quadratic scan
    /// takes hours here; these take well under a second in a release build).
    @Test func pathologicalTextsStayLinear() {
        let clock = ContinuousClock()
        let start = clock.now
        let informing = Array(String(repeating: "please find attached. ", count: 200_000).utf8)
        #expect(!TextFeatures.hasRequest(informing))
        let address = Array(("see www.example.com/" + String(repeating: "?", count: 1_000_000)).utf8)
        #expect(!TextFeatures.hasQuestionMark(address))
        let scheme = Array(("https://x.io/" + String(repeating: "a?", count: 500_000)).utf8)
        #expect(!TextFeatures.hasQuestionMark(scheme))
        #expect(TextFeatures.hasQuestionMark(scheme + Array(" ok?".utf8)))
        #expect(clock.now - start < .seconds(60))
    }

    /// `isURLStart` rules words out by their first byte; the definition is "one of `urlPrefixes`, any case,
    /// starts here".
    @Test func urlStartsMatchThePrefixList() {
        var rng = WarningsSimulation.RNG(state: 5)
        let fragments = [
            "http", "HTTPS", "htt", "https", "s", "://", ":/", "/", ":", "www", "WwW", "ww", ".", "w", "h", "x", " ",
        ]
        var starts = 0
        for _ in 0..<20_000 {
            let text = (0..<Int(rng.next() % 6)).map { _ in fragments[Int(rng.next() % UInt64(fragments.count))] }
                .joined()
            let bytes = Array(text.utf8)
            bytes.withUnsafeBufferPointer { b in
                for i in b.indices {
                    let expected = TextFeatures.urlPrefixes.contains { p in
                        i + p.count <= b.count && p.indices.allSatisfy { TextFeatures.asciiLower(b[i + $0]) == p[$0] }
                    }
                    if expected { starts += 1 }
                    #expect(TextFeatures.isURLStart(b, i) == expected, "\(text) at \(i)")
                }
            }
        }
        #expect(starts > 500)
    }
}
