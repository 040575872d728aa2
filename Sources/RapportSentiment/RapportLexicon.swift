import Foundation
import RapportCore

/// Builds the Rapport engine's tables: the VADER lexicon + `domain.txt` (single words override, phrases
/// become multi-word expressions), `markers.txt` phrases, and emoji valences.
enum RapportLexicon {
    static func build(
        _ lex: inout LanguageLexicon, directory: String, multiWord: [(String, Double)]
    )
        throws(RapportError)
    {
        lex.rapport = lex.vader
        // English rules ("pretty bad", "Thanks."): other languages' words are not flagged.
        if lex.language == "en" {
            for (word, flag) in Vader.rapportFlagWords {
                lex.rapport.update(Array(word.utf8), default: WordInfo()) { $0.flags.insert(flag) }
            }
            for (word, code) in RapportWordCode.english {
                lex.rapport.update(Array(word.utf8), default: WordInfo()) { $0.code = code }
            }
        }
        var emojiOverrides: [UInt32: Double] = [:]
        for (phrase, value) in multiWord {
            addPhrase(&lex, words: phraseWords(phrase), numbers: true) { $0.valence = value }
        }
        let domainPath = directory + "/domain.txt"
        if FileManager.default.fileExists(atPath: domainPath) {
            // A term listed twice would silently take the later rating: an error naming both lines.
            var firstLine: [[UInt8]: Int] = [:]
            for (n, fields) in try LexiconParser.records(domainPath, minFields: 3) {
                let words = phraseWords(fields[0])
                let key = Array(words.joined(separator: [0x20]))
                if let first = firstLine[key] {
                    throw RapportError(
                        .invalidConfiguration, "domain term '\(fields[0])' is listed twice (first on line \(first))",
                        file: domainPath, line: n, remedy: "keep one rating per term")
                }
                firstLine[key] = n
                guard let value = Double(fields[1]), value >= -4, value <= 4 else {
                    throw RapportError(
                        .invalidConfiguration, "domain valence must be a number in [-4, 4]", file: domainPath,
                        line: n)
                }
                guard !fields[2].isEmpty else {
                    throw RapportError(
                        .invalidConfiguration, "domain entry needs a rationale", file: domainPath, line: n)
                }
                if let cp = singleEmoji(fields[0]), lex.emojiDescriptions[cp] != nil {
                    emojiOverrides[cp] = value
                    lex.domainCount += 1
                    continue
                }
                if words.count == 1 {
                    lex.rapport.update(words[0], default: WordInfo()) {
                        $0.valence = value
                        $0.domain = true
                        // A rated VADER booster adjective ("incredible", "exceptional") works like
                        // "pretty": a booster right before a scored word, its own valence elsewhere ("an
                        // incredible partner", "the support was exceptional").
                        if !$0.booster.isNaN && value != 0 {
                            $0.booster = .nan
                            $0.flags.insert(.adverbBooster)
                        }
                    }
                } else if words.count > 1 {
                    addPhrase(&lex, words: words, numbers: true) { $0.valence = value }
                }
                lex.domainCount += 1
            }
        }
        let markersPath = directory + "/markers.txt"
        if FileManager.default.fileExists(atPath: markersPath) {
            for (n, fields) in try LexiconParser.records(markersPath, minFields: 2) {
                guard let kind = ToneMarkerKind(rawValue: fields[0]),
                    let bit = ToneMarkerKind.allCases.firstIndex(of: kind)
                else {
                    throw RapportError(
                        .invalidConfiguration, "unknown marker kind '\(fields[0])'", file: markersPath, line: n,
                        remedy: "use one of: " + ToneMarkerKind.allCases.map(\.rawValue).joined(separator: ", "))
                }
                let words = phraseWords(fields[1])
                guard !words.isEmpty else { continue }
                addPhrase(&lex, words: words) { $0.markers |= 1 << UInt32(bit) }
                lex.markerCount += 1
            }
        }
        // Emoji valence: the VADER rules over the description, summed (e.g. 😁 "beaming face with
        // smiling eyes" → "smiling" 1.6), unless domain.txt rates the emoji itself (👍 "thumbs up" has no
        // lexicon word and would be neutral).
        var engine = VaderEngine(lexicon: lex)
        var valences: [UInt32: Double] = [:]
        for (cp, range) in lex.emojiDescriptions {
            let text = Array(lex.emojiText[range])
            _ = text.withUnsafeBufferPointer { engine.score($0) }
            var sum = 0.0
            for s in engine.sentiments { sum += s }
            valences[cp] = emojiOverrides[cp] ?? sum
        }
        lex.emojiValence = valences
        lex.indexEmoji()
    }

    /// The code point of a term that is one emoji (optionally followed by U+FE0F), else nil.
    static func singleEmoji(_ term: String) -> UInt32? {
        var scalars = Array(term.unicodeScalars)
        if scalars.count == 2 && scalars[1].value == 0xFE0F { scalars.removeLast() }
        guard scalars.count == 1, scalars[0].value >= 0x2000 else { return nil }
        return scalars[0].value
    }

    /// Lower-cased words of a phrase as UTF-8 (curly apostrophes made straight, like token keys). ASCII
    /// phrases (nearly all) on bytes; others through `String.lowercased()`.
    static func phraseWords(_ phrase: String) -> [[UInt8]] {
        var utf8 = Array(phrase.utf8)
        if !utf8.contains(where: { $0 >= 0x80 }) {
            for k in utf8.indices where utf8[k] &- 0x41 < 26 { utf8[k] |= 0x20 }
            return utf8.split(separator: 0x20).map { Array($0) }
        }
        return phrase.lowercased().replacingOccurrences(of: "\u{2019}", with: "'").split(separator: " ").map {
            Array($0.utf8)
        }
    }

    /// Adds a phrase to `lex.phrases`; with `numbers` (valence phrases, which the engine's merge reads with
    /// numbers as `#`) a spelled-out number after the first word is stored as `#`.
    static func addPhrase(
        _ lex: inout LanguageLexicon, words: [[UInt8]], numbers: Bool = false, _ body: (inout PhraseInfo) -> Void
    ) {
        lex.rapport.update(words[0], default: WordInfo()) { $0.phraseStart = true }
        var key: [UInt8] = []
        for (k, w) in words.enumerated() {
            if k > 0 { key.append(0x20) }
            // After the first word the engine writes a number, spelled-out or not, as `#`: so must the key
            // ("no one logs in" is stored as "no # logs in"). Marker phrases are matched on literal words.
            if numbers && k > 0 && w.withUnsafeBufferPointer({ RapportEngine.isSpelledNumber($0) }) {
                key.append(0x23)
            } else {
                key.append(contentsOf: w)
            }
            if k < words.count - 1 { lex.phrases.update(key, default: PhraseInfo()) { _ in } }
        }
        lex.phrases.update(key, default: PhraseInfo()) {
            $0.complete = true
            body(&$0)
        }
        lex.maxPhraseWords = max(lex.maxPhraseWords, words.count)
    }
}
