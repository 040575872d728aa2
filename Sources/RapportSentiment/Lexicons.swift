import Foundation
public import RapportCore

/// Compiled lexicons (immutable, shareable across threads).
///
/// Layout of the data directory (see docs/sentiment.md):
/// `lexicons/<lang>/vader_lexicon.txt` (required per language), `emoji_utf8_lexicon.txt`,
/// `domain.txt`, `markers.txt` (optional), and `lexicons/langid.txt` (stopwords for language guessing).
public struct Lexicons: Sendable {
    /// Per language (ISO 639-1 code = directory name), sorted by code.
    var languages: [String: LanguageLexicon] = [:]
    /// Stopword → languages it belongs to (bit per entry of `langidLanguages`).
    var stopwords = ByteTable<UInt32>()
    var langidLanguages: [String] = []
    /// Whether the Rapport engine's tables (domain lexicon, phrases, markers, stopwords, emoji valences)
    /// were built; without them only the VADER engine can score.
    public private(set) var hasRapportTables = true

    /// An empty set (no language has a lexicon: every text is `noLexicon`).
    public init() {}

    /// Language codes that have a lexicon, sorted.
    public var availableLanguages: [String] { languages.keys.sorted() }

    /// Loads the lexicons from the data directory (see ``DataPaths``). `rapportTables: false` loads only
    /// what the VADER engine needs (faster start-up; no Rapport engine, no tone markers).
    public static func load(
        dataDirectory: String? = nil, rapportTables: Bool = true
    ) throws(RapportError)
        -> Lexicons
    {
        let root = try DataPaths.root(explicit: dataDirectory) + "/lexicons"
        var result = Lexicons()
        result.hasRapportTables = rapportTables
        let fm = FileManager.default
        let entries: [String]
        do {
            entries = try fm.contentsOfDirectory(atPath: root).sorted()
        } catch {
            throw RapportError(.missingInput, "lexicon directory cannot be listed", file: root)
        }
        var english: LanguageLexicon?
        for lang in entries where fm.fileExists(atPath: "\(root)/\(lang)/vader_lexicon.txt") {
            let lex = try loadLanguage(
                lang, directory: "\(root)/\(lang)", emojiFallback: english, rapportTables: rapportTables)
            if lang == "en" { english = lex }
            result.languages[lang] = lex
        }
        if result.languages.isEmpty {
            throw RapportError(
                .invalidConfiguration, "no lexicons found (expected \(root)/<lang>/vader_lexicon.txt)",
                remedy: "pass --data DIR pointing at a Rapport checkout or installation")
        }
        // Languages loaded before "en" had no emoji fallback: give them English's emoji now.
        if let english {
            for (lang, var lex) in result.languages where lex.emojiDescriptions.isEmpty && lang != "en" {
                lex.emojiDescriptions = english.emojiDescriptions
                lex.emojiText = english.emojiText
                lex.emojiValence = english.emojiValence
                lex.indexEmoji()
                result.languages[lang] = lex
            }
        }
        if !rapportTables { return result }
        let langid = "\(root)/langid.txt"
        if fm.fileExists(atPath: langid) {
            for (_, fields) in try LexiconParser.records(langid, minFields: 2) {
                let lang = fields[0]
                var bit = result.langidLanguages.firstIndex(of: lang) ?? -1
                if bit < 0 {
                    guard result.langidLanguages.count < 32 else { continue }
                    result.langidLanguages.append(lang)
                    bit = result.langidLanguages.count - 1
                }
                for w in fields[1].split(separator: " ") {
                    result.stopwords.update(Array(w.lowercased().utf8), default: 0) { $0 |= 1 << UInt32(bit) }
                }
            }
        }
        // Stopword bits ride along with the Rapport engine's per-token lookup, compiled last.
        for (lang, var lex) in result.languages {
            for e in 0..<result.stopwords.count {
                let bits = result.stopwords.values[e]
                lex.rapport.update(Array(result.stopwords.key(e)), default: WordInfo()) { $0.stopwords = bits }
            }
            lex.rapportWords = WordLookup(lex.rapport)
            result.languages[lang] = lex
        }
        return result
    }

    static func loadLanguage(
        _ lang: String, directory: String, emojiFallback: LanguageLexicon?, rapportTables: Bool = true
    )
        throws(RapportError) -> LanguageLexicon
    {
        var lex = LanguageLexicon(language: lang)
        var vader = ByteTable<WordInfo>()
        vader.reserveCapacity(8192, bytes: 65536)
        var multiWord: [(String, Double)] = []
        try LexiconParser.vaderLexicon(directory + "/vader_lexicon.txt") { word, value in
            // Keys that are not their own lower case can never match (lookups are lower-cased).
            var ascii = true
            for b in word {
                if b &- 0x41 < 26 { return }
                if b >= 0x80 { ascii = false }
            }
            if !ascii {
                let text = String(decoding: word, as: UTF8.self)
                guard text.lowercased() == text else { return }
            }
            if word.contains(0x20) {
                // Unreachable in the reference (tokens never hold spaces); the Rapport engine uses them.
                multiWord.append((String(decoding: word, as: UTF8.self), value))
            }
            vader.update(word, default: WordInfo()) { $0.valence = value }
        }
        for (word, value) in Vader.boosters where !word.utf8.contains(0x20) {
            vader.update(Array(word.utf8), default: WordInfo()) { $0.booster = value }
        }
        for word in Vader.negate {
            vader.update(Array(word.utf8), default: WordInfo()) { $0.flags.insert(.negate) }
        }
        for (word, flag) in Vader.flagWords {
            vader.update(Array(word.utf8), default: WordInfo()) { $0.flags.insert(flag) }
        }
        for (k, word) in IdiomWords.words.enumerated() {
            vader.update(Array(word.utf8), default: WordInfo()) { $0.code = UInt8(k + 1) }
        }
        lex.vader = vader
        lex.vaderWords = WordLookup(vader)

        let emojiPath = directory + "/emoji_utf8_lexicon.txt"
        if FileManager.default.fileExists(atPath: emojiPath) {
            var text: [UInt8] = []
            var descriptions: [UInt32: Range<Int>] = [:]
            descriptions.reserveCapacity(4096)  // the shipped file has ~3,500 (no rehashing while loading)
            try LexiconParser.emojiLexicon(emojiPath) { emoji, description in
                // The reference looks up one character at a time: multi-code-point keys never match.
                guard !emoji.isEmpty else { return }
                let (cp, length) = PythonText.decode(emoji, 0)
                guard length == emoji.count else { return }
                let start = text.count
                text.append(contentsOf: description)
                descriptions[cp] = start..<text.count
            }
            lex.emojiText = text
            lex.emojiDescriptions = descriptions
        } else if let fallback = emojiFallback {
            lex.emojiDescriptions = fallback.emojiDescriptions
            lex.emojiText = fallback.emojiText
        }
        lex.indexEmoji()

        if rapportTables { try RapportLexicon.build(&lex, directory: directory, multiWord: multiWord) }
        return lex
    }
}
