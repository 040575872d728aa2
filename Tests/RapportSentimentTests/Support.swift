import Foundation
import RapportSentiment

/// Lexicons loaded once from the repository checkout (located via #filePath, never Bundle.module).
enum Fixture {
    static let repoRoot: String = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().path

    static let lexicons: Lexicons = {
        do {
            return try Lexicons.load(dataDirectory: repoRoot)
        } catch {
            fatalError("lexicons failed to load: \(error)")
        }
    }()

    /// The compound score of `text` under `engine` (`nil` when the text gets no score).
    static func compound(_ text: String, _ engine: SentimentEngineKind) -> Double? {
        analyzer(engine).analyze(text).score?.compound
    }

    static func analyzer(_ engine: SentimentEngineKind) -> SentimentAnalyzer {
        do {
            return try SentimentAnalyzer(lexicons: lexicons, engine: engine)
        } catch {
            fatalError("analyzer: \(error)")
        }
    }
}
